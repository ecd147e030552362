/*
 * scaffold.h - what "aftermath new" needs to start a record: the next
 * free id, the file name, and the record's text from a template with the
 * values quoted for YAML. Nothing here touches the file system; the
 * front end (cmd/new.c) reads the template and creates the file.
 */
#ifndef AM_SCAFFOLD_H
#define AM_SCAFFOLD_H

#include <stddef.h>

#include "lib/util.h"
#include "model/config.h"

/*
 * s as a YAML scalar that reads back as exactly s, in block and in flow
 * context ("[a, b]"): as written when that is safe and unambiguous
 * ("SEV2", "Checkout errors"), else double-quoted with escapes
 * ("\"Checkout: errors\"", "\"2026-001\"", "\"yes\""). The caller frees
 * the result.
 */
char *yaml_quote(const char *s);

/*
 * Check an id pattern: literal characters that ids may hold
 * ([A-Za-z0-9._-]), {year} (four digits) and exactly one {seq} or
 * {seq:N} (the number, zero-padded to N digits, N from 1 to 9). The id
 * must start with a letter or digit. Returns 0, or -1 and sets *why to a
 * sentence saying what is wrong (the caller frees it).
 */
int id_format_check(const char *fmt, char **why);

/*
 * The next free id of pattern fmt (valid by id_format_check) for the
 * year: one more than the highest number among the n ids that match the
 * pattern for that year (any year when it has no {year}), or 1. Numbers
 * are not reused, so an id freed by a deleted record is not handed out
 * again. Returns a new string, or NULL when fmt is invalid or the number
 * would not fit in nine digits.
 */
char *id_next(const char *fmt, int year, const char *const *ids, size_t n);

/*
 * The file name (no directory) of a new record: "DATE-SLUG.md", or
 * "DATE-SLUG-ID.md" with_id, where SLUG comes from title (cut to a few
 * words), or is the id when the title has no letters or digits. date is
 * "YYYY-MM-DD". The caller frees the result.
 */
char *new_record_name(const char *date, const char *title, const char *id,
    bool with_id);

/* The severity scale of cfg as a phrase for help and comments, worst
 * first: "SEV1 (worst) to SEV4", "P1" for a scale of one. The caller
 * frees it. */
char *severity_scale_text(const config *cfg);

/* The values a template's {{placeholders}} stand for. */
typedef struct new_values {
	const char *id, *title, *severity, *type;
	const char *severities; /* severity_scale_text: for comments, so
	                           never quoted */
	const strlist *services;
	const char *started;   /* RFC 3339 with offset */
	const char *date;      /* "YYYY-MM-DD", local */
	const char *time;      /* "YYYY-MM-DD HH:MM+01:00" or "... UTC",
	                          as a Timeline entry writes it */
} new_values;

/*
 * Fill the template text (len bytes) with v: each {{name}} (title, id,
 * severity, severities, service, type, started, date, time) is replaced.
 * In the
 * front matter a value becomes a YAML scalar (yaml_quote) and {{service}}
 * the services as scalars separated by ", ", so that "services:
 * [{{service}}]" is a list; in the body values are inserted as they are.
 * An empty value (no severity given) inserts nothing. Returns the text
 * (the caller frees it), or NULL with *why set (the caller frees it) when
 * the template names a placeholder that does not exist or never closes
 * one.
 */
char *template_fill(const char *text, size_t len, const new_values *v,
    char **why);

#endif
