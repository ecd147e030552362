/*
 * cmd/sarif.c - aftermath check --format sarif: one SARIF 2.1.0 run whose
 * tool lists the rule catalogue and whose results are the findings.
 */
#include <stdlib.h>

#include "cmd/sarif.h"
#include "lib/url.h"
#include "lib/util.h"
#include "model/rules.h"

/* Where the published docs/ is, when the build was told (make
 * DOCS_URL=https://host/path/docs/): each rule's helpUri is then its
 * heading in rules.md. Without it a rule carries its help as text only,
 * never a link to a place that may not exist. */

/* The reporting descriptor of rule ri, at its level under cfg; a rule
 * switched off is listed as disabled, so that its id still resolves. */
static json_t *
rule_json(const rule_info *ri, const config *cfg)
{
	diag_level lv = config_rule_level(cfg, ri->id, ri->level);
	char *help = xasprintf("%s. docs/rules.md explains %s with a record "
	    "that breaks it and one that keeps it.", ri->summary, ri->id);
	json_t *conf = lv == DIAG_OFF ?
	    json_pack("{s:b,s:s}", "enabled", 0, "level",
	    diag_level_name(ri->level)) :
	    json_pack("{s:s}", "level", diag_level_name(lv));
	json_t *j = json_pack("{s:s,s:{s:s},s:{s:s},s:o,s:{s:[s]}}", "id",
	    ri->id, "shortDescription", "text", ri->summary, "help", "text",
	    help, "defaultConfiguration", conf, "properties", "tags",
	    ri->group);

	free(help);
#ifdef AM_DOCS_URL
	if (j != NULL) {
		char *uri = xasprintf(AM_DOCS_URL "rules.md#%s", ri->id);

		json_object_set_new(j, "helpUri", json_string(uri));
		free(uri);
	}
#endif
	return j;
}

/* The location of finding x, or NULL when it names no file: the uri is
 * relative to the repository root (%SRCROOT%), and a line or column of
 * 0 (unknown) is left out. */
static json_t *
location_json(const diag *x)
{
	buf uri = { 0 };
	json_t *phys;

	if (x->path == NULL)
		return NULL;
	url_encode(&uri, x->path, "-_.~/");
	phys = json_pack("{s:{s:s%,s:s}}", "artifactLocation", "uri",
	    uri.data != NULL ? uri.data : "", uri.len, "uriBaseId", "%SRCROOT%");
	buf_free(&uri);
	if (phys == NULL)
		return NULL;
	if (x->line > 0) {
		json_t *region = json_pack("{s:i}", "startLine", x->line);

		if (region != NULL && x->col > 0 &&
		    json_object_set_new(region, "startColumn",
		    json_integer(x->col)) < 0) {
			json_decref(region);
			region = NULL;
		}
		if (region == NULL || json_object_set_new(phys, "region", region) < 0) {
			json_decref(phys);
			return NULL;
		}
	}
	return json_pack("{s:o}", "physicalLocation", phys);
}

/* The result of finding x; ruleIndex points into the run's rules when
 * the rule is catalogued (a loader finding such as "io" is not). */
static json_t *
result_json(const diag *x, const rule_info *all, size_t nall)
{
	json_t *j = json_pack("{s:s,s:s,s:{s:s}}", "ruleId", x->rule,
	    "level", diag_level_name(x->level), "message", "text", x->message);
	const rule_info *ri = rules_find(x->rule);
	json_t *loc;

	if (j == NULL)
		return NULL;
	if (ri != NULL && (size_t)(ri - all) < nall &&
	    json_object_set_new(j, "ruleIndex",
	    json_integer((json_int_t)(ri - all))) < 0)
		goto fail;
	/* a finding about no file is still a result, just without a place */
	if (x->path != NULL && ((loc = location_json(x)) == NULL ||
	    json_object_set_new(j, "locations", json_pack("[o]", loc)) < 0))
		goto fail;
	return j;
fail:
	json_decref(j);
	return NULL;
}

json_t *
sarif_log(const diags *d, const config *cfg)
{
	size_t nall;
	const rule_info *all = rules_all(&nall);
	json_t *rules = json_array(), *results = json_array();

	for (size_t i = 0; rules != NULL && i < nall; i++)
		if (json_array_append_new(rules, rule_json(&all[i], cfg)) < 0) {
			json_decref(rules);
			rules = NULL;
		}
	for (size_t i = 0; results != NULL && i < d->n; i++)
		if (json_array_append_new(results,
		    result_json(&d->v[i], all, nall)) < 0) {
			json_decref(results);
			results = NULL;
		}
	/* "o" takes rules and results, also when the pack fails */
	return json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:o}},s:o}]}",
	    "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
	    "version", "2.1.0", "runs", "tool", "driver", "name", "aftermath",
	    "version", AM_VERSION, "rules", rules, "results", results);
}
