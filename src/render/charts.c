/*
 * charts.c - inline SVG charts as libxml2 nodes.
 */
#include <stdio.h>
#include <string.h>

#include "render/charts.h"

/* The stretched duration axis; see charts.h. */
static const struct {
	int64_t secs;
	const char *label;
} ticks[] = {
	{ 0, "0" }, { 60, "1m" }, { 900, "15m" }, { 3600, "1h" },
	{ 14400, "4h" }, { 86400, "1d" }, { 604800, "1w" },
	{ 2592000, "30d" }, { 31536000, "1y" }, { 157680000, "5y" },
};

#define NTICKS (sizeof(ticks) / sizeof(ticks[0]))

/* Chart geometry, in viewBox units. */
#define WIDTH      640
#define LABEL_W    130        /* left margin for row labels and y ticks */
#define RIGHT_PAD  24
#define TOP_PAD    12
#define ROW_H      32
#define PLOT_H     180        /* bars and trend */

/*
 * A chart being built. Every helper does nothing once one libxml2 call
 * has failed, so a chart is built straight through and checked once at
 * the end.
 */
typedef struct svgw {
	xmlDocPtr doc;
	xmlNodePtr svg;
	buf desc;              /* the text alternative */
	int failed;
} svgw;

/* A new child element name of parent, or NULL after a failure. */
static xmlNodePtr
el(svgw *w, xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;

	if (w->failed || parent == NULL)
		return NULL;
	if ((n = xmlNewDocNode(w->doc, NULL, BAD_CAST name, NULL)) == NULL) {
		w->failed = 1;
		return NULL;
	}
	if (xmlAddChild(parent, n) == NULL) {
		xmlFreeNode(n);
		w->failed = 1;
		return NULL;
	}
	return n;
}

/* Set attribute name of n to value. */
static void
attr(svgw *w, xmlNodePtr n, const char *name, const char *value)
{
	if (w->failed || n == NULL)
		return;
	if (xmlSetProp(n, BAD_CAST name, BAD_CAST value) == NULL)
		w->failed = 1;
}

/* Append s to n as a text node: labels are never parsed as markup. */
static void
text(svgw *w, xmlNodePtr n, const char *s)
{
	xmlNodePtr t;

	if (w->failed || n == NULL)
		return;
	if ((t = xmlNewDocText(w->doc, BAD_CAST s)) == NULL) {
		w->failed = 1;
		return;
	}
	if (xmlAddChild(n, t) == NULL) {
		xmlFreeNode(t);
		w->failed = 1;
	}
}

/* x >= 0 with one decimal, trailing ".0" dropped, in bytes that never
 * depend on the locale. Returns b. */
static char *
num(double x, char *b, size_t n)
{
	long v = (long)(x * 10 + (x < 0 ? -0.5 : 0.5));
	long a = v < 0 ? -v : v;

	if (a % 10 == 0)
		snprintf(b, n, "%s%ld", v < 0 ? "-" : "", a / 10);
	else
		snprintf(b, n, "%s%ld.%ld", v < 0 ? "-" : "", a / 10, a % 10);
	return b;
}

/* Set attribute name to the number x. */
static void
attr_num(svgw *w, xmlNodePtr n, const char *name, double x)
{
	char b[32];

	attr(w, n, name, num(x, b, sizeof(b)));
}

/* A child element with a class, or NULL after a failure. */
static xmlNodePtr
el_class(svgw *w, xmlNodePtr parent, const char *name, const char *cls)
{
	xmlNodePtr n = el(w, parent, name);

	attr(w, n, "class", cls);
	return n;
}

/* A <line> of class cls from (x1, y1) to (x2, y2). */
static void
line(svgw *w, xmlNodePtr parent, const char *cls, double x1, double y1,
    double x2, double y2)
{
	xmlNodePtr n = el_class(w, parent, "line", cls);

	attr_num(w, n, "x1", x1);
	attr_num(w, n, "y1", y1);
	attr_num(w, n, "x2", x2);
	attr_num(w, n, "y2", y2);
}

/* A <text> at x, y; anchor is "start", "middle" or "end". */
static void
label(svgw *w, xmlNodePtr parent, const char *cls, double x, double y,
    const char *anchor, const char *s)
{
	xmlNodePtr n = el_class(w, parent, "text", cls);

	attr_num(w, n, "x", x);
	attr_num(w, n, "y", y);
	attr(w, n, "text-anchor", anchor);
	text(w, n, s);
}

/* Start a chart: the <svg> with its size, role and labels. The desc text
 * is collected in w->desc and written by svg_end. */
static void
svg_begin(svgw *w, xmlDocPtr doc, const char *id, const char *title,
    const char *cls, int height)
{
	char *tid = xasprintf("%s-title", id);
	char *did = xasprintf("%s-desc", id);
	char *both = xasprintf("%s %s", tid, did);
	char *box = xasprintf("0 0 %d %d", WIDTH, height);
	xmlNodePtr t;

	memset(w, 0, sizeof(*w));
	w->doc = doc;
	if ((w->svg = xmlNewDocNode(doc, NULL, BAD_CAST "svg", NULL)) == NULL)
		w->failed = 1;
	attr(w, w->svg, "class", cls);
	attr(w, w->svg, "id", id);
	attr(w, w->svg, "role", "img");
	attr(w, w->svg, "aria-labelledby", both);
	attr(w, w->svg, "viewBox", box);
	/* scales with the page; the ratio comes from the viewBox */
	attr(w, w->svg, "width", "100%");
	attr(w, w->svg, "preserveAspectRatio", "xMinYMin meet");
	t = el(w, w->svg, "title");
	attr(w, t, "id", tid);
	text(w, t, title);
	free(tid);
	free(did);
	free(both);
	free(box);
}

/* Finish a chart: write the desc. Returns 0 and sets *out, or -1. */
static int
svg_end(svgw *w, const char *id, xmlNodePtr *out)
{
	char *did = xasprintf("%s-desc", id);
	xmlNodePtr d = NULL;

	if (!w->failed && (d = xmlNewDocNode(w->doc, NULL, BAD_CAST "desc",
	    NULL)) == NULL)
		w->failed = 1;
	attr(w, d, "id", did);
	text(w, d, w->desc.data ? w->desc.data : "");
	/* right after the title, where a reader looks first; svg_begin
	 * made the title the first child */
	if (!w->failed) {
		if (xmlAddNextSibling(w->svg->children, d) == NULL)
			w->failed = 1;
		else
			d = NULL;      /* the svg owns it now */
	}
	free(did);
	buf_free(&w->desc);
	xmlFreeNode(d);
	if (w->failed) {
		xmlFreeNode(w->svg);
		*out = NULL;
		return -1;
	}
	*out = w->svg;
	return 0;
}

/* The number of axis steps needed to show max (at least 2). */
static size_t
axis_steps(int64_t max)
{
	size_t k = 2;

	while (k < NTICKS - 1 && ticks[k].secs < max)
		k++;
	return k;
}

/* Position of s on an axis of steps steps from 0 to len. */
static double
axis_pos(int64_t s, size_t steps, double len)
{
	double step = len / (double)steps;

	if (s <= 0)
		return 0;
	for (size_t k = 1; k <= steps; k++)
		if (s <= ticks[k].secs)
			return step * ((double)(k - 1) +
			    (double)(s - ticks[k - 1].secs) /
			    (double)(ticks[k].secs - ticks[k - 1].secs));
	/* beyond the axis: clamp; the desc has the real number */
	return len;
}

/* "median 12m, p90 2h, min 0s, max 3h" of d into b. */
static void
desc_figures(buf *b, const distribution *d)
{
	char t1[64], t2[64], t3[64], t4[64];

	buf_addf(b, "%zu measured, median %s, p90 %s, min %s, max %s", d->n,
	    duration_format(d->median, t1, sizeof(t1)),
	    duration_format(d->p90, t2, sizeof(t2)),
	    duration_format(d->min, t3, sizeof(t3)),
	    duration_format(d->max, t4, sizeof(t4)));
}

/* A small legend entry: a mark drawn by the caller's class, then s. */
static void
legend_mark(svgw *w, xmlNodePtr g, const char *shape, const char *cls,
    double x, double y, const char *s)
{
	xmlNodePtr n;

	if (strcmp(shape, "circle") == 0) {
		n = el_class(w, g, "circle", cls);
		attr_num(w, n, "cx", x + 5);
		attr_num(w, n, "cy", y - 4);
		attr(w, n, "r", "3.5");
	} else if (strcmp(shape, "rect") == 0) {
		n = el_class(w, g, "rect", cls);
		attr_num(w, n, "x", x);
		attr_num(w, n, "y", y - 9);
		attr(w, n, "width", "10");
		attr(w, n, "height", "10");
	} else
		line(w, g, cls, x + 5, y - 10, x + 5, y + 2);
	label(w, g, "chart-legend-text", x + 14, y, "start", s);
}

/* The duration axis under a plot from x0 to x0 + len at y. */
static void
duration_axis_x(svgw *w, double x0, double len, double y, size_t steps)
{
	xmlNodePtr g = el_class(w, w->svg, "g", "chart-axis");

	line(w, g, "chart-axis-line", x0, y, x0 + len, y);
	for (size_t k = 0; k <= steps; k++) {
		double x = x0 + len * (double)k / (double)steps;

		line(w, g, "chart-tick", x, y, x, y + 4);
		label(w, g, "chart-tick-label", x, y + 16, "middle",
		    ticks[k].label);
	}
}

int
chart_strip(xmlDocPtr doc, const char *id, const char *title,
    const chart_row *rows, size_t nrows, xmlNodePtr *out)
{
	static const double jitter[] = { 0, -5, 5, -2.5, 2.5 };
	svgw w;
	int64_t max = 0;
	size_t steps, nvalues = 0;
	double x0 = LABEL_W, len = WIDTH - LABEL_W - RIGHT_PAD;
	double axis_y = TOP_PAD + (double)nrows * ROW_H;
	int height = (int)axis_y + 48;
	xmlNodePtr g;

	*out = NULL;
	for (size_t i = 0; i < nrows; i++) {
		nvalues += rows[i].d->n;
		if (rows[i].d->n && rows[i].d->max > max)
			max = rows[i].d->max;
	}
	if (nvalues == 0)
		return 0;
	steps = axis_steps(max);
	svg_begin(&w, doc, id, title, "chart chart-strip", height);
	buf_addf(&w.desc, "%s, one dot per incident.", title);
	for (size_t i = 0; i < nrows; i++) {
		const distribution *d = rows[i].d;
		double cy = TOP_PAD + (double)i * ROW_H + ROW_H / 2.0;
		char *lab = xasprintf("%s (%zu)", rows[i].label, d->n);
		char *pcls = xasprintf("chart-point%s%s",
		    rows[i].cls ? " " : "", rows[i].cls ? rows[i].cls : "");
		char tb[64];

		buf_addf(&w.desc, " %s: ", rows[i].label);
		if (d->n)
			desc_figures(&w.desc, d);
		else
			buf_adds(&w.desc, "none measured");
		if (d->excluded)
			buf_addf(&w.desc, "; %zu excluded", d->excluded);
		buf_addc(&w.desc, '.');

		g = el_class(&w, w.svg, "g", "chart-row");
		label(&w, g, "chart-label", x0 - 10, cy + 4, "end", lab);
		line(&w, g, "chart-track", x0, cy, x0 + len, cy);
		for (size_t k = 0; k < d->n; k++) {
			xmlNodePtr c = el_class(&w, g, "circle", pcls);

			attr_num(&w, c, "cx", x0 + axis_pos(d->v[k], steps,
			    len));
			attr_num(&w, c, "cy", cy + jitter[k % 5]);
			attr(&w, c, "r", "3.5");
			/* a tooltip on screen */
			text(&w, el(&w, c, "title"),
			    duration_format(d->v[k], tb, sizeof(tb)));
		}
		if (d->n) {
			double xm = x0 + axis_pos(d->median, steps, len);
			double xp = x0 + axis_pos(d->p90, steps, len);

			line(&w, g, "chart-median", xm, cy - 11, xm, cy + 11);
			line(&w, g, "chart-p90", xp, cy - 9, xp, cy + 9);
		}
		free(lab);
		free(pcls);
	}
	duration_axis_x(&w, x0, len, axis_y, steps);
	g = el_class(&w, w.svg, "g", "chart-legend");
	legend_mark(&w, g, "circle", "chart-point", x0, axis_y + 40,
	    "incident");
	legend_mark(&w, g, "line", "chart-median", x0 + 90, axis_y + 40,
	    "median");
	legend_mark(&w, g, "line", "chart-p90", x0 + 170, axis_y + 40,
	    "p90");
	return svg_end(&w, id, out);
}

int
chart_stacked(xmlDocPtr doc, const char *id, const char *title,
    const char *const *cats, size_t ncats, const char *const *series,
    const char *const *classes, size_t nseries, const size_t *counts,
    xmlNodePtr *out)
{
	svgw w;
	size_t max = 0, step, top, every;
	double x0 = LABEL_W, len = WIDTH - LABEL_W - RIGHT_PAD;
	double base = TOP_PAD + PLOT_H, slot;
	int height = (int)base + 26 + 20 * (int)((nseries + 3) / 4) + 8;
	xmlNodePtr g;

	*out = NULL;
	for (size_t c = 0; c < ncats; c++) {
		size_t total = 0;

		for (size_t s = 0; s < nseries; s++)
			total += counts[c * nseries + s];
		if (total > max)
			max = total;
	}
	if (max == 0)
		return 0;
	/* at most four steps of whole incidents */
	step = (max + 3) / 4;
	top = (max + step - 1) / step * step;
	slot = len / (double)ncats;
	/* label at most about eight categories so they do not overlap */
	every = (ncats + 7) / 8;
	svg_begin(&w, doc, id, title, "chart chart-stacked", height);
	buf_addf(&w.desc, "%s.", title);

	g = el_class(&w, w.svg, "g", "chart-axis");
	for (size_t v = 0; v <= top; v += step) {
		double y = base - PLOT_H * (double)v / (double)top;
		char nb[32];

		line(&w, g, v ? "chart-grid" : "chart-axis-line", x0, y,
		    x0 + len, y);
		snprintf(nb, sizeof(nb), "%zu", v);
		label(&w, g, "chart-tick-label", x0 - 8, y + 4, "end", nb);
	}
	for (size_t c = 0; c < ncats; c++) {
		double x = x0 + slot * (double)c + slot * 0.15;
		double y = base;
		size_t total = 0;
		xmlNodePtr bar = el_class(&w, w.svg, "g", "chart-bar");

		buf_addf(&w.desc, " %s:", cats[c]);
		for (size_t s = 0; s < nseries; s++) {
			size_t k = counts[c * nseries + s];
			double h = PLOT_H * (double)k / (double)top;
			char *cls, *tip;
			xmlNodePtr r;

			total += k;
			if (k == 0)
				continue;
			buf_addf(&w.desc, " %s %zu", series[s], k);
			cls = xasprintf("chart-segment series-%zu%s%s", s + 1,
			    classes && classes[s] ? " " : "",
			    classes && classes[s] ? classes[s] : "");
			tip = xasprintf("%s, %s: %zu", cats[c], series[s], k);
			y -= h;
			r = el_class(&w, bar, "rect", cls);
			attr_num(&w, r, "x", x);
			attr_num(&w, r, "y", y);
			attr_num(&w, r, "width", slot * 0.7);
			attr_num(&w, r, "height", h);
			text(&w, el(&w, r, "title"), tip);
			free(cls);
			free(tip);
		}
		buf_adds(&w.desc, total ? "." : " none.");
		if (c % every == 0)
			/* clear of the y axis's "0" at 12 px (phones) */
			label(&w, w.svg, "chart-tick-label",
			    x0 + slot * ((double)c + 0.5), base + 19, "middle",
			    cats[c]);
	}
	g = el_class(&w, w.svg, "g", "chart-legend");
	for (size_t s = 0; s < nseries; s++) {
		char *cls = xasprintf("chart-segment series-%zu%s%s", s + 1,
		    classes && classes[s] ? " " : "",
		    classes && classes[s] ? classes[s] : "");

		legend_mark(&w, g, "rect", cls, x0 + 110.0 * (double)(s % 4),
		    base + 44 + 20.0 * (double)(s / 4), series[s]);
		free(cls);
	}
	return svg_end(&w, id, out);
}

int
chart_trend(xmlDocPtr doc, const char *id, const char *title,
    const char *const *cats, const distribution *const *d, size_t ncats,
    xmlNodePtr *out)
{
	svgw w;
	int64_t max = 0;
	size_t steps, nvalues = 0, every;
	double x0 = LABEL_W, len = WIDTH - LABEL_W - RIGHT_PAD;
	double base = TOP_PAD + PLOT_H, slot;
	int height = (int)base + 34 + 28;
	xmlNodePtr g;

	*out = NULL;
	for (size_t c = 0; c < ncats; c++) {
		nvalues += d[c]->n;
		if (d[c]->n && d[c]->p90 > max)
			max = d[c]->p90;
	}
	if (nvalues == 0)
		return 0;
	steps = axis_steps(max);
	slot = len / (double)ncats;
	every = (ncats + 7) / 8;
	svg_begin(&w, doc, id, title, "chart chart-trend", height);
	buf_addf(&w.desc, "%s: median, with a line up to the p90.", title);

	g = el_class(&w, w.svg, "g", "chart-axis");
	for (size_t k = 0; k <= steps; k++) {
		double y = base - PLOT_H * (double)k / (double)steps;

		line(&w, g, k ? "chart-grid" : "chart-axis-line", x0, y,
		    x0 + len, y);
		label(&w, g, "chart-tick-label", x0 - 8, y + 4, "end",
		    ticks[k].label);
	}
	for (size_t c = 0; c < ncats; c++) {
		double x = x0 + slot * ((double)c + 0.5);
		char nb[32], t1[64], t2[64];

		buf_addf(&w.desc, " %s: ", cats[c]);
		if (d[c]->n) {
			double ym = base - axis_pos(d[c]->median, steps,
			    PLOT_H);
			double yp = base - axis_pos(d[c]->p90, steps, PLOT_H);
			xmlNodePtr q = el_class(&w, w.svg, "g", "chart-period");
			xmlNodePtr dot;
			char *tip = xasprintf("%s: median %s, p90 %s", cats[c],
			    duration_format(d[c]->median, t1, sizeof(t1)),
			    duration_format(d[c]->p90, t2, sizeof(t2)));

			buf_addf(&w.desc, "%zu measured, median %s, p90 %s.",
			    d[c]->n, t1, t2);
			line(&w, q, "chart-whisker", x, ym, x, yp);
			dot = el_class(&w, q, "circle", "chart-point");
			attr_num(&w, dot, "cx", x);
			attr_num(&w, dot, "cy", ym);
			attr(&w, dot, "r", "4");
			text(&w, el(&w, dot, "title"), tip);
			free(tip);
		} else
			buf_adds(&w.desc, "none measured.");
		if (c % every == 0)
			label(&w, w.svg, "chart-tick-label", x, base + 19,
			    "middle", cats[c]);
		/* the count of every category matters, and is short */
		if (c % every == 0 || slot >= 24) {
			snprintf(nb, sizeof(nb), "n=%zu", d[c]->n);
			label(&w, w.svg, "chart-tick-label chart-count", x,
			    base + 33, "middle", nb);
		}
	}
	g = el_class(&w, w.svg, "g", "chart-legend");
	legend_mark(&w, g, "circle", "chart-point", x0, base + 52, "median");
	legend_mark(&w, g, "line", "chart-whisker", x0 + 90, base + 52,
	    "up to p90");
	return svg_end(&w, id, out);
}

int
chart_ecdf(xmlDocPtr doc, const char *id, const char *title,
    const chart_row *rows, size_t nrows, xmlNodePtr *out)
{
	svgw w;
	int64_t max = 0;
	size_t steps, nvalues = 0, nlegend = 0;
	double x0 = LABEL_W, len = WIDTH - LABEL_W - RIGHT_PAD;
	double base = TOP_PAD + PLOT_H;
	int height = (int)base + 36 + 20 * (int)((nrows + 3) / 4) + 8;
	xmlNodePtr g;

	*out = NULL;
	for (size_t i = 0; i < nrows; i++) {
		nvalues += rows[i].d->n;
		if (rows[i].d->n && rows[i].d->max > max)
			max = rows[i].d->max;
	}
	if (nvalues == 0)
		return 0;
	steps = axis_steps(max);
	svg_begin(&w, doc, id, title, "chart chart-ecdf", height);
	buf_addf(&w.desc, "%s: for each duration on the x axis, the share of "
	    "incidents that took at most that long.", title);
	g = el_class(&w, w.svg, "g", "chart-axis");
	for (int pct = 0; pct <= 100; pct += 25) {
		double y = base - PLOT_H * pct / 100.0;
		char nb[16];

		line(&w, g, pct ? "chart-grid" : "chart-axis-line", x0, y,
		    x0 + len, y);
		snprintf(nb, sizeof(nb), "%d%%", pct);
		label(&w, g, "chart-tick-label", x0 - 8, y + 4, "end", nb);
	}
	duration_axis_x(&w, x0, len, base, steps);
	for (size_t i = 0; i < nrows; i++) {
		const distribution *d = rows[i].d;
		buf pts = { 0 };
		char a[32], b[32];
		char *cls;
		double y = base;
		xmlNodePtr pl;

		if (d->n == 0)
			continue;
		buf_addf(&w.desc, " %s: %zu incidents, median %s.",
		    rows[i].label, d->n, duration_format(d->median, a,
		    sizeof(a)));
		/* a step up at each value */
		buf_addf(&pts, "%s,%s", num(x0, a, sizeof(a)),
		    num(base, b, sizeof(b)));
		for (size_t k = 0; k < d->n; k++) {
			double x = x0 + axis_pos(d->v[k], steps, len);

			buf_addf(&pts, " %s,%s", num(x, a, sizeof(a)),
			    num(y, b, sizeof(b)));
			y = base - PLOT_H * (double)(k + 1) / (double)d->n;
			buf_addf(&pts, " %s,%s", num(x, a, sizeof(a)),
			    num(y, b, sizeof(b)));
		}
		buf_addf(&pts, " %s,%s", num(x0 + len, a, sizeof(a)),
		    num(y, b, sizeof(b)));
		cls = xasprintf("chart-ecdf-line series-%zu%s%s", i + 1,
		    rows[i].cls ? " " : "", rows[i].cls ? rows[i].cls : "");
		pl = el_class(&w, w.svg, "polyline", cls);
		attr(&w, pl, "points", pts.data);
		attr(&w, pl, "fill", "none");
		text(&w, el(&w, pl, "title"), rows[i].label);
		legend_mark(&w, w.svg, "line", cls,
		    x0 + 110.0 * (double)(nlegend % 4),
		    base + 44 + 20.0 * (double)(nlegend / 4), rows[i].label);
		nlegend++;
		free(cls);
		buf_free(&pts);
	}
	return svg_end(&w, id, out);
}
