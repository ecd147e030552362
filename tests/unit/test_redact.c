/*
 * test_redact.c - public editions: names in text become roles (whole
 * words, first and last names, @handles), owners and authors become
 * labels, and internal fields are left out of the record.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include <jansson.h>

#include "parse/record_parse.h"
#include "model/config.h"
#include "render/export.h"
#include "model/record.h"
#include "redact/redact.h"
#include "lib/timeutil.h"

static const char text_a[] =
    "---\n"
    "id: INC-1\n"
    "title: Checkout down while Ana Lima was on call\n"
    "severity: SEV2\n"
    "status: closed\n"
    "roles:\n"
    "  commander: Ana Lima\n"
    "  investigator: [Bo Chen, Dee Patel]\n"
    "  scribe: Ana Lima\n"
    "links:\n"
    "  chat: https://chat.example.com/inc-1\n"
    "started: 2024-03-01T14:00Z\n"
    "responder_hours: 12\n"
    "data_loss: 5m\n"
    "---\n"
    "## Timeline\n"
    "\n"
    "- 14:00 — Bo pages @ana; Anabel and Bob are not people we know\n"
    "- 14:05 — Eli Novak joins\n"
    "\n"
    "## Action items\n"
    "\n"
    "| Action | Owner | Ticket |\n"
    "|---|---|---|\n"
    "| Add alert | @bo | OPS-1 |\n"
    "| Fix it | Someone Else | OPS-2 |\n";

static const char text_b[] =
    "---\n"
    "id: INC-2\n"
    "title: Other\n"
    "roles:\n"
    "  commander: Eli Novak\n"
    "---\n";

static int
reset_zone(void **state)
{
	(void)state;
	return tz_set("UTC");
}

static record *
parse(const char *text, const config *cfg)
{
	diags d = { 0 };
	record *r = record_parse("incidents/x.md", text, strlen(text), cfg,
	    &d);

	diags_free(&d);
	assert_false(r->failed);
	return r;
}

static void
test_text(void **state)
{
	config *cfg = config_default();
	record *v[2] = { parse(text_a, cfg), parse(text_b, cfg) };
	redactor *rd = redactor_new(v, 2, NULL);
	namemap *m = namemap_new(rd, v[0]);
	char *s;

	(void)state;
	s = namemap_text(m, v[0]->title);
	assert_string_equal(s, "Checkout down while Incident commander was "
	    "on call");
	free(s);
	s = namemap_text(m, v[0]->timeline[0].text);
	assert_string_equal(s, "Investigator pages Incident commander; "
	    "Anabel and Bob are not people we know");
	free(s);
	/* someone with a role in another incident only */
	s = namemap_text(m, v[0]->timeline[1].text);
	assert_string_equal(s, "Responder joins");
	free(s);
	s = namemap_text(m, "Chen and Patel, then Lima");
	assert_string_equal(s, "Investigator and Investigator, then "
	    "Incident commander");
	free(s);
	assert_null(namemap_text(m, NULL));
	assert_string_equal(namemap_person(m, "@bo", "X"), "Investigator");
	assert_string_equal(namemap_person(m, "Dee Patel", "X"),
	    "Investigator");
	assert_string_equal(namemap_person(m, "Someone Else", "X"),
	    "Action owner");
	assert_string_equal(namemap_person(m, "Nobody Known", "X"), "X");
	assert_string_equal(namemap_person(m, "Bo and more", "X"), "X");
	assert_string_equal(namemap_person(m, NULL, "X"), "X");
	namemap_free(m);
	redactor_free(rd);
	record_free(v[0]);
	record_free(v[1]);
	config_free(cfg);
}

static void
test_json(void **state)
{
	config *cfg = config_default();
	record *v[2] = { parse(text_a, cfg), parse(text_b, cfg) };
	redactor *rd = redactor_new(v, 2, NULL);
	namemap *m = namemap_new(rd, v[0]);
	json_t *inc = export_incident(v[0], NULL, cfg, 0), *x;
	char *dump;

	(void)state;
	namemap_json(m, inc);
	x = json_array_get(json_object_get(inc, "roles"), 1);
	assert_string_equal(json_string_value(json_object_get(x,
	    "people_text")), "Investigator (2 people)");
	x = json_object_get(inc, "action_items");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(x, 0), "owner")), "Investigator");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(x, 1), "owner")), "Action owner");
	dump = json_dumps(inc, 0);
	assert_null(strstr(dump, "Ana Lima"));
	assert_null(strstr(dump, "@ana"));
	assert_null(strstr(dump, "Chen"));
	assert_null(strstr(dump, "Eli"));
	/* ids and paths are never rewritten */
	assert_non_null(strstr(dump, "\"INC-1\""));
	free(dump);
	json_decref(inc);
	namemap_free(m);
	redactor_free(rd);
	record_free(v[0]);
	record_free(v[1]);
	config_free(cfg);
}

static void
test_internal(void **state)
{
	config *cfg = config_default();
	record *r = parse(text_a, cfg);
	strlist fields = { 0 };

	(void)state;
	strlist_add(&fields, "links");
	strlist_add(&fields, "responder_hours");
	strlist_add(&fields, "roles");
	strlist_add(&fields, "title");
	strlist_add(&fields, "no-such-field");
	redact_internal(r, &fields);
	assert_int_equal(r->nlinks, 0);
	assert_int_equal(r->nroles, 0);
	assert_true(r->responder_hours < 0);
	assert_int_equal(r->field_pos[F_LINKS].line, 0);
	/* not asked for, and the title is never dropped */
	assert_int_equal(r->data_loss, 300);
	assert_non_null(r->title);
	strlist_free(&fields);
	record_free(r);
	config_free(cfg);
}

/* A role without a built-in label shows its key, so a heading naming
 * someone in role "fn" becomes "fn 1": its new anchor must not be fn-1,
 * the id of the footnote (redact.c had its own anchor maker, which did
 * not know that footnote ids are taken). */
static void
test_anchor_footnote(void **state)
{
	static const char text[] =
	    "---\n"
	    "id: INC-3\n"
	    "title: Footnotes\n"
	    "roles:\n"
	    "  fn: Zed Quist\n"
	    "---\n"
	    "## Zed 1\n"
	    "\n"
	    "See the note.[^1]\n"
	    "\n"
	    "## Zed 1\n"
	    "\n"
	    "## fn 1\n"
	    "\n"
	    "[^1]: The note.\n";
	config *cfg = config_default();
	record *v[1] = { parse(text, cfg) };
	redactor *rd = redactor_new(v, 1, NULL);
	namemap *m = namemap_new(rd, v[0]);

	(void)state;
	assert_int_equal(v[0]->nsections, 3);
	assert_string_equal(v[0]->sections[0].anchor, "zed-1");
	assert_string_equal(v[0]->sections[1].anchor, "zed-1-2");
	assert_string_equal(v[0]->sections[2].anchor, "fn-1-2");
	namemap_record(m, v[0]);
	assert_string_equal(v[0]->sections[0].title, "fn 1");
	assert_string_equal(v[0]->sections[0].anchor, "fn-1-3");
	assert_string_equal(v[0]->sections[1].anchor, "fn-1-4");
	assert_string_equal(v[0]->sections[2].anchor, "fn-1-2");
	namemap_free(m);
	redactor_free(rd);
	record_free(v[0]);
	config_free(cfg);
}

int
main(void)
{
#define T(f) cmocka_unit_test_teardown(f, reset_zone)
	const struct CMUnitTest tests[] = {
		T(test_text),
		T(test_json),
		T(test_internal),
		T(test_anchor_footnote),
	};

	tz_set("UTC");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
