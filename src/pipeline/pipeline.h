/*
 * pipeline.h - the build stage: from the records as loaded to the site
 * model that rendering turns into pages.
 *
 *     archive (load/) + history (history/)
 *       -> the records to publish, newest first
 *       -> each record's findings (check/), judged as written
 *       -> public editions: a redacted copy of each record (redact/)
 *       -> each record's merged timeline (history/timeline.h)
 *       -> each record's related incidents (related.h)
 *       -> the figures of the archive (metrics/)
 *
 * The model is read-only once made: rendering only reads it, so pages
 * can be written on two threads. Nothing here prints.
 */
#ifndef AM_PIPELINE_H
#define AM_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "history/history.h"
#include "history/timeline.h"
#include "lib/diag.h"
#include "metrics/metrics.h"
#include "load/load.h"
#include "model/config.h"
#include "model/record.h"
#include "pipeline/related.h"
#include "redact/redact.h"

typedef struct site_model {
	const config *cfg;
	const history *history; /* NULL when there is none */
	int64_t now;           /* "as of" time for overdue marks */
	bool public;           /* a public edition: names become roles,
	                          internal fields are dropped */
	record **rec;          /* the incidents, newest first: the loaded
	                          records, or in a public edition their
	                          redacted copies (owned) */
	size_t n;
	diags *found;          /* per incident: its findings */
	namemap **names;       /* per incident: NULL unless public */
	timeline **tl;         /* per incident: its merged timeline */
	related_list *related; /* per incident: its related incidents */
	metrics *metrics;      /* the figures of all the incidents */
	redactor *rd;          /* NULL unless public */
} site_model;

/* What a build asks of the pipeline. */
typedef struct pipeline_opts {
	int64_t now;
	bool public;
} pipeline_opts;

/*
 * The site model of the records of a that can be published (those with
 * failed unset), with their history h (may be NULL). d holds the
 * findings of loading a: each record's share of them goes into its
 * findings with those of check_findings. Checking, timelines and related
 * incidents run on two threads when there are enough records; the model
 * does not depend on it. a and h must outlive the model. Never NULL;
 * free with site_model_free.
 */
site_model *pipeline_run(const archive *a, const history *h,
    const config *cfg, const pipeline_opts *o, const diags *d);
/* Free m and what it owns (not the archive or the history). NULL-safe. */
void site_model_free(site_model *m);

#endif
