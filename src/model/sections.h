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
 * True when a heading titled title is the section canonical: its own
 * name, a built-in synonym or one configured in cfg (cfg may be NULL).
 * Compared in any ASCII case, ignoring a leading number ("2. Impact") and
 * a trailing ':' or '?'.
 */
bool section_is(const config *cfg, const char *canonical, const char *title);
/* Index in r->sections of the first section that is canonical, or -1. */
long section_find(const record *r, const config *cfg, const char *canonical);
/* The built-in synonyms of canonical (NULL-terminated, never NULL; empty
 * for a name the format does not know). */
const char *const *section_synonyms(const char *canonical);

#endif
