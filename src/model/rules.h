/*
 * rules.h - the catalogue of rules: every rule id a finding about the
 * content can carry, its default level and a one-line description. The
 * words the rules check against (statuses, types, roles) are the
 * vocabulary of the model, in model/vocab.h.
 *
 * One table serves the checker (default levels), the config loader (rule
 * ids in "rules:" are checked against it), "aftermath check --list-rules"
 * and docs/rules.md, which mirrors it.
 */
#ifndef AM_RULES_H
#define AM_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/diag.h"

typedef struct rule_info {
	const char *id;        /* "section-required" */
	diag_level level;      /* default: DIAG_ERROR or DIAG_WARNING;
	                          DIAG_NOTE for derived-time */
	const char *group;     /* "structure", "times", "sections", ... */
	const char *summary;   /* one line */
} rule_info;

/* The catalogue in documentation order; *n gets its length. */
const rule_info *rules_all(size_t *n);
/* The rule with id, or NULL. */
const rule_info *rules_find(const char *id);
/* The default level of rule id; DIAG_ERROR for an id not in the
 * catalogue, so that a misspelt id in code cannot hide a finding. */
diag_level rules_default_level(const char *id);
/* The catalogued id closest to id (for "did you mean"), or NULL. */
const char *rules_closest(const char *id);

#endif
