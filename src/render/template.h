/*
 * template.h - HTML templates with attribute directives (see
 * docs/templates.md), filled from a JSON value.
 *
 * A template is a plain HTML file a designer can open in a browser.
 * Directives are data-am-* attributes; every value reaches the output as a
 * libxml2 text node or through xmlSetProp, and fragments (rendered markdown,
 * charts) are inserted as node copies, never as strings.
 */
#ifndef AM_TEMPLATE_H
#define AM_TEMPLATE_H

#include <stddef.h>

#include <jansson.h>
#include <libxml/tree.h>

#include "lib/diag.h"

typedef struct template template;

/* Look up a named fragment for data-am-html. Returns a node list owned by
 * the caller of template_render (copied into the page), or NULL. */
typedef xmlNodePtr (*template_fragment_fn)(void *ud, const char *name);

/*
 * Parse an HTML template from len bytes of text; name is used in findings
 * ("templates/index.html"). Returns NULL with a "template" finding when the
 * text is not usable HTML or a directive is malformed.
 */
template *template_parse(const char *name, const char *text, size_t len,
    diags *d);
/* Free t and everything it compiled. NULL-safe. */
void template_free(template *t);

/*
 * Render t with data into a new document. With a layout, the output is the
 * layout whose data-am-block elements take the children of t's blocks of
 * the same name; layout may be NULL. fragment may be NULL. Neither template
 * is modified, and data is only read. Returns the document (the caller
 * frees it with xmlFreeDoc), or NULL with findings; "template-url" warnings
 * may be added either way.
 */
xmlDocPtr template_render(const template *t, const template *layout,
    json_t *data, template_fragment_fn fragment, void *ud, diags *d);

/* Serialise doc as HTML5 ("<!DOCTYPE html>", UTF-8, no meta added) into a
 * new buffer. Returns 0 and sets *out and *len (the caller frees *out), or
 * -1. */
int template_serialize(xmlDocPtr doc, char **out, size_t *len);

#endif
