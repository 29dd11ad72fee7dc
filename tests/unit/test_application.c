/* test_application.c - sign-up, references, normal forms, the per-address limit, licenses,
 * the waitlist, staff decisions and lists, the invitation CSV, and the sign-up intake: a
 * request waiting to be completed, one person one application across the wait, rows set
 * aside, a restart with rows waiting, the intake thread (application.h, license.h, intake.h,
 * ratelimit.h), against a fresh database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "application.h"
#include "db/db.h"
#include "util/config.h"
#include "geo.h"
#include "intake.h"
#include "license.h"
#include "ratelimit.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "web/http.h"
#include "principal.h"
#include "testdb.h"

/* mail.c makes links absolute with the site's address, which main.c provides in the binary */
/* ---- references and normal forms --------------------------------------------------------- */

static void test_reference_format(void **state)
{
	char seen[2000][APP_REF_LEN];
	int i, j, k;

	(void)state;
	for (i = 0; i < 2000; i++) {
		application_new_reference(seen[i]);
		assert_int_equal(strlen(seen[i]), 12);
		assert_memory_equal(seen[i], "NY-", 3);
		assert_int_equal(seen[i][7], '-');
		for (k = 3; k < 12; k++) {
			if (k == 7)
				continue;
			assert_non_null(strchr("23456789ABCDEFGHJKLMNPQRSTUVWXYZ", seen[i][k]));
		}
	}
	for (i = 0; i < 2000; i++)
		for (j = i + 1; j < 2000; j++)
			assert_string_not_equal(seen[i], seen[j]);
}

static void test_reference_normalize(void **state)
{
	char out[APP_REF_LEN];

	(void)state;
	assert_int_equal(application_reference_normalize("ny 7k4q92xh", out), 0);
	assert_string_equal(out, "NY-7K4Q-92XH");
	assert_int_equal(application_reference_normalize(" NY-7K4Q-92XH ", out), 0);
	assert_string_equal(out, "NY-7K4Q-92XH");
	assert_int_equal(application_reference_normalize("NY-7K4Q-92X0", out), -1); /* zero */
	assert_int_equal(application_reference_normalize("NY-7K4Q-92XO", out), -1); /* letter O */
	assert_int_equal(application_reference_normalize("NY-7K4Q-92X1", out), -1);
	assert_int_equal(application_reference_normalize("NY-7K4Q-92XI", out), -1);
	assert_int_equal(application_reference_normalize("NJ-7K4Q-92XH", out), -1);
	assert_int_equal(application_reference_normalize("NY-7K4Q-92X", out), -1);
	assert_int_equal(application_reference_normalize("NY-7K4Q-92XHH", out), -1);
	assert_int_equal(application_reference_normalize("", out), -1);
	assert_int_equal(application_reference_normalize(NULL, out), -1);
}

static void test_email_and_person_key(void **state)
{
	char a[260], b[520], c[520];

	(void)state;
	assert_int_equal(application_email_normalize("  Ana.Garcia@Example.ORG ", a, sizeof(a)), 0);
	assert_string_equal(a, "ana.garcia@example.org");
	assert_int_equal(application_email_normalize("abcdef", a, 4), -1);

	assert_int_equal(application_person_key("José", "Núñez-Díaz", "1985-04-23", b, sizeof(b)),
			 0);
	assert_int_equal(application_person_key(" jose ", "NUNEZ DIAZ", "1985-04-23", c, sizeof(c)),
			 0);
	assert_string_equal(b, c);
	assert_string_equal(b, "jose|nunezdiaz|1985-04-23");
	application_person_key("Siobhán", "O'Brien", "1970-01-01", b, sizeof(b));
	application_person_key("siobhan",
			       "O\xe2\x80\x99"
			       "brien",
			       "1970-01-01", c, sizeof(c));
	assert_string_equal(b, c);
	application_person_key("Ana", "Lee", "1990-01-01", b, sizeof(b));
	application_person_key("Ana", "Lee", "1990-01-02", c, sizeof(c));
	assert_string_not_equal(b, c);
	assert_int_equal(application_person_key("Ana", "Lee", "1990-01-01", b, 8), -1);
}

static void test_date_normalize(void **state)
{
	char d[11];

	(void)state;
	assert_int_equal(application_date_normalize("1985-04-23", d), 0);
	assert_string_equal(d, "1985-04-23");
	assert_int_equal(application_date_normalize("04/23/1985", d), 0);
	assert_string_equal(d, "1985-04-23");
	assert_int_equal(application_date_normalize("4/3/1985", d), 0);
	assert_string_equal(d, "1985-04-03");
	assert_int_equal(application_date_normalize("2024-02-29", d), 0);
	assert_int_equal(application_date_normalize("2023-02-29", d), -1);
	assert_int_equal(application_date_normalize("1985-02-30", d), -1);
	assert_int_equal(application_date_normalize("23/04/1985", d), -1);
	assert_int_equal(application_date_normalize("04/23/85", d), -1);
	assert_int_equal(application_date_normalize("1985-4-23", d), -1);
	assert_int_equal(application_date_normalize("tomorrow", d), -1);
	assert_int_equal(application_date_normalize("", d), -1);
	assert_int_equal(application_date_normalize(NULL, d), -1);
}

static void test_status_names(void **state)
{
	static const char *const names[] = { "pending_review", "approved", "denied", "waitlisted",
					     "active" };
	enum app_status s;
	int i;

	(void)state;
	for (i = 0; i < APP_STATUS_COUNT; i++) {
		assert_string_equal(app_status_name((enum app_status)i), names[i]);
		assert_int_equal(app_status_parse(names[i], &s), 0);
		assert_int_equal(s, i);
		assert_true(strlen(app_status_label(LANG_ES, s)) > 0);
	}
	assert_int_equal(app_status_parse("pending", &s), -1);
	assert_null(app_status_name((enum app_status)9));
}

/* ---- the per-address limit --------------------------------------------------------------- */

static void test_ratelimit_window(void **state)
{
	struct ratelimit_verdict v;
	int64_t t = 1800000000; /* at the start of an hour (1800000000 % 3600 == 0) */
	int i;

	(void)state;
	ratelimit_reset();
	for (i = 0; i < 3; i++)
		assert_int_equal(ratelimit_hit("signup", "10.0.0.1", 3, t + i, &v), 0);
	assert_int_equal(ratelimit_hit("signup", "10.0.0.1", 3, t + 10, &v), 1);
	assert_true(v.retry_after > 0 && v.retry_after <= 2 * RATELIMIT_WINDOW);
	/* refused requests are not counted; other addresses and kinds have their own count */
	assert_int_equal(ratelimit_hit("signup", "10.0.0.1", 3, t + 11, &v), 1);
	assert_int_equal(ratelimit_hit("signup", "10.0.0.2", 3, t + 11, &v), 0);
	assert_int_equal(ratelimit_hit("status", "10.0.0.1", 3, t + 11, &v), 0);
	/* a limit of 0 is off */
	assert_int_equal(ratelimit_hit("signup", "10.0.0.1", 0, t + 12, &v), 0);
	/* sliding: just into the next hour the three still weigh almost fully */
	assert_int_equal(ratelimit_hit("signup", "10.0.0.1", 3, t + RATELIMIT_WINDOW + 60, &v), 1);
	/* two thirds into it, one of the three still counts: two more fit */
	assert_int_equal(ratelimit_hit("signup", "10.0.0.1", 3, t + RATELIMIT_WINDOW + 2400, &v),
			 0);
	assert_int_equal(ratelimit_hit("signup", "10.0.0.1", 3, t + RATELIMIT_WINDOW + 2401, &v),
			 0);
	assert_int_equal(ratelimit_hit("signup", "10.0.0.1", 3, t + RATELIMIT_WINDOW + 2402, &v),
			 1);
	/* two hours later it is all forgotten */
	assert_int_equal(ratelimit_hit("signup", "10.0.0.1", 3, t + 3 * RATELIMIT_WINDOW, &v), 0);
}

static void test_ratelimit_memory_is_bounded(void **state)
{
	char addr[32];
	int i;

	(void)state;
	ratelimit_reset();
	for (i = 0; i < 3 * RATELIMIT_SLOTS; i++) {
		snprintf(addr, sizeof(addr), "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255,
			 i & 255);
		ratelimit_hit("signup", addr, 5, 1800000000 + i / 1000, NULL);
	}
	assert_true(ratelimit_entries() <= RATELIMIT_SLOTS);
	assert_true(ratelimit_entries() > RATELIMIT_SLOTS / 2);
}

static long allowed_total;
static pthread_mutex_t allowed_mu = PTHREAD_MUTEX_INITIALIZER;

static void *hammer(void *arg)
{
	long n = 0;
	int i;

	(void)arg;
	for (i = 0; i < 20000; i++)
		if (ratelimit_hit("signup", "192.0.2.7", 30000, 1800000000, NULL) == 0)
			n++;
	pthread_mutex_lock(&allowed_mu);
	allowed_total += n;
	pthread_mutex_unlock(&allowed_mu);
	return NULL;
}

static void test_ratelimit_threads(void **state)
{
	pthread_t t[4];
	int i;

	(void)state;
	ratelimit_reset();
	allowed_total = 0;
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, hammer, NULL);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(allowed_total, 30000); /* 80000 tries, exactly the limit let through */
}

/* ---- with the database ------------------------------------------------------------------- */

static char dbfile[TESTDB_PATH_MAX];
static struct arena a;
static int seq;

static int load_geo(struct db *db, void *ctx)
{
	(void)ctx;
	return geo_load(db) == 0 ? 0 : DB_ABORT;
}

static int db_setup(void **state)
{
	(void)state;
	if (testdb_make(dbfile, sizeof(dbfile), "test_application") != 0)
		return -1;
	if (db_open(dbfile, 0) != 0 || db_migrate(db_get()) != 0)
		return -1;
	if (db_write(load_geo, NULL) != 0)
		return -1;
	settings_set("signup_rate_per_hour", "0", "test");
	settings_invalidate();
	arena_init(&a);
	intake_handler_set(&application_intake);
	return 0;
}

static int db_teardown(void **state)
{
	(void)state;
	arena_release(&a);
	testdb_remove(dbfile);
	return 0;
}

static void set(const char *key, const char *value)
{
	assert_int_equal(settings_set(key, value, "test"), 0);
	settings_invalidate();
}

static int64_t one(const char *sql, const char *arg)
{
	struct stmt *st = db_prepare(db_get(), sql);
	int64_t n = -1;

	stmt_bind_text(st, 1, arg);
	if (stmt_step(st) == DB_ROW)
		n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

/* A new person's answers: a different e-mail and name each time. */
static struct app_input person(const char *status)
{
	struct app_input in;

	memset(&in, 0, sizeof(in));
	seq++;
	in.first_name = "Ana";
	in.last_name = arena_printf(&a, "Unit%d", seq);
	in.email = arena_printf(&a, "unit%d@example.org", seq);
	in.birth_date = "1985-04-23";
	in.county = "Kings";
	in.employment_status = status;
	in.language = "en";
	in.consent = 1;
	in.dol_staff = 0;
	in.covid_related = -1;
	in.ui_lang = LANG_EN;
	return in;
}

static int submit(const struct app_input *in, struct app_result *res)
{
	struct app_errors e;

	memset(&e, 0, sizeof(e));
	return application_submit(&a, in, res, &e);
}

static void test_db_signup_outcomes(void **state)
{
	struct app_input in = person("unemployed");
	struct app_result res;

	(void)state;
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(res.status, APP_ACTIVE);
	assert_int_equal(res.elig.decision, ELIG_ELIGIBLE);
	assert_string_equal(res.local_area, "New York City");
	assert_string_equal(res.region, "New York City");
	assert_int_equal(
		one("SELECT COUNT(*) FROM learners l JOIN invitations i ON i.learner_id = "
		    "l.id JOIN applications a ON a.id = l.application_id WHERE a.reference = "
		    "? AND l.license_status = 'active'",
		    res.reference),
		1);
	assert_int_equal(one("SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND kind = "
			     "'license_activated'",
			     in.email),
			 1);
	assert_int_equal(one("SELECT COUNT(*) FROM application_events e JOIN applications a ON "
			     "a.id = e.application_id WHERE a.reference = ?",
			     res.reference),
			 1);

	in = person("employed_at_risk");
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(res.status, APP_PENDING_REVIEW);
	assert_int_equal(one("SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND kind = "
			     "'application_received'",
			     in.email),
			 1);
	assert_int_equal(one("SELECT COUNT(*) FROM learners WHERE email = ?", in.email), 0);

	in = person("employed");
	in.county = "outside";
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(res.status, APP_DENIED);
	assert_int_equal(res.elig.n, 2);
	assert_int_equal(res.elig.reasons[0], ELIG_R_EMPLOYED);
	assert_int_equal(res.elig.reasons[1], ELIG_R_OUTSIDE_NY);
	assert_null(res.local_area);

	/* auto_approve off: an eligible person waits for staff */
	set("auto_approve", "0");
	in = person("dislocated");
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(res.status, APP_PENDING_REVIEW);
	set("auto_approve", "1");
}

static void test_db_one_person_one_application(void **state)
{
	struct app_input in = person("employed"), again;
	struct app_result res, res2;

	(void)state;
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(res.status, APP_DENIED);
	/* denied: the same person may apply again when the situation changes */
	again = in;
	again.employment_status = "unemployed";
	again.email = arena_printf(&a, "  %s ", "UNIT-AGAIN@example.org");
	assert_int_equal(submit(&again, &res), APP_OK);
	assert_int_equal(res.status, APP_ACTIVE);
	/* now open: neither the same e-mail nor the same name and birth date make another */
	again.last_name = "Someone Else";
	again.email = "unit-again@EXAMPLE.org";
	assert_int_equal(submit(&again, &res2), APP_DUPLICATE);
	again = in;
	again.employment_status = "unemployed";
	again.first_name = "ANA";
	again.email = "different.person@example.org";
	assert_int_equal(submit(&again, &res2), APP_DUPLICATE);
	assert_int_equal(one("SELECT COUNT(*) FROM applications WHERE email_norm = ?",
			     "different.person@example.org"),
			 0);
}

static void test_db_checks(void **state)
{
	struct app_input in = person("unemployed");
	struct app_errors e;
	struct app_result res;

	(void)state;
	in.county = "Nassau";
	memset(&e, 0, sizeof(e));
	assert_int_equal(application_submit(&a, &in, &res, &e), APP_INVALID);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.items[0].field, "town");
	assert_string_equal(e.items[0].message, "Choose your town or city in Nassau County.");
	in.ui_lang = LANG_ES;
	memset(&e, 0, sizeof(e));
	application_submit(&a, &in, &res, &e);
	assert_string_equal(app_errors_get(&e, "town"),
			    "Elige tu pueblo o ciudad en el condado de Nassau.");
	in.town = "oyster bay";
	memset(&e, 0, sizeof(e));
	assert_int_equal(application_submit(&a, &in, &res, &e), APP_OK);
	assert_string_equal(res.local_area, "Oyster Bay-North Hempstead-Glen Cove");

	in = person("unemployed");
	in.county = "westchester county";
	in.town = "Yonkers";
	memset(&e, 0, sizeof(e));
	assert_int_equal(application_submit(&a, &in, &res, &e), APP_OK);
	assert_string_equal(res.local_area, "Yonkers");
	assert_string_equal(res.region, "Mid-Hudson");

	memset(&in, 0, sizeof(in));
	in.dol_staff = -1;
	in.covid_related = -1;
	in.phone = "555";
	in.osos_id = "AB12";
	in.language = "fr";
	memset(&e, 0, sizeof(e));
	assert_int_equal(application_submit(&a, &in, &res, &e), APP_INVALID);
	{
		static const char *const fields[] = {
			"first_name", "last_name",	   "email",	"phone",   "birth_date",
			"county",     "employment_status", "dol_staff", "osos_id", "language",
			"consent"
		};
		size_t i;
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			assert_non_null(app_errors_get(&e, fields[i]));
		assert_int_equal(e.n, sizeof(fields) / sizeof(fields[0]));
	}
	in = person("unemployed");
	in.osos_id = "ab-1234567";
	in.phone = "(518) 555-0123";
	in.birth_date = "04/23/1985";
	memset(&e, 0, sizeof(e));
	assert_int_equal(application_submit(&a, &in, &res, &e), APP_OK);
	assert_int_equal(one("SELECT COUNT(*) FROM applications WHERE reference = ? AND osos_id = "
			     "'AB1234567' AND birth_date = '1985-04-23'",
			     res.reference),
			 1);
}

static void test_db_waitlist_in_order(void **state)
{
	struct app_input p1 = person("unemployed"), p2 = person("unemployed");
	struct app_result r1, r2;
	struct app_view v;
	int64_t active = one("SELECT active FROM seat_pools WHERE program = ?", "en");
	char seats[32];

	(void)state;
	snprintf(seats, sizeof(seats), "%lld", (long long)active);
	set("seats_en", seats);
	assert_int_equal(submit(&p1, &r1), APP_OK);
	assert_int_equal(submit(&p2, &r2), APP_OK);
	assert_int_equal(r1.status, APP_WAITLISTED);
	assert_int_equal(r2.status, APP_WAITLISTED);
	assert_int_equal(one("SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND kind = "
			     "'application_waitlisted'",
			     p1.email),
			 1);
	assert_int_equal(application_find(&a, r2.reference, p2.email, &v), APP_OK);
	assert_int_equal(v.waitlist_position, 2);
	assert_int_equal(license_fill_waitlist_now(), 0); /* still full */
	snprintf(seats, sizeof(seats), "%lld", (long long)active + 1);
	set("seats_en", seats);
	assert_int_equal(license_fill_waitlist_now(), 1);
	assert_int_equal(application_find(&a, r1.reference, p1.email, &v), APP_OK);
	assert_int_equal(v.status, APP_ACTIVE);
	assert_int_equal(application_find(&a, r2.reference, p2.email, &v), APP_OK);
	assert_int_equal(v.status, APP_WAITLISTED);
	assert_int_equal(v.waitlist_position, 1);
	assert_int_equal(one("SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND kind = "
			     "'license_activated'",
			     p1.email),
			 1);
	/* the seat count follows the learners table even when it was changed elsewhere */
	db_exec(db_get(), "UPDATE seat_pools SET active = 0 WHERE program = 'en'");
	assert_int_equal(license_fill_waitlist_now(), 0);
	assert_int_equal(one("SELECT active FROM seat_pools WHERE program = ?", "en"), active + 1);
	set("seats_en", "50000");
	assert_int_equal(license_fill_waitlist_now(), 1);
}

static void test_db_find_needs_the_email(void **state)
{
	struct app_input in = person("unemployed");
	struct app_result res;
	struct app_view v;
	char loose[32];

	(void)state;
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(application_find(&a, res.reference, "someone@example.org", &v),
			 APP_NOT_FOUND);
	assert_int_equal(application_find(&a, res.reference, "", &v), APP_NOT_FOUND);
	assert_int_equal(application_find(&a, "NY-2222-2222", in.email, &v), APP_NOT_FOUND);
	snprintf(loose, sizeof(loose), "ny%.9s", res.reference + 3);
	assert_int_equal(application_find(&a, loose,
					  "  UNIT"
					  "X@x.org",
					  &v),
			 APP_NOT_FOUND);
	assert_int_equal(application_find(&a, loose, in.email, &v), APP_OK);
	assert_string_equal(v.reference, res.reference);
	assert_int_equal(v.status, APP_ACTIVE);
	assert_string_equal(v.due_at, res.due_at);
	assert_false(v.overdue);
}

static void test_db_staff_decisions(void **state)
{
	struct principal state_admin = { ROLE_STATE_ADMIN, 1, 0, "boss@example.org", "Boss" };
	struct principal erie = { ROLE_AREA_ADMIN, 2, 0, "erie@example.org", "Erie" };
	struct app_input in = person("employed_at_risk");
	struct app_result res;
	struct app_view v;
	struct app_event *ev;

	(void)state;
	erie.local_area = geo_area_find("Erie");
	assert_true(erie.local_area > 0);
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(application_decide(&a, &erie, res.reference, 1, "", &v), APP_NOT_FOUND);
	assert_int_equal(application_decide(&a, &state_admin, res.reference, 0, "  ", &v),
			 APP_INVALID);
	assert_int_equal(application_decide(&a, &state_admin, res.reference, 1, "checked", &v),
			 APP_OK);
	assert_int_equal(v.status, APP_ACTIVE);
	assert_string_equal(v.decided_by, "boss@example.org");
	assert_int_equal(application_events(&a, v.id, &ev), 3);
	assert_string_equal(ev[1].to_status, "approved");
	assert_string_equal(ev[2].to_status, "active");
	assert_int_equal(application_decide(&a, &state_admin, res.reference, 0, "no", &v),
			 APP_CONFLICT);
	assert_int_equal(one("SELECT COUNT(*) FROM audit_log WHERE entity_id = ?", res.reference),
			 1);

	in = person("employed_at_risk");
	in.county = "Erie";
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(application_decide(&a, &erie, res.reference, 0, "You keep your job.", &v),
			 APP_OK);
	assert_int_equal(v.status, APP_DENIED);
	assert_string_equal(v.decision_note, "You keep your job.");
	assert_int_equal(one("SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND kind = "
			     "'application_denied'",
			     in.email),
			 1);
	/* correcting a wrong denial works while the person has no other open request */
	assert_int_equal(application_decide(&a, &state_admin, res.reference, 1, "", &v), APP_OK);
	assert_int_equal(v.status, APP_ACTIVE);
}

static void test_db_staff_list(void **state)
{
	struct principal boss = { ROLE_STATE_ADMIN, 1, 0, "boss@example.org", "Boss" };
	struct principal erie = { ROLE_AREA_VIEWER, 3, 0, "v@example.org", "V" };
	struct app_input in = person("employed_at_risk");
	struct app_result late;
	struct app_filter f;
	struct app_page page;
	struct stmt *st;
	size_t i, total = 0, rows;
	const char *cursor = NULL;

	(void)state;
	erie.local_area = geo_area_find("Erie");
	in.county = "Erie";
	assert_int_equal(submit(&in, &late), APP_OK);
	st = db_prepare(db_get(), "UPDATE applications SET due_at = '2020-01-01T00:00:00Z' WHERE "
				  "reference = ?");
	stmt_bind_text(st, 1, late.reference);
	assert_int_equal(stmt_step(st), DB_DONE);
	stmt_done(st);

	memset(&f, 0, sizeof(f));
	assert_int_equal(application_list(&a, &boss, &f, &page), APP_OK);
	assert_true(page.n > 2);
	assert_string_equal(page.rows[0].reference, late.reference);
	assert_true(page.rows[0].overdue);
	for (i = 1; i < page.n; i++)
		assert_false(page.rows[i].overdue);

	f.local_area = geo_area_find("New York City");
	assert_int_equal(application_list(&a, &erie, &f, &page), APP_FORBIDDEN);
	f.local_area = 0;
	assert_int_equal(application_list(&a, &erie, &f, &page), APP_OK);
	for (i = 0; i < page.n; i++)
		assert_int_equal(page.rows[i].local_area_id, erie.local_area);

	f.has_status = 1;
	f.status = APP_DENIED;
	assert_int_equal(application_list(&a, &boss, &f, &page), APP_OK);
	for (i = 0; i < page.n; i++)
		assert_int_equal(page.rows[i].status, APP_DENIED);

	/* pages of 3 visit every request exactly once */
	rows = (size_t)one("SELECT COUNT(*) FROM applications WHERE ? = '1'", "1");
	memset(&f, 0, sizeof(f));
	f.limit = 3;
	do {
		f.cursor = cursor;
		assert_int_equal(application_list(&a, &boss, &f, &page), APP_OK);
		total += page.n;
		cursor = page.next_cursor;
	} while (cursor);
	assert_int_equal(total, rows);
	f.cursor = "1_nonsense";
	assert_int_equal(application_list(&a, &boss, &f, &page), APP_INVALID);
}

static void test_db_invitations_csv(void **state)
{
	struct app_input in = person("unemployed");
	struct app_result res;
	struct buf b = BUF_INIT(1 << 20);
	int64_t last;
	size_t n;

	(void)state;
	in.first_name = "=HYPERLINK(\"x\")";
	in.last_name = "O'Neil, Jr";
	in.osos_id = "ZZ7654321";
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(license_invitations_csv(0, &b, &last, &n), 0);
	assert_true(n >= 1 && last > 0);
	assert_memory_equal(b.p, "Name,Email,External Id,Program\r\n", 32);
	assert_non_null(strstr(b.p, "\"'=HYPERLINK(\"\"x\"\") O'Neil, Jr\",unit"));
	assert_non_null(strstr(b.p, ",ZZ7654321,en\r\n"));
	assert_int_equal(license_invitations_mark(last), (int)n);
	buf_clear(&b);
	assert_int_equal(license_invitations_csv(0, &b, &last, &n), 0);
	assert_int_equal(n, 0);
	assert_string_equal(b.p, "Name,Email,External Id,Program\r\n");
	buf_clear(&b);
	assert_int_equal(license_invitations_csv(1, &b, &last, &n), 0);
	assert_true(n >= 1);
	buf_release(&b);
}

/* ---- the sign-up intake -------------------------------------------------------------------- */

static int64_t waiting_rows(void)
{
	return one("SELECT COUNT(*) FROM signup_intake WHERE ? = '1'", "1");
}

static void keys_of(const struct app_input *in, char norm[260], char key[520])
{
	assert_int_equal(application_email_normalize(in->email, norm, 260), 0);
	assert_int_equal(
		application_person_key(in->first_name, in->last_name, in->birth_date, key, 520), 0);
}

static void test_db_intake_request_waiting(void **state)
{
	struct app_input in = person("unemployed"), twin;
	struct app_result res, res2;
	struct app_view v;

	(void)state;
	intake_pause(1);
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(res.status, APP_ACTIVE);
	/* durable in the intake, not yet an application */
	assert_int_equal(
		one("SELECT COUNT(*) FROM signup_intake WHERE reference = ?", res.reference), 1);
	assert_int_equal(
		one("SELECT COUNT(*) FROM applications WHERE reference = ?", res.reference), 0);
	/* meanwhile the person's status comes from the intake row, as answered */
	assert_int_equal(application_find(&a, res.reference, in.email, &v), APP_OK);
	assert_int_equal(v.status, APP_ACTIVE);
	assert_int_equal(v.decision, ELIG_ELIGIBLE);
	assert_string_equal(v.due_at, res.due_at);
	assert_string_equal(v.local_area, "New York City");
	assert_int_equal(application_find(&a, res.reference, "someone@example.org", &v),
			 APP_NOT_FOUND);
	/* one person, one application, while the first request waits: same e-mail, or same name
	 * and date of birth */
	twin = in;
	twin.last_name = "Someone Else";
	{
		char *up = arena_printf(&a, "  %s ", in.email), *p;
		for (p = up; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		twin.email = up;
	}
	assert_int_equal(submit(&twin, &res2), APP_DUPLICATE);
	twin = in;
	twin.first_name = "ANA";
	twin.email = "another.address@example.org";
	assert_int_equal(submit(&twin, &res2), APP_DUPLICATE);
	assert_int_equal(waiting_rows(), 1);

	intake_pause(0);
	assert_int_equal(intake_run(), 1);
	assert_int_equal(waiting_rows(), 0);
	assert_int_equal(one("SELECT COUNT(*) FROM learners l JOIN invitations i ON i.learner_id = "
			     "l.id JOIN "
			     "applications a ON a.id = l.application_id WHERE a.reference = ? AND "
			     "l.license_status = 'active' AND a.status = 'active'",
			     res.reference),
			 1);
	assert_int_equal(one("SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND kind = "
			     "'license_activated'",
			     in.email),
			 1);
	assert_int_equal(application_find(&a, res.reference, in.email, &v), APP_OK);
	assert_true(v.id > 0);
	/* and now the database says so */
	assert_int_equal(submit(&twin, &res2), APP_DUPLICATE);
}

static void test_db_intake_sets_aside_what_it_cannot_complete(void **state)
{
	struct app_input in = person("unemployed"), again;
	struct app_result r1, r2;
	char norm[260], key[520], now[ISO_LEN];
	int64_t id;

	(void)state;
	intake_pause(1);
	assert_int_equal(submit(&in, &r1), APP_OK);
	/* another process on the same database, which never saw our claims, takes the same
	 * person again */
	keys_of(&in, norm, key);
	intake_release_person(norm, key);
	again = in;
	again.last_name = "Other";
	assert_int_equal(submit(&again, &r2), APP_OK);
	/* and a row nobody can read */
	assert_int_equal(intake_append("NY-ZZZZ-ZZZZ", "{not json", iso_now(now), NULL, NULL, &id),
			 0);
	assert_int_equal(waiting_rows(), 3);

	intake_pause(0);
	assert_int_equal(intake_run(), 3);
	assert_int_equal(waiting_rows(), 0);
	assert_int_equal(one("SELECT COUNT(*) FROM applications WHERE email_norm = ?", norm), 1);
	assert_int_equal(one("SELECT COUNT(*) FROM applications WHERE reference = ?", r1.reference),
			 1);
	assert_int_equal(one("SELECT COUNT(*) FROM signup_intake_rejected WHERE reference = ? AND "
			     "reason LIKE 'duplicate%'",
			     r2.reference),
			 1);
	assert_int_equal(one("SELECT COUNT(*) FROM signup_intake_rejected WHERE reference = ? AND "
			     "payload = '{not json'",
			     "NY-ZZZZ-ZZZZ"),
			 1);
	assert_int_equal(one("SELECT COUNT(*) FROM outbox WHERE to_addr = ?", in.email), 1);
}

static void test_db_intake_thread_and_restart(void **state)
{
	struct app_input in = person("unemployed"), twin = person("employed_at_risk");
	struct app_result res, res2;
	struct app_view v;
	char norm[260], key[520];

	(void)state;
	/* a request left waiting by a process that stopped: this one never claimed it */
	intake_pause(1);
	assert_int_equal(submit(&in, &res), APP_OK);
	keys_of(&in, norm, key);
	intake_release_person(norm, key);
	intake_release_reference(res.reference);
	intake_approvals("en", -1);

	/* a start claims again for what is waiting before anything else */
	assert_int_equal(intake_start(), 0);
	assert_true(intake_running());
	twin.first_name = in.first_name;
	twin.last_name = in.last_name;
	twin.birth_date = in.birth_date;
	assert_int_equal(submit(&twin, &res2), APP_DUPLICATE);

	/* the thread completes it; a lookup waits for it */
	intake_pause(0);
	assert_int_equal(application_find(&a, res.reference, in.email, &v), APP_OK);
	assert_true(v.id > 0);
	assert_int_equal(v.status, APP_ACTIVE);

	/* with the thread, a request is answered first and completed moments later */
	in = person("employed_at_risk");
	assert_int_equal(submit(&in, &res), APP_OK);
	assert_int_equal(res.status, APP_PENDING_REVIEW);
	assert_int_equal(application_find(&a, res.reference, in.email, &v), APP_OK);
	assert_int_equal(v.status, APP_PENDING_REVIEW);
	intake_stop();
	assert_false(intake_running());
	assert_int_equal(waiting_rows(), 0);
	assert_int_equal(
		one("SELECT COUNT(*) FROM applications WHERE reference = ?", res.reference), 1);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_reference_format),
		cmocka_unit_test(test_reference_normalize),
		cmocka_unit_test(test_email_and_person_key),
		cmocka_unit_test(test_date_normalize),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_ratelimit_window),
		cmocka_unit_test(test_ratelimit_memory_is_bounded),
		cmocka_unit_test(test_ratelimit_threads),
	};
	const struct CMUnitTest withdb[] = {
		cmocka_unit_test(test_db_signup_outcomes),
		cmocka_unit_test(test_db_one_person_one_application),
		cmocka_unit_test(test_db_checks),
		cmocka_unit_test(test_db_waitlist_in_order),
		cmocka_unit_test(test_db_find_needs_the_email),
		cmocka_unit_test(test_db_staff_decisions),
		cmocka_unit_test(test_db_staff_list),
		cmocka_unit_test(test_db_invitations_csv),
		cmocka_unit_test(test_db_intake_request_waiting),
		cmocka_unit_test(test_db_intake_sets_aside_what_it_cannot_complete),
		cmocka_unit_test(test_db_intake_thread_and_restart),
	};
	int rc = cmocka_run_group_tests(pure, NULL, NULL);

	return rc | cmocka_run_group_tests(withdb, db_setup, db_teardown);
}
