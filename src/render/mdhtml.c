/*
 * mdhtml.c - a cmark-gfm tree to HTML text, streamed.
 *
 * The tree is walked with cmark's iterator (enter and exit events), never
 * recursively, so deep nesting cannot exhaust the stack. Tags are written
 * by this file and every piece of text and every attribute value goes
 * through lib/escape.h, the one escaping module: nothing from the record
 * is ever written as markup. Adjacent pieces of text are joined before
 * they are written, so that a public edition replaces names in the text
 * a reader sees, not in cmark's fragments of it. The markup is the one
 * libxml2's HTML writer gave when this file built a tree: void elements
 * without end tags, an empty <li> without one, boolean attributes bare.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "lib/escape.h"
#include "lib/url.h"
#include "lib/utf8.h"
#include "parse/mdtree.h"
#include "redact/redact.h"
#include "render/mdhtml.h"

#define URL_RULE "only relative, http, https and mailto URLs are allowed"
#define URL_SHOWN_MAX 80
/* Elements nested deeper than this are left out and their content goes
 * into the deepest one: a page must stay something a browser and every
 * tool after it can hold, and cmark-gfm builds a tree as deep as the
 * input asks. */
#define MDHTML_MAX_DEPTH 64

/* What to do when a cmark node is left. */
typedef struct frame {
	cmark_node *node;
	const char *end;       /* the end tag to write, or NULL */
	bool link;             /* the node opened an <a> */
	bool el;               /* the node opened an element */
	bool optional_end;     /* <li>: no end tag when nothing was inside */
	size_t nodes;          /* st->nodes when it opened */
	char *anchor;          /* a heading's id, for its self-link */
} frame;

typedef struct render {
	const record *r;
	const namemap *names;  /* NULL, or the public edition's names */
	diags *d;
	buf *out;
	buf text;              /* text not written yet */
	bool has_text;         /* text holds a text node (maybe empty) */
	size_t nodes;          /* elements and texts written */
	frame *stack;
	size_t depth, cap;
	size_t eldepth;        /* frames that opened an element */
	size_t nheading;       /* headings seen: r->sections[nheading] is next */
	int in_link;           /* open <a> elements; links must not nest */
	int nfootnote;         /* footnote definitions seen */
	bool notes;            /* <section class="footnotes"><ol> is open */
	size_t notes_depth;    /* the frame depth it was opened at */
	/* the table being rendered; tables do not nest */
	bool table;
	int group;             /* 0 none, 1 <thead>, 2 <tbody> open */
	uint8_t *align;
	uint16_t ncols;
	int col;
} render;

/* Write the text gathered so far, names replaced in a public edition. */
static void
flush_text(render *st)
{
	if (!st->has_text)
		return;
	st->has_text = false;
	if (st->names != NULL && st->text.len > 0) {
		char *t = namemap_text(st->names, st->text.data);

		esc_html_text(st->out, t, strlen(t));
		free(t);
	} else {
		esc_html_text(st->out, st->text.data, st->text.len);
	}
	st->text.len = 0;
}

/* Add text s to the text being gathered. */
static void
add_text(render *st, const char *s)
{
	buf_adds(&st->text, s);
	if (!st->has_text)
		st->nodes++;
	st->has_text = true;
}

/* Write <name, the start of a tag; attributes follow, then tag_end. */
static void
tag_start(render *st, const char *name)
{
	flush_text(st);
	buf_addc(st->out, '<');
	buf_adds(st->out, name);
	st->nodes++;
}

/* Write attribute name="value"; prose (alt, title) has names replaced in
 * a public edition. */
static void
attr(render *st, const char *name, const char *value, bool prose)
{
	char *t = NULL;

	if (prose && st->names != NULL)
		value = t = namemap_text(st->names, value);
	buf_addc(st->out, ' ');
	buf_adds(st->out, name);
	buf_adds(st->out, "=\"");
	esc_html_attr(st->out, value, strlen(value));
	buf_addc(st->out, '"');
	free(t);
}

/* Write attribute name="url"; the caller checked url_is_safe. */
static void
url_attr(render *st, const char *name, const char *url)
{
	buf_addc(st->out, ' ');
	buf_adds(st->out, name);
	buf_adds(st->out, "=\"");
	(void)esc_url_attr(st->out, url, strlen(url));
	buf_addc(st->out, '"');
}

/* Write the end of a start tag. */
static void
tag_end(render *st)
{
	buf_addc(st->out, '>');
}

/* Write </name>. */
static void
close_tag(render *st, const char *name)
{
	flush_text(st);
	buf_adds(st->out, "</");
	buf_adds(st->out, name);
	buf_addc(st->out, '>');
}

/* Push a frame for node n; end (may be NULL) is the end tag of the
 * element the node opened. */
static frame *
push(render *st, cmark_node *n, const char *end, bool link)
{
	frame *f;

	if (st->depth == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 32;
		st->stack = xrealloc(st->stack, st->cap * sizeof(*st->stack));
	}
	f = &st->stack[st->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->end = end;
	f->link = link;
	f->el = end != NULL;
	f->nodes = st->nodes;
	if (f->el)
		st->eldepth++;
	if (link)
		st->in_link++;
	return f;
}

/* Open <name> (no attributes) for node n until it is left. */
static void
push_el(render *st, cmark_node *n, const char *name)
{
	tag_start(st, name);
	tag_end(st);
	(void)push(st, n, name, false);
}

/* True for the GFM table node, known only by its type name. */
static bool
node_is_table(cmark_node *n)
{
	const char *t = cmark_node_get_type_string(n);

	return t != NULL && strcmp(t, "table") == 0;
}

/* The URL as it may appear in a message: control characters escaped, cut
 * after URL_SHOWN_MAX bytes on a character boundary. Caller frees. */
static char *
url_shown(const char *url)
{
	buf b = { 0 };
	size_t n = strlen(url);

	if (n > URL_SHOWN_MAX) {
		n = URL_SHOWN_MAX;
		n = utf8_floor(url, n);
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c == '\t')
			buf_adds(&b, "\\t");
		else if (c == '\n')
			buf_adds(&b, "\\n");
		else if (c < 0x20 || c == 0x7f)
			buf_addf(&b, "\\x%02x", c);
		else
			buf_addc(&b, (char)c);
	}
	if (n < strlen(url))
		buf_adds(&b, "\xe2\x80\xa6");
	return buf_detach(&b);
}

/* A link-unsafe finding for url at node n, in file lines. */
static void
warn_url(render *st, cmark_node *n, const char *what, const char *url)
{
	char *shown = url_shown(url);

	diags_add(st->d, st->r->path,
	    cmark_node_get_start_line(n) + st->r->body_line - 1,
	    cmark_node_get_start_column(n), DIAG_WARNING, "link-unsafe",
	    "%s '%s' dropped: " URL_RULE, what, shown);
	free(shown);
}

/* True when a paragraph at n goes without <p>, as in a tight list. */
static bool
paragraph_is_tight(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n), *list;

	if (item == NULL || cmark_node_get_type(item) != CMARK_NODE_ITEM ||
	    (list = cmark_node_parent(item)) == NULL)
		return false;
	return cmark_node_get_list_tight(list) != 0;
}

/* The language of a code block: the first word of its info string, when
 * it is made only of [A-Za-z0-9_+-]. Fills lang (size n); false if none. */
static bool
code_language(const char *info, char *lang, size_t n)
{
	size_t len = 0;

	if (info == NULL)
		return false;
	while (*info == ' ' || *info == '\t')
		info++;
	for (; info[len] != '\0' && info[len] != ' ' && info[len] != '\t';
	    len++) {
		char c = info[len];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '+' ||
		    c == '-'))
			return false;
	}
	if (len == 0 || len >= n)
		return false;
	memcpy(lang, info, len);
	lang[len] = '\0';
	return true;
}

/* Append the plain text of the inlines under n (an image's alt text). */
static void
alt_text(cmark_node *n, buf *b)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;

	/* NULL only for a NULL root: cmark aborts on out-of-memory itself */
	if (it == NULL)
		return;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(x)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			md_add_literal(b, x);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_addc(b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* <pre><code class="language-X">, the literal as one text. */
static void
render_code_block(render *st, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	char lang[64], cls[80];

	tag_start(st, "pre");
	tag_end(st);
	tag_start(st, "code");
	if (code_language(cmark_node_get_fence_info(n), lang, sizeof(lang))) {
		snprintf(cls, sizeof(cls), "language-%s", lang);
		attr(st, "class", cls, false);
	}
	tag_end(st);
	add_text(st, lit != NULL ? lit : "");
	close_tag(st, "code");
	close_tag(st, "pre");
}

/* <a href> for a safe URL; otherwise only the children are kept. */
static void
render_link(render *st, cmark_node *n)
{
	const char *url = cmark_node_get_url(n), *title;

	if (url == NULL)
		url = "";
	/* an unsafe link keeps its text; so does one nested in a link */
	if (!url_is_safe(url) || st->in_link > 0) {
		if (!url_is_safe(url))
			warn_url(st, n, "link to", url);
		(void)push(st, n, NULL, false);
		return;
	}
	tag_start(st, "a");
	url_attr(st, "href", url);
	title = cmark_node_get_title(n);
	if (title != NULL && title[0] != '\0')
		attr(st, "title", title, true);
	tag_end(st);
	(void)push(st, n, "a", true);
}

/* An image is complete on entry: its children become the alt text and
 * are skipped. */
static void
render_image(render *st, cmark_iter *it, cmark_node *n)
{
	const char *url = cmark_node_get_url(n), *title;
	buf alt = { 0 };

	cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	if (url == NULL)
		url = "";
	if (!url_is_safe(url)) {
		warn_url(st, n, "image", url);
		return;
	}
	alt_text(n, &alt);
	tag_start(st, "img");
	url_attr(st, "src", url);
	attr(st, "alt", alt.data != NULL ? alt.data : "", true);
	attr(st, "loading", "lazy", false);
	title = cmark_node_get_title(n);
	if (title != NULL && title[0] != '\0')
		attr(st, "title", title, true);
	tag_end(st);
	buf_free(&alt);
}

/* <hN id> with the anchor of the matching section: the i-th heading
 * of the tree is r->sections[i], as markdown.c made them in that order. */
static void
render_heading(render *st, cmark_node *n)
{
	static const char *const names[] = {
		"h1", "h2", "h3", "h4", "h5", "h6"
	};
	int level = cmark_node_get_heading_level(n);
	const char *name = names[level >= 1 && level <= 6 ? level - 1 : 0];
	const section *s = NULL;
	frame *f;

	if (st->nheading < st->r->nsections)
		s = &st->r->sections[st->nheading];
	st->nheading++;
	tag_start(st, name);
	if (s != NULL && s->anchor != NULL)
		attr(st, "id", s->anchor, false);
	tag_end(st);
	f = push(st, n, name, false);
	if (s != NULL && s->anchor != NULL)
		f->anchor = xstrdup(s->anchor);
}

/* The self-link that ends a heading with an id:
 * <a class="heading-anchor">#</a>. */
static void
heading_anchor(render *st, const char *id)
{
	char *href = xasprintf("#%s", id);

	/* the space keeps "Title#" out of the heading's text */
	add_text(st, " ");
	tag_start(st, "a");
	attr(st, "class", "heading-anchor", false);
	url_attr(st, "href", href);
	attr(st, "aria-hidden", "true", false);
	tag_end(st);
	add_text(st, "#");
	close_tag(st, "a");
	free(href);
}

/* <ul>, or <ol> with start when it is not 1. */
static void
render_list(render *st, cmark_node *n)
{
	bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	int start = cmark_node_get_list_start(n);
	char num[16];

	tag_start(st, ordered ? "ol" : "ul");
	if (ordered && start != 1) {
		snprintf(num, sizeof(num), "%d", start);
		attr(st, "start", num, false);
	}
	tag_end(st);
	(void)push(st, n, ordered ? "ol" : "ul", false);
}

/* <li>; a task item gets class "task" and a disabled checkbox. An item
 * with nothing in it has no end tag, as HTML allows. */
static void
render_item(render *st, cmark_node *n)
{
	bool task = strcmp(cmark_node_get_type_string(n), "tasklist") == 0;
	frame *f;

	tag_start(st, "li");
	if (task)
		attr(st, "class", "task", false);
	tag_end(st);
	f = push(st, n, "li", false);
	f->optional_end = true;
	if (task) {
		tag_start(st, "input");
		attr(st, "type", "checkbox", false);
		/* boolean attributes, written bare */
		buf_adds(st->out, " disabled");
		if (cmark_gfm_extensions_get_tasklist_item_checked(n))
			buf_adds(st->out, " checked");
		tag_end(st);
		add_text(st, " ");
	}
}

/* Close the footnotes' <ol> and <section>. */
static void
close_notes(render *st)
{
	if (!st->notes)
		return;
	close_tag(st, "ol");
	close_tag(st, "section");
	st->notes = false;
}

/* Footnote definitions come last, numbered in order of first reference;
 * they share one <section class="footnotes"><ol>. */
static void
render_footnote_def(render *st, cmark_node *n)
{
	char id[32];
	frame *f;

	if (!st->notes) {
		tag_start(st, "section");
		attr(st, "class", "footnotes", false);
		tag_end(st);
		tag_start(st, "ol");
		tag_end(st);
		st->notes = true;
		st->notes_depth = st->depth;
	}
	snprintf(id, sizeof(id), "fn-%d", ++st->nfootnote);
	tag_start(st, "li");
	attr(st, "id", id, false);
	tag_end(st);
	f = push(st, n, "li", false);
	f->optional_end = true;
}

/* <sup><a href="#fn-N">N</a></sup>; cmark gives N as the literal. */
static void
render_footnote_ref(render *st, cmark_node *n)
{
	const char *num = cmark_node_get_literal(n);
	char href[32];

	if (num == NULL)
		num = "";
	tag_start(st, "sup");
	attr(st, "class", "footnote-ref", false);
	tag_end(st);
	if (st->in_link > 0) {
		add_text(st, num);
	} else {
		snprintf(href, sizeof(href), "#fn-%s", num);
		tag_start(st, "a");
		url_attr(st, "href", href);
		tag_end(st);
		add_text(st, num);
		close_tag(st, "a");
	}
	close_tag(st, "sup");
}

/* Close the open <thead> or <tbody>. */
static void
close_group(render *st)
{
	if (st->group != 0)
		close_tag(st, st->group == 1 ? "thead" : "tbody");
	st->group = 0;
}

/* <table>; its rows go into <thead> or <tbody> as they come. */
static void
render_table(render *st, cmark_node *n)
{
	tag_start(st, "table");
	tag_end(st);
	st->table = true;
	st->group = 0;
	st->align = cmark_gfm_extensions_get_table_alignments(n);
	st->ncols = cmark_gfm_extensions_get_table_columns(n);
	(void)push(st, n, "table", false);
}

/* <tr> in the table's <thead> (header row) or <tbody>. */
static void
render_row(render *st, cmark_node *n)
{
	bool header = cmark_gfm_extensions_get_table_row_is_header(n) != 0;
	int want = header ? 1 : 2;

	if (!st->table) {
		(void)push(st, n, NULL, false);
		return;
	}
	if (st->group != want) {
		close_group(st);
		tag_start(st, header ? "thead" : "tbody");
		tag_end(st);
		st->group = want;
	}
	st->col = 0;
	push_el(st, n, "tr");
}

/* <th> or <td>, with an align-* class instead of inline style. */
static void
render_cell(render *st, cmark_node *n)
{
	cmark_node *row = cmark_node_parent(n);
	bool header = row != NULL &&
	    cmark_gfm_extensions_get_table_row_is_header(row) != 0;
	const char *cls = NULL;

	/* a cell of a table left out: its text, set apart by a space */
	if (!st->table) {
		add_text(st, " ");
		(void)push(st, n, NULL, false);
		return;
	}
	if (st->align != NULL && st->col >= 0 && st->col < st->ncols) {
		switch (st->align[st->col]) {
		case 'l':
			cls = "align-left";
			break;
		case 'c':
			cls = "align-center";
			break;
		case 'r':
			cls = "align-right";
			break;
		default:
			break;
		}
	}
	st->col++;
	tag_start(st, header ? "th" : "td");
	if (cls != NULL)
		attr(st, "class", cls, false);
	tag_end(st);
	(void)push(st, n, header ? "th" : "td", false);
}

/* Extension nodes, known by their type names; unknown ones are rendered
 * as their children. */
static void
render_extension(render *st, cmark_node *n)
{
	const char *t = cmark_node_get_type_string(n);

	if (strcmp(t, "table") == 0)
		render_table(st, n);
	else if (strcmp(t, "table_row") == 0 ||
	    strcmp(t, "table_header") == 0)
		render_row(st, n);
	else if (strcmp(t, "table_cell") == 0)
		render_cell(st, n);
	else if (strcmp(t, "strikethrough") == 0)
		push_el(st, n, "del");
	else
		(void)push(st, n, NULL, false);
}

/*
 * True when container n would open an element deeper than
 * MDHTML_MAX_DEPTH. A table needs room for its row groups, rows and
 * cells; they never count again once the table is in.
 */
static bool
too_deep(const render *st, cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST:
	case CMARK_NODE_ITEM:
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
	case CMARK_NODE_EMPH:
	case CMARK_NODE_STRONG:
	case CMARK_NODE_LINK:
		return st->eldepth >= MDHTML_MAX_DEPTH;
	default:
		if (node_is_table(n))
			return st->eldepth + 3 >= MDHTML_MAX_DEPTH;
		if (strcmp(cmark_node_get_type_string(n), "strikethrough") == 0)
			return st->eldepth >= MDHTML_MAX_DEPTH;
		return false;
	}
}

/*
 * Enter node n. Containers push a frame that leave() pops; leaves (the
 * node types cmark's iterator gives no exit event: text, code, breaks,
 * raw HTML, code blocks, thematic breaks) do not.
 */
static void
enter(render *st, cmark_iter *it, cmark_node *n)
{
	cmark_node_type type = cmark_node_get_type(n);
	const char *lit;

	/* the footnotes' list ends where something else follows it */
	if (st->notes && st->depth == st->notes_depth &&
	    type != CMARK_NODE_FOOTNOTE_DEFINITION)
		close_notes(st);
	if (too_deep(st, n)) {
		/* keep headings and sections in step */
		if (type == CMARK_NODE_HEADING)
			st->nheading++;
		(void)push(st, n, NULL, false);
		return;
	}
	switch (type) {
	case CMARK_NODE_DOCUMENT:
	case CMARK_NODE_CUSTOM_BLOCK:
	case CMARK_NODE_CUSTOM_INLINE:
		(void)push(st, n, NULL, false);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		push_el(st, n, "blockquote");
		break;
	case CMARK_NODE_LIST:
		render_list(st, n);
		break;
	case CMARK_NODE_ITEM:
		render_item(st, n);
		break;
	case CMARK_NODE_CODE_BLOCK:
		render_code_block(st, n);
		break;
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
		/* raw HTML is dropped, not even shown as text */
		break;
	case CMARK_NODE_PARAGRAPH:
		if (paragraph_is_tight(n))
			(void)push(st, n, NULL, false);
		else
			push_el(st, n, "p");
		break;
	case CMARK_NODE_HEADING:
		render_heading(st, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		tag_start(st, "hr");
		tag_end(st);
		break;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		render_footnote_def(st, n);
		break;
	case CMARK_NODE_TEXT:
		lit = cmark_node_get_literal(n);
		add_text(st, lit != NULL ? lit : "");
		break;
	case CMARK_NODE_SOFTBREAK:
		add_text(st, "\n");
		break;
	case CMARK_NODE_LINEBREAK:
		tag_start(st, "br");
		tag_end(st);
		break;
	case CMARK_NODE_CODE:
		lit = cmark_node_get_literal(n);
		tag_start(st, "code");
		tag_end(st);
		add_text(st, lit != NULL ? lit : "");
		close_tag(st, "code");
		break;
	case CMARK_NODE_EMPH:
		push_el(st, n, "em");
		break;
	case CMARK_NODE_STRONG:
		push_el(st, n, "strong");
		break;
	case CMARK_NODE_LINK:
		render_link(st, n);
		break;
	case CMARK_NODE_IMAGE:
		render_image(st, it, n);
		break;
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		/* no children, but the iterator still gives it an exit */
		render_footnote_ref(st, n);
		(void)push(st, n, NULL, false);
		break;
	default:
		render_extension(st, n);
		break;
	}
}

/* Leave node n: finish its element. Returns 0, or -1 when the events do
 * not match the frames (the leaf list above would be wrong). */
static int
leave(render *st, cmark_node *n)
{
	frame *f;

	if (st->depth == 0 || st->stack[st->depth - 1].node != n)
		return -1;
	if (st->notes && st->depth == st->notes_depth)
		close_notes(st);
	f = &st->stack[--st->depth];
	if (f->anchor != NULL) {
		heading_anchor(st, f->anchor);
		free(f->anchor);
		f->anchor = NULL;
	}
	if (node_is_table(n) && f->el) {
		close_group(st);
		st->table = false;
	}
	if (f->el) {
		st->eldepth--;
		flush_text(st);
		if (!f->optional_end || st->nodes != f->nodes)
			close_tag(st, f->end);
	}
	if (f->link)
		st->in_link--;
	return 0;
}

/* See mdhtml.h. */
int
mdhtml_render(const record *r, const namemap *names, buf *out, diags *d)
{
	render st;
	cmark_iter *it = NULL;
	cmark_event_type ev;
	size_t start = out->len;
	int rc = -1;

	memset(&st, 0, sizeof(st));
	if (r == NULL || r->doc == NULL)
		return -1;
	st.r = r;
	st.names = names;
	st.d = d;
	st.out = out;
	if ((it = cmark_iter_new(r->doc)) == NULL)
		goto out;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_ENTER)
			enter(&st, it, n);
		else if (leave(&st, n) < 0)
			goto out;
	}
	if (st.depth != 0)
		goto out;
	close_notes(&st);
	flush_text(&st);
	rc = 0;
out:
	if (rc < 0 && out->data != NULL) {
		out->len = start;
		out->data[start] = '\0';
	}
	if (it != NULL)
		cmark_iter_free(it);
	for (size_t i = 0; i < st.depth; i++)
		free(st.stack[i].anchor);
	free(st.stack);
	buf_free(&st.text);
	return rc;
}
