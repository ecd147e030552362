/*
 * related.c - which incidents are related to which: those that name the
 * same services and tags. An index of who names what keeps it linear in
 * the names shared, not quadratic in the archive (docs/performance.md).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/parallel.h"
#include "lib/util.h"
#include "pipeline/related.h"

/* Fewer incidents than this are related on one thread. */
#define RELATED_MIN_SHARE 64

/* One candidate for the related incidents of a page. */
struct relation {
	size_t j;              /* index in the site, newest first */
	size_t overlap;
};

/* Most shared names first, then newer first. */
static int
cmp_relation(const void *pa, const void *pb)
{
	const struct relation *a = pa, *b = pb;

	if (a->overlap != b->overlap)
		return a->overlap > b->overlap ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

/* Names in both a and b, appended to shared. */
static size_t
overlap(const strlist *a, const strlist *b, strlist *shared)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n; i++)
		if (strlist_has(b, a->v[i]) && !strlist_has(shared, a->v[i])) {
			strlist_add(shared, a->v[i]);
			n++;
		}
	return n;
}

/* One incident naming one service or tag. */
struct posting {
	const char *name;      /* borrowed from the record */
	size_t j;              /* index in the site */
};

/* By name, then by index. */
static int
cmp_posting(const void *pa, const void *pb)
{
	const struct posting *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	if (c != 0)
		return c;
	return a->j < b->j ? -1 : a->j > b->j;
}

/* What one thread counts with while it finds related incidents. */
typedef struct relcount {
	size_t *count;         /* per incident: names shared with the page */
	size_t *stamp;         /* per incident: the last name counted */
	size_t *touched;       /* the incidents counted, in order */
	size_t serial;
} relcount;

/* Which incidents name which service and which tag, so that finding an
 * incident's related ones costs the incidents it shares a name with,
 * not every incident of the archive; and each thread's counters.
 * Borrows the records' names; free with relindex_free. */
typedef struct relindex {
	struct posting *svc, *tag;
	size_t nsvc, ntag;
	relcount t[2];         /* per thread of parallel_for */
} relindex;

/* The names of an incident the index is built from. */
static const strlist *
names_of(const record *r, bool tags)
{
	return tags ? &r->tags : &r->services;
}

/* The postings of every incident's tags (or services), sorted. */
static struct posting *
postings(record *const *rec, size_t nrec, bool tags, size_t *n)
{
	size_t cap = 0, m = 0;
	struct posting *v;

	for (size_t j = 0; j < nrec; j++)
		cap += names_of(rec[j], tags)->n;
	v = xcalloc(cap ? cap : 1, sizeof(*v));
	for (size_t j = 0; j < nrec; j++) {
		const strlist *l = names_of(rec[j], tags);

		for (size_t k = 0; k < l->n; k++)
			v[m++] = (struct posting){ l->v[k], j };
	}
	qsort(v, m, sizeof(*v), cmp_posting);
	*n = m;
	return v;
}

/* Fill ri for the incidents rec[0..n). */
static void
relindex_init(relindex *ri, record *const *rec, size_t n)
{
	size_t cap = n ? n : 1;

	ri->svc = postings(rec, n, false, &ri->nsvc);
	ri->tag = postings(rec, n, true, &ri->ntag);
	for (int t = 0; t < 2; t++) {
		ri->t[t].count = xcalloc(cap, sizeof(size_t));
		ri->t[t].stamp = xcalloc(cap, sizeof(size_t));
		ri->t[t].touched = xcalloc(cap, sizeof(size_t));
		ri->t[t].serial = 0;
	}
}

static void
relindex_free(relindex *ri)
{
	free(ri->svc);
	free(ri->tag);
	for (int t = 0; t < 2; t++) {
		free(ri->t[t].count);
		free(ri->t[t].stamp);
		free(ri->t[t].touched);
	}
}

/* Count name once more in rc for every incident other than i that has
 * it in v (n postings), under rc's current serial; the incidents counted
 * the first time are appended to rc->touched (*m of them). */
static void
relindex_count(relcount *rc, const struct posting *v, size_t n,
    const char *name, size_t i, size_t *m)
{
	size_t lo = 0, hi = n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the run's end by a second search, not a compare per posting:
	 * a common service has thousands */
	for (end = lo, hi = n; end < hi;) {
		size_t mid = end + (hi - end) / 2;

		if (strcmp(v[mid].name, name) <= 0)
			end = mid + 1;
		else
			hi = mid;
	}
	for (; lo < end; lo++) {
		size_t j = v[lo].j;

		if (j == i || rc->stamp[j] == rc->serial)
			continue;
		rc->stamp[j] = rc->serial;
		if (rc->count[j]++ == 0)
			rc->touched[(*m)++] = j;
	}
}

/* The related incidents of rec[i] into *out: those sharing most services
 * and tags with it (newer first among equals), at most RELATED_MAX, each
 * with the names shared. A name counts once per incident, when both name
 * it as a service or both as a tag. Counts with ri's counters of thread t
 * and only reads the records, so two threads may run it. */
static void
related_find(record *const *rec, relindex *ri, size_t i, int t,
    related_list *out)
{
	const record *r = rec[i];
	relcount *rc = &ri->t[t];
	struct relation best[RELATED_MAX];
	strlist seen = { 0 };
	size_t m = 0, nbest = 0;

	for (int pass = 0; pass < 2; pass++) {
		const strlist *l = names_of(r, pass == 1);

		for (size_t k = 0; k < l->n; k++) {
			const char *name = l->v[k];

			if (strlist_has(&seen, name))
				continue;
			strlist_add(&seen, name);
			rc->serial++;
			if (strlist_has(&r->services, name))
				relindex_count(rc, ri->svc, ri->nsvc, name, i,
				    &m);
			if (strlist_has(&r->tags, name))
				relindex_count(rc, ri->tag, ri->ntag, name, i,
				    &m);
		}
	}
	strlist_free(&seen);
	/* the first RELATED_MAX in cmp_relation's order, by insertion */
	for (size_t x = 0; x < m; x++) {
		struct relation c = { rc->touched[x],
		    rc->count[rc->touched[x]] };
		size_t at = nbest;

		rc->count[rc->touched[x]] = 0;
		while (at > 0 && cmp_relation(&c, &best[at - 1]) < 0)
			at--;
		if (at >= RELATED_MAX)
			continue;
		if (nbest < RELATED_MAX)
			nbest++;
		memmove(&best[at + 1], &best[at],
		    (nbest - 1 - at) * sizeof(*best));
		best[at] = c;
	}
	out->n = nbest;
	for (size_t k = 0; k < nbest; k++) {
		strlist shared = { 0 };
		buf text = { 0 };

		overlap(&r->services, &rec[best[k].j]->services, &shared);
		overlap(&r->tags, &rec[best[k].j]->tags, &shared);
		for (size_t x = 0; x < shared.n; x++)
			buf_addf(&text, "%s%s", x ? ", " : "", shared.v[x]);
		out->v[k].j = best[k].j;
		out->v[k].shared = buf_detach(&text);
		strlist_free(&shared);
	}
}

/* The records and index of one run of related_all, shared by its
 * threads; each incident's result goes to its own slot. */
struct related_job {
	record *const *rec;
	relindex ri;
	related_list *out;
};

/* parallel_for's call for incident i. */
static int
related_one(void *arg, size_t i, int t)
{
	struct related_job *job = arg;

	related_find(job->rec, &job->ri, i, t, &job->out[i]);
	return 0;
}

related_list *
related_all(record *const *rec, size_t n)
{
	struct related_job job = { .rec = rec };

	job.out = xcalloc(n ? n : 1, sizeof(*job.out));
	relindex_init(&job.ri, rec, n);
	(void)parallel_for(n, RELATED_MIN_SHARE, related_one, &job);
	relindex_free(&job.ri);
	return job.out;
}

void
related_free(related_list *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < v[i].n; k++)
			free(v[i].v[k].shared);
	free(v);
}
