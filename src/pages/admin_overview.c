/* admin_overview.c - the staff overview: sign-ups per day, the queue's state, seats (admin.h). */
#include "pages/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "overview.h"
#include "principal.h"
#include "web/html.h"
#include "web/layout.h"

/* ---- overview --------------------------------------------------------------------------- */

/* Sign-ups per day as a bar chart: presentation attributes only (the CSP forbids inline
 * styles), a title and a description for assistive technology, and the same numbers in the
 * table that follows it. */
static void signup_chart(struct req *r, struct resp *w, const struct overview *o)
{
	const int left = 44, top = 12, height = 160, bw = 17, gap = 3;
	int64_t max = o->signups_max > 0 ? o->signups_max : 1, total = 0;
	int i, width = left + OVERVIEW_DAYS * (bw + gap) + 8;

	for (i = 0; i < OVERVIEW_DAYS; i++)
		total += o->signups[i];
	html(w,
	     "<figure>\n<svg role=\"img\" "
	     "aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	     "height=\"%d\">\n",
	     width, top + height + 34, width, top + height + 34);
	html(w, "<title id=\"chart-title\">%h</title>\n", T(r, "Sign-ups per day, last 30 days"));
	html(w, "<desc id=\"chart-desc\">%h</desc>\n",
	     tr_fmt(r->arena, r->lang,
		    "%s sign-ups in 30 days, from %s to %s; the most in one day: %s. The "
		    "table below gives every day.",
		    admin_count(r, total), admin_date(r, o->days[0]),
		    admin_date(r, o->days[OVERVIEW_DAYS - 1]), admin_count(r, o->signups_max)));
	html(w,
	     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4a4a4a\" "
	     "stroke-width=\"1\"/>\n",
	     left - 4, top + height, width - 4, top + height);
	html(w,
	     "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" "
	     "fill=\"#1b1b1b\">%D</text>\n",
	     left - 8, top + 10, max);
	html(w,
	     "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" "
	     "fill=\"#1b1b1b\">0</text>\n",
	     left - 8, top + height);
	for (i = 0; i < OVERVIEW_DAYS; i++) {
		int h = (int)(o->signups[i] * height / max);
		int x = left + i * (bw + gap);
		if (o->signups[i] && h < 2)
			h = 2;
		html(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1f3f7a\"/>\n",
		     x, top + height - h, bw, h);
		/* a label every week and the last day's, never two side by side */
		if ((i % 7 == 0 && OVERVIEW_DAYS - 1 - i >= 3) || i == OVERVIEW_DAYS - 1)
			html(w,
			     "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
			     "fill=\"#1b1b1b\">%h</text>\n",
			     x + bw / 2, top + height + 16, o->days[i] + 5);
	}
	html(w, "</svg>\n<figcaption class=\"meta\">%h</figcaption>\n</figure>\n",
	     T(r, "Days in New York time, oldest on the left. Month-day under the bars."));
	html(w,
	     "<details>\n<summary>%h</summary>\n<div class=\"table-wrap\" role=\"region\" "
	     "tabindex=\"0\" aria-label=\"%h\">\n<table>\n"
	     "<caption>%h</caption>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h"
	     "</th></tr></thead>\n<tbody>\n",
	     T(r, "Sign-ups per day as a table"), T(r, "Sign-ups per day, last 30 days"),
	     T(r, "Sign-ups per day, last 30 days"), T(r, "Day"), T(r, "Sign-ups"));
	for (i = OVERVIEW_DAYS - 1; i >= 0; i--)
		html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n",
		     admin_date(r, o->days[i]), admin_count(r, o->signups[i]));
	html(w, "</tbody>\n</table>\n</div>\n</details>\n");
}

int page_admin_overview(struct req *r, struct resp *w)
{
	struct overview o;
	size_t i;

	if (overview_load(r->arena, r->who, &o) != 0)
		return resp_error(r, w, 404, NULL);
	admin_begin(r, w, T(r, "Staff workspace"), "overview", 0);
	html(w, "<h1>%h</h1>\n", T(r, "Staff workspace"));
	if (r->who->local_area)
		html(w, "<p class=\"lead\">%h %h</p>\n", T(r, "Local area:"),
		     admin_area_name(r, r->who->local_area));
	else
		html(w, "<p class=\"lead\">%h</p>\n", T(r, "Every local area in New York State."));

	if (r->who->role == ROLE_STATE_ADMIN)
		admin_imports_stale_notice(r, w);
	html(w,
	     "<ul class=\"cards\">\n<li class=\"card\"><h2>%h</h2><p class=\"lead\">%h</p>"
	     "<p><a href=\"/admin/queue\">%h</a></p></li>\n",
	     T(r, "Waiting for review"), admin_count(r, o.requests[APP_PENDING_REVIEW]),
	     T(r, "Open the review queue"));
	html(w, "<li class=\"card\"><h2>%h</h2><p class=\"lead\">%h</p><p>%h</p></li>\n",
	     T(r, "Overdue"), admin_count(r, o.overdue),
	     T(r, "Requests past the 48-hour promise."));
	html(w, "<li class=\"card\"><h2>%h</h2><p class=\"lead\">%h</p><p>%h</p></li>\n",
	     T(r, "Due within 12 hours"), admin_count(r, o.due_soon),
	     T(r, "Requests to answer today, before they are late. Admins get both lists by "
		  "e-mail once a day."));
	html(w,
	     "<li class=\"card\"><h2>%h</h2><p class=\"lead\">%h</p><p>%h</p><p><a "
	     "href=\"/admin/learners?status=active\">%h</a></p></li>\n</ul>\n",
	     T(r, "Learners with an active license"), admin_count(r, o.total.active),
	     T(r, "Licenses active today, counted from the learners."), T(r, "See the learners"));

	html(w,
	     "<h2>%h</h2>\n<p>%h</p>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n"
	     "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n"
	     "<tbody>\n",
	     T(r, "Requests"),
	     T(r, "Each sign-up request counts once, by the decision it received. A license that "
		  "was later removed or ended still counts here, so these figures can be higher "
		  "than the learners with an active license today."),
	     T(r, "Sign-up requests by decision"), T(r, "Sign-up requests by decision"),
	     T(r, "Decision"), T(r, "Requests"));
	for (i = 0; i < APP_STATUS_COUNT; i++)
		html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n",
		     app_status_label(r->lang, (enum app_status)i), admin_count(r, o.requests[i]));
	html(w,
	     "</tbody>\n<tfoot><tr><th scope=\"row\">%h</th><td>%h</td></tr></tfoot>\n"
	     "</table>\n</div>\n",
	     T(r, "All requests"), admin_count(r, o.requests_total));

	html(w,
	     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead><tr>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	     T(r, "Requests waiting for review, by age"),
	     T(r, "Requests waiting for review, by age"), T(r, "Waiting for"), T(r, "Requests"));
	html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", T(r, "Less than 24 hours"),
	     admin_count(r, o.pending_ages.under_24h));
	html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", T(r, "24 to 48 hours"),
	     admin_count(r, o.pending_ages.from_24_to_48h));
	html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", T(r, "More than 48 hours"),
	     admin_count(r, o.pending_ages.over_48h));
	html(w, "</tbody>\n</table>\n</div>\n");

	html(w, "<h2>%h</h2>\n", T(r, "Sign-ups per day"));
	signup_chart(r, w, &o);

	html(w,
	     "<h2>%h</h2>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n"
	     "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">"
	     "%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h"
	     "</th></tr></thead>\n<tbody>\n",
	     T(r, "Local areas"), T(r, "Learners by local area"), T(r, "Learners by local area"),
	     T(r, "Local area"), T(r, "Learners"), T(r, "With an active license"),
	     T(r, "Enrolled now"), T(r, "Completed a program"), T(r, "Waiting for review"));
	for (i = 0; i < o.nareas; i++) {
		const struct overview_area *a = &o.areas[i];
		html(w,
		     "<tr><th scope=\"row\"><a href=\"/admin/learners?local_area=%D\">%h</a></th>"
		     "<td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
		     a->id, a->name, admin_count(r, a->learners), admin_count(r, a->active),
		     admin_count(r, a->enrolled), admin_count(r, a->completed),
		     admin_count(r, a->pending));
	}
	html(w, "</tbody>\n");
	if (o.nareas > 1)
		html(w,
		     "<tfoot><tr><th scope=\"row\">%h</th><td>%h</td><td>%h</td><td>%h</td>"
		     "<td>%h</td><td>%h</td></tr></tfoot>\n",
		     T(r, "All areas"), admin_count(r, o.total.learners),
		     admin_count(r, o.total.active), admin_count(r, o.total.enrolled),
		     admin_count(r, o.total.completed), admin_count(r, o.total.pending));
	html(w, "</table>\n</div>\n");
	admin_end(r, w);
	return 0;
}
