/* login.c - learners' sign-in links, passwords and the sign-in rate limit (login.h). */
#include "login.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/db.h"
#include "mail.h"
#include "settings.h"
#include "util/arena.h"
#include "util/timeutil.h"

static char dummy_hash[crypto_pwhash_STRBYTES];
static int init_rc = -1;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* The stand-in hash that an unknown address's password is checked against, so a wrong
 * address costs the same time as a wrong password. */
static void init_run(void)
{
	unsigned char rnd[16];
	char pw[33];

	if (sodium_init() < 0)
		return;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(pw, sizeof(pw), rnd, sizeof(rnd));
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return;
	init_rc = 0;
}

int login_init(void)
{
	pthread_once(&init_once, init_run);
	return init_rc;
}

/* Lower-case, trimmed address into out; -1 when it cannot be an address. */
int login_email_normalize(const char *in, char *out, size_t size)
{
	size_t n, i;
	const char *at;

	if (!in)
		return -1;
	while (isspace((unsigned char)*in))
		in++;
	n = strlen(in);
	while (n && isspace((unsigned char)in[n - 1]))
		n--;
	if (n == 0 || n >= size || n > 254)
		return -1;
	for (i = 0; i < n; i++) {
		if ((unsigned char)in[i] <= ' ')
			return -1;
		out[i] = (char)tolower((unsigned char)in[i]);
	}
	out[n] = '\0';
	at = strchr(out, '@');
	return at && at != out && at[1] && !strchr(at + 1, '@') ? 0 : -1;
}

/* The hex BLAKE2b-256 of s: what the database keeps of tokens and of unknown addresses. */
void login_token_hash(const char *s, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)s, strlen(s), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

const char *login_safe_next(const char *next)
{
	size_t i;

	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 512 ||
	    !strncmp(next, "/login", 6) || !strncmp(next, "/logout", 7))
		return "/me";
	for (i = 0; next[i]; i++)
		if ((unsigned char)next[i] < ' ' || next[i] == 0x7f)
			return "/me";
	return next;
}

/* ---- the rate limit ------------------------------------------------------------------------ */

int login_attempts_count(struct db *db, const char *key, const char *since)
{
	struct stmt *st = db_prepare(db, "SELECT COUNT(*) FROM login_attempts WHERE key = ? AND "
					 "at > ?");
	int n = 0;

	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, since);
	if (stmt_step(st) == DB_ROW)
		n = (int)stmt_int(st, 0);
	stmt_done(st);
	return n;
}

int login_attempt_add(struct db *db, const char *key, const char *now)
{
	struct stmt *st = db_prepare(db, "INSERT INTO login_attempts (key, at) VALUES (?, ?)");
	int rc;

	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, now);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ERR;
}

/* Now and then (one write in fifty), forgets attempts and links older than a day. */
static void tidy(struct db *db, const char *day_ago)
{
	struct stmt *st;

	if (randombytes_uniform(50) != 0)
		return;
	st = db_prepare(db, "DELETE FROM login_attempts WHERE at < ?");
	stmt_bind_text(st, 1, day_ago);
	stmt_step(st);
	stmt_done(st);
	st = db_prepare(db, "DELETE FROM login_tokens WHERE expires_at < ?");
	stmt_bind_text(st, 1, day_ago);
	stmt_step(st);
	stmt_done(st);
}

struct keys {
	char ip[128], email[80];
};

static void keys_make(struct keys *k, const char *kind, const char *addr, const char *norm)
{
	char h[65];

	login_token_hash(norm, h);
	snprintf(k->ip, sizeof(k->ip), "%s-ip:%.100s", kind, addr ? addr : "");
	snprintf(k->email, sizeof(k->email), "%s-email:%.32s", kind, h);
}

/* ---- links --------------------------------------------------------------------------------- */

struct link_req {
	const char *norm, *next;
	struct keys k;
	enum lang lang;
	int64_t max_addr, max_email;
	int limited;
};

/* The limits: settings login_max_per_addr and login_max_per_email, else the defaults. */
static void limits(int64_t *addr, int64_t *email)
{
	*addr = settings_get_int("login_max_per_addr", LOGIN_MAX_PER_ADDR);
	*email = settings_get_int("login_max_per_email", LOGIN_MAX_PER_EMAIL);
}

static int link_mail(struct db *db, int64_t learner, const char *to, struct link_req *q, int64_t t)
{
	unsigned char rnd[32];
	char tok[LOGIN_TOKEN_LEN + 1], h[65], now[ISO_LEN], exp[ISO_LEN], url[128];
	struct stmt *st;
	struct mail m;
	int rc;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(tok, sizeof(tok), rnd, sizeof(rnd));
	login_token_hash(tok, h);
	iso_utc(t, now);
	iso_utc(t + LOGIN_LINK_TTL, exp);
	st = db_prepare(db, "INSERT INTO login_tokens (token_hash, learner_id, created_at, "
			    "expires_at, next_path) VALUES (?, ?, ?, ?, ?)");
	stmt_bind_text(st, 1, h);
	stmt_bind_int(st, 2, learner);
	stmt_bind_text(st, 3, now);
	stmt_bind_text(st, 4, exp);
	stmt_bind_text(st, 5, login_safe_next(q->next));
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	snprintf(url, sizeof(url), "/login/link?t=%s", tok);
	mail_begin(&m, q->lang, to, tr(q->lang, "Your sign-in link"));
	mail_para(&m, tr(q->lang, "Someone, probably you, asked to sign in to My learning with "
				  "this e-mail address. Use the button below to sign in."));
	mail_button(&m, tr(q->lang, "Sign in to My learning"), url);
	mail_para(&m, tr(q->lang, "The link works once, within 15 minutes. If it has expired, ask "
				  "for a new one on the sign-in page."));
	mail_para(&m, tr(q->lang, "If you did not ask to sign in, you can ignore this message: "
				  "nobody can sign in without the link."));
	return mail_enqueue(db, &m, "login_link") == 0 ? 0 : DB_ERR;
}

static int link_req_fn(struct db *db, void *ctx)
{
	struct link_req *q = ctx;
	int64_t t = now_unix(), learner = 0;
	char now[ISO_LEN], since[ISO_LEN], day[ISO_LEN], *to = NULL;
	struct stmt *st;
	int rc = 0;

	iso_utc(t, now);
	iso_utc(t - LOGIN_WINDOW, since);
	iso_utc(t - 24 * 3600, day);
	if ((q->max_addr > 0 && login_attempts_count(db, q->k.ip, since) >= q->max_addr) ||
	    (q->max_email > 0 && login_attempts_count(db, q->k.email, since) >= q->max_email)) {
		q->limited = 1;
		return 0;
	}
	if (login_attempt_add(db, q->k.ip, now) != 0 || login_attempt_add(db, q->k.email, now) != 0)
		return DB_ERR;
	st = db_prepare(db, "SELECT id, email, language FROM learners WHERE email_norm = ?");
	stmt_bind_text(st, 1, q->norm);
	if (stmt_step(st) == DB_ROW) {
		learner = stmt_int(st, 0);
		to = strdup(stmt_text(st, 1));
		lang_parse(stmt_text(st, 2), &q->lang); /* the person's language, not the page's */
	}
	stmt_done(st);
	if (learner && to)
		rc = link_mail(db, learner, to, q, t);
	free(to);
	tidy(db, day);
	return rc;
}

enum login_result login_request_link(const char *email, const char *remote_addr, enum lang lang,
				     const char *next)
{
	char norm[256];
	struct link_req q;

	if (login_init() != 0)
		return LOGIN_ERR;
	memset(&q, 0, sizeof(q));
	if (login_email_normalize(email, norm, sizeof(norm)) != 0)
		return LOGIN_BAD;
	q.norm = norm;
	q.next = next;
	q.lang = lang;
	limits(&q.max_addr, &q.max_email);
	keys_make(&q.k, "link", remote_addr, norm);
	if (db_write(link_req_fn, &q) != 0)
		return LOGIN_ERR;
	return q.limited ? LOGIN_LIMITED : LOGIN_OK;
}

int login_token_ok(const char *token)
{
	size_t i;

	if (!token || strlen(token) != LOGIN_TOKEN_LEN)
		return 0;
	for (i = 0; i < LOGIN_TOKEN_LEN; i++)
		if (!isxdigit((unsigned char)token[i]))
			return 0;
	return 1;
}

enum login_result login_link_check(const char *token)
{
	char h[65], now[ISO_LEN];
	struct stmt *st;
	int rc;

	if (!login_token_ok(token) || login_init() != 0)
		return LOGIN_BAD;
	login_token_hash(token, h);
	iso_now(now);
	st = db_prepare(db_get(), "SELECT 1 FROM login_tokens WHERE token_hash = ? AND used_at IS "
				  "NULL AND expires_at > ?");
	stmt_bind_text(st, 1, h);
	stmt_bind_text(st, 2, now);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_ROW ? LOGIN_OK : rc == DB_DONE ? LOGIN_BAD : LOGIN_ERR;
}

struct link_use {
	const char *hash;
	struct arena *a;
	int64_t learner;
	const char *next;
};

static int link_use_fn(struct db *db, void *ctx)
{
	struct link_use *u = ctx;
	char now[ISO_LEN];
	struct stmt *st;
	int rc;

	iso_now(now);
	st = db_prepare(db, "UPDATE login_tokens SET used_at = ? WHERE token_hash = ? AND used_at "
			    "IS NULL AND expires_at > ?");
	stmt_bind_text(st, 1, now);
	stmt_bind_text(st, 2, u->hash);
	stmt_bind_text(st, 3, now);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	if (db_changes(db) != 1)
		return 0;
	st = db_prepare(db, "SELECT t.learner_id, t.next_path FROM login_tokens t JOIN learners l "
			    "ON l.id = t.learner_id WHERE t.token_hash = ?");
	stmt_bind_text(st, 1, u->hash);
	if (stmt_step(st) == DB_ROW) {
		u->learner = stmt_int(st, 0);
		u->next = stmt_text_dup(st, 1, u->a);
	}
	stmt_done(st);
	return 0;
}

enum login_result login_link_use(const char *token, struct arena *a, int64_t *learner_id,
				 const char **next)
{
	char h[65];
	struct link_use u = { h, a, 0, NULL };

	if (!login_token_ok(token) || login_init() != 0)
		return LOGIN_BAD;
	login_token_hash(token, h);
	if (db_write(link_use_fn, &u) != 0)
		return LOGIN_ERR;
	if (!u.learner)
		return LOGIN_BAD;
	*learner_id = u.learner;
	*next = login_safe_next(u.next);
	return LOGIN_OK;
}

/* ---- passwords ----------------------------------------------------------------------------- */

struct fail {
	struct keys k;
};

static int fail_fn(struct db *db, void *ctx)
{
	struct fail *f = ctx;
	char now[ISO_LEN];

	iso_now(now);
	if (login_attempt_add(db, f->k.ip, now) != 0 || login_attempt_add(db, f->k.email, now) != 0)
		return DB_ERR;
	return 0;
}

enum login_result login_password(const char *email, const char *password, const char *remote_addr,
				 int64_t *learner_id)
{
	char norm[256], since[ISO_LEN], *hash = NULL;
	struct fail f;
	struct db *db;
	struct stmt *st;
	int64_t id = 0, max_addr, max_email;
	int ok;

	if (login_init() != 0)
		return LOGIN_ERR;
	limits(&max_addr, &max_email);
	if (login_email_normalize(email, norm, sizeof(norm)) != 0)
		norm[0] = '\0';
	keys_make(&f.k, "password", remote_addr, norm);
	iso_utc(now_unix() - LOGIN_WINDOW, since);
	db = db_get();
	if ((max_addr > 0 && login_attempts_count(db, f.k.ip, since) >= max_addr) ||
	    (max_email > 0 && login_attempts_count(db, f.k.email, since) >= max_email))
		return LOGIN_LIMITED;
	if (norm[0]) {
		st = db_prepare(db, "SELECT id, password_hash FROM learners WHERE email_norm = ? "
				    "AND password_hash IS NOT NULL");
		stmt_bind_text(st, 1, norm);
		if (stmt_step(st) == DB_ROW) {
			id = stmt_int(st, 0);
			hash = strdup(stmt_text(st, 1));
		}
		stmt_done(st);
	}
	if (!password || strlen(password) > LOGIN_PASSWORD_MAX)
		password = "";
	ok = crypto_pwhash_str_verify(hash ? hash : dummy_hash, password, strlen(password)) == 0 &&
	     hash && id;
	free(hash);
	if (!ok) {
		if (db_write(fail_fn, &f) != 0)
			return LOGIN_ERR;
		return LOGIN_BAD;
	}
	*learner_id = id;
	return LOGIN_OK;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

const char *login_password_problem(enum lang lang, const char *password, const char *confirm,
				   const char *email)
{
	if (!password || !*password)
		return tr(lang, "Enter a password.");
	if (strlen(password) > LOGIN_PASSWORD_MAX)
		return tr(lang, "Use at most 128 characters.");
	if (utf8_chars(password) < LOGIN_PASSWORD_MIN)
		return tr(lang, "Use at least 10 characters.");
	if (email && !strcasecmp(password, email))
		return tr(lang, "Do not use your e-mail address as your password.");
	if (!confirm || strcmp(password, confirm))
		return tr(lang,
			  "The two passwords are not the same. Type the same password twice.");
	return NULL;
}

struct setpw {
	int64_t learner;
	const char *hash;
	enum lang lang;
};

static int setpw_fn(struct db *db, void *ctx)
{
	struct setpw *s = ctx;
	char now[ISO_LEN], *to = NULL;
	struct stmt *st;
	struct mail m;
	int rc;

	iso_now(now);
	st = db_prepare(db, "UPDATE learners SET password_hash = ?, updated_at = ? WHERE id = ?");
	stmt_bind_text(st, 1, s->hash);
	stmt_bind_text(st, 2, now);
	stmt_bind_int(st, 3, s->learner);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE || db_changes(db) != 1)
		return DB_ABORT;
	st = db_prepare(db, "SELECT email, language FROM learners WHERE id = ?");
	stmt_bind_int(st, 1, s->learner);
	if (stmt_step(st) == DB_ROW) {
		to = strdup(stmt_text(st, 0));
		lang_parse(stmt_text(st, 1), &s->lang);
	}
	stmt_done(st);
	if (!to)
		return DB_ABORT;
	mail_begin(&m, s->lang, to,
		   s->hash ? tr(s->lang, "Your password was changed")
			   : tr(s->lang, "Your password was removed"));
	mail_para(&m, s->hash ? tr(s->lang, "The password for signing in to My learning was just "
					    "set or changed.")
			      : tr(s->lang, "The password for signing in to My learning was just "
					    "removed. You can still sign in with a link sent by "
					    "e-mail."));
	mail_para(&m, tr(s->lang, "If you did not do this, sign in with a link sent by e-mail, "
				  "set a new password, and write to the help address below."));
	rc = mail_enqueue(db, &m, "password_changed");
	free(to);
	return rc == 0 ? 0 : DB_ERR;
}

int login_set_password(int64_t learner_id, const char *password, enum lang lang)
{
	char hash[crypto_pwhash_STRBYTES];
	struct setpw s = { learner_id, NULL, lang };

	if (login_init() != 0)
		return -1;
	if (password) {
		if (crypto_pwhash_str(hash, password, strlen(password),
				      crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			return -1;
		s.hash = hash;
	}
	return db_write(setpw_fn, &s) == 0 ? 0 : -1;
}

struct setlang {
	int64_t learner;
	const char *lang;
};

static int setlang_fn(struct db *db, void *ctx)
{
	struct setlang *s = ctx;
	char now[ISO_LEN];
	struct stmt *st = db_prepare(db, "UPDATE learners SET language = ?, updated_at = ? WHERE "
					 "id = ? AND language <> ?");
	int rc;

	stmt_bind_text(st, 1, s->lang);
	stmt_bind_text(st, 2, iso_now(now));
	stmt_bind_int(st, 3, s->learner);
	stmt_bind_text(st, 4, s->lang);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ABORT;
}

int login_language_set(int64_t learner_id, enum lang lang)
{
	struct setlang s = { learner_id, lang_code(lang) };

	return db_write(setlang_fn, &s) == 0 ? 0 : -1;
}
