/* application_review.c - reading requests (status by reference or e-mail), the staff list
 * and staff decisions. */
#include "application_internal.h"

#include <ctype.h>
#include <pthread.h>
#include <regex.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "db/db.h"
#include "geo.h"
#include "intake.h"
#include "license.h"
#include "mail.h"
#include "ratelimit.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"

/* ---- reading requests -------------------------------------------------------------------- */

/* The columns view_fill() reads, written out in each statement (SQL is literal text). */

static void view_fill(struct stmt *st, struct arena *a, struct app_view *v, const char *now)
{
	const char *reasons;
	enum elig_decision d = ELIG_REVIEW;

	memset(v, 0, sizeof(*v));
	v->id = stmt_int(st, 0);
	snprintf(v->reference, sizeof(v->reference), "%s", stmt_text(st, 1));
	v->status = app_status_of(stmt_text(st, 2));
	elig_decision_parse(stmt_text(st, 3), &d);
	v->decision = d;
	v->elig.decision = d;
	reasons = stmt_text(st, 4);
	while (*reasons && v->elig.n < ELIG_R_COUNT) {
		char code[48];
		size_t n = strcspn(reasons, ",");
		enum elig_reason rr;
		snprintf(code, sizeof(code), "%.*s", (int)(n < 47 ? n : 47), reasons);
		if (elig_reason_parse(code, &rr) == 0)
			v->elig.reasons[v->elig.n++] = rr;
		reasons += n;
		if (*reasons == ',')
			reasons++;
	}
	v->elig.policy_version = stmt_int(st, 5);
	v->lang = !strcmp(stmt_text(st, 6), "es") ? LANG_ES : LANG_EN;
	v->program = stmt_text_dup(st, 7, a);
	v->first_name = stmt_text_dup(st, 8, a);
	v->last_name = stmt_text_dup(st, 9, a);
	v->email = stmt_text_dup(st, 10, a);
	v->phone = stmt_text_dup(st, 11, a);
	v->birth_date = stmt_text_dup(st, 12, a);
	v->county = stmt_text_dup(st, 13, a);
	v->town = stmt_text_dup(st, 14, a);
	v->local_area_id = stmt_int(st, 15);
	v->local_area = stmt_text_dup(st, 16, a);
	v->region = stmt_text_dup(st, 17, a);
	v->employment_status = stmt_text_dup(st, 18, a);
	v->osos_id = stmt_text_dup(st, 19, a);
	v->submitted_at = stmt_text_dup(st, 20, a);
	v->due_at = stmt_text_dup(st, 21, a);
	v->decided_at = stmt_text_dup(st, 22, a);
	v->decided_by = stmt_text_dup(st, 23, a);
	v->decision_note = stmt_text_dup(st, 24, a);
	v->overdue = app_status_open(v->status) && strcmp(v->due_at, now) < 0;
}

/* The policy's minimum age, for the message of an under_min_age reason. */
static void view_finish(struct app_view *v)
{
	size_t i;

	for (i = 0; i < v->elig.n; i++)
		if (v->elig.reasons[i] == ELIG_R_UNDER_MIN_AGE) {
			struct elig_policy pol;
			if (policy_load_version(db_get(), v->elig.policy_version, &pol) == 0)
				v->elig.min_age = pol.min_age;
		}
	if (v->status == APP_WAITLISTED)
		v->waitlist_position = license_waitlist_position(v->id);
}

static int view_by_reference(struct arena *a, const char *ref, struct app_view *out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(
		db,
		"SELECT "
		"a.id, a.reference, a.status, a.decision, a.reasons, a.policy_version, "
		"a.language, a.program, a.first_name, a.last_name, a.email, a.phone, a.birth_date, "
		"a.county, a.town, COALESCE(a.local_area_id, 0), la.name, rg.name, "
		"a.employment_status, a.osos_id, a.submitted_at, a.due_at, a.decided_at, "
		"a.decided_by, a.decision_note "
		"FROM applications a LEFT JOIN local_areas la ON la.id = a.local_area_id "
		"LEFT JOIN regions rg ON rg.id = a.region_id WHERE a.reference = ?");
	char now[ISO_LEN];
	int rc;

	iso_now(now);
	stmt_bind_text(st, 1, ref);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		view_fill(st, a, out, now);
	stmt_done(st);
	if (rc == DB_ERR)
		return APP_ERR;
	if (rc != DB_ROW)
		return APP_NOT_FOUND;
	view_finish(out);
	return APP_OK;
}

/* A request still waiting in the intake, as answered when it was taken. */
static int view_from_intake(struct arena *a, int64_t intake_id, struct app_view *out)
{
	struct stmt *st = db_prepare(db_get(), "SELECT reference, payload, received_at FROM "
					       "signup_intake WHERE id = ?");
	struct app_pending p;
	struct pending_submit *ps;
	char now[ISO_LEN];
	int rc;

	memset(&p, 0, sizeof(p));
	p.intake_id = intake_id;
	stmt_bind_int(st, 1, intake_id);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		p.reference = stmt_text_dup(st, 0, a);
		p.payload = stmt_text_dup(st, 1, a);
		p.received_at = stmt_text_dup(st, 2, a);
	}
	stmt_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? APP_NOT_FOUND : APP_ERR;
	if (application_pending_read(a, &p, 0) != 0)
		return APP_ERR;
	ps = p.priv;
	memset(out, 0, sizeof(*out));
	snprintf(out->reference, sizeof(out->reference), "%s", ps->r.reference);
	out->status = ps->r.status;
	out->decision = ps->r.elig.decision;
	out->elig = ps->r.elig;
	out->lang = ps->c.lang;
	out->program = license_program(ps->c.lang);
	out->first_name = ps->c.first;
	out->last_name = ps->c.last;
	out->email = ps->c.email;
	out->phone = ps->c.phone;
	out->birth_date = ps->c.birth;
	out->county = ps->c.county;
	out->town = ps->c.town;
	out->employment_status = elig_status_name(ps->c.status);
	out->osos_id = ps->c.osos;
	out->local_area_id = ps->c.place.local_area_id;
	out->local_area = ps->r.local_area;
	out->region = ps->r.region;
	out->submitted_at = arena_strdup(a, ps->r.submitted_at);
	out->due_at = arena_strdup(a, ps->r.due_at);
	if (out->status != APP_PENDING_REVIEW) {
		out->decided_at = out->submitted_at;
		out->decided_by = "system";
	}
	out->decision_note = "";
	out->overdue = app_status_open(out->status) && strcmp(out->due_at, iso_now(now)) < 0;
	return APP_OK;
}

int application_find(struct arena *a, const char *reference, const char *email,
		     struct app_view *out)
{
	char ref[APP_REF_LEN], norm[260], vnorm[260];
	int64_t waiting;
	int rc = APP_NOT_FOUND;

	if (!reference || !email || application_reference_normalize(reference, ref) != 0 ||
	    application_email_normalize(email, norm, sizeof(norm)) != 0 || !*norm)
		return APP_NOT_FOUND;
	/* a request taken moments ago may still be in the intake: wait for it a little */
	waiting = intake_wait(ref, 3000);
	if (waiting > 0)
		rc = view_from_intake(a, waiting, out);
	if (rc == APP_NOT_FOUND)
		rc = view_by_reference(a, ref, out);
	if (rc == APP_NOT_FOUND && !waiting && db_shared()) {
		/* taken by another server and still in the intake; or completed a moment ago */
		waiting = intake_row_of(ref);
		if (waiting > 0)
			rc = view_from_intake(a, waiting, out);
		if (rc == APP_NOT_FOUND)
			rc = view_by_reference(a, ref, out);
	}
	if (rc != APP_OK)
		return rc;
	if (application_email_normalize(out->email, vnorm, sizeof(vnorm)) != 0 ||
	    strlen(norm) != strlen(vnorm) || sodium_memcmp(norm, vnorm, strlen(norm)) != 0) {
		memset(out, 0, sizeof(*out));
		return APP_NOT_FOUND;
	}
	return APP_OK;
}

int application_events(struct arena *a, int64_t application_id, struct app_event **out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT at, actor, from_status, to_status, note FROM "
					 "application_events WHERE application_id = ? ORDER BY id");
	struct app_event *list = NULL;
	int n = 0, cap = 0, rc;

	stmt_bind_int(st, 1, application_id);
	while ((rc = stmt_step(st)) == DB_ROW && n < 1000) {
		if (n == cap) {
			struct app_event *bigger;
			cap = cap ? cap * 2 : 8;
			bigger = arena_alloc(a, (size_t)cap * sizeof(*bigger));
			if (n)
				memcpy(bigger, list, (size_t)n * sizeof(*list));
			list = bigger;
		}
		list[n].at = stmt_text_dup(st, 0, a);
		list[n].actor = stmt_text_dup(st, 1, a);
		list[n].from_status = stmt_text_dup(st, 2, a);
		list[n].to_status = stmt_text_dup(st, 3, a);
		list[n].note = stmt_text_dup(st, 4, a);
		n++;
	}
	stmt_done(st);
	*out = list;
	return rc == DB_ERR ? -1 : n;
}

/* ---- staff list -------------------------------------------------------------------------- */

/* A cursor is "<overdue 0|1>_<due_at>_<id>" of the last row of the previous page. */
static int cursor_parse(const char *s, int *od, char due[ISO_LEN], int64_t *id)
{
	const char *u1, *u2;
	int64_t t;
	char *end;

	if (!s || (s[0] != '0' && s[0] != '1') || s[1] != '_')
		return -1;
	*od = s[0] - '0';
	u1 = s + 2;
	u2 = strchr(u1, '_');
	if (!u2 || u2 - u1 != ISO_LEN - 1)
		return -1;
	memcpy(due, u1, ISO_LEN - 1);
	due[ISO_LEN - 1] = '\0';
	if (iso_parse(due, &t) != 0)
		return -1;
	*id = strtoll(u2 + 1, &end, 10);
	return *end || *id <= 0 ? -1 : 0;
}

int application_list(struct arena *a, const struct principal *who, const struct app_filter *f,
		     struct app_page *out)
{
	struct db *db = db_get();
	struct stmt *st;
	int64_t area = who->local_area, cid = 0;
	int limit = f->limit > 0 && f->limit <= 500 ? f->limit : 50, cod = 0, rc;
	char now[ISO_LEN], cdue[ISO_LEN] = "";
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (who->role < ROLE_AREA_VIEWER)
		return APP_FORBIDDEN;
	if (area && f->local_area && f->local_area != area)
		return APP_FORBIDDEN;
	if (!area)
		area = f->local_area;
	if (f->cursor && *f->cursor && cursor_parse(f->cursor, &cod, cdue, &cid) != 0)
		return APP_INVALID;
	iso_now(now);
	st = db_prepare(
		db,
		"SELECT * FROM (SELECT "
		"a.id, a.reference, a.status, a.decision, a.reasons, a.policy_version, "
		"a.language, a.program, a.first_name, a.last_name, a.email, a.phone, a.birth_date, "
		"a.county, a.town, COALESCE(a.local_area_id, 0), la.name, rg.name, "
		"a.employment_status, a.osos_id, a.submitted_at, a.due_at, a.decided_at, "
		"a.decided_by, a.decision_note, "
		"CASE WHEN a.status IN "
		"('pending_review', 'approved', 'waitlisted') AND a.due_at < ? THEN 1 ELSE 0 "
		"END AS od FROM applications a LEFT JOIN local_areas la ON la.id = "
		"a.local_area_id LEFT JOIN regions rg ON rg.id = a.region_id WHERE "
		"(? = 0 OR a.local_area_id = ?) AND (? = '' OR a.status = ?)) t "
		"WHERE (? = 0 OR t.od = 1) AND (? = 0 OR t.od < ? OR (t.od = ? AND "
		"(t.due_at > ? OR (t.due_at = ? AND t.id > ?)))) "
		"ORDER BY t.od DESC, t.due_at, t.id LIMIT ?");
	stmt_bind_text(st, 1, now);
	stmt_bind_int(st, 2, area);
	stmt_bind_int(st, 3, area);
	stmt_bind_text(st, 4, f->has_status ? app_status_name(f->status) : "");
	stmt_bind_text(st, 5, f->has_status ? app_status_name(f->status) : "");
	stmt_bind_int(st, 6, f->overdue_only ? 1 : 0);
	stmt_bind_int(st, 7, cid ? 1 : 0);
	stmt_bind_int(st, 8, cod);
	stmt_bind_int(st, 9, cod);
	stmt_bind_text(st, 10, cdue);
	stmt_bind_text(st, 11, cdue);
	stmt_bind_int(st, 12, cid);
	stmt_bind_int(st, 13, limit + 1);
	out->rows = arena_alloc(a, (size_t)(limit + 1) * sizeof(*out->rows));
	while ((rc = stmt_step(st)) == DB_ROW) {
		if (n == (size_t)limit) {
			const struct app_view *last = &out->rows[n - 1];
			out->next_cursor = arena_printf(a, "%d_%s_%lld", last->overdue,
							last->due_at, (long long)last->id);
			break;
		}
		view_fill(st, a, &out->rows[n], now);
		n++;
	}
	stmt_done(st);
	if (rc == DB_ERR)
		return APP_ERR;
	out->n = n;
	for (size_t i = 0; i < n; i++)
		view_finish(&out->rows[i]);
	return APP_OK;
}

/* ---- staff decisions --------------------------------------------------------------------- */

struct decide {
	struct arena *a;
	const struct principal *who;
	const char *reference, *note;
	int approve;
	int result;
};

static int open_duplicate(struct db *db, int64_t id, const char *email_norm, const char *key)
{
	struct stmt *st = db_prepare(db, "SELECT 1 FROM applications WHERE id <> ? AND status <> "
					 "'denied' AND closed_at IS NULL AND (email_norm = ? OR "
					 "person_key = ?)");
	int rc;

	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, email_norm);
	stmt_bind_text(st, 3, key);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : DB_ERR;
}

static int set_status(struct db *db, int64_t id, enum app_status st_, const char *now,
		      const char *by, const char *note)
{
	struct stmt *st = db_prepare(db, "UPDATE applications SET status = ?, decided_at = ?, "
					 "decided_by = ?, decision_note = ? WHERE id = ?");
	int rc;

	stmt_bind_text(st, 1, app_status_name(st_));
	stmt_bind_text(st, 2, now);
	stmt_bind_text(st, 3, by);
	stmt_bind_text(st, 4, note ? note : "");
	stmt_bind_int(st, 5, id);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ERR;
}

static int decide_write(struct db *db, void *ctx)
{
	struct decide *d = ctx;
	struct arena *a = d->a;
	struct stmt *st;
	struct license_person p;
	enum app_status from = APP_PENDING_REVIEW, to;
	const char *by = d->who->email && *d->who->email ? d->who->email : "staff";
	const char *person_key = "", *note = d->note ? d->note : "";
	char now[ISO_LEN];
	struct mail m;
	json_t *before, *after;
	int rc;

	memset(&p, 0, sizeof(p));
	st = db_prepare(db, "SELECT id, status, email, email_norm, person_key, first_name, "
			    "last_name, osos_id, COALESCE(local_area_id, 0), COALESCE(region_id, "
			    "0), language, reference FROM applications WHERE reference = ?");
	stmt_bind_text(st, 1, d->reference);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		p.application_id = stmt_int(st, 0);
		from = app_status_of(stmt_text(st, 1));
		p.email = stmt_text_dup(st, 2, a);
		p.email_norm = stmt_text_dup(st, 3, a);
		person_key = stmt_text_dup(st, 4, a);
		p.first_name = stmt_text_dup(st, 5, a);
		p.last_name = stmt_text_dup(st, 6, a);
		p.osos_id = stmt_text_dup(st, 7, a);
		p.local_area_id = stmt_int(st, 8);
		p.region_id = stmt_int(st, 9);
		p.lang = !strcmp(stmt_text(st, 10), "es") ? LANG_ES : LANG_EN;
		p.reference = stmt_text_dup(st, 11, a);
	}
	stmt_done(st);
	if (rc == DB_ERR)
		return DB_ERR;
	if (rc != DB_ROW || (d->who->local_area && d->who->local_area != p.local_area_id)) {
		d->result = APP_NOT_FOUND;
		return 0;
	}
	if (d->approve ? (from != APP_PENDING_REVIEW && from != APP_DENIED)
		       : from != APP_PENDING_REVIEW) {
		d->result = APP_CONFLICT;
		return 0;
	}
	iso_now(now);
	if (d->approve) {
		rc = from == APP_DENIED
			     ? open_duplicate(db, p.application_id, p.email_norm, person_key)
			     : 0;
		if (rc < 0)
			return DB_ERR;
		if (rc == 1) {
			d->result = APP_DUPLICATE;
			return 0;
		}
		rc = license_grant(db, &p, now, NULL);
		if (rc < 0)
			return DB_ERR;
		to = rc == LICENSE_ACTIVE ? APP_ACTIVE : APP_WAITLISTED;
		if (set_status(db, p.application_id, to, now, by, note) != 0 ||
		    app_add_event(db, p.application_id, now, by, app_status_name(from), "approved",
				  *note ? note : "approved by staff") != 0 ||
		    app_add_event(
			    db, p.application_id, now, "system", "approved", app_status_name(to),
			    to == APP_ACTIVE ? "license active" : "no free seat: waitlisted") != 0)
			return DB_ERR;
		if (to == APP_ACTIVE) {
			license_mail_activation(&m, p.lang, p.email, p.first_name, p.reference);
			rc = mail_enqueue(db, &m, "license_activated");
		} else {
			struct app_result r;
			const char *kind;
			memset(&r, 0, sizeof(r));
			snprintf(r.reference, sizeof(r.reference), "%s", p.reference);
			r.lang = p.lang;
			r.first_name = p.first_name;
			r.email = p.email;
			app_compose_signup_mail(&m, a, APP_WAITLISTED, &r, &kind);
			rc = mail_enqueue(db, &m, kind);
		}
	} else {
		to = APP_DENIED;
		if (set_status(db, p.application_id, to, now, by, note) != 0 ||
		    app_add_event(db, p.application_id, now, by, app_status_name(from), "denied",
				  note) != 0)
			return DB_ERR;
		app_compose_staff_denial(&m, a, p.lang, p.email, p.first_name, p.reference, note);
		rc = mail_enqueue(db, &m, "application_denied");
	}
	if (rc != 0)
		return DB_ERR;
	before = json_pack("{s:s}", "status", app_status_name(from));
	after = json_pack("{s:s, s:s}", "status", app_status_name(to), "note", note);
	rc = audit_write(db, d->who, d->approve ? "approve" : "deny", "application", p.reference,
			 p.local_area_id, before, after);
	json_decref(before);
	json_decref(after);
	if (rc != 0)
		return DB_ERR;
	d->result = APP_OK;
	return 0;
}

int application_decide(struct arena *a, const struct principal *who, const char *reference,
		       int approve, const char *note, struct app_view *out)
{
	struct decide d;
	char ref[APP_REF_LEN];
	const char *n = note ? app_trimmed(a, note) : "";

	memset(out, 0, sizeof(*out));
	if (!reference || application_reference_normalize(reference, ref) != 0)
		return APP_NOT_FOUND;
	if ((!approve && !*n) || strlen(n) > 1000 || !app_text_ok_nl(n, 1))
		return APP_INVALID;
	intake_wait(ref, 3000); /* a request taken moments ago: let it be written first */
	memset(&d, 0, sizeof(d));
	d.a = a;
	d.who = who;
	d.reference = ref;
	d.note = n;
	d.approve = approve;
	if (db_write(decide_write, &d) != 0)
		return APP_ERR;
	if (d.result != APP_OK)
		return d.result;
	return view_by_reference(a, ref, out);
}
