/* test_geo.c - New York's counties, local areas and regions (geo.h), loaded from the embedded
 * reference data into a fresh database, as `skillgate migrate` does.
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

#include "db/db.h"
#include "geo.h"
#include "util/arena.h"
#include "testdb.h"

static char dbfile[TESTDB_PATH_MAX];
static struct arena a;

static int load_geo(struct db *db, void *ctx)
{
	(void)ctx;
	return geo_load(db) == 0 ? 0 : DB_ABORT;
}

static int setup(void **state)
{
	(void)state;
	if (testdb_make(dbfile, sizeof(dbfile), "test_geo") != 0)
		return -1;
	if (db_open(dbfile, 0) != 0 || db_migrate(db_get()) != 0)
		return -1;
	if (db_write(load_geo, NULL) != 0)
		return -1;
	arena_init(&a);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&a);
	testdb_remove(dbfile);
	return 0;
}

static void test_counts(void **state)
{
	const char **counties;
	struct area_row *areas;
	struct region_row *regions;
	size_t n, i;

	(void)state;
	n = geo_counties(&a, &counties);
	assert_int_equal(n, 62);
	for (i = 1; i < n; i++) /* alphabetical, each once */
		assert_true(strcmp(counties[i - 1], counties[i]) < 0);
	assert_string_equal(counties[0], "Albany");
	assert_string_equal(counties[n - 1], "Yates");
	assert_int_equal(geo_areas(&a, &areas), 33);
	assert_int_equal(geo_regions(&a, &regions), 10);
	for (i = 0; i < 10; i++) {
		assert_true(regions[i].slug[0] != '\0');
		assert_true(regions[i].name[0] != '\0');
	}
	for (i = 0; i < 33; i++) {
		assert_true(areas[i].slug[0] != '\0');
		assert_true(areas[i].region_id > 0);
		assert_non_null(areas[i].region);
	}
}

/* Loading again (every `migrate` does) changes nothing and keeps the ids. */
static void test_reload_is_idempotent(void **state)
{
	struct area_row *before, *after;
	const char **counties;
	struct region_row *regions;
	size_t i;

	(void)state;
	assert_int_equal(geo_areas(&a, &before), 33);
	assert_int_equal(db_write(load_geo, NULL), 0);
	assert_int_equal(geo_areas(&a, &after), 33);
	for (i = 0; i < 33; i++) {
		assert_int_equal(before[i].id, after[i].id);
		assert_string_equal(before[i].name, after[i].name);
	}
	assert_int_equal(geo_counties(&a, &counties), 62);
	assert_int_equal(geo_regions(&a, &regions), 10);
}

static void assert_place(const char *county, const char *town, const char *area, const char *region)
{
	struct place p;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = geo_assign(&a, county, town, &p);
	if (rc != 0)
		fail_msg("%s / %s: geo_assign returned %d", county, town ? town : "(no town)", rc);
	assert_string_equal(p.local_area, area);
	if (region)
		assert_string_equal(p.region, region);
	assert_true(p.local_area_id > 0);
	assert_true(p.region_id > 0);
	assert_non_null(p.region_slug);
	assert_int_equal(geo_area_find(area), p.local_area_id);
}

static void test_whole_counties(void **state)
{
	(void)state;
	assert_place("Albany", NULL, "Albany-Rensselaer-Schenectady", "Capital Region");
	assert_place("Bronx", NULL, "New York City", "New York City");
	assert_place("Kings", NULL, "New York City", "New York City");
	assert_place("Erie", NULL, "Erie", NULL);
	assert_place("Putnam", NULL, "Westchester-Putnam", "Mid-Hudson");
	/* case does not matter; a town given for a whole county is ignored */
	assert_place("albany", NULL, "Albany-Rensselaer-Schenectady", NULL);
	assert_place("ST. LAWRENCE", NULL, "St. Lawrence", NULL);
	assert_place("Albany", "Anywhere", "Albany-Rensselaer-Schenectady", NULL);
}

static void test_split_counties_need_a_town(void **state)
{
	struct place p;
	const char **towns;

	(void)state;
	assert_int_equal(geo_assign(&a, "Nassau", NULL, &p), -2);
	assert_int_equal(geo_assign(&a, "Nassau", "", &p), -2);
	assert_int_equal(geo_assign(&a, "Nassau", "Brooklyn", &p), -2);
	assert_int_equal(geo_assign(&a, "Westchester", NULL, &p), -2);
	assert_int_equal(geo_assign(&a, "Westchester", "Hempstead", &p), -2);

	assert_place("Nassau", "Hempstead", "Hempstead-Long Beach", "Long Island");
	assert_place("Nassau", "hempstead", "Hempstead-Long Beach", NULL);
	assert_place("Nassau", "Long Beach (city)", "Hempstead-Long Beach", NULL);
	assert_place("Nassau", "Oyster Bay", "Oyster Bay-North Hempstead-Glen Cove", "Long Island");
	assert_place("Nassau", "North Hempstead", "Oyster Bay-North Hempstead-Glen Cove", NULL);
	assert_place("Nassau", "Glen Cove (city)", "Oyster Bay-North Hempstead-Glen Cove", NULL);
	assert_place("Westchester", "Yonkers (city)", "Yonkers", "Mid-Hudson");
	assert_place("Westchester", "Elsewhere in Westchester County", "Westchester-Putnam",
		     "Mid-Hudson");

	/* the choices a form offers are exactly the towns that assign */
	assert_int_equal(geo_towns(&a, "Nassau", &towns), 5);
	assert_string_equal(towns[0], "Hempstead");
	assert_string_equal(towns[1], "Long Beach (city)");
	assert_string_equal(towns[2], "Oyster Bay");
	assert_int_equal(geo_towns(&a, "Westchester", &towns), 2);
	assert_string_equal(towns[0], "Yonkers (city)");
	assert_string_equal(towns[1], "Elsewhere in Westchester County");
	assert_int_equal(geo_towns(&a, "Albany", &towns), 0);
	assert_int_equal(geo_towns(&a, "Bergen", &towns), 0);
}

/* A county's region comes from the county, even where its local area spans two regions. */
static void test_area_spanning_regions(void **state)
{
	(void)state;
	assert_place("Madison", NULL, "Oneida-Herkimer-Madison", "Central New York");
	assert_place("Oneida", NULL, "Oneida-Herkimer-Madison", "Mohawk Valley");
}

static void test_unknown_county(void **state)
{
	struct place p;

	(void)state;
	assert_int_equal(geo_assign(&a, "Bergen", NULL, &p), -1);
	assert_int_equal(geo_assign(&a, "Bergen", "Hempstead", &p), -1);
	assert_int_equal(geo_assign(&a, "", NULL, &p), -1);
	assert_int_equal(geo_assign(&a, NULL, NULL, &p), -1);
	assert_int_equal(geo_assign(&a, "Albany'; DROP TABLE county_areas; --", NULL, &p), -1);
	assert_int_equal(geo_assign(&a, "Nassau ", "Hempstead", &p), -1);
	assert_int_equal(geo_is_county("Kings"), 1);
	assert_int_equal(geo_is_county("kings"), 1);
	assert_int_equal(geo_is_county("New York"), 1);
	assert_int_equal(geo_is_county("Bergen"), 0);
	assert_int_equal(geo_is_county(""), 0);
	assert_int_equal(geo_is_county(NULL), 0);
	assert_int_equal(geo_area_find("No Such Area"), 0);
	assert_int_equal(geo_area_find(NULL), 0);
}

static void test_region_lookup(void **state)
{
	struct region_row r, s;

	(void)state;
	assert_int_equal(geo_region_find(&a, "Long Island", &r), 0);
	assert_string_equal(r.name, "Long Island");
	assert_int_equal(geo_region_find(&a, r.slug, &s), 0);
	assert_int_equal(s.id, r.id);
	assert_int_equal(geo_region_find(&a, "Atlantis", &r), -1);
	assert_int_equal(geo_region_find(&a, NULL, &r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_reload_is_idempotent),
		cmocka_unit_test(test_whole_counties),
		cmocka_unit_test(test_split_counties_need_a_town),
		cmocka_unit_test(test_area_spanning_regions),
		cmocka_unit_test(test_unknown_county),
		cmocka_unit_test(test_region_lookup),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
