/*
 * render_metrics.h - the metrics page (metrics.html, with inline SVG
 * charts) and metrics.json.
 */
#ifndef AM_RENDER_METRICS_H
#define AM_RENDER_METRICS_H

#include "lib/diag.h"
#include "metrics/metrics.h"
#include "output/output.h"
#include "render/page.h"

/*
 * Write metrics.html (templates/metrics.html in templates/layout.html)
 * and metrics.json into o: the figures m of the archive of s (the
 * pipeline computed them). Returns 0, or -1 with findings.
 */
int render_metrics(const site *s, const metrics *m, output *o, diags *d);

#endif
