/*
 * distribution.c - distributions of one metric: collecting values, and
 * the figures (min, median, p90, max, mean) by the nearest-rank method.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics/distribution.h"
#include "lib/grow.h"
#include "lib/util.h"

/* See distribution.h. */
int64_t
percentile_nearest_rank(const int64_t *v, size_t n, int p)
{
	size_t rank = ((size_t)p * n + 99) / 100;

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}


/* See distribution.h. */
void
dist_init(distribution *d, dist_unit unit)
{
	memset(d, 0, sizeof(*d));
	d->unit = unit;
}

/* See distribution.h. */
void
dist_add(distribution *d, int64_t v, bool derived)
{
	d->v = xgrow(d->v, d->n, &d->cap, sizeof(*d->v), 4);
	d->v[d->n++] = v;
	if (derived)
		d->derived++;
}

/* See distribution.h. */
int
dist_cmp_int64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

/* See distribution.h. */
void
dist_finish(distribution *d)
{
	int64_t sum = 0;

	if (d->n == 0)
		return;
	qsort(d->v, d->n, sizeof(*d->v), dist_cmp_int64);
	for (size_t i = 0; i < d->n; i++)
		sum += d->v[i];
	d->min = d->v[0];
	d->max = d->v[d->n - 1];
	d->median = percentile_nearest_rank(d->v, d->n, 50);
	d->p90 = percentile_nearest_rank(d->v, d->n, 90);
	/* values are never negative: round half up in integers */
	d->mean = (sum + (int64_t)d->n / 2) / (int64_t)d->n;
}

/* See distribution.h. */
void
dist_free(distribution *d)
{
	free(d->v);
	d->v = NULL;
	d->cap = 0;
}

