/*
 * render_metrics.h - the metrics page (metrics.html, with inline SVG
 * charts) and metrics.json.
 */
#ifndef AM_RENDER_METRICS_H
#define AM_RENDER_METRICS_H

#include "model/config.h"
#include "lib/diag.h"
#include "load/load.h"
#include "metrics/metrics.h"
#include "output/output.h"
#include "render/render.h"

/*
 * Write metrics.html (templates/metrics.html in templates/layout.html)
 * and metrics.json into o, over every record of a that is not failed.
 * tl is NULL when there is no history, else one timeline per record of
 * a, in the same order (each may be NULL); derived times come from it.
 * It reads only front matter, timeline entries and action items, which
 * record_release_tree keeps, so it may run after the incident pages.
 * Returns 0, or -1 with findings.
 */
int render_metrics(archive *a, timeline *const *tl, const config *cfg,
    const render_opts *opts, output *o, diags *d);

#endif
