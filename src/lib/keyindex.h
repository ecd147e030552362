/*
 * keyindex.h - a sorted multimap from byte-string keys to size_t values
 * (indexes into the caller's array, usually), for "which of my items have
 * this key" once all the items are known.
 *
 * Add every (key, value) pair, sort once, then look keys up: the values of
 * one key come back as one array in increasing order, so the first is the
 * earliest item. Keys are borrowed, not copied, and must outlive the index.
 * For unique keys that come and go while a walk runs, lib/strmap.h is the
 * map to use. A zeroed keyindex is an empty index.
 */
#ifndef AM_KEYINDEX_H
#define AM_KEYINDEX_H

#include <stddef.h>

typedef struct keyindex_pair {
	const void *key;       /* borrowed */
	size_t len;
	size_t val;
} keyindex_pair;

typedef struct keyindex {
	keyindex_pair *pairs;  /* by key, then value, once sorted */
	size_t *vals;          /* pairs[i].val, once sorted */
	size_t n, cap;
} keyindex;

/* Add the pair (the len bytes at key, val). Keys may repeat. Adding after
 * keyindex_sort needs another keyindex_sort before the next lookup. */
void keyindex_add(keyindex *ix, const void *key, size_t len, size_t val);
/* Sort the pairs so that keyindex_get can find them. */
void keyindex_sort(keyindex *ix);
/* The values of key (len bytes), ascending, and their count in *n; NULL
 * and 0 when none. The array is ix's, valid until it changes. */
const size_t *keyindex_get(const keyindex *ix, const void *key, size_t len,
    size_t *n);
/* Free the index, leaving it empty. NULL-safe. */
void keyindex_free(keyindex *ix);

#endif
