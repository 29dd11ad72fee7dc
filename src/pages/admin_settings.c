/* admin_settings.c - program settings: the values state admins change, the license term and the
 * eligibility policy: state administrators' pages (admin.h). */
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
