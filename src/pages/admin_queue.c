/* admin_queue.c - the review queue and its bulk approval (admin.h). */
#include "pages/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "principal.h"
#include "queue.h"
#include "web/html.h"
#include "web/layout.h"

/* The person's employment situation in staff words. */
static const char *employment_label(const char *s)
{
	if (!s)
		return N_("Not given");
	if (!strcmp(s, "unemployed"))
		return N_("Unemployed");
	if (!strcmp(s, "dislocated"))
		return N_("Dislocated worker");
	if (!strcmp(s, "layoff_notice"))
		return N_("Working, with a layoff notice");
	if (!strcmp(s, "employed_at_risk"))
		return N_("Working, at risk of losing the job, no notice");
	if (!strcmp(s, "employed"))
		return N_("Working");
	if (!strcmp(s, "underemployed"))
		return N_("Underemployed");
	return N_("Not given");
}

static void queue_notices(struct req *r, struct resp *w)
{
	const char *done = req_query(r, "done"), *ref = req_query(r, "ref");
	char norm[APP_REF_LEN];
	int valid = ref && application_reference_normalize(ref, norm) == 0;

	if (!done)
		return;
	if (!strcmp(done, "approve") && valid) {
		notice_begin(w, "success");
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang, "Request %s approved. The person was e-mailed.",
			    norm));
		notice_end(w);
	} else if (!strcmp(done, "deny") && valid) {
		notice_begin(w, "success");
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang,
			    "Request %s denied. The person was e-mailed the reason in their "
			    "language.",
			    norm));
		notice_end(w);
	} else if (!strcmp(done, "bulk")) {
		long ok = strtol(req_query(r, "n") ? req_query(r, "n") : "0", NULL, 10);
		long skipped =
			strtol(req_query(r, "skipped") ? req_query(r, "skipped") : "0", NULL, 10);
		notice_begin(w, skipped ? "warning" : "success");
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang, "Requests approved: %ld. Each person was e-mailed.",
			    ok));
		if (skipped)
			html(w, "<p>%h</p>\n",
			     tr_fmt(r->arena, r->lang,
				    "Not approved: %ld (already decided, or no longer in your "
				    "area's queue).",
				    skipped));
		notice_end(w);
	} else if (!strcmp(done, "none")) {
		notice_begin(w, "warning");
		html(w, "<p>%h</p>\n", T(r, "Select at least one request to approve."));
		notice_end(w);
	}
}

/* The filters: local area (state admins), status and language. */
static void queue_filters(struct req *r, struct resp *w, const struct queue_filter *f)
{
	static const char *const statuses[] = { "pending_review", "approved", "waitlisted",
						"active", "denied" };
	static const char *const keys[] = { "local_area", "status", "language", NULL };
	size_t i;

	admin_filters_begin(r, w, keys);
	form_begin(r, w, "/admin/queue", "get");
	if (r->who->role == ROLE_STATE_ADMIN)
		admin_area_options(r, w, "local_area", T(r, "Local area"), f->local_area, 1);
	html(w,
	     "<div class=\"field\">\n<label for=\"f-status\">%h</label>\n<select id=\"f-status\" "
	     "name=\"status\">\n",
	     T(r, "Status"));
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		html(w, "<option value=\"%h\"%h>%h</option>\n", statuses[i],
		     (f->status ? !strcmp(f->status, statuses[i]) : i == 0) ? " selected" : "",
		     admin_status_text(r, statuses[i]));
	html(w, "</select>\n</div>\n");
	html(w,
	     "<div class=\"field\">\n<label for=\"f-language\">%h</label>\n<select "
	     "id=\"f-language\" name=\"language\">\n<option value=\"\">%h</option>\n"
	     "<option value=\"en\"%h>%h</option>\n<option value=\"es\"%h>%h</option>\n"
	     "</select>\n</div>\n",
	     T(r, "Language"), T(r, "English and Spanish"),
	     f->language && !strcmp(f->language, "en") ? " selected" : "", T(r, "English"),
	     f->language && !strcmp(f->language, "es") ? " selected" : "", T(r, "Spanish"));
	form_submit(r, w, T(r, "Show requests"));
	form_end(r, w);
	admin_filters_end(r, w);
}

/* The table of requests, oldest first; with a checkbox on each pending one when who may
 * approve (the caller opens and closes the approval form around it). */
static void queue_table(struct req *r, struct resp *w, const struct queue_page *p, int can)
{
	size_t i;

	html(w,
	     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead><tr>",
	     T(r, "Requests, oldest first"), T(r, "Requests, oldest first"));
	if (can)
		html(w, "<td></td>");
	html(w,
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	     "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	     T(r, "Request"), T(r, "Name"), T(r, "Local area"), T(r, "Language"), T(r, "Situation"),
	     T(r, "Waiting"), T(r, "48-hour promise"));
	for (i = 0; i < p->n; i++) {
		const struct queue_item *it = &p->items[i];
		html(w, "<tr>");
		if (can) {
			if (!strcmp(it->status, "pending_review"))
				html(w,
				     "<td><input type=\"checkbox\" name=\"ref\" value=\"%h\" "
				     "id=\"sel-%z\" aria-label=\"%h\"></td>",
				     it->reference, i,
				     tr_fmt(r->arena, r->lang, "Select %s %s (%s)", it->first_name,
					    it->last_name, it->reference));
			else
				html(w, "<td></td>");
		}
		html(w,
		     "<td><a href=\"/admin/requests/%u\">%h</a></td><td>%h %h</td><td>%h</td>"
		     "<td>%h</td><td>%h</td><td>%h</td><td>",
		     it->reference, it->reference, it->first_name, it->last_name,
		     *it->local_area ? it->local_area : T(r, "Outside New York"),
		     admin_language_name(r, it->language),
		     T(r, employment_label(it->employment_status)),
		     queue_duration(r->arena, r->lang, it->age_seconds));
		admin_due_badge(r, w, it);
		html(w, "</td></tr>\n");
	}
	html(w, "</tbody>\n</table>\n</div>\n");
}

/* First page / next page links that keep the filters. */
static void queue_pager(struct req *r, struct resp *w, const struct queue_filter *f,
			const struct queue_page *p)
{
	static const char *const skip[] = { "cursor", "done", "ref", "n", "skipped", NULL };
	struct buf keep = BUF_INIT(4096);

	if (!p->next_cursor && !(f->cursor && *f->cursor))
		return;
	admin_query_keep(r, &keep, skip);
	html(w, "<nav aria-label=\"%h\">\n<ul class=\"pager\">\n", T(r, "Pages"));
	if (f->cursor && *f->cursor)
		html(w, "<li><a href=\"/admin/queue?x=1%h\">%h</a></li>\n", keep.p,
		     T(r, "First page"));
	if (p->next_cursor)
		html(w, "<li><a href=\"/admin/queue?cursor=%u%h\">%h</a></li>\n", p->next_cursor,
		     keep.p, T(r, "Next page"));
	html(w, "</ul>\n</nav>\n");
	buf_release(&keep);
}

int page_admin_queue(struct req *r, struct resp *w)
{
	struct queue_filter f;
	struct queue_page p;
	const char *bad = NULL;
	int can = admin_can_change(r);

	if (queue_filter_parse(&f, admin_query_get, r, &bad) != 0)
		return resp_error(r, w, 400,
				  T(r, "A filter value is not valid. Start again from "
				       "the review queue."));
	switch (queue_list(r->arena, r->who, &f, &p)) {
	case QUEUE_OK: break;
	case QUEUE_ENOTFOUND: return resp_error(r, w, 404, NULL);
	case QUEUE_EINVAL:
		return resp_error(r, w, 400,
				  T(r, "This page link is not valid any more. Start "
				       "again from the review queue."));
	default: return resp_error(r, w, 503, NULL);
	}
	admin_begin(r, w, T(r, "Review queue"), "queue", 0);
	html(w, "<h1>%h</h1>\n", T(r, "Review queue"));
	queue_notices(r, w);
	html(w, "<p>%h</p>\n",
	     T(r, "Oldest first. Every request must be answered within 48 hours of sign-up."));
	queue_filters(r, w, &f);
	html(w, "<p role=\"status\">%h</p>\n",
	     trn_fmt(r->arena, r->lang, "%s request matches.", "%s requests match.", (long)p.total,
		     admin_count(r, p.total)));
	if (!p.n) {
		html(w, "<p>%h</p>\n", T(r, "No requests match. Nothing is waiting here."));
		admin_end(r, w);
		return 0;
	}
	if (can) {
		form_begin(r, w, "/admin/queue/approve", "post");
		html(w, "<input type=\"hidden\" name=\"back\" value=\"%h\">\n", r->query_string);
	}
	queue_table(r, w, &p, can);
	if (can) {
		html(w, "<p class=\"hint\">%h</p>\n",
		     T(r, "Approving activates the license (or puts the person on the waiting list "
			  "when no seat is free) and e-mails them in their language. To deny a "
			  "request, open it: a denial needs a reason."));
		form_submit(r, w, T(r, "Approve selected requests"));
		form_end(r, w);
	}
	queue_pager(r, w, &f, &p);
	admin_end(r, w);
	return 0;
}

/* The queue's address with the filters it was showing (from the "back" field). */
static const char *queue_back(struct req *r, const char *done, int64_t n, int64_t skipped,
			      const char *ref)
{
	const char *back = req_form(r, "back");
	struct buf b = BUF_INIT(4096);
	const char *out;
	struct kvlist q = { 0 };
	size_t i;

	buf_printf(&b, "/admin/queue?done=%s", done);
	if (ref) {
		buf_puts(&b, "&ref=");
		html_urlenc(&b, ref);
	}
	if (n >= 0)
		buf_printf(&b, "&n=%lld&skipped=%lld", (long long)n, (long long)skipped);
	/* keep only the filters, re-encoded */
	if (back && strlen(back) < 2000) {
		char *copy = arena_strdup(r->arena, back), *tok, *save = NULL;
		for (tok = strtok_r(copy, "&", &save); tok; tok = strtok_r(NULL, "&", &save)) {
			char *eq = strchr(tok, '=');
			if (!eq)
				continue;
			*eq = '\0';
			if (!strcmp(tok, "local_area") || !strcmp(tok, "status") ||
			    !strcmp(tok, "language"))
				kv_add(&q, r->arena, tok, eq + 1);
		}
	}
	for (i = 0; i < q.n; i++) {
		size_t k;
		const char *v = q.items[i].value;
		int ok = 1;
		for (k = 0; v[k]; k++)
			ok &= (v[k] >= 'a' && v[k] <= 'z') || (v[k] >= '0' && v[k] <= '9') ||
			      v[k] == '_' || v[k] == '-';
		if (ok)
			buf_printf(&b, "&%s=%s", q.items[i].key, v);
	}
	out = arena_strdup(r->arena, b.p);
	buf_release(&b);
	return out;
}

int page_admin_queue_approve(struct req *r, struct resp *w)
{
	const char **refs = arena_alloc(r->arena, (r->form.n + 1) * sizeof(*refs));
	struct queue_bulk res;
	size_t i, n = 0;

	for (i = 0; i < r->form.n && n < 500; i++)
		if (!strcmp(r->form.items[i].key, "ref"))
			refs[n++] = r->form.items[i].value;
	if (!n)
		return resp_redirect(r, w, queue_back(r, "none", -1, 0, NULL));
	if (queue_bulk_approve(r->arena, r->who, refs, n, &res) != 0)
		return resp_error(r, w, 403, NULL);
	if (res.failed && !res.approved)
		return resp_error(r, w, 503, NULL);
	return resp_redirect(r, w,
			     queue_back(r, "bulk", res.approved,
					res.not_found + res.conflict + res.failed, NULL));
}
