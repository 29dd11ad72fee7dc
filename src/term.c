/* term.c - notices before the license term ends, expiry, renewal (term.h). */
#include "term.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "comeback.h"
#include "db/db.h"
#include "license.h"
#include "mail.h"
#include "settings.h"
#include "util/arena.h"
#include "util/timeutil.h"

#define DAY 86400

/* Whole days from `today` to `end` (both YYYY-MM-DD); negative once the end has passed. */
static int64_t days_between(const char *today, const char *end)
{
	int64_t a, b;

	if (iso_parse(today, &a) != 0 || iso_parse(end, &b) != 0)
		return 0;
	return (b - a) / DAY;
}

struct who {
	int64_t id, area;
	const char *email, *first, *program;
	enum lang lang;
};

struct batch {
	struct who *list;
	int n;
	const char *now, *end;
	int level;     /* 30 or 7: a notice; 0: expiry */
	int64_t left;  /* days left (notices) */
	int64_t after; /* the last learner id read */
	int done;
	struct arena *a;
};

static void notice_mail(struct mail *m, struct arena *a, const struct who *p, const char *end,
			int64_t left)
{
	enum lang l = p->lang;
	char shown[40];

	date_show(end, l == LANG_ES, shown, sizeof(shown));
	mail_begin(m, l, p->email, tr_fmt(a, l, "Your Coursera license ends on %s", shown));
	mail_para(m, tr_fmt(a, l, "Hello %s,", p->first));
	mail_para(m, tr_fmt(a, l,
			    "Your no-cost Coursera license from the New York State Department of "
			    "Labor ends with the program's term on %s, in %lld days.",
			    shown, (long long)left));
	mail_para(m, tr(l, "Use the time to finish the courses you started: certificates earned "
			   "before the end are yours to keep. If the program is renewed, your "
			   "license continues and we e-mail you."));
	mail_button(m, tr(l, "Go to My learning"), "/me");
}

static void expiry_mail(struct mail *m, struct arena *a, const struct who *p, const char *end)
{
	enum lang l = p->lang;
	char shown[40];

	date_show(end, l == LANG_ES, shown, sizeof(shown));
	mail_begin(m, l, p->email, tr(l, "Your Coursera license has ended"));
	mail_para(m, tr_fmt(a, l, "Hello %s,", p->first));
	mail_para(m, tr_fmt(a, l,
			    "Your no-cost Coursera license ended on %s, with the program's term.",
			    shown));
	mail_para(m, tr(l, "If the program is renewed, your license comes back by itself and we "
			   "e-mail you. Your courses, progress and certificates are kept. You may "
			   "also ask for a license again."));
	mail_button(m, tr(l, "Check your status"), "/status");
}

static int batch_write(struct db *db, void *ctx)
{
	struct batch *b = ctx;
	int i, rc;

	b->done = 0;
	for (i = 0; i < b->n; i++) {
		const struct who *p = &b->list[i];
		struct stmt *st;
		struct mail m;
		char id[24];

		if (b->level)
			st = db_prepare(db,
					"UPDATE learners SET term_notice_for = ?, "
					"term_notice_days = ? WHERE id = ? AND license_status = "
					"'active' AND (term_notice_for IS NULL OR term_notice_for "
					"<> ? OR COALESCE(term_notice_days, 0) > ?)");
		else
			st = db_prepare(db,
					"UPDATE learners SET license_status = 'expired', "
					"license_ends_at = ?, removed_at = ?, updated_at = ? WHERE "
					"id = ? AND license_status = 'active'");
		if (b->level) {
			stmt_bind_text(st, 1, b->end);
			stmt_bind_int(st, 2, b->level);
			stmt_bind_int(st, 3, p->id);
			stmt_bind_text(st, 4, b->end);
			stmt_bind_int(st, 5, b->level);
		} else {
			stmt_bind_text(st, 1, b->end);
			stmt_bind_text(st, 2, b->now);
			stmt_bind_text(st, 3, b->now);
			stmt_bind_int(st, 4, p->id);
		}
		rc = stmt_step(st);
		stmt_done(st);
		if (rc != DB_DONE)
			return DB_ABORT;
		if (!db_changes(db))
			continue; /* changed meanwhile */
		if (b->level) {
			notice_mail(&m, b->a, p, b->end, b->left);
			rc = mail_enqueue(db, &m,
					  b->level == 7 ? "term_notice_7" : "term_notice_30");
		} else {
			json_t *before = json_pack("{s:s}", "license_status", "active");
			json_t *after = json_pack("{s:s, s:s}", "license_status", "expired",
						  "term_end", b->end);
			st = db_prepare(db,
					"UPDATE seat_pools SET active = active - 1 WHERE program = "
					"? AND active > 0");
			stmt_bind_text(st, 1, p->program);
			rc = stmt_step(st) == DB_DONE ? 0 : DB_ERR;
			stmt_done(st);
			if (rc == 0)
				rc = comeback_close_request(db, p->id, b->now);
			snprintf(id, sizeof(id), "%lld", (long long)p->id);
			if (rc == 0)
				rc = audit_write(db, NULL, "term_expire", "learner", id, p->area,
						 before, after);
			json_decref(before);
			json_decref(after);
			if (rc == 0) {
				expiry_mail(&m, b->a, p, b->end);
				rc = mail_enqueue(db, &m, "term_expired");
			}
		}
		if (rc != 0)
			return DB_ABORT;
		b->done++;
	}
	return 0;
}

/* One round: the next `limit` learners due for this step, in id order from where the last
 * round stopped. The rounds walk the primary key once (license_status || '' keeps the
 * status index out of it: through that index every round would sort every active learner
 * again, a million of them at the end of a term). Returns how many were changed, or
 * -1; 0 when none was due. */
static int round_of(struct db *db, struct batch *b, int limit)
{
	struct stmt *st;
	int rc;

	b->list = arena_alloc(b->a, (size_t)limit * sizeof(*b->list));
	b->n = 0;
	if (b->level) {
		st = db_prepare(
			db, "SELECT id, COALESCE(local_area_id, 0), email, first_name, "
			    "language, program FROM learners WHERE license_status || '' = "
			    "'active' AND (term_notice_for IS NULL OR term_notice_for <> ? OR "
			    "COALESCE(term_notice_days, 0) > ?) AND id > ? ORDER BY id LIMIT ?");
		stmt_bind_text(st, 1, b->end);
		stmt_bind_int(st, 2, b->level);
		stmt_bind_int(st, 3, b->after);
		stmt_bind_int(st, 4, limit);
	} else {
		st = db_prepare(db, "SELECT id, COALESCE(local_area_id, 0), email, first_name, "
				    "language, program FROM learners WHERE license_status || '' = "
				    "'active' AND id > ? ORDER BY id LIMIT ?");
		stmt_bind_int(st, 1, b->after);
		stmt_bind_int(st, 2, limit);
	}
	while (b->n < limit && (rc = stmt_step(st)) == DB_ROW) {
		struct who *p = &b->list[b->n++];
		enum lang l = LANG_EN;
		p->id = stmt_int(st, 0);
		p->area = stmt_int(st, 1);
		p->email = stmt_text_dup(st, 2, b->a);
		p->first = stmt_text_dup(st, 3, b->a);
		lang_parse(stmt_text(st, 4), &l);
		p->lang = l;
		p->program = stmt_text_dup(st, 5, b->a);
		b->after = p->id; /* the next round goes on from here */
	}
	stmt_done(st);
	if (!b->n)
		return 0;
	if (db_write(batch_write, b) != 0)
		return -1;
	return b->done ? b->done : (b->n ? -2 : 0);
}

int term_sweep(int64_t now, int limit, struct term_result *out)
{
	struct db *db = db_get();
	char end[11], today[11], now_s[ISO_LEN];
	struct batch b;
	struct arena a;
	int64_t left;
	int n, rc = 0;

	memset(out, 0, sizeof(*out));
	if (!*license_term_end(db, end))
		return 0;
	left = days_between(date_ny(now, today), end);
	if (left > 30)
		return 0; /* nothing to say yet: no learner is read */
	iso_utc(now, now_s);
	memset(&b, 0, sizeof(b));
	b.now = now_s;
	b.end = end;
	b.left = left;
	b.level = left < 0 ? 0 : left <= 7 ? 7 : 30;
	arena_init(&a);
	b.a = &a;
	for (;;) {
		n = round_of(db, &b, limit);
		if (n == -2)
			break; /* every one changed meanwhile: the next sweep looks again */
		if (n < 0) {
			rc = -1;
			break;
		}
		if (!n)
			break;
		if (b.level == 30)
			out->notified30 += n;
		else if (b.level == 7)
			out->notified7 += n;
		else
			out->expired += n;
		arena_release(&a);
		arena_init(&a);
	}
	arena_release(&a);
	return rc;
}

int term_bring_back(struct db *db, const char *now)
{
	struct stmt *st;
	int rc, n;

	/* a person who has asked again meanwhile keeps that request instead */
	st = db_prepare(db,
			"UPDATE learners SET license_status = 'waitlisted', waitlisted_at = "
			"COALESCE(removed_at, ?), removed_at = NULL, license_ends_at = NULL, "
			"term_notice_for = NULL, term_notice_days = NULL, updated_at = ? WHERE "
			"license_status = 'expired' AND NOT EXISTS (SELECT 1 FROM applications o "
			"WHERE o.email_norm = learners.email_norm AND o.id <> "
			"learners.application_id AND o.status <> 'denied' AND o.closed_at IS "
			"NULL)");
	stmt_bind_text(st, 1, now);
	stmt_bind_text(st, 2, now);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	n = db_changes(db);
	if (!n)
		return 0;
	st = db_prepare(db, "UPDATE applications SET closed_at = NULL WHERE closed_at IS NOT NULL "
			    "AND id IN (SELECT application_id FROM learners WHERE license_status = "
			    "'waitlisted')");
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	if (license_fill_waitlist(db) < 0)
		return DB_ERR;
	return n;
}
