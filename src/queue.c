/* queue.c - the review queue (queue.h). */
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "audit.h"
#include "db/db.h"
#include "geo.h"
#include "learner.h"
#include "util/arena.h"
#include "util/timeutil.h"

#define QUEUE_MAX	500
#define QUEUE_COUNT_CAP 10000

int queue_filter_parse(struct queue_filter *f, const char *(*get)(void *ctx, const char *),
		       void *ctx, const char **bad)
{
	const char *v;
	enum app_status st;

	memset(f, 0, sizeof(*f));
	v = get(ctx, "local_area");
	if (v && *v) {
		char *end;
		long long id = strtoll(v, &end, 10);
		f->local_area = *end == '\0' && id > 0 ? id : geo_area_find(v);
		if (f->local_area <= 0) {
			*bad = "local_area";
			return -1;
		}
	}
	v = get(ctx, "status");
	if (v && *v) {
		if (app_status_parse(v, &st) != 0) {
			*bad = "status";
			return -1;
		}
		f->status = app_status_name(st);
	}
	v = get(ctx, "language");
	if (v && *v) {
		if (strcmp(v, "en") && strcmp(v, "es")) {
			*bad = "language";
			return -1;
		}
		f->language = v;
	}
	v = get(ctx, "limit");
	if (v && *v) {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || n < 1 || n > QUEUE_MAX) {
			*bad = "limit";
			return -1;
		}
		f->limit = (int)n;
	}
	v = get(ctx, "cursor");
	if (v && *v)
		f->cursor = v;
	return 0;
}

static int is_open(const char *status)
{
	return !strcmp(status, "pending_review") || !strcmp(status, "approved") ||
	       !strcmp(status, "waitlisted");
}

static void item_read(struct stmt *st, struct arena *a, int64_t now, struct queue_item *it)
{
	int64_t sub = 0, due = 0;

	memset(it, 0, sizeof(*it));
	it->id = stmt_int(st, 0);
	it->reference = stmt_text_dup(st, 1, a);
	it->first_name = stmt_text_dup(st, 2, a);
	it->last_name = stmt_text_dup(st, 3, a);
	it->email = stmt_text_dup(st, 4, a);
	it->language = stmt_text_dup(st, 5, a);
	it->status = stmt_text_dup(st, 6, a);
	it->decision = stmt_text_dup(st, 7, a);
	it->reasons = stmt_text_dup(st, 8, a);
	it->employment_status = stmt_text_dup(st, 9, a);
	it->county = stmt_text_dup(st, 10, a);
	it->local_area_id = stmt_int(st, 11);
	it->submitted_at = stmt_text_dup(st, 12, a);
	it->due_at = stmt_text_dup(st, 13, a);
	iso_parse(it->submitted_at, &sub);
	iso_parse(it->due_at, &due);
	it->age_seconds = now - sub;
	it->left_seconds = due - now;
	if (!is_open(it->status))
		it->due = QDUE_CLOSED;
	else if (it->left_seconds < 0)
		it->due = QDUE_OVERDUE;
	else if (it->left_seconds < QUEUE_DUE_SOON_SECONDS)
		it->due = QDUE_SOON;
	else
		it->due = QDUE_OK;
}

/* A cursor is "<due_at>.<id>" of the last row of the previous page. */
static int cursor_parse(const char *c, char due[ISO_LEN], int64_t *id)
{
	const char *dot = strrchr(c, '.');
	int64_t t;
	char *end;

	if (!dot || dot - c != ISO_LEN - 1)
		return -1;
	memcpy(due, c, ISO_LEN - 1);
	due[ISO_LEN - 1] = '\0';
	if (iso_parse(due, &t) != 0)
		return -1;
	*id = strtoll(dot + 1, &end, 10);
	return *end || *id <= 0 ? -1 : 0;
}

enum queue_err queue_list(struct arena *a, const struct principal *who,
			  const struct queue_filter *f, struct queue_page *out)
{
	struct db *db = db_get();
	struct stmt *st;
	struct area_row *areas;
	size_t nareas, i;
	int64_t scope = learner_scope(who, f->local_area), cid = 0, now = now_unix();
	const char *status = f->status && *f->status ? f->status : "pending_review";
	const char *lang = f->language ? f->language : "";
	char cdue[ISO_LEN] = "";
	int limit = f->limit > 0 && f->limit <= QUEUE_MAX ? f->limit : 50, rc;

	memset(out, 0, sizeof(*out));
	if (scope < 0)
		return QUEUE_ENOTFOUND;
	if (f->cursor && *f->cursor && cursor_parse(f->cursor, cdue, &cid) != 0)
		return QUEUE_EINVAL;
	if (scope) {
		st = db_prepare(db,
				"SELECT a.id, a.reference, a.first_name, a.last_name, a.email, "
				"a.language, a.status, a.decision, a.reasons, a.employment_status, "
				"a.county, COALESCE(a.local_area_id, 0), a.submitted_at, a.due_at "
				"FROM applications a WHERE a.local_area_id = ? AND a.status = ? "
				"AND (? = '' OR a.language = ?) AND a.due_at >= ? AND (a.due_at, "
				"a.id) > (?, ?) ORDER BY a.due_at, a.id LIMIT ?");
		stmt_bind_int(st, 1, scope);
	} else {
		st = db_prepare(db,
				"SELECT a.id, a.reference, a.first_name, a.last_name, a.email, "
				"a.language, a.status, a.decision, a.reasons, a.employment_status, "
				"a.county, COALESCE(a.local_area_id, 0), a.submitted_at, a.due_at "
				"FROM applications a WHERE 0 = ? AND a.status = ? AND (? = '' OR "
				"a.language = ?) AND a.due_at >= ? AND (a.due_at, a.id) > (?, ?) "
				"ORDER BY a.due_at, a.id LIMIT ?");
		stmt_bind_int(st, 1, 0);
	}
	stmt_bind_text(st, 2, status);
	stmt_bind_text(st, 3, lang);
	stmt_bind_text(st, 4, lang);
	stmt_bind_text(st, 5, cdue);
	stmt_bind_text(st, 6, cdue);
	stmt_bind_int(st, 7, cid);
	stmt_bind_int(st, 8, limit + 1);
	out->items = arena_alloc(a, (size_t)(limit + 1) * sizeof(*out->items));
	while ((rc = stmt_step(st)) == DB_ROW)
		item_read(st, a, now, &out->items[out->n++]);
	stmt_done(st);
	if (rc == DB_ERR)
		return QUEUE_EDB;
	if (out->n > (size_t)limit) {
		const struct queue_item *last = &out->items[limit - 1];
		out->n = (size_t)limit;
		out->next_cursor = arena_printf(a, "%s.%lld", last->due_at, (long long)last->id);
	}
	nareas = geo_areas(a, &areas);
	for (i = 0; i < out->n; i++) {
		size_t k;
		out->items[i].local_area = "";
		for (k = 0; k < nareas; k++)
			if (areas[k].id == out->items[i].local_area_id)
				out->items[i].local_area = areas[k].name;
	}
	if ((!f->cursor || !*f->cursor) && !out->next_cursor) {
		out->total = (int64_t)out->n;
	} else {
		if (scope) {
			st = db_prepare(db,
					"SELECT COUNT(*) FROM (SELECT 1 FROM applications a WHERE "
					"a.local_area_id = ? AND a.status = ? AND (? = '' OR "
					"a.language = ?) LIMIT ?) c");
			stmt_bind_int(st, 1, scope);
		} else {
			st = db_prepare(db,
					"SELECT COUNT(*) FROM (SELECT 1 FROM applications a WHERE "
					"0 = ? AND a.status = ? AND (? = '' OR a.language = ?) "
					"LIMIT ?) c");
			stmt_bind_int(st, 1, 0);
		}
		stmt_bind_text(st, 2, status);
		stmt_bind_text(st, 3, lang);
		stmt_bind_text(st, 4, lang);
		stmt_bind_int(st, 5, QUEUE_COUNT_CAP);
		if (stmt_step(st) == DB_ROW)
			out->total = stmt_int(st, 0);
		stmt_done(st);
	}
	return QUEUE_OK;
}

int queue_ages(const struct principal *who, struct queue_ages *out)
{
	struct db *db = db_get();
	struct stmt *st;
	int64_t scope = learner_scope(who, 0), now = now_unix();
	char h24[ISO_LEN], h48[ISO_LEN];

	memset(out, 0, sizeof(*out));
	if (scope < 0)
		return -1;
	iso_utc(now - 24 * 3600, h24);
	iso_utc(now - 48 * 3600, h48);
	st = db_prepare(db,
			"SELECT COALESCE(SUM(CASE WHEN submitted_at > ? THEN 1 ELSE 0 END), 0), "
			"COALESCE(SUM(CASE WHEN submitted_at <= ? AND submitted_at > ? THEN 1 "
			"ELSE 0 END), 0), COALESCE(SUM(CASE WHEN submitted_at <= ? THEN 1 ELSE "
			"0 END), 0) FROM applications WHERE status = 'pending_review' AND (? = 0 "
			"OR local_area_id = ?)");
	stmt_bind_text(st, 1, h24);
	stmt_bind_text(st, 2, h24);
	stmt_bind_text(st, 3, h48);
	stmt_bind_text(st, 4, h48);
	stmt_bind_int(st, 5, scope);
	stmt_bind_int(st, 6, scope);
	if (stmt_step(st) == DB_ROW) {
		out->under_24h = stmt_int(st, 0);
		out->from_24_to_48h = stmt_int(st, 1);
		out->over_48h = stmt_int(st, 2);
	}
	stmt_done(st);
	return 0;
}

enum queue_err queue_get(struct arena *a, const struct principal *who, const char *reference,
			 struct queue_detail *out)
{
	struct db *db = db_get();
	struct stmt *st;
	int64_t scope = learner_scope(who, 0), now = now_unix();
	char ref[APP_REF_LEN];
	enum queue_err rc = QUEUE_ENOTFOUND;
	int n;

	memset(out, 0, sizeof(*out));
	if (scope < 0 || !reference || application_reference_normalize(reference, ref) != 0)
		return QUEUE_ENOTFOUND;
	st = db_prepare(db,
			"SELECT a.id, a.reference, a.first_name, a.last_name, a.email, "
			"a.language, a.status, a.decision, a.reasons, a.employment_status, "
			"a.county, COALESCE(a.local_area_id, 0), a.submitted_at, a.due_at, "
			"a.phone, a.birth_date, a.town, a.layoff_notice_date, a.osos_id, "
			"a.program, COALESCE(r.name, ''), a.decided_at, a.decided_by, "
			"a.decision_note, a.covid_related, a.dol_staff, a.policy_version, "
			"COALESCE(la.name, ''), COALESCE(l.id, 0) FROM applications a LEFT JOIN "
			"regions r ON r.id = a.region_id LEFT JOIN local_areas la ON la.id = "
			"a.local_area_id LEFT JOIN learners l ON l.application_id = a.id WHERE "
			"a.reference = ?");
	stmt_bind_text(st, 1, ref);
	if (stmt_step(st) == DB_ROW) {
		item_read(st, a, now, &out->it);
		if (!scope || out->it.local_area_id == scope) {
			out->phone = stmt_text_dup(st, 14, a);
			out->birth_date = stmt_text_dup(st, 15, a);
			out->town = stmt_text_dup(st, 16, a);
			out->layoff_notice_date = stmt_text_dup(st, 17, a);
			out->osos_id = stmt_text_dup(st, 18, a);
			out->program = stmt_text_dup(st, 19, a);
			out->region = stmt_text_dup(st, 20, a);
			out->decided_at = stmt_text_dup(st, 21, a);
			out->decided_by = stmt_text_dup(st, 22, a);
			out->decision_note = stmt_text_dup(st, 23, a);
			out->covid_related = (int)stmt_int(st, 24);
			out->dol_staff = (int)stmt_int(st, 25);
			out->policy_version = stmt_int(st, 26);
			out->it.local_area = stmt_text_dup(st, 27, a);
			out->learner_id = stmt_int(st, 28);
			rc = QUEUE_OK;
		}
	}
	stmt_done(st);
	if (rc != QUEUE_OK) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	n = application_events(a, out->it.id, &out->events);
	out->nevents = n > 0 ? (size_t)n : 0;
	if (audit_view(who, "application", ref, out->it.local_area_id) != 0)
		return QUEUE_EDB;
	return QUEUE_OK;
}

int queue_decide(struct arena *a, const struct principal *who, const char *reference, int approve,
		 const char *reason)
{
	struct app_view v;

	if (learner_scope(who, 0) < 0 || who->role < ROLE_AREA_ADMIN)
		return APP_FORBIDDEN;
	return application_decide(a, who, reference, approve, reason, &v);
}

int queue_bulk_approve(struct arena *a, const struct principal *who, const char *const *refs,
		       size_t n, struct queue_bulk *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	if (learner_scope(who, 0) < 0 || who->role < ROLE_AREA_ADMIN)
		return -1;
	for (i = 0; i < n; i++) {
		switch (queue_decide(a, who, refs[i], 1, "")) {
		case APP_OK: out->approved++; break;
		case APP_NOT_FOUND: out->not_found++; break;
		case APP_CONFLICT:
		case APP_DUPLICATE: out->conflict++; break;
		default: out->failed++; break;
		}
	}
	return 0;
}

const char *queue_duration(struct arena *a, enum lang lang, int64_t s)
{
	int64_t m, h, d;

	if (s < 0)
		s = -s;
	m = s / 60;
	h = m / 60;
	d = h / 24;
	if (d > 0)
		return tr_fmt(a, lang, "%lld d %lld h", (long long)d, (long long)(h % 24));
	if (h > 0)
		return tr_fmt(a, lang, "%lld h %lld min", (long long)h, (long long)(m % 60));
	return tr_fmt(a, lang, "%lld min", (long long)m);
}
