/* test_http.c - the request accessors and response builders that work without a connection
 * (web/http.h): key/value lists, query/form/cookie/param lookups, cookies, redirects, JSON
 * responses and error pages in both languages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/config.h"
#include "db/db.h"
#include "web/http.h"
#include "web/layout.h"
#include "testdb.h"

struct fixture {
	struct arena a;
	struct req r;
	struct resp w;
};

static int fx_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	arena_init(&f->a);
	f->r.arena = &f->a;
	f->r.method = M_GET;
	f->r.path = "/";
	f->r.raw_path = "/";
	f->r.query_string = "";
	f->r.content_type = "";
	f->r.body = "";
	buf_init(&f->w.body, 1 << 20);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fixture *f = *state;

	buf_release(&f->w.body);
	arena_release(&f->a);
	free(f);
	return 0;
}

/* The value of the n-th header called name (0 = first), or NULL. */
static const char *header(const struct resp *w, const char *name, size_t nth)
{
	size_t i;

	for (i = 0; i < w->headers.n; i++)
		if (!strcmp(w->headers.items[i].key, name) && nth-- == 0)
			return w->headers.items[i].value;
	return NULL;
}

/* ---- key/value lists and lookups ------------------------------------------------------------- */

static void test_kvlist(void **state)
{
	struct fixture *f = *state;
	struct kvlist l = { 0 };
	char key[16], val[16];
	int i;

	assert_null(kv_get(&l, "anything"));
	kv_add(&l, &f->a, "a", "1");
	kv_add(&l, &f->a, "empty", "");
	kv_add(&l, &f->a, "a", "2"); /* repeated: the first wins */
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "empty"), "");
	assert_null(kv_get(&l, "A"));
	assert_null(kv_get(&l, ""));
	/* growing past the first allocation keeps every pair */
	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(val, sizeof(val), "v%d", i);
		kv_add(&l, &f->a, arena_strdup(&f->a, key), arena_strdup(&f->a, val));
	}
	assert_int_equal(l.n, 103);
	assert_true(l.cap >= l.n);
	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(val, sizeof(val), "v%d", i);
		assert_string_equal(kv_get(&l, key), val);
	}
	assert_string_equal(kv_get(&l, "a"), "1");
}

static void test_request_lookups(void **state)
{
	struct fixture *f = *state;
	struct req *r = &f->r;
	const char *vals[4];

	kv_add(&r->query, &f->a, "q", "data science");
	kv_add(&r->query, &f->a, "region", "capital-region");
	kv_add(&r->query, &f->a, "region", "western-new-york");
	kv_add(&r->query, &f->a, "region", "long-island");
	kv_add(&r->form, &f->a, "email", "ana@example.com");
	kv_add(&r->cookies, &f->a, "lang", "es");
	kv_add(&r->params, &f->a, "slug", "python-basics");

	assert_string_equal(req_query(r, "q"), "data science");
	assert_string_equal(req_query(r, "region"), "capital-region");
	assert_null(req_query(r, "email")); /* each list is its own */
	assert_string_equal(req_form(r, "email"), "ana@example.com");
	assert_null(req_form(r, "q"));
	assert_string_equal(req_cookie(r, "lang"), "es");
	assert_null(req_cookie(r, "sg_session"));
	assert_string_equal(req_param(r, "slug"), "python-basics");
	assert_null(req_param(r, "id"));
	assert_null(req_header(r, "Host")); /* no connection: no headers */

	assert_int_equal(req_query_all(r, "region", vals, 4), 3);
	assert_string_equal(vals[0], "capital-region");
	assert_string_equal(vals[1], "western-new-york");
	assert_string_equal(vals[2], "long-island");
	assert_int_equal(req_query_all(r, "region", vals, 2), 2); /* fills up to max */
	assert_string_equal(vals[1], "western-new-york");
	assert_int_equal(req_query_all(r, "none", vals, 4), 0);
	assert_int_equal(req_query_all(r, "q", vals, 0), 0);
}

/* ---- cookies --------------------------------------------------------------------------------- */

static void test_cookies(void **state)
{
	struct fixture *f = *state;

	resp_cookie(&f->r, &f->w, "lang", "es", 3600);
	resp_cookie(&f->r, &f->w, "sg_session", "abc", -1);
	resp_cookie(&f->r, &f->w, "old", "", 0);
	assert_string_equal(header(&f->w, "Set-Cookie", 0),
			    "lang=es; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");
	assert_string_equal(header(&f->w, "Set-Cookie", 1),
			    "sg_session=abc; Path=/; HttpOnly; SameSite=Lax");
	assert_string_equal(header(&f->w, "Set-Cookie", 2),
			    "old=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");

	http_set_base_url("https://coursera.labor.ny.gov");
	resp_cookie(&f->r, &f->w, "sg_session", "abc", -1);
	http_set_base_url("http://127.0.0.1:8080");
	assert_string_equal(header(&f->w, "Set-Cookie", 3),
			    "sg_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
}

/* ---- redirects ------------------------------------------------------------------------------- */

static const char *redirect(struct fixture *f, enum method m, const char *to)
{
	f->w.headers.n = 0;
	f->r.method = m;
	f->w.status = 0;
	buf_clear(&f->w.body);
	buf_puts(&f->w.body, "leftover");
	assert_int_equal(resp_redirect(&f->r, &f->w, to), 0);
	assert_int_equal(f->w.body.len, 0);
	return header(&f->w, "Location", 0);
}

static void test_redirect_status(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(redirect(f, M_POST, "/signup/done"), "/signup/done");
	assert_int_equal(f->w.status, 303);
	assert_string_equal(redirect(f, M_GET, "/faq?lang=es"), "/faq?lang=es");
	assert_int_equal(f->w.status, 302);
	assert_string_equal(redirect(f, M_HEAD, "/"), "/");
	assert_int_equal(f->w.status, 302);
}

static void test_redirect_stays_on_site(void **state)
{
	static const char *const away[] = {
		"https://evil.example/",
		"//evil.example/",
		"/\\evil.example/",
		"\\\\evil.example",
		"javascript:alert(1)",
		"evil.example",
		"",
		NULL,
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(away) / sizeof(away[0]); i++)
		assert_string_equal(redirect(f, M_POST, away[i]), "/");
}

/* Browsers remove tabs and newlines from URLs before resolving them, so "/\t/evil.example"
 * means "//evil.example": another site. A decoded ?next=/%09/evil.example would arrive so.
 * And CR/LF must never reach a header. */
static void test_redirect_control_characters(void **state)
{
	static const char *const away[] = {
		"/\t/evil.example/",
		"/\n/evil.example/",
		"/\r/evil.example/",
		"/\r\nSet-Cookie: sg_session=x",
		"/ok\r\nLocation: https://evil.example/",
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(away) / sizeof(away[0]); i++) {
		const char *got = redirect(f, M_POST, away[i]);
		if (strpbrk(got, "\t\r\n"))
			fail_msg("redirect to \"%s\" kept a control character in Location",
				 away[i]);
	}
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static void test_json_response(void **state)
{
	struct fixture *f = *state;

	buf_puts(&f->w.body, "old");
	resp_json(&f->r, &f->w, 201, json_pack("{s:i, s:s}", "id", 7, "name", "<Ana> \"A\""));
	assert_int_equal(f->w.status, 201);
	assert_string_equal(f->w.content_type, "application/json");
	assert_string_equal(f->w.body.p, "{\"id\":7,\"name\":\"<Ana> \\\"A\\\"\"}");
}

static void test_api_errors(void **state)
{
	struct fixture *f = *state;
	json_t *v;
	json_error_t err;

	f->r.is_api = 1;
	f->r.lang = LANG_ES; /* the API speaks English whatever the visitor's language */
	resp_error(&f->r, &f->w, 404, NULL);
	assert_int_equal(f->w.status, 404);
	assert_string_equal(f->w.content_type, "application/json");
	v = json_loads(f->w.body.p, 0, &err);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "error"), "code")),
			    "not_found");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(v, "error"), "message")),
		"Page not found");
	json_decref(v);

	resp_api_error(&f->r, &f->w, 422, "invalid_fields", "Check the fields.",
		       json_pack("{s:s}", "email", "Enter an e-mail address."));
	assert_int_equal(f->w.status, 422);
	v = json_loads(f->w.body.p, 0, &err);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "error"), "code")),
			    "invalid_fields");
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(json_object_get(v, "error"), "fields"), "email")),
		"Enter an e-mail address.");
	json_decref(v);

	/* every documented status has its code */
	{
		static const struct {
			int status;
			const char *code;
		} codes[] = { { 400, "bad_request" }, { 401, "unauthorized" },
			      { 403, "forbidden" },   { 405, "method_not_allowed" },
			      { 413, "too_large" },   { 415, "unsupported_media_type" },
			      { 422, "invalid" },     { 429, "rate_limited" },
			      { 500, "internal" } };
		size_t i;
		for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
			resp_api_error(&f->r, &f->w, codes[i].status, NULL, NULL, NULL);
			v = json_loads(f->w.body.p, 0, &err);
			assert_non_null(v);
			assert_string_equal(json_string_value(json_object_get(
						    json_object_get(v, "error"), "code")),
					    codes[i].code);
			assert_true(strlen(json_string_value(json_object_get(
					    json_object_get(v, "error"), "message"))) > 5);
			json_decref(v);
		}
	}
}

static void test_text_response(void **state)
{
	struct fixture *f = *state;

	resp_text(&f->r, &f->w, 200, TEXT_PLAIN, "ok\0more", 7);
	assert_int_equal(f->w.status, 200);
	assert_string_equal(f->w.content_type, "text/plain; charset=utf-8");
	assert_int_equal(f->w.body.len, 7);
	assert_memory_equal(f->w.body.p, "ok\0more", 7);
}

/* ---- HTML error pages (need the settings table for the program name) ------------------------- */

static char dbfile[TESTDB_PATH_MAX];

static int db_setup(void **state)
{
	if (testdb_make(dbfile, sizeof(dbfile), "test_http") != 0)
		return -1;
	if (db_open(dbfile, 0) != 0 || db_migrate(db_get()) != 0)
		return -1;
	return fx_setup(state);
}

static int db_teardown(void **state)
{
	fx_teardown(state);
	testdb_remove(dbfile);
	return 0;
}

static void test_html_error_pages(void **state)
{
	struct fixture *f = *state;
	const char *body;

	f->r.lang = LANG_EN;
	resp_error(&f->r, &f->w, 404, NULL);
	body = f->w.body.p;
	assert_int_equal(f->w.status, 404);
	assert_string_equal(f->w.content_type, "text/html; charset=utf-8");
	assert_non_null(strstr(body, "<html lang=\"en\">"));
	assert_non_null(strstr(body, "<h1>Page not found</h1>"));
	assert_non_null(strstr(body, "href=\"/help\""));
	assert_non_null(strstr(body, "</html>"));

	/* Spanish, with a hostile message */
	buf_clear(&f->w.body);
	f->r.lang = LANG_ES;
	resp_error(&f->r, &f->w, 403, "<script>alert(1)</script>");
	body = f->w.body.p;
	assert_int_equal(f->w.status, 403);
	assert_non_null(strstr(body, "<html lang=\"es\">"));
	assert_non_null(strstr(body, "<h1>No puedes hacer eso aquí</h1>"));
	assert_null(strstr(body, "<script>"));
	assert_non_null(strstr(body, "&lt;script&gt;alert(1)&lt;/script&gt;"));

	/* an error replaces whatever the handler had written */
	buf_clear(&f->w.body);
	buf_puts(&f->w.body, "half a page");
	resp_error(&f->r, &f->w, 500, NULL);
	assert_null(strstr(f->w.body.p, "half a page"));
	assert_int_equal(strncmp(f->w.body.p, "<!DOCTYPE html>", 15), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kvlist, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_request_lookups, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cookies, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_redirect_status, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_redirect_stays_on_site, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_redirect_control_characters, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_json_response, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_api_errors, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_text_response, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_html_error_pages, db_setup, db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
