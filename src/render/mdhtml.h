/*
 * mdhtml.h - a cmark-gfm tree to HTML text, streamed through the one
 * escaping module (lib/escape.h).
 *
 * Raw HTML is dropped; links and images keep only relative, http, https
 * and mailto URLs.
 */
#ifndef AM_MDHTML_H
#define AM_MDHTML_H

#include "lib/util.h"
#include "model/record.h"
#include "redact/redact.h"

/*
 * Append the body of r (r->doc) to out as HTML. Headings get id
 * attributes from r->sections' anchors and a self-link. With names (a
 * public edition; NULL otherwise) people's names in the text and in alt
 * and title attributes are replaced as namemap_text replaces them.
 * Dropped links are appended to d as "link-unsafe" warnings at their
 * source line. Elements nested more than 64 deep are left out, their
 * content kept in the deepest one. Returns 0, or -1 when r has no body
 * tree (out is then as it was).
 */
int mdhtml_render(const record *r, const namemap *names, buf *out,
    diags *d);

#endif
