/*
 * vocab.h - the words of incident response the model knows: a record's
 * statuses and types, and the roles responders take with their labels.
 *
 * Every stage that reads, checks or shows these words takes them from
 * here, so the checker, the config loader, the timeline and the pages
 * agree on what "monitoring" or "scribe" means.
 */
#ifndef AM_VOCAB_H
#define AM_VOCAB_H

/* The statuses of a record, in lifecycle order, NULL-terminated. */
extern const char *const record_statuses[];
/* The types of a record, NULL-terminated; the first is the default. */
extern const char *const record_types[];
/* A human label for a role key: "commander" -> "Incident commander";
 * NULL for a role the vocabulary does not name. */
const char *role_label(const char *role);

#endif
