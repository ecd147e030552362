/*
 * render.h - the render stage: the model through templates into pages.
 */
#ifndef AM_RENDER_H
#define AM_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "model/config.h"
#include "lib/diag.h"
#include "pipeline/pipeline.h"
#include "output/output.h"
#include "render/page.h"

/*
 * Render the site model m (pipeline/pipeline.h) into o: the pages and
 * files listed in docs/templates.md (index, one page per incident,
 * service and tag, follow-ups, handbook, metrics, 404, the feed and the
 * exports). Each record's page shows its findings at the configured
 * levels. Each record's body tree is parsed again from its text for its
 * page and released once the page is written. Incident pages are made on
 * two threads when the process may use two processors; the output does
 * not depend on it. Returns 0, or -1 with findings in d.
 */
int render_site(const site_model *m, const render_opts *opts, output *o,
    diags *d);

#endif
