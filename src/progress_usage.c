/* progress_usage.c - the usage report's lines (progress_import_internal.h): one line per
 * learner and course creates or updates the enrollment, and everything only moves forward:
 * progress, hours, grade and last activity only grow, a completion is never undone and a
 * certificate URL once known stays. A newly completed course adds its OSOS entry. */
#include "progress_import_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "osos.h"

static int last_newer(const struct slot *s, const char *t)
{
	return t[0] && strcmp(t, s->activity) > 0;
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
	imp_bind_opt(st, 4, e->last);
	imp_bind_opt(st, 5, e->completed);
	stmt_bind_text(st, 6, e->cert);
	if (e->has_grade)
		stmt_bind_double(st, 7, e->grade);
	else
		stmt_bind_null(st, 7);
	imp_bind_opt(st, 8, e->provider);
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

int progress_usage_line(struct imp *im, size_t row, char **f, size_t n)
{
	struct slot *learner;
	int64_t program;
	struct usage_vals v;
	const char *x;
	struct enr old, nw;
	struct stmt *st;
	int rc, completes;

	im->msg[0] = '\0';
	learner = imp_line_learner(im, imp_field(im, f, n, C_EXT), imp_field(im, f, n, C_EMAIL));
	program =
		imp_line_program(im, imp_field(im, f, n, C_SLUG), imp_field(im, f, n, C_COURSE_ID));
	imp_time_field(im, f, n, C_LAST, v.last);
	imp_time_field(im, f, n, C_ENROLLED, v.enrolled);
	imp_time_field(im, f, n, C_COMPLETION, v.completion);
	x = imp_field(im, f, n, C_PROGRESS);
	v.has_progress = import_parse_percent(x, &v.progress);
	if (v.has_progress < 0)
		imp_problem(
			im,
			"Overall Progress \"%.40s\" is not a fraction (0.5) or a percentage (50%%)",
			x);
	x = imp_field(im, f, n, C_HOURS);
	v.has_hours = import_parse_hours(x, &v.hours);
	if (v.has_hours < 0)
		imp_problem(im, "Estimated Learning Hours \"%.40s\" is not a number of hours", x);
	x = imp_field(im, f, n, C_GRADE);
	v.has_grade = import_parse_percent(x, &v.grade);
	if (v.has_grade < 0)
		imp_problem(
			im,
			"Course Grade \"%.40s\" is not a fraction (0.95) or a percentage (95%%)",
			x);
	x = imp_field(im, f, n, C_COMPLETED);
	v.done = import_parse_yes(x);
	if (v.done < 0)
		imp_problem(im, "Completed \"%.40s\" is not Yes or No", x);
	v.cert = imp_field(im, f, n, C_CERT);
	if (*v.cert && !import_url_ok(v.cert))
		imp_problem(im, "Course Certificate URL \"%.60s\" is not a web address (https://…)",
			    v.cert);
	if (im->msg[0] || im->db_failed) {
		if (im->msg[0])
			imp_add_error(im, row, im->msg);
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
		imp_copy_col(st, 1, old.state, sizeof(old.state));
		old.progress = stmt_double(st, 2);
		old.hours = stmt_double(st, 3);
		imp_copy_col(st, 4, old.last, sizeof(old.last));
		imp_copy_col(st, 5, old.completed, sizeof(old.completed));
		imp_copy_col(st, 6, old.cert, sizeof(old.cert));
		old.has_grade = !stmt_is_null(st, 7);
		old.grade = stmt_double(st, 7);
		imp_copy_col(st, 8, old.provider, sizeof(old.provider));
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

static int by_id(const void *a, const void *b)
{
	const struct slot *x = *(const struct slot *const *)a, *y = *(const struct slot *const *)b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Usage: a learner's latest activity in this file becomes theirs when it is later. The
 * learners are updated in id order, so the table and the indexes that follow it are walked
 * once from end to end instead of at random (a tenth of the import's time otherwise). */
int progress_flush_activity(struct imp *im)
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
