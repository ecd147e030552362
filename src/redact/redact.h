/*
 * redact.h - public editions: people's names become their roles, and the
 * front-matter fields marked internal are left out (docs/format.md,
 * "Public builds").
 *
 * A name is known when it fills a role in some record, is the author of a
 * commit in the history, or owns an action item. On one incident's page
 * a known person appears as the role they had in that incident
 * ("Incident commander"), else as "Responder" (they had a role
 * elsewhere), "Contributor" (they only committed) or "Action owner".
 * Text is matched on whole words: the full name, the first and the last
 * name (not for owners, who may be teams), in the case written, and
 * "@name" in any case. A name the records never give in one of these
 * places cannot be found in prose: docs/format.md says so.
 */
#ifndef AM_REDACT_H
#define AM_REDACT_H

#include <jansson.h>

#include "history/history.h"
#include "model/record.h"

typedef struct redactor redactor;
typedef struct namemap namemap;

/* The people known to the n records v and the history h (NULL: none).
 * Free with redactor_free. Never NULL. */
redactor *redactor_new(record *const *v, size_t n, const history *h);
/* NULL-safe. */
void redactor_free(redactor *rd);

/* The names as they are replaced on r's pages. r and rd must outlive the
 * result; free it with namemap_free. Never NULL. */
namemap *namemap_new(const redactor *rd, const record *r);
/* NULL-safe. */
void namemap_free(namemap *m);

/* s with every known name replaced. Returns a new string (the caller
 * frees it); NULL when s is NULL. */
char *namemap_text(const namemap *m, const char *s);
/* The label that stands for a value naming one person (an action item's
 * owner, a commit's author): the label of the known person it names,
 * else fallback. */
const char *namemap_person(const namemap *m, const char *who,
    const char *fallback);
/* Redact the JSON form of an incident (src/render/export.c) in place: people in
 * roles, owners and authors become labels, and names in every other text
 * are replaced. */
void namemap_json(const namemap *m, json_t *incident);
/* Replace names in r's title, summary and section titles, which pages and
 * metrics read from the record; section anchors are made again from the
 * redacted titles. Call before the body is rendered. */
void namemap_record(const namemap *m, record *r);

/* Leave out of r the front-matter fields named in fields (keys such as
 * "links", "responder_hours"; unknown ones, "id" and "title" are
 * ignored), as if they were never written. */
void redact_internal(record *r, const strlist *fields);
/* The public copy of r: a copy (r is not changed) with m's names
 * replaced (namemap_record) and the internal fields left out
 * (redact_internal). Free with record_free. */
record *redact_record(const namemap *m, const record *r,
    const strlist *internal);

#endif
