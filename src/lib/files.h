/*
 * files.h - reading and writing whole files safely: a bounded read that
 * refuses links, directories made as mkdir -p makes them, the state
 * directory .aftermath/, and a file replaced atomically.
 */
#ifndef AM_FILES_H
#define AM_FILES_H

#include <stddef.h>

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

#endif
