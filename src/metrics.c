/*
 * metrics.c - incident durations.
 */
#include "metrics.h"

static const struct {
	const char *key, *label;
	phase from, to;
} durations[DUR_COUNT] = {
	[DUR_DETECT] = { "detect", "Time to detect", PHASE_STARTED,
	    PHASE_DETECTED },
	[DUR_ACKNOWLEDGE] = { "acknowledge", "Time to acknowledge",
	    PHASE_DETECTED, PHASE_ACKNOWLEDGED },
	[DUR_IDENTIFY] = { "identify", "Time to identify", PHASE_STARTED,
	    PHASE_IDENTIFIED },
	[DUR_REPAIR] = { "repair", "Time to repair", PHASE_STARTED,
	    PHASE_MITIGATED },
	[DUR_RESPOND] = { "respond", "Time to respond", PHASE_DETECTED,
	    PHASE_MITIGATED },
	[DUR_RECOVER] = { "recover", "Time to recover", PHASE_STARTED,
	    PHASE_RECOVERED },
	[DUR_RESOLVE] = { "resolve", "Time to resolve", PHASE_STARTED,
	    PHASE_RESOLVED },
};

const char *
duration_key(duration_kind k)
{
	return durations[k].key;
}

const char *
duration_label(duration_kind k)
{
	return durations[k].label;
}

int
record_duration(const record *r, duration_kind k, int64_t *secs)
{
	const am_time *a = &r->times[durations[k].from];
	const am_time *b = &r->times[durations[k].to];

	if (!a->set || !b->set || b->t < a->t)
		return -1;
	*secs = b->t - a->t;
	return 0;
}
