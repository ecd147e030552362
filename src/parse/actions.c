/*
 * actions.c - the Action items section: tables whose columns are found by
 * name, and task list items whose "key: value" pairs in parentheses
 * ("(owner: alice, due: 2026-03-01)") and annotations (@owner, ABC-123,
 * P1, "due 2024-04-01") fill the fields and are cut from the text. Every
 * form gives a field its value through set_field, so that a field reads
 * the same however it is written.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "parse/mdtree.h"
#include "model/sections.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "lib/words.h"

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

/* A new action item at the end of r->actions, zeroed. */
static action_item *
new_action(record *r, srcpos pos)
{
	action_item *a;

	r->actions = md_grow(r->actions, r->nactions, sizeof(*a));
	a = &r->actions[r->nactions++];
	memset(a, 0, sizeof(*a));
	a->pos = pos;
	return a;
}

/* The field (an enum action_col but AC_ACTION) that name stands for, as
 * a table header or a "key:" of a task list; -1 when none. */
static int
field_named(const char *name)
{
	for (int k = AC_ACTION + 1; k < AC_COUNT; k++)
		if (title_in(name, action_headers[k]))
			return k;
	return -1;
}

/*
 * Give field col of a the value v (taken; NULL or "" gives nothing), as
 * every form of an item writes it: an owner "@bo" is "bo", whose name a
 * task list's "@bo" also gives. A field keeps the first value it gets.
 */
static void
set_field(action_item *a, int col, char *v)
{
	char **slot[AC_COUNT] = {
		[AC_ACTION] = &a->action, [AC_OWNER] = &a->owner,
		[AC_TYPE] = &a->type, [AC_PRIORITY] = &a->priority,
		[AC_TICKET] = &a->ticket, [AC_DUE] = &a->due_raw,
		[AC_STATUS] = &a->status,
	};

	if (v == NULL || v[0] == '\0' || *slot[col] != NULL) {
		free(v);
		return;
	}
	if (col == AC_OWNER && v[0] == '@' && v[1] != '\0')
		memmove(v, v + 1, strlen(v));
	*slot[col] = v;
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
		char *h = md_plain_line(cell, false);
		int k = title_in(h, action_headers[AC_ACTION]) ? AC_ACTION :
		    field_named(h);
		bool known = false;

		if (k >= 0 && col[k] < 0) {
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
			v[k] = md_cell_text(row, col[k]);
			if (v[k][0] == '\0') {
				free(v[k]);
				v[k] = NULL;
			} else
				empty = false;
		}
		if (empty)
			continue;
		a = new_action(c->r, md_node_pos(c, row));
		for (int k = 0; k < AC_COUNT; k++)
			set_field(a, k, v[k]);
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
		for (p++; p < e && ascii_is_digit((unsigned char)*p); p++)
			;
		return p == e && e - s > 1;
	}
	if (p >= e || *p < 'A' || *p > 'Z')
		return false;
	for (p++; p < e && ((*p >= 'A' && *p <= 'Z') || ascii_is_digit(
	    (unsigned char)*p) || *p == '_'); p++)
		;
	if (p - s < 2 || p >= e || *p != '-')
		return false;
	s = ++p;
	while (p < e && ascii_is_digit((unsigned char)*p))
		p++;
	return p == e && p > s;
}

/* True when [s, e) is the lower-case word w in any ASCII case. */
static bool
word_is(const char *s, const char *e, const char *w)
{
	return (size_t)(e - s) == strlen(w) && md_starts_with_ci(s, w);
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
	md_collapse_space(s);
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

/* The fields as a task list names them, for "did you mean". */
static const char *const field_keys[] = {
	"owner", "ticket", "due", "priority", "type", "status", NULL
};

/* True when [s, e) can be the key of a "key: value" pair: one or two
 * words of letters ("owner", "due date"). */
static bool
looks_like_key(const char *s, const char *e)
{
	if (s == e || e - s > 24)
		return false;
	for (const char *p = s; p < e; p++)
		if ((!ascii_is_alnum((unsigned char)*p) ||
		    ascii_is_digit((unsigned char)*p)) && *p != ' ' &&
		    *p != '-' && *p != '_')
			return false;
	return true;
}

/*
 * One part of a parenthesised group, [s, e) trimmed: a "key: value" pair
 * whose key names a field gives a its value and true (the part is cut);
 * a key a letter or two from a field name is reported with the field it
 * was probably meant to be (the checker still says that field is
 * missing: it is); anything else is text.
 */
static bool
read_pair(mdctx *c, action_item *a, const char *s, const char *e)
{
	const char *colon = memchr(s, ':', (size_t)(e - s));
	const char *ke, *vs, *ve = e;
	const char *best;
	char *key;
	int k;

	if (colon == NULL)
		return false;
	vs = colon + 1;
	for (ke = colon; ke > s && ke[-1] == ' '; ke--)
		;
	if (!looks_like_key(s, ke))
		return false;
	key = xstrndup(s, (size_t)(ke - s));
	if ((k = field_named(key)) >= 0) {
		while (vs < ve && *vs == ' ')
			vs++;
		while (ve > vs && ve[-1] == ' ')
			ve--;
		set_field(a, k, xstrndup(vs, (size_t)(ve - vs)));
		free(key);
		return true;
	}
	/* "see: ..." is text; "onwer: bo" is a field misspelt */
	if ((best = closest_word(key, field_keys)) != NULL &&
	    (edit_distance(key, best) <= 1 || strlen(key) >= 5))
		diags_add(c->d, c->r->path, a->pos.line, a->pos.col,
		    DIAG_WARNING, "unknown-field", "'%s' is not a field of "
		    "an action item; did you mean '%s'? (the fields: owner, "
		    "ticket, due, priority, type, status)", key, best);
	free(key);
	return false;
}

/* The ')' that closes the '(' at open, counting nested pairs, or NULL
 * when the text ends first. */
static const char *
group_end(const char *open)
{
	int depth = 0;

	for (const char *p = open; *p; p++)
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p;
	return NULL;
}

/*
 * Read the "key: value" pairs of each parenthesised group of text
 * ("(owner: alice, due: 2026-03-01)", parts split at ',' and ';' outside
 * nested parentheses) into a. Returns text without them (the caller
 * frees it): a group that gave no pair stays as written, the other parts
 * of one that did stay in it, and a group left empty goes.
 */
static char *
read_pairs(mdctx *c, action_item *a, const char *text)
{
	buf out = { 0 }, kept = { 0 };
	const char *p = text;

	for (;;) {
		const char *open = strchr(p, '('), *close, *q;
		size_t nkept = 0;
		bool taken = false;

		if (open == NULL || (close = group_end(open)) == NULL)
			break;
		buf_add(&out, p, (size_t)(open - p));
		kept.len = 0;
		for (q = open + 1; q <= close;) {
			const char *s = q, *e = q;
			int depth = 0;

			/* the part ends at ',' or ';' or the group's ')' */
			for (; e < close; e++)
				if (*e == '(')
					depth++;
				else if (*e == ')')
					depth--;
				else if (depth == 0 && (*e == ',' || *e == ';'))
					break;
			q = e + 1;
			while (s < e && *s == ' ')
				s++;
			while (e > s && e[-1] == ' ')
				e--;
			if (s == e)
				continue;
			if (read_pair(c, a, s, e)) {
				taken = true;
				continue;
			}
			buf_adds(&kept, nkept++ ? ", " : "(");
			buf_add(&kept, s, (size_t)(e - s));
		}
		if (!taken)
			buf_add(&out, open, (size_t)(close + 1 - open));
		else if (nkept > 0) {
			buf_add(&out, kept.data, kept.len);
			buf_addc(&out, ')');
		}
		p = close + 1;
	}
	buf_adds(&out, p);
	buf_free(&kept);
	return buf_detach(&out);
}

/* A task list item "- [ ] text @owner ABC-1 due 2024-04-01 P1" or "- [ ]
 * text (owner: bo, ticket: ABC-1, due: 2024-04-01)": the pairs and
 * annotations fill the fields and are cut from the action text. */
static void
task_item(mdctx *c, cmark_node *item)
{
	char *line = md_plain_line(item, true), *text;
	const char *cut[8][2];
	size_t ncut = 0;
	const char *p, *prev_s = NULL, *prev_e = NULL;
	action_item *a = new_action(c->r, md_node_pos(c, item));
	buf keep = { 0 };

	text = read_pairs(c, a, line);
	p = text;
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
			set_field(a, AC_OWNER, xstrndup(s, (size_t)(e - s)));
			/* "owner: @bob" loses its label too */
			if (prev_s != NULL && (word_is(prev_s, prev_e, "owner") ||
			    word_is(prev_s, prev_e, "assignee")))
				s = prev_s;
			cut[ncut][0] = s;
			cut[ncut++][1] = ce;
		} else if (a->ticket == NULL && is_ticket(s, e)) {
			set_field(a, AC_TICKET, xstrndup(s, (size_t)(e - s)));
			cut[ncut][0] = s;
			cut[ncut++][1] = ce;
		} else if (a->priority == NULL && e - s == 2 &&
		    (*s == 'P' || *s == 'p') && s[1] >= '0' && s[1] <= '4') {
			set_field(a, AC_PRIORITY, xasprintf("P%c", s[1]));
			cut[ncut][0] = s;
			cut[ncut++][1] = ce;
		} else if (a->due_raw == NULL && word_is(s, e, "due")) {
			/* "due 2024-04-01", "due: 2024-04-01", "due by ..."; a
			 * word not starting with a digit is prose ("due to") */
			const char *ds = p, *de;

			if (strncmp(ds, "by ", 3) == 0)
				ds += 3;
			for (de = ds; *de != '\0' && *de != ' '; de++)
				;
			p = ce = de;
			word_core("(", ")]},.;:", &ds, &de);
			while (ce > de && strchr(")]}", ce[-1]) != NULL)
				ce--;
			if (de > ds && ascii_is_digit((unsigned char)*ds)) {
				set_field(a, AC_DUE, xstrndup(ds,
				    (size_t)(de - ds)));
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
		a->action = line;
		line = NULL;
	}
	/* "- [ ] ... (status: done)" is as done as "- [x]" */
	a->done = cmark_gfm_extensions_get_tasklist_item_checked(item) ||
	    status_is_done(a->status);
	read_due(a);
	free(text);
	free(line);
}

/* Read one block node of the Action items section; true when its
 * children are read with it. */
static bool
action_node(mdctx *c, cmark_node *x, void *arg)
{
	(void)arg;
	if (md_node_is(x, "table")) {
		action_table(c, x);
		return true;
	}
	if (md_node_is(x, "tasklist"))
		task_item(c, x);
	return false;
}

/* See mdtree.h. Tables and task lists anywhere in the section. */
void
md_read_actions(mdctx *c)
{
	long i = section_find(c->r, c->cfg, SECTION_ACTIONS);

	if (i >= 0)
		md_walk_section(c, i, action_node, NULL);
}
