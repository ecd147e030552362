/*
 * yamlsimple.c - block maps of plain or quoted scalars, bracketed lists
 * and "- item" lists, one level of nesting, read line by line.
 *
 * Only printable ASCII is taken, so a column is a byte offset plus one, as
 * libyaml counts it. Positions follow libyaml's events: a block map or
 * list starts at its first key or dash, a flow list at its '[', a null
 * value right after its key's ':'.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "parse/yamlsimple.h"

/* Characters that give a scalar's first character a meaning. */
#define INDICATORS "-?:,[]{}#&*!|>'\"%@`"

/* One line that holds YAML: not blank, not only a comment. */
typedef struct yline {
	const char *s;
	size_t n;              /* bytes, without the newline */
	size_t indent;         /* leading spaces */
	int line;              /* file line */
} yline;

typedef struct ydoc {
	yline *v;
	size_t n, i;           /* i: the next line to read */
} ydoc;

#define DECLINE 1

/* A scalar of the n bytes at s, found at byte at of l. */
static ynode *
scalar_new(const yline *l, size_t at, const char *s, size_t n, bool quoted)
{
	return ynode_scalar_new(l->line, (int)at + 1, s, n, quoted);
}

/* An empty list or map (kind) starting at byte at of l. */
static ynode *
collection_new(ynode_kind kind, const yline *l, size_t at)
{
	return ynode_new(kind, l->line, (int)at + 1);
}

/* True when the rest of l from p is blanks, or blanks and a comment. */
static bool
tail_ok(const yline *l, size_t p)
{
	size_t q = p;

	while (q < l->n && l->s[q] == ' ')
		q++;
	return q == l->n || (l->s[q] == '#' && q > p);
}

/* The bracketed list at l->s[p] == '['. Returns 0 or DECLINE. */
static int
read_flow(const yline *l, size_t p, ynode **out)
{
	size_t close = p + 1, b;
	ynode *x;

	while (close < l->n && l->s[close] != ']') {
		if (strchr("[]{}\"'#:", l->s[close]) != NULL)
			return DECLINE;
		close++;
	}
	if (close == l->n || !tail_ok(l, close + 1))
		return DECLINE;
	x = collection_new(Y_SEQ, l, p);
	for (b = p + 1; b < close;) {
		size_t e = b, s, t;

		while (e < close && l->s[e] != ',')
			e++;
		for (s = b; s < e && l->s[s] == ' '; s++)
			;
		for (t = e; t > s && l->s[t - 1] == ' '; t--)
			;
		/* "[]" is empty; any other empty item is not ours */
		if (s == t && !(x->nitems == 0 && e == close)) {
			ynode_free(x);
			return DECLINE;
		}
		if (s < t) {
			if (strchr(INDICATORS, l->s[s]) != NULL) {
				ynode_free(x);
				return DECLINE;
			}
			ynode_append_item(x, scalar_new(l, s, l->s + s, t - s, false));
		}
		b = e + 1;
	}
	*out = x;
	return 0;
}

/* The scalar (or, with flow, bracketed list) at l->s[p], the rest of the
 * line. Returns 0 or DECLINE. */
static int
read_value(const yline *l, size_t p, bool flow, ynode **out)
{
	const char *s = l->s;
	size_t e;

	if (s[p] == '"' || s[p] == '\'') {
		for (e = p + 1; e < l->n && s[e] != s[p]; e++)
			if (s[e] == '\\')
				return DECLINE;
		/* '' inside single quotes is an escaped quote */
		if (e == l->n || !tail_ok(l, e + 1))
			return DECLINE;
		*out = scalar_new(l, p, s + p + 1, e - p - 1, true);
		return 0;
	}
	if (s[p] == '[')
		return flow ? read_flow(l, p, out) : DECLINE;
	if (strchr(INDICATORS, s[p]) != NULL)
		return DECLINE;
	for (e = p; e < l->n; e++) {
		if (s[e] == '#' && s[e - 1] == ' ')
			break;
		if (s[e] == ':' && (e + 1 == l->n || s[e + 1] == ' '))
			return DECLINE;
	}
	while (e > p && s[e - 1] == ' ')
		e--;
	*out = scalar_new(l, p, s + p, e - p, false);
	return 0;
}

/* Whether l is a "- item" line at its indent. */
static bool
is_dash(const yline *l)
{
	return l->s[l->indent] == '-' &&
	    (l->indent + 1 == l->n || l->s[l->indent + 1] == ' ');
}

/* The "- item" lines at indent from d->i on. Returns 0 or DECLINE. */
static int
read_list(ydoc *d, size_t indent, ynode **out)
{
	ynode *x = collection_new(Y_SEQ, &d->v[d->i], indent);

	while (d->i < d->n) {
		const yline *l = &d->v[d->i];
		ynode *item;
		size_t p = indent + 1;

		if (l->indent < indent || (l->indent == indent && !is_dash(l)))
			break;
		if (l->indent > indent)
			goto decline;
		while (p < l->n && l->s[p] == ' ')
			p++;
		if (p == l->n || read_value(l, p, false, &item) != 0)
			goto decline;
		ynode_append_item(x, item);
		d->i++;
	}
	*out = x;
	return 0;
decline:
	ynode_free(x);
	return DECLINE;
}

/* The "key: value" lines at indent from d->i on; depth 0 for the
 * document, 1 for a map inside it. Returns 0 or DECLINE. */
static int
read_map(ydoc *d, size_t indent, int depth, ynode **out)
{
	ynode *x = collection_new(Y_MAP, &d->v[d->i], indent);

	while (d->i < d->n) {
		const yline *l = &d->v[d->i];
		const yline *next;
		size_t k = indent, p;
		ynode *value = NULL;

		if (l->indent < indent)
			break;
		if (l->indent > indent)
			goto decline;
		while (k < l->n && (l->s[k] == '_' || l->s[k] == '-' ||
		    (l->s[k] >= '0' && l->s[k] <= '9') ||
		    ((l->s[k] | 0x20) >= 'a' && (l->s[k] | 0x20) <= 'z')))
			k++;
		if (k == indent || l->s[indent] == '-' || k == l->n ||
		    l->s[k] != ':' || (k + 1 < l->n && l->s[k + 1] != ' '))
			goto decline;
		for (size_t j = 0; j < x->npairs; j++)
			if (strlen(x->pairs[j].key->scalar) == k - indent &&
			    memcmp(x->pairs[j].key->scalar, l->s + indent,
			    k - indent) == 0)
				goto decline;
		d->i++;
		next = d->i < d->n ? &d->v[d->i] : NULL;
		for (p = k + 1; p < l->n && l->s[p] == ' '; p++)
			;
		if (p < l->n) {
			if (read_value(l, p, true, &value) != 0)
				goto decline;
		} else if (next != NULL && next->indent > indent) {
			if (depth > 0 || (is_dash(next) ?
			    read_list(d, next->indent, &value) :
			    read_map(d, next->indent, depth + 1, &value)) != 0)
				goto decline;
		} else if (next != NULL && next->indent == indent &&
		    is_dash(next)) {
			if (depth > 0 || read_list(d, indent, &value) != 0)
				goto decline;
		} else
			value = scalar_new(l, k + 1, "", 0, false);
		ynode_append_pair(x, scalar_new(l, indent, l->s + indent,
		    k - indent, false), value);
	}
	*out = x;
	return 0;
decline:
	ynode_free(x);
	return DECLINE;
}

int
yaml_simple_load(const char *text, size_t len, int first_line, ynode **out)
{
	ydoc d = { 0 };
	size_t off = 0, cap = 0;
	int line = first_line > 0 ? first_line : 1, rc = DECLINE;

	*out = NULL;
	while (off < len) {
		const char *s = text + off;
		const char *nl = memchr(s, '\n', len - off);
		size_t n = nl ? (size_t)(nl - s) : len - off, ind = 0;

		for (size_t i = 0; i < n; i++)
			if (s[i] < 0x20 || s[i] > 0x7e)
				goto out;
		while (ind < n && s[ind] == ' ')
			ind++;
		if (ind < n && s[ind] != '#') {
			if (d.n == cap) {
				cap = cap ? cap * 2 : 32;
				d.v = xrealloc(d.v, cap * sizeof(*d.v));
			}
			d.v[d.n++] = (yline){ s, n, ind, line };
		}
		off += n + (nl != NULL);
		line++;
	}
	if (d.n == 0 || d.v[0].indent != 0)
		goto out;
	if (read_map(&d, 0, 0, out) != 0 || d.i != d.n) {
		ynode_free(*out);
		*out = NULL;
		goto out;
	}
	rc = 0;
out:
	free(d.v);
	return rc;
}
