/*
 * metrics.h - the metrics stage: durations of one incident, and the
 * aggregate over the archive that the metrics page, metrics.json and
 * "aftermath metrics" show.
 *
 * Durations are skewed (one long incident moves a mean), so every figure
 * is a distribution: count, median, p90, min, max, with the mean only
 * beside the median. Percentiles use the nearest-rank method, so every
 * figure is a value that was observed. An incident lacking a time a
 * metric needs is counted as excluded from that metric, never as zero;
 * a time derived from git history is used and counted as derived.
 * Definitions and formulas: docs/metrics.md. The JSON that shows the
 * figures is render/metrics_json.h's.
 */
#ifndef AM_METRICS_H
#define AM_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "model/record.h"
/* the aggregate's types; distributions and percentile_nearest_rank come
 * with them (distribution.h) */
#include "metrics/aggregate.h"

/* timeline.h defines it; the aggregate only reads derived phase times */
typedef struct timeline timeline;

/* Short key ("detect") and label ("Time to detect") of a duration. */
const char *duration_key(duration_kind k);
const char *duration_label(duration_kind k);

/* The duration k of r in seconds from the record's own times. Returns 0
 * and sets *secs, or -1 when a time it needs is missing or the result
 * would be negative. */
int record_duration(const record *r, duration_kind k, int64_t *secs);

/* As record_duration, but a time missing from the record may come from
 * t's derived times (t may be NULL: no history). Sets *derived when one
 * did. */
int incident_duration(const record *r, const timeline *t, duration_kind k,
    int64_t *secs, bool *derived);


/* A metric's definition, as on the page and in docs/metrics.md. */
typedef struct metric_def {
	const char *key;       /* "detect", "between_failures", ... */
	const char *label;     /* "Time to detect" */
	const char *formula;   /* "detected − started" */
	const char *text;      /* one paragraph: what it measures, exclusions */
} metric_def;

/* Every metric's definition, in page order; sets *n. Static storage. */
const metric_def *metric_definitions(size_t *n);

/* Which incidents the aggregate covers. Zero-initialise for all. */
typedef struct metrics_filter {
	const char *since;     /* "YYYY-MM-DD": started on or after */
	const char *until;     /* "YYYY-MM-DD": started on or before */
	const char *service;   /* only incidents naming this service */
} metrics_filter;

/*
 * Compute every metric over the n records v (failed ones are skipped)
 * that pass f (NULL for none). tl is NULL for no history, or holds one
 * timeline per record (each may be NULL). now decides what is overdue.
 * Records must outlive the result, which points into them. Returns a new
 * aggregate (free with metrics_free); never NULL.
 */
metrics *metrics_compute(record *const *v, timeline *const *tl, size_t n,
    const config *cfg, const metrics_filter *f, int64_t now);
/* Free m. NULL-safe. */
void metrics_free(metrics *m);

/*
 * For each of the nnames names, the aggregate metrics_compute makes with
 * the filter { .service = names[i] }, but with the "all" block only (no
 * years, quarters, months or services): what a service page shows. The
 * records are sorted and grouped by service once for all names, instead
 * of once per name. Returns an array of nnames new aggregates; free it
 * with metrics_free_services. Records must outlive it.
 */
metrics **metrics_compute_services(record *const *v, timeline *const *tl,
    size_t n, const config *cfg, const char *const *names, size_t nnames,
    int64_t now);
/* Free the n aggregates of v and v. NULL-safe. */
void metrics_free_services(metrics **v, size_t n);

#endif
