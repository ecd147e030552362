/*
 * cmd/show.c - aftermath show ID: one incident in the terminal: what it
 * is, who was involved, its links, summary and impact, review state and
 * action items, durations, what "aftermath check" finds in it, and its
 * merged timeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "cmd/cmd.h"
#include "metrics/metrics.h"
#include "model/overview.h"
#include "model/vocab.h"
#include "history/timeline.h"

#define WRAP_COLUMNS 76

/* Print text s to f wrapped at WRAP_COLUMNS, each line after indent. */
static void
print_wrapped(const char *s, const char *indent, FILE *f)
{
	size_t col = 0, ind = strlen(indent);

	while (*s) {
		size_t n = 0, w = 0;

		while (*s == ' ' || *s == '\n' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		/* one word: its bytes and its columns */
		while (s[n] && s[n] != ' ' && s[n] != '\n' && s[n] != '\t') {
			if (((unsigned char)s[n] & 0xC0) != 0x80)
				w++;
			n++;
		}
		if (col > 0 && col + 1 + w > WRAP_COLUMNS) {
			fputc('\n', f);
			col = 0;
		}
		if (col == 0) {
			fputs(indent, f);
			col = ind;
		} else {
			fputc(' ', f);
			col++;
		}
		fwrite(s, 1, n, f);
		col += w;
		s += n;
	}
	if (col > 0)
		fputc('\n', f);
}

/* The header: id, title, classification, services, file. */
static void
print_head(const record *r)
{
	printf("%s: %s\n", r->id, r->title ? r->title : "(no title)");
	if (r->failed) {
		printf("File: %s\n", r->path);
		return;
	}
	printf("Severity %s, status %s, type %s\n",
	    r->severity ? r->severity : "(none)",
	    r->status ? r->status : "(none)", r->type ? r->type : "unplanned");
	if (r->services.n > 0) {
		fputs("Services: ", stdout);
		for (size_t i = 0; i < r->services.n; i++)
			printf("%s%s", i ? ", " : "", r->services.v[i]);
		putchar('\n');
	}
	printf("File: %s\n", r->path);
}

/* The label of role key (the key for a role the vocabulary does not
 * name). */
static const char *
role_shown(const char *key)
{
	const char *l = role_label(key);

	return l != NULL ? l : key;
}

/* The roles, by their labels, and their people. */
static void
print_people(const record *r)
{
	size_t w = 0;

	if (r->nroles == 0)
		return;
	for (size_t i = 0; i < r->nroles; i++)
		if (strlen(role_shown(r->roles[i].name)) > w)
			w = strlen(role_shown(r->roles[i].name));
	fputs("\nPeople\n", stdout);
	for (size_t i = 0; i < r->nroles; i++) {
		printf("  %-*s ", (int)w, role_shown(r->roles[i].name));
		for (size_t k = 0; k < r->roles[i].people.n; k++) {
			fputs(k ? ", " : " ", stdout);
			fputs_safe(r->roles[i].people.v[k], stdout);
		}
		putchar('\n');
	}
}

/* The links, by their labels (vocab.h's link_label), and their URLs. */
static void
print_links(const record *r)
{
	char **labels;
	size_t w = 0;

	if (r->nlinks == 0)
		return;
	labels = xcalloc(r->nlinks, sizeof(*labels));
	for (size_t i = 0; i < r->nlinks; i++) {
		labels[i] = link_label(r->links[i].name, r->links[i].url);
		if (strlen(labels[i]) > w)
			w = strlen(labels[i]);
	}
	fputs("\nLinks\n", stdout);
	for (size_t i = 0; i < r->nlinks; i++) {
		fputs("  ", stdout);
		fputs_safe(labels[i], stdout);
		printf("%*s  ", (int)(w - strlen(labels[i])), "");
		fputs_safe(r->links[i].url, stdout);
		putchar('\n');
	}
	strv_free(labels, r->nlinks);
}

/* Customer impact, data loss and responder hours, those written. */
static void
print_impact(const record *r)
{
	char db[32];

	if (r->customer_impact < 0 && r->data_loss < 0 &&
	    r->responder_hours < 0)
		return;
	fputs("\nImpact\n", stdout);
	if (r->customer_impact >= 0)
		printf("  Customer impact  %s\n", r->customer_impact ? "yes" :
		    "no");
	if (r->data_loss >= 0)
		printf("  Data loss        %s\n", r->data_loss == 0 ? "none" :
		    duration_format(r->data_loss, db, sizeof(db)));
	if (r->responder_hours >= 0)
		printf("  Responder hours  %g\n", r->responder_hours);
}

/* Each action item, one a line: done or open, what, then who, ticket,
 * priority and due date where written, and whether it is overdue. */
static void
print_actions(const record *r, int64_t now)
{
	for (size_t i = 0; i < r->nactions; i++) {
		const action_item *x = &r->actions[i];
		const char *what[] = { "owner ", x->owner, "ticket ", x->ticket,
		    "priority ", x->priority, "due ", x->due_raw };
		const char *sep = "; ";

		printf("    [%s] ", x->done ? "done" : "open");
		fputs_safe(x->action != NULL ? x->action : "(no action)",
		    stdout);
		for (size_t k = 0; k < sizeof(what) / sizeof(what[0]); k += 2) {
			if (what[k + 1] == NULL || what[k + 1][0] == '\0')
				continue;
			printf("%s%s", sep, what[k]);
			fputs_safe(what[k + 1], stdout);
			sep = ", ";
		}
		if (action_item_overdue(x, now))
			printf("%soverdue", sep);
		putchar('\n');
	}
}

/* The review (PIR) and the action items, judged as check judges them:
 * from the record's own recovered time (t may tell the derived one). */
static void
print_review(const record *r, const timeline *t, const config *cfg,
    int64_t now)
{
	overview o = record_overview(r, cfg, now);
	const am_time *rec = &r->times[PHASE_RECOVERED];
	char when[64];

	fputs("\nReview\n", stdout);
	switch (o.pir) {
	case PIR_CLOSED:
		if (r->reviewed.set)
			printf("  closed; the review was held %s\n",
			    time_format(r->reviewed.t, TIME_DATE, when,
			    sizeof(when)));
		else
			fputs("  closed\n", stdout);
		break;
	case PIR_ACTIVE:
		fputs("  active: not recovered yet, so no review is due\n",
		    stdout);
		break;
	case PIR_DUE:
	case PIR_OVERDUE:
		if (!rec->set) {
			bool derived;
			const am_time *h = timeline_phase(r, t,
			    PHASE_RECOVERED, &derived);

			fputs("  PIR due: write the 'recovered' time to know by "
			    "when", stdout);
			if (h != NULL && h->set)
				printf(" (history says %s)", time_format(h->t,
				    TIME_SHOW, when, sizeof(when)));
			putchar('\n');
			break;
		}
		printf("  %s: recovered %s, %d working day%s ago; the review "
		    "is due within %d\n", pir_state_label(o.pir),
		    time_format(rec->t, TIME_DATE, when, sizeof(when)),
		    o.pir_days, o.pir_days == 1 ? "" : "s", cfg->pir_due_days);
		break;
	}
	if (o.actions == 0)
		fputs("  no action items\n", stdout);
	else
		printf("  %zu action item%s: %zu open, %zu overdue\n",
		    o.actions, o.actions == 1 ? "" : "s", o.actions_open,
		    o.actions_overdue);
	print_actions(r, now);
}

/* The lifecycle times, the record's own or derived from history, then
 * the key durations. */
static void
print_times(const record *r, const timeline *t)
{
	size_t w = 0, wd = 0;
	bool any = false;

	for (int p = 0; p < PHASE_COUNT; p++)
		if (strlen(phase_name((phase)p)) > w)
			w = strlen(phase_name((phase)p));
	fputs("\nTimes\n", stdout);
	for (int p = 0; p < PHASE_COUNT; p++) {
		bool derived = false;
		const am_time *at = timeline_phase(r, t, (phase)p, &derived);
		char tb[64];

		if (at == NULL || !at->set)
			continue;
		printf("  %-*s  %s", (int)w, phase_name((phase)p),
		    time_format(at->t, at->date_only ? TIME_DATE : TIME_SHOW,
		    tb, sizeof(tb)));
		if (derived)
			printf("  [derived from history, commit %.8s]",
			    t->derived_commit[p]);
		putchar('\n');
		any = true;
	}
	if (!any)
		fputs("  none written yet\n", stdout);

	for (int k = 0; k < DUR_COUNT; k++)
		if (strlen(duration_label((duration_kind)k)) > wd)
			wd = strlen(duration_label((duration_kind)k));
	fputs("\nDurations\n", stdout);
	any = false;
	for (int k = 0; k < DUR_COUNT; k++) {
		int64_t secs;
		bool derived = false;
		char db[32];

		if (incident_duration(r, t, (duration_kind)k, &secs,
		    &derived) < 0)
			continue;
		printf("  %-*s  %s%s\n", (int)wd,
		    duration_label((duration_kind)k),
		    duration_format(secs, db, sizeof(db)),
		    derived ? "  [derived]" : "");
		any = true;
	}
	if (!any)
		fputs("  none yet: they need detected, mitigated or recovered\n",
		    stdout);
}

/* The findings of "aftermath check" about r: its parse findings from d
 * (the whole archive's), the rules at the configured levels, and the
 * derived-time notes of its timeline t (NULL: none yet). */
static void
print_findings(const record *r, const timeline *t, const diags *d,
    const context *ctx)
{
	diags mine = { 0 };
	size_t nerr, nwarn;

	check_findings(r, d, ctx->cfg, ctx->now, &mine);
	check_derived(r, t, &mine);
	nerr = diags_count(&mine, DIAG_ERROR);
	nwarn = diags_count(&mine, DIAG_WARNING) - nerr;
	if (mine.n == 0)
		fputs("\nFindings: none\n", stdout);
	else {
		printf("\nFindings: %zu error%s, %zu warning%s (aftermath check "
		    "%s)\n", nerr, nerr == 1 ? "" : "s", nwarn,
		    nwarn == 1 ? "" : "s", r->path);
		for (size_t i = 0; i < mine.n; i++) {
			diags one = { .v = &mine.v[i], .n = 1 };

			fputs("  ", stdout);
			diags_print_text(&one, stdout, ctx->color_stdout);
		}
	}
	diags_free(&mine);
}

int
cmd_show(int argc, char **argv, context *ctx)
{
	static const cmd_option no_options[] = { CMD_OPTIONS_END };
	cmd_incident in = { 0 };
	record *r;
	int rc;

	/* no options of its own: any there is is -h or a bad one */
	if ((rc = cmd_parse_options("show", argc, argv, no_options,
	    ctx)) >= 0)
		return rc;
	if ((rc = cmd_load_incident("show", argc, argv, ctx, &in)) >= 0)
		goto out;
	r = in.r;
	print_head(r);
	if (r->failed) {
		print_findings(r, in.t, &in.d, ctx);
		cmd_error("show", "%s cannot be read; fix the errors above, "
		    "then run 'aftermath check %s'", r->path, r->path);
		rc = EXIT_FINDINGS;
		goto out;
	}
	in.t = timeline_build(r, in.h, ctx->cfg);
	print_people(r);
	print_links(r);
	if (r->summary != NULL) {
		fputs("\nSummary\n", stdout);
		print_wrapped(r->summary, "  ", stdout);
	}
	print_impact(r);
	print_review(r, in.t, ctx->cfg, ctx->now);
	print_times(r, in.t);
	print_findings(r, in.t, &in.d, ctx);
	printf("\nTimeline%s\n", in.t->truncated ? " (history cut short: "
	    "shallow clone)" : "");
	cmd_print_events(in.t, "  ", stdout);
	rc = EXIT_OK;
out:
	/* what stops the command and warnings about the history; findings
	 * about other records are for "aftermath check" */
	{
		diags other = { 0 };
		size_t nd = strlen(ctx->cfg->incidents_dir);

		for (size_t i = 0; i < in.d.n; i++) {
			const diag *x = &in.d.v[i];

			if (x->path != NULL && strncmp(x->path,
			    ctx->cfg->incidents_dir, nd) == 0 &&
			    x->path[nd] == '/')
				continue;
			diags_add(&other, x->path, x->line, x->col, x->level,
			    x->rule, "%s", x->message);
		}
		diags_report_essential(&other, ctx);
		diags_free(&other);
	}
	cmd_incident_free(&in);
	return rc;
}
