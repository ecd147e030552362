/*
 * diag.c - the list of findings that stages fill and the front end prints.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/grow.h"
#include "lib/util.h"

void
diags_add(diags *d, const char *path, int line, int col, diag_level level,
    const char *rule, const char *fmt, ...)
{
	va_list ap;
	diag *x;

	if (level == DIAG_OFF)
		return;
	d->v = xgrow(d->v, d->n, &d->cap, sizeof(*d->v), 16);
	x = &d->v[d->n++];
	x->path = path ? xstrdup(path) : NULL;
	x->line = line;
	x->col = col;
	x->level = level;
	x->rule = xstrdup(rule ? rule : "");
	va_start(ap, fmt);
	x->message = xvasprintf(fmt, ap);
	va_end(ap);
}

void
diags_move(diags *dst, diags *src)
{
	for (size_t i = 0; i < src->n; i++) {
		dst->v = xgrow(dst->v, dst->n, &dst->cap, sizeof(*dst->v), 16);
		dst->v[dst->n++] = src->v[i];
	}
	free(src->v);
	src->v = NULL;
	src->n = src->cap = 0;
}

static int
cmp_diag(const diag *a, const diag *b)
{
	int c = strcmp(a->path ? a->path : "", b->path ? b->path : "");

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

void
diags_sort(diags *d)
{
	/* insertion sort keeps equal findings in the order they were found,
	 * which qsort does not promise; lists are short */
	for (size_t i = 1; i < d->n; i++) {
		diag x = d->v[i];
		size_t j = i;

		while (j > 0 && cmp_diag(&d->v[j - 1], &x) > 0) {
			d->v[j] = d->v[j - 1];
			j--;
		}
		d->v[j] = x;
	}
}

size_t
diags_count(const diags *d, diag_level at_least)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level >= at_least)
			n++;
	return n;
}

const char *
diag_level_name(diag_level level)
{
	switch (level) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	case DIAG_NOTE:
		return "note";
	default:
		return "off";
	}
}

void
diags_free(diags *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].rule);
		free(d->v[i].message);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
