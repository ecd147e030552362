/*
 * walk.c - the first-parent walk: from HEAD back to the root (or to the
 * cached HEAD), a map from "path at this point in history" to "record at
 * HEAD" that starts as the requested paths and is carried back across
 * renames, so that a record keeps the commits from before it moved; and
 * putting the walked and the cached result together, and marking the
 * records the work tree has changed.
 *
 * Per commit only the incidents subtrees whose ids differ from the first
 * parent's are read (treediff.c); blobs only to pair a deletion with an
 * addition whose content changed (renames.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "lib/files.h"
#include "history/history.h"
#include "history/internal.h"
#include "lib/grow.h"
#include "lib/utf8.h"

/* qsort/bsearch order of git_oid values. */
static int
cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
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
		return hist_git_fail(w->d, "commit without a tree");
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

			hist_oid_hex(hex, &out->ids[k]);
			return hist_git_fail(w->d, "cannot read tree %s", hex);
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

void
hist_resolve_author(const walker *w, const char *name, const char *email,
    char **author, char **author_email)
{
	const char *rname, *remail;

	/* a mailmap that cannot resolve leaves the names as committed */
	if (git_mailmap_resolve(&rname, &remail, w->mailmap, name, email) < 0 ||
	    rname == NULL || remail == NULL) {
		rname = name;
		remail = email;
	}
	/* .mailmap is a file in the work tree: any bytes at all */
	*author = utf8_sanitize(rname, strlen(rname));
	*author_email = utf8_sanitize(remail, strlen(remail));
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
	const char *name = "", *email = "";
	hist_commit *hc;
	hist_author *ra;

	w->commits = xgrow(w->commits, w->ncommits, &w->capcommits,
	    sizeof(*w->commits), 64);
	w->raw = xgrow(w->raw, w->ncommits, &w->capraw, sizeof(*w->raw), 64);
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
	hist_resolve_author(w, ra->name, ra->email, &hc->author, &hc->email);
	hist_oid_hex(hc->id, git_commit_id(c));
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

	cv->v = xgrow(cv->v, cv->n, &cv->cap, sizeof(*cv->v), 4);
	ch = &cv->v[cv->n++];
	memset(ch, 0, sizeof(*ch));
	ch->commit = ci;
	ch->kind = x->kind;
	if (x->old_path != NOPATH)
		ch->old_path = xstrdup(delta_old(w, x));
	if (x->new_path != NOPATH)
		ch->path = xstrdup(delta_new(w, x));
	if (x->kind != HIST_ADDED)
		hist_oid_hex(ch->old_blob, &x->old_id);
	if (x->kind != HIST_DELETED)
		hist_oid_hex(ch->new_blob, &x->new_id);
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

/* With cached, the walk leaves w->map as it is at the cached HEAD. It
 * fills w's commits and changes, newest first, and h's HEAD tree. */
int
hist_walk(walker *w, history *h, const history *cached, bool *stopped)
{
	git_commit *cur = NULL, *par = NULL;
	chain *cc = &w->chains[0], *pc = &w->chains[1], *tmp;
	git_oid cur_id = h->head;
	bool stop = cached != NULL;
	int rc = -1;

	*stopped = false;
	if (git_commit_lookup(&cur, w->repo, &cur_id) < 0) {
		hist_git_fail(w->d, "cannot read the HEAD commit");
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
			if (hist_cache_fits(w, cached, cc)) {
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
				hist_git_fail(w->d, "cannot read a parent id");
				goto out;
			}
			if (git_commit_lookup(&par, w->repo, pid) < 0) {
				hist_oid_hex(hex, pid);
				hist_git_fail(w->d, "cannot read commit %s",
				    hex);
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
			if (hist_treediff(w, has_parent ? pc : NULL, cc) < 0 ||
			    hist_pair_renames(w) < 0)
				goto out;
		}
		if (hist_commit_refs(w, cur) < 0)
			goto out;
		attribute(w, cur);
		hist_trees_step(w);
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

/* The cached commits that still matter come first, then the walked ones. */
void
hist_assemble(history *h, walker *w, history *cached)
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

void
hist_mark_dirty(history *h, walker *w)
{
	git_status_options so;
	git_status_list *list = NULL;
	char *spec = w->treepath;
	size_t n;

	if (git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION) < 0) {
		hist_git_fail(w->d, "cannot set up the work tree status");
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

/* Read the shallow list of the repository, if any, and its hash. */
static int
read_shallow(walker *w)
{
	const char *common = git_repository_commondir(w->repo);
	char *path, *data = NULL, *s;
	size_t len, cap = 0;
	int rc = -1;

	if (common == NULL)
		return hist_git_fail(w->d, "cannot find the git directory");
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
		hist_git_fail(w->d, "cannot hash the shallow list");
		goto out;
	}
	w->has_shallow = true;
	for (s = data; *s != '\0';) {
		size_t n = strcspn(s, "\n");
		git_oid id;

		if (n >= GIT_OID_HEXSZ &&
		    git_oid_fromstrn(&id, s, GIT_OID_HEXSZ) == 0) {
			w->shallow = xgrow(w->shallow, w->nshallow, &cap,
			    sizeof(*w->shallow), 8);
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

int
hist_walker_init(walker *w, history *h, const config *cfg,
    const strlist *paths, const strlist *ids, char *prefix, diags *d)
{
	char *tp;

	w->repo = h->repo;
	w->d = d;
	w->prefix = prefix;
	w->dir = hist_norm_path(cfg->incidents_dir);
	tp = xasprintf("%s%s", prefix, w->dir);
	w->treepath = hist_norm_path(tp);
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

	if (hist_refs_init(w, ids) < 0)
		return -1;
	w->nrecords = paths->n;
	w->changes = xcalloc(paths->n, sizeof(*w->changes));
	for (size_t i = 0; i < paths->n; i++) {
		char *key = hist_norm_path(paths->v[i]);
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
	return read_shallow(w);
}

void
hist_walker_free(walker *w)
{
	hist_commits_free(w->commits, w->raw, w->ncommits);
	for (size_t r = 0; w->changes != NULL && r < w->nrecords; r++)
		hist_changes_free(w->changes[r].v, w->changes[r].n);
	free(w->changes);
	hist_trees_free(w);
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
