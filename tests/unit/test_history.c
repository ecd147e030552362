/* test_history.c - the history walk, against repositories that the scripts
 * in tests/history/ make with the git command line. */
#include "unit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "lib/files.h"
#include "parse/record_parse.h"
#include "model/config.h"
#include "lib/diag.h"
#include "history/history.h"
#include "model/record.h"
#include "history/timeline.h"
#include "check/check.h"
#include "lib/utf8.h"
#include "lib/util.h"

/* A scratch directory with the scenario's repository in dir/repo. */
typedef struct scene {
	char *dir;
	char *repo;
} scene;

/* Run tests/history/SCRIPT.sh on s->repo with extra arguments; a fixed
 * HOME and no system configuration keep the user's git settings out. */
static void
run_script(const scene *s, const char *script, const char *args)
{
	const char *src = getenv("AM_SRCDIR");
	char *srcdir = realpath(src != NULL ? src : ".", NULL);
	char *cmd, *log;
	int rc;

	assert_non_null(srcdir);
	log = xasprintf("%s/log", s->dir);
	cmd = xasprintf("cd '%s' && HOME='%s' GIT_CONFIG_NOSYSTEM=1 "
	    "sh '%s/tests/history/%s.sh' '%s' %s >'%s' 2>&1", s->dir, s->dir,
	    srcdir, script, s->repo, args, log);
	rc = system(cmd);
	if (rc != 0) {
		char *text;
		size_t n;

		if (read_file(log, 1 << 20, &text, &n) == 0) {
			fprintf(stderr, "%s.sh failed:\n%s", script, text);
			free(text);
		}
	}
	assert_int_equal(rc, 0);
	free(cmd);
	free(log);
	free(srcdir);
}

static scene
scene_new(const char *script, const char *args)
{
	scene s;

	s.dir = xstrdup("/tmp/am-history-XXXXXX");
	assert_non_null(mkdtemp(s.dir));
	s.repo = xasprintf("%s/repo", s.dir);
	if (script != NULL)
		run_script(&s, script, args);
	return s;
}

static void
scene_free(scene *s)
{
	char *cmd = xasprintf("rm -rf '%s'", s->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(s->dir);
	free(s->repo);
}

/* Fill a strlist from a NULL-terminated array. */
static void
fill(strlist *l, const char *const *v)
{
	for (; v != NULL && *v != NULL; v++)
		strlist_add(l, *v);
}

/* history_walk with the default settings; asserts success. */
static history *
walk_in(const char *root, const char *const *paths, const char *const *ids,
    diags *d)
{
	config *cfg = config_default();
	strlist p = { 0 }, i = { 0 };
	history *h = NULL;
	int rc;

	fill(&p, paths);
	fill(&i, ids);
	rc = history_walk(root, cfg, &p, &i, &h, d);
	for (size_t k = 0; rc != 0 && k < d->n; k++)
		fprintf(stderr, "%s: %s\n", d->v[k].rule, d->v[k].message);
	assert_int_equal(rc, 0);
	assert_non_null(h);
	strlist_free(&p);
	strlist_free(&i);
	config_free(cfg);
	return h;
}

/* How many findings of rule there are, and whether each message holds
 * needle (when given). */
static size_t
count_rule(const diags *d, const char *rule, const char *needle)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].rule, rule) == 0) {
			assert_int_equal(d->v[i].level, DIAG_WARNING);
			if (needle != NULL &&
			    strstr(d->v[i].message, needle) == NULL) {
				fprintf(stderr, "message: %s\n",
				    d->v[i].message);
				fail();
			}
			n++;
		}
	return n;
}

static bool
is_hex40(const char *s)
{
	return strlen(s) == 40 && strspn(s, "0123456789abcdef") == 40;
}

/*
 * The history of path as "K subject; ...", with "R old>new subject" for
 * renames, checking on the way that every change is well formed and that
 * changes come oldest first.
 */
static char *
describe(const history *h, const char *path)
{
	const hist_record *r = history_record(h, path);
	const hist_commit *c;
	buf b = { 0 };
	size_t n, last = 0;

	c = history_commits(h, &n);
	if (r == NULL)
		return xstrdup("(none)");
	assert_string_equal(r->path, path);
	buf_add(&b, "", 0);
	for (size_t i = 0; i < r->nchanges; i++) {
		const hist_change *ch = &r->changes[i];

		assert_true(ch->commit < n);
		assert_true(ch->commit >= last);
		last = ch->commit;
		assert_true((ch->old_path == NULL) == (ch->kind == HIST_ADDED));
		assert_true((ch->path == NULL) == (ch->kind == HIST_DELETED));
		assert_true(ch->kind == HIST_ADDED ? ch->old_blob[0] == '\0' :
		    is_hex40(ch->old_blob));
		assert_true(ch->kind == HIST_DELETED ? ch->new_blob[0] == '\0' :
		    is_hex40(ch->new_blob));
		if (i > 0)
			buf_adds(&b, "; ");
		switch (ch->kind) {
		case HIST_ADDED:
			buf_addf(&b, "A %s", c[ch->commit].subject);
			break;
		case HIST_MODIFIED:
			assert_string_equal(ch->old_path, ch->path);
			buf_addf(&b, "M %s", c[ch->commit].subject);
			break;
		case HIST_DELETED:
			buf_addf(&b, "D %s", c[ch->commit].subject);
			break;
		case HIST_RENAMED:
			buf_addf(&b, "R %s>%s %s", ch->old_path, ch->path,
			    c[ch->commit].subject);
			break;
		}
	}
	return buf_detach(&b);
}

static void
assert_history(const history *h, const char *path, const char *want)
{
	char *got = describe(h, path);

	assert_string_equal(got, want);
	free(got);
}

/* Every kept commit as "subject[refs]|...", oldest first. */
static char *
describe_commits(const history *h)
{
	const hist_commit *c;
	buf b = { 0 };
	size_t n;

	c = history_commits(h, &n);
	buf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		assert_true(is_hex40(c[i].id));
		if (i > 0)
			buf_addc(&b, '|');
		buf_adds(&b, c[i].subject);
		if (c[i].refs.n > 0) {
			buf_addc(&b, '[');
			for (size_t k = 0; k < c[i].refs.n; k++)
				buf_addf(&b, "%s%s", k ? "," : "",
				    c[i].refs.v[k]);
			buf_addc(&b, ']');
		}
	}
	return buf_detach(&b);
}

static void
assert_commits(const history *h, const char *want)
{
	char *got = describe_commits(h);

	assert_string_equal(got, want);
	free(got);
}

static const hist_commit *
commit_by_subject(const history *h, const char *subject)
{
	const hist_commit *c;
	size_t n;

	c = history_commits(h, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].subject, subject) == 0)
			return &c[i];
	fail_msg("no commit '%s'", subject);
	return NULL;
}

/* Delete the loose object of commit hex, so that any walk that reads it
 * fails: a run that still succeeds did not walk there. */
static void
drop_object(const scene *s, const char *hex)
{
	char *p = xasprintf("%s/.git/objects/%.2s/%s", s->repo, hex, hex + 2);

	assert_int_equal(unlink(p), 0);
	free(p);
}

static char *
cache_path(const scene *s)
{
	return xasprintf("%s/.aftermath/history-cache.json", s->repo);
}

static const char *const linear_paths[] = {
	"incidents/2024/INC-1.md", "incidents/2024/INC-2.md", NULL
};
static const char *const two_ids[] = { "INC-1", "INC-2", NULL };

#define LINEAR_INC1 "A Open INC-1; M Mitigated; M Resolve both"
#define LINEAR_INC2 "A Open INC-2; M Resolve both"
#define LINEAR_COMMITS "Open INC-1[INC-1]|Open INC-2[INC-2]|Mitigated|" \
	"Resolve both"

static void
test_linear(void **state)
{
	scene s = scene_new("linear", "");
	diags d = { 0 };
	history *h;
	const hist_commit *c;
	const hist_record *r;
	char *text;
	size_t len;

	(void)state;
	h = walk_in(s.repo, linear_paths, two_ids, &d);
	assert_int_equal(d.n, 0);
	assert_false(history_none(h));
	assert_false(history_truncated(h));
	assert_commits(h, LINEAR_COMMITS);
	assert_history(h, "incidents/2024/INC-1.md", LINEAR_INC1);
	assert_history(h, "incidents/2024/INC-2.md", LINEAR_INC2);
	assert_null(history_record(h, "incidents/2024/INC-9.md"));

	c = commit_by_subject(h, "Open INC-1");
	assert_string_equal(c->author, "Ann Example");
	assert_string_equal(c->email, "ann@example.com");
	assert_int_equal(c->time, 1709283600);
	assert_int_equal(c->offset, 60);
	c = commit_by_subject(h, "Mitigated");
	assert_string_equal(c->author, "Bob Builder");
	assert_string_equal(c->email, "bob@example.com");
	assert_int_equal(c->time, 1709562600);
	assert_int_equal(c->offset, -300);
	c = commit_by_subject(h, "Resolve both");
	assert_int_equal(c->time, 1709625600);
	assert_int_equal(c->offset, 0);

	/* one commit, a change in each record, the same commit index */
	r = history_record(h, "incidents/2024/INC-2.md");
	assert_int_equal(r->changes[1].commit,
	    history_record(h, "incidents/2024/INC-1.md")->changes[2].commit);
	assert_false(r->dirty);

	/* the blob of the first version */
	r = history_record(h, "incidents/2024/INC-1.md");
	assert_int_equal(history_blob(h, r->changes[0].new_blob, &text, &len),
	    0);
	assert_int_equal(strlen(text), len);
	assert_true(strncmp(text, "---\nid: INC-1\n", 14) == 0);
	assert_non_null(strstr(text, "status: open\n"));
	free(text);
	assert_int_equal(history_blob(h, "not-a-blob", &text, &len), -1);
	assert_null(text);
	assert_int_equal(history_blob(h,
	    "0123456789012345678901234567890123456789", &text, &len), -1);

	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

static void
test_tree_order(void **state)
{
	scene s = scene_new("order", "");
	static const char *const paths[] = {
		"incidents/a.md", "incidents/a-b/b.md", "incidents/a/c.md",
		"incidents/a0.md", NULL
	};
	diags d = { 0 };
	history *h;

	(void)state;
	h = walk_in(s.repo, paths, NULL, &d);
	assert_int_equal(d.n, 0);
	assert_history(h, "incidents/a.md", "A Add a, edit c and b; M Edit a");
	assert_history(h, "incidents/a-b/b.md",
	    "A Add three; M Add a, edit c and b");
	assert_history(h, "incidents/a/c.md",
	    "A Add three; M Add a, edit c and b");
	assert_history(h, "incidents/a0.md", "A Add three");
	/* hidden files and other files are no records */
	assert_commits(h, "Add three|Add a, edit c and b|Edit a");
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

static void
test_rename_dir(void **state)
{
	scene s = scene_new("rename_dir", "");
	static const char *const paths[] = {
		"incidents/archive/INC-5.md", NULL
	};
	diags d = { 0 };
	history *h;

	(void)state;
	h = walk_in(s.repo, paths, NULL, &d);
	assert_int_equal(d.n, 0);
	assert_history(h, "incidents/archive/INC-5.md", "A Open; M Mitigate; "
	    "R incidents/2024/INC-5.md>incidents/archive/INC-5.md Archive; "
	    "M Close");
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

static void
test_rename_edit(void **state)
{
	scene s = scene_new("rename_edit", "");
	static const char *const paths[] = {
		"incidents/2024/INC-6.md", "incidents/2024/INC-7.md",
		"incidents/2024/INC-8.md", "incidents/new.md", NULL
	};
	diags d = { 0 };
	history *h;

	(void)state;
	h = walk_in(s.repo, paths, NULL, &d);
	assert_int_equal(d.n, 0);
	/* small edit: most lines (and the id) stay */
	assert_history(h, "incidents/2024/INC-6.md", "A Open; "
	    "R incidents/INC-6.md>incidents/2024/INC-6.md Move and edit");
	/* rewritten, but the "id:" line stays */
	assert_history(h, "incidents/2024/INC-7.md", "A Open; "
	    "R incidents/INC-7.md>incidents/2024/INC-7.md Move and edit");
	/* new id, most lines stay */
	assert_history(h, "incidents/2024/INC-8.md", "A Open; "
	    "R incidents/draft.md>incidents/2024/INC-8.md Move and edit");
	/* unlike the deleted old.md: no rename */
	assert_history(h, "incidents/new.md", "A Move and edit");
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

static void
test_readd(void **state)
{
	scene s = scene_new("readd", "");
	static const char *const paths[] = { "incidents/INC-3.md", NULL };
	diags d = { 0 };
	history *h;

	(void)state;
	h = walk_in(s.repo, paths, NULL, &d);
	assert_int_equal(d.n, 0);
	assert_history(h, "incidents/INC-3.md", "A Open INC-3; "
	    "D Remove INC-3; A Restore INC-3; M Close INC-3");
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

static void
test_merge(void **state)
{
	scene s = scene_new("merge", "");
	static const char *const paths[] = {
		"incidents/INC-1.md", "incidents/INC-2.md", NULL
	};
	diags d = { 0 };
	history *h;

	(void)state;
	h = walk_in(s.repo, paths, NULL, &d);
	assert_int_equal(d.n, 0);
	/* the side branch is not walked; the merge changed INC-1 */
	assert_history(h, "incidents/INC-1.md", "A Open both; M Merge side");
	assert_history(h, "incidents/INC-2.md", "A Open both; M Main edit");
	assert_commits(h, "Open both|Main edit|Merge side");
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

/* history_related(h, id) as "i j k". */
static void
assert_related(const history *h, const char *id, const char *want)
{
	size_t n;
	const size_t *v = history_related(h, id, &n);
	buf b = { 0 };

	buf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		char num[32];

		snprintf(num, sizeof(num), "%s%zu", i ? " " : "", v[i]);
		buf_adds(&b, num);
	}
	assert_string_equal(b.data, want);
	buf_free(&b);
}

static void
test_refs(void **state)
{
	scene s = scene_new("trailers", "");
	static const char *const paths[] = {
		"incidents/INC-1.md", "incidents/INC-2.md",
		"incidents/INC-3.md", NULL
	};
	static const char *const ids[] = {
		"INC-3", "INC-1", "INC-2", "INC-1", NULL
	};
	diags d = { 0 };
	history *h;

	(void)state;
	h = walk_in(s.repo, paths, ids, &d);
	assert_int_equal(d.n, 0);
	assert_commits(h, "Open three|Update runbook[INC-1]|"
	    "Tune alerts[INC-1,INC-2]|Scale pool[INC-2,INC-3]|"
	    "Follow-up for INC-3: add an alert[INC-3]|Fix INC-2.[INC-2]|"
	    "Lower-case key[INC-3]");
	/* the same, looked up by id: commit indexes, oldest first */
	assert_related(h, "INC-1", "1 2");
	assert_related(h, "INC-2", "2 3 5");
	assert_related(h, "INC-3", "3 4 6");
	assert_related(h, "INC-99", "");
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

static void
test_mailmap(void **state)
{
	scene s = scene_new("mailmap", "");
	static const char *const paths[] = { "incidents/INC-1.md", NULL };
	diags d = { 0 };
	history *h;
	const hist_commit *c;
	size_t n;

	(void)state;
	h = walk_in(s.repo, paths, NULL, &d);
	assert_int_equal(d.n, 0);
	c = history_commits(h, &n);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].author, "Ann Example");
	assert_string_equal(c[0].email, "ann@example.com");
	assert_string_equal(c[1].author, "Ann Example");
	assert_string_equal(c[1].email, "ann@example.com");
	assert_string_equal(c[2].author, "Carol");
	assert_string_equal(c[2].email, "carol@example.com");
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

/* A .mailmap that is not UTF-8 gives the same valid names from a walk and
 * from the cache (the cache path used to skip the sanitising). */
static void
test_mailmap_not_utf8(void **state)
{
	scene s = scene_new("mailmap", "");
	static const char *const paths[] = { "incidents/INC-1.md", NULL };
	char *mailmap = xasprintf("%s/.mailmap", s.repo), *walked;
	diags d = { 0 };
	history *h;
	const hist_commit *c;
	size_t n;
	FILE *f;

	(void)state;
	assert_non_null(f = fopen(mailmap, "w"));
	assert_true(fputs("Ann \xff Example <ann@example.com> "
	    "<ann@old.example>\n", f) >= 0);
	assert_int_equal(fclose(f), 0);
	h = walk_in(s.repo, paths, NULL, &d);
	c = history_commits(h, &n);
	assert_int_equal(n, 3);
	assert_int_equal(utf8_invalid_at(c[0].author, strlen(c[0].author)),
	    strlen(c[0].author));
	assert_non_null(strstr(c[0].author, "Example"));
	walked = xstrdup(c[0].author);
	history_free(h);
	/* HEAD has not moved: this one comes from the cache alone */
	h = walk_in(s.repo, paths, NULL, &d);
	c = history_commits(h, &n);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].author, walked);
	assert_int_equal(count_rule(&d, "history-cache", NULL), 0);
	history_free(h);
	free(walked);
	free(mailmap);
	diags_free(&d);
	scene_free(&s);
}

static void
test_shallow(void **state)
{
	scene s = scene_new("shallow", "1");
	static const char *const paths[] = { "incidents/INC-1.md", NULL };
	static const char *const ids[] = { "INC-1", NULL };
	diags d = { 0 };
	history *h;

	(void)state;
	h = walk_in(s.repo, paths, ids, &d);
	assert_true(history_truncated(h));
	assert_int_equal(d.n, 1);
	assert_int_equal(count_rule(&d, "history", "fetch-depth: 0"), 1);
	assert_non_null(strstr(d.v[0].message, "depth 1"));
	/* what the boundary commit changed is unknown; its message is not */
	assert_history(h, "incidents/INC-1.md", "");
	assert_commits(h, "Close INC-1[INC-1]");
	history_free(h);
	diags_free(&d);

	/* from the cache: still cut short, still said */
	h = walk_in(s.repo, paths, ids, &d);
	assert_true(history_truncated(h));
	assert_int_equal(count_rule(&d, "history", "fetch-depth: 0"), 1);
	assert_int_equal(d.n, 1);
	assert_commits(h, "Close INC-1[INC-1]");
	history_free(h);
	diags_free(&d);
	scene_free(&s);

	s = scene_new("shallow", "2");
	h = walk_in(s.repo, paths, ids, &d);
	assert_true(history_truncated(h));
	assert_int_equal(count_rule(&d, "history", "depth 2"), 1);
	assert_history(h, "incidents/INC-1.md", "M Close INC-1");
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

static void
test_not_a_repo(void **state)
{
	scene s = scene_new(NULL, "");
	static const char *const paths[] = { "incidents/INC-1.md", NULL };
	char *file = xasprintf("%s/incidents", s.dir);
	diags d = { 0 };
	history *h;
	size_t n;

	(void)state;
	assert_int_equal(mkdir(file, 0777), 0);
	free(file);
	h = walk_in(s.dir, paths, two_ids, &d);
	assert_true(history_none(h));
	assert_false(history_truncated(h));
	assert_int_equal(d.n, 1);
	assert_int_equal(count_rule(&d, "history", "not a git repository"), 1);
	(void)history_commits(h, &n);
	assert_int_equal(n, 0);
	assert_non_null(history_record(h, "incidents/INC-1.md"));
	assert_int_equal(history_record(h, "incidents/INC-1.md")->nchanges, 0);
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

static void
test_empty_repo(void **state)
{
	scene s = scene_new("empty", "");
	static const char *const paths[] = { "incidents/INC-1.md", NULL };
	diags d = { 0 };
	history *h;
	size_t n;

	(void)state;
	h = walk_in(s.repo, paths, two_ids, &d);
	assert_int_equal(d.n, 0);
	assert_false(history_none(h));
	(void)history_commits(h, &n);
	assert_int_equal(n, 0);
	assert_int_equal(history_record(h, "incidents/INC-1.md")->nchanges, 0);
	assert_true(history_record(h, "incidents/INC-1.md")->dirty);
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

static void
test_dirty(void **state)
{
	scene s = scene_new("dirty", "");
	static const char *const paths[] = {
		"incidents/INC-1.md", "incidents/INC-2.md",
		"incidents/new/INC-3.md", "incidents/INC-4.md", NULL
	};
	diags d = { 0 };
	history *h;

	(void)state;
	h = walk_in(s.repo, paths, NULL, &d);
	assert_int_equal(d.n, 0);
	assert_true(history_record(h, "incidents/INC-1.md")->dirty);
	assert_false(history_record(h, "incidents/INC-2.md")->dirty);
	assert_true(history_record(h, "incidents/new/INC-3.md")->dirty);
	assert_true(history_record(h, "incidents/INC-4.md")->dirty);
	assert_history(h, "incidents/new/INC-3.md", "");
	assert_history(h, "incidents/INC-1.md", "A Open");
	history_free(h);
	diags_free(&d);
	scene_free(&s);
}

static void
test_subdir(void **state)
{
	scene s = scene_new("subdir", "");
	static const char *const paths[] = {
		"incidents/INC-1.md", "incidents/INC-2.md", NULL
	};
	char *root = xasprintf("%s/site", s.repo);
	diags d = { 0 };
	history *h;

	(void)state;
	h = walk_in(root, paths, two_ids, &d);
	assert_int_equal(d.n, 0);
	/* the paths are site/incidents/... in git, incidents/... here */
	assert_history(h, "incidents/INC-1.md", "A Open; M Close");
	assert_false(history_record(h, "incidents/INC-1.md")->dirty);
	assert_true(history_record(h, "incidents/INC-2.md")->dirty);
	history_free(h);
	diags_free(&d);
	free(root);
	scene_free(&s);
}

/* The events of t as one line each: time, kind, commit, text. */
static char *
timeline_text(const timeline *t)
{
	buf b = { 0 };

	buf_add(&b, "", 0);
	for (size_t i = 0; i < t->n; i++) {
		char *line = xasprintf("%lld %s %s %s\n",
		    (long long)t->v[i].time, event_kind_name(t->v[i].kind),
		    t->v[i].commit, t->v[i].text);

		buf_adds(&b, line);
		free(line);
	}
	return buf_detach(&b);
}

/* timeline_build_all on two threads gives what timeline_build gives, and
 * reads the versions in history (status changes become events). */
static void
test_timeline_build_all(void **state)
{
	scene s = scene_new("linear", "");
	config *cfg = config_default();
	diags d = { 0 };
	record *recs[2], *v[40];
	timeline *all[40];
	history *h;
	char *one, *many;

	(void)state;
	h = walk_in(s.repo, linear_paths, two_ids, &d);
	for (size_t i = 0; i < 2; i++) {
		recs[i] = record_load(s.repo, linear_paths[i], cfg, &d);
		assert_false(recs[i]->failed);
	}
	/* enough records for a second thread, each one many times */
	for (size_t i = 0; i < 40; i++)
		v[i] = recs[i % 2];
	timeline_build_all(v, 40, h, cfg, all);
	for (size_t i = 0; i < 40; i++) {
		timeline *t = timeline_build(v[i], h, cfg);

		one = timeline_text(t);
		many = timeline_text(all[i]);
		assert_string_equal(many, one);
		if (i == 0)
			assert_non_null(strstr(one, "Status open → mitigated"));
		free(one);
		free(many);
		timeline_free(t);
		timeline_free(all[i]);
	}
	record_free(recs[0]);
	record_free(recs[1]);
	history_free(h);
	config_free(cfg);
	diags_free(&d);
	scene_free(&s);
}

/* The timeline of record id (at incidents/ID.md) in derived.sh's repo. */
static timeline *
derived_timeline(const scene *s, const history *h, const config *cfg,
    const char *id, record **r)
{
	char *path = xasprintf("incidents/%s.md", id);
	diags d = { 0 };
	timeline *t;

	*r = record_load(s->repo, path, cfg, &d);
	assert_false((*r)->failed);
	t = timeline_build(*r, h, cfg);
	diags_free(&d);
	free(path);
	return t;
}

/* The derived-time notes of r as one string, "" for none. */
static char *
derived_notes(const record *r, const timeline *t)
{
	diags d = { 0 };
	buf b = { 0 };

	buf_add(&b, "", 0);
	check_derived(r, t, &d);
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(d.v[i].level, DIAG_NOTE);
		assert_string_equal(d.v[i].rule, "derived-time");
		buf_adds(&b, d.v[i].message);
		buf_adds(&b, "\n");
	}
	diags_free(&d);
	return buf_detach(&b);
}

/* A derived time is evidence or nothing (#16): only a commit that moved
 * the record from an earlier status into one implying the phase gives a
 * time, in lifecycle order, from history that runs forward. */
static void
test_derived_evidence(void **state)
{
	static const char *const paths[] = { "incidents/AMD-1.md",
		"incidents/DON-1.md", "incidents/IMP-1.md",
		"incidents/JMP-1.md", "incidents/ORD-1.md", NULL };
	static const char *const ids[] = { "AMD-1", "DON-1", "IMP-1",
		"JMP-1", "ORD-1", NULL };
	scene s = scene_new("derived", "");
	config *cfg = config_default();
	diags d = { 0 };
	history *h;
	record *r;
	timeline *t;
	char *notes;

	(void)state;
	h = walk_in(s.repo, paths, ids, &d);

	/* imported already closed: nothing, and nothing to note */
	t = derived_timeline(&s, h, cfg, "IMP-1", &r);
	for (int p = 0; p < PHASE_COUNT; p++)
		assert_false(t->derived[p].set);
	assert_int_equal(t->nrejected, 0);
	timeline_free(t);
	record_free(r);

	/* investigating -> closed: mitigated and recovered from that
	 * commit; resolved from the one that closed the open item */
	t = derived_timeline(&s, h, cfg, "JMP-1", &r);
	assert_true(t->derived[PHASE_MITIGATED].set);
	assert_true(t->derived[PHASE_RECOVERED].set);
	assert_int_equal(t->derived[PHASE_MITIGATED].t, 1714575600);
	assert_int_equal(t->derived[PHASE_RECOVERED].t, 1714575600);
	assert_true(t->derived[PHASE_RESOLVED].set);
	assert_int_equal(t->derived[PHASE_RESOLVED].t, 1716195600);
	assert_false(t->derived[PHASE_IDENTIFIED].set);
	assert_int_equal(strlen(t->derived_commit[PHASE_RESOLVED]), 40);
	assert_int_equal(t->nrejected, 0);
	timeline_free(t);
	record_free(r);

	/* the monitoring commit is dated before detected: not used, noted
	 * with the commit */
	t = derived_timeline(&s, h, cfg, "ORD-1", &r);
	assert_false(t->derived[PHASE_MITIGATED].set);
	assert_int_equal(t->nrejected, 1);
	assert_int_equal(t->rejected[0].p, PHASE_MITIGATED);
	assert_int_equal(t->rejected[0].why, REJECT_BEFORE);
	assert_int_equal(t->rejected[0].other, PHASE_DETECTED);
	notes = derived_notes(r, t);
	assert_non_null(strstr(notes, "mitigated is not derived from commit "));
	assert_non_null(strstr(notes, "it would be before detected"));
	assert_non_null(strstr(notes, "(2024-04-30 11:00 UTC)"));
	assert_int_equal(strncmp(strstr(notes, "commit ") + 7,
	    t->rejected[0].commit, 8), 0);
	free(notes);
	timeline_free(t);
	record_free(r);

	/* rewritten history: a commit dated before the one before it */
	t = derived_timeline(&s, h, cfg, "AMD-1", &r);
	assert_false(t->derived[PHASE_IDENTIFIED].set);
	assert_int_equal(t->nrejected, 1);
	assert_int_equal(t->rejected[0].why, REJECT_COMMIT_ORDER);
	notes = derived_notes(r, t);
	assert_non_null(strstr(notes, "amended or rebased"));
	free(notes);
	timeline_free(t);
	record_free(r);

	/* closed with recovered written and items added already done: the
	 * closing commit is after recovered, so no mitigated; no resolved */
	t = derived_timeline(&s, h, cfg, "DON-1", &r);
	assert_false(t->derived[PHASE_MITIGATED].set);
	assert_false(t->derived[PHASE_RECOVERED].set);
	assert_false(t->derived[PHASE_RESOLVED].set);
	assert_int_equal(t->nrejected, 1);
	assert_int_equal(t->rejected[0].why, REJECT_AFTER);
	assert_int_equal(t->rejected[0].other, PHASE_RECOVERED);
	timeline_free(t);
	record_free(r);

	history_free(h);
	config_free(cfg);
	diags_free(&d);
	scene_free(&s);
}

/* status_moves_into: a transition, never a birth or a step back. */
static void
test_status_moves_into(void **state)
{
	(void)state;
	assert_false(status_moves_into(NULL, "closed", PHASE_RECOVERED));
	assert_true(status_moves_into("investigating", "closed",
	    PHASE_MITIGATED));
	assert_true(status_moves_into("identified", "monitoring",
	    PHASE_MITIGATED));
	assert_false(status_moves_into("monitoring", "closed",
	    PHASE_MITIGATED));
	assert_true(status_moves_into("monitoring", "closed",
	    PHASE_RECOVERED));
	assert_false(status_moves_into("recovered", "closed",
	    PHASE_RECOVERED));
	assert_false(status_moves_into("closed", "monitoring",
	    PHASE_MITIGATED));
	assert_false(status_moves_into("investigating", "monitoring",
	    PHASE_IDENTIFIED));
}

/* Walk linear.sh's repository and check the whole result. */
static void
check_linear(const scene *s, diags *d)
{
	history *h = walk_in(s->repo, linear_paths, two_ids, d);

	assert_commits(h, LINEAR_COMMITS);
	assert_history(h, "incidents/2024/INC-1.md", LINEAR_INC1);
	assert_history(h, "incidents/2024/INC-2.md", LINEAR_INC2);
	assert_string_equal(commit_by_subject(h, "Mitigated")->author,
	    "Bob Builder");
	assert_int_equal(commit_by_subject(h, "Mitigated")->offset, -300);
	history_free(h);
}

static void
test_cache_hit(void **state)
{
	scene s = scene_new("linear", "");
	static const char *const one[] = { "incidents/2024/INC-1.md", NULL };
	char *cache = cache_path(&s), *ignore, *text;
	char root_id[41];
	diags d = { 0 };
	history *h;
	size_t len;

	(void)state;
	/* a first walk for one record only: the cache covers that path */
	h = walk_in(s.repo, one, two_ids, &d);
	assert_int_equal(d.n, 0);
	assert_history(h, "incidents/2024/INC-1.md", LINEAR_INC1);
	history_free(h);
	assert_int_equal(access(cache, F_OK), 0);
	ignore = xasprintf("%s/.aftermath/.gitignore", s.repo);
	assert_int_equal(read_file(ignore, 100, &text, &len), 0);
	assert_string_equal(text, "*\n");
	free(text);
	free(ignore);

	/* both records: INC-2's path is not in the cache, so all is walked */
	check_linear(&s, &d);
	assert_int_equal(d.n, 0);

	/* now the cache holds both: without the root commit, only the
	 * cache can give the right answer */
	h = walk_in(s.repo, linear_paths, two_ids, &d);
	memcpy(root_id, history_commits(h, &len)[0].id, sizeof(root_id));
	history_free(h);
	drop_object(&s, root_id);
	check_linear(&s, &d);
	assert_int_equal(d.n, 0);
	diags_free(&d);
	free(cache);
	scene_free(&s);
}

/* Replace the cache with what edit makes of its JSON. */
static void
edit_cache(const scene *s, void (*edit)(json_t *))
{
	char *cache = cache_path(s);
	json_error_t err;
	json_t *root = json_load_file(cache, 0, &err);

	assert_non_null(root);
	edit(root);
	assert_int_equal(json_dump_file(root, cache, JSON_COMPACT), 0);
	json_decref(root);
	free(cache);
}

static void
set_bad_time(json_t *root)
{
	json_t *c = json_array_get(json_object_get(root, "commits"), 0);

	assert_int_equal(json_array_set_new(c, 3, json_string("noon")), 0);
}

static void
set_bad_index(json_t *root)
{
	json_t *r = json_array_get(json_object_get(root, "records"), 0);
	json_t *ch = json_array_get(json_array_get(r, 1), 0);

	assert_int_equal(json_array_set_new(ch, 0, json_integer(9999)), 0);
}

static void
set_bad_version(json_t *root)
{
	assert_int_equal(json_object_set_new(root, "version",
	    json_integer(99)), 0);
}

static void
set_bad_tree(json_t *root)
{
	assert_int_equal(json_object_set_new(root, "tree",
	    json_string("0123456789abcdef0123456789abcdef01234567")), 0);
}

static void
set_bad_ref(json_t *root)
{
	json_t *c = json_array_get(json_object_get(root, "commits"), 0);

	assert_int_equal(json_array_append_new(json_array_get(c, 6),
	    json_string("INC-404")), 0);
}

static void
set_bad_kind(json_t *root)
{
	json_t *r = json_array_get(json_object_get(root, "records"), 0);
	json_t *ch = json_array_get(json_array_get(r, 1), 0);

	/* an addition that claims an old path */
	assert_int_equal(json_array_set_new(ch, 2,
	    json_string("incidents/x.md")), 0);
}

/* Write raw bytes over the cache. */
static void
write_cache(const scene *s, const char *data, size_t n)
{
	char *cache = cache_path(s);
	FILE *f = fopen(cache, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	free(cache);
}

static void
test_cache_corrupt(void **state)
{
	scene s = scene_new("linear", "");
	void (*edits[])(json_t *) = {
		set_bad_time, set_bad_index, set_bad_version, set_bad_tree,
		set_bad_ref, set_bad_kind,
	};
	char *cache = cache_path(&s), *good;
	size_t len;
	diags d = { 0 };

	(void)state;
	check_linear(&s, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(read_file(cache, 1 << 20, &good, &len), 0);

	for (size_t i = 0; i < sizeof(edits) / sizeof(*edits); i++) {
		edit_cache(&s, edits[i]);
		check_linear(&s, &d);
		if (count_rule(&d, "history-cache", "ignoring") != 1 ||
		    d.n != 1)
			fail_msg("edit %zu: %zu findings", i, d.n);
		diags_free(&d);
		/* rewritten whole: the next run is quiet */
		check_linear(&s, &d);
		assert_int_equal(d.n, 0);
	}

	write_cache(&s, "\x01\x02garbage\xff", 11);
	check_linear(&s, &d);
	assert_int_equal(count_rule(&d, "history-cache", "not valid JSON"), 1);
	assert_int_equal(d.n, 1);
	diags_free(&d);

	write_cache(&s, good, len / 2);
	check_linear(&s, &d);
	assert_int_equal(count_rule(&d, "history-cache", NULL), 1);
	assert_int_equal(d.n, 1);
	diags_free(&d);

	write_cache(&s, "{\"hello\": 1}", 12);
	check_linear(&s, &d);
	assert_int_equal(count_rule(&d, "history-cache", "not an aftermath"),
	    1);
	assert_int_equal(d.n, 1);
	diags_free(&d);

	free(good);
	free(cache);
	scene_free(&s);
}

static void
test_cache_rewritten(void **state)
{
	scene s = scene_new("linear", "");
	char *cache = cache_path(&s);
	diags d = { 0 };
	history *h;

	(void)state;
	check_linear(&s, &d);
	run_script(&s, "step_amend", "");
	h = walk_in(s.repo, linear_paths, two_ids, &d);
	assert_int_equal(d.n, 0);
	assert_commits(h, "Open INC-1[INC-1]|Open INC-2[INC-2]|Mitigated|"
	    "Close INC-1 only[INC-1]");
	assert_history(h, "incidents/2024/INC-1.md",
	    "A Open INC-1; M Mitigated; M Close INC-1 only");
	assert_history(h, "incidents/2024/INC-2.md", "A Open INC-2");
	history_free(h);
	/* the same as without a cache */
	assert_int_equal(unlink(cache), 0);
	h = walk_in(s.repo, linear_paths, two_ids, &d);
	assert_int_equal(d.n, 0);
	assert_history(h, "incidents/2024/INC-1.md",
	    "A Open INC-1; M Mitigated; M Close INC-1 only");
	assert_history(h, "incidents/2024/INC-2.md", "A Open INC-2");
	history_free(h);
	free(cache);
	scene_free(&s);
}

static void
test_cache_incremental(void **state)
{
	scene s = scene_new("linear", "");
	diags d = { 0 };
	history *h;
	char root_id[41];
	size_t n;

	(void)state;
	h = walk_in(s.repo, linear_paths, two_ids, &d);
	memcpy(root_id, history_commits(h, &n)[0].id, sizeof(root_id));
	history_free(h);
	run_script(&s, "step_append", "");
	/* only the new commit may be read */
	drop_object(&s, root_id);
	h = walk_in(s.repo, linear_paths, two_ids, &d);
	assert_int_equal(d.n, 0);
	assert_commits(h, LINEAR_COMMITS "|Reopen");
	assert_history(h, "incidents/2024/INC-1.md", LINEAR_INC1);
	assert_history(h, "incidents/2024/INC-2.md", LINEAR_INC2 "; M Reopen");
	assert_string_equal(commit_by_subject(h, "Mitigated")->author,
	    "Bob Builder");
	history_free(h);
	scene_free(&s);
}

static void
test_cache_incremental_rename(void **state)
{
	scene s = scene_new("linear", "");
	static const char *const moved[] = {
		"incidents/archive/INC-1.md", "incidents/2024/INC-2.md", NULL
	};
	diags d = { 0 };
	history *h;
	char root_id[41];
	size_t n;

	(void)state;
	h = walk_in(s.repo, linear_paths, two_ids, &d);
	memcpy(root_id, history_commits(h, &n)[0].id, sizeof(root_id));
	history_free(h);
	run_script(&s, "step_rename", "");
	drop_object(&s, root_id);
	h = walk_in(s.repo, moved, two_ids, &d);
	assert_int_equal(d.n, 0);
	assert_history(h, "incidents/archive/INC-1.md", LINEAR_INC1 "; "
	    "R incidents/2024/INC-1.md>incidents/archive/INC-1.md Archive");
	assert_history(h, "incidents/2024/INC-2.md", LINEAR_INC2);
	assert_commits(h, LINEAR_COMMITS "|Archive");
	history_free(h);
	scene_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_tree_order),
		cmocka_unit_test(test_rename_dir),
		cmocka_unit_test(test_rename_edit),
		cmocka_unit_test(test_readd),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_mailmap),
		cmocka_unit_test(test_mailmap_not_utf8),
		cmocka_unit_test(test_shallow),
		cmocka_unit_test(test_not_a_repo),
		cmocka_unit_test(test_empty_repo),
		cmocka_unit_test(test_dirty),
		cmocka_unit_test(test_subdir),
		cmocka_unit_test(test_cache_hit),
		cmocka_unit_test(test_cache_corrupt),
		cmocka_unit_test(test_cache_rewritten),
		cmocka_unit_test(test_cache_incremental),
		cmocka_unit_test(test_cache_incremental_rename),
		cmocka_unit_test(test_timeline_build_all),
		cmocka_unit_test(test_derived_evidence),
		cmocka_unit_test(test_status_moves_into),
	};

	/* libgit2 reads the user's git configuration in this process too */
	if (setenv("HOME", "/nonexistent/am-test-home", 1) < 0 ||
	    setenv("GIT_CONFIG_NOSYSTEM", "1", 1) < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
