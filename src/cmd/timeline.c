/*
 * cmd/timeline.c - aftermath timeline ID: one incident's merged timeline.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "history/history.h"
#include "load/load.h"
#include "history/timeline.h"

/* The timeline of r as JSON on stdout: {id, title, truncated, events}.
 * Returns 0, or -1 when it cannot be written. */
static int
print_json(const record *r, const timeline *t)
{
	json_t *o = json_pack("{s:s,s:s?,s:b,s:o}", "id", r->id,
	    "title", r->title, "truncated", t->truncated,
	    "events", timeline_json(t));
	int rc = -1;

	if (o != NULL && json_dumpf(o, stdout, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) == 0 && putchar('\n') != EOF)
		rc = 0;
	json_decref(o);
	return rc;
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
	progress *prog = NULL;
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
		return cmd_usage_error("timeline", "name one incident id, "
		    "such as 'aftermath timeline 2026-001' ('aftermath "
		    "list' shows them)");
	prog = progress_new("timeline", ctx->verbosity);
	if (cmd_load_with_history(ctx, prog, &a, &h, &d) < 0)
		goto out;
	if ((r = archive_find(a, argv[optind])) == NULL) {
		rc = cmd_no_such_id("timeline", a, argv[optind]);
		goto out;
	}
	if (r->failed) {
		cmd_error("timeline", "%s cannot be read; run 'aftermath check "
		    "%s' to see why", r->path, r->path);
		rc = EXIT_FINDINGS;
		goto out;
	}
	t = timeline_build(r, h, ctx->cfg);
	if (json) {
		if (print_json(r, t) < 0) {
			cmd_error("timeline", "cannot write the timeline as "
			    "JSON; try again, or report a bug");
			goto out;
		}
	} else {
		printf("%s: %s\n", r->id, r->title ? r->title : "(no title)");
		if (t->truncated)
			printf("(history is cut short: shallow clone)\n");
		cmd_print_events(t, "", stdout);
	}
	rc = EXIT_OK;
out:
	diags_apply_config(&d, ctx->cfg);
	diags_sort(&d);
	diags_print_essential(&d, ctx);
	timeline_free(t);
	history_free(h);
	archive_free(a);
	progress_free(prog);
	diags_free(&d);
	return rc;
}
