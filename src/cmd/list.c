/*
 * cmd/list.c - aftermath list: every incident in a line, newest first,
 * with its status, severity, review state and follow-ups.
 *
 * It reads the records only, not the git history, so that it answers at
 * once; the review state is the one "aftermath check" judges
 * (pir-overdue), from the record's own times.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "load/load.h"
#include "model/overview.h"

/* Which incidents to list. */
typedef struct list_filter {
	bool open;             /* review not closed */
	bool overdue;          /* review or an action item overdue */
	const char *service;
} list_filter;

/* True when r, whose overview is o, passes f. */
static bool
selected(const record *r, const overview *o, const list_filter *f)
{
	if (f->open && o->pir == PIR_CLOSED)
		return false;
	if (f->overdue && o->pir != PIR_OVERDUE && o->actions_overdue == 0)
		return false;
	if (f->service != NULL && !strlist_has(&r->services, f->service))
		return false;
	return true;
}

/* The list as one JSON document, or NULL when it cannot be made. */
static json_t *
list_json(record *const *v, const overview *ov, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++) {
		const record *r = v[i];
		const am_time *st = &r->times[PHASE_STARTED];
		json_t *svc = json_array(), *o;
		char when[64];

		for (size_t k = 0; svc != NULL && k < r->services.n; k++)
			if (json_array_append_new(svc,
			    json_string(r->services.v[k])) < 0) {
				json_decref(svc);
				goto fail;
			}
		o = json_pack("{s:s,s:s?,s:s,s:s?,s:s?,s:s?,s:o*,s:s?,s:s,"
		    "s:o,s:I,s:I,s:I}",
		    "id", r->id, "title", r->title, "path", r->path,
		    "severity", r->severity, "status", r->status,
		    "type", r->type, "services", svc,
		    "started", st->set ? time_format(st->t, TIME_RFC3339, when,
		    sizeof(when)) : NULL,
		    "pir", pir_state_key(ov[i].pir),
		    "pir_working_days", ov[i].pir_days >= 0 ?
		    json_integer(ov[i].pir_days) : json_null(),
		    "action_items", (json_int_t)ov[i].actions,
		    "action_items_open", (json_int_t)ov[i].actions_open,
		    "action_items_overdue", (json_int_t)ov[i].actions_overdue);
		if (o == NULL || json_array_append_new(list, o) < 0)
			goto fail;
	}
	/* "o" takes list, also when the pack fails */
	return json_pack("{s:i,s:o}", "version", 1, "incidents", list);
fail:
	json_decref(list);
	return NULL;
}

/* The list as an aligned table on stdout. */
static void
print_text(record *const *v, const overview *ov, size_t n)
{
	static const char *const head[] = {
		"ID", "Started", "Severity", "Status", "PIR", "Open",
		"Overdue", "Title",
	};
	table t = { .ncols = 8, .align = "lllllrrl" };

	table_row(&t, head);
	for (size_t i = 0; i < n; i++) {
		const am_time *st = &v[i]->times[PHASE_STARTED];
		char date[32], nopen[24], nlate[24];
		const char *cells[] = {
			v[i]->id,
			st->set ? time_format(st->t, TIME_DATE, date,
			    sizeof(date)) : NULL,
			v[i]->severity, v[i]->status,
			pir_state_label(ov[i].pir), nopen, nlate,
			v[i]->title,
		};

		snprintf(nopen, sizeof(nopen), "%zu", ov[i].actions_open);
		snprintf(nlate, sizeof(nlate), "%zu", ov[i].actions_overdue);
		table_row(&t, cells);
	}
	table_print(&t, stdout);
}

int
cmd_list(int argc, char **argv, context *ctx)
{
	list_filter flt = { 0 };
	cmd_format fmt = FORMAT_TEXT;
	const cmd_option opts[] = {
		CMD_FLAG("open", 'o', &flt.open),
		CMD_FLAG("overdue", 'd', &flt.overdue),
		CMD_STRING("service", 's', &flt.service),
		CMD_FORMAT("format", 'f', &fmt, "text or json"),
		CMD_OPTIONS_END,
	};
	diags d = { 0 };
	archive *a = NULL;
	record **v = NULL;
	overview *ov = NULL;
	size_t n = 0, nfailed = 0;
	int rc;

	if ((rc = cmd_parse_options("list", argc, argv, opts, ctx)) >= 0)
		return rc;
	rc = EXIT_USAGE;
	if (optind < argc)
		return cmd_usage_error("list", "unexpected argument '%s'; to "
		    "see one incident, run 'aftermath show %s'", argv[optind],
		    argv[optind]);

	if ((a = archive_load(ctx->repo_root, ctx->cfg, &d)) == NULL)
		goto out;
	if (flt.service && !cmd_service_known("list", a, ctx->cfg,
	    flt.service))
		goto out;
	nfailed = archive_nfailed(a);
	v = cmd_records_read(a, &n);
	ov = xcalloc(a->n ? a->n : 1, sizeof(*ov));
	qsort(v, n, sizeof(*v), record_cmp_newest);
	{
		size_t o = 0;

		for (size_t i = 0; i < n; i++) {
			overview x = record_overview(v[i], ctx->cfg, ctx->now);

			if (!selected(v[i], &x, &flt))
				continue;
			ov[o] = x;
			v[o++] = v[i];
		}
		n = o;
	}
	if (fmt == FORMAT_JSON) {
		if (cmd_write_json("list", "the list as JSON",
		    list_json(v, ov, n)) < 0)
			goto out;
	} else if (n > 0)
		print_text(v, ov, n);
	else if (ctx->verbosity >= 0)
		fprintf(stderr, "aftermath list: no incidents%s\n",
		    flt.open || flt.overdue || flt.service ?
		    " match; drop a filter to see more" : " yet; start one "
		    "with: aftermath new \"TITLE\"");
	rc = nfailed > 0 ? EXIT_FINDINGS : EXIT_OK;
out:
	diags_report_essential(&d, ctx);
	cmd_report_unread("list", nfailed, "");
	free(ov);
	free(v);
	archive_free(a);
	diags_free(&d);
	return rc;
}
