/*
 * template.h - HTML templates with attribute directives (see
 * docs/templates.md), compiled once and run as a stream of bytes.
 *
 * A template is a plain HTML file a designer can open in a browser.
 * Directives are data-am-* attributes. template_parse reads the file with
 * libxml2's HTML parser once and compiles it into a flat program: runs of
 * literal bytes (the template's own markup, serialised at compile time)
 * and operations that write data. template_render runs the program and
 * appends the page to a buffer; no document is built per page. Every
 * value reaches the page through lib/escape.h, the one escaping module.
 */
#ifndef AM_TEMPLATE_H
#define AM_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <libxml/tree.h>

#include "lib/diag.h"
#include "lib/util.h"

typedef struct template template;

/* Look up a named fragment for data-am-html as libxml2 nodes (charts).
 * Returns a node list owned by the caller of template_render, which
 * serialises it into the page, or NULL. */
typedef xmlNodePtr (*template_fragment_fn)(void *ud, const char *name);

/* Look up a named fragment for data-am-html that is HTML already, made
 * by a writer that escapes through lib/escape.h (rendered markdown).
 * Returns true and sets *html and *len (owned by the caller of
 * template_render), or false when there is no such fragment. */
typedef bool (*template_html_fn)(void *ud, const char *name,
    const char **html, size_t *len);

/* Where data-am-html finds its fragments; any member may be NULL. A
 * name is asked of html first, then of nodes. */
typedef struct template_frags {
	template_html_fn html;
	template_fragment_fn nodes;
	void *ud;
} template_frags;

/*
 * Parse an HTML template from len bytes of text and compile it; name is
 * used in findings ("templates/index.html"). Returns NULL with a
 * "template" finding when the text is not usable HTML or a directive is
 * malformed.
 */
template *template_parse(const char *name, const char *text, size_t len,
    diags *d);
/* Free t and everything it compiled. NULL-safe. */
void template_free(template *t);

/*
 * Run t with data and append the page to out: "<!DOCTYPE html>\n", the
 * root element, "\n". With a layout, the page is the layout whose
 * data-am-block elements take the content of t's blocks of the same
 * name; layout may be NULL, and so may frags. Neither template is
 * modified and data is only read, so two threads may render at once.
 * Returns 0, or -1 with findings (out then holds a partial page the
 * caller discards); "template" and "template-url" warnings may be added
 * either way.
 */
int template_render(const template *t, const template *layout,
    json_t *data, const template_frags *frags, buf *out, diags *d);

#endif
