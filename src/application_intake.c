/* application_intake.c - a sign-up's intake row: the payload the request writes and the
 * records the intake thread makes of it (intake.h, application_intake). */
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
#include <jansson.h>

/* ---- the intake payload ------------------------------------------------------------------ */

/* A waiting request's intake row (signup_intake.payload, see intake.h) holds the checked
 * answers in normal form and the decision as compact JSON, so the intake thread writes
 * exactly what the person was answered, whatever changes in the policy or the settings
 * meanwhile. The reference is the row's own column.
 *   {"v":1, "first_name", "last_name", "email", "email_norm", "person_key", "phone",
 *    "birth_date", "county", "town", "layoff_notice_date" (or null), "employment_status",
 *    "covid_related", "dol_staff", "osos_id", "language", "in_ny", "local_area_id",
 *    "region_id", "local_area", "region" (both null outside New York), "decision",
 *    "reasons" ("code,code"), "policy_version", "min_age", "submitted_at", "due_at",
 *    "status" (as answered), "approve" (approved at once: takes a seat when written)} */
const char *app_payload_json(struct arena *a, const struct checked *c, const struct app_result *r,
			     const char *reasons, enum app_status answered, int approve)
{
	json_t *o = json_pack(
		"{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:b, s:b, s:s, s:s, "
		"s:b, s:I, s:I, s:s?, s:s?, s:s, s:s, s:I, s:i, s:s, s:s, s:s, s:b}",
		"v", 1, "first_name", c->first, "last_name", c->last, "email", c->email,
		"email_norm", c->email_norm, "person_key", c->person_key, "phone", c->phone,
		"birth_date", c->birth, "county", c->county, "town", c->town, "layoff_notice_date",
		c->layoff, "employment_status", elig_status_name(c->status), "covid_related",
		c->covid, "dol_staff", c->dol, "osos_id", c->osos, "language", lang_code(c->lang),
		"in_ny", c->in_ny, "local_area_id", (json_int_t)c->place.local_area_id, "region_id",
		(json_int_t)c->place.region_id, "local_area", c->in_ny ? c->place.local_area : NULL,
		"region", c->in_ny ? c->place.region : NULL, "decision",
		elig_decision_name(r->elig.decision), "reasons", reasons, "policy_version",
		(json_int_t)r->elig.policy_version, "min_age", r->elig.min_age, "submitted_at",
		r->submitted_at, "due_at", r->due_at, "status", app_status_name(answered),
		"approve", approve);
	size_t cap = 2048, n;
	char *out = NULL;

	if (!o)
		return NULL;
	for (;;) {
		out = arena_alloc(a, cap);
		n = json_dumpb(o, out, cap - 1, JSON_COMPACT);
		if (n == 0) {
			out = NULL;
			break;
		}
		if (n < cap) {
			out[n] = '\0';
			break;
		}
		cap = n + 1;
	}
	json_decref(o);
	return out;
}

static const char *jtext(struct arena *a, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? arena_strndup(a, json_string_value(v), json_string_length(v))
				 : NULL;
}

static int64_t jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		return json_integer_value(v);
	return json_is_true(v) ? 1 : 0;
}

static int copy_text(char *out, size_t size, const char *s)
{
	if (!s || strlen(s) >= size)
		return -1;
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

/* "code,code" into res->reasons. */
static void reasons_parse(const char *s, struct elig_result *res)
{
	res->n = 0;
	while (s && *s && res->n < ELIG_R_COUNT) {
		char code[48];
		size_t n = strcspn(s, ",");
		enum elig_reason rr;
		snprintf(code, sizeof(code), "%.*s", (int)(n < 47 ? n : 47), s);
		if (elig_reason_parse(code, &rr) == 0)
			res->reasons[res->n++] = rr;
		s += n;
		if (*s == ',')
			s++;
	}
}

int application_pending_read(struct arena *a, struct app_pending *p, int compose)
{
	json_t *o = json_loadb(p->payload, strlen(p->payload), 0, NULL);
	struct pending_submit *ps;
	struct checked *c;
	struct app_result *r;
	const char *v;
	enum elig_decision d;
	int approve, rc = -1;

	p->priv = NULL;
	p->email_norm = p->person_key = NULL;
	p->held = 0;
	p->approve_program = NULL;
	if (!o || !json_is_object(o) || jint(o, "v") != 1)
		goto cleanup;
	ps = arena_zalloc(a, sizeof(*ps));
	c = &ps->c;
	r = &ps->r;
	c->first = jtext(a, o, "first_name");
	c->last = jtext(a, o, "last_name");
	c->email = jtext(a, o, "email");
	c->phone = jtext(a, o, "phone");
	c->birth = jtext(a, o, "birth_date");
	c->county = jtext(a, o, "county");
	c->town = jtext(a, o, "town");
	c->layoff = jtext(a, o, "layoff_notice_date");
	c->osos = jtext(a, o, "osos_id");
	if (!c->first || !c->last || !c->email || !c->phone || !c->birth || !c->county ||
	    !c->town || !c->osos ||
	    copy_text(c->email_norm, sizeof(c->email_norm), jtext(a, o, "email_norm")) != 0 ||
	    copy_text(c->person_key, sizeof(c->person_key), jtext(a, o, "person_key")) != 0 ||
	    elig_status_parse(jtext(a, o, "employment_status"), &c->status) != 0 ||
	    lang_parse(jtext(a, o, "language"), &c->lang) != 0)
		goto cleanup;
	c->covid = jint(o, "covid_related") != 0;
	c->dol = jint(o, "dol_staff") != 0;
	c->in_ny = jint(o, "in_ny") != 0;
	c->place.local_area_id = jint(o, "local_area_id");
	c->place.region_id = jint(o, "region_id");
	c->place.local_area = jtext(a, o, "local_area");
	c->place.region = jtext(a, o, "region");

	if (copy_text(r->reference, sizeof(r->reference), p->reference) != 0 ||
	    copy_text(r->submitted_at, sizeof(r->submitted_at), jtext(a, o, "submitted_at")) != 0 ||
	    copy_text(r->due_at, sizeof(r->due_at), jtext(a, o, "due_at")) != 0 ||
	    elig_decision_parse(jtext(a, o, "decision"), &d) != 0 ||
	    app_status_parse(jtext(a, o, "status"), &r->status) != 0 ||
	    !(v = jtext(a, o, "reasons")))
		goto cleanup;
	r->elig.decision = d;
	reasons_parse(v, &r->elig);
	r->elig.policy_version = jint(o, "policy_version");
	r->elig.min_age = (int)jint(o, "min_age");
	r->lang = c->lang;
	r->first_name = c->first;
	r->email = c->email;
	r->local_area = c->in_ny ? c->place.local_area : NULL;
	r->region = c->in_ny ? c->place.region : NULL;
	approve = jint(o, "approve") != 0;

	p->email_norm = c->email_norm;
	p->person_key = c->person_key;
	p->held = r->status != APP_DENIED;
	p->approve_program = approve ? license_program(c->lang) : NULL;
	if (compose) {
		struct submit *s = &ps->s;
		s->a = a;
		s->c = c;
		s->r = r;
		s->reasons = v;
		s->note = arena_printf(a, "%s under policy %lld (%s)", elig_decision_name(d),
				       (long long)r->elig.policy_version, v);
		s->approve = approve;
		s->expected = r->status;
		app_compose_signup_mail(&ps->m, a, r->status, r, &s->kind);
		s->mail = &ps->m;
		ps->composed = 1;
	}
	p->priv = ps;
	rc = 0;
cleanup:
	if (o)
		json_decref(o);
	return rc;
}

int application_pending_write(struct db *db, struct app_pending *p)
{
	struct pending_submit *ps = p->priv;
	int rc;

	if (!ps || !ps->composed)
		return DB_ERR;
	ps->s.duplicate = 0;
	rc = app_submit_write(db, &ps->s);
	if (rc != 0)
		return DB_ERR;
	return ps->s.duplicate ? APP_DUPLICATE : 0;
}

void application_pending_release(struct app_pending *p)
{
	struct pending_submit *ps = p->priv;

	if (ps && ps->composed && !ps->s.mail_queued)
		mail_release(&ps->m);
	if (ps)
		ps->composed = 0;
}

_Static_assert(APP_DUPLICATE == INTAKE_DUPLICATE, "the intake reads the write's answer");

const struct intake_handler application_intake = {
	.read = application_pending_read,
	.write = application_pending_write,
	.release = application_pending_release,
	.open_request = app_open_request,
	.seat_free = license_seat_free,
};

/* ---- the records of a sign-up ----------------------------------------------------------------------------- */

int app_row_exists(struct db *db, struct stmt *st, const char *key)
{
	int rc;

	stmt_bind_text(st, 1, key);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : DB_ERR;
}

static void bind_id_or_null(struct stmt *st, int idx, int64_t id)
{
	if (id > 0)
		stmt_bind_int(st, idx, id);
	else
		stmt_bind_null(st, idx);
}

int app_open_request(struct db *db, const char *email_norm, const char *person_key)
{
	int rc =
		app_row_exists(db,
			       db_prepare(db, "SELECT 1 FROM applications WHERE email_norm = ? AND "
					      "status <> 'denied' AND closed_at IS NULL"),
			       email_norm);

	if (rc == 0)
		rc = app_row_exists(db,
				    db_prepare(db,
					       "SELECT 1 FROM applications WHERE person_key = ? "
					       "AND status <> 'denied' AND closed_at IS NULL"),
				    person_key);
	return rc;
}

/* The reference was made unique when the request was taken (claimed, and looked up in the
 * database), and the person has it already: it is never drawn again here. */
static int insert_application(struct db *db, struct submit *s, enum app_status st_)
{
	const struct checked *c = s->c;
	struct app_result *r = s->r;
	struct stmt *st = db_prepare(
		db, "INSERT INTO applications (reference, first_name, last_name, email, "
		    "email_norm, person_key, phone, birth_date, county, town, local_area_id, "
		    "region_id, employment_status, layoff_notice_date, covid_related, "
		    "dol_staff, osos_id, language, program, decision, reasons, "
		    "policy_version, status, submitted_at, due_at, decided_at, decided_by, "
		    "remote_addr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	stmt_bind_text(st, 1, r->reference);
	stmt_bind_text(st, 2, c->first);
	stmt_bind_text(st, 3, c->last);
	stmt_bind_text(st, 4, c->email);
	stmt_bind_text(st, 5, c->email_norm);
	stmt_bind_text(st, 6, c->person_key);
	stmt_bind_text(st, 7, c->phone);
	stmt_bind_text(st, 8, c->birth);
	stmt_bind_text(st, 9, c->county);
	stmt_bind_text(st, 10, c->town);
	bind_id_or_null(st, 11, c->place.local_area_id);
	bind_id_or_null(st, 12, c->place.region_id);
	stmt_bind_text(st, 13, elig_status_name(c->status));
	stmt_bind_text(st, 14, c->layoff);
	stmt_bind_int(st, 15, c->covid);
	stmt_bind_int(st, 16, c->dol);
	stmt_bind_text(st, 17, c->osos);
	stmt_bind_text(st, 18, lang_code(c->lang));
	stmt_bind_text(st, 19, license_program(c->lang));
	stmt_bind_text(st, 20, elig_decision_name(r->elig.decision));
	stmt_bind_text(st, 21, s->reasons);
	stmt_bind_int(st, 22, r->elig.policy_version);
	stmt_bind_text(st, 23, app_status_name(st_));
	stmt_bind_text(st, 24, r->submitted_at);
	stmt_bind_text(st, 25, r->due_at);
	stmt_bind_text(st, 26, st_ == APP_PENDING_REVIEW ? NULL : r->submitted_at);
	stmt_bind_text(st, 27, st_ == APP_PENDING_REVIEW ? NULL : "system");
	stmt_bind_text(st, 28, "");
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ERR;
}

int app_add_event(struct db *db, int64_t app, const char *at, const char *actor, const char *from,
		  const char *to, const char *note)
{
	struct stmt *st = db_prepare(db, "INSERT INTO application_events (application_id, at, "
					 "actor, from_status, to_status, note) VALUES (?, ?, ?, ?, "
					 "?, ?)");
	int rc;

	stmt_bind_int(st, 1, app);
	stmt_bind_text(st, 2, at);
	stmt_bind_text(st, 3, actor);
	stmt_bind_text(st, 4, from);
	stmt_bind_text(st, 5, to);
	stmt_bind_text(st, 6, note ? note : "");
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ERR;
}

/* The write of one sign-up, run by the group-commit writer. */
int app_submit_write(struct db *db, void *ctx)
{
	struct submit *s = ctx;
	const struct checked *c = s->c;
	struct app_result *r = s->r;
	enum app_status st = s->expected;
	int rc, seat = 0;
	int64_t app;
	char note[400];

	rc = app_open_request(db, c->email_norm, c->person_key);
	if (rc < 0)
		return DB_ERR;
	if (rc == 1) {
		s->duplicate = 1;
		return 0;
	}
	if (s->approve) {
		seat = license_term_over(db, now_unix())
			       ? 0 /* the term has ended: wait for a renewal */
			       : license_take_seat(db, license_program(c->lang),
						   license_capacity(db, license_program(c->lang)));
		if (seat < 0)
			return DB_ERR;
		st = seat ? APP_ACTIVE : APP_WAITLISTED;
	}
	if (insert_application(db, s, st) != 0)
		return DB_ERR;
	app = db_last_id(db);
	if (s->approve) {
		struct license_person p = { app,
					    r->reference,
					    c->email,
					    c->email_norm,
					    c->first,
					    c->last,
					    c->osos,
					    c->place.local_area_id,
					    c->place.region_id,
					    c->lang };
		if (license_add_learner(db, &p, seat, r->submitted_at, NULL) != 0)
			return DB_ERR;
	}
	snprintf(note, sizeof(note), "%s%s", s->note,
		 !s->approve ? ""
		 : seat	     ? "; approved automatically; license active"
			     : "; approved automatically; no free seat: waitlisted");
	if (app_add_event(db, app, r->submitted_at, "applicant", NULL, app_status_name(st), note) !=
	    0)
		return DB_ERR;
	if (st != s->expected) {
		/* rare: the seats ran out; tell the person they wait instead (the e-mail composed
		 * for the expected outcome stays with the caller, who releases it) */
		struct mail m;
		const char *kind;
		app_compose_signup_mail(&m, s->a, st, r, &kind);
		if (mail_enqueue(db, &m, kind) != 0)
			return DB_ERR;
	} else {
		s->mail_queued = 1;
		if (mail_enqueue(db, s->mail, s->kind) != 0)
			return DB_ERR;
	}
	r->status = st;
	return 0;
}
