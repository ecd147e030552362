/*
 * htmlcheck.c - is a page Aftermath wrote inert? See htmlcheck.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "htmlcheck.h"

static char msg[512];

/* Elements that must never appear, whatever made them. */
static const char *const banned[] = {
	"iframe", "frame", "frameset", "object", "embed", "applet", "base",
	NULL
};

/* Attributes whose value is a URL. */
static const char *const url_attrs[] = {
	"href", "src", "action", "formaction", "poster", "cite", "data",
	"background", "srcset", "ping", "xlink:href", "longdesc", "usemap",
	NULL
};

static bool
in(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static bool
starts_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return false;
	}
	return true;
}

static bool
contains_ci(const char *s, const char *needle)
{
	for (; *s; s++)
		if (starts_ci(s, needle))
			return true;
	return false;
}

/* True when url, read as a browser reads it, is a script or data URL or
 * leaves the site's host. Browsers skip leading white space and controls
 * and delete tabs and newlines anywhere. */
static bool
url_is_bad(const char *url)
{
	char v[32];
	size_t n = 0;

	while (*url != '\0' && (unsigned char)*url <= ' ')
		url++;
	for (; *url != '\0' && n < sizeof(v) - 1; url++)
		if (*url != '\t' && *url != '\n' && *url != '\r')
			v[n++] = *url;
	v[n] = '\0';
	/* the empty document the layout names as its icon */
	if (strcmp(v, "data:,") == 0)
		return false;
	return starts_ci(v, "javascript:") || starts_ci(v, "vbscript:") ||
	    starts_ci(v, "data:") || starts_ci(v, "file:") ||
	    strncmp(v, "//", 2) == 0 || strncmp(v, "/\\", 2) == 0 ||
	    v[0] == '\\';
}

/* True when src is a plain relative path: the templates' own scripts. */
static bool
plain_path(const char *src)
{
	if (src[0] == '\0' || src[0] == '/')
		return false;
	for (const char *p = src; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-' || *p == '/'))
			return false;
	return true;
}

static const char *
check_element(xmlNodePtr n)
{
	const char *name = (const char *)n->name;

	if (starts_ci(name, "xss")) {
		snprintf(msg, sizeof(msg), "element <%s> made from data", name);
		return msg;
	}
	if (in(name, banned)) {
		snprintf(msg, sizeof(msg), "element <%s>", name);
		return msg;
	}
	if (strcmp(name, "script") == 0) {
		xmlChar *src = xmlGetProp(n, BAD_CAST "src");
		bool ok = n->children == NULL && src != NULL &&
		    plain_path((const char *)src);

		snprintf(msg, sizeof(msg), "<script src=\"%.200s\"> with%s "
		    "content", src ? (const char *)src : "", n->children ?
		    "" : "out");
		xmlFree(src);
		if (!ok)
			return msg;
	}
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
		const char *an = (const char *)a->name;
		xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
		const char *val = v ? (const char *)v : "";
		const char *bad = NULL;

		if (starts_ci(an, "on") || strcmp(an, "srcdoc") == 0)
			bad = "attribute";
		else if (in(an, url_attrs) && url_is_bad(val))
			bad = "URL";
		else if (strcmp(an, "style") == 0 &&
		    (contains_ci(val, "javascript:") ||
		    contains_ci(val, "expression(")))
			bad = "style";
		if (bad != NULL)
			snprintf(msg, sizeof(msg), "%s %s=\"%.200s\" on <%s>",
			    bad, an, val, name);
		xmlFree(v);
		if (bad != NULL)
			return msg;
	}
	return NULL;
}

const char *
htmlcheck(const char *html, size_t len)
{
	htmlDocPtr doc;
	xmlNodePtr n;
	const char *why = NULL;

	if (len > 0x7fffffff)
		return "page too large to check";
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS);
	if (doc == NULL)
		return NULL;
	/* walk without recursion */
	n = xmlDocGetRootElement(doc);
	while (n != NULL && why == NULL) {
		if (n->type == XML_ELEMENT_NODE)
			why = check_element(n);
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != NULL && n->next == NULL)
			n = n->parent != (xmlNodePtr)doc ? n->parent : NULL;
		if (n != NULL)
			n = n->next;
	}
	xmlFreeDoc(doc);
	return why;
}
