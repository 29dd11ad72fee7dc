/* staff_link.c - staff sign-in links by e-mail (staff.h). */
#include "staff.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "i18n/i18n.h"
#include "login.h"
#include "mail.h"
#include "settings.h"
#include "staff_internal.h"
#include "util/arena.h"
#include "util/timeutil.h"

/* ---- asking for a link ---------------------------------------------------------------------- */

struct link_req {
	const char *email;
	char key_addr[140], key_account[90];
	int64_t t, retry_after, max_addr;
	int limited;
};

/* Seconds until the oldest request of key in the window leaves it. */
static int64_t oldest_leaves(struct db *db, const char *key, const char *since, int64_t t)
{
	struct stmt *st = db_prepare(db, "SELECT MIN(at) FROM login_attempts WHERE key = ? AND "
					 "at > ?");
	int64_t oldest = t, wait;

	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, since);
	if (stmt_step(st) == DB_ROW && stmt_text(st, 0))
		iso_parse(stmt_text(st, 0), &oldest);
	stmt_done(st);
	wait = oldest + STAFF_LINK_WINDOW - t;
	return wait > 0 ? wait : 1;
}

static int link_mail(struct db *db, struct link_req *q, int64_t staff_id, const char *to,
		     enum lang l, const char *now)
{
	unsigned char rnd[32];
	char tok[LOGIN_TOKEN_LEN + 1], h[65], exp[ISO_LEN], url[160];
	struct stmt *st;
	struct mail m;
	int rc;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(tok, sizeof(tok), rnd, sizeof(rnd));
	sodium_memzero(rnd, sizeof(rnd));
	login_token_hash(tok, h);
	iso_utc(q->t + STAFF_LINK_TTL, exp);
	st = db_prepare(db, "INSERT INTO staff_login_links (token_hash, staff_id, created_at, "
			    "expires_at) VALUES (?, ?, ?, ?)");
	stmt_bind_text(st, 1, h);
	stmt_bind_int(st, 2, staff_id);
	stmt_bind_text(st, 3, now);
	stmt_bind_text(st, 4, exp);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	snprintf(url, sizeof(url), "/admin/login/link?t=%s", tok);
	mail_begin(&m, l, to, tr(l, "Your staff sign-in link"));
	mail_para(&m,
		  tr(l, "Someone, probably you, asked for a link to sign in to the staff "
			"workspace with this e-mail address. Use the button below to sign in."));
	mail_button(&m, tr(l, "Sign in to the staff workspace"), url);
	mail_para(&m, tr(l, "The link works once, within 15 minutes. If it has expired, ask for a "
			    "new one on the staff sign-in page."));
	mail_para(&m, tr(l, "If you did not ask for it, you can ignore this message: nobody can "
			    "sign in without the link, and your password has not changed."));
	return mail_enqueue(db, &m, "staff_login_link") == 0 ? 0 : DB_ABORT;
}

static int request_fn(struct db *db, void *ctx)
{
	struct link_req *q = ctx;
	char now[ISO_LEN], since[ISO_LEN], day[ISO_LEN], *to = NULL;
	struct stmt *st;
	int64_t id = 0;
	enum lang l = LANG_EN;
	int rc = 0;

	iso_utc(q->t, now);
	iso_utc(q->t - STAFF_LINK_WINDOW, since);
	if (q->max_addr > 0 && login_attempts_count(db, q->key_addr, since) >= q->max_addr) {
		q->limited = 1;
		q->retry_after = oldest_leaves(db, q->key_addr, since, q->t);
		return 0;
	}
	if (login_attempt_add(db, q->key_addr, now) != 0)
		return DB_ABORT;
	/* past the account's share: the links already sent still work; nothing new is sent */
	if (login_attempts_count(db, q->key_account, since) >= STAFF_LINK_MAX_PER_ACCOUNT)
		return 0;
	if (login_attempt_add(db, q->key_account, now) != 0)
		return DB_ABORT;
	st = db_prepare(db, "SELECT id, email, language FROM staff WHERE email = ? AND active = 1");
	stmt_bind_text(st, 1, q->email);
	if (stmt_step(st) == DB_ROW) {
		id = stmt_int(st, 0);
		to = strdup(stmt_text(st, 1));
		lang_parse(stmt_text(st, 2), &l);
	}
	stmt_done(st);
	if (id && to)
		rc = link_mail(db, q, id, to, l, now);
	free(to);
	if (rc == 0 && randombytes_uniform(50) == 0) {
		/* now and then, forget links that ended more than a day ago */
		st = db_prepare(db, "DELETE FROM staff_login_links WHERE expires_at < ?");
		stmt_bind_text(st, 1, iso_utc(q->t - 24 * 3600, day));
		stmt_step(st);
		stmt_done(st);
	}
	return rc;
}

enum staff_link_result staff_link_request(const char *email, const char *addr, int64_t *retry_after)
{
	char norm[256], h[65];
	struct link_req q;

	*retry_after = 0;
	if (login_email_normalize(email, norm, sizeof(norm)) != 0)
		return STAFF_LINK_BAD;
	if (sodium_init() < 0)
		return STAFF_LINK_ERROR;
	memset(&q, 0, sizeof(q));
	q.email = norm;
	q.t = now_unix();
	q.max_addr = settings_get_int("staff_link_max_per_addr", STAFF_LINK_MAX_PER_ADDR);
	login_token_hash(norm, h);
	snprintf(q.key_addr, sizeof(q.key_addr), "staff-link-ip:%.100s", addr ? addr : "");
	snprintf(q.key_account, sizeof(q.key_account), "staff-link-email:%s", h);
	if (db_write(request_fn, &q) != 0)
		return STAFF_LINK_ERROR;
	if (q.limited) {
		*retry_after = q.retry_after;
		return STAFF_LINK_LIMITED;
	}
	return STAFF_LINK_OK;
}

/* ---- using a link --------------------------------------------------------------------------- */

enum staff_link_result staff_link_check(const char *token)
{
	char h[65], now[ISO_LEN];
	struct stmt *st;
	int rc;

	if (!login_token_ok(token) || sodium_init() < 0)
		return STAFF_LINK_BAD;
	login_token_hash(token, h);
	st = db_prepare(db_get(), "SELECT 1 FROM staff_login_links k JOIN staff s ON s.id = "
				  "k.staff_id WHERE k.token_hash = ? AND k.used_at IS NULL AND "
				  "k.expires_at > ? AND s.active = 1");
	stmt_bind_text(st, 1, h);
	stmt_bind_text(st, 2, iso_now(now));
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_ROW ? STAFF_LINK_OK : rc == DB_DONE ? STAFF_LINK_BAD : STAFF_LINK_ERROR;
}

struct link_use {
	const char *hash, *addr;
	struct arena *a;
	struct principal *who;
	int ok;
};

static int use_fn(struct db *db, void *ctx)
{
	struct link_use *u = ctx;
	char now[ISO_LEN];
	struct stmt *st;
	int rc;

	iso_now(now);
	st = db_prepare(db, "UPDATE staff_login_links SET used_at = ? WHERE token_hash = ? AND "
			    "used_at IS NULL AND expires_at > ?");
	stmt_bind_text(st, 1, now);
	stmt_bind_text(st, 2, u->hash);
	stmt_bind_text(st, 3, now);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	if (db_changes(db) != 1)
		return 0;
	st = db_prepare(db, "SELECT s.id, s.role, COALESCE(s.local_area_id, 0), s.email, s.name "
			    "FROM staff_login_links k JOIN staff s ON s.id = k.staff_id "
			    "WHERE k.token_hash = ? AND s.active = 1");
	stmt_bind_text(st, 1, u->hash);
	if (stmt_step(st) == DB_ROW && staff_role_parse(stmt_text(st, 1), &u->who->role) == 0) {
		u->who->id = stmt_int(st, 0);
		u->who->local_area = u->who->role == ROLE_STATE_ADMIN ? 0 : stmt_int(st, 2);
		u->who->email = stmt_text_dup(st, 3, u->a);
		u->who->name = stmt_text_dup(st, 4, u->a);
		u->ok = 1;
	}
	stmt_done(st);
	if (!u->ok)
		return 0; /* the account was deactivated: the link is used up all the same */
	return staff_signin_record(db, u->who, u->addr, "link");
}

enum staff_link_result staff_link_use(struct arena *a, const char *token, const char *addr,
				      struct principal *who)
{
	char h[65];
	struct link_use u = { h, addr, a, who, 0 };

	if (!login_token_ok(token) || sodium_init() < 0)
		return STAFF_LINK_BAD;
	login_token_hash(token, h);
	memset(who, 0, sizeof(*who));
	if (db_write(use_fn, &u) != 0)
		return STAFF_LINK_ERROR;
	return u.ok ? STAFF_LINK_OK : STAFF_LINK_BAD;
}
