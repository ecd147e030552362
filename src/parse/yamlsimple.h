/*
 * yamlsimple.h - the common shape of front matter, read without libyaml.
 *
 * Front matter is nearly always "key: value" lines, lists in brackets and
 * one level of nested maps or "- item" lists, in ASCII. libyaml spends
 * about 30 µs on such a block, which a build pays for every record and
 * every version of it in history. This reader takes that shape and builds
 * the tree libyaml's events would build, positions included; it declines
 * everything else, and yaml_load then uses libyaml.
 */
#ifndef AM_YAMLSIMPLE_H
#define AM_YAMLSIMPLE_H

#include <stddef.h>

#include "parse/ynode.h"

/*
 * Read len bytes of YAML starting at file line first_line. Returns 0 and
 * sets *out (free with ynode_free) when the text is of the simple shape,
 * or 1 (nothing set) when it is not: any byte outside printable ASCII and
 * newline, tabs, comments after a value other than " #", quotes with
 * escapes, flow maps, multi-line scalars, anchors, tags, block scalars,
 * nesting below a second level, duplicate keys, an empty document.
 */
int yaml_simple_load(const char *text, size_t len, int first_line,
    ynode **out);

#endif
