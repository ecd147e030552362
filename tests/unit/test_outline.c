/* test_outline.c - the outline of a body (headings, action items) is what
 * the full parse finds, or the scanner declines. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "parse/record_parse.h"
#include "model/config.h"
#include "parse/outline.h"
#include "model/record.h"
#include "lib/util.h"

static const char *const bodies[] = {
	/* the common shape: accepted */
	"## Summary\n\nIt broke.\n\n## Timeline\n\n- 10:00 — paged\n\n"
	"## Action items\n\n| Action | Owner | Status |\n|---|---|---|\n"
	"| Add an alert | Bo | done |\n| Fix the pool | Ana | open |\n\n"
	"## Appendix\n\nMore.\n",
	"# Title #\n##  spaced   out  ##\n### Deep ###   \n#tag is text\n"
	"####### seven is text\n#\n## 2. Follow-ups\n\n- [ ] task @bo OPS-1\n"
	"- [x] done @dee\n",
	"## Action items:\n\n| Item | State |\n|---|---|\n| A | closed |\n"
	"### Sub\n\n| Item | State |\n|---|---|\n| B | open |\n## Next\n",
	"text with a # inside\n## Corrective actions\n- [ ] one\n",
	"## Action items\n\n- [ ] Add alert (owner: alice, due: 2026-03-01)\n"
	"- [ ] Fix (onwer: bo; status: done)\n",
	/* constructs the scanner declines; the result must still agree */
	"```\n# not a heading\n```\n## Real\n",
	"~~~\n## nope\n~~~\n",
	"<div>\n## inside html\n</div>\n",
	"Setext\n===\n## After\n",
	"Para\n---\n",
	"- ## in a list\n",
	"> ## quoted\n",
	"   ## indented\n",
	"    ## code\n",
	"## What went *well*\n",
	"## Action items\n\n| Action | Status |\n|---|---|\n| [x] | done |\n\n"
	"[x]: https://example.com\n",
	"## title \\#\n",
	"## a &amp; b\n",
	"\t# tabbed\n",
};

/* True when a and b are both NULL or the same text. */
static bool
same_string(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* How many findings of d have rule. */
static size_t
count_rule(const diags *d, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += strcmp(d->v[i].rule, rule) == 0;
	return n;
}

/* The sections and actions of a and b agree. */
static void
assert_same_outline(const record *a, const record *b)
{
	assert_int_equal(a->nsections, b->nsections);
	for (size_t i = 0; i < a->nsections; i++) {
		assert_string_equal(a->sections[i].title, b->sections[i].title);
		assert_int_equal(a->sections[i].level, b->sections[i].level);
		assert_int_equal(a->sections[i].pos.line,
		    b->sections[i].pos.line);
		assert_int_equal(a->sections[i].pos.col,
		    b->sections[i].pos.col);
	}
	assert_int_equal(a->nactions, b->nactions);
	for (size_t i = 0; i < a->nactions; i++) {
		assert_string_equal(a->actions[i].action, b->actions[i].action);
		assert_int_equal(a->actions[i].done, b->actions[i].done);
		assert_true(same_string(a->actions[i].owner,
		    b->actions[i].owner));
		assert_true(same_string(a->actions[i].due_raw,
		    b->actions[i].due_raw));
		assert_int_equal(a->actions[i].pos.line,
		    b->actions[i].pos.line);
	}
	assert_null(b->doc);
}

static void
test_agrees_with_full_parse(void **state)
{
	config *cfg = config_default();

	(void)state;
	for (size_t i = 0; i < sizeof(bodies) / sizeof(*bodies); i++) {
		char *text = xasprintf("---\ntitle: t\nstatus: open\n---\n%s",
		    bodies[i]);
		diags d = { 0 }, od = { 0 };
		record *full = record_parse("x.md", text, strlen(text), cfg, &d);
		record *outline = record_parse_outline("x.md", text,
		    strlen(text), cfg, &od);

		/* the findings of action items too (the outline reads no
		 * timeline, so it has none of its findings) */
		assert_int_equal(count_rule(&d, "unknown-field"),
		    count_rule(&od, "unknown-field"));
		diags_free(&od);
		assert_false(full->failed);
		assert_false(outline->failed);
		assert_same_outline(full, outline);
		assert_string_equal(full->status, outline->status);
		record_free(full);
		record_free(outline);
		diags_free(&d);
		free(text);
	}
	config_free(cfg);
}

/* Whether outline_parse takes body (0) or declines it (1). */
static int
outline_of(const char *body)
{
	record *r = record_new("x.md");
	diags d = { 0 };
	int rc = outline_parse(body, strlen(body), 5, r, NULL, &d);

	if (rc == 1)
		assert_int_equal(r->nsections, 0);
	record_free(r);
	diags_free(&d);
	return rc;
}

static void
test_declines(void **state)
{
	(void)state;
	/* the common shape takes the fast path, or nothing is gained */
	assert_int_equal(outline_of(bodies[0]), 0);
	assert_int_equal(outline_of(bodies[1]), 0);
	assert_int_equal(outline_of("```\n# x\n```\n"), 1);
	assert_int_equal(outline_of("- ## nested\n"), 1);
	assert_int_equal(outline_of("Title\n=====\n"), 1);
	assert_int_equal(outline_of("## *markup*\n"), 1);
	assert_int_equal(outline_of("[a]: http://x\n"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agrees_with_full_parse),
		cmocka_unit_test(test_declines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
