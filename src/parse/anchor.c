/*
 * anchor.c - slugs of titles and the anchors unique within a record: the
 * one place that knows how a heading's id is made and which ids are
 * taken.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parse/anchor.h"
#include "lib/ascii.h"
#include "lib/util.h"

/* See anchor.h. Runs of other ASCII bytes become one '-', so '/' and
 * '.' never survive; bytes of UTF-8 sequences are kept as they are. */
char *
slugify(const char *s)
{
	buf b = { 0 };
	bool dash = false;
	char *out;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int c = *p;

		if (c >= 0x80 || ascii_is_alnum(c)) {
			if (dash && b.len > 0)
				buf_addc(&b, '-');
			dash = false;
			if (c >= 'A' && c <= 'Z')
				c = c - 'A' + 'a';
			buf_addc(&b, (char)c);
		} else
			dash = true;
	}
	out = buf_detach(&b);
	if (out[0] == '\0') {
		free(out);
		out = xstrdup("section");
	}
	return out;
}

/* True when key is the id of a footnote: mdhtml.c gives them fn-1,
 * fn-2, ... */
static bool
is_footnote_id(const char *key)
{
	const char *p = key + 3;

	if (strncmp(key, "fn-", 3) != 0 || !ascii_is_digit((unsigned char)*p))
		return false;
	while (ascii_is_digit((unsigned char)*p))
		p++;
	return *p == '\0';
}

/* True when key is used by a section or reserved for a footnote. */
static bool
anchor_taken(const anchor_set *set, const char *key)
{
	size_t next;

	return is_footnote_id(key) || strmap_get(&set->used, key, &next);
}

void
anchor_set_add(anchor_set *set, const char *anchor)
{
	size_t next;

	if (!strmap_get(&set->used, anchor, &next))
		strmap_put(&set->used, anchor, 2);
}

void
anchor_set_remove(anchor_set *set, const char *anchor)
{
	const char *dash = strrchr(anchor, '-');
	size_t next;
	char *base;

	strmap_del(&set->used, anchor);
	/* "base-N" is free again: the next duplicate of base may take it,
	 * so the suffix base's search starts from must not be above N */
	if (dash == NULL || dash == anchor || !ascii_is_digit(
	    (unsigned char)dash[1]))
		return;
	for (const char *p = dash + 1; *p != '\0'; p++)
		if (!ascii_is_digit((unsigned char)*p))
			return;
	base = xstrndup(anchor, (size_t)(dash - anchor));
	if (strmap_get(&set->used, base, &next)) {
		unsigned long n = strtoul(dash + 1, NULL, 10);

		if (n >= 2 && n < next)
			strmap_put(&set->used, base, (size_t)n);
	}
	free(base);
}

char *
anchor_set_make(anchor_set *set, const char *title)
{
	char *base = slugify(title), *cand;
	size_t n = 2;
	bool base_used;

	if (!anchor_taken(set, base)) {
		anchor_set_add(set, base);
		return base;
	}
	base_used = strmap_get(&set->used, base, &n);
	for (;; n++) {
		cand = xasprintf("%s-%zu", base, n);
		if (!anchor_taken(set, cand))
			break;
		free(cand);
	}
	/* the next duplicate of base starts after this one: no rescans */
	if (base_used)
		strmap_put(&set->used, base, n + 1);
	anchor_set_add(set, cand);
	free(base);
	return cand;
}

void
anchor_set_free(anchor_set *set)
{
	if (set == NULL)
		return;
	strmap_free(&set->used);
}
