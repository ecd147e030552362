/*
 * test_stats.c - metrics/stats.c: exp and ln against known values, the
 * Garwood interval against the chi-square tables, the detectable ratio.
 */
#include <math.h>
#include <stdio.h>

#include "unit.h"

#include "metrics/stats.h"

/* |a - b| <= tol * |b| (or tol when b is 0). */
static void
near(double a, double b, double tol)
{
	double e = fabs(a - b), s = b == 0 ? 1 : fabs(b);

	if (e > tol * s) {
		fprintf(stderr, "%.17g is not %.17g\n", a, b);
		fail();
	}
}

static void
test_exp_ln(void **state)
{
	(void)state;
	near(stats_exp(0), 1, 1e-15);
	near(stats_exp(1), 2.718281828459045, 1e-14);
	near(stats_exp(-2.995732273553991), 0.05, 1e-13);
	near(stats_exp(50), 5.184705528587072e21, 1e-13);
	near(stats_ln(1), 0, 1e-15);
	near(stats_ln(2.718281828459045), 1, 1e-14);
	near(stats_ln(3600), 8.1886891244442, 1e-13);
	near(stats_ln(1e-3), -6.907755278982137, 1e-14);
	for (double x = 0.01; x < 1e6; x *= 3.7)
		near(stats_exp(stats_ln(x)), x, 1e-13);
}

/* Garwood 90 % limits: chi-square(0.05, 2k) / 2 and
 * chi-square(0.95, 2k + 2) / 2. */
static void
test_poisson(void **state)
{
	static const struct {
		size_t k;
		double lo, hi;
	} want[] = {
		{ 0, 0, 2.995732 }, { 1, 0.051293, 4.743865 },
		{ 2, 0.355362, 6.295794 }, { 5, 1.970154, 10.51305 },
		{ 10, 5.425405, 16.96222 }, { 50, 38.96473, 63.28729 },
	};
	double lo, hi;

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		poisson_interval90(want[i].k, &lo, &hi);
		near(lo, want[i].lo, 1e-5);
		near(hi, want[i].hi, 1e-5);
	}
	/* Wilson-Hilferty above 100: within 0.1 % of the exact limits for
	 * k = 139, 120.1924 and 160.0139 (bisection on the Poisson sums) */
	poisson_interval90(139, &lo, &hi);
	near(lo, 120.1924, 1e-3);
	near(hi, 160.0139, 1e-3);
}

static void
test_detectable(void **state)
{
	(void)state;
	assert_true(detectable_ratio(1, 0, 5) == 0);
	/* sigma 1, 50 and 50: exp(2.8016 * sqrt(0.04)) = 1.751 */
	near(detectable_ratio(1, 50, 50), 1.7509, 1e-3);
	/* 300 a quarter still misses 10 % at sigma 1 */
	assert_true(detectable_ratio(1, 300, 300) > 1.1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exp_ln),
		cmocka_unit_test(test_poisson),
		cmocka_unit_test(test_detectable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
