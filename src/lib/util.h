/*
 * util.h - small helpers shared by every stage: allocation that never
 * returns NULL, a growable byte buffer and a string list.
 *
 * Allocation failure aborts: a batch tool that runs out of memory has no
 * better recovery, and it keeps every caller free of NULL checks.
 */
#ifndef AM_UTIL_H
#define AM_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>

/* malloc/calloc/realloc/strdup that abort on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated. */
char *xstrndup(const char *s, size_t n);
/* printf into a new string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Growable byte buffer; data is always NUL-terminated. Zero-initialise. */
typedef struct buf {
	char *data;
	size_t len, cap;
} buf;

void buf_add(buf *b, const void *p, size_t n);
void buf_adds(buf *b, const char *s);
void buf_addc(buf *b, char c);
void buf_addf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Detach the string; the caller frees it and the buffer is empty again. */
char *buf_detach(buf *b);
void buf_free(buf *b);

/* List of owned strings. Zero-initialise. */
typedef struct strlist {
	char **v;
	size_t n, cap;
} strlist;

/* Append a copy of s. */
void strlist_add(strlist *l, const char *s);
/* Append s, taking ownership. */
void strlist_take(strlist *l, char *s);
bool strlist_has(const strlist *l, const char *s);
void strlist_sort(strlist *l);
void strlist_free(strlist *l);

/* Free the n strings of v (NULL entries allowed), then v itself: an owned
 * array of strings, however its owner counts them. NULL-safe. */
void strv_free(char **v, size_t n);

/* ASCII-only case-insensitive comparison (never depends on the locale). */
int ascii_strcasecmp(const char *a, const char *b);
/* The same for at most the first n bytes of each. */
int ascii_strncasecmp(const char *a, const char *b, size_t n);
/* Trim ASCII white space from both ends of s in place; returns s. */
char *str_trim(char *s);



#endif
