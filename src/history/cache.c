/*
 * cache.c - the history cache, .aftermath/history-cache.json: the result
 * of the walk for one HEAD, read back so that the next walk stops there,
 * and written again after a walk. A cache that is damaged or foreign is
 * ignored with a warning; one for other records or settings silently.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <git2.h>
#include <jansson.h>

#include "lib/files.h"
#include "history/history.h"
#include "history/internal.h"
#include "lib/keyindex.h"

#define CACHE_FORMAT	"aftermath-history-cache"
#define CACHE_VERSION	1
#define CACHE_DIR	".aftermath"
#define CACHE_FILE	".aftermath/history-cache.json"
/* A cache larger than this was not written by us. */
#define CACHE_MAX	((size_t)1 << 30)
/* Author offsets are [+-]hhmm in a commit, so never this far from zero. */
#define MAX_OFFSET	6000

/* The cache must agree with the repository there, and hold every path
 * that a followed record has at that point. */
bool
hist_cache_fits(walker *w, const history *cached, const chain *cc)
{
	bool has = chain_full(w, cc);

	if (has != cached->has_tree ||
	    (has && !git_oid_equal(&cc->ids[w->comps.n], &cached->tree))) {
		diags_add(w->d, CACHE_FILE, 0, 0, DIAG_WARNING, "history-cache",
		    "ignoring the history cache: it does not match the "
		    "repository at its commit; walking the whole history");
		return false;
	}
	for (size_t i = 0; i < w->map.cap; i++)
		if (w->map.keys[i] != NULL &&
		    history_record(cached, w->map.keys[i]) == NULL)
			return false;
	return true;
}

/* The string at index i of JSON array a, or NULL. */
static const char *
jstr(const json_t *a, size_t i)
{
	return json_string_value(json_array_get(a, i));
}

/* The integer at index i of JSON array a; false when it is none. */
static bool
jint(const json_t *a, size_t i, json_int_t *v)
{
	const json_t *x = json_array_get(a, i);

	if (!json_is_integer(x))
		return false;
	*v = json_integer_value(x);
	return true;
}

/* A nullable string at index i of a: true and *s set (NULL for null). */
static bool
jstr_or_null(const json_t *a, size_t i, const char **s)
{
	const json_t *x = json_array_get(a, i);

	if (json_is_null(x)) {
		*s = NULL;
		return true;
	}
	*s = json_string_value(x);
	return *s != NULL && (*s)[0] != '\0';
}

/* Letters for hist_kind in the cache file. */
static const char kind_letters[] = "AMDR";

/* Fill c's commits from the cache's list; NULL, or what is wrong. */
static const char *
load_commits(history *c, const json_t *commits, const walker *w)
{
	c->ncommits = json_array_size(commits);
	c->commits = xcalloc(c->ncommits, sizeof(*c->commits));
	c->raw = xcalloc(c->ncommits, sizeof(*c->raw));
	for (size_t i = 0; i < c->ncommits; i++) {
		const json_t *e = json_array_get(commits, i), *refs;
		const char *id, *name, *email, *subject;
		json_int_t t, off;
		hist_commit *hc = &c->commits[i];
		size_t last = SIZE_MAX;

		if (!json_is_array(e) || json_array_size(e) != 7 ||
		    (id = jstr(e, 0)) == NULL || !hist_is_hex_id(id) ||
		    (name = jstr(e, 1)) == NULL ||
		    (email = jstr(e, 2)) == NULL || !jint(e, 3, &t) ||
		    !jint(e, 4, &off) || off < -MAX_OFFSET ||
		    off > MAX_OFFSET || (subject = jstr(e, 5)) == NULL ||
		    !json_is_array(refs = json_array_get(e, 6)))
			return "a commit is malformed";
		memcpy(hc->id, id, sizeof(hc->id));
		hc->time = (int64_t)t;
		hc->offset = (int)off;
		hc->subject = xstrdup(subject);
		c->raw[i].name = xstrdup(name);
		c->raw[i].email = xstrdup(email);
		/* the mailmap may have changed since: apply today's */
		hist_resolve_author(w, name, email, &hc->author, &hc->email);
		for (size_t k = 0; k < json_array_size(refs); k++) {
			const char *ref = jstr(refs, k);
			size_t idx = ref != NULL ?
			    hist_find_id(w, ref, strlen(ref)) : SIZE_MAX;

			if (idx == SIZE_MAX ||
			    (last != SIZE_MAX && idx <= last))
				return "a commit names unknown incidents";
			last = idx;
			strlist_add(&hc->refs, ref);
		}
	}
	return NULL;
}

/* Fill c's records from the cache's list; NULL, or what is wrong. */
static const char *
load_records(history *c, const json_t *records)
{
	c->nrecords = json_array_size(records);
	c->records = xcalloc(c->nrecords, sizeof(*c->records));
	for (size_t i = 0; i < c->nrecords; i++) {
		const json_t *e = json_array_get(records, i), *chs;
		hist_record *hr = &c->records[i];
		const char *p;
		size_t last = 0;

		if (!json_is_array(e) || json_array_size(e) != 2 ||
		    (p = jstr(e, 0)) == NULL || p[0] == '\0' ||
		    !json_is_array(chs = json_array_get(e, 1)))
			return "a record is malformed";
		hr->path = xstrdup(p);
		hr->changes = xcalloc(json_array_size(chs),
		    sizeof(*hr->changes));
		for (size_t k = 0; k < json_array_size(chs); k++) {
			const json_t *ce = json_array_get(chs, k);
			hist_change *ch = &hr->changes[k];
			const char *kind, *op, *np, *ob, *nb, *letter;
			json_int_t ci;

			if (!json_is_array(ce) || json_array_size(ce) != 6 ||
			    !jint(ce, 0, &ci) || ci < 0 ||
			    (json_int_t)c->ncommits <= ci ||
			    (size_t)ci < last ||
			    (kind = jstr(ce, 1)) == NULL ||
			    strlen(kind) != 1 || (letter = strchr(kind_letters,
			    kind[0])) == NULL ||
			    !jstr_or_null(ce, 2, &op) ||
			    !jstr_or_null(ce, 3, &np) ||
			    (ob = jstr(ce, 4)) == NULL ||
			    (nb = jstr(ce, 5)) == NULL)
				return "a change is malformed";
			ch->kind = (hist_kind)(letter - kind_letters);
			/* what each kind has and lacks, as walked */
			if ((op == NULL) != (ch->kind == HIST_ADDED) ||
			    (np == NULL) != (ch->kind == HIST_DELETED) ||
			    (ob[0] == '\0') != (ch->kind == HIST_ADDED) ||
			    (nb[0] == '\0') != (ch->kind == HIST_DELETED) ||
			    (ob[0] != '\0' && !hist_is_hex_id(ob)) ||
			    (nb[0] != '\0' && !hist_is_hex_id(nb)))
				return "a change is inconsistent";
			ch->commit = (size_t)ci;
			last = ch->commit;
			ch->old_path = op != NULL ? xstrdup(op) : NULL;
			ch->path = np != NULL ? xstrdup(np) : NULL;
			memcpy(ch->old_blob, ob, strlen(ob) + 1);
			memcpy(ch->new_blob, nb, strlen(nb) + 1);
			hr->nchanges++;
		}
	}
	return NULL;
}

/*
 * Load repo_root's cache. Returns the cached history (free with
 * history_free) when it is ours, for this key, and sound in every field.
 * Otherwise NULL: with a "history-cache" warning when it is damaged or
 * foreign, silently when there is none or it is for other ids or settings.
 *
 * Layout (version 1): an object with "format", "version", the key ("dir",
 * "ids", "shallow"), "head", "tree" ("" when none), "truncated", "depth",
 * "commits": [[id, name, email, time, offset, subject, [refs]], ...] with
 * names as committed, and "records": [[path, [[commit, kind letter,
 * old_path|null, path|null, old_blob, new_blob], ...]], ...].
 */
history *
hist_cache_load(const char *repo_root, walker *w)
{
	char *dirpath = xasprintf("%s/" CACHE_DIR, repo_root);
	char *path = xasprintf("%s/" CACHE_FILE, repo_root);
	char *data = NULL, idshex[GIT_OID_HEXSZ + 1], shhex[GIT_OID_HEXSZ + 1];
	const char *why = NULL, *s, *dir, *ids, *sh;
	json_t *root = NULL, *commits, *records, *x;
	json_error_t jerr;
	history *c = NULL;
	struct stat st;
	size_t len;

	if (lstat(dirpath, &st) < 0) {
		if (errno != ENOENT)
			why = strerror(errno);
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		why = CACHE_DIR " is not a directory";
		goto out;
	}
	if (read_file(path, CACHE_MAX, &data, &len) < 0) {
		if (errno != ENOENT)
			why = errno == EFBIG ? "it is too large" :
			    strerror(errno);
		goto out;
	}
	if ((root = json_loadb(data, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL) {
		why = "it is not valid JSON";
		goto out;
	}
	if (!json_is_object(root) || (s = json_string_value(
	    json_object_get(root, "format"))) == NULL ||
	    strcmp(s, CACHE_FORMAT) != 0) {
		why = "it is not an aftermath history cache";
		goto out;
	}
	x = json_object_get(root, "version");
	if (!json_is_integer(x) || json_integer_value(x) != CACHE_VERSION) {
		why = "it has another format version";
		goto out;
	}
	dir = json_string_value(json_object_get(root, "dir"));
	ids = json_string_value(json_object_get(root, "ids"));
	sh = json_string_value(json_object_get(root, "shallow"));
	if (dir == NULL || ids == NULL || sh == NULL) {
		why = "its key is malformed";
		goto out;
	}
	hist_oid_hex(idshex, &w->ids_hash);
	if (w->has_shallow)
		hist_oid_hex(shhex, &w->shallow_hash);
	else
		shhex[0] = '\0';
	/* a cache for other records or settings is stale, not broken */
	if (strcmp(dir, w->dir) != 0 || strcmp(ids, idshex) != 0 ||
	    strcmp(sh, shhex) != 0)
		goto out;

	c = xcalloc(1, sizeof(*c));
	s = json_string_value(json_object_get(root, "head"));
	if (s == NULL || !hist_is_hex_id(s) ||
	    git_oid_fromstr(&c->head, s) < 0) {
		why = "its HEAD is malformed";
		goto out;
	}
	s = json_string_value(json_object_get(root, "tree"));
	c->has_tree = s != NULL && s[0] != '\0';
	if (s == NULL || (c->has_tree && (!hist_is_hex_id(s) ||
	    git_oid_fromstr(&c->tree, s) < 0))) {
		why = "its tree is malformed";
		goto out;
	}
	x = json_object_get(root, "truncated");
	if (!json_is_boolean(x)) {
		why = "'truncated' is malformed";
		goto out;
	}
	c->truncated = json_is_true(x);
	x = json_object_get(root, "depth");
	if (!json_is_integer(x) || json_integer_value(x) < 0) {
		why = "'depth' is malformed";
		goto out;
	}
	c->depth = (size_t)json_integer_value(x);
	commits = json_object_get(root, "commits");
	records = json_object_get(root, "records");
	if (!json_is_array(commits) || !json_is_array(records)) {
		why = "its lists are malformed";
		goto out;
	}

	if ((why = load_commits(c, commits, w)) != NULL ||
	    (why = load_records(c, records)) != NULL)
		goto out;
	hist_index_records(c);
	for (size_t i = 0; i < c->nrecords; i++) {
		size_t n;

		(void)keyindex_get(&c->by_path, c->records[i].path,
		    strlen(c->records[i].path), &n);
		if (n > 1) {
			why = "a record is listed twice";
			goto out;
		}
	}
out:
	if (why != NULL) {
		diags_add(w->d, CACHE_FILE, 0, 0, DIAG_WARNING, "history-cache",
		    "ignoring the history cache: %s; walking the whole history",
		    why);
		history_free(c);
		c = NULL;
	}
	json_decref(root);
	free(data);
	free(path);
	free(dirpath);
	return c;
}

/* Set o[key] to v, taking v; false on failure (v NULL for lack of memory
 * or a string that is not UTF-8). */
static bool
jset(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v) == 0;
}

/* Append v to a, taking v; false on failure. */
static bool
jpush(json_t *a, json_t *v)
{
	return json_array_append_new(a, v) == 0;
}

/* The cache document for h, or NULL when it cannot be built. */
static json_t *
cache_json(const history *h, const walker *w)
{
	json_t *root = json_object(), *commits = json_array();
	json_t *records = json_array();
	char hex[GIT_OID_HEXSZ + 1];
	bool ok = root != NULL && commits != NULL && records != NULL;

	hist_oid_hex(hex, &w->ids_hash);
	ok = ok && jset(root, "format", json_string(CACHE_FORMAT)) &&
	    jset(root, "version", json_integer(CACHE_VERSION)) &&
	    jset(root, "dir", json_string(w->dir)) &&
	    jset(root, "ids", json_string(hex));
	if (w->has_shallow)
		hist_oid_hex(hex, &w->shallow_hash);
	else
		hex[0] = '\0';
	ok = ok && jset(root, "shallow", json_string(hex));
	hist_oid_hex(hex, &h->head);
	ok = ok && jset(root, "head", json_string(hex));
	if (h->has_tree)
		hist_oid_hex(hex, &h->tree);
	else
		hex[0] = '\0';
	ok = ok && jset(root, "tree", json_string(hex)) &&
	    jset(root, "truncated", json_boolean(h->truncated)) &&
	    jset(root, "depth", json_integer((json_int_t)h->depth));
	for (size_t i = 0; ok && i < h->ncommits; i++) {
		const hist_commit *hc = &h->commits[i];
		json_t *refs = json_array();

		ok = refs != NULL;
		for (size_t k = 0; ok && k < hc->refs.n; k++)
			ok = jpush(refs, json_string(hc->refs.v[k]));
		ok = ok && jpush(commits, json_pack("[sssIIsO]", hc->id,
		    h->raw[i].name, h->raw[i].email, (json_int_t)hc->time,
		    (json_int_t)hc->offset, hc->subject, refs));
		json_decref(refs);
	}
	for (size_t r = 0; ok && r < h->nrecords; r++) {
		const hist_record *hr = &h->records[r];
		char *key = hist_norm_path(hr->path);
		json_t *chs = json_array();
		size_t first;

		ok = chs != NULL;
		/* a path asked for twice is kept once */
		if (!strmap_get(&w->req, key, &first) || first != r) {
			free(key);
			json_decref(chs);
			continue;
		}
		for (size_t k = 0; ok && k < hr->nchanges; k++) {
			const hist_change *ch = &hr->changes[k];
			char kind[2] = { kind_letters[ch->kind], '\0' };

			ok = jpush(chs, json_pack("[Iss?s?ss]",
			    (json_int_t)ch->commit, kind, ch->old_path,
			    ch->path, ch->old_blob, ch->new_blob));
		}
		ok = ok && jpush(records, json_pack("[sO]", key, chs));
		json_decref(chs);
		free(key);
	}
	if (ok) {
		/* jset takes its value even when it fails */
		bool have_commits = jset(root, "commits", commits);

		ok = jset(root, "records", records) && have_commits;
		commits = records = NULL;
	}
	/* what was not handed to root: before, a failure left both to leak */
	json_decref(commits);
	json_decref(records);
	if (!ok) {
		json_decref(root);
		root = NULL;
	}
	return root;
}

/* json_dump_callback sink: append to the buf at data. */
static int
dump_to_buf(const char *s, size_t n, void *data)
{
	buf_add(data, s, n);
	return 0;
}

/* Written to a temporary file in the same directory and renamed into
 * place, so a reader never sees half a cache. Failure is only a warning:
 * the cache only saves time. */
void
hist_cache_write(const char *repo_root, const history *h,
    const walker *w)
{
	char *path = xasprintf("%s/" CACHE_FILE, repo_root);
	const char *why;
	json_t *root = NULL;
	buf text = { 0 };

	/* git never shows the cache as a change */
	if ((why = state_dir(repo_root, CACHE_DIR)) != NULL) {
		diags_add(w->d, CACHE_FILE, 0, 0, DIAG_WARNING, "history-cache",
		    "cannot write the history cache (%s: %s); the next run "
		    "walks the whole history again", CACHE_DIR, why);
		why = NULL;
		goto out;
	}
	if ((root = cache_json(h, w)) == NULL) {
		why = "a name or path is not valid UTF-8";
		goto out;
	}
	/* json_dumpfd writes token by token, a system call each */
	if (json_dump_callback(root, dump_to_buf, &text, JSON_COMPACT) < 0) {
		why = "cannot serialise it";
		goto out;
	}
	if (write_file_atomic(path, text.data, text.len) < 0)
		why = strerror(errno);
out:
	if (why != NULL)
		diags_add(w->d, CACHE_FILE, 0, 0, DIAG_WARNING, "history-cache",
		    "cannot write the history cache (%s); the next run walks "
		    "the whole history again", why);
	json_decref(root);
	buf_free(&text);
	free(path);
}

