/* signup.c - the eligibility screener, the sign-up form and the status of a request.
 *
 *   GET/POST /eligibility   anonymous screener: a few questions, the policy's answer, a link
 *                           to sign up. Stores nothing.
 *   GET/POST /signup        the sign-up form; /inscribete is the same form, always in
 *                           Spanish (the FAQ's "Inscríbete Ahora").
 *   GET/POST /status        reference + e-mail -> where the request stands, what happens
 *                           next and by when (the 48-hour promise).
 * Every POST is a form with a CSRF token (route flag RF_CSRF). A form that comes back with
 * errors, a duplicate and an unknown reference are answered 200: they are pages for people
 * (the JSON API gives 422, 409 and 404). The sign-up form carries a
 * honeypot field that people never see: when it is filled, the page pretends success and
 * nothing is stored. Sign-up attempts are limited per network address.
 */
#include "pages/signup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "comeback.h"
#include "lookup.h"
#include "eligibility.h"
#include "geo.h"
#include "settings.h"
#include "util/timeutil.h"
#include "web/html.h"
#include "web/layout.h"

#define HONEYPOT "website" /* the field only robots fill (see signup_form) */

/* A UTC ISO time as people in New York read it. */
static const char *when(struct req *r, const char *iso)
{
	int64_t t;
	char buf[64];

	if (!iso || iso_parse(iso, &t) != 0)
		return iso;
	time_show_ny(t, r->lang == LANG_ES, buf, sizeof(buf));
	return tr_fmt(r->arena, r->lang, "%s, New York time", buf);
}

static int form_bool(struct req *r, const char *name)
{
	const char *v = req_form(r, name);

	if (!v || !*v)
		return -1;
	return !strcmp(v, "1") ? 1 : 0;
}

/* A date field's value for <input type="date">, which holds only YYYY-MM-DD: a date typed
 * another way (a browser without a date picker) is shown in that form when it can be read. */
static const char *date_value(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	char d[11];

	if (v && application_date_normalize(v, d) == 0)
		return arena_strdup(r->arena, d);
	return v;
}

static void errors_to_form(const struct app_errors *in, struct form_errors *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < in->n; i++)
		form_errors_add(out, in->items[i].field, in->items[i].message);
}

/* 429 with what was limited (why) and when to try again. */
static void too_many(struct req *r, struct resp *w, int64_t retry, const char *why)
{
	char secs[32];
	int64_t minutes = (retry + 59) / 60;

	snprintf(secs, sizeof(secs), "%lld", (long long)(retry > 0 ? retry : 60));
	resp_header(w, r, "Retry-After", arena_strdup(r->arena, secs));
	page_begin(r, w, T(r, "Too many requests"));
	w->status = 429;
	html(w, "<h1>%h</h1>\n<p>%h</p>\n<p>%h</p>\n", T(r, "Too many requests"), why,
	     trn_fmt(r->arena, r->lang, "Please try again in %lld minute.",
		     "Please try again in %lld minutes.", (long)(minutes > 0 ? minutes : 1),
		     (long long)(minutes > 0 ? minutes : 1)));
	html(w, "<p>%h <a href=\"mailto:%h\">%h</a></p>\n",
	     T(r, "If many people share your connection, for example at a library or a career "
		  "center, staff can help you sign up. Write to"),
	     settings_get(r->arena, "help_email"), settings_get(r->arena, "help_email"));
	page_end(r, w);
}

/* ---- the screener ------------------------------------------------------------------------ */

static void yes_no(struct req *r, struct opt out[2])
{
	out[0].value = "1";
	out[0].label = T(r, "Yes");
	out[1].value = "0";
	out[1].label = T(r, "No");
}

static void status_options(struct req *r, struct opt *opts)
{
	int i;

	for (i = 0; i < EMP_COUNT; i++) {
		opts[i].value = elig_status_name((enum elig_status)i);
		opts[i].label = elig_status_label(r->lang, (enum elig_status)i);
	}
}

static void screener_form(struct req *r, struct resp *w, const struct elig_policy *pol,
			  const struct form_errors *e)
{
	struct opt yn[2], st[EMP_COUNT];
	struct field f;

	yes_no(r, yn);
	status_options(r, st);
	form_error_summary(r, w, e);
	form_begin(r, w, "/eligibility", "post");
	memset(&f, 0, sizeof(f));
	f.name = "lives_ny";
	f.label = T(r, "Do you live in New York State?");
	f.value = req_form(r, "lives_ny");
	f.opts = yn;
	f.nopts = 2;
	form_radios(r, w, &f, e);
	f.name = "adult";
	f.label = tr_fmt(r->arena, r->lang, "Are you %d or older?", pol->min_age);
	f.value = req_form(r, "adult");
	form_radios(r, w, &f, e);
	f.name = "employment_status";
	f.label = T(r, "Which sentence describes you best?");
	f.value = req_form(r, "employment_status");
	f.opts = st;
	f.nopts = EMP_COUNT;
	form_radios(r, w, &f, e);
	if (pol->covid_related_required) {
		memset(&f, 0, sizeof(f));
		f.name = "covid_related";
		f.label = T(r, "I lost my job because of COVID-19");
		f.value = req_form(r, "covid_related");
		form_checkbox(r, w, &f, e);
	}
	memset(&f, 0, sizeof(f));
	f.name = "dol_staff";
	f.label = T(r, "Do you work for the New York State Department of Labor?");
	f.value = req_form(r, "dol_staff");
	f.opts = yn;
	f.nopts = 2;
	form_radios(r, w, &f, e);
	form_submit(r, w, T(r, "Check"));
	form_end(r, w);
}

static int screener_page(struct req *r, struct resp *w, const struct form_errors *e,
			 const struct elig_result *res)
{
	struct elig_policy pol;
	const char *signup = r->lang == LANG_ES ? "/inscribete" : "/signup";
	size_t i;

	if (policy_load(&pol) != 0)
		return resp_error(r, w, 503, NULL);
	page_begin_form(r, w, T(r, "Check if you qualify"), e && e->n);
	html(w, "<h1>%h</h1>\n", T(r, "Check if you qualify"));
	if (res) {
		const char *head = res->decision == ELIG_ELIGIBLE ? T(r, "You qualify")
				   : res->decision == ELIG_REVIEW
					   ? T(r, "A staff member needs to look at your situation")
					   : T(r, "You do not qualify at this time");
		notice_begin(w, res->decision == ELIG_ELIGIBLE ? "success"
				: res->decision == ELIG_REVIEW ? "info"
							       : "warning");
		html(w, "<h2 id=\"result\">%h</h2>\n<ul>\n", head);
		for (i = 0; i < res->n; i++)
			html(w, "<li>%h</li>\n", elig_result_message(r->arena, r->lang, res, i));
		html(w, "</ul>\n");
		if (res->decision != ELIG_INELIGIBLE)
			html(w, "<p><a class=\"button\" href=\"%h\">%h</a></p>\n", signup,
			     T(r, "Sign up now"));
		else
			html(w, "<p>%h</p>\n",
			     T(r, "If your situation changes, for example if you lose your job or "
				  "receive a layoff notice, come back and check again."));
		notice_end(w);
		html(w, "<h2>%h</h2>\n", T(r, "Check again with other answers"));
	} else {
		html(w, "<p class=\"lead\">%h</p>\n",
		     T(r, "Answer a few questions to find out in a minute whether you can get a "
			  "no-cost Coursera license. We do not keep your answers."));
	}
	screener_form(r, w, &pol, e);
	html(w, "<p>%h <a href=\"%h\">%h</a></p>\n", T(r, "Ready to ask for a license?"), signup,
	     T(r, "Go to the sign-up form"));
	page_end(r, w);
	return 0;
}

int page_eligibility(struct req *r, struct resp *w)
{
	return screener_page(r, w, NULL, NULL);
}

int page_eligibility_check(struct req *r, struct resp *w)
{
	struct form_errors e;
	struct elig_policy pol;
	struct elig_input in;
	struct elig_result res;
	char today[11], birth[11];
	int lives = form_bool(r, "lives_ny"), adult = form_bool(r, "adult"),
	    dol = form_bool(r, "dol_staff");
	enum elig_status st = EMP_UNEMPLOYED;

	memset(&e, 0, sizeof(e));
	if (lives < 0)
		form_errors_add(&e, "lives_ny",
				T(r, "Tell us whether you live in New York State."));
	if (adult < 0)
		form_errors_add(&e, "adult", T(r, "Tell us whether you are old enough."));
	if (elig_status_parse(req_form(r, "employment_status"), &st) != 0)
		form_errors_add(&e, "employment_status", T(r, "Choose your employment situation."));
	if (dol < 0)
		form_errors_add(&e, "dol_staff",
				T(r, "Tell us whether you work for the New York State Department "
				     "of Labor."));
	if (e.n)
		return screener_page(r, w, &e, NULL);
	if (policy_load(&pol) != 0)
		return resp_error(r, w, 503, NULL);
	/* the screener asks "old enough?", not the birth date: stand in a date that answers it */
	date_today_ny(today);
	memcpy(birth, adult ? "1900-01-01" : today, 11);
	memset(&in, 0, sizeof(in));
	in.birth_date = birth;
	in.today = today;
	in.in_new_york = lives;
	in.status = st;
	in.covid_related = form_bool(r, "covid_related") == 1;
	in.dol_staff = dol;
	if (elig_decide(&pol, &in, &res) != 0)
		return resp_error(r, w, 500, NULL);
	return screener_page(r, w, NULL, &res);
}

/* ---- the sign-up form -------------------------------------------------------------------- */

/* The towns of split counties whose names are translated (the others are proper names). */
static const char *const town_labels[] = { N_("Long Beach (city)"), N_("Glen Cove (city)"),
					   N_("Yonkers (city)"),
					   N_("Elsewhere in Westchester County") };

/* The town choices of one split county: visible and named "town" when `shown`, else hidden
 * and disabled until the county select chooses it (assets/signup.js). */
static void town_select(struct req *r, struct resp *w, const char *county, int shown,
			const struct form_errors *e)
{
	const char **towns;
	size_t n = geo_towns(r->arena, county, &towns), i;
	const char *err = shown ? form_errors_get(e, "town") : NULL;
	const char *value = req_form(r, "town");
	const char *id = shown ? "f-town" : arena_printf(r->arena, "f-town-%s", county);

	(void)town_labels;
	if (!n)
		return;
	html(w, "<div class=\"field%h\" data-town-for=\"%h\"%h>\n", err ? " has-error" : "", county,
	     shown ? "" : " hidden");
	html(w, "<label for=\"%h\">%h</label>\n", id,
	     tr_fmt(r->arena, r->lang, "Town or city in %s County", county));
	html(w, "<p class=\"hint\" id=\"h-%h\">%h</p>\n", id,
	     T(r, "The county is served by two local workforce areas, so we need your town or "
		  "city. You can also choose your village or hamlet."));
	if (err)
		html(w,
		     "<p class=\"error\" id=\"e-town\"><span class=\"visually-hidden\">%h</span> "
		     "%h</p>\n",
		     T(r, "Error:"), err);
	html(w, "<select id=\"%h\" name=\"town\" aria-describedby=\"h-%h%h\"%h%h>\n", id, id,
	     err ? " e-town" : "", err ? " aria-invalid=\"true\"" : "", shown ? "" : " disabled");
	html(w, "<option value=\"\">%h</option>\n", T(r, "Choose your town or city"));
	for (i = 0; i < n; i++)
		html(w, "<option value=\"%h\"%h>%h</option>\n", towns[i],
		     shown && value && !strcmp(value, towns[i]) ? " selected" : "",
		     tr(r->lang, towns[i]));
	/* every village, hamlet and city the county's people may name instead */
	n = geo_places(r->arena, county, &towns);
	if (n) {
		html(w, "<optgroup label=\"%h\">\n", T(r, "Or your village, hamlet or city"));
		for (i = 0; i < n; i++)
			html(w, "<option value=\"%h\"%h>%h</option>\n", towns[i],
			     shown && value && !strcmp(value, towns[i]) ? " selected" : "",
			     towns[i]);
		html(w, "</optgroup>\n");
	}
	html(w, "</select>\n</div>\n");
}

static void language_radios(struct req *r, struct resp *w, const char *value,
			    const struct form_errors *e)
{
	const char *err = form_errors_get(e, "language");

	if (!value || !*value)
		value = lang_code(r->lang);
	html(w, "<fieldset class=\"field%h\"%h>\n<legend>%h</legend>\n", err ? " has-error" : "",
	     err ? " aria-describedby=\"e-language\"" : "",
	     T(r, "In which language do you want your e-mails and courses?"));
	if (err)
		html(w,
		     "<p class=\"error\" id=\"e-language\"><span "
		     "class=\"visually-hidden\">%h</span> "
		     "%h</p>\n",
		     T(r, "Error:"), err);
	html(w,
	     "<div class=\"choice\"><input type=\"radio\" id=\"f-language\" name=\"language\" "
	     "value=\"en\"%h> <label for=\"f-language\" lang=\"en\">English</label></div>\n",
	     !strcmp(value, "en") ? " checked" : "");
	html(w,
	     "<div class=\"choice\"><input type=\"radio\" id=\"f-language-es\" name=\"language\" "
	     "value=\"es\"%h> <label for=\"f-language-es\" lang=\"es\">Español</label></div>\n",
	     !strcmp(value, "es") ? " checked" : "");
	html(w, "</fieldset>\n");
}

static void signup_form(struct req *r, struct resp *w, const char *action,
			const struct form_errors *e)
{
	struct arena *a = r->arena;
	const char **counties, *county = req_form(r, "county");
	size_t n = geo_counties(a, &counties), i;
	struct opt *copts = arena_alloc(a, (n + 2) * sizeof(*copts)), yn[2], st[EMP_COUNT];
	const char *split[2] = { "Nassau", "Westchester" };
	struct field f;

	yes_no(r, yn);
	status_options(r, st);
	copts[0].value = "";
	copts[0].label = T(r, "Choose your county");
	for (i = 0; i < n; i++) {
		copts[i + 1].value = counties[i];
		copts[i + 1].label = counties[i];
	}
	copts[n + 1].value = "outside";
	copts[n + 1].label = T(r, "I do not live in New York State");

	form_error_summary(r, w, e);
	form_begin(r, w, action, "post");

	html(w, "<h2>%h</h2>\n", T(r, "About you"));
	memset(&f, 0, sizeof(f));
	f.name = "first_name";
	f.label = T(r, "First name");
	f.value = req_form(r, "first_name");
	f.autocomplete = "given-name";
	f.required = 1;
	form_input(r, w, &f, e);
	f.name = "last_name";
	f.label = T(r, "Last name");
	f.value = req_form(r, "last_name");
	f.autocomplete = "family-name";
	form_input(r, w, &f, e);
	f.name = "birth_date";
	f.label = T(r, "Date of birth");
	f.hint = T(r, "For example, April 23, 1985.");
	f.type = "date";
	f.value = date_value(r, "birth_date");
	f.autocomplete = "bday";
	form_input(r, w, &f, e);

	html(w, "<h2>%h</h2>\n", T(r, "How we reach you"));
	memset(&f, 0, sizeof(f));
	f.name = "email";
	f.label = T(r, "E-mail address");
	f.hint = T(r, "We send the answer and your login instructions here.");
	f.type = "email";
	f.value = req_form(r, "email");
	f.autocomplete = "email";
	f.required = 1;
	form_input(r, w, &f, e);
	memset(&f, 0, sizeof(f));
	f.name = "phone";
	f.label = T(r, "Phone number");
	f.hint = T(r, "So staff can call you if there is a question about your request.");
	f.type = "tel";
	f.value = req_form(r, "phone");
	f.autocomplete = "tel";
	f.optional_label = 1;
	form_input(r, w, &f, e);
	language_radios(r, w, req_form(r, "language"), e);

	html(w, "<h2>%h</h2>\n", T(r, "Where you live"));
	memset(&f, 0, sizeof(f));
	f.name = "county";
	f.label = T(r, "County");
	f.hint = T(r, "Your county tells us which local workforce area and region serve you.");
	f.value = county;
	f.opts = copts;
	f.nopts = n + 2;
	f.required = 1;
	form_select(r, w, &f, e);
	for (i = 0; i < 2; i++)
		town_select(r, w, split[i], county && !strcmp(county, split[i]), e);

	html(w, "<h2>%h</h2>\n", T(r, "Your work"));
	memset(&f, 0, sizeof(f));
	f.name = "employment_status";
	f.label = T(r, "Which sentence describes you best?");
	f.value = req_form(r, "employment_status");
	f.opts = st;
	f.nopts = EMP_COUNT;
	form_radios(r, w, &f, e);
	memset(&f, 0, sizeof(f));
	f.name = "layoff_notice_date";
	f.label = T(r, "Date of your layoff notice");
	f.hint = T(r, "Only if your employer told you in writing that you will be laid off.");
	f.type = "date";
	f.value = date_value(r, "layoff_notice_date");
	f.optional_label = 1;
	form_input(r, w, &f, e);
	memset(&f, 0, sizeof(f));
	f.name = "covid_related";
	f.label = T(r, "I lost my job, or will lose it, because of COVID-19");
	f.value = req_form(r, "covid_related");
	form_checkbox(r, w, &f, e);
	memset(&f, 0, sizeof(f));
	f.name = "dol_staff";
	f.label = T(r, "Do you work for the New York State Department of Labor?");
	f.value = req_form(r, "dol_staff");
	f.opts = yn;
	f.nopts = 2;
	form_radios(r, w, &f, e);
	memset(&f, 0, sizeof(f));
	f.name = "osos_id";
	f.label = T(r, "OSOS ID");
	f.hint = T(r, "If a career center has helped you, your OSOS ID is on your papers: two "
		      "letters and seven numbers. Leave it empty if you do not know it.");
	f.value = req_form(r, "osos_id");
	f.optional_label = 1;
	f.autocomplete = "off";
	form_input(r, w, &f, e);

	html(w, "<h2>%h</h2>\n<p><a href=\"/terms\">%h</a></p>\n", T(r, "Program terms"),
	     T(r, "Read the program terms"));
	memset(&f, 0, sizeof(f));
	f.name = "consent";
	f.label = T(r, "I agree to the program terms, and the information I gave is true");
	f.value = req_form(r, "consent");
	form_checkbox(r, w, &f, e);

	/* Hidden from people (off screen), from screen readers (aria-hidden) and from the tab
	 * order; only robots fill it. */
	html(w,
	     "<div class=\"visually-hidden\" aria-hidden=\"true\">\n<label for=\"f-website\">"
	     "%h</label>\n<input type=\"text\" id=\"f-website\" name=\"website\" tabindex=\"-1\" "
	     "autocomplete=\"off\">\n</div>\n",
	     T(r, "Leave this field empty"));
	form_submit(r, w, T(r, "Send my request"));
	form_end(r, w);
	html(w, "<script src=\"/static/signup.js\" defer></script>\n");
}

static int signup_page(struct req *r, struct resp *w, const struct form_errors *e)
{
	const char *action = !strcmp(r->path, "/inscribete") ? "/inscribete" : "/signup";

	page_begin_form(r, w, T(r, "Sign up for a no-cost Coursera license"), e && e->n);
	html(w, "<h1>%h</h1>\n", T(r, "Sign up for a no-cost Coursera license"));
	if (!e || !e->n) {
		html(w, "<p class=\"lead\">%h</p>\n",
		     T(r,
		       "For New Yorkers who are unemployed, have lost their job, or have received "
		       "a layoff notice. It takes about five minutes. You will have an answer "
		       "within 48 hours."));
		html(w, "<p>%h <a href=\"/eligibility\">%h</a></p>\n",
		     T(r, "Not sure you qualify?"), T(r, "Check in one minute"));
	}
	signup_form(r, w, action, e);
	page_end(r, w);
	return 0;
}

/* /inscribete is the Spanish form whatever the visitor's language, unless they just chose
 * English with the language switch, which takes them to /signup. */
static int force_spanish(struct req *r, struct resp *w)
{
	if (strcmp(r->path, "/inscribete"))
		return 0;
	if (r->lang_from_query && r->lang == LANG_EN) {
		resp_redirect(r, w, "/signup");
		return 1;
	}
	r->lang = LANG_ES;
	return 0;
}

int page_signup(struct req *r, struct resp *w)
{
	if (force_spanish(r, w))
		return 0;
	return signup_page(r, w, NULL);
}

static void fact(struct resp *w, const char *label, const char *value)
{
	if (value && *value)
		html(w, "<dt>%h</dt>\n<dd>%h</dd>\n", label, value);
}

/* What happens next for a request in this state, and by when. */
static void next_step(struct req *r, struct resp *w, enum app_status st, const char *due,
		      int64_t position)
{
	switch (st) {
	case APP_PENDING_REVIEW:
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang,
			    "A staff member will review your request and e-mail you the answer by "
			    "%s.",
			    when(r, due)));
		break;
	case APP_APPROVED:
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang,
			    "Your request is approved and your license is being activated. You "
			    "will "
			    "get an e-mail with the login instructions by %s.",
			    when(r, due)));
		break;
	case APP_WAITLISTED:
		if (position > 0)
			html(w, "<p>%h</p>\n",
			     tr_fmt(r->arena, r->lang,
				    "You qualify, and you are number %lld on the waiting list for "
				    "a "
				    "seat.",
				    (long long)position));
		html(w, "<p>%h</p>\n",
		     T(r, "Every seat in the program is taken right now. When one becomes free, "
			  "your license is activated in the order requests arrived, and we e-mail "
			  "you the login instructions. You do not need to do anything."));
		break;
	case APP_ACTIVE:
		html(w, "<p>%h</p>\n<p><a class=\"button\" href=\"/login\">%h</a></p>\n",
		     T(r,
		       "Your license is active. Sign in with your e-mail address: we send you a "
		       "link, with no password to remember. Then browse the catalog and enroll."),
		     T(r, "Sign in"));
		break;
	case APP_DENIED:
		html(w, "<p>%h</p>\n",
		     T(r,
		       "If your situation changes, for example if you lose your job or receive a "
		       "layoff notice, you may apply again."));
		break;
	}
}

static void confirmation(struct req *r, struct resp *w, const struct app_result *res)
{
	const char *title;
	const char *kind;
	size_t i;

	switch (res->status) {
	case APP_ACTIVE:
		title = T(r, "You qualify: your license is active");
		kind = "success";
		break;
	case APP_WAITLISTED:
		title = T(r, "You qualify: you are on the waiting list");
		kind = "success";
		break;
	case APP_DENIED:
		title = T(r, "You do not qualify at this time");
		kind = "warning";
		break;
	default:
		title = T(r, "We received your request");
		kind = "info";
		break;
	}
	page_begin(r, w, title);
	html(w, "<h1>%h</h1>\n", title);
	notice_begin(w, kind);
	html(w, "<p>%h <strong class=\"reference\">%h</strong></p>\n<p>%h</p>\n",
	     T(r, "Your reference:"), res->reference,
	     T(r, "Write it down. With your e-mail address, it lets you check your status, and it "
		  "helps staff find your request if you call or write."));
	notice_end(w);
	if (res->elig.n) {
		html(w, "<h2>%h</h2>\n<ul>\n", T(r, "Why"));
		for (i = 0; i < res->elig.n; i++)
			html(w, "<li>%h</li>\n",
			     elig_result_message(r->arena, r->lang, &res->elig, i));
		html(w, "</ul>\n");
	}
	html(w, "<h2>%h</h2>\n", T(r, "What happens next"));
	next_step(r, w, res->status, res->due_at, 0);
	html(w, "<p>%h</p>\n",
	     tr_fmt(r->arena, r->lang, "We sent an e-mail about your request to %s.", res->email));
	html(w, "<h2>%h</h2>\n<dl class=\"facts\">\n", T(r, "Your request"));
	fact(w, T(r, "Reference"), res->reference);
	fact(w, T(r, "Status"), app_status_label(r->lang, res->status));
	fact(w, T(r, "Local workforce area"), res->local_area);
	fact(w, T(r, "Region"), res->region);
	fact(w, T(r, "Sent"), when(r, res->submitted_at));
	html(w, "</dl>\n<p><a href=\"/status?ref=%u\">%h</a></p>\n", res->reference,
	     T(r, "Check your status at any time"));
	page_end(r, w);
}

/* A filled honeypot: the same page a person would see, with a reference that exists
 * nowhere. Nothing is stored and no e-mail is sent. */
static void pretend_success(struct req *r, struct resp *w)
{
	struct app_result res;
	char due[ISO_LEN];

	memset(&res, 0, sizeof(res));
	application_new_reference(res.reference);
	res.status = APP_PENDING_REVIEW;
	res.lang = r->lang;
	res.email = req_form(r, "email") ? req_form(r, "email") : "";
	iso_now(res.submitted_at);
	iso_utc(now_unix() + 48 * 3600, due);
	memcpy(res.due_at, due, ISO_LEN);
	confirmation(r, w, &res);
}

static void duplicate(struct req *r, struct resp *w)
{
	const char *help = settings_get(r->arena, "help_email");

	page_begin(r, w, T(r, "You have already asked for a license"));
	html(w, "<h1>%h</h1>\n<p>%h</p>\n", T(r, "You have already asked for a license"),
	     T(r, "We already have a request from you, with the same e-mail address or the same "
		  "name and date of birth. Each person can have one request, so we did not create "
		  "another one."));
	html(w, "<p>%h</p>\n<p><a class=\"button\" href=\"/status\">%h</a></p>\n",
	     T(r, "To see where your request stands, use the reference from your confirmation "
		  "e-mail and your e-mail address."),
	     T(r, "Check your status"));
	html(w, "<p>%h <a href=\"mailto:%h\">%h</a></p>\n",
	     T(r, "Lost your reference, or think this is a mistake? Write to"), help, help);
	page_end(r, w);
}

int page_signup_submit(struct req *r, struct resp *w)
{
	struct app_input in;
	struct app_errors errs;
	struct form_errors e;
	struct app_result res;
	const char *hp = req_form(r, HONEYPOT);
	int64_t retry;
	int rc;

	if (force_spanish(r, w))
		return 0;
	if (!application_rate_ok(r->remote_addr, &retry)) {
		too_many(r, w, retry,
			 T(r,
			   "To keep the program safe, one internet connection can send only a "
			   "limited number of sign-up requests in an hour, and yours has reached "
			   "it."));
		return 0;
	}
	w->no_store = 1;
	if (hp && *hp) {
		pretend_success(r, w);
		return 0;
	}
	memset(&in, 0, sizeof(in));
	in.first_name = req_form(r, "first_name");
	in.last_name = req_form(r, "last_name");
	in.email = req_form(r, "email");
	in.phone = req_form(r, "phone");
	in.birth_date = req_form(r, "birth_date");
	in.county = req_form(r, "county");
	in.town = req_form(r, "town");
	in.employment_status = req_form(r, "employment_status");
	in.layoff_notice_date = req_form(r, "layoff_notice_date");
	in.osos_id = req_form(r, "osos_id");
	in.language = req_form(r, "language");
	in.covid_related = form_bool(r, "covid_related") == 1;
	in.dol_staff = form_bool(r, "dol_staff");
	in.consent = form_bool(r, "consent") == 1;
	in.remote_addr = r->remote_addr;
	in.ui_lang = r->lang;
	memset(&errs, 0, sizeof(errs));
	rc = application_submit(r->arena, &in, &res, &errs);
	switch (rc) {
	case APP_OK: confirmation(r, w, &res); return 0;
	case APP_DUPLICATE: duplicate(r, w); return 0;
	case APP_INVALID: errors_to_form(&errs, &e); return signup_page(r, w, &e);
	default: return resp_error(r, w, 503, NULL);
	}
}

/* ---- status ------------------------------------------------------------------------------ */

static void status_form(struct req *r, struct resp *w, const char *ref, const char *email,
			const struct form_errors *e)
{
	struct field f;

	form_error_summary(r, w, e);
	form_begin(r, w, "/status", "post");
	memset(&f, 0, sizeof(f));
	f.name = "reference";
	f.label = T(r, "Reference");
	f.hint = T(r, "It is in the e-mail we sent when you signed up, for example NY-7K4Q-92XH.");
	f.value = ref;
	f.autocomplete = "off";
	f.required = 1;
	form_input(r, w, &f, e);
	memset(&f, 0, sizeof(f));
	f.name = "email";
	f.label = T(r, "E-mail address");
	f.hint = T(r, "The one you gave when you signed up.");
	f.type = "email";
	f.value = email;
	f.autocomplete = "email";
	f.required = 1;
	form_input(r, w, &f, e);
	form_submit(r, w, T(r, "Check status"));
	form_end(r, w);
}

/* "E-mail me my reference", for a person who lost it. */
static void lookup_form(struct req *r, struct resp *w, const struct form_errors *e)
{
	struct field f;

	html(w, "<section aria-labelledby=\"lookup-h\">\n<h2 id=\"lookup-h\">%h</h2>\n<p>%h</p>\n",
	     T(r, "Lost your reference?"),
	     T(r, "Enter the e-mail address you signed up with. If we have a request from it, we "
		  "e-mail you its reference and where it stands."));
	form_begin(r, w, "/status/lookup", "post");
	memset(&f, 0, sizeof(f));
	f.name = "lookup_email";
	f.label = T(r, "E-mail address");
	f.type = "email";
	f.autocomplete = "email";
	f.required = 1;
	form_input(r, w, &f, e);
	form_submit(r, w, T(r, "E-mail me my reference"));
	form_end(r, w);
	html(w, "</section>\n");
}

static int status_page(struct req *r, struct resp *w, const char *ref, const char *email,
		       const struct form_errors *e)
{
	page_begin_form(r, w, T(r, "Check the status of your request"), e && e->n);
	html(w, "<h1>%h</h1>\n", T(r, "Check the status of your request"));
	if (!e || !e->n)
		html(w, "<p class=\"lead\">%h</p>\n",
		     T(r, "Enter the reference of your request and your e-mail address."));
	status_form(r, w, ref, email, e);
	lookup_form(r, w, NULL);
	page_end(r, w);
	return 0;
}

int page_status(struct req *r, struct resp *w)
{
	return status_page(r, w, req_query(r, "ref"), NULL, NULL);
}

static const char *day(struct req *r, const char *ymd)
{
	char buf[40];

	if (!ymd || strlen(ymd) < 10)
		return ymd;
	return arena_strdup(r->arena, date_show(arena_strndup(r->arena, ymd, 10),
						r->lang == LANG_ES, buf, sizeof(buf)));
}

/* A license that was removed or has expired: what happened and the way back. */
static void license_ended(struct req *r, struct resp *w, const struct license_info *lic)
{
	const char *help = settings_get(r->arena, "help_email");
	const char *again = r->lang == LANG_ES ? "/inscribete" : "/signup";

	notice_begin(w, "warning");
	if (!strcmp(lic->status, "removed")) {
		html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Your license was removed"),
		     tr_fmt(r->arena, r->lang,
			    "Your license was removed on %s because there was no course activity "
			    "for a long time.",
			    day(r, lic->removed_at)));
		html(w, "<p>%h</p>\n",
		     T(r, "To come back, ask for a license again. When it is activated, your "
			  "courses and progress are there as you left them."));
	} else {
		html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Your license has ended"),
		     tr_fmt(r->arena, r->lang, "Your license ended on %s, with the program's term.",
			    day(r, lic->ends)));
		html(w, "<p>%h</p>\n",
		     T(r, "If the program is renewed, your license comes back by itself and we "
			  "e-mail you. You may also ask for a license again; your courses and "
			  "progress are kept."));
	}
	html(w, "<p><a class=\"button\" href=\"%h\">%h</a></p>\n", again,
	     T(r, "Ask for a license again"));
	html(w, "<p>%h <a href=\"mailto:%h\">%h</a></p>\n",
	     T(r, "Think this is a mistake? Write to"), help, help);
	notice_end(w);
}

static const char *license_label(struct req *r, const char *status)
{
	if (!strcmp(status, "active"))
		return T(r, "License active");
	if (!strcmp(status, "waitlisted"))
		return T(r, "On the waiting list");
	if (!strcmp(status, "removed"))
		return T(r, "License removed");
	return T(r, "License ended");
}

static void status_result(struct req *r, struct resp *w, const struct app_view *v)
{
	const char *help = settings_get(r->arena, "help_email");
	struct license_info lic;
	int ended;
	size_t i;

	if (comeback_license(r->arena, v->id, &lic) != 0)
		memset(&lic, 0, sizeof(lic));
	ended = lic.learner_id &&
		(!strcmp(lic.status, "removed") || !strcmp(lic.status, "expired"));
	page_begin(r, w, tr_fmt(r->arena, r->lang, "Request %s", v->reference));
	html(w, "<h1>%h</h1>\n", tr_fmt(r->arena, r->lang, "Request %s", v->reference));
	html(w, "<p class=\"status\">%h <strong>%h</strong></p>\n", T(r, "Status:"),
	     lic.learner_id && !lic.newer_reference ? license_label(r, lic.status)
						    : app_status_label(r->lang, v->status));
	if (lic.newer_reference) {
		notice_begin(w, "info");
		html(w, "<p>%h <strong class=\"reference\">%h</strong></p>\n",
		     T(r, "You asked for a license again. Your current request is"),
		     lic.newer_reference);
		html(w, "<p><a href=\"/status?ref=%u\">%h</a></p>\n", lic.newer_reference,
		     T(r, "Check that request"));
		notice_end(w);
	} else if (ended) {
		license_ended(r, w, &lic);
	}
	if (v->overdue) {
		notice_begin(w, "warning");
		html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Your request is late"),
		     tr_fmt(r->arena, r->lang,
			    "We promise an answer within 48 hours, and it was due on %s. We are "
			    "sorry "
			    "for the wait.",
			    when(r, v->due_at)));
		html(w, "<p>%h <a href=\"mailto:%h\">%h</a></p>\n",
		     T(r, "Write to us with your reference and a staff member will look into it:"),
		     help, help);
		notice_end(w);
	}
	if (!ended && !lic.newer_reference) {
		enum app_status shown = v->status;
		if (lic.learner_id && !strcmp(lic.status, "waitlisted"))
			shown = APP_WAITLISTED;
		html(w, "<h2>%h</h2>\n", T(r, "What happens next"));
		if (!(v->overdue && (v->status == APP_PENDING_REVIEW || v->status == APP_APPROVED)))
			next_step(r, w, shown, v->due_at, v->waitlist_position);
		else if (v->status == APP_APPROVED)
			html(w, "<p>%h</p>\n",
			     T(r, "Your request is approved and your license is being activated."));
		else
			html(w, "<p>%h</p>\n",
			     T(r, "A staff member will review your request and e-mail you the "
				  "answer."));
	}
	if (v->elig.n || (v->status == APP_DENIED && v->decision_note && *v->decision_note)) {
		html(w, "<h2>%h</h2>\n<ul>\n", T(r, "Why"));
		if (v->status == APP_DENIED && v->decision_note && *v->decision_note)
			html(w, "<li>%h</li>\n", v->decision_note);
		else
			for (i = 0; i < v->elig.n; i++)
				html(w, "<li>%h</li>\n",
				     elig_result_message(r->arena, r->lang, &v->elig, i));
		html(w, "</ul>\n");
	}
	html(w, "<h2>%h</h2>\n<dl class=\"facts\">\n", T(r, "Your request"));
	fact(w, T(r, "Reference"), v->reference);
	fact(w, T(r, "Sent"), when(r, v->submitted_at));
	if (lic.learner_id && !lic.newer_reference) {
		fact(w, T(r, "License"), license_label(r, lic.status));
		if (lic.ends)
			fact(w,
			     !strcmp(lic.status, "expired") ? T(r, "License ended on")
							    : T(r, "License ends on"),
			     day(r, lic.ends));
	}
	if (v->status == APP_PENDING_REVIEW || v->status == APP_APPROVED ||
	    v->status == APP_WAITLISTED)
		fact(w, T(r, "Answer due by"), when(r, v->due_at));
	if (v->decided_at && *v->decided_at)
		fact(w, T(r, "Decided"), when(r, v->decided_at));
	fact(w, T(r, "Local workforce area"), v->local_area);
	fact(w, T(r, "Region"), v->region);
	html(w, "</dl>\n<p>%h <a href=\"mailto:%h\">%h</a></p>\n",
	     T(r, "Questions about your request? Write to"), help, help);
	page_end(r, w);
}

int page_status_check(struct req *r, struct resp *w)
{
	const char *ref = req_form(r, "reference"), *email = req_form(r, "email");
	struct form_errors e;
	struct app_view v;
	int64_t retry;
	int rc;

	w->no_store = 1;
	memset(&e, 0, sizeof(e));
	if (!ref || !*ref)
		form_errors_add(&e, "reference", T(r, "Enter the reference of your request."));
	if (!email || !*email)
		form_errors_add(&e, "email", T(r, "Enter your e-mail address."));
	if (e.n)
		return status_page(r, w, ref, email, &e);
	if (!application_lookup_rate_ok(r->remote_addr, &retry)) {
		too_many(r, w, retry,
			 T(r, "To keep everyone's requests private, one internet connection can "
			      "check only a limited number of requests in an hour, and yours has "
			      "reached it."));
		return 0;
	}
	rc = application_find(r->arena, ref, email, &v);
	if (rc == APP_ERR)
		return resp_error(r, w, 503, NULL);
	if (rc != APP_OK) {
		form_errors_add(&e, "reference",
				T(r, "We found no request with this reference and e-mail address. "
				     "Check both and try again."));
		return status_page(r, w, ref, email, &e);
	}
	status_result(r, w, &v);
	return 0;
}

/* POST /status/lookup: the same answer whether the address is known or not (lookup.h). */
int page_status_lookup(struct req *r, struct resp *w)
{
	const char *email = req_form(r, "lookup_email");
	struct form_errors e;
	int64_t retry;

	w->no_store = 1;
	memset(&e, 0, sizeof(e));
	if (!email || !strchr(email, '@') || strlen(email) > 254) {
		form_errors_add(&e, "lookup_email",
				T(r, "Enter the e-mail address you signed up with, like "
				     "name@example.com."));
		page_begin_form(r, w, T(r, "Check the status of your request"), 1);
		html(w, "<h1>%h</h1>\n", T(r, "Check the status of your request"));
		form_error_summary(r, w, &e);
		lookup_form(r, w, &e);
		page_end(r, w);
		return 0;
	}
	switch (lookup_reference(email, r->remote_addr, &retry)) {
	case LOOKUP_ACCEPTED: break;
	case LOOKUP_LIMITED:
		resp_header(w, r, "Retry-After", arena_printf(r->arena, "%lld", (long long)retry));
		return resp_error(r, w, 429,
				  T(r, "Too many requests from your connection. Please try again "
				       "in an hour."));
	default: return resp_error(r, w, 503, NULL);
	}
	page_begin(r, w, T(r, "Check your e-mail"));
	html(w, "<h1>%h</h1>\n<p>%h</p>\n<p>%h</p>\n", T(r, "Check your e-mail"),
	     T(r, "If we have a request from this address, we sent its reference and status to "
		  "it. It may take a few minutes; look in your spam folder too."),
	     T(r, "No e-mail? You may have signed up with another address, or not at all yet."));
	html(w, "<p><a class=\"button\" href=\"/status\">%h</a> <a href=\"%h\">%h</a></p>\n",
	     T(r, "Check your status"), r->lang == LANG_ES ? "/inscribete" : "/signup",
	     T(r, "Sign up"));
	page_end(r, w);
	return 0;
}
