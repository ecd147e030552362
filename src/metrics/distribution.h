/*
 * distribution.h - internal to the metrics stage: building a
 * distribution (metrics.h defines it) value by value.
 */
#ifndef AM_DISTRIBUTION_H
#define AM_DISTRIBUTION_H

#include <stdbool.h>
#include <stdint.h>

#include "metrics/metrics.h"

/* qsort order of int64_t, ascending. */
int cmp_int64(const void *pa, const void *pb);

/* Make d an empty distribution of unit. */
void dist_init(distribution *d, dist_unit unit);
/* Add the value v to d, derived when it used a time from history. */
void dist_add(distribution *d, int64_t v, bool derived);
/* Sort the values of d and compute its figures. */
void dist_finish(distribution *d);
/* Free the values of d (not d itself). */
void dist_free(distribution *d);

#endif
