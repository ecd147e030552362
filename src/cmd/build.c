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

/* The rule of the note that carries the errors summary in the stamp, so
 * that an up-to-date build says it again. */
#define SUMMARY_RULE "build-summary"

/*
 * The errors 'aftermath check' would report for the records of m, at the
 * configured levels, and for those of a that could not be read (their
 * findings in d, at their levels): "3 records have 7 errors", or NULL
 * when there are none. The caller frees it.
 */
static char *
errors_summary(const site_model *m, const archive *a, const diags *d,
    const config *cfg)
{
	size_t nerr = 0, nrec = 0;

	for (size_t i = 0; i < m->n; i++) {
		size_t n = diags_count(&m->found[i], DIAG_ERROR);

		nerr += n;
		nrec += n > 0;
	}
	for (size_t i = 0; i < a->n; i++) {
		size_t n = 0;

		if (!a->v[i]->failed)
			continue;
		for (size_t k = 0; k < d->n; k++)
			if (d->v[k].path != NULL &&
			    strcmp(d->v[k].path, a->v[i]->path) == 0 &&
			    config_rule_level(cfg, d->v[k].rule,
			    d->v[k].level) == DIAG_ERROR)
				n++;
		nerr += n;
		nrec += n > 0;
	}
	if (nerr == 0)
		return NULL;
	return xasprintf("%zu record%s %s %zu error%s", nrec,
	    nrec == 1 ? "" : "s", nrec == 1 ? "has" : "have", nerr,
	    nerr == 1 ? "" : "s");
}

/* Take the summary note out of d (a stamp's findings): its message, or
 * NULL when the build had no errors. The caller frees it. */
static char *
take_summary(diags *d)
{
	char *summary = NULL;
	size_t o = 0;

	for (size_t i = 0; i < d->n; i++) {
		diag *x = &d->v[i];

		if (strcmp(x->rule, SUMMARY_RULE) != 0) {
			d->v[o++] = *x;
			continue;
		}
		free(summary);
		summary = x->message;
		free(x->path);
		free(x->rule);
	}
	d->n = o;
	return summary;
}

/* Print the errors summary (NULL: none) as the build ends; with --check
 * the site was not written. */
static void
report_errors(const char *summary, bool check, const context *ctx)
{
	if (summary == NULL || (ctx->verbosity < 0 && !check))
		return;
	fprintf(stderr, "aftermath build: %s; %srun 'aftermath check' to see "
	    "them\n", summary, check ? "the site was left as it was "
	    "(--check); " : "");
}

/* What the options of one build asked for. */
typedef struct build_args {
	const char *outdir;
	bool keep_going, force, public, check;
	char *outdir_owned;    /* outdir when -o was made relative to the root */
} build_args;

/* Say again what the build that left the site at outdir said, as that
 * build would have at this verbosity; returns the exit status, that
 * build's or, when it had errors, 1 with --check. */
static int
report_up_to_date(build_stamp *last, const build_args *ba,
    const context *ctx)
{
	char *summary = take_summary(&last->found);
	int rc = EXIT_OK;

	if (ctx->verbosity >= 0)
		fprintf(stderr, "aftermath build: %s/ is up to date (%zu "
		    "incident%s%s)\n", ba->outdir, last->nincidents,
		    last->nincidents == 1 ? "" : "s",
		    ba->public ? ", public edition" : "");
	diags_print_essential(&last->found, ctx);
	/* the site is there already: --check only fails */
	report_errors(summary, false, ctx);
	if (summary != NULL && ba->check) {
		fprintf(stderr, "aftermath build: --check: the site has "
		    "errors\n");
		rc = EXIT_FINDINGS;
	}
	if (last->nfailed > 0) {
		report_failed(last->nfailed, true);
		rc = EXIT_FINDINGS;
	}
	free(summary);
	return rc;
}

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
		CMD_FLAG("check", 'c', &ba->check),
		CMD_OPTIONS_END,
	};
	int rc;

	*ba = (build_args){ .public = ctx->cfg->public };
	if ((rc = cmd_parse_options("build", argc, argv, opts, ctx)) >= 0)
		return rc;
	if (cmd_arguments_left("build", argc, argv))
		return EXIT_USAGE;
	/* the default is the root's site/; -o DIR is where the command ran,
	 * as any path of the command line (it may lie outside) */
	if (ba->outdir == NULL)
		ba->outdir = "site";
	else if (ba->outdir[0] != '/' && ctx->prefix[0] != '\0')
		ba->outdir = ba->outdir_owned = xasprintf("%s/%s", ctx->prefix,
		    ba->outdir);
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
		rc = report_up_to_date(&last, ba, ctx);
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
	char fp[FINGERPRINT_HEXSZ], *summary = NULL;
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
	/* --check, a CI gate: errors leave the site as it was */
	if ((summary = errors_summary(m, a, &d, ctx->cfg)) != NULL &&
	    ba.check) {
		rc = EXIT_FINDINGS;
		goto out;
	}

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
		fprintf(stderr, "aftermath build: %zu incident%s written to "
		    "%s/%s\n", a->n - nfailed, a->n - nfailed == 1 ? "" : "s",
		    ba.outdir, ba.public ? " (public edition)" : "");
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
		/* the summary rides in the stamp as a note, taken out again
		 * before anything is printed */
		if (summary != NULL)
			diags_add(&st.found, NULL, 0, 0, DIAG_NOTE,
			    SUMMARY_RULE, "%s", summary);
		(void)stamp_save(ctx->repo_root, ba.outdir, &st, &why);
		d = st.found;
		free(take_summary(&d));
		diags_move(&d, &why);
	}
	diags_print_essential(&d, ctx);
	report_errors(summary, ba.check, ctx);
	if (rc != EXIT_OK && nfailed > 0)
		report_failed(nfailed, ba.keep_going);
	free(summary);
	diags_free(&d);
	site_model_free(m);
	history_free(h);
	archive_free(a);
done:
	if (git_ok)
		(void)git_libgit2_shutdown();
	free(ba.outdir_owned);
	return rc;
}
