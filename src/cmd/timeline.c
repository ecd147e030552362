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
	cmd_incident in = { 0 };
	int rc;

	if ((rc = cmd_parse_options("timeline", argc, argv, opts, ctx)) >= 0)
		return rc;
	if ((rc = cmd_load_incident("timeline", argc, argv, ctx, &in)) >= 0)
		goto out;
	rc = EXIT_USAGE;
	if (in.r->failed) {
		cmd_error("timeline", "%s cannot be read; run 'aftermath check "
		    "%s' to see why", in.r->path, in.r->path);
		rc = EXIT_FINDINGS;
		goto out;
	}
	in.t = timeline_build(in.r, in.h, ctx->cfg);
	if (fmt == FORMAT_JSON) {
		if (cmd_write_json("timeline", "the timeline as JSON",
		    incident_timeline_json(in.r, in.t)) < 0)
			goto out;
	} else {
		printf("%s: %s\n", in.r->id, in.r->title ? in.r->title :
		    "(no title)");
		if (in.t->truncated)
			printf("(history is cut short: shallow clone)\n");
		cmd_print_events(in.t, "", stdout);
	}
	rc = EXIT_OK;
out:
	diags_report_essential(&in.d, ctx);
	cmd_incident_free(&in);
	return rc;
}
