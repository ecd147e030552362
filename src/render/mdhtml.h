/*
 * mdhtml.h - a cmark-gfm tree to libxml2 HTML nodes.
 *
 * Text only ever becomes text nodes and attribute values go through the
 * attribute setter, so escaping holds by construction. Raw HTML is dropped;
 * links and images keep only relative, http, https and mailto URLs.
 */
#ifndef AM_MDHTML_H
#define AM_MDHTML_H

#include <libxml/tree.h>

#include "model/record.h"

/*
 * Render the body of r (r->doc) as children of parent (in parent's
 * document). Headings get id attributes from r->sections' anchors and a
 * self-link. Dropped links are appended to d as "link-unsafe" warnings at
 * their source line. Elements nested more than 64 deep are left out, their
 * content kept in the deepest one. Returns 0, or -1 when r has no body
 * tree.
 */
int mdhtml_render(const record *r, xmlNodePtr parent, diags *d);

#endif
