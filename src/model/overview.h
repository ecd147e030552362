/*
 * overview.h - where an incident stands, in a word or two, for "aftermath
 * list" and "aftermath show": its review (PIR) and its open follow-ups.
 */
#ifndef AM_OVERVIEW_H
#define AM_OVERVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "model/record.h"

typedef enum pir_state {
	PIR_ACTIVE,            /* not recovered yet: no review due */
	PIR_DUE,               /* recovered, review not closed, in time */
	PIR_OVERDUE,           /* recovered more than pir_due_days working
	                          days ago and not closed (pir-overdue) */
	PIR_CLOSED,            /* status closed: the review is done */
} pir_state;

typedef struct overview {
	pir_state pir;
	int pir_days;          /* working days since recovered; -1 when no
	                          recovered time or closed */
	size_t actions, actions_open, actions_overdue;
} overview;

/* The overview of r as of now, by the same measure as the pir-overdue
 * and action-item-overdue rules of "aftermath check". */
overview record_overview(const record *r, const config *cfg, int64_t now);

/* "active", "PIR due", "PIR overdue", "closed": for people. */
const char *pir_state_label(pir_state s);
/* "active", "due", "overdue", "closed": for JSON. */
const char *pir_state_key(pir_state s);

/* qsort order of record pointers: newest started first, records without
 * a start last, then by id. */
int record_cmp_newest(const void *pa, const void *pb);

#endif
