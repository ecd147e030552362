/*
 * yamltree.c - YAML text to a small tree with source positions (libyaml).
 *
 * Built on libyaml's event parser rather than its document loader: the
 * loader has no depth limit, resolves aliases (the "billion laughs"
 * expansion) and drops duplicate keys silently. Reading events lets us stop
 * at the first thing we refuse, before libyaml has to do more work.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "lib/util.h"
#include "parse/yamlsimple.h"
#include "parse/yamltree.h"
#include "parse/ynode.h"

/* What the event loop is building: the open collections, innermost last. */
typedef struct ybuilder {
	const char *text;
	size_t len;
	const char *path;
	int first_line;
	diags *d;
	ynode *root;
	ynode *stack[YAML_MAX_DEPTH];
	size_t depth;
	int ndocs;
} ybuilder;

/* File line of a libyaml mark; saturates instead of overflowing. */
static int
mark_line(const ybuilder *b, yaml_mark_t m)
{
	if (m.line > (size_t)(INT_MAX - b->first_line))
		return INT_MAX;
	return (int)m.line + b->first_line;
}

/* 1-based column of a libyaml mark. */
static int
mark_col(yaml_mark_t m)
{
	return m.column >= (size_t)INT_MAX ? INT_MAX : (int)m.column + 1;
}

/* Append a yaml-syntax finding at mark m. */
static void
syntax_at(ybuilder *b, yaml_mark_t m, const char *msg)
{
	diags_add(b->d, b->path, mark_line(b, m), mark_col(m), DIAG_ERROR,
	    "yaml-syntax", "%s", msg);
}

/*
 * Turn a failed yaml_parser_parse into a finding. Reader errors (bad
 * UTF-8, control characters) carry a byte offset instead of a mark, so the
 * line and column are counted from the text.
 */
static void
parser_error(ybuilder *b, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "unreadable YAML";
	int line = b->first_line, col = 1;

	switch (p->error) {
	case YAML_READER_ERROR:
		for (size_t i = 0; i < p->problem_offset && i < b->len; i++) {
			if (b->text[i] == '\n') {
				if (line < INT_MAX)
					line++;
				col = 1;
			} else if (((unsigned char)b->text[i] & 0xc0) != 0x80 &&
			    col < INT_MAX)
				col++;
		}
		if (p->problem_value >= 0)
			diags_add(b->d, b->path, line, col, DIAG_ERROR,
			    "yaml-syntax", "%s (byte 0x%02x)", problem,
			    (unsigned)p->problem_value & 0xffu);
		else
			diags_add(b->d, b->path, line, col, DIAG_ERROR,
			    "yaml-syntax", "%s", problem);
		break;
	case YAML_SCANNER_ERROR:
	case YAML_PARSER_ERROR:
		if (p->context)
			diags_add(b->d, b->path, mark_line(b, p->problem_mark),
			    mark_col(p->problem_mark), DIAG_ERROR, "yaml-syntax",
			    "%s (%s that starts at line %d)", problem,
			    p->context, mark_line(b, p->context_mark));
		else
			syntax_at(b, p->problem_mark, problem);
		break;
	default:
		diags_add(b->d, b->path, line, 0, DIAG_ERROR, "yaml-syntax",
		    "cannot parse YAML: %s", problem);
		break;
	}
}

/* A new list or map of kind at the position of mark. */
static ynode *
node_new(const ybuilder *b, ynode_kind kind, yaml_mark_t m)
{
	return ynode_new(kind, mark_line(b, m), mark_col(m));
}

/*
 * Hang n under the innermost open collection (or make it the root).
 * Returns 0, or -1 with a finding when n cannot go there; n is then still
 * the caller's.
 */
static int
attach(ybuilder *b, ynode *n, yaml_mark_t m)
{
	ynode *parent;

	if (b->depth == 0) {
		b->root = n;
		return 0;
	}
	parent = b->stack[b->depth - 1];
	if (parent->kind == Y_SEQ) {
		ynode_append_item(parent, n);
		return 0;
	}
	if (parent->npairs > 0 && parent->pairs[parent->npairs - 1].value ==
	    NULL) {
		parent->pairs[parent->npairs - 1].value = n;
		return 0;
	}
	if (n->kind != Y_SCALAR) {
		syntax_at(b, m, "a key must be plain text, not a list or a map");
		return -1;
	}
	/* the value stays NULL until the next node arrives */
	ynode_append_pair(parent, n, NULL);
	return 0;
}

/* qsort order of map pairs: by key text, then by place in the map. */
static int
cmp_pair_key(const void *a, const void *b)
{
	const ypair *pa = *(const ypair *const *)a;
	const ypair *pb = *(const ypair *const *)b;
	int c = strcmp(pa->key->scalar, pb->key->scalar);

	if (c)
		return c;
	/* equal keys stay in document order: the array is in that order */
	return pa < pb ? -1 : pa > pb;
}

/*
 * Refuse a map that repeats a key, naming the first repeat in document
 * order. Sorting keeps a large map from costing n * n comparisons.
 * Returns 0, or -1 with a finding.
 */
static int
check_duplicates(ybuilder *b, const ynode *map)
{
	const ypair **v, *dup = NULL, *first = NULL;
	size_t start = 0;

	if (map->npairs < 2)
		return 0;
	v = xmalloc(map->npairs * sizeof(*v));
	for (size_t i = 0; i < map->npairs; i++)
		v[i] = &map->pairs[i];
	qsort(v, map->npairs, sizeof(*v), cmp_pair_key);
	for (size_t i = 1; i < map->npairs; i++) {
		if (strcmp(v[i]->key->scalar, v[start]->key->scalar) != 0) {
			start = i;
			continue;
		}
		if (i == start + 1 && (dup == NULL || v[i] < dup)) {
			dup = v[i];
			first = v[start];
		}
	}
	free(v);
	if (dup == NULL)
		return 0;
	diags_add(b->d, b->path, dup->key->line, dup->key->col, DIAG_ERROR,
	    "yaml-syntax", "duplicate key \"%s\" (first given at line %d)",
	    dup->key->scalar, first->key->line);
	return -1;
}

/*
 * Handle one event. Returns 1 at the end of the stream, 0 to go on, or -1
 * with a finding.
 */
static int
on_event(ybuilder *b, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL;
	ynode *n;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1) {
			syntax_at(b, ev->start_mark,
			    "only one YAML document is allowed here");
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		syntax_at(b, ev->start_mark,
		    "anchors and aliases are not allowed");
		return -1;
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth == 0)
			return 0;
		n = b->stack[--b->depth];
		if (n->kind == Y_MAP && check_duplicates(b, n) < 0)
			return -1;
		return 0;
	default:
		return 0;
	}
	if (anchor != NULL) {
		syntax_at(b, ev->start_mark,
		    "anchors and aliases are not allowed");
		return -1;
	}

	if (ev->type == YAML_SCALAR_EVENT) {
		const char *v = (const char *)ev->data.scalar.value;
		size_t vlen = ev->data.scalar.length;
		yaml_scalar_style_t st = ev->data.scalar.style;

		/* "\0" in a double-quoted string would cut our C string;
		 * other control characters ("\x1b", "\x01") are escape
		 * sequences in a terminal and forbidden in XML */
		for (size_t i = 0; i < vlen; i++) {
			unsigned char c = (unsigned char)v[i];

			if ((c < 0x20 && c != '\t' && c != '\n' &&
			    c != '\r') || c == 0x7f) {
				syntax_at(b, ev->start_mark, c == 0 ?
				    "a value contains a NUL character" :
				    "a value contains a control character");
				return -1;
			}
		}
		n = ynode_scalar_new(mark_line(b, ev->start_mark),
		    mark_col(ev->start_mark), v, vlen,
		    st == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		    st == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
		    st == YAML_LITERAL_SCALAR_STYLE ||
		    st == YAML_FOLDED_SCALAR_STYLE);
		if (attach(b, n, ev->start_mark) < 0) {
			ynode_free(n);
			return -1;
		}
		return 0;
	}

	/* stop before libyaml goes deeper: its cost grows with the depth */
	if (b->depth >= YAML_MAX_DEPTH) {
		diags_add(b->d, b->path, mark_line(b, ev->start_mark),
		    mark_col(ev->start_mark), DIAG_ERROR, "yaml-syntax",
		    "lists and maps are nested deeper than %d levels",
		    YAML_MAX_DEPTH);
		return -1;
	}
	n = node_new(b, ev->type == YAML_MAPPING_START_EVENT ? Y_MAP : Y_SEQ,
	    ev->start_mark);
	if (attach(b, n, ev->start_mark) < 0) {
		ynode_free(n);
		return -1;
	}
	b->stack[b->depth++] = n;
	return 0;
}

int
yaml_load(const char *text, size_t len, const char *path, int first_line,
    ynode **out, diags *d)
{
	/* the common shape, without libyaml; the same tree either way */
	if (text != NULL && yaml_simple_load(text, len, first_line, out) == 0)
		return 0;
	return yaml_load_libyaml(text, len, path, first_line, out, d);
}

int
yaml_load_libyaml(const char *text, size_t len, const char *path,
    int first_line, ynode **out, diags *d)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	ybuilder b;
	bool have_parser = false;
	int rc = -1, r;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.text = text ? text : "";
	b.len = text ? len : 0;
	b.path = path;
	b.first_line = first_line > 0 ? first_line : 1;
	b.d = d;

	if (!yaml_parser_initialize(&parser)) {
		diags_add(d, path, b.first_line, 0, DIAG_ERROR, "yaml-syntax",
		    "cannot start the YAML parser");
		goto out;
	}
	have_parser = true;
	yaml_parser_set_input_string(&parser, (const unsigned char *)b.text,
	    b.len);
	/* the caller has removed any BOM: never guess UTF-16 */
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			parser_error(&b, &parser);
			goto out;
		}
		r = on_event(&b, &ev);
		yaml_event_delete(&ev);
		if (r < 0)
			goto out;
		if (r > 0)
			break;
	}

	/* no document, or an empty one ("---" alone), reads as no keys */
	if (b.root == NULL || (b.root->kind == Y_SCALAR && !b.root->quoted &&
	    b.root->scalar[0] == '\0')) {
		ynode_free(b.root);
		b.root = ynode_new(Y_MAP, b.first_line, 1);
	}
	*out = b.root;
	b.root = NULL;
	rc = 0;
out:
	ynode_free(b.root);
	if (have_parser)
		yaml_parser_delete(&parser);
	return rc;
}
