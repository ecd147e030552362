/*
 * test_config.c - the built-in defaults and aftermath.yaml read from a
 * temporary repository: every key, the accepted shapes, and the findings
 * for values that are wrong.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "parse/config_load.h"
#include "model/config.h"

/* The repository root of the running test; made in setup. */
static char root[64];

static int
setup_root(void **state)
{
	(void)state;
	strcpy(root, "/tmp/am-test-config-XXXXXX");
	return mkdtemp(root) == NULL ? -1 : 0;
}

static int
teardown_root(void **state)
{
	char *p = xasprintf("%s/aftermath.yaml", root);
	int rc = 0;

	(void)state;
	if (unlink(p) != 0 && errno != ENOENT)
		rc = -1;
	free(p);
	return rmdir(root) == 0 ? rc : -1;
}

/* Write yaml as root/aftermath.yaml and load it. */
static config *
load(const char *yaml, diags *d)
{
	char *p = xasprintf("%s/aftermath.yaml", root);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	assert_int_equal(fputs(yaml, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	free(p);
	return config_load(root, d);
}

/* Load yaml, which must fail with one "config" error at line (0 when the
 * error is about the file as a whole); returns the message. */
static void
expect_error(const char *yaml, int line, const char *in_message)
{
	diags d = { 0 };
	config *c = load(yaml, &d);

	assert_null(c);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "config");
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_string_equal(d.v[0].path, "aftermath.yaml");
	assert_int_equal(d.v[0].line, line);
	if (in_message != NULL && strstr(d.v[0].message, in_message) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", d.v[0].message,
		    in_message);
	diags_free(&d);
}

/* c holds the built-in values. */
static void
check_defaults(const config *c)
{
	static const char *const sev[] = { "SEV1", "SEV2", "SEV3", "SEV4" };

	assert_null(c->path);
	assert_string_equal(c->title, "Incident archive");
	assert_string_equal(c->base_url, "");
	assert_string_equal(c->incidents_dir, "incidents");
	assert_string_equal(c->timezone, "UTC");
	assert_string_equal(c->ticket_url, "");
	assert_int_equal(c->nseverities, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(c->severities[i].name, sev[i]);
		assert_true(strlen(c->severities[i].description) > 0);
		assert_int_equal(config_severity_rank(c, sev[i]), (int)i);
	}
	assert_int_equal(c->nservices, 0);
	assert_int_equal(c->holidays.n, 0);
}

static void
test_defaults(void **state)
{
	config *c = config_default();

	(void)state;
	check_defaults(c);
	assert_int_equal(config_severity_rank(c, "sev3"), 2);
	assert_int_equal(config_severity_rank(c, "Sev1"), 0);
	assert_int_equal(config_severity_rank(c, "SEV5"), -1);
	assert_int_equal(config_severity_rank(c, "SEV"), -1);
	assert_int_equal(config_severity_rank(c, ""), -1);
	assert_int_equal(config_severity_rank(c, NULL), -1);
	assert_null(config_service(c, "api"));
	assert_int_equal(config_rule_level(c, "unknown-field", DIAG_WARNING),
	    DIAG_WARNING);
	assert_int_equal(config_rule_level(c, "x", DIAG_ERROR), DIAG_ERROR);
	config_free(c);
	config_free(NULL);
}

static void
test_missing_file(void **state)
{
	diags d = { 0 };
	config *c;

	(void)state;
	c = config_load(root, &d);
	assert_non_null(c);
	assert_int_equal(d.n, 0);
	check_defaults(c);
	config_free(c);
}

static void
test_empty_file(void **state)
{
	diags d = { 0 };
	config *c = load("", &d);

	(void)state;
	assert_non_null(c);
	assert_int_equal(d.n, 0);
	assert_string_equal(c->path, "aftermath.yaml");
	assert_string_equal(c->title, "Incident archive");
	assert_int_equal(c->nseverities, 4);
	config_free(c);
}

static const char every_key[] =
    "title: Acme incidents\n"                              /* 1 */
    "base_url: https://incidents.example.com/\n"           /* 2 */
    "incidents_dir: records/pir\n"                         /* 3 */
    "timezone: Europe/Berlin\n"                            /* 4 */
    "ticket_url: https://jira.example.com/browse/{ticket}\n"
    "pir_due_days: 10\n"                                   /* 6 */
    "severities:\n"                                        /* 7 */
    "  - name: P0\n"
    "    description: Everything is on fire\n"
    "  - name: P1\n"
    "  - name: P2\n"
    "    description: Meh\n"
    "services:\n"                                          /* 13 */
    "  api:\n"
    "    description: Public API\n"
    "    rto: 30m\n"
    "    rpo: 1h30m\n"
    "  db:\n"
    "  web:\n"
    "    rto: 2h\n"
    "holidays:\n"                                          /* 21 */
    "  - 2024-12-25\n"
    "  - 2024-01-01\n"
    "  - 2024-05-01\n"
    "rules:\n"                                             /* 25 */
    "  unknown-field: off\n"
    "  timezone-missing: error\n"
    "  pir-overdue: warning\n"
    "  blame-language: false\n";

static void
test_every_key(void **state)
{
	diags d = { 0 };
	config *c = load(every_key, &d);
	const service_conf *s;

	(void)state;
	assert_non_null(c);
	assert_int_equal(d.n, 0);
	assert_string_equal(c->path, "aftermath.yaml");
	assert_string_equal(c->title, "Acme incidents");
	assert_string_equal(c->base_url, "https://incidents.example.com/");
	assert_string_equal(c->incidents_dir, "records/pir");
	assert_string_equal(c->timezone, "Europe/Berlin");
	assert_string_equal(c->ticket_url,
	    "https://jira.example.com/browse/{ticket}");
	assert_int_equal(c->pir_due_days, 10);

	assert_int_equal(c->nseverities, 3);
	assert_string_equal(c->severities[0].name, "P0");
	assert_string_equal(c->severities[0].description,
	    "Everything is on fire");
	assert_string_equal(c->severities[1].name, "P1");
	assert_string_equal(c->severities[1].description, "");
	assert_string_equal(c->severities[2].description, "Meh");
	assert_int_equal(config_severity_rank(c, "p1"), 1);
	assert_int_equal(config_severity_rank(c, "P2"), 2);
	/* the defaults are replaced, not extended */
	assert_int_equal(config_severity_rank(c, "SEV1"), -1);

	assert_int_equal(c->nservices, 3);
	s = config_service(c, "api");
	assert_non_null(s);
	assert_string_equal(s->name, "api");
	assert_string_equal(s->description, "Public API");
	assert_int_equal(s->rto, 30 * 60);
	assert_int_equal(s->rpo, 90 * 60);
	s = config_service(c, "db");
	assert_non_null(s);
	assert_null(s->description);
	assert_int_equal(s->rto, -1);
	assert_int_equal(s->rpo, -1);
	s = config_service(c, "web");
	assert_non_null(s);
	assert_int_equal(s->rto, 2 * 3600);
	assert_int_equal(s->rpo, -1);
	assert_null(config_service(c, "API"));
	assert_null(config_service(c, "cache"));

	assert_int_equal(c->holidays.n, 3);
	assert_string_equal(c->holidays.v[0], "2024-01-01");
	assert_string_equal(c->holidays.v[1], "2024-05-01");
	assert_string_equal(c->holidays.v[2], "2024-12-25");

	assert_int_equal(c->nrules, 4);
	assert_int_equal(config_rule_level(c, "unknown-field", DIAG_WARNING),
	    DIAG_OFF);
	assert_int_equal(config_rule_level(c, "timezone-missing", DIAG_WARNING),
	    DIAG_ERROR);
	assert_int_equal(config_rule_level(c, "pir-overdue", DIAG_ERROR),
	    DIAG_WARNING);
	assert_int_equal(config_rule_level(c, "blame-language", DIAG_ERROR),
	    DIAG_OFF);
	assert_int_equal(config_rule_level(c, "unlisted", DIAG_NOTE),
	    DIAG_NOTE);
	assert_int_equal(config_rule_level(c, "Unknown-Field", DIAG_ERROR),
	    DIAG_ERROR);
	config_free(c);
}

static void
test_severity_shapes(void **state)
{
	diags d = { 0 };
	config *c;

	(void)state;
	/* a map from name to description, in the order written */
	c = load("severities:\n  Critical: All hands\n  Major: ~\n"
	    "  Minor: Team hours\n", &d);
	assert_non_null(c);
	assert_int_equal(d.n, 0);
	assert_int_equal(c->nseverities, 3);
	assert_string_equal(c->severities[0].name, "Critical");
	assert_string_equal(c->severities[0].description, "All hands");
	assert_string_equal(c->severities[1].name, "Major");
	assert_string_equal(c->severities[1].description, "");
	assert_string_equal(c->severities[2].name, "Minor");
	assert_int_equal(config_severity_rank(c, "minor"), 2);
	config_free(c);

	/* a list of names */
	c = load("severities: [S1, S2, S3, S4, S5]\n", &d);
	assert_non_null(c);
	assert_int_equal(d.n, 0);
	assert_int_equal(c->nseverities, 5);
	for (int i = 0; i < 5; i++) {
		char name[16];

		snprintf(name, sizeof(name), "S%d", i + 1);
		assert_string_equal(c->severities[i].name, name);
		assert_string_equal(c->severities[i].description, "");
		assert_int_equal(config_severity_rank(c, name), i);
	}
	config_free(c);
}

/* The built-in settings that name severities follow the scale by rank:
 * the first two levels need a commander and action items, the third and
 * below the short review. */
static void
test_scale_defaults_by_rank(void **state)
{
	diags d = { 0 };
	config *c;

	(void)state;
	c = load("severities: [P1, P2, P3, P4]\n", &d);
	assert_non_null(c);
	assert_int_equal(d.n, 0);
	assert_int_equal(c->check.nroles, 2);
	assert_string_equal(c->check.roles[0].severity, "P1");
	assert_string_equal(c->check.roles[1].severity, "P2");
	assert_string_equal(c->check.roles[1].roles.v[0], "commander");
	assert_int_equal(c->check.action_severities.n, 2);
	assert_string_equal(c->check.action_severities.v[0], "P1");
	assert_int_equal(c->check.nsections, 5);
	assert_int_equal(c->check.sections[0].severity.n, 2);
	assert_string_equal(c->check.sections[0].severity.v[0], "P3");
	assert_string_equal(c->check.sections[0].severity.v[1], "P4");
	config_free(c);

	/* a longer scale: every level from the third is a short review */
	c = load("severities: [Critical, High, Medium, Low, Info]\n", &d);
	assert_non_null(c);
	assert_int_equal(c->check.sections[0].severity.n, 3);
	assert_string_equal(c->check.sections[0].severity.v[2], "Info");
	config_free(c);

	/* too short for a short review: no row that would match any level */
	c = load("severities: [Major]\n", &d);
	assert_non_null(c);
	assert_int_equal(d.n, 0);
	assert_int_equal(c->check.nsections, 4);
	for (size_t i = 0; i < c->check.nsections; i++)
		assert_int_equal(c->check.sections[i].severity.n, 0);
	assert_int_equal(c->check.nroles, 1);
	assert_string_equal(c->check.roles[0].severity, "Major");
	config_free(c);

	/* settings of the team's own still replace them, and a severity
	 * the scale lacks is a warning that names the scale */
	c = load("severities: [P1, P2, P3, P4]\n"
	    "check:\n"
	    "  roles_required:\n"
	    "    SEV1: [commander]\n"
	    "  action_items_required_for: [P1, SEV2]\n"
	    "  sections:\n"
	    "    - severity: [P4, sev4]\n"
	    "      require: [Summary]\n", &d);
	assert_non_null(c);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.v[0].line, 4);
	assert_int_equal(d.v[1].line, 5);
	assert_int_equal(d.v[2].line, 7);
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(d.v[i].level, DIAG_WARNING);
		assert_non_null(strstr(d.v[i].message,
		    "the scale is P1, P2, P3, P4"));
	}
	assert_non_null(strstr(d.v[0].message, "'SEV1'"));
	assert_int_equal(c->check.nroles, 1);
	assert_int_equal(c->check.action_severities.n, 2);
	assert_int_equal(c->check.nsections, 1);
	config_free(c);
	diags_free(&d);
}

static void
test_severity_errors(void **state)
{
	(void)state;
	expect_error("title: x\nseverities: SEV1\n", 2, "severities");
	expect_error("title: x\nseverities: []\n", 2, "severities");
	expect_error("title: x\nseverities: {}\n", 2, "severities");
	expect_error("severities:\n  - description: no name\n", 2, "name");
	expect_error("severities:\n  - name: ''\n", 2, "name");
	expect_error("severities:\n  - [a, b]\n", 2, "name");
	expect_error("severities:\n  - name: S1\n    description: [a]\n", 3,
	    "description");
}

static void
test_wrong_types(void **state)
{
	(void)state;
	expect_error("base_url: https://x.example/\ntitle: [a, b]\n", 2,
	    "'title'");
	/* base_url reaches the feed and the sitemap: http(s) only */
	expect_error("base_url: \"javascript:alert(1)//\"\n", 1,
	    "'base_url' must be an http or https URL");
	expect_error("\n\nbase_url:\n  a: b\n", 4, "'base_url'");
	/* so does ticket_url, and followups.csv exports it */
	expect_error("ticket_url: \"javascript:alert('{ticket}')\"\n", 1,
	    "'ticket_url' must be an http or https URL");
	expect_error("ticket_url: \"//tracker.example/{ticket}\"\n", 1,
	    "'ticket_url' must be an http or https URL");
	expect_error("incidents_dir: [a]\n", 1, "'incidents_dir'");
	expect_error("timezone: {a: b}\n", 1, "'timezone'");
	expect_error("ticket_url: [x]\n", 1, "'ticket_url'");
	expect_error("title: x\npir_due_days: ten\n", 2, "pir_due_days");
	expect_error("pir_due_days: 2.5\n", 1, "pir_due_days");
	expect_error("pir_due_days: -1\n", 1, "pir_due_days");
	expect_error("pir_due_days: 366\n", 1, "pir_due_days");
	expect_error("pir_due_days: [1]\n", 1, "pir_due_days");
	expect_error("services: [api]\n", 1, "'services'");
	expect_error("services:\n  api: critical\n", 2, "'api'");
	expect_error("services:\n  api:\n    rto: soon\n", 3, "'rto'");
	expect_error("services:\n  api:\n    rpo: [1h]\n", 3, "'rpo'");
	expect_error("services:\n  api:\n    description: [x]\n", 3,
	    "'description'");
	expect_error("rules: [a]\n", 1, "'rules'");
	expect_error("rules:\n  unknown-field: loud\n", 2, "rule level");
	expect_error("rules:\n  unknown-field: [off]\n", 2, "rule level");
	expect_error("holidays: 2024-12-25\n", 1, "'holidays'");
	expect_error("holidays:\n  - 2024-12-25\n  - Christmas\n", 3,
	    "holidays");
	expect_error("holidays:\n  - 2024-13-01\n", 2, "holidays");
	expect_error("holidays:\n  - 2024-12-25T00:00Z\n", 2, "holidays");
	expect_error("- title\n- x\n", 1, "map");
}

static void
test_pir_due_days_edges(void **state)
{
	diags d = { 0 };
	config *c;

	(void)state;
	c = load("pir_due_days: 0\n", &d);
	assert_non_null(c);
	assert_int_equal(c->pir_due_days, 0);
	config_free(c);
	c = load("pir_due_days: 365\n", &d);
	assert_non_null(c);
	assert_int_equal(c->pir_due_days, 365);
	config_free(c);
	assert_int_equal(d.n, 0);
}

static void
test_unknown_key(void **state)
{
	diags d = { 0 };
	config *c;

	(void)state;
	c = load("title: A\n\n  # comment\ntimzone: Europe/Paris\n"
	    "zzzzzzzzzzzz: 1\n", &d);
	/* a warning, not a failure: the rest still applies */
	assert_non_null(c);
	assert_string_equal(c->title, "A");
	assert_string_equal(c->timezone, "UTC");
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].rule, "config");
	assert_int_equal(d.v[0].level, DIAG_WARNING);
	assert_int_equal(d.v[0].line, 4);
	assert_int_equal(d.v[0].col, 1);
	assert_non_null(strstr(d.v[0].message, "'timzone'"));
	assert_non_null(strstr(d.v[0].message, "did you mean 'timezone'"));
	assert_int_equal(d.v[1].level, DIAG_WARNING);
	assert_int_equal(d.v[1].line, 5);
	assert_non_null(strstr(d.v[1].message, "'zzzzzzzzzzzz'"));
	assert_null(strstr(d.v[1].message, "did you mean"));
	config_free(c);
	diags_free(&d);

	/* an unknown service setting is a warning too */
	c = load("services:\n  api:\n    rtoo: 1h\n", &d);
	assert_non_null(c);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].level, DIAG_WARNING);
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(d.v[0].col, 5);
	assert_non_null(strstr(d.v[0].message, "rtoo"));
	assert_int_equal(config_service(c, "api")->rto, -1);
	config_free(c);
	diags_free(&d);
}

static void
test_incidents_dir_refused(void **state)
{
	(void)state;
	expect_error("incidents_dir: ../elsewhere\n", 0, "incidents_dir");
	expect_error("incidents_dir: records/../../etc\n", 0, "incidents_dir");
	expect_error("incidents_dir: ..\n", 0, "incidents_dir");
	expect_error("incidents_dir: /etc\n", 0, "incidents_dir");
	expect_error("incidents_dir: ''\n", 0, "incidents_dir");
}

static void
test_yaml_syntax(void **state)
{
	diags d = { 0 };
	config *c;

	(void)state;
	c = load("title: x\nseverities: [SEV1, SEV2\n", &d);
	assert_null(c);
	assert_true(d.n >= 1);
	assert_string_equal(d.v[0].rule, "yaml-syntax");
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_string_equal(d.v[0].path, "aftermath.yaml");
	assert_true(d.v[0].line >= 2);
	diags_free(&d);

	/* duplicate keys are refused by the shared YAML reader */
	c = load("title: a\ntitle: b\n", &d);
	assert_null(c);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "yaml-syntax");
	assert_int_equal(d.v[0].line, 2);
	diags_free(&d);
}

/* A config saved with a byte order mark reads like one without. */
static void
test_bom(void **state)
{
	diags d = { 0 };
	config *c = load("\xef\xbb\xbftitle: With BOM\n", &d);

	(void)state;
	assert_non_null(c);
	assert_int_equal(d.n, 0);
	assert_string_equal(c->title, "With BOM");
	config_free(c);
}

/* An unreadable config (here a directory) is an error, not defaults. */
static void
test_unreadable(void **state)
{
	char *p = xasprintf("%s/aftermath.yaml", root);
	diags d = { 0 };
	config *c;

	(void)state;
	assert_int_equal(mkdir(p, 0700), 0);
	c = config_load(root, &d);
	assert_null(c);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "config");
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_int_equal(rmdir(p), 0);
	free(p);
	diags_free(&d);
}

/* public and internal_fields: the settings of a public edition. */
static void
test_public_edition(void **state)
{
	diags d = { 0 };
	config *c;

	(void)state;
	c = config_default();
	assert_false(c->public);
	assert_int_equal(c->internal_fields.n, 0);
	config_free(c);
	c = load("public: yes\ninternal_fields: [Links, responder_hours, "
	    "nope]\n", &d);
	assert_non_null(c);
	assert_true(c->public);
	assert_int_equal(c->internal_fields.n, 3);
	assert_string_equal(c->internal_fields.v[0], "links");
	/* a name that is no front-matter key is ignored, with a warning */
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].level, DIAG_WARNING);
	assert_non_null(strstr(d.v[0].message, "'nope'"));
	diags_free(&d);
	config_free(c);
	expect_error("internal_fields: [title]\n", 1, "'title'");
	expect_error("public: maybe\n", 1, "true or false");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
#define T(f) cmocka_unit_test_setup_teardown(f, setup_root, teardown_root)
		T(test_missing_file),
		T(test_empty_file),
		T(test_every_key),
		T(test_severity_shapes),
		T(test_severity_errors),
		T(test_scale_defaults_by_rank),
		T(test_wrong_types),
		T(test_pir_due_days_edges),
		T(test_unknown_key),
		T(test_incidents_dir_refused),
		T(test_yaml_syntax),
		T(test_bom),
		T(test_unreadable),
		T(test_public_edition),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
