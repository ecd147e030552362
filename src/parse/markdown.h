/*
 * markdown.h - the body of a record (cmark-gfm): sections, timeline
 * entries and action items. slugify is in anchor.h.
 */
#ifndef AM_MARKDOWN_H
#define AM_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "model/config.h"
#include "parse/anchor.h"
#include "lib/diag.h"
#include "model/record.h"

/*
 * Parse the body (len bytes starting at file line first_line) with the GFM
 * table, strikethrough, autolink and tasklist extensions, raw HTML off.
 * Fills r->doc, r->sections, r->timeline (from the section titled
 * "Timeline"), r->actions (from the section titled "Action items") and
 * r->summary when it is not set yet (the first paragraph of "Summary");
 * titles match as sections.h says, with cfg's synonyms (cfg may be NULL).
 * Findings: timeline-entry; record-size when the body would make cmark-gfm
 * work too long (mdlimits.h). Returns 0, or -1 when the body is refused or
 * cmark fails.
 */
int markdown_parse(const char *body, size_t len, int first_line, record *r,
    const config *cfg, diags *d);

/* Register cmark-gfm's extensions, once: call before threads parse
 * (cmark-gfm's own registration is not safe to race). */
void markdown_init(void);

/* The cmark tree of a body, parsed as markdown_parse does, without
 * reading anything from it or checking its limits (do that first).
 * Returns a tree the caller frees with cmark_node_free, or NULL when
 * cmark fails. */
cmark_node *markdown_tree(const char *body, size_t len);

/* Call enter(x, arg) for root and every node below it, in document
 * order; when it returns true, x's children are skipped. The one walk
 * over a cmark tree that the body readers and the checker share. */
void markdown_visit(cmark_node *root, bool (*enter)(cmark_node *x,
    void *arg), void *arg);

#endif
