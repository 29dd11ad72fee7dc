/* testlearning.c - hidden `skillgate test-learning …`: data for the learner tests and the
 * import benchmark, written straight into the database (not part of the program's use).
 *
 *   test-learning learner EMAIL [--status active|waitlisted|removed|expired] [--first NAME]
 *                 [--last NAME] [--osos ID] [--lang en|es] [--county COUNTY]
 *       an approved person with a learner row; prints the learner id
 *   test-learning program SLUG [--title T] [--kind K] [--provider-id ID] [--url URL]
 *                 [--curate REGION_ID|all]
 *       a program in the catalog (curated for a region, or every region, when asked); prints
 *       its id
 *   test-learning bench LEARNERS PROGRAMS
 *       LEARNERS learners bench<i>@bench.example (OSOS ID BN<i, 7 digits>) and PROGRAMS
 *       programs bench-course-<j> (provider id bench-id-<j>), for bench/usage_import.sh
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "application.h"
#include "cli/cli.h"
#include "db/db.h"
#include "util/timeutil.h"

struct person {
	const char *email, *first, *last, *status, *osos, *lang, *county;
	char email_norm[256];
	int64_t id;
};

static int add_person(struct db *db, struct person *p, const char *now)
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

struct prog {
	const char *slug, *title, *kind, *provider_id, *url;
	int64_t curate, id;
};

static int add_program(struct db *db, struct prog *p, const char *now)
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

struct bench {
	long learners, programs;
};

static int bench_fn(struct db *db, void *ctx)
{
	struct bench *b = ctx;
	char now[ISO_LEN], email[64], osos[32], slug[48], title[48], pid[48];
	long i;

	iso_now(now);
	for (i = 1; i <= b->programs; i++) {
		struct prog p = { slug, title, "course", pid, NULL, 0, 0 };
		snprintf(slug, sizeof(slug), "bench-course-%ld", i);
		snprintf(title, sizeof(title), "Bench Course %ld", i);
		snprintf(pid, sizeof(pid), "bench-id-%ld", i);
		if (add_program(db, &p, now) != 0)
			return DB_ABORT;
	}
	for (i = 1; i <= b->learners; i++) {
		struct person p = {
			email, "Bench", "Learner", "active", osos, "en", "Albany", "", 0
		};
		snprintf(email, sizeof(email), "bench%ld@bench.example", i);
		snprintf(p.email_norm, sizeof(p.email_norm), "%s", email);
		snprintf(osos, sizeof(osos), "BN%07ld", i);
		if (add_person(db, &p, now) != 0)
			return DB_ABORT;
	}
	return 0;
}

/* The value after flag argv[*i], or NULL (and a usage error is due). */
static const char *opt(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int cmd_learner(int argc, char **argv)
{
	struct person p = { NULL, "Test", "Learner", "active", "", "en", "Albany", "", 0 };
	size_t k;
	int i;

	for (i = 0; i < argc; i++) {
		const char **dst = NULL;
		if (!strcmp(argv[i], "--status"))
			dst = &p.status;
		else if (!strcmp(argv[i], "--first"))
			dst = &p.first;
		else if (!strcmp(argv[i], "--last"))
			dst = &p.last;
		else if (!strcmp(argv[i], "--osos"))
			dst = &p.osos;
		else if (!strcmp(argv[i], "--lang"))
			dst = &p.lang;
		else if (!strcmp(argv[i], "--county"))
			dst = &p.county;
		else if (!p.email && argv[i][0] != '-') {
			p.email = argv[i];
			continue;
		} else
			return cli_usage_error("test-learning learner: unexpected '%s'", argv[i]);
		if (!(*dst = opt(argc, argv, &i)))
			return cli_usage_error("test-learning learner: %s needs a value", argv[i]);
	}
	if (!p.email)
		return cli_usage_error("test-learning learner needs an e-mail address%s", "");
	for (k = 0; p.email[k] && k + 1 < sizeof(p.email_norm); k++)
		p.email_norm[k] = (char)(p.email[k] >= 'A' && p.email[k] <= 'Z' ? p.email[k] + 32
										: p.email[k]);
	p.email_norm[k] = '\0';
	if (cli_open_db(0) != 0)
		return 1;
	if (db_write(person_fn, &p) != 0) {
		fprintf(stderr, "skillgate: could not add the learner %s (a duplicate?)\n",
			p.email);
		db_close();
		return 1;
	}
	printf("%lld\n", (long long)p.id);
	db_close();
	return 0;
}

static int cmd_program(int argc, char **argv)
{
	struct prog p = { NULL, NULL, "course", NULL, NULL, 0, 0 };
	const char *curate = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		const char **dst = NULL;
		if (!strcmp(argv[i], "--title"))
			dst = &p.title;
		else if (!strcmp(argv[i], "--kind"))
			dst = &p.kind;
		else if (!strcmp(argv[i], "--provider-id"))
			dst = &p.provider_id;
		else if (!strcmp(argv[i], "--url"))
			dst = &p.url;
		else if (!strcmp(argv[i], "--curate"))
			dst = &curate;
		else if (!p.slug && argv[i][0] != '-') {
			p.slug = argv[i];
			continue;
		} else
			return cli_usage_error("test-learning program: unexpected '%s'", argv[i]);
		if (!(*dst = opt(argc, argv, &i)))
			return cli_usage_error("test-learning program: %s needs a value", argv[i]);
	}
	if (!p.slug)
		return cli_usage_error("test-learning program needs a slug%s", "");
	if (!p.title)
		p.title = p.slug;
	p.curate = !curate ? 0 : !strcmp(curate, "all") ? -1 : atoll(curate);
	if (cli_open_db(0) != 0)
		return 1;
	if (db_write(program_fn, &p) != 0) {
		fprintf(stderr, "skillgate: could not add the program %s (a duplicate?)\n", p.slug);
		db_close();
		return 1;
	}
	printf("%lld\n", (long long)p.id);
	db_close();
	return 0;
}

int cmd_test_learning(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "learner"))
		return cmd_learner(argc - 1, argv + 1);
	if (argc >= 1 && !strcmp(argv[0], "program"))
		return cmd_program(argc - 1, argv + 1);
	if (argc == 3 && !strcmp(argv[0], "bench")) {
		struct bench b = { atol(argv[1]), atol(argv[2]) };
		int rc;
		if (b.learners < 1 || b.programs < 1)
			return cli_usage_error(
				"test-learning bench wants LEARNERS PROGRAMS, got '%s'", argv[1]);
		if (cli_open_db(0) != 0)
			return 1;
		rc = db_write(bench_fn, &b);
		db_close();
		if (rc != 0) {
			fprintf(stderr,
				"skillgate: could not add the bench data (already there?)\n");
			return 1;
		}
		printf("%ld learners, %ld programs\n", b.learners, b.programs);
		return 0;
	}
	return cli_usage_error("test-learning wants learner, program or bench%s", "");
}
