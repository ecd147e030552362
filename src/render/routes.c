/*
 * routes.c - page addresses.
 */
#include <string.h>

#include "lib/util.h"
#include "render/routes.h"

char *
route_incident(const char *id)
{
	return xasprintf("%s/%s.html", ROUTE_INCIDENT_DIR, id);
}

char *
route_label(const char *dir, const char *slug)
{
	return xasprintf("%s/%s.html", dir, slug);
}

const char *
route_root(const char *relpath)
{
	static const char *const up[] = { "", "../", "../../", "../../../" };
	size_t depth = 0;

	for (const char *p = relpath; (p = strchr(p, '/')) != NULL; p++)
		depth++;
	return up[depth < 3 ? depth : 3];
}
