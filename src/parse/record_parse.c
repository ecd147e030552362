/*
 * record_parse.c - reading one record file into the model.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "lib/files.h"
#include "lib/utf8.h"
#include "parse/frontmatter.h"
#include "parse/markdown.h"
#include "parse/outline.h"
#include "parse/record_parse.h"

#define RECORD_MAX_BYTES (1024 * 1024)

cmark_node *
record_tree(record *r)
{
	if (r->doc == NULL && r->body != NULL)
		r->doc = markdown_tree(r->body, r->body_len);
	return r->doc;
}

/*
 * Check the bytes before any parser sees them: NUL bytes and invalid UTF-8
 * are errors with their position, because libyaml and cmark would
 * otherwise stop or substitute silently. Returns 0 when the text is clean.
 */
static int
check_encoding(const char *path, const char *text, size_t len, diags *d)
{
	int line = 1, col = 1;

	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)text[i];
		size_t n;

		if (c == '\0') {
			diags_add(d, path, line, col, DIAG_ERROR, "encoding",
			    "NUL byte in record; records are UTF-8 text");
			return -1;
		}
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f) {
			/* XML forbids these, and in a terminal they are
			 * escape sequences: never let them through */
			diags_add(d, path, line, col, DIAG_ERROR, "encoding",
			    "control character U+%04X in record; remove it",
			    c);
			return -1;
		}
		if (c < 0x80) {
			/* LF, CRLF and a lone CR each end a line */
			if (c == '\n' || (c == '\r' &&
			    (i + 1 == len || text[i + 1] != '\n'))) {
				line++;
				col = 0;
			}
			i++;
			col++;
			continue;
		}
		if (utf8_decode(text + i, len - i, &n) == UTF8_INVALID)
			goto bad;
		i += n;
		col++;
	}
	return 0;
bad:
	diags_add(d, path, line, col, DIAG_ERROR, "encoding",
	    "invalid UTF-8 in record; save the file as UTF-8");
	return -1;
}

/*
 * Normalise line ends to LF in place (CRLF and lone CR), so that line
 * numbers agree between libyaml, cmark and our own scanners. Returns the
 * new length.
 */
static size_t
normalize_newlines(char *s, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r') {
			s[o++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else
			s[o++] = s[i];
	}
	s[o] = '\0';
	return o;
}

/* record_parse, or record_parse_outline when outline is set. */
static record *
parse_text(const char *path, const char *text, size_t len,
    const config *cfg, bool outline, diags *d)
{
	record *r = record_new(path);
	char *copy = NULL;
	size_t yoff, ylen, boff;
	int bline;

	if (len > RECORD_MAX_BYTES) {
		diags_add(d, path, 1, 1, DIAG_ERROR, "record-size",
		    "record is %zu bytes; the limit is %d bytes", len,
		    RECORD_MAX_BYTES);
		goto fail;
	}
	/* a UTF-8 byte order mark is dropped, as editors on Windows add it */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (check_encoding(path, text, len, d) < 0)
		goto fail;
	copy = xstrndup(text, len);
	len = normalize_newlines(copy, len);

	if (frontmatter_split(copy, len, path, &yoff, &ylen, &boff, &bline,
	    d) < 0)
		goto fail;
	if (frontmatter_parse(copy + yoff, ylen, 2, r, cfg, d) < 0)
		goto fail;
	if (r->id == NULL)
		r->id = record_path_stem(path);
	r->body_line = bline;
	if (outline) {
		int orc = outline_parse(copy + boff, len - boff, bline, r, cfg,
		    d);

		if (orc < 0)
			goto fail;
		if (orc == 0) {
			free(copy);
			return r;
		}
	}
	if (markdown_parse(copy + boff, len - boff, bline, r, cfg, d) < 0)
		goto fail;
	if (outline)
		record_release_tree(r);
	else {
		r->body_len = len - boff;
		r->body = xstrndup(copy + boff, r->body_len);
	}
	free(copy);
	return r;
fail:
	free(copy);
	r->failed = true;
	if (r->id == NULL)
		r->id = record_path_stem(path);
	return r;
}

record *
record_parse(const char *path, const char *text, size_t len,
    const config *cfg, diags *d)
{
	return parse_text(path, text, len, cfg, false, d);
}

record *
record_parse_outline(const char *path, const char *text, size_t len,
    const config *cfg, diags *d)
{
	return parse_text(path, text, len, cfg, true, d);
}

record *
record_load(const char *repo_root, const char *path, const config *cfg,
    diags *d)
{
	char *full = xasprintf("%s/%s", repo_root, path);
	char *text = NULL;
	size_t len;
	record *r;

	if (read_file(full, RECORD_MAX_BYTES, &text, &len) < 0) {
		if (errno == EFBIG)
			diags_add(d, path, 1, 1, DIAG_ERROR, "record-size",
			    "record is larger than the limit of %d bytes",
			    RECORD_MAX_BYTES);
		else
			diags_add(d, path, 0, 0, DIAG_ERROR, "io",
			    "cannot read: %s", strerror(errno));
		r = record_new(path);
		r->id = record_path_stem(path);
		r->failed = true;
	} else
		r = record_parse(path, text, len, cfg, d);
	free(text);
	free(full);
	return r;
}
