/*
 * render.h - the render stage: the model through templates into pages.
 */
#ifndef AM_RENDER_H
#define AM_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "load.h"
#include "output.h"

typedef struct render_opts {
	const char *repo_root; /* where templates/ overrides are looked up */
	int64_t now;           /* "as of" time for overdue marks */
} render_opts;

/*
 * Render the archive a (records with failed set are left out) into o:
 * index.html, incidents/ID.html for each record, style.css. Each record's
 * body tree is released once its page is written. Returns 0, or -1 with
 * findings.
 */
int render_site(archive *a, const config *cfg, const render_opts *opts,
    output *o, diags *d);

#endif
