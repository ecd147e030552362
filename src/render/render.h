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
#include "render/template.h"

typedef struct render_opts {
	const char *repo_root; /* where templates/ overrides are looked up */
	int64_t now;           /* "as of" time for overdue marks */
	/* called after each incident page with (arg, done, total); may be
	 * NULL */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
	bool public;           /* a public edition (src/redact/redact.h): names
	                          become roles, internal fields are dropped */
} render_opts;

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

/* The text of template name (also style.css, site.js, incident.md): the
 * repository's templates/NAME when it exists, else the built-in one. Sets
 * *len, and *from to the name for messages ("templates/NAME" or
 * "(built-in) NAME"; the caller frees it). Returns a new string (the
 * caller frees it), or NULL with a "template" finding. */
char *render_template_text(const char *repo_root, const char *name,
    size_t *len, char **from, diags *d);

/* Parse the template name: the repository's templates/NAME when it
 * exists, else the built-in one. Returns NULL with a finding. */
template *render_template(const char *repo_root, const char *name,
    diags *d);

/* The data every page gets (docs/templates.md): site, root (the path back
 * to the site root: "", "../", or the base URL on the 404 page), title.
 * The caller owns the result. */
json_t *render_page_data(const config *cfg, const render_opts *opts,
    const char *root, const char *title);

/* Render t inside layout (may be NULL) with data and write it to relpath
 * in o. frag and ud serve data-am-html (frag may be NULL). Returns 0 or -1
 * with findings. */
int render_write_page(const template *t, const template *layout,
    json_t *data, template_fragment_fn frag, void *ud, output *o,
    const char *relpath, diags *d);

#endif
