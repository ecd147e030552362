/*
 * htmlcheck.h - is a page Aftermath wrote inert? Shared by the fuzz
 * targets and tests/hostile/xsscheck.c, so that both hold pages to one
 * rule.
 */
#ifndef AM_HTMLCHECK_H
#define AM_HTMLCHECK_H

#include <stddef.h>

/*
 * Parse len bytes of HTML with libxml2 and look for anything that could
 * run script or load it: a <script> with content or with a src that is
 * not a plain relative path, an element made from data (a name starting
 * with "xss"), iframe, frame, object, embed, applet or base, an on*
 * attribute, srcdoc, a URL attribute with a javascript:, vbscript:, data:
 * or file: scheme or a "//host" start, a style with "javascript:" or
 * "expression(". Returns NULL when the page is clean, else a message in
 * a static buffer (not thread-safe).
 */
const char *htmlcheck(const char *html, size_t len);

#endif
