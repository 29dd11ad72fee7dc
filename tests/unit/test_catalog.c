/* test_catalog.c - the catalog's normalization (catalog_normalize.c), search words and marks
 * (db/search.c), and, on a real database, generation, import and search (catalog.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "catalog.h"
#include "db/db.h"
#include "db/search.h"
#include "geo.h"
#include "util/arena.h"
#include "testdb.h"

/* ---- normalization ------------------------------------------------------------------------ */

static void test_durations(void **state)
{
	static const struct {
		const char *in;
		int rc, lo, hi;
	} cases[] = {
		{ " 3 - 6 Months", 0, 120, 240 },
		{ " 1 - 4 Weeks", 0, 10, 40 },
		{ " Less Than 2 Hours", 0, 1, 2 },
		{ " 4 meses", 0, 160, 160 },
		{ " 1 - 3 Months", 0, 40, 120 },
		{ " 6 - 12 Months", 0, 240, 480 },
		{ " 24 meses.", 0, 960, 960 },
		{ " 18 a 24 meses", 0, 720, 960 },
		{ " 1.5 \xE2\x80\x93 3 years", 0, 720, 1440 },
		{ " 4-6 months to complete", 0, 160, 240 },
		{ " 2 or 3 years", 0, 960, 1440 },
		{ "10 hours", 0, 10, 10 },
		{ "", 0, 0, 0 },
		{ "None", 0, 0, 0 },
		{ "  ", 0, 0, 0 },
		{ "self-paced", -1, 0, 0 },
		{ "6 - 3 months", -1, 0, 0 },
		{ "12 parsecs", -1, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int lo = -1, hi = -1, rc = catalog_norm_duration(cases[i].in, &lo, &hi);
		if (rc != cases[i].rc || (rc == 0 && (lo != cases[i].lo || hi != cases[i].hi)))
			fail_msg("duration '%s': rc %d, %d..%d hours; want rc %d, %d..%d",
				 cases[i].in, rc, lo, hi, cases[i].rc, cases[i].lo, cases[i].hi);
	}
}

static void test_duration_buckets(void **state)
{
	(void)state;
	assert_string_equal(catalog_duration_bucket(0), "");
	assert_string_equal(catalog_duration_bucket(2), "under-2-hours");
	assert_string_equal(catalog_duration_bucket(40), "1-4-weeks");
	assert_string_equal(catalog_duration_bucket(120), "1-3-months");
	assert_string_equal(catalog_duration_bucket(240), "3-6-months");
	assert_string_equal(catalog_duration_bucket(960), "6-months-plus");
}

static void test_kinds(void **state)
{
	static const struct {
		const char *in, *kind, *skip_prefix;
	} cases[] = {
		{ " Course ", "course", NULL },
		{ " Specialization ", "specialization", NULL },
		{ " Professional Certificate ", "professional-certificate", NULL },
		{ " Guided Project ", "guided-project", NULL },
		{ "Certificado profesional", "professional-certificate", NULL },
		{ "None", "", NULL },
		{ "", "", NULL },
		{ "Degree ", NULL, "degree" },
		{ "Mastertrack ", NULL, "MasterTrack" },
		{ "Graduate Certificate ", NULL, "graduate certificate" },
		{ "Postgraduate Diploma ", NULL, "postgraduate" },
		{ "University Certificate ", NULL, "university certificate" },
		{ "Webinar", NULL, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *skip = NULL, *k = catalog_norm_kind(cases[i].in, &skip);
		if (cases[i].kind) {
			if (!k || strcmp(k, cases[i].kind))
				fail_msg("kind '%s' -> '%s', want '%s'", cases[i].in,
					 k ? k : "(null)", cases[i].kind);
		} else {
			assert_null(k);
			if (cases[i].skip_prefix) {
				if (!skip || strncmp(skip, cases[i].skip_prefix,
						     strlen(cases[i].skip_prefix)))
					fail_msg("kind '%s' skipped for '%s'", cases[i].in,
						 skip ? skip : "(no reason)");
			} else {
				assert_null(skip);
			}
		}
	}
}

static void test_levels(void **state)
{
	(void)state;
	assert_string_equal(catalog_norm_level("Beginner "), "beginner");
	assert_string_equal(catalog_norm_level("Intermediate "), "intermediate");
	assert_string_equal(catalog_norm_level("Advanced "), "advanced");
	assert_string_equal(catalog_norm_level("Mixed "), "mixed");
	assert_string_equal(catalog_norm_level("Principiante"), "beginner");
	assert_string_equal(catalog_norm_level("None"), "");
	assert_string_equal(catalog_norm_level(""), "");
	assert_null(catalog_norm_level("Expert"));
}

static void test_reviews_and_ratings(void **state)
{
	int64_t n = -1;
	double r = -1;

	(void)state;
	assert_int_equal(catalog_norm_reviews("16400.0", &n), 0);
	assert_int_equal(n, 16400);
	assert_int_equal(catalog_norm_reviews("1,250", &n), 0);
	assert_int_equal(n, 1250);
	assert_int_equal(catalog_norm_reviews("1.2k", &n), 0);
	assert_int_equal(n, 1200);
	assert_int_equal(catalog_norm_reviews("(310 reviews)", &n), 0);
	assert_int_equal(n, 310);
	assert_int_equal(catalog_norm_reviews("", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(catalog_norm_reviews("None", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(catalog_norm_reviews("-5", &n), -1);
	assert_int_equal(catalog_norm_reviews("many", &n), -1);

	assert_int_equal(catalog_norm_rating("4.8", &r), 0);
	assert_true(r > 4.79 && r < 4.81);
	assert_int_equal(catalog_norm_rating("4.65/5", &r), 0);
	assert_true(r > 4.69 && r < 4.71);
	assert_int_equal(catalog_norm_rating("", &r), 0);
	assert_true(r == 0);
	assert_int_equal(catalog_norm_rating("None", &r), 0);
	assert_int_equal(catalog_norm_rating("6", &r), -1);
	assert_int_equal(catalog_norm_rating("eleven", &r), -1);
}

static void test_language_guess(void **state)
{
	static const char *const cases[][2] = {
		{ "Análisis de Datos de Google", "es" },
		{ "Fundamentos de la gestión de proyectos", "es" },
		{ "Introducción a la programación en Python I", "es" },
		{ "Gestion de projet de Google", "fr" },
		{ "Réussir le Changement", "fr" },
		{ "Marketing digital e e-commerce do Google", "pt" },
		{ "Цифровий маркетинг і електронна комерція від Google", "uk" },
		{ "Google データアナリティクス", "ja" },
		{ "تحليلات البيانات من Google", "ar" },
		{ "Introduction to Psychology", "en" },
		{ "Python for Everybody", "en" },
		{ "Global Diplomacy \xE2\x80\x93 Diplomacy in the Modern World", "en" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = catalog_guess_language(cases[i][0]);
		if (strcmp(got, cases[i][1]))
			fail_msg("language of '%s': %s, want %s", cases[i][0], got, cases[i][1]);
	}
}

static void test_industry_guess(void **state)
{
	(void)state;
	assert_string_equal(catalog_guess_industry("Google IT Support", ""), "technology");
	assert_string_equal(catalog_guess_industry("Nursing Informatics", ""), "health-care");
	assert_string_equal(catalog_guess_industry("Financial Markets", ""), "finance");
	assert_string_equal(catalog_guess_industry("Supply Chain Operations", ""),
			    "transportation-logistics");
	assert_string_equal(catalog_guess_industry("Something", "Machine Learning;Statistics"),
			    "data-science");
	assert_string_equal(catalog_guess_industry("Enfermería básica", ""), "health-care");
}

static void test_slugs(void **state)
{
	char s[96];

	(void)state;
	catalog_slugify("Learning How to Learn: Powerful mental tools", s, sizeof(s));
	assert_string_equal(s, "learning-how-to-learn-powerful-mental-tools");
	catalog_slugify("Enfermería: cuidados básicos", s, sizeof(s));
	assert_string_equal(s, "enfermeria-cuidados-basicos");
	catalog_slugify("C# Programming for Unity", s, sizeof(s));
	assert_string_equal(s, "c-programming-for-unity");
	catalog_slugify("Seligman\xE2\x80\x99s Science", s, sizeof(s));
	assert_string_equal(s, "seligmans-science");
	catalog_slugify("  --  ", s, sizeof(s));
	assert_string_equal(s, "");
}

/* ---- search words and marks -------------------------------------------------------------- */

static void test_search_parse(void **state)
{
	struct search_terms t;

	(void)state;
	assert_int_equal(search_parse("Introduction to Python", &t), 2);
	assert_string_equal(t.term[0], "introduction");
	assert_string_equal(t.term[1], "python");
	assert_int_equal(t.n_all, 3);
	assert_int_equal(search_parse("  Enfermería  de la salud ", &t), 2);
	assert_string_equal(t.term[0], "enfermeria");
	assert_string_equal(t.term[1], "salud");
	assert_int_equal(search_parse("the", &t), 1); /* only common words: keep them */
	assert_int_equal(search_parse("\"a\" OR b* NEAR(", &t), 2); /* FTS syntax is just words */
	assert_string_equal(t.term[0], "b");
	assert_string_equal(t.term[1], "near");
	assert_int_equal(search_parse("", &t), 0);
	assert_int_equal(search_parse(NULL, &t), 0);
}

static void test_search_highlight(void **state)
{
	struct search_terms t;
	struct search_span sp[8];
	const char *title = "Enfermería: cuidados básicos";
	size_t n;

	(void)state;
	search_parse("enfermeria", &t);
	n = search_highlight(&t, title, sp, 8);
	assert_int_equal(n, 1);
	assert_int_equal(sp[0].off, 0);
	assert_int_equal(sp[0].len, strlen("Enfermería"));
	search_parse("pyth", &t);
	n = search_highlight(&t, "Crash Course on Python", sp, 8);
	assert_int_equal(n, 1);
	assert_int_equal(sp[0].off, 16);
	search_parse("nursing", &t);
	n = search_highlight(&t, "Certified Nurse Assistant", sp, 8);
	assert_int_equal(n, 1); /* by stem */
	search_parse("data", &t);
	n = search_highlight(&t, "Metadata", sp, 8);
	assert_int_equal(n, 0);
}

static void test_fold_and_prior(void **state)
{
	char f[64];

	(void)state;
	search_fold("ÁÉÍÓÚ ñ Ç ü", strlen("ÁÉÍÓÚ ñ Ç ü"), f, sizeof(f));
	assert_string_equal(f, "aeiou n c u");
	assert_true(search_static_score(4.8, 100000, "course") >
		    search_static_score(4.8, 100, "course"));
	assert_true(search_static_score(4.7, 5000, "professional-certificate") >
		    search_static_score(4.7, 5000, "course"));
	assert_true(search_static_score(0, 0, "course") >= 0);
	assert_true(search_static_score(5, 100000000, "professional-certificate") <= 1000000);
}

/* ---- on a database --------------------------------------------------------------------------- */

static char dbfile[TESTDB_PATH_MAX];

static int db_setup(void **state)
{
	(void)state;
	if (testdb_make(dbfile, sizeof(dbfile), "test_catalog") != 0)
		return -1;
	if (db_open(dbfile, 0) != 0 || db_migrate(db_get()) != 0)
		return -1;
	return 0;
}

static int db_teardown(void **state)
{
	(void)state;
	testdb_remove(dbfile);
	return 0;
}

static void test_generate_import_search(void **state)
{
	struct arena a;
	struct catalog_query q;
	struct catalog_list l;
	struct catalog_import_opts o;
	struct catalog_import_report r;
	struct program p;
	const char *csv =
		"\xEF\xBB\xBFpartner,course,skills,rating,reviewcount,level,"
		"certificatetype,duration,crediteligibility\r\n"
		"Keystone Polytechnic,Welding Safety Today,\"Welding, Safety\",4.6,16400.0,"
		"Beginner , Course , 1 - 4 Weeks,False\r\n"
		"Some University,Master of Welding,,,,None,Degree ,2 years,True\r\n"
		"Keystone Polytechnic,Welding Safety Today,,,,,None,None,False\r\n";

	(void)state;
	arena_init(&a);
	assert_int_equal(catalog_generate(db_get(), 600, 7), 0);

	memset(&q, 0, sizeof(q));
	q.q = "python";
	q.limit = 5;
	assert_int_equal(catalog_search(&q, &a, &l), 0);
	assert_true(l.total > 0);
	assert_string_equal(l.items[0].p.title, "Python for Everybody");

	memset(&o, 0, sizeof(o));
	assert_int_equal(catalog_import(csv, strlen(csv), &o, &a, &r), 0);
	assert_null(r.fatal);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.skipped, 2); /* the degree, and the repeated line */
	assert_int_equal(r.errors, 0);
	assert_int_equal(catalog_get("welding-safety-today", &a, &p), 0);
	assert_int_equal(p.reviews, 16400);
	assert_int_equal(p.hours_max, 40);
	assert_string_equal(p.skills, "Welding;Safety");
	assert_int_equal(catalog_get("master-of-welding", &a, &p), 1);

	assert_int_equal(catalog_import(csv, strlen(csv), &o, &a, &r), 0);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.updated, 0);
	assert_int_equal(r.unchanged, 1);

	q.q = "welding safety";
	assert_int_equal(catalog_search(&q, &a, &l), 0);
	assert_true(l.n > 0);
	assert_string_equal(l.items[0].p.slug, "welding-safety-today");

	/* a filter that nothing has, and one that names nothing */
	q.f.language = "ko";
	assert_int_equal(catalog_search(&q, &a, &l), 0);
	assert_int_equal(l.n, 0);
	q.f.language = "xx";
	assert_int_equal(catalog_search(&q, &a, &l), 0);
	assert_int_equal(l.n, 0);
	arena_release(&a);
}

/* A word repeated right after itself ("Applied Applied"), compared without case. */
static int doubled_word(const char *t)
{
	const char *prev = NULL, *w = t;
	size_t prev_len = 0;

	while (*w) {
		const char *e = strchr(w, ' ');
		size_t len = e ? (size_t)(e - w) : strlen(w);
		if (prev && len == prev_len && !strncasecmp(prev, w, len))
			return 1;
		prev = w;
		prev_len = len;
		w += len + (e ? 1 : 0);
	}
	return 0;
}

/* Languages, subtitles and industries as exports write them, and two programs of one partner
 * whose language is given by name: each is its own program, not a repeat of the other. */
static void test_row_values(void **state)
{
	struct arena a;
	struct catalog_import_opts o;
	struct catalog_import_report r;
	const char *csv =
		"title,partner,language,subtitles,industry\n"
		"Fundamentos de Excel,Universidad Austral,Español,\"Spanish; English\",Business\n"
		"Introducción a Python,Universidad Austral,Español,es,technology\n";

	(void)state;
	arena_init(&a);
	assert_string_equal(catalog_norm_language("Español"), "es");
	assert_string_equal(catalog_norm_language("Spanish"), "es");
	assert_string_equal(catalog_norm_language("EN"), "en");
	assert_null(catalog_norm_language("Klingon"));
	assert_string_equal(catalog_norm_subtitles("English;Spanish, fr", &a), "en,es,fr");
	assert_string_equal(catalog_norm_industry("Data Science", &a), "data-science");
	assert_null(catalog_norm_industry("Basket Weaving", &a));
	assert_string_equal(catalog_norm_skills("SQL, Excel;sql ; None", &a), "SQL;Excel");

	memset(&o, 0, sizeof(o));
	o.dry_run = 1;
	assert_int_equal(catalog_import(csv, strlen(csv), &o, &a, &r), 0);
	assert_null(r.fatal);
	assert_int_equal(r.added, 2);
	assert_int_equal(r.skipped, 0);
	assert_int_equal(r.errors, 0);
	arena_release(&a);
}

static void test_seed_is_the_provider_listing(void **state)
{
	struct arena a;
	struct catalog_query q;
	struct catalog_list l;
	struct catalog_region regs[16];
	struct program p;
	size_t nreg, i, seen = 0, examples = 0;
	int real_partner_found = 0;

	(void)state;
	arena_init(&a);
	assert_int_equal(geo_load(db_get()), 0); /* the regions, as `migrate` loads them */
	assert_int_equal(catalog_seed(db_get()), 0);

	/* the listing's programs, as the provider publishes them */
	assert_int_equal(catalog_get("google-cybersecurity", &a, &p), 0);
	assert_string_equal(p.title, "Google Cybersecurity");
	assert_string_equal(p.partner, "Google");
	assert_string_equal(p.kind, "professional-certificate");
	/* a skill whose name has commas stays one skill */
	assert_int_equal(catalog_get("google-data-analytics", &a, &p), 0);
	assert_non_null(strstr(p.skills, ";Extract, Transform, Load;"));
	assert_null(strstr(p.skills, ";Transform;"));

	/* the whole catalog: about 4,000 programs; generated ones are marked as examples and
	 * read plausibly */
	memset(&q, 0, sizeof(q));
	q.limit = 100;
	for (q.offset = 0;; q.offset += 100) {
		assert_int_equal(catalog_browse(&q, &a, &l), 0);
		for (i = 0; i < l.n; i++) {
			const char *partner = l.items[i].p.partner;
			if (strstr(partner, "(example)")) {
				/* the provider's own titles may repeat a word on purpose ("Data,
				 * Data, Everywhere"); generated ones never do */
				if (doubled_word(l.items[i].p.title))
					fail_msg("doubled word in \"%s\"", l.items[i].p.title);
				examples++;
				assert_null(strstr(partner, "Google"));
				assert_null(strstr(partner, "IBM"));
			} else if (!strcmp(partner, "University of Michigan")) {
				real_partner_found = 1;
			}
		}
		seen += l.n;
		if (l.n < 100)
			break;
		arena_release(&a);
		arena_init(&a);
	}
	assert_true(seen >= 3900 && seen <= 4100);
	assert_true(examples > 0 && examples < seen - 1000);
	assert_true(real_partner_found);

	/* every region's curated list comes from the listing, never from the examples */
	nreg = catalog_regions(&a, regs, 16);
	assert_int_equal(nreg, 10);
	for (i = 0; i < nreg; i++) {
		size_t k;
		memset(&q, 0, sizeof(q));
		q.region_id = regs[i].id;
		q.limit = 100;
		assert_int_equal(catalog_browse(&q, &a, &l), 0);
		assert_true(l.n >= 20);
		for (k = 0; k < l.n; k++)
			assert_null(strstr(l.items[k].p.partner, "(example)"));
	}

	/* seeding again changes nothing */
	assert_int_equal(catalog_seed(db_get()), 0);
	memset(&q, 0, sizeof(q));
	q.limit = 1;
	assert_int_equal(catalog_browse(&q, &a, &l), 0);
	assert_int_equal(l.total, seen);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_duration_buckets),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_reviews_and_ratings),
		cmocka_unit_test(test_language_guess),
		cmocka_unit_test(test_industry_guess),
		cmocka_unit_test(test_slugs),
		cmocka_unit_test(test_search_parse),
		cmocka_unit_test(test_search_highlight),
		cmocka_unit_test(test_fold_and_prior),
		cmocka_unit_test_setup_teardown(test_generate_import_search, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_row_values, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_seed_is_the_provider_listing, db_setup,
						db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
