/*
 * metrics_json.h - the metrics aggregate (metrics/metrics.h) as the JSON
 * of metrics.json, of the metrics page and of "aftermath metrics".
 */
#ifndef AM_METRICS_JSON_H
#define AM_METRICS_JSON_H

#include <jansson.h>

#include "metrics/metrics.h"

/* m as the JSON of metrics.json (layout in docs/metrics.md); the caller
 * owns the reference. The page and "aftermath metrics" read this too. */
json_t *metrics_json(const metrics *m);

/* Block b of m (&m->all, a year, quarter or service) as metrics_json
 * shows it; the caller owns the reference. */
json_t *metrics_block_json(const metrics *m, const metrics_block *b);

#endif
