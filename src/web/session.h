/* session.h - who is calling: the session cookie, the visitor cookie, CSRF and bearer tokens
 * as the web layer sees them.
 *
 * The sessions themselves (rows, token hashes, the CSRF key, API tokens) are the domain's
 * (src/session.h). The web layer reaches them through the hooks the serve command gives it at
 * start-up, and keeps the principal as an opaque pointer in r->who (never NULL once the
 * session is loaded) with its access level in r->access for the route table. The CSRF token
 * is checked in one place, server.c, for every route flagged RF_CSRF, together with the
 * Origin (or Referer) header.
 */
#ifndef SG_WEB_SESSION_H
#define SG_WEB_SESSION_H

#include <stdint.h>

#include "web/http.h"

#define SESSION_COOKIE "sg_session"
#define VISITOR_COOKIE "sg_visitor"

struct session_hooks {
	/* The principal of a nobody (not signed in). */
	const struct principal *nobody;
	/* The principal of a live session token and the session's id; NULL when none. */
	const struct principal *(*resolve)(struct arena *a, const char *token, int64_t *session_id);
	/* The staff principal of an API bearer token; NULL when none. */
	const struct principal *(*bearer)(struct arena *a, const char *token);
	/* Stores a new session for who, ending old_id: its token (64 hex digits) in token, its id
	 * in *session_id; returns who copied into a, NULL on failure. */
	const struct principal *(*create)(struct arena *a, const struct principal *who,
					  int64_t old_id, char token[65], int64_t *session_id);
	/* Ends one session. */
	void (*end)(int64_t session_id);
	/* The CSRF token of a session token (kind "s") or a visitor cookie (kind "v"), in a. */
	const char *(*csrf)(struct arena *a, const char *kind, const char *token);
	/* What the principal may do, as the route table sees it; its id, for the access log. */
	enum access (*access)(const struct principal *who);
	int64_t (*id)(const struct principal *who);
};

/* Given once at start-up, before the server runs. */
void session_hooks_set(const struct session_hooks *hooks);

/* Fills r->who, r->access, r->session_id and r->csrf from the cookies. */
void session_load(struct req *r, struct resp *w);
/* The visitor's CSRF token for a form; a visitor without one gets a visitor cookie on w. */
const char *session_csrf_token(struct req *r, struct resp *w);
/* 1 when the form's csrf field and the Origin/Referer are right. */
int session_csrf_ok(struct req *r);
/* Starts a new session for a principal (rotating any old one): writes the row, sets the
 * cookie, updates r->who/r->access/r->csrf. 0 or -1. */
int session_start(struct req *r, struct resp *w, const struct principal *who);
/* Ends this session (logout). */
void session_end(struct req *r, struct resp *w);
/* Staff API: fills r->who from "Authorization: Bearer <token>". 1 when valid. */
int session_bearer(struct req *r);
/* The caller's id for the access log (0 for nobody). */
int64_t session_who_id(const struct req *r);

#endif
