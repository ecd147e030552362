/*
 * render_metrics.c - metrics.html and metrics.json.
 *
 * The page and the file are made from one JSON value (metrics_json), so
 * they cannot disagree; the charts are SVG nodes handed to the template
 * as fragments named "chart-KEY", each built when the template asks.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "render/routes.h"
#include "render/charts.h"
#include "parse/markdown.h"
#include "render/metrics_json.h"
#include "render/json_text.h"
#include "render/render_metrics.h"
#include "render/template.h"


/*
 * The charts of the page, built when the template asks for one. The
 * template copies a fragment into the page as soon as it has it
 * (template.h), so only the chart asked for last is kept: one chart's
 * nodes at a time besides the page, instead of every chart's (tens of MB
 * at a few thousand incidents, a dot per incident and duration).
 */
typedef struct chartset {
	const metrics *m;
	char **slugs;          /* class of each severity of m */
	xmlDocPtr doc;         /* the document of the charts' nodes */
	xmlNodePtr svg;        /* the chart kept, not linked, or NULL */
	char *name;            /* "chart-KEY" of the chart kept, or NULL */
	int failed;            /* libxml2 failed building a chart */
} chartset;

/* A strip plot of one distribution, in a single row "All". Returns as
 * chart_strip. */
static int
strip_one(xmlDocPtr doc, const char *id, const char *title,
    const distribution *d, xmlNodePtr *svg)
{
	chart_row row = { "All", NULL, d };

	return chart_strip(doc, id, title, &row, 1, svg);
}

/* The strip plot of duration k: all incidents, then each severity that
 * has incidents. Returns as chart_strip. */
static int
strip_duration(const chartset *cs, duration_kind k, const char *id,
    xmlNodePtr *svg)
{
	const metrics *m = cs->m;
	const metrics_block *b = &m->all;
	chart_row *rows = xcalloc(m->nsev + 1, sizeof(*rows));
	char *title = xasprintf("%s by severity", duration_label(k));
	size_t nrows = 0;
	int rc;

	rows[nrows++] = (chart_row){ "All", NULL, &b->dur[k] };
	for (size_t s = 0; s < m->nsev; s++)
		if (b->by_sev[s] > 0)
			rows[nrows++] = (chart_row){ m->sev[s], cs->slugs[s],
			    &b->dur_sev[k][s] };
	rc = chart_strip(cs->doc, id, title, rows, nrows, svg);
	free(title);
	free(rows);
	return rc;
}

/* The empirical CDF of duration k: all incidents, then each severity
 * that has incidents, one line each. Returns as chart_ecdf. */
static int
ecdf_duration(const chartset *cs, duration_kind k, const char *id,
    xmlNodePtr *svg)
{
	const metrics *m = cs->m;
	const metrics_block *b = &m->all;
	chart_row *rows = xcalloc(m->nsev + 1, sizeof(*rows));
	char *title = xasprintf("%s: share of incidents within each "
	    "duration, by severity", duration_label(k));
	size_t nrows = 0;
	int rc;

	rows[nrows++] = (chart_row){ "All", "all", &b->dur[k] };
	for (size_t s = 0; s < m->nsev; s++)
		if (b->dur_sev[k][s].n > 0)
			rows[nrows++] = (chart_row){ m->sev[s], cs->slugs[s],
			    &b->dur_sev[k][s] };
	rc = chart_ecdf(cs->doc, id, title, rows, nrows, svg);
	free(title);
	free(rows);
	return rc;
}

/* Incidents per month, stacked by severity. Returns as chart_stacked. */
static int
chart_months(const chartset *cs, xmlNodePtr *svg)
{
	const metrics *m = cs->m;
	const char **cats = xcalloc(m->nmonths + 1, sizeof(*cats));
	size_t *counts = xcalloc((m->nmonths + 1) * (m->nsev + 1),
	    sizeof(*counts));
	int rc;

	for (size_t i = 0; i < m->nmonths; i++) {
		cats[i] = m->months[i].month;
		for (size_t s = 0; s < m->nsev; s++)
			counts[i * m->nsev + s] = m->months[i].by_sev[s];
	}
	rc = chart_stacked(cs->doc, "chart-months",
	    "Incidents per month by severity", cats, m->nmonths,
	    (const char *const *)m->sev, (const char *const *)cs->slugs,
	    m->nsev, counts, svg);
	free(cats);
	free(counts);
	return rc;
}

/* Time to recover per quarter. Returns as chart_trend. */
static int
chart_quarters(const chartset *cs, xmlNodePtr *svg)
{
	const metrics *m = cs->m;
	const char **cats = xcalloc(m->nquarters + 1, sizeof(*cats));
	const distribution **dists = xcalloc(m->nquarters + 1,
	    sizeof(*dists));
	int rc;

	for (size_t i = 0; i < m->nquarters; i++) {
		cats[i] = m->quarters[i].name;
		dists[i] = &m->quarters[i].dur[DUR_RECOVER];
	}
	rc = chart_trend(cs->doc, "chart-trend",
	    "Time to recover per quarter", cats, dists, m->nquarters, svg);
	free(cats);
	free(dists);
	return rc;
}

/* The chart called name ("chart-detect", "chart-months", ...) as a new
 * unlinked <svg> of cs->doc in *svg, or NULL when there is no such chart
 * or nothing to draw. Returns 0, or -1 when libxml2 fails. */
static int
chart_build(const chartset *cs, const char *name, xmlNodePtr *svg)
{
	static const struct {
		const char *id, *title;
	} strips[] = {
		{ "chart-between_failures", "Time between failures" },
		{ "chart-time_to_fail", "Time to fail" },
		{ "chart-action_close", "Time to close an action item" },
		{ "chart-cadence", "Longest gap between updates" },
	};
	const metrics_block *b = &cs->m->all;
	const distribution *one[] = {
		&b->between_failures, &b->time_to_fail,
		&b->actions.time_to_close, &b->cadence.longest_gap,
	};

	*svg = NULL;
	if (strncmp(name, "chart-", 6) != 0)
		return 0;
	for (int k = 0; k < DUR_COUNT; k++) {
		if (strcmp(name + 6, duration_key(k)) == 0)
			return strip_duration(cs, k, name, svg);
		if (strncmp(name + 6, "ecdf-", 5) == 0 &&
		    strcmp(name + 11, duration_key(k)) == 0)
			return ecdf_duration(cs, k, name, svg);
	}
	for (size_t i = 0; i < sizeof(strips) / sizeof(strips[0]); i++)
		if (strcmp(name, strips[i].id) == 0)
			return strip_one(cs->doc, strips[i].id,
			    strips[i].title, one[i], svg);
	if (strcmp(name, "chart-months") == 0)
		return chart_months(cs, svg);
	if (strcmp(name, "chart-trend") == 0)
		return chart_quarters(cs, svg);
	return 0;
}

/* Drop the chart kept, if any. */
static void
chartset_drop(chartset *cs)
{
	xmlFreeNode(cs->svg);
	cs->svg = NULL;
	free(cs->name);
	cs->name = NULL;
}

/* Fragment lookup for the template: the chart called name, built now;
 * NULL when there is nothing to draw (or libxml2 failed: cs->failed). */
static xmlNodePtr
chart_fragment(void *ud, const char *name)
{
	chartset *cs = ud;

	if (cs->name != NULL && strcmp(cs->name, name) == 0)
		return cs->svg;
	chartset_drop(cs);
	if (chart_build(cs, name, &cs->svg) < 0) {
		cs->failed = 1;
		return NULL;
	}
	if (cs->svg != NULL)
		cs->name = xstrdup(name);
	/* a list of one node: an unlinked node has no siblings */
	return cs->svg;
}

/* Prepare the charts of m (kept by reference). Returns 0, or -1 when
 * libxml2 fails. */
static int
chartset_init(chartset *cs, const metrics *m)
{
	memset(cs, 0, sizeof(*cs));
	cs->m = m;
	cs->slugs = xcalloc(m->nsev ? m->nsev : 1, sizeof(*cs->slugs));
	for (size_t s = 0; s < m->nsev; s++)
		cs->slugs[s] = slugify(m->sev[s]);
	if ((cs->doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		return -1;
	/* element and attribute names are then shared, not copied for
	 * every dot of every chart; xmlFreeDoc frees the dictionary */
	if ((cs->doc->dict = xmlDictCreate()) == NULL)
		return -1;
	return 0;
}

/* Free the charts. NULL-safe members. */
static void
chartset_free(chartset *cs)
{
	chartset_drop(cs);
	for (size_t s = 0; cs->slugs != NULL && s < cs->m->nsev; s++)
		free(cs->slugs[s]);
	free(cs->slugs);
	if (cs->doc != NULL)
		xmlFreeDoc(cs->doc);
}

/* metrics.html in the layout, with the charts as fragments. Returns 0,
 * or -1 with findings. */
static int
write_page(const site *s, json_t *data, chartset *cs, output *o, diags *d)
{
	return render_write_page(s->ts->metrics, s->ts->layout, data,
	    chart_fragment, cs, o, ROUTE_METRICS, d);
}

int
render_metrics(const site *s, const metrics *m, output *o, diags *d)
{
	json_t *j = metrics_json(m), *data = NULL;
	chartset cs = { 0 };
	char *text;
	int rc = -1;

	/* the text goes before the page is built: it is as large as the
	 * page's HTML */
	if ((text = json_text(j)) == NULL) {
		diags_add(d, "metrics.json", 0, 0, DIAG_ERROR, "render",
		    "cannot write the metrics as JSON");
		goto out;
	}
	rc = output_write(o, ROUTE_METRICS_JSON, text, strlen(text), d);
	free(text);
	if (rc < 0)
		goto out;
	rc = -1;
	if (chartset_init(&cs, m) < 0) {
		diags_add(d, "metrics.html", 0, 0, DIAG_ERROR, "render",
		    "cannot build the charts");
		goto out;
	}
	/* the keys every page gets (docs/templates.md), then the figures */
	data = render_page_data(s->cfg, s->opts, "", "Metrics");
	json_object_set(data, "metrics", j);
	rc = write_page(s, data, &cs, o, d);
	if (cs.failed) {
		diags_add(d, "metrics.html", 0, 0, DIAG_ERROR, "render",
		    "cannot build the charts");
		rc = -1;
	}
out:
	chartset_free(&cs);
	json_decref(data);
	json_decref(j);
	return rc;
}
