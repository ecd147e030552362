/*
 * cmd/new.c - aftermath new "TITLE": start a record from the template,
 * with the next free id, and print its path.
 *
 * Someone runs this in the middle of an incident, so every value has a
 * default, the record is written even when a service is new, and the
 * file is created with O_EXCL: nothing is ever overwritten.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files.h"
#include "parse/record_parse.h"
#include "model/vocab.h"
#include "cmd/cmd.h"
#include "parse/scaffold.h"
#include "model/rules.h"
#include "render/page.h"

#define TEMPLATE_NAME "incident.md"

/* The options and what they add up to. */
typedef struct new_opts {
	buf title;
	const char *severity;  /* as configured, or NULL */
	const char *type;
	strlist services;
} new_opts;

/*
 * Create the file root/rel with text, failing when it exists. Returns 0,
 * or -1 with errno set (EEXIST: it exists; nothing was touched). A file
 * that cannot be written in full is removed again.
 */
static int
create_file(const char *root, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", root, rel);
	size_t len = strlen(text), off = 0;
	int fd, err = 0;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) < 0) {
		err = errno;
		goto out;
	}
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err = w < 0 ? errno : EIO;
			break;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0 && err == 0)
		err = errno;
	if (err != 0)
		(void)unlink(path);
out:
	free(path);
	errno = err;
	return err != 0 ? -1 : 0;
}

/* "2026-11-20 15:02+01:00", or "2026-11-20 14:02 UTC" at offset zero:
 * a time as a Timeline entry writes it, readable and exact. */
static void
entry_time(int64_t t, char *out, size_t n)
{
	char rfc[64];

	time_format(t, TIME_RFC3339, rfc, sizeof(rfc));
	/* "2026-11-20T15:02:00+01:00" or "2026-11-20T14:02:00Z" */
	snprintf(out, n, "%.10s %.5s%s", rfc, rfc + 11,
	    rfc[19] == 'Z' ? " UTC" : rfc + 19);
}

/* True when s holds no control characters (line breaks, tabs). */
static bool
one_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* --severity NAME, one the config names, into o->dest (new_opts). */
static int
severity_arg(const char *cmd, const cmd_option *o, const char *arg,
    const context *ctx)
{
	const config *cfg = ctx->cfg;
	int rank = config_severity_rank(cfg, arg);
	buf l = { 0 };

	if (rank >= 0) {
		((new_opts *)o->dest)->severity = cfg->severities[rank].name;
		return -1;
	}
	for (size_t i = 0; i < cfg->nseverities; i++)
		buf_addf(&l, "%s%s", i ? ", " : "", cfg->severities[i].name);
	cmd_usage_error(cmd, "unknown severity '%s'; use one of %s (worst "
	    "first)", arg, l.data ? l.data : "");
	buf_free(&l);
	return EXIT_USAGE;
}

/* --service NAMES into o->dest (new_opts): "--service a,b" as well as
 * "--service a --service b". */
static int
service_arg(const char *cmd, const cmd_option *o, const char *arg,
    const context *ctx)
{
	strlist *services = &((new_opts *)o->dest)->services;
	char *copy = xstrdup(arg), *save = NULL;

	(void)ctx;
	for (char *w = strtok_r(copy, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save))
		if (*str_trim(w) != '\0' && !strlist_has(services, w))
			strlist_add(services, w);
	free(copy);
	if (!one_line(arg))
		return cmd_usage_error(cmd, "a service is a name on one line, "
		    "not '%s'", arg);
	return -1;
}

/* --type TYPE, one of record_types in any case, into o->dest
 * (new_opts). */
static int
type_arg(const char *cmd, const cmd_option *o, const char *arg,
    const context *ctx)
{
	(void)ctx;
	for (size_t i = 0; record_types[i] != NULL; i++)
		if (ascii_strcasecmp(arg, record_types[i]) == 0) {
			((new_opts *)o->dest)->type = record_types[i];
			return -1;
		}
	return cmd_usage_error(cmd, "unknown type '%s'; use unplanned, "
	    "planned (maintenance) or security", arg);
}

/* Read the options into o. Returns -1 to go on, or the exit status to
 * end with (after --help, or after printing what is wrong). */
static int
parse_args(int argc, char **argv, const context *ctx, new_opts *o)
{
	const cmd_option opts[] = {
		CMD_CALL("severity", 's', o, severity_arg),
		CMD_CALL("service", 'S', o, service_arg),
		CMD_CALL("type", 't', o, type_arg),
		CMD_OPTIONS_END,
	};
	int rc;

	o->type = record_types[0];
	if ((rc = cmd_parse_options("new", argc, argv, opts, ctx)) >= 0)
		return rc;
	/* the words of the title, quoted or not: in a hurry, nobody should
	 * have to remember the quotes */
	for (int i = optind; i < argc; i++) {
		if (o->title.len > 0)
			buf_addc(&o->title, ' ');
		buf_adds(&o->title, argv[i]);
	}
	if (o->title.len == 0 || *str_trim(o->title.data) == '\0')
		return cmd_usage_error("new", "give the incident a title, such "
		    "as: aftermath new \"Checkout errors after the payments "
		    "deploy\"");
	o->title.len = strlen(o->title.data);
	if (!one_line(o->title.data))
		return cmd_usage_error("new", "the title must be one line of "
		    "text");
	return -1;
}

/*
 * The ids in use under the incidents directory into ids (none when it
 * does not exist yet). Sets *nfailed to the records that could not be
 * read: their ids may be wrong. Returns 0, or -1 after printing why.
 */
static int
ids_in_use(const context *ctx, strlist *ids, size_t *nfailed,
    archive **out)
{
	char *dir = xasprintf("%s/%s", ctx->repo_root,
	    ctx->cfg->incidents_dir);
	struct stat st;
	diags d = { 0 };
	archive *a = NULL;
	int rc = -1;

	*nfailed = 0;
	*out = NULL;
	if (stat(dir, &st) < 0) {
		if (errno == ENOENT) {
			rc = 0;
			goto out;
		}
		cmd_error("new", "cannot read %s: %s; check its permissions",
		    ctx->cfg->incidents_dir, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		cmd_error("new", "%s is not a directory; move it away, or set "
		    "incidents_dir in aftermath.yaml", ctx->cfg->incidents_dir);
		goto out;
	}
	if ((a = archive_load(ctx->repo_root, ctx->cfg, &d)) == NULL) {
		diags_print_text(&d, stderr, ctx->color);
		goto out;
	}
	for (size_t i = 0; i < a->n; i++) {
		strlist_add(ids, a->v[i]->id);
		if (a->v[i]->failed)
			(*nfailed)++;
	}
	*out = a;
	rc = 0;
out:
	diags_free(&d);
	free(dir);
	return rc;
}

/*
 * Check that text, the new record, reads as a record with id: a template
 * of the repository may be broken. Returns 0, or -1 after printing the
 * findings.
 */
static int
check_text(const context *ctx, const char *rel, const char *text,
    const char *id, const char *from)
{
	diags d = { 0 };
	record *r = record_parse(rel, text, strlen(text), ctx->cfg, &d);
	int rc = 0;

	if (r->failed) {
		/* values never add lines, so the lines are the template's */
		for (size_t i = 0; i < d.n; i++) {
			free(d.v[i].path);
			d.v[i].path = xstrdup(from);
		}
		diags_print_text(&d, stderr, ctx->color);
		cmd_error("new", "%s gives a record that cannot be read; fix "
		    "the template (nothing was written)", from);
		rc = -1;
	} else if (strcmp(r->id, id) != 0 && ctx->verbosity >= 0) {
		/* an id: line that does not give the id (quoted, or a fixed
		 * one) is not a missing one */
		if (r->field_pos[F_ID].line > 0)
			cmd_error("new", "warning: the id: line of %s gives "
			    "'%s', not the next free id %s; write it as "
			    "'id: {{id}}', without quotes", from, r->id, id);
		else
			cmd_error("new", "warning: %s has no 'id: {{id}}' "
			    "line, so the record's id is its file name '%s', "
			    "not %s", from, r->id, id);
	}
	record_free(r);
	diags_free(&d);
	return rc;
}

int
cmd_new(int argc, char **argv, context *ctx)
{
	new_opts o = { 0 };
	strlist ids = { 0 };
	archive *a = NULL;
	char *why = NULL, *id = NULL, *tmpl = NULL, *text = NULL;
	char *dir = NULL, *name = NULL, *rel = NULL;
	char date[32], started[64], when[64];
	char *from = NULL, *scale = NULL;
	diags d = { 0 };
	size_t tlen, nfailed;
	int rc;

	if ((rc = parse_args(argc, argv, ctx, &o)) >= 0)
		goto out;
	rc = EXIT_USAGE;
	if (id_format_check(ctx->cfg->id_format, &why) < 0) {
		fprintf(stderr, "aftermath.yaml: error: id_format %s [config]\n",
		    why);
		goto out;
	}
	if (ids_in_use(ctx, &ids, &nfailed, &a) < 0)
		goto out;
	/* a new service is fine; one a letter away from a known one is
	 * probably a typo, and worth a word */
	for (size_t i = 0; i < o.services.n; i++) {
		const char *best;

		if (ctx->verbosity >= 0 &&
		    !service_exists(a, ctx->cfg, o.services.v[i], &best) &&
		    best != NULL)
			cmd_error("new", "note: no record or setting names the "
			    "service '%s' yet; did you mean '%s'? (edit "
			    "services: in the record if so)", o.services.v[i],
			    best);
	}

	/* "today" in the configured zone; SOURCE_DATE_EPOCH makes it
	 * reproducible */
	time_format(ctx->now, TIME_DATE, date, sizeof(date));
	time_format(ctx->now, TIME_RFC3339, started, sizeof(started));
	entry_time(ctx->now, when, sizeof(when));
	if ((id = id_next(ctx->cfg->id_format, atoi(date),
	    (const char *const *)ids.v, ids.n)) == NULL) {
		cmd_error("new", "no id left in the pattern '%s'; give "
		    "{seq} more digits in id_format in aftermath.yaml",
		    ctx->cfg->id_format);
		goto out;
	}
	if ((tmpl = render_template_text(ctx->repo_root, TEMPLATE_NAME, &tlen,
	    &from, &d)) == NULL) {
		diags_print_text(&d, stderr, ctx->color);
		cmd_error("new", "cannot read the record template; fix "
		    "templates/%s or remove it to use the built-in one",
		    TEMPLATE_NAME);
		goto out;
	}
	scale = severity_scale_text(ctx->cfg);
	new_values v = {
		.id = id, .title = o.title.data, .severity = o.severity,
		.severities = scale, .type = o.type, .services = &o.services,
		.started = started, .date = date, .time = when,
	};
	if ((text = template_fill(tmpl, tlen, &v, &why)) == NULL) {
		cmd_error("new", "%s: %s; fix the template", from, why);
		goto out;
	}

	/* the trailing '/' makes mkdir_parents create the year too */
	dir = xasprintf("%s/%.4s/", ctx->cfg->incidents_dir, date);
	if (mkdir_parents(ctx->repo_root, dir) < 0) {
		cmd_error("new", "cannot create %s: %s; check the "
		    "permissions of %s", dir, strerror(errno),
		    ctx->cfg->incidents_dir);
		goto out;
	}
	/* the same title on the same day: the id makes the name unique */
	for (int with_id = 0; with_id < 2; with_id++) {
		free(name);
		free(rel);
		name = new_record_name(date, o.title.data, id, with_id);
		rel = xasprintf("%s%s", dir, name);
		if (with_id == 0 && check_text(ctx, rel, text, id, from) < 0)
			goto out;
		if (create_file(ctx->repo_root, rel, text) == 0)
			break;
		if (errno != EEXIST || with_id) {
			cmd_error("new", "cannot create %s: %s; %s", rel,
			    strerror(errno), errno == EEXIST ? "it exists "
			    "already (nothing was overwritten); give the "
			    "incident another title" : "check the "
			    "permissions of the directory");
			goto out;
		}
	}
	printf("%s\n", rel);
	if (ctx->verbosity >= 0) {
		fprintf(stderr, "aftermath new: started %s%s%s; fill in the "
		    "prompts (<!-- ... -->), then run: aftermath check %s\n",
		    id, o.severity ? ", " : "", o.severity ? o.severity : "",
		    rel);
		if (nfailed > 0)
			cmd_error("new", "warning: %zu record%s could not be "
			    "read, so %s may be in use already; run "
			    "'aftermath check' to see why", nfailed,
			    nfailed == 1 ? "" : "s", id);
	}
	rc = EXIT_OK;
out:
	archive_free(a);
	strlist_free(&ids);
	strlist_free(&o.services);
	buf_free(&o.title);
	free(why);
	free(id);
	free(tmpl);
	free(text);
	free(dir);
	free(name);
	free(rel);
	free(from);
	free(scale);
	diags_free(&d);
	return rc;
}
