/*
 * config.c - aftermath.yaml over built-in defaults.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "timeutil.h"
#include "yamltree.h"

#define CONFIG_FILE "aftermath.yaml"
#define CONFIG_MAX_BYTES (1024 * 1024)

static const struct {
	const char *name, *description;
} default_severities[] = {
	{ "SEV1", "Critical: a core service is down or data is lost for many "
	    "customers. All hands; executive and status-page updates." },
	{ "SEV2", "Major: a core service is badly degraded or a feature is "
	    "down for many customers. Incident commander and responders "
	    "engaged around the clock." },
	{ "SEV3", "Minor: limited impact, a workaround exists or few "
	    "customers are affected. Handled by the owning team in working "
	    "hours." },
	{ "SEV4", "Low: no customer impact yet; a near miss or a risk to "
	    "address." },
};

config *
config_default(void)
{
	config *c = xcalloc(1, sizeof(*c));
	size_t n = sizeof(default_severities) / sizeof(default_severities[0]);

	c->title = xstrdup("Incident archive");
	c->base_url = xstrdup("");
	c->incidents_dir = xstrdup("incidents");
	c->timezone = xstrdup("UTC");
	c->ticket_url = xstrdup("");
	c->pir_due_days = 5;
	c->severities = xcalloc(n, sizeof(*c->severities));
	for (size_t i = 0; i < n; i++) {
		c->severities[i].name = xstrdup(default_severities[i].name);
		c->severities[i].description =
		    xstrdup(default_severities[i].description);
	}
	c->nseverities = n;
	return c;
}

void
config_free(config *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->title);
	free(c->base_url);
	free(c->incidents_dir);
	free(c->timezone);
	free(c->ticket_url);
	for (size_t i = 0; i < c->nseverities; i++) {
		free(c->severities[i].name);
		free(c->severities[i].description);
	}
	free(c->severities);
	for (size_t i = 0; i < c->nservices; i++) {
		free(c->services[i].name);
		free(c->services[i].description);
	}
	free(c->services);
	strlist_free(&c->holidays);
	for (size_t i = 0; i < c->nrules; i++)
		free(c->rules[i].rule);
	free(c->rules);
	free(c);
}

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
};

/* Apply the top-level map root to c. Returns 0 or -1 with findings. */
static int
config_apply(config *c, const ynode *root, diags *d)
{
	if (root->kind != Y_MAP) {
		diags_add(d, c->path, root->line, root->col, DIAG_ERROR,
		    "config", "the config must be a map of settings");
		return -1;
	}
	for (size_t i = 0; i < root->npairs; i++) {
		const char *key = root->pairs[i].key->scalar;
		const ynode *v = root->pairs[i].value;
		int rc = 0;

		if (strcmp(key, "title") == 0)
			rc = set_string(c->path, key, v, &c->title, d);
		else if (strcmp(key, "base_url") == 0)
			rc = set_string(c->path, key, v, &c->base_url, d);
		else if (strcmp(key, "incidents_dir") == 0)
			rc = set_string(c->path, key, v, &c->incidents_dir, d);
		else if (strcmp(key, "timezone") == 0)
			rc = set_string(c->path, key, v, &c->timezone, d);
		else if (strcmp(key, "ticket_url") == 0)
			rc = set_string(c->path, key, v, &c->ticket_url, d);
		else if (strcmp(key, "severities") == 0)
			rc = load_severities(c, v, d);
		else if (strcmp(key, "services") == 0)
			rc = load_services(c, v, d);
		else if (strcmp(key, "rules") == 0)
			rc = load_rules(c, v, d);
		else if (strcmp(key, "holidays") == 0)
			rc = load_holidays(c, v, d);
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
		} else {
			const char *best = NULL;
			size_t bestd = 3;

			for (size_t k = 0; k < sizeof(known_keys) /
			    sizeof(known_keys[0]); k++) {
				size_t dist = edit_distance(key, known_keys[k]);

				if (dist < bestd) {
					bestd = dist;
					best = known_keys[k];
				}
			}
			diags_add(d, c->path, root->pairs[i].key->line,
			    root->pairs[i].key->col, DIAG_WARNING, "config",
			    "unknown setting '%s'%s%s%s", key,
			    best ? " (did you mean '" : "", best ? best : "",
			    best ? "'?)" : "");
		}
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

int
config_severity_rank(const config *c, const char *name)
{
	if (name == NULL)
		return -1;
	for (size_t i = 0; i < c->nseverities; i++)
		if (ascii_strcasecmp(c->severities[i].name, name) == 0)
			return (int)i;
	return -1;
}

const service_conf *
config_service(const config *c, const char *name)
{
	for (size_t i = 0; i < c->nservices; i++)
		if (strcmp(c->services[i].name, name) == 0)
			return &c->services[i];
	return NULL;
}

diag_level
config_rule_level(const config *c, const char *rule, diag_level def)
{
	for (size_t i = 0; i < c->nrules; i++)
		if (strcmp(c->rules[i].rule, rule) == 0)
			return c->rules[i].level;
	return def;
}
