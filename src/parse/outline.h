/*
 * outline.h - the outline of a record body: its headings and action items,
 * read without building the whole markdown tree.
 *
 * The timeline compares every version of a record in history, and all it
 * compares of the body is which sections exist and which action items are
 * open or done. Parsing each version completely took most of a build.
 */
#ifndef AM_OUTLINE_H
#define AM_OUTLINE_H

#include <stddef.h>

#include "model/config.h"
#include "lib/diag.h"
#include "model/record.h"

/*
 * Read the outline of body (len bytes, LF line ends, starting at file line
 * first_line) into r: r->sections with title, level and position (no
 * anchor, no text) and r->actions, each as markdown_parse would find them.
 * Headings come from a line scanner that declines (returns 1, r unchanged)
 * whenever the body holds a construct under which a line starting with '#'
 * might not be a top-level heading, or a heading's text might not be what
 * it shows (code fences, HTML, setext underlines, link definitions,
 * indented or nested '#' lines, inline markup in a heading); the caller
 * then parses the body fully. The action items section alone goes through
 * markdown_parse. Returns 0, 1 (declined) or -1 when cmark fails.
 */
int outline_parse(const char *body, size_t len, int first_line, record *r,
    const config *cfg, diags *d);

#endif
