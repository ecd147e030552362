/*
 * history.c - the history stage's front: opening the repository, running
 * the walk with its cache, freeing the result and answering the queries
 * (a record's changes, the commits that name an id, blobs); and the small
 * helpers every file of the stage uses.
 *
 * The walk runs from HEAD back to the root (walk.c). The cache (cache.c)
 * holds the result for one HEAD: when HEAD has moved on, the walk stops
 * where it reaches the cached HEAD and only the new commits are read.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "history/history.h"
#include "history/internal.h"
#include "lib/keyindex.h"

int
hist_git_fail(diags *d, const char *fmt, ...)
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

void
hist_oid_hex(char *out, const git_oid *id)
{
	if (git_oid_tostr(out, GIT_OID_HEXSZ + 1, id) == NULL)
		out[0] = '\0';
}

bool
hist_is_hex_id(const char *s)
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
char *
hist_norm_path(const char *p)
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

void
hist_commits_free(hist_commit *v, hist_author *raw, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].author);
		free(v[i].email);
		free(v[i].subject);
		strlist_free(&v[i].refs);
		if (raw != NULL) {
			free(raw[i].name);
			free(raw[i].email);
		}
	}
	free(v);
	free(raw);
}

void
hist_changes_free(hist_change *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].old_path);
		free(v[i].path);
	}
	free(v);
}

void
hist_index_records(history *h)
{
	keyindex_free(&h->by_path);
	for (size_t i = 0; i < h->nrecords; i++)
		keyindex_add(&h->by_path, h->records[i].path,
		    strlen(h->records[i].path), i);
	keyindex_sort(&h->by_path);
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
		return hist_git_fail(d, "cannot open the git repository at %s",
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
		hist_git_fail(d, "cannot initialise libgit2");
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
	/*
	 * Pack files are read through mapped windows, and every mapped page
	 * the walk touched counts in the peak RSS: by default libgit2 keeps
	 * up to 8 GiB mapped in windows of 1 GiB, so the whole pack stays
	 * resident. Windows of 4 MiB, at most 32 MiB at once, took 75 MiB
	 * off the peak of a cold build of 10,000 records (a 100 MiB pack)
	 * at no measurable cost in CPU time.
	 */
	if (git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE,
	    (size_t)4 << 20) < 0 ||
	    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT,
	    (size_t)32 << 20) < 0)
		git_error_clear();
	h->nrecords = paths->n;
	h->records = xcalloc(paths->n, sizeof(*h->records));
	for (size_t i = 0; i < paths->n; i++)
		h->records[i].path = xstrdup(paths->v[i]);
	hist_index_records(h);
	if ((found = open_repo(h, repo_root, &prefix, d)) < 0)
		goto out;
	if (found == 0) {
		h->none = true;
		diags_add(d, NULL, 0, 0, DIAG_WARNING, "history",
		    "not a git repository; timelines use the records alone");
		rc = 0;
		goto out;
	}
	rc = hist_walker_init(&w, h, cfg, paths, ids, prefix, d);
	prefix = NULL;
	if (rc < 0)
		goto out;
	rc = -1;
	if ((unborn = git_repository_head_unborn(h->repo)) < 0) {
		hist_git_fail(d, "cannot read HEAD");
		goto out;
	}
	/* an empty repository has no history yet, which is no error */
	if (unborn == 0) {
		if (git_reference_name_to_id(&h->head, h->repo, "HEAD") < 0) {
			hist_git_fail(d, "cannot read HEAD");
			goto out;
		}
		cached = hist_cache_load(repo_root, &w);
		if (hist_walk(&w, h, cached, &stopped) < 0)
			goto out;
		hist_assemble(h, &w, stopped ? cached : NULL);
		if (h->truncated)
			diags_add(d, NULL, 0, 0, DIAG_WARNING, "history",
			    "history is cut short: this is a shallow clone "
			    "(depth %zu); fetch the whole history (git fetch "
			    "--unshallow, or fetch-depth: 0 in "
			    "actions/checkout) for complete timelines",
			    h->depth);
		if (!stopped || w.walked > 0)
			hist_cache_write(repo_root, h, &w);
	}
	hist_mark_dirty(h, &w);
	hist_index_refs(h);
	rc = 0;
out:
	hist_walker_free(&w);
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
	hist_commits_free(h->commits, h->raw, h->ncommits);
	for (size_t r = 0; r < h->nrecords; r++) {
		hist_changes_free(h->records[r].changes,
		    h->records[r].nchanges);
		free(h->records[r].path);
	}
	free(h->records);
	keyindex_free(&h->by_path);
	keyindex_free(&h->related);
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
	const size_t *r;
	size_t n;

	if (h == NULL || path == NULL)
		return NULL;
	/* the first of equal paths: the values come in increasing order */
	r = keyindex_get(&h->by_path, path, strlen(path), &n);
	return r != NULL ? &h->records[r[0]] : NULL;
}

const size_t *
history_related(const history *h, const char *id, size_t *n)
{
	*n = 0;
	if (h == NULL || id == NULL)
		return NULL;
	return keyindex_get(&h->related, id, strlen(id), n);
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
