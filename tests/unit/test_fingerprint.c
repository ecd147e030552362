/*
 * test_fingerprint.c - the up-to-date check of "aftermath build": what
 * changes the fingerprint and what does not, the time span of a build
 * held against the checker's own verdicts, the state of a site, and the
 * stamp that carries them to the next build.
 */
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files.h"
#include "parse/config_load.h"
#include "parse/record_parse.h"
#include "check/check.h"
#include "model/config.h"
#include "output/fingerprint.h"
#include "output/stamp.h"
#include "load/load.h"
#include "output/output.h"
#include "model/record.h"
#include "lib/timeutil.h"
#include "lib/util.h"

#define NOW 1767225600         /* 2026-01-01T00:00:00Z */
#define HEX_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HEX_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static char *
scratch(void)
{
	char *dir = xstrdup("/tmp/am-fingerprint-XXXXXX");

	assert_non_null(mkdtemp(dir));
	return dir;
}

/* Run cmd in dir, with git kept away from the user's settings. */
static void
sh(const char *dir, const char *cmd)
{
	char *full = xasprintf("cd '%s' && HOME='%s' GIT_CONFIG_NOSYSTEM=1 "
	    "GIT_AUTHOR_DATE=2025-12-01T12:00:00Z "
	    "GIT_COMMITTER_DATE=2025-12-01T12:00:00Z %s >/dev/null 2>&1",
	    dir, dir, cmd);

	assert_int_equal(system(full), 0);
	free(full);
}

/* Write text to dir/rel, making its directories. */
static void
put_text(const char *dir, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", dir, rel);
	FILE *f;

	assert_int_equal(mkdir_parents(dir, rel), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	free(path);
}

/* Give dir/rel another mtime, not another content. */
static void
touch(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel);
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

	assert_int_equal(utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW), 0);
	free(path);
}

/* The fingerprint of a build of dir. */
static void
fp_of(const char *dir, bool public, char out[FINGERPRINT_HEXSZ])
{
	diags d = { 0 };
	config *cfg = config_load(dir, &d);

	assert_non_null(cfg);
	assert_int_equal(fingerprint_compute(&(fingerprint_inputs){
	    .repo_root = dir, .cfg = cfg, .public = public }, out), 0);
	assert_int_equal(strlen(out), 40);
	config_free(cfg);
	diags_free(&d);
}

/* Assert that the fingerprint of dir is now (not) want. */
static void
assert_fp(const char *dir, const char *want, bool same)
{
	char fp[FINGERPRINT_HEXSZ];

	fp_of(dir, false, fp);
	if (same)
		assert_string_equal(fp, want);
	else
		assert_string_not_equal(fp, want);
}

static const char record_text[] =
    "---\nid: 2025-001\ntitle: Slow API\nseverity: SEV3\nstatus: closed\n"
    "started: 2025-12-01T10:00:00Z\n---\n\n## Summary\n\nSlow.\n";

static void
test_inputs_change_the_fingerprint(void **state)
{
	char *dir = scratch(), *cmd;
	char fp0[FINGERPRINT_HEXSZ], fp[FINGERPRINT_HEXSZ];

	(void)state;
	put_text(dir, "aftermath.yaml", "title: Test\n");
	put_text(dir, "incidents/2025/a.md", record_text);
	fp_of(dir, false, fp0);
	assert_fp(dir, fp0, true);

	/* content counts, not times; the loader skips hidden files */
	touch(dir, "incidents/2025/a.md");
	touch(dir, "aftermath.yaml");
	assert_fp(dir, fp0, true);
	put_text(dir, "incidents/2025/.draft.md", "not read\n");
	assert_fp(dir, fp0, true);

	/* a record edited, and edited back */
	put_text(dir, "incidents/2025/a.md", "changed\n");
	assert_fp(dir, fp0, false);
	put_text(dir, "incidents/2025/a.md", record_text);
	assert_fp(dir, fp0, true);
	/* added, renamed */
	put_text(dir, "incidents/2025/b.md", record_text);
	assert_fp(dir, fp0, false);
	sh(dir, "mv incidents/2025/b.md incidents/2025/c.md");
	fp_of(dir, false, fp);
	assert_string_not_equal(fp, fp0);
	sh(dir, "rm incidents/2025/c.md");
	assert_fp(dir, fp0, true);

	/* the settings, the templates, the edition */
	put_text(dir, "aftermath.yaml", "title: Other\n");
	assert_fp(dir, fp0, false);
	put_text(dir, "aftermath.yaml", "title: Test\n");
	put_text(dir, "templates/layout.html", "<html></html>\n");
	assert_fp(dir, fp0, false);
	sh(dir, "rm -r templates");
	assert_fp(dir, fp0, true);
	fp_of(dir, true, fp);
	assert_string_not_equal(fp, fp0);

	/* git: a repository, each commit, the mailmap, the index */
	sh(dir, "git init -q && git add -A && git -c user.name=T "
	    "-c user.email=t@example.com commit -q -m one");
	fp_of(dir, false, fp0);
	assert_fp(dir, fp0, true);
	sh(dir, "git -c user.name=T -c user.email=t@example.com commit -q "
	    "--allow-empty -m 'Incident: 2025-001'");
	assert_fp(dir, fp0, false);
	fp_of(dir, false, fp0);
	put_text(dir, ".mailmap", "Tee <t@example.com>\n");
	assert_fp(dir, fp0, false);
	fp_of(dir, false, fp0);
	put_text(dir, "incidents/2025/a.md", "changed\n");
	fp_of(dir, false, fp);
	sh(dir, "git add incidents/2025/a.md");
	assert_fp(dir, fp, false);

	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* A record parsed from text, checked as the site does. */
static record *
parse(const char *text, const config *cfg)
{
	diags d = { 0 };
	record *r = record_parse("incidents/x.md", text, strlen(text), cfg, &d);

	assert_false(r->failed);
	diags_free(&d);
	return r;
}

/* The findings of r at now, as one string. The caller frees it. */
static char *
findings_at(const record *r, const config *cfg, int64_t now)
{
	diags d = { 0 };
	buf b = { 0 };

	check_record(r, cfg, now, &d);
	for (size_t i = 0; i < d.n; i++)
		buf_addf(&b, "%s: %s\n", d.v[i].rule, d.v[i].message);
	diags_free(&d);
	return buf_detach(&b);
}

/* fingerprint_valid_until of r alone, and the checker agreeing with it:
 * the same findings until the second before, other ones from it on when
 * changes is set. Returns the instant. */
static int64_t
until_for(const char *text, const config *cfg, int64_t now, bool changes)
{
	record *r = parse(text, cfg);
	archive a = { &r, 1 };
	int64_t until = fingerprint_valid_until(&a, cfg, now);
	char *at_now = findings_at(r, cfg, now);
	char *before = findings_at(r, cfg, until - 1);
	char *at = findings_at(r, cfg, until);

	assert_true(until > now);
	assert_string_equal(at_now, before);
	if (changes)
		assert_string_not_equal(at_now, at);
	free(at_now);
	free(before);
	free(at);
	record_free(r);
	return until;
}

static void
test_valid_until_agrees_with_check(void **state)
{
	config *cfg = config_default();

	(void)state;
	assert_int_equal(tz_set("UTC"), 0);
	/* nothing ahead: the next midnight */
	assert_int_equal(until_for(record_text, cfg, NOW + 3600, false),
	    NOW + 86400);
	/* started six hours ahead (time-future, to the second) */
	assert_int_equal(until_for("---\nid: 2026-001\nstatus: investigating\n"
	    "started: 2026-01-01T06:00:00Z\n---\n", cfg, NOW, true),
	    NOW + 6 * 3600);
	/* a bare date ahead counts by day: the next midnight again */
	assert_int_equal(until_for("---\nid: 2026-001\nstatus: closed\n"
	    "started: 2025-12-31T06:00:00Z\nreviewed: 2026-01-03\n---\n", cfg,
	    NOW, false), NOW + 86400);
	/* a timeline entry more than the slack ahead of an incident not yet
	 * recovered (timeline-bounds) */
	cfg->check.timeline_slack = 3600;
	assert_int_equal(until_for("---\nid: 2026-001\nstatus: investigating\n"
	    "started: 2025-12-31T23:00:00Z\n---\n\n## Timeline\n\n"
	    "- 2026-01-01 12:00 UTC \xe2\x80\x94 Planned step\n", cfg, NOW,
	    true), NOW + 11 * 3600);
	config_free(cfg);
}

static void
test_valid_until_follows_the_zone(void **state)
{
	config *cfg = config_default();
	record *r = parse(record_text, cfg);
	archive a = { &r, 1 };
	/* 2026-03-29 is 23 hours long in Berlin */
	int64_t now = 1774738800;  /* 2026-03-29T00:00:00+01:00 */
	char d0[32], d1[32], d2[32];
	int64_t until;

	(void)state;
	assert_int_equal(tz_set("Europe/Berlin"), 0);
	until = fingerprint_valid_until(&a, cfg, now);
	assert_int_equal(until, now + 23 * 3600);
	time_format(now, TIME_DATE, d0, sizeof(d0));
	time_format(until - 1, TIME_DATE, d1, sizeof(d1));
	time_format(until, TIME_DATE, d2, sizeof(d2));
	assert_string_equal(d0, d1);
	assert_string_not_equal(d0, d2);
	assert_int_equal(tz_set("UTC"), 0);
	record_free(r);
	config_free(cfg);
}

static void
test_valid_until_is_now_when_the_second_counts(void **state)
{
	config *cfg = config_default();
	record *r = parse("---\nid: 2026-001\nstatus: investigating\n---\n",
	    cfg);
	archive a = { &r, 1 }, empty = { NULL, 0 };

	(void)state;
	/* feed.atom shows an incident without a start as updated now */
	assert_int_equal(fingerprint_valid_until(&a, cfg, NOW), NOW);
	assert_int_equal(fingerprint_valid_until(&empty, cfg, NOW), NOW);
	/* a record that failed is not on the site */
	r->failed = true;
	assert_int_equal(fingerprint_valid_until(&a, cfg, NOW), NOW);
	record_free(r);
	config_free(cfg);
}

/* A site at dir/name with two pages, made as a build makes it. */
static char *
make_site(const char *dir, const char *name)
{
	char *site = xasprintf("%s/%s", dir, name);
	diags d = { 0 };
	output *o = output_begin(site, &d);

	assert_non_null(o);
	assert_int_equal(output_write(o, "index.html", "index", 5, &d), 0);
	assert_int_equal(output_write(o, "incidents/a.html", "a", 1, &d), 0);
	assert_int_equal(output_commit(o, &d), 0);
	assert_int_equal(d.n, 0);
	return site;
}

static void
test_site_state(void **state)
{
	char *dir = scratch(), *site = make_site(dir, "site"), *cmd;
	char s0[FINGERPRINT_HEXSZ], s[FINGERPRINT_HEXSZ];

	(void)state;
	assert_int_equal(fingerprint_site_state(site, s0), 0);
	assert_int_equal(fingerprint_site_state(site, s), 0);
	assert_string_equal(s, s0);
	/* a new mtime, a new file, a file gone: each is a change */
	touch(site, "incidents/a.html");
	assert_int_equal(fingerprint_site_state(site, s), 0);
	assert_string_not_equal(s, s0);
	memcpy(s0, s, sizeof(s));
	put_text(site, "incidents/b.html", "b");
	assert_int_equal(fingerprint_site_state(site, s), 0);
	assert_string_not_equal(s, s0);
	memcpy(s0, s, sizeof(s));
	sh(site, "rm incidents/b.html");
	assert_int_equal(fingerprint_site_state(site, s), 0);
	assert_string_not_equal(s, s0);
	/* not a site without the marker, nor when missing */
	sh(site, "rm " OUTPUT_MARKER);
	assert_int_equal(fingerprint_site_state(site, s), -1);
	sh(dir, "rm -r site");
	assert_int_equal(fingerprint_site_state(site, s), -1);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(site);
	free(dir);
}

static void
test_stamp_round_trip(void **state)
{
	char *dir = scratch(), *site = make_site(dir, "site");
	char *other = make_site(dir, "other"), *cmd, *ignore;
	build_stamp st = { .valid_from = 100, .valid_until = 200,
	    .nincidents = 3, .nfailed = 1 }, last;
	diags d = { 0 };
	size_t len;

	(void)state;
	memcpy(st.fingerprint, HEX_A, sizeof(st.fingerprint));
	diags_add(&st.found, "incidents/b.md", 4, 1, DIAG_ERROR, "yaml-syntax",
	    "did not find expected node content");
	diags_add(&st.found, NULL, 0, 0, DIAG_WARNING, "history",
	    "not a git repository");
	diags_add(&st.found, ".aftermath/history-cache.json", 0, 0,
	    DIAG_WARNING, "history-cache", "ignoring the history cache");
	assert_int_equal(stamp_save(dir, site, &st, &d), 0);
	assert_int_equal(d.n, 0);

	assert_int_equal(stamp_check(dir, site, HEX_A, 150, &last),
	    STAMP_UP_TO_DATE);
	assert_int_equal(last.nincidents, 3);
	assert_int_equal(last.nfailed, 1);
	assert_int_equal(last.valid_from, 100);
	assert_int_equal(last.valid_until, 200);
	/* the findings come back as they went, but the cache's */
	assert_int_equal(last.found.n, 2);
	assert_string_equal(last.found.v[0].path, "incidents/b.md");
	assert_int_equal(last.found.v[0].line, 4);
	assert_int_equal(last.found.v[0].col, 1);
	assert_int_equal(last.found.v[0].level, DIAG_ERROR);
	assert_string_equal(last.found.v[0].rule, "yaml-syntax");
	assert_null(last.found.v[1].path);
	assert_string_equal(last.found.v[1].message, "not a git repository");
	stamp_free(&last);

	/* what makes a build needed */
	assert_int_equal(stamp_check(dir, site, HEX_B, 150, &last),
	    STAMP_INPUTS);
	assert_int_equal(last.found.n, 0);
	assert_int_equal(stamp_check(dir, site, HEX_A, 99, &last), STAMP_TIME);
	assert_int_equal(stamp_check(dir, site, HEX_A, 200, &last), STAMP_TIME);
	assert_int_equal(stamp_check(dir, other, HEX_A, 150, &last),
	    STAMP_NONE);
	touch(site, "index.html");
	assert_int_equal(stamp_check(dir, site, HEX_A, 150, &last), STAMP_SITE);
	sh(dir, "rm -r site");
	assert_int_equal(stamp_check(dir, site, HEX_A, 150, &last), STAMP_SITE);

	/* git never shows the stamps */
	ignore = xasprintf("%s/.aftermath/.gitignore", dir);
	{
		char *text;

		assert_int_equal(read_file(ignore, 100, &text, &len), 0);
		assert_string_equal(text, "*\n");
		free(text);
	}
	/* a stamp that cannot be saved is a warning */
	sh(dir, "rm -r .aftermath && touch .aftermath");
	assert_int_equal(stamp_save(dir, other, &st, &d), -1);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "build-stamp");
	diags_free(&d);
	stamp_free(&st);
	stamp_free(NULL);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(ignore);
	free(other);
	free(site);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inputs_change_the_fingerprint),
		cmocka_unit_test(test_valid_until_agrees_with_check),
		cmocka_unit_test(test_valid_until_follows_the_zone),
		cmocka_unit_test(test_valid_until_is_now_when_the_second_counts),
		cmocka_unit_test(test_site_state),
		cmocka_unit_test(test_stamp_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
