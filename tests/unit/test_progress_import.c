/* test_progress_import.c - the provider's usage and membership reports.
 *
 * Each test starts from a fresh database with three learners (one known by OSOS ID, one by
 * e-mail only, one by skillgate id) and three programs, imports small reports written the
 * way the provider writes them, and checks the answer ({rows, applied, unchanged, errors})
 * and what was stored: the edge cases of the issue (BOM, CRLF, quoted commas and quotes,
 * empty lines, bad dates, 0.5 vs 50%, unknown learner and course, an older file after a newer
 * one, the same file twice, partial imports) and the parsers on their own.
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
#include "progress_import.h"
#include "testdb.h"

#define HEADER                                                                                     \
	"Name,Email,External Id,Course,Course ID,Course Slug,University,Enrollment Time,"          \
	"Class Start Time,Class End Time,Last Course Activity Time,Overall Progress,"              \
	"Estimated Learning Hours,Completed,Removed From Program,Program Slug,Program Name,"       \
	"Enrollment Source,Completion Time,Course Grade,Course Certificate URL,For Credit,"        \
	"Course Type,Job Title,Job Type,Location City,Location Region,Location Country"

static char dbfile[TESTDB_PATH_MAX];
static int64_t ana, ben, cy; /* learner ids */

/* ---- fixtures ---------------------------------------------------------------------------- */

struct person {
	const char *email, *osos;
	int64_t id;
};

static int add_person(struct db *db, void *ctx)
{
	struct person *p = ctx;
	struct stmt *st =
		db_prepare(db, "INSERT INTO applications (reference, first_name, "
			       "last_name, email, email_norm, person_key, birth_date, "
			       "county, employment_status, decision, policy_version, "
			       "status, submitted_at, due_at) VALUES (?, 'T', 'T', ?, ?, ?, "
			       "'1980-01-01', 'Albany', 'unemployed', 'eligible', 1, "
			       "'active', '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z')");
	int64_t app;

	stmt_bind_text(st, 1, p->email);
	stmt_bind_text(st, 2, p->email);
	stmt_bind_text(st, 3, p->email);
	stmt_bind_text(st, 4, p->email);
	if (stmt_step(st) != DB_DONE)
		return DB_ABORT;
	stmt_done(st);
	app = db_last_id(db);
	st = db_prepare(db,
			"INSERT INTO learners (application_id, email, email_norm, first_name, "
			"last_name, osos_id, license_status, created_at, updated_at) VALUES (?, "
			"?, ?, 'T', 'T', ?, 'active', '2026-01-01T00:00:00Z', "
			"'2026-01-01T00:00:00Z')");
	stmt_bind_int(st, 1, app);
	stmt_bind_text(st, 2, p->email);
	stmt_bind_text(st, 3, p->email);
	stmt_bind_text(st, 4, p->osos);
	if (stmt_step(st) != DB_DONE)
		return DB_ABORT;
	stmt_done(st);
	p->id = db_last_id(db);
	return 0;
}

static int add_programs(struct db *db, void *ctx)
{
	static const char *const rows[][2] = { { "python", "crs-py" },
					       { "writing", "crs-wr" },
					       { "excel", "crs-xl" } };
	size_t i;

	(void)ctx;
	for (i = 0; i < 3; i++) {
		struct stmt *st = db_prepare(db, "INSERT INTO programs (provider_id, slug, kind, "
						 "title, created_at, updated_at) VALUES (?, ?, "
						 "'course', ?, '2026-01-01T00:00:00Z', "
						 "'2026-01-01T00:00:00Z')");
		stmt_bind_text(st, 1, rows[i][1]);
		stmt_bind_text(st, 2, rows[i][0]);
		stmt_bind_text(st, 3, rows[i][0]);
		if (stmt_step(st) != DB_DONE)
			return DB_ABORT;
		stmt_done(st);
	}
	return 0;
}

static int setup(void **state)
{
	struct person p[3] = { { "ana@example.org", "AB1234567", 0 },
			       { "ben@example.org", "", 0 },
			       { "cy@example.org", "", 0 } };
	int i;

	(void)state;
	if (testdb_make(dbfile, sizeof(dbfile), "test_progress_import") != 0)
		return -1;
	if (db_open(dbfile, 0) != 0 || db_migrate(db_get()) != 0)
		return -1;
	for (i = 0; i < 3; i++)
		if (db_write(add_person, &p[i]) != 0)
			return -1;
	ana = p[0].id;
	ben = p[1].id;
	cy = p[2].id;
	return db_write(add_programs, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	testdb_remove(dbfile);
	return 0;
}

/* ---- helpers ------------------------------------------------------------------------------ */

static struct import_result res;

static int run(enum import_kind kind, const char *csv, int dry_run, int partial)
{
	struct import_opts o = { dry_run, partial, NULL, "test.csv" };

	import_result_release(&res);
	return progress_import(kind, csv, strlen(csv), &o, &res);
}

static int usage(const char *csv)
{
	return run(IMPORT_USAGE, csv, 0, 0);
}

/* One usage line with the columns that matter; the rest as the provider leaves them. */
static const char *line(const char *email, const char *ext, const char *slug, const char *cid,
			const char *last, const char *progress, const char *completed,
			const char *completion, const char *cert)
{
	static char buf[8][1024];
	static int k;
	char *b = buf[k++ % 8];

	snprintf(b, 1024,
		 "\"Tester, Ana\",%s,%s,\"Course \"\"One\"\"\",%s,%s,Uni,2026-02-01 09:00:00,,,%s,"
		 "%s,2.5,%s,No,,,Invitation,%s,,%s,No,Course,,,,,",
		 email, ext, cid, slug, last, progress, completed, completion, cert);
	return b;
}

/* The stored enrollment: returns 1 when it exists. */
struct enr {
	char state[16], last[32], completed[32], cert[256];
	double progress, hours;
};

static int enr(int64_t learner, const char *slug, struct enr *e)
{
	struct stmt *st = db_prepare(db_get(), "SELECT e.state, COALESCE(e.last_activity_at, ''), "
					       "COALESCE(e.completed_at, ''), e.certificate_url, "
					       "e.progress, e.learning_hours FROM enrollments e "
					       "JOIN programs p ON p.id = e.program_id WHERE "
					       "e.learner_id = ? AND p.slug = ?");
	int found;

	memset(e, 0, sizeof(*e));
	stmt_bind_int(st, 1, learner);
	stmt_bind_text(st, 2, slug);
	found = stmt_step(st) == DB_ROW;
	if (found) {
		snprintf(e->state, sizeof(e->state), "%s", stmt_text(st, 0));
		snprintf(e->last, sizeof(e->last), "%s", stmt_text(st, 1));
		snprintf(e->completed, sizeof(e->completed), "%s", stmt_text(st, 2));
		snprintf(e->cert, sizeof(e->cert), "%s", stmt_text(st, 3));
		e->progress = stmt_double(st, 4);
		e->hours = stmt_double(st, 5);
	}
	stmt_done(st);
	return found;
}

static int64_t count(void)
{
	struct stmt *st = db_prepare(db_get(), "SELECT COUNT(*) FROM enrollments");
	int64_t n = 0;

	if (stmt_step(st) == DB_ROW)
		n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static void assert_error(size_t i, size_t line_no, const char *words)
{
	assert_true(i < res.nerrors);
	if (res.errors[i].line != line_no || !strstr(res.errors[i].message, words))
		fail_msg("error %zu: line %zu \"%s\"; want line %zu with \"%s\"", i,
			 res.errors[i].line, res.errors[i].message, line_no, words);
}

/* ---- the file's form -------------------------------------------------------------------------- */

static void test_bom_crlf_and_quotes(void **state)
{
	char csv[4096];

	(void)state;
	snprintf(csv, sizeof(csv), "\xEF\xBB\xBF%s\r\n%s\r\n%s\r\n", HEADER,
		 line("ana@example.org", "", "python", "", "2026-03-04T15:22:10.000Z", "0.5", "No",
		      "", ""),
		 line("ben@example.org", "", "writing", "", "2026-03-05 08:00:00", "50%", "No", "",
		      ""));
	assert_int_equal(usage(csv), 0);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.applied, 2);
	assert_int_equal(res.created, 2);
	assert_int_equal(res.nerrors, 0);
	assert_true(res.committed);
	{
		struct enr e;
		assert_true(enr(ana, "python", &e));
		assert_true(e.progress == 50.0);
		assert_true(e.hours == 2.5);
		assert_string_equal(e.last, "2026-03-04T15:22:10Z");
		assert_string_equal(e.state, "enrolled");
		assert_true(enr(ben, "writing", &e));
		assert_true(e.progress == 50.0); /* 0.5 and 50% are the same */
		assert_string_equal(e.last, "2026-03-05T08:00:00Z");
	}
}

static void test_columns_in_any_order_unknown_ignored(void **state)
{
	const char *csv = "Overall Progress,Mystery Column,Course ID,External Id,Email\n"
			  "25%,whatever,crs-xl,AB1234567,\n"
			  "0.75,\"with, comma\",crs-py,,cy@example.org\n";
	struct enr e;

	(void)state;
	assert_int_equal(usage(csv), 0);
	assert_int_equal(res.applied, 2);
	assert_true(enr(ana, "excel", &e) && e.progress == 25.0);
	assert_true(enr(cy, "python", &e) && e.progress == 75.0);
}

static void test_match_by_learner_id_then_email(void **state)
{
	char csv[2048], id[32];
	struct enr e;

	(void)state;
	snprintf(id, sizeof(id), "%lld", (long long)ben);
	/* a skillgate id wins over a wrong e-mail; an unknown OSOS ID falls back to the e-mail */
	snprintf(csv, sizeof(csv), "%s\n%s\n%s\n", HEADER,
		 line("someone.else@example.org", id, "python", "", "", "10%", "", "", ""),
		 line("CY@Example.org", "ZZ9999999", "writing", "", "", "20%", "", "", ""));
	assert_int_equal(usage(csv), 0);
	assert_true(enr(ben, "python", &e) && e.progress == 10.0);
	assert_true(enr(cy, "writing", &e) && e.progress == 20.0);
}

static void test_empty_lines_count_in_line_numbers(void **state)
{
	char csv[4096];

	(void)state;
	/* line 1 header, 2 good, 3 empty, 4 a quoted field over two lines (4-5), 6 empty,
	 * 7 bad */
	snprintf(csv, sizeof(csv), "%s\n%s\n\n%s\n\n%s\n\n", HEADER,
		 line("ana@example.org", "", "python", "", "", "0.1", "", "", ""),
		 "\"Two\nlines\",ben@example.org,,x,,writing,,,,,,0.2,,,,,,,,,,,,,,,,",
		 line("nobody@example.org", "", "python", "", "", "0.3", "", "", ""));
	assert_int_equal(usage(csv), 1);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.nerrors, 1);
	assert_error(0, 7, "nobody@example.org");
	assert_false(res.committed);
	assert_int_equal(count(), 0); /* one bad line: nothing of the file */
}

static void test_bad_dates_and_values(void **state)
{
	char csv[4096];

	(void)state;
	snprintf(csv, sizeof(csv), "%s\n%s\n%s\n%s\n%s\n%s\n", HEADER,
		 line("ana@example.org", "", "python", "", "2026-13-01", "0.1", "", "", ""),
		 line("ana@example.org", "", "writing", "", "31/12/2026", "0.1", "", "", ""),
		 line("ana@example.org", "", "excel", "", "2026-02-30 10:00", "0.1", "", "", ""),
		 line("ben@example.org", "", "python", "", "", "lots", "maybe", "", ""),
		 line("ben@example.org", "", "writing", "", "", "150%", "", "",
		      "javascript:alert(1)"));
	assert_int_equal(usage(csv), 1);
	assert_int_equal(res.rows, 5);
	assert_int_equal(res.nerrors, 5);
	assert_error(0, 2, "Last Course Activity Time \"2026-13-01\" is not a date");
	assert_error(1, 3, "31/12/2026");
	assert_error(2, 4, "2026-02-30");
	assert_error(3, 5, "Overall Progress \"lots\"");
	assert_error(3, 5, "Completed \"maybe\" is not Yes or No");
	assert_error(4, 6, "150%");
	assert_error(4, 6, "Course Certificate URL");
	assert_int_equal(count(), 0);
}

static void test_unknown_learner_and_course(void **state)
{
	char csv[4096];

	(void)state;
	snprintf(csv, sizeof(csv), "%s\n%s\n%s\n%s\n%s\n", HEADER,
		 line("ana@example.org", "", "python", "", "", "0.4", "", "", ""),
		 line("ghost@example.org", "XY0000001", "python", "", "", "0.4", "", "", ""),
		 line("ana@example.org", "", "no-such-course", "crs-none", "", "0.4", "", "", ""),
		 line("", "", "", "", "", "0.4", "", "", ""));
	assert_int_equal(usage(csv), 1);
	assert_int_equal(res.nerrors, 3);
	assert_error(0, 3,
		     "no learner with External Id \"XY0000001\" or e-mail \"ghost@example.org\"");
	assert_error(1, 4,
		     "no program with Course Slug \"no-such-course\" or Course ID \"crs-none\"");
	assert_error(2, 5, "no External Id or Email");
	assert_error(2, 5, "no Course Slug or Course ID");
	/* the good line's counts say what it would do; nothing was kept */
	assert_int_equal(res.applied, 1);
	assert_false(res.committed);
	assert_int_equal(count(), 0);

	/* with partial, the good line is kept and the bad ones are listed */
	assert_int_equal(run(IMPORT_USAGE, csv, 0, 1), 0);
	assert_true(res.committed);
	assert_int_equal(res.applied, 1);
	assert_int_equal(res.errors_total, 3);
	assert_int_equal(count(), 1);
}

static void test_same_file_twice_changes_nothing(void **state)
{
	char csv[4096];
	struct enr e;

	(void)state;
	snprintf(csv, sizeof(csv), "%s\n%s\n%s\n", HEADER,
		 line("ana@example.org", "", "python", "", "2026-03-01T10:00:00Z", "1", "Yes",
		      "2026-03-01T12:00:00Z", "https://coursera.org/verify/ABC"),
		 line("ben@example.org", "", "python", "", "2026-03-02T10:00:00Z", "0.3", "No", "",
		      ""));
	assert_int_equal(usage(csv), 0);
	assert_int_equal(res.applied, 2);
	assert_int_equal(res.completed, 1);
	assert_true(enr(ana, "python", &e));
	assert_string_equal(e.state, "completed");
	assert_string_equal(e.completed, "2026-03-01T12:00:00Z");
	assert_string_equal(e.cert, "https://coursera.org/verify/ABC");
	assert_int_equal(usage(csv), 0);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.applied, 0);
	assert_int_equal(res.unchanged, 2);
	assert_int_equal(res.completed, 0);
}

static void test_older_file_after_newer_moves_nothing_back(void **state)
{
	char newer[4096], older[4096];
	struct enr e;

	(void)state;
	snprintf(newer, sizeof(newer), "%s\n%s\n", HEADER,
		 line("ana@example.org", "", "writing", "", "2026-04-01T10:00:00Z", "100%", "Yes",
		      "2026-04-01T11:00:00Z", "https://coursera.org/verify/NEW"));
	snprintf(older, sizeof(older), "%s\n%s\n", HEADER,
		 line("ana@example.org", "", "writing", "", "2026-03-01T10:00:00Z", "40%", "No", "",
		      ""));
	assert_int_equal(usage(newer), 0);
	assert_int_equal(usage(older), 0);
	assert_int_equal(res.applied, 0);
	assert_int_equal(res.unchanged, 1);
	assert_true(enr(ana, "writing", &e));
	assert_true(e.progress == 100.0);
	assert_string_equal(e.state, "completed");
	assert_string_equal(e.last, "2026-04-01T10:00:00Z");
	assert_string_equal(e.cert, "https://coursera.org/verify/NEW");
}

static void test_dry_run_keeps_nothing(void **state)
{
	char csv[4096];

	(void)state;
	snprintf(csv, sizeof(csv), "%s\n%s\n", HEADER,
		 line("ana@example.org", "", "python", "", "", "0.5", "", "", ""));
	assert_int_equal(run(IMPORT_USAGE, csv, 1, 0), 0);
	assert_int_equal(res.applied, 1);
	assert_false(res.committed);
	assert_int_equal(count(), 0);
}

static void test_header_and_empty_file(void **state)
{
	(void)state;
	assert_int_equal(usage(""), 1);
	assert_error(0, 1, "empty");
	assert_int_equal(usage("Name,Course\nAna,Python\n"), 1);
	assert_error(0, 1, "no Email or External Id column");
	assert_int_equal(usage("Email,Course\nana@example.org,Python\n"), 1);
	assert_error(0, 1, "no Course Slug or Course ID column");
	assert_int_equal(res.rows, 0);
}

static void test_dropped_enrollment_stays_dropped_but_learns_progress(void **state)
{
	char csv[4096];
	struct enr e;
	struct stmt *st;

	(void)state;
	snprintf(csv, sizeof(csv), "%s\n%s\n", HEADER,
		 line("cy@example.org", "", "excel", "", "", "10%", "", "", ""));
	assert_int_equal(usage(csv), 0);
	st = db_prepare(db_get(), "UPDATE enrollments SET state = 'dropped'");
	assert_int_equal(stmt_step(st), DB_DONE);
	stmt_done(st);
	snprintf(csv, sizeof(csv), "%s\n%s\n", HEADER,
		 line("cy@example.org", "", "excel", "", "", "30%", "", "", ""));
	assert_int_equal(usage(csv), 0);
	assert_true(enr(cy, "excel", &e));
	assert_string_equal(e.state, "dropped");
	assert_true(e.progress == 30.0);
}

/* ---- membership report ------------------------------------------------------------------------ */

static void test_membership(void **state)
{
	const char *csv = "\xEF\xBB\xBFName,Email,External Id,Program Name,Program Slug,"
			  "# Enrolled Courses,# Completed Courses,Member State,Join Date,"
			  "Invitation Date,Latest Program Activity Date\r\n"
			  "Ana,ana@example.org,AB1234567,NYS,nys,2,1,MEMBER,3/1/2026,2/27/2026,"
			  "2026-03-09 10:00\r\n"
			  "Ben,ben@example.org,,NYS,nys,0,0,INVITED,,2/27/2026,\r\n"
			  "Ghost,ghost@example.org,,NYS,nys,0,0,INVITED,,2/27/2026,\r\n";
	struct stmt *st;

	(void)state;
	assert_int_equal(run(IMPORT_MEMBERSHIP, csv, 0, 1), 0);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.applied, 1);
	assert_int_equal(res.unchanged, 1);
	assert_int_equal(res.completed, 1); /* accepted */
	assert_error(0, 4, "ghost@example.org");
	st = db_prepare(db_get(), "SELECT invitation_accepted_at, last_activity_at FROM learners "
				  "WHERE id = ?");
	stmt_bind_int(st, 1, ana);
	assert_int_equal(stmt_step(st), DB_ROW);
	assert_string_equal(stmt_text(st, 0), "2026-03-01T00:00:00Z");
	assert_string_equal(stmt_text(st, 1), "2026-03-09T10:00:00Z");
	stmt_done(st);
	assert_int_equal(run(IMPORT_MEMBERSHIP, csv, 0, 1), 0);
	assert_int_equal(res.applied, 0);
	assert_int_equal(res.unchanged, 2);
}

/* ---- the parsers ------------------------------------------------------------------------------ */

static void test_parse_time(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "2026-03-04T15:22:10.000Z", "2026-03-04T15:22:10Z" },
		{ "2026-03-04 15:22:10", "2026-03-04T15:22:10Z" },
		{ "2026-03-04 15:22", "2026-03-04T15:22:00Z" },
		{ "2026-03-04", "2026-03-04T00:00:00Z" },
		{ "2026-03-04T10:22:10-05:00", "2026-03-04T15:22:10Z" },
		{ "2026-12-31T23:30:00-0100", "2027-01-01T00:30:00Z" },
		{ "2026-03-04 15:22:10 UTC", "2026-03-04T15:22:10Z" },
		{ "3/4/2026", "2026-03-04T00:00:00Z" },
		{ "03/04/2026 3:22 PM", "2026-03-04T15:22:00Z" },
		{ "3/4/2026 12:05 AM", "2026-03-04T00:05:00Z" },
		{ "3/4/2026 15:22:10", "2026-03-04T15:22:10Z" },
		{ "2024-02-29", "2024-02-29T00:00:00Z" },
		{ "  2026-03-04  ", "2026-03-04T00:00:00Z" },
	};
	static const char *const bad[] = { "2026-13-01",	  "2025-02-29",
					   "31/12/2026",	  "yesterday",
					   "2026-03-04T25:00",	  "3/4/26",
					   "2026-03-04 15:22 PM", "13/4/2026 3:22 PM extra",
					   "2026/03/04" };
	char out[21];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (import_parse_time(ok[i].in, out) != 0)
			fail_msg("\"%s\" did not parse", ok[i].in);
		assert_string_equal(out, ok[i].out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (import_parse_time(bad[i], out) != -1)
			fail_msg("\"%s\" parsed as %s", bad[i], out);
	assert_int_equal(import_parse_time("", out), 1);
}

static void test_parse_percent(void **state)
{
	double v;

	(void)state;
	assert_int_equal(import_parse_percent("0.5", &v), 0);
	assert_true(v == 50.0);
	assert_int_equal(import_parse_percent("50%", &v), 0);
	assert_true(v == 50.0);
	assert_int_equal(import_parse_percent("50 %", &v), 0);
	assert_true(v == 50.0);
	assert_int_equal(import_parse_percent("72.5", &v), 0);
	assert_true(v == 72.5);
	assert_int_equal(import_parse_percent("1", &v), 0);
	assert_true(v == 100.0);
	assert_int_equal(import_parse_percent("0", &v), 0);
	assert_true(v == 0.0);
	assert_int_equal(import_parse_percent("", &v), 1);
	assert_int_equal(import_parse_percent("-0.1", &v), -1);
	assert_int_equal(import_parse_percent("101%", &v), -1);
	assert_int_equal(import_parse_percent("nan", &v), -1);
	assert_int_equal(import_parse_percent("half", &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bom_crlf_and_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns_in_any_order_unknown_ignored, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_match_by_learner_id_then_email, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_empty_lines_count_in_line_numbers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_dates_and_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_learner_and_course, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_file_twice_changes_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_older_file_after_newer_moves_nothing_back,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_keeps_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_and_empty_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_dropped_enrollment_stays_dropped_but_learns_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_membership, setup, teardown),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_parse_percent),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	import_result_release(&res);
	return rc;
}
