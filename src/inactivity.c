/* inactivity.c - the inactivity sweep (inactivity.h). */
#include "inactivity.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "comeback.h"
#include "db/db.h"
#include "mail.h"
#include "settings.h"
#include "util/arena.h"
#include "util/timeutil.h"

#define DAY 86400

/* When the learner was last seen: their last reported activity, or the (latest) activation
 * when that came later (a learner who returns starts the clock again), or when they joined. */
#define SEEN                                                                                       \
	"(CASE WHEN last_activity_at IS NULL OR activated_at > last_activity_at THEN "             \
	"COALESCE(activated_at, created_at) ELSE last_activity_at END)"

struct candidate {
	int64_t id, area;
	const char *email, *first, *last_seen;
	enum lang lang;
};

struct step {
	struct candidate c;
	const char *now;
	int64_t days, left; /* days inactive; days until removal (reminders) */
	int remove;
	struct arena *a;
	int done;
};

static void compose(struct mail *m, struct step *s)
{
	enum lang l = s->c.lang;
	struct arena *a = s->a;

	if (!s->remove) {
		mail_begin(m, l, s->c.email, tr(l, "Your free courses are waiting for you"));
		mail_para(m, tr_fmt(a, l, "Hello %s,", s->c.first));
		mail_para(m,
			  tr_fmt(a, l,
				 "We have not seen any course activity on your license for %lld "
				 "days. Licenses are for people who are learning: if there is no "
				 "activity in the next %lld days, your license will be removed so "
				 "that someone else can use it.",
				 (long long)s->days, (long long)s->left));
		mail_para(m, tr(l, "To keep it, sign in and continue a course, or enroll in a new "
				   "one. One or two courses at a time is a good pace."));
		mail_button(m, tr(l, "Go to My learning"), "/me");
	} else {
		mail_begin(m, l, s->c.email, tr(l, "Your course license was removed"));
		mail_para(m, tr_fmt(a, l, "Hello %s,", s->c.first));
		mail_para(m, tr_fmt(a, l,
				    "Your license was removed because there was no course activity "
				    "for %lld days, after the reminder we sent you.",
				    (long long)s->days));
		mail_para(m,
			  tr(l, "If you are still looking for work and want to learn, you may "
				"ask for a license again. If you think this is a mistake, write to "
				"us and include your e-mail address."));
		mail_button(m, tr(l, "Ask for a license again"),
			    l == LANG_ES ? "/inscribete" : "/signup");
	}
}

/* One learner: the change (only if the learner is still in the state that was read: still
 * active, and for a reminder still not reminded since last seen, so two sweeps at once, on
 * two servers, remind nobody twice), the e-mail and the audit row, together. */
static int step_write(struct db *db, void *ctx)
{
	struct step *s = ctx;
	struct stmt *st;
	struct mail m;
	json_t *before, *after;
	char id[24];
	int rc;

	if (s->remove)
		st = db_prepare(db,
				"UPDATE learners SET license_status = 'removed', removed_at = ?, "
				"updated_at = ? WHERE id = ? AND license_status = 'active'");
	else
		st = db_prepare(db,
				"UPDATE learners SET reminded_at = ?, updated_at = ? WHERE id = ? "
				"AND license_status = 'active' AND (reminded_at IS NULL OR "
				"reminded_at < " SEEN ")");
	stmt_bind_text(st, 1, s->now);
	stmt_bind_text(st, 2, s->now);
	stmt_bind_int(st, 3, s->c.id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	if (!db_changes(db))
		return 0; /* changed meanwhile (staff, a sign-in): nothing to do */
	if (s->remove && comeback_close_request(db, s->c.id, s->now) != 0)
		return DB_ERR;
	compose(&m, s);
	if (mail_enqueue(db, &m, s->remove ? "inactivity_removed" : "inactivity_reminder") != 0)
		return DB_ERR;
	snprintf(id, sizeof(id), "%lld", (long long)s->c.id);
	before = json_pack("{s:s, s:s}", "license_status", "active", "last_activity",
			   s->c.last_seen);
	after = s->remove ? json_pack("{s:s, s:I}", "license_status", "removed", "inactive_days",
				      (json_int_t)s->days)
			  : json_pack("{s:s, s:I}", "reminded_at", s->now, "inactive_days",
				      (json_int_t)s->days);
	rc = audit_write(db, NULL, s->remove ? "inactivity_remove" : "inactivity_remind", "learner",
			 id, s->c.area, before, after);
	json_decref(before);
	json_decref(after);
	if (rc != 0)
		return DB_ERR;
	s->done = 1;
	return 0;
}

/* Learners changed per transaction: one commit for many, so a day's reminders take seconds
 * even with a million learners. */
#define BATCH 200

struct batch {
	struct step *steps;
	int n;
};

static int batch_write(struct db *db, void *ctx)
{
	struct batch *b = ctx;
	int i;

	for (i = 0; i < b->n; i++)
		if (step_write(db, &b->steps[i]) != 0)
			return DB_ABORT;
	return 0;
}

int inactivity_sweep(int64_t now, int limit, struct inactivity_result *out)
{
	int64_t remind = settings_get_int("inactivity_remind_days", 30);
	int64_t remove = settings_get_int("inactivity_remove_days", 45);
	char now_s[ISO_LEN], remind_before[ISO_LEN], remove_before[ISO_LEN], grace_before[ISO_LEN];
	struct db *db = db_get();
	struct arena a;
	int pass, rc = 0;

	memset(out, 0, sizeof(*out));
	if (remind < 1 || remove <= remind)
		return 0; /* switched off, or not a sensible pair: do nothing rather than harm */
	iso_utc(now, now_s);
	iso_utc(now - remind * DAY, remind_before);
	iso_utc(now - remove * DAY, remove_before);
	iso_utc(now - (remove - remind) * DAY, grace_before);
	arena_init(&a);
	for (pass = 0; pass < 2 && rc == 0; pass++) {
		struct candidate *list = arena_alloc(&a, (size_t)limit * sizeof(*list));
		struct stmt *st;
		int n = 0, i;

		/* pass 0: removals (reminded long enough ago); pass 1: reminders */
		if (pass == 0) {
			st = db_prepare(
				db,
				"SELECT id, COALESCE(local_area_id, 0), email, first_name, "
				"language, " SEEN " "
				"AS seen FROM learners WHERE license_status = 'active' AND " SEEN
				" < ? AND "
				"reminded_at IS NOT NULL AND reminded_at <= ? AND reminded_at "
				">= " SEEN " "
				"ORDER BY id LIMIT ?");
			stmt_bind_text(st, 1, remove_before);
			stmt_bind_text(st, 2, grace_before);
		} else {
			st = db_prepare(
				db,
				"SELECT id, COALESCE(local_area_id, 0), email, first_name, "
				"language, " SEEN " "
				"AS seen FROM learners WHERE license_status = 'active' AND " SEEN
				" < ? AND "
				"(reminded_at IS NULL OR reminded_at < " SEEN
				") ORDER BY id LIMIT ?");
			stmt_bind_text(st, 1, remind_before);
		}
		stmt_bind_int(st, pass == 0 ? 3 : 2, limit);
		while (n < limit && stmt_step(st) == DB_ROW) {
			struct candidate *c = &list[n++];
			enum lang l = LANG_EN;
			c->id = stmt_int(st, 0);
			c->area = stmt_int(st, 1);
			c->email = stmt_text_dup(st, 2, &a);
			c->first = stmt_text_dup(st, 3, &a);
			lang_parse(stmt_text(st, 4), &l);
			c->lang = l;
			c->last_seen = stmt_text_dup(st, 5, &a);
		}
		stmt_done(st);
		for (i = 0; i < n && rc == 0; i += BATCH) {
			struct step steps[BATCH];
			struct batch b = { steps, 0 };
			int j;
			for (j = 0; j < BATCH && i + j < n; j++) {
				struct step *s = &steps[j];
				int64_t seen = now;
				memset(s, 0, sizeof(*s));
				s->c = list[i + j];
				s->now = now_s;
				s->remove = pass == 0;
				s->a = &a;
				iso_parse(s->c.last_seen, &seen);
				s->days = (now - seen) / DAY;
				s->left = remove - s->days > 1 ? remove - s->days : 1;
			}
			b.n = j;
			if (db_write(batch_write, &b) != 0)
				rc = -1;
			for (j = 0; rc == 0 && j < b.n; j++) {
				if (steps[j].done && steps[j].remove)
					out->removed++;
				else if (steps[j].done)
					out->reminded++;
			}
		}
	}
	arena_release(&a);
	return rc;
}
