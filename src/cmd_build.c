/*
 * cmd_build.c - aftermath build: load, render, swap the site in.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "history.h"
#include "load.h"
#include "output.h"
#include "progress.h"
#include "render.h"

int
cmd_build(int argc, char **argv, context *ctx)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "public", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outdir = "site";
	bool keep_going = false, public = ctx->cfg->public;
	diags d = { 0 };
	archive *a = NULL;
	history *h = NULL;
	progress *prog = NULL;
	output *o = NULL;
	size_t nfailed = 0;
	int c, rc = EXIT_FINDINGS;

	while ((c = getopt_long(argc, argv, "o:kph", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case 'k':
			keep_going = true;
			break;
		case 'p':
			public = true;
			break;
		case 'h':
			cmd_print_usage(command_find("build"), stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("build", argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error("build", "unexpected argument '%s'",
		    argv[optind]);

	prog = progress_new("build", ctx->verbosity);
	if (cmd_load_with_history(ctx, prog, &a, &h, &d) < 0) {
		rc = a == NULL ? EXIT_USAGE : EXIT_FINDINGS;
		goto out;
	}
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i]->failed)
			nfailed++;
	if (nfailed > 0 && !keep_going)
		goto out;
	if ((o = output_begin(outdir, &d)) == NULL) {
		rc = EXIT_USAGE;
		goto out;
	}
	progress_stage(prog, "writing pages", "wrote", "incident pages", 0);
	render_opts ropts = { .repo_root = ctx->repo_root, .now = ctx->now,
	    .history = h, .public = public, .progress = progress_hook,
	    .progress_arg = prog };
	if (render_site(a, ctx->cfg, &ropts, o, &d) < 0) {
		output_abort(o);
		goto out;
	}
	if (output_commit(o, &d) < 0)
		goto out;
	progress_end(prog);
	if (ctx->verbosity >= 0)
		fprintf(stderr, "aftermath build: %zu incidents written to "
		    "%s/%s\n", a->n - nfailed, outdir,
		    public ? " (public edition)" : "");
	rc = nfailed > 0 ? EXIT_FINDINGS : EXIT_OK;
out:
	progress_free(prog);
	/* the build reports only what stops it; check reports the rest */
	diags_apply_config(&d, ctx->cfg);
	diags_sort(&d);
	diags_print_essential(&d, ctx);
	if (rc != EXIT_OK && nfailed > 0)
		fprintf(stderr, "aftermath build: %zu record%s could not be "
		    "read; %s\n", nfailed, nfailed == 1 ? "" : "s",
		    keep_going ? "the others were built" :
		    "the previous site is unchanged (use --keep-going to "
		    "build the rest)");
	diags_free(&d);
	history_free(h);
	archive_free(a);
	return rc;
}
