/*
 * cmd/common.c - what the commands share: the error format, the options
 * every command reads alike (--help, --format), JSON on stdout, tables,
 * the archive with its history, and printing findings and timelines.
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/words.h"
#include "lib/utf8.h"
#include "check/check.h"
#include "cmd/cmd.h"
#include "parse/scaffold.h"

/* "aftermath CMD: message" on stderr, without the line end: the one
 * place the error format is written. */
static void
vreport(const char *cmd, const char *fmt, va_list ap)
{
	fprintf(stderr, "aftermath %s: ", cmd);
	vfprintf(stderr, fmt, ap);
}

void
cmd_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cmd, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cmd_try_help(const char *cmd)
{
	fprintf(stderr, "Try 'aftermath %s --help'.\n", cmd);
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
cmd_print_usage(const command *cmd, const config *cfg, FILE *f)
{
	const char *at = strstr(cmd->usage, "{severities}");
	char *scale;

	fprintf(f, "%s\n\n", cmd->summary);
	if (at == NULL) {
		fputs(cmd->usage, f);
		return;
	}
	scale = severity_scale_text(cfg);
	fprintf(f, "%.*s%s%s", (int)(at - cmd->usage), cmd->usage, scale,
	    at + strlen("{severities}"));
	free(scale);
}

int
cmd_common_option(const char *cmd, int c, char **argv, const config *cfg)
{
	if (c != 'h')
		return cmd_bad_option(cmd, argv);
	cmd_print_usage(command_find(cmd), cfg, stdout);
	return EXIT_OK;
}

/* The getopt_long value of opts[i]: its letter, or past every char when
 * it has none. */
static int
option_value(const cmd_option *opts, size_t i)
{
	return opts[i].letter != 0 ? (unsigned char)opts[i].letter :
	    UCHAR_MAX + 1 + (int)i;
}

/* Act on the option o with the value arg. Returns -1 to go on, else the exit
 * status. */
static int
apply_option(const char *cmd, const cmd_option *o, const char *arg,
    const context *ctx)
{
	switch (o->kind) {
	case CMD_OPT_FLAG:
		*(bool *)o->dest = true;
		return -1;
	case CMD_OPT_STRING:
		*(const char **)o->dest = arg;
		return -1;
	case CMD_OPT_FORMAT:
		return cmd_format_arg(cmd, arg, o->formats, o->dest) != 0 ?
		    EXIT_USAGE : -1;
	case CMD_OPT_CALL:
	case CMD_OPT_RUN:
		return o->read(cmd, o, arg, ctx);
	}
	return -1;
}

int
cmd_parse_options(const char *cmd, int argc, char **argv,
    const cmd_option *opts, const context *ctx)
{
	struct option *lo;
	buf shorts = { 0 };
	size_t n = 0;
	int c, rc = -1;

	while (opts[n].name != NULL)
		n++;
	/* the table, then --help, then the zero entry getopt_long ends on */
	lo = xcalloc(n + 2, sizeof(*lo));
	for (size_t i = 0; i < n; i++) {
		bool takes_value = opts[i].kind == CMD_OPT_STRING ||
		    opts[i].kind == CMD_OPT_FORMAT ||
		    opts[i].kind == CMD_OPT_CALL;

		lo[i] = (struct option){ opts[i].name, takes_value ?
		    required_argument : no_argument, NULL,
		    option_value(opts, i) };
		if (opts[i].letter != 0)
			buf_addf(&shorts, "%c%s", opts[i].letter,
			    takes_value ? ":" : "");
	}
	lo[n] = (struct option){ "help", no_argument, NULL, 'h' };
	buf_adds(&shorts, "h");
	while (rc < 0 && (c = getopt_long(argc, argv, shorts.data, lo,
	    NULL)) != -1) {
		size_t i = 0;

		while (i < n && option_value(opts, i) != c)
			i++;
		rc = i < n ? apply_option(cmd, &opts[i], optarg, ctx) :
		    cmd_common_option(cmd, c, argv, ctx->cfg);
	}
	free(lo);
	buf_free(&shorts);
	return rc;
}

bool
cmd_arguments_left(const char *cmd, int argc, char **argv)
{
	if (optind >= argc)
		return false;
	cmd_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return true;
}

/* True when word stands in list as a whole word ("json" in "text or
 * json", not in "jsonl"). */
static bool
has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = strstr(list, word); p != NULL;
	    p = strstr(p + 1, word))
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
	return false;
}

int
cmd_format_arg(const char *cmd, const char *arg, const char *choices,
    cmd_format *fmt)
{
	/* in the order of cmd_format */
	static const char *const names[] = { "text", "json", "github",
	    "sarif" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(arg, names[i]) == 0 && has_word(choices, names[i])) {
			*fmt = (cmd_format)i;
			return 0;
		}
	return cmd_usage_error(cmd, "unknown format '%s' (%s)", arg, choices);
}

void
cmd_cannot_write(const char *cmd, const char *what)
{
	cmd_error(cmd, "cannot write %s; try again, or report a bug", what);
}

int
cmd_write_json(const char *cmd, const char *what, json_t *j)
{
	int rc = -1;

	if (j != NULL && json_dumpf(j, stdout, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) == 0 && putchar('\n') != EOF)
		rc = 0;
	json_decref(j);
	if (rc < 0)
		cmd_cannot_write(cmd, what);
	return rc;
}

/* Drop the "." and empty components of the absolute path p and undo each
 * ".." lexically, in place: for a path whose directories do not exist,
 * which realpath cannot resolve. */
static void
normalise_path(char *p)
{
	size_t o = 0;

	for (char *s = p; *s != '\0';) {
		size_t n;

		while (*s == '/')
			s++;
		n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.')) {
		} else if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 0 && p[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			p[o++] = '/';
			memmove(p + o, s, n);
			o += n;
		}
		s += n;
	}
	if (o == 0)
		p[o++] = '/';
	p[o] = '\0';
}

int
cmd_repo_path(const char *cmd, const context *ctx, const char *arg,
    char **out)
{
	char *full = arg[0] == '/' ? xstrdup(arg) :
	    xasprintf("%s/%s", ctx->cwd, arg);
	char *slash = strrchr(full, '/'), *dir, *path;
	const char *last = slash + 1;
	size_t nroot = strlen(ctx->root);
	int rc = EXIT_USAGE;

	*out = NULL;
	/* the last component is not followed, so that a link named on the
	 * command line is refused as the loader refuses one it finds */
	if (strcmp(last, "") == 0 || strcmp(last, ".") == 0 ||
	    strcmp(last, "..") == 0) {
		last = NULL;
		dir = realpath(full, NULL);
	} else {
		char *parent = slash == full ? xstrdup("/") :
		    xstrndup(full, (size_t)(slash - full));

		dir = realpath(parent, NULL);
		free(parent);
	}
	if (dir == NULL) {
		/* a directory that does not exist: the loader says so */
		path = xstrdup(full);
		normalise_path(path);
	} else if (last == NULL)
		path = xstrdup(dir);
	else
		path = xasprintf("%s%s%s", dir, strcmp(dir, "/") != 0 ? "/" :
		    "", last);
	free(dir);
	/* the root stands for its records, not for every file in it */
	if (strcmp(path, ctx->root) == 0)
		*out = xstrdup(ctx->cfg->incidents_dir);
	else if (strncmp(path, ctx->root, nroot) == 0 &&
	    (path[nroot] == '/' || strcmp(ctx->root, "/") == 0))
		*out = xstrdup(path + nroot + (path[nroot] == '/'));
	if (*out != NULL)
		rc = 0;
	else
		cmd_usage_error(cmd, "'%s' is outside the repository %s; name "
		    "a record or a directory of records inside it", arg,
		    ctx->root);
	free(path);
	free(full);
	return rc;
}

int
cmd_no_such_id(const char *cmd, const archive *a, const char *id)
{
	const char *best = NULL;
	size_t bestd = 4;

	for (size_t i = 0; i < a->n; i++) {
		size_t dist = edit_distance(id, a->v[i]->id);

		if (dist < bestd) {
			bestd = dist;
			best = a->v[i]->id;
		}
	}
	if (best != NULL)
		cmd_error(cmd, "no incident with id '%s'; did you mean '%s'? "
		    "('aftermath list' shows every id)", id, best);
	else
		cmd_error(cmd, "no incident with id '%s'; 'aftermath list' "
		    "shows every id", id);
	return EXIT_USAGE;
}

bool
service_exists(const archive *a, const config *cfg, const char *s,
    const char **best)
{
	size_t bestd = 3;

	*best = NULL;
	if (config_service(cfg, s) != NULL)
		return true;
	for (size_t i = 0; a != NULL && i < a->n; i++)
		for (size_t k = 0; k < a->v[i]->services.n; k++) {
			const char *x = a->v[i]->services.v[k];
			size_t dd;

			if (strcmp(x, s) == 0)
				return true;
			if ((dd = edit_distance(x, s)) < bestd) {
				bestd = dd;
				*best = x;
			}
		}
	for (size_t i = 0; i < cfg->nservices; i++) {
		size_t dd = edit_distance(cfg->services[i].name, s);

		if (dd < bestd) {
			bestd = dd;
			*best = cfg->services[i].name;
		}
	}
	return false;
}

bool
cmd_service_known(const char *cmd, const archive *a, const config *cfg,
    const char *s)
{
	const char *best;

	if (service_exists(a, cfg, s, &best))
		return true;
	cmd_usage_error(cmd, "no incident or setting names the service "
	    "'%s'%s%s%s", s, best ? " (did you mean '" : "",
	    best ? best : "", best ? "'?)" : "");
	return false;
}

int
cmd_load_with_history(const context *ctx, progress *p, archive **a,
    history **h, diags *d)
{
	strlist paths = { 0 }, ids = { 0 };
	size_t ncommits = 0;
	int rc = -1;

	*h = NULL;
	progress_stage(p, "reading records", "read", "records", 0);
	if ((*a = archive_load(ctx->repo_root, ctx->cfg, d)) == NULL)
		goto out;
	progress_count(p, (*a)->n, 0);
	for (size_t i = 0; i < (*a)->n; i++) {
		strlist_add(&paths, (*a)->v[i]->path);
		strlist_add(&ids, (*a)->v[i]->id);
	}
	/* no repository just means no history: history_walk says so with a
	 * warning and gives an empty one */
	progress_stage(p, "reading git history", "found", "commits that "
	    "touch records", 0);
	if (history_walk(ctx->repo_root, ctx->cfg, &paths, &ids, h, d) < 0)
		goto out;
	(void)history_commits(*h, &ncommits);
	progress_count(p, ncommits, 0);
	rc = 0;
out:
	progress_end(p);
	strlist_free(&paths);
	strlist_free(&ids);
	return rc;
}

int
cmd_load_incident(const char *cmd, int argc, char **argv,
    const context *ctx, cmd_incident *in)
{
	progress *prog;
	int rc;

	if (optind + 1 != argc)
		return cmd_usage_error(cmd, "name one incident id, such as "
		    "'aftermath %s 2026-001' ('aftermath list' shows them)",
		    cmd);
	prog = progress_new(cmd, ctx->verbosity);
	rc = cmd_load_with_history(ctx, prog, &in->a, &in->h, &in->d);
	progress_free(prog);
	if (rc < 0)
		return EXIT_USAGE;
	if ((in->r = archive_find(in->a, argv[optind])) == NULL)
		return cmd_no_such_id(cmd, in->a, argv[optind]);
	return -1;
}

void
cmd_incident_free(cmd_incident *in)
{
	/* in the reverse order of loading */
	timeline_free(in->t);
	diags_free(&in->d);
	history_free(in->h);
	archive_free(in->a);
	*in = (cmd_incident){ 0 };
}

record **
cmd_records_read(const archive *a, size_t *n)
{
	record **v = xcalloc(a->n ? a->n : 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < a->n; i++)
		if (!a->v[i]->failed)
			v[(*n)++] = a->v[i];
	return v;
}

void
cmd_report_unread(const char *cmd, size_t nfailed, const char *of_what)
{
	if (nfailed > 0)
		cmd_error(cmd, "%zu record%s could not be read and %s left "
		    "out%s; run 'aftermath check' to see why", nfailed,
		    nfailed == 1 ? "" : "s", nfailed == 1 ? "is" : "are",
		    of_what);
}

void
cmd_print_events(const timeline *t, const char *indent, FILE *f)
{
	char tb[64];

	for (size_t i = 0; i < t->n; i++) {
		const event *e = &t->v[i];

		fprintf(f, "%s%-22s  %-8s  %-10s  %s", indent,
		    e->has_time ? time_format(e->time, TIME_SHOW, tb,
		    sizeof(tb)) : "(no time)",
		    event_source_name(e->source), event_kind_name(e->kind),
		    e->text);
		if (e->author != NULL)
			fprintf(f, "  (%s, %.8s)", e->author, e->commit);
		if (e->derived)
			fputs("  [derived]", f);
		fputc('\n', f);
	}
}

void
table_row(table *t, const char *const *cells)
{
	for (size_t i = 0; i < t->ncols; i++)
		strlist_add(&t->cells, cells[i] ? cells[i] : "-");
}

void
table_print(table *t, FILE *f)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w));
	size_t nrows = t->cells.n / t->ncols;

	for (size_t i = 0; i < t->cells.n; i++) {
		size_t cw = utf8_width(t->cells.v[i]);

		if (cw > w[i % t->ncols])
			w[i % t->ncols] = cw;
	}
	for (size_t r = 0; r < nrows; r++) {
		buf line = { 0 };

		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells.v[r * t->ncols + c];
			size_t pad = w[c] - utf8_width(s);
			bool left = t->align ? t->align[c] == 'l' :
			    c < t->nleft;

			if (c > 0)
				buf_adds(&line, "  ");
			if (!left)
				for (size_t k = 0; k < pad; k++)
					buf_addc(&line, ' ');
			buf_adds(&line, s);
			if (left && c + 1 < t->ncols)
				for (size_t k = 0; k < pad; k++)
					buf_addc(&line, ' ');
		}
		/* no trailing blanks from an empty last left column */
		while (line.len > 0 && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		fprintf(f, "%s\n", line.data ? line.data : "");
		buf_free(&line);
	}
	free(w);
	strlist_free(&t->cells);
}

void
diags_apply_config(diags *d, const config *cfg)
{
	/* one place decides levels: the site applies them too */
	check_apply_levels(d, cfg);
}

void
fputs_safe(const char *s, FILE *f)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
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
		/* a file name or a message may carry bytes a terminal would
		 * run as escape sequences */
		fputs_safe(x->path ? x->path : "aftermath", f);
		if (x->line > 0)
			fprintf(f, ":%d", x->line);
		if (x->line > 0 && x->col > 0)
			fprintf(f, ":%d", x->col);
		fprintf(f, ":%s %s%s:%s ", color ? "\033[0m" : "",
		    color ? lc : "", diag_level_name(x->level),
		    color ? "\033[0m" : "");
		fputs_safe(x->message, f);
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

void
diags_report_essential(diags *d, const context *ctx)
{
	diags_apply_config(d, ctx->cfg);
	diags_sort(d);
	diags_print_essential(d, ctx);
}
