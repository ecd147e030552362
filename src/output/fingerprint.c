/*
 * fingerprint.c - what a build depends on, and the state a site was left
 * in (the stamp, stamp.c, keeps both).
 *
 * Every input goes into a manifest, one NUL-terminated item each
 * ("record incidents/a.md <blob id>"), and the manifest is hashed once.
 * Content is hashed with libgit2 (blob ids), so a record's id here is the
 * id git gives it.
 */
/* dl_iterate_phdr is a GNU extension */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "lib/files.h"
#include "check/check.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "load/walk.h"
#include "model/record.h"
#include "output/fingerprint.h"
#include "output/output.h"

#define MANIFEST_FORMAT "aftermath-build-fingerprint 1"
/* where the C library reads the zone that tz_set names (timeutil.c) */
#define ZONEINFO_DIR    "/usr/share/zoneinfo"
/* larger files are known by their stat; the loader refuses them anyway */
#define FILE_MAX        ((size_t)64 << 20)
/* deeper than the loader goes (32), so all it reads is covered */
#define TREE_DEPTH_MAX  40

/* Append one item to manifest m, ended by a NUL: no file name or setting
 * holds one, so two different manifests never read the same. */
#define put(m, ...) (buf_addf((m), __VA_ARGS__), buf_addc((m), '\0'))

/* Hex form of a hash; returns hex. */
static char *
oid_hex(const git_oid *id, char hex[FINGERPRINT_HEXSZ])
{
	return git_oid_tostr(hex, FINGERPRINT_HEXSZ, id);
}

/* The hash of manifest m into out (hex). Returns 0, or -1. */
static int
manifest_hash(const buf *m, char out[FINGERPRINT_HEXSZ])
{
	git_oid id;

	if (git_odb_hash(&id, m->data, m->len, GIT_OBJECT_BLOB) < 0) {
		git_error_clear();
		return -1;
	}
	oid_hex(&id, out);
	return 0;
}

/* Put what stat tells of a file without reading it: enough to see it
 * replaced or changed, as git's index does. */
static void
put_stat(buf *m, const char *what, const char *name, const struct stat *st)
{
	put(m, "%s %s %o %jd %jd.%09ld %jd.%09ld %ju", what, name,
	    (unsigned)st->st_mode, (intmax_t)st->st_size,
	    (intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
	    (intmax_t)st->st_ctim.tv_sec, st->st_ctim.tv_nsec,
	    (uintmax_t)st->st_ino);
}

/* The blob id of the file at path into *id, read as the loader reads
 * (read_file: no link followed, no wait on a FIFO swapped in). Returns 0,
 * or -1 with errno set. */
static int
hash_file(const char *path, git_oid *id)
{
	char *data;
	size_t len;
	int rc;

	if (read_file(path, FILE_MAX, &data, &len) < 0)
		return -1;
	rc = git_odb_hash(id, data, len, GIT_OBJECT_BLOB);
	if (rc < 0) {
		git_error_clear();
		errno = EIO;
	}
	free(data);
	return rc < 0 ? -1 : 0;
}

/* Put "what path" with the blob id of the file's content, or with why it
 * has none (absent, not a regular file, unreadable or too large: then its
 * stat). Follows a link only when follow is set, for files of the system
 * rather than of the repository. */
static void
put_file(buf *m, const char *what, const char *path, bool follow)
{
	struct stat st;
	git_oid id;
	char hex[FINGERPRINT_HEXSZ];
	int rc;

	if ((follow ? stat(path, &st) : lstat(path, &st)) < 0) {
		put(m, "%s %s missing %d", what, path, errno);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		put(m, "%s %s mode %o", what, path, (unsigned)st.st_mode);
		return;
	}
	if (follow) {
		rc = git_odb_hashfile(&id, path, GIT_OBJECT_BLOB);
		git_error_clear();
	} else
		rc = hash_file(path, &id);
	if (rc < 0) {
		put(m, "%s %s unreadable", what, path);
		put_stat(m, what, path, &st);
	} else
		put(m, "%s %s %s", what, path, oid_hex(&id, hex));
}

/* What put_entry puts into. */
struct tree_manifest {
	buf *m;
	bool all;              /* every file's content, not only records' */
};

/* walk_visit of put_dir: each entry as the loader (load.c) finds records,
 * but for git's own files, which are put too; links and special files are
 * named, never followed. Records (*.md) and git's files, and every file
 * when the argument's all is set, are put with their content's blob id;
 * others, which the loader does not read, by name and type only. */
static int
put_entry(const walk_entry *e, void *arg)
{
	const struct tree_manifest *t = arg;

	switch (e->kind) {
	case WALK_TOO_DEEP:
		put(t->m, "deep %s", e->rel);
		break;
	case WALK_UNREADABLE:
		put(t->m, "unreadable %s %d", e->rel, e->err);
		break;
	case WALK_STAT_FAILED:
		put(t->m, "missing %s %d", e->rel, e->err);
		break;
	case WALK_DIR:
		put(t->m, "dir %s", e->rel);
		break;
	case WALK_ENTRY:
		if (S_ISREG(e->st->st_mode) && (t->all ||
		    record_is_file_name(e->name) || walk_is_git_file(e->name)))
			put_file(t->m, "file", e->full, false);
		else
			put(t->m, "entry %s %o", e->rel,
			    (unsigned)(e->st->st_mode & S_IFMT));
		break;
	}
	return 0;
}

/* Put the directory root/rel and what is in it, or what it is instead. */
static void
put_dir(buf *m, const char *what, const char *root, const char *rel,
    bool all)
{
	static const walk_opts opts = { .max_depth = TREE_DEPTH_MAX,
	    .hidden = WALK_GIT_FILES };
	struct tree_manifest t = { m, all };
	char *full = xasprintf("%s/%s", root, rel);
	struct stat st;

	if (lstat(full, &st) < 0)
		put(m, "%s %s missing %d", what, rel, errno);
	else if (!S_ISDIR(st.st_mode))
		put(m, "%s %s mode %o", what, rel, (unsigned)st.st_mode);
	else {
		put(m, "%s %s", what, rel);
		(void)walk_dir(root, rel, &opts, put_entry, &t);
	}
	free(full);
}

/* dl_iterate_phdr callback: one item per shared library loaded. */
static int
put_library(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct stat st;

	(void)size;
	/* the program itself (empty name) is hashed whole; the vDSO has no
	 * file */
	if (info->dlpi_name == NULL || info->dlpi_name[0] != '/')
		return 0;
	if (stat(info->dlpi_name, &st) < 0)
		put(arg, "library %s missing", info->dlpi_name);
	else
		put_stat(arg, "library", info->dlpi_name, &st);
	return 0;
}

/*
 * Put the program: the content of the running executable (a rebuilt
 * aftermath never reuses a site), and each shared library by its stat
 * (an upgraded package replaces the file). Returns 0, or -1 when the
 * executable cannot be read.
 */
static int
put_program(buf *m)
{
	git_oid id;
	char hex[FINGERPRINT_HEXSZ];

	/* /proc/self/exe is the file this process runs, even when a newer
	 * build has been moved over its name since */
	if (git_odb_hashfile(&id, "/proc/self/exe", GIT_OBJECT_BLOB) < 0) {
		git_error_clear();
		return -1;
	}
	put(m, "program %s", oid_hex(&id, hex));
	(void)dl_iterate_phdr(put_library, m);
	return 0;
}

/* git_config_foreach callback: every setting, with its level. */
static int
put_setting(const git_config_entry *e, void *arg)
{
	put(arg, "git-config %d %s %s", (int)e->level, e->name,
	    e->value ? e->value : "(none)");
	return 0;
}

/* Put the file a path setting of gc names, or what libgit2 reads without
 * it: dflt under $XDG_CONFIG_HOME/git (or ~/.config/git); NULL for none. */
static void
put_config_file(buf *m, git_config *gc, const char *name, const char *dflt)
{
	git_buf path = { 0 };

	if (gc != NULL && git_config_get_path(&path, gc, name) == 0) {
		put_file(m, name, path.ptr, true);
		git_buf_dispose(&path);
		return;
	}
	git_error_clear();
	if (dflt != NULL) {
		const char *xdg = getenv("XDG_CONFIG_HOME");
		const char *home = getenv("HOME");
		char *p = NULL;

		if (xdg != NULL && xdg[0] != '\0')
			p = xasprintf("%s/git/%s", xdg, dflt);
		else if (home != NULL && home[0] != '\0')
			p = xasprintf("%s/.config/git/%s", home, dflt);
		if (p != NULL)
			put_file(m, name, p, true);
		free(p);
	}
}

/* Put the .gitignore and .gitattributes of workdir wd and of each
 * directory from it down to (not into) dir, which is inside it: they
 * decide what status shows of the records. */
static void
put_git_chain(buf *m, const char *wd, const char *dir)
{
	size_t n = strlen(wd);
	char *cur = xstrdup(wd);
	const char *rest;

	if (strncmp(dir, wd, n) != 0 || (dir[n] != '/' && dir[n] != '\0')) {
		free(cur);
		return;
	}
	rest = dir + n;
	for (;;) {
		char *p;
		size_t k;

		p = xasprintf("%s/.gitignore", cur);
		put_file(m, "gitignore", p, false);
		free(p);
		p = xasprintf("%s/.gitattributes", cur);
		put_file(m, "gitattributes", p, false);
		free(p);
		while (*rest == '/')
			rest++;
		k = strcspn(rest, "/");
		/* the last component is dir itself, whose files put_dir
		 * puts with the records */
		if (k == 0 || rest[k] == '\0')
			break;
		p = xasprintf("%s/%.*s", cur, (int)k, rest);
		free(cur);
		cur = p;
		rest += k;
	}
	free(cur);
}

/* Put the index entries at or under treepath ("" for all): staged but
 * uncommitted records count as changed. */
static void
put_index(buf *m, git_repository *repo, const char *treepath)
{
	git_index *idx = NULL;
	size_t n = strlen(treepath);
	char hex[FINGERPRINT_HEXSZ];

	if (git_repository_index(&idx, repo) < 0) {
		put(m, "git-index unreadable");
		git_error_clear();
		return;
	}
	for (size_t i = 0; i < git_index_entrycount(idx); i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);

		if (e == NULL || (n > 0 && (strncmp(e->path, treepath, n) != 0 ||
		    e->path[n] != '/')))
			continue;
		put(m, "git-index %s %o %s %u %u", e->path, (unsigned)e->mode,
		    oid_hex(&e->id, hex), (unsigned)e->flags,
		    (unsigned)e->flags_extended);
	}
	git_index_free(idx);
}

/*
 * Put the git state the history walk (history.c) reads: whether there is
 * a repository around repo_root and where its work tree is, HEAD's commit
 * (commits are immutable: an id stands for the whole history below it),
 * the shallow list, the configuration at every level, the mailmap, and
 * what decides which records are uncommitted: the index entries of the
 * incidents directory and the ignore and attribute files.
 */
static void
put_git(buf *m, const char *repo_root, const config *cfg)
{
	git_repository *repo = NULL;
	git_config *gc = NULL;
	git_object *blob = NULL;
	git_buf spec = { 0 };
	git_oid head;
	char hex[FINGERPRINT_HEXSZ];
	char *wd = NULL, *inc = NULL, *p;
	const char *workdir, *common;
	int err;

	err = git_repository_open_ext(&repo, repo_root, 0, NULL);
	if (err == GIT_ENOTFOUND) {
		put(m, "git none");
		git_error_clear();
		return;
	}
	if (err < 0) {
		put(m, "git unreadable");
		git_error_clear();
		return;
	}
	if ((workdir = git_repository_workdir(repo)) == NULL ||
	    (wd = realpath(workdir, NULL)) == NULL) {
		put(m, "git no work tree");
		goto out;
	}
	put(m, "git workdir %s", wd);
	if (git_repository_head_unborn(repo) == 1)
		put(m, "git-head unborn");
	else if (git_reference_name_to_id(&head, repo, "HEAD") == 0)
		put(m, "git-head %s", oid_hex(&head, hex));
	else
		put(m, "git-head unreadable");
	git_error_clear();
	if ((common = git_repository_commondir(repo)) != NULL) {
		static const char *const files[] = { "shallow", "info/exclude",
		    "info/attributes" };

		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			p = xasprintf("%s/%s", common, files[i]);
			put_file(m, "git-file", p, false);
			free(p);
		}
	}
	if (git_repository_config_snapshot(&gc, repo) == 0)
		(void)git_config_foreach(gc, put_setting, m);
	else
		put(m, "git-config unreadable");
	git_error_clear();
	put_config_file(m, gc, "core.excludesfile", "ignore");
	put_config_file(m, gc, "core.attributesfile", "attributes");
	put_config_file(m, gc, "mailmap.file", NULL);
	if (gc != NULL && git_config_get_string_buf(&spec, gc,
	    "mailmap.blob") == 0 && git_revparse_single(&blob, repo,
	    spec.ptr) == 0)
		put(m, "mailmap.blob %s", oid_hex(git_object_id(blob), hex));
	git_error_clear();
	p = xasprintf("%s/.mailmap", wd);
	put_file(m, "mailmap", p, false);
	free(p);
	p = xasprintf("%s/%s", repo_root, cfg->incidents_dir);
	inc = realpath(p, NULL);
	free(p);
	if (inc != NULL) {
		size_t n = strlen(wd);

		put_git_chain(m, wd, inc);
		if (strcmp(inc, wd) == 0)
			put_index(m, repo, "");
		else if (strncmp(inc, wd, n) == 0 && inc[n] == '/')
			put_index(m, repo, inc + n + 1);
	}
out:
	git_buf_dispose(&spec);
	git_object_free(blob);
	git_config_free(gc);
	git_repository_free(repo);
	free(inc);
	free(wd);
}

int
fingerprint_compute(const fingerprint_inputs *in,
    char out[FINGERPRINT_HEXSZ])
{
	const config *cfg = in->cfg;
	const char *tzdir = getenv("TZDIR");
	buf m = { 0 };
	char *p;
	int rc = -1;

	if (git_libgit2_init() < 0)
		return -1;
	put(&m, MANIFEST_FORMAT);
	if (put_program(&m) < 0)
		goto out;
	/* render reads nothing else of the command line; -k decides only
	 * whether a build with unreadable records goes on, which the stamp
	 * keeps apart (nfailed) */
	put(&m, "public %d", in->public ? 1 : 0);
	/* records are named relative to it; history finds its place in the
	 * work tree from it */
	if ((p = realpath(in->repo_root, NULL)) != NULL)
		put(&m, "root %s", p);
	free(p);
	if (cfg->path != NULL) {
		p = xasprintf("%s/%s", in->repo_root, cfg->path);
		put_file(&m, "config", p, false);
		free(p);
	} else
		put(&m, "config none");
	/* the zone's rules can change with a tzdata update */
	put(&m, "timezone %s TZDIR=%s", cfg->timezone, tzdir ? tzdir : "");
	if (strcmp(cfg->timezone, "UTC") != 0) {
		p = xasprintf("%s/%s", ZONEINFO_DIR, cfg->timezone);
		put_file(&m, "zone", p, true);
		free(p);
	}
	put_dir(&m, "templates", in->repo_root, "templates", true);
	put_dir(&m, "incidents", in->repo_root, cfg->incidents_dir, false);
	put_git(&m, in->repo_root, cfg);
	if (manifest_hash(&m, out) < 0)
		goto out;
	rc = 0;
out:
	buf_free(&m);
	git_libgit2_shutdown();
	return rc;
}

/* The first instant after now whose local date (TIME_DATE, the form
 * every date-counting rule compares) is not now's. */
static int64_t
next_date_change(int64_t now)
{
	char today[32], d[32];
	int64_t lo = now, hi = now + 3 * 86400;

	time_format(now, TIME_DATE, today, sizeof(today));
	if (strcmp(time_format(hi, TIME_DATE, d, sizeof(d)), today) == 0)
		return now;
	/* the date at lo is today's, at hi it is not; no day is longer
	 * than 26 hours, so 18 halvings find the second */
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;

		if (strcmp(time_format(mid, TIME_DATE, d, sizeof(d)), today) ==
		    0)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

int64_t
fingerprint_valid_until(const archive *a, const config *cfg, int64_t now)
{
	int64_t until = next_date_change(now), next;
	size_t nbuilt = 0;

	for (size_t i = 0; i < a->n; i++) {
		const record *r = a->v[i];

		if (r->failed)
			continue;
		nbuilt++;
		/* feeds.c: an entry without a commit or a start is updated
		 * "now", to the second */
		if (!r->times[PHASE_STARTED].set)
			return now;
		/* the checker's verdicts on times that have not come yet */
		if ((next = check_time_rules_change(r, cfg, now)) < until)
			until = next;
	}
	return nbuilt == 0 ? now : until;
}

/* walk_visit of fingerprint_site_state: every entry with its stat; the
 * walk ends at one that cannot be read. */
static int
put_site_entry(const walk_entry *e, void *arg)
{
	if (e->kind != WALK_ENTRY && e->kind != WALK_DIR)
		return -1;
	put_stat(arg, "site", e->rel, e->st);
	return 0;
}

int
fingerprint_site_state(const char *outdir, char out[FINGERPRINT_HEXSZ])
{
	static const walk_opts opts = { .max_depth = TREE_DEPTH_MAX,
	    .hidden = WALK_ALL_HIDDEN };
	char *marker = xasprintf("%s/%s", outdir, OUTPUT_MARKER);
	struct stat st;
	buf m = { 0 };
	int rc = -1;

	if (lstat(outdir, &st) < 0 || !S_ISDIR(st.st_mode))
		goto out;
	put_stat(&m, "site", ".", &st);
	if (lstat(marker, &st) < 0 || !S_ISREG(st.st_mode))
		goto out;
	if (walk_dir(outdir, "", &opts, put_site_entry, &m) < 0 ||
	    manifest_hash(&m, out) < 0)
		goto out;
	rc = 0;
out:
	buf_free(&m);
	free(marker);
	return rc;
}
