/*
 * test_diag.c - the findings list: adding, moving, the stable sort order,
 * counting by level and level names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "lib/diag.h"

static void
test_add(void **state)
{
	diags d = { 0 };
	char path[] = "incidents/a.md", rule[] = "yaml-syntax";

	(void)state;
	diags_add(&d, path, 3, 7, DIAG_ERROR, rule, "bad %s at %d", "key", 3);
	diags_add(&d, NULL, 0, 0, DIAG_WARNING, NULL, "no path, no rule");
	assert_int_equal(d.n, 2);
	/* path and rule are copies */
	path[0] = 'X';
	rule[0] = 'X';
	assert_string_equal(d.v[0].path, "incidents/a.md");
	assert_string_equal(d.v[0].rule, "yaml-syntax");
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(d.v[0].col, 7);
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_string_equal(d.v[0].message, "bad key at 3");
	assert_null(d.v[1].path);
	assert_string_equal(d.v[1].rule, "");
	assert_int_equal(d.v[1].level, DIAG_WARNING);
	assert_string_equal(d.v[1].message, "no path, no rule");
	diags_free(&d);
	assert_null(d.v);
	assert_int_equal(d.n, 0);
	assert_int_equal(d.cap, 0);
	/* freed lists are reusable; free is NULL-safe and idempotent */
	diags_add(&d, "x", 1, 1, DIAG_NOTE, "r", "again");
	assert_int_equal(d.n, 1);
	diags_free(&d);
	diags_free(&d);
	diags_free(NULL);
}

static void
test_off_ignored(void **state)
{
	diags d = { 0 };

	(void)state;
	diags_add(&d, "a.md", 1, 1, DIAG_OFF, "unknown-field", "dropped");
	assert_int_equal(d.n, 0);
	diags_add(&d, "a.md", 1, 1, DIAG_NOTE, "r", "kept");
	diags_add(&d, "a.md", 1, 1, DIAG_OFF, "r", "dropped");
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].message, "kept");
	diags_free(&d);
}

static void
test_many(void **state)
{
	diags d = { 0 };

	(void)state;
	for (int i = 0; i < 100; i++)
		diags_add(&d, "p", i, 0, DIAG_NOTE, "r", "%d", i);
	assert_int_equal(d.n, 100);
	for (int i = 0; i < 100; i++) {
		char s[16];

		snprintf(s, sizeof(s), "%d", i);
		assert_int_equal(d.v[i].line, i);
		assert_string_equal(d.v[i].message, s);
	}
	diags_free(&d);
}

static void
test_move(void **state)
{
	diags a = { 0 }, b = { 0 }, empty = { 0 };

	(void)state;
	diags_add(&a, "a", 1, 0, DIAG_ERROR, "r1", "a1");
	for (int i = 0; i < 20; i++)
		diags_add(&b, "b", i, 0, DIAG_WARNING, "r2", "b%d", i);
	diags_move(&a, &b);
	assert_int_equal(a.n, 21);
	assert_int_equal(b.n, 0);
	assert_int_equal(b.cap, 0);
	assert_null(b.v);
	assert_string_equal(a.v[0].message, "a1");
	assert_string_equal(a.v[1].message, "b0");
	assert_string_equal(a.v[20].message, "b19");
	assert_string_equal(a.v[20].path, "b");
	/* moving an empty list changes nothing; src stays usable */
	diags_move(&a, &empty);
	assert_int_equal(a.n, 21);
	diags_add(&b, "b", 1, 0, DIAG_NOTE, "r", "later");
	diags_move(&empty, &b);
	assert_int_equal(empty.n, 1);
	assert_string_equal(empty.v[0].message, "later");
	diags_free(&a);
	diags_free(&b);
	diags_free(&empty);
}

static void
test_sort(void **state)
{
	diags d = { 0 };
	static const char *const order[] = {
		"nopath", "a-1-0", "a-1-2-x", "a-1-2-y", "a-2-1", "a-10-1",
		"b-1-1-a", "b-1-1-b",
	};

	(void)state;
	/* added scrambled; line 10 must sort after line 2 (numbers, not
	 * text), and NULL paths sort first, as "" */
	diags_add(&d, "b.md", 1, 1, DIAG_ERROR, "rule-b", "b-1-1-b");
	diags_add(&d, "a.md", 10, 1, DIAG_ERROR, "r", "a-10-1");
	diags_add(&d, "a.md", 1, 2, DIAG_ERROR, "y", "a-1-2-y");
	diags_add(&d, "a.md", 2, 1, DIAG_NOTE, "r", "a-2-1");
	diags_add(&d, "b.md", 1, 1, DIAG_WARNING, "rule-a", "b-1-1-a");
	diags_add(&d, "a.md", 1, 2, DIAG_WARNING, "x", "a-1-2-x");
	diags_add(&d, "a.md", 1, 0, DIAG_ERROR, "z", "a-1-0");
	diags_add(&d, NULL, 5, 5, DIAG_ERROR, "z", "nopath");
	diags_sort(&d);
	assert_int_equal(d.n, sizeof(order) / sizeof(*order));
	for (size_t i = 0; i < d.n; i++)
		assert_string_equal(d.v[i].message, order[i]);
	diags_free(&d);
}

static void
test_sort_stable(void **state)
{
	diags d = { 0 };
	char want[16];

	(void)state;
	/* equal keys keep the order they were added in: interleave two
	 * keys in reverse and check each key's messages stay ascending */
	for (int i = 0; i < 40; i++)
		diags_add(&d, i % 2 ? "a.md" : "b.md", 3, 4, DIAG_ERROR, "same",
		    "%02d", i);
	diags_sort(&d);
	for (int i = 0; i < 20; i++) {
		snprintf(want, sizeof(want), "%02d", 2 * i + 1);
		assert_string_equal(d.v[i].path, "a.md");
		assert_string_equal(d.v[i].message, want);
		snprintf(want, sizeof(want), "%02d", 2 * i);
		assert_string_equal(d.v[20 + i].path, "b.md");
		assert_string_equal(d.v[20 + i].message, want);
	}
	diags_free(&d);
	diags_sort(&d);   /* empty */
	assert_int_equal(d.n, 0);
}

static void
test_count(void **state)
{
	diags d = { 0 };

	(void)state;
	assert_int_equal(diags_count(&d, DIAG_NOTE), 0);
	diags_add(&d, "a", 1, 1, DIAG_NOTE, "r", "n");
	diags_add(&d, "a", 1, 1, DIAG_WARNING, "r", "w1");
	diags_add(&d, "a", 1, 1, DIAG_ERROR, "r", "e");
	diags_add(&d, "a", 1, 1, DIAG_WARNING, "r", "w2");
	assert_int_equal(diags_count(&d, DIAG_OFF), 4);
	assert_int_equal(diags_count(&d, DIAG_NOTE), 4);
	assert_int_equal(diags_count(&d, DIAG_WARNING), 3);
	assert_int_equal(diags_count(&d, DIAG_ERROR), 1);
	diags_free(&d);
}

static void
test_level_names(void **state)
{
	(void)state;
	assert_string_equal(diag_level_name(DIAG_ERROR), "error");
	assert_string_equal(diag_level_name(DIAG_WARNING), "warning");
	assert_string_equal(diag_level_name(DIAG_NOTE), "note");
	assert_string_equal(diag_level_name(DIAG_OFF), "off");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_off_ignored),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_sort_stable),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_level_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
