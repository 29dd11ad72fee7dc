/* search.c - catalog search on SQLite FTS5 (see search.h for the design).
 *
 * The only SQLite-specific code of the catalog: the FTS5 table programs_fts (contentless:
 * the text lives once, in programs), the triggers that index a program when it is added,
 * changed, retired or removed, our ranking function sg_rank, and MATCH expressions. The
 * ranking function is registered on each connection the first time it searches; it reads
 * its per-query state from a thread-local, since a query runs on one thread from start to
 * end. The same search on PostgreSQL (a tsvector column and ts_rank) is search_pg.c; the
 * words, folding, highlighting and the final title rerank here serve both.
 */
#include "db/search.h"

#include "db/backend.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/search_internal.h"
#include "util/arena.h"

/* ---- folding and words ---------------------------------------------------------------- */

/* ASCII base letter of U+00C0..U+017F ('0': not a letter). */
static const char fold_latin[] = "aaaaaaaceeeeiiiidnooooo0ouuuuytsaaaaaaaceeeeiiiidnooooo0ouuuuyty"
				 "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
				 "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* Decodes one UTF-8 code point at s (n bytes left); sets *len. Invalid bytes decode as
 * themselves, one byte long. */
static unsigned utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];

	if (c < 0x80 || n < 2) {
		*len = 1;
		return c;
	}
	if ((c & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
		*len = 2;
		return ((c & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if ((c & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		*len = 3;
		return ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	if ((c & 0xF8) == 0xF0 && n >= 4 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
	    (s[3] & 0xC0) == 0x80) {
		*len = 4;
		return ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) |
		       (s[3] & 0x3F);
	}
	*len = 1;
	return c;
}

/* Is code point c part of a word? ASCII letters and digits, and any non-ASCII character
 * except the spaces, dashes, quotes and symbols that text around here uses as separators
 * (close to unicode61's idea of a token character for the text we index). */
static int word_char(unsigned c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	if (c < 0xC0) /* Latin-1 punctuation and symbols: nbsp, ®, ·, «, », ... */
		return c == 0xAA || c == 0xB5 || c == 0xBA;
	if (c == 0xD7 || c == 0xF7)
		return 0;
	if (c >= 0x2000 && c <= 0x206F) /* general punctuation: dashes, quotes, bullets */
		return 0;
	if (c >= 0x3000 && c <= 0x303F) /* CJK punctuation */
		return 0;
	if (c >= 0xFF00 && c <= 0xFF0F)
		return 0;
	return 1;
}

/* Appends the folded form of code point c (its UTF-8 bytes src, len) to out. */
static size_t fold_cp(unsigned c, const unsigned char *src, size_t len, char *out, size_t o,
		      size_t cap)
{
	if (c < 0x80) {
		if (o + 1 < cap)
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		return o;
	}
	if (c >= 0xC0 && c < 0x180 && fold_latin[c - 0xC0] != '0') {
		if (o + 1 < cap)
			out[o++] = fold_latin[c - 0xC0];
		return o;
	}
	if (o + len < cap) {
		memcpy(out + o, src, len);
		o += len;
	}
	return o;
}

size_t search_fold(const char *s, size_t n, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, len;

	if (!cap)
		return 0;
	while (i < n && p[i]) {
		unsigned c = utf8_next(p + i, n - i, &len);
		o = fold_cp(c, p + i, len, out, o, cap);
		i += len;
	}
	out[o] = '\0';
	return o;
}

/* Finds the next word of s[*pos..n): sets *off and *len (bytes in s) and writes its folded
 * form to out. 0 at the end. */
static int next_word(const char *s, size_t n, size_t *pos, size_t *off, size_t *wlen, char *out,
		     size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = *pos, len, o = 0;
	unsigned c;

	while (i < n) {
		c = utf8_next(p + i, n - i, &len);
		if (word_char(c))
			break;
		i += len;
	}
	if (i >= n) {
		*pos = n;
		return 0;
	}
	*off = i;
	while (i < n) {
		c = utf8_next(p + i, n - i, &len);
		if (!word_char(c))
			break;
		o = fold_cp(c, p + i, len, out, o, cap);
		i += len;
	}
	out[o] = '\0';
	*wlen = i - *off;
	*pos = i;
	return 1;
}

/* Words too common to require: the query keeps them for phrase matching only. */
static const char *const stopwords[] = {
	"a",  "an",   "and",  "at",  "by", "con", "de",	 "del",	 "el",
	"en", "for",  "from", "in",  "la", "las", "los", "of",	 "on",
	"or", "para", "por",  "the", "to", "un",  "una", "with", "y",
};

static int is_stopword(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(stopwords) / sizeof(stopwords[0]); i++)
		if (!strcmp(w, stopwords[i]))
			return 1;
	return 0;
}

/* Copies a term (both SEARCH_TERM_MAX arrays). */
static void term_copy(char *dst, const char *src)
{
	size_t n = strnlen(src, SEARCH_TERM_MAX - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

int search_parse(const char *q, struct search_terms *t)
{
	size_t pos = 0, off, len, n = q ? strlen(q) : 0;
	char w[SEARCH_TERM_MAX];
	int i;

	memset(t, 0, sizeof(*t));
	while (t->n_all < SEARCH_MAX_TERMS * 2 && next_word(q, n, &pos, &off, &len, w, sizeof(w))) {
		snprintf(t->all[t->n_all++], SEARCH_TERM_MAX, "%s", w);
	}
	for (i = 0; i < t->n_all && t->n < SEARCH_MAX_TERMS; i++) {
		int j, dup = 0;
		if (is_stopword(t->all[i]))
			continue;
		for (j = 0; j < t->n; j++)
			dup |= !strcmp(t->term[j], t->all[i]);
		if (!dup)
			term_copy(t->term[t->n++], t->all[i]);
	}
	if (!t->n) /* only common words: search for them after all */
		for (i = 0; i < t->n_all && t->n < SEARCH_MAX_TERMS; i++)
			term_copy(t->term[t->n++], t->all[i]);
	return t->n;
}

/* A light English stem for comparing a query word with a title word: plurals, -ing, -ed,
 * a final e. Writes into out. */
static void light_stem(const char *w, char *out, size_t cap)
{
	size_t n = strlen(w);

	if (n >= cap)
		n = cap - 1;
	memcpy(out, w, n);
	out[n] = '\0';
	if (n > 4 && !strcmp(out + n - 3, "ies")) {
		strcpy(out + n - 3, "y");
		return;
	}
	if (n > 5 && !strcmp(out + n - 3, "ing"))
		out[n -= 3] = '\0';
	else if (n > 4 && !strcmp(out + n - 2, "ed"))
		out[n -= 2] = '\0';
	else if (n > 3 && out[n - 1] == 's' && out[n - 2] != 's')
		out[n -= 1] = '\0';
	if (n > 4 && out[n - 1] == 'e')
		out[n - 1] = '\0';
}

/* How well a (folded) word of a text matches a query term: 2 exactly, 1 by stem or as a
 * prefix (prefix only when allowed), 0 not. */
static int word_match(const char *term, const char *word, int prefix_ok)
{
	char a[SEARCH_TERM_MAX], b[SEARCH_TERM_MAX];
	size_t tl = strlen(term);

	if (!strcmp(term, word))
		return 2;
	if (prefix_ok && tl >= 2 && !strncmp(term, word, tl))
		return 1;
	if (tl < 3)
		return 0;
	light_stem(term, a, sizeof(a));
	light_stem(word, b, sizeof(b));
	return strlen(a) >= 3 && !strcmp(a, b) ? 1 : 0;
}

size_t search_highlight(const struct search_terms *t, const char *text, struct search_span *out,
			size_t max)
{
	size_t pos = 0, off, len, n = text ? strlen(text) : 0, k = 0;
	char w[SEARCH_TERM_MAX * 2];
	int i;

	while (k < max && next_word(text, n, &pos, &off, &len, w, sizeof(w))) {
		for (i = 0; i < t->n; i++)
			if (word_match(t->term[i], w, i == t->n - 1)) {
				out[k].off = off;
				out[k].len = len;
				k++;
				break;
			}
	}
	return k;
}

/* ---- the index -------------------------------------------------------------------------- */

/* The words a program is also found by: its kind and industry in both languages. */
#define FTS_COLS "title, partner, skills, description, tags"
#define FTS_VALUES(x)                                                                              \
	"((1048575 - " x ".static_score) << 32) | " x ".id, " x ".title, " x ".partner, "          \
	"replace(" x ".skills, ';', ' ; '), " x ".description, " TAGS(x)

static const char fts_ddl[] =
	"CREATE VIRTUAL TABLE programs_fts USING fts5(" FTS_COLS ", content='', "
	"tokenize='porter unicode61 remove_diacritics 2', prefix='2 3 4');"
	"CREATE TRIGGER programs_fts_ai AFTER INSERT ON programs WHEN new.active = 1 BEGIN "
	"INSERT INTO programs_fts(rowid, " FTS_COLS ") VALUES (" FTS_VALUES(
		"new") "); END;"
		       "CREATE TRIGGER programs_fts_ad AFTER DELETE ON programs WHEN old.active = "
		       "1 BEGIN "
		       "INSERT INTO programs_fts(programs_fts, rowid, " FTS_COLS
		       ") VALUES ('delete', " FTS_VALUES(
			       "old") "); END;"
				      "CREATE TRIGGER programs_fts_au AFTER UPDATE OF title, "
				      "partner, skills, description, "
				      "kind, industry, static_score, active ON programs BEGIN "
				      "INSERT INTO programs_fts(programs_fts, rowid, " FTS_COLS
				      ") SELECT 'delete', " FTS_VALUES(
					      "old") " WHERE old.active = 1; "
						     "INSERT INTO programs_fts(rowid, " FTS_COLS
						     ") SELECT " FTS_VALUES(
							     "new") " WHERE new.active = 1; END;";

int search_rebuild(struct db *db)
{
	if (db_backend_pg)
		return pg_search_rebuild(db);
	if (db_exec(db, "INSERT INTO programs_fts(programs_fts) VALUES ('delete-all')") != 0)
		return -1;
	if (db_exec(db, "INSERT INTO programs_fts(rowid, " FTS_COLS
			") SELECT " FTS_VALUES("p") " FROM programs p WHERE p.active = 1") != 0)
		return -1;
	return db_exec(db, "INSERT INTO programs_fts(programs_fts) VALUES ('optimize')");
}

int search_migrate(struct db *db)
{
	struct stmt *st;
	int exists;

	if (db_backend_pg)
		return pg_search_migrate(db);
	st = db_prepare(db, "SELECT count(*) FROM sqlite_master "
			    "WHERE type = 'table' AND name = 'programs_fts'");
	exists = stmt_step(st) == DB_ROW && stmt_int(st, 0) > 0;
	stmt_done(st);
	if (exists)
		return 0;
	if (db_exec(db, fts_ddl) != 0)
		return -1;
	return search_rebuild(db);
}

static int migrate_fn(struct db *db, void *ctx)
{
	(void)ctx;
	return search_migrate(db) == 0 ? 0 : DB_ABORT;
}

static int index_ready;

int search_ensure(struct db *db)
{
	struct stmt *st;
	int exists;

	if (__atomic_load_n(&index_ready, __ATOMIC_ACQUIRE))
		return 0;
	if (db_backend_pg)
		st = db_prepare(db,
				"SELECT count(*) FROM information_schema.columns WHERE "
				"table_schema = current_schema() AND table_name = 'programs' AND "
				"column_name = 'search_vec'");
	else
		st = db_prepare(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
				    "name = 'programs_fts'");
	exists = stmt_step(st) == DB_ROW && stmt_int(st, 0) > 0;
	stmt_done(st);
	if (!exists && db_write(migrate_fn, NULL) != 0)
		return -1;
	__atomic_store_n(&index_ready, 1, __ATOMIC_RELEASE);
	return 0;
}

int search_optimize(struct db *db)
{
	if (db_backend_pg)
		return db_exec(db, "ANALYZE programs");
	return db_exec(db, "INSERT INTO programs_fts(programs_fts) VALUES ('optimize')");
}

int64_t search_static_score(double rating, int64_t reviews, const char *kind)
{
	const double m = 40, prior = 4.4;
	double r = rating > 0 ? rating : prior;
	double n = reviews > 0 ? (double)reviews : 0;
	double bayes = (n * r + m * prior) / (n + m); /* 1..5, pulled to the prior */
	double pop = log10(1 + n) / 6.0;	      /* 0..~1 */
	double s = 0.55 * pop + 0.35 * (bayes - 3.0) / 2.0;
	if (kind && !strcmp(kind, "professional-certificate"))
		s += 0.08;
	else if (kind && !strcmp(kind, "specialization"))
		s += 0.04;
	if (s < 0)
		s = 0;
	if (s > 1)
		s = 1;
	return (int64_t)(s * 1000000.0);
}

/* ---- ranking ---------------------------------------------------------------------------- */

#define NCOL	      5
#define PRIOR_MAX     1048575 /* rowid = (PRIOR_MAX - static_score) << 32 | id */
#define MAX_PHRASES   (SEARCH_MAX_TERMS * 2)
#define IDF_COUNT_CAP 2000

static const double col_weight[NCOL] = { 8.0, 2.5, 4.0, 1.0, 1.5 };
static const double col_b[NCOL] = { 0.6, 0.3, 0.5, 0.75, 0.3 };
#define BM25_K1	     1.2
#define W_PREFIX     0.5 /* a prefix-only match counts half */
#define W_TITLE_ALL  3.0 /* every word in the title */
#define W_TITLE_EACH 1.0 /* per word in the title */
#define W_TITLE_ONLY 2.0 /* the title is nothing but the words */
#define W_PRIOR	     7.0 /* static score 0..1 */
#define W_COVER	     4.0 /* share of the words matched (any-word mode) */

/* The state of one query, for sg_rank. */
struct rank_state {
	int nphrase, nterm;
	int phrase_term[MAX_PHRASES];
	int phrase_prefix[MAX_PHRASES];
	double idf[MAX_PHRASES];
	int idf_ready;
	double avg_len[NCOL];
	/* the rows to score, in ascending rowid order (the order the ranking query visits) */
	const int64_t *cand;
	size_t ncand, pos;
};

static _Thread_local struct rank_state *tl_state;
static _Thread_local sqlite3 *tl_registered;

static int count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *p)
{
	int64_t *n = p;
	(void)api;
	(void)fts;
	return ++*n >= IDF_COUNT_CAP ? SQLITE_DONE : SQLITE_OK;
}

/* Computes IDF of each phrase from a count capped at IDF_COUNT_CAP (a broad word gets a
 * small IDF either way; counting all its matches is what makes bm25() slow), and the
 * average column lengths. */
static int rank_prepare(const Fts5ExtensionApi *api, Fts5Context *fts, struct rank_state *s)
{
	sqlite3_int64 rows = 0, tot;
	int i, rc;

	rc = api->xRowCount(fts, &rows);
	if (rc != SQLITE_OK)
		return rc;
	if (rows < 1)
		rows = 1;
	for (i = 0; i < NCOL; i++) {
		rc = api->xColumnTotalSize(fts, i, &tot);
		if (rc != SQLITE_OK)
			return rc;
		s->avg_len[i] = (double)tot / (double)rows;
		if (s->avg_len[i] < 1)
			s->avg_len[i] = 1;
	}
	for (i = 0; i < s->nphrase && i < api->xPhraseCount(fts); i++) {
		int64_t n = 0;
		double idf;
		rc = api->xQueryPhrase(fts, i, &n, count_cb);
		if (rc != SQLITE_OK)
			return rc;
		idf = log(((double)rows - (double)n + 0.5) / ((double)n + 0.5));
		s->idf[i] = idf > 0.1 ? idf : 0.1;
	}
	s->idf_ready = 1;
	return SQLITE_OK;
}

/* sg_rank(programs_fts): the BM25F score of a candidate row plus title and prior bonuses;
 * NULL for a row that is not a candidate (the ranking query visits a range of rowids, and
 * the candidates are the ones the catalog's filters kept). */
static void sg_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
		    sqlite3_value **vals)
{
	struct rank_state *s = tl_state;
	sqlite3_int64 rowid;
	double tf[MAX_PHRASES][NCOL], score = 0, title_words = 0;
	int len[NCOL], ninst = 0, i, c, rc, matched_terms = 0, title_terms = 0;
	int term_in_title[SEARCH_MAX_TERMS] = { 0 }, term_seen[SEARCH_MAX_TERMS] = { 0 };

	(void)nval;
	(void)vals;
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	rowid = api->xRowid(fts);
	while (s->pos < s->ncand && s->cand[s->pos] < rowid)
		s->pos++;
	if (s->pos >= s->ncand || s->cand[s->pos] != rowid) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!s->idf_ready && (rc = rank_prepare(api, fts, s)) != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	memset(tf, 0, sizeof(tf));
	for (c = 0; c < NCOL; c++) {
		if (api->xColumnSize(fts, c, &len[c]) != SQLITE_OK)
			len[c] = 0;
	}
	if ((rc = api->xInstCount(fts, &ninst)) != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (i = 0; i < ninst; i++) {
		int ip, ic, io;
		if (api->xInst(fts, i, &ip, &ic, &io) != SQLITE_OK)
			continue;
		if (ip >= 0 && ip < s->nphrase && ic >= 0 && ic < NCOL)
			tf[ip][ic] += 1;
	}
	/* BM25F per query word: its exact phrase and, when there is one, its prefix phrase. */
	for (i = 0; i < s->nphrase; i++) {
		int t = s->phrase_term[i];
		double w = s->phrase_prefix[i] ? W_PREFIX : 1.0, acc = 0;
		for (c = 0; c < NCOL; c++) {
			double norm = 1.0 - col_b[c] + col_b[c] * (double)len[c] / s->avg_len[c];
			acc += col_weight[c] * tf[i][c] / norm;
		}
		if (acc > 0) {
			score += w * s->idf[i] * acc * (BM25_K1 + 1) / (acc + BM25_K1);
			term_seen[t] = 1;
			if (tf[i][0] > 0) {
				term_in_title[t] = 1;
				title_words += tf[i][0];
			}
		}
	}
	for (i = 0; i < s->nterm; i++) {
		matched_terms += term_seen[i];
		title_terms += term_in_title[i];
	}
	score += W_TITLE_EACH * title_terms;
	if (title_terms == s->nterm) {
		score += W_TITLE_ALL;
		if (len[0] > 0 && title_words >= len[0])
			score += W_TITLE_ONLY;
	}
	score += W_COVER * (double)matched_terms / (double)s->nterm;
	score += W_PRIOR * (double)(PRIOR_MAX - (rowid >> 32)) / 1000000.0;
	sqlite3_result_double(ctx, score);
}

/* Registers sg_rank on this thread's connection, once. The statement layer's handles are
 * SQLite statements underneath (this file is the SQLite backend's search), which gives us
 * the connection. */
static int search_register(struct db *db)
{
	struct stmt *st = db_prepare(db, "SELECT 1");
	sqlite3 *h = sqlite3_db_handle((sqlite3_stmt *)(void *)st);
	sqlite3_stmt *q = NULL;
	fts5_api *api = NULL;
	int rc = -1;

	stmt_done(st);
	if (h == tl_registered)
		return 0;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &q, NULL) != SQLITE_OK)
		goto cleanup;
	sqlite3_bind_pointer(q, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(q);
	if (!api || api->iVersion < 2)
		goto cleanup;
	if (api->xCreateFunction(api, "sg_rank", NULL, sg_rank, NULL) != SQLITE_OK)
		goto cleanup;
	/* searches read index pages all over the file: map it rather than copy page by page */
	sqlite3_exec(h, "PRAGMA mmap_size=4294967296", NULL, NULL, NULL);
	tl_registered = h;
	rc = 0;
cleanup:
	sqlite3_finalize(q);
	if (rc)
		fprintf(stderr, "skillgate: search: FTS5 is not available in this SQLite\n");
	return rc;
}

/* ---- queries ---------------------------------------------------------------------------- */

/* Builds the MATCH expression: every word quoted (so nothing typed is FTS syntax), joined
 * with AND or OR; the last word, while short enough for the prefix index, also as a prefix.
 * Records which phrase belongs to which word. */
static void build_match(const struct search_terms *t, int any, int prefix_last, int title_only,
			struct rank_state *s, char *out, size_t cap)
{
	size_t o = 0;
	int i;

	s->nphrase = 0;
	s->nterm = t->n;
	if (title_only)
		o += (size_t)snprintf(out + o, cap - o, "{title} : (");
	for (i = 0; i < t->n && o < cap; i++) {
		int pre = prefix_last && i == t->n - 1;
		if (i)
			o += (size_t)snprintf(out + o, cap - o, any ? " OR " : " AND ");
		if (o >= cap)
			break;
		if (pre)
			o += (size_t)snprintf(out + o, cap - o, "(\"%s\" OR \"%s\"*)", t->term[i],
					      t->term[i]);
		else
			o += (size_t)snprintf(out + o, cap - o, "\"%s\"", t->term[i]);
		s->phrase_term[s->nphrase] = i;
		s->phrase_prefix[s->nphrase++] = 0;
		if (pre) {
			s->phrase_term[s->nphrase] = i;
			s->phrase_prefix[s->nphrase++] = 1;
		}
	}
	if (title_only && o < cap)
		snprintf(out + o, cap - o, ")");
}

/* 1 when the expression matches at least one program (cheap: stops at the first). */
static int any_match(struct db *db, const char *expr)
{
	struct stmt *st = db_prepare(db, "SELECT rowid FROM programs_fts WHERE programs_fts "
					 "MATCH ? LIMIT 1");
	int found;

	stmt_bind_text(st, 1, expr);
	found = stmt_step(st) == DB_ROW;
	stmt_done(st);
	return found;
}

static int hit_cmp(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Rescores the best hits on their title text: exact words, the phrase as typed, the whole
 * title. Stemming joins "marketing" and "markets"; the title text tells them apart. */
static void rerank(struct db *db, const struct search_terms *t, struct search_hit *hits, size_t n)
{
	struct stmt *st = db_prepare(db, "SELECT title FROM programs WHERE id = ?");
	size_t k;

	for (k = 0; k < n; k++) {
		const char *title;
		char words[24][SEARCH_TERM_MAX];
		size_t pos = 0, off, len, tl, nw = 0;
		int exact = 0, i, j, phrase = 0;
		stmt_bind_int(st, 1, hits[k].id);
		if (stmt_step(st) != DB_ROW) {
			stmt_done(st);
			continue;
		}
		title = stmt_text(st, 0);
		tl = strlen(title);
		while (nw < 24 &&
		       next_word(title, tl, &pos, &off, &len, words[nw], SEARCH_TERM_MAX))
			nw++;
		stmt_done(st);
		for (i = 0; i < t->n; i++)
			for (j = 0; j < (int)nw; j++)
				if (!strcmp(t->term[i], words[j])) {
					exact++;
					break;
				}
		/* the words as typed, in order, somewhere in the title */
		for (j = 0; t->n_all > 1 && j + t->n_all <= (int)nw && !phrase; j++) {
			for (i = 0; i < t->n_all && !strcmp(t->all[i], words[j + i]); i++)
				;
			phrase = i == t->n_all;
		}
		hits[k].score += 1.5 * exact + (exact == t->n ? 2.0 : 0) + (phrase ? 2.0 : 0);
		if (exact == t->n && (int)nw == t->n_all)
			hits[k].score += 2.0; /* the title is just the query */
	}
}

/* Walks the matches of expr, best prior first (after rowid `below` when it is not 0), up to
 * SEARCH_SCAN_CAP of them: each goes through the catalog's filter; the first `want`
 * accepted rowids are kept in ids. With stop_early, the walk ends once it has them. *rows is
 * the number of matches walked, *accepted of those kept by the filter. */
static int scan_ids(struct db *db, const char *expr, int64_t below, search_accept_fn accept,
		    void *ctx, int count_facets, int stop_early, int64_t *ids, size_t want,
		    size_t *n, size_t *rows, size_t *accepted)
{
	struct stmt *st;
	int rc;

	if (below > 0) {
		st = db_prepare(db, "SELECT rowid FROM programs_fts WHERE programs_fts MATCH ?1 "
				    "AND rowid > ?3 ORDER BY rowid LIMIT ?2");
		stmt_bind_int(st, 3, below);
	} else {
		st = db_prepare(db, "SELECT rowid FROM programs_fts WHERE programs_fts MATCH ?1 "
				    "ORDER BY rowid LIMIT ?2");
	}
	stmt_bind_text(st, 1, expr);
	stmt_bind_int(st, 2, SEARCH_SCAN_CAP);
	*n = *rows = *accepted = 0;
	while ((rc = stmt_step(st)) == DB_ROW) {
		int64_t rowid = stmt_int(st, 0);
		(*rows)++;
		if (!accept(ctx, rowid & 0xffffffff, count_facets))
			continue;
		(*accepted)++;
		if (*n < want)
			ids[(*n)++] = rowid;
		else if (stop_early)
			break;
	}
	stmt_done(st);
	return rc == DB_ERR ? -1 : 0;
}

/* Scores the candidate rowids ids[0..n) (ascending) with sg_rank: one query over their
 * range; appends (id, score) to hits. */
static int rank_ids(struct db *db, const char *expr, struct rank_state *s, const int64_t *ids,
		    size_t n, struct search_hit *hits, size_t *nhits)
{
	struct stmt *st;
	int rc;

	if (!n)
		return 0;
	st = db_prepare(db, "SELECT rowid, sg_rank(programs_fts) FROM programs_fts WHERE "
			    "programs_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid");
	stmt_bind_text(st, 1, expr);
	stmt_bind_int(st, 2, ids[0]);
	stmt_bind_int(st, 3, ids[n - 1]);
	s->cand = ids;
	s->ncand = n;
	s->pos = 0;
	tl_state = s;
	while ((rc = stmt_step(st)) == DB_ROW) {
		if (stmt_is_null(st, 1))
			continue;
		hits[*nhits].id = stmt_int(st, 0) & 0xffffffff;
		hits[*nhits].score = stmt_double(st, 1);
		(*nhits)++;
		if (s->pos + 1 >= s->ncand)
			break; /* the last candidate is scored */
	}
	tl_state = NULL;
	stmt_done(st);
	return rc == DB_ERR ? -1 : 0;
}

static int fts5_search(struct db *db, const struct search_terms *t, search_accept_fn accept,
		       void *ctx, struct arena *a, struct search_result *out)
{
	struct rank_state s;
	char expr[SEARCH_MAX_TERMS * (SEARCH_TERM_MAX * 2 + 16) + 32];
	size_t rows = 0, nids = 0;
	int prefix_last, any = 0;
	int64_t *ids;

	memset(out, 0, sizeof(*out));
	if (t->n == 0)
		return 0;
	if (search_ensure(db) != 0 || search_register(db) != 0)
		return -1;
	memset(&s, 0, sizeof(s));
	prefix_last = strlen(t->term[t->n - 1]) >= 2 && strlen(t->term[t->n - 1]) <= 4;

	/* every word; then every word with the last as a prefix; then any word */
	build_match(t, 0, prefix_last, 0, &s, expr, sizeof(expr));
	if (!any_match(db, expr) && !prefix_last) {
		prefix_last = 1;
		build_match(t, 0, 1, 0, &s, expr, sizeof(expr));
	}
	if (!any_match(db, expr)) {
		if (t->n < 2)
			return 0;
		any = 1;
		build_match(t, 1, prefix_last, 0, &s, expr, sizeof(expr));
	}
	out->mode = any ? SEARCH_ANY_WORD : SEARCH_ALL_WORDS;

	/* 1. every match, best prior first: filter, count, keep the first SEARCH_RANK_CAP */
	ids = arena_alloc(a, (SEARCH_RANK_CAP + SEARCH_TITLE_CAP) * sizeof(*ids));
	out->hits = arena_alloc(a, (SEARCH_RANK_CAP + SEARCH_TITLE_CAP) * sizeof(*out->hits));
	if (scan_ids(db, expr, 0, accept, ctx, 1, 0, ids, SEARCH_RANK_CAP, &nids, &rows,
		     &out->matched) != 0)
		return -1;
	out->capped = rows >= SEARCH_SCAN_CAP;
	/* 2. score them */
	if (rank_ids(db, expr, &s, ids, nids, out->hits, &out->n) != 0)
		return -1;
	/* 3. more matches than were scored: score the best title matches past them too */
	if (out->matched > nids && nids > 0) {
		size_t ntitle = 0, trows, tacc;
		int64_t *tids = ids + nids;
		build_match(t, any, prefix_last, 1, &s, expr, sizeof(expr));
		if (scan_ids(db, expr, ids[nids - 1], accept, ctx, 0, 1, tids, SEARCH_TITLE_CAP,
			     &ntitle, &trows, &tacc) != 0)
			return -1;
		/* same IDF as the first pass: counts of title-only phrases would inflate it */
		if (rank_ids(db, expr, &s, tids, ntitle, out->hits, &out->n) != 0)
			return -1;
	}
	return 0;
}

int search_run(struct db *db, const struct search_terms *t, search_accept_fn accept, void *ctx,
	       struct arena *a, struct search_result *out)
{
	size_t nrank;

	memset(out, 0, sizeof(*out));
	if (t->n == 0)
		return 0;
	if ((db_backend_pg ? pg_search_scan : fts5_search)(db, t, accept, ctx, a, out) != 0)
		return -1;
	if (!out->n)
		return 0;
	qsort(out->hits, out->n, sizeof(out->hits[0]), hit_cmp);
	nrank = out->n < SEARCH_RERANK ? out->n : SEARCH_RERANK;
	rerank(db, t, out->hits, nrank);
	qsort(out->hits, nrank, sizeof(out->hits[0]), hit_cmp);
	return 0;
}
