/*
 * output.c - staging directory and atomic swap of the site.
 */
/* renameat2 and RENAME_EXCHANGE are Linux extensions */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files.h"
#include "output/output.h"
#include "lib/util.h"

struct output {
	char *dir;             /* the site, as given */
	char *tmp;             /* the tree being written */
};

/* Split dir into its parent ("." when none) and base name. */
static void
split_dir(const char *dir, char **parent, char **base)
{
	char *copy = xstrdup(dir);
	size_t n = strlen(copy);
	char *slash;

	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	slash = strrchr(copy, '/');
	if (slash == NULL) {
		*parent = xstrdup(".");
		*base = xstrdup(copy);
	} else {
		*base = xstrdup(slash + 1);
		*parent = slash == copy ? xstrdup("/") :
		    xstrndup(copy, (size_t)(slash - copy));
	}
	free(copy);
}

/* Remove path and everything below it, never following symlinks. With
 * marker_last, the top directory's OUTPUT_MARKER goes last, so that a
 * build killed in the middle of removing a tree leaves one the next build
 * still recognises as its own. Returns 0 or -1. */
static int
remove_tree_marked(const char *path, bool marker_last)
{
	struct stat st;
	DIR *dp;
	struct dirent *e;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((dp = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(dp)) != NULL) {
		char *sub;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (marker_last && strcmp(e->d_name, OUTPUT_MARKER) == 0)
			continue;
		sub = xasprintf("%s/%s", path, e->d_name);
		if (remove_tree_marked(sub, false) < 0)
			rc = -1;
		free(sub);
	}
	closedir(dp);
	if (marker_last) {
		char *m = xasprintf("%s/%s", path, OUTPUT_MARKER);

		if (unlink(m) < 0 && errno != ENOENT)
			rc = -1;
		free(m);
	}
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

/* Remove one of our trees (a staging tree or a replaced site). */
static int
remove_tree(const char *path)
{
	return remove_tree_marked(path, true);
}

/* True when the directory at path is empty. */
static int
dir_is_empty(const char *path)
{
	DIR *dp = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (dp == NULL)
		return 0;
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	closedir(dp);
	return empty;
}

/* True when the staging tree name (".base.new-PID-XXXXXX" after the
 * prefix) belongs to a build that is still running, so that two builds
 * into one directory do not delete each other's work. */
static bool
owner_alive(const char *rest)
{
	char *end;
	long pid = strtol(rest, &end, 10);

	if (end == rest || *end != '-' || pid <= 0)
		return false;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* Remove leftovers of killed builds: parent/.base.new-* and .old-*. */
static void
remove_leftovers(const char *parent, const char *base)
{
	DIR *dp = opendir(parent);
	struct dirent *e;
	char *pnew = xasprintf(".%s.new-", base);
	char *pold = xasprintf(".%s.old-", base);

	if (dp != NULL) {
		while ((e = readdir(dp)) != NULL) {
			if (strncmp(e->d_name, pnew, strlen(pnew)) == 0 ||
			    strncmp(e->d_name, pold, strlen(pold)) == 0) {
				char *p = xasprintf("%s/%s", parent, e->d_name);
				char *marker = xasprintf("%s/%s", p,
				    OUTPUT_MARKER);

				/* only trees that carry our marker (or are
				 * still empty: killed before writing it) and
				 * whose build is gone */
				if ((access(marker, F_OK) == 0 ||
				    dir_is_empty(p)) &&
				    !owner_alive(e->d_name + strlen(pnew)))
					(void)remove_tree(p);
				free(marker);
				free(p);
			}
		}
		closedir(dp);
	}
	free(pnew);
	free(pold);
}

output *
output_begin(const char *dir, diags *d)
{
	struct stat st;
	char *parent = NULL, *base = NULL, *marker = NULL;
	output *o = NULL;

	split_dir(dir, &parent, &base);
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    strcmp(base, "/") == 0 || base[0] == '\0') {
		diags_add(d, dir, 0, 0, DIAG_ERROR, "output",
		    "refusing to use '%s' as the output directory; name a "
		    "new directory such as site", dir);
		goto out;
	}
	if (lstat(dir, &st) == 0) {
		if (S_ISLNK(st.st_mode)) {
			diags_add(d, dir, 0, 0, DIAG_ERROR, "output",
			    "the output directory is a symlink; refusing to "
			    "replace it");
			goto out;
		}
		if (!S_ISDIR(st.st_mode)) {
			diags_add(d, dir, 0, 0, DIAG_ERROR, "output",
			    "the output path exists and is not a directory");
			goto out;
		}
		marker = xasprintf("%s/%s", dir, OUTPUT_MARKER);
		if (access(marker, F_OK) < 0 && !dir_is_empty(dir)) {
			diags_add(d, dir, 0, 0, DIAG_ERROR, "output",
			    "the output directory exists and was not made by "
			    "aftermath (no %s file); refusing to replace it. "
			    "Remove it or choose another with -o",
			    OUTPUT_MARKER);
			goto out;
		}
	} else if (errno != ENOENT) {
		diags_add(d, dir, 0, 0, DIAG_ERROR, "output",
		    "cannot use the output directory: %s", strerror(errno));
		goto out;
	}
	remove_leftovers(parent, base);
	o = xcalloc(1, sizeof(*o));
	o->dir = xstrdup(dir);
	o->tmp = xasprintf("%s/.%s.new-%ld-XXXXXX", parent, base,
	    (long)getpid());
	if (mkdtemp(o->tmp) == NULL) {
		diags_add(d, dir, 0, 0, DIAG_ERROR, "output",
		    "cannot create a directory next to the output "
		    "directory: %s", strerror(errno));
		free(o->tmp);
		free(o->dir);
		free(o);
		o = NULL;
		goto out;
	}
	(void)chmod(o->tmp, 0755);
	if (output_write(o, OUTPUT_MARKER, "aftermath site\n", 15, d) < 0) {
		output_abort(o);
		o = NULL;
	}
out:
	free(marker);
	free(parent);
	free(base);
	return o;
}

int
output_path_ok(const char *relpath)
{
	const char *p = relpath;

	if (*p == '\0' || *p == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)p[i] < 0x20 || p[i] == '\\' ||
			    p[i] == 0x7f)
				return 0;
		p += n;
		if (*p == '/')
			p++;
		else
			break;
	}
	return relpath[strlen(relpath) - 1] != '/';
}

/*
 * The file at relpath in the previous site when it is a regular file of
 * len bytes inside that site (a directory of the old site replaced by a
 * symlink must not lead the new site to a file outside it), else NULL.
 * The caller frees the path.
 */
static char *
old_twin(const output *o, const char *relpath, size_t len)
{
	char *old = xasprintf("%s/%s", o->dir, relpath);
	char *real = NULL, *root = NULL;
	struct stat st;
	bool ok;

	ok = lstat(old, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == len &&
	    (real = realpath(old, NULL)) != NULL &&
	    (root = realpath(o->dir, NULL)) != NULL &&
	    strncmp(real, root, strlen(root)) == 0 &&
	    real[strlen(root)] == '/';
	free(real);
	free(root);
	if (!ok) {
		free(old);
		return NULL;
	}
	return old;
}

/*
 * When the previous site has relpath with exactly these bytes, hard-link
 * it into the new tree instead of writing a copy: the file keeps its
 * inode and mtime, so a rebuild rewrites only what changed, and hosts or
 * rsync that look at mtimes see nothing new. Safe because no build ever
 * writes into an existing file; every file is created afresh. Returns 0
 * when linked, -1 when the file must be written.
 */
static int
link_unchanged(const output *o, const char *relpath, const char *path,
    const void *data, size_t len)
{
	char *old = old_twin(o, relpath, len), *have = NULL;
	size_t havelen;
	int rc = -1;

	if (old == NULL)
		return -1;
	if (read_file(old, len, &have, &havelen) == 0 && havelen == len &&
	    memcmp(have, data, len) == 0)
		rc = link(old, path);
	free(have);
	free(old);
	return rc;
}

int
output_write(output *o, const char *relpath, const void *data, size_t len,
    diags *d)
{
	char *path;
	FILE *f = NULL;
	int rc = -1;

	if (!output_path_ok(relpath)) {
		diags_add(d, relpath, 0, 0, DIAG_ERROR, "output",
		    "refusing to write outside the output directory");
		return -1;
	}
	path = xasprintf("%s/%s", o->tmp, relpath);
	if (mkdir_parents(o->tmp, relpath) == 0 &&
	    link_unchanged(o, relpath, path, data, len) == 0) {
		free(path);
		return 0;
	}
	if (mkdir_parents(o->tmp, relpath) < 0 ||
	    (f = fopen(path, "wbx")) == NULL) {
		diags_add(d, relpath, 0, 0, DIAG_ERROR, "output",
		    "cannot create: %s", strerror(errno));
		goto out;
	}
	if (len > 0 && fwrite(data, 1, len, f) != len) {
		diags_add(d, relpath, 0, 0, DIAG_ERROR, "output",
		    "cannot write: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (f != NULL && fclose(f) != 0 && rc == 0) {
		diags_add(d, relpath, 0, 0, DIAG_ERROR, "output",
		    "cannot write: %s", strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

/* True when path may be replaced: it is a directory carrying our marker
 * or an empty one. Checked again at the swap, since the build took time
 * and someone may have put files there meanwhile. */
static bool
replaceable(const char *path)
{
	struct stat st;
	char *marker;
	bool ok;

	if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return false;
	marker = xasprintf("%s/%s", path, OUTPUT_MARKER);
	ok = access(marker, F_OK) == 0 || dir_is_empty(path);
	free(marker);
	return ok;
}

/* ".../.site.new-PID-XXXXXX" -> ".../.site.old-PID-XXXXXX", a name
 * remove_leftovers knows. The caller frees it. */
static char *
old_name(const char *tmp)
{
	char *old = xstrdup(tmp), *p = old, *last = NULL;

	while ((p = strstr(p, ".new-")) != NULL)
		last = p++;
	if (last != NULL)
		memcpy(last + 1, "old", 3);
	return old;
}

int
output_commit(output *o, diags *d)
{
	struct stat st;
	char *old = NULL;
	int rc = -1;

	if (lstat(o->dir, &st) == 0) {
		if (!replaceable(o->dir)) {
			diags_add(d, o->dir, 0, 0, DIAG_ERROR, "output",
			    "the output directory changed during the build and "
			    "was not made by aftermath; it was left alone");
			goto out;
		}
		/* swap both names in one step; the old tree then sits at tmp */
		if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->dir,
		    RENAME_EXCHANGE) == 0)
			;
		else if (errno == EINVAL || errno == ENOSYS ||
		    errno == ENOTSUP) {
			/* no atomic exchange on this file system (NFS, some
			 * FUSE): two renames, with a moment without a site */
			old = old_name(o->tmp);
			if (rename(o->dir, old) < 0 ||
			    rename(o->tmp, o->dir) < 0) {
				diags_add(d, o->dir, 0, 0, DIAG_ERROR,
				    "output", "cannot replace the output "
				    "directory: %s", strerror(errno));
				(void)rename(old, o->dir);
				goto out;
			}
			(void)remove_tree(old);
		} else {
			diags_add(d, o->dir, 0, 0, DIAG_ERROR, "output",
			    "cannot replace the output directory: %s",
			    strerror(errno));
			goto out;
		}
	} else if (rename(o->tmp, o->dir) < 0) {
		diags_add(d, o->dir, 0, 0, DIAG_ERROR, "output",
		    "cannot create the output directory: %s",
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	/* either the unused new tree or the replaced old one, which carries
	 * the marker (or was empty) */
	(void)remove_tree(o->tmp);
	free(old);
	free(o->tmp);
	free(o->dir);
	free(o);
	return rc;
}

void
output_remove_leftovers(const char *dir)
{
	char *parent, *base;

	split_dir(dir, &parent, &base);
	remove_leftovers(parent, base);
	free(parent);
	free(base);
}

void
output_abort(output *o)
{
	if (o == NULL)
		return;
	(void)remove_tree(o->tmp);
	free(o->tmp);
	free(o->dir);
	free(o);
}

/* A file of the new tree written in parts. */
struct output_file {
	output *o;
	char *relpath;
	char *path;            /* in the new tree */
	FILE *f;
	size_t len;            /* bytes written so far */
	int err;               /* the first write's errno, 0 while fine */
};

output_file *
output_open(output *o, const char *relpath, diags *d)
{
	output_file *of;
	char *path;
	FILE *f;

	if (!output_path_ok(relpath)) {
		diags_add(d, relpath, 0, 0, DIAG_ERROR, "output",
		    "refusing to write outside the output directory");
		return NULL;
	}
	path = xasprintf("%s/%s", o->tmp, relpath);
	if (mkdir_parents(o->tmp, relpath) < 0 ||
	    (f = fopen(path, "wbx")) == NULL) {
		diags_add(d, relpath, 0, 0, DIAG_ERROR, "output",
		    "cannot create: %s", strerror(errno));
		free(path);
		return NULL;
	}
	of = xcalloc(1, sizeof(*of));
	of->o = o;
	of->relpath = xstrdup(relpath);
	of->path = path;
	of->f = f;
	return of;
}

void
output_put(output_file *of, const void *data, size_t len)
{
	if (of->err != 0 || len == 0)
		return;
	if (fwrite(data, 1, len, of->f) != len)
		of->err = errno ? errno : EIO;
	of->len += len;
}

/* True when the files at a and b (both of len bytes) hold the same
 * bytes. */
static bool
same_files(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	char ba[65536], bb[65536];
	bool same = fa != NULL && fb != NULL;

	while (same) {
		size_t na = fread(ba, 1, sizeof(ba), fa);
		size_t nb = fread(bb, 1, sizeof(bb), fb);

		if (na != nb || memcmp(ba, bb, na) != 0 || ferror(fa) ||
		    ferror(fb))
			same = false;
		else if (na == 0)
			break;
	}
	if (fa != NULL)
		fclose(fa);
	if (fb != NULL)
		fclose(fb);
	return same;
}

int
output_close(output_file *of, diags *d)
{
	char *old;
	int rc = -1;

	if (of == NULL)
		return -1;
	if (fclose(of->f) != 0 && of->err == 0)
		of->err = errno ? errno : EIO;
	if (of->err != 0) {
		diags_add(d, of->relpath, 0, 0, DIAG_ERROR, "output",
		    "cannot write: %s", strerror(of->err));
		goto out;
	}
	rc = 0;
	/* as output_write does: an unchanged file keeps the old inode */
	if ((old = old_twin(of->o, of->relpath, of->len)) != NULL) {
		if (same_files(old, of->path) && unlink(of->path) == 0 &&
		    link(old, of->path) < 0) {
			diags_add(d, of->relpath, 0, 0, DIAG_ERROR, "output",
			    "cannot link: %s", strerror(errno));
			rc = -1;
		}
		free(old);
	}
out:
	free(of->relpath);
	free(of->path);
	free(of);
	return rc;
}
