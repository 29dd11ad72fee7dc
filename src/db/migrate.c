/* migrate.c - numbered migrations embedded in the binary.
 *
 * Every src/db/migrations/NNN_name.sql runs once, in number order, each in its own
 * transaction together with its row in schema_migrations, so a migration either applies whole
 * or not at all. `skillgate migrate` runs them, and so does `serve` at start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/backend.h"
#include "db/db.h"
#include "embedded.h"
#include "util/timeutil.h"

#define MIGRATION_DIR "src/db/migrations/"

static int cmp_name(const void *a, const void *b)
{
	const struct embedded_file *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

int db_schema_version(struct db *db)
{
	struct stmt *st;
	int v = 0;

	if (db_exec(db,
		    "CREATE TABLE IF NOT EXISTS schema_migrations ("
		    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)") !=
	    0)
		return -1;
	st = db_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
	if (stmt_step(st) == DB_ROW)
		v = (int)stmt_int(st, 0);
	stmt_done(st);
	return v;
}

struct migration {
	const struct embedded_file *f;
	int version;
};

static int apply_one(struct db *db, void *ctx)
{
	const struct migration *m = ctx;
	struct stmt *st;
	char now[ISO_LEN];
	int rc;

	if (db_backend_pg) {
		/* the same migrations, in PostgreSQL's types (backend.h) */
		char *sql = pg_migration_sql((const char *)m->f->data);
		rc = sql ? db_exec(db, sql) : -1;
		free(sql);
		if (rc == 0)
			rc = pg_sync_identities(db);
	} else {
		rc = db_exec(db, (const char *)m->f->data);
	}
	if (rc != 0) {
		fprintf(stderr, "skillgate: migration %s failed\n", m->f->name);
		return DB_ABORT;
	}
	st = db_prepare(db, "INSERT INTO schema_migrations (version, name, applied_at) "
			    "VALUES (?, ?, ?)");
	stmt_bind_int(st, 1, m->version);
	stmt_bind_text(st, 2, m->f->name + strlen(MIGRATION_DIR));
	stmt_bind_text(st, 3, iso_now(now));
	rc = stmt_step(st) == DB_DONE ? 0 : DB_ABORT;
	stmt_done(st);
	return rc;
}

int db_migrate(struct db *db)
{
	const struct embedded_file *list[256];
	size_t i, n = 0;
	int current = db_schema_version(db);

	if (current < 0)
		return -1;
	for (i = 0; i < embedded_count && n < 256; i++)
		if (!strncmp(embedded_files[i].name, MIGRATION_DIR, strlen(MIGRATION_DIR)))
			list[n++] = &embedded_files[i];
	qsort(list, n, sizeof(list[0]), cmp_name);
	for (i = 0; i < n; i++) {
		struct migration m = { list[i], atoi(list[i]->name + strlen(MIGRATION_DIR)) };
		if (m.version <= current)
			continue;
		if (db_write(apply_one, &m) != 0)
			return -1;
	}
	return 0;
}
