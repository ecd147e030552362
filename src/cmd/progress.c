/*
 * progress.c - one self-redrawing line on a terminal; see progress.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cmd/progress.h"
#include "lib/util.h"

/* Redraw no more often than this (nanoseconds): a terminal that is
 * written to on every record slows the build down. */
#define REDRAW_NS 100000000LL

struct progress {
	FILE *f;
	char *cmd;
	bool live, verbose;
	bool active;           /* a stage is running */
	bool drawn;            /* the line is on the screen */
	char *what, *done, *noun;
	size_t count, total;
	int64_t started;       /* of the stage, ns */
	int64_t last;          /* last redraw, ns; 0 = never */
};

/* Monotonic time in nanoseconds. */
static int64_t
now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

progress *
progress_new_on(FILE *f, const char *cmd, bool live, bool verbose)
{
	progress *p = xcalloc(1, sizeof(*p));

	p->f = f;
	p->cmd = xstrdup(cmd);
	p->live = live;
	p->verbose = verbose;
	return p;
}

progress *
progress_new(const char *cmd, int verbosity)
{
	return progress_new_on(stderr, cmd, verbosity >= 0 &&
	    isatty(STDERR_FILENO), verbosity > 0);
}

/* Wipe the drawn line: back to its start, erase to the end. */
static void
clear_line(progress *p)
{
	if (!p->drawn)
		return;
	fputs("\r\033[K", p->f);
	fflush(p->f);
	p->drawn = false;
}

/* Draw the line now. */
static void
draw(progress *p)
{
	fprintf(p->f, "\r\033[Kaftermath %s: %s", p->cmd, p->what);
	if (p->total > 0)
		fprintf(p->f, " %zu/%zu", p->count, p->total);
	else if (p->count > 0)
		fprintf(p->f, " %zu", p->count);
	else
		fputs("...", p->f);
	fflush(p->f);
	p->drawn = true;
	p->last = now_ns();
}

/* End the running stage: log it under -v. */
static void
stage_end(progress *p)
{
	if (!p->active)
		return;
	clear_line(p);
	if (p->verbose) {
		double secs = (double)(now_ns() - p->started) / 1e9;

		if (p->count > 0 || p->total > 0)
			fprintf(p->f, "aftermath %s: %s %zu %s (%.2f s)\n",
			    p->cmd, p->done, p->count, p->noun, secs);
		else
			fprintf(p->f, "aftermath %s: %s %s (%.2f s)\n",
			    p->cmd, p->done, p->noun, secs);
		fflush(p->f);
	}
	free(p->what);
	free(p->done);
	free(p->noun);
	p->what = p->done = p->noun = NULL;
	p->active = false;
}

void
progress_stage(progress *p, const char *what, const char *done,
    const char *noun, size_t total)
{
	if (p == NULL)
		return;
	stage_end(p);
	p->what = xstrdup(what);
	p->done = xstrdup(done);
	p->noun = xstrdup(noun);
	p->count = 0;
	p->total = total;
	p->started = now_ns();
	p->active = true;
	if (p->live)
		draw(p);
}

void
progress_count(progress *p, size_t count, size_t total)
{
	if (p == NULL || !p->active)
		return;
	p->count = count;
	if (total > 0)
		p->total = total;
	if (p->live && (now_ns() - p->last >= REDRAW_NS ||
	    (p->total > 0 && count >= p->total)))
		draw(p);
}

void
progress_hook(void *arg, size_t count, size_t total)
{
	progress_count(arg, count, total);
}

void
progress_end(progress *p)
{
	if (p == NULL)
		return;
	stage_end(p);
	clear_line(p);
}

void
progress_free(progress *p)
{
	if (p == NULL)
		return;
	progress_end(p);
	free(p->cmd);
	free(p);
}
