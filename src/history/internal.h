/*
 * internal.h - what the files of the history stage share; only
 * src/history/ includes it. Everyone else uses history/history.h.
 *
 * The stage is one first-parent walk (walk.c) that diffs the incidents
 * trees of each commit and its parent (treediff.c), pairs additions with
 * deletions into renames (renames.c), finds the incident ids each commit
 * names (refs.c) and keeps its result in .aftermath/ for the next run
 * (cache.c); history.c opens the repository, runs the walk and answers
 * the queries.
 */
#ifndef AM_HISTORY_INTERNAL_H
#define AM_HISTORY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <git2.h>

#include "lib/diag.h"
#include "lib/keyindex.h"
#include "lib/strmap.h"
#include "lib/util.h"
#include "model/config.h"

/* history/history.h is not included here, so every file includes it
 * first: the layering test (tests/layout/layering.py) counts this header
 * as a module of its own, and with history.c including it the two would
 * form a cycle. */
#ifndef AM_HISTORY_H
#error "include history/history.h before history/internal.h"
#endif

/* An offset into walker.names that stands for no path. */
#define NOPATH		SIZE_MAX

typedef struct hist_author {
	char *name, *email;    /* as committed, before .mailmap */
} hist_author;

struct history {
	git_repository *repo;  /* open until history_free, for history_blob */
	bool inited;           /* git_libgit2_init is to be undone */
	bool none, truncated;
	size_t depth;          /* commits walked down to the shallow boundary */
	git_oid head, tree;    /* HEAD and its incidents tree (if has_tree) */
	bool has_tree;
	hist_commit *commits;
	hist_author *raw;      /* same index as commits; what the cache keeps */
	size_t ncommits;
	hist_record *records;
	size_t nrecords;
	keyindex by_path;      /* record path -> record indexes */
	keyindex related;      /* id named by refs -> commit indexes */
};

/* One changed record file of the commit being looked at. */
typedef struct delta {
	hist_kind kind;
	bool gone;             /* an addition that became half of a rename */
	size_t old_path;       /* offsets into walker.names, or NOPATH */
	size_t new_path;
	git_oid old_id, new_id;
} delta;

/* Trees kept loaded from one commit to the next. */
typedef struct treelist {
	git_tree **v;
	size_t n, cap;
} treelist;

/* Tree ids from the root tree down to the incidents tree of one commit:
 * ids[0] is the root tree, ids[k] the tree at the k-th path component.
 * Only the first n are known; n == ncomps + 1 when the incidents tree
 * exists. */
typedef struct chain {
	git_oid *ids;
	size_t n;
} chain;

typedef struct changevec {
	hist_change *v;
	size_t n, cap;
} changevec;

/* The state of one walk, by the file that uses it. */
typedef struct walker {
	git_repository *repo;
	git_mailmap *mailmap;  /* NULL when none could be read */
	diags *d;
	char *dir;             /* incidents dir in repo_root; "" = repo_root */
	char *prefix;          /* repo_root in the work tree: "" or "sub/" */
	char *treepath;        /* prefix + dir, without a trailing '/' */
	strlist comps;         /* treepath split at '/' */
	/* refs.c */
	const char **ids;      /* sorted, unique; the caller's strings */
	size_t nids;
	git_oid ids_hash;
	size_t *refs;          /* indexes into ids named by this commit */
	size_t nrefs, caprefs;
	/* walk.c */
	git_oid *shallow;      /* sorted */
	size_t nshallow;
	git_oid shallow_hash;
	bool has_shallow;
	strmap req;            /* requested path -> record index */
	strmap map;            /* path at this point in history -> record */
	chain chains[2];
	hist_commit *commits;  /* kept commits, newest first */
	hist_author *raw;
	size_t ncommits, capcommits, capraw;
	changevec *changes;    /* per record, newest first */
	size_t nrecords;
	size_t walked;         /* commits visited */
	bool truncated;        /* reached a shallow boundary */
	/* treediff.c, and renames.c for the deltas */
	treelist prev, cur_old, cur_new;
	delta *deltas;
	size_t ndeltas, capdeltas;
	buf names;             /* NUL-separated paths of the deltas */
	buf path;              /* path of the tree entry being joined */
} walker;

/* Path of x before the commit; only when x has one. */
static inline const char *
delta_old(const walker *w, const delta *x)
{
	return w->names.data + x->old_path;
}

/* Path of x after the commit; only when x has one. */
static inline const char *
delta_new(const walker *w, const delta *x)
{
	return w->names.data + x->new_path;
}

/* Whether c reaches the incidents tree. */
static inline bool
chain_full(const walker *w, const chain *c)
{
	return c->n == w->comps.n + 1;
}

/* history.c: helpers of every file */

/* Add a "history" error naming what failed and libgit2's reason. Returns
 * -1 so that callers can return it. */
int hist_git_fail(diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Write the hex form of id into out (41 bytes). */
void hist_oid_hex(char *out, const git_oid *id);
/* Whether s is exactly 40 lower-case hex digits. */
bool hist_is_hex_id(const char *s);
/* p without "." components and repeated or trailing slashes; the caller
 * frees it. */
char *hist_norm_path(const char *p);
/* Free the n commits of v and their raw authors (raw may be NULL), and
 * both arrays. */
void hist_commits_free(hist_commit *v, hist_author *raw, size_t n);
/* Free the paths of the n changes of v, and v. */
void hist_changes_free(hist_change *v, size_t n);
/* Index h's records by path; of equal paths the first comes first. */
void hist_index_records(history *h);

/* treediff.c */

/* Fill w->deltas with the record file changes of a commit whose incidents
 * tree (new) and whose first parent's (old, NULL for none) differ; either
 * chain may lack it. Returns 0 or -1 with a finding. */
int hist_treediff(walker *w, const chain *old, const chain *new);
/* After a commit: its old-side trees become the next one's candidates. */
void hist_trees_step(walker *w);
/* Free the trees w keeps. */
void hist_trees_free(walker *w);

/* renames.c */

/* Turn deletion + addition pairs of w->deltas into renames. Returns 0 or
 * -1 with a finding (a blob that cannot be read). */
int hist_pair_renames(walker *w);

/* refs.c */

/* Set w->ids to the ids (the caller's strings, which must outlive w),
 * sorted and unique, and w->ids_hash to their hash. Returns 0 or -1. */
int hist_refs_init(walker *w, const strlist *ids);
/* Index in w->ids of the id spelled s[0..n), or SIZE_MAX. */
size_t hist_find_id(const walker *w, const char *s, size_t n);
/* Fill w->refs with the indexes of the ids the message of c names, sorted
 * and unique. Returns 0 or -1 with a finding. */
int hist_commit_refs(walker *w, const git_commit *c);
/* Index h's commits by the ids their refs name, for history_related. */
void hist_index_refs(history *h);

/* walk.c */

/* Set up w for h's repository: the paths to follow, the ids, the mailmap
 * and the shallow list. Takes prefix. Free w with hist_walker_free, also
 * after a failure. */
int hist_walker_init(walker *w, history *h, const config *cfg,
    const strlist *paths, const strlist *ids, char *prefix, diags *d);
/* Free everything w holds. */
void hist_walker_free(walker *w);
/* The author and email that w's mailmap makes of name and email (as
 * committed, valid UTF-8), as new valid UTF-8 strings the caller frees. */
void hist_resolve_author(const walker *w, const char *name,
    const char *email, char **author, char **author_email);
/* Walk first parents from h->head, stopping at cached's HEAD when the
 * cache fits (*stopped set). Returns 0 or -1 with a finding. */
int hist_walk(walker *w, history *h, const history *cached, bool *stopped);
/* Build h's commits and changes, oldest first, from the walk and (when it
 * stopped there) cached. Moves data out of w and cached. */
void hist_assemble(history *h, walker *w, history *cached);
/* Mark records whose work-tree file differs from HEAD or is untracked. */
void hist_mark_dirty(history *h, walker *w);

/* cache.c */

/* repo_root's cache for w's key, or NULL (with a warning when it is
 * damaged). Free with history_free. */
history *hist_cache_load(const char *repo_root, walker *w);
/* At the cached HEAD, whose incidents tree chain is cc: whether cached can
 * stand for the rest of the walk. */
bool hist_cache_fits(walker *w, const history *cached, const chain *cc);
/* Write h to repo_root's cache; failure is a warning. */
void hist_cache_write(const char *repo_root, const history *h,
    const walker *w);

#endif
