/* digest.c - the daily escalation digest (digest.h). */
#include "digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "mail.h"
#include "util/arena.h"
#include "util/timeutil.h"

#define DIGEST_MAX_LISTED 25

/* Requests waiting for staff, with their due time before ? (now + 12 h), in an area or all. */
#define WAITING                                                                                    \
	"status IN ('pending_review', 'approved') AND closed_at IS NULL AND due_at < ? AND "       \
	"(? = 0 OR local_area_id = ?)"

int digest_counts(int64_t area, int64_t now, struct digest_counts *out)
{
	struct stmt *st = db_prepare(db_get(), "SELECT COALESCE(SUM(CASE WHEN due_at < ? THEN 1 "
					       "ELSE 0 END), 0), COUNT(*) FROM applications "
					       "WHERE " WAITING);
	char now_s[ISO_LEN], soon[ISO_LEN];
	int rc;

	memset(out, 0, sizeof(*out));
	iso_utc(now, now_s);
	iso_utc(now + DIGEST_SOON_HOURS * 3600, soon);
	stmt_bind_text(st, 1, now_s);
	stmt_bind_text(st, 2, soon);
	stmt_bind_int(st, 3, area);
	stmt_bind_int(st, 4, area);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		out->overdue = stmt_int(st, 0);
		out->due_soon = stmt_int(st, 1) - out->overdue;
	}
	stmt_done(st);
	return rc == DB_ROW ? 0 : -1;
}

struct recipient {
	int64_t id, area;
	const char *email, *name;
	enum lang lang;
};

struct send {
	const struct recipient *to;
	const char *day, *now;
	struct mail *m;
	int64_t listed;
	int sent;
};

static int send_fn(struct db *db, void *ctx)
{
	struct send *s = ctx;
	struct stmt *st = db_prepare(db, "INSERT INTO digests_sent (staff_id, day, at, requests) "
					 "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
					 "digests_sent WHERE staff_id = ? AND day = ?)");
	int rc;

	stmt_bind_int(st, 1, s->to->id);
	stmt_bind_text(st, 2, s->day);
	stmt_bind_text(st, 3, s->now);
	stmt_bind_int(st, 4, s->listed);
	stmt_bind_int(st, 5, s->to->id);
	stmt_bind_text(st, 6, s->day);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE) {
		mail_release(s->m);
		return DB_ABORT;
	}
	if (!db_changes(db)) {
		mail_release(s->m);
		return 0; /* sent today already (another server, or an earlier sweep) */
	}
	if (mail_enqueue(db, s->m, "staff_digest") != 0)
		return DB_ABORT;
	s->sent = 1;
	return 0;
}

static const char *due_text(struct arena *a, enum lang l, int64_t now, const char *due)
{
	int64_t t;
	char shown[64];

	if (iso_parse(due, &t) != 0)
		return due;
	time_show_ny(t, l == LANG_ES, shown, sizeof(shown));
	return t < now ? tr_fmt(a, l, "overdue since %s", shown) : tr_fmt(a, l, "due %s", shown);
}

/* Composes one recipient's digest into m. 0 with *n listed (0: nothing to say), or -1. */
static int compose(struct arena *a, const struct recipient *to, int64_t now,
		   const struct digest_counts *c, struct mail *m)
{
	struct stmt *st;
	char soon[ISO_LEN];
	const enum lang l = to->lang;
	int rc;

	iso_utc(now + DIGEST_SOON_HOURS * 3600, soon);
	mail_begin(m, l, to->email,
		   tr_fmt(a, l, "Requests to answer today: %s, %s",
			  trn_fmt(a, l, "%lld overdue", "%lld overdue", (long)c->overdue,
				  (long long)c->overdue),
			  trn_fmt(a, l, "%lld due within 12 hours", "%lld due within 12 hours",
				  (long)c->due_soon, (long long)c->due_soon)));
	mail_para(m, tr_fmt(a, l, "Hello %s,", to->name && *to->name ? to->name : to->email));
	mail_para(m,
		  to->area ? tr(l, "These requests in your local area are past the 48-hour "
				   "promise or will be within 12 hours. Please answer them "
				   "today.")
			   : tr(l, "These requests, across every local area, are past the 48-hour "
				   "promise or will be within 12 hours."));
	st = db_prepare(db_get(),
			"SELECT a.reference, a.due_at, COALESCE(la.name, '') FROM "
			"applications a LEFT JOIN local_areas la ON la.id = a.local_area_id "
			"WHERE a.status IN ('pending_review', 'approved') AND a.closed_at IS "
			"NULL AND a.due_at < ? AND (? = 0 OR a.local_area_id = ?) ORDER BY "
			"a.due_at, a.id LIMIT ?");
	stmt_bind_text(st, 1, soon);
	stmt_bind_int(st, 2, to->area);
	stmt_bind_int(st, 3, to->area);
	stmt_bind_int(st, 4, DIGEST_MAX_LISTED);
	while ((rc = stmt_step(st)) == DB_ROW)
		mail_fact(m, stmt_text_dup(st, 0, a),
			  arena_printf(a, "%s%s%s", due_text(a, l, now, stmt_text(st, 1)),
				       to->area ? "" : " · ", to->area ? "" : stmt_text(st, 2)));
	stmt_done(st);
	if (c->overdue + c->due_soon > DIGEST_MAX_LISTED)
		mail_para(m, tr_fmt(a, l, "And %lld more in the review queue.",
				    (long long)(c->overdue + c->due_soon - DIGEST_MAX_LISTED)));
	mail_button(m, tr(l, "Open the review queue"), "/admin/queue");
	return rc == DB_DONE ? 0 : -1;
}

int digest_sweep(int64_t now, struct digest_result *out)
{
	struct db *db = db_get();
	struct recipient *list = NULL;
	struct stmt *st;
	struct arena a;
	char day[11], now_s[ISO_LEN];
	size_t n = 0, cap = 0, i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	arena_init(&a);
	date_ny(now, day);
	iso_utc(now, now_s);
	st = db_prepare(db,
			"SELECT s.id, COALESCE(s.local_area_id, 0), s.email, s.name, s.language "
			"FROM staff s "
			"WHERE s.active = 1 AND (s.role = 'state_admin' OR (s.role = "
			"'area_admin' AND s.local_area_id IS NOT NULL)) AND NOT EXISTS (SELECT 1 "
			"FROM digests_sent d WHERE d.staff_id = s.id AND d.day = ?) ORDER BY s.id");
	stmt_bind_text(st, 1, day);
	while (stmt_step(st) == DB_ROW) {
		if (n == cap) {
			struct recipient *bigger;
			cap = cap ? cap * 2 : 16;
			bigger = arena_alloc(&a, cap * sizeof(*bigger));
			if (n)
				memcpy(bigger, list, n * sizeof(*list));
			list = bigger;
		}
		list[n].id = stmt_int(st, 0);
		list[n].area = stmt_int(st, 1);
		list[n].email = stmt_text_dup(st, 2, &a);
		list[n].name = stmt_text_dup(st, 3, &a);
		if (lang_parse(stmt_text(st, 4), &list[n].lang) != 0)
			list[n].lang = LANG_EN;
		n++;
	}
	stmt_done(st);
	for (i = 0; i < n && rc == 0; i++) {
		const struct recipient *to = &list[i];
		struct digest_counts c;
		struct mail m;
		struct send s;
		if (digest_counts(to->area, now, &c) != 0) {
			rc = -1;
			break;
		}
		if (!c.overdue && !c.due_soon)
			continue; /* nothing to say: no e-mail */
		if (compose(&a, to, now, &c, &m) != 0) {
			mail_release(&m);
			rc = -1;
			break;
		}
		memset(&s, 0, sizeof(s));
		s.to = to;
		s.day = day;
		s.now = now_s;
		s.m = &m;
		s.listed = c.overdue + c.due_soon;
		if (db_write(send_fn, &s) != 0)
			rc = -1;
		else
			out->sent += s.sent;
	}
	arena_release(&a);
	return rc;
}
