/*
 * test_json_text.c - render/json_text.c: jansson's layout, byte for
 * byte, with strings escaped for a <script> element.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "render/json_text.h"

/* json_text(j) is json_dumps(j, INDENT(2) | REAL_PRECISION(10)) and a
 * newline. */
static void
same_as_jansson(json_t *j)
{
	char *want = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	char *got = json_text(j);

	assert_non_null(want);
	assert_non_null(got);
	assert_int_equal(strlen(got), strlen(want) + 1);
	assert_memory_equal(got, want, strlen(want));
	assert_int_equal(got[strlen(want)], '\n');
	free(want);
	free(got);
}

/* Every kind of value, nesting and string jansson writes the same. */
static void
test_layout(void **state)
{
	json_t *j = json_pack("{s:[],s:{},s:[i,I,f,f,f,f,f,f,b,b,n],s:s,s:s,"
	    "s:[{s:[[]]}],s:s#}",
	    "empty", "none", "scalars", 0, (json_int_t)-9007199254740993LL,
	    0.1, -2.5e-7, 1e21, 3.0, 1e-300, 123456789012.5, 1, 0, "esc",
	    "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f end",
	    "utf8", "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x94\xa5",
	    "deep", "a", "nul", "a\0b", (int)3);

	(void)state;
	assert_non_null(j);
	same_as_jansson(j);
	json_decref(j);
	/* deeper than any indent written at once */
	j = json_array();
	for (int i = 0; i < 40; i++)
		j = json_pack("{s:o}", "in", j);
	same_as_jansson(j);
	json_decref(j);
	/* insertion order, not sorted */
	j = json_pack("{s:i,s:i,s:i}", "z", 1, "a", 2, "m", 3);
	same_as_jansson(j);
	json_decref(j);
}

/* What jansson leaves raw and a <script> must not see is escaped, in
 * values and keys alike. */
static void
test_script_safe(void **state)
{
	json_t *j = json_pack("{s:s}", "</script>",
	    "<!-- & \xe2\x80\xa8 \xe2\x80\xa9 -->");
	char *got;

	(void)state;
	got = json_text(j);
	assert_non_null(got);
	assert_string_equal(got, "{\n  \"\\u003C/script\\u003E\": "
	    "\"\\u003C!-- \\u0026 \\u2028 \\u2029 --\\u003E\"\n}\n");
	assert_null(strchr(got, '<'));
	free(got);
	json_decref(j);
}

/* Depth shifts every inner line; only documents are whole texts. */
static void
test_depth_and_refusals(void **state)
{
	json_t *j = json_pack("{s:[i]}", "a", 1);
	buf b = { 0 };

	(void)state;
	json_text_append(&b, j, 2);
	buf_addc(&b, '\0');
	assert_string_equal(b.data,
	    "{\n      \"a\": [\n        1\n      ]\n    }");
	buf_free(&b);
	json_decref(j);
	j = json_integer(1);
	assert_null(json_text(j));
	json_decref(j);
	assert_null(json_text(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_script_safe),
		cmocka_unit_test(test_depth_and_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
