/*
 * items.h - internal to the metrics stage: the incidents of one
 * computation, sorted and grouped by service (items.c).
 */
#ifndef AM_ITEMS_H
#define AM_ITEMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "model/record.h"
#include "history/timeline.h"
#include "metrics/aggregate.h"

typedef struct item {
	const record *r;
	const timeline *t;
	bool has_start;
	int64_t start;
	char date[16];         /* local start date "YYYY-MM-DD", or "" */
	size_t sev;            /* index into metrics.sev */
	bool in_scope;         /* passes the service filter */
	bool in;               /* passes the whole filter */
	bool planned;          /* maintenance: not a failure */
} item;

/* The items that name one service, in item order. */
typedef struct service_items {
	const char *name;      /* a record's string */
	const item **v;
	size_t n;
} service_items;

/*
 * The items of one computation, sorted, and the same grouped by service.
 * Grouped once, so that no block runs over every incident once per
 * service (time to fail, the service blocks).
 */
typedef struct item_set {
	item *items;           /* sorted by cmp_item */
	const item **all;      /* &items[i], same order */
	size_t n;
	service_items *svc;    /* by name, in strcmp order */
	size_t nsvc;
	const item **pool;     /* what every svc[i].v points into */
} item_set;

/*
 * Fill is with the items of the n records v that did not fail (tl: one
 * timeline per record, or NULL), sorted and grouped, with the filter of
 * m applied. Sets *unrated when an item that passes it has none of the
 * configured severities. Free with item_set_free.
 */
void item_set_build(item_set *is, record *const *v, timeline *const *tl,
    size_t n, const config *cfg, const metrics *m, bool *unrated);
/* Free what is owns (not is). */
void item_set_free(item_set *is);

/* The items of is that name service, or NULL when none does. */
const service_items *item_set_service(const item_set *is,
    const char *service);

/* True when it is in block b: passes the filter, names b's service, and
 * started within b's dates (an open range takes incidents without a
 * start too). */
bool item_in_block(const metrics_block *b, const item *it);

/* True when it counts as "the incident before" for block b: the period
 * does not matter, the service does. */
bool item_in_scope(const metrics_block *b, const item *it);

#endif
