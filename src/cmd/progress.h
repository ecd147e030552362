/*
 * progress.h - progress of a long command on stderr, for the front end.
 *
 * Unlike the stages, this module prints: it is part of the command front
 * end (cmd_*.c) and the one place that draws progress. While a command
 * runs on a terminal, one line is redrawn in place with \r
 *
 *     aftermath build: writing pages 120/400
 *
 * and cleared when the command ends, so that findings and results print
 * on a clean line. Nothing is drawn when stderr is not a terminal (CI
 * logs, pipes) or with -q. With -v each finished stage also leaves one
 * line, terminal or not: "aftermath build: read 400 records (0.21 s)".
 *
 * A stage that counts inside a module (the render stage writing pages)
 * is given progress_hook and the progress as a callback, so that the
 * module reports counts without printing anything itself.
 */
#ifndef AM_PROGRESS_H
#define AM_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct progress progress;

/*
 * Progress of command cmd ("build") on stderr: drawn when stderr is a
 * terminal and verbosity >= 0, stages logged when verbosity > 0. Returns
 * a new progress (free with progress_free); never NULL.
 */
progress *progress_new(const char *cmd, int verbosity);
/* As progress_new, but on f, drawn when live, logged when verbose; for
 * tests. */
progress *progress_new_on(FILE *f, const char *cmd, bool live,
    bool verbose);

/*
 * Begin a stage, ending the one before: what is a verb phrase for the
 * line ("reading records"), done the past form for the -v log ("read")
 * and noun what is counted ("records"); total is 0 when not known.
 * All NULL-safe, as is every call below.
 */
void progress_stage(progress *p, const char *what, const char *done,
    const char *noun, size_t total);
/* Set the count of the current stage (and its total, when not 0). The
 * line is redrawn at most every tenth of a second, and at the end. */
void progress_count(progress *p, size_t count, size_t total);
/* The same as a callback for modules: arg is the progress. */
void progress_hook(void *arg, size_t count, size_t total);
/* End the current stage and clear the line; call before printing
 * results or findings to stderr. The progress may begin more stages. */
void progress_end(progress *p);
/* progress_end, then free p. NULL-safe. */
void progress_free(progress *p);

#endif
