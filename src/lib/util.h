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

/* ASCII-only case-insensitive comparison (never depends on the locale). */
int ascii_strcasecmp(const char *a, const char *b);
/* Trim ASCII white space from both ends of s in place; returns s. */
char *str_trim(char *s);
/* Levenshtein distance, for did-you-mean suggestions. */
size_t edit_distance(const char *a, const char *b);

/* Create, under root, every directory named by a prefix of relpath that
 * ends in '/' ("a/b/c.html" makes a and a/b; "a/b/" makes both), like
 * mkdir -p. Returns 0, or -1 with errno set. */
int mkdir_parents(const char *root, const char *relpath);

/* Read a whole regular file into *out (NUL-terminated, *len excludes the
 * NUL). Fails when the file is larger than max bytes. Returns 0, or -1 with
 * errno set (EFBIG when too large). The caller frees *out. */
int read_file(const char *path, size_t max, char **out, size_t *len);

/* Make root/dir (one component) a directory that git ignores: created
 * when missing, with a .gitignore of "*" made once inside; refused when
 * it is anything but a directory (never write through a link someone
 * committed). Returns NULL, or why it cannot be (a string that stays
 * valid). */
const char *state_dir(const char *root, const char *dir);

/* Replace path with the len bytes of data: written to a new temporary
 * file in the same directory, then renamed over path, so that a reader
 * sees the old file or the new one, never part of one. Returns 0, or -1
 * with errno set (the temporary file is removed). */
int write_file_atomic(const char *path, const void *data, size_t len);

/* Processors this process may run on, at least 1: whether a second
 * thread can pay. */
long online_cpus(void);

/*
 * Call fn(arg, i, t) once for every i < n, in increasing order of i as
 * they are taken, on this thread (t = 0) and, when n >= min_share and the
 * process may use two processors, on a second one (t = 1) at the same
 * time. fn must keep what it makes for i in a slot of its own (results
 * merged in order afterwards do not depend on scheduling) and touch
 * per-thread state only through t. Once a call returns -1 no new i is
 * taken. Returns 0, or -1 when a call returned -1.
 */
int parallel_for(size_t n, size_t min_share,
    int (*fn)(void *arg, size_t i, int t), void *arg);

#endif
