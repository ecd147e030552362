/*
 * test_load.c - the load stage on temporary repositories: which files are
 * records, their order, refusing symlinks and special files, duplicate
 * ids, a missing incidents directory, loading only some paths.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "model/config.h"
#include "load/load.h"

/* The repository of the running test and a directory outside it. */
static char root[64], outside[64];

static int
setup_dirs(void **state)
{
	(void)state;
	strcpy(root, "/tmp/am-test-load-XXXXXX");
	strcpy(outside, "/tmp/am-test-load-out-XXXXXX");
	return mkdtemp(root) == NULL || mkdtemp(outside) == NULL ? -1 : 0;
}

static int
remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
teardown_dirs(void **state)
{
	(void)state;
	/* FTW_PHYS: never follow the links the tests made */
	if (nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return -1;
	return nftw(outside, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Make the directories of rel (relative to base), like mkdir -p. */
static void
make_dirs(const char *base, const char *rel)
{
	char *p = xasprintf("%s/%s", base, rel);

	for (char *s = p + strlen(base) + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", p, strerror(errno));
		*s = '/';
	}
	free(p);
}

/* Write text to base/rel, making its directories. */
static void
write_at(const char *base, const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", base, rel);
	FILE *f;

	make_dirs(base, rel);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	free(p);
}

/* Write a record with id (the file stem when NULL) to root/rel. */
static void
write_record(const char *rel, const char *id)
{
	char *text = id ? xasprintf("---\nid: %s\ntitle: t\n---\nBody.\n", id) :
	    xstrdup("---\ntitle: t\n---\nBody.\n");

	write_at(root, rel, text);
	free(text);
}

/* Make root/rel a symlink to target (as given). */
static void
link_at(const char *target, const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);

	make_dirs(root, rel);
	if (symlink(target, p) != 0)
		fail_msg("symlink %s: %s", p, strerror(errno));
	free(p);
}

/* The number of findings of rule for path. */
static size_t
count_for(const diags *d, const char *rule, const char *path)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].rule, rule) == 0 && d->v[i].path != NULL &&
		    strcmp(d->v[i].path, path) == 0)
			n++;
	return n;
}

/* a holds exactly the records at paths, in this order. */
static void
expect_paths(const archive *a, const char *const *paths, size_t n)
{
	assert_non_null(a);
	for (size_t i = 0; i < a->n && i < n; i++)
		assert_string_equal(a->v[i]->path, paths[i]);
	assert_int_equal(a->n, n);
}

static void
test_find_and_order(void **state)
{
	static const char *const want[] = {
		"incidents/2024/m.md",
		"incidents/2024/q1/deep/deeper/x.md",
		"incidents/a.md",
		"incidents/b.md",
		"incidents/z.md",
	};
	config *cfg = config_default();
	diags d = { 0 };
	archive *a;

	(void)state;
	/* created out of order, so that readdir order is not sorted */
	write_record("incidents/z.md", NULL);
	write_record("incidents/2024/q1/deep/deeper/x.md", NULL);
	write_record("incidents/b.md", NULL);
	write_record("incidents/a.md", NULL);
	write_record("incidents/2024/m.md", NULL);
	/* not records */
	write_record("incidents/.hidden.md", "hidden");
	write_record("incidents/.drafts/draft.md", "draft");
	write_record("incidents/2024/.git/objects.md", "git");
	write_at(root, "incidents/notes.txt", "---\nid: txt\n---\n");
	write_at(root, "incidents/a.md.bak", "---\nid: bak\n---\n");
	write_at(root, "incidents/README", "readme\n");
	write_at(root, "incidents/md", "---\nid: md\n---\n");
	write_record("elsewhere/outside-dir.md", "outside");
	write_record("top.md", "top");

	a = archive_load(root, cfg, &d);
	expect_paths(a, want, sizeof(want) / sizeof(*want));
	assert_int_equal(d.n, 0);
	assert_string_equal(a->v[0]->id, "m");
	assert_string_equal(a->v[1]->id, "x");
	for (size_t i = 0; i < a->n; i++) {
		assert_false(a->v[i]->failed);
		assert_string_equal(a->v[i]->title, "t");
	}
	archive_free(a);
	archive_free(NULL);
	config_free(cfg);
}

/* Records come in path order: a walk that sorts each directory on its own
 * would put "incidents/a/x.md" before "incidents/a-b.md", although '-'
 * sorts before '/', and disagree with archive_load_paths. */
static void
test_order_is_path_order(void **state)
{
	static const char *const want[] = {
		"incidents/a-b.md", "incidents/a/x.md",
	};
	config *cfg = config_default();
	diags d = { 0 };
	archive *a;
	strlist paths = { 0 };

	(void)state;
	write_record("incidents/a/x.md", NULL);
	write_record("incidents/a-b.md", NULL);
	strlist_add(&paths, "incidents");
	a = archive_load_paths(root, cfg, &paths, &d);
	expect_paths(a, want, 2);
	archive_free(a);

	a = archive_load(root, cfg, &d);
	assert_non_null(a);
	assert_int_equal(a->n, 2);
	expect_paths(a, want, 2);
	archive_free(a);
	strlist_free(&paths);
	config_free(cfg);
	diags_free(&d);
}

static void
test_symlinks_refused(void **state)
{
	static const char *const want[] = {
		"incidents/2024/m.md", "incidents/a.md",
	};
	static const char *const links[] = {
		"incidents/link.md", "incidents/linkdir", "incidents/outside",
		"incidents/evil.md", "incidents/2024/up", "incidents/dangling.md",
	};
	config *cfg = config_default();
	diags d = { 0 };
	archive *a;
	char *target;

	(void)state;
	write_record("incidents/a.md", "A");
	write_record("incidents/2024/m.md", "M");
	write_record("secret.md", "secret");
	write_at(outside, "evil.md", "---\nid: evil\n---\n");
	write_at(outside, "sub/evil2.md", "---\nid: evil2\n---\n");
	/* to a record, to a directory of records (relative and absolute),
	 * to a file and a directory outside the repository, up the tree,
	 * and to nothing */
	link_at("a.md", "incidents/link.md");
	link_at("2024", "incidents/linkdir");
	link_at(outside, "incidents/outside");
	target = xasprintf("%s/evil.md", outside);
	link_at(target, "incidents/evil.md");
	free(target);
	link_at("../..", "incidents/2024/up");
	link_at("missing.md", "incidents/dangling.md");

	a = archive_load(root, cfg, &d);
	expect_paths(a, want, 2);
	assert_null(archive_find(a, "evil"));
	assert_null(archive_find(a, "evil2"));
	assert_null(archive_find(a, "secret"));
	assert_null(archive_find(a, "link"));
	for (size_t i = 0; i < sizeof(links) / sizeof(*links); i++) {
		if (count_for(&d, "file-skipped", links[i]) != 1)
			fail_msg("no file-skipped warning for %s", links[i]);
	}
	for (size_t i = 0; i < d.n; i++) {
		assert_string_equal(d.v[i].rule, "file-skipped");
		assert_int_equal(d.v[i].level, DIAG_WARNING);
	}
	assert_int_equal(d.n, sizeof(links) / sizeof(*links));
	archive_free(a);
	diags_free(&d);
	config_free(cfg);
}

static void
test_special_file(void **state)
{
	config *cfg = config_default();
	diags d = { 0 };
	archive *a;
	char *fifo;

	(void)state;
	write_record("incidents/a.md", NULL);
	fifo = xasprintf("%s/incidents/pipe.md", root);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	free(fifo);
	/* a FIFO would block a reader forever; it is never opened (the
	 * alarm ends the test instead of hanging should it be) */
	alarm(20);
	a = archive_load(root, cfg, &d);
	alarm(0);
	assert_non_null(a);
	assert_int_equal(a->n, 1);
	assert_string_equal(a->v[0]->path, "incidents/a.md");
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "file-skipped");
	assert_string_equal(d.v[0].path, "incidents/pipe.md");
	archive_free(a);
	diags_free(&d);
	config_free(cfg);
}

static void
test_duplicate_ids(void **state)
{
	config *cfg = config_default();
	diags d = { 0 };
	archive *a;
	const diag *f = NULL;

	(void)state;
	write_record("incidents/2024/one.md", "INC-1");
	write_record("incidents/2025/two.md", "INC-1");
	write_record("incidents/three.md", "INC-3");
	/* a file stem can clash with an id too */
	write_record("incidents/INC-3.md", NULL);

	a = archive_load(root, cfg, &d);
	assert_non_null(a);
	assert_int_equal(a->n, 4);
	assert_int_equal(d.n, 2);
	for (size_t i = 0; i < d.n; i++) {
		assert_string_equal(d.v[i].rule, "duplicate-id");
		assert_int_equal(d.v[i].level, DIAG_ERROR);
		if (strcmp(d.v[i].path, "incidents/2025/two.md") == 0)
			f = &d.v[i];
	}
	/* the second file is flagged, at its id, naming the first */
	assert_non_null(f);
	assert_int_equal(f->line, 2);
	assert_int_equal(f->col, 1);
	assert_non_null(strstr(f->message, "INC-1"));
	assert_non_null(strstr(f->message, "incidents/2024/one.md"));
	assert_false(archive_find(a, "INC-1")->failed);
	assert_string_equal(archive_find(a, "INC-1")->path,
	    "incidents/2024/one.md");
	assert_true(a->v[1]->failed);   /* 2025/two.md */
	assert_string_equal(a->v[1]->path, "incidents/2025/two.md");
	/* INC-3.md sorts before three.md and keeps the id */
	assert_true(count_for(&d, "duplicate-id", "incidents/three.md") == 1);
	assert_false(archive_find(a, "INC-3")->failed);
	assert_string_equal(archive_find(a, "INC-3")->path,
	    "incidents/INC-3.md");
	archive_free(a);
	diags_free(&d);
	config_free(cfg);
}

static void
test_missing_dir(void **state)
{
	config *cfg = config_default();
	diags d = { 0 };
	archive *a;

	(void)state;
	a = archive_load(root, cfg, &d);
	assert_null(a);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "io");
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_string_equal(d.v[0].path, "incidents");
	diags_free(&d);

	/* a file where the directory should be, or a link to a directory */
	write_at(root, "incidents", "not a directory\n");
	a = archive_load(root, cfg, &d);
	assert_null(a);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "io");
	diags_free(&d);

	write_record("real/a.md", NULL);
	link_at("real", "linked");
	free(cfg->incidents_dir);
	cfg->incidents_dir = xstrdup("linked");
	a = archive_load(root, cfg, &d);
	assert_null(a);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "io");
	assert_string_equal(d.v[0].path, "linked");
	diags_free(&d);
	config_free(cfg);
}

static void
test_custom_dir_and_empty(void **state)
{
	static const char *const want[] = { "records/pir/x.md" };
	config *cfg = config_default();
	diags d = { 0 };
	archive *a;

	(void)state;
	free(cfg->incidents_dir);
	cfg->incidents_dir = xstrdup("records/pir");
	write_record("records/pir/x.md", NULL);
	write_record("incidents/ignored.md", NULL);
	a = archive_load(root, cfg, &d);
	expect_paths(a, want, 1);
	assert_int_equal(d.n, 0);
	archive_free(a);

	/* an empty incidents directory is an empty archive, not an error */
	make_dirs(root, "empty/");
	free(cfg->incidents_dir);
	cfg->incidents_dir = xstrdup("empty");
	a = archive_load(root, cfg, &d);
	assert_non_null(a);
	assert_int_equal(a->n, 0);
	assert_int_equal(d.n, 0);
	assert_null(archive_find(a, "x"));
	archive_free(a);
	config_free(cfg);
}

static void
test_load_paths(void **state)
{
	static const char *const want[] = {
		"incidents/2024/m.md", "incidents/2024/q1/x.md",
		"incidents/z.md",
	};
	config *cfg = config_default();
	diags d = { 0 };
	strlist paths = { 0 };
	archive *a;

	(void)state;
	write_record("incidents/z.md", "Z");
	write_record("incidents/a.md", "A");
	write_record("incidents/2024/q1/x.md", "X");
	write_record("incidents/2024/m.md", "M");
	write_record("incidents/2024/.hidden.md", "H");
	write_at(root, "incidents/2024/notes.txt", "x\n");
	link_at("../a.md", "incidents/2024/link.md");
	/* a file and a directory, given out of order */
	strlist_add(&paths, "incidents/z.md");
	strlist_add(&paths, "incidents/2024");
	a = archive_load_paths(root, cfg, &paths, &d);
	expect_paths(a, want, 3);
	assert_null(archive_find(a, "A"));
	assert_null(archive_find(a, "H"));
	assert_ptr_equal(archive_find(a, "X"), a->v[1]);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "file-skipped");
	assert_string_equal(d.v[0].path, "incidents/2024/link.md");
	archive_free(a);
	diags_free(&d);
	strlist_free(&paths);

	/* a missing path is an "io" error; the others still load. A
	 * symlink given by name is refused too. */
	strlist_add(&paths, "incidents/nope.md");
	strlist_add(&paths, "incidents/2024/link.md");
	strlist_add(&paths, "incidents/a.md");
	a = archive_load_paths(root, cfg, &paths, &d);
	assert_non_null(a);
	assert_int_equal(a->n, 1);
	assert_string_equal(a->v[0]->id, "A");
	assert_int_equal(d.n, 2);
	assert_int_equal(count_for(&d, "io", "incidents/nope.md"), 1);
	assert_int_equal(count_for(&d, "file-skipped",
	    "incidents/2024/link.md"), 1);
	archive_free(a);
	diags_free(&d);
	strlist_free(&paths);

	/* no paths: an empty archive */
	a = archive_load_paths(root, cfg, &paths, &d);
	assert_non_null(a);
	assert_int_equal(a->n, 0);
	archive_free(a);
	config_free(cfg);
}

/* Naming a record and its directory ("incidents/a.md" and "incidents")
 * loads it once, not twice with a "duplicate-id" error against itself. */
static void
test_load_paths_overlap(void **state)
{
	config *cfg = config_default();
	diags d = { 0 };
	strlist paths = { 0 };
	archive *a;

	(void)state;
	write_record("incidents/a.md", "A");
	write_record("incidents/b.md", "B");
	strlist_add(&paths, "incidents/a.md");
	strlist_add(&paths, "incidents");
	a = archive_load_paths(root, cfg, &paths, &d);
	assert_non_null(a);
	assert_int_equal(a->n, 2);
	assert_int_equal(d.n, 0);
	assert_false(a->v[0]->failed);
	archive_free(a);
	strlist_free(&paths);
	config_free(cfg);
}

static void
test_find(void **state)
{
	config *cfg = config_default();
	diags d = { 0 };
	archive *a;

	(void)state;
	write_record("incidents/one.md", "INC-1");
	write_record("incidents/two.md", NULL);
	a = archive_load(root, cfg, &d);
	assert_non_null(a);
	assert_int_equal(a->n, 2);
	assert_ptr_equal(archive_find(a, "INC-1"), a->v[0]);
	assert_ptr_equal(archive_find(a, "two"), a->v[1]);
	assert_null(archive_find(a, "inc-1"));   /* ids are exact */
	assert_null(archive_find(a, "one"));     /* the id, not the stem */
	assert_null(archive_find(a, ""));
	archive_free(a);
	config_free(cfg);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_dirs, teardown_dirs)
	const struct CMUnitTest tests[] = {
		T(test_find_and_order),
		T(test_order_is_path_order),
		T(test_symlinks_refused),
		T(test_special_file),
		T(test_duplicate_ids),
		T(test_missing_dir),
		T(test_custom_dir_and_empty),
		T(test_load_paths),
		T(test_load_paths_overlap),
		T(test_find),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
