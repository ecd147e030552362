/*
 * fingerprint.c - what a build depends on, and the stamp of the last one.
 *
 * Every input goes into a manifest, one NUL-terminated item each
 * ("record incidents/a.md <blob id>"), and the manifest is hashed once.
 * Content is hashed with libgit2 (blob ids), so a record's id here is the
 * id git gives it.
 */
/* dl_iterate_phdr is a GNU extension */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <jansson.h>

#include "output/fingerprint.h"
#include "output/output.h"
#include "model/record.h"
#include "lib/timeutil.h"
#include "lib/util.h"

#define MANIFEST_FORMAT "aftermath-build-fingerprint 1"
#define STAMP_FORMAT    "aftermath-build-stamp"
#define STAMP_VERSION   1
#define STAMP_DIR       ".aftermath"
#define STAMP_MAX       ((size_t)64 << 20)
/* where the C library reads the zone that tz_set names (timeutil.c) */
#define ZONEINFO_DIR    "/usr/share/zoneinfo"
/* larger files are known by their stat; the loader refuses them anyway */
#define FILE_MAX        ((size_t)64 << 20)
/* deeper than the loader goes (32), so all it reads is covered */
#define TREE_DEPTH_MAX  40

/* Append one item to manifest m, ended by a NUL: no file name or setting
 * holds one, so two different manifests never read the same. */
static void __attribute__((format(printf, 2, 3)))
put(buf *m, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_add(m, s, strlen(s) + 1);
	free(s);
}

/* Hex form of a hash; returns hex. */
static char *
oid_hex(const git_oid *id, char hex[FINGERPRINT_HEXSZ])
{
	return git_oid_tostr(hex, FINGERPRINT_HEXSZ, id);
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

/* Files git reads in every directory: they decide whether a record in it
 * counts as changed or untracked (history marks those). */
static bool
is_git_file(const char *name)
{
	return strcmp(name, ".gitignore") == 0 ||
	    strcmp(name, ".gitattributes") == 0;
}

/*
 * Put every entry under root/rel, depth-first in name order, as the loader
 * (load.c) finds records: hidden entries are skipped, but for git's own
 * files; links and special files are named, never followed. Records
 * (*.md) and git's files, and every file when all is set, are put with
 * their content's blob id; others, which the loader does not read, by
 * name and type only.
 */
static void
put_tree(buf *m, const char *root, const char *rel, bool all, int depth)
{
	char *full = xasprintf("%s/%s", root, rel);
	strlist names = { 0 };
	struct dirent *e;
	DIR *dp;

	if (depth > TREE_DEPTH_MAX) {
		put(m, "deep %s", rel);
		goto out;
	}
	if ((dp = opendir(full)) == NULL) {
		put(m, "unreadable %s %d", rel, errno);
		goto out;
	}
	while ((e = readdir(dp)) != NULL)
		if (e->d_name[0] != '.' || is_git_file(e->d_name))
			strlist_add(&names, e->d_name);
	closedir(dp);
	strlist_sort(&names);
	for (size_t i = 0; i < names.n; i++) {
		char *sub = xasprintf("%s/%s", rel, names.v[i]);
		char *subfull = xasprintf("%s/%s", root, sub);
		struct stat st;

		if (lstat(subfull, &st) < 0)
			put(m, "missing %s %d", sub, errno);
		else if (S_ISDIR(st.st_mode)) {
			put(m, "dir %s", sub);
			put_tree(m, root, sub, all, depth + 1);
		} else if (S_ISREG(st.st_mode) && (all ||
		    record_is_file_name(names.v[i]) || is_git_file(names.v[i])))
			put_file(m, "file", subfull, false);
		else
			put(m, "entry %s %o", sub, (unsigned)(st.st_mode & S_IFMT));
		free(sub);
		free(subfull);
	}
out:
	strlist_free(&names);
	free(full);
}

/* Put the directory root/rel and what is in it, or what it is instead. */
static void
put_dir(buf *m, const char *what, const char *root, const char *rel,
    bool all)
{
	char *full = xasprintf("%s/%s", root, rel);
	struct stat st;

	if (lstat(full, &st) < 0)
		put(m, "%s %s missing %d", what, rel, errno);
	else if (!S_ISDIR(st.st_mode))
		put(m, "%s %s mode %o", what, rel, (unsigned)st.st_mode);
	else {
		put(m, "%s %s", what, rel);
		put_tree(m, root, rel, all, 0);
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
		/* the last component is dir itself, whose files put_tree
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
	git_oid id;
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
	if (git_odb_hash(&id, m.data, m.len, GIT_OBJECT_BLOB) < 0) {
		git_error_clear();
		goto out;
	}
	oid_hex(&id, out);
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
	int64_t until = next_date_change(now);
	int64_t slack = cfg->check.timeline_slack;
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
		/* check.c time-future: a time (not a bare date, which counts
		 * by day) is in the future until that second */
		for (int k = 0; k <= PHASE_COUNT; k++) {
			const am_time *t = k == PHASE_COUNT ? &r->reviewed :
			    &r->times[k];

			if (t->set && !t->date_only && t->t > now &&
			    t->t < until)
				until = t->t;
		}
		/* check.c timeline-bounds: while a record has no recovered
		 * time, an entry is "in the future" until now + slack
		 * reaches it */
		if (r->times[PHASE_RECOVERED].set)
			continue;
		for (size_t k = 0; k < r->ntimeline; k++) {
			const am_time *t = &r->timeline[k].time;

			if (t->set && t->t - slack > now && t->t - slack < until)
				until = t->t - slack;
		}
	}
	return nbuilt == 0 ? now : until;
}

/* Put every entry below root/rel with its stat, hidden ones too, in name
 * order. Returns 0, or -1 when a directory cannot be read. */
static int
put_site_tree(buf *m, const char *root, const char *rel, int depth)
{
	char *full = rel[0] ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	strlist names = { 0 };
	struct dirent *e;
	DIR *dp;
	int rc = -1;

	if (depth > TREE_DEPTH_MAX || (dp = opendir(full)) == NULL)
		goto out;
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			strlist_add(&names, e->d_name);
	closedir(dp);
	strlist_sort(&names);
	rc = 0;
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		char *sub = rel[0] ? xasprintf("%s/%s", rel, names.v[i]) :
		    xstrdup(names.v[i]);
		char *subfull = xasprintf("%s/%s", root, sub);
		struct stat st;

		if (lstat(subfull, &st) < 0)
			rc = -1;
		else {
			put_stat(m, "site", sub, &st);
			if (S_ISDIR(st.st_mode))
				rc = put_site_tree(m, root, sub, depth + 1);
		}
		free(sub);
		free(subfull);
	}
out:
	strlist_free(&names);
	free(full);
	return rc;
}

int
fingerprint_site_state(const char *outdir, char out[FINGERPRINT_HEXSZ])
{
	char *marker = xasprintf("%s/%s", outdir, OUTPUT_MARKER);
	struct stat st;
	buf m = { 0 };
	git_oid id;
	int rc = -1;

	if (lstat(outdir, &st) < 0 || !S_ISDIR(st.st_mode))
		goto out;
	put_stat(&m, "site", ".", &st);
	if (lstat(marker, &st) < 0 || !S_ISREG(st.st_mode))
		goto out;
	if (put_site_tree(&m, outdir, "", 0) < 0)
		goto out;
	if (git_odb_hash(&id, m.data, m.len, GIT_OBJECT_BLOB) < 0) {
		git_error_clear();
		goto out;
	}
	oid_hex(&id, out);
	rc = 0;
out:
	buf_free(&m);
	free(marker);
	return rc;
}

/* ---- the stamp ------------------------------------------------------- */

/* The stamp file of the site whose real path is site:
 * repo_root/.aftermath/build-<hash of the path>.json. NULL when the path
 * cannot be hashed. The caller frees it. */
static char *
stamp_path(const char *repo_root, const char *site)
{
	git_oid id;
	char hex[FINGERPRINT_HEXSZ];

	if (git_odb_hash(&id, site, strlen(site), GIT_OBJECT_BLOB) < 0) {
		git_error_clear();
		return NULL;
	}
	return xasprintf("%s/" STAMP_DIR "/build-%s.json", repo_root,
	    oid_hex(&id, hex));
}

/* The integer member key of o into *v; false when it is not one. */
static bool
get_int(const json_t *o, const char *key, int64_t *v)
{
	const json_t *x = json_object_get(o, key);

	if (!json_is_integer(x))
		return false;
	*v = (int64_t)json_integer_value(x);
	return true;
}

/* Read the findings of stamp root into d. Returns 0, or -1 when they are
 * not as stamp_save writes them. */
static int
read_findings(const json_t *root, diags *d)
{
	const json_t *arr = json_object_get(root, "found"), *x;
	size_t i;

	if (!json_is_array(arr))
		return -1;
	json_array_foreach(arr, i, x) {
		const char *path = json_string_value(json_object_get(x, "path"));
		const char *rule = json_string_value(json_object_get(x, "rule"));
		const char *msg = json_string_value(json_object_get(x,
		    "message"));
		int64_t line, col, level;

		if (rule == NULL || msg == NULL || !get_int(x, "line", &line) ||
		    !get_int(x, "col", &col) || !get_int(x, "level", &level) ||
		    level < DIAG_NOTE || level > DIAG_ERROR || line < 0 ||
		    col < 0 || line > INT32_MAX || col > INT32_MAX)
			return -1;
		diags_add(d, path, (int)line, (int)col, (diag_level)level,
		    rule, "%s", msg);
	}
	return 0;
}

stamp_verdict
stamp_check(const char *repo_root, const char *outdir,
    const char *fingerprint, int64_t now, build_stamp *last)
{
	char *site = NULL, *path = NULL, *data = NULL;
	char state[FINGERPRINT_HEXSZ];
	const char *s;
	json_t *root = NULL;
	json_error_t jerr;
	int64_t v, from, until, nfailed;
	size_t len;
	stamp_verdict verdict = STAMP_NONE;

	memset(last, 0, sizeof(*last));
	if (git_libgit2_init() < 0)
		return STAMP_NONE;
	if ((site = realpath(outdir, NULL)) == NULL) {
		verdict = STAMP_SITE;
		goto out;
	}
	if ((path = stamp_path(repo_root, site)) == NULL ||
	    read_file(path, STAMP_MAX, &data, &len) < 0 ||
	    (root = json_loadb(data, len, 0, &jerr)) == NULL ||
	    (s = json_string_value(json_object_get(root, "format"))) == NULL ||
	    strcmp(s, STAMP_FORMAT) != 0 || !get_int(root, "version", &v) ||
	    v != STAMP_VERSION ||
	    (s = json_string_value(json_object_get(root, "site"))) == NULL ||
	    strcmp(s, site) != 0)
		goto out;
	if ((s = json_string_value(json_object_get(root, "fingerprint"))) ==
	    NULL || strcmp(s, fingerprint) != 0) {
		verdict = STAMP_INPUTS;
		goto out;
	}
	if (!get_int(root, "valid_from", &from) ||
	    !get_int(root, "valid_until", &until) ||
	    !get_int(root, "incidents", &v) || v < 0 ||
	    !get_int(root, "failed", &nfailed) || nfailed < 0)
		goto out;
	if (now < from || now >= until) {
		verdict = STAMP_TIME;
		goto out;
	}
	if ((s = json_string_value(json_object_get(root, "site_state"))) ==
	    NULL || fingerprint_site_state(outdir, state) < 0 ||
	    strcmp(s, state) != 0) {
		verdict = STAMP_SITE;
		goto out;
	}
	if (read_findings(root, &last->found) < 0) {
		diags_free(&last->found);
		goto out;
	}
	memcpy(last->fingerprint, fingerprint, FINGERPRINT_HEXSZ);
	last->valid_from = from;
	last->valid_until = until;
	last->nincidents = (size_t)v;
	last->nfailed = (size_t)nfailed;
	verdict = STAMP_UP_TO_DATE;
out:
	json_decref(root);
	free(data);
	free(path);
	free(site);
	git_libgit2_shutdown();
	return verdict;
}

const char *
stamp_verdict_text(stamp_verdict v)
{
	switch (v) {
	case STAMP_UP_TO_DATE: return "the site is up to date";
	case STAMP_NONE: return "no earlier build of this directory is known";
	case STAMP_INPUTS: return "the inputs changed since the last build";
	case STAMP_TIME: return "the date changed, or a time in a record "
	    "has come, since the last build";
	case STAMP_SITE: return "the site is missing or was changed since "
	    "the last build";
	}
	return "?";
}

/* The stamp s of the site at real path site, in state, as JSON; NULL
 * when a finding is not valid UTF-8. The caller frees it. */
static json_t *
stamp_json(const build_stamp *s, const char *site, const char *state)
{
	json_t *root, *found = json_array();
	bool ok = found != NULL;

	for (size_t i = 0; ok && i < s->found.n; i++) {
		const diag *x = &s->found.v[i];
		json_t *o;

		/* about the cache, which the next build finds in order */
		if (strcmp(x->rule, "history-cache") == 0)
			continue;
		o = json_pack("{s:s?,s:i,s:i,s:i,s:s,s:s}", "path", x->path,
		    "line", x->line, "col", x->col, "level", (int)x->level,
		    "rule", x->rule, "message", x->message);
		ok = o != NULL && json_array_append_new(found, o) == 0;
	}
	if (!ok) {
		json_decref(found);
		return NULL;
	}
	root = json_pack("{s:s,s:i,s:s,s:s,s:I,s:I,s:I,s:I,s:s,s:o}",
	    "format", STAMP_FORMAT, "version", STAMP_VERSION, "site", site,
	    "fingerprint", s->fingerprint,
	    "valid_from", (json_int_t)s->valid_from,
	    "valid_until", (json_int_t)s->valid_until,
	    "incidents", (json_int_t)s->nincidents,
	    "failed", (json_int_t)s->nfailed, "site_state", state,
	    "found", found);
	return root;
}

int
stamp_save(const char *repo_root, const char *outdir, const build_stamp *s,
    diags *d)
{
	char *site = NULL, *path = NULL, *text = NULL;
	char state[FINGERPRINT_HEXSZ];
	const char *why = NULL;
	json_t *root = NULL;
	int rc = -1;

	if (git_libgit2_init() < 0) {
		why = "libgit2 cannot start";
		goto out;
	}
	if ((site = realpath(outdir, NULL)) == NULL) {
		why = strerror(errno);
		goto out;
	}
	if (fingerprint_site_state(outdir, state) < 0) {
		why = "the site cannot be read back";
		goto out;
	}
	if ((path = stamp_path(repo_root, site)) == NULL) {
		why = "its name cannot be made";
		goto out;
	}
	if ((root = stamp_json(s, site, state)) == NULL ||
	    (text = json_dumps(root, JSON_COMPACT)) == NULL) {
		why = "a finding or the site's path is not valid UTF-8";
		goto out;
	}
	if ((why = state_dir(repo_root, STAMP_DIR)) != NULL)
		goto out;
	if (write_file_atomic(path, text, strlen(text)) < 0) {
		why = strerror(errno);
		goto out;
	}
	rc = 0;
out:
	if (why != NULL)
		diags_add(d, STAMP_DIR, 0, 0, DIAG_WARNING, "build-stamp",
		    "cannot record the build for the up-to-date check (%s); "
		    "the next build does all the work again", why);
	free(text);
	json_decref(root);
	free(path);
	free(site);
	git_libgit2_shutdown();
	return rc;
}

void
stamp_free(build_stamp *s)
{
	if (s == NULL)
		return;
	diags_free(&s->found);
}
