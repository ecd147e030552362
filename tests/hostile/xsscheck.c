/*
 * xsscheck.c - xsscheck FILE... : exit 1 and name the file and the
 * problem when a page is not inert (tests/fuzz/htmlcheck.h). .html files
 * are read as HTML; .atom and .xml as XML, where every link, id and loc
 * must be a safe URL and no element may come from data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "htmlcheck.h"

/* The text of a URL as a browser reads it, checked like htmlcheck does:
 * wrap it in an <a> and let htmlcheck judge. */
static const char *
url_check(const char *url)
{
	static char page[4096];
	xmlChar *esc = xmlEncodeSpecialChars(NULL, BAD_CAST url);
	const char *why;

	snprintf(page, sizeof(page), "<a href=\"%s\">x</a>",
	    esc ? (const char *)esc : "");
	xmlFree(esc);
	why = htmlcheck(page, strlen(page));
	return why;
}

static const char *
check_xml(const char *path)
{
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNodePtr n;
	const char *why = NULL;

	if (doc == NULL)
		return "not well-formed XML";
	n = xmlDocGetRootElement(doc);
	while (n != NULL && why == NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			xmlChar *v = NULL;

			if (strncmp(name, "xss", 3) == 0)
				why = "element made from data";
			else if (strcmp(name, "link") == 0)
				v = xmlGetProp(n, BAD_CAST "href");
			else if (strcmp(name, "id") == 0 ||
			    strcmp(name, "loc") == 0 || strcmp(name, "uri") == 0)
				v = xmlNodeGetContent(n);
			if (v != NULL) {
				why = url_check((const char *)v);
				xmlFree(v);
			}
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
		}
		while (n != NULL && n->next == NULL)
			n = n->parent != (xmlNodePtr)doc ? n->parent : NULL;
		if (n != NULL)
			n = n->next;
	}
	xmlFreeDoc(doc);
	return why;
}

int
main(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		const char *path = argv[i], *dot = strrchr(path, '.');
		const char *why = NULL;

		if (dot != NULL && (strcmp(dot, ".atom") == 0 ||
		    strcmp(dot, ".xml") == 0))
			why = check_xml(path);
		else {
			FILE *f = fopen(path, "rb");
			char *text = NULL;
			long len;

			if (f == NULL || fseek(f, 0, SEEK_END) != 0 ||
			    (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
			    (text = malloc((size_t)len + 1)) == NULL ||
			    fread(text, 1, (size_t)len, f) != (size_t)len)
				why = "cannot read";
			else
				why = htmlcheck(text, (size_t)len);
			free(text);
			if (f != NULL)
				fclose(f);
		}
		if (why != NULL) {
			printf("%s: %s\n", path, why);
			rc = 1;
		}
	}
	return rc;
}
