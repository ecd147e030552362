/*
 * stamp.c - the stamp of the last build of an output directory, a JSON
 * file in .aftermath/ (one per directory, named by a hash of its real
 * path):
 *
 *   {"format": "aftermath-build-stamp", "version": 1, "site": REALPATH,
 *    "fingerprint": HEX, "valid_from": T, "valid_until": T,
 *    "incidents": N, "failed": N, "site_state": HEX,
 *    "found": [{"path", "line", "col", "level", "rule", "message"}...]}
 *
 * A stamp that is not exactly of this form is no stamp: the build runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <jansson.h>

#include "lib/files.h"
#include "lib/util.h"
#include "output/stamp.h"

#define STAMP_FORMAT    "aftermath-build-stamp"
#define STAMP_VERSION   1
#define STAMP_DIR       ".aftermath"
#define STAMP_MAX       ((size_t)64 << 20)

/* The stamp file of the site whose real path is site:
 * repo_root/.aftermath/build-<hash of the path>.json. NULL when the path
 * cannot be hashed. The caller frees it. */
static char *
stamp_path(const char *repo_root, const char *site)
{
	git_oid id;
	char hex[FINGERPRINT_HEXSZ];

	if (git_odb_hash(&id, site, strlen(site), GIT_OBJECT_BLOB) < 0) {
		git_error_clear();
		return NULL;
	}
	return xasprintf("%s/" STAMP_DIR "/build-%s.json", repo_root,
	    git_oid_tostr(hex, sizeof(hex), &id));
}

/* The integer member key of o into *v; false when it is not one. */
static bool
get_int(const json_t *o, const char *key, int64_t *v)
{
	const json_t *x = json_object_get(o, key);

	if (!json_is_integer(x))
		return false;
	*v = (int64_t)json_integer_value(x);
	return true;
}

/* Read the findings of stamp root into d. Returns 0, or -1 when they are
 * not as stamp_save writes them. */
static int
read_findings(const json_t *root, diags *d)
{
	const json_t *arr = json_object_get(root, "found"), *x;
	size_t i;

	if (!json_is_array(arr))
		return -1;
	json_array_foreach(arr, i, x) {
		const char *path = json_string_value(json_object_get(x, "path"));
		const char *rule = json_string_value(json_object_get(x, "rule"));
		const char *msg = json_string_value(json_object_get(x,
		    "message"));
		int64_t line, col, level;

		if (rule == NULL || msg == NULL || !get_int(x, "line", &line) ||
		    !get_int(x, "col", &col) || !get_int(x, "level", &level) ||
		    level < DIAG_NOTE || level > DIAG_ERROR || line < 0 ||
		    col < 0 || line > INT32_MAX || col > INT32_MAX)
			return -1;
		diags_add(d, path, (int)line, (int)col, (diag_level)level,
		    rule, "%s", msg);
	}
	return 0;
}

stamp_verdict
stamp_check(const char *repo_root, const char *outdir,
    const char *fingerprint, int64_t now, build_stamp *last)
{
	char *site = NULL, *path = NULL, *data = NULL;
	char state[FINGERPRINT_HEXSZ];
	const char *s;
	json_t *root = NULL;
	json_error_t jerr;
	int64_t v, from, until, nfailed;
	size_t len;
	stamp_verdict verdict = STAMP_NONE;

	memset(last, 0, sizeof(*last));
	if (git_libgit2_init() < 0)
		return STAMP_NONE;
	if ((site = realpath(outdir, NULL)) == NULL) {
		verdict = STAMP_SITE;
		goto out;
	}
	if ((path = stamp_path(repo_root, site)) == NULL ||
	    read_file(path, STAMP_MAX, &data, &len) < 0 ||
	    (root = json_loadb(data, len, 0, &jerr)) == NULL ||
	    (s = json_string_value(json_object_get(root, "format"))) == NULL ||
	    strcmp(s, STAMP_FORMAT) != 0 || !get_int(root, "version", &v) ||
	    v != STAMP_VERSION ||
	    (s = json_string_value(json_object_get(root, "site"))) == NULL ||
	    strcmp(s, site) != 0)
		goto out;
	if ((s = json_string_value(json_object_get(root, "fingerprint"))) ==
	    NULL || strcmp(s, fingerprint) != 0) {
		verdict = STAMP_INPUTS;
		goto out;
	}
	if (!get_int(root, "valid_from", &from) ||
	    !get_int(root, "valid_until", &until) ||
	    !get_int(root, "incidents", &v) || v < 0 ||
	    !get_int(root, "failed", &nfailed) || nfailed < 0)
		goto out;
	if (now < from || now >= until) {
		verdict = STAMP_TIME;
		goto out;
	}
	if ((s = json_string_value(json_object_get(root, "site_state"))) ==
	    NULL || fingerprint_site_state(outdir, state) < 0 ||
	    strcmp(s, state) != 0) {
		verdict = STAMP_SITE;
		goto out;
	}
	if (read_findings(root, &last->found) < 0) {
		diags_free(&last->found);
		goto out;
	}
	memcpy(last->fingerprint, fingerprint, FINGERPRINT_HEXSZ);
	last->valid_from = from;
	last->valid_until = until;
	last->nincidents = (size_t)v;
	last->nfailed = (size_t)nfailed;
	verdict = STAMP_UP_TO_DATE;
out:
	json_decref(root);
	free(data);
	free(path);
	free(site);
	git_libgit2_shutdown();
	return verdict;
}

const char *
stamp_verdict_text(stamp_verdict v)
{
	switch (v) {
	case STAMP_UP_TO_DATE: return "the site is up to date";
	case STAMP_NONE: return "no earlier build of this directory is known";
	case STAMP_INPUTS: return "the inputs changed since the last build";
	case STAMP_TIME: return "the date changed, or a time in a record "
	    "has come, since the last build";
	case STAMP_SITE: return "the site is missing or was changed since "
	    "the last build";
	}
	return "?";
}

/* The stamp s of the site at real path site, in state, as JSON; NULL
 * when a finding is not valid UTF-8. The caller frees it. */
static json_t *
stamp_json(const build_stamp *s, const char *site, const char *state)
{
	json_t *root, *found = json_array();
	bool ok = found != NULL;

	for (size_t i = 0; ok && i < s->found.n; i++) {
		const diag *x = &s->found.v[i];
		json_t *o;

		/* about the cache, which the next build finds in order */
		if (strcmp(x->rule, "history-cache") == 0)
			continue;
		o = json_pack("{s:s?,s:i,s:i,s:i,s:s,s:s}", "path", x->path,
		    "line", x->line, "col", x->col, "level", (int)x->level,
		    "rule", x->rule, "message", x->message);
		ok = o != NULL && json_array_append_new(found, o) == 0;
	}
	if (!ok) {
		json_decref(found);
		return NULL;
	}
	root = json_pack("{s:s,s:i,s:s,s:s,s:I,s:I,s:I,s:I,s:s,s:o}",
	    "format", STAMP_FORMAT, "version", STAMP_VERSION, "site", site,
	    "fingerprint", s->fingerprint,
	    "valid_from", (json_int_t)s->valid_from,
	    "valid_until", (json_int_t)s->valid_until,
	    "incidents", (json_int_t)s->nincidents,
	    "failed", (json_int_t)s->nfailed, "site_state", state,
	    "found", found);
	return root;
}

int
stamp_save(const char *repo_root, const char *outdir, const build_stamp *s,
    diags *d)
{
	char *site = NULL, *path = NULL, *text = NULL;
	char state[FINGERPRINT_HEXSZ];
	const char *why = NULL;
	json_t *root = NULL;
	int rc = -1;

	if (git_libgit2_init() < 0) {
		why = "libgit2 cannot start";
		goto out;
	}
	if ((site = realpath(outdir, NULL)) == NULL) {
		why = strerror(errno);
		goto out;
	}
	if (fingerprint_site_state(outdir, state) < 0) {
		why = "the site cannot be read back";
		goto out;
	}
	if ((path = stamp_path(repo_root, site)) == NULL) {
		why = "its name cannot be made";
		goto out;
	}
	if ((root = stamp_json(s, site, state)) == NULL ||
	    (text = json_dumps(root, JSON_COMPACT)) == NULL) {
		why = "a finding or the site's path is not valid UTF-8";
		goto out;
	}
	if ((why = state_dir(repo_root, STAMP_DIR)) != NULL)
		goto out;
	if (write_file_atomic(path, text, strlen(text)) < 0) {
		why = strerror(errno);
		goto out;
	}
	rc = 0;
out:
	if (why != NULL)
		diags_add(d, STAMP_DIR, 0, 0, DIAG_WARNING, "build-stamp",
		    "cannot record the build for the up-to-date check (%s); "
		    "the next build does all the work again", why);
	free(text);
	json_decref(root);
	free(path);
	free(site);
	git_libgit2_shutdown();
	return rc;
}

void
stamp_free(build_stamp *s)
{
	if (s == NULL)
		return;
	diags_free(&s->found);
}
