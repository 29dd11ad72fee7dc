/* imports.c - the provider report import history (imports.h). */
#include "imports.h"

#include <string.h>

#include "db/db.h"
#include "util/arena.h"
#include "util/timeutil.h"

int imports_history(struct arena *a, size_t max, struct import_row **out)
{
	struct stmt *st = db_prepare(
		db_get(),
		"SELECT kind, at, actor, file_name, rows_read, applied, errors, dry_run, committed "
		"FROM (SELECT 'usage' AS kind, id, at, actor, file_name, rows_read, applied, "
		"errors, "
		"dry_run, committed FROM usage_imports UNION ALL SELECT 'membership', id, at, "
		"actor, "
		"file_name, rows_read, applied, errors, dry_run, committed FROM membership_imports "
		"UNION ALL SELECT 'catalog', id, at, actor, file_name, rows_read, added + updated, "
		"errors, dry_run, CASE WHEN dry_run = 0 THEN 1 ELSE 0 END FROM catalog_imports) t "
		"ORDER BY at DESC, id DESC LIMIT ?");
	struct import_row *list = arena_alloc(a, (max ? max : 1) * sizeof(*list));
	size_t n = 0;
	int rc = DB_DONE;

	stmt_bind_int(st, 1, (int64_t)max);
	while (n < max && (rc = stmt_step(st)) == DB_ROW) {
		struct import_row *i = &list[n++];
		i->kind = stmt_text_dup(st, 0, a);
		i->at = stmt_text_dup(st, 1, a);
		i->actor = stmt_text_dup(st, 2, a);
		i->file_name = stmt_text_dup(st, 3, a);
		i->rows = stmt_int(st, 4);
		i->applied = stmt_int(st, 5);
		i->errors = stmt_int(st, 6);
		i->dry_run = (int)stmt_int(st, 7);
		i->committed = (int)stmt_int(st, 8);
	}
	if (n < max)
		rc = rc == DB_ROW ? DB_DONE : rc;
	stmt_done(st);
	*out = list;
	return rc == DB_ERR ? -1 : (int)n;
}

int64_t imports_usage_age_days(int64_t now)
{
	struct stmt *st = db_prepare(db_get(), "SELECT MAX(at) FROM usage_imports WHERE committed "
					       "= 1 AND dry_run = 0");
	int64_t t = 0, age = -1;

	if (stmt_step(st) == DB_ROW) {
		const char *at = stmt_text(st, 0);
		if (at && *at && iso_parse(at, &t) == 0)
			age = (now - t) / 86400;
	}
	stmt_done(st);
	return age;
}
