/*
 * yamltree.h - YAML text to a small tree with source positions (libyaml).
 *
 * Shared by the front matter and the config file so that both get the same
 * limits: bounded nesting depth (libyaml 0.2.5 has none of its own), one
 * document only, no anchors or aliases, no duplicate keys. The tree and
 * its accessors are in ynode.h.
 */
#ifndef AM_YAMLTREE_H
#define AM_YAMLTREE_H

#include <stddef.h>

#include "lib/diag.h"
#include "parse/ynode.h"

/*
 * Parse len bytes of YAML. first_line is the file line of the text's first
 * line, so positions point into the whole file. An empty document gives an
 * empty map. On error appends a "yaml-syntax" diagnostic for path and
 * returns -1; on success sets *out (the caller frees it with ynode_free).
 */
int yaml_load(const char *text, size_t len, const char *path, int first_line,
    ynode **out, diags *d);
/* As yaml_load, always through libyaml: yaml_load takes the common shape
 * of front matter without it (yamlsimple.h), and this is the reference
 * that reader is tested against. */
int yaml_load_libyaml(const char *text, size_t len, const char *path,
    int first_line, ynode **out, diags *d);

#endif
