/*
 * fuzz_frontmatter.c - libFuzzer target: the input is a whole record
 * file; the front matter is split off, checked and read into the model,
 * as record_parse does. The YAML tree is also loaded on its own, the way
 * aftermath.yaml is.
 */
#include <stdint.h>
#include <stdlib.h>

#include "parse/record_parse.h"
#include "parse/frontmatter.h"
#include "parse/yamltree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static config *cfg;
	const char *text = (const char *)data;
	size_t yoff, ylen, boff;
	int bline;
	diags d = { 0 };
	record *r;
	ynode *root = NULL;

	if (cfg == NULL && (cfg = config_default()) == NULL)
		abort();
	r = record_new("incidents/fuzz.md");
	if (frontmatter_split(text, size, r->path, &yoff, &ylen, &boff,
	    &bline, &d) == 0)
		(void)frontmatter_parse(text + yoff, ylen, 2, r, cfg, &d);
	if (yaml_load(text, size, "aftermath.yaml", 1, &root, &d) == 0)
		ynode_free(root);
	record_free(r);
	diags_free(&d);
	return 0;
}
