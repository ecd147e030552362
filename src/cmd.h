/*
 * cmd.h - the command front end: the only place that prints and picks
 * exit codes.
 */
#ifndef AM_CMD_H
#define AM_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "diag.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

/* What main sets up once for every command. */
typedef struct context {
	const char *repo_root; /* "." after -C */
	config *cfg;           /* loaded aftermath.yaml */
	int64_t now;           /* SOURCE_DATE_EPOCH, else the clock */
	bool color;            /* stderr is a terminal and NO_COLOR unset */
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
int cmd_metrics(int argc, char **argv, context *ctx);
int cmd_timeline(int argc, char **argv, context *ctx);

/* The command named name, or NULL. */
const command *command_find(const char *name);

/* Print "aftermath CMD: message" to stderr. */
void cmd_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print a usage error with a pointer to --help; returns EXIT_USAGE. */
int cmd_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Report the option getopt_long just refused (call from its '?' case;
 * main sets opterr to 0 so getopt prints nothing itself). Returns
 * EXIT_USAGE. */
int cmd_bad_option(const char *cmd, char **argv);
/* Print the usage text of cmd to f. */
void cmd_print_usage(const command *cmd, FILE *f);

/* Apply configured rule levels to d (dropping rules set to off). */
void diags_apply_config(diags *d, const config *cfg);
/* Print to stderr what a command other than check must show: errors,
 * and warnings about history and the config, unless -q; everything with
 * -v. */
void diags_print_essential(const diags *d, const context *ctx);
/* Print findings compiler-style to f: "path:line:col: level: msg [rule]",
 * coloured when color is set. */
void diags_print_text(const diags *d, FILE *f, bool color);

#endif
