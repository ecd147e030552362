/*
 * vocab.c - statuses, types, roles and links, with their labels.
 */
#include <stddef.h>
#include <string.h>

#include "model/vocab.h"
#include "lib/ascii.h"
#include "lib/util.h"

const char *const record_statuses[] = {
	"investigating", "identified", "monitoring", "recovered", "closed",
	NULL
};

const char *const record_types[] = {
	"unplanned", "planned", "security", NULL
};

const char *const action_item_fields[] = {
	"owner", "ticket", "priority", NULL
};

/* A key of the front matter and the label pages show for it; each table
 * ends with a NULL key. */
typedef struct key_label {
	const char *key, *label;
} key_label;

/* The roles docs/format.md names. */
static const key_label role_labels[] = {
	{ "commander", "Incident commander" },
	{ "deputy", "Deputy" },
	{ "investigator", "Investigator" },
	{ "communicator", "Communicator" },
	{ "scribe", "Scribe" },
	{ "facilitator", "Review facilitator" },
	{ "liaison", "Liaison" },
	{ "ops_lead", "Operations lead" },
	{ "subject_matter_expert", "Subject-matter expert" },
	{ "tech_lead", "Technical lead" },
	{ "team", "Team" },
	{ NULL, NULL },
};

/* The link keys docs/format.md suggests. */
static const key_label link_keys[] = {
	{ "chat", "Chat channel" },
	{ "bridge", "Video bridge" },
	{ "dashboard", "Dashboard" },
	{ "status_page", "Status page" },
	{ "tracker", "Tracker" },
	{ NULL, NULL },
};

/* The label of key in table t, or NULL. */
static const char *
label_of(const key_label *t, const char *key)
{
	for (; t->key != NULL; t++)
		if (strcmp(t->key, key) == 0)
			return t->label;
	return NULL;
}

const char *
role_label(const char *key)
{
	return label_of(role_labels, key);
}

/* Known hosts: a host is the name itself or below it ("acme.slack.com");
 * path, when set, must start the URL's path (Jira under atlassian.net,
 * next to Confluence's /wiki). A self-hosted Grafana, Jira or GitLab has
 * a name of the company's own and is labelled by its link key only: a
 * prefix such as "grafana." would label grafana.evil.example too. */
static const struct {
	const char *host, *path, *label;
} link_hosts[] = {
	{ "slack.com", NULL, "Slack" },
	{ "zoom.us", NULL, "Zoom" },
	{ "meet.google.com", NULL, "Google Meet" },
	{ "grafana.net", NULL, "Grafana" },
	{ "pagerduty.com", NULL, "PagerDuty" },
	{ "atlassian.net", "/jira", "Jira" },
	{ "atlassian.net", "/browse/", "Jira" },
	{ "github.com", NULL, "GitHub" },
};

/* True when the n bytes of host are h or a name below it, ignoring
 * ASCII case. */
static bool
host_matches(const char *host, size_t n, const char *h)
{
	size_t m = strlen(h);

	if (n < m || ascii_strncasecmp(host + n - m, h, m) != 0)
		return false;
	return n == m || host[n - m - 1] == '.';
}

/* The label of url's host (http and https only), or NULL. */
static const char *
host_label(const char *url)
{
	const char *host, *end, *at, *path;
	size_t n;

	if (ascii_strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (ascii_strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return NULL;
	/* browsers end the authority at a backslash as at '/' */
	end = host + strcspn(host, "/?#\\");
	path = end;
	/* a URL with user information ("evil.example\\@acme.slack.com",
	 * "slack.com@evil.example") is not labelled: what it names
	 * depends on who parses it */
	for (at = host; at < end; at++)
		if (*at == '@')
			return NULL;
	n = strcspn(host, ":/?#");
	if (host + n > end)
		n = (size_t)(end - host);
	for (size_t i = 0; i < sizeof(link_hosts) / sizeof(link_hosts[0]);
	    i++)
		if (host_matches(host, n, link_hosts[i].host) &&
		    (link_hosts[i].path == NULL || strncmp(path,
		    link_hosts[i].path, strlen(link_hosts[i].path)) == 0))
			return link_hosts[i].label;
	return NULL;
}

char *
link_label(const char *key, const char *url)
{
	const char *kl = label_of(link_keys, key);
	const char *hl = url != NULL ? host_label(url) : NULL;

	if (kl != NULL && hl != NULL)
		return xasprintf("%s (%s)", kl, hl);
	return xstrdup(kl != NULL ? kl : hl != NULL ? hl : key);
}
