/*
 * scaffold.c - ids, file names and template text for "aftermath new".
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ascii.h"
#include "lib/utf8.h"
#include "parse/markdown.h"
#include "parse/scaffold.h"

/* ---- YAML quoting ---------------------------------------------------- */

/* Plain scalars that YAML 1.1 or 1.2 reads as null, a boolean or a
 * special number; compared in any case. */
static const char *const yaml_words[] = {
	"null", "~", "true", "false", "yes", "no", "y", "n", "on", "off",
	".inf", "-.inf", "+.inf", ".nan", NULL
};

/* True when s may be written as a plain scalar. Deliberately strict: a
 * quoted value is always right, a plain one only when nothing in it is
 * YAML syntax in block or flow context. */
static bool
yaml_plain_ok(const char *s)
{
	size_t n = strlen(s);
	bool numeric = true;

	if (n == 0)
		return false;
	/* the first character must not be an indicator: start with a
	 * letter, a digit or a non-ASCII character */
	if (!ascii_is_alnum((unsigned char)s[0]) && (unsigned char)s[0] < 0x80)
		return false;
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || strchr(",[]{}#\"\\`", c) != NULL)
			return false;
		if (c == ':' && s[i + 1] == ' ')
			return false;
		if (!ascii_is_digit(c) && strchr("-.:+_", c) == NULL)
			numeric = false;
	}
	/* "2026-001", "2026-11-20", "1.5": read as the number or the date
	 * by some YAML readers */
	if (numeric)
		return false;
	for (size_t i = 0; yaml_words[i] != NULL; i++)
		if (ascii_strcasecmp(s, yaml_words[i]) == 0)
			return false;
	return true;
}

char *
yaml_quote(const char *s)
{
	/* the escapes of a double-quoted YAML scalar that have a name */
	static const char *const escapes[] = {
		['"'] = "\\\"", ['\\'] = "\\\\", ['\n'] = "\\n",
		['\t'] = "\\t", ['\r'] = "\\r",
	};
	buf b = { 0 };

	if (yaml_plain_ok(s))
		return xstrdup(s);
	buf_addc(&b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < sizeof(escapes) / sizeof(escapes[0]) &&
		    escapes[*p] != NULL)
			buf_adds(&b, escapes[*p]);
		else if (*p < 0x20 || *p == 0x7f)
			buf_addf(&b, "\\x%02X", *p);
		else
			buf_addc(&b, (char)*p);
	}
	buf_addc(&b, '"');
	return buf_detach(&b);
}

/* ---- id patterns ----------------------------------------------------- */

typedef enum part_kind { PART_TEXT, PART_YEAR, PART_SEQ } part_kind;

/* One piece of an id pattern: literal text, the year or the number. */
typedef struct part {
	part_kind kind;
	const char *text;      /* PART_TEXT: into the pattern */
	size_t len;
	int width;             /* PART_SEQ: zero-padded to this many digits */
} part;

#define SEQ_MAX_DIGITS 9

/* Split fmt into parts (v has room for strlen(fmt) + 1). Returns the
 * number of parts, or -1 with *why set. */
static long
id_format_parse(const char *fmt, part *v, char **why)
{
	size_t n = 0, nseq = 0;

	*why = NULL;
	for (const char *p = fmt; *p;) {
		if (*p == '{') {
			const char *e = strchr(p, '}');
			size_t len = e ? (size_t)(e - p - 1) : 0;

			if (e == NULL) {
				*why = xasprintf("'%s' opens '{' without "
				    "closing it", fmt);
				return -1;
			}
			if (len == 4 && strncmp(p + 1, "year", 4) == 0)
				v[n++] = (part){ .kind = PART_YEAR };
			else if (len == 3 && strncmp(p + 1, "seq", 3) == 0)
				v[n++] = (part){ .kind = PART_SEQ, .width = 1 };
			else if (len == 5 && strncmp(p + 1, "seq:", 4) == 0 &&
			    p[5] >= '1' && p[5] <= '9')
				v[n++] = (part){ .kind = PART_SEQ,
				    .width = p[5] - '0' };
			else {
				*why = xasprintf("'%s': unknown field '%.*s'; "
				    "use {year}, {seq} or {seq:N} with N "
				    "from 1 to 9", fmt, (int)(len + 2), p);
				return -1;
			}
			nseq += v[n - 1].kind == PART_SEQ;
			p = e + 1;
			continue;
		}
		if (!ascii_is_alnum((unsigned char)*p) && strchr("._-", *p) == NULL) {
			*why = xasprintf("'%s': '%c' cannot be part of an id; "
			    "ids hold letters, digits, '.', '_' and '-'", fmt,
			    *p);
			return -1;
		}
		if (n > 0 && v[n - 1].kind == PART_TEXT &&
		    v[n - 1].text + v[n - 1].len == p)
			v[n - 1].len++;
		else
			v[n++] = (part){ .kind = PART_TEXT, .text = p,
			    .len = 1 };
		p++;
	}
	if (nseq != 1) {
		*why = xasprintf("'%s' must hold {seq} (or {seq:N}) exactly "
		    "once: the number that makes each id unique", fmt);
		return -1;
	}
	if (v[0].kind == PART_TEXT && !ascii_is_alnum((unsigned char)v[0].text[0])) {
		*why = xasprintf("'%s': an id must start with a letter or a "
		    "digit", fmt);
		return -1;
	}
	return (long)n;
}

int
id_format_check(const char *fmt, char **why)
{
	part *v = xcalloc(strlen(fmt) + 1, sizeof(*v));
	long n = id_format_parse(fmt, v, why);

	free(v);
	return n < 0 ? -1 : 0;
}

/* True when id is the pattern v (n parts) for year (or any year when the
 * pattern has none); sets *seq to its number. */
static bool
id_match(const part *v, size_t n, const char *id, int year, long *seq)
{
	const char *p = id;
	char y[16];

	snprintf(y, sizeof(y), "%04d", year);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		switch (v[i].kind) {
		case PART_TEXT:
			if (strncmp(p, v[i].text, v[i].len) != 0)
				return false;
			p += v[i].len;
			break;
		case PART_YEAR:
			if (strncmp(p, y, 4) != 0)
				return false;
			p += 4;
			break;
		case PART_SEQ:
			*seq = 0;
			while (ascii_is_digit((unsigned char)p[k]) &&
			    k < SEQ_MAX_DIGITS) {
				*seq = *seq * 10 + (p[k] - '0');
				k++;
			}
			if (k == 0 || ascii_is_digit((unsigned char)p[k]))
				return false;
			p += k;
			break;
		}
	}
	return *p == '\0';
}

char *
id_next(const char *fmt, int year, const char *const *ids, size_t n)
{
	part *v = xcalloc(strlen(fmt) + 1, sizeof(*v));
	char *why = NULL, *out = NULL;
	long np = id_format_parse(fmt, v, &why), max = 0, seq = 0;
	buf b = { 0 };

	if (np < 0 || year < 0 || year > 9999)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (id_match(v, (size_t)np, ids[i], year, &seq) && seq > max)
			max = seq;
	if (max >= 999999999L)
		goto out;
	for (long i = 0; i < np; i++)
		if (v[i].kind == PART_TEXT)
			buf_add(&b, v[i].text, v[i].len);
		else if (v[i].kind == PART_YEAR)
			buf_addf(&b, "%04d", year);
		else
			buf_addf(&b, "%0*ld", v[i].width, max + 1);
	out = buf_detach(&b);
out:
	free(why);
	free(v);
	return out;
}

/* ---- file names ------------------------------------------------------ */

/* A slug short enough for a file name: whole words, at most this long. */
#define SLUG_MAX 48

char *
new_record_name(const char *date, const char *title, const char *id,
    bool with_id)
{
	bool words = false;
	char *slug, *out;
	size_t n;

	for (const unsigned char *p = (const unsigned char *)title; *p; p++)
		if (ascii_is_alnum(*p) || *p >= 0x80)
			words = true;
	slug = slugify(words ? title : id);
	if ((n = strlen(slug)) > SLUG_MAX) {
		/* cut at the last word boundary that fits; never inside a
		 * UTF-8 character */
		n = SLUG_MAX;
		while (n > 0 && slug[n] != '-')
			n--;
		if (n == 0) {
			n = SLUG_MAX;
			n = utf8_floor(slug, n);
		}
		slug[n] = '\0';
	}
	if (with_id && words)
		out = xasprintf("%s-%s-%s.md", date, slug, id);
	else
		out = xasprintf("%s-%s.md", date, slug);
	free(slug);
	return out;
}

/* ---- templates ------------------------------------------------------- */

/* Where the front matter of text ends: the offset just after its closing
 * "---" or "..." line, or 0 when text has none. */
static size_t
front_matter_end(const char *text, size_t len)
{
	size_t i;

	if (len < 4 || strncmp(text, "---", 3) != 0 ||
	    (text[3] != '\n' && text[3] != '\r'))
		return 0;
	i = strcspn(text, "\n");
	while (i < len) {
		const char *l = text + i + 1;
		size_t ll = strcspn(l, "\n");

		while (ll > 0 && (l[ll - 1] == '\r' || l[ll - 1] == ' '))
			ll--;
		if (ll == 3 && (strncmp(l, "---", 3) == 0 ||
		    strncmp(l, "...", 3) == 0))
			return (size_t)(l - text) + 3;
		i = (size_t)(l - text) + strcspn(l, "\n");
	}
	return 0;
}

/* The 1-based line of text at p. */
static int
line_at(const char *text, const char *p)
{
	int line = 1;

	for (; text < p; text++)
		line += *text == '\n';
	return line;
}

/* Append value s: YAML-quoted in the front matter, else as it is. */
static void
add_value(buf *b, const char *s, bool yaml)
{
	char *q;

	if (s == NULL || *s == '\0')
		return;
	if (!yaml) {
		buf_adds(b, s);
		return;
	}
	q = yaml_quote(s);
	buf_adds(b, q);
	free(q);
}

char *
severity_scale_text(const config *cfg)
{
	size_t n = cfg->nseverities;

	if (n == 0)
		return xstrdup("");
	if (n == 1)
		return xstrdup(cfg->severities[0].name);
	return xasprintf("%s (worst) to %s", cfg->severities[0].name,
	    cfg->severities[n - 1].name);
}

char *
template_fill(const char *text, size_t len, const new_values *v,
    char **why)
{
	static const char *const names[] = {
		"id", "title", "severity", "type", "service", "started",
		"date", "time", "severities", NULL
	};
	size_t fm = front_matter_end(text, len);
	buf b = { 0 };
	size_t i = 0;

	*why = NULL;
	while (i < len) {
		const char *open = strstr(text + i, "{{");
		const char *close, *name;
		size_t nlen, k;
		bool yaml;

		if (open == NULL || (size_t)(open - text) >= len) {
			buf_add(&b, text + i, len - i);
			break;
		}
		buf_add(&b, text + i, (size_t)(open - text) - i);
		yaml = (size_t)(open - text) < fm;
		close = strstr(open + 2, "}}");
		if (close == NULL || memchr(open, '\n',
		    (size_t)(close - open)) != NULL) {
			*why = xasprintf("'{{' without '}}' on line %d",
			    line_at(text, open));
			buf_free(&b);
			return NULL;
		}
		name = open + 2;
		while (*name == ' ')
			name++;
		nlen = (size_t)(close - name);
		while (nlen > 0 && name[nlen - 1] == ' ')
			nlen--;
		for (k = 0; names[k] != NULL; k++)
			if (strlen(names[k]) == nlen &&
			    strncmp(names[k], name, nlen) == 0)
				break;
		switch (k) {
		case 0: add_value(&b, v->id, yaml); break;
		case 1: add_value(&b, v->title, yaml); break;
		case 2: add_value(&b, v->severity, yaml); break;
		case 3: add_value(&b, v->type, yaml); break;
		case 4:
			for (size_t s = 0; v->services && s < v->services->n;
			    s++) {
				if (s > 0)
					buf_adds(&b, ", ");
				add_value(&b, v->services->v[s], yaml);
			}
			break;
		case 5: add_value(&b, v->started, yaml); break;
		case 6: add_value(&b, v->date, yaml); break;
		case 7: add_value(&b, v->time, yaml); break;
		case 8: add_value(&b, v->severities, false); break;
		default:
			*why = xasprintf("unknown placeholder '{{%.*s}}'; the "
			    "template may use {{id}}, {{title}}, "
			    "{{severity}}, {{severities}}, {{type}}, "
			    "{{service}}, {{started}}, {{date}} and {{time}} "
			    "(docs/format.md)", (int)nlen,
			    name);
			buf_free(&b);
			return NULL;
		}
		i = (size_t)(close - text) + 2;
	}
	return buf_detach(&b);
}
