/*
 * escape.h - the one way untrusted text reaches an output format.
 *
 * Every byte of record text, configuration or git metadata that ends up in
 * HTML, XML, JSON or CSV goes through one of these functions, one per
 * context, as stagit does it: nothing else in the program writes markup
 * around data. Each appends to a buf and never fails (buf aborts on out
 * of memory).
 *
 * All of them take UTF-8 and keep it; what a context cannot hold is
 * dropped or encoded as its function says. Control characters are dropped
 * from markup because HTML and XML forbid them and a browser would show
 * them as boxes or not at all.
 */
#ifndef AM_ESCAPE_H
#define AM_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/util.h"

/*
 * HTML (or XML) text content: '&', '<' and '>' become entities; C0
 * control characters other than tab, line feed and carriage return are
 * dropped; everything else is copied. Never used for the content of
 * <script> or <style>, which the template compiler refuses to fill.
 */
void esc_html_text(buf *b, const char *s, size_t n);

/*
 * An attribute value to be written between double quotes: as
 * esc_html_text, and '"' becomes &quot;.
 */
void esc_html_attr(buf *b, const char *s, size_t n);

/*
 * A URL attribute value (href, src, action, ...), to be written between
 * double quotes. The URL must first pass url_is_safe() (relative, http,
 * https or mailto); when it does not, nothing is written and false is
 * returned. Otherwise every byte that may not appear in a URL as written
 * (space, '"', '\\', '^', '`', '{', '|', '}', '[', ']', '$', non-ASCII
 * bytes, ...) is percent-encoded, and the result is escaped as
 * esc_html_attr does. '%' is kept, so an encoded URL stays as it is.
 * s must be NUL-terminated at s[n].
 */
bool esc_url_attr(buf *b, const char *s, size_t n);

/*
 * A JSON string, quotes included, that is also safe inside an HTML
 * <script> element: '"', '\\' and control characters are escaped as JSON
 * requires, and '<', '>', '&', U+2028 and U+2029 as \uXXXX, so that the
 * text can never close the script or start a comment, and a JavaScript
 * parser reads it as JSON does. An invalid UTF-8 byte becomes U+FFFD.
 */
void esc_json_string(buf *b, const char *s, size_t n);

/*
 * One CSV cell (RFC 4180): quoted when it holds ',', '"', CR or LF, with
 * '"' doubled. A cell a spreadsheet would run as a formula (starting,
 * after spaces, with '=', '+', '-' or '@', or starting with a tab or a
 * line break) gets a leading apostrophe, so that it is read as text.
 */
void esc_csv_cell(buf *b, const char *s, size_t n);

#endif
