/*
 * rules.c - the rule catalogue.
 */
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"
#include "lib/words.h"

/* Keep in step with docs/rules.md, which explains each rule with a bad
 * and a good example; test_check.c checks that every finding's level is
 * the one given here. Rules that are about the passing of time
 * (action-item-overdue, pir-overdue) are warnings by default so that a
 * record that passed yesterday does not fail a CI run today by itself. */
static const rule_info catalogue[] = {
	{ "yaml-syntax", DIAG_ERROR, "structure",
	    "the front matter is not valid YAML (or not a map)" },
	{ "frontmatter-missing", DIAG_ERROR, "structure",
	    "the record does not open and close its front matter with ---" },
	{ "field-required", DIAG_ERROR, "structure",
	    "a front-matter key the record needs is missing or empty" },
	{ "field-type", DIAG_ERROR, "structure",
	    "a front-matter value has the wrong type" },
	{ "unknown-field", DIAG_WARNING, "structure",
	    "a front-matter key or action-item field the format does not "
	    "know (typo?)" },
	{ "severity-unknown", DIAG_ERROR, "structure",
	    "severity is not a level of the configured scale" },
	{ "status-unknown", DIAG_ERROR, "structure",
	    "status is not investigating, identified, monitoring, recovered "
	    "or closed" },
	{ "type-unknown", DIAG_ERROR, "structure",
	    "type is not unplanned, planned or security" },
	{ "id-format", DIAG_ERROR, "structure",
	    "the id (or the file name standing in for it) is not usable" },
	{ "duplicate-id", DIAG_ERROR, "structure",
	    "two records use the same id" },
	{ "time-format", DIAG_ERROR, "times",
	    "a time or date cannot be read" },
	{ "time-order", DIAG_ERROR, "times",
	    "lifecycle times go backwards (started <= detected <= ... <= "
	    "resolved)" },
	{ "derived-time", DIAG_NOTE, "times",
	    "a lifecycle time git history would give is not used: it breaks "
	    "the lifecycle order" },
	{ "time-future", DIAG_ERROR, "times",
	    "a lifecycle time lies in the future" },
	{ "timezone-missing", DIAG_WARNING, "times",
	    "a time has no offset and is read in the configured zone" },
	{ "section-required", DIAG_ERROR, "sections",
	    "a section the record's status, severity and type call for is "
	    "missing" },
	{ "section-empty", DIAG_ERROR, "sections",
	    "a required section is empty, or a section holds only a "
	    "placeholder" },
	{ "section-ambiguous", DIAG_WARNING, "sections",
	    "a heading is taken as two sections at once" },
	{ "timeline-entry", DIAG_ERROR, "timeline",
	    "a timeline entry's time cannot be read" },
	{ "timeline-order", DIAG_ERROR, "timeline",
	    "a timeline entry goes back in time" },
	{ "timeline-bounds", DIAG_WARNING, "timeline",
	    "a timeline entry lies far outside started..recovered" },
	{ "action-item-owner", DIAG_ERROR, "action items",
	    "an action item has no owner" },
	{ "action-item-ticket", DIAG_ERROR, "action items",
	    "an action item has no ticket" },
	{ "action-item-priority", DIAG_ERROR, "action items",
	    "an action item has no priority (when priority is required)" },
	{ "action-item-overdue", DIAG_WARNING, "action items",
	    "an open action item is past its due date" },
	{ "action-items-none", DIAG_ERROR, "action items",
	    "a closed review of a severe incident (SEV1, SEV2) has no action "
	    "items" },
	{ "role-missing", DIAG_ERROR, "people",
	    "a role the severity calls for (commander) is not filled" },
	{ "facilitator-involved", DIAG_WARNING, "people",
	    "the review facilitator also held a role in the response" },
	{ "pir-overdue", DIAG_WARNING, "timeliness",
	    "the review is not closed N working days after recovery" },
	{ "blame-language", DIAG_WARNING, "blameless writing",
	    "wording that blames a person or argues a counterfactual" },
	{ "encoding", DIAG_ERROR, "files",
	    "the file holds a NUL byte or invalid UTF-8" },
	{ "record-size", DIAG_ERROR, "files",
	    "the file is larger than 1 MiB" },
	{ "file-skipped", DIAG_WARNING, "files",
	    "a symbolic link or special file under incidents/ was skipped" },
	{ "link-unsafe", DIAG_WARNING, "site",
	    "a link or image URL with an unsafe scheme was dropped "
	    "(aftermath build)" },
};

#define NRULES (sizeof(catalogue) / sizeof(catalogue[0]))

const rule_info *
rules_all(size_t *n)
{
	*n = NRULES;
	return catalogue;
}

const rule_info *
rules_find(const char *id)
{
	for (size_t i = 0; i < NRULES; i++)
		if (strcmp(catalogue[i].id, id) == 0)
			return &catalogue[i];
	return NULL;
}

diag_level
rules_default_level(const char *id)
{
	const rule_info *ri = rules_find(id);

	return ri != NULL ? ri->level : DIAG_ERROR;
}

const char *
rules_closest(const char *id)
{
	const char *ids[NRULES + 1];

	for (size_t i = 0; i < NRULES; i++)
		ids[i] = catalogue[i].id;
	ids[NRULES] = NULL;
	return closest_word(id, ids);
}
