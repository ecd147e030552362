/*
 * distribution.c - distributions of one metric: collecting values, and
 * the figures (min, median, p90, max, mean) by the nearest-rank method.
 */
#include <math.h>
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


/* Above this the binomial sums leave the range of a double (2^n); the
 * normal approximation is then within a rank of the exact answer. */
#define CI_EXACT_MAX 1000

/* See distribution.h. */
void
median_ci_ranks(size_t n, size_t *lo, size_t *hi, int *permille)
{
	size_t k = 0;
	double tail = 0;

	if (n > CI_EXACT_MAX) {
		/* n/2 - 1.645 sqrt(n)/2, rounded down; the coverage of a
		 * rank this far out is 90 % to within a tenth of a percent */
		double r = (double)n / 2 - 1.6448536269514722 *
		    sqrt((double)n) / 2;

		k = (size_t)r;
		*lo = k < 1 ? 1 : k;
		*hi = n + 1 - *lo;
		*permille = 900;
		return;
	}
	{
		/* C(n, i) by the recurrence, summed; all exact in a double
		 * up to 2^53 and correctly rounded after, the same way on
		 * every machine */
		double total = 1, c = 1, cum = 0;

		for (size_t i = 0; i < n; i++)
			total *= 2;
		/* the largest k with P(B <= k - 1) <= 0.05 */
		for (size_t i = 0; i < n; i++) {
			cum += c;
			if (cum / total > 0.05)
				break;
			k = i + 1;
			tail = cum / total;
			c = c * (double)(n - i) / (double)(i + 1);
		}
	}
	if (k < 1) {
		/* too few for 90 %: the whole range, with its coverage */
		k = 1;
		tail = 1;
		for (size_t i = 0; i < n; i++)
			tail /= 2;
	}
	*lo = k;
	*hi = n + 1 - k;
	*permille = (int)((1 - 2 * tail) * 1000);
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
	d->ci_rank_lo = d->ci_rank_hi = 0;
	if (d->n >= DIST_FEW) {
		median_ci_ranks(d->n, &d->ci_rank_lo, &d->ci_rank_hi,
		    &d->ci_permille);
		d->ci_lo = d->v[d->ci_rank_lo - 1];
		d->ci_hi = d->v[d->ci_rank_hi - 1];
	}
}

/* See distribution.h. */
void
dist_free(distribution *d)
{
	free(d->v);
	d->v = NULL;
	d->cap = 0;
}

