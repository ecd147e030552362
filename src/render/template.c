/*
 * template.c - HTML templates with data-am-* directives, compiled into a
 * program of literal bytes and operations, and run as a stream.
 *
 * template_parse reads the HTML once with libxml2's parser and compiles
 * every directive (the expressions included), then walks the tree once
 * more to make the program: markup without directives becomes literal
 * bytes, serialised by libxml2 itself at compile time so that the page
 * is what libxml2 would have written; an element with directives becomes
 * operations (open tag, text, fragment, if, repeat, block) around its
 * children's program. The tree is freed then. template_render runs the
 * program against the JSON data and appends bytes to the page's buffer,
 * every value through lib/escape.h. The language is described in
 * docs/templates.md; its expressions are template_expr.c's.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlIO.h>

#include "lib/escape.h"
#include "lib/grow.h"
#include "lib/url.h"
#include "lib/util.h"
#include "lib/words.h"
#include "render/template.h"
#include "render/template_expr.h"

#define DIRECTIVE_PREFIX	"data-am-"
#define DIRECTIVE_PREFIX_LEN	(sizeof(DIRECTIVE_PREFIX) - 1)
/* Element nesting, in a template and in a rendered page. */
#define MAX_DEPTH		256

/* data-am-attr-X or data-am-class-X. */
typedef struct attr_rule {
	char *name;
	expr *value;
	bool is_url;		/* the value must pass url_is_safe() */
} attr_rule;

/* Everything the directives of one element ask for. */
typedef struct directives {
	const char *tname;	/* the owning template's name, for findings */
	int line;
	bool remove;
	char *repeat_name;	/* NULL when there is no data-am-repeat */
	expr *repeat;
	expr *cond_if, *cond_unless;
	attr_rule *attrs;
	size_t nattrs;
	attr_rule *classes;
	size_t nclasses;
	expr *text, *html;
	char *block;
} directives;

/* A data-am-block element: while parsing, its node; once compiled, the
 * program of its content. */
typedef struct block {
	const char *name;	/* owned by the element's directives */
	xmlNodePtr node;	/* while parsing only */
	int line;
	size_t start, end;	/* its content: ops [start, end) */
	int depth;		/* the block element's nesting depth */
	int maxdepth;		/* the deepest element of its content */
} block;

/* An attribute of the template: its value, and the text libxml2 writes
 * for it (" name=\"v\""). */
typedef struct static_attr {
	char *name;
	char *value;
	char *text;
	size_t len;
} static_attr;

/* An element with directives: what its open tag needs at run time. */
typedef struct element {
	char *name;
	static_attr *attrs;	/* the template's own, in order */
	size_t nattrs;
	const directives *dv;
} element;

typedef enum opcode {
	OP_LIT,		/* write lit[a, a + b) */
	OP_TEXT,	/* write dv->text, escaped */
	OP_HTML,	/* write the fragment dv->html names */
	OP_OPEN,	/* write the open tag of elems[a] */
	OP_COND,	/* dv's if/unless say no: go to end */
	OP_REPEAT,	/* run [pc + 1, end) for every item of dv->repeat */
	OP_BLOCK,	/* blocks[a]; a page's block replaces [pc + 1, end) */
	OP_MARK,	/* remember the node count (an <li> may lose its end tag) */
	OP_CLOSE_OPT	/* write lit[a, a + b) when nodes came since the mark */
} opcode;

typedef struct op {
	opcode code;
	int depth;		/* the nesting depth of the element */
	const directives *dv;
	size_t a, b;
	size_t end;
} op;

struct template {
	char *name;
	xmlDocPtr doc;		/* while parsing only */
	directives **dirs;	/* every compiled element, to free them */
	size_t ndirs, capdirs;
	block *blocks;
	size_t nblocks, capblocks;
	/* the program */
	op *ops;
	size_t nops, capops;
	buf lit;		/* every literal byte, one after another */
	size_t pending;		/* lit[pending, len) has no OP_LIT yet */
	element *elems;
	size_t nelems, capelems;
};

/* Attributes whose value is a URL and must pass url_is_safe(). */
static const char *const url_attrs[] = {
	"href", "src", "action", "formaction", "cite", "poster", "srcset",
	"data", NULL
};

/* Directive names, for did-you-mean suggestions. */
static const char *const directive_names[] = {
	"repeat", "if", "unless", "text", "html", "attr-", "class-", "block",
	"remove", NULL
};

/* Line of node for findings; 0 when libxml2 does not know it. */
static int
line_of(xmlNodePtr node)
{
	long l = xmlGetLineNo(node);

	return (l > 0 && l <= INT_MAX) ? (int)l : 0;
}

/*
 * Parsing templates
 */

/* Directives for a new element of t, owned by t. */
static directives *
directives_new(template *t, int line)
{
	directives *dv = xcalloc(1, sizeof(*dv));

	dv->tname = t->name;
	dv->line = line;
	t->dirs = xgrow(t->dirs, t->ndirs, &t->capdirs, sizeof(*t->dirs), 16);
	t->dirs[t->ndirs++] = dv;
	return dv;
}

/* Free dv and everything it compiled. NULL-safe. */
static void
directives_free(directives *dv)
{
	if (dv == NULL)
		return;
	free(dv->repeat_name);
	expr_free(dv->repeat);
	expr_free(dv->cond_if);
	expr_free(dv->cond_unless);
	for (size_t i = 0; i < dv->nattrs; i++) {
		free(dv->attrs[i].name);
		expr_free(dv->attrs[i].value);
	}
	free(dv->attrs);
	for (size_t i = 0; i < dv->nclasses; i++) {
		free(dv->classes[i].name);
		expr_free(dv->classes[i].value);
	}
	free(dv->classes);
	expr_free(dv->text);
	expr_free(dv->html);
	free(dv->block);
	free(dv);
}

/* True when attribute name holds a URL (xlink:href counts as href). */
static bool
is_url_attr(const char *name)
{
	const char *colon = strrchr(name, ':');

	if (colon != NULL)
		name = colon + 1;
	for (size_t i = 0; url_attrs[i] != NULL; i++)
		if (strcmp(name, url_attrs[i]) == 0)
			return true;
	return false;
}

/* Append a rule for name with expression e to *v. */
static void
rule_push(attr_rule **v, size_t *n, const char *name, expr *e, bool is_url)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].name = xstrdup(name);
	(*v)[*n].value = e;
	(*v)[*n].is_url = is_url;
	(*n)++;
}

/* The nearest directive name to key, or NULL when none is close. */
static const char *
suggest_directive(const char *key)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; directive_names[i] != NULL; i++) {
		size_t dist = edit_distance(key, directive_names[i]);

		if (dist < bestd) {
			bestd = dist;
			best = directive_names[i];
		}
	}
	return best;
}

/*
 * Compile one directive, key being the attribute name after "data-am-",
 * into dv. Returns 0, or -1 with a "template" finding.
 */
static int
compile_directive(template *t, directives *dv, const char *key,
    const char *value, diags *d)
{
	char *error = NULL;
	expr *e = NULL;
	int rc = -1;

	if (strcmp(key, "remove") == 0) {
		/* any value is accepted: designers write data-am-remove="" */
		dv->remove = true;
		return 0;
	}
	if (strcmp(key, "block") == 0) {
		if (!expr_is_name(value)) {
			diags_add(d, t->name, dv->line, 0, DIAG_ERROR,
			    "template", "data-am-block=\"%s\": a block name is "
			    "letters, digits, '_' and '-'", value);
			return -1;
		}
		dv->block = xstrdup(value);
		return 0;
	}
	if (strcmp(key, "repeat") == 0) {
		if (expr_parse_repeat(value, &dv->repeat_name, &dv->repeat,
		    &error) < 0)
			goto out;
		return 0;
	}
	if (strncmp(key, "attr-", 5) == 0 || strncmp(key, "class-", 6) == 0) {
		bool is_attr = key[0] == 'a';
		const char *name = key + (is_attr ? 5 : 6);

		if (*name == '\0') {
			error = xasprintf("data-am-%s needs a name after the "
			    "'-'", is_attr ? "attr" : "class");
			goto out;
		}
		/* data must never become script: no event handlers, and no
		 * srcdoc, which is a whole HTML document */
		if (is_attr && (strncmp(name, "on", 2) == 0 ||
		    strcmp(name, "srcdoc") == 0)) {
			error = xasprintf("the attribute %s cannot be set from "
			    "data", name);
			goto out;
		}
		if ((e = expr_parse(value, &error)) == NULL)
			goto out;
		if (is_attr)
			rule_push(&dv->attrs, &dv->nattrs, name, e,
			    is_url_attr(name));
		else
			rule_push(&dv->classes, &dv->nclasses, name, e, false);
		return 0;
	}
	if (strcmp(key, "if") != 0 && strcmp(key, "unless") != 0 &&
	    strcmp(key, "text") != 0 && strcmp(key, "html") != 0) {
		const char *near = suggest_directive(key);

		diags_add(d, t->name, dv->line, 0, DIAG_ERROR, "template",
		    "unknown directive data-am-%s%s%s%s", key,
		    near ? " (did you mean data-am-" : "", near ? near : "",
		    near ? ")" : "");
		return -1;
	}
	if ((e = expr_parse(value, &error)) == NULL)
		goto out;
	if (strcmp(key, "if") == 0)
		dv->cond_if = e;
	else if (strcmp(key, "unless") == 0)
		dv->cond_unless = e;
	else if (strcmp(key, "text") == 0)
		dv->text = e;
	else
		dv->html = e;
	rc = 0;
out:
	if (rc < 0 && error != NULL)
		diags_add(d, t->name, dv->line, 0, DIAG_ERROR, "template",
		    "data-am-%s=\"%s\": %s", key, value, error);
	free(error);
	return rc;
}

/* Add block name at node to t; -1 with a finding when it is taken. */
static int
add_block(template *t, const directives *dv, xmlNodePtr node, diags *d)
{
	for (size_t i = 0; i < t->nblocks; i++) {
		if (strcmp(t->blocks[i].name, dv->block) == 0) {
			diags_add(d, t->name, dv->line, 0, DIAG_ERROR,
			    "template", "data-am-block=\"%s\" is used twice "
			    "(first on line %d)", dv->block,
			    t->blocks[i].line);
			return -1;
		}
	}
	t->blocks = xgrow(t->blocks, t->nblocks, &t->capblocks,
	    sizeof(*t->blocks), 4);
	memset(&t->blocks[t->nblocks], 0, sizeof(t->blocks[t->nblocks]));
	t->blocks[t->nblocks].name = dv->block;
	t->blocks[t->nblocks].node = node;
	t->blocks[t->nblocks].line = dv->line;
	t->nblocks++;
	return 0;
}

/* Refuse directive combinations that cannot mean anything safe. */
static int
check_combination(template *t, const directives *dv, xmlNodePtr node,
    bool is_root, diags *d)
{
	const char *name = (const char *)node->name;
	int rc = 0;

	if (dv->text != NULL && dv->html != NULL) {
		diags_add(d, t->name, dv->line, 0, DIAG_ERROR, "template",
		    "data-am-text and data-am-html on one element");
		rc = -1;
	}
	if (dv->block != NULL && (dv->text != NULL || dv->html != NULL)) {
		diags_add(d, t->name, dv->line, 0, DIAG_ERROR, "template",
		    "data-am-block with data-am-%s: the block's content "
		    "would be lost", dv->text != NULL ? "text" : "html");
		rc = -1;
	}
	/* libxml2 writes the text of script and style unescaped */
	if ((dv->text != NULL || dv->html != NULL) &&
	    (strcmp(name, "script") == 0 || strcmp(name, "style") == 0)) {
		diags_add(d, t->name, dv->line, 0, DIAG_ERROR, "template",
		    "data-am-%s cannot fill <%s>: its content is never "
		    "escaped", dv->text != NULL ? "text" : "html", name);
		rc = -1;
	}
	if (is_root && (dv->repeat != NULL || dv->cond_if != NULL ||
	    dv->cond_unless != NULL || dv->remove)) {
		diags_add(d, t->name, dv->line, 0, DIAG_ERROR, "template",
		    "the root element must appear exactly once: no "
		    "data-am-repeat, -if, -unless or -remove on <%s>", name);
		rc = -1;
	}
	return rc;
}

/*
 * Compile the directives of element node, hang them on node->_private and
 * remove their attributes from the template tree. Returns 0, or -1 with
 * findings (every bad directive is reported, not only the first).
 */
static int
compile_element(template *t, xmlNodePtr node, bool is_root, diags *d)
{
	directives *dv = NULL;
	xmlAttrPtr a, next;
	int rc = 0;

	for (a = node->properties; a != NULL; a = next) {
		const char *aname = (const char *)a->name;
		xmlChar *value = NULL;

		next = a->next;
		if (strncmp(aname, DIRECTIVE_PREFIX, DIRECTIVE_PREFIX_LEN) != 0)
			continue;
		if (dv == NULL)
			dv = directives_new(t, line_of(node));
		/* a bare attribute (data-am-remove) has no children */
		if (a->children != NULL &&
		    (value = xmlNodeListGetString(t->doc, a->children, 1)) ==
		    NULL) {
			diags_add(d, t->name, dv->line, 0, DIAG_ERROR,
			    "template", "cannot read attribute %s", aname);
			rc = -1;
			continue;
		}
		if (compile_directive(t, dv, aname + DIRECTIVE_PREFIX_LEN,
		    value != NULL ? (const char *)value : "", d) < 0)
			rc = -1;
		xmlFree(value);
		if (xmlRemoveProp(a) < 0) {
			diags_add(d, t->name, dv->line, 0, DIAG_ERROR,
			    "template", "cannot remove attribute %s", aname);
			rc = -1;
		}
	}
	if (dv == NULL)
		return rc;
	if (check_combination(t, dv, node, is_root, d) < 0)
		rc = -1;
	if (dv->block != NULL && add_block(t, dv, node, d) < 0)
		rc = -1;
	node->_private = dv;
	return rc;
}

/* Compile node, its following siblings and their descendants. */
static int
compile_tree(template *t, xmlNodePtr node, int depth, diags *d)
{
	int rc = 0;

	for (; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (depth >= MAX_DEPTH) {
			diags_add(d, t->name, line_of(node), 0, DIAG_ERROR,
			    "template", "elements nested more than %d deep",
			    MAX_DEPTH);
			return -1;
		}
		if (compile_element(t, node, depth == 0, d) < 0)
			rc = -1;
		if (compile_tree(t, node->children, depth + 1, d) < 0)
			rc = -1;
	}
	return rc;
}

/*
 * Compiling the program
 */

/* Append the HTML libxml2 writes for node and its subtree to out, with
 * doc's rules (an HTML document: UTF-8 kept, '&', '<', '>' escaped).
 * Returns 0, or -1 when libxml2 fails. */
static int
dump_node(xmlDocPtr doc, xmlNodePtr node, buf *out)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlOutputBufferPtr ob;
	const xmlChar *content;
	int rc = -1, n;

	if (xb == NULL)
		return -1;
	/* no encoder: the tree is UTF-8 already and stays so */
	if ((ob = xmlOutputBufferCreateBuffer(xb, NULL)) == NULL)
		goto out;
	htmlNodeDumpFormatOutput(ob, doc, node, "UTF-8", 0);
	if (ob->error != 0) {
		(void)xmlOutputBufferClose(ob);	/* already failing */
		goto out;
	}
	if (xmlOutputBufferClose(ob) < 0)
		goto out;
	if ((content = xmlBufferContent(xb)) == NULL ||
	    (n = xmlBufferLength(xb)) < 0)
		goto out;
	buf_add(out, content, (size_t)n);
	rc = 0;
out:
	xmlBufferFree(xb);
	return rc;
}

/* Append n literal bytes to t's program. */
static void
lit_add(template *t, const char *s, size_t n)
{
	if (n > 0)
		buf_add(&t->lit, s, n);
}

/* Append op to t's program after an OP_LIT for the pending literal
 * bytes. Returns its index. */
static size_t
op_push(template *t, opcode code, int depth, const directives *dv,
    size_t a, size_t b)
{
	op *o;

	if (t->lit.len > t->pending) {
		size_t from = t->pending;

		t->pending = t->lit.len;
		(void)op_push(t, OP_LIT, depth, NULL, from, t->lit.len - from);
	}
	if (code == OP_LIT && b == 0)
		return t->nops;
	t->ops = xgrow(t->ops, t->nops, &t->capops, sizeof(*t->ops), 64);
	o = &t->ops[t->nops];
	memset(o, 0, sizeof(*o));
	o->code = code;
	o->depth = depth;
	o->dv = dv;
	o->a = a;
	o->b = b;
	return t->nops++;
}

/* End the pending literal run, so that the next op starts a range. */
static void
lit_flush(template *t)
{
	(void)op_push(t, OP_LIT, 0, NULL, 0, 0);
}

/* Store n literal bytes outside every literal run (for OP_CLOSE_OPT);
 * sets *at to their offset. */
static void
lit_aside(template *t, const char *s, size_t n, size_t *at)
{
	lit_flush(t);
	*at = t->lit.len;
	lit_add(t, s, n);
	t->pending = t->lit.len;
}

/*
 * True for the void elements of HTML5 that libxml2's HTML 4 parser does
 * not know: it would write them with an end tag (<source></source>, a
 * parse error) and make what follows them their children.
 */
static bool
html5_void(xmlNodePtr node)
{
	static const char *const names[] = {
		"embed", "source", "track", "wbr", NULL
	};

	if (node->type != XML_ELEMENT_NODE || node->ns != NULL)
		return false;
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcmp((const char *)node->name, names[i]) == 0)
			return true;
	return false;
}

/* True when node and everything under it have no directives. Recursion
 * is bounded by MAX_DEPTH, which compile_tree enforced. */
static bool
subtree_static(xmlNodePtr node)
{
	if (node->type != XML_ELEMENT_NODE)
		return true;
	if (node->_private != NULL || html5_void(node))
		return false;
	for (xmlNodePtr c = node->children; c != NULL; c = c->next)
		if (!subtree_static(c))
			return false;
	return true;
}

/* The depth of the deepest element at or under node (at depth). */
static int
subtree_depth(xmlNodePtr node, int depth)
{
	int max = depth;

	for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
		int d;

		if (c->type == XML_ELEMENT_NODE &&
		    (d = subtree_depth(c, depth + 1)) > max)
			max = d;
	}
	return max;
}

/* How an element is written. */
typedef struct tag_kind {
	bool empty;		/* a void element: no content, no end tag */
	bool save_end;		/* no end tag when it has no children (<li>) */
	bool html5_void;	/* void, and its "children" are its siblings */
} tag_kind;

/* How element node is written: as libxml2 writes it, but for the void
 * elements it does not know. */
static tag_kind
tag_kind_of(xmlNodePtr node)
{
	const htmlElemDesc *info = node->ns == NULL ?
	    htmlTagLookup(node->name) : NULL;
	tag_kind k = { false, false, false };

	if (html5_void(node)) {
		k.html5_void = true;
		return k;
	}
	if (info == NULL)
		return k;
	k.empty = info->empty != 0;
	k.save_end = !k.empty && info->saveEndTag != 0 &&
	    strcmp(info->name, "html") != 0 && strcmp(info->name, "body") != 0;
	return k;
}

/*
 * The open tag of node with its attributes as libxml2 writes them
 * ("<p class=\"x\">"), appended to out; when a is not NULL, only that
 * attribute (" class=\"x\""). Made by serialising a childless copy, so
 * that every quirk of libxml2's attribute writer is kept. Returns 0 or
 * -1.
 */
static int
open_tag(xmlDocPtr doc, xmlNodePtr node, xmlAttrPtr a, buf *out)
{
	xmlNodePtr bare = xmlNewDocNode(doc, NULL, node->name, NULL), copy;
	buf with = { 0 }, without = { 0 };
	size_t head = 1 + strlen((const char *)node->name), tail;
	int rc = -1;

	if (bare == NULL)
		return -1;
	if (a == NULL) {
		if ((copy = xmlDocCopyNode(node, doc, 2)) == NULL)
			goto out;
		copy->_private = NULL;
	} else {
		copy = xmlDocCopyNode(bare, doc, 2);
		if (copy == NULL)
			goto out;
		if ((copy->properties = xmlCopyProp(copy, a)) == NULL) {
			xmlFreeNode(copy);
			goto out;
		}
	}
	rc = dump_node(doc, copy, &with) < 0 || dump_node(doc, bare, &without)
	    < 0 ? -1 : 0;
	xmlFreeNode(copy);
	if (rc < 0 || without.len < head || with.len < without.len)
		goto fail;
	/* what follows the name without attributes: ">" or "></p>" */
	tail = without.len - head;
	if (a != NULL)
		buf_add(out, with.data + head, with.len - head - tail);
	else {
		/* the suffix always starts with the '>' the tag needs */
		buf_add(out, with.data, with.len - tail);
		buf_addc(out, '>');
	}
	goto out;
fail:
	rc = -1;
out:
	xmlFreeNode(bare);
	buf_free(&with);
	buf_free(&without);
	return rc;
}

/* The program for element node with directives dv, at depth. */
static int compile_node(template *t, xmlNodePtr node, int depth, diags *d);

/* Compile the children of node (at depth). */
static int
compile_children(template *t, xmlNodePtr node, int depth, diags *d)
{
	for (xmlNodePtr c = node->children; c != NULL; c = c->next)
		if (compile_node(t, c, depth + 1, d) < 0)
			return -1;
	return 0;
}

/* An OP_MARK ... OP_CLOSE_OPT pair's second half: the end tag of an
 * element libxml2 writes without one when it has no children. */
static void
close_optional(template *t, xmlNodePtr node, int depth)
{
	buf end = { 0 };
	size_t at;

	buf_addf(&end, "</%s>", (const char *)node->name);
	lit_aside(t, end.data, end.len, &at);
	(void)op_push(t, OP_CLOSE_OPT, depth, NULL, at, end.len);
	buf_free(&end);
}

/* The element table entry for node: its attributes serialised once. */
static int
element_add(template *t, xmlNodePtr node, const directives *dv, size_t *at)
{
	element *el;
	size_t n = 0;

	t->elems = xgrow(t->elems, t->nelems, &t->capelems,
	    sizeof(*t->elems), 16);
	el = &t->elems[t->nelems];
	memset(el, 0, sizeof(*el));
	el->name = xstrdup((const char *)node->name);
	el->dv = dv;
	*at = t->nelems++;
	for (xmlAttrPtr a = node->properties; a != NULL; a = a->next)
		n++;
	el->attrs = n ? xcalloc(n, sizeof(*el->attrs)) : NULL;
	for (xmlAttrPtr a = node->properties; a != NULL; a = a->next) {
		static_attr *sa = &el->attrs[el->nattrs++];
		buf b = { 0 };

		xmlChar *v = a->children != NULL ?
		    xmlNodeListGetString(t->doc, a->children, 1) : NULL;

		sa->name = xstrdup((const char *)a->name);
		sa->value = xstrdup(v != NULL ? (const char *)v : "");
		xmlFree(v);
		if (open_tag(t->doc, node, a, &b) < 0) {
			buf_free(&b);
			return -1;
		}
		sa->len = b.len;
		sa->text = b.data ? b.data : xstrdup("");
	}
	return 0;
}

static int
compile_node(template *t, xmlNodePtr node, int depth, diags *d)
{
	const directives *dv = node->_private;
	size_t open[2], nopen = 0, el;
	tag_kind k;
	buf b = { 0 };
	int rc = -1;

	if (node->type != XML_ELEMENT_NODE || subtree_static(node)) {
		if (dump_node(t->doc, node, &b) < 0)
			goto fail;
		lit_add(t, b.data, b.len);
		buf_free(&b);
		return 0;
	}
	k = tag_kind_of(node);
	if (dv == NULL) {
		/* plain markup around directives further down */
		if (open_tag(t->doc, node, NULL, &b) < 0)
			goto fail;
		lit_add(t, b.data, b.len);
		buf_free(&b);
		if (k.empty)
			return 0;
		if (k.html5_void)
			return compile_children(t, node, depth - 1, d);
		if (k.save_end)
			(void)op_push(t, OP_MARK, depth, NULL, 0, 0);
		if (compile_children(t, node, depth, d) < 0)
			return -1;
		if (k.save_end) {
			close_optional(t, node, depth);
		} else {
			buf_addf(&b, "</%s>", (const char *)node->name);
			lit_add(t, b.data, b.len);
			buf_free(&b);
		}
		return 0;
	}
	if (dv->remove)
		return 0;
	if (dv->repeat != NULL)
		open[nopen++] = op_push(t, OP_REPEAT, depth, dv, 0, 0);
	if (dv->cond_if != NULL || dv->cond_unless != NULL)
		open[nopen++] = op_push(t, OP_COND, depth, dv, 0, 0);
	if (element_add(t, node, dv, &el) < 0)
		goto fail;
	(void)op_push(t, OP_OPEN, depth, dv, el, 0);
	if (k.html5_void) {
		/* what the parser put inside follows it */
		if (compile_children(t, node, depth - 1, d) < 0)
			return -1;
	} else if (!k.empty) {
		if (k.save_end)
			(void)op_push(t, OP_MARK, depth, NULL, 0, 0);
		if (dv->text != NULL) {
			(void)op_push(t, OP_TEXT, depth, dv, 0, 0);
		} else if (dv->html != NULL) {
			(void)op_push(t, OP_HTML, depth, dv, 0, 0);
		} else if (dv->block != NULL) {
			block *bl = NULL;
			size_t at;

			for (size_t i = 0; i < t->nblocks; i++)
				if (t->blocks[i].node == node)
					bl = &t->blocks[i];
			if (bl == NULL)
				goto fail;
			at = op_push(t, OP_BLOCK, depth, dv,
			    (size_t)(bl - t->blocks), 0);
			bl->start = at + 1;
			bl->depth = depth;
			bl->maxdepth = subtree_depth(node, depth);
			if (compile_children(t, node, depth, d) < 0)
				return -1;
			lit_flush(t);
			bl->end = t->ops[at].end = t->nops;
		} else if (compile_children(t, node, depth, d) < 0) {
			return -1;
		}
		if (k.save_end) {
			close_optional(t, node, depth);
		} else {
			buf_addf(&b, "</%s>", (const char *)node->name);
			lit_add(t, b.data, b.len);
			buf_free(&b);
		}
	}
	lit_flush(t);
	for (size_t i = 0; i < nopen; i++)
		t->ops[open[i]].end = t->nops;
	return 0;
fail:
	buf_free(&b);
	diags_add(d, t->name, line_of(node), 0, DIAG_ERROR, "template",
	    "libxml2 could not write this element (out of memory?)");
	return rc;
}

/* Compile the program of root, t's root element. Returns 0 or -1 with a
 * finding. */
static int
program_compile(template *t, xmlNodePtr root, diags *d)
{
	if (compile_node(t, root, 0, d) < 0)
		return -1;
	lit_flush(t);
	for (size_t i = 0; i < t->nblocks; i++)
		t->blocks[i].node = NULL;
	return 0;
}

template *
template_parse(const char *name, const char *text, size_t len, diags *d)
{
	template *t = NULL, *ret = NULL;
	htmlParserCtxtPtr ctxt = NULL;
	xmlNodePtr root;

	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	if (len > INT_MAX) {
		diags_add(d, name, 0, 0, DIAG_ERROR, "template",
		    "template too large");
		goto out;
	}
	/* htmlReadMemory, but with our own context: only the context tells
	 * whether the parser gave up half way (nesting deeper than 256),
	 * and a truncated template must not pass */
	if ((ctxt = htmlNewParserCtxt()) == NULL) {
		diags_add(d, name, 0, 0, DIAG_ERROR, "template",
		    "libxml2 could not create a parser (out of memory?)");
		goto out;
	}
	/* the encoding is given so that no guess or meta tag changes it */
	t->doc = htmlCtxtReadMemory(ctxt, text, (int)len, name, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	if (ctxt->disableSAX) {
		const xmlError *e = &ctxt->lastError;
		/* libxml2's messages end in a newline */
		char *why = xstrdup(e->message != NULL ? e->message :
		    "unknown error");

		diags_add(d, name, e->line > 0 ? e->line : 0, 0, DIAG_ERROR,
		    "template", "the HTML parser stopped: %s", str_trim(why));
		free(why);
		goto out;
	}
	if (t->doc == NULL ||
	    (root = xmlDocGetRootElement(t->doc)) == NULL) {
		diags_add(d, name, 0, 0, DIAG_ERROR, "template",
		    "not usable HTML");
		goto out;
	}
	if (compile_tree(t, root, 0, d) < 0 || program_compile(t, root, d) < 0)
		goto out;
	/* the program is all that rendering needs */
	xmlFreeDoc(t->doc);
	t->doc = NULL;
	ret = t;
	t = NULL;
out:
	if (ctxt != NULL)
		htmlFreeParserCtxt(ctxt);
	template_free(t);
	return ret;
}

void
template_free(template *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->ndirs; i++)
		directives_free(t->dirs[i]);
	free(t->dirs);
	free(t->blocks);
	for (size_t i = 0; i < t->nelems; i++) {
		for (size_t k = 0; k < t->elems[i].nattrs; k++) {
			free(t->elems[i].attrs[k].name);
			free(t->elems[i].attrs[k].value);
			free(t->elems[i].attrs[k].text);
		}
		free(t->elems[i].attrs);
		free(t->elems[i].name);
	}
	free(t->elems);
	free(t->ops);
	buf_free(&t->lit);
	if (t->doc != NULL)
		xmlFreeDoc(t->doc);
	free(t->name);
	free(t);
}


/*
 * Rendering: running the program
 */

/* An attribute of the open tag being written. */
typedef struct slot {
	const char *name;
	enum { SLOT_STATIC, SLOT_VALUE, SLOT_GONE } kind;
	const static_attr *sa;	/* SLOT_STATIC */
	size_t off, len;	/* SLOT_VALUE: the value in render.vals */
	bool is_url;
} slot;

typedef struct render {
	buf *out;
	expr_scope scope;	/* the data and the repeat items */
	const template *page;
	const template *layout;	/* NULL when the page renders as itself */
	const template_frags *frags;
	diags *d;
	size_t nodes;		/* nodes written, for OP_CLOSE_OPT */
	size_t *marks;		/* node counts at open OP_MARKs */
	size_t nmarks, capmarks;
	slot *slots;		/* scratch for open tags */
	size_t capslots;
	buf vals;		/* scratch: attribute values */
	buf text;		/* scratch: text values */
	xmlDocPtr hdoc;		/* for node fragments: HTML rules */
} render;

/*
 * True when url may go into attribute name. srcset holds a comma-separated
 * list of "URL descriptors" candidates; each URL is checked.
 */
static bool
attr_url_safe(const char *name, const char *url)
{
	const char *p = url;

	if (strcmp(name, "srcset") != 0)
		return url_is_safe(url);
	for (;;) {
		size_t n;
		char *one;
		bool ok;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == '\f' || *p == ',')
			p++;
		if (*p == '\0')
			return true;
		n = strcspn(p, " \t\n\r\f");
		one = xstrndup(p, n);
		/* a URL may end in commas when no descriptor follows */
		while (n > 0 && one[n - 1] == ',')
			one[--n] = '\0';
		ok = url_is_safe(one);
		free(one);
		if (!ok)
			return false;
		p += strcspn(p, ",");
	}
}

/* True when the space-separated list s[0..n) holds the word w. */
static bool
has_word(const char *s, size_t n, const char *w)
{
	size_t wn = strlen(w), i = 0;

	while (i < n) {
		size_t len = 0;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r' || s[i] == '\f'))
			i++;
		while (i + len < n && s[i + len] != ' ' && s[i + len] != '\t' &&
		    s[i + len] != '\n' && s[i + len] != '\r' &&
		    s[i + len] != '\f')
			len++;
		if (len == wn && len > 0 && memcmp(s + i, w, wn) == 0)
			return true;
		i += len;
	}
	return false;
}

/* The slot for attribute name among the first n, or NULL. */
static slot *
slot_find(slot *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].kind != SLOT_GONE && strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

/* Room for n slots in r's scratch. */
static void
slots_reserve(render *r, size_t n)
{
	if (n <= r->capslots)
		return;
	r->slots = xrealloc(r->slots, n * sizeof(*r->slots));
	r->capslots = n;
}

/* Set attribute name to the value vals[off, off + len), where it is or
 * at the end; *n counts the slots. */
static void
slot_set(render *r, size_t *n, const char *name, size_t off, size_t len,
    bool is_url)
{
	slot *s = slot_find(r->slots, *n, name);

	if (s == NULL) {
		s = &r->slots[(*n)++];
		s->name = name;
	}
	s->kind = SLOT_VALUE;
	s->sa = NULL;
	s->off = off;
	s->len = len;
	s->is_url = is_url;
}

/* Apply data-am-attr-* of dv to the slots; *n counts them. */
static void
apply_attrs(render *r, const directives *dv, size_t *n)
{
	for (size_t i = 0; i < dv->nattrs; i++) {
		const attr_rule *rule = &dv->attrs[i];
		json_t *v = expr_eval(&r->scope, rule->value);
		bool drop = json_is_null(v) || json_is_false(v);
		size_t off = r->vals.len;
		slot *s;

		if (json_is_true(v))
			buf_adds(&r->vals, rule->name);
		else
			expr_add_text(&r->vals, v);
		json_decref(v);
		/* each value ends in a NUL of its own, for the URL check */
		buf_addc(&r->vals, '\0');
		if (!drop && rule->is_url &&
		    !attr_url_safe(rule->name, r->vals.data + off)) {
			diags_add(r->d, dv->tname, dv->line, 0, DIAG_WARNING,
			    "template-url", "unsafe URL \"%s\" dropped from "
			    "%s", r->vals.data + off, rule->name);
			drop = true;
		}
		if (!drop) {
			slot_set(r, n, rule->name, off, r->vals.len - off - 1,
			    rule->is_url);
		} else if ((s = slot_find(r->slots, *n, rule->name)) != NULL) {
			s->kind = SLOT_GONE;
		}
	}
}

/* Apply data-am-class-* of dv to the slots; *n counts them. */
static void
apply_classes(render *r, const directives *dv, size_t *n)
{
	slot *s = slot_find(r->slots, *n, "class");
	size_t off = r->vals.len;
	bool changed = false;

	if (s != NULL && s->kind == SLOT_VALUE) {
		/* vals may move while it grows: copy by offset */
		size_t from = s->off, len = s->len;

		for (size_t i = 0; i < len; i++)
			buf_addc(&r->vals, r->vals.data[from + i]);
	} else if (s != NULL) {
		buf_adds(&r->vals, s->sa->value);
	}
	for (size_t i = 0; i < dv->nclasses; i++) {
		const char *name = dv->classes[i].name;

		if (!expr_eval_truthy(&r->scope, dv->classes[i].value) ||
		    has_word(r->vals.data + off, r->vals.len - off, name))
			continue;
		if (r->vals.len > off)
			buf_addc(&r->vals, ' ');
		buf_adds(&r->vals, name);
		changed = true;
	}
	buf_addc(&r->vals, '\0');
	if (changed)
		slot_set(r, n, "class", off, r->vals.len - off - 1, false);
}

/* Write the open tag of el: the template's attributes as compiled, each
 * set, replaced or removed by the directives in place, new ones after
 * them, every value through the escaping module. */
static void
write_open(render *r, const element *el)
{
	const directives *dv = el->dv;
	size_t n = 0;

	slots_reserve(r, el->nattrs + dv->nattrs + 1);
	r->vals.len = 0;
	for (size_t i = 0; i < el->nattrs; i++) {
		slot *s = &r->slots[n++];

		s->name = el->attrs[i].name;
		s->kind = SLOT_STATIC;
		s->sa = &el->attrs[i];
		s->is_url = false;
	}
	if (dv->nattrs > 0)
		apply_attrs(r, dv, &n);
	if (dv->nclasses > 0)
		apply_classes(r, dv, &n);
	buf_addc(r->out, '<');
	buf_adds(r->out, el->name);
	for (size_t i = 0; i < n; i++) {
		const slot *s = &r->slots[i];
		const char *v;

		if (s->kind == SLOT_GONE)
			continue;
		if (s->kind == SLOT_STATIC) {
			buf_add(r->out, s->sa->text, s->sa->len);
			continue;
		}
		v = r->vals.data + s->off;
		buf_addc(r->out, ' ');
		buf_adds(r->out, s->name);
		/* as HTML writes them: the name alone */
		if (htmlIsBooleanAttr((const xmlChar *)s->name))
			continue;
		buf_adds(r->out, "=\"");
		/* a srcset is a list: its spaces are not the URL's */
		if (!s->is_url || strcmp(s->name, "srcset") == 0 ||
		    !esc_url_attr(r->out, v, s->len))
			esc_html_attr(r->out, v, s->len);
		buf_addc(r->out, '"');
	}
	buf_addc(r->out, '>');
}

/*
 * How deep the elements of the node list go (1 for elements without
 * element children), but no further than past cap. Walked without
 * recursion: the list may be deeper than the stack allows.
 */
static int
list_depth(xmlNodePtr list, int cap)
{
	xmlNodePtr n = list;
	int depth = 0, max = 0;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			if (depth + 1 > max && (max = depth + 1) > cap)
				return max;
			if (n->children != NULL) {
				n = n->children;
				depth++;
				continue;
			}
		}
		while (n->next == NULL && depth > 0) {
			n = n->parent;
			depth--;
		}
		n = n->next;
	}
	return max;
}

/* A "page nested too deep" finding at op o of t; returns -1. */
static int
too_deep(const render *r, const template *t, const op *o)
{
	diags_add(r->d, t->name, o->dv != NULL ? o->dv->line : 0, 0,
	    DIAG_ERROR, "template", "page nested more than %d elements deep",
	    MAX_DEPTH);
	return -1;
}

/* Write the fragment o's data-am-html names (at depth + shift).
 * Returns 0 or -1 with a finding. */
static int
write_fragment(render *r, const template *t, const op *o, int shift)
{
	const template_frags *f = r->frags;
	const char *html;
	size_t len;
	xmlNodePtr list;

	r->text.len = 0;
	expr_eval_text(&r->scope, o->dv->html, &r->text);
	if (f == NULL || r->text.len == 0)
		return 0;
	buf_addc(&r->text, '\0');
	if (f->html != NULL && f->html(f->ud, r->text.data, &html, &len)) {
		buf_add(r->out, html, len);
		if (len > 0)
			r->nodes++;
		return 0;
	}
	if (f->nodes == NULL || (list = f->nodes(f->ud, r->text.data)) == NULL)
		return 0;
	if (list_depth(list, MAX_DEPTH) + o->depth + shift + 1 > MAX_DEPTH)
		return too_deep(r, t, o);
	/* written with the rules of an HTML document, as the page is */
	if (r->hdoc == NULL && (r->hdoc = htmlNewDocNoDtD(NULL, NULL)) == NULL)
		goto fail;
	for (xmlNodePtr n = list; n != NULL; n = n->next)
		if (dump_node(r->hdoc, n, r->out) < 0)
			goto fail;
	r->nodes++;
	return 0;
fail:
	diags_add(r->d, t->name, o->dv->line, 0, DIAG_ERROR, "template",
	    "libxml2 could not write a fragment (out of memory?)");
	return -1;
}

/* The page's block called name, or NULL. */
static const block *
find_block(const template *t, const char *name)
{
	for (size_t i = 0; i < t->nblocks; i++)
		if (strcmp(t->blocks[i].name, name) == 0)
			return &t->blocks[i];
	return NULL;
}

/* True unless dv's data-am-if or data-am-unless says no. */
static bool
cond_holds(const render *r, const directives *dv)
{
	if (dv->cond_if != NULL && !expr_eval_truthy(&r->scope, dv->cond_if))
		return false;
	if (dv->cond_unless != NULL &&
	    expr_eval_truthy(&r->scope, dv->cond_unless))
		return false;
	return true;
}

static int run(render *r, const template *t, size_t pc, size_t end,
    int shift);

/* Run the body of the OP_REPEAT at pc once per item. */
static int
run_repeat(render *r, const template *t, size_t pc, int shift)
{
	const op *o = &t->ops[pc];
	const directives *dv = o->dv;
	json_t *list = expr_eval(&r->scope, dv->repeat);
	size_t n;
	int rc = -1;

	if (!json_is_array(list)) {
		if (!json_is_null(list))
			diags_add(r->d, dv->tname, dv->line, 0, DIAG_WARNING,
			    "template", "data-am-repeat: the value is not an "
			    "array; element left out");
		rc = 0;
		goto out;
	}
	n = json_array_size(list);
	for (size_t i = 0; i < n; i++) {
		expr_binding b;
		int one;

		b.name = dv->repeat_name;
		b.namelen = strlen(dv->repeat_name);
		b.item = json_array_get(list, i);
		b.index = i + 1;
		b.last = i + 1 == n;
		b.up = r->scope.bindings;
		r->scope.bindings = &b;
		one = run(r, t, pc + 1, o->end, shift);
		r->scope.bindings = b.up;
		if (one < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(list);
	return rc;
}

/* Run ops [pc, end) of t; shift is added to their depths (a page's block
 * inside the layout). Returns 0 or -1 with findings. */
static int
run(render *r, const template *t, size_t pc, size_t end, int shift)
{
	while (pc < end) {
		const op *o = &t->ops[pc];
		const block *pb;

		switch (o->code) {
		case OP_LIT:
			buf_add(r->out, t->lit.data + o->a, o->b);
			r->nodes++;
			break;
		case OP_TEXT:
			r->text.len = 0;
			expr_eval_text(&r->scope, o->dv->text, &r->text);
			esc_html_text(r->out, r->text.data, r->text.len);
			r->nodes++;
			break;
		case OP_HTML:
			if (write_fragment(r, t, o, shift) < 0)
				return -1;
			break;
		case OP_OPEN:
			write_open(r, &t->elems[o->a]);
			r->nodes++;
			break;
		case OP_COND:
			if (!cond_holds(r, o->dv)) {
				pc = o->end;
				continue;
			}
			break;
		case OP_REPEAT:
			if (run_repeat(r, t, pc, shift) < 0)
				return -1;
			pc = o->end;
			continue;
		case OP_BLOCK:
			if (t != r->layout || r->page == r->layout ||
			    (pb = find_block(r->page, o->dv->block)) == NULL)
				break;
			if (o->depth + shift + pb->maxdepth - pb->depth >=
			    MAX_DEPTH)
				return too_deep(r, t, o);
			if (run(r, r->page, pb->start, pb->end,
			    o->depth + shift - pb->depth) < 0)
				return -1;
			pc = o->end;
			continue;
		case OP_MARK:
			r->marks = xgrow(r->marks, r->nmarks, &r->capmarks,
			    sizeof(*r->marks), 8);
			r->marks[r->nmarks++] = r->nodes;
			break;
		case OP_CLOSE_OPT:
			if (r->nmarks > 0 && r->nodes > r->marks[--r->nmarks])
				buf_add(r->out, t->lit.data + o->a, o->b);
			break;
		}
		pc++;
	}
	return 0;
}

int
template_render(const template *t, const template *layout, json_t *data,
    const template_frags *frags, buf *out, diags *d)
{
	render r;
	const template *base = layout != NULL ? layout : t;
	int rc;

	memset(&r, 0, sizeof(r));
	r.out = out;
	r.scope.data = data;
	r.page = t;
	r.layout = layout;
	r.frags = frags;
	r.d = d;
	buf_adds(out, "<!DOCTYPE html>\n");
	rc = run(&r, base, 0, base->nops, 0);
	buf_addc(out, '\n');
	free(r.marks);
	free(r.slots);
	buf_free(&r.vals);
	buf_free(&r.text);
	if (r.hdoc != NULL)
		xmlFreeDoc(r.hdoc);
	return rc;
}
