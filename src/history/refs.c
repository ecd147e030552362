/*
 * refs.c - commit references: the incident ids a commit names in its
 * subject or in "Incident:" trailers, found by binary search among the
 * ids of the records; and the index from each id to the commits that
 * name it.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "history/history.h"
#include "history/internal.h"
#include "lib/grow.h"
#include "lib/keyindex.h"

size_t
hist_find_id(const walker *w, const char *s, size_t n)
{
	size_t lo = 0, hi = w->nids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(s, w->ids[mid], n);

		if (c == 0 && w->ids[mid][n] != '\0')
			c = -1;
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return SIZE_MAX;
}

/* Note that the commit names w->ids[idx]; SIZE_MAX (no id) is ignored. */
static void
add_ref(walker *w, size_t idx)
{
	if (idx == SIZE_MAX)
		return;
	w->refs = xgrow(w->refs, w->nrefs, &w->caprefs, sizeof(*w->refs), 8);
	w->refs[w->nrefs++] = idx;
}

/* Whether c can be part of an id in a subject: [A-Za-z0-9._-]. */
static bool
is_word_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Whether s contains word, ignoring ASCII case. */
static bool
has_ci(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++) {
		size_t i = 0;

		while (i < n && s[i] != '\0' &&
		    (s[i] | 0x20) == (word[i] | 0x20))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* qsort order of size_t values. */
static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The ids named are "Incident:" trailers (comma-separated values allowed)
 * and whole words of the subject; only ids in w->ids count. */
int
hist_commit_refs(walker *w, const git_commit *c)
{
	const char *msg = git_commit_message(c), *s;
	git_message_trailer_array arr = { 0 };
	size_t o = 0;

	w->nrefs = 0;
	if (w->nids == 0 || msg == NULL)
		return 0;
	for (s = msg; *s != '\0' && *s != '\n';) {
		size_t n = 0, idx;

		while (is_word_char(s[n]))
			n++;
		if (n == 0) {
			s++;
			continue;
		}
		idx = hist_find_id(w, s, n);
		/* "Fixes INC-7." ends a sentence: the dot is not the id's */
		while (idx == SIZE_MAX && n > 1 && s[n - 1] == '.')
			idx = hist_find_id(w, s, --n);
		add_ref(w, idx);
		while (is_word_char(*s))
			s++;
	}
	/* most messages have no trailer of ours; skip parsing them */
	if (has_ci(msg, "incident")) {
		if (git_message_trailers(&arr, msg) < 0)
			return hist_git_fail(w->d,
			    "cannot read commit trailers");
		for (size_t i = 0; i < arr.count; i++) {
			const char *v = arr.trailers[i].value;

			if (arr.trailers[i].key == NULL || v == NULL ||
			    ascii_strcasecmp(arr.trailers[i].key,
			    "Incident") != 0)
				continue;
			while (*v != '\0') {
				size_t n = strcspn(v, ","), b = 0, e = n;

				while (b < e && (v[b] == ' ' || v[b] == '\t'))
					b++;
				while (e > b && (v[e - 1] == ' ' ||
				    v[e - 1] == '\t' || v[e - 1] == '\r' ||
				    v[e - 1] == '\n'))
					e--;
				if (e > b)
					add_ref(w,
					    hist_find_id(w, v + b, e - b));
				v += n;
				if (*v == ',')
					v++;
			}
		}
		git_message_trailer_array_free(&arr);
	}
	if (w->nrefs > 1)
		qsort(w->refs, w->nrefs, sizeof(*w->refs), cmp_size);
	for (size_t i = 0; i < w->nrefs; i++)
		if (o == 0 || w->refs[o - 1] != w->refs[i])
			w->refs[o++] = w->refs[i];
	w->nrefs = o;
	return 0;
}

/*
 * Group the commits by the ids their refs name, so that each record finds
 * its related commits without scanning every commit: that scan, once per
 * record, grew with records times commits.
 */
void
hist_index_refs(history *h)
{
	keyindex_free(&h->related);
	for (size_t i = 0; i < h->ncommits; i++)
		for (size_t j = 0; j < h->commits[i].refs.n; j++)
			keyindex_add(&h->related, h->commits[i].refs.v[j],
			    strlen(h->commits[i].refs.v[j]), i);
	keyindex_sort(&h->related);
}

/* qsort order of string pointers. */
static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
hist_refs_init(walker *w, const strlist *ids)
{
	buf b = { 0 };
	size_t o = 0;
	int rc = 0;

	/* sorted and unique, for bsearch from every subject word */
	w->ids = xcalloc(ids->n, sizeof(*w->ids));
	for (size_t i = 0; i < ids->n; i++)
		w->ids[i] = ids->v[i];
	if (ids->n > 1)
		qsort(w->ids, ids->n, sizeof(*w->ids), cmp_strp);
	for (size_t i = 0; i < ids->n; i++)
		if (w->ids[i][0] != '\0' &&
		    (o == 0 || strcmp(w->ids[o - 1], w->ids[i]) != 0))
			w->ids[o++] = w->ids[i];
	w->nids = o;
	/* the cache is for these ids only: its key holds their hash */
	buf_add(&b, "", 0);
	for (size_t i = 0; i < w->nids; i++) {
		buf_adds(&b, w->ids[i]);
		buf_addc(&b, '\n');
	}
	if (git_odb_hash(&w->ids_hash, b.data, b.len, GIT_OBJECT_BLOB) < 0)
		rc = hist_git_fail(w->d, "cannot hash the incident ids");
	buf_free(&b);
	return rc;
}
