/*
 * items.c - the incidents as the aggregate sees them: each record's start,
 * severity and filter result, sorted once and grouped by service once,
 * and which of them belong to a block.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics/items.h"
#include "history/timeline.h"
#include "lib/timeutil.h"
#include "lib/grow.h"
#include "lib/util.h"

/* Started first (in time order), then those without a start; then id. */
static int
cmp_item(const void *pa, const void *pb)
{
	const item *a = pa, *b = pb;

	if (a->has_start != b->has_start)
		return a->has_start ? -1 : 1;
	if (a->has_start && a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return strcmp(a->r->id, b->r->id);
}


/* Does item it pass the filter of m? Sets it->in_scope and it->in. */
static void
apply_filter(item *it, const metrics *m)
{
	it->in_scope = m->service == NULL ||
	    strlist_has(&it->r->services, m->service);
	it->in = it->in_scope;
	if (m->since == NULL && m->until == NULL)
		return;
	/* a period needs a start to place the incident in */
	if (!it->has_start ||
	    (m->since && strcmp(it->date, m->since) < 0) ||
	    (m->until && strcmp(it->date, m->until) > 0))
		it->in = false;
}

/* A service named by the item at index idx of a sorted item array. */
typedef struct service_ref {
	const char *name;
	size_t idx;
} service_ref;

/* By name, then item order. */
static int
cmp_service_ref(const void *pa, const void *pb)
{
	const service_ref *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	if (c != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Group the sorted items of is by the services they name (each once,
 * even when a record repeats a name). */
static void
item_set_group(item_set *is)
{
	service_ref *refs = NULL;
	size_t nrefs = 0, cap = 0;

	for (size_t i = 0; i < is->n; i++) {
		const strlist *sv = &is->items[i].r->services;

		for (size_t k = 0; k < sv->n; k++) {
			bool again = false;

			for (size_t j = 0; j < k && !again; j++)
				again = strcmp(sv->v[j], sv->v[k]) == 0;
			if (again)
				continue;
			refs = xgrow(refs, nrefs, &cap, sizeof(*refs), 64);
			refs[nrefs++] = (service_ref){ sv->v[k], i };
		}
	}
	if (nrefs > 1)
		qsort(refs, nrefs, sizeof(*refs), cmp_service_ref);
	is->pool = xcalloc(nrefs ? nrefs : 1, sizeof(*is->pool));
	for (size_t i = 0; i < nrefs; i++) {
		is->pool[i] = &is->items[refs[i].idx];
		if (i == 0 || strcmp(refs[i].name, refs[i - 1].name) != 0) {
			is->svc = xrealloc(is->svc,
			    (is->nsvc + 1) * sizeof(*is->svc));
			is->svc[is->nsvc++] = (service_items){ refs[i].name,
			    &is->pool[i], 0 };
		}
		is->svc[is->nsvc - 1].n++;
	}
	free(refs);
}

/* See items.h. */
void
item_set_build(item_set *is, record *const *v, timeline *const *tl,
    size_t n, const config *cfg, const metrics *m, bool *unrated)
{
	memset(is, 0, sizeof(*is));
	is->items = xcalloc(n ? n : 1, sizeof(*is->items));
	*unrated = false;
	for (size_t i = 0; i < n; i++) {
		item *it = &is->items[is->n];
		bool derived;
		const am_time *st;
		int rank;

		if (v[i]->failed)
			continue;
		it->r = v[i];
		it->t = tl ? tl[i] : NULL;
		st = timeline_phase(it->r, it->t, PHASE_STARTED, &derived);
		if (st != NULL) {
			it->has_start = true;
			it->start = st->t;
			time_format(st->t, TIME_DATE, it->date,
			    sizeof(it->date));
		}
		rank = config_severity_rank(cfg, it->r->severity);
		it->sev = rank < 0 ? cfg->nseverities : (size_t)rank;
		it->planned = it->r->type != NULL &&
		    strcmp(it->r->type, "planned") == 0;
		apply_filter(it, m);
		if (it->in && rank < 0)
			*unrated = true;
		is->n++;
	}
	if (is->n > 1)
		qsort(is->items, is->n, sizeof(*is->items), cmp_item);
	is->all = xcalloc(is->n ? is->n : 1, sizeof(*is->all));
	for (size_t i = 0; i < is->n; i++)
		is->all[i] = &is->items[i];
	item_set_group(is);
}

/* See items.h. */
void
item_set_free(item_set *is)
{
	free(is->items);
	free(is->all);
	free(is->svc);
	free(is->pool);
}


/* See items.h. */
bool
item_in_block(const metrics_block *b, const item *it)
{
	if (!it->in)
		return false;
	if (b->kind == BLOCK_SERVICE &&
	    !strlist_has(&it->r->services, b->name))
		return false;
	if (b->from == NULL && b->to == NULL)
		return true;
	if (!it->has_start)
		return false;
	return (b->from == NULL || strcmp(it->date, b->from) >= 0) &&
	    (b->to == NULL || strcmp(it->date, b->to) <= 0);
}

/* See items.h. */
bool
item_in_scope(const metrics_block *b, const item *it)
{
	return it->in_scope && !it->planned && it->has_start &&
	    (b->kind != BLOCK_SERVICE ||
	    strlist_has(&it->r->services, b->name));
}


/* See items.h. */
const service_items *
item_set_service(const item_set *is, const char *service)
{
	size_t lo = 0, hi = is->nsvc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(is->svc[mid].name, service);

		if (c == 0)
			return &is->svc[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
