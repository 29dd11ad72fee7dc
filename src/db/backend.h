/* backend.h - the two implementations of db.h, inside src/db/ only.
 *
 * db.c picks one when the database is opened: a path is SQLite (sqlite.c), a postgresql://
 * or postgres:// URL is PostgreSQL (pg.c). Every db.h call is a branch on that choice and a
 * direct call into the backend; both backends implement the same list of functions. */
#ifndef SG_DB_BACKEND_H
#define SG_DB_BACKEND_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct stmt;

/* 1 when the database opened is PostgreSQL. */
extern int db_backend_pg;

#define DB_BACKEND_FUNCS(P)                                                                        \
	int P##open(const char *path, int writer_thread);                                          \
	void P##close(void);                                                                       \
	struct db *P##get(void);                                                                   \
	struct stmt *P##prepare(struct db *db, const char *sql);                                   \
	void P##bind_int(struct stmt *st, int idx, int64_t v);                                     \
	void P##bind_double(struct stmt *st, int idx, double v);                                   \
	void P##bind_text(struct stmt *st, int idx, const char *s);                                \
	void P##bind_textn(struct stmt *st, int idx, const char *s, size_t n);                     \
	void P##bind_null(struct stmt *st, int idx);                                               \
	int P##step(struct stmt *st);                                                              \
	int64_t P##int(struct stmt * st, int col);                                                 \
	double P##double(struct stmt * st, int col);                                               \
	const char *P##text(struct stmt *st, int col);                                             \
	int P##is_null(struct stmt *st, int col);                                                  \
	char *P##text_dup(struct stmt *st, int col, struct arena *a);                              \
	void P##done(struct stmt *st);                                                             \
	int P##exec(struct db *db, const char *sql);                                               \
	int64_t P##last_id(struct db *db);                                                         \
	int P##changes(struct db *db);                                                             \
	const char *P##errmsg(struct db *db);                                                      \
	int P##write(int (*fn)(struct db *, void *), void *ctx);                                   \
	uint64_t P##commit_count(void);                                                            \
	int P##backup(const char *dest);

DB_BACKEND_FUNCS(sq_)
DB_BACKEND_FUNCS(pg_)

/* The PostgreSQL text of a migration written for SQLite (pg_sql.c): INTEGER becomes BIGINT,
 * INTEGER PRIMARY KEY an identity column, REAL double precision. malloc'd, or NULL. */
char *pg_migration_sql(const char *sqlite_sql);
/* A statement's text with `?` and `?NNN` as `$n` (outside quotes and comments); the number
 * of parameters in *nparams. malloc'd. */
char *pg_placeholders(const char *sql, int *nparams);
/* After migrations: moves every identity sequence past the largest id in its table, since
 * migrations and seeds insert some rows with explicit ids. 0 or -1. */
int pg_sync_identities(struct db *db);
/* The statement pg_sync_identities runs (also after migrate-data's copy, datacopy.c). */
extern const char pg_identity_sync_sql[];
/* 1 when the PostgreSQL server does not answer this thread's connection, even reconnected. */
int pg_unavailable(void);

#endif
