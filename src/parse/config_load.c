/*
 * config_load.c - aftermath.yaml read over the built-in configuration:
 * every key checked for its type, unknown keys and words reported with
 * the closest known one, positions kept for the findings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/files.h"
#include "lib/timeutil.h"
#include "lib/url.h"
#include "lib/words.h"
#include "model/record.h"
#include "model/rules.h"
#include "model/vocab.h"
#include "parse/config_load.h"
#include "parse/yamltree.h"

#define CONFIG_FILE "aftermath.yaml"
#define CONFIG_MAX_BYTES (1024 * 1024)

/* Report that key's value has the wrong type; returns -1. */
static int
bad_type(const char *path, const char *key, const ynode *v, const char *want,
    diags *d)
{
	diags_add(d, path, v->line, v->col, DIAG_ERROR, "config",
	    "'%s' must be %s, not %s", key, want, ynode_kind_name(v));
	return -1;
}

/* Replace *dst with the scalar v. Returns 0 or -1 with a finding. */
static int
set_string(const char *path, const char *key, const ynode *v, char **dst,
    diags *d)
{
	if (v->kind != Y_SCALAR)
		return bad_type(path, key, v, "a string", d);
	free(*dst);
	*dst = xstrdup(v->scalar);
	return 0;
}

/* Set *dst to v, a setting that becomes a link on the pages and in the
 * exports: empty, or an http or https URL that passes the URL check
 * (lib/url.h). example shows one in the error. Returns 0 or -1 with a
 * finding. */
static int
set_link(const char *path, const char *key, const ynode *v, char **dst,
    const char *example, diags *d)
{
	if (set_string(path, key, v, dst, d) < 0)
		return -1;
	if ((*dst)[0] == '\0' || ((strncmp(*dst, "https://", 8) == 0 ||
	    strncmp(*dst, "http://", 7) == 0) && url_is_safe(*dst)))
		return 0;
	diags_add(d, path, v->line, v->col, DIAG_ERROR, "config", "'%s' must "
	    "be an http or https URL, such as %s", key, example);
	return -1;
}

/* Read a duration target such as "30m"; -1 stays "not set". */
static int
set_duration(const char *path, const char *key, const ynode *v, int64_t *dst,
    diags *d)
{
	if (v->kind != Y_SCALAR || duration_parse(v->scalar, dst) < 0) {
		diags_add(d, path, v->line, v->col, DIAG_ERROR, "config",
		    "'%s' must be a duration such as 30m or 4h", key);
		return -1;
	}
	return 0;
}

/* severities: a list of {name, description} maps or of names, or a map
 * from name to description; the order is worst first. */
static int
load_severities(config *c, const ynode *v, diags *d)
{
	size_t n = v->kind == Y_SEQ ? v->nitems :
	    v->kind == Y_MAP ? v->npairs : 0;

	if (v->kind == Y_SCALAR || n == 0)
		return bad_type(c->path, "severities", v,
		    "a non-empty list or map", d);
	for (size_t i = 0; i < c->nseverities; i++) {
		free(c->severities[i].name);
		free(c->severities[i].description);
	}
	free(c->severities);
	c->severities = xcalloc(n, sizeof(*c->severities));
	c->nseverities = 0;
	for (size_t i = 0; i < n; i++) {
		const ynode *name, *desc;

		if (v->kind == Y_MAP) {
			name = v->pairs[i].key;
			desc = v->pairs[i].value;
		} else if (v->items[i]->kind == Y_MAP) {
			name = ymap_get(v->items[i], "name");
			desc = ymap_get(v->items[i], "description");
		} else {
			name = v->items[i];
			desc = NULL;
		}
		if (name == NULL || name->kind != Y_SCALAR ||
		    name->scalar[0] == '\0') {
			diags_add(d, c->path, v->line, v->col, DIAG_ERROR,
			    "config", "every severity needs a name");
			return -1;
		}
		if (desc != NULL && desc->kind != Y_SCALAR)
			return bad_type(c->path, "description", desc,
			    "a string", d);
		c->severities[c->nseverities].name = xstrdup(name->scalar);
		c->severities[c->nseverities].description =
		    xstrdup(desc && !yscalar_is_null(desc) ? desc->scalar : "");
		c->nseverities++;
	}
	return 0;
}

/* services: a map from name to {description, rto, rpo}. */
static int
load_services(config *c, const ynode *v, diags *d)
{
	if (v->kind != Y_MAP)
		return bad_type(c->path, "services", v, "a map", d);
	c->services = xcalloc(v->npairs ? v->npairs : 1, sizeof(*c->services));
	for (size_t i = 0; i < v->npairs; i++) {
		const ynode *s = v->pairs[i].value;
		service_conf *sc = &c->services[c->nservices++];

		sc->name = xstrdup(v->pairs[i].key->scalar);
		sc->rto = sc->rpo = -1;
		if (yscalar_is_null(s))
			continue;
		if (s->kind != Y_MAP)
			return bad_type(c->path, sc->name, s, "a map", d);
		for (size_t k = 0; k < s->npairs; k++) {
			const char *key = s->pairs[k].key->scalar;
			const ynode *x = s->pairs[k].value;
			int rc = 0;

			if (strcmp(key, "description") == 0)
				rc = set_string(c->path, key, x,
				    &sc->description, d);
			else if (strcmp(key, "rto") == 0)
				rc = set_duration(c->path, key, x, &sc->rto, d);
			else if (strcmp(key, "rpo") == 0)
				rc = set_duration(c->path, key, x, &sc->rpo, d);
			else
				diags_add(d, c->path, s->pairs[k].key->line,
				    s->pairs[k].key->col, DIAG_WARNING,
				    "config", "unknown service setting '%s' "
				    "(known: description, rto, rpo)", key);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

/* Parse a rule level word. Returns 0, or -1 when unknown. */
static int
parse_level(const char *s, diag_level *out)
{
	if (strcmp(s, "error") == 0)
		*out = DIAG_ERROR;
	else if (strcmp(s, "warning") == 0)
		*out = DIAG_WARNING;
	else if (strcmp(s, "off") == 0 || strcmp(s, "false") == 0)
		*out = DIAG_OFF;
	else
		return -1;
	return 0;
}

static int
load_rules(config *c, const ynode *v, diags *d)
{
	if (v->kind != Y_MAP)
		return bad_type(c->path, "rules", v, "a map", d);
	c->rules = xcalloc(v->npairs ? v->npairs : 1, sizeof(*c->rules));
	for (size_t i = 0; i < v->npairs; i++) {
		const ynode *x = v->pairs[i].value;
		diag_level lv;

		if (x->kind != Y_SCALAR || parse_level(x->scalar, &lv) < 0) {
			diags_add(d, c->path, x->line, x->col, DIAG_ERROR,
			    "config", "rule level must be error, warning "
			    "or off");
			return -1;
		}
		if (rules_find(v->pairs[i].key->scalar) == NULL) {
			const char *best = rules_closest(v->pairs[i].key->scalar);

			diags_add(d, c->path, v->pairs[i].key->line,
			    v->pairs[i].key->col, DIAG_WARNING, "config",
			    "unknown rule '%s'%s%s%s; 'aftermath check "
			    "--list-rules' lists them", v->pairs[i].key->scalar,
			    best ? " (did you mean '" : "", best ? best : "",
			    best ? "'?)" : "");
		}
		c->rules[c->nrules].rule = xstrdup(v->pairs[i].key->scalar);
		c->rules[c->nrules].level = lv;
		c->nrules++;
	}
	return 0;
}

static int
load_holidays(config *c, const ynode *v, diags *d)
{
	if (v->kind != Y_SEQ)
		return bad_type(c->path, "holidays", v, "a list of dates", d);
	for (size_t i = 0; i < v->nitems; i++) {
		const ynode *x = v->items[i];
		am_time t;

		if (x->kind != Y_SCALAR || time_parse(x->scalar, &t) < 0 ||
		    !t.date_only) {
			diags_add(d, c->path, x->line, x->col, DIAG_ERROR,
			    "config", "holidays must be dates (YYYY-MM-DD)");
			return -1;
		}
		strlist_add(&c->holidays, x->scalar);
	}
	strlist_sort(&c->holidays);
	return 0;
}

static const char *const known_keys[] = {
	"title", "base_url", "incidents_dir", "timezone", "ticket_url",
	"severities", "services", "pir_due_days", "holidays", "rules",
	"update_cadence", "check", "public", "internal_fields", "id_format",
	NULL
};

/* Warn that key is not a setting of what, naming the closest of known. */
static void
unknown_setting(const char *path, const ynode *key, const char *what,
    const char *const *known, diags *d)
{
	const char *best = closest_word(key->scalar, known);

	diags_add(d, path, key->line, key->col, DIAG_WARNING, "config",
	    "unknown %s '%s'%s%s%s", what, key->scalar,
	    best ? " (did you mean '" : "", best ? best : "",
	    best ? "'?)" : "");
}

/*
 * Replace *l with the words of v: one string, or a list of strings (a
 * null value is the empty list). lower: store them in lower case.
 * Returns 0 or -1 with a finding.
 */
static int
set_words(const char *path, const char *key, const ynode *v, bool lower,
    strlist *l, diags *d)
{
	strlist out = { 0 };
	size_t n = v->kind == Y_SEQ ? v->nitems : 1;

	if (v->kind == Y_MAP)
		return bad_type(path, key, v, "a list of strings", d);
	for (size_t i = 0; i < n; i++) {
		const ynode *x = v->kind == Y_SEQ ? v->items[i] : v;
		char *w;

		if (x->kind != Y_SCALAR) {
			strlist_free(&out);
			return bad_type(path, key, x, "a string", d);
		}
		if (yscalar_is_null(x))
			continue;
		w = str_trim(xstrdup(x->scalar));
		for (char *p = w; lower && *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (*w == '\0') {
			free(w);
			continue;
		}
		strlist_take(&out, w);
	}
	strlist_free(l);
	*l = out;
	return 0;
}

/* Warn about each word of v (a string or a list, as set_words reads it)
 * that is not one of known; what names the kind of word. */
static void
warn_unknown_words(const char *path, const ynode *v, const char *what,
    const char *const *known, diags *d)
{
	size_t n = v->kind == Y_SEQ ? v->nitems : 1;

	for (size_t i = 0; i < n; i++) {
		const ynode *x = v->kind == Y_SEQ ? v->items[i] : v;
		bool found = false;
		const char *best;

		if (x->kind != Y_SCALAR || yscalar_is_null(x))
			continue;
		for (size_t k = 0; known[k] != NULL && !found; k++)
			found = ascii_strcasecmp(known[k], x->scalar) == 0;
		if (found)
			continue;
		best = closest_word(x->scalar, known);
		diags_add(d, path, x->line, x->col, DIAG_WARNING, "config",
		    "'%s' is not a known %s%s%s%s; it never matches",
		    x->scalar, what, best ? " (did you mean '" : "",
		    best ? best : "", best ? "'?)" : "");
	}
}

/* Warn about severities in v that are not in the configured scale, and
 * name the scale: after a renamed scale, "SEV1" is the usual one. */
static void
warn_unknown_severities(const config *c, const ynode *v, diags *d)
{
	const char **names = xcalloc(c->nseverities + 1, sizeof(*names));
	buf what = { 0 };

	buf_adds(&what, "severity (the scale is ");
	for (size_t i = 0; i < c->nseverities; i++) {
		names[i] = c->severities[i].name;
		buf_addf(&what, "%s%s", i > 0 ? ", " : "", names[i]);
	}
	buf_adds(&what, ")");
	warn_unknown_words(c->path, v, what.data, names, d);
	buf_free(&what);
	free(names);
}

/* check: sections: a list of rows {status, severity, type, require};
 * the first row whose given conditions all hold applies. */
static int
load_section_rules(config *c, const ynode *v, diags *d)
{
	static const char *const keys[] = {
		"status", "severity", "type", "require", NULL
	};
	check_conf *k = &c->check;

	if (v->kind != Y_SEQ)
		return bad_type(c->path, "sections", v, "a list of rows "
		    "{status, severity, type, require}", d);
	config_clear_section_rules(k);
	k->sections = xcalloc(v->nitems ? v->nitems : 1, sizeof(*k->sections));
	for (size_t i = 0; i < v->nitems; i++) {
		const ynode *row = v->items[i];
		section_rule *sr;
		bool has_require = false;

		if (row->kind != Y_MAP)
			return bad_type(c->path, "sections", row, "a map "
			    "{status, severity, type, require}", d);
		sr = &k->sections[k->nsections++];
		for (size_t j = 0; j < row->npairs; j++) {
			const ynode *key = row->pairs[j].key;
			const ynode *x = row->pairs[j].value;
			int rc = 0;

			if (strcmp(key->scalar, "status") == 0) {
				rc = set_words(c->path, key->scalar, x, true,
				    &sr->status, d);
				warn_unknown_words(c->path, x, "status",
				    record_statuses, d);
			} else if (strcmp(key->scalar, "severity") == 0) {
				rc = set_words(c->path, key->scalar, x, false,
				    &sr->severity, d);
				warn_unknown_severities(c, x, d);
			} else if (strcmp(key->scalar, "type") == 0) {
				rc = set_words(c->path, key->scalar, x, true,
				    &sr->type, d);
				warn_unknown_words(c->path, x, "type",
				    record_types, d);
			} else if (strcmp(key->scalar, "require") == 0) {
				rc = set_words(c->path, key->scalar, x, false,
				    &sr->require, d);
				has_require = true;
			} else
				unknown_setting(c->path, key,
				    "key of a sections row", keys, d);
			if (rc < 0)
				return -1;
		}
		if (!has_require) {
			diags_add(d, c->path, row->line, row->col, DIAG_ERROR,
			    "config", "each row of 'sections' needs "
			    "'require', the list of sections");
			return -1;
		}
	}
	return 0;
}

/* Keeps one name of a map of names to words, and its words (taken). */
typedef void (*add_words_fn)(config *c, const ynode *name, strlist *words,
    diags *d);

/*
 * Read the setting v, a map from a name to words (lower: in lower case;
 * what says what the map is for a wrong type), handing each to add.
 * Returns 0 or -1 with a finding.
 */
static int
load_word_map(config *c, const ynode *v, const char *setting,
    const char *what, bool lower, add_words_fn add, diags *d)
{
	if (v->kind != Y_MAP)
		return bad_type(c->path, setting, v, what, d);
	for (size_t i = 0; i < v->npairs; i++) {
		strlist words = { 0 };

		if (set_words(c->path, v->pairs[i].key->scalar,
		    v->pairs[i].value, lower, &words, d) < 0)
			return -1;
		add(c, v->pairs[i].key, &words, d);
	}
	return 0;
}

/* A section_synonyms row: more headings that count as section name. */
static void
add_section_alias(config *c, const ynode *name, strlist *words, diags *d)
{
	check_conf *k = &c->check;

	(void)d;
	k->section_aliases = xrealloc(k->section_aliases,
	    (k->nsection_aliases + 1) * sizeof(*k->section_aliases));
	k->section_aliases[k->nsection_aliases++] = (section_alias){
	    .name = xstrdup(name->scalar), .synonyms = *words };
}

/* A roles_required row: the roles severity name needs. */
static void
add_role_rule(config *c, const ynode *name, strlist *words, diags *d)
{
	check_conf *k = &c->check;

	k->roles = xrealloc(k->roles, (k->nroles + 1) * sizeof(*k->roles));
	k->roles[k->nroles++] = (role_rule){
	    .severity = xstrdup(name->scalar), .roles = *words };
	warn_unknown_severities(c, name, d);
}

/* check: section_synonyms: a map from a section's name to more headings
 * that count as it; they add to the built-in ones. */
static int
load_section_aliases(config *c, const ynode *v, diags *d)
{
	return load_word_map(c, v, "section_synonyms", "a map of section "
	    "name to headings", false, add_section_alias, d);
}

/* check: roles_required: a map from severity to the roles it needs,
 * replacing the built-in rules. */
static int
load_role_rules(config *c, const ynode *v, diags *d)
{
	if (v->kind == Y_MAP)
		config_clear_role_rules(&c->check);
	return load_word_map(c, v, "roles_required", "a map of severity to "
	    "roles", true, add_role_rule, d);
}

/* check: the checker's settings (docs/format.md). */
static int
load_check(config *c, const ynode *v, diags *d)
{
	static const char *const keys[] = {
		"sections", "section_synonyms", "placeholders",
		"action_item_required", "action_items_required_for",
		"roles_required", "blame_phrases", "blame_sections",
		"timeline_slack", NULL
	};
	check_conf *k = &c->check;

	if (v->kind != Y_MAP)
		return bad_type(c->path, "check", v, "a map", d);
	for (size_t i = 0; i < v->npairs; i++) {
		const ynode *key = v->pairs[i].key, *x = v->pairs[i].value;
		const char *name = key->scalar;
		int rc = 0;

		if (strcmp(name, "sections") == 0)
			rc = load_section_rules(c, x, d);
		else if (strcmp(name, "section_synonyms") == 0)
			rc = load_section_aliases(c, x, d);
		else if (strcmp(name, "placeholders") == 0)
			rc = set_words(c->path, name, x, false,
			    &k->placeholders, d);
		else if (strcmp(name, "action_item_required") == 0) {
			rc = set_words(c->path, name, x, true,
			    &k->action_fields, d);
			warn_unknown_words(c->path, x, "action item field",
			    action_item_fields, d);
		} else if (strcmp(name, "action_items_required_for") == 0) {
			rc = set_words(c->path, name, x, false,
			    &k->action_severities, d);
			warn_unknown_severities(c, x, d);
		} else if (strcmp(name, "roles_required") == 0)
			rc = load_role_rules(c, x, d);
		else if (strcmp(name, "blame_phrases") == 0)
			rc = set_words(c->path, name, x, false,
			    &k->blame_phrases, d);
		else if (strcmp(name, "blame_sections") == 0)
			rc = set_words(c->path, name, x, false,
			    &k->blame_sections, d);
		else if (strcmp(name, "timeline_slack") == 0)
			rc = set_duration(c->path, name, x,
			    &k->timeline_slack, d);
		else
			unknown_setting(c->path, key, "check setting", keys, d);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* internal_fields: front-matter keys a public edition leaves out. The id
 * and the title name the page, so they cannot be left out. Returns 0 or
 * -1 with a finding. */
static int
load_internal_fields(config *c, const ynode *v, diags *d)
{
	if (set_words(c->path, "internal_fields", v, true,
	    &c->internal_fields, d) < 0)
		return -1;
	for (size_t i = 0; i < c->internal_fields.n; i++) {
		const char *k = c->internal_fields.v[i];
		field_id f = field_lookup(k);

		if (f == F_ID || f == F_TITLE) {
			diags_add(d, c->path, v->line, v->col, DIAG_ERROR,
			    "config", "'internal_fields' cannot name '%s': "
			    "every page needs it", k);
			return -1;
		}
		if (f == F_COUNT)
			diags_add(d, c->path, v->line, v->col, DIAG_WARNING,
			    "config", "'internal_fields': '%s' is not a "
			    "front-matter key; it is ignored", k);
	}
	return 0;
}

/* Apply the top-level map root to c. Returns 0 or -1 with findings. */
static int
config_apply(config *c, const ynode *root, diags *d)
{
	const ynode *sev;

	if (root->kind != Y_MAP) {
		diags_add(d, c->path, root->line, root->col, DIAG_ERROR,
		    "config", "the config must be a map of settings");
		return -1;
	}
	/* the scale first: other settings name its levels, and the
	 * built-in ones follow it by rank */
	if ((sev = ymap_get(root, "severities")) != NULL) {
		if (load_severities(c, sev, d) < 0)
			return -1;
		config_scale_defaults(c);
	}
	for (size_t i = 0; i < root->npairs; i++) {
		const char *key = root->pairs[i].key->scalar;
		const ynode *v = root->pairs[i].value;
		int rc = 0;

		if (strcmp(key, "severities") == 0)
			continue;
		if (strcmp(key, "title") == 0)
			rc = set_string(c->path, key, v, &c->title, d);
		else if (strcmp(key, "base_url") == 0)
			/* it goes into the feed, the sitemap and the 404 page */
			rc = set_link(c->path, key, v, &c->base_url,
			    "https://incidents.example.com/", d);
		else if (strcmp(key, "incidents_dir") == 0)
			rc = set_string(c->path, key, v, &c->incidents_dir, d);
		else if (strcmp(key, "timezone") == 0)
			rc = set_string(c->path, key, v, &c->timezone, d);
		else if (strcmp(key, "ticket_url") == 0)
			/* pages link it, and followups.csv exports it */
			rc = set_link(c->path, key, v, &c->ticket_url,
			    "https://tracker.example.com/browse/{ticket}", d);
		else if (strcmp(key, "id_format") == 0)
			rc = set_string(c->path, key, v, &c->id_format, d);
		else if (strcmp(key, "services") == 0)
			rc = load_services(c, v, d);
		else if (strcmp(key, "rules") == 0)
			rc = load_rules(c, v, d);
		else if (strcmp(key, "holidays") == 0)
			rc = load_holidays(c, v, d);
		else if (strcmp(key, "check") == 0)
			rc = load_check(c, v, d);
		else if (strcmp(key, "internal_fields") == 0)
			rc = load_internal_fields(c, v, d);
		else if (strcmp(key, "public") == 0) {
			if (v->kind != Y_SCALAR ||
			    yscalar_bool(v, &c->public) < 0)
				rc = bad_type(c->path, key, v, "true or false",
				    d);
		} else if (strcmp(key, "update_cadence") == 0)
			rc = set_duration(c->path, key, v, &c->update_cadence, d);
		else if (strcmp(key, "pir_due_days") == 0) {
			double n;

			if (v->kind != Y_SCALAR ||
			    yscalar_number(v, &n) < 0 || n < 0 || n > 365 ||
			    n != (int)n) {
				diags_add(d, c->path, v->line, v->col,
				    DIAG_ERROR, "config", "'pir_due_days' "
				    "must be a whole number of working days");
				rc = -1;
			} else
				c->pir_due_days = (int)n;
		} else
			unknown_setting(c->path, root->pairs[i].key, "setting",
			    known_keys, d);
		if (rc < 0)
			return -1;
	}
	if (strstr(c->incidents_dir, "..") != NULL ||
	    c->incidents_dir[0] == '/' || c->incidents_dir[0] == '\0') {
		diags_add(d, c->path, 0, 0, DIAG_ERROR, "config",
		    "'incidents_dir' must be a relative path inside the "
		    "repository");
		return -1;
	}
	return 0;
}

config *
config_load(const char *repo_root, diags *d)
{
	config *c = config_default();
	char *full = xasprintf("%s/%s", repo_root, CONFIG_FILE);
	char *text = NULL;
	size_t len;
	ynode *root = NULL;
	int rc = -1;

	if (read_file(full, CONFIG_MAX_BYTES, &text, &len) < 0) {
		if (errno == ENOENT)
			rc = 0;
		else
			diags_add(d, CONFIG_FILE, 0, 0, DIAG_ERROR, "config",
			    "cannot read: %s", strerror(errno));
		goto out;
	}
	c->path = xstrdup(CONFIG_FILE);
	if (yaml_load(text, len, c->path, 1, &root, d) < 0)
		goto out;
	if (config_apply(c, root, d) < 0)
		goto out;
	rc = 0;
out:
	ynode_free(root);
	free(text);
	free(full);
	if (rc < 0) {
		config_free(c);
		return NULL;
	}
	return c;
}
