/*
 * search.h - the site's full-text search index (search.js).
 *
 * The index is built here and shipped as a script that sets
 * window.AFTERMATH_SEARCH, so that search works from file:// where pages
 * cannot fetch JSON. templates/site.js reads it: it splits the query the
 * same way, matches each word as a prefix of the indexed tokens and ranks
 * incidents by the summed weights. Layout in docs/templates.md.
 */
#ifndef AM_SEARCH_H
#define AM_SEARCH_H

#include <stddef.h>

/* Where a token was found; each has a weight, a title match counting
 * most. */
typedef enum search_field {
	SEARCH_TITLE,          /* title and id: 8 */
	SEARCH_LABEL,          /* services and tags: 4 */
	SEARCH_SUMMARY,        /* the one-line summary: 2 */
	SEARCH_BODY,           /* the text of the record's sections: 1 */
	SEARCH_NFIELDS
} search_field;

typedef struct search_index search_index;

/* A new, empty index. Free with search_free. Never NULL. */
search_index *search_new(void);
/* NULL-safe. */
void search_free(search_index *s);

/* Add the document id (copied) and return its number; documents are
 * listed in the order added. */
size_t search_add_doc(search_index *s, const char *id);
/* Index text (UTF-8; NULL is ignored) as field f of document doc. */
void search_add_text(search_index *s, size_t doc, search_field f,
    const char *text);

/* The text of search.js: one statement setting window.AFTERMATH_SEARCH,
 * ASCII only (so a page opened from disk reads it in any encoding), the
 * same for the same input. Returns a new string (the caller frees it),
 * or NULL when the JSON cannot be written. */
char *search_js(search_index *s);

/*
 * Split text into tokens as the index and site.js do: runs of ASCII
 * letters and digits and non-ASCII characters other than punctuation
 * (U+0080..U+00BF, U+00D7, U+00F7, U+2000..U+206F, U+2190..U+21FF),
 * ASCII letters folded to lower case; tokens of one byte, longer than 64
 * bytes, numbers of one or two digits, and stop words are skipped. fn gets each token (NUL-terminated,
 * valid only during the call).
 */
void search_tokens(const char *text,
    void (*fn)(void *ud, const char *token), void *ud);

#endif
