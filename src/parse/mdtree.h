/*
 * mdtree.h - internal to the body readers (markdown.c, timeline_text.c,
 * actions.c): one parse's context and the plain text of cmark nodes. Not
 * for other stages: they read the record that markdown_parse fills.
 */
#ifndef AM_MDTREE_H
#define AM_MDTREE_H

#include <stdbool.h>
#include <stddef.h>

#include <cmark-gfm.h>

#include "lib/ascii.h"
#include "model/config.h"
#include "lib/diag.h"
#include "model/record.h"

/* One parse: where findings go and how tree lines map to file lines. */
typedef struct mdctx {
	record *r;
	const config *cfg;     /* for section synonyms; may be NULL */
	diags *d;
	int first_line;
	cmark_node **heads;    /* heads[i] is the heading of r->sections[i] */
} mdctx;

/* True when s starts with the lower-case prefix in any ASCII case. */
bool md_starts_with_ci(const char *s, const char *prefix);

/* The array p of n elements of size bytes, grown so that one more fits
 * (capacity is implicit: 8, then doubling at each power of two). */
void *md_grow(void *p, size_t n, size_t size);

/* True when node n has the extension type name ("table", "tasklist"). */
bool md_node_is(cmark_node *n, const char *name);

/* The file position of node n. */
srcpos md_node_pos(const mdctx *c, cmark_node *n);

/* Append the literal of n (text, code, a code block) to b, when it has
 * one. */
void md_add_literal(buf *b, cmark_node *n);

/* Collapse runs of white space in s to one space and trim it; returns s. */
char *md_collapse_space(char *s);

/* The plain text of n on one line, white space collapsed; with
 * skip_lists, without nested lists. The caller frees it. */
char *md_plain_line(cmark_node *n, bool skip_lists);

/* The plain text of cell i of a table row, trimmed; "" when there is
 * none. The caller frees it. */
char *md_cell_text(cmark_node *row, int i);

/* The block after n in the range that heading head opens, or NULL at its
 * end. */
cmark_node *md_range_next(cmark_node *head, cmark_node *n);

/* Call visit(c, node, arg) for every node entered in the blocks of section
 * i (an index into c->r->sections), in document order; when it returns
 * true, the node's children are skipped. */
void md_walk_section(mdctx *c, long i,
    bool (*visit)(mdctx *c, cmark_node *x, void *arg), void *arg);

/* Entries of the Timeline section (timeline_text.c): list items and
 * table rows; a clock-only time takes its date from started or the
 * entries and date headings before it. */
void md_read_timeline(mdctx *c, const am_time *started);

/* Action items of the Action items section (actions.c): table rows and
 * task list items. */
void md_read_actions(mdctx *c);

#endif
