/*
 * render.c - pages from templates and the JSON form of the model.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "export.h"
#include "mdhtml.h"
#include "render.h"
#include "render_metrics.h"
#include "template.h"
#include "templates_gen.h"

#define TEMPLATE_MAX_BYTES (1024 * 1024)

/* The templates of one build. */
typedef struct tmplset {
	template *layout, *index, *incident;
	char *style;           /* the stylesheet text */
	size_t stylelen;
} tmplset;

/*
 * The text of template name: the repository's templates/NAME when it
 * exists, else the built-in default. Sets *from to the name to use in
 * messages. Returns a new string (the caller frees it), or NULL with a
 * finding.
 */
static char *
template_text(const char *root, const char *name, size_t *len, char **from,
    diags *d)
{
	char *path = xasprintf("%s/templates/%s", root, name);
	char *text = NULL;

	*from = xasprintf("templates/%s", name);
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
	char *text = template_text(root, name, &len, &from, d);
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

static void
tmplset_free(tmplset *ts)
{
	template_free(ts->layout);
	template_free(ts->index);
	template_free(ts->incident);
	free(ts->style);
}

static int
tmplset_load(tmplset *ts, const char *root, diags *d)
{
	char *from = NULL;
	int rc = 0;

	memset(ts, 0, sizeof(*ts));
	rc |= load_one(root, "layout.html", &ts->layout, d);
	rc |= load_one(root, "index.html", &ts->index, d);
	rc |= load_one(root, "incident.html", &ts->incident, d);
	ts->style = template_text(root, "style.css", &ts->stylelen, &from, d);
	free(from);
	if (ts->style == NULL)
		rc = -1;
	return rc ? -1 : 0;
}

json_t *
render_page_data(const config *cfg, const render_opts *opts, const char *root,
    const char *title)
{
	char tb[64];

	return json_pack("{s:{s:s,s:s,s:s,s:s},s:s,s:s}",
	    "site", "title", cfg->title, "base_url", cfg->base_url,
	    "as_of", time_format(opts->now, TIME_SHOW, tb, sizeof(tb)),
	    "timezone", cfg->timezone,
	    "root", root, "title", title);
}

int
render_write_page(const template *t, const template *layout, json_t *data,
    template_fragment_fn frag, void *ud, output *o, const char *relpath,
    diags *d)
{
	xmlDocPtr doc = template_render(t, layout, data, frag, ud, d);
	char *html = NULL;
	size_t len;
	int rc = -1;

	if (doc == NULL)
		goto out;
	if (template_serialize(doc, &html, &len) < 0) {
		diags_add(d, relpath, 0, 0, DIAG_ERROR, "render",
		    "cannot serialise the page");
		goto out;
	}
	rc = output_write(o, relpath, html, len, d);
out:
	free(html);
	xmlFreeDoc(doc);
	return rc;
}

/* The body fragment of an incident page. */
struct body_frag {
	xmlNodePtr holder;     /* a <div> whose children are the body */
};

static xmlNodePtr
body_fragment(void *ud, const char *name)
{
	struct body_frag *bf = ud;

	if (strcmp(name, "body") == 0 && bf->holder != NULL)
		return bf->holder->children;
	return NULL;
}

/* Newest first; incidents without a start time last, then by id. */
static int
cmp_newest(const void *pa, const void *pb)
{
	const record *a = *(record *const *)pa, *b = *(record *const *)pb;
	const am_time *ta = &a->times[PHASE_STARTED];
	const am_time *tb = &b->times[PHASE_STARTED];

	if (ta->set != tb->set)
		return ta->set ? -1 : 1;
	if (ta->set && ta->t != tb->t)
		return ta->t > tb->t ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int
render_incident(const tmplset *ts, record *r, json_t *inc, const config *cfg,
    const render_opts *opts, output *o, diags *d)
{
	xmlDocPtr tmp = xmlNewDoc(BAD_CAST "1.0");
	struct body_frag bf = { NULL };
	json_t *data = render_page_data(cfg, opts, "../", r->title ? r->title : r->id);
	char *relpath = xasprintf("incidents/%s.html", r->id);
	int rc = -1;

	bf.holder = xmlNewDocNode(tmp, NULL, BAD_CAST "div", NULL);
	xmlDocSetRootElement(tmp, bf.holder);
	if (r->doc != NULL && mdhtml_render(r, bf.holder, d) < 0)
		goto out;
	json_object_set(data, "incident", inc);
	rc = render_write_page(ts->incident, ts->layout, data, body_fragment,
	    &bf, o, relpath, d);
out:
	record_release_body(r);
	json_decref(data);
	xmlFreeDoc(tmp);
	free(relpath);
	return rc;
}

int
render_site(archive *a, const config *cfg, const render_opts *opts,
    output *o, diags *d)
{
	tmplset ts;
	record **order = xcalloc(a->n ? a->n : 1, sizeof(*order));
	timeline **tl = xcalloc(a->n ? a->n : 1, sizeof(*tl));
	size_t n = 0;
	json_t *list = json_array(), *data = NULL;
	int rc = -1;

	if (tmplset_load(&ts, opts->repo_root, d) < 0)
		goto out;
	/* timelines are small and the metrics need them all; bodies are
	 * large and each is dropped once its page is written */
	for (size_t i = 0; i < a->n; i++)
		if (!a->v[i]->failed) {
			order[n] = a->v[i];
			n++;
		}
	qsort(order, n, sizeof(*order), cmp_newest);
	for (size_t i = 0; i < n; i++) {
		json_t *inc;

		tl[i] = timeline_build(order[i], opts->history, cfg);
		inc = export_incident(order[i], tl[i], cfg, opts->now);
		json_array_append_new(list, inc);
		if (render_incident(&ts, order[i], inc, cfg, opts, o, d) < 0)
			goto out;
	}
	data = render_page_data(cfg, opts, "", "Incidents");
	json_object_set(data, "incidents", list);
	if (render_write_page(ts.index, ts.layout, data, NULL, NULL, o,
	    "index.html", d) < 0)
		goto out;
	if (output_write(o, "style.css", ts.style, ts.stylelen, d) < 0)
		goto out;
	{
		/* the metrics page reads the records in archive order */
		archive sorted = { order, n };

		if (render_metrics(&sorted, tl, cfg, opts, o, d) < 0)
			goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		timeline_free(tl[i]);
	free(tl);
	json_decref(data);
	json_decref(list);
	tmplset_free(&ts);
	free(order);
	return rc;
}
