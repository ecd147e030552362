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

/* The list as JSON on stdout. Returns 0, or -1 when it cannot be
 * written. */
static int
print_json(record *const *v, const overview *ov, size_t n)
{
	json_t *root = json_object(), *list = json_array();
	int rc = -1;

	if (root == NULL || list == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const record *r = v[i];
		const am_time *st = &r->times[PHASE_STARTED];
		json_t *svc = json_array(), *o;
		char when[64];

		for (size_t k = 0; svc != NULL && k < r->services.n; k++)
			if (json_array_append_new(svc,
			    json_string(r->services.v[k])) < 0)
				goto out;
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
			goto out;
	}
	if (json_object_set_new(root, "version", json_integer(1)) < 0)
		goto out;
	rc = json_object_set_new(root, "incidents", list);
	list = NULL;
	if (rc < 0)
		goto out;
	rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (rc == 0 && putchar('\n') == EOF)
		rc = -1;
out:
	json_decref(list);
	json_decref(root);
	return rc;
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
	static const struct option opts[] = {
		{ "open", no_argument, NULL, 'o' },
		{ "overdue", no_argument, NULL, 'd' },
		{ "service", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	list_filter flt = { 0 };
	bool json = false;
	diags d = { 0 };
	archive *a = NULL;
	record **v = NULL;
	overview *ov = NULL;
	size_t n = 0, nfailed = 0;
	int c, rc = EXIT_USAGE;

	while ((c = getopt_long(argc, argv, "ods:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			flt.open = true;
			break;
		case 'd':
			flt.overdue = true;
			break;
		case 's':
			flt.service = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "text") == 0)
				json = false;
			else
				return cmd_usage_error("list", "unknown format "
				    "'%s' (text or json)", optarg);
			break;
		case 'h':
			cmd_print_usage(command_find("list"), stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("list", argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error("list", "unexpected argument '%s'; to "
		    "see one incident, run 'aftermath show %s'", argv[optind],
		    argv[optind]);

	if ((a = archive_load(ctx->repo_root, ctx->cfg, &d)) == NULL)
		goto out;
	if (flt.service && !cmd_service_known("list", a, ctx->cfg,
	    flt.service))
		goto out;
	v = xcalloc(a->n ? a->n : 1, sizeof(*v));
	ov = xcalloc(a->n ? a->n : 1, sizeof(*ov));
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i]->failed)
			nfailed++;
		else
			v[n++] = a->v[i];
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
	if (json) {
		if (print_json(v, ov, n) < 0) {
			cmd_error("list", "cannot write the list as JSON; try "
			    "again, or report a bug");
			goto out;
		}
	} else if (n > 0)
		print_text(v, ov, n);
	else if (ctx->verbosity >= 0)
		fprintf(stderr, "aftermath list: no incidents%s\n",
		    flt.open || flt.overdue || flt.service ?
		    " match; drop a filter to see more" : " yet; start one "
		    "with: aftermath new \"TITLE\"");
	rc = nfailed > 0 ? EXIT_FINDINGS : EXIT_OK;
out:
	diags_apply_config(&d, ctx->cfg);
	diags_sort(&d);
	diags_print_essential(&d, ctx);
	if (nfailed > 0)
		cmd_error("list", "%zu record%s could not be read and %s left "
		    "out; run 'aftermath check' to see why", nfailed,
		    nfailed == 1 ? "" : "s", nfailed == 1 ? "is" : "are");
	free(ov);
	free(v);
	archive_free(a);
	diags_free(&d);
	return rc;
}
