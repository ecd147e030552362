/*
 * test_check.c - the validate stage. One complete review passes without
 * a finding; each broken variant of it yields exactly its rule, at the
 * line of what is broken; near misses yield nothing. The checker's
 * settings in aftermath.yaml are read here too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

#include "parse/config_load.h"
#include "parse/record_parse.h"
#include "check/check.h"
#include "model/config.h"
#include "model/record.h"
#include "model/rules.h"
#include "model/sections.h"
#include "lib/timeutil.h"

#define PATH "incidents/2025/2025-007-payments-cert.md"

/* A closed SEV2 review with everything a review needs. "Now" is the
 * Monday after the Friday of the incident: one working day later. */
static const char complete[] =
    "---\n"
    "id: 2025-007\n"
    "title: Card payments failed after the processor certificate expired\n"
    "severity: SEV2\n"
    "status: closed\n"
    "type: unplanned\n"
    "services: [payments-api]\n"
    "roles:\n"
    "  commander: Bo Chen\n"
    "  investigator: [Farah Haddad, Dana Kowalski]\n"
    "  scribe: Ana Lima\n"
    "  facilitator: Leila Said\n"
    "started: 2025-03-14T09:02:00Z\n"
    "detected: 2025-03-14T09:04:00Z\n"
    "acknowledged: 2025-03-14T09:06:00Z\n"
    "identified: 2025-03-14T09:31:00Z\n"
    "mitigated: 2025-03-14T10:12:00Z\n"
    "recovered: 2025-03-14T10:25:00Z\n"
    "resolved: 2025-03-17T09:00:00Z\n"
    "reviewed: 2025-03-17\n"
    "customer_impact: true\n"
    "featured: false\n"
    "---\n"
    "\n"
    "## Summary\n"
    "\n"
    "For 70 minutes most card payments failed because the client\n"
    "certificate for the payment processor had expired. The `default`\n"
    "renewal reminder went to a mailbox nobody read.\n"
    "\n"
    "## Impact\n"
    "\n"
    "About 4,100 card payments failed; wallets kept working.\n"
    "\n"
    "## Contributing factors\n"
    "\n"
    "- The certificate was renewed by hand once a year.\n"
    "- Its expiry was not monitored; the log said `failed to verify`.\n"
    "\n"
    "## Timeline\n"
    "\n"
    "- 2025-03-14 09:02 UTC \xe2\x80\x94 The certificate expires\n"
    "- 09:04 \xe2\x80\x94 Payment error-rate alert fires\n"
    "- 09:31 \xe2\x80\x94 Expired certificate identified\n"
    "- 10:12 \xe2\x80\x94 New certificate deployed\n"
    "- 10:25 \xe2\x80\x94 Error rate back to normal\n"
    "\n"
    "## Resolution\n"
    "\n"
    "A new certificate was issued through the processor portal.\n"
    "\n"
    "## What went well\n"
    "\n"
    "- The alert fired within two minutes.\n"
    "\n"
    "## What went wrong\n"
    "\n"
    "- Only one person had access to the processor portal.\n"
    "\n"
    "## Where we got lucky\n"
    "\n"
    "- It expired on a quiet Friday morning.\n"
    "\n"
    "## Action items\n"
    "\n"
    "| Action | Owner | Priority | Ticket | Due | Status |\n"
    "|---|---|---|---|---|---|\n"
    "| Monitor certificate expiry | @farah | P1 | OPS-1431 | 2025-03-14 | done |\n"
    "| Second admin for the portal | @dana | P2 | OPS-1432 | 2025-04-11 | open |\n";

/* Monday 2025-03-17 12:00 UTC. */
#define NOW 1742212800

/* One change to the text: the first occurrence of from becomes to. */
typedef struct edit {
	const char *from, *to;
} edit;

/* A variant of the complete review and the one finding it must give. */
typedef struct trigger {
	const char *name;
	edit e[3];
	const char *rule;
	const char *at;        /* the finding's line is the line of the first
	                          occurrence of this in the variant; NULL:
	                          line 1 */
	const char *msg;       /* the message contains this, or NULL */
	void (*tweak)(config *);
	int64_t now;           /* 0: NOW */
} trigger;

/* A copy of text with the edits applied; each must apply. */
static char *
apply(const char *text, const edit *e, size_t n)
{
	char *s = strdup(text);

	assert_non_null(s);
	for (size_t i = 0; i < n && e[i].from != NULL; i++) {
		char *p = strstr(s, e[i].from), *t;
		size_t a, b, c;

		if (p == NULL)
			fail_msg("edit '%s' does not apply", e[i].from);
		a = (size_t)(p - s);
		b = strlen(e[i].from);
		c = strlen(e[i].to);
		t = malloc(strlen(s) - b + c + 1);
		assert_non_null(t);
		memcpy(t, s, a);
		memcpy(t + a, e[i].to, c);
		strcpy(t + a + c, p + b);
		free(s);
		s = t;
	}
	return s;
}

/* The 1-based line of the first occurrence of needle in text. */
static int
line_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	int line = 1;

	if (p == NULL)
		fail_msg("'%s' is not in the text", needle);
	for (const char *q = text; q < p; q++)
		if (*q == '\n')
			line++;
	return line;
}

/* Parse text and check it as aftermath check does: parse findings
 * first, then the stage's. */
static record *
run(const char *text, const config *cfg, int64_t now, diags *d)
{
	record *r = record_parse(PATH, text, strlen(text), cfg, d);

	check_record(r, cfg, now, d);
	return r;
}

/* Print the findings, for a failing test. */
static void
dump(const diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  %s:%d:%d: %s: %s [%s]\n", d->v[i].path,
		    d->v[i].line, d->v[i].col, diag_level_name(d->v[i].level),
		    d->v[i].message, d->v[i].rule);
}

static void
test_complete_passes(void **state)
{
	config *cfg = config_default();
	diags d = { 0 };
	record *r;

	(void)state;
	r = run(complete, cfg, NOW, &d);
	if (d.n != 0)
		dump(&d);
	assert_int_equal(d.n, 0);
	/* the parser saw what the rules read */
	assert_int_equal(r->ntimeline, 5);
	assert_int_equal(r->nactions, 2);
	assert_int_equal(r->nsections, 9);
	record_free(r);
	diags_free(&d);
	config_free(cfg);
}

static void
require_priority(config *cfg)
{
	strlist_add(&cfg->check.action_fields, "priority");
}

/* A team's own section whose synonym is also a built-in one's. */
static void
recovery_is_detection(config *cfg)
{
	section_alias *a = calloc(1, sizeof(*a));

	assert_non_null(a);
	a->name = strdup("Detection");
	strlist_add(&a->synonyms, "Recovery");
	cfg->check.section_aliases = a;
	cfg->check.nsection_aliases = 1;
}

static const trigger triggers[] = {
	/* structure */
	{ "yaml-syntax", { { "title: Card", "title: [Card" } },
	    "yaml-syntax", "severity: SEV2", NULL, NULL, 0 },
	{ "frontmatter-missing", { { "---\nid:", "id:" } },
	    "frontmatter-missing", NULL, NULL, NULL, 0 },
	{ "field-required: title", { { "title: Card payments failed after "
	    "the processor certificate expired\n", "" } },
	    "field-required", NULL, "'title' is missing", NULL, 0 },
	{ "field-required: empty title", { { "title: Card payments failed "
	    "after the processor certificate expired\n", "title: ''\n" } },
	    "field-required", "title:", "'title' has no value", NULL, 0 },
	{ "field-required: recovered once closed", {
	    { "recovered: 2025-03-14T10:25:00Z\n", "" } },
	    "field-required", "status: closed", "'recovered' is missing",
	    NULL, 0 },
	{ "field-required: started", { { "started: 2025-03-14T09:02:00Z\n",
	    "" } }, "field-required", NULL, "'started'", NULL, 0 },
	{ "field-type", { { "customer_impact: true", "customer_impact: maybe" } },
	    "field-type", "customer_impact:", NULL, NULL, 0 },
	{ "unknown-field", { { "featured: false", "featurd: false" } },
	    "unknown-field", "featurd:", "did you mean 'featured'?", NULL, 0 },
	{ "severity-unknown", { { "severity: SEV2", "severity: SEV5" } },
	    "severity-unknown", "severity:", "SEV1, SEV2, SEV3, SEV4", NULL,
	    0 },
	{ "status-unknown", { { "status: closed", "status: closd" } },
	    "status-unknown", "status:", "did you mean 'closed'?", NULL, 0 },
	{ "status-unknown: resolved", { { "status: closed",
	    "status: resolved" } }, "status-unknown", "status:",
	    "use 'recovered' while the review is pending, 'closed' once it "
	    "is done", NULL, 0 },
	{ "status-unknown: mitigated", { { "status: closed",
	    "status: Mitigated" } }, "status-unknown", "status:",
	    "did you mean 'monitoring'?", NULL, 0 },
	{ "status-unknown: in progress", { { "status: closed",
	    "status: in-progress" } }, "status-unknown", "status:",
	    "did you mean 'investigating'?", NULL, 0 },
	{ "type-unknown", { { "type: unplanned", "type: maintenance" } },
	    "type-unknown", "type:", "did you mean 'planned'?", NULL, 0 },
	{ "type-unknown: a typo", { { "type: unplanned", "type: secruity" } },
	    "type-unknown", "type:", "did you mean 'security'?", NULL, 0 },
	{ "id-format", { { "id: 2025-007", "id: ../etc" } },
	    "id-format", "id:", NULL, NULL, 0 },

	/* times */
	{ "time-format", { { "detected: 2025-03-14T09:04:00Z",
	    "detected: 14 March, 9:04" } },
	    "time-format", "detected:", NULL, NULL, 0 },
	{ "time-order", { { "detected: 2025-03-14T09:04:00Z",
	    "detected: 2025-03-14T08:04:00Z" } },
	    "time-order", "detected:", "is before started", NULL, 0 },
	{ "time-order: bare date", { { "resolved: 2025-03-17T09:00:00Z",
	    "resolved: 2025-03-13" } },
	    "time-order", "resolved:", "before recovered", NULL, 0 },
	{ "time-future", { { "resolved: 2025-03-17T09:00:00Z",
	    "resolved: 2025-03-17T13:00:00Z" } },
	    "time-future", "resolved:", "in the future", NULL, 0 },
	{ "time-future: reviewed", { { "reviewed: 2025-03-17",
	    "reviewed: 2025-03-18" } },
	    "time-future", "reviewed:", NULL, NULL, 0 },
	{ "timezone-missing", { { "started: 2025-03-14T09:02:00Z",
	    "started: 2025-03-14T09:02:00" } },
	    "timezone-missing", "started:", NULL, NULL, 0 },

	/* sections */
	{ "section-required", { { "## Where we got lucky\n\n"
	    "- It expired on a quiet Friday morning.\n\n", "" } },
	    "section-required", "status: closed",
	    "'Where we got lucky' (required for status 'closed')", NULL, 0 },
	{ "section-required: summary always", {
	    { "status: closed", "status: investigating" },
	    { "## Summary", "## Background" } },
	    "section-required", "status:", "required for every record",
	    NULL, 0 },
	{ "section-required: impact once recovered", {
	    { "status: closed", "status: recovered" },
	    { "## Impact\n", "## Customer experience\n" } },
	    "section-required", "status:", "'Impact'", NULL, 0 },
	{ "section-empty: placeholder", { { "- The alert fired within two "
	    "minutes.\n", "TODO\n" } },
	    "section-empty", "## What went well", "placeholder ('TODO'", NULL,
	    0 },
	{ "section-empty: TBD with colon", { { "- The alert fired within "
	    "two minutes.\n", "_TBD: after the review meeting_\n" } },
	    "section-empty", "## What went well", NULL, NULL, 0 },
	{ "section-empty: placeholder outside the required sections", {
	    { "severity: SEV2", "severity: SEV4" },
	    { "- The alert fired within two minutes.\n", "TODO\n" } },
	    "section-empty", "## What went well", "write it or remove", NULL,
	    0 },
	{ "section-empty: empty", { { "- It expired on a quiet Friday "
	    "morning.\n", "" } },
	    "section-empty", "## Where we got lucky", "is empty", NULL, 0 },
	{ "section-empty: ellipsis", { { "A new certificate was issued "
	    "through the processor portal.", "\xe2\x80\xa6" } },
	    "section-empty", "## Resolution", NULL, NULL, 0 },

	/* timeline */
	{ "timeline-entry", { { "- 09:31 \xe2\x80\x94", "- 25:31 \xe2\x80\x94" } },
	    "timeline-entry", "- 25:31", NULL, NULL, 0 },
	{ "timeline-order", { { "- 09:31 \xe2\x80\x94", "- 08:31 \xe2\x80\x94" } },
	    "timeline-order", "- 08:31", "earlier than the entry before it",
	    NULL, 0 },
	{ "timeline-bounds: after", { { "- 10:25 \xe2\x80\x94 Error rate back "
	    "to normal\n", "- 10:25 \xe2\x80\x94 Error rate back to normal\n"
	    "- 2025-03-16 12:00 UTC \xe2\x80\x94 Review scheduled\n" } },
	    "timeline-bounds", "- 2025-03-16", "after recovered", NULL, 0 },
	{ "timeline-bounds: before", { { "- 2025-03-14 09:02 UTC \xe2\x80\x94 "
	    "The certificate expires\n", "- 2025-03-10 09:00 UTC \xe2\x80\x94 "
	    "Renewal reminder sent\n- 2025-03-14 09:02 UTC \xe2\x80\x94 The "
	    "certificate expires\n" } },
	    "timeline-bounds", "- 2025-03-10", "before started", NULL, 0 },

	/* action items */
	{ "action-item-owner", { { "| @dana |", "|  |" } },
	    "action-item-owner", "| Second admin", "no owner", NULL, 0 },
	{ "action-item-ticket", { { "| OPS-1432 |", "| |" } },
	    "action-item-ticket", "| Second admin", "no ticket", NULL, 0 },
	{ "action-item-ticket: task list", { { "| Action | Owner | Priority | "
	    "Ticket | Due | Status |\n|---|---|---|---|---|---|\n"
	    "| Monitor certificate expiry | @farah | P1 | OPS-1431 | "
	    "2025-03-14 | done |\n| Second admin for the portal | @dana | P2 | "
	    "OPS-1432 | 2025-04-11 | open |\n", "- [x] Monitor certificate "
	    "expiry @farah OPS-1431\n- [ ] Second admin for the portal @dana "
	    "due 2025-04-11\n" } },
	    "action-item-ticket", "- [ ] Second", NULL, NULL, 0 },
	{ "action-item-priority", { { "| P2 |", "| |" } },
	    "action-item-priority", "| Second admin", NULL, require_priority,
	    0 },
	{ "action-item-overdue", { { "| 2025-04-11 |", "| 2025-03-16 |" } },
	    "action-item-overdue", "| Second admin", "was due 2025-03-16", NULL,
	    0 },
	{ "time-format: due date", { { "| 2025-04-11 |", "| next week |" } },
	    "time-format", "| Second admin", "'next week'", NULL, 0 },
	{ "action-items-none", { { "| Action | Owner | Priority | Ticket | "
	    "Due | Status |\n|---|---|---|---|---|---|\n"
	    "| Monitor certificate expiry | @farah | P1 | OPS-1431 | "
	    "2025-03-14 | done |\n| Second admin for the portal | @dana | P2 | "
	    "OPS-1432 | 2025-04-11 | open |\n", "We found nothing to change.\n" } },
	    "action-items-none", "## Action items", "SEV2", NULL, 0 },
	{ "section-empty: a table of headings only", {
	    { "severity: SEV2", "severity: SEV3" },
	    { "| Monitor certificate expiry | @farah | P1 | OPS-1431 | "
	    "2025-03-14 | done |\n| Second admin for the portal | @dana | P2 | "
	    "OPS-1432 | 2025-04-11 | open |\n", "" } },
	    "section-empty", "## Action items", "is empty", NULL, 0 },

	/* people */
	{ "role-missing", { { "  commander: Bo Chen\n", "" } },
	    "role-missing", "roles:", "needs a commander", NULL, 0 },
	{ "facilitator-involved", { { "facilitator: Leila Said",
	    "facilitator: ana lima" } },
	    "facilitator-involved", "facilitator:", "also scribe", NULL, 0 },

	/* timeliness: Wednesday, three working days after the Friday */
	{ "pir-overdue", { { "status: closed", "status: recovered" } },
	    "pir-overdue", "status:", "3 working days", NULL,
	    NOW + 2 * 86400 },

	/* blameless writing */
	{ "blame-language", { { "- Only one person had access to the "
	    "processor portal.\n", "- Only one person had access.\n"
	    "  Bo should\n  have renewed it.\n" } },
	    "blame-language", "  Bo should", "\"should have\"", NULL, 0 },
	{ "blame-language: possessive", { { "- The certificate was renewed "
	    "by hand once a year.\n", "- It was Bo\xe2\x80\x99s fault.\n" } },
	    "blame-language", "It was Bo", NULL, NULL, 0 },
	{ "section-ambiguous: two sections under one heading", {
	    { "## What went well\n\n- The alert fired within two minutes.\n\n"
	    "## What went wrong\n", "## What went well & what went wrong\n\n"
	    "- The alert fired within two minutes.\n" } },
	    "section-ambiguous", "## What went well &",
	    "both 'What went well' and 'What went wrong'", NULL, 0 },
	{ "section-ambiguous: a configured synonym of another section", {
	    { "## Resolution\n", "## Recovery\n" } },
	    "section-ambiguous", "## Recovery", "'Resolution' and 'Detection'",
	    recovery_is_detection, 0 },
	{ "blame-language: in a subsection", { { "## Where we got lucky\n",
	    "## Lessons learned\n\n### Process\n\nThat was human error.\n\n"
	    "## Where we got lucky\n" } },
	    "blame-language", "That was human", "human error", NULL, 0 },
};

static void
test_triggers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++) {
		const trigger *t = &triggers[i];
		config *cfg = config_default();
		char *text = apply(complete, t->e, 3);
		int line = t->at ? line_of(text, t->at) : 1;
		diags d = { 0 };
		record *r;

		if (t->tweak != NULL)
			t->tweak(cfg);
		r = run(text, cfg, t->now ? t->now : NOW, &d);
		if (d.n != 1 || strcmp(d.v[0].rule, t->rule) != 0 ||
		    d.v[0].line != line || (t->msg != NULL &&
		    strstr(d.v[0].message, t->msg) == NULL)) {
			fprintf(stderr, "%s: want one %s at line %d, got:\n",
			    t->name, t->rule, line);
			dump(&d);
			fail();
		}
		assert_string_equal(d.v[0].path, PATH);
		/* the level is the catalogue's, so the docs tell the truth */
		assert_int_equal(d.v[0].level, rules_default_level(t->rule));
		assert_non_null(rules_find(t->rule));
		record_free(r);
		diags_free(&d);
		free(text);
		config_free(cfg);
	}
}

/* A variant that must pass: near misses of each rule. */
typedef struct near_miss {
	const char *name;
	edit e[3];
	void (*tweak)(config *);
	int64_t now;
} near_miss;

static void
ursachen(config *cfg)
{
	section_alias *a;

	cfg->check.section_aliases = realloc(cfg->check.section_aliases,
	    sizeof(*a));
	assert_non_null(cfg->check.section_aliases);
	a = &cfg->check.section_aliases[0];
	memset(a, 0, sizeof(*a));
	a->name = strdup("Contributing factors");
	strlist_add(&a->synonyms, "Ursachen");
	cfg->check.nsection_aliases = 1;
}

static void
holiday_monday(config *cfg)
{
	strlist_add(&cfg->holidays, "2025-03-17");
}

static const near_miss near_misses[] = {
	{ "synonym: root cause", { { "## Contributing factors",
	    "## Root cause(s)" } }, NULL, 0 },
	{ "synonym: trigger", { { "## Contributing factors", "## Trigger" } },
	    NULL, 0 },
	{ "synonym: configured", { { "## Contributing factors",
	    "## Ursachen" } }, ursachen, 0 },
	{ "numbered heading with a question mark", { { "## What went well",
	    "## 7. What went well?" } }, NULL, 0 },
	{ "heading with filler, emoji and a typographic apostrophe", {
	    { "## What went wrong", "## So, what didn\xe2\x80\x99t go "
	    "well? \xf0\x9f\x98\xac" } }, NULL, 0 },
	{ "heading with '&'", { { "## Contributing factors",
	    "## Trigger & root causes" } }, NULL, 0 },
	{ "synonym: follow-ups", { { "## Action items", "## Follow-ups" } },
	    NULL, 0 },
	{ "synonym: corrective actions in any case", { { "## Action items",
	    "## CORRECTIVE ACTIONS:" } }, NULL, 0 },
	{ "lessons learned holding the three", {
	    { "## What went well", "## Lessons learned\n\n### Went well" },
	    { "## What went wrong", "### Went wrong" },
	    { "## Where we got lucky", "### Where we were lucky" } }, NULL, 0 },
	{ "SEV3 needs fewer sections and no commander", {
	    { "severity: SEV2", "severity: SEV3" },
	    { "## What went well\n\n- The alert fired within two minutes.\n\n",
	    "" },
	    { "  commander: Bo Chen\n", "" } }, NULL, 0 },
	{ "planned maintenance needs fewer sections", {
	    { "type: unplanned", "type: planned" },
	    { "## Resolution\n", "## Notes\n" },
	    { "## Where we got lucky\n\n- It expired on a quiet Friday "
	    "morning.\n\n", "" } }, NULL, 0 },
	{ "a section left empty outside the required sections", {
	    { "severity: SEV2", "severity: SEV4" },
	    { "- The alert fired within two minutes.\n", "" } }, NULL, 0 },
	{ "an investigation needs little", {
	    { "status: closed", "status: investigating" },
	    { "## Impact\n", "## Notes\n" },
	    { "recovered: 2025-03-14T10:25:00Z\n", "" } }, NULL, 0 },
	{ "placeholder word inside a sentence", {
	    { "- The alert fired within two minutes.",
	    "- The TODO list of the runbook was up to date." } }, NULL, 0 },
	{ "timeline across midnight with the date", {
	    { "- 10:25 \xe2\x80\x94 Error rate back to normal\n",
	    "- 10:25 \xe2\x80\x94 Error rate back to normal\n"
	    "- 23:50 \xe2\x80\x94 Last retries drained\n"
	    "- 2025-03-15 00:10 UTC \xe2\x80\x94 Batch job reconciled\n" } },
	    NULL, 0 },
	{ "timeline entry just before started", {
	    { "- 2025-03-14 09:02 UTC", "- 2025-03-13 10:00 UTC \xe2\x80\x94 "
	    "Reminder mail bounced\n- 2025-03-14 09:02 UTC" } }, NULL, 0 },
	{ "bare date on the day of a time", {
	    { "detected: 2025-03-14T09:04:00Z", "detected: 2025-03-14" } },
	    NULL, 0 },
	{ "blame words where they are no blame", {
	    { "## Summary\n\n", "## Summary\n\nThe check that should have "
	    "caught this matched nothing.\n\n" },
	    { "- Only one person had access to the processor portal.",
	    "- The default config had no fault injection; `failed to "
	    "connect` was logged." } }, NULL, 0 },
	{ "priority not required by default", { { "| P2 |", "| |" } },
	    NULL, 0 },
	{ "done items are never overdue", { { "| 2025-03-14 | done |",
	    "| 2025-01-14 | Done |" } }, NULL, 0 },
	{ "facilitator elsewhere", { { "facilitator: Leila Said",
	    "facilitator: [Leila Said, Tom Hughes]" } }, NULL, 0 },
	{ "due on the day of the review", { { "status: closed",
	    "status: recovered" } }, NULL, 0 },
	{ "a holiday does not count", { { "status: closed",
	    "status: recovered" } }, holiday_monday, NOW + 86400 },
	{ "a time with an offset", { { "started: 2025-03-14T09:02:00Z",
	    "started: 2025-03-14T10:02:00+01:00" } }, NULL, 0 },
};

static void
test_near_misses(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(near_misses) / sizeof(near_misses[0]);
	    i++) {
		const near_miss *t = &near_misses[i];
		config *cfg = config_default();
		char *text = apply(complete, t->e, 3);
		diags d = { 0 };
		record *r;

		if (t->tweak != NULL)
			t->tweak(cfg);
		r = run(text, cfg, t->now ? t->now : NOW, &d);
		if (d.n != 0) {
			fprintf(stderr, "%s: want no findings, got:\n",
			    t->name);
			dump(&d);
			fail();
		}
		record_free(r);
		diags_free(&d);
		free(text);
		config_free(cfg);
	}
}

/* Rules that judge the file before anything is parsed. */
static void
test_file_rules(void **state)
{
	config *cfg = config_default();
	diags d = { 0 };
	record *r;
	char *big, *bad;
	size_t n = 1024 * 1024 + 1;

	(void)state;
	bad = apply(complete, (const edit[]){ { "About 4,100",
	    "About \xff 4,100" } }, 1);
	r = run(bad, cfg, NOW, &d);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "encoding");
	assert_int_equal(d.v[0].line, line_of(bad, "About"));
	assert_int_equal(d.v[0].level, rules_default_level("encoding"));
	record_free(r);
	diags_free(&d);
	free(bad);

	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'x', n);
	big[n] = '\0';
	r = run(big, cfg, NOW, &d);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "record-size");
	assert_int_equal(d.v[0].line, 1);
	record_free(r);
	diags_free(&d);
	free(big);

	/* an unreadable record gets its parse finding and nothing else */
	r = run("no front matter\n", cfg, NOW, &d);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "frontmatter-missing");
	record_free(r);
	diags_free(&d);
	config_free(cfg);
}

/* duplicate-id across the records checked and the rest of the archive. */
static void
test_duplicate_ids(void **state)
{
	config *cfg = config_default();
	diags d = { 0 };
	record *mine, *old, *other;
	char *copy = apply(complete, (const edit[]){ { "id: 2025-007",
	    "id: 2025-008" } }, 1);
	archive sel, all;
	record *selv[1], *allv[3];

	(void)state;
	mine = record_parse("incidents/2025/new.md", complete,
	    strlen(complete), cfg, &d);
	old = record_parse("incidents/2024/old.md", complete,
	    strlen(complete), cfg, &d);
	other = record_parse("incidents/2025/other.md", copy, strlen(copy),
	    cfg, &d);
	assert_int_equal(d.n, 0);
	selv[0] = mine;
	allv[0] = old;
	allv[1] = mine;
	allv[2] = other;
	sel = (archive){ selv, 1 };
	all = (archive){ allv, 3 };
	check_ids_against(&sel, &all, &d);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "duplicate-id");
	assert_string_equal(d.v[0].path, "incidents/2025/new.md");
	assert_int_equal(d.v[0].line, line_of(complete, "id:"));
	assert_non_null(strstr(d.v[0].message, "incidents/2024/old.md"));
	diags_free(&d);

	/* a record is no duplicate of itself, nor of records checked with
	 * it (the loader reports those pairs) */
	sel = (archive){ allv, 2 };
	check_ids_against(&sel, &all, &d);
	assert_int_equal(d.n, 0);
	record_free(mine);
	record_free(old);
	record_free(other);
	free(copy);
	config_free(cfg);
}

/* The blame rule and the section rule read the synonym table the body
 * parser uses. */
static void
test_sections_table(void **state)
{
	(void)state;
	assert_true(section_is(NULL, SECTION_ACTIONS, "Next steps"));
	assert_true(section_is(NULL, SECTION_CONTRIBUTING, " Root causes: "));
	assert_true(section_is(NULL, SECTION_WENT_WELL, "3) What went well?"));
	assert_true(section_is(NULL, "Detection", "detection"));
	assert_false(section_is(NULL, SECTION_TIMELINE, "Timeline notes"));
	assert_false(section_is(NULL, SECTION_IMPACT, "2025 Impact"));
}

/* Headings as people write them: '&', filler words, the typographic
 * apostrophe, emoji, plurals; and the near misses that must stay apart. */
static void
test_sections_words(void **state)
{
	static const struct {
		const char *section, *title;
	} same[] = {
		{ SECTION_CONTRIBUTING, "Trigger & root cause" },
		{ SECTION_WENT_WRONG, "So, what really went wrong?" },
		{ SECTION_WENT_WRONG, "What didn\xe2\x80\x99t go well" },
		{ SECTION_WENT_WRONG, "What went wrong \xf0\x9f\x94\xa5" },
		{ SECTION_WENT_WELL, "\xe2\x9c\x85 What went well" },
		{ SECTION_LESSONS, "Key takeaways \xf0\x9f\x92\xa1" },
		{ SECTION_LESSONS, "Lesson learned" },
		{ SECTION_ACTIONS, "Follow-up action" },
		{ SECTION_ACTIONS, "Corrective & preventive actions" },
		{ SECTION_RESOLUTION, "The fix" },
		{ SECTION_TIMELINE, "Timeline \xe2\x80\x94 of events" },
		{ SECTION_IMPACT, "Impact & timeline" },
		{ SECTION_TIMELINE, "Impact & timeline" },
	}, apart[] = {
		{ SECTION_WENT_WRONG, "What went well" },
		{ SECTION_WENT_WELL, "What went wrong" },
		{ SECTION_WENT_WELL, "What didn't go well" },
		{ SECTION_WENT_WRONG, "What didn't go wrong" },
		{ SECTION_IMPACT, "Impacted services" },
		{ SECTION_IMPACT, "Impact and notes" },
		{ SECTION_IMPACT, "Notes and impact analysis" },
		{ SECTION_LESSONS, "Lucky" },
		{ SECTION_LUCKY, "Lessons" },
		{ SECTION_LUCKY, "Unlucky" },
		{ SECTION_SUMMARY, "Summary of the timeline" },
		{ SECTION_RESOLUTION, "Fixes we did not make" },
		{ SECTION_TIMELINE, "Impact, timeline" },
	};
	static const char *const canon[] = {
		SECTION_SUMMARY, SECTION_IMPACT, SECTION_CONTRIBUTING,
		SECTION_TIMELINE, SECTION_RESOLUTION, SECTION_WENT_WELL,
		SECTION_WENT_WRONG, SECTION_LUCKY, SECTION_LESSONS,
		SECTION_ACTIONS,
	};
	section_index *ix;

	(void)state;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		if (!section_is(NULL, same[i].section, same[i].title))
			fail_msg("'%s' is not %s", same[i].title,
			    same[i].section);
	for (size_t i = 0; i < sizeof(apart) / sizeof(apart[0]); i++)
		if (section_is(NULL, apart[i].section, apart[i].title))
			fail_msg("'%s' is %s", apart[i].title,
			    apart[i].section);
	/* no built-in heading is two sections: the words keep them apart */
	ix = section_index_new(NULL);
	for (size_t i = 0; i < sizeof(canon) / sizeof(canon[0]); i++) {
		const char *const *syn = section_synonyms(canon[i]);

		for (; *syn != NULL; syn++) {
			strlist got = { 0 };

			if (section_index_matches(ix, *syn, &got) != 1 ||
			    strcmp(got.v[0], canon[i]) != 0)
				fail_msg("'%s' is not only %s", *syn,
				    canon[i]);
			strlist_free(&got);
		}
	}
	section_index_free(ix);
}

/* Every rule has an id, a level and a line in the catalogue. */
static void
test_catalogue(void **state)
{
	size_t n;
	const rule_info *ri = rules_all(&n);

	(void)state;
	assert_true(n >= 28);
	for (size_t i = 0; i < n; i++) {
		/* notes tell, they never fail a check: derived-time only */
		assert_true(ri[i].level == DIAG_ERROR ||
		    ri[i].level == DIAG_WARNING ||
		    (ri[i].level == DIAG_NOTE &&
		    strcmp(ri[i].id, "derived-time") == 0));
		assert_ptr_equal(rules_find(ri[i].id), &ri[i]);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(ri[i].id, ri[j].id);
	}
	assert_int_equal(rules_default_level("timezone-missing"),
	    DIAG_WARNING);
	assert_string_equal(rules_closest("timezone-mising"),
	    "timezone-missing");
	assert_null(rules_closest("zzzzzzzz"));
}

/* Write text to DIR/aftermath.yaml in a new directory and load it. */
static config *
load_config(const char *text, diags *d)
{
	char dir[] = "/tmp/aftermath-test-XXXXXX", path[64];
	FILE *f;
	config *c;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/aftermath.yaml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	c = config_load(dir, d);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	return c;
}

static void
test_config_check(void **state)
{
	diags d = { 0 };
	config *c;

	(void)state;
	c = config_default();
	assert_int_equal(c->pir_due_days, 1);
	assert_int_equal(c->check.nsections, 5);
	assert_int_equal(c->check.action_fields.n, 2);
	config_free(c);

	c = load_config(
	    "check:\n"
	    "  sections:\n"
	    "    - status: [closed]\n"
	    "      severity: sev1\n"
	    "      require: [Summary, Detection]\n"
	    "    - require: Summary\n"
	    "  section_synonyms:\n"
	    "    Contributing factors: [Ursachen, Warum]\n"
	    "  placeholders: [TODO, Platzhalter]\n"
	    "  action_item_required: [Owner, priority]\n"
	    "  action_items_required_for: [SEV1]\n"
	    "  roles_required:\n"
	    "    SEV1: [commander, communicator]\n"
	    "  blame_phrases: [human error]\n"
	    "  blame_sections: [Contributing factors]\n"
	    "  timeline_slack: 3d\n"
	    "severities: [SEV1, SEV2]\n", &d);
	if (d.n != 0)
		dump(&d);
	assert_non_null(c);
	assert_int_equal(d.n, 0);
	assert_int_equal(c->check.nsections, 2);
	assert_string_equal(c->check.sections[0].status.v[0], "closed");
	assert_string_equal(c->check.sections[0].severity.v[0], "sev1");
	assert_int_equal(c->check.sections[0].require.n, 2);
	assert_int_equal(c->check.sections[1].status.n, 0);
	assert_string_equal(c->check.sections[1].require.v[0], "Summary");
	assert_true(section_is(c, SECTION_CONTRIBUTING, "warum"));
	/* synonyms add to the built-in ones */
	assert_true(section_is(c, SECTION_CONTRIBUTING, "Root cause"));
	assert_int_equal(c->check.placeholders.n, 2);
	assert_string_equal(c->check.action_fields.v[0], "owner");
	assert_int_equal(c->check.action_severities.n, 1);
	assert_int_equal(c->check.nroles, 1);
	assert_int_equal(c->check.roles[0].roles.n, 2);
	assert_int_equal(c->check.blame_phrases.n, 1);
	assert_int_equal(c->check.timeline_slack, 3 * 86400);
	config_free(c);

	/* typos are warnings that name the closest word */
	c = load_config(
	    "rules:\n"
	    "  timezone-mising: off\n"
	    "check:\n"
	    "  placeholder: [TODO]\n"
	    "  sections:\n"
	    "    - status: closd\n"
	    "      severity: SEV9\n"
	    "      require: [Summary]\n"
	    "  action_item_required: [owner, tickets]\n", &d);
	assert_non_null(c);
	if (d.n != 5)
		dump(&d);
	assert_int_equal(d.n, 5);
	assert_int_equal(d.v[0].line, 2);
	assert_non_null(strstr(d.v[0].message, "'timezone-missing'"));
	assert_int_equal(d.v[1].line, 4);
	assert_non_null(strstr(d.v[1].message, "'placeholders'"));
	assert_int_equal(d.v[2].line, 6);
	assert_non_null(strstr(d.v[2].message, "'closed'"));
	assert_int_equal(d.v[3].line, 7);
	assert_non_null(strstr(d.v[3].message, "SEV9"));
	assert_int_equal(d.v[4].line, 9);
	assert_non_null(strstr(d.v[4].message, "'ticket'"));
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(d.v[i].level, DIAG_WARNING);
		assert_string_equal(d.v[i].rule, "config");
	}
	config_free(c);
	diags_free(&d);

	/* a row without require is an error */
	c = load_config("check:\n  sections:\n    - status: closed\n", &d);
	assert_null(c);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_int_equal(d.v[0].line, 3);
	diags_free(&d);
	c = load_config("check:\n  timeline_slack: soon\n", &d);
	assert_null(c);
	diags_free(&d);
}

/* Settings change what the rules ask for. */
static void
test_config_drives_rules(void **state)
{
	diags d = { 0 };
	config *c;
	record *r;
	char *text;

	(void)state;
	c = load_config(
	    "check:\n"
	    "  sections:\n"
	    "    - require: [Summary, Detection]\n"
	    "  roles_required:\n"
	    "    SEV2: [communicator]\n"
	    "  blame_phrases: [quiet friday]\n"
	    "  blame_sections: [Where we got lucky]\n", &d);
	assert_non_null(c);
	r = run(complete, c, NOW, &d);
	if (d.n != 3)
		dump(&d);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].rule, "section-required");
	assert_non_null(strstr(d.v[0].message, "'Detection'"));
	assert_string_equal(d.v[1].rule, "role-missing");
	assert_non_null(strstr(d.v[1].message, "communicator"));
	assert_string_equal(d.v[2].rule, "blame-language");
	assert_int_equal(d.v[2].line, line_of(complete, "- It expired on"));
	assert_int_equal(d.v[2].col, 19);
	record_free(r);
	diags_free(&d);
	config_free(c);

	/* a renamed scale keeps the built-in requirements, by rank: a
	 * closed P2 without a commander or action items is reported, a P3
	 * needs the short review only */
	c = load_config("severities: [P1, P2, P3, P4]\n", &d);
	assert_non_null(c);
	text = apply(complete, (const edit[]){ { "severity: SEV2",
	    "severity: P2" }, { "  commander: Bo Chen\n", "" },
	    { "| Action | Owner | Priority | Ticket | Due | Status |\n"
	    "|---|---|---|---|---|---|\n"
	    "| Monitor certificate expiry | @farah | P1 | OPS-1431 | "
	    "2025-03-14 | done |\n| Second admin for the portal | @dana | P2 | "
	    "OPS-1432 | 2025-04-11 | open |\n", "We found nothing to change.\n" } },
	    3);
	r = run(text, c, NOW, &d);
	diags_sort(&d);
	if (d.n != 2)
		dump(&d);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].rule, "role-missing");
	assert_non_null(strstr(d.v[0].message, "a P2 incident needs a "
	    "commander"));
	assert_string_equal(d.v[1].rule, "action-items-none");
	record_free(r);
	diags_free(&d);
	free(text);
	text = apply(complete, (const edit[]){ { "severity: SEV2",
	    "severity: p3" }, { "  commander: Bo Chen\n", "" },
	    { "## Where we got lucky\n\n- It expired on a quiet Friday "
	    "morning.\n\n", "" } }, 3);
	r = run(text, c, NOW, &d);
	if (d.n != 0)
		dump(&d);
	assert_int_equal(d.n, 0);
	record_free(r);
	diags_free(&d);
	free(text);
	config_free(c);

	/* a placeholder of the team's own template */
	c = load_config("check:\n  placeholders: [Describe what customers "
	    "saw]\n", &d);
	assert_non_null(c);
	text = apply(complete, (const edit[]){ { "About 4,100 card payments "
	    "failed; wallets kept working.", "_Describe what customers saw._" } },
	    1);
	r = run(text, c, NOW, &d);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "section-empty");
	assert_int_equal(d.v[0].line, line_of(text, "## Impact"));
	record_free(r);
	diags_free(&d);
	free(text);
	config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete_passes),
		cmocka_unit_test(test_triggers),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_file_rules),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_sections_table),
		cmocka_unit_test(test_sections_words),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_config_check),
		cmocka_unit_test(test_config_drives_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
