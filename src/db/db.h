/* db.h - the one way skillgate talks to its database.
 *
 * Statements are prepared once per connection (cached by the address of their SQL text, so
 * the SQL must be a string literal) and take bound parameters only: no SQL is ever built from
 * strings. Placeholders are `?`, numbered from 1. Keep SQL portable (plain SQL that SQLite
 * and PostgreSQL both run); anything backend-specific (FTS5, pragmas) stays inside src/db/.
 *
 * Reads use this thread's own connection (db_get()). Writes go through db_write(): one writer
 * thread runs every queued write function inside one transaction and commits them together
 * with synchronous=FULL (group commit), so many small durable writes share one fsync and
 * never stall each other on the database lock. db_write returns only after the commit is on
 * disk: a request answered after db_write succeeded is never lost.
 *
 *   struct stmt *st = db_prepare(db, "SELECT name FROM local_areas WHERE id = ?");
 *   stmt_bind_int(st, 1, id);
 *   if (stmt_step(st) == DB_ROW)
 *           name = stmt_text_dup(st, 0, r->arena);
 *   stmt_done(st);
 */
#ifndef SG_DB_H
#define SG_DB_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct stmt;

enum { DB_ERR = -1, DB_DONE = 0, DB_ROW = 1 };
/* What a write function returns to say "this write failed on purpose": its savepoint is
 * rolled back, other writes of the batch commit; db_write returns the same value. */
enum { DB_ABORT = -2, DB_CONFLICT = -3 };

/* 1 when path names a PostgreSQL database (postgresql://... or postgres://...). */
int db_path_is_url(const char *path);
/* 1 when the database opened is PostgreSQL. */
int db_is_postgres(void);
/* 1 when several server processes may serve the database opened at once (PostgreSQL): what
 * one process keeps in memory then decides nothing alone, and the sign-up claims are kept in
 * the database too (intake.h). 0 when one server owns it (SQLite: serverlock.h). */
int db_shared(void);

/* Opens the database at `path` (a file: SQLite; a postgresql:// URL: PostgreSQL, pg.c) for
 * this process (WAL, busy timeout, foreign keys) and, when
 * `writer_thread` is set, starts the group-commit writer. 0 or -1 with a message on stderr. */
int db_open(const char *path, int writer_thread);
/* Stops the writer after it has committed everything queued; closes connections. */
void db_close(void);
const char *db_path(void);

/* This thread's connection, opened on first use; closed when the thread ends. */
struct db *db_get(void);

struct stmt *db_prepare(struct db *db, const char *sql);
void stmt_bind_int(struct stmt *st, int idx, int64_t v);
void stmt_bind_double(struct stmt *st, int idx, double v);
/* NULL binds SQL NULL. The text is copied. */
void stmt_bind_text(struct stmt *st, int idx, const char *s);
void stmt_bind_textn(struct stmt *st, int idx, const char *s, size_t n);
void stmt_bind_null(struct stmt *st, int idx);
/* DB_ROW, DB_DONE or DB_ERR (logged with the SQL). */
int stmt_step(struct stmt *st);
int64_t stmt_int(struct stmt *st, int col);
double stmt_double(struct stmt *st, int col);
/* Never NULL ("" for SQL NULL); valid only until the next step or stmt_done: for comparing
 * or parsing on the spot. Anything kept (in a struct, returned, used after the loop) is
 * copied with stmt_text_dup(). Under AddressSanitizer the pointer is poisoned when the
 * statement moves on, so a late use is reported where it happens. */
const char *stmt_text(struct stmt *st, int col);
int stmt_is_null(struct stmt *st, int col);
/* A copy in the arena, or NULL for SQL NULL. */
char *stmt_text_dup(struct stmt *st, int col, struct arena *a);
/* Resets the statement and clears its bindings so the cache can hand it out again. */
void stmt_done(struct stmt *st);

/* Runs a statement that returns no rows (or ignores them), binding nothing: DDL, pragmas. */
int db_exec(struct db *db, const char *sql);
int64_t db_last_id(struct db *db);
int db_changes(struct db *db);
const char *db_errmsg(struct db *db);

typedef int (*db_write_fn)(struct db *db, void *ctx);
/* Runs fn(db, ctx) on the write connection inside a transaction and returns after the commit
 * is durable. fn returns 0 (keep), or a negative value (its changes are rolled back).
 * Returns fn's result, or DB_ERR when the commit itself failed (then nothing of fn stays).
 * Without a writer thread (CLI) it runs on the caller's thread in its own transaction. */
int db_write(db_write_fn fn, void *ctx);

/* 1 when the database cannot be reached right now (PostgreSQL: this thread's connection,
 * reconnecting once, does not answer); SQLite is a local file: always 0. */
int db_unavailable(void);

/* Hidden test/bench hooks: number of commits (group-commit batches) so far. */
uint64_t db_commit_count(void);

/* Copies the whole database to `dest` while others keep reading and writing (SQLite's online
 * backup), so the copy is a consistent snapshot. 0 or -1 with a message on stderr. */
int db_backup(const char *dest);

/* Runs the migrations embedded in the binary that have not run yet. 0 or -1. */
int db_migrate(struct db *db);
int db_schema_version(struct db *db);

#endif
