/*
 * frontmatter.c - the YAML block at the top of a record, into the model.
 *
 * Every value is checked against the type its key needs; a value of the
 * wrong type is reported where it is written and left out, so that one bad
 * field does not hide the others.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/frontmatter.h"
#include "lib/timeutil.h"
#include "lib/words.h"
#include "parse/yamltree.h"

/* Where a fence line ends: after its newline, or at the end of the text. */
static size_t
line_end(const char *text, size_t len, size_t off)
{
	const char *nl = memchr(text + off, '\n', len - off);

	return nl ? (size_t)(nl - text) + 1 : len;
}

/* True when the line [off, end) is fence ("---" or "...") followed only by
 * blanks and the newline. */
static bool
is_fence(const char *text, size_t off, size_t end, const char *fence)
{
	size_t n = strlen(fence);

	if (end - off < n || memcmp(text + off, fence, n) != 0)
		return false;
	for (size_t i = off + n; i < end; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n')
			return false;
	return true;
}

int
frontmatter_split(const char *text, size_t len, const char *path,
    size_t *yaml_off, size_t *yaml_len, size_t *body_off, int *body_line,
    diags *d)
{
	size_t off, end, start;
	int line = 1;

	end = len > 0 ? line_end(text, len, 0) : 0;
	if (end == 0 || !is_fence(text, 0, end, "---")) {
		diags_add(d, path, 1, 1, DIAG_ERROR, "frontmatter-missing",
		    "a record must start with a line \"---\" that opens the "
		    "front matter");
		return -1;
	}
	start = end;
	for (off = start; off < len; off = end) {
		end = line_end(text, len, off);
		line++;
		if (is_fence(text, off, end, "---") ||
		    is_fence(text, off, end, "...")) {
			*yaml_off = start;
			*yaml_len = off - start;
			*body_off = end;
			*body_line = line + 1;
			return 0;
		}
		/* stop early: a stray "---" far down the body is no fence */
		if (end - start > FRONTMATTER_MAX_BYTES) {
			diags_add(d, path, 1, 1, DIAG_ERROR, "yaml-syntax",
			    "front matter is longer than %d bytes; is its "
			    "closing \"---\" missing?", FRONTMATTER_MAX_BYTES);
			return -1;
		}
	}
	diags_add(d, path, 1, 1, DIAG_ERROR, "frontmatter-missing",
	    "the front matter opened here has no closing line \"---\"");
	return -1;
}

/* Report that the value of key is not of the type it needs. */
static void
wrong_type(const record *r, diags *d, const char *key, const ynode *v,
    const char *expected)
{
	if (v->kind == Y_SCALAR)
		diags_add(d, r->path, v->line, v->col, DIAG_ERROR,
		    "field-type", "%s must be %s, not \"%s\"", key, expected,
		    v->scalar);
	else
		diags_add(d, r->path, v->line, v->col, DIAG_ERROR,
		    "field-type", "%s must be %s, not %s", key, expected,
		    ynode_kind_name(v));
}

/* True when s is a usable record id: [A-Za-z0-9][A-Za-z0-9._-]*. It ends
 * up in file names and URLs, so nothing else is let through. */
static bool
id_is_valid(const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
			return false;
	}
	return s[0] != '\0';
}

/* Set *dst to a copy of the scalar v (lower-cased when lower). */
static void
set_string(record *r, diags *d, const char *key, const ynode *v,
    bool lower, char **dst)
{
	if (v->kind != Y_SCALAR) {
		wrong_type(r, d, key, v, "a string");
		return;
	}
	free(*dst);
	*dst = lower ? word_lower(v->scalar) : xstrdup(v->scalar);
}

/* Append the comma-separated parts of s, trimmed, skipping empty ones. */
static void
add_split(strlist *l, const char *s)
{
	char *copy = xstrdup(s), *p = copy, *comma;

	for (;;) {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		str_trim(p);
		if (*p)
			strlist_add(l, p);
		/* no "comma + 1" past the last part: NULL + 1 is undefined */
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	free(copy);
}

/* services, tags: a list of names, or one string "a, b". */
static void
set_names(record *r, diags *d, const char *key, const ynode *v, strlist *l)
{
	strlist_free(l);
	if (v->kind == Y_SCALAR) {
		add_split(l, v->scalar);
		return;
	}
	if (v->kind != Y_SEQ) {
		wrong_type(r, d, key, v, "a list of names");
		return;
	}
	for (size_t i = 0; i < v->nitems; i++) {
		const ynode *it = v->items[i];
		char *s;

		if (it->kind != Y_SCALAR) {
			wrong_type(r, d, key, it, "a list of names");
			continue;
		}
		if (yscalar_is_null(it))
			continue;
		s = str_trim(xstrdup(it->scalar));
		if (*s)
			strlist_take(l, s);
		else
			free(s);
	}
}

/* roles: a map of role name to one person or a list of people. */
static void
set_roles(record *r, diags *d, const ynode *v)
{
	if (v->kind != Y_MAP) {
		wrong_type(r, d, "roles", v,
		    "a map of role to person or list of people");
		return;
	}
	for (size_t i = 0; i < v->npairs; i++) {
		const ynode *k = v->pairs[i].key, *pv = v->pairs[i].value;
		strlist people = { 0 };
		role *ro;
		bool bad = false;

		if (yscalar_is_null(pv))
			continue;
		if (pv->kind == Y_SCALAR)
			strlist_add(&people, pv->scalar);
		else if (pv->kind == Y_SEQ) {
			for (size_t j = 0; j < pv->nitems; j++) {
				const ynode *it = pv->items[j];

				if (it->kind != Y_SCALAR) {
					wrong_type(r, d, "roles", it,
					    "a person's name");
					bad = true;
				} else if (!yscalar_is_null(it))
					strlist_add(&people, it->scalar);
			}
		} else {
			wrong_type(r, d, "roles", pv,
			    "a person or a list of people");
			bad = true;
		}
		if (bad || people.n == 0) {
			strlist_free(&people);
			continue;
		}
		r->roles = xrealloc(r->roles, (r->nroles + 1) *
		    sizeof(*r->roles));
		ro = &r->roles[r->nroles++];
		ro->name = word_lower(k->scalar);
		ro->people = people;
		ro->pos = (srcpos){ k->line, k->col };
	}
}

/* links: a map of link name to URL. The URL is checked when rendered. */
static void
set_links(record *r, diags *d, const ynode *v)
{
	if (v->kind != Y_MAP) {
		wrong_type(r, d, "links", v, "a map of name to URL");
		return;
	}
	for (size_t i = 0; i < v->npairs; i++) {
		const ynode *k = v->pairs[i].key, *pv = v->pairs[i].value;
		reclink *l;

		if (yscalar_is_null(pv))
			continue;
		if (pv->kind != Y_SCALAR) {
			wrong_type(r, d, "links", pv, "a URL");
			continue;
		}
		r->links = xrealloc(r->links, (r->nlinks + 1) *
		    sizeof(*r->links));
		l = &r->links[r->nlinks++];
		l->name = xstrdup(k->scalar);
		l->url = xstrdup(pv->scalar);
		l->pos = (srcpos){ k->line, k->col };
	}
}

/* started .. resolved, reviewed: a date or a date-time. */
static void
set_time(record *r, diags *d, const char *key, const ynode *v, am_time *dst)
{
	am_time t;

	if (v->kind != Y_SCALAR) {
		wrong_type(r, d, key, v, "a date-time such as "
		    "2024-03-01T14:02Z");
		return;
	}
	if (time_parse(v->scalar, &t) < 0) {
		diags_add(d, r->path, v->line, v->col, DIAG_ERROR,
		    "time-format", "%s: \"%s\" is not a date or date-time; "
		    "write it as 2024-03-01T14:02Z or 2024-03-01 14:02+01:00",
		    key, v->scalar);
		return;
	}
	if (!t.has_offset && !t.date_only)
		diags_add(d, r->path, v->line, v->col, DIAG_WARNING,
		    "timezone-missing", "%s: \"%s\" has no time zone; read in "
		    "the configured time zone %s; add Z or an offset", key,
		    v->scalar, tz_name());
	*dst = t;
}

/* customer_impact, featured: true or false. */
static int
get_bool(record *r, diags *d, const char *key, const ynode *v, bool *b)
{
	if (yscalar_bool(v, b) < 0) {
		wrong_type(r, d, key, v, "true or false");
		return -1;
	}
	return 0;
}

/* data_loss: a duration, or a number of minutes. */
static void
set_data_loss(record *r, diags *d, const ynode *v)
{
	int64_t secs;
	double m;

	if (v->kind == Y_SCALAR && duration_parse(v->scalar, &secs) == 0) {
		r->data_loss = secs;
		return;
	}
	/* a fraction of a minute ("0.5") is a number, not a duration */
	if (yscalar_number(v, &m) == 0 && m >= 0 && m * 60 < 9e18) {
		r->data_loss = (int64_t)(m * 60 + 0.5);
		return;
	}
	wrong_type(r, d, "data_loss", v, "a duration such as 15m or 1h30m");
}

/* Store the value v of the known key f into r. */
static void
set_field(record *r, diags *d, field_id f, const ynode *v)
{
	const char *key = field_name(f);
	double x;
	bool b;

	/* the fields that are one string, and where each goes; status and
	 * type are words, kept in lower case */
	struct { field_id f; char **dst; bool lower; } strings[] = {
		{ F_ID, &r->id, false }, { F_TITLE, &r->title, false },
		{ F_SEVERITY, &r->severity, false },
		{ F_STATUS, &r->status, true }, { F_TYPE, &r->type, true },
		{ F_SUMMARY, &r->summary, false },
	};

	if (f == F_ID && v->kind == Y_SCALAR && !id_is_valid(v->scalar)) {
		diags_add(d, r->path, v->line, v->col, DIAG_ERROR, "id-format",
		    "id \"%s\" may use only letters, digits, '.', '_' and '-', "
		    "starting with a letter or digit", v->scalar);
		/* the id names the incident's page and its links: a record
		 * without a usable one cannot be published */
		r->failed = true;
		return;
	}
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		if (strings[i].f == f) {
			set_string(r, d, key, v, strings[i].lower,
			    strings[i].dst);
			return;
		}
	switch (f) {
	case F_SERVICES:
		set_names(r, d, key, v, &r->services);
		break;
	case F_TAGS:
		set_names(r, d, key, v, &r->tags);
		break;
	case F_ROLES:
		set_roles(r, d, v);
		break;
	case F_LINKS:
		set_links(r, d, v);
		break;
	case F_STARTED:
	case F_DETECTED:
	case F_ACKNOWLEDGED:
	case F_IDENTIFIED:
	case F_MITIGATED:
	case F_RECOVERED:
	case F_RESOLVED:
		set_time(r, d, key, v, &r->times[f - F_STARTED]);
		break;
	case F_REVIEWED:
		set_time(r, d, key, v, &r->reviewed);
		break;
	case F_CUSTOMER_IMPACT:
		if (get_bool(r, d, key, v, &b) == 0)
			r->customer_impact = b ? 1 : 0;
		break;
	case F_FEATURED:
		if (get_bool(r, d, key, v, &b) == 0)
			r->featured = b;
		break;
	case F_DATA_LOSS:
		set_data_loss(r, d, v);
		break;
	case F_RESPONDER_HOURS:
		if (yscalar_number(v, &x) < 0 || x < 0)
			wrong_type(r, d, key, v,
			    "a number of hours, 0 or more");
		else
			r->responder_hours = x;
		break;
	case F_ID:
	case F_TITLE:
	case F_SEVERITY:
	case F_STATUS:
	case F_TYPE:
	case F_SUMMARY:
	case F_COUNT:
		/* the strings are set above */
		break;
	}
}

int
frontmatter_parse(const char *yaml, size_t yaml_len, int first_line,
    record *r, const config *cfg, diags *d)
{
	ynode *root = NULL;
	int rc = -1;

	/* rule levels from the config are applied by the front end */
	(void)cfg;
	if (yaml_load(yaml, yaml_len, r->path, first_line, &root, d) < 0)
		goto out;
	if (root->kind != Y_MAP) {
		diags_add(d, r->path, root->line, root->col, DIAG_ERROR,
		    "yaml-syntax", "front matter must be a map of keys");
		goto out;
	}
	for (size_t i = 0; i < root->npairs; i++) {
		const ynode *k = root->pairs[i].key, *v = root->pairs[i].value;
		field_id f = field_lookup(k->scalar);
		unknown_key *u;

		if (f == F_COUNT) {
			r->unknown = xrealloc(r->unknown, (r->nunknown + 1) *
			    sizeof(*r->unknown));
			u = &r->unknown[r->nunknown++];
			u->key = xstrdup(k->scalar);
			u->pos = (srcpos){ k->line, k->col };
			continue;
		}
		r->field_pos[f] = (srcpos){ k->line, k->col };
		/* "key:" with nothing after it reads as not given */
		if (yscalar_is_null(v))
			continue;
		set_field(r, d, f, v);
	}
	rc = 0;
out:
	if (rc < 0)
		r->failed = true;
	if (r->id == NULL) {
		r->id = record_path_stem(r->path);
		if (rc == 0 && !id_is_valid(r->id)) {
			diags_add(d, r->path, 0, 0, DIAG_ERROR, "id-format",
			    "the file name \"%s\" is not a valid id; add an "
			    "\"id:\" of letters, digits, '.', '_' and '-'",
			    r->id);
			r->failed = true;
		}
	}
	ynode_free(root);
	return rc;
}
