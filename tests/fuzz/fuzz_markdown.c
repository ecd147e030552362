/*
 * fuzz_markdown.c - libFuzzer target: the input is a record body. It is
 * read into sections, timeline entries and action items, then rendered
 * as HTML nodes, and the page must be inert (htmlcheck.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "htmlcheck.h"
#include "parse/markdown.h"
#include "render/mdhtml.h"
#include "render/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static config *cfg;
	record *r = record_new("incidents/fuzz.md");
	diags d = { 0 };
	buf html = { 0 };
	const char *why;

	if (cfg == NULL && (cfg = config_default()) == NULL)
		abort();
	/* the record stage has checked the encoding and line ends */
	if (markdown_parse((const char *)data, size, 5, r, cfg, &d) < 0)
		goto out;
	buf_adds(&html, "<!DOCTYPE html>\n<html><body>");
	if (mdhtml_render(r, NULL, &html, &d) < 0)
		goto out;
	buf_adds(&html, "</body></html>\n");
	if ((why = htmlcheck(html.data, html.len)) != NULL) {
		fprintf(stderr, "page is not inert: %s\n", why);
		abort();
	}
out:
	buf_free(&html);
	record_free(r);
	diags_free(&d);
	return 0;
}
