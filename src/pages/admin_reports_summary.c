/* admin_reports_summary.c - the program's figures on the reports page: each chart an SVG with
 * a title and a description for assistive technology, followed by the same numbers in a
 * table, and every table also as CSV (/admin/reports/summary.csv?table=…) (admin.h). */
#include <stdio.h>
#include <string.h>

#include "pages/admin.h"
#include "report.h"
#include "util/csvread.h"
#include "web/html.h"
#include "web/layout.h"

#define CSV_MAX (1024 * 1024)

/* A labelled value, for the charts and the tables. */
struct bar {
	const char *label;
	int64_t value;
};

/* A horizontal bar chart: presentation attributes only (the CSP forbids inline styles). */
static void chart(struct req *r, struct resp *w, const char *id, const char *title,
		  const char *desc, const struct bar *bars, size_t n)
{
	const int left = 150, top = 8, bh = 18, gap = 6, width = 560, span = width - left - 70;
	int64_t max = 1;
	size_t i;
	int height = top + (int)n * (bh + gap) + 4;

	for (i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	html(w,
	     "<figure>\n<svg role=\"img\" aria-labelledby=\"%h-title %h-desc\" viewBox=\"0 0 %d "
	     "%d\" width=\"%d\" height=\"%d\">\n<title id=\"%h-title\">%h</title>\n<desc "
	     "id=\"%h-desc\">%h</desc>\n",
	     id, id, width, height, width, height, id, title, id, desc);
	for (i = 0; i < n; i++) {
		int y = top + (int)i * (bh + gap);
		int len = (int)(bars[i].value * span / max);
		if (bars[i].value && len < 2)
			len = 2;
		html(w,
		     "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" "
		     "fill=\"#1b1b1b\">%h</text>\n",
		     left - 8, y + 13, bars[i].label);
		html(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1f3f7a\"/>\n",
		     left, y, len, bh);
		html(w, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1b1b1b\">%h</text>\n",
		     left + len + 6, y + 13, admin_count(r, bars[i].value));
	}
	html(w, "</svg>\n</figure>\n");
}

/* The same numbers as a table, with the link to its CSV. */
static void table(struct req *r, struct resp *w, const char *key, const char *caption,
		  const char *col1, const char *col2, const struct bar *bars, size_t n)
{
	size_t i;

	html(w,
	     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%h\">\n"
	     "<table>\n<caption>%h</caption>\n<thead><tr><th scope=\"col\">%h</th><th "
	     "scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	     caption, caption, col1, col2);
	for (i = 0; i < n; i++)
		html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", bars[i].label,
		     admin_count(r, bars[i].value));
	html(w, "</tbody>\n</table>\n</div>\n");
	html(w, "<p><a href=\"/admin/reports/summary.csv?table=%h\" download>%h</a></p>\n", key,
	     tr_fmt(r->arena, r->lang, "%s as CSV", caption));
}

/* The rows of one table: weeks, activation, licenses, learning, osos, wioa. */
static size_t rows_of(struct req *r, const struct report_summary *s, const char *key, struct bar *b)
{
	const struct report_figures *f = &s->total;
	size_t n = 0, i;

	if (!strcmp(key, "weeks")) {
		for (i = 0; i < REPORT_WEEKS; i++) {
			b[n].label = tr_fmt(r->arena, r->lang, "Week of %s",
					    admin_date(r, s->week_start[i]));
			b[n++].value = s->signups_week[i];
		}
	} else if (!strcmp(key, "activation")) {
		b[n].label = T(r, "Within 24 hours");
		b[n++].value = s->activation[0];
		b[n].label = T(r, "24 to 48 hours");
		b[n++].value = s->activation[1];
		b[n].label = T(r, "More than 48 hours");
		b[n++].value = s->activation[2];
		b[n].label = T(r, "Waiting for a seat now");
		b[n++].value = f->waitlisted;
	} else if (!strcmp(key, "requests")) {
		b[n].label = T(r, "Approved");
		b[n++].value = f->approved;
		b[n].label = T(r, "Denied");
		b[n++].value = f->denied;
		b[n].label = T(r, "Waiting for review");
		b[n++].value = f->pending;
	} else if (!strcmp(key, "learning")) {
		b[n].label = T(r, "Active licenses");
		b[n++].value = f->active;
		b[n].label = T(r, "Enrolled now");
		b[n++].value = f->enrolled;
		b[n].label = T(r, "Programs completed");
		b[n++].value = f->completions;
		b[n].label = T(r, "Certificates earned");
		b[n++].value = f->certificates;
		b[n].label = T(r, "Learning hours");
		b[n++].value = (int64_t)(f->hours + 0.5);
	} else if (!strcmp(key, "osos")) {
		b[n].label = T(r, "Draft: to check");
		b[n++].value = f->osos_draft;
		b[n].label = T(r, "To enter in OSOS");
		b[n++].value = f->osos_pending;
		b[n].label = T(r, "Entered in OSOS");
		b[n++].value = f->osos_entered;
		b[n].label = T(r, "Rejected");
		b[n++].value = f->osos_rejected;
	} else if (!strcmp(key, "wioa")) {
		b[n].label = T(r, "Reportable individuals");
		b[n++].value = f->learners - f->participants;
		b[n].label = T(r, "WIOA participants");
		b[n++].value = f->participants;
	}
	return n;
}

static const char *percent(struct req *r, int64_t part, int64_t whole)
{
	if (whole <= 0)
		return "—";
	return arena_printf(r->arena, "%lld%%", (long long)((part * 100 + whole / 2) / whole));
}

static void groups_table(struct req *r, struct resp *w, const char *key, const char *caption,
			 const struct report_group *g, size_t n)
{
	size_t i;

	html(w,
	     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%h\">\n"
	     "<table>\n<caption>%h</caption>\n<thead><tr><th scope=\"col\">%h</th>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	     caption, caption, !strcmp(key, "areas") ? T(r, "Local area") : T(r, "Region"),
	     T(r, "Sign-ups"), T(r, "Approval rate"), T(r, "Active licenses"),
	     T(r, "Programs completed"), T(r, "Certificates earned"), T(r, "To enter in OSOS"),
	     T(r, "Entered in OSOS"), T(r, "WIOA participants"));
	for (i = 0; i < n; i++) {
		const struct report_figures *f = &g[i].f;
		html(w,
		     "<tr><th scope=\"row\">%h</th><td>%h</td><td>%h</td><td>%h</td><td>%h</td>"
		     "<td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
		     g[i].name, admin_count(r, f->signups),
		     percent(r, f->approved, f->approved + f->denied), admin_count(r, f->active),
		     admin_count(r, f->completions), admin_count(r, f->certificates),
		     admin_count(r, f->osos_pending + f->osos_draft),
		     admin_count(r, f->osos_entered), admin_count(r, f->participants));
	}
	html(w, "</tbody>\n</table>\n</div>\n");
	html(w, "<p><a href=\"/admin/reports/summary.csv?table=%h\" download>%h</a></p>\n", key,
	     tr_fmt(r->arena, r->lang, "%s as CSV", caption));
}

void admin_reports_summary(struct req *r, struct resp *w)
{
	static const struct {
		const char *key, *title, *desc, *col;
		int chart;
	} sections[] = {
		{ "weeks", N_("Sign-ups per week"),
		  N_("Requests for a license in each of the last 12 weeks, oldest first."),
		  N_("Sign-ups"), 1 },
		{ "requests", N_("Decisions"),
		  N_("Requests approved (including those waiting for a seat), denied, and waiting "
		     "for review."),
		  N_("Requests"), 0 },
		{ "activation", N_("Time from sign-up to activation"),
		  N_("Licenses by the time between the request and the activation, against the "
		     "48-hour promise."),
		  N_("Licenses"), 1 },
		{ "learning", N_("Licenses and learning"),
		  N_("Active licenses, learners enrolled now, programs completed, certificates and "
		     "learning hours reported by the provider."),
		  N_("Number"), 0 },
		{ "osos", N_("OSOS entries"),
		  N_("Entries staff have to check, to enter in OSOS, have entered, and rejected."),
		  N_("Entries"), 1 },
		{ "wioa", N_("Reportable individuals and participants"),
		  N_("Learners counted as reportable individuals only, and as WIOA participants."),
		  N_("Learners"), 0 },
	};
	struct report_summary s;
	struct bar b[REPORT_WEEKS];
	size_t i, n;

	if (report_summary(r->arena, r->who, 0, &s) != 0) {
		html(w, "<p>%h</p>\n", T(r, "The figures cannot be read right now. Try again."));
		return;
	}
	html(w, "<h2>%h</h2>\n", T(r, "The program in figures"));
	html(w, "<ul class=\"cards\">\n");
	html(w, "<li class=\"card\"><h3>%h</h3><p class=\"lead\">%h</p></li>\n",
	     T(r, "Approval rate"),
	     percent(r, s.total.approved, s.total.approved + s.total.denied));
	html(w, "<li class=\"card\"><h3>%h</h3><p class=\"lead\">%h</p></li>\n",
	     T(r, "Activated within 48 hours"),
	     percent(r, s.activation[0] + s.activation[1],
		     s.activation[0] + s.activation[1] + s.activation[2]));
	html(w, "<li class=\"card\"><h3>%h</h3><p class=\"lead\">%h</p></li>\n</ul>\n",
	     T(r, "Active licenses"), admin_count(r, s.total.active));
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		const char *title = T(r, sections[i].title);
		n = rows_of(r, &s, sections[i].key, b);
		html(w, "<h3>%h</h3>\n", title);
		if (sections[i].chart)
			chart(r, w, arena_printf(r->arena, "chart-%s", sections[i].key), title,
			      T(r, sections[i].desc), b, n);
		else
			html(w, "<p>%h</p>\n", T(r, sections[i].desc));
		table(r, w, sections[i].key, title,
		      !strcmp(sections[i].key, "weeks") ? T(r, "Week") : T(r, "What"),
		      T(r, sections[i].col), b, n);
	}
	if (s.nareas) {
		html(w, "<h3>%h</h3>\n", T(r, "By local area"));
		groups_table(r, w, "areas", T(r, "By local area"), s.areas, s.nareas);
		html(w, "<h3>%h</h3>\n", T(r, "By region"));
		groups_table(r, w, "regions", T(r, "By region"), s.regions, s.nregions);
	}
}

static void csv_num(struct buf *b, int64_t v, int last)
{
	char n[32];
	snprintf(n, sizeof(n), "%lld", (long long)v);
	csv_write_cell(b, n, last);
}

int page_admin_reports_summary_csv(struct req *r, struct resp *w)
{
	const char *key = req_query(r, "table");
	struct report_summary s;
	struct buf out = BUF_INIT(CSV_MAX);
	struct bar b[REPORT_WEEKS];
	size_t i, n;

	if (!key || report_summary(r->arena, r->who, 0, &s) != 0)
		return resp_error(r, w, key ? 503 : 404, NULL);
	if (!strcmp(key, "areas") || !strcmp(key, "regions")) {
		const struct report_group *g = !strcmp(key, "areas") ? s.areas : s.regions;
		size_t ng = !strcmp(key, "areas") ? s.nareas : s.nregions;
		static const char *const head[] = { "name",	    "signups",	    "approved",
						    "denied",	    "pending",	    "learners",
						    "active",	    "enrolled",	    "completions",
						    "certificates", "hours",	    "osos_draft",
						    "osos_pending", "osos_entered", "osos_rejected",
						    "participants" };
		if (!ng) {
			buf_release(&out);
			return resp_error(r, w, 404, NULL);
		}
		for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
			csv_write_cell(&out, head[i], i + 1 == sizeof(head) / sizeof(head[0]));
		for (i = 0; i < ng; i++) {
			const struct report_figures *f = &g[i].f;
			csv_write_cell(&out, g[i].name, 0);
			csv_num(&out, f->signups, 0);
			csv_num(&out, f->approved, 0);
			csv_num(&out, f->denied, 0);
			csv_num(&out, f->pending, 0);
			csv_num(&out, f->learners, 0);
			csv_num(&out, f->active, 0);
			csv_num(&out, f->enrolled, 0);
			csv_num(&out, f->completions, 0);
			csv_num(&out, f->certificates, 0);
			csv_num(&out, (int64_t)(f->hours + 0.5), 0);
			csv_num(&out, f->osos_draft, 0);
			csv_num(&out, f->osos_pending, 0);
			csv_num(&out, f->osos_entered, 0);
			csv_num(&out, f->osos_rejected, 0);
			csv_num(&out, f->participants, 1);
		}
	} else {
		n = rows_of(r, &s, key, b);
		if (!n) {
			buf_release(&out);
			return resp_error(r, w, 404, NULL);
		}
		csv_write_cell(&out, !strcmp(key, "weeks") ? "week_start" : "what", 0);
		csv_write_cell(&out, "count", 1);
		for (i = 0; i < n; i++) {
			csv_write_cell(&out, !strcmp(key, "weeks") ? s.week_start[i] : b[i].label,
				       0);
			csv_num(&out, b[i].value, 1);
		}
	}
	resp_text(r, w, 200, TEXT_CSV, out.p, out.len);
	resp_header(w, r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"report-%s.csv\"", key));
	w->no_store = 1;
	buf_release(&out);
	return 0;
}
