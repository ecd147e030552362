/*
 * sections.c - the headings accepted for each canonical section of
 * model/vocab.h.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ascii.h"
#include "lib/utf8.h"
#include "model/sections.h"

/* Synonyms are lower case; the canonical name itself always matches.
 * Headings are matched at any level, so "### What went well" under
 * "## Lessons learned" is the What went well section; the short forms
 * ("Went well", "Lucky") are what such subsections are often called. */
static const struct {
	const char *name;
	const char *const synonyms[16];
} builtin[] = {
	{ SECTION_SUMMARY, { "overview", "tl;dr", "tldr",
	    "executive summary", NULL } },
	{ SECTION_IMPACT, { "customer impact", "user impact",
	    "business impact", "impact assessment", NULL } },
	{ SECTION_CONTRIBUTING, { "root cause", "root causes",
	    "root cause(s)", "root cause analysis", "causes", "cause",
	    "trigger", "triggers", "trigger and root cause",
	    "contributing causes", "why it happened", NULL } },
	{ SECTION_TIMELINE, { "timeline of events", "incident timeline",
	    "chronology", NULL } },
	{ SECTION_RESOLUTION, { "resolution and recovery",
	    "recovery", "mitigation and resolution", "how it was fixed",
	    "fix", NULL } },
	{ SECTION_WENT_WELL, { "what went right", "went well",
	    "things that went well", "what worked", "well", NULL } },
	{ SECTION_WENT_WRONG, { "what went badly", "what went poorly",
	    "what didn't go well", "what did not go well",
	    "what could have gone better", "went wrong",
	    "things that went wrong", "wrong", NULL } },
	{ SECTION_LUCKY, { "where we were lucky",
	    "what was lucky", "got lucky", "lucky", "luck", NULL } },
	{ SECTION_LESSONS, { "lessons", "learnings", "key learnings",
	    "takeaways", "what we learned", NULL } },
	{ SECTION_ACTIONS, { "follow-ups", "follow-up actions",
	    "followups", "follow ups", "corrective actions",
	    "corrective and preventive actions", "remediation",
	    "remediation items", "action plan", "actions", "next steps",
	    NULL } },
};

#define NBUILTIN (sizeof(builtin) / sizeof(builtin[0]))

/* Words that change nothing about which section a heading is: "So,
 * what really went wrong?" is What went wrong, "Key takeaways" are
 * Takeaways. Negations and the words
 * that tell sections apart ("well", "wrong", "we") are never here. */
static const char *const stop_words[] = {
	"a", "an", "the", "so", "really", "very", "just", "actually", "that",
	"our", "of", "key", "main", NULL
};

/* True for a code point that separates words and is not one: ASCII
 * marks, Latin-1 punctuation, the punctuation, symbol, arrow, dingbat
 * and emoji blocks, variation selectors and tags ("Impact 💥"). Other
 * non-ASCII characters are letters of some script and stay in words. */
static bool
is_mark(uint32_t cp)
{
	if (cp < 0x80)
		return !ascii_is_alnum((int)cp);
	return cp == UTF8_INVALID || cp < 0xc0 || cp == 0xd7 || cp == 0xf7 ||
	    (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f) ||
	    (cp >= 0x1f000 && cp <= 0x1faff) ||
	    (cp >= 0xe0000 && cp <= 0xe007f);
}

/* Append the word w (lower case, n bytes, changed in place) to out as
 * compared: a simple plural made singular ("learnings", "priorities"),
 * a stop word left out. */
static void
add_word(buf *out, char *w, size_t n)
{
	if (n >= 5 && memcmp(w + n - 3, "ies", 3) == 0) {
		w[n - 3] = 'y';
		n -= 2;
	} else if (n >= 4 && w[n - 1] == 's' && strchr("siu", w[n - 2]) == NULL)
		n--;
	for (size_t i = 0; stop_words[i] != NULL; i++)
		if (strlen(stop_words[i]) == n && memcmp(stop_words[i], w, n) == 0)
			return;
	if (out->len > 0)
		buf_addc(out, ' ');
	buf_add(out, w, n);
}

/*
 * The words of title as compared, into out (emptied first; word is
 * scratch): lower case, one space apart, '&' as "and", apostrophes of
 * either kind dropped inside a word ("didn't" is "didnt"), punctuation
 * and emoji as space, simple plurals singular, stop words out, and a
 * leading "2." or "2)" cut. Never the locale's idea of a letter.
 */
static void
heading_words(const char *title, buf *out, buf *word)
{
	const char *p = title;
	char and[] = "and";

	out->len = 0;
	buf_add(out, "", 0);
	word->len = 0;
	while (ascii_is_space((unsigned char)*p))
		p++;
	/* "2. Impact", "2) Impact": numbered templates; "2025 Impact" is
	 * not Impact */
	if (ascii_is_digit((unsigned char)*p)) {
		const char *q = p;

		while (ascii_is_digit((unsigned char)*q))
			q++;
		if ((*q == '.' || *q == ')') && ascii_is_space((unsigned char)q[1]))
			p = q + 1;
	}
	for (;;) {
		size_t len = 1;
		uint32_t cp = *p == '\0' ? 0 : utf8_decode(p, 4, &len);

		if (cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x2bc) {
			p += len;
			continue;
		}
		if (cp == 0 || cp == '&' || is_mark(cp)) {
			if (word->len > 0)
				add_word(out, word->data, word->len);
			word->len = 0;
			if (cp == '&')
				add_word(out, and, 3);
			if (cp == 0)
				break;
		} else if (cp < 0x80)
			buf_addc(word, (char)ascii_lower((int)cp));
		else
			buf_add(word, p, len);
		p += len;
	}
}

const char *const *
section_synonyms(const char *canonical)
{
	static const char *const none[] = { NULL };

	for (size_t i = 0; i < NBUILTIN; i++)
		if (ascii_strcasecmp(builtin[i].name, canonical) == 0)
			return builtin[i].synonyms;
	return none;
}

struct section_index {
	strlist names;         /* every section known, as given */
	strlist keys;          /* the words of each name */
	strlist phrases;       /* the words of each heading of each */
	size_t *of;            /* phrases.v[i] is one of names.v[of[i]] */
	buf title, scratch, word;
};

/* The words of text into ix->scratch; returns them (ix owns them). */
static const char *
words_of(section_index *ix, const char *text)
{
	heading_words(text, &ix->scratch, &ix->word);
	return ix->scratch.data;
}

/* Index in ix->names of the section called name (compared by its
 * words, which are left in ix->scratch), or -1. */
static long
index_lookup(section_index *ix, const char *name)
{
	const char *w = words_of(ix, name);

	for (size_t i = 0; i < ix->keys.n; i++)
		if (strcmp(ix->keys.v[i], w) == 0)
			return (long)i;
	return -1;
}

/* Add the words of text as a heading of section e. */
static void
add_phrase(section_index *ix, size_t e, const char *text)
{
	ix->of = xrealloc(ix->of, (ix->phrases.n + 1) * sizeof(*ix->of));
	ix->of[ix->phrases.n] = e;
	strlist_add(&ix->phrases, words_of(ix, text));
}

/* The index of the section called name in ix, added when it is new. */
static size_t
index_add(section_index *ix, const char *name)
{
	long e = index_lookup(ix, name);

	if (e >= 0)
		return (size_t)e;
	strlist_add(&ix->keys, ix->scratch.data);
	strlist_add(&ix->names, name);
	add_phrase(ix, ix->names.n - 1, name);
	return ix->names.n - 1;
}

section_index *
section_index_new(const config *cfg)
{
	const check_conf *k = cfg != NULL ? &cfg->check : NULL;
	section_index *ix = xcalloc(1, sizeof(*ix));

	for (size_t i = 0; i < NBUILTIN; i++) {
		size_t e = index_add(ix, builtin[i].name);

		for (const char *const *syn = builtin[i].synonyms; *syn; syn++)
			add_phrase(ix, e, *syn);
	}
	for (size_t i = 0; k != NULL && i < k->nsection_aliases; i++) {
		const section_alias *a = &k->section_aliases[i];
		size_t e = index_add(ix, a->name);

		for (size_t j = 0; j < a->synonyms.n; j++)
			add_phrase(ix, e, a->synonyms.v[j]);
	}
	for (size_t i = 0; k != NULL && i < k->nsections; i++)
		for (size_t j = 0; j < k->sections[i].require.n; j++)
			index_add(ix, k->sections[i].require.v[j]);
	return ix;
}

void
section_index_free(section_index *ix)
{
	if (ix != NULL) {
		strlist_free(&ix->names);
		strlist_free(&ix->keys);
		strlist_free(&ix->phrases);
		free(ix->of);
		buf_free(&ix->title);
		buf_free(&ix->scratch);
		buf_free(&ix->word);
	}
	free(ix);
}

/* A section being matched: an index in ix, or -1 for a name ix does not
 * know, which has only its own words. */
typedef struct wanted {
	long e;
	const char *own;
} wanted;

/* True when [s, s + n) are the words of a heading of w (of any section
 * of ix when w is NULL). */
static bool
heading_of(const section_index *ix, const wanted *w, const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (w != NULL && w->e < 0)
		return strlen(w->own) == n && memcmp(w->own, s, n) == 0;
	for (size_t i = 0; i < ix->phrases.n; i++)
		if ((w == NULL || ix->of[i] == (size_t)w->e) &&
		    strlen(ix->phrases.v[i]) == n &&
		    memcmp(ix->phrases.v[i], s, n) == 0)
			return true;
	return false;
}

/*
 * True when the heading whose words are ix->title is the section w: the
 * whole of one of its headings, or, when the whole is no section's, two
 * headings joined by "and" ("Impact and timeline") of which one is w's
 * and the other some section's.
 */
static bool
title_is(const section_index *ix, const wanted *w)
{
	const char *t = ix->title.data, *p;
	size_t n = ix->title.len;

	if (heading_of(ix, w, t, n))
		return true;
	if (strstr(t, " and ") == NULL || heading_of(ix, NULL, t, n))
		return false;
	for (p = strstr(t, " and "); p != NULL; p = strstr(p + 1, " and ")) {
		size_t l = (size_t)(p - t), r = n - l - 5;

		if ((heading_of(ix, w, t, l) && heading_of(ix, NULL, p + 5, r)) ||
		    (heading_of(ix, w, p + 5, r) && heading_of(ix, NULL, t, l)))
			return true;
	}
	return false;
}

bool
section_index_is(section_index *ix, const char *canonical, const char *title)
{
	wanted w = { index_lookup(ix, canonical), NULL };

	/* the lookup left canonical's words in scratch, which matching the
	 * title does not touch */
	w.own = ix->scratch.data;
	heading_words(title, &ix->title, &ix->word);
	return title_is(ix, &w);
}

size_t
section_index_matches(section_index *ix, const char *title, strlist *out)
{
	size_t n = 0;

	heading_words(title, &ix->title, &ix->word);
	for (size_t i = 0; i < ix->names.n; i++)
		if (title_is(ix, &(wanted){ (long)i, NULL })) {
			strlist_add(out, ix->names.v[i]);
			n++;
		}
	return n;
}

long
section_index_find(section_index *ix, const record *r, const char *canonical)
{
	for (size_t i = 0; i < r->nsections; i++)
		if (section_index_is(ix, canonical, r->sections[i].title))
			return (long)i;
	return -1;
}

/* One index for one question: section_is is section_find on a record
 * of one heading. */
bool
section_is(const config *cfg, const char *canonical, const char *title)
{
	section one = { .title = (char *)title };
	record r = { .sections = &one, .nsections = 1 };

	return section_find(&r, cfg, canonical) == 0;
}

/*
 * section_find's index, kept per thread between calls: every record and
 * every old version the history reads asks for its sections, and making
 * the index (the words of every name and synonym) cost a tenth of a
 * build. It is made again when the configuration's section names
 * differ from those it was made from, compared in full (key), so that a
 * configuration freed and another allocated at the same address cannot
 * be taken for it.
 */
typedef struct index_cache {
	buf key;
	section_index *ix;
} index_cache;

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_ok;

/* Free a thread's cache when the thread ends. */
static void
cache_free(void *p)
{
	index_cache *c = p;

	section_index_free(c->ix);
	buf_free(&c->key);
	free(c);
}

/* Make the thread-specific key, once per process. */
static void
cache_init(void)
{
	cache_ok = pthread_key_create(&cache_key, cache_free) == 0;
}

/* Append s and a separator no name holds to b. */
static void
key_add(buf *b, const char *s)
{
	buf_adds(b, s);
	buf_addc(b, '\x1f');
}

/* Everything of cfg that section_index_new reads, in order, into b. */
static void
index_key(const config *cfg, buf *b)
{
	const check_conf *k = cfg != NULL ? &cfg->check : NULL;

	buf_addc(b, cfg != NULL ? 'c' : '-');
	for (size_t i = 0; k != NULL && i < k->nsection_aliases; i++) {
		key_add(b, k->section_aliases[i].name);
		for (size_t j = 0; j < k->section_aliases[i].synonyms.n; j++)
			key_add(b, k->section_aliases[i].synonyms.v[j]);
		buf_addc(b, '\x1e');
	}
	buf_addc(b, '\x1d');
	for (size_t i = 0; k != NULL && i < k->nsections; i++)
		for (size_t j = 0; j < k->sections[i].require.n; j++)
			key_add(b, k->sections[i].require.v[j]);
}

long
section_find(const record *r, const config *cfg, const char *canonical)
{
	index_cache *c;
	section_index *ix;
	buf key = { 0 };
	long found;

	(void)pthread_once(&cache_once, cache_init);
	index_key(cfg, &key);
	c = cache_ok ? pthread_getspecific(cache_key) : NULL;
	if (c == NULL && cache_ok) {
		c = xcalloc(1, sizeof(*c));
		if (pthread_setspecific(cache_key, c) != 0) {
			free(c);
			c = NULL;
		}
	}
	if (c == NULL) {
		/* no cache: an index for this call only */
		ix = section_index_new(cfg);
		found = section_index_find(ix, r, canonical);
		section_index_free(ix);
		buf_free(&key);
		return found;
	}
	if (c->ix == NULL || c->key.len != key.len ||
	    memcmp(c->key.data, key.data, key.len) != 0) {
		section_index_free(c->ix);
		c->ix = section_index_new(cfg);
		buf_free(&c->key);
		c->key = key;
		key = (buf){ 0 };
	}
	buf_free(&key);
	return section_index_find(c->ix, r, canonical);
}
