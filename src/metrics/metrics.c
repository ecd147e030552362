/*
 * metrics.c - incident durations, the definitions of the metrics, and the
 * aggregate behind the metrics page, metrics.json and "aftermath
 * metrics": the figures of each block (all, years, quarters, services).
 * The incidents it runs over are items.c's, distributions are
 * distribution.c's, and the JSON that shows the figures is
 * render/metrics_json.c's.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/distribution.h"
#include "metrics/items.h"
#include "metrics/metrics.h"
#include "metrics/stats.h"
#include "history/timeline.h"

/*
 * Definitions, in page order. The first DUR_COUNT entries are the
 * durations in enum order, so one table names them everywhere. The text
 * is repeated word for word in docs/metrics.md; a unit test compares.
 */
static const metric_def defs[] = {
	[DUR_DETECT] = { "detect", "Time to detect", "detected - started",
	    "How long impact lasted before anyone or anything noticed it." },
	[DUR_ACKNOWLEDGE] = { "acknowledge", "Time to acknowledge",
	    "acknowledged - detected",
	    "How long a detected incident waited for a responder to take "
	    "it on." },
	[DUR_IDENTIFY] = { "identify", "Time to identify",
	    "identified - started",
	    "How long it took, from the start of impact, to find the "
	    "contributing cause." },
	[DUR_REPAIR] = { "repair", "Time to repair", "mitigated - started",
	    "How long customers were affected until a repair stopped the "
	    "bleeding. Its mean is what is often reported as MTTR." },
	[DUR_RESPOND] = { "respond", "Time to respond",
	    "mitigated - detected",
	    "How long responders took, from detection, to put a repair "
	    "in place." },
	[DUR_RECOVER] = { "recover", "Time to recover",
	    "recovered - started",
	    "How long it took to return to normal operation: the downtime "
	    "that is compared with each service's RTO." },
	[DUR_RESOLVE] = { "resolve", "Time to resolve", "resolved - started",
	    "How long it took to address the contributing factors. When "
	    "resolved is not written, it is derived from history as the "
	    "commit at which the last action item was marked done, if all "
	    "are done." },
	{ "between_failures", "Time between failures",
	    "started - started of the incident before",
	    "How often incidents happen: for each incident, the time since "
	    "the start of the one before it (on a service page, the one "
	    "before on that service). Planned maintenance is not a failure "
	    "and is left out." },
	{ "time_to_fail", "Time to fail",
	    "started - recovered of the incident before on the same service",
	    "How long a service ran without trouble after it recovered: for "
	    "each incident and each of its services, the time since the "
	    "incident before on that service recovered. An incident that "
	    "starts before the one before has recovered is excluded; "
	    "planned maintenance is left out." },
	{ "pir_latency", "PIR latency",
	    "reviewed - recovered, in working days",
	    "Working days (Monday to Friday, minus the configured holidays) "
	    "from recovery to the post-incident review meeting." },
	{ "pir_on_time", "PIRs on time",
	    "reviews held on time / reviews due",
	    "The share of post-incident reviews held within pir_due_days "
	    "working days of recovery. Reviews due are those held and those "
	    "not held whose due day has passed (overdue); a review not yet "
	    "due is pending and not counted." },
	{ "action_items", "Action items", "open, done, overdue",
	    "The action items of the incidents, by type and by priority. An "
	    "open item is overdue from the day after its due date." },
	{ "action_close", "Time to close an action item",
	    "commit marking it done - commit adding it",
	    "From git history: when the item was marked done, minus when it "
	    "first appeared in the record. Open items, and items without "
	    "history, are not measured." },
	{ "rto", "Recovery time objective (RTO)",
	    "recovered - started, against the service's rto",
	    "Each incident's downtime against the rto of each of its "
	    "services in aftermath.yaml; over the target is a breach. "
	    "Incidents without a recovery time are excluded." },
	{ "rpo", "Recovery point objective (RPO)",
	    "data_loss, against the service's rpo",
	    "Each incident's data loss against the rpo of each of its "
	    "services; over the target is a breach. Incidents that do not "
	    "state data_loss are excluded, not counted as losing nothing." },
	{ "effort", "Recovery effort", "sum of responder_hours",
	    "Person-hours spent responding, as recorded. Easy to misuse: it "
	    "measures cost, not performance. More hours can mean a careful "
	    "response, and people who know it is watched record less. "
	    "Compare periods, never people or teams." },
	{ "cadence", "Longest gap between updates",
	    "largest gap between detected, the timeline entries and "
	    "recovered",
	    "While the incident was active (detected to recovered), the "
	    "longest time without an entry in its timeline, against the "
	    "configured update_cadence (default 20 minutes). Incidents "
	    "without both times are excluded." },
};

#define NDEFS (sizeof(defs) / sizeof(defs[0]))

/* The phases each duration runs between. */
static const struct {
	phase from, to;
} dur_phases[DUR_COUNT] = {
	[DUR_DETECT] = { PHASE_STARTED, PHASE_DETECTED },
	[DUR_ACKNOWLEDGE] = { PHASE_DETECTED, PHASE_ACKNOWLEDGED },
	[DUR_IDENTIFY] = { PHASE_STARTED, PHASE_IDENTIFIED },
	[DUR_REPAIR] = { PHASE_STARTED, PHASE_MITIGATED },
	[DUR_RESPOND] = { PHASE_DETECTED, PHASE_MITIGATED },
	[DUR_RECOVER] = { PHASE_STARTED, PHASE_RECOVERED },
	[DUR_RESOLVE] = { PHASE_STARTED, PHASE_RESOLVED },
};

/* Prefixes of the timeline's action events; the rest is the item text. */
#define EV_ACTION_ADDED "Action item added: "
#define EV_ACTION_DONE  "Action item done: "

#define UNRATED "unrated"

const char *
duration_key(duration_kind k)
{
	return defs[k].key;
}

const char *
duration_label(duration_kind k)
{
	return defs[k].label;
}

const metric_def *
metric_definitions(size_t *n)
{
	*n = NDEFS;
	return defs;
}

int
record_duration(const record *r, duration_kind k, int64_t *secs)
{
	bool derived;

	return incident_duration(r, NULL, k, secs, &derived);
}

int
incident_duration(const record *r, const timeline *t, duration_kind k,
    int64_t *secs, bool *derived)
{
	bool da, db;
	const am_time *a = timeline_phase(r, t, dur_phases[k].from, &da);
	const am_time *b = timeline_phase(r, t, dur_phases[k].to, &db);

	*derived = false;
	if (a == NULL || b == NULL || b->t < a->t)
		return -1;
	*secs = b->t - a->t;
	*derived = da || db;
	return 0;
}

/* ---- tallies ---- */

/* The tally called name in *v, added (zeroed) when missing. */
static action_tally *
tally_find(action_tally **v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].name, name) == 0)
			return &(*v)[i];
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].name = xstrdup(name);
	return &(*v)[(*n)++];
}

/* qsort order of tallies, by name. */
static int
cmp_tally(const void *pa, const void *pb)
{
	return strcmp(((const action_tally *)pa)->name,
	    ((const action_tally *)pb)->name);
}

/* Count item a (at now) in t. */
static void
tally_count(action_tally *t, const action_item *a, int64_t now)
{
	t->total++;
	if (a->done)
		t->done++;
	else
		t->open++;
	if (action_item_overdue(a, now))
		t->overdue++;
}

/* ---- one block ---- */

/*
 * When item action was closed, from t's events: the commit that marked it
 * done (the last, if it was reopened) minus the commit that added it, or
 * the record's first commit when it was there from the start. An item
 * that appeared already done says nothing about how long it was open.
 * Returns 0 and sets *secs, or -1 when history does not say.
 */
static int
action_close_time(const timeline *t, const char *action, int64_t *secs)
{
	size_t la = strlen(EV_ACTION_ADDED), ld = strlen(EV_ACTION_DONE);
	const event *created = NULL, *added = NULL, *done = NULL;

	if (t == NULL || action == NULL)
		return -1;
	/* events are in time order, so the first commit created the file */
	for (size_t i = 0; i < t->n; i++) {
		const event *e = &t->v[i];

		if (e->source != SRC_GIT || !e->has_time || e->text == NULL)
			continue;
		if (e->kind == EV_COMMIT && created == NULL)
			created = e;
		else if (e->kind == EV_ACTION && added == NULL &&
		    strncmp(e->text, EV_ACTION_ADDED, la) == 0 &&
		    strcmp(e->text + la, action) == 0)
			added = e;
		else if (e->kind == EV_ACTION &&
		    strncmp(e->text, EV_ACTION_DONE, ld) == 0 &&
		    strcmp(e->text + ld, action) == 0)
			done = e;
	}
	if (added == NULL)
		added = created;
	if (done == NULL || added == NULL || done->time < added->time ||
	    strcmp(done->commit, added->commit) == 0)
		return -1;
	*secs = done->time - added->time;
	return 0;
}

static void
add_pir(metrics_block *b, const item *it, const config *cfg, int64_t now)
{
	bool derived;
	const am_time *rec = timeline_phase(it->r, it->t, PHASE_RECOVERED,
	    &derived);
	const am_time *rev = &it->r->reviewed;
	int days;

	if (rec == NULL) {
		b->pir.excluded++;
		return;
	}
	if (!rev->set) {
		if (config_pir_late(cfg, config_working_days(cfg, rec->t,
		    now)))
			b->pir.overdue++;
		else
			b->pir.pending++;
		return;
	}
	days = config_working_days(cfg, rec->t, rev->t);
	if (days < 0) {
		b->pir.excluded++;
		return;
	}
	b->pir.reviewed++;
	dist_add(&b->pir.latency, days, derived);
	if (!config_pir_late(cfg, days))
		b->pir.on_time++;
	else
		b->pir.late++;
}

/* Count the action items of it in b, and their close times. */
static void
add_actions(metrics_block *b, const item *it, int64_t now)
{
	for (size_t i = 0; i < it->r->nactions; i++) {
		const action_item *a = &it->r->actions[i];
		int64_t secs;

		b->actions.total++;
		if (a->done)
			b->actions.done++;
		else
			b->actions.open++;
		if (action_item_overdue(a, now))
			b->actions.overdue++;
		tally_count(tally_find(&b->actions.by_type, &b->actions.ntype,
		    a->type ? a->type : "(none)"), a, now);
		tally_count(tally_find(&b->actions.by_priority,
		    &b->actions.npriority,
		    a->priority ? a->priority : "(none)"), a, now);
		if (!a->done)
			continue;
		/* derived: the figure comes from history by definition */
		if (action_close_time(it->t, a->action, &secs) == 0)
			dist_add(&b->actions.time_to_close, secs, true);
		else
			b->actions.time_to_close.excluded++;
	}
}

/* Count actual against target in t; over the target is a breach,
 * listed in b. */
static void
check_objective(metrics_block *b, objective_tally *t, const item *it,
    const char *service, const char *objective, int64_t actual,
    int64_t target, bool derived)
{
	objective_breach *x;

	t->checked++;
	if (actual <= target) {
		t->met++;
		return;
	}
	t->breached++;
	b->objectives.breaches = xrealloc(b->objectives.breaches,
	    (b->objectives.nbreaches + 1) * sizeof(*b->objectives.breaches));
	x = &b->objectives.breaches[b->objectives.nbreaches++];
	x->r = it->r;
	x->service = service;
	x->objective = objective;
	x->actual = actual;
	x->target = target;
	x->derived = derived;
}

/* Check it against the targets of its services; only against those of
 * service only when that is not NULL. */
static void
add_objectives(metrics_block *b, const item *it, const config *cfg,
    const char *only)
{
	const record *r = it->r;

	for (size_t i = 0; i < r->services.n; i++) {
		const char *s = r->services.v[i];
		const service_conf *sc = config_service(cfg, s);
		int64_t down;
		bool derived;

		if (sc == NULL || (only != NULL && strcmp(only, s) != 0))
			continue;
		if (sc->rto >= 0) {
			if (incident_duration(r, it->t, DUR_RECOVER, &down,
			    &derived) < 0)
				b->objectives.rto.excluded++;
			else
				check_objective(b, &b->objectives.rto, it, s,
				    "rto", down, sc->rto, derived);
		}
		if (sc->rpo >= 0) {
			if (r->data_loss < 0)
				b->objectives.rpo.excluded++;
			else
				check_objective(b, &b->objectives.rpo, it, s,
				    "rpo", r->data_loss, sc->rpo, false);
		}
	}
}

/* The longest gap between updates while it was active; see defs. */
static void
add_cadence(metrics_block *b, const item *it, int64_t cadence)
{
	bool da, dz;
	const am_time *a = timeline_phase(it->r, it->t, PHASE_DETECTED, &da);
	const am_time *z = timeline_phase(it->r, it->t, PHASE_RECOVERED, &dz);
	int64_t *pts, gap = 0;
	size_t n = 0;

	if (a == NULL || z == NULL || z->t < a->t) {
		b->cadence.longest_gap.excluded++;
		return;
	}
	pts = xcalloc(it->r->ntimeline + 2, sizeof(*pts));
	pts[n++] = a->t;
	for (size_t i = 0; i < it->r->ntimeline; i++) {
		const am_time *e = &it->r->timeline[i].time;

		if (e->set && e->t > a->t && e->t < z->t)
			pts[n++] = e->t;
	}
	pts[n++] = z->t;
	/* timeline entries may be written out of order */
	qsort(pts, n, sizeof(*pts), dist_cmp_int64);
	for (size_t i = 1; i < n; i++)
		if (pts[i] - pts[i - 1] > gap)
			gap = pts[i] - pts[i - 1];
	free(pts);
	dist_add(&b->cadence.longest_gap, gap, da || dz);
	if (gap > cadence) {
		cadence_miss *x;

		b->cadence.over = xrealloc(b->cadence.over,
		    (b->cadence.nover + 1) * sizeof(*b->cadence.over));
		x = &b->cadence.over[b->cadence.nover++];
		x->r = it->r;
		x->gap = gap;
		x->derived = da || dz;
	}
}

/* Time between failures: items are in start order, so the one before
 * in scope is the previous one seen. */
static void
add_between_failures(metrics_block *b, const item *const *v, size_t n)
{
	const item *prev = NULL;

	for (size_t i = 0; i < n; i++) {
		const item *it = v[i];

		if (item_in_block(b, it) && !it->planned && !it->has_start)
			b->between_failures.excluded++;
		if (!item_in_scope(b, it))
			continue;
		if (prev != NULL && item_in_block(b, it))
			dist_add(&b->between_failures, it->start - prev->start,
			    false);
		prev = it;
	}
}

/* Time to fail on the service of si: its items are the incidents that
 * name it, so none needs testing for the name. */
static void
add_time_to_fail_on(metrics_block *b, const service_items *si)
{
	const item *prev = NULL;

	for (size_t i = 0; i < si->n; i++) {
		const item *it = si->v[i];
		const am_time *rec;
		bool derived;

		if (item_in_block(b, it) && !it->planned && !it->has_start)
			b->time_to_fail.excluded++;
		if (!item_in_scope(b, it))
			continue;
		if (prev != NULL && item_in_block(b, it)) {
			rec = timeline_phase(prev->r, prev->t,
			    PHASE_RECOVERED, &derived);
			if (rec == NULL || it->start < rec->t)
				b->time_to_fail.excluded++;
			else
				dist_add(&b->time_to_fail, it->start - rec->t,
				    derived);
		}
		prev = it;
	}
}

/* Time to fail on each service in scope: only, or (no service filter,
 * so every item is in scope) every service named. */
static void
add_time_to_fail(metrics_block *b, const item_set *is, const char *only)
{
	if (only != NULL) {
		const service_items *si = item_set_service(is, only);

		if (si != NULL)
			add_time_to_fail_on(b, si);
		return;
	}
	for (size_t i = 0; i < is->nsvc; i++)
		add_time_to_fail_on(b, &is->svc[i]);
}

/* Fill b (kind, name, from and to set) from the n items v, in item order:
 * every item of is, or the ones that may be members of b (those naming
 * its service). */
static void
block_fill(const metrics *m, metrics_block *b, const item *const *v,
    size_t n, const item_set *is, const config *cfg)
{
	const char *only = b->kind == BLOCK_SERVICE ? b->name : m->service;

	b->by_sev = xcalloc(m->nsev, sizeof(*b->by_sev));
	for (int k = 0; k < DUR_COUNT; k++) {
		dist_init(&b->dur[k], UNIT_SECONDS);
		b->dur_sev[k] = xcalloc(m->nsev, sizeof(*b->dur_sev[k]));
		for (size_t s = 0; s < m->nsev; s++)
			dist_init(&b->dur_sev[k][s], UNIT_SECONDS);
	}
	dist_init(&b->between_failures, UNIT_SECONDS);
	dist_init(&b->time_to_fail, UNIT_SECONDS);
	dist_init(&b->pir.latency, UNIT_WORKING_DAYS);
	dist_init(&b->actions.time_to_close, UNIT_SECONDS);
	dist_init(&b->cadence.longest_gap, UNIT_SECONDS);

	for (size_t i = 0; i < n; i++) {
		const item *it = v[i];

		if (!item_in_block(b, it))
			continue;
		b->nincidents++;
		b->by_sev[it->sev]++;
		for (int k = 0; k < DUR_COUNT; k++) {
			int64_t secs;
			bool derived;

			if (incident_duration(it->r, it->t, (duration_kind)k,
			    &secs, &derived) < 0) {
				b->dur[k].excluded++;
				b->dur_sev[k][it->sev].excluded++;
				continue;
			}
			dist_add(&b->dur[k], secs, derived);
			dist_add(&b->dur_sev[k][it->sev], secs, derived);
		}
		add_pir(b, it, cfg, m->now);
		add_actions(b, it, m->now);
		add_objectives(b, it, cfg, only);
		add_cadence(b, it, m->cadence);
		if (it->r->responder_hours >= 0) {
			b->effort.hours += it->r->responder_hours;
			b->effort.n++;
		} else
			b->effort.excluded++;
	}
	add_between_failures(b, v, n);
	add_time_to_fail(b, is, only);

	for (int k = 0; k < DUR_COUNT; k++) {
		dist_finish(&b->dur[k]);
		for (size_t s = 0; s < m->nsev; s++)
			dist_finish(&b->dur_sev[k][s]);
	}
	dist_finish(&b->between_failures);
	dist_finish(&b->time_to_fail);
	dist_finish(&b->pir.latency);
	dist_finish(&b->actions.time_to_close);
	dist_finish(&b->cadence.longest_gap);
	/* qsort must not see the NULL of an empty list */
	if (b->actions.ntype > 0)
		qsort(b->actions.by_type, b->actions.ntype,
		    sizeof(*b->actions.by_type), cmp_tally);
	if (b->actions.npriority > 0)
		qsort(b->actions.by_priority, b->actions.npriority,
		    sizeof(*b->actions.by_priority), cmp_tally);
}

/* Free what b owns (not b). */
static void
block_free(const metrics *m, metrics_block *b)
{
	free(b->name);
	free(b->from);
	free(b->to);
	free(b->by_sev);
	for (int k = 0; k < DUR_COUNT; k++) {
		dist_free(&b->dur[k]);
		for (size_t s = 0; b->dur_sev[k] && s < m->nsev; s++)
			dist_free(&b->dur_sev[k][s]);
		free(b->dur_sev[k]);
	}
	dist_free(&b->between_failures);
	dist_free(&b->time_to_fail);
	dist_free(&b->pir.latency);
	for (size_t i = 0; i < b->actions.ntype; i++)
		free(b->actions.by_type[i].name);
	for (size_t i = 0; i < b->actions.npriority; i++)
		free(b->actions.by_priority[i].name);
	free(b->actions.by_type);
	free(b->actions.by_priority);
	dist_free(&b->actions.time_to_close);
	free(b->objectives.breaches);
	dist_free(&b->cadence.longest_gap);
	free(b->cadence.over);
}

/* A new block of kind with name; from and to are copied (NULL = open). */
static metrics_block *
block_push(metrics_block **v, size_t *n, block_kind kind, const char *name,
    const char *from, const char *to)
{
	metrics_block *b;

	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	b = &(*v)[(*n)++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->name = xstrdup(name);
	b->from = from ? xstrdup(from) : NULL;
	b->to = to ? xstrdup(to) : NULL;
	return b;
}

/* ---- the aggregate ---- */

/* Year and month (1-12) of a "YYYY-MM-DD" date. */
static void
date_ym(const char *date, int *y, int *mo)
{
	*y = atoi(date);
	*mo = atoi(date + 5);
}

/* Blocks per year and quarter, and months, from the first start to the
 * last. */
static void
make_periods(metrics *m, const item_set *is, const config *cfg)
{
	const char *first = NULL, *last = NULL;
	int y0, m0, y1, m1;
	char name[32], from[16], to[16];

	for (size_t i = 0; i < is->n; i++) {
		const item *it = is->all[i];

		if (it->in && it->has_start) {
			if (first == NULL || strcmp(it->date, first) < 0)
				first = it->date;
			if (last == NULL || strcmp(it->date, last) > 0)
				last = it->date;
		}
	}
	if (first == NULL)
		return;
	date_ym(first, &y0, &m0);
	date_ym(last, &y1, &m1);
	for (int y = y0; y <= y1; y++) {
		snprintf(name, sizeof(name), "%04d", y);
		snprintf(from, sizeof(from), "%04d-01-01", y);
		snprintf(to, sizeof(to), "%04d-12-31", y);
		block_fill(m, block_push(&m->years, &m->nyears, BLOCK_YEAR,
		    name, from, to), is->all, is->n, is, cfg);
		for (int q = 0; q < 4; q++) {
			if ((y == y0 && q < (m0 - 1) / 3) ||
			    (y == y1 && q > (m1 - 1) / 3))
				continue;
			snprintf(name, sizeof(name), "%04d-Q%d", y, q + 1);
			/* "-31" closes every quarter: dates compare as text */
			snprintf(from, sizeof(from), "%04d-%02d-01", y,
			    q * 3 + 1);
			snprintf(to, sizeof(to), "%04d-%02d-31", y, q * 3 + 3);
			block_fill(m, block_push(&m->quarters, &m->nquarters,
			    BLOCK_QUARTER, name, from, to), is->all, is->n, is,
			    cfg);
		}
	}
	/* every month from the first to the last, then each incident
	 * counted in its own: one pass, not one per month */
	m->nmonths = (size_t)((y1 - y0) * 12 + (m1 - m0) + 1);
	m->months = xcalloc(m->nmonths, sizeof(*m->months));
	for (size_t k = 0; k < m->nmonths; k++) {
		month_count *mc = &m->months[k];
		size_t mo = (size_t)(m0 - 1) + k;   /* months after y0-01 */

		snprintf(mc->month, sizeof(mc->month), "%04d-%02d",
		    y0 + (int)(mo / 12), (int)(mo % 12) + 1);
		mc->by_sev = xcalloc(m->nsev, sizeof(*mc->by_sev));
	}
	for (size_t i = 0; i < is->n; i++) {
		const item *it = is->all[i];
		int y, mo;
		month_count *mc;

		if (!it->in || !it->has_start)
			continue;
		date_ym(it->date, &y, &mo);
		mc = &m->months[(y - y0) * 12 + (mo - m0)];
		mc->total++;
		mc->by_sev[it->sev]++;
	}
}

/* The spread of ln(time to recover) over all incidents, and for each
 * quarter the change it could detect against the quarter before; the
 * Poisson interval of each month's count. After make_periods. */
static void
add_uncertainty(metrics *m)
{
	const distribution *d = &m->all.dur[DUR_RECOVER];
	double sum = 0, sq = 0, lo = 0, hi = 0;
	size_t n = 0, cached = SIZE_MAX;

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i] > 0) {
			sum += stats_ln((double)d->v[i]);
			n++;
		}
	if (n >= 2) {
		double mean = sum / (double)n;

		for (size_t i = 0; i < d->n; i++)
			if (d->v[i] > 0) {
				double x = stats_ln((double)d->v[i]) - mean;

				sq += x * x;
			}
		m->recover_sigma = sqrt(sq / (double)(n - 1));
	}
	for (size_t q = 1; q < m->nquarters && n >= 2; q++) {
		size_t a = m->quarters[q - 1].dur[DUR_RECOVER].n;
		size_t b = m->quarters[q].dur[DUR_RECOVER].n;

		m->quarters[q].detect_n_before = a;
		m->quarters[q].detectable = detectable_ratio(m->recover_sigma,
		    a, b);
	}
	/* months come in runs of the same count: reuse the last */
	for (size_t i = 0; i < m->nmonths; i++) {
		if (m->months[i].total != cached) {
			cached = m->months[i].total;
			poisson_interval90(cached, &lo, &hi);
		}
		m->months[i].rate_lo = lo;
		m->months[i].rate_hi = hi;
	}
}

/* A block per service named by an incident within the filter. */
static void
make_services(metrics *m, const item_set *is, const config *cfg)
{
	for (size_t i = 0; i < is->nsvc; i++) {
		const service_items *si = &is->svc[i];
		bool named = false;

		if (m->service != NULL && strcmp(si->name, m->service) != 0)
			continue;
		for (size_t k = 0; k < si->n && !named; k++)
			named = si->v[k]->in;
		if (named)
			block_fill(m, block_push(&m->services, &m->nservices,
			    BLOCK_SERVICE, si->name, NULL, NULL), si->v, si->n,
			    is, cfg);
	}
}

/* A new aggregate with the settings of cfg and the filter f (NULL for
 * none) copied; no severities or blocks yet. */
static metrics *
metrics_new(const config *cfg, const metrics_filter *f, int64_t now)
{
	metrics *m = xcalloc(1, sizeof(*m));

	m->now = now;
	m->cadence = cfg->update_cadence;
	m->pir_due_days = cfg->pir_due_days;
	if (f != NULL) {
		m->since = f->since ? xstrdup(f->since) : NULL;
		m->until = f->until ? xstrdup(f->until) : NULL;
		m->service = f->service ? xstrdup(f->service) : NULL;
	}
	return m;
}

/* The severities of m: the configured ones, then "unrated" when some
 * incident in it has none of them. */
static void
set_severities(metrics *m, const config *cfg, bool unrated)
{
	m->nsev = cfg->nseverities + (unrated ? 1 : 0);
	m->sev = xcalloc(m->nsev ? m->nsev : 1, sizeof(*m->sev));
	for (size_t s = 0; s < cfg->nseverities; s++)
		m->sev[s] = xstrdup(cfg->severities[s].name);
	if (unrated)
		m->sev[m->nsev - 1] = xstrdup(UNRATED);
}

/* Fill m->all, as the filter of m says, from the n items v of is. */
static void
fill_all(metrics *m, const item *const *v, size_t n, const item_set *is,
    const config *cfg)
{
	m->all.kind = BLOCK_ALL;
	m->all.name = xstrdup("all");
	m->all.from = m->since ? xstrdup(m->since) : NULL;
	m->all.to = m->until ? xstrdup(m->until) : NULL;
	block_fill(m, &m->all, v, n, is, cfg);
}

metrics *
metrics_compute(record *const *v, timeline *const *tl, size_t n,
    const config *cfg, const metrics_filter *f, int64_t now)
{
	metrics *m = metrics_new(cfg, f, now);
	item_set is;
	bool unrated;

	item_set_build(&is, v, tl, n, cfg, m, &unrated);
	set_severities(m, cfg, unrated);
	fill_all(m, is.all, is.n, &is, cfg);
	make_periods(m, &is, cfg);
	add_uncertainty(m);
	make_services(m, &is, cfg);
	item_set_free(&is);
	return m;
}

metrics **
metrics_compute_services(record *const *v, timeline *const *tl, size_t n,
    const config *cfg, const char *const *names, size_t nnames,
    int64_t now)
{
	metrics **out = xcalloc(nnames ? nnames : 1, sizeof(*out));
	metrics *none = metrics_new(cfg, NULL, now);
	item_set is;
	bool unrated;

	/* without a filter every item is in scope; each service's block
	 * then reads only the items that name it, which is what the
	 * service filter would have let through */
	item_set_build(&is, v, tl, n, cfg, none, &unrated);
	for (size_t i = 0; i < nnames; i++) {
		metrics_filter f = { .service = names[i] };
		const service_items *si = item_set_service(&is, names[i]);
		metrics *m = metrics_new(cfg, &f, now);

		unrated = false;
		for (size_t k = 0; si != NULL && k < si->n; k++)
			if (si->v[k]->sev == cfg->nseverities)
				unrated = true;
		set_severities(m, cfg, unrated);
		fill_all(m, si ? si->v : NULL, si ? si->n : 0, &is, cfg);
		out[i] = m;
	}
	item_set_free(&is);
	metrics_free(none);
	return out;
}

void
metrics_free_services(metrics **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		metrics_free(v[i]);
	free(v);
}

void
metrics_free(metrics *m)
{
	if (m == NULL)
		return;
	block_free(m, &m->all);
	for (size_t i = 0; i < m->nyears; i++)
		block_free(m, &m->years[i]);
	for (size_t i = 0; i < m->nquarters; i++)
		block_free(m, &m->quarters[i]);
	for (size_t i = 0; i < m->nservices; i++)
		block_free(m, &m->services[i]);
	free(m->years);
	free(m->quarters);
	free(m->services);
	for (size_t i = 0; i < m->nmonths; i++)
		free(m->months[i].by_sev);
	free(m->months);
	strv_free(m->sev, m->nsev);
	free(m->since);
	free(m->until);
	free(m->service);
	free(m);
}

