/*
 * page.c - what every page of the site is made with: the template set,
 * the data every page gets, and a page written through its layout.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/tree.h>

#include "lib/files.h"
#include "render/page.h"
#include "templates_gen.h"

#define TEMPLATE_MAX_BYTES (1024 * 1024)

/* The templates of one build. */
char *
render_template_text(const char *root, const char *name, size_t *len, char **from,
    diags *d)
{
	char *path = xasprintf("%s/templates/%s", root, name);
	char *dir = xasprintf("%s/templates", root);
	char *text = NULL;
	struct stat st;
	bool linked = lstat(dir, &st) == 0 && S_ISLNK(st.st_mode);

	free(dir);
	*from = xasprintf("templates/%s", name);
	/* read_file refuses a linked file; a linked directory would still
	 * lead out of the repository, so it is not read at all */
	if (linked) {
		diags_add(d, "templates", 0, 0, DIAG_WARNING, "file-skipped",
		    "templates/ is a symbolic link and is not followed; using "
		    "the built-in templates");
		free(path);
		goto builtin;
	}
	if (read_file(path, TEMPLATE_MAX_BYTES, &text, len) == 0) {
		free(path);
		return text;
	}
	if (errno != ENOENT) {
		diags_add(d, *from, 0, 0, DIAG_ERROR, "template",
		    "cannot read: %s", strerror(errno));
		free(path);
		return NULL;
	}
	free(path);
builtin:
	for (const struct embedded_file *e = embedded_files; e->name; e++)
		if (strcmp(e->name, name) == 0) {
			free(*from);
			*from = xasprintf("(built-in) %s", name);
			*len = e->len;
			return xstrndup(e->data, e->len);
		}
	diags_add(d, *from, 0, 0, DIAG_ERROR, "template",
	    "no such template");
	return NULL;
}

template *
render_template(const char *root, const char *name, diags *d)
{
	size_t len;
	char *from = NULL;
	char *text = render_template_text(root, name, &len, &from, d);
	template *t = text ? template_parse(from, text, len, d) : NULL;

	free(text);
	free(from);
	return t;
}

/* Parse template name into *t. Returns 0 or -1. */
static int
load_one(const char *root, const char *name, template **t, diags *d)
{
	*t = render_template(root, name, d);
	return *t ? 0 : -1;
}

void
tmplset_free(tmplset *ts)
{
	template_free(ts->layout);
	template_free(ts->index);
	template_free(ts->incident);
	template_free(ts->service);
	template_free(ts->tag);
	template_free(ts->followups);
	template_free(ts->handbook);
	template_free(ts->not_found);
	template_free(ts->metrics);
	free(ts->style);
	free(ts->script);
}

int
tmplset_load(tmplset *ts, const char *root, diags *d)
{
	char *from = NULL;
	int rc = 0;

	memset(ts, 0, sizeof(*ts));
	rc |= load_one(root, "layout.html", &ts->layout, d);
	rc |= load_one(root, "index.html", &ts->index, d);
	rc |= load_one(root, "incident.html", &ts->incident, d);
	rc |= load_one(root, "service.html", &ts->service, d);
	rc |= load_one(root, "tag.html", &ts->tag, d);
	rc |= load_one(root, "followups.html", &ts->followups, d);
	rc |= load_one(root, "handbook.html", &ts->handbook, d);
	rc |= load_one(root, "404.html", &ts->not_found, d);
	rc |= load_one(root, "metrics.html", &ts->metrics, d);
	ts->style = render_template_text(root, "style.css", &ts->stylelen, &from, d);
	free(from);
	from = NULL;
	ts->script = render_template_text(root, "site.js", &ts->scriptlen, &from, d);
	free(from);
	if (ts->style == NULL || ts->script == NULL)
		rc = -1;
	return rc ? -1 : 0;
}

json_t *
render_page_data(const config *cfg, const render_opts *opts, const char *root,
    const char *title)
{
	char tb[64];

	return json_pack("{s:{s:s,s:s,s:s,s:s,s:b},s:s,s:s}",
	    "site", "title", cfg->title, "base_url", cfg->base_url,
	    /* by day, as overdue marks are: a rebuild the same day leaves
	     * every unchanged page as it was */
	    "as_of", time_format(opts->now, TIME_DATE, tb, sizeof(tb)),
	    "timezone", cfg->timezone, "public", opts->public,
	    "root", root, "title", title);
}

int
render_write_frags(const template *t, const template *layout, json_t *data,
    const template_frags *frags, output *o, const char *relpath, diags *d)
{
	buf html = { 0 };
	int rc = -1;

	if (template_render(t, layout, data, frags, &html, d) < 0)
		goto out;
	rc = output_write(o, relpath, html.data, html.len, d);
out:
	buf_free(&html);
	return rc;
}

int
render_write_page(const template *t, const template *layout, json_t *data,
    template_fragment_fn frag, void *ud, output *o, const char *relpath,
    diags *d)
{
	template_frags f = { NULL, frag, ud };

	return render_write_frags(t, layout, data, &f, o, relpath, d);
}

int
site_write_page(site *s, const template *t, json_t *data,
    template_fragment_fn frag, void *ud, output *o, const char *relpath,
    diags *d)
{
	if (render_write_page(t, s->ts->layout, data, frag, ud, o, relpath,
	    d) < 0)
		return -1;
	strlist_add(&s->written, relpath);
	return 0;
}

json_t *
site_incident_ref(const json_t *p)
{
	const json_t *st = json_object_get(json_object_get(p, "times"),
	    "started");

	/* copies, not shared values: pages are rendered on two threads,
	 * and a reference must not share reference counts with the
	 * incident another thread is rendering */
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
	    "id", json_deep_copy(json_object_get(p, "id")),
	    "title", json_deep_copy(json_object_get(p, "title")),
	    "url", json_deep_copy(json_object_get(p, "url")),
	    "severity", json_deep_copy(json_object_get(p, "severity")),
	    "severity_class", json_deep_copy(json_object_get(p,
	    "severity_class")),
	    "status", json_deep_copy(json_object_get(p, "status")),
	    "summary", json_deep_copy(json_object_get(p, "summary")),
	    "date", st ? json_deep_copy(json_object_get(st, "date")) :
	    json_null());
}

