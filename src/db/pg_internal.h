/* pg_internal.h - what the files of the PostgreSQL backend share: pg.c (connections, running
 * statements, writes, the serving lock), pg_sql.c (the statement text) and pg_backup.c
 * (pg_dump). Only db/pg*.c include it. */
#ifndef SG_DB_PG_INTERNAL_H
#define SG_DB_PG_INTERNAL_H

#include <stddef.h>

/* The database URL pg_open() was given (with its password; never show it), or NULL. */
const char *pg_url(void);

/* A growing text; the appenders abort when memory runs out (a statement is small). p is
 * malloc'd and NUL-terminated once anything was put. */
struct pg_text {
	char *p;
	size_t n, cap;
};
void pg_text_put(struct pg_text *b, const char *s, size_t n);
void pg_text_puts(struct pg_text *b, const char *s);

/* 1 when s starts with the word w (any case), not followed by a letter, digit or '_'. */
int pg_word_at(const char *s, const char *w);
/* s past spaces and -- comments. */
const char *pg_skip_space(const char *s);

/* What kind of statement a text is: run as prepared, passed on as it is (COMMIT, SAVEPOINT,
 * ...), a BEGIN, or nothing to do on PostgreSQL (PRAGMA). */
enum pg_kind { PG_PLAIN, PG_UTILITY, PG_BEGIN, PG_NOOP };

/* A statement as PostgreSQL runs it. */
struct pg_sql {
	enum pg_kind kind;
	char *text;	    /* malloc'd */
	int nparams;	    /* $1 .. $nparams */
	int is_write;	    /* INSERT, UPDATE or DELETE */
	int hide_returning; /* RETURNING id was added: the row is the new id, not a result */
};

/* Rewrites a statement written for SQLite into out; has_id(ctx, table, len) says whether a
 * table has an `id` column (an INSERT into it then returns the id). */
void pg_sql_rewrite(const char *sql, int (*has_id)(void *ctx, const char *table, size_t n),
		    void *ctx, struct pg_sql *out);

#endif
