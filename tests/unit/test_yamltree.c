/*
 * test_yamltree.c - positions, limits and refusals of yaml_load, and the
 * scalar helpers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "lib/util.h"
#include "parse/yamltree.h"

/* Load text (file line 1 onwards); returns yaml_load's result. */
static int
load(const char *text, ynode **out, diags *d)
{
	return yaml_load(text, strlen(text), "t.yaml", 1, out, d);
}

/* Load text that must fail; checks the single yaml-syntax finding's
 * position and that its message contains want. */
static void
expect_error(const char *text, int line, int col, const char *want)
{
	diags d = { 0 };
	ynode *n = (ynode *)1;
	int rc = load(text, &n, &d);
	bool ok;
	char got[512];

	ok = rc == -1 && n == NULL && d.n == 1 &&
	    strcmp(d.v[0].rule, "yaml-syntax") == 0 &&
	    strcmp(d.v[0].path, "t.yaml") == 0 &&
	    d.v[0].level == DIAG_ERROR && d.v[0].line == line &&
	    (col == 0 || d.v[0].col == col) &&
	    (want == NULL || strstr(d.v[0].message, want) != NULL);
	snprintf(got, sizeof(got), "rc %d, %zu findings, first %d:%d %s: %s",
	    rc, d.n, d.n ? d.v[0].line : 0, d.n ? d.v[0].col : 0,
	    d.n ? d.v[0].rule : "-", d.n ? d.v[0].message : "-");
	diags_free(&d);
	if (rc == 0)
		ynode_free(n);
	if (!ok)
		fail_msg("want yaml-syntax at %d:%d with \"%s\"; got %s",
		    line, col, want ? want : "", got);
}

/* A scalar node holding text s, for the helper tests. */
static ynode
scalar(const char *s, bool quoted)
{
	ynode n;

	memset(&n, 0, sizeof(n));
	n.kind = Y_SCALAR;
	n.scalar = (char *)s;
	n.quoted = quoted;
	return n;
}

static void
test_positions(void **state)
{
	const char *text =
	    "a: 1\n"
	    "b:\n"
	    "  c: x\n"
	    "  d:\n"
	    "    - 'q'\n"
	    "    - |\n"
	    "      lit\n"
	    "    - \"dq\"\n"
	    "    - >\n"
	    "      folded\n"
	    "e: [1, {f: 2}]\n";
	diags d = { 0 };
	ynode *root = NULL;
	const ynode *b, *c, *dn, *e;

	(void)state;
	assert_int_equal(yaml_load(text, strlen(text), "t.md", 10, &root, &d),
	    0);
	assert_int_equal(d.n, 0);
	assert_int_equal(root->kind, Y_MAP);
	assert_int_equal(root->npairs, 3);
	assert_string_equal(root->pairs[0].key->scalar, "a");
	assert_int_equal(root->pairs[0].key->line, 10);
	assert_int_equal(root->pairs[0].key->col, 1);
	assert_false(root->pairs[0].value->quoted);
	assert_int_equal(root->pairs[0].value->col, 4);

	b = ymap_get(root, "b");
	assert_non_null(b);
	assert_int_equal(b->kind, Y_MAP);
	assert_int_equal(b->line, 12);
	assert_int_equal(b->col, 3);
	assert_string_equal(b->pairs[1].key->scalar, "d");
	assert_int_equal(b->pairs[1].key->line, 13);
	assert_int_equal(b->pairs[1].key->col, 3);
	c = ymap_get(b, "c");
	assert_string_equal(c->scalar, "x");
	assert_int_equal(c->line, 12);
	assert_int_equal(c->col, 6);

	dn = ymap_get(b, "d");
	assert_int_equal(dn->kind, Y_SEQ);
	assert_int_equal(dn->nitems, 4);
	assert_int_equal(dn->line, 14);
	assert_int_equal(dn->col, 5);
	assert_string_equal(dn->items[0]->scalar, "q");
	assert_true(dn->items[0]->quoted);
	assert_int_equal(dn->items[0]->line, 14);
	assert_int_equal(dn->items[0]->col, 7);
	assert_string_equal(dn->items[1]->scalar, "lit\n");
	assert_true(dn->items[1]->quoted);
	assert_int_equal(dn->items[1]->line, 15);
	assert_true(dn->items[2]->quoted);
	assert_int_equal(dn->items[2]->line, 17);
	assert_true(dn->items[3]->quoted);
	assert_string_equal(dn->items[3]->scalar, "folded\n");

	e = ymap_get(root, "e");
	assert_int_equal(e->kind, Y_SEQ);
	assert_int_equal(e->line, 20);
	assert_int_equal(e->col, 4);
	assert_int_equal(e->items[1]->kind, Y_MAP);
	assert_int_equal(e->items[1]->pairs[0].key->col, 9);
	assert_string_equal(ymap_get(e->items[1], "f")->scalar, "2");
	assert_null(ymap_get(root, "zz"));
	assert_null(ymap_get(e, "f"));
	ynode_free(root);
}

static void
test_many_items(void **state)
{
	buf b = { 0 };
	diags d = { 0 };
	ynode *root = NULL;
	const ynode *list;

	(void)state;
	/* enough entries to grow the arrays several times */
	for (int i = 0; i < 300; i++)
		buf_addf(&b, "k%d: %d\n", i, i);
	buf_adds(&b, "list:\n");
	for (int i = 0; i < 300; i++)
		buf_addf(&b, "  - %d\n", i);
	assert_int_equal(load(b.data, &root, &d), 0);
	assert_int_equal(root->npairs, 301);
	assert_string_equal(ymap_get(root, "k299")->scalar, "299");
	list = ymap_get(root, "list");
	assert_int_equal(list->nitems, 300);
	assert_string_equal(list->items[299]->scalar, "299");
	assert_int_equal(list->items[299]->line, 601);
	ynode_free(root);
	buf_free(&b);
}

/* n nested block maps: "k1:\n k2:\n  k3: ..." ending in "kn: x". */
static char *
nested_maps(int n)
{
	buf b = { 0 };

	for (int i = 1; i <= n; i++) {
		for (int j = 1; j < i; j++)
			buf_addc(&b, ' ');
		buf_addf(&b, "k%d:%s", i, i == n ? " x\n" : "\n");
	}
	return buf_detach(&b);
}

/* n nested flow lists: "[[[...]]]". */
static char *
nested_lists(int n)
{
	buf b = { 0 };

	for (int i = 0; i < n; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < n; i++)
		buf_addc(&b, ']');
	return buf_detach(&b);
}

static void
test_depth_limit(void **state)
{
	diags d = { 0 };
	ynode *root = NULL;
	char *s;
	const ynode *n;
	int depth;

	(void)state;
	s = nested_maps(YAML_MAX_DEPTH);
	assert_int_equal(load(s, &root, &d), 0);
	for (n = root, depth = 1; n->kind == Y_MAP; depth++)
		n = n->pairs[0].value;
	assert_int_equal(depth, YAML_MAX_DEPTH + 1);
	assert_string_equal(n->scalar, "x");
	ynode_free(root);
	free(s);

	s = nested_maps(YAML_MAX_DEPTH + 1);
	expect_error(s, YAML_MAX_DEPTH + 1, YAML_MAX_DEPTH + 1, "deeper");
	free(s);

	s = nested_lists(YAML_MAX_DEPTH);
	assert_int_equal(load(s, &root, &d), 0);
	ynode_free(root);
	free(s);

	s = nested_lists(YAML_MAX_DEPTH + 1);
	expect_error(s, 1, YAML_MAX_DEPTH + 1, "deeper");
	free(s);

	/* pathological: must stop at once instead of running for minutes */
	s = nested_lists(200000);
	expect_error(s, 1, YAML_MAX_DEPTH + 1, "deeper");
	free(s);
	assert_int_equal(d.n, 0);
}

static void
test_refusals(void **state)
{
	(void)state;
	/* escapes that make control characters: terminal escapes, and
	 * bytes XML forbids */
	expect_error("a: \"x\\x1b[31m\"\n", 1, 4, "control character");
	expect_error("a: \"x\\x01\"\n", 1, 4, "control character");
	expect_error("a: &x 1\nb: 2\n", 1, 4, "anchors and aliases");
	expect_error("a: 1\nb: *x\n", 2, 4, "anchors and aliases");
	expect_error("a: 1\nb: &m\n  c: 1\n", 2, 4, "anchors and aliases");
	expect_error("a: 1\nb: 2\na: 3\n", 3, 1,
	    "duplicate key \"a\" (first given at line 1)");
	expect_error("top:\n  x: 1\n  y: 2\n  x: 3\n", 4, 3, "\"x\"");
	expect_error("a: 1\n---\nb: 2\n", 2, 1, "one YAML document");
	expect_error("a: 1\n...\n---\nb: 2\n", 3, 1, "one YAML document");
	expect_error("? [a, b]\n: 1\n", 1, 3, "key must be plain text");
	expect_error("{a: 1}: 2\n", 1, 1, "key must be plain text");
	expect_error("a: \"x\\0y\"\n", 1, 4, "NUL");
}

static void
test_syntax_errors(void **state)
{
	(void)state;
	expect_error("a: 1\nb: c: d\n", 2, 5, "mapping values are not allowed");
	expect_error("a: 1\nb: [1, 2\nc: 3\n", 3, 2,
	    "flow sequence that starts at line 2");
	expect_error("a: 'open\n", 2, 1, "quoted scalar");
	expect_error("a: 1\n\tb: 2\n", 2, 1, NULL);
	/* reader errors carry a byte offset: the position is counted */
	expect_error("a: 1\nbb: \xff\n", 2, 5, "0xff");
}

static void
test_empty_and_scalar(void **state)
{
	const char *empties[] = { "", "# only a comment\n", "---\n", "\n\n" };
	diags d = { 0 };
	ynode *root = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		assert_int_equal(load(empties[i], &root, &d), 0);
		assert_int_equal(root->kind, Y_MAP);
		assert_int_equal(root->npairs, 0);
		ynode_free(root);
	}
	assert_int_equal(yaml_load(NULL, 0, "t.yaml", 1, &root, &d), 0);
	assert_int_equal(root->kind, Y_MAP);
	ynode_free(root);

	/* a top-level value that is not a map is the caller's to judge */
	assert_int_equal(load("hello\n", &root, &d), 0);
	assert_int_equal(root->kind, Y_SCALAR);
	assert_string_equal(root->scalar, "hello");
	ynode_free(root);
	assert_int_equal(load("- a\n- b\n", &root, &d), 0);
	assert_int_equal(root->kind, Y_SEQ);
	assert_int_equal(root->nitems, 2);
	ynode_free(root);
	assert_int_equal(d.n, 0);
	ynode_free(NULL);
}

static void
test_bool(void **state)
{
	const char *yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES",
	    "on", "On", "ON" };
	const char *no[] = { "false", "False", "FALSE", "no", "No", "NO",
	    "off", "Off", "OFF" };
	const char *bad[] = { "tRue", "y", "1", "", "truex", "nope" };
	ynode n;
	bool v;

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		n = scalar(yes[i], false);
		v = false;
		assert_int_equal(yscalar_bool(&n, &v), 0);
		assert_true(v);
		n = scalar(no[i], false);
		v = true;
		assert_int_equal(yscalar_bool(&n, &v), 0);
		assert_false(v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = scalar(bad[i], false);
		assert_int_equal(yscalar_bool(&n, &v), -1);
	}
	n = scalar("true", true);
	assert_int_equal(yscalar_bool(&n, &v), -1);
	assert_int_equal(yscalar_bool(NULL, &v), -1);
}

static void
test_number(void **state)
{
	const struct {
		const char *s;
		double v;
	} ok[] = { { "42", 42 }, { "-3.5", -3.5 }, { "+2", 2 },
	    { "1e3", 1000 }, { "0.25", 0.25 }, { ".5", 0.5 }, { "7.", 7 } };
	const char *bad[] = { "inf", "-inf", ".inf", "nan", ".nan", "0x10",
	    "1_000", "", "1e", "e5", "1.2.3", "12abc", " 1", "1e999", "-",
	    "." };
	ynode n;
	double v;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		n = scalar(ok[i].s, false);
		assert_int_equal(yscalar_number(&n, &v), 0);
		assert_true(v == ok[i].v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = scalar(bad[i], false);
		if (yscalar_number(&n, &v) != -1)
			fail_msg("\"%s\" read as a number", bad[i]);
	}
	n = scalar("5", true);
	assert_int_equal(yscalar_number(&n, &v), -1);
}

static void
test_null_and_kind(void **state)
{
	const char *nulls[] = { "", "~", "null", "Null", "NULL" };
	ynode n, seq, map;

	(void)state;
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++) {
		n = scalar(nulls[i], false);
		assert_true(yscalar_is_null(&n));
		n = scalar(nulls[i], true);
		assert_false(yscalar_is_null(&n));
	}
	n = scalar("nUll", false);
	assert_false(yscalar_is_null(&n));
	n = scalar("x", false);
	assert_false(yscalar_is_null(&n));
	memset(&seq, 0, sizeof(seq));
	seq.kind = Y_SEQ;
	memset(&map, 0, sizeof(map));
	map.kind = Y_MAP;
	assert_false(yscalar_is_null(&seq));
	assert_string_equal(ynode_kind_name(&n), "a string");
	assert_string_equal(ynode_kind_name(&seq), "a list");
	assert_string_equal(ynode_kind_name(&map), "a map");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_many_items),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_empty_and_scalar),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_null_and_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
