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
 * The stamp of the last build keeps them with the state the site was left
 * in (fingerprint_site_state): stamp.h.
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

#endif
