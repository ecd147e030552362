/*
 * check.c - the validate stage: a parsed record judged as a post-incident
 * review. Every finding points at what to change: the front-matter key,
 * the heading, the timeline entry or the action item's row.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "lib/words.h"
#include "model/vocab.h"
#include "lib/utf8.h"
#include "check/check.h"
#include "check/internal.h"
#include "lib/ascii.h"
#include "parse/markdown.h"
#include "model/rules.h"
#include "model/sections.h"
#include "lib/timeutil.h"

void
finding(checker *c, srcpos pos, const char *rule, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	diags_add(c->d, c->r->path, pos.line, pos.col,
	    rules_default_level(rule), rule, "%s", msg);
	free(msg);
}

srcpos
key_pos(const record *r, field_id f, field_id fallback)
{
	if (r->field_pos[f].line > 0)
		return r->field_pos[f];
	if (fallback != F_COUNT && r->field_pos[fallback].line > 0)
		return r->field_pos[fallback];
	return (srcpos){ 1, 1 };
}

bool
blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

bool
list_has(const strlist *l, const char *s)
{
	if (s == NULL)
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (ascii_strcasecmp(l->v[i], s) == 0)
			return true;
	return false;
}

bool
status_after_recovery(const record *r)
{
	return r->status != NULL && (strcmp(r->status, "recovered") == 0 ||
	    strcmp(r->status, "closed") == 0);
}

bool
status_is(const record *r, const char *status)
{
	return r->status != NULL && strcmp(r->status, status) == 0;
}

/* A short form of an action item's text for messages: at most about 40
 * bytes, cut at a character boundary. The caller frees it. */
static char *
short_text(const char *s)
{
	size_t n;

	if (s == NULL || *s == '\0')
		return xstrdup("(no text)");
	n = strlen(s);
	if (n <= 48)
		return xstrdup(s);
	n = 40;
	n = utf8_floor(s, n);
	return xasprintf("%.*s\xe2\x80\xa6", (int)n, s);
}

/* ---- front matter ---------------------------------------------------- */

/* True when the value of field f was read. */
static bool
field_set(const record *r, field_id f)
{
	switch (f) {
	case F_TITLE:
		return !blank(r->title);
	case F_SEVERITY:
		return !blank(r->severity);
	case F_STATUS:
		return !blank(r->status);
	default:
		/* a phase's time */
		return f < F_STARTED || f > F_RESOLVED ||
		    r->times[f - F_STARTED].set;
	}
}

/*
 * True when d already holds an error about the value of key f: one for
 * r's file between the key's line and the next top-level key. A value of
 * the wrong type is left unset by the parser; it is not also "missing".
 */
static bool
value_reported(const checker *c, field_id f)
{
	const record *r = c->r;
	int from = r->field_pos[f].line, to = INT_MAX;

	if (from == 0)
		return false;
	for (int k = 0; k < F_COUNT; k++)
		if (r->field_pos[k].line > from && r->field_pos[k].line < to)
			to = r->field_pos[k].line;
	for (size_t i = 0; i < r->nunknown; i++)
		if (r->unknown[i].pos.line > from && r->unknown[i].pos.line < to)
			to = r->unknown[i].pos.line;
	for (size_t i = 0; i < c->d->n; i++) {
		const diag *x = &c->d->v[i];

		if (x->level == DIAG_ERROR && x->path != NULL &&
		    strcmp(x->path, r->path) == 0 && x->line >= from &&
		    x->line < to)
			return true;
	}
	return false;
}

/* field-required: title, severity, status and started always; detected
 * and recovered once the status says the incident is over. */
static void
check_required_fields(checker *c)
{
	static const field_id always[] = {
		F_TITLE, F_SEVERITY, F_STATUS, F_STARTED
	};
	static const field_id after[] = { F_DETECTED, F_RECOVERED };
	const record *r = c->r;

	for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++) {
		field_id f = always[i];

		if (field_set(r, f) || value_reported(c, f))
			continue;
		if (r->field_pos[f].line > 0)
			finding(c, r->field_pos[f], "field-required",
			    "'%s' has no value; every record needs one",
			    field_name(f));
		else
			finding(c, key_pos(r, f, F_COUNT), "field-required",
			    "'%s' is missing; every record needs one",
			    field_name(f));
	}
	if (!status_after_recovery(r))
		return;
	for (size_t i = 0; i < sizeof(after) / sizeof(after[0]); i++) {
		field_id f = after[i];

		if (field_set(r, f) || value_reported(c, f))
			continue;
		finding(c, key_pos(r, f, F_STATUS), "field-required",
		    "'%s' %s; it is needed once status is %s", field_name(f),
		    r->field_pos[f].line > 0 ? "has no value" : "is missing",
		    r->status);
	}
}

/* unknown-field, with the known key it most likely meant. */
static void
check_unknown_fields(checker *c)
{
	const char *names[F_COUNT + 1];

	for (int f = 0; f < F_COUNT; f++)
		names[f] = field_name((field_id)f);
	names[F_COUNT] = NULL;
	for (size_t i = 0; i < c->r->nunknown; i++) {
		const unknown_key *u = &c->r->unknown[i];
		const char *best = closest_word(u->key, names);

		if (best != NULL)
			finding(c, u->pos, "unknown-field", "unknown key '%s' "
			    "(did you mean '%s'?)", u->key, best);
		else
			finding(c, u->pos, "unknown-field", "unknown key '%s'; "
			    "docs/format.md lists the keys", u->key);
	}
}

/* The words joined with ", " for messages. The caller frees it. */
static char *
join_words(const char *const *words)
{
	buf b = { 0 };

	for (size_t i = 0; words[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, words[i]);
	}
	return buf_detach(&b);
}

/* What a word people use for a status or type means here, asked before
 * the closest spelling: "resolved" is no typo of any status. */
typedef struct word_hint {
	const char *words;     /* '|'-separated, lower case, '-' and '_'
	                          written as ' ' */
	const char *hint;      /* appended to the message */
} word_hint;

/* Other tools' statuses, and the words teams write: "resolved" and
 * "done" may mean the service is back or the review is, so both are
 * named. */
static const word_hint status_hints[] = {
	{ "resolved|fixed|done|complete|completed|finished|solved|ended|over",
	    "; use 'recovered' while the review is pending, 'closed' once it "
	    "is done" },
	{ "reviewed|archived|postmortem done|pir done|review done",
	    " (did you mean 'closed'? it means the review is done)" },
	{ "mitigated|stable|stabilized|stabilised|watching|observing|monitor|"
	    "monitored", " (did you mean 'monitoring'?)" },
	{ "diagnosed|root caused|cause found|found|understood|fixing",
	    " (did you mean 'identified'?)" },
	{ "open|opened|new|active|ongoing|in progress|triggered|declared|"
	    "started|acknowledged|acked|triage|triaged|investigate",
	    " (did you mean 'investigating'?)" },
	{ "postmortem|post mortem|pir|review|in review|pending review|"
	    "review pending", " (did you mean 'recovered'? it means the "
	    "service is back and the review pending)" },
	{ NULL, NULL }
};

static const word_hint type_hints[] = {
	{ "maintenance|scheduled|change|migration|planned maintenance",
	    " (did you mean 'planned'?)" },
	{ "incident|outage|unplanned outage|degradation",
	    " (did you mean 'unplanned'?)" },
	{ "breach|vulnerability|security incident|attack",
	    " (did you mean 'security'?)" },
	{ NULL, NULL }
};

/* The hint of hints for value (any ASCII case, '-' and '_' as ' ',
 * white space at the ends ignored), or NULL. */
static const char *
word_hint_for(const word_hint *hints, const char *value)
{
	char *w = str_trim(word_lower(value));
	const char *found = NULL;

	for (char *p = w; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	for (size_t i = 0; found == NULL && hints[i].words != NULL; i++) {
		const char *p = hints[i].words;
		size_t n = strlen(w);

		for (; *p; p += strcspn(p, "|"), p += *p == '|') {
			if (strcspn(p, "|") == n && strncmp(p, w, n) == 0) {
				found = hints[i].hint;
				break;
			}
		}
	}
	free(w);
	return found;
}

/* severity-unknown, status-unknown, type-unknown. */
/* Report value of field f (its key names it in the message) under rule
 * when it is set and not one of words, with what it most likely means:
 * its hint in hints, else the closest spelling. */
static void
check_word(checker *c, field_id f, const char *value,
    const char *const *words, const word_hint *hints, const char *rule)
{
	const char *best, *hint;
	char *list;

	if (blank(value) || word_in(value, words))
		return;
	list = join_words(words);
	if ((hint = word_hint_for(hints, value)) != NULL)
		finding(c, c->r->field_pos[f], rule, "%s '%s' is not one of "
		    "%s%s", field_name(f), value, list, hint);
	else {
		best = closest_word(value, words);
		finding(c, c->r->field_pos[f], rule, "%s '%s' is not one of "
		    "%s%s%s%s", field_name(f), value, list,
		    best ? " (did you mean '" : "", best ? best : "",
		    best ? "'?)" : "");
	}
	free(list);
}

static void
check_vocabulary(checker *c)
{
	const record *r = c->r;
	const config *cfg = c->cfg;
	char *list;

	if (!blank(r->severity) && config_severity_rank(cfg, r->severity) < 0) {
		const char **names = xcalloc(cfg->nseverities + 1,
		    sizeof(*names));

		for (size_t i = 0; i < cfg->nseverities; i++)
			names[i] = cfg->severities[i].name;
		list = join_words(names);
		finding(c, r->field_pos[F_SEVERITY], "severity-unknown",
		    "severity '%s' is not in the scale (%s)", r->severity,
		    list);
		free(list);
		free(names);
	}
	check_word(c, F_STATUS, r->status, record_statuses, status_hints,
	    "status-unknown");
	check_word(c, F_TYPE, r->type, record_types, type_hints,
	    "type-unknown");
}

/* ---- times ----------------------------------------------------------- */

/* True when a lies before b. A bare date stands for its whole day, so
 * against a bare date only the calendar dates are compared. */
static bool
time_before(const am_time *a, const am_time *b)
{
	char da[32], db[32];

	if (!a->date_only && !b->date_only)
		return a->t < b->t;
	time_format(a->t, TIME_DATE, da, sizeof(da));
	time_format(b->t, TIME_DATE, db, sizeof(db));
	return strcmp(da, db) < 0;
}

/* A time as shown in messages: a bare date as a date. */
static char *
show_time(const am_time *t, char *out, size_t n)
{
	return time_format(t->t, t->date_only ? TIME_DATE : TIME_SHOW, out, n);
}

/* time-order: each lifecycle time against the nearest earlier one that
 * is given, so that one wrong time is reported once. */
static void
check_time_order(checker *c)
{
	const record *r = c->r;
	int prev = -1;

	for (int p = 0; p < PHASE_COUNT; p++) {
		char a[64], b[64];

		if (!r->times[p].set)
			continue;
		if (prev >= 0 && time_before(&r->times[p], &r->times[prev]))
			finding(c, r->field_pos[F_STARTED + p], "time-order",
			    "%s (%s) is before %s (%s); the order is started, "
			    "detected, acknowledged, identified, mitigated, "
			    "recovered, resolved", phase_name((phase)p),
			    show_time(&r->times[p], a, sizeof(a)),
			    phase_name((phase)prev),
			    show_time(&r->times[prev], b, sizeof(b)));
		prev = p;
	}
}

/* True when t lies after now (a bare date: when its day has not come). */
static bool
time_after_now(const am_time *t, int64_t now)
{
	am_time n = { .set = true, .t = now };

	return time_before(&n, t);
}

/* time-future: lifecycle times and reviewed. */
static void
check_time_future(checker *c)
{
	const record *r = c->r;
	char a[64];

	/* no clock time in the message: it reaches the pages, which a
	 * rebuild the same day must leave as they were */
	for (int f = F_STARTED; f <= F_REVIEWED; f++) {
		const am_time *t = f == F_REVIEWED ? &r->reviewed :
		    &r->times[f - F_STARTED];

		if (t->set && time_after_now(t, c->now))
			finding(c, r->field_pos[f], "time-future",
			    "%s (%s) is in the future",
			    field_name((field_id)f), show_time(t, a, sizeof(a)));
	}
}

/* ---- timeline -------------------------------------------------------- */

/* How a timeline entry is named in messages: "'09:31' (2025-03-14 09:31
 * UTC)" for a clock time, just the time when it has its date. The caller
 * frees it. */
static char *
entry_name(const tl_entry *e)
{
	char shown[64];
	const char *w = e->time_raw;

	show_time(&e->time, shown, sizeof(shown));
	if (strlen(w) >= 10 && w[4] == '-' && w[7] == '-')
		return xasprintf("'%s'", w);
	return xasprintf("'%s' (%s)", w, shown);
}

/* timeline-order and timeline-bounds. */
static void
check_timeline(checker *c)
{
	const record *r = c->r;
	const am_time *started = &r->times[PHASE_STARTED];
	const am_time *recovered = &r->times[PHASE_RECOVERED];
	int64_t slack = c->cfg->check.timeline_slack;
	const tl_entry *prev = NULL;
	char b[64], s[32];

	duration_format(slack, s, sizeof(s));
	for (size_t i = 0; i < r->ntimeline; i++) {
		const tl_entry *e = &r->timeline[i];
		char *name;

		if (!e->time.set)
			continue;
		name = entry_name(e);
		if (prev != NULL && time_before(&e->time, &prev->time))
			finding(c, e->pos, "timeline-order", "timeline entry "
			    "%s is earlier than the entry before it (%s, line "
			    "%d); after midnight, write the date", name,
			    show_time(&prev->time, b, sizeof(b)),
			    prev->pos.line);
		/* each entry against its predecessor: one wrong entry is
		 * one finding */
		prev = e;
		if (started->set && !e->time.date_only &&
		    e->time.t < started->t - slack)
			finding(c, e->pos, "timeline-bounds", "timeline entry "
			    "%s is more than %s before started (%s)", name, s,
			    show_time(started, b, sizeof(b)));
		else if (recovered->set && e->time.t > recovered->t + slack)
			finding(c, e->pos, "timeline-bounds", "timeline entry "
			    "%s is more than %s after recovered (%s)", name, s,
			    show_time(recovered, b, sizeof(b)));
		else if (!recovered->set && e->time.t > c->now + slack)
			finding(c, e->pos, "timeline-bounds", "timeline entry "
			    "%s is more than %s in the future", name, s);
		free(name);
	}
}

int64_t
check_time_rules_change(const record *r, const config *cfg, int64_t now)
{
	int64_t slack = cfg->check.timeline_slack, next = INT64_MAX;

	/* time-future: a time is ahead until its second comes */
	for (int f = F_STARTED; f <= F_REVIEWED; f++) {
		const am_time *t = f == F_REVIEWED ? &r->reviewed :
		    &r->times[f - F_STARTED];

		if (t->set && !t->date_only && time_after_now(t, now) &&
		    t->t < next)
			next = t->t;
	}
	/* timeline-bounds: before recovery, an entry is too far ahead
	 * until now + slack reaches it */
	if (r->times[PHASE_RECOVERED].set)
		return next;
	for (size_t i = 0; i < r->ntimeline; i++) {
		const am_time *t = &r->timeline[i].time;

		if (t->set && t->t - slack > now && t->t - slack < next)
			next = t->t - slack;
	}
	return next;
}

/* ---- action items ---------------------------------------------------- */

/* action-item-owner, -ticket, -priority, -overdue, and due dates that
 * are not dates (time-format). */
static void
check_action_items(checker *c)
{
	const record *r = c->r;
	const strlist *req = &c->cfg->check.action_fields;

	for (size_t i = 0; i < r->nactions; i++) {
		const action_item *a = &r->actions[i];
		char *what = short_text(a->action);
		char due[32];

		if (list_has(req, "owner") && blank(a->owner))
			finding(c, a->pos, "action-item-owner", "action item "
			    "'%s' has no owner; name the person who will see "
			    "it through", what);
		if (list_has(req, "ticket") && blank(a->ticket))
			finding(c, a->pos, "action-item-ticket", "action item "
			    "'%s' has no ticket; track it where the team "
			    "plans its work", what);
		if (list_has(req, "priority") && blank(a->priority))
			finding(c, a->pos, "action-item-priority", "action "
			    "item '%s' has no priority", what);
		if (a->due_raw != NULL && !a->due.set)
			finding(c, a->pos, "time-format", "due date '%s' of "
			    "action item '%s' is not a date; write it as "
			    "2024-03-01", a->due_raw, what);
		if (action_item_overdue(a, c->now))
			finding(c, a->pos, "action-item-overdue", "action item "
			    "'%s' was due %s and is not done (status: %s)",
			    what, time_format(a->due.t, TIME_DATE, due,
			    sizeof(due)), a->status ? a->status : "open");
		free(what);
	}
}

/* action-items-none: a closed review of a severe incident lists what
 * will change. Not repeated when the section itself was reported. */
static void
check_action_items_exist(checker *c)
{
	const record *r = c->r;
	long k;

	if (!status_is(r, "closed") || r->nactions > 0 || c->actions_reported ||
	    !list_has(&c->cfg->check.action_severities, r->severity))
		return;
	k = section_index_find(c->sections, r, SECTION_ACTIONS);
	if (k >= 0)
		finding(c, r->sections[k].pos, "action-items-none", "a closed "
		    "%s review lists no action items; write them as a table "
		    "or a task list (- [ ] ...)", r->severity);
	else
		finding(c, key_pos(r, F_STATUS, F_COUNT), "action-items-none",
		    "a closed %s review has no action items; add an Action "
		    "items section", r->severity);
}

/* ---- people ---------------------------------------------------------- */

/* role-missing: the roles the severity calls for. */
static void
check_roles(checker *c)
{
	const record *r = c->r;
	const check_conf *k = &c->cfg->check;

	if (blank(r->severity))
		return;
	for (size_t i = 0; i < k->nroles; i++) {
		if (ascii_strcasecmp(k->roles[i].severity, r->severity) != 0)
			continue;
		for (size_t j = 0; j < k->roles[i].roles.n; j++) {
			const char *name = k->roles[i].roles.v[j];

			if (record_role(r, name) == NULL)
				finding(c, key_pos(r, F_ROLES, F_SEVERITY),
				    "role-missing", "a %s incident needs a %s "
				    "in roles", r->severity, name);
		}
	}
}

/* True when a and b name the same person: any ASCII case, a leading
 * '@' and white space at the ends ignored. */
static bool
same_person(const char *a, const char *b)
{
	char *x, *y;
	bool same;

	while (*a == '@' || *a == ' ')
		a++;
	while (*b == '@' || *b == ' ')
		b++;
	x = str_trim(xstrdup(a));
	y = str_trim(xstrdup(b));
	same = ascii_strcasecmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

/* facilitator-involved: the review's facilitator held no other role. */
static void
check_facilitator(checker *c)
{
	const record *r = c->r;
	const role *f = record_role(r, "facilitator");

	if (f == NULL)
		return;
	for (size_t i = 0; i < f->people.n; i++) {
		const char *who = f->people.v[i];
		const role *also = NULL;

		for (size_t k = 0; k < r->nroles && also == NULL; k++) {
			if (&r->roles[k] == f)
				continue;
			for (size_t j = 0; j < r->roles[k].people.n; j++)
				if (same_person(who, r->roles[k].people.v[j])) {
					also = &r->roles[k];
					break;
				}
		}
		if (also != NULL)
			finding(c, f->pos, "facilitator-involved", "the "
			    "facilitator %s was also %s in the response; the "
			    "review should be run by someone who was not "
			    "involved", who, also->name);
	}
}

/* ---- timeliness ------------------------------------------------------ */

/* pir-overdue: not closed more than pir_due_days working days after
 * recovery. */
static void
check_pir_due(checker *c)
{
	const record *r = c->r;
	const am_time *rec = &r->times[PHASE_RECOVERED];
	int days;
	char when[32];

	if (!rec->set || blank(r->status) || status_is(r, "closed"))
		return;
	days = config_working_days(c->cfg, rec->t, c->now);
	if (!config_pir_late(c->cfg, days))
		return;
	finding(c, key_pos(r, F_STATUS, F_RECOVERED), "pir-overdue",
	    "the review is not closed %d working days after recovery (%s); "
	    "it was due within %d working day%s", days,
	    time_format(rec->t, TIME_DATE, when, sizeof(when)),
	    c->cfg->pir_due_days, c->cfg->pir_due_days == 1 ? "" : "s");
}

/* ---- the stage ------------------------------------------------------- */

void
check_record(const record *r, const config *cfg, int64_t now, diags *d)
{
	checker c = { r, cfg, now, d, false, NULL };

	/* duplicate-id marks a record failed although it was read whole;
	 * a record without a body was not */
	if (r->failed && r->body == NULL)
		return;
	c.sections = section_index_new(cfg);
	check_required_fields(&c);
	check_unknown_fields(&c);
	check_vocabulary(&c);
	check_time_order(&c);
	check_time_future(&c);
	check_sections(&c);
	check_ambiguous_sections(&c);
	check_timeline(&c);
	check_action_items(&c);
	check_action_items_exist(&c);
	check_roles(&c);
	check_facilitator(&c);
	check_pir_due(&c);
	check_blame(&c);
	section_index_free(c.sections);
}

/* True when a holds a record at path. */
static bool
archive_has_path(const archive *a, const char *path)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i]->path, path) == 0)
			return true;
	return false;
}

void
check_ids_against(const archive *sel, const archive *all, diags *d)
{
	for (size_t i = 0; i < sel->n; i++) {
		const record *r = sel->v[i];

		for (size_t j = 0; j < all->n; j++) {
			const record *o = all->v[j];
			srcpos p = r->field_pos[F_ID];

			if (strcmp(o->id, r->id) != 0 ||
			    archive_has_path(sel, o->path))
				continue;
			diags_add(d, r->path, p.line, p.col,
			    rules_default_level("duplicate-id"), "duplicate-id",
			    "id '%s' is also used by %s; ids must be unique",
			    r->id, o->path);
			break;
		}
	}
}

void
check_apply_levels(diags *d, const config *cfg)
{
	size_t o = 0;

	for (size_t i = 0; i < d->n; i++) {
		diag *x = &d->v[i];

		/* only warnings and errors are configurable; notes stay */
		if (x->level >= DIAG_WARNING)
			x->level = config_rule_level(cfg, x->rule, x->level);
		if (x->level == DIAG_OFF) {
			free(x->path);
			free(x->rule);
			free(x->message);
			continue;
		}
		d->v[o++] = *x;
	}
	d->n = o;
}

void
check_findings(const record *r, const diags *d, const config *cfg,
    int64_t now, diags *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const diag *x = &d->v[i];

		if (x->path != NULL && strcmp(x->path, r->path) == 0)
			diags_add(out, x->path, x->line, x->col, x->level,
			    x->rule, "%s", x->message);
	}
	check_record(r, cfg, now, out);
	check_apply_levels(out, cfg);
	diags_sort(out);
}
