/* test_i18n.c - language choice and catalog lookups (i18n/i18n.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>

#include "util/arena.h"
#include "i18n/i18n.h"
#include "web/idformat.h"

struct accept_case {
	const char *header;
	enum lang want;
};

static const struct accept_case accept_cases[] = {
	/* what browsers send */
	{ "es-US,es;q=0.9,en;q=0.8", LANG_ES },
	{ "en-US,en;q=0.9,es;q=0.8", LANG_EN },
	{ "es-419,es;q=0.9", LANG_ES },
	{ "es-MX", LANG_ES },
	{ "ES", LANG_ES },
	{ "en-GB", LANG_EN },
	{ "es", LANG_ES },
	{ "en", LANG_EN },
	/* neither language asked for: English */
	{ "fr", LANG_EN },
	{ "fr-FR,fr;q=0.9", LANG_EN },
	{ "zh-Hans-CN,zh;q=0.9", LANG_EN },
	{ "*", LANG_EN },
	{ "", LANG_EN },
	{ NULL, LANG_EN },
	/* the highest q wins, whatever the order */
	{ "fr,es;q=0.5", LANG_ES },
	{ "fr;q=0.9,en;q=0.2,es;q=0.3", LANG_ES },
	{ "es;q=0.9,en", LANG_EN },
	{ "en;q=0.5, es;q=0.8", LANG_ES },
	{ "en;q=0.1,es;q=0.10001", LANG_ES },
	{ "es;level=1;q=0.2,en;q=0.1", LANG_ES },
	{ " es ;q=0.7 , en;q=0.6", LANG_ES },
	{ "\tes-US", LANG_ES },
	/* a tie: the earlier one */
	{ "es,en", LANG_ES },
	{ "en,es", LANG_EN },
	{ "es;q=0.5,en;q=0.5", LANG_ES },
	/* tags that merely start like ours */
	{ "esperanto", LANG_EN },
	{ "eng", LANG_EN },
	{ "ess-XX,en;q=0.1", LANG_EN },
	/* q=0 means "not acceptable" (RFC 9110 12.4.2) */
	{ "en;q=0,es;q=0.1", LANG_ES },
	/* garbage never fails, it gives English */
	{ ";;;,,,", LANG_EN },
	{ "q=", LANG_EN },
	{ ",", LANG_EN },
	{ ";q=1", LANG_EN },
	{ "\x01\x02\xff", LANG_EN },
	{ "en-US-x-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  LANG_EN },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,es", LANG_ES },
};

/* Cases where the header names only Spanish, and only with q=0: Spanish is refused, so the
 * answer is the default, English. */
static const struct accept_case accept_q0_cases[] = {
	{ "es;q=0", LANG_EN },
	{ "es;q=0,en;q=0", LANG_EN },
	{ "es-US;q=0.000", LANG_EN },
	{ "es;q=0.0,fr", LANG_EN },
};

static void run_accept(const struct accept_case *c, size_t n)
{
	size_t i, failed = 0;

	for (i = 0; i < n; i++) {
		enum lang got = lang_from_accept(c[i].header);
		if (got != c[i].want) {
			print_error("Accept-Language \"%s\": want %s, got %s\n",
				    c[i].header ? c[i].header : "(null)", lang_code(c[i].want),
				    lang_code(got));
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

static void test_accept_language(void **state)
{
	(void)state;
	run_accept(accept_cases, sizeof(accept_cases) / sizeof(accept_cases[0]));
}

static void test_accept_language_q0_refuses(void **state)
{
	(void)state;
	run_accept(accept_q0_cases, sizeof(accept_q0_cases) / sizeof(accept_q0_cases[0]));
}

static void test_lang_parse_and_code(void **state)
{
	enum lang l = LANG_EN;

	(void)state;
	assert_int_equal(lang_parse("es", &l), 0);
	assert_int_equal(l, LANG_ES);
	assert_int_equal(lang_parse("en", &l), 0);
	assert_int_equal(l, LANG_EN);
	assert_int_equal(lang_parse("ES", &l), 0);
	assert_int_equal(l, LANG_ES);
	assert_int_equal(lang_parse("En", &l), 0);
	assert_int_equal(l, LANG_EN);
	l = LANG_ES;
	assert_int_equal(lang_parse("fr", &l), -1);
	assert_int_equal(l, LANG_ES); /* untouched on failure */
	assert_int_equal(lang_parse("", &l), -1);
	assert_int_equal(lang_parse(NULL, &l), -1);
	assert_int_equal(lang_parse(" es", &l), -1);
	assert_int_equal(lang_parse("es ", &l), -1);
	assert_int_equal(lang_parse("es-US", &l), -1);
	assert_int_equal(lang_parse("spanish", &l), -1);
	assert_int_equal(lang_parse("e", &l), -1);
	assert_string_equal(lang_code(LANG_EN), "en");
	assert_string_equal(lang_code(LANG_ES), "es");
}

static void test_translations(void **state)
{
	static const char unknown[] = "A sentence nobody translated, surely";
	static const char known[] = "Page not found";

	(void)state;
	assert_true(i18n_count() > 10);
	assert_string_equal(tr(LANG_ES, "Page not found"), "No encontramos la página");
	assert_string_equal(tr(LANG_ES, "Too many requests"), "Demasiadas solicitudes");
	/* English is the msgid itself, the very same pointer */
	assert_ptr_equal(tr(LANG_EN, known), known);
	/* an unknown string falls back to the English */
	assert_ptr_equal(tr(LANG_ES, unknown), unknown);
	assert_string_equal(tr(LANG_ES, "Page not found."), "Page not found.");
	assert_string_equal(tr(LANG_ES, "page not found"), "page not found");
	assert_null(tr(LANG_ES, NULL));
	assert_string_equal(tr(LANG_ES, ""), ""); /* not the .mo header */
	assert_string_equal(tr(LANG_EN, ""), "");
	/* through T() with a request-like struct */
	{
		struct {
			enum lang lang;
		} r = { LANG_ES };
		assert_string_equal(T(&r, "Page not found"), "No encontramos la página");
	}
}

static void test_tr_fmt(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	/* untranslated: the English format */
	assert_string_equal(tr_fmt(&a, LANG_ES, "%d of %s", 3, "x"), "3 of x");
	assert_string_equal(tr_fmt(&a, LANG_EN, "%d of %s", 3, "x"), "3 of x");
	/* translated format (from the eligibility catalog) */
	assert_non_null(strstr(tr_fmt(&a, LANG_ES,
				      "You must be %d or older to take part in this program, so "
				      "you do not qualify yet.",
				      21),
			       "21 años"));
	arena_release(&a);
}

/* Lookups from many threads at once, the catalog loaded by whichever comes first. */
static void *lookup_thread(void *arg)
{
	int i, *bad = arg;

	for (i = 0; i < 2000; i++) {
		if (strcmp(tr(LANG_ES, "Page not found"), "No encontramos la página"))
			(*bad)++;
		if (lang_from_accept("en-US,en;q=0.9,es;q=0.8") != LANG_EN)
			(*bad)++;
	}
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t t[8];
	int bad[8] = { 0 };
	int i;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&t[i], NULL, lookup_thread, &bad[i]), 0);
	for (i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(bad[i], 0);
	}
}

static void test_plurals(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(trn(LANG_EN, "%s learner matches.", "%s learners match.", 1),
			    "%s learner matches.");
	assert_string_equal(trn(LANG_EN, "%s learner matches.", "%s learners match.", 0),
			    "%s learners match.");
	assert_string_equal(
		trn_fmt(&a, LANG_EN, "%s learner matches.", "%s learners match.", 2, "2"),
		"2 learners match.");
	assert_string_equal(
		trn_fmt(&a, LANG_ES, "%s learner matches.", "%s learners match.", 1, "1"),
		"1 estudiante coincide.");
	assert_string_equal(
		trn_fmt(&a, LANG_ES, "%s learner matches.", "%s learners match.", 1200, "1200"),
		"1200 estudiantes coinciden.");
	assert_string_equal(trn_fmt(&a, LANG_ES, "Filter (%d active)", "Filter (%d active)", 3, 3),
			    "Filtrar (3 activos)");
	/* a message without a translation falls back to the English form for the count */
	assert_string_equal(trn(LANG_ES, "no such singular", "no such plurals", 2),
			    "no such plurals");
	arena_release(&a);
}

static void test_id_format_in_words(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(id_format_words(&a, LANG_EN, "^[A-Z]{2}[0-9]{7}$"),
			    "two letters and seven digits, like AB1234567");
	assert_string_equal(id_format_words(&a, LANG_ES, "^[A-Z]{2}[0-9]{7}$"),
			    "dos letras y siete dígitos, como AB1234567");
	assert_string_equal(id_format_words(&a, LANG_EN, "^[A-Z][0-9]{3}-[0-9]{4}$"),
			    "one letter, three digits, a hyphen and four digits, like A123-4567");
	assert_string_equal(id_format_words(&a, LANG_ES, "^[A-Z]\\d{12}$"),
			    "una letra y 12 dígitos, como A123456789012");
	assert_null(id_format_words(&a, LANG_EN, "^(AB|CD)[0-9]+$"));
	assert_null(id_format_words(&a, LANG_EN, ""));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads), /* first, so the catalog loads from the threads */
		cmocka_unit_test(test_accept_language),
		cmocka_unit_test(test_accept_language_q0_refuses),
		cmocka_unit_test(test_lang_parse_and_code),
		cmocka_unit_test(test_translations),
		cmocka_unit_test(test_tr_fmt),
		cmocka_unit_test(test_plurals),
		cmocka_unit_test(test_id_format_in_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
