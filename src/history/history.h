/*
 * history.h - the history stage: one pass over the git history that finds,
 * for every record, the commits that changed it, and the commits elsewhere
 * that name an incident.
 *
 * The walk follows first parents from HEAD. Commits that leave the
 * incidents tree id unchanged are only read for their message; for the
 * others the old and new incidents trees are merge-joined, descending only
 * where ids differ. Renames are matched by blob id first and by content
 * similarity only when a commit both adds and deletes records.
 */
#ifndef AM_HISTORY_H
#define AM_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "lib/diag.h"
#include "lib/util.h"

typedef struct hist_commit {
	char id[41];           /* hex object id */
	char *author;          /* name after .mailmap */
	char *email;           /* email after .mailmap */
	int64_t time;          /* author time, seconds since the epoch */
	int offset;            /* author time zone, minutes east of UTC */
	char *subject;         /* first line of the message */
	strlist refs;          /* incident ids named by "Incident:" trailers
	                          or as a word of the subject (only ids of
	                          records that exist), sorted, unique */
} hist_commit;

typedef enum hist_kind {
	HIST_ADDED,
	HIST_MODIFIED,
	HIST_DELETED,
	HIST_RENAMED,          /* path moved (content may also change) */
} hist_kind;

typedef struct hist_change {
	size_t commit;         /* index into history.commits */
	hist_kind kind;
	char *old_path;        /* path before the commit; NULL when added */
	char *path;            /* path after; NULL when deleted */
	char old_blob[41];     /* hex blob ids; "" when absent */
	char new_blob[41];
} hist_change;

typedef struct hist_record {
	char *path;            /* the record's path in the work tree now */
	hist_change *changes;  /* oldest first */
	size_t nchanges;
	bool dirty;            /* uncommitted or untracked changes */
} hist_record;

typedef struct history history;

/*
 * Walk the history of the repository containing repo_root for the records
 * at paths (relative to repo_root, as the archive holds them) whose ids are
 * ids (same order). Never fails for lack of history: a directory that is
 * not a git repository yields an empty history and one "history" warning;
 * a shallow clone yields what exists, marked truncated, and one warning
 * that says to fetch with depth 0. Uses and refreshes the cache in
 * repo_root/.aftermath/. Returns 0 and sets *out (free with history_free),
 * or -1 with findings on a real error (corrupt repository).
 */
int history_walk(const char *repo_root, const config *cfg,
    const strlist *paths, const strlist *ids, history **out, diags *d);
void history_free(history *h);

/* All commits that matter (changed a record or name an incident), oldest
 * first. */
const hist_commit *history_commits(const history *h, size_t *n);
/* The history of the record at path, or NULL when none is known. */
const hist_record *history_record(const history *h, const char *path);
/* The commits whose refs name id, as indexes into history_commits, oldest
 * first; sets *n (0, and NULL returned, when none). The array is h's. */
const size_t *history_related(const history *h, const char *id, size_t *n);
/* True when the repository is a shallow clone and history is cut short. */
bool history_truncated(const history *h);
/* True when repo_root is not in a git repository. */
bool history_none(const history *h);

/*
 * The contents of blob hex_id. Returns 0 and sets *text (NUL-terminated,
 * the caller frees it) and *len, or -1.
 */
int history_blob(const history *h, const char *hex_id, char **text,
    size_t *len);

/*
 * A blob reader for one thread: libgit2 objects must not be used by two
 * threads at once, so each worker reads through its own handle on the
 * repository. Returns NULL when h has no repository or it cannot be
 * opened again (use history_blob then). Free with history_reader_free
 * before h.
 */
typedef struct hist_reader hist_reader;
hist_reader *history_reader_new(const history *h);
/* As history_blob, through rd. */
int history_reader_blob(hist_reader *rd, const char *hex_id, char **text,
    size_t *len);
/* Close rd. NULL-safe. */
void history_reader_free(hist_reader *rd);

#endif
