/*
 * url.c - URL allow-list for links and images, and percent-encoding.
 */
#include <string.h>

#include "lib/url.h"

/* True when the n bytes at p spell scheme, ignoring ASCII case. */
static bool
scheme_is(const char *p, size_t n, const char *scheme)
{
	if (strlen(scheme) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != scheme[i])
			return false;
	}
	return true;
}

bool
url_is_safe(const char *url)
{
	const char *p = url;
	size_t n;

	if (url == NULL)
		return false;
	/* browsers skip leading spaces and controls; refuse them outright */
	if ((unsigned char)*p <= ' ')
		return *p == '\0';
	/* and they delete tabs and newlines anywhere, so "/\t/host" is
	 * "//host": no control character may appear at all */
	for (const char *q = p; *q != '\0'; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			return false;
	if (p[0] == '/' && p[1] == '/')
		return false;
	if (p[0] == '\\' || (p[0] == '/' && p[1] == '\\'))
		return false;
	/* the scheme ends at the first ':' before any '/', '?' or '#' */
	n = strcspn(p, ":/?#");
	if (p[n] != ':')
		return true;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x21 || (unsigned char)p[i] >= 0x7f)
			return false;
	return scheme_is(p, n, "http") || scheme_is(p, n, "https") ||
	    scheme_is(p, n, "mailto");
}

void
url_encode(buf *b, const char *s, const char *keep)
{
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr(keep, c) != NULL)
			buf_addc(b, (char)c);
		else
			buf_addf(b, "%%%02X", c);
	}
}
