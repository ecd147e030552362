/*
 * rules.h - the catalogue of rules: every rule id a finding about the
 * content can carry, its default level and a one-line description, and the
 * words (statuses, types) the rules know.
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
	diag_level level;      /* default: DIAG_ERROR or DIAG_WARNING */
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
/* The word of the NULL-terminated words closest to s by edit distance
 * (at most 2, ignoring ASCII case), for "did you mean"; or NULL. */
const char *closest_word(const char *s, const char *const *words);

/* The statuses of a record, in lifecycle order, NULL-terminated. */
extern const char *const record_statuses[];
/* The types of a record, NULL-terminated; the first is the default. */
extern const char *const record_types[];
/* True when s is one of the NULL-terminated words (exact match). */
bool word_in(const char *s, const char *const *words);

#endif
