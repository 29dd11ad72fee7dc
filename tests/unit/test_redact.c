/* test_redact.c - database locations are printed without their passwords (util/redact.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/redact.h"

static const char *shown(const char *loc)
{
	static char out[REDACT_MAX];
	return redact_db_location(loc, out, sizeof(out));
}

static void test_password_in_the_url_is_hidden(void **state)
{
	(void)state;
	assert_string_equal(
		shown("postgresql://skillgate:s3cret-Pa55@db.labor.ny.gov:5432/skillgate"),
		"postgresql://skillgate:***@db.labor.ny.gov:5432/skillgate");
	assert_string_equal(shown("postgres://sg:pw@10.0.0.5/sg?sslmode=require"),
			    "postgres://sg:***@10.0.0.5/sg?sslmode=require");
	/* an unencoded '@' in the password: everything up to the host stays hidden */
	assert_string_equal(shown("postgresql://sg:p@ss@db/sg"), "postgresql://sg:***@db/sg");
	/* an empty password is still a password field */
	assert_string_equal(shown("postgresql://sg:@db/sg"), "postgresql://sg:***@db/sg");
}

static void test_password_parameter_is_hidden(void **state)
{
	(void)state;
	assert_string_equal(
		shown("postgresql:///skillgate?host=/run/postgresql&password=hunter2&port=5433"),
		"postgresql:///skillgate?host=/run/postgresql&password=***&port=5433");
	assert_string_equal(shown("postgresql:///sg?PASSWORD=hunter2"),
			    "postgresql:///sg?PASSWORD=***");
	assert_string_equal(shown("postgresql://a:b@db/sg?password=c"),
			    "postgresql://a:***@db/sg?password=***");
	assert_string_equal(shown("host=db password='two words' dbname=sg"),
			    "host=db password=*** dbname=sg");
}

static void test_locations_without_a_password_are_unchanged(void **state)
{
	static const char *const same[] = {
		"var/skillgate.db",
		"/srv/skillgate/var/skillgate.db",
		"postgresql://skillgate@db.labor.ny.gov/skillgate",
		"postgresql:///sg_1?host=/tmp/skillgate-pg-x&port=5433&user=postgres",
		"postgresql://db:5432/sg",
		"/srv/user:password@host/not-a-url.db",
		"postgresql:///sg?old_password_hint=1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		assert_string_equal(shown(same[i]), same[i]);
	assert_string_equal(shown(NULL), "");
}

static void test_a_short_buffer_is_cut_not_overrun(void **state)
{
	char out[20];

	(void)state;
	memset(out, 'x', sizeof(out));
	redact_db_location("postgresql://sg:secret@db.example/skillgate", out, sizeof(out));
	assert_int_equal(strlen(out), sizeof(out) - 1);
	assert_null(strstr(out, "secret"));
	redact_db_location("postgresql://sg:secret@db/sg", out, 1);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_in_the_url_is_hidden),
		cmocka_unit_test(test_password_parameter_is_hidden),
		cmocka_unit_test(test_locations_without_a_password_are_unchanged),
		cmocka_unit_test(test_a_short_buffer_is_cut_not_overrun),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
