/* learner.c - signing in and My learning (pages/learner.h).
 *
 * Each handler reads its parameters, calls login.h or enrollment.h and renders; nothing here
 * touches the database itself. After a change (enroll, drop, password) the handler redirects
 * to /me with what happened in the query (?enrolled=slug, ?refused=code&program=slug, …), so
 * reloading the page never repeats the change and the notice names the program.
 */
#include "pages/learner.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "enrollment.h"
#include "login.h"
#include "principal.h"
#include "settings.h"
#include "util/timeutil.h"
#include "web/html.h"
#include "web/layout.h"
#include "session.h"
#include "web/session.h"

/* ---- helpers -------------------------------------------------------------------------------- */

/* A stored UTC time as New Yorkers read it, in the request's language ("" for none). */
static const char *when(struct req *r, const char *iso)
{
	int64_t t;
	char *out;

	if (!iso || !*iso || iso_parse(iso, &t) != 0)
		return "";
	out = arena_alloc(r->arena, 48);
	return time_show_ny(t, r->lang == LANG_ES, out, 48);
}

static const char *day(struct req *r, const char *ymd)
{
	char *out;

	if (!ymd || !*ymd)
		return "";
	out = arena_alloc(r->arena, 48);
	return date_show(ymd, r->lang == LANG_ES, out, 48);
}

/* path + "?" + key=value (value percent-encoded), for redirects after a change. */
static const char *with_param(struct req *r, const char *path, const char *key, const char *value,
			      const char *key2, const char *value2)
{
	struct buf b = BUF_INIT(2048);
	const char *out;

	buf_puts(&b, path);
	buf_puts(&b, "?");
	buf_puts(&b, key);
	buf_puts(&b, "=");
	html_urlenc(&b, value ? value : "");
	if (key2) {
		buf_puts(&b, "&");
		buf_puts(&b, key2);
		buf_puts(&b, "=");
		html_urlenc(&b, value2 ? value2 : "");
	}
	out = arena_strdup(r->arena, b.p);
	buf_release(&b);
	return out;
}

static const char *help_email(struct req *r)
{
	const char *h = settings_get(r->arena, "help_email");
	return h ? h : "";
}

/* ---- sign in --------------------------------------------------------------------------------- */

static void login_links(struct req *r, struct resp *w, const char *next, int to_password)
{
	if (to_password)
		html(w, "<p><a href=\"/login/password?next=%u\">%h</a></p>\n", next,
		     T(r, "Sign in with your password instead"));
	else
		html(w, "<p><a href=\"/login?next=%u\">%h</a></p>\n", next,
		     T(r, "Sign in with a link sent by e-mail instead"));
	html(w, "<p>%h <a href=\"/eligibility\">%h</a> · <a href=\"/status\">%h</a></p>\n",
	     T(r, "Only people whose request was approved can sign in. Not signed up yet?"),
	     T(r, "Check if you qualify"), T(r, "Check your request status"));
}

static int login_form(struct req *r, struct resp *w, const char *email, const char *next,
		      const struct form_errors *e, int status)
{
	struct field f = { .name = "email",
			   .label = T(r, "E-mail address"),
			   .hint = T(r, "The address you used to sign up."),
			   .type = "email",
			   .value = email,
			   .autocomplete = "email",
			   .required = 1 };
	const char *out = req_query(r, "out");

	w->status = status;
	page_begin_form(r, w, T(r, "Sign in to My learning"), e && e->n);
	form_error_summary(r, w, e);
	if (out && !e) {
		notice_begin(w, "success");
		html(w, "<p role=\"status\">%h</p>\n",
		     !strcmp(out, "all") ? T(r, "You are signed out on every device.")
					 : T(r, "You are signed out."));
		notice_end(w);
	}
	html(w, "<h1>%h</h1>\n<p>%h</p>\n", T(r, "Sign in to My learning"),
	     T(r, "Enter the e-mail address you used to sign up. We will send you a link to sign "
		  "in. The link works once, within 15 minutes."));
	form_begin(r, w, "/login", "post");
	html(w, "<input type=\"hidden\" name=\"next\" value=\"%h\">\n", next);
	form_input(r, w, &f, e);
	form_submit(r, w, T(r, "Send me a sign-in link"));
	form_end(r, w);
	login_links(r, w, next, 1);
	page_end(r, w);
	return 0;
}

/* GET /login[?next=/path] */
int page_login(struct req *r, struct resp *w)
{
	const char *next = login_safe_next(req_query(r, "next"));

	if (r->who->role == ROLE_LEARNER)
		return resp_redirect(r, w, next);
	return login_form(r, w, NULL, next, NULL, 200);
}

static int too_many(struct req *r, struct resp *w)
{
	w->status = 429;
	resp_header(w, r, "Retry-After", "900");
	page_begin(r, w, T(r, "Too many sign-in attempts"));
	html(w, "<h1>%h</h1>\n<p>%h</p>\n<p><a href=\"/login\">%h</a></p>\n",
	     T(r, "Too many sign-in attempts"),
	     T(r, "To protect your account, signing in is paused for a while. Wait 15 minutes, "
		  "then try again."),
	     T(r, "Back to sign in"));
	page_end(r, w);
	return 0;
}

/* POST /login (email, next): the same answer whether or not the address is a learner's. */
int page_login_send(struct req *r, struct resp *w)
{
	const char *email = req_form(r, "email"), *next = login_safe_next(req_form(r, "next"));
	struct form_errors e = { .n = 0 };
	enum login_result rc = login_request_link(email, r->remote_addr, r->lang, next);

	if (rc == LOGIN_BAD) {
		form_errors_add(&e, "email",
				T(r, "Enter your e-mail address, like name@example.com."));
		return login_form(r, w, email, next, &e, 422);
	}
	if (rc == LOGIN_LIMITED)
		return too_many(r, w);
	if (rc != LOGIN_OK)
		return resp_error(r, w, 503, NULL);
	page_begin(r, w, T(r, "Check your e-mail"));
	html(w, "<h1>%h</h1>\n", T(r, "Check your e-mail"));
	html(w, "<p>%h <strong>%h</strong>%h</p>\n",
	     T(r, "If this is the address of an approved request, we have sent a sign-in link to"),
	     email, T(r, ". The link works once, within 15 minutes."));
	html(w, "<p>%h</p>\n<p><a href=\"/login?next=%u\">%h</a></p>\n",
	     T(r, "No e-mail after a few minutes? Look in your spam or junk folder, or ask for a "
		  "new link. If your request is still being reviewed, you cannot sign in yet."),
	     next, T(r, "Ask for a new link"));
	html(w, "<p><a href=\"/status\">%h</a></p>\n", T(r, "Check your request status"));
	page_end(r, w);
	return 0;
}

static int password_form(struct req *r, struct resp *w, const char *email, const char *next,
			 const struct form_errors *e, int status)
{
	struct field fe = { .name = "email",
			    .label = T(r, "E-mail address"),
			    .type = "email",
			    .value = email,
			    .autocomplete = "username",
			    .required = 1 };
	struct field fp = { .name = "password",
			    .label = T(r, "Password"),
			    .type = "password",
			    .autocomplete = "current-password",
			    .required = 1 };

	w->status = status;
	page_begin_form(r, w, T(r, "Sign in with your password"), e && e->n);
	form_error_summary(r, w, e);
	html(w, "<h1>%h</h1>\n<p>%h</p>\n", T(r, "Sign in with your password"),
	     T(r, "This works once you have set a password in My learning. Otherwise, ask for a "
		  "sign-in link by e-mail."));
	form_begin(r, w, "/login/password", "post");
	html(w, "<input type=\"hidden\" name=\"next\" value=\"%h\">\n", next);
	form_input(r, w, &fe, e);
	form_input(r, w, &fp, e);
	form_submit(r, w, T(r, "Sign in"));
	form_end(r, w);
	login_links(r, w, next, 0);
	page_end(r, w);
	return 0;
}

/* GET /login/password[?next=/path] */
int page_login_password(struct req *r, struct resp *w)
{
	const char *next = login_safe_next(req_query(r, "next"));

	if (r->who->role == ROLE_LEARNER)
		return resp_redirect(r, w, next);
	return password_form(r, w, NULL, next, NULL, 200);
}

static int sign_in(struct req *r, struct resp *w, int64_t learner_id, const char *next)
{
	struct principal p = { ROLE_LEARNER, learner_id, 0, NULL, NULL };
	struct learner_license lic;

	if (session_start(r, w, &p) != 0)
		return resp_error(r, w, 503, NULL);
	/* My learning speaks the person's language from now on, until they switch */
	if (learner_license_get(learner_id, r->arena, &lic) == 0 && lic.language)
		resp_cookie(r, w, "lang", !strcmp(lic.language, "es") ? "es" : "en",
			    365L * 24 * 3600);
	return resp_redirect(r, w, next);
}

/* POST /login/password (email, password, next) */
int page_login_password_check(struct req *r, struct resp *w)
{
	const char *email = req_form(r, "email"), *next = login_safe_next(req_form(r, "next"));
	struct form_errors e = { .n = 0 };
	int64_t id = 0;
	enum login_result rc = login_password(email, req_form(r, "password"), r->remote_addr, &id);

	if (rc == LOGIN_OK)
		return sign_in(r, w, id, next);
	if (rc == LOGIN_LIMITED)
		return too_many(r, w);
	if (rc != LOGIN_BAD)
		return resp_error(r, w, 503, NULL);
	form_errors_add(&e, "password",
			T(r,
			  "The e-mail address or the password is not right. Try again, or sign in "
			  "with a link sent by e-mail."));
	return password_form(r, w, email, next, &e, 422);
}

static int link_broken(struct req *r, struct resp *w)
{
	return link_broken_page(r, w, "/login");
}

/* GET /login/link?t=…: the link in the e-mail. Shows a button; only pressing it uses the link,
 * so a mail scanner that opens links cannot use it up. */
int page_login_link(struct req *r, struct resp *w)
{
	const char *t = req_query(r, "t");

	if (login_link_check(t) != LOGIN_OK)
		return link_broken(r, w);
	link_confirm_page(r, w, T(r, "Sign in to My learning"), "/login/link", t);
	return 0;
}

/* POST /login/link (t) */
int page_login_link_use(struct req *r, struct resp *w)
{
	int64_t id = 0;
	const char *next = "/me";
	enum login_result rc = login_link_use(req_form(r, "t"), r->arena, &id, &next);

	if (rc == LOGIN_ERR)
		return resp_error(r, w, 503, NULL);
	if (rc != LOGIN_OK)
		return link_broken(r, w);
	return sign_in(r, w, id, next);
}

/* POST /logout */
int page_logout(struct req *r, struct resp *w)
{
	session_end(r, w);
	return resp_redirect(r, w, "/login?out=1");
}

/* POST /logout/all: every session of this learner, on every device. */
int page_logout_all(struct req *r, struct resp *w)
{
	if (session_end_all(ROLE_LEARNER, r->who->id) != 0)
		return resp_error(r, w, 503, NULL);
	session_end(r, w);
	return resp_redirect(r, w, "/login?out=all");
}

/* ---- My learning ------------------------------------------------------------------------------ */

static enum enroll_result result_parse(const char *code)
{
	static const enum enroll_result all[] = {
		ENR_ALREADY_ENROLLED, ENR_ALREADY_COMPLETED, ENR_NOT_ENROLLED, ENR_WAITLISTED,
		ENR_REMOVED,	      ENR_EXPIRED,	     ENR_NO_PROGRAM,   ENR_NO_LEARNER,
	};
	size_t i;

	for (i = 0; code && i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(code, enroll_result_code(all[i])))
			return all[i];
	return ENR_ERROR;
}

static const struct enrollment *find(const struct enrollment_list *l, const char *slug)
{
	size_t i;

	for (i = 0; slug && i < l->n; i++)
		if (!strcmp(l->items[i].program_slug, slug))
			return &l->items[i];
	return NULL;
}

/* The notice for what the last action did (from the redirect's query). */
static void me_notice(struct req *r, struct resp *w, const struct enrollment_list *l)
{
	const char *slug, *code = req_query(r, "refused"), *pw = req_query(r, "password");
	const struct enrollment *e;

	if (code) {
		e = find(l, req_query(r, "program"));
		notice_begin(w, "error");
		html(w, "<div role=\"alert\">\n");
		if (e)
			html(w, "<p><strong>%h</strong></p>\n", e->program_title);
		html(w, "<p>%h</p>\n</div>\n", enroll_result_message(r->lang, result_parse(code)));
		notice_end(w);
		return;
	}
	if (pw) {
		notice_begin(w, "success");
		html(w, "<p role=\"status\">%h</p>\n",
		     !strcmp(pw, "removed")
			     ? T(r,
				 "Your password was removed. Sign in with a link sent by e-mail.")
			     : T(r, "Your password is set. You were signed out on your other "
				    "devices."));
		notice_end(w);
		return;
	}
	if ((slug = req_query(r, "enrolled")) && (e = find(l, slug))) {
		notice_begin(w, "success");
		html(w, "<div role=\"status\">\n<p><strong>%h</strong></p>\n<p>%h</p>\n</div>\n",
		     e->program_title,
		     req_query(r, "again")
			     ? T(r, "You are enrolled again. Your earlier progress is "
				    "kept. Use “Go to the course” to continue.")
		     : req_query(r, "already")
			     ? T(r, "You were already enrolled in this program.")
			     : T(r, "You are enrolled, at no cost. Use “Go to the course” to start "
				    "learning at Coursera."));
		notice_end(w);
	} else if ((slug = req_query(r, "dropped")) && (e = find(l, slug))) {
		notice_begin(w, "info");
		html(w, "<div role=\"status\">\n<p><strong>%h</strong></p>\n<p>%h</p>\n</div>\n",
		     e->program_title,
		     T(r, "You dropped this program. You can re-enroll at any time, for free."));
		notice_end(w);
	}
}

static void license_section(struct req *r, struct resp *w, const struct learner_license *lic)
{
	const char *name =
		settings_get(r->arena, r->lang == LANG_ES ? "program_name_es" : "program_name_en");
	const char *status = lic->status, *badge = "badge-bad", *label, *text;

	if (!strcmp(status, "active")) {
		badge = "badge-ok";
		label = T(r, "Active");
		text = T(r, "You can enroll in as many programs as you like, at no cost.");
	} else if (!strcmp(status, "waitlisted")) {
		badge = "badge-warn";
		label = T(r, "On the waiting list");
		text = T(r, "All licenses are in use right now. You are on the waiting list and we "
			    "will e-mail you as soon as your license is active. Until then you "
			    "cannot enroll.");
	} else if (!strcmp(status, "removed")) {
		label = T(r, "Removed");
		text = lic->removed_at
			       ? tr_fmt(r->arena, r->lang,
					"Your license was removed on %s, after a long time without "
					"course activity, so you cannot enroll or drop programs "
					"now. "
					"To come back, ask for a license again: when it is active, "
					"your programs and progress are here as you left them.",
					day(r, lic->removed_at))
			       : T(r,
				   "Your license was removed, so you cannot enroll or drop "
				   "programs now. To come back, ask for a license again: when it "
				   "is active, your programs and progress are here as you left "
				   "them.");
	} else {
		label = T(r, "Expired");
		text = T(r, "Your license ended with the program's term, so you cannot enroll or "
			    "drop programs now. If the program is renewed, your license comes back "
			    "by itself and we e-mail you. You may also ask for a license again: "
			    "your programs and progress are kept.");
	}
	html(w,
	     "<section aria-labelledby=\"license-h\">\n<h2 id=\"license-h\">%h</h2>\n"
	     "<dl class=\"summary\">\n",
	     T(r, "Your license"));
	html(w, "<dt>%h</dt><dd>%h (%h)</dd>\n", T(r, "Program"), name,
	     !strcmp(lic->program, "es") ? T(r, "in Spanish") : T(r, "in English"));
	html(w, "<dt>%h</dt><dd><span class=\"badge %h\">%h</span></dd>\n", T(r, "Status"), badge,
	     label);
	if (lic->activated_at && !strcmp(status, "active"))
		html(w, "<dt>%h</dt><dd>%h</dd>\n", T(r, "Active since"),
		     when(r, lic->activated_at));
	html(w, "<dt>%h</dt><dd>%h</dd>\n</dl>\n<p>%h</p>\n",
	     !strcmp(status, "expired") ? T(r, "License ended on") : T(r, "License term ends"),
	     day(r, lic->term_ends), text);
	if (!strcmp(status, "removed") || !strcmp(status, "expired"))
		html(w,
		     "<p><a class=\"button\" href=\"%h\">%h</a></p>\n<p>%h <a "
		     "href=\"mailto:%h\">%h</a></p>\n",
		     r->lang == LANG_ES ? "/inscribete" : "/signup",
		     T(r, "Ask for a license again"), T(r, "Think this is a mistake? Write to"),
		     help_email(r), help_email(r));
	html(w, "</section>\n");
}

static void enrollment_card(struct req *r, struct resp *w, const struct enrollment *e,
			    int can_change)
{
	const char *kind = catalog_label(catalog_kinds, e->program_kind);
	int pct = (int)floor(e->progress + 0.5);

	html(w, "<li class=\"card\">\n<h3><a href=\"/programs/%u\">%h</a></h3>\n", e->program_slug,
	     e->program_title);
	html(w, "<p class=\"meta\">%h%h%h</p>\n", e->partner, *e->partner && kind ? " · " : "",
	     kind ? tr(r->lang, kind) : "");
	if (!strcmp(e->state, "completed"))
		html(w, "<p><span class=\"badge badge-ok\">%h</span></p>\n", T(r, "Completed"));
	else if (!strcmp(e->state, "dropped"))
		html(w, "<p><span class=\"badge badge-warn\">%h</span></p>\n", T(r, "Dropped"));
	else
		html(w, "<p><span class=\"badge badge-ok\">%h</span></p>\n", T(r, "Enrolled"));
	html(w, "<p id=\"progress-%D\">%h</p>\n", e->id,
	     tr_fmt(r->arena, r->lang, "Progress: %d%% complete", pct));
	html(w,
	     "<progress class=\"progress\" max=\"100\" value=\"%d\" "
	     "aria-labelledby=\"progress-%D\">"
	     "%d%%</progress>\n",
	     pct, e->id, pct);
	html(w, "<ul class=\"facts\">\n");
	if (e->last_activity_at)
		html(w, "<li>%h %h</li>\n", T(r, "Last activity:"), when(r, e->last_activity_at));
	else
		html(w, "<li>%h</li>\n", T(r, "No activity reported by Coursera yet."));
	if (e->learning_hours > 0)
		html(w, "<li>%h</li>\n",
		     tr_fmt(r->arena, r->lang, "Learning time: %.1f hours", e->learning_hours));
	if (e->completed_at)
		html(w, "<li>%h %h</li>\n", T(r, "Completed on"), when(r, e->completed_at));
	if (e->has_grade)
		html(w, "<li>%h</li>\n",
		     tr_fmt(r->arena, r->lang, "Grade: %d%%", (int)floor(e->grade + 0.5)));
	if (!strcmp(e->state, "dropped") && e->dropped_at)
		html(w, "<li>%h %h</li>\n", T(r, "Dropped on"), when(r, e->dropped_at));
	html(w, "</ul>\n");
	if (*e->certificate_url)
		html(w,
		     "<p><a href=\"%h\">%h<span class=\"visually-hidden\"> – %h</span></a></p>\n",
		     e->certificate_url, T(r, "View your certificate"), e->program_title);

	html(w,
	     "<div class=\"actions\">\n<a class=\"button\" href=\"%h\">%h<span "
	     "class=\"visually-hidden\"> – %h</span></a>\n",
	     e->course_url, T(r, "Go to the course"), e->program_title);
	if (!can_change) {
		; /* no license to enroll or drop with */
	} else if (!strcmp(e->state, "enrolled")) {
		struct buf b = BUF_INIT(1024);
		buf_puts(&b, "/me/enrollments/");
		html_urlenc(&b, e->program_slug);
		buf_puts(&b, "/drop");
		form_begin(r, w, b.p, "post");
		buf_release(&b);
		html(w,
		     "<button type=\"submit\" class=\"button secondary\">%h<span "
		     "class=\"visually-hidden\"> – %h</span></button>\n",
		     T(r, "Drop"), e->program_title);
		form_end(r, w);
	} else if (!strcmp(e->state, "dropped")) {
		form_begin(r, w, "/me/enrollments", "post");
		html(w,
		     "<input type=\"hidden\" name=\"program\" value=\"%h\">\n"
		     "<button type=\"submit\" class=\"button secondary\">%h<span "
		     "class=\"visually-hidden\"> – %h</span></button>\n",
		     e->program_slug, T(r, "Re-enroll for free"), e->program_title);
		form_end(r, w);
	}
	html(w, "</div>\n</li>\n");
}

static void suggestions_section(struct req *r, struct resp *w, const struct learner_license *lic)
{
	struct suggestion s[6];
	size_t n = 0, i;

	if (!lic->region_id ||
	    enrollment_suggestions(lic->id, lic->region_id, 6, r->arena, s, &n) != 0 || !n)
		return;
	html(w,
	     "<section aria-labelledby=\"suggest-h\">\n<h2 id=\"suggest-h\">%h</h2>\n<p>%h</p>\n"
	     "<ul class=\"cards\">\n",
	     T(r, "Suggested for your region"),
	     T(r, "Programs chosen for careers in demand where you live."));
	for (i = 0; i < n; i++) {
		const char *kind = catalog_label(catalog_kinds, s[i].kind);
		html(w,
		     "<li class=\"card\">\n<h3><a href=\"/programs/%u\">%h</a></h3>\n"
		     "<p class=\"meta\">%h%h%h</p>\n",
		     s[i].slug, s[i].title, s[i].partner, *s[i].partner && kind ? " · " : "",
		     kind ? tr(r->lang, kind) : "");
		if (!strcmp(lic->status, "active")) {
			form_begin(r, w, "/me/enrollments", "post");
			html(w,
			     "<input type=\"hidden\" name=\"program\" value=\"%h\">\n"
			     "<button type=\"submit\" class=\"button\">%h<span "
			     "class=\"visually-hidden\"> – %h</span></button>\n",
			     s[i].slug, T(r, "Enroll for free"), s[i].title);
			form_end(r, w);
		}
		html(w, "</li>\n");
	}
	html(w, "</ul>\n<p><a href=\"/catalog\">%h</a></p>\n</section>\n",
	     T(r, "See the whole catalog for your region"));
}

static void account_section(struct req *r, struct resp *w, const struct learner_license *lic)
{
	html(w,
	     "<section aria-labelledby=\"account-h\">\n<h2 id=\"account-h\">%h</h2>\n"
	     "<p>%h <strong>%h</strong></p>\n",
	     T(r, "Your account"), T(r, "Signed in as"), lic->email);
	html(w, "<p><a href=\"/me/password\">%h</a></p>\n",
	     lic->has_password ? T(r, "Change or remove your password")
			       : T(r, "Set a password (optional)"));
	form_begin(r, w, "/logout", "post");
	form_submit(r, w, T(r, "Sign out"));
	form_end(r, w);
	form_begin(r, w, "/logout/all", "post");
	html(w,
	     "<button type=\"submit\" class=\"button secondary\" aria-describedby=\"all-hint\">"
	     "%h</button>\n<p class=\"hint\" id=\"all-hint\">%h</p>\n",
	     T(r, "Sign out everywhere"),
	     T(r, "Signs you out on every computer and phone where you are signed in."));
	form_end(r, w);
	html(w, "</section>\n");
}

/* The learner of this session, or an answer already made (signed out: the learner is gone). */
static int load_learner(struct req *r, struct resp *w, struct learner_license *lic)
{
	int rc = learner_license_get(r->who->id, r->arena, lic);

	if (rc < 0) {
		resp_error(r, w, 503, NULL);
		return -1;
	}
	if (rc > 0) {
		session_end(r, w);
		resp_redirect(r, w, "/login");
		return -1;
	}
	return 0;
}

/* GET /me */
int page_me(struct req *r, struct resp *w)
{
	struct learner_license lic;
	struct enrollment_list l;
	size_t i;

	if (load_learner(r, w, &lic) != 0)
		return 0;
	if (enrollment_list(lic.id, r->arena, &l) != 0)
		return resp_error(r, w, 503, NULL);
	w->no_store = 1;
	page_begin(r, w, T(r, "My learning"));
	me_notice(r, w, &l);
	html(w, "<h1>%h</h1>\n<p class=\"lead\">%h</p>\n", T(r, "My learning"),
	     tr_fmt(r->arena, r->lang, "Hello, %s.", lic.first_name));
	license_section(r, w, &lic);

	html(w, "<section aria-labelledby=\"programs-h\">\n<h2 id=\"programs-h\">%h</h2>\n",
	     T(r, "Your programs"));
	if (l.active > ENROLL_ADVICE_ABOVE) {
		notice_begin(w, "info");
		html(w, "<p>%h %h</p>\n",
		     tr_fmt(r->arena, r->lang, "You are enrolled in %zu programs at once.",
			    l.active),
		     T(r, "There is no limit, but courses can be intensive learning experiences: "
			  "you may want to take only one or two at a time, depending on how much "
			  "time you can give to learning."));
		notice_end(w);
	}
	if (!l.n) {
		html(w, "<p>%h <a href=\"/catalog\">%h</a> · <a href=\"/explore\">%h</a></p>\n",
		     T(r, "You have not enrolled in a program yet. Find one in the catalog:"),
		     T(r, "Browse catalog"), T(r, "Explore"));
	} else {
		html(w, "<p>%h</p>\n<ul class=\"cards\">\n",
		     T(r, "Progress and completion come from Coursera's reports and are updated "
			  "regularly, so the newest activity may take a day to show here."));
		for (i = 0; i < l.n; i++)
			enrollment_card(r, w, &l.items[i], !strcmp(lic.status, "active"));
		html(w, "</ul>\n");
	}
	html(w, "</section>\n");
	suggestions_section(r, w, &lic);
	account_section(r, w, &lic);
	page_end(r, w);
	return 0;
}

/* GET /me/enrollments: where a sign-in that started at an Enroll button lands. */
int page_me_enrollments(struct req *r, struct resp *w)
{
	return resp_redirect(r, w, "/me");
}

static int after_change(struct req *r, struct resp *w, enum enroll_result rc, const char *slug,
			const char *done, const struct enroll_outcome *out)
{
	if (rc == ENR_ERROR)
		return resp_error(r, w, 503, NULL);
	if (rc == ENR_OK && out->reenrolled)
		return resp_redirect(r, w, with_param(r, "/me", done, slug, "again", "1"));
	if (rc == ENR_OK)
		return resp_redirect(r, w, with_param(r, "/me", done, slug, NULL, NULL));
	if (rc == ENR_ALREADY_ENROLLED)
		return resp_redirect(r, w, with_param(r, "/me", "enrolled", slug, "already", "1"));
	return resp_redirect(
		r, w, with_param(r, "/me", "refused", enroll_result_code(rc), "program", slug));
}

/* POST /me/enrollments (program): enroll, or re-enroll after a drop. */
int page_me_enroll(struct req *r, struct resp *w)
{
	const char *slug = req_form(r, "program");
	struct enroll_outcome out = { 0, 0, NULL };
	enum enroll_result rc;

	if (!slug || !*slug || strlen(slug) > 200)
		return resp_error(r, w, 400, T(r, "Choose a program to enroll in."));
	rc = enrollment_enroll(r->who, r->who->id, slug, r->arena, &out);
	return after_change(r, w, rc, slug, "enrolled", &out);
}

/* POST /me/enrollments/{slug}/drop */
int page_me_drop(struct req *r, struct resp *w)
{
	const char *slug = req_param(r, "slug");
	struct enroll_outcome out = { 0, 0, NULL };
	enum enroll_result rc = enrollment_drop(r->who, r->who->id, slug, r->arena, &out);

	return after_change(r, w, rc, slug, "dropped", &out);
}

static int me_password_form(struct req *r, struct resp *w, const struct learner_license *lic,
			    const struct form_errors *e, int status)
{
	struct field fp = { .name = "password",
			    .label = T(r, "New password"),
			    .hint = T(r, "At least 10 characters. A few words you will remember "
					 "make a good password."),
			    .type = "password",
			    .autocomplete = "new-password",
			    .required = 1 };
	struct field fc = { .name = "confirm",
			    .label = T(r, "Type the new password again"),
			    .type = "password",
			    .autocomplete = "new-password",
			    .required = 1 };

	w->status = status;
	w->no_store = 1;
	page_begin_form(r, w, T(r, "Your password"), e && e->n);
	form_error_summary(r, w, e);
	html(w, "<p class=\"meta\"><a href=\"/me\">%h</a></p>\n<h1>%h</h1>\n<p>%h</p>\n",
	     T(r, "My learning"), T(r, "Your password"),
	     T(r, "A password is optional: you can always sign in with a link sent by e-mail. "
		  "Setting or changing it signs you out on your other devices."));
	form_begin(r, w, "/me/password", "post");
	html(w, "<input type=\"hidden\" name=\"action\" value=\"set\">\n");
	form_input(r, w, &fp, e);
	form_input(r, w, &fc, e);
	form_submit(r, w, lic->has_password ? T(r, "Change my password") : T(r, "Set my password"));
	form_end(r, w);
	if (lic->has_password) {
		html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Remove your password"),
		     T(r, "Then you sign in only with links sent by e-mail."));
		form_begin(r, w, "/me/password", "post");
		html(w,
		     "<input type=\"hidden\" name=\"action\" value=\"remove\">\n"
		     "<button type=\"submit\" class=\"button secondary\">%h</button>\n",
		     T(r, "Remove my password"));
		form_end(r, w);
	}
	page_end(r, w);
	return 0;
}

/* GET /me/password */
int page_me_password(struct req *r, struct resp *w)
{
	struct learner_license lic;

	if (load_learner(r, w, &lic) != 0)
		return 0;
	return me_password_form(r, w, &lic, NULL, 200);
}

/* POST /me/password (action=set: password, confirm; action=remove) */
int page_me_password_set(struct req *r, struct resp *w)
{
	struct learner_license lic;
	struct form_errors e = { .n = 0 };
	struct principal p = { ROLE_LEARNER, r->who->id, 0, NULL, NULL };
	const char *action = req_form(r, "action"), *pw = req_form(r, "password"), *problem;
	int remove = action && !strcmp(action, "remove");

	if (load_learner(r, w, &lic) != 0)
		return 0;
	if (!remove) {
		problem = login_password_problem(r->lang, pw, req_form(r, "confirm"), lic.email);
		if (problem) {
			form_errors_add(&e, "password", problem);
			return me_password_form(r, w, &lic, &e, 422);
		}
	}
	if (login_set_password(lic.id, remove ? NULL : pw, r->lang) != 0)
		return resp_error(r, w, 503, NULL);
	/* a new password ends every other session; this one starts afresh */
	if (session_end_all(ROLE_LEARNER, lic.id) != 0 || session_start(r, w, &p) != 0)
		return resp_error(r, w, 503, NULL);
	return resp_redirect(r, w, remove ? "/me?password=removed" : "/me?password=set");
}
