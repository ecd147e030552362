/*
 * config.h - aftermath.yaml, the per-repository settings.
 *
 * Every key is optional; config_default gives the built-in values. The
 * file is read with the same YAML limits as front matter.
 */
#ifndef AM_CONFIG_H
#define AM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"
#include "lib/util.h"

typedef struct severity_level {
	char *name;            /* "SEV1"; index 0 is the worst */
	char *description;
} severity_level;

typedef struct service_conf {
	char *name;
	char *description;
	int64_t rto, rpo;      /* seconds; -1 when not set */
} service_conf;

typedef struct rule_conf {
	char *rule;
	diag_level level;      /* DIAG_OFF, DIAG_WARNING or DIAG_ERROR */
} rule_conf;

/* One row of the required-sections table ("check: sections:"). A row
 * applies when each of its conditions that is given holds; the first row
 * that applies names every section the record needs. */
typedef struct section_rule {
	strlist status;        /* lower case; empty: any status */
	strlist severity;      /* as written, compared ignoring case */
	strlist type;          /* lower case; empty: any type */
	strlist require;       /* canonical section names */
} section_rule;

/* Headings accepted for a section, on top of the built-in synonyms
 * (src/model/sections.c). */
typedef struct section_alias {
	char *name;            /* canonical name, as written */
	strlist synonyms;
} section_alias;

/* Roles a record of one severity must fill. */
typedef struct role_rule {
	char *severity;
	strlist roles;         /* lower case */
} role_rule;

/* Settings of the checker ("check:" in aftermath.yaml). Lists replace the
 * built-in ones, except section_aliases, which add to them. */
typedef struct check_conf {
	section_rule *sections;
	size_t nsections;
	section_alias *section_aliases;
	size_t nsection_aliases;
	strlist placeholders;  /* text that does not fill a section */
	strlist action_fields; /* required of each action item: "owner",
	                          "ticket", "priority" (lower case) */
	strlist action_severities; /* closed records of these need items */
	role_rule *roles;
	size_t nroles;
	strlist blame_phrases;
	strlist blame_sections; /* canonical names searched for them */
	int64_t timeline_slack; /* seconds outside started..recovered */
} check_conf;

typedef struct config {
	char *path;            /* the file read, or NULL when none */
	char *title;
	char *base_url;        /* "" when not set */
	char *incidents_dir;   /* relative to the repo root */
	char *timezone;
	char *ticket_url;      /* pattern with {ticket}; "" when not set */
	char *id_format;       /* ids of new records: "{year}-{seq:3}" */
	severity_level *severities;
	size_t nseverities;
	service_conf *services;
	size_t nservices;
	int pir_due_days;      /* working days after recovered */
	int64_t update_cadence; /* seconds between updates while active */
	strlist holidays;      /* sorted "YYYY-MM-DD" */
	rule_conf *rules;
	size_t nrules;
	check_conf check;
	bool public;           /* build a public edition: names become roles */
	strlist internal_fields; /* front-matter keys a public edition drops */
} config;

/* The built-in configuration. Free with config_free. */
config *config_default(void);
/* Free c and all it owns. NULL-safe. */
void config_free(config *c);
/* Set the built-in settings that name severities from c's scale, by
 * rank (the first is the worst): the required-sections table, the
 * severities whose reviews need action items and the roles each needs.
 * For a scale read from aftermath.yaml before the check settings. */
void config_scale_defaults(config *c);
/* Free the required-sections table of k and leave it empty. */
void config_clear_section_rules(check_conf *k);
/* Free the required roles of k and leave them empty. */
void config_clear_role_rules(check_conf *k);

/* Index of a severity name in the scale (0 = worst), or -1. */
int config_severity_rank(const config *c, const char *name);
/* The settings of a service, or NULL. */
const service_conf *config_service(const config *c, const char *name);
/* Working days from the local date of from to that of to, skipping
 * weekends and the configured holidays (see working_days_between). */
int config_working_days(const config *c, int64_t from, int64_t to);
/* True when a review still open days working days after recovery is
 * overdue (more than pir_due_days). One rule for check, list and the
 * metrics. */
bool config_pir_late(const config *c, int days);

/* Level of rule: the configured one, else def. */
diag_level config_rule_level(const config *c, const char *rule, diag_level def);

#endif
