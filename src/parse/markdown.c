/*
 * markdown.c - the body of a record: parse it with cmark-gfm, then read
 * the sections, the timeline, the action items and the summary out of the
 * tree. The tree itself is kept in the record for mdhtml.c.
 *
 * The readers are forgiving about layout (lists or tables, bold or code
 * around times, column names in any order) and strict about values: a time
 * that cannot be read is a finding at its line, never a guess.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "parse/markdown.h"
#include "parse/mdlimits.h"
#include "model/sections.h"

/* Columns of an action item table and the headers that name them. */
enum action_col {
	AC_ACTION, AC_OWNER, AC_TYPE, AC_PRIORITY, AC_TICKET, AC_DUE,
	AC_STATUS, AC_COUNT
};
static const char *const action_headers[AC_COUNT][8] = {
	[AC_ACTION] = { "action", "item", "task", "description", "what",
	    "action item", NULL },
	[AC_OWNER] = { "owner", "assignee", "who", "responsible", "dri", NULL },
	[AC_TYPE] = { "type", "kind", "category", NULL },
	[AC_PRIORITY] = { "priority", "prio", "p", NULL },
	[AC_TICKET] = { "ticket", "issue", "jira", "tracker", "link", "ref",
	    NULL },
	[AC_DUE] = { "due", "due date", "deadline", "by", "target date", NULL },
	[AC_STATUS] = { "status", "state", "done", NULL },
};

/* Status words that close an action item. */
static const char *const done_words[] = {
	"done", "closed", "complete", "completed", "fixed", "resolved",
	"shipped", "won't fix", "wontfix", "cancelled", "canceled", "x", "yes",
	"\xe2\x9c\x93", "\xe2\x9c\x94", NULL
};

#define TIME_HINT "write 2024-03-01 14:02Z or 14:02"

/* Anchors already used in this record, for making new ones unique. Keys
 * point at the anchors owned by r->sections. */
typedef struct anchor_slot {
	const char *key;
	int next;              /* the suffix to try next for this base */
} anchor_slot;

typedef struct anchor_set {
	anchor_slot *v;
	size_t n, cap;         /* cap is 0 or a power of two */
} anchor_set;

/* One parse: where findings go and how tree lines map to file lines. */
typedef struct mdctx {
	record *r;
	const config *cfg;     /* for section synonyms; may be NULL */
	diags *d;
	int first_line;
	cmark_node **heads;    /* heads[i] is the heading of r->sections[i] */
} mdctx;

/* What the timeline reader carries from one entry to the next. */
typedef struct tl_state {
	am_time day;           /* the last time read: its date (and offset)
	                          complete a clock-only time */
} tl_state;

/* Grow an array of n elements of size bytes so that one more fits.
 * Capacity is implicit: 8, then doubling at each power of two. */
static void *
grow(void *p, size_t n, size_t size)
{
	if (n < 8)
		return n == 0 ? xmalloc(8 * size) : p;
	if ((n & (n - 1)) == 0)
		return xrealloc(p, 2 * n * size);
	return p;
}

/* ASCII-only character classes: the locale must not change results. */
static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* True when node n has the extension type name ("table", "tasklist"). */
static bool
node_is(cmark_node *n, const char *name)
{
	const char *t = cmark_node_get_type_string(n);

	return t != NULL && strcmp(t, name) == 0;
}

/* The file position of node n. */
static srcpos
node_pos(const mdctx *c, cmark_node *n)
{
	srcpos p;

	p.line = cmark_node_get_start_line(n) + c->first_line - 1;
	p.col = cmark_node_get_start_column(n);
	return p;
}

/* End the current line of b unless it is empty or already ended. */
static void
end_line(buf *b)
{
	if (b->len > 0 && b->data[b->len - 1] != '\n')
		buf_addc(b, '\n');
}

/*
 * Append the plain text of the tree at n to b: text and code literals,
 * breaks as space or newline, one line per block, table cells separated
 * by a tab. Raw HTML is not text and is left out; a link without text
 * stands for its URL. With skip_lists, nested lists are left out (the
 * text of a list item without its sub-items).
 */
static void
plain_text_of(cmark_node *n, buf *b, bool skip_lists)
{
	cmark_iter *it;
	cmark_event_type ev;
	size_t link_mark = 0;

	/* NULL only for a NULL root: cmark aborts on out-of-memory itself */
	if ((it = cmark_iter_new(n)) == NULL)
		return;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		const char *lit;

		switch (cmark_node_get_type(x)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(x)) != NULL)
				buf_adds(b, lit);
			break;
		case CMARK_NODE_CODE_BLOCK:
			end_line(b);
			if ((lit = cmark_node_get_literal(x)) != NULL)
				buf_adds(b, lit);
			end_line(b);
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_addc(b, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			buf_addc(b, '\n');
			break;
		case CMARK_NODE_LIST:
			if (skip_lists && x != n && ev == CMARK_EVENT_ENTER)
				cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
			break;
		case CMARK_NODE_LINK:
			/* links do not nest, so one mark is enough */
			if (ev == CMARK_EVENT_ENTER)
				link_mark = b->len;
			else if (b->len == link_mark &&
			    (lit = cmark_node_get_url(x)) != NULL)
				buf_adds(b, lit);
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_THEMATIC_BREAK:
			end_line(b);
			break;
		default:
			/* a table of headings without rows says nothing: a
			 * required section holding only one is still empty */
			if (node_is(x, "table") && ev == CMARK_EVENT_ENTER &&
			    (cmark_node_first_child(x) == NULL ||
			    cmark_node_next(cmark_node_first_child(x)) == NULL))
				cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
			else if (node_is(x, "table_row") ||
			    node_is(x, "table_header"))
				end_line(b);
			else if (node_is(x, "table_cell") &&
			    ev == CMARK_EVENT_ENTER &&
			    cmark_node_previous(x) != NULL)
				buf_addc(b, '\t');
			break;
		}
	}
	cmark_iter_free(it);
}

/* Collapse runs of white space in s to one space and trim it; returns s. */
static char *
collapse_space(char *s)
{
	size_t i, j = 0;
	bool space = false;

	for (i = 0; s[i] != '\0'; i++) {
		if (is_space((unsigned char)s[i])) {
			space = j > 0;
			continue;
		}
		if (space)
			s[j++] = ' ';
		space = false;
		s[j++] = s[i];
	}
	s[j] = '\0';
	return s;
}

/* The plain text of n on one line, white space collapsed. Caller frees. */
static char *
plain_line(cmark_node *n, bool skip_lists)
{
	buf b = { 0 };

	plain_text_of(n, &b, skip_lists);
	return collapse_space(buf_detach(&b));
}

/* True when title, trimmed and without a trailing colon, is name in any
 * ASCII case. */
static bool
title_is(const char *title, const char *name)
{
	char *t = str_trim(xstrdup(title));
	size_t n = strlen(t);
	bool same;

	if (n > 0 && t[n - 1] == ':') {
		t[n - 1] = '\0';
		str_trim(t);
	}
	same = ascii_strcasecmp(t, name) == 0;
	free(t);
	return same;
}

/* True when s matches one of the NULL-terminated names. */
static bool
title_in(const char *s, const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (title_is(s, names[i]))
			return true;
	return false;
}

/*
 * The block after n in the range that heading head opens: siblings up to
 * the next heading of the same or a higher level. Footnote definitions,
 * which cmark moves to the end of the document, end every range.
 */
static cmark_node *
range_next(cmark_node *head, cmark_node *n)
{
	cmark_node *x = cmark_node_next(n);

	if (x == NULL || cmark_node_get_type(x) == CMARK_NODE_FOOTNOTE_DEFINITION)
		return NULL;
	if (cmark_node_get_type(x) == CMARK_NODE_HEADING &&
	    cmark_node_get_heading_level(x) <=
	    cmark_node_get_heading_level(head))
		return NULL;
	return x;
}

/* See markdown.h. Runs of other ASCII bytes become one '-', so '/' and
 * '.' never survive; bytes of UTF-8 sequences are kept as they are. */
char *
slugify(const char *s)
{
	buf b = { 0 };
	bool dash = false;
	char *out;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int c = *p;

		if (c >= 0x80 || is_alnum(c)) {
			if (dash && b.len > 0)
				buf_addc(&b, '-');
			dash = false;
			if (c >= 'A' && c <= 'Z')
				c = c - 'A' + 'a';
			buf_addc(&b, (char)c);
		} else
			dash = true;
	}
	out = buf_detach(&b);
	if (out[0] == '\0') {
		free(out);
		out = xstrdup("section");
	}
	return out;
}

/* FNV-1a: short keys, no need for more. */
static uint64_t
hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of key, or the empty slot where it would go. */
static anchor_slot *
anchor_find(anchor_set *set, const char *key)
{
	size_t i = (size_t)hash_str(key) & (set->cap - 1);

	while (set->v[i].key != NULL && strcmp(set->v[i].key, key) != 0)
		i = (i + 1) & (set->cap - 1);
	return &set->v[i];
}

/* Add key (borrowed; it must outlive the set). */
static void
anchor_add(anchor_set *set, const char *key)
{
	anchor_slot *slot;

	if (2 * (set->n + 1) > set->cap) {
		anchor_set bigger = { NULL, 0, set->cap ? 2 * set->cap : 64 };

		bigger.v = xcalloc(bigger.cap, sizeof(*bigger.v));
		for (size_t i = 0; i < set->cap; i++)
			if (set->v[i].key != NULL)
				*anchor_find(&bigger, set->v[i].key) = set->v[i];
		bigger.n = set->n;
		free(set->v);
		*set = bigger;
	}
	slot = anchor_find(set, key);
	if (slot->key == NULL) {
		slot->key = key;
		slot->next = 2;
		set->n++;
	}
}

/* True when key is used by a section or reserved for a footnote. */
static bool
anchor_taken(anchor_set *set, const char *key)
{
	const char *p = key;

	/* mdhtml.c gives footnotes the ids fn-1, fn-2, ... */
	if (strncmp(p, "fn-", 3) == 0 && is_digit((unsigned char)p[3])) {
		for (p += 3; is_digit((unsigned char)*p); p++)
			;
		if (*p == '\0')
			return true;
	}
	return set->cap > 0 && anchor_find(set, key)->key != NULL;
}

/* A unique anchor for title: its slug, or the slug with -2, -3, ... The
 * caller adds the result to set once it is stored, and frees it. */
static char *
anchor_for(anchor_set *set, const char *title)
{
	char *base = slugify(title), *cand;
	anchor_slot *slot = NULL;
	int n = 2;

	if (!anchor_taken(set, base))
		return base;
	if (set->cap > 0 && (slot = anchor_find(set, base))->key != NULL)
		n = slot->next;
	else
		slot = NULL;
	for (;; n++) {
		cand = xasprintf("%s-%d", base, n);
		if (!anchor_taken(set, cand))
			break;
		free(cand);
	}
	/* the next duplicate of base starts after this one: no rescans */
	if (slot != NULL)
		slot->next = n + 1;
	free(base);
	return cand;
}

/* Every heading in document order becomes a section. */
static void
read_sections(mdctx *c, cmark_node *doc)
{
	record *r = c->r;
	anchor_set anchors = { NULL, 0, 0 };
	cmark_iter *it;
	cmark_event_type ev;

	if ((it = cmark_iter_new(doc)) == NULL)
		return;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *h = cmark_iter_get_node(it);
		section *s;
		buf text = { 0 };

		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(h) != CMARK_NODE_HEADING)
			continue;
		r->sections = grow(r->sections, r->nsections, sizeof(*s));
		c->heads = grow(c->heads, r->nsections, sizeof(*c->heads));
		c->heads[r->nsections] = h;
		s = &r->sections[r->nsections++];
		memset(s, 0, sizeof(*s));
		s->title = plain_line(h, false);
		s->level = cmark_node_get_heading_level(h);
		s->pos = node_pos(c, h);
		s->anchor = anchor_for(&anchors, s->title);
		anchor_add(&anchors, s->anchor);
		for (cmark_node *n = range_next(h, h); n; n = range_next(h, n)) {
			end_line(&text);
			plain_text_of(n, &text, false);
		}
		while (text.len > 0 && is_space((unsigned char)
		    text.data[text.len - 1]))
			text.data[--text.len] = '\0';
		s->text = buf_detach(&text);
	}
	cmark_iter_free(it);
	free(anchors.v);
}

/* Length of the n digits at s, or 0 when they are not all digits. */
static size_t
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit((unsigned char)s[i]))
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
		if (s[n] == '.' && is_digit((unsigned char)s[n + 1]))
			for (n++; is_digit((unsigned char)s[n]); n++)
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
	return is_alnum((unsigned char)s[n]) ? 0 : n;
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
	if (n == 0 || (s[n] != '\0' && !is_space((unsigned char)s[n]) &&
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

	while (is_space((unsigned char)s[n]))
		n++;
	for (size_t i = 0; seps[i] != NULL; i++) {
		size_t k = strlen(seps[i]);

		if (strncmp(s + n, seps[i], k) == 0) {
			n += k;
			break;
		}
	}
	while (is_space((unsigned char)s[n]))
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
		if (is_digit((unsigned char)s[i]))
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

	r->timeline = grow(r->timeline, r->ntimeline, sizeof(*e));
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
	char *all = plain_line(item, false);
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
	add_entry(c, node_pos(c, item), raw, xstrdup(all + n), &t, status);
	free(all);
}

/* The plain text of cell i of row, trimmed; "" when there is none. */
static char *
cell_text(cmark_node *row, int i)
{
	cmark_node *cell = cmark_node_first_child(row);

	for (; cell != NULL && i > 0; i--)
		cell = cmark_node_next(cell);
	return cell != NULL ? plain_line(cell, false) : xstrdup("");
}

/* True when the header text starts with prefix in any ASCII case. */
static bool
header_starts(const char *h, const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < n; i++) {
		int a = (unsigned char)h[i], b = (unsigned char)prefix[i];

		if (a >= 'A' && a <= 'Z')
			a = a - 'A' + 'a';
		if (a != b)
			return false;
	}
	return true;
}

/* True when the header text contains word in any ASCII case. */
static bool
header_has(const char *h, const char *word)
{
	for (; *h != '\0'; h++)
		if (header_starts(h, word))
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
		char *h = plain_line(cell, false);

		if (date_col < 0 && header_starts(h, "date")) {
			date_col = ncols;
			utc = utc || header_has(h, "utc");
		} else if (time_col < 0 && (header_starts(h, "time") ||
		    header_starts(h, "when"))) {
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
			char *s = cell_text(row, i);

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
		add_entry(c, node_pos(c, row), raw, buf_detach(&text), &t,
		    status);
		free(date);
		free(clock);
		free(parse);
	}
}

/* Entries of the Timeline section: list items and table rows, in
 * document order; date headings inside it set the date of what follows. */
static void
read_timeline(mdctx *c, const am_time *started)
{
	long i = section_find(c->r, c->cfg, SECTION_TIMELINE);
	cmark_node *h;
	tl_state st;

	if (i < 0)
		return;
	memset(&st, 0, sizeof(st));
	if (started->set)
		st.day = *started;
	h = c->heads[i];
	for (cmark_node *n = range_next(h, h); n; n = range_next(h, n)) {
		cmark_iter *it;
		cmark_event_type ev;

		if ((it = cmark_iter_new(n)) == NULL)
			continue;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *x = cmark_iter_get_node(it);

			if (ev != CMARK_EVENT_ENTER)
				continue;
			if (cmark_node_get_type(x) == CMARK_NODE_LIST) {
				/* sub-lists belong to their item's text */
				for (cmark_node *item = cmark_node_first_child(x);
				    item != NULL; item = cmark_node_next(item))
					timeline_item(c, &st, item);
				cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
			} else if (node_is(x, "table")) {
				timeline_table(c, &st, x);
				cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
			} else if (cmark_node_get_type(x) ==
			    CMARK_NODE_HEADING) {
				char *title = plain_line(x, false);
				time_shape shape;
				am_time day;

				if (time_len(title, &shape) ==
				    strlen(title) && shape.date &&
				    time_parse(title, &day) == 0)
					st.day = day;
				free(title);
				cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
			}
		}
		cmark_iter_free(it);
	}
}

/* A new action item at the end of r->actions, zeroed. */
static action_item *
new_action(record *r, srcpos pos)
{
	action_item *a;

	r->actions = grow(r->actions, r->nactions, sizeof(*a));
	a = &r->actions[r->nactions++];
	memset(a, 0, sizeof(*a));
	a->pos = pos;
	return a;
}

/* True when a status cell says the item is closed (done_words). */
static bool
status_is_done(const char *status)
{
	return status != NULL && title_in(status, done_words);
}

/* Read due_raw into due; a due date that is not a date stays unset and
 * is another stage's finding. */
static void
read_due(action_item *a)
{
	if (a->due_raw != NULL && time_parse(a->due_raw, &a->due) < 0)
		memset(&a->due, 0, sizeof(a->due));
}

/* An action item table: columns found by name in any order. */
static void
action_table(mdctx *c, cmark_node *table)
{
	cmark_node *head = cmark_node_first_child(table), *row;
	int col[AC_COUNT], ncols = 0, spare = -1;
	bool any = false;

	if (head == NULL)
		return;
	for (int k = 0; k < AC_COUNT; k++)
		col[k] = -1;
	for (cmark_node *cell = cmark_node_first_child(head); cell != NULL;
	    cell = cmark_node_next(cell), ncols++) {
		char *h = plain_line(cell, false);
		bool known = false;

		for (int k = 0; k < AC_COUNT && !known; k++)
			if (col[k] < 0 && title_in(h, action_headers[k])) {
				col[k] = ncols;
				known = any = true;
			}
		if (!known && spare < 0)
			spare = ncols;
		free(h);
	}
	if (!any)
		return;
	/* "# | Fix | Owner": the first column we do not know is the action */
	if (col[AC_ACTION] < 0)
		col[AC_ACTION] = spare;
	for (row = cmark_node_next(head); row != NULL;
	    row = cmark_node_next(row)) {
		char *v[AC_COUNT];
		bool empty = true;
		action_item *a;

		for (int k = 0; k < AC_COUNT; k++) {
			v[k] = NULL;
			if (col[k] < 0)
				continue;
			v[k] = cell_text(row, col[k]);
			if (v[k][0] == '\0') {
				free(v[k]);
				v[k] = NULL;
			} else
				empty = false;
		}
		if (empty)
			continue;
		a = new_action(c->r, node_pos(c, row));
		a->action = v[AC_ACTION];
		/* "@bo" in a table is the same person as "@bo" in a task
		 * list, whose owner is stored without the '@' */
		if (v[AC_OWNER] != NULL && v[AC_OWNER][0] == '@' &&
		    v[AC_OWNER][1] != '\0')
			memmove(v[AC_OWNER], v[AC_OWNER] + 1,
			    strlen(v[AC_OWNER]));
		a->owner = v[AC_OWNER];
		a->type = v[AC_TYPE];
		a->priority = v[AC_PRIORITY];
		a->ticket = v[AC_TICKET];
		a->due_raw = v[AC_DUE];
		a->status = v[AC_STATUS];
		a->done = status_is_done(a->status);
		read_due(a);
	}
}

/* Trim the ASCII punctuation in set and white space from the core of the
 * word [*s, *e). */
static void
word_core(const char *lead, const char *trail, const char **s,
    const char **e)
{
	while (*s < *e && strchr(lead, **s) != NULL)
		(*s)++;
	while (*e > *s && strchr(trail, (*e)[-1]) != NULL)
		(*e)--;
}

/* True when [s, e) is a ticket: ABC-123 or #123. */
static bool
is_ticket(const char *s, const char *e)
{
	const char *p = s;

	if (p < e && *p == '#') {
		for (p++; p < e && is_digit((unsigned char)*p); p++)
			;
		return p == e && e - s > 1;
	}
	if (p >= e || *p < 'A' || *p > 'Z')
		return false;
	for (p++; p < e && ((*p >= 'A' && *p <= 'Z') || is_digit(
	    (unsigned char)*p) || *p == '_'); p++)
		;
	if (p - s < 2 || p >= e || *p != '-')
		return false;
	s = ++p;
	while (p < e && is_digit((unsigned char)*p))
		p++;
	return p == e && p > s;
}

/* True when [s, e) is the lower-case word w in any ASCII case. */
static bool
word_is(const char *s, const char *e, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(e - s) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int a = (unsigned char)s[i];

		if (a >= 'A' && a <= 'Z')
			a = a - 'A' + 'a';
		if (a != w[i])
			return false;
	}
	return true;
}

/*
 * The action text left when annotations are cut out: empty brackets
 * and stray separators around the cuts go too. Takes ownership of s.
 */
static char *
tidy_action(char *s)
{
	size_t i, j = 0, n;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '(' || s[i] == '[') {
			char close = s[i] == '(' ? ')' : ']';
			size_t k = i + 1;

			while (s[k] != '\0' && strchr(" ,;:", s[k]) != NULL)
				k++;
			if (s[k] == close) {
				i = k;
				continue;
			}
		}
		s[j++] = s[i];
	}
	s[j] = '\0';
	collapse_space(s);
	/* " ," left where a middle annotation was cut */
	for (i = j = 0; s[i] != '\0'; i++) {
		if ((s[i] == ',' || s[i] == ';') && j > 0 &&
		    (s[j - 1] == ' ' || s[j - 1] == ',' || s[j - 1] == ';')) {
			while (j > 0 && s[j - 1] == ' ')
				j--;
			if (j > 0 && (s[j - 1] == ',' || s[j - 1] == ';'))
				continue;
		}
		s[j++] = s[i];
	}
	s[j] = '\0';
	for (n = strlen(s); n > 0;) {
		if (strchr(" ,;:-", s[n - 1]) != NULL)
			n--;
		else if (n >= 3 && (strncmp(s + n - 3, "\xe2\x80\x94", 3) == 0 ||
		    strncmp(s + n - 3, "\xe2\x80\x93", 3) == 0))
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
	while (s[0] == ',' || s[0] == ';' || s[0] == ':' || s[0] == ' ')
		memmove(s, s + 1, strlen(s));
	return s;
}

/* A task list item "- [ ] text @owner ABC-1 due 2024-04-01 P1": the
 * annotations fill the fields and are cut from the action text. */
static void
task_item(mdctx *c, cmark_node *item)
{
	char *text = plain_line(item, true);
	const char *cut[8][2];
	size_t ncut = 0;
	const char *p = text, *prev_s = NULL, *prev_e = NULL;
	action_item *a = new_action(c->r, node_pos(c, item));
	buf keep = { 0 };

	a->done = cmark_gfm_extensions_get_tasklist_item_checked(item);
	while (*p != '\0' && ncut < 8) {
		const char *ws = p, *we, *s, *e, *ce;

		while (*p != '\0' && *p != ' ')
			p++;
		we = p;
		while (*p == ' ')
			p++;
		s = ws;
		e = we;
		word_core("([{", ")]},.;:", &s, &e);
		/* a cut takes the word's trailing punctuation ("@bob," or
		 * "@carol.") but leaves closing brackets to tidy_action */
		ce = we;
		while (ce > e && strchr(")]}", ce[-1]) != NULL)
			ce--;
		if (a->owner == NULL && e - s > 1 && *s == '@') {
			a->owner = xstrndup(s + 1, (size_t)(e - s - 1));
			/* "owner: @bob" loses its label too */
			if (prev_s != NULL && (word_is(prev_s, prev_e, "owner") ||
			    word_is(prev_s, prev_e, "assignee")))
				s = prev_s;
			cut[ncut][0] = s;
			cut[ncut++][1] = ce;
		} else if (a->ticket == NULL && is_ticket(s, e)) {
			a->ticket = xstrndup(s, (size_t)(e - s));
			cut[ncut][0] = s;
			cut[ncut++][1] = ce;
		} else if (a->priority == NULL && e - s == 2 &&
		    (*s == 'P' || *s == 'p') && s[1] >= '0' && s[1] <= '4') {
			a->priority = xasprintf("P%c", s[1]);
			cut[ncut][0] = s;
			cut[ncut++][1] = ce;
		} else if (a->due_raw == NULL && word_is(s, e, "due")) {
			/* "due 2024-04-01", "(due: 2024-04-01)", "due by ..." */
			const char *ds = p, *de;

			if (strncmp(ds, "by ", 3) == 0)
				ds += 3;
			for (de = ds; *de != '\0' && *de != ' '; de++)
				;
			p = ce = de;
			word_core("(", ")]},.;:", &ds, &de);
			while (ce > de && strchr(")]}", ce[-1]) != NULL)
				ce--;
			if (de > ds && is_digit((unsigned char)*ds)) {
				a->due_raw = xstrndup(ds, (size_t)(de - ds));
				cut[ncut][0] = s;
				cut[ncut++][1] = ce;
				while (*p == ' ')
					p++;
			} else
				p = we + strspn(we, " ");
		}
		prev_s = s;
		prev_e = e;
	}
	/* cuts are in text order; keep what lies between them */
	p = text;
	for (size_t i = 0; i < ncut; i++) {
		if (cut[i][0] > p)
			buf_add(&keep, p, (size_t)(cut[i][0] - p));
		if (cut[i][1] > p)
			p = cut[i][1];
	}
	buf_adds(&keep, p);
	a->action = tidy_action(buf_detach(&keep));
	if (a->action[0] == '\0') {
		free(a->action);
		a->action = text;
		text = NULL;
	}
	read_due(a);
	free(text);
}

/* Action items: tables and task lists anywhere in the section. */
static void
read_actions(mdctx *c)
{
	long i = section_find(c->r, c->cfg, SECTION_ACTIONS);
	cmark_node *h;

	if (i < 0)
		return;
	h = c->heads[i];
	for (cmark_node *n = range_next(h, h); n; n = range_next(h, n)) {
		cmark_iter *it;
		cmark_event_type ev;

		if ((it = cmark_iter_new(n)) == NULL)
			continue;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *x = cmark_iter_get_node(it);

			if (ev != CMARK_EVENT_ENTER)
				continue;
			if (node_is(x, "table")) {
				action_table(c, x);
				cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
			} else if (node_is(x, "tasklist"))
				task_item(c, x);
		}
		cmark_iter_free(it);
	}
}

/* The first paragraph of the Summary section, when the front matter has
 * no summary. */
static void
read_summary(mdctx *c)
{
	long i;
	cmark_node *h;

	if (c->r->summary != NULL ||
	    (i = section_find(c->r, c->cfg, SECTION_SUMMARY)) < 0)
		return;
	h = c->heads[i];
	for (cmark_node *n = range_next(h, h); n; n = range_next(h, n))
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
			c->r->summary = plain_line(n, false);
			return;
		}
}

/* See markdown.h. Also sets r->body_line to first_line, which mdhtml.c
 * needs to put its findings on file lines. */
void
markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

cmark_node *
markdown_tree(const char *body, size_t len)
{
	static const char *const extensions[] = {
		"table", "strikethrough", "autolink", "tasklist"
	};
	cmark_parser *parser;
	cmark_node *doc = NULL;

	cmark_gfm_core_extensions_ensure_registered();
	/* never CMARK_OPT_UNSAFE: raw HTML must not survive, and mdhtml.c
	 * drops it again regardless */
	parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES |
	    CMARK_OPT_VALIDATE_UTF8);
	if (parser == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(extensions) / sizeof(*extensions); i++) {
		cmark_syntax_extension *ext;

		if ((ext = cmark_find_syntax_extension(extensions[i])) == NULL ||
		    !cmark_parser_attach_syntax_extension(parser, ext))
			goto out;
	}
	cmark_parser_feed(parser, body, len);
	doc = cmark_parser_finish(parser);
out:
	cmark_parser_free(parser);
	return doc;
}

int
markdown_parse(const char *body, size_t len, int first_line, record *r,
    const config *cfg, diags *d)
{
	cmark_node *doc = NULL;
	mdctx c;
	int rc = -1;

	/* rule levels from the config are applied by the front end to all
	 * findings alike; the config adds section synonyms */
	memset(&c, 0, sizeof(c));
	/* cmark-gfm 0.29.0.gfm.6 is quadratic on some inputs: refuse them
	 * before it starts */
	if (mdlimits_check(body, len, first_line, r->path, NULL, d) < 0)
		goto out;
	if ((doc = markdown_tree(body, len)) == NULL)
		goto out;

	r->doc = doc;
	r->body_line = first_line;
	c.r = r;
	c.cfg = cfg;
	c.d = d;
	c.first_line = first_line;
	read_sections(&c, doc);
	read_timeline(&c, &r->times[PHASE_STARTED]);
	read_actions(&c);
	read_summary(&c);
	rc = 0;
out:
	free(c.heads);
	return rc;
}
