/*
 * metrics_json.c - the figures of the metrics stage as JSON: metrics.json,
 * the data of the metrics and service pages, and "aftermath metrics
 * --json". It owns how a figure is shown ("1h 20m"), the severity
 * classes and the definition anchors; the figures are metrics/'s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/anchor.h"
#include "metrics/metrics.h"
#include "render/metrics_json.h"
#include "lib/timeutil.h"
#include "lib/util.h"

/* {"value": v, "show": "1h 20m"} */
static json_t *
value_json(int64_t v, dist_unit unit)
{
	char tb[64];

	if (unit == UNIT_SECONDS)
		duration_format(v, tb, sizeof(tb));
	else
		snprintf(tb, sizeof(tb), "%lld", (long long)v);
	return json_pack("{s:I,s:s}", "value", (json_int_t)v, "show", tb);
}

/*
 * The uncertainty of d's median as keys of o: "median_ci" {low, high,
 * rank_low, rank_high, coverage_percent, show} for DIST_FEW values or
 * more, else null; "few" true below DIST_FEW, with "values" (each
 * measured value) and "values_show" ("4m, 5m, 6m") so that a group too
 * small for a median shows what it has.
 */
static void
ci_fill(json_t *o, const distribution *d)
{
	char lo[64], hi[64], pc[16];
	json_t *ci = json_null(), *vals = json_array();
	buf b = { 0 };

	if (d->n >= DIST_FEW) {
		json_t *l = value_json(d->ci_lo, d->unit);
		json_t *h = value_json(d->ci_hi, d->unit);
		char *sh;

		snprintf(lo, sizeof(lo), "%s", json_string_value(
		    json_object_get(l, "show")));
		snprintf(hi, sizeof(hi), "%s", json_string_value(
		    json_object_get(h, "show")));
		snprintf(pc, sizeof(pc), "%d.%d", d->ci_permille / 10,
		    d->ci_permille % 10);
		sh = xasprintf("%s to %s", lo, hi);
		ci = json_pack("{s:o,s:o,s:I,s:I,s:s,s:s}", "low", l,
		    "high", h, "rank_low", (json_int_t)d->ci_rank_lo,
		    "rank_high", (json_int_t)d->ci_rank_hi,
		    "coverage_percent", pc, "show", sh);
		free(sh);
	}
	buf_add(&b, "", 0);
	for (size_t i = 0; d->n < DIST_FEW && i < d->n; i++) {
		json_t *v = value_json(d->v[i], d->unit);

		if (i)
			buf_adds(&b, ", ");
		buf_adds(&b, json_string_value(json_object_get(v, "show")));
		json_array_append_new(vals, v);
	}
	json_object_set_new(o, "median_ci", ci);
	json_object_set_new(o, "few", json_boolean(d->n > 0 &&
	    d->n < DIST_FEW));
	json_object_set_new(o, "values", vals);
	json_object_set_new(o, "values_show", json_string(b.data));
	buf_free(&b);
}

/* Set the figures of d as keys of o. */
static void
dist_fill(json_t *o, const distribution *d)
{
	static const char *const names[] = {
		"median", "mean", "p90", "min", "max",
	};
	const int64_t vals[] = { d->median, d->mean, d->p90, d->min, d->max };

	json_object_set_new(o, "unit", json_string(d->unit == UNIT_SECONDS ?
	    "seconds" : "working_days"));
	json_object_set_new(o, "count", json_integer((json_int_t)d->n));
	json_object_set_new(o, "excluded",
	    json_integer((json_int_t)d->excluded));
	json_object_set_new(o, "derived",
	    json_integer((json_int_t)d->derived));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		json_object_set_new(o, names[i], d->n ?
		    value_json(vals[i], d->unit) : json_null());
	ci_fill(o, d);
}

/* The definition of key, which must exist. */
static const metric_def *
def_of(const char *key)
{
	size_t n;
	const metric_def *defs = metric_definitions(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(defs[i].key, key) == 0)
			return &defs[i];
	abort();
}

/* A metric: its key, label, formula and link to the definition, then
 * the figures of d. */
static json_t *
metric_json(const char *key, const distribution *d)
{
	const metric_def *df = def_of(key);
	json_t *o = json_object();
	char *anchor = xasprintf("def-%s", key);

	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "label", json_string(df->label));
	json_object_set_new(o, "formula", json_string(df->formula));
	json_object_set_new(o, "anchor", json_string(anchor));
	dist_fill(o, d);
	free(anchor);
	return o;
}

/* {"severity": "SEV1", "class": "sev1"} plus more set by the caller. */
static json_t *
sev_json(const metrics *m, size_t s)
{
	char *slug = slugify(m->sev[s]);
	json_t *o = json_pack("{s:s,s:s}", "severity", m->sev[s],
	    "class", slug);

	free(slug);
	return o;
}

/* [{name, total, open, done, overdue}] of the n tallies v. */
static json_t *
tallies_json(const action_tally *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:I,s:I,s:I,s:I}",
		    "name", v[i].name, "total", (json_int_t)v[i].total,
		    "open", (json_int_t)v[i].open,
		    "done", (json_int_t)v[i].done,
		    "overdue", (json_int_t)v[i].overdue));
	return a;
}

/* {checked, met, breached, excluded} of t. */
static json_t *
objective_json(const objective_tally *t)
{
	return json_pack("{s:I,s:I,s:I,s:I}",
	    "checked", (json_int_t)t->checked, "met", (json_int_t)t->met,
	    "breached", (json_int_t)t->breached,
	    "excluded", (json_int_t)t->excluded);
}

/* {"id", "title", "url"} of an incident, for lists. */
static json_t *
incident_ref(const record *r)
{
	char *url = xasprintf("incidents/%s.html", r->id);
	json_t *o = json_pack("{s:s,s:s,s:s}", "id", r->id,
	    "title", r->title ? r->title : r->id, "url", url);

	free(url);
	return o;
}

/* Hundredths of h >= 0, rounded half up; no libm needed. */
static long long
hundredths(double h)
{
	return (long long)(h * 100 + 0.5);
}

/* Hours with at most two decimals, trailing zeros dropped, never
 * depending on the locale. */
static void
hours_show(double h, char *b, size_t n)
{
	long long c = hundredths(h);

	if (c % 100 == 0)
		snprintf(b, n, "%lld", c / 100);
	else if (c % 10 == 0)
		snprintf(b, n, "%lld.%lld", c / 100, c % 100 / 10);
	else
		snprintf(b, n, "%lld.%02lld", c / 100, c % 100);
}

/*
 * {"ratio": "2.41", "percent": 141, "text": "..."} for quarter b: how
 * large a change of the median time to recover against the quarter
 * before its counts could reliably show (Davidovič, "Incident Metrics in
 * SRE", Google 2021); null when either quarter measured none.
 */
static json_t *
detectable_json(const metrics_block *b)
{
	size_t n = b->dur[DUR_RECOVER].n;
	long long c = hundredths(b->detectable);
	char ratio[32];
	char *text;
	json_t *o;

	if (b->detectable <= 0)
		return json_null();
	snprintf(ratio, sizeof(ratio), "%lld.%02lld", c / 100, c % 100);
	text = xasprintf("With %zu incident%s measured this quarter and %zu "
	    "the quarter before, only a change of the median time to recover "
	    "by a factor of about %s (%lld %% longer or %lld %% shorter) "
	    "would show reliably (80 %% power, 5 %% significance)%s.", n,
	    n == 1 ? "" : "s", b->detect_n_before, ratio, c - 100,
	    100 - 10000 / (c > 0 ? c : 1),
	    c > 110 ? "; a real 10 % improvement would not" : "");
	o = json_pack("{s:s,s:I,s:s}", "ratio", ratio,
	    "percent", (json_int_t)(c - 100), "text", text);
	free(text);
	return o;
}

json_t *
metrics_block_json(const metrics *m, const metrics_block *b)
{
	static const char *const kinds[] = {
		[BLOCK_ALL] = "all", [BLOCK_YEAR] = "year",
		[BLOCK_QUARTER] = "quarter", [BLOCK_SERVICE] = "service",
	};
	json_t *o = json_object(), *a, *x;
	char tb[64];

	json_object_set_new(o, "name", json_string(b->name));
	json_object_set_new(o, "kind", json_string(kinds[b->kind]));
	json_object_set_new(o, "from", b->from ? json_string(b->from) :
	    json_null());
	json_object_set_new(o, "to", b->to ? json_string(b->to) :
	    json_null());
	json_object_set_new(o, "incidents",
	    json_integer((json_int_t)b->nincidents));
	a = json_array();
	for (size_t s = 0; s < m->nsev; s++) {
		x = sev_json(m, s);
		json_object_set_new(x, "incidents",
		    json_integer((json_int_t)b->by_sev[s]));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "by_severity", a);

	a = json_array();
	for (int k = 0; k < DUR_COUNT; k++) {
		json_t *d = metric_json(duration_key((duration_kind)k), &b->dur[k]);
		json_t *bs = json_array();

		/* only severities the block has incidents of */
		for (size_t s = 0; s < m->nsev; s++) {
			if (b->by_sev[s] == 0)
				continue;
			x = sev_json(m, s);
			dist_fill(x, &b->dur_sev[k][s]);
			json_array_append_new(bs, x);
		}
		json_object_set_new(d, "by_severity", bs);
		json_array_append_new(a, d);
	}
	json_object_set_new(o, "durations", a);
	json_object_set_new(o, "between_failures",
	    metric_json("between_failures", &b->between_failures));
	json_object_set_new(o, "time_to_fail",
	    metric_json("time_to_fail", &b->time_to_fail));

	x = json_object();
	json_object_set_new(x, "latency", metric_json("pir_latency",
	    &b->pir.latency));
	{
		size_t due = b->pir.on_time + b->pir.late + b->pir.overdue;

		char *due_show = xasprintf("%d working day%s",
		    m->pir_due_days, m->pir_due_days == 1 ? "" : "s");

		json_object_set_new(x, "due_days",
		    json_integer(m->pir_due_days));
		json_object_set_new(x, "due_days_show",
		    json_string(due_show));
		free(due_show);
		json_object_set_new(x, "reviewed",
		    json_integer((json_int_t)b->pir.reviewed));
		json_object_set_new(x, "due", json_integer((json_int_t)due));
		json_object_set_new(x, "on_time",
		    json_integer((json_int_t)b->pir.on_time));
		json_object_set_new(x, "late",
		    json_integer((json_int_t)b->pir.late));
		json_object_set_new(x, "overdue",
		    json_integer((json_int_t)b->pir.overdue));
		json_object_set_new(x, "pending",
		    json_integer((json_int_t)b->pir.pending));
		json_object_set_new(x, "excluded",
		    json_integer((json_int_t)b->pir.excluded));
		/* a whole percent, rounded half up; null when none due */
		json_object_set_new(x, "on_time_percent", due == 0 ?
		    json_null() : json_integer((json_int_t)
		    ((b->pir.on_time * 100 + due / 2) / due)));
	}
	json_object_set_new(o, "pir", x);

	x = json_pack("{s:I,s:I,s:I,s:I}",
	    "total", (json_int_t)b->actions.total,
	    "open", (json_int_t)b->actions.open,
	    "done", (json_int_t)b->actions.done,
	    "overdue", (json_int_t)b->actions.overdue);
	json_object_set_new(x, "by_type", tallies_json(b->actions.by_type,
	    b->actions.ntype));
	json_object_set_new(x, "by_priority",
	    tallies_json(b->actions.by_priority, b->actions.npriority));
	json_object_set_new(x, "time_to_close", metric_json("action_close",
	    &b->actions.time_to_close));
	json_object_set_new(o, "action_items", x);

	x = json_object();
	json_object_set_new(x, "rto", objective_json(&b->objectives.rto));
	json_object_set_new(x, "rpo", objective_json(&b->objectives.rpo));
	a = json_array();
	for (size_t i = 0; i < b->objectives.nbreaches; i++) {
		const objective_breach *br = &b->objectives.breaches[i];
		json_t *e = incident_ref(br->r);

		json_object_set_new(e, "service", json_string(br->service));
		json_object_set_new(e, "objective",
		    json_string(br->objective));
		json_object_set_new(e, "actual",
		    value_json(br->actual, UNIT_SECONDS));
		json_object_set_new(e, "target",
		    value_json(br->target, UNIT_SECONDS));
		json_object_set_new(e, "derived", json_boolean(br->derived));
		json_array_append_new(a, e);
	}
	json_object_set_new(x, "breaches", a);
	json_object_set_new(o, "objectives", x);

	hours_show(b->effort.hours, tb, sizeof(tb));
	json_object_set_new(o, "effort", json_pack("{s:f,s:s,s:I,s:I}",
	    "responder_hours", hundredths(b->effort.hours) / 100.0,
	    "show", tb, "incidents", (json_int_t)b->effort.n,
	    "excluded", (json_int_t)b->effort.excluded));

	x = metric_json("cadence", &b->cadence.longest_gap);
	json_object_set_new(x, "target", value_json(m->cadence,
	    UNIT_SECONDS));
	json_object_set_new(x, "over",
	    json_integer((json_int_t)b->cadence.nover));
	a = json_array();
	for (size_t i = 0; i < b->cadence.nover; i++) {
		json_t *e = incident_ref(b->cadence.over[i].r);

		json_object_set_new(e, "gap",
		    value_json(b->cadence.over[i].gap, UNIT_SECONDS));
		json_object_set_new(e, "derived",
		    json_boolean(b->cadence.over[i].derived));
		json_array_append_new(a, e);
	}
	json_object_set_new(x, "over_list", a);
	json_object_set_new(o, "cadence", x);
	if (b->kind == BLOCK_QUARTER)
		json_object_set_new(o, "detectable", detectable_json(b));
	return o;
}

/* An array of the n blocks v. */
static json_t *
blocks_json(const metrics *m, const metrics_block *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, metrics_block_json(m, &v[i]));
	return a;
}

json_t *
metrics_json(const metrics *m)
{
	json_t *o = json_object(), *a, *x;
	char iso[64], shown[64];
	size_t ndefs;
	const metric_def *defs = metric_definitions(&ndefs);

	/* overdue marks and review deadlines go by calendar day, so the
	 * day is what "as of" means; a rebuild later that day then changes
	 * nothing */
	json_object_set_new(o, "as_of", json_pack("{s:s,s:s}",
	    "iso", time_format(m->now, TIME_DATE, iso, sizeof(iso)),
	    "show", time_format(m->now, TIME_DATE, shown, sizeof(shown))));
	json_object_set_new(o, "filter", json_pack("{s:o,s:o,s:o}",
	    "since", m->since ? json_string(m->since) : json_null(),
	    "until", m->until ? json_string(m->until) : json_null(),
	    "service", m->service ? json_string(m->service) : json_null()));
	json_object_set_new(o, "percentile", json_string("nearest-rank"));
	json_object_set_new(o, "update_cadence",
	    value_json(m->cadence, UNIT_SECONDS));
	json_object_set_new(o, "pir_due_days", json_integer(m->pir_due_days));
	a = json_array();
	for (size_t s = 0; s < m->nsev; s++)
		json_array_append_new(a, sev_json(m, s));
	json_object_set_new(o, "severities", a);
	json_object_set_new(o, "all", metrics_block_json(m, &m->all));
	json_object_set_new(o, "years", blocks_json(m, m->years, m->nyears));
	json_object_set_new(o, "quarters", blocks_json(m, m->quarters,
	    m->nquarters));
	json_object_set_new(o, "services", blocks_json(m, m->services,
	    m->nservices));
	a = json_array();
	for (size_t i = 0; i < m->nmonths; i++) {
		json_t *bs = json_array();

		for (size_t s = 0; s < m->nsev; s++) {
			x = sev_json(m, s);
			json_object_set_new(x, "count",
			    json_integer((json_int_t)m->months[i].by_sev[s]));
			json_array_append_new(bs, x);
		}
		char lo[32], hi[32], *sh;

		/* two decimals, rounded half up: no float in the file */
		snprintf(lo, sizeof(lo), "%lld.%02lld", hundredths(
		    m->months[i].rate_lo) / 100, hundredths(
		    m->months[i].rate_lo) % 100);
		snprintf(hi, sizeof(hi), "%lld.%02lld", hundredths(
		    m->months[i].rate_hi) / 100, hundredths(
		    m->months[i].rate_hi) % 100);
		sh = xasprintf("%s to %s", lo, hi);
		json_array_append_new(a, json_pack("{s:s,s:I,s:o,s:{s:s,s:s,"
		    "s:s}}", "month", m->months[i].month,
		    "total", (json_int_t)m->months[i].total,
		    "by_severity", bs, "rate_interval", "low", lo, "high", hi,
		    "show", sh));
		free(sh);
	}
	json_object_set_new(o, "months", a);
	x = json_object();
	/* sigma with two decimals, as the sentence shows it */
	snprintf(iso, sizeof(iso), "%lld.%02lld",
	    hundredths(m->recover_sigma) / 100,
	    hundredths(m->recover_sigma) % 100);
	json_object_set_new(x, "recover_log_sd", json_string(iso));
	json_object_set_new(o, "spread", x);
	a = json_array();
	for (size_t i = 0; i < ndefs; i++) {
		char *anchor = xasprintf("def-%s", defs[i].key);

		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s}",
		    "key", defs[i].key, "anchor", anchor,
		    "label", defs[i].label, "formula", defs[i].formula,
		    "text", defs[i].text));
		free(anchor);
	}
	json_object_set_new(o, "definitions", a);
	return o;
}
