/*
 * mdlimits.h - refuse a record body that would make cmark-gfm work for
 * minutes, before cmark-gfm sees it.
 *
 * Debian 12's cmark-gfm 0.29.0.gfm.6 predates the 2023 fixes for its
 * quadratic cases (CVE-2023-22483, -22484, -24824, -26485 and others):
 * deep lists or quotes followed by many lines, many unclosed "<?", "<!X"
 * or "<![CDATA[", many "![" with many "]", many URLs next to many "<", and
 * tables with thousands of columns or padded rows. One pass over the text
 * bounds from above the work each of those would cost; a body over any
 * budget is refused. The bounds are loose enough that written records
 * stay far below them.
 */
#ifndef AM_MDLIMITS_H
#define AM_MDLIMITS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"

/* What one scan found: each cost next to its budget (for tests). */
typedef struct mdcost {
	uint64_t nesting;      /* open containers summed over lines */
	uint64_t html_scan;    /* bytes scanned for unclosed raw HTML */
	uint64_t autolink;     /* "<" x URL starts, per paragraph */
	uint64_t brackets;     /* "![" x "]", per paragraph */
	uint64_t table_cols;   /* cells squared, summed over lines */
	uint64_t table_cells;  /* cells once short rows are padded */
} mdcost;

#define MDLIMIT_NESTING     4000000u
#define MDLIMIT_HTML_SCAN   100000000u
#define MDLIMIT_AUTOLINK    10000000u
#define MDLIMIT_BRACKETS    20000000u
#define MDLIMIT_TABLE_COLS  50000000u
#define MDLIMIT_TABLE_CELLS 600000u

/*
 * Scan len bytes of body (file line first_line onwards) and fill *cost
 * when cost is not NULL. Returns 0 when every cost is within its budget,
 * or -1 with a "record-size" error for path at the line where the first
 * budget ran out.
 */
int mdlimits_check(const char *body, size_t len, int first_line,
    const char *path, mdcost *cost, diags *d);

#endif
