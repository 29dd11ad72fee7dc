/* router.h - the route table: every URL, its method and its access rule in one place.
 *
 * The table itself is in routes.c. The server matches a request to a route, then enforces
 * the route's policy before the handler runs: who may call it (auth), whether a form POST
 * needs a CSRF token, how large the body may be. A handler therefore never checks access
 * itself, beyond scoping the data it reads by r->who (which the domain does).
 */
#ifndef SG_ROUTER_H
#define SG_ROUTER_H

#include <stddef.h>

#include "web/http.h"

typedef int (*handler_fn)(struct req *r, struct resp *w);

enum auth {
	AUTH_NONE = 0,	 /* anyone */
	AUTH_LEARNER,	 /* a signed-in learner */
	AUTH_STAFF,	 /* any staff member (area viewer and up) */
	AUTH_AREA_ADMIN, /* an area admin or a state admin */
	AUTH_STATE_ADMIN /* a state admin */
};

enum route_flags {
	RF_CSRF = 1,   /* a browser form: CSRF token + Origin check (set on every page POST) */
	RF_JSON = 2,   /* the body is JSON */
	RF_CSV = 4,    /* the body is text/csv */
	RF_TOKEN = 8,  /* API: Authorization: Bearer <token> identifies staff */
	RF_NOLOG = 16, /* keep out of the access log (healthz, metrics) */
};

struct route {
	unsigned methods;    /* enum method bits */
	const char *pattern; /* "/programs/{slug}"; ending in slash-star matches the rest */
	handler_fn fn;
	enum auth auth;
	unsigned flags;
	size_t max_body;  /* bytes; 0 = the default (64 KiB) */
	const char *name; /* label for metrics and logs */
};

extern const struct route routes[];
extern const size_t routes_count;

/* Finds the route for method + path, filling r->params. Returns the route, or NULL with
 * *allowed set to the methods that the path does have (0: no such path -> 404, else 405). */
const struct route *router_match(struct req *r, const char *path, unsigned *allowed);
/* Matches pattern against path, adding named parameters to params. 1 on a match. */
int router_pattern_match(const char *pattern, const char *path, struct kvlist *params,
			 struct arena *a);
/* "GET, HEAD, POST" for an Allow header. */
const char *router_allow_header(unsigned methods, struct arena *a);

#endif
