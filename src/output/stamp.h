/*
 * stamp.h - the stamp of the last build, for the up-to-date check.
 *
 * After a successful build the front end saves a stamp in .aftermath/ of
 * the repository, one per output directory: the fingerprint, the time
 * span its pages hold (fingerprint_valid_until), a hash of the site's
 * files as they were left (fingerprint_site_state: path, mode, size,
 * mtime, ctime and inode, as git's index keeps them) and the findings the
 * build had. A build with the same fingerprint, within the span, that
 * finds the site as it was left need not do anything but say again what
 * the last one said.
 *
 * Nothing here prints; failures are statuses or findings.
 */
#ifndef AM_STAMP_H
#define AM_STAMP_H

#include <stdint.h>

#include "lib/diag.h"
#include "output/fingerprint.h"

/* What a successful build of one output directory leaves in .aftermath/. */
typedef struct build_stamp {
	char fingerprint[FINGERPRINT_HEXSZ];
	int64_t valid_from;    /* the build's now */
	int64_t valid_until;   /* fingerprint_valid_until */
	size_t nincidents;     /* incidents written */
	size_t nfailed;        /* records that could not be read (-k) */
	diags found;           /* what the build reported, at the configured
	                          levels, sorted */
} build_stamp;

/* Why a build is needed, or that none is. */
typedef enum stamp_verdict {
	STAMP_UP_TO_DATE,
	STAMP_NONE,            /* no stamp for the directory, or unreadable */
	STAMP_INPUTS,          /* the fingerprint differs */
	STAMP_TIME,            /* now is outside the stamp's span */
	STAMP_SITE,            /* the site is gone or was changed */
} stamp_verdict;

/*
 * Compare the stamp of the last build of outdir (saved under repo_root)
 * with fingerprint and now, and the site with the state it was left in.
 * On STAMP_UP_TO_DATE, *last holds the stamp (free with stamp_free);
 * otherwise *last is empty.
 */
stamp_verdict stamp_check(const char *repo_root, const char *outdir,
    const char *fingerprint, int64_t now, build_stamp *last);
/* A phrase for v, for "aftermath build -v": "the inputs changed". */
const char *stamp_verdict_text(stamp_verdict v);

/*
 * Save s as the stamp of the build just swapped in at outdir, with the
 * site's present state, under repo_root/.aftermath/ (written to a
 * temporary file and renamed). Findings of rule "history-cache" are left
 * out: they are about the cache, which the next build finds in order.
 * Returns 0, or -1 with a "build-stamp" warning in d.
 */
int stamp_save(const char *repo_root, const char *outdir,
    const build_stamp *s, diags *d);

/* Free what s holds; s may be reused. NULL-safe. */
void stamp_free(build_stamp *s);

#endif
