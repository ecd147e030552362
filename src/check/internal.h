/*
 * internal.h - what the files of the check stage share; only src/check/
 * includes it. check.c judges the front matter, the times, the timeline,
 * the action items and the people; review.c judges the review's sections
 * and its wording.
 */
#ifndef AM_CHECK_INTERNAL_H
#define AM_CHECK_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/diag.h"
#include "model/config.h"
#include "model/record.h"
#include "model/sections.h"

/* One record being checked. */
typedef struct checker {
	const record *r;
	const config *cfg;
	int64_t now;
	diags *d;
	bool actions_reported; /* the Action items section is already
	                          reported missing or empty */
	section_index *sections; /* cfg's sections, to match headings */
} checker;

/* Append a finding at pos with the rule's default level. */
void finding(checker *c, srcpos pos, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The position of key f, else of fallback, else the first line: a
 * finding about something missing points at what asks for it. */
srcpos key_pos(const record *r, field_id f, field_id fallback);
/* True when s is NULL or only white space. */
bool blank(const char *s);
/* True when l holds s in any ASCII case. */
bool list_has(const strlist *l, const char *s);
/* The status is one after which the review material must exist. */
bool status_after_recovery(const record *r);
/* True when r's status is status (statuses are stored in lower case). */
bool status_is(const record *r, const char *status);

/* The required sections: present, and not empty or a placeholder. */
void check_sections(checker *c);
/* Headings taken as two sections at once. */
void check_ambiguous_sections(checker *c);
/* Blaming wording in the sections that discuss causes. */
void check_blame(checker *c);

#endif
