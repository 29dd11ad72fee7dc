/* applications.c - the JSON API for license requests (docs/api.md).
 *
 *   POST /api/v1/applications                      anyone: sign up (201, 409, 422, 429)
 *   GET  /api/v1/applications/{reference}?email=   the applicant: where it stands (404)
 *   GET  /api/v1/applications?status=&overdue=1&local_area=&limit=&cursor=
 *                                                  staff: requests in their scope, overdue
 *                                                  first
 *   POST /api/v1/applications/{reference}/decision area or state admin: approve or deny
 *   GET  /api/v1/invitations[?all=1]               state admin: the provider's CSV
 *   POST /api/v1/invitations/export[?all=1]        state admin: the CSV, marked exported
 * The same domain functions as the pages (application.h, license.h): the two never disagree.
 */
#include "api/applications.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "application.h"
#include "audit.h"
#include "comeback.h"
#include "lookup.h"
#include "geo.h"
#include "license.h"
#include "principal.h"
#include "util/buf.h"
#include "web/layout.h"

/* ---- reading the body -------------------------------------------------------------------- */

static const char *jstr(struct req *r, const char *key, struct app_errors *e)
{
	json_t *v = r->json ? json_object_get(r->json, key) : NULL;

	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	app_errors_add(e, key, T(r, "Send this as a string."));
	return NULL;
}

static int jbool(struct req *r, const char *key, struct app_errors *e)
{
	json_t *v = r->json ? json_object_get(r->json, key) : NULL;

	if (!v || json_is_null(v))
		return -1;
	if (json_is_boolean(v))
		return json_is_true(v);
	app_errors_add(e, key, T(r, "Send this as true or false."));
	return -1;
}

static json_t *fields_json(const struct app_errors *e)
{
	json_t *f = json_object();
	size_t i;

	for (i = 0; i < e->n; i++)
		json_object_set_new(f, e->items[i].field, json_string(e->items[i].message));
	return f;
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *reasons_json(struct req *r, enum lang l, const struct elig_result *res,
			    const char *staff_note)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < res->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code",
						   elig_reason_code(res->reasons[i]), "message",
						   elig_result_message(r->arena, l, res, i)));
	if (staff_note && *staff_note)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code", "staff_decision",
						   "message", staff_note));
	return a;
}

/* The request as its owner sees it (public GET) or, with staff = 1, with the person's
 * answers and the decision record. */
static json_t *view_json(struct req *r, const struct app_view *v, int staff)
{
	enum lang l = staff ? r->lang : v->lang;
	json_t *o =
		json_pack("{s:s, s:s, s:s}", "reference", v->reference, "status",
			  app_status_name(v->status), "decision", elig_decision_name(v->decision));

	json_object_set_new(
		o, "reasons",
		reasons_json(r, l, &v->elig, v->status == APP_DENIED ? v->decision_note : NULL));
	json_object_set_new(o, "region", str_or_null(v->region));
	json_object_set_new(o, "local_area", str_or_null(v->local_area));
	json_object_set_new(o, "submitted_at", json_string(v->submitted_at));
	json_object_set_new(o, "due_at", json_string(v->due_at));
	json_object_set_new(o, "overdue", json_boolean(v->overdue));
	if (v->status == APP_WAITLISTED && v->waitlist_position > 0)
		json_object_set_new(o, "waitlist_position", json_integer(v->waitlist_position));
	if (!staff)
		return o;
	json_object_set_new(o, "first_name", json_string(v->first_name));
	json_object_set_new(o, "last_name", json_string(v->last_name));
	json_object_set_new(o, "email", json_string(v->email));
	json_object_set_new(o, "phone", json_string(v->phone));
	json_object_set_new(o, "birth_date", json_string(v->birth_date));
	json_object_set_new(o, "county", json_string(v->county));
	json_object_set_new(o, "town", json_string(v->town));
	json_object_set_new(o, "employment_status", json_string(v->employment_status));
	json_object_set_new(o, "osos_id", json_string(v->osos_id));
	json_object_set_new(o, "language", json_string(lang_code(v->lang)));
	json_object_set_new(o, "program", json_string(v->program));
	json_object_set_new(o, "policy_version", json_integer(v->elig.policy_version));
	json_object_set_new(o, "decided_at", str_or_null(v->decided_at));
	json_object_set_new(o, "decided_by", str_or_null(v->decided_by));
	json_object_set_new(o, "decision_note",
			    json_string(v->decision_note ? v->decision_note : ""));
	return o;
}

static int too_many(struct req *r, struct resp *w, int64_t retry)
{
	char secs[32];

	snprintf(secs, sizeof(secs), "%lld", (long long)(retry > 0 ? retry : 60));
	resp_header(w, r, "Retry-After", arena_strdup(r->arena, secs));
	return resp_api_error(r, w, 429, "rate_limited",
			      arena_printf(r->arena,
					   "Too many sign-up requests from this address; try again "
					   "in %s seconds.",
					   secs),
			      NULL);
}

/* ---- applicant --------------------------------------------------------------------------- */

int api_applications_create(struct req *r, struct resp *w)
{
	struct app_input in;
	struct app_errors e;
	struct app_result res;
	json_t *o;
	int64_t retry;
	int rc;

	if (!application_rate_ok(r->remote_addr, &retry))
		return too_many(r, w, retry);
	if (strncasecmp(r->content_type, "application/json", 16))
		return resp_api_error(r, w, 415, NULL, "Send the body as application/json.", NULL);
	if (!r->json || !json_is_object(r->json))
		return resp_api_error(r, w, 400, "bad_json",
				      "Send the answers as a JSON object (Content-Type: "
				      "application/json).",
				      NULL);
	memset(&e, 0, sizeof(e));
	memset(&in, 0, sizeof(in));
	in.first_name = jstr(r, "first_name", &e);
	in.last_name = jstr(r, "last_name", &e);
	in.email = jstr(r, "email", &e);
	in.phone = jstr(r, "phone", &e);
	in.birth_date = jstr(r, "birth_date", &e);
	in.county = jstr(r, "county", &e);
	in.town = jstr(r, "town", &e);
	in.employment_status = jstr(r, "employment_status", &e);
	in.layoff_notice_date = jstr(r, "layoff_notice_date", &e);
	in.osos_id = jstr(r, "osos_id", &e);
	in.language = jstr(r, "language", &e);
	in.covid_related = jbool(r, "covid_related", &e);
	in.dol_staff = jbool(r, "dol_staff", &e);
	if (in.dol_staff < 0 && !app_errors_get(&e, "dol_staff"))
		in.dol_staff = 0; /* the API may leave it out: not DOL staff */
	in.consent = jbool(r, "consent", &e);
	in.remote_addr = r->remote_addr;
	in.ui_lang = r->lang;
	rc = application_submit(r->arena, &in, &res, &e);
	switch (rc) {
	case APP_OK: break;
	case APP_INVALID:
		return resp_api_error(r, w, 422, "invalid", T(r, "Some answers need to be fixed."),
				      fields_json(&e));
	case APP_DUPLICATE:
		return resp_api_error(r, w, 409, "duplicate",
				      T(r, "This person already has a request. Check its status "
					   "with the reference and e-mail address."),
				      NULL);
	default: return resp_error(r, w, 503, NULL);
	}
	o = json_pack("{s:s, s:s, s:s}", "reference", res.reference, "status",
		      app_status_name(res.status), "decision",
		      elig_decision_name(res.elig.decision));
	json_object_set_new(o, "reasons", reasons_json(r, res.lang, &res.elig, NULL));
	json_object_set_new(o, "region", str_or_null(res.region));
	json_object_set_new(o, "local_area", str_or_null(res.local_area));
	json_object_set_new(o, "submitted_at", json_string(res.submitted_at));
	json_object_set_new(o, "due_at", json_string(res.due_at));
	resp_header(w, r, "Location",
		    arena_printf(r->arena, "/api/v1/applications/%s", res.reference));
	w->no_store = 1;
	return resp_json(r, w, 201, o);
}

int api_applications_get(struct req *r, struct resp *w)
{
	struct license_info lic;
	struct app_view v;
	json_t *o;
	int64_t retry;
	int rc;

	w->no_store = 1;
	if (!application_lookup_rate_ok(r->remote_addr, &retry)) {
		char secs[32];
		snprintf(secs, sizeof(secs), "%lld", (long long)(retry > 0 ? retry : 60));
		resp_header(w, r, "Retry-After", arena_strdup(r->arena, secs));
		return resp_api_error(r, w, 429, "rate_limited",
				      arena_printf(r->arena,
						   "Too many status lookups from this address; try "
						   "again in %s seconds.",
						   secs),
				      NULL);
	}
	rc = application_find(r->arena, req_param(r, "reference"), req_query(r, "email"), &v);
	if (rc == APP_ERR)
		return resp_error(r, w, 503, NULL);
	if (rc != APP_OK)
		return resp_api_error(r, w, 404, "not_found",
				      "No request has this reference and e-mail address.", NULL);
	o = view_json(r, &v, 0);
	/* the license, for a person who has one: where it stands and when it ends */
	if (comeback_license(r->arena, v.id, &lic) == 0 && lic.learner_id) {
		json_object_set_new(o, "license_status", json_string(lic.status));
		json_object_set_new(o, "license_ends", str_or_null(lic.ends));
		if (lic.newer_reference)
			json_object_set_new(o, "newer_reference", json_string(lic.newer_reference));
	}
	return resp_json(r, w, 200, o);
}

/* ---- staff ------------------------------------------------------------------------------- */

int api_applications_list(struct req *r, struct resp *w)
{
	struct app_filter f;
	struct app_page page;
	const char *status = req_query(r, "status"), *od = req_query(r, "overdue");
	const char *area = req_query(r, "local_area"), *limit = req_query(r, "limit");
	json_t *items, *o;
	size_t i;
	int rc;

	memset(&f, 0, sizeof(f));
	if (status && *status) {
		if (app_status_parse(status, &f.status) != 0)
			return resp_api_error(r, w, 422, "invalid",
					      "status is one of pending_review, approved, denied, "
					      "waitlisted, active.",
					      json_pack("{s:s}", "status", "unknown status"));
		f.has_status = 1;
	}
	if (od && *od) {
		if (strcmp(od, "1") && strcmp(od, "0") && strcmp(od, "true") && strcmp(od, "false"))
			return resp_api_error(r, w, 422, "invalid", "overdue is 1 or 0.",
					      json_pack("{s:s}", "overdue", "use 1 or 0"));
		f.overdue_only = !strcmp(od, "1") || !strcmp(od, "true");
	}
	if (area && *area) {
		char *end;
		f.local_area = strtoll(area, &end, 10);
		if (*end || f.local_area <= 0)
			f.local_area = geo_area_find(area);
		if (f.local_area <= 0)
			return resp_api_error(
				r, w, 422, "invalid",
				"local_area is a local area's id, slug or name.",
				json_pack("{s:s}", "local_area", "unknown local area"));
	}
	if (limit && *limit) {
		char *end;
		long n = strtol(limit, &end, 10);
		if (*end || n < 1 || n > 500)
			return resp_api_error(r, w, 422, "invalid", "limit is from 1 to 500.",
					      json_pack("{s:s}", "limit", "from 1 to 500"));
		f.limit = (int)n;
	}
	f.cursor = req_query(r, "cursor");
	rc = application_list(r->arena, r->who, &f, &page);
	if (rc == APP_FORBIDDEN)
		return resp_api_error(r, w, 403, "forbidden",
				      "Your account sees the requests of its own local area only.",
				      NULL);
	if (rc == APP_INVALID)
		return resp_api_error(r, w, 422, "invalid", "The cursor is not one this API gave.",
				      json_pack("{s:s}", "cursor", "unknown cursor"));
	if (rc != APP_OK)
		return resp_error(r, w, 503, NULL);
	audit_view(r->who, "applications", r->query_string, r->who->local_area);
	items = json_array();
	for (i = 0; i < page.n; i++)
		json_array_append_new(items, view_json(r, &page.rows[i], 1));
	o = json_pack("{s:o}", "items", items);
	json_object_set_new(o, "next_cursor", str_or_null(page.next_cursor));
	w->no_store = 1;
	return resp_json(r, w, 200, o);
}

int api_applications_decide(struct req *r, struct resp *w)
{
	const char *decision = NULL, *reason = NULL;
	struct app_view v;
	struct app_event *ev;
	json_t *o, *events, *dv, *rv;
	int approve, rc, n, i;

	if (strncasecmp(r->content_type, "application/json", 16))
		return resp_api_error(r, w, 415, NULL, "Send the body as application/json.", NULL);
	if (!r->json || !json_is_object(r->json))
		return resp_api_error(r, w, 400, "bad_json",
				      "Send {\"decision\": \"approve\" | \"deny\", \"reason\": "
				      "\"...\"} as application/json.",
				      NULL);
	dv = json_object_get(r->json, "decision");
	rv = json_object_get(r->json, "reason");
	decision = json_is_string(dv) ? json_string_value(dv) : NULL;
	if (rv && !json_is_null(rv)) {
		if (!json_is_string(rv))
			return resp_api_error(r, w, 422, "invalid", "reason is a string.",
					      json_pack("{s:s}", "reason", "send a string"));
		reason = json_string_value(rv);
	}
	if (!decision || (strcmp(decision, "approve") && strcmp(decision, "deny")))
		return resp_api_error(r, w, 422, "invalid", "decision is \"approve\" or \"deny\".",
				      json_pack("{s:s}", "decision", "approve or deny"));
	approve = !strcmp(decision, "approve");
	rc = application_decide(r->arena, r->who, req_param(r, "reference"), approve, reason, &v);
	switch (rc) {
	case APP_OK: break;
	case APP_NOT_FOUND:
		return resp_api_error(r, w, 404, "not_found",
				      "No request with this reference in your local area.", NULL);
	case APP_CONFLICT:
		return resp_api_error(r, w, 409, "already_decided",
				      "This request is not waiting for a decision.", NULL);
	case APP_DUPLICATE:
		return resp_api_error(r, w, 409, "duplicate",
				      "The person has another open request; decide that one.",
				      NULL);
	case APP_INVALID:
		return resp_api_error(r, w, 422, "invalid",
				      "A denial needs a reason (at most 1000 characters) that the "
				      "person will read.",
				      json_pack("{s:s}", "reason",
						"required to deny, at most 1000 "
						"characters"));
	default: return resp_error(r, w, 503, NULL);
	}
	o = view_json(r, &v, 1);
	events = json_array();
	n = application_events(r->arena, v.id, &ev);
	for (i = 0; i < n; i++)
		json_array_append_new(events, json_pack("{s:s, s:s, s:o, s:s, s:s}", "at", ev[i].at,
							"actor", ev[i].actor, "from",
							str_or_null(ev[i].from_status), "to",
							ev[i].to_status, "note", ev[i].note));
	json_object_set_new(o, "events", events);
	w->no_store = 1;
	return resp_json(r, w, 200, o);
}

static int invitations(struct req *r, struct resp *w, int mark)
{
	const char *all = req_query(r, "all");
	struct buf b = BUF_INIT(256 * 1024 * 1024);
	int64_t last = 0;
	size_t count = 0;
	int rc;

	rc = license_invitations_csv(all && !strcmp(all, "1"), &b, &last, &count);
	if (rc == 0 && mark && license_invitations_mark(last) < 0)
		rc = -1;
	if (rc != 0) {
		buf_release(&b);
		return resp_error(r, w, 503, NULL);
	}
	resp_text(r, w, 200, TEXT_CSV, b.p, b.len);
	buf_release(&b);
	resp_header(w, r, "Content-Disposition", "attachment; filename=\"invitations.csv\"");
	resp_header(w, r, "X-Invitations-Count", arena_printf(r->arena, "%zu", count));
	w->no_store = 1;
	return 0;
}

int api_invitations_get(struct req *r, struct resp *w)
{
	return invitations(r, w, 0);
}

int api_invitations_export(struct req *r, struct resp *w)
{
	return invitations(r, w, 1);
}

/* POST /api/v1/applications/lookup {"email"}: "e-mail me my reference". The same 202 and body
 * whether the address is known or not (lookup.h); 429 past the per-address limit. */
int api_applications_lookup(struct req *r, struct resp *w)
{
	json_t *v = json_is_object(r->json) ? json_object_get(r->json, "email") : NULL;
	const char *email = json_is_string(v) ? json_string_value(v) : NULL;
	int64_t retry;

	w->no_store = 1;
	if (!email || !strchr(email, '@') || strlen(email) > 254)
		return resp_api_error(r, w, 422, "invalid", "A value is not valid.",
				      json_pack("{s:s}", "email", "Give an e-mail address."));
	switch (lookup_reference(email, r->remote_addr, &retry)) {
	case LOOKUP_ACCEPTED:
		return resp_json(
			r, w, 202,
			json_pack("{s:s, s:s}", "status", "accepted", "message",
				  "If a request has this e-mail address, its reference and "
				  "status are on their way to it."));
	case LOOKUP_LIMITED:
		resp_header(w, r, "Retry-After", arena_printf(r->arena, "%lld", (long long)retry));
		return resp_api_error(r, w, 429, "rate_limited",
				      "Too many requests from this address; try again later.",
				      NULL);
	default: return resp_error(r, w, 503, NULL);
	}
}
