/*
 * test_mdlimits.c - the pre-scan that refuses bodies cmark-gfm
 * 0.29.0.gfm.6 would take minutes over: ordinary records pass with room
 * to spare, each quadratic shape is caught, with its line.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "parse/mdlimits.h"
#include "lib/util.h"

/* Check body (file line 10 onwards); returns the status, fills *c. */
static int
scan(const char *body, mdcost *c, diags *d)
{
	return mdlimits_check(body, strlen(body), 10, "x.md", c, d);
}

/* s repeated n times, then tail. */
static char *
rep(const char *s, size_t n, const char *tail)
{
	buf b = { 0 };

	for (size_t i = 0; i < n; i++)
		buf_adds(&b, s);
	buf_adds(&b, tail);
	return buf_detach(&b);
}

static void
test_ordinary(void **state)
{
	const char *body =
	    "## Summary\n\nText with <b>html</b>, <!-- a comment -->, a\n"
	    "[link](https://x.example) and ![img](a.png).\n\n"
	    "> quote\n> - item\n>   - nested\n\n"
	    "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
	    "```xml\n<?xml version=\"1.0\"?>\n<!DOCTYPE x>\n<x/>\n```\n";
	diags d = { 0 };
	mdcost c;

	(void)state;
	assert_int_equal(scan(body, &c, &d), 0);
	assert_int_equal(d.n, 0);
	assert_true(c.nesting < 100);
	assert_true(c.html_scan < 100);
	/* three rows of at most four cells (a bound: pipes + 1) */
	assert_int_equal(c.table_cells, 12);
	diags_free(&d);
}

/* one quadratic shape: refused with record-size at line */
static void
refused(const char *body, int line, const char *what)
{
	diags d = { 0 };

	assert_int_equal(scan(body, NULL, &d), -1);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "record-size");
	assert_int_equal(d.v[0].line, line);
	assert_non_null(strstr(d.v[0].message, what));
	diags_free(&d);
}

static void
test_quadratic_shapes(void **state)
{
	char *s;

	(void)state;
	/* CVE-2023-24824: deep containers, then many lazy or blank lines */
	s = rep("- ", 3000, "a\n");
	{
		char *t = rep("b\n", 3000, "");
		char *u = xasprintf("%s%s", s, t);

		/* 3000 markers and 3000 columns after them: 4500 a line */
		refused(u, 10 + 888, "nested deep");
		free(t);
		free(u);
	}
	free(s);
	s = rep("a <?", 100000, "\n");
	refused(s, 10, "unclosed");
	free(s);
	/* a closer in another block of the paragraph does not help */
	s = rep("a <?", 100000, "\n# ?>\n");
	refused(s, 10, "unclosed");
	free(s);
	s = rep("a <![CDATA[", 60000, "\n");
	refused(s, 10, "unclosed");
	free(s);
	s = rep("![[]()", 100000, "\n");
	refused(s, 10, "\"![\"");
	free(s);
	s = rep("https://a.b<", 60000, "\n");
	refused(s, 10, "URLs");
	free(s);
	s = rep("|x", 20000, "|\n|-|-|\n");
	refused(s, 10, "columns");
	free(s);
}

static void
test_tables(void **state)
{
	char *head = rep("|a", 1500, "|\n"), *delim = rep("|-", 1500, "|\n");
	char *rows = rep("x\n", 300000, ""), *body;

	(void)state;
	/* short rows are padded to the header's 1500 cells */
	body = xasprintf("para\n\n%s%s%s", head, delim, rows);
	refused(body, 12, "cells");
	free(body);
	free(rows);
	/* the same table with a blank line after the header row is fine */
	rows = rep("x\n", 1000, "");
	body = xasprintf("%s%s\n%s", head, delim, rows);
	{
		diags d = { 0 };

		assert_int_equal(scan(body, NULL, &d), 0);
		diags_free(&d);
	}
	free(body);
	free(rows);
	free(head);
	free(delim);
}

static void
test_blank_lines_end_runs(void **state)
{
	/* unclosed "<?" in many short paragraphs cost little */
	char *s = rep("a <? b\n\n", 50000, "");
	diags d = { 0 };
	mdcost c;

	(void)state;
	assert_int_equal(scan(s, &c, &d), 0);
	assert_true(c.html_scan < 1000000);
	free(s);
	diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ordinary),
		cmocka_unit_test(test_quadratic_shapes),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_blank_lines_end_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
