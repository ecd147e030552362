/*
 * outline.c - headings and action items of a record body, cheaply.
 *
 * A line that starts with '#' in its first column is a top-level ATX
 * heading in CommonMark unless an earlier construct swallows it: a fenced
 * code block or an HTML block. Nested headings start after container
 * markers or indentation. Setext headings are the line before an underline.
 * The scanner declines every body where any of these occur, so what it
 * returns is what cmark would build; the rest is parsed in full.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/grow.h"
#include "parse/markdown.h"
#include "parse/mdtree.h"
#include "parse/outline.h"
#include "model/sections.h"

enum line_kind { LINE_TEXT, LINE_HEADING, LINE_DECLINE };

/* Characters that change a heading's text from what is written: markup,
 * escapes, entities, raw HTML, table cells. */
#define TITLE_MARKUP "\\`*_[]<>&!~|"

/* Leading characters of container blocks and list markers. */
#define CONTAINER_CHARS " \t>*+-.)0123456789"

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Classify the line s[0..n). For a heading, set *level and the text range
 * [*tb, *te) before the optional closing sequence, trimmed.
 */
static enum line_kind
scan_line(const char *s, size_t n, int *level, size_t *tb, size_t *te)
{
	size_t i = 0, j, b, e, hashes;
	char c;

	while (i < n && is_blank(s[i]))
		i++;
	if (i == n)
		return LINE_TEXT;
	c = s[i];
	if (c == '#' && i == 0) {
		for (hashes = 0; hashes < n && s[hashes] == '#'; hashes++)
			;
		/* "#tag" and seven '#' are paragraph text */
		if (hashes > 6 || (hashes < n && !is_blank(s[hashes])))
			return LINE_TEXT;
		b = hashes;
		e = n;
		while (b < e && is_blank(s[b]))
			b++;
		while (e > b && is_blank(s[e - 1]))
			e--;
		/* a closing run of '#' goes when blank or the start precedes it */
		for (j = e; j > b && s[j - 1] == '#'; j--)
			;
		if (j < e && (j == b || is_blank(s[j - 1]))) {
			e = j;
			while (e > b && is_blank(s[e - 1]))
				e--;
		}
		for (j = b; j < e; j++)
			if (((unsigned char)s[j] < 0x20 && s[j] != '\t') ||
			    strchr(TITLE_MARKUP, s[j]) != NULL)
				return LINE_DECLINE;
		*level = (int)hashes;
		*tb = b;
		*te = e;
		return LINE_HEADING;
	}
	if ((c == '`' || c == '~') && n - i >= 3 && s[i + 1] == c &&
	    s[i + 2] == c)
		return LINE_DECLINE;
	if (c == '<')
		return LINE_DECLINE;
	if (c == '[') {
		for (j = i; j + 1 < n; j++)
			if (s[j] == ']' && s[j + 1] == ':')
				return LINE_DECLINE;
	}
	if (c == '=' || c == '-') {
		for (j = i; j < n && (s[j] == c || is_blank(s[j])); j++)
			;
		if (j == n)
			return LINE_DECLINE;
	}
	/* a '#' after indentation or container markers may be a nested
	 * heading; declining also catches harmless text like "- #3" */
	for (j = 0; j < n && s[j] != '\0' &&
	    strchr(CONTAINER_CHARS, s[j]) != NULL; j++)
		;
	if (j < n && s[j] == '#')
		return LINE_DECLINE;
	return LINE_TEXT;
}

/* Free the first n sections of v and v. */
static void
free_sections(section *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].title);
	free(v);
}

int
outline_parse(const char *body, size_t len, int first_line, record *r,
    const config *cfg, diags *d)
{
	section *secs = NULL;
	size_t *offs = NULL, nsecs = 0, cap = 0, capoffs = 0, off = 0;
	int line = first_line;
	long ai;
	record *tmp;

	while (off < len) {
		const char *s = body + off;
		const char *nl = memchr(s, '\n', len - off);
		size_t n = nl ? (size_t)(nl - s) : len - off;
		size_t tb, te;
		int level;

		switch (scan_line(s, n, &level, &tb, &te)) {
		case LINE_DECLINE:
			free_sections(secs, nsecs);
			free(offs);
			return 1;
		case LINE_HEADING:
			secs = xgrow(secs, nsecs, &cap, sizeof(*secs), 16);
			offs = xgrow(offs, nsecs, &capoffs, sizeof(*offs), 16);
			memset(&secs[nsecs], 0, sizeof(*secs));
			/* scan_line declined every control character but tab, so
			 * md_collapse_space sees only the blanks it would */
			secs[nsecs].title = md_collapse_space(xstrndup(s + tb,
			    te - tb));
			secs[nsecs].level = level;
			secs[nsecs].pos.line = line;
			secs[nsecs].pos.col = 1;
			offs[nsecs++] = off;
			break;
		case LINE_TEXT:
			break;
		}
		off += n + (nl != NULL);
		line++;
	}
	r->sections = secs;
	r->nsections = nsecs;
	ai = section_find(r, cfg, SECTION_ACTIONS);
	if (ai >= 0) {
		size_t a = (size_t)ai, end = len;

		for (size_t k = a + 1; k < nsecs; k++)
			if (secs[k].level <= secs[a].level) {
				end = offs[k];
				break;
			}
		/* the section alone parses as it does in the document: its
		 * first heading is the same, and no link definition exists
		 * elsewhere that its text could use */
		tmp = record_new(r->path);
		if (markdown_parse(body + offs[a], end - offs[a],
		    secs[a].pos.line, tmp, cfg, d) < 0) {
			record_free(tmp);
			free(offs);
			return -1;
		}
		r->actions = tmp->actions;
		r->nactions = tmp->nactions;
		tmp->actions = NULL;
		tmp->nactions = 0;
		record_free(tmp);
	}
	free(offs);
	return 0;
}
