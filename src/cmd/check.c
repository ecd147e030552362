/*
 * cmd/check.c - aftermath check: load and validate records, print the
 * findings as text, JSON, GitHub workflow commands or SARIF (sarif.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <jansson.h>

#include "check/check.h"
#include "cmd/cmd.h"
#include "history/history.h"
#include "history/timeline.h"
#include "cmd/sarif.h"
#include "load/load.h"
#include "model/rules.h"
#include "model/sections.h"

/* Escape a workflow-command value: '%', CR and LF, and in properties
 * also ':' and ','. */
static void
gh_escape(FILE *f, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", f);
		else if (*s == '\r')
			fputs("%0D", f);
		else if (*s == '\n')
			fputs("%0A", f);
		else if (property && *s == ':')
			fputs("%3A", f);
		else if (property && *s == ',')
			fputs("%2C", f);
		else
			fputc(*s, f);
	}
}

/* One workflow command per finding; GitHub Actions shows each as an
 * annotation on the file and line (docs/rules.md). */
static void
print_github(const diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const diag *x = &d->v[i];
		const char *sep = " ";

		printf("::%s", x->level == DIAG_ERROR ? "error" :
		    x->level == DIAG_WARNING ? "warning" : "notice");
		if (x->path != NULL) {
			fputs(" file=", stdout);
			gh_escape(stdout, x->path, true);
			sep = ",";
			if (x->line > 0)
				printf(",line=%d", x->line);
			if (x->line > 0 && x->col > 0)
				printf(",col=%d", x->col);
		}
		printf("%stitle=", sep);
		gh_escape(stdout, x->rule, true);
		fputs("::", stdout);
		gh_escape(stdout, x->message, false);
		fputc('\n', stdout);
	}
}

/* The findings as one JSON document (schema in docs/rules.md), or NULL
 * when it cannot be made. */
static json_t *
findings_json(const diags *d, size_t nrecords, size_t nerr, size_t nwarn)
{
	json_t *list = json_array();

	for (size_t i = 0; i < d->n; i++) {
		const diag *x = &d->v[i];

		if (json_array_append_new(list, json_pack(
		    "{s:s?,s:i,s:i,s:s,s:s,s:s}", "path", x->path,
		    "line", x->line, "column", x->col,
		    "level", diag_level_name(x->level), "rule", x->rule,
		    "message", x->message)) < 0) {
			json_decref(list);
			return NULL;
		}
	}
	/* "o" takes list, also when the pack fails */
	return json_pack("{s:i,s:I,s:I,s:I,s:o}", "version", 1,
	    "records", (json_int_t)nrecords, "errors", (json_int_t)nerr,
	    "warnings", (json_int_t)nwarn, "findings", list);
}

/* --list-rules: every rule with the level it has here. */
static void
print_rules(const config *cfg)
{
	size_t n;
	const rule_info *ri = rules_all(&n);

	for (size_t i = 0; i < n; i++)
		printf("%-22s %-8s %s\n", ri[i].id, diag_level_name(
		    config_rule_level(cfg, ri[i].id, ri[i].level)),
		    ri[i].summary);
}

/* True when path is one of paths or lies below one of them. */
static bool
path_selected(const char *path, const strlist *paths)
{
	for (size_t i = 0; i < paths->n; i++) {
		size_t n = strlen(paths->v[i]);

		while (n > 0 && paths->v[i][n - 1] == '/')
			n--;
		if (strncmp(path, paths->v[i], n) == 0 &&
		    (path[n] == '\0' || path[n] == '/' || n == 0))
			return true;
	}
	return false;
}

/* True when a path component starts with '.': the loader skips those. */
static bool
path_hidden(const char *path)
{
	for (const char *p = path; *p; p++)
		if (*p == '.' && (p == path || p[-1] == '/'))
			return true;
	return false;
}

/* Print the libgit2 error after what; returns -1. */
static int
git_failed(const char *what)
{
	const git_error *e = git_error_last();

	cmd_error("check", "--changed-since: %s: %s; see whether 'git "
	    "status' works here", what,
	    e != NULL && e->message != NULL ? e->message : "unknown error");
	return -1;
}

/*
 * The records (paths relative to the repo root) added, modified or
 * renamed in the work tree or the index since the revision rev; deleted
 * ones are gone and not listed. Uncommitted and untracked records count:
 * the check is the same before and after the commit. Returns 0, or -1
 * after printing why.
 */
static int
changed_records(const context *ctx, const char *rev, strlist *out)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	git_object *tree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	char *root = NULL, *wd = NULL, *spec = NULL;
	const char *prefix;
	size_t nwd;
	int rc = -1;

	if (git_libgit2_init() < 0)
		return git_failed("libgit2");
	if (git_repository_open_ext(&repo, ctx->repo_root, 0, NULL) < 0) {
		cmd_error("check", "--changed-since needs a git repository, "
		    "and %s is not in one; run it in the repository (or "
		    "-C DIR), or check every record without it",
		    ctx->repo_root);
		goto out;
	}
	if (git_repository_workdir(repo) == NULL) {
		cmd_error("check", "--changed-since: the repository has no "
		    "work tree; run it in a checkout, not a bare repository");
		goto out;
	}
	/* diff paths are relative to the work tree, records to repo_root,
	 * which may be a directory inside it */
	if ((root = realpath(ctx->repo_root, NULL)) == NULL ||
	    (wd = realpath(git_repository_workdir(repo), NULL)) == NULL) {
		cmd_error("check", "--changed-since: cannot resolve the "
		    "repository path; check that the directory exists and "
		    "can be read");
		goto out;
	}
	nwd = strlen(wd);
	if (strncmp(root, wd, nwd) != 0 || (root[nwd] != '\0' &&
	    root[nwd] != '/' && strcmp(wd, "/") != 0)) {
		cmd_error("check", "--changed-since: %s is not inside the "
		    "work tree %s; run it inside the work tree", root, wd);
		goto out;
	}
	prefix = root + nwd;
	while (*prefix == '/')
		prefix++;
	spec = *prefix ? xasprintf("%s/%s", prefix, ctx->cfg->incidents_dir) :
	    xstrdup(ctx->cfg->incidents_dir);
	if (git_revparse_single(&obj, repo, rev) < 0) {
		cmd_error("check", "--changed-since: unknown revision '%s'; "
		    "check the name ('git log --oneline' shows revisions), "
		    "and in a shallow clone fetch the history (fetch-depth: "
		    "0 in GitHub Actions, GIT_DEPTH: 0 in GitLab CI)", rev);
		goto out;
	}
	if (git_object_peel(&tree, obj, GIT_OBJECT_TREE) < 0) {
		git_failed(rev);
		goto out;
	}
	if (git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION) < 0) {
		git_failed("libgit2");
		goto out;
	}
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED |
	    GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	opts.pathspec.strings = &spec;
	opts.pathspec.count = 1;
	/* one comparison for the whole run: the index-and-workdir variant
	 * costs a little more but sees staged and unstaged changes alike */
	if (git_diff_tree_to_workdir_with_index(&diff, repo, (git_tree *)tree,
	    &opts) < 0) {
		git_failed("cannot compare with the work tree");
		goto out;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *dl = git_diff_get_delta(diff, i);
		const char *p = dl->new_file.path, *base;
		size_t np = strlen(prefix);

		if (dl->status == GIT_DELTA_DELETED ||
		    dl->status == GIT_DELTA_IGNORED ||
		    dl->status == GIT_DELTA_UNMODIFIED || p == NULL)
			continue;
		if (np > 0) {
			if (strncmp(p, prefix, np) != 0 || p[np] != '/')
				continue;
			p += np + 1;
		}
		base = strrchr(p, '/');
		/* the loader's rules: its name rule, no hidden directory */
		if (record_is_file_name(base != NULL ? base + 1 : p) &&
		    !path_hidden(p))
			strlist_add(out, p);
	}
	strlist_sort(out);
	rc = 0;
out:
	git_diff_free(diff);
	git_object_free(tree);
	git_object_free(obj);
	git_repository_free(repo);
	free(spec);
	free(wd);
	free(root);
	git_libgit2_shutdown();
	return rc;
}

/* -q: keep only the errors for the text and GitHub outputs; the counts
 * are taken before. */
static void
drop_below_errors(diags *d)
{
	size_t o = 0;

	for (size_t i = 0; i < d->n; i++) {
		diag *x = &d->v[i];

		if (x->level == DIAG_ERROR) {
			d->v[o++] = *x;
			continue;
		}
		free(x->path);
		free(x->rule);
		free(x->message);
	}
	d->n = o;
}

/* Under --strict a warning is an error in every output, so that what is
 * shown agrees with the exit status. */
static void
promote_warnings(diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == DIAG_WARNING)
			d->v[i].level = DIAG_ERROR;
}

/* --list-rules: print them and end. */
static int
list_rules(const char *cmd, const cmd_option *o, const char *arg,
    const context *ctx)
{
	(void)cmd;
	(void)o;
	(void)arg;
	print_rules(ctx->cfg);
	return EXIT_OK;
}

/* --explain-sections PATH: each heading of the records at PATH and the
 * sections it is taken as, then end. */
static int
explain_sections(const char *cmd, const cmd_option *o, const char *arg,
    const context *ctx)
{
	strlist paths = { 0 };
	diags d = { 0 };
	section_index *ix = NULL;
	archive *a;
	int rc = EXIT_USAGE;

	(void)o;
	while (arg[0] == '.' && arg[1] == '/')
		arg += 2;
	strlist_add(&paths, arg);
	a = archive_load_paths(ctx->repo_root, ctx->cfg, &paths, &d);
	if (a == NULL || a->n == 0) {
		diags_print_text(&d, stderr, false);
		cmd_error(cmd, "--explain-sections: no record at %s", arg);
		goto out;
	}
	ix = section_index_new(ctx->cfg);
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = 0; k < a->v[i]->nsections; k++) {
			const section *s = &a->v[i]->sections[k];
			strlist got = { 0 };

			section_index_matches(ix, s->title, &got);
			printf("%s:%d:%d: %.*s %s -> ", a->v[i]->path,
			    s->pos.line, s->pos.col, s->level, "######",
			    s->title);
			for (size_t j = 0; j < got.n; j++)
				printf("%s%s", j > 0 ? " + " : "", got.v[j]);
			puts(got.n == 0 ? "(no section)" : got.n > 1 ?
			    " (ambiguous)" : "");
			strlist_free(&got);
		}
	rc = EXIT_OK;
out:
	section_index_free(ix);
	archive_free(a);
	strlist_free(&paths);
	diags_free(&d);
	return rc;
}

/*
 * The derived-time notes (check_derived) of the records of a, appended to
 * d. The history walked is that of every record of every, so that the
 * cache in .aftermath/ stays the one a build uses. Without a repository,
 * or when its history cannot be read, there is nothing to say: the check
 * of the records as written does not depend on history.
 */
static void
derived_notes(const context *ctx, const archive *a, const archive *every,
    diags *d)
{
	strlist paths = { 0 }, ids = { 0 };
	history *h = NULL;
	diags scratch = { 0 };
	record **v = xcalloc(a->n ? a->n : 1, sizeof(*v));
	timeline **tl = xcalloc(a->n ? a->n : 1, sizeof(*tl));
	size_t n = 0;

	for (size_t i = 0; i < every->n; i++) {
		strlist_add(&paths, every->v[i]->path);
		strlist_add(&ids, every->v[i]->id);
	}
	for (size_t i = 0; i < a->n; i++)
		if (!a->v[i]->failed)
			v[n++] = a->v[i];
	if (history_walk(ctx->repo_root, ctx->cfg, &paths, &ids, &h,
	    &scratch) == 0 && !history_none(h)) {
		timeline_build_all(v, n, h, ctx->cfg, tl);
		for (size_t i = 0; i < n; i++) {
			check_derived(v[i], tl[i], d);
			timeline_free(tl[i]);
		}
	}
	history_free(h);
	diags_free(&scratch);
	strlist_free(&paths);
	strlist_free(&ids);
	free(v);
	free(tl);
}

int
cmd_check(int argc, char **argv, context *ctx)
{
	cmd_format fmt = FORMAT_TEXT;
	bool strict = false;
	const char *since = NULL;
	const cmd_option opts[] = {
		CMD_FORMAT("format", 'f', &fmt, "text, json, github, sarif"),
		CMD_FLAG("strict", 's', &strict),
		CMD_STRING("changed-since", 'c', &since),
		CMD_RUN("list-rules", 'l', list_rules),
		CMD_CALL("explain-sections", 'e', NULL, explain_sections),
		CMD_OPTIONS_END,
	};
	diags d = { 0 }, scratch = { 0 };
	strlist paths = { 0 }, changed = { 0 };
	const strlist *chosen = NULL;
	archive *a = NULL, *all = NULL;
	size_t nerr, nwarn, nrec;
	int rc;

	if ((rc = cmd_parse_options("check", argc, argv, opts, ctx)) >= 0)
		return rc;
	rc = EXIT_USAGE;
	for (int i = optind; i < argc; i++) {
		char *p;

		if (cmd_repo_path("check", ctx, argv[i], &p) != 0)
			goto out;
		strlist_add(&paths, p);
		free(p);
	}
	if (since != NULL) {
		if (changed_records(ctx, since, &changed) < 0)
			goto out;
		/* with paths as well: the changed records among them */
		size_t o = 0;

		for (size_t i = 0; i < changed.n; i++)
			if (paths.n == 0 || path_selected(changed.v[i], &paths))
				changed.v[o++] = changed.v[i];
			else
				free(changed.v[i]);
		changed.n = o;
		chosen = &changed;
	} else if (paths.n > 0)
		chosen = &paths;

	a = chosen != NULL ?
	    archive_load_paths(ctx->repo_root, ctx->cfg, chosen, &d) :
	    archive_load(ctx->repo_root, ctx->cfg, &d);
	if (a != NULL && chosen != NULL) {
		/* an id is unique across the archive, not just the records
		 * checked: a new record copied from an old one is caught */
		if ((all = archive_load(ctx->repo_root, ctx->cfg,
		    &scratch)) != NULL)
			check_ids_against(a, all, &d);
	}
	for (size_t i = 0; a != NULL && i < a->n; i++)
		check_record(a->v[i], ctx->cfg, ctx->now, &d);
	if (a != NULL)
		derived_notes(ctx, a, all != NULL ? all : a, &d);

	diags_apply_config(&d, ctx->cfg);
	if (strict)
		promote_warnings(&d);
	diags_sort(&d);
	nerr = diags_count(&d, DIAG_ERROR);
	nwarn = diags_count(&d, DIAG_WARNING) - nerr;
	nrec = a != NULL ? a->n : 0;
	if (fmt == FORMAT_JSON) {
		if (cmd_write_json("check", "the JSON output",
		    findings_json(&d, nrec, nerr, nwarn)) < 0)
			goto out;
	} else if (fmt == FORMAT_SARIF) {
		if (cmd_write_json("check", "the SARIF log",
		    sarif_log(&d, ctx->cfg)) < 0)
			goto out;
	} else {
		if (ctx->verbosity < 0)
			drop_below_errors(&d);
		if (fmt == FORMAT_GITHUB)
			print_github(&d);
		else
			diags_print_text(&d, stdout, ctx->color_stdout);
		if (ctx->verbosity >= 0)
			printf("%zu error%s, %zu warning%s in %zu record%s\n",
			    nerr, nerr == 1 ? "" : "s", nwarn,
			    nwarn == 1 ? "" : "s", nrec, nrec == 1 ? "" : "s");
	}
	if (a == NULL)
		rc = EXIT_USAGE;
	else
		rc = nerr > 0 ? EXIT_FINDINGS : EXIT_OK;
out:
	archive_free(all);
	archive_free(a);
	strlist_free(&changed);
	strlist_free(&paths);
	diags_free(&scratch);
	diags_free(&d);
	return rc;
}
