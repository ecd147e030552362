/*
 * cmd.h - the command front end: the only place that prints and picks
 * exit codes.
 */
#ifndef AM_CMD_H
#define AM_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "model/config.h"
#include "lib/diag.h"
#include "history/history.h"
#include "load/load.h"
#include "cmd/progress.h"
#include "history/timeline.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

/* What main sets up once for every command. */
typedef struct context {
	const char *repo_root; /* ".": main changes to the root */
	const char *root;      /* the root, absolute and resolved */
	const char *cwd;       /* where the command was run (or -C DIR),
	                          absolute: command-line paths start here */
	const char *prefix;    /* cwd relative to root: "" at the root */
	config *cfg;           /* loaded aftermath.yaml */
	int64_t now;           /* SOURCE_DATE_EPOCH, else the clock */
	bool color;            /* stderr is a terminal and NO_COLOR unset */
	bool color_stdout;     /* stdout is a terminal and NO_COLOR unset */
	int verbosity;         /* -q: -1, default 0, -v: 1 */
} context;

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv, context *ctx);
	const char *summary;   /* one line for "aftermath help" */
	const char *usage;     /* the usage line(s) and options */
} command;

int cmd_build(int argc, char **argv, context *ctx);
int cmd_check(int argc, char **argv, context *ctx);
int cmd_list(int argc, char **argv, context *ctx);
int cmd_metrics(int argc, char **argv, context *ctx);
int cmd_new(int argc, char **argv, context *ctx);
int cmd_show(int argc, char **argv, context *ctx);
int cmd_timeline(int argc, char **argv, context *ctx);

/* The command named name, or NULL. */
const command *command_find(const char *name);

/*
 * Errors, one format for every command: "aftermath CMD: what is wrong;
 * what to do" on stderr, so that the message itself says how to go on.
 */

/* Print "aftermath CMD: message" to stderr. */
void cmd_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print "Try 'aftermath CMD --help'." to stderr; returns EXIT_USAGE. */
int cmd_try_help(const char *cmd);
/* Print a usage error (cmd_error) with a pointer to --help; evaluates to
 * EXIT_USAGE (cmd twice: pass a plain string). */
#define cmd_usage_error(cmd, ...) \
	(cmd_error((cmd), __VA_ARGS__), cmd_try_help(cmd))
/* Report the option getopt_long just refused (call from its '?' case;
 * main sets opterr to 0 so getopt prints nothing itself). Returns
 * EXIT_USAGE. */
int cmd_bad_option(const char *cmd, char **argv);
/* Print the usage text of cmd to f, "{severities}" in it as the scale of
 * cfg (severity_scale_text). */
void cmd_print_usage(const command *cmd, const config *cfg, FILE *f);
/* What every command does with the options it does not read itself
 * (call from the default case of its getopt_long loop with c): -h prints
 * the usage of cmd on stdout and gives EXIT_OK; anything else is a bad
 * option (cmd_bad_option). Returns the exit status. */
int cmd_common_option(const char *cmd, int c, char **argv,
    const config *cfg);
/* How cmd_parse_options reads one option into its dest. */
typedef enum cmd_opt_kind {
	CMD_OPT_FLAG,          /* no value; sets the bool *dest */
	CMD_OPT_STRING,        /* the const char **dest gets the value */
	CMD_OPT_FORMAT,        /* a --format value, one of formats, into the
	                        * cmd_format *dest (cmd_format_arg) */
	CMD_OPT_CALL,          /* read gets the value */
	CMD_OPT_RUN,           /* no value; read gets NULL */
} cmd_opt_kind;

/* One option of a command: a table of these, ended by a NULL name, says
 * every option the command takes but --help, and where each goes. */
typedef struct cmd_option {
	const char *name;      /* the long name, without "--" */
	char letter;           /* the short form, or 0 for none */
	cmd_opt_kind kind;
	void *dest;
	const char *formats;   /* CMD_OPT_FORMAT: "text or json" */
	/* CMD_OPT_CALL, CMD_OPT_RUN: reads arg for option o of cmd;
	 * returns -1 to go on, else the exit status to end with (after
	 * saying why) */
	int (*read)(const char *cmd, const struct cmd_option *o,
	    const char *arg, const context *ctx);
} cmd_option;

/* The entries of a cmd_option table, by kind, and its end. */
#define CMD_FLAG(n, l, d) \
	{ .name = (n), .letter = (l), .kind = CMD_OPT_FLAG, .dest = (d) }
#define CMD_STRING(n, l, d) \
	{ .name = (n), .letter = (l), .kind = CMD_OPT_STRING, .dest = (d) }
#define CMD_FORMAT(n, l, d, choices) \
	{ .name = (n), .letter = (l), .kind = CMD_OPT_FORMAT, .dest = (d), \
	  .formats = (choices) }
#define CMD_CALL(n, l, d, fn) \
	{ .name = (n), .letter = (l), .kind = CMD_OPT_CALL, .dest = (d), \
	  .read = (fn) }
#define CMD_RUN(n, l, fn) \
	{ .name = (n), .letter = (l), .kind = CMD_OPT_RUN, .read = (fn) }
#define CMD_OPTIONS_END { .name = NULL }

/* Read the options of cmd from argv by the table opts, and -h/--help
 * (usage on stdout), as every command does; optind is left at the first
 * argument. Returns -1 to go on, else the exit status (after --help, a
 * usage error, or what a read function ended with). */
int cmd_parse_options(const char *cmd, int argc, char **argv,
    const cmd_option *opts, const context *ctx);
/* True, after a usage error, when an argument is left after the options
 * of a command that takes none. */
bool cmd_arguments_left(const char *cmd, int argc, char **argv);

/* What --format asks for. */
typedef enum cmd_format {
	FORMAT_TEXT, FORMAT_JSON, FORMAT_GITHUB, FORMAT_SARIF
} cmd_format;
/* Read the --format value arg, one of the formats choices names ("text
 * or json"): the usage error quotes choices, so it names exactly what is
 * taken. Returns 0 with *fmt set, or EXIT_USAGE after the error. */
int cmd_format_arg(const char *cmd, const char *arg, const char *choices,
    cmd_format *fmt);
/* Say that what ("the list as JSON") could not be written to stdout. */
void cmd_cannot_write(const char *cmd, const char *what);
/* Write j (NULL when building it failed) to stdout as indented JSON in
 * key order and a newline; frees j. Returns 0, or -1 after
 * cmd_cannot_write. */
int cmd_write_json(const char *cmd, const char *what, json_t *j);
/*
 * The path arg of the command line, relative to ctx->cwd unless absolute,
 * as a path relative to the repository root (the root itself stands for
 * the incidents directory):
 * ".." and symbolic links of its directories resolved, its last component
 * as it is (the loader refuses a link). Returns 0 with *out set (the
 * caller frees it), or EXIT_USAGE after saying that arg lies outside the
 * repository.
 */
int cmd_repo_path(const char *cmd, const context *ctx, const char *arg,
    char **out);
/* Report that no record of a has id, naming the closest id and the way
 * to list them. Returns EXIT_USAGE. */
int cmd_no_such_id(const char *cmd, const archive *a, const char *id);
/* True when a record of a (may be NULL) or the config names service s;
 * else *best gets the closest name that does, or NULL. */
bool service_exists(const archive *a, const config *cfg, const char *s,
    const char **best);
/* True when a record of a or the config names service s; else a usage
 * error naming the closest one has been printed. */
bool cmd_service_known(const char *cmd, const archive *a, const config *cfg,
    const char *s);

/*
 * Load the archive, then walk the history of its records, as the
 * commands that show merged timelines do (timeline, metrics, show);
 * each step is a stage of p (may be NULL). Returns 0 with *a and *h set
 * (the caller frees them with archive_free and history_free), or -1 with
 * the reason in d (*a may be set then, and must be freed too).
 */
int cmd_load_with_history(const context *ctx, progress *p, archive **a,
    history **h, diags *d);
/* One incident as show and timeline load it, with what loading it took.
 * Zero-initialise; cmd_incident_free frees it all. */
typedef struct cmd_incident {
	archive *a;
	history *h;
	record *r;             /* in a */
	timeline *t;           /* NULL until the command builds it */
	diags d;               /* the findings of loading */
} cmd_incident;

/*
 * For a command about one incident (show, timeline): take the one ID
 * left after the options, load as cmd_load_with_history and find the
 * record, showing the stages of loading as cmd. Returns -1 with in->r set
 * to go on, or the exit status to end with after saying why (findings of
 * the load are in in->d).
 */
int cmd_load_incident(const char *cmd, int argc, char **argv,
    const context *ctx, cmd_incident *in);
/* Free what in holds (NULL-safe members); in can be loaded again. */
void cmd_incident_free(cmd_incident *in);
/* The records of a that could be read, in archive order, into a new
 * array (the caller frees it, not the records) of *n. */
record **cmd_records_read(const archive *a, size_t *n);
/* When some records could not be read: say that nfailed are left out
 * (of_what: "" or " of the figures") and how to see why. */
void cmd_report_unread(const char *cmd, size_t nfailed, const char *of_what);
/* Print the events of t to f, one a line after indent: time, source,
 * kind, text, author and commit, [derived]. */
void cmd_print_events(const timeline *t, const char *indent, FILE *f);

/* A table printed with aligned columns; the first nleft columns are
 * aligned left, the others (numbers) right, unless align says for each
 * column: 'l' or 'r'. Zero-initialise, set ncols and nleft or align. */
typedef struct table {
	size_t ncols, nleft;
	const char *align;     /* NULL, or ncols letters 'l' and 'r' */
	strlist cells;         /* row-major; the first row is the header */
} table;

/* Append one row of t->ncols cells (NULL shows as "-"). */
void table_row(table *t, const char *const *cells);
/* Print t to f with two spaces between columns, then free its cells. */
void table_print(table *t, FILE *f);

/* Apply configured rule levels to d (dropping rules set to off). */
void diags_apply_config(diags *d, const config *cfg);
/* Print to stderr what a command other than check must show: errors,
 * and warnings about history and the config, unless -q; everything with
 * -v. */
void diags_print_essential(const diags *d, const context *ctx);
/* Give d the configured levels, sort it and print what is essential
 * (diags_print_essential): how a command other than check reports. */
void diags_report_essential(diags *d, const context *ctx);
/* Write s to f with control characters (but tab) shown as \xNN, so that
 * text from files and commits cannot drive the terminal. */
void fputs_safe(const char *s, FILE *f);
/* Print findings compiler-style to f: "path:line:col: level: msg [rule]",
 * coloured when color is set. */
void diags_print_text(const diags *d, FILE *f, bool color);

#endif
