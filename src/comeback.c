/* comeback.c - the way back after a removal or an expiry (comeback.h). */
#include "comeback.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db/db.h"
#include "license.h"
#include "mail.h"
#include "osos.h"
#include "settings.h"
#include "util/arena.h"
#include "util/timeutil.h"

static void fill(struct stmt *st, struct arena *a, struct license_info *out)
{
	const char *term = settings_get(a, "license_term_end");
	const char *ends_at, *removed;

	out->learner_id = stmt_int(st, 0);
	out->status = stmt_text_dup(st, 1, a);
	ends_at = stmt_text(st, 2);
	removed = stmt_text(st, 3);
	out->removed_at = removed && *removed ? arena_strdup(a, removed) : NULL;
	if (!strcmp(out->status, "expired"))
		out->ends = ends_at && *ends_at ? arena_strndup(a, ends_at, 10)
			    : out->removed_at	? arena_strndup(a, out->removed_at, 10)
						: term;
	else if (!strcmp(out->status, "removed"))
		out->ends = NULL;
	else
		out->ends = ends_at && *ends_at ? arena_strndup(a, ends_at, 10) : term;
}

int comeback_license(struct arena *a, int64_t application_id, struct license_info *out)
{
	struct db *db = db_get();
	struct stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (application_id <= 0)
		return 0;
	st = db_prepare(db, "SELECT id, license_status, license_ends_at, removed_at FROM learners "
			    "WHERE application_id = ?");
	stmt_bind_int(st, 1, application_id);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		fill(st, a, out);
	stmt_done(st);
	if (rc != DB_DONE && rc != DB_ROW)
		return -1;
	if (rc == DB_ROW)
		return 0;
	/* an older request of a person who came back: the license is the newer request's */
	st = db_prepare(db,
			"SELECT l.id, l.license_status, l.license_ends_at, l.removed_at, "
			"n.reference FROM applications o JOIN applications n ON n.email_norm = "
			"o.email_norm AND n.id > o.id JOIN learners l ON l.application_id = n.id "
			"WHERE o.id = ? ORDER BY n.id DESC LIMIT 1");
	stmt_bind_int(st, 1, application_id);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		fill(st, a, out);
		out->newer_reference = stmt_text_dup(st, 4, a);
	}
	stmt_done(st);
	return rc == DB_ERR ? -1 : 0;
}

int comeback_license_of_learner(struct arena *a, int64_t learner_id, struct license_info *out)
{
	struct stmt *st = db_prepare(db_get(), "SELECT id, license_status, license_ends_at, "
					       "removed_at FROM learners WHERE id = ?");
	int rc;

	memset(out, 0, sizeof(*out));
	stmt_bind_int(st, 1, learner_id);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		fill(st, a, out);
	stmt_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int comeback_close_request(struct db *db, int64_t learner_id, const char *now)
{
	struct stmt *st = db_prepare(db, "UPDATE applications SET closed_at = ? WHERE id = (SELECT "
					 "application_id FROM learners WHERE id = ?) AND closed_at "
					 "IS NULL");
	int rc;

	stmt_bind_text(st, 1, now);
	stmt_bind_int(st, 2, learner_id);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ERR;
}

/* ---- reinstatement ----------------------------------------------------------------------- */

struct reinstate {
	const struct principal *who;
	int64_t id;
	const char *status, *why;
	enum comeback_err rc;
};

static void waitlist_mail(struct mail *m, struct arena *a, enum lang l, const char *to,
			  const char *first, const char *reference)
{
	mail_begin(m, l, to, tr(l, "Your license is coming back: you are on the waiting list"));
	mail_para(m, tr_fmt(a, l, "Hello %s,", first));
	mail_para(m, tr(l, "Staff have given your Coursera license back. Every seat is taken right "
			   "now, so you are on the waiting list: when a seat becomes free, your "
			   "license is activated and we e-mail you. Your courses and progress are "
			   "kept."));
	mail_fact(m, tr(l, "Reference"), reference);
	mail_button(m, tr(l, "Check your status"), "/status");
}

/* The learner being reinstated, with their request. */
struct held {
	const char *status, *program, *email, *first, *reference;
	int64_t app, area;
	enum lang l;
};

/* Reads learner id into *h (text in a). 0, or 1 when there is no such learner. */
static int read_held(struct db *db, int64_t id, struct arena *a, struct held *h)
{
	struct stmt *st;

	memset(h, 0, sizeof(*h));
	h->l = LANG_EN;
	st = db_prepare(db, "SELECT l.license_status, l.program, l.email, l.first_name, "
			    "l.language, l.application_id, COALESCE(l.local_area_id, 0), "
			    "a.reference FROM learners l JOIN applications a ON a.id = "
			    "l.application_id WHERE l.id = ?");
	stmt_bind_int(st, 1, id);
	if (stmt_step(st) != DB_ROW) {
		stmt_done(st);
		return 1;
	}
	h->status = stmt_text_dup(st, 0, a);
	h->program = stmt_text_dup(st, 1, a);
	h->email = stmt_text_dup(st, 2, a);
	h->first = stmt_text_dup(st, 3, a);
	lang_parse(stmt_text(st, 4), &h->l);
	h->app = stmt_int(st, 5);
	h->area = stmt_int(st, 6);
	h->reference = stmt_text_dup(st, 7, a);
	stmt_done(st);
	return 0;
}

/* Why this license cannot be reinstated: 0 when it can, 1 with c->rc and c->why set when it
 * cannot, -1 when the database fails. */
static int refused(struct db *db, struct reinstate *c, const struct held *h)
{
	struct stmt *st;
	int rc;

	if (c->who->local_area && c->who->local_area != h->area) {
		c->rc = COMEBACK_ENOTFOUND;
		return 1;
	}
	if (strcmp(h->status, "removed") && strcmp(h->status, "expired")) {
		c->rc = COMEBACK_ECONFLICT;
		c->why = N_("Only a removed or expired license can be reinstated.");
		return 1;
	}
	if (license_term_over(db, now_unix())) {
		c->rc = COMEBACK_ECONFLICT;
		c->why = N_("The license term has ended. Renew the program in the settings first.");
		return 1;
	}
	st = db_prepare(db, "SELECT 1 FROM applications WHERE email_norm = (SELECT email_norm FROM "
			    "applications WHERE id = ?) AND id <> ? AND status <> 'denied' AND "
			    "closed_at IS NULL");
	stmt_bind_int(st, 1, h->app);
	stmt_bind_int(st, 2, h->app);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc == DB_ROW) {
		c->rc = COMEBACK_ECONFLICT;
		c->why = N_("This person has asked for a license again: decide that request in the "
			    "review queue instead.");
		return 1;
	}
	return rc == DB_DONE ? 0 : -1;
}

/* A seat for the learner unless others are waiting (the waitlist applies: a free seat goes
 * to those waiting first): 1 a seat, 0 none, -1 when the database fails. */
static int seat_for(struct db *db, const char *program)
{
	struct stmt *st;
	int64_t waiting = 0;

	st = db_prepare(db, "SELECT COUNT(*) FROM learners WHERE program = ? AND license_status = "
			    "'waitlisted'");
	stmt_bind_text(st, 1, program);
	if (stmt_step(st) == DB_ROW)
		waiting = stmt_int(st, 0);
	stmt_done(st);
	if (waiting)
		return 0;
	return license_take_seat(db, program, license_capacity(db, program));
}

/* The learner's license back (active with an invitation and an OSOS referral when seat, else
 * waitlisted), their request open again, and the request's event. 0 or -1. */
static int restore(struct db *db, const struct reinstate *c, const struct held *h, int seat,
		   const char *now)
{
	struct stmt *st;
	int rc;

	st = db_prepare(db,
			"UPDATE learners SET license_status = ?, activated_at = CASE WHEN ? = 1 "
			"THEN ? ELSE activated_at END, waitlisted_at = CASE WHEN ? = 1 THEN "
			"waitlisted_at ELSE ? END, removed_at = NULL, reminded_at = NULL, "
			"license_ends_at = NULL, term_notice_for = NULL, term_notice_days = NULL, "
			"updated_at = ? WHERE id = ? AND license_status IN ('removed', 'expired')");
	stmt_bind_text(st, 1, seat ? "active" : "waitlisted");
	stmt_bind_int(st, 2, seat);
	stmt_bind_text(st, 3, now);
	stmt_bind_int(st, 4, seat);
	stmt_bind_text(st, 5, now);
	stmt_bind_text(st, 6, now);
	stmt_bind_int(st, 7, c->id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE || db_changes(db) != 1)
		return -1;
	if (seat) {
		st = db_prepare(db, "INSERT INTO invitations (learner_id, program, created_at) "
				    "VALUES (?, ?, ?)");
		stmt_bind_int(st, 1, c->id);
		stmt_bind_text(st, 2, h->program);
		stmt_bind_text(st, 3, now);
		rc = stmt_step(st);
		stmt_done(st);
		if (rc != DB_DONE || osos_referral_add(db, c->id, now) < 0)
			return -1;
	}
	/* the request is open again; its status stays the one it had (a waitlisted status
	 * would count it late against a due time long past) */
	st = db_prepare(db, "UPDATE applications SET closed_at = NULL WHERE id = ?");
	stmt_bind_int(st, 1, h->app);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return -1;
	st = db_prepare(db, "INSERT INTO application_events (application_id, at, actor, "
			    "from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)");
	stmt_bind_int(st, 1, h->app);
	stmt_bind_text(st, 2, now);
	stmt_bind_text(st, 3, c->who->email ? c->who->email : "staff");
	stmt_bind_text(st, 4, h->status);
	stmt_bind_text(st, 5, seat ? "active" : "waitlisted");
	stmt_bind_text(st, 6, "license reinstated by staff");
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int reinstate_fn(struct db *db, void *ctx)
{
	struct reinstate *c = ctx;
	struct held h;
	struct arena a;
	struct mail m;
	char now[ISO_LEN], id[24];
	int seat, rc;
	json_t *before, *after;

	arena_init(&a);
	iso_now(now);
	if (read_held(db, c->id, &a, &h) != 0) {
		arena_release(&a);
		c->rc = COMEBACK_ENOTFOUND;
		return 0;
	}
	if ((rc = refused(db, c, &h)) > 0)
		goto out;
	if (rc < 0 || (seat = seat_for(db, h.program)) < 0 || restore(db, c, &h, seat, now) != 0)
		goto fail;
	if (seat)
		license_mail_activation(&m, h.l, h.email, h.first, h.reference);
	else
		waitlist_mail(&m, &a, h.l, h.email, h.first, h.reference);
	if (mail_enqueue(db, &m, seat ? "license_activated" : "license_reinstated_waitlisted") != 0)
		goto fail;
	snprintf(id, sizeof(id), "%lld", (long long)c->id);
	before = json_pack("{s:s}", "license_status", h.status);
	after = json_pack("{s:s}", "license_status", seat ? "active" : "waitlisted");
	rc = audit_write(db, c->who, "learner_reinstate", "learner", id, h.area, before, after);
	json_decref(before);
	json_decref(after);
	if (rc != 0)
		goto fail;
	c->status = seat ? "active" : "waitlisted";
	c->rc = COMEBACK_OK;
out:
	arena_release(&a);
	return 0;
fail:
	arena_release(&a);
	c->rc = COMEBACK_EDB;
	return DB_ABORT;
}

enum comeback_err comeback_reinstate(const struct principal *who, int64_t learner_id,
				     const char **status, const char **why)
{
	struct reinstate c = { who, learner_id, NULL, NULL, COMEBACK_EDB };

	*status = NULL;
	*why = NULL;
	if (!who || who->role < ROLE_AREA_ADMIN)
		return COMEBACK_EFORBIDDEN;
	if (db_write(reinstate_fn, &c) != 0)
		return COMEBACK_EDB;
	*status = c.status;
	*why = c.why;
	return c.rc;
}
