/* test_router.c - path patterns, method matching and the real route table (web/router.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/config.h"
#include "web/router.h"

static struct arena a;

static int arena_setup(void **state)
{
	(void)state;
	arena_init(&a);
	return 0;
}

static int arena_teardown(void **state)
{
	(void)state;
	arena_release(&a);
	return 0;
}

/* Matches and returns the params (in the test arena); *ok is the match result. */
static struct kvlist match(const char *pattern, const char *path, int *ok)
{
	struct kvlist params = { 0 };

	*ok = router_pattern_match(pattern, path, &params, &a);
	return params;
}

static void assert_match(const char *pattern, const char *path)
{
	int ok;

	match(pattern, path, &ok);
	if (ok != 1)
		fail_msg("\"%s\" should match \"%s\"", pattern, path);
}

static void assert_no_match(const char *pattern, const char *path)
{
	int ok;

	match(pattern, path, &ok);
	if (ok != 0)
		fail_msg("\"%s\" should not match \"%s\"", pattern, path);
}

static void test_exact_paths(void **state)
{
	(void)state;
	assert_match("/", "/");
	assert_match("/faq", "/faq");
	assert_match("/admin/learners", "/admin/learners");
	assert_no_match("/", "");
	assert_no_match("/", "/faq");
	assert_no_match("/faq", "/faq/");
	assert_no_match("/faq", "/fa");
	assert_no_match("/faq", "/faqs");
	assert_no_match("/faq", "/FAQ");
	assert_no_match("/faq", "");
	assert_no_match("/faq", "faq");
	assert_no_match("/admin/learners", "/admin");
}

static void test_named_parameters(void **state)
{
	struct kvlist p;
	int ok;

	(void)state;
	p = match("/programs/{slug}", "/programs/data-science", &ok);
	assert_int_equal(ok, 1);
	assert_int_equal(p.n, 1);
	assert_string_equal(kv_get(&p, "slug"), "data-science");

	p = match("/a/{x}/b/{y}", "/a/1/b/two", &ok);
	assert_int_equal(ok, 1);
	assert_string_equal(kv_get(&p, "x"), "1");
	assert_string_equal(kv_get(&p, "y"), "two");

	/* a parameter is one whole, non-empty segment */
	assert_no_match("/programs/{slug}", "/programs/");
	assert_no_match("/programs/{slug}", "/programs");
	assert_no_match("/programs/{slug}", "/programs/a/b");
	assert_no_match("/programs/{slug}/edit", "/programs/x/delete");
	assert_no_match("/programs/{slug}/edit", "/programs//edit");
	assert_match("/programs/{slug}/edit", "/programs/x/edit");

	/* characters that are not slashes are captured as they are (the path is decoded) */
	p = match("/u/{name}", "/u/<b>&\"é x", &ok);
	assert_int_equal(ok, 1);
	assert_string_equal(kv_get(&p, "name"), "<b>&\"é x");

	/* a pattern with an unclosed brace matches nothing */
	assert_no_match("/x/{id", "/x/5");
}

static void test_rest_of_path(void **state)
{
	struct kvlist p;
	int ok;

	(void)state;
	p = match("/static/*", "/static/style.css", &ok);
	assert_int_equal(ok, 1);
	assert_string_equal(kv_get(&p, "*"), "style.css");
	p = match("/static/*", "/static/img/logo.svg", &ok);
	assert_int_equal(ok, 1);
	assert_string_equal(kv_get(&p, "*"), "img/logo.svg");
	p = match("/static/*", "/static/", &ok);
	assert_int_equal(ok, 1);
	assert_string_equal(kv_get(&p, "*"), "");
	assert_no_match("/static/*", "/static");
	assert_no_match("/static/*", "/staticx/a.css");
	assert_no_match("/static/*", "/Static/a.css");
	assert_no_match("/static/*", "/");

	p = match("/api/{v}/*", "/api/v1/learners/7", &ok);
	assert_int_equal(ok, 1);
	assert_string_equal(kv_get(&p, "v"), "v1");
	assert_string_equal(kv_get(&p, "*"), "learners/7");
}

/* ---- router_match on the real table ---------------------------------------------------------- */

static const struct route *route_for(enum method m, const char *path, unsigned *allowed,
				     struct req *r)
{
	memset(r, 0, sizeof(*r));
	r->arena = &a;
	r->method = m;
	return router_match(r, path, allowed);
}

static void test_real_table(void **state)
{
	const struct route *rt;
	unsigned allowed;
	struct req r;

	(void)state;
	rt = route_for(M_GET, "/", &allowed, &r);
	assert_non_null(rt);
	assert_string_equal(rt->name, "home");

	rt = route_for(M_GET, "/static/style.css", &allowed, &r);
	assert_non_null(rt);
	assert_string_equal(rt->name, "static");
	assert_string_equal(req_param(&r, "*"), "style.css");

	rt = route_for(M_GET, "/faq", &allowed, &r);
	assert_non_null(rt);
	assert_string_equal(rt->name, "faq");
	assert_int_equal(r.params.n, 0);

	rt = route_for(M_GET, "/healthz", &allowed, &r);
	assert_non_null(rt);
	assert_string_equal(rt->name, "healthz");
	assert_true(rt->flags & RF_NOLOG);

	rt = route_for(M_POST, "/lang", &allowed, &r);
	assert_non_null(rt);
	assert_string_equal(rt->name, "lang");
	assert_true(rt->flags & RF_CSRF);
}

static void test_head_matches_get(void **state)
{
	const struct route *rt;
	unsigned allowed;
	struct req r;

	(void)state;
	rt = route_for(M_HEAD, "/", &allowed, &r);
	assert_non_null(rt);
	assert_string_equal(rt->name, "home");
	rt = route_for(M_HEAD, "/static/style.css", &allowed, &r);
	assert_non_null(rt);
	assert_string_equal(req_param(&r, "*"), "style.css");
	/* but not a POST-only route */
	rt = route_for(M_HEAD, "/lang", &allowed, &r);
	assert_null(rt);
	assert_int_equal(allowed, M_POST);
}

static void test_no_match_and_405(void **state)
{
	const struct route *rt;
	unsigned allowed;
	struct req r;

	(void)state;
	rt = route_for(M_GET, "/no/such/page", &allowed, &r);
	assert_null(rt);
	assert_int_equal(allowed, 0); /* 404 */
	rt = route_for(M_GET, "/static", &allowed, &r);
	assert_null(rt);
	assert_int_equal(allowed, 0);
	rt = route_for(M_GET, "/faq/", &allowed, &r);
	assert_null(rt);
	assert_int_equal(allowed, 0);

	rt = route_for(M_POST, "/faq", &allowed, &r); /* 405, Allow: GET, HEAD */
	assert_null(rt);
	assert_int_equal(allowed, M_GET);
	assert_string_equal(router_allow_header(allowed, &a), "GET, HEAD");

	rt = route_for(M_DELETE, "/static/style.css", &allowed, &r);
	assert_null(rt);
	assert_int_equal(allowed, M_GET);

	rt = route_for(M_GET, "/lang", &allowed, &r); /* 405, Allow: POST */
	assert_null(rt);
	assert_int_equal(allowed, M_POST);
	assert_string_equal(router_allow_header(allowed, &a), "POST");

	/* the sign-up page: a form (GET) and its submission (POST) */
	rt = route_for(M_PUT, "/signup", &allowed, &r);
	assert_null(rt);
	assert_int_equal(allowed, M_GET | M_POST);
	assert_string_equal(router_allow_header(allowed, &a), "GET, HEAD, POST");

	/* an unknown method (0) matches no route */
	rt = route_for((enum method)0, "/", &allowed, &r);
	assert_null(rt);
}

/* A path served by several rows (GET form, POST submit): a method none of them has gets 405
 * with the union of theirs. Checked for every such pattern of the real table. */
static void test_405_lists_every_row(void **state)
{
	size_t i, j, checked = 0;

	(void)state;
	for (i = 0; i < routes_count; i++) {
		const char *pat = routes[i].pattern;
		unsigned all = 0, allowed = 0;
		struct req r;
		size_t rows = 0;
		if (strchr(pat, '{') || strchr(pat, '*'))
			continue;
		for (j = 0; j < routes_count; j++)
			if (!strcmp(routes[j].pattern, pat)) {
				all |= routes[j].methods;
				rows++;
			}
		if (rows < 2 || (all & M_DELETE))
			continue;
		assert_null(route_for(M_DELETE, pat, &allowed, &r));
		if (allowed != all)
			fail_msg("DELETE %s: allowed %#x, the table has %#x", pat, allowed, all);
		checked++;
	}
	print_message("%zu paths with several rows checked\n", checked);
}

/* Every pattern with parameters matches a concrete path built from it, and the parameters
 * come back with the values put in. */
static void test_parameters_in_the_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < routes_count; i++) {
		const char *p = routes[i].pattern;
		char path[256], names[8][32];
		size_t n = 0, len = 0, k;
		const struct route *rt;
		unsigned allowed;
		struct req r;
		enum method m;
		if (!strchr(p, '{'))
			continue;
		while (*p && len < sizeof(path) - 16) {
			if (*p == '{' && n < 8) {
				const char *close = strchr(p, '}');
				assert_non_null(close);
				snprintf(names[n], sizeof(names[n]), "%.*s", (int)(close - p - 1),
					 p + 1);
				len += (size_t)snprintf(path + len, sizeof(path) - len, "v%zu-x",
							n);
				n++;
				p = close + 1;
			} else {
				path[len++] = *p++;
			}
		}
		path[len] = '\0';
		if (!strcmp(path + len - 2, "/*"))
			path[len - 1] = 'z';
		m = (enum method)(routes[i].methods & (~routes[i].methods + 1)); /* lowest bit */
		if (routes[i].methods & M_GET)
			m = M_GET;
		rt = route_for(m, path, &allowed, &r);
		if (!rt)
			fail_msg("%s (%s) does not match %s", routes[i].name, routes[i].pattern,
				 path);
		if (rt != &routes[i]) /* an earlier row may take it, but it must have the names */
			print_message("%s is served by %s\n", path, rt->name);
		for (k = 0; k < n && rt == &routes[i]; k++) {
			char want[32];
			snprintf(want, sizeof(want), "v%zu-x", k);
			assert_non_null(req_param(&r, names[k]));
			assert_string_equal(req_param(&r, names[k]), want);
		}
	}
}

static void test_allow_header(void **state)
{
	(void)state;
	assert_string_equal(router_allow_header(0, &a), "");
	assert_string_equal(router_allow_header(M_GET, &a), "GET, HEAD");
	assert_string_equal(router_allow_header(M_POST, &a), "POST");
	assert_string_equal(router_allow_header(M_GET | M_POST, &a), "GET, HEAD, POST");
	assert_string_equal(router_allow_header(M_DELETE | M_PUT | M_PATCH, &a),
			    "PUT, PATCH, DELETE");
	assert_string_equal(router_allow_header(0x7f, &a),
			    "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
}

/* The table's own rules: every row is complete, no row is shadowed by an earlier one with the
 * same pattern and method, and every browser form that changes state is CSRF-checked. */
static void test_table_is_well_formed(void **state)
{
	size_t i, j;

	(void)state;
	assert_true(routes_count >= 9);
	for (i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		assert_non_null(rt->pattern);
		assert_non_null(rt->fn);
		assert_non_null(rt->name);
		if (rt->pattern[0] != '/')
			fail_msg("route %s: pattern \"%s\" does not start with /", rt->name,
				 rt->pattern);
		if (!rt->methods)
			fail_msg("route %s has no method", rt->name);
		for (j = 0; j < i; j++)
			if (!strcmp(routes[j].pattern, rt->pattern) &&
			    (routes[j].methods & rt->methods))
				fail_msg("route %s is shadowed by %s (%s)", rt->name,
					 routes[j].name, rt->pattern);
		if ((rt->methods & (M_POST | M_PUT | M_PATCH | M_DELETE)) &&
		    strncmp(rt->pattern, "/api/", 5) && !(rt->flags & RF_CSRF))
			fail_msg("route %s (%s) changes state from a page without RF_CSRF",
				 rt->name, rt->pattern);
		if (!strncmp(rt->pattern, "/api/", 5) && (rt->flags & RF_CSRF))
			fail_msg("API route %s (%s) is flagged as a browser form", rt->name,
				 rt->pattern);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_paths),
		cmocka_unit_test(test_named_parameters),
		cmocka_unit_test(test_rest_of_path),
		cmocka_unit_test(test_real_table),
		cmocka_unit_test(test_head_matches_get),
		cmocka_unit_test(test_no_match_and_405),
		cmocka_unit_test(test_405_lists_every_row),
		cmocka_unit_test(test_parameters_in_the_table),
		cmocka_unit_test(test_allow_header),
		cmocka_unit_test(test_table_is_well_formed),
	};
	return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
