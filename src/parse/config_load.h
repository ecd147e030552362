/*
 * config_load.h - reading aftermath.yaml.
 */
#ifndef AM_CONFIG_LOAD_H
#define AM_CONFIG_LOAD_H

#include "lib/diag.h"
#include "model/config.h"

/*
 * Load repo_root/aftermath.yaml over the defaults. A missing file is not an
 * error. Returns the config (free with config_free), or NULL with findings
 * in d when the file is unreadable or invalid.
 */
config *config_load(const char *repo_root, diags *d);

#endif
