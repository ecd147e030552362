/*
 * cmd/build.c - aftermath build: unless the site is up to date, load,
 * run the pipeline, render, swap the site in, and stamp it for the next
 * build.
 */
#include <stdio.h>
#include <string.h>

#include <git2.h>

#include "cmd/cmd.h"
#include "output/stamp.h"
#include "history/history.h"
#include "load/load.h"
#include "output/output.h"
#include "cmd/progress.h"
#include "pipeline/pipeline.h"
#include "render/render.h"

/* What ends a build with unreadable records, after its findings. */
static void
report_failed(size_t nfailed, bool keep_going)
{
	fprintf(stderr, "aftermath build: %zu record%s could not be read; %s\n",
	    nfailed, nfailed == 1 ? "" : "s", keep_going ?
	    "the others were built" : "the previous site is unchanged (use "
	    "--keep-going to build the rest)");
}

/* Say again what the build that left the site at outdir said, as that
 * build would have at this verbosity; returns its exit status. */
static int
report_up_to_date(const build_stamp *last, const char *outdir, bool public,
    const context *ctx)
{
	if (ctx->verbosity >= 0)
		fprintf(stderr, "aftermath build: %s/ is up to date (%zu "
		    "incidents%s)\n", outdir, last->nincidents,
		    public ? ", public edition" : "");
	diags_print_essential(&last->found, ctx);
	if (last->nfailed > 0) {
		report_failed(last->nfailed, true);
		return EXIT_FINDINGS;
	}
	return EXIT_OK;
}

/* What the options of one build asked for. */
typedef struct build_args {
	const char *outdir;
	bool keep_going, force, public;
} build_args;

/* Read the options into *ba. Returns -1 to go on, else the exit status
 * (--help, a usage error). */
static int
parse_args(int argc, char **argv, const context *ctx, build_args *ba)
{
	const cmd_option opts[] = {
		CMD_STRING("output", 'o', &ba->outdir),
		CMD_FLAG("keep-going", 'k', &ba->keep_going),
		CMD_FLAG("public", 'p', &ba->public),
		CMD_FLAG("force", 0, &ba->force),
		CMD_OPTIONS_END,
	};
	int rc;

	*ba = (build_args){ .outdir = "site", .public = ctx->cfg->public };
	if ((rc = cmd_parse_options("build", argc, argv, opts, ctx)) >= 0)
		return rc;
	if (cmd_arguments_left("build", argc, argv))
		return EXIT_USAGE;
	return -1;
}

/* The up-to-date check: when the stamp says the site at ba->outdir is
 * what this build would make, say so and return the exit status the last
 * build had; else return -1 (build). */
static int
up_to_date(const build_args *ba, const char *fp, const context *ctx)
{
	build_stamp last;
	stamp_verdict v = stamp_check(ctx->repo_root, ba->outdir, fp,
	    ctx->now, &last);
	int rc = -1;

	/* without -k, unreadable records fail the build again */
	if (v == STAMP_UP_TO_DATE && (last.nfailed == 0 || ba->keep_going)) {
		/* a killed build may have left its tree since */
		output_remove_leftovers(ba->outdir);
		rc = report_up_to_date(&last, ba->outdir, ba->public, ctx);
	} else if (ctx->verbosity > 0)
		fprintf(stderr, "aftermath build: building: %s\n",
		    v == STAMP_UP_TO_DATE ? "the last build could not read "
		    "every record" : stamp_verdict_text(v));
	stamp_free(&last);
	return rc;
}

/*
 * aftermath build, as the story of a build: unless the site is up to
 * date, load the records and their history, run the pipeline into a site
 * model, render it into a fresh directory, swap that in for the old site
 * and stamp it for the next build.
 */
int
cmd_build(int argc, char **argv, context *ctx)
{
	build_args ba;
	bool git_ok, have_fp, committed = false;
	char fp[FINGERPRINT_HEXSZ];
	int64_t valid_until = ctx->now;
	diags d = { 0 };
	archive *a = NULL;
	history *h = NULL;
	site_model *m = NULL;
	progress *prog = NULL;
	output *o = NULL;
	size_t nfailed = 0;
	int rc;

	if ((rc = parse_args(argc, argv, ctx, &ba)) >= 0)
		return rc;
	rc = EXIT_FINDINGS;
	/* the fingerprint, the stamp and the history walk each start and
	 * stop libgit2; the first start, which reads the TLS certificates,
	 * is the costly one, so it is held for the whole command */
	git_ok = git_libgit2_init() >= 0;
	/* 1. up to date? The fingerprint is taken before anything is read:
	 * a file changed from here on makes the stamp older than the site,
	 * never newer */
	have_fp = fingerprint_compute(&(fingerprint_inputs){
	    .repo_root = ctx->repo_root, .cfg = ctx->cfg,
	    .public = ba.public }, fp) == 0;
	if (have_fp && !ba.force && (rc = up_to_date(&ba, fp, ctx)) >= 0)
		goto done;
	rc = EXIT_FINDINGS;

	/* 2. load the records and walk their history */
	prog = progress_new("build", ctx->verbosity);
	if (cmd_load_with_history(ctx, prog, &a, &h, &d) < 0) {
		rc = a == NULL ? EXIT_USAGE : EXIT_FINDINGS;
		goto out;
	}
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i]->failed)
			nfailed++;
	if (nfailed > 0 && !ba.keep_going)
		goto out;
	valid_until = fingerprint_valid_until(a, ctx->cfg, ctx->now);

	/* 3. the pipeline: check, redact, timelines, related incidents */
	m = pipeline_run(a, h, ctx->cfg, &(pipeline_opts){ .now = ctx->now,
	    .public = ba.public }, &d);

	/* 4. render into a fresh directory, 5. swap it in */
	if ((o = output_begin(ba.outdir, &d)) == NULL) {
		rc = EXIT_USAGE;
		goto out;
	}
	progress_stage(prog, "writing pages", "wrote", "incident pages", 0);
	if (render_site(m, &(render_opts){ .repo_root = ctx->repo_root,
	    .now = ctx->now, .public = ba.public, .progress = progress_hook,
	    .progress_arg = prog }, o, &d) < 0) {
		output_abort(o);
		goto out;
	}
	if (output_commit(o, &d) < 0)
		goto out;
	committed = true;
	progress_end(prog);
	if (ctx->verbosity >= 0)
		fprintf(stderr, "aftermath build: %zu incidents written to "
		    "%s/%s\n", a->n - nfailed, ba.outdir,
		    ba.public ? " (public edition)" : "");
	rc = nfailed > 0 ? EXIT_FINDINGS : EXIT_OK;
out:
	progress_free(prog);
	/* the build reports only what stops it; check reports the rest */
	diags_apply_config(&d, ctx->cfg);
	diags_sort(&d);
	/* 6. stamp the site for the next build's up-to-date check */
	if (committed && have_fp) {
		build_stamp st = { .valid_from = ctx->now,
		    .valid_until = valid_until, .nincidents = a->n - nfailed,
		    .nfailed = nfailed, .found = d };
		diags why = { 0 };

		memcpy(st.fingerprint, fp, sizeof(fp));
		(void)stamp_save(ctx->repo_root, ba.outdir, &st, &why);
		diags_move(&d, &why);
	}
	diags_print_essential(&d, ctx);
	if (rc != EXIT_OK && nfailed > 0)
		report_failed(nfailed, ba.keep_going);
	diags_free(&d);
	site_model_free(m);
	history_free(h);
	archive_free(a);
done:
	if (git_ok)
		(void)git_libgit2_shutdown();
	return rc;
}
