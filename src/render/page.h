/*
 * page.h - what every page of the site is made with (internal to the
 * render stage): the templates, loaded once per build; the data every
 * page gets; and the site being written, which the page makers share.
 */
#ifndef AM_PAGE_H
#define AM_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "history/timeline.h"
#include "lib/diag.h"
#include "model/config.h"
#include "model/record.h"
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

/* The templates of one build, each parsed once. */
typedef struct tmplset {
	template *layout, *index, *incident, *service, *tag, *followups,
	    *handbook, *not_found, *metrics;
	char *style;           /* the stylesheet text */
	size_t stylelen;
	char *script;          /* site.js */
	size_t scriptlen;
} tmplset;

/* Read every template the build needs into ts (zeroed first). Returns
 * 0, or -1 with findings (ts must be freed either way). */
int tmplset_load(tmplset *ts, const char *root, diags *d);
/* Free the templates; NULL members are fine. */
void tmplset_free(tmplset *ts);

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
 * in o; frags (may be NULL) serve data-am-html. Returns 0 or -1 with
 * findings. */
int render_write_frags(const template *t, const template *layout,
    json_t *data, const template_frags *frags, output *o,
    const char *relpath, diags *d);

/* render_write_frags with node fragments only: frag and ud serve
 * data-am-html (frag may be NULL). */
int render_write_page(const template *t, const template *layout,
    json_t *data, template_fragment_fn frag, void *ud, output *o,
    const char *relpath, diags *d);

/* What every page of one build reads. */
typedef struct site {
	const config *cfg;
	const render_opts *opts;
	const tmplset *ts;      /* every template, loaded once */
	record **rec;          /* the incidents, newest first */
	timeline **tl;         /* their timelines, same order */
	json_t *pages;         /* their JSON as pages see it, same order */
	size_t n;
	strlist written;       /* HTML pages written, for sitemap.xml */
} site;

/* Render t in the layout with data to relpath (render_write_page) and
 * remember the page for the sitemap. Returns 0 or -1 with findings. */
int site_write_page(site *s, const template *t, json_t *data,
    template_fragment_fn frag, void *ud, output *o, const char *relpath,
    diags *d);
/* A short reference to the incident page object p, for lists that must
 * not hold the whole incident (related incidents, previous and next):
 * {id, title, url, severity, severity_class, status, date, summary},
 * copies that share nothing with p (pages render on two threads). The
 * caller owns it. */
json_t *site_incident_ref(const json_t *p);

#endif
