/* progress_import.c - the provider's usage and membership reports (progress_import.h).
 *
 * One pass over the file inside one write transaction. Every line's learner and program are
 * looked up once per distinct key and remembered in two small hash tables, so a report of a
 * million lines costs a million reads and writes of enrollments plus a few thousand lookups;
 * statements are prepared once (db.h caches them) and a line allocates nothing of its own.
 * Lines keep being applied after a bad one, so the answer can say what the good lines do
 * (and a dry run what they would do); whether the transaction is kept is decided at the end.
 *
 * This file reads the file and its header, finds each line's learner and program, notes the
 * errors and keeps the history; the values are read by progress_values.c, the lines applied by
 * progress_usage.c and progress_membership.c.
 */
#include "progress_import_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "audit.h"
#include "osos.h"
#include "util/csvread.h"

#define KEY_MAX 520

/* ---- the lookup tables -------------------------------------------------------------------- */

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot for key (found, or an empty one where it belongs). */
static struct slot *map_slot(struct map *m, const char *key, uint64_t h)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 1024, j;
		struct slot *ns = calloc(ncap, sizeof(*ns));
		if (!ns)
			abort();
		for (j = 0; j < m->cap; j++) {
			if (!m->s[j].key)
				continue;
			for (i = m->s[j].h & (ncap - 1); ns[i].key; i = (i + 1) & (ncap - 1))
				;
			ns[i] = m->s[j];
		}
		free(m->s);
		m->s = ns;
		m->cap = ncap;
	}
	for (i = h & (m->cap - 1); m->s[i].key; i = (i + 1) & (m->cap - 1))
		if (m->s[i].h == h && !strcmp(m->s[i].key, key))
			break;
	return &m->s[i];
}

/* ---- one import ---------------------------------------------------------------------------- */

static const char *const col_names[C_COUNT] = {
	"Email",
	"External Id",
	"Course ID",
	"Course Slug",
	"Enrollment Time",
	"Last Course Activity Time",
	"Overall Progress",
	"Estimated Learning Hours",
	"Completed",
	"Completion Time",
	"Course Grade",
	"Course Certificate URL",
	"Member State",
	"Join Date",
	"Latest Program Activity Date",
};

void imp_add_error(struct imp *im, size_t line, const char *message)
{
	struct import_result *res = im->res;

	res->errors_total++;
	if (res->nerrors >= IMPORT_MAX_ERRORS)
		return;
	if (!res->errors) {
		res->errors = calloc(IMPORT_MAX_ERRORS, sizeof(*res->errors));
		if (!res->errors)
			abort();
	}
	res->errors[res->nerrors].line = line;
	snprintf(res->errors[res->nerrors].message, sizeof(res->errors[0].message), "%s", message);
	res->nerrors++;
}

/* Adds one problem to this line's message ("a; b"). */
void imp_problem(struct imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void imp_problem(struct imp *im, const char *fmt, ...)
{
	size_t n = strlen(im->msg);
	va_list ap;

	if (n && n + 2 < sizeof(im->msg)) {
		memcpy(im->msg + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(im->msg + n, sizeof(im->msg) - n, fmt, ap);
	va_end(ap);
}

const char *imp_field(struct imp *im, char **f, size_t n, enum col c)
{
	int i = im->col[c];
	return i >= 0 && (size_t)i < n ? f[i] : "";
}

static int header(struct imp *im, char **f, size_t n)
{
	int c;

	for (c = 0; c < C_COUNT; c++)
		im->col[c] = csv_column(f, n, col_names[c]);
	if (im->col[C_EMAIL] < 0 && im->col[C_EXT] < 0) {
		imp_add_error(im, 1,
			      im->kind == IMPORT_USAGE
				      ? "the header has no Email or External Id column: export the "
					"provider's usage report with its header line"
				      : "the header has no Email or External Id column: export the "
					"provider's membership report with its header line");
		return -1;
	}
	if (im->kind == IMPORT_USAGE && im->col[C_SLUG] < 0 && im->col[C_COURSE_ID] < 0) {
		imp_add_error(im, 1,
			      "the header has no Course Slug or Course ID column: is this the "
			      "usage report (not the membership report)?");
		return -1;
	}
	return 0;
}

static int64_t learner_find(struct imp *im, const char *ext, const char *email_norm)
{
	struct stmt *st;
	int64_t id = 0;
	int rc;

	if (*ext) {
		int digits = 1;
		const char *p;
		for (p = ext; *p; p++)
			if (!isdigit((unsigned char)*p))
				digits = 0;
		if (digits && strlen(ext) < 16) {
			st = db_prepare(im->db, "SELECT id FROM learners WHERE id = ?");
			stmt_bind_int(st, 1, strtoll(ext, NULL, 10));
		} else if (!strncmp(ext, "NY-", 3)) {
			st = db_prepare(im->db,
					"SELECT l.id FROM learners l JOIN applications a ON "
					"a.id = l.application_id WHERE a.reference = ?");
			stmt_bind_text(st, 1, ext);
		} else {
			st = db_prepare(im->db,
					"SELECT id FROM learners WHERE osos_id = ? ORDER BY "
					"id LIMIT 1");
			stmt_bind_text(st, 1, ext);
		}
		rc = stmt_step(st);
		if (rc == DB_ROW)
			id = stmt_int(st, 0);
		else if (rc == DB_ERR)
			im->db_failed = 1;
		stmt_done(st);
	}
	if (!id && *email_norm) {
		st = db_prepare(im->db, "SELECT id FROM learners WHERE email_norm = ?");
		stmt_bind_text(st, 1, email_norm);
		rc = stmt_step(st);
		if (rc == DB_ROW)
			id = stmt_int(st, 0);
		else if (rc == DB_ERR)
			im->db_failed = 1;
		stmt_done(st);
	}
	return id;
}

/* 1 when the learner has no enrollment yet: their lines can go straight to the insert. */
static int learner_fresh(struct imp *im, int64_t id)
{
	struct stmt *st = db_prepare(im->db, "SELECT 1 FROM enrollments WHERE learner_id = ? "
					     "LIMIT 1");
	int rc;

	stmt_bind_int(st, 1, id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc == DB_ERR)
		im->db_failed = 1;
	return rc == DB_DONE;
}

/* The learner of a line, remembered per (External Id, e-mail); NULL when the line names no
 * learner we know (the problem is noted). */
struct slot *imp_line_learner(struct imp *im, const char *ext_raw, const char *email_raw)
{
	char key[KEY_MAX], ext[256], email[256];
	struct slot *s;
	size_t i;
	uint64_t h;

	if (!*ext_raw && !*email_raw) {
		imp_problem(im, "no External Id or Email: the learner cannot be found");
		return NULL;
	}
	if (strlen(ext_raw) >= sizeof(ext) || strlen(email_raw) >= sizeof(email)) {
		imp_problem(im, "the External Id or Email is too long");
		return NULL;
	}
	for (i = 0; ext_raw[i]; i++)
		ext[i] = (char)toupper((unsigned char)ext_raw[i]);
	ext[i] = '\0';
	for (i = 0; email_raw[i]; i++)
		email[i] = (char)tolower((unsigned char)email_raw[i]);
	email[i] = '\0';
	snprintf(key, sizeof(key), "%s\x1f%s", ext, email);
	h = hash(key);
	s = map_slot(&im->learners, key, h);
	if (!s->key) {
		s->h = h;
		s->key = arena_strdup(&im->a, key);
		s->id = learner_find(im, ext, email);
		s->activity[0] = '\0';
		s->fresh = im->kind == IMPORT_USAGE && s->id && learner_fresh(im, s->id);
		im->learners.n++;
	}
	if (!s->id) {
		if (*ext_raw && *email_raw)
			imp_problem(im, "no learner with External Id \"%.40s\" or e-mail \"%.60s\"",
				    ext_raw, email_raw);
		else if (*ext_raw)
			imp_problem(im, "no learner with External Id \"%.40s\"", ext_raw);
		else
			imp_problem(im, "no learner with e-mail \"%.60s\"", email_raw);
		return NULL;
	}
	return s;
}

int64_t imp_line_program(struct imp *im, const char *slug, const char *cid)
{
	char key[KEY_MAX];
	struct slot *s;
	uint64_t h;

	if (!*slug && !*cid) {
		imp_problem(im, "no Course Slug or Course ID: the course cannot be found");
		return 0;
	}
	if (strlen(slug) > 250 || strlen(cid) > 250) {
		imp_problem(im, "the Course Slug or Course ID is too long");
		return 0;
	}
	snprintf(key, sizeof(key), "%s\x1f%s", slug, cid);
	h = hash(key);
	s = map_slot(&im->programs, key, h);
	if (!s->key) {
		struct stmt *st;
		int rc;
		s->h = h;
		s->key = arena_strdup(&im->a, key);
		s->id = 0;
		im->programs.n++;
		if (*slug) {
			st = db_prepare(im->db, "SELECT id FROM programs WHERE slug = ?");
			stmt_bind_text(st, 1, slug);
			rc = stmt_step(st);
			if (rc == DB_ROW)
				s->id = stmt_int(st, 0);
			else if (rc == DB_ERR)
				im->db_failed = 1;
			stmt_done(st);
		}
		if (!s->id && *cid) {
			st = db_prepare(im->db, "SELECT id FROM programs WHERE provider_id = ?");
			stmt_bind_text(st, 1, cid);
			rc = stmt_step(st);
			if (rc == DB_ROW)
				s->id = stmt_int(st, 0);
			else if (rc == DB_ERR)
				im->db_failed = 1;
			stmt_done(st);
		}
	}
	if (!s->id) {
		if (*slug && *cid)
			imp_problem(
				im,
				"no program with Course Slug \"%.60s\" or Course ID \"%.40s\" in "
				"the "
				"catalog: import the catalog first",
				slug, cid);
		else if (*slug)
			imp_problem(
				im,
				"no program with Course Slug \"%.60s\" in the catalog: import the "
				"catalog first",
				slug);
		else
			imp_problem(
				im,
				"no program with Course ID \"%.40s\" in the catalog: import the "
				"catalog first",
				cid);
	}
	return s->id;
}

void imp_time_field(struct imp *im, char **f, size_t n, enum col c, char out[ISO_LEN])
{
	const char *v = imp_field(im, f, n, c);
	int rc = import_parse_time(v, out);

	if (rc == 1)
		out[0] = '\0';
	else if (rc < 0) {
		out[0] = '\0';
		imp_problem(im,
			    "%s \"%.40s\" is not a date and time (such as 2026-03-04T15:22:10Z, "
			    "2026-03-04 15:22 or 3/4/2026 3:22 PM)",
			    col_names[c], v);
	}
}

void imp_copy_col(struct stmt *st, int col, char *out, size_t size)
{
	snprintf(out, size, "%s", stmt_text(st, col));
}

void imp_bind_opt(struct stmt *st, int idx, const char *s)
{
	if (*s)
		stmt_bind_text(st, idx, s);
	else
		stmt_bind_null(st, idx);
}

static int on_row(void *ctx, size_t row, char **f, size_t n)
{
	struct imp *im = ctx;

	im->last_row = row;
	if (row == 1) {
		if (header(im, f, n) != 0) {
			im->stop = 1;
			return -1;
		}
		return 0;
	}
	im->res->rows++;
	if ((im->kind == IMPORT_USAGE ? progress_usage_line(im, row, f, n)
				      : progress_membership_line(im, row, f, n)) < 0) {
		im->db_failed = 1;
		return -1;
	}
	return 0;
}

static int history(struct db *db, struct imp *im, int64_t *id)
{
	const struct import_result *res = im->res;
	const char *actor = im->o->actor && im->o->actor->email ? im->o->actor->email : "cli";
	struct stmt *st;
	int rc;

	if (im->kind == IMPORT_USAGE)
		st = db_prepare(db,
				"INSERT INTO usage_imports (at, actor, file_name, dry_run, "
				"partial, committed, rows_read, applied, unchanged, errors, "
				"seconds, created, completed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
				"?, ?, ?, ?)");
	else
		st = db_prepare(db,
				"INSERT INTO membership_imports (at, actor, file_name, "
				"dry_run, partial, committed, rows_read, applied, unchanged, "
				"errors, seconds, accepted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
				"?, ?)");
	stmt_bind_text(st, 1, im->now);
	stmt_bind_text(st, 2, actor);
	stmt_bind_text(st, 3, im->o->file_name ? im->o->file_name : "");
	stmt_bind_int(st, 4, res->dry_run);
	stmt_bind_int(st, 5, res->partial);
	stmt_bind_int(st, 6, res->committed);
	stmt_bind_int(st, 7, (int64_t)res->rows);
	stmt_bind_int(st, 8, (int64_t)res->applied);
	stmt_bind_int(st, 9, (int64_t)res->unchanged);
	stmt_bind_int(st, 10, (int64_t)res->errors_total);
	stmt_bind_double(st, 11, res->seconds);
	if (im->kind == IMPORT_USAGE) {
		stmt_bind_int(st, 12, (int64_t)res->created);
		stmt_bind_int(st, 13, (int64_t)res->completed);
	} else {
		stmt_bind_int(st, 12, (int64_t)res->completed);
	}
	rc = stmt_step(st);
	stmt_done(st);
	if (id)
		*id = db_last_id(db);
	return rc == DB_DONE ? 0 : -1;
}

static json_t *counts_json(struct imp *im)
{
	return import_result_json(im->kind, im->res);
}

/* The write function: the whole file in this transaction; kept or rolled back at the end. */
static int import_fn(struct db *db, void *ctx)
{
	struct imp *im = ctx;
	struct import_result *res = im->res;
	int rc, keep;
	int64_t hid = 0;
	struct csv_bad_text bad;

	im->db = db;
	rc = csv_read_at(im->data, im->len, on_row, im, &bad);
	if (im->db_failed)
		return DB_ERR;
	if (rc == -3)
		imp_add_error(im, bad.row, csv_bad_text_message(&im->a, &bad));
	else if (rc == -2)
		imp_add_error(
			im, im->last_row + 1,
			"the file is not valid CSV from here on (a quote that does not close?): "
			"export the report again");
	else if (im->last_row == 0 && !im->stop)
		imp_add_error(im, 1,
			      "the file is empty: it needs the report's header line and its "
			      "lines");
	if (im->kind == IMPORT_USAGE && progress_flush_activity(im) != 0)
		return DB_ERR;
	/* activity after an exit draft rejects it */
	if (osos_exits_reject_stale(db, im->now) < 0)
		return DB_ERR;
	im->acceptable =
		!im->stop && rc != -2 && rc != -3 && (res->errors_total == 0 || res->partial);
	keep = im->acceptable && !res->dry_run;
	if (!keep)
		return DB_ABORT;
	res->committed = 1;
	res->seconds = (double)(now_ns() - im->o_started) / 1e9;
	if (history(db, im, &hid) != 0)
		return DB_ERR;
	if (im->o->actor && im->o->actor->role != ROLE_NONE) {
		char ref[32];
		json_t *after = counts_json(im);
		snprintf(ref, sizeof(ref), "%lld", (long long)hid);
		rc = audit_write(db, im->o->actor, "import",
				 im->kind == IMPORT_USAGE ? "usage_import" : "membership_import",
				 ref, 0, NULL, after);
		json_decref(after);
		if (rc != 0)
			return DB_ERR;
	}
	return 0;
}

static int history_fn(struct db *db, void *ctx)
{
	return history(db, ctx, NULL) == 0 ? 0 : DB_ERR;
}

/* The file's own line numbers of its non-empty records, header first, by the quoting rules
 * libcsv follows (a quote opens a field only at its start; "" inside is a quote). Counts
 * the records in *count; the array is malloc'd. */
static size_t *record_lines(const char *p, size_t len, size_t *count)
{
	enum { NOT_BEGUN, UNQUOTED, QUOTED, MIGHT_END } st = NOT_BEGUN;
	size_t i = 0, n = 0, cap = 1024, line = 1, start = 1;
	size_t *out = malloc(cap * sizeof(*out));
	int content = 0;

	if (!out)
		abort();
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		i = 3;
	for (; i <= len; i++) {
		int c = i < len ? (unsigned char)p[i] : -1;
		int nl = c == '\n' || c == '\r' || c == -1;
		int end = 0;

		switch (st) {
		case NOT_BEGUN:
			if (c == '"')
				st = QUOTED;
			else if (nl)
				end = 1;
			else if (c != ',' && c != ' ' && c != '\t') {
				st = UNQUOTED;
				content = 1;
			}
			break;
		case UNQUOTED:
			if (c == ',')
				st = NOT_BEGUN;
			else if (nl)
				end = 1;
			else if (!isspace(c))
				content = 1;
			break;
		case QUOTED:
			if (c == '"')
				st = MIGHT_END;
			else if (c == -1)
				end = 1;
			else if (!isspace(c))
				content = 1;
			break;
		case MIGHT_END:
			if (c == '"') {
				st = QUOTED;
				content = 1;
			} else if (c == ',') {
				st = NOT_BEGUN;
			} else if (nl) {
				end = 1;
			} else if (c != ' ' && c != '\t') {
				st = QUOTED;
				content = 1;
			}
			break;
		}
		if (end) {
			if (content) {
				if (n == cap) {
					size_t *more = realloc(out, 2 * cap * sizeof(*out));
					if (!more)
						abort();
					out = more;
					cap *= 2;
				}
				out[n++] = start;
			}
			content = 0;
			st = NOT_BEGUN;
		}
		if (c == '\r' && i + 1 < len && p[i + 1] == '\n')
			i++;
		if (c == '\n' || c == '\r') {
			line++;
			if (end)
				start = line;
		}
	}
	*count = n;
	return out;
}

/* Errors were noted by record number (csvread's row, empty lines skipped); say the file's
 * line instead, counted from the header. Left as they are if the two counts disagree. */
static void map_lines(struct imp *im)
{
	struct import_result *res = im->res;
	size_t n, i, *lines;

	if (!res->nerrors)
		return;
	lines = record_lines(im->data, im->len, &n);
	if (n >= im->last_row && n > 0) {
		for (i = 0; i < res->nerrors; i++) {
			size_t k = res->errors[i].line;
			if (k >= 1 && k <= n)
				res->errors[i].line = lines[k - 1] - lines[0] + 1;
			else if (k == n + 1)
				res->errors[i].line = lines[n - 1] - lines[0] + 2;
		}
	}
	free(lines);
}

int progress_import(enum import_kind kind, const char *data, size_t len,
		    const struct import_opts *opts, struct import_result *res)
{
	struct imp im;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&im, 0, sizeof(im));
	res->dry_run = opts->dry_run != 0;
	res->partial = opts->partial != 0;
	im.kind = kind;
	im.data = data;
	im.len = len;
	im.o = opts;
	im.o_started = now_ns();
	im.res = res;
	arena_init(&im.a);
	iso_now(im.now);

	rc = db_write(import_fn, &im);
	res->seconds = (double)(now_ns() - im.o_started) / 1e9;
	free(im.learners.s);
	free(im.programs.s);
	arena_release(&im.a);
	map_lines(&im);
	if (rc == DB_ERR || rc == DB_CONFLICT || im.db_failed) {
		res->failed = 1;
		res->committed = 0;
		return -1;
	}
	if (!res->committed) {
		/* keep the record of the attempt, outside the rolled-back transaction */
		if (db_write(history_fn, &im) != 0) {
			res->failed = 1;
			return -1;
		}
	}
	return im.acceptable ? 0 : 1;
}

void import_result_release(struct import_result *res)
{
	free(res->errors);
	res->errors = NULL;
	res->nerrors = 0;
}

json_t *import_result_json(enum import_kind kind, const struct import_result *res)
{
	json_t *o = json_object(), *errs = json_array();
	size_t i;

	json_object_set_new(o, "rows", json_integer((json_int_t)res->rows));
	json_object_set_new(o, "applied", json_integer((json_int_t)res->applied));
	json_object_set_new(o, "unchanged", json_integer((json_int_t)res->unchanged));
	for (i = 0; i < res->nerrors; i++)
		json_array_append_new(errs, json_pack("{s:I, s:s}", "line",
						      (json_int_t)res->errors[i].line, "message",
						      res->errors[i].message));
	json_object_set_new(o, "errors", errs);
	json_object_set_new(o, "errors_total", json_integer((json_int_t)res->errors_total));
	if (kind == IMPORT_USAGE) {
		json_object_set_new(o, "created", json_integer((json_int_t)res->created));
		json_object_set_new(o, "completed", json_integer((json_int_t)res->completed));
	} else {
		json_object_set_new(o, "accepted", json_integer((json_int_t)res->completed));
	}
	json_object_set_new(o, "committed", json_boolean(res->committed));
	json_object_set_new(o, "dry_run", json_boolean(res->dry_run));
	json_object_set_new(o, "partial", json_boolean(res->partial));
	json_object_set_new(o, "seconds", json_real(round(res->seconds * 1000.0) / 1000.0));
	return o;
}
