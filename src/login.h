/* login.h - how learners sign in: a single-use e-mail link, or an optional password.
 *
 * The link: a learner (someone whose request was approved: a learners row) types their
 * e-mail address and gets a link that works once, within LOGIN_LINK_TTL seconds. The link
 * carries 32 random bytes; the database keeps only their BLAKE2b hash, so a copy of the
 * database cannot sign anyone in. Following the link only shows a button (mail scanners that
 * open links do not use it up); pressing it uses the link and starts the session (the page
 * calls session_start, which rotates the session).
 *
 * The password: optional, set on /me/password, stored as an argon2id hash
 * (crypto_pwhash_str, libsodium's interactive limits).
 *
 * No account enumeration: asking for a link gives the same answer whether or not the address
 * belongs to a learner, and does the same work (a rate-limit row is written either way); a
 * password attempt for an unknown address verifies against a stand-in hash. Requests are
 * limited per client address and per e-mail in a sliding window of LOGIN_WINDOW seconds
 * (login_attempts; failed passwords count, successful ones do not); a refused request is
 * answered the same way for every address. The limits are the settings login_max_per_addr
 * and login_max_per_email (0 turns one off), defaulting to the values below.
 *
 *   if (login_request_link(email, r->remote_addr, r->lang, next) == LOGIN_LIMITED) ... 429
 *   if (login_link_use(token, r->arena, &learner_id, &next) == LOGIN_OK) ... session_start
 */
#ifndef SG_LOGIN_H
#define SG_LOGIN_H

#include <stddef.h>
#include <stdint.h>

#include "i18n/i18n.h"

struct arena;

#define LOGIN_LINK_TTL	    (15 * 60) /* seconds a link works */
#define LOGIN_WINDOW	    (15 * 60) /* the rate limit's window, seconds */
#define LOGIN_MAX_PER_EMAIL 5	      /* link requests or failed passwords per e-mail and window */
#define LOGIN_MAX_PER_ADDR  30	      /* the same per client address */
#define LOGIN_PASSWORD_MIN  10	      /* characters */
#define LOGIN_PASSWORD_MAX  128	      /* bytes */
#define LOGIN_TOKEN_LEN	    64	      /* hex characters in a link's token */

enum login_result {
	LOGIN_OK = 0,
	LOGIN_LIMITED = 1, /* too many requests: wait LOGIN_WINDOW and try again */
	LOGIN_BAD = 2,	   /* wrong password, or a link that is unknown, used or expired */
	LOGIN_ERR = -1,	   /* the database failed */
};

/* Loads libsodium and the stand-in hash. Called lazily by the functions below; 0 or -1. */
int login_init(void);

/* Someone asks for a sign-in link for `email`. When it is a learner's address, a link to
 * /login/link?t=… is mailed (in lang) within the same transaction as the rate-limit row;
 * next: a local path to go to after signing in ("" or NULL: /me). LOGIN_OK whether or not a
 * message was sent, LOGIN_LIMITED, LOGIN_ERR. */
enum login_result login_request_link(const char *email, const char *remote_addr, enum lang lang,
				     const char *next);

/* Whether a link's token would work now, without using it: LOGIN_OK or LOGIN_BAD. */
enum login_result login_link_check(const char *token);
/* Uses a link: LOGIN_OK with *learner_id and *next (a local path, in a), or LOGIN_BAD. A link
 * works once: of two requests racing with the same token, one gets LOGIN_OK. */
enum login_result login_link_use(const char *token, struct arena *a, int64_t *learner_id,
				 const char **next);

/* Password sign-in: LOGIN_OK with *learner_id, LOGIN_BAD (wrong address or password, or no
 * password set: the same answer), LOGIN_LIMITED, LOGIN_ERR. */
enum login_result login_password(const char *email, const char *password, const char *remote_addr,
				 int64_t *learner_id);

/* What is wrong with a new password (translated), or NULL when it is acceptable. */
const char *login_password_problem(enum lang lang, const char *password, const char *confirm,
				   const char *email);
/* Sets (password non-NULL) or removes (NULL) the learner's password and e-mails them that it
 * changed. The caller checks login_password_problem first. 0 or -1. */
int login_set_password(int64_t learner_id, const char *password, enum lang lang);

/* A local path that is safe to redirect to after sign-in ("/me" when next is not one). */
const char *login_safe_next(const char *next);

/* The learner's language (e-mails, and My learning after sign-in), when they switch it while
 * signed in. 0 or -1. */
int login_language_set(int64_t learner_id, enum lang lang);

/* ---- shared with the staff's sign-in links (staff_link.c) ------------------------------- */

struct db;

/* The address trimmed and in lower case into out; -1 when it cannot be one. */
int login_email_normalize(const char *in, char *out, size_t size);
/* The hex BLAKE2b-256 of s: what the database keeps of a token (or of an address in a
 * rate-limit key). */
void login_token_hash(const char *s, char out[65]);
/* 1 when token is LOGIN_TOKEN_LEN hex digits (what a link carries), else 0. */
int login_token_ok(const char *token);
/* Inside a read or write: the rows of login_attempts with this key after since (ISO time),
 * and a new one at now (0 or DB_ERR). */
int login_attempts_count(struct db *db, const char *key, const char *since);
int login_attempt_add(struct db *db, const char *key, const char *now);

#endif
