/*
 * fingerprint.h - the up-to-date check of "aftermath build", as make and
 * ninja do it: is the site there exactly what a build now would make?
 *
 * The fingerprint is one hash of every input that decides the site: the
 * program and the libraries it runs with, the settings that change pages,
 * aftermath.yaml, templates/, every file of the incidents directory, the
 * git state the history walk reads, and the zone file of the configured
 * time zone. The clock is not in it: a build also works out from when
 * until when its pages stay as they are (fingerprint_valid_until).
 *
 * After a successful build the front end saves a stamp in .aftermath/ of
 * the repository, one per output directory: the fingerprint, that time
 * span, a hash of the site's files as they were left (path, mode, size,
 * mtime, ctime and inode, as git's index keeps them) and the findings the
 * build had. A build with the same fingerprint, within the span, that
 * finds the site as it was left need not do anything but say again what
 * the last one said.
 *
 * Nothing here prints; failures are statuses or findings.
 */
#ifndef AM_FINGERPRINT_H
#define AM_FINGERPRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/config.h"
#include "lib/diag.h"
#include "load/load.h"

#define FINGERPRINT_HEXSZ 41   /* 40 hex digits and the NUL */

/* What a build is run with, besides the files it finds under repo_root. */
typedef struct fingerprint_inputs {
	const char *repo_root;
	const config *cfg;     /* as loaded; its file is hashed, not cfg */
	bool public;           /* the edition: --public or public: true */
} fingerprint_inputs;

/*
 * Hash every input of a build with in into out (hex). A file that cannot
 * be read is hashed as unreadable, with the reason, so the build that
 * then reports it is not skipped once it can be read. Returns 0, or -1
 * when the program's own file cannot be read (then there is no
 * fingerprint: build, and save no stamp).
 */
int fingerprint_compute(const fingerprint_inputs *in,
    char out[FINGERPRINT_HEXSZ]);

/*
 * The first instant after now at which a build of a (as loaded, before
 * rendering) could give another site than a build at now: the next change
 * of the local date in the configured zone ("as of", overdue reviews and
 * action items count dates), or earlier, the first record time still
 * ahead that the checker compares with the exact instant (time-future,
 * timeline-bounds). Returns now itself when the site depends on the second
 * (feed.atom falls back to now for an incident without a start time, and
 * for an empty archive).
 */
int64_t fingerprint_valid_until(const archive *a, const config *cfg,
    int64_t now);

/*
 * Hash the state of every file and directory of the site at outdir (path,
 * type and mode, size, mtime, ctime and inode; no content) into out.
 * Returns 0, or -1 when outdir is not a directory carrying the site
 * marker, or cannot be read.
 */
int fingerprint_site_state(const char *outdir, char out[FINGERPRINT_HEXSZ]);

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
