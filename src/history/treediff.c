/*
 * treediff.c - the changed record files of one commit: its incidents tree
 * and its first parent's, merge-joined in git's tree order and descended
 * only where ids differ; and the trees kept loaded from one commit to the
 * next.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "history/history.h"
#include "history/internal.h"
#include "lib/grow.h"
#include "model/record.h"

/* load.c looks no deeper for records, so neither does the walk. */
#define MAX_DEPTH	32

/* qsort order of trees (git_tree *) by id. */
static int
cmp_tree_id(const void *a, const void *b)
{
	return git_oid_cmp(git_tree_id(*(git_tree *const *)a),
	    git_tree_id(*(git_tree *const *)b));
}

/* Append t, which the list now owns. */
static void
treelist_add(treelist *l, git_tree *t)
{
	l->v = xgrow(l->v, l->n, &l->cap, sizeof(*l->v), 16);
	l->v[l->n++] = t;
}

/* The tree id in l, which must be sorted, or NULL. */
static git_tree *
treelist_find(const treelist *l, const git_oid *id)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = git_oid_cmp(id, git_tree_id(l->v[mid]));

		if (c == 0)
			return l->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Free the trees; the list stays usable. */
static void
treelist_clear(treelist *l)
{
	for (size_t i = 0; i < l->n; i++)
		git_tree_free(l->v[i]);
	l->n = 0;
}

/*
 * The loaded tree id. A tree met on the old side of one commit is the new
 * side of the next one down, and libgit2 does not cache trees over 4 KiB,
 * so old-side trees are kept one step. The walker owns the tree.
 */
static int
tree_get(walker *w, const git_oid *id, bool old_side, git_tree **out)
{
	git_tree *t;

	if (!old_side && (t = treelist_find(&w->prev, id)) != NULL) {
		*out = t;
		return 0;
	}
	if (git_tree_lookup(&t, w->repo, id) < 0) {
		char hex[GIT_OID_HEXSZ + 1];

		hist_oid_hex(hex, id);
		return hist_git_fail(w->d, "cannot read tree %s", hex);
	}
	treelist_add(old_side ? &w->cur_old : &w->cur_new, t);
	*out = t;
	return 0;
}

void
hist_trees_step(walker *w)
{
	treelist tmp;

	treelist_clear(&w->prev);
	treelist_clear(&w->cur_new);
	tmp = w->prev;
	w->prev = w->cur_old;
	w->cur_old = tmp;
	if (w->prev.n > 1)
		qsort(w->prev.v, w->prev.n, sizeof(*w->prev.v), cmp_tree_id);
}

/*
 * Order of two entries in a git tree: bytewise by name, a tree's name
 * compared as if it ended in '/'. So "a-b" < "a.md" < "a/" < "a0".
 */
static int
entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), n = la < lb ? la : lb;
	int c = memcmp(na, nb, n);
	unsigned char ca, cb;

	if (c != 0)
		return c;
	ca = la > n ? (unsigned char)na[n] :
	    git_tree_entry_filemode(a) == GIT_FILEMODE_TREE ? '/' : '\0';
	cb = lb > n ? (unsigned char)nb[n] :
	    git_tree_entry_filemode(b) == GIT_FILEMODE_TREE ? '/' : '\0';
	return (int)ca - (int)cb;
}

enum { E_OTHER, E_DIR, E_RECORD };

/* What a tree entry is to the walk. Hidden entries are skipped as load.c
 * skips them; symbolic links and submodules are never records. */
static int
entry_kind(const git_tree_entry *e)
{
	const char *name = git_tree_entry_name(e);
	git_filemode_t m = git_tree_entry_filemode(e);

	if (name[0] == '.')
		return E_OTHER;
	if (m == GIT_FILEMODE_TREE)
		return E_DIR;
	if ((m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE) &&
	    record_is_file_name(name))
		return E_RECORD;
	return E_OTHER;
}

/* Record a change of the file at w->path for the current commit. */
static void
add_delta(walker *w, hist_kind kind, const git_tree_entry *eo,
    const git_tree_entry *en)
{
	delta *x;
	size_t off = w->names.len;

	buf_add(&w->names, w->path.data, w->path.len);
	buf_addc(&w->names, '\0');
	w->deltas = xgrow(w->deltas, w->ndeltas, &w->capdeltas,
	    sizeof(*w->deltas), 64);
	x = &w->deltas[w->ndeltas++];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->old_path = eo != NULL ? off : NOPATH;
	x->new_path = en != NULL ? off : NOPATH;
	if (eo != NULL)
		x->old_id = *git_tree_entry_id(eo);
	if (en != NULL)
		x->new_id = *git_tree_entry_id(en);
}

static int join_trees(walker *w, git_tree *old, git_tree *new, int depth);

/* One name of the join: eo and en (either may be NULL) differ. */
static int
join_entry(walker *w, const git_tree_entry *eo, const git_tree_entry *en,
    int depth)
{
	int ko = eo != NULL ? entry_kind(eo) : E_OTHER;
	int kn = en != NULL ? entry_kind(en) : E_OTHER;

	if (ko == E_OTHER && kn == E_OTHER)
		return 0;
	buf_adds(&w->path, git_tree_entry_name(eo != NULL ? eo : en));
	if (ko == E_DIR || kn == E_DIR) {
		git_tree *to = NULL, *tn = NULL;

		/* entries of equal name have equal dir-ness, see entry_cmp */
		if (depth >= MAX_DEPTH)
			return 0;
		if (ko == E_DIR &&
		    tree_get(w, git_tree_entry_id(eo), true, &to) < 0)
			return -1;
		if (kn == E_DIR &&
		    tree_get(w, git_tree_entry_id(en), false, &tn) < 0)
			return -1;
		buf_addc(&w->path, '/');
		return join_trees(w, to, tn, depth + 1);
	}
	if (ko == E_RECORD && kn == E_RECORD)
		add_delta(w, HIST_MODIFIED, eo, en);
	else if (ko == E_RECORD)
		add_delta(w, HIST_DELETED, eo, NULL);
	else
		add_delta(w, HIST_ADDED, NULL, en);
	return 0;
}

/*
 * Merge-join the sorted entries of old and new (either may be NULL),
 * descending only where ids differ, appending the record files that
 * changed to w->deltas. w->path holds the path of the trees, ending in '/'
 * unless it is empty.
 */
static int
join_trees(walker *w, git_tree *old, git_tree *new, int depth)
{
	size_t no = old != NULL ? git_tree_entrycount(old) : 0;
	size_t nn = new != NULL ? git_tree_entrycount(new) : 0;
	size_t i = 0, j = 0, base = w->path.len;

	while (i < no || j < nn) {
		const git_tree_entry *eo = NULL, *en = NULL;
		int c;

		if (i < no && (eo = git_tree_entry_byindex(old, i)) == NULL)
			return hist_git_fail(w->d, "cannot read a tree entry");
		if (j < nn && (en = git_tree_entry_byindex(new, j)) == NULL)
			return hist_git_fail(w->d, "cannot read a tree entry");
		c = eo == NULL ? 1 : en == NULL ? -1 : entry_cmp(eo, en);
		if (c == 0 && git_oid_equal(git_tree_entry_id(eo),
		    git_tree_entry_id(en))) {
			i++;
			j++;
			continue;
		}
		if (c <= 0)
			i++;
		else
			eo = NULL;
		if (c >= 0)
			j++;
		else
			en = NULL;
		if (join_entry(w, eo, en, depth) < 0)
			return -1;
		w->path.len = base;
		w->path.data[base] = '\0';
	}
	return 0;
}

int
hist_treediff(walker *w, const chain *old, const chain *new)
{
	git_tree *to = NULL, *tn = NULL;
	size_t nc = w->comps.n;

	w->ndeltas = 0;
	w->names.len = 0;
	if (old != NULL && chain_full(w, old) &&
	    tree_get(w, &old->ids[nc], true, &to) < 0)
		return -1;
	if (chain_full(w, new) && tree_get(w, &new->ids[nc], false, &tn) < 0)
		return -1;
	w->path.len = 0;
	buf_adds(&w->path, w->dir);
	if (w->dir[0] != '\0')
		buf_addc(&w->path, '/');
	return join_trees(w, to, tn, 0);
}


void
hist_trees_free(walker *w)
{
	treelist_clear(&w->prev);
	treelist_clear(&w->cur_old);
	treelist_clear(&w->cur_new);
	free(w->prev.v);
	free(w->cur_old.v);
	free(w->cur_new.v);
}
