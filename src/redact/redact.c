/*
 * redact.c - names to roles, and internal fields left out, for public
 * editions of the site.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/grow.h"
#include "model/vocab.h"
#include "parse/anchor.h"
#include "redact/redact.h"

#define LABEL_RESPONDER "Responder"
#define LABEL_CONTRIBUTOR "Contributor"
#define LABEL_OWNER "Action owner"

/* One way of writing a person's name, and what replaces it. */
typedef struct variant {
	char *text;
	size_t len;
	const char *label;     /* static, or owned by the namemap */
} variant;

/* A person known to the archive. */
typedef struct person {
	char *name;
	const char *label;     /* LABEL_RESPONDER, _CONTRIBUTOR or _OWNER */
	bool whole;            /* match the whole name only: an owner may be
	                          a team ("Platform Team"), whose words alone
	                          are not names */
} person;

struct redactor {
	person *v;
	size_t n;
};

struct namemap {
	variant *v;            /* r's people first, then everyone else */
	size_t n, cap;
	strlist labels;        /* role labels made up for r's roles */
};

/* Part of a word: ASCII letters and digits, and every byte of a
 * non-ASCII character, so that "Ana" does not match inside "Anaïs". */
static bool
word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Add name (trimmed, not empty, without a leading '@') to rd unless it
 * is there. */
static void
add_person(redactor *rd, const char *name, const char *label, bool whole)
{
	char *s = str_trim(xstrdup(name[0] == '@' ? name + 1 : name));

	if (s[0] == '\0') {
		free(s);
		return;
	}
	for (size_t i = 0; i < rd->n; i++)
		if (strcmp(rd->v[i].name, s) == 0) {
			free(s);
			return;
		}
	rd->v = xrealloc(rd->v, (rd->n + 1) * sizeof(*rd->v));
	rd->v[rd->n].name = s;
	rd->v[rd->n].label = label;
	rd->v[rd->n].whole = whole;
	rd->n++;
}

redactor *
redactor_new(record *const *v, size_t n, const history *h)
{
	redactor *rd = xcalloc(1, sizeof(*rd));
	const hist_commit *c;
	size_t nc = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < v[i]->nroles; k++)
			for (size_t j = 0; j < v[i]->roles[k].people.n; j++)
				add_person(rd, v[i]->roles[k].people.v[j],
				    LABEL_RESPONDER, false);
	c = h != NULL ? history_commits(h, &nc) : NULL;
	for (size_t i = 0; i < nc; i++)
		if (c[i].author != NULL)
			add_person(rd, c[i].author, LABEL_CONTRIBUTOR, false);
	/* owners last: a handle such as @bo is better matched to the
	 * first name of someone above */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < v[i]->nactions; k++)
			if (v[i]->actions[k].owner != NULL)
				add_person(rd, v[i]->actions[k].owner,
				    LABEL_OWNER, true);
	return rd;
}

void
redactor_free(redactor *rd)
{
	if (rd == NULL)
		return;
	for (size_t i = 0; i < rd->n; i++)
		free(rd->v[i].name);
	free(rd->v);
	free(rd);
}

/* Add len bytes of s as a variant standing for label; parts shorter than
 * two bytes would match initials everywhere and are skipped. */
static void
add_variant(namemap *m, const char *s, size_t len, const char *label)
{
	if (len < 2)
		return;
	m->v = xgrow(m->v, m->n, &m->cap, sizeof(*m->v), 16);
	m->v[m->n].text = xstrndup(s, len);
	m->v[m->n].len = len;
	m->v[m->n].label = label;
	m->n++;
}

/* The full name, and unless whole the first word and the last word of
 * name. */
static void
add_variants(namemap *m, const char *name, const char *label, bool whole)
{
	const char *sp = strchr(name, ' '), *last = strrchr(name, ' ');

	add_variant(m, name, strlen(name), label);
	if (sp != NULL && !whole) {
		add_variant(m, name, (size_t)(sp - name), label);
		add_variant(m, last + 1, strlen(last + 1), label);
	}
}

/* The label of role ro; a role without a built-in label shows its key,
 * copied into m (the strings stay put when the list grows). */
static const char *
role_label_of(namemap *m, const role *ro)
{
	const char *l = role_label(ro->name);

	if (l != NULL)
		return l;
	strlist_add(&m->labels, ro->name);
	return m->labels.v[m->labels.n - 1];
}

namemap *
namemap_new(const redactor *rd, const record *r)
{
	namemap *m = xcalloc(1, sizeof(*m));

	/* earlier variants win ties, so r's own roles come first, in the
	 * order written: someone in two roles shows as the first */
	for (size_t k = 0; k < r->nroles; k++) {
		const char *label = role_label_of(m, &r->roles[k]);

		for (size_t j = 0; j < r->roles[k].people.n; j++)
			add_variants(m, r->roles[k].people.v[j], label,
			    false);
	}
	for (size_t i = 0; rd != NULL && i < rd->n; i++)
		add_variants(m, rd->v[i].name, rd->v[i].label,
		    rd->v[i].whole);
	return m;
}

void
namemap_free(namemap *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].text);
	free(m->v);
	strlist_free(&m->labels);
	free(m);
}

/* The longest variant written at s (a word start), or NULL. any_case:
 * after an '@', where handles are written in lower case. */
static const variant *
match_at(const namemap *m, const char *s, bool any_case)
{
	const variant *best = NULL;

	for (size_t i = 0; i < m->n; i++) {
		const variant *v = &m->v[i];
		bool eq;

		if (best != NULL && v->len <= best->len)
			continue;
		if (any_case) {
			eq = true;
			for (size_t k = 0; k < v->len && eq; k++) {
				unsigned char a = (unsigned char)s[k];
				unsigned char b = (unsigned char)v->text[k];

				if (a >= 'A' && a <= 'Z')
					a = (unsigned char)(a - 'A' + 'a');
				if (b >= 'A' && b <= 'Z')
					b = (unsigned char)(b - 'A' + 'a');
				eq = a == b && a != '\0';
			}
		} else
			eq = strncmp(s, v->text, v->len) == 0;
		if (eq && !word_byte((unsigned char)s[v->len]))
			best = v;
	}
	return best;
}

char *
namemap_text(const namemap *m, const char *s)
{
	buf b = { 0 };
	size_t i = 0;

	if (s == NULL)
		return NULL;
	while (s[i] != '\0') {
		bool start = i == 0 || !word_byte((unsigned char)s[i - 1]);
		bool at = i > 0 && s[i - 1] == '@';
		const variant *v = start && word_byte((unsigned char)s[i]) ?
		    match_at(m, s + i, at) : NULL;

		if (v == NULL) {
			buf_addc(&b, s[i]);
			i++;
			continue;
		}
		if (at)
			b.data[--b.len] = '\0';
		buf_adds(&b, v->label);
		i += v->len;
	}
	if (b.data == NULL)
		return xstrdup("");
	return buf_detach(&b);
}

const char *
namemap_person(const namemap *m, const char *who, const char *fallback)
{
	char *s;
	const variant *v;

	if (who == NULL)
		return fallback;
	s = str_trim(xstrdup(who[0] == '@' ? who + 1 : who));
	v = s[0] != '\0' ? match_at(m, s, true) : NULL;
	/* only a value that is wholly one name */
	if (v != NULL && s[v->len] != '\0')
		v = NULL;
	free(s);
	return v != NULL ? v->label : fallback;
}

/* Replace the string at key of o by the label of the person it names. */
static void
person_field(const namemap *m, json_t *o, const char *key,
    const char *fallback)
{
	json_t *x = json_object_get(o, key);

	if (json_is_string(x))
		json_object_set_new(o, key, json_string(namemap_person(m,
		    json_string_value(x), fallback)));
}

/* Keys whose strings are identifiers or addresses, never prose. */
static bool
key_is_verbatim(const char *key)
{
	static const char *const keys[] = {
		"id", "url", "ticket_url", "path", "anchor", "commit",
		"commit_short", "short", "iso", "severity_class", "source",
		"kind", "phase", "rule", "level", NULL
	};

	for (size_t i = 0; keys[i] != NULL; i++)
		if (strcmp(keys[i], key) == 0)
			return true;
	return false;
}

/* Replace names in every string below x. */
static void
walk_json(const namemap *m, json_t *x)
{
	if (json_is_object(x)) {
		const char *k;
		json_t *v;

		json_object_foreach(x, k, v)
			if (!key_is_verbatim(k))
				walk_json(m, v);
	} else if (json_is_array(x)) {
		for (size_t i = 0; i < json_array_size(x); i++)
			walk_json(m, json_array_get(x, i));
	} else if (json_is_string(x)) {
		char *s = namemap_text(m, json_string_value(x));

		if (strcmp(s, json_string_value(x)) != 0)
			json_string_set(x, s);
		free(s);
	}
}

void
namemap_json(const namemap *m, json_t *inc)
{
	json_t *a, *x;
	size_t i;

	/* a role shows its label, and how many filled it */
	json_array_foreach(json_object_get(inc, "roles"), i, x) {
		const char *label = json_string_value(json_object_get(x,
		    "label"));
		size_t n = json_array_size(json_object_get(x, "people"));
		json_t *people = json_array();
		char *text = n > 1 ? xasprintf("%s (%zu people)", label, n) :
		    xstrdup(label);

		for (size_t k = 0; k < n; k++)
			json_array_append_new(people, json_string(label));
		json_object_set_new(x, "people", people);
		json_object_set_new(x, "people_text", json_string(text));
		free(text);
	}
	json_array_foreach(json_object_get(inc, "action_items"), i, x)
		person_field(m, x, "owner", LABEL_OWNER);
	a = json_object_get(inc, "commits");
	json_array_foreach(a, i, x)
		person_field(m, x, "author", LABEL_CONTRIBUTOR);
	a = json_object_get(inc, "events");
	json_array_foreach(a, i, x)
		person_field(m, x, "author", LABEL_CONTRIBUTOR);
	walk_json(m, inc);
}

void
namemap_record(const namemap *m, record *r)
{
	anchor_set anchors = { 0 };
	char *s;

	s = namemap_text(m, r->title);
	free(r->title);
	r->title = s;
	s = namemap_text(m, r->summary);
	free(r->summary);
	r->summary = s;
	/* a heading's anchor is made from its text, so a name in the text
	 * is in the anchor too: make the anchors again from the redacted
	 * titles, unique as markdown.c makes them (footnote ids included) */
	for (size_t i = 0; i < r->nsections; i++)
		anchor_set_add(&anchors, r->sections[i].anchor);
	for (size_t i = 0; i < r->nsections; i++) {
		section *sec = &r->sections[i];

		s = namemap_text(m, sec->title);
		if (strcmp(s, sec->title) == 0) {
			free(s);
			continue;
		}
		free(sec->title);
		sec->title = s;
		anchor_set_remove(&anchors, sec->anchor);
		free(sec->anchor);
		sec->anchor = anchor_set_make(&anchors, s);
	}
	anchor_set_free(&anchors);
}

void
redact_internal(record *r, const strlist *fields)
{
	for (size_t i = 0; i < fields->n; i++) {
		field_id f = field_lookup(fields->v[i]);

		if (f != F_COUNT && f != F_ID && f != F_TITLE)
			record_clear_field(r, f);
	}
}

record *
redact_record(const namemap *m, const record *r, const strlist *internal)
{
	record *c = record_copy(r);

	namemap_record(m, c);
	redact_internal(c, internal);
	return c;
}
