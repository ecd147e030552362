/*
 * template.c - HTML templates with data-am-* directives.
 *
 * template_parse reads the HTML once, compiles every directive (the
 * expressions included) into a struct hung on the element's _private
 * pointer, and strips the directive attributes from the parsed tree.
 * template_render then walks that tree and builds a new document node by
 * node, so rendering never re-parses anything and the template itself is
 * never modified. The language is described in docs/templates.md; its
 * expressions are template_expr.c's, this file compiles the directives,
 * renders and serialises.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlIO.h>

#include "lib/words.h"
#include "render/template.h"
#include "render/template_expr.h"
#include "lib/url.h"
#include "lib/grow.h"
#include "lib/util.h"

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

typedef struct block {
	const char *name;	/* owned by the element's directives */
	xmlNodePtr node;
} block;

struct template {
	char *name;
	xmlDocPtr doc;
	directives **dirs;	/* every compiled element, to free them */
	size_t ndirs, capdirs;
	block *blocks;
	size_t nblocks, capblocks;
};


typedef struct render {
	xmlDocPtr doc;		/* the document being built */
	expr_scope scope;	/* the data and the repeat items */
	const template *page;
	const template *layout;	/* NULL when the page renders as itself */
	template_fragment_fn fragment;
	void *ud;
	diags *d;
} render;

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
			    line_of(t->blocks[i].node));
			return -1;
		}
	}
	t->blocks = xgrow(t->blocks, t->nblocks, &t->capblocks,
	    sizeof(*t->blocks), 4);
	t->blocks[t->nblocks].name = dv->block;
	t->blocks[t->nblocks].node = node;
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
	if (compile_tree(t, root, 0, d) < 0)
		goto out;
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
	if (t->doc != NULL)
		xmlFreeDoc(t->doc);
	free(t->name);
	free(t);
}

/*
 * Rendering
 */

/* Name of the template src comes from, for findings. */
static const char *
source_name(const render *r, xmlNodePtr src)
{
	if (r->layout != NULL && src->doc == r->layout->doc)
		return r->layout->name;
	return r->page->name;
}

/* Report that libxml2 failed to build part of the page; returns -1. */
static int
build_failed(const render *r, xmlNodePtr src, const char *what)
{
	diags_add(r->d, source_name(r, src), line_of(src), 0, DIAG_ERROR,
	    "template", "libxml2 could not %s (out of memory?)", what);
	return -1;
}

/* Append node to parent; on failure node is freed. Returns 0 or -1. */
static int
append_node(const render *r, xmlNodePtr src, xmlNodePtr parent,
    xmlNodePtr node)
{
	if (node == NULL)
		return build_failed(r, src, "copy a node");
	/* xmlAddChild may merge a text node into its predecessor and free
	 * it; node must not be used after this */
	if (xmlAddChild(parent, node) == NULL) {
		xmlFreeNode(node);
		return build_failed(r, src, "add a node");
	}
	return 0;
}

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

/* Apply data-am-attr-* to out. Returns 0 or -1. */
static int
apply_attrs(const render *r, const directives *dv, xmlNodePtr src,
    xmlNodePtr out)
{
	for (size_t i = 0; i < dv->nattrs; i++) {
		const attr_rule *rule = &dv->attrs[i];
		const xmlChar *aname = (const xmlChar *)rule->name;
		json_t *v = expr_eval(&r->scope, rule->value);
		buf text = { 0 };
		bool drop = json_is_null(v) || json_is_false(v);

		if (json_is_true(v))
			buf_adds(&text, rule->name);
		else
			expr_add_text(&text, v);
		json_decref(v);
		if (!drop && rule->is_url &&
		    !attr_url_safe(rule->name, text.data ? text.data : "")) {
			diags_add(r->d, dv->tname, dv->line, 0, DIAG_WARNING,
			    "template-url", "unsafe URL \"%s\" dropped from "
			    "%s", text.data ? text.data : "", rule->name);
			drop = true;
		}
		if (drop) {
			/* -1 only means there was no such attribute */
			(void)xmlUnsetProp(out, aname);
		} else if (xmlSetProp(out, aname, (const xmlChar *)(text.data ?
		    text.data : "")) == NULL) {
			buf_free(&text);
			return build_failed(r, src, "set an attribute");
		}
		buf_free(&text);
	}
	return 0;
}

/* True when the space-separated list s holds the word w. */
static bool
has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	while (*s != '\0') {
		size_t len;

		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\f')
			s++;
		len = strcspn(s, " \t\n\r\f");
		if (len == n && len > 0 && strncmp(s, w, n) == 0)
			return true;
		s += len;
	}
	return false;
}

/* Apply data-am-class-* to out. Returns 0 or -1. */
static int
apply_classes(const render *r, const directives *dv, xmlNodePtr src,
    xmlNodePtr out)
{
	buf cls = { 0 };
	xmlChar *old = NULL;
	bool changed = false;
	int rc = -1;

	if (xmlHasProp(out, (const xmlChar *)"class") != NULL &&
	    (old = xmlGetProp(out, (const xmlChar *)"class")) == NULL) {
		rc = build_failed(r, src, "read the class attribute");
		goto out;
	}
	buf_adds(&cls, old != NULL ? (const char *)old : "");
	for (size_t i = 0; i < dv->nclasses; i++) {
		const char *name = dv->classes[i].name;

		if (!expr_eval_truthy(&r->scope, dv->classes[i].value) ||
		    has_word(cls.data, name))
			continue;
		if (cls.len > 0)
			buf_addc(&cls, ' ');
		buf_adds(&cls, name);
		changed = true;
	}
	if (changed && xmlSetProp(out, (const xmlChar *)"class",
	    (const xmlChar *)cls.data) == NULL) {
		rc = build_failed(r, src, "set the class attribute");
		goto out;
	}
	rc = 0;
out:
	xmlFree(old);
	buf_free(&cls);
	return rc;
}

/* Fill out with the text of dv->text. Returns 0 or -1. */
static int
apply_text(const render *r, const directives *dv, xmlNodePtr src,
    xmlNodePtr out)
{
	buf text = { 0 };
	xmlNodePtr node;

	expr_eval_text(&r->scope, dv->text, &text);
	node = xmlNewDocText(r->doc,
	    (const xmlChar *)(text.data ? text.data : ""));
	buf_free(&text);
	return append_node(r, src, out, node);
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

/* Fill out (at depth) with a copy of the fragment dv->html names.
 * Returns 0 or -1. */
static int
apply_html(const render *r, const directives *dv, xmlNodePtr src,
    xmlNodePtr out, int depth)
{
	buf name = { 0 };
	xmlNodePtr list = NULL, copy;

	expr_eval_text(&r->scope, dv->html, &name);
	if (r->fragment != NULL && name.len > 0)
		list = r->fragment(r->ud, name.data);
	buf_free(&name);
	if (list == NULL)
		return 0;
	/* libxml2 copies, frees and writes trees recursively */
	if (list_depth(list, MAX_DEPTH) + depth + 1 > MAX_DEPTH) {
		diags_add(r->d, source_name(r, src), line_of(src), 0,
		    DIAG_ERROR, "template", "page nested more than %d "
		    "elements deep", MAX_DEPTH);
		return -1;
	}
	/* a copy: the fragment belongs to the caller and may serve many
	 * pages */
	if ((copy = xmlDocCopyNodeList(r->doc, list)) == NULL)
		return build_failed(r, src, "copy a fragment");
	if (xmlAddChildList(out, copy) == NULL) {
		xmlFreeNodeList(copy);
		return build_failed(r, src, "add a fragment");
	}
	return 0;
}

/* The page's block called name, or NULL. */
static xmlNodePtr
find_block(const template *t, const char *name)
{
	for (size_t i = 0; i < t->nblocks; i++)
		if (strcmp(t->blocks[i].name, name) == 0)
			return t->blocks[i].node;
	return NULL;
}

static int render_node(render *r, xmlNodePtr src, xmlNodePtr parent,
    int depth);

/*
 * Emit one copy of element src (directives dv, may be NULL) under parent,
 * unless its if/unless say no. Returns 0 or -1.
 */
static int
render_element(render *r, xmlNodePtr src, const directives *dv,
    xmlNodePtr parent, int depth)
{
	xmlNodePtr out, kids = src->children, pb;

	if (dv != NULL && dv->cond_if != NULL &&
	    !expr_eval_truthy(&r->scope, dv->cond_if))
		return 0;
	if (dv != NULL && dv->cond_unless != NULL &&
	    expr_eval_truthy(&r->scope, dv->cond_unless))
		return 0;
	/* 2: the element with its attributes, not its children */
	out = xmlDocCopyNode(src, r->doc, 2);
	if (out == NULL)
		return build_failed(r, src, "copy an element");
	/* the template's directives must not leak to other code */
	out->_private = NULL;
	if (append_node(r, src, parent, out) < 0)
		return -1;
	if (dv != NULL) {
		if (dv->nattrs > 0 && apply_attrs(r, dv, src, out) < 0)
			return -1;
		if (dv->nclasses > 0 && apply_classes(r, dv, src, out) < 0)
			return -1;
		if (dv->text != NULL)
			return apply_text(r, dv, src, out);
		if (dv->html != NULL)
			return apply_html(r, dv, src, out, depth);
		if (dv->block != NULL && r->layout != NULL &&
		    src->doc == r->layout->doc &&
		    (pb = find_block(r->page, dv->block)) != NULL)
			kids = pb->children;
	}
	for (xmlNodePtr c = kids; c != NULL; c = c->next)
		if (render_node(r, c, out, depth + 1) < 0)
			return -1;
	return 0;
}

/* Render src (any node type) under parent. Returns 0 or -1. */
static int
render_node(render *r, xmlNodePtr src, xmlNodePtr parent, int depth)
{
	const directives *dv;
	json_t *list = NULL;
	size_t n;
	int rc = -1;

	if (src->type != XML_ELEMENT_NODE)
		return append_node(r, src, parent,
		    xmlDocCopyNode(src, r->doc, 1));
	if (depth >= MAX_DEPTH) {
		diags_add(r->d, source_name(r, src), line_of(src), 0,
		    DIAG_ERROR, "template", "page nested more than %d "
		    "elements deep", MAX_DEPTH);
		return -1;
	}
	dv = src->_private;
	if (dv != NULL && dv->remove)
		return 0;
	if (dv == NULL || dv->repeat == NULL)
		return render_element(r, src, dv, parent, depth);
	list = expr_eval(&r->scope, dv->repeat);
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
		one = render_element(r, src, dv, parent, depth);
		r->scope.bindings = b.up;
		if (one < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(list);
	return rc;
}

xmlDocPtr
template_render(const template *t, const template *layout, json_t *data,
    template_fragment_fn fragment, void *ud, diags *d)
{
	render r;
	xmlDocPtr doc = NULL, ret = NULL;
	const template *base = layout != NULL ? layout : t;
	xmlNodePtr root = xmlDocGetRootElement(base->doc);

	memset(&r, 0, sizeof(r));
	/* element and attribute names are shared through a dictionary of
	 * the page's own instead of copied for every node (xmlFreeDoc
	 * frees it; one per page, so pages on two threads share none) */
	if ((doc = htmlNewDocNoDtD(NULL, NULL)) == NULL ||
	    (doc->dict = xmlDictCreate()) == NULL) {
		diags_add(d, base->name, 0, 0, DIAG_ERROR, "template",
		    "libxml2 could not create a document (out of memory?)");
		goto out;
	}
	r.doc = doc;
	r.scope.data = data;
	r.page = t;
	r.layout = layout;
	r.fragment = fragment;
	r.ud = ud;
	r.d = d;
	/* template_parse made sure root is there, once, unconditionally */
	if (render_node(&r, root, (xmlNodePtr)doc, 0) < 0)
		goto out;
	ret = doc;
	doc = NULL;
out:
	if (doc != NULL)
		xmlFreeDoc(doc);
	return ret;
}

int
template_serialize(xmlDocPtr doc, char **out, size_t *len)
{
	static const char doctype[] = "<!DOCTYPE html>\n";
	xmlBufferPtr xb = NULL;
	xmlOutputBufferPtr ob = NULL;
	xmlNodePtr root;
	const xmlChar *content;
	int rc = -1, xlen;

	*out = NULL;
	*len = 0;
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL)
		goto out;
	if ((xb = xmlBufferCreate()) == NULL)
		goto out;
	/* no encoder: the tree is UTF-8 already and stays so; this path,
	 * unlike htmlDocDumpMemory, adds no <meta http-equiv> */
	if ((ob = xmlOutputBufferCreateBuffer(xb, NULL)) == NULL)
		goto out;
	if (xmlOutputBufferWrite(ob, (int)sizeof(doctype) - 1, doctype) < 0)
		goto out;
	htmlNodeDumpFormatOutput(ob, doc, root, "UTF-8", 0);
	if (xmlOutputBufferWrite(ob, 1, "\n") < 0)
		goto out;
	if (ob->error != 0)
		goto out;
	xlen = xmlOutputBufferClose(ob);
	ob = NULL;
	if (xlen < 0)
		goto out;
	if ((content = xmlBufferContent(xb)) == NULL ||
	    (xlen = xmlBufferLength(xb)) < 0)
		goto out;
	*out = xstrndup((const char *)content, (size_t)xlen);
	*len = (size_t)xlen;
	rc = 0;
out:
	if (ob != NULL)
		(void)xmlOutputBufferClose(ob);	/* already failing */
	if (xb != NULL)
		xmlBufferFree(xb);
	return rc;
}
