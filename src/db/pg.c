/* pg.c - the PostgreSQL backend of the statement layer (db.h), through libpq.
 *
 * Connections: one per thread for reads, opened on first use and kept for the thread's life,
 * and one write connection for the process. Each has its own statement cache keyed by the
 * address of the SQL literal, like the SQLite backend; a statement is rewritten for
 * PostgreSQL once (pg_sql.c: `?` placeholders become `$1, $2, ...`, `BEGIN IMMEDIATE` becomes
 * `BEGIN`, an INSERT into a table with an `id` column gets `RETURNING id` so db_last_id()
 * works) and prepared on the server (PQprepare) the first time it runs on a connection.
 *
 * Parameters travel as text with no declared type, so the server infers each one from where
 * it stands (a number bound to a text column compares as text, as in SQLite). Where nothing
 * tells the type (`SELECT ?`, `? IS NULL`), the statement is prepared again declaring the
 * types of the values bound the first time (bigint, double precision, text).
 *
 * Writes: db_write() runs the caller's function on the write connection inside a transaction
 * that first takes a transaction-scoped advisory lock, so writes are serialized like SQLite's
 * single writer, also across several processes on one database. In `serve` a writer thread
 * runs everything queued in one such transaction, each function in its own savepoint, and
 * commits once (group commit, as the SQLite backend does). Every INSERT,
 * UPDATE or DELETE inside a transaction runs under a savepoint: a statement that fails (a
 * unique constraint, say) undoes only itself and the write function can go on, as with
 * SQLite, instead of PostgreSQL's "current transaction is aborted". The commit is durable when
 * COMMIT returns (synchronous_commit on): db_write returns after it.
 *
 * When the server is down, statements fail with DB_ERR and "database server unavailable" is
 * logged once per outage; the next statement tries to reconnect, and statements are prepared
 * again on the new connection.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "db/backend.h"
#include "db/db.h"
#include "db/pg_internal.h"
#include "util/arena.h"
#include "util/redact.h"

/* The key of the advisory lock that serializes writes (any constant; "sgwr"). */
#define WRITE_LOCK_KEY "1936160626"

enum { B_NULL, B_INT, B_DOUBLE, B_TEXT };

struct pg_stmt {
	struct pg_conn *c;
	const char *sql; /* the literal: the cache key */
	char *text;	 /* what PostgreSQL runs */
	char name[16];
	int kind;
	int is_write;	    /* INSERT, UPDATE or DELETE */
	int hide_returning; /* RETURNING id was added: the row is the new id, not a result */
	int nparams;
	char **vals;
	int *bound;	       /* B_* of each value */
	unsigned prepared_gen; /* the connection generation it was prepared on (0: never) */
	PGresult *res;
	int executed, row, nrows;
};

struct cache_slot {
	const char *sql;
	struct pg_stmt *st;
};

struct pg_conn {
	PGconn *h;
	unsigned gen; /* bumped at every (re)connection */
	struct cache_slot *slots;
	size_t nslots, used;
	unsigned next_name;
	int64_t last_id;
	int changes;
	char err[512];
	struct pg_conn *next_open;
};

static char *g_url;
static pthread_key_t g_key;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t g_open_mu = PTHREAD_MUTEX_INITIALIZER;
static struct pg_conn *g_open;

static pthread_mutex_t w_mu = PTHREAD_MUTEX_INITIALIZER;
static struct pg_conn *w_conn;
static _Thread_local int w_inside;
/* The server is known to be out of reach: said once in the log per outage, not per thread. */
static atomic_int g_down;
static atomic_uint_fast64_t w_commits;

/* Tables that have an `id` column (for RETURNING id), loaded from the catalog. */
static pthread_mutex_t t_mu = PTHREAD_MUTEX_INITIALIZER;
static char *t_names; /* " name1 name2 ... " */

#define CONN(db) ((struct pg_conn *)(void *)(db))
#define ST(s)	 ((struct pg_stmt *)(void *)(s))

/* ---- connections ------------------------------------------------------------------------- */

static void set_err(struct pg_conn *c, const char *msg)
{
	size_t n;

	snprintf(c->err, sizeof(c->err), "%s", msg ? msg : "unknown error");
	n = strlen(c->err);
	while (n && (c->err[n - 1] == '\n' || c->err[n - 1] == ' '))
		c->err[--n] = '\0';
}

/* Notices ("there is already a transaction in progress") are not for the log. */
static void quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static int conn_ok(struct pg_conn *c)
{
	if (c->h && PQstatus(c->h) == CONNECTION_OK)
		return 1;
	if (c->h)
		PQreset(c->h);
	else
		c->h = PQconnectdb(g_url);
	if (c->h && PQstatus(c->h) == CONNECTION_OK) {
		c->gen++;
		if (atomic_exchange(&g_down, 0))
			fprintf(stderr, "skillgate: database server reachable again\n");
		PQsetNoticeProcessor(c->h, quiet_notice, NULL);
		return 1;
	}
	set_err(c, c->h ? PQerrorMessage(c->h) : "out of memory");
	if (!atomic_exchange(&g_down, 1))
		fprintf(stderr, "skillgate: database server unavailable: %s\n", c->err);
	return 0;
}

static struct pg_conn *conn_new(void)
{
	struct pg_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	conn_ok(c);
	pthread_mutex_lock(&g_open_mu);
	c->next_open = g_open;
	g_open = c;
	pthread_mutex_unlock(&g_open_mu);
	return c;
}

static void stmt_free(struct pg_stmt *st)
{
	int i;

	if (!st)
		return;
	PQclear(st->res);
	for (i = 0; i < st->nparams; i++)
		free(st->vals[i]);
	free(st->vals);
	free(st->bound);
	free(st->text);
	free(st);
}

static void conn_free(struct pg_conn *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nslots; i++)
		stmt_free(c->slots[i].st);
	free(c->slots);
	if (c->h)
		PQfinish(c->h);
	free(c);
}

static void conn_release(void *p)
{
	struct pg_conn *c = p, **pp;

	pthread_mutex_lock(&g_open_mu);
	for (pp = &g_open; *pp; pp = &(*pp)->next_open)
		if (*pp == c) {
			*pp = c->next_open;
			break;
		}
	pthread_mutex_unlock(&g_open_mu);
	conn_free(c);
}

static void make_key(void)
{
	pthread_key_create(&g_key, conn_release);
}

struct db *pg_get(void)
{
	struct pg_conn *c;

	pthread_once(&g_once, make_key);
	c = pthread_getspecific(g_key);
	if (!c && g_url) {
		c = conn_new();
		if (!c) {
			fprintf(stderr, "skillgate: out of memory opening a database connection\n");
			abort();
		}
		pthread_setspecific(g_key, c);
	}
	return (struct db *)(void *)c;
}

/* ---- statement text ---------------------------------------------------------------------- */

static void load_id_tables(struct pg_conn *c)
{
	PGresult *r;
	struct pg_text b = { 0 };
	int i;

	if (!conn_ok(c))
		return;
	r = PQexec(c->h, "SELECT table_name FROM information_schema.columns "
			 "WHERE column_name = 'id' AND table_schema = current_schema()");
	if (PQresultStatus(r) == PGRES_TUPLES_OK) {
		pg_text_puts(&b, " ");
		for (i = 0; i < PQntuples(r); i++) {
			pg_text_puts(&b, PQgetvalue(r, i, 0));
			pg_text_puts(&b, " ");
		}
		pthread_mutex_lock(&t_mu);
		free(t_names);
		t_names = b.p;
		pthread_mutex_unlock(&t_mu);
	} else {
		free(b.p);
	}
	PQclear(r);
}

static int has_id_column(struct pg_conn *c, const char *table, size_t n)
{
	char key[80];
	int found, pass;

	if (n + 3 > sizeof(key))
		return 0;
	key[0] = ' ';
	memcpy(key + 1, table, n);
	key[n + 1] = ' ';
	key[n + 2] = '\0';
	for (pass = 0; pass < 2; pass++) {
		pthread_mutex_lock(&t_mu);
		found = t_names && strstr(t_names, key) != NULL;
		pthread_mutex_unlock(&t_mu);
		if (found || pass)
			break;
		load_id_tables(c);
	}
	return found;
}

static int has_id_cb(void *ctx, const char *table, size_t n)
{
	return has_id_column(ctx, table, n);
}

/* Classifies the statement and writes the PostgreSQL text (pg_sql.c). */
static void rewrite(struct pg_conn *c, struct pg_stmt *st)
{
	struct pg_sql r;

	pg_sql_rewrite(st->sql, has_id_cb, c, &r);
	st->kind = r.kind;
	st->text = r.text;
	st->nparams = r.nparams;
	st->is_write = r.is_write;
	st->hide_returning = r.hide_returning;
	if (st->nparams) {
		st->vals = calloc((size_t)st->nparams, sizeof(char *));
		st->bound = calloc((size_t)st->nparams, sizeof(int));
		if (!st->vals || !st->bound)
			abort();
	}
}

struct stmt *pg_prepare(struct db *db, const char *sql)
{
	struct pg_conn *c = CONN(db);
	size_t i, mask;
	struct pg_stmt *st;

	if (c->used * 2 >= c->nslots) {
		size_t n = c->nslots ? c->nslots * 2 : 64, j;
		struct cache_slot *s = calloc(n, sizeof(*s));
		if (!s)
			abort();
		for (j = 0; j < c->nslots; j++) {
			if (!c->slots[j].sql)
				continue;
			i = ((uintptr_t)c->slots[j].sql >> 3) & (n - 1);
			while (s[i].sql)
				i = (i + 1) & (n - 1);
			s[i] = c->slots[j];
		}
		free(c->slots);
		c->slots = s;
		c->nslots = n;
	}
	mask = c->nslots - 1;
	for (i = ((uintptr_t)sql >> 3) & mask; c->slots[i].sql; i = (i + 1) & mask)
		if (c->slots[i].sql == sql)
			return (struct stmt *)(void *)c->slots[i].st;
	st = calloc(1, sizeof(*st));
	if (!st)
		abort();
	st->c = c;
	st->sql = sql;
	snprintf(st->name, sizeof(st->name), "s%u", ++c->next_name);
	rewrite(c, st);
	c->slots[i].sql = sql;
	c->slots[i].st = st;
	c->used++;
	return (struct stmt *)(void *)st;
}

/* ---- binding ----------------------------------------------------------------------------- */

static void bind_set(struct pg_stmt *st, int idx, char *v, int kind)
{
	if (idx < 1 || idx > st->nparams) {
		free(v);
		return;
	}
	free(st->vals[idx - 1]);
	st->vals[idx - 1] = v;
	st->bound[idx - 1] = kind;
}

void pg_bind_int(struct stmt *s, int idx, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	bind_set(ST(s), idx, strdup(buf), B_INT);
}

void pg_bind_double(struct stmt *s, int idx, double v)
{
	char buf[40];
	snprintf(buf, sizeof(buf), "%.17g", v);
	bind_set(ST(s), idx, strdup(buf), B_DOUBLE);
}

void pg_bind_text(struct stmt *s, int idx, const char *v)
{
	if (v)
		bind_set(ST(s), idx, strdup(v), B_TEXT);
	else
		bind_set(ST(s), idx, NULL, B_NULL);
}

void pg_bind_textn(struct stmt *s, int idx, const char *v, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		abort();
	memcpy(p, v, n);
	p[n] = '\0';
	bind_set(ST(s), idx, p, B_TEXT);
}

void pg_bind_null(struct stmt *s, int idx)
{
	bind_set(ST(s), idx, NULL, B_NULL);
}

/* ---- running ----------------------------------------------------------------------------- */

static int simple(struct pg_conn *c, const char *sql)
{
	PGresult *r = PQexec(c->h, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

	if (!ok)
		set_err(c, PQresultErrorMessage(r));
	PQclear(r);
	return ok ? 0 : -1;
}

static int prepare_on_server(struct pg_stmt *st)
{
	struct pg_conn *c = st->c;
	PGresult *r = PQprepare(c->h, st->name, st->text, st->nparams, NULL);
	const char *state;

	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (state && !strcmp(state, "42P18")) {
			/* a parameter whose type nothing tells: declare the types bound now */
			Oid *types = calloc((size_t)st->nparams, sizeof(Oid));
			int i;
			if (!types)
				abort();
			for (i = 0; i < st->nparams; i++)
				types[i] = st->bound[i] == B_INT      ? 20
					   : st->bound[i] == B_DOUBLE ? 701
								      : 25;
			PQclear(r);
			r = PQprepare(c->h, st->name, st->text, st->nparams, types);
			free(types);
		}
	}
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		set_err(c, PQresultErrorMessage(r));
		fprintf(stderr, "skillgate: SQL error: %s\n  in: %s\n", c->err, st->text);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	st->prepared_gen = c->gen;
	return 0;
}

static int in_transaction(struct pg_conn *c)
{
	PGTransactionStatusType t = PQtransactionStatus(c->h);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

static int execute_once(struct pg_stmt *st)
{
	struct pg_conn *c = st->c;
	int savepoint, ok;
	ExecStatusType rs;

	if (st->kind == PG_NOOP) {
		st->nrows = 0;
		return 0;
	}
	if (!conn_ok(c))
		return -1;
	if (st->kind == PG_BEGIN && in_transaction(c)) {
		set_err(c, "a transaction is already open");
		return -1;
	}
	if (st->kind != PG_PLAIN) {
		if (simple(c, st->text) != 0) {
			fprintf(stderr, "skillgate: SQL step failed: %s\n  in: %s\n", c->err,
				st->text);
			return -1;
		}
		st->nrows = 0;
		c->changes = 0;
		return 0;
	}
	if (st->prepared_gen != c->gen && prepare_on_server(st) != 0)
		return -1;
	savepoint = st->is_write && in_transaction(c);
	if (savepoint && simple(c, "SAVEPOINT sg_stmt") != 0)
		return -1;
	st->res = PQexecPrepared(c->h, st->name, st->nparams, (const char *const *)st->vals, NULL,
				 NULL, 0);
	rs = PQresultStatus(st->res);
	ok = rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK;
	if (!ok) {
		const char *state = PQresultErrorField(st->res, PG_DIAG_SQLSTATE);
		set_err(c, PQresultErrorMessage(st->res));
		if (PQstatus(c->h) != CONNECTION_OK) {
			if (!atomic_exchange(&g_down, 1))
				fprintf(stderr, "skillgate: database server unavailable: %s\n",
					c->err);
		} else if (!state || strncmp(state, "23", 2)) {
			/* constraint violations are the caller's to report; anything else is logged */
			fprintf(stderr, "skillgate: SQL step failed: %s\n  in: %s\n", c->err,
				st->text);
		}
		PQclear(st->res);
		st->res = NULL;
		if (savepoint && PQstatus(c->h) == CONNECTION_OK)
			simple(c, "ROLLBACK TO SAVEPOINT sg_stmt; RELEASE SAVEPOINT sg_stmt");
		return -1;
	}
	c->changes = atoi(PQcmdTuples(st->res));
	st->nrows = PQntuples(st->res);
	if (st->hide_returning) {
		if (st->nrows > 0 && !PQgetisnull(st->res, st->nrows - 1, 0))
			c->last_id = strtoll(PQgetvalue(st->res, st->nrows - 1, 0), NULL, 10);
		st->nrows = 0;
	}
	if (savepoint && simple(c, "RELEASE SAVEPOINT sg_stmt") != 0)
		return -1;
	return 0;
}

/* A connection the server dropped (a restart, a failover) shows only when a statement fails
 * on it. A read outside a transaction, or the BEGIN of one, has done nothing yet, so it runs
 * once more on a new connection; anything else reports the failure to its caller. */
static int execute(struct pg_stmt *st)
{
	struct pg_conn *c = st->c;
	int idle = c->h && PQstatus(c->h) == CONNECTION_OK && !in_transaction(c);

	if (execute_once(st) == 0)
		return 0;
	if (!idle || PQstatus(c->h) == CONNECTION_OK || st->is_write || st->kind == PG_UTILITY)
		return -1;
	if (!conn_ok(c))
		return -1;
	return execute_once(st);
}

int pg_step(struct stmt *s)
{
	struct pg_stmt *st = ST(s);

	if (!st->executed) {
		if (execute(st) != 0)
			return DB_ERR;
		st->executed = 1;
		st->row = -1;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	st->row = st->nrows; /* stays done until stmt_done */
	return DB_DONE;
}

static const char *cell(struct pg_stmt *st, int col)
{
	if (!st->res || st->row < 0 || st->row >= st->nrows || col < 0 ||
	    col >= PQnfields(st->res) || PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

int64_t pg_int(struct stmt *s, int col)
{
	const char *v = cell(ST(s), col);

	if (!v)
		return 0;
	if (v[0] == 't' && !v[1])
		return 1;
	if (v[0] == 'f' && !v[1])
		return 0;
	if (strchr(v, '.') || strchr(v, 'e'))
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

double pg_double(struct stmt *s, int col)
{
	const char *v = cell(ST(s), col);
	return v ? strtod(v, NULL) : 0.0;
}

const char *pg_text(struct stmt *s, int col)
{
	const char *v = cell(ST(s), col);
	return v ? v : "";
}

int pg_is_null(struct stmt *s, int col)
{
	return cell(ST(s), col) == NULL;
}

char *pg_text_dup(struct stmt *s, int col, struct arena *a)
{
	struct pg_stmt *st = ST(s);
	const char *v = cell(st, col);

	if (!v)
		return NULL;
	return arena_strndup(a, v, (size_t)PQgetlength(st->res, st->row, col));
}

void pg_done(struct stmt *s)
{
	struct pg_stmt *st = ST(s);
	int i;

	PQclear(st->res);
	st->res = NULL;
	st->executed = 0;
	st->row = 0;
	st->nrows = 0;
	for (i = 0; i < st->nparams; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
		st->bound[i] = B_NULL;
	}
}

int pg_exec(struct db *db, const char *sql)
{
	struct pg_conn *c = CONN(db);
	const char *s = pg_skip_space(sql);
	char *ddl = NULL;
	int rc = 0;

	if (pg_word_at(s, "PRAGMA"))
		return 0;
	if (!conn_ok(c))
		return -1;
	if (pg_word_at(s, "BEGIN")) {
		if (in_transaction(c))
			return -1;
		s = "BEGIN ISOLATION LEVEL REPEATABLE READ";
	} else if (pg_word_at(s, "CREATE TABLE")) {
		/* a table made at run time gets the migrations' types (INTEGER PRIMARY KEY...) */
		ddl = pg_migration_sql(s);
		if (!ddl)
			return -1;
		s = ddl;
	}
	if (simple(c, s) != 0) {
		fprintf(stderr, "skillgate: SQL error: %s\n", c->err);
		rc = -1;
	}
	free(ddl);
	return rc;
}

int64_t pg_last_id(struct db *db)
{
	return CONN(db)->last_id;
}

int pg_changes(struct db *db)
{
	return CONN(db)->changes;
}

const char *pg_errmsg(struct db *db)
{
	return CONN(db)->err;
}

uint64_t pg_commit_count(void)
{
	return (uint64_t)atomic_load(&w_commits);
}

int pg_unavailable(void)
{
	struct pg_conn *c = CONN(pg_get());

	if (!c)
		return 1;
	if (conn_ok(c) && (in_transaction(c) || simple(c, "SELECT 1") == 0))
		return 0;
	/* a connection the server dropped is only noticed now: one more try on a new one */
	return !(PQstatus(c->h) != CONNECTION_OK && conn_ok(c) && simple(c, "SELECT 1") == 0);
}

/* ---- writes ------------------------------------------------------------------------------ */

/* BEGIN and the write lock; a dropped connection is replaced once (nothing had begun). */
static int begin_write(struct pg_conn *c)
{
	if (!conn_ok(c))
		return -1;
	if (simple(c, "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")") == 0)
		return 0;
	if (PQstatus(c->h) != CONNECTION_OK && conn_ok(c) &&
	    simple(c, "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")") == 0)
		return 0;
	fprintf(stderr, "skillgate: cannot begin a write: %s\n", c->err);
	if (PQstatus(c->h) == CONNECTION_OK && PQtransactionStatus(c->h) != PQTRANS_IDLE)
		simple(c, "ROLLBACK");
	return -1;
}

/* COMMIT; 0 when it committed (COMMIT of a failed transaction answers ROLLBACK, no error). */
static int commit_write(struct pg_conn *c)
{
	if (simple(c, "COMMIT") == 0 && PQtransactionStatus(c->h) == PQTRANS_IDLE) {
		atomic_fetch_add(&w_commits, 1);
		return 0;
	}
	fprintf(stderr, "skillgate: commit failed: %s\n", c->err);
	if (PQstatus(c->h) == CONNECTION_OK && PQtransactionStatus(c->h) != PQTRANS_IDLE)
		simple(c, "ROLLBACK");
	return -1;
}

/* The group-commit writer (serve): callers queue their write function and sleep; the writer
 * takes everything queued, runs each function in its own savepoint inside one transaction,
 * commits once and wakes them, as the SQLite backend does. Many sign-ups at once then share
 * one commit and one round of the write lock instead of queueing for it one by one. */
struct job {
	db_write_fn fn;
	void *ctx;
	int rc, done;
	struct job *next;
};

static pthread_cond_t w_wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t w_done = PTHREAD_COND_INITIALIZER;
static struct job *w_head, **w_tail = &w_head;
static int w_running, w_stop;
static pthread_t w_thread;

/* One function of a batch, in its own savepoint: a failed write undoes only itself. */
static int run_job(struct pg_conn *c, struct job *j)
{
	int rc;

	if (simple(c, "SAVEPOINT w") != 0)
		return DB_ERR;
	rc = j->fn((struct db *)(void *)c, j->ctx);
	if (rc >= 0 && PQtransactionStatus(c->h) == PQTRANS_INERROR)
		rc = DB_ERR; /* a statement failed and nothing undid it */
	if (rc < 0 && simple(c, "ROLLBACK TO SAVEPOINT w") != 0)
		return DB_ERR;
	if (simple(c, "RELEASE SAVEPOINT w") != 0)
		return DB_ERR;
	return rc;
}

static void *writer_main(void *arg)
{
	struct pg_conn *c = w_conn;
	(void)arg;

	w_inside = 1;
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

		ok = begin_write(c) == 0;
		for (j = batch; ok && j; j = j->next) {
			j->rc = run_job(c, j);
			if (PQstatus(c->h) != CONNECTION_OK)
				ok = 0;
		}
		if (ok && commit_write(c) != 0)
			ok = 0;

		pthread_mutex_lock(&w_mu);
		for (j = batch; j; j = j->next) {
			if (!ok)
				j->rc = DB_ERR;
			j->done = 1;
		}
		pthread_cond_broadcast(&w_done);
	}
	pthread_mutex_unlock(&w_mu);
	return NULL;
}

int pg_write(db_write_fn fn, void *ctx)
{
	struct job j = { fn, ctx, 0, 0, NULL };
	struct pg_conn *c;
	int rc;

	if (w_inside) {
		fprintf(stderr, "skillgate: db_write called inside a write\n");
		return DB_ERR;
	}
	pthread_mutex_lock(&w_mu);
	if (w_running) {
		*w_tail = &j;
		w_tail = &j.next;
		pthread_cond_signal(&w_wake);
		while (!j.done)
			pthread_cond_wait(&w_done, &w_mu);
		pthread_mutex_unlock(&w_mu);
		return j.rc;
	}
	/* no writer thread (the command line): a transaction on the caller's thread */
	if (!w_conn)
		w_conn = conn_new();
	c = w_conn;
	if (!c || begin_write(c) != 0) {
		pthread_mutex_unlock(&w_mu);
		return DB_ERR;
	}
	w_inside = 1;
	rc = fn((struct db *)(void *)c, ctx);
	w_inside = 0;
	if (rc < 0)
		simple(c, "ROLLBACK");
	else if (commit_write(c) != 0)
		rc = DB_ERR;
	pthread_mutex_unlock(&w_mu);
	return rc;
}

/* ---- open, close ------------------------------------------------------------------------- */

const char *pg_url(void)
{
	return g_url;
}

int pg_open(const char *url, int writer_thread)
{
	struct pg_conn *c;

	free(g_url);
	g_url = strdup(url);
	if (!g_url)
		return -1;
	c = CONN(pg_get());
	if (!c || !c->h || PQstatus(c->h) != CONNECTION_OK) {
		char shown[REDACT_MAX];
		fprintf(stderr, "skillgate: cannot connect to the PostgreSQL database %s\n",
			redact_db_location(url, shown, sizeof(shown)));
		return -1;
	}
	if (writer_thread && !w_running) {
		pthread_mutex_lock(&w_mu);
		if (!w_conn)
			w_conn = conn_new();
		w_stop = 0;
		w_running = w_conn && pthread_create(&w_thread, NULL, writer_main, NULL) == 0;
		pthread_mutex_unlock(&w_mu);
		if (!w_running)
			return -1;
	}
	return 0;
}

void pg_close(void)
{
	struct pg_conn *c;

	if (w_running) {
		pthread_mutex_lock(&w_mu);
		w_stop = 1;
		pthread_cond_signal(&w_wake);
		pthread_mutex_unlock(&w_mu);
		pthread_join(w_thread, NULL);
		w_running = 0;
	}
	pthread_mutex_lock(&w_mu);
	if (w_conn) {
		conn_release(w_conn);
		w_conn = NULL;
	}
	pthread_mutex_unlock(&w_mu);
	pthread_once(&g_once, make_key);
	c = pthread_getspecific(g_key);
	if (c) {
		pthread_setspecific(g_key, NULL);
		conn_release(c);
	}
}

/* ---- identities ------------------------------------------------------------------------------ */

const char pg_identity_sync_sql[] =
	"DO $$ DECLARE r record; BEGIN "
	"FOR r IN SELECT table_name AS t, column_name AS c FROM information_schema.columns "
	"WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP "
	"EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), "
	"GREATEST((SELECT COALESCE(MAX(%I), 0) FROM %I), 1), "
	"(SELECT COUNT(*) > 0 FROM %I))', r.t, r.c, r.c, r.t, r.t); "
	"END LOOP; END $$";

int pg_sync_identities(struct db *db)
{
	return pg_exec(db, pg_identity_sync_sql);
}
