/*
 * vocab.h - the words of incident response the model knows: the sections
 * of a review, a record's statuses and types, the roles responders
 * take and the links of a record, with their labels.
 *
 * Every stage that reads, checks or shows these words takes them from
 * here, so the checker, the config loader, the timeline and the pages
 * agree on what "monitoring" or "scribe" means.
 */
#ifndef AM_VOCAB_H
#define AM_VOCAB_H

/* Canonical names of the sections of a review the format knows; which
 * headings count as which is model/sections.h's. */
#define SECTION_SUMMARY      "Summary"
#define SECTION_IMPACT       "Impact"
#define SECTION_CONTRIBUTING "Contributing factors"
#define SECTION_TIMELINE     "Timeline"
#define SECTION_RESOLUTION   "Resolution"
#define SECTION_WENT_WELL    "What went well"
#define SECTION_WENT_WRONG   "What went wrong"
#define SECTION_LUCKY        "Where we got lucky"
#define SECTION_LESSONS      "Lessons learned"
#define SECTION_ACTIONS      "Action items"

/* The statuses of a record, in lifecycle order, NULL-terminated. */
extern const char *const record_statuses[];
/* The types of a record, NULL-terminated; the first is the default. */
extern const char *const record_types[];
/* The fields an action item may be required to have, NULL-terminated:
 * each has its rule (action-item-owner, ...). */
extern const char *const action_item_fields[];
/* A human label for a role key: "commander" -> "Incident commander";
 * NULL for a role the vocabulary does not name. */
const char *role_label(const char *role);
/* A human label for the link key with url: the key's label for a key
 * docs/format.md suggests, the service's for a known host, or both
 * ("Chat channel (Slack)"); else the key. The caller frees it. */
char *link_label(const char *key, const char *url);

#endif
