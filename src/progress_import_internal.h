/* progress_import_internal.h - what the files of the provider-report import share
 * (progress_import.c: the file, its lookups, errors and history; progress_values.c: the
 * values as the provider writes them; progress_usage.c: the usage report's lines;
 * progress_membership.c: the membership report's lines). Not for other modules: they use
 * progress_import.h. */
#ifndef SG_PROGRESS_IMPORT_INTERNAL_H
#define SG_PROGRESS_IMPORT_INTERNAL_H

#include <stdint.h>

#include "db/db.h"
#include "progress_import.h"
#include "util/arena.h"
#include "util/timeutil.h"

#define URL_MAX 2048

/* A learner or program looked up once per distinct key. */
struct slot {
	uint64_t h;
	const char *key;	/* NULL: empty slot */
	int64_t id;		/* 0: looked up, not found */
	char activity[ISO_LEN]; /* learners: the latest activity seen in this file */
	int fresh;		/* learners: had no enrollment when the import began */
};

/* An open-addressing table of slots. */
struct map {
	struct slot *s;
	size_t cap, n;
};

/* The columns of both reports. */
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

/* One import in progress. */
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

/* Notes an error on a line (the first IMPORT_MAX_ERRORS are kept). */
void imp_add_error(struct imp *im, size_t line, const char *message);
/* Adds one problem to this line's message ("a; b"). */
void imp_problem(struct imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The line's value of column c, "" when the file has no such column. */
const char *imp_field(struct imp *im, char **f, size_t n, enum col c);
/* Column c as a UTC time into out ("" when empty; a problem noted when it is not a time). */
void imp_time_field(struct imp *im, char **f, size_t n, enum col c, char out[ISO_LEN]);
/* The learner of a line, remembered per (External Id, e-mail); NULL when the line names no
 * learner we know (the problem is noted). */
struct slot *imp_line_learner(struct imp *im, const char *ext_raw, const char *email_raw);
/* The program of a line by Course Slug, then Course ID; 0 when none (the problem is noted). */
int64_t imp_line_program(struct imp *im, const char *slug, const char *cid);
/* Copies column col of the row into out. */
void imp_copy_col(struct stmt *st, int col, char *out, size_t size);
/* Binds s, or NULL when it is empty. */
void imp_bind_opt(struct stmt *st, int idx, const char *s);

/* The values (progress_values.c). Hours: a plain non-negative number: 0, 1 empty, -1 bad.
 * Yes/No: 1 yes, 0 no, 2 empty, -1 neither. A URL: 1 when it is a web address to keep. */
int import_parse_hours(const char *s, double *out);
int import_parse_yes(const char *s);
int import_url_ok(const char *s);

/* One line of each report: 0, or -1 when the database failed. */
int progress_usage_line(struct imp *im, size_t row, char **f, size_t n);
int progress_membership_line(struct imp *im, size_t row, char **f, size_t n);
/* Usage: each learner's latest activity in this file becomes theirs when it is later. 0 or -1. */
int progress_flush_activity(struct imp *im);

#endif
