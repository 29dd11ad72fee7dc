/* db.c - db.h's entry points: each passes the call to the backend chosen at db_open
 * (backend.h). A path opens SQLite; a postgresql:// or postgres:// URL opens PostgreSQL. */
#include <stdlib.h>
#include <string.h>

#include "db/backend.h"
#include "db/db.h"

int db_backend_pg;
static char *g_path;

int db_path_is_url(const char *path)
{
	return path && (!strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11));
}

int db_is_postgres(void)
{
	return db_backend_pg;
}

int db_shared(void)
{
	return db_backend_pg; /* SQLite: one serving process per file (serverlock.c) */
}

int db_open(const char *path, int writer_thread)
{
	char *copy = strdup(path);

	if (!copy)
		return -1;
	free(g_path);
	g_path = copy;
	db_backend_pg = db_path_is_url(path);
	return db_backend_pg ? pg_open(path, writer_thread) : sq_open(path, writer_thread);
}

const char *db_path(void)
{
	return g_path;
}

#define PICK(fn, ...) (db_backend_pg ? pg_##fn(__VA_ARGS__) : sq_##fn(__VA_ARGS__))

void db_close(void)
{
	if (db_backend_pg)
		pg_close();
	else
		sq_close();
}

struct db *db_get(void)
{
	return db_backend_pg ? pg_get() : sq_get();
}

struct stmt *db_prepare(struct db *db, const char *sql)
{
	return PICK(prepare, db, sql);
}

void stmt_bind_int(struct stmt *st, int idx, int64_t v)
{
	if (db_backend_pg)
		pg_bind_int(st, idx, v);
	else
		sq_bind_int(st, idx, v);
}

void stmt_bind_double(struct stmt *st, int idx, double v)
{
	if (db_backend_pg)
		pg_bind_double(st, idx, v);
	else
		sq_bind_double(st, idx, v);
}

void stmt_bind_text(struct stmt *st, int idx, const char *s)
{
	if (db_backend_pg)
		pg_bind_text(st, idx, s);
	else
		sq_bind_text(st, idx, s);
}

void stmt_bind_textn(struct stmt *st, int idx, const char *s, size_t n)
{
	if (db_backend_pg)
		pg_bind_textn(st, idx, s, n);
	else
		sq_bind_textn(st, idx, s, n);
}

void stmt_bind_null(struct stmt *st, int idx)
{
	if (db_backend_pg)
		pg_bind_null(st, idx);
	else
		sq_bind_null(st, idx);
}

int stmt_step(struct stmt *st)
{
	return PICK(step, st);
}

int64_t stmt_int(struct stmt *st, int col)
{
	return PICK(int, st, col);
}

double stmt_double(struct stmt *st, int col)
{
	return PICK(double, st, col);
}

const char *stmt_text(struct stmt *st, int col)
{
	return PICK(text, st, col);
}

int stmt_is_null(struct stmt *st, int col)
{
	return PICK(is_null, st, col);
}

char *stmt_text_dup(struct stmt *st, int col, struct arena *a)
{
	return PICK(text_dup, st, col, a);
}

void stmt_done(struct stmt *st)
{
	if (db_backend_pg)
		pg_done(st);
	else
		sq_done(st);
}

int db_exec(struct db *db, const char *sql)
{
	return PICK(exec, db, sql);
}

int64_t db_last_id(struct db *db)
{
	return PICK(last_id, db);
}

int db_changes(struct db *db)
{
	return PICK(changes, db);
}

const char *db_errmsg(struct db *db)
{
	return PICK(errmsg, db);
}

int db_write(db_write_fn fn, void *ctx)
{
	return PICK(write, fn, ctx);
}

int db_unavailable(void)
{
	return db_backend_pg ? pg_unavailable() : 0;
}

uint64_t db_commit_count(void)
{
	return db_backend_pg ? pg_commit_count() : sq_commit_count();
}

int db_backup(const char *dest)
{
	return PICK(backup, dest);
}
