/* session.h - sign-in sessions and CSRF tokens.
 *
 * A session cookie holds 32 random bytes (libsodium); the database keeps only their hash
 * (BLAKE2b), so a stolen database cannot be used to sign in. Anonymous visitors get no
 * session row: they carry a random visitor cookie, and their CSRF token is a keyed hash of it.
 * A signed-in visitor's CSRF token is a keyed hash of the session token. Either way the
 * token is checked in one place, server.c, for every route flagged RF_CSRF, together with
 * the Origin (or Referer) header.
 */
#ifndef SG_SESSION_H
#define SG_SESSION_H

#include <stdint.h>

#include "web/http.h"

#define SESSION_COOKIE "sg_session"
#define VISITOR_COOKIE "sg_visitor"

/* Loads the key for CSRF tokens (creates it on first run). 0 or -1. */
int session_init(void);
/* Fills r->who, r->session_id and r->csrf from the cookies; may set a visitor cookie on w. */
void session_load(struct req *r, struct resp *w);
/* 1 when the form's csrf field and the Origin/Referer are right. */
int session_csrf_ok(struct req *r);
/* Starts a new session for a principal (rotating any old one): writes the row, sets the
 * cookie, updates r->who/r->csrf. 0 or -1. */
int session_start(struct req *r, struct resp *w, const struct principal *who);
/* Ends this session (logout). */
void session_end(struct req *r, struct resp *w);
/* Ends every session of this principal (logout everywhere). */
int session_end_all(enum role role, int64_t id);
/* Staff API: fills r->who from "Authorization: Bearer <token>". 1 when valid. */
int session_bearer(struct req *r);
/* Idle timeouts (seconds), per kind. */
#define SESSION_IDLE_STAFF   (30 * 60)
#define SESSION_IDLE_LEARNER (14 * 24 * 3600)

#endif
