/*
 * test_util.c - the byte buffer, the string list, the locale-free string
 * helpers and read_file with its limits and refusals.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "lib/words.h"
#include "lib/parallel.h"
#include "lib/files.h"
#include "lib/util.h"

/* A temporary directory for the read_file tests; removed in teardown. */
static char tmpdir[64];

/* tmpdir/name as a new string. */
static char *
tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* Write len bytes of data to tmpdir/name. */
static void
write_tmp(const char *name, const char *data, size_t len)
{
	char *p = tmp_path(name);
	FILE *f = fopen(p, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(p);
}

static int
setup_tmp(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/am-test-util-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown_tmp(void **state)
{
	static const char *const names[] = { "small", "empty", "big", "link",
	    "dangling", "sub", "state/.gitignore", "state/file", "state",
	    "taken" };

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char *p = tmp_path(names[i]);

		if (remove(p) != 0 && errno != ENOENT) {
			free(p);
			return -1;
		}
		free(p);
	}
	return rmdir(tmpdir);
}

static void
test_buf_grow(void **state)
{
	buf b = { 0 };
	char expect[1001];

	(void)state;
	/* one byte at a time across several doublings of the capacity */
	for (int i = 0; i < 1000; i++) {
		buf_addc(&b, (char)('a' + i % 26));
		expect[i] = (char)('a' + i % 26);
		assert_int_equal(b.len, (size_t)i + 1);
		assert_true(b.cap > b.len);
		assert_int_equal(b.data[b.len], '\0');
	}
	expect[1000] = '\0';
	assert_string_equal(b.data, expect);
	assert_memory_equal(b.data, expect, 1001);

	/* a large add in one go, and an add of nothing */
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_add(&b, expect, 1000);
	assert_int_equal(b.len, 1000);
	assert_string_equal(b.data, expect);
	buf_add(&b, "", 0);
	assert_int_equal(b.len, 1000);
	assert_string_equal(b.data, expect);
	buf_free(&b);
}

static void
test_buf_binary_and_adds(void **state)
{
	buf b = { 0 };

	(void)state;
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b\0", 4);
	buf_adds(&b, "cd");
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "a\0bcd\0", 6);
	buf_free(&b);
}

static void
test_buf_addf(void **state)
{
	buf b = { 0 };
	char *big = xmalloc(5000);

	(void)state;
	buf_adds(&b, "x=");
	buf_addf(&b, "%d,%s,%05.1f,%%", 42, "str", 3.14159);
	assert_string_equal(b.data, "x=42,str,003.1,%");
	assert_int_equal(b.len, strlen("x=42,str,003.1,%"));
	/* longer than any fixed scratch buffer would be */
	memset(big, 'z', 4999);
	big[4999] = '\0';
	buf_addf(&b, "[%s]", big);
	assert_int_equal(b.len, 16 + 5001);
	assert_int_equal(b.data[16], '[');
	assert_int_equal(b.data[16 + 5000], ']');
	assert_int_equal(b.data[b.len], '\0');
	free(big);
	buf_free(&b);
}

static void
test_buf_detach(void **state)
{
	buf b = { 0 };
	char *s;

	(void)state;
	/* an untouched buffer still detaches to a real, empty string */
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	buf_adds(&b, "hello");
	s = buf_detach(&b);
	assert_string_equal(s, "hello");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	/* the buffer is reusable and does not share the detached string */
	buf_adds(&b, "again");
	assert_string_equal(b.data, "again");
	assert_string_equal(s, "hello");
	assert_ptr_not_equal(s, b.data);
	free(s);
	buf_free(&b);
	buf_free(&b);  /* twice is harmless */
}

static void
test_strlist(void **state)
{
	strlist l = { 0 };
	char word[] = "delta";
	char *owned = xstrdup("echo");

	(void)state;
	assert_false(strlist_has(&l, "x"));
	strlist_add(&l, "charlie");
	strlist_add(&l, "alpha");
	strlist_add(&l, word);
	strlist_take(&l, owned);
	strlist_add(&l, "Bravo");
	strlist_add(&l, "");
	/* add copies: changing the caller's string changes nothing */
	word[0] = 'D';
	assert_int_equal(l.n, 6);
	assert_string_equal(l.v[2], "delta");
	assert_ptr_equal(l.v[3], owned);
	assert_true(strlist_has(&l, "alpha"));
	assert_true(strlist_has(&l, "echo"));
	assert_true(strlist_has(&l, ""));
	assert_false(strlist_has(&l, "bravo"));  /* case matters */
	assert_false(strlist_has(&l, "alph"));
	assert_false(strlist_has(&l, "Delta"));

	strlist_sort(&l);
	assert_string_equal(l.v[0], "");
	assert_string_equal(l.v[1], "Bravo");
	assert_string_equal(l.v[2], "alpha");
	assert_string_equal(l.v[3], "charlie");
	assert_string_equal(l.v[4], "delta");
	assert_string_equal(l.v[5], "echo");

	strlist_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.cap, 0);
	strlist_free(&l);
	strlist_free(NULL);

	/* many entries: growth keeps every one */
	for (int i = 0; i < 100; i++) {
		char s[16];

		snprintf(s, sizeof(s), "%03d", 99 - i);
		strlist_add(&l, s);
	}
	strlist_sort(&l);
	assert_int_equal(l.n, 100);
	for (int i = 0; i < 100; i++) {
		char s[16];

		snprintf(s, sizeof(s), "%03d", i);
		assert_string_equal(l.v[i], s);
	}
	strlist_free(&l);
}

static void
test_ascii_strcasecmp(void **state)
{
	(void)state;
	assert_int_equal(ascii_strcasecmp("Timeline", "tIMELINE"), 0);
	assert_int_equal(ascii_strcasecmp("", ""), 0);
	assert_true(ascii_strcasecmp("abc", "abd") < 0);
	assert_true(ascii_strcasecmp("ABD", "abc") > 0);
	assert_true(ascii_strcasecmp("ab", "abc") < 0);
	assert_true(ascii_strcasecmp("abc", "AB") > 0);
	/* '[' (0x5b) sorts after 'Z' but before 'a': compared lower-cased */
	assert_true(ascii_strcasecmp("[", "a") < 0);
	assert_true(ascii_strcasecmp("Z", "[") > 0);
	/* bytes above 0x7f are compared as unsigned and never folded */
	assert_true(ascii_strcasecmp("\xc3\xa9", "\xc3\x89") != 0);
	assert_true(ascii_strcasecmp("a", "\xc3\xa9") < 0);
	assert_true(ascii_strcasecmp("\xc3\xa9", "a") > 0);
	assert_true(ascii_strcasecmp("\xc3", "") > 0);
	/* the Turkish dotless i must not match whatever the locale */
	assert_true(ascii_strcasecmp("I", "\xc4\xb1") != 0);
	if (setlocale(LC_CTYPE, "tr_TR.UTF-8") != NULL) {
		assert_int_equal(ascii_strcasecmp("TITLE", "title"), 0);
		assert_int_equal(ascii_strcasecmp("I", "i"), 0);
		setlocale(LC_CTYPE, "C");
	}
}

static void
test_str_trim(void **state)
{
	char a[] = " \t\r\n hello world \n\r\t ";
	char b[] = "plain";
	char c[] = " \t\n\r ";
	char d[] = "";
	char e[] = "\vkeep\f";   /* only space, tab, CR and LF are trimmed */
	char *p;

	(void)state;
	p = str_trim(a);
	assert_ptr_equal(p, a);
	assert_string_equal(a, "hello world");
	assert_string_equal(str_trim(b), "plain");
	assert_string_equal(str_trim(c), "");
	assert_string_equal(str_trim(d), "");
	assert_string_equal(str_trim(e), "\vkeep\f");
}

static void
test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("", ""), 0);
	assert_int_equal(edit_distance("abc", ""), 3);
	assert_int_equal(edit_distance("", "abcd"), 4);
	assert_int_equal(edit_distance("title", "title"), 0);
	assert_int_equal(edit_distance("titel", "title"), 2);
	assert_int_equal(edit_distance("kitten", "sitting"), 3);
	assert_int_equal(edit_distance("sitting", "kitten"), 3);
	assert_int_equal(edit_distance("timezone", "timzone"), 1);
	assert_int_equal(edit_distance("ticket_url", "ticket-url"), 1);
	assert_int_equal(edit_distance("flaw", "lawn"), 2);
	/* ASCII case does not count */
	assert_int_equal(edit_distance("TITLE", "title"), 0);
	assert_int_equal(edit_distance("Base_URL", "base_url"), 0);
}

static void
test_read_file(void **state)
{
	char *p = tmp_path("small"), *out = (char *)1;
	size_t len = 99;

	(void)state;
	write_tmp("small", "hello\0world", 11);
	assert_int_equal(read_file(p, 1024, &out, &len), 0);
	assert_int_equal(len, 11);
	assert_memory_equal(out, "hello\0world\0", 12);
	free(out);

	/* exactly the limit is fine, one byte more is EFBIG */
	assert_int_equal(read_file(p, 11, &out, &len), 0);
	assert_int_equal(len, 11);
	free(out);
	out = (char *)1;
	len = 99;
	errno = 0;
	assert_int_equal(read_file(p, 10, &out, &len), -1);
	assert_int_equal(errno, EFBIG);
	assert_null(out);
	assert_int_equal(len, 0);
	free(p);
}

static void
test_read_file_empty(void **state)
{
	char *p = tmp_path("empty"), *out = NULL;
	size_t len = 99;

	(void)state;
	write_tmp("empty", "", 0);
	assert_int_equal(read_file(p, 0, &out, &len), 0);
	assert_non_null(out);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(out);
	free(p);
}

static void
test_read_file_refused(void **state)
{
	char *small = tmp_path("small"), *link = tmp_path("link");
	char *dangling = tmp_path("dangling"), *sub = tmp_path("sub");
	char *missing = tmp_path("missing"), *out = (char *)1;
	size_t len = 99;

	(void)state;
	write_tmp("small", "data", 4);
	assert_int_equal(symlink(small, link), 0);
	assert_int_equal(symlink(missing, dangling), 0);
	assert_int_equal(mkdir(sub, 0700), 0);

	/* a symlink to a readable regular file is refused (O_NOFOLLOW) */
	errno = 0;
	assert_int_equal(read_file(link, 1024, &out, &len), -1);
	assert_int_equal(errno, ELOOP);
	assert_null(out);
	assert_int_equal(len, 0);

	errno = 0;
	assert_int_equal(read_file(dangling, 1024, &out, &len), -1);
	assert_int_not_equal(errno, 0);
	assert_null(out);

	/* a directory opens but is no regular file */
	out = (char *)1;
	errno = 0;
	assert_int_equal(read_file(sub, 1024, &out, &len), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(out);

	/* a character device, which would otherwise read as empty */
	out = (char *)1;
	errno = 0;
	assert_int_equal(read_file("/dev/null", 1024, &out, &len), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(out);

	errno = 0;
	assert_int_equal(read_file(missing, 1024, &out, &len), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(out);
	assert_int_equal(len, 0);

	/* the file itself is still readable directly */
	assert_int_equal(read_file(small, 1024, &out, &len), 0);
	assert_string_equal(out, "data");
	free(out);
	free(small);
	free(link);
	free(dangling);
	free(sub);
	free(missing);
}

static void
test_read_file_large(void **state)
{
	size_t n = 3 * 1024 * 1024 + 7;
	char *data = xmalloc(n), *p = tmp_path("big"), *out = NULL;
	size_t len = 0;

	(void)state;
	for (size_t i = 0; i < n; i++)
		data[i] = (char)('A' + i % 23);
	write_tmp("big", data, n);
	assert_int_equal(read_file(p, n, &out, &len), 0);
	assert_int_equal(len, n);
	assert_memory_equal(out, data, n);
	assert_int_equal(out[n], '\0');
	free(out);
	errno = 0;
	assert_int_equal(read_file(p, 1024 * 1024, &out, &len), -1);
	assert_int_equal(errno, EFBIG);
	assert_null(out);
	free(data);
	free(p);
}

static void
test_xasprintf(void **state)
{
	char *s;

	(void)state;
	s = xasprintf("%s-%03d", "INC", 7);
	assert_string_equal(s, "INC-007");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
}

/* state_dir makes a directory git ignores and refuses a name taken by a
 * file; write_file_atomic replaces a file whole and leaves nothing else
 * behind. */
static void
test_state_dir_and_atomic_write(void **state)
{
	char *ignore = tmp_path("state/.gitignore"), *file =
	    tmp_path("state/file"), *dir = tmp_path("state"), *out;
	size_t n;
	DIR *dp;
	struct dirent *e;
	int entries = 0;

	(void)state;
	assert_null(state_dir(tmpdir, "state"));
	assert_null(state_dir(tmpdir, "state"));     /* again: fine */
	assert_int_equal(read_file(ignore, 100, &out, &n), 0);
	assert_string_equal(out, "*\n");
	free(out);
	write_tmp("taken", "x", 1);
	assert_non_null(state_dir(tmpdir, "taken"));

	assert_int_equal(write_file_atomic(file, "first", 5), 0);
	assert_int_equal(write_file_atomic(file, "2nd", 3), 0);
	assert_int_equal(read_file(file, 100, &out, &n), 0);
	assert_string_equal(out, "2nd");
	free(out);
	dp = opendir(dir);
	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL)
		if (e->d_name[0] != '.' || strcmp(e->d_name, ".gitignore") == 0)
			entries++;
	closedir(dp);
	assert_int_equal(entries, 2);               /* file, .gitignore */
	/* a directory that is not there: an error, errno set */
	out = tmp_path("none/file");
	errno = 0;
	assert_int_equal(write_file_atomic(out, "x", 1), -1);
	assert_int_equal(errno, ENOENT);
	free(out);
	free(ignore);
	free(file);
	free(dir);
}

/* What a parallel_for call saw. */
struct pf_seen {
	int calls[1000];       /* per index: how often fn ran for it */
	int threads[2];        /* per thread: how many calls */
	size_t fail_at;        /* fn fails for this index */
};

static int
pf_fn(void *arg, size_t i, int t)
{
	struct pf_seen *s = arg;

	s->calls[i]++;         /* each index has its own slot */
	s->threads[t]++;       /* each thread has its own slot */
	return i == s->fail_at ? -1 : 0;
}

/* Every index once, on threads 0 and 1 only; a failure stops the taking
 * of new indexes and is returned. */
static void
test_parallel_for(void **state)
{
	static struct pf_seen s;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.fail_at = SIZE_MAX;
	assert_int_equal(parallel_for(1000, 16, pf_fn, &s), 0);
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(s.calls[i], 1);
	assert_int_equal(s.threads[0] + s.threads[1], 1000);
	/* below min_share: one thread */
	memset(&s, 0, sizeof(s));
	s.fail_at = SIZE_MAX;
	assert_int_equal(parallel_for(10, 16, pf_fn, &s), 0);
	assert_int_equal(s.threads[0], 10);
	assert_int_equal(s.threads[1], 0);
	/* a failure: reported, and at most one more index per thread is
	 * taken after it */
	memset(&s, 0, sizeof(s));
	s.fail_at = 100;
	assert_int_equal(parallel_for(1000, 16, pf_fn, &s), -1);
	assert_int_equal(s.calls[100], 1);
	assert_true(s.threads[0] + s.threads[1] < 110);
	assert_int_equal(parallel_for(0, 0, pf_fn, &s), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel_for),
		cmocka_unit_test_setup_teardown(test_state_dir_and_atomic_write,
		    setup_tmp, teardown_tmp),
		cmocka_unit_test(test_buf_grow),
		cmocka_unit_test(test_buf_binary_and_adds),
		cmocka_unit_test(test_buf_addf),
		cmocka_unit_test(test_buf_detach),
		cmocka_unit_test(test_strlist),
		cmocka_unit_test(test_ascii_strcasecmp),
		cmocka_unit_test(test_str_trim),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_xasprintf),
		cmocka_unit_test_setup_teardown(test_read_file, setup_tmp,
		    teardown_tmp),
		cmocka_unit_test_setup_teardown(test_read_file_empty,
		    setup_tmp, teardown_tmp),
		cmocka_unit_test_setup_teardown(test_read_file_refused,
		    setup_tmp, teardown_tmp),
		cmocka_unit_test_setup_teardown(test_read_file_large,
		    setup_tmp, teardown_tmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
