/* admin_learners.c - the learner list, its CSV export and one learner's page (admin.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "comeback.h"
#include "enrollment.h"
#include "geo.h"
#include "web/idformat.h"
#include "../learner.h" /* the domain module, not pages/learner.h */
#include "pages/admin.h"
#include "principal.h"
#include "settings.h"
#include "util/timeutil.h"
#include "web/html.h"
#include "web/layout.h"

#define CSV_MAX (32 * 1024 * 1024)

static const char *status_text(struct req *r, const char *s)
{
	return T(r, learner_status_label(s));
}

static const char *status_badge(const char *s)
{
	if (s && !strcmp(s, "active"))
		return "badge badge-ok";
	if (s && !strcmp(s, "waitlisted"))
		return "badge badge-warn";
	return "badge badge-bad";
}

/* A select of fixed options; value "" = any. */
static void select_field(struct req *r, struct resp *w, const char *name, const char *label,
			 const char *const *values, const char *const *labels, size_t n,
			 const char *current)
{
	size_t i;

	html(w,
	     "<div class=\"field\">\n<label for=\"f-%h\">%h</label>\n<select id=\"f-%h\" "
	     "name=\"%h\">\n",
	     name, label, name, name);
	for (i = 0; i < n; i++)
		html(w, "<option value=\"%h\"%h>%h</option>\n", values[i],
		     current && !strcmp(current, values[i]) ? " selected" : "", labels[i]);
	html(w, "</select>\n</div>\n");
}

static const char *tri(int v)
{
	return v < 0 ? "" : v ? "1" : "0";
}

static void filter_form(struct req *r, struct resp *w, const struct learner_filter *f)
{
	const char *any = T(r, "Any");
	const char *st_values[] = { "", "active", "waitlisted", "removed", "expired" };
	const char *st_labels[] = { any, T(r, "Active"), T(r, "Waitlisted"), T(r, "Removed"),
				    T(r, "Expired") };
	const char *yn_values[] = { "", "1", "0" };
	const char *en_labels[] = { any, T(r, "Enrolled in a program now"),
				    T(r, "Not enrolled now") };
	const char *co_labels[] = { any, T(r, "Completed a program"),
				    T(r, "Has not completed a program") };
	const char *act_values[] = { "", "7d", "30d", "inactive", "inactive_remove", "never" };
	const char *act_labels[] = {
		any,
		T(r, "Active in the last 7 days"),
		T(r, "Active in the last 30 days"),
		tr_fmt(r->arena, r->lang, "No activity for %lld days or more (reminder)",
		       (long long)settings_get_int("inactivity_remind_days", 30)),
		tr_fmt(r->arena, r->lang, "No activity for %lld days or more (removal)",
		       (long long)settings_get_int("inactivity_remove_days", 45)),
		T(r, "No activity yet"),
	};
	struct field q;
	static const char *const keys[] = { "q",	 "local_area", "status", "enrolled",
					    "completed", "activity",   "wioa",	 NULL };

	admin_filters_begin(r, w, keys);
	form_begin(r, w, "/admin/learners", "get");
	memset(&q, 0, sizeof(q));
	q.name = "q";
	q.label = T(r, "Search");
	q.hint = T(r, "A name, an e-mail address, an OSOS ID or a request reference.");
	q.type = "search";
	q.value = f->q;
	form_input(r, w, &q, NULL);
	if (r->who->role == ROLE_STATE_ADMIN) {
		struct area_row *rows;
		size_t n = geo_areas(r->arena, &rows), i;
		html(w,
		     "<div class=\"field\">\n<label for=\"f-local_area\">%h</label>\n"
		     "<select id=\"f-local_area\" name=\"local_area\">\n<option value=\"\">%h"
		     "</option>\n",
		     T(r, "Local area"), T(r, "Every local area"));
		for (i = 0; i < n; i++)
			html(w, "<option value=\"%D\"%h>%h</option>\n", rows[i].id,
			     rows[i].id == f->local_area ? " selected" : "", rows[i].name);
		html(w, "</select>\n</div>\n");
	}
	select_field(r, w, "status", T(r, "License"), st_values, st_labels, 5, f->status);
	select_field(r, w, "enrolled", T(r, "Enrollment"), yn_values, en_labels, 3,
		     tri(f->enrolled));
	select_field(r, w, "completed", T(r, "Completion"), yn_values, co_labels, 3,
		     tri(f->completed));
	select_field(r, w, "activity", T(r, "Last activity"), act_values, act_labels, 6,
		     learner_activity_name(f->activity));
	{
		const char *wi_values[] = { "", "reportable_individual", "participant" };
		const char *wi_labels[] = { any, T(r, "Reportable individual"),
					    T(r, "WIOA participant") };
		select_field(r, w, "wioa", T(r, "Counted in reports as"), wi_values, wi_labels, 3,
			     f->wioa);
	}
	if (f->sort != LSORT_NAME || f->desc) {
		html(w, "<input type=\"hidden\" name=\"sort\" value=\"%h\">\n",
		     learner_sort_name(f->sort));
		html(w, "<input type=\"hidden\" name=\"dir\" value=\"%h\">\n",
		     f->desc ? "desc" : "asc");
	}
	form_submit(r, w, T(r, "Search"));
	html(w, "<a href=\"/admin/learners\">%h</a>\n", T(r, "Clear the search"));
	form_end(r, w);
	admin_filters_end(r, w);
}

/* A column header that sorts: a link that sorts by it (or reverses it), aria-sort on the
 * sorted one. */
static void sort_th(struct req *r, struct resp *w, const struct learner_filter *f,
		    enum learner_sort key, const char *label, int default_desc)
{
	static const char *const skip[] = { "sort", "dir", "cursor", "done", NULL };
	struct buf keep = BUF_INIT(4096);
	int current = f->sort == key;
	int desc = current ? !f->desc : default_desc;

	admin_query_keep(r, &keep, skip);
	if (current)
		html(w,
		     "<th scope=\"col\" aria-sort=\"%h\"><a href=\"/admin/learners?sort=%h&amp;"
		     "dir=%h%h\" aria-label=\"%h %h\">%h <span aria-hidden=\"true\">%h</span></a>"
		     "</th>",
		     f->desc ? "descending" : "ascending", learner_sort_name(key),
		     desc ? "desc" : "asc", keep.p, label,
		     f->desc ? T(r, "(sorted, descending; select to sort ascending)")
			     : T(r, "(sorted, ascending; select to sort descending)"),
		     label, f->desc ? "▼" : "▲");
	else
		html(w,
		     "<th scope=\"col\"><a href=\"/admin/learners?sort=%h&amp;dir=%h%h\" "
		     "aria-label=\"%h %h\">%h</a></th>",
		     learner_sort_name(key), desc ? "desc" : "asc", keep.p, label,
		     T(r, "(select to sort)"), label);
	buf_release(&keep);
}

int page_admin_learners(struct req *r, struct resp *w)
{
	struct learner_filter f;
	struct learner_page p;
	const char *bad = NULL;
	size_t i;
	struct buf keep = BUF_INIT(4096);
	static const char *const skip[] = { "cursor", "done", "limit", NULL };

	if (learner_filter_parse(&f, admin_query_get, r, &bad) != 0)
		return resp_error(r, w, 400,
				  T(r, "A search or filter value is not valid. Start "
				       "again from the learner list."));
	switch (learner_list(r->arena, r->who, &f, &p)) {
	case LEARNER_OK: break;
	case LEARNER_ENOTFOUND: return resp_error(r, w, 404, NULL);
	case LEARNER_ECURSOR:
		return resp_error(r, w, 400,
				  T(r, "This page link is not valid any more. Start "
				       "again from the learner list."));
	default: return resp_error(r, w, 503, NULL);
	}
	admin_begin(r, w, T(r, "Learners"), "learners", 0);
	html(w, "<h1>%h</h1>\n", T(r, "Learners"));
	if (req_query(r, "done") && !strcmp(req_query(r, "done"), "transferred")) {
		notice_begin(w, "success");
		html(w, "<p>%h</p>\n",
		     T(r, "The learner was transferred to the other local area, with their "
			  "enrollments and progress. They are now on that area's list."));
		notice_end(w);
	}
	filter_form(r, w, &f);
	admin_query_keep(r, &keep, skip);
	if (p.total_capped)
		html(w, "<p role=\"status\">%h</p>\n",
		     tr_fmt(r->arena, r->lang,
			    "More than %s learners match. Narrow the search to count them exactly.",
			    admin_count(r, p.total)));
	else
		html(w, "<p role=\"status\">%h</p>\n",
		     trn_fmt(r->arena, r->lang, "%s learner matches.", "%s learners match.",
			     (long)p.total, admin_count(r, p.total)));
	html(w,
	     "<p><a class=\"button secondary\" href=\"/admin/learners.csv?x=1%h\" download>%h</a>"
	     "</p>\n",
	     keep.p, T(r, "Download this list (CSV)"));
	if (!p.n) {
		html(w, "<p>%h</p>\n",
		     T(r, "No learner matches. Check the spelling, or search by e-mail address or "
			  "OSOS ID."));
		buf_release(&keep);
		admin_end(r, w);
		return 0;
	}
	html(w,
	     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead><tr>",
	     T(r, "Learners that match"), T(r, "Learners that match"));
	sort_th(r, w, &f, LSORT_NAME, T(r, "Name"), 0);
	html(w,
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th>",
	     T(r, "OSOS ID"), T(r, "E-mail"), T(r, "Local area"), T(r, "License"),
	     T(r, "Enrolled / completed"));
	sort_th(r, w, &f, LSORT_ACTIVITY, T(r, "Last activity"), 1);
	sort_th(r, w, &f, LSORT_JOINED, T(r, "Joined"), 1);
	html(w, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < p.n; i++) {
		const struct learner_row *l = &p.rows[i];
		html(w,
		     "<tr><th scope=\"row\"><a href=\"/admin/learners/%D\">%h, %h</a></th>"
		     "<td>%h</td><td>%h</td><td>%h</td><td><span class=\"%h\">%h</span></td>"
		     "<td>%d / %d</td><td>%h</td><td>%h</td></tr>\n",
		     l->id, l->last_name, l->first_name, *l->osos_id ? l->osos_id : "—", l->email,
		     l->local_area, status_badge(l->license_status),
		     status_text(r, l->license_status), l->enrolled, l->completed,
		     admin_date(r, l->last_activity_at), admin_date(r, l->created_at));
	}
	html(w, "</tbody>\n</table>\n</div>\n");
	if (p.next_cursor || (f.cursor && *f.cursor)) {
		html(w, "<nav aria-label=\"%h\">\n<ul class=\"pager\">\n", T(r, "Pages"));
		if (f.cursor && *f.cursor)
			html(w, "<li><a href=\"/admin/learners?x=1%h\">%h</a></li>\n", keep.p,
			     T(r, "First page"));
		if (p.next_cursor)
			html(w, "<li><a href=\"/admin/learners?cursor=%u%h\">%h</a></li>\n",
			     p.next_cursor, keep.p, T(r, "Next page"));
		html(w, "</ul>\n</nav>\n");
	}
	buf_release(&keep);
	admin_end(r, w);
	return 0;
}

int page_admin_learners_csv(struct req *r, struct resp *w)
{
	struct learner_filter f;
	const char *bad = NULL;
	struct buf out = BUF_INIT(CSV_MAX);
	size_t rows;
	enum learner_err rc;
	char name[64], today[11];

	if (learner_filter_parse(&f, admin_query_get, r, &bad) != 0)
		return resp_error(r, w, 400,
				  T(r, "A search or filter value is not valid. Start "
				       "again from the learner list."));
	f.cursor = NULL;
	rc = learner_export_csv(r->arena, r->who, &f, &out, &rows);
	if (rc != LEARNER_OK) {
		buf_release(&out);
		return resp_error(r, w, rc == LEARNER_ENOTFOUND ? 404 : 503, NULL);
	}
	snprintf(name, sizeof(name), "attachment; filename=\"learners-%s.csv\"",
		 date_today_ny(today));
	resp_text(r, w, 200, TEXT_CSV, out.p, out.len);
	resp_header(w, r, "Content-Disposition", arena_strdup(r->arena, name));
	w->no_store = 1;
	buf_release(&out);
	return 0;
}

/* ---- one learner ------------------------------------------------------------------------ */

/* The eligibility decision (a stored code) as a sentence. */
static const char *decision_sentence(struct req *r, const char *decision)
{
	if (decision && !strcmp(decision, "eligible"))
		return T(r, "The answers met the rules: the request could be approved.");
	if (decision && !strcmp(decision, "review"))
		return T(r, "The answers needed a person to review them.");
	if (decision && !strcmp(decision, "ineligible"))
		return T(r, "The answers did not meet the rules.");
	return T(r, "No decision was recorded.");
}

static void fact(struct resp *w, const char *label, const char *value)
{
	html(w, "<dt>%h</dt><dd>%h</dd>\n", label, value && *value ? value : "—");
}

static const char *state_text(struct req *r, const char *s)
{
	if (s && !strcmp(s, "enrolled"))
		return T(r, "Enrolled");
	if (s && !strcmp(s, "completed"))
		return T(r, "Completed");
	if (s && !strcmp(s, "dropped"))
		return T(r, "Dropped");
	return s ? s : "";
}

static const char *action_text(struct req *r, const char *a)
{
	static const struct {
		const char *key, *label;
	} t[] = {
		{ "view", N_("Viewed the record") },
		{ "update", N_("Changed the OSOS ID or notes") },
		{ "transfer", N_("Transferred to another local area") },
		{ "approve", N_("Approved the request") },
		{ "deny", N_("Denied the request") },
		{ "enroll", N_("Enrolled") },
		{ "drop", N_("Dropped") },
	};
	size_t i;

	for (i = 0; a && i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(a, t[i].key))
			return T(r, t[i].label);
	return a ? a : "";
}

static void textarea(struct req *r, struct resp *w, const char *name, const char *label,
		     const char *hint, const char *value, const struct form_errors *e, int max)
{
	const char *err = form_errors_get(e, name);

	html(w,
	     "<div class=\"field%h\">\n<label for=\"f-%h\">%h <span class=\"optional\">%h"
	     "</span></label>\n",
	     err ? " has-error" : "", name, label, T(r, "(optional)"));
	if (hint)
		html(w, "<p class=\"hint\" id=\"h-%h\">%h</p>\n", name, hint);
	if (err)
		html(w,
		     "<p class=\"error\" id=\"e-%h\"><span class=\"visually-hidden\">%h</span> "
		     "%h</p>\n",
		     name, T(r, "Error:"), err);
	html(w, "<textarea id=\"f-%h\" name=\"%h\" rows=\"4\" cols=\"60\" maxlength=\"%d\"", name,
	     name, max);
	if (hint || err)
		html(w, " aria-describedby=\"%h%h%h%h\"", hint ? "h-" : "", hint ? name : "",
		     err ? (hint ? " e-" : "e-") : "", err ? name : "");
	if (err)
		html(w, " aria-invalid=\"true\"");
	html(w, ">%h</textarea>\n</div>\n", value ? value : "");
}

static void learner_notices(struct req *r, struct resp *w)
{
	const char *done = req_query(r, "done");

	if (!done)
		return;
	notice_begin(w, "success");
	if (!strcmp(done, "updated"))
		html(w, "<p>%h</p>\n", T(r, "Saved."));
	else if (!strcmp(done, "reinstated"))
		html(w, "<p>%h</p>\n",
		     T(r, "The license was reinstated. The learner was told by e-mail."));
	else if (!strcmp(done, "waitlisted"))
		html(w, "<p>%h</p>\n",
		     T(r,
		       "Every seat is taken: the learner is back on the waiting list and was told "
		       "by e-mail."));
	else if (!strcmp(done, "transferred"))
		html(w, "<p>%h</p>\n",
		     T(r, "The learner was transferred. Their enrollments and progress carried "
			  "over."));
	notice_end(w);
}

/* License and tracking, and (for who may change it) reinstating a removed or expired license. */
static void learner_license(struct req *r, struct resp *w, const struct learner_detail *d, int can)
{
	const struct learner_row *l = &d->l;

	html(w, "<h2>%h</h2>\n<dl class=\"summary\">\n", T(r, "License and tracking"));
	fact(w, T(r, "OSOS ID"), l->osos_id);
	fact(w, T(r, "E-mail"), l->email);
	fact(w, T(r, "Local area"), l->local_area);
	fact(w, T(r, "Region"), d->region);
	fact(w, T(r, "Program"),
	     l->program && !strcmp(l->program, "es") ? T(r, "Spanish program")
						     : T(r, "English program"));
	fact(w, T(r, "License"), status_text(r, l->license_status));
	fact(w, T(r, "License term ends"),
	     admin_date(r, d->license_ends_at ? d->license_ends_at
					      : settings_get(r->arena, "license_term_end")));
	fact(w, T(r, "Activated"), admin_time(r, d->activated_at));
	if (d->waitlisted_at)
		fact(w, T(r, "On the waiting list since"), admin_time(r, d->waitlisted_at));
	if (d->removed_at)
		fact(w, T(r, "Removed"), admin_time(r, d->removed_at));
	fact(w, T(r, "Accepted the provider's invitation"),
	     admin_time(r, d->invitation_accepted_at));
	fact(w, T(r, "Last activity"), admin_time(r, l->last_activity_at));
	admin_osos_wioa_fact(r, w, l->id);
	html(w, "<dt>%h</dt><dd><a href=\"/admin/requests/%u\">%h</a></dd>\n",
	     T(r, "Request reference"), l->reference, l->reference);
	html(w, "</dl>\n");
	if (can &&
	    (!strcmp(l->license_status, "removed") || !strcmp(l->license_status, "expired"))) {
		html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Reinstate the license"),
		     T(r, "The learner gets the license back with their enrollments and progress: "
			  "at once when a seat is free and nobody is waiting for one, else at the "
			  "end of the waiting list. They are told by e-mail."));
		form_begin(
			r, w,
			arena_printf(r->arena, "/admin/learners/%lld/reinstate", (long long)l->id),
			"post");
		form_submit(r, w, T(r, "Reinstate the license"));
		form_end(r, w);
	}
}

/* The enrollments, with progress from the provider's reports. */
static void learner_enrollments(struct req *r, struct resp *w, const struct learner_detail *d)
{
	const struct learner_row *l = &d->l;
	struct enrollment_list el;
	size_t i;

	html(w, "<h2>%h</h2>\n", T(r, "Enrollments"));
	if (enrollment_list(l->id, r->arena, &el) != 0 || !el.n) {
		html(w, "<p>%h</p>\n", T(r, "No enrollments yet."));
	} else {
		html(w,
		     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
		     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead><tr>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		     "</tr></thead>\n<tbody>\n",
		     T(r, "Programs, with progress from the provider's reports"),
		     T(r, "Programs, with progress from the provider's reports"), T(r, "Program"),
		     T(r, "Status"), T(r, "Progress"), T(r, "Last activity"), T(r, "Completed"),
		     T(r, "Certificate"));
		for (i = 0; i < el.n; i++) {
			const struct enrollment *en = &el.items[i];
			html(w,
			     "<tr><th scope=\"row\"><a href=\"/programs/%u\">%h</a></th><td>%h</td>"
			     "<td>%d%%</td><td>%h</td><td>%h</td><td>",
			     en->program_slug, en->program_title, state_text(r, en->state),
			     (int)(en->progress + 0.5), admin_date(r, en->last_activity_at),
			     admin_date(r, en->completed_at));
			if (en->certificate_url && !strncmp(en->certificate_url, "https://", 8))
				html(w, "<a href=\"%h\">%h</a>", en->certificate_url,
				     T(r, "Certificate"));
			else
				html(w, "—");
			html(w, "</td></tr>\n");
		}
		html(w, "</tbody>\n</table>\n</div>\n");
	}
}

/* The OSOS ID and notes: a form for who may change them, else the values. */
static void learner_osos_notes(struct req *r, struct resp *w, const struct learner_detail *d,
			       int can, const struct form_errors *e, const char *osos_value,
			       const char *notes_value)
{
	const struct learner_row *l = &d->l;

	html(w, "<h2>%h</h2>\n", T(r, "OSOS ID and notes"));
	if (can) {
		struct field f;
		const char *pattern = settings_get(r->arena, "osos_id_pattern");
		form_begin(r, w, arena_printf(r->arena, "/admin/learners/%lld", (long long)l->id),
			   "post");
		memset(&f, 0, sizeof(f));
		f.name = "osos_id";
		f.label = T(r, "OSOS ID");
		const char *words = id_format_words(r->arena, r->lang, pattern);
		if (words)
			f.hint = tr_fmt(r->arena, r->lang,
					"The customer's ID in OSOS: %s. Leave empty if unknown.",
					words);
		else
			f.hint = T(r, "The customer's ID in OSOS. Leave empty if unknown.");
		f.value = osos_value ? osos_value : l->osos_id;
		f.autocomplete = "off";
		form_input(r, w, &f, e);
		textarea(r, w, "notes", T(r, "Notes"),
			 T(r, "For staff only. Do not write health or other sensitive details."),
			 notes_value ? notes_value : d->notes, e, 4000);
		form_submit(r, w, T(r, "Save"));
		form_end(r, w);
	} else {
		html(w, "<dl class=\"summary\">\n");
		fact(w, T(r, "OSOS ID"), l->osos_id);
		fact(w, T(r, "Notes"), d->notes);
		html(w, "</dl>\n");
	}
}

/* The transfer form (for who may change the record) and the transfers so far. */
static void learner_transfers(struct req *r, struct resp *w, const struct learner_detail *d,
			      int can, const struct form_errors *e)
{
	const struct learner_row *l = &d->l;
	size_t i;

	if (can) {
		struct area_row *rows;
		size_t na = geo_areas(r->arena, &rows);
		const char *err = form_errors_get(e, "local_area");
		html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Transfer to another local area"),
		     T(r,
		       "The learner is registered to the other local area's program. Their "
		       "license, enrollments and progress carry over; the transfer is recorded."));
		form_begin(
			r, w,
			arena_printf(r->arena, "/admin/learners/%lld/transfer", (long long)l->id),
			"post");
		html(w, "<div class=\"field%h\">\n<label for=\"f-local_area\">%h</label>\n",
		     err ? " has-error" : "", T(r, "New local area"));
		if (err)
			html(w,
			     "<p class=\"error\" id=\"e-local_area\"><span "
			     "class=\"visually-hidden\">%h</span> %h</p>\n",
			     T(r, "Error:"), err);
		if (err)
			html(w,
			     "<select id=\"f-local_area\" name=\"local_area\" "
			     "aria-describedby=\"e-local_area\" aria-invalid=\"true\">\n<option "
			     "value=\"\">%h</option>\n",
			     T(r, "Choose a local area"));
		else
			html(w,
			     "<select id=\"f-local_area\" name=\"local_area\">\n<option "
			     "value=\"\">%h</option>\n",
			     T(r, "Choose a local area"));
		for (i = 0; i < na; i++)
			if (rows[i].id != l->local_area_id)
				html(w, "<option value=\"%D\">%h</option>\n", rows[i].id,
				     rows[i].name);
		html(w, "</select>\n</div>\n");
		textarea(r, w, "note", T(r, "Note for the record"), NULL, NULL, e, 1000);
		form_submit(r, w, T(r, "Transfer the learner"));
		form_end(r, w);
	}
	if (d->ntransfers) {
		html(w,
		     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
		     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead><tr>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		     T(r, "Transfers"), T(r, "Transfers"), T(r, "When"), T(r, "From"), T(r, "To"),
		     T(r, "By"), T(r, "Note"));
		for (i = 0; i < d->ntransfers; i++)
			html(w,
			     "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
			     admin_time(r, d->transfers[i].at), d->transfers[i].from_area,
			     d->transfers[i].to_area, d->transfers[i].actor, d->transfers[i].note);
		html(w, "</tbody>\n</table>\n</div>\n");
	}
}

/* The request for a license: the answers, the eligibility decision and its history. */
static void learner_request(struct req *r, struct resp *w, const struct learner_detail *d)
{

	html(w, "<h2>%h</h2>\n<dl class=\"summary\">\n", T(r, "Request for a license"));
	fact(w, T(r, "Date of birth"), admin_date(r, d->birth_date));
	fact(w, T(r, "Phone"), d->phone);
	fact(w, T(r, "County"),
	     d->town && *d->town ? arena_printf(r->arena, "%s (%s)", d->county, d->town)
				 : d->county);
	fact(w, T(r, "Situation"), admin_situation(r, d->employment_status));
	fact(w, T(r, "Layoff notice date"),
	     d->layoff_notice_date && *d->layoff_notice_date ? admin_date(r, d->layoff_notice_date)
							     : NULL);
	fact(w, T(r, "Unemployment related to COVID-19"),
	     d->covid_related ? T(r, "Yes") : T(r, "No"));
	fact(w, T(r, "Works for the Department of Labor"), d->dol_staff ? T(r, "Yes") : T(r, "No"));
	fact(w, T(r, "Language"),
	     d->app_language && !strcmp(d->app_language, "es") ? T(r, "Spanish") : T(r, "English"));
	fact(w, T(r, "Submitted"), admin_time(r, d->submitted_at));
	html(w, "</dl>\n");
	html(w, "<h3>%h</h3>\n<p>%h</p>\n", T(r, "Eligibility decision"),
	     tr_fmt(r->arena, r->lang, "%s Decided under eligibility policy version %lld.",
		    decision_sentence(r, d->decision), (long long)d->policy_version));
	admin_reasons(r, w, d->reasons);
	html(w, "<h3>%h</h3>\n", T(r, "Decision history"));
	admin_history(r, w, d->events, d->nevents);
}

/* Who looked at or changed this record, newest first (the last 50). */
static void learner_audit(struct req *r, struct resp *w, const struct learner_detail *d)
{
	struct learner_audit *trail;
	int n;
	size_t i;

	n = learner_audit_trail(r->arena, d, 50, &trail);
	html(w, "<h2>%h</h2>\n", T(r, "Audit trail"));
	if (n <= 0) {
		html(w, "<p>%h</p>\n", T(r, "Nothing recorded yet."));
	} else {
		html(w,
		     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
		     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead><tr>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		     T(r, "Who looked at or changed this record, newest first (the last 50)"),
		     T(r, "Who looked at or changed this record, newest first (the last 50)"),
		     T(r, "When"), T(r, "Who"), T(r, "What"), T(r, "Before"), T(r, "After"));
		for (i = 0; i < (size_t)n; i++)
			html(w,
			     "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
			     admin_time(r, trail[i].at), trail[i].actor_email,
			     action_text(r, trail[i].action),
			     trail[i].before ? trail[i].before : "",
			     trail[i].after ? trail[i].after : "");
		html(w, "</tbody>\n</table>\n</div>\n");
	}
}

static void learner_page(struct req *r, struct resp *w, const struct learner_detail *d,
			 const struct form_errors *e, const char *osos_value,
			 const char *notes_value)
{
	const struct learner_row *l = &d->l;
	const char *title = arena_printf(r->arena, "%s %s", l->first_name, l->last_name);
	int can = admin_can_change(r);

	admin_begin(r, w, title, "learners", e && e->n);
	html(w, "<h1>%h</h1>\n", title);
	form_error_summary(r, w, e);
	learner_notices(r, w);
	html(w, "<p><span class=\"%h\">%h</span> %h</p>\n", status_badge(l->license_status),
	     status_text(r, l->license_status),
	     l->local_area && *l->local_area ? l->local_area : "");
	learner_license(r, w, d, can);
	admin_osos_learner_section(r, w, l->id);
	learner_enrollments(r, w, d);
	learner_osos_notes(r, w, d, can, e, osos_value, notes_value);
	learner_transfers(r, w, d, can, e);
	learner_request(r, w, d);
	learner_audit(r, w, d);
	html(w, "<p><a href=\"/admin/learners\">%h</a></p>\n", T(r, "Back to the learners"));
	admin_end(r, w);
}

static int64_t id_param(struct req *r)
{
	const char *s = req_param(r, "id");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;

	return s && *s && *end == '\0' && v > 0 ? v : 0;
}

int page_admin_learner(struct req *r, struct resp *w)
{
	struct learner_detail d;

	switch (learner_get(r->arena, r->who, id_param(r), &d)) {
	case LEARNER_OK: break;
	case LEARNER_ENOTFOUND: return resp_error(r, w, 404, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
	learner_page(r, w, &d, NULL, NULL, NULL);
	return 0;
}

int page_admin_learner_update(struct req *r, struct resp *w)
{
	const char *osos = req_form(r, "osos_id"), *notes = req_form(r, "notes");
	struct learner_problem why;
	struct learner_detail d;
	struct form_errors e = { .n = 0 };
	int64_t id = id_param(r);

	switch (learner_update(r->who, id, osos, notes, &why)) {
	case LEARNER_OK:
		return resp_redirect(
			r, w,
			arena_printf(r->arena, "/admin/learners/%lld?done=updated", (long long)id));
	case LEARNER_EINVAL:
		if (learner_get(r->arena, r->who, id, &d) != LEARNER_OK)
			return resp_error(r, w, 404, NULL);
		form_errors_add(&e, why.field, T(r, why.message));
		learner_page(r, w, &d, &e, osos, notes);
		w->status = 422;
		return 0;
	case LEARNER_ENOTFOUND: return resp_error(r, w, 404, NULL);
	case LEARNER_EFORBIDDEN: return resp_error(r, w, 403, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
}

int page_admin_learner_transfer(struct req *r, struct resp *w)
{
	struct learner_problem why;
	struct learner_detail d;
	struct form_errors e = { .n = 0 };
	int64_t id = id_param(r), to = 0;
	const char *area = req_form(r, "local_area");

	if (!area || !*area) {
		why.field = "local_area";
		why.message = N_("Choose the local area to transfer the learner to.");
		goto invalid;
	}
	switch (learner_transfer(r->who, id, area, req_form(r, "note"), &why, &to)) {
	case LEARNER_OK:
		/* an area admin who moved their learner away no longer sees them */
		if (learner_scope(r->who, 0) && to != r->who->local_area)
			return resp_redirect(r, w, "/admin/learners?done=transferred");
		return resp_redirect(r, w,
				     arena_printf(r->arena, "/admin/learners/%lld?done=transferred",
						  (long long)id));
	case LEARNER_EINVAL: goto invalid;
	case LEARNER_ENOTFOUND: return resp_error(r, w, 404, NULL);
	case LEARNER_EFORBIDDEN: return resp_error(r, w, 403, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
invalid:
	if (learner_get(r->arena, r->who, id, &d) != LEARNER_OK)
		return resp_error(r, w, 404, NULL);
	form_errors_add(&e, why.field && !strcmp(why.field, "note") ? "note" : "local_area",
			T(r, why.message));
	learner_page(r, w, &d, &e, NULL, NULL);
	w->status = 422;
	return 0;
}

int page_admin_learner_reinstate(struct req *r, struct resp *w)
{
	const char *status, *why;
	struct learner_detail d;
	struct form_errors e = { .n = 0 };
	int64_t id = id_param(r);

	switch (comeback_reinstate(r->who, id, &status, &why)) {
	case COMEBACK_OK:
		return resp_redirect(
			r, w,
			arena_printf(r->arena, "/admin/learners/%lld?done=%s", (long long)id,
				     !strcmp(status, "active") ? "reinstated" : "waitlisted"));
	case COMEBACK_ECONFLICT:
		if (learner_get(r->arena, r->who, id, &d) != LEARNER_OK)
			return resp_error(r, w, 404, NULL);
		form_errors_add(&e, "license", T(r, why));
		learner_page(r, w, &d, &e, NULL, NULL);
		w->status = 409;
		return 0;
	case COMEBACK_ENOTFOUND: return resp_error(r, w, 404, NULL);
	case COMEBACK_EFORBIDDEN: return resp_error(r, w, 403, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
}
