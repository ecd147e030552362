/* test_utf8.c - the one UTF-8 module: strict decoding, sanitising,
 * cutting on a character boundary, counting characters. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "lib/utf8.h"

static void
test_decode(void **state)
{
	size_t len;

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &len), 'A');
	assert_int_equal(len, 1);
	assert_int_equal(utf8_decode("\xc3\xa9", 2, &len), 0xe9);
	assert_int_equal(len, 2);
	assert_int_equal(utf8_decode("\xe2\x80\xa6", 3, &len), 0x2026);
	assert_int_equal(len, 3);
	assert_int_equal(utf8_decode("\xf0\x9f\x94\xa5", 4, &len), 0x1f525);
	assert_int_equal(len, 4);
}

/* Overlong forms, surrogates, past U+10FFFF, stray continuation bytes and
 * truncated sequences are all invalid, one byte at a time. */
static void
test_decode_invalid(void **state)
{
	static const char *const bad[] = {
		"\xc0\xaf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf", /* overlong */
		"\xed\xa0\x80",                                 /* surrogate */
		"\xf4\x90\x80\x80",                             /* > U+10FFFF */
		"\x80", "\xbf", "\xff", "\xfe",
		"\xc3", "\xe2\x80", "\xf0\x9f\x94",             /* truncated */
		"\xc3(",
	};
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(utf8_decode(bad[i], strlen(bad[i]), &len),
		    UTF8_INVALID);
		assert_int_equal(len, 1);
	}
	/* a NUL ends a sequence even when n says there is more */
	assert_int_equal(utf8_decode("\xe2\x80", 4, &len), UTF8_INVALID);
}

static void
test_invalid_at(void **state)
{
	(void)state;
	assert_int_equal(utf8_invalid_at("caf\xc3\xa9", 5), 5);
	assert_int_equal(utf8_invalid_at("ab\xc3(", 4), 2);
	assert_int_equal(utf8_invalid_at("ab\xe2\x80", 4), 2);
	assert_int_equal(utf8_invalid_at("", 0), 0);
}

static void
test_sanitize(void **state)
{
	char *s;

	(void)state;
	s = utf8_sanitize("caf\xc3\xa9\t\n", 7);
	assert_string_equal(s, "caf\xc3\xa9\t\n");
	free(s);
	/* each bad byte and each control character becomes U+FFFD */
	s = utf8_sanitize("a\xff" "b\x1b[31m\x7f" "c\xe2\x80", 12);
	assert_string_equal(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd[31m"
	    "\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
	/* U+009B is CSI to an 8-bit terminal */
	s = utf8_sanitize("a\xc2\x9b" "31m\xc2\xa0", 8);
	assert_string_equal(s, "a\xef\xbf\xbd" "31m\xc2\xa0");
	free(s);
	s = utf8_sanitize("", 0);
	assert_string_equal(s, "");
	free(s);
}

static void
test_floor_and_width(void **state)
{
	const char *s = "a\xc3\xa9\xe2\x80\xa6z";   /* a é … z */

	(void)state;
	assert_int_equal(utf8_floor(s, 1), 1);
	assert_int_equal(utf8_floor(s, 2), 1);     /* inside é */
	assert_int_equal(utf8_floor(s, 3), 3);
	assert_int_equal(utf8_floor(s, 4), 3);     /* inside … */
	assert_int_equal(utf8_floor(s, 5), 3);
	assert_int_equal(utf8_floor(s, 6), 6);
	assert_int_equal(utf8_floor(s, 0), 0);
	assert_int_equal(utf8_width(s), 4);
	assert_int_equal(utf8_width(""), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_invalid_at),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_floor_and_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
