/*
 * escape.c - the one way untrusted text reaches HTML, XML, JSON and CSV
 * output: one function per context (see escape.h for each one's rules).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/url.h"
#include "lib/utf8.h"

/* True for a C0 control character markup cannot hold. */
static bool
is_dropped_control(unsigned char c)
{
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

/* Escape s[0..n) for markup; quot also escapes '"'. Runs of bytes that
 * need nothing are copied at once. */
static void
markup(buf *b, const char *s, size_t n, bool quot)
{
	size_t run = 0;

	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;

		switch (c) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			if (!quot)
				continue;
			rep = "&quot;";
			break;
		default:
			if (!is_dropped_control(c))
				continue;
			rep = "";
			break;
		}
		buf_add(b, s + run, i - run);
		buf_adds(b, rep);
		run = i + 1;
	}
	buf_add(b, s + run, n - run);
}

void
esc_html_text(buf *b, const char *s, size_t n)
{
	markup(b, s, n, false);
}

void
esc_html_attr(buf *b, const char *s, size_t n)
{
	markup(b, s, n, true);
}

/* True for a byte a URL may hold as it is: letters, digits, RFC 3986's
 * unreserved marks and the delimiters links use ('%' keeps an escape an
 * escape; '<' and '>' are escaped as markup afterwards). */
static bool
url_keeps(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("-_.!~*'()@/:=?;#%&,+<>", c) != NULL);
}

bool
esc_url_attr(buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0;

	if (memchr(s, '\0', n) != NULL || !url_is_safe(s))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char pct[3];

		if (url_keeps(c))
			continue;
		markup(b, s + run, i - run, true);
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 0xf];
		buf_add(b, pct, 3);
		run = i + 1;
	}
	markup(b, s + run, n - run, true);
	return true;
}

void
esc_json_string(buf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0;

	buf_addc(b, '"');
	if (n == 0) {
		buf_addc(b, '"');
		return;
	}
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len = 1;
		uint32_t cp = 0;
		char u[8];

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\' &&
		    c != '<' && c != '>' && c != '&') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			cp = utf8_decode(s + i, n - i, &len);
			if (cp != UTF8_INVALID && cp != 0x2028 &&
			    cp != 0x2029) {
				i += len;
				continue;
			}
		}
		buf_add(b, s + run, i - run);
		switch (c) {
		case '"':
			buf_adds(b, "\\\"");
			break;
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		case '\b':
			buf_adds(b, "\\b");
			break;
		case '\f':
			buf_adds(b, "\\f");
			break;
		default:
			if (c < 0x80)
				snprintf(u, sizeof(u), "\\u%04X", c);
			else if (cp == UTF8_INVALID)
				snprintf(u, sizeof(u), "\\uFFFD");
			else
				snprintf(u, sizeof(u), "\\u%04X",
				    (unsigned)cp);
			buf_adds(b, u);
			break;
		}
		i += len;
		run = i;
	}
	buf_add(b, s + run, n - run);
	buf_addc(b, '"');
}

void
esc_csv_cell(buf *b, const char *s, size_t n)
{
	size_t sp = 0;
	bool formula, quote = false;

	while (sp < n && s[sp] == ' ')
		sp++;
	/* a spreadsheet runs a cell starting with these as a formula, even
	 * after leading blanks */
	formula = (sp < n && (s[sp] == '=' || s[sp] == '+' || s[sp] == '-' ||
	    s[sp] == '@')) || (n > 0 && (s[0] == '\t' || s[0] == '\r' ||
	    s[0] == '\n'));
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n';
	if (quote)
		buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	if (quote)
		buf_addc(b, '"');
}
