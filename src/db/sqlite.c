/* sqlite.c - the SQLite backend of the statement layer (db.h).
 *
 * Connections: one per thread, opened on first use and kept for the thread's life, each with
 * its own statement cache (statements are prepared once, keyed by the address of their SQL
 * literal). The write path: one writer thread owns a separate connection. Callers queue a
 * write function and sleep; the writer takes everything queued, runs each function in its own
 * SAVEPOINT inside one transaction, commits once (synchronous=FULL, so the commit is on disk
 * when COMMIT returns) and wakes the callers. A thousand sign-ups arriving together cost one
 * fsync instead of a thousand, and no two writers ever wait on SQLite's lock.
 */
#include "db/backend.h"
#include "db/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/arena.h"

struct cache_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	struct cache_slot *slots;
	size_t nslots, used;
	struct db *next_open; /* every open connection, to close at exit */
};

struct job {
	db_write_fn fn;
	void *ctx;
	int rc, done;
	struct job *next;
};

static char *g_path;
static pthread_key_t g_key;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t g_open_mu = PTHREAD_MUTEX_INITIALIZER;
static struct db *g_open;

static pthread_mutex_t w_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t w_wake = PTHREAD_COND_INITIALIZER; /* work for the writer */
static pthread_cond_t w_done = PTHREAD_COND_INITIALIZER; /* a batch committed */
static struct job *w_head, **w_tail = &w_head;
static int w_running, w_stop;
static pthread_t w_thread;
static struct db *w_db;
static uint64_t w_commits;

/* ---- column text under AddressSanitizer ------------------------------------------------------
 *
 * stmt_text() hands out SQLite's own buffer, valid only until the statement steps again or is
 * reset. Code that keeps such a pointer longer reads freed or reused memory, which shows as
 * another row's text or garbage, and a sanitizer cannot see it inside SQLite's allocator.
 * Under AddressSanitizer, stmt_text() therefore returns a copy that is poisoned when its
 * statement moves on (kept poisoned for the next GRAVE copies before it is freed), so every
 * late use is reported where it happens, in the unit, HTTP and fuzz tiers alike. */
#if defined(__SANITIZE_ADDRESS__)
#define TEXT_GUARD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEXT_GUARD 1
#endif
#endif

#ifdef TEXT_GUARD
#include <sanitizer/asan_interface.h>

#define GRAVE 1024
struct peek {
	sqlite3_stmt *st;
	char *p;
	size_t n;
};
static _Thread_local struct peek *live;
static _Thread_local size_t nlive, caplive;
static _Thread_local struct peek grave[GRAVE];
static _Thread_local size_t grave_next;

static const char *guard_text(sqlite3_stmt *st, const char *s, size_t n)
{
	char *p;

	if (nlive == caplive) {
		size_t cap = caplive ? caplive * 2 : 64;
		struct peek *l = realloc(live, cap * sizeof(*l));
		if (!l)
			abort();
		live = l;
		caplive = cap;
	}
	p = malloc(n + 1);
	if (!p)
		abort();
	memcpy(p, s, n);
	p[n] = '\0';
	live[nlive].st = st;
	live[nlive].p = p;
	live[nlive].n = n + 1;
	nlive++;
	return p;
}

static void guard_bury(struct peek *pk)
{
	struct peek *g = &grave[grave_next];

	if (g->p) {
		ASAN_UNPOISON_MEMORY_REGION(g->p, g->n);
		free(g->p);
	}
	*g = *pk;
	ASAN_POISON_MEMORY_REGION(g->p, g->n);
	grave_next = (grave_next + 1) % GRAVE;
}

/* The statement moves on (st) or the thread's connection closes (NULL): its copies die. */
static void guard_release(sqlite3_stmt *st)
{
	size_t i, k = 0;

	for (i = 0; i < nlive; i++) {
		if (!st || live[i].st == st)
			guard_bury(&live[i]);
		else
			live[k++] = live[i];
	}
	nlive = k;
	if (!nlive) {
		free(live);
		live = NULL;
		caplive = 0;
	}
	if (!st)
		for (i = 0; i < GRAVE; i++) {
			if (grave[i].p) {
				ASAN_UNPOISON_MEMORY_REGION(grave[i].p, grave[i].n);
				free(grave[i].p);
			}
			grave[i].p = NULL;
		}
}
#else
#define guard_release(st) ((void)0)
#endif

static void db_free(struct db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->nslots; i++)
		if (db->slots[i].st)
			sqlite3_finalize(db->slots[i].st);
	free(db->slots);
	sqlite3_close(db->h);
	free(db);
}

static void thread_db_release(void *p)
{
	struct db *db = p, **pp;

	pthread_mutex_lock(&g_open_mu);
	for (pp = &g_open; *pp; pp = &(*pp)->next_open)
		if (*pp == db) {
			*pp = db->next_open;
			break;
		}
	pthread_mutex_unlock(&g_open_mu);
	guard_release(NULL);
	db_free(db);
}

static void make_key(void)
{
	pthread_key_create(&g_key, thread_db_release);
}

static struct db *db_connect(int writer)
{
	struct db *db = calloc(1, sizeof(*db));
	int rc;

	if (!db)
		return NULL;
	rc = sqlite3_open_v2(g_path, &db->h,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "skillgate: cannot open database %s: %s\n", g_path,
			db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		db_free(db);
		return NULL;
	}
	sqlite3_busy_timeout(db->h, 10000);
	sqlite3_exec(db->h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	sqlite3_exec(db->h, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	sqlite3_exec(db->h, "PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	sqlite3_exec(db->h, writer ? "PRAGMA cache_size=-32000" : "PRAGMA cache_size=-8000", NULL,
		     NULL, NULL);
	pthread_mutex_lock(&g_open_mu);
	db->next_open = g_open;
	g_open = db;
	pthread_mutex_unlock(&g_open_mu);
	return db;
}

struct db *sq_get(void)
{
	struct db *db;

	pthread_once(&g_once, make_key);
	db = pthread_getspecific(g_key);
	if (!db && g_path) {
		db = db_connect(0);
		if (!db) {
			fprintf(stderr,
				"skillgate: no database connection; check the path and disk\n");
			abort();
		}
		pthread_setspecific(g_key, db);
	}
	return db;
}

struct stmt *sq_prepare(struct db *db, const char *sql)
{
	size_t i, mask;
	sqlite3_stmt *st = NULL;

	if (db->used * 2 >= db->nslots) {
		size_t n = db->nslots ? db->nslots * 2 : 64, j;
		struct cache_slot *s = calloc(n, sizeof(*s));
		if (!s)
			abort();
		for (j = 0; j < db->nslots; j++) {
			if (!db->slots[j].sql)
				continue;
			i = ((uintptr_t)db->slots[j].sql >> 3) & (n - 1);
			while (s[i].sql)
				i = (i + 1) & (n - 1);
			s[i] = db->slots[j];
		}
		free(db->slots);
		db->slots = s;
		db->nslots = n;
	}
	mask = db->nslots - 1;
	for (i = ((uintptr_t)sql >> 3) & mask; db->slots[i].sql; i = (i + 1) & mask)
		if (db->slots[i].sql == sql)
			return (struct stmt *)db->slots[i].st;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "skillgate: SQL error: %s\n  in: %s\n", sqlite3_errmsg(db->h), sql);
		abort(); /* a statement that does not prepare is a programming error */
	}
	db->slots[i].sql = sql;
	db->slots[i].st = st;
	db->used++;
	return (struct stmt *)st;
}

#define ST(s) ((sqlite3_stmt *)(s))

void sq_bind_int(struct stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(ST(st), idx, v);
}

void sq_bind_double(struct stmt *st, int idx, double v)
{
	sqlite3_bind_double(ST(st), idx, v);
}

void sq_bind_text(struct stmt *st, int idx, const char *s)
{
	if (s)
		sqlite3_bind_text(ST(st), idx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(st), idx);
}

void sq_bind_textn(struct stmt *st, int idx, const char *s, size_t n)
{
	sqlite3_bind_text(ST(st), idx, s, (int)n, SQLITE_TRANSIENT);
}

void sq_bind_null(struct stmt *st, int idx)
{
	sqlite3_bind_null(ST(st), idx);
}

int sq_step(struct stmt *st)
{
	int rc;

	guard_release(ST(st));
	rc = sqlite3_step(ST(st));

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	fprintf(stderr, "skillgate: SQL step failed: %s\n  in: %s\n",
		sqlite3_errmsg(sqlite3_db_handle(ST(st))), sqlite3_sql(ST(st)));
	return DB_ERR;
}

int64_t sq_int(struct stmt *st, int col)
{
	return sqlite3_column_int64(ST(st), col);
}

double sq_double(struct stmt *st, int col)
{
	return sqlite3_column_double(ST(st), col);
}

const char *sq_text(struct stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(ST(st), col);
	if (!s)
		return "";
#ifdef TEXT_GUARD
	return guard_text(ST(st), (const char *)s, (size_t)sqlite3_column_bytes(ST(st), col));
#else
	return (const char *)s;
#endif
}

int sq_is_null(struct stmt *st, int col)
{
	return sqlite3_column_type(ST(st), col) == SQLITE_NULL;
}

char *sq_text_dup(struct stmt *st, int col, struct arena *a)
{
	const unsigned char *s = sqlite3_column_text(ST(st), col);
	if (!s)
		return NULL;
	return arena_strndup(a, (const char *)s, (size_t)sqlite3_column_bytes(ST(st), col));
}

void sq_done(struct stmt *st)
{
	guard_release(ST(st));
	sqlite3_reset(ST(st));
	sqlite3_clear_bindings(ST(st));
}

int sq_exec(struct db *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "skillgate: SQL error: %s\n", err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int64_t sq_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int sq_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

const char *sq_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

uint64_t sq_commit_count(void)
{
	uint64_t n;

	pthread_mutex_lock(&w_mu);
	n = w_commits;
	pthread_mutex_unlock(&w_mu);
	return n;
}

/* Runs one write function in its own savepoint: a failed write undoes only itself. */
static void exec_cached(struct db *db, const char *sql)
{
	struct stmt *st = sq_prepare(db, sql);
	sq_step(st);
	sq_done(st);
}

static int run_job(struct db *db, struct job *j)
{
	int rc;

	exec_cached(db, "SAVEPOINT w");
	rc = j->fn(db, j->ctx);
	if (rc < 0)
		exec_cached(db, "ROLLBACK TO w");
	exec_cached(db, "RELEASE w");
	return rc;
}

/* Checkpoints (copying the WAL back into the database file, with its own fsync) would
 * otherwise run inside some unlucky commit on the writer thread and stall every request
 * waiting on it. The writer has automatic checkpoints off; this thread runs a PASSIVE
 * checkpoint, which never blocks the writer or readers, whenever the WAL has grown. */
static pthread_t c_thread;
static int c_running;

static void *checkpointer_main(void *arg)
{
	struct db *db = db_connect(0);
	(void)arg;

	if (!db)
		return NULL;
	pthread_mutex_lock(&w_mu);
	while (!w_stop) {
		struct timespec ts;
		int log = 0, done = 0;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w_done, &w_mu, &ts);
		if (w_stop)
			break;
		pthread_mutex_unlock(&w_mu);
		sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
		pthread_mutex_lock(&w_mu);
	}
	pthread_mutex_unlock(&w_mu);
	thread_db_release(db);
	return NULL;
}

static void *writer_main(void *arg)
{
	struct db *db = w_db;
	(void)arg;

	pthread_mutex_lock(&w_mu);
	for (;;) {
		struct job *batch, *j;
		int ok;

		while (!w_head && !w_stop)
			pthread_cond_wait(&w_wake, &w_mu);
		if (!w_head && w_stop)
			break;
		batch = w_head;
		w_head = NULL;
		w_tail = &w_head;
		pthread_mutex_unlock(&w_mu);

		ok = sq_exec(db, "BEGIN IMMEDIATE") == 0;
		for (j = batch; ok && j; j = j->next)
			j->rc = run_job(db, j);
		if (ok && sq_exec(db, "COMMIT") != 0) {
			sq_exec(db, "ROLLBACK");
			ok = 0;
		}

		pthread_mutex_lock(&w_mu);
		for (j = batch; j; j = j->next) {
			if (!ok)
				j->rc = DB_ERR;
			j->done = 1;
		}
		w_commits++;
		pthread_cond_broadcast(&w_done);
	}
	pthread_mutex_unlock(&w_mu);
	guard_release(NULL);
	return NULL;
}

int sq_write(db_write_fn fn, void *ctx)
{
	struct job j = { fn, ctx, 0, 0, NULL };

	if (!w_running) {
		struct db *db = sq_get();
		int rc;

		if (sq_exec(db, "BEGIN IMMEDIATE") != 0)
			return DB_ERR;
		rc = fn(db, ctx);
		if (rc < 0) {
			sq_exec(db, "ROLLBACK");
			return rc;
		}
		if (sq_exec(db, "COMMIT") != 0) {
			sq_exec(db, "ROLLBACK");
			return DB_ERR;
		}
		return rc;
	}
	pthread_mutex_lock(&w_mu);
	*w_tail = &j;
	w_tail = &j.next;
	pthread_cond_signal(&w_wake);
	while (!j.done)
		pthread_cond_wait(&w_done, &w_mu);
	pthread_mutex_unlock(&w_mu);
	return j.rc;
}

int sq_open(const char *path, int writer_thread)
{
	struct db *db;

	free(g_path);
	g_path = strdup(path);
	if (!g_path)
		return -1;
	db = sq_get();
	if (!db)
		return -1;
	if (sq_exec(db, "PRAGMA journal_mode=WAL") != 0) {
		fprintf(stderr, "skillgate: cannot use WAL mode on %s\n", path);
		return -1;
	}
	if (writer_thread && !w_running) {
		w_db = db_connect(1);
		if (!w_db)
			return -1;
		sqlite3_exec(w_db->h, "PRAGMA wal_autocheckpoint=0", NULL, NULL, NULL);
		w_stop = 0;
		if (pthread_create(&w_thread, NULL, writer_main, NULL) != 0)
			return -1;
		w_running = 1;
		c_running = pthread_create(&c_thread, NULL, checkpointer_main, NULL) == 0;
	}
	return 0;
}

void sq_close(void)
{
	struct db *db;

	guard_release(NULL);
	if (w_running) {
		pthread_mutex_lock(&w_mu);
		w_stop = 1;
		pthread_cond_signal(&w_wake);
		pthread_mutex_unlock(&w_mu);
		pthread_join(w_thread, NULL);
		w_running = 0;
		if (c_running) {
			pthread_mutex_lock(&w_mu);
			pthread_cond_broadcast(&w_done);
			pthread_mutex_unlock(&w_mu);
			pthread_join(c_thread, NULL);
			c_running = 0;
		}
		pthread_mutex_lock(&g_open_mu);
		{
			struct db **pp;
			for (pp = &g_open; *pp; pp = &(*pp)->next_open)
				if (*pp == w_db) {
					*pp = w_db->next_open;
					break;
				}
		}
		pthread_mutex_unlock(&g_open_mu);
		db_free(w_db);
		w_db = NULL;
	}
	pthread_once(&g_once, make_key);
	db = pthread_getspecific(g_key);
	if (db) {
		pthread_setspecific(g_key, NULL);
		thread_db_release(db);
	}
}

int sq_backup(const char *dest)
{
	struct db *src = sq_get();
	sqlite3 *out = NULL;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open(dest, &out) != SQLITE_OK) {
		fprintf(stderr, "skillgate: cannot create %s: %s\n", dest, sqlite3_errmsg(out));
		sqlite3_close(out);
		return -1;
	}
	b = sqlite3_backup_init(out, "main", src->h, "main");
	if (!b) {
		fprintf(stderr, "skillgate: backup failed: %s\n", sqlite3_errmsg(out));
		sqlite3_close(out);
		return -1;
	}
	/* A few hundred pages at a time, so writers are never held up for long. */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "skillgate: backup failed: %s\n", sqlite3_errstr(rc));
		sqlite3_close(out);
		return -1;
	}
	rc = sqlite3_exec(out, "PRAGMA integrity_check", NULL, NULL, NULL);
	sqlite3_close(out);
	return rc == SQLITE_OK ? 0 : -1;
}
