/*
 * test_frontmatter.c - finding the front matter and reading each field,
 * with the findings for values of the wrong type.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "parse/frontmatter.h"
#include "model/record.h"
#include "lib/timeutil.h"

#define PATH "incidents/2024/db-outage.md"

/* The first finding of rule in d, or NULL. */
static const diag *
find_rule(const diags *d, const char *rule)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].rule, rule) == 0)
			return &d->v[i];
	return NULL;
}

/* Parse yaml (as if it started on file line 2) into a new record. */
static record *
parse(const char *yaml, diags *d, int *rc)
{
	record *r = record_new(PATH);

	*rc = frontmatter_parse(yaml, strlen(yaml), 2, r, NULL, d);
	return r;
}

/* Split text, which must succeed; checks what lies between the fences and
 * where the body starts. */
static void
expect_split(const char *text, const char *yaml, const char *body,
    int body_line)
{
	size_t yoff = 99, ylen = 99, boff = 99;
	int bline = 99;
	diags d = { 0 };

	assert_int_equal(frontmatter_split(text, strlen(text), PATH, &yoff,
	    &ylen, &boff, &bline, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(ylen, strlen(yaml));
	assert_memory_equal(text + yoff, yaml, ylen);
	assert_string_equal(text + boff, body);
	assert_int_equal(bline, body_line);
}

/* Split text, which must fail with rule at line 1. */
static void
expect_split_error(const char *text, size_t len, const char *rule)
{
	size_t yoff, ylen, boff;
	int bline;
	diags d = { 0 };

	assert_int_equal(frontmatter_split(text, len, PATH, &yoff, &ylen,
	    &boff, &bline, &d), -1);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, rule);
	assert_string_equal(d.v[0].path, PATH);
	assert_int_equal(d.v[0].line, 1);
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	diags_free(&d);
}

static void
test_split(void **state)
{
	buf big = { 0 };

	(void)state;
	expect_split("---\ntitle: x\n---\nbody\n", "title: x\n", "body\n", 4);
	expect_split("---  \ntitle: x\n--- \t\n\nbody", "title: x\n", "\nbody",
	    4);
	expect_split("---\na: 1\nb: 2\n...\n# Body\n", "a: 1\nb: 2\n",
	    "# Body\n", 5);
	expect_split("---\n---\nbody\n", "", "body\n", 3);
	expect_split("---\ntitle: x\n---", "title: x\n", "", 4);
	/* a fence needs the whole line */
	expect_split("---\na: ---\nb: '...'\n----\n---\n", "a: ---\nb: '...'\n"
	    "----\n", "", 6);

	expect_split_error("", 0, "frontmatter-missing");
	expect_split_error("title: x\n---\n", 13, "frontmatter-missing");
	expect_split_error("\n---\ntitle: x\n---\n", 18, "frontmatter-missing");
	expect_split_error("--- x\ntitle: x\n---\n", 19,
	    "frontmatter-missing");
	expect_split_error("---\ntitle: x\nbody\n", 17, "frontmatter-missing");
	expect_split_error("---", 3, "frontmatter-missing");

	buf_adds(&big, "---\n");
	for (int i = 0; i < FRONTMATTER_MAX_BYTES / 10 + 1; i++)
		buf_addf(&big, "k%07d: 1\n", i);
	buf_adds(&big, "---\nbody\n");
	expect_split_error(big.data, big.len, "yaml-syntax");
	buf_free(&big);
}

static void
test_all_fields(void **state)
{
	const char *yaml =
	    "id: 2024-007\n"                                     /* 2 */
	    "title: Checkout errors\n"
	    "severity: SEV1\n"
	    "status: Closed\n"                                   /* 5 */
	    "type: UNPLANNED\n"
	    "services: [checkout, payments-api]\n"
	    "tags: database, failover ,\n"
	    "roles:\n"
	    "  Commander: Ana Lima\n"                            /* 10 */
	    "  investigator: [Bo Chen, Dee Patel]\n"
	    "  scribe:\n"
	    "links:\n"
	    "  chat: https://chat.example.com/x\n"
	    "  dashboard: 'https://grafana.example.com/d'\n"     /* 15 */
	    "started: 2024-03-01T14:02:00Z\n"
	    "detected: 2024-03-01 15:06+01:00\n"
	    "resolved: 2024-03-08\n"
	    "reviewed: 2024-03-05\n"
	    "customer_impact: yes\n"                             /* 20 */
	    "data_loss: 1h30m\n"
	    "responder_hours: 14.5\n"
	    "featured: true\n"
	    "summary: \"One line.\"\n"
	    "unknown_thing: 3\n";                                /* 25 */
	diags d = { 0 };
	record *r;
	int rc;

	(void)state;
	assert_int_equal(tz_set("UTC"), 0);
	r = parse(yaml, &d, &rc);
	assert_int_equal(rc, 0);
	if (d.n)
		fail_msg("unexpected finding %d: %s", d.v[0].line,
		    d.v[0].message);
	assert_false(r->failed);
	assert_string_equal(r->id, "2024-007");
	assert_string_equal(r->title, "Checkout errors");
	assert_string_equal(r->severity, "SEV1");
	assert_string_equal(r->status, "closed");
	assert_string_equal(r->type, "unplanned");
	assert_string_equal(r->summary, "One line.");
	assert_int_equal(r->services.n, 2);
	assert_string_equal(r->services.v[0], "checkout");
	assert_string_equal(r->services.v[1], "payments-api");
	assert_int_equal(r->tags.n, 2);
	assert_string_equal(r->tags.v[0], "database");
	assert_string_equal(r->tags.v[1], "failover");

	/* a role with nobody in it is left out */
	assert_int_equal(r->nroles, 2);
	assert_string_equal(r->roles[0].name, "commander");
	assert_int_equal(r->roles[0].people.n, 1);
	assert_string_equal(r->roles[0].people.v[0], "Ana Lima");
	assert_int_equal(r->roles[0].pos.line, 10);
	assert_int_equal(r->roles[0].pos.col, 3);
	assert_string_equal(r->roles[1].name, "investigator");
	assert_int_equal(r->roles[1].people.n, 2);
	assert_string_equal(r->roles[1].people.v[1], "Dee Patel");

	assert_int_equal(r->nlinks, 2);
	assert_string_equal(r->links[0].name, "chat");
	assert_string_equal(r->links[0].url, "https://chat.example.com/x");
	assert_int_equal(r->links[0].pos.line, 14);
	assert_string_equal(r->links[1].url, "https://grafana.example.com/d");

	assert_true(r->times[PHASE_STARTED].set);
	assert_int_equal(r->times[PHASE_STARTED].t, 1709301720);
	assert_int_equal(r->times[PHASE_DETECTED].t, 1709301960);
	assert_int_equal(r->times[PHASE_DETECTED].offset, 3600);
	assert_false(r->times[PHASE_ACKNOWLEDGED].set);
	assert_true(r->times[PHASE_RESOLVED].date_only);
	assert_true(r->reviewed.set);
	assert_true(r->reviewed.date_only);
	assert_int_equal(r->customer_impact, 1);
	assert_int_equal(r->data_loss, 5400);
	assert_true(r->responder_hours == 14.5);
	assert_true(r->featured);

	assert_int_equal(r->field_pos[F_ID].line, 2);
	assert_int_equal(r->field_pos[F_ID].col, 1);
	assert_int_equal(r->field_pos[F_STATUS].line, 5);
	assert_int_equal(r->field_pos[F_ROLES].line, 9);
	assert_int_equal(r->field_pos[F_STARTED].line, 16);
	assert_int_equal(r->field_pos[F_RESOLVED].line, 18);
	assert_int_equal(r->field_pos[F_SUMMARY].line, 24);
	assert_int_equal(r->field_pos[F_ACKNOWLEDGED].line, 0);

	assert_int_equal(r->nunknown, 1);
	assert_string_equal(r->unknown[0].key, "unknown_thing");
	assert_int_equal(r->unknown[0].pos.line, 25);
	assert_int_equal(r->unknown[0].pos.col, 1);
	record_free(r);
}

static void
test_defaults_and_alternatives(void **state)
{
	diags d = { 0 };
	record *r;
	int rc;

	(void)state;
	/* nothing given: the id is the file name stem, numbers are unset */
	r = parse("", &d, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(r->id, "db-outage");
	assert_int_equal(r->customer_impact, -1);
	assert_int_equal(r->data_loss, -1);
	assert_true(r->responder_hours < 0);
	assert_false(r->featured);
	record_free(r);

	r = parse("id:\ntitle: ~\nservices: checkout\ncustomer_impact: No\n"
	    "featured: off\ndata_loss: 45\nresponder_hours: 0\n"
	    "tags:\n  - a\n  -\n  - ' b '\n", &d, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(r->id, "db-outage");
	assert_null(r->title);
	assert_int_equal(r->field_pos[F_TITLE].line, 3);
	assert_int_equal(r->services.n, 1);
	assert_string_equal(r->services.v[0], "checkout");
	assert_int_equal(r->customer_impact, 0);
	assert_false(r->featured);
	assert_int_equal(r->data_loss, 2700);
	assert_true(r->responder_hours == 0);
	assert_int_equal(r->tags.n, 2);
	assert_string_equal(r->tags.v[1], "b");
	record_free(r);

	r = parse("data_loss: PT15M\n", &d, &rc);
	assert_int_equal(r->data_loss, 900);
	record_free(r);
	r = parse("data_loss: 0.5\n", &d, &rc);
	assert_int_equal(r->data_loss, 30);
	record_free(r);
	assert_int_equal(d.n, 0);
}

/* yaml must give exactly one finding of rule at line:col, whose message
 * contains want; the field stays unset (checked by the caller). */
static record *
expect_finding(const char *yaml, const char *rule, diag_level level,
    int line, int col, const char *want)
{
	diags d = { 0 };
	record *r;
	int rc;
	bool ok;
	char got[512];

	r = parse(yaml, &d, &rc);
	ok = rc == 0 && !r->failed && d.n == 1 &&
	    strcmp(d.v[0].rule, rule) == 0 && d.v[0].level == level &&
	    d.v[0].line == line && d.v[0].col == col &&
	    strcmp(d.v[0].path, PATH) == 0 &&
	    strstr(d.v[0].message, want) != NULL;
	snprintf(got, sizeof(got), "rc %d, %zu findings, first %d:%d %s: %s",
	    rc, d.n, d.n ? d.v[0].line : 0, d.n ? d.v[0].col : 0,
	    d.n ? d.v[0].rule : "-", d.n ? d.v[0].message : "-");
	diags_free(&d);
	if (!ok) {
		record_free(r);
		fail_msg("%s: want %s at %d:%d with \"%s\"; got %s", yaml,
		    rule, line, col, want, got);
	}
	return r;
}

static void
test_wrong_types(void **state)
{
	const struct {
		const char *yaml;
		int line, col;
		const char *want;
	} cases[] = {
		{ "a: 1\nid: [x]\n", 3, 5, "id must be a string" },
		{ "a: 1\ntitle: {x: 1}\n", 3, 8, "title must be a string" },
		{ "severity:\n  - SEV1\n", 3, 3, "severity must be a string" },
		{ "status: [a]\n", 2, 9, "status" },
		{ "type: [a]\n", 2, 7, "type" },
		{ "summary: [a]\n", 2, 10, "summary" },
		{ "services: {a: 1}\n", 2, 11, "services must be a list" },
		{ "tags: [a, [b]]\n", 2, 11, "tags must be a list" },
		{ "roles: Ana\n", 2, 8, "roles must be a map" },
		{ "roles:\n  commander: {a: b}\n", 3, 14, "roles" },
		{ "roles:\n  commander: [a, [b]]\n", 3, 18, "roles" },
		{ "links: [a]\n", 2, 8, "links must be a map" },
		{ "links:\n  chat: [a]\n", 3, 9, "links must be a URL" },
		{ "started: [a]\n", 2, 10, "started must be a date-time" },
		{ "reviewed: {a: 1}\n", 2, 11, "reviewed" },
		{ "customer_impact: maybe\n", 2, 18,
		    "customer_impact must be true or false, not \"maybe\"" },
		{ "customer_impact: 'true'\n", 2, 18, "true or false" },
		{ "featured: [true]\n", 2, 11, "featured" },
		{ "data_loss: lots\n", 2, 12, "data_loss must be a duration" },
		{ "data_loss: -5\n", 2, 12, "data_loss" },
		{ "responder_hours: many\n", 2, 18, "responder_hours" },
		{ "responder_hours: -1\n", 2, 18, "0 or more" },
	};
	record *r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = expect_finding(cases[i].yaml, "field-type", DIAG_ERROR,
		    cases[i].line, cases[i].col, cases[i].want);
		/* the bad value is left out */
		assert_string_equal(r->id, "db-outage");
		assert_null(r->title);
		assert_null(r->severity);
		assert_null(r->status);
		assert_null(r->type);
		assert_null(r->summary);
		assert_int_equal(r->services.n, 0);
		assert_int_equal(r->nroles, 0);
		assert_int_equal(r->nlinks, 0);
		assert_false(r->times[PHASE_STARTED].set);
		assert_false(r->reviewed.set);
		assert_int_equal(r->customer_impact, -1);
		assert_false(r->featured);
		assert_int_equal(r->data_loss, -1);
		assert_true(r->responder_hours < 0);
		record_free(r);
	}

	/* only the bad entry of a list is dropped */
	r = expect_finding("tags: [a, [b], c]\n", "field-type", DIAG_ERROR, 2,
	    11, "tags");
	assert_int_equal(r->tags.n, 2);
	assert_string_equal(r->tags.v[1], "c");
	record_free(r);
}

static void
test_id_and_times(void **state)
{
	diags d = { 0 };
	record *r;
	int rc;

	(void)state;
	assert_int_equal(tz_set("Europe/Berlin"), 0);
	/* a record without a usable id cannot be published: it fails */
	{
		static const struct {
			const char *yaml, *want;
		} bad[] = {
			{ "id: -bad\n", "\"-bad\"" },
			{ "id: a/b\n", "a/b" },
			{ "id: ''\n", "id" },
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			r = parse(bad[i].yaml, &d, &rc);
			assert_true(r->failed);
			assert_int_equal(d.n, 1);
			assert_string_equal(d.v[0].rule, "id-format");
			assert_int_equal(d.v[0].line, 2);
			assert_int_equal(d.v[0].col, 5);
			assert_non_null(strstr(d.v[0].message, bad[i].want));
			assert_string_equal(r->id, "db-outage");
			record_free(r);
			diags_free(&d);
		}
	}

	r = expect_finding("a: 1\nstarted: 2024-02-30T10:00Z\n", "time-format",
	    DIAG_ERROR, 3, 10, "started: \"2024-02-30T10:00Z\"");
	assert_false(r->times[PHASE_STARTED].set);
	record_free(r);
	r = expect_finding("reviewed: last week\n", "time-format", DIAG_ERROR,
	    2, 11, "\"last week\"");
	record_free(r);

	/* no offset: read in the zone, with a warning naming it */
	r = expect_finding("a: 1\nmitigated: 2024-01-15 12:00\n",
	    "timezone-missing", DIAG_WARNING, 3, 12, "Europe/Berlin");
	assert_true(r->times[PHASE_MITIGATED].set);
	assert_int_equal(r->times[PHASE_MITIGATED].t, 1705316400);
	record_free(r);

	/* a bare date or an offset draws no warning */
	r = parse("started: 2024-01-15\ndetected: 2024-01-15T12:00Z\n", &d,
	    &rc);
	assert_int_equal(d.n, 0);
	assert_true(r->times[PHASE_STARTED].date_only);
	record_free(r);

	/* a file name that cannot be an id is reported too */
	r = record_new("incidents/bad name.md");
	assert_int_equal(frontmatter_parse("", 0, 2, r, NULL, &d), 0);
	assert_string_equal(r->id, "bad name");
	assert_non_null(find_rule(&d, "id-format"));
	assert_true(r->failed);
	record_free(r);
	diags_free(&d);
	assert_int_equal(tz_set("UTC"), 0);
}

static void
test_unusable(void **state)
{
	diags d = { 0 };
	record *r;
	int rc;

	(void)state;
	r = parse("- a\n- b\n", &d, &rc);
	assert_int_equal(rc, -1);
	assert_true(r->failed);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "yaml-syntax");
	assert_string_equal(d.v[0].message, "front matter must be a map of keys");
	assert_int_equal(d.v[0].line, 2);
	assert_string_equal(r->id, "db-outage");
	record_free(r);
	diags_free(&d);

	r = parse("title: x\ntitle: y\n", &d, &rc);
	assert_int_equal(rc, -1);
	assert_true(r->failed);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "yaml-syntax");
	assert_int_equal(d.v[0].line, 3);
	record_free(r);
	diags_free(&d);

	r = parse("title: [x\n", &d, &rc);
	assert_int_equal(rc, -1);
	assert_true(r->failed);
	assert_non_null(find_rule(&d, "yaml-syntax"));
	record_free(r);
	diags_free(&d);
}

/* "a, b" and "a," split on commas; the last part ends the scan without
 * stepping past it (found by fuzz_frontmatter under clang's UBSan). */
static void
test_comma_lists(void **state)
{
	diags d = { 0 };
	record *r;
	int rc;

	(void)state;
	r = parse("services: checkout\ntags: \"a, , b,\"\n", &d, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(r->services.n, 1);
	assert_string_equal(r->services.v[0], "checkout");
	assert_int_equal(r->tags.n, 2);
	assert_string_equal(r->tags.v[0], "a");
	assert_string_equal(r->tags.v[1], "b");
	record_free(r);
	diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_all_fields),
		cmocka_unit_test(test_defaults_and_alternatives),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_id_and_times),
		cmocka_unit_test(test_unusable),
		cmocka_unit_test(test_comma_lists),
	};

	if (tz_set("UTC") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
