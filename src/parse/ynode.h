/*
 * ynode.h - the YAML tree: nodes with source positions, as both readers
 * build them (yamlsimple.h without libyaml, yamltree.h with it), and the
 * accessors the config and front matter read them with.
 */
#ifndef AM_YNODE_H
#define AM_YNODE_H

#include <stdbool.h>
#include <stddef.h>

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
	size_t nitems, capitems;
	ypair *pairs;          /* Y_MAP, in document order */
	size_t npairs, cappairs;
};

/* No reader builds a tree deeper than this; ynode_free recurses that far. */
#define YAML_MAX_DEPTH 16

/* A new empty list or map (kind) at line and col. Free with ynode_free. */
ynode *ynode_new(ynode_kind kind, int line, int col);
/* A new scalar of the n bytes at s (a copy; s may be NULL when n is 0),
 * at line and col. Free with ynode_free. */
ynode *ynode_scalar_new(int line, int col, const char *s, size_t n,
    bool quoted);
/* Append item to the Y_SEQ seq, which owns it from then on. */
void ynode_append_item(ynode *seq, ynode *item);
/* Append the pair key: value (value may be NULL, to be set later) to the
 * Y_MAP map, which owns both from then on. */
void ynode_append_pair(ynode *map, ynode *key, ynode *value);
/* Free n and everything below it. NULL-safe. */
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
