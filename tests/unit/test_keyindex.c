/* test_keyindex.c - the sorted multimap: the values of a key in increasing
 * order whatever the order of adding, keys that are prefixes of others,
 * binary keys, an empty index; and xgrow's doubling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "lib/grow.h"
#include "lib/keyindex.h"

static void
test_values_ascending(void **state)
{
	keyindex ix = { 0 };
	const char *keys[] = { "b", "a", "b", "ab", "b", "a" };
	const size_t *v;
	size_t n;

	(void)state;
	/* added newest first: the lookup still gives the oldest first */
	for (size_t i = sizeof(keys) / sizeof(*keys); i-- > 0;)
		keyindex_add(&ix, keys[i], strlen(keys[i]), i);
	keyindex_sort(&ix);
	v = keyindex_get(&ix, "b", 1, &n);
	assert_int_equal(n, 3);
	assert_int_equal(v[0], 0);
	assert_int_equal(v[1], 2);
	assert_int_equal(v[2], 4);
	v = keyindex_get(&ix, "a", 1, &n);
	assert_int_equal(n, 2);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 5);
	/* "a" begins "ab" but is another key */
	v = keyindex_get(&ix, "ab", 2, &n);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], 3);
	/* a key given by length: the first byte of "abc" */
	v = keyindex_get(&ix, "abc", 1, &n);
	assert_int_equal(n, 2);
	assert_null(keyindex_get(&ix, "c", 1, &n));
	assert_int_equal(n, 0);
	assert_null(keyindex_get(&ix, "", 0, &n));
	keyindex_free(&ix);
	assert_int_equal(ix.n, 0);
	keyindex_free(&ix);
	keyindex_free(NULL);
}

/* Keys with NUL bytes (object ids) compare as bytes; an index never
 * sorted, or empty, finds nothing. */
static void
test_binary_and_empty(void **state)
{
	keyindex ix = { 0 };
	unsigned char k1[4] = { 0, 1, 0, 2 }, k2[4] = { 0, 1, 0, 3 };
	size_t n;

	(void)state;
	keyindex_add(&ix, k1, sizeof(k1), 7);
	assert_null(keyindex_get(&ix, k1, sizeof(k1), &n));
	keyindex_add(&ix, k2, sizeof(k2), 8);
	keyindex_sort(&ix);
	assert_int_equal(*keyindex_get(&ix, k1, sizeof(k1), &n), 7);
	assert_int_equal(n, 1);
	assert_int_equal(*keyindex_get(&ix, k2, sizeof(k2), &n), 8);
	keyindex_free(&ix);
	keyindex_sort(&ix);
	assert_null(keyindex_get(&ix, k1, sizeof(k1), &n));
	assert_int_equal(n, 0);
}

/* Many keys through several growths; every one found again. */
static void
test_many(void **state)
{
	keyindex ix = { 0 };
	char (*keys)[24] = calloc(3000, sizeof(*keys));
	size_t n;

	(void)state;
	assert_non_null(keys);
	for (size_t i = 0; i < 3000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "INC-%zu", i % 1000);
		keyindex_add(&ix, keys[i], strlen(keys[i]), i);
	}
	keyindex_sort(&ix);
	for (size_t i = 0; i < 1000; i++) {
		const size_t *v = keyindex_get(&ix, keys[i],
		    strlen(keys[i]), &n);

		assert_int_equal(n, 3);
		assert_int_equal(v[0], i);
		assert_int_equal(v[1], i + 1000);
		assert_int_equal(v[2], i + 2000);
	}
	keyindex_free(&ix);
	free(keys);
}

static void
test_xgrow(void **state)
{
	int *v = NULL;
	size_t cap = 0;

	(void)state;
	for (size_t i = 0; i < 100; i++) {
		int *before = v;
		size_t was = cap;

		v = xgrow(v, i, &cap, sizeof(*v), 4);
		assert_true(i < cap);
		/* room to spare: the array is left as it was */
		if (i < was)
			assert_ptr_equal(v, before);
		v[i] = (int)i;
	}
	assert_int_equal(cap, 128);
	for (size_t i = 0; i < 100; i++)
		assert_int_equal(v[i], (int)i);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_ascending),
		cmocka_unit_test(test_binary_and_empty),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_xgrow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
