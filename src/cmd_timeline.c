/*
 * cmd_timeline.c - aftermath timeline ID: one incident's merged timeline.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "history.h"
#include "load.h"
#include "timeline.h"

/* Print the findings that stop the command, and suggest an id. */
static int
no_such_id(const archive *a, const char *id)
{
	const char *best = NULL;
	size_t bestd = 4;

	for (size_t i = 0; i < a->n; i++) {
		size_t dist = edit_distance(id, a->v[i]->id);

		if (dist < bestd) {
			bestd = dist;
			best = a->v[i]->id;
		}
	}
	cmd_error("timeline", "no incident with id '%s'%s%s%s", id,
	    best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
	return EXIT_USAGE;
}

static void
print_text(const record *r, const timeline *t)
{
	char tb[64];

	printf("%s: %s\n", r->id, r->title ? r->title : "(no title)");
	if (t->truncated)
		printf("(history is cut short: shallow clone)\n");
	for (size_t i = 0; i < t->n; i++) {
		const event *e = &t->v[i];

		printf("%-22s  %-8s  %-10s  %s",
		    e->has_time ? time_format(e->time, TIME_SHOW, tb,
		    sizeof(tb)) : "(no time)",
		    event_source_name(e->source), event_kind_name(e->kind),
		    e->text);
		if (e->author != NULL)
			printf("  (%s, %.8s)", e->author, e->commit);
		if (e->derived)
			printf("  [derived]");
		putchar('\n');
	}
}

int
cmd_timeline(int argc, char **argv, context *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	diags d = { 0 };
	archive *a = NULL;
	history *h = NULL;
	timeline *t = NULL;
	strlist paths = { 0 }, ids = { 0 };
	record *r;
	int c, rc = EXIT_USAGE;

	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "text") != 0)
				return cmd_usage_error("timeline", "unknown "
				    "format '%s' (text, json)", optarg);
			break;
		case 'h':
			cmd_print_usage(command_find("timeline"), stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("timeline", argv);
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_error("timeline", "name one incident id");
	if ((a = archive_load(ctx->repo_root, ctx->cfg, &d)) == NULL)
		goto out;
	if ((r = archive_find(a, argv[optind])) == NULL) {
		rc = no_such_id(a, argv[optind]);
		goto out;
	}
	if (r->failed) {
		cmd_error("timeline", "%s cannot be read; run 'aftermath check "
		    "%s'", r->path, r->path);
		rc = EXIT_FINDINGS;
		goto out;
	}
	for (size_t i = 0; i < a->n; i++) {
		strlist_add(&paths, a->v[i]->path);
		strlist_add(&ids, a->v[i]->id);
	}
	if (history_walk(ctx->repo_root, ctx->cfg, &paths, &ids, &h, &d) < 0)
		goto out;
	t = timeline_build(r, h, ctx->cfg);
	if (json) {
		json_t *o = json_pack("{s:s,s:s?,s:b,s:o}", "id", r->id,
		    "title", r->title, "truncated", t->truncated,
		    "events", timeline_json(t));

		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else
		print_text(r, t);
	rc = EXIT_OK;
out:
	diags_apply_config(&d, ctx->cfg);
	diags_sort(&d);
	diags_print_essential(&d, ctx);
	timeline_free(t);
	history_free(h);
	strlist_free(&paths);
	strlist_free(&ids);
	archive_free(a);
	diags_free(&d);
	return rc;
}
