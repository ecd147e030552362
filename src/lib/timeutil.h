/*
 * timeutil.h - reading and showing times, dates and durations.
 *
 * Times without an offset are read in the process's local zone, which the
 * command front end sets once from the config (tz_set) before any stage
 * runs; the machine's own TZ never leaks into results.
 */
#ifndef AM_TIMEUTIL_H
#define AM_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct am_time {
	bool set;          /* a value was read */
	int64_t t;         /* seconds since the epoch (UTC) */
	int offset;        /* offset it was written with, seconds east of UTC */
	bool has_offset;   /* written with an offset or Z */
	bool date_only;    /* written as a bare date (YYYY-MM-DD) */
} am_time;

/* Make name (an IANA zone such as "Europe/Berlin", or "UTC") the zone used
 * to read times without offset and to show times. Returns 0, or -1 when
 * the zone is unknown (the zone is then UTC). */
int tz_set(const char *name);
/* The zone name given to tz_set ("UTC" by default). */
const char *tz_name(void);

/*
 * Parse an ISO 8601 date or date-time: "2024-03-01", "2024-03-01T14:02Z",
 * "2024-03-01 14:02:05+01:00", "2024-03-01T14:02:05.123-0500", and the
 * same with a trailing zone word "UTC"/"Z". Returns 0 and fills *out, or -1
 * when s is not such a time (out is then cleared).
 */
int time_parse(const char *s, am_time *out);
/* Parse a clock time "14:05" or "14:05:30" on the local date of day
 * (in the configured zone). Returns 0 or -1. */
int time_parse_clock(const char *s, const am_time *day, am_time *out);

/* Format t in the configured zone. Formats: "2024-03-01 14:02 CET"
 * (TIME_SHOW), "2024-03-01" (TIME_DATE), RFC 3339 with offset
 * (TIME_RFC3339). Returns buf. */
typedef enum time_style { TIME_SHOW, TIME_DATE, TIME_RFC3339 } time_style;
char *time_format(int64_t t, time_style style, char *buf, size_t n);

/* Parse a duration: "15m", "2h", "1h30m", "90s", "3d", "1w", or a bare
 * number of minutes. Returns 0 and sets *secs, or -1. */
int duration_parse(const char *s, int64_t *secs);
/* Show a duration compactly: "45s", "12m", "3h 05m", "2d 4h". Returns buf. */
char *duration_format(int64_t secs, char *buf, size_t n);

/* Working days (Monday to Friday, minus holidays given as sorted
 * "YYYY-MM-DD" strings) after the local date of from up to and including the
 * local date of to. Negative when to is before from. */
int working_days_between(int64_t from, int64_t to, const char *const *holidays,
    size_t nholidays);

#endif
