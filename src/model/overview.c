/*
 * overview.c - an incident's review and follow-up state; see overview.h.
 */
#include <string.h>

#include "model/overview.h"
#include "lib/timeutil.h"

overview
record_overview(const record *r, const config *cfg, int64_t now)
{
	const am_time *rec = &r->times[PHASE_RECOVERED];
	overview o = { .pir = PIR_ACTIVE, .pir_days = -1 };

	for (size_t i = 0; i < r->nactions; i++) {
		o.actions++;
		if (!r->actions[i].done)
			o.actions_open++;
		if (action_item_overdue(&r->actions[i], now))
			o.actions_overdue++;
	}
	if (r->status != NULL && strcmp(r->status, "closed") == 0) {
		o.pir = PIR_CLOSED;
		return o;
	}
	if (rec->set) {
		o.pir_days = config_working_days(cfg, rec->t, now);
		o.pir = config_pir_late(cfg, o.pir_days) ? PIR_OVERDUE :
		    PIR_DUE;
	} else if (r->status != NULL && strcmp(r->status, "recovered") == 0)
		o.pir = PIR_DUE;
	return o;
}

const char *
pir_state_label(pir_state s)
{
	switch (s) {
	case PIR_DUE: return "PIR due";
	case PIR_OVERDUE: return "PIR overdue";
	case PIR_CLOSED: return "closed";
	default: return "active";
	}
}

const char *
pir_state_key(pir_state s)
{
	switch (s) {
	case PIR_DUE: return "due";
	case PIR_OVERDUE: return "overdue";
	case PIR_CLOSED: return "closed";
	default: return "active";
	}
}

int
record_cmp_newest(const void *pa, const void *pb)
{
	const record *a = *(record *const *)pa, *b = *(record *const *)pb;
	const am_time *ta = &a->times[PHASE_STARTED];
	const am_time *tb = &b->times[PHASE_STARTED];
	int c;

	if (ta->set != tb->set)
		return ta->set ? -1 : 1;
	if (ta->set && ta->t != tb->t)
		return ta->t > tb->t ? -1 : 1;
	/* two records may share an id (a duplicate-id error); the path
	 * keeps the order total, so output never depends on qsort */
	if ((c = strcmp(a->id, b->id)) != 0)
		return c;
	return strcmp(a->path, b->path);
}
