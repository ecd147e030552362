/*
 * sarif.h - the findings of aftermath check as a SARIF 2.1.0 log, the
 * format GitHub code scanning and other tools read (docs/rules.md).
 */
#ifndef AM_SARIF_H
#define AM_SARIF_H

#include <jansson.h>

#include "lib/diag.h"
#include "model/config.h"

/* The SARIF log of the findings d (sorted, at the levels in force) with
 * every catalogued rule at its level under cfg; NULL when it cannot be
 * made. The caller owns the result (json_decref). */
json_t *sarif_log(const diags *d, const config *cfg);

#endif
