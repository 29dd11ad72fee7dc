/* test_staff.c - the staff workspace's domain: accounts, sign-in with its lockout, the scope
 * of every learner and queue call by local area, keyset pages, changes with their audit rows,
 * transfers, program settings and curated lists (staff.h, learner.h, queue.h, program.h,
 * curation.h), against a fresh database with generated people.
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

#include "curation.h"
#include "db/db.h"
#include "util/config.h"
#include "geo.h"
#include "learner.h"
#include "program.h"
#include "queue.h"
#include "settings.h"
#include "staff.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "web/http.h"
#include "principal.h"
#include "testdb.h"

/* mail.c makes links absolute with the site's address, which main.c provides in the binary */
static char dbfile[TESTDB_PATH_MAX];
static struct arena a;
static int64_t nyc, yonkers;
static struct principal state_admin, nyc_admin, nyc_viewer, yon_admin;

/* ---- without a database ----------------------------------------------------------------- */

static void test_roles(void **state)
{
	enum role r;

	(void)state;
	assert_int_equal(staff_role_parse("state_admin", &r), 0);
	assert_int_equal(r, ROLE_STATE_ADMIN);
	assert_int_equal(staff_role_parse("area_viewer", &r), 0);
	assert_string_equal(staff_role_name(r), "area_viewer");
	assert_int_equal(staff_role_parse("learner", &r), -1);
	assert_int_equal(staff_role_parse("", &r), -1);
	assert_int_equal(staff_role_parse(NULL, &r), -1);
}

static void test_osos_pattern(void **state)
{
	(void)state;
	assert_int_equal(learner_osos_matches("^[A-Z]{2}[0-9]{7}$", "NY1234567"), 1);
	assert_int_equal(learner_osos_matches("^[A-Z]{2}[0-9]{7}$", "NY123456"), 0);
	assert_int_equal(learner_osos_matches("^[A-Z]{2}[0-9]{7}$", "ny1234567"), 0);
	assert_int_equal(learner_osos_matches("^[A-Z]{2}[0-9]{7}$", "NY12345678"), 0);
	assert_int_equal(learner_osos_matches("([", "x"), -1);
}

static void test_scope(void **state)
{
	struct principal p = { ROLE_STATE_ADMIN, 1, 0, "s", "" };

	(void)state;
	assert_int_equal(learner_scope(&p, 0), 0);
	assert_int_equal(learner_scope(&p, 7), 7);
	p.role = ROLE_AREA_ADMIN;
	p.local_area = 3;
	assert_int_equal(learner_scope(&p, 0), 3);
	assert_int_equal(learner_scope(&p, 3), 3);
	assert_int_equal(learner_scope(&p, 4), -1);
	p.local_area = 0; /* an area role without an area sees nothing, never everything */
	assert_int_equal(learner_scope(&p, 0), -1);
	p.role = ROLE_LEARNER;
	p.local_area = 3;
	assert_int_equal(learner_scope(&p, 0), -1);
	assert_int_equal(learner_scope(NULL, 0), -1);
}

static const char *kv_get_fn(void *ctx, const char *name)
{
	const char *const *kv = ctx;

	for (; kv[0]; kv += 2)
		if (!strcmp(kv[0], name))
			return kv[1];
	return NULL;
}

static void test_filter_parse(void **state)
{
	struct learner_filter f;
	const char *bad = NULL;
	const char *good[] = { "status", "active",   "enrolled", "1",	 "completed",
			       "0",	 "activity", "inactive", "sort", "activity",
			       "dir",	 "desc",     "limit",	 "20",	 NULL };
	const char *bad_status[] = { "status", "gone", NULL };
	const char *bad_limit[] = { "limit", "501", NULL };
	const char *bad_sort[] = { "sort", "age", NULL };

	(void)state;
	assert_int_equal(learner_filter_parse(&f, kv_get_fn, good, &bad), 0);
	assert_string_equal(f.status, "active");
	assert_int_equal(f.enrolled, 1);
	assert_int_equal(f.completed, 0);
	assert_int_equal(f.activity, LACT_INACTIVE_REMIND);
	assert_int_equal(f.sort, LSORT_ACTIVITY);
	assert_int_equal(f.desc, 1);
	assert_int_equal(f.limit, 20);
	assert_int_equal(learner_filter_parse(&f, kv_get_fn, bad_status, &bad), -1);
	assert_string_equal(bad, "status");
	assert_int_equal(learner_filter_parse(&f, kv_get_fn, bad_limit, &bad), -1);
	assert_string_equal(bad, "limit");
	assert_int_equal(learner_filter_parse(&f, kv_get_fn, bad_sort, &bad), -1);
	assert_string_equal(bad, "sort");
}

/* ---- with a database -------------------------------------------------------------------- */

static int load_geo(struct db *db, void *ctx)
{
	(void)ctx;
	return geo_load(db) == 0 ? 0 : DB_ABORT;
}

static int add_programs(struct db *db, void *ctx)
{
	int i;

	(void)ctx;
	for (i = 0; i < 6; i++) {
		struct stmt *st =
			db_prepare(db, "INSERT INTO programs (slug, kind, title, industry, "
				       "created_at, updated_at) VALUES (?, 'course', ?, "
				       "'technology', '2026-01-01T00:00:00Z', "
				       "'2026-01-01T00:00:00Z')");
		char slug[32], title[32];
		snprintf(slug, sizeof(slug), "unit-program-%d", i);
		snprintf(title, sizeof(title), "Unit Program %d", i);
		stmt_bind_text(st, 1, slug);
		stmt_bind_text(st, 2, title);
		if (stmt_step(st) != DB_DONE) {
			stmt_done(st);
			return DB_ABORT;
		}
		stmt_done(st);
	}
	return 0;
}

static struct principal who_of(const char *email)
{
	struct staff_member m;
	struct principal p = { ROLE_NONE, 0, 0, NULL, "" };

	if (staff_find(&a, email, &m) == 0) {
		p.role = m.role;
		p.id = m.id;
		p.local_area = m.local_area;
		p.email = m.email;
	}
	return p;
}

static int db_setup(void **state)
{
	struct staff_new n;

	(void)state;
	if (testdb_make(dbfile, sizeof(dbfile), "test_staff") != 0)
		return -1;
	if (db_open(dbfile, 0) != 0 || db_migrate(db_get()) != 0 || db_write(load_geo, NULL) != 0 ||
	    db_write(add_programs, NULL) != 0)
		return -1;
	arena_init(&a);
	nyc = geo_area_find("new-york-city");
	yonkers = geo_area_find("yonkers");
	memset(&n, 0, sizeof(n));
	n.email = "State@Example.org";
	n.role = ROLE_STATE_ADMIN;
	n.password = "state-admin-password";
	if (staff_add(NULL, &n, NULL) != STAFF_OK)
		return -1;
	n.email = "nyc@example.org";
	n.role = ROLE_AREA_ADMIN;
	n.local_area = nyc;
	if (staff_add(NULL, &n, NULL) != STAFF_OK)
		return -1;
	n.email = "viewer@example.org";
	n.role = ROLE_AREA_VIEWER;
	if (staff_add(NULL, &n, NULL) != STAFF_OK)
		return -1;
	n.email = "yon@example.org";
	n.role = ROLE_AREA_ADMIN;
	n.local_area = yonkers;
	if (staff_add(NULL, &n, NULL) != STAFF_OK)
		return -1;
	if (staff_demo_learners(60, 5, 25, nyc, NULL) != 0 ||
	    staff_demo_learners(20, 6, 25, yonkers, NULL) != 0)
		return -1;
	state_admin = who_of("state@example.org");
	nyc_admin = who_of("nyc@example.org");
	nyc_viewer = who_of("viewer@example.org");
	yon_admin = who_of("yon@example.org");
	return 0;
}

static int db_teardown(void **state)
{
	(void)state;
	arena_release(&a);
	testdb_remove(dbfile);
	return 0;
}

static int64_t count(const char *sql_kind, int64_t arg)
{
	struct db *db = db_get();
	struct stmt *st;
	int64_t n = -1;

	if (!strcmp(sql_kind, "area"))
		st = db_prepare(db, "SELECT COUNT(*) FROM learners WHERE local_area_id = ?");
	else if (!strcmp(sql_kind, "audit"))
		st = db_prepare(db, "SELECT COUNT(*) FROM audit_log WHERE actor_id = ?");
	else
		st = db_prepare(db, "SELECT COUNT(*) FROM enrollments WHERE learner_id = ?");
	stmt_bind_int(st, 1, arg);
	if (stmt_step(st) == DB_ROW)
		n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static void test_db_accounts(void **state)
{
	struct staff_new n;
	struct staff_member m;

	(void)state;
	memset(&n, 0, sizeof(n));
	n.email = "not an address";
	n.role = ROLE_AREA_VIEWER;
	n.local_area = nyc;
	assert_int_equal(staff_add(NULL, &n, NULL), STAFF_EEMAIL);
	n.email = "ok@example.org";
	n.local_area = 0;
	assert_int_equal(staff_add(NULL, &n, NULL), STAFF_EAREA);
	n.local_area = nyc;
	n.password = "short";
	assert_int_equal(staff_add(NULL, &n, NULL), STAFF_EPASSWORD);
	n.password = NULL;
	n.role = ROLE_LEARNER;
	assert_int_equal(staff_add(NULL, &n, NULL), STAFF_EROLE);
	n.email = "NYC@example.org";
	n.role = ROLE_AREA_VIEWER;
	assert_int_equal(staff_add(NULL, &n, NULL), STAFF_EEXISTS);
	/* e-mail addresses are kept lower-case and found in any case */
	assert_int_equal(staff_find(&a, "STATE@EXAMPLE.ORG", &m), 0);
	assert_string_equal(m.email, "state@example.org");
	assert_int_equal(m.local_area, 0);
	/* a state admin may not demote or deactivate themself */
	assert_int_equal(staff_update(&state_admin, state_admin.id, ROLE_AREA_ADMIN, nyc, 1),
			 STAFF_ESELF);
	assert_int_equal(staff_update(&state_admin, state_admin.id, ROLE_STATE_ADMIN, 0, 0),
			 STAFF_ESELF);
}

static void test_db_login_and_lockout(void **state)
{
	struct principal p;
	struct staff_new n;
	struct staff_member m;
	int64_t wait, wait2;
	int i;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(staff_login(&a, "nyc@example.org", "state-admin-password", "10.0.0.1",
				     NULL, &p, &wait),
			 STAFF_LOGIN_OK);
	assert_int_equal(p.role, ROLE_AREA_ADMIN);
	assert_int_equal(p.local_area, nyc);
	memset(&n, 0, sizeof(n));
	n.email = "lock@example.org";
	n.role = ROLE_AREA_VIEWER;
	n.local_area = nyc;
	n.password = "lock-me-out-please";
	assert_int_equal(staff_add(NULL, &n, NULL), STAFF_OK);
	/* an account and an address nobody has answer alike, failure after failure */
	for (i = 0; i < STAFF_PAIR_FREE; i++) {
		assert_int_equal(staff_login(&a, "lock@example.org", "wrong-password", "10.0.0.2",
					     NULL, &p, &wait),
				 STAFF_LOGIN_BAD);
		assert_int_equal(staff_login(&a, "ghost@example.org", "wrong-password", "10.0.0.2",
					     NULL, &p, &wait),
				 STAFF_LOGIN_BAD);
	}
	/* then that address waits for that account, even with the right password */
	assert_int_equal(staff_login(&a, "lock@example.org", "lock-me-out-please", "10.0.0.2", NULL,
				     &p, &wait),
			 STAFF_LOGIN_WAIT);
	assert_int_equal(staff_login(&a, "ghost@example.org", "lock-me-out-please", "10.0.0.2",
				     NULL, &p, &wait2),
			 STAFF_LOGIN_WAIT);
	assert_true(wait > 0 && wait <= STAFF_PAIR_DELAY);
	assert_true(wait2 > 0 && wait2 <= STAFF_PAIR_DELAY);
	/* but the owner at their own address is not held back */
	assert_int_equal(staff_login(&a, "lock@example.org", "lock-me-out-please", "10.0.0.3", NULL,
				     &p, &wait),
			 STAFF_LOGIN_OK);
	assert_int_equal(p.id != 0, 1);
	/* a new password ends the wait, also at the address that was held back */
	assert_int_equal(staff_find(&a, "lock@example.org", &m), 0);
	assert_int_equal(staff_set_password(&state_admin, m.id, "a-new-password-now"), STAFF_OK);
	assert_int_equal(staff_login(&a, "lock@example.org", "a-new-password-now", "10.0.0.2", NULL,
				     &p, &wait),
			 STAFF_LOGIN_OK);
	assert_int_equal(staff_login(&a, "lock@example.org", "a-new-password-now", "10.0.0.5", NULL,
				     &p, &wait),
			 STAFF_LOGIN_OK);
	/* a deactivated account cannot sign in */
	assert_int_equal(staff_update(&state_admin, m.id, ROLE_AREA_VIEWER, nyc, 0), STAFF_OK);
	assert_int_not_equal(staff_login(&a, "lock@example.org", "a-new-password-now", "10.0.0.5",
					 NULL, &p, &wait),
			     STAFF_LOGIN_OK);
}

/* Guesses spread over many addresses stop at the per-account limit, for an account and for an
 * address nobody has alike; the owner's own browser (its device mark) still gets in. */
static void test_db_login_guesses_from_many_addresses(void **state)
{
	const char *emails[] = { "spread@example.org", "nobody.spread@example.org" };
	struct principal p;
	struct staff_new n;
	char addr[32];
	int64_t wait;
	int i, k;

	(void)state;
	memset(&n, 0, sizeof(n));
	n.email = "spread@example.org";
	n.role = ROLE_AREA_VIEWER;
	n.local_area = nyc;
	n.password = "owner-knows-this-one";
	assert_int_equal(staff_add(NULL, &n, NULL), STAFF_OK);
	assert_int_equal(settings_set("staff_signin_max_per_account", "8", "test"), 0);
	settings_invalidate();
	for (k = 0; k < 2; k++) {
		for (i = 0; i < 8; i++) { /* one guess from each of 8 addresses */
			snprintf(addr, sizeof(addr), "198.51.100.%d", i + 1);
			assert_int_equal(staff_login(&a, emails[k], "a-guess-password", addr, NULL,
						     &p, &wait),
					 STAFF_LOGIN_BAD);
		}
		/* a ninth address, even with the right password, waits */
		assert_int_equal(staff_login(&a, emails[k], "owner-knows-this-one", "203.0.113.7",
					     NULL, &p, &wait),
				 STAFF_LOGIN_WAIT);
		assert_true(wait > 0 && wait <= STAFF_PAIR_WINDOW);
		/* a forged device mark does not help */
		assert_int_equal(
			staff_login(&a, emails[k], "owner-knows-this-one", "203.0.113.7",
				    "0123456789abcdef0123456789abcdef0123456789abcdef01234567"
				    "89abcdef",
				    &p, &wait),
			STAFF_LOGIN_WAIT);
	}
	/* the owner's browser does */
	assert_int_equal(staff_login(&a, emails[0], "owner-knows-this-one", "203.0.113.7",
				     staff_device_mark(&a, "Spread@Example.org"), &p, &wait),
			 STAFF_LOGIN_OK);
	assert_int_equal(settings_set("staff_signin_max_per_account", "50", "test"), 0);
	settings_invalidate();
}

static void test_db_pages_cover_the_area_once_in_order(void **state)
{
	struct learner_filter f;
	struct learner_page p;
	char prev[256] = "";
	int64_t seen = 0;

	(void)state;
	learner_filter_init(&f);
	f.limit = 7;
	for (;;) {
		size_t i;
		assert_int_equal(learner_list(&a, &nyc_admin, &f, &p), LEARNER_OK);
		for (i = 0; i < p.n; i++) {
			char key[256];
			assert_int_equal(p.rows[i].local_area_id, nyc);
			snprintf(key, sizeof(key), "%s|%s|%012lld", p.rows[i].last_name,
				 p.rows[i].first_name, (long long)p.rows[i].id);
			for (char *c = key; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
			assert_true(strcmp(prev, key) < 0);
			snprintf(prev, sizeof(prev), "%s", key);
			seen++;
		}
		if (!p.next_cursor)
			break;
		f.cursor = p.next_cursor;
	}
	assert_int_equal(seen, count("area", nyc));
	/* a cursor of another order is refused */
	f.sort = LSORT_JOINED;
	f.cursor = "na.61.62.3";
	assert_int_equal(learner_list(&a, &nyc_admin, &f, &p), LEARNER_ECURSOR);
}

static void test_db_another_areas_learner_is_not_found(void **state)
{
	struct learner_filter f;
	struct learner_page p;
	struct learner_detail d;
	struct learner_problem why;
	struct buf csv = BUF_INIT(1 << 20);
	size_t rows;
	int64_t yid;

	(void)state;
	learner_filter_init(&f);
	assert_int_equal(learner_list(&a, &yon_admin, &f, &p), LEARNER_OK);
	assert_true(p.n > 0);
	yid = p.rows[0].id;
	assert_int_equal(learner_get(&a, &nyc_admin, yid, &d), LEARNER_ENOTFOUND);
	assert_int_equal(learner_update(&nyc_admin, yid, "AB1234567", "x", &why),
			 LEARNER_ENOTFOUND);
	assert_int_equal(learner_transfer(&nyc_admin, yid, "new-york-city", NULL, &why, NULL),
			 LEARNER_ENOTFOUND);
	/* searching by the other area's e-mail finds nothing; naming the area is refused */
	f.q = p.rows[0].email;
	assert_int_equal(learner_list(&a, &nyc_admin, &f, &p), LEARNER_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(learner_export_csv(&a, &nyc_admin, &f, &csv, &rows), LEARNER_OK);
	assert_int_equal(rows, 0);
	learner_filter_init(&f);
	f.local_area = yonkers;
	assert_int_equal(learner_list(&a, &nyc_admin, &f, &p), LEARNER_ENOTFOUND);
	/* a viewer may look but not change */
	assert_int_equal(learner_get(&a, &state_admin, yid, &d), LEARNER_OK);
	learner_filter_init(&f);
	assert_int_equal(learner_list(&a, &nyc_viewer, &f, &p), LEARNER_OK);
	assert_int_equal(learner_update(&nyc_viewer, p.rows[0].id, "AB1234567", NULL, &why),
			 LEARNER_EFORBIDDEN);
	buf_release(&csv);
}

static void test_db_osos_notes_and_transfer(void **state)
{
	struct learner_filter f;
	struct learner_page p;
	struct learner_detail d;
	struct learner_problem why;
	int64_t id, enrollments, audits;

	(void)state;
	learner_filter_init(&f);
	f.enrolled = 1;
	assert_int_equal(learner_list(&a, &nyc_admin, &f, &p), LEARNER_OK);
	assert_true(p.n > 0);
	id = p.rows[0].id;
	enrollments = count("enrollments", id);
	audits = count("audit", nyc_admin.id);
	assert_int_equal(learner_update(&nyc_admin, id, "12-34", NULL, &why), LEARNER_EINVAL);
	assert_string_equal(why.field, "osos_id");
	assert_int_equal(learner_update(&nyc_admin, id, " zz 7654321 ", "Called.", &why),
			 LEARNER_OK);
	assert_int_equal(learner_get(&a, &nyc_admin, id, &d), LEARNER_OK);
	assert_string_equal(d.l.osos_id, "ZZ7654321");
	assert_string_equal(d.notes, "Called.");
	assert_true(count("audit", nyc_admin.id) >= audits + 2); /* the change and the view */
	/* the OSOS ID is one person's */
	learner_filter_init(&f);
	assert_int_equal(learner_list(&a, &nyc_admin, &f, &p), LEARNER_OK);
	assert_int_equal(learner_update(&nyc_admin,
					p.rows[0].id == id ? p.rows[1].id : p.rows[0].id,
					"ZZ7654321", NULL, &why),
			 LEARNER_EINVAL);
	/* found by its OSOS ID */
	f.q = "zz7654321";
	assert_int_equal(learner_list(&a, &nyc_admin, &f, &p), LEARNER_OK);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.rows[0].id, id);
	/* transfer: the enrollments stay, the old area loses sight of them */
	assert_int_equal(learner_transfer(&nyc_admin, id, "new-york-city", NULL, &why, NULL),
			 LEARNER_EINVAL);
	assert_int_equal(learner_transfer(&nyc_admin, id, "Yonkers", "moved", &why, NULL),
			 LEARNER_OK);
	assert_int_equal(count("enrollments", id), enrollments);
	assert_int_equal(learner_get(&a, &nyc_admin, id, &d), LEARNER_ENOTFOUND);
	assert_int_equal(learner_get(&a, &yon_admin, id, &d), LEARNER_OK);
	assert_int_equal(d.l.local_area_id, yonkers);
	assert_int_equal(d.ntransfers, 1);
	assert_string_equal(d.transfers[0].to_area, "Yonkers");
}

static void test_db_queue_scope_and_order(void **state)
{
	struct queue_filter f;
	struct queue_page p;
	struct queue_detail d;
	size_t i;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(queue_list(&a, &nyc_admin, &f, &p), QUEUE_OK);
	assert_true(p.n > 0);
	for (i = 0; i < p.n; i++) {
		assert_int_equal(p.items[i].local_area_id, nyc);
		assert_string_equal(p.items[i].status, "pending_review");
		if (i)
			assert_true(strcmp(p.items[i - 1].due_at, p.items[i].due_at) <= 0);
	}
	assert_int_equal(queue_get(&a, &yon_admin, p.items[0].reference, &d), QUEUE_ENOTFOUND);
	assert_int_equal(queue_get(&a, &nyc_viewer, p.items[0].reference, &d), QUEUE_OK);
	assert_int_equal(queue_decide(&a, &nyc_viewer, p.items[0].reference, 1, NULL),
			 5 /* APP_FORBIDDEN */);
	f.local_area = yonkers;
	assert_int_equal(queue_list(&a, &nyc_admin, &f, &p), QUEUE_ENOTFOUND);
	f.local_area = 0;
	f.cursor = "garbage";
	assert_int_equal(queue_list(&a, &nyc_admin, &f, &p), QUEUE_EINVAL);
}

static void test_db_program_settings(void **state)
{
	const char *msg = NULL, *bad = NULL;
	const char *keys[] = { "inactivity_remind_days", "inactivity_remove_days" };
	const char *bad_vals[] = { "60", "30" }, *good_vals[] = { "20", "40" };
	int64_t licenses = -1;
	char next[11];

	(void)state;
	assert_int_equal(program_setting_set(&nyc_admin, "seats_en", "10", &msg),
			 PROGRAM_EFORBIDDEN);
	assert_int_equal(program_setting_set(&state_admin, "seats_en", "-1", &msg), PROGRAM_EINVAL);
	assert_int_equal(program_setting_set(&state_admin, "help_email", "nope", &msg),
			 PROGRAM_EINVAL);
	assert_int_equal(program_setting_set(&state_admin, "osos_id_pattern", "([", &msg),
			 PROGRAM_EINVAL);
	assert_int_equal(program_setting_set(&state_admin, "auto_approve", "off", &msg),
			 PROGRAM_OK);
	assert_int_equal(settings_get_int("auto_approve", 1), 0);
	assert_int_equal(program_settings_set(&state_admin, keys, bad_vals, 2, &bad, &msg),
			 PROGRAM_EINVAL);
	assert_int_equal(program_settings_set(&state_admin, keys, good_vals, 2, &bad, &msg),
			 PROGRAM_OK);
	assert_int_equal(settings_get_int("inactivity_remove_days", 0), 40);
	assert_int_equal(program_term_extend(&state_admin, "2001-01-01", &licenses, &msg),
			 PROGRAM_EINVAL);
	snprintf(next, sizeof(next), "%d-11-30", 2100);
	assert_int_equal(program_term_extend(&state_admin, next, &licenses, &msg), PROGRAM_OK);
	assert_true(licenses > 0);
	assert_string_equal(settings_get(&a, "license_term_end"), next);
	/* not back to an earlier date */
	assert_int_equal(program_term_extend(&state_admin, "2099-11-30", &licenses, &msg),
			 PROGRAM_EINVAL);
}

static void test_db_curation(void **state)
{
	struct curated *items;
	int64_t region = 1;
	int n;

	(void)state;
	assert_int_equal(curation_add(&nyc_admin, region, "unit-program-1"), CURATION_EFORBIDDEN);
	assert_int_equal(curation_add(&state_admin, region, "unit-program-1"), CURATION_OK);
	assert_int_equal(curation_add(&state_admin, region, "unit-program-2"), CURATION_OK);
	assert_int_equal(curation_add(&state_admin, region, "unit-program-3"), CURATION_OK);
	assert_int_equal(curation_add(&state_admin, region, "unit-program-3"), CURATION_EEXISTS);
	assert_int_equal(curation_add(&state_admin, region, "no-such-program"),
			 CURATION_ENOPROGRAM);
	assert_int_equal(curation_move(&state_admin, region, "unit-program-3", -1, 0), CURATION_OK);
	n = curation_list(&a, region, &items);
	assert_int_equal(n, 3);
	assert_string_equal(items[0].slug, "unit-program-1");
	assert_string_equal(items[1].slug, "unit-program-3");
	assert_string_equal(items[2].slug, "unit-program-2");
	assert_int_equal(curation_move(&state_admin, region, "unit-program-2", 0, 1), CURATION_OK);
	assert_int_equal(curation_remove(&state_admin, region, "unit-program-1"), CURATION_OK);
	n = curation_list(&a, region, &items);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].slug, "unit-program-2");
	assert_int_equal(items[0].rank, 1);
	assert_int_equal(items[1].rank, 2);
	assert_int_equal(curation_remove(&state_admin, region, "unit-program-1"),
			 CURATION_ENOTLISTED);
}

static void test_db_seed_demo_once(void **state)
{
	FILE *out = fopen("/dev/null", "w");
	struct staff_member m;
	int64_t before = count("area", nyc);

	(void)state;
	assert_non_null(out);
	assert_int_equal(staff_seed_demo(out), 0);
	assert_int_equal(staff_find(&a, "area.admin@example.org", &m), 0);
	assert_int_equal(m.role, ROLE_AREA_ADMIN);
	assert_int_equal(m.local_area, nyc);
	assert_true(count("area", nyc) > before);
	before = count("area", nyc);
	assert_int_equal(staff_seed_demo(out), 0); /* seeding twice changes nothing */
	assert_int_equal(count("area", nyc), before);
	fclose(out);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_osos_pattern),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_filter_parse),
	};
	const struct CMUnitTest withdb[] = {
		cmocka_unit_test(test_db_accounts),
		cmocka_unit_test(test_db_login_and_lockout),
		cmocka_unit_test(test_db_login_guesses_from_many_addresses),
		cmocka_unit_test(test_db_pages_cover_the_area_once_in_order),
		cmocka_unit_test(test_db_another_areas_learner_is_not_found),
		cmocka_unit_test(test_db_osos_notes_and_transfer),
		cmocka_unit_test(test_db_queue_scope_and_order),
		cmocka_unit_test(test_db_program_settings),
		cmocka_unit_test(test_db_curation),
		cmocka_unit_test(test_db_seed_demo_once),
	};
	int rc = cmocka_run_group_tests(pure, NULL, NULL);

	return rc | cmocka_run_group_tests(withdb, db_setup, db_teardown);
}
