/* session.c - the session and visitor cookies, CSRF and bearer tokens of a request
 * (web/session.h); the sessions themselves are reached through the start-up hooks. */
#include "web/session.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

static struct session_hooks hooks;

void session_hooks_set(const struct session_hooks *h)
{
	hooks = *h;
}

static void set_who(struct req *r, const struct principal *who)
{
	r->who = who;
	r->access = who && hooks.access ? hooks.access(who) : ACCESS_NONE;
}

void session_load(struct req *r, struct resp *w)
{
	const char *tok = req_cookie(r, SESSION_COOKIE), *vis;
	const struct principal *who;
	int64_t sid = 0;

	(void)w;
	set_who(r, hooks.nobody);
	if (!hooks.resolve)
		return;
	if (tok && strlen(tok) == 64 && (who = hooks.resolve(r->arena, tok, &sid)) != NULL) {
		set_who(r, who);
		r->session_id = sid;
		r->csrf = hooks.csrf(r->arena, "s", tok);
		return;
	}
	vis = req_cookie(r, VISITOR_COOKIE);
	if (vis && strlen(vis) == 32)
		r->csrf = hooks.csrf(r->arena, "v", vis);
}

/* Forms need a token even for visitors without a session: the first form a visitor sees
 * gives them a random visitor cookie, and the token is bound to it. */
const char *session_csrf_token(struct req *r, struct resp *w)
{
	unsigned char rnd[16];
	char vis[33];

	if (r->csrf || !hooks.csrf)
		return r->csrf;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(vis, sizeof(vis), rnd, sizeof(rnd));
	resp_cookie(r, w, VISITOR_COOKIE, arena_strdup(r->arena, vis), 365L * 24 * 3600);
	r->csrf = hooks.csrf(r->arena, "v", vis);
	return r->csrf;
}

/* A form's Origin (or Referer) must be the site's configured base URL. The Host header is not
 * evidence: whoever sends the request chooses it, and a site that answers under another name
 * (a DNS rebinding, a misrouted proxy) is exactly what the check is for. */
static int origin_ok(struct req *r, const char *origin)
{
	const char *base = http_base_url();
	size_t n = strlen(base);

	(void)r;
	return !strncasecmp(origin, base, n) && (origin[n] == '\0' || origin[n] == '/');
}

int session_csrf_ok(struct req *r)
{
	const char *got = req_form(r, "csrf"), *origin = req_header(r, "Origin");

	if (!got || !r->csrf || strlen(got) != strlen(r->csrf) ||
	    sodium_memcmp(got, r->csrf, strlen(got)) != 0)
		return 0;
	if (origin && strcmp(origin, "null"))
		return origin_ok(r, origin);
	origin = req_header(r, "Referer");
	return !origin || origin_ok(r, origin);
}

int session_start(struct req *r, struct resp *w, const struct principal *who)
{
	char tok[65];
	int64_t sid = 0;
	const struct principal *kept;

	if (!hooks.create)
		return -1;
	kept = hooks.create(r->arena, who, r->session_id, tok, &sid);
	if (!kept)
		return -1;
	resp_cookie(r, w, SESSION_COOKIE, arena_strdup(r->arena, tok), -1);
	r->session_id = sid;
	set_who(r, kept);
	r->csrf = hooks.csrf(r->arena, "s", tok);
	return 0;
}

void session_end(struct req *r, struct resp *w)
{
	if (r->session_id && hooks.end)
		hooks.end(r->session_id);
	resp_cookie(r, w, SESSION_COOKIE, "", 0);
	r->session_id = 0;
	set_who(r, hooks.nobody);
	r->csrf = NULL;
}

int session_bearer(struct req *r)
{
	const char *a = req_header(r, "Authorization");
	const struct principal *who;

	set_who(r, hooks.nobody);
	if (!a || strncasecmp(a, "Bearer ", 7) || !hooks.bearer)
		return 0;
	a += 7;
	while (*a == ' ')
		a++;
	if (strlen(a) < 32 || strlen(a) > 128 || !(who = hooks.bearer(r->arena, a)))
		return 0;
	set_who(r, who);
	return 1;
}

int64_t session_who_id(const struct req *r)
{
	return r->who && hooks.id ? hooks.id(r->who) : 0;
}
