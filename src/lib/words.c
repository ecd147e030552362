/*
 * words.c - "did you mean": the closest of a few known words.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/ascii.h"
#include "lib/util.h"
#include "lib/words.h"

char *
word_lower(const char *s)
{
	char *p = xstrdup(s);

	for (char *q = p; *q; q++)
		*q = (char)ascii_lower((unsigned char)*q);
	return p;
}

const char *
closest_word(const char *s, const char *const *words)
{
	char *ls = word_lower(s);
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; words[i] != NULL; i++) {
		char *lw = word_lower(words[i]);
		size_t dist = edit_distance(ls, lw);

		if (dist < bestd) {
			bestd = dist;
			best = words[i];
		}
		free(lw);
	}
	free(ls);
	return best;
}

bool
word_in(const char *s, const char *const *words)
{
	if (s == NULL)
		return false;
	for (size_t i = 0; words[i] != NULL; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof(*row));
	size_t d;

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = ascii_lower((unsigned char)a[i - 1]) ==
			    ascii_lower((unsigned char)b[j - 1]) ? 0 : 1;
			size_t best = diag + cost;

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}
