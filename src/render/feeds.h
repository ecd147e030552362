/*
 * feeds.h - what other programs read from the site: the Atom feed
 * (feed.atom), incidents.json and sitemap.xml.
 *
 * Each is made from the JSON form of the incidents (src/render/export.c), in
 * the order of the index (newest first), so they agree with the pages.
 */
#ifndef AM_FEEDS_H
#define AM_FEEDS_H

#include <stdint.h>

#include <jansson.h>

#include "model/config.h"
#include "lib/util.h"

/* Entries in feed.atom: the newest incidents. */
#define FEED_MAX_ENTRIES 50

/* cfg's base_url ending in '/', or NULL when none is set. The caller
 * frees it. */
char *feeds_base_url(const config *cfg);

/*
 * feed.atom: the first FEED_MAX_ENTRIES incidents of the array
 * incidents. An entry is updated at its last commit (commits[0]), else
 * when it started, else at now; the feed at its newest entry, else now.
 * Ids are URLs under base_url, else tag: URIs that stay the same from
 * build to build. Returns a new string (the caller frees it), or NULL
 * when libxml2 fails.
 */
char *feeds_atom(const json_t *incidents, const config *cfg, int64_t now);

/* sitemap.xml listing pages (paths relative to the site root, in the
 * order given) under base_url. Returns a new string, or NULL when
 * base_url is not set or libxml2 fails. */
char *feeds_sitemap(const strlist *pages, const config *cfg);

/* incidents.json, {version, title, base_url, public, as_of, incidents}
 * (docs/format.md), in parts, for an archive too large to hold as one
 * string; together they are the document as json_text writes it
 * (render/json_text.h: jansson's indented layout, strings escaped by
 * lib/escape.c).
 * The head (up to the open incidents list; a new string, NULL
 * when it cannot be made), one item per incident in order (first for the
 * first; a new string, NULL when inc is not an object) and the tail
 * (empty when there were no items; a constant). */
char *feeds_incidents_json_head(const config *cfg, bool public, int64_t now);
char *feeds_incidents_json_item(const json_t *inc, bool first);
const char *feeds_incidents_json_tail(bool empty);

#endif
