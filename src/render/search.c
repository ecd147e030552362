/*
 * search.c - tokens of every incident, to search.js.
 *
 * Postings are collected as (token, document, fields) triples; each
 * document's triples are merged when the next document starts, and all
 * are sorted once at the end, so the output is the same whatever order
 * the words came in.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/utf8.h"
#include "render/search.h"
#include "lib/grow.h"
#include "lib/util.h"

#define TOKEN_MIN 2
#define TOKEN_MAX 64
#define BODY_MAX 7             /* below the title's weight */

static const int field_weight[SEARCH_NFIELDS] = { 8, 4, 2, 1 };

/* Words too common to tell incidents apart; site.js gets this list and
 * drops them from queries too, so a query never asks for a word the
 * index left out. */
static const char *const stop_words[] = {
	"an", "and", "are", "as", "at", "be", "by", "for", "from", "has",
	"in", "is", "it", "its", "of", "on", "or", "that", "the", "this",
	"to", "was", "we", "were", "with", NULL
};

typedef struct posting {
	char *token;
	size_t doc;
	unsigned fields;       /* bit per search_field */
	unsigned body;         /* occurrences in the body */
} posting;

struct search_index {
	strlist ids;
	posting *v;
	size_t n, cap;
	size_t merged;         /* v[0..merged) are merged per document */
};

search_index *
search_new(void)
{
	return xcalloc(1, sizeof(search_index));
}

void
search_free(search_index *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].token);
	free(s->v);
	strlist_free(&s->ids);
	free(s);
}

/* True when t is one of stop_words. */
static bool
is_stop_word(const char *t)
{
	for (size_t i = 0; stop_words[i] != NULL; i++)
		if (strcmp(stop_words[i], t) == 0)
			return true;
	return false;
}

/* True for numbers of one or two digits: the hours and minutes of
 * every timeline entry, which match everything. */
static bool
short_number(const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (t[i] < '0' || t[i] > '9')
			return false;
	return len < 3;
}

/* Part of a token. Keep in step with the pattern in templates/site.js. */
static bool
token_char(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z');
	return !(c <= 0xbf || c == 0xd7 || c == 0xf7 ||
	    (c >= 0x2000 && c <= 0x206f) || (c >= 0x2190 && c <= 0x21ff));
}

void
search_tokens(const char *text, void (*fn)(void *ud, const char *token),
    void *ud)
{
	const unsigned char *p = (const unsigned char *)text;
	char tok[TOKEN_MAX + 1];
	size_t len = 0;
	bool toolong = false;

	for (;;) {
		size_t n = 1;
		uint32_t c = *p ? utf8_decode((const char *)p, 4, &n) : 0;

		if (*p != '\0' && token_char(c)) {
			if (len + n > TOKEN_MAX)
				toolong = true;
			for (size_t i = 0; i < n && !toolong; i++) {
				unsigned char b = p[i];

				tok[len++] = (char)(b >= 'A' && b <= 'Z' ?
				    b - 'A' + 'a' : b);
			}
			p += n;
			continue;
		}
		tok[len] = '\0';
		if (len >= TOKEN_MIN && !toolong && !is_stop_word(tok) &&
		    !short_number(tok, len))
			fn(ud, tok);
		len = 0;
		toolong = false;
		if (*p == '\0')
			break;
		p += n;
	}
}

/* By token (bytewise), then by document. */
static int
cmp_posting(const void *pa, const void *pb)
{
	const posting *a = pa, *b = pb;
	int c = strcmp(a->token, b->token);

	if (c != 0)
		return c;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/* Sort v[from..n) and fold equal (token, doc) pairs into one. */
static void
merge_from(search_index *s, size_t from)
{
	size_t o = from;

	if (s->n - from < 2)
		return;
	qsort(s->v + from, s->n - from, sizeof(*s->v), cmp_posting);
	for (size_t i = from; i < s->n; i++) {
		if (o > from && cmp_posting(&s->v[o - 1], &s->v[i]) == 0) {
			s->v[o - 1].fields |= s->v[i].fields;
			s->v[o - 1].body += s->v[i].body;
			free(s->v[i].token);
			continue;
		}
		s->v[o++] = s->v[i];
	}
	s->n = o;
}

size_t
search_add_doc(search_index *s, const char *id)
{
	/* one document's repeats are folded now, to bound memory */
	merge_from(s, s->merged);
	s->merged = s->n;
	strlist_add(&s->ids, id);
	return s->ids.n - 1;
}

/* Where search_add_text's tokens go. */
struct adding {
	search_index *s;
	size_t doc;
	search_field f;
};

/* search_tokens callback: one posting for token, from a (struct
 * adding). */
static void
add_token(void *ud, const char *token)
{
	struct adding *a = ud;
	search_index *s = a->s;

	s->v = xgrow(s->v, s->n, &s->cap, sizeof(*s->v), 1024);
	s->v[s->n].token = xstrdup(token);
	s->v[s->n].doc = a->doc;
	s->v[s->n].fields = 1u << a->f;
	s->v[s->n].body = a->f == SEARCH_BODY;
	s->n++;
}

void
search_add_text(search_index *s, size_t doc, search_field f,
    const char *text)
{
	struct adding a = { s, doc, f };

	if (text != NULL)
		search_tokens(text, add_token, &a);
}

/* The summed weight of a posting's fields. The body counts once more
 * for every doubling of its occurrences (1, 2, 4, ...), up to BODY_MAX:
 * a record that keeps coming back to a word is about it, but no number
 * of mentions outweighs the title. */
static int
weight_of(const posting *p)
{
	int w = 0, body = field_weight[SEARCH_BODY];

	for (int f = 0; f < SEARCH_BODY; f++)
		if (p->fields & (1u << f))
			w += field_weight[f];
	if (!(p->fields & (1u << SEARCH_BODY)))
		return w;
	for (unsigned n = p->body; n >= 2 && body < BODY_MAX; n /= 2)
		body++;
	return w + body;
}

char *
search_js(search_index *s)
{
	json_t *o = json_object(), *ids = json_array(), *tokens = json_object();
	json_t *stop = json_array(), *list = NULL;
	char *text = NULL, *js = NULL;

	merge_from(s, 0);
	s->merged = s->n;
	for (size_t i = 0; i < s->ids.n; i++)
		json_array_append_new(ids, json_string(s->ids.v[i]));
	for (size_t i = 0; i < s->n; i++) {
		/* postings are sorted by token: a new token starts a list */
		if (i == 0 || strcmp(s->v[i].token, s->v[i - 1].token) != 0) {
			list = json_array();
			json_object_set_new(tokens, s->v[i].token, list);
		}
		json_array_append_new(list,
		    json_integer((json_int_t)s->v[i].doc));
		json_array_append_new(list,
		    json_integer(weight_of(&s->v[i])));
	}
	for (size_t i = 0; stop_words[i] != NULL; i++)
		json_array_append_new(stop, json_string(stop_words[i]));
	json_object_set_new(o, "version", json_integer(1));
	json_object_set_new(o, "stop", stop);
	json_object_set_new(o, "ids", ids);
	json_object_set_new(o, "tokens", tokens);
	text = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII |
	    JSON_SORT_KEYS);
	if (text != NULL)
		js = xasprintf("window.AFTERMATH_SEARCH = %s;\n", text);
	free(text);
	json_decref(o);
	return js;
}
