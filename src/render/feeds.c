/*
 * feeds.c - feed.atom, sitemap.xml and incidents.json.
 *
 * The XML files are built as libxml2 trees and serialised by libxml2, so
 * titles and summaries can never become markup.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "render/routes.h"
#include "render/feeds.h"
#include "parse/markdown.h"
#include "metrics/metrics.h"
#include "render/json_text.h"
#include "lib/timeutil.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define SITEMAP_NS "http://www.sitemaps.org/schemas/sitemap/0.9"

char *
feeds_base_url(const config *cfg)
{
	size_t n = strlen(cfg->base_url);

	if (n == 0)
		return NULL;
	return xasprintf("%s%s", cfg->base_url,
	    cfg->base_url[n - 1] == '/' ? "" : "/");
}

/* How every document here ends: serialise doc as UTF-8 with a
 * declaration when it is complete, and free doc (may be NULL) either
 * way. Returns a new string, or NULL. */
static char *
xml_finish(xmlDocPtr doc, bool complete)
{
	xmlChar *mem = NULL;
	int len = 0;
	char *s = NULL;

	if (doc == NULL)
		return NULL;
	if (complete)
		xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	if (mem != NULL && len > 0)
		s = xstrndup((const char *)mem, (size_t)len);
	xmlFree(mem);
	xmlFreeDoc(doc);
	return s;
}

/* Add <name>text</name> to parent; text is escaped when written. Returns
 * the element, or NULL when libxml2 fails. */
static xmlNodePtr
add_text(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, parent->ns, BAD_CAST name,
	    BAD_CAST text);
}

/* <link href="..."> (rel when not NULL). Returns 0 or -1. */
static int
add_link(xmlNodePtr parent, const char *href, const char *rel)
{
	xmlNodePtr l = xmlNewChild(parent, parent->ns, BAD_CAST "link", NULL);

	if (l == NULL || xmlNewProp(l, BAD_CAST "href", BAD_CAST href) ==
	    NULL)
		return -1;
	if (rel != NULL && xmlNewProp(l, BAD_CAST "rel", BAD_CAST rel) ==
	    NULL)
		return -1;
	return 0;
}

/* The integer at key of o, or def. */
static int64_t
int_at(const json_t *o, const char *key, int64_t def)
{
	const json_t *x = json_object_get(o, key);

	return json_is_integer(x) ? (int64_t)json_integer_value(x) : def;
}

/* When the incident inc last changed: its last commit, else its start,
 * else now. */
static int64_t
entry_updated(const json_t *inc, int64_t now)
{
	const json_t *c = json_array_get(json_object_get(inc, "commits"), 0);
	const json_t *st = json_object_get(json_object_get(inc, "times"),
	    "started");

	if (c != NULL)
		return int_at(c, "epoch", now);
	if (json_is_object(st))
		return int_at(st, "epoch", now);
	return now;
}

/* A string of o, or "". */
static const char *
str_at(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* One <entry>. Returns 0 or -1. */
static int
add_entry(xmlNodePtr feed, const json_t *inc, const char *base,
    const char *tag, int64_t updated)
{
	xmlNodePtr e = xmlNewChild(feed, feed->ns, BAD_CAST "entry", NULL);
	const char *id = str_at(inc, "id"), *url = str_at(inc, "url");
	const char *summary = json_string_value(json_object_get(inc,
	    "summary"));
	char *eid = base ? xasprintf("%s%s", base, url) :
	    xasprintf("%s:incident:%s", tag, id);
	char *href = xasprintf("%s%s", base ? base : "", url);
	char tb[64];
	const json_t *x;
	size_t i;
	int rc = -1;

	if (e == NULL || add_text(e, "title", str_at(inc, "title")) == NULL ||
	    add_text(e, "id", eid) == NULL ||
	    add_text(e, "updated", time_format(updated, TIME_RFC3339, tb,
	    sizeof(tb))) == NULL || add_link(e, href, "alternate") < 0)
		goto out;
	if (json_is_string(json_object_get(inc, "severity"))) {
		xmlNodePtr c = xmlNewChild(e, e->ns, BAD_CAST "category", NULL);

		if (c == NULL || xmlNewProp(c, BAD_CAST "term",
		    BAD_CAST str_at(inc, "severity")) == NULL)
			goto out;
	}
	json_array_foreach(json_object_get(inc, "services"), i, x) {
		xmlNodePtr c = xmlNewChild(e, e->ns, BAD_CAST "category", NULL);

		if (c == NULL || xmlNewProp(c, BAD_CAST "term",
		    BAD_CAST json_string_value(x)) == NULL)
			goto out;
	}
	if (summary != NULL) {
		xmlNodePtr c = add_text(e, "content", summary);

		if (c == NULL || xmlNewProp(c, BAD_CAST "type",
		    BAD_CAST "text") == NULL)
			goto out;
	}
	rc = 0;
out:
	free(eid);
	free(href);
	return rc;
}

char *
feeds_atom(const json_t *incidents, const config *cfg, int64_t now)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr feed = NULL, author;
	xmlNsPtr ns;
	char *base = feeds_base_url(cfg), *slug = slugify(cfg->title);
	/* without a base URL the ids must still be unique and stable:
	 * a tag: URI under a name reserved for examples, with the site */
	char *tag = xasprintf("tag:aftermath.invalid,2000:%s", slug);
	char *self = NULL, *text = NULL, tb[64];
	size_t n = json_array_size(incidents);
	int64_t newest = 0;
	bool any = false, complete = false;

	if (n > FEED_MAX_ENTRIES)
		n = FEED_MAX_ENTRIES;
	if (doc == NULL || (feed = xmlNewDocNode(doc, NULL, BAD_CAST "feed",
	    NULL)) == NULL)
		goto out;
	xmlDocSetRootElement(doc, feed);
	if ((ns = xmlNewNs(feed, BAD_CAST ATOM_NS, NULL)) == NULL)
		goto out;
	xmlSetNs(feed, ns);
	for (size_t i = 0; i < n; i++) {
		int64_t u = entry_updated(json_array_get(incidents, i), now);

		if (!any || u > newest)
			newest = u;
		any = true;
	}
	if (add_text(feed, "title", cfg->title) == NULL ||
	    add_text(feed, "id", base ? base : tag) == NULL ||
	    add_text(feed, "updated", time_format(any ? newest : now,
	    TIME_RFC3339, tb, sizeof(tb))) == NULL ||
	    (author = xmlNewChild(feed, ns, BAD_CAST "author", NULL)) ==
	    NULL || add_text(author, "name", cfg->title) == NULL ||
	    add_text(feed, "generator", "Aftermath") == NULL)
		goto out;
	if (base != NULL) {
		self = xasprintf("%sfeed.atom", base);
		if (add_link(feed, self, "self") < 0 ||
		    add_link(feed, base, "alternate") < 0)
			goto out;
	} else if (add_link(feed, ROUTE_INDEX, "alternate") < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const json_t *inc = json_array_get(incidents, i);

		if (add_entry(feed, inc, base, tag, entry_updated(inc, now)) <
		    0)
			goto out;
	}
	complete = true;
out:
	text = xml_finish(doc, complete);
	free(base);
	free(slug);
	free(tag);
	free(self);
	return text;
}

char *
feeds_sitemap(const strlist *pages, const config *cfg)
{
	char *base = feeds_base_url(cfg), *text = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr set;
	xmlNsPtr ns;
	bool complete = false;

	if (base == NULL)
		return NULL;
	if ((doc = xmlNewDoc(BAD_CAST "1.0")) == NULL ||
	    (set = xmlNewDocNode(doc, NULL, BAD_CAST "urlset", NULL)) == NULL)
		goto out;
	xmlDocSetRootElement(doc, set);
	if ((ns = xmlNewNs(set, BAD_CAST SITEMAP_NS, NULL)) == NULL)
		goto out;
	xmlSetNs(set, ns);
	for (size_t i = 0; i < pages->n; i++) {
		xmlNodePtr u = xmlNewChild(set, ns, BAD_CAST "url", NULL);
		char *loc = xasprintf("%s%s", base, pages->v[i]);
		xmlNodePtr l = u ? add_text(u, "loc", loc) : NULL;

		free(loc);
		if (l == NULL)
			goto out;
	}
	complete = true;
out:
	text = xml_finish(doc, complete);
	free(base);
	return text;
}

char *
feeds_incidents_json_head(const config *cfg, bool public, int64_t now)
{
	char iso[64], shown[64];
	json_t *o = json_pack("{s:i,s:s,s:s,s:b,s:{s:s,s:s},s:[]}",
	    "version", 1, "title", cfg->title, "base_url", cfg->base_url,
	    "public", public,
	    /* the day, as on the pages: overdue marks go by day */
	    "as_of", "iso", time_format(now, TIME_DATE, iso, sizeof(iso)),
	    "show", time_format(now, TIME_DATE, shown, sizeof(shown)),
	    "incidents");
	char *text, *end;

	if (o == NULL)
		return NULL;
	/* the same layout as metrics.json; the list is left open */
	text = json_text(o);
	json_decref(o);
	if (text == NULL || (end = strstr(text, "\"incidents\": []")) == NULL) {
		free(text);
		return NULL;
	}
	end[strlen("\"incidents\": [")] = '\0';
	return text;
}

char *
feeds_incidents_json_item(const json_t *inc, bool first)
{
	buf b = { 0 };

	if (inc == NULL || !json_is_object(inc))
		return NULL;
	/* an item of the list two levels down, written in place */
	buf_adds(&b, first ? "\n    " : ",\n    ");
	json_text_append(&b, inc, 2);
	return buf_detach(&b);
}

const char *
feeds_incidents_json_tail(bool empty)
{
	return empty ? "]\n}\n" : "\n  ]\n}\n";
}
