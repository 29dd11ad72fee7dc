/* osos_entries.c - OSOS entries for staff (api/osos_entries.h).
 *
 *   GET  /api/v1/osos/entries?kind=&status=&local_area=&learner_id=&no_osos_id=&limit=&cursor=
 *        {items: [{id, kind, status, date, backfill, learner_id, osos_id, local_area,
 *        details}], next_cursor}
 *   GET  /api/v1/osos/entries.csv?(the same filters)   what staff type into OSOS
 *   POST /api/v1/osos/entries/confirm|entered|reject   {"ids": [...], "reason": "..."}
 *        {changed, unchanged, refused, skipped}: idempotent; ids of another area (or none)
 *        are skipped and counted, never changed; reject needs a reason.
 *   POST /api/v1/imports/osos[?partial=1&dry_run=1]    OSOS's acknowledgment (text/csv)
 * Reading: any staff member, scoped to their local area; changes: area or state admins
 * (routes.c). Every change is audited by the domain (osos.h).
 */
#include "api/osos_entries.h"

#include <string.h>

#include "osos.h"
#include "web/layout.h"

#define CSV_MAX	   (64 * 1024 * 1024)
#define IDS_MAX	   1000
#define REASON_MAX 500

static const char *query_get(void *ctx, const char *name)
{
	return req_query((struct req *)ctx, name);
}

static int bad_param(struct req *r, struct resp *w, const char *name)
{
	return resp_api_error(
		r, w, 422, "invalid", "A query parameter is not valid.",
		json_pack("{s:s}", name,
			  !strcmp(name, "kind") ? "One of referral, credential, skill_gain, exit."
			  : !strcmp(name, "status") ? "One of draft, pending, entered, rejected."
			  : !strcmp(name, "limit")  ? "A number from 1 to 500."
			  : !strcmp(name, "no_osos_id") ? "Use 1 or 0."
							: "Give a number (an id)."));
}

static int list_error(struct req *r, struct resp *w, int rc)
{
	if (rc == OSOS_ENOTFOUND)
		return resp_api_error(r, w, 404, "not_found", "No such local area in your scope.",
				      NULL);
	if (rc == OSOS_ECURSOR)
		return resp_api_error(r, w, 422, "invalid", "The cursor is not valid.",
				      json_pack("{s:s}", "cursor",
						"Use next_cursor from the previous page, with the "
						"same filters."));
	return resp_error(r, w, 503, NULL);
}

int api_osos_list(struct req *r, struct resp *w)
{
	struct osos_filter f;
	struct osos_page p;
	const char *bad = NULL;
	json_t *items;
	size_t i;
	int rc;

	if (osos_filter_parse(&f, query_get, r, &bad) != 0)
		return bad_param(r, w, bad);
	rc = osos_list(r->arena, r->who, &f, &p);
	if (rc != OSOS_OK)
		return list_error(r, w, rc);
	items = json_array();
	for (i = 0; i < p.n; i++)
		json_array_append_new(items, osos_row_json(&p.rows[i]));
	w->no_store = 1;
	return resp_json(r, w, 200,
			 json_pack("{s:o, s:o}", "items", items, "next_cursor",
				   p.next_cursor ? json_string(p.next_cursor) : json_null()));
}

int api_osos_csv(struct req *r, struct resp *w)
{
	struct osos_filter f;
	struct buf out = BUF_INIT(CSV_MAX);
	const char *bad = NULL;
	size_t rows;
	int rc;

	if (osos_filter_parse(&f, query_get, r, &bad) != 0)
		return bad_param(r, w, bad);
	f.cursor = NULL;
	rc = osos_csv(r->arena, r->who, &f, &out, &rows);
	if (rc != OSOS_OK) {
		buf_release(&out);
		return list_error(r, w, rc);
	}
	resp_text(r, w, 200, TEXT_CSV, out.p, out.len);
	resp_header(w, r, "Content-Disposition", "attachment; filename=\"osos-entries.csv\"");
	resp_header(w, r, "X-Rows", arena_printf(r->arena, "%zu", rows));
	w->no_store = 1;
	buf_release(&out);
	return 0;
}

/* {"ids": [1, 2], "reason": "..."}: the ids (at most IDS_MAX) and the reason. 0, or an
 * answered 422. */
static int read_ids(struct req *r, struct resp *w, int64_t **ids, size_t *n, const char **reason,
		    int *answered)
{
	json_t *arr = r->json ? json_object_get(r->json, "ids") : NULL, *v, *re;
	size_t i;

	*answered = 0;
	if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > IDS_MAX) {
		*answered = 1;
		return resp_api_error(
			r, w, 422, "invalid", "Send the entries' ids.",
			json_pack("{s:s}", "ids", "An array of 1 to 1000 entry ids (numbers)."));
	}
	*n = json_array_size(arr);
	*ids = arena_alloc(r->arena, *n * sizeof(**ids));
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			*answered = 1;
			return resp_api_error(
				r, w, 422, "invalid", "Send the entries' ids.",
				json_pack("{s:s}", "ids", "Every id must be a positive number."));
		}
		(*ids)[i] = json_integer_value(v);
	}
	re = json_object_get(r->json, "reason");
	*reason = json_is_string(re) ? json_string_value(re) : NULL;
	if (*reason && strlen(*reason) > REASON_MAX) {
		*answered = 1;
		return resp_api_error(r, w, 422, "invalid", "The reason is too long.",
				      json_pack("{s:s}", "reason", "At most 500 characters."));
	}
	return 0;
}

static int change(struct req *r, struct resp *w, enum osos_action action)
{
	struct osos_change_result res;
	const char *reason = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	int answered;

	if (read_ids(r, w, &ids, &n, &reason, &answered) != 0 || answered)
		return 0;
	if (action == OSOS_REJECT && (!reason || !*reason))
		return resp_api_error(r, w, 422, "invalid", "Say why the entries are rejected.",
				      json_pack("{s:s}", "reason",
						"Give the reason (for example: not our customer, "
						"duplicate in OSOS)."));
	if (osos_change(r->who, action, ids, n, reason, &res) != 0)
		return resp_error(r, w, 503, NULL);
	return resp_json(r, w, 200,
			 json_pack("{s:i, s:i, s:i, s:i}", "changed", res.changed, "unchanged",
				   res.unchanged, "refused", res.refused, "skipped", res.skipped));
}

int api_osos_confirm(struct req *r, struct resp *w)
{
	return change(r, w, OSOS_CONFIRM);
}

int api_osos_entered(struct req *r, struct resp *w)
{
	return change(r, w, OSOS_ENTER);
}

int api_osos_reject(struct req *r, struct resp *w)
{
	return change(r, w, OSOS_REJECT);
}

static int flag(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

int api_import_osos(struct req *r, struct resp *w)
{
	struct osos_import_result res;
	int dry_run = flag(r, "dry_run");
	int rc = osos_import(r->body, r->body_len, dry_run, flag(r, "partial"), r->who, &res);
	json_t *j = osos_import_json(&res);

	osos_import_release(&res);
	if (rc < 0) {
		json_decref(j);
		return resp_error(r, w, 500, NULL);
	}
	return resp_import(r, w, rc > 0 && !dry_run, j);
}
