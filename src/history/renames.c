/*
 * renames.c - rename detection within one commit: a deletion and an
 * addition of the same blob are a rename; failing that, and only where a
 * followed record is involved, one of the same front-matter "id:" line or
 * of at least half of the lines identical.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "history/history.h"
#include "history/internal.h"
#include "lib/grow.h"
#include "lib/keyindex.h"

/* Beyond this many (addition, deletion) pairs in one commit, edited renames
 * are matched by their "id:" line only: comparing every pair is quadratic,
 * which is why git caps its rename detection too. */
#define PAIR_LIMIT	250000

/* What a rename candidate looks like, for pairing by similarity. */
typedef struct blobsig {
	char *idline;          /* the front matter's "id:" line, or NULL */
	uint64_t *lines;       /* hashes of the non-blank lines, sorted */
	size_t n;
} blobsig;

typedef struct pair_cand {
	unsigned score;
	size_t a, d;           /* indexes into the unpaired adds and deletes */
} pair_cand;

typedef struct candlist {
	pair_cand *v;
	size_t n, cap;
} candlist;

/* Make deletion d and addition a one rename. */
static void
pair_up(walker *w, size_t d, size_t a)
{
	w->deltas[d].kind = HIST_RENAMED;
	w->deltas[d].new_path = w->deltas[a].new_path;
	w->deltas[d].new_id = w->deltas[a].new_id;
	w->deltas[a].gone = true;
}

/* qsort order of line hashes. */
static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Read blob id into sig: its "id:" line and its non-blank line hashes. */
static int
blob_sig(walker *w, const git_oid *id, blobsig *sig)
{
	git_blob *b;
	const char *s, *end;
	git_object_size_t size;
	size_t cap = 0, lineno = 0;
	bool in_fm = false;

	memset(sig, 0, sizeof(*sig));
	if (git_blob_lookup(&b, w->repo, id) < 0) {
		char hex[GIT_OID_HEXSZ + 1];

		hist_oid_hex(hex, id);
		return hist_git_fail(w->d, "cannot read blob %s", hex);
	}
	size = git_blob_rawsize(b);
	s = git_blob_rawcontent(b);
	if (s == NULL || size > SIZE_MAX) {
		git_blob_free(b);
		return hist_git_fail(w->d, "cannot read a blob");
	}
	end = s + (size_t)size;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl != NULL ? nl : end;
		const char *t = e;

		while (t > s &&
		    (t[-1] == '\r' || t[-1] == ' ' || t[-1] == '\t'))
			t--;
		if (lineno == 0 && t - s == 3 && memcmp(s, "---", 3) == 0)
			in_fm = true;
		else if (in_fm && t - s == 3 && (memcmp(s, "---", 3) == 0 ||
		    memcmp(s, "...", 3) == 0))
			in_fm = false;
		else if (in_fm && sig->idline == NULL && t - s >= 3 &&
		    memcmp(s, "id:", 3) == 0)
			sig->idline = xstrndup(s, (size_t)(t - s));
		if (t > s) {
			sig->lines = xgrow(sig->lines, sig->n, &cap,
			    sizeof(*sig->lines), 64);
			sig->lines[sig->n++] = hash_fnv1a(s, (size_t)(t - s));
		}
		lineno++;
		s = nl != NULL ? nl + 1 : end;
	}
	git_blob_free(b);
	if (sig->n > 1)
		qsort(sig->lines, sig->n, sizeof(*sig->lines), cmp_u64);
	return 0;
}

/* Share of identical lines of a and b, in thousandths of the longer. */
static unsigned
line_score(const blobsig *a, const blobsig *b)
{
	size_t i = 0, j = 0, common = 0, most = a->n > b->n ? a->n : b->n;

	if (most == 0)
		return 0;
	while (i < a->n && j < b->n) {
		if (a->lines[i] == b->lines[j]) {
			common++;
			i++;
			j++;
		} else if (a->lines[i] < b->lines[j])
			i++;
		else
			j++;
	}
	return (unsigned)(common * 1000 / most);
}

/* Best rename candidates first; ties in tree order, so the result
 * never depends on qsort. */
static int
cmp_cand(const void *a, const void *b)
{
	const pair_cand *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return x->d < y->d ? -1 : x->d > y->d;
}

/* Note that addition a and deletion d may be one rename. */
static void
add_cand(candlist *l, unsigned score, size_t a, size_t d)
{
	l->v = xgrow(l->v, l->n, &l->cap, sizeof(*l->v), 16);
	l->v[l->n].score = score;
	l->v[l->n].a = a;
	l->v[l->n++].d = d;
}

/* Every pair of an addition of sa and a deletion of sd with the same "id:"
 * line or at least half of the lines identical. */
static void
cands_all_pairs(candlist *l, const blobsig *sa, size_t na,
    const blobsig *sd, size_t nd)
{
	for (size_t i = 0; i < na; i++)
		for (size_t k = 0; k < nd; k++) {
			bool same_id = sa[i].idline != NULL &&
			    sd[k].idline != NULL &&
			    strcmp(sa[i].idline, sd[k].idline) == 0;
			unsigned score = line_score(&sa[i], &sd[k]);

			if (same_id || score >= 500)
				add_cand(l, score + (same_id ? 1000 : 0), i, k);
		}
}

/* Too many pairs to compare: only those with the same "id:" line, found
 * through an index of the deletions' lines. */
static void
cands_by_idline(candlist *l, const blobsig *sa, size_t na,
    const blobsig *sd, size_t nd)
{
	keyindex ix = { 0 };

	for (size_t k = 0; k < nd; k++)
		if (sd[k].idline != NULL)
			keyindex_add(&ix, sd[k].idline, strlen(sd[k].idline),
			    k);
	keyindex_sort(&ix);
	for (size_t i = 0; i < na; i++) {
		const size_t *dels;
		size_t n;

		if (sa[i].idline == NULL)
			continue;
		dels = keyindex_get(&ix, sa[i].idline, strlen(sa[i].idline),
		    &n);
		for (size_t k = 0; k < n; k++)
			add_cand(l, 1000, i, dels[k]);
	}
	keyindex_free(&ix);
}

/* Free the n signatures of v, and v. */
static void
blobsigs_free(blobsig *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		free(v[i].idline);
		free(v[i].lines);
	}
	free(v);
}

/*
 * Pair the unpaired additions adds[0..na) with the deletions dels[0..nd)
 * by content: the same front-matter "id:" line, or at least half of the
 * lines identical. Best scores pair first.
 */
static int
pair_similar(walker *w, const size_t *adds, size_t na, const size_t *dels,
    size_t nd)
{
	blobsig *sa = xcalloc(na, sizeof(*sa)), *sd = xcalloc(nd, sizeof(*sd));
	candlist cand = { 0 };
	bool *a_done = xcalloc(na, sizeof(*a_done));
	bool *d_done = xcalloc(nd, sizeof(*d_done));
	int rc = -1;

	for (size_t i = 0; i < na; i++)
		if (blob_sig(w, &w->deltas[adds[i]].new_id, &sa[i]) < 0)
			goto out;
	for (size_t i = 0; i < nd; i++)
		if (blob_sig(w, &w->deltas[dels[i]].old_id, &sd[i]) < 0)
			goto out;
	if (na * nd <= PAIR_LIMIT)
		cands_all_pairs(&cand, sa, na, sd, nd);
	else
		cands_by_idline(&cand, sa, na, sd, nd);
	if (cand.n > 1)
		qsort(cand.v, cand.n, sizeof(*cand.v), cmp_cand);
	for (size_t i = 0; i < cand.n; i++) {
		const pair_cand *c = &cand.v[i];

		if (!a_done[c->a] && !d_done[c->d]) {
			a_done[c->a] = d_done[c->d] = true;
			pair_up(w, dels[c->d], adds[c->a]);
		}
	}
	rc = 0;
out:
	blobsigs_free(sa, na);
	blobsigs_free(sd, nd);
	free(cand.v);
	free(a_done);
	free(d_done);
	return rc;
}

/*
 * Pair each addition with the first deletion, in tree order, of the same
 * blob that is not paired yet (pair_up makes it a rename): an index of the
 * deletions by blob id finds them.
 */
static void
pair_identical(walker *w)
{
	keyindex ix = { 0 };

	for (size_t i = 0; i < w->ndeltas; i++)
		if (w->deltas[i].kind == HIST_DELETED)
			keyindex_add(&ix, w->deltas[i].old_id.id,
			    sizeof(w->deltas[i].old_id.id), i);
	keyindex_sort(&ix);
	for (size_t i = 0; i < w->ndeltas; i++) {
		const size_t *dels;
		size_t n, k = 0;

		if (w->deltas[i].kind != HIST_ADDED)
			continue;
		dels = keyindex_get(&ix, w->deltas[i].new_id.id,
		    sizeof(w->deltas[i].new_id.id), &n);
		while (k < n && w->deltas[dels[k]].kind != HIST_DELETED)
			k++;
		if (k < n)
			pair_up(w, dels[k], i);
	}
	keyindex_free(&ix);
}

/*
 * Turn deletion + addition pairs of this commit into renames: identical
 * blobs first, then, while both kinds remain and one of them leads to a
 * record, by similarity. Pairing that touches no followed path would change
 * nothing, so its blobs are not read.
 */
int
hist_pair_renames(walker *w)
{
	size_t na = 0, nd = 0, *adds = NULL, *dels = NULL;
	bool wanted = false;
	int rc = -1;

	for (size_t i = 0; i < w->ndeltas; i++) {
		na += w->deltas[i].kind == HIST_ADDED;
		nd += w->deltas[i].kind == HIST_DELETED;
	}
	if (na == 0 || nd == 0)
		return 0;
	pair_identical(w);
	adds = xcalloc(na, sizeof(*adds));
	dels = xcalloc(nd, sizeof(*dels));
	na = nd = 0;
	for (size_t i = 0; i < w->ndeltas; i++) {
		const delta *x = &w->deltas[i];
		size_t r;

		if (x->kind == HIST_ADDED && !x->gone) {
			adds[na++] = i;
			wanted = wanted ||
			    strmap_get(&w->map, delta_new(w, x), &r);
		} else if (x->kind == HIST_DELETED) {
			dels[nd++] = i;
			wanted = wanted ||
			    strmap_get(&w->map, delta_old(w, x), &r);
		}
	}
	if (na > 0 && nd > 0 && wanted &&
	    pair_similar(w, adds, na, dels, nd) < 0)
		goto out;
	rc = 0;
out:
	free(adds);
	free(dels);
	return rc;
}
