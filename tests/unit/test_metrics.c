/*
 * test_metrics.c - record_duration for every kind, with missing and
 * negative spans; keys and labels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "parse/record_parse.h"
#include "model/config.h"
#include "metrics/metrics.h"
#include "model/record.h"

/* Lifecycle times at distinct minute offsets from started, so that each
 * kind of duration has its own value. */
static const char full[] =
    "---\n"
    "id: M-1\n"
    "started: 2024-03-01T10:00Z\n"
    "detected: 2024-03-01T10:03Z\n"        /* +3m */
    "acknowledged: 2024-03-01T10:10Z\n"    /* +10m */
    "identified: 2024-03-01T10:45Z\n"      /* +45m */
    "mitigated: 2024-03-01T11:20Z\n"       /* +80m */
    "recovered: 2024-03-01T13:00Z\n"       /* +180m */
    "resolved: 2024-03-03T10:00Z\n"        /* +2d */
    "---\n";

static record *
parse(const char *text)
{
	config *cfg = config_default();
	diags d = { 0 };
	record *r = record_parse("incidents/m.md", text, strlen(text), cfg, &d);

	assert_false(r->failed);
	assert_int_equal(d.n, 0);
	config_free(cfg);
	return r;
}

static void
test_each_kind(void **state)
{
	static const int64_t want[DUR_COUNT] = {
		[DUR_DETECT] = 3 * 60,
		[DUR_ACKNOWLEDGE] = 7 * 60,
		[DUR_IDENTIFY] = 45 * 60,
		[DUR_REPAIR] = 80 * 60,
		[DUR_RESPOND] = 77 * 60,
		[DUR_RECOVER] = 180 * 60,
		[DUR_RESOLVE] = 2 * 86400,
	};
	record *r = parse(full);

	(void)state;
	for (int k = 0; k < DUR_COUNT; k++) {
		int64_t secs = -12345;

		if (record_duration(r, (duration_kind)k, &secs) != 0)
			fail_msg("%s: no duration", duration_key(k));
		if (secs != want[k])
			fail_msg("%s: %lld, want %lld", duration_key(k),
			    (long long)secs, (long long)want[k]);
	}
	record_free(r);
}

static void
test_missing(void **state)
{
	/* which kinds need which phase */
	static const struct {
		const char *drop;       /* the front matter line left out */
		bool gone[DUR_COUNT];
	} cases[] = {
		{ "started:", { [DUR_DETECT] = true, [DUR_IDENTIFY] = true,
		    [DUR_REPAIR] = true, [DUR_RECOVER] = true,
		    [DUR_RESOLVE] = true } },
		{ "detected:", { [DUR_DETECT] = true, [DUR_ACKNOWLEDGE] = true,
		    [DUR_RESPOND] = true } },
		{ "acknowledged:", { [DUR_ACKNOWLEDGE] = true } },
		{ "identified:", { [DUR_IDENTIFY] = true } },
		{ "mitigated:", { [DUR_REPAIR] = true, [DUR_RESPOND] = true } },
		{ "recovered:", { [DUR_RECOVER] = true } },
		{ "resolved:", { [DUR_RESOLVE] = true } },
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		char *text = xstrdup(full), *line = strstr(text,
		    cases[c].drop);
		record *r;

		/* turn "detected: ..." into "xetected: ...", an unknown key */
		assert_non_null(line);
		line[0] = 'x';
		r = parse(text);
		for (int k = 0; k < DUR_COUNT; k++) {
			int64_t secs = 777;
			int rc = record_duration(r, (duration_kind)k, &secs);

			if (cases[c].gone[k] && (rc != -1 || secs != 777))
				fail_msg("without %s, %s gave %d/%lld",
				    cases[c].drop, duration_key(k), rc,
				    (long long)secs);
			if (!cases[c].gone[k] && rc != 0)
				fail_msg("without %s, %s is missing",
				    cases[c].drop, duration_key(k));
		}
		record_free(r);
		free(text);
	}
}

static void
test_negative_and_zero(void **state)
{
	record *r;
	int64_t secs = 777;

	(void)state;
	/* detected before started, acknowledged before detected; a zero
	 * span is a duration, not missing */
	r = parse("---\nstarted: 2024-03-01T10:05Z\n"
	    "detected: 2024-03-01T10:00Z\nacknowledged: 2024-03-01T09:00Z\n"
	    "mitigated: 2024-03-01T10:05Z\n"
	    "recovered: 2024-03-01T10:04:59Z\n---\n");
	assert_int_equal(record_duration(r, DUR_DETECT, &secs), -1);
	assert_int_equal(record_duration(r, DUR_ACKNOWLEDGE, &secs), -1);
	assert_int_equal(record_duration(r, DUR_RECOVER, &secs), -1);
	assert_int_equal(secs, 777);
	assert_int_equal(record_duration(r, DUR_REPAIR, &secs), 0);
	assert_int_equal(secs, 0);
	assert_int_equal(record_duration(r, DUR_RESPOND, &secs), 0);
	assert_int_equal(secs, 5 * 60);
	record_free(r);

	/* offsets count: 12:00+02:00 is 10:00Z */
	r = parse("---\nstarted: 2024-03-01T10:00Z\n"
	    "detected: 2024-03-01T12:30+02:00\n---\n");
	assert_int_equal(record_duration(r, DUR_DETECT, &secs), 0);
	assert_int_equal(secs, 30 * 60);
	record_free(r);

	/* a record with no times at all */
	r = record_new("x.md");
	for (int k = 0; k < DUR_COUNT; k++)
		assert_int_equal(record_duration(r, (duration_kind)k, &secs),
		    -1);
	record_free(r);
}

static void
test_keys_and_labels(void **state)
{
	static const char *const keys[DUR_COUNT] = {
		"detect", "acknowledge", "identify", "repair", "respond",
		"recover", "resolve",
	};

	(void)state;
	for (int k = 0; k < DUR_COUNT; k++) {
		char label[64];

		assert_string_equal(duration_key((duration_kind)k), keys[k]);
		snprintf(label, sizeof(label), "Time to %s", keys[k]);
		assert_string_equal(duration_label((duration_kind)k), label);
	}
}

/* The exact order-statistic interval of the median: ranks and coverage
 * from the binomial tables (checked with Python's math.comb). */
static void
test_median_ci(void **state)
{
	static const struct {
		size_t n, lo, hi;
		int permille;
	} want[] = {
		{ 5, 1, 5, 937 }, { 6, 1, 6, 968 }, { 10, 2, 9, 978 },
		{ 13, 4, 10, 907 }, { 20, 6, 15, 958 }, { 50, 19, 32, 935 },
		{ 100, 42, 59, 911 }, { 1000, 474, 527, 906 },
	};
	distribution d;

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		size_t lo, hi;
		int pm;

		median_ci_ranks(want[i].n, &lo, &hi, &pm);
		assert_int_equal(lo, want[i].lo);
		assert_int_equal(hi, want[i].hi);
		assert_int_equal(pm, want[i].permille);
	}
	/* a distribution of 4 has no interval; of 5, its whole range */
	dist_init(&d, UNIT_SECONDS);
	for (int v = 4; v >= 1; v--)
		dist_add(&d, v * 60, false);
	dist_finish(&d);
	assert_int_equal(d.ci_rank_lo, 0);
	dist_add(&d, 3600, false);
	dist_finish(&d);
	assert_int_equal(d.ci_rank_lo, 1);
	assert_int_equal(d.ci_lo, 60);
	assert_int_equal(d.ci_hi, 3600);
	dist_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_kind),
		cmocka_unit_test(test_median_ci),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_negative_and_zero),
		cmocka_unit_test(test_keys_and_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
