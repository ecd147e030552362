/*
 * record.c - the incident model: construction, copies, lookups, release.
 * Reading a record from its text is the parse stage's (parse/record_parse.c).
 */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "model/record.h"

static const char *const field_names[F_COUNT] = {
	[F_ID] = "id", [F_TITLE] = "title", [F_SEVERITY] = "severity",
	[F_STATUS] = "status", [F_TYPE] = "type", [F_SERVICES] = "services",
	[F_TAGS] = "tags", [F_ROLES] = "roles", [F_LINKS] = "links",
	[F_STARTED] = "started", [F_DETECTED] = "detected",
	[F_ACKNOWLEDGED] = "acknowledged", [F_IDENTIFIED] = "identified",
	[F_MITIGATED] = "mitigated", [F_RECOVERED] = "recovered",
	[F_RESOLVED] = "resolved", [F_REVIEWED] = "reviewed",
	[F_CUSTOMER_IMPACT] = "customer_impact", [F_DATA_LOSS] = "data_loss",
	[F_RESPONDER_HOURS] = "responder_hours", [F_FEATURED] = "featured",
	[F_SUMMARY] = "summary",
};

const char *
field_name(field_id f)
{
	return (f >= 0 && f < F_COUNT) ? field_names[f] : "";
}

field_id
field_lookup(const char *key)
{
	for (int f = 0; f < F_COUNT; f++)
		if (strcmp(field_names[f], key) == 0)
			return (field_id)f;
	return F_COUNT;
}

const char *
phase_name(phase p)
{
	return field_name((field_id)(F_STARTED + p));
}

record *
record_new(const char *path)
{
	record *r = xcalloc(1, sizeof(*r));

	r->path = xstrdup(path);
	r->customer_impact = -1;
	r->data_loss = -1;
	r->responder_hours = -1;
	return r;
}

/* The string a front-matter field of r is held in, or NULL when the
 * field is not one string. */
static char **
string_field(record *r, field_id f)
{
	switch (f) {
	case F_ID:
		return &r->id;
	case F_TITLE:
		return &r->title;
	case F_SEVERITY:
		return &r->severity;
	case F_STATUS:
		return &r->status;
	case F_TYPE:
		return &r->type;
	case F_SUMMARY:
		return &r->summary;
	default:
		return NULL;
	}
}

void
record_clear_field(record *r, field_id f)
{
	char **str = string_field(r, f);

	if (str != NULL) {
		free(*str);
		*str = NULL;
	}
	switch (f) {
	case F_SERVICES:
		strlist_free(&r->services);
		break;
	case F_TAGS:
		strlist_free(&r->tags);
		break;
	case F_ROLES:
		for (size_t i = 0; i < r->nroles; i++) {
			free(r->roles[i].name);
			strlist_free(&r->roles[i].people);
		}
		free(r->roles);
		r->roles = NULL;
		r->nroles = 0;
		break;
	case F_LINKS:
		for (size_t i = 0; i < r->nlinks; i++) {
			free(r->links[i].name);
			free(r->links[i].url);
		}
		free(r->links);
		r->links = NULL;
		r->nlinks = 0;
		break;
	case F_REVIEWED:
		memset(&r->reviewed, 0, sizeof(r->reviewed));
		break;
	case F_CUSTOMER_IMPACT:
		r->customer_impact = -1;
		break;
	case F_DATA_LOSS:
		r->data_loss = -1;
		break;
	case F_RESPONDER_HOURS:
		r->responder_hours = -1;
		break;
	case F_FEATURED:
		r->featured = false;
		break;
	default:
		if (f >= F_STARTED && f <= F_RESOLVED)
			memset(&r->times[f - F_STARTED], 0,
			    sizeof(r->times[0]));
		else if (str == NULL)
			return;
		break;
	}
	memset(&r->field_pos[f], 0, sizeof(r->field_pos[f]));
}

/* The strings an action item owns, for freeing and copying them alike. */
#define ACTION_STRINGS 7

static void
action_strings(action_item *a, char **str[ACTION_STRINGS])
{
	str[0] = &a->action;
	str[1] = &a->owner;
	str[2] = &a->type;
	str[3] = &a->priority;
	str[4] = &a->ticket;
	str[5] = &a->status;
	str[6] = &a->due_raw;
}

/* Free what the body gave r: sections, timeline entries, action items,
 * the text and its tree. */
static void
clear_body(record *r)
{
	for (size_t i = 0; i < r->nsections; i++) {
		free(r->sections[i].title);
		free(r->sections[i].anchor);
		free(r->sections[i].text);
	}
	free(r->sections);
	for (size_t i = 0; i < r->ntimeline; i++) {
		free(r->timeline[i].time_raw);
		free(r->timeline[i].text);
	}
	free(r->timeline);
	for (size_t i = 0; i < r->nactions; i++) {
		char **str[ACTION_STRINGS];

		action_strings(&r->actions[i], str);
		for (size_t k = 0; k < ACTION_STRINGS; k++)
			free(*str[k]);
	}
	free(r->actions);
	record_release_tree(r);
	free(r->body);
}

void
record_free(record *r)
{
	if (r == NULL)
		return;
	for (int f = 0; f < F_COUNT; f++)
		record_clear_field(r, (field_id)f);
	for (size_t i = 0; i < r->nunknown; i++)
		free(r->unknown[i].key);
	free(r->unknown);
	clear_body(r);
	free(r->path);
	free(r);
}

/* A copy of s, or NULL when s is NULL. */
static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
copy_strlist(strlist *dst, const strlist *src)
{
	memset(dst, 0, sizeof(*dst));
	for (size_t i = 0; i < src->n; i++)
		strlist_add(dst, src->v[i]);
}

/* A copy of n elements of size each, or NULL when there are none: the
 * caller then deep-copies the strings inside. */
static void *
dup_array(const void *v, size_t n, size_t size)
{
	void *p;

	if (n == 0)
		return NULL;
	p = xcalloc(n, size);
	memcpy(p, v, n * size);
	return p;
}

record *
record_copy(const record *r)
{
	record *c = xmalloc(sizeof(*c));

	*c = *r;
	c->path = xstrdup(r->path);
	/* c shares r's strings until each is copied in place */
	for (int f = 0; f < F_COUNT; f++) {
		char **str = string_field(c, (field_id)f);

		if (str != NULL)
			*str = dup_or_null(*str);
	}
	copy_strlist(&c->services, &r->services);
	copy_strlist(&c->tags, &r->tags);
	c->roles = dup_array(r->roles, r->nroles, sizeof(*r->roles));
	for (size_t i = 0; i < r->nroles; i++) {
		c->roles[i].name = xstrdup(r->roles[i].name);
		copy_strlist(&c->roles[i].people, &r->roles[i].people);
	}
	c->links = dup_array(r->links, r->nlinks, sizeof(*r->links));
	for (size_t i = 0; i < r->nlinks; i++) {
		c->links[i].name = xstrdup(r->links[i].name);
		c->links[i].url = xstrdup(r->links[i].url);
	}
	c->unknown = dup_array(r->unknown, r->nunknown, sizeof(*r->unknown));
	for (size_t i = 0; i < r->nunknown; i++)
		c->unknown[i].key = xstrdup(r->unknown[i].key);
	c->sections = dup_array(r->sections, r->nsections,
	    sizeof(*r->sections));
	for (size_t i = 0; i < r->nsections; i++) {
		c->sections[i].title = dup_or_null(r->sections[i].title);
		c->sections[i].anchor = dup_or_null(r->sections[i].anchor);
		c->sections[i].text = dup_or_null(r->sections[i].text);
	}
	c->timeline = dup_array(r->timeline, r->ntimeline,
	    sizeof(*r->timeline));
	for (size_t i = 0; i < r->ntimeline; i++) {
		c->timeline[i].time_raw = dup_or_null(r->timeline[i].time_raw);
		c->timeline[i].text = dup_or_null(r->timeline[i].text);
	}
	c->actions = dup_array(r->actions, r->nactions, sizeof(*r->actions));
	for (size_t i = 0; i < r->nactions; i++) {
		char **str[ACTION_STRINGS];

		action_strings(&c->actions[i], str);
		for (size_t k = 0; k < ACTION_STRINGS; k++)
			*str[k] = dup_or_null(*str[k]);
	}
	c->body = r->body != NULL ? xstrndup(r->body, r->body_len) : NULL;
	c->doc = NULL;
	return c;
}

void
record_release_tree(record *r)
{
	if (r != NULL && r->doc != NULL) {
		cmark_node_free(r->doc);
		r->doc = NULL;
	}
}

bool
record_is_file_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 3 && strcmp(name + n - 3, ".md") == 0;
}

char *
record_path_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 3 && strcmp(base + n - 3, ".md") == 0)
		n -= 3;
	return xstrndup(base, n);
}

bool
action_item_overdue(const action_item *a, int64_t now)
{
	char today[32], due[32];

	if (a->done || !a->due.set)
		return false;
	time_format(now, TIME_DATE, today, sizeof(today));
	time_format(a->due.t, TIME_DATE, due, sizeof(due));
	return strcmp(today, due) > 0;
}

const role *
record_role(const record *r, const char *name)
{
	for (size_t i = 0; i < r->nroles; i++)
		if (ascii_strcasecmp(r->roles[i].name, name) == 0)
			return &r->roles[i];
	return NULL;
}

const section *
record_section(const record *r, const char *name)
{
	for (size_t i = 0; i < r->nsections; i++)
		if (ascii_strcasecmp(r->sections[i].title, name) == 0)
			return &r->sections[i];
	return NULL;
}
