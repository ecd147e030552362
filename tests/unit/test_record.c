/*
 * test_record.c - record_parse on whole files given as strings: the byte
 * checks before any parser runs (BOM, line ends, NUL, UTF-8, size), the
 * front matter fence, the default id, lookups, and record_load.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include <cmark-gfm.h>

#include "parse/record_parse.h"
#include "model/config.h"
#include "model/record.h"

#define PATH "incidents/2024/db-outage.md"

/*
 * A record whose every line number is known: front matter on lines 1-8,
 * the body from line 9. "- no time here" (line 16) is a timeline entry
 * without a time, so it gives a "timeline-entry" finding on its line.
 */
static const char sample[] =
    "---\n"                                 /* 1 */
    "id: INC-1\n"                           /* 2 */
    "title: Database outage\n"              /* 3 */
    "severity: SEV2\n"                      /* 4 */
    "roles:\n"                              /* 5 */
    "  commander: Alice\n"                  /* 6 */
    "  Scribe: [Bob, Carol]\n"              /* 7 */
    "---\n"                                 /* 8 */
    "## Summary\n"                          /* 9 */
    "\n"                                    /* 10 */
    "Things broke.\n"                       /* 11 */
    "\n"                                    /* 12 */
    "## Timeline\n"                         /* 13 */
    "\n"                                    /* 14 */
    "- 2024-03-01 14:02Z - it started\n"    /* 15 */
    "- no time here\n"                      /* 16 */
    "\n"                                    /* 17 */
    "## What went well\n"                   /* 18 */
    "\n"                                    /* 19 */
    "Paging.\n";                            /* 20 */

/* The first finding of rule in d, or NULL. */
static const diag *
find_rule(const diags *d, const char *rule)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].rule, rule) == 0)
			return &d->v[i];
	return NULL;
}

/* Parse len bytes of text as PATH with the default config. */
static record *
parse_n(const char *text, size_t len, diags *d)
{
	config *cfg = config_default();
	record *r = record_parse(PATH, text, len, cfg, d);

	config_free(cfg);
	assert_non_null(r);
	return r;
}

static record *
parse(const char *text, diags *d)
{
	return parse_n(text, strlen(text), d);
}

/* text with every "\n" replaced by nl; the caller frees it. */
static char *
with_newlines(const char *text, const char *nl)
{
	buf b = { 0 };

	for (const char *p = text; *p; p++)
		if (*p == '\n')
			buf_adds(&b, nl);
		else
			buf_addc(&b, *p);
	return buf_detach(&b);
}

/* Check everything sample says about positions and content. */
static void
check_sample(const record *r, const diags *d)
{
	const diag *f;
	const section *s;

	assert_false(r->failed);
	assert_string_equal(r->id, "INC-1");
	assert_string_equal(r->title, "Database outage");
	assert_int_equal(r->field_pos[F_ID].line, 2);
	assert_int_equal(r->field_pos[F_ID].col, 1);
	assert_int_equal(r->field_pos[F_SEVERITY].line, 4);
	assert_int_equal(r->field_pos[F_ROLES].line, 5);
	assert_int_equal(r->body_line, 9);
	assert_int_equal(r->nroles, 2);
	assert_int_equal(r->roles[1].pos.line, 7);
	assert_int_equal(r->roles[1].pos.col, 3);

	assert_int_equal(r->nsections, 3);
	assert_string_equal(r->sections[0].title, "Summary");
	assert_int_equal(r->sections[0].pos.line, 9);
	assert_int_equal(r->sections[0].level, 2);
	assert_string_equal(r->sections[0].text, "Things broke.");
	assert_string_equal(r->sections[1].title, "Timeline");
	assert_int_equal(r->sections[1].pos.line, 13);
	assert_int_equal(r->sections[1].level, 2);
	s = &r->sections[2];
	assert_string_equal(s->title, "What went well");
	assert_string_equal(s->anchor, "what-went-well");
	assert_int_equal(s->pos.line, 18);
	assert_string_equal(s->text, "Paging.");
	assert_string_equal(r->summary, "Things broke.");

	assert_int_equal(r->ntimeline, 2);
	assert_int_equal(r->timeline[0].pos.line, 15);
	assert_true(r->timeline[0].time.set);
	assert_int_equal(r->timeline[0].time.t, 1709301720);
	assert_string_equal(r->timeline[0].text, "it started");
	assert_int_equal(r->timeline[1].pos.line, 16);

	assert_int_equal(d->n, 1);
	f = find_rule(d, "timeline-entry");
	assert_non_null(f);
	assert_string_equal(f->path, r->path);
	assert_int_equal(f->line, 16);
	assert_int_equal(f->col, 1);
	assert_int_equal(f->level, DIAG_ERROR);
}

static void
test_sample(void **state)
{
	diags d = { 0 };
	record *r;

	(void)state;
	r = parse(sample, &d);
	check_sample(r, &d);
	assert_string_equal(r->path, PATH);
	assert_non_null(r->doc);
	/* the tree can go and come back, the same */
	{
		char *before = cmark_render_commonmark(r->doc,
		    CMARK_OPT_DEFAULT, 0), *after;

		record_release_tree(r);
		assert_null(r->doc);
		record_release_tree(r);
		assert_non_null(record_tree(r));
		assert_ptr_equal(record_tree(r), r->doc);
		after = cmark_render_commonmark(r->doc, CMARK_OPT_DEFAULT, 0);
		assert_string_equal(before, after);
		free(before);
		free(after);
	}
	record_free(r);
	record_free(NULL);
	diags_free(&d);
}

static void
test_bom(void **state)
{
	diags d = { 0 };
	buf b = { 0 };
	record *r;

	(void)state;
	buf_adds(&b, "\xef\xbb\xbf");
	buf_adds(&b, sample);
	r = parse_n(b.data, b.len, &d);
	/* the same positions as without the mark */
	check_sample(r, &d);
	record_free(r);
	diags_free(&d);

	/* a finding on line 1 counts columns from after the mark */
	r = parse_n("\xef\xbb\xbf---\xff\n", 8, &d);
	assert_true(r->failed);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "encoding");
	assert_int_equal(d.v[0].line, 1);
	assert_int_equal(d.v[0].col, 4);
	record_free(r);
	diags_free(&d);

	/* only a mark at the very start is dropped; a half mark is not one */
	r = parse("\xef\xbb---\ntitle: x\n---\n", &d);
	assert_true(r->failed);
	assert_non_null(find_rule(&d, "encoding"));
	record_free(r);
	diags_free(&d);
	buf_free(&b);
}

static void
test_crlf(void **state)
{
	static const char *const ends[] = { "\r\n", "\r" };
	diags d = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(ends) / sizeof(*ends); i++) {
		char *text = with_newlines(sample, ends[i]);
		record *r = parse(text, &d);

		check_sample(r, &d);
		/* no CR survives into the model */
		for (size_t k = 0; k < r->nsections; k++)
			assert_null(strchr(r->sections[k].text, '\r'));
		assert_null(strchr(r->title, '\r'));
		record_free(r);
		diags_free(&d);
		free(text);
	}
}

/* Mixed line ends: CRLF, lone CR and LF in one file. */
static void
test_mixed_newlines(void **state)
{
	diags d = { 0 };
	record *r;
	static const char text[] =
	    "---\r\ntitle: T\rseverity: SEV1\n---\r\r"
	    "## A\r\n\r\ntext a\r\r## B\n";

	(void)state;
	r = parse(text, &d);
	assert_false(r->failed);
	assert_int_equal(d.n, 0);
	assert_string_equal(r->title, "T");
	assert_int_equal(r->field_pos[F_SEVERITY].line, 3);
	assert_int_equal(r->body_line, 5);
	assert_int_equal(r->nsections, 2);
	assert_int_equal(r->sections[0].pos.line, 6);
	assert_string_equal(r->sections[0].text, "text a");
	assert_int_equal(r->sections[1].pos.line, 10);
	record_free(r);
	diags_free(&d);
}

/* Expect exactly one "encoding" error at line:col for len bytes of text. */
static void
expect_encoding(const char *text, size_t len, int line, int col)
{
	diags d = { 0 };
	record *r = parse_n(text, len, &d);

	assert_true(r->failed);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "encoding");
	assert_string_equal(d.v[0].path, PATH);
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_int_equal(d.v[0].line, line);
	assert_int_equal(d.v[0].col, col);
	/* a failed record still has an id, from the file name */
	assert_string_equal(r->id, "db-outage");
	record_free(r);
	diags_free(&d);
}

#define ENC(lit, line, col) expect_encoding(lit, sizeof(lit) - 1, line, col)

static void
test_nul(void **state)
{
	(void)state;
	ENC("---\ntitle: a\0b\n---\n", 2, 9);
	ENC("\0", 1, 1);
	ENC("---\ntitle: x\n---\n\nbody\0", 5, 5);
	/* after CRLF the column starts again at 1 */
	ENC("---\r\ntitle: x\r\n\0", 3, 1);
}

/* Control characters other than tab and line ends are errors: XML cannot
 * hold them and in a terminal they are escape sequences. */
static void
test_control_characters(void **state)
{
	(void)state;
	ENC("---\ntitle: a\x1b[31mb\n---\n", 2, 9);
	ENC("---\ntitle: x\n---\n\nbody \x01", 5, 6);
	ENC("---\ntitle: x\x7f\n---\n", 2, 9);
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	ENC("---\ntitle: \xc0\xaf\n---\n", 2, 8);         /* overlong '/' */
	ENC("---\ntitle: \xe0\x80\xaf\n---\n", 2, 8);     /* overlong, 3 */
	ENC("---\ntitle: \xf0\x80\x80\xaf\n---\n", 2, 8); /* overlong, 4 */
	ENC("---\ntitle: \xed\xa0\x80\n---\n", 2, 8);     /* surrogate */
	ENC("---\ntitle: \xed\xbf\xbf\n---\n", 2, 8);     /* surrogate */
	ENC("---\ntitle: \xf4\x90\x80\x80\n---\n", 2, 8); /* > U+10FFFF */
	ENC("---\ntitle: \xe2\x82\n---\n", 2, 8);         /* truncated */
	ENC("---\ntitle: x\n---\n\xe2\x82", 4, 1);        /* cut at end */
	ENC("---\ntitle: x\n---\n\xc3", 4, 1);            /* cut at end */
	ENC("---\ntitle: \xff\n---\n", 2, 8);
	ENC("---\ntitle: \xfe\n---\n", 2, 8);
	ENC("---\ntitle: \x80\n---\n", 2, 8);             /* lone cont. */
	ENC("---\ntitle: \xf8\x88\x80\x80\x80\n", 2, 8);  /* 5-byte form */
	/* columns count characters: "é" is one column, like libyaml's */
	ENC("---\ntitle: \xc3\xa9\xff\n", 2, 9);
	ENC("---\ntitle: \xf0\x9f\x98\x80\xe2\x82x\n", 2, 9);
}

static void
test_valid_utf8(void **state)
{
	diags d = { 0 };
	record *r;
	/* 2, 3 and 4 byte forms; the body (not YAML, which refuses C1
	 * controls and U+FFFF) holds the extremes of each range */
	static const char text[] =
	    "---\n"
	    "title: \"Gr\xc3\xb6\xc3\x9f" "e \xe2\x80\x93 \xf0\x9f\x98\x80\"\n"
	    "---\n"
	    "## \xc3\x9c" "bersicht\n"
	    "## \xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80"
	    "\xf4\x8f\xbf\xbf\xed\x9f\xbf\xee\x80\x80\n";

	(void)state;
	r = parse(text, &d);
	assert_int_equal(d.n, 0);
	assert_false(r->failed);
	assert_string_equal(r->title,
	    "Gr\xc3\xb6\xc3\x9f" "e \xe2\x80\x93 \xf0\x9f\x98\x80");
	assert_int_equal(r->nsections, 2);
	assert_string_equal(r->sections[0].title, "\xc3\x9c" "bersicht");
	assert_int_equal(r->sections[1].pos.line, 5);
	assert_string_equal(r->sections[1].title,
	    "\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80"
	    "\xf4\x8f\xbf\xbf\xed\x9f\xbf\xee\x80\x80");
	record_free(r);
	diags_free(&d);
}

/* The encoding check runs before line ends are normalised, so it must
 * count a lone CR as a line end itself: in "---\rtitle: a\xff\r---\r"
 * the bad byte is on line 2, column 9. */
static void
test_encoding_lone_cr(void **state)
{
	static const char text[] = "---\rtitle: a\xff\r---\r";
	diags d = { 0 };
	record *r;

	(void)state;
	r = parse(text, &d);
	assert_true(r->failed);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "encoding");
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 9);
	record_free(r);
	diags_free(&d);
}

/* A valid record padded with body text to exactly len bytes. */
static char *
record_of_size(size_t len)
{
	static const char head[] = "---\ntitle: big\n---\n";
	char *s = xmalloc(len + 1);

	memcpy(s, head, sizeof(head) - 1);
	for (size_t i = sizeof(head) - 1; i < len; i++)
		s[i] = (i % 64 == 63) ? '\n' : 'x';
	s[len] = '\0';
	return s;
}

static void
test_size_limit(void **state)
{
	size_t limit = 1024 * 1024;
	char *s = record_of_size(limit + 1);
	diags d = { 0 };
	record *r;

	(void)state;
	r = parse_n(s, limit, &d);
	assert_false(r->failed);
	assert_null(find_rule(&d, "record-size"));
	assert_string_equal(r->title, "big");
	record_free(r);
	diags_free(&d);

	r = parse_n(s, limit + 1, &d);
	assert_true(r->failed);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "record-size");
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_string_equal(r->id, "db-outage");
	assert_null(r->title);
	record_free(r);
	diags_free(&d);
	free(s);
}

static void
test_frontmatter_missing(void **state)
{
	static const char *const texts[] = {
		"# Incident\n\nNo front matter.\n",
		"",
		"\n---\ntitle: x\n---\n",   /* the fence must be line 1 */
		"---\ntitle: x\n",          /* never closed */
	};
	diags d = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		record *r = parse(texts[i], &d);
		const diag *f = find_rule(&d, "frontmatter-missing");

		assert_true(r->failed);
		assert_non_null(f);
		assert_int_equal(f->level, DIAG_ERROR);
		assert_int_equal(f->line, 1);
		assert_string_equal(r->id, "db-outage");
		record_free(r);
		diags_free(&d);
	}
}

static void
test_id_default(void **state)
{
	static const struct {
		const char *path, *id;
	} cases[] = {
		{ "incidents/2024/db-outage.md", "db-outage" },
		{ "incidents/2024-03-01-cdn.md", "2024-03-01-cdn" },
		{ "top.md", "top" },
		{ "incidents/a/b/c/INC_7.v2.md", "INC_7.v2" },
	};
	static const char text[] = "---\ntitle: no id\n---\n";
	config *cfg = config_default();
	diags d = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		record *r = record_parse(cases[i].path, text, strlen(text),
		    cfg, &d);

		assert_false(r->failed);
		assert_string_equal(r->id, cases[i].id);
		assert_string_equal(r->path, cases[i].path);
		assert_int_equal(r->field_pos[F_ID].line, 0);
		record_free(r);
	}
	assert_int_equal(d.n, 0);
	/* an id in the front matter wins over the file name */
	{
		static const char with_id[] = "---\nid: X-1\n---\n";
		record *r = record_parse(PATH, with_id, strlen(with_id), cfg,
		    &d);

		assert_string_equal(r->id, "X-1");
		record_free(r);
	}
	config_free(cfg);
	diags_free(&d);
}

static void
test_lookups(void **state)
{
	diags d = { 0 };
	record *r = parse(sample, &d);
	const role *ro;
	const section *s;

	(void)state;
	ro = record_role(r, "commander");
	assert_non_null(ro);
	assert_string_equal(ro->name, "commander");
	assert_int_equal(ro->people.n, 1);
	assert_string_equal(ro->people.v[0], "Alice");
	/* both the key as written and the name asked for may differ in case */
	ro = record_role(r, "SCRIBE");
	assert_non_null(ro);
	assert_string_equal(ro->name, "scribe");
	assert_int_equal(ro->people.n, 2);
	assert_string_equal(ro->people.v[1], "Carol");
	assert_ptr_equal(record_role(r, "Commander"), &r->roles[0]);
	assert_null(record_role(r, "deputy"));
	assert_null(record_role(r, "command"));

	s = record_section(r, "what WENT well");
	assert_non_null(s);
	assert_ptr_equal(s, &r->sections[2]);
	assert_ptr_equal(record_section(r, "TIMELINE"), &r->sections[1]);
	assert_null(record_section(r, "Time"));
	assert_null(record_section(r, "Lessons"));
	record_free(r);
	diags_free(&d);

	/* a record with neither */
	r = parse("---\ntitle: x\n---\n", &d);
	assert_null(record_role(r, "commander"));
	assert_null(record_section(r, "Summary"));
	record_free(r);
	diags_free(&d);
}

/* The first of two sections with the same title is found. */
static void
test_section_first_match(void **state)
{
	diags d = { 0 };
	record *r = parse("---\n---\n# Notes\none\n# notes\ntwo\n", &d);

	(void)state;
	assert_int_equal(r->nsections, 2);
	assert_string_equal(record_section(r, "NOTES")->text, "one");
	assert_string_not_equal(r->sections[0].anchor, r->sections[1].anchor);
	record_free(r);
	diags_free(&d);
}

static void
test_field_names(void **state)
{
	static const char *const keys[F_COUNT] = {
		"id", "title", "severity", "status", "type", "services", "tags",
		"roles", "links", "started", "detected", "acknowledged",
		"identified", "mitigated", "recovered", "resolved", "reviewed",
		"customer_impact", "data_loss", "responder_hours", "featured",
		"summary",
	};

	(void)state;
	for (int f = 0; f < F_COUNT; f++) {
		assert_non_null(keys[f]);
		assert_string_equal(field_name((field_id)f), keys[f]);
		assert_int_equal(field_lookup(keys[f]), f);
		assert_int_equal(field_lookup(field_name((field_id)f)), f);
	}
	assert_int_equal(field_lookup("nope"), F_COUNT);
	assert_int_equal(field_lookup(""), F_COUNT);
	assert_int_equal(field_lookup("Title"), F_COUNT);  /* keys are exact */
	assert_int_equal(field_lookup("titles"), F_COUNT);
	assert_string_equal(field_name(F_COUNT), "");

	assert_string_equal(phase_name(PHASE_STARTED), "started");
	assert_string_equal(phase_name(PHASE_DETECTED), "detected");
	assert_string_equal(phase_name(PHASE_ACKNOWLEDGED), "acknowledged");
	assert_string_equal(phase_name(PHASE_IDENTIFIED), "identified");
	assert_string_equal(phase_name(PHASE_MITIGATED), "mitigated");
	assert_string_equal(phase_name(PHASE_RECOVERED), "recovered");
	assert_string_equal(phase_name(PHASE_RESOLVED), "resolved");
	for (int p = 0; p < PHASE_COUNT; p++)
		assert_int_equal(field_lookup(phase_name((phase)p)),
		    F_STARTED + p);
}

static void
test_new_defaults(void **state)
{
	record *r = record_new("a/b.md");

	(void)state;
	assert_string_equal(r->path, "a/b.md");
	assert_null(r->id);
	assert_int_equal(r->customer_impact, -1);
	assert_int_equal(r->data_loss, -1);
	assert_true(r->responder_hours < 0);
	assert_false(r->failed);
	for (int p = 0; p < PHASE_COUNT; p++)
		assert_false(r->times[p].set);
	record_free(r);
}

/* The repository of test_load; removed in teardown even when it fails. */
static char root[64];

static int
setup_root(void **state)
{
	(void)state;
	strcpy(root, "/tmp/am-test-record-XXXXXX");
	return mkdtemp(root) == NULL ? -1 : 0;
}

static int
teardown_root(void **state)
{
	static const char *const names[] = { "incidents/link.md",
	    "incidents/big.md", "incidents/ok.md" };
	char *p;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		p = xasprintf("%s/%s", root, names[i]);
		if (unlink(p) != 0 && errno != ENOENT) {
			free(p);
			return -1;
		}
		free(p);
	}
	p = xasprintf("%s/incidents", root);
	if (rmdir(p) != 0 && errno != ENOENT) {
		free(p);
		return -1;
	}
	free(p);
	return rmdir(root);
}

/* Write len bytes of data to root/rel. */
static void
write_at(const char *rel, const char *data, size_t len)
{
	char *p = xasprintf("%s/%s", root, rel);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(p);
}

static void
test_load(void **state)
{
	config *cfg = config_default();
	diags d = { 0 };
	record *r;
	char *sub, *file, *link, *data;

	(void)state;
	/* a missing file: an "io" error, a failed record with an id */
	r = record_load(root, "incidents/missing.md", cfg, &d);
	assert_non_null(r);
	assert_true(r->failed);
	assert_string_equal(r->id, "missing");
	assert_string_equal(r->path, "incidents/missing.md");
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "io");
	assert_string_equal(d.v[0].path, "incidents/missing.md");
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_non_null(strstr(d.v[0].message, strerror(ENOENT)));
	record_free(r);
	diags_free(&d);

	/* a real file, read relative to the root */
	sub = xasprintf("%s/incidents", root);
	assert_int_equal(mkdir(sub, 0700), 0);
	free(sub);
	write_at("incidents/ok.md", sample, strlen(sample));
	r = record_load(root, "incidents/ok.md", cfg, &d);
	assert_string_equal(r->path, "incidents/ok.md");
	check_sample(r, &d);
	assert_string_equal(d.v[0].path, "incidents/ok.md");
	record_free(r);
	diags_free(&d);

	/* a file over the limit is refused before it is read */
	data = record_of_size(1024 * 1024 + 1);
	write_at("incidents/big.md", data, 1024 * 1024 + 1);
	free(data);
	r = record_load(root, "incidents/big.md", cfg, &d);
	assert_true(r->failed);
	assert_string_equal(r->id, "big");
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "record-size");
	record_free(r);
	diags_free(&d);

	/* a symlink is not followed */
	file = xasprintf("%s/incidents/ok.md", root);
	link = xasprintf("%s/incidents/link.md", root);
	assert_int_equal(symlink(file, link), 0);
	free(file);
	free(link);
	r = record_load(root, "incidents/link.md", cfg, &d);
	assert_true(r->failed);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "io");
	assert_null(r->title);
	record_free(r);
	diags_free(&d);
	config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_mixed_newlines),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_encoding_lone_cr),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_frontmatter_missing),
		cmocka_unit_test(test_id_default),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_section_first_match),
		cmocka_unit_test(test_field_names),
		cmocka_unit_test(test_new_defaults),
		cmocka_unit_test_setup_teardown(test_load, setup_root,
		    teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
