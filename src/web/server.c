/* server.c - libmicrohttpd glue: one request from bytes to a sent response.
 *
 * libmicrohttpd calls access() several times per request: first with the headers, then once
 * per chunk of body, then a last time with no data. On the first call we set up the context
 * and apply the part of the route's policy that the headers decide (route, declared size,
 * identity, role): a refused request with a body is answered right there, so nothing of its
 * body is read; any other answer waits for the last call, because queueing a response on the
 * first call closes a keep-alive connection. On the last call we build the request, apply the
 * rest of the policy and run the handler. request_done() frees the request's arena whatever
 * happened.
 *
 * Policy order: route (404/405) -> body size (413) -> identity (session cookie or bearer
 * token) -> role (401/403 or redirect to sign in) | body read | -> CSRF for forms (403) ->
 * body type (415/400) -> handler.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "embedded.h"
#include "util/timeutil.h"
#include "util/utf8.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/proxy.h"
#include "web/router.h"
#include "web/session.h"

#define DEFAULT_MAX_BODY (64 * 1024)
#define FORM_MAX_FIELDS	 10000
#define MAX_RESPONSE	 (32 * 1024 * 1024)
#define FIELD_SHORT	 (64 * 1024) /* form values below this are copied into the arena */

struct ctx {
	struct arena arena;
	struct req r;
	struct resp w;
	struct buf body;
	struct MHD_PostProcessor *pp;
	size_t max_body;
	int too_big, counted;
	int answered, sent; /* the policy answered at the headers; the answer is queued */
	/* The form field being received: its pieces are appended to one growing buffer, so a
	 * long value costs its length once, not once per piece. Finished values are handed to
	 * r.form and freed with the request (owned). */
	const char *field_key;
	struct buf field;
	char **owned;
	size_t nowned, capowned;
	int no_memory;	       /* a form value could not be kept: 500, nothing runs */
	const char *bad_field; /* the first form field that is not UTF-8 text: 422 */
	size_t nfields;	  /* form fields received; past FORM_MAX_FIELDS the request is too large */
	const char *peer; /* the trusted proxy a forwarded request came through, else NULL */
};

/* ---- metrics ------------------------------------------------------------------------------ */

static const int metric_codes[] = { 200, 201, 204, 302, 303, 304, 400, 401, 403, 404,
				    405, 409, 413, 415, 422, 429, 500, 503, 0 };
#define NCODES	   (sizeof(metric_codes) / sizeof(metric_codes[0]))
#define MAX_ROUTES 256
static const double buckets[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				  0.05,	  0.1,	 0.25,	 0.5,	1,    2.5 };
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

static atomic_ulong m_count[MAX_ROUTES + 1][NCODES];
static atomic_ulong m_bucket[NBUCKETS + 1];
static atomic_ulong m_sum_us;
static atomic_long m_inflight;

/* Whether each request writes its access-log line (server_set_access_log). */
static int access_log_on = 1;

void server_set_access_log(int on)
{
	access_log_on = on;
}

static void metrics_observe(const struct route *rt, int status, int64_t ns)
{
	size_t ri = rt ? (size_t)(rt - routes) : MAX_ROUTES, ci, bi;
	double s = (double)ns / 1e9;

	if (ri > MAX_ROUTES)
		ri = MAX_ROUTES;
	for (ci = 0; ci < NCODES - 1 && metric_codes[ci] != status; ci++)
		;
	atomic_fetch_add(&m_count[ri][ci], 1);
	for (bi = 0; bi < NBUCKETS && s > buckets[bi]; bi++)
		;
	atomic_fetch_add(&m_bucket[bi], 1);
	atomic_fetch_add(&m_sum_us, (unsigned long)(ns / 1000));
}

void metrics_write(struct buf *b)
{
	size_t ri, ci, bi;
	unsigned long cum = 0;

	buf_puts(b, "# HELP skillgate_http_requests_total HTTP requests answered, by route and "
		    "status.\n# TYPE skillgate_http_requests_total counter\n");
	for (ri = 0; ri <= MAX_ROUTES; ri++) {
		const char *name = ri < routes_count ? routes[ri].name : "unmatched";
		if (ri >= routes_count && ri != MAX_ROUTES)
			continue;
		for (ci = 0; ci < NCODES; ci++) {
			unsigned long v = atomic_load(&m_count[ri][ci]);
			if (!v)
				continue;
			if (metric_codes[ci])
				buf_printf(b,
					   "skillgate_http_requests_total{route=\"%s\",status=\"%"
					   "d\"} %lu\n",
					   name, metric_codes[ci], v);
			else
				buf_printf(b,
					   "skillgate_http_requests_total{route=\"%s\",status="
					   "\"other\"} %lu\n",
					   name, v);
		}
	}
	buf_puts(b, "# HELP skillgate_http_request_duration_seconds Time to answer a request.\n"
		    "# TYPE skillgate_http_request_duration_seconds histogram\n");
	for (bi = 0; bi <= NBUCKETS; bi++) {
		cum += atomic_load(&m_bucket[bi]);
		if (bi < NBUCKETS)
			buf_printf(
				b,
				"skillgate_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n",
				buckets[bi], cum);
		else
			buf_printf(
				b,
				"skillgate_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n",
				cum);
	}
	buf_printf(b, "skillgate_http_request_duration_seconds_sum %.6f\n",
		   (double)atomic_load(&m_sum_us) / 1e6);
	buf_printf(b, "skillgate_http_request_duration_seconds_count %lu\n", cum);
	buf_printf(b,
		   "# HELP skillgate_http_requests_in_flight Requests being answered now.\n"
		   "# TYPE skillgate_http_requests_in_flight gauge\n"
		   "skillgate_http_requests_in_flight %ld\n",
		   atomic_load(&m_inflight));
}

/* ---- access log --------------------------------------------------------------------------- */

static void json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\u%04x", c);
		else
			buf_putc(b, (char)c);
	}
	buf_putc(b, '"');
}

static void access_log(struct ctx *c, int status, size_t bytes, int64_t ns)
{
	struct buf b = BUF_INIT(4096);
	char now[ISO_LEN];

	if (!access_log_on || (c->r.route && (c->r.route->flags & RF_NOLOG)))
		return;
	buf_printf(&b, "{\"t\":\"%s\",\"ip\":", iso_now(now));
	json_str(&b, c->r.remote_addr);
	if (c->peer) {
		buf_puts(&b, ",\"via\":");
		json_str(&b, c->peer);
	}
	buf_printf(&b, ",\"method\":\"%s\",\"path\":", c->r.method_name ? c->r.method_name : "?");
	json_str(&b, c->r.raw_path);
	buf_puts(&b, ",\"route\":");
	json_str(&b, c->r.route ? c->r.route->name : "");
	buf_printf(&b, ",\"status\":%d,\"bytes\":%zu,\"ms\":%.3f,\"lang\":\"%s\"", status, bytes,
		   (double)ns / 1e6, lang_code(c->r.lang));
	if (c->r.access != ACCESS_NONE)
		buf_printf(&b, ",\"who\":\"%d:%lld\"", (int)c->r.access,
			   (long long)session_who_id(&c->r));
	buf_puts(&b, "}\n");
	if (!b.overflow && write(2, b.p, b.len) < 0) {
		/* nowhere left to report a failed log write */
	}
	buf_release(&b);
}

/* ---- request building --------------------------------------------------------------------- */

static enum MHD_Result collect_kv(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	struct ctx *c = cls;
	struct kvlist *l = kind == MHD_GET_ARGUMENT_KIND ? &c->r.query : &c->r.cookies;

	kv_add(l, &c->arena, key, value ? value : "");
	return MHD_YES;
}

/* Ends the field being received and moves its value into r.form: a short value is copied
 * into the arena (the buffer is kept for the next field), a long one is handed over as is.
 * Running out of memory anywhere here sets no_memory (answered 500), never aborts. */
static void field_end(struct ctx *c)
{
	char *v;

	if (!c->field_key)
		return;
	if (c->field.overflow) {
		c->no_memory = 1;
		goto out;
	}
	if (!c->bad_field && !utf8_text_ok(c->field.p, c->field.len))
		c->bad_field = c->field_key;
	if (c->field.len < FIELD_SHORT) {
		const char *copy = arena_try_strndup(&c->arena, c->field.p, c->field.len);
		if (!copy || kv_try_add(&c->r.form, &c->arena, c->field_key, copy) != 0)
			c->no_memory = 1;
		buf_clear(&c->field);
		goto out;
	}
	if (c->nowned == c->capowned) {
		size_t cap = c->capowned ? c->capowned * 2 : 16;
		char **o = realloc(c->owned, cap * sizeof(*o));
		if (!o) {
			c->no_memory = 1;
			goto out;
		}
		c->owned = o;
		c->capowned = cap;
	}
	v = buf_detach(&c->field, NULL);
	if (!v) {
		c->no_memory = 1;
		goto out;
	}
	c->owned[c->nowned++] = v;
	if (kv_try_add(&c->r.form, &c->arena, c->field_key, v) != 0)
		c->no_memory = 1;
out:
	c->field_key = NULL;
}

/* Form fields can arrive in pieces; a piece with off > 0 continues the field being received. */
static enum MHD_Result collect_post(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *filename, const char *content_type,
				    const char *transfer_encoding, const char *data, uint64_t off,
				    size_t size)
{
	struct ctx *c = cls;

	if (!(off > 0 && c->field_key && !strcmp(c->field_key, key))) {
		field_end(c);
		c->field_key = arena_try_strndup(&c->arena, key, strlen(key));
		if (!c->field_key)
			c->no_memory = 1;
	}
	if (c->no_memory)
		return MHD_NO;
	if (size && buf_add(&c->field, data, size) < 0)
		c->no_memory = 1; /* the whole body fits max_body, so only memory can run out */
	return c->no_memory ? MHD_NO : MHD_YES;
}

/* A multipart part without a name (Content-Disposition: form-data, no name=) reaches the
 * collector with a NULL key: it is not a field, so it is left out. Each field costs some 80
 * bytes of bookkeeping whatever its size, so a body of many tiny fields ("k=v&k=v&...") would
 * take 25 times its size: past FORM_MAX_FIELDS fields (no form of the site comes near) the
 * request is answered 413 and the rest of the body is not parsed. */
static enum MHD_Result collect_post_named(void *cls, enum MHD_ValueKind kind, const char *key,
					  const char *filename, const char *content_type,
					  const char *transfer_encoding, const char *data,
					  uint64_t off, size_t size)
{
	struct ctx *c = cls;

	if (!key)
		return MHD_YES;
	if (off == 0 && ++c->nfields > FORM_MAX_FIELDS) {
		c->too_big = 1;
		return MHD_NO;
	}
	return collect_post(cls, kind, key, filename, content_type, transfer_encoding, data, off,
			    size);
}

/* libmicrohttpd hands us the path without its query; the query string is rebuilt, encoded,
 * from the parsed arguments (for links back to the same list, and the audit log). */
static const char *query_string(struct req *r)
{
	struct buf b = BUF_INIT(16 * 1024);
	const char *out;
	size_t i;

	for (i = 0; i < r->query.n; i++) {
		if (i)
			buf_putc(&b, '&');
		html_urlenc(&b, r->query.items[i].key);
		buf_putc(&b, '=');
		html_urlenc(&b, r->query.items[i].value);
	}
	out = b.overflow ? "" : arena_strdup(r->arena, b.p);
	buf_release(&b);
	return out;
}

static enum method parse_method(const char *m)
{
	static const struct {
		const char *name;
		enum method m;
	} t[] = { { "GET", M_GET },	   { "HEAD", M_HEAD },	 { "POST", M_POST },
		  { "PUT", M_PUT },	   { "PATCH", M_PATCH }, { "DELETE", M_DELETE },
		  { "OPTIONS", M_OPTIONS } };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(m, t[i].name))
			return t[i].m;
	return 0;
}

static void choose_lang(struct req *r, struct resp *w)
{
	const char *q = req_query(r, "lang"), *c = req_cookie(r, "lang");
	enum lang l;

	if (q && lang_parse(q, &l) == 0) {
		r->lang = l;
		r->lang_from_query = 1;
		if (!c || strcmp(c, lang_code(l)))
			resp_cookie(r, w, "lang", lang_code(l), 365L * 24 * 3600);
		return;
	}
	if (c && lang_parse(c, &l) == 0) {
		r->lang = l;
		return;
	}
	r->lang = lang_from_accept(req_header(r, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
}

static int access_allows(enum auth need, enum access have)
{
	switch (need) {
	case AUTH_NONE: return 1;
	case AUTH_LEARNER: return have == ACCESS_LEARNER;
	case AUTH_STAFF: return have >= ACCESS_AREA_VIEWER;
	case AUTH_AREA_ADMIN: return have >= ACCESS_AREA_ADMIN;
	case AUTH_STATE_ADMIN: return have == ACCESS_STATE_ADMIN;
	}
	return 0;
}

/* ---- text that is not text ---------------------------------------------------------------- */

/* 422 naming a field whose value is not UTF-8 text or holds a NUL byte. */
static void bad_text(struct req *r, struct resp *w, const char *field)
{
	const char *msg;

	if (!utf8_text_ok(field, strlen(field)) || strlen(field) > 64)
		field = "?";
	msg = tr_fmt(r->arena, r->lang,
		     "The field “%s” contains bytes that are not text (invalid UTF-8 or a "
		     "NUL character). Remove them and send it again.",
		     field);
	if (r->is_api) {
		json_t *f = json_object();
		json_object_set_new(f, field,
				    json_string(tr(r->lang, "This is not valid UTF-8 text, or it "
							    "contains a NUL character.")));
		resp_api_error(r, w, 422, "invalid", msg, f);
	} else {
		resp_error(r, w, 422, msg);
	}
}

/* A mark for a byte that is not UTF-8: U+FDD0, a noncharacter, which real text does not hold. */
static const char bad_mark[] = "\xEF\xB7\x90";

/* The path ("notes", "answers.county", "items[2]") of the first string in v that holds a NUL
 * or a bad_mark, or NULL. */
static const char *json_find_bad(struct arena *a, json_t *v, const char *path)
{
	const char *k, *found;
	json_t *x;
	size_t i;

	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		return strlen(s) != n || strstr(s, bad_mark) ? (*path ? path : "body") : NULL;
	}
	if (json_is_object(v)) {
		json_object_foreach(v, k, x)
		{
			const char *p = *path ? arena_printf(a, "%s.%s", path, k) : k;
			if (strstr(k, bad_mark))
				return p;
			if ((found = json_find_bad(a, x, p)) != NULL)
				return found;
		}
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
		{
			if ((found = json_find_bad(a, x, arena_printf(a, "%s[%zu]", path, i))) !=
			    NULL)
				return found;
		}
	}
	return NULL;
}

/* The field of a JSON body whose text is not text: a string with \u0000 in the parsed body,
 * or, when the body is not UTF-8 (so it did not parse), the string where its first bad byte
 * sits, found by parsing a copy with each bad byte marked. NULL when there is none. */
static const char *json_bad_text(struct req *r, json_t *parsed)
{
	struct buf b = BUF_INIT(r->body_len * 3 + 16);
	const char *found = NULL;
	size_t pos = 0, k;
	json_t *marked;

	if (parsed)
		return json_find_bad(r->arena, parsed, "");
	if (utf8_text_ok(r->body, r->body_len))
		return NULL;
	while (pos < r->body_len) {
		k = utf8_text_len(r->body + pos, r->body_len - pos);
		buf_add(&b, r->body + pos, k);
		pos += k;
		if (pos < r->body_len) {
			buf_puts(&b, bad_mark);
			pos++;
		}
	}
	marked = b.overflow ? NULL : json_loadb(b.p, b.len, JSON_ALLOW_NUL, NULL);
	if (marked) {
		found = json_find_bad(r->arena, marked, "");
		if (found)
			found = arena_strdup(r->arena, found); /* it may be a key of marked */
		json_decref(marked);
	}
	buf_release(&b);
	return found ? found : "body";
}

/* The route's policy as far as the headers tell: the route (404/405), the declared size (413),
 * identity and role (401/403, or a redirect to sign in). Runs when the headers arrive, so a
 * caller who may not use the route is answered before any of the body is read. Returns 1
 * when it answered. */
static int gate(struct ctx *c)
{
	struct req *r = &c->r;
	struct resp *w = &c->w;
	const struct route *rt = r->route;
	unsigned allowed = 0;

	if (!rt) {
		rt = router_match(r, r->path, &allowed); /* again, for 405's Allow */
		if (allowed) {
			resp_header(w, r, "Allow", router_allow_header(allowed, r->arena));
			resp_error(r, w, 405, NULL);
		} else {
			resp_error(r, w, 404, NULL);
		}
		return 1;
	}
	if (c->too_big) {
		resp_error(r, w, 413, NULL);
		return 1;
	}
	if (rt->flags & RF_TOKEN) {
		if (!session_bearer(r)) {
			resp_header(w, r, "WWW-Authenticate", "Bearer");
			resp_api_error(r, w, 401, "unauthorized",
				       "Send a valid API token: Authorization: Bearer <token>.",
				       NULL);
			return 1;
		}
	} else {
		session_load(r, w);
	}
	if (!access_allows(rt->auth, r->access)) {
		if (r->is_api || r->access != ACCESS_NONE) {
			if (r->is_api && r->access == ACCESS_NONE)
				resp_api_error(r, w, 401, "unauthorized", "Sign in first.", NULL);
			else
				resp_error(r, w, 403, NULL);
		} else {
			const char *login = rt->auth == AUTH_LEARNER ? "/login" : "/admin/login";
			struct buf b = BUF_INIT(4096);
			html_urlenc(&b, r->raw_path);
			resp_redirect(r, w, arena_printf(r->arena, "%s?next=%s", login, b.p));
			buf_release(&b);
		}
		return 1;
	}
	return 0;
}

/* The rest of the policy, once the body is in, then the handler. */
static void dispatch(struct ctx *c, struct MHD_Connection *conn)
{
	struct req *r = &c->r;
	struct resp *w = &c->w;
	const struct route *rt = r->route;
	size_t i;

	if (c->too_big) { /* a chunked body that passed the limit */
		resp_error(r, w, 413, NULL);
		return;
	}
	if (c->no_memory) {
		resp_error(r, w, 500, NULL);
		return;
	}
	if ((rt->flags & RF_CSRF) && r->method != M_GET && r->method != M_HEAD &&
	    !session_csrf_ok(r)) {
		resp_error(r, w, 403,
			   T(r, "This form has expired or did not come from this site. Reload the "
				"page and send it again."));
		return;
	}
	if (c->bad_field) {
		bad_text(r, w, c->bad_field);
		return;
	}
	for (i = 0; i < r->query.n; i++)
		if (!utf8_text_ok(r->query.items[i].value, strlen(r->query.items[i].value))) {
			bad_text(r, w, r->query.items[i].key);
			return;
		}
	if (rt->flags & RF_JSON && r->body_len) {
		json_error_t err;
		const char *bad;
		if (strncasecmp(r->content_type, "application/json", 16)) {
			resp_api_error(r, w, 415, NULL, "Send the body as application/json.", NULL);
			return;
		}
		r->json = json_loadb(r->body, r->body_len, JSON_ALLOW_NUL, &err);
		if ((bad = json_bad_text(r, r->json)) != NULL) {
			bad_text(r, w, bad);
			return;
		}
		if (!r->json) {
			resp_api_error(r, w, 400, "bad_json",
				       arena_printf(r->arena,
						    "The JSON body is not valid: %s (line %d).",
						    err.text, err.line),
				       NULL);
			return;
		}
	}
	if ((rt->flags & RF_CSV) && strncasecmp(r->content_type, "text/csv", 8)) {
		resp_api_error(r, w, 415, NULL, "Send the file as text/csv.", NULL);
		return;
	}
	if (rt->fn(r, w) != 0 && w->status < 400)
		resp_error(r, w, 500, NULL);
	if (w->status == 500 && server_store_unavailable()) {
		/* not a fault of the request or the program: the database is out of reach */
		resp_error(r, w, 503, NULL);
		resp_header(w, r, "Retry-After", "5");
	}
	(void)conn;
}

static int (*store_unavailable)(void);

void server_set_store_check(int (*unavailable)(void))
{
	store_unavailable = unavailable;
}

int server_store_unavailable(void)
{
	return store_unavailable && store_unavailable();
}

/* ---- responses ---------------------------------------------------------------------------- */

static int is_text(const char *ct)
{
	return ct && (!strncmp(ct, "text/", 5) || !strncmp(ct, "application/json", 16) ||
		      !strncmp(ct, "image/svg", 9) || !strncmp(ct, "application/javascript", 22));
}

static int accepts_gzip(struct MHD_Connection *conn)
{
	const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
	return ae && strstr(ae, "gzip");
}

/* gzip into a new malloc'd block; NULL when it does not pay. */
static unsigned char *gzip(const unsigned char *in, size_t len, size_t *out_len)
{
	z_stream z;
	unsigned char *out;
	size_t cap = compressBound((uLong)len) + 32;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	out = malloc(cap);
	if (!out) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out >= len) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			  "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
			  "object-src 'none'";

static enum MHD_Result send_response(struct ctx *c, struct MHD_Connection *conn)
{
	struct resp *w = &c->w;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	const unsigned char *data;
	size_t len, i;
	int gz = 0;

	if (!w->status)
		w->status = 200;
	if (w->static_data) {
		data = w->static_data;
		len = w->static_len;
	} else {
		data = (const unsigned char *)w->body.p;
		len = w->body.len;
	}
	if (len > 1024 && is_text(w->content_type) && accepts_gzip(conn) && w->status != 304) {
		size_t zlen;
		unsigned char *z = gzip(data, len, &zlen);
		if (z) {
			resp = MHD_create_response_from_buffer(zlen, z, MHD_RESPMEM_MUST_FREE);
			len = zlen;
			gz = 1;
		} else {
			resp = MHD_create_response_from_buffer(len, (void *)data,
							       MHD_RESPMEM_MUST_COPY);
		}
	} else if (w->static_data) {
		resp = MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
	} else {
		char *p = buf_detach(&w->body, NULL);
		resp = MHD_create_response_from_buffer(len, p, MHD_RESPMEM_MUST_FREE);
	}
	if (!resp)
		return MHD_NO;
	if (gz)
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	if (is_text(w->content_type))
		MHD_add_response_header(resp, "Vary", "Accept-Encoding, Accept-Language, Cookie");
	if (w->content_type)
		MHD_add_response_header(resp, "Content-Type", w->content_type);
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
				"camera=(), microphone=(), geolocation=(), payment=(), usb=()");
	if (!strncmp(http_base_url(), "https:", 6))
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	for (i = 0; i < w->headers.n; i++)
		MHD_add_response_header(resp, w->headers.items[i].key, w->headers.items[i].value);
	if (!w->static_data && !kv_get(&w->headers, "Cache-Control"))
		MHD_add_response_header(resp, "Cache-Control",
					w->no_store || c->r.access != ACCESS_NONE ? "no-store"
										  : "no-cache");
	ret = MHD_queue_response(conn, (unsigned)w->status, resp);
	MHD_destroy_response(resp);
	access_log(c, w->status, len, now_ns() - c->r.started_ns);
	metrics_observe(c->r.route, w->status, now_ns() - c->r.started_ns);
	return ret;
}

/* ---- libmicrohttpd callbacks -------------------------------------------------------------- */

static int has_body(struct MHD_Connection *conn)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");

	return (cl && strtoull(cl, NULL, 10) > 0) ||
	       MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
}

struct joined {
	struct arena *arena;
	const char *list;
};

static enum MHD_Result join_forwarded_for(void *cls, enum MHD_ValueKind kind, const char *key,
					  const char *value)
{
	struct joined *j = cls;
	(void)kind;

	if (!strcasecmp(key, "X-Forwarded-For") && value)
		j->list = j->list ? arena_printf(j->arena, "%s,%s", j->list, value)
				  : arena_strdup(j->arena, value);
	return MHD_YES;
}

/* Every X-Forwarded-For header of the request as one list, in the order sent (a proxy may add
 * its own header after the client's), or NULL. */
static const char *forwarded_for(struct ctx *c)
{
	struct joined j = { &c->arena, NULL };

	MHD_get_connection_values(c->r.conn, MHD_HEADER_KIND, join_forwarded_for, &j);
	return j.list;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version, const char *upload,
				 size_t *upload_size, void **con_cls)
{
	struct ctx *c = *con_cls;
	(void)cls;
	(void)version;

	if (!c) {
		const union MHD_ConnectionInfo *ci;
		const char *cl;
		unsigned allowed;
		char ip[64] = "";

		c = calloc(1, sizeof(*c));
		if (!c)
			return MHD_NO;
		atomic_fetch_add(&m_inflight, 1);
		c->counted = 1;
		*con_cls = c;
		arena_init(&c->arena);
		buf_init(&c->w.body, MAX_RESPONSE);
		c->r.arena = &c->arena;
		c->r.started_ns = now_ns();
		c->r.conn = conn;
		c->r.method_name = arena_strdup(&c->arena, method);
		c->r.method = parse_method(method);
		c->r.path = arena_strdup(&c->arena, url);
		c->r.raw_path = c->r.path;
		c->r.is_api = !strncmp(url, "/api/", 5);
		c->r.content_type =
			MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
		if (!c->r.content_type)
			c->r.content_type = "";
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr) {
			const struct sockaddr *sa = ci->client_addr;
			if (sa->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip,
					  sizeof(ip));
			else if (sa->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
					  ip, sizeof(ip));
		}
		if (proxy_trusted(ip)) {
			char client[64];
			c->r.forwarded =
				proxy_client_addr(ip, forwarded_for(c), client, sizeof(client));
			c->r.remote_addr = arena_strdup(&c->arena, client);
			if (c->r.forwarded)
				c->peer = arena_strdup(&c->arena, ip);
		} else {
			c->r.remote_addr = arena_strdup(&c->arena, ip);
		}
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_kv, c);
		MHD_get_connection_values(conn, MHD_COOKIE_KIND, collect_kv, c);
		c->r.query_string = query_string(&c->r);
		c->r.route = c->r.method ? router_match(&c->r, c->r.path, &allowed) : NULL;
		c->max_body = c->r.route && c->r.route->max_body ? c->r.route->max_body
								 : DEFAULT_MAX_BODY;
		buf_init(&c->body, c->max_body);
		buf_init(&c->field, c->max_body);
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > c->max_body)
			c->too_big = 1;
		if (c->r.route && !c->too_big &&
		    (!strncasecmp(c->r.content_type, "application/x-www-form-urlencoded", 33) ||
		     !strncasecmp(c->r.content_type, "multipart/form-data", 19)))
			c->pp = MHD_create_post_processor(conn, 16 * 1024, collect_post_named, c);
		choose_lang(&c->r, &c->w);
		c->answered = gate(c);
		/* A refused request with a body is answered now: libmicrohttpd then reads none of
		 * the body and closes the connection after the answer. Without a body the answer
		 * waits for the last call, which keeps the connection alive. */
		if (c->answered && has_body(conn)) {
			c->sent = 1;
			return send_response(c, conn);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!c->too_big && !c->answered) {
			if (c->body.len + *upload_size > c->max_body) {
				c->too_big = 1;
			} else if (c->pp) {
				c->body.len += *upload_size; /* counted, not kept */
				if (!c->no_memory)
					MHD_post_process(c->pp, upload, *upload_size);
			} else if (buf_add(&c->body, upload, *upload_size) < 0) {
				c->no_memory = 1;
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (c->sent)
		return MHD_YES;
	c->sent = 1;
	if (!c->answered) {
		field_end(c);
		c->r.body = c->pp ? "" : c->body.p;
		c->r.body_len = c->pp ? 0 : c->body.len;
		dispatch(c, conn);
	}
	return send_response(c, conn);
}

static void request_done(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct ctx *c = *con_cls;
	(void)cls;
	(void)conn;
	(void)toe;

	if (!c)
		return;
	if (c->pp)
		MHD_destroy_post_processor(c->pp);
	if (c->r.json)
		json_decref(c->r.json);
	buf_release(&c->body);
	buf_release(&c->field);
	while (c->nowned)
		free(c->owned[--c->nowned]);
	free(c->owned);
	buf_release(&c->w.body);
	arena_release(&c->arena);
	if (c->counted)
		atomic_fetch_sub(&m_inflight, 1);
	free(c);
	*con_cls = NULL;
}

/* Decodes %XX escapes in the URL and its arguments, except %00: a NUL would cut the path
 * short inside C strings (so "/static/a.css%00.txt" would become "/static/a.css"); left
 * encoded, such a path simply matches nothing. */
static size_t unescape_cb(void *cls, struct MHD_Connection *conn, char *s)
{
	char *in = s, *out = s;
	(void)cls;
	(void)conn;

	while (*in) {
		if (in[0] == '%' && isxdigit((unsigned char)in[1]) &&
		    isxdigit((unsigned char)in[2]) && !(in[1] == '0' && in[2] == '0')) {
			char hex[3] = { in[1], in[2], 0 };
			*out++ = (char)strtol(hex, NULL, 16);
			in += 3;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
	return (size_t)(out - s);
}

static void log_cb(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("skillgate: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

struct MHD_Daemon *server_start_unlistened(void)
{
	return MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC, 0, NULL,
		NULL, access_cb, NULL, MHD_OPTION_EXTERNAL_LOGGER, log_cb, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape_cb, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL, MHD_OPTION_END);
}

int server_run(const char *listen, int threads)
{
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	char host[64];
	const char *colon = strrchr(listen, ':');
	sigset_t set;
	int sig, i;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof(host)) {
		fprintf(stderr,
			"skillgate: --listen wants ADDRESS:PORT, e.g. 127.0.0.1:8080, not '%s'\n",
			listen);
		return -1;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa.sin_addr) != 1) {
		fprintf(stderr, "skillgate: '%s' is not an IPv4 address\n", host);
		return -1;
	}
	sa.sin_port = htons((uint16_t)atoi(colon + 1));

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* threads started below inherit the mask */

	d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG,
		0, NULL, NULL, access_cb, NULL, MHD_OPTION_EXTERNAL_LOGGER, log_cb, NULL,
		MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_UNESCAPE_CALLBACK, unescape_cb, NULL,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)4000, MHD_OPTION_LISTEN_BACKLOG_SIZE,
		(unsigned)1024, MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "skillgate: cannot listen on %s: %s (is the port in use?)\n",
			listen, strerror(errno));
		return -1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("skillgate listening on http://%s:%u\n", host[0] ? host : "0.0.0.0",
	       info ? info->port : 0);
	fflush(stdout);

	sigdelset(&set, SIGPIPE);
	sigwait(&set, &sig);
	fprintf(stderr, "skillgate: %s received, finishing requests in flight\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_quiesce_daemon(d); /* stop accepting; connections in progress go on */
	for (i = 0; i < 300 && atomic_load(&m_inflight) > 0; i++)
		usleep(10000);
	MHD_stop_daemon(d);
	return 0;
}
