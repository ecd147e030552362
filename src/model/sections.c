/*
 * sections.c - the headings accepted for each canonical section of
 * model/vocab.h.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/ascii.h"
#include "model/sections.h"

/* Synonyms are lower case; the canonical name itself always matches.
 * Headings are matched at any level, so "### What went well" under
 * "## Lessons learned" is the What went well section; the short forms
 * ("Went well", "Lucky") are what such subsections are often called. */
static const struct {
	const char *name;
	const char *const synonyms[16];
} builtin[] = {
	{ SECTION_SUMMARY, { "overview", "tl;dr", "tldr",
	    "executive summary", NULL } },
	{ SECTION_IMPACT, { "customer impact", "user impact",
	    "business impact", "impact assessment", NULL } },
	{ SECTION_CONTRIBUTING, { "root cause", "root causes",
	    "root cause(s)", "root cause analysis", "causes", "cause",
	    "trigger", "triggers", "trigger and root cause",
	    "contributing causes", "why it happened", NULL } },
	{ SECTION_TIMELINE, { "timeline of events", "incident timeline",
	    "chronology", NULL } },
	{ SECTION_RESOLUTION, { "resolution and recovery",
	    "recovery", "mitigation and resolution", "how it was fixed",
	    "fix", NULL } },
	{ SECTION_WENT_WELL, { "what went right", "went well",
	    "things that went well", "what worked", "well", NULL } },
	{ SECTION_WENT_WRONG, { "what went badly", "what went poorly",
	    "what didn't go well", "what did not go well",
	    "what could have gone better", "went wrong",
	    "things that went wrong", "wrong", NULL } },
	{ SECTION_LUCKY, { "where we were lucky",
	    "what was lucky", "got lucky", "lucky", "luck", NULL } },
	{ SECTION_LESSONS, { "lessons", "learnings", "key learnings",
	    "takeaways", "what we learned", NULL } },
	{ SECTION_ACTIONS, { "follow-ups", "follow-up actions",
	    "followups", "follow ups", "corrective actions",
	    "corrective and preventive actions", "remediation",
	    "remediation items", "action plan", "actions", "next steps",
	    NULL } },
};

#define NBUILTIN (sizeof(builtin) / sizeof(builtin[0]))

/* title as compared: white space collapsed, a leading "2." or "2)" and a
 * trailing ':', '?' or '.' cut. The caller frees it. */
static char *
normalize_title(const char *title)
{
	char *t = xmalloc(strlen(title) + 1);
	const char *p = title;
	size_t n = 0;
	bool space = false;

	while (ascii_is_space((unsigned char)*p))
		p++;
	/* "2. Impact", "2) Impact": numbered templates */
	if (*p >= '0' && *p <= '9') {
		const char *q = p;

		while (*q >= '0' && *q <= '9')
			q++;
		if ((*q == '.' || *q == ')') && ascii_is_space((unsigned char)q[1]))
			for (p = q + 1; ascii_is_space((unsigned char)*p); p++)
				;
	}
	for (; *p; p++) {
		if (ascii_is_space((unsigned char)*p)) {
			space = n > 0;
			continue;
		}
		if (space)
			t[n++] = ' ';
		space = false;
		t[n++] = *p;
	}
	while (n > 0 && (t[n - 1] == ':' || t[n - 1] == '?' ||
	    t[n - 1] == '.' || t[n - 1] == ' '))
		n--;
	t[n] = '\0';
	return t;
}

const char *const *
section_synonyms(const char *canonical)
{
	static const char *const none[] = { NULL };

	for (size_t i = 0; i < NBUILTIN; i++)
		if (ascii_strcasecmp(builtin[i].name, canonical) == 0)
			return builtin[i].synonyms;
	return none;
}

bool
section_is(const config *cfg, const char *canonical, const char *title)
{
	char *t = normalize_title(title), *c = normalize_title(canonical);
	const char *const *syn;
	bool same = ascii_strcasecmp(t, c) == 0;

	for (syn = section_synonyms(canonical); !same && *syn != NULL; syn++)
		same = ascii_strcasecmp(t, *syn) == 0;
	for (size_t i = 0; cfg != NULL && !same &&
	    i < cfg->check.nsection_aliases; i++) {
		const section_alias *a = &cfg->check.section_aliases[i];

		if (ascii_strcasecmp(a->name, canonical) != 0)
			continue;
		for (size_t k = 0; !same && k < a->synonyms.n; k++) {
			char *s = normalize_title(a->synonyms.v[k]);

			same = ascii_strcasecmp(t, s) == 0;
			free(s);
		}
	}
	free(c);
	free(t);
	return same;
}

long
section_find(const record *r, const config *cfg, const char *canonical)
{
	for (size_t i = 0; i < r->nsections; i++)
		if (section_is(cfg, canonical, r->sections[i].title))
			return (long)i;
	return -1;
}
