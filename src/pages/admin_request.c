/* admin_request.c - one request and the decision on it (admin.h). */
#include "pages/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "queue.h"
#include "web/html.h"
#include "web/layout.h"

/* ---- one request ------------------------------------------------------------------------ */

static void fact(struct resp *w, const char *label, const char *value)
{
	html(w, "<dt>%h</dt><dd>%h</dd>\n", label, value && *value ? value : "—");
}

static void request_page(struct req *r, struct resp *w, const struct queue_detail *d,
			 const struct form_errors *e, const char *message)
{
	const struct queue_item *it = &d->it;
	const char *title = tr_fmt(r->arena, r->lang, "Request %s", it->reference);
	const char *reason = req_form(r, "reason");

	admin_begin(r, w, title, "queue", e && e->n);
	html(w, "<h1>%h</h1>\n", title);
	form_error_summary(r, w, e);
	if (message) {
		notice_begin(w, "warning");
		html(w, "<p>%h</p>\n", message);
		notice_end(w);
	}
	/* a decided request's badge is its status: say it once */
	html(w, "<p>");
	admin_due_badge(r, w, it);
	if (it->due != QDUE_CLOSED)
		html(w, " <span class=\"tag\">%h</span>", admin_status_text(r, it->status));
	html(w, "</p>\n");
	if (d->learner_id)
		html(w, "<p><a href=\"/admin/learners/%D\">%h</a></p>\n", d->learner_id,
		     T(r, "Open the learner's page"));

	html(w, "<h2>%h</h2>\n<dl class=\"summary\">\n", T(r, "The person's answers"));
	fact(w, T(r, "Name"), arena_printf(r->arena, "%s %s", it->first_name, it->last_name));
	fact(w, T(r, "E-mail"), it->email);
	fact(w, T(r, "Phone"), d->phone);
	fact(w, T(r, "Date of birth"), admin_date(r, d->birth_date));
	fact(w, T(r, "County"),
	     d->town && *d->town ? arena_printf(r->arena, "%s (%s)", it->county, d->town)
				 : it->county);
	fact(w, T(r, "Local area"), *it->local_area ? it->local_area : T(r, "Outside New York"));
	fact(w, T(r, "Region"), d->region);
	fact(w, T(r, "Situation"), admin_situation(r, it->employment_status));
	fact(w, T(r, "Layoff notice date"),
	     d->layoff_notice_date && *d->layoff_notice_date ? admin_date(r, d->layoff_notice_date)
							     : NULL);
	fact(w, T(r, "Unemployment related to COVID-19"),
	     d->covid_related ? T(r, "Yes") : T(r, "No"));
	fact(w, T(r, "Works for the Department of Labor"), d->dol_staff ? T(r, "Yes") : T(r, "No"));
	fact(w, T(r, "OSOS ID"), d->osos_id);
	fact(w, T(r, "Language"), admin_language_name(r, it->language));
	fact(w, T(r, "Submitted"), admin_time(r, it->submitted_at));
	fact(w, T(r, "Due by"), admin_time(r, it->due_at));
	html(w, "</dl>\n");

	html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Eligibility decision"),
	     tr_fmt(r->arena, r->lang, "Decided under eligibility policy version %lld.",
		    (long long)d->policy_version));
	admin_reasons(r, w, it->reasons);
	if (d->decided_at)
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang, "Decided %s by %s.", admin_time(r, d->decided_at),
			    d->decided_by ? d->decided_by : ""));
	if (d->decision_note && *d->decision_note)
		html(w, "<p>%h %h</p>\n", T(r, "Reason given:"), d->decision_note);

	html(w, "<h2>%h</h2>\n", T(r, "Decision history"));
	admin_history(r, w, d->events, d->nevents);

	if (admin_can_change(r) &&
	    (!strcmp(it->status, "pending_review") || !strcmp(it->status, "denied"))) {
		const char *err = form_errors_get(e, "reason");
		const char *action =
			arena_printf(r->arena, "/admin/requests/%s/decision", it->reference);
		html(w, "<h2>%h</h2>\n", T(r, "Decide"));
		form_begin(r, w, action, "post");
		html(w, "<input type=\"hidden\" name=\"decision\" value=\"approve\">\n");
		html(w, "<p>%h</p>\n",
		     T(r, "Approve: the license is activated (or the person waits for a free "
			  "seat) and they are e-mailed in their language."));
		form_submit(r, w, T(r, "Approve this request"));
		form_end(r, w);
		if (!strcmp(it->status, "pending_review")) {
			form_begin(r, w, action, "post");
			html(w, "<input type=\"hidden\" name=\"decision\" value=\"deny\">\n");
			html(w,
			     "<div class=\"field%h\">\n<label for=\"f-reason\">%h</label>\n"
			     "<p class=\"hint\" id=\"h-reason\">%h</p>\n",
			     err ? " has-error" : "", T(r, "Reason for the denial"),
			     it->language && !strcmp(it->language, "es")
				     ? T(r,
					 "Required. The person receives it by e-mail, with the "
					 "rest of the message in Spanish. Write it in plain words "
					 "they can act on.")
				     : T(r, "Required. The person receives it by e-mail. Write it "
					    "in plain words they can act on."));
			if (err)
				html(w,
				     "<p class=\"error\" id=\"e-reason\"><span "
				     "class=\"visually-hidden\">%h</span> %h</p>\n",
				     T(r, "Error:"), err);
			if (err)
				html(w,
				     "<textarea id=\"f-reason\" name=\"reason\" rows=\"4\" "
				     "cols=\"60\" maxlength=\"1000\" required "
				     "aria-describedby=\"h-reason "
				     "e-reason\" aria-invalid=\"true\">%h</textarea>\n</div>\n",
				     reason ? reason : "");
			else
				html(w,
				     "<textarea id=\"f-reason\" name=\"reason\" rows=\"4\" "
				     "cols=\"60\" maxlength=\"1000\" required "
				     "aria-describedby=\"h-reason\">%h</textarea>\n</div>\n",
				     reason ? reason : "");
			html(w, "<button type=\"submit\" class=\"danger\">%h</button>\n",
			     T(r, "Deny this request"));
			form_end(r, w);
		}
	}
	html(w, "<p><a href=\"/admin/queue\">%h</a></p>\n", T(r, "Back to the review queue"));
	admin_end(r, w);
}

int page_admin_request(struct req *r, struct resp *w)
{
	struct queue_detail d;

	switch (queue_get(r->arena, r->who, req_param(r, "ref"), &d)) {
	case QUEUE_OK: break;
	case QUEUE_ENOTFOUND: return resp_error(r, w, 404, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
	request_page(r, w, &d, NULL, NULL);
	return 0;
}

int page_admin_request_decide(struct req *r, struct resp *w)
{
	const char *decision = req_form(r, "decision"), *reason = req_form(r, "reason");
	const char *ref = req_param(r, "ref");
	struct queue_detail d;
	struct form_errors e = { .n = 0 };
	int approve, rc;

	if (!decision || (strcmp(decision, "approve") && strcmp(decision, "deny")))
		return resp_error(r, w, 400, T(r, "Choose approve or deny."));
	approve = !strcmp(decision, "approve");
	if (queue_get(r->arena, r->who, ref, &d) != QUEUE_OK)
		return resp_error(r, w, 404, NULL);
	if (!approve && (!reason || !*reason)) {
		form_errors_add(&e, "reason",
				T(r, "Write the reason for the denial: the person receives it by "
				     "e-mail."));
		request_page(r, w, &d, &e, NULL);
		w->status = 422;
		return 0;
	}
	rc = queue_decide(r->arena, r->who, d.it.reference, approve, reason);
	switch (rc) {
	case APP_OK:
		return resp_redirect(r, w,
				     arena_printf(r->arena, "/admin/queue?done=%s&ref=%s",
						  approve ? "approve" : "deny", d.it.reference));
	case APP_INVALID:
		form_errors_add(&e, "reason",
				T(r, "Write the reason in at most 1,000 characters."));
		request_page(r, w, &d, &e, NULL);
		w->status = 422;
		return 0;
	case APP_CONFLICT:
	case APP_DUPLICATE:
		queue_get(r->arena, r->who, ref, &d);
		request_page(
			r, w, &d, NULL,
			rc == APP_DUPLICATE
				? T(r, "This person has another open request, so this one cannot "
				       "be approved.")
				: T(r, "This request was already decided, perhaps by a colleague. "
				       "Its current status is shown below."));
		w->status = 409;
		return 0;
	case APP_FORBIDDEN: return resp_error(r, w, 403, NULL);
	case APP_NOT_FOUND: return resp_error(r, w, 404, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
}
