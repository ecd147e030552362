/*
 * url.h - the one check every URL passes before it reaches an href or src.
 */
#ifndef AM_URL_H
#define AM_URL_H

#include <stdbool.h>

#include "lib/util.h"

/*
 * True when url may appear in href or src: relative (no scheme and not
 * protocol-relative "//host"), or with the scheme http, https or mailto
 * (case-insensitive). Leading white space, and a control character
 * anywhere, make it unsafe, as browsers strip them ("java\tscript:",
 * "/\t/host").
 */
bool url_is_safe(const char *url);

/* Append s to b percent-encoded: every byte but ASCII letters, digits and
 * the characters of keep ("-_." for a ticket, "-_.~/" for a path). */
void url_encode(buf *b, const char *s, const char *keep);

#endif
