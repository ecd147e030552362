/*
 * utf8.c - decoding, validating, sanitising and cutting UTF-8.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "lib/utf8.h"
#include "lib/util.h"

static bool
is_continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

uint32_t
utf8_decode(const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp, min;
	size_t need;

	*len = 1;
	if (p[0] < 0x80)
		return p[0];
	if ((p[0] & 0xe0) == 0xc0) {
		need = 2; cp = p[0] & 0x1f; min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		need = 3; cp = p[0] & 0x0f; min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		need = 4; cp = p[0] & 0x07; min = 0x10000;
	} else
		return UTF8_INVALID;
	if (n < need)
		return UTF8_INVALID;
	for (size_t k = 1; k < need; k++) {
		if (!is_continuation(p[k]))
			return UTF8_INVALID;
		cp = (cp << 6) | (p[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return UTF8_INVALID;
	*len = need;
	return cp;
}

size_t
utf8_invalid_at(const char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (utf8_decode(s + i, n - i, &len) == UTF8_INVALID)
			return i;
		i += len;
	}
	return n;
}

char *
utf8_sanitize(const char *s, size_t n)
{
	buf b = { 0 };
	size_t i = 0, len;

	buf_add(&b, "", 0);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = utf8_decode(s + i, n - i, &len);

		/* C1 controls (U+0080..U+009F) are escapes to a terminal too */
		if (cp == UTF8_INVALID || (cp >= 0x80 && cp <= 0x9f) ||
		    (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			buf_adds(&b, "\xef\xbf\xbd");
		else
			buf_add(&b, s + i, len);
		i += len;
	}
	return buf_detach(&b);
}

size_t
utf8_floor(const char *s, size_t n)
{
	while (n > 0 && is_continuation((unsigned char)s[n]))
		n--;
	return n;
}

size_t
utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (!is_continuation((unsigned char)*s))
			n++;
	return n;
}
