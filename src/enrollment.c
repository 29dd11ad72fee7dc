/* enrollment.c - enroll, drop, re-enroll and the learner's list (enrollment.h). */
#include "enrollment.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db/db.h"
#include "settings.h"
#include "util/arena.h"
#include "util/timeutil.h"

const char *enroll_result_code(enum enroll_result rc)
{
	switch (rc) {
	case ENR_OK: return "ok";
	case ENR_ALREADY_ENROLLED: return "already_enrolled";
	case ENR_ALREADY_COMPLETED: return "already_completed";
	case ENR_NOT_ENROLLED: return "not_enrolled";
	case ENR_WAITLISTED: return "license_waitlisted";
	case ENR_REMOVED: return "license_removed";
	case ENR_EXPIRED: return "license_expired";
	case ENR_NO_PROGRAM: return "no_program";
	case ENR_NO_LEARNER: return "no_learner";
	case ENR_ERROR: break;
	}
	return "error";
}

const char *enroll_result_message(enum lang lang, enum enroll_result rc)
{
	switch (rc) {
	case ENR_OK: return tr(lang, "Done.");
	case ENR_ALREADY_ENROLLED: return tr(lang, "You are already enrolled in this program.");
	case ENR_ALREADY_COMPLETED:
		return tr(lang, "You have already completed this program. Your certificate stays "
				"in My learning.");
	case ENR_NOT_ENROLLED: return tr(lang, "You are not enrolled in this program.");
	case ENR_WAITLISTED:
		return tr(lang,
			  "You cannot enroll yet: all licenses are in use and you are on the "
			  "waiting list. We will e-mail you as soon as a license is free; then "
			  "you can enroll.");
	case ENR_REMOVED:
		return tr(lang, "You cannot enroll or drop programs: your license was removed. To "
				"come back, ask for a license again; your programs and progress "
				"are kept.");
	case ENR_EXPIRED:
		return tr(lang, "You cannot enroll or drop programs: the program's license term "
				"has ended. If the program is renewed, your license comes back by "
				"itself; you may also ask for a license again.");
	case ENR_NO_PROGRAM:
		return tr(lang, "There is no such program in the catalog. Find it again in Browse "
				"catalog or Explore.");
	case ENR_NO_LEARNER: return tr(lang, "There is no such learner.");
	case ENR_ERROR: break;
	}
	return tr(lang, "Something went wrong on our side. Please try again in a few minutes.");
}

/* The provider's page for a program, in the arena: its stored URL (http or https only, since
 * it becomes a link), else the provider's usual address for its kind. The stored URL is
 * copied: the column's text is gone once the statement steps on. */
static const char provider_site[] = "https://www.coursera.org/";

static const char *course_url(struct arena *a, const char *url, const char *kind, const char *slug)
{
	const char *path = "learn";

	if (url && (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7)))
		return arena_strdup(a, url);
	if (!strcmp(kind, "specialization"))
		path = "specializations";
	else if (!strcmp(kind, "professional-certificate"))
		path = "professional-certificates";
	else if (!strcmp(kind, "guided-project"))
		path = "projects";
	return arena_printf(a, "%s%s/%s", provider_site, path, slug);
}

/* The columns that enrollment_read() reads, in its order: both queries below list them. */
static void enrollment_read(struct stmt *st, struct arena *a, struct enrollment *e)
{
	memset(e, 0, sizeof(*e));
	e->id = stmt_int(st, 0);
	e->learner_id = stmt_int(st, 1);
	e->program_id = stmt_int(st, 2);
	e->program_slug = stmt_text_dup(st, 3, a);
	e->program_title = stmt_text_dup(st, 4, a);
	e->program_kind = stmt_text_dup(st, 5, a);
	e->partner = stmt_text_dup(st, 6, a);
	e->course_url = course_url(a, stmt_text(st, 7), e->program_kind, e->program_slug);
	e->state = stmt_text_dup(st, 8, a);
	e->progress = stmt_double(st, 9);
	e->learning_hours = stmt_double(st, 10);
	e->last_activity_at = stmt_text_dup(st, 11, a);
	e->completed_at = stmt_text_dup(st, 12, a);
	e->certificate_url = stmt_text_dup(st, 13, a);
	if (!e->certificate_url)
		e->certificate_url = "";
	e->has_grade = !stmt_is_null(st, 14);
	e->grade = stmt_double(st, 14);
	e->provider_enrolled_at = stmt_text_dup(st, 15, a);
	e->enrolled_at = stmt_text_dup(st, 16, a);
	e->dropped_at = stmt_text_dup(st, 17, a);
	e->source = stmt_text_dup(st, 18, a);
}

int enrollment_list(int64_t learner_id, struct arena *a, struct enrollment_list *out)
{
	struct db *db = db_get();
	struct stmt *st;
	size_t cap = 8;
	int rc;

	memset(out, 0, sizeof(*out));
	out->items = arena_alloc(a, cap * sizeof(*out->items));
	st = db_prepare(
		db, "SELECT e.id, e.learner_id, e.program_id, p.slug, p.title, p.kind, p.partner, "
		    "p.url, e.state, e.progress, e.learning_hours, e.last_activity_at, "
		    "e.completed_at, e.certificate_url, e.grade, e.provider_enrolled_at, "
		    "e.enrolled_at, e.dropped_at, e.source FROM enrollments e JOIN programs p "
		    "ON p.id = "
		    "e.program_id WHERE e.learner_id = ? ORDER BY CASE e.state WHEN "
		    "'enrolled' THEN 0 WHEN 'completed' THEN 1 ELSE 2 END, "
		    "COALESCE(e.last_activity_at, e.enrolled_at) DESC, e.id DESC");
	stmt_bind_int(st, 1, learner_id);
	while ((rc = stmt_step(st)) == DB_ROW) {
		if (out->n == cap) {
			struct enrollment *more = arena_alloc(a, 2 * cap * sizeof(*more));
			memcpy(more, out->items, cap * sizeof(*more));
			out->items = more;
			cap *= 2;
		}
		enrollment_read(st, a, &out->items[out->n]);
		if (!strcmp(out->items[out->n].state, "enrolled"))
			out->active++;
		out->n++;
	}
	stmt_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int enrollment_get(int64_t learner_id, const char *slug, struct arena *a, struct enrollment *out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(
		db, "SELECT e.id, e.learner_id, e.program_id, p.slug, p.title, p.kind, p.partner, "
		    "p.url, e.state, e.progress, e.learning_hours, e.last_activity_at, "
		    "e.completed_at, e.certificate_url, e.grade, e.provider_enrolled_at, "
		    "e.enrolled_at, e.dropped_at, e.source FROM enrollments e JOIN programs p ON "
		    "p.id = e.program_id WHERE e.learner_id = ? AND p.slug = ?");
	int rc;

	stmt_bind_int(st, 1, learner_id);
	stmt_bind_text(st, 2, slug);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		enrollment_read(st, a, out);
	stmt_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *enrollment_json(const struct enrollment *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "program", json_string(e->program_slug ? e->program_slug : ""));
	json_object_set_new(o, "title", json_string(e->program_title ? e->program_title : ""));
	json_object_set_new(o, "kind", json_string(e->program_kind ? e->program_kind : ""));
	json_object_set_new(o, "partner", json_string(e->partner ? e->partner : ""));
	json_object_set_new(o, "url", json_string(e->course_url ? e->course_url : ""));
	json_object_set_new(o, "state", json_string(e->state ? e->state : ""));
	json_object_set_new(o, "progress", json_real(e->progress));
	json_object_set_new(o, "learning_hours", json_real(e->learning_hours));
	json_object_set_new(o, "last_activity_at", str_or_null(e->last_activity_at));
	json_object_set_new(o, "completed_at", str_or_null(e->completed_at));
	json_object_set_new(o, "certificate_url", str_or_null(e->certificate_url));
	json_object_set_new(o, "grade", e->has_grade ? json_real(e->grade) : json_null());
	json_object_set_new(o, "provider_enrolled_at", str_or_null(e->provider_enrolled_at));
	json_object_set_new(o, "enrolled_at", str_or_null(e->enrolled_at));
	json_object_set_new(o, "dropped_at", str_or_null(e->dropped_at));
	json_object_set_new(o, "source", json_string(e->source ? e->source : ""));
	return o;
}

json_t *enrollment_list_json(const struct enrollment_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, enrollment_json(&l->items[i]));
	return a;
}

int learner_license_get(int64_t learner_id, struct arena *a, struct learner_license *out)
{
	struct db *db = db_get();
	struct stmt *st =
		db_prepare(db, "SELECT id, COALESCE(local_area_id, 0), COALESCE(region_id, "
			       "0), email, first_name, last_name, program, license_status, "
			       "language, license_ends_at, activated_at, waitlisted_at, "
			       "removed_at, last_activity_at, password_hash IS NOT NULL "
			       "FROM learners WHERE id = ?");
	int rc;

	memset(out, 0, sizeof(*out));
	stmt_bind_int(st, 1, learner_id);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		out->id = stmt_int(st, 0);
		out->local_area_id = stmt_int(st, 1);
		out->region_id = stmt_int(st, 2);
		out->email = stmt_text_dup(st, 3, a);
		out->first_name = stmt_text_dup(st, 4, a);
		out->last_name = stmt_text_dup(st, 5, a);
		out->program = stmt_text_dup(st, 6, a);
		out->status = stmt_text_dup(st, 7, a);
		out->language = stmt_text_dup(st, 8, a);
		out->term_ends =
			stmt_is_null(st, 9) ? NULL : arena_strndup(a, stmt_text(st, 9), 10);
		out->activated_at = stmt_text_dup(st, 10, a);
		out->waitlisted_at = stmt_text_dup(st, 11, a);
		out->removed_at = stmt_text_dup(st, 12, a);
		out->last_activity_at = stmt_text_dup(st, 13, a);
		out->has_password = (int)stmt_int(st, 14);
	}
	stmt_done(st);
	if (rc == DB_ROW && !out->term_ends)
		out->term_ends = settings_get(a, "license_term_end");
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int enrollment_suggestions(int64_t learner_id, int64_t region_id, size_t max, struct arena *a,
			   struct suggestion *out, size_t *n)
{
	struct db *db = db_get();
	struct stmt *st =
		db_prepare(db, "SELECT p.slug, p.title, p.kind, p.partner, p.hours_min, "
			       "p.hours_max FROM region_programs rp JOIN programs p ON "
			       "p.id = rp.program_id WHERE rp.region_id = ? AND "
			       "p.active = 1 AND NOT EXISTS (SELECT 1 FROM enrollments e "
			       "WHERE e.learner_id = ? AND e.program_id = p.id) "
			       "ORDER BY CASE WHEN p.language = 'es' AND (SELECT l.program "
			       "FROM learners l WHERE l.id = ?) = 'es' THEN 0 ELSE 1 END, "
			       "rp.rank, "
			       "p.id LIMIT ?");
	int rc;

	*n = 0;
	stmt_bind_int(st, 1, region_id);
	stmt_bind_int(st, 2, learner_id);
	stmt_bind_int(st, 3, learner_id);
	stmt_bind_int(st, 4, (int64_t)max);
	while ((rc = stmt_step(st)) == DB_ROW && *n < max) {
		struct suggestion *s = &out[(*n)++];
		s->slug = stmt_text_dup(st, 0, a);
		s->title = stmt_text_dup(st, 1, a);
		s->kind = stmt_text_dup(st, 2, a);
		s->partner = stmt_text_dup(st, 3, a);
		s->hours_min = stmt_double(st, 4);
		s->hours_max = stmt_double(st, 5);
	}
	stmt_done(st);
	return rc == DB_ERR ? -1 : 0;
}

/* ---- changes -------------------------------------------------------------------------------- */

struct change {
	const struct principal *who;
	int64_t learner_id;
	const char *slug;
	int drop;
	struct arena *a;
	/* results */
	enum enroll_result rc;
	int reenrolled;
	size_t active;
	const char *title;
};

static int is_staff(const struct principal *who)
{
	return who && who->role >= ROLE_AREA_VIEWER;
}

static int add_event(struct db *db, struct change *c, int64_t program_id, const char *action,
		     const char *now)
{
	struct stmt *st = db_prepare(db, "INSERT INTO enrollment_events (learner_id, program_id, "
					 "program_slug, action, result, actor_role, actor_id, at) "
					 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	stmt_bind_int(st, 1, c->learner_id);
	if (program_id)
		stmt_bind_int(st, 2, program_id);
	stmt_bind_text(st, 3, c->slug);
	stmt_bind_text(st, 4, action);
	stmt_bind_text(st, 5, enroll_result_code(c->rc));
	stmt_bind_text(st, 6, audit_role_name(c->who ? c->who->role : ROLE_NONE));
	if (c->who && c->who->id)
		stmt_bind_int(st, 7, c->who->id);
	stmt_bind_text(st, 8, now);
	rc = stmt_step(st) == DB_DONE ? 0 : DB_ERR;
	stmt_done(st);
	return rc;
}

static json_t *state_json(const char *state, int64_t program_id, const char *slug)
{
	return json_pack("{s:s, s:I, s:s}", "state", state, "program_id", (json_int_t)program_id,
			 "program", slug);
}

static int change_fn(struct db *db, void *ctx)
{
	struct change *c = ctx;
	struct stmt *st;
	char now[ISO_LEN], ref[64];
	char status[16] = "", state[16] = "";
	int64_t area = 0, program_id = 0, enr_id = 0;
	const char *action = c->drop ? "drop" : "enroll";
	int rc;

	iso_now(now);
	st = db_prepare(db, "SELECT license_status, COALESCE(local_area_id, 0) FROM learners "
			    "WHERE id = ?");
	stmt_bind_int(st, 1, c->learner_id);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		snprintf(status, sizeof(status), "%s", stmt_text(st, 0));
		area = stmt_int(st, 1);
	}
	stmt_done(st);
	if (rc == DB_ERR)
		return DB_ERR;
	if (rc == DB_DONE ||
	    (is_staff(c->who) && c->who->local_area && c->who->local_area != area)) {
		c->rc = ENR_NO_LEARNER;
		return 0;
	}

	st = db_prepare(db, "SELECT id, title FROM programs WHERE slug = ? AND active = 1");
	stmt_bind_text(st, 1, c->slug);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		program_id = stmt_int(st, 0);
		c->title = c->a ? stmt_text_dup(st, 1, c->a) : NULL;
	}
	stmt_done(st);
	if (rc == DB_ERR)
		return DB_ERR;

	if (program_id) {
		st = db_prepare(db, "SELECT id, state FROM enrollments WHERE learner_id = ? AND "
				    "program_id = ?");
		stmt_bind_int(st, 1, c->learner_id);
		stmt_bind_int(st, 2, program_id);
		if (stmt_step(st) == DB_ROW) {
			enr_id = stmt_int(st, 0);
			snprintf(state, sizeof(state), "%s", stmt_text(st, 1));
		}
		stmt_done(st);
	}

	if (!program_id)
		c->rc = ENR_NO_PROGRAM;
	else if (c->drop && !is_staff(c->who) && !strcmp(status, "removed"))
		c->rc = ENR_REMOVED; /* no license: nothing to change until it is back */
	else if (c->drop && !is_staff(c->who) && !strcmp(status, "expired"))
		c->rc = ENR_EXPIRED;
	else if (c->drop)
		c->rc = !strcmp(state, "enrolled")    ? ENR_OK
			: !strcmp(state, "completed") ? ENR_ALREADY_COMPLETED
						      : ENR_NOT_ENROLLED;
	else if (!strcmp(state, "enrolled"))
		c->rc = ENR_ALREADY_ENROLLED;
	else if (!strcmp(state, "completed"))
		c->rc = ENR_ALREADY_COMPLETED;
	else if (!strcmp(status, "waitlisted"))
		c->rc = ENR_WAITLISTED;
	else if (!strcmp(status, "removed"))
		c->rc = ENR_REMOVED;
	else if (strcmp(status, "active"))
		c->rc = ENR_EXPIRED;
	else
		c->rc = ENR_OK;
	if (!c->drop && !strcmp(state, "dropped"))
		action = "reenroll";

	if (c->rc == ENR_OK && c->drop) {
		st = db_prepare(db, "UPDATE enrollments SET state = 'dropped', dropped_at = ?, "
				    "updated_at = ? WHERE id = ?");
		stmt_bind_text(st, 1, now);
		stmt_bind_text(st, 2, now);
		stmt_bind_int(st, 3, enr_id);
	} else if (c->rc == ENR_OK && enr_id) {
		c->reenrolled = 1;
		st = db_prepare(db, "UPDATE enrollments SET state = 'enrolled', dropped_at = NULL, "
				    "updated_at = ? WHERE id = ?");
		stmt_bind_text(st, 1, now);
		stmt_bind_int(st, 2, enr_id);
	} else if (c->rc == ENR_OK) {
		st = db_prepare(db, "INSERT INTO enrollments (learner_id, program_id, state, "
				    "enrolled_at, source, created_at, updated_at) VALUES (?, ?, "
				    "'enrolled', ?, ?, ?, ?)");
		stmt_bind_int(st, 1, c->learner_id);
		stmt_bind_int(st, 2, program_id);
		stmt_bind_text(st, 3, now);
		stmt_bind_text(st, 4, is_staff(c->who) ? "staff" : "learner");
		stmt_bind_text(st, 5, now);
		stmt_bind_text(st, 6, now);
	} else {
		st = NULL;
	}
	if (st) {
		rc = stmt_step(st);
		stmt_done(st);
		if (rc != DB_DONE)
			return DB_ERR;
		if (!enr_id)
			enr_id = db_last_id(db);
	}
	if (add_event(db, c, program_id, action, now) != 0)
		return DB_ERR;

	st = db_prepare(db, "SELECT COUNT(*) FROM enrollments WHERE learner_id = ? AND "
			    "state = 'enrolled'");
	stmt_bind_int(st, 1, c->learner_id);
	if (stmt_step(st) == DB_ROW)
		c->active = (size_t)stmt_int(st, 0);
	stmt_done(st);

	if (c->rc == ENR_OK && is_staff(c->who)) {
		json_t *before = state[0] ? state_json(state, program_id, c->slug) : NULL;
		json_t *after = state_json(c->drop ? "dropped" : "enrolled", program_id, c->slug);
		snprintf(ref, sizeof(ref), "%lld", (long long)enr_id);
		rc = audit_write(db, c->who, action, "enrollment", ref, area, before, after);
		json_decref(before);
		json_decref(after);
		if (rc != 0)
			return DB_ERR;
	}
	return 0;
}

static enum enroll_result change(const struct principal *who, int64_t learner_id, const char *slug,
				 int drop, struct arena *a, struct enroll_outcome *out)
{
	struct change c;

	memset(&c, 0, sizeof(c));
	c.who = who;
	c.learner_id = learner_id;
	c.slug = slug ? slug : "";
	c.drop = drop;
	c.a = a;
	if (db_write(change_fn, &c) != 0)
		return ENR_ERROR;
	if (out) {
		out->reenrolled = c.reenrolled;
		out->active = c.active;
		out->program_title = c.title;
	}
	return c.rc;
}

enum enroll_result enrollment_enroll(const struct principal *who, int64_t learner_id,
				     const char *slug, struct arena *a, struct enroll_outcome *out)
{
	return change(who, learner_id, slug, 0, a, out);
}

enum enroll_result enrollment_drop(const struct principal *who, int64_t learner_id,
				   const char *slug, struct arena *a, struct enroll_outcome *out)
{
	return change(who, learner_id, slug, 1, a, out);
}
