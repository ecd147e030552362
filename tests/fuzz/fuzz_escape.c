/*
 * fuzz_escape.c - libFuzzer target: the input is untrusted text, passed
 * through every function of the escaping module (lib/escape.h). Each
 * output is held to its context's rule: HTML text and attributes hold no
 * markup character outside an entity, a URL attribute is written only
 * for an allowed URL and holds nothing that ends the attribute, JSON
 * parses back to the text and cannot close a <script>, a CSV cell
 * cannot start a formula or break its row.
 */
#define _GNU_SOURCE		/* memmem */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/escape.h"
#include "lib/url.h"
#include "lib/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop with why when cond does not hold. */
static void
require(bool cond, const char *why)
{
	if (!cond) {
		fprintf(stderr, "escape: %s\n", why);
		abort();
	}
}

/* Markup rules: no '<' or '>', '&' only as one of the entities, no
 * control character but tab, LF, CR; with quot, no '"' either. */
static void
check_markup(const buf *b, bool quot)
{
	static const char *const ents[] = { "&amp;", "&lt;", "&gt;",
	    "&quot;", NULL };

	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];
		bool ok = false;

		require(c != '<' && c != '>', "markup character in output");
		require(!quot || c != '"', "quote in attribute value");
		require(c >= 0x20 || c == '\t' || c == '\n' || c == '\r',
		    "control character in markup");
		if (c != '&')
			continue;
		for (size_t k = 0; ents[k] != NULL; k++)
			if (strncmp(b->data + i, ents[k], strlen(ents[k])) == 0)
				ok = true;
		require(ok, "bare '&' in markup");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	buf b = { 0 };
	json_t *j;
	json_error_t err;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	esc_html_text(&b, s, size);
	if (b.len > 0)
		check_markup(&b, false);
	b.len = 0;
	esc_html_attr(&b, s, size);
	if (b.len > 0)
		check_markup(&b, true);

	b.len = 0;
	if (esc_url_attr(&b, s, size)) {
		require(url_is_safe(s), "unsafe URL written");
		check_markup(&b, true);
		for (size_t i = 0; i < b.len; i++)
			require((unsigned char)b.data[i] > ' ' &&
			    (unsigned char)b.data[i] < 0x7f,
			    "space or non-ASCII byte in a URL");
	} else {
		require(b.len == 0, "refused URL partly written");
	}

	b.len = 0;
	esc_json_string(&b, s, size);
	require(memmem(b.data, b.len, "<", 1) == NULL &&
	    memmem(b.data, b.len, ">", 1) == NULL &&
	    memmem(b.data, b.len, "&", 1) == NULL &&
	    memmem(b.data, b.len, "\xe2\x80\xa8", 3) == NULL &&
	    memmem(b.data, b.len, "\xe2\x80\xa9", 3) == NULL,
	    "JSON string could end a script");
	j = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	require(j != NULL && json_is_string(j), "JSON string does not parse");
	/* valid UTF-8 comes back as it went in */
	if (utf8_invalid_at(s, size) == size)
		require(json_string_length(j) == size &&
		    memcmp(json_string_value(j), s, size) == 0,
		    "JSON string is not the text");
	json_decref(j);

	b.len = 0;
	esc_csv_cell(&b, s, size);
	if (b.len > 0 && b.data[0] == '"') {
		require(b.len >= 2 && b.data[b.len - 1] == '"',
		    "quoted cell not closed");
		for (size_t i = 1; i + 1 < b.len; i++)
			if (b.data[i] == '"')
				require(b.data[++i] == '"', "lone quote in cell");
	} else {
		require(memchr(b.data ? b.data : "", ',', b.len) == NULL &&
		    memchr(b.data ? b.data : "", '\n', b.len) == NULL &&
		    memchr(b.data ? b.data : "", '\r', b.len) == NULL &&
		    memchr(b.data ? b.data : "", '"', b.len) == NULL,
		    "unquoted cell breaks its row");
	}
	{
		/* the cell's text, without its quotes, starts no formula */
		const char *c = b.data ? b.data : "";

		if (*c == '"')
			c++;
		c += strspn(c, " ");
		require(*c != '=' && *c != '+' && *c != '-' && *c != '@' &&
		    (b.len == 0 || (b.data[b.data[0] == '"'] != '\t' &&
		    b.data[b.data[0] == '"'] != '\r' &&
		    b.data[b.data[0] == '"'] != '\n')),
		    "cell could run as a formula");
	}
	buf_free(&b);
	free(s);
	return 0;
}
