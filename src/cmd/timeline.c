/*
 * cmd/timeline.c - aftermath timeline ID: one incident's merged timeline.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "history/history.h"
#include "load/load.h"
#include "history/timeline.h"

/* The timeline of r as JSON: {id, title, truncated, events}, or NULL
 * when it cannot be made. */
static json_t *
incident_timeline_json(const record *r, const timeline *t)
{
	return json_pack("{s:s,s:s?,s:b,s:o}", "id", r->id, "title", r->title,
	    "truncated", t->truncated, "events", timeline_json(t));
}

int
cmd_timeline(int argc, char **argv, context *ctx)
{
	cmd_format fmt = FORMAT_TEXT;
	const cmd_option opts[] = {
		CMD_FORMAT("format", 'f', &fmt, "text, json"),
		CMD_OPTIONS_END,
	};
	diags d = { 0 };
	archive *a = NULL;
	history *h = NULL;
	timeline *t = NULL;
	progress *prog = NULL;
	record *r;
	int rc;

	if ((rc = cmd_parse_options("timeline", argc, argv, opts, ctx)) >= 0)
		return rc;
	prog = progress_new("timeline", ctx->verbosity);
	if ((rc = cmd_load_incident("timeline", argc, argv, ctx, prog, &a, &h,
	    &r, &d)) >= 0)
		goto out;
	rc = EXIT_USAGE;
	if (r->failed) {
		cmd_error("timeline", "%s cannot be read; run 'aftermath check "
		    "%s' to see why", r->path, r->path);
		rc = EXIT_FINDINGS;
		goto out;
	}
	t = timeline_build(r, h, ctx->cfg);
	if (fmt == FORMAT_JSON) {
		if (cmd_write_json("timeline", "the timeline as JSON",
		    incident_timeline_json(r, t)) < 0)
			goto out;
	} else {
		printf("%s: %s\n", r->id, r->title ? r->title : "(no title)");
		if (t->truncated)
			printf("(history is cut short: shallow clone)\n");
		cmd_print_events(t, "", stdout);
	}
	rc = EXIT_OK;
out:
	diags_report_essential(&d, ctx);
	timeline_free(t);
	history_free(h);
	archive_free(a);
	progress_free(prog);
	diags_free(&d);
	return rc;
}
