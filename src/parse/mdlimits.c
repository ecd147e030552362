/*
 * mdlimits.c - bound the work cmark-gfm 0.29.0.gfm.6 would do on a body.
 *
 * Each bound follows how cmark-gfm spends its time, and each is an upper
 * bound, so that no input slips under it:
 *
 * - Every line walks the open containers (quotes, list items). A line
 *   opens or continues at most one container per '>' or list marker and
 *   per two columns of indentation in front of it; a line that may be a
 *   lazy continuation, or a blank line, keeps what was open before.
 * - Inline parsing works on one paragraph (or cell, or heading) at a time,
 *   and none spans a blank line. So per run of non-blank lines: an
 *   unclosed "<?" scans to "?>", "<!X" and "</" to ">", "<![CDATA[" to
 *   "]]>", or to the end of the run; the autolink extension costs "<" x
 *   URL starts; links cost "![" x "]"; a table row costs its cells
 *   squared, and short rows are padded to the header's width.
 */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "parse/mdlimits.h"

enum { PEND_PI, PEND_DECL, PEND_CLOSE, PEND_CDATA, NPEND };

typedef struct scan {
	mdcost c;
	uint64_t depth;        /* containers that may be open */
	bool prev_blank;
	/* the run of non-blank lines being read */
	size_t run_line;       /* its first line, 0-based in the body */
	uint64_t lt, url, img, rbr, lines, maxcells;
	uint64_t pend_n[NPEND], pend_sum[NPEND];
	size_t pi_open;        /* offset of the last "<?" */
} scan;

/* The containers a line can open or continue: '>' and list markers in
 * front of its text, and one per two columns of indentation there. */
static uint64_t
prefix_depth(const char *s, size_t n)
{
	uint64_t depth = 0, cols = 0;
	size_t i = 0;

	while (i < n) {
		char c = s[i];

		if (c == ' ') {
			cols++;
			i++;
		} else if (c == '\t') {
			cols += 4;
			i++;
		} else if (c == '>') {
			depth++;
			i++;
		} else if ((c == '-' || c == '*' || c == '+') &&
		    (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t')) {
			depth++;
			i++;
		} else if (c >= '0' && c <= '9') {
			size_t j = i;

			while (j < n && j - i < 9 && s[j] >= '0' && s[j] <= '9')
				j++;
			if (j < n && (s[j] == '.' || s[j] == ')') &&
			    (j + 1 == n || s[j + 1] == ' ' || s[j + 1] == '\t')) {
				depth++;
				i = j + 1;
			} else
				break;
		} else
			break;
	}
	return depth + cols / 2;
}

/* Close the pending scans of kind k at offset pos. */
static void
pend_close(scan *sc, int k, size_t pos)
{
	sc->c.html_scan += sc->pend_n[k] * (uint64_t)pos - sc->pend_sum[k];
	sc->pend_n[k] = 0;
	sc->pend_sum[k] = 0;
}

static void
pend_open(scan *sc, int k, size_t pos)
{
	sc->pend_n[k]++;
	sc->pend_sum[k] += pos;
}

/* End the run of non-blank lines at offset pos. */
static void
run_end(scan *sc, size_t pos)
{
	for (int k = 0; k < NPEND; k++)
		pend_close(sc, k, pos);
	sc->c.autolink += sc->lt * sc->url;
	sc->c.brackets += sc->img * sc->rbr;
	if (sc->maxcells > 1)
		sc->c.table_cells += sc->maxcells * sc->lines;
	sc->lt = sc->url = sc->img = sc->rbr = sc->lines = sc->maxcells = 0;
}

/* Count what the non-blank line [s, s + n) at offset off adds. */
static void
scan_line(scan *sc, const char *body, size_t off, size_t n)
{
	const char *s = body + off;
	uint64_t pipes = 0, cells;

	for (size_t i = 0; i < n; i++) {
		size_t pos = off + i;

		switch (s[i]) {
		case '<':
			sc->lt++;
			if (i + 1 < n && s[i + 1] == '?') {
				pend_open(sc, PEND_PI, pos);
				sc->pi_open = pos;
			} else if (i + 1 < n && s[i + 1] == '/')
				pend_open(sc, PEND_CLOSE, pos);
			else if (i + 1 < n && s[i + 1] == '!') {
				if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0)
					pend_open(sc, PEND_CDATA, pos);
				else if (i + 2 < n &&
				    ((s[i + 2] >= 'A' && s[i + 2] <= 'Z') ||
				    (s[i + 2] >= 'a' && s[i + 2] <= 'z')))
					pend_open(sc, PEND_DECL, pos);
			}
			break;
		case '>':
			pend_close(sc, PEND_DECL, pos);
			pend_close(sc, PEND_CLOSE, pos);
			/* the '?' of "<?" itself does not close it */
			if (i > 0 && s[i - 1] == '?' &&
			    (sc->pend_n[PEND_PI] == 0 || pos - 1 != sc->pi_open + 1))
				pend_close(sc, PEND_PI, pos);
			if (i > 1 && s[i - 1] == ']' && s[i - 2] == ']')
				pend_close(sc, PEND_CDATA, pos);
			break;
		case ':':
			if (n - i >= 3 && s[i + 1] == '/' && s[i + 2] == '/')
				sc->url++;
			break;
		case 'w':
			if (n - i >= 4 && memcmp(s + i, "www.", 4) == 0)
				sc->url++;
			break;
		case '@':
			sc->url++;
			break;
		case '!':
			if (i + 1 < n && s[i + 1] == '[')
				sc->img++;
			break;
		case ']':
			sc->rbr++;
			break;
		case '|':
			pipes++;
			break;
		default:
			break;
		}
	}
	cells = pipes + 1;
	if (pipes > 0)
		sc->c.table_cols += cells * cells;
	if (pipes > 0 && cells > sc->maxcells)
		sc->maxcells = cells;
	sc->lines++;
}

/* The first budget *c exceeds, as a message, or NULL. */
static const char *
over_budget(const mdcost *c, uint64_t *have, uint64_t *limit)
{
	static const struct {
		size_t off;
		uint64_t limit;
		const char *what;
	} budgets[] = {
		{ offsetof(mdcost, nesting), MDLIMIT_NESTING,
		    "lists or quotes nested deep over many lines" },
		{ offsetof(mdcost, html_scan), MDLIMIT_HTML_SCAN,
		    "many unclosed \"<?\", \"<!\", \"</\" or \"<![CDATA[\"" },
		{ offsetof(mdcost, autolink), MDLIMIT_AUTOLINK,
		    "many URLs and '<' in one paragraph" },
		{ offsetof(mdcost, brackets), MDLIMIT_BRACKETS,
		    "many \"![\" and \"]\" in one paragraph" },
		{ offsetof(mdcost, table_cols), MDLIMIT_TABLE_COLS,
		    "table rows with too many columns" },
		{ offsetof(mdcost, table_cells), MDLIMIT_TABLE_CELLS,
		    "a table with too many cells" },
	};

	for (size_t i = 0; i < sizeof(budgets) / sizeof(budgets[0]); i++) {
		uint64_t v;

		memcpy(&v, (const char *)c + budgets[i].off, sizeof(v));
		if (v > budgets[i].limit) {
			*have = v;
			*limit = budgets[i].limit;
			return budgets[i].what;
		}
	}
	return NULL;
}

int
mdlimits_check(const char *body, size_t len, int first_line,
    const char *path, mdcost *cost, diags *d)
{
	scan sc;
	size_t off = 0, line = 0, bad_line = 0;
	const char *what = NULL;
	uint64_t have = 0, limit = 0;

	memset(&sc, 0, sizeof(sc));
	sc.prev_blank = true;
	while (off < len && what == NULL) {
		const char *nl = memchr(body + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - body) - off : len - off;
		bool blank = true;

		for (size_t i = 0; i < n && blank; i++)
			blank = body[off + i] == ' ' || body[off + i] == '\t' ||
			    body[off + i] == '\r';
		if (blank) {
			/* list items stay open across blank lines */
			run_end(&sc, off);
		} else {
			uint64_t here = prefix_depth(body + off, n);
			/* after a blank line nothing can be lazy */
			uint64_t kept = sc.prev_blank ? 0 : sc.depth;

			if (sc.lines == 0)
				sc.run_line = line;
			sc.depth = here > kept ? here : kept;
			scan_line(&sc, body, off, n);
		}
		sc.c.nesting += sc.depth;
		sc.prev_blank = blank;
		/* nesting is per line; the others per run of lines */
		if ((what = over_budget(&sc.c, &have, &limit)) != NULL)
			bad_line = sc.c.nesting > MDLIMIT_NESTING ? line :
			    sc.run_line;
		off += n + (nl != NULL);
		line++;
	}
	if (what == NULL) {
		size_t start = sc.run_line;

		run_end(&sc, len);
		if ((what = over_budget(&sc.c, &have, &limit)) != NULL)
			bad_line = start;
	}
	if (cost != NULL)
		*cost = sc.c;
	if (what == NULL)
		return 0;
	if (bad_line > (size_t)(INT_MAX - first_line))
		bad_line = 0;
	diags_add(d, path, first_line + (int)bad_line, 1, DIAG_ERROR,
	    "record-size",
	    "the markdown would take too long to read: %s (cost %llu, the "
	    "limit is %llu); split the record or simplify this part",
	    what, (unsigned long long)have, (unsigned long long)limit);
	return -1;
}
