/* progress_import.c - the provider's usage and membership reports (progress_import.h).
 *
 * One pass over the file inside one write transaction. Every line's learner and program are
 * looked up once per distinct key and remembered in two small hash tables, so a report of a
 * million lines costs a million reads and writes of enrollments plus a few thousand lookups;
 * statements are prepared once (db.h caches them) and a line allocates nothing of its own.
 * Lines keep being applied after a bad one, so the answer can say what the good lines do
 * (and a dry run what they would do); whether the transaction is kept is decided at the end.
 */
#include "progress_import.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "audit.h"
#include "db/db.h"
#include "osos.h"
#include "util/arena.h"
#include "util/csvread.h"
#include "util/timeutil.h"

#define KEY_MAX 520
#define URL_MAX 2048

/* ---- value parsers ------------------------------------------------------------------------ */

static const char *skip_sp(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads exactly 1..max digits; returns the count read (0: none). */
static int read_num(const char **p, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)(*p)[n])) {
		v = v * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n)
		*p += n;
	*out = v;
	return n;
}

/* "HH:MM[:SS[.fff]]" with an optional AM/PM (us: allowed). */
static int read_clock(const char **pp, int us, int *h, int *mi, int *se)
{
	const char *p = *pp;

	if (!read_num(&p, 2, h) || *p != ':')
		return -1;
	p++;
	if (read_num(&p, 2, mi) != 2)
		return -1;
	*se = 0;
	if (*p == ':') {
		p++;
		if (read_num(&p, 2, se) != 2)
			return -1;
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (us) {
		const char *q = skip_sp(p);
		if ((q[0] == 'A' || q[0] == 'a' || q[0] == 'P' || q[0] == 'p') &&
		    (q[1] == 'M' || q[1] == 'm') && !isalpha((unsigned char)q[2])) {
			int pm = q[0] == 'P' || q[0] == 'p';
			if (*h < 1 || *h > 12)
				return -1;
			*h = *h % 12 + (pm ? 12 : 0);
			p = q + 2;
		}
	}
	*pp = p;
	return 0;
}

/* An optional zone: Z, UTC, GMT, +HH:MM, -HHMM, +HH. Sets *off in seconds east of UTC. */
static int read_zone(const char **pp, int *off)
{
	const char *p = skip_sp(*pp);
	int sign, hh, mm = 0;

	*off = 0;
	if (*p == 'Z' || *p == 'z') {
		*pp = p + 1;
		return 0;
	}
	if (!strncmp(p, "UTC", 3) || !strncmp(p, "GMT", 3)) {
		*pp = p + 3;
		return 0;
	}
	if (*p != '+' && *p != '-') {
		*pp = p;
		return 0;
	}
	sign = *p == '-' ? -1 : 1;
	p++;
	if (read_num(&p, 2, &hh) != 2)
		return -1;
	if (*p == ':')
		p++;
	if (isdigit((unsigned char)*p) && read_num(&p, 2, &mm) != 2)
		return -1;
	if (hh > 14 || mm > 59)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	*pp = p;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms):
 * no libc time functions, which are a tenth of the import's time at a million lines. */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void put_digits(char *p, int v, int n)
{
	while (n--) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

int import_parse_time(const char *s, char out[21])
{
	const char *p = skip_sp(s);
	int y, mo, d, h = 0, mi = 0, se = 0, off = 0, us = 0;

	if (!*p)
		return 1;
	if (read_num(&p, 4, &y) == 4 && *p == '-') {
		p++;
		if (read_num(&p, 2, &mo) != 2 || *p++ != '-' || read_num(&p, 2, &d) != 2)
			return -1;
	} else {
		p = skip_sp(s);
		us = 1;
		if (!read_num(&p, 2, &mo) || *p++ != '/' || !read_num(&p, 2, &d) || *p++ != '/' ||
		    read_num(&p, 4, &y) != 4)
			return -1;
	}
	if (*p == 'T' || *p == ' ') {
		const char *q = *p == 'T' ? p + 1 : skip_sp(p);
		if (isdigit((unsigned char)*q)) {
			p = q;
			if (read_clock(&p, us, &h, &mi, &se) != 0)
				return -1;
		}
	}
	if (read_zone(&p, &off) != 0)
		return -1;
	p = skip_sp(p);
	if (*p || y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || se > 60)
		return -1;
	if (se == 60)
		se = 59; /* a leap second: the second before it is near enough */
	if (off) {
		int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
		int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400, rest = t - days * 86400;
		civil_from_days(days, &y, &mo, &d);
		h = (int)(rest / 3600);
		mi = (int)(rest % 3600 / 60);
		se = (int)(rest % 60);
	}
	memcpy(out, "0000-00-00T00:00:00Z", 21);
	put_digits(out, y, 4);
	put_digits(out + 5, mo, 2);
	put_digits(out + 8, d, 2);
	put_digits(out + 11, h, 2);
	put_digits(out + 14, mi, 2);
	put_digits(out + 17, se, 2);
	return 0;
}

int import_parse_percent(const char *s, double *out)
{
	const char *p = skip_sp(s);
	char *end;
	double v;
	int pct = 0;

	if (!*p)
		return 1;
	if (!isdigit((unsigned char)*p) && *p != '.')
		return -1;
	v = strtod(p, &end);
	if (end == p || !isfinite(v))
		return -1;
	end = (char *)skip_sp(end);
	if (*end == '%') {
		pct = 1;
		end = (char *)skip_sp(end + 1);
	}
	if (*end)
		return -1;
	if (!pct && v <= 1.0)
		v *= 100.0;
	if (v < 0 || v > 100.0)
		return -1;
	*out = round(v * 100.0) / 100.0;
	return 0;
}

/* Hours: a plain non-negative number. 0, 1 empty, -1 bad. */
static int parse_hours(const char *s, double *out)
{
	const char *p = skip_sp(s);
	char *end;
	double v;

	if (!*p)
		return 1;
	if (!isdigit((unsigned char)*p) && *p != '.')
		return -1;
	v = strtod(p, &end);
	if (end == p || *skip_sp(end) || !isfinite(v) || v < 0 || v > 1e6)
		return -1;
	*out = round(v * 100.0) / 100.0;
	return 0;
}

/* Yes/No as the provider writes it: 1 yes, 0 no, 2 empty, -1 neither. */
static int parse_yes(const char *s)
{
	static const char *const yes[] = { "yes", "y", "true", "t", "1", "completed" };
	static const char *const no[] = { "no", "n", "false", "f", "0" };
	size_t i;

	if (!*s)
		return 2;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(s, yes[i]))
			return 1;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(s, no[i]))
			return 0;
	return -1;
}

static int url_ok(const char *s)
{
	size_t i;

	if (strncasecmp(s, "https://", 8) && strncasecmp(s, "http://", 7))
		return 0;
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == '"' || s[i] == '<' || s[i] == '>' ||
		    s[i] == '\\')
			return 0;
	return i < URL_MAX;
}

/* ---- the lookup tables -------------------------------------------------------------------- */

struct slot {
	uint64_t h;
	const char *key;	/* NULL: empty slot */
	int64_t id;		/* 0: looked up, not found */
	char activity[ISO_LEN]; /* learners: the latest activity seen in this file */
	int fresh;		/* learners: had no enrollment when the import began */
};

struct map {
	struct slot *s;
	size_t cap, n;
};

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

enum col {
	C_EMAIL,
	C_EXT,
	C_COURSE_ID,
	C_SLUG,
	C_ENROLLED,
	C_LAST,
	C_PROGRESS,
	C_HOURS,
	C_COMPLETED,
	C_COMPLETION,
	C_GRADE,
	C_CERT,
	C_MEMBER_STATE,
	C_JOIN,
	C_LATEST,
	C_COUNT
};

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

struct imp {
	enum import_kind kind;
	const char *data;
	size_t len;
	const struct import_opts *o;
	struct import_result *res;
	struct db *db;
	struct arena a;
	int col[C_COUNT];
	struct map learners, programs;
	char now[ISO_LEN];
	size_t last_row;
	int stop;      /* the header was refused */
	int db_failed; /* a statement failed */
	char msg[240]; /* this line's problems */
	int64_t o_started;
	int acceptable; /* the file can be kept (no bad line, or partial) */
};

static void add_error(struct imp *im, size_t line, const char *message)
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
static void problem(struct imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct imp *im, const char *fmt, ...)
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

static const char *field(struct imp *im, char **f, size_t n, enum col c)
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
		add_error(im, 1,
			  im->kind == IMPORT_USAGE
				  ? "the header has no Email or External Id column: export the "
				    "provider's usage report with its header line"
				  : "the header has no Email or External Id column: export the "
				    "provider's membership report with its header line");
		return -1;
	}
	if (im->kind == IMPORT_USAGE && im->col[C_SLUG] < 0 && im->col[C_COURSE_ID] < 0) {
		add_error(im, 1,
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

static int last_newer(const struct slot *s, const char *t)
{
	return t[0] && strcmp(t, s->activity) > 0;
}

/* The learner of a line, remembered per (External Id, e-mail); NULL when the line names no
 * learner we know (the problem is noted). */
static struct slot *line_learner(struct imp *im, const char *ext_raw, const char *email_raw)
{
	char key[KEY_MAX], ext[256], email[256];
	struct slot *s;
	size_t i;
	uint64_t h;

	if (!*ext_raw && !*email_raw) {
		problem(im, "no External Id or Email: the learner cannot be found");
		return NULL;
	}
	if (strlen(ext_raw) >= sizeof(ext) || strlen(email_raw) >= sizeof(email)) {
		problem(im, "the External Id or Email is too long");
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
			problem(im, "no learner with External Id \"%.40s\" or e-mail \"%.60s\"",
				ext_raw, email_raw);
		else if (*ext_raw)
			problem(im, "no learner with External Id \"%.40s\"", ext_raw);
		else
			problem(im, "no learner with e-mail \"%.60s\"", email_raw);
		return NULL;
	}
	return s;
}

static int64_t line_program(struct imp *im, const char *slug, const char *cid)
{
	char key[KEY_MAX];
	struct slot *s;
	uint64_t h;

	if (!*slug && !*cid) {
		problem(im, "no Course Slug or Course ID: the course cannot be found");
		return 0;
	}
	if (strlen(slug) > 250 || strlen(cid) > 250) {
		problem(im, "the Course Slug or Course ID is too long");
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
			problem(im,
				"no program with Course Slug \"%.60s\" or Course ID \"%.40s\" in "
				"the "
				"catalog: import the catalog first",
				slug, cid);
		else if (*slug)
			problem(im,
				"no program with Course Slug \"%.60s\" in the catalog: import the "
				"catalog first",
				slug);
		else
			problem(im,
				"no program with Course ID \"%.40s\" in the catalog: import the "
				"catalog first",
				cid);
	}
	return s->id;
}

static void time_field(struct imp *im, char **f, size_t n, enum col c, char out[ISO_LEN])
{
	const char *v = field(im, f, n, c);
	int rc = import_parse_time(v, out);

	if (rc == 1)
		out[0] = '\0';
	else if (rc < 0) {
		out[0] = '\0';
		problem(im,
			"%s \"%.40s\" is not a date and time (such as 2026-03-04T15:22:10Z, "
			"2026-03-04 15:22 or 3/4/2026 3:22 PM)",
			col_names[c], v);
	}
}

/* The enrollment as stored, for the merge. */
struct enr {
	int64_t id;
	char state[12];
	double progress, hours, grade;
	int has_grade;
	char last[ISO_LEN], completed[ISO_LEN], provider[ISO_LEN];
	char cert[URL_MAX];
};

static void copy_col(struct stmt *st, int col, char *out, size_t size)
{
	snprintf(out, size, "%s", stmt_text(st, col));
}

static void bind_opt(struct stmt *st, int idx, const char *s)
{
	if (*s)
		stmt_bind_text(st, idx, s);
	else
		stmt_bind_null(st, idx);
}

/* One usage line's values, parsed. */
struct usage_vals {
	char last[ISO_LEN], enrolled[ISO_LEN], completion[ISO_LEN];
	double progress, hours, grade;
	int has_progress, has_hours, has_grade; /* 0: given (import_parse_percent's codes) */
	int done;
	const char *cert;
};

/* The merge: everything only moves forward. Returns 1 when it newly completes. */
static int merge(struct imp *im, struct enr *e, const struct usage_vals *v)
{
	if (v->has_progress == 0 && v->progress > e->progress)
		e->progress = v->progress;
	if (v->has_hours == 0 && v->hours > e->hours)
		e->hours = v->hours;
	if (v->last[0] && strcmp(v->last, e->last) > 0)
		strcpy(e->last, v->last);
	if (v->has_grade == 0 && (!e->has_grade || v->grade > e->grade)) {
		e->grade = v->grade;
		e->has_grade = 1;
	}
	if (!e->provider[0] && v->enrolled[0])
		strcpy(e->provider, v->enrolled);
	if (!e->cert[0] && *v->cert)
		snprintf(e->cert, sizeof(e->cert), "%s", v->cert);
	if (v->done == 1 && !e->completed[0]) {
		strcpy(e->completed, v->completion[0] ? v->completion
				     : v->last[0]     ? v->last
						      : im->now);
		strcpy(e->state, "completed");
		return 1;
	}
	return 0;
}

static int same(const struct enr *a, const struct enr *b)
{
	return a->progress == b->progress && a->hours == b->hours && !strcmp(a->last, b->last) &&
	       a->has_grade == b->has_grade && a->grade == b->grade &&
	       !strcmp(a->provider, b->provider) && !strcmp(a->completed, b->completed) &&
	       !strcmp(a->state, b->state) && !strcmp(a->cert, b->cert);
}

/* Binds the merged values as ?1-?9 (state … updated_at) of the insert and the update. */
static void bind_enr(struct imp *im, struct stmt *st, const struct enr *e)
{
	stmt_bind_text(st, 1, e->state);
	stmt_bind_double(st, 2, e->progress);
	stmt_bind_double(st, 3, e->hours);
	bind_opt(st, 4, e->last);
	bind_opt(st, 5, e->completed);
	stmt_bind_text(st, 6, e->cert);
	if (e->has_grade)
		stmt_bind_double(st, 7, e->grade);
	else
		stmt_bind_null(st, 7);
	bind_opt(st, 8, e->provider);
	stmt_bind_text(st, 9, im->now);
}

/* Creates the enrollment unless it exists: 1 created, 0 it exists, -1 error. */
static int usage_insert(struct imp *im, int64_t learner, int64_t program,
			const struct usage_vals *v)
{
	struct enr e;
	struct stmt *st;
	int rc, completes;

	memset(&e, 0, sizeof(e));
	strcpy(e.state, "enrolled");
	completes = merge(im, &e, v);
	st = db_prepare(im->db,
			"INSERT INTO enrollments (state, progress, learning_hours, "
			"last_activity_at, completed_at, certificate_url, grade, "
			"provider_enrolled_at, updated_at, learner_id, program_id, "
			"enrolled_at, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
			"?, ?, ?, 'import', ?) ON CONFLICT DO NOTHING");
	bind_enr(im, st, &e);
	stmt_bind_int(st, 10, learner);
	stmt_bind_int(st, 11, program);
	stmt_bind_text(st, 12, e.provider[0] ? e.provider : im->now);
	stmt_bind_text(st, 13, im->now);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return -1;
	if (db_changes(im->db) != 1)
		return 0;
	if (completes && osos_completion_add(im->db, learner, program, e.completed) < 0)
		return -1;
	im->res->applied++;
	im->res->created++;
	im->res->completed += completes;
	return 1;
}

static int usage_line(struct imp *im, size_t row, char **f, size_t n)
{
	struct slot *learner;
	int64_t program;
	struct usage_vals v;
	const char *x;
	struct enr old, nw;
	struct stmt *st;
	int rc, completes;

	im->msg[0] = '\0';
	learner = line_learner(im, field(im, f, n, C_EXT), field(im, f, n, C_EMAIL));
	program = line_program(im, field(im, f, n, C_SLUG), field(im, f, n, C_COURSE_ID));
	time_field(im, f, n, C_LAST, v.last);
	time_field(im, f, n, C_ENROLLED, v.enrolled);
	time_field(im, f, n, C_COMPLETION, v.completion);
	x = field(im, f, n, C_PROGRESS);
	v.has_progress = import_parse_percent(x, &v.progress);
	if (v.has_progress < 0)
		problem(im,
			"Overall Progress \"%.40s\" is not a fraction (0.5) or a percentage (50%%)",
			x);
	x = field(im, f, n, C_HOURS);
	v.has_hours = parse_hours(x, &v.hours);
	if (v.has_hours < 0)
		problem(im, "Estimated Learning Hours \"%.40s\" is not a number of hours", x);
	x = field(im, f, n, C_GRADE);
	v.has_grade = import_parse_percent(x, &v.grade);
	if (v.has_grade < 0)
		problem(im,
			"Course Grade \"%.40s\" is not a fraction (0.95) or a percentage (95%%)",
			x);
	x = field(im, f, n, C_COMPLETED);
	v.done = parse_yes(x);
	if (v.done < 0)
		problem(im, "Completed \"%.40s\" is not Yes or No", x);
	v.cert = field(im, f, n, C_CERT);
	if (*v.cert && !url_ok(v.cert))
		problem(im, "Course Certificate URL \"%.60s\" is not a web address (https://…)",
			v.cert);
	if (im->msg[0] || im->db_failed) {
		if (im->msg[0])
			add_error(im, row, im->msg);
		return im->db_failed ? -1 : 0;
	}
	if (v.done == 2)
		v.done = v.completion[0] != '\0';
	if (last_newer(learner, v.last))
		strcpy(learner->activity, v.last);

	/* a learner with no enrollment before this file: straight to the insert */
	if (learner->fresh) {
		rc = usage_insert(im, learner->id, program, &v);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}

	st = db_prepare(im->db, "SELECT id, state, progress, learning_hours, "
				"COALESCE(last_activity_at, ''), COALESCE(completed_at, ''), "
				"certificate_url, grade, COALESCE(provider_enrolled_at, '') "
				"FROM enrollments WHERE learner_id = ? AND program_id = ?");
	stmt_bind_int(st, 1, learner->id);
	stmt_bind_int(st, 2, program);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		memset(&old, 0, sizeof(old));
		old.id = stmt_int(st, 0);
		copy_col(st, 1, old.state, sizeof(old.state));
		old.progress = stmt_double(st, 2);
		old.hours = stmt_double(st, 3);
		copy_col(st, 4, old.last, sizeof(old.last));
		copy_col(st, 5, old.completed, sizeof(old.completed));
		copy_col(st, 6, old.cert, sizeof(old.cert));
		old.has_grade = !stmt_is_null(st, 7);
		old.grade = stmt_double(st, 7);
		copy_col(st, 8, old.provider, sizeof(old.provider));
	}
	stmt_done(st);
	if (rc == DB_ERR)
		return -1;
	if (rc == DB_DONE)
		return usage_insert(im, learner->id, program, &v) < 0 ? -1 : 0;

	nw = old;
	completes = merge(im, &nw, &v);
	if (same(&nw, &old)) {
		im->res->unchanged++;
		return 0;
	}
	st = db_prepare(im->db, "UPDATE enrollments SET state = ?, progress = ?, "
				"learning_hours = ?, last_activity_at = ?, completed_at = ?, "
				"certificate_url = ?, grade = ?, provider_enrolled_at = ?, "
				"updated_at = ? WHERE id = ?");
	bind_enr(im, st, &nw);
	stmt_bind_int(st, 10, old.id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return -1;
	if (completes && osos_completion_add(im->db, learner->id, program, nw.completed) < 0)
		return -1;
	im->res->applied++;
	im->res->completed += completes;
	return 0;
}

static int accepted_state(const char *s)
{
	static const char *const yes[] = { "member", "joined", "active", "accepted", "enrolled" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(s, yes[i]))
			return 1;
	return 0;
}

static int membership_line(struct imp *im, size_t row, char **f, size_t n)
{
	struct slot *learner;
	char join[ISO_LEN], latest[ISO_LEN], old_acc[ISO_LEN], old_last[ISO_LEN];
	char acc[ISO_LEN], lastv[ISO_LEN];
	const char *state;
	struct stmt *st;
	int rc, accepted;

	im->msg[0] = '\0';
	learner = line_learner(im, field(im, f, n, C_EXT), field(im, f, n, C_EMAIL));
	time_field(im, f, n, C_JOIN, join);
	time_field(im, f, n, C_LATEST, latest);
	if (im->msg[0] || im->db_failed) {
		if (im->msg[0])
			add_error(im, row, im->msg);
		return im->db_failed ? -1 : 0;
	}
	state = field(im, f, n, C_MEMBER_STATE);
	accepted = join[0] || accepted_state(state);

	st = db_prepare(im->db, "SELECT COALESCE(invitation_accepted_at, ''), "
				"COALESCE(last_activity_at, '') FROM learners WHERE id = ?");
	stmt_bind_int(st, 1, learner->id);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		copy_col(st, 0, old_acc, sizeof(old_acc));
		copy_col(st, 1, old_last, sizeof(old_last));
	}
	stmt_done(st);
	if (rc != DB_ROW)
		return -1;
	strcpy(acc, old_acc);
	strcpy(lastv, old_last);
	if (accepted && !acc[0])
		strcpy(acc, join[0] ? join : latest[0] ? latest : im->now);
	if (latest[0] && strcmp(latest, lastv) > 0)
		strcpy(lastv, latest);
	if (!strcmp(acc, old_acc) && !strcmp(lastv, old_last)) {
		im->res->unchanged++;
		return 0;
	}
	st = db_prepare(im->db, "UPDATE learners SET invitation_accepted_at = ?, "
				"last_activity_at = ?, updated_at = ? WHERE id = ?");
	bind_opt(st, 1, acc);
	bind_opt(st, 2, lastv);
	stmt_bind_text(st, 3, im->now);
	stmt_bind_int(st, 4, learner->id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return -1;
	im->res->applied++;
	im->res->completed += !old_acc[0] && acc[0];
	return 0;
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
	if ((im->kind == IMPORT_USAGE ? usage_line(im, row, f, n)
				      : membership_line(im, row, f, n)) < 0) {
		im->db_failed = 1;
		return -1;
	}
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct slot *x = *(const struct slot *const *)a, *y = *(const struct slot *const *)b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Usage: a learner's latest activity in this file becomes theirs when it is later. The
 * learners are updated in id order, so the table and the indexes that follow it are walked
 * once from end to end instead of at random (a tenth of the import's time otherwise). */
static int flush_activity(struct imp *im)
{
	struct slot **v = malloc((im->learners.n + 1) * sizeof(*v));
	size_t i, n = 0;
	int rc = 0;

	if (!v)
		abort();
	for (i = 0; i < im->learners.cap; i++) {
		struct slot *s = &im->learners.s[i];
		if (s->key && s->id && s->activity[0])
			v[n++] = s;
	}
	qsort(v, n, sizeof(*v), by_id);
	for (i = 0; i < n && rc == 0; i++) {
		struct stmt *st;
		/* the same learner under two keys (External Id, e-mail): the latest wins */
		if (i + 1 < n && v[i + 1]->id == v[i]->id) {
			if (strcmp(v[i]->activity, v[i + 1]->activity) > 0)
				strcpy(v[i + 1]->activity, v[i]->activity);
			continue;
		}
		st = db_prepare(im->db, "UPDATE learners SET last_activity_at = ?, updated_at = ? "
					"WHERE id = ? AND (last_activity_at IS NULL OR "
					"last_activity_at < ?)");
		stmt_bind_text(st, 1, v[i]->activity);
		stmt_bind_text(st, 2, im->now);
		stmt_bind_int(st, 3, v[i]->id);
		stmt_bind_text(st, 4, v[i]->activity);
		rc = stmt_step(st) == DB_DONE ? 0 : -1;
		stmt_done(st);
	}
	free(v);
	return rc;
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
		add_error(im, bad.row, csv_bad_text_message(&im->a, &bad));
	else if (rc == -2)
		add_error(im, im->last_row + 1,
			  "the file is not valid CSV from here on (a quote that does not close?): "
			  "export the report again");
	else if (im->last_row == 0 && !im->stop)
		add_error(im, 1,
			  "the file is empty: it needs the report's header line and its "
			  "lines");
	if (im->kind == IMPORT_USAGE && flush_activity(im) != 0)
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
