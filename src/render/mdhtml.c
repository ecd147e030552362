/*
 * mdhtml.c - a cmark-gfm tree to libxml2 HTML nodes.
 *
 * The tree is walked with cmark's iterator (enter and exit events), never
 * recursively, so deep nesting cannot exhaust the stack. Every element is
 * made with xmlNewDocNode, every text with xmlNewDocText and every
 * attribute with xmlSetProp: nothing is parsed as markup, so escaping is
 * libxml2's job and holds by construction.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "lib/utf8.h"
#include "parse/mdtree.h"
#include "render/mdhtml.h"
#include "lib/url.h"

#define URL_RULE "only relative, http, https and mailto URLs are allowed"
#define URL_SHOWN_MAX 80
/* Elements nested deeper than this are left out and their content goes
 * into the deepest one: libxml2 copies and frees trees recursively, and
 * cmark-gfm builds a tree as deep as the input asks. */
#define MDHTML_MAX_DEPTH 64

/* What to restore when a cmark node is left. */
typedef struct frame {
	cmark_node *node;
	xmlNodePtr parent;     /* the element current before the node */
	bool link;             /* the node opened an <a> */
	bool el;               /* the node opened an element */
} frame;

typedef struct render {
	const record *r;
	diags *d;
	xmlDocPtr doc;
	xmlNodePtr cur;        /* where the next child goes */
	frame *stack;
	size_t depth, cap;
	size_t eldepth;        /* frames that opened an element */
	size_t nheading;       /* headings seen: r->sections[nheading] is next */
	int in_link;           /* open <a> elements; links must not nest */
	int nfootnote;         /* footnote definitions seen */
	xmlNodePtr notes;      /* the <ol> of footnote definitions */
	/* the table being rendered; tables do not nest */
	xmlNodePtr table, thead, tbody;
	uint8_t *align;
	uint16_t ncols;
	int col;
} render;

/* A new element name appended to parent, or NULL when libxml2 fails. */
static xmlNodePtr
add_el(render *st, xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = xmlNewDocNode(st->doc, NULL, BAD_CAST name, NULL);

	if (n == NULL)
		return NULL;
	if (xmlAddChild(parent, n) == NULL) {
		xmlFreeNode(n);
		return NULL;
	}
	return n;
}

/* Append text s to parent. Returns 0 or -1. */
static int
add_text(render *st, xmlNodePtr parent, const char *s)
{
	xmlNodePtr t = xmlNewDocText(st->doc, BAD_CAST s);

	if (t == NULL)
		return -1;
	/* a text node may be merged into the previous one and freed; the
	 * result is then that one, never NULL */
	if (xmlAddChild(parent, t) == NULL) {
		xmlFreeNode(t);
		return -1;
	}
	return 0;
}

/* Set attribute name to value (escaped on output). Returns 0 or -1. */
static int
set_attr(xmlNodePtr n, const char *name, const char *value)
{
	return xmlSetProp(n, BAD_CAST name, BAD_CAST value) == NULL ? -1 : 0;
}

/* Make a new element the current one until node n is left. */
static int
push(render *st, cmark_node *n, xmlNodePtr el, bool link)
{
	frame *f;

	if (st->depth == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 32;
		st->stack = xrealloc(st->stack, st->cap * sizeof(*st->stack));
	}
	f = &st->stack[st->depth++];
	f->node = n;
	f->parent = st->cur;
	f->link = link;
	f->el = el != NULL;
	if (el != NULL) {
		st->cur = el;
		st->eldepth++;
	}
	if (link)
		st->in_link++;
	return 0;
}

/* Push node n, opening element name under the current one. */
static int
push_el(render *st, cmark_node *n, const char *name)
{
	xmlNodePtr el = add_el(st, st->cur, name);

	if (el == NULL)
		return -1;
	return push(st, n, el, false);
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

/* <pre><code class="language-X">, the literal as one text node. */
static int
render_code_block(render *st, cmark_node *n)
{
	xmlNodePtr pre, code;
	const char *lit = cmark_node_get_literal(n);
	char lang[64], *cls;
	int rc;

	if ((pre = add_el(st, st->cur, "pre")) == NULL ||
	    (code = add_el(st, pre, "code")) == NULL)
		return -1;
	if (code_language(cmark_node_get_fence_info(n), lang, sizeof(lang))) {
		cls = xasprintf("language-%s", lang);
		rc = set_attr(code, "class", cls);
		free(cls);
		if (rc < 0)
			return -1;
	}
	return add_text(st, code, lit != NULL ? lit : "");
}

/* <a href> for a safe URL; otherwise only the children are kept. */
static int
render_link(render *st, cmark_node *n)
{
	const char *url = cmark_node_get_url(n), *title;
	xmlNodePtr a;

	if (url == NULL)
		url = "";
	/* an unsafe link keeps its text; so does one nested in a link */
	if (!url_is_safe(url) || st->in_link > 0) {
		if (!url_is_safe(url))
			warn_url(st, n, "link to", url);
		return push(st, n, NULL, false);
	}
	if ((a = add_el(st, st->cur, "a")) == NULL ||
	    set_attr(a, "href", url) < 0)
		return -1;
	title = cmark_node_get_title(n);
	if (title != NULL && title[0] != '\0' && set_attr(a, "title", title) < 0)
		return -1;
	return push(st, n, a, true);
}

/* An image is complete on entry: its children become the alt text and
 * are skipped. */
static int
render_image(render *st, cmark_iter *it, cmark_node *n)
{
	const char *url = cmark_node_get_url(n), *title;
	buf alt = { 0 };
	xmlNodePtr img;
	int rc = -1;

	cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	if (url == NULL)
		url = "";
	if (!url_is_safe(url)) {
		warn_url(st, n, "image", url);
		return 0;
	}
	alt_text(n, &alt);
	if ((img = add_el(st, st->cur, "img")) == NULL ||
	    set_attr(img, "src", url) < 0 ||
	    set_attr(img, "alt", alt.data != NULL ? alt.data : "") < 0 ||
	    set_attr(img, "loading", "lazy") < 0)
		goto out;
	title = cmark_node_get_title(n);
	if (title != NULL && title[0] != '\0' &&
	    set_attr(img, "title", title) < 0)
		goto out;
	rc = 0;
out:
	buf_free(&alt);
	return rc;
}

/* <hN id> with the anchor of the matching section: the i-th heading
 * of the tree is r->sections[i], as markdown.c made them in that order. */
static int
render_heading(render *st, cmark_node *n)
{
	char name[3] = { 'h', '1', '\0' };
	int level = cmark_node_get_heading_level(n);
	xmlNodePtr h;
	const section *s = NULL;

	if (level >= 1 && level <= 6)
		name[1] = (char)('0' + level);
	if (st->nheading < st->r->nsections)
		s = &st->r->sections[st->nheading];
	st->nheading++;
	if ((h = add_el(st, st->cur, name)) == NULL ||
	    (s != NULL && s->anchor != NULL && set_attr(h, "id", s->anchor) < 0))
		return -1;
	return push(st, n, h, false);
}

/* The self-link that ends a heading: <a class="heading-anchor">#</a>. */
static int
heading_anchor(render *st, xmlNodePtr h)
{
	xmlChar *id = xmlGetProp(h, BAD_CAST "id");
	char *href = NULL;
	xmlNodePtr a;
	int rc = -1;

	if (id == NULL)
		return 0;
	href = xasprintf("#%s", (const char *)id);
	/* the space keeps "Title#" out of the heading's text */
	if (add_text(st, h, " ") < 0 || (a = add_el(st, h, "a")) == NULL ||
	    set_attr(a, "class", "heading-anchor") < 0 ||
	    set_attr(a, "href", href) < 0 ||
	    set_attr(a, "aria-hidden", "true") < 0 ||
	    add_text(st, a, "#") < 0)
		goto out;
	rc = 0;
out:
	free(href);
	xmlFree(id);
	return rc;
}

/* <ul>, or <ol> with start when it is not 1. */
static int
render_list(render *st, cmark_node *n)
{
	bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	int start = cmark_node_get_list_start(n);
	xmlNodePtr l;
	char num[16];

	if ((l = add_el(st, st->cur, ordered ? "ol" : "ul")) == NULL)
		return -1;
	if (ordered && start != 1) {
		snprintf(num, sizeof(num), "%d", start);
		if (set_attr(l, "start", num) < 0)
			return -1;
	}
	return push(st, n, l, false);
}

/* <li>; a task item gets class "task" and a disabled checkbox. */
static int
render_item(render *st, cmark_node *n)
{
	xmlNodePtr li, box;

	if ((li = add_el(st, st->cur, "li")) == NULL)
		return -1;
	if (strcmp(cmark_node_get_type_string(n), "tasklist") == 0) {
		if (set_attr(li, "class", "task") < 0 ||
		    (box = add_el(st, li, "input")) == NULL ||
		    set_attr(box, "type", "checkbox") < 0 ||
		    set_attr(box, "disabled", "disabled") < 0 ||
		    (cmark_gfm_extensions_get_tasklist_item_checked(n) &&
		    set_attr(box, "checked", "checked") < 0) ||
		    add_text(st, li, " ") < 0)
			return -1;
	}
	return push(st, n, li, false);
}

/* Footnote definitions come last, numbered in order of first reference;
 * they share one <section class="footnotes"><ol>. */
static int
render_footnote_def(render *st, cmark_node *n)
{
	xmlNodePtr sec, li;
	char id[32];

	if (st->notes == NULL) {
		if ((sec = add_el(st, st->cur, "section")) == NULL ||
		    set_attr(sec, "class", "footnotes") < 0 ||
		    (st->notes = add_el(st, sec, "ol")) == NULL)
			return -1;
	}
	snprintf(id, sizeof(id), "fn-%d", ++st->nfootnote);
	if ((li = add_el(st, st->notes, "li")) == NULL ||
	    set_attr(li, "id", id) < 0)
		return -1;
	return push(st, n, li, false);
}

/* <sup><a href="#fn-N">N</a></sup>; cmark gives N as the literal. */
static int
render_footnote_ref(render *st, cmark_node *n)
{
	const char *num = cmark_node_get_literal(n);
	xmlNodePtr sup, a;
	char href[32];

	if (num == NULL)
		num = "";
	if ((sup = add_el(st, st->cur, "sup")) == NULL ||
	    set_attr(sup, "class", "footnote-ref") < 0)
		return -1;
	if (st->in_link > 0)
		return add_text(st, sup, num);
	snprintf(href, sizeof(href), "#fn-%s", num);
	if ((a = add_el(st, sup, "a")) == NULL || set_attr(a, "href", href) < 0)
		return -1;
	return add_text(st, a, num);
}

/* <table>; its rows go into <thead> or <tbody> as they come. */
static int
render_table(render *st, cmark_node *n)
{
	xmlNodePtr t;

	if ((t = add_el(st, st->cur, "table")) == NULL)
		return -1;
	st->table = t;
	st->thead = st->tbody = NULL;
	st->align = cmark_gfm_extensions_get_table_alignments(n);
	st->ncols = cmark_gfm_extensions_get_table_columns(n);
	return push(st, n, t, false);
}

/* <tr> in the table's <thead> (header row) or <tbody>. */
static int
render_row(render *st, cmark_node *n)
{
	xmlNodePtr *group, tr;
	bool header = cmark_gfm_extensions_get_table_row_is_header(n) != 0;

	if (st->table == NULL)
		return push(st, n, NULL, false);
	group = header ? &st->thead : &st->tbody;
	if (*group == NULL &&
	    (*group = add_el(st, st->table, header ? "thead" : "tbody")) == NULL)
		return -1;
	if ((tr = add_el(st, *group, "tr")) == NULL)
		return -1;
	st->col = 0;
	return push(st, n, tr, false);
}

/* <th> or <td>, with an align-* class instead of inline style. */
static int
render_cell(render *st, cmark_node *n)
{
	cmark_node *row = cmark_node_parent(n);
	bool header = row != NULL &&
	    cmark_gfm_extensions_get_table_row_is_header(row) != 0;
	const char *cls = NULL;
	xmlNodePtr c;

	/* a cell of a table left out: its text, set apart by a space */
	if (st->table == NULL)
		return add_text(st, st->cur, " ") < 0 ? -1 :
		    push(st, n, NULL, false);
	if ((c = add_el(st, st->cur, header ? "th" : "td")) == NULL)
		return -1;
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
	if (cls != NULL && set_attr(c, "class", cls) < 0)
		return -1;
	return push(st, n, c, false);
}

/* Extension nodes, known by their type names; unknown ones are rendered
 * as their children. */
static int
render_extension(render *st, cmark_node *n)
{
	const char *t = cmark_node_get_type_string(n);

	if (strcmp(t, "table") == 0)
		return render_table(st, n);
	if (strcmp(t, "table_row") == 0 || strcmp(t, "table_header") == 0)
		return render_row(st, n);
	if (strcmp(t, "table_cell") == 0)
		return render_cell(st, n);
	if (strcmp(t, "strikethrough") == 0)
		return push_el(st, n, "del");
	return push(st, n, NULL, false);
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
static int
enter(render *st, cmark_iter *it, cmark_node *n)
{
	xmlNodePtr x;
	const char *lit;

	if (too_deep(st, n)) {
		/* keep headings and sections in step */
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
			st->nheading++;
		return push(st, n, NULL, false);
	}
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
	case CMARK_NODE_CUSTOM_BLOCK:
	case CMARK_NODE_CUSTOM_INLINE:
		return push(st, n, NULL, false);
	case CMARK_NODE_BLOCK_QUOTE:
		return push_el(st, n, "blockquote");
	case CMARK_NODE_LIST:
		return render_list(st, n);
	case CMARK_NODE_ITEM:
		return render_item(st, n);
	case CMARK_NODE_CODE_BLOCK:
		return render_code_block(st, n);
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
		/* raw HTML is dropped, not even shown as text */
		return 0;
	case CMARK_NODE_PARAGRAPH:
		if (paragraph_is_tight(n))
			return push(st, n, NULL, false);
		return push_el(st, n, "p");
	case CMARK_NODE_HEADING:
		return render_heading(st, n);
	case CMARK_NODE_THEMATIC_BREAK:
		return add_el(st, st->cur, "hr") == NULL ? -1 : 0;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		return render_footnote_def(st, n);
	case CMARK_NODE_TEXT:
		lit = cmark_node_get_literal(n);
		return add_text(st, st->cur, lit != NULL ? lit : "");
	case CMARK_NODE_SOFTBREAK:
		return add_text(st, st->cur, "\n");
	case CMARK_NODE_LINEBREAK:
		return add_el(st, st->cur, "br") == NULL ? -1 : 0;
	case CMARK_NODE_CODE:
		lit = cmark_node_get_literal(n);
		if ((x = add_el(st, st->cur, "code")) == NULL)
			return -1;
		return add_text(st, x, lit != NULL ? lit : "");
	case CMARK_NODE_EMPH:
		return push_el(st, n, "em");
	case CMARK_NODE_STRONG:
		return push_el(st, n, "strong");
	case CMARK_NODE_LINK:
		return render_link(st, n);
	case CMARK_NODE_IMAGE:
		return render_image(st, it, n);
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		/* no children, but the iterator still gives it an exit */
		if (render_footnote_ref(st, n) < 0)
			return -1;
		return push(st, n, NULL, false);
	default:
		return render_extension(st, n);
	}
}

/* Leave node n: finish its element and make its parent current again. */
static int
leave(render *st, cmark_node *n)
{
	frame *f;

	/* a mismatch would mean the leaf list above is wrong */
	if (st->depth == 0 || st->stack[st->depth - 1].node != n)
		return -1;
	f = &st->stack[--st->depth];
	if (f->el && cmark_node_get_type(n) == CMARK_NODE_HEADING &&
	    heading_anchor(st, st->cur) < 0)
		return -1;
	if (f->el)
		st->eldepth--;
	if (node_is_table(n))
		st->table = st->thead = st->tbody = NULL;
	if (f->link)
		st->in_link--;
	st->cur = f->parent;
	return 0;
}

/* See mdhtml.h. */
int
mdhtml_render(const record *r, xmlNodePtr parent, diags *d)
{
	render st;
	cmark_iter *it = NULL;
	cmark_event_type ev;
	xmlNodePtr box = NULL, kids;
	int rc = -1;

	memset(&st, 0, sizeof(st));
	if (r == NULL || r->doc == NULL || parent == NULL || parent->doc == NULL)
		return -1;
	st.r = r;
	st.d = d;
	st.doc = parent->doc;
	/* build in a detached box and move the result over only when all
	 * went well, so that a failure leaves parent as it was */
	if ((box = xmlNewDocNode(st.doc, NULL, BAD_CAST "div", NULL)) == NULL)
		goto out;
	st.cur = box;
	if ((it = cmark_iter_new(r->doc)) == NULL)
		goto out;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if ((ev == CMARK_EVENT_ENTER ? enter(&st, it, n) :
		    leave(&st, n)) < 0)
			goto out;
	}
	if (st.depth != 0)
		goto out;
	if ((kids = box->children) != NULL) {
		box->children = box->last = NULL;
		if (xmlAddChildList(parent, kids) == NULL) {
			xmlFreeNodeList(kids);
			goto out;
		}
	}
	rc = 0;
out:
	if (it != NULL)
		cmark_iter_free(it);
	xmlFreeNode(box);
	free(st.stack);
	return rc;
}
