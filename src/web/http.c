/* http.c - request accessors and response builders (http.h). */
#include "web/http.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *base_url = "http://127.0.0.1:8080";

void http_set_base_url(const char *url)
{
	base_url = url;
}

const char *http_base_url(void)
{
	return base_url;
}

const char *kv_get(const struct kvlist *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->items[i].key, key))
			return l->items[i].value;
	return NULL;
}

int kv_try_add(struct kvlist *l, struct arena *a, const char *key, const char *value)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct kv *items = arena_try_alloc(a, cap * sizeof(*items));
		if (!items)
			return -1;
		if (l->n)
			memcpy(items, l->items, l->n * sizeof(*items));
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n].key = key;
	l->items[l->n].value = value;
	l->n++;
	return 0;
}

void kv_add(struct kvlist *l, struct arena *a, const char *key, const char *value)
{
	if (kv_try_add(l, a, key, value) != 0) {
		fputs("skillgate: out of memory\n", stderr);
		abort();
	}
}

const char *req_header(struct req *r, const char *name)
{
	if (!r->conn)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_param(struct req *r, const char *name)
{
	return kv_get(&r->params, name);
}

const char *req_query(struct req *r, const char *name)
{
	return kv_get(&r->query, name);
}

const char *req_form(struct req *r, const char *name)
{
	return kv_get(&r->form, name);
}

const char *req_cookie(struct req *r, const char *name)
{
	return kv_get(&r->cookies, name);
}

size_t req_query_all(struct req *r, const char *name, const char **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < r->query.n; i++)
		if (!strcmp(r->query.items[i].key, name)) {
			if (n < max)
				out[n] = r->query.items[i].value;
			n++;
		}
	return n < max ? n : max;
}

void resp_header(struct resp *w, struct req *r, const char *name, const char *value)
{
	kv_add(&w->headers, r->arena, name, value);
}

void resp_cookie(struct req *r, struct resp *w, const char *name, const char *value, long max_age)
{
	char *c;
	int secure = !strncmp(http_base_url(), "https:", 6);

	if (max_age >= 0)
		c = arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
				 name, value, max_age, secure ? "; Secure" : "");
	else
		c = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
				 secure ? "; Secure" : "");
	resp_header(w, r, "Set-Cookie", c);
}

/* Only local paths: an open redirect would let a link on another site send people anywhere. */
int resp_redirect(struct req *r, struct resp *w, const char *location)
{
	const char *p;

	if (!location || location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/";
	/* Browsers drop tabs and newlines in URLs ("/\t/evil" becomes "//evil"), and a
	 * backslash reads as a slash: none of them belongs in a local path. */
	for (p = location; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\') {
			location = "/";
			break;
		}
	w->status = r->method == M_GET || r->method == M_HEAD ? 302 : 303;
	resp_header(w, r, "Location", location);
	buf_clear(&w->body);
	return 0;
}

int resp_json(struct req *r, struct resp *w, int status, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT);

	json_decref(v);
	w->status = status;
	w->content_type = "application/json";
	buf_clear(&w->body);
	if (s) {
		buf_puts(&w->body, s);
		free(s);
	}
	return 0;
}

int resp_text(struct req *r, struct resp *w, int status, enum text_type type, const char *text,
	      size_t len)
{
	(void)r;
	w->status = status;
	w->content_type =
		type == TEXT_CSV ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8";
	buf_clear(&w->body);
	buf_add(&w->body, text, len);
	return 0;
}

static const char *status_code(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "too_large";
	case 415: return "unsupported_media_type";
	case 422: return "invalid";
	case 429: return "rate_limited";
	case 503: return "unavailable";
	default: return "internal";
	}
}

const char *http_status_title(int status)
{
	switch (status) {
	case 400: return N_("The request could not be understood");
	case 401: return N_("Please sign in");
	case 403: return N_("You cannot do that here");
	case 404: return N_("Page not found");
	case 405: return N_("That action is not available here");
	case 409: return N_("That conflicts with what is already recorded");
	case 413: return N_("What you sent is too large");
	case 415: return N_("That type of content is not accepted here");
	case 422: return N_("Some information needs to be corrected");
	case 429: return N_("Too many requests");
	case 503: return N_("The service is busy");
	default: return N_("Something went wrong on our side");
	}
}

int resp_import(struct req *r, struct resp *w, int refused, json_t *counts)
{
	json_t *e;

	if (!refused)
		return resp_json(r, w, 200, counts);
	e = json_pack("{s:{s:s, s:s}}", "error", "code", "invalid_lines", "message",
		      "Some lines have errors, so nothing was imported. Fix them, or send "
		      "partial=1 to import the good lines.");
	json_object_update(e, counts);
	json_decref(counts);
	return resp_json(r, w, 422, e);
}

int resp_api_error(struct req *r, struct resp *w, int status, const char *code, const char *message,
		   json_t *fields)
{
	json_t *err = json_pack("{s:s, s:s}", "code", code ? code : status_code(status), "message",
				message ? message : tr(LANG_EN, http_status_title(status)));

	if (fields)
		json_object_set_new(err, "fields", fields);
	return resp_json(r, w, status, json_pack("{s:o}", "error", err));
}
