/* testdata.c - data for the tests and the benchmarks (testdata.h). */
#include "testdata.h"

#include <stdio.h>
#include <string.h>

#include "application.h"
#include "db/db.h"
#include "util/timeutil.h"

static int add_person(struct db *db, struct testdata_person *p, const char *now)
{
	struct stmt *st;
	int64_t area = 0, region = 0, app;
	char ref[APP_REF_LEN], key[300];
	int rc;

	st = db_prepare(db, "SELECT local_area_id, region_id FROM county_areas WHERE county = ? "
			    "ORDER BY id LIMIT 1");
	stmt_bind_text(st, 1, p->county);
	if (stmt_step(st) == DB_ROW) {
		area = stmt_int(st, 0);
		region = stmt_int(st, 1);
	}
	stmt_done(st);
	application_new_reference(ref); /* the format every application has */
	snprintf(key, sizeof(key), "test|%s", p->email_norm);
	st = db_prepare(db, "INSERT INTO applications (reference, first_name, last_name, email, "
			    "email_norm, person_key, birth_date, county, local_area_id, region_id, "
			    "employment_status, osos_id, language, program, decision, "
			    "policy_version, status, submitted_at, due_at, decided_at, decided_by) "
			    "VALUES (?, ?, ?, ?, ?, ?, '1980-01-01', ?, ?, ?, 'unemployed', ?, ?, "
			    "?, 'eligible', 1, ?, ?, ?, ?, 'test')");
	stmt_bind_text(st, 1, ref);
	stmt_bind_text(st, 2, p->first);
	stmt_bind_text(st, 3, p->last);
	stmt_bind_text(st, 4, p->email);
	stmt_bind_text(st, 5, p->email_norm);
	stmt_bind_text(st, 6, key);
	stmt_bind_text(st, 7, p->county);
	if (area)
		stmt_bind_int(st, 8, area);
	if (region)
		stmt_bind_int(st, 9, region);
	stmt_bind_text(st, 10, p->osos);
	stmt_bind_text(st, 11, p->lang);
	stmt_bind_text(st, 12, p->lang);
	stmt_bind_text(st, 13, !strcmp(p->status, "waitlisted") ? "waitlisted" : "active");
	stmt_bind_text(st, 14, now);
	stmt_bind_text(st, 15, now);
	stmt_bind_text(st, 16, now);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	app = db_last_id(db);
	st = db_prepare(db, "INSERT INTO learners (application_id, email, email_norm, first_name, "
			    "last_name, osos_id, local_area_id, region_id, language, program, "
			    "license_status, activated_at, waitlisted_at, removed_at, created_at, "
			    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	stmt_bind_int(st, 1, app);
	stmt_bind_text(st, 2, p->email);
	stmt_bind_text(st, 3, p->email_norm);
	stmt_bind_text(st, 4, p->first);
	stmt_bind_text(st, 5, p->last);
	stmt_bind_text(st, 6, p->osos);
	if (area)
		stmt_bind_int(st, 7, area);
	if (region)
		stmt_bind_int(st, 8, region);
	stmt_bind_text(st, 9, p->lang);
	stmt_bind_text(st, 10, p->lang);
	stmt_bind_text(st, 11, p->status);
	stmt_bind_text(st, 12, strcmp(p->status, "waitlisted") ? now : NULL);
	stmt_bind_text(st, 13, !strcmp(p->status, "waitlisted") ? now : NULL);
	stmt_bind_text(st, 14, !strcmp(p->status, "removed") ? now : NULL);
	stmt_bind_text(st, 15, now);
	stmt_bind_text(st, 16, now);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	p->id = db_last_id(db);
	return 0;
}

static int person_fn(struct db *db, void *ctx)
{
	char now[ISO_LEN];
	return add_person(db, ctx, iso_now(now));
}

static int add_program(struct db *db, struct testdata_program *p, const char *now)
{
	struct stmt *st = db_prepare(db, "INSERT INTO programs (provider_id, slug, kind, title, "
					 "partner, description, url, source, created_at, "
					 "updated_at) VALUES (?, ?, ?, ?, 'Test University', "
					 "'A program for the tests.', ?, 'test', ?, ?)");
	int rc;

	stmt_bind_text(st, 1, p->provider_id);
	stmt_bind_text(st, 2, p->slug);
	stmt_bind_text(st, 3, p->kind);
	stmt_bind_text(st, 4, p->title);
	stmt_bind_text(st, 5, p->url ? p->url : "");
	stmt_bind_text(st, 6, now);
	stmt_bind_text(st, 7, now);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	p->id = db_last_id(db);
	if (p->curate) {
		/* curate == -1: in every region's list; first in the list, so it is among the
		 * suggestions however long the seeded lists are */
		st = db_prepare(db, "INSERT INTO region_programs (region_id, program_id, rank) "
				    "SELECT r.id, ?, (SELECT COALESCE(MIN(rank), 1) - 1 FROM "
				    "region_programs WHERE region_id = r.id) FROM regions r WHERE "
				    "r.id = ? OR ? = -1");
		stmt_bind_int(st, 1, p->id);
		stmt_bind_int(st, 2, p->curate);
		stmt_bind_int(st, 3, p->curate);
		rc = stmt_step(st);
		stmt_done(st);
		if (rc != DB_DONE)
			return DB_ABORT;
	}
	return 0;
}

static int program_fn(struct db *db, void *ctx)
{
	char now[ISO_LEN];
	return add_program(db, ctx, iso_now(now));
}

static int bench_fn(struct db *db, void *ctx)
{
	const long *b = ctx; /* learners, programs */
	char now[ISO_LEN], email[64], osos[32], slug[48], title[48], pid[48];
	long i;

	iso_now(now);
	for (i = 1; i <= b[1]; i++) {
		struct testdata_program p = { slug, title, "course", pid, NULL, 0, 0 };
		snprintf(slug, sizeof(slug), "bench-course-%ld", i);
		snprintf(title, sizeof(title), "Bench Course %ld", i);
		snprintf(pid, sizeof(pid), "bench-id-%ld", i);
		if (add_program(db, &p, now) != 0)
			return DB_ABORT;
	}
	for (i = 1; i <= b[0]; i++) {
		struct testdata_person p = { email, "Bench",  "Learner", "active", osos,
					     "en",  "Albany", "",	 0 };
		snprintf(email, sizeof(email), "bench%ld@bench.example", i);
		snprintf(p.email_norm, sizeof(p.email_norm), "%s", email);
		snprintf(osos, sizeof(osos), "BN%07ld", i);
		if (add_person(db, &p, now) != 0)
			return DB_ABORT;
	}
	return 0;
}

int testdata_add_person(struct testdata_person *p)
{
	return db_write(person_fn, p) == 0 ? 0 : -1;
}

int testdata_add_program(struct testdata_program *p)
{
	return db_write(program_fn, p) == 0 ? 0 : -1;
}

int testdata_bench(long learners, long programs)
{
	long b[2] = { learners, programs };

	return db_write(bench_fn, b) == 0 ? 0 : -1;
}

int64_t testdata_applications(void)
{
	struct stmt *st = db_prepare(db_get(), "SELECT COUNT(*) FROM applications");
	int64_t n = stmt_step(st) == DB_ROW ? stmt_int(st, 0) : -1;

	stmt_done(st);
	return n;
}

int testdata_raw_table(int create)
{
	if (!create)
		return db_exec(db_get(), "DROP TABLE bench_raw") == 0 ? 0 : -1;
	return db_exec(db_get(), "CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, "
				 "payload TEXT NOT NULL)") == 0
		       ? 0
		       : -1;
}

static int insert_raw(struct db *db, void *ctx)
{
	struct stmt *st = db_prepare(db, "INSERT INTO bench_raw (payload) VALUES (?)");
	int rc;

	stmt_bind_text(st, 1, ctx);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ABORT;
}

int testdata_raw_insert(const char *payload)
{
	return db_write(insert_raw, (void *)payload) == 0 ? 0 : -1;
}

size_t testdata_active_programs(void)
{
	struct stmt *st = db_prepare(db_get(), "SELECT count(*) FROM programs WHERE active = 1");
	size_t n = stmt_step(st) == DB_ROW ? (size_t)stmt_int(st, 0) : 0;

	stmt_done(st);
	return n;
}

int64_t testdata_first_curated_region(void)
{
	struct stmt *st = db_prepare(db_get(), "SELECT min(region_id) FROM region_programs");
	int64_t region = stmt_step(st) == DB_ROW ? stmt_int(st, 0) : 0;

	stmt_done(st);
	return region;
}
