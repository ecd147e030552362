/*
 * export.h - the JSON form of an incident.
 *
 * One function builds it; the page templates read it and incidents.json
 * is made of it, so the site and other tools see the same data.
 */
#ifndef AM_EXPORT_H
#define AM_EXPORT_H

#include <stdint.h>

#include <jansson.h>

#include "model/config.h"
#include "lib/diag.h"
#include "model/record.h"
#include "history/timeline.h"

/*
 * The incident r as a new JSON object (the caller owns the reference).
 * t is its merged timeline, or NULL: it adds the events, the commits that
 * changed the record and the lifecycle times derived from history (used
 * for durations and flagged). now (seconds since the epoch) decides which
 * action items are overdue. Times appear as RFC 3339 ("iso") and as shown
 * in the configured zone ("show"); durations in seconds and shown. Layout
 * in docs/format.md.
 */
json_t *export_incident(const record *r, const timeline *t, const config *cfg,
    int64_t now);

/*
 * export_incident without what only the incident's own page shows:
 * "events", "commits", "sections" and "timeline" are left out, the
 * other keys have the same values. For the pages that list incidents,
 * which would otherwise hold every incident's history at once.
 */
json_t *export_incident_summary(const record *r, const timeline *t,
    const config *cfg, int64_t now);

/*
 * Set "findings" (each {level, rule, message, line, col}) and "pir"
 * ({complete, errors, warnings, show}) of the incident object inc from d,
 * the findings of its record with the configured levels applied. The
 * review is complete when nothing is left to fix: no error, no warning.
 */
void export_findings(json_t *inc, const diags *d);


#endif
