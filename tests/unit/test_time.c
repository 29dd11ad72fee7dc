/* test_time.c - dates, ISO 8601 times and New York local time (util/timeutil.h).
 *
 * New York's offset is computed by skillgate itself (no process-wide TZ); here it is checked
 * against the system's tz database for every hour of ten years, around each DST change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/timeutil.h"

static void test_date_valid(void **state)
{
	static const char *const good[] = { "2024-02-29", "2000-02-29", "1900-01-01", "2200-12-31",
					    "2026-11-29", "1990-12-31", "2026-04-30", "2026-01-31",
					    "1996-02-29", "2026-02-28" };
	static const char *const bad[] = {
		"1990-+1-01",
		"1990-01-+1",
		"+990-01-01",
		"-990-01-01",
		"1990--1-01",
		"1990-1-01",
		"1990-01-1",
		"990-01-01",
		" 990-01-01",
		"1990-01-01 ",
		"1990-01-01x",
		"1990/01/01",
		"1990-01-0 ",
		"1990-0 -01",
		"1990 01 01",
		"19900101",
		"1990-01-01T00:00:00Z",
		"",
		"2023-02-29",
		"1900-02-29",
		"2100-02-29",
		"2026-04-31",
		"2026-06-31",
		"2026-09-31",
		"2026-11-31",
		"2026-01-32",
		"1990-00-01",
		"1990-13-01",
		"1990-01-00",
		"1899-12-31",
		"2201-01-01",
		"0000-01-01",
		"9999-12-31",
		"1990-1a-01",
		"1990-01-0a",
		"\xd9\xa1\xd9\xa9\xd9\xa9\xd9\xa0-01-01",
		"1990-01-\x00"
		"1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (date_valid(good[i]) != 1)
			fail_msg("\"%s\" is a real date", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (date_valid(bad[i]) != 0)
			fail_msg("\"%s\" is not a date", bad[i]);
	assert_int_equal(date_valid(NULL), 0);
}

static void test_every_day_of_a_leap_cycle(void **state)
{
	char s[48];
	int y, m, d, n = 0;

	(void)state;
	for (y = 2096; y <= 2104; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= 31; d++) {
				struct tm tm = { 0 };
				time_t t;
				int real;
				tm.tm_year = y - 1900;
				tm.tm_mon = m - 1;
				tm.tm_mday = d;
				tm.tm_hour = 12;
				t = timegm(&tm);
				gmtime_r(&t, &tm);
				real = tm.tm_mday == d; /* timegm normalizes impossible days */
				snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
				if (date_valid(s) != real)
					fail_msg("date_valid(\"%s\") should be %d", s, real);
				n += real;
			}
	assert_int_equal(n, 366 * 2 + 365 * 7); /* 2096 and 2104 leap, 2100 not */
}

static void test_iso_parse(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(iso_parse("2026-11-29T06:05:00Z", &t), 0);
	assert_int_equal(t, 1795932300);
	assert_int_equal(iso_parse("2026-11-29", &t), 0);
	assert_int_equal(t, 1795932300 - 6 * 3600 - 5 * 60);
	assert_int_equal(iso_parse("2024-02-29T23:59:59Z", &t), 0);
	assert_int_equal(t, 1709251199);
	assert_int_equal(iso_parse("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(iso_parse("1900-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, -2208988800LL);
	assert_int_equal(iso_parse("2100-12-31T23:59:59Z", &t), 0);
	assert_int_equal(t, 4133980799LL);
	/* SQLite's own format (space, no Z) is UTC too */
	assert_int_equal(iso_parse("2026-11-29 06:05:00", &t), 0);
	assert_int_equal(t, 1795932300);

	assert_int_equal(iso_parse(NULL, &t), -1);
	assert_int_equal(iso_parse("", &t), -1);
	assert_int_equal(iso_parse("2026-11", &t), -1);
	assert_int_equal(iso_parse("2026-02-30T00:00:00Z", &t), -1);
	assert_int_equal(iso_parse("2026-11-29T24:00:00Z", &t), -1);
	assert_int_equal(iso_parse("2026-11-29T23:60:00Z", &t), -1);
	assert_int_equal(iso_parse("2026-11-29T23:59:61Z", &t), -1);
	assert_int_equal(iso_parse("2026-11-29X06:05:00Z", &t), -1);
	assert_int_equal(iso_parse("2026-11-29T06:05Z", &t), -1);
	assert_int_equal(iso_parse("2026-11-29T06:05", &t), -1);
	assert_int_equal(iso_parse("2026-11-29Tab:cd:efZ", &t), -1);
	assert_int_equal(iso_parse("1990-+1-01T00:00:00Z", &t), -1);
	assert_int_equal(iso_parse("2026-11-29junk", &t), -1);
}

/* Signs, spaces and trailing text inside the time part are not ISO 8601: they must be
 * refused, not read as another time. "+05:00" is an offset the parser does not apply. */
static void test_iso_parse_refuses_odd_times(void **state)
{
	static const char *const bad[] = {
		"2026-11-29T-1:00:00Z",	    "2026-11-29T+1:00:00Z",
		"2026-11-29T06:-5:00Z",	    "2026-11-29T06:05:-1Z",
		"2026-11-29T 6: 5: 0Z",	    "2026-11-29T06:05:00+05:00",
		"2026-11-29T06:05:00Zjunk", "2026-11-29T06:05:00-04:00",
	};
	size_t i, accepted = 0;
	int64_t t;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (iso_parse(bad[i], &t) != -1) {
			print_error("iso_parse(\"%s\") accepted it as %lld\n", bad[i],
				    (long long)t);
			accepted++;
		}
	assert_int_equal(accepted, 0);
}

static void test_iso_round_trip(void **state)
{
	static const int64_t times[] = {
		0,	    1,		1795932300,   1709251199,   951782400,
		4102444800, 2147483647, 2147483648LL, -2208988800LL
	};
	char out[ISO_LEN];
	size_t i;
	int64_t t, back;

	(void)state;
	assert_string_equal(iso_utc(0, out), "1970-01-01T00:00:00Z");
	assert_string_equal(iso_utc(1795932300, out), "2026-11-29T06:05:00Z");
	assert_string_equal(iso_utc(2147483648LL, out), "2038-01-19T03:14:08Z");
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		iso_utc(times[i], out);
		assert_int_equal(strlen(out), ISO_LEN - 1);
		assert_int_equal(iso_parse(out, &back), 0);
		assert_int_equal(back, times[i]);
	}
	/* every 7919 seconds over ten years */
	for (t = 1577836800; t < 1893456000; t += 7919) {
		assert_int_equal(iso_parse(iso_utc(t, out), &back), 0);
		if (back != t)
			fail_msg("%lld -> %s -> %lld", (long long)t, out, (long long)back);
	}
	iso_now(out);
	assert_int_equal(iso_parse(out, &back), 0);
	assert_true(back - now_unix() <= 1 && now_unix() - back <= 1);
}

static void test_ny_dst_changes(void **state)
{
	char s[64];

	(void)state;
	/* 2026: DST starts Sunday March 8 at 2:00 EST, ends Sunday November 1 at 2:00 EDT */
	assert_string_equal(time_show_ny(1772953199, 0, s, sizeof(s)), "Mar 8, 2026, 1:59 AM");
	assert_string_equal(time_show_ny(1772953200, 0, s, sizeof(s)), "Mar 8, 2026, 3:00 AM");
	assert_string_equal(time_show_ny(1793512799, 0, s, sizeof(s)), "Nov 1, 2026, 1:59 AM");
	assert_string_equal(time_show_ny(1793512800, 0, s, sizeof(s)), "Nov 1, 2026, 1:00 AM");
	/* 2026-11-29T06:05:00Z is 1:05 AM in New York, the day of the example in timeutil.h */
	assert_string_equal(time_show_ny(1795932300, 0, s, sizeof(s)), "Nov 29, 2026, 1:05 AM");
	assert_string_equal(time_show_ny(1795932300, 1, s, sizeof(s)), "29 nov 2026, 1:05 a. m.");
	/* noon and midnight */
	assert_string_equal(
		time_show_ny(1795932300 - 6 * 3600 - 5 * 60 + 5 * 3600, 0, s, sizeof(s)),
		"Nov 29, 2026, 12:00 AM");
	assert_string_equal(
		time_show_ny(1795932300 - 6 * 3600 - 5 * 60 + 17 * 3600, 0, s, sizeof(s)),
		"Nov 29, 2026, 12:00 PM");
	assert_string_equal(
		time_show_ny(1795932300 - 6 * 3600 - 5 * 60 + 17 * 3600, 1, s, sizeof(s)),
		"29 nov 2026, 12:00 p. m.");
	/* New Year's Eve in New York is already January 1 in UTC */
	assert_string_equal(time_show_ny(1798779600 - 60, 0, s, sizeof(s)),
			    "Dec 31, 2026, 11:59 PM");
}

/* Against the tz database: every hour (and the second before it) from 2020 to 2035. */
static void test_ny_offset_matches_tzdata(void **state)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char got[64], want[64];
	int64_t t;
	int k, bad = 0;

	(void)state;
	setenv("TZ", "America/New_York", 1);
	tzset();
	for (t = 1577836800; t < 2051222400 && bad < 5; t += 3600) {
		for (k = 0; k < 2; k++) {
			time_t tt = (time_t)(t - k);
			struct tm tm;
			int h;
			localtime_r(&tt, &tm);
			h = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
			snprintf(want, sizeof(want), "%s %d, %d, %d:%02d %s", mon[tm.tm_mon],
				 tm.tm_mday, tm.tm_year + 1900, h, tm.tm_min,
				 tm.tm_hour < 12 ? "AM" : "PM");
			time_show_ny(t - k, 0, got, sizeof(got));
			if (strcmp(got, want)) {
				print_error("t=%lld: got \"%s\", tzdata says \"%s\"\n",
					    (long long)(t - k), got, want);
				bad++;
			}
		}
	}
	unsetenv("TZ");
	tzset();
	assert_int_equal(bad, 0);
}

static void test_today_and_date_show(void **state)
{
	char d[11], s[64];
	time_t now = time(NULL);
	struct tm tm;
	char want[11];

	(void)state;
	date_today_ny(d);
	assert_int_equal(date_valid(d), 1);
	setenv("TZ", "America/New_York", 1);
	tzset();
	localtime_r(&now, &tm);
	strftime(want, sizeof(want), "%Y-%m-%d", &tm);
	unsetenv("TZ");
	tzset();
	assert_string_equal(d, want);

	assert_string_equal(date_show("2026-11-29", 0, s, sizeof(s)), "Nov 29, 2026");
	assert_string_equal(date_show("2026-11-29", 1, s, sizeof(s)), "29 nov 2026");
	assert_string_equal(date_show("2026-09-01", 1, s, sizeof(s)), "1 sept 2026");
	assert_string_equal(date_show("2026-02-30", 0, s, sizeof(s)), "2026-02-30");
	assert_string_equal(date_show(NULL, 0, s, sizeof(s)), "");
	/* a small buffer is cut, not overrun */
	assert_string_equal(date_show("2026-11-29", 0, s, 4), "Nov");
	assert_string_equal(time_show_ny(1795932300, 0, s, 5), "Nov ");
}

static void test_clocks(void **state)
{
	int64_t a = now_ns(), b = now_ns();

	(void)state;
	assert_true(b >= a);
	assert_true(now_unix() > 1767225600); /* after 2026-01-01 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_every_day_of_a_leap_cycle),
		cmocka_unit_test(test_iso_parse),
		cmocka_unit_test(test_iso_parse_refuses_odd_times),
		cmocka_unit_test(test_iso_round_trip),
		cmocka_unit_test(test_ny_dst_changes),
		cmocka_unit_test(test_ny_offset_matches_tzdata),
		cmocka_unit_test(test_today_and_date_show),
		cmocka_unit_test(test_clocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
