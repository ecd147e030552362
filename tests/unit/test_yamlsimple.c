/* test_yamlsimple.c - the simple reader builds libyaml's tree, positions
 * included, or declines. */
#include "unit.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "parse/yamlsimple.h"
#include "parse/yamltree.h"

/* Texts the simple reader takes. */
static const char *const taken[] = {
	"title: Checkout errors\nseverity: SEV2\n",
	"id: \"2024-001\"\nname: 'single'\nempty: ''\n",
	"services: [checkout, payments-api]\nnone: []\nspaced: [ a ,b ]\n",
	"roles:\n  commander: Ana Lima\n  investigator: [Bo Chen, Dee]\n"
	"links:\n    chat: https://chat.example.com/x?y=z#frag\nafter: 1\n",
	"tags:\n  - one\n  - two words\nnext: x\n",
	"tags:\n- indentless\n- \"quoted\"\nnext: x\n",
	"# a comment\nstarted: 2024-03-01T10:00:00Z # trailing\n\n"
	"detected: 2024-03-01 10:05+01:00\n",
	"nothing:\nalso_nothing:   \nlast: ~\n",
	"a-b_c: a#b\nx:    spaced out   \n",
	"roles:\n  commander:\n  scribe: Fay\n",
};

/* Texts it declines (libyaml decides: some are valid YAML, some not). */
static const char *const declined[] = {
	"", "# only a comment\n", "  indented: root\n", "key: a: b\n",
	"key: \"esc\\n\"\n", "key: 'it''s'\n", "key: {a: 1}\n", "key: |\n  x\n",
	"key: &a x\n", "key: *a\n", "key: !tag x\n", "key:\n  deeper:\n    x: 1\n",
	"key: plain\n  continued\n", "key: [a, [b]]\n", "key: [a, ]\n",
	"key:x\n", "key : x\n", "a: 1\na: 2\n", "key: caf\xc3\xa9\n",
	"key:\ttab\n", "- a\n- b\n", "key: \"a\"#c\n", "key: -5\n",
	"key: [a:b]\n", "---\nkey: x\n",
};

/* a and b are the same tree. */
static void
assert_same_tree(const ynode *a, const ynode *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->col, b->col);
	if (a->kind == Y_SCALAR) {
		assert_string_equal(a->scalar, b->scalar);
		assert_int_equal(a->quoted, b->quoted);
	}
	assert_int_equal(a->nitems, b->nitems);
	for (size_t i = 0; i < a->nitems; i++)
		assert_same_tree(a->items[i], b->items[i]);
	assert_int_equal(a->npairs, b->npairs);
	for (size_t i = 0; i < a->npairs; i++) {
		assert_same_tree(a->pairs[i].key, b->pairs[i].key);
		assert_same_tree(a->pairs[i].value, b->pairs[i].value);
	}
}

static void
test_same_tree_as_libyaml(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(taken) / sizeof(*taken); i++) {
		ynode *fast = NULL, *ref = NULL;
		diags d = { 0 };

		assert_int_equal(yaml_simple_load(taken[i], strlen(taken[i]), 2,
		    &fast), 0);
		assert_int_equal(yaml_load_libyaml(taken[i], strlen(taken[i]),
		    "x.md", 2, &ref, &d), 0);
		assert_same_tree(ref, fast);
		ynode_free(fast);
		ynode_free(ref);
		diags_free(&d);
	}
}

static void
test_declines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(declined) / sizeof(*declined); i++) {
		ynode *out = NULL;

		assert_int_equal(yaml_simple_load(declined[i],
		    strlen(declined[i]), 1, &out), 1);
		assert_null(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_tree_as_libyaml),
		cmocka_unit_test(test_declines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
