/* test_url.c - the URL allow-list. */
#include "unit.h"

#include "lib/url.h"

static void
test_allowed(void **state)
{
	(void)state;
	assert_true(url_is_safe("https://status.example.com/x?y#z"));
	assert_true(url_is_safe("HTTP://example.com"));
	assert_true(url_is_safe("mailto:oncall@example.com"));
	assert_true(url_is_safe("../incidents/2024-001.html"));
	assert_true(url_is_safe("#timeline"));
	assert_true(url_is_safe("page.html?a=b:c"));
	assert_true(url_is_safe("/absolute/path"));
	assert_true(url_is_safe(""));
}

static void
test_refused(void **state)
{
	(void)state;
	assert_false(url_is_safe(NULL));
	assert_false(url_is_safe("javascript:alert(1)"));
	assert_false(url_is_safe("JavaScript:alert(1)"));
	assert_false(url_is_safe("java\tscript:alert(1)"));
	assert_false(url_is_safe(" javascript:alert(1)"));
	assert_false(url_is_safe("\x01javascript:alert(1)"));
	assert_false(url_is_safe("vbscript:msgbox"));
	assert_false(url_is_safe("data:text/html;base64,PHNjcmlwdD4="));
	assert_false(url_is_safe("file:///etc/passwd"));
	assert_false(url_is_safe("//evil.example/x"));
	assert_false(url_is_safe("/\\evil.example"));
	assert_false(url_is_safe("\\\\evil.example"));
}

/* Browsers delete tabs and newlines anywhere in a URL: "/\t/host" is a
 * link to another host, "https://a\nb" is "https://ab". */
static void
test_controls_inside(void **state)
{
	(void)state;
	assert_false(url_is_safe("/\t/evil.example/x"));
	assert_false(url_is_safe("/\n/evil.example/x"));
	assert_false(url_is_safe("/\r\n/evil.example/x"));
	assert_false(url_is_safe("https://example.com/a\nb"));
	assert_false(url_is_safe("page.html\x7f"));
	assert_false(url_is_safe("a\x01b"));
	assert_true(url_is_safe("https://example.com/caf\xc3\xa9"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_controls_inside),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
