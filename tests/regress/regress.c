/*
 * regress.c - the driver of the regress/ suites: renders one input file
 * with the library's public entry points and writes the result to
 * standard output, for tests/regress/run.sh to compare with the expected
 * file. Findings go to standard error, one a line; exit 1 when nothing
 * could be made.
 *
 *   regress markdown FILE.md                    the record body as HTML
 *   regress template PAGE.html DATA.json [LAYOUT.html]   the whole page
 *   regress chart FILE.chart                    the chart as SVG
 *
 * Only render/mdhtml.h, render/template.h, render/charts.h and the model
 * and lib headers are used, so that the tests survive a reorganisation of
 * the modules behind them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "lib/files.h"
#include "lib/diag.h"
#include "lib/util.h"
#include "model/config.h"
#include "model/record.h"
#include "parse/record_parse.h"
#include "render/charts.h"
#include "render/mdhtml.h"
#include "render/template.h"

/* Inputs are small; a larger one is a mistake in the test. */
#define INPUT_MAX (1 << 20)

/* Print every finding of d to stderr as "file:line:col: level: message
 * [rule]" (no line or column where it is unknown, as aftermath prints
 * them), sorted, so that the expected .err files are stable. */
static void
print_findings(diags *d)
{
	diags_sort(d);
	for (size_t i = 0; i < d->n; i++) {
		const diag *x = &d->v[i];

		fputs(x->path != NULL ? x->path : "regress", stderr);
		if (x->line > 0)
			fprintf(stderr, ":%d", x->line);
		if (x->line > 0 && x->col > 0)
			fprintf(stderr, ":%d", x->col);
		fprintf(stderr, ": %s: %s [%s]\n", diag_level_name(x->level),
		    x->message, x->rule);
	}
}

/* Read path whole into *text (the caller frees it). Returns 0, or -1
 * after saying why on stderr. */
static int
read_input(const char *path, char **text, size_t *len)
{
	if (read_file(path, INPUT_MAX, text, len) < 0) {
		fprintf(stderr, "regress: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Write node and its following siblings to stdout, each as the pages
 * serialise it (htmlNodeDumpFormatOutput, no added white space) and then
 * a newline: one block a line, so that a diff points at the block. The
 * page has nothing between them. Returns 0 or -1. */
static int
write_html_nodes(xmlDocPtr doc, xmlNodePtr node)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(stdout, NULL);

	if (ob == NULL)
		return -1;
	for (; node != NULL; node = node->next) {
		htmlNodeDumpFormatOutput(ob, doc, node, "UTF-8", 0);
		if (xmlOutputBufferWrite(ob, 1, "\n") < 0)
			break;
	}
	if (ob->error != 0) {
		(void)xmlOutputBufferClose(ob);	/* already failing */
		return -1;
	}
	return xmlOutputBufferClose(ob) < 0 ? -1 : 0;
}

/* The body of the record at path rendered as on an incident page, then
 * a newline. Returns 0, or -1 when the record cannot be used. */
static int
run_markdown(const char *path, diags *d)
{
	config *cfg = config_default();
	record *r = NULL;
	buf html = { 0 };
	char *text = NULL;
	size_t len;
	int rc = -1;

	if (cfg == NULL || read_input(path, &text, &len) < 0)
		goto out;
	r = record_parse(path, text, len, cfg, d);
	if (r->failed || record_tree(r) == NULL)
		goto out;
	if (mdhtml_render(r, NULL, &html, d) < 0)
		goto out;
	buf_addc(&html, '\n');
	if (fwrite(html.data, 1, html.len, stdout) != html.len)
		goto out;
	rc = 0;
out:
	buf_free(&html);
	record_free(r);
	config_free(cfg);
	free(text);
	return rc;
}

/* The fragments a template case may insert with data-am-html: "sample"
 * is <p class="fragment">A <em>fragment</em> &amp; &lt;text&gt;</p>. */
typedef struct fragments {
	xmlDocPtr doc;
	xmlNodePtr sample;
} fragments;

/* Build the sample fragment in a document of its own. Returns 0 or -1. */
static int
fragments_make(fragments *f)
{
	xmlNodePtr p, em;

	if ((f->doc = xmlNewDoc(BAD_CAST "1.0")) == NULL ||
	    (p = xmlNewDocNode(f->doc, NULL, BAD_CAST "p", NULL)) == NULL)
		return -1;
	xmlDocSetRootElement(f->doc, p);
	if (xmlSetProp(p, BAD_CAST "class", BAD_CAST "fragment") == NULL ||
	    xmlAddChild(p, xmlNewDocText(f->doc, BAD_CAST "A ")) == NULL ||
	    (em = xmlNewDocNode(f->doc, NULL, BAD_CAST "em",
	    BAD_CAST "fragment")) == NULL || xmlAddChild(p, em) == NULL ||
	    xmlAddChild(p, xmlNewDocText(f->doc, BAD_CAST " & <text>")) ==
	    NULL)
		return -1;
	f->sample = p;
	return 0;
}

/* template_fragment_fn over a fragments: "sample", or none. */
static xmlNodePtr
fragment_lookup(void *ud, const char *name)
{
	fragments *f = ud;

	return strcmp(name, "sample") == 0 ? f->sample : NULL;
}

/* Parse the template at path; NULL with findings when it is refused. */
static template *
load_template(const char *path, diags *d)
{
	template *t = NULL;
	char *text = NULL;
	size_t len;

	if (read_input(path, &text, &len) == 0)
		t = template_parse(path, text, len, d);
	free(text);
	return t;
}

/* The page of template page_path (inside layout_path, which may be NULL)
 * filled with the JSON of data_path. Returns 0, or -1 with findings. */
static int
run_template(const char *page_path, const char *data_path,
    const char *layout_path, diags *d)
{
	template *page = NULL, *layout = NULL;
	fragments frag = { NULL, NULL };
	json_t *data = NULL;
	json_error_t jerr;
	template_frags frags = { NULL, fragment_lookup, &frag };
	buf html = { 0 };
	int rc = -1;

	if ((data = json_load_file(data_path, 0, &jerr)) == NULL) {
		fprintf(stderr, "regress: %s:%d: %s\n", data_path, jerr.line,
		    jerr.text);
		goto out;
	}
	if ((page = load_template(page_path, d)) == NULL)
		goto out;
	if (layout_path != NULL &&
	    (layout = load_template(layout_path, d)) == NULL)
		goto out;
	if (fragments_make(&frag) < 0) {
		fprintf(stderr, "regress: cannot make the sample fragment\n");
		goto out;
	}
	if (template_render(page, layout, data, &frags, &html, d) < 0)
		goto out;
	if (fwrite(html.data, 1, html.len, stdout) != html.len)
		goto out;
	rc = 0;
out:
	buf_free(&html);
	xmlFreeDoc(frag.doc);
	template_free(layout);
	template_free(page);
	json_decref(data);
	return rc;
}

/*
 * A chart file, one directive a line ('#' starts a comment line):
 *
 *   chart: strip | stacked | trend
 *   id: chart-detect
 *   title: Time to detect
 *   row: LABEL | CLASS | SECONDS...      strip: one row (CLASS "-": none)
 *   series: NAME | CLASS                 stacked: one series
 *   cat: NAME | COUNT...                 stacked: one month, a count per series
 *   cat: NAME | SECONDS...               trend: one quarter's durations
 */
typedef struct chart_spec {
	char *kind, *id, *title;
	strlist labels, classes;       /* rows (strip) or series (stacked) */
	strlist cats;
	distribution *dists;   /* one per row (strip) or category (trend) */
	size_t ndists;
	size_t *counts;        /* stacked: a row of nseries per category */
	size_t ncounts;
} chart_spec;

/* Free what s holds. */
static void
chart_spec_free(chart_spec *s)
{
	free(s->kind);
	free(s->id);
	free(s->title);
	strlist_free(&s->labels);
	strlist_free(&s->classes);
	strlist_free(&s->cats);
	for (size_t i = 0; i < s->ndists; i++)
		dist_free(&s->dists[i]);
	free(s->dists);
	free(s->counts);
}

/* Parse the integers of text into a new array (the caller frees it);
 * sets *n. Returns 0, or -1 at something that is not an integer. */
static int
parse_numbers(const char *text, int64_t **out, size_t *n)
{
	const char *p = text;
	char *end;

	*out = NULL;
	*n = 0;
	for (;;) {
		long long v;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return 0;
		errno = 0;
		v = strtoll(p, &end, 10);
		if (end == p || errno != 0 ||
		    (*end != '\0' && *end != ' ' && *end != '\t')) {
			free(*out);
			*out = NULL;
			return -1;
		}
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = v;
		p = end;
	}
}

/* A distribution of the durations in text, made by the metrics stage's
 * own functions. Returns 0, or -1 (nothing to free) when text is not a
 * list of integers. */
static int
parse_distribution(const char *text, distribution *d)
{
	int64_t *v = NULL;
	size_t n = 0;

	dist_init(d, UNIT_SECONDS);
	if (parse_numbers(text, &v, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		dist_add(d, v[i], false);
	dist_finish(d);
	free(v);
	return 0;
}

/* Split "A | B" at the first '|' into two trimmed strings in place;
 * false when there is no '|'. */
static bool
split_bar(char *s, char **left, char **right)
{
	char *bar = strchr(s, '|');

	if (bar == NULL)
		return false;
	*bar = '\0';
	*left = str_trim(s);
	*right = str_trim(bar + 1);
	return true;
}

/* Add one directive line (key, value, both trimmed) to s. Returns 0, or
 * -1 when it is malformed. */
static int
chart_spec_line(chart_spec *s, const char *key, char *value)
{
	char *a, *b, *c;
	int64_t *nums;
	size_t n;

	if (strcmp(key, "chart") == 0 && s->kind == NULL)
		s->kind = xstrdup(value);
	else if (strcmp(key, "id") == 0 && s->id == NULL)
		s->id = xstrdup(value);
	else if (strcmp(key, "title") == 0 && s->title == NULL)
		s->title = xstrdup(value);
	else if (strcmp(key, "series") == 0 && split_bar(value, &a, &b)) {
		strlist_add(&s->labels, a);
		strlist_add(&s->classes, b);
	} else if (strcmp(key, "row") == 0 && split_bar(value, &a, &b) &&
	    split_bar(b, &b, &c)) {
		strlist_add(&s->labels, a);
		strlist_add(&s->classes, b);
		s->dists = xrealloc(s->dists, (s->ndists + 1) *
		    sizeof(*s->dists));
		if (parse_distribution(c, &s->dists[s->ndists]) < 0)
			return -1;
		s->ndists++;
	} else if (strcmp(key, "cat") == 0 && split_bar(value, &a, &b)) {
		strlist_add(&s->cats, a);
		if (s->kind != NULL && strcmp(s->kind, "stacked") == 0) {
			/* a row of the counts matrix: one per series */
			if (parse_numbers(b, &nums, &n) < 0)
				return -1;
			if (n != s->labels.n) {
				free(nums);
				return -1;
			}
			s->counts = xrealloc(s->counts, (s->ncounts + n) *
			    sizeof(*s->counts));
			for (size_t i = 0; i < n; i++)
				s->counts[s->ncounts + i] =
				    nums[i] < 0 ? 0 : (size_t)nums[i];
			s->ncounts += n;
			free(nums);
		} else {
			s->dists = xrealloc(s->dists, (s->ndists + 1) *
			    sizeof(*s->dists));
			if (parse_distribution(b, &s->dists[s->ndists]) < 0)
				return -1;
			s->ndists++;
		}
	} else
		return -1;
	return 0;
}

/* True when the lines of s fit its kind: a distribution per row (strip),
 * a count per series and month (stacked), a distribution per quarter
 * (trend), and nothing of another kind. */
static bool
chart_spec_fits(const chart_spec *s)
{
	if (strcmp(s->kind, "strip") == 0)
		return s->cats.n == 0 && s->ndists == s->labels.n;
	if (strcmp(s->kind, "stacked") == 0)
		return s->ndists == 0 &&
		    s->ncounts == s->cats.n * s->labels.n;
	if (strcmp(s->kind, "trend") == 0)
		return s->labels.n == 0 && s->ndists == s->cats.n;
	return false;
}

/* Parse the chart file text (modified in place) into s. Returns 0, or -1
 * after saying what is wrong. */
static int
chart_spec_parse(const char *path, char *text, chart_spec *s)
{
	int lineno = 0;

	for (char *line = text, *next; line != NULL; line = next) {
		char *colon, *key;

		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		key = str_trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		if ((colon = strchr(key, ':')) != NULL)
			*colon = '\0';
		if (colon == NULL ||
		    chart_spec_line(s, str_trim(key), str_trim(colon + 1)) < 0) {
			fprintf(stderr, "%s:%d: not a chart line\n", path,
			    lineno);
			return -1;
		}
	}
	if (s->kind == NULL || s->id == NULL || s->title == NULL) {
		fprintf(stderr, "%s: chart, id and title are needed\n", path);
		return -1;
	}
	if (!chart_spec_fits(s)) {
		fprintf(stderr, "%s: the lines do not fit a %s chart (the "
		    "chart line first, series before months)\n", path,
		    s->kind);
		return -1;
	}
	return 0;
}

/* CLASS of a row or series as the chart takes it: "-" is none. */
static const char *
class_or_null(const char *cls)
{
	return strcmp(cls, "-") == 0 ? NULL : cls;
}

/* Draw chart s (which chart_spec_fits) into doc; sets *svg (NULL:
 * nothing to draw). Returns 0, or -1 when the chart fails. */
static int
chart_draw(const chart_spec *s, xmlDocPtr doc, xmlNodePtr *svg)
{
	const char **classes = xcalloc(s->labels.n + 1, sizeof(*classes));
	const distribution **dp = xcalloc(s->ndists + 1, sizeof(*dp));
	chart_row *rows = xcalloc(s->labels.n + 1, sizeof(*rows));
	int rc = -1;

	*svg = NULL;
	for (size_t i = 0; i < s->labels.n; i++)
		classes[i] = class_or_null(s->classes.v[i]);
	for (size_t i = 0; i < s->ndists; i++)
		dp[i] = &s->dists[i];
	if (strcmp(s->kind, "strip") == 0) {
		for (size_t i = 0; i < s->labels.n; i++)
			rows[i] = (chart_row){ s->labels.v[i], classes[i],
			    &s->dists[i] };
		rc = chart_strip(doc, s->id, s->title, rows, s->labels.n, svg);
	} else if (strcmp(s->kind, "stacked") == 0) {
		rc = chart_stacked(doc, s->id, s->title,
		    (const char *const *)s->cats.v, s->cats.n,
		    (const char *const *)s->labels.v, classes, s->labels.n,
		    s->counts, svg);
	} else if (strcmp(s->kind, "trend") == 0) {
		rc = chart_trend(doc, s->id, s->title,
		    (const char *const *)s->cats.v, dp, s->cats.n, svg);
	}
	free(rows);
	free(dp);
	free(classes);
	return rc;
}

/* The chart described by the file at path as SVG; no output at all
 * when it has nothing to draw. Returns 0 or -1. */
static int
run_chart(const char *path)
{
	chart_spec s;
	xmlDocPtr doc = NULL;
	xmlNodePtr svg = NULL;
	char *text = NULL;
	size_t len;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	if (read_input(path, &text, &len) < 0 ||
	    chart_spec_parse(path, text, &s) < 0)
		goto out;
	if ((doc = htmlNewDocNoDtD(NULL, NULL)) == NULL ||
	    chart_draw(&s, doc, &svg) < 0)
		goto out;
	if (svg != NULL) {
		xmlDocSetRootElement(doc, svg);
		if (write_html_nodes(doc, svg) < 0)
			goto out;
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	chart_spec_free(&s);
	free(text);
	return rc;
}

/* Print how to call the driver; returns the exit status 2. */
static int
usage(void)
{
	fputs("usage: regress markdown FILE.md\n"
	    "       regress template PAGE.html DATA.json [LAYOUT.html]\n"
	    "       regress chart FILE.chart\n", stderr);
	return 2;
}

/* Render what argv names; exit 0, 1 when nothing could be made, 2 on a
 * bad command line. */
int
main(int argc, char **argv)
{
	diags d = { 0 };
	int rc;

	if (argc == 3 && strcmp(argv[1], "markdown") == 0)
		rc = run_markdown(argv[2], &d);
	else if ((argc == 4 || argc == 5) && strcmp(argv[1], "template") == 0)
		rc = run_template(argv[2], argv[3], argc == 5 ? argv[4] : NULL,
		    &d);
	else if (argc == 3 && strcmp(argv[1], "chart") == 0)
		rc = run_chart(argv[2]);
	else
		return usage();
	print_findings(&d);
	diags_free(&d);
	/* a write error to stdout is a failure too, never lost output */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "regress: cannot write the output\n");
		rc = -1;
	}
	return rc < 0 ? 1 : 0;
}
