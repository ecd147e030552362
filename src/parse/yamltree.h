/*
 * yamltree.h - YAML text to a small tree with source positions (libyaml).
 *
 * Shared by the front matter and the config file so that both get the same
 * limits: bounded nesting depth (libyaml 0.2.5 has none of its own), one
 * document only, no anchors or aliases, no duplicate keys.
 */
#ifndef AM_YAMLTREE_H
#define AM_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/diag.h"

typedef enum ynode_kind { Y_SCALAR, Y_SEQ, Y_MAP } ynode_kind;

typedef struct ynode ynode;
typedef struct ypair {
	ynode *key;            /* always a Y_SCALAR */
	ynode *value;
} ypair;

struct ynode {
	ynode_kind kind;
	int line, col;         /* 1-based position of the node in the file */
	char *scalar;          /* Y_SCALAR: the text, never NULL */
	bool quoted;           /* Y_SCALAR written in quotes or as a block */
	ynode **items;         /* Y_SEQ */
	size_t nitems;
	ypair *pairs;          /* Y_MAP, in document order */
	size_t npairs;
};

#define YAML_MAX_DEPTH 16

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
void ynode_free(ynode *n);

/* Value of key in a Y_MAP, or NULL (also when n is not a map). */
const ynode *ymap_get(const ynode *n, const char *key);
/* True when n is an unquoted null scalar: "", "~", "null", "Null", "NULL". */
bool yscalar_is_null(const ynode *n);
/* Read an unquoted YAML 1.1/1.2 boolean (true/false/yes/no/on/off, any
 * common case). Returns 0 and sets *v, or -1 when n is not a boolean. */
int yscalar_bool(const ynode *n, bool *v);
/* Read a decimal number. Returns 0 and sets *v, or -1. */
int yscalar_number(const ynode *n, double *v);
/* Name of a node kind for messages: "a string", "a list", "a map". */
const char *ynode_kind_name(const ynode *n);

#endif
