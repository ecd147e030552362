/*
 * test_timeutil.c - time, date and duration parsing and formatting, zones
 * and working days.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "lib/timeutil.h"

/* Each test picks its zone: the machine's TZ must not matter. */
static int
setup_utc(void **state)
{
	(void)state;
	return tz_set("UTC");
}

static void
test_accepted_formats(void **state)
{
	const struct {
		const char *s;
		int64_t t;
		bool has_offset;
		int offset;
	} ok[] = {
		{ "2024-03-01T14:02Z", 1709301720, true, 0 },
		{ "2024-03-01t14:02z", 1709301720, true, 0 },
		{ "2024-03-01T14:02:05Z", 1709301725, true, 0 },
		{ "2024-03-01 14:02:05+01:00", 1709298125, true, 3600 },
		{ "2024-03-01T14:02:05.123-0500", 1709319725, true, -18000 },
		{ "2024-03-01T14:02:05.5-05", 1709319725, true, -18000 },
		{ "2024-03-01 14:02:05 +01:00", 1709298125, true, 3600 },
		{ "2024-03-01 14:02 UTC", 1709301720, true, 0 },
		{ "2024-03-01 14:02 GMT", 1709301720, true, 0 },
		{ "2024-03-01 14:02 Z", 1709301720, true, 0 },
		{ "2024-03-01T14:02:05+00:00", 1709301725, true, 0 },
		{ "2024-03-01T19:32:05+05:30", 1709301725, true, 19800 },
		{ "2024-03-01 14:02", 1709301720, false, 0 },
		{ "2024-03-01T14:02:05", 1709301725, false, 0 },
		{ "2016-12-31T23:59:60Z", 1483228800, true, 0 },
		{ "2024-02-29T00:00Z", 1709164800, true, 0 },
		{ "2000-02-29T00:00Z", 951782400, true, 0 },
	};
	am_time t;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (time_parse(ok[i].s, &t) != 0)
			fail_msg("\"%s\" was refused", ok[i].s);
		if (t.t != ok[i].t || !t.set || t.has_offset != ok[i].has_offset ||
		    t.offset != ok[i].offset || t.date_only)
			fail_msg("\"%s\": t %lld offset %d has_offset %d",
			    ok[i].s, (long long)t.t, t.offset, t.has_offset);
	}
	assert_int_equal(time_parse("2024-03-01", &t), 0);
	assert_true(t.set);
	assert_true(t.date_only);
	assert_false(t.has_offset);
	assert_int_equal(t.t, 1709251200);
}

static void
test_refused_formats(void **state)
{
	const char *bad[] = {
		"2023-02-29", "1900-02-29", "2024-02-30", "2024-04-31",
		"2024-13-01", "2024-00-10", "2024-01-00", "2024-03-01T24:00Z",
		"2024-03-01T14:60Z", "2024-03-01T14:02:61Z", "2024-3-1",
		"24-03-01", "2024-03-01T14:02 ", "2024-03-01X14:02",
		"2024-03-01T14", "2024-03-01T14:02:05.Z", "2024-03-01T14:02+01:0",
		"2024-03-01T14:02+1", "2024-03-01T14:02+24:00",
		"2024-03-01T14:02+01:60", "2024-03-01T14:02 CET",
		"2024-03-01T14:02ZZ", "2024-03-01 ", "", "yesterday",
		"2024-03-01T14:02:05.1234567890Z",
	};
	am_time t;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&t, 0xff, sizeof(t));
		if (time_parse(bad[i], &t) != -1)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_false(t.set);
		assert_int_equal(t.t, 0);
	}
	assert_int_equal(time_parse(NULL, &t), -1);
}

static void
test_zone(void **state)
{
	am_time t;

	(void)state;
	assert_string_equal(tz_name(), "UTC");
	assert_int_equal(tz_set("Europe/Berlin"), 0);
	assert_string_equal(tz_name(), "Europe/Berlin");

	/* winter: CET is UTC+1 */
	assert_int_equal(time_parse("2024-01-15 12:00", &t), 0);
	assert_int_equal(t.t, 1705316400);
	assert_false(t.has_offset);
	/* summer: CEST is UTC+2 */
	assert_int_equal(time_parse("2024-07-15T12:00:00", &t), 0);
	assert_int_equal(t.t, 1721037600);
	/* an explicit offset wins over the zone */
	assert_int_equal(time_parse("2024-07-15T12:00Z", &t), 0);
	assert_int_equal(t.t, 1721044800);
	/* a bare date is local midnight */
	assert_int_equal(time_parse("2024-01-15", &t), 0);
	assert_true(t.date_only);
	assert_int_equal(t.t, 1705273200);

	/* unknown or unsafe names fall back to UTC */
	assert_int_equal(tz_set("Mars/Olympus_Mons"), -1);
	assert_string_equal(tz_name(), "UTC");
	assert_int_equal(time_parse("2024-01-15 12:00", &t), 0);
	assert_int_equal(t.t, 1705320000);
	assert_int_equal(tz_set("../../etc/passwd"), -1);
	assert_int_equal(tz_set("/usr/share/zoneinfo/Europe/Berlin"), -1);
	assert_int_equal(tz_set("EST5EDT,M3.2.0,M11.1.0"), -1);
	assert_int_equal(tz_set("zone.tab"), -1);
	assert_int_equal(tz_set("Europe"), -1);
	assert_int_equal(tz_set(""), -1);
	assert_int_equal(tz_set(NULL), -1);
	assert_string_equal(tz_name(), "UTC");
	assert_int_equal(tz_set("UTC"), 0);
}

/* time_format(t, style) must give want. */
static void
expect_format(int64_t t, time_style style, const char *want)
{
	char b[64];

	assert_string_equal(time_format(t, style, b, sizeof(b)), want);
}

static void
test_format(void **state)
{
	char small[5];

	(void)state;
	expect_format(1709301720, TIME_SHOW, "2024-03-01 14:02 UTC");
	expect_format(1709301720, TIME_DATE, "2024-03-01");
	expect_format(1709301725, TIME_RFC3339, "2024-03-01T14:02:05Z");

	assert_int_equal(tz_set("Europe/Berlin"), 0);
	expect_format(1709301720, TIME_SHOW, "2024-03-01 15:02 CET");
	expect_format(1709301720, TIME_RFC3339, "2024-03-01T15:02:00+01:00");
	expect_format(1719835200, TIME_SHOW, "2024-07-01 14:00 CEST");
	expect_format(1719835200, TIME_RFC3339, "2024-07-01T14:00:00+02:00");
	/* 23:30 UTC is already the next day in Berlin */
	expect_format(1709335800, TIME_DATE, "2024-03-02");

	assert_int_equal(tz_set("America/New_York"), 0);
	expect_format(1709301720, TIME_SHOW, "2024-03-01 09:02 EST");
	expect_format(1709301720, TIME_RFC3339, "2024-03-01T09:02:00-05:00");

	assert_int_equal(tz_set("Asia/Kolkata"), 0);
	expect_format(1709301720, TIME_RFC3339, "2024-03-01T19:32:00+05:30");

	assert_int_equal(tz_set("UTC"), 0);
	/* a short buffer is cut, never overrun */
	assert_string_equal(time_format(1709301720, TIME_DATE, small,
	    sizeof(small)), "2024");
}

static void
test_clock(void **state)
{
	am_time day, t;

	(void)state;
	/* the day's own offset gives the date and the offset */
	assert_int_equal(time_parse("2024-03-01T23:30+05:00", &day), 0);
	assert_int_equal(time_parse_clock("01:15", &day, &t), 0);
	assert_true(t.set);
	assert_true(t.has_offset);
	assert_int_equal(t.offset, 18000);
	assert_int_equal(t.t, 1709237700);

	/* no offset: the local date in the configured zone */
	assert_int_equal(tz_set("Europe/Berlin"), 0);
	assert_int_equal(time_parse("2024-03-01 00:30", &day), 0);
	assert_int_equal(time_parse_clock("14:05", &day, &t), 0);
	assert_false(t.has_offset);
	assert_int_equal(t.t, 1709298300);
	assert_int_equal(time_parse_clock("14:05 UTC", &day, &t), 0);
	assert_true(t.has_offset);
	assert_int_equal(t.t, 1709301900);
	assert_int_equal(time_parse_clock("14:05:30Z", &day, &t), 0);
	assert_int_equal(t.t, 1709301930);
	/* a date-only day works the same */
	assert_int_equal(time_parse("2024-03-01", &day), 0);
	assert_int_equal(time_parse_clock("14:05", &day, &t), 0);
	assert_int_equal(t.t, 1709298300);

	assert_int_equal(time_parse_clock("25:00", &day, &t), -1);
	assert_false(t.set);
	assert_int_equal(time_parse_clock("14:5", &day, &t), -1);
	assert_int_equal(time_parse_clock("14:05 CET", &day, &t), -1);
	assert_int_equal(time_parse_clock("14:05:30.5", &day, &t), -1);
	assert_int_equal(time_parse_clock("", &day, &t), -1);
	memset(&day, 0, sizeof(day));
	assert_int_equal(time_parse_clock("14:05", &day, &t), -1);
	assert_int_equal(time_parse_clock("14:05", NULL, &t), -1);
	assert_int_equal(tz_set("UTC"), 0);
}

static void
test_duration_parse(void **state)
{
	const struct {
		const char *s;
		int64_t secs;
	} ok[] = {
		{ "15m", 900 }, { "2h", 7200 }, { "1h30m", 5400 },
		{ "1h 30m", 5400 }, { "90s", 90 }, { "3d", 259200 },
		{ "1w", 604800 }, { "45", 2700 }, { "0", 0 }, { "0m", 0 },
		{ "1d 2h 3m 4s", 93784 }, { "2H", 7200 }, { " 5m ", 300 },
		{ "PT15M", 900 }, { "PT1H30M", 5400 }, { "P1D", 86400 },
		{ "P1DT2H", 93600 }, { "P2W", 1209600 }, { "PT45S", 45 },
	};
	const char *bad[] = {
		"", " ", "-15m", "-45", "m", "15x", "1h30", "30m1h",
		"1m1m", "1.5h", "PT", "P", "P1M", "P1Y", "PT1D", "15 m",
		"99999999999999999999", "9999999999999999h",
		"153722867280912931m", "1h,30m", "h1",
	};
	int64_t secs;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		secs = -1;
		if (duration_parse(ok[i].s, &secs) != 0 || secs != ok[i].secs)
			fail_msg("\"%s\" gave %lld", ok[i].s, (long long)secs);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (duration_parse(bad[i], &secs) != -1)
			fail_msg("\"%s\" was accepted", bad[i]);
	}
	assert_int_equal(duration_parse(NULL, &secs), -1);
}

static void
test_duration_format(void **state)
{
	const struct {
		int64_t secs;
		const char *want;
	} cases[] = {
		{ 0, "0s" }, { 45, "45s" }, { 59, "59s" }, { 60, "1m" },
		{ 720, "12m" }, { 3599, "59m" }, { 3600, "1h" },
		{ 3 * 3600 + 5 * 60, "3h 05m" }, { 3 * 3600 + 59, "3h" },
		{ 86399, "23h 59m" }, { 86400, "1d" },
		{ 2 * 86400 + 4 * 3600, "2d 4h" }, { 2 * 86400 + 1800, "2d" },
		{ -90, "-1m" },
	};
	char b[32];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(duration_format(cases[i].secs, b,
		    sizeof(b)), cases[i].want);
}

static void
test_working_days(void **state)
{
	/* Fri 2024-03-01 14:02Z, Sat 2024-03-02, Mon 2024-03-04 */
	const int64_t fri = 1709301720, sat = fri + 86400;
	const int64_t mon = fri + 3 * 86400, nextfri = fri + 7 * 86400;
	const char *const hol[] = { "2024-03-04", "2024-03-04", "2024-03-06" };
	const int64_t y0 = 1704067200, y1 = 1735646400;  /* 2024-01-01,
	                                                   2024-12-31 12:00 */

	(void)state;
	assert_int_equal(working_days_between(fri, fri + 3600, NULL, 0), 0);
	assert_int_equal(working_days_between(fri, sat, NULL, 0), 0);
	assert_int_equal(working_days_between(sat, sat + 86400, NULL, 0), 0);
	assert_int_equal(working_days_between(fri, mon, NULL, 0), 1);
	assert_int_equal(working_days_between(fri, nextfri, NULL, 0), 5);
	assert_int_equal(working_days_between(mon, fri, NULL, 0), -1);
	/* a holiday on the Monday, listed twice, and one on the Wednesday */
	assert_int_equal(working_days_between(fri, mon, hol, 3), 0);
	assert_int_equal(working_days_between(fri, nextfri, hol, 3), 3);
	assert_int_equal(working_days_between(nextfri, fri, hol, 3), -3);
	/* a holiday on from's own day is not counted twice */
	assert_int_equal(working_days_between(mon, mon + 86400, hol, 3), 1);
	assert_int_equal(working_days_between(y0, y1, NULL, 0), 261);

	/* local dates: 23:30Z on Friday is already Saturday in Berlin */
	assert_int_equal(working_days_between(1709335800, 1709595000, NULL,
	    0), 1);
	assert_int_equal(tz_set("Europe/Berlin"), 0);
	assert_int_equal(working_days_between(1709335800, 1709595000, NULL,
	    0), 2);
	assert_int_equal(tz_set("UTC"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_accepted_formats, setup_utc),
		cmocka_unit_test_setup(test_refused_formats, setup_utc),
		cmocka_unit_test_setup(test_zone, setup_utc),
		cmocka_unit_test_setup(test_format, setup_utc),
		cmocka_unit_test_setup(test_clock, setup_utc),
		cmocka_unit_test_setup(test_duration_parse, setup_utc),
		cmocka_unit_test_setup(test_duration_format, setup_utc),
		cmocka_unit_test_setup(test_working_days, setup_utc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
