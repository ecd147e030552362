/*
 * words.h - looking a word up in a short NULL-terminated list, and the
 * closest one for "did you mean" when it is not there.
 */
#ifndef AM_WORDS_H
#define AM_WORDS_H

#include <stdbool.h>
#include <stddef.h>

/* Levenshtein distance, for did-you-mean suggestions. */
size_t edit_distance(const char *a, const char *b);
/* The word of the NULL-terminated words closest to s by edit distance
 * (at most 2, ignoring ASCII case), for "did you mean"; or NULL. */
const char *closest_word(const char *s, const char *const *words);
/* A new copy of s with ASCII letters in lower case (never the
 * locale's); the caller frees it. */
char *word_lower(const char *s);
/* True when s is one of the NULL-terminated words (exact match). */
bool word_in(const char *s, const char *const *words);

#endif
