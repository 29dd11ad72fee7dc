/* reports.c - reports for staff (api/reports.h).
 *
 *   GET /api/v1/reports/pirl.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&local_area=ID]
 *       the WIOA PIRL file of the learners in your scope with activity in the period
 *       (report.h; the elements are documented in docs/reporting.md)
 *   GET /api/v1/reports/summary[?local_area=ID]
 *       the program's figures: totals, sign-ups per week, time to activation, and (for state
 *       admins) per local area and region
 * Any staff member; a local area's staff get their area only. */
#include "api/reports.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "web/layout.h"

#define PIRL_MAX (1024u << 20)

int api_reports_pirl(struct req *r, struct resp *w)
{
	const char *from = req_query(r, "from"), *to = req_query(r, "to"),
		   *area_s = req_query(r, "local_area");
	struct buf out = BUF_INIT(PIRL_MAX);
	int64_t area = 0;
	size_t rows;
	int rc;

	if (area_s && *area_s) {
		char *end;
		area = strtoll(area_s, &end, 10);
		if (*end || area <= 0)
			return resp_api_error(
				r, w, 422, "invalid", "A query parameter is not valid.",
				json_pack("{s:s}", "local_area", "Give a local area's id."));
	}
	rc = report_pirl_csv(r->who, area, from, to, &out, &rows);
	if (rc == -1) {
		buf_release(&out);
		return resp_api_error(r, w, 422, "invalid", "Give the period as two dates.",
				      json_pack("{s:s, s:s}", "from",
						"A date (YYYY-MM-DD), not after to.", "to",
						"A date (YYYY-MM-DD)."));
	}
	if (rc == -2) {
		buf_release(&out);
		return resp_api_error(r, w, 404, "not_found", "No such local area in your scope.",
				      NULL);
	}
	if (rc != 0) {
		buf_release(&out);
		return resp_error(r, w, 503, NULL);
	}
	resp_text(r, w, 200, TEXT_CSV, out.p, out.len);
	resp_header(w, r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"pirl-%s-%s.csv\"", from, to));
	resp_header(w, r, "X-Rows", arena_printf(r->arena, "%zu", rows));
	w->no_store = 1;
	buf_release(&out);
	return 0;
}

static json_t *figures_json(const struct report_figures *f)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:{s:I, s:I, "
			 "s:I, s:I}, s:I, s:I}",
			 "signups", (json_int_t)f->signups, "approved", (json_int_t)f->approved,
			 "denied", (json_int_t)f->denied, "pending_review", (json_int_t)f->pending,
			 "learners", (json_int_t)f->learners, "active_licenses",
			 (json_int_t)f->active, "waitlisted", (json_int_t)f->waitlisted, "enrolled",
			 (json_int_t)f->enrolled, "completions", (json_int_t)f->completions,
			 "certificates", (json_int_t)f->certificates, "learning_hours", f->hours,
			 "osos_entries", "draft", (json_int_t)f->osos_draft, "pending",
			 (json_int_t)f->osos_pending, "entered", (json_int_t)f->osos_entered,
			 "rejected", (json_int_t)f->osos_rejected, "reportable_individuals",
			 (json_int_t)(f->learners - f->participants), "participants",
			 (json_int_t)f->participants);
}

static json_t *groups_json(const struct report_group *g, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *o = figures_json(&g[i].f);
		json_object_set_new(o, "id", json_integer((json_int_t)g[i].id));
		json_object_set_new(o, "name", json_string(g[i].name));
		json_array_append_new(a, o);
	}
	return a;
}

int api_reports_summary(struct req *r, struct resp *w)
{
	const char *area_s = req_query(r, "local_area");
	struct report_summary s;
	json_t *weeks, *out;
	int64_t area = 0;
	size_t i;
	int rc;

	if (area_s && *area_s) {
		char *end;
		area = strtoll(area_s, &end, 10);
		if (*end || area <= 0)
			return resp_api_error(
				r, w, 422, "invalid", "A query parameter is not valid.",
				json_pack("{s:s}", "local_area", "Give a local area's id."));
	}
	rc = report_summary(r->arena, r->who, area, &s);
	if (rc == -2)
		return resp_api_error(r, w, 404, "not_found", "No such local area in your scope.",
				      NULL);
	if (rc != 0)
		return resp_error(r, w, 503, NULL);
	weeks = json_array();
	for (i = 0; i < REPORT_WEEKS; i++)
		json_array_append_new(weeks, json_pack("{s:s, s:I}", "week_start", s.week_start[i],
						       "signups", (json_int_t)s.signups_week[i]));
	out = json_pack("{s:o, s:o, s:{s:I, s:I, s:I}, s:o, s:o}", "total", figures_json(&s.total),
			"signups_per_week", weeks, "time_to_activation", "within_24_hours",
			(json_int_t)s.activation[0], "from_24_to_48_hours",
			(json_int_t)s.activation[1], "over_48_hours", (json_int_t)s.activation[2],
			"local_areas", groups_json(s.areas, s.nareas), "regions",
			groups_json(s.regions, s.nregions));
	w->no_store = 1;
	return resp_json(r, w, 200, out);
}
