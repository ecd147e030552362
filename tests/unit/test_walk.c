/* test_walk.c - the one directory walk: name order, hidden entries,
 * links never followed, the depth limit, a visit that ends the walk. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "lib/util.h"
#include "load/walk.h"

static char root[64];

static int
remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* root/rel as an empty file, or a directory when rel ends in '/'. */
static void
make(const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);
	size_t n = strlen(p);

	if (p[n - 1] == '/')
		assert_int_equal(mkdir(p, 0755), 0);
	else {
		FILE *f = fopen(p, "w");

		assert_non_null(f);
		assert_int_equal(fclose(f), 0);
	}
	free(p);
}

static int
setup(void **state)
{
	char *link;
	int rc;

	(void)state;
	strcpy(root, "/tmp/am-test-walk-XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	make("d/");
	make("d/b.md");
	make("d/a.md");
	make("d/.hidden.md");
	make("d/.gitignore");
	make("d/sub/");
	make("d/sub/c.md");
	make("d/sub/deeper/");
	make("d/sub/deeper/x.md");
	make("d/.git/");
	make("d/.git/config");
	link = xasprintf("%s/d/link.md", root);
	rc = symlink("a.md", link);
	free(link);
	return rc;
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Each entry as "kind:rel@depth", one a line; ends the walk at stop. */
struct seen {
	buf out;
	const char *stop;
};

static int
record_entry(const walk_entry *e, void *arg)
{
	static const char *const kinds[] = { "entry", "dir", "stat-failed",
	    "unreadable", "too-deep" };
	struct seen *s = arg;

	buf_addf(&s->out, "%s:%s@%d", kinds[e->kind], e->rel, e->depth);
	if (e->kind == WALK_ENTRY && S_ISLNK(e->st->st_mode))
		buf_adds(&s->out, " link");
	buf_addc(&s->out, '\n');
	return s->stop != NULL && strcmp(e->rel, s->stop) == 0 ? -1 : 0;
}

static char *
walk(const char *rel, int max_depth, walk_hidden hidden, const char *stop,
    int *rc)
{
	walk_opts o = { .max_depth = max_depth, .hidden = hidden };
	struct seen s = { .stop = stop };

	*rc = walk_dir(root, rel, &o, record_entry, &s);
	return buf_detach(&s.out);
}

static void
test_order_and_hidden(void **state)
{
	char *got;
	int rc;

	(void)state;
	got = walk("d", 8, WALK_NO_HIDDEN, NULL, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, "entry:d/a.md@0\nentry:d/b.md@0\n"
	    "entry:d/link.md@0 link\ndir:d/sub@0\nentry:d/sub/c.md@1\n"
	    "dir:d/sub/deeper@1\nentry:d/sub/deeper/x.md@2\n");
	free(got);
	got = walk("d", 0, WALK_GIT_FILES, NULL, &rc);
	assert_string_equal(got, "entry:d/.gitignore@0\nentry:d/a.md@0\n"
	    "entry:d/b.md@0\nentry:d/link.md@0 link\ndir:d/sub@0\n"
	    "too-deep:d/sub@1\n");
	free(got);
	got = walk("d", 0, WALK_ALL_HIDDEN, NULL, &rc);
	assert_string_equal(got, "dir:d/.git@0\ntoo-deep:d/.git@1\n"
	    "entry:d/.gitignore@0\nentry:d/.hidden.md@0\nentry:d/a.md@0\n"
	    "entry:d/b.md@0\nentry:d/link.md@0 link\ndir:d/sub@0\n"
	    "too-deep:d/sub@1\n");
	free(got);
}

static void
test_root_itself_and_stop(void **state)
{
	char *got;
	int rc;

	(void)state;
	/* "" walks root, and entries are named without a leading '/' */
	got = walk("", 0, WALK_NO_HIDDEN, "d", &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(got, "dir:d@0\n");
	free(got);
	got = walk("d", 8, WALK_NO_HIDDEN, "d/sub/c.md", &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(got, "entry:d/a.md@0\nentry:d/b.md@0\n"
	    "entry:d/link.md@0 link\ndir:d/sub@0\nentry:d/sub/c.md@1\n");
	free(got);
	got = walk("nowhere", 8, WALK_NO_HIDDEN, NULL, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, "unreadable:nowhere@0\n");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_hidden),
		cmocka_unit_test(test_root_itself_and_stop),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
