/*
 * related.h - the related incidents of each incident.
 */
#ifndef AM_RELATED_H
#define AM_RELATED_H

#include <stddef.h>

#include "model/record.h"

/* How many related incidents a page lists. */
#define RELATED_MAX 5

/* The related incidents of one incident, most related first. */
typedef struct related_list {
	struct {
		size_t j;      /* index of the related incident */
		char *shared;  /* the names both give: "api, database" */
	} v[RELATED_MAX];
	size_t n;
} related_list;

/* For every incident of rec[0..n) (newest first), its related ones:
 * those sharing most services and tags, newer first among equals; on two
 * threads when there are enough. Free with related_free(v, n). */
related_list *related_all(record *const *rec, size_t n);
/* Free what related_all returned for n incidents. NULL-safe. */
void related_free(related_list *v, size_t n);

#endif
