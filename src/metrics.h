/*
 * metrics.h - durations of one incident, computed from its lifecycle
 * times. The metrics page builds its distributions from these.
 */
#ifndef AM_METRICS_H
#define AM_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include "record.h"

typedef enum duration_kind {
	DUR_DETECT,            /* detected - started */
	DUR_ACKNOWLEDGE,       /* acknowledged - detected */
	DUR_IDENTIFY,          /* identified - started */
	DUR_REPAIR,            /* mitigated - started */
	DUR_RESPOND,           /* mitigated - detected */
	DUR_RECOVER,           /* recovered - started */
	DUR_RESOLVE,           /* resolved - started */
	DUR_COUNT
} duration_kind;

/* Short key ("detect") and label ("Time to detect") of a duration. */
const char *duration_key(duration_kind k);
const char *duration_label(duration_kind k);

/* The duration k of r in seconds. Returns 0 and sets *secs, or -1 when a
 * time it needs is missing or the result would be negative. */
int record_duration(const record *r, duration_kind k, int64_t *secs);

#endif
