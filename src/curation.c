/* curation.c - editing the curated lists (curation.h). */
#include "curation.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "catalog.h"
#include "db/db.h"
#include "util/arena.h"

const char *curation_err_message(enum curation_err e)
{
	switch (e) {
	case CURATION_OK: return N_("Saved.");
	case CURATION_ENOREGION: return N_("Choose a region.");
	case CURATION_ENOPROGRAM:
		return N_("There is no active program with that address. Copy the program's "
			  "address name (the last part of its page's address, like "
			  "python-for-everybody).");
	case CURATION_EEXISTS: return N_("This program is already on the region's list.");
	case CURATION_ENOTLISTED: return N_("This program is not on the region's list.");
	case CURATION_EFORBIDDEN: return N_("Only state administrators change the curated lists.");
	case CURATION_EDB:
	default: return N_("The change could not be saved. Try again in a minute.");
	}
}

int curation_list(struct arena *a, int64_t region_id, struct curated **out)
{
	struct db *db = db_get();
	struct stmt *st =
		db_prepare(db, "SELECT rp.rank, p.slug, p.title, p.kind, p.partner, "
			       "rp.industry, p.language, p.active FROM region_programs rp "
			       "JOIN programs p ON p.id = rp.program_id WHERE "
			       "rp.region_id = ? ORDER BY rp.rank, p.id");
	size_t n = 0, cap = 64;
	struct curated *rows = arena_alloc(a, cap * sizeof(*rows));
	int rc;

	stmt_bind_int(st, 1, region_id);
	while ((rc = stmt_step(st)) == DB_ROW) {
		struct curated *c;
		if (n == cap) {
			struct curated *bigger = arena_alloc(a, 2 * cap * sizeof(*rows));
			memcpy(bigger, rows, n * sizeof(*rows));
			rows = bigger;
			cap *= 2;
		}
		c = &rows[n++];
		c->rank = (int)stmt_int(st, 0);
		c->slug = stmt_text_dup(st, 1, a);
		c->title = stmt_text_dup(st, 2, a);
		c->kind = stmt_text_dup(st, 3, a);
		c->partner = stmt_text_dup(st, 4, a);
		c->industry = stmt_text_dup(st, 5, a);
		c->language = stmt_text_dup(st, 6, a);
		c->active = (int)stmt_int(st, 7);
	}
	stmt_done(st);
	*out = rows;
	return rc == DB_ERR ? -1 : (int)n;
}

enum cur_op { OP_ADD, OP_REMOVE, OP_MOVE };

struct cur_ctx {
	const struct principal *who;
	int64_t region;
	const char *slug;
	enum cur_op op;
	int delta, to_rank;
	enum curation_err err;
};

/* Renumbers the region's list 1..n in its current order. */
static int renumber(struct db *db, int64_t region)
{
	struct stmt *st = db_prepare(db, "SELECT program_id FROM region_programs WHERE region_id = "
					 "? ORDER BY rank, program_id");
	int64_t ids[4096];
	size_t n = 0, i;
	int rc = 0;

	stmt_bind_int(st, 1, region);
	while (n < 4096 && stmt_step(st) == DB_ROW)
		ids[n++] = stmt_int(st, 0);
	stmt_done(st);
	for (i = 0; i < n && rc == 0; i++) {
		st = db_prepare(db, "UPDATE region_programs SET rank = ? WHERE region_id = ? AND "
				    "program_id = ?");
		stmt_bind_int(st, 1, (int64_t)i + 1);
		stmt_bind_int(st, 2, region);
		stmt_bind_int(st, 3, ids[i]);
		rc = stmt_step(st) == DB_DONE ? 0 : -1;
		stmt_done(st);
	}
	return rc;
}

static int cur_fn(struct db *db, void *ctx)
{
	struct cur_ctx *c = ctx;
	struct stmt *st;
	int64_t program = 0, rank = 0, count = 0;
	char industry[64] = "", rid[24];
	json_t *before = NULL, *after = NULL;
	const char *action = "curation_add";
	int rc;

	st = db_prepare(db, "SELECT 1 FROM regions WHERE id = ?");
	stmt_bind_int(st, 1, c->region);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_ROW) {
		c->err = CURATION_ENOREGION;
		return DB_ABORT;
	}
	st = db_prepare(db, "SELECT id, industry, active FROM programs WHERE slug = ?");
	stmt_bind_text(st, 1, c->slug);
	if (stmt_step(st) == DB_ROW && (stmt_int(st, 2) || c->op != OP_ADD)) {
		program = stmt_int(st, 0);
		snprintf(industry, sizeof(industry), "%s", stmt_text(st, 1));
	}
	stmt_done(st);
	if (!program) {
		c->err = CURATION_ENOPROGRAM;
		return DB_ABORT;
	}
	st = db_prepare(db,
			"SELECT rank FROM region_programs WHERE region_id = ? AND program_id = ?");
	stmt_bind_int(st, 1, c->region);
	stmt_bind_int(st, 2, program);
	if (stmt_step(st) == DB_ROW)
		rank = stmt_int(st, 0);
	stmt_done(st);
	st = db_prepare(db, "SELECT COUNT(*) FROM region_programs WHERE region_id = ?");
	stmt_bind_int(st, 1, c->region);
	if (stmt_step(st) == DB_ROW)
		count = stmt_int(st, 0);
	stmt_done(st);
	if (c->op == OP_ADD && rank) {
		c->err = CURATION_EEXISTS;
		return DB_ABORT;
	}
	if (c->op != OP_ADD && !rank) {
		c->err = CURATION_ENOTLISTED;
		return DB_ABORT;
	}
	if (renumber(db, c->region) != 0)
		return DB_ABORT;
	if (rank) { /* its rank after renumbering */
		st = db_prepare(db, "SELECT rank FROM region_programs WHERE region_id = ? AND "
				    "program_id = ?");
		stmt_bind_int(st, 1, c->region);
		stmt_bind_int(st, 2, program);
		if (stmt_step(st) == DB_ROW)
			rank = stmt_int(st, 0);
		stmt_done(st);
	}
	switch (c->op) {
	case OP_ADD:
		st = db_prepare(db, "INSERT INTO region_programs (region_id, program_id, rank, "
				    "industry) VALUES (?, ?, ?, ?)");
		stmt_bind_int(st, 1, c->region);
		stmt_bind_int(st, 2, program);
		stmt_bind_int(st, 3, count + 1);
		stmt_bind_text(st, 4, industry);
		rc = stmt_step(st);
		stmt_done(st);
		after = json_pack("{s:s, s:I}", "program", c->slug, "rank",
				  (json_int_t)(count + 1));
		break;
	case OP_REMOVE:
		action = "curation_remove";
		st = db_prepare(db, "DELETE FROM region_programs WHERE region_id = ? AND "
				    "program_id = ?");
		stmt_bind_int(st, 1, c->region);
		stmt_bind_int(st, 2, program);
		rc = stmt_step(st);
		stmt_done(st);
		if (rc == DB_DONE && renumber(db, c->region) != 0)
			rc = DB_ERR;
		before = json_pack("{s:s, s:I}", "program", c->slug, "rank", (json_int_t)rank);
		break;
	case OP_MOVE:
	default: {
		int64_t to = c->to_rank > 0 ? c->to_rank : rank + c->delta;
		action = "curation_move";
		if (to < 1)
			to = 1;
		if (to > count)
			to = count;
		if (to == rank) {
			rc = DB_DONE;
			break;
		}
		/* shift the ones in between by one place, then set this one's rank */
		if (to < rank) {
			st = db_prepare(db, "UPDATE region_programs SET rank = rank + 1 WHERE "
					    "region_id = ? AND rank >= ? AND rank < ?");
		} else {
			st = db_prepare(db, "UPDATE region_programs SET rank = rank - 1 WHERE "
					    "region_id = ? AND rank <= ? AND rank > ?");
		}
		stmt_bind_int(st, 1, c->region);
		stmt_bind_int(st, 2, to);
		stmt_bind_int(st, 3, rank);
		rc = stmt_step(st);
		stmt_done(st);
		if (rc != DB_DONE)
			break;
		st = db_prepare(db, "UPDATE region_programs SET rank = ? WHERE region_id = ? AND "
				    "program_id = ?");
		stmt_bind_int(st, 1, to);
		stmt_bind_int(st, 2, c->region);
		stmt_bind_int(st, 3, program);
		rc = stmt_step(st);
		stmt_done(st);
		before = json_pack("{s:s, s:I}", "program", c->slug, "rank", (json_int_t)rank);
		after = json_pack("{s:s, s:I}", "program", c->slug, "rank", (json_int_t)to);
		break;
	}
	}
	if (rc != DB_DONE) {
		json_decref(before);
		json_decref(after);
		return DB_ABORT;
	}
	snprintf(rid, sizeof(rid), "%lld", (long long)c->region);
	rc = before || after
		     ? audit_write(db, c->who, action, "region_programs", rid, 0, before, after)
		     : 0;
	json_decref(before);
	json_decref(after);
	return rc == 0 ? 0 : DB_ABORT;
}

static enum curation_err run(const struct principal *who, int64_t region, const char *slug,
			     enum cur_op op, int delta, int to_rank)
{
	struct cur_ctx c = { who, region, slug ? slug : "", op, delta, to_rank, CURATION_OK };

	if (!who || who->role != ROLE_STATE_ADMIN)
		return CURATION_EFORBIDDEN;
	if (region <= 0)
		return CURATION_ENOREGION;
	if (!slug || !*slug || strlen(slug) > 200)
		return CURATION_ENOPROGRAM;
	if (db_write(cur_fn, &c) != 0)
		return c.err != CURATION_OK ? c.err : CURATION_EDB;
	catalog_changed();
	return CURATION_OK;
}

enum curation_err curation_add(const struct principal *who, int64_t region_id, const char *slug)
{
	return run(who, region_id, slug, OP_ADD, 0, 0);
}

enum curation_err curation_remove(const struct principal *who, int64_t region_id, const char *slug)
{
	return run(who, region_id, slug, OP_REMOVE, 0, 0);
}

enum curation_err curation_import(const struct principal *who, const char *csv, size_t len,
				  int dry_run, struct arena *a, struct catalog_import_report *rep)
{
	struct catalog_import_opts o;

	if (!who || who->role != ROLE_STATE_ADMIN)
		return CURATION_EFORBIDDEN;
	memset(&o, 0, sizeof(o));
	o.dry_run = dry_run;
	o.actor = who->email;
	o.who = who;
	o.file_name = "upload.csv";
	/* the import writes its audit row in its own transaction (o.who) */
	if (catalog_import_curation(csv, len, &o, a, rep) != 0)
		return CURATION_EDB;
	return CURATION_OK;
}

enum curation_err curation_move(const struct principal *who, int64_t region_id, const char *slug,
				int delta, int to_rank)
{
	return run(who, region_id, slug, OP_MOVE, delta, to_rank);
}
