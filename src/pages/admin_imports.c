/* admin_imports.c - the provider's reports in the browser (state admins).
 *
 *   GET  /admin/imports               upload a usage or membership report; history of imports;
 *                                     the invitation CSV
 *   POST /admin/imports               kind, file, partial, action=preview|apply: a preview
 *                                     keeps nothing and shows the counts and the first errors
 *                                     with their line numbers; apply imports (progress_import.h)
 *   POST /admin/imports/invitations   the provider's bulk-invitation CSV of the licenses not
 *                                     exported yet, marked exported once written
 * The overview warns when the newest usage report is older than usage_report_stale_days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "imports.h"
#include "license.h"
#include "newcomers.h"
#include "pages/admin.h"
#include "progress_import.h"
#include "settings.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "web/html.h"
#include "web/layout.h"

#define SHOWN_ERRORS 20

static const char *kind_label(struct req *r, const char *kind)
{
	if (!strcmp(kind, "usage"))
		return T(r, "Usage report");
	if (!strcmp(kind, "membership"))
		return T(r, "Membership report");
	return T(r, "Catalog");
}

/* The warning when completion data is old (also on the overview). */
void admin_imports_stale_notice(struct req *r, struct resp *w)
{
	int64_t limit = settings_get_int("usage_report_stale_days", 7);
	int64_t age = imports_usage_age_days(now_unix());

	if (limit <= 0 || (age >= 0 && age <= limit))
		return;
	notice_begin(w, "warning");
	if (age < 0)
		html(w, "<p>%h <a href=\"/admin/imports\">%h</a></p>\n",
		     T(r,
		       "No usage report from the provider has been imported yet, so progress and "
		       "completions are not known."),
		     T(r, "Import one"));
	else
		html(w, "<p>%h <a href=\"/admin/imports\">%h</a></p>\n",
		     tr_fmt(r->arena, r->lang,
			    "The newest usage report is %lld days old: progress, completions and "
			    "inactivity are out of date.",
			    (long long)age),
		     T(r, "Import a new one"));
	notice_end(w);
}

static void upload_form(struct req *r, struct resp *w, const char *kind, int partial)
{
	html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Import a report"),
	     T(r, "Preview first: it reads the whole file and shows what would change and which "
		  "lines are wrong, and saves nothing. Then choose the same file again and "
		  "import it."));
	html(w,
	     "<form action=\"/admin/imports\" method=\"post\" enctype=\"multipart/form-data\" "
	     "data-upload-progress data-progress-label=\"%h\" data-progress-text=\"%h\" "
	     "data-progress-done=\"%h\">\n"
	     "<input type=\"hidden\" name=\"csrf\" value=\"%h\">\n",
	     T(r, "Upload progress"), T(r, "Uploading: {n}%"), T(r, "Sent. Reading the file…"),
	     r->csrf ? r->csrf : "");
	html(w,
	     "<div class=\"field\">\n<label for=\"f-kind\">%h</label>\n<select id=\"f-kind\" "
	     "name=\"kind\">\n<option value=\"usage\"%h>%h</option>\n<option "
	     "value=\"membership\"%h>%h</option>\n</select>\n</div>\n",
	     T(r, "Report"), kind && !strcmp(kind, "membership") ? "" : " selected",
	     T(r, "Usage report"), kind && !strcmp(kind, "membership") ? " selected" : "",
	     T(r, "Membership report"));
	html(w,
	     "<div class=\"field\">\n<label for=\"f-file\">%h</label>\n<input type=\"file\" "
	     "id=\"f-file\" name=\"file\" accept=\".csv,text/csv\" required>\n</div>\n",
	     T(r, "CSV file"));
	html(w,
	     "<div class=\"field choice\">\n<input type=\"checkbox\" id=\"f-partial\" "
	     "name=\"partial\" value=\"1\"%h> <label for=\"f-partial\">%h</label>\n</div>\n",
	     partial ? " checked" : "", T(r, "Keep the good lines even when some lines are wrong"));
	html(w,
	     "<div class=\"actions\">\n<button type=\"submit\" name=\"action\" value=\"preview\" "
	     "class=\"button\">%h</button>\n<button type=\"submit\" name=\"action\" "
	     "value=\"apply\" class=\"button secondary\">%h</button>\n</div>\n</form>\n"
	     "<script src=\"/static/imports.js\" defer></script>\n",
	     T(r, "Preview (saves nothing)"), T(r, "Import"));
}

static void result_section(struct req *r, struct resp *w, const char *kind,
			   const struct import_result *res)
{
	size_t i;

	html(w, "<section aria-labelledby=\"result-h\">\n<h2 id=\"result-h\">%h</h2>\n",
	     res->dry_run ? tr_fmt(r->arena, r->lang, "Preview: %s", kind_label(r, kind))
			  : tr_fmt(r->arena, r->lang, "Import: %s", kind_label(r, kind)));
	if (res->dry_run)
		notice_begin(w, "info");
	else if (res->committed)
		notice_begin(w, res->errors_total ? "warning" : "success");
	else
		notice_begin(w, "error");
	html(w, "<p>%h</p>\n",
	     res->dry_run ? T(r, "Nothing was saved. To import, choose the same file again and "
				 "press Import.")
	     : res->committed
		     ? (res->errors_total ? T(r, "Imported, except the lines listed below.")
					  : T(r, "Imported."))
		     : T(r, "Nothing was saved because some lines are wrong. Correct them, or "
			    "tick \"Keep the good lines\" to import the rest."));
	notice_end(w);
	html(w, "<dl class=\"summary\">\n");
	html(w, "<dt>%h</dt><dd>%h</dd>\n", T(r, "Lines read"), admin_count(r, (int64_t)res->rows));
	html(w, "<dt>%h</dt><dd>%h</dd>\n",
	     res->dry_run ? T(r, "Lines that would change something") : T(r, "Lines applied"),
	     admin_count(r, (int64_t)res->applied));
	html(w, "<dt>%h</dt><dd>%h</dd>\n", T(r, "Lines with nothing new"),
	     admin_count(r, (int64_t)res->unchanged));
	html(w, "<dt>%h</dt><dd>%h</dd>\n", T(r, "Lines with errors"),
	     admin_count(r, (int64_t)res->errors_total));
	html(w, "</dl>\n");
	if (res->nerrors) {
		html(w,
		     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%h\">\n"
		     "<table>\n<caption>%h</caption>\n<thead><tr><th scope=\"col\">%h</th><th "
		     "scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		     T(r, "Lines with errors"), T(r, "The first lines with errors"), T(r, "Line"),
		     T(r, "What is wrong"));
		for (i = 0; i < res->nerrors && i < SHOWN_ERRORS; i++)
			html(w, "<tr><th scope=\"row\">%D</th><td>%h</td></tr>\n",
			     (int64_t)res->errors[i].line, res->errors[i].message);
		html(w, "</tbody>\n</table>\n</div>\n");
		if (res->errors_total > SHOWN_ERRORS)
			html(w, "<p>%h</p>\n",
			     tr_fmt(r->arena, r->lang, "And %lld more lines with errors.",
				    (long long)(res->errors_total - SHOWN_ERRORS)));
	}
	html(w, "</section>\n");
}

static void history_section(struct req *r, struct resp *w)
{
	struct import_row *rows;
	int n = imports_history(r->arena, 25, &rows), i;

	html(w, "<h2>%h</h2>\n", T(r, "Import history"));
	if (n <= 0) {
		html(w, "<p>%h</p>\n", T(r, "No report has been imported yet."));
		return;
	}
	html(w,
	     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%h\">\n"
	     "<table>\n<caption>%h</caption>\n<thead><tr><th scope=\"col\">%h</th><th "
	     "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
	     "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr>"
	     "</thead>\n<tbody>\n",
	     T(r, "Import history"), T(r, "The newest imports first"), T(r, "When"), T(r, "Report"),
	     T(r, "By"), T(r, "Lines"), T(r, "Applied"), T(r, "Errors"), T(r, "Result"));
	for (i = 0; i < n; i++) {
		const struct import_row *x = &rows[i];
		html(w,
		     "<tr><td>%h</td><th scope=\"row\">%h</th><td>%h</td><td>%D</td><td>%D</td>"
		     "<td>%D</td><td>%h</td></tr>\n",
		     admin_time(r, x->at), kind_label(r, x->kind), x->actor, x->rows, x->applied,
		     x->errors,
		     x->dry_run	    ? T(r, "Preview")
		     : x->committed ? T(r, "Kept")
				    : T(r, "Refused"));
	}
	html(w, "</tbody>\n</table>\n</div>\n");
}

static void invitations_section(struct req *r, struct resp *w)
{
	html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Invitations for the provider"),
	     T(r, "The CSV the provider imports to invite the learners whose licenses were "
		  "activated since the last download. Once downloaded, they are not in the next "
		  "one."));
	form_begin(r, w, "/admin/imports/invitations", "post");
	form_submit(r, w, T(r, "Download new invitations (CSV)"));
	form_end(r, w);
}

static void newcomers_section(struct req *r, struct resp *w, const char *kind,
			      const struct newcomer *list, size_t n, size_t total)
{
	struct area_row *areas;
	size_t na = geo_areas(r->arena, &areas), i;

	if (!total)
		return;
	html(w, "<section aria-labelledby=\"new-h\">\n<h2 id=\"new-h\">%h</h2>\n<p>%h</p>\n",
	     tr_fmt(r->arena, r->lang, "People in the report who are not registered: %lld",
		    (long long)total),
	     T(r, "They may be learning through a DOL regional program. Register them to a local "
		  "area's program: their progress in this report carries over."));
	html(w,
	     "<form action=\"/admin/imports/register\" method=\"post\" "
	     "enctype=\"multipart/form-data\">\n<input type=\"hidden\" name=\"csrf\" "
	     "value=\"%h\">\n<input type=\"hidden\" name=\"kind\" value=\"%h\">\n<input "
	     "type=\"hidden\" name=\"count\" value=\"%D\">\n<fieldset "
	     "class=\"field\">\n<legend>%h</legend>\n",
	     r->csrf ? r->csrf : "", kind, (int64_t)n, T(r, "People to register"));
	for (i = 0; i < n; i++)
		html(w,
		     "<div class=\"field choice\">\n<input type=\"checkbox\" id=\"f-person_%D\" "
		     "name=\"person_%D\" value=\"%h\" checked> <label for=\"f-person_%D\">%h "
		     "(%h)<br>%h</label>\n</div>\n",
		     (int64_t)i, (int64_t)i, list[i].email, (int64_t)i,
		     *list[i].name ? list[i].name : "—",
		     tr_fmt(r->arena, r->lang, "line %lld", (long long)list[i].line),
		     list[i].email);
	html(w,
	     "</fieldset>\n<div class=\"field\">\n<label for=\"f-local_area\">%h</label>\n"
	     "<select id=\"f-local_area\" name=\"local_area\" required>\n<option "
	     "value=\"\">%h</option>\n",
	     T(r, "Local area"), T(r, "Choose a local area"));
	for (i = 0; i < na; i++)
		html(w, "<option value=\"%D\">%h</option>\n", areas[i].id, areas[i].name);
	html(w, "</select>\n</div>\n");
	html(w,
	     "<div class=\"field\">\n<label for=\"f-file2\">%h</label>\n<input type=\"file\" "
	     "id=\"f-file2\" name=\"file\" accept=\".csv,text/csv\" required>\n</div>\n",
	     T(r, "The same report again"));
	form_submit(r, w, T(r, "Register them and import their progress"));
	html(w, "</form>\n</section>\n");
}

static int imports_page(struct req *r, struct resp *w, const char *kind,
			const struct import_result *res, int partial, const char *file,
			const char *done)
{
	admin_begin(r, w, T(r, "Provider reports"), "imports", 0);
	html(w, "<h1>%h</h1>\n", T(r, "Provider reports"));
	if (done) {
		notice_begin(w, "success");
		html(w, "<p>%h</p>\n", done);
		notice_end(w);
	}
	admin_imports_stale_notice(r, w);
	if (res)
		result_section(r, w, kind, res);
	if (res && file) {
		struct newcomer *list;
		size_t total = 0;
		int n = newcomers_find(r->arena, file, strlen(file), 100, &list, &total);
		if (n > 0)
			newcomers_section(r, w, kind, list, (size_t)n, total);
	}
	upload_form(r, w, kind, partial);
	history_section(r, w);
	invitations_section(r, w);
	admin_end(r, w);
	return 0;
}

int page_admin_imports(struct req *r, struct resp *w)
{
	return imports_page(r, w, NULL, NULL, 0, NULL, NULL);
}

int page_admin_imports_post(struct req *r, struct resp *w)
{
	const char *kind = req_form(r, "kind"), *file = req_form(r, "file");
	const char *action = req_form(r, "action"), *partial = req_form(r, "partial");
	struct import_opts o;
	struct import_result res;
	int rc;

	if (!kind || (strcmp(kind, "usage") && strcmp(kind, "membership")))
		kind = "usage";
	memset(&o, 0, sizeof(o));
	o.dry_run = !action || strcmp(action, "apply") != 0;
	o.partial = partial && !strcmp(partial, "1");
	o.actor = r->who;
	o.file_name = "upload.csv";
	w->no_store = 1;
	if (!file || !*file) {
		admin_begin(r, w, T(r, "Provider reports"), "imports", 1);
		html(w, "<h1>%h</h1>\n", T(r, "Provider reports"));
		notice_begin(w, "error");
		html(w, "<p>%h</p>\n", T(r, "Choose a CSV file to import."));
		notice_end(w);
		upload_form(r, w, kind, o.partial);
		admin_end(r, w);
		w->status = 422;
		return 0;
	}
	rc = progress_import(!strcmp(kind, "membership") ? IMPORT_MEMBERSHIP : IMPORT_USAGE, file,
			     strlen(file), &o, &res);
	if (rc < 0) {
		import_result_release(&res);
		return resp_error(r, w, 503, NULL);
	}
	imports_page(r, w, kind, &res, o.partial, file, NULL);
	if (rc > 0 && !o.dry_run)
		w->status = 422;
	import_result_release(&res);
	return 0;
}

int page_admin_invitations_csv(struct req *r, struct resp *w)
{
	struct buf b = BUF_INIT(256 * 1024 * 1024);
	int64_t last = 0;
	size_t count = 0;
	int rc = license_invitations_csv(0, &b, &last, &count);

	if (rc == 0 && license_invitations_mark(last) < 0)
		rc = -1;
	if (rc != 0) {
		buf_release(&b);
		return resp_error(r, w, 503, NULL);
	}
	resp_text(r, w, 200, TEXT_CSV, b.p, b.len);
	buf_release(&b);
	resp_header(w, r, "Content-Disposition", "attachment; filename=\"invitations.csv\"");
	w->no_store = 1;
	return 0;
}

/* POST /admin/imports/register: the chosen people of the report (person_0 … person_N) get a
 * license in the chosen local area, then the report is imported for their progress. */
int page_admin_imports_register(struct req *r, struct resp *w)
{
	const char *kind = req_form(r, "kind"), *file = req_form(r, "file");
	const char *area_s = req_form(r, "local_area"), *count_s = req_form(r, "count");
	struct newcomer *list, *chosen;
	size_t total = 0, nc = 0;
	long long count = count_s ? strtoll(count_s, NULL, 10) : 0, i;
	int64_t area = area_s ? strtoll(area_s, NULL, 10) : 0;
	struct import_opts o;
	struct import_result res;
	int n, registered = 0, rc;

	if (!kind || (strcmp(kind, "usage") && strcmp(kind, "membership")))
		kind = "usage";
	w->no_store = 1;
	if (!file || !*file || area <= 0 || count <= 0 || count > 1000)
		return resp_error(r, w, 422,
				  T(r, "Choose the people, the local area and the same report "
				       "again."));
	n = newcomers_find(r->arena, file, strlen(file), 1000, &list, &total);
	if (n < 0)
		return resp_error(r, w, 422, T(r, "This file cannot be read as a report."));
	chosen = arena_alloc(r->arena, (size_t)(n ? n : 1) * sizeof(*chosen));
	for (i = 0; i < count; i++) {
		const char *email = req_form(r, arena_printf(r->arena, "person_%lld", i));
		int j;
		for (j = 0; email && j < n; j++)
			if (!strcmp(list[j].email, email)) {
				chosen[nc++] = list[j];
				break;
			}
	}
	switch (newcomers_register(r->who, chosen, nc, area, &registered)) {
	case NEWCOMERS_OK: break;
	case NEWCOMERS_EFORBIDDEN: return resp_error(r, w, 403, NULL);
	case NEWCOMERS_EAREA: return resp_error(r, w, 422, T(r, "Choose a local area."));
	default: return resp_error(r, w, 503, NULL);
	}
	memset(&o, 0, sizeof(o));
	o.partial = 1;
	o.actor = r->who;
	o.file_name = "upload.csv";
	rc = progress_import(!strcmp(kind, "membership") ? IMPORT_MEMBERSHIP : IMPORT_USAGE, file,
			     strlen(file), &o, &res);
	if (rc < 0) {
		import_result_release(&res);
		return resp_error(r, w, 503, NULL);
	}
	imports_page(r, w, kind, &res, 1, file,
		     tr_fmt(r->arena, r->lang,
			    "Registered to the local area: %lld. Their progress from the report "
			    "was imported.",
			    (long long)registered));
	import_result_release(&res);
	return 0;
}
