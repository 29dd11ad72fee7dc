/* test_layout.c - the accessible form components and the page frame (web/layout.h).
 *
 * The output is read back with a small strict tag reader: every tag and attribute must be one
 * the components write (so a hostile value that broke out of its attribute would show up as an
 * unknown attribute or tag), every id is unique, and every label for=, aria-describedby and
 * error-summary link points at an id that exists.
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
#include "web/html.h"
#include "settings.h"
#include "web/layout.h"
#include "testdb.h"

/* ---- a strict reader for the markup the components write ------------------------------------ */

#define MAXIDS 128

struct doc {
	char ids[MAXIDS][128];
	size_t nids;
	char refs[MAXIDS][128]; /* for=, aria-describedby tokens, href="#…" */
	size_t nrefs;
	int invalid; /* aria-invalid attributes seen */
	char problem[256];
};

static int in_list(const char *s, size_t n, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !strncmp(list[i], s, n))
			return 1;
	return 0;
}

static void add_ref(struct doc *d, const char *s, size_t n)
{
	if (d->nrefs < MAXIDS && n < sizeof(d->refs[0]))
		snprintf(d->refs[d->nrefs++], sizeof(d->refs[0]), "%.*s", (int)n, s);
}

/* 0 when the markup reads cleanly; else -1 with d->problem set. */
static int doc_read(struct doc *d, const char *html)
{
	static const char *const tags[] = {
		"div",	   "/div",     "label",	    "/label", "span",	 "/span",
		"p",	   "/p",       "input",	    "select", "/select", "option",
		"/option", "fieldset", "/fieldset", "legend", "/legend", "form",
		"/form",   "button",   "/button",   "ul",     "/ul",	 "li",
		"/li",	   "a",	       "/a",	    "h2",     "/h2",	 NULL
	};
	static const char *const attrs[] = { "id",
					     "name",
					     "type",
					     "value",
					     "class",
					     "for",
					     "aria-describedby",
					     "aria-invalid",
					     "required",
					     "autocomplete",
					     "inputmode",
					     "href",
					     "role",
					     "aria-labelledby",
					     "tabindex",
					     "action",
					     "method",
					     "novalidate",
					     "selected",
					     "checked",
					     NULL };
	const char *p = html;

	memset(d, 0, sizeof(*d));
	while ((p = strchr(p, '<'))) {
		size_t n = 0;
		p++;
		while (p[n] && p[n] != ' ' && p[n] != '>')
			n++;
		if (!in_list(p, n, tags)) {
			snprintf(d->problem, sizeof(d->problem), "unexpected tag <%.*s>", (int)n,
				 p);
			return -1;
		}
		p += n;
		for (;;) {
			const char *name, *val = NULL;
			size_t nn, vn = 0;
			while (*p == ' ')
				p++;
			if (*p == '>')
				break;
			if (!*p) {
				snprintf(d->problem, sizeof(d->problem), "unclosed tag");
				return -1;
			}
			name = p;
			while (*p && *p != '=' && *p != ' ' && *p != '>')
				p++;
			nn = (size_t)(p - name);
			if (!in_list(name, nn, attrs)) {
				snprintf(d->problem, sizeof(d->problem),
					 "unexpected attribute %.*s", (int)nn, name);
				return -1;
			}
			if (*p == '=') {
				if (p[1] != '"') {
					snprintf(d->problem, sizeof(d->problem),
						 "unquoted value of %.*s", (int)nn, name);
					return -1;
				}
				val = p + 2;
				p = strchr(val, '"');
				if (!p) {
					snprintf(d->problem, sizeof(d->problem), "unclosed value");
					return -1;
				}
				vn = (size_t)(p - val);
				p++;
				if (memchr(val, '<', vn) || memchr(val, '>', vn) ||
				    memchr(val, '\'', vn)) {
					snprintf(d->problem, sizeof(d->problem),
						 "raw markup character in %.*s=\"%.*s\"", (int)nn,
						 name, (int)vn, val);
					return -1;
				}
			}
			if (nn == 2 && !strncmp(name, "id", 2) && val) {
				size_t i;
				for (i = 0; i < d->nids; i++)
					if (strlen(d->ids[i]) == vn &&
					    !strncmp(d->ids[i], val, vn)) {
						snprintf(d->problem, sizeof(d->problem),
							 "duplicate id \"%.*s\"", (int)vn, val);
						return -1;
					}
				if (d->nids < MAXIDS)
					snprintf(d->ids[d->nids++], sizeof(d->ids[0]), "%.*s",
						 (int)vn, val);
			} else if (nn == 3 && !strncmp(name, "for", 3) && val) {
				add_ref(d, val, vn);
			} else if (nn == 4 && !strncmp(name, "href", 4) && val && val[0] == '#') {
				add_ref(d, val + 1, vn - 1);
			} else if (nn == 16 && !strncmp(name, "aria-describedby", 16) && val) {
				const char *t = val, *end = val + vn;
				while (t < end) {
					const char *sp = memchr(t, ' ', (size_t)(end - t));
					size_t tn = sp ? (size_t)(sp - t) : (size_t)(end - t);
					if (!tn) {
						snprintf(d->problem, sizeof(d->problem),
							 "empty aria-describedby token");
						return -1;
					}
					add_ref(d, t, tn);
					t += tn + 1;
				}
			} else if (nn == 12 && !strncmp(name, "aria-invalid", 12)) {
				d->invalid++;
			}
		}
	}
	return 0;
}

static int doc_has_id(const struct doc *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->nids; i++)
		if (!strcmp(d->ids[i], id))
			return 1;
	return 0;
}

/* Reads the markup and checks every reference lands on an id. */
static void assert_wellformed(const char *html, struct doc *d)
{
	size_t i;

	if (doc_read(d, html) != 0)
		fail_msg("%s in:\n%s", d->problem, html);
	for (i = 0; i < d->nrefs; i++)
		if (!doc_has_id(d, d->refs[i]))
			fail_msg("reference to missing id \"%s\" in:\n%s", d->refs[i], html);
}

/* ---- fixture ---------------------------------------------------------------------------------- */

struct fixture {
	struct arena a;
	struct req r;
	struct resp w;
	struct form_errors e;
	struct doc d;
};

static int fx_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	arena_init(&f->a);
	f->r.arena = &f->a;
	f->r.method = M_GET;
	f->r.path = "/signup";
	f->r.lang = LANG_EN;
	f->r.csrf = "csrf-token-0123";
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

static const char *body(struct fixture *f)
{
	return f->w.body.p;
}

/* ---- form components ------------------------------------------------------------------------- */

static void test_input_plain(void **state)
{
	struct fixture *f = *state;
	struct field fl = { .name = "email",
			    .label = "E-mail address",
			    .type = "email",
			    .autocomplete = "email",
			    .required = 1 };

	form_input(&f->r, &f->w, &fl, &f->e);
	assert_wellformed(body(f), &f->d);
	assert_non_null(strstr(body(f), "<label for=\"f-email\">E-mail address</label>"));
	assert_non_null(strstr(body(f), "<input id=\"f-email\" name=\"email\" type=\"email\""));
	assert_non_null(strstr(body(f), " autocomplete=\"email\""));
	assert_non_null(strstr(body(f), " required"));
	assert_null(strstr(body(f), "aria-describedby")); /* nothing to describe it */
	assert_null(strstr(body(f), "aria-invalid"));
	assert_null(strstr(body(f), "value="));
}

static void test_input_hint_and_error(void **state)
{
	struct fixture *f = *state;
	struct field fl = { .name = "birth_date",
			    .label = "Date of birth",
			    .type = "date",
			    .hint = "For example, 1985-04-23",
			    .value = "1985-02-30" };

	/* hint only: described by the hint, not invalid */
	form_input(&f->r, &f->w, &fl, NULL);
	assert_wellformed(body(f), &f->d);
	assert_non_null(strstr(body(f), "aria-describedby=\"h-birth_date\""));
	assert_non_null(strstr(body(f), "<p class=\"hint\" id=\"h-birth_date\">"));
	assert_int_equal(f->d.invalid, 0);

	/* hint and error: both ids, in that order, and aria-invalid */
	buf_clear(&f->w.body);
	form_errors_add(&f->e, "birth_date", "Enter a real date.");
	form_input(&f->r, &f->w, &fl, &f->e);
	assert_wellformed(body(f), &f->d);
	assert_non_null(strstr(body(f), "aria-describedby=\"h-birth_date e-birth_date\""));
	assert_non_null(strstr(body(f), "id=\"e-birth_date\""));
	assert_non_null(strstr(body(f), "Enter a real date."));
	assert_non_null(strstr(body(f), "aria-invalid=\"true\""));
	assert_int_equal(f->d.invalid, 1);
	assert_non_null(strstr(body(f), "value=\"1985-02-30\""));
	/* the error text says it is an error to a screen reader */
	assert_non_null(strstr(body(f), "<span class=\"visually-hidden\">Error:</span>"));

	/* error without hint */
	buf_clear(&f->w.body);
	fl.hint = NULL;
	form_input(&f->r, &f->w, &fl, &f->e);
	assert_wellformed(body(f), &f->d);
	assert_non_null(strstr(body(f), "aria-describedby=\"e-birth_date\""));
	assert_int_equal(f->d.invalid, 1);

	/* another field's error does not mark this one */
	buf_clear(&f->w.body);
	fl.name = "email";
	form_input(&f->r, &f->w, &fl, &f->e);
	assert_wellformed(body(f), &f->d);
	assert_int_equal(f->d.invalid, 0);
}

static void test_select_radios_checkbox(void **state)
{
	struct fixture *f = *state;
	static const struct opt opts[] = { { "unemployed", "Unemployed" },
					   { "dislocated", "Dislocated worker" },
					   { "employed", "Working" } };
	struct field sel = { .name = "county",
			     .label = "County",
			     .hint = "Where you live",
			     .value = "dislocated",
			     .opts = opts,
			     .nopts = 3 };
	struct field rad = { .name = "status",
			     .label = "Your situation",
			     .hint = "Pick one",
			     .value = "employed",
			     .opts = opts,
			     .nopts = 3 };
	struct field box = {
		.name = "consent", .label = "I agree", .hint = "Required", .value = "1"
	};

	form_errors_add(&f->e, "status", "Choose your situation.");
	form_errors_add(&f->e, "consent", "You need to agree.");
	form_errors_add(&f->e, "county", "Choose your county.");
	form_error_summary(&f->r, &f->w, &f->e);
	form_select(&f->r, &f->w, &sel, &f->e);
	form_radios(&f->r, &f->w, &rad, &f->e);
	form_checkbox(&f->r, &f->w, &box, &f->e);
	assert_wellformed(body(f), &f->d);
	assert_int_equal(f->d.invalid, 3);

	/* select */
	assert_non_null(strstr(body(f), "<label for=\"f-county\">County</label>"));
	assert_non_null(strstr(body(f), "<select id=\"f-county\" name=\"county\""));
	assert_non_null(strstr(body(f), "<option value=\"dislocated\" selected>"));
	assert_non_null(strstr(body(f), "<option value=\"unemployed\">"));
	/* radios: the fieldset is described, the first radio has the field's id */
	assert_non_null(strstr(body(f), "<fieldset class=\"field has-error\" "
					"aria-describedby=\"h-status e-status\""));
	assert_non_null(strstr(body(f), "<legend>Your situation"));
	assert_non_null(strstr(body(f), "type=\"radio\" id=\"f-status\" name=\"status\" "
					"value=\"unemployed\">"));
	assert_non_null(strstr(body(f), "value=\"employed\" checked>"));
	assert_non_null(strstr(body(f), "<label for=\"f-status-1\">Dislocated worker</label>"));
	/* checkbox */
	assert_non_null(strstr(body(f), "type=\"checkbox\" id=\"f-consent\" name=\"consent\" "
					"value=\"1\" checked"));
	/* the summary links to each field, and each field's id exists (checked above) */
	assert_non_null(strstr(body(f), "<a href=\"#f-status\">Choose your situation.</a>"));
	assert_non_null(strstr(body(f), "<a href=\"#f-consent\">You need to agree.</a>"));
	assert_non_null(strstr(body(f), "<a href=\"#f-county\">Choose your county.</a>"));
	assert_non_null(strstr(body(f), "role=\"alert\""));
	assert_non_null(strstr(body(f), "<h2 id=\"error-summary-title\">There is a problem</h2>"));
	assert_true(doc_has_id(&f->d, "error-summary-title"));
}

static void test_error_summary_and_list(void **state)
{
	struct fixture *f = *state;
	char name[32];
	int i;

	form_error_summary(&f->r, &f->w, NULL);
	form_error_summary(&f->r, &f->w, &f->e);
	assert_string_equal(body(f), ""); /* no errors, no summary */

	form_errors_add(&f->e, "email", "First message");
	form_errors_add(&f->e, "email", "Second message for the same field");
	assert_int_equal(f->e.n, 1);
	assert_string_equal(form_errors_get(&f->e, "email"), "First message");
	assert_null(form_errors_get(&f->e, "phone"));
	assert_null(form_errors_get(NULL, "email"));
	for (i = 0; i < 40; i++) { /* full at 32, the rest is dropped without overrun */
		snprintf(name, sizeof(name), "f%d", i);
		form_errors_add(&f->e, arena_strdup(&f->a, name), "x");
	}
	assert_int_equal(f->e.n, 32);
}

static void test_form_begin(void **state)
{
	struct fixture *f = *state;

	form_begin(&f->r, &f->w, "/signup", "post");
	form_submit(&f->r, &f->w, "Send");
	form_end(&f->r, &f->w);
	assert_wellformed(body(f), &f->d);
	assert_non_null(strstr(body(f), "<form action=\"/signup\" method=\"post\" novalidate>"));
	assert_non_null(
		strstr(body(f), "<input type=\"hidden\" name=\"csrf\" value=\"csrf-token-0123\">"));
	assert_non_null(strstr(body(f), "<button type=\"submit\" class=\"button\">Send</button>"));

	buf_clear(&f->w.body);
	form_begin(&f->r, &f->w, "/explore?q=a&b", "get");
	assert_string_equal(body(f), "<form action=\"/explore?q=a&amp;b\" method=\"get\">\n");
}

/* ---- hostile values -------------------------------------------------------------------------- */

static void test_hostile_values_are_escaped(void **state)
{
	struct fixture *f = *state;
	static const struct opt opts[] = { { "\"><script>alert(1)</script>", "<b>bold</b>" },
					   { "a' onclick='x", "\" onmouseover=\"alert(2)" } };
	const char *evil = "\" onfocus=\"alert(1)\" x=\"<script>";
	struct field in = { .name = "q\"><script>alert(1)</script>",
			    .label = "<img src=x onerror=alert(1)>",
			    .hint = "</p><script>alert(3)</script>",
			    .value = evil,
			    .autocomplete = "\"><svg onload=alert(1)>",
			    .inputmode = "' x='" };
	struct field sel = {
		.name = "s", .label = "S", .value = opts[0].value, .opts = opts, .nopts = 2
	};
	struct field rad = { .name = "r'><script>", .label = "R", .opts = opts, .nopts = 2 };
	struct field box = { .name = "c", .label = "<script>alert(4)</script>", .hint = "&" };

	f->r.csrf = "\"><script>alert(5)</script>";
	form_errors_add(&f->e, in.name, "<script>alert(6)</script>");
	form_errors_add(&f->e, rad.name, "\" onclick=\"alert(7)");
	form_begin(&f->r, &f->w, "/x\" onsubmit=\"alert(8)", "post");
	form_error_summary(&f->r, &f->w, &f->e);
	form_input(&f->r, &f->w, &in, &f->e);
	form_select(&f->r, &f->w, &sel, &f->e);
	form_radios(&f->r, &f->w, &rad, &f->e);
	form_checkbox(&f->r, &f->w, &box, &f->e);
	form_submit(&f->r, &f->w, "<script>alert(9)</script>");
	form_end(&f->r, &f->w);

	assert_wellformed(body(f), &f->d);
	assert_null(strstr(body(f), "<script"));
	assert_null(strstr(body(f), "<img"));
	assert_null(strstr(body(f), "<svg"));
	assert_null(strstr(body(f), "<b>"));
	/* the ids stay consistent even for a hostile name (names are ids: no spaces) */
	assert_non_null(
		strstr(body(f), "href=\"#f-q&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
	assert_true(doc_has_id(&f->d, "f-q&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(body(f), "&lt;script&gt;alert(6)&lt;/script&gt;"));
	assert_non_null(strstr(body(f), "<option value=\"&quot;&gt;&lt;script&gt;alert(1)"
					"&lt;/script&gt;\" selected>"));
}

/* ---- the page frame (needs the settings table) ----------------------------------------------- */

static char dbfile[TESTDB_PATH_MAX];

static int db_setup(void **state)
{
	if (testdb_make(dbfile, sizeof(dbfile), "test_layout") != 0)
		return -1;
	if (db_open(dbfile, 0) != 0 || db_migrate(db_get()) != 0)
		return -1;
	layout_settings_hook(settings_get);
	return fx_setup(state);
}

static int db_teardown(void **state)
{
	fx_teardown(state);
	testdb_remove(dbfile);
	return 0;
}

/* The href of the language switch link, copied into out. */
static const char *switch_href(const char *page, char *out, size_t size)
{
	const char *p = strstr(page, "<a class=\"lang\" href=\"");
	const char *e;

	assert_non_null(p);
	p += strlen("<a class=\"lang\" href=\"");
	e = strchr(p, '"');
	assert_non_null(e);
	snprintf(out, size, "%.*s", (int)(e - p), p);
	return out;
}

static void test_page_frame(void **state)
{
	struct fixture *f = *state;
	char href[512];

	page_begin_form(&f->r, &f->w, "Sign up", 1);
	page_end(&f->r, &f->w);
	assert_non_null(strstr(body(f), "<html lang=\"en\">"));
	assert_non_null(strstr(body(f), "<title>Error: Sign up – "));
	assert_non_null(strstr(body(f), "<a class=\"skip\" href=\"#main\">"));
	assert_non_null(strstr(body(f), "<main id=\"main\" tabindex=\"-1\">"));
	assert_non_null(strstr(body(f), "</main>"));
	assert_non_null(strstr(body(f), "<footer"));
	assert_non_null(strstr(body(f), "mailto:"));
	assert_non_null(strstr(body(f), "aria-current=\"page\""));
	assert_string_equal(switch_href(body(f), href, sizeof(href)), "/signup?lang=es");

	buf_clear(&f->w.body);
	f->r.lang = LANG_ES;
	page_begin(&f->r, &f->w, "Inscribirse");
	assert_non_null(strstr(body(f), "<html lang=\"es\">"));
	assert_non_null(strstr(body(f), "hreflang=\"en\" lang=\"en\">English</a>"));
	assert_string_equal(switch_href(body(f), href, sizeof(href)), "/signup?lang=en");
}

/* The switch keeps the page's other query parameters: in the markup, "&amp;" between them
 * (which a browser reads as "&"), never "&amp;amp;" (which it reads as a parameter named
 * "amp;lang", so the switch would do nothing). */
static void test_lang_switch_keeps_query(void **state)
{
	struct fixture *f = *state;
	char href[512];

	f->r.lang = LANG_ES;
	kv_add(&f->r.query, &f->a, "q", "a b&c");
	kv_add(&f->r.query, &f->a, "lang", "es");
	page_begin(&f->r, &f->w, "Inscribirse");
	assert_string_equal(switch_href(body(f), href, sizeof(href)),
			    "/signup?q=a%20b%26c&amp;lang=en");

	buf_clear(&f->w.body);
	f->r.path = "/a&b";
	f->r.query.n = 0;
	page_begin(&f->r, &f->w, "Inscribirse");
	/* the path is percent-encoded: the same resource, and no & left to escape */
	assert_string_equal(switch_href(body(f), href, sizeof(href)), "/a%26b?lang=en");
}

static void test_page_frame_hostile_request(void **state)
{
	struct fixture *f = *state;
	char href[512];

	f->r.path = "/x\"><script>alert(1)</script>";
	kv_add(&f->r.query, &f->a, "\"><script>", "\"><script>");
	page_begin(&f->r, &f->w, "<script>alert(2)</script>");
	page_end(&f->r, &f->w);
	assert_null(strstr(body(f), "<script"));
	switch_href(body(f), href, sizeof(href));
	assert_null(strpbrk(href, "<>\"'"));
}

/* A request for "//evil.example/x" (a path libmicrohttpd hands over as is) must not turn the
 * language switch into a link to another site: "//host" in an href is protocol-relative. */
static void test_lang_switch_stays_on_site(void **state)
{
	struct fixture *f = *state;
	char href[512];

	f->r.path = "//evil.example/x";
	page_begin(&f->r, &f->w, "Page");
	switch_href(body(f), href, sizeof(href));
	if (!strncmp(href, "//", 2) || strstr(href, "://"))
		fail_msg("language switch links off the site: %s", href);
	buf_clear(&f->w.body);
	f->r.path = "/\\evil.example/x";
	page_begin(&f->r, &f->w, "Page");
	switch_href(body(f), href, sizeof(href));
	if (!strncmp(href, "/\\", 2))
		fail_msg("language switch links off the site: %s", href);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_input_plain, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_input_hint_and_error, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_select_radios_checkbox, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_error_summary_and_list, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_form_begin, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_hostile_values_are_escaped, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_page_frame, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_lang_switch_keeps_query, db_setup,
						db_teardown),
		cmocka_unit_test_setup_teardown(test_page_frame_hostile_request, db_setup,
						db_teardown),
		cmocka_unit_test_setup_teardown(test_lang_switch_stays_on_site, db_setup,
						db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
