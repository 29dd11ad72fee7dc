/* admin_osos.c - the OSOS work list (/admin/osos), its CSV and its bulk actions (admin.h).
 *
 * Staff see what they still have to type into OSOS for the people of their local area: one
 * tab per kind (referral, credential, skill gain, exit) and, within it, per status, with the
 * counts. skillgate never writes to OSOS: staff enter each entry there, then mark it here (or
 * import OSOS's acknowledgment through the API). Viewers read; admins confirm, mark entered
 * and reject (with a reason). Scoping is the domain's (osos.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../learner.h" /* the domain module, not pages/learner.h */
#include "osos.h"
#include "pages/admin.h"
#include "web/html.h"
#include "web/layout.h"
#include "principal.h"

#define CSV_MAX (64 * 1024 * 1024)

/* The tab shown: the filter's kind and status, defaulting to pending referrals. */
static void tab_defaults(struct osos_filter *f)
{
	if (f->kind < 0)
		f->kind = OSOS_REFERRAL;
	if (f->status < 0)
		f->status = f->kind == OSOS_REFERRAL ? OSOS_PENDING : OSOS_DRAFT;
}

/* "&local_area=…&no_osos_id=1" for links that keep the filters. */
static const char *keep_filters(struct req *r, const struct osos_filter *f)
{
	struct buf b = BUF_INIT(256);
	const char *out;

	if (f->local_area)
		buf_printf(&b, "&local_area=%lld", (long long)f->local_area);
	if (f->no_osos_id)
		buf_puts(&b, "&no_osos_id=1");
	out = arena_strdup(r->arena, b.p ? b.p : "");
	buf_release(&b);
	return out;
}

static void notices(struct req *r, struct resp *w)
{
	const char *done = req_query(r, "done"), *n = req_query(r, "n"),
		   *skipped = req_query(r, "skipped");
	long changed = n ? strtol(n, NULL, 10) : 0, other = skipped ? strtol(skipped, NULL, 10) : 0;

	if (!done)
		return;
	notice_begin(w, "success");
	if (!strcmp(done, "confirm"))
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang,
			    "%ld entries confirmed: they are now to enter in OSOS.", changed));
	else if (!strcmp(done, "entered"))
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang, "%ld entries marked entered in OSOS.", changed));
	else if (!strcmp(done, "reject"))
		html(w, "<p>%h</p>\n", tr_fmt(r->arena, r->lang, "%ld entries rejected.", changed));
	if (other > 0)
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang,
			    "%ld selected entries were not changed: they were already there, "
			    "cannot move there, or are not in your local area.",
			    other));
	notice_end(w);
}

static void tabs(struct req *r, struct resp *w, const struct osos_filter *f,
		 int64_t counts[OSOS_KIND_COUNT][OSOS_STATUS_COUNT])
{
	const char *keep = keep_filters(r, f);
	int k, s;

	html(w, "<nav aria-label=\"%h\">\n<ul class=\"pager\">\n", T(r, "Kinds of entry"));
	for (k = 0; k < OSOS_KIND_COUNT; k++) {
		int64_t todo = counts[k][OSOS_DRAFT] + counts[k][OSOS_PENDING];
		const char *label = tr_fmt(r->arena, r->lang, "%s (%s to do)",
					   osos_kind_label(r->lang, k), admin_count(r, todo));
		if (k == f->kind)
			html(w,
			     "<li><a href=\"/admin/osos?kind=%h%h\" "
			     "aria-current=\"page\">%h</a></li>\n",
			     osos_kind_name(k), keep, label);
		else
			html(w, "<li><a href=\"/admin/osos?kind=%h%h\">%h</a></li>\n",
			     osos_kind_name(k), keep, label);
	}
	html(w, "</ul>\n</nav>\n<nav aria-label=\"%h\">\n<ul class=\"pager\">\n",
	     T(r, "Status of the entries"));
	for (s = 0; s < OSOS_STATUS_COUNT; s++) {
		const char *label =
			tr_fmt(r->arena, r->lang, "%s: %s", osos_status_label(r->lang, s),
			       admin_count(r, counts[f->kind][s]));
		if (s == f->status)
			html(w,
			     "<li><a href=\"/admin/osos?kind=%h&amp;status=%h%h\" "
			     "aria-current=\"page\">%h</a></li>\n",
			     osos_kind_name(f->kind), osos_status_name(s), keep, label);
		else
			html(w, "<li><a href=\"/admin/osos?kind=%h&amp;status=%h%h\">%h</a></li>\n",
			     osos_kind_name(f->kind), osos_status_name(s), keep, label);
	}
	html(w, "</ul>\n</nav>\n");
}

static void filters(struct req *r, struct resp *w, const struct osos_filter *f)
{
	struct field nf = { .name = "no_osos_id",
			    .label = T(r, "Only learners without an OSOS ID"),
			    .value = f->no_osos_id ? "1" : "0" };

	html(w, "<div class=\"filters\">\n");
	form_begin(r, w, "/admin/osos", "get");
	html(w, "<input type=\"hidden\" name=\"kind\" value=\"%h\">\n", osos_kind_name(f->kind));
	html(w, "<input type=\"hidden\" name=\"status\" value=\"%h\">\n",
	     osos_status_name(f->status));
	if (r->who->role == ROLE_STATE_ADMIN)
		admin_area_options(r, w, "local_area", T(r, "Local area"), f->local_area, 1);
	form_checkbox(r, w, &nf, NULL);
	form_submit(r, w, T(r, "Show entries"));
	form_end(r, w);
}

/* The table of one page of entries, with a checkbox per entry that may still move. */
static void table(struct req *r, struct resp *w, const struct osos_page *p, int selectable)
{
	size_t i;

	html(w,
	     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%h\">\n"
	     "<table>\n<caption>%h</caption>\n<thead><tr>",
	     T(r, "Entries, oldest first"), T(r, "Entries, oldest first"));
	if (selectable)
		html(w, "<td></td>");
	html(w,
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	     T(r, "Date"), T(r, "Name"), T(r, "OSOS ID"), T(r, "Birth date"), T(r, "Local area"),
	     T(r, "Enter in OSOS"), T(r, "Program"), T(r, "Status"));
	for (i = 0; i < p->n; i++) {
		const struct osos_row *e = &p->rows[i];
		html(w, "<tr>");
		if (selectable)
			html(w,
			     "<td><input type=\"checkbox\" name=\"id\" value=\"%D\" id=\"sel-%D\" "
			     "aria-label=\"%h\"></td>",
			     e->id, e->id,
			     tr_fmt(r->arena, r->lang, "Select %s %s, %s", e->first_name,
				    e->last_name, admin_date(r, e->date)));
		html(w, "<td>%h", admin_date(r, e->date));
		if (e->backfill)
			html(w, "<br><span class=\"badge\">%h</span>", T(r, "Back-fill"));
		html(w, "</td><td><a href=\"/admin/learners/%D\">%h %h</a></td>", e->learner_id,
		     e->first_name, e->last_name);
		if (*e->osos_id)
			html(w, "<td>%h</td>", e->osos_id);
		else
			html(w, "<td><span class=\"badge badge-warn\">%h</span></td>",
			     T(r, "No OSOS ID"));
		html(w, "<td>%h</td><td>%h</td><td>%h</td><td>", admin_date(r, e->birth_date),
		     e->local_area, osos_entry_text(r->arena, r->lang, e));
		if (e->program && e->program_url && *e->program_url)
			html(w, "<a href=\"%h\">%h</a>", e->program_url, e->program);
		else
			html(w, "%h", e->program ? e->program : "—");
		html(w, "</td><td>%h", osos_status_label(r->lang, e->status));
		if (e->status == OSOS_REJECTED && e->reason && *e->reason)
			html(w, ": %h", e->reason);
		html(w, "</td></tr>\n");
	}
	html(w, "</tbody>\n</table>\n</div>\n");
}

static void bulk_actions(struct req *r, struct resp *w, const struct osos_filter *f,
			 const struct form_errors *e)
{
	struct field reason = { .name = "reason",
				.label = T(r, "Reason for rejecting"),
				.hint = T(r, "Needed only to reject: for example, a duplicate "
					     "already in OSOS."),
				.value = req_form(r, "reason"),
				.optional_label = 1 };

	form_input(r, w, &reason, e);
	html(w, "<div class=\"actions\">\n");
	if (f->status == OSOS_DRAFT)
		html(w, "<button type=\"submit\" name=\"action\" value=\"confirm\">%h</button>\n",
		     T(r, "Confirm selected"));
	html(w, "<button type=\"submit\" name=\"action\" value=\"entered\">%h</button>\n",
	     T(r, "Mark selected as entered in OSOS"));
	html(w,
	     "<button type=\"submit\" name=\"action\" value=\"reject\" "
	     "class=\"secondary\">%h</button>\n</div>\n",
	     T(r, "Reject selected"));
}

/* One page of entries: the table (in the bulk form when they may still move) and the links to
 * the first and next pages. */
static void entries(struct req *r, struct resp *w, const struct osos_filter *f,
		    const struct osos_page *p, const char *keep, int selectable,
		    const struct form_errors *e)
{
	if (selectable)
		form_begin(r, w,
			   arena_printf(r->arena, "/admin/osos?kind=%s&status=%s",
					osos_kind_name(f->kind), osos_status_name(f->status)),
			   "post");
	table(r, w, p, selectable);
	if (selectable) {
		bulk_actions(r, w, f, e);
		form_end(r, w);
	}
	if (p->next_cursor || f->cursor) {
		html(w, "<nav aria-label=\"%h\">\n<ul class=\"pager\">\n", T(r, "Pages"));
		if (f->cursor)
			html(w, "<li><a href=\"/admin/osos?kind=%h&amp;status=%h%h\">%h</a></li>\n",
			     osos_kind_name(f->kind), osos_status_name(f->status), keep,
			     T(r, "First page"));
		if (p->next_cursor)
			html(w,
			     "<li><a href=\"/admin/osos?kind=%h&amp;status=%h&amp;cursor=%u%h\">%h"
			     "</a></li>\n",
			     osos_kind_name(f->kind), osos_status_name(f->status), p->next_cursor,
			     keep, T(r, "Next page"));
		html(w, "</ul>\n</nav>\n");
	}
}

static int work_list(struct req *r, struct resp *w, const struct form_errors *e)
{
	struct osos_filter f;
	struct osos_page p;
	int64_t counts[OSOS_KIND_COUNT][OSOS_STATUS_COUNT];
	const char *bad = NULL, *keep;
	static const char *const keys[] = { "local_area", "no_osos_id", NULL };
	int selectable;

	if (osos_filter_parse(&f, admin_query_get, r, &bad) != 0)
		return resp_error(r, w, 400,
				  T(r, "A filter value is not valid. Start again from the OSOS "
				       "work list."));
	tab_defaults(&f);
	f.learner_id = 0;
	switch (osos_list(r->arena, r->who, &f, &p)) {
	case OSOS_OK: break;
	case OSOS_ENOTFOUND: return resp_error(r, w, 404, NULL);
	case OSOS_ECURSOR:
		return resp_error(r, w, 400,
				  T(r, "This page link is not valid any more. Start again from "
				       "the OSOS work list."));
	default: return resp_error(r, w, 503, NULL);
	}
	if (osos_counts(r->who, f.local_area, counts) != OSOS_OK)
		return resp_error(r, w, 503, NULL);
	keep = keep_filters(r, &f);
	selectable = admin_can_change(r) && (f.status == OSOS_DRAFT || f.status == OSOS_PENDING);

	admin_begin(r, w, T(r, "OSOS work list"), "osos", e && e->n);
	html(w, "<h1>%h</h1>\n", T(r, "OSOS work list"));
	form_error_summary(r, w, e);
	notices(r, w);
	html(w, "<p class=\"lead\">%h</p>\n",
	     T(r, "What to enter in OSOS for the people of your local area. skillgate does not "
		  "write to OSOS: enter each entry in OSOS yourself, then mark it entered here."));
	/* the tabs fold with the filters on a phone, the summary naming the tab shown */
	admin_filters_begin_view(r, w,
				 arena_printf(r->arena, "%s · %s", osos_kind_label(r->lang, f.kind),
					      osos_status_label(r->lang, f.status)),
				 keys);
	tabs(r, w, &f, counts);
	filters(r, w, &f);
	admin_filters_end(r, w);
	if (!p.n)
		html(w, "<p>%h</p>\n", T(r, "Nothing here. No entries match."));
	else
		entries(r, w, &f, &p, keep, selectable, e);
	/* after the list, so that on a phone the entries come first */
	html(w, "<p><a href=\"/admin/osos.csv?kind=%h&amp;status=%h%h\" download>%h</a></p>\n",
	     osos_kind_name(f.kind), osos_status_name(f.status), keep,
	     T(r, "Download these entries as CSV (everything needed to type them into OSOS)"));
	html(w, "<p>%h</p>\n",
	     T(r, "Referrals are drafted when a license is activated. Credentials and skill "
		  "gains are drafted from completed programs in the provider's usage report, and "
		  "exits after 90 days without activity: check a draft, then confirm or reject "
		  "it."));
	admin_end(r, w);
	return 0;
}

int page_admin_osos(struct req *r, struct resp *w)
{
	return work_list(r, w, NULL);
}

int page_admin_osos_action(struct req *r, struct resp *w)
{
	const char *action = req_form(r, "action"), *reason = req_form(r, "reason");
	int64_t *ids = arena_alloc(r->arena, (r->form.n + 1) * sizeof(*ids));
	struct osos_change_result res;
	struct form_errors e = { .n = 0 };
	struct osos_filter f;
	const char *bad = NULL;
	enum osos_action a;
	size_t i, n = 0;

	if (!action ||
	    (strcmp(action, "confirm") && strcmp(action, "entered") && strcmp(action, "reject")))
		return resp_error(r, w, 400, NULL);
	a = !strcmp(action, "confirm")	 ? OSOS_CONFIRM
	    : !strcmp(action, "entered") ? OSOS_ENTER
					 : OSOS_REJECT;
	for (i = 0; i < r->form.n && n < 1000; i++)
		if (!strcmp(r->form.items[i].key, "id")) {
			char *end;
			long long v = strtoll(r->form.items[i].value, &end, 10);
			if (*end == '\0' && v > 0)
				ids[n++] = v;
		}
	if (!n)
		form_errors_add(&e, "reason", T(r, "Select at least one entry first."));
	else if (a == OSOS_REJECT && (!reason || !*reason))
		form_errors_add(&e, "reason", T(r, "Say why the selected entries are rejected."));
	else if (reason && strlen(reason) > 500)
		form_errors_add(&e, "reason", T(r, "Keep the reason under 500 characters."));
	if (e.n) {
		work_list(r, w, &e);
		w->status = 422;
		return 0;
	}
	if (osos_change(r->who, a, ids, n, a == OSOS_REJECT ? reason : NULL, &res) != 0)
		return resp_error(r, w, 503, NULL);
	if (osos_filter_parse(&f, admin_query_get, r, &bad) != 0)
		f.kind = f.status = -1;
	tab_defaults(&f);
	return resp_redirect(
		r, w,
		arena_printf(r->arena, "/admin/osos?kind=%s&status=%s&done=%s&n=%d&skipped=%d",
			     osos_kind_name(f.kind), osos_status_name(f.status), action,
			     res.changed, res.unchanged + res.refused + res.skipped));
}

int page_admin_osos_csv(struct req *r, struct resp *w)
{
	struct osos_filter f;
	struct buf out = BUF_INIT(CSV_MAX);
	const char *bad = NULL;
	size_t rows;
	int rc;

	if (osos_filter_parse(&f, admin_query_get, r, &bad) != 0)
		return resp_error(r, w, 400, NULL);
	f.cursor = NULL;
	rc = osos_csv(r->arena, r->who, &f, &out, &rows);
	if (rc != OSOS_OK) {
		buf_release(&out);
		return resp_error(r, w, rc == OSOS_ENOTFOUND ? 404 : 503, NULL);
	}
	resp_text(r, w, 200, TEXT_CSV, out.p, out.len);
	resp_header(w, r, "Content-Disposition", "attachment; filename=\"osos-entries.csv\"");
	w->no_store = 1;
	buf_release(&out);
	return 0;
}

/* ---- on the learner's page ------------------------------------------------------------------ */

void admin_osos_wioa_fact(struct req *r, struct resp *w, int64_t learner_id)
{
	int overridden = 0, p = osos_is_participant(learner_id, &overridden);

	html(w, "<dt>%h</dt><dd>%h%h</dd>\n", T(r, "Counted in reports as"),
	     p == 1 ? T(r, "WIOA participant") : T(r, "Reportable individual"),
	     overridden ? T(r, " (set by a state admin)") : "");
}

void admin_osos_learner_section(struct req *r, struct resp *w, int64_t learner_id)
{
	struct osos_filter f;
	struct osos_page p;
	size_t i;

	memset(&f, 0, sizeof(f));
	f.kind = f.status = -1;
	f.learner_id = learner_id;
	f.limit = 200;
	html(w, "<h2>%h</h2>\n", T(r, "OSOS entries"));
	if (osos_list(r->arena, r->who, &f, &p) != OSOS_OK || !p.n) {
		html(w, "<p>%h</p>\n", T(r, "No OSOS entries for this learner yet."));
	} else {
		html(w,
		     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%h\">\n"
		     "<table>\n<caption>%h</caption>\n<thead><tr><th scope=\"col\">%h</th>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		     "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		     T(r, "OSOS entries"), T(r, "OSOS entries"), T(r, "Date"), T(r, "Kind"),
		     T(r, "Enter in OSOS"), T(r, "Program"), T(r, "Status"));
		for (i = 0; i < p.n; i++) {
			const struct osos_row *e = &p.rows[i];
			html(w, "<tr><td>%h%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h",
			     admin_date(r, e->date), e->backfill ? T(r, " (back-fill)") : "",
			     osos_kind_label(r->lang, e->kind),
			     osos_entry_text(r->arena, r->lang, e), e->program ? e->program : "—",
			     osos_status_label(r->lang, e->status));
			if (e->status == OSOS_ENTERED && e->entered_by)
				html(w, " (%h, %h)", e->entered_by, admin_time(r, e->entered_at));
			if (e->status == OSOS_REJECTED && e->reason && *e->reason)
				html(w, ": %h", e->reason);
			html(w, "</td></tr>\n");
		}
		html(w, "</tbody>\n</table>\n</div>\n");
		html(w, "<p><a href=\"/admin/osos\">%h</a></p>\n", T(r, "Open the OSOS work list"));
	}
	if (r->who->role == ROLE_STATE_ADMIN) {
		static const char *const values[] = { "", "participant", "reportable_individual" };
		int overridden = 0, now = osos_is_participant(learner_id, &overridden);
		const char *labels[3];
		size_t k;

		labels[0] = T(r, "By the program's rule");
		labels[1] = T(r, "WIOA participant");
		labels[2] = T(r, "Reportable individual");
		html(w, "<h3>%h</h3>\n<p>%h</p>\n", T(r, "Reportable individual or participant"),
		     T(r,
		       "By the program's rule, learners count as reportable individuals; when the "
		       "program setting \"Coursera counts as a training service\" is on, an "
		       "activated learner whose referral was entered in OSOS counts as a "
		       "participant. You can set it for this learner."));
		form_begin(
			r, w,
			arena_printf(r->arena, "/admin/learners/%lld/wioa", (long long)learner_id),
			"post");
		html(w,
		     "<div class=\"field\">\n<label for=\"f-wioa\">%h</label>\n<select "
		     "id=\"f-wioa\" "
		     "name=\"wioa\">\n",
		     T(r, "Counted in reports as"));
		for (k = 0; k < 3; k++) {
			int sel =
				overridden ? (k == 1 && now == 1) || (k == 2 && now == 0) : k == 0;
			if (sel)
				html(w, "<option value=\"%h\" selected>%h</option>\n", values[k],
				     labels[k]);
			else
				html(w, "<option value=\"%h\">%h</option>\n", values[k], labels[k]);
		}
		html(w, "</select>\n</div>\n");
		form_submit(r, w, T(r, "Save"));
		form_end(r, w);
	}
}

int page_admin_learner_wioa(struct req *r, struct resp *w)
{
	const char *v = req_form(r, "wioa"), *s = req_param(r, "id");
	struct learner_detail d;
	char *end;
	long long id = s ? strtoll(s, &end, 10) : 0;

	if (!s || *end || id <= 0 || learner_get(r->arena, r->who, id, &d) != LEARNER_OK)
		return resp_error(r, w, 404, NULL);
	if (!v || (*v && strcmp(v, "participant") && strcmp(v, "reportable_individual")))
		return resp_error(r, w, 400, NULL);
	if (osos_set_wioa_override(r->who, id, d.l.local_area_id, v) != 0)
		return resp_error(r, w, 503, NULL);
	return resp_redirect(r, w, arena_printf(r->arena, "/admin/learners/%lld?done=wioa", id));
}
