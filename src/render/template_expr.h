/*
 * template_expr.h - internal to the templates (template.c): the
 * expression language of data-am-* values, parsed once and evaluated
 * against the JSON data. template.h is the public API.
 */
#ifndef AM_TEMPLATE_EXPR_H
#define AM_TEMPLATE_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "lib/util.h"

/* A parsed expression; opaque. */
typedef struct expr expr;

/* One data-am-repeat item in scope; they chain to the outer ones. */
typedef struct expr_binding {
	const char *name;
	size_t namelen;
	json_t *item;
	size_t index;		/* 1-based */
	bool last;
	const struct expr_binding *up;
} expr_binding;

/* What names in an expression read: the innermost repeat items (and
 * their NAME_index, NAME_last), else keys of data. */
typedef struct expr_scope {
	json_t *data;
	const expr_binding *bindings;	/* innermost repeat, or NULL */
} expr_scope;

/* Parse all of text as one expression. Returns it (free with expr_free),
 * or NULL and sets *error to a new message (the caller frees it). */
expr *expr_parse(const char *text, char **error);

/* Parse "NAME in EXPR". Returns 0 and sets *name and *e (the caller frees
 * both), or -1 and sets *error to a new message (the caller frees it). */
int expr_parse_repeat(const char *text, char **name, expr **e,
    char **error);

/* True when all of s is a NAME ([A-Za-z_][A-Za-z0-9_-]*). */
bool expr_is_name(const char *s);

/* Free e and its operands. NULL-safe. */
void expr_free(expr *e);

/* The value of e in sc; never NULL. Returns a new reference. */
json_t *expr_eval(const expr_scope *sc, const expr *e);

/* The truth of e's value in sc: null, false, 0, 0.0, "", [] and {} are
 * false. */
bool expr_eval_truthy(const expr_scope *sc, const expr *e);

/* Append the text form of e's value in sc to b. */
void expr_eval_text(const expr_scope *sc, const expr *e, buf *b);

/* Append the text form of v to b: strings as they are, numbers with at
 * most two decimals, true/false; arrays, objects and null add nothing. */
void expr_add_text(buf *b, const json_t *v);

#endif
