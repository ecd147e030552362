/*
 * config.c - the built-in configuration and the questions every stage asks
 * of a configuration. Reading aftermath.yaml over it is
 * parse/config_load.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/words.h"
#include "model/vocab.h"
#include "model/config.h"
#include "model/record.h"
#include "model/rules.h"
#include "lib/timeutil.h"

/* The levels of a scale, by rank, that need a commander and action items
 * (the first two), and the first that needs only the short review. */
#define SEVERE_RANKS 2
#define LIGHT_REVIEW_FROM 3

static const struct {
	const char *name, *description;
} default_severities[] = {
	{ "SEV1", "Critical: a core service is down or data is lost for many "
	    "customers. All hands; executive and status-page updates." },
	{ "SEV2", "Major: a core service is badly degraded or a feature is "
	    "down for many customers. Incident commander and responders "
	    "engaged around the clock." },
	{ "SEV3", "Minor: limited impact, a workaround exists or few "
	    "customers are affected. Handled by the owning team in working "
	    "hours." },
	{ "SEV4", "Low: no customer impact yet; a near miss or a risk to "
	    "address." },
};

/*
 * The required-sections table: the first row whose conditions hold names
 * every section a record needs. Each row gives statuses and types
 * (comma-separated, empty for any), the severities by rank in the scale
 * (1 is the worst; from 0: any), then the sections ('|'-separated).
 * Ranks, not names, so that a scale of P1..P4 or Critical..Low gets the
 * same table. docs/rules.md shows it as a table.
 */
static const struct {
	const char *status, *type;
	size_t rank_from;      /* this rank and the less severe ones */
	const char *require;
} default_sections[] = {
	{ "closed", "", LIGHT_REVIEW_FROM,
	    SECTION_SUMMARY "|" SECTION_IMPACT "|" SECTION_TIMELINE "|"
	    SECTION_ACTIONS },
	{ "closed", "planned", 0,
	    SECTION_SUMMARY "|" SECTION_IMPACT "|" SECTION_TIMELINE "|"
	    SECTION_ACTIONS },
	{ "closed", "", 0,
	    SECTION_SUMMARY "|" SECTION_IMPACT "|" SECTION_CONTRIBUTING "|"
	    SECTION_TIMELINE "|" SECTION_RESOLUTION "|" SECTION_WENT_WELL "|"
	    SECTION_WENT_WRONG "|" SECTION_LUCKY "|" SECTION_ACTIONS },
	{ "recovered", "", 0,
	    SECTION_SUMMARY "|" SECTION_IMPACT "|" SECTION_TIMELINE },
	{ "", "", 0, SECTION_SUMMARY },
};

/* Text that stands in for content not written yet. */
static const char *const default_placeholders[] = {
	"TODO", "TBD", "TBC", "TBA", "FIXME", "XXX", "...", "\xe2\x80\xa6", "?",
	"to do", "to be done", "to be determined", "to be decided",
	"to be discussed", "to be written", "to follow", "coming soon",
	"fill in", "fill me in", "placeholder", "lorem ipsum", NULL
};

/* Phrases that blame a person or argue what should have been: they end
 * the search for the conditions that made the action reasonable. */
static const char *const default_blame_phrases[] = {
	"human error", "'s fault", "at fault", "should have",
	"shouldn't have", "should not have", "if only", "careless",
	"carelessness", "failed to", "negligence", "negligent", "sloppy",
	NULL
};

static const char *const default_blame_sections[] = {
	SECTION_CONTRIBUTING, SECTION_WENT_WELL, SECTION_WENT_WRONG,
	SECTION_LUCKY, SECTION_LESSONS, NULL
};

/* Append the parts of s separated by sep (non-empty ones) to l. */
static void
add_parts(strlist *l, const char *s, char sep)
{
	const char *p = s, *e;

	for (; *p; p = *e ? e + 1 : e) {
		e = strchr(p, sep);
		if (e == NULL)
			e = p + strlen(p);
		if (e > p)
			strlist_take(l, xstrndup(p, (size_t)(e - p)));
	}
}

/* Append each of the NULL-terminated words to l. */
static void
add_all(strlist *l, const char *const *words)
{
	for (size_t i = 0; words[i] != NULL; i++)
		strlist_add(l, words[i]);
}

/* The built-in checker settings into k but those that name severities
 * (config_scale_defaults). */
static void
check_default(check_conf *k)
{
	add_all(&k->placeholders, default_placeholders);
	strlist_add(&k->action_fields, "owner");
	strlist_add(&k->action_fields, "ticket");
	add_all(&k->blame_phrases, default_blame_phrases);
	add_all(&k->blame_sections, default_blame_sections);
	k->timeline_slack = 24 * 3600;
}

void
config_scale_defaults(config *c)
{
	size_t n = sizeof(default_sections) / sizeof(default_sections[0]);
	size_t severe = c->nseverities < SEVERE_RANKS ? c->nseverities :
	    SEVERE_RANKS;
	check_conf *k = &c->check;

	config_clear_section_rules(k);
	config_clear_role_rules(k);
	strlist_free(&k->action_severities);
	k->sections = xcalloc(n, sizeof(*k->sections));
	for (size_t i = 0; i < n; i++) {
		size_t from = default_sections[i].rank_from;
		section_rule *sr;

		/* a scale too short to have these levels has no such row;
		 * an empty list would mean any severity */
		if (from > c->nseverities)
			continue;
		sr = &k->sections[k->nsections++];
		add_parts(&sr->status, default_sections[i].status, ',');
		for (size_t r = from; from > 0 && r <= c->nseverities; r++)
			strlist_add(&sr->severity, c->severities[r - 1].name);
		add_parts(&sr->type, default_sections[i].type, ',');
		add_parts(&sr->require, default_sections[i].require, '|');
	}
	k->roles = xcalloc(severe ? severe : 1, sizeof(*k->roles));
	for (size_t i = 0; i < severe; i++) {
		strlist_add(&k->action_severities, c->severities[i].name);
		k->roles[i].severity = xstrdup(c->severities[i].name);
		strlist_add(&k->roles[i].roles, "commander");
	}
	k->nroles = severe;
}

void
config_clear_section_rules(check_conf *k)
{
	for (size_t i = 0; i < k->nsections; i++) {
		strlist_free(&k->sections[i].status);
		strlist_free(&k->sections[i].severity);
		strlist_free(&k->sections[i].type);
		strlist_free(&k->sections[i].require);
	}
	free(k->sections);
	k->sections = NULL;
	k->nsections = 0;
}

void
config_clear_role_rules(check_conf *k)
{
	for (size_t i = 0; i < k->nroles; i++) {
		free(k->roles[i].severity);
		strlist_free(&k->roles[i].roles);
	}
	free(k->roles);
	k->roles = NULL;
	k->nroles = 0;
}

/* Free everything k owns (not k itself). */
static void
check_free(check_conf *k)
{
	config_clear_section_rules(k);
	for (size_t i = 0; i < k->nsection_aliases; i++) {
		free(k->section_aliases[i].name);
		strlist_free(&k->section_aliases[i].synonyms);
	}
	free(k->section_aliases);
	strlist_free(&k->placeholders);
	strlist_free(&k->action_fields);
	strlist_free(&k->action_severities);
	config_clear_role_rules(k);
	strlist_free(&k->blame_phrases);
	strlist_free(&k->blame_sections);
}

config *
config_default(void)
{
	config *c = xcalloc(1, sizeof(*c));
	size_t n = sizeof(default_severities) / sizeof(default_severities[0]);

	c->severities = xcalloc(n, sizeof(*c->severities));
	for (size_t i = 0; i < n; i++) {
		c->severities[i].name = xstrdup(default_severities[i].name);
		c->severities[i].description =
		    xstrdup(default_severities[i].description);
	}
	c->nseverities = n;
	config_scale_defaults(c);
	c->title = xstrdup("Incident archive");
	c->base_url = xstrdup("");
	c->incidents_dir = xstrdup("incidents");
	c->timezone = xstrdup("UTC");
	c->ticket_url = xstrdup("");
	c->id_format = xstrdup("{year}-{seq:3}");
	/* the review is held the working day after recovery, while
	 * memories are fresh */
	c->pir_due_days = 1;
	/* a common on-call guideline: update stakeholders every 20 minutes */
	c->update_cadence = 20 * 60;
	check_default(&c->check);
	return c;
}

void
config_free(config *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->title);
	free(c->base_url);
	free(c->incidents_dir);
	free(c->timezone);
	free(c->ticket_url);
	free(c->id_format);
	for (size_t i = 0; i < c->nseverities; i++) {
		free(c->severities[i].name);
		free(c->severities[i].description);
	}
	free(c->severities);
	check_free(&c->check);
	for (size_t i = 0; i < c->nservices; i++) {
		free(c->services[i].name);
		free(c->services[i].description);
	}
	free(c->services);
	strlist_free(&c->holidays);
	strlist_free(&c->internal_fields);
	for (size_t i = 0; i < c->nrules; i++)
		free(c->rules[i].rule);
	free(c->rules);
	free(c);
}

int
config_severity_rank(const config *c, const char *name)
{
	if (name == NULL)
		return -1;
	for (size_t i = 0; i < c->nseverities; i++)
		if (ascii_strcasecmp(c->severities[i].name, name) == 0)
			return (int)i;
	return -1;
}

const service_conf *
config_service(const config *c, const char *name)
{
	for (size_t i = 0; i < c->nservices; i++)
		if (strcmp(c->services[i].name, name) == 0)
			return &c->services[i];
	return NULL;
}

int
config_working_days(const config *c, int64_t from, int64_t to)
{
	return working_days_between(from, to,
	    (const char *const *)c->holidays.v, c->holidays.n);
}

bool
config_pir_late(const config *c, int days)
{
	return days > c->pir_due_days;
}

diag_level
config_rule_level(const config *c, const char *rule, diag_level def)
{
	for (size_t i = 0; i < c->nrules; i++)
		if (strcmp(c->rules[i].rule, rule) == 0)
			return c->rules[i].level;
	return def;
}
