/*
 * review.c - the review itself: the sections its severity and status
 * require, present and written (not empty, not a placeholder), and
 * blameless wording where causes are discussed.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "check/internal.h"
#include "lib/ascii.h"
#include "lib/util.h"
#include "model/rules.h"
#include "model/sections.h"
#include "parse/markdown.h"

/* Where the text of a flattened paragraph came from. */
typedef struct segment {
	size_t off;            /* first byte in the flattened text */
	int line, col;         /* file position of that byte */
} segment;

/* A paragraph's or table cell's text on one line, with positions. */
typedef struct flat {
	buf text;
	segment *segs;
	size_t nsegs, cap;
} flat;

/* ---- sections -------------------------------------------------------- */

/* Strip white space and punctuation from both ends of [*s, *e): what is
 * left of "- TODO." or "(TBD)" or "…" is the word, or nothing. */
static void
strip_marks(const char **s, const char **e)
{
	static const char marks[] = " \t\r\n-*_.,:;!?()[]{}<>\"'`#|~";
	bool again = true;

	while (again && *s < *e) {
		again = false;
		if (strchr(marks, **s) != NULL) {
			(*s)++;
			again = true;
		} else if (*e - *s >= 3 && (memcmp(*s, "\xe2\x80\xa6", 3) == 0 ||
		    memcmp(*s, "\xe2\x80\x94", 3) == 0 ||
		    memcmp(*s, "\xe2\x80\x93", 3) == 0)) {
			*s += 3;
			again = true;
		}
		if (*s < *e && strchr(marks, (*e)[-1]) != NULL) {
			(*e)--;
			again = true;
		} else if (*e - *s >= 3 && (memcmp(*e - 3, "\xe2\x80\xa6", 3) == 0 ||
		    memcmp(*e - 3, "\xe2\x80\x94", 3) == 0 ||
		    memcmp(*e - 3, "\xe2\x80\x93", 3) == 0)) {
			*e -= 3;
			again = true;
		}
	}
}

/* True when [s, e) is the placeholder p: equal in any ASCII case once
 * both are stripped of marks, or p followed by ':' ("TODO: numbers"). */
static bool
piece_is(const char *s, const char *e, const char *p)
{
	const char *ps = p, *pe = p + strlen(p), *ts = s, *te = e;
	size_t n;

	strip_marks(&ps, &pe);
	n = (size_t)(pe - ps);
	if (n == 0)
		return false;
	while (ts < te && (*ts == ' ' || *ts == '\t'))
		ts++;
	if ((size_t)(te - ts) > n && ts[n] == ':') {
		size_t i;

		for (i = 0; i < n && ascii_lower((unsigned char)ts[i]) ==
		    ascii_lower((unsigned char)ps[i]); i++)
			;
		if (i == n)
			return true;
	}
	strip_marks(&s, &e);
	if ((size_t)(e - s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower((unsigned char)s[i]) !=
		    ascii_lower((unsigned char)ps[i]))
			return false;
	return true;
}


/* True when [s, e) is only white space. */
static bool
blank_range(const char *s, const char *e)
{
	for (; s < e; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/*
 * Whether a section's text says nothing: 0 when it has content, 1 when
 * it is empty, 2 when every line (and table cell) is a placeholder or bare
 * punctuation; *which then gets the first one (the caller frees it).
 */
static int
section_emptiness(const char *text, const strlist *placeholders,
    char **which)
{
	const char *p = text;
	bool any = false;

	*which = NULL;
	while (*p != '\0') {
		const char *ls = p, *le = p + strcspn(p, "\n\t");
		const char *s = ls, *e = le;
		bool ph;

		p = *le != '\0' ? le + 1 : le;
		if (blank_range(ls, le))
			continue;
		strip_marks(&s, &e);
		ph = s == e;
		for (size_t i = 0; !ph && i < placeholders->n; i++)
			ph = piece_is(ls, le, placeholders->v[i]);
		if (!ph) {
			free(*which);
			*which = NULL;
			return 0;
		}
		if (*which == NULL)
			*which = str_trim(xstrndup(ls, (size_t)(le - ls)));
		any = true;
	}
	return any ? 2 : 1;
}

/* The first row of the required-sections table that applies to r. */
static const section_rule *
section_rule_for(const checker *c)
{
	const record *r = c->r;
	const check_conf *k = &c->cfg->check;
	const char *type = !blank(r->type) ? r->type : record_types[0];

	for (size_t i = 0; i < k->nsections; i++) {
		const section_rule *sr = &k->sections[i];

		if (sr->status.n > 0 && !list_has(&sr->status, r->status))
			continue;
		if (sr->severity.n > 0 && !list_has(&sr->severity, r->severity))
			continue;
		if (sr->type.n > 0 && !list_has(&sr->type, type))
			continue;
		return sr;
	}
	return NULL;
}

/* Why sr applies to r, for messages: "status 'closed', severity 'SEV3'"
 * or "every record". The caller frees it. */
static char *
section_rule_reason(const checker *c, const section_rule *sr)
{
	const record *r = c->r;
	buf b = { 0 };

	if (sr->status.n > 0)
		buf_addf(&b, "status '%s'", r->status);
	if (sr->severity.n > 0)
		buf_addf(&b, "%sseverity '%s'", b.len ? ", " : "", r->severity);
	if (sr->type.n > 0)
		buf_addf(&b, "%stype '%s'", b.len ? ", " : "",
		    !blank(r->type) ? r->type : record_types[0]);
	if (b.len == 0)
		buf_adds(&b, "every record");
	return buf_detach(&b);
}

/* section-required and section-empty. */
void
check_sections(checker *c)
{
	const record *r = c->r;
	const section_rule *sr = section_rule_for(c);
	char *why;

	if (sr == NULL)
		return;
	why = section_rule_reason(c, sr);
	for (size_t i = 0; i < sr->require.n; i++) {
		const char *name = sr->require.v[i];
		long k = section_index_find(c->sections, r, name);
		bool actions = section_index_is(c->sections, SECTION_ACTIONS,
		    name);
		char *which = NULL;
		int empty;

		if (k < 0) {
			srcpos pos = r->field_pos[F_STATUS];

			if (pos.line == 0)
				pos = (srcpos){ r->body_line > 0 ?
				    r->body_line : 1, 1 };
			finding(c, pos, "section-required", "missing section "
			    "'%s' (required for %s)", name, why);
			c->actions_reported |= actions;
			continue;
		}
		empty = section_emptiness(r->sections[k].text,
		    &c->cfg->check.placeholders, &which);
		if (empty == 1) {
			finding(c, r->sections[k].pos, "section-empty",
			    "section '%s' is empty (required for %s)",
			    r->sections[k].title, why);
			c->actions_reported |= actions;
		} else if (empty == 2) {
			finding(c, r->sections[k].pos, "section-empty",
			    "section '%s' holds only a placeholder ('%s'; "
			    "required for %s)", r->sections[k].title, which,
			    why);
			c->actions_reported |= actions;
		}
		free(which);
	}
	free(why);
	/* a placeholder left in any section means the review is not done,
	 * required or not; a section left empty on purpose is fine. The
	 * required ones were looked up once each, not once per section:
	 * a record may have thousands of headings */
	long *req = xcalloc(sr->require.n ? sr->require.n : 1, sizeof(*req));

	for (size_t i = 0; i < sr->require.n; i++)
		req[i] = section_index_find(c->sections, r, sr->require.v[i]);
	for (size_t k = 0; k < r->nsections; k++) {
		char *which = NULL;
		bool required = false;

		for (size_t i = 0; i < sr->require.n && !required; i++)
			required = req[i] == (long)k;
		if (required || r->sections[k].level > 2)
			continue;
		if (section_emptiness(r->sections[k].text,
		    &c->cfg->check.placeholders, &which) == 2)
			finding(c, r->sections[k].pos, "section-empty",
			    "section '%s' holds only a placeholder ('%s'); "
			    "write it or remove the section",
			    r->sections[k].title, which);
		free(which);
	}
	free(req);
}

/* section-ambiguous: a heading taken as two sections at once counts as
 * both, which is seldom what its writer meant: "What went well and what
 * went wrong" under one heading, or a configured synonym that is also
 * another section's. */
void
check_ambiguous_sections(checker *c)
{
	const record *r = c->r;

	for (size_t k = 0; k < r->nsections; k++) {
		strlist got = { 0 };
		bool configured = false;

		if (section_index_matches(c->sections, r->sections[k].title,
		    &got) < 2)
			goto next;
		/* a configured synonym may be what makes it both */
		for (size_t i = 0; i < c->cfg->check.nsection_aliases; i++)
			configured |= list_has(&got,
			    c->cfg->check.section_aliases[i].name);
		finding(c, r->sections[k].pos, "section-ambiguous", "heading "
		    "'%s' is taken as both '%s' and '%s'; %s",
		    r->sections[k].title, got.v[0], got.v[1], configured ?
		    "give each its own heading, or change section_synonyms "
		    "in aftermath.yaml" : "give each its own heading");
next:
		strlist_free(&got);
	}
}

/* ---- blameless writing ----------------------------------------------- */

/* Append literal s of the inline node at pos to f. */
static void
flat_add(flat *f, const char *s, int line, int col)
{
	if (f->nsegs == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->segs = xrealloc(f->segs, f->cap * sizeof(*f->segs));
	}
	f->segs[f->nsegs++] = (segment){ f->text.len, line, col };
	buf_adds(&f->text, s);
}

/* The flattened text being made, and where the body starts. */
struct flattening {
	flat *f;
	int line0;
};

/* markdown_visit's call: one inline node's text into the flat text. */
static bool
flatten_node(cmark_node *x, void *arg)
{
	struct flattening *fl = arg;
	int line = cmark_node_get_start_line(x);
	int col = cmark_node_get_start_column(x);
	const char *lit;

	if (line > 0)
		line += fl->line0 - 1;
	switch (cmark_node_get_type(x)) {
	case CMARK_NODE_TEXT:
		if ((lit = cmark_node_get_literal(x)) != NULL)
			flat_add(fl->f, lit, line, col);
		break;
	case CMARK_NODE_CODE:
		flat_add(fl->f, "\x01", line, col);
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		flat_add(fl->f, " ", line, col);
		break;
	default:
		break;
	}
	return false;
}

/*
 * The text of the inline content of block n with where each piece came
 * from. Code spans become a mark that no phrase matches: quoted log lines
 * ("failed to connect") are evidence, not wording. line0 converts body
 * lines to file lines.
 */
static void
flatten(cmark_node *n, int line0, flat *f)
{
	struct flattening fl = { f, line0 };

	markdown_visit(n, flatten_node, &fl);
}

/* True for a byte that continues a word: ASCII letters and digits, and
 * any byte of a non-ASCII character. */
static bool
word_byte(int c)
{
	return ascii_is_alnum(c) || c >= 0x80;
}

/*
 * Length of phrase p matched at s (text of n bytes from s), or 0. A space
 * in p matches any run of white space, an apostrophe also the
 * typographic one; letters match in any ASCII case.
 */
static size_t
phrase_at(const char *s, size_t n, const char *p)
{
	size_t i = 0;

	for (; *p; p++) {
		if (*p == ' ') {
			size_t k = i;

			while (k < n && (s[k] == ' ' || s[k] == '\t' ||
			    s[k] == '\n'))
				k++;
			if (k == i)
				return 0;
			i = k;
		} else if (*p == '\'' && i + 3 <= n &&
		    memcmp(s + i, "\xe2\x80\x99", 3) == 0)
			i += 3;
		else if (i < n && ascii_lower((unsigned char)s[i]) ==
		    ascii_lower((unsigned char)*p))
			i++;
		else
			return 0;
	}
	return i;
}

/* The file position of byte off of f. */
static srcpos
flat_pos(const flat *f, size_t off, srcpos fallback)
{
	size_t k = 0;

	for (size_t i = 0; i < f->nsegs && f->segs[i].off <= off; i++)
		k = i;
	if (f->nsegs == 0 || f->segs[k].line <= 0)
		return fallback;
	return (srcpos){ f->segs[k].line,
	    f->segs[k].col + (int)(off - f->segs[k].off) };
}

/* blame-language in the text of block n. */
static void
blame_in_block(checker *c, cmark_node *n, srcpos block_pos)
{
	const strlist *phrases = &c->cfg->check.blame_phrases;
	flat f = { { 0 }, NULL, 0, 0 };
	const char *t;
	size_t len;

	flatten(n, c->r->body_line, &f);
	t = f.text.data != NULL ? f.text.data : "";
	len = f.text.len;
	for (size_t i = 0; i < len; i++) {
		for (size_t k = 0; k < phrases->n; k++) {
			const char *p = phrases->v[k];
			size_t m, plen = strlen(p);

			if (plen == 0)
				continue;
			if (word_byte((unsigned char)p[0]) && i > 0 &&
			    word_byte((unsigned char)t[i - 1]))
				continue;
			if ((m = phrase_at(t + i, len - i, p)) == 0)
				continue;
			if (word_byte((unsigned char)p[plen - 1]) &&
			    i + m < len && word_byte((unsigned char)t[i + m]))
				continue;
			finding(c, flat_pos(&f, i, block_pos),
			    "blame-language", "\"%.*s\": blaming or "
			    "counterfactual wording; describe what happened "
			    "and why it made sense at the time", (int)m, t + i);
			i += m - 1;
			break;
		}
	}
	buf_free(&f.text);
	free(f.segs);
}

/* True when the section title is one of the sections searched for
 * blame. */
static bool
blame_section(const checker *c, const char *title)
{
	const strlist *l = &c->cfg->check.blame_sections;

	for (size_t i = 0; i < l->n; i++)
		if (section_index_is(c->sections, l->v[i], title))
			return true;
	return false;
}

/*
 * blame-language: paragraphs and table cells under a heading (at any
 * level above them) that is one of the blame sections. Headings come in
 * the order of r->sections, which is how their titles are known here.
 */
void
check_blame(checker *c)
{
	const record *r = c->r;
	cmark_node *doc = r->doc, *own = NULL;
	cmark_iter *it;
	cmark_event_type ev;
	bool in[7] = { false };  /* in[l]: the heading of level l is one */
	size_t nhead = 0;
	bool some = false;

	if (c->cfg->check.blame_phrases.n == 0)
		return;
	/* only text under a blame section is read: without one, the tree
	 * need not be parsed again */
	for (size_t k = 0; k < r->nsections && !some; k++)
		some = blame_section(c, r->sections[k].title);
	if (!some)
		return;
	/* the load stage keeps the body text, not the tree */
	if (doc == NULL && r->body != NULL)
		doc = own = markdown_tree(r->body, r->body_len);
	if (doc == NULL || (it = cmark_iter_new(doc)) == NULL) {
		if (own != NULL)
			cmark_node_free(own);
		return;
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		const char *type = cmark_node_get_type_string(x);
		bool any = false;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(x) == CMARK_NODE_HEADING) {
			int level = cmark_node_get_heading_level(x);

			if (level >= 1 && level <= 6 && nhead < r->nsections) {
				in[level] = blame_section(c,
				    r->sections[nhead].title);
				for (int l = level + 1; l <= 6; l++)
					in[l] = false;
			}
			nhead++;
			cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
			continue;
		}
		for (int l = 1; l <= 6; l++)
			any = any || in[l];
		if (!any)
			continue;
		if (cmark_node_get_type(x) == CMARK_NODE_PARAGRAPH ||
		    (type != NULL && strcmp(type, "table_cell") == 0)) {
			srcpos pos = { cmark_node_get_start_line(x) +
			    r->body_line - 1, cmark_node_get_start_column(x) };

			blame_in_block(c, x, pos);
			cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
		}
	}
	cmark_iter_free(it);
	if (own != NULL)
		cmark_node_free(own);
}
