/* admin_settings.c - program settings, curated lists, staff accounts and the audit log: the
 * state administrators' pages (admin.h). */
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

static void notice_text(struct resp *w, const char *kind, const char *text)
{
	notice_begin(w, kind);
	html(w, "<p>%h</p>\n", text);
	notice_end(w);
}

/* ---- program settings ------------------------------------------------------------------- */

static const char *current_or_posted(struct req *r, const char *key, int posted)
{
	const char *v = posted ? req_form(r, key) : NULL;
	return v ? v : settings_get(r->arena, key);
}

static void setting_field(struct req *r, struct resp *w, const struct program_setting *s,
			  const struct form_errors *e, int posted)
{
	struct field f;
	const char *v = current_or_posted(r, s->key, posted);

	memset(&f, 0, sizeof(f));
	f.name = s->key;
	f.label = T(r, s->label);
	f.value = v;
	if (!strcmp(s->key, "auto_approve")) {
		struct opt onoff[2] = { { "1", T(r, "On") }, { "0", T(r, "Off") } };
		f.hint = T(r, s->hint);
		f.opts = onoff;
		f.nopts = 2;
		form_radios(r, w, &f, e);
		return;
	}
	if (s->is_int) {
		f.type = "number";
		f.inputmode = "numeric";
		f.hint = tr_fmt(r->arena, r->lang, "%s From %lld to %lld.", T(r, s->hint),
				(long long)s->min, (long long)s->max);
	} else {
		f.type = !strcmp(s->key, "help_email") ? "email" : "text";
		f.hint = T(r, s->hint);
	}
	f.required = 1;
	form_input(r, w, &f, e);
}

static void settings_notices(struct req *r, struct resp *w)
{
	const char *done = req_query(r, "done");

	if (!done)
		return;
	if (!strcmp(done, "saved"))
		notice_text(w, "success", T(r, "Settings saved."));
	else if (!strcmp(done, "term"))
		notice_text(
			w, "success",
			tr_fmt(r->arena, r->lang,
			       "The program is renewed until %s. %s active licenses follow, and "
			       "each of those learners is being e-mailed.",
			       admin_date(r, settings_get(r->arena, "license_term_end")),
			       admin_count(r, strtoll(req_query(r, "n") ? req_query(r, "n") : "0",
						      NULL, 10))));
	else if (!strcmp(done, "policy"))
		notice_text(w, "success",
			    T(r, "The eligibility policy was saved as a new version. Decisions "
				 "from now on use it; earlier decisions keep the version they were "
				 "made under."));
	else if (!strcmp(done, "policy-same"))
		notice_text(w, "info", T(r, "Nothing changed in the eligibility policy."));
}

/* The eligibility policy's yes/no settings as a question with its two answers. */
struct policy_words {
	const char *key, *question, *yes, *no;
};
static const struct policy_words policy_words[] = {
	{ "covid_related_required",
	  N_("Must an unemployed person's job loss be related to COVID-19?"),
	  N_("Yes: only unemployment related to COVID-19 qualifies"),
	  N_("No: unemployment qualifies whatever the cause") },
	{ "underemployed_eligible",
	  N_("Do people who work fewer hours or for less pay than they need qualify?"),
	  N_("Yes: they qualify"), N_("No: they do not qualify") },
	{ "at_risk_review",
	  N_("Someone working at imminent risk of losing the job, without a layoff notice: "
	     "what happens to their request?"),
	  N_("Staff review it"), N_("It is not approved: they do not qualify") },
};

static const struct policy_words *policy_words_of(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(policy_words) / sizeof(policy_words[0]); i++)
		if (!strcmp(policy_words[i].key, key))
			return &policy_words[i];
	return NULL;
}

/* When the seats run out at the pace of the last 28 days (program.h). */
static void forecast_section(struct req *r, struct resp *w)
{
	struct seat_forecast fc[2];
	int i;

	if (program_forecast(fc) != 0)
		return;
	html(w, "<h3>%h</h3>\n<ul>\n", T(r, "Seat forecast"));
	for (i = 0; i < 2; i++) {
		const struct seat_forecast *f = &fc[i];
		const char *name = i ? T(r, "Spanish program") : T(r, "English program");
		const char *pace = tr_fmt(r->arena, r->lang,
					  "%lld activated and %lld removed or ended in the last 28 "
					  "days.",
					  (long long)f->activated, (long long)f->ended);
		const char *what;
		if (!strcmp(f->state, "full"))
			what = T(r, "Full now: new licenses wait for a seat.");
		else if (!strcmp(f->state, "runs_out"))
			what = tr_fmt(r->arena, r->lang, "At this pace the seats run out on %s.",
				      admin_date(r, f->runs_out));
		else
			what = tr_fmt(r->arena, r->lang,
				      "At this pace the seats last past the term's end (%s).",
				      admin_date(r, f->term_end));
		html(w, "<li><strong>%h:</strong> %h %h</li>\n", name, what, pace);
	}
	html(w, "</ul>\n");
}

static void settings_page(struct req *r, struct resp *w, const struct form_errors *e,
			  const char *posted_form)
{
	struct program_seats seats;
	struct elig_policy pol;
	struct field f;
	size_t i;
	const char *end = settings_get(r->arena, "license_term_end");

	admin_begin(r, w, T(r, "Program settings"), "settings", e && e->n);
	html(w, "<h1>%h</h1>\n", T(r, "Program settings"));
	form_error_summary(r, w, e);
	settings_notices(r, w);
	html(w,
	     "<ul>\n<li><a href=\"#term\">%h</a></li>\n<li><a href=\"#seats\">%h</a></li>\n"
	     "<li><a href=\"#general\">%h</a></li>\n<li><a href=\"#policy\">%h</a></li>\n"
	     "<li><a href=\"/admin/settings/curation\">%h</a></li>\n</ul>\n",
	     T(r, "License term and renewal"), T(r, "Seats"), T(r, "Requests and learners"),
	     T(r, "Eligibility policy"), T(r, "Curated lists by region"));

	/* the term */
	html(w, "<h2 id=\"term\">%h</h2>\n<p>%h <strong>%h</strong></p>\n",
	     T(r, "License term and renewal"), T(r, "Every license ends on"), admin_date(r, end));
	html(w, "<p>%h</p>\n",
	     T(r, "Renewing the program moves this date later: every active license follows, "
		  "and each of those learners is told by e-mail in their language."));
	form_begin(r, w, "/admin/settings/term", "post");
	memset(&f, 0, sizeof(f));
	f.name = "end_date";
	f.label = T(r, "New end date");
	f.hint = T(r, "Year-month-day, for example 2027-11-30.");
	f.type = "date";
	f.value = posted_form && !strcmp(posted_form, "term") ? req_form(r, "end_date") : NULL;
	f.required = 1;
	form_input(r, w, &f, e);
	form_submit(r, w, T(r, "Renew the program"));
	form_end(r, w);

	/* seats */
	program_seats(&seats);
	html(w,
	     "<h2 id=\"seats\">%h</h2>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h"
	     "</caption>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	     T(r, "Seats"), T(r, "Seats in each provider program"),
	     T(r, "Seats in each provider program"), T(r, "Program"), T(r, "Seats"),
	     T(r, "Active licenses"), T(r, "Waiting for a seat"));
	html(w, "<tr><th scope=\"row\">%h</th><td>%h</td><td>%h</td><td>%h</td></tr>\n",
	     T(r, "English program"), admin_count(r, seats.en_capacity),
	     admin_count(r, seats.en_used), admin_count(r, seats.en_waiting));
	html(w, "<tr><th scope=\"row\">%h</th><td>%h</td><td>%h</td><td>%h</td></tr>\n",
	     T(r, "Spanish program"), admin_count(r, seats.es_capacity),
	     admin_count(r, seats.es_used), admin_count(r, seats.es_waiting));
	html(w, "</tbody>\n</table>\n</div>\n");
	forecast_section(r, w);
	form_begin(r, w, "/admin/settings", "post");
	html(w, "<input type=\"hidden\" name=\"form\" value=\"seats\">\n");
	setting_field(r, w, program_setting_find("seats_en"), e,
		      posted_form && !strcmp(posted_form, "seats"));
	setting_field(r, w, program_setting_find("seats_es"), e,
		      posted_form && !strcmp(posted_form, "seats"));
	html(w, "<p class=\"hint\">%h</p>\n",
	     T(r, "More seats activate people on the waiting list at once, in the order they "
		  "asked."));
	form_submit(r, w, T(r, "Save seats"));
	form_end(r, w);

	/* the rest */
	html(w, "<h2 id=\"general\">%h</h2>\n", T(r, "Requests and learners"));
	form_begin(r, w, "/admin/settings", "post");
	html(w, "<input type=\"hidden\" name=\"form\" value=\"general\">\n");
	for (i = 0; i < program_settings_count; i++)
		if (strncmp(program_settings[i].key, "seats_", 6))
			setting_field(r, w, &program_settings[i], e,
				      posted_form && !strcmp(posted_form, "general"));
	form_submit(r, w, T(r, "Save settings"));
	form_end(r, w);

	/* the eligibility policy */
	html(w, "<h2 id=\"policy\">%h</h2>\n", T(r, "Eligibility policy"));
	if (policy_load(&pol) == 0) {
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang, "Version %lld, made %s by %s.",
			    (long long)pol.version, admin_time(r, pol.created_at),
			    strcmp(pol.created_by, "default")
				    ? pol.created_by
				    : T(r, "the program (the FAQ's rules)")));
		html(w, "<p>%h</p>\n",
		     T(r, "Each change is saved as a new version; every decision records the "
			  "version it was made under."));
		form_begin(r, w, "/admin/settings/policy", "post");
		for (i = 0; i < policy_settings_count; i++) {
			const struct policy_setting *s = &policy_settings[i];
			const char *posted = posted_form && !strcmp(posted_form, "policy")
						     ? req_form(r, s->key)
						     : NULL;
			const struct policy_words *pw = policy_words_of(s->key);
			int now = policy_value(&pol, s);
			memset(&f, 0, sizeof(f));
			f.name = s->key;
			f.label = pw ? T(r, pw->question) : T(r, s->help);
			f.value = posted ? posted : arena_printf(r->arena, "%d", now);
			if (s->min == 0 && s->max == 1) {
				struct opt yesno[2] = {
					{ "1", pw ? T(r, pw->yes) : T(r, "Yes") },
					{ "0", pw ? T(r, pw->no) : T(r, "No") },
				};
				f.opts = yesno;
				f.nopts = 2;
				f.hint = tr_fmt(r->arena, r->lang, "Now: %s",
						now ? yesno[0].label : yesno[1].label);
				form_radios(r, w, &f, e);
			} else {
				f.type = "number";
				f.inputmode = "numeric";
				f.hint = tr_fmt(r->arena, r->lang, "From %d to %d. Now: %d.",
						s->min, s->max, now);
				f.required = 1;
				form_input(r, w, &f, e);
			}
		}
		form_submit(r, w, T(r, "Save the policy"));
		form_end(r, w);
	}
	html(w, "<h2>%h</h2>\n<p><a href=\"/admin/settings/curation\">%h</a></p>\n",
	     T(r, "Curated lists by region"), T(r, "Edit the curated lists"));
	admin_end(r, w);
}

int page_admin_settings(struct req *r, struct resp *w)
{
	settings_page(r, w, NULL, NULL);
	return 0;
}

int page_admin_settings_post(struct req *r, struct resp *w)
{
	const char *keys[64], *values[64], *bad, *msg;
	struct form_errors e = { .n = 0 };
	size_t i, n = 0;

	for (i = 0; i < program_settings_count && n < 64; i++) {
		const char *v = req_form(r, program_settings[i].key);
		if (v) {
			keys[n] = program_settings[i].key;
			values[n++] = v;
		}
	}
	if (!n)
		return resp_redirect(r, w, "/admin/settings");
	switch (program_settings_set(r->who, keys, values, n, &bad, &msg)) {
	case PROGRAM_OK: return resp_redirect(r, w, "/admin/settings?done=saved");
	case PROGRAM_EINVAL:
	case PROGRAM_EUNKNOWN:
		form_errors_add(&e, bad, T(r, msg));
		settings_page(r, w, &e, req_form(r, "form") ? req_form(r, "form") : "general");
		w->status = 422;
		return 0;
	case PROGRAM_EFORBIDDEN: return resp_error(r, w, 403, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
}

int page_admin_settings_term(struct req *r, struct resp *w)
{
	const char *msg;
	int64_t n = 0;
	struct form_errors e = { .n = 0 };

	switch (program_term_extend(r->who, req_form(r, "end_date"), &n, &msg)) {
	case PROGRAM_OK:
		return resp_redirect(
			r, w,
			arena_printf(r->arena, "/admin/settings?done=term&n=%lld", (long long)n));
	case PROGRAM_EINVAL:
		form_errors_add(&e, "end_date", T(r, msg));
		settings_page(r, w, &e, "term");
		w->status = 422;
		return 0;
	case PROGRAM_EFORBIDDEN: return resp_error(r, w, 403, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
}

int page_admin_settings_policy(struct req *r, struct resp *w)
{
	struct form_errors e = { .n = 0 };
	int changed = 0;
	size_t i;

	for (i = 0; i < policy_settings_count; i++) {
		const char *v = req_form(r, policy_settings[i].key), *why;
		if (v && (why = policy_check(policy_settings[i].key, v)) != NULL)
			form_errors_add(&e, policy_settings[i].key, T(r, why));
	}
	if (e.n) {
		settings_page(r, w, &e, "policy");
		w->status = 422;
		return 0;
	}
	for (i = 0; i < policy_settings_count; i++) {
		const char *v = req_form(r, policy_settings[i].key);
		int rc;
		if (!v)
			continue;
		rc = program_policy_set(r->who, policy_settings[i].key, v);
		if (rc == 0)
			changed++;
		else if (rc == PROGRAM_EFORBIDDEN)
			return resp_error(r, w, 403, NULL);
		else if (rc != POLICY_EUNCHANGED)
			return resp_error(r, w, 503, NULL);
	}
	return resp_redirect(r, w,
			     changed ? "/admin/settings?done=policy#policy"
				     : "/admin/settings?done=policy-same#policy");
}

/* ---- curated lists ---------------------------------------------------------------------- */

static void curation_page(struct req *r, struct resp *w, const char *slug,
			  const struct catalog_import_report *rep, const char *error)
{
	struct catalog_region regions[16], cur;
	size_t nr = catalog_regions(r->arena, regions, 16), i;
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
	html(w, "<div class=\"filters\">\n");
	form_begin(r, w, "/admin/settings/curation", "get");
	html(w,
	     "<div class=\"field\">\n<label for=\"f-region\">%h</label>\n<select id=\"f-region\" "
	     "name=\"region\">\n",
	     T(r, "Region"));
	for (i = 0; i < nr; i++)
		html(w, "<option value=\"%h\"%h>%h</option>\n", regions[i].slug,
		     have && cur.id == regions[i].id ? " selected" : "", regions[i].name);
	html(w, "</select>\n</div>\n");
	form_submit(r, w, T(r, "Show the list"));
	form_end(r, w);
	html(w, "</div>\n");

	if (rep) {
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

	if (have) {
		struct curated *items;
		int n = curation_list(r->arena, cur.id, &items), k;
		html(w, "<h2>%h</h2>\n", tr_fmt(r->arena, r->lang, "The list of %s", cur.name));
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
				     c->rank, c->slug, c->title,
				     c->active ? "" : T(r, " (retired)"), c->industry);
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
					     cur.slug, c->slug, acts[a], labels[a], c->title,
					     labels[a]);
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
		     cur.slug);
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

/* ---- staff accounts --------------------------------------------------------------------- */

static void role_select(struct req *r, struct resp *w, enum role current)
{
	static const enum role roles[] = { ROLE_AREA_VIEWER, ROLE_AREA_ADMIN, ROLE_STATE_ADMIN };
	size_t i;

	html(w,
	     "<div class=\"field\">\n<label for=\"f-role\">%h</label>\n<p class=\"hint\" "
	     "id=\"h-role\">%h</p>\n<select id=\"f-role\" name=\"role\" "
	     "aria-describedby=\"h-role\">\n",
	     T(r, "Role"),
	     T(r, "Viewers see their local area. Administrators also decide requests, record "
		  "OSOS IDs and transfer learners. State administrators see every area and change "
		  "the program's settings."));
	for (i = 0; i < 3; i++)
		html(w, "<option value=\"%h\"%h>%h</option>\n", staff_role_name(roles[i]),
		     roles[i] == current ? " selected" : "", T(r, staff_role_label(roles[i])));
	html(w, "</select>\n</div>\n");
}

static void staff_area_select(struct req *r, struct resp *w, int64_t current,
			      const struct form_errors *e)
{
	struct area_row *rows;
	size_t n = geo_areas(r->arena, &rows), i;
	const char *err = form_errors_get(e, "local_area");

	html(w,
	     "<div class=\"field%h\">\n<label for=\"f-local_area\">%h</label>\n<p class=\"hint\" "
	     "id=\"h-local_area\">%h</p>\n",
	     err ? " has-error" : "", T(r, "Local area"),
	     T(r, "Required for local area roles; a state administrator has none."));
	if (err)
		html(w,
		     "<p class=\"error\" id=\"e-local_area\"><span class=\"visually-hidden\">%h"
		     "</span> %h</p>\n",
		     T(r, "Error:"), err);
	if (err)
		html(w,
		     "<select id=\"f-local_area\" name=\"local_area\" "
		     "aria-describedby=\"h-local_area "
		     "e-local_area\" aria-invalid=\"true\">\n<option value=\"\">%h</option>\n",
		     T(r, "None"));
	else
		html(w,
		     "<select id=\"f-local_area\" name=\"local_area\" "
		     "aria-describedby=\"h-local_area\">\n<option value=\"\">%h</option>\n",
		     T(r, "None"));
	for (i = 0; i < n; i++)
		html(w, "<option value=\"%D\"%h>%h</option>\n", rows[i].id,
		     rows[i].id == current ? " selected" : "", rows[i].name);
	html(w, "</select>\n</div>\n");
}

/* The form field an account error belongs to. */
static const char *staff_err_field(enum staff_err e)
{
	switch (e) {
	case STAFF_EEMAIL:
	case STAFF_EEXISTS: return "email";
	case STAFF_EROLE:
	case STAFF_ESELF: return "role";
	case STAFF_EAREA: return "local_area";
	case STAFF_EPASSWORD: return "password";
	default: return "email";
	}
}

static void staff_page(struct req *r, struct resp *w, const struct form_errors *e)
{
	struct staff_member *rows;
	size_t n = staff_list(r->arena, &rows), i;
	struct field f;
	enum role role = ROLE_AREA_VIEWER;
	const char *done = req_query(r, "done");

	if (e && req_form(r, "role"))
		staff_role_parse(req_form(r, "role"), &role);
	admin_begin(r, w, T(r, "Staff"), "staff", e && e->n);
	html(w, "<h1>%h</h1>\n", T(r, "Staff"));
	form_error_summary(r, w, e);
	if (done)
		notice_text(w, "success", T(r, "Saved."));
	html(w,
	     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead><tr>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	     T(r, "Staff accounts"), T(r, "Staff accounts"), T(r, "E-mail"), T(r, "Name"),
	     T(r, "Role"), T(r, "Local area"), T(r, "Account"));
	for (i = 0; i < n; i++) {
		const struct staff_member *m = &rows[i];
		html(w,
		     "<tr><th scope=\"row\"><a href=\"/admin/staff/%D\">%h</a></th><td>%h</td>"
		     "<td>%h</td><td>%h</td><td>%h%h</td></tr>\n",
		     m->id, m->email, m->name, T(r, staff_role_label(m->role)),
		     *m->local_area_name ? m->local_area_name : T(r, "Every area"),
		     m->active ? T(r, "Active") : T(r, "Deactivated"),
		     m->locked_until && strcmp(m->locked_until, "") ? T(r, ", locked after failed "
									   "sign-ins")
								    : "");
	}
	html(w, "</tbody>\n</table>\n</div>\n");

	html(w, "<h2>%h</h2>\n", T(r, "Add a staff member"));
	form_begin(r, w, "/admin/staff", "post");
	memset(&f, 0, sizeof(f));
	f.name = "email";
	f.label = T(r, "Work e-mail address");
	f.type = "email";
	f.value = e ? req_form(r, "email") : NULL;
	f.autocomplete = "off";
	f.required = 1;
	form_input(r, w, &f, e);
	memset(&f, 0, sizeof(f));
	f.name = "name";
	f.label = T(r, "Name");
	f.value = e ? req_form(r, "name") : NULL;
	f.autocomplete = "off";
	f.optional_label = 1;
	form_input(r, w, &f, e);
	role_select(r, w, role);
	staff_area_select(r, w,
			  e && req_form(r, "local_area") ? atoll(req_form(r, "local_area")) : 0, e);
	memset(&f, 0, sizeof(f));
	f.name = "password";
	f.label = T(r, "First password");
	f.hint = T(r, "At least 12 characters. Give it to the person in a safe way; they sign in "
		      "with it at /admin/login.");
	f.type = "password";
	f.autocomplete = "new-password";
	f.required = 1;
	form_input(r, w, &f, e);
	form_submit(r, w, T(r, "Add the staff member"));
	form_end(r, w);
	admin_end(r, w);
}

int page_admin_staff(struct req *r, struct resp *w)
{
	staff_page(r, w, NULL);
	return 0;
}

int page_admin_staff_add(struct req *r, struct resp *w)
{
	struct staff_new n;
	struct form_errors e = { .n = 0 };
	enum staff_err err;
	const char *area = req_form(r, "local_area");

	memset(&n, 0, sizeof(n));
	n.email = req_form(r, "email");
	n.name = req_form(r, "name");
	n.password = req_form(r, "password") ? req_form(r, "password") : "";
	n.local_area = area && *area ? atoll(area) : 0;
	if (staff_role_parse(req_form(r, "role"), &n.role) != 0)
		n.role = ROLE_NONE;
	err = n.email ? staff_add(r->who, &n, NULL) : STAFF_EEMAIL;
	if (err == STAFF_OK)
		return resp_redirect(r, w, "/admin/staff?done=added");
	if (err == STAFF_EDB)
		return resp_error(r, w, 503, NULL);
	form_errors_add(&e, staff_err_field(err), T(r, staff_err_message(err)));
	staff_page(r, w, &e);
	w->status = 422;
	return 0;
}

static int64_t staff_id_param(struct req *r)
{
	const char *s = req_param(r, "id");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;

	return s && *s && *end == '\0' && v > 0 ? v : 0;
}

static void member_page(struct req *r, struct resp *w, const struct staff_member *m,
			const struct form_errors *e)
{
	struct field f;
	const char *action = arena_printf(r->arena, "/admin/staff/%lld", (long long)m->id);

	admin_begin(r, w, m->email, "staff", e && e->n);
	html(w, "<h1>");
	admin_breakable(r, w, m->email);
	html(w, "</h1>\n");
	form_error_summary(r, w, e);
	if (req_query(r, "done"))
		notice_text(w, "success", T(r, "Saved."));
	html(w,
	     "<dl class=\"summary\">\n<dt>%h</dt><dd>%h</dd>\n<dt>%h</dt><dd>%h</dd>\n"
	     "<dt>%h</dt><dd>%h</dd>\n</dl>\n",
	     T(r, "Name"), *m->name ? m->name : "—", T(r, "Account created"),
	     admin_time(r, m->created_at), T(r, "Sign-in"),
	     m->locked_until   ? tr_fmt(r->arena, r->lang, "Locked until %s after failed sign-ins.",
					admin_time(r, m->locked_until))
	     : m->has_password ? T(r, "Has a password.")
			       : T(r, "No password yet."));
	html(w, "<h2>%h</h2>\n", T(r, "Role and area"));
	form_begin(r, w, action, "post");
	role_select(r, w, m->role);
	staff_area_select(r, w, m->local_area, e);
	memset(&f, 0, sizeof(f));
	f.name = "active";
	f.label = T(r, "The account is active");
	f.hint = T(r, "Clear this to stop the person signing in; their sessions and API tokens "
		      "stop working at once.");
	f.value = m->active ? "1" : "0";
	form_checkbox(r, w, &f, e);
	form_submit(r, w, T(r, "Save"));
	form_end(r, w);

	html(w, "<h2>%h</h2>\n", T(r, "Set a new password"));
	form_begin(r, w, arena_printf(r->arena, "%s/password", action), "post");
	memset(&f, 0, sizeof(f));
	f.name = "password";
	f.label = T(r, "New password");
	f.hint = T(r, "At least 12 characters. This also ends a lockout after failed sign-ins.");
	f.type = "password";
	f.autocomplete = "new-password";
	f.required = 1;
	form_input(r, w, &f, e);
	form_submit(r, w, T(r, "Set the password"));
	form_end(r, w);
	html(w, "<p><a href=\"/admin/staff\">%h</a></p>\n", T(r, "Back to the staff list"));
	admin_end(r, w);
}

int page_admin_staff_member(struct req *r, struct resp *w)
{
	struct staff_member m;

	if (staff_get(r->arena, staff_id_param(r), &m) != 0)
		return resp_error(r, w, 404, NULL);
	member_page(r, w, &m, NULL);
	return 0;
}

int page_admin_staff_update(struct req *r, struct resp *w)
{
	struct staff_member m;
	struct form_errors e = { .n = 0 };
	enum role role = ROLE_NONE;
	const char *area = req_form(r, "local_area");
	int64_t id = staff_id_param(r);
	enum staff_err err;

	if (staff_get(r->arena, id, &m) != 0)
		return resp_error(r, w, 404, NULL);
	staff_role_parse(req_form(r, "role"), &role);
	err = staff_update(r->who, id, role, area && *area ? atoll(area) : 0,
			   req_form(r, "active") && !strcmp(req_form(r, "active"), "1"));
	if (err == STAFF_OK)
		return resp_redirect(
			r, w, arena_printf(r->arena, "/admin/staff/%lld?done=1", (long long)id));
	if (err == STAFF_EDB)
		return resp_error(r, w, 503, NULL);
	form_errors_add(&e, staff_err_field(err), T(r, staff_err_message(err)));
	member_page(r, w, &m, &e);
	w->status = 422;
	return 0;
}

int page_admin_staff_password(struct req *r, struct resp *w)
{
	struct staff_member m;
	struct form_errors e = { .n = 0 };
	int64_t id = staff_id_param(r);
	enum staff_err err;

	if (staff_get(r->arena, id, &m) != 0)
		return resp_error(r, w, 404, NULL);
	err = staff_set_password(r->who, id,
				 req_form(r, "password") ? req_form(r, "password") : "");
	if (err == STAFF_OK)
		return resp_redirect(
			r, w, arena_printf(r->arena, "/admin/staff/%lld?done=1", (long long)id));
	if (err == STAFF_EDB)
		return resp_error(r, w, 503, NULL);
	form_errors_add(&e, "password", T(r, staff_err_message(err)));
	member_page(r, w, &m, &e);
	w->status = 422;
	return 0;
}

/* ---- the audit log ---------------------------------------------------------------------- */

int page_admin_audit(struct req *r, struct resp *w)
{
	struct auditlog_filter f;
	struct auditlog_row *rows;
	int64_t next = 0;
	int n, i;
	struct field fl;
	const char *area = req_query(r, "local_area"), *before = req_query(r, "before");
	struct buf keep = BUF_INIT(4096);
	static const char *const skip[] = { "before", NULL };

	memset(&f, 0, sizeof(f));
	f.actor = req_query(r, "actor");
	f.action = req_query(r, "action");
	f.entity = req_query(r, "entity");
	f.entity_id = req_query(r, "entity_id");
	f.local_area = area && *area ? atoll(area) : 0;
	f.from = req_query(r, "from");
	f.to = req_query(r, "to");
	f.before_id = before ? atoll(before) : 0;
	n = auditlog_list(r->arena, r->who, &f, &rows, &next);
	if (n < 0)
		return resp_error(r, w, 503, NULL);
	admin_begin(r, w, T(r, "Audit log"), "audit", 0);
	html(w, "<h1>%h</h1>\n<p>%h</p>\n", T(r, "Audit log"),
	     T(r, "Every change made by staff and every look at a learner's personal data, newest "
		  "first."));
	html(w, "<div class=\"filters\">\n");
	form_begin(r, w, "/admin/audit", "get");
	memset(&fl, 0, sizeof(fl));
	fl.name = "actor";
	fl.label = T(r, "Staff e-mail");
	fl.type = "email";
	fl.value = f.actor;
	form_input(r, w, &fl, NULL);
	fl.name = "action";
	fl.label = T(r, "Action");
	fl.hint = T(r, "For example approve, deny, update, transfer, view, export, setting, "
		       "staff_add.");
	fl.type = "text";
	fl.value = f.action;
	form_input(r, w, &fl, NULL);
	fl.hint = NULL;
	fl.name = "entity";
	fl.label = T(r, "Kind of record");
	fl.hint = T(r, "learner, application, staff, setting, policy, region_programs, learners");
	fl.value = f.entity;
	form_input(r, w, &fl, NULL);
	fl.hint = NULL;
	fl.name = "entity_id";
	fl.label = T(r, "Record");
	fl.hint = T(r, "A learner's number, a request reference or a setting's name.");
	fl.value = f.entity_id;
	form_input(r, w, &fl, NULL);
	fl.hint = NULL;
	fl.name = "from";
	fl.label = T(r, "From");
	fl.type = "date";
	fl.value = f.from;
	form_input(r, w, &fl, NULL);
	fl.name = "to";
	fl.label = T(r, "To");
	fl.value = f.to;
	form_input(r, w, &fl, NULL);
	form_submit(r, w, T(r, "Show"));
	form_end(r, w);
	html(w, "</div>\n");
	if (!n) {
		html(w, "<p>%h</p>\n", T(r, "Nothing matches."));
	} else {
		html(w,
		     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
		     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead><tr>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		     "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		     T(r, "Audit entries, newest first"), T(r, "Audit entries, newest first"),
		     T(r, "When"), T(r, "Who"), T(r, "Action"), T(r, "Record"), T(r, "Local area"),
		     T(r, "Before"), T(r, "After"));
		for (i = 0; i < n; i++) {
			const struct auditlog_row *a = &rows[i];
			html(w,
			     "<tr><td>%h</td><td>%h <span class=\"meta\">(%h)</span></td><td>%h"
			     "</td><td>%h %h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
			     admin_time(r, a->at), *a->actor_email ? a->actor_email : "—",
			     a->actor_role, a->action, a->entity, a->entity_id,
			     a->local_area ? admin_area_name(r, a->local_area) : "—",
			     a->before ? a->before : "", a->after ? a->after : "");
		}
		html(w, "</tbody>\n</table>\n</div>\n");
	}
	if (next) {
		admin_query_keep(r, &keep, skip);
		html(w,
		     "<nav aria-label=\"%h\">\n<ul class=\"pager\">\n<li><a "
		     "href=\"/admin/audit?before=%D%h\">%h</a></li>\n</ul>\n</nav>\n",
		     T(r, "Pages"), next, keep.p, T(r, "Older entries"));
	}
	buf_release(&keep);
	admin_end(r, w);
	return 0;
}
