/*
 * timeline.c - merge lifecycle times, timeline entries and git history.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/grow.h"
#include "lib/parallel.h"
#include "parse/record_parse.h"
#include "model/vocab.h"
#include "history/timeline.h"

/* Fewer records than this are not worth a second thread. */
#define TIMELINE_MIN_SHARE 16

static const char *const source_names[] = {
	[SRC_RECORD] = "record", [SRC_TIMELINE] = "timeline", [SRC_GIT] = "git",
};

static const char *const kind_names[] = {
	[EV_LIFECYCLE] = "lifecycle", [EV_STATUS] = "status",
	[EV_SEVERITY] = "severity", [EV_ROLE] = "role", [EV_NOTE] = "note",
	[EV_COMMIT] = "commit", [EV_FIELD] = "field", [EV_ACTION] = "action",
	[EV_SECTION] = "section", [EV_RELATED] = "related",
	[EV_UNCOMMITTED] = "uncommitted",
};

const char *
event_source_name(event_source s)
{
	return source_names[s];
}

const char *
event_kind_name(event_kind k)
{
	return kind_names[k];
}

/* Append an event; text is taken over. Returns the event to fill in. */
static event *
add_event(timeline *t, event_source src, event_kind kind, char *text)
{
	event *e;

	/* doubling: growing by one moved every event on every add */
	t->v = xgrow(t->v, t->n, &t->cap, sizeof(*t->v), 32);
	e = &t->v[t->n++];
	memset(e, 0, sizeof(*e));
	e->source = src;
	e->kind = kind;
	e->text = text;
	e->phase = -1;
	return e;
}

/* Fill the git fields of e from commit c. */
static void
set_commit(event *e, const hist_commit *c)
{
	e->has_time = true;
	e->time = c->time;
	e->offset = c->offset;
	e->author = xstrdup(c->author);
	memcpy(e->commit, c->id, sizeof(e->commit));
}

/* "Ana, Bo" for a list of people; "nobody" when empty. */
static char *
people_text(const strlist *l)
{
	buf b = { 0 };

	if (l == NULL || l->n == 0)
		return xstrdup("nobody");
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_adds(&b, ", ");
		buf_adds(&b, l->v[i]);
	}
	return buf_detach(&b);
}

/* The people of a who are not in b, as "Ana, Bo"; NULL when none. */
static char *
people_diff(const strlist *a, const strlist *b)
{
	buf out = { 0 };

	for (size_t i = 0; i < a->n; i++) {
		if (b != NULL && strlist_has(b, a->v[i]))
			continue;
		if (out.len)
			buf_adds(&out, ", ");
		buf_adds(&out, a->v[i]);
	}
	return out.len ? buf_detach(&out) : NULL;
}

static bool
same_people(const strlist *a, const strlist *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

static bool
streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The action item of r whose text is action, or NULL. */
static const action_item *
find_action(const record *r, const char *action)
{
	for (size_t i = 0; r && i < r->nactions; i++)
		if (streq(r->actions[i].action, action))
			return &r->actions[i];
	return NULL;
}

/*
 * Events for what commit c changed between the versions before (NULL when
 * the record was created) and after.
 */
static void
diff_versions(timeline *t, const hist_commit *c, const record *before,
    const record *after, const config *cfg)
{
	event *e;
	char tb[64];

	if (before == NULL) {
		e = add_event(t, SRC_GIT, EV_STATUS, xasprintf(
		    "Incident declared: %s, status %s",
		    after->severity ? after->severity : "severity not set",
		    after->status ? after->status : "not set"));
		set_commit(e, c);
		return;
	}
	if (!streq(before->status, after->status)) {
		e = add_event(t, SRC_GIT, EV_STATUS, xasprintf(
		    "Status %s → %s", before->status ? before->status : "none",
		    after->status ? after->status : "none"));
		set_commit(e, c);
	}
	if (!streq(before->severity, after->severity)) {
		int ra = config_severity_rank(cfg, before->severity);
		int rb = config_severity_rank(cfg, after->severity);
		const char *how = ra < 0 || rb < 0 ? "" : rb < ra ?
		    " (escalated)" : " (downgraded)";

		e = add_event(t, SRC_GIT, EV_SEVERITY, xasprintf(
		    "Severity %s → %s%s",
		    before->severity ? before->severity : "none",
		    after->severity ? after->severity : "none", how));
		set_commit(e, c);
	}
	/* roles: handovers, people joining and leaving, roles given up */
	for (size_t i = 0; i < after->nroles; i++) {
		const role *ra = record_role(before, after->roles[i].name);
		const role *rb = &after->roles[i];
		const char *label = role_label(rb->name);

		if (label == NULL)
			label = rb->name;
		if (ra != NULL && same_people(&ra->people, &rb->people))
			continue;
		if (ra != NULL && ra->people.n == 1 && rb->people.n == 1) {
			e = add_event(t, SRC_GIT, EV_ROLE, xasprintf(
			    "%s handed over: %s → %s", label, ra->people.v[0],
			    rb->people.v[0]));
			set_commit(e, c);
			continue;
		}
		char *joined = people_diff(&rb->people, ra ? &ra->people : NULL);
		char *left = ra ? people_diff(&ra->people, &rb->people) : NULL;

		e = add_event(t, SRC_GIT, EV_ROLE, xasprintf("%s: %s%s%s%s%s",
		    label, joined ? "joined " : "", joined ? joined : "",
		    joined && left ? "; " : "", left ? "left " : "",
		    left ? left : ""));
		set_commit(e, c);
		free(joined);
		free(left);
	}
	for (size_t i = 0; i < before->nroles; i++)
		if (record_role(after, before->roles[i].name) == NULL) {
			const char *label = role_label(before->roles[i].name);
			char *from = people_text(&before->roles[i].people);

			e = add_event(t, SRC_GIT, EV_ROLE, xasprintf(
			    "%s no longer held by %s", label ? label :
			    before->roles[i].name, from));
			set_commit(e, c);
			free(from);
		}
	for (int p = 0; p < PHASE_COUNT; p++) {
		const am_time *ta = &before->times[p], *tb2 = &after->times[p];

		if (tb2->set && (!ta->set || ta->t != tb2->t)) {
			e = add_event(t, SRC_GIT, EV_FIELD, xasprintf(
			    "%s %s %s", phase_name((phase)p),
			    ta->set ? "changed to" : "set to",
			    time_format(tb2->t, TIME_SHOW, tb, sizeof(tb))));
			set_commit(e, c);
		}
	}
	for (size_t i = 0; i < after->nactions; i++) {
		const action_item *x = &after->actions[i];
		const action_item *was = find_action(before, x->action);

		if (x->action == NULL)
			continue;
		if (was == NULL) {
			e = add_event(t, SRC_GIT, EV_ACTION, xasprintf(
			    "Action item added: %s", x->action));
			set_commit(e, c);
		}
		if (x->done && (was == NULL || !was->done)) {
			e = add_event(t, SRC_GIT, EV_ACTION, xasprintf(
			    "Action item done: %s", x->action));
			set_commit(e, c);
		}
	}
	buf added = { 0 };
	for (size_t i = 0; i < after->nsections; i++)
		if (after->sections[i].level <= 2 &&
		    record_section(before, after->sections[i].title) == NULL) {
			if (added.len)
				buf_adds(&added, ", ");
			buf_adds(&added, after->sections[i].title);
		}
	if (added.len) {
		e = add_event(t, SRC_GIT, EV_SECTION, xasprintf(
		    "Sections added: %s", added.data));
		set_commit(e, c);
	}
	buf_free(&added);
}

/*
 * The blob hex as a version of r, read through rd (or h when rd is NULL);
 * NULL when unreadable. Only the outline of the body is read: the
 * comparisons below need no more, and this runs for every version.
 */
static record *
load_version(const history *h, hist_reader *rd, const record *r,
    const char *hex, const config *cfg)
{
	char *text;
	size_t len;
	diags scratch = { 0 };
	record *v;

	if (hex[0] == '\0' || (rd != NULL ?
	    history_reader_blob(rd, hex, &text, &len) :
	    history_blob(h, hex, &text, &len)) < 0)
		return NULL;
	/* old versions may be broken; that is history, not a finding */
	v = record_parse_outline(r->path, text, len, cfg, &scratch);
	diags_free(&scratch);
	free(text);
	if (v->failed) {
		record_free(v);
		return NULL;
	}
	return v;
}

/* Whether status s implies that phase p had begun: identified the
 * cause was found, monitoring a repair is in, recovered and closed both
 * a repair and recovery (recovery means the bleeding had stopped). */
static bool
status_implies(const char *s, phase p)
{
	if (s == NULL)
		return false;
	switch (p) {
	case PHASE_IDENTIFIED:
		return strcmp(s, "identified") == 0;
	case PHASE_MITIGATED:
		return strcmp(s, "monitoring") == 0 ||
		    strcmp(s, "recovered") == 0 || strcmp(s, "closed") == 0;
	case PHASE_RECOVERED:
		return strcmp(s, "recovered") == 0 || strcmp(s, "closed") == 0;
	default:
		return false;
	}
}

bool
status_moves_into(const char *a, const char *b, phase p)
{
	/* born in a state: an import of a review written elsewhere says
	 * nothing about when the phase began */
	if (a == NULL)
		return false;
	return status_implies(b, p) && !status_implies(a, p);
}

/* Evidence from commit c that phase p began: kept as p's derived time
 * when the front matter lacks p and nothing earlier was derived. A
 * commit dated before an earlier commit of the record (latest: the
 * newest time among those) is not evidence of anything: it is noted. */
static void
derive(timeline *t, const record *r, phase p, const hist_commit *c,
    int64_t latest)
{
	if (r->times[p].set || t->derived[p].set)
		return;
	if (c->time < latest) {
		t->rejected = xrealloc(t->rejected, (t->nrejected + 1) *
		    sizeof(*t->rejected));
		t->rejected[t->nrejected++] = (derive_note){
			.p = p, .time = c->time, .why = REJECT_COMMIT_ORDER,
			.other = p, .other_time = latest,
		};
		memcpy(t->rejected[t->nrejected - 1].commit, c->id,
		    sizeof(c->id));
		return;
	}
	t->derived[p].set = true;
	t->derived[p].t = c->time;
	t->derived[p].offset = c->offset * 60;
	t->derived[p].has_offset = true;
	memcpy(t->derived_commit[p], c->id, sizeof(c->id));
}

/* Drop each derived time that breaks the lifecycle order against a time
 * of the record or an earlier derived one kept, noting why: a derived
 * time is evidence or nothing, never a figure that contradicts the
 * record. */
static void
keep_ordered(timeline *t, const record *r)
{
	for (int p = 0; p < PHASE_COUNT; p++) {
		derive_note n = { .p = (phase)p };
		bool bad = false;

		if (!t->derived[p].set)
			continue;
		n.time = t->derived[p].t;
		memcpy(n.commit, t->derived_commit[p], sizeof(n.commit));
		/* the latest earlier phase known, then the earliest later
		 * phase of the record's own */
		for (int q = p - 1; q >= 0 && !bad; q--) {
			const am_time *x = r->times[q].set ? &r->times[q] :
			    t->derived[q].set ? &t->derived[q] : NULL;

			if (x != NULL && x->t > n.time) {
				bad = true;
				n.why = REJECT_BEFORE;
				n.other = (phase)q;
				n.other_time = x->t;
			}
		}
		for (int q = p + 1; q < PHASE_COUNT && !bad; q++)
			if (r->times[q].set && r->times[q].t < n.time) {
				bad = true;
				n.why = REJECT_AFTER;
				n.other = (phase)q;
				n.other_time = r->times[q].t;
			}
		if (!bad)
			continue;
		t->derived[p] = (am_time){ 0 };
		t->derived_commit[p][0] = '\0';
		t->rejected = xrealloc(t->rejected, (t->nrejected + 1) *
		    sizeof(*t->rejected));
		t->rejected[t->nrejected++] = n;
	}
}

/* Events from the history of r's file and from related commits. */
static void
add_git_events(timeline *t, const record *r, const history *h,
    hist_reader *rd, const config *cfg)
{
	const hist_record *hr = history_record(h, r->path);
	const hist_commit *commits;
	const size_t *related;
	size_t ncommits, nrelated;
	const record *prev = NULL;
	record *owned = NULL;  /* prev, when this function made it */
	const char *prev_blob = "";
	event *e;
	int64_t latest = INT64_MIN;  /* newest time of the commits so far */
	const hist_commit *resolved_commit = NULL;
	int64_t resolved_latest = INT64_MIN; /* latest, at that commit */
	bool all_done_seen = false;
	bool had_open = false;       /* the version before had an open item */

	commits = history_commits(h, &ncommits);
	t->truncated = history_truncated(h);
	for (size_t i = 0; hr && i < hr->nchanges; i++) {
		const hist_change *ch = &hr->changes[i];
		const hist_commit *c = &commits[ch->commit];
		const record *cur;
		record *made = NULL;

		e = add_event(t, SRC_GIT, EV_COMMIT, xstrdup(c->subject));
		set_commit(e, c);
		t->ncommits++;
		if (ch->kind == HIST_RENAMED) {
			e = add_event(t, SRC_GIT, EV_COMMIT, xasprintf(
			    "Moved from %s to %s", ch->old_path, ch->path));
			set_commit(e, c);
		}
		if (ch->kind == HIST_DELETED) {
			e = add_event(t, SRC_GIT, EV_COMMIT,
			    xstrdup("Record deleted"));
			set_commit(e, c);
			record_free(owned);
			owned = NULL;
			prev = NULL;
			prev_blob = "";
			continue;
		}
		/* the same content again (a pure move) changes nothing */
		if (prev != NULL && ch->kind != HIST_ADDED &&
		    strcmp(ch->new_blob, prev_blob) == 0)
			continue;
		/* the newest version is the file itself when it is clean,
		 * and that is parsed already */
		if (i + 1 == hr->nchanges && !hr->dirty && !r->failed &&
		    ch->path != NULL && strcmp(ch->path, r->path) == 0)
			cur = r;
		else if ((cur = made = load_version(h, rd, r, ch->new_blob,
		    cfg)) == NULL)
			continue;
		/* a record re-added after a delete is declared again */
		diff_versions(t, c, ch->kind == HIST_ADDED ? NULL : prev, cur,
		    cfg);
		/* only a change from an earlier version is evidence; a
		 * re-added record starts again */
		for (int p = PHASE_IDENTIFIED; p <= PHASE_RECOVERED; p++)
			if (ch->kind != HIST_ADDED && prev != NULL &&
			    status_moves_into(prev->status, cur->status,
			    (phase)p))
				derive(t, r, (phase)p, c, latest);
		{
			bool all = cur->nactions > 0;

			for (size_t k = 0; k < cur->nactions; k++)
				all = all && cur->actions[k].done;
			/* items added already done are not evidence: the
			 * version before must have had an open one */
			if (all && !all_done_seen && had_open)
			{
				resolved_commit = c;
				resolved_latest = latest;
			}
			all_done_seen = all;
			had_open = false;
			for (size_t k = 0; k < cur->nactions; k++)
				had_open = had_open || !cur->actions[k].done;
		}
		if (c->time > latest)
			latest = c->time;
		record_free(owned);
		owned = made;
		prev = cur;
		prev_blob = ch->new_blob;
	}
	record_free(owned);
	/* resolved: when the last action item was marked done, if all are */
	if (!r->times[PHASE_RESOLVED].set && all_done_seen &&
	    r->nactions > 0 && resolved_commit != NULL)
		derive(t, r, PHASE_RESOLVED, resolved_commit, resolved_latest);
	keep_ordered(t, r);
	related = history_related(h, r->id, &nrelated);
	for (size_t j = 0; j < nrelated; j++) {
		size_t i = related[j];
		const hist_commit *c = &commits[i];

		/* a commit that changed the record is already listed */
		bool own = false;
		for (size_t k = 0; hr && k < hr->nchanges; k++)
			own = own || hr->changes[k].commit == i;
		if (own)
			continue;
		e = add_event(t, SRC_GIT, EV_RELATED, xasprintf(
		    "Related commit: %s", c->subject));
		set_commit(e, c);
	}
	if (hr && hr->dirty) {
		e = add_event(t, SRC_GIT, EV_UNCOMMITTED,
		    xstrdup("Uncommitted changes in the work tree"));
		e->has_time = false;
	}
}

/* Time order; untimed events last; on ties the record, then the
 * timeline, then git, each in the order added. */
static int
cmp_event(const void *pa, const void *pb)
{
	const event *a = pa, *b = pb;

	if (a->has_time != b->has_time)
		return a->has_time ? -1 : 1;
	if (a->has_time && a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	return 0;
}

/* timeline_build, reading blobs through rd when it is not NULL. */
static timeline *
build(const record *r, const history *h, hist_reader *rd, const config *cfg)
{
	timeline *t = xcalloc(1, sizeof(*t));
	size_t *order;
	event *sorted;
	char tb[64];

	for (int p = 0; p < PHASE_COUNT; p++)
		if (r->times[p].set) {
			event *e = add_event(t, SRC_RECORD, EV_LIFECYCLE,
			    xasprintf("%s", phase_name((phase)p)));

			e->has_time = true;
			e->time = r->times[p].t;
			e->offset = r->times[p].offset / 60;
			e->phase = p;
		}
	for (size_t i = 0; i < r->ntimeline; i++) {
		event *e = add_event(t, SRC_TIMELINE, EV_NOTE,
		    xstrdup(r->timeline[i].text ? r->timeline[i].text : ""));

		e->has_time = r->timeline[i].time.set;
		e->time = r->timeline[i].time.t;
		e->offset = r->timeline[i].time.offset / 60;
		e->line = r->timeline[i].pos.line;
	}
	if (h != NULL)
		add_git_events(t, r, h, rd, cfg);
	for (int p = 0; p < PHASE_COUNT; p++)
		if (t->derived[p].set) {
			event *e = add_event(t, SRC_GIT, EV_LIFECYCLE, xasprintf(
			    "%s (derived from history, %s)",
			    phase_name((phase)p), time_format(t->derived[p].t,
			    TIME_SHOW, tb, sizeof(tb))));

			e->has_time = true;
			e->time = t->derived[p].t;
			e->derived = true;
			e->phase = p;
		}
	/* qsort is not stable; sort an index to keep insertion order */
	order = xcalloc(t->n ? t->n : 1, sizeof(*order));
	for (size_t i = 0; i < t->n; i++)
		order[i] = i;
	for (size_t i = 1; i < t->n; i++) {
		size_t x = order[i], j = i;

		while (j > 0 && cmp_event(&t->v[order[j - 1]], &t->v[x]) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = x;
	}
	sorted = xcalloc(t->n ? t->n : 1, sizeof(*sorted));
	for (size_t i = 0; i < t->n; i++)
		sorted[i] = t->v[order[i]];
	free(t->v);
	t->v = sorted;
	t->cap = t->n ? t->n : 1;
	free(order);
	return t;
}

timeline *
timeline_build(const record *r, const history *h, const config *cfg)
{
	return build(r, h, NULL, cfg);
}

/* The work shared by the threads of timeline_build_all. */
typedef struct build_job {
	record *const *v;
	const history *h;
	const config *cfg;
	timeline **out;
	hist_reader *rd[2];    /* per thread, made on its first record */
} build_job;

/* parallel_for's call for record i, on thread t. */
static int
build_one(void *arg, size_t i, int t)
{
	build_job *job = arg;

	if (job->rd[t] == NULL)
		job->rd[t] = history_reader_new(job->h);
	job->out[i] = build(job->v[i], job->h, job->rd[t], job->cfg);
	return 0;
}

void
timeline_build_all(record *const *v, size_t n, const history *h,
    const config *cfg, timeline **out)
{
	build_job job = { .v = v, .h = h, .cfg = cfg, .out = out };

	/* a second thread pays only when there is history to read; each
	 * timeline lands in its own slot, so the result is the same as
	 * one call per record in any order */
	(void)parallel_for(n, h != NULL && !history_none(h) ?
	    TIMELINE_MIN_SHARE : SIZE_MAX, build_one, &job);
	history_reader_free(job.rd[0]);
	history_reader_free(job.rd[1]);
}

void
timeline_free(timeline *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].text);
		free(t->v[i].author);
	}
	free(t->v);
	free(t->rejected);
	free(t);
}

const am_time *
timeline_phase(const record *r, const timeline *t, phase p, bool *derived)
{
	*derived = false;
	if (r->times[p].set)
		return &r->times[p];
	if (t != NULL && t->derived[p].set) {
		*derived = true;
		return &t->derived[p];
	}
	return NULL;
}

json_t *
timeline_json(const timeline *t)
{
	json_t *a = json_array();
	char tb[64];

	for (size_t i = 0; i < t->n; i++) {
		const event *e = &t->v[i];
		json_t *o = json_object();

		if (e->has_time) {
			json_object_set_new(o, "time", json_string(time_format(
			    e->time, TIME_RFC3339, tb, sizeof(tb))));
			json_object_set_new(o, "show", json_string(time_format(
			    e->time, TIME_SHOW, tb, sizeof(tb))));
		} else {
			json_object_set_new(o, "time", json_null());
			json_object_set_new(o, "show", json_null());
		}
		json_object_set_new(o, "source",
		    json_string(event_source_name(e->source)));
		json_object_set_new(o, "kind",
		    json_string(event_kind_name(e->kind)));
		json_object_set_new(o, "text", json_string(e->text));
		json_object_set_new(o, "author",
		    e->author ? json_string(e->author) : json_null());
		json_object_set_new(o, "commit",
		    e->commit[0] ? json_string(e->commit) : json_null());
		json_object_set_new(o, "commit_short", e->commit[0] ?
		    json_stringn(e->commit, 8) : json_null());
		json_object_set_new(o, "derived", json_boolean(e->derived));
		json_object_set_new(o, "phase", e->phase >= 0 ?
		    json_string(phase_name((phase)e->phase)) : json_null());
		json_object_set_new(o, "line",
		    e->line ? json_integer(e->line) : json_null());
		json_array_append_new(a, o);
	}
	return a;
}
