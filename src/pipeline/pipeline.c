/*
 * pipeline.c - the build stage, in the order of pipeline.h.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/parallel.h"
#include "check/check.h"
#include "lib/strmap.h"
#include "lib/util.h"
#include "model/overview.h"
#include "pipeline/pipeline.h"

/* Fewer records than this are checked on one thread. */
#define CHECK_MIN_SHARE 64

/* The records of one build being checked, by up to two threads. */
struct check_job {
	const site_model *s;
	const diags *loaded;   /* per record: the findings of loading it */
	diags *found;          /* per record: all its findings */
};

/* parallel_for's call for record i. */
static int
check_one(void *arg, size_t i, int t)
{
	struct check_job *job = arg;

	(void)t;
	check_findings(job->s->rec[i], &job->loaded[i], job->s->cfg,
	    job->s->now, &job->found[i]);
	return 0;
}

/*
 * Every record's findings (check_findings), one diags per record of s in
 * its order, on two threads when there are enough records. The findings
 * of loading, in d, are first handed to their records by path, so that
 * each record does not look through those of every other. The caller
 * frees each diags and the array.
 */
static diags *
check_all(const site_model *s, const diags *d)
{
	size_t cap = s->n ? s->n : 1, at;
	struct check_job job = { s, NULL, xcalloc(cap, sizeof(diags)) };
	diags *loaded = xcalloc(cap, sizeof(*loaded));
	strmap by_path = { 0 };

	for (at = 0; at < s->n; at++)
		strmap_put(&by_path, s->rec[at]->path, at);
	for (size_t k = 0; k < d->n; k++) {
		const diag *x = &d->v[k];

		if (x->path != NULL && strmap_get(&by_path, x->path, &at))
			diags_add(&loaded[at], x->path, x->line, x->col,
			    x->level, x->rule, "%s", x->message);
	}
	job.loaded = loaded;
	(void)parallel_for(s->n, CHECK_MIN_SHARE, check_one, &job);
	for (size_t i = 0; i < s->n; i++)
		diags_free(&loaded[i]);
	free(loaded);
	strmap_free(&by_path);
	return job.found;
}

site_model *
pipeline_run(const archive *a, const history *h, const config *cfg,
    const pipeline_opts *o, const diags *d)
{
	site_model *m = xcalloc(1, sizeof(*m));
	size_t cap = a->n ? a->n : 1;

	m->cfg = cfg;
	m->history = h;
	m->now = o->now;
	m->public = o->public;
	m->rec = xcalloc(cap, sizeof(*m->rec));
	m->names = xcalloc(cap, sizeof(*m->names));
	m->tl = xcalloc(cap, sizeof(*m->tl));
	for (size_t i = 0; i < a->n; i++)
		if (!a->v[i]->failed)
			m->rec[m->n++] = a->v[i];
	qsort(m->rec, m->n, sizeof(*m->rec), record_cmp_newest);
	/* the review is judged as written, before a public edition leaves
	 * anything out */
	m->found = check_all(m, d);
	if (m->public) {
		/* names are learnt from every record before any is redacted */
		m->rd = redactor_new(m->rec, m->n, h);
		for (size_t i = 0; i < m->n; i++) {
			m->names[i] = namemap_new(m->rd, m->rec[i]);
			m->rec[i] = redact_record(m->names[i], m->rec[i],
			    &cfg->internal_fields);
		}
	}
	/* every old version of every record is read here: on two threads */
	timeline_build_all(m->rec, m->n, h, cfg, m->tl);
	/* what history would have said but did not, told with the review */
	for (size_t i = 0; i < m->n; i++)
		check_derived(m->rec[i], m->tl[i], &m->found[i]);
	m->related = related_all(m->rec, m->n);
	m->metrics = metrics_compute(m->rec, m->tl, m->n, cfg, NULL, o->now);
	return m;
}

void
site_model_free(site_model *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		timeline_free(m->tl[i]);
		namemap_free(m->names[i]);
		diags_free(&m->found[i]);
		if (m->public)
			record_free(m->rec[i]);
	}
	related_free(m->related, m->n);
	metrics_free(m->metrics);
	redactor_free(m->rd);
	free(m->found);
	free(m->names);
	free(m->tl);
	free(m->rec);
	free(m);
}
