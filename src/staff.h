/* staff.h - staff accounts: who works in the staff workspace, in which role and local area.
 *
 * Three roles (the staff.role column):
 *   state_admin  every local area; program settings; manages staff
 *   area_admin   one local area: decisions, transfers, OSOS IDs, notes
 *   area_viewer  one local area, read-only
 * An area role always has a local area; a state admin never has one.
 *
 * Passwords are stored as argon2id hashes (libsodium crypto_pwhash_str). staff_login() checks
 * one with two guards, neither of which depends on whether the account exists, so the answer
 * (and the time it takes: an unknown address is checked against a dummy hash) never tells
 * which addresses exist:
 *   - per account and client address: after STAFF_PAIR_FREE failures, each further attempt
 *     for that account from that address must wait, STAFF_PAIR_DELAY seconds after the last
 *     failure and twice as long after each further one (at most STAFF_PAIR_DELAY_MAX). A
 *     stranger guessing from one address slows only themselves: the owner signing in from
 *     their own address is not held back.
 *   - per client address: STAFF_ADDR_MAX_FAILURES failures (any accounts) in
 *     STAFF_ADDR_WINDOW seconds hold that address back until the window moves on.
 *   - per account, from every address together: staff_signin_max_per_account failures (a
 *     setting, 50 by default) in STAFF_PAIR_WINDOW hold the account back, so guesses spread
 *     over many addresses stop too; but a browser the owner has signed in with before
 *     (its device cookie, staff_device_mark) still gets in.
 *
 * Each member has a language (staff.language, "en" or "es"): set when the account is added,
 * then from the language of the pages they sign in with; their e-mails use it.
 *
 * Every change goes through db_write with its audit row in the same transaction; `who` is the
 * staff member making it (NULL or a ROLE_NONE principal: the command line, "system").
 */
#ifndef SG_STAFF_H
#define SG_STAFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "principal.h"

struct arena;

#define STAFF_PASSWORD_MIN 12
#define STAFF_PASSWORD_MAX 256
/* Failures for one account from one address before attempts must wait, the first wait, the
 * longest, and how long failures are remembered. */
#define STAFF_PAIR_FREE	     5
#define STAFF_PAIR_DELAY     60
#define STAFF_PAIR_DELAY_MAX (15 * 60)
#define STAFF_PAIR_WINDOW    (60 * 60)
/* Failures from one address within the window before further attempts are refused. */
#define STAFF_ADDR_MAX_FAILURES 20
#define STAFF_ADDR_WINDOW	(15 * 60)

struct staff_member {
	int64_t id;
	const char *email, *name;
	enum role role;
	int64_t local_area;	     /* 0 for a state admin */
	const char *local_area_name; /* "" for a state admin */
	int active;
	int has_password;
	int failed_logins;
	const char *created_at;
	const char *lang; /* "en" or "es": their e-mails' language */
};

/* "state_admin" / "area_admin" / "area_viewer" <-> enum role. parse: 0 or -1. */
int staff_role_parse(const char *s, enum role *out);
const char *staff_role_name(enum role r);
/* The role as people read it ("State administrator"), a msgid: translate with tr(). */
const char *staff_role_label(enum role r);

enum staff_err {
	STAFF_OK = 0,
	STAFF_EDB = -1,	      /* database error */
	STAFF_EEMAIL = -2,    /* not an e-mail address */
	STAFF_EROLE = -3,     /* unknown role */
	STAFF_EAREA = -4,     /* an area role without a known local area */
	STAFF_EPASSWORD = -5, /* password too short or too long */
	STAFF_EEXISTS = -6,   /* the e-mail already has an account */
	STAFF_ENOTFOUND = -7,
	STAFF_ESELF = -8, /* a state admin may not demote or deactivate themself */
};
/* What went wrong, as a msgid that says what to do: translate with tr(). */
const char *staff_err_message(enum staff_err e);

struct staff_new {
	const char *email, *name;
	enum role role;
	int64_t local_area;   /* required for area roles, ignored for a state admin */
	const char *password; /* NULL: no password yet (cannot sign in until one is set) */
	const char *lang;     /* their e-mails' language, "en" or "es"; NULL or other: "en" */
};
/* Adds an account. On success *id_out (may be NULL) is the new id. */
enum staff_err staff_add(const struct principal *who, const struct staff_new *n, int64_t *id_out);

/* Changes role, area and active flag (all three given). Deactivating or changing the role
 * or area ends the member's sessions, so the change takes effect at once. */
enum staff_err staff_update(const struct principal *who, int64_t id, enum role role,
			    int64_t local_area, int active);
/* Keeps lang ("en" or "es") as the language of the staff member who's signing in (the
 * digest and sign-in links are written in it), audited, when it is not theirs already: called
 * after each sign-in with the language of the page. 0 or -1. */
int staff_language_set(const struct principal *who, const char *lang);
/* Sets a new password and clears any lockout. */
enum staff_err staff_set_password(const struct principal *who, int64_t id, const char *password);

/* One account by id or e-mail (case-insensitive); strings in the arena. 0, or -1 when there
 * is none. */
int staff_get(struct arena *a, int64_t id, struct staff_member *out);
int staff_find(struct arena *a, const char *email, struct staff_member *out);
/* Every account, state admins first, then by e-mail; returns the count (arena memory). */
size_t staff_list(struct arena *a, struct staff_member **out);

enum staff_login_result {
	STAFF_LOGIN_OK = 0,
	STAFF_LOGIN_BAD = 1,	   /* wrong e-mail or password (never says which) */
	STAFF_LOGIN_WAIT = 2,	   /* failures for this account from this address: wait */
	STAFF_LOGIN_THROTTLED = 3, /* too many failures from this address: wait */
	STAFF_LOGIN_ERROR = -1,
};
/* Checks a sign-in; device is the browser's device cookie (or NULL). On STAFF_LOGIN_OK fills
 * *who (strings in the arena) for session_start. Every attempt is recorded; failures count
 * toward the guards. On STAFF_LOGIN_WAIT and STAFF_LOGIN_THROTTLED, *retry_after is the
 * seconds to wait. */
enum staff_login_result staff_login(struct arena *a, const char *email, const char *password,
				    const char *addr, const char *device, struct principal *who,
				    int64_t *retry_after);
/* The device cookie's value for a browser that signed in as this e-mail address (a keyed MAC,
 * in a): set after a successful sign-in, it lets the owner past the per-account guard. */
#define STAFF_DEVICE_COOKIE "sg_staff_device"
const char *staff_device_mark(struct arena *a, const char *email);

/* ---- sign-in links by e-mail (staff_link.c) ----------------------------------------------
 *
 * A staff member who cannot sign in with their password (forgotten, or held back by the
 * guards above on a browser without the device cookie) asks for a link at /admin/login/email.
 * The answer is the same whether or not the account exists; when it exists and is active, a
 * link to /admin/login/link?t=… is e-mailed in the member's language, in the transaction that
 * stores it. The token is 32 random bytes; only their BLAKE2b hash is kept. It works once,
 * within STAFF_LINK_TTL seconds. Opening it only shows a button (mail scanners that fetch
 * links do not use it up); pressing it signs in, audited, whatever the password guards say.
 * Requests are limited within STAFF_LINK_WINDOW: STAFF_LINK_MAX_PER_ADDR per client address
 * (the setting staff_link_max_per_addr, 0 off; then STAFF_LINK_LIMITED), and STAFF_LINK_MAX_PER_ACCOUNT per e-mail address from all
 * addresses (then the same answer as ever but no new message: the links already sent work). */
#define STAFF_LINK_TTL		   (15 * 60)
#define STAFF_LINK_WINDOW	   (60 * 60)
#define STAFF_LINK_MAX_PER_ADDR	   10
#define STAFF_LINK_MAX_PER_ACCOUNT 3

enum staff_link_result {
	STAFF_LINK_OK = 0,
	STAFF_LINK_LIMITED = 1, /* too many requests from this address: *retry_after seconds */
	STAFF_LINK_BAD = 2,	/* not an e-mail address; or a link unknown, used or expired */
	STAFF_LINK_ERROR = -1,
};
/* Asks for a link for email from client address addr: STAFF_LINK_OK whether or not a message
 * was sent, STAFF_LINK_LIMITED, STAFF_LINK_BAD, STAFF_LINK_ERROR. */
enum staff_link_result staff_link_request(const char *email, const char *addr,
					  int64_t *retry_after);
/* Whether a link's token would work now, without using it. */
enum staff_link_result staff_link_check(const char *token);
/* Uses a link from client address addr: STAFF_LINK_OK with *who (strings in a) for
 * session_start, or STAFF_LINK_BAD. Of two requests racing with one token, one succeeds. */
enum staff_link_result staff_link_use(struct arena *a, const char *token, const char *addr,
				      struct principal *who);

/* An argon2id hash of password into out (crypto_pwhash_STRBYTES). 0 or -1. */
int staff_hash_password(const char *password, char *out, size_t size);

/* Creates an API token for the account with this e-mail; the token (64 hex characters) goes
 * to out, shown once. 0; STAFF_ENOTFOUND; STAFF_EDB. */
enum staff_err staff_token_create(const char *email, const char *label, char out[65]);

/* The demo accounts and about forty learners for `make run` (staff_demo.c), once; prints
 * the logins. 0 or -1. */
int staff_seed_demo(FILE *out);
/* Generates n people (requests, learners, enrollments) across the local areas (or all in
 * only_area when > 0); pending_share percent of them wait for review. For the demo, tests
 * and the benchmark; no e-mail. Prints a summary to out when not NULL. 0 or -1. */
int staff_demo_learners(int n, uint64_t seed, int pending_share, int64_t only_area, FILE *out);

#endif
