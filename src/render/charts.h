/*
 * charts.h - inline SVG charts for the metrics page, built as libxml2
 * nodes (never as markup text).
 *
 * Every chart is an <svg role="img"> labelled by its own <title> and a
 * <desc> that lists the numbers drawn, so a screen reader and a reader of
 * the printed page get the figures without the picture. Colours come
 * from classes styled in style.css (with print rules), never from inline
 * styles. Numbers in coordinates have one fixed decimal and never depend
 * on the locale, so the same input gives the same bytes.
 *
 * Durations are drawn on a stretched axis: equal steps between 0, 1m,
 * 15m, 1h, 4h, 1d, 1w, 30d, 1y and 5y, linear within a step, so one long
 * incident does not squash every other one into the first pixel.
 */
#ifndef AM_CHARTS_H
#define AM_CHARTS_H

#include <stddef.h>

#include <libxml/tree.h>

#include "metrics/metrics.h"

/* One row of a strip plot. */
typedef struct chart_row {
	const char *label;     /* "All", "SEV1" */
	const char *cls;       /* extra class of its points ("sev1"), or NULL */
	const distribution *d;         /* durations in seconds */
} chart_row;

/*
 * A strip plot: a row per entry of rows, a dot per value, the median and
 * p90 marked. id is unique on the page ("chart-detect"; it prefixes the
 * ids of the title and desc). Returns 0 and sets *out to a new <svg>
 * node of doc that is not linked anywhere (the caller links or frees
 * it), or to NULL when no row has a value; -1 when libxml2 fails.
 */
int chart_strip(xmlDocPtr doc, const char *id, const char *title,
    const chart_row *rows, size_t nrows, xmlNodePtr *out);

/*
 * Stacked bars: a bar per category (month) made of one segment per
 * series (severity); counts[c * nseries + s] is the height of series s in
 * category c. classes[s] is a class of series s's segments, or NULL.
 * Returns as chart_strip (*out NULL when every count is 0).
 */
int chart_stacked(xmlDocPtr doc, const char *id, const char *title,
    const char *const *cats, size_t ncats, const char *const *series,
    const char *const *classes, size_t nseries, const size_t *counts,
    xmlNodePtr *out);

/*
 * A trend: per category (quarter) the median of d[c] as a dot and a
 * line up to its p90, with the count under the category. Returns as
 * chart_strip (*out NULL when no category has a value).
 */
int chart_trend(xmlDocPtr doc, const char *id, const char *title,
    const char *const *cats, const distribution *const *d, size_t ncats,
    xmlNodePtr *out);

/*
 * An empirical cumulative distribution: per row with values, a step line
 * rising by 1/n at each value, y the share of incidents (0 to 100 %) that
 * took at most x on the duration axis; one line per row (all, then each
 * severity), a legend under it. Returns as chart_strip.
 */
int chart_ecdf(xmlDocPtr doc, const char *id, const char *title,
    const chart_row *rows, size_t nrows, xmlNodePtr *out);

#endif
