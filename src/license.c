/* license.c - seats, activation, the waitlist and the provider's invitations (license.h).
 *
 * Rules that keep the seat count right without counting learners on every sign-up:
 *   - a seat is taken with one conditional UPDATE of seat_pools (active < capacity), in the
 *     same transaction as the learner row it is for;
 *   - license_fill_waitlist() recounts seat_pools from the learners table before it hands
 *     out seats, so a license that another module removes frees its seat at the next round.
 */
#include "license.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "mail.h"
#include "osos.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"

const char *license_program(enum lang lang)
{
	return lang == LANG_ES ? "es" : "en";
}

int64_t license_capacity(struct db *db, const char *program)
{
	const char *key = !strcmp(program, "es") ? "seats_es" : "seats_en";
	struct stmt *st = db_prepare(db, "SELECT value FROM settings WHERE key = ?");
	const char *v = NULL;
	int64_t n;

	stmt_bind_text(st, 1, key);
	if (stmt_step(st) == DB_ROW)
		v = stmt_text(st, 0);
	n = strtoll(v && *v ? v : settings_default(key), NULL, 10);
	stmt_done(st);
	return n < 0 ? 0 : n;
}

const char *license_term_end(struct db *db, char out[11])
{
	struct stmt *st = db_prepare(db, "SELECT value FROM settings WHERE key = ?");
	const char *v = NULL;

	stmt_bind_text(st, 1, "license_term_end");
	if (stmt_step(st) == DB_ROW)
		v = stmt_text(st, 0);
	snprintf(out, 11, "%s", v && *v ? v : settings_default("license_term_end"));
	stmt_done(st);
	if (!date_valid(out))
		out[0] = '\0';
	return out;
}

int license_term_over(struct db *db, int64_t now)
{
	char end[11], today[11];

	license_term_end(db, end);
	return *end && strcmp(date_ny(now, today), end) > 0;
}

int license_take_seat(struct db *db, const char *program, int64_t capacity)
{
	struct stmt *st =
		db_shared()
			? db_prepare(db, "UPDATE seat_pools SET active = active + 1 WHERE program "
					 "= ? AND active + (SELECT COUNT(*) FROM signup_intake "
					 "WHERE promised = ?) < ?")
			: db_prepare(db, "UPDATE seat_pools SET active = active + 1 WHERE program "
					 "= ? AND active < ?");
	int rc, i = 1;

	stmt_bind_text(st, i++, program);
	if (db_shared())
		stmt_bind_text(st, i++, program);
	stmt_bind_int(st, i, capacity);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	return db_changes(db) == 1;
}

int license_seat_free(struct db *db, const char *program)
{
	struct stmt *st;
	int64_t taken = 0;
	int rc;

	if (license_term_over(db, now_unix()))
		return 0;
	st = db_prepare(db, "SELECT p.active + (SELECT COUNT(*) FROM signup_intake WHERE "
			    "promised = ?) FROM seat_pools p WHERE p.program = ?");
	stmt_bind_text(st, 1, program);
	stmt_bind_text(st, 2, program);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		taken = stmt_int(st, 0);
	stmt_done(st);
	if (rc == DB_ERR)
		return DB_ERR;
	return rc == DB_ROW && taken < license_capacity(db, program);
}

static int add_invitation(struct db *db, int64_t learner, const char *program, const char *now)
{
	struct stmt *st =
		db_prepare(db, "INSERT INTO invitations (learner_id, program, created_at) "
			       "VALUES (?, ?, ?)");
	int rc;

	stmt_bind_int(st, 1, learner);
	stmt_bind_text(st, 2, program);
	stmt_bind_text(st, 3, now);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ERR;
}

static void bind_id_or_null(struct stmt *st, int idx, int64_t id)
{
	if (id > 0)
		stmt_bind_int(st, idx, id);
	else
		stmt_bind_null(st, idx);
}

/* A person coming back: the learner whose license was removed or has expired, with the same
 * e-mail, or else the same name and date of birth as the new request. 0 when none. */
static int64_t returning_learner(struct db *db, const struct license_person *p)
{
	struct stmt *st = db_prepare(
		db,
		"SELECT l.id FROM learners l WHERE l.license_status IN ('removed', 'expired') "
		"AND (l.email_norm = ? OR l.application_id IN (SELECT o.id FROM applications o "
		"WHERE o.person_key = (SELECT n.person_key FROM applications n WHERE n.id = ?))) "
		"ORDER BY CASE WHEN l.email_norm = ? THEN 0 ELSE 1 END, l.id LIMIT 1");
	int64_t id = 0;

	stmt_bind_text(st, 1, p->email_norm);
	stmt_bind_int(st, 2, p->application_id);
	stmt_bind_text(st, 3, p->email_norm);
	if (stmt_step(st) == DB_ROW)
		id = stmt_int(st, 0);
	stmt_done(st);
	return id;
}

/* The returning learner takes the new request: the same learners row (so enrollments,
 * progress and history stay theirs), with the answers of the new request. The inactivity
 * clock starts again at the new activation (inactivity.c). */
static int return_learner(struct db *db, int64_t id, const struct license_person *p, int seat,
			  const char *now)
{
	const char *program = license_program(p->lang);
	struct stmt *st = db_prepare(
		db,
		"UPDATE learners SET application_id = ?, email = ?, email_norm = ?, first_name = "
		"?, "
		"last_name = ?, osos_id = CASE WHEN ? <> '' THEN ? ELSE osos_id END, "
		"local_area_id = ?, region_id = ?, language = ?, program = ?, license_status = ?, "
		"waitlisted_at = ?, activated_at = COALESCE(?, activated_at), removed_at = NULL, "
		"reminded_at = NULL, license_ends_at = NULL, term_notice_for = NULL, "
		"term_notice_days = NULL, updated_at = ? WHERE id = ?");
	int rc;

	stmt_bind_int(st, 1, p->application_id);
	stmt_bind_text(st, 2, p->email);
	stmt_bind_text(st, 3, p->email_norm);
	stmt_bind_text(st, 4, p->first_name);
	stmt_bind_text(st, 5, p->last_name);
	stmt_bind_text(st, 6, p->osos_id ? p->osos_id : "");
	stmt_bind_text(st, 7, p->osos_id ? p->osos_id : "");
	bind_id_or_null(st, 8, p->local_area_id);
	bind_id_or_null(st, 9, p->region_id);
	stmt_bind_text(st, 10, lang_code(p->lang));
	stmt_bind_text(st, 11, program);
	stmt_bind_text(st, 12, seat ? "active" : "waitlisted");
	stmt_bind_text(st, 13, seat ? NULL : now);
	stmt_bind_text(st, 14, seat ? now : NULL);
	stmt_bind_text(st, 15, now);
	stmt_bind_int(st, 16, id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE || db_changes(db) != 1)
		return DB_ERR;
	if (seat && add_invitation(db, id, program, now) != 0)
		return DB_ERR;
	/* a new activation: a new referral to enter in OSOS */
	if (seat && osos_referral_add(db, id, now) < 0)
		return DB_ERR;
	return 0;
}

int license_add_learner(struct db *db, const struct license_person *p, int seat, const char *now,
			int64_t *learner_id)
{
	const char *program = license_program(p->lang);
	int64_t back = returning_learner(db, p);
	struct stmt *st;

	if (back > 0) {
		if (learner_id)
			*learner_id = back;
		return return_learner(db, back, p, seat, now);
	}
	st = db_prepare(
		db,
		"INSERT INTO learners (application_id, email, email_norm, first_name, last_name, "
		"osos_id, local_area_id, region_id, language, program, license_status, "
		"waitlisted_at, activated_at, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int64_t id;
	int rc;

	stmt_bind_int(st, 1, p->application_id);
	stmt_bind_text(st, 2, p->email);
	stmt_bind_text(st, 3, p->email_norm);
	stmt_bind_text(st, 4, p->first_name);
	stmt_bind_text(st, 5, p->last_name);
	stmt_bind_text(st, 6, p->osos_id ? p->osos_id : "");
	bind_id_or_null(st, 7, p->local_area_id);
	bind_id_or_null(st, 8, p->region_id);
	stmt_bind_text(st, 9, lang_code(p->lang));
	stmt_bind_text(st, 10, program);
	stmt_bind_text(st, 11, seat ? "active" : "waitlisted");
	stmt_bind_text(st, 12, seat ? NULL : now);
	stmt_bind_text(st, 13, seat ? now : NULL);
	stmt_bind_text(st, 14, now);
	stmt_bind_text(st, 15, now);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	id = db_last_id(db);
	if (learner_id)
		*learner_id = id;
	if (seat && add_invitation(db, id, program, now) != 0)
		return DB_ERR;
	if (seat && osos_referral_add(db, id, now) < 0)
		return DB_ERR;
	return 0;
}

int license_grant(struct db *db, const struct license_person *p, const char *now,
		  int64_t *learner_id)
{
	const char *program = license_program(p->lang);
	/* after the term's end no seat is handed out: the person waits for a renewal */
	int seat = license_term_over(db, now_unix())
			   ? 0
			   : license_take_seat(db, program, license_capacity(db, program));

	if (seat < 0)
		return DB_ERR;
	if (license_add_learner(db, p, seat, now, learner_id) != 0)
		return DB_ERR;
	return seat ? LICENSE_ACTIVE : LICENSE_WAITLISTED;
}

/* ---- e-mail ------------------------------------------------------------------------------ */

void license_mail_login_steps(struct mail *m, enum lang lang)
{
	mail_para(m, tr(lang, "To start, open the sign-in page and enter this e-mail address. We "
			      "will send you a link that signs you in: there is no password to "
			      "remember."));
	mail_button(m, tr(lang, "Sign in"), "/login");
	mail_para(m, tr(lang, "Then choose Browse catalog for programs picked for jobs in your "
			      "region, or Explore to search every course. There is no cost to you, "
			      "for the courses or for the certificates."));
	mail_para(m,
		  tr(lang, "Coursera will also send you an invitation to join the New York State "
			   "program. Accept it with this same e-mail address."));
}

void license_mail_activation(struct mail *m, enum lang lang, const char *to, const char *first_name,
			     const char *reference)
{
	struct arena a;

	arena_init(&a);
	mail_begin(m, lang, to, tr(lang, "Your Coursera license is active"));
	mail_para(m, tr_fmt(&a, lang, "Hello %s,", first_name));
	mail_para(m, tr(lang, "Your no-cost Coursera license from the New York State Department of "
			      "Labor is active."));
	mail_fact(m, tr(lang, "Reference"), reference);
	license_mail_login_steps(m, lang);
	arena_release(&a);
}

/* ---- the waitlist ------------------------------------------------------------------------ */

static int recount(struct db *db)
{
	struct stmt *st = db_prepare(db, "UPDATE seat_pools SET active = (SELECT COUNT(*) FROM "
					 "learners l WHERE l.program = seat_pools.program AND "
					 "l.license_status = 'active')");
	int rc = stmt_step(st);

	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ERR;
}

struct waiting {
	int64_t id, application_id;
	const char *email, *first_name, *reference;
	enum lang lang;
};

/* Activates one waitlisted learner whose seat was already taken. */
static int activate_one(struct db *db, const struct waiting *wt, const char *program,
			const char *now)
{
	struct stmt *st;
	struct mail m;
	int rc;

	st = db_prepare(db, "UPDATE learners SET license_status = 'active', activated_at = ?, "
			    "updated_at = ? WHERE id = ? AND license_status = 'waitlisted'");
	stmt_bind_text(st, 1, now);
	stmt_bind_text(st, 2, now);
	stmt_bind_int(st, 3, wt->id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE || db_changes(db) != 1)
		return DB_ERR;
	if (add_invitation(db, wt->id, program, now) != 0)
		return DB_ERR;
	if (osos_referral_add(db, wt->id, now) < 0)
		return DB_ERR;
	st = db_prepare(db, "UPDATE applications SET status = 'active' WHERE id = ? AND "
			    "status = 'waitlisted'");
	stmt_bind_int(st, 1, wt->application_id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	st = db_prepare(db, "INSERT INTO application_events (application_id, at, actor, "
			    "from_status, to_status, note) VALUES (?, ?, 'system', 'waitlisted', "
			    "'active', 'a seat became free')");
	stmt_bind_int(st, 1, wt->application_id);
	stmt_bind_text(st, 2, now);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	license_mail_activation(&m, wt->lang, wt->email, wt->first_name, wt->reference);
	return mail_enqueue(db, &m, "license_activated") == 0 ? 0 : DB_ERR;
}

static int fill_program(struct db *db, struct arena *a, const char *program, const char *now)
{
	struct stmt *st;
	struct waiting *list;
	int64_t cap = license_capacity(db, program), active = 0, free_seats;
	size_t n = 0, i;

	st = db_prepare(db, "SELECT active FROM seat_pools WHERE program = ?");
	stmt_bind_text(st, 1, program);
	if (stmt_step(st) == DB_ROW)
		active = stmt_int(st, 0);
	stmt_done(st);
	free_seats = cap - active;
	if (free_seats <= 0 || license_term_over(db, now_unix()))
		return 0; /* full, or the term has ended: nobody is activated until a renewal */
	if (free_seats > 1000)
		free_seats = 1000; /* a big capacity change is worked off over a few rounds */
	list = arena_alloc(a, (size_t)free_seats * sizeof(*list));
	st = db_prepare(db, "SELECT l.id, l.application_id, l.email, l.first_name, l.language, "
			    "a.reference FROM learners l JOIN applications a ON a.id = "
			    "l.application_id WHERE l.program = ? AND l.license_status = "
			    "'waitlisted' ORDER BY l.waitlisted_at, l.id LIMIT ?");
	stmt_bind_text(st, 1, program);
	stmt_bind_int(st, 2, free_seats);
	while (n < (size_t)free_seats && stmt_step(st) == DB_ROW) {
		list[n].id = stmt_int(st, 0);
		list[n].application_id = stmt_int(st, 1);
		list[n].email = stmt_text_dup(st, 2, a);
		list[n].first_name = stmt_text_dup(st, 3, a);
		list[n].lang = !strcmp(stmt_text(st, 4), "es") ? LANG_ES : LANG_EN;
		list[n].reference = stmt_text_dup(st, 5, a);
		n++;
	}
	stmt_done(st);
	for (i = 0; i < n; i++) {
		if (license_take_seat(db, program, cap) != 1)
			return DB_ERR;
		if (activate_one(db, &list[i], program, now) != 0)
			return DB_ERR;
	}
	return (int)n;
}

int license_fill_waitlist(struct db *db)
{
	static const char *const programs[] = { "en", "es" };
	struct arena a;
	char now[ISO_LEN];
	int total = 0, n = 0;
	size_t i;

	if (recount(db) != 0)
		return DB_ERR;
	arena_init(&a);
	iso_now(now);
	for (i = 0; i < 2; i++) {
		n = fill_program(db, &a, programs[i], now);
		if (n < 0)
			break;
		total += n;
	}
	arena_release(&a);
	return n < 0 ? DB_ERR : total;
}

static int fill_fn(struct db *db, void *ctx)
{
	int n = license_fill_waitlist(db);

	if (n < 0)
		return DB_ABORT;
	*(int *)ctx = n;
	return 0;
}

int license_anyone_waiting(void)
{
	struct stmt *st = db_prepare(db_get(), "SELECT 1 FROM learners WHERE license_status = "
					       "'waitlisted' LIMIT 1");
	int rc = stmt_step(st);

	stmt_done(st);
	return rc == DB_ROW;
}

int license_fill_waitlist_now(void)
{
	int n = 0;

	return db_write(fill_fn, &n) == 0 ? n : -1;
}

int64_t license_waitlist_position(int64_t application_id)
{
	struct db *db = db_get();
	struct stmt *st;
	int64_t pos = 0;

	st = db_prepare(db, "SELECT COUNT(*) FROM learners w, learners me WHERE "
			    "me.application_id = ? AND me.license_status = 'waitlisted' AND "
			    "w.program = me.program AND w.license_status = 'waitlisted' AND "
			    "(w.waitlisted_at < me.waitlisted_at OR (w.waitlisted_at = "
			    "me.waitlisted_at AND w.id <= me.id))");
	stmt_bind_int(st, 1, application_id);
	if (stmt_step(st) == DB_ROW)
		pos = stmt_int(st, 0);
	else
		pos = -1;
	stmt_done(st);
	return pos;
}

/* ---- invitations CSV --------------------------------------------------------------------- */

/* One CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ tab or
 * CR gets an apostrophe so a spreadsheet shows it instead of running it. */
static void csv_cell(struct buf *b, const char *s, int last)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int guard = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';

	if (quote)
		buf_putc(b, '"');
	if (guard)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	if (quote)
		buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ",");
}

int license_invitations_csv(int all, struct buf *out, int64_t *last_id, size_t *count)
{
	struct db *db = db_get();
	struct stmt *st;
	int rc;

	*last_id = 0;
	*count = 0;
	buf_puts(out, "Name,Email,External Id,Program\r\n");
	st = db_prepare(db, "SELECT i.id, l.first_name, l.last_name, l.email, l.osos_id, l.id, "
			    "i.program FROM invitations i JOIN learners l ON l.id = i.learner_id "
			    "WHERE ? = 1 OR i.exported_at IS NULL ORDER BY i.id");
	stmt_bind_int(st, 1, all ? 1 : 0);
	while ((rc = stmt_step(st)) == DB_ROW) {
		char name[512], ext[32];
		const char *osos = stmt_text(st, 4);
		int64_t id = stmt_int(st, 0);

		snprintf(name, sizeof(name), "%s %s", stmt_text(st, 1), stmt_text(st, 2));
		snprintf(ext, sizeof(ext), "%lld", (long long)stmt_int(st, 5));
		csv_cell(out, name, 0);
		csv_cell(out, stmt_text(st, 3), 0);
		csv_cell(out, osos[0] ? osos : ext, 0);
		csv_cell(out, stmt_text(st, 6), 1);
		if (id > *last_id)
			*last_id = id;
		(*count)++;
	}
	stmt_done(st);
	return rc == DB_DONE && !out->overflow ? 0 : -1;
}

struct mark {
	int64_t last_id;
	int n;
};

static int mark_fn(struct db *db, void *ctx)
{
	struct mark *mk = ctx;
	char now[ISO_LEN];
	struct stmt *st = db_prepare(db, "UPDATE invitations SET exported_at = ? WHERE "
					 "exported_at IS NULL AND id <= ?");
	int rc;

	stmt_bind_text(st, 1, iso_now(now));
	stmt_bind_int(st, 2, mk->last_id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	mk->n = db_changes(db);
	return 0;
}

int license_invitations_mark(int64_t last_id)
{
	struct mark mk = { last_id, 0 };

	if (last_id <= 0)
		return 0;
	return db_write(mark_fn, &mk) == 0 ? mk.n : -1;
}
