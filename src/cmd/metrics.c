/*
 * cmd/metrics.c - aftermath metrics: the figures of the metrics page in
 * the terminal, as aligned tables or as the JSON of metrics.json.
 *
 * The text is printed from the same JSON value as metrics.json
 * (metrics_json), so both formats, and the page, show the same figures.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "history/history.h"
#include "load/load.h"
#include "metrics/metrics.h"
#include "render/metrics_json.h"
#include "render/json_text.h"
#include "history/timeline.h"

/* The "show" text of figure key of o (a distribution), or NULL. */
static const char *
show(json_t *o, const char *key)
{
	return json_string_value(json_object_get(json_object_get(o, key),
	    "show"));
}

/* The integer key of o as text in b. */
static const char *
num(json_t *o, const char *key, char *b, size_t n)
{
	snprintf(b, n, "%lld", (long long)json_integer_value(
	    json_object_get(o, key)));
	return b;
}

/* "yes" or "no" for the boolean key of o. */
static const char *
yes_no(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key)) ? "yes" : "no";
}

/* A row of the durations table for distribution o. */
static void
dist_row(table *t, const char *metric, const char *group, json_t *o)
{
	char n[32], e[32], dv[32];
	json_t *ci = json_object_get(o, "median_ci");
	bool few = json_is_true(json_object_get(o, "few"));
	const char *cells[] = {
		metric, group, num(o, "count", n, sizeof(n)),
		/* too few for a median: the values themselves */
		few ? json_string_value(json_object_get(o, "values_show")) :
		    show(o, "median"),
		json_is_object(ci) ? json_string_value(json_object_get(ci,
		    "show")) : NULL,
		few ? NULL : show(o, "mean"), few ? NULL : show(o, "p90"),
		show(o, "min"), show(o, "max"),
		num(o, "excluded", e, sizeof(e)),
		num(o, "derived", dv, sizeof(dv)),
	};

	table_row(t, cells);
}

/* The durations table of block all: each duration overall and per
 * severity, then the other distributions. */
static void
print_durations(json_t *all, FILE *f)
{
	static const char *const head[] = {
		"Metric", "Severity", "Count", "Median", "90% CI of median",
		"Mean", "P90", "Min", "Max", "Excluded", "Derived",
	};
	table t = { .ncols = 11, .nleft = 2 };
	size_t i, k;
	json_t *d, *s;

	table_row(&t, head);
	json_array_foreach(json_object_get(all, "durations"), i, d) {
		dist_row(&t, json_string_value(json_object_get(d, "label")),
		    "all", d);
		json_array_foreach(json_object_get(d, "by_severity"), k, s)
			dist_row(&t, "", json_string_value(
			    json_object_get(s, "severity")), s);
	}
	d = json_object_get(all, "between_failures");
	dist_row(&t, json_string_value(json_object_get(d, "label")), "all", d);
	d = json_object_get(all, "time_to_fail");
	dist_row(&t, json_string_value(json_object_get(d, "label")), "all", d);
	d = json_object_get(json_object_get(all, "action_items"),
	    "time_to_close");
	dist_row(&t, json_string_value(json_object_get(d, "label")), "all", d);
	d = json_object_get(all, "cadence");
	dist_row(&t, json_string_value(json_object_get(d, "label")), "all", d);
	d = json_object_get(json_object_get(all, "pir"), "latency");
	dist_row(&t, "PIR latency (working days)", "all", d);
	fputs("Durations (excluded: lacking a time; derived: a time from "
	    "history;\nfewer than 5: the values, no median; 90% CI: the "
	    "exact order-statistic interval of the median)\n", f);
	table_print(&t, f);
}

/* The review figures of block all. */
static void
print_reviews(json_t *all, FILE *f)
{
	json_t *p = json_object_get(all, "pir");
	json_t *pct = json_object_get(p, "on_time_percent");

	fprintf(f, "\nPost-incident reviews (due %s after recovery)\n",
	    json_string_value(json_object_get(p, "due_days_show")));
	if (json_is_integer(pct))
		fprintf(f, "  on time: %lld%% (%lld of %lld due)\n",
		    (long long)json_integer_value(pct),
		    (long long)json_integer_value(json_object_get(p,
		    "on_time")),
		    (long long)json_integer_value(json_object_get(p, "due")));
	else
		fputs("  on time: no review due yet\n", f);
	fprintf(f, "  held late %lld, not held and overdue %lld, not yet due "
	    "%lld, excluded %lld\n",
	    (long long)json_integer_value(json_object_get(p, "late")),
	    (long long)json_integer_value(json_object_get(p, "overdue")),
	    (long long)json_integer_value(json_object_get(p, "pending")),
	    (long long)json_integer_value(json_object_get(p, "excluded")));
}

/* A row "what name" of the action-item tally x. */
static void
tally_row(table *t, const char *what, const char *name, json_t *x)
{
	char c[4][32];
	const char *cells[] = {
		what, name, num(x, "total", c[0], sizeof(c[0])),
		num(x, "open", c[1], sizeof(c[1])),
		num(x, "done", c[2], sizeof(c[2])),
		num(x, "overdue", c[3], sizeof(c[3])),
	};

	table_row(t, cells);
}

/* Rows "what name" of the tallies in array a. */
static void
tally_rows(table *t, const char *what, json_t *a)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
		tally_row(t, what, json_string_value(json_object_get(x,
		    "name")), x);
}

/* Action items of block all: totals, by type, by priority. */
static void
print_actions(json_t *all, FILE *f)
{
	static const char *const head[] = {
		"Group", "", "All", "Open", "Done", "Overdue",
	};
	json_t *a = json_object_get(all, "action_items");
	table t = { .ncols = 6, .nleft = 2 };

	table_row(&t, head);
	tally_row(&t, "all", "", a);
	tally_rows(&t, "type", json_object_get(a, "by_type"));
	tally_rows(&t, "priority", json_object_get(a, "by_priority"));
	fputs("\nAction items\n", f);
	table_print(&t, f);
}

/* RTO and RPO tallies of block all, then every breach. */
static void
print_objectives(json_t *all, FILE *f)
{
	static const char *const head[] = {
		"Objective", "Checked", "Met", "Breached", "Excluded",
	};
	static const char *const bhead[] = {
		"Incident", "Service", "Objective", "Actual", "Target",
		"From history",
	};
	json_t *o = json_object_get(all, "objectives"), *x;
	table t = { .ncols = 5, .nleft = 1 };
	size_t i;

	table_row(&t, head);
	for (i = 0; i < 2; i++) {
		const char *key = i == 0 ? "rto" : "rpo";
		json_t *y = json_object_get(o, key);
		char c[4][32];
		const char *cells[] = {
			i == 0 ? "RTO (downtime)" : "RPO (data loss)",
			num(y, "checked", c[0], sizeof(c[0])),
			num(y, "met", c[1], sizeof(c[1])),
			num(y, "breached", c[2], sizeof(c[2])),
			num(y, "excluded", c[3], sizeof(c[3])),
		};

		table_row(&t, cells);
	}
	fputs("\nRecovery objectives\n", f);
	table_print(&t, f);
	if (json_array_size(json_object_get(o, "breaches")) == 0)
		return;
	t = (table){ .ncols = 6, .nleft = 3 };
	table_row(&t, bhead);
	json_array_foreach(json_object_get(o, "breaches"), i, x) {
		const char *cells[] = {
			json_string_value(json_object_get(x, "id")),
			json_string_value(json_object_get(x, "service")),
			json_string_value(json_object_get(x, "objective")),
			show(x, "actual"), show(x, "target"),
			yes_no(x, "derived"),
		};

		table_row(&t, cells);
	}
	fputs("\nBreaches\n", f);
	table_print(&t, f);
}

/* One effort row of block b named name. */
static void
effort_row(table *t, const char *name, json_t *b)
{
	json_t *e = json_object_get(b, "effort");
	char c[2][32];
	const char *cells[] = {
		name, json_string_value(json_object_get(e, "show")),
		num(e, "incidents", c[0], sizeof(c[0])),
		num(e, "excluded", c[1], sizeof(c[1])),
	};

	table_row(t, cells);
}

/* Responder hours per year and overall, with the warning. */
static void
print_effort(json_t *j, FILE *f)
{
	static const char *const head[] = {
		"Period", "Responder hours", "Incidents with hours",
		"Without hours",
	};
	table t = { .ncols = 4, .nleft = 1 };
	size_t i;
	json_t *y;

	table_row(&t, head);
	json_array_foreach(json_object_get(j, "years"), i, y)
		effort_row(&t, json_string_value(json_object_get(y, "name")),
		    y);
	effort_row(&t, "all", json_object_get(j, "all"));
	fputs("\nRecovery effort (easy to misuse: it measures cost, not "
	    "performance;\ncompare periods, never people or teams)\n", f);
	table_print(&t, f);
}

/* The update cadence of block all and the incidents over it. */
static void
print_cadence(json_t *all, FILE *f)
{
	static const char *const head[] = {
		"Incident", "Longest gap", "From history",
	};
	json_t *c = json_object_get(all, "cadence"), *x;
	table t = { .ncols = 3, .nleft = 1 };
	size_t i;

	fprintf(f, "\nUpdate cadence (target %s): %lld of %lld incidents "
	    "went longer without an update\n", show(c, "target"),
	    (long long)json_integer_value(json_object_get(c, "over")),
	    (long long)json_integer_value(json_object_get(c, "count")));
	if (json_array_size(json_object_get(c, "over_list")) == 0)
		return;
	table_row(&t, head);
	json_array_foreach(json_object_get(c, "over_list"), i, x) {
		const char *cells[] = {
			json_string_value(json_object_get(x, "id")),
			show(x, "gap"), yes_no(x, "derived"),
		};

		table_row(&t, cells);
	}
	table_print(&t, f);
}

/* Incidents per month and severity. */
static void
print_months(json_t *j, FILE *f)
{
	json_t *sev = json_object_get(j, "severities"), *mo, *s;
	size_t nsev = json_array_size(sev), i, k;
	table t = { .ncols = nsev + 3, .nleft = 1 };
	const char **cells = xcalloc(nsev + 3, sizeof(*cells));
	char (*c)[32] = xcalloc(nsev + 3, sizeof(*c));

	if (json_array_size(json_object_get(j, "months")) == 0)
		goto out;
	cells[0] = "Month";
	cells[1] = "All";
	cells[2] = "Rate, 90% interval";
	json_array_foreach(sev, k, s)
		cells[k + 3] = json_string_value(json_object_get(s,
		    "severity"));
	table_row(&t, cells);
	json_array_foreach(json_object_get(j, "months"), i, mo) {
		cells[0] = json_string_value(json_object_get(mo, "month"));
		cells[1] = num(mo, "total", c[1], sizeof(c[1]));
		cells[2] = json_string_value(json_object_get(json_object_get(mo,
		    "rate_interval"), "show"));
		json_array_foreach(json_object_get(mo, "by_severity"), k, s)
			if (k < nsev)
				cells[k + 3] = num(s, "count", c[k + 3],
				    sizeof(c[k + 3]));
		table_row(&t, cells);
	}
	fputs("\nIncidents per month (rate: the exact Poisson interval of "
	    "the monthly rate)\n", f);
	table_print(&t, f);
out:
	free(cells);
	free(c);
}

/* "67% of 3", or NULL when no review was due. */
static const char *
on_time(json_t *b, char *out, size_t n)
{
	json_t *p = json_object_get(b, "pir");

	if (!json_is_integer(json_object_get(p, "on_time_percent")))
		return NULL;
	snprintf(out, n, "%lld%% of %lld",
	    (long long)json_integer_value(json_object_get(p,
	    "on_time_percent")),
	    (long long)json_integer_value(json_object_get(p, "due")));
	return out;
}

/* The recover distribution of block b. */
static json_t *
recover(json_t *b)
{
	return json_array_get(json_object_get(b, "durations"), DUR_RECOVER);
}

/* The five cells every table of blocks (periods, services) starts
 * with, into cells[0] to cells[4]: name, incidents (written in nb of n),
 * recover median and p90, between failures median. */
static void
lead_cells(json_t *b, char *nb, size_t n, const char **cells)
{
	cells[0] = json_string_value(json_object_get(b, "name"));
	cells[1] = num(b, "incidents", nb, n);
	cells[2] = show(recover(b), "median");
	cells[3] = show(recover(b), "p90");
	cells[4] = show(json_object_get(b, "between_failures"), "median");
}

/* One row per block of the array key (years or quarters). */
static void
print_periods(json_t *j, const char *key, const char *title, FILE *f)
{
	static const char *const head[] = {
		"Period", "Incidents", "Recover median", "Recover p90",
		"Between failures median", "PIRs on time", "Open actions",
		"RTO breaches",
	};
	table t = { .ncols = 8, .nleft = 1 };
	size_t i;
	json_t *b;

	if (json_array_size(json_object_get(j, key)) == 0)
		return;
	table_row(&t, head);
	json_array_foreach(json_object_get(j, key), i, b) {
		char c[4][32];
		const char *cells[8];

		lead_cells(b, c[0], sizeof(c[0]), cells);
		cells[5] = on_time(b, c[1], sizeof(c[1]));
		cells[6] = num(json_object_get(b, "action_items"), "open", c[2],
		    sizeof(c[2]));
		cells[7] = num(json_object_get(json_object_get(b, "objectives"),
		    "rto"), "breached", c[3], sizeof(c[3]));
		table_row(&t, cells);
	}
	fprintf(f, "\n%s\n", title);
	table_print(&t, f);
	/* the change each quarter's sample could show, in words */
	json_array_foreach(json_object_get(j, key), i, b) {
		json_t *dt = json_object_get(b, "detectable");

		if (json_is_object(dt))
			fprintf(f, "  %s: %s\n", json_string_value(
			    json_object_get(b, "name")), json_string_value(
			    json_object_get(dt, "text")));
	}
}

/* One row per service block. */
static void
print_services(json_t *j, FILE *f)
{
	static const char *const head[] = {
		"Service", "Incidents", "Recover median", "Recover p90",
		"Between failures median", "Time to fail median",
		"RTO breaches", "RPO breaches", "Open actions",
	};
	table t = { .ncols = 9, .nleft = 1 };
	size_t i;
	json_t *b;

	if (json_array_size(json_object_get(j, "services")) == 0)
		return;
	table_row(&t, head);
	json_array_foreach(json_object_get(j, "services"), i, b) {
		json_t *o = json_object_get(b, "objectives");
		char c[4][32];
		const char *cells[9];

		lead_cells(b, c[0], sizeof(c[0]), cells);
		cells[5] = show(json_object_get(b, "time_to_fail"), "median");
		cells[6] = num(json_object_get(o, "rto"), "breached", c[1],
		    sizeof(c[1]));
		cells[7] = num(json_object_get(o, "rpo"), "breached", c[2],
		    sizeof(c[2]));
		cells[8] = num(json_object_get(b, "action_items"), "open", c[3],
		    sizeof(c[3]));
		table_row(&t, cells);
	}
	fputs("\nBy service\n", f);
	table_print(&t, f);
}

/* The whole text report of j to f. */
static void
print_text(json_t *j, FILE *f)
{
	json_t *all = json_object_get(j, "all");
	json_t *flt = json_object_get(j, "filter");
	const char *since = json_string_value(json_object_get(flt, "since"));
	const char *until = json_string_value(json_object_get(flt, "until"));
	const char *svc = json_string_value(json_object_get(flt, "service"));

	fprintf(f, "Incidents: %lld, as of %s\n",
	    (long long)json_integer_value(json_object_get(all, "incidents")),
	    json_string_value(json_object_get(json_object_get(j, "as_of"),
	    "show")));
	if (since || until || svc) {
		fputs("Only incidents", f);
		if (since && until)
			fprintf(f, " started %s to %s", since, until);
		else if (since || until)
			fprintf(f, " started on or %s %s",
			    since ? "after" : "before", since ? since : until);
		if (svc)
			fprintf(f, "%s naming service %s",
			    since || until ? " and" : "", svc);
		fputc('\n', f);
	}
	fputs("Medians, not means: one long incident moves a mean. "
	    "Percentiles are nearest-rank.\n"
	    "Definitions: docs/metrics.md, or the metrics page.\n\n", f);
	print_durations(all, f);
	print_reviews(all, f);
	print_actions(all, f);
	print_objectives(all, f);
	print_effort(j, f);
	print_cadence(all, f);
	print_months(j, f);
	print_periods(j, "quarters", "By quarter", f);
	print_periods(j, "years", "By year", f);
	print_services(j, f);
}

/* --since DATE, --until DATE: the DATE into the const char *o->dest.
 * Returns -1 to go on, or EXIT_USAGE after saying why. */
static int
date_arg(const char *cmd, const cmd_option *o, const char *arg,
    const context *ctx)
{
	am_time t;

	(void)ctx;
	if (time_parse(arg, &t) < 0 || !t.date_only)
		return cmd_usage_error(cmd, "--%s needs a date (YYYY-MM-DD), "
		    "not '%s'", o->name, arg);
	*(const char **)o->dest = arg;
	return -1;
}

int
cmd_metrics(int argc, char **argv, context *ctx)
{
	metrics_filter flt = { 0 };
	cmd_format fmt = FORMAT_TEXT;
	const cmd_option opts[] = {
		CMD_FORMAT("format", 'f', &fmt, "text or json"),
		CMD_CALL("since", 0, &flt.since, date_arg),
		CMD_CALL("until", 0, &flt.until, date_arg),
		CMD_STRING("service", 0, &flt.service),
		CMD_OPTIONS_END,
	};
	diags d = { 0 }, errs = { 0 };
	archive *a = NULL;
	history *h = NULL;
	progress *prog = NULL;
	timeline **tl = NULL;
	metrics *m = NULL;
	json_t *j = NULL;
	char *text = NULL;
	size_t nfailed = 0;
	int rc;

	if ((rc = cmd_parse_options("metrics", argc, argv, opts, ctx)) >= 0)
		return rc;
	rc = EXIT_USAGE;
	if (cmd_arguments_left("metrics", argc, argv))
		return EXIT_USAGE;
	if (flt.since && flt.until && strcmp(flt.since, flt.until) > 0)
		return cmd_usage_error("metrics", "--since %s is after "
		    "--until %s", flt.since, flt.until);

	/* history gives the times the records leave out, as in the site;
	 * no repository just means nothing is derived */
	prog = progress_new("metrics", ctx->verbosity);
	if (cmd_load_with_history(ctx, prog, &a, &h, &d) < 0)
		goto out;
	if (flt.service && !cmd_service_known("metrics", a, ctx->cfg,
	    flt.service))
		goto out;
	nfailed = archive_nfailed(a);
	tl = xcalloc(a->n ? a->n : 1, sizeof(*tl));
	{
		/* the records that were read, their timelines on two
		 * threads, each back in its record's slot */
		size_t n;
		record **ok = cmd_records_read(a, &n);
		timeline **got = xcalloc(a->n ? a->n : 1, sizeof(*got));

		timeline_build_all(ok, n, h, ctx->cfg, got);
		for (size_t i = 0, k = 0; i < a->n; i++)
			if (!a->v[i]->failed)
				tl[i] = got[k++];
		free(ok);
		free(got);
	}
	m = metrics_compute(a->v, tl, a->n, ctx->cfg, &flt, ctx->now);
	j = metrics_json(m);
	if (fmt == FORMAT_JSON) {
		/* as metrics.json is written, not cmd_write_json */
		if ((text = json_text(j)) == NULL) {
			cmd_cannot_write("metrics", "the metrics as JSON");
			goto out;
		}
		fputs(text, stdout);
	} else
		print_text(j, stdout);
	rc = nfailed > 0 ? EXIT_FINDINGS : EXIT_OK;
out:
	/* like build: only what stops or skews the figures; check says
	 * the rest */
	diags_apply_config(&d, ctx->cfg);
	diags_sort(&d);
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].level == DIAG_ERROR || ctx->verbosity > 0)
			diags_add(&errs, d.v[i].path, d.v[i].line, d.v[i].col,
			    d.v[i].level, d.v[i].rule, "%s", d.v[i].message);
	diags_print_text(&errs, stderr, ctx->color);
	cmd_report_unread("metrics", nfailed, " of the figures");
	free(text);
	json_decref(j);
	metrics_free(m);
	for (size_t i = 0; tl != NULL && i < a->n; i++)
		timeline_free(tl[i]);
	free(tl);
	history_free(h);
	archive_free(a);
	progress_free(prog);
	diags_free(&errs);
	diags_free(&d);
	return rc;
}
