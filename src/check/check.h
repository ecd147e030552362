/*
 * check.h - the validate stage: the rules that judge a parsed record as a
 * post-incident review (fields, times, sections, timeline, action items,
 * people, timeliness, wording), and ids across records.
 *
 * The parsers report what they cannot read (yaml-syntax, field-type,
 * time-format, timeline-entry, ...); this stage reports what is read but
 * wrong or missing. Findings carry the default level of src/model/rules.c;
 * check_apply_levels turns them into the levels configured in
 * aftermath.yaml (the commands and the site both call it).
 */
#ifndef AM_CHECK_H
#define AM_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "model/config.h"
#include "lib/diag.h"
#include "load/load.h"
#include "model/record.h"
#include "history/timeline.h"

/*
 * Check r with the settings in cfg as of now (seconds since the epoch),
 * appending findings to d. d should already hold r's parse findings, so
 * that a key whose value was reported as malformed is not reported again
 * as missing. A record whose file could not be read at all is skipped:
 * its parse findings say why. The blame-language rule reads r->doc, or
 * a tree parsed again from r->body when it was released.
 */
void check_record(const record *r, const config *cfg, int64_t now, diags *d);

/*
 * For a check of some records only: report each record of sel whose id
 * is also used by a record of all that is not in sel (duplicate-id;
 * archive_load reports the pairs within sel itself).
 */
void check_ids_against(const archive *sel, const archive *all, diags *d);

/*
 * Give each warning and error of d the level its rule has under "rules:"
 * in cfg, dropping the findings of rules set to off. Notes keep their
 * level. The order of the remaining findings is kept.
 */
void check_apply_levels(diags *d, const config *cfg);

/* The findings of one record, appended to out: those of loading it (the
 * entries of d for r's path) and of check_record, at the configured
 * levels, in file order. Reads r, d and cfg only, so two threads may
 * check two records at once. */
void check_findings(const record *r, const diags *d, const config *cfg,
    int64_t now, diags *out);

/*
 * The first instant after now at which the time-future or timeline-bounds
 * findings of r can change (a time of r comes; an entry of a record not
 * yet recovered comes within the timeline slack), or INT64_MAX. Bare
 * dates count by day: the caller watches the date change itself.
 */
int64_t check_time_rules_change(const record *r, const config *cfg,
    int64_t now);

/*
 * The derived-time notes of r (derived.c): each lifecycle time that git
 * history would have given r (t is r's timeline, NULL for none) but that
 * timeline.c did not use, because it broke the lifecycle order or came
 * from a commit dated before an earlier one; each note names the commit.
 * Appended to d at the rule's default level.
 */
void check_derived(const record *r, const timeline *t, diags *d);

#endif
