/*
 * diag.h - diagnostics collected by every stage.
 *
 * Modules never print. They append findings here with a file, a 1-based
 * line and column (0 when unknown), a level and a rule id; the command front
 * end sorts, filters and prints them.
 */
#ifndef AM_DIAG_H
#define AM_DIAG_H

#include <stddef.h>

typedef enum diag_level {
	DIAG_OFF = 0,   /* a rule switched off; never stored */
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR,
} diag_level;

typedef struct diag {
	char *path;     /* file as given to the loader, or NULL */
	int line, col;  /* 1-based; 0 = unknown */
	diag_level level;
	char *rule;     /* rule id such as "yaml-syntax" */
	char *message;
} diag;

typedef struct diags {
	diag *v;
	size_t n, cap;
} diags;

/* Append a finding. path and rule are copied; level DIAG_OFF is ignored. */
void diags_add(diags *d, const char *path, int line, int col, diag_level level,
    const char *rule, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Move every finding of src to the end of dst; src is left empty. */
void diags_move(diags *dst, diags *src);
/* Sort by path, line, column, then rule, keeping equal ones stable. */
void diags_sort(diags *d);
/* How many findings have at least the given level. */
size_t diags_count(const diags *d, diag_level at_least);
/* Name of a level: "error", "warning", "note". */
const char *diag_level_name(diag_level level);
/* Free every finding; d itself may be reused. NULL-safe. */
void diags_free(diags *d);

#endif
