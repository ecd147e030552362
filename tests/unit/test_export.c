/*
 * test_export.c - the JSON form of an incident: identity, severity, times
 * in the configured zone, durations, roles and action items with ticket
 * links and overdue flags.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "parse/record_parse.h"
#include "model/config.h"
#include "model/vocab.h"
#include "render/export.h"
#include "model/record.h"
#include "lib/timeutil.h"

#define PATH "incidents/2024/checkout.md"

static const char sample[] =
    "---\n"
    "id: INC-7\n"
    "title: Checkout down\n"
    "severity: sev2\n"
    "status: Recovered\n"
    "roles:\n"
    "  commander: Alice\n"
    "  Scribe: [Bob, Carol]\n"
    "  ops_lead: Dan\n"
    "  custom_role: Eve\n"
    "started: 2024-03-01T14:00Z\n"
    "detected: 2024-03-01T14:05Z\n"
    "acknowledged: 2024-03-01T14:07Z\n"
    "identified: 2024-03-01T14:30Z\n"
    "mitigated: 2024-03-01T15:00Z\n"
    "recovered: 2024-03-01T23:30Z\n"
    "reviewed: 2024-03-05\n"
    "---\n"
    "## Action items\n"                                  /* 19 */
    "\n"
    "| Action | Owner | Ticket | Due | Status |\n"        /* 21 */
    "|---|---|---|---|---|\n"
    "| Add alert | Bob | OPS-12 | 2024-03-10 | open |\n"  /* 23 */
    "| Fix retry | Carol | a b/c?&\xc3\xa9 | 2024-03-05 | done |\n"
    "| Write doc | Dan | | 2024-03-20 | |\n"
    "| Tidy up | Eve | #42 | | |\n";

static int
reset_zone(void **state)
{
	(void)state;
	return tz_set("UTC");
}

/* Parse text as PATH with cfg (the default when NULL). */
static record *
parse(const char *text, const config *cfg)
{
	config *def = cfg ? NULL : config_default();
	diags d = { 0 };
	record *r = record_parse(PATH, text, strlen(text), cfg ? cfg : def,
	    &d);

	assert_non_null(r);
	assert_false(r->failed);
	diags_free(&d);
	config_free(def);
	return r;
}

/* Epoch seconds of an RFC 3339 time with an offset. */
static int64_t
at(const char *s)
{
	am_time t;

	assert_int_equal(time_parse(s, &t), 0);
	assert_true(t.has_offset);
	return t.t;
}

/* The string member key of o; fails when it is not a string. */
static const char *
str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return json_string_value(v);
}

static json_int_t
num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("\"%s\" is not an integer", key);
	return json_integer_value(v);
}

static void
expect_null(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_null(v))
		fail_msg("\"%s\" is not null", key);
}

static void
test_identity(void **state)
{
	config *cfg = config_default();
	record *r = parse(sample, cfg);
	json_t *o = export_incident(r, NULL, cfg, 0);

	(void)state;
	assert_non_null(o);
	assert_string_equal(str(o, "id"), "INC-7");
	assert_string_equal(str(o, "title"), "Checkout down");
	assert_string_equal(str(o, "path"), PATH);
	assert_string_equal(str(o, "url"), "incidents/INC-7.html");
	assert_string_equal(str(o, "severity"), "sev2");
	assert_int_equal(num(o, "severity_rank"), 2);
	assert_string_equal(str(o, "severity_class"), "sev2");
	assert_string_equal(str(o, "status"), "recovered");
	assert_string_equal(str(o, "type"), "unplanned");
	assert_false(json_is_true(json_object_get(o, "active")));
	json_decref(o);
	record_free(r);

	/* no title: the id; unknown severity: no rank, a slug class */
	r = parse("---\nid: X-1\nseverity: Very Bad!\nstatus: open\n---\n",
	    cfg);
	o = export_incident(r, NULL, cfg, 0);
	assert_string_equal(str(o, "title"), "X-1");
	assert_string_equal(str(o, "url"), "incidents/X-1.html");
	expect_null(o, "severity_rank");
	assert_string_equal(str(o, "severity_class"), "very-bad");
	assert_true(json_is_true(json_object_get(o, "active")));
	json_decref(o);
	record_free(r);

	/* no severity at all; SEV1 in another case is still rank 1 */
	r = parse("---\nid: X-2\n---\n", cfg);
	o = export_incident(r, NULL, cfg, 0);
	expect_null(o, "severity");
	expect_null(o, "severity_rank");
	assert_string_equal(str(o, "severity_class"), "unknown");
	json_decref(o);
	record_free(r);
	r = parse("---\nid: X-3\nseverity: SEV1\n---\n", cfg);
	o = export_incident(r, NULL, cfg, 0);
	assert_int_equal(num(o, "severity_rank"), 1);
	assert_string_equal(str(o, "severity_class"), "sev1");
	json_decref(o);
	record_free(r);
	config_free(cfg);
}

static void
test_times_utc(void **state)
{
	config *cfg = config_default();
	record *r = parse(sample, cfg);
	json_t *o = export_incident(r, NULL, cfg, 0), *times, *t;

	(void)state;
	times = json_object_get(o, "times");
	assert_true(json_is_object(times));
	t = json_object_get(times, "started");
	assert_string_equal(str(t, "iso"), "2024-03-01T14:00:00Z");
	assert_string_equal(str(t, "show"), "2024-03-01 14:00 UTC");
	assert_string_equal(str(t, "date"), "2024-03-01");
	assert_int_equal(num(t, "epoch"), at("2024-03-01T14:00Z"));
	expect_null(times, "resolved");
	/* the lifecycle lists only the phases that are set, in order */
	assert_int_equal(json_array_size(json_object_get(o, "lifecycle")), 6);
	assert_string_equal(str(json_array_get(json_object_get(o, "lifecycle"),
	    5), "phase"), "recovered");
	t = json_object_get(o, "reviewed");
	assert_string_equal(str(t, "iso"), "2024-03-05");
	assert_string_equal(str(t, "show"), "2024-03-05");
	json_decref(o);
	record_free(r);
	config_free(cfg);
}

static void
test_times_zone(void **state)
{
	config *cfg = config_default();
	record *r;
	json_t *o, *times, *t;

	(void)state;
	assert_int_equal(tz_set("Europe/Berlin"), 0);
	r = parse(sample, cfg);
	o = export_incident(r, NULL, cfg, 0);
	times = json_object_get(o, "times");
	t = json_object_get(times, "started");
	assert_string_equal(str(t, "iso"), "2024-03-01T15:00:00+01:00");
	assert_string_equal(str(t, "show"), "2024-03-01 15:00 CET");
	assert_int_equal(num(t, "epoch"), at("2024-03-01T14:00Z"));
	/* 23:30 UTC is already the next day in Berlin */
	t = json_object_get(times, "recovered");
	assert_string_equal(str(t, "iso"), "2024-03-02T00:30:00+01:00");
	assert_string_equal(str(t, "date"), "2024-03-02");
	json_decref(o);
	record_free(r);

	/* summer time */
	r = parse("---\nid: S\nstarted: 2024-07-01T14:00Z\n---\n", cfg);
	o = export_incident(r, NULL, cfg, 0);
	t = json_object_get(json_object_get(o, "times"), "started");
	assert_string_equal(str(t, "iso"), "2024-07-01T16:00:00+02:00");
	assert_string_equal(str(t, "show"), "2024-07-01 16:00 CEST");
	json_decref(o);
	record_free(r);
	assert_int_equal(tz_set("UTC"), 0);
	config_free(cfg);
}

static void
test_durations(void **state)
{
	static const struct {
		const char *key;
		json_int_t secs;
		const char *show;
	} want[] = {
		{ "detect", 300, "5m" },
		{ "acknowledge", 120, "2m" },
		{ "identify", 1800, "30m" },
		{ "repair", 3600, "1h" },
		{ "respond", 3300, "55m" },
		{ "recover", 34200, "9h 30m" },
	};
	config *cfg = config_default();
	record *r = parse(sample, cfg);
	json_t *o = export_incident(r, NULL, cfg, 0), *dur;

	(void)state;
	dur = json_object_get(o, "durations");
	assert_true(json_is_object(dur));
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		json_t *x = json_object_get(dur, want[i].key);

		if (!json_is_object(x))
			fail_msg("duration %s missing", want[i].key);
		assert_int_equal(num(x, "seconds"), want[i].secs);
		assert_string_equal(str(x, "show"), want[i].show);
	}
	expect_null(dur, "resolve");   /* resolved is not set */
	assert_int_equal(json_object_size(dur), 7);
	json_decref(o);
	record_free(r);

	/* detected before started: negative, so null, not "-5m" */
	r = parse("---\nid: N\nstarted: 2024-03-01T14:05Z\n"
	    "detected: 2024-03-01T14:00Z\nmitigated: 2024-03-01T14:10Z\n---\n",
	    cfg);
	o = export_incident(r, NULL, cfg, 0);
	dur = json_object_get(o, "durations");
	expect_null(dur, "detect");
	assert_int_equal(num(json_object_get(dur, "repair"), "seconds"), 300);
	assert_int_equal(num(json_object_get(dur, "respond"), "seconds"), 600);
	expect_null(dur, "acknowledge");
	json_decref(o);
	record_free(r);
	config_free(cfg);
}

/* link_label(key, url) is want. */
static void
label_is(const char *key, const char *url, const char *want)
{
	char *l = link_label(key, url);

	assert_string_equal(l, want);
	free(l);
}

static void
test_link_labels(void **state)
{
	(void)state;
	label_is("chat", "https://chat.example.com/x", "Chat channel");
	label_is("chat", "https://acme.slack.com/archives/C1", "Chat channel (Slack)");
	label_is("room", "https://slack.com/app", "Slack");
	label_is("bridge", "https://acme.zoom.us/j/1", "Video bridge (Zoom)");
	label_is("call", "https://meet.google.com/abc-defg", "Google Meet");
	/* a self-hosted Grafana is known by its key only */
	label_is("dashboard", "https://grafana.example.com/d/x", "Dashboard");
	label_is("metrics", "https://acme.grafana.net/d/x", "Grafana");
	label_is("page", "https://acme.pagerduty.com/incidents/P1", "PagerDuty");
	label_is("tracker", "https://acme.atlassian.net/browse/OPS-1", "Tracker (Jira)");
	label_is("board", "https://acme.atlassian.net/jira/software/x", "Jira");
	label_is("wiki", "https://acme.atlassian.net/wiki/x", "wiki");
	label_is("fix", "https://GitHub.com/o/r/pull/1", "GitHub");
	label_is("status_page", "https://status.example.com/i/1", "Status page");
	/* only the host counts: not a look-alike, user information or path */
	label_is("x", "https://notslack.com/", "x");
	label_is("x", "https://slack.com.evil.example/", "x");
	label_is("x", "https://slack.com@evil.example/", "x");
	label_is("x", "https://evil.example/?u=slack.com", "x");
	label_is("x", "https://mygrafana.example/", "x");
	label_is("x", "https://grafana.evil.example/zoom", "x");
	/* browsers end the host at a backslash: this one is evil.example */
	label_is("x", "https://evil.example\\@acme.slack.com/x", "x");
	label_is("x", "https://user@acme.slack.com/x", "x");
	label_is("x", "javascript:slack.com", "x");
	label_is("<b>x</b>", "https://github.com/", "GitHub");
}

static void
test_roles(void **state)
{
	config *cfg = config_default();
	record *r = parse(sample, cfg);
	json_t *o = export_incident(r, NULL, cfg, 0), *roles, *x;

	(void)state;
	assert_string_equal(role_label("commander"), "Incident commander");
	assert_string_equal(role_label("ops_lead"), "Operations lead");
	assert_string_equal(role_label("scribe"), "Scribe");
	assert_null(role_label("Commander"));
	assert_null(role_label("janitor"));
	assert_string_equal(role_label("tech_lead"), "Technical lead");
	assert_string_equal(role_label("team"), "Team");

	roles = json_object_get(o, "roles");
	assert_int_equal(json_array_size(roles), 4);
	x = json_array_get(roles, 0);
	assert_string_equal(str(x, "role"), "commander");
	assert_string_equal(str(x, "label"), "Incident commander");
	assert_int_equal(json_array_size(json_object_get(x, "people")), 1);
	assert_string_equal(str(x, "people_text"), "Alice");
	x = json_array_get(roles, 1);
	assert_string_equal(str(x, "role"), "scribe");
	assert_string_equal(str(x, "label"), "Scribe");
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(x, "people"), 1)), "Carol");
	assert_string_equal(str(x, "people_text"), "Bob, Carol");
	x = json_array_get(roles, 2);
	assert_string_equal(str(x, "label"), "Operations lead");
	/* a role without a label keeps its key */
	x = json_array_get(roles, 3);
	assert_string_equal(str(x, "role"), "custom_role");
	assert_string_equal(str(x, "label"), "custom_role");
	json_decref(o);
	record_free(r);
	config_free(cfg);
}

/* The action items array of o, which must have n items. */
static json_t *
actions_of(json_t *o, size_t n)
{
	json_t *a = json_object_get(o, "action_items");

	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), n);
	return a;
}

static void
test_ticket_url(void **state)
{
	config *cfg = config_default();
	record *r;
	json_t *o, *a;

	(void)state;
	free(cfg->ticket_url);
	cfg->ticket_url = xstrdup("https://jira.example.com/browse/{ticket}"
	    "?src=am");
	r = parse(sample, cfg);
	o = export_incident(r, NULL, cfg, 0);
	a = actions_of(o, 4);
	assert_string_equal(str(json_array_get(a, 0), "ticket"), "OPS-12");
	assert_string_equal(str(json_array_get(a, 0), "ticket_url"),
	    "https://jira.example.com/browse/OPS-12?src=am");
	assert_string_equal(str(json_array_get(a, 1), "ticket"),
	    "a b/c?&\xc3\xa9");
	assert_string_equal(str(json_array_get(a, 1), "ticket_url"),
	    "https://jira.example.com/browse/a%20b%2Fc%3F%26%C3%A9?src=am");
	expect_null(json_array_get(a, 2), "ticket");
	expect_null(json_array_get(a, 2), "ticket_url");
	assert_string_equal(str(json_array_get(a, 3), "ticket_url"),
	    "https://jira.example.com/browse/%2342?src=am");
	assert_string_equal(str(json_array_get(a, 0), "action"), "Add alert");
	assert_string_equal(str(json_array_get(a, 0), "owner"), "Bob");
	assert_int_equal(num(json_array_get(a, 0), "line"), 23);
	json_decref(o);

	/* without a pattern, or one without {ticket}: no links */
	free(cfg->ticket_url);
	cfg->ticket_url = xstrdup("");
	o = export_incident(r, NULL, cfg, 0);
	a = actions_of(o, 4);
	for (size_t i = 0; i < 4; i++)
		expect_null(json_array_get(a, i), "ticket_url");
	json_decref(o);
	free(cfg->ticket_url);
	cfg->ticket_url = xstrdup("https://jira.example.com/browse/");
	o = export_incident(r, NULL, cfg, 0);
	expect_null(json_array_get(actions_of(o, 4), 0), "ticket_url");
	json_decref(o);
	record_free(r);
	config_free(cfg);
}

/* Export r at now; check the overdue flags (one per item) and counts. */
static void
expect_overdue(const record *r, const config *cfg, int64_t now,
    const bool *late, size_t n, json_int_t open)
{
	json_t *o = export_incident(r, NULL, cfg, now), *a = actions_of(o, n);
	json_int_t count = 0;

	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_object_get(json_array_get(a, i),
		    "overdue");

		assert_true(json_is_boolean(v));
		if (json_is_true(v) != late[i])
			fail_msg("item %zu: overdue is %s at %lld", i,
			    json_is_true(v) ? "true" : "false", (long long)now);
		count += late[i];
	}
	assert_int_equal(num(o, "action_items_overdue"), count);
	assert_int_equal(num(o, "action_items_open"), open);
	json_decref(o);
}

static void
test_overdue_utc(void **state)
{
	static const bool none[4] = { false, false, false, false };
	static const bool first[4] = { true, false, false, false };
	static const bool both[4] = { true, false, true, false };
	config *cfg = config_default();
	record *r = parse(sample, cfg);
	json_t *o, *a;

	(void)state;
	/* three open items (one is done); the done one is never overdue
	 * although its due date (03-05) has passed, nor the one without a
	 * due date */
	expect_overdue(r, cfg, at("2024-03-01T00:00Z"), none, 4, 3);
	expect_overdue(r, cfg, at("2024-03-10T00:00Z"), none, 4, 3);
	expect_overdue(r, cfg, at("2024-03-10T23:59:59Z"), none, 4, 3);
	expect_overdue(r, cfg, at("2024-03-11T00:00Z"), first, 4, 3);
	expect_overdue(r, cfg, at("2024-03-20T23:59:59Z"), first, 4, 3);
	expect_overdue(r, cfg, at("2024-03-21T00:00Z"), both, 4, 3);
	expect_overdue(r, cfg, at("2030-01-01T00:00Z"), both, 4, 3);

	o = export_incident(r, NULL, cfg, 0);
	a = actions_of(o, 4);
	assert_true(json_is_true(json_object_get(json_array_get(a, 1),
	    "done")));
	assert_string_equal(str(json_array_get(a, 1), "status"), "done");
	assert_string_equal(str(json_array_get(a, 2), "status"), "open");
	assert_string_equal(str(json_object_get(json_array_get(a, 0), "due"),
	    "iso"), "2024-03-10");
	expect_null(json_array_get(a, 3), "due");
	json_decref(o);
	record_free(r);
	config_free(cfg);
}

static void
test_overdue_zone(void **state)
{
	static const bool none[4] = { false, false, false, false };
	static const bool first[4] = { true, false, false, false };
	config *cfg = config_default();
	record *r;

	(void)state;
	/* the due day is a day in the configured zone: 2024-03-10 in
	 * Berlin ends at 2024-03-10T23:00Z */
	assert_int_equal(tz_set("Europe/Berlin"), 0);
	r = parse(sample, cfg);
	expect_overdue(r, cfg, at("2024-03-10T22:59:59Z"), none, 4, 3);
	expect_overdue(r, cfg, at("2024-03-10T23:00:00Z"), first, 4, 3);
	record_free(r);
	assert_int_equal(tz_set("UTC"), 0);
	config_free(cfg);
}

/* A day in the configured zone is not always 86400 s long: in
 * Europe/Berlin 2024-10-27 has 25 hours and 2024-03-31 has 23. An item is
 * overdue once its local due day has ended, not 86400 s after midnight. */
static void
test_overdue_dst(void **state)
{
	static const bool late[1] = { true };
	static const bool not_late[1] = { false };
	config *cfg = config_default();
	record *fall, *spring;
	(void)state;
	assert_int_equal(tz_set("Europe/Berlin"), 0);
	fall = parse("---\nid: F\n---\n## Action items\n\n"
	    "- [ ] Fix it due 2024-10-27\n", cfg);
	spring = parse("---\nid: S\n---\n## Action items\n\n"
	    "- [ ] Fix it due 2024-03-31\n", cfg);
	assert_int_equal(fall->nactions, 1);
	assert_string_equal(fall->actions[0].due_raw, "2024-10-27");

	expect_overdue(fall, cfg, at("2024-10-27T22:59:59Z"), not_late, 1, 1);
	expect_overdue(fall, cfg, at("2024-10-27T23:00Z"), late, 1, 1);
	expect_overdue(spring, cfg, at("2024-03-31T21:59:59Z"), not_late, 1,
	    1);
	expect_overdue(spring, cfg, at("2024-03-31T22:00Z"), late, 1, 1);
	record_free(fall);
	record_free(spring);
	assert_int_equal(tz_set("UTC"), 0);
	config_free(cfg);
}

static void
test_no_actions(void **state)
{
	config *cfg = config_default();
	record *r = parse("---\nid: E\n---\nNothing.\n", cfg);
	json_t *o = export_incident(r, NULL, cfg, 0);

	(void)state;
	actions_of(o, 0);
	assert_int_equal(num(o, "action_items_open"), 0);
	assert_int_equal(num(o, "action_items_overdue"), 0);
	assert_int_equal(json_array_size(json_object_get(o, "roles")), 0);
	expect_null(o, "customer_impact");
	expect_null(o, "data_loss");
	expect_null(o, "responder_hours");
	json_decref(o);
	record_free(r);
	config_free(cfg);
}

/* The summary is the export without the four page-only keys, every other
 * key the same, in the same order. */
static void
test_summary(void **state)
{
	config *cfg = config_default();
	record *r = parse(sample, cfg);
	json_t *full = export_incident(r, NULL, cfg, 0);
	json_t *sum = export_incident_summary(r, NULL, cfg, 0);
	static const char *const gone[] = {
		"events", "commits", "sections", "timeline"
	};
	const char *key;
	json_t *v;
	void *it = json_object_iter(sum);

	(void)state;
	for (size_t k = 0; k < sizeof(gone) / sizeof(*gone); k++) {
		assert_non_null(json_object_get(full, gone[k]));
		assert_null(json_object_get(sum, gone[k]));
		json_object_del(full, gone[k]);
	}
	assert_true(json_equal(full, sum));
	json_object_foreach(full, key, v) {
		assert_non_null(it);
		assert_string_equal(json_object_iter_key(it), key);
		it = json_object_iter_next(sum, it);
	}
	json_decref(full);
	json_decref(sum);
	record_free(r);
	config_free(cfg);
}

int
main(void)
{
#define T(f) cmocka_unit_test_teardown(f, reset_zone)
	const struct CMUnitTest tests[] = {
		T(test_identity),
		T(test_times_utc),
		T(test_times_zone),
		T(test_durations),
		T(test_roles),
		T(test_link_labels),
		T(test_ticket_url),
		T(test_overdue_utc),
		T(test_overdue_zone),
		T(test_overdue_dst),
		T(test_no_actions),
		T(test_summary),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
