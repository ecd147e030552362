/*
 * stats.h - the small pieces of statistics the metrics need, in plain
 * IEEE 754 arithmetic (+, -, *, /, sqrt), which rounds the same on every
 * machine: libm's exp and log may differ in the last bit between C
 * libraries, and a figure on the page must not.
 */
#ifndef AM_STATS_H
#define AM_STATS_H

#include <stddef.h>

/* e^x and the natural logarithm of x > 0, to about 1e-15 relative. */
double stats_exp(double x);
double stats_ln(double x);

/*
 * The exact (Garwood) 90 % interval of a Poisson mean from k events:
 * lo with P(X >= k | lo) = 5 % (0 for k = 0) and hi with
 * P(X <= k | hi) = 5 %, by bisection on the Poisson sums. Above 100
 * events the Wilson-Hilferty form of the same chi-square quantiles,
 * within 0.1 % of them.
 */
void poisson_interval90(size_t k, double *lo, double *hi);

/*
 * The smallest ratio of medians (> 1, either way) that two samples of n1
 * and n2 lognormal durations with log-scale spread sigma would detect
 * with 80 % power at 5 % two-sided: exp(2.80 sigma sqrt(1/n1 + 1/n2)).
 * Returns 0 when n1 or n2 is 0.
 */
double detectable_ratio(double sigma, size_t n1, size_t n2);

#endif
