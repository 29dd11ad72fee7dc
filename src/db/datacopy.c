/* datacopy.c - copying a program's data between databases (datacopy.h).
 *
 * Both ends are opened here directly (SQLite or libpq), beside the statement layer (db.h),
 * which holds one database per process. The statements are generated from the target's
 * catalog: table and column names come from the schema itself, quoted as identifiers, and
 * every value is bound. The same generated text runs on both backends (`$n` placeholders are
 * numbered parameters in PostgreSQL and, in order of appearance, in SQLite).
 */
#include "db/datacopy.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/backend.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/redact.h"

/* ---- the two ends ------------------------------------------------------------------------ */

struct end {
	int pg;
	sqlite3 *sq;
	PGconn *pq;
	const char *role; /* "source" or "target", for messages */
	unsigned next_name;
};

static void quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static void fail(struct end *e, const char *what)
{
	const char *msg = e->pg ? PQerrorMessage(e->pq) : sqlite3_errmsg(e->sq);
	size_t n = strlen(msg);

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	fprintf(stderr, "skillgate: migrate-data: %s (%s): %.*s\n", what, e->role, (int)n, msg);
}

static int end_open(struct end *e, const char *loc, const char *role)
{
	char shown[REDACT_MAX];

	memset(e, 0, sizeof(*e));
	e->role = role;
	e->pg = db_path_is_url(loc);
	if (e->pg) {
		e->pq = PQconnectdb(loc);
		if (PQstatus(e->pq) == CONNECTION_OK) {
			PQsetNoticeProcessor(e->pq, quiet_notice, NULL);
			return 0;
		}
	} else if (sqlite3_open_v2(loc, &e->sq, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(e->sq, 10000);
		sqlite3_exec(e->sq, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
		return 0;
	}
	fail(e, redact_db_location(loc, shown, sizeof(shown)));
	return -1;
}

static void end_close(struct end *e)
{
	if (e->pq)
		PQfinish(e->pq);
	if (e->sq)
		sqlite3_close(e->sq);
	e->pq = NULL;
	e->sq = NULL;
}

static int end_exec(struct end *e, const char *sql)
{
	if (e->pg) {
		PGresult *r = PQexec(e->pq, sql);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
			 PQresultStatus(r) == PGRES_TUPLES_OK;
		PQclear(r);
		if (ok)
			return 0;
	} else if (sqlite3_exec(e->sq, sql, NULL, NULL, NULL) == SQLITE_OK) {
		return 0;
	}
	fail(e, sql);
	return -1;
}

/* A statement with text parameters: rows to read, or a write whose changes are counted. On
 * PostgreSQL it is prepared on the server once and run for every row. */
struct query {
	struct end *e;
	sqlite3_stmt *st;
	char name[16];
	PGresult *r;
	int row, nrows;
	const char *sql;
};

static int query_prepare(struct query *q, struct end *e, const char *sql)
{
	memset(q, 0, sizeof(*q));
	q->e = e;
	q->sql = sql;
	if (e->pg) {
		PGresult *r;
		snprintf(q->name, sizeof(q->name), "copy%u", ++e->next_name);
		r = PQprepare(e->pq, q->name, sql, 0, NULL);
		if (PQresultStatus(r) == PGRES_COMMAND_OK) {
			PQclear(r);
			return 0;
		}
		PQclear(r);
	} else if (sqlite3_prepare_v2(e->sq, sql, -1, &q->st, NULL) == SQLITE_OK) {
		return 0;
	}
	fail(e, sql);
	return -1;
}

/* Runs the statement with n values (NULL: SQL NULL). Rows are then read with query_next;
 * returns the number of rows changed, or -1. */
static int64_t query_run(struct query *q, int n, const char *const *vals)
{
	struct end *e = q->e;
	int i, rc;

	if (e->pg) {
		ExecStatusType s;
		PQclear(q->r);
		q->r = PQexecPrepared(e->pq, q->name, n, vals, NULL, NULL, 0);
		s = PQresultStatus(q->r);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			fail(e, q->sql);
			return -1;
		}
		q->row = -1;
		q->nrows = PQntuples(q->r);
		return strtoll(PQcmdTuples(q->r), NULL, 10);
	}
	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
	for (i = 0; i < n; i++)
		if (vals[i])
			sqlite3_bind_text(q->st, i + 1, vals[i], -1, SQLITE_TRANSIENT);
	q->row = -1;
	if (sqlite3_stmt_readonly(q->st))
		return 0; /* rows are stepped by query_next */
	rc = sqlite3_step(q->st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fail(e, q->sql);
		return -1;
	}
	return sqlite3_changes(e->sq);
}

/* 1: a row, 0: no more, -1: failed. */
static int query_next(struct query *q)
{
	int rc;

	if (q->e->pg)
		return ++q->row < q->nrows ? 1 : 0;
	rc = sqlite3_step(q->st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	fail(q->e, q->sql);
	return -1;
}

/* A column of the current row as text, NULL for SQL NULL; valid until the next row. */
static const char *query_val(struct query *q, int col)
{
	if (q->e->pg)
		return PQgetisnull(q->r, q->row, col) ? NULL : PQgetvalue(q->r, q->row, col);
	return (const char *)sqlite3_column_text(q->st, col);
}

static void query_close(struct query *q)
{
	if (q->e && q->e->pg && q->name[0]) {
		char sql[48];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", q->name);
		PQclear(PQexec(q->e->pq, sql));
	}
	PQclear(q->r);
	if (q->st)
		sqlite3_finalize(q->st);
	memset(q, 0, sizeof(*q));
}

/* ---- generated statements ---------------------------------------------------------------- */

/* A table or column name from the catalog, as a quoted identifier. */
static void sb_ident(struct buf *b, const char *name)
{
	buf_putc(b, '"');
	for (; *name; name++)
		buf_puts(b, *name == '"' ? "\"\"" : (char[2]){ *name, 0 });
	buf_putc(b, '"');
}

static void sb_int(struct buf *b, const char *before, int n)
{
	char num[16];

	snprintf(num, sizeof(num), "%d", n);
	buf_puts(b, before);
	buf_puts(b, num);
}

struct table {
	char *name;
	char **cols;
	int ncols;
	int *pk; /* indices into cols, in the primary key's order */
	int npk;
	char **deps; /* the tables its foreign keys refer to */
	int ndeps;
	int placed;
};

/* "c1", "c2", ... of the given column indices (all when idx is NULL). */
static void sb_cols(struct buf *b, const struct table *t, const int *idx, int n, const char *prefix)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_puts(b, ", ");
		buf_puts(b, prefix);
		sb_ident(b, t->cols[idx ? idx[i] : i]);
	}
}

/* SELECT the columns, ordered by the key, a batch at a time: after_key selects the rows after
 * the key given as parameters. */
static char *sql_read(const struct table *t, int after_key, int batch, int keys_only)
{
	struct buf b = BUF_INIT(1 << 20);
	int i;

	buf_puts(&b, "SELECT ");
	if (keys_only)
		sb_cols(&b, t, t->pk, t->npk, "");
	else
		sb_cols(&b, t, NULL, t->ncols, "");
	buf_puts(&b, " FROM ");
	sb_ident(&b, t->name);
	if (after_key) {
		buf_puts(&b, " WHERE (");
		sb_cols(&b, t, t->pk, t->npk, "");
		buf_puts(&b, ") > (");
		for (i = 0; i < t->npk; i++)
			sb_int(&b, i ? ", $" : "$", i + 1);
		buf_puts(&b, ")");
	}
	buf_puts(&b, " ORDER BY ");
	sb_cols(&b, t, t->pk, t->npk, "");
	if (batch > 0)
		sb_int(&b, " LIMIT ", batch);
	return buf_detach(&b, NULL);
}

static int is_pk(const struct table *t, int col)
{
	int i;

	for (i = 0; i < t->npk; i++)
		if (t->pk[i] == col)
			return 1;
	return 0;
}

/* The upsert: a new row is inserted; a row already there is updated only where it differs,
 * so an equal row counts as no change. */
static char *sql_upsert(const struct table *t)
{
	struct buf b = BUF_INIT(1 << 20);
	int i, first = 1;

	buf_puts(&b, "INSERT INTO ");
	sb_ident(&b, t->name);
	buf_puts(&b, " (");
	sb_cols(&b, t, NULL, t->ncols, "");
	buf_puts(&b, ") VALUES (");
	for (i = 0; i < t->ncols; i++)
		sb_int(&b, i ? ", $" : "$", i + 1);
	buf_puts(&b, ") ON CONFLICT (");
	sb_cols(&b, t, t->pk, t->npk, "");
	buf_puts(&b, ") DO ");
	if (t->npk == t->ncols) {
		buf_puts(&b, "NOTHING");
		return buf_detach(&b, NULL);
	}
	buf_puts(&b, "UPDATE SET ");
	for (i = 0; i < t->ncols; i++) {
		if (is_pk(t, i))
			continue;
		buf_puts(&b, first ? "" : ", ");
		sb_ident(&b, t->cols[i]);
		buf_puts(&b, " = excluded.");
		sb_ident(&b, t->cols[i]);
		first = 0;
	}
	buf_puts(&b, " WHERE ");
	for (i = 0, first = 1; i < t->ncols; i++) {
		if (is_pk(t, i))
			continue;
		buf_puts(&b, first ? "" : " OR ");
		sb_ident(&b, t->name);
		buf_puts(&b, ".");
		sb_ident(&b, t->cols[i]);
		buf_puts(&b, " IS DISTINCT FROM excluded.");
		sb_ident(&b, t->cols[i]);
		first = 0;
	}
	return buf_detach(&b, NULL);
}

static char *sql_delete(const struct table *t)
{
	struct buf b = BUF_INIT(1 << 20);
	int i;

	buf_puts(&b, "DELETE FROM ");
	sb_ident(&b, t->name);
	buf_puts(&b, " WHERE ");
	for (i = 0; i < t->npk; i++) {
		buf_puts(&b, i ? " AND " : "");
		sb_ident(&b, t->cols[t->pk[i]]);
		sb_int(&b, " = $", i + 1);
	}
	return buf_detach(&b, NULL);
}

static char *sql_count(const struct table *t)
{
	struct buf b = BUF_INIT(1 << 20);

	buf_puts(&b, "SELECT COUNT(*) FROM ");
	sb_ident(&b, t->name);
	return buf_detach(&b, NULL);
}

/* ---- the schema -------------------------------------------------------------------------- */

struct names {
	char **v;
	int n;
};

static void names_add(struct names *l, const char *s)
{
	char **v = realloc(l->v, (size_t)(l->n + 1) * sizeof(*v));
	if (!v || !(v[l->n] = strdup(s)))
		abort();
	l->v = v;
	l->n++;
}

static int names_find(const struct names *l, const char *s)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return i;
	return -1;
}

static void names_free(struct names *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The rows of a catalog query (one parameter or none) as text: the first column into a,
 * the second (when asked) into b. */
static int catalog(struct end *e, const char *sql, const char *arg, struct names *a,
		   struct names *b)
{
	struct query q;
	int rc;

	if (query_prepare(&q, e, sql) != 0)
		return -1;
	if (query_run(&q, arg ? 1 : 0, &arg) < 0) {
		query_close(&q);
		return -1;
	}
	while ((rc = query_next(&q)) == 1) {
		const char *v = query_val(&q, 0), *w = b ? query_val(&q, 1) : NULL;
		names_add(a, v ? v : "");
		if (b)
			names_add(b, w ? w : "0");
	}
	query_close(&q);
	return rc;
}

static int tables_of(struct end *e, struct names *out)
{
	return catalog(
		e,
		e->pg ? "SELECT table_name FROM information_schema.tables WHERE table_schema "
			"= current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
		      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
			"LIKE 'sqlite_%' ORDER BY name",
		NULL, out, NULL);
}

/* The columns (generated ones left out) and each one's place in the primary key (0: none). */
static int columns_of(struct end *e, const char *table, struct names *cols, struct names *pk)
{
	return catalog(
		e,
		e->pg ? "SELECT a.attname, COALESCE(array_position(i.indkey::int2[], a.attnum) + 1 "
			"- "
			"array_lower(i.indkey::int2[], 1), 0) "
			"FROM pg_attribute a LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND "
			"i.indisprimary WHERE a.attrelid = to_regclass(quote_ident($1)) AND "
			"a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
			"ORDER BY a.attnum"
		      : "SELECT name, pk FROM pragma_table_xinfo($1) WHERE hidden = 0 ORDER BY cid",
		table, cols, pk);
}

static int parents_of(struct end *e, const char *table, struct names *out)
{
	return catalog(e,
		       e->pg ? "SELECT DISTINCT c.relname FROM pg_constraint k JOIN pg_class c ON "
			       "c.oid = k.confrelid WHERE k.contype = 'f' AND k.conrelid = "
			       "to_regclass(quote_ident($1))"
			     : "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)",
		       table, out, NULL);
}

static void table_free(struct table *t)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	for (i = 0; i < t->ndeps; i++)
		free(t->deps[i]);
	free(t->cols);
	free(t->deps);
	free(t->pk);
	free(t->name);
}

/* The table as both ends have it: the target's columns that the source has too, its primary
 * key and its parents. */
static int table_load(struct end *src, struct end *dst, const char *name, struct table *t)
{
	struct names dcols = { 0 }, dpk = { 0 }, scols = { 0 }, spk = { 0 }, deps = { 0 };
	int i, rc = -1, k;

	memset(t, 0, sizeof(*t));
	t->name = strdup(name);
	if (!t->name || columns_of(dst, name, &dcols, &dpk) != 0 ||
	    columns_of(src, name, &scols, &spk) != 0 || parents_of(dst, name, &deps) != 0)
		goto out;
	t->cols = calloc((size_t)dcols.n + 1, sizeof(char *));
	t->pk = calloc((size_t)dcols.n + 1, sizeof(int));
	if (!t->cols || !t->pk)
		abort();
	for (k = 1; k <= dcols.n; k++) /* key columns in key order */
		for (i = 0; i < dcols.n; i++)
			if (atoi(dpk.v[i]) == k && names_find(&scols, dcols.v[i]) >= 0)
				t->pk[t->npk++] = i;
	for (i = 0; i < dcols.n; i++) /* the pk indices refer to the target's order: keep it */
		t->cols[t->ncols++] = strdup(dcols.v[i]);
	/* drop the columns the source lacks, renumbering the key */
	for (i = t->ncols - 1; i >= 0; i--) {
		if (names_find(&scols, t->cols[i]) >= 0)
			continue;
		free(t->cols[i]);
		memmove(t->cols + i, t->cols + i + 1, (size_t)(t->ncols - i - 1) * sizeof(char *));
		t->ncols--;
		for (k = 0; k < t->npk; k++)
			if (t->pk[k] > i)
				t->pk[k]--;
	}
	if (t->npk == 0) {
		fprintf(stderr,
			"skillgate: migrate-data: table %s has no primary key both sides "
			"share; it cannot be copied row by row\n",
			name);
		goto out;
	}
	t->deps = deps.v;
	t->ndeps = deps.n;
	deps.v = NULL;
	deps.n = 0;
	rc = 0;
out:
	names_free(&dcols);
	names_free(&dpk);
	names_free(&scols);
	names_free(&spk);
	names_free(&deps);
	return rc;
}

/* The tables in an order where every table comes after the tables it refers to. */
static int order_tables(struct table *t, int n, struct table **out)
{
	int placed = 0, i, j, k;

	while (placed < n) {
		int progress = 0;
		for (i = 0; i < n; i++) {
			int ready = !t[i].placed;
			for (j = 0; ready && j < t[i].ndeps; j++) {
				if (!strcmp(t[i].deps[j], t[i].name))
					continue;
				for (k = 0; k < n; k++)
					if (!strcmp(t[k].name, t[i].deps[j]) && !t[k].placed)
						ready = 0;
			}
			if (ready) {
				t[i].placed = 1;
				out[placed++] = &t[i];
				progress = 1;
			}
		}
		if (!progress) {
			fprintf(stderr, "skillgate: migrate-data: the foreign keys form a cycle; "
					"no table order copies parents first\n");
			return -1;
		}
	}
	return 0;
}

/* ---- copying ----------------------------------------------------------------------------- */

static char *join_key(struct query *q, int ncols)
{
	struct buf b = BUF_INIT(1 << 20);
	int i;

	buf_puts(&b, "");
	for (i = 0; i < ncols; i++) {
		const char *v = query_val(q, i);
		if (i)
			buf_puts(&b, "\x1f");
		buf_puts(&b, v ? v : "");
	}
	return buf_detach(&b, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every key of the table at one end, sorted (strcmp). */
static int keys_of(struct end *e, const struct table *t, struct names *out)
{
	char *sql = sql_read(t, 0, 0, 1);
	struct query q;
	int rc = -1;

	if (query_prepare(&q, e, sql) == 0 && query_run(&q, 0, NULL) >= 0) {
		while ((rc = query_next(&q)) == 1) {
			char *k = join_key(&q, t->npk);
			names_add(out, k);
			free(k);
		}
	}
	query_close(&q);
	free(sql);
	if (rc == 0 && out->n > 1)
		qsort(out->v, (size_t)out->n, sizeof(char *), cmp_str);
	return rc;
}

static const char *begin_sql(const struct end *e)
{
	return e->pg ? "BEGIN" : "BEGIN IMMEDIATE";
}

/* The keys of the target's rows that the source's snapshot does not have, into missing;
 * the target's number of rows in *target_rows. 0 or -1. */
static int find_missing(struct end *src, struct end *dst, const struct table *t,
			struct names *missing, int64_t *target_rows)
{
	struct names skeys = { 0 }, dkeys = { 0 };
	int i, rc = -1;

	if (t->npk <= 64 && keys_of(src, t, &skeys) == 0 && keys_of(dst, t, &dkeys) == 0) {
		for (i = 0; i < dkeys.n; i++)
			if (!skeys.n || !bsearch(&dkeys.v[i], skeys.v, (size_t)skeys.n,
						 sizeof(char *), cmp_str))
				names_add(missing, dkeys.v[i]);
		*target_rows = dkeys.n;
		rc = 0;
	}
	names_free(&skeys);
	names_free(&dkeys);
	return rc;
}

/* Removes the rows with these keys from the target, a batch per transaction. Returns the
 * number removed, or -1. */
static int64_t remove_keys(struct end *dst, const struct table *t, struct names *keys, int batch)
{
	char *sql = NULL, *vals[64];
	struct query del = { 0 };
	int64_t removed = 0, in_batch = 0;
	int i, k, open = 0, failed = 0;

	if (keys->n == 0)
		return 0;
	sql = sql_delete(t);
	if (query_prepare(&del, dst, sql) != 0)
		failed = 1;
	for (i = 0; i < keys->n && !failed; i++) {
		char *p = keys->v[i];
		if (!open && end_exec(dst, begin_sql(dst)) != 0) {
			failed = 1;
			break;
		}
		open = 1;
		for (k = 0; k < t->npk; k++) {
			vals[k] = p;
			p += strcspn(p, "\x1f");
			if (*p)
				*p++ = '\0';
		}
		if (query_run(&del, t->npk, (const char *const *)vals) < 0) {
			failed = 1;
			break;
		}
		removed++;
		if (++in_batch >= batch) {
			if (end_exec(dst, "COMMIT") != 0)
				failed = 1;
			open = 0;
			in_batch = 0;
		}
	}
	if (open && !failed && end_exec(dst, "COMMIT") != 0)
		failed = 1;
	else if (open && failed)
		end_exec(dst, "ROLLBACK");
	query_close(&del);
	free(sql);
	return failed ? -1 : removed;
}

/* Copies the table's rows in key order, `batch` rows per target transaction. Returns the
 * number of rows inserted or changed, or -1. */
static int64_t copy_rows(struct end *src, struct end *dst, const struct table *t, int batch)
{
	char *first_sql = sql_read(t, 0, batch, 0), *next_sql = sql_read(t, 1, batch, 0);
	char *up_sql = sql_upsert(t), **last = calloc((size_t)t->npk, sizeof(char *));
	const char **vals = calloc((size_t)t->ncols, sizeof(char *));
	struct query first, next, up;
	int64_t copied = 0;
	int failed = 0, i, have_last = 0;

	if (!last || !vals)
		abort();
	memset(&first, 0, sizeof(first));
	memset(&next, 0, sizeof(next));
	memset(&up, 0, sizeof(up));
	if (query_prepare(&first, src, first_sql) != 0 ||
	    query_prepare(&next, src, next_sql) != 0 || query_prepare(&up, dst, up_sql) != 0) {
		failed = 1;
		goto out;
	}
	for (;;) {
		struct query *q = have_last ? &next : &first;
		int rows = 0, rc;

		if (query_run(q, have_last ? t->npk : 0, (const char *const *)last) < 0 ||
		    end_exec(dst, begin_sql(dst)) != 0) {
			failed = 1;
			break;
		}
		while ((rc = query_next(q)) == 1) {
			int64_t n;
			for (i = 0; i < t->ncols; i++)
				vals[i] = query_val(q, i);
			n = query_run(&up, t->ncols, vals);
			if (n < 0)
				break;
			copied += n;
			for (i = 0; i < t->npk; i++) {
				free(last[i]);
				last[i] = strdup(vals[t->pk[i]] ? vals[t->pk[i]] : "");
			}
			rows++;
		}
		if (rc != 0) {
			end_exec(dst, "ROLLBACK");
			failed = 1;
			break;
		}
		if (end_exec(dst, "COMMIT") != 0) {
			failed = 1;
			break;
		}
		have_last = have_last || rows > 0;
		if (rows < batch)
			break;
	}
out:
	query_close(&first);
	query_close(&next);
	query_close(&up);
	for (i = 0; i < t->npk; i++)
		free(last[i]);
	free(last);
	free(vals);
	free(first_sql);
	free(next_sql);
	free(up_sql);
	return failed ? -1 : copied;
}

static int64_t count_rows(struct end *e, const struct table *t)
{
	char *sql = sql_count(t);
	struct query q;
	int64_t n = -1;

	if (query_prepare(&q, e, sql) == 0 && query_run(&q, 0, NULL) >= 0 && query_next(&q) == 1)
		n = strtoll(query_val(&q, 0), NULL, 10);
	query_close(&q);
	free(sql);
	return n;
}

int db_copy_data(const char *from, const char *to, int batch, int replace,
		 datacopy_report_fn report, void *ctx)
{
	struct end src, dst;
	struct names stables = { 0 }, dtables = { 0 };
	struct table *tables = NULL, **order = NULL;
	struct datacopy_table *res = NULL;
	struct names *missing = NULL;
	int64_t target_total = 0, missing_total = 0;
	int n = 0, i, rc = -1, snapshot = 0;

	if (batch < 1)
		batch = 500;
	if (end_open(&src, from, "source") != 0) {
		end_close(&src);
		return -1;
	}
	if (end_open(&dst, to, "target") != 0)
		goto out;
	/* one snapshot of the source for the whole copy, so every child row finds its parent */
	if (end_exec(&src, src.pg ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN") !=
	    0)
		goto out;
	snapshot = 1;
	if (tables_of(&src, &stables) != 0 || tables_of(&dst, &dtables) != 0)
		goto out;
	tables = calloc((size_t)dtables.n + 1, sizeof(*tables));
	order = calloc((size_t)dtables.n + 1, sizeof(*order));
	res = calloc((size_t)dtables.n + 1, sizeof(*res));
	if (!tables || !order || !res)
		abort();
	for (i = 0; i < dtables.n; i++) {
		const char *name = dtables.v[i];
		/* each side keeps its own record of the migrations it ran */
		if (!strcmp(name, "schema_migrations") || names_find(&stables, name) < 0)
			continue;
		if (table_load(&src, &dst, name, &tables[n]) != 0) {
			table_free(&tables[n]);
			goto out;
		}
		n++;
	}
	if (order_tables(tables, n, order) != 0)
		goto out;
	for (i = 0; i < n; i++)
		res[i].name = order[i]->name;
	/* rows the source no longer has go first, children before parents; but a pass that would
	 * remove most of what the target holds is far more likely --from and --to swapped, or
	 * the wrong source, than a program that lost most of its data: that takes `replace` */
	missing = calloc((size_t)n + 1, sizeof(*missing));
	if (!missing)
		abort();
	for (i = 0; i < n; i++) {
		int64_t rows = 0;
		if (find_missing(&src, &dst, order[i], &missing[i], &rows) != 0)
			goto out;
		target_total += rows;
		missing_total += missing[i].n;
	}
	if (!replace && missing_total > 0 && missing_total * 2 > target_total) {
		fprintf(stderr,
			"skillgate: migrate-data: the source lacks %lld of the %lld rows the "
			"target "
			"holds; nothing was changed. Check --from and --to (the data is copied "
			"from "
			"--from into --to); to make the target a copy of this source anyway, add "
			"--replace\n",
			(long long)missing_total, (long long)target_total);
		rc = -2;
		goto out;
	}
	for (i = n - 1; i >= 0; i--)
		if ((res[i].removed = remove_keys(&dst, order[i], &missing[i], batch)) < 0)
			goto out;
	for (i = 0; i < n; i++) {
		if ((res[i].copied = copy_rows(&src, &dst, order[i], batch)) < 0)
			goto out;
		if (report)
			report(ctx, &res[i], 0);
	}
	if (dst.pg && end_exec(&dst, pg_identity_sync_sql) != 0)
		goto out;
	rc = 0;
	for (i = 0; i < n; i++) {
		res[i].source_rows = count_rows(&src, order[i]);
		res[i].target_rows = count_rows(&dst, order[i]);
		if (res[i].source_rows < 0 || res[i].target_rows < 0) {
			rc = -1;
			break;
		}
		if (res[i].source_rows != res[i].target_rows)
			rc = 1;
		if (report)
			report(ctx, &res[i], 1);
	}
out:
	if (snapshot)
		end_exec(&src, "ROLLBACK");
	end_close(&src);
	end_close(&dst);
	for (i = 0; i < n; i++) {
		table_free(&tables[i]);
		if (missing)
			names_free(&missing[i]);
	}
	free(missing);
	free(tables);
	free(order);
	free(res);
	names_free(&stables);
	names_free(&dtables);
	return rc;
}
