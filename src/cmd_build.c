/*
 * cmd_build.c - aftermath build: load, render, swap the site in.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "load.h"
#include "output.h"
#include "render.h"

int
cmd_build(int argc, char **argv, context *ctx)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outdir = "site";
	bool keep_going = false;
	diags d = { 0 };
	archive *a = NULL;
	output *o = NULL;
	size_t nfailed = 0, nerrors;
	int c, rc = EXIT_FINDINGS;

	while ((c = getopt_long(argc, argv, "o:kh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case 'k':
			keep_going = true;
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
	if ((o = output_begin(outdir, &d)) == NULL) {
		rc = EXIT_USAGE;
		goto out;
	}
	render_opts ropts = { .repo_root = ctx->repo_root, .now = ctx->now };
	if (render_site(a, ctx->cfg, &ropts, o, &d) < 0) {
		output_abort(o);
		goto out;
	}
	if (output_commit(o, &d) < 0)
		goto out;
	if (ctx->verbosity >= 0)
		fprintf(stderr, "aftermath build: %zu incidents written to "
		    "%s/\n", a->n - nfailed, outdir);
	rc = nfailed > 0 ? EXIT_FINDINGS : EXIT_OK;
out:
	/* the build reports only what stops it; check reports the rest */
	diags_apply_config(&d, ctx->cfg);
	diags_sort(&d);
	nerrors = diags_count(&d, DIAG_ERROR);
	if (ctx->verbosity > 0)
		diags_print_text(&d, stderr, ctx->color);
	else {
		diags errs = { 0 };

		for (size_t i = 0; i < d.n; i++)
			if (d.v[i].level == DIAG_ERROR)
				diags_add(&errs, d.v[i].path, d.v[i].line,
				    d.v[i].col, DIAG_ERROR, d.v[i].rule, "%s",
				    d.v[i].message);
		diags_print_text(&errs, stderr, ctx->color);
		diags_free(&errs);
	}
	if (rc != EXIT_OK && nfailed > 0)
		fprintf(stderr, "aftermath build: %zu record%s could not be "
		    "read; %s\n", nfailed, nfailed == 1 ? "" : "s",
		    keep_going ? "the others were built" :
		    "the previous site is unchanged (use --keep-going to "
		    "build the rest)");
	if (rc == EXIT_FINDINGS && nerrors == 0 && nfailed == 0)
		rc = EXIT_FINDINGS;
	diags_free(&d);
	archive_free(a);
	return rc;
}
