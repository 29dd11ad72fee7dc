/* learner.c - the staff's view of learners (learner.h): the list's filters and scope, one
 * learner and the changes staff make; the list itself is learner_list.c.
 *
 * The list is one of three kinds of statement:
 *   QS_AREA    one local area, rows in order from the area's index for the sort order;
 *   QS_ALL     every area (state admins), rows in order from the sort order's index;
 *   QS_SEARCH  a search for an e-mail address, an OSOS ID or an application reference: the
 *              few candidates come from the unique indexes, then they are sorted.
 * A search by name uses QS_AREA / QS_ALL with the name test as one more filter: the indexes
 * carry the lower-cased names, so rows that do not match cost an index step, not a table read.
 * Every statement takes the same filter block (status, last activity, enrolled, completed), in
 * the same order, so one binder serves them all. Pages are keyset pages: the cursor holds the
 * last row's sort key, and the next page starts after it.
 */
#include "learner.h"
#include "learner_internal.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "audit.h"
#include "db/db.h"
#include "geo.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "i18n/i18n.h"

const char *const learner_statuses[] = { "active", "waitlisted", "removed", "expired", NULL };

const char *learner_status_label(const char *s)
{
	if (!s)
		return N_("Unknown");
	if (!strcmp(s, "active"))
		return N_("Active");
	if (!strcmp(s, "waitlisted"))
		return N_("Waitlisted");
	if (!strcmp(s, "removed"))
		return N_("Removed");
	if (!strcmp(s, "expired"))
		return N_("Expired");
	return N_("Unknown");
}

static const char *const sort_names[] = { "name", "activity", "joined" };

int learner_sort_parse(const char *s, enum learner_sort *out)
{
	size_t i;

	for (i = 0; s && i < 3; i++)
		if (!strcmp(s, sort_names[i])) {
			*out = (enum learner_sort)i;
			return 0;
		}
	return -1;
}

const char *learner_sort_name(enum learner_sort s)
{
	return (unsigned)s < 3 ? sort_names[s] : "name";
}

static const char *const activity_names[] = { "",     "7d", "30d", "inactive", "inactive_remove",
					      "never" };

int learner_activity_parse(const char *s, enum learner_activity *out)
{
	size_t i;

	for (i = 0; s && i < 6; i++)
		if (!strcmp(s, activity_names[i])) {
			*out = (enum learner_activity)i;
			return 0;
		}
	return -1;
}

const char *learner_activity_name(enum learner_activity a)
{
	return (unsigned)a < 6 ? activity_names[a] : "";
}

int64_t learner_scope(const struct principal *who, int64_t asked)
{
	if (!who)
		return -1;
	if (who->role == ROLE_STATE_ADMIN)
		return asked > 0 ? asked : 0;
	if (who->role < ROLE_AREA_VIEWER || who->local_area <= 0)
		return -1;
	if (asked > 0 && asked != who->local_area)
		return -1;
	return who->local_area;
}

void learner_filter_init(struct learner_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->enrolled = -1;
	f->completed = -1;
}

static int parse_tristate(const char *s, int *out)
{
	if (!s || !*s)
		*out = -1;
	else if (!strcmp(s, "1") || !strcmp(s, "yes") || !strcmp(s, "true"))
		*out = 1;
	else if (!strcmp(s, "0") || !strcmp(s, "no") || !strcmp(s, "false"))
		*out = 0;
	else
		return -1;
	return 0;
}

int learner_filter_parse(struct learner_filter *f, const char *(*get)(void *ctx, const char *),
			 void *ctx, const char **bad)
{
	const char *v;
	size_t i;

	learner_filter_init(f);
	v = get(ctx, "q");
	if (v && strlen(v) > 200) {
		*bad = "q";
		return -1;
	}
	f->q = v;
	v = get(ctx, "local_area");
	if (v && *v) {
		char *end;
		long long id = strtoll(v, &end, 10);
		f->local_area = *end == '\0' && id > 0 ? id : geo_area_find(v);
		if (f->local_area <= 0) {
			*bad = "local_area";
			return -1;
		}
	}
	v = get(ctx, "status");
	if (v && *v) {
		for (i = 0; learner_statuses[i]; i++)
			if (!strcmp(v, learner_statuses[i]))
				break;
		if (!learner_statuses[i]) {
			*bad = "status";
			return -1;
		}
		f->status = learner_statuses[i];
	}
	if (parse_tristate(get(ctx, "enrolled"), &f->enrolled) != 0) {
		*bad = "enrolled";
		return -1;
	}
	if (parse_tristate(get(ctx, "completed"), &f->completed) != 0) {
		*bad = "completed";
		return -1;
	}
	v = get(ctx, "wioa");
	if (v && *v) {
		if (strcmp(v, "participant") && strcmp(v, "reportable_individual")) {
			*bad = "wioa";
			return -1;
		}
		f->wioa = v;
	}
	v = get(ctx, "activity");
	if (v && learner_activity_parse(v, &f->activity) != 0) {
		*bad = "activity";
		return -1;
	}
	v = get(ctx, "sort");
	if (v && *v && learner_sort_parse(v, &f->sort) != 0) {
		*bad = "sort";
		return -1;
	}
	v = get(ctx, "dir");
	if (v && *v) {
		if (strcmp(v, "asc") && strcmp(v, "desc")) {
			*bad = "dir";
			return -1;
		}
		f->desc = !strcmp(v, "desc");
	}
	v = get(ctx, "limit");
	if (v && *v) {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || n < 1 || n > LIST_MAX) {
			*bad = "limit";
			return -1;
		}
		f->limit = (int)n;
	}
	v = get(ctx, "cursor");
	if (v && *v)
		f->cursor = v;
	return 0;
}

/* ---- one learner ------------------------------------------------------------------------ */

void learner_row_read(struct stmt *st, struct arena *a, struct learner_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = stmt_int(st, 0);
	r->first_name = stmt_text_dup(st, 1, a);
	r->last_name = stmt_text_dup(st, 2, a);
	r->email = stmt_text_dup(st, 3, a);
	r->osos_id = stmt_text_dup(st, 4, a);
	r->local_area_id = stmt_int(st, 5);
	r->license_status = stmt_text_dup(st, 6, a);
	r->last_activity_at = stmt_text_dup(st, 7, a);
	r->created_at = stmt_text_dup(st, 8, a);
	r->application_id = stmt_int(st, 9);
	r->language = stmt_text_dup(st, 10, a);
	r->program = stmt_text_dup(st, 11, a);
	if (!r->osos_id)
		r->osos_id = "";
}

/* The application reference and enrollment counts of a row. */
void learner_row_extras(struct db *db, struct learner_row *r, struct arena *a)
{
	struct stmt *st = db_prepare(
		db,
		"SELECT a.reference, (SELECT COUNT(*) FROM enrollments e WHERE e.learner_id = ? "
		"AND e.state = 'enrolled'), (SELECT COUNT(*) FROM enrollments e WHERE "
		"e.learner_id = ? AND e.state = 'completed') FROM applications a WHERE a.id = ?");

	stmt_bind_int(st, 1, r->id);
	stmt_bind_int(st, 2, r->id);
	stmt_bind_int(st, 3, r->application_id);
	if (stmt_step(st) == DB_ROW) {
		r->reference = stmt_text_dup(st, 0, a);
		r->enrolled = (int)stmt_int(st, 1);
		r->completed = (int)stmt_int(st, 2);
	}
	stmt_done(st);
	if (!r->reference)
		r->reference = "";
}

/* Reads the learner and their application; 0, LEARNER_ENOTFOUND outside `scope`. */
static enum learner_err detail_read(struct db *db, struct arena *a, int64_t scope, int64_t id,
				    struct learner_detail *d)
{
	struct stmt *st = db_prepare(
		db,
		"SELECT l.id, l.first_name, l.last_name, l.email, l.osos_id, "
		"COALESCE(l.local_area_id, 0), l.license_status, l.last_activity_at, l.created_at, "
		"l.application_id, l.language, l.program, COALESCE(l.region_id, 0), "
		"l.waitlisted_at, l.activated_at, l.license_ends_at, l.removed_at, "
		"l.invitation_accepted_at, l.wioa_status, l.notes, l.updated_at, a.reference, "
		"a.phone, a.birth_date, a.county, a.town, a.employment_status, "
		"a.layoff_notice_date, a.covid_related, a.dol_staff, a.language, a.decision, "
		"a.reasons, a.status, a.submitted_at, a.due_at, a.decided_at, a.decided_by, "
		"a.decision_note, a.osos_id, a.policy_version, COALESCE(la.name, ''), "
		"COALESCE(r.name, '') FROM learners l JOIN applications a ON a.id = "
		"l.application_id LEFT JOIN local_areas la ON la.id = l.local_area_id LEFT JOIN "
		"regions r ON r.id = l.region_id WHERE l.id = ?");
	enum learner_err rc = LEARNER_ENOTFOUND;

	memset(d, 0, sizeof(*d));
	stmt_bind_int(st, 1, id);
	if (stmt_step(st) == DB_ROW) {
		learner_row_read(st, a, &d->l);
		if (scope && d->l.local_area_id != scope) {
			stmt_done(st);
			memset(d, 0, sizeof(*d));
			return LEARNER_ENOTFOUND;
		}
		d->region_id = stmt_int(st, 12);
		d->waitlisted_at = stmt_text_dup(st, 13, a);
		d->activated_at = stmt_text_dup(st, 14, a);
		d->license_ends_at = stmt_text_dup(st, 15, a);
		d->removed_at = stmt_text_dup(st, 16, a);
		d->invitation_accepted_at = stmt_text_dup(st, 17, a);
		d->wioa_status = stmt_text_dup(st, 18, a);
		d->notes = stmt_text_dup(st, 19, a);
		d->updated_at = stmt_text_dup(st, 20, a);
		d->l.reference = stmt_text_dup(st, 21, a);
		d->phone = stmt_text_dup(st, 22, a);
		d->birth_date = stmt_text_dup(st, 23, a);
		d->county = stmt_text_dup(st, 24, a);
		d->town = stmt_text_dup(st, 25, a);
		d->employment_status = stmt_text_dup(st, 26, a);
		d->layoff_notice_date = stmt_text_dup(st, 27, a);
		d->covid_related = (int)stmt_int(st, 28);
		d->dol_staff = (int)stmt_int(st, 29);
		d->app_language = stmt_text_dup(st, 30, a);
		d->decision = stmt_text_dup(st, 31, a);
		d->reasons = stmt_text_dup(st, 32, a);
		d->app_status = stmt_text_dup(st, 33, a);
		d->submitted_at = stmt_text_dup(st, 34, a);
		d->due_at = stmt_text_dup(st, 35, a);
		d->decided_at = stmt_text_dup(st, 36, a);
		d->decided_by = stmt_text_dup(st, 37, a);
		d->decision_note = stmt_text_dup(st, 38, a);
		d->app_osos_id = stmt_text_dup(st, 39, a);
		d->policy_version = stmt_int(st, 40);
		d->l.local_area = stmt_text_dup(st, 41, a);
		d->region = stmt_text_dup(st, 42, a);
		rc = LEARNER_OK;
	} else {
		memset(d, 0, sizeof(*d));
	}
	stmt_done(st);
	return rc;
}

static void detail_history(struct db *db, struct arena *a, struct learner_detail *d)
{
	struct stmt *st;
	size_t cap = 8;
	int n = application_events(a, d->l.application_id, &d->events);

	d->nevents = n > 0 ? (size_t)n : 0;
	d->transfers = arena_alloc(a, cap * sizeof(*d->transfers));
	st = db_prepare(db, "SELECT t.at, t.actor, COALESCE(f.name, ''), COALESCE(n.name, ''), "
			    "t.note FROM learner_transfers t LEFT JOIN local_areas f ON f.id = "
			    "t.from_area_id LEFT JOIN local_areas n ON n.id = t.to_area_id WHERE "
			    "t.learner_id = ? ORDER BY t.at, t.id");
	stmt_bind_int(st, 1, d->l.id);
	while (stmt_step(st) == DB_ROW) {
		struct learner_transfer *t;
		if (d->ntransfers == cap) {
			struct learner_transfer *bigger = arena_alloc(a, 2 * cap * sizeof(*bigger));
			memcpy(bigger, d->transfers, cap * sizeof(*bigger));
			d->transfers = bigger;
			cap *= 2;
		}
		t = &d->transfers[d->ntransfers++];
		t->at = stmt_text_dup(st, 0, a);
		t->actor = stmt_text_dup(st, 1, a);
		t->from_area = stmt_text_dup(st, 2, a);
		t->to_area = stmt_text_dup(st, 3, a);
		t->note = stmt_text_dup(st, 4, a);
	}
	stmt_done(st);
}

enum learner_err learner_get(struct arena *a, const struct principal *who, int64_t id,
			     struct learner_detail *out)
{
	struct db *db = db_get();
	int64_t scope = learner_scope(who, 0);
	enum learner_err rc;
	char idbuf[24];

	if (scope < 0 || id <= 0)
		return LEARNER_ENOTFOUND;
	rc = detail_read(db, a, scope, id, out);
	if (rc != LEARNER_OK)
		return rc;
	{
		struct learner_row *r = &out->l;
		const char *ref = r->reference;
		learner_row_extras(db, r, a);
		r->reference = ref;
	}
	detail_history(db, a, out);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	if (audit_view(who, "learner", idbuf, out->l.local_area_id) != 0)
		return LEARNER_EDB;
	return LEARNER_OK;
}

int learner_audit_trail(struct arena *a, const struct learner_detail *d, size_t max,
			struct learner_audit **out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(
		db,
		"SELECT id, at, actor_email, actor_role, action, entity, before_json, "
		"after_json FROM audit_log WHERE (entity = 'learner' AND entity_id = ?) OR "
		"(entity = 'application' AND (entity_id = ? OR entity_id = ?)) ORDER BY id DESC "
		"LIMIT ?");
	char lid[24], aid[24];
	size_t n = 0;
	int rc;

	snprintf(lid, sizeof(lid), "%lld", (long long)d->l.id);
	snprintf(aid, sizeof(aid), "%lld", (long long)d->l.application_id);
	*out = arena_alloc(a, (max ? max : 1) * sizeof(**out));
	stmt_bind_text(st, 1, lid);
	stmt_bind_text(st, 2, d->l.reference ? d->l.reference : "");
	stmt_bind_text(st, 3, aid);
	stmt_bind_int(st, 4, (int64_t)max);
	while ((rc = stmt_step(st)) == DB_ROW && n < max) {
		struct learner_audit *e = &(*out)[n++];
		e->id = stmt_int(st, 0);
		e->at = stmt_text_dup(st, 1, a);
		e->actor_email = stmt_text_dup(st, 2, a);
		e->actor_role = stmt_text_dup(st, 3, a);
		e->action = stmt_text_dup(st, 4, a);
		e->entity = stmt_text_dup(st, 5, a);
		e->before = stmt_text_dup(st, 6, a);
		e->after = stmt_text_dup(st, 7, a);
	}
	stmt_done(st);
	return rc == DB_ERR ? -1 : (int)n;
}

/* ---- changes ---------------------------------------------------------------------------- */

int learner_osos_matches(const char *pattern, const char *osos_id)
{
	regex_t re;
	int rc;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return -1;
	rc = regexec(&re, osos_id, 0, NULL, 0) == 0;
	regfree(&re);
	return rc;
}

struct change {
	const struct principal *who;
	int64_t scope, id;
	const char *osos, *notes;   /* update */
	int64_t to_area, to_region; /* transfer */
	const char *note;
	struct learner_problem *why;
	enum learner_err err;
};

/* The learner's area, OSOS ID and notes, if in scope. 0 or -1. */
static int load_for_change(struct db *db, struct change *c, struct arena *a, int64_t *area,
			   int64_t *app, char **osos, char **notes)
{
	struct stmt *st = db_prepare(db, "SELECT COALESCE(local_area_id, 0), application_id, "
					 "osos_id, notes FROM learners WHERE id = ?");
	int found = 0;

	stmt_bind_int(st, 1, c->id);
	if (stmt_step(st) == DB_ROW) {
		*area = stmt_int(st, 0);
		*app = stmt_int(st, 1);
		*osos = stmt_text_dup(st, 2, a);
		*notes = stmt_text_dup(st, 3, a);
		found = !c->scope || *area == c->scope;
	}
	stmt_done(st);
	if (!found)
		c->err = LEARNER_ENOTFOUND;
	return found ? 0 : -1;
}

static int update_fn(struct db *db, void *ctx)
{
	struct change *c = ctx;
	struct arena a;
	int64_t area, app;
	char *osos_row, *notes_row, idbuf[24], now[ISO_LEN];
	const char *osos, *notes, *new_osos, *new_notes;
	struct stmt *st;
	json_t *before, *after;
	int rc = DB_ABORT;

	arena_init(&a);
	if (load_for_change(db, c, &a, &area, &app, &osos_row, &notes_row) != 0)
		goto cleanup;
	osos = osos_row ? osos_row : "";
	notes = notes_row ? notes_row : "";
	new_osos = c->osos ? c->osos : osos;
	new_notes = c->notes ? c->notes : notes;
	if (!strcmp(new_osos, osos) && !strcmp(new_notes, notes)) {
		rc = 0;
		goto cleanup;
	}
	if (*new_osos && strcmp(new_osos, osos)) {
		st = db_prepare(db, "SELECT 1 FROM learners WHERE osos_id = ? AND id <> ?");
		stmt_bind_text(st, 1, new_osos);
		stmt_bind_int(st, 2, c->id);
		if (stmt_step(st) == DB_ROW) {
			stmt_done(st);
			c->err = LEARNER_EINVAL;
			c->why->field = "osos_id";
			c->why->message =
				N_("Another learner already has this OSOS ID. Check the ID "
				   "in OSOS: one person has one OSOS ID.");
			goto cleanup;
		}
		stmt_done(st);
	}
	st = db_prepare(db,
			"UPDATE learners SET osos_id = ?, notes = ?, updated_at = ? WHERE id = ?");
	stmt_bind_text(st, 1, new_osos);
	stmt_bind_text(st, 2, new_notes);
	stmt_bind_text(st, 3, iso_now(now));
	stmt_bind_int(st, 4, c->id);
	if (stmt_step(st) != DB_DONE) {
		stmt_done(st);
		goto cleanup;
	}
	stmt_done(st);
	before = json_pack("{s:s, s:s}", "osos_id", osos, "notes", notes);
	after = json_pack("{s:s, s:s}", "osos_id", new_osos, "notes", new_notes);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)c->id);
	rc = audit_write(db, c->who, "update", "learner", idbuf, area, before, after) == 0
		     ? 0
		     : DB_ABORT;
	json_decref(before);
	json_decref(after);
cleanup:
	arena_release(&a);
	return rc;
}

/* The OSOS ID as stored: trimmed, upper-case, inner spaces removed. */
static char *osos_normalize(struct arena *a, const char *in)
{
	char *out = arena_alloc(a, strlen(in) + 1), *o = out;

	for (; *in; in++)
		if (!isspace((unsigned char)*in))
			*o++ = (char)toupper((unsigned char)*in);
	*o = '\0';
	return out;
}

enum learner_err learner_update(const struct principal *who, int64_t id, const char *osos_id,
				const char *notes, struct learner_problem *why)
{
	struct arena a;
	struct change c;
	enum learner_err rc = LEARNER_OK;

	memset(why, 0, sizeof(*why));
	memset(&c, 0, sizeof(c));
	c.who = who;
	c.id = id;
	c.why = why;
	c.scope = learner_scope(who, 0);
	if (c.scope < 0 || id <= 0)
		return LEARNER_ENOTFOUND;
	if (who->role < ROLE_AREA_ADMIN)
		return LEARNER_EFORBIDDEN;
	arena_init(&a);
	if (osos_id) {
		const char *pattern = settings_get(&a, "osos_id_pattern");
		c.osos = osos_normalize(&a, osos_id);
		if (strlen(c.osos) > 40) {
			why->field = "osos_id";
			why->message = N_("An OSOS ID has at most 40 characters.");
			rc = LEARNER_EINVAL;
			goto cleanup;
		}
		if (*c.osos && pattern && *pattern && learner_osos_matches(pattern, c.osos) != 1) {
			why->field = "osos_id";
			why->message = N_("This OSOS ID does not have the format the program uses. "
					  "Check it in OSOS and type it again.");
			why->detail = pattern;
			rc = LEARNER_EINVAL;
			goto cleanup;
		}
	}
	if (notes) {
		if (strlen(notes) > NOTES_MAX) {
			why->field = "notes";
			why->message = N_("Notes can be at most 4,000 characters. Shorten them.");
			rc = LEARNER_EINVAL;
			goto cleanup;
		}
		c.notes = notes;
	}
	if (db_write(update_fn, &c) != 0)
		rc = c.err != LEARNER_OK ? c.err : LEARNER_EDB;
cleanup:
	arena_release(&a);
	return rc;
}

static int transfer_fn(struct db *db, void *ctx)
{
	struct change *c = ctx;
	struct arena a;
	int64_t area, app;
	char *osos, *notes, idbuf[24], now[ISO_LEN];
	struct stmt *st;
	json_t *before, *after;
	int rc = DB_ABORT;

	arena_init(&a);
	if (load_for_change(db, c, &a, &area, &app, &osos, &notes) != 0)
		goto cleanup;
	if (area == c->to_area) {
		c->err = LEARNER_EINVAL;
		c->why->field = "local_area";
		c->why->message =
			N_("The learner is already in this local area. Choose another one.");
		goto cleanup;
	}
	iso_now(now);
	st = db_prepare(db, "UPDATE learners SET local_area_id = ?, region_id = ?, updated_at = ? "
			    "WHERE id = ?");
	stmt_bind_int(st, 1, c->to_area);
	stmt_bind_int(st, 2, c->to_region);
	stmt_bind_text(st, 3, now);
	stmt_bind_int(st, 4, c->id);
	if (stmt_step(st) != DB_DONE) {
		stmt_done(st);
		goto cleanup;
	}
	stmt_done(st);
	/* the request moves with the person, so the new area's staff see all of it */
	st = db_prepare(db,
			"UPDATE applications SET local_area_id = ?, region_id = ? WHERE id = ?");
	stmt_bind_int(st, 1, c->to_area);
	stmt_bind_int(st, 2, c->to_region);
	stmt_bind_int(st, 3, app);
	if (stmt_step(st) != DB_DONE) {
		stmt_done(st);
		goto cleanup;
	}
	stmt_done(st);
	st = db_prepare(db, "INSERT INTO learner_transfers (learner_id, at, from_area_id, "
			    "to_area_id, actor, note) VALUES (?, ?, ?, ?, ?, ?)");
	stmt_bind_int(st, 1, c->id);
	stmt_bind_text(st, 2, now);
	if (area)
		stmt_bind_int(st, 3, area);
	stmt_bind_int(st, 4, c->to_area);
	stmt_bind_text(st, 5, c->who->email ? c->who->email : "");
	stmt_bind_text(st, 6, c->note ? c->note : "");
	if (stmt_step(st) != DB_DONE) {
		stmt_done(st);
		goto cleanup;
	}
	stmt_done(st);
	before = json_pack("{s:I}", "local_area", (json_int_t)area);
	after = json_pack("{s:I, s:s}", "local_area", (json_int_t)c->to_area, "note",
			  c->note ? c->note : "");
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)c->id);
	rc = audit_write(db, c->who, "transfer", "learner", idbuf, area, before, after) == 0
		     ? 0
		     : DB_ABORT;
	json_decref(before);
	json_decref(after);
cleanup:
	arena_release(&a);
	return rc;
}

enum learner_err learner_transfer(const struct principal *who, int64_t id, const char *to_area,
				  const char *note, struct learner_problem *why,
				  int64_t *to_area_id)
{
	struct db *db = db_get();
	struct change c;
	struct stmt *st;
	char *end;
	long long n;

	memset(why, 0, sizeof(*why));
	memset(&c, 0, sizeof(c));
	c.who = who;
	c.id = id;
	c.why = why;
	c.note = note;
	c.scope = learner_scope(who, 0);
	if (c.scope < 0 || id <= 0)
		return LEARNER_ENOTFOUND;
	if (who->role < ROLE_AREA_ADMIN)
		return LEARNER_EFORBIDDEN;
	if (note && strlen(note) > 1000) {
		why->field = "note";
		why->message = N_("The note can be at most 1,000 characters.");
		return LEARNER_EINVAL;
	}
	n = to_area ? strtoll(to_area, &end, 10) : 0;
	c.to_area = to_area && *to_area && *end == '\0' && n > 0 ? n : geo_area_find(to_area);
	st = db_prepare(db, "SELECT region_id FROM local_areas WHERE id = ?");
	stmt_bind_int(st, 1, c.to_area);
	if (stmt_step(st) == DB_ROW)
		c.to_region = stmt_int(st, 0);
	stmt_done(st);
	if (c.to_area <= 0 || !c.to_region) {
		why->field = "local_area";
		why->message = N_("Choose the local area to transfer the learner to.");
		return LEARNER_EINVAL;
	}
	if (db_write(transfer_fn, &c) != 0)
		return c.err != LEARNER_OK ? c.err : LEARNER_EDB;
	if (to_area_id)
		*to_area_id = c.to_area;
	return LEARNER_OK;
}
