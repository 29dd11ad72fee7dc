/* http.h - the request and the response a handler works with.
 *
 * A handler is `int fn(struct req *r, struct resp *w)`: it reads parameters from r, calls the
 * domain, and fills w (status, body, headers). It returns 0; the server sends w. Everything a
 * request allocates comes from r->arena and is freed after the response is sent.
 *
 * Handlers never write raw text to w->body: pages use html.h (escaping writer) and the API
 * uses resp_json(). Errors are answered with resp_error() (web/layout.h), which picks an HTML page in the
 * request's language or the API's JSON error shape by itself, so a handler just does
 *   return resp_error(r, w, 404, NULL);
 */
#ifndef SG_HTTP_H
#define SG_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "i18n/i18n.h"

struct route;

struct kv {
	const char *key, *value;
};
struct kvlist {
	struct kv *items;
	size_t n, cap;
};
/* The first value for key, or NULL. */
const char *kv_get(const struct kvlist *l, const char *key);
void kv_add(struct kvlist *l, struct arena *a, const char *key, const char *value);
/* The same, -1 instead of aborting when memory runs out (for request data). */
int kv_try_add(struct kvlist *l, struct arena *a, const char *key, const char *value);

enum method {
	M_GET = 1,
	M_HEAD = 2,
	M_POST = 4,
	M_PUT = 8,
	M_PATCH = 16,
	M_DELETE = 32,
	M_OPTIONS = 64
};

/* Who is making the request is the domain's principal (principal.h), found from the session
 * cookie or the API bearer token through the session hooks (web/session.h); the web layer
 * keeps it as an opaque pointer, and what it may do as an access level, which the route
 * table's auth (router.h) is checked against. */
struct principal;
enum access {
	ACCESS_NONE = 0,
	ACCESS_LEARNER,
	ACCESS_AREA_VIEWER,
	ACCESS_AREA_ADMIN,
	ACCESS_STATE_ADMIN
};

struct req {
	struct arena *arena;
	enum method method;
	const char *method_name;
	const char *path;	  /* percent-decoded, without the query */
	const char *raw_path;	  /* as sent */
	const char *query_string; /* raw, "" when absent */
	struct kvlist query, form, cookies, params;
	const char *content_type; /* "" when absent */
	const char *body;	  /* NUL-terminated; "" when absent */
	size_t body_len;
	json_t *json; /* the body when it was JSON (owned by the request), else NULL */
	enum lang lang;
	int lang_from_query;	 /* ?lang= chose the language */
	const char *remote_addr; /* the client: the peer, or the address a trusted proxy
				  * forwarded (web/proxy.h) */
	int forwarded;		 /* remote_addr came from a trusted proxy's X-Forwarded-For */
	const struct route *route;
	int is_api;		     /* path under /api/ */
	const struct principal *who; /* never NULL once the session is loaded */
	enum access access;
	int64_t session_id; /* sessions.id of a signed-in session, else 0 */
	const char *csrf;   /* this visitor's CSRF token, for forms */
	void *conn;	    /* the server connection, for header lookups */
	int64_t started_ns;
};

struct resp {
	int status;
	const char *content_type;
	struct buf body;
	struct kvlist headers;
	int no_store;			  /* personal data: Cache-Control: no-store */
	const unsigned char *static_data; /* a static asset served as is, instead of body */
	size_t static_len;
};

const char *req_header(struct req *r, const char *name);
/* Route parameter ({slug}), query string parameter, form field: NULL when absent. */
const char *req_param(struct req *r, const char *name);
const char *req_query(struct req *r, const char *name);
const char *req_form(struct req *r, const char *name);
/* All values of a repeated query parameter; returns the count, fills up to max. */
size_t req_query_all(struct req *r, const char *name, const char **out, size_t max);
const char *req_cookie(struct req *r, const char *name);

void resp_header(struct resp *w, struct req *r, const char *name, const char *value);
/* Set-Cookie with Path=/, HttpOnly, SameSite=Lax, Secure when the base URL is https.
 * max_age < 0 omits Max-Age (a session cookie); 0 deletes. */
void resp_cookie(struct req *r, struct resp *w, const char *name, const char *value, long max_age);
/* 303 See Other to a local path (or 302 for GET). */
int resp_redirect(struct req *r, struct resp *w, const char *location);
/* Sends a JSON value (the reference is taken). */
int resp_json(struct req *r, struct resp *w, int status, json_t *v);
/* The title of an error status as people read it, a msgid ("Page not found"). */
const char *http_status_title(int status);
/* The API error with a code and per-field messages (fields may be NULL; reference taken). */
int resp_api_error(struct req *r, struct resp *w, int status, const char *code, const char *message,
		   json_t *fields);
/* The answer to an import: 200 with the counts, or (refused = 1) 422 with the error
 * "invalid_lines" and the same counts, so a client sees what to fix (reference taken). */
int resp_import(struct req *r, struct resp *w, int refused, json_t *counts);
/* The bodies that are not HTML: HTML goes only through the escaping writer (html.h). */
enum text_type {
	TEXT_PLAIN, /* text/plain; charset=utf-8 (/healthz, short notices) */
	TEXT_CSV    /* text/csv; charset=utf-8 (exports) */
};
/* A plain-text or CSV body: the text is copied. */
int resp_text(struct req *r, struct resp *w, int status, enum text_type type, const char *text,
	      size_t len);

/* The site's absolute base URL without a trailing slash, e.g. "http://127.0.0.1:8080": for
 * absolute links, Secure cookies, HSTS and the Origin check. Given once at start-up (main.c;
 * the string must stay for the life of the process); "http://127.0.0.1:8080" until then. */
void http_set_base_url(const char *url);
const char *http_base_url(void);

#endif
