/*
 * load.h - the load stage: find every record under the incidents
 * directory and parse each once into the model.
 */
#ifndef AM_LOAD_H
#define AM_LOAD_H

#include <stddef.h>

#include "model/config.h"
#include "lib/diag.h"
#include "model/record.h"

typedef struct archive {
	record **v;            /* sorted by path */
	size_t n;
} archive;

/*
 * Find incidents/ (cfg->incidents_dir) ** / *.md under repo_root in a fixed
 * order, refusing symlinks and other non-regular files with a warning, and
 * parse each. Ids used twice get a "duplicate-id" error naming both
 * files. Returns the archive (free with archive_free), or NULL with a
 * finding when the incidents directory cannot be read.
 */
archive *archive_load(const char *repo_root, const config *cfg, diags *d);

/*
 * As archive_load, but only the records at paths (relative to repo_root,
 * each a file or a directory to search).
 */
archive *archive_load_paths(const char *repo_root, const config *cfg,
    const strlist *paths, diags *d);

/* How many records of a could not be read (record.failed). */
size_t archive_nfailed(const archive *a);
/* Find the record with id, or NULL. */
record *archive_find(const archive *a, const char *id);
/* Free a and its records. NULL-safe. */
void archive_free(archive *a);

#endif
