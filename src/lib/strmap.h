/*
 * strmap.h - the one hash map: string keys to size_t values (an index
 * into the caller's array, usually).
 *
 * Open addressing with linear probing, at most half full; deletion moves
 * the rest of a probe run back, so there are no tombstones. Keys are
 * copied in and freed by strmap_free. A zeroed strmap is an empty map.
 */
#ifndef AM_STRMAP_H
#define AM_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct strmap {
	char **keys;
	size_t *vals;
	size_t cap, n;         /* cap is 0 or a power of two */
} strmap;

/* FNV-1a over n bytes of s: quick, and good enough for paths, ids and
 * lines. */
uint64_t hash_fnv1a(const char *s, size_t n);

/* Look key up; true and *val set when present. */
bool strmap_get(const strmap *m, const char *key, size_t *val);
/* Set key (copied) to val, replacing what it had. */
void strmap_put(strmap *m, const char *key, size_t val);
/* Remove key if present. */
void strmap_del(strmap *m, const char *key);
/* Free every key and the table, leaving an empty map. NULL-safe. */
void strmap_free(strmap *m);

#endif
