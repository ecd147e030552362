/*
 * fuzz_template.c - libFuzzer target: the input is a template. It is
 * compiled into a program and run with data full of markup and unsafe
 * URLs, alone and inside the built-in layout. Templates are trusted code,
 * so their own markup may be anything; what counts is a crash, a leak, a
 * hang, a sanitizer report, or data written as markup: the data's
 * "<xss-data>" must never reach a page unescaped (unless the template
 * itself spells it).
 */
#define _GNU_SOURCE		/* memmem */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "render/template.h"
#include "templates_gen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char data_json[] =
    "{\"title\": \"<script>alert(1)</script><xss-data>\", \"root\": \"../\","
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
	buf html = { 0 };
	bool spelled = memmem(data, size, "xss-data", 8) != NULL;

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
		html.len = 0;
		/* whatever the template, data never becomes markup */
		if (template_render(t, with_layout ? layout : NULL, root, NULL,
		    &html, &d) == 0 && html.data != NULL &&
		    strstr(html.data, "<xss-data") != NULL &&
		    !spelled) {
			fprintf(stderr, "data became markup\n");
			abort();
		}
	}
	buf_free(&html);
	template_free(t);
	diags_free(&d);
	return 0;
}
