/*
 * timeline.h - one merged timeline per incident: the front matter's
 * lifecycle times, the body's timeline entries and what git history says
 * (who changed what, when), in time order.
 */
#ifndef AM_TIMELINE_H
#define AM_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "model/config.h"
#include "lib/diag.h"
#include "history/history.h"
#include "model/record.h"

typedef enum event_source {
	SRC_RECORD,            /* a lifecycle time in the front matter */
	SRC_TIMELINE,          /* an entry of the Timeline section */
	SRC_GIT,               /* the history of the file, or a related commit */
} event_source;

typedef enum event_kind {
	EV_LIFECYCLE,          /* a phase began (started, detected, ...) */
	EV_STATUS,             /* status changed */
	EV_SEVERITY,           /* severity changed */
	EV_ROLE,               /* someone took or handed over a role */
	EV_NOTE,               /* a timeline entry */
	EV_COMMIT,             /* a commit changed the record */
	EV_FIELD,              /* a lifecycle time was added or changed */
	EV_ACTION,             /* an action item was added or closed */
	EV_SECTION,            /* sections were added */
	EV_RELATED,            /* a commit elsewhere names the incident */
	EV_UNCOMMITTED,        /* the work tree has changes not committed */
} event_kind;

typedef struct event {
	bool has_time;         /* false for entries whose time can't be read */
	int64_t time;
	int offset;            /* minutes east of UTC, as recorded */
	event_source source;
	event_kind kind;
	char *text;
	char *author;          /* git events: the author; else NULL */
	char commit[41];       /* git events: the commit id; else "" */
	bool derived;          /* lifecycle time inferred from history */
	int phase;             /* EV_LIFECYCLE: the phase; else -1 */
	int line;              /* SRC_TIMELINE: line in the record; else 0 */
} event;

/* Why history's evidence for a phase was not used. */
typedef enum derive_reject {
	REJECT_BEFORE,         /* earlier than an earlier phase's time */
	REJECT_AFTER,          /* later than a later phase's time */
	REJECT_COMMIT_ORDER,   /* dated before an earlier commit of the record
	                          (amended or rebased history) */
} derive_reject;

/* A phase time history would have given, and why it was not used. */
typedef struct derive_note {
	phase p;
	int64_t time;          /* the commit's time */
	char commit[41];       /* the commit */
	derive_reject why;
	phase other;           /* REJECT_BEFORE/AFTER: the phase it breaks */
	int64_t other_time;    /* and that phase's time */
} derive_note;

typedef struct timeline {
	event *v;
	size_t n, cap;         /* cap: slots allocated in v */
	am_time derived[PHASE_COUNT]; /* phases missing from the front matter
	                                 and evidenced by history: a commit
	                                 that moved the record into a state
	                                 implying them, in lifecycle order */
	char derived_commit[PHASE_COUNT][41]; /* the commit of each */
	derive_note *rejected; /* evidence not used, in phase order */
	size_t nrejected;
	bool truncated;        /* the history is cut short (shallow clone) */
	size_t ncommits;       /* commits that changed the record */
} timeline;

/*
 * Build the merged timeline of r from the record and h (h may be NULL for
 * no history). Versions of the record in history are parsed to find what
 * each commit changed; findings about old versions are not reported.
 * Returns a new timeline (free with timeline_free); never NULL.
 */
timeline *timeline_build(const record *r, const history *h,
    const config *cfg);
/*
 * timeline_build for each of the n records v into out[i], on two threads
 * when there is history and a second core: the result is the same as n
 * calls of timeline_build. The records and h are only read.
 */
void timeline_build_all(record *const *v, size_t n, const history *h,
    const config *cfg, timeline **out);
void timeline_free(timeline *t);

/*
 * Whether status b implies phase p and status a (the version before, NULL
 * for none) did not: the commit that made the change is evidence of when
 * p began. identified implies identified, monitoring mitigated, recovered
 * and closed both mitigated and recovered; a record born in a state
 * (a = NULL) gives no evidence.
 */
bool status_moves_into(const char *a, const char *b, phase p);

/* The time of phase p: the record's own, else the derived one. Sets
 * *derived. Returns NULL when neither exists. */
const am_time *timeline_phase(const record *r, const timeline *t, phase p,
    bool *derived);

/* Names for JSON and display: "git", "status", ... */
const char *event_source_name(event_source s);
const char *event_kind_name(event_kind k);

/* The timeline as JSON (layout in docs/format.md). */
json_t *timeline_json(const timeline *t);

#endif
