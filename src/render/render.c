/*
 * render.c - pages from templates and the JSON form of the model.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "lib/parallel.h"
#include "parse/record_parse.h"
#include "model/vocab.h"
#include "check/check.h"
#include "render/routes.h"
#include "render/export.h"
#include "render/feeds.h"
#include "parse/markdown.h"
#include "render/mdhtml.h"
#include "redact/redact.h"
#include "model/overview.h"
#include "pipeline/pipeline.h"
#include "render/render.h"
#include "render/render_metrics.h"
#include "render/render_pages.h"
#include "model/rules.h"
#include "render/search.h"
#include "render/template.h"

/* Fewer incidents than this get their summaries on one thread. */
#define SUMMARY_MIN_SHARE 64

/* Fewer incident pages than this are rendered on one thread. */
#define PAGES_MIN_SHARE 16

/* Fragment lookup for the incident template: "body" is the rendered
 * record, ud the buf that holds it. */
static bool
body_fragment(void *ud, const char *name, const char **html, size_t *len)
{
	const buf *body = ud;

	if (strcmp(name, "body") != 0)
		return false;
	*html = body->data != NULL ? body->data : "";
	*len = body->len;
	return true;
}

/* [{name, slug, url}] for the names of l, pages under dir/. */
static json_t *
name_links(const strlist *l, const char *dir)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++) {
		char *slug = slugify(l->v[i]);
		char *url = route_label(dir, slug);

		json_array_append_new(a, json_pack("{s:s,s:s,s:s}",
		    "name", l->v[i], "slug", slug, "url", url));
		free(slug);
		free(url);
	}
	return a;
}

/* Keys only the pages use (docs/templates.md): year, services_filter,
 * service_links, tag_links. */
static void
add_page_keys(json_t *page, const record *r)
{
	const char *date = json_string_value(json_object_get(json_object_get(
	    json_object_get(page, "times"), "started"), "date"));
	buf filter = { 0 };
	char year[5] = "";

	if (date != NULL && strlen(date) >= 4)
		memcpy(year, date, 4);
	json_object_set_new(page, "year", json_string(year));
	/* slugs: one word each, as the service filter's values */
	for (size_t i = 0; i < r->services.n; i++) {
		char *slug = slugify(r->services.v[i]);

		buf_addf(&filter, "%s%s", i ? " " : "", slug);
		free(slug);
	}
	json_object_set_new(page, "services_filter",
	    json_string(filter.data ? filter.data : ""));
	buf_free(&filter);
	json_object_set_new(page, "service_links",
	    name_links(&r->services, ROUTE_SERVICE_DIR));
	json_object_set_new(page, "tag_links", name_links(&r->tags, ROUTE_TAG_DIR));
}

/* Set "previous" (the one started before), "next" and "pager" (either
 * exists) of page i. */
static void
add_neighbours(site *s, size_t i)
{
	json_t *p = json_array_get(s->pages, i);

	json_object_set_new(p, "pager", json_boolean(s->n > 1));
	json_object_set_new(p, "previous", i + 1 < s->n ?
	    site_incident_ref(json_array_get(s->pages, i + 1)) :
	    json_null());
	json_object_set_new(p, "next", i > 0 ?
	    site_incident_ref(json_array_get(s->pages, i - 1)) :
	    json_null());
}

/* Add {value, label} to the filter list a unless value is there. */
static void
filter_add(json_t *a, const char *value, const char *label)
{
	size_t i;
	json_t *x;

	if (value == NULL || value[0] == '\0')
		return;
	json_array_foreach(a, i, x)
		if (strcmp(json_string_value(json_object_get(x, "value")),
		    value) == 0)
			return;
	json_array_append_new(a, json_pack("{s:s,s:s}", "value", value,
	    "label", label));
}

/* Sort the array of objects a by the string at key (bytewise), in
 * descending order when asked. Insertion sort: the lists are short and
 * the order of equal items stays as it was. */
static void
sort_by(json_t *a, const char *key, bool descending)
{
	size_t n = json_array_size(a);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(a, i));
	for (size_t i = 1; i < n; i++) {
		json_t *x = v[i];
		const char *kx = json_string_value(json_object_get(x, key));
		size_t j = i;

		for (; j > 0; j--) {
			int c = strcmp(json_string_value(json_object_get(v[j - 1],
			    key)), kx);

			if (descending ? c >= 0 : c <= 0)
				break;
			v[j] = v[j - 1];
		}
		v[j] = x;
	}
	json_array_clear(a);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, v[i]);
	free(v);
}

/* The values of the index's filters, each [{value, label}]: the
 * severities of the scale in order, the statuses in lifecycle order,
 * types, services and years that occur. Values are what the rows'
 * data- attributes hold. */
static json_t *
filters_json(const site *s)
{
	json_t *sev = json_array(), *status = json_array();
	json_t *type = json_array(), *svc = json_array(), *year = json_array();
	json_t *extra = json_array();

	for (size_t k = 0; k < s->cfg->nseverities; k++)
		for (size_t i = 0; i < s->n; i++)
			if (s->rec[i]->severity != NULL &&
			    config_severity_rank(s->cfg,
			    s->rec[i]->severity) == (int)k)
				filter_add(sev, s->rec[i]->severity,
				    s->rec[i]->severity);
	for (size_t i = 0; i < s->n; i++)
		if (config_severity_rank(s->cfg, s->rec[i]->severity) < 0)
			filter_add(extra, s->rec[i]->severity,
			    s->rec[i]->severity);
	sort_by(extra, "label", false);
	json_array_extend(sev, extra);
	json_decref(extra);
	for (size_t k = 0; record_statuses[k] != NULL; k++)
		for (size_t i = 0; i < s->n; i++)
			if (s->rec[i]->status != NULL &&
			    strcmp(s->rec[i]->status, record_statuses[k]) == 0)
				filter_add(status, record_statuses[k],
				    record_statuses[k]);
	for (size_t i = 0; i < s->n; i++) {
		json_t *p = json_array_get(s->pages, i), *x;
		size_t k;

		filter_add(type, json_string_value(json_object_get(p, "type")),
		    json_string_value(json_object_get(p, "type")));
		filter_add(year, json_string_value(json_object_get(p, "year")),
		    json_string_value(json_object_get(p, "year")));
		json_array_foreach(json_object_get(p, "service_links"), k, x)
			filter_add(svc, json_string_value(json_object_get(x,
			    "slug")), json_string_value(json_object_get(x,
			    "name")));
	}
	sort_by(type, "label", false);
	sort_by(svc, "label", false);
	sort_by(year, "label", true);
	return json_pack("{s:o,s:o,s:o,s:o,s:o}", "severity", sev,
	    "status", status, "type", type, "service", svc, "year", year);
}

/* [{name, url, count}] of every service (key "service_links") or tag
 * ("tag_links") the incidents name, by name. */
static json_t *
browse_json(const site *s, const char *key)
{
	json_t *a = json_array();

	for (size_t i = 0; i < s->n; i++) {
		json_t *l = json_object_get(json_array_get(s->pages, i), key);
		json_t *x, *y;
		size_t k, j;

		json_array_foreach(l, k, x) {
			const char *url = json_string_value(json_object_get(x,
			    "url"));
			bool found = false;

			json_array_foreach(a, j, y)
				if (strcmp(json_string_value(json_object_get(y,
				    "url")), url) == 0) {
					json_object_set_new(y, "count",
					    json_integer(json_integer_value(
					    json_object_get(y, "count")) + 1));
					found = true;
					break;
				}
			if (!found)
				json_array_append_new(a, json_pack("{s:O,s:s,"
				    "s:i}", "name", json_object_get(x, "name"),
				    "url", url, "count", 1));
		}
	}
	sort_by(a, "name", false);
	return a;
}

/* Index incident page p of record r as document doc. In a public
 * edition the body text goes through m (NULL otherwise), as the JSON
 * already has. */
static void
index_incident(search_index *si, const json_t *p, const record *r,
    const namemap *m)
{
	size_t doc = search_add_doc(si, r->id);
	const json_t *x;
	size_t i;

	search_add_text(si, doc, SEARCH_TITLE,
	    json_string_value(json_object_get(p, "title")));
	search_add_text(si, doc, SEARCH_TITLE, r->id);
	search_add_text(si, doc, SEARCH_SUMMARY,
	    json_string_value(json_object_get(p, "summary")));
	json_array_foreach(json_object_get(p, "services"), i, x)
		search_add_text(si, doc, SEARCH_LABEL, json_string_value(x));
	json_array_foreach(json_object_get(p, "tags"), i, x)
		search_add_text(si, doc, SEARCH_LABEL, json_string_value(x));
	/* the sections' text outlives the body tree */
	for (size_t k = 0; k < r->nsections; k++) {
		const section *sec = &r->sections[k];
		char *title = m ? namemap_text(m, sec->title) : NULL;
		char *text = m ? namemap_text(m, sec->text) : NULL;

		search_add_text(si, doc, SEARCH_BODY, m ? title : sec->title);
		search_add_text(si, doc, SEARCH_BODY, m ? text : sec->text);
		free(title);
		free(text);
	}
}

/* Write incidents/ID.html for record i from its full page object page;
 * names (NULL unless public) redacts the rendered body. The body tree is
 * parsed again from the record's text here and released afterwards.
 * Touches nothing of s but record i, so two threads may run it for
 * different records (the caller adds the page to s->written). */
static int
render_incident(const site *s, const tmplset *ts, size_t i, json_t *page,
    const namemap *names, output *o, diags *d)
{
	record *r = s->rec[i];
	buf body = { 0 };
	template_frags frags = { body_fragment, NULL, &body };
	char *relpath = route_incident(r->id);
	json_t *data = render_page_data(s->cfg, s->opts, route_root(relpath),
	    json_string_value(json_object_get(page, "title")));
	int rc = -1;

	if (record_tree(r) != NULL && mdhtml_render(r, names, &body, d) < 0)
		goto out;
	json_object_set(data, "incident", page);
	rc = render_write_frags(ts->incident, s->ts->layout, data, &frags, o,
	    relpath, d);
out:
	record_release_tree(r);
	json_decref(data);
	buf_free(&body);
	free(relpath);
	return rc;
}

/* Write the text made by a feeds_ or search_ function to relpath; NULL
 * text is a failure to make it. Frees text. */
static int
write_text(output *o, const char *relpath, char *text, diags *d)
{
	int rc = -1;

	if (text == NULL)
		diags_add(d, relpath, 0, 0, DIAG_ERROR, "render",
		    "cannot make the file");
	else
		rc = output_write(o, relpath, text, strlen(text), d);
	free(text);
	return rc;
}

/* index.html: every incident, the filters and the lists of services and
 * tags. */
static int
render_index(site *s, const tmplset *ts, output *o, diags *d)
{
	json_t *data = render_page_data(s->cfg, s->opts, "", "Incidents");
	int rc;

	json_object_set(data, "incidents", s->pages);
	json_object_set_new(data, "filters", filters_json(s));
	json_object_set_new(data, "services", browse_json(s, "service_links"));
	json_object_set_new(data, "tags", browse_json(s, "tag_links"));
	/* the one page that loads the scripts */
	json_object_set_new(data, "search", json_true());
	rc = site_write_page(s, ts->index, data, NULL, NULL, o, ROUTE_INDEX,
	    d);
	json_decref(data);
	return rc;
}

/* feed.atom (from the export objects of the newest incidents) and
 * sitemap.xml when there is a base URL. */
static int
render_feeds(site *s, json_t *newest, output *o, diags *d)
{
	char *base = feeds_base_url(s->cfg);
	strlist pages = { 0 };
	int rc = -1;

	if (write_text(o, ROUTE_FEED, feeds_atom(newest, s->cfg,
	    s->opts->now), d) < 0)
		goto out;
	if (base != NULL) {
		/* pages in a fixed order, whatever order they were written */
		for (size_t i = 0; i < s->written.n; i++)
			strlist_add(&pages, s->written.v[i]);
		strlist_add(&pages, ROUTE_METRICS);
		strlist_sort(&pages);
		if (write_text(o, ROUTE_SITEMAP, feeds_sitemap(&pages, s->cfg),
		    d) < 0)
			goto out;
	}
	rc = 0;
out:
	strlist_free(&pages);
	free(base);
	return rc;
}

/* Keys of an incident page object that only the incident's own page
 * shows: the pages that list incidents get summaries without them
 * (docs/templates.md), so that they need not hold every incident's
 * history at once. export_incident_summary leaves out the first four. */
static const char *const page_only_keys[] = {
	"events", "commits", "timeline", "sections", "findings", "related",
	"previous", "next", NULL
};

/* What every incident's JSON is made from in one build. */
struct incident_src {
	const diags *found;    /* the record's findings */
	const namemap *names;  /* NULL unless public */
};

/* The export object of record i (its summary unless full): the incident
 * with its findings, names redacted in a public edition. The caller owns
 * it. */
static json_t *
incident_json(const site *s, size_t i, const struct incident_src *src,
    bool full)
{
	json_t *inc = full ? export_incident(s->rec[i], s->tl[i], s->cfg,
	    s->opts->now) : export_incident_summary(s->rec[i], s->tl[i],
	    s->cfg, s->opts->now);

	export_findings(inc, src->found);
	if (!full)
		json_object_del(inc, "findings");
	if (src->names != NULL)
		namemap_json(src->names, inc);
	return inc;
}

/* The incident pages of one build, shared by the threads that render
 * them. Each page's results land in its own slot; incidents.json, which
 * must list the incidents in order, is appended to by the first thread
 * only, as the slots before it fill. */
typedef struct page_job {
	site *s;
	const tmplset *ts;
	namemap *const *names;
	const diags *found;
	output *o;
	output_file *ij;       /* incidents.json, its head written */
	json_t *newest;        /* the feed's exports, FEED_MAX_ENTRIES slots */
	diags *pd;             /* per page: what rendering it found */
	bool *ok;              /* per page: written */
	char **item;           /* per page: its text in incidents.json */
	atomic_bool *ready;    /* per page: item is set */
	size_t flushed;        /* items appended to ij so far */
	atomic_size_t done;    /* pages finished */
} page_job;

/* Render page i of the job: its full export (kept as incidents.json's
 * item, and for the feed when it is one of the newest), with the
 * summary's page keys, then the page; the summary loses the keys only
 * this page needed. Returns 0 or -1 with findings in the job's per-page
 * diags. */
static int
render_one(page_job *job, size_t i)
{
	struct incident_src src = { &job->found[i], job->names[i] };
	json_t *page = incident_json(job->s, i, &src, true);
	json_t *summary = json_array_get(job->s->pages, i);
	char *item = feeds_incidents_json_item(page, i == 0);
	int rc = -1;

	/* once ready, the slot is the first thread's: not read here again */
	job->item[i] = item;
	atomic_store_explicit(&job->ready[i], true, memory_order_release);
	if (item == NULL) {
		diags_add(&job->pd[i], ROUTE_INCIDENTS_JSON, 0, 0, DIAG_ERROR,
		    "render", "cannot make the file");
		goto out;
	}
	if (i < json_array_size(job->newest))
		json_array_set_new(job->newest, i, json_copy(page));
	/* the summary's values are the export's, and its own keys */
	json_object_update(page, summary);
	rc = render_incident(job->s, job->ts, i, page, job->names[i], job->o,
	    &job->pd[i]);
out:
	json_decref(page);
	for (size_t k = 0; page_only_keys[k] != NULL; k++)
		json_object_del(summary, page_only_keys[k]);
	return rc;
}

/* Append to incidents.json the items that are ready, in order. Only the
 * first thread calls it. */
static void
flush_items(page_job *job)
{
	while (job->flushed < job->s->n &&
	    atomic_load_explicit(&job->ready[job->flushed],
	    memory_order_acquire)) {
		char *item = job->item[job->flushed];

		if (item != NULL)
			output_put(job->ij, item, strlen(item));
		free(item);
		job->item[job->flushed++] = NULL;
	}
}

/* parallel_for's call for page i, on thread t: the first thread also
 * appends to incidents.json and reports progress. */
static int
page_take(void *arg, size_t i, int t)
{
	page_job *job = arg;

	job->ok[i] = render_one(job, i) == 0;
	atomic_fetch_add(&job->done, 1);
	if (t == 0) {
		flush_items(job);
		if (job->s->opts->progress != NULL)
			job->s->opts->progress(job->s->opts->progress_arg,
			    atomic_load(&job->done), job->s->n);
	}
	return job->ok[i] ? 0 : -1;
}

/*
 * incidents/ID.html for every incident of s, and incidents.json, on two
 * threads when there is a second core: pages are independent, and each
 * page's findings, item of incidents.json and place in the sitemap are
 * kept in its own slot and merged in order, so the output and the
 * messages do not depend on scheduling. The full exports of the newest
 * FEED_MAX_ENTRIES incidents are appended to newest. Returns 0, or -1
 * with findings.
 */
static int
render_incidents(site *s, const tmplset *ts, namemap *const *names,
    const diags *found, json_t *newest, output *o, diags *d)
{
	page_job job = { .s = s, .ts = ts, .names = names, .found = found,
	    .o = o, .newest = newest };
	size_t cap = s->n ? s->n : 1;
	char *head = feeds_incidents_json_head(s->cfg, s->opts->public,
	    s->opts->now);
	int rc = -1, prc;

	if (head == NULL) {
		diags_add(d, ROUTE_INCIDENTS_JSON, 0, 0, DIAG_ERROR, "render",
		    "cannot make the file");
		return -1;
	}
	if ((job.ij = output_open(o, ROUTE_INCIDENTS_JSON, d)) == NULL) {
		free(head);
		return -1;
	}
	output_put(job.ij, head, strlen(head));
	free(head);
	job.pd = xcalloc(cap, sizeof(*job.pd));
	job.ok = xcalloc(cap, sizeof(*job.ok));
	job.item = xcalloc(cap, sizeof(*job.item));
	job.ready = xcalloc(cap, sizeof(*job.ready));
	for (size_t i = 0; i < s->n; i++)
		atomic_init(&job.ready[i], false);
	for (size_t i = 0; i < s->n && i < FEED_MAX_ENTRIES; i++)
		json_array_append_new(newest, json_null());
	atomic_init(&job.done, 0);
	prc = parallel_for(s->n, PAGES_MIN_SHARE, page_take, &job);
	flush_items(&job);
	for (size_t i = 0; i < s->n; i++) {
		diags_move(d, &job.pd[i]);
		diags_free(&job.pd[i]);
		free(job.item[i]);
		if (job.ok[i]) {
			char *relpath = route_incident(s->rec[i]->id);

			strlist_add(&s->written, relpath);
			free(relpath);
		}
	}
	output_put(job.ij, feeds_incidents_json_tail(s->n == 0),
	    strlen(feeds_incidents_json_tail(s->n == 0)));
	if (output_close(job.ij, d) == 0 && prc == 0) {
		rc = 0;
		if (s->opts->progress != NULL)
			s->opts->progress(s->opts->progress_arg, s->n, s->n);
	}
	free(job.pd);
	free(job.ok);
	free(job.item);
	free(job.ready);
	return rc;
}

/* The summaries of one build, made by up to two threads into slots of
 * their own. */
struct summary_job {
	const site *s;
	const site_model *m;
	json_t **sum;          /* per incident: its summary */
};

/* parallel_for's call for the summary of incident i. */
static int
summary_one(void *arg, size_t i, int t)
{
	struct summary_job *job = arg;
	struct incident_src src = { &job->m->found[i], job->m->names[i] };

	(void)t;
	job->sum[i] = incident_json(job->s, i, &src, false);
	add_page_keys(job->sum[i], job->s->rec[i]);
	return 0;
}

/* The related incidents of incident i as references to their pages,
 * each with "shared_text". */
static json_t *
related_json(const site *s, const related_list *rl)
{
	json_t *a = json_array();

	for (size_t k = 0; k < rl->n; k++) {
		json_t *ref = site_incident_ref(json_array_get(s->pages,
		    rl->v[k].j));

		json_object_set_new(ref, "shared_text",
		    json_string(rl->v[k].shared));
		json_array_append_new(a, ref);
	}
	return a;
}

/*
 * s->pages: every incident's summary with its page keys ("related",
 * "previous", "next" and "pager" among them), indexed for search into si
 * in order. Summaries are made on two threads, each into its own slot;
 * the site is only read while they run.
 */
static void
summaries(site *s, const site_model *m, search_index *si)
{
	size_t cap = s->n ? s->n : 1;
	struct summary_job job = { .s = s, .m = m };

	job.sum = xcalloc(cap, sizeof(*job.sum));
	(void)parallel_for(s->n, SUMMARY_MIN_SHARE, summary_one, &job);
	for (size_t i = 0; i < s->n; i++) {
		index_incident(si, job.sum[i], s->rec[i], m->names[i]);
		json_array_append_new(s->pages, job.sum[i]);
	}
	for (size_t i = 0; i < s->n; i++) {
		json_object_set_new(json_array_get(s->pages, i), "related",
		    related_json(s, &m->related[i]));
		add_neighbours(s, i);
	}
	free(job.sum);
}

int
render_site(const site_model *m, const render_opts *opts, output *o,
    diags *d)
{
	tmplset ts;
	site s = { .cfg = m->cfg, .opts = opts, .rec = m->rec, .tl = m->tl,
	    .n = m->n };
	search_index *si = search_new();
	json_t *newest = json_array();  /* full exports, for the feed */
	int rc = -1;

	s.pages = json_array();
	if (tmplset_load(&ts, opts->repo_root, d) < 0)
		goto out;
	s.ts = &ts;
	/* the pages that list incidents get summaries; each incident's
	 * full JSON is made for its page and incidents.json, and dropped */
	summaries(&s, m, si);
	/* bodies and full incident objects are made for their page and
	 * dropped */
	if (render_incidents(&s, &ts, m->names, m->found, newest, o, d) < 0)
		goto out;
	if (render_index(&s, &ts, o, d) < 0 ||
	    output_write(o, ROUTE_STYLE, ts.style, ts.stylelen, d) < 0 ||
	    output_write(o, ROUTE_SCRIPT, ts.script, ts.scriptlen, d) < 0 ||
	    write_text(o, ROUTE_SEARCH, search_js(si), d) < 0)
		goto out;
	if (render_metrics(&s, m->metrics, o, d) < 0)
		goto out;
	if (render_service_pages(&s, o, d) < 0 ||
	    render_tag_pages(&s, o, d) < 0 ||
	    render_followups(&s, o, d) < 0 ||
	    render_handbook(&s, o, d) < 0 ||
	    render_not_found(&s, o, d) < 0 ||
	    render_feeds(&s, newest, o, d) < 0)
		goto out;
	rc = 0;
out:
	search_free(si);
	json_decref(newest);
	json_decref(s.pages);
	strlist_free(&s.written);
	tmplset_free(&ts);
	return rc;
}
