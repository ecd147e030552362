/*
 * ynode.c - the YAML tree both readers build, and reading its scalars as
 * YAML 1.1 does (nulls, booleans, numbers).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/grow.h"
#include "lib/util.h"
#include "parse/ynode.h"

ynode *
ynode_new(ynode_kind kind, int line, int col)
{
	ynode *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = line;
	n->col = col;
	return n;
}

ynode *
ynode_scalar_new(int line, int col, const char *s, size_t n, bool quoted)
{
	ynode *x = ynode_new(Y_SCALAR, line, col);

	x->scalar = xstrndup(n > 0 ? s : "", n);
	x->quoted = quoted;
	return x;
}

void
ynode_append_item(ynode *seq, ynode *item)
{
	seq->items = xgrow(seq->items, seq->nitems, &seq->capitems,
	    sizeof(*seq->items), 4);
	seq->items[seq->nitems++] = item;
}

void
ynode_append_pair(ynode *map, ynode *key, ynode *value)
{
	map->pairs = xgrow(map->pairs, map->npairs, &map->cappairs,
	    sizeof(*map->pairs), 4);
	map->pairs[map->npairs++] = (ypair){ key, value };
}

/* Recursion is bounded: no reader builds more than YAML_MAX_DEPTH
 * levels. */
void
ynode_free(ynode *n)
{
	if (n == NULL)
		return;
	free(n->scalar);
	for (size_t i = 0; i < n->nitems; i++)
		ynode_free(n->items[i]);
	free(n->items);
	for (size_t i = 0; i < n->npairs; i++) {
		ynode_free(n->pairs[i].key);
		ynode_free(n->pairs[i].value);
	}
	free(n->pairs);
	free(n);
}

const ynode *
ymap_get(const ynode *n, const char *key)
{
	if (n == NULL || n->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < n->npairs; i++)
		if (strcmp(n->pairs[i].key->scalar, key) == 0)
			return n->pairs[i].value;
	return NULL;
}

/* True when n is a scalar written without quotes. */
static bool
is_plain(const ynode *n)
{
	return n != NULL && n->kind == Y_SCALAR && !n->quoted;
}

/* True when s is word in lower case, Title case or UPPER case: the forms
 * YAML 1.1 resolves, and no others ("tRuE" is text). */
static bool
word_is(const char *s, const char *lower)
{
	size_t n = strlen(lower);
	bool title = true, upper = true;

	if (strlen(s) != n || n == 0)
		return false;
	if (strcmp(s, lower) == 0)
		return true;
	for (size_t i = 0; i < n; i++) {
		char up = (char)(lower[i] - 'a' + 'A');

		if (s[i] != up)
			upper = false;
		if (s[i] != (i == 0 ? up : lower[i]))
			title = false;
	}
	return title || upper;
}

bool
yscalar_is_null(const ynode *n)
{
	if (!is_plain(n))
		return false;
	return n->scalar[0] == '\0' || strcmp(n->scalar, "~") == 0 ||
	    word_is(n->scalar, "null");
}

int
yscalar_bool(const ynode *n, bool *v)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };

	if (!is_plain(n))
		return -1;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (word_is(n->scalar, yes[i])) {
			*v = true;
			return 0;
		}
		if (word_is(n->scalar, no[i])) {
			*v = false;
			return 0;
		}
	}
	return -1;
}

int
yscalar_number(const ynode *n, double *v)
{
	const char *s;
	char *end;
	size_t i = 0, digits = 0;
	double x;

	if (!is_plain(n))
		return -1;
	s = n->scalar;
	/* check the shape first so that strtod never sees inf, nan or hex */
	if (s[i] == '+' || s[i] == '-')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return -1;
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		if (!(s[i] >= '0' && s[i] <= '9'))
			return -1;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (s[i] != '\0')
		return -1;
	x = strtod(s, &end);
	if (end != s + i || !isfinite(x))
		return -1;
	*v = x;
	return 0;
}

const char *
ynode_kind_name(const ynode *n)
{
	if (n == NULL)
		return "nothing";
	switch (n->kind) {
	case Y_SCALAR:
		return "a string";
	case Y_SEQ:
		return "a list";
	case Y_MAP:
		return "a map";
	}
	return "a value";
}
