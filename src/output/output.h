/*
 * output.h - the site directory, replaced atomically.
 *
 * A build writes into a fresh sibling directory (".NAME.new-XXXXXX"); only
 * when every file is written is it swapped in place of the old site with a
 * single rename, so a reader or a killed build never sees a mix. The old
 * tree is removed afterwards. A file whose bytes did not change is
 * hard-linked from the old site, so it keeps its mtime. A marker file
 * identifies directories that
 * Aftermath made; any other existing directory is refused, so a mistaken
 * "-o ~" cannot wipe a home directory.
 */
#ifndef AM_OUTPUT_H
#define AM_OUTPUT_H

#include <stddef.h>

#include "lib/diag.h"

#define OUTPUT_MARKER ".aftermath-site"

typedef struct output output;

/*
 * Start a build of the site at dir. Refuses (returns NULL with a finding)
 * when dir is a symlink, not a directory, or an existing non-empty
 * directory without the marker. Also removes what killed builds left
 * behind (".NAME.new-*" and ".NAME.old-*" siblings).
 */
output *output_begin(const char *dir, diags *d);
/*
 * Write len bytes to relpath ('/'-separated, no "..", no leading '/')
 * inside the new tree, creating parent directories; when the old site has
 * the same bytes there, link that file instead. Returns 0, or -1 with a
 * finding.
 */
int output_write(output *o, const char *relpath, const void *data,
    size_t len, diags *d);
/* A file written in parts (output_open, output_put, output_close), for
 * files too large to hold in memory at once. */
typedef struct output_file output_file;

/* Create relpath (as output_write checks it) in the new tree for writing
 * in parts. Returns the open file, or NULL with a finding. */
output_file *output_open(output *o, const char *relpath, diags *d);
/* Append len bytes to of. A failure is remembered and reported by
 * output_close. */
void output_put(output_file *of, const void *data, size_t len);
/* Finish of and free it: when the old site has the same bytes at its
 * path, that file is linked instead, as output_write does. Returns 0, or
 * -1 with a finding (any write that failed). NULL returns -1. */
int output_close(output_file *of, diags *d);
/* Swap the new tree in and free o. Returns 0, or -1 with a finding (the
 * old site then stays in place). */
int output_commit(output *o, diags *d);
/* Throw the new tree away and free o. NULL-safe. */
void output_abort(output *o);
/* Remove what killed builds of the site at dir left next to it, as
 * output_begin does, for a build that finds the site up to date and
 * writes nothing. */
void output_remove_leftovers(const char *dir);

/* True when relpath is a safe relative path: no "..", "." or empty
 * components, no leading '/', no backslash or control characters. */
int output_path_ok(const char *relpath);

#endif
