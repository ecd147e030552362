/* test_output.c - the site directory and its atomic swap. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files.h"
#include "output/output.h"
#include "lib/util.h"

static char *
scratch(void)
{
	char *dir = xstrdup("/tmp/am-output-XXXXXX");

	assert_non_null(mkdtemp(dir));
	return dir;
}

static char *
slurp(const char *path)
{
	char *s;
	size_t n;

	if (read_file(path, 1 << 20, &s, &n) < 0)
		return NULL;
	return s;
}

static void
rm_rf(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void
test_first_build_and_swap(void **state)
{
	char *tmp = scratch(), *site = xasprintf("%s/site", tmp);
	char *index = xasprintf("%s/index.html", site);
	char *page = xasprintf("%s/incidents/a.html", site);
	diags d = { 0 };
	output *o;
	char *s;

	(void)state;
	o = output_begin(site, &d);
	assert_non_null(o);
	assert_int_equal(output_write(o, "index.html", "one", 3, &d), 0);
	assert_int_equal(output_write(o, "incidents/a.html", "A", 1, &d), 0);
	/* nothing is visible before the commit */
	assert_int_equal(access(site, F_OK), -1);
	assert_int_equal(output_commit(o, &d), 0);
	s = slurp(index);
	assert_string_equal(s, "one");
	free(s);

	o = output_begin(site, &d);
	assert_non_null(o);
	assert_int_equal(output_write(o, "index.html", "two", 3, &d), 0);
	s = slurp(index);
	assert_string_equal(s, "one");   /* old site still served */
	free(s);
	assert_int_equal(output_commit(o, &d), 0);
	s = slurp(index);
	assert_string_equal(s, "two");
	free(s);
	/* the second build did not write the page: it is gone */
	assert_int_equal(access(page, F_OK), -1);
	assert_int_equal(d.n, 0);
	rm_rf(tmp);
	free(index);
	free(page);
	free(site);
	free(tmp);
}

static void
test_abort_keeps_old_site(void **state)
{
	char *tmp = scratch(), *site = xasprintf("%s/site", tmp);
	char *index = xasprintf("%s/index.html", site);
	diags d = { 0 };
	output *o;
	char *s, *cmd;

	(void)state;
	o = output_begin(site, &d);
	assert_int_equal(output_write(o, "index.html", "good", 4, &d), 0);
	assert_int_equal(output_commit(o, &d), 0);
	o = output_begin(site, &d);
	assert_int_equal(output_write(o, "index.html", "bad", 3, &d), 0);
	output_abort(o);
	s = slurp(index);
	assert_string_equal(s, "good");
	free(s);
	/* no staging directories are left behind */
	cmd = xasprintf("test -z \"$(ls -A '%s' | grep -v '^site$')\"", tmp);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	rm_rf(tmp);
	diags_free(&d);
	free(index);
	free(site);
	free(tmp);
}

static void
test_refuses_foreign_directory(void **state)
{
	char *tmp = scratch(), *file = xasprintf("%s/precious.txt", tmp);
	char *link = xasprintf("%s/link", tmp);
	diags d = { 0 };
	FILE *f;

	(void)state;
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("keep me", f);
	fclose(f);
	assert_null(output_begin(tmp, &d));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "output");
	assert_non_null(strstr(d.v[0].message, "not made by aftermath"));
	assert_int_equal(access(file, F_OK), 0);
	diags_free(&d);

	assert_int_equal(symlink(tmp, link), 0);
	assert_null(output_begin(link, &d));
	assert_non_null(strstr(d.v[0].message, "symlink"));
	diags_free(&d);
	assert_null(output_begin(".", &d));
	diags_free(&d);
	rm_rf(tmp);
	free(file);
	free(link);
	free(tmp);
}

static void
test_leftovers_removed(void **state)
{
	char *tmp = scratch(), *site = xasprintf("%s/site", tmp);
	char *stale = xasprintf("%s/.site.new-abcdef", tmp);
	char *marker = xasprintf("%s/%s", stale, OUTPUT_MARKER);
	diags d = { 0 };
	FILE *f;
	output *o;

	(void)state;
	assert_int_equal(mkdir(stale, 0755), 0);
	f = fopen(marker, "w");
	assert_non_null(f);
	fclose(f);
	o = output_begin(site, &d);
	assert_non_null(o);
	assert_int_equal(access(stale, F_OK), -1);
	output_abort(o);
	rm_rf(tmp);
	free(site);
	free(stale);
	free(marker);
	free(tmp);
}

/* A rebuild keeps unchanged files (same inode, same mtime) and replaces
 * changed ones. */
static void
test_unchanged_files_kept(void **state)
{
	char *tmp = scratch(), *site = xasprintf("%s/site", tmp);
	char *same = xasprintf("%s/same.html", site);
	char *changed = xasprintf("%s/changed.html", site);
	struct stat a1, a2, b1, b2;
	diags d = { 0 };
	output *o;
	char *s;

	(void)state;
	o = output_begin(site, &d);
	assert_int_equal(output_write(o, "same.html", "x", 1, &d), 0);
	assert_int_equal(output_write(o, "changed.html", "1", 1, &d), 0);
	assert_int_equal(output_commit(o, &d), 0);
	assert_int_equal(stat(same, &a1), 0);
	assert_int_equal(stat(changed, &b1), 0);

	o = output_begin(site, &d);
	assert_int_equal(output_write(o, "same.html", "x", 1, &d), 0);
	assert_int_equal(output_write(o, "changed.html", "2", 1, &d), 0);
	assert_int_equal(output_commit(o, &d), 0);
	assert_int_equal(stat(same, &a2), 0);
	assert_int_equal(stat(changed, &b2), 0);
	assert_true(a1.st_ino == a2.st_ino);
	assert_true(a1.st_mtim.tv_sec == a2.st_mtim.tv_sec &&
	    a1.st_mtim.tv_nsec == a2.st_mtim.tv_nsec);
	assert_true(b1.st_ino != b2.st_ino);
	assert_int_equal(a2.st_nlink, 1);
	s = slurp(changed);
	assert_string_equal(s, "2");
	free(s);
	assert_int_equal(d.n, 0);
	rm_rf(tmp);
	free(same);
	free(changed);
	free(site);
	free(tmp);
}

/* A file written in parts: its bytes are the parts in order; unchanged
 * from the previous site, it keeps that file's inode; changed (even by
 * length only), it is new. */
static void
test_file_in_parts(void **state)
{
	char *tmp = scratch(), *site = xasprintf("%s/site", tmp);
	char *big = xasprintf("%s/sub/big.json", site);
	char *grown = xasprintf("%s/grown.json", site);
	struct stat a1, a2, b1, b2;
	diags d = { 0 };
	output_file *f;
	output *o;
	char *s;

	(void)state;
	for (int round = 0; round < 2; round++) {
		o = output_begin(site, &d);
		assert_non_null(o);
		f = output_open(o, "sub/big.json", &d);
		assert_non_null(f);
		/* more than one read buffer of the comparison */
		for (int i = 0; i < 20000; i++)
			output_put(f, "abcdefgh", 8);
		output_put(f, "", 0);
		assert_int_equal(output_close(f, &d), 0);
		f = output_open(o, "grown.json", &d);
		assert_non_null(f);
		output_put(f, "[1", 2);
		if (round == 1)
			output_put(f, ",2", 2);
		output_put(f, "]", 1);
		assert_int_equal(output_close(f, &d), 0);
		assert_int_equal(output_commit(o, &d), 0);
		assert_int_equal(stat(big, round ? &a2 : &a1), 0);
		assert_int_equal(stat(grown, round ? &b2 : &b1), 0);
	}
	assert_int_equal(a1.st_size, 160000);
	assert_true(a1.st_ino == a2.st_ino);
	assert_true(b1.st_ino != b2.st_ino);
	s = slurp(grown);
	assert_string_equal(s, "[1,2]");
	free(s);
	/* refused like output_write; NULL closes as a failure */
	o = output_begin(site, &d);
	assert_null(output_open(o, "../out.json", &d));
	assert_int_equal(d.n, 1);
	assert_int_equal(output_close(NULL, &d), -1);
	output_abort(o);
	diags_free(&d);
	rm_rf(tmp);
	free(big);
	free(grown);
	free(site);
	free(tmp);
}

/* A directory that was empty at the start and got someone's files during
 * the build is left alone at the swap. */
static void
test_foreign_files_during_build(void **state)
{
	char *tmp = scratch(), *site = xasprintf("%s/site", tmp);
	char *precious = xasprintf("%s/notes.txt", site);
	diags d = { 0 };
	output *o;
	FILE *f;

	(void)state;
	assert_int_equal(mkdir(site, 0755), 0);
	o = output_begin(site, &d);
	assert_non_null(o);
	assert_int_equal(output_write(o, "index.html", "x", 1, &d), 0);
	f = fopen(precious, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(output_commit(o, &d), -1);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].message, "changed during the build"));
	assert_int_equal(access(precious, F_OK), 0);
	diags_free(&d);
	rm_rf(tmp);
	free(precious);
	free(site);
	free(tmp);
}

/* The staging tree of a build that is still running is not a leftover. */
static void
test_running_build_not_removed(void **state)
{
	char *tmp = scratch(), *site = xasprintf("%s/site", tmp);
	char *live = xasprintf("%s/.site.new-%ld-abcdef", tmp, (long)getpid());
	char *marker = xasprintf("%s/%s", live, OUTPUT_MARKER);
	diags d = { 0 };
	output *o;
	FILE *f;

	(void)state;
	assert_int_equal(mkdir(live, 0755), 0);
	f = fopen(marker, "w");
	assert_non_null(f);
	fclose(f);
	o = output_begin(site, &d);
	assert_non_null(o);
	assert_int_equal(access(live, F_OK), 0);
	output_abort(o);
	rm_rf(tmp);
	free(site);
	free(live);
	free(marker);
	free(tmp);
}

static void
test_path_ok(void **state)
{
	(void)state;
	assert_true(output_path_ok("index.html"));
	assert_true(output_path_ok("incidents/2024-001.html"));
	assert_false(output_path_ok("../x"));
	assert_false(output_path_ok("a/../../x"));
	assert_false(output_path_ok("/etc/passwd"));
	assert_false(output_path_ok("a//b"));
	assert_false(output_path_ok("a/./b"));
	assert_false(output_path_ok("a\\b"));
	assert_false(output_path_ok("dir/"));
	assert_false(output_path_ok(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_build_and_swap),
		cmocka_unit_test(test_abort_keeps_old_site),
		cmocka_unit_test(test_refuses_foreign_directory),
		cmocka_unit_test(test_leftovers_removed),
		cmocka_unit_test(test_unchanged_files_kept),
		cmocka_unit_test(test_file_in_parts),
		cmocka_unit_test(test_foreign_files_during_build),
		cmocka_unit_test(test_running_build_not_removed),
		cmocka_unit_test(test_path_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
