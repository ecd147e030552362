/*
 * timeline_text.c - the grammar of the Timeline section: times as written
 * ("2024-03-01 14:02Z", "14:05 UTC"), the separators after them, list
 * items and table rows read into timeline entries, and the findings for
 * times that cannot be read.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "parse/mdtree.h"
#include "model/sections.h"
#include "lib/timeutil.h"
#include "lib/util.h"

#define TIME_HINT "write 2024-03-01 14:02Z or 14:02"

/* What the timeline reader carries from one entry to the next. */
typedef struct tl_state {
	am_time day;           /* the last time read: its date (and offset)
	                          complete a clock-only time */
} tl_state;

/* Length of the n digits at s, or 0 when they are not all digits. */
static size_t
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!ascii_is_digit((unsigned char)s[i]))
			return 0;
	return n;
}

/* Length of "HH:MM[:SS[.fff]]" at s, or 0. */
static size_t
clock_len(const char *s)
{
	size_t n;

	if (!digits(s, 2) || s[2] != ':' || !digits(s + 3, 2))
		return 0;
	n = 5;
	if (s[n] == ':' && digits(s + n + 1, 2)) {
		n += 3;
		if (s[n] == '.' && ascii_is_digit((unsigned char)s[n + 1]))
			for (n++; ascii_is_digit((unsigned char)s[n]); n++)
				;
	}
	return n;
}

/* Length of a zone after a clock: "Z", "+01:00", "-0500", "+01", or
 * " UTC" / " GMT" / " Z" (the space optional), or 0. */
static size_t
zone_len(const char *s)
{
	size_t n = 0;

	if (s[0] == '+' || s[0] == '-') {
		if (!digits(s + 1, 2))
			return 0;
		n = 3;
		if (s[n] == ':' && digits(s + n + 1, 2))
			n += 3;
		else if (digits(s + n, 2))
			n += 2;
		return n;
	}
	if (s[0] == ' ')
		n = 1;
	if (strncmp(s + n, "UTC", 3) == 0 || strncmp(s + n, "GMT", 3) == 0)
		n += 3;
	else if (s[n] == 'Z' || s[n] == 'z')
		n += 1;
	else
		return 0;
	return ascii_is_alnum((unsigned char)s[n]) ? 0 : n;
}

/* The parts of a time as written. */
typedef struct time_shape {
	bool date, clock, zone;
} time_shape;

/*
 * Length of the time written at the start of s: a date, a date and clock
 * ("2024-03-01 14:02", "2024-03-01T14:02:00Z"), or a clock ("14:05 UTC").
 * 0 when s does not start with one that ends at a word boundary. Fills
 * *shape.
 */
static size_t
time_len(const char *s, time_shape *shape)
{
	size_t n = 0, k, z = 0;

	memset(shape, 0, sizeof(*shape));
	if (digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
	    digits(s + 8, 2)) {
		shape->date = true;
		n = 10;
		if ((s[n] == 'T' || s[n] == 't' || s[n] == ' ') &&
		    (k = clock_len(s + n + 1)) > 0) {
			shape->clock = true;
			z = zone_len(s + n + 1 + k);
			n += 1 + k + z;
		}
	} else if ((k = clock_len(s)) > 0) {
		shape->clock = true;
		z = zone_len(s + k);
		n = k + z;
	}
	shape->zone = z > 0;
	/* "14:05am", "2024-03-01, 14:02": not a time we know; a dash or a
	 * non-ASCII byte (an em dash) may follow directly */
	if (n == 0 || (s[n] != '\0' && !ascii_is_space((unsigned char)s[n]) &&
	    s[n] != ':' && s[n] != '|' && s[n] != '-' &&
	    (unsigned char)s[n] < 0x80))
		return 0;
	return n;
}

/* Length of the separator at s between a time and the text: " — ",
 * " – ", " - ", ": ", " | " (spaces optional), or just white space. */
static size_t
separator_len(const char *s)
{
	static const char *const seps[] = {
		"\xe2\x80\x94", "\xe2\x80\x93", "--", "-", ":", "|", NULL
	};
	size_t n = 0;

	while (ascii_is_space((unsigned char)s[n]))
		n++;
	for (size_t i = 0; seps[i] != NULL; i++) {
		size_t k = strlen(seps[i]);

		if (strncmp(s + n, seps[i], k) == 0) {
			n += k;
			break;
		}
	}
	while (ascii_is_space((unsigned char)s[n]))
		n++;
	return n;
}

/* When s does not start with a time but looks as if it meant to ("14h05 —
 * text"), the length of that would-be time: the text before the first
 * separator, when it is short and holds a digit. Otherwise 0. */
static size_t
bad_time_len(const char *s)
{
	static const char *const seps[] = {
		" \xe2\x80\x94 ", " \xe2\x80\x93 ", " - ", ": ", " | ", NULL
	};
	size_t best = 0;

	for (size_t i = 0; seps[i] != NULL; i++) {
		const char *p = strstr(s, seps[i]);

		if (p != NULL && (best == 0 || (size_t)(p - s) < best))
			best = (size_t)(p - s);
	}
	if (best == 0 || best > 40)
		return 0;
	for (size_t i = 0; i < best; i++)
		if (ascii_is_digit((unsigned char)s[i]))
			return best;
	return 0;
}

/*
 * Read the time raw (exactly a time, see time_len) into *out, completing
 * a clock-only time with the date of st->day and, when st->day was written
 * with an offset, that offset too: a timeline written in UTC stays in UTC.
 * Returns 0, -1 when raw is not a readable time, -2 when it is a clock but
 * no date is known yet.
 */
static int
read_time(tl_state *st, const char *raw, const time_shape *shape,
    am_time *out)
{
	if (shape->date) {
		if (time_parse(raw, out) < 0)
			return -1;
	} else if (!st->day.set) {
		/* tell "25:99" (unreadable) from "14:05" (no date) */
		am_time any = { .set = true, .has_offset = true };

		return time_parse_clock(raw, &any, out) < 0 ? -1 : -2;
	} else if (time_parse_clock(raw, &st->day, out) < 0)
		return -1;
	st->day = *out;
	return 0;
}

/* Append a timeline entry (taking raw and text) with the finding that its
 * status calls for: 0 read, -1 unreadable, -2 no date, -3 no time. */
static void
add_entry(mdctx *c, srcpos pos, char *raw, char *text, const am_time *t,
    int status)
{
	record *r = c->r;
	tl_entry *e;

	r->timeline = md_grow(r->timeline, r->ntimeline, sizeof(*e));
	e = &r->timeline[r->ntimeline++];
	memset(e, 0, sizeof(*e));
	e->time_raw = raw;
	e->text = text;
	e->pos = pos;
	if (status == 0) {
		e->time = *t;
		return;
	}
	if (status == -1)
		diags_add(c->d, r->path, pos.line, pos.col, DIAG_ERROR,
		    "timeline-entry", "cannot read the time '%s' of a timeline "
		    "entry; " TIME_HINT, raw);
	else if (status == -2)
		diags_add(c->d, r->path, pos.line, pos.col, DIAG_ERROR,
		    "timeline-entry", "the time '%s' of a timeline entry has "
		    "no date: write it once (2024-03-01 %s), in a heading "
		    "above or in started", raw, raw);
	else
		diags_add(c->d, r->path, pos.line, pos.col, DIAG_ERROR,
		    "timeline-entry", "timeline entry without a time: start "
		    "it with a time; " TIME_HINT);
}

/* A timeline list item: "TIME SEPARATOR text". */
static void
timeline_item(mdctx *c, tl_state *st, cmark_node *item)
{
	char *all = md_plain_line(item, false);
	am_time t = { 0 };
	time_shape shape;
	size_t n = time_len(all, &shape);
	int status;
	char *raw;

	if (n > 0) {
		raw = xstrndup(all, n);
		status = read_time(st, raw, &shape, &t);
		n += separator_len(all + n);
	} else if ((n = bad_time_len(all)) > 0) {
		raw = xstrndup(all, n);
		status = -1;
		n += separator_len(all + n);
	} else {
		raw = xstrdup("");
		status = -3;
	}
	add_entry(c, md_node_pos(c, item), raw, xstrdup(all + n), &t, status);
	free(all);
}


/* True when the header text contains word in any ASCII case. */
static bool
header_has(const char *h, const char *word)
{
	for (; *h != '\0'; h++)
		if (md_starts_with_ci(h, word))
			return true;
	return false;
}

/*
 * The time of a timeline table row from its Date and Time cells (either
 * may be empty or missing): "date time", unless the Time cell holds a
 * whole time. Returns the time as written; *parse gets what to read,
 * with " UTC" added to a bare clock under a header that says UTC.
 */
static char *
row_time(const char *date, const char *clock, bool utc, char **parse)
{
	time_shape shape;
	char *raw;

	if (clock[0] == '\0')
		raw = xstrdup(date);
	else if (date[0] == '\0' ||
	    (time_len(clock, &shape) > 0 && shape.date))
		raw = xstrdup(clock);
	else
		raw = xasprintf("%s %s", date, clock);
	if (utc && time_len(raw, &shape) == strlen(raw) && shape.clock &&
	    !shape.zone)
		*parse = xasprintf("%s UTC", raw);
	else
		*parse = xstrdup(raw);
	return raw;
}

/* A table in the timeline: one entry per body row, the time from the
 * Time/When/Date column (or Date and Time together). */
static void
timeline_table(mdctx *c, tl_state *st, cmark_node *table)
{
	cmark_node *head = cmark_node_first_child(table), *row;
	int date_col = -1, time_col = -1, ncols = 0;
	bool utc = false;

	if (head == NULL)
		return;
	for (cmark_node *cell = cmark_node_first_child(head); cell != NULL;
	    cell = cmark_node_next(cell), ncols++) {
		char *h = md_plain_line(cell, false);

		if (date_col < 0 && md_starts_with_ci(h, "date")) {
			date_col = ncols;
			utc = utc || header_has(h, "utc");
		} else if (time_col < 0 && (md_starts_with_ci(h, "time") ||
		    md_starts_with_ci(h, "when"))) {
			time_col = ncols;
			utc = utc || header_has(h, "utc");
		}
		free(h);
	}
	if (date_col < 0 && time_col < 0)
		return;
	for (row = cmark_node_next(head); row != NULL;
	    row = cmark_node_next(row)) {
		buf text = { 0 };
		am_time t = { 0 };
		time_shape shape;
		char *date = xstrdup(""), *clock = xstrdup(""), *raw, *parse;
		int status;

		for (int i = 0; i < ncols; i++) {
			char *s = md_cell_text(row, i);

			if (i == date_col) {
				free(date);
				date = s;
			} else if (i == time_col) {
				free(clock);
				clock = s;
			} else {
				if (s[0] != '\0') {
					if (text.len > 0)
						buf_adds(&text, " \xe2\x80\x94 ");
					buf_adds(&text, s);
				}
				free(s);
			}
		}
		raw = row_time(date, clock, utc, &parse);
		if (raw[0] == '\0')
			status = -3;
		else if (time_len(parse, &shape) != strlen(parse))
			status = -1;
		else
			status = read_time(st, parse, &shape, &t);
		add_entry(c, md_node_pos(c, row), raw, buf_detach(&text), &t,
		    status);
		free(date);
		free(clock);
		free(parse);
	}
}

/* Read one block node of the Timeline section; true when its children
 * are read with it. Date headings set the date of what follows. */
static bool
timeline_node(mdctx *c, cmark_node *x, void *arg)
{
	tl_state *st = arg;

	if (cmark_node_get_type(x) == CMARK_NODE_LIST) {
		/* sub-lists belong to their item's text */
		for (cmark_node *item = cmark_node_first_child(x);
		    item != NULL; item = cmark_node_next(item))
			timeline_item(c, st, item);
		return true;
	}
	if (md_node_is(x, "table")) {
		timeline_table(c, st, x);
		return true;
	}
	if (cmark_node_get_type(x) == CMARK_NODE_HEADING) {
		char *title = md_plain_line(x, false);
		time_shape shape;
		am_time day;

		if (time_len(title, &shape) == strlen(title) && shape.date &&
		    time_parse(title, &day) == 0)
			st->day = day;
		free(title);
		return true;
	}
	return false;
}

/* See mdtree.h. */
void
md_read_timeline(mdctx *c, const am_time *started)
{
	long i = section_find(c->r, c->cfg, SECTION_TIMELINE);
	tl_state st;

	if (i < 0)
		return;
	memset(&st, 0, sizeof(st));
	if (started->set)
		st.day = *started;
	md_walk_section(c, i, timeline_node, &st);
}
