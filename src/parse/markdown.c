/*
 * markdown.c - the body of a record: parse it with cmark-gfm, walk the
 * tree into sections (and the summary), and hand the Timeline and Action
 * items sections to timeline_text.c and actions.c. Also the plain text of
 * nodes that those readers share (mdtree.h). The tree itself is kept in
 * the record for mdhtml.c.
 *
 * The readers are forgiving about layout (lists or tables, bold or code
 * around times, column names in any order) and strict about values: a time
 * that cannot be read is a finding at its line, never a guess.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "parse/anchor.h"
#include "parse/markdown.h"
#include "parse/mdlimits.h"
#include "parse/mdtree.h"
#include "model/sections.h"

/* See mdtree.h. */
void *
md_grow(void *p, size_t n, size_t size)
{
	if (n < 8)
		return n == 0 ? xmalloc(8 * size) : p;
	if ((n & (n - 1)) == 0)
		return xrealloc(p, 2 * n * size);
	return p;
}

bool
md_node_is(cmark_node *n, const char *name)
{
	const char *t = cmark_node_get_type_string(n);

	return t != NULL && strcmp(t, name) == 0;
}

srcpos
md_node_pos(const mdctx *c, cmark_node *n)
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
			md_add_literal(b, x);
			break;
		case CMARK_NODE_CODE_BLOCK:
			end_line(b);
			md_add_literal(b, x);
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
			if (md_node_is(x, "table") && ev == CMARK_EVENT_ENTER &&
			    (cmark_node_first_child(x) == NULL ||
			    cmark_node_next(cmark_node_first_child(x)) == NULL))
				cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
			else if (md_node_is(x, "table_row") ||
			    md_node_is(x, "table_header"))
				end_line(b);
			else if (md_node_is(x, "table_cell") &&
			    ev == CMARK_EVENT_ENTER &&
			    cmark_node_previous(x) != NULL)
				buf_addc(b, '\t');
			break;
		}
	}
	cmark_iter_free(it);
}

void
md_add_literal(buf *b, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);

	if (lit != NULL)
		buf_adds(b, lit);
}

char *
md_collapse_space(char *s)
{
	size_t i, j = 0;
	bool space = false;

	for (i = 0; s[i] != '\0'; i++) {
		if (ascii_is_space((unsigned char)s[i])) {
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

char *
md_plain_line(cmark_node *n, bool skip_lists)
{
	buf b = { 0 };

	plain_text_of(n, &b, skip_lists);
	return md_collapse_space(buf_detach(&b));
}

/*
 * The block after n in the range that heading head opens: siblings up to
 * the next heading of the same or a higher level. Footnote definitions,
 * which cmark moves to the end of the document, end every range.
 */
cmark_node *
md_range_next(cmark_node *head, cmark_node *n)
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

void
markdown_visit(cmark_node *root, bool (*enter)(cmark_node *x, void *arg),
    void *arg)
{
	cmark_iter *it;
	cmark_event_type ev;

	if ((it = cmark_iter_new(root)) == NULL)
		return;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_ENTER && enter(x, arg))
			cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
	}
	cmark_iter_free(it);
}

/* A section's visitor and its context, through markdown_visit. */
struct section_visit {
	mdctx *c;
	bool (*visit)(mdctx *c, cmark_node *x, void *arg);
	void *arg;
};

static bool
section_enter(cmark_node *x, void *arg)
{
	struct section_visit *sv = arg;

	return sv->visit(sv->c, x, sv->arg);
}

/* See mdtree.h. */
void
md_walk_section(mdctx *c, long i,
    bool (*visit)(mdctx *c, cmark_node *x, void *arg), void *arg)
{
	cmark_node *h = c->heads[i];
	struct section_visit sv = { c, visit, arg };

	for (cmark_node *n = md_range_next(h, h); n; n = md_range_next(h, n))
		markdown_visit(n, section_enter, &sv);
}

/* The sections being read from one body. */
struct section_read {
	mdctx *c;
	anchor_set anchors;
};

/* markdown_visit's call: a heading opens a section, with the plain text
 * of the blocks up to the next heading of its level or higher. */
static bool
read_heading(cmark_node *h, void *arg)
{
	struct section_read *sr = arg;
	mdctx *c = sr->c;
	record *r = c->r;
	section *s;
	buf text = { 0 };

	if (cmark_node_get_type(h) != CMARK_NODE_HEADING)
		return false;
	r->sections = md_grow(r->sections, r->nsections, sizeof(*s));
	c->heads = md_grow(c->heads, r->nsections, sizeof(*c->heads));
	c->heads[r->nsections] = h;
	s = &r->sections[r->nsections++];
	memset(s, 0, sizeof(*s));
	s->title = md_plain_line(h, false);
	s->level = cmark_node_get_heading_level(h);
	s->pos = md_node_pos(c, h);
	s->anchor = anchor_set_make(&sr->anchors, s->title);
	for (cmark_node *n = md_range_next(h, h); n; n = md_range_next(h, n)) {
		end_line(&text);
		plain_text_of(n, &text, false);
	}
	while (text.len > 0 && ascii_is_space((unsigned char)
	    text.data[text.len - 1]))
		text.data[--text.len] = '\0';
	s->text = buf_detach(&text);
	/* a heading holds no heading */
	return true;
}

/* Every heading in document order becomes a section. */
static void
read_sections(mdctx *c, cmark_node *doc)
{
	struct section_read sr = { .c = c };

	markdown_visit(doc, read_heading, &sr);
	anchor_set_free(&sr.anchors);
}

char *
md_cell_text(cmark_node *row, int i)
{
	cmark_node *cell = cmark_node_first_child(row);

	for (; cell != NULL && i > 0; i--)
		cell = cmark_node_next(cell);
	return cell != NULL ? md_plain_line(cell, false) : xstrdup("");
}

bool
md_starts_with_ci(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < n; i++) {
		int a = (unsigned char)s[i], b = (unsigned char)prefix[i];

		if (a >= 'A' && a <= 'Z')
			a = a - 'A' + 'a';
		if (a != b)
			return false;
	}
	return true;
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
	for (cmark_node *n = md_range_next(h, h); n; n = md_range_next(h, n))
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
			c->r->summary = md_plain_line(n, false);
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
	md_read_timeline(&c, &r->times[PHASE_STARTED]);
	md_read_actions(&c);
	read_summary(&c);
	rc = 0;
out:
	free(c.heads);
	return rc;
}
