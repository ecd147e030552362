/* test_ynode.c - the YAML tree alone: built by hand, as both readers
 * build it, and read back with the accessors. */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/ynode.h"

/* Items and pairs keep their order across the array's growth steps. */
static void
test_append_keeps_order(void **state)
{
	ynode *seq = ynode_new(Y_SEQ, 3, 5), *map = ynode_new(Y_MAP, 1, 1);
	char key[16];

	(void)state;
	for (int i = 0; i < 37; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		ynode_append_item(seq, ynode_scalar_new(4, 1, key, strlen(key),
		    false));
		ynode_append_pair(map, ynode_scalar_new(i + 1, 1, key,
		    strlen(key), false), ynode_scalar_new(i + 1, 5, "v", 1,
		    true));
	}
	assert_int_equal(seq->nitems, 37);
	assert_int_equal(map->npairs, 37);
	assert_int_equal(seq->line, 3);
	assert_int_equal(seq->col, 5);
	for (int i = 0; i < 37; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_string_equal(seq->items[i]->scalar, key);
		assert_string_equal(map->pairs[i].key->scalar, key);
		assert_int_equal(map->pairs[i].key->line, i + 1);
	}
	assert_non_null(ymap_get(map, "k36"));
	assert_true(ymap_get(map, "k36")->quoted);
	assert_null(ymap_get(map, "k37"));
	assert_null(ymap_get(seq, "k0"));
	ynode_free(seq);
	ynode_free(map);
	ynode_free(NULL);
}

/* A pair's value may come after its key, as libyaml's events bring it. */
static void
test_pair_value_later(void **state)
{
	ynode *map = ynode_new(Y_MAP, 1, 1);

	(void)state;
	ynode_append_pair(map, ynode_scalar_new(1, 1, "a", 1, false), NULL);
	assert_null(ymap_get(map, "a"));
	map->pairs[0].value = ynode_scalar_new(1, 4, NULL, 0, false);
	assert_string_equal(ymap_get(map, "a")->scalar, "");
	assert_true(yscalar_is_null(ymap_get(map, "a")));
	ynode_free(map);
}

/* The scalar readers take plain scalars only. */
static void
test_scalars(void **state)
{
	ynode *yes = ynode_scalar_new(1, 1, "Yes", 3, false);
	ynode *quoted = ynode_scalar_new(1, 1, "yes", 3, true);
	ynode *num = ynode_scalar_new(1, 1, "-1.5e2", 6, false);
	bool b = false;
	double v = 0;

	(void)state;
	assert_int_equal(yscalar_bool(yes, &b), 0);
	assert_true(b);
	assert_int_equal(yscalar_bool(quoted, &b), -1);
	assert_int_equal(yscalar_number(num, &v), 0);
	assert_true(v == -150.0);
	assert_int_equal(yscalar_number(yes, &v), -1);
	assert_string_equal(ynode_kind_name(yes), "a string");
	assert_string_equal(ynode_kind_name(NULL), "nothing");
	ynode_free(yes);
	ynode_free(quoted);
	ynode_free(num);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_keeps_order),
		cmocka_unit_test(test_pair_value_later),
		cmocka_unit_test(test_scalars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
