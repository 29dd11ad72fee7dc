/* admin_curation.c - the curated program lists of each region, edited by hand or imported from
 * CSV: state administrators' pages (admin.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auditlog.h"
#include "catalog.h"
#include "curation.h"
#include "eligibility.h"
#include "geo.h"
#include "pages/admin.h"
#include "program.h"
#include "settings.h"
#include "staff.h"
#include "util/timeutil.h"
#include "web/html.h"
#include "web/layout.h"

/* ---- curated lists ---------------------------------------------------------------------- */

/* An industry as learners see it ("Information technology"), in the page's language. */
static const char *industry_label(struct req *r, const char *key)
{
	const char *l = catalog_label(catalog_industries, key);
	return l ? T(r, l) : key;
}

/* The choice of region. */
static void curation_region_form(struct req *r, struct resp *w, const struct catalog_region *cur)
{
	struct catalog_region regions[16];
	size_t nr = catalog_regions(r->arena, regions, 16), i;

	{
		static const char *const keys[] = { "region", NULL };
		admin_filters_begin(r, w, keys);
	}
	form_begin(r, w, "/admin/settings/curation", "get");
	html(w,
	     "<div class=\"field\">\n<label for=\"f-region\">%h</label>\n<select id=\"f-region\" "
	     "name=\"region\">\n",
	     T(r, "Region"));
	for (i = 0; i < nr; i++)
		html(w, "<option value=\"%h\"%h>%h</option>\n", regions[i].slug,
		     cur && cur->id == regions[i].id ? " selected" : "", regions[i].name);
	html(w, "</select>\n</div>\n");
	form_submit(r, w, T(r, "Show the list"));
	form_end(r, w);
	admin_filters_end(r, w);
}

/* What an import of lists did, with its lines in error. */
static void curation_import_result(struct req *r, struct resp *w,
				   const struct catalog_import_report *rep)
{
	size_t i;

	html(w, "<h2>%h</h2>\n", T(r, "Import result"));
	notice_begin(w, rep->fatal || rep->errors ? "warning" : "success");
	if (rep->fatal)
		html(w, "<p>%h</p>\n", rep->fatal);
	else
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang,
			    "%d lines read, %d programs placed, %d lines with errors. %s",
			    rep->rows, rep->added, rep->errors,
			    rep->applied ? T(r, "The lists in the file were replaced.")
					 : T(r, "Nothing was changed.")));
	notice_end(w);
	if (rep->nlines) {
		html(w,
		     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
		     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead>"
		     "<tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n"
		     "<tbody>\n",
		     T(r, "Lines with errors"), T(r, "Lines with errors"), T(r, "Line"),
		     T(r, "Problem"));
		for (i = 0; i < rep->nlines && i < 200; i++)
			html(w, "<tr><td>%d</td><td>%h</td></tr>\n", rep->lines[i].line,
			     rep->lines[i].reason);
		html(w, "</tbody>\n</table>\n</div>\n");
	}
}

/* One region's list, each program with its move and remove buttons, and the form that adds
 * one. */
static void curation_list_section(struct req *r, struct resp *w, const struct catalog_region *cur)
{
	struct curated *items;
	int n = curation_list(r->arena, cur->id, &items), k;

	html(w, "<h2>%h</h2>\n", tr_fmt(r->arena, r->lang, "The list of %s", cur->name));
	if (n <= 0) {
		html(w, "<p>%h</p>\n", T(r, "This region's list is empty."));
	} else {
		html(w,
		     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
		     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead>"
		     "<tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
		     "scope=\"col\">%h</th><th "
		     "scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		     trn_fmt(r->arena, r->lang, "%d program, in the order learners see it",
			     "%d programs, in the order learners see them", n, n),
		     trn_fmt(r->arena, r->lang, "%d program, in the order learners see it",
			     "%d programs, in the order learners see them", n, n),
		     T(r, "Place"), T(r, "Program"), T(r, "Industry"), T(r, "Change"));
		for (k = 0; k < n; k++) {
			const struct curated *c = &items[k];
			static const char *const acts[] = { "up", "down", "remove" };
			const char *labels[3] = { T(r, "Move up"), T(r, "Move down"),
						  T(r, "Remove") };
			size_t a;
			html(w,
			     "<tr><td>%d</td><th scope=\"row\"><a "
			     "href=\"/programs/%u\">%h</a>"
			     "%h</th><td>%h</td><td>",
			     c->rank, c->slug, c->title, c->active ? "" : T(r, " (retired)"),
			     industry_label(r, c->industry));
			for (a = 0; a < 3; a++) {
				if ((a == 0 && k == 0) || (a == 1 && k == n - 1))
					continue;
				form_begin(r, w, "/admin/settings/curation", "post");
				html(w,
				     "<input type=\"hidden\" name=\"region\" value=\"%h\">"
				     "<input type=\"hidden\" name=\"program\" value=\"%h\">"
				     "<input type=\"hidden\" name=\"action\" value=\"%h\">"
				     "<button type=\"submit\" class=\"secondary\" "
				     "aria-label=\"%h: %h\">%h</button>\n",
				     cur->slug, c->slug, acts[a], labels[a], c->title, labels[a]);
				form_end(r, w);
			}
			html(w, "</td></tr>\n");
		}
		html(w, "</tbody>\n</table>\n</div>\n");
	}
	html(w, "<h3>%h</h3>\n", T(r, "Add a program to this list"));
	form_begin(r, w, "/admin/settings/curation", "post");
	html(w,
	     "<input type=\"hidden\" name=\"region\" value=\"%h\">\n"
	     "<input type=\"hidden\" name=\"action\" value=\"add\">\n",
	     cur->slug);
	{
		struct field f;
		memset(&f, 0, sizeof(f));
		f.name = "program";
		f.label = T(r, "Program address name");
		f.hint = T(r, "The last part of the program page's address, for example "
			      "python-for-everybody. It goes to the end of the list.");
		f.required = 1;
		f.autocomplete = "off";
		form_input(r, w, &f, NULL);
	}
	form_submit(r, w, T(r, "Add to the list"));
	form_end(r, w);
}

/* The form that imports lists from a CSV file. */
static void curation_import_form(struct req *r, struct resp *w)
{
	html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Import lists from a CSV file"),
	     T(r, "Columns: region, program, rank (region: its name or address name; program: "
		  "its address name or provider id). Each region in the file gets exactly the "
		  "list in the file."));
	html(w,
	     "<form action=\"/admin/settings/curation/import\" method=\"post\" "
	     "enctype=\"multipart/form-data\">\n<input type=\"hidden\" name=\"csrf\" "
	     "value=\"%h\">\n",
	     r->csrf ? r->csrf : "");
	html(w,
	     "<div class=\"field\">\n<label for=\"f-file\">%h</label>\n<input type=\"file\" "
	     "id=\"f-file\" name=\"file\" accept=\".csv,text/csv\" required>\n</div>\n",
	     T(r, "CSV file"));
	html(w,
	     "<div class=\"field choice\">\n<input type=\"checkbox\" id=\"f-dry_run\" "
	     "name=\"dry_run\" value=\"1\"> <label for=\"f-dry_run\">%h</label>\n</div>\n",
	     T(r, "Only check the file; change nothing"));
	form_submit(r, w, T(r, "Import"));
	html(w, "</form>\n");
}

static void curation_page(struct req *r, struct resp *w, const char *slug,
			  const struct catalog_import_report *rep, const char *error)
{
	struct catalog_region cur;
	int have = slug && *slug && catalog_region_by_slug(slug, r->arena, &cur) == 0;
	const char *done = req_query(r, "done");

	admin_begin(r, w, T(r, "Curated lists by region"), "settings", error != NULL);
	html(w, "<h1>%h</h1>\n<p>%h</p>\n", T(r, "Curated lists by region"),
	     T(r, "Each region's list of programs for the careers in demand there, in order. "
		  "Learners see it first in Browse catalog."));
	if (error)
		notice_text(w, "error", error);
	if (done)
		notice_text(w, "success", T(r, "The list was saved."));
	curation_region_form(r, w, have ? &cur : NULL);
	if (rep)
		curation_import_result(r, w, rep);
	if (have)
		curation_list_section(r, w, &cur);
	curation_import_form(r, w);
	admin_end(r, w);
}

int page_admin_curation(struct req *r, struct resp *w)
{
	const char *slug = req_query(r, "region");
	struct catalog_region regions[1];

	if (!slug || !*slug) {
		if (catalog_regions(r->arena, regions, 1) == 1)
			slug = regions[0].slug;
	}
	curation_page(r, w, slug, NULL, NULL);
	return 0;
}

int page_admin_curation_post(struct req *r, struct resp *w)
{
	const char *slug = req_form(r, "region"), *program = req_form(r, "program");
	const char *action = req_form(r, "action");
	struct catalog_region reg;
	enum curation_err rc;

	if (!slug || catalog_region_by_slug(slug, r->arena, &reg) != 0)
		return resp_error(r, w, 404, NULL);
	if (!action)
		action = "";
	if (!strcmp(action, "add"))
		rc = curation_add(r->who, reg.id, program);
	else if (!strcmp(action, "remove"))
		rc = curation_remove(r->who, reg.id, program);
	else if (!strcmp(action, "up"))
		rc = curation_move(r->who, reg.id, program, -1, 0);
	else if (!strcmp(action, "down"))
		rc = curation_move(r->who, reg.id, program, 1, 0);
	else
		return resp_error(r, w, 400, NULL);
	if (rc == CURATION_EFORBIDDEN)
		return resp_error(r, w, 403, NULL);
	if (rc != CURATION_OK) {
		curation_page(r, w, reg.slug, NULL, T(r, curation_err_message(rc)));
		w->status = rc == CURATION_EDB ? 503 : 422;
		return 0;
	}
	return resp_redirect(
		r, w,
		arena_printf(r->arena, "/admin/settings/curation?region=%s&done=1", reg.slug));
}

int page_admin_curation_import(struct req *r, struct resp *w)
{
	const char *file = req_form(r, "file");
	struct catalog_import_report rep;

	if (!file || !*file) {
		curation_page(r, w, req_form(r, "region"), NULL,
			      T(r, "Choose a CSV file to import."));
		w->status = 422;
		return 0;
	}
	switch (curation_import(r->who, file, strlen(file),
				req_form(r, "dry_run") && !strcmp(req_form(r, "dry_run"), "1"),
				r->arena, &rep)) {
	case CURATION_OK: break;
	case CURATION_EFORBIDDEN: return resp_error(r, w, 403, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
	curation_page(r, w, NULL, &rep, NULL);
	if (rep.fatal || (rep.errors && !rep.applied))
		w->status = 422;
	return 0;
}
