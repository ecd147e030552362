/*
 * stats.c - exp, ln, Poisson intervals and the detectable change, in
 * arithmetic that gives the same bytes on every machine (stats.h).
 */
#include <math.h>

#include "metrics/stats.h"

#define LN2 0.69314718055994530942

double
stats_exp(double x)
{
	double r, term = 1, sum = 1;
	int n;

	if (x < -700)
		return 0;
	if (x > 700)
		x = 700;
	/* x = n ln 2 + r with |r| <= ln 2 / 2; e^r by its series */
	n = (int)(x / LN2 + (x < 0 ? -0.5 : 0.5));
	r = x - n * LN2;
	for (int i = 1; i < 30; i++) {
		term = term * r / i;
		sum += term;
	}
	/* times 2^n: exact */
	return ldexp(sum, n);
}

double
stats_ln(double x)
{
	int e;
	double m, z, z2, term, sum = 0;

	if (x <= 0)
		return -HUGE_VAL;
	/* x = m 2^e, m in [0.5, 1), exactly; move m to [0.707, 1.414) */
	m = frexp(x, &e);
	if (m < 0.70710678118654752440) {
		m *= 2;
		e--;
	}
	/* ln m = 2 atanh((m - 1) / (m + 1)), |z| < 0.172 */
	z = (m - 1) / (m + 1);
	z2 = z * z;
	term = z;
	for (int i = 1; i < 60; i += 2) {
		sum += term / i;
		term *= z2;
	}
	return 2 * sum + e * LN2;
}

/* P(X <= k) for X ~ Poisson(mu), mu <= about 700. */
static double
poisson_cdf(size_t k, double mu)
{
	double term = 1, sum = 1;

	for (size_t i = 1; i <= k; i++) {
		term = term * mu / (double)i;
		sum += term;
	}
	return stats_exp(-mu) * sum;
}

/* Wilson-Hilferty: the Poisson mean whose chi-square(2k) quantile at
 * normal deviate z is reached, halved. */
static double
wilson_hilferty(double k, double z)
{
	double c = 1 - 1 / (9 * k) + z / (3 * sqrt(k));

	return k * c * c * c;
}

void
poisson_interval90(size_t k, double *lo, double *hi)
{
	const double z = 1.6448536269514722;
	double a, b;

	if (k > 100) {
		*lo = wilson_hilferty((double)k, -z);
		*hi = wilson_hilferty((double)k + 1, z);
		return;
	}
	/* hi: P(X <= k | hi) = 0.05, the cdf falls as mu grows */
	a = (double)k;
	b = (double)k * 2 + 10;
	for (int i = 0; i < 80; i++) {
		double mid = (a + b) / 2;

		if (poisson_cdf(k, mid) > 0.05)
			a = mid;
		else
			b = mid;
	}
	*hi = (a + b) / 2;
	*lo = 0;
	if (k == 0)
		return;
	/* lo: P(X >= k | lo) = 0.05, i.e. P(X <= k - 1 | lo) = 0.95 */
	a = 0;
	b = (double)k;
	for (int i = 0; i < 80; i++) {
		double mid = (a + b) / 2;

		if (poisson_cdf(k - 1, mid) > 0.95)
			a = mid;
		else
			b = mid;
	}
	*lo = (a + b) / 2;
}

double
detectable_ratio(double sigma, size_t n1, size_t n2)
{
	/* z of 97.5 % plus z of 80 % */
	const double zz = 1.959963984540054 + 0.8416212335729143;

	if (n1 == 0 || n2 == 0)
		return 0;
	return stats_exp(zz * sigma * sqrt(1 / (double)n1 +
	    1 / (double)n2));
}
