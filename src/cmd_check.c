/*
 * cmd_check.c - aftermath check: validate records, print findings.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd.h"
#include "load.h"

typedef enum { FMT_TEXT, FMT_JSON, FMT_GITHUB } check_format;

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

static void
print_github(const diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const diag *x = &d->v[i];

		printf("::%s ", x->level == DIAG_ERROR ? "error" :
		    x->level == DIAG_WARNING ? "warning" : "notice");
		fputs("file=", stdout);
		gh_escape(stdout, x->path ? x->path : "", true);
		if (x->line > 0)
			printf(",line=%d", x->line);
		if (x->col > 0)
			printf(",col=%d", x->col);
		fputs(",title=", stdout);
		gh_escape(stdout, x->rule, true);
		fputs("::", stdout);
		gh_escape(stdout, x->message, false);
		fputc('\n', stdout);
	}
}

static int
print_json(const diags *d, size_t nrecords)
{
	json_t *root = json_object(), *list = json_array();
	int rc;

	for (size_t i = 0; i < d->n; i++) {
		const diag *x = &d->v[i];

		json_array_append_new(list, json_pack("{s:s?,s:i,s:i,s:s,s:s,s:s}",
		    "path", x->path, "line", x->line, "column", x->col,
		    "level", diag_level_name(x->level), "rule", x->rule,
		    "message", x->message));
	}
	json_object_set_new(root, "records", json_integer((json_int_t)nrecords));
	json_object_set_new(root, "errors",
	    json_integer((json_int_t)diags_count(d, DIAG_ERROR)));
	json_object_set_new(root, "warnings", json_integer((json_int_t)
	    (diags_count(d, DIAG_WARNING) - diags_count(d, DIAG_ERROR))));
	json_object_set_new(root, "findings", list);
	rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(root);
	return rc;
}

int
cmd_check(int argc, char **argv, context *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	check_format fmt = FMT_TEXT;
	bool strict = false;
	diags d = { 0 };
	strlist paths = { 0 };
	archive *a = NULL;
	size_t nerr, nwarn;
	int c, rc = EXIT_USAGE;

	while ((c = getopt_long(argc, argv, "f:sh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				fmt = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				fmt = FMT_JSON;
			else if (strcmp(optarg, "github") == 0)
				fmt = FMT_GITHUB;
			else
				return cmd_usage_error("check", "unknown "
				    "format '%s' (text, json, github)", optarg);
			break;
		case 's':
			strict = true;
			break;
		case 'h':
			cmd_print_usage(command_find("check"), stdout);
			return EXIT_OK;
		default:
			return cmd_usage_error("check", "unknown option");
		}
	}
	for (int i = optind; i < argc; i++) {
		const char *p = argv[i];

		while (p[0] == '.' && p[1] == '/')
			p += 2;
		strlist_add(&paths, p);
	}
	a = paths.n ? archive_load_paths(ctx->repo_root, ctx->cfg, &paths, &d) :
	    archive_load(ctx->repo_root, ctx->cfg, &d);
	diags_apply_config(&d, ctx->cfg);
	diags_sort(&d);
	nerr = diags_count(&d, DIAG_ERROR);
	nwarn = diags_count(&d, DIAG_WARNING) - nerr;
	if (fmt == FMT_JSON)
		print_json(&d, a ? a->n : 0);
	else if (fmt == FMT_GITHUB)
		print_github(&d);
	else {
		diags_print_text(&d, stdout, ctx->color && isatty(1));
		if (ctx->verbosity >= 0)
			printf("%zu error%s, %zu warning%s in %zu record%s\n",
			    nerr, nerr == 1 ? "" : "s", nwarn,
			    nwarn == 1 ? "" : "s", a ? a->n : 0,
			    a && a->n == 1 ? "" : "s");
	}
	if (a == NULL)
		rc = EXIT_USAGE;
	else if (nerr > 0 || (strict && nwarn > 0))
		rc = EXIT_FINDINGS;
	else
		rc = EXIT_OK;
	archive_free(a);
	strlist_free(&paths);
	diags_free(&d);
	return rc;
}
