/*
 * render_pages.h - the pages around the incidents: one per service and
 * per tag, the open follow-ups (with followups.csv), the handbook and the
 * 404 page. Internal to the render stage: render.c prepares the site and
 * calls these.
 */
#ifndef AM_RENDER_PAGES_H
#define AM_RENDER_PAGES_H

#include <jansson.h>

#include "model/config.h"
#include "lib/diag.h"
#include "output/output.h"
#include "model/record.h"
#include "render/page.h"
#include "render/template.h"
#include "history/timeline.h"



/* services/NAME.html for every service named by an incident or
 * configured, with the service's own metrics. Returns 0 or -1. */
int render_service_pages(site *s, output *o, diags *d);
/* tags/NAME.html for every tag. Returns 0 or -1. */
int render_tag_pages(site *s, output *o, diags *d);
/* followups.html and followups.csv: every action item not done.
 * Returns 0 or -1. */
int render_followups(site *s, output *o, diags *d);
/* handbook.html: roles, severities, lifecycle, metrics, featured
 * incidents. Returns 0 or -1. */
int render_handbook(site *s, output *o, diags *d);
/* 404.html, with links from the base URL when there is one. Returns 0
 * or -1. */
int render_not_found(site *s, output *o, diags *d);

/* The text of followups.csv for the follow-up rows (as made for
 * followups.html): RFC 4180, CRLF line ends, and every cell that a
 * spreadsheet would read as a formula prefixed with a quote. Exposed for
 * the tests. The caller frees the result. */
char *followups_csv(const json_t *rows);

#endif
