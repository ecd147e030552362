/*
 * render_metrics.c - metrics.html and metrics.json.
 *
 * The page and the file are made from one JSON value (metrics_json), so
 * they cannot disagree; the charts are built beforehand as SVG nodes and
 * handed to the template as fragments named "chart-KEY".
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "charts.h"
#include "markdown.h"
#include "render_metrics.h"
#include "template.h"


/* The charts of the page: each held by a <div> of one document, so that
 * freeing the document frees them all. */
typedef struct chartset {
	xmlDocPtr doc;
	xmlNodePtr root;
	char **names;
	xmlNodePtr *holders;
	size_t n;
} chartset;

/* Fragment lookup for the template: the chart called name. */
static xmlNodePtr
chart_fragment(void *ud, const char *name)
{
	chartset *cs = ud;

	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->names[i], name) == 0)
			return cs->holders[i]->children;
	return NULL;
}

/* Keep chart svg (NULL: nothing to draw) under name. Returns 0, or -1
 * when libxml2 fails (svg is then freed). */
static int
chartset_add(chartset *cs, const char *name, xmlNodePtr svg)
{
	xmlNodePtr holder;

	if (svg == NULL)
		return 0;
	if ((holder = xmlNewDocNode(cs->doc, NULL, BAD_CAST "div",
	    NULL)) == NULL || xmlAddChild(cs->root, holder) == NULL) {
		xmlFreeNode(holder);
		xmlFreeNode(svg);
		return -1;
	}
	if (xmlAddChild(holder, svg) == NULL) {
		xmlFreeNode(svg);
		return -1;
	}
	cs->names = xrealloc(cs->names, (cs->n + 1) * sizeof(*cs->names));
	cs->holders = xrealloc(cs->holders,
	    (cs->n + 1) * sizeof(*cs->holders));
	cs->names[cs->n] = xasprintf("chart-%s", name);
	cs->holders[cs->n] = holder;
	cs->n++;
	return 0;
}

/* Free the charts. NULL-safe members. */
static void
chartset_free(chartset *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free(cs->names[i]);
	free(cs->names);
	free(cs->holders);
	if (cs->doc != NULL)
		xmlFreeDoc(cs->doc);
}

/* A strip plot of one distribution, in a single row "All". */
static int
add_strip_one(chartset *cs, const char *key, const char *title,
    const distribution *d)
{
	chart_row row = { "All", NULL, d };
	char *id = xasprintf("chart-%s", key);
	xmlNodePtr svg;
	int rc;

	rc = chart_strip(cs->doc, id, title, &row, 1, &svg);
	free(id);
	if (rc == 0)
		rc = chartset_add(cs, key, svg);
	return rc;
}

/* Every chart of the page. Returns 0, or -1 when libxml2 fails. */
static int
build_charts(chartset *cs, const metrics *m)
{
	const metrics_block *b = &m->all;
	size_t nsev = m->nsev;
	chart_row *rows = xcalloc(nsev + 1, sizeof(*rows));
	char **slugs = xcalloc(nsev, sizeof(*slugs));
	const char **cats = NULL;
	const distribution **dists = NULL;
	size_t *counts = NULL;
	xmlNodePtr svg;
	int rc = -1;

	if ((cs->doc = xmlNewDoc(BAD_CAST "1.0")) == NULL ||
	    (cs->root = xmlNewDocNode(cs->doc, NULL, BAD_CAST "div",
	    NULL)) == NULL)
		goto out;
	xmlDocSetRootElement(cs->doc, cs->root);
	for (size_t s = 0; s < nsev; s++)
		slugs[s] = slugify(m->sev[s]);

	for (int k = 0; k < DUR_COUNT; k++) {
		size_t nrows = 0;
		char *id = xasprintf("chart-%s", duration_key(k));
		char *title = xasprintf("%s by severity",
		    duration_label(k));
		int crc;

		rows[nrows++] = (chart_row){ "All", NULL, &b->dur[k] };
		for (size_t s = 0; s < nsev; s++)
			if (b->by_sev[s] > 0)
				rows[nrows++] = (chart_row){ m->sev[s],
				    slugs[s], &b->dur_sev[k][s] };
		crc = chart_strip(cs->doc, id, title, rows, nrows, &svg);
		free(id);
		free(title);
		if (crc < 0 || chartset_add(cs, duration_key(k), svg) < 0)
			goto out;
	}
	if (add_strip_one(cs, "between_failures", "Time between failures",
	    &b->between_failures) < 0 ||
	    add_strip_one(cs, "time_to_fail", "Time to fail",
	    &b->time_to_fail) < 0 ||
	    add_strip_one(cs, "action_close", "Time to close an action item",
	    &b->actions.time_to_close) < 0 ||
	    add_strip_one(cs, "cadence", "Longest gap between updates",
	    &b->cadence.longest_gap) < 0)
		goto out;

	cats = xcalloc(m->nmonths + 1, sizeof(*cats));
	counts = xcalloc((m->nmonths + 1) * (nsev + 1), sizeof(*counts));
	for (size_t i = 0; i < m->nmonths; i++) {
		cats[i] = m->months[i].month;
		for (size_t s = 0; s < nsev; s++)
			counts[i * nsev + s] = m->months[i].by_sev[s];
	}
	if (chart_stacked(cs->doc, "chart-months",
	    "Incidents per month by severity", cats, m->nmonths,
	    (const char *const *)m->sev, (const char *const *)slugs, nsev,
	    counts, &svg) < 0 || chartset_add(cs, "months", svg) < 0)
		goto out;

	free(cats);
	cats = xcalloc(m->nquarters + 1, sizeof(*cats));
	dists = xcalloc(m->nquarters + 1, sizeof(*dists));
	for (size_t i = 0; i < m->nquarters; i++) {
		cats[i] = m->quarters[i].name;
		dists[i] = &m->quarters[i].dur[DUR_RECOVER];
	}
	if (chart_trend(cs->doc, "chart-trend",
	    "Time to recover per quarter", cats, dists, m->nquarters,
	    &svg) < 0 || chartset_add(cs, "trend", svg) < 0)
		goto out;
	rc = 0;
out:
	for (size_t s = 0; s < nsev; s++)
		free(slugs[s]);
	free(slugs);
	free(rows);
	free(cats);
	free(dists);
	free(counts);
	return rc;
}

/* metrics.html in the layout, with the charts as fragments. Returns 0,
 * or -1 with findings. */
static int
write_page(const render_opts *opts, json_t *data, chartset *cs, output *o,
    diags *d)
{
	template *layout = NULL, *page = NULL;
	int rc = -1;

	if ((layout = render_template(opts->repo_root, "layout.html", d)) ==
	    NULL || (page = render_template(opts->repo_root, "metrics.html",
	    d)) == NULL)
		goto out;
	rc = render_write_page(page, layout, data, chart_fragment, cs, o,
	    "metrics.html", d);
out:
	template_free(page);
	template_free(layout);
	return rc;
}

int
render_metrics(archive *a, timeline *const *tl, const config *cfg,
    const render_opts *opts, output *o, diags *d)
{
	metrics *m = metrics_compute(a->v, tl, a->n, cfg, NULL, opts->now);
	json_t *j = metrics_json(m), *data = NULL;
	chartset cs = { 0 };
	char *text = NULL;
	int rc = -1;

	if ((text = metrics_json_text(j)) == NULL) {
		diags_add(d, "metrics.json", 0, 0, DIAG_ERROR, "render",
		    "cannot write the metrics as JSON");
		goto out;
	}
	if (output_write(o, "metrics.json", text, strlen(text), d) < 0)
		goto out;
	if (build_charts(&cs, m) < 0) {
		diags_add(d, "metrics.html", 0, 0, DIAG_ERROR, "render",
		    "cannot build the charts");
		goto out;
	}
	/* the keys every page gets (docs/templates.md), then the figures */
	data = render_page_data(cfg, opts, "", "Metrics");
	json_object_set(data, "metrics", j);
	rc = write_page(opts, data, &cs, o, d);
out:
	chartset_free(&cs);
	json_decref(data);
	json_decref(j);
	free(text);
	metrics_free(m);
	return rc;
}
