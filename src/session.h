/* session.h - sign-in sessions, CSRF keys and API tokens: their rows and their secrets.
 *
 * A session cookie holds 32 random bytes (libsodium); the database keeps only their hash
 * (BLAKE2b), so a stolen database cannot be used to sign in. Anonymous visitors get no
 * session row: they carry a random visitor cookie, and their CSRF token is a keyed hash of it.
 * A signed-in visitor's CSRF token is a keyed hash of the session token. The cookies, the
 * Origin check and where each token is checked are the web layer's (web/session.h), which
 * calls these functions through the hooks the serve command gives it at start-up.
 */
#ifndef SG_SESSION_H
#define SG_SESSION_H

#include <stdint.h>

#include "principal.h"

struct arena;

/* Idle timeouts (seconds), per kind. */
#define SESSION_IDLE_STAFF   (30 * 60)
#define SESSION_IDLE_LEARNER (14 * 24 * 3600)

/* Loads the key for CSRF tokens (creates it on first run). 0 or -1. */
int session_init(void);
/* The principal of a live session token (a cookie's value), allocated in a, and the session's
 * id in *session_id; NULL when the token is unknown, expired or idle too long. A staff
 * member's role and area come from the staff row, so a change takes effect at once. */
const struct principal *session_resolve(struct arena *a, const char *token, int64_t *session_id);
/* The staff principal of an API bearer token, allocated in a; NULL when none. */
const struct principal *session_api_token_resolve(struct arena *a, const char *token);
/* Stores a new session for who, ending the session old_id (0: none): writes its token (64 hex
 * digits and a NUL) to token and its id to *session_id, and returns a copy of who in a; NULL
 * when it could not be stored. */
const struct principal *session_create(struct arena *a, const struct principal *who, int64_t old_id,
				       char token[65], int64_t *session_id);
/* Ends one session (sign out). */
void session_delete(int64_t session_id);
/* Ends every session of this principal (sign out everywhere). 0 or -1. */
int session_end_all(enum role role, int64_t id);
/* The CSRF token bound to a session token (kind "s") or a visitor cookie (kind "v"): a keyed
 * MAC in hex, in a. */
const char *session_csrf_mac(struct arena *a, const char *kind, const char *token);
/* Creates an API token for a staff member: the token (shown once) in out. 0 or -1. */
int session_token_create(int64_t staff_id, const char *label, char out[65]);

#endif
