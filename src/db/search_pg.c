/* search_pg.c - catalog search on PostgreSQL full-text search (search.h; the SQLite FTS5
 * side and what both share are search.c).
 *
 * On PostgreSQL the index is a tsvector column of programs, kept by a trigger and searched
 * through a GIN index. Text search configurations sg_en and sg_es are English and Spanish
 * with unaccent in front of the stemmer (so "enfermeria" finds "Enfermería"); a program is
 * indexed in its own language, and a query is tried in both. Weights: A title, B partner,
 * skills and the kind/industry tags, C description. Candidates are walked best prior first
 * (static_score), filtered by the catalog like the FTS5 scan, then ranked with ts_rank
 * (weights, length-normalized), a bonus when every word is in the title (more for a short
 * title: the words are most of it), and the prior; the title rerank of search_run()
 * (search.c) is shared.
 */
#include "db/search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "util/arena.h"

#define PG_VEC(x)                                                                                  \
	"setweight(to_tsvector(CASE WHEN " x ".language = 'es' THEN 'sg_es' ELSE 'sg_en' END"      \
	"::regconfig, " x ".title), 'A') || "                                                      \
	"setweight(to_tsvector(CASE WHEN " x ".language = 'es' THEN 'sg_es' ELSE 'sg_en' END"      \
	"::regconfig, " x ".partner || ' ' || replace(" x                                          \
	".skills, ';', ' ; ') || ' ' || " TAGS(x) "), 'B') || "                                    \
						  "setweight(to_tsvector(CASE WHEN " x             \
						  ".language = 'es' THEN 'sg_es' ELSE 'sg_en' END" \
						  "::regconfig, " x ".description), 'C')"

static const char pg_search_ddl[] =
	"CREATE EXTENSION IF NOT EXISTS unaccent; "
	"DO $$ BEGIN "
	"IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'sg_en') THEN "
	"CREATE TEXT SEARCH CONFIGURATION sg_en (COPY = english); "
	"ALTER TEXT SEARCH CONFIGURATION sg_en ALTER MAPPING FOR hword, hword_part, word "
	"WITH unaccent, english_stem; "
	"END IF; "
	"IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'sg_es') THEN "
	"CREATE TEXT SEARCH CONFIGURATION sg_es (COPY = spanish); "
	"ALTER TEXT SEARCH CONFIGURATION sg_es ALTER MAPPING FOR hword, hword_part, word "
	"WITH unaccent, spanish_stem; "
	"END IF; END $$; "
	"ALTER TABLE programs ADD COLUMN IF NOT EXISTS search_vec tsvector; "
	"CREATE OR REPLACE FUNCTION sg_programs_search_vec() RETURNS trigger LANGUAGE plpgsql AS "
	"$f$ BEGIN NEW.search_vec := " PG_VEC(
		"NEW") "; RETURN NEW; END $f$; "
		       "DROP TRIGGER IF EXISTS programs_search_vec ON programs; "
		       "CREATE TRIGGER programs_search_vec BEFORE INSERT OR UPDATE OF title, "
		       "partner, skills, "
		       "description, kind, industry, language ON programs FOR EACH ROW "
		       "EXECUTE FUNCTION sg_programs_search_vec(); "
		       "CREATE INDEX IF NOT EXISTS programs_search ON programs USING gin "
		       "(search_vec); "
		       "CREATE INDEX IF NOT EXISTS programs_search_prior ON programs (static_score "
		       "DESC, id) "
		       "WHERE active = 1";

int pg_search_rebuild(struct db *db)
{
	return db_exec(db, "UPDATE programs p SET search_vec = " PG_VEC("p"));
}

int pg_search_migrate(struct db *db)
{
	struct stmt *st = db_prepare(db, "SELECT count(*) FROM information_schema.columns WHERE "
					 "table_schema = current_schema() AND table_name = "
					 "'programs' AND column_name = 'search_vec'");
	int exists = stmt_step(st) == DB_ROW && stmt_int(st, 0) > 0;

	stmt_done(st);
	if (exists)
		return 0;
	if (db_exec(db, pg_search_ddl) != 0)
		return -1;
	return pg_search_rebuild(db);
}

/* The tsquery text (a bound value, never SQL): each word quoted; joined with & or |; the
 * last word also as a prefix; with `title`, every word must be in the title (weight A). */
static void pg_tsquery(const struct search_terms *t, int any, int prefix_last, int title, char *out,
		       size_t cap)
{
	size_t o = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < t->n && o + 1 < cap; i++) {
		const char *w = t->term[i], *ws = title ? "A" : "";
		if (i)
			o += (size_t)snprintf(out + o, cap - o, any ? " | " : " & ");
		if (o + 1 >= cap)
			break;
		if (prefix_last && i == t->n - 1)
			o += (size_t)snprintf(out + o, cap - o, "('%s':%s | '%s':*%s)", w, ws, w,
					      ws);
		else if (title)
			o += (size_t)snprintf(out + o, cap - o, "'%s':A", w);
		else
			o += (size_t)snprintf(out + o, cap - o, "'%s'", w);
	}
}

static int pg_any_match(struct db *db, const char *q)
{
	struct stmt *st = db_prepare(db, "SELECT 1 FROM programs WHERE active = 1 AND search_vec "
					 "@@ (to_tsquery('sg_en', ?) || to_tsquery('sg_es', ?)) "
					 "LIMIT 1");
	int found;

	stmt_bind_text(st, 1, q);
	stmt_bind_text(st, 2, q);
	found = stmt_step(st) == DB_ROW;
	stmt_done(st);
	return found;
}

int pg_search_scan(struct db *db, const struct search_terms *t, search_accept_fn accept, void *ctx,
		   struct arena *a, struct search_result *out)
{
	char q[SEARCH_MAX_TERMS * (SEARCH_TERM_MAX * 2 + 24) + 32];
	char tq[sizeof(q)];
	char *idlist, *p;
	size_t rows = 0, nids = 0, i;
	int prefix_last, any = 0, rc;
	int64_t *ids;
	struct stmt *st;

	if (search_ensure(db) != 0)
		return -1;
	prefix_last = strlen(t->term[t->n - 1]) >= 2 && strlen(t->term[t->n - 1]) <= 4;
	pg_tsquery(t, 0, prefix_last, 0, q, sizeof(q));
	if (!pg_any_match(db, q) && !prefix_last) {
		prefix_last = 1;
		pg_tsquery(t, 0, 1, 0, q, sizeof(q));
	}
	if (!pg_any_match(db, q)) {
		if (t->n < 2)
			return 0;
		any = 1;
		pg_tsquery(t, 1, prefix_last, 0, q, sizeof(q));
	}
	out->mode = any ? SEARCH_ANY_WORD : SEARCH_ALL_WORDS;
	pg_tsquery(t, 0, prefix_last, 1, tq, sizeof(tq));

	/* 1. every match, best prior first: filter, count, keep the first SEARCH_RANK_CAP */
	ids = arena_alloc(a, SEARCH_RANK_CAP * sizeof(*ids));
	out->hits = arena_alloc(a, SEARCH_RANK_CAP * sizeof(*out->hits));
	st = db_prepare(db, "SELECT id FROM programs WHERE active = 1 AND search_vec @@ "
			    "(to_tsquery('sg_en', ?) || to_tsquery('sg_es', ?)) "
			    "ORDER BY static_score DESC, id LIMIT ?");
	stmt_bind_text(st, 1, q);
	stmt_bind_text(st, 2, q);
	stmt_bind_int(st, 3, SEARCH_SCAN_CAP);
	while ((rc = stmt_step(st)) == DB_ROW) {
		int64_t id = stmt_int(st, 0);
		rows++;
		if (!accept(ctx, id, 1))
			continue;
		out->matched++;
		if (nids < SEARCH_RANK_CAP)
			ids[nids++] = id;
	}
	stmt_done(st);
	if (rc == DB_ERR)
		return -1;
	out->capped = rows >= SEARCH_SCAN_CAP;
	if (!nids)
		return 0;

	/* 2. score them: the ids travel as one array value */
	idlist = arena_alloc(a, nids * 21 + 3);
	p = idlist;
	*p++ = '{';
	for (i = 0; i < nids; i++)
		p += sprintf(p, i ? ",%lld" : "%lld", (long long)ids[i]);
	*p++ = '}';
	*p = '\0';
	st = db_prepare(db, "SELECT id, 10.0 * ts_rank('{0.1, 0.3, 0.5, 1.0}', search_vec, "
			    "to_tsquery('sg_en', ?) || to_tsquery('sg_es', ?), 1) "
			    "+ CASE WHEN search_vec @@ (to_tsquery('sg_en', ?) || "
			    "to_tsquery('sg_es', ?)) THEN 4.0 + 3.0 * CAST(? AS integer) / "
			    "GREATEST(length(to_tsvector('simple', title)), 1) ELSE 0.0 END "
			    "+ 7.0 * static_score / 1000000.0 "
			    "FROM programs WHERE id = ANY (CAST(? AS bigint[]))");
	stmt_bind_text(st, 1, q);
	stmt_bind_text(st, 2, q);
	stmt_bind_text(st, 3, tq);
	stmt_bind_text(st, 4, tq);
	stmt_bind_int(st, 5, t->n);
	stmt_bind_text(st, 6, idlist);
	while ((rc = stmt_step(st)) == DB_ROW && out->n < nids) {
		out->hits[out->n].id = stmt_int(st, 0);
		out->hits[out->n].score = stmt_double(st, 1);
		out->n++;
	}
	stmt_done(st);
	return rc == DB_ERR ? -1 : 0;
}
