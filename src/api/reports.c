/* reports.c - reports for staff (api/reports.h).
 *
 *   GET /api/v1/reports/pirl.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&local_area=ID]
 *       the WIOA PIRL file of the learners in your scope with activity in the period
 *       (report.h; the elements are documented in docs/reporting.md)
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
	resp_text(r, w, 200, "text/csv; charset=utf-8", out.p, out.len);
	resp_header(w, r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"pirl-%s-%s.csv\"", from, to));
	resp_header(w, r, "X-Rows", arena_printf(r->arena, "%zu", rows));
	w->no_store = 1;
	buf_release(&out);
	return 0;
}
