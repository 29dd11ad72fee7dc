/* test_db.c - the statement layer, migrations and the group-commit writer (db/db.h).
 *
 * Each test opens a fresh database file. The writer tests run with the writer thread (as
 * `serve` does); the others in CLI mode, where db_write runs on the caller's thread.
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

#include "db/db.h"
#include "embedded.h"
#include "util/arena.h"
#include "testdb.h"

static char dbfile[TESTDB_PATH_MAX];

static int open_fresh(int writer)
{
	if (testdb_make(dbfile, sizeof(dbfile), "test_db") != 0)
		return -1;
	if (db_open(dbfile, writer) != 0)
		return -1;
	return db_exec(db_get(), "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, "
				 "n INTEGER, x REAL)");
}

static int cli_setup(void **state)
{
	(void)state;
	return open_fresh(0);
}

static int writer_setup(void **state)
{
	(void)state;
	return open_fresh(1);
}

static int teardown(void **state)
{
	(void)state;
	testdb_remove(dbfile);
	return 0;
}

static int64_t count_rows(const char *name)
{
	struct stmt *st;
	int64_t n = -1;

	if (name) {
		st = db_prepare(db_get(), "SELECT COUNT(*) FROM t WHERE name = ?");
		stmt_bind_text(st, 1, name);
	} else {
		st = db_prepare(db_get(), "SELECT COUNT(*) FROM t");
	}
	if (stmt_step(st) == DB_ROW)
		n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

/* A write: inserts a row named ctx->name, then returns ctx->rc. */
struct ins {
	const char *name;
	int64_t n;
	int rc;		     /* what the function returns after its insert */
	pthread_t ran_on;    /* filled by the function */
	uint64_t commits_at; /* db_commit_count() when it ran: equal = same batch */
	int step_rc;
};

static int ins_fn(struct db *db, void *ctx)
{
	struct ins *in = ctx;
	struct stmt *st = db_prepare(db, "INSERT INTO t (name, n) VALUES (?, ?)");

	in->ran_on = pthread_self();
	in->commits_at = db_commit_count();
	stmt_bind_text(st, 1, in->name);
	stmt_bind_int(st, 2, in->n);
	in->step_rc = stmt_step(st);
	stmt_done(st);
	if (in->step_rc != DB_DONE)
		return DB_ABORT;
	return in->rc;
}

/* ---- statements ------------------------------------------------------------------------------ */

static char many_sql[200][32];

static void *other_thread_prepare(void *arg)
{
	struct stmt **out = arg;

	*out = db_prepare(db_get(), "SELECT 1 + 1");
	if (stmt_step(*out) != DB_ROW || stmt_int(*out, 0) != 2)
		*out = NULL;
	stmt_done(*out);
	return NULL;
}

static void test_prepare_once(void **state)
{
	struct db *db = db_get();
	static const char sql_a[] = "SELECT 1 + 1";
	static const char sql_b[] = "SELECT 1 + 1 "; /* another literal: another statement */
	struct stmt *a1, *a2, *b, *first[200], *theirs = NULL;
	pthread_t t;
	int i;

	(void)state;
	assert_ptr_equal(db_get(), db); /* one connection per thread */
	a1 = db_prepare(db, sql_a);
	a2 = db_prepare(db, sql_a);
	b = db_prepare(db, sql_b);
	assert_ptr_equal(a1, a2);
	assert_ptr_not_equal(a1, b);

	/* the cache grows (past 32, 64, 128 entries) and keeps handing out the same ones */
	for (i = 0; i < 200; i++) {
		snprintf(many_sql[i], sizeof(many_sql[i]), "SELECT %d", i);
		first[i] = db_prepare(db, many_sql[i]);
	}
	for (i = 0; i < 200; i++) {
		struct stmt *st = db_prepare(db, many_sql[i]);
		assert_ptr_equal(st, first[i]);
		assert_int_equal(stmt_step(st), DB_ROW);
		assert_int_equal(stmt_int(st, 0), i);
		stmt_done(st);
	}
	assert_ptr_equal(db_prepare(db, sql_a), a1);

	/* another thread has its own connection and its own statement */
	assert_int_equal(pthread_create(&t, NULL, other_thread_prepare, &theirs), 0);
	pthread_join(t, NULL);
	assert_non_null(theirs);
	assert_ptr_not_equal(theirs, a1);
}

static int insert_values(struct db *db, void *ctx)
{
	struct stmt *st = db_prepare(db, "INSERT INTO t (id, name, n, x) VALUES (?, ?, ?, ?)");

	(void)ctx;
	stmt_bind_int(st, 1, 1);
	stmt_bind_text(st, 2, NULL);
	stmt_bind_int(st, 3, INT64_MAX);
	stmt_bind_double(st, 4, 2.5);
	if (stmt_step(st) != DB_DONE)
		goto fail;
	stmt_done(st);
	stmt_bind_int(st, 1, 2);
	stmt_bind_text(st, 2, "");
	stmt_bind_int(st, 3, INT64_MIN);
	stmt_bind_null(st, 4);
	if (stmt_step(st) != DB_DONE)
		goto fail;
	stmt_done(st);
	stmt_bind_int(st, 1, 3);
	stmt_bind_text(st, 2, "O'Brien\"; DROP TABLE t; -- Ñandú 日本 🎉");
	stmt_bind_int(st, 3, -1);
	stmt_bind_double(st, 4, -0.125);
	if (stmt_step(st) != DB_DONE)
		goto fail;
	stmt_done(st);
	stmt_bind_int(st, 1, 4);
	stmt_bind_textn(st, 2, "abcdef", 3);
	if (stmt_step(st) != DB_DONE)
		goto fail;
	stmt_done(st);
	stmt_bind_int(st, 1, 5);
	stmt_bind_textn(st, 2, "x\0y", 3);
	if (stmt_step(st) != DB_DONE)
		goto fail;
	stmt_done(st);
	return db_changes(db) == 1 && db_last_id(db) == 5 ? 0 : DB_ABORT;
fail:
	stmt_done(st);
	return DB_ABORT;
}

static void test_bind_step_and_nulls(void **state)
{
	struct db *db = db_get();
	struct stmt *st;
	struct arena a;
	char *s;

	(void)state;
	arena_init(&a);
	assert_int_equal(db_write(insert_values, NULL), 0);
	st = db_prepare(db, "SELECT id, name, n, x FROM t ORDER BY id");

	assert_int_equal(stmt_step(st), DB_ROW); /* NULL name */
	assert_int_equal(stmt_int(st, 0), 1);
	assert_true(stmt_is_null(st, 1));
	assert_string_equal(stmt_text(st, 1), "");
	assert_null(stmt_text_dup(st, 1, &a));
	assert_int_equal(stmt_int(st, 2), INT64_MAX);
	assert_true(stmt_double(st, 3) == 2.5);
	assert_false(stmt_is_null(st, 3));

	assert_int_equal(stmt_step(st), DB_ROW); /* empty name: not NULL */
	assert_false(stmt_is_null(st, 1));
	s = stmt_text_dup(st, 1, &a);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(stmt_int(st, 2), INT64_MIN);
	assert_true(stmt_is_null(st, 3));
	assert_true(stmt_double(st, 3) == 0.0);
	assert_string_equal(stmt_text(st, 3), "");

	assert_int_equal(stmt_step(st), DB_ROW); /* hostile text is stored as it is */
	s = stmt_text_dup(st, 1, &a);
	assert_string_equal(s, "O'Brien\"; DROP TABLE t; -- Ñandú 日本 🎉");
	assert_string_equal(stmt_text(st, 1), s);
	assert_int_equal(stmt_int(st, 2), -1);
	assert_true(stmt_double(st, 3) == -0.125);
	assert_string_equal(stmt_text(st, 2), "-1");

	assert_int_equal(stmt_step(st), DB_ROW); /* textn: only n bytes */
	assert_string_equal(stmt_text(st, 1), "abc");
	assert_true(stmt_is_null(st, 2));

	assert_int_equal(stmt_step(st), DB_ROW); /* textn with a NUL inside: all 3 bytes */
	s = stmt_text_dup(st, 1, &a);
	assert_memory_equal(s, "x\0y", 4);

	assert_int_equal(stmt_step(st), DB_DONE);
	stmt_done(st);
	assert_int_equal(count_rows(NULL), 5); /* the table is still there */

	/* stmt_done clears bindings: a reused statement does not remember the last value */
	st = db_prepare(db, "SELECT ?");
	stmt_bind_int(st, 1, 42);
	assert_int_equal(stmt_step(st), DB_ROW);
	assert_int_equal(stmt_int(st, 0), 42);
	stmt_done(st);
	st = db_prepare(db, "SELECT ?");
	assert_int_equal(stmt_step(st), DB_ROW);
	assert_true(stmt_is_null(st, 0));
	stmt_done(st);
	arena_release(&a);
}

static void test_errors(void **state)
{
	struct db *db = db_get();
	struct ins dup = { "same", 1, 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(db_exec(db, "THIS IS NOT SQL"), -1);
	assert_int_equal(db_exec(db, "SELECT * FROM no_such_table"), -1);
	assert_int_equal(db_exec(db, "SELECT 1; SELECT 2"), 0);
	assert_int_equal(db_write(ins_fn, &dup), 0);
	/* a constraint violation: the step says DB_ERR, the write is refused, nothing kept */
	dup.n = 2;
	assert_int_equal(db_write(ins_fn, &dup), DB_ABORT);
	assert_int_equal(dup.step_rc, DB_ERR);
	assert_int_equal(count_rows("same"), 1);
	assert_non_null(db_errmsg(db));
	/* and the statement still works afterwards */
	dup.name = "other";
	assert_int_equal(db_write(ins_fn, &dup), 0);
	assert_int_equal(count_rows(NULL), 2);
}

/* ---- migrations ------------------------------------------------------------------------------ */

static void migration_files(int *count, int *max)
{
	const char *dir = "src/db/migrations/";
	size_t i;

	*count = *max = 0;
	for (i = 0; i < embedded_count; i++)
		if (!strncmp(embedded_files[i].name, dir, strlen(dir))) {
			int v = atoi(embedded_files[i].name + strlen(dir));
			(*count)++;
			if (v > *max)
				*max = v;
		}
}

static int64_t count_migrations(void)
{
	struct stmt *st = db_prepare(db_get(), "SELECT COUNT(*) FROM schema_migrations");
	int64_t n = -1;

	if (stmt_step(st) == DB_ROW)
		n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static void test_migrations(void **state)
{
	struct db *db = db_get();
	int count, max;

	(void)state;
	migration_files(&count, &max);
	assert_true(count >= 3);
	/* numbered 1, 2, ... with no gap: a database runs only numbers above its highest, so a
	 * number left free and filled later would never run where a later one already has */
	assert_int_equal(count, max);
	assert_int_equal(db_schema_version(db), 0);
	assert_int_equal(count_migrations(), 0);
	assert_int_equal(db_migrate(db), 0);
	assert_int_equal(db_schema_version(db), max);
	assert_int_equal(count_migrations(), count);
	/* again: nothing to do, nothing changes */
	assert_int_equal(db_migrate(db), 0);
	assert_int_equal(db_schema_version(db), max);
	assert_int_equal(count_migrations(), count);
	/* the core tables exist */
	assert_int_equal(db_exec(db, "SELECT key, value FROM settings LIMIT 1"), 0);
	assert_int_equal(db_exec(db, "SELECT id, county FROM county_areas LIMIT 1"), 0);
}

static void test_migrations_through_the_writer(void **state)
{
	int count, max;

	(void)state;
	migration_files(&count, &max);
	assert_int_equal(db_migrate(db_get()), 0);
	assert_int_equal(db_schema_version(db_get()), max);
	assert_int_equal(count_migrations(), count);
	assert_int_equal(db_migrate(db_get()), 0);
	assert_int_equal(count_migrations(), count);
}

/* ---- db_write without a writer thread (CLI) -------------------------------------------------- */

static void test_cli_write(void **state)
{
	struct ins ok = { "kept", 1, 0, 0, 0, 0 };
	struct ins bad = { "undone", 2, DB_ABORT, 0, 0, 0 };
	struct ins conflict = { "conflict", 3, DB_CONFLICT, 0, 0, 0 };
	uint64_t commits = db_commit_count();

	(void)state;
	assert_int_equal(db_write(ins_fn, &ok), 0);
	assert_true(pthread_equal(ok.ran_on, pthread_self()));
	assert_int_equal(count_rows("kept"), 1);
	assert_int_equal(db_write(ins_fn, &bad), DB_ABORT);
	assert_int_equal(bad.step_rc, DB_DONE); /* it did insert, and that was rolled back */
	assert_int_equal(count_rows("undone"), 0);
	assert_int_equal(db_write(ins_fn, &conflict), DB_CONFLICT);
	assert_int_equal(count_rows("conflict"), 0);
	assert_int_equal(count_rows(NULL), 1);
	assert_int_equal(db_commit_count(), commits); /* no writer, no batches */
}

/* ---- the writer thread ----------------------------------------------------------------------- */

static void test_writer_runs_elsewhere_and_is_visible(void **state)
{
	struct ins ok = { "written", 7, 0, 0, 0, 0 };
	uint64_t commits = db_commit_count();

	(void)state;
	assert_int_equal(db_write(ins_fn, &ok), 0);
	assert_false(pthread_equal(ok.ran_on, pthread_self()));
	/* returned means committed: this thread's own connection sees it at once */
	assert_int_equal(count_rows("written"), 1);
	assert_true(db_commit_count() > commits);
}

#define BATCH 8

struct gate {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int started, announced;
};

static struct gate gate = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };

/* Runs alone in its batch (the workers start only once it runs) and holds the writer until
 * every worker is about to call db_write, then a little longer so that all of them are
 * queued: they then form the next batch together. */
static int blocker_fn(struct db *db, void *ctx)
{
	pthread_mutex_lock(&gate.mu);
	gate.started = 1;
	pthread_cond_broadcast(&gate.cv);
	while (gate.announced < BATCH)
		pthread_cond_wait(&gate.cv, &gate.mu);
	pthread_mutex_unlock(&gate.mu);
	usleep(150 * 1000);
	return ins_fn(db, ctx);
}

struct worker {
	struct ins in;
	int rc;
};

static void *blocker_thread(void *arg)
{
	struct worker *w = arg;

	w->rc = db_write(blocker_fn, &w->in);
	return NULL;
}

static void *batch_worker(void *arg)
{
	struct worker *w = arg;

	pthread_mutex_lock(&gate.mu);
	gate.announced++;
	pthread_cond_broadcast(&gate.cv);
	pthread_mutex_unlock(&gate.mu);
	w->rc = db_write(ins_fn, &w->in);
	return NULL;
}

static void test_failed_write_leaves_its_batch_committed(void **state)
{
	static const char *const names[BATCH] = { "w0", "w1", "w2-abort",    "w3-dup",
						  "w4", "w5", "w6-conflict", "w7" };
	struct worker blocker = { { "blocker", 0, 0, 0, 0, 0 }, -99 };
	struct worker w[BATCH];
	pthread_t bt, t[BATCH];
	int i;

	(void)state;
	gate.started = gate.announced = 0;
	memset(w, 0, sizeof(w));
	for (i = 0; i < BATCH; i++) {
		w[i].in.name = names[i];
		w[i].in.n = i;
	}
	w[2].in.rc = DB_ABORT;	  /* inserts, then gives up: rolled back */
	w[3].in.name = "blocker"; /* violates UNIQUE(name): its step fails */
	w[6].in.rc = DB_CONFLICT; /* another refusal code, returned as is */

	assert_int_equal(pthread_create(&bt, NULL, blocker_thread, &blocker), 0);
	pthread_mutex_lock(&gate.mu);
	while (!gate.started)
		pthread_cond_wait(&gate.cv, &gate.mu);
	pthread_mutex_unlock(&gate.mu);
	for (i = 0; i < BATCH; i++)
		assert_int_equal(pthread_create(&t[i], NULL, batch_worker, &w[i]), 0);
	pthread_join(bt, NULL);
	for (i = 0; i < BATCH; i++)
		pthread_join(t[i], NULL);

	assert_int_equal(blocker.rc, 0);
	/* they really shared one batch (one commit), after the blocker's */
	for (i = 0; i < BATCH; i++) {
		if (w[i].in.commits_at != w[0].in.commits_at)
			fail_msg("write %d ran in another batch (%llu vs %llu)", i,
				 (unsigned long long)w[i].in.commits_at,
				 (unsigned long long)w[0].in.commits_at);
	}
	assert_true(w[0].in.commits_at > blocker.in.commits_at);

	assert_int_equal(w[2].rc, DB_ABORT);
	assert_int_equal(w[2].in.step_rc, DB_DONE);
	assert_int_equal(w[3].rc, DB_ABORT);
	assert_int_equal(w[3].in.step_rc, DB_ERR);
	assert_int_equal(w[6].rc, DB_CONFLICT);
	for (i = 0; i < BATCH; i++)
		if (i != 2 && i != 3 && i != 6)
			assert_int_equal(w[i].rc, 0);

	assert_int_equal(count_rows("blocker"), 1);
	assert_int_equal(count_rows("w2-abort"), 0);
	assert_int_equal(count_rows("w6-conflict"), 0);
	assert_int_equal(count_rows("w0"), 1);
	assert_int_equal(count_rows("w1"), 1);
	assert_int_equal(count_rows("w4"), 1);
	assert_int_equal(count_rows("w5"), 1);
	assert_int_equal(count_rows("w7"), 1);
	assert_int_equal(count_rows(NULL), 6);
}

#define THREADS	   8
#define PER_THREAD 40

struct loader {
	int id, failed;
};

static int add_fn(struct db *db, void *ctx)
{
	const int64_t *n = ctx;
	struct stmt *st = db_prepare(db, "INSERT INTO t (n) VALUES (?)");
	int rc;

	stmt_bind_int(st, 1, *n);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ABORT;
}

static void *loader_thread(void *arg)
{
	struct loader *l = arg;
	int i;

	for (i = 0; i < PER_THREAD; i++) {
		int64_t n = (int64_t)l->id * 1000 + i;
		if (db_write(add_fn, &n) != 0)
			l->failed++;
	}
	return NULL;
}

static void test_concurrent_writes_are_batched(void **state)
{
	struct loader l[THREADS];
	pthread_t t[THREADS];
	uint64_t before = db_commit_count(), commits;
	struct stmt *st;
	int i;

	(void)state;
	for (i = 0; i < THREADS; i++) {
		l[i].id = i;
		l[i].failed = 0;
		assert_int_equal(pthread_create(&t[i], NULL, loader_thread, &l[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(l[i].failed, 0);
	}
	commits = db_commit_count() - before;
	print_message("%d writes in %llu commits\n", THREADS * PER_THREAD,
		      (unsigned long long)commits);
	assert_int_equal(count_rows(NULL), THREADS * PER_THREAD);
	st = db_prepare(db_get(), "SELECT COUNT(DISTINCT n) FROM t");
	assert_int_equal(stmt_step(st), DB_ROW);
	assert_int_equal(stmt_int(st, 0), THREADS * PER_THREAD);
	stmt_done(st);
	assert_true(commits >= 1);
	assert_true(commits < (uint64_t)(THREADS * PER_THREAD));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_prepare_once, cli_setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_step_and_nulls, cli_setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, cli_setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrations, cli_setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_write, cli_setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrations_through_the_writer, writer_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_writer_runs_elsewhere_and_is_visible,
						writer_setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_write_leaves_its_batch_committed,
						writer_setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writes_are_batched, writer_setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
