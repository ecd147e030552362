/*
 * distribution.h - a distribution of one metric over a set of incidents,
 * built value by value, with its figures by the nearest-rank method.
 */
#ifndef AM_DISTRIBUTION_H
#define AM_DISTRIBUTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum dist_unit { UNIT_SECONDS, UNIT_WORKING_DAYS } dist_unit;

/* A distribution of one metric over a set of incidents. The figures are
 * valid only when n > 0. */
typedef struct distribution {
	dist_unit unit;
	size_t n;              /* values measured */
	size_t excluded;       /* lacking a time it needs, or out of order */
	size_t derived;        /* values that used a time from history */
	int64_t *v;            /* the n values, ascending */
	size_t cap;            /* slots allocated in v */
	int64_t min, median, p90, max, mean; /* mean rounded half up */
	/* the exact distribution-free interval of the median, at least
	 * 90 %: the values at ranks ci_rank_lo and ci_rank_hi (1-based);
	 * only when n >= DIST_FEW, else ci_rank_lo is 0 */
	size_t ci_rank_lo, ci_rank_hi;
	int64_t ci_lo, ci_hi;
	int ci_permille;       /* its coverage, in tenths of a percent */
} distribution;

/* Fewer values than this say nothing about a median: the page shows the
 * count and the values instead. */
#define DIST_FEW 5

/*
 * The ranks lo <= hi (1-based, lo + hi = n + 1) of the narrowest
 * symmetric order-statistic interval that holds the median of the
 * population with probability at least 90 %, for n >= DIST_FEW values:
 * the largest lo with P(B <= lo - 1) <= 5 % for B ~ Binomial(n, 1/2).
 * Sets *permille to the exact coverage 1 - 2 P(B <= lo - 1), in tenths of
 * a percent rounded down. Only +, *, / and sqrt, which IEEE 754 rounds
 * the same on every machine: the same input gives the same bytes.
 */
void median_ci_ranks(size_t n, size_t *lo, size_t *hi, int *permille);

/* The nearest-rank p-th percentile (0 < p <= 100) of n > 0 ascending
 * values: the value at rank ceil(p * n / 100). */
int64_t percentile_nearest_rank(const int64_t *v, size_t n, int p);

/* qsort order of int64_t, ascending. */
int dist_cmp_int64(const void *pa, const void *pb);

/* Make d an empty distribution of unit. */
void dist_init(distribution *d, dist_unit unit);
/* Add the value v to d, derived when it used a time from history. */
void dist_add(distribution *d, int64_t v, bool derived);
/* Sort the values of d and compute its figures. */
void dist_finish(distribution *d);
/* Free the values of d (not d itself). */
void dist_free(distribution *d);

#endif
