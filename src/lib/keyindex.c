/*
 * keyindex.c - (key, value) pairs sorted once, found by binary search.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/grow.h"
#include "lib/keyindex.h"
#include "lib/util.h"

/* Bytewise order of two keys, a key before any longer one it begins; for
 * strings without NUL bytes that is strcmp's order. */
static int
key_cmp(const void *a, size_t la, const void *b, size_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);

	if (c != 0)
		return c;
	return la < lb ? -1 : la > lb;
}

/* qsort order of pairs: by key, then value, so that sorting never depends
 * on qsort's handling of equal keys. */
static int
pair_cmp(const void *pa, const void *pb)
{
	const keyindex_pair *a = pa, *b = pb;
	int c = key_cmp(a->key, a->len, b->key, b->len);

	if (c != 0)
		return c;
	return a->val < b->val ? -1 : a->val > b->val;
}

void
keyindex_add(keyindex *ix, const void *key, size_t len, size_t val)
{
	ix->pairs = xgrow(ix->pairs, ix->n, &ix->cap, sizeof(*ix->pairs), 16);
	ix->pairs[ix->n].key = key;
	ix->pairs[ix->n].len = len;
	ix->pairs[ix->n++].val = val;
}

void
keyindex_sort(keyindex *ix)
{
	free(ix->vals);
	ix->vals = NULL;
	if (ix->n == 0)
		return;
	if (ix->n > 1)
		qsort(ix->pairs, ix->n, sizeof(*ix->pairs), pair_cmp);
	ix->vals = xcalloc(ix->n, sizeof(*ix->vals));
	for (size_t i = 0; i < ix->n; i++)
		ix->vals[i] = ix->pairs[i].val;
}

const size_t *
keyindex_get(const keyindex *ix, const void *key, size_t len, size_t *n)
{
	size_t lo = 0, hi = ix->n, end;

	*n = 0;
	if (ix->vals == NULL)
		return NULL;
	/* the first pair whose key is not below key */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(ix->pairs[mid].key, ix->pairs[mid].len, key,
		    len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < ix->n && key_cmp(ix->pairs[end].key,
	    ix->pairs[end].len, key, len) == 0; end++)
		;
	if (end == lo)
		return NULL;
	*n = end - lo;
	return ix->vals + lo;
}

void
keyindex_free(keyindex *ix)
{
	if (ix == NULL)
		return;
	free(ix->pairs);
	free(ix->vals);
	memset(ix, 0, sizeof(*ix));
}
