/*
 * test_template.c - every directive, the expression language, layouts,
 * the URL check, escaping and the HTML5 serialisation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include <libxml/HTMLparser.h>

#include "lib/files.h"
#include "render/template.h"
#include "lib/util.h"

#define TNAME "templates/t.html"

/* A whole page around body, as a designer would write it. */
#define PAGE(body) \
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n" \
	"<meta charset=\"utf-8\">\n<title>T</title>\n</head>\n" \
	"<body>" body "</body>\n</html>\n"

/* Parse text, which must succeed without findings. */
static template *
parse_ok(const char *text)
{
	diags d = { 0 };
	template *t = template_parse(TNAME, text, strlen(text), &d);

	for (size_t i = 0; i < d.n; i++)
		print_message("unexpected finding: %d: %s\n", d.v[i].line,
		    d.v[i].message);
	assert_non_null(t);
	assert_int_equal(d.n, 0);
	diags_free(&d);
	return t;
}

/* The JSON text json as a value; NULL json gives NULL. */
static json_t *
load_json(const char *json)
{
	json_error_t err;
	json_t *v;

	if (json == NULL)
		return NULL;
	v = json_loads(json, 0, &err);
	if (v == NULL)
		print_message("bad test JSON: %s\n", err.text);
	assert_non_null(v);
	return v;
}

/* Run t (in layout l, may be NULL) over data with fragments f (may be
 * NULL); the run must succeed. The caller frees the page. */
static char *
run_ok(const template *t, const template *l, json_t *data,
    const template_frags *f, diags *d)
{
	buf out = { 0 };

	assert_int_equal(template_render(t, l, data, f, &out, d), 0);
	assert_non_null(out.data);
	assert_int_equal(strlen(out.data), out.len);
	return buf_detach(&out);
}

/* Run t, which must fail; returns nothing. */
static void
run_fails(const template *t, const template *l, json_t *data, diags *d)
{
	buf out = { 0 };

	assert_int_equal(template_render(t, l, data, NULL, &out, d), -1);
	buf_free(&out);
}

/* Render page (with layout, may be NULL) over json into serialised HTML,
 * findings going to d. */
static char *
render_full(const char *page, const char *layout, const char *json,
    template_fragment_fn fragment, void *ud, diags *d)
{
	template *t = parse_ok(page), *l = layout ? parse_ok(layout) : NULL;
	json_t *data = load_json(json);
	template_frags f = { NULL, fragment, ud };
	char *out;

	out = run_ok(t, l, data, &f, d);
	json_decref(data);
	template_free(t);
	template_free(l);
	return out;
}

/* What lies between <body> and </body> of html; the caller frees it. */
static char *
body_of(const char *html)
{
	const char *s = strstr(html, "<body>"), *e = strstr(html, "</body>");

	assert_non_null(s);
	assert_non_null(e);
	s += strlen("<body>");
	assert_true(s <= e);
	return xstrndup(s, (size_t)(e - s));
}

/* Render PAGE(body) over json without findings; compare the body. */
static void
expect_body(const char *body, const char *json, const char *want)
{
	diags d = { 0 };
	char *page = xasprintf(PAGE("%s"), body);
	char *out = render_full(page, NULL, json, NULL, NULL, &d);
	char *got = body_of(out);

	if (strcmp(got, want) != 0)
		print_message("template: %s\ndata: %s\n", body,
		    json ? json : "(none)");
	assert_string_equal(got, want);
	assert_int_equal(d.n, 0);
	free(got);
	free(out);
	free(page);
	diags_free(&d);
}

/* Parsing text must fail with a "template" error at line. */
static void
expect_parse_error(const char *text, int line, const char *needle)
{
	diags d = { 0 };
	template *t = template_parse(TNAME, text, strlen(text), &d);

	if (t != NULL)
		print_message("parsed, but should not: %s\n", text);
	assert_null(t);
	assert_true(d.n >= 1);
	assert_string_equal(d.v[0].rule, "template");
	assert_int_equal(d.v[0].level, DIAG_ERROR);
	assert_string_equal(d.v[0].path, TNAME);
	if (line > 0)
		assert_int_equal(d.v[0].line, line);
	if (needle != NULL && strstr(d.v[0].message, needle) == NULL) {
		print_message("message \"%s\" lacks \"%s\"\n",
		    d.v[0].message, needle);
		fail();
	}
	diags_free(&d);
}

/* How many times needle occurs in s. */
static size_t
occurrences(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
test_text_values(void **state)
{
	(void)state;
	expect_body("<p data-am-text=\"s\">sample</p>", "{\"s\": \"hi\"}",
	    "<p>hi</p>");
	expect_body("<p data-am-text=\"n\">x</p>", "{\"n\": 42}", "<p>42</p>");
	expect_body("<p data-am-text=\"n\">x</p>", "{\"n\": -7}", "<p>-7</p>");
	expect_body("<p data-am-text=\"r\">x</p>", "{\"r\": 1.5}",
	    "<p>1.5</p>");
	expect_body("<p data-am-text=\"r\">x</p>", "{\"r\": 2.0}", "<p>2</p>");
	expect_body("<p data-am-text=\"r\">x</p>", "{\"r\": 1.234}",
	    "<p>1.23</p>");
	expect_body("<p data-am-text=\"r\">x</p>", "{\"r\": 0.999}",
	    "<p>1</p>");
	expect_body("<p data-am-text=\"r\">x</p>", "{\"r\": -0.25}",
	    "<p>-0.25</p>");
	expect_body("<p data-am-text=\"r\">x</p>", "{\"r\": -0.001}",
	    "<p>0</p>");
	expect_body("<p data-am-text=\"r\">x</p>", "{\"r\": 0.1}",
	    "<p>0.1</p>");
	expect_body("<p data-am-text=\"b\">x</p>", "{\"b\": true}",
	    "<p>true</p>");
	expect_body("<p data-am-text=\"b\">x</p>", "{\"b\": false}",
	    "<p>false</p>");
	expect_body("<p data-am-text=\"z\">x</p>", "{\"z\": null}",
	    "<p></p>");
	expect_body("<p data-am-text=\"missing.deep[3].key\">x</p>", "{}",
	    "<p></p>");
	expect_body("<p data-am-text=\"a.b[1].c\">x</p>",
	    "{\"a\": {\"b\": [{\"c\": 1}, {\"c\": \"second\"}]}}",
	    "<p>second</p>");
	/* out of range, and an index into an object, are null */
	expect_body("<p data-am-text=\"a[5]\">x</p><i data-am-text=\"o[0]\">"
	    "</i>", "{\"a\": [1], \"o\": {\"k\": 1}}", "<p></p><i></i>");
	/* no data at all: every name is null */
	expect_body("<p data-am-text=\"x\">x</p>", NULL, "<p></p>");
	/* text replaces every child, elements included */
	expect_body("<div data-am-text=\"s\"><b>sample</b> text</div>",
	    "{\"s\": \"new\"}", "<div>new</div>");
	/* names may hold '-' and '_' */
	expect_body("<p data-am-text=\"my-key._x\">x</p>",
	    "{\"my-key\": {\"_x\": \"ok\"}}", "<p>ok</p>");
	/* UTF-8 stays characters */
	expect_body("<p data-am-text=\"s\">x</p>",
	    "{\"s\": \"caf\\u00e9 \\u20ac\"}", "<p>caf\xc3\xa9 \xe2\x82\xac</p>");
}

static void
test_text_escaping(void **state)
{
	diags d = { 0 };
	char *out, *body;

	(void)state;
	out = render_full(PAGE("<p data-am-text=\"s\">x</p>"
	    "<a href=\"#\" data-am-attr-title=\"s\">l</a>"), NULL,
	    "{\"s\": \"<script>alert('x')&\\\"</script>\"}", NULL, NULL, &d);
	body = body_of(out);
	assert_string_equal(body,
	    "<p>&lt;script&gt;alert('x')&amp;\"&lt;/script&gt;</p>"
	    "<a href=\"#\" title=\"&lt;script&gt;alert('x')&amp;&quot;"
	    "&lt;/script&gt;\">l</a>");
	assert_null(strstr(out, "<script"));
	assert_int_equal(d.n, 0);
	free(body);
	free(out);
}

static void
test_repeat(void **state)
{
	diags d = { 0 };
	char *out;

	(void)state;
	expect_body("<ul><li data-am-repeat=\"x in xs\" data-am-text=\"x\">"
	    "sample</li></ul>", "{\"xs\": [\"a\", 2, true]}",
	    "<ul><li>a</li><li>2</li><li>true</li></ul>");
	/* _index counts from 1, _last marks the last item */
	expect_body("<i data-am-repeat=\"x in xs\" data-am-text=\"x_index + "
	    "':' + x + ':' + x_last\"></i>", "{\"xs\": [\"a\", \"b\"]}",
	    "<i>1:a:false</i><i>2:b:true</i>");
	expect_body("<span data-am-repeat=\"s in xs\"><b data-am-text=\"s\">"
	    "</b><i data-am-unless=\"s_last\">, </i></span>",
	    "{\"xs\": [\"a\", \"b\", \"c\"]}",
	    "<span><b>a</b><i>, </i></span><span><b>b</b><i>, </i></span>"
	    "<span><b>c</b></span>");
	/* nested: outer names stay visible inside */
	expect_body("<div data-am-repeat=\"g in groups\"><i data-am-repeat="
	    "\"x in g.items\" data-am-text=\"g.name + g_index + x + x_index "
	    "+ x_last\"></i></div>",
	    "{\"groups\": [{\"name\": \"a\", \"items\": [\"p\", \"q\"]},"
	    " {\"name\": \"b\", \"items\": [\"r\"]}]}",
	    "<div><i>a1p1false</i><i>a1q2true</i></div>"
	    "<div><i>b2r1true</i></div>");
	/* shadowing: the inner g hides the outer g and root g */
	expect_body("<div data-am-repeat=\"g in groups\"><i data-am-repeat="
	    "\"g in g.items\" data-am-text=\"g + g_index\"></i><b "
	    "data-am-text=\"g.name + g_index\"></b></div>",
	    "{\"g\": \"root\", \"groups\": [{\"name\": \"a\", \"items\": "
	    "[\"p\", \"q\"]}]}",
	    "<div><i>p1</i><i>q2</i><b>a1</b></div>");
	/* a binding hides a root key, and the root is back afterwards */
	expect_body("<i data-am-repeat=\"k in ks\" data-am-text=\"k\"></i>"
	    "<b data-am-text=\"k\"></b>", "{\"k\": \"root\", \"ks\": [1]}",
	    "<i>1</i><b>root</b>");
	/* repeat is processed before if: if sees the item */
	expect_body("<i data-am-repeat=\"x in xs\" data-am-if=\"x.on\" "
	    "data-am-text=\"x.n\"></i>",
	    "{\"xs\": [{\"on\": true, \"n\": 1}, {\"on\": false, \"n\": 2},"
	    " {\"on\": 1, \"n\": 3}]}", "<i>1</i><i>3</i>");
	/* empty, null and missing remove the element */
	expect_body("<p>a<i data-am-repeat=\"x in xs\">x</i>b</p>",
	    "{\"xs\": []}", "<p>ab</p>");
	expect_body("<p>a<i data-am-repeat=\"x in xs\">x</i>b</p>",
	    "{\"xs\": null}", "<p>ab</p>");
	expect_body("<p>a<i data-am-repeat=\"x in xs\">x</i>b</p>", "{}",
	    "<p>ab</p>");
	/* not an array: left out, with a warning */
	out = render_full(PAGE("<p>a<i data-am-repeat=\"x in xs\">x</i>b</p>"),
	    NULL, "{\"xs\": \"abc\"}", NULL, NULL, &d);
	assert_non_null(strstr(out, "<p>ab</p>"));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "template");
	assert_int_equal(d.v[0].level, DIAG_WARNING);
	free(out);
	diags_free(&d);
}

static void
test_truthiness(void **state)
{
	static const struct {
		const char *value;
		int truthy;
	} table[] = {
		{ "null", 0 }, { "false", 0 }, { "true", 1 },
		{ "0", 0 }, { "1", 1 }, { "-1", 1 },
		{ "0.0", 0 }, { "0.5", 1 },
		{ "\"\"", 0 }, { "\"0\"", 1 }, { "\"false\"", 1 },
		{ "[]", 0 }, { "[0]", 1 }, { "{}", 0 }, { "{\"a\": 0}", 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		char *json = xasprintf("{\"v\": %s}", table[i].value);

		expect_body("<i data-am-if=\"v\">if</i>"
		    "<i data-am-unless=\"v\">unless</i>", json,
		    table[i].truthy ? "<i>if</i>" : "<i>unless</i>");
		expect_body("<i data-am-if=\"!v\">not</i>", json,
		    table[i].truthy ? "" : "<i>not</i>");
		free(json);
	}
	/* a missing key is null */
	expect_body("<i data-am-if=\"nope\">if</i><i data-am-unless=\"nope\">"
	    "unless</i>", "{}", "<i>unless</i>");
	/* if and unless together: both must agree */
	expect_body("<i data-am-if=\"a\" data-am-unless=\"b\">x</i>",
	    "{\"a\": 1, \"b\": 0}", "<i>x</i>");
	expect_body("<i data-am-if=\"a\" data-am-unless=\"b\">x</i>",
	    "{\"a\": 1, \"b\": 1}", "");
	/* a dropped element takes its children with it */
	expect_body("<div data-am-if=\"a\"><p>in</p></div>", "{}", "");
}

static void
test_attr(void **state)
{
	(void)state;
	expect_body("<a title=\"old\" data-am-attr-title=\"t\">x</a>",
	    "{\"t\": \"new\"}", "<a title=\"new\">x</a>");
	expect_body("<a title=\"old\" data-am-attr-title=\"t\">x</a>",
	    "{\"t\": null}", "<a>x</a>");
	expect_body("<a title=\"old\" data-am-attr-title=\"t\">x</a>",
	    "{\"t\": false}", "<a>x</a>");
	expect_body("<a title=\"old\" data-am-attr-title=\"t\">x</a>", "{}",
	    "<a>x</a>");
	expect_body("<a data-am-attr-data-n=\"n\">x</a>", "{\"n\": 3}",
	    "<a data-n=\"3\">x</a>");
	/* true: a boolean attribute, X="X" (libxml2 writes known ones bare) */
	expect_body("<details data-am-attr-open=\"t\"><summary>s</summary>"
	    "</details>", "{\"t\": true}",
	    "<details open=\"open\"><summary>s</summary></details>");
	expect_body("<input data-am-attr-checked=\"t\">", "{\"t\": true}",
	    "<input checked>");
	expect_body("<input checked data-am-attr-checked=\"t\">",
	    "{\"t\": false}", "<input>");
	/* several attributes, static ones kept */
	expect_body("<time class=\"c\" data-am-attr-datetime=\"d.iso\" "
	    "data-am-attr-title=\"'at ' + d.show\">x</time>",
	    "{\"d\": {\"iso\": \"2024-03-01T14:02:00Z\", \"show\": \"14:02\"}}",
	    "<time class=\"c\" datetime=\"2024-03-01T14:02:00Z\" "
	    "title=\"at 14:02\">x</time>");
	/* directive attributes never reach the output */
	expect_body("<p data-am-if=\"1\" data-am-class-x=\"0\">p</p>", "{}",
	    "<p>p</p>");
}

static void
test_class(void **state)
{
	(void)state;
	expect_body("<tr class=\"row\" data-am-class-done=\"a.done\" "
	    "data-am-class-overdue=\"a.late\"></tr>",
	    "{\"a\": {\"done\": true, \"late\": 0}}",
	    "<tr class=\"row done\"></tr>");
	expect_body("<tr data-am-class-done=\"a.done\" data-am-class-"
	    "overdue=\"a.late\"></tr>", "{\"a\": {\"done\": 1, \"late\": "
	    "\"yes\"}}", "<tr class=\"done overdue\"></tr>");
	expect_body("<tr data-am-class-done=\"0\"></tr>", "{}", "<tr></tr>");
	expect_body("<tr class=\"a\" data-am-class-done=\"0\"></tr>", "{}",
	    "<tr class=\"a\"></tr>");
	/* a class already there is not added twice */
	expect_body("<tr class=\"done x\" data-am-class-done=\"1\"></tr>",
	    "{}", "<tr class=\"done x\"></tr>");
	/* classes go on top of data-am-attr-class */
	expect_body("<li data-am-attr-class=\"'lvl-' + n\" "
	    "data-am-class-cur=\"1\"></li>", "{\"n\": 2}",
	    "<li class=\"lvl-2 cur\">");
}

/* A fragment source for data-am-html: a document of its own. */
typedef struct frag {
	xmlDocPtr doc;
	xmlNodePtr holder;	/* the element whose children are returned */
	char last[64];		/* the name asked for last */
	int calls;
} frag;

static xmlNodePtr
fragment_cb(void *ud, const char *name)
{
	frag *f = ud;

	f->calls++;
	snprintf(f->last, sizeof(f->last), "%s", name);
	if (strcmp(name, "body") == 0)
		return f->holder->children;
	return NULL;
}

static void
test_html_fragment(void **state)
{
	static const char fhtml[] = "<html><body><div id=\"f\"><p>frag "
	    "<b>bold</b> &lt;script&gt;</p>tail</div></body></html>";
	frag f;
	template *t;
	template_frags tf = { NULL, fragment_cb, NULL };
	char *out1;
	xmlNodePtr first;
	diags d = { 0 };
	json_t *data = load_json("{\"which\": \"body\", \"other\": \"nope\"}");
	char *out, *body;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.doc = htmlReadMemory(fhtml, (int)strlen(fhtml), "frag", "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	assert_non_null(f.doc);
	f.holder = xmlDocGetRootElement(f.doc)->children->children;
	assert_string_equal((const char *)f.holder->name, "div");
	first = f.holder->children;

	t = parse_ok(PAGE("<div class=\"record\" data-am-html=\"which\">"
	    "<p>sample</p></div><section data-am-html=\"other\"><p>s</p>"
	    "</section>"));
	/* two pages from one fragment: it is written, never moved */
	tf.ud = &f;
	out1 = run_ok(t, NULL, data, &tf, &d);
	out = run_ok(t, NULL, data, &tf, &d);
	assert_string_equal(out1, out);
	free(out1);
	assert_int_equal(f.calls, 4);
	assert_string_equal(f.last, "nope");
	assert_ptr_equal(f.holder->children, first);
	assert_ptr_equal(first->parent, f.holder);
	assert_ptr_equal(first->doc, f.doc);
	body = body_of(out);
	assert_string_equal(body, "<div class=\"record\"><p>frag <b>bold</b> "
	    "&lt;script&gt;</p>tail</div><section></section>");
	assert_int_equal(d.n, 0);
	free(body);
	free(out);
	/* the fragment survived both pages */
	assert_ptr_equal(f.holder->children, first);
	assert_string_equal((const char *)first->name, "p");

	/* no callback: the element is emptied */
	out = run_ok(t, NULL, data, NULL, &d);
	body = body_of(out);
	assert_string_equal(body, "<div class=\"record\"></div>"
	    "<section></section>");
	free(body);
	free(out);

	template_free(t);
	json_decref(data);
	xmlFreeDoc(f.doc);
	diags_free(&d);
}

/* Render <a data-am-attr-ATTR="u"> with u = url: the attribute must be kept
 * (safe) or dropped with one "template-url" warning. */
static void
expect_url(const char *attr, const char *url, int safe)
{
	diags d = { 0 };
	char *page = xasprintf(PAGE("\n<a data-am-attr-%s=\"u\">x</a>"),
	    attr);
	json_t *j = json_pack("{s:s}", "u", url);
	char *json = json_dumps(j, 0), *out, *want;

	out = render_full(page, NULL, json, NULL, NULL, &d);
	if (safe) {
		assert_int_equal(d.n, 0);
		assert_non_null(strstr(out, attr));
	} else {
		if (d.n != 1)
			print_message("%s=\"%s\" was not refused\n", attr,
			    url);
		assert_int_equal(d.n, 1);
		assert_string_equal(d.v[0].rule, "template-url");
		assert_int_equal(d.v[0].level, DIAG_WARNING);
		assert_string_equal(d.v[0].path, TNAME);
		assert_int_equal(d.v[0].line, 8);
		assert_non_null(strstr(d.v[0].message, url));
		want = xasprintf("<a>x</a>");
		assert_non_null(strstr(out, want));
		free(want);
	}
	free(out);
	free(json);
	json_decref(j);
	free(page);
	diags_free(&d);
}

static void
test_url_check(void **state)
{
	(void)state;
	expect_url("href", "javascript:alert(1)", 0);
	expect_url("href", "JavaScript:alert(1)", 0);
	expect_url("href", "java\tscript:alert(1)", 0);
	expect_url("href", " javascript:alert(1)", 0);
	expect_url("href", "//evil.example/x", 0);
	expect_url("href", "data:text/html,<script>alert(1)</script>", 0);
	expect_url("src", "data:image/png;base64,AAAA", 0);
	expect_url("action", "vbscript:x", 0);
	expect_url("formaction", "javascript:x", 0);
	expect_url("cite", "javascript:x", 0);
	expect_url("poster", "javascript:x", 0);
	expect_url("data", "javascript:x", 0);
	expect_url("xlink:href", "javascript:x", 0);
	expect_url("srcset", "a.png 1x, javascript:x 2x", 0);
	expect_url("srcset", "javascript:x", 0);
	expect_url("href", "https://example.com/a?b=c", 1);
	expect_url("href", "http://example.com/", 1);
	expect_url("href", "mailto:ops@example.com", 1);
	expect_url("href", "../index.html", 1);
	expect_url("href", "#section-2", 1);
	expect_url("src", "img/chart.png", 1);
	expect_url("srcset", "a.png 1x, b.png 2x", 1);
	/* not a URL attribute: no check */
	expect_url("title", "javascript:just text", 1);
	/* true gives href="href", which is relative and fine */
	expect_body("<a data-am-attr-href=\"t\">x</a>", "{\"t\": true}",
	    "<a href=\"href\">x</a>");
}

static const char layout_html[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title data-am-text=\"title + ' - ' + site\">Layout</title>\n"
    "</head>\n"
    "<body>\n"
    "<header data-am-text=\"site\">Site</header>\n"
    "<main id=\"main\" data-am-block=\"main\"><p>default main</p></main>\n"
    "<aside data-am-block=\"aside\"><p>default aside</p></aside>\n"
    "<footer data-am-block=\"foot\" data-am-if=\"show_foot\">f</footer>\n"
    "</body>\n"
    "</html>\n";

static const char page_html[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"fr\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>Page only</title>\n"
    "</head>\n"
    "<body>\n"
    "<main class=\"ignored\" data-am-block=\"main\">\n"
    "<h1 data-am-text=\"title\">Sample</h1>\n"
    "<p data-am-repeat=\"x in xs\" data-am-text=\"x\">s</p>\n"
    "</main>\n"
    "<div data-am-block=\"unused\">not in the layout</div>\n"
    "</body>\n"
    "</html>\n";

static void
test_layout(void **state)
{
	diags d = { 0 };
	char *out;

	(void)state;
	out = render_full(page_html, layout_html,
	    "{\"title\": \"Hello\", \"site\": \"Archive\", \"xs\": [1, 2]}",
	    NULL, NULL, &d);
	assert_string_equal(out,
	    "<!DOCTYPE html>\n"
	    "<html lang=\"en\">\n"
	    "<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<title>Hello - Archive</title>\n"
	    "</head>\n"
	    "<body>\n"
	    "<header>Archive</header>\n"
	    "<main id=\"main\">\n"
	    "<h1>Hello</h1>\n"
	    "<p>1</p><p>2</p>\n"
	    "</main>\n"
	    "<aside><p>default aside</p></aside>\n"
	    "\n"
	    "</body>\n"
	    "</html>\n");
	assert_int_equal(d.n, 0);
	free(out);

	/* without a layout the page renders as itself */
	out = render_full(page_html, NULL,
	    "{\"title\": \"Hello\", \"xs\": []}", NULL, NULL, &d);
	assert_string_equal(out,
	    "<!DOCTYPE html>\n"
	    "<html lang=\"fr\">\n"
	    "<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<title>Page only</title>\n"
	    "</head>\n"
	    "<body>\n"
	    "<main class=\"ignored\">\n"
	    "<h1>Hello</h1>\n"
	    "\n"
	    "</main>\n"
	    "<div>not in the layout</div>\n"
	    "</body>\n"
	    "</html>\n");
	assert_int_equal(d.n, 0);
	free(out);
}

static void
test_remove(void **state)
{
	(void)state;
	expect_body("<table><tr data-am-repeat=\"r in rows\"><td data-am-"
	    "text=\"r\">x</td></tr><tr data-am-remove=\"\"><td>sample</td>"
	    "</tr><tr data-am-remove><td>sample 2</td></tr></table>",
	    "{\"rows\": [\"a\"]}",
	    "<table><tr><td>a</td></tr></table>");
	/* remove wins over everything else on the element */
	expect_body("<p data-am-remove data-am-if=\"1\" data-am-text=\"'x'\">"
	    "s</p>", "{}", "");
}

static void
test_count(void **state)
{
	(void)state;
	expect_body("<i data-am-text=\"count(a)\"></i>"
	    "<i data-am-text=\"count(o)\"></i>"
	    "<i data-am-text=\"count(s)\"></i>"
	    "<i data-am-text=\"count(u)\"></i>"
	    "<i data-am-text=\"count(z)\"></i>"
	    "<i data-am-text=\"count(nope.x)\"></i>"
	    "<i data-am-text=\"count(n)\"></i>"
	    "<i data-am-text=\"count( o.k )\"></i>",
	    "{\"a\": [1, 2, 3], \"o\": {\"k\": [1], \"l\": 2}, \"s\": \"abcd\","
	    " \"u\": \"\\u00e9\", \"z\": null, \"n\": 5}",
	    "<i>3</i><i>2</i><i>4</i><i>2</i><i>0</i><i>0</i><i>0</i><i>1</i>");
	/* count is a function only before "(" */
	expect_body("<i data-am-text=\"count\"></i>", "{\"count\": 9}",
	    "<i>9</i>");
	expect_body("<i data-am-if=\"count(a) == 0\">none</i>", "{\"a\": []}",
	    "<i>none</i>");
}

static void
test_concat_and_compare(void **state)
{
	(void)state;
	expect_body("<i data-am-text=\"'a' + 1 + t + z + r + s\"></i>",
	    "{\"t\": true, \"z\": null, \"r\": 1.5, \"s\": \"!\"}",
	    "<i>a1true1.5!</i>");
	expect_body("<i data-am-text=\"3 == '3'\"></i>", "{}",
	    "<i>true</i>");
	expect_body("<i data-am-text=\"n == '3'\"></i>", "{\"n\": 3}",
	    "<i>true</i>");
	expect_body("<i data-am-text=\"'a' != 'b'\"></i>", "{}",
	    "<i>true</i>");
	expect_body("<i data-am-text=\"'a' != 'a'\"></i>", "{}",
	    "<i>false</i>");
	expect_body("<i data-am-text=\"'x' + 'y' == 'xy'\"></i>", "{}",
	    "<i>true</i>");
	expect_body("<i data-am-text=\"z == ''\"></i>", "{\"z\": null}",
	    "<i>true</i>");
	expect_body("<i data-am-text=\"s == 'open'\"></i>",
	    "{\"s\": \"closed\"}", "<i>false</i>");
	/* ! binds tighter than ==, parentheses group */
	expect_body("<i data-am-text=\"!a == 'false'\"></i>", "{\"a\": 1}",
	    "<i>true</i>");
	expect_body("<i data-am-text=\"!(a == 1)\"></i>", "{\"a\": 1}",
	    "<i>false</i>");
	expect_body("<i data-am-text=\"!!a\"></i>", "{\"a\": \"x\"}",
	    "<i>true</i>");
	expect_body("<i data-am-if=\"status == 'closed'\">c</i><i "
	    "data-am-if=\"status != 'closed'\">o</i>", "{\"status\": "
	    "\"closed\"}", "<i>c</i>");
	/* white space between tokens is free */
	expect_body("<i data-am-text=\"  ( 'a'+b )  ==  'ab' \"></i>",
	    "{\"b\": \"b\"}", "<i>true</i>");
}

static void
test_syntax_errors(void **state)
{
	static const struct {
		const char *attrs;
		const char *needle;
	} bad[] = {
		{ "data-am-if=\"a ==\"", "column 5" },
		{ "data-am-if=\"\"", "expected a value" },
		{ "data-am-text=\"'open\"", "unterminated" },
		{ "data-am-text=\"a.\"", "after '.'" },
		{ "data-am-text=\"a[x]\"", "integer" },
		{ "data-am-text=\"a[1\"", "']'" },
		{ "data-am-text=\"count(1)\"", "path" },
		{ "data-am-text=\"count(a\"", "')'" },
		{ "data-am-text=\"(a\"", "')'" },
		{ "data-am-text=\"a b\"", "unexpected" },
		{ "data-am-text=\"a == b == c\"", "unexpected" },
		{ "data-am-text=\"!\"", "expected a value" },
		{ "data-am-text=\"a +\"", "expected a value" },
		{ "data-am-text=\"a - b\"", "unexpected" },
		{ "data-am-text=\"99999999999999999999\"", "too large" },
		{ "data-am-text=\"\\\"x\\\"\"", NULL },
		{ "data-am-repeat=\"x in\"", "expected a value" },
		{ "data-am-repeat=\"in xs\"", "NAME in EXPR" },
		{ "data-am-repeat=\"x xs\"", "NAME in EXPR" },
		{ "data-am-repeat=\"x.y in xs\"", "NAME in EXPR" },
		{ "data-am-repeat=\"x inxs\"", "NAME in EXPR" },
		{ "data-am-tex=\"a\"", "did you mean data-am-text" },
		{ "data-am-frobnicate=\"a\"", "unknown directive" },
		{ "data-am-attr-=\"a\"", "name" },
		{ "data-am-class-=\"a\"", "name" },
		{ "data-am-attr-onclick=\"a\"", "cannot be set" },
		{ "data-am-attr-srcdoc=\"a\"", "cannot be set" },
		{ "data-am-text=\"a\" data-am-html=\"b\"", "one element" },
		{ "data-am-block=\"x\" data-am-text=\"b\"", "lost" },
		{ "data-am-block=\"a b\"", "block name" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *text = xasprintf("<!DOCTYPE html>\n<html>\n<body>\n"
		    "<p>ok</p>\n<p %s>x</p>\n</body>\n</html>\n", bad[i].attrs);

		expect_parse_error(text, 5, bad[i].needle);
		free(text);
	}
	/* raw text elements: libxml2 would not escape their content */
	expect_parse_error(PAGE("<script data-am-text=\"a\"></script>"), 0,
	    "<script>");
	expect_parse_error(PAGE("<style data-am-html=\"a\"></style>"), 0,
	    "<style>");
	/* the root must come out exactly once */
	expect_parse_error("<html data-am-if=\"a\"><body></body></html>", 1,
	    "root");
	/* a block name is used once */
	expect_parse_error("<html><body>\n<div data-am-block=\"m\"></div>\n"
	    "<div data-am-block=\"m\"></div></body></html>", 3, "twice");
	/* every error is reported, not only the first */
	{
		static const char two[] = "<html><body>\n<p data-am-if=\"(\">"
		    "</p>\n<p>fine</p>\n<p data-am-text=\"a b\"></p>\n"
		    "</body></html>";
		diags d = { 0 };

		assert_null(template_parse(TNAME, two, strlen(two), &d));
		assert_int_equal(d.n, 2);
		assert_int_equal(d.v[0].line, 2);
		assert_int_equal(d.v[1].line, 4);
		diags_free(&d);
	}
	/* nothing usable at all */
	expect_parse_error("", 0, NULL);
}

static void
test_depth_limits(void **state)
{
	buf b = { 0 };
	diags d = { 0 };
	template *t;

	(void)state;
	/* elements nested deeper than the cap: a finding, not a crash */
	buf_adds(&b, "<html><body>");
	for (int i = 0; i < 300; i++)
		buf_adds(&b, "<div>");
	buf_adds(&b, "</body></html>");
	t = template_parse(TNAME, b.data, b.len, &d);
	assert_null(t);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "template");
	/* libxml2 stops at its own limit and says "depth" */
	assert_non_null(strstr(d.v[0].message, "dep"));
	diags_free(&d);
	buf_free(&b);

	/* a layout and a page each within the cap can exceed it together */
	{
		template *l, *p;

		buf_adds(&b, "<html><body>");
		for (int i = 0; i < 150; i++)
			buf_adds(&b, "<div>");
		buf_adds(&b, "<div data-am-block=\"m\"></div></body></html>");
		l = parse_ok(b.data);
		buf_free(&b);
		buf_adds(&b, "<html><body><div data-am-block=\"m\">");
		for (int i = 0; i < 150; i++)
			buf_adds(&b, "<div>");
		buf_adds(&b, "</body></html>");
		p = parse_ok(b.data);
		buf_free(&b);
		run_fails(p, l, NULL, &d);
		assert_int_equal(d.n, 1);
		assert_int_equal(d.v[0].level, DIAG_ERROR);
		assert_non_null(strstr(d.v[0].message, "deep"));
		diags_free(&d);
		/* each alone renders */
		free(run_ok(p, NULL, NULL, NULL, &d));
		assert_int_equal(d.n, 0);
		template_free(l);
		template_free(p);
	}

	/* so are deeply nested expressions */
	buf_adds(&b, "<html><body><p data-am-if=\"");
	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "(!");
	buf_adds(&b, "a\"></p></body></html>");
	t = template_parse(TNAME, b.data, b.len, &d);
	assert_null(t);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].message, "too deeply"));
	diags_free(&d);
	buf_free(&b);

	/* a long flat chain is fine */
	buf_adds(&b, "<html><body><p data-am-text=\"'x'");
	for (int i = 0; i < 5000; i++)
		buf_adds(&b, " + 'x'");
	buf_adds(&b, "\"></p></body></html>");
	t = template_parse(TNAME, b.data, b.len, &d);
	assert_non_null(t);
	template_free(t);
	buf_free(&b);
}

static void
test_serialize(void **state)
{
	static const char page[] =
	    "<!DOCTYPE html>\n"
	    "<html lang=\"en\">\n"
	    "<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<link rel=\"stylesheet\" href=\"style.css\">\n"
	    "<title>Caf\xc3\xa9</title>\n"
	    "</head>\n"
	    "<body>\n"
	    "<header><nav><a href=\"/\">Home</a></nav></header>\n"
	    "<main><section><h1>\xe2\x82\xac \xe2\x80\x94 "
	    "\xf0\x9f\x94\xa5</h1>\n"
	    "<p>a <time>1</time> <b>2</b><br>line<br/>two</p>\n"
	    "<img src=\"chart.png\" alt=\"\"><hr><input type=\"text\">\n"
	    "<details><summary>More</summary>text</details>\n"
	    "<svg viewBox=\"0 0 10 10\"><g><rect width=\"3\"></rect>"
	    "<path></path><line></line></g></svg>\n"
	    "</section></main>\n"
	    "<footer>f</footer>\n"
	    "</body>\n"
	    "</html>\n";
	diags d = { 0 };
	template *t = parse_ok(page);
	char *a, *b;

	(void)state;
	/* svg children without children of their own keep end tags */
	a = run_ok(t, NULL, NULL, NULL, &d);
	b = run_ok(t, NULL, NULL, NULL, &d);
	assert_string_equal(a, b);
	assert_string_equal(a,
	    "<!DOCTYPE html>\n"
	    "<html lang=\"en\">\n"
	    "<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<link rel=\"stylesheet\" href=\"style.css\">\n"
	    "<title>Caf\xc3\xa9</title>\n"
	    "</head>\n"
	    "<body>\n"
	    "<header><nav><a href=\"/\">Home</a></nav></header>\n"
	    "<main><section><h1>\xe2\x82\xac \xe2\x80\x94 "
	    "\xf0\x9f\x94\xa5</h1>\n"
	    "<p>a <time>1</time> <b>2</b><br>line<br>two</p>\n"
	    "<img src=\"chart.png\" alt=\"\"><hr><input type=\"text\">\n"
	    "<details><summary>More</summary>text</details>\n"
	    "<svg viewbox=\"0 0 10 10\"><g><rect width=\"3\"></rect>"
	    "<path></path><line></line></g></svg>\n"
	    "</section></main>\n"
	    "<footer>f</footer>\n"
	    "</body>\n"
	    "</html>\n");
	/* spelled out, for whoever changes the expectation above */
	assert_int_equal(strncmp(a, "<!DOCTYPE html>\n<html", 21), 0);
	assert_null(strstr(a, "http-equiv"));
	assert_int_equal(occurrences(a, "<meta"), 1);
	assert_null(strstr(a, "&#"));
	assert_null(strstr(a, "</br>"));
	assert_null(strstr(a, "</img>"));
	assert_null(strstr(a, "</meta>"));
	assert_null(strstr(a, "</link>"));
	assert_null(strstr(a, "</input>"));
	assert_null(strstr(a, "</hr>"));
	assert_int_equal(a[strlen(a) - 1], '\n');
	free(a);
	free(b);
	assert_int_equal(d.n, 0);
	template_free(t);
}

/* One template, many renders: the template must not change. */
static void
test_template_reused(void **state)
{
	template *t = parse_ok(PAGE("<i data-am-repeat=\"x in xs\" "
	    "data-am-class-on=\"x\" data-am-attr-title=\"x\" "
	    "data-am-text=\"x\"></i>"));
	diags d = { 0 };

	(void)state;
	for (int i = 0; i < 3; i++) {
		json_t *data = json_pack("{s:[i,s]}", "xs", i, "s");
		char *out = run_ok(t, NULL, data, NULL, &d), *body, *want;

		body = body_of(out);
		/* new attributes are appended: data-am-attr-* come before
		 * the class of data-am-class-* */
		want = i ? xasprintf("<i title=\"%d\" class=\"on\">%d</i>"
		    "<i title=\"s\" class=\"on\">s</i>", i, i) :
		    xstrdup("<i title=\"0\">0</i><i title=\"s\" class=\"on\">"
		    "s</i>");
		assert_string_equal(body, want);
		free(want);
		free(body);
		free(out);
		json_decref(data);
	}
	assert_int_equal(d.n, 0);
	template_free(t);
	template_free(NULL);
}

/* The templates shipped in templates/ must compile and render. */
static void
test_shipped_templates(void **state)
{
	static const char *const names[] = {
		"templates/layout.html", "templates/index.html",
		"templates/incident.html",
	};
	template *t[3];
	diags d = { 0 };
	json_t *data;
	char *out;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		char *text;
		size_t len;

		if (read_file(names[i], 1 << 20, &text, &len) < 0) {
			print_message("cannot read %s (run from the top "
			    "directory)\n", names[i]);
			fail();
		}
		t[i] = template_parse(names[i], text, len, &d);
		free(text);
		assert_non_null(t[i]);
	}
	assert_int_equal(d.n, 0);
	data = load_json("{\"title\": \"Incidents\", \"root\": \"\","
	    "\"site\": {\"title\": \"Archive\", \"as_of\": \"today\"},"
	    "\"incidents\": [{\"id\": \"2024-001\", \"title\": \"T\","
	    "\"url\": \"incidents/2024-001.html\", \"services\": [\"a\","
	    "\"b\"]}]}");
	out = run_ok(t[1], t[0], data, NULL, &d);
	assert_non_null(strstr(out, "<title>Incidents \xc2\xb7 Archive"
	    "</title>"));
	assert_non_null(strstr(out, "<a href=\"incidents/2024-001.html\">T"
	    "</a>"));
	assert_non_null(strstr(out, "<span class=\"service\">a</span>"
	    "<span>, </span>"));
	assert_null(strstr(out, "data-am-"));
	assert_null(strstr(out, "Search index stale"));
	assert_int_equal(d.n, 0);
	free(out);
	json_decref(data);
	for (size_t i = 0; i < 3; i++)
		template_free(t[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_values),
		cmocka_unit_test(test_text_escaping),
		cmocka_unit_test(test_repeat),
		cmocka_unit_test(test_truthiness),
		cmocka_unit_test(test_attr),
		cmocka_unit_test(test_class),
		cmocka_unit_test(test_html_fragment),
		cmocka_unit_test(test_url_check),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_concat_and_compare),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_depth_limits),
		cmocka_unit_test(test_serialize),
		cmocka_unit_test(test_template_reused),
		cmocka_unit_test(test_shipped_templates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
