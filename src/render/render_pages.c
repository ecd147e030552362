/*
 * render_pages.c - services/NAME.html, tags/NAME.html, followups.html and
 * followups.csv, handbook.html and 404.html.
 *
 * Every page lists incidents as the index does, from the same page
 * objects (render.c), so a change to an incident shows the same
 * everywhere.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "render/routes.h"
#include "render/feeds.h"
#include "parse/markdown.h"
#include "metrics/metrics.h"
#include "render/metrics_json.h"
#include "render/render_pages.h"

/* A service or tag with a page: the first name seen for its slug, and
 * the incidents that link to it. */
typedef struct label_page {
	char *slug;
	const char *name;      /* a record's or the config's string */
	json_t *incidents;     /* page objects, newest first */
	size_t last;           /* 1 + index of the last page added; 0 none */
} label_page;

typedef struct label_set {
	label_page *v;         /* by slug */
	size_t n;
} label_set;

/* A name as met, and when it was first met. */
typedef struct label_name {
	const char *name;
	size_t first;
	char *slug;            /* set once the names are unique */
} label_name;

/* By name, then first met. */
static int
cmp_label_name(const void *pa, const void *pb)
{
	const label_name *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	return c != 0 ? c : (a->first < b->first ? -1 : a->first > b->first);
}

/* By slug, then first met. */
static int
cmp_label_slug(const void *pa, const void *pb)
{
	const label_name *a = pa, *b = pb;
	int c = strcmp(a->slug, b->slug);

	return c != 0 ? c : (a->first < b->first ? -1 : a->first > b->first);
}

/* By slug, the page's file name. */
static int
cmp_label(const void *pa, const void *pb)
{
	return strcmp(((const label_page *)pa)->slug,
	    ((const label_page *)pb)->slug);
}

/*
 * The pages for the n names v, in the order met (v[i].first = i): one per
 * slug, named by the first name met with it, so names that differ only in
 * case or punctuation share one page. Each distinct name is slugified
 * once. ls is sorted by slug; its incidents are empty arrays.
 */
static void
label_set_build(label_set *ls, label_name *v, size_t n)
{
	size_t u = 0;

	memset(ls, 0, sizeof(*ls));
	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), cmp_label_name);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || strcmp(v[i].name, v[u - 1].name) != 0)
			v[u++] = v[i];
	for (size_t i = 0; i < u; i++)
		v[i].slug = slugify(v[i].name);
	qsort(v, u, sizeof(*v), cmp_label_slug);
	ls->v = xcalloc(u, sizeof(*ls->v));
	for (size_t i = 0; i < u; i++) {
		if (ls->n > 0 && strcmp(v[i].slug, ls->v[ls->n - 1].slug) == 0) {
			free(v[i].slug);
			continue;
		}
		ls->v[ls->n++] = (label_page){ .slug = v[i].slug,
		    .name = v[i].name, .incidents = json_array() };
	}
}

/* The page of ls with slug, or NULL. */
static label_page *
label_find(const label_set *ls, const char *slug)
{
	label_page key = { .slug = (char *)slug };

	if (ls->n == 0)
		return NULL;
	return bsearch(&key, ls->v, ls->n, sizeof(*ls->v), cmp_label);
}

/* Append every page object of s to the incidents of each label its list
 * key ("service_links", "tag_links") links to: one pass over the pages,
 * not one per label. A page lands once per label, newest first. */
static void
label_set_link(label_set *ls, const site *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++) {
		json_t *p = json_array_get(s->pages, i), *x;
		size_t k;

		json_array_foreach(json_object_get(p, key), k, x) {
			const char *slug = json_string_value(json_object_get(x,
			    "slug"));
			label_page *lp = slug ? label_find(ls, slug) : NULL;

			if (lp != NULL && lp->last != i + 1) {
				json_array_append(lp->incidents, p);
				lp->last = i + 1;
			}
		}
	}
}

/* NULL-safe members. */
static void
label_set_free(label_set *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		free(ls->v[i].slug);
		json_decref(ls->v[i].incidents);
	}
	free(ls->v);
}

/* The label set of the services (services true) or tags of the
 * incidents, with their incidents; for services the configured ones
 * too, after the incidents' names. */
static void
labels_of(label_set *ls, const site *s, bool services)
{
	label_name *v = NULL;
	size_t n = 0, cap = 0;
	size_t extra = services ? s->cfg->nservices : 0;

	for (size_t i = 0; i < s->n + extra; i++) {
		const strlist *l = i >= s->n ? NULL :
		    services ? &s->rec[i]->services : &s->rec[i]->tags;
		size_t m = l ? l->n : 1;

		for (size_t k = 0; k < m; k++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				v = xrealloc(v, cap * sizeof(*v));
			}
			/* a configured service has a page even before its
			 * first incident */
			v[n] = (label_name){ .name = l ? l->v[k] :
			    s->cfg->services[i - s->n].name, .first = n };
			n++;
		}
	}
	label_set_build(ls, v, n);
	label_set_link(ls, s, services ? "service_links" : "tag_links");
	free(v);
}

/* {seconds, show} of a target, or null when it is not set. */
static json_t *
target_json(int64_t secs)
{
	char tb[64];

	if (secs < 0)
		return json_null();
	return json_pack("{s:I,s:s}", "seconds", (json_int_t)secs, "show",
	    duration_format(secs, tb, sizeof(tb)));
}

/* services/SLUG.html for one service, whose own metrics are m. */
static int
service_page(site *s, const label_page *lp, const metrics *m, output *o,
    diags *d)
{
	const service_conf *sc = config_service(s->cfg, lp->name);
	char *relpath = route_label(ROUTE_SERVICE_DIR, lp->slug);
	json_t *data = render_page_data(s->cfg, s->opts, route_root(relpath),
	    lp->name);
	int rc;

	json_object_set_new(data, "service", json_pack("{s:s,s:s,s:o,s:o,"
	    "s:o,s:O,s:o}", "name", lp->name, "slug", lp->slug,
	    "description", sc && sc->description ?
	    json_string(sc->description) : json_null(),
	    "rto", target_json(sc ? sc->rto : -1),
	    "rpo", target_json(sc ? sc->rpo : -1),
	    "incidents", lp->incidents,
	    "metrics", metrics_block_json(m, &m->all)));
	rc = site_write_page(s, s->ts->service, data, NULL, NULL, o, relpath, d);
	free(relpath);
	json_decref(data);
	return rc;
}

int
render_service_pages(site *s, output *o, diags *d)
{
	label_set ls;
	const char **names;
	metrics **m;
	int rc = 0;

	labels_of(&ls, s, true);
	names = xcalloc(ls.n ? ls.n : 1, sizeof(*names));
	for (size_t i = 0; i < ls.n; i++)
		names[i] = ls.v[i].name;
	/* every service's figures from one pass over the incidents */
	m = metrics_compute_services(s->rec, s->tl, s->n, s->cfg, names,
	    ls.n, s->opts->now);
	for (size_t i = 0; i < ls.n && rc == 0; i++) {
		rc = service_page(s, &ls.v[i], m[i], o, d);
		/* each page's figures go once it is written */
		metrics_free(m[i]);
		m[i] = NULL;
	}
	metrics_free_services(m, ls.n);
	free(names);
	label_set_free(&ls);
	return rc;
}

int
render_tag_pages(site *s, output *o, diags *d)
{
	label_set ls;
	int rc = 0;

	labels_of(&ls, s, false);
	for (size_t i = 0; i < ls.n && rc == 0; i++) {
		char *relpath = route_label(ROUTE_TAG_DIR, ls.v[i].slug);
		json_t *data = render_page_data(s->cfg, s->opts,
		    route_root(relpath), ls.v[i].name);

		json_object_set_new(data, "tag", json_pack("{s:s,s:s,s:O}",
		    "name", ls.v[i].name, "slug", ls.v[i].slug,
		    "incidents", ls.v[i].incidents));
		rc = site_write_page(s, s->ts->tag, data, NULL, NULL, o, relpath, d);
		free(relpath);
		json_decref(data);
	}
	label_set_free(&ls);
	return rc;
}

/* ---- follow-ups ------------------------------------------------------ */

/* One open action item and what it is sorted by. */
typedef struct followup {
	json_t *row;           /* as the page and the CSV show it */
	const char *owner;     /* "" when nobody owns it */
	const char *priority;  /* "" when not given */
	const char *due;       /* "YYYY-MM-DD", "" when not given */
	bool overdue;
	bool group_overdue;    /* some item of the same owner is overdue */
	size_t order;          /* incident (newest first), then item */
} followup;

/* The string at key of o, or "" when it is null or missing. */
static const char *
str_or_empty(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* Owners who have overdue items first, then by name (nobody last);
 * within an owner overdue items first, then by priority (P1 before P2,
 * none last), due date (none last), and the incident, newest first. */
static int
cmp_followup(const void *pa, const void *pb)
{
	const followup *a = pa, *b = pb;
	int c;

	if ((a->owner[0] == '\0') != (b->owner[0] == '\0'))
		return a->owner[0] == '\0' ? 1 : -1;
	if (a->group_overdue != b->group_overdue)
		return a->group_overdue ? -1 : 1;
	if ((c = ascii_strcasecmp(a->owner, b->owner)) != 0 ||
	    (c = strcmp(a->owner, b->owner)) != 0)
		return c;
	if (a->overdue != b->overdue)
		return a->overdue ? -1 : 1;
	if ((a->priority[0] == '\0') != (b->priority[0] == '\0'))
		return a->priority[0] == '\0' ? 1 : -1;
	if ((c = ascii_strcasecmp(a->priority, b->priority)) != 0)
		return c;
	if ((a->due[0] == '\0') != (b->due[0] == '\0'))
		return a->due[0] == '\0' ? 1 : -1;
	if ((c = strcmp(a->due, b->due)) != 0)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* By owner, exactly. */
static int
cmp_followup_owner(const void *pa, const void *pb)
{
	return strcmp((*(followup *const *)pa)->owner,
	    (*(followup *const *)pb)->owner);
}

/* Mark the n items of v whose owner has some overdue item: owners are
 * grouped by sorting, not by comparing every item with every other. */
static void
mark_group_overdue(followup *v, size_t n)
{
	followup **by = xcalloc(n ? n : 1, sizeof(*by));

	for (size_t i = 0; i < n; i++)
		by[i] = &v[i];
	if (n > 1)
		qsort(by, n, sizeof(*by), cmp_followup_owner);
	for (size_t i = 0, j; i < n; i = j) {
		bool overdue = false;

		for (j = i; j < n && strcmp(by[j]->owner, by[i]->owner) == 0;
		    j++)
			overdue = overdue || by[j]->overdue;
		for (size_t k = i; k < j; k++)
			by[k]->group_overdue = overdue;
	}
	free(by);
}

/* Every open action item of the site, sorted (cmp_followup); sets *n. */
static followup *
collect_followups(const site *s, size_t *n)
{
	followup *v = NULL;
	size_t m = 0, cap = 0, order = 0;

	for (size_t i = 0; i < s->n; i++) {
		json_t *p = json_array_get(s->pages, i), *a;
		size_t k;

		json_array_foreach(json_object_get(p, "action_items"), k, a) {
			const json_t *due = json_object_get(a, "due");
			json_t *row;

			order++;
			if (json_is_true(json_object_get(a, "done")))
				continue;
			row = json_pack("{s:o,s:O,s:O,s:O,s:O,s:O,s:O,s:O,"
			    "s:O,s:O}", "incident", site_incident_ref(p),
			    "action", json_object_get(a, "action"),
			    "owner", json_object_get(a, "owner"),
			    "priority", json_object_get(a, "priority"),
			    "type", json_object_get(a, "type"),
			    "ticket", json_object_get(a, "ticket"),
			    "ticket_url", json_object_get(a, "ticket_url"),
			    "status", json_object_get(a, "status"),
			    "overdue", json_object_get(a, "overdue"),
			    "due", json_is_object(due) ?
			    json_object_get(due, "date") : json_null());
			if (m == cap) {
				cap = cap ? cap * 2 : 16;
				v = xrealloc(v, cap * sizeof(*v));
			}
			v[m] = (followup){ .row = row,
			    .owner = str_or_empty(row, "owner"),
			    .priority = str_or_empty(row, "priority"),
			    .due = str_or_empty(row, "due"),
			    .overdue = json_is_true(json_object_get(row,
			    "overdue")), .order = order };
			m++;
		}
	}
	mark_group_overdue(v, m);
	if (m > 0)
		qsort(v, m, sizeof(*v), cmp_followup);
	*n = m;
	return v;
}

char *
followups_csv(const json_t *rows)
{
	static const char *const cols[] = {
		"incident", "incident_title", "action", "owner", "priority",
		"type", "ticket", "ticket_url", "due", "status", "overdue",
		"page", NULL
	};
	buf b = { 0 };
	const json_t *r;
	size_t i;

	for (size_t k = 0; cols[k] != NULL; k++) {
		if (k)
			buf_addc(&b, ',');
		esc_csv_cell(&b, cols[k], strlen(cols[k]));
	}
	buf_adds(&b, "\r\n");
	json_array_foreach(rows, i, r) {
		const json_t *inc = json_object_get(r, "incident");
		const char *cells[] = {
			str_or_empty(inc, "id"), str_or_empty(inc, "title"),
			str_or_empty(r, "action"), str_or_empty(r, "owner"),
			str_or_empty(r, "priority"), str_or_empty(r, "type"),
			str_or_empty(r, "ticket"),
			str_or_empty(r, "ticket_url"), str_or_empty(r, "due"),
			str_or_empty(r, "status"),
			json_is_true(json_object_get(r, "overdue")) ?
			    "yes" : "no",
			str_or_empty(inc, "url"),
		};

		for (size_t k = 0; k < sizeof(cells) / sizeof(cells[0]); k++) {
			if (k)
				buf_addc(&b, ',');
			esc_csv_cell(&b, cells[k], strlen(cells[k]));
		}
		buf_adds(&b, "\r\n");
	}
	return buf_detach(&b);
}

int
render_followups(site *s, output *o, diags *d)
{
	size_t n, noverdue = 0;
	followup *v = collect_followups(s, &n);
	json_t *groups = json_array(), *rows = json_array(), *g = NULL;
	json_t *data = render_page_data(s->cfg, s->opts, "", "Follow-ups");
	char *csv = NULL;
	int rc = -1;

	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(v[i].owner, v[i - 1].owner) != 0) {
			char *anchor = xasprintf("owner-%zu",
			    json_array_size(groups) + 1);

			g = json_pack("{s:s,s:s,s:b,s:i,s:i,s:[]}", "owner",
			    v[i].owner[0] ? v[i].owner : "No owner",
			    "anchor", anchor, "unowned", v[i].owner[0] == '\0',
			    "open", 0, "overdue", 0, "items");
			json_array_append_new(groups, g);
			free(anchor);
		}
		json_object_set_new(g, "open", json_integer(
		    json_integer_value(json_object_get(g, "open")) + 1));
		if (v[i].overdue) {
			json_object_set_new(g, "overdue", json_integer(
			    json_integer_value(json_object_get(g,
			    "overdue")) + 1));
			noverdue++;
		}
		json_array_append(json_object_get(g, "items"), v[i].row);
		json_array_append(rows, v[i].row);
	}
	json_object_set_new(data, "followups", json_pack("{s:i,s:i,s:O}",
	    "open", (int)n, "overdue", (int)noverdue, "groups", groups));
	if (site_write_page(s, s->ts->followups, data, NULL, NULL, o,
	    ROUTE_FOLLOWUPS, d) < 0)
		goto out;
	csv = followups_csv(rows);
	rc = output_write(o, ROUTE_FOLLOWUPS_CSV, csv, strlen(csv), d);
out:
	for (size_t i = 0; i < n; i++)
		json_decref(v[i].row);
	free(v);
	free(csv);
	json_decref(groups);
	json_decref(rows);
	json_decref(data);
	return rc;
}

/* ---- handbook and 404 ------------------------------------------------ */

int
render_handbook(site *s, output *o, diags *d)
{
	json_t *data = render_page_data(s->cfg, s->opts, "", "Handbook");
	json_t *sev = json_array(), *defs = json_array();
	json_t *featured = json_array();
	const metric_def *md;
	size_t ndefs;
	int rc;

	for (size_t i = 0; i < s->cfg->nseverities; i++) {
		const severity_level *l = &s->cfg->severities[i];
		char *slug = slugify(l->name);

		json_array_append_new(sev, json_pack("{s:s,s:s,s:s}",
		    "name", l->name, "class", slug, "description",
		    l->description ? l->description : ""));
		free(slug);
	}
	/* the same definitions as on the metrics page, linking to them */
	md = metric_definitions(&ndefs);
	for (size_t i = 0; i < ndefs; i++) {
		char *anchor = xasprintf("def-%s", md[i].key);

		json_array_append_new(defs, json_pack("{s:s,s:s,s:s,s:s,s:s}",
		    "key", md[i].key, "anchor", anchor, "label", md[i].label,
		    "formula", md[i].formula, "text", md[i].text));
		free(anchor);
	}
	for (size_t i = 0; i < s->n; i++) {
		json_t *p = json_array_get(s->pages, i);

		if (json_is_true(json_object_get(p, "featured")))
			json_array_append(featured, p);
	}
	json_object_set_new(data, "severities", sev);
	json_object_set_new(data, "definitions", defs);
	json_object_set_new(data, "featured", featured);
	rc = site_write_page(s, s->ts->handbook, data, NULL, NULL, o,
	    ROUTE_HANDBOOK, d);
	json_decref(data);
	return rc;
}

int
render_not_found(site *s, output *o, diags *d)
{
	/* a server shows 404.html for any missing path, at any depth: only
	 * links from the base URL hold everywhere; without one, links are
	 * right for a 404 at the top level */
	char *base = feeds_base_url(s->cfg);
	json_t *data = render_page_data(s->cfg, s->opts, base ? base : "",
	    "Page not found");
	int rc;

	/* not in the sitemap: it is not a page to find */
	rc = render_write_page(s->ts->not_found, s->ts->layout, data, NULL,
	    NULL, o, ROUTE_NOT_FOUND, d);
	json_decref(data);
	free(base);
	return rc;
}
