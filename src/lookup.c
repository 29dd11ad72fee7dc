/* lookup.c - e-mailing a person their reference (lookup.h). */
#include "lookup.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "application.h"
#include "db/db.h"
#include "mail.h"
#include "settings.h"
#include "util/arena.h"
#include "util/timeutil.h"

#define WINDOW 3600

struct lookup {
	const char *norm, *addr_key, *email_key;
	int64_t max_addr, max_email;
	char now[ISO_LEN], since[ISO_LEN], day_ago[ISO_LEN];
	int limited, sent;
};

static int64_t count_since(struct db *db, const char *key, const char *since)
{
	struct stmt *st = db_prepare(db, "SELECT COUNT(*) FROM reference_lookups WHERE key = ? AND "
					 "at >= ?");
	int64_t n = -1;

	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, since);
	if (stmt_step(st) == DB_ROW)
		n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static int record(struct db *db, const char *key, const char *now)
{
	struct stmt *st = db_prepare(db, "INSERT INTO reference_lookups (key, at) VALUES (?, ?)");
	int rc;

	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, now);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ERR;
}

/* The newest request with this address: its e-mail, reference and status. */
static int send_reference(struct db *db, struct lookup *c)
{
	struct stmt *st = db_prepare(
		db, "SELECT a.email, a.first_name, a.reference, a.status, a.language, "
		    "l.license_status FROM applications a LEFT JOIN learners l ON "
		    "l.application_id = a.id WHERE a.email_norm = ? ORDER BY a.id DESC LIMIT 1");
	struct arena a;
	struct mail m;
	enum lang l = LANG_EN;
	enum app_status s = APP_PENDING_REVIEW;
	const char *license, *label, *ref;
	int rc;

	stmt_bind_text(st, 1, c->norm);
	rc = stmt_step(st);
	if (rc != DB_ROW) {
		stmt_done(st);
		return rc == DB_DONE ? 0 : DB_ERR;
	}
	arena_init(&a);
	lang_parse(stmt_text(st, 4), &l);
	app_status_parse(stmt_text(st, 3), &s);
	license = stmt_text(st, 5);
	label = !license || !*license		 ? app_status_label(l, s)
		: !strcmp(license, "active")	 ? tr(l, "License active")
		: !strcmp(license, "waitlisted") ? tr(l, "On the waiting list")
		: !strcmp(license, "removed")	 ? tr(l, "License removed")
						 : tr(l, "License ended");
	ref = stmt_text_dup(st, 2, &a);
	mail_begin(&m, l, stmt_text_dup(st, 0, &a), tr(l, "Your request's reference"));
	mail_para(&m, tr_fmt(&a, l, "Hello %s,", stmt_text(st, 1)));
	stmt_done(st);
	mail_para(&m, tr(l, "Someone, probably you, asked us to e-mail the reference of your "
			    "request for a Coursera license. Here it is, with where your request "
			    "stands."));
	mail_fact(&m, tr(l, "Reference"), ref);
	mail_fact(&m, tr(l, "Status"), label);
	mail_button(&m, tr(l, "Check your status"), arena_printf(&a, "/status?ref=%s", ref));
	mail_para(&m, tr(l, "If you did not ask for this, you can ignore this e-mail."));
	rc = mail_enqueue(db, &m, "reference_lookup");
	arena_release(&a);
	if (rc != 0)
		return DB_ERR;
	c->sent = 1;
	return 0;
}

static int lookup_fn(struct db *db, void *ctx)
{
	struct lookup *c = ctx;
	struct stmt *st;
	int64_t n;
	int rc;

	/* forget what no limit needs any more */
	st = db_prepare(db, "DELETE FROM reference_lookups WHERE at < ?");
	stmt_bind_text(st, 1, c->day_ago);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	n = c->max_addr > 0 ? count_since(db, c->addr_key, c->since) : 0;
	if (n < 0)
		return DB_ABORT;
	if (c->max_addr > 0 && n >= c->max_addr) {
		c->limited = 1;
		return 0;
	}
	if (record(db, c->addr_key, c->now) != 0)
		return DB_ABORT;
	n = count_since(db, c->email_key, c->since);
	if (n < 0)
		return DB_ABORT;
	if (record(db, c->email_key, c->now) != 0)
		return DB_ABORT;
	if (c->max_email > 0 && n >= c->max_email)
		return 0; /* enough e-mails to this address for now: accepted, nothing sent */
	return send_reference(db, c) == 0 ? 0 : DB_ABORT;
}

int lookup_reference(const char *email, const char *addr, int64_t *retry_after)
{
	unsigned char h[16];
	char norm[260], hex[33], akey[300], ekey[64];
	struct lookup c;
	int64_t now = now_unix();

	*retry_after = 0;
	memset(&c, 0, sizeof(c));
	if (!email || application_email_normalize(email, norm, sizeof(norm)) != 0)
		norm[0] = '\0';
	crypto_generichash(h, sizeof(h), (const unsigned char *)norm, strlen(norm), NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(akey, sizeof(akey), "addr:%s", addr ? addr : "");
	snprintf(ekey, sizeof(ekey), "email:%s", hex);
	c.norm = norm;
	c.addr_key = akey;
	c.email_key = ekey;
	c.max_addr = settings_get_int("lookup_max_per_addr", 10);
	c.max_email = settings_get_int("lookup_max_per_email", 3);
	iso_utc(now, c.now);
	iso_utc(now - WINDOW, c.since);
	iso_utc(now - 86400, c.day_ago);
	if (db_write(lookup_fn, &c) != 0)
		return LOOKUP_ERR;
	if (c.limited) {
		*retry_after = WINDOW;
		return LOOKUP_LIMITED;
	}
	return LOOKUP_ACCEPTED;
}
