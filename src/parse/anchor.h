/*
 * anchor.h - heading anchors: the slug of a title, and the one maker of
 * anchors unique within a record (markdown.c when it reads the
 * sections, redact.c when it renames them).
 */
#ifndef AM_ANCHOR_H
#define AM_ANCHOR_H

#include "lib/strmap.h"

/* Make s a lower-case ASCII slug: "What went well?" -> "what-went-well".
 * The caller frees the result; never empty ("section" when nothing is left). */
char *slugify(const char *s);

/* The anchors used in one record. A zeroed anchor_set is empty; the ids
 * mdhtml.c gives footnotes (fn-1, fn-2, ...) are always taken. */
typedef struct anchor_set {
	strmap used;           /* anchor -> the suffix to try next for it */
} anchor_set;

/* A new anchor for title, unique in set and added to it: its slug, or the
 * slug with -2, -3, ... The caller frees the result. */
char *anchor_set_make(anchor_set *set, const char *title);
/* Mark anchor (copied) as used, as a section of the record has it. */
void anchor_set_add(anchor_set *set, const char *anchor);
/* Mark anchor as free again (its section is renamed). */
void anchor_set_remove(anchor_set *set, const char *anchor);
/* Free what set holds, leaving it empty. NULL-safe. */
void anchor_set_free(anchor_set *set);

#endif
