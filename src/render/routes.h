/*
 * routes.h - the one place that knows where each page of the site is.
 *
 * Every address the site writes or links to is made here, relative to
 * the site's root; a page deeper down reaches the root by route_root.
 * A new page gets its address here first (docs/architecture.md).
 */
#ifndef AM_ROUTES_H
#define AM_ROUTES_H

#define ROUTE_INDEX          "index.html"
#define ROUTE_METRICS        "metrics.html"
#define ROUTE_METRICS_JSON   "metrics.json"
#define ROUTE_FOLLOWUPS      "followups.html"
#define ROUTE_FOLLOWUPS_CSV  "followups.csv"
#define ROUTE_HANDBOOK       "handbook.html"
#define ROUTE_NOT_FOUND      "404.html"
#define ROUTE_FEED           "feed.atom"
#define ROUTE_SITEMAP        "sitemap.xml"
#define ROUTE_INCIDENTS_JSON "incidents.json"
#define ROUTE_SEARCH         "search.js"
#define ROUTE_STYLE          "style.css"
#define ROUTE_SCRIPT         "site.js"

/* The folders of the pages made per incident, service and tag. */
#define ROUTE_INCIDENT_DIR   "incidents"
#define ROUTE_SERVICE_DIR    "services"
#define ROUTE_TAG_DIR        "tags"

/* The page of incident id: "incidents/ID.html". The caller frees it. */
char *route_incident(const char *id);
/* The page in dir (ROUTE_SERVICE_DIR or ROUTE_TAG_DIR) of the service or
 * tag whose slug is slug: "services/SLUG.html". The caller frees it. */
char *route_label(const char *dir, const char *slug);
/* The way back to the site's root from the page at relpath: "" at the
 * top, "../" one folder down (pages are at most three deep). Never
 * NULL; static. */
const char *route_root(const char *relpath);

#endif
