/*
 * fuzz_record.c - libFuzzer target: the input is a whole record file,
 * taken through the path of "aftermath build" for one incident page:
 * record_parse, the merged timeline (no history), the JSON form, the
 * body as HTML and the built-in incident.html inside layout.html. The
 * page must be inert (htmlcheck.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "parse/record_parse.h"
#include "render/export.h"
#include "htmlcheck.h"
#include "render/mdhtml.h"
#include "model/record.h"
#include "render/template.h"
#include "templates_gen.h"
#include "history/timeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static template *
builtin(const char *name)
{
	diags d = { 0 };
	template *t = NULL;

	for (const struct embedded_file *e = embedded_files; e->name; e++)
		if (strcmp(e->name, name) == 0)
			t = template_parse(name, e->data, e->len, &d);
	diags_free(&d);
	if (t == NULL)
		abort();
	return t;
}

static bool
body_fragment(void *ud, const char *name, const char **html, size_t *len)
{
	const buf *body = ud;

	if (strcmp(name, "body") != 0)
		return false;
	*html = body->data ? body->data : "";
	*len = body->len;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static config *cfg;
	static template *layout, *page;
	diags d = { 0 };
	record *r;
	timeline *tl = NULL;
	json_t *inc = NULL, *pd = NULL;
	buf body = { 0 }, html = { 0 };
	template_frags frags = { body_fragment, NULL, &body };
	const char *why;

	if (cfg == NULL) {
		if ((cfg = config_default()) == NULL)
			abort();
		layout = builtin("layout.html");
		page = builtin("incident.html");
	}
	r = record_parse("incidents/fuzz.md", (const char *)data, size, cfg,
	    &d);
	if (r->failed)
		goto out;
	tl = timeline_build(r, NULL, cfg);
	inc = export_incident(r, tl, cfg, 1767225600);
	pd = json_pack("{s:{s:s,s:s,s:s,s:s},s:s,s:s}", "site", "title",
	    "Archive", "base_url", "", "as_of", "2026-01-01", "timezone",
	    "UTC", "root", "../", "title", r->title ? r->title : r->id);
	if (inc == NULL || pd == NULL ||
	    json_object_set(pd, "incident", inc) < 0)
		abort();
	if (r->doc != NULL && mdhtml_render(r, NULL, &body, &d) < 0)
		goto out;
	if (template_render(page, layout, pd, &frags, &html, &d) < 0)
		goto out;
	if ((why = htmlcheck(html.data, html.len)) != NULL) {
		fprintf(stderr, "page is not inert: %s\n", why);
		abort();
	}
out:
	buf_free(&html);
	buf_free(&body);
	json_decref(pd);
	json_decref(inc);
	timeline_free(tl);
	record_free(r);
	diags_free(&d);
	return 0;
}
