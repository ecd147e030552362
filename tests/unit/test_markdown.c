/*
 * test_markdown.c - sections, timeline, action items and summary read
 * from record bodies.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "parse/markdown.h"
#include "model/record.h"
#include "lib/timeutil.h"

/* Parse body as if it started at file line first_line. */
static record *
parse_at(const char *body, int first_line, diags *d)
{
	record *r = record_new("incidents/x.md");

	assert_int_equal(markdown_parse(body, strlen(body), first_line, r,
	    NULL, d), 0);
	assert_non_null(r->doc);
	return r;
}

static record *
parse(const char *body, diags *d)
{
	return parse_at(body, 1, d);
}

/* The time s must parse to (with time_parse), in seconds. */
static int64_t
at(const char *s)
{
	am_time t;

	assert_int_equal(time_parse(s, &t), 0);
	return t.t;
}

static size_t
count_rule(const diags *d, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].rule, rule) == 0)
			n++;
	return n;
}

static void
test_slugify(void **state)
{
	static const char *const cases[][2] = {
		{ "What went well?", "what-went-well" },
		{ "  Lessons -- learned!  ", "lessons-learned" },
		{ "Zeitplan f\xc3\xbcr St\xc3\xb6rung",
		    "zeitplan-f\xc3\xbcr-st\xc3\xb6rung" },
		{ "../etc/passwd", "etc-passwd" },
		{ "v1.2 rollout", "v1-2-rollout" },
		{ "???", "section" },
		{ "", "section" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *s = slugify(cases[i][0]);

		assert_string_equal(s, cases[i][1]);
		assert_null(strchr(s, '/'));
		assert_null(strchr(s, '.'));
		free(s);
	}
}

static void
test_sections(void **state)
{
	const char *body =
	    "Intro text.\n"                      /* line 12 */
	    "\n"
	    "# Incident 42\n"                    /* 14 */
	    "\n"
	    "## Lessons learned\n"               /* 16 */
	    "\n"
	    "We learned *much*.\n"               /* 18 */
	    "\n"
	    "### What went well\n"               /* 20 */
	    "\n"
	    "Paging worked.\n"
	    "\n"
	    "### What went well\n"               /* 24 */
	    "\n"
	    "Also `rollback`.\n"
	    "\n"
	    "Setext heading\n"                   /* 28 */
	    "--------------\n"
	    "\n"
	    "After.\n"
	    "\n"
	    "## Lessons learned\n";              /* 33 */
	diags d = { 0 };
	record *r;

	(void)state;
	r = parse_at(body, 12, &d);
	assert_int_equal(r->nsections, 6);
	assert_string_equal(r->sections[0].title, "Incident 42");
	assert_int_equal(r->sections[0].level, 1);
	assert_int_equal(r->sections[0].pos.line, 14);
	assert_int_equal(r->sections[0].pos.col, 1);
	assert_string_equal(r->sections[0].anchor, "incident-42");

	assert_string_equal(r->sections[1].title, "Lessons learned");
	assert_int_equal(r->sections[1].level, 2);
	assert_int_equal(r->sections[1].pos.line, 16);
	/* the level-3 subsections are part of the level-2 text */
	assert_non_null(strstr(r->sections[1].text, "We learned much."));
	assert_non_null(strstr(r->sections[1].text, "Paging worked."));
	assert_non_null(strstr(r->sections[1].text, "Also rollback."));
	assert_null(strstr(r->sections[1].text, "After."));

	assert_string_equal(r->sections[2].anchor, "what-went-well");
	assert_string_equal(r->sections[2].text, "Paging worked.");
	assert_int_equal(r->sections[2].level, 3);
	assert_string_equal(r->sections[3].anchor, "what-went-well-2");
	assert_int_equal(r->sections[3].pos.line, 24);
	assert_string_equal(r->sections[3].text, "Also rollback.");

	assert_string_equal(r->sections[4].title, "Setext heading");
	assert_int_equal(r->sections[4].level, 2);
	assert_int_equal(r->sections[4].pos.line, 28);
	assert_string_equal(r->sections[4].text, "After.");

	assert_string_equal(r->sections[5].anchor, "lessons-learned-2");
	assert_string_equal(r->sections[5].text, "");
	assert_int_equal(r->body_line, 12);
	assert_int_equal(d.n, 0);
	record_free(r);
	diags_free(&d);
}

/* The anchor maker redact.c shares: a removed anchor is free again,
 * also for the next duplicate of its base. */
static void
test_anchor_set(void **state)
{
	anchor_set set = { 0 };
	char *a = anchor_set_make(&set, "A"), *b = anchor_set_make(&set, "a"),
	    *c = anchor_set_make(&set, "A!"), *d, *e;

	(void)state;
	assert_string_equal(a, "a");
	assert_string_equal(b, "a-2");
	assert_string_equal(c, "a-3");
	anchor_set_remove(&set, b);
	d = anchor_set_make(&set, "a");
	assert_string_equal(d, "a-2");
	e = anchor_set_make(&set, "fn 2");
	assert_string_equal(e, "fn-2-2");
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	anchor_set_free(&set);
	anchor_set_free(NULL);
}

static void
test_anchor_collisions(void **state)
{
	const char *body =
	    "# A\n\n# A\n\n# A-2\n\n# A\n\n# Fn 1\n\n# ???\n\n# !!\n";
	diags d = { 0 };
	record *r;

	(void)state;
	r = parse(body, &d);
	assert_int_equal(r->nsections, 7);
	assert_string_equal(r->sections[0].anchor, "a");
	assert_string_equal(r->sections[1].anchor, "a-2");
	/* written "A-2" collides with the generated one */
	assert_string_equal(r->sections[2].anchor, "a-2-2");
	assert_string_equal(r->sections[3].anchor, "a-3");
	/* footnote ids are fn-N */
	assert_string_equal(r->sections[4].anchor, "fn-1-2");
	assert_string_equal(r->sections[5].anchor, "section");
	assert_string_equal(r->sections[6].anchor, "section-2");
	record_free(r);
	diags_free(&d);
}

static void
test_timeline_formats(void **state)
{
	const char *body =
	    "## Timeline\n"
	    "\n"
	    "- 2024-03-01 14:02 UTC \xe2\x80\x94 Alert fired\n"     /* 3 */
	    "- 2024-03-01T14:03:00Z - Paged on-call\n"
	    "- 2024-03-01 14:04+01:00: Ack\n"
	    "- 14:05 \xe2\x80\x94 Rolled back\n"
	    "- 14:06 UTC - Recovered\n"
	    "- **14:07** \xe2\x80\x93 Bold time\n"
	    "- `14:08` | Code time\n"
	    "- 14:09 Plain after time\n"
	    "  - sub note\n"
	    "\n"
	    "## Next\n";
	diags d = { 0 };
	record *r;
	tl_entry *e;

	(void)state;
	assert_int_equal(tz_set("Europe/Berlin"), 0);
	r = parse(body, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(r->ntimeline, 8);
	e = r->timeline;
	assert_true(e[0].time.set);
	assert_int_equal(e[0].time.t, at("2024-03-01T14:02:00Z"));
	assert_string_equal(e[0].time_raw, "2024-03-01 14:02 UTC");
	assert_string_equal(e[0].text, "Alert fired");
	assert_int_equal(e[0].pos.line, 3);
	assert_int_equal(e[1].time.t, at("2024-03-01T14:03:00Z"));
	assert_string_equal(e[1].text, "Paged on-call");
	assert_int_equal(e[2].time.t, at("2024-03-01T13:04:00Z"));
	assert_string_equal(e[2].text, "Ack");
	/* clock-only: date and offset (+01:00) carried from the last entry */
	assert_int_equal(e[3].time.t, at("2024-03-01T13:05:00Z"));
	assert_string_equal(e[3].time_raw, "14:05");
	assert_string_equal(e[3].text, "Rolled back");
	assert_int_equal(e[4].time.t, at("2024-03-01T14:06:00Z"));
	assert_string_equal(e[4].text, "Recovered");
	/* UTC now carries */
	assert_int_equal(e[5].time.t, at("2024-03-01T14:07:00Z"));
	assert_string_equal(e[5].text, "Bold time");
	assert_int_equal(e[6].time.t, at("2024-03-01T14:08:00Z"));
	assert_string_equal(e[6].text, "Code time");
	assert_int_equal(e[7].time.t, at("2024-03-01T14:09:00Z"));
	/* a sub-list is part of its item, not an entry of its own */
	assert_string_equal(e[7].text, "Plain after time sub note");
	assert_int_equal(e[7].pos.line, 10);
	record_free(r);
	diags_free(&d);
	assert_int_equal(tz_set("UTC"), 0);
}

static void
test_timeline_dates(void **state)
{
	const char *body =
	    "# Incident timeline\n"
	    "\n"
	    "- 09:00 \xe2\x80\x94 before any date: from started\n"
	    "\n"
	    "### 2024-03-02\n"
	    "\n"
	    "- 10:00 \xe2\x80\x94 day two\n"
	    "\n"
	    "### 2024-03-03\n"
	    "\n"
	    "- 11:00 \xe2\x80\x94 day three\n"
	    "- 2024-03-05 \xe2\x80\x94 date only\n"
	    "- 12:00 \xe2\x80\x94 day five\n";
	diags d = { 0 };
	record *r = record_new("x.md");

	(void)state;
	assert_int_equal(time_parse("2024-03-01T08:30:00Z",
	    &r->times[PHASE_STARTED]), 0);
	assert_int_equal(markdown_parse(body, strlen(body), 1, r, NULL, &d),
	    0);
	assert_int_equal(d.n, 0);
	assert_int_equal(r->ntimeline, 5);
	assert_int_equal(r->timeline[0].time.t, at("2024-03-01T09:00:00Z"));
	assert_int_equal(r->timeline[1].time.t, at("2024-03-02T10:00:00"));
	assert_int_equal(r->timeline[2].time.t, at("2024-03-03T11:00:00"));
	assert_true(r->timeline[3].time.date_only);
	assert_int_equal(r->timeline[3].time.t, at("2024-03-05"));
	assert_int_equal(r->timeline[4].time.t, at("2024-03-05T12:00:00"));
	record_free(r);
	diags_free(&d);
}

static void
test_timeline_table(void **state)
{
	const char *body =
	    "## Chronology\n"
	    "\n"
	    "| What | Time (UTC) | Who |\n"
	    "|------|------------|-----|\n"
	    "| Alert | 2024-03-01 14:02 | bot |\n"       /* 5 */
	    "| Page | 14:05 | |\n"
	    "| Fix | soon | ann |\n"                    /* 7 */
	    "\n"
	    "| Date | Time | Event |\n"
	    "|---|---|---|\n"
	    "| 2024-03-02 | 09:15 | **Second day** |\n"  /* 11 */
	    "| | 09:20 | carried |\n";
	diags d = { 0 };
	record *r;

	(void)state;
	assert_int_equal(tz_set("America/New_York"), 0);
	r = parse(body, &d);
	assert_int_equal(r->ntimeline, 5);
	/* the header says UTC, so bare clocks are read in UTC */
	assert_int_equal(r->timeline[0].time.t, at("2024-03-01T14:02:00Z"));
	assert_string_equal(r->timeline[0].text, "Alert \xe2\x80\x94 bot");
	assert_string_equal(r->timeline[0].time_raw, "2024-03-01 14:02");
	assert_int_equal(r->timeline[0].pos.line, 5);
	assert_int_equal(r->timeline[1].time.t, at("2024-03-01T14:05:00Z"));
	assert_string_equal(r->timeline[1].text, "Page");
	assert_false(r->timeline[2].time.set);
	assert_string_equal(r->timeline[2].time_raw, "soon");
	assert_string_equal(r->timeline[2].text, "Fix \xe2\x80\x94 ann");
	assert_int_equal(r->timeline[3].time.t, at("2024-03-02T09:15:00"));
	assert_string_equal(r->timeline[3].text, "Second day");
	assert_int_equal(r->timeline[3].pos.line, 11);
	assert_int_equal(r->timeline[4].time.t, at("2024-03-02T09:20:00"));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "timeline-entry");
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_int_equal(d.v[0].line, 7);
	assert_non_null(strstr(d.v[0].message, "'soon'"));
	record_free(r);
	diags_free(&d);
	assert_int_equal(tz_set("UTC"), 0);
}

static void
test_timeline_bad(void **state)
{
	const char *body =
	    "Front text.\n"
	    "\n"
	    "## Timeline:\n"                          /* 22 */
	    "\n"
	    "- 14:05 \xe2\x80\x94 no date anywhere\n"  /* 24 */
	    "- 2024-03-01 14:02Z \xe2\x80\x94 ok\n"
	    "- 25:99 \xe2\x80\x94 bad clock\n"         /* 26 */
	    "- 2024-02-30 10:00 - no such day\n"      /* 27 */
	    "- 14h05 - French style\n"                /* 28 */
	    "- Customers noticed first\n"             /* 29 */
	    "- 14:05am - sloppy\n";                   /* 30 */
	diags d = { 0 };
	record *r;

	(void)state;
	r = parse_at(body, 20, &d);
	assert_int_equal(r->ntimeline, 7);
	assert_int_equal(d.n, 6);
	assert_int_equal(count_rule(&d, "timeline-entry"), 6);
	assert_int_equal(d.v[0].line, 24);
	assert_int_equal(d.v[0].col, 1);
	assert_string_equal(d.v[0].path, "incidents/x.md");
	assert_non_null(strstr(d.v[0].message, "no date"));
	assert_false(r->timeline[0].time.set);
	assert_string_equal(r->timeline[0].text, "no date anywhere");
	assert_true(r->timeline[1].time.set);
	assert_int_equal(d.v[1].line, 26);
	assert_string_equal(d.v[1].message, "cannot read the time '25:99' of "
	    "a timeline entry; write 2024-03-01 14:02Z or 14:02");
	assert_int_equal(d.v[2].line, 27);
	assert_non_null(strstr(d.v[2].message, "'2024-02-30 10:00'"));
	assert_string_equal(r->timeline[3].text, "no such day");
	assert_int_equal(d.v[3].line, 28);
	assert_non_null(strstr(d.v[3].message, "'14h05'"));
	assert_string_equal(r->timeline[4].time_raw, "14h05");
	assert_string_equal(r->timeline[4].text, "French style");
	assert_int_equal(d.v[4].line, 29);
	assert_string_equal(r->timeline[5].time_raw, "");
	assert_string_equal(r->timeline[5].text, "Customers noticed first");
	assert_int_equal(d.v[5].line, 30);
	assert_false(r->timeline[6].time.set);
	for (size_t i = 0; i < r->ntimeline; i++) {
		assert_non_null(r->timeline[i].time_raw);
		assert_non_null(r->timeline[i].text);
	}
	record_free(r);
	diags_free(&d);
}

static void
test_no_timeline(void **state)
{
	const char *body = "# Notes\n\n- 14:05 \xe2\x80\x94 not a timeline\n";
	diags d = { 0 };
	record *r;

	(void)state;
	r = parse(body, &d);
	assert_int_equal(r->ntimeline, 0);
	assert_int_equal(d.n, 0);
	record_free(r);
	diags_free(&d);
}

static void
test_action_table(void **state)
{
	const char *body =
	    "## Follow-up actions\n"
	    "\n"
	    "| Status | DRI | Deadline | Task | Jira | Prio | Kind |\n"
	    "|---|---|---|---|---|---|---|\n"
	    "| Done | ann | 2024-04-01 | Add alert | [OPS-1](https://t/OPS-1) | P1 | detect |\n"
	    "| open | | soon | Fix retries | [](https://t/OPS-2) | | |\n"  /* 6 */
	    "| won't fix | bob | | Rewrite | | P3 | |\n"
	    "| \xe2\x9c\x93 | | | Small thing | | | |\n"
	    "\n"
	    "| Action | Done |\n"
	    "|---|---|\n"
	    "| Other table | x |\n"
	    "| Not done | no |\n";
	diags d = { 0 };
	record *r;
	action_item *a;

	(void)state;
	r = parse(body, &d);
	assert_int_equal(r->nactions, 6);
	a = r->actions;
	assert_string_equal(a[0].action, "Add alert");
	assert_string_equal(a[0].owner, "ann");
	assert_string_equal(a[0].type, "detect");
	assert_string_equal(a[0].priority, "P1");
	assert_string_equal(a[0].ticket, "OPS-1");
	assert_string_equal(a[0].status, "Done");
	assert_string_equal(a[0].due_raw, "2024-04-01");
	assert_true(a[0].due.set);
	assert_true(a[0].due.date_only);
	assert_int_equal(a[0].due.t, at("2024-04-01"));
	assert_true(a[0].done);
	assert_int_equal(a[0].pos.line, 5);

	assert_string_equal(a[1].action, "Fix retries");
	assert_null(a[1].owner);
	assert_null(a[1].priority);
	assert_null(a[1].type);
	/* a link without text stands for its URL */
	assert_string_equal(a[1].ticket, "https://t/OPS-2");
	assert_string_equal(a[1].due_raw, "soon");
	assert_false(a[1].due.set);
	assert_false(a[1].done);
	assert_int_equal(a[1].pos.line, 6);

	assert_true(a[2].done);
	assert_null(a[2].due_raw);
	assert_true(a[3].done);
	assert_string_equal(a[4].action, "Other table");
	assert_null(a[4].owner);
	assert_true(a[4].done);
	assert_false(a[5].done);
	assert_int_equal(d.n, 0);
	record_free(r);
	diags_free(&d);
}

static void
test_action_tasks(void **state)
{
	const char *body =
	    "# Action items\n"
	    "\n"
	    "- [ ] Fix it @alice JIRA-12 due 2024-04-01 P1\n"
	    "- [x] Add dashboards (owner: @bob, #77, due: 2024-05-02)\n"
	    "- [ ] Rotate keys \xe2\x80\x94 @carol.\n"
	    "  - [ ] nested task P4\n"
	    "- [ ] Nothing annotated, due to a bug\n"
	    "- not a task\n"
	    "\n"
	    "# Other\n"
	    "\n"
	    "- [ ] outside the section\n";
	diags d = { 0 };
	record *r;
	action_item *a;

	(void)state;
	r = parse(body, &d);
	assert_int_equal(r->nactions, 5);
	a = r->actions;
	assert_string_equal(a[0].action, "Fix it");
	assert_string_equal(a[0].owner, "alice");
	assert_string_equal(a[0].ticket, "JIRA-12");
	assert_string_equal(a[0].due_raw, "2024-04-01");
	assert_true(a[0].due.set);
	assert_string_equal(a[0].priority, "P1");
	assert_false(a[0].done);
	assert_int_equal(a[0].pos.line, 3);

	assert_string_equal(a[1].action, "Add dashboards");
	assert_string_equal(a[1].owner, "bob");
	assert_string_equal(a[1].ticket, "#77");
	assert_string_equal(a[1].due_raw, "2024-05-02");
	assert_null(a[1].priority);
	assert_true(a[1].done);

	assert_string_equal(a[2].action, "Rotate keys");
	assert_string_equal(a[2].owner, "carol");
	assert_string_equal(a[3].action, "nested task");
	assert_string_equal(a[3].priority, "P4");
	assert_int_equal(a[3].pos.line, 6);

	assert_string_equal(a[4].action, "Nothing annotated, due to a bug");
	assert_null(a[4].due_raw);
	assert_null(a[4].owner);
	assert_null(a[4].ticket);
	record_free(r);
	diags_free(&d);
}

/* "key: value" pairs in parentheses are read as a table's columns are,
 * whatever else the item holds; a misspelt key is its own finding. */
static void
test_action_pairs(void **state)
{
	const char *body =
	    "# Action items\n"
	    "\n"
	    "- [ ] Add alert (owner: alice, ticket: OPS-7, due: 2026-03-01)\n"
	    "- [ ] Fix pool (Owner: @Bo Chen; priority: high; type: prevent)\n"
	    "- [ ] Rotate keys (status: done, due: next week) P2\n"
	    "- [ ] Drain node (onwer: dee, see: runbook)\n"
	    "- [ ] Retry (owner: )\n"
	    "- [ ] Rotate certs (owner: ana (platform), due: 2026-04-01)\n"
	    "- [ ] Tune retries (3;5 s) for the proxy\n";
	diags d = { 0 };
	record *r;
	action_item *a;

	(void)state;
	r = parse(body, &d);
	assert_int_equal(r->nactions, 7);
	a = r->actions;
	assert_string_equal(a[0].action, "Add alert");
	assert_string_equal(a[0].owner, "alice");
	assert_string_equal(a[0].ticket, "OPS-7");
	assert_string_equal(a[0].due_raw, "2026-03-01");
	assert_true(a[0].due.set);
	assert_false(a[0].done);

	assert_string_equal(a[1].action, "Fix pool");
	assert_string_equal(a[1].owner, "Bo Chen");
	assert_string_equal(a[1].priority, "high");
	assert_string_equal(a[1].type, "prevent");

	/* present but not a date: kept, so that check says so */
	assert_string_equal(a[2].action, "Rotate keys");
	assert_string_equal(a[2].status, "done");
	assert_true(a[2].done);
	assert_string_equal(a[2].due_raw, "next week");
	assert_false(a[2].due.set);
	assert_string_equal(a[2].priority, "P2");

	assert_string_equal(a[3].action, "Drain node (onwer: dee, see: "
	    "runbook)");
	assert_null(a[3].owner);
	assert_string_equal(a[4].action, "Retry");
	assert_null(a[4].owner);
	/* a value may hold parentheses of its own */
	assert_string_equal(a[5].action, "Rotate certs");
	assert_string_equal(a[5].owner, "ana (platform)");
	assert_true(a[5].due.set);
	/* a group with no pair in it is text, as written */
	assert_string_equal(a[6].action, "Tune retries (3;5 s) for the proxy");
	assert_null(a[6].owner);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "unknown-field");
	assert_int_equal(d.v[0].line, 6);
	assert_non_null(strstr(d.v[0].message, "'onwer'"));
	assert_non_null(strstr(d.v[0].message, "'owner'"));
	record_free(r);
	diags_free(&d);
}

static void
test_summary(void **state)
{
	const char *body =
	    "# TL;DR\n"
	    "\n"
	    "Checkout was   down\n"
	    "for *ten* minutes.\n"
	    "\n"
	    "Second paragraph.\n";
	diags d = { 0 };
	record *r;

	(void)state;
	r = parse(body, &d);
	assert_string_equal(r->summary, "Checkout was down for ten minutes.");
	record_free(r);

	/* front matter wins */
	r = record_new("x.md");
	r->summary = xstrdup("From front matter");
	assert_int_equal(markdown_parse(body, strlen(body), 1, r, NULL, &d),
	    0);
	assert_string_equal(r->summary, "From front matter");
	record_free(r);

	r = parse("# Summary\n\n- a list\n\nThe text.\n", &d);
	assert_string_equal(r->summary, "The text.");
	record_free(r);

	r = parse("# Impact\n\nNone.\n", &d);
	assert_null(r->summary);
	record_free(r);
	diags_free(&d);
}

static void
test_raw_html_not_text(void **state)
{
	const char *body =
	    "# Summary\n\nHello <b onclick=\"x\">world</b>.\n\n"
	    "<script>alert(1)</script>\n";
	diags d = { 0 };
	record *r;

	(void)state;
	r = parse(body, &d);
	assert_string_equal(r->summary, "Hello world.");
	assert_null(strstr(r->sections[0].text, "script"));
	record_free(r);
	diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slugify),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_anchor_collisions),
		cmocka_unit_test(test_anchor_set),
		cmocka_unit_test(test_timeline_formats),
		cmocka_unit_test(test_timeline_dates),
		cmocka_unit_test(test_timeline_table),
		cmocka_unit_test(test_timeline_bad),
		cmocka_unit_test(test_no_timeline),
		cmocka_unit_test(test_action_table),
		cmocka_unit_test(test_action_tasks),
		cmocka_unit_test(test_action_pairs),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_raw_html_not_text),
	};

	if (tz_set("UTC") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
