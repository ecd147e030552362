/*
 * timeutil.c - reading and showing times, dates and durations.
 *
 * The zone lives in the process environment (TZ) because mktime and
 * localtime_r read it from there; tz_set is called once at startup, before
 * any stage runs, so nothing else races with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/timeutil.h"

#define ZONEINFO_DIR "/usr/share/zoneinfo"

static char tz_current[128] = "UTC";
static bool tz_ready;

/* Point TZ at spec and make the C library reread it. Returns 0 or -1. */
static int
tz_apply(const char *spec)
{
	if (setenv("TZ", spec, 1) != 0)
		return -1;
	tzset();
	return 0;
}

/* Make sure a zone is in force even when the front end never called
 * tz_set (unit tests, tools): the machine's TZ must not leak in. */
static void
tz_ensure(void)
{
	if (!tz_ready)
		(void)tz_set("UTC");
}

/*
 * True when name is a zone file under ZONEINFO_DIR. The name is checked
 * first so that it can neither leave the directory nor be read by the C
 * library as a POSIX rule ("EST5EDT,M3.2.0"); the file must start with the
 * TZif magic, because the directory also holds tables such as zone.tab.
 */
static bool
zone_exists(const char *name)
{
	char path[PATH_MAX], magic[4];
	struct stat st;
	int fd, n;
	ssize_t got;

	if (name[0] == '\0' || name[0] == '/' || strstr(name, "..") != NULL)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' ||
		    *p == '-' || *p == '+' || *p == '.'))
			return false;
	n = snprintf(path, sizeof(path), "%s/%s", ZONEINFO_DIR, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return false;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	got = read(fd, magic, sizeof(magic));
	if (close(fd) != 0)
		return false;
	return got == (ssize_t)sizeof(magic) && memcmp(magic, "TZif", 4) == 0;
}

int
tz_set(const char *name)
{
	char spec[sizeof(tz_current) + 1];
	int n;

	tz_ready = true;
	if (name != NULL && strcmp(name, "UTC") != 0 &&
	    strlen(name) < sizeof(tz_current) && zone_exists(name)) {
		/* the colon makes glibc read the file, never parse a rule */
		n = snprintf(spec, sizeof(spec), ":%s", name);
		if (n >= 0 && (size_t)n < sizeof(spec) && tz_apply(spec) == 0) {
			memcpy(tz_current, name, strlen(name) + 1);
			return 0;
		}
	}
	/* "UTC0" is a POSIX rule: it needs no zone file on the machine */
	memcpy(tz_current, "UTC", 4);
	if (tz_apply("UTC0") != 0)
		return -1;
	return name != NULL && strcmp(name, "UTC") == 0 ? 0 : -1;
}

const char *
tz_name(void)
{
	return tz_current;
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Days in month m (1-12) of year y, leap years included. */
static int
days_in_month(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : mdays[m - 1];
}

/* Read exactly n ASCII digits at *p into *v and advance. Returns 0 or -1. */
static int
read_digits(const char **p, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9')
			return -1;
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

/* Read "YYYY-MM-DD" at *p into tm (date fields only) and advance. */
static int
read_date(const char **p, struct tm *tm)
{
	int y, mo, d;

	if (read_digits(p, 4, &y) < 0 || *(*p)++ != '-' ||
	    read_digits(p, 2, &mo) < 0 || *(*p)++ != '-' ||
	    read_digits(p, 2, &d) < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	tm->tm_year = y - 1900;
	tm->tm_mon = mo - 1;
	tm->tm_mday = d;
	return 0;
}

/* Read "HH:MM[:SS[.fff]]" at *p into tm and advance. A fraction is
 * accepted (log lines have one) and dropped. */
static int
read_clock(const char **p, struct tm *tm, bool fraction)
{
	int h, mi, s = 0;

	if (read_digits(p, 2, &h) < 0 || *(*p)++ != ':' ||
	    read_digits(p, 2, &mi) < 0)
		return -1;
	if (**p == ':') {
		(*p)++;
		if (read_digits(p, 2, &s) < 0)
			return -1;
		if (fraction && **p == '.') {
			int n = 0;

			for ((*p)++; **p >= '0' && **p <= '9'; (*p)++)
				n++;
			if (n == 0 || n > 9)
				return -1;
		}
	}
	/* 60 is a leap second; timegm and mktime roll it over */
	if (h > 23 || mi > 59 || s > 60)
		return -1;
	tm->tm_hour = h;
	tm->tm_min = mi;
	tm->tm_sec = s;
	return 0;
}

/* True when p, after one optional space, is exactly a UTC zone word. */
static bool
is_utc_word(const char *p)
{
	if (*p == ' ')
		p++;
	return strcmp(p, "Z") == 0 || strcmp(p, "z") == 0 ||
	    strcmp(p, "UTC") == 0 || strcmp(p, "GMT") == 0;
}

/*
 * Read the zone part of a time: "", a UTC word, or "+HH:MM", "+HHMM",
 * "+HH" (or '-'), after one optional space. Sets *has and *offset
 * (seconds east). Returns 0 or -1.
 */
static int
read_zone(const char *p, bool *has, int *offset)
{
	int sign, h, m = 0;

	*has = false;
	*offset = 0;
	if (*p == '\0')
		return 0;
	if (is_utc_word(p)) {
		*has = true;
		return 0;
	}
	if (*p == ' ')
		p++;
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if (read_digits(&p, 2, &h) < 0)
		return -1;
	if (*p == ':')
		p++;
	if (*p != '\0' && read_digits(&p, 2, &m) < 0)
		return -1;
	if (*p != '\0' || h > 23 || m > 59)
		return -1;
	*has = true;
	*offset = sign * (h * 3600 + m * 60);
	return 0;
}

/* Give v the instant of the wall-clock time tm: at v's offset (seconds
 * east of UTC) when it has one, else in the configured zone, letting the
 * zone decide whether summer time applies; then *out the whole of v, now
 * set. Returns 0, or -1 (*out untouched). */
static int
settle_time(struct tm *tm, am_time *v, am_time *out)
{
	time_t x;

	if (!v->has_offset) {
		tz_ensure();
		tm->tm_isdst = -1;
	}
	errno = 0;
	x = v->has_offset ? timegm(tm) : mktime(tm);
	/* -1 is also a valid second (1969-12-31T23:59:59Z) */
	if (x == (time_t)-1 && errno != 0)
		return -1;
	v->t = (int64_t)x - (v->has_offset ? v->offset : 0);
	v->set = true;
	*out = *v;
	return 0;
}

int
time_parse(const char *s, am_time *out)
{
	struct tm tm;
	am_time v;
	const char *p = s;

	memset(out, 0, sizeof(*out));
	memset(&v, 0, sizeof(v));
	memset(&tm, 0, sizeof(tm));
	if (s == NULL || read_date(&p, &tm) < 0)
		return -1;
	if (*p == '\0')
		v.date_only = true;
	else {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return -1;
		p++;
		if (read_clock(&p, &tm, true) < 0 ||
		    read_zone(p, &v.has_offset, &v.offset) < 0)
			return -1;
	}
	return settle_time(&tm, &v, out);
}

int
time_parse_clock(const char *s, const am_time *day, am_time *out)
{
	struct tm tm, clock;
	am_time v;
	time_t base;
	const char *p = s;
	bool utc = false;

	memset(out, 0, sizeof(*out));
	memset(&v, 0, sizeof(v));
	memset(&clock, 0, sizeof(clock));
	if (s == NULL || day == NULL || !day->set)
		return -1;
	if (read_clock(&p, &clock, false) < 0)
		return -1;
	if (*p != '\0') {
		if (!is_utc_word(p))
			return -1;
		utc = true;
	}

	/* the calendar date is the one the day was written in */
	tz_ensure();
	if (day->has_offset) {
		base = (time_t)(day->t + day->offset);
		if (gmtime_r(&base, &tm) == NULL)
			return -1;
	} else {
		base = (time_t)day->t;
		if (localtime_r(&base, &tm) == NULL)
			return -1;
	}
	tm.tm_hour = clock.tm_hour;
	tm.tm_min = clock.tm_min;
	tm.tm_sec = clock.tm_sec;

	/* at UTC (offset zero), else as the day was written */
	if (utc || day->has_offset) {
		v.has_offset = true;
		v.offset = utc ? 0 : day->offset;
	}
	return settle_time(&tm, &v, out);
}

char *
time_format(int64_t t, time_style style, char *buf, size_t n)
{
	struct tm tm;
	time_t x = (time_t)t;
	long off;

	if (n == 0)
		return buf;
	tz_ensure();
	if ((int64_t)x != t || localtime_r(&x, &tm) == NULL) {
		snprintf(buf, n, "?");
		return buf;
	}
	switch (style) {
	case TIME_DATE:
		snprintf(buf, n, "%04d-%02d-%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
		break;
	case TIME_RFC3339:
		off = tm.tm_gmtoff;
		if (off == 0)
			snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    tm.tm_hour, tm.tm_min, tm.tm_sec);
		else
			snprintf(buf, n,
			    "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    tm.tm_hour, tm.tm_min, tm.tm_sec,
			    off < 0 ? '-' : '+', labs(off) / 3600,
			    labs(off) % 3600 / 60);
		break;
	case TIME_SHOW:
	default:
		snprintf(buf, n, "%04d-%02d-%02d %02d:%02d%s%s",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_zone && *tm.tm_zone ? " " : "",
		    tm.tm_zone ? tm.tm_zone : "");
		break;
	}
	return buf;
}

typedef struct dur_unit {
	char name;          /* lower case */
	int64_t secs;
} dur_unit;

/*
 * Read components "<digits><unit>" at *p, with units taken in the order of
 * units[] (largest first, each at most once). spaced allows blanks between
 * components. Adds to *total and counts components in *count.
 * Returns 0 or -1 (bad syntax or overflow).
 */
static int
read_components(const char **p, const dur_unit *units, size_t nunits,
    bool spaced, int64_t *total, int *count)
{
	size_t next = 0;

	while (**p >= '0' && **p <= '9') {
		int64_t v = 0;
		char u;

		for (; **p >= '0' && **p <= '9'; (*p)++) {
			if (v > (INT64_MAX - (**p - '0')) / 10)
				return -1;
			v = v * 10 + (**p - '0');
		}
		u = **p;
		if (u >= 'A' && u <= 'Z')
			u = (char)(u - 'A' + 'a');
		while (next < nunits && units[next].name != u)
			next++;
		if (next == nunits)
			return -1;
		if (v > INT64_MAX / units[next].secs)
			return -1;
		v *= units[next].secs;
		if (*total > INT64_MAX - v)
			return -1;
		*total += v;
		(*count)++;
		next++;
		(*p)++;
		while (spaced && **p == ' ')
			(*p)++;
	}
	return 0;
}

int
duration_parse(const char *s, int64_t *secs)
{
	static const dur_unit compact[] = { { 'w', 604800 }, { 'd', 86400 },
	    { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };
	static const dur_unit iso_date[] = { { 'w', 604800 }, { 'd', 86400 } };
	static const dur_unit iso_time[] = { { 'h', 3600 }, { 'm', 60 },
	    { 's', 1 } };
	const char *p = s, *q, *r;
	int64_t total = 0;
	int count = 0;

	if (s == NULL)
		return -1;
	while (*p == ' ')
		p++;
	for (q = p; *q >= '0' && *q <= '9'; q++)
		;
	for (r = q; *r == ' '; r++)
		;
	if (q > p && *r == '\0') {
		/* a bare number is minutes */
		for (; p < q; p++) {
			if (total > (INT64_MAX / 60 - (*p - '0')) / 10)
				return -1;
			total = total * 10 + (*p - '0');
		}
		*secs = total * 60;
		return 0;
	}
	if (*p == 'P' || *p == 'p') {
		/* ISO 8601: years and months have no fixed length, so only
		 * weeks, days, hours, minutes and seconds */
		p++;
		if (read_components(&p, iso_date, 2, false, &total,
		    &count) < 0)
			return -1;
		if (*p == 'T' || *p == 't') {
			int before = count;

			p++;
			if (read_components(&p, iso_time, 3, false, &total,
			    &count) < 0 || count == before)
				return -1;
		}
	} else if (read_components(&p, compact, 5, true, &total,
	    &count) < 0)
		return -1;
	while (*p == ' ')
		p++;
	if (count == 0 || *p != '\0')
		return -1;
	*secs = total;
	return 0;
}

char *
duration_format(int64_t secs, char *buf, size_t n)
{
	const char *sign = secs < 0 ? "-" : "";
	uint64_t v = secs < 0 ? -(uint64_t)secs : (uint64_t)secs;

	if (n == 0)
		return buf;
	if (v < 60)
		snprintf(buf, n, "%s%" PRIu64 "s", sign, v);
	else if (v < 3600)
		snprintf(buf, n, "%s%" PRIu64 "m", sign, v / 60);
	else if (v < 86400) {
		if (v % 3600 / 60)
			snprintf(buf, n, "%s%" PRIu64 "h %02" PRIu64 "m", sign,
			    v / 3600, v % 3600 / 60);
		else
			snprintf(buf, n, "%s%" PRIu64 "h", sign, v / 3600);
	} else {
		if (v % 86400 / 3600)
			snprintf(buf, n, "%s%" PRIu64 "d %" PRIu64 "h", sign,
			    v / 86400, v % 86400 / 3600);
		else
			snprintf(buf, n, "%s%" PRIu64 "d", sign, v / 86400);
	}
	return buf;
}

/* Day number (days since 1970-01-01) of the local date of t, or -1 when
 * t cannot be shown as a local time. */
static int
local_day(int64_t t, int64_t *day)
{
	struct tm tm;
	time_t x = (time_t)t;

	if ((int64_t)x != t || localtime_r(&x, &tm) == NULL)
		return -1;
	*day = days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	return 0;
}

/* True for Monday to Friday. Day 0, 1970-01-01, was a Thursday. */
static bool
is_weekday(int64_t day)
{
	int64_t wd = ((day % 7) + 7 + 4) % 7;      /* 0 = Sunday */

	return wd >= 1 && wd <= 5;
}

int
working_days_between(int64_t from, int64_t to, const char *const *holidays,
    size_t nholidays)
{
	int64_t lo, hi, span, count, prev = INT64_MIN;
	int sign = 1;

	tz_ensure();
	if (local_day(from, &lo) < 0 || local_day(to, &hi) < 0)
		return 0;
	if (hi < lo) {
		int64_t tmp = lo;

		lo = hi;
		hi = tmp;
		sign = -1;
	}
	/* whole weeks have five working days; walk only the rest */
	span = hi - lo;
	count = span / 7 * 5;
	for (int64_t day = hi - span % 7 + 1; day <= hi; day++)
		if (is_weekday(day))
			count++;
	for (size_t i = 0; i < nholidays; i++) {
		struct tm tm;
		const char *p = holidays[i];
		int64_t day;

		memset(&tm, 0, sizeof(tm));
		if (p == NULL || read_date(&p, &tm) < 0 || *p != '\0')
			continue;
		day = days_from_civil((int64_t)tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
		/* the list is sorted: a repeat sits next to its twin */
		if (day == prev)
			continue;
		prev = day;
		if (day > lo && day <= hi && is_weekday(day))
			count--;
	}
	if (count > INT_MAX)
		count = INT_MAX;
	return sign * (int)count;
}
