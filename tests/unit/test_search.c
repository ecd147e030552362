/*
 * test_search.c - the search index: tokens (ASCII folding, UTF-8 kept,
 * punctuation and stop words dropped), weights summed per field, and a
 * search.js that is the same whatever order the text came in.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include <jansson.h>

#include "render/search.h"
#include "lib/util.h"

static void
collect(void *ud, const char *token)
{
	buf *b = ud;

	buf_addf(b, "%s%s", b->len ? "|" : "", token);
}

/* The tokens of text joined by '|'. The caller frees the result. */
static char *
tokens_of(const char *text)
{
	buf b = { 0 };

	search_tokens(text, collect, &b);
	return b.data ? buf_detach(&b) : xstrdup("");
}

static void
check_tokens(const char *text, const char *want)
{
	char *got = tokens_of(text);

	assert_string_equal(got, want);
	free(got);
}

static void
test_tokens_ascii(void **state)
{
	(void)state;
	check_tokens("orders-DB Primary failover", "orders|db|primary|failover");
	/* stop words, single characters and short numbers go */
	check_tokens("The a of 09:02 UTC in 2025-007 P1",
	    "utc|2025|007|p1");
	check_tokens("", "");
	check_tokens("  ...  ", "");
}

static void
test_tokens_utf8(void **state)
{
	(void)state;
	/* letters stay as they are (no folding beyond ASCII); dashes,
	 * arrows and other punctuation split */
	check_tokens("Größe \xc3\x9c" "ber", "größe|\xc3\x9c" "ber");
	check_tokens("09:02\xe2\x80\x93" "10:12 slow\xe2\x80\x94" "fast",
	    "slow|fast");
	check_tokens("investigating \xe2\x86\x92 identified",
	    "investigating|identified");
	check_tokens("caf\xc3\xa9\xc2\xa0" "bar", "caf\xc3\xa9|bar");
}

static void
test_tokens_long(void **state)
{
	char text[200];

	(void)state;
	memset(text, 'a', 100);
	strcpy(text + 100, " ok");
	check_tokens(text, "ok");
}

/* The JSON object of search.js's text. */
static json_t *
parse_js(const char *js)
{
	const char *prefix = "window.AFTERMATH_SEARCH = ";
	json_error_t err;
	size_t n = strlen(js);

	assert_true(strncmp(js, prefix, strlen(prefix)) == 0);
	assert_true(n > 2 && js[n - 2] == ';' && js[n - 1] == '\n');
	for (size_t i = 0; i < n; i++)
		assert_true((unsigned char)js[i] < 0x80);
	return json_loadb(js + strlen(prefix), n - strlen(prefix) - 2, 0,
	    &err);
}

/* Body mentions count up to a cap below the title. */
static void
test_body_cap(void **state)
{
	search_index *s = search_new();
	size_t d = search_add_doc(s, "x");
	buf b = { 0 };
	char *js;

	(void)state;
	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "disk ");
	search_add_text(s, d, SEARCH_BODY, b.data);
	js = search_js(s);
	assert_non_null(strstr(js, "\"disk\":[0,7]"));
	free(js);
	buf_free(&b);
	search_free(s);
}

static void
test_weights(void **state)
{
	search_index *s = search_new();
	size_t a, b;
	char *js;
	json_t *o, *t;

	(void)state;
	a = search_add_doc(s, "2024-001");
	search_add_text(s, a, SEARCH_TITLE, "Database failover");
	search_add_text(s, a, SEARCH_LABEL, "database");
	search_add_text(s, a, SEARCH_BODY, "The database failed over. "
	    "Database, database.");
	b = search_add_doc(s, "2024-002");
	search_add_text(s, b, SEARCH_SUMMARY, "A database was slow");
	search_add_text(s, b, SEARCH_BODY, NULL);
	js = search_js(s);
	assert_non_null(js);
	o = parse_js(js);
	assert_non_null(o);
	assert_int_equal(json_array_size(json_object_get(o, "ids")), 2);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(o, "ids"), 1)), "2024-002");
	/* title 8 + label 4 + body 1 + 1 for two or more mentions in the
	 * body (three here); then summary 2 */
	t = json_object_get(json_object_get(o, "tokens"), "database");
	assert_int_equal(json_array_size(t), 4);
	assert_int_equal(json_integer_value(json_array_get(t, 0)), 0);
	assert_int_equal(json_integer_value(json_array_get(t, 1)), 14);
	assert_int_equal(json_integer_value(json_array_get(t, 2)), 1);
	assert_int_equal(json_integer_value(json_array_get(t, 3)), 2);
	assert_null(json_object_get(json_object_get(o, "tokens"), "the"));
	/* one mention in the body is 1, two are 2 */
	t = json_object_get(json_object_get(o, "tokens"), "failed");
	assert_int_equal(json_integer_value(json_array_get(t, 1)), 1);
	assert_true(json_array_size(json_object_get(o, "stop")) > 0);
	json_decref(o);
	free(js);
	search_free(s);
}

/* The same words in another order give the same file. */
static void
test_deterministic(void **state)
{
	search_index *s1 = search_new(), *s2 = search_new();
	char *j1, *j2;
	size_t d;

	(void)state;
	d = search_add_doc(s1, "x");
	search_add_text(s1, d, SEARCH_BODY, "zebra apple mango");
	search_add_text(s1, d, SEARCH_TITLE, "mango");
	d = search_add_doc(s2, "x");
	search_add_text(s2, d, SEARCH_TITLE, "mango");
	search_add_text(s2, d, SEARCH_BODY, "apple mango zebra");
	j1 = search_js(s1);
	j2 = search_js(s2);
	assert_string_equal(j1, j2);
	assert_non_null(strstr(j1, "\"mango\":[0,9]"));
	free(j1);
	free(j2);
	search_free(s1);
	search_free(s2);
}

/* Non-ASCII text is written as \u escapes, so the file is ASCII. */
static void
test_ascii_output(void **state)
{
	search_index *s = search_new();
	size_t d = search_add_doc(s, "x");
	char *js;
	json_t *o;

	(void)state;
	search_add_text(s, d, SEARCH_TITLE, "Störung");
	js = search_js(s);
	o = parse_js(js);
	assert_non_null(json_object_get(json_object_get(o, "tokens"),
	    "störung"));
	json_decref(o);
	free(js);
	search_free(s);
	search_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_ascii),
		cmocka_unit_test(test_tokens_utf8),
		cmocka_unit_test(test_tokens_long),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_body_cap),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_ascii_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
