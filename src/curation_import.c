/* curation_import.c - the curated-list import: CSV "region, program, rank" replaces the
 * lists of the regions in the file (catalog.h, catalog_import_curation). */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db/db.h"
#include "util/arena.h"
#include "util/csvread.h"
#include "util/timeutil.h"

/* ---- curated lists ------------------------------------------------------------------------ */

struct cur_row {
	int line;
	const char *region, *program, *rank;
};

struct cur_state {
	struct arena *a;
	int col_region, col_program, col_rank;
	struct cur_row *rows;
	size_t n, cap;
	int header; /* the header row was read */
	const char *fatal;
};

static int cur_on_row(void *ctx, size_t rowno, char **f, size_t n)
{
	struct cur_state *cs = ctx;
	struct cur_row *row;

	if (rowno == 1) {
		cs->col_region = csv_column(f, n, "region");
		cs->col_program = csv_column(f, n, "program");
		if (cs->col_program < 0)
			cs->col_program = csv_column(f, n, "slug");
		cs->col_rank = csv_column(f, n, "rank");
		if (cs->col_region < 0 || cs->col_program < 0 || cs->col_rank < 0) {
			cs->fatal = "the header must name the columns region, program and rank";
			return -1;
		}
		cs->header = 1;
		return 0;
	}
	if (cs->n == cs->cap) {
		size_t ncap = cs->cap ? cs->cap * 2 : 256;
		struct cur_row *nr = arena_alloc(cs->a, ncap * sizeof(*nr));
		if (cs->n)
			memcpy(nr, cs->rows, cs->n * sizeof(*nr));
		cs->rows = nr;
		cs->cap = ncap;
	}
	row = &cs->rows[cs->n++];
	row->line = (int)rowno;
	row->region = (size_t)cs->col_region < n ? arena_strdup(cs->a, f[cs->col_region]) : "";
	row->program = (size_t)cs->col_program < n ? arena_strdup(cs->a, f[cs->col_program]) : "";
	row->rank = (size_t)cs->col_rank < n ? arena_strdup(cs->a, f[cs->col_rank]) : "";
	return 0;
}

struct cur_run {
	struct cur_state *cs;
	struct catalog_import_report *r;
	const struct catalog_import_opts *o;
	struct arena *a;
	int write;
};

static int curation_rows(struct db *db, void *ctx)
{
	struct cur_run *run = ctx;
	struct cur_state *cs = run->cs;
	struct catalog_import_report *r = run->r;
	int64_t *region_ids = arena_zalloc(run->a, (cs->n + 1) * sizeof(int64_t));
	int64_t *program_ids = arena_zalloc(run->a, (cs->n + 1) * sizeof(int64_t));
	const char **industries = arena_zalloc(run->a, (cs->n + 1) * sizeof(char *));
	int *ranks = arena_zalloc(run->a, (cs->n + 1) * sizeof(int));
	int64_t cleared[64];
	size_t i, j, ncleared = 0;

	r->rows = (int)cs->n;
	for (i = 0; i < cs->n; i++) {
		struct cur_row *row = &cs->rows[i];
		struct stmt *st;
		char *end;
		long rank = strtol(row->rank, &end, 10);

		st = db_prepare(db,
				"SELECT id FROM regions WHERE slug = ? OR lower(name) = lower(?)");
		stmt_bind_text(st, 1, row->region);
		stmt_bind_text(st, 2, row->region);
		if (stmt_step(st) == DB_ROW)
			region_ids[i] = stmt_int(st, 0);
		stmt_done(st);
		st = db_prepare(db, "SELECT id, industry FROM programs WHERE slug = ? OR "
				    "provider_id = ?");
		stmt_bind_text(st, 1, row->program);
		stmt_bind_text(st, 2, row->program);
		if (stmt_step(st) == DB_ROW) {
			program_ids[i] = stmt_int(st, 0);
			industries[i] = stmt_text_dup(st, 1, run->a);
		}
		stmt_done(st);
		if (!region_ids[i]) {
			r->errors++;
			catalog_report_line(
				r, run->a, row->line, CATALOG_ERROR, NULL,
				arena_printf(run->a,
					     "no region '%s': use a region's slug, such "
					     "as capital-region, or its name",
					     row->region));
		} else if (!program_ids[i]) {
			r->errors++;
			catalog_report_line(r, run->a, row->line, CATALOG_ERROR, NULL,
					    arena_printf(run->a,
							 "no program '%s' in the catalog: use its "
							 "slug or provider id",
							 row->program));
		} else if (end == row->rank || *end || rank < 1 || rank > 100000) {
			r->errors++;
			catalog_report_line(r, run->a, row->line, CATALOG_ERROR, NULL,
					    arena_printf(run->a,
							 "rank '%s' must be a whole number from 1",
							 row->rank));
		} else {
			ranks[i] = (int)rank;
		}
	}
	if (!run->write)
		return 0;
	if (r->errors && !run->o->partial)
		return DB_ABORT;
	for (i = 0; i < cs->n; i++) {
		struct stmt *st;
		int seen = 0;
		if (!ranks[i])
			continue;
		for (j = 0; j < ncleared; j++)
			seen |= cleared[j] == region_ids[i];
		if (!seen && ncleared < 64) {
			/* the file replaces this region's list */
			int64_t old = 0;
			st = db_prepare(db,
					"SELECT count(*) FROM region_programs WHERE region_id = ?");
			stmt_bind_int(st, 1, region_ids[i]);
			if (stmt_step(st) == DB_ROW)
				old = stmt_int(st, 0);
			stmt_done(st);
			r->retired += (int)old;
			st = db_prepare(db, "DELETE FROM region_programs WHERE region_id = ?");
			stmt_bind_int(st, 1, region_ids[i]);
			stmt_step(st);
			stmt_done(st);
			cleared[ncleared++] = region_ids[i];
		}
		st = db_prepare(db,
				"INSERT INTO region_programs (region_id, program_id, rank, "
				"industry) VALUES (?, ?, ?, ?) ON CONFLICT (region_id, program_id) "
				"DO UPDATE SET rank = excluded.rank");
		stmt_bind_int(st, 1, region_ids[i]);
		stmt_bind_int(st, 2, program_ids[i]);
		stmt_bind_int(st, 3, ranks[i]);
		stmt_bind_text(st, 4, industries[i]);
		if (stmt_step(st) == DB_DONE)
			r->added++;
		stmt_done(st);
	}
	catalog_touch(db);
	if (run->o->who && r->added) {
		/* a staff import is audited in its own transaction */
		json_t *after = json_pack("{s:i, s:i, s:i}", "rows", r->rows, "placed", r->added,
					  "errors", r->errors);
		int arc = audit_write(db, run->o->who, "curation_import", "region_programs", "", 0,
				      NULL, after);
		json_decref(after);
		if (arc != 0)
			return DB_ABORT;
	}
	return 0;
}

int catalog_import_curation(const char *csv, size_t len, const struct catalog_import_opts *o,
			    struct arena *a, struct catalog_import_report *r)
{
	struct db *db = db_get();
	struct cur_state cs;
	struct cur_run run;
	int rc;
	struct csv_bad_text bad;

	memset(r, 0, sizeof(*r));
	memset(&cs, 0, sizeof(cs));
	cs.a = a;
	rc = csv_read_at(csv, len, cur_on_row, &cs, &bad);
	if (rc == -3) {
		r->fatal = arena_printf(a, "line %zu, %s", bad.row, csv_bad_text_message(a, &bad));
		return 0;
	}
	if (cs.fatal || rc == -2) {
		r->fatal = cs.fatal ? cs.fatal : "the file is not valid CSV (check the quotes)";
		return 0;
	}
	if (!cs.header || !cs.n) {
		r->fatal =
			!cs.header
				? "the file is empty: it needs the header row region, program, "
				  "rank and one row per program"
				: "the file has its header row but no programs: nothing to import";
		return 0;
	}
	run.cs = &cs;
	run.r = r;
	run.o = o;
	run.a = a;
	run.write = !o->dry_run;
	if (!run.write)
		return curation_rows(db, &run) < 0 ? -1 : 0;
	rc = db_write(curation_rows, &run);
	if (rc == DB_ABORT)
		return 0;
	if (rc != 0)
		return -1;
	r->applied = 1;
	catalog_changed();
	return 0;
}
