/*
 * history.c - the history stage: one first-parent walk over the git history
 * with libgit2, and a cache of its result.
 *
 * The walk runs from HEAD back to the root. A map from "path at this point
 * in history" to "record at HEAD" starts as the requested paths and is
 * carried back across renames, so that a record keeps the commits from
 * before it moved. Per commit only the incidents subtrees whose ids differ
 * from the first parent's are read; blobs are read only to pair a deletion
 * with an addition whose content changed.
 *
 * The cache holds the result for one HEAD. When HEAD has moved on, the walk
 * stops where it reaches the cached HEAD and the map at that point says
 * which cached path each record came from, so renames in the new commits
 * re-key the older changes without walking them again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <jansson.h>

#include "history/history.h"
#include "lib/strmap.h"
#include "lib/utf8.h"
#include "model/record.h"

#define CACHE_FORMAT	"aftermath-history-cache"
#define CACHE_VERSION	1
#define CACHE_DIR	".aftermath"
#define CACHE_FILE	".aftermath/history-cache.json"
/* A cache larger than this was not written by us. */
#define CACHE_MAX	((size_t)1 << 30)
/* load.c looks no deeper for records, so neither does the walk. */
#define MAX_DEPTH	32
/* Beyond this many (addition, deletion) pairs in one commit, edited renames
 * are matched by their "id:" line only: comparing every pair is quadratic,
 * which is why git caps its rename detection too. */
#define PAIR_LIMIT	250000
/* Author offsets are [+-]hhmm in a commit, so never this far from zero. */
#define MAX_OFFSET	6000
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
	size_t *by_path;       /* record indexes sorted by path */
	size_t *related;       /* commit indexes, grouped by the id they name */
	struct ref_group *groups; /* one per id named, sorted by id */
	size_t ngroups;
};

/* The commits that name one id: related[off .. off + n), oldest first. */
typedef struct ref_group {
	const char *id;        /* a string of some commit's refs */
	size_t off, n;
} ref_group;

/* One (id, commit) pair while the groups are built. */
typedef struct ref_pair {
	const char *id;
	size_t commit;
} ref_pair;

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

/* What a rename candidate looks like, for pairing by similarity. */
typedef struct blobsig {
	char *idline;          /* the front matter's "id:" line, or NULL */
	uint64_t *lines;       /* hashes of the non-blank lines, sorted */
	size_t n;
} blobsig;

typedef struct pair_cand {
	unsigned score;
	size_t a, d;           /* indexes into the unpaired adds and deletes */
} pair_cand;

typedef struct walker {
	git_repository *repo;
	git_mailmap *mailmap;  /* NULL when none could be read */
	diags *d;
	char *dir;             /* incidents dir in repo_root; "" = repo_root */
	char *prefix;          /* repo_root in the work tree: "" or "sub/" */
	char *treepath;        /* prefix + dir, without a trailing '/' */
	strlist comps;         /* treepath split at '/' */
	const char **ids;      /* sorted, unique; the caller's strings */
	size_t nids;
	git_oid ids_hash;
	git_oid *shallow;      /* sorted */
	size_t nshallow;
	git_oid shallow_hash;
	bool has_shallow;
	strmap req;           /* requested path -> record index */
	strmap map;           /* path at this point in history -> record */
	chain chains[2];
	treelist prev, cur_old, cur_new;
	delta *deltas;
	size_t ndeltas, capdeltas;
	buf names;             /* NUL-separated paths of the deltas */
	buf path;              /* path of the tree entry being joined */
	size_t *refs;          /* indexes into ids named by this commit */
	size_t nrefs, caprefs;
	hist_commit *commits;  /* kept commits, newest first */
	hist_author *raw;
	size_t ncommits, capcommits;
	changevec *changes;    /* per record, newest first */
	size_t nrecords;
	size_t walked;         /* commits visited */
	bool truncated;        /* reached a shallow boundary */
} walker;

/* Add a "history" error naming what failed and libgit2's reason. Returns
 * -1 so that callers can return it. */
static int __attribute__((format(printf, 2, 3)))
git_fail(diags *d, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	diags_add(d, NULL, 0, 0, DIAG_ERROR, "history", "%s: %s", what,
	    e != NULL && e->message != NULL ? e->message : "unknown error");
	free(what);
	return -1;
}

/* Write the hex form of id into out (41 bytes). */
static void
oid_hex(char *out, const git_oid *id)
{
	if (git_oid_tostr(out, GIT_OID_HEXSZ + 1, id) == NULL)
		out[0] = '\0';
}

/* Whether s is exactly 40 lower-case hex digits. */
static bool
is_hex_id(const char *s)
{
	size_t i;

	for (i = 0; i < GIT_OID_HEXSZ; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[i] == '\0';
}

/*
 * p without "." components and repeated or trailing slashes, so that
 * "incidents/", "./incidents" and "incidents" name one directory; "."
 * becomes "". The caller frees it.
 */
static char *
norm_path(const char *p)
{
	buf b = { 0 };

	buf_add(&b, "", 0);
	while (*p != '\0') {
		size_t n = strcspn(p, "/");

		if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (b.len > 0)
				buf_addc(&b, '/');
			buf_add(&b, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	return buf_detach(&b);
}

/* qsort/bsearch order of git_oid values. */
static int
cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

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
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
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

/* Free what c holds and zero it. */
static void
hist_commit_clear(hist_commit *c)
{
	free(c->author);
	free(c->email);
	free(c->subject);
	strlist_free(&c->refs);
	memset(c, 0, sizeof(*c));
}

/* Free the paths of c. */
static void
hist_change_clear(hist_change *c)
{
	free(c->old_path);
	free(c->path);
	c->old_path = c->path = NULL;
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

		oid_hex(hex, id);
		return git_fail(w->d, "cannot read tree %s", hex);
	}
	treelist_add(old_side ? &w->cur_old : &w->cur_new, t);
	*out = t;
	return 0;
}

/* After a commit: its old-side trees become the next one's candidates. */
static void
trees_step(walker *w)
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

/* Whether c reaches the incidents tree. */
static bool
chain_full(const walker *w, const chain *c)
{
	return c->n == w->comps.n + 1;
}

/*
 * Fill out with the tree ids of commit down to the incidents tree. Where a
 * tree id equals the one in child (the commit walked just before), the rest
 * of the path is the same too and is copied instead of read.
 */
static int
resolve_chain(walker *w, const git_commit *commit, const chain *child,
    chain *out)
{
	const git_oid *root = git_commit_tree_id(commit);

	if (root == NULL)
		return git_fail(w->d, "commit without a tree");
	out->ids[0] = *root;
	out->n = 1;
	for (size_t k = 0; k < w->comps.n; k++) {
		git_tree *t;
		const git_tree_entry *e;

		if (child != NULL && child->n > k &&
		    git_oid_equal(&child->ids[k], &out->ids[k])) {
			memcpy(out->ids + k + 1, child->ids + k + 1,
			    (child->n - k - 1) * sizeof(*out->ids));
			out->n = child->n;
			return 0;
		}
		if (git_tree_lookup(&t, w->repo, &out->ids[k]) < 0) {
			char hex[GIT_OID_HEXSZ + 1];

			oid_hex(hex, &out->ids[k]);
			return git_fail(w->d, "cannot read tree %s", hex);
		}
		e = git_tree_entry_byname(t, w->comps.v[k]);
		if (e == NULL ||
		    git_tree_entry_filemode(e) != GIT_FILEMODE_TREE) {
			git_tree_free(t);
			return 0;
		}
		out->ids[k + 1] = *git_tree_entry_id(e);
		out->n = k + 2;
		git_tree_free(t);
	}
	return 0;
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
	if (w->ndeltas == w->capdeltas) {
		w->capdeltas = w->capdeltas ? w->capdeltas * 2 : 64;
		w->deltas = xrealloc(w->deltas,
		    w->capdeltas * sizeof(*w->deltas));
	}
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
			return git_fail(w->d, "cannot read a tree entry");
		if (j < nn && (en = git_tree_entry_byindex(new, j)) == NULL)
			return git_fail(w->d, "cannot read a tree entry");
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

/* Find the record file changes of a commit whose incidents tree (new) and
 * whose first parent's (old) differ; either chain may lack it. */
static int
commit_deltas(walker *w, const chain *old, const chain *new)
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

/* Path of x before the commit; only when x has one. */
static const char *
delta_old(const walker *w, const delta *x)
{
	return w->names.data + x->old_path;
}

/* Path of x after the commit; only when x has one. */
static const char *
delta_new(const walker *w, const delta *x)
{
	return w->names.data + x->new_path;
}

/* Make deletion d and addition a one rename. */
static void
pair_up(walker *w, size_t d, size_t a)
{
	w->deltas[d].kind = HIST_RENAMED;
	w->deltas[d].new_path = w->deltas[a].new_path;
	w->deltas[d].new_id = w->deltas[a].new_id;
	w->deltas[a].gone = true;
}

typedef struct id_slot {
	git_oid id;
	size_t delta;
} id_slot;

/* Order of deletions by blob id, then by tree order. */
static int
cmp_id_slot(const void *a, const void *b)
{
	const id_slot *x = a, *y = b;
	int c = git_oid_cmp(&x->id, &y->id);

	if (c != 0)
		return c;
	return x->delta < y->delta ? -1 : x->delta > y->delta;
}

/* qsort order of line hashes. */
static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Read blob id into sig: its "id:" line and its non-blank line hashes. */
static int
blob_sig(walker *w, const git_oid *id, blobsig *sig)
{
	git_blob *b;
	const char *s, *end;
	git_object_size_t size;
	size_t cap = 0, lineno = 0;
	bool in_fm = false;

	memset(sig, 0, sizeof(*sig));
	if (git_blob_lookup(&b, w->repo, id) < 0) {
		char hex[GIT_OID_HEXSZ + 1];

		oid_hex(hex, id);
		return git_fail(w->d, "cannot read blob %s", hex);
	}
	size = git_blob_rawsize(b);
	s = git_blob_rawcontent(b);
	if (s == NULL || size > SIZE_MAX) {
		git_blob_free(b);
		return git_fail(w->d, "cannot read a blob");
	}
	end = s + (size_t)size;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl != NULL ? nl : end;
		const char *t = e;

		while (t > s &&
		    (t[-1] == '\r' || t[-1] == ' ' || t[-1] == '\t'))
			t--;
		if (lineno == 0 && t - s == 3 && memcmp(s, "---", 3) == 0)
			in_fm = true;
		else if (in_fm && t - s == 3 && (memcmp(s, "---", 3) == 0 ||
		    memcmp(s, "...", 3) == 0))
			in_fm = false;
		else if (in_fm && sig->idline == NULL && t - s >= 3 &&
		    memcmp(s, "id:", 3) == 0)
			sig->idline = xstrndup(s, (size_t)(t - s));
		if (t > s) {
			if (sig->n == cap) {
				cap = cap ? cap * 2 : 64;
				sig->lines = xrealloc(sig->lines,
				    cap * sizeof(*sig->lines));
			}
			sig->lines[sig->n++] = hash_fnv1a(s, (size_t)(t - s));
		}
		lineno++;
		s = nl != NULL ? nl + 1 : end;
	}
	git_blob_free(b);
	if (sig->n > 1)
		qsort(sig->lines, sig->n, sizeof(*sig->lines), cmp_u64);
	return 0;
}

/* Share of identical lines of a and b, in thousandths of the longer. */
static unsigned
line_score(const blobsig *a, const blobsig *b)
{
	size_t i = 0, j = 0, common = 0, most = a->n > b->n ? a->n : b->n;

	if (most == 0)
		return 0;
	while (i < a->n && j < b->n) {
		if (a->lines[i] == b->lines[j]) {
			common++;
			i++;
			j++;
		} else if (a->lines[i] < b->lines[j])
			i++;
		else
			j++;
	}
	return (unsigned)(common * 1000 / most);
}

/* Best rename candidates first; ties in tree order, so the result
 * never depends on qsort. */
static int
cmp_cand(const void *a, const void *b)
{
	const pair_cand *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return x->d < y->d ? -1 : x->d > y->d;
}

typedef struct idline_slot {
	const char *idline;
	size_t d;
} idline_slot;

/* Order of deletions by "id:" line, then by position. */
static int
cmp_idline_slot(const void *a, const void *b)
{
	const idline_slot *x = a, *y = b;
	int c = strcmp(x->idline, y->idline);

	if (c != 0)
		return c;
	return x->d < y->d ? -1 : x->d > y->d;
}

/*
 * Pair the unpaired additions adds[0..na) with the deletions dels[0..nd)
 * by content: the same front-matter "id:" line, or at least half of the
 * lines identical. Best scores pair first.
 */
static int
pair_similar(walker *w, const size_t *adds, size_t na, const size_t *dels,
    size_t nd)
{
	blobsig *sa = xcalloc(na, sizeof(*sa)), *sd = xcalloc(nd, sizeof(*sd));
	pair_cand *cand = NULL;
	idline_slot *slots = NULL;
	bool *a_done = xcalloc(na, sizeof(*a_done));
	bool *d_done = xcalloc(nd, sizeof(*d_done));
	size_t ncand = 0, capcand = 0, nslots = 0;
	bool all_pairs = na * nd <= PAIR_LIMIT;
	int rc = -1;

	for (size_t i = 0; i < na; i++)
		if (blob_sig(w, &w->deltas[adds[i]].new_id, &sa[i]) < 0)
			goto out;
	for (size_t i = 0; i < nd; i++)
		if (blob_sig(w, &w->deltas[dels[i]].old_id, &sd[i]) < 0)
			goto out;
	if (!all_pairs) {
		/* too many pairs to compare: match "id:" lines by sorting */
		slots = xcalloc(nd, sizeof(*slots));
		for (size_t i = 0; i < nd; i++)
			if (sd[i].idline != NULL) {
				slots[nslots].idline = sd[i].idline;
				slots[nslots++].d = i;
			}
		qsort(slots, nslots, sizeof(*slots), cmp_idline_slot);
	}
	for (size_t i = 0; i < na; i++) {
		if (all_pairs) {
			for (size_t k = 0; k < nd; k++) {
				bool same_id = sa[i].idline != NULL &&
				    sd[k].idline != NULL &&
				    strcmp(sa[i].idline, sd[k].idline) == 0;
				unsigned score = line_score(&sa[i], &sd[k]);

				if (!same_id && score < 500)
					continue;
				if (ncand == capcand) {
					capcand = capcand ? capcand * 2 : 16;
					cand = xrealloc(cand,
					    capcand * sizeof(*cand));
				}
				cand[ncand].score = score +
				    (same_id ? 1000 : 0);
				cand[ncand].a = i;
				cand[ncand++].d = k;
			}
			continue;
		}
		if (sa[i].idline == NULL)
			continue;
		for (size_t lo = 0, hi = nslots; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(sa[i].idline, slots[mid].idline);

			if (c > 0) {
				lo = mid + 1;
				continue;
			}
			if (c < 0) {
				hi = mid;
				continue;
			}
			/* back to the first equal one, for a stable choice */
			while (mid > 0 &&
			    strcmp(slots[mid - 1].idline, sa[i].idline) == 0)
				mid--;
			for (; mid < nslots &&
			    strcmp(slots[mid].idline, sa[i].idline) == 0;
			    mid++) {
				if (ncand == capcand) {
					capcand = capcand ? capcand * 2 : 16;
					cand = xrealloc(cand,
					    capcand * sizeof(*cand));
				}
				cand[ncand].score = 1000;
				cand[ncand].a = i;
				cand[ncand++].d = slots[mid].d;
			}
			break;
		}
	}
	if (ncand > 1)
		qsort(cand, ncand, sizeof(*cand), cmp_cand);
	for (size_t i = 0; i < ncand; i++)
		if (!a_done[cand[i].a] && !d_done[cand[i].d]) {
			a_done[cand[i].a] = d_done[cand[i].d] = true;
			pair_up(w, dels[cand[i].d], adds[cand[i].a]);
		}
	rc = 0;
out:
	for (size_t i = 0; i < na; i++) {
		free(sa[i].idline);
		free(sa[i].lines);
	}
	for (size_t i = 0; i < nd; i++) {
		free(sd[i].idline);
		free(sd[i].lines);
	}
	free(sa);
	free(sd);
	free(cand);
	free(slots);
	free(a_done);
	free(d_done);
	return rc;
}

/*
 * Turn deletion + addition pairs of this commit into renames: identical
 * blobs first, then, while both kinds remain and one of them leads to a
 * record, by similarity. Pairing that touches no followed path would change
 * nothing, so its blobs are not read.
 */
static int
pair_renames(walker *w)
{
	size_t na = 0, nd = 0, *adds = NULL, *dels = NULL;
	id_slot *slots = NULL;
	bool *taken = NULL, wanted = false;
	int rc = -1;

	for (size_t i = 0; i < w->ndeltas; i++) {
		na += w->deltas[i].kind == HIST_ADDED;
		nd += w->deltas[i].kind == HIST_DELETED;
	}
	if (na == 0 || nd == 0)
		return 0;
	adds = xcalloc(na, sizeof(*adds));
	dels = xcalloc(nd, sizeof(*dels));
	slots = xcalloc(nd, sizeof(*slots));
	taken = xcalloc(nd, sizeof(*taken));
	na = nd = 0;
	for (size_t i = 0; i < w->ndeltas; i++)
		if (w->deltas[i].kind == HIST_DELETED) {
			slots[nd].id = w->deltas[i].old_id;
			slots[nd++].delta = i;
		}
	qsort(slots, nd, sizeof(*slots), cmp_id_slot);
	for (size_t i = 0; i < w->ndeltas; i++) {
		size_t lo = 0, hi = nd;

		if (w->deltas[i].kind != HIST_ADDED)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (git_oid_cmp(&slots[mid].id,
			    &w->deltas[i].new_id) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo < nd && taken[lo] &&
		    git_oid_equal(&slots[lo].id, &w->deltas[i].new_id))
			lo++;
		if (lo < nd && git_oid_equal(&slots[lo].id,
		    &w->deltas[i].new_id)) {
			taken[lo] = true;
			pair_up(w, slots[lo].delta, i);
		}
	}
	na = nd = 0;
	for (size_t i = 0; i < w->ndeltas; i++) {
		const delta *x = &w->deltas[i];
		size_t r;

		if (x->kind == HIST_ADDED && !x->gone) {
			adds[na++] = i;
			wanted = wanted ||
			    strmap_get(&w->map, delta_new(w, x), &r);
		} else if (x->kind == HIST_DELETED) {
			dels[nd++] = i;
			wanted = wanted ||
			    strmap_get(&w->map, delta_old(w, x), &r);
		}
	}
	if (na > 0 && nd > 0 && wanted &&
	    pair_similar(w, adds, na, dels, nd) < 0)
		goto out;
	rc = 0;
out:
	free(adds);
	free(dels);
	free(slots);
	free(taken);
	return rc;
}

/* Index in w->ids of the id spelled s[0..n), or SIZE_MAX. */
static size_t
find_id(const walker *w, const char *s, size_t n)
{
	size_t lo = 0, hi = w->nids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(s, w->ids[mid], n);

		if (c == 0 && w->ids[mid][n] != '\0')
			c = -1;
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return SIZE_MAX;
}

/* Note that the commit names w->ids[idx]; SIZE_MAX (no id) is ignored. */
static void
add_ref(walker *w, size_t idx)
{
	if (idx == SIZE_MAX)
		return;
	if (w->nrefs == w->caprefs) {
		w->caprefs = w->caprefs ? w->caprefs * 2 : 8;
		w->refs = xrealloc(w->refs, w->caprefs * sizeof(*w->refs));
	}
	w->refs[w->nrefs++] = idx;
}

/* Whether c can be part of an id in a subject: [A-Za-z0-9._-]. */
static bool
is_word_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Whether s contains word, ignoring ASCII case. */
static bool
has_ci(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++) {
		size_t i = 0;

		while (i < n && s[i] != '\0' &&
		    (s[i] | 0x20) == (word[i] | 0x20))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* qsort order of size_t values. */
static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Fill w->refs with the ids the message of c names: "Incident:" trailers
 * (comma-separated values allowed) and whole words of the subject. Sorted
 * and unique; only ids in w->ids.
 */
static int
commit_refs(walker *w, const git_commit *c)
{
	const char *msg = git_commit_message(c), *s;
	git_message_trailer_array arr = { 0 };
	size_t o = 0;

	w->nrefs = 0;
	if (w->nids == 0 || msg == NULL)
		return 0;
	for (s = msg; *s != '\0' && *s != '\n';) {
		size_t n = 0, idx;

		while (is_word_char(s[n]))
			n++;
		if (n == 0) {
			s++;
			continue;
		}
		idx = find_id(w, s, n);
		/* "Fixes INC-7." ends a sentence: the dot is not the id's */
		while (idx == SIZE_MAX && n > 1 && s[n - 1] == '.')
			idx = find_id(w, s, --n);
		add_ref(w, idx);
		while (is_word_char(*s))
			s++;
	}
	/* most messages have no trailer of ours; skip parsing them */
	if (has_ci(msg, "incident")) {
		if (git_message_trailers(&arr, msg) < 0)
			return git_fail(w->d, "cannot read commit trailers");
		for (size_t i = 0; i < arr.count; i++) {
			const char *v = arr.trailers[i].value;

			if (arr.trailers[i].key == NULL || v == NULL ||
			    ascii_strcasecmp(arr.trailers[i].key,
			    "Incident") != 0)
				continue;
			while (*v != '\0') {
				size_t n = strcspn(v, ","), b = 0, e = n;

				while (b < e && (v[b] == ' ' || v[b] == '\t'))
					b++;
				while (e > b && (v[e - 1] == ' ' ||
				    v[e - 1] == '\t' || v[e - 1] == '\r' ||
				    v[e - 1] == '\n'))
					e--;
				if (e > b)
					add_ref(w, find_id(w, v + b, e - b));
				v += n;
				if (*v == ',')
					v++;
			}
		}
		git_message_trailer_array_free(&arr);
	}
	if (w->nrefs > 1)
		qsort(w->refs, w->nrefs, sizeof(*w->refs), cmp_size);
	for (size_t i = 0; i < w->nrefs; i++)
		if (o == 0 || w->refs[o - 1] != w->refs[i])
			w->refs[o++] = w->refs[i];
	w->nrefs = o;
	return 0;
}

/* The first line of msg, trimmed, as valid UTF-8. The caller frees it. */
static char *
subject_of(const char *msg)
{
	if (msg == NULL)
		return xstrdup("");
	return str_trim(utf8_sanitize(msg, strcspn(msg, "\n")));
}

/* Append commit c, with the refs just found, to the kept commits; returns
 * its index (newest first). */
static size_t
keep_commit(walker *w, const git_commit *c)
{
	const git_signature *sig = git_commit_author(c);
	const char *name = "", *email = "", *rname, *remail;
	hist_commit *hc;
	hist_author *ra;

	if (w->ncommits == w->capcommits) {
		w->capcommits = w->capcommits ? w->capcommits * 2 : 64;
		w->commits = xrealloc(w->commits,
		    w->capcommits * sizeof(*w->commits));
		w->raw = xrealloc(w->raw, w->capcommits * sizeof(*w->raw));
	}
	hc = &w->commits[w->ncommits];
	ra = &w->raw[w->ncommits];
	memset(hc, 0, sizeof(*hc));
	if (sig != NULL) {
		name = sig->name != NULL ? sig->name : "";
		email = sig->email != NULL ? sig->email : "";
		hc->time = (int64_t)sig->when.time;
		hc->offset = sig->when.offset;
	}
	ra->name = utf8_sanitize(name, strlen(name));
	ra->email = utf8_sanitize(email, strlen(email));
	/* a mailmap that cannot resolve leaves the names as committed */
	if (git_mailmap_resolve(&rname, &remail, w->mailmap, ra->name,
	    ra->email) < 0 || rname == NULL || remail == NULL) {
		rname = ra->name;
		remail = ra->email;
	}
	hc->author = utf8_sanitize(rname, strlen(rname));
	hc->email = utf8_sanitize(remail, strlen(remail));
	oid_hex(hc->id, git_commit_id(c));
	hc->subject = subject_of(git_commit_message(c));
	for (size_t i = 0; i < w->nrefs; i++)
		strlist_add(&hc->refs, w->ids[w->refs[i]]);
	return w->ncommits++;
}

/* Add delta x of kept commit ci to record r. */
static void
add_change(walker *w, size_t r, size_t ci, const delta *x)
{
	changevec *cv = &w->changes[r];
	hist_change *ch;

	if (cv->n == cv->cap) {
		cv->cap = cv->cap ? cv->cap * 2 : 4;
		cv->v = xrealloc(cv->v, cv->cap * sizeof(*cv->v));
	}
	ch = &cv->v[cv->n++];
	memset(ch, 0, sizeof(*ch));
	ch->commit = ci;
	ch->kind = x->kind;
	if (x->old_path != NOPATH)
		ch->old_path = xstrdup(delta_old(w, x));
	if (x->new_path != NOPATH)
		ch->path = xstrdup(delta_new(w, x));
	if (x->kind != HIST_ADDED)
		oid_hex(ch->old_blob, &x->old_id);
	if (x->kind != HIST_DELETED)
		oid_hex(ch->new_blob, &x->new_id);
}

/*
 * Give each delta of commit c to the record its path leads to, and move the
 * map back across renames: before a rename the record lived at the old path.
 * Adding a file leaves its path mapped, so that an older life at the same
 * path (deleted, then added again) belongs to the same record. Paths of
 * deltas are disjoint (a path is added, deleted or modified), so the order
 * of updates within the commit does not matter.
 */
static void
attribute(walker *w, const git_commit *c)
{
	size_t ci = SIZE_MAX;

	for (size_t i = 0; i < w->ndeltas; i++) {
		const delta *x = &w->deltas[i];
		size_t r;
		bool mapped;

		if (x->gone)
			continue;
		mapped = strmap_get(&w->map, x->kind == HIST_DELETED ?
		    delta_old(w, x) : delta_new(w, x), &r);
		if (x->kind == HIST_RENAMED) {
			strmap_del(&w->map, delta_new(w, x));
			if (mapped)
				strmap_put(&w->map, delta_old(w, x), r);
			else
				strmap_del(&w->map, delta_old(w, x));
		}
		if (!mapped)
			continue;
		if (ci == SIZE_MAX)
			ci = keep_commit(w, c);
		add_change(w, r, ci, x);
	}
	if (ci == SIZE_MAX && w->nrefs > 0)
		(void)keep_commit(w, c);
}

/* Whether commit id is a shallow boundary: its parents are not here. */
static bool
is_shallow(const walker *w, const git_oid *id)
{
	return w->nshallow > 0 && bsearch(id, w->shallow, w->nshallow,
	    sizeof(*w->shallow), cmp_oid) != NULL;
}

/*
 * At the cached HEAD: whether the cache can stand for the rest of the
 * walk. It must agree with the repository there, and hold every path that
 * a followed record has at that point.
 */
static bool
cache_fits(walker *w, const history *cached, const chain *cc)
{
	bool has = chain_full(w, cc);

	if (has != cached->has_tree ||
	    (has && !git_oid_equal(&cc->ids[w->comps.n], &cached->tree))) {
		diags_add(w->d, CACHE_FILE, 0, 0, DIAG_WARNING, "history-cache",
		    "ignoring the history cache: it does not match the "
		    "repository at its commit; walking the whole history");
		return false;
	}
	for (size_t i = 0; i < w->map.cap; i++)
		if (w->map.keys[i] != NULL &&
		    history_record(cached, w->map.keys[i]) == NULL)
			return false;
	return true;
}

/*
 * Walk first parents from head. With cached, stop at its HEAD when the
 * cache fits (*stopped set) and leave w->map as it is there. Fills w's
 * commits and changes, newest first, and h's HEAD tree.
 */
static int
walk(walker *w, history *h, const history *cached, bool *stopped)
{
	git_commit *cur = NULL, *par = NULL;
	chain *cc = &w->chains[0], *pc = &w->chains[1], *tmp;
	git_oid cur_id = h->head;
	bool stop = cached != NULL;
	int rc = -1;

	*stopped = false;
	if (git_commit_lookup(&cur, w->repo, &cur_id) < 0) {
		git_fail(w->d, "cannot read the HEAD commit");
		goto out;
	}
	if (resolve_chain(w, cur, NULL, cc) < 0)
		goto out;
	h->has_tree = chain_full(w, cc);
	if (h->has_tree)
		h->tree = cc->ids[w->comps.n];
	for (;;) {
		bool boundary, has_parent;

		if (stop && git_oid_equal(&cur_id, &cached->head)) {
			if (cache_fits(w, cached, cc)) {
				*stopped = true;
				break;
			}
			stop = false;
		}
		w->walked++;
		/* libgit2 1.5 cannot see the shallow graft: its parent is
		 * named but missing, so the shallow list decides */
		boundary = is_shallow(w, &cur_id);
		has_parent = !boundary && git_commit_parentcount(cur) > 0;
		if (has_parent) {
			const git_oid *pid = git_commit_parent_id(cur, 0);
			char hex[GIT_OID_HEXSZ + 1];

			if (pid == NULL) {
				git_fail(w->d, "cannot read a parent id");
				goto out;
			}
			if (git_commit_lookup(&par, w->repo, pid) < 0) {
				oid_hex(hex, pid);
				git_fail(w->d, "cannot read commit %s", hex);
				goto out;
			}
			if (resolve_chain(w, par, cc, pc) < 0)
				goto out;
		} else
			pc->n = 0;
		w->ndeltas = 0;
		if (boundary) {
			/* what the boundary commit changed is unknown: its
			 * parent is not here, and calling every record new
			 * would be wrong */
			w->truncated = true;
		} else if (chain_full(w, cc) != chain_full(w, pc) ||
		    (chain_full(w, cc) && !git_oid_equal(&cc->ids[w->comps.n],
		    &pc->ids[w->comps.n]))) {
			if (commit_deltas(w, has_parent ? pc : NULL, cc) < 0 ||
			    pair_renames(w) < 0)
				goto out;
		}
		if (commit_refs(w, cur) < 0)
			goto out;
		attribute(w, cur);
		trees_step(w);
		git_commit_free(cur);
		cur = par;
		par = NULL;
		if (!has_parent)
			break;
		cur_id = *git_commit_id(cur);
		tmp = cc;
		cc = pc;
		pc = tmp;
	}
	rc = 0;
out:
	git_commit_free(cur);
	git_commit_free(par);
	return rc;
}

/*
 * Build h's commits and changes, oldest first: the cached ones (when the
 * walk stopped at the cached HEAD) that still matter, then the walked
 * ones. Moves data out of w and cached.
 */
static void
assemble(history *h, walker *w, history *cached)
{
	size_t nold = 0, nnew = w->ncommits, *remap = NULL;
	const hist_record **src = xcalloc(h->nrecords, sizeof(*src));

	if (cached != NULL) {
		bool *used = xcalloc(cached->ncommits, sizeof(*used));

		/* the map says where each record was at the cached HEAD */
		for (size_t i = 0; i < w->map.cap; i++) {
			const hist_record *cr;

			if (w->map.keys[i] == NULL)
				continue;
			cr = history_record(cached, w->map.keys[i]);
			src[w->map.vals[i]] = cr;
			for (size_t k = 0; cr != NULL && k < cr->nchanges; k++)
				used[cr->changes[k].commit] = true;
		}
		remap = xcalloc(cached->ncommits, sizeof(*remap));
		for (size_t i = 0; i < cached->ncommits; i++)
			remap[i] = used[i] || cached->commits[i].refs.n > 0 ?
			    nold++ : SIZE_MAX;
		free(used);
		h->truncated = cached->truncated;
		h->depth = cached->depth + w->walked;
	} else {
		h->truncated = w->truncated;
		h->depth = w->walked;
	}
	h->ncommits = nold + nnew;
	h->commits = xcalloc(h->ncommits, sizeof(*h->commits));
	h->raw = xcalloc(h->ncommits, sizeof(*h->raw));
	for (size_t i = 0; cached != NULL && i < cached->ncommits; i++)
		if (remap[i] != SIZE_MAX) {
			h->commits[remap[i]] = cached->commits[i];
			h->raw[remap[i]] = cached->raw[i];
			memset(&cached->commits[i], 0,
			    sizeof(*cached->commits));
			memset(&cached->raw[i], 0, sizeof(*cached->raw));
		}
	for (size_t i = 0; i < nnew; i++) {
		h->commits[nold + i] = w->commits[nnew - 1 - i];
		h->raw[nold + i] = w->raw[nnew - 1 - i];
	}
	w->ncommits = 0;
	for (size_t r = 0; r < h->nrecords; r++) {
		changevec *cv = &w->changes[r];
		hist_record *cr = (hist_record *)src[r];
		hist_record *hr = &h->records[r];
		size_t k = 0;

		hr->nchanges = (cr != NULL ? cr->nchanges : 0) + cv->n;
		if (hr->nchanges == 0)
			continue;
		hr->changes = xcalloc(hr->nchanges, sizeof(*hr->changes));
		for (size_t i = 0; cr != NULL && i < cr->nchanges; i++) {
			hr->changes[k] = cr->changes[i];
			hr->changes[k++].commit = remap[cr->changes[i].commit];
		}
		if (cr != NULL)
			cr->nchanges = 0;
		for (size_t i = cv->n; i-- > 0;) {
			hr->changes[k] = cv->v[i];
			hr->changes[k++].commit = nold +
			    (nnew - 1 - cv->v[i].commit);
		}
		cv->n = 0;
	}
	free(remap);
	free(src);
}

/* Mark the record at work-tree path p (relative to the work tree) dirty. */
static void
dirty_path(history *h, const walker *w, const char *p)
{
	size_t plen = strlen(w->prefix), r;

	if (p == NULL || strncmp(p, w->prefix, plen) != 0)
		return;
	if (strmap_get(&w->req, p + plen, &r))
		h->records[r].dirty = true;
}

/* Mark records whose work-tree file differs from HEAD or is untracked. */
static void
mark_dirty(history *h, walker *w)
{
	git_status_options so;
	git_status_list *list = NULL;
	char *spec = w->treepath;
	size_t n;

	if (git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION) < 0) {
		git_fail(w->d, "cannot set up the work tree status");
		return;
	}
	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (spec[0] != '\0') {
		so.pathspec.strings = &spec;
		so.pathspec.count = 1;
	}
	if (git_status_list_new(&list, w->repo, &so) < 0) {
		const git_error *e = git_error_last();

		diags_add(w->d, NULL, 0, 0, DIAG_WARNING, "history",
		    "cannot read the work tree status (%s); uncommitted "
		    "changes are not marked", e != NULL && e->message != NULL ?
		    e->message : "unknown error");
		return;
	}
	n = git_status_list_entrycount(list);
	for (size_t i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);

		if (e == NULL || e->status == GIT_STATUS_CURRENT ||
		    (e->status & GIT_STATUS_IGNORED))
			continue;
		if (e->head_to_index != NULL) {
			dirty_path(h, w, e->head_to_index->old_file.path);
			dirty_path(h, w, e->head_to_index->new_file.path);
		}
		if (e->index_to_workdir != NULL) {
			dirty_path(h, w, e->index_to_workdir->old_file.path);
			dirty_path(h, w, e->index_to_workdir->new_file.path);
		}
	}
	git_status_list_free(list);
}

/* The string at index i of JSON array a, or NULL. */
static const char *
jstr(const json_t *a, size_t i)
{
	return json_string_value(json_array_get(a, i));
}

/* The integer at index i of JSON array a; false when it is none. */
static bool
jint(const json_t *a, size_t i, json_int_t *v)
{
	const json_t *x = json_array_get(a, i);

	if (!json_is_integer(x))
		return false;
	*v = json_integer_value(x);
	return true;
}

/* A nullable string at index i of a: true and *s set (NULL for null). */
static bool
jstr_or_null(const json_t *a, size_t i, const char **s)
{
	const json_t *x = json_array_get(a, i);

	if (json_is_null(x)) {
		*s = NULL;
		return true;
	}
	*s = json_string_value(x);
	return *s != NULL && (*s)[0] != '\0';
}

typedef struct path_slot {
	const char *path;
	size_t i;
} path_slot;

/* Order of records by path, then by position. */
static int
cmp_path_slot(const void *a, const void *b)
{
	const path_slot *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Sort h->by_path; of equal paths the first record comes first. */
static void
index_records(history *h)
{
	path_slot *v = xcalloc(h->nrecords, sizeof(*v));

	free(h->by_path);
	h->by_path = xcalloc(h->nrecords, sizeof(*h->by_path));
	for (size_t i = 0; i < h->nrecords; i++) {
		v[i].path = h->records[i].path;
		v[i].i = i;
	}
	if (h->nrecords > 1)
		qsort(v, h->nrecords, sizeof(*v), cmp_path_slot);
	for (size_t i = 0; i < h->nrecords; i++)
		h->by_path[i] = v[i].i;
	free(v);
}

/* qsort order of ref_pair: by id, then oldest commit first. */
static int
cmp_ref_pair(const void *a, const void *b)
{
	const ref_pair *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return x->commit < y->commit ? -1 : x->commit > y->commit;
}

/*
 * Group the commits by the ids their refs name, so that each record finds
 * its related commits without scanning every commit: that scan, once per
 * record, grew with records times commits.
 */
static void
index_refs(history *h)
{
	ref_pair *v;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < h->ncommits; i++)
		n += h->commits[i].refs.n;
	if (n == 0)
		return;
	v = xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < h->ncommits; i++)
		for (size_t j = 0; j < h->commits[i].refs.n; j++) {
			v[k].id = h->commits[i].refs.v[j];
			v[k++].commit = i;
		}
	qsort(v, n, sizeof(*v), cmp_ref_pair);
	h->related = xcalloc(n, sizeof(*h->related));
	h->groups = xcalloc(n, sizeof(*h->groups));
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(v[i - 1].id, v[i].id) != 0) {
			h->groups[h->ngroups].id = v[i].id;
			h->groups[h->ngroups++].off = i;
		}
		h->groups[h->ngroups - 1].n++;
		h->related[i] = v[i].commit;
	}
	free(v);
}

/* Letters for hist_kind in the cache file. */
static const char kind_letters[] = "AMDR";

/*
 * Load repo_root's cache. Returns the cached history (free with
 * history_free) when it is ours, for this key, and sound in every field.
 * Otherwise NULL: with a "history-cache" warning when it is damaged or
 * foreign, silently when there is none or it is for other ids or settings.
 *
 * Layout (version 1): an object with "format", "version", the key ("dir",
 * "ids", "shallow"), "head", "tree" ("" when none), "truncated", "depth",
 * "commits": [[id, name, email, time, offset, subject, [refs]], ...] with
 * names as committed, and "records": [[path, [[commit, kind letter,
 * old_path|null, path|null, old_blob, new_blob], ...]], ...].
 */
static history *
cache_load(const char *repo_root, walker *w)
{
	char *dirpath = xasprintf("%s/" CACHE_DIR, repo_root);
	char *path = xasprintf("%s/" CACHE_FILE, repo_root);
	char *data = NULL, idshex[GIT_OID_HEXSZ + 1], shhex[GIT_OID_HEXSZ + 1];
	const char *why = NULL, *s, *dir, *ids, *sh;
	json_t *root = NULL, *commits, *records, *x;
	json_error_t jerr;
	history *c = NULL;
	struct stat st;
	size_t len;

	if (lstat(dirpath, &st) < 0) {
		if (errno != ENOENT)
			why = strerror(errno);
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		why = CACHE_DIR " is not a directory";
		goto out;
	}
	if (read_file(path, CACHE_MAX, &data, &len) < 0) {
		if (errno != ENOENT)
			why = errno == EFBIG ? "it is too large" :
			    strerror(errno);
		goto out;
	}
	if ((root = json_loadb(data, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL) {
		why = "it is not valid JSON";
		goto out;
	}
	if (!json_is_object(root) || (s = json_string_value(
	    json_object_get(root, "format"))) == NULL ||
	    strcmp(s, CACHE_FORMAT) != 0) {
		why = "it is not an aftermath history cache";
		goto out;
	}
	x = json_object_get(root, "version");
	if (!json_is_integer(x) || json_integer_value(x) != CACHE_VERSION) {
		why = "it has another format version";
		goto out;
	}
	dir = json_string_value(json_object_get(root, "dir"));
	ids = json_string_value(json_object_get(root, "ids"));
	sh = json_string_value(json_object_get(root, "shallow"));
	if (dir == NULL || ids == NULL || sh == NULL) {
		why = "its key is malformed";
		goto out;
	}
	oid_hex(idshex, &w->ids_hash);
	if (w->has_shallow)
		oid_hex(shhex, &w->shallow_hash);
	else
		shhex[0] = '\0';
	/* a cache for other records or settings is stale, not broken */
	if (strcmp(dir, w->dir) != 0 || strcmp(ids, idshex) != 0 ||
	    strcmp(sh, shhex) != 0)
		goto out;

	c = xcalloc(1, sizeof(*c));
	s = json_string_value(json_object_get(root, "head"));
	if (s == NULL || !is_hex_id(s) || git_oid_fromstr(&c->head, s) < 0) {
		why = "its HEAD is malformed";
		goto out;
	}
	s = json_string_value(json_object_get(root, "tree"));
	c->has_tree = s != NULL && s[0] != '\0';
	if (s == NULL || (c->has_tree && (!is_hex_id(s) ||
	    git_oid_fromstr(&c->tree, s) < 0))) {
		why = "its tree is malformed";
		goto out;
	}
	x = json_object_get(root, "truncated");
	if (!json_is_boolean(x)) {
		why = "'truncated' is malformed";
		goto out;
	}
	c->truncated = json_is_true(x);
	x = json_object_get(root, "depth");
	if (!json_is_integer(x) || json_integer_value(x) < 0) {
		why = "'depth' is malformed";
		goto out;
	}
	c->depth = (size_t)json_integer_value(x);
	commits = json_object_get(root, "commits");
	records = json_object_get(root, "records");
	if (!json_is_array(commits) || !json_is_array(records)) {
		why = "its lists are malformed";
		goto out;
	}

	c->ncommits = json_array_size(commits);
	c->commits = xcalloc(c->ncommits, sizeof(*c->commits));
	c->raw = xcalloc(c->ncommits, sizeof(*c->raw));
	for (size_t i = 0; i < c->ncommits; i++) {
		const json_t *e = json_array_get(commits, i), *refs;
		const char *id, *name, *email, *subject, *rn, *re;
		json_int_t t, off;
		hist_commit *hc = &c->commits[i];
		size_t last = SIZE_MAX;

		if (!json_is_array(e) || json_array_size(e) != 7 ||
		    (id = jstr(e, 0)) == NULL || !is_hex_id(id) ||
		    (name = jstr(e, 1)) == NULL ||
		    (email = jstr(e, 2)) == NULL || !jint(e, 3, &t) ||
		    !jint(e, 4, &off) || off < -MAX_OFFSET ||
		    off > MAX_OFFSET || (subject = jstr(e, 5)) == NULL ||
		    !json_is_array(refs = json_array_get(e, 6))) {
			why = "a commit is malformed";
			goto out;
		}
		memcpy(hc->id, id, sizeof(hc->id));
		hc->time = (int64_t)t;
		hc->offset = (int)off;
		hc->subject = xstrdup(subject);
		c->raw[i].name = xstrdup(name);
		c->raw[i].email = xstrdup(email);
		/* the mailmap may have changed since: apply today's */
		if (git_mailmap_resolve(&rn, &re, w->mailmap, name,
		    email) < 0 ||
		    rn == NULL || re == NULL) {
			rn = name;
			re = email;
		}
		hc->author = xstrdup(rn);
		hc->email = xstrdup(re);
		for (size_t k = 0; k < json_array_size(refs); k++) {
			const char *ref = jstr(refs, k);
			size_t idx = ref != NULL ?
			    find_id(w, ref, strlen(ref)) : SIZE_MAX;

			if (idx == SIZE_MAX ||
			    (last != SIZE_MAX && idx <= last)) {
				why = "a commit names unknown incidents";
				goto out;
			}
			last = idx;
			strlist_add(&hc->refs, ref);
		}
	}

	c->nrecords = json_array_size(records);
	c->records = xcalloc(c->nrecords, sizeof(*c->records));
	for (size_t i = 0; i < c->nrecords; i++) {
		const json_t *e = json_array_get(records, i), *chs;
		hist_record *hr = &c->records[i];
		const char *p;
		size_t last = 0;

		if (!json_is_array(e) || json_array_size(e) != 2 ||
		    (p = jstr(e, 0)) == NULL || p[0] == '\0' ||
		    !json_is_array(chs = json_array_get(e, 1))) {
			why = "a record is malformed";
			goto out;
		}
		hr->path = xstrdup(p);
		hr->changes = xcalloc(json_array_size(chs),
		    sizeof(*hr->changes));
		for (size_t k = 0; k < json_array_size(chs); k++) {
			const json_t *ce = json_array_get(chs, k);
			hist_change *ch = &hr->changes[k];
			const char *kind, *op, *np, *ob, *nb, *letter;
			json_int_t ci;

			if (!json_is_array(ce) || json_array_size(ce) != 6 ||
			    !jint(ce, 0, &ci) || ci < 0 ||
			    (json_int_t)c->ncommits <= ci ||
			    (size_t)ci < last ||
			    (kind = jstr(ce, 1)) == NULL ||
			    strlen(kind) != 1 || (letter = strchr(kind_letters,
			    kind[0])) == NULL ||
			    !jstr_or_null(ce, 2, &op) ||
			    !jstr_or_null(ce, 3, &np) ||
			    (ob = jstr(ce, 4)) == NULL ||
			    (nb = jstr(ce, 5)) == NULL) {
				why = "a change is malformed";
				goto out;
			}
			ch->kind = (hist_kind)(letter - kind_letters);
			/* what each kind has and lacks, as walk() makes them */
			if ((op == NULL) != (ch->kind == HIST_ADDED) ||
			    (np == NULL) != (ch->kind == HIST_DELETED) ||
			    (ob[0] == '\0') != (ch->kind == HIST_ADDED) ||
			    (nb[0] == '\0') != (ch->kind == HIST_DELETED) ||
			    (ob[0] != '\0' && !is_hex_id(ob)) ||
			    (nb[0] != '\0' && !is_hex_id(nb))) {
				why = "a change is inconsistent";
				goto out;
			}
			ch->commit = (size_t)ci;
			last = ch->commit;
			ch->old_path = op != NULL ? xstrdup(op) : NULL;
			ch->path = np != NULL ? xstrdup(np) : NULL;
			memcpy(ch->old_blob, ob, strlen(ob) + 1);
			memcpy(ch->new_blob, nb, strlen(nb) + 1);
			hr->nchanges++;
		}
	}
	index_records(c);
	for (size_t i = 1; i < c->nrecords; i++)
		if (strcmp(c->records[c->by_path[i - 1]].path,
		    c->records[c->by_path[i]].path) == 0) {
			why = "a record is listed twice";
			goto out;
		}
out:
	if (why != NULL) {
		diags_add(w->d, CACHE_FILE, 0, 0, DIAG_WARNING, "history-cache",
		    "ignoring the history cache: %s; walking the whole history",
		    why);
		history_free(c);
		c = NULL;
	}
	json_decref(root);
	free(data);
	free(path);
	free(dirpath);
	return c;
}

/* Set o[key] to v, taking v; false on failure (v NULL for lack of memory
 * or a string that is not UTF-8). */
static bool
jset(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v) == 0;
}

/* Append v to a, taking v; false on failure. */
static bool
jpush(json_t *a, json_t *v)
{
	return json_array_append_new(a, v) == 0;
}

/* The cache document for h, or NULL when it cannot be built. */
static json_t *
cache_json(const history *h, const walker *w)
{
	json_t *root = json_object(), *commits = json_array();
	json_t *records = json_array();
	char hex[GIT_OID_HEXSZ + 1];
	bool ok = root != NULL && commits != NULL && records != NULL;

	oid_hex(hex, &w->ids_hash);
	ok = ok && jset(root, "format", json_string(CACHE_FORMAT)) &&
	    jset(root, "version", json_integer(CACHE_VERSION)) &&
	    jset(root, "dir", json_string(w->dir)) &&
	    jset(root, "ids", json_string(hex));
	if (w->has_shallow)
		oid_hex(hex, &w->shallow_hash);
	else
		hex[0] = '\0';
	ok = ok && jset(root, "shallow", json_string(hex));
	oid_hex(hex, &h->head);
	ok = ok && jset(root, "head", json_string(hex));
	if (h->has_tree)
		oid_hex(hex, &h->tree);
	else
		hex[0] = '\0';
	ok = ok && jset(root, "tree", json_string(hex)) &&
	    jset(root, "truncated", json_boolean(h->truncated)) &&
	    jset(root, "depth", json_integer((json_int_t)h->depth));
	for (size_t i = 0; ok && i < h->ncommits; i++) {
		const hist_commit *hc = &h->commits[i];
		json_t *refs = json_array();

		ok = refs != NULL;
		for (size_t k = 0; ok && k < hc->refs.n; k++)
			ok = jpush(refs, json_string(hc->refs.v[k]));
		ok = ok && jpush(commits, json_pack("[sssIIsO]", hc->id,
		    h->raw[i].name, h->raw[i].email, (json_int_t)hc->time,
		    (json_int_t)hc->offset, hc->subject, refs));
		json_decref(refs);
	}
	for (size_t r = 0; ok && r < h->nrecords; r++) {
		const hist_record *hr = &h->records[r];
		char *key = norm_path(hr->path);
		json_t *chs = json_array();
		size_t first;

		ok = chs != NULL;
		/* a path asked for twice is kept once */
		if (!strmap_get(&w->req, key, &first) || first != r) {
			free(key);
			json_decref(chs);
			continue;
		}
		for (size_t k = 0; ok && k < hr->nchanges; k++) {
			const hist_change *ch = &hr->changes[k];
			char kind[2] = { kind_letters[ch->kind], '\0' };

			ok = jpush(chs, json_pack("[Iss?s?ss]",
			    (json_int_t)ch->commit, kind, ch->old_path,
			    ch->path, ch->old_blob, ch->new_blob));
		}
		ok = ok && jpush(records, json_pack("[sO]", key, chs));
		json_decref(chs);
		free(key);
	}
	ok = ok && jset(root, "commits", commits);
	commits = NULL;
	ok = ok && jset(root, "records", records);
	records = NULL;
	json_decref(commits);
	json_decref(records);
	if (!ok) {
		json_decref(root);
		return NULL;
	}
	return root;
}

/* json_dump_callback sink: append to the buf at data. */
static int
dump_to_buf(const char *s, size_t n, void *data)
{
	buf_add(data, s, n);
	return 0;
}

/*
 * Write h to repo_root's cache: to a temporary file in the same directory,
 * renamed into place, so a reader never sees half a cache. Failure is a
 * warning: the cache only saves time.
 */
static void
cache_write(const char *repo_root, const history *h, const walker *w)
{
	char *path = xasprintf("%s/" CACHE_FILE, repo_root);
	const char *why;
	json_t *root = NULL;
	buf text = { 0 };

	/* git never shows the cache as a change */
	if ((why = state_dir(repo_root, CACHE_DIR)) != NULL) {
		diags_add(w->d, CACHE_FILE, 0, 0, DIAG_WARNING, "history-cache",
		    "cannot write the history cache (%s: %s); the next run "
		    "walks the whole history again", CACHE_DIR, why);
		why = NULL;
		goto out;
	}
	if ((root = cache_json(h, w)) == NULL) {
		why = "a name or path is not valid UTF-8";
		goto out;
	}
	/* json_dumpfd writes token by token, a system call each */
	if (json_dump_callback(root, dump_to_buf, &text, JSON_COMPACT) < 0) {
		why = "cannot serialise it";
		goto out;
	}
	if (write_file_atomic(path, text.data, text.len) < 0)
		why = strerror(errno);
out:
	if (why != NULL)
		diags_add(w->d, CACHE_FILE, 0, 0, DIAG_WARNING, "history-cache",
		    "cannot write the history cache (%s); the next run walks "
		    "the whole history again", why);
	json_decref(root);
	buf_free(&text);
	free(path);
}

/*
 * Open the repository containing repo_root. Returns 1 with h->repo open and
 * *prefix set to repo_root's place in the work tree ("" or "sub/"), 0 when
 * there is no repository with a work tree around it, -1 on error.
 */
static int
open_repo(history *h, const char *repo_root, char **prefix, diags *d)
{
	char *root = NULL, *wd = NULL;
	const char *workdir;
	int rc = -1, err;
	size_t n;

	err = git_repository_open_ext(&h->repo, repo_root, 0, NULL);
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return git_fail(d, "cannot open the git repository at %s",
		    repo_root);
	if ((workdir = git_repository_workdir(h->repo)) == NULL) {
		rc = 0;
		goto out;
	}
	if ((root = realpath(repo_root, NULL)) == NULL ||
	    (wd = realpath(workdir, NULL)) == NULL) {
		diags_add(d, NULL, 0, 0, DIAG_ERROR, "history",
		    "cannot resolve %s: %s", root == NULL ? repo_root :
		    workdir, strerror(errno));
		goto out;
	}
	n = strlen(wd);
	if (strcmp(root, wd) == 0)
		*prefix = xstrdup("");
	else if (n > 0 && strncmp(root, wd, n) == 0 &&
	    (wd[n - 1] == '/' || root[n] == '/'))
		*prefix = xasprintf("%s/",
		    root + n + (wd[n - 1] == '/' ? 0 : 1));
	else {
		/* inside the .git directory: no work tree to speak of */
		rc = 0;
		goto out;
	}
	rc = 1;
out:
	if (rc != 1) {
		git_repository_free(h->repo);
		h->repo = NULL;
	}
	free(root);
	free(wd);
	return rc;
}

/* Read the shallow list of the repository, if any, and its hash. */
static int
read_shallow(walker *w)
{
	const char *common = git_repository_commondir(w->repo);
	char *path, *data = NULL, *s;
	size_t len, cap = 0;
	int rc = -1;

	if (common == NULL)
		return git_fail(w->d, "cannot find the git directory");
	path = xasprintf("%s%sshallow", common,
	    common[0] != '\0' && common[strlen(common) - 1] == '/' ? "" : "/");
	if (read_file(path, (size_t)64 << 20, &data, &len) < 0) {
		if (errno == ENOENT)
			rc = 0;
		else
			diags_add(w->d, NULL, 0, 0, DIAG_ERROR, "history",
			    "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	if (len == 0) {
		rc = 0;
		goto out;
	}
	if (git_odb_hash(&w->shallow_hash, data, len, GIT_OBJECT_BLOB) < 0) {
		git_fail(w->d, "cannot hash the shallow list");
		goto out;
	}
	w->has_shallow = true;
	for (s = data; *s != '\0';) {
		size_t n = strcspn(s, "\n");
		git_oid id;

		if (n >= GIT_OID_HEXSZ &&
		    git_oid_fromstrn(&id, s, GIT_OID_HEXSZ) == 0) {
			if (w->nshallow == cap) {
				cap = cap ? cap * 2 : 8;
				w->shallow = xrealloc(w->shallow,
				    cap * sizeof(*w->shallow));
			}
			w->shallow[w->nshallow++] = id;
		}
		s += n;
		if (*s == '\n')
			s++;
	}
	if (w->nshallow > 1)
		qsort(w->shallow, w->nshallow, sizeof(*w->shallow), cmp_oid);
	rc = 0;
out:
	free(data);
	free(path);
	return rc;
}

/* qsort order of string pointers. */
static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Set up w for h's repository. Takes prefix. */
static int
walker_init(walker *w, history *h, const config *cfg, const strlist *paths,
    const strlist *ids, char *prefix, diags *d)
{
	buf b = { 0 };
	char *tp;
	size_t o = 0;
	int rc = -1;

	w->repo = h->repo;
	w->d = d;
	w->prefix = prefix;
	w->dir = norm_path(cfg->incidents_dir);
	tp = xasprintf("%s%s", prefix, w->dir);
	w->treepath = norm_path(tp);
	free(tp);
	for (const char *s = w->treepath; *s != '\0';) {
		size_t n = strcspn(s, "/");

		strlist_take(&w->comps, xstrndup(s, n));
		s += n;
		if (*s == '/')
			s++;
	}
	for (size_t i = 0; i < 2; i++)
		w->chains[i].ids = xcalloc(w->comps.n + 1,
		    sizeof(*w->chains[i].ids));

	/* sorted and unique, for bsearch from every subject word */
	w->ids = xcalloc(ids->n, sizeof(*w->ids));
	for (size_t i = 0; i < ids->n; i++)
		w->ids[i] = ids->v[i];
	if (ids->n > 1)
		qsort(w->ids, ids->n, sizeof(*w->ids), cmp_strp);
	for (size_t i = 0; i < ids->n; i++)
		if (w->ids[i][0] != '\0' &&
		    (o == 0 || strcmp(w->ids[o - 1], w->ids[i]) != 0))
			w->ids[o++] = w->ids[i];
	w->nids = o;
	buf_add(&b, "", 0);
	for (size_t i = 0; i < w->nids; i++) {
		buf_adds(&b, w->ids[i]);
		buf_addc(&b, '\n');
	}
	if (git_odb_hash(&w->ids_hash, b.data, b.len, GIT_OBJECT_BLOB) < 0) {
		git_fail(d, "cannot hash the incident ids");
		goto out;
	}

	w->nrecords = paths->n;
	w->changes = xcalloc(paths->n, sizeof(*w->changes));
	for (size_t i = 0; i < paths->n; i++) {
		char *key = norm_path(paths->v[i]);
		size_t r;

		if (!strmap_get(&w->req, key, &r)) {
			strmap_put(&w->req, key, i);
			strmap_put(&w->map, key, i);
		}
		free(key);
	}
	if (git_mailmap_from_repository(&w->mailmap, w->repo) < 0) {
		const git_error *e = git_error_last();

		w->mailmap = NULL;
		diags_add(d, NULL, 0, 0, DIAG_WARNING, "history",
		    "cannot read the mailmap (%s); authors are shown as "
		    "committed", e != NULL && e->message != NULL ?
		    e->message : "unknown error");
	}
	if (read_shallow(w) < 0)
		goto out;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/* Free everything w holds. */
static void
walker_free(walker *w)
{
	for (size_t i = 0; i < w->ncommits; i++) {
		hist_commit_clear(&w->commits[i]);
		free(w->raw[i].name);
		free(w->raw[i].email);
	}
	free(w->commits);
	free(w->raw);
	for (size_t r = 0; w->changes != NULL && r < w->nrecords; r++) {
		for (size_t i = 0; i < w->changes[r].n; i++)
			hist_change_clear(&w->changes[r].v[i]);
		free(w->changes[r].v);
	}
	free(w->changes);
	treelist_clear(&w->prev);
	treelist_clear(&w->cur_old);
	treelist_clear(&w->cur_new);
	free(w->prev.v);
	free(w->cur_old.v);
	free(w->cur_new.v);
	free(w->chains[0].ids);
	free(w->chains[1].ids);
	free(w->deltas);
	buf_free(&w->names);
	buf_free(&w->path);
	free(w->refs);
	strmap_free(&w->req);
	strmap_free(&w->map);
	free(w->shallow);
	free(w->ids);
	strlist_free(&w->comps);
	git_mailmap_free(w->mailmap);
	free(w->treepath);
	free(w->prefix);
	free(w->dir);
}

int
history_walk(const char *repo_root, const config *cfg, const strlist *paths,
    const strlist *ids, history **out, diags *d)
{
	history *h = xcalloc(1, sizeof(*h)), *cached = NULL;
	walker w;
	char *prefix = NULL;
	bool stopped = false;
	int rc = -1, found, unborn;

	memset(&w, 0, sizeof(w));
	*out = NULL;
	if (git_libgit2_init() < 0) {
		git_fail(d, "cannot initialise libgit2");
		goto out;
	}
	h->inited = true;
	/*
	 * Both options are process-wide, and libgit2 is ours alone. git
	 * does not re-hash what it reads either, and on a long history the
	 * hashing (SHA-1 with collision detection) took half of the walk; the
	 * walk reads each object once, so the object cache only costs. If
	 * either cannot be set, the walk is merely slower.
	 */
	if (git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0) < 0 ||
	    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0) < 0)
		git_error_clear();
	h->nrecords = paths->n;
	h->records = xcalloc(paths->n, sizeof(*h->records));
	for (size_t i = 0; i < paths->n; i++)
		h->records[i].path = xstrdup(paths->v[i]);
	index_records(h);
	if ((found = open_repo(h, repo_root, &prefix, d)) < 0)
		goto out;
	if (found == 0) {
		h->none = true;
		diags_add(d, NULL, 0, 0, DIAG_WARNING, "history",
		    "not a git repository; timelines use the records alone");
		rc = 0;
		goto out;
	}
	rc = walker_init(&w, h, cfg, paths, ids, prefix, d);
	prefix = NULL;
	if (rc < 0)
		goto out;
	rc = -1;
	if ((unborn = git_repository_head_unborn(h->repo)) < 0) {
		git_fail(d, "cannot read HEAD");
		goto out;
	}
	/* an empty repository has no history yet, which is no error */
	if (unborn == 0) {
		if (git_reference_name_to_id(&h->head, h->repo, "HEAD") < 0) {
			git_fail(d, "cannot read HEAD");
			goto out;
		}
		cached = cache_load(repo_root, &w);
		if (walk(&w, h, cached, &stopped) < 0)
			goto out;
		assemble(h, &w, stopped ? cached : NULL);
		if (h->truncated)
			diags_add(d, NULL, 0, 0, DIAG_WARNING, "history",
			    "history is cut short: this is a shallow clone "
			    "(depth %zu); fetch the whole history (git fetch "
			    "--unshallow, or fetch-depth: 0 in "
			    "actions/checkout) for complete timelines",
			    h->depth);
		if (!stopped || w.walked > 0)
			cache_write(repo_root, h, &w);
	}
	mark_dirty(h, &w);
	index_refs(h);
	rc = 0;
out:
	walker_free(&w);
	free(prefix);
	history_free(cached);
	if (rc == 0)
		*out = h;
	else
		history_free(h);
	return rc;
}

void
history_free(history *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->ncommits; i++) {
		hist_commit_clear(&h->commits[i]);
		if (h->raw != NULL) {
			free(h->raw[i].name);
			free(h->raw[i].email);
		}
	}
	free(h->commits);
	free(h->raw);
	for (size_t r = 0; r < h->nrecords; r++) {
		for (size_t i = 0; i < h->records[r].nchanges; i++)
			hist_change_clear(&h->records[r].changes[i]);
		free(h->records[r].changes);
		free(h->records[r].path);
	}
	free(h->records);
	free(h->by_path);
	free(h->related);
	free(h->groups);
	git_repository_free(h->repo);
	/* reference counted: undoes this history's git_libgit2_init only */
	if (h->inited)
		(void)git_libgit2_shutdown();
	free(h);
}

const hist_commit *
history_commits(const history *h, size_t *n)
{
	if (h == NULL) {
		*n = 0;
		return NULL;
	}
	*n = h->ncommits;
	return h->commits;
}

const hist_record *
history_record(const history *h, const char *path)
{
	size_t lo = 0, hi;

	if (h == NULL || path == NULL || h->by_path == NULL)
		return NULL;
	hi = h->nrecords;
	/* the first of equal paths, as index_records orders them */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(path, h->records[h->by_path[mid]].path) <= 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo < h->nrecords &&
	    strcmp(path, h->records[h->by_path[lo]].path) == 0)
		return &h->records[h->by_path[lo]];
	return NULL;
}

const size_t *
history_related(const history *h, const char *id, size_t *n)
{
	size_t lo = 0, hi;

	*n = 0;
	if (h == NULL || id == NULL)
		return NULL;
	hi = h->ngroups;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, h->groups[mid].id);

		if (c == 0) {
			*n = h->groups[mid].n;
			return h->related + h->groups[mid].off;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

bool
history_truncated(const history *h)
{
	return h != NULL && h->truncated;
}

bool
history_none(const history *h)
{
	return h != NULL && h->none;
}

/* history_blob from repo, which one thread uses at a time. */
static int
read_blob(git_repository *repo, const char *hex_id, char **text, size_t *len)
{
	git_blob *b = NULL;
	git_object_size_t size;
	const void *data;
	git_oid id;
	int rc = -1;

	*text = NULL;
	*len = 0;
	if (repo == NULL || hex_id == NULL ||
	    strlen(hex_id) != GIT_OID_HEXSZ ||
	    git_oid_fromstrn(&id, hex_id, GIT_OID_HEXSZ) < 0)
		return -1;
	if (git_blob_lookup(&b, repo, &id) < 0)
		return -1;
	size = git_blob_rawsize(b);
	data = git_blob_rawcontent(b);
	if (size >= SIZE_MAX || (data == NULL && size > 0))
		goto out;
	*text = xmalloc((size_t)size + 1);
	if (size > 0)
		memcpy(*text, data, (size_t)size);
	(*text)[size] = '\0';
	*len = (size_t)size;
	rc = 0;
out:
	git_blob_free(b);
	return rc;
}

int
history_blob(const history *h, const char *hex_id, char **text, size_t *len)
{
	*text = NULL;
	*len = 0;
	return h == NULL ? -1 : read_blob(h->repo, hex_id, text, len);
}

struct hist_reader {
	git_repository *repo;
};

hist_reader *
history_reader_new(const history *h)
{
	hist_reader *rd;
	const char *gitdir;

	if (h == NULL || h->repo == NULL ||
	    (gitdir = git_repository_path(h->repo)) == NULL)
		return NULL;
	rd = xcalloc(1, sizeof(*rd));
	/* the same repository, opened again: no search, no work tree
	 * needed, only its objects are read */
	if (git_repository_open_ext(&rd->repo, gitdir,
	    GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
	    NULL) < 0) {
		git_error_clear();
		free(rd);
		return NULL;
	}
	return rd;
}

int
history_reader_blob(hist_reader *rd, const char *hex_id, char **text,
    size_t *len)
{
	return read_blob(rd->repo, hex_id, text, len);
}

void
history_reader_free(hist_reader *rd)
{
	if (rd == NULL)
		return;
	git_repository_free(rd->repo);
	free(rd);
}
