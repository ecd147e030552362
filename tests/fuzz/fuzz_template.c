/*
 * fuzz_template.c - libFuzzer target: the input is a template. It is
 * compiled, rendered with data full of markup and unsafe URLs, with and
 * inside the built-in layout, and serialised. Templates are trusted code,
 * so only crashes, leaks, hangs and sanitizer reports count here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "render/template.h"
#include "templates_gen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char data_json[] =
    "{\"title\": \"<script>alert(1)</script>\", \"root\": \"../\","
    " \"site\": {\"title\": \"\\\"><img src=x onerror=alert(1)>\","
    "  \"base_url\": \"javascript:alert(1)\"},"
    " \"incidents\": [{\"id\": \"a\", \"title\": \"<b>x</b>\","
    "  \"url\": \"javascript:alert(1)\", \"services\": [\"a\", \"b\"],"
    "  \"n\": 3, \"r\": 1.25, \"ok\": true, \"no\": null},"
    "  {\"id\": \"b\", \"url\": \"//evil.example/\", \"services\": []}],"
    " \"incident\": {\"title\": \"t\", \"links\": [{\"name\": \"x\","
    "  \"url\": \" javascript:alert(1)\"}]}}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *root;
	static template *layout;
	diags d = { 0 };
	template *t;
	xmlDocPtr doc;
	char *html;
	size_t len;

	if (root == NULL) {
		json_error_t err;

		if ((root = json_loads(data_json, 0, &err)) == NULL)
			abort();
		for (const struct embedded_file *e = embedded_files; e->name;
		    e++)
			if (strcmp(e->name, "layout.html") == 0)
				layout = template_parse(e->name, e->data,
				    e->len, &d);
		if (layout == NULL)
			abort();
	}
	t = template_parse("fuzz.html", (const char *)data, size, &d);
	for (int with_layout = 0; t != NULL && with_layout < 2; with_layout++) {
		doc = template_render(t, with_layout ? layout : NULL, root, NULL,
		    NULL, &d);
		if (doc != NULL && template_serialize(doc, &html, &len) == 0)
			free(html);
		if (doc != NULL)
			xmlFreeDoc(doc);
	}
	template_free(t);
	diags_free(&d);
	return 0;
}
