/*
 * frontmatter.h - the YAML block at the top of a record, into the model.
 */
#ifndef AM_FRONTMATTER_H
#define AM_FRONTMATTER_H

#include <stddef.h>

#include "model/config.h"
#include "lib/diag.h"
#include "model/record.h"

#define FRONTMATTER_MAX_BYTES (64 * 1024)

/*
 * Find the front matter of text: a first line "---", YAML, a line "---" (or
 * "..."). On success sets *yaml_off and *yaml_len to the YAML between the
 * fences, *body_off to the first byte after the closing fence line and
 * *body_line to its 1-based line, and returns 0. Returns -1 with a
 * "frontmatter-missing" finding when there is no opening fence or no
 * closing one, or a "yaml-syntax" finding when the block exceeds
 * FRONTMATTER_MAX_BYTES.
 */
int frontmatter_split(const char *text, size_t len, const char *path,
    size_t *yaml_off, size_t *yaml_len, size_t *body_off, int *body_line,
    diags *d);

/*
 * Parse the YAML front matter (yaml_len bytes starting at file line
 * first_line) into r: known fields with their positions, unknown keys kept
 * for the unknown-field rule. Findings: yaml-syntax, field-type,
 * time-format, timezone-missing, id-format. Values of the wrong type are
 * reported and left unset. An id that cannot name a page (written or
 * taken from the file name) sets r->failed. Returns 0, or -1 when the YAML
 * itself is unusable (r->failed is then set).
 */
int frontmatter_parse(const char *yaml, size_t yaml_len, int first_line,
    record *r, const config *cfg, diags *d);

#endif
