/*
 * json_text.h - a jansson tree as the text of the JSON files the site
 * publishes (metrics.json, incidents.json), every string through the
 * escaping module.
 *
 * jansson's own writer escapes what JSON requires and no more, so a
 * record's "</script>" would reach incidents.json as written. The files
 * are fetched, not embedded, but a page or a proxy that inlines one must
 * not have its script closed by a record, and escaping is done in one
 * place (lib/escape.c). The layout is exactly that of
 * json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(10)); only strings
 * differ, where they hold '<', '>', '&', U+2028 or U+2029.
 */
#ifndef AM_JSON_TEXT_H
#define AM_JSON_TEXT_H

#include <jansson.h>

#include "lib/util.h"

/*
 * Append j to b, as a value nested depth levels deep: its inner lines
 * are indented by 2 * (depth + 1) spaces and its closing bracket by
 * 2 * depth, so an item of a list one level down is written in place.
 * No newline is added after the value. Object members keep jansson's
 * order (insertion order). Never fails; j must not be NULL.
 */
void json_text_append(buf *b, const json_t *j, int depth);

/*
 * j as a whole document: json_text_append at depth 0 and a newline.
 * Returns a new string the caller frees, or NULL when j is NULL or not
 * an object or an array (what json_dumps refuses without
 * JSON_ENCODE_ANY).
 */
char *json_text(const json_t *j);

#endif
