/*
 * strmap.c - string keys to size_t values, open addressing.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "lib/util.h"

uint64_t
hash_fnv1a(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Slot of key in m, or the empty slot where it would go; m->cap > 0. */
static size_t
strmap_slot(const strmap *m, const char *key)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)hash_fnv1a(key, strlen(key)) & mask;

	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

bool
strmap_get(const strmap *m, const char *key, size_t *val)
{
	size_t i;

	if (m->n == 0)
		return false;
	i = strmap_slot(m, key);
	if (m->keys[i] == NULL)
		return false;
	*val = m->vals[i];
	return true;
}

/* Double the table (or create it) and rehash. */
static void
strmap_grow(strmap *m)
{
	strmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 16;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i] != NULL) {
			size_t j = strmap_slot(m, old.keys[i]);

			m->keys[j] = old.keys[i];
			m->vals[j] = old.vals[i];
		}
	free(old.keys);
	free(old.vals);
}

void
strmap_put(strmap *m, const char *key, size_t val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		strmap_grow(m);
	i = strmap_slot(m, key);
	if (m->keys[i] == NULL) {
		m->keys[i] = xstrdup(key);
		m->n++;
	}
	m->vals[i] = val;
}

/* Remove key if present. Later entries of its probe run move back into the
 * hole, so lookups never need tombstones. */
void
strmap_del(strmap *m, const char *key)
{
	size_t mask, i, j;

	if (m->n == 0)
		return;
	mask = m->cap - 1;
	i = strmap_slot(m, key);
	if (m->keys[i] == NULL)
		return;
	free(m->keys[i]);
	m->keys[i] = NULL;
	m->n--;
	for (j = (i + 1) & mask; m->keys[j] != NULL; j = (j + 1) & mask) {
		size_t k = (size_t)hash_fnv1a(m->keys[j],
		    strlen(m->keys[j])) & mask;

		/* move it when its home slot is not cyclically in (i, j] */
		if ((j > i && (k <= i || k > j)) ||
		    (j < i && k <= i && k > j)) {
			m->keys[i] = m->keys[j];
			m->vals[i] = m->vals[j];
			m->keys[j] = NULL;
			i = j;
		}
	}
}

void
strmap_free(strmap *m)
{
	if (m == NULL)
		return;
	/* keys is an open-addressed table: cap slots, the empty ones NULL */
	strv_free(m->keys, m->cap);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
