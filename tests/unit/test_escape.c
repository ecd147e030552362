/*
 * test_escape.c - the escaping module, one context at a time: HTML text,
 * attribute values, URL attributes (the allowlist and percent-encoding),
 * JSON strings safe in <script>, CSV cells safe in a spreadsheet.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"

typedef void (*esc_fn)(buf *, const char *, size_t);

/* fn over the n bytes at s; the caller frees the result. */
static char *
esc(esc_fn fn, const char *s, size_t n)
{
	buf b = { 0 };

	fn(&b, s, n);
	return b.data != NULL ? buf_detach(&b) : strdup("");
}

#define expect(fn, in, want) do { \
	char *got_ = esc((fn), (in), sizeof(in) - 1); \
	assert_string_equal(got_, (want)); \
	free(got_); \
} while (0)

static void
test_html_text(void **state)
{
	(void)state;
	expect(esc_html_text, "", "");
	expect(esc_html_text, "plain words", "plain words");
	expect(esc_html_text, "<script>alert(1)</script>",
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	expect(esc_html_text, "a & b &amp; c", "a &amp; b &amp;amp; c");
	/* quotes need nothing in text */
	expect(esc_html_text, "\"q\" 'a'", "\"q\" 'a'");
	/* UTF-8 is kept, C0 controls but tab, LF, CR dropped */
	expect(esc_html_text, "caf\xc3\xa9 \xe2\x80\x94", "caf\xc3\xa9 \xe2\x80\x94");
	expect(esc_html_text, "a\x01\x1b[31mb\tc\nd\re", "a[31mb\tc\nd\re");
	/* a NUL inside the text is a control too */
	expect(esc_html_text, "a\0b", "ab");
}

static void
test_html_attr(void **state)
{
	(void)state;
	expect(esc_html_attr, "", "");
	expect(esc_html_attr, "\"><img src=x onerror=alert(1)>",
	    "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
	expect(esc_html_attr, "it's", "it's");
	expect(esc_html_attr, "x\x7fy", "x\x7fy");
}

/* esc_url_attr on the string s: its output, or NULL when refused. */
static char *
url(const char *s)
{
	buf b = { 0 };

	if (!esc_url_attr(&b, s, strlen(s))) {
		assert_int_equal(b.len, 0);
		buf_free(&b);
		return NULL;
	}
	return b.data != NULL ? buf_detach(&b) : strdup("");
}

#define expect_url(in, want) do { \
	char *got_ = url(in); \
	assert_non_null(got_); \
	assert_string_equal(got_, (want)); \
	free(got_); \
} while (0)

static void
test_url_attr(void **state)
{
	(void)state;
	expect_url("https://example.com/a?b=1&c=2#top",
	    "https://example.com/a?b=1&amp;c=2#top");
	expect_url("../incidents/2024-001.html", "../incidents/2024-001.html");
	expect_url("mailto:ops@example.com", "mailto:ops@example.com");
	/* what a URL cannot hold as written is percent-encoded */
	expect_url("/a b\"c", "/a%20b%22c");
	expect_url("#caf\xc3\xa9", "#caf%C3%A9");
	expect_url("x{|}^`[]\\$", "x%7B%7C%7D%5E%60%5B%5D%5C%24");
	/* an escape stays an escape */
	expect_url("/a%20b", "/a%20b");
	expect_url("", "");
	/* the allowlist: refused, nothing written */
	assert_null(url("javascript:alert(1)"));
	assert_null(url("JavaScript:alert(1)"));
	assert_null(url("data:text/html,x"));
	assert_null(url("//evil.example/"));
	assert_null(url(" https://example.com/"));
	assert_null(url("java\tscript:x"));
	assert_null(url("vbscript:x"));
	{
		buf b = { 0 };

		/* a NUL inside the URL hides what follows from the check */
		assert_false(esc_url_attr(&b, "ok\0javascript:x", 15));
		assert_int_equal(b.len, 0);
	}
}

static void
test_json_string(void **state)
{
	(void)state;
	expect(esc_json_string, "", "\"\"");
	expect(esc_json_string, "plain", "\"plain\"");
	expect(esc_json_string, "a\"b\\c", "\"a\\\"b\\\\c\"");
	expect(esc_json_string, "\n\t\r\b\f\x01", "\"\\n\\t\\r\\b\\f\\u0001\"");
	/* nothing can end the script or open a comment */
	expect(esc_json_string, "</script><!--&",
	    "\"\\u003C/script\\u003E\\u003C!--\\u0026\"");
	/* JavaScript's line terminators that JSON allows raw */
	expect(esc_json_string, "a\xe2\x80\xa8" "b\xe2\x80\xa9",
	    "\"a\\u2028b\\u2029\"");
	/* UTF-8 kept, an invalid byte replaced */
	expect(esc_json_string, "caf\xc3\xa9 \xf0\x9f\x94\xa5",
	    "\"caf\xc3\xa9 \xf0\x9f\x94\xa5\"");
	expect(esc_json_string, "a\xff" "b\xc3", "\"a\\uFFFDb\\uFFFD\"");
	expect(esc_json_string, "a\0b", "\"a\\u0000b\"");
}

static void
test_csv_cell(void **state)
{
	(void)state;
	expect(esc_csv_cell, "", "");
	expect(esc_csv_cell, "plain", "plain");
	expect(esc_csv_cell, "a,b", "\"a,b\"");
	expect(esc_csv_cell, "say \"hi\"", "\"say \"\"hi\"\"\"");
	expect(esc_csv_cell, "two\nlines", "\"two\nlines\"");
	/* formulas are neutralised, also after spaces */
	expect(esc_csv_cell, "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
	expect(esc_csv_cell, "+1", "'+1");
	expect(esc_csv_cell, "-2", "'-2");
	expect(esc_csv_cell, "@SUM(A1)", "'@SUM(A1)");
	expect(esc_csv_cell, "  =1", "'  =1");
	expect(esc_csv_cell, "\tx", "'\tx");
	expect(esc_csv_cell, "\nx", "\"'\nx\"");
	/* not a formula in the middle */
	expect(esc_csv_cell, "a=b", "a=b");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_text),
		cmocka_unit_test(test_html_attr),
		cmocka_unit_test(test_url_attr),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_csv_cell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
