/* search.h - full-text search over the catalog's programs (the SQLite FTS5 part).
 *
 * Everything SQLite-specific about search lives in search.c: the FTS5 table, the triggers
 * that keep it in step with `programs`, the ranking function and the MATCH syntax. The
 * catalog (catalog.c) calls search_run() with the words a person typed and a callback that
 * applies its filters, and gets back program ids ranked best first.
 *
 * How a query stays fast at 400,000 programs. The FTS rowid of a program is
 * ((PRIOR_MAX - static_score) << 32 | id), where static_score is a precomputed prior from
 * rating, reviews and kind. FTS5 walks doclists in rowid order, so `ORDER BY rowid` hands the
 * matches out best-prior-first with no sort, lazily (ascending: FTS5 reads a doclist
 * backwards only by loading all of it first, which is what made descending order slow):
 *   1. scan: the matches in that order, rowids only, up to SEARCH_SCAN_CAP of them; the
 *      callback filters each one and counts facets (so totals and facet counts are exact
 *      below the cap, and "more than" above it);
 *   2. rank: the first SEARCH_RANK_CAP accepted matches, plus up to SEARCH_TITLE_CAP more
 *      that match in the title (a second, title-only scan past the first set), are scored
 *      with BM25F (per-column weights and length normalization, IDF from a capped count) by
 *      our own FTS5 auxiliary function, in one query over their rowid range;
 *   3. rerank: the best SEARCH_RERANK of them are rescored on their title text (every word
 *      exactly, the whole phrase, the whole title), which separates "marketing" from
 *      "markets" after stemming has joined them.
 * The cost of a query is therefore bounded by the caps, not by how common its words are.
 * FTS5's own bm25() counts every match of every term to get IDF; on a broad term at 400,000
 * programs that alone costs tens of milliseconds.
 *
 * Matching: unicode61 with remove_diacritics 2 (so "enfermeria" finds "Enfermería"), the
 * Porter stemmer (so "nursing" finds "nurse"), every word required, and the last word also
 * matched as a prefix while it is short (a prefix index covers 2 to 4 letters) or when the
 * whole words match nothing ("cybersec"). A query that still matches nothing is retried
 * with any of its words, and says so.
 */
#ifndef SG_SEARCH_H
#define SG_SEARCH_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

#define SEARCH_MAX_TERMS 8
#define SEARCH_TERM_MAX	 48
#define SEARCH_SCAN_CAP	 5000
#define SEARCH_RANK_CAP	 300
#define SEARCH_TITLE_CAP 100
#define SEARCH_RERANK	 40

/* The words of a query, folded (lowercase, accents removed), common words dropped. */
struct search_terms {
	int n;
	char term[SEARCH_MAX_TERMS][SEARCH_TERM_MAX];
	/* every word as typed (folded), common words included: for phrase and title matching */
	int n_all;
	char all[SEARCH_MAX_TERMS * 2][SEARCH_TERM_MAX];
};

/* Splits and folds q. Returns the number of search words (0: nothing to search for). */
int search_parse(const char *q, struct search_terms *t);

/* Called for every match in scan order: 1 keeps the program (and counts it in the facets
 * when count_facets is set), 0 filters it out. */
typedef int (*search_accept_fn)(void *ctx, int64_t program_id, int count_facets);

struct search_hit {
	int64_t id;
	double score;
};

enum search_mode { SEARCH_ALL_WORDS = 0, SEARCH_ANY_WORD = 1 };

struct search_result {
	struct search_hit *hits; /* best first, from the arena */
	size_t n;
	size_t matched; /* accepted matches seen by the scan */
	int capped;	/* the scan stopped at SEARCH_SCAN_CAP: matched is a lower bound */
	enum search_mode mode;
};

/* Runs a search: the callback decides which matches count. 0, or -1 on a database error. */
int search_run(struct db *db, const struct search_terms *t, search_accept_fn accept, void *ctx,
	       struct arena *a, struct search_result *out);

/* A highlighted stretch of text: bytes [off, off + len) matched a search word. */
struct search_span {
	size_t off, len;
};
/* Finds the words of text that match t (exactly, by stem or as a prefix of the last word).
 * Returns the number of spans written to out (at most max), in order. */
size_t search_highlight(const struct search_terms *t, const char *text, struct search_span *out,
			size_t max);

/* Folds UTF-8 text for comparison: lowercase, Latin accents removed ("Enfermería" ->
 * "enfermeria"). Writes at most cap-1 bytes and a NUL; returns the length. */
size_t search_fold(const char *s, size_t n, char *out, size_t cap);

/* Creates the FTS table and the triggers that keep it in step with programs (idempotent;
 * fills the index from the table when it is new). Call after the migrations. 0 or -1. */
int search_migrate(struct db *db);
/* Creates the index (through db_write) unless it exists; cheap after the first call. Every
 * search calls it, so a database that was only migrated can be searched. 0 or -1. */
int search_ensure(struct db *db);
/* Rebuilds the index from the programs table. */
int search_rebuild(struct db *db);
/* Merges the index's segments after a large import (faster queries). */
int search_optimize(struct db *db);

/* Ranking prior of a program (0..1,000,000) from rating (0 = none), reviews and kind. */
int64_t search_static_score(double rating, int64_t reviews, const char *kind);

#endif
