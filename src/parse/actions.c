/*
 * actions.c - the Action items section: tables whose columns are found by
 * name, and task list items whose annotations (@owner, ABC-123, P1,
 * "due 2024-04-01") fill the fields and are cut from the text.
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

/* A task list item "- [ ] text @owner ABC-1 due 2024-04-01 P1": the
 * annotations fill the fields and are cut from the action text. */
static void
task_item(mdctx *c, cmark_node *item)
{
	char *text = md_plain_line(item, true);
	const char *cut[8][2];
	size_t ncut = 0;
	const char *p = text, *prev_s = NULL, *prev_e = NULL;
	action_item *a = new_action(c->r, md_node_pos(c, item));
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
			if (de > ds && ascii_is_digit((unsigned char)*ds)) {
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
