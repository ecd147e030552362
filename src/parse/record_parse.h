/*
 * record_parse.h - a record from its file: the bytes checked, the front
 * matter read (frontmatter.h), the body read into sections, timeline
 * entries and action items (markdown.h), or only its outline (outline.h).
 */
#ifndef AM_RECORD_PARSE_H
#define AM_RECORD_PARSE_H

#include <stddef.h>

#include "lib/diag.h"
#include "model/config.h"
#include "model/record.h"

/*
 * Parse the record text (len bytes, the whole file) into a new record for
 * path, with findings appended to d. Returns the record, with failed set
 * when it cannot be used (syntax error, limits); never NULL.
 */
record *record_parse(const char *path, const char *text, size_t len,
    const config *cfg, diags *d);
/*
 * As record_parse, but of the body only the sections' titles, levels and
 * positions and the action items (outline.h): no tree, no section text, no
 * timeline entries, no summary from the body. For the versions of a record
 * in history, which the timeline compares.
 */
record *record_parse_outline(const char *path, const char *text, size_t len,
    const config *cfg, diags *d);
/* Read the file at repo_root/path and parse it. I/O errors are findings. */
record *record_load(const char *repo_root, const char *path,
    const config *cfg, diags *d);
/* The body tree of r: r->doc, parsed again from r->body when it was
 * released (and kept until record_release_tree). NULL when r has no body
 * text or cmark fails. */
cmark_node *record_tree(record *r);

#endif
