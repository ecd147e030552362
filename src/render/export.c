/*
 * export.c - an incident as JSON, for templates and incidents.json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/routes.h"
#include "render/export.h"
#include "parse/markdown.h"
#include "metrics/metrics.h"
#include "model/vocab.h"
#include "lib/url.h"

/* Set key of o to a string, or to null when s is NULL. */
static void
set_str(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, s ? json_string(s) : json_null());
}

/* {"iso": ..., "show": ..., "date": ...} for a time, or null. */
static json_t *
time_json(const am_time *t)
{
	char tb[64];
	json_t *o;

	if (!t->set)
		return json_null();
	o = json_object();
	json_object_set_new(o, "iso", json_string(time_format(t->t,
	    t->date_only ? TIME_DATE : TIME_RFC3339, tb, sizeof(tb))));
	json_object_set_new(o, "show", json_string(time_format(t->t,
	    t->date_only ? TIME_DATE : TIME_SHOW, tb, sizeof(tb))));
	json_object_set_new(o, "date", json_string(time_format(t->t,
	    TIME_DATE, tb, sizeof(tb))));
	json_object_set_new(o, "epoch", json_integer(t->t));
	return o;
}

static json_t *
strlist_json(const strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

/* The ticket URL from the configured pattern, or NULL. Caller frees. */
static char *
ticket_url(const config *cfg, const char *ticket)
{
	const char *hole;
	buf b = { 0 };

	if (ticket == NULL || cfg->ticket_url[0] == '\0')
		return NULL;
	if ((hole = strstr(cfg->ticket_url, "{ticket}")) == NULL)
		return NULL;
	buf_add(&b, cfg->ticket_url, (size_t)(hole - cfg->ticket_url));
	/* tickets are words like OPS-12; anything else is percent-encoded */
	url_encode(&b, ticket, "-_.");
	buf_adds(&b, hole + strlen("{ticket}"));
	return buf_detach(&b);
}

static json_t *
actions_json(const record *r, const config *cfg, int64_t now,
    size_t *open, size_t *overdue)
{
	json_t *a = json_array();

	*open = *overdue = 0;
	for (size_t i = 0; i < r->nactions; i++) {
		const action_item *x = &r->actions[i];
		json_t *o = json_object();
		char *url = ticket_url(cfg, x->ticket);
		int late = action_item_overdue(x, now);

		set_str(o, "action", x->action);
		set_str(o, "owner", x->owner);
		set_str(o, "type", x->type);
		set_str(o, "priority", x->priority);
		set_str(o, "ticket", x->ticket);
		set_str(o, "ticket_url", url);
		set_str(o, "status", x->status ? x->status :
		    x->done ? "done" : "open");
		json_object_set_new(o, "due", time_json(&x->due));
		json_object_set_new(o, "done", json_boolean(x->done));
		json_object_set_new(o, "overdue", json_boolean(late));
		json_object_set_new(o, "line", json_integer(x->pos.line));
		json_array_append_new(a, o);
		free(url);
		if (!x->done)
			(*open)++;
		if (late)
			(*overdue)++;
	}
	return a;
}

/* The commits that changed the record, newest first. */
static json_t *
commits_json(const timeline *t)
{
	json_t *a = json_array();
	char tb[64];

	for (size_t i = t->n; i-- > 0;) {
		const event *e = &t->v[i];

		char short_id[9];

		if (e->kind != EV_COMMIT || e->commit[0] == '\0' ||
		    strncmp(e->text, "Moved from ", 11) == 0 ||
		    strcmp(e->text, "Record deleted") == 0)
			continue;
		snprintf(short_id, sizeof(short_id), "%.8s", e->commit);
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s}",
		    "commit", e->commit, "short", short_id,
		    "author", e->author ? e->author : "",
		    "time", time_format(e->time, TIME_RFC3339, tb, sizeof(tb)),
		    "subject", e->text));
		json_object_set_new(json_array_get(a, json_array_size(a) - 1),
		    "show", json_string(time_format(e->time, TIME_SHOW, tb,
		    sizeof(tb))));
		/* the feed dates an entry by its last commit */
		json_object_set_new(json_array_get(a, json_array_size(a) - 1),
		    "epoch", json_integer(e->time));
	}
	return a;
}

/* export_incident, or export_incident_summary when full is false. */
static json_t *
export_one(const record *r, const timeline *t, const config *cfg,
    int64_t now, bool full)
{
	json_t *o = json_object(), *x;
	char tb[64], *slug, *url;
	size_t open, overdue;
	int rank = config_severity_rank(cfg, r->severity);

	set_str(o, "id", r->id);
	set_str(o, "title", r->title ? r->title : r->id);
	set_str(o, "path", r->path);
	url = route_incident(r->id);
	set_str(o, "url", url);
	free(url);
	set_str(o, "severity", r->severity);
	json_object_set_new(o, "severity_rank",
	    rank >= 0 ? json_integer(rank + 1) : json_null());
	slug = slugify(r->severity ? r->severity : "unknown");
	set_str(o, "severity_class", slug);
	free(slug);
	set_str(o, "status", r->status);
	set_str(o, "type", r->type ? r->type : "unplanned");
	set_str(o, "summary", r->summary);
	json_object_set_new(o, "services", strlist_json(&r->services));
	json_object_set_new(o, "tags", strlist_json(&r->tags));
	json_object_set_new(o, "featured", json_boolean(r->featured));
	json_object_set_new(o, "customer_impact", r->customer_impact < 0 ?
	    json_null() : json_boolean(r->customer_impact));
	json_object_set_new(o, "data_loss", r->data_loss < 0 ? json_null() :
	    json_string(duration_format(r->data_loss, tb, sizeof(tb))));
	json_object_set_new(o, "responder_hours", r->responder_hours < 0 ?
	    json_null() : json_real(r->responder_hours));
	json_object_set_new(o, "active", json_boolean(r->status &&
	    strcmp(r->status, "recovered") != 0 &&
	    strcmp(r->status, "closed") != 0));

	x = json_object();
	json_t *tl = json_array();
	for (int p = 0; p < PHASE_COUNT; p++) {
		json_object_set_new(x, phase_name((phase)p),
		    time_json(&r->times[p]));
		if (r->times[p].set) {
			json_t *e = time_json(&r->times[p]);

			json_object_set_new(e, "phase",
			    json_string(phase_name((phase)p)));
			json_array_append_new(tl, e);
		}
	}
	json_object_set_new(o, "times", x);
	json_object_set_new(o, "lifecycle", tl);
	json_object_set_new(o, "reviewed", time_json(&r->reviewed));

	x = json_object();
	for (int k = 0; k < DUR_COUNT; k++) {
		int64_t s;
		bool derived;

		if (incident_duration(r, t, (duration_kind)k, &s, &derived) < 0)
			json_object_set_new(x, duration_key((duration_kind)k),
			    json_null());
		else
			json_object_set_new(x, duration_key((duration_kind)k),
			    json_pack("{s:I,s:s,s:b}", "seconds", (json_int_t)s,
			    "show", duration_format(s, tb, sizeof(tb)),
			    "derived", derived));
	}
	json_object_set_new(o, "durations", x);
	x = json_object();
	for (int p = 0; t != NULL && p < PHASE_COUNT; p++)
		if (t->derived[p].set) {
			json_t *e = time_json(&t->derived[p]);

			/* the evidence: the commit that moved the record into
			 * the state that implies the phase */
			json_object_set_new(e, "commit",
			    json_string(t->derived_commit[p]));
			json_object_set_new(x, phase_name((phase)p), e);
		}
	json_object_set_new(o, "derived_times", x);
	if (full) {
		json_object_set_new(o, "events", t ? timeline_json(t) :
		    json_array());
		json_object_set_new(o, "commits", t ? commits_json(t) :
		    json_array());
	}
	json_object_set_new(o, "history_truncated",
	    json_boolean(t && t->truncated));

	x = json_array();
	for (size_t i = 0; i < r->nroles; i++) {
		const role *ro = &r->roles[i];
		const char *label = role_label(ro->name);
		buf people = { 0 };

		for (size_t k = 0; k < ro->people.n; k++) {
			if (k)
				buf_adds(&people, ", ");
			buf_adds(&people, ro->people.v[k]);
		}
		json_array_append_new(x, json_pack("{s:s,s:s,s:o,s:s}",
		    "role", ro->name, "label", label ? label : ro->name,
		    "people", strlist_json(&ro->people),
		    "people_text", people.data ? people.data : ""));
		buf_free(&people);
	}
	json_object_set_new(o, "roles", x);

	x = json_array();
	for (size_t i = 0; i < r->nlinks; i++) {
		char *label = link_label(r->links[i].name, r->links[i].url);

		json_array_append_new(x, json_pack("{s:s,s:s,s:s}",
		    "name", r->links[i].name, "label", label,
		    "url", r->links[i].url));
		free(label);
	}
	json_object_set_new(o, "links", x);

	if (!full)
		goto actions;
	x = json_array();
	for (size_t i = 0; i < r->nsections; i++)
		json_array_append_new(x, json_pack("{s:s,s:s,s:i}",
		    "title", r->sections[i].title,
		    "anchor", r->sections[i].anchor,
		    "level", r->sections[i].level));
	json_object_set_new(o, "sections", x);

	x = json_array();
	for (size_t i = 0; i < r->ntimeline; i++) {
		const tl_entry *e = &r->timeline[i];
		json_t *ej = json_object();

		json_object_set_new(ej, "time", time_json(&e->time));
		set_str(ej, "time_raw", e->time_raw);
		set_str(ej, "text", e->text);
		json_object_set_new(ej, "line", json_integer(e->pos.line));
		json_array_append_new(x, ej);
	}
	json_object_set_new(o, "timeline", x);

actions:
	json_object_set_new(o, "action_items",
	    actions_json(r, cfg, now, &open, &overdue));
	json_object_set_new(o, "action_items_open", json_integer((json_int_t)open));
	json_object_set_new(o, "action_items_overdue",
	    json_integer((json_int_t)overdue));
	return o;
}

json_t *
export_incident(const record *r, const timeline *t, const config *cfg,
    int64_t now)
{
	return export_one(r, t, cfg, now, true);
}

json_t *
export_incident_summary(const record *r, const timeline *t,
    const config *cfg, int64_t now)
{
	return export_one(r, t, cfg, now, false);
}

void
export_findings(json_t *inc, const diags *d)
{
	json_t *a = json_array();
	size_t nerr = 0, nwarn = 0;
	char *show;

	for (size_t i = 0; i < d->n; i++) {
		const diag *x = &d->v[i];

		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:i,s:i}",
		    "level", diag_level_name(x->level), "rule", x->rule,
		    "message", x->message, "line", x->line, "col", x->col));
		if (x->level == DIAG_ERROR)
			nerr++;
		else if (x->level == DIAG_WARNING)
			nwarn++;
	}
	json_object_set_new(inc, "findings", a);
	show = nerr + nwarn == 0 ? xstrdup("complete") :
	    xasprintf("%zu to fix", nerr + nwarn);
	json_object_set_new(inc, "pir", json_pack("{s:b,s:I,s:I,s:s}",
	    "complete", nerr + nwarn == 0, "errors", (json_int_t)nerr,
	    "warnings", (json_int_t)nwarn, "show", show));
	free(show);
}
