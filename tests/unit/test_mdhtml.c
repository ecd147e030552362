/*
 * test_mdhtml.c - record bodies rendered as HTML text: raw HTML and
 * unsafe URLs dropped, text escaped, GFM extensions, heading ids, the
 * markup HTML's void and optional-end elements want.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "parse/markdown.h"
#include "render/mdhtml.h"
#include "model/record.h"

/* Render body (starting at file line first_line) and return the HTML;
 * findings go to d. */
static char *
render_at(const char *body, int first_line, diags *d)
{
	record *r = record_new("incidents/x.md");
	buf out = { 0 };

	assert_int_equal(markdown_parse(body, strlen(body), first_line, r,
	    NULL, d), 0);
	assert_int_equal(mdhtml_render(r, NULL, &out, d), 0);
	record_free(r);
	return out.data != NULL ? buf_detach(&out) : xstrdup("");
}

static char *
render(const char *body, diags *d)
{
	return render_at(body, 1, d);
}

#define assert_has(hay, needle) assert_non_null(strstr((hay), (needle)))
#define assert_lacks(hay, needle) assert_null(strstr((hay), (needle)))

/* How often needle occurs in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void
test_raw_html_dropped(void **state)
{
	const char *body =
	    "<script>alert(1)</script>\n"
	    "\n"
	    "Inline <script>x()</script> and <img src=x onerror=alert(2)> "
	    "<b onclick=\"y()\">bold</b>.\n"
	    "\n"
	    "<div onmouseover=\"z()\">\n"
	    "block\n"
	    "</div>\n"
	    "\n"
	    "<!-- comment -->\n";
	diags d = { 0 };
	char *html;

	(void)state;
	html = render(body, &d);
	assert_lacks(html, "script");
	assert_lacks(html, "onerror");
	assert_lacks(html, "alert");
	assert_lacks(html, "onclick");
	assert_lacks(html, "onmouseover");
	assert_lacks(html, "comment");
	assert_lacks(html, "&lt;");
	/* the text between inline tags is ordinary text */
	assert_has(html, "<p>Inline x() and  bold.</p>");
	free(html);
	diags_free(&d);
}

static void
test_unsafe_urls(void **state)
{
	const char *body =
	    "[a](javascript:alert(1))\n"             /* line 5 */
	    "[b](JAVASCRIPT:alert(1))\n"
	    "[c](java&#9;script:alert(1))\n"
	    "[d](data:text/html;base64,PHNjcmlwdD4=)\n"
	    "[e](vbscript:msgbox)\n"
	    "[f](//evil.example/x)\n"               /* line 10 */
	    "\n"
	    "![img](javascript:alert(3))\n";         /* line 12 */
	diags d = { 0 };
	char *html;
	static const int lines[] = { 5, 6, 7, 8, 9, 10, 12 };

	(void)state;
	html = render_at(body, 5, &d);
	assert_lacks(html, "href");
	assert_lacks(html, "<img");
	assert_lacks(html, "script:");
	assert_lacks(html, "evil");
	assert_lacks(html, "data:");
	/* the link text stays */
	assert_has(html, "<p>a\nb\nc\nd\ne\nf</p>");
	assert_int_equal(d.n, 7);
	for (size_t i = 0; i < d.n; i++) {
		assert_string_equal(d.v[i].rule, "link-unsafe");
		assert_int_equal(d.v[i].level, DIAG_WARNING);
		assert_string_equal(d.v[i].path, "incidents/x.md");
		assert_int_equal(d.v[i].line, lines[i]);
		assert_int_equal(d.v[i].col, 1);
	}
	assert_string_equal(d.v[0].message, "link to 'javascript:alert(1)' "
	    "dropped: only relative, http, https and mailto URLs are allowed");
	assert_has(d.v[2].message, "'java\\tscript:alert(1)'");
	assert_has(d.v[6].message, "image 'javascript:alert(3)'");
	free(html);
	diags_free(&d);
}

static void
test_safe_urls(void **state)
{
	const char *body =
	    "[h](http://a.example/) [s](https://b.example/?x=1&y=2 \"T \\\"q\\\"\")\n"
	    "[m](mailto:ops@example.com) [r](../runbooks/db.md#fail) "
	    "[q](?page=2) <https://auto.example/> www.example.org\n"
	    "\n"
	    "![A *diagram*](img/arch.png \"Arch\")\n";
	diags d = { 0 };
	char *html;

	(void)state;
	html = render(body, &d);
	assert_int_equal(d.n, 0);
	assert_has(html, "<a href=\"http://a.example/\">h</a>");
	assert_has(html, "<a href=\"https://b.example/?x=1&amp;y=2\" "
	    "title=\"T &quot;q&quot;\">s</a>");
	assert_has(html, "<a href=\"mailto:ops@example.com\">m</a>");
	assert_has(html, "<a href=\"../runbooks/db.md#fail\">r</a>");
	assert_has(html, "<a href=\"?page=2\">q</a>");
	assert_has(html, "<a href=\"https://auto.example/\">"
	    "https://auto.example/</a>");
	assert_has(html, "<a href=\"http://www.example.org\">www.example.org</a>");
	assert_has(html, "<img src=\"img/arch.png\" alt=\"A diagram\" "
	    "loading=\"lazy\" title=\"Arch\">");
	free(html);
	diags_free(&d);
}

static void
test_escaping(void **state)
{
	const char *body =
	    "Text with < & \" and &lt;b&gt; and `<code & \"x\">`\n"
	    "\n"
	    "```\n"
	    "</code></pre><script>alert(1)</script>\n"
	    "```\n";
	diags d = { 0 };
	char *html;

	(void)state;
	html = render(body, &d);
	assert_has(html, "<p>Text with &lt; &amp; \" and &lt;b&gt; and "
	    "<code>&lt;code &amp; \"x\"&gt;</code></p>");
	assert_has(html, "<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;"
	    "alert(1)&lt;/script&gt;\n</code></pre>");
	assert_lacks(html, "<script");
	free(html);
	diags_free(&d);
}

static void
test_headings(void **state)
{
	const char *body =
	    "# Impact & scope\n"
	    "\n"
	    "## Impact & scope\n"
	    "\n"
	    "> ### Quoted *heading*\n"
	    "\n"
	    "Setext\n"
	    "======\n";
	diags d = { 0 };
	char *html;

	(void)state;
	html = render(body, &d);
	assert_has(html, "<h1 id=\"impact-scope\">Impact &amp; scope "
	    "<a class=\"heading-anchor\" href=\"#impact-scope\" "
	    "aria-hidden=\"true\">#</a></h1>");
	assert_has(html, "<h2 id=\"impact-scope-2\">Impact &amp; scope "
	    "<a class=\"heading-anchor\" href=\"#impact-scope-2\"");
	assert_has(html, "<blockquote><h3 id=\"quoted-heading\">Quoted "
	    "<em>heading</em> <a class=\"heading-anchor\" "
	    "href=\"#quoted-heading\"");
	assert_has(html, "<h1 id=\"setext\">Setext ");
	free(html);
	diags_free(&d);
}

static void
test_table(void **state)
{
	const char *body =
	    "| Left | Center | Right | None |\n"
	    "|:-----|:------:|------:|------|\n"
	    "| a | **b** | c<br> | d |\n"
	    "| e |\n";
	diags d = { 0 };
	char *html;

	(void)state;
	html = render(body, &d);
	assert_has(html, "<table><thead><tr><th class=\"align-left\">Left</th>"
	    "<th class=\"align-center\">Center</th>"
	    "<th class=\"align-right\">Right</th><th>None</th></tr></thead>"
	    "<tbody><tr><td class=\"align-left\">a</td>"
	    "<td class=\"align-center\"><strong>b</strong></td>"
	    "<td class=\"align-right\">c</td><td>d</td></tr>"
	    "<tr><td class=\"align-left\">e</td>");
	assert_has(html, "</tbody></table>");
	assert_lacks(html, "style");
	assert_lacks(html, "<br");
	free(html);
	diags_free(&d);
}

static void
test_lists(void **state)
{
	const char *body =
	    "- [ ] open task\n"
	    "- [x] done ~~task~~\n"
	    "\n"
	    "3. three\n"
	    "4. four\n"
	    "\n"
	    "---\n"
	    "\n"
	    "1. one\n"
	    "\n"
	    "- loose\n"
	    "\n"
	    "  two paragraphs\n"
	    "\n"
	    "***\n"
	    "\n"
	    "-\n"
	    "- after empty\n";
	diags d = { 0 };
	char *html;

	(void)state;
	html = render(body, &d);
	assert_has(html, "<ul><li class=\"task\"><input type=\"checkbox\" "
	    "disabled> open task</li>"
	    "<li class=\"task\"><input type=\"checkbox\" disabled "
	    "checked> done <del>task</del></li></ul>");
	/* tight lists have no <p>; start only when not 1 */
	assert_has(html, "<ol start=\"3\"><li>three</li><li>four</li></ol><hr>");
	assert_has(html, "<ol><li>one</li></ol>");
	/* an empty item has no end tag, as HTML writes it */
	assert_has(html, "<ul><li><li>after empty</li></ul>");
	assert_has(html, "<ul><li><p>loose</p><p>two paragraphs</p></li></ul>");
	assert_lacks(html, "<p><p");
	free(html);
	diags_free(&d);
}

static void
test_code_language(void **state)
{
	const char *body =
	    "```c++ extra words\nint x;\n```\n\n"
	    "```js\"><script>\nx\n```\n\n"
	    "```{.python}\ny\n```\n\n"
	    "```\nplain\n```\n\n"
	    "    indented\n";
	diags d = { 0 };
	char *html;

	(void)state;
	html = render(body, &d);
	assert_has(html, "<pre><code class=\"language-c++\">int x;\n</code></pre>");
	assert_has(html, "<pre><code>x\n</code></pre>");
	assert_has(html, "<pre><code>y\n</code></pre>");
	assert_has(html, "<pre><code>plain\n</code></pre>");
	assert_has(html, "<pre><code>indented\n</code></pre>");
	assert_lacks(html, "script");
	assert_lacks(html, "python");
	free(html);
	diags_free(&d);
}

static void
test_footnotes(void **state)
{
	const char *body =
	    "First[^b], second[^a], again[^b].\n"
	    "\n"
	    "[^a]: Note A with [link](javascript:x).\n"
	    "[^b]: Note *B*.\n";
	diags d = { 0 };
	char *html;

	(void)state;
	html = render(body, &d);
	/* numbered by first reference: b is 1, a is 2 */
	assert_has(html, "First<sup class=\"footnote-ref\"><a href=\"#fn-1\">1"
	    "</a></sup>, second<sup class=\"footnote-ref\"><a href=\"#fn-2\">"
	    "2</a></sup>, again<sup class=\"footnote-ref\"><a href=\"#fn-1\">1"
	    "</a></sup>.");
	assert_has(html, "<section class=\"footnotes\"><ol>"
	    "<li id=\"fn-1\"><p>Note <em>B</em>.</p></li>"
	    "<li id=\"fn-2\"><p>Note A with link.</p></li></ol></section>");
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 3);
	free(html);
	diags_free(&d);
}

static void
test_no_body(void **state)
{
	record *r = record_new("x.md");
	buf out = { 0 };
	diags d = { 0 };

	(void)state;
	buf_adds(&out, "kept");
	assert_int_equal(mdhtml_render(r, NULL, &out, &d), -1);
	assert_string_equal(out.data, "kept");
	assert_int_equal(d.n, 0);
	buf_free(&out);
	record_free(r);
}

static void
test_deep_nesting(void **state)
{
	size_t depth = 20000;
	char *body = xmalloc(depth * 2 + 8);
	diags d = { 0 };
	char *html;

	(void)state;
	/* deep block quotes: the walk must not recurse */
	for (size_t i = 0; i < depth; i++) {
		body[2 * i] = '>';
		body[2 * i + 1] = ' ';
	}
	strcpy(body + depth * 2, "deep\n");
	html = render(body, &d);
	/* libxml2 copies trees recursively: past 64 levels the content
	 * goes into the deepest element */
	assert_int_equal(count(html, "<blockquote>"), 64);
	assert_int_equal(count(html, "</blockquote>"), 64);
	assert_has(html, "<blockquote>deep</blockquote>");
	free(html);
	free(body);
	diags_free(&d);
}

/* Deep emphasis, lists and a table past the limit keep their text;
 * headings past it keep the anchors of the sections after them. */
static void
test_deep_flattened(void **state)
{
	buf b = { 0 };
	diags d = { 0 };
	char *html;

	(void)state;
	for (int i = 0; i < 100; i++)
		buf_adds(&b, "*a **b ");
	buf_adds(&b, "core");
	for (int i = 0; i < 100; i++)
		buf_adds(&b, " b** a*");
	buf_adds(&b, "\n\n");
	for (int i = 0; i < 70; i++)
		buf_adds(&b, "> ");
	buf_adds(&b, "# Deep heading\n\n");
	for (int i = 0; i < 62; i++)
		buf_adds(&b, "> ");
	buf_adds(&b, "| h1 | h2 |\n");
	for (int i = 0; i < 62; i++)
		buf_adds(&b, "> ");
	buf_adds(&b, "|---|---|\n");
	for (int i = 0; i < 62; i++)
		buf_adds(&b, "> ");
	buf_adds(&b, "| c1 | c2 |\n\n## After\n");
	html = render(b.data, &d);
	assert_int_equal(count(html, "<em>") + count(html, "<strong>"), 63);
	assert_has(html, "core");
	assert_has(html, "Deep heading");
	/* the deep heading has no element, the next one its own anchor */
	assert_has(html, "<h2 id=\"after\">");
	assert_lacks(html, "<table");
	assert_has(html, "h1 h2 c1 c2");
	assert_int_equal(count(html, "<em>"), count(html, "</em>"));
	buf_free(&b);
	free(html);
	diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_html_dropped),
		cmocka_unit_test(test_deep_flattened),
		cmocka_unit_test(test_unsafe_urls),
		cmocka_unit_test(test_safe_urls),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_code_language),
		cmocka_unit_test(test_footnotes),
		cmocka_unit_test(test_no_body),
		cmocka_unit_test(test_deep_nesting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
