/*
 * cmd_build.c - aftermath build: load, render, swap the site in.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "history.h"
#include "load.h"
#include "output.h"
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
	strlist paths = { 0 }, ids = { 0 };
	output *o = NULL;
	size_t nfailed = 0, nerrors;
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

	if ((a = archive_load(ctx->repo_root, ctx->cfg, &d)) == NULL) {
		rc = EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i]->failed)
			nfailed++;
	if (nfailed > 0 && !keep_going)
		goto out;
	for (size_t i = 0; i < a->n; i++) {
		strlist_add(&paths, a->v[i]->path);
		strlist_add(&ids, a->v[i]->id);
	}
	if (history_walk(ctx->repo_root, ctx->cfg, &paths, &ids, &h, &d) < 0)
		goto out;
	if ((o = output_begin(outdir, &d)) == NULL) {
		rc = EXIT_USAGE;
		goto out;
	}
	render_opts ropts = { .repo_root = ctx->repo_root, .now = ctx->now,
	    .history = h, .public = public };
	if (render_site(a, ctx->cfg, &ropts, o, &d) < 0) {
		output_abort(o);
		goto out;
	}
	if (output_commit(o, &d) < 0)
		goto out;
	if (ctx->verbosity >= 0)
		fprintf(stderr, "aftermath build: %zu incidents written to "
		    "%s/%s\n", a->n - nfailed, outdir,
		    public ? " (public edition)" : "");
	rc = nfailed > 0 ? EXIT_FINDINGS : EXIT_OK;
out:
	/* the build reports only what stops it; check reports the rest */
	diags_apply_config(&d, ctx->cfg);
	diags_sort(&d);
	nerrors = diags_count(&d, DIAG_ERROR);
	diags_print_essential(&d, ctx);
	if (rc != EXIT_OK && nfailed > 0)
		fprintf(stderr, "aftermath build: %zu record%s could not be "
		    "read; %s\n", nfailed, nfailed == 1 ? "" : "s",
		    keep_going ? "the others were built" :
		    "the previous site is unchanged (use --keep-going to "
		    "build the rest)");
	if (rc == EXIT_FINDINGS && nerrors == 0 && nfailed == 0)
		rc = EXIT_FINDINGS;
	diags_free(&d);
	history_free(h);
	strlist_free(&paths);
	strlist_free(&ids);
	archive_free(a);
	return rc;
}
