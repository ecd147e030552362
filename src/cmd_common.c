/*
 * cmd_common.c - printing shared by the commands.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

void
cmd_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "aftermath %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "aftermath %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'aftermath %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int
cmd_bad_option(const char *cmd, char **argv)
{
	/* getopt leaves the offending word just before optind */
	const char *word = optind > 0 ? argv[optind - 1] : "?";

	if (optopt != 0 && optopt != '?' && word[0] == '-' && word[1] != '-')
		return cmd_usage_error(cmd, "unknown option or missing value "
		    "for '-%c'", optopt);
	return cmd_usage_error(cmd, "unknown option or missing value for "
	    "'%s'", word);
}

void
cmd_print_usage(const command *cmd, FILE *f)
{
	fprintf(f, "%s\n\n%s", cmd->summary, cmd->usage);
}

void
diags_apply_config(diags *d, const config *cfg)
{
	size_t o = 0;

	for (size_t i = 0; i < d->n; i++) {
		diag *x = &d->v[i];

		/* only warnings and errors are configurable; notes stay */
		if (x->level >= DIAG_WARNING)
			x->level = config_rule_level(cfg, x->rule, x->level);
		if (x->level == DIAG_OFF) {
			free(x->path);
			free(x->rule);
			free(x->message);
			continue;
		}
		d->v[o++] = *x;
	}
	d->n = o;
}

void
diags_print_text(const diags *d, FILE *f, bool color)
{
	for (size_t i = 0; i < d->n; i++) {
		const diag *x = &d->v[i];
		const char *lc = x->level == DIAG_ERROR ? "\033[1;31m" :
		    x->level == DIAG_WARNING ? "\033[1;35m" : "\033[1;36m";

		if (color)
			fputs("\033[1m", f);
		fputs(x->path ? x->path : "aftermath", f);
		if (x->line > 0)
			fprintf(f, ":%d", x->line);
		if (x->line > 0 && x->col > 0)
			fprintf(f, ":%d", x->col);
		fprintf(f, ":%s %s%s:%s %s", color ? "\033[0m" : "",
		    color ? lc : "", diag_level_name(x->level),
		    color ? "\033[0m" : "", x->message);
		if (x->rule[0])
			fprintf(f, " [%s]", x->rule);
		fputc('\n', f);
	}
}

void
diags_print_essential(const diags *d, const context *ctx)
{
	diags shown = { 0 };

	if (ctx->verbosity > 0) {
		diags_print_text(d, stderr, ctx->color);
		return;
	}
	for (size_t i = 0; i < d->n; i++) {
		const diag *x = &d->v[i];

		/* history warnings change what the pages can show (a shallow
		 * clone, no repository): say so even without -v */
		if (x->level == DIAG_ERROR || (ctx->verbosity == 0 &&
		    (strcmp(x->rule, "history") == 0 ||
		    strcmp(x->rule, "history-cache") == 0 ||
		    strcmp(x->rule, "config") == 0)))
			diags_add(&shown, x->path, x->line, x->col, x->level,
			    x->rule, "%s", x->message);
	}
	diags_print_text(&shown, stderr, ctx->color);
	diags_free(&shown);
}
