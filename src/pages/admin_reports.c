/* admin_reports.c - the reports page (/admin/reports): the federal PIRL file for a period, and
 * the program's figures (admin.h). Area staff see their area; state admins every area. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages/admin.h"
#include "report.h"
#include "util/timeutil.h"
#include "web/html.h"
#include "web/layout.h"
#include "principal.h"

#define PIRL_MAX (1024u << 20)

/* The PIRL form: a period (the last full quarter by default). */
static void pirl_form(struct req *r, struct resp *w, const struct form_errors *e)
{
	char today[11], from[32], to[32];
	int y, m, q;
	struct field ff = { .name = "from", .label = T(r, "From"), .type = "date", .required = 1 };
	struct field ft = { .name = "to", .label = T(r, "To"), .type = "date", .required = 1 };

	date_today_ny(today);
	y = atoi(today);
	m = atoi(today + 5);
	q = (m - 1) / 3; /* this quarter, 0-3: the last full one is q - 1 */
	if (q == 0) {
		snprintf(from, sizeof(from), "%04d-10-01", y - 1);
		snprintf(to, sizeof(to), "%04d-12-31", y - 1);
	} else {
		static const char *const ends[] = { "03-31", "06-30", "09-30" };
		snprintf(from, sizeof(from), "%04d-%02d-01", y, (q - 1) * 3 + 1);
		snprintf(to, sizeof(to), "%04d-%s", y, ends[q - 1]);
	}
	ff.value = req_query(r, "from") ? req_query(r, "from") : from;
	ft.value = req_query(r, "to") ? req_query(r, "to") : to;
	html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Federal report (WIOA PIRL)"),
	     T(r, "One line per person with activity in the period, with the PIRL element "
		  "numbers as the header. Credentials and skill gains are included only once "
		  "staff have confirmed them in the OSOS work list. Several codes are defaults "
		  "the state can change: see the reporting guide before sending the file."));
	html(w, "<div class=\"filters\">\n");
	form_begin(r, w, "/admin/reports/pirl.csv", "get");
	form_input(r, w, &ff, e);
	form_input(r, w, &ft, e);
	form_submit(r, w, T(r, "Download the PIRL file"));
	form_end(r, w);
	html(w, "</div>\n");
}

static int reports_page(struct req *r, struct resp *w, const struct form_errors *e)
{
	admin_begin(r, w, T(r, "Reports"), "reports", e && e->n);
	html(w, "<h1>%h</h1>\n", T(r, "Reports"));
	form_error_summary(r, w, e);
	if (r->who->local_area)
		html(w, "<p class=\"lead\">%h %h</p>\n", T(r, "Local area:"),
		     admin_area_name(r, r->who->local_area));
	else
		html(w, "<p class=\"lead\">%h</p>\n", T(r, "Every local area in New York State."));
	pirl_form(r, w, e);
	admin_reports_summary(r, w);
	admin_end(r, w);
	return 0;
}

int page_admin_reports(struct req *r, struct resp *w)
{
	return reports_page(r, w, NULL);
}

int page_admin_reports_pirl(struct req *r, struct resp *w)
{
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	struct buf out = BUF_INIT(PIRL_MAX);
	struct form_errors e = { .n = 0 };
	size_t rows;
	int rc;

	if (!from || !date_valid(from))
		form_errors_add(&e, "from", T(r, "Enter the first day of the period, as a date."));
	if (!to || !date_valid(to))
		form_errors_add(&e, "to", T(r, "Enter the last day of the period, as a date."));
	else if (!e.n && strcmp(from, to) > 0)
		form_errors_add(&e, "to", T(r, "The last day cannot be before the first day."));
	if (e.n) {
		reports_page(r, w, &e);
		w->status = 422;
		return 0;
	}
	rc = report_pirl_csv(r->who, 0, from, to, &out, &rows);
	if (rc != 0) {
		buf_release(&out);
		return resp_error(r, w, 503, NULL);
	}
	resp_text(r, w, 200, TEXT_CSV, out.p, out.len);
	resp_header(w, r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"pirl-%s-%s.csv\"", from, to));
	w->no_store = 1;
	buf_release(&out);
	return 0;
}
