/*
 * record.h - the in-memory model of one incident record.
 *
 * A record is parsed once (front matter, then body) and every later stage
 * reads this model; no stage re-parses the file. Positions are 1-based
 * file lines and columns so that diagnostics point into the file.
 */
#ifndef AM_RECORD_H
#define AM_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"
#include "lib/timeutil.h"
#include "lib/util.h"

typedef struct cmark_node cmark_node;

typedef struct srcpos {
	int line, col;         /* 0 = not present */
} srcpos;

/* Lifecycle phases, in the order they must happen. */
typedef enum phase {
	PHASE_STARTED,
	PHASE_DETECTED,
	PHASE_ACKNOWLEDGED,
	PHASE_IDENTIFIED,
	PHASE_MITIGATED,
	PHASE_RECOVERED,
	PHASE_RESOLVED,
	PHASE_COUNT
} phase;

/* Front-matter keys the format knows. */
typedef enum field_id {
	F_ID, F_TITLE, F_SEVERITY, F_STATUS, F_TYPE, F_SERVICES, F_TAGS,
	F_ROLES, F_LINKS,
	F_STARTED, F_DETECTED, F_ACKNOWLEDGED, F_IDENTIFIED, F_MITIGATED,
	F_RECOVERED, F_RESOLVED,
	F_REVIEWED, F_CUSTOMER_IMPACT, F_DATA_LOSS, F_RESPONDER_HOURS,
	F_FEATURED, F_SUMMARY,
	F_COUNT
} field_id;

/* The key of field f ("started"); F_STARTED + p is the key of phase p. */
const char *field_name(field_id f);
/* The field of a front-matter key, or F_COUNT when unknown. */
field_id field_lookup(const char *key);
/* The key of phase p ("detected"). */
const char *phase_name(phase p);

typedef struct role {
	char *name;            /* "commander", as written (lower-cased) */
	strlist people;
	srcpos pos;
} role;

typedef struct reclink {
	char *name;            /* "chat", "dashboard", ... */
	char *url;
	srcpos pos;
} reclink;

typedef struct unknown_key {
	char *key;
	srcpos pos;
} unknown_key;

typedef struct section {
	char *title;           /* heading text as written */
	char *anchor;          /* unique slug within the record: "what-went-well" */
	int level;             /* 1..6 */
	srcpos pos;            /* of the heading */
	char *text;            /* plain text of the content up to the next
	                          heading of the same or a higher level */
} section;

typedef struct tl_entry {
	am_time time;          /* time.set is false when the time can't be read */
	char *time_raw;        /* the time as written */
	char *text;            /* what happened, plain text */
	srcpos pos;
} tl_entry;

typedef struct action_item {
	char *action, *owner, *type, *priority, *ticket, *status, *due_raw;
	am_time due;           /* due.set when due_raw is a date */
	bool done;             /* status says done/closed/fixed, or [x] */
	srcpos pos;            /* table row or list item */
} action_item;

typedef struct record {
	char *path;            /* relative to the repo root, '/'-separated */
	char *id;              /* from front matter or the file name stem */
	char *title, *severity, *status, *type, *summary;
	strlist services, tags;
	role *roles;
	size_t nroles;
	reclink *links;
	size_t nlinks;
	am_time times[PHASE_COUNT];
	am_time reviewed;
	int customer_impact;   /* -1 not given, 0 no, 1 yes */
	int64_t data_loss;     /* seconds; -1 not given */
	double responder_hours; /* < 0 when not given */
	bool featured;
	srcpos field_pos[F_COUNT]; /* where each known key is written */
	unknown_key *unknown;
	size_t nunknown;

	int body_line;         /* file line where the body starts */
	section *sections;
	size_t nsections;
	tl_entry *timeline;
	size_t ntimeline;
	action_item *actions;
	size_t nactions;
	char *body;            /* the body text (newlines normalised), kept
	                        * by record_parse once the body was read
	                        * whole; NULL for outlines and failures */
	size_t body_len;
	cmark_node *doc;       /* parsed body; NULL after record_release_tree
	                        * (record_tree parses it again) */

	bool failed;           /* an error made the record unusable */
} record;

/* A new, empty record for path (copied). Free with record_free. */
record *record_new(const char *path);
/* Free r and everything it owns. NULL-safe. */
void record_free(record *r);
/* A deep copy of r, without its body tree (record_tree parses it again
 * when asked). Free with record_free. */
record *record_copy(const record *r);
/* Free field f of r and leave it as a record that never had it: what
 * record_free does for each field, and redaction for the ones it drops. */
void record_clear_field(record *r, field_id f);

/* Whether a file name (not a path) names a record: "*.md", not hidden.
 * The loader, the history walk and the up-to-date check all ask this. */
bool record_is_file_name(const char *name);
/* The file name stem of path, the default id: "incidents/2024/x.md" ->
 * "x". The caller frees it. */
char *record_path_stem(const char *path);
/* Drop the body tree, to bound memory: a stage that needs it again asks
 * record_tree (parse/record_parse.h). */
void record_release_tree(record *r);

/* True when a is not done and its due day, a date in the configured zone,
 * has ended by now. Days are compared as local dates: around a clock
 * change a day is not 86,400 seconds long. */
bool action_item_overdue(const action_item *a, int64_t now);

/* The role's people, or NULL when the record names nobody in role. */
const role *record_role(const record *r, const char *name);
/* The first section whose title matches name case-insensitively, or NULL. */
const section *record_section(const record *r, const char *name);

#endif
