/* test_strmap.c - the one hash map: put, get, replace, delete with the
 * probe run moved back, growth, and keys owned by the map. */
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "lib/strmap.h"

static void
test_put_get(void **state)
{
	strmap m = { 0 };
	char key[8] = "k";
	size_t v;

	(void)state;
	assert_false(strmap_get(&m, "missing", &v));
	strmap_put(&m, key, 1);
	key[0] = 'x';          /* the map keeps its own copy */
	assert_true(strmap_get(&m, "k", &v));
	assert_int_equal(v, 1);
	assert_false(strmap_get(&m, "x", &v));
	strmap_put(&m, "k", 7);
	assert_true(strmap_get(&m, "k", &v));
	assert_int_equal(v, 7);
	assert_int_equal(m.n, 1);
	strmap_free(&m);
	assert_int_equal(m.n, 0);
	strmap_free(&m);
	strmap_free(NULL);
}

/* Many keys through several doublings; deleting every other one keeps the
 * rest reachable (no tombstones, the probe runs are repaired). */
static void
test_grow_and_delete(void **state)
{
	strmap m = { 0 };
	char key[32];
	size_t v;

	(void)state;
	for (size_t i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "incidents/%zu.md", i);
		strmap_put(&m, key, i);
	}
	assert_int_equal(m.n, 5000);
	for (size_t i = 0; i < 5000; i += 2) {
		snprintf(key, sizeof(key), "incidents/%zu.md", i);
		strmap_del(&m, key);
	}
	strmap_del(&m, "not there");
	assert_int_equal(m.n, 2500);
	for (size_t i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "incidents/%zu.md", i);
		if (i % 2 == 0)
			assert_false(strmap_get(&m, key, &v));
		else {
			assert_true(strmap_get(&m, key, &v));
			assert_int_equal(v, i);
		}
	}
	strmap_free(&m);
}

static void
test_hash(void **state)
{
	(void)state;
	/* FNV-1a's published offset basis and the value for "a" */
	assert_true(hash_fnv1a("", 0) == 14695981039346656037ULL);
	assert_true(hash_fnv1a("a", 1) == 0xaf63dc4c8601ec8cULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get),
		cmocka_unit_test(test_grow_and_delete),
		cmocka_unit_test(test_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
