/*
 * sections.h - which heading is which section: the headings accepted for
 * each of the canonical sections of model/vocab.h.
 *
 * One table of synonyms serves the body parser (finding the Timeline and
 * the Action items) and the checker (required sections), extended by
 * "check: section_synonyms:" in aftermath.yaml.
 */
#ifndef AM_SECTIONS_H
#define AM_SECTIONS_H

#include <stdbool.h>

#include "model/config.h"
#include "model/record.h"
#include "model/vocab.h"


/*
 * True when a heading titled title is the section canonical: its words
 * are those of its name, a built-in synonym or one configured in cfg
 * (cfg may be NULL), or it joins one of them and another section's with
 * "and". Words are compared in any ASCII case, '&' as "and", without
 * punctuation, emoji, apostrophes, stop words ("so", "really", "the"),
 * a simple plural's "s" or a leading number ("2. Impact").
 */
bool section_is(const config *cfg, const char *canonical, const char *title);
/* Index in r->sections of the first section that is canonical, or -1. */
long section_find(const record *r, const config *cfg, const char *canonical);
/* The built-in synonyms of canonical (NULL-terminated, never NULL; empty
 * for a name the format does not know). */
const char *const *section_synonyms(const char *canonical);

/* The headings of every section known to a configuration, as words,
 * for matching many headings: the built-in sections, then those it
 * configures synonyms for or requires. */
typedef struct section_index section_index;

/* A new index of cfg's sections (cfg may be NULL; it must outlive the
 * index). Free with section_index_free. */
section_index *section_index_new(const config *cfg);
/* Free ix. NULL-safe. */
void section_index_free(section_index *ix);
/* section_is, with ix made from cfg. */
bool section_index_is(section_index *ix, const char *canonical,
    const char *title);
/* section_find, with ix made from cfg. */
long section_index_find(section_index *ix, const record *r,
    const char *canonical);
/* Append to out the name of each section of ix that a heading titled
 * title is, in the index's order; returns how many. */
size_t section_index_matches(section_index *ix, const char *title,
    strlist *out);

#endif
