/*
 * derived.c - the derived-time notes: what git history would have said
 * about a lifecycle time the record does not write, and why it was not
 * used (history/timeline.c decides; this file only tells).
 */
#include <stdio.h>

#include "check/check.h"
#include "model/rules.h"
#include "lib/timeutil.h"

void
check_derived(const record *r, const timeline *t, diags *d)
{
	if (r == NULL || t == NULL || r->failed)
		return;
	for (size_t i = 0; i < t->nrejected; i++) {
		const derive_note *n = &t->rejected[i];
		char a[64], b[64];
		/* a missing time is asked for where the record would write
		 * it: at status, which implied it */
		srcpos pos = r->field_pos[F_STATUS].line > 0 ?
		    r->field_pos[F_STATUS] : (srcpos){ 1, 1 };

		time_format(n->time, TIME_SHOW, a, sizeof(a));
		time_format(n->other_time, TIME_SHOW, b, sizeof(b));
		if (n->why == REJECT_COMMIT_ORDER)
			diags_add(d, r->path, pos.line, pos.col,
			    rules_default_level("derived-time"),
			    "derived-time", "%s is not derived from commit "
			    "%.8s (%s): it is dated before an earlier commit "
			    "of this record (%s), as amended or rebased "
			    "history is; write %s in the front matter",
			    phase_name(n->p), n->commit, a, b,
			    phase_name(n->p));
		else
			diags_add(d, r->path, pos.line, pos.col,
			    rules_default_level("derived-time"),
			    "derived-time", "%s is not derived from commit "
			    "%.8s (%s): it would be %s %s (%s); the order is "
			    "started, detected, acknowledged, identified, "
			    "mitigated, recovered, resolved; write %s in the "
			    "front matter", phase_name(n->p), n->commit, a,
			    n->why == REJECT_BEFORE ? "before" : "after",
			    phase_name(n->other), b, phase_name(n->p));
	}
}
