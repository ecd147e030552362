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

/* timeline.h defines it; the aggregate only reads derived phase times */
typedef struct timeline timeline;

typedef enum duration_kind {
	DUR_DETECT,            /* detected - started */
	DUR_ACKNOWLEDGE,       /* acknowledged - detected */
	DUR_IDENTIFY,          /* identified - started */
	DUR_REPAIR,            /* mitigated - started */
	DUR_RESPOND,           /* mitigated - detected */
	DUR_RECOVER,           /* recovered - started */
	DUR_RESOLVE,           /* resolved - started */
	DUR_COUNT
} duration_kind;

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

typedef enum dist_unit { UNIT_SECONDS, UNIT_WORKING_DAYS } dist_unit;

/* A distribution of one metric over a set of incidents. The figures are
 * valid only when n > 0. */
typedef struct distribution {
	dist_unit unit;
	size_t n;              /* values measured */
	size_t excluded;       /* lacking a time it needs, or out of order */
	size_t derived;        /* values that used a time from history */
	int64_t *v;            /* the n values, ascending */
	int64_t min, median, p90, max, mean; /* mean rounded half up */
} distribution;

/* Open, done and overdue action items of one type or priority. */
typedef struct action_tally {
	char *name;            /* as written; "(none)" when not given */
	size_t total, open, done, overdue;
} action_tally;

/* Recovery objectives checked against one target kind. */
typedef struct objective_tally {
	size_t checked, met, breached, excluded;
} objective_tally;

/* One incident over a service's RTO or RPO. */
typedef struct objective_breach {
	const record *r;
	const char *service;   /* r's string */
	const char *objective; /* "rto" or "rpo" */
	int64_t actual, target; /* seconds */
	bool derived;          /* actual used a derived time */
} objective_breach;

/* One incident whose longest gap between updates exceeds the cadence. */
typedef struct cadence_miss {
	const record *r;
	int64_t gap;           /* seconds */
	bool derived;
} cadence_miss;

typedef enum block_kind {
	BLOCK_ALL, BLOCK_YEAR, BLOCK_QUARTER, BLOCK_SERVICE
} block_kind;

/* Every metric over one set of incidents: all of them, a year, a quarter
 * or a service (each within the filter). */
typedef struct metrics_block {
	block_kind kind;
	char *name;            /* "all", "2024", "2024-Q1", "checkout" */
	char *from, *to;       /* first and last local date; NULL = open */
	size_t nincidents;
	size_t *by_sev;        /* incidents per severity (metrics.nsev) */
	distribution dur[DUR_COUNT];
	distribution *dur_sev[DUR_COUNT]; /* per severity (metrics.nsev each) */
	distribution between_failures; /* start - start of the one before */
	distribution time_to_fail;     /* start - recovered of the one before on
	                          the same service */
	struct {
		distribution latency;  /* working days, recovered to reviewed */
		size_t reviewed, on_time, late, overdue, pending, excluded;
	} pir;
	struct {
		size_t total, open, done, overdue;
		action_tally *by_type, *by_priority;
		size_t ntype, npriority;
		distribution time_to_close; /* from history */
	} actions;
	struct {
		objective_tally rto, rpo;
		objective_breach *breaches;
		size_t nbreaches;
	} objectives;
	struct {
		double hours;  /* sum of responder_hours */
		size_t n, excluded;
	} effort;
	struct {
		distribution longest_gap;
		cadence_miss *over;
		size_t nover;
	} cadence;
} metrics_block;

/* Incidents started in one month, per severity. */
typedef struct month_count {
	char month[8];         /* "2024-03", local time */
	size_t total;
	size_t *by_sev;        /* metrics.nsev counts */
} month_count;

/* Which incidents the aggregate covers. Zero-initialise for all. */
typedef struct metrics_filter {
	const char *since;     /* "YYYY-MM-DD": started on or after */
	const char *until;     /* "YYYY-MM-DD": started on or before */
	const char *service;   /* only incidents naming this service */
} metrics_filter;

typedef struct metrics {
	int64_t now;
	int64_t cadence;       /* cfg->update_cadence */
	int pir_due_days;
	char *since, *until, *service; /* the filter, copied */
	char **sev;            /* severity names, worst first; the last is
	                          "unrated" when some incident has none of
	                          the configured severities */
	size_t nsev;
	metrics_block all;
	metrics_block *years, *quarters, *services;
	size_t nyears, nquarters, nservices;
	month_count *months;   /* every month from the first to the last */
	size_t nmonths;
} metrics;

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

/* The nearest-rank p-th percentile (0 < p <= 100) of n > 0 ascending
 * values: the value at rank ceil(p * n / 100). */
int64_t percentile_nearest_rank(const int64_t *v, size_t n, int p);

#endif
