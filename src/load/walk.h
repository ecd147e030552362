/*
 * walk.h - the one directory walk: the loader finds the records with it,
 * and the up-to-date check puts what the loader would find (and the site
 * as it was left) into its hashes, so that both see the same entries in
 * the same order.
 */
#ifndef AM_WALK_H
#define AM_WALK_H

#include <stdbool.h>
#include <sys/stat.h>

/* What an entry of the walk is. */
typedef enum walk_kind {
	WALK_ENTRY,            /* not a directory (links too): st is its lstat */
	WALK_DIR,              /* a directory: st; it is walked after this */
	WALK_STAT_FAILED,      /* lstat failed with err */
	WALK_UNREADABLE,       /* the directory rel cannot be opened: err */
	WALK_TOO_DEEP,         /* the directory rel lies below max_depth
	                          levels: not opened */
} walk_kind;

typedef struct walk_entry {
	walk_kind kind;
	const char *rel;       /* relative to the walk's root */
	const char *full;      /* root/rel, to open */
	const char *name;      /* rel's last component */
	const struct stat *st; /* WALK_ENTRY and WALK_DIR, else NULL */
	int err;               /* WALK_STAT_FAILED and WALK_UNREADABLE */
	int depth;             /* of the directory that holds it: 0 for the
	                          entries of the walk's start */
} walk_entry;

/* Which entries starting with '.' are walked. */
typedef enum walk_hidden {
	WALK_NO_HIDDEN,        /* none: the loader skips them */
	WALK_GIT_FILES,        /* only git's files (walk_is_git_file) */
	WALK_ALL_HIDDEN,       /* all of them */
} walk_hidden;

typedef struct walk_opts {
	int max_depth;         /* deeper directories are WALK_TOO_DEEP */
	walk_hidden hidden;
} walk_opts;

/* Called for each entry; returns 0 to go on, or -1 to end the walk. */
typedef int (*walk_visit)(const walk_entry *e, void *arg);

/*
 * Walk the directory root/rel ("" for root itself) depth-first, each
 * directory's entries in name order (readdir's order depends on the file
 * system; output must not), calling visit for each as opts says. Nothing
 * is followed: a link is a WALK_ENTRY with its own lstat. Returns 0, or
 * -1 when visit ended the walk.
 */
int walk_dir(const char *root, const char *rel, const walk_opts *opts,
    walk_visit visit, void *arg);

/* True for the files git reads in every directory (.gitignore,
 * .gitattributes): they decide which records git status counts as
 * changed or untracked. */
bool walk_is_git_file(const char *name);

#endif
