/*
 * words.c - "did you mean": the closest of a few known words.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "lib/words.h"

/* A copy of s in lower-case ASCII. */
static char *
lower_copy(const char *s)
{
	char *p = xstrdup(s);

	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

const char *
closest_word(const char *s, const char *const *words)
{
	char *ls = lower_copy(s);
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; words[i] != NULL; i++) {
		char *lw = lower_copy(words[i]);
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
