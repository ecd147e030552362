/*
 * aggregate.h - the types of the metrics aggregate: the figures of one
 * block of incidents and the whole (metrics.h computes them). They have
 * a header of their own so that items.c, which decides what belongs to a
 * block, and metrics.c, which computes blocks, both read them without
 * depending on each other.
 */
#ifndef AM_AGGREGATE_H
#define AM_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/record.h"
#include "metrics/distribution.h"

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
	/* quarters: the smallest ratio of median times to recover, against
	 * the quarter before, that these counts would detect (stats.h's
	 * detectable_ratio, with the spread of the whole archive); 0 when
	 * either quarter measured none */
	double detectable;
	size_t detect_n_before; /* the quarter before: values measured */
} metrics_block;

/* Incidents started in one month, per severity. */
typedef struct month_count {
	char month[8];         /* "2024-03", local time */
	size_t total;
	size_t *by_sev;        /* metrics.nsev counts */
	double rate_lo, rate_hi; /* exact 90 % interval of the monthly rate
	                            (stats.h's poisson_interval90) */
} month_count;

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
	double recover_sigma;  /* standard deviation of ln(time to recover)
	                          over all, the spread detectable uses; 0
	                          for fewer than 2 positive values */
	month_count *months;   /* every month from the first to the last */
	size_t nmonths;
} metrics;

#endif
