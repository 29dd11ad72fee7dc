/* test_realistic.c - the domain on realistic data (realistic.h): the provider's real catalog
 * listing imported with URLs, learners with real names and OSOS IDs enrolled in those programs
 * through a usage report. Each value a learner or staff member is shown must be the stored
 * one: the enrollment list and its JSON carry each program's own URL, title and partner, and
 * the learner record its names and OSOS ID, byte for byte. Under AddressSanitizer (make asan)
 * a value read after its statement moved on fails here as heap-use-after-free. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "db/db.h"
#include "util/config.h"
#include "enrollment.h"
#include "learner.h"
#include "realistic.h"
#include "util/arena.h"
#include "principal.h"
#include "testdb.h"

static char dbfile[TESTDB_PATH_MAX];

static int setup(void **state)
{
	(void)state;
	if (testdb_make(dbfile, sizeof(dbfile), "test_realistic") != 0)
		return -1;
	if (db_open(dbfile, 0) != 0 || db_migrate(db_get()) != 0)
		return -1;
	return realistic_load();
}

static int teardown(void **state)
{
	(void)state;
	testdb_remove(dbfile);
	return 0;
}

/* The stored program columns for a slug, copied into the arena. */
struct stored {
	const char *url, *title, *partner, *kind;
};

static struct stored stored_program(struct arena *a, const char *slug)
{
	struct stored s;
	struct stmt *st = db_prepare(db_get(), "SELECT url, title, partner, kind FROM programs "
					       "WHERE slug = ?");

	stmt_bind_text(st, 1, slug);
	assert_int_equal(stmt_step(st), DB_ROW);
	s.url = arena_strdup(a, stmt_text(st, 0));
	s.title = arena_strdup(a, stmt_text(st, 1));
	s.partner = arena_strdup(a, stmt_text(st, 2));
	s.kind = arena_strdup(a, stmt_text(st, 3));
	stmt_done(st);
	return s;
}

static void test_enrollments_show_each_programs_own_url(void **state)
{
	size_t i, j, checked = 0;

	(void)state;
	for (i = 0; i < REALISTIC_N; i++) {
		struct arena a;
		struct enrollment_list l;
		json_t *arr;

		arena_init(&a);
		assert_int_equal(enrollment_list(realistic_learners[i].id, &a, &l), 0);
		assert_int_equal(l.n, 3);
		arr = enrollment_list_json(&l);
		assert_non_null(arr);
		assert_int_equal(json_array_size(arr), l.n);
		for (j = 0; j < l.n; j++) {
			struct stored s = stored_program(&a, l.items[j].program_slug);
			json_t *o = json_array_get(arr, j);

			assert_true(strncmp(s.url, "https://www.coursera.org/", 25) == 0);
			assert_string_equal(l.items[j].course_url, s.url);
			assert_string_equal(l.items[j].program_title, s.title);
			assert_string_equal(l.items[j].partner, s.partner);
			assert_string_equal(l.items[j].program_kind, s.kind);
			assert_non_null(json_object_get(o, "url"));
			assert_string_equal(json_string_value(json_object_get(o, "url")), s.url);
			assert_string_equal(json_string_value(json_object_get(o, "title")),
					    s.title);
			assert_string_equal(json_string_value(json_object_get(o, "partner")),
					    s.partner);
			checked++;
		}
		json_decref(arr);
		arena_release(&a);
	}
	assert_int_equal(checked, 3 * REALISTIC_N);
}

static void test_learner_record_keeps_names_and_osos_id(void **state)
{
	struct principal admin = { ROLE_STATE_ADMIN, 1, 0, "state.admin@example.org", "Sam" };
	size_t i;

	(void)state;
	for (i = 0; i < REALISTIC_N; i++) {
		struct arena a;
		struct learner_detail d;

		arena_init(&a);
		assert_int_equal(learner_get(&a, &admin, realistic_learners[i].id, &d), LEARNER_OK);
		assert_string_equal(d.l.first_name, realistic_learners[i].first);
		assert_string_equal(d.l.last_name, realistic_learners[i].last);
		assert_string_equal(d.l.email, realistic_learners[i].email);
		assert_string_equal(d.l.osos_id, realistic_learners[i].osos);
		arena_release(&a);
	}
}

static void test_completion_and_certificate_from_the_report(void **state)
{
	struct arena a;
	struct enrollment_list l;
	size_t j, completed = 0;

	(void)state;
	arena_init(&a);
	assert_int_equal(enrollment_list(realistic_learners[0].id, &a, &l), 0);
	for (j = 0; j < l.n; j++)
		if (!strcmp(l.items[j].state, "completed")) {
			completed++;
			assert_string_equal(l.items[j].certificate_url,
					    "https://www.coursera.org/account/accomplishments/"
					    "verify/K7QX2M9PLT4B");
		}
	assert_int_equal(completed, 1);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enrollments_show_each_programs_own_url),
		cmocka_unit_test(test_learner_record_keeps_names_and_osos_id),
		cmocka_unit_test(test_completion_and_certificate_from_the_report),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
