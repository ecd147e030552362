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

#include "feeds.h"
#include "markdown.h"
#include "metrics.h"
#include "render_pages.h"

/* Render the built-in or overridden template name in the layout with
 * data to relpath. Returns 0 or -1 with findings. */
static int
write_with(site *s, const char *name, json_t *data, output *o,
    const char *relpath, diags *d)
{
	template *t = render_template(s->opts->repo_root, name, d);
	int rc = -1;

	if (t != NULL)
		rc = site_write_page(s, t, data, NULL, NULL, o, relpath, d);
	template_free(t);
	return rc;
}

/* A service or tag with a page: the first name seen for its slug. */
typedef struct label_page {
	char *slug;
	char *name;
} label_page;

typedef struct label_set {
	label_page *v;
	size_t n;
} label_set;

/* Add name unless its slug is there: names that differ only in case or
 * punctuation share one page. */
static void
label_add(label_set *ls, const char *name)
{
	char *slug = slugify(name);

	for (size_t i = 0; i < ls->n; i++)
		if (strcmp(ls->v[i].slug, slug) == 0) {
			free(slug);
			return;
		}
	ls->v = xrealloc(ls->v, (ls->n + 1) * sizeof(*ls->v));
	ls->v[ls->n].slug = slug;
	ls->v[ls->n].name = xstrdup(name);
	ls->n++;
}

/* By slug, the page's file name. */
static int
cmp_label(const void *pa, const void *pb)
{
	return strcmp(((const label_page *)pa)->slug,
	    ((const label_page *)pb)->slug);
}

/* NULL-safe members. */
static void
label_set_free(label_set *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		free(ls->v[i].slug);
		free(ls->v[i].name);
	}
	free(ls->v);
}

/* The page objects whose list key ("service_links", "tag_links") has
 * slug, newest first. */
static json_t *
pages_with(const site *s, const char *key, const char *slug)
{
	json_t *a = json_array();

	for (size_t i = 0; i < s->n; i++) {
		json_t *p = json_array_get(s->pages, i), *x;
		size_t k;

		json_array_foreach(json_object_get(p, key), k, x)
			if (strcmp(json_string_value(json_object_get(x,
			    "slug")), slug) == 0) {
				json_array_append(a, p);
				break;
			}
	}
	return a;
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

/* services/SLUG.html for one service. */
static int
service_page(site *s, const label_page *lp, output *o, diags *d)
{
	const service_conf *sc = config_service(s->cfg, lp->name);
	metrics_filter f = { .service = lp->name };
	metrics *m = metrics_compute(s->rec, s->tl, s->n, s->cfg, &f,
	    s->opts->now);
	json_t *mj = metrics_json(m);
	json_t *data = render_page_data(s->cfg, s->opts, "../", lp->name);
	char *relpath = xasprintf("services/%s.html", lp->slug);
	int rc;

	json_object_set_new(data, "service", json_pack("{s:s,s:s,s:o,s:o,"
	    "s:o,s:o,s:O}", "name", lp->name, "slug", lp->slug,
	    "description", sc && sc->description ?
	    json_string(sc->description) : json_null(),
	    "rto", target_json(sc ? sc->rto : -1),
	    "rpo", target_json(sc ? sc->rpo : -1),
	    "incidents", pages_with(s, "service_links", lp->slug),
	    "metrics", json_object_get(mj, "all")));
	rc = write_with(s, "service.html", data, o, relpath, d);
	free(relpath);
	json_decref(data);
	json_decref(mj);
	metrics_free(m);
	return rc;
}

int
render_service_pages(site *s, output *o, diags *d)
{
	label_set ls = { 0 };
	int rc = 0;

	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->rec[i]->services.n; k++)
			label_add(&ls, s->rec[i]->services.v[k]);
	/* a configured service has a page even before its first incident */
	for (size_t i = 0; i < s->cfg->nservices; i++)
		label_add(&ls, s->cfg->services[i].name);
	/* qsort must not get the NULL of an empty list */
	if (ls.n > 1)
		qsort(ls.v, ls.n, sizeof(*ls.v), cmp_label);
	for (size_t i = 0; i < ls.n && rc == 0; i++)
		rc = service_page(s, &ls.v[i], o, d);
	label_set_free(&ls);
	return rc;
}

int
render_tag_pages(site *s, output *o, diags *d)
{
	label_set ls = { 0 };
	int rc = 0;

	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->rec[i]->tags.n; k++)
			label_add(&ls, s->rec[i]->tags.v[k]);
	if (ls.n > 1)
		qsort(ls.v, ls.n, sizeof(*ls.v), cmp_label);
	for (size_t i = 0; i < ls.n && rc == 0; i++) {
		json_t *data = render_page_data(s->cfg, s->opts, "../",
		    ls.v[i].name);
		char *relpath = xasprintf("tags/%s.html", ls.v[i].slug);

		json_object_set_new(data, "tag", json_pack("{s:s,s:s,s:o}",
		    "name", ls.v[i].name, "slug", ls.v[i].slug,
		    "incidents", pages_with(s, "tag_links", ls.v[i].slug)));
		rc = write_with(s, "tag.html", data, o, relpath, d);
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

/* Every open action item of the site, sorted (cmp_followup); sets *n. */
static followup *
collect_followups(const site *s, size_t *n)
{
	followup *v = NULL;
	size_t m = 0, order = 0;

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
			v = xrealloc(v, (m + 1) * sizeof(*v));
			v[m] = (followup){ .row = row,
			    .owner = str_or_empty(row, "owner"),
			    .priority = str_or_empty(row, "priority"),
			    .due = str_or_empty(row, "due"),
			    .overdue = json_is_true(json_object_get(row,
			    "overdue")), .order = order };
			m++;
		}
	}
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < m && !v[i].group_overdue; j++)
			if (v[j].overdue && strcmp(v[j].owner, v[i].owner) == 0)
				v[i].group_overdue = true;
	if (m > 0)
		qsort(v, m, sizeof(*v), cmp_followup);
	*n = m;
	return v;
}

void
csv_cell(buf *b, const char *s)
{
	/* a spreadsheet runs a cell starting with these as a formula, even
	 * after leading blanks */
	const char *f = s + strspn(s, " ");
	bool formula = f[0] == '=' || f[0] == '+' || f[0] == '-' ||
	    f[0] == '@' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n';
	bool quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	if (quote)
		buf_addc(b, '"');
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
		csv_cell(&b, cols[k]);
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
			csv_cell(&b, cells[k]);
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
	if (write_with(s, "followups.html", data, o, "followups.html", d) < 0)
		goto out;
	csv = followups_csv(rows);
	rc = output_write(o, "followups.csv", csv, strlen(csv), d);
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
	rc = write_with(s, "handbook.html", data, o, "handbook.html", d);
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
	template *t = render_template(s->opts->repo_root, "404.html", d);
	int rc = -1;

	/* not in the sitemap: it is not a page to find */
	if (t != NULL)
		rc = render_write_page(t, s->layout, data, NULL, NULL, o,
		    "404.html", d);
	template_free(t);
	json_decref(data);
	free(base);
	return rc;
}
