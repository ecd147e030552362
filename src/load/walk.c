/*
 * walk.c - a directory tree in name order, without following anything.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "load/walk.h"

bool
walk_is_git_file(const char *name)
{
	return strcmp(name, ".gitignore") == 0 ||
	    strcmp(name, ".gitattributes") == 0;
}

/* True when the entry name is walked under rule h. */
static bool
walked(const char *name, walk_hidden h)
{
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	return name[0] != '.' || h == WALK_ALL_HIDDEN ||
	    (h == WALK_GIT_FILES && walk_is_git_file(name));
}

/* The last component of rel (rel itself when it has none). */
static const char *
last_component(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash != NULL ? slash + 1 : rel;
}

/* Walk root/rel, a directory depth levels below the start. */
static int
walk_at(const char *root, const char *rel, const walk_opts *opts,
    walk_visit visit, void *arg, int depth)
{
	char *full = rel[0] ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	walk_entry self = { .rel = rel, .full = full,
	    .name = last_component(rel), .depth = depth };
	strlist names = { 0 };
	struct dirent *e;
	DIR *dp;
	int rc = -1;

	if (depth > opts->max_depth) {
		self.kind = WALK_TOO_DEEP;
		rc = visit(&self, arg);
		goto out;
	}
	if ((dp = opendir(full)) == NULL) {
		self.kind = WALK_UNREADABLE;
		self.err = errno;
		rc = visit(&self, arg);
		goto out;
	}
	while ((e = readdir(dp)) != NULL)
		if (walked(e->d_name, opts->hidden))
			strlist_add(&names, e->d_name);
	(void)closedir(dp);
	strlist_sort(&names);
	rc = 0;
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		char *sub = rel[0] ? xasprintf("%s/%s", rel, names.v[i]) :
		    xstrdup(names.v[i]);
		char *subfull = xasprintf("%s/%s", root, sub);
		struct stat st;
		walk_entry x = { .rel = sub, .full = subfull,
		    .name = names.v[i], .depth = depth };

		if (lstat(subfull, &st) < 0) {
			x.kind = WALK_STAT_FAILED;
			x.err = errno;
		} else {
			x.kind = S_ISDIR(st.st_mode) ? WALK_DIR : WALK_ENTRY;
			x.st = &st;
		}
		rc = visit(&x, arg);
		if (rc == 0 && x.kind == WALK_DIR)
			rc = walk_at(root, sub, opts, visit, arg, depth + 1);
		free(sub);
		free(subfull);
	}
out:
	strlist_free(&names);
	free(full);
	return rc;
}

int
walk_dir(const char *root, const char *rel, const walk_opts *opts,
    walk_visit visit, void *arg)
{
	return walk_at(root, rel, opts, visit, arg, 0) < 0 ? -1 : 0;
}
