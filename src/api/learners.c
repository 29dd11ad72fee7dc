/* learners.c - GET /api/v1/learners, /api/v1/learners.csv, GET and PATCH
 * /api/v1/learners/{id}, POST /api/v1/learners/{id}/transfer (api/learners.h). */
#include "api/learners.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comeback.h"
#include "enrollment.h"
#include "web/idformat.h"
#include "learner.h"
#include "osos.h"
#include "settings.h"
#include "util/timeutil.h"
#include "web/layout.h"

#define CSV_MAX (32 * 1024 * 1024)

static const char *query_get(void *ctx, const char *name)
{
	return req_query((struct req *)ctx, name);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *row_json(const struct learner_row *l)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(l->id));
	json_object_set_new(o, "first_name", json_string(l->first_name));
	json_object_set_new(o, "last_name", json_string(l->last_name));
	json_object_set_new(o, "email", json_string(l->email));
	json_object_set_new(o, "osos_id", json_string(l->osos_id ? l->osos_id : ""));
	json_object_set_new(o, "local_area",
			    l->local_area_id
				    ? json_pack("{s:I, s:s}", "id", (json_int_t)l->local_area_id,
						"name", l->local_area ? l->local_area : "")
				    : json_null());
	json_object_set_new(o, "license_status", json_string(l->license_status));
	json_object_set_new(o, "program", str_or_null(l->program));
	json_object_set_new(o, "language", str_or_null(l->language));
	json_object_set_new(o, "reference", json_string(l->reference ? l->reference : ""));
	json_object_set_new(o, "active_enrollments", json_integer(l->enrolled));
	json_object_set_new(o, "completed_programs", json_integer(l->completed));
	json_object_set_new(o, "last_activity_at", str_or_null(l->last_activity_at));
	json_object_set_new(o, "created_at", str_or_null(l->created_at));
	return o;
}

/* A bad query parameter: 422 naming it. */
static int bad_param(struct req *r, struct resp *w, const char *name)
{
	return resp_api_error(
		r, w, 422, "invalid", "A query parameter is not valid.",
		json_pack("{s:s}", name,
			  !strcmp(name, "local_area") ? "Give a local area's id, name or slug."
			  : !strcmp(name, "status") ? "One of active, waitlisted, removed, expired."
			  : !strcmp(name, "limit")  ? "A number from 1 to 500."
			  : !strcmp(name, "sort")   ? "One of name, activity, joined."
			  : !strcmp(name, "dir")    ? "asc or desc."
			  : !strcmp(name, "wioa")   ? "participant or reportable_individual."
			  : !strcmp(name, "activity")
				  ? "One of 7d, 30d, inactive, inactive_remove, never."
				  : "Use 1 or 0."));
}

static int list_error(struct req *r, struct resp *w, enum learner_err rc)
{
	switch (rc) {
	case LEARNER_ENOTFOUND:
		return resp_api_error(r, w, 404, "not_found", "No such local area in your scope.",
				      NULL);
	case LEARNER_ECURSOR:
		return resp_api_error(r, w, 422, "invalid", "The cursor is not valid.",
				      json_pack("{s:s}", "cursor",
						"Use next_cursor from the previous page, with the "
						"same filters."));
	default: return resp_error(r, w, 503, NULL);
	}
}

int api_learners_list(struct req *r, struct resp *w)
{
	struct learner_filter f;
	struct learner_page p;
	const char *bad = NULL;
	enum learner_err rc;
	json_t *items, *out;
	size_t i;

	if (learner_filter_parse(&f, query_get, r, &bad) != 0)
		return bad_param(r, w, bad);
	rc = learner_list(r->arena, r->who, &f, &p);
	if (rc != LEARNER_OK)
		return list_error(r, w, rc);
	items = json_array();
	for (i = 0; i < p.n; i++)
		json_array_append_new(items, row_json(&p.rows[i]));
	out = json_pack("{s:o, s:I, s:b, s:o}", "items", items, "total", (json_int_t)p.total,
			"total_is_lower_bound", p.total_capped, "next_cursor",
			str_or_null(p.next_cursor));
	w->no_store = 1;
	return resp_json(r, w, 200, out);
}

int api_learners_csv(struct req *r, struct resp *w)
{
	struct learner_filter f;
	const char *bad = NULL;
	struct buf out = BUF_INIT(CSV_MAX);
	size_t rows;
	enum learner_err rc;

	if (learner_filter_parse(&f, query_get, r, &bad) != 0)
		return bad_param(r, w, bad);
	f.cursor = NULL;
	rc = learner_export_csv(r->arena, r->who, &f, &out, &rows);
	if (rc != LEARNER_OK) {
		buf_release(&out);
		return list_error(r, w, rc);
	}
	resp_text(r, w, 200, TEXT_CSV, out.p, out.len);
	resp_header(w, r, "Content-Disposition", "attachment; filename=\"learners.csv\"");
	resp_header(w, r, "X-Rows", arena_printf(r->arena, "%zu", rows));
	w->no_store = 1;
	buf_release(&out);
	return 0;
}

static int64_t id_param(struct req *r)
{
	const char *s = req_param(r, "id");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;

	return s && *s && *end == '\0' && v > 0 ? v : 0;
}

static json_t *detail_json(struct req *r, const struct learner_detail *d)
{
	json_t *o = row_json(&d->l), *app, *hist, *tr;
	struct enrollment_list el;
	size_t i;

	json_object_set_new(o, "region",
			    d->region_id ? json_pack("{s:I, s:s}", "id", (json_int_t)d->region_id,
						     "name", d->region ? d->region : "")
					 : json_null());
	json_object_set_new(
		o, "license",
		json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "status", d->l.license_status,
			  "term_ends",
			  json_string(d->license_ends_at
					      ? d->license_ends_at
					      : settings_get(r->arena, "license_term_end")),
			  "activated_at", str_or_null(d->activated_at), "waitlisted_at",
			  str_or_null(d->waitlisted_at), "removed_at", str_or_null(d->removed_at),
			  "invitation_accepted_at", str_or_null(d->invitation_accepted_at)));
	{
		int overridden = 0, part = osos_is_participant(d->l.id, &overridden);
		json_object_set_new(
			o, "wioa_status",
			json_string(part == 1 ? "participant" : "reportable_individual"));
		json_object_set_new(o, "wioa_status_set_by_state", json_boolean(overridden));
	}
	json_object_set_new(o, "notes", json_string(d->notes ? d->notes : ""));
	app = json_object();
	json_object_set_new(app, "reference", json_string(d->l.reference ? d->l.reference : ""));
	json_object_set_new(app, "status", str_or_null(d->app_status));
	json_object_set_new(app, "decision", str_or_null(d->decision));
	{
		/* the reason codes as a list */
		json_t *codes = json_array();
		char *copy = arena_strdup(r->arena, d->reasons ? d->reasons : ""), *tok,
		     *save = NULL;
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			json_array_append_new(codes, json_string(tok));
		json_object_set_new(app, "reasons", codes);
	}
	json_object_set_new(app, "policy_version", json_integer(d->policy_version));
	json_object_set_new(app, "submitted_at", str_or_null(d->submitted_at));
	json_object_set_new(app, "due_at", str_or_null(d->due_at));
	json_object_set_new(app, "decided_at", str_or_null(d->decided_at));
	json_object_set_new(app, "decided_by", str_or_null(d->decided_by));
	json_object_set_new(app, "decision_note", str_or_null(d->decision_note));
	json_object_set_new(
		app, "answers",
		json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:o}", "phone",
			  str_or_null(d->phone), "birth_date", str_or_null(d->birth_date), "county",
			  str_or_null(d->county), "town", str_or_null(d->town), "employment_status",
			  str_or_null(d->employment_status), "layoff_notice_date",
			  str_or_null(d->layoff_notice_date), "covid_related", d->covid_related,
			  "dol_staff", d->dol_staff, "language", str_or_null(d->app_language)));
	hist = json_array();
	for (i = 0; i < d->nevents; i++)
		json_array_append_new(hist, json_pack("{s:o, s:o, s:o, s:o, s:o}", "at",
						      str_or_null(d->events[i].at), "actor",
						      str_or_null(d->events[i].actor), "from",
						      str_or_null(d->events[i].from_status), "to",
						      str_or_null(d->events[i].to_status), "note",
						      str_or_null(d->events[i].note)));
	json_object_set_new(app, "history", hist);
	json_object_set_new(o, "application", app);
	tr = json_array();
	for (i = 0; i < d->ntransfers; i++)
		json_array_append_new(tr, json_pack("{s:o, s:o, s:o, s:o, s:o}", "at",
						    str_or_null(d->transfers[i].at), "by",
						    str_or_null(d->transfers[i].actor), "from",
						    str_or_null(d->transfers[i].from_area), "to",
						    str_or_null(d->transfers[i].to_area), "note",
						    str_or_null(d->transfers[i].note)));
	json_object_set_new(o, "transfers", tr);
	if (enrollment_list(d->l.id, r->arena, &el) == 0)
		json_object_set_new(o, "enrollments", enrollment_list_json(&el));
	else
		json_object_set_new(o, "enrollments", json_array());
	return o;
}

static int answer_learner(struct req *r, struct resp *w, int64_t id)
{
	struct learner_detail d;

	switch (learner_get(r->arena, r->who, id, &d)) {
	case LEARNER_OK: break;
	case LEARNER_ENOTFOUND:
		return resp_api_error(r, w, 404, "not_found", "No such learner.", NULL);
	default: return resp_error(r, w, 503, NULL);
	}
	w->no_store = 1;
	return resp_json(r, w, 200, detail_json(r, &d));
}

int api_learner_get(struct req *r, struct resp *w)
{
	return answer_learner(r, w, id_param(r));
}

/* The 422 for a refused change. */
static int problem(struct req *r, struct resp *w, const struct learner_problem *why)
{
	const char *msg = tr(LANG_EN, why->message);

	if (why->detail) {
		const char *words = id_format_words(r->arena, LANG_EN, why->detail);
		msg = words ? arena_printf(r->arena, "%s Expected: %s.", msg, words)
			    : arena_printf(r->arena, "%s Expected format: %s", msg, why->detail);
	}
	return resp_api_error(r, w, 422, "invalid", "A value is not valid.",
			      json_pack("{s:s}", why->field ? why->field : "body", msg));
}

static int change_error(struct req *r, struct resp *w, enum learner_err rc,
			const struct learner_problem *why)
{
	switch (rc) {
	case LEARNER_EINVAL: return problem(r, w, why);
	case LEARNER_ENOTFOUND:
		return resp_api_error(r, w, 404, "not_found", "No such learner.", NULL);
	case LEARNER_EFORBIDDEN:
		return resp_api_error(r, w, 403, "forbidden", "Your role may not change learners.",
				      NULL);
	default: return resp_error(r, w, 503, NULL);
	}
}

int api_learner_patch(struct req *r, struct resp *w)
{
	const char *key, *osos = NULL, *notes = NULL;
	struct learner_problem why;
	json_t *v;
	enum learner_err rc;
	int64_t id = id_param(r);

	if (!json_is_object(r->json))
		return resp_api_error(
			r, w, 422, "invalid", "Send a JSON object.",
			json_pack("{s:s}", "body", "An object with osos_id and/or notes."));
	json_object_foreach(r->json, key, v)
	{
		if (strcmp(key, "osos_id") && strcmp(key, "notes"))
			return resp_api_error(
				r, w, 422, "invalid", "Unknown field.",
				json_pack("{s:s}", key, "Only osos_id and notes can be changed."));
		if (!json_is_string(v))
			return resp_api_error(r, w, 422, "invalid", "A value is not valid.",
					      json_pack("{s:s}", key, "Give a string."));
		if (!strcmp(key, "osos_id"))
			osos = json_string_value(v);
		else
			notes = json_string_value(v);
	}
	rc = learner_update(r->who, id, osos, notes, &why);
	if (rc != LEARNER_OK)
		return change_error(r, w, rc, &why);
	return answer_learner(r, w, id);
}

int api_learner_transfer(struct req *r, struct resp *w)
{
	json_t *area = json_is_object(r->json) ? json_object_get(r->json, "local_area") : NULL;
	json_t *note = json_is_object(r->json) ? json_object_get(r->json, "note") : NULL;
	struct learner_problem why;
	const char *to;
	enum learner_err rc;
	int64_t id = id_param(r), to_id = 0;

	if (json_is_integer(area))
		to = arena_printf(r->arena, "%lld", (long long)json_integer_value(area));
	else if (json_is_string(area))
		to = json_string_value(area);
	else
		return resp_api_error(r, w, 422, "invalid", "A value is not valid.",
				      json_pack("{s:s}", "local_area",
						"Give the new local area's id, name or slug."));
	if (note && !json_is_string(note))
		return resp_api_error(r, w, 422, "invalid", "A value is not valid.",
				      json_pack("{s:s}", "note", "Give a string."));
	rc = learner_transfer(r->who, id, to, note ? json_string_value(note) : NULL, &why, &to_id);
	if (rc != LEARNER_OK)
		return change_error(r, w, rc, &why);
	/* an area admin who moved their learner away no longer sees them */
	if (learner_scope(r->who, 0)) {
		struct learner_detail d;
		if (learner_get(r->arena, r->who, id, &d) != LEARNER_OK)
			return resp_json(r, w, 200,
					 json_pack("{s:I, s:b, s:{s:I}}", "id", (json_int_t)id,
						   "transferred", 1, "local_area", "id",
						   (json_int_t)to_id));
		w->no_store = 1;
		return resp_json(r, w, 200, detail_json(r, &d));
	}
	return answer_learner(r, w, id);
}

/* POST /api/v1/learners/{id}/reinstate: a removed or expired learner gets the license back
 * (or a place on the waiting list); 200 with the learner, 404, 409 with the reason. */
int api_learner_reinstate(struct req *r, struct resp *w)
{
	const char *status, *why;
	int64_t id = id_param(r);

	switch (comeback_reinstate(r->who, id, &status, &why)) {
	case COMEBACK_OK: return answer_learner(r, w, id);
	case COMEBACK_ENOTFOUND:
		return resp_api_error(r, w, 404, "not_found", "No such learner.", NULL);
	case COMEBACK_ECONFLICT:
		return resp_api_error(r, w, 409, "conflict", tr(LANG_EN, why), NULL);
	case COMEBACK_EFORBIDDEN:
		return resp_api_error(r, w, 403, "forbidden", "Your role may not change learners.",
				      NULL);
	default: return resp_error(r, w, 503, NULL);
	}
}
