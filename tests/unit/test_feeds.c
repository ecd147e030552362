/*
 * test_feeds.c - what other programs read: feed.atom (well-formed Atom,
 * escaped text, stable ids, dates from commits), sitemap.xml only with a
 * base URL, incidents.json, and followups.csv (RFC 4180 quoting, no
 * formula injection).
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "model/config.h"
#include "render/feeds.h"
#include "metrics/metrics.h"
#include "render/metrics_json.h"
#include "render/json_text.h"
#include "render/render_pages.h"
#include "lib/timeutil.h"

static int
reset_zone(void **state)
{
	(void)state;
	return tz_set("UTC");
}

/* An incident object with the keys the feed reads. commit_epoch < 0:
 * no commits; started < 0: no start. */
static json_t *
incident(const char *id, const char *title, const char *summary,
    int64_t started, int64_t commit_epoch)
{
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:[s,s],s:{},s:[]}",
	    "id", id, "title", title, "url", "", "severity", "SEV2",
	    "services", "checkout", "pay<ments>", "times", "commits");
	char *url = xasprintf("incidents/%s.html", id);

	json_object_set_new(o, "url", json_string(url));
	free(url);
	json_object_set_new(o, "summary", summary ? json_string(summary) :
	    json_null());
	json_object_set_new(json_object_get(o, "times"), "started",
	    started < 0 ? json_null() : json_pack("{s:I}", "epoch",
	    (json_int_t)started));
	if (commit_epoch >= 0)
		json_array_append_new(json_object_get(o, "commits"),
		    json_pack("{s:I}", "epoch", (json_int_t)commit_epoch));
	return o;
}

/* Parse text as XML; fails the test when it is not well-formed. */
static xmlDocPtr
parse_xml(const char *text)
{
	xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), "feed.xml",
	    NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	assert_non_null(doc);
	return doc;
}

/* The text of the first element called name below n, or NULL. */
static const xmlNode *
find(const xmlNode *n, const char *name)
{
	for (; n != NULL; n = n->next) {
		const xmlNode *f;

		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
		if ((f = find(n->children, name)) != NULL)
			return f;
	}
	return NULL;
}

static void
test_atom_no_base(void **state)
{
	config *cfg = config_default();
	json_t *list = json_array();
	char *text;
	xmlDocPtr doc;
	const xmlNode *root, *e;
	xmlChar *s;

	(void)state;
	json_array_append_new(list, incident("2024-002",
	    "DB <failover> & \"more\"", "Orders lost.", 1709300000,
	    1709900000));
	json_array_append_new(list, incident("2024-001", "Old", NULL,
	    1700000000, -1));
	text = feeds_atom(list, cfg, 1800000000);
	assert_non_null(text);
	doc = parse_xml(text);
	root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "feed");
	assert_string_equal((const char *)root->ns->href,
	    "http://www.w3.org/2005/Atom");
	/* the feed is as new as its newest entry, never the clock */
	s = xmlNodeGetContent(find(root->children, "updated"));
	assert_string_equal((const char *)s, "2024-03-08T12:13:20Z");
	xmlFree(s);
	e = find(root->children, "entry");
	assert_non_null(e);
	s = xmlNodeGetContent(find(e->children, "title"));
	assert_string_equal((const char *)s, "DB <failover> & \"more\"");
	xmlFree(s);
	s = xmlNodeGetContent(find(e->children, "id"));
	assert_string_equal((const char *)s, "tag:aftermath.invalid,2000:"
	    "incident-archive:incident:2024-002");
	xmlFree(s);
	s = xmlGetProp(find(e->children, "content"), BAD_CAST "type");
	assert_string_equal((const char *)s, "text");
	xmlFree(s);
	/* an entry without commits is dated by its start; no summary, no
	 * content */
	e = find(e->next, "entry");
	assert_non_null(e);
	assert_null(find(e->children, "content"));
	s = xmlNodeGetContent(find(e->children, "updated"));
	assert_string_equal((const char *)s, "2023-11-14T22:13:20Z");
	xmlFree(s);
	assert_null(strstr(text, "<failover>"));
	xmlFreeDoc(doc);
	free(text);
	json_decref(list);
	config_free(cfg);
}

static void
test_atom_base_and_limit(void **state)
{
	config *cfg = config_default();
	json_t *list = json_array();
	char *text, *p;
	size_t n = 0;

	(void)state;
	free(cfg->base_url);
	cfg->base_url = xstrdup("https://incidents.example.com/archive");
	for (int i = 0; i < FEED_MAX_ENTRIES + 5; i++) {
		char id[32];

		snprintf(id, sizeof(id), "2024-%03d", i);
		json_array_append_new(list, incident(id, "T", "S",
		    1700000000 - i, -1));
	}
	text = feeds_atom(list, cfg, 1800000000);
	assert_non_null(text);
	for (p = text; (p = strstr(p, "<entry>")) != NULL; p++)
		n++;
	assert_int_equal(n, FEED_MAX_ENTRIES);
	assert_non_null(strstr(text, "<id>https://incidents.example.com/"
	    "archive/incidents/2024-000.html</id>"));
	assert_non_null(strstr(text, "href=\"https://incidents.example.com/"
	    "archive/feed.atom\" rel=\"self\""));
	free(text);
	json_decref(list);
	/* no incidents: the feed is dated "as of" */
	list = json_array();
	text = feeds_atom(list, cfg, 1800000000);
	assert_non_null(strstr(text, "<updated>2027-01-15T08:00:00Z"
	    "</updated>"));
	free(text);
	json_decref(list);
	config_free(cfg);
}

static void
test_sitemap(void **state)
{
	config *cfg = config_default();
	strlist pages = { 0 };
	char *text;

	(void)state;
	strlist_add(&pages, "index.html");
	strlist_add(&pages, "incidents/2024-001.html");
	assert_null(feeds_sitemap(&pages, cfg));
	free(cfg->base_url);
	cfg->base_url = xstrdup("https://x.example/");
	text = feeds_sitemap(&pages, cfg);
	assert_non_null(text);
	xmlFreeDoc(parse_xml(text));
	assert_non_null(strstr(text, "<loc>https://x.example/incidents/"
	    "2024-001.html</loc>"));
	assert_non_null(strstr(text,
	    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""));
	free(text);
	strlist_free(&pages);
	config_free(cfg);
}

/* incidents.json for list, from its parts, as render.c writes it. */
static char *
incidents_json(json_t *list, const config *cfg, bool public, int64_t now)
{
	char *head = feeds_incidents_json_head(cfg, public, now);
	buf b = { 0 };
	size_t i;
	json_t *inc;

	assert_non_null(head);
	buf_adds(&b, head);
	free(head);
	json_array_foreach(list, i, inc) {
		char *item = feeds_incidents_json_item(inc, i == 0);

		assert_non_null(item);
		buf_adds(&b, item);
		free(item);
	}
	buf_adds(&b, feeds_incidents_json_tail(json_array_size(list) == 0));
	return buf_detach(&b);
}

static void
test_incidents_json(void **state)
{
	config *cfg = config_default();
	json_t *list = json_array(), *o;
	char *text;

	(void)state;
	json_array_append_new(list, incident("2024-001", "T", "S", 1, -1));
	text = incidents_json(list, cfg, true, 1800000000);
	assert_non_null(text);
	o = json_loads(text, 0, NULL);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "version")),
	    1);
	assert_true(json_is_true(json_object_get(o, "public")));
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(o, "as_of"), "iso")), "2027-01-15");
	assert_int_equal(json_array_size(json_object_get(o, "incidents")), 1);
	json_decref(o);
	free(text);
	json_decref(list);
	config_free(cfg);
}

/* The text of incidents.json is made in parts, one incident at a time;
 * it must be what dumping the whole document at once gives. */
static void
test_incidents_json_parts(void **state)
{
	config *cfg = config_default();

	(void)state;
	for (int n = 0; n <= 3; n++) {
		json_t *list = json_array(), *whole;
		char *text, *want, iso[64];

		for (int i = 0; i < n; i++) {
			json_t *inc = incident(i == 1 ? "2024-002" : "2024-001",
			    "T \"quoted\"\nline", "S", 1 + i, -1);

			/* nesting, empty containers and reals, as exports have */
			json_object_set_new(inc, "deep", json_pack("{s:[{s:[]},"
			    "{s:{}}],s:f,s:n}", "a", "b", "c", "x", 1.5, "y"));
			json_array_append_new(list, inc);
		}
		time_format(1800000000, TIME_DATE, iso, sizeof(iso));
		whole = json_pack("{s:i,s:s,s:s,s:b,s:{s:s,s:s},s:O}",
		    "version", 1, "title", cfg->title, "base_url",
		    cfg->base_url, "public", 0, "as_of", "iso", iso, "show",
		    iso, "incidents", list);
		want = json_text(whole);
		text = incidents_json(list, cfg, false, 1800000000);
		assert_non_null(text);
		assert_string_equal(text, want);
		free(text);
		free(want);
		json_decref(whole);
		json_decref(list);
	}
	config_free(cfg);
}

static void
test_csv_rows(void **state)
{
	json_t *rows = json_pack("[{s:{s:s,s:s,s:s},s:s,s:s,s:n,s:s,s:s,"
	    "s:n,s:s,s:s,s:b}]", "incident", "id", "2024-001", "title",
	    "Down, again", "url", "incidents/2024-001.html",
	    "action", "=cmd|' /C calc'!A0", "owner", "Bo", "priority",
	    "type", "fix", "ticket", "OPS-1", "ticket_url", "due",
	    "2024-03-01", "status", "open", "overdue", 1);
	char *csv = followups_csv(rows);

	(void)state;
	assert_string_equal(csv,
	    "incident,incident_title,action,owner,priority,type,ticket,"
	    "ticket_url,due,status,overdue,page\r\n"
	    "2024-001,\"Down, again\",'=cmd|' /C calc'!A0,Bo,,fix,OPS-1,,"
	    "2024-03-01,open,yes,incidents/2024-001.html\r\n");
	free(csv);
	json_decref(rows);
}

int
main(void)
{
#define T(f) cmocka_unit_test_teardown(f, reset_zone)
	const struct CMUnitTest tests[] = {
		T(test_atom_no_base),
		T(test_atom_base_and_limit),
		T(test_sitemap),
		T(test_incidents_json),
		T(test_incidents_json_parts),
		T(test_csv_rows),
	};

	tz_set("UTC");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
