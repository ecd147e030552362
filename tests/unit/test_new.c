/*
 * test_new.c - what "aftermath new" computes: YAML quoting that reads
 * back as the same string, id patterns and the next free id, file names,
 * and templates filled into records that parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "parse/record_parse.h"
#include "model/config.h"
#include "parse/scaffold.h"
#include "model/record.h"
#include "parse/yamltree.h"

/* Strings that are YAML syntax somewhere, or look like another type. */
static const char *const tricky[] = {
	"Checkout errors", "SEV2", "checkout", "Checkout: errors", "a: b",
	"a:b", "x:", ":", "a #b", "a#b", "#x", "-x", "- x", "-", "?", "? x",
	"yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null",
	"~", "", " ", " leading", "trailing ", "2026-001", "2026-11-20",
	"123", "0x1F", "1.5", "1e3", ".inf", "-.inf", ".NaN", "'quoted'",
	"it's", "\"dq\"", "say \"hi\"", "back\\slash", "tab\there",
	"new\nline", "cr\rhere", "[x]", "{x}", "a, b", "a,b",
	"x]", "x}", "50%", "%TAG", "@here", "`tick`", "&anchor", "*alias",
	"!tag", "|", ">", "| x", "> x", "Zahlungsausfall bei Überweisungen",
	"é", "日本語: 障害", "http://example.com/a#b?c=d",
	"TODO: numbers from finance", "a  b", "---", "...", "= x", "<<",
	NULL
};

/* Parse text as YAML and return the root (the caller frees it). */
static ynode *
load(const char *text)
{
	diags d = { 0 };
	ynode *root = NULL;
	int rc = yaml_load(text, strlen(text), "t.yaml", 1, &root, &d);

	if (rc < 0)
		fprintf(stderr, "cannot parse: %s\n%s\n", text,
		    d.n ? d.v[0].message : "");
	assert_int_equal(rc, 0);
	diags_free(&d);
	return root;
}

/* The scalar must read back as s: same text, not a null or a boolean. */
static void
assert_reads_as(const ynode *n, const char *s)
{
	bool b;

	assert_non_null(n);
	assert_int_equal(n->kind, Y_SCALAR);
	assert_string_equal(n->scalar, s);
	if (!n->quoted) {
		assert_false(yscalar_is_null(n));
		assert_int_equal(yscalar_bool(n, &b), -1);
	}
}

static void
test_yaml_quote_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; tricky[i] != NULL; i++) {
		char *q = yaml_quote(tricky[i]);
		char *block = xasprintf("k: %s\n", q);
		char *flow = xasprintf("k: [%s, other]\n", q);
		char *commented = xasprintf("k: %s  # a comment\n", q);
		ynode *r;
		const ynode *v;

		r = load(block);
		assert_reads_as(ymap_get(r, "k"), tricky[i]);
		ynode_free(r);

		r = load(commented);
		assert_reads_as(ymap_get(r, "k"), tricky[i]);
		ynode_free(r);

		r = load(flow);
		v = ymap_get(r, "k");
		assert_non_null(v);
		assert_int_equal(v->kind, Y_SEQ);
		assert_int_equal(v->nitems, 2);
		assert_reads_as(v->items[0], tricky[i]);
		ynode_free(r);

		free(commented);
		free(flow);
		free(block);
		free(q);
	}
}

static void
test_yaml_quote_plain_when_safe(void **state)
{
	char *q;

	(void)state;
	/* what people type most stays as they typed it */
	q = yaml_quote("SEV2");
	assert_string_equal(q, "SEV2");
	free(q);
	q = yaml_quote("Checkout errors after the payments deploy");
	assert_string_equal(q, "Checkout errors after the payments deploy");
	free(q);
	q = yaml_quote("2026-11-20T15:02:00+01:00");
	assert_string_equal(q, "2026-11-20T15:02:00+01:00");
	free(q);
	/* and what YAML would misread is quoted */
	q = yaml_quote("Checkout: \"errors\"");
	assert_string_equal(q, "\"Checkout: \\\"errors\\\"\"");
	free(q);
	q = yaml_quote("2026-001");
	assert_string_equal(q, "\"2026-001\"");
	free(q);
	q = yaml_quote("no");
	assert_string_equal(q, "\"no\"");
	free(q);
	q = yaml_quote("a\tb\x01");
	assert_string_equal(q, "\"a\\tb\\x01\"");
	free(q);
}

static void
test_id_format_check(void **state)
{
	static const char *const good[] = {
		"{year}-{seq:3}", "INC-{seq:4}", "{seq}", "{year}{seq:3}",
		"ops.{year}_{seq:9}", NULL
	};
	static const char *const bad[] = {
		"{year}", "INC", "{seq}{seq}", "{seq:0}", "{seq:10}", "{foo}",
		"{seq", "a b{seq}", "-{seq}", "INC/{seq}", "", NULL
	};
	char *why = NULL;

	(void)state;
	for (size_t i = 0; good[i] != NULL; i++) {
		assert_int_equal(id_format_check(good[i], &why), 0);
		assert_null(why);
	}
	for (size_t i = 0; bad[i] != NULL; i++) {
		assert_int_equal(id_format_check(bad[i], &why), -1);
		assert_non_null(why);
		free(why);
		why = NULL;
	}
}

/* id_next over the NULL-terminated ids. */
static char *
next(const char *fmt, int year, const char *const *ids)
{
	size_t n = 0;

	while (ids[n] != NULL)
		n++;
	return id_next(fmt, year, ids, n);
}

static void
test_id_next(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const archive[] = {
		"2026-001", "2026-007", "2025-010", "2026-abc", "2026-",
		"x2026-050", "2026-003", "2026-004-copy", "20261-099", NULL
	};
	static const char *const wide[] = { "2026-0012", "2026-9", NULL };
	static const char *const inc[] = {
		"INC-0041", "inc-0050", "INC-12345", "INC-", "2026-020", NULL
	};
	static const char *const full[] = { "X-999999999", NULL };
	char *id;

	(void)state;
	id = next("{year}-{seq:3}", 2026, none);
	assert_string_equal(id, "2026-001");
	free(id);
	/* the highest number of the year, plus one; other years, other
	 * shapes and longer ids do not count */
	id = next("{year}-{seq:3}", 2026, archive);
	assert_string_equal(id, "2026-008");
	free(id);
	id = next("{year}-{seq:3}", 2025, archive);
	assert_string_equal(id, "2025-011");
	free(id);
	/* the width is a minimum: wider numbers still count */
	id = next("{year}-{seq:3}", 2026, wide);
	assert_string_equal(id, "2026-013");
	free(id);
	/* no year: one sequence across the archive, case-sensitive */
	id = next("INC-{seq:4}", 2026, inc);
	assert_string_equal(id, "INC-12346");
	free(id);
	id = next("{year}{seq:3}", 2026, (const char *const[]){ "2026041",
	    "2025099", NULL });
	assert_string_equal(id, "2026042");
	free(id);
	/* nine digits are the limit */
	assert_null(next("X-{seq}", 2026, full));
	assert_null(next("{bad}", 2026, none));
}

static void
test_new_record_name(void **state)
{
	char *n;

	(void)state;
	n = new_record_name("2026-11-20", "Checkout errors: after the "
	    "\"payments\" deploy!", "2026-033", false);
	assert_string_equal(n,
	    "2026-11-20-checkout-errors-after-the-payments-deploy.md");
	free(n);
	n = new_record_name("2026-11-20", "Checkout errors", "2026-034", true);
	assert_string_equal(n, "2026-11-20-checkout-errors-2026-034.md");
	free(n);
	/* nothing to make a slug of: the id */
	n = new_record_name("2026-11-20", "!!! ???", "2026-035", false);
	assert_string_equal(n, "2026-11-20-2026-035.md");
	free(n);
	n = new_record_name("2026-11-20", "!!!", "2026-035", true);
	assert_string_equal(n, "2026-11-20-2026-035.md");
	free(n);
	/* long titles are cut at a word */
	n = new_record_name("2026-11-20", "Stock levels on product pages lag "
	    "behind the warehouse after the key change", "x", false);
	assert_string_equal(n, "2026-11-20-stock-levels-on-product-pages-lag-"
	    "behind-the.md");
	free(n);
}

static const char template_text[] =
    "---\n"
    "id: {{id}}\n"
    "title: {{ title }}\n"
    "severity: {{severity}}  # SEV1 to SEV4\n"
    "status: investigating\n"
    "type: {{type}}\n"
    "services: [{{service}}]\n"
    "started: {{started}}\n"
    "---\n"
    "\n"
    "# {{title}}\n"
    "\n"
    "## Timeline\n"
    "\n"
    "- {{time}} — Incident declared on {{date}} in {{service}}\n";

static void
test_template_fill(void **state)
{
	strlist svc = { 0 };
	config *cfg = config_default();
	const char *title = "Checkout: \"errors\" # after 'deploy', [again]";
	new_values v = {
		.id = "2026-033", .title = title, .severity = NULL,
		.type = "unplanned", .services = &svc,
		.started = "2026-11-20T15:02:00+01:00", .date = "2026-11-20",
		.time = "2026-11-20 15:02+01:00",
	};
	diags d = { 0 };
	char *why = NULL, *text;
	record *r;

	(void)state;
	strlist_add(&svc, "checkout");
	strlist_add(&svc, "payments: api");
	text = template_fill(template_text, strlen(template_text), &v, &why);
	assert_non_null(text);
	assert_null(why);
	/* the body gets the values as they are */
	assert_non_null(strstr(text, "\n# Checkout: \"errors\" # after "));
	assert_non_null(strstr(text, "- 2026-11-20 15:02+01:00 — Incident "
	    "declared on 2026-11-20 in checkout, payments: api\n"));
	/* no severity: the key is left without a value */
	assert_non_null(strstr(text, "\nseverity:   # SEV1 to SEV4\n"));

	/* and the front matter reads back as the values */
	r = record_parse("incidents/x.md", text, strlen(text), cfg, &d);
	assert_false(r->failed);
	assert_string_equal(r->id, "2026-033");
	assert_string_equal(r->title, title);
	assert_null(r->severity);
	assert_int_equal(r->services.n, 2);
	assert_string_equal(r->services.v[0], "checkout");
	assert_string_equal(r->services.v[1], "payments: api");
	assert_true(r->times[PHASE_STARTED].set);
	assert_int_equal(r->ntimeline, 1);
	assert_true(r->timeline[0].time.set);
	assert_int_equal(r->timeline[0].time.t,
	    r->times[PHASE_STARTED].t);
	record_free(r);
	diags_free(&d);
	free(text);
	config_free(cfg);
	strlist_free(&svc);
}

/* {{severities}} is the configured scale, as it is even in the front
 * matter: it is for comments. */
static void
test_template_severities(void **state)
{
	const char *t = "---\nseverity: {{severity}}  # {{severities}}\n---\n";
	config *cfg = config_default();
	char *scale = severity_scale_text(cfg), *why = NULL, *text;
	new_values v = { .severity = "SEV2", .severities = scale };

	(void)state;
	assert_string_equal(scale, "SEV1 (worst) to SEV4");
	text = template_fill(t, strlen(t), &v, &why);
	assert_non_null(text);
	assert_string_equal(text, "---\nseverity: SEV2  # SEV1 (worst) to "
	    "SEV4\n---\n");
	free(text);
	free(scale);
	config_free(cfg);
}

static void
test_template_fill_errors(void **state)
{
	new_values v = { .id = "1" };
	char *why = NULL;
	const char *unknown = "---\nid: {{idd}}\n---\n";
	const char *open = "---\nid: {{id}}\ntitle: {{title\n---\n";

	(void)state;
	assert_null(template_fill(unknown, strlen(unknown), &v, &why));
	assert_non_null(strstr(why, "{{idd}}"));
	free(why);
	assert_null(template_fill(open, strlen(open), &v, &why));
	assert_non_null(strstr(why, "line 3"));
	free(why);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_quote_round_trip),
		cmocka_unit_test(test_yaml_quote_plain_when_safe),
		cmocka_unit_test(test_id_format_check),
		cmocka_unit_test(test_id_next),
		cmocka_unit_test(test_new_record_name),
		cmocka_unit_test(test_template_fill),
		cmocka_unit_test(test_template_severities),
		cmocka_unit_test(test_template_fill_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
