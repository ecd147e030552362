/*
 * vocab.c - statuses, types and roles.
 */
#include <stddef.h>
#include <string.h>

#include "model/vocab.h"

const char *const record_statuses[] = {
	"investigating", "identified", "monitoring", "recovered", "closed",
	NULL
};

const char *const record_types[] = {
	"unplanned", "planned", "security", NULL
};

const char *const action_item_fields[] = {
	"owner", "ticket", "priority", NULL
};

/* The roles docs/format.md names. */
static const struct {
	const char *key, *label;
} role_labels[] = {
	{ "commander", "Incident commander" },
	{ "deputy", "Deputy" },
	{ "investigator", "Investigator" },
	{ "communicator", "Communicator" },
	{ "scribe", "Scribe" },
	{ "facilitator", "Review facilitator" },
	{ "liaison", "Liaison" },
	{ "ops_lead", "Operations lead" },
	{ "subject_matter_expert", "Subject-matter expert" },
};

const char *
role_label(const char *key)
{
	for (size_t i = 0; i < sizeof(role_labels) / sizeof(role_labels[0]);
	    i++)
		if (strcmp(role_labels[i].key, key) == 0)
			return role_labels[i].label;
	return NULL;
}
