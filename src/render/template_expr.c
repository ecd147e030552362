/*
 * template_expr.c - the expression language of data-am-* attributes
 * (docs/templates.md): parsing a value once into a tree, and evaluating
 * it against the JSON data and the data-am-repeat items in scope. It owns
 * the truth and the text form of a JSON value; template.c owns the rest.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/template_expr.h"
#include "lib/grow.h"
#include "lib/util.h"

/* Nested "!" and parentheses within one expression. */
#define MAX_EXPR_DEPTH		64

typedef enum expr_op {
	EX_PATH,		/* a.b[0] */
	EX_LITERAL,		/* 'text' or 42 */
	EX_COUNT,		/* count(a.b) */
	EX_NOT,			/* !a */
	EX_CONCAT,		/* a + b + c */
	EX_EQ,			/* a == b */
	EX_NE			/* a != b */
} expr_op;

typedef struct step {
	char *key;		/* object key, or NULL for an array index */
	size_t keylen;
	size_t index;
} step;

struct expr {
	expr_op op;
	json_t *literal;	/* EX_LITERAL, built once at parse time */
	step *steps;		/* EX_PATH, EX_COUNT; steps[0] is a name */
	size_t nsteps;
	struct expr **args;	/* operands of !, +, ==, != */
	size_t nargs;
};

/*
 * Return v, aborting when a jansson constructor ran out of memory: the same
 * policy as xmalloc (see util.h), so evaluation never has to fail.
 */
static json_t *
jnew(json_t *v)
{
	if (v == NULL)
		abort();
	return v;
}

/*
 * Parsing
 */

/* See template_expr.h. */
void
expr_free(expr *e)
{
	if (e == NULL)
		return;
	for (size_t i = 0; i < e->nsteps; i++)
		free(e->steps[i].key);
	free(e->steps);
	for (size_t i = 0; i < e->nargs; i++)
		expr_free(e->args[i]);
	free(e->args);
	if (e->literal != NULL)
		json_decref(e->literal);
	free(e);
}

/* A new expression of kind op with no operands. */
static expr *
expr_new(expr_op op)
{
	expr *e = xcalloc(1, sizeof(*e));

	e->op = op;
	return e;
}

/* Append operand a to e, taking ownership. */
static void
expr_push(expr *e, expr *a)
{
	e->args = xrealloc(e->args, (e->nargs + 1) * sizeof(*e->args));
	e->args[e->nargs++] = a;
}

/* Parser state for one attribute value. */
typedef struct xparse {
	const char *text;	/* the whole value, for columns */
	const char *p;
	int depth;
	char *error;		/* the first error, owned; NULL while fine */
} xparse;

/* Record the first syntax error, with the column where it was found. */
static void
xerror(xparse *x, const char *what)
{
	if (x->error == NULL)
		x->error = xasprintf("%s at column %zu", what,
		    (size_t)(x->p - x->text) + 1);
}

/* Move x past white space. */
static void
skip_space(xparse *x)
{
	while (*x->p == ' ' || *x->p == '\t' || *x->p == '\n' ||
	    *x->p == '\r' || *x->p == '\f')
		x->p++;
}

/* True when c may start a NAME: [A-Za-z_]. */
static bool
is_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

/* True when c may continue a NAME: [A-Za-z0-9_-]. */
static bool
is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/* See template_expr.h. */
bool
expr_is_name(const char *s)
{
	if (!is_name_start(*s))
		return false;
	while (is_name_char(*s))
		s++;
	return *s == '\0';
}

/* A NAME at x->p as a new string, or NULL (no error recorded). */
static char *
parse_name(xparse *x)
{
	const char *start = x->p;

	if (!is_name_start(*x->p))
		return NULL;
	while (is_name_char(*x->p))
		x->p++;
	return xstrndup(start, (size_t)(x->p - start));
}

/* Digits at x->p into *out. Returns 0, or -1 with an error recorded. */
static int
parse_digits(xparse *x, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (*x->p < '0' || *x->p > '9') {
		xerror(x, "expected an integer");
		return -1;
	}
	for (; *x->p >= '0' && *x->p <= '9'; x->p++) {
		unsigned d = (unsigned)(*x->p - '0');

		if (v > (max - d) / 10) {
			xerror(x, "integer too large");
			return -1;
		}
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/*
 * The rest of a path whose first NAME is first (taken over). Returns an
 * EX_PATH expression, or NULL with an error recorded.
 */
static expr *
parse_path(xparse *x, char *first)
{
	expr *e = expr_new(EX_PATH);
	size_t cap = 0;

	e->steps = xgrow(NULL, 0, &cap, sizeof(*e->steps), 4);
	e->steps[0] = (step){ first, strlen(first), 0 };
	e->nsteps = 1;
	for (;;) {
		step s = { NULL, 0, 0 };

		if (*x->p == '.') {
			x->p++;
			if ((s.key = parse_name(x)) == NULL) {
				xerror(x, "expected a name after '.'");
				goto fail;
			}
			s.keylen = strlen(s.key);
		} else if (*x->p == '[') {
			unsigned long long i;

			x->p++;
			if (parse_digits(x, SIZE_MAX, &i) < 0)
				goto fail;
			if (*x->p != ']') {
				xerror(x, "expected ']'");
				goto fail;
			}
			x->p++;
			s.index = (size_t)i;
		} else
			break;
		e->steps = xgrow(e->steps, e->nsteps, &cap, sizeof(*e->steps), 4);
		e->steps[e->nsteps++] = s;
	}
	return e;
fail:
	expr_free(e);
	return NULL;
}

static expr *parse_expr(xparse *x);

/* The ')' that closes e, after white space: step past it and return e,
 * or record the error what, free e and return NULL. */
static expr *
close_paren(xparse *x, expr *e, const char *what)
{
	skip_space(x);
	if (*x->p != ')') {
		xerror(x, what);
		expr_free(e);
		return NULL;
	}
	x->p++;
	return e;
}

/* term := path | 'string' | integer | count(path) | ( expr ) */
static expr *
parse_term(xparse *x)
{
	expr *e = NULL;
	char *name;

	skip_space(x);
	if (*x->p == '\'') {
		const char *start = ++x->p, *end = strchr(start, '\'');

		if (end == NULL) {
			x->p--;
			xerror(x, "unterminated string");
			return NULL;
		}
		e = expr_new(EX_LITERAL);
		/* libxml2 hands us UTF-8 already; skip jansson's recheck */
		e->literal = jnew(json_stringn_nocheck(start,
		    (size_t)(end - start)));
		x->p = end + 1;
		return e;
	}
	if (*x->p >= '0' && *x->p <= '9') {
		unsigned long long v;

		if (parse_digits(x, (unsigned long long)LLONG_MAX,
		    &v) < 0)
			return NULL;
		e = expr_new(EX_LITERAL);
		e->literal = jnew(json_integer((json_int_t)v));
		return e;
	}
	if (*x->p == '(') {
		x->p++;
		if ((e = parse_expr(x)) == NULL)
			return NULL;
		return close_paren(x, e, "expected ')'");
	}
	if ((name = parse_name(x)) == NULL) {
		xerror(x, *x->p == '\0' ? "expected a value" :
		    "expected a name, a 'string', an integer, count( or (");
		return NULL;
	}
	if (strcmp(name, "count") == 0) {
		const char *save = x->p;

		skip_space(x);
		if (*x->p == '(') {
			char *first;

			free(name);
			x->p++;
			skip_space(x);
			if ((first = parse_name(x)) == NULL) {
				xerror(x, "count() takes a path");
				return NULL;
			}
			if ((e = parse_path(x, first)) == NULL)
				return NULL;
			e->op = EX_COUNT;
			return close_paren(x, e,
			    "expected ')' after count(path");
		}
		x->p = save;
	}
	return parse_path(x, name);
}

/* unary := "!" unary | term */
static expr *
parse_unary(xparse *x)
{
	expr *e, *a;

	skip_space(x);
	if (*x->p != '!')
		return parse_term(x);
	x->p++;
	if (++x->depth > MAX_EXPR_DEPTH) {
		xerror(x, "expression nested too deeply");
		return NULL;
	}
	a = parse_unary(x);
	x->depth--;
	if (a == NULL)
		return NULL;
	e = expr_new(EX_NOT);
	expr_push(e, a);
	return e;
}

/* concat := unary ( "+" unary )* */
static expr *
parse_concat(xparse *x)
{
	expr *e, *a;

	if ((a = parse_unary(x)) == NULL)
		return NULL;
	skip_space(x);
	if (*x->p != '+')
		return a;
	/* one node for the whole chain keeps evaluation flat */
	e = expr_new(EX_CONCAT);
	expr_push(e, a);
	while (*x->p == '+') {
		x->p++;
		if ((a = parse_unary(x)) == NULL) {
			expr_free(e);
			return NULL;
		}
		expr_push(e, a);
		skip_space(x);
	}
	return e;
}

/* expr := concat [ ("==" | "!=") concat ] */
static expr *
parse_expr(xparse *x)
{
	expr *e = NULL, *a = NULL, *b;
	expr_op op;

	if (++x->depth > MAX_EXPR_DEPTH) {
		xerror(x, "expression nested too deeply");
		goto out;
	}
	if ((a = parse_concat(x)) == NULL)
		goto out;
	skip_space(x);
	if (x->p[0] == '=' && x->p[1] == '=')
		op = EX_EQ;
	else if (x->p[0] == '!' && x->p[1] == '=')
		op = EX_NE;
	else {
		e = a;
		a = NULL;
		goto out;
	}
	x->p += 2;
	if ((b = parse_concat(x)) == NULL)
		goto out;
	e = expr_new(op);
	expr_push(e, a);
	expr_push(e, b);
	a = NULL;
out:
	x->depth--;
	expr_free(a);
	return e;
}

/*
 * Parse the rest of x as one expression. Returns it, or NULL with an error
 * recorded in x.
 */
static expr *
parse_all(xparse *x)
{
	expr *e;

	if ((e = parse_expr(x)) == NULL)
		return NULL;
	skip_space(x);
	if (*x->p != '\0') {
		xerror(x, "unexpected text after the expression");
		expr_free(e);
		return NULL;
	}
	return e;
}

/* See template_expr.h. */
expr *
expr_parse(const char *text, char **error)
{
	xparse x = { text, text, 0, NULL };
	expr *e = parse_all(&x);

	*error = x.error;
	return e;
}

/* See template_expr.h. */
int
expr_parse_repeat(const char *text, char **name, expr **e, char **error)
{
	xparse x = { text, text, 0, NULL };

	*e = NULL;
	skip_space(&x);
	if ((*name = parse_name(&x)) == NULL)
		goto syntax;
	if (*x.p != ' ' && *x.p != '\t' && *x.p != '\n' && *x.p != '\r')
		goto syntax;
	skip_space(&x);
	if (x.p[0] != 'i' || x.p[1] != 'n' || is_name_char(x.p[2]) ||
	    x.p[2] == '.' || x.p[2] == '[')
		goto syntax;
	x.p += 2;
	if ((*e = parse_all(&x)) == NULL)
		goto fail;
	*error = NULL;
	return 0;
syntax:
	xerror(&x, "expected \"NAME in EXPR\"");
fail:
	free(*name);
	*name = NULL;
	*error = x.error;
	return -1;
}

/*
 * Evaluation
 */

/* The truth of v: null, false, 0, 0.0, "", [] and {} are false. */
static bool
truthy(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_TRUE:
		return true;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_OBJECT:
		return json_object_size(v) > 0;
	default:
		return false;
	}
}

/*
 * Append x with at most two decimals, trailing zeros trimmed ("1.5",
 * "2"). Done in integer arithmetic so that neither the locale's decimal
 * point nor libm is involved.
 */
static void
add_real(buf *b, double x)
{
	bool neg = x < 0;
	double mag = neg ? -x : x, y;
	unsigned long long c;
	unsigned frac;

	if (!(mag < 1e15)) {
		/* hundredths would overflow; no decimals at this size */
		buf_addf(b, "%.0f", x);
		return;
	}
	y = mag * 100.0 + 0.5;
	c = (unsigned long long)y;
	if (c == 0) {
		buf_addc(b, '0');
		return;
	}
	buf_addf(b, "%s%llu", neg ? "-" : "", c / 100);
	frac = (unsigned)(c % 100);
	if (frac % 10 == 0 && frac != 0)
		buf_addf(b, ".%u", frac / 10);
	else if (frac != 0)
		buf_addf(b, ".%02u", frac);
}

/* See template_expr.h. */
void
expr_add_text(buf *b, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		buf_add(b, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		add_real(b, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_adds(b, "true");
		break;
	case JSON_FALSE:
		buf_adds(b, "false");
		break;
	default:
		break;
	}
}

/*
 * The value of a path: the first name from the innermost binding (or its
 * NAME_index / NAME_last), else from the root object; then each step.
 * Missing values are null. Returns a new reference.
 */
static json_t *
path_value(const expr_scope *sc, const step *steps, size_t n)
{
	const expr_binding *b;
	const char *key = steps[0].key;
	json_t *v = NULL, *made = NULL, *ret;

	for (b = sc->bindings; b != NULL; b = b->up) {
		const char *suffix = key + b->namelen;

		if (strcmp(key, b->name) == 0) {
			v = b->item;
			break;
		}
		if (steps[0].keylen <= b->namelen ||
		    strncmp(key, b->name, b->namelen) != 0)
			continue;
		if (strcmp(suffix, "_index") == 0) {
			v = made = jnew(json_integer((json_int_t)b->index));
			break;
		}
		if (strcmp(suffix, "_last") == 0) {
			v = json_boolean(b->last);
			break;
		}
	}
	if (b == NULL)
		v = json_object_get(sc->data, key);
	/* json_object_get and json_array_get give NULL for other types */
	for (size_t i = 1; i < n && v != NULL; i++)
		v = steps[i].key != NULL ? json_object_get(v, steps[i].key) :
		    json_array_get(v, steps[i].index);
	ret = v != NULL ? json_incref(v) : json_null();
	if (made != NULL)
		json_decref(made);
	return ret;
}

/* See template_expr.h. */
void
expr_eval_text(const expr_scope *sc, const expr *e, buf *b)
{
	json_t *v;

	if (e->op == EX_CONCAT) {
		for (size_t i = 0; i < e->nargs; i++)
			expr_eval_text(sc, e->args[i], b);
		return;
	}
	v = expr_eval(sc, e);
	expr_add_text(b, v);
	json_decref(v);
}

/* See template_expr.h. */
bool
expr_eval_truthy(const expr_scope *sc, const expr *e)
{
	json_t *v = expr_eval(sc, e);
	bool t = truthy(v);

	json_decref(v);
	return t;
}

/* See template_expr.h. */
json_t *
expr_eval(const expr_scope *sc, const expr *e)
{
	buf a = { 0 }, b = { 0 };
	json_t *v;
	size_t n;
	bool same;

	switch (e->op) {
	case EX_LITERAL:
		/* a copy: templates are shared by the threads that render
		 * pages, and jansson reads a reference count unlocked before
		 * it increments it */
		return json_deep_copy(e->literal);
	case EX_PATH:
		return path_value(sc, e->steps, e->nsteps);
	case EX_COUNT:
		v = path_value(sc, e->steps, e->nsteps);
		if (json_is_array(v))
			n = json_array_size(v);
		else if (json_is_object(v))
			n = json_object_size(v);
		else if (json_is_string(v))
			n = json_string_length(v);
		else
			n = 0;
		json_decref(v);
		return jnew(json_integer((json_int_t)n));
	case EX_NOT:
		return json_boolean(!expr_eval_truthy(sc, e->args[0]));
	case EX_CONCAT:
		expr_eval_text(sc, e, &a);
		v = jnew(json_stringn_nocheck(a.len ? a.data : "", a.len));
		buf_free(&a);
		return v;
	case EX_EQ:
	case EX_NE:
		expr_eval_text(sc, e->args[0], &a);
		expr_eval_text(sc, e->args[1], &b);
		same = a.len == b.len &&
		    (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
		buf_free(&a);
		buf_free(&b);
		return json_boolean(e->op == EX_EQ ? same : !same);
	}
	return json_null();
}

