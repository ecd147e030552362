/*
 * test_metrics_agg.c - the metrics aggregate over a small corpus whose
 * figures are worked out by hand below.
 *
 * Every time is UTC; every date in the corpus is a Monday (2024-03-04,
 * 04-01, 06-03, 09-02, 10-07, 11-04, 12-02). "Now" is 2025-01-01T00:00Z.
 * Percentiles are nearest-rank: the p-th of n sorted values is the value
 * at rank ceil(p * n / 100), so with n = 5 the median is the 3rd value
 * and the p90 the 5th; with n = 6 the median is the 3rd, the p90 the
 * 6th; with n = 4 the median is the 2nd, the p90 the 4th.
 *
 * Config: pir_due_days 5, update_cadence 20m, no holidays; services
 * api (rto 1h, rpo 5m) and db (rto 30m, no rpo).
 *
 * The corpus (times of day on the record's date):
 *
 *   id   sev   services  type     started det   ack   ident mitig recov
 *   R1   SEV1  api       -        10:00   10:10 10:15 10:40 11:00 12:00
 *   R2   SEV2  db        -        08:00   08:30 08:32 09:00 09:30 10:00
 *   R3   SEV2  api, db   -        14:00   14:05 -     14:35 15:00 15:30
 *   R4   SEV3  api       -        09:00   09:20 09:30 09:35 09:40 09:50
 *   R5   none  db        planned  02:00   02:00 02:00 -     -     03:00
 *   R6   SEV1  api       -        12:00   -     -     12:30 13:00 16:00
 *   R7   SEV3  db        -        -       10:00 10:05 -     10:30 11:00
 *   R8   (front matter broken: failed, never counted)
 *
 * resolved: R2 2024-04-15T08:00Z (14d), R4 2024-09-12T09:00Z (10d).
 * reviewed: R1 03-06 (2 working days), R2 04-10 (7), R4 09-04 (2),
 * R6 11-05 (1), R7 12-03 (1); R3 and R5 not reviewed.
 * data_loss: R1 10m, R3 0m, R4 1m. responder_hours: R1 6, R2 3.5, R4 2,
 * R6 10.25, R7 1.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "lib/files.h"
#include "parse/record_parse.h"
#include "metrics/metrics.h"
#include "render/metrics_json.h"
#include "render/json_text.h"
#include "history/timeline.h"
#include "lib/timeutil.h"

#define NOW 1735689600 /* 2025-01-01T00:00:00Z */

static const char *const corpus[] = {
	"---\nid: R1\ntitle: One\nseverity: SEV1\nservices: [api]\n"
	"started: 2024-03-04T10:00Z\ndetected: 2024-03-04T10:10Z\n"
	"acknowledged: 2024-03-04T10:15Z\nidentified: 2024-03-04T10:40Z\n"
	"mitigated: 2024-03-04T11:00Z\nrecovered: 2024-03-04T12:00Z\n"
	"reviewed: 2024-03-06\ndata_loss: 10m\nresponder_hours: 6\n---\n"
	"## Timeline\n\n"
	"- 2024-03-04 10:25 UTC - paged\n"
	"- 2024-03-04 10:50 UTC - rollback started\n"
	"- 2024-03-04 11:30 UTC - errors falling\n\n"
	"## Action items\n\n"
	"| Action | Owner | Type | Priority | Due | Status |\n"
	"|---|---|---|---|---|---|\n"
	"| Add alert | ana | detect | P1 | 2024-04-01 | done |\n"
	"| Fix retry | bo | prevent | P2 | 2024-06-01 | open |\n",

	"---\nid: R2\ntitle: Two\nseverity: SEV2\nservices: [db]\n"
	"started: 2024-04-01T08:00Z\ndetected: 2024-04-01T08:30Z\n"
	"acknowledged: 2024-04-01T08:32Z\nidentified: 2024-04-01T09:00Z\n"
	"mitigated: 2024-04-01T09:30Z\nrecovered: 2024-04-01T10:00Z\n"
	"resolved: 2024-04-15T08:00Z\nreviewed: 2024-04-10\n"
	"responder_hours: 3.5\n---\n"
	"## Timeline\n\n"
	"- 2024-04-01 08:40 UTC - one\n- 2024-04-01 09:00 UTC - two\n"
	"- 2024-04-01 09:20 UTC - three\n- 2024-04-01 09:40 UTC - four\n\n"
	"## Action items\n\n"
	"| Action | Owner | Type | Priority | Due | Status |\n"
	"|---|---|---|---|---|---|\n"
	"| Tune pool | dee | mitigate | P1 | 2024-05-01 | done |\n",

	"---\nid: R3\ntitle: Three\nseverity: SEV2\nservices: [api, db]\n"
	"started: 2024-06-03T14:00Z\ndetected: 2024-06-03T14:05Z\n"
	"identified: 2024-06-03T14:35Z\nmitigated: 2024-06-03T15:00Z\n"
	"recovered: 2024-06-03T15:30Z\ndata_loss: 0m\n---\n"
	"## Summary\n\nNo timeline was kept.\n",

	"---\nid: R4\ntitle: Four\nseverity: SEV3\nservices: [api]\n"
	"started: 2024-09-02T09:00Z\ndetected: 2024-09-02T09:20Z\n"
	"acknowledged: 2024-09-02T09:30Z\nidentified: 2024-09-02T09:35Z\n"
	"mitigated: 2024-09-02T09:40Z\nrecovered: 2024-09-02T09:50Z\n"
	"resolved: 2024-09-12T09:00Z\nreviewed: 2024-09-04\n"
	"data_loss: 1m\nresponder_hours: 2\n---\n"
	"## Timeline\n\n"
	"- 2024-09-02 09:38 UTC - written out of order\n"
	"- 2024-09-02 09:25 UTC - paged\n\n"
	"## Action items\n\n"
	"| Action | Owner | Type | Priority | Due | Status |\n"
	"|---|---|---|---|---|---|\n"
	"| Doc runbook | fay | process | P3 | 2025-06-01 | open |\n"
	"| Add test | gus | | | | done |\n",

	"---\nid: R5\ntitle: Five\ntype: planned\nservices: [db]\n"
	"started: 2024-10-07T02:00Z\ndetected: 2024-10-07T02:00Z\n"
	"acknowledged: 2024-10-07T02:00Z\nrecovered: 2024-10-07T03:00Z\n"
	"---\n## Summary\n\nMaintenance.\n",

	"---\nid: R6\ntitle: Six\nseverity: SEV1\nservices: [api]\n"
	"started: 2024-11-04T12:00Z\nidentified: 2024-11-04T12:30Z\n"
	"mitigated: 2024-11-04T13:00Z\nrecovered: 2024-11-04T16:00Z\n"
	"reviewed: 2024-11-05\nresponder_hours: 10.25\n---\n"
	"## Action items\n\n"
	"| Action | Owner | Type | Priority | Due | Status |\n"
	"|---|---|---|---|---|---|\n"
	"| Capacity plan | hal | prevent | P1 | 2024-12-01 | open |\n",

	"---\nid: R7\ntitle: Seven\nseverity: SEV3\nservices: [db]\n"
	"detected: 2024-12-02T10:00Z\nacknowledged: 2024-12-02T10:05Z\n"
	"mitigated: 2024-12-02T10:30Z\nrecovered: 2024-12-02T11:00Z\n"
	"reviewed: 2024-12-03\nresponder_hours: 1\n---\n"
	"## Timeline\n\n"
	"- 2024-12-02 10:20 UTC - one\n- 2024-12-02 10:40 UTC - two\n",

	"---\nid: R8\ntitle: [unclosed\n---\nBroken.\n",
};

#define NREC (sizeof(corpus) / sizeof(corpus[0]))

static config *cfg;
static record *recs[NREC];

#define M(x) ((int64_t)(x) * 60)
#define H(x) ((int64_t)(x) * 3600)
#define D(x) ((int64_t)(x) * 86400)

static int
setup(void **state)
{
	diags d = { 0 };

	(void)state;
	if (tz_set("UTC") < 0)
		return -1;
	cfg = config_default();
	cfg->pir_due_days = 5;
	cfg->update_cadence = M(20);
	cfg->services = xcalloc(2, sizeof(*cfg->services));
	cfg->services[0].name = xstrdup("api");
	cfg->services[0].rto = H(1);
	cfg->services[0].rpo = M(5);
	cfg->services[1].name = xstrdup("db");
	cfg->services[1].rto = M(30);
	cfg->services[1].rpo = -1;
	cfg->nservices = 2;
	for (size_t i = 0; i < NREC; i++) {
		char path[64];

		snprintf(path, sizeof(path), "incidents/r%zu.md", i + 1);
		recs[i] = record_parse(path, corpus[i], strlen(corpus[i]), cfg,
		    &d);
	}
	diags_free(&d);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < NREC; i++)
		record_free(recs[i]);
	config_free(cfg);
	return 0;
}

/* Check every figure of d; what names it in a failure. */
static void
check_dist(const char *what, const distribution *d, size_t n,
    size_t excluded, size_t derived, int64_t min, int64_t median,
    int64_t p90, int64_t max, int64_t mean)
{
	if (d->n != n || d->excluded != excluded || d->derived != derived)
		fail_msg("%s: n %zu excluded %zu derived %zu", what, d->n,
		    d->excluded, d->derived);
	if (n == 0)
		return;
	if (d->min != min || d->median != median || d->p90 != p90 ||
	    d->max != max || d->mean != mean)
		fail_msg("%s: min %lld median %lld p90 %lld max %lld mean "
		    "%lld", what, (long long)d->min, (long long)d->median,
		    (long long)d->p90, (long long)d->max, (long long)d->mean);
}

static metrics *
compute(const metrics_filter *f)
{
	return metrics_compute(recs, NULL, NREC, cfg, f, NOW);
}

static void
test_corpus_parsed(void **state)
{
	(void)state;
	for (size_t i = 0; i < NREC - 1; i++)
		if (recs[i]->failed)
			fail_msg("record %zu failed", i + 1);
	assert_true(recs[NREC - 1]->failed);
	/* the inputs the figures below rely on */
	assert_int_equal(recs[0]->ntimeline, 3);
	assert_int_equal(recs[0]->nactions, 2);
	assert_int_equal(recs[3]->nactions, 2);
	assert_null(recs[4]->severity);
	assert_int_equal(recs[2]->data_loss, 0);
	assert_int_equal(recs[6]->ntimeline, 2);
}

static void
test_percentile(void **state)
{
	const int64_t ten[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	const int64_t two[] = { 10, 20 };

	(void)state;
	/* ranks ceil(5) = 5 and ceil(9) = 9 */
	assert_int_equal(percentile_nearest_rank(ten, 10, 50), 5);
	assert_int_equal(percentile_nearest_rank(ten, 10, 90), 9);
	assert_int_equal(percentile_nearest_rank(ten, 10, 100), 10);
	/* the lower middle value, never an average */
	assert_int_equal(percentile_nearest_rank(two, 2, 50), 10);
	assert_int_equal(percentile_nearest_rank(two, 2, 90), 20);
	assert_int_equal(percentile_nearest_rank(two, 1, 50), 10);
}

static void
test_durations(void **state)
{
	metrics *m = compute(NULL);
	const metrics_block *b = &m->all;

	(void)state;
	/* R8 failed; the other seven count, with or without a start */
	assert_int_equal(b->nincidents, 7);
	/* detect: R1 10m R2 30m R3 5m R4 20m R5 0s; R6 (no detected) and
	 * R7 (no started) excluded. Sorted 0 5 10 20 30: median (3rd)
	 * 10m, p90 (5th) 30m, mean 65m / 5 = 13m */
	check_dist("detect", &b->dur[DUR_DETECT], 5, 2, 0, 0, M(10), M(30),
	    M(30), M(13));
	/* acknowledge: R1 5m R2 2m R4 10m R5 0s R7 5m; R3 (no ack) and R6
	 * (no detected) excluded. 0 2 5 5 10: median 5m, p90 10m, mean
	 * 22m / 5 = 4m 24s */
	check_dist("acknowledge", &b->dur[DUR_ACKNOWLEDGE], 5, 2, 0, 0,
	    M(5), M(10), M(10), 264);
	/* identify: R1 40 R2 60 R3 35 R4 35 R6 30; R5, R7 excluded.
	 * 30 35 35 40 60: median 35m, p90 60m, mean 200 / 5 = 40m */
	check_dist("identify", &b->dur[DUR_IDENTIFY], 5, 2, 0, M(30), M(35),
	    M(60), M(60), M(40));
	/* repair: R1 60 R2 90 R3 60 R4 40 R6 60; R5, R7 excluded.
	 * 40 60 60 60 90: median 60m, p90 90m, mean 310 / 5 = 62m */
	check_dist("repair", &b->dur[DUR_REPAIR], 5, 2, 0, M(40), M(60),
	    M(90), M(90), M(62));
	/* respond: R1 50 R2 60 R3 55 R4 20 R7 30; R5 (no mitigated), R6
	 * (no detected) excluded. 20 30 50 55 60: median 50m, p90 60m,
	 * mean 215 / 5 = 43m */
	check_dist("respond", &b->dur[DUR_RESPOND], 5, 2, 0, M(20), M(50),
	    M(60), M(60), M(43));
	/* recover: R1 120 R2 120 R3 90 R4 50 R5 60 R6 240; R7 excluded.
	 * 50 60 90 120 120 240: median (3rd) 90m, p90 (ceil 5.4 = 6th)
	 * 240m; the mean, 680m / 6 = 113m 20s, is pulled up by R6 */
	check_dist("recover", &b->dur[DUR_RECOVER], 6, 1, 0, M(50), M(90),
	    M(240), M(240), 6800);
	/* resolve: R2 14d, R4 10d; five excluded. Median (1st) 10d, p90
	 * (2nd) 14d, mean 12d */
	check_dist("resolve", &b->dur[DUR_RESOLVE], 2, 5, 0, D(10), D(10),
	    D(14), D(14), D(12));
	metrics_free(m);
}

static void
test_by_severity(void **state)
{
	metrics *m = compute(NULL);
	const metrics_block *b = &m->all;

	(void)state;
	/* R5 has no severity: a fifth group "unrated" */
	assert_int_equal(m->nsev, 5);
	assert_string_equal(m->sev[4], "unrated");
	assert_int_equal(b->by_sev[0], 2);      /* SEV1: R1 R6 */
	assert_int_equal(b->by_sev[1], 2);      /* SEV2: R2 R3 */
	assert_int_equal(b->by_sev[2], 2);      /* SEV3: R4 R7 */
	assert_int_equal(b->by_sev[3], 0);      /* SEV4 */
	assert_int_equal(b->by_sev[4], 1);      /* unrated: R5 */
	/* recover, SEV1: 120 240: median (1st) 2h, p90 (2nd) 4h */
	check_dist("recover SEV1", &b->dur_sev[DUR_RECOVER][0], 2, 0, 0,
	    M(120), M(120), M(240), M(240), M(180));
	/* SEV2: 90 120 */
	check_dist("recover SEV2", &b->dur_sev[DUR_RECOVER][1], 2, 0, 0,
	    M(90), M(90), M(120), M(120), M(105));
	/* SEV3: R4 50m; R7 excluded */
	check_dist("recover SEV3", &b->dur_sev[DUR_RECOVER][2], 1, 1, 0,
	    M(50), M(50), M(50), M(50), M(50));
	check_dist("recover SEV4", &b->dur_sev[DUR_RECOVER][3], 0, 0, 0,
	    0, 0, 0, 0, 0);
	check_dist("recover unrated", &b->dur_sev[DUR_RECOVER][4], 1, 0, 0,
	    M(60), M(60), M(60), M(60), M(60));
	metrics_free(m);
}

static void
test_between_failures(void **state)
{
	metrics *m = compute(NULL);
	const metrics_block *b = &m->all;

	(void)state;
	/*
	 * Failures in start order: R1 03-04 10:00, R2 04-01 08:00, R3
	 * 06-03 14:00, R4 09-02 09:00, R6 11-04 12:00 (R5 is planned and
	 * left out; R7 has no start: excluded). Gaps:
	 *   R2-R1 = 28d - 2h = 27d 22h = 2412000 s
	 *   R3-R2 = 63d + 6h = 5464800 s
	 *   R4-R3 = 91d - 5h = 90d 19h = 7844400 s
	 *   R6-R4 = 63d + 3h = 5454000 s
	 * Sorted: 2412000 5454000 5464800 7844400: median (2nd) 5454000,
	 * p90 (4th) 7844400, mean 21175200 / 4 = 5293800.
	 */
	check_dist("between failures", &b->between_failures, 4, 1, 0,
	    2412000, 5454000, 7844400, 7844400, 5293800);
	/*
	 * Time to fail, per service, start minus the previous one's
	 * recovered:
	 *   api: R3-R1 = 06-03 14:00 - 03-04 12:00 = 91d 2h = 7869600
	 *        R4-R3 = 09-02 09:00 - 06-03 15:30 = 90d 17h 30m = 7839000
	 *        R6-R4 = 11-04 12:00 - 09-02 09:50 = 63d 2h 10m = 5451000
	 *   db:  R3-R2 = 06-03 14:00 - 04-01 10:00 = 63d 4h = 5457600
	 *        (R5 planned; R7 has no start: excluded)
	 * Sorted: 5451000 5457600 7839000 7869600: median 5457600, p90
	 * 7869600, mean 26617200 / 4 = 6654300.
	 */
	check_dist("time to fail", &b->time_to_fail, 4, 1, 0, 5451000,
	    5457600, 7869600, 7869600, 6654300);
	metrics_free(m);
}

static void
test_reviews(void **state)
{
	metrics *m = compute(NULL);
	const metrics_block *b = &m->all;

	(void)state;
	/*
	 * Working days from recovery to review: R1 Mon->Wed 2, R2 Mon
	 * 04-01 -> Wed 04-10 7 (late: over 5), R4 2, R6 1, R7 1. R3 and
	 * R5 are not reviewed and long past due: overdue.
	 * Latency 1 1 2 2 7: median 2, p90 7, mean 13 / 5 = 2.6 -> 3.
	 * On time 4 of 7 due (4 + 1 late + 2 overdue) = 57%.
	 */
	check_dist("pir latency", &b->pir.latency, 5, 0, 0, 1, 2, 7, 7, 3);
	assert_int_equal(b->pir.latency.unit, UNIT_WORKING_DAYS);
	assert_int_equal(b->pir.reviewed, 5);
	assert_int_equal(b->pir.on_time, 4);
	assert_int_equal(b->pir.late, 1);
	assert_int_equal(b->pir.overdue, 2);
	assert_int_equal(b->pir.pending, 0);
	assert_int_equal(b->pir.excluded, 0);
	metrics_free(m);
}

/* The tally called name in v, which must exist. */
static const action_tally *
tally(const action_tally *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	fail_msg("no tally '%s'", name);
	return NULL;
}

static void
test_actions(void **state)
{
	metrics *m = compute(NULL);
	const metrics_block *b = &m->all;
	const action_tally *t;

	(void)state;
	/*
	 * Six items: done Add alert (R1), Tune pool (R2), Add test (R4);
	 * open Fix retry (R1, due 2024-06-01: overdue), Doc runbook (R4,
	 * due 2025-06-01), Capacity plan (R6, due 2024-12-01: overdue).
	 */
	assert_int_equal(b->actions.total, 6);
	assert_int_equal(b->actions.open, 3);
	assert_int_equal(b->actions.done, 3);
	assert_int_equal(b->actions.overdue, 2);
	/* types, sorted: (none) detect mitigate prevent process */
	assert_int_equal(b->actions.ntype, 5);
	assert_string_equal(b->actions.by_type[0].name, "(none)");
	t = tally(b->actions.by_type, b->actions.ntype, "prevent");
	assert_int_equal(t->total, 2);
	assert_int_equal(t->open, 2);
	assert_int_equal(t->overdue, 2);
	t = tally(b->actions.by_type, b->actions.ntype, "process");
	assert_int_equal(t->open, 1);
	assert_int_equal(t->overdue, 0);
	/* P1: Add alert, Tune pool done; Capacity plan open, overdue */
	assert_int_equal(b->actions.npriority, 4);
	t = tally(b->actions.by_priority, b->actions.npriority, "P1");
	assert_int_equal(t->total, 3);
	assert_int_equal(t->done, 2);
	assert_int_equal(t->open, 1);
	assert_int_equal(t->overdue, 1);
	t = tally(b->actions.by_priority, b->actions.npriority, "P2");
	assert_int_equal(t->overdue, 1);
	/* without history no close time is known: the three done items
	 * are excluded, not measured as zero */
	check_dist("time to close", &b->actions.time_to_close, 0, 3, 0,
	    0, 0, 0, 0, 0);
	metrics_free(m);
}

static void
test_objectives(void **state)
{
	metrics *m = compute(NULL);
	const metrics_block *b = &m->all;
	const objective_breach *x;

	(void)state;
	/*
	 * RTO (api 1h, db 30m): R1 api 2h breach; R2 db 2h breach; R3 api
	 * 90m breach, db 90m breach; R4 api 50m met; R5 db 1h breach; R6
	 * api 4h breach; R7 db excluded (no start, so no downtime).
	 * RPO (api 5m): R1 10m breach; R3 0m met; R4 1m met; R6 excluded
	 * (no data_loss).
	 */
	assert_int_equal(b->objectives.rto.checked, 7);
	assert_int_equal(b->objectives.rto.met, 1);
	assert_int_equal(b->objectives.rto.breached, 6);
	assert_int_equal(b->objectives.rto.excluded, 1);
	assert_int_equal(b->objectives.rpo.checked, 3);
	assert_int_equal(b->objectives.rpo.met, 2);
	assert_int_equal(b->objectives.rpo.breached, 1);
	assert_int_equal(b->objectives.rpo.excluded, 1);
	/* listed in start order, RTO before RPO */
	assert_int_equal(b->objectives.nbreaches, 7);
	x = &b->objectives.breaches[0];
	assert_string_equal(x->r->id, "R1");
	assert_string_equal(x->objective, "rto");
	assert_int_equal(x->actual, H(2));
	assert_int_equal(x->target, H(1));
	x = &b->objectives.breaches[1];
	assert_string_equal(x->objective, "rpo");
	assert_int_equal(x->actual, M(10));
	assert_int_equal(x->target, M(5));
	x = &b->objectives.breaches[6];
	assert_string_equal(x->r->id, "R6");
	metrics_free(m);
}

static void
test_effort_and_cadence(void **state)
{
	metrics *m = compute(NULL);
	const metrics_block *b = &m->all;

	(void)state;
	/* 6 + 3.5 + 2 + 10.25 + 1 = 22.75 hours; R3 and R5 give none */
	assert_true(b->effort.hours > 22.749 && b->effort.hours < 22.751);
	assert_int_equal(b->effort.n, 5);
	assert_int_equal(b->effort.excluded, 2);
	/*
	 * Longest gap from detected to recovered through the timeline:
	 *   R1 10:10 10:25 10:50 11:30 12:00 -> 40m (over 20m)
	 *   R2 08:30 08:40 09:00 09:20 09:40 10:00 -> 20m (not over)
	 *   R3 no entries: 14:05 -> 15:30 = 85m (over)
	 *   R4 09:20 09:25 09:38 09:50 (entries out of order) -> 13m
	 *   R5 no entries: 02:00 -> 03:00 = 60m (over)
	 *   R6 no detected: excluded
	 *   R7 10:00 10:20 10:40 11:00 -> 20m
	 * 13 20 20 40 60 85: median (3rd) 20m, p90 (6th) 85m, mean
	 * 238m / 6 = 39m 40s.
	 */
	check_dist("cadence", &b->cadence.longest_gap, 6, 1, 0, M(13),
	    M(20), M(85), M(85), 2380);
	assert_int_equal(b->cadence.nover, 3);
	assert_string_equal(b->cadence.over[0].r->id, "R1");
	assert_int_equal(b->cadence.over[0].gap, M(40));
	assert_string_equal(b->cadence.over[1].r->id, "R3");
	assert_string_equal(b->cadence.over[2].r->id, "R5");
	metrics_free(m);
}

static void
test_periods_and_services(void **state)
{
	metrics *m = compute(NULL);

	(void)state;
	/* R7 has no start, so no year, quarter or month holds it */
	assert_int_equal(m->nyears, 1);
	assert_string_equal(m->years[0].name, "2024");
	assert_int_equal(m->years[0].nincidents, 6);
	assert_int_equal(m->nquarters, 4);
	assert_string_equal(m->quarters[0].name, "2024-Q1");
	assert_int_equal(m->quarters[0].nincidents, 1);     /* R1 */
	assert_int_equal(m->quarters[1].nincidents, 2);     /* R2 R3 */
	assert_int_equal(m->quarters[2].nincidents, 1);     /* R4 */
	assert_int_equal(m->quarters[3].nincidents, 2);     /* R5 R6 */
	/* Q2: recover 120 90 -> median 90m */
	assert_int_equal(m->quarters[1].dur[DUR_RECOVER].median, M(90));
	/* every month from 2024-03 to 2024-11, empty ones too */
	assert_int_equal(m->nmonths, 9);
	assert_string_equal(m->months[0].month, "2024-03");
	assert_int_equal(m->months[0].by_sev[0], 1);        /* R1 SEV1 */
	assert_int_equal(m->months[2].total, 0);            /* 2024-05 */
	assert_int_equal(m->months[7].by_sev[4], 1);        /* R5 unrated */

	assert_int_equal(m->nservices, 2);
	assert_string_equal(m->services[0].name, "api");
	assert_int_equal(m->services[0].nincidents, 4);     /* R1 R3 R4 R6 */
	/* between failures on api: R3-R1 = 91d 4h = 7876800, R4-R3 =
	 * 7844400, R6-R4 = 5454000. Sorted, the median (ceil 1.5 = 2nd) is
	 * 7844400, the p90 (ceil 2.7 = 3rd) 7876800; mean 21175200 / 3 =
	 * 7058400 */
	check_dist("api between failures", &m->services[0].between_failures,
	    3, 0, 0, 5454000, 7844400, 7876800, 7876800, 7058400);
	assert_string_equal(m->services[1].name, "db");
	assert_int_equal(m->services[1].nincidents, 4);     /* R2 R3 R5 R7 */
	/* db: R3-R2 only (R5 planned, R7 without start excluded) */
	check_dist("db between failures", &m->services[1].between_failures,
	    1, 1, 0, 5464800, 5464800, 5464800, 5464800, 5464800);
	/* only db's targets count on db's page: R2 R3 R5 breach, R7
	 * excluded */
	assert_int_equal(m->services[1].objectives.rto.checked, 3);
	assert_int_equal(m->services[1].objectives.rto.breached, 3);
	assert_int_equal(m->services[1].objectives.rto.excluded, 1);
	assert_int_equal(m->services[1].objectives.rpo.checked, 0);
	metrics_free(m);
}

static void
test_filter(void **state)
{
	metrics_filter f = { .since = "2024-06-01", .until = "2024-09-30" };
	metrics *m = compute(&f);

	(void)state;
	/* R3 and R4; R7 has no start to place it in the period */
	assert_int_equal(m->all.nincidents, 2);
	/* the incident before may lie before the period: R3-R2 63d 6h =
	 * 5464800, R4-R3 90d 19h = 7844400; mean 13309200 / 2 = 6654600 */
	check_dist("filtered between failures", &m->all.between_failures, 2,
	    0, 0, 5464800, 5464800, 7844400, 7844400, 6654600);
	/* no incident lacks a severity here: no "unrated" group */
	assert_int_equal(m->nsev, 4);
	metrics_free(m);

	f = (metrics_filter){ .service = "db" };
	m = compute(&f);
	/* R2 R3 R5 R7; only db's targets count */
	assert_int_equal(m->all.nincidents, 4);
	assert_int_equal(m->all.objectives.rto.checked, 3);
	assert_int_equal(m->all.objectives.rpo.checked, 0);
	assert_int_equal(m->nservices, 1);
	metrics_free(m);
}

/* Append a git event of commit to t; text is copied. */
static void
add_event(timeline *t, event_kind kind, const char *commit, int64_t when,
    const char *text)
{
	event *e;

	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	e = &t->v[t->n++];
	memset(e, 0, sizeof(*e));
	e->has_time = true;
	e->time = when;
	e->source = SRC_GIT;
	e->kind = kind;
	snprintf(e->commit, sizeof(e->commit), "%s", commit);
	e->text = xstrdup(text);
	e->phase = -1;
}

static void
test_history_derived(void **state)
{
	timeline *tl[NREC] = { 0 };
	timeline *t = xcalloc(1, sizeof(*t));
	timeline *t2 = xcalloc(1, sizeof(*t2));
	metrics *m;
	am_time *res;

	(void)state;
	/*
	 * History of R1, as timeline_build would leave it: the record was
	 * created 2024-03-04T12:30Z; "Add alert" was marked done
	 * 2024-03-20T10:00Z; resolved is derived as 2024-03-20T10:00Z.
	 */
	add_event(t, EV_COMMIT, "c1", 1709555400, "Declare R1");
	add_event(t, EV_ACTION, "c2", 1710928800,
	    "Action item done: Add alert");
	res = &t->derived[PHASE_RESOLVED];
	res->set = true;
	res->t = 1710928800;
	res->has_offset = true;
	tl[0] = t;
	/* R2's "Tune pool" was added already done, in one commit: how long
	 * it was open is unknown, so it is excluded, not 0s */
	add_event(t2, EV_COMMIT, "c3", 1711962000, "Add the review");
	add_event(t2, EV_ACTION, "c3", 1711962000,
	    "Action item added: Tune pool");
	add_event(t2, EV_ACTION, "c3", 1711962000,
	    "Action item done: Tune pool");
	tl[1] = t2;
	m = metrics_compute(recs, tl, NREC, cfg, NULL, NOW);
	/* resolve: R1 03-04 10:00 -> 03-20 10:00 = 16d, used and counted
	 * as derived: 10d 14d 16d, median 14d, p90 16d, mean 40d / 3 =
	 * 1152000 s */
	check_dist("resolve with history", &m->all.dur[DUR_RESOLVE], 3, 4, 1,
	    D(10), D(14), D(16), D(16), 1152000);
	/* Add alert: 03-04 12:30 -> 03-20 10:00 = 15d 21h 30m = 1373400;
	 * Tune pool was added done, Add test has no history */
	check_dist("time to close", &m->all.actions.time_to_close, 1, 2, 1,
	    1373400, 1373400, 1373400, 1373400, 1373400);
	metrics_free(m);
	timeline_free(t);
	timeline_free(t2);
}

static void
test_json(void **state)
{
	metrics *m = compute(NULL);
	json_t *j = metrics_json(m), *all, *rec, *x;
	char *text;

	(void)state;
	all = json_object_get(j, "all");
	assert_int_equal(json_integer_value(json_object_get(all, "incidents")),
	    7);
	rec = json_array_get(json_object_get(all, "durations"), DUR_RECOVER);
	assert_string_equal(json_string_value(json_object_get(rec, "key")),
	    "recover");
	assert_string_equal(json_string_value(json_object_get(rec, "anchor")),
	    "def-recover");
	assert_int_equal(json_integer_value(json_object_get(rec, "count")), 6);
	x = json_object_get(rec, "median");
	assert_int_equal(json_integer_value(json_object_get(x, "value")),
	    M(90));
	assert_string_equal(json_string_value(json_object_get(x, "show")),
	    "1h 30m");
	/* a figure that could not be measured is null, never 0 */
	x = json_object_get(json_object_get(all, "action_items"),
	    "time_to_close");
	assert_true(json_is_null(json_object_get(x, "median")));
	x = json_object_get(all, "pir");
	assert_int_equal(json_integer_value(json_object_get(x,
	    "on_time_percent")), 57);
	x = json_object_get(all, "effort");
	assert_string_equal(json_string_value(json_object_get(x, "show")),
	    "22.75");
	text = json_text(j);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"responder_hours\": 22.75,"));
	assert_int_equal(text[strlen(text) - 1], '\n');
	free(text);
	json_decref(j);
	metrics_free(m);
}

/* metrics_compute_services gives, for each service, what the service
 * filter gives: the same "all" block and the same severities ("unrated"
 * only where an incident of that service has no severity). */
static void
test_services_in_one_pass(void **state)
{
	static const char *const names[] = { "db", "api", "nosuch" };
	const size_t nnames = sizeof(names) / sizeof(names[0]);
	metrics **v;

	(void)state;
	v = metrics_compute_services(recs, NULL, NREC, cfg, names, nnames,
	    NOW);
	for (size_t i = 0; i < nnames; i++) {
		metrics_filter f = { .service = names[i] };
		metrics *want = compute(&f);
		json_t *wj = metrics_json(want);
		json_t *gj = metrics_block_json(v[i], &v[i]->all);
		char *wt = json_text(json_object_get(wj, "all"));
		char *gt = json_text(gj);

		assert_non_null(wt);
		assert_non_null(gt);
		if (strcmp(wt, gt) != 0)
			fail_msg("%s: the one-pass figures differ:\n%s\n---\n%s",
			    names[i], wt, gt);
		assert_int_equal(v[i]->nsev, want->nsev);
		assert_string_equal(v[i]->service, names[i]);
		free(wt);
		free(gt);
		json_decref(gj);
		json_decref(wj);
		metrics_free(want);
	}
	/* R5 (db) has no severity; no incident of api lacks one */
	assert_int_equal(v[0]->nsev, 5);
	assert_int_equal(v[1]->nsev, 4);
	assert_int_equal(v[0]->all.nincidents, 4);
	assert_int_equal(v[2]->all.nincidents, 0);
	metrics_free_services(v, nnames);
	metrics_free_services(NULL, 0);
}

/* Collapse runs of white space to one space, in place. */
static void
squeeze(char *s)
{
	char *o = s;
	int space = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t') {
			space = 1;
			continue;
		}
		if (space && o != s)
			*o++ = ' ';
		space = 0;
		*o++ = *s;
	}
	*o = '\0';
}

/* docs/metrics.md repeats each definition word for word. */
static void
test_definitions_in_docs(void **state)
{
	const metric_def *defs;
	size_t n, len;
	char *doc;

	(void)state;
	/* tests/run.sh runs from the repository root */
	if (read_file("docs/metrics.md", 1 << 20, &doc, &len) < 0)
		skip();
	squeeze(doc);
	defs = metric_definitions(&n);
	assert_true(n >= DUR_COUNT);
	for (size_t i = 0; i < n; i++) {
		char *want = xstrdup(defs[i].text);

		squeeze(want);
		if (strstr(doc, want) == NULL)
			fail_msg("docs/metrics.md lacks the definition of %s",
			    defs[i].key);
		if (strstr(doc, defs[i].formula) == NULL)
			fail_msg("docs/metrics.md lacks the formula of %s",
			    defs[i].key);
		free(want);
	}
	free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_parsed),
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_by_severity),
		cmocka_unit_test(test_between_failures),
		cmocka_unit_test(test_reviews),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_objectives),
		cmocka_unit_test(test_effort_and_cadence),
		cmocka_unit_test(test_periods_and_services),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_history_derived),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_services_in_one_pass),
		cmocka_unit_test(test_definitions_in_docs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
