/* admin_login.c - staff sign-in and sign-out (admin.h). */
#include "pages/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "principal.h"
#include "staff.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/session.h"

/* ---- sign-in ---------------------------------------------------------------------------- */

/* Where to go after signing in: a staff page, never another site. */
static const char *safe_next(const char *next)
{
	if (!next || strncmp(next, "/admin", 6) || strstr(next, "//") || strchr(next, '\\') ||
	    strncmp(next, "/admin/log", 10) == 0)
		return "/admin";
	return next;
}

/* The work e-mail address field of both sign-in forms. */
static void email_input(struct req *r, struct resp *w, const char *email,
			const struct form_errors *e)
{
	struct field f = { .name = "email",
			   .label = T(r, "Work e-mail address"),
			   .type = "email",
			   .value = email,
			   .autocomplete = "username",
			   .required = 1 };

	form_input(r, w, &f, e);
}

static void login_form(struct req *r, struct resp *w, const char *email,
		       const struct form_errors *e, const char *message)
{
	struct field f;
	const char *next = req_form(r, "next") ? req_form(r, "next") : req_query(r, "next");

	w->no_store = 1;
	page_begin_form(r, w, T(r, "Staff sign-in"), e && e->n);
	html(w, "<h1>%h</h1>\n", T(r, "Staff sign-in"));
	form_error_summary(r, w, e);
	if (message) {
		notice_begin(w, "error");
		html(w, "<p>%h</p>\n", message);
		notice_end(w);
	}
	if (req_query(r, "out")) {
		notice_begin(w, "success");
		html(w, "<p>%h</p>\n", T(r, "You are signed out."));
		notice_end(w);
	}
	html(w, "<p>%h</p>\n",
	     T(r, "For Department of Labor and local area staff. People looking for a license "
		  "sign up on the program's home page."));
	form_begin(r, w, "/admin/login", "post");
	html(w, "<input type=\"hidden\" name=\"next\" value=\"%h\">\n", safe_next(next));
	email_input(r, w, email, e);
	memset(&f, 0, sizeof(f));
	f.name = "password";
	f.label = T(r, "Password");
	f.type = "password";
	f.autocomplete = "current-password";
	f.required = 1;
	form_input(r, w, &f, e);
	form_submit(r, w, T(r, "Sign in"));
	form_end(r, w);
	html(w, "<p><a href=\"/admin/login/email\">%h</a></p>\n", T(r, "E-mail me a sign-in link"));
	html(w, "<p class=\"meta\">%h</p>\n",
	     T(r, "Forgot your password, or held back by failed attempts? A sign-in link by "
		  "e-mail works all the same. To set a new password, ask a state administrator."));
	page_end(r, w);
}

int page_admin_login(struct req *r, struct resp *w)
{
	if (r->who->role >= ROLE_AREA_VIEWER)
		return resp_redirect(r, w, safe_next(req_query(r, "next")));
	login_form(r, w, NULL, NULL, NULL);
	return 0;
}

int page_admin_login_post(struct req *r, struct resp *w)
{
	const char *email = req_form(r, "email"), *pw = req_form(r, "password");
	struct form_errors e = { .n = 0 };
	struct principal who;
	int64_t retry;

	if (!email || !*email)
		form_errors_add(&e, "email", T(r, "Enter your work e-mail address."));
	if (!pw || !*pw)
		form_errors_add(&e, "password", T(r, "Enter your password."));
	if (e.n) {
		login_form(r, w, email, &e, NULL);
		w->status = 422;
		return 0;
	}
	memset(&who, 0, sizeof(who));
	switch (staff_login(r->arena, email, pw, r->remote_addr, req_cookie(r, STAFF_DEVICE_COOKIE),
			    &who, &retry)) {
	case STAFF_LOGIN_OK:
		if (session_start(r, w, &who) != 0)
			return resp_error(r, w, 503, NULL);
		staff_language_set(&who, lang_code(r->lang)); /* their e-mails follow */
		/* this browser is the owner's: it gets past the per-account guard from now on */
		resp_cookie(r, w, STAFF_DEVICE_COOKIE, staff_device_mark(r->arena, email),
			    365L * 24 * 3600);
		return resp_redirect(r, w, safe_next(req_form(r, "next")));
	case STAFF_LOGIN_WAIT:
	case STAFF_LOGIN_THROTTLED:
		login_form(r, w, email, NULL,
			   retry <= 60
				   ? T(r, "Too many failed attempts from this network. Wait a "
					  "minute and try again, or ask for a sign-in link by "
					  "e-mail.")
				   : tr_fmt(r->arena, r->lang,
					    "Too many failed attempts from this network. Wait "
					    "%d minutes and try again, or ask for a sign-in link "
					    "by e-mail.",
					    (int)((retry + 59) / 60)));
		w->status = 429;
		resp_header(w, r, "Retry-After", arena_printf(r->arena, "%lld", (long long)retry));
		return 0;
	case STAFF_LOGIN_BAD:
		form_errors_add(&e, "email",
				T(r, "The e-mail address or the password is not right. Check both "
				     "and try again."));
		login_form(r, w, email, &e, NULL);
		w->status = 401;
		return 0;
	case STAFF_LOGIN_ERROR:
	default: return resp_error(r, w, 503, NULL);
	}
}

int page_admin_logout(struct req *r, struct resp *w)
{
	session_end(r, w);
	return resp_redirect(r, w, "/admin/login?out=1");
}

/* ---- sign-in links by e-mail ------------------------------------------------------------ */

static void link_request_form(struct req *r, struct resp *w, const char *email,
			      const struct form_errors *e)
{
	w->no_store = 1;
	page_begin_form(r, w, T(r, "E-mail me a sign-in link"), e && e->n);
	html(w, "<h1>%h</h1>\n", T(r, "E-mail me a sign-in link"));
	form_error_summary(r, w, e);
	html(w, "<p>%h</p>\n",
	     T(r, "Enter the work e-mail address of your staff account. We send it a link that "
		  "signs you in once, within 15 minutes, without your password."));
	form_begin(r, w, "/admin/login/email", "post");
	email_input(r, w, email, e);
	form_submit(r, w, T(r, "Send the link"));
	form_end(r, w);
	html(w, "<p><a href=\"/admin/login\">%h</a></p>\n", T(r, "Sign in with your password"));
	page_end(r, w);
}

/* GET /admin/login/email */
int page_admin_login_email(struct req *r, struct resp *w)
{
	if (r->who->role >= ROLE_AREA_VIEWER)
		return resp_redirect(r, w, "/admin");
	link_request_form(r, w, NULL, NULL);
	return 0;
}

/* POST /admin/login/email (email): the same answer whether or not the account exists. */
int page_admin_login_email_post(struct req *r, struct resp *w)
{
	const char *email = req_form(r, "email");
	struct form_errors e = { .n = 0 };
	int64_t retry = 0;

	switch (staff_link_request(email, r->remote_addr, &retry)) {
	case STAFF_LINK_OK: break;
	case STAFF_LINK_BAD:
		form_errors_add(&e, "email",
				T(r, "Enter your work e-mail address, like name@labor.ny.gov."));
		link_request_form(r, w, email, &e);
		w->status = 422;
		return 0;
	case STAFF_LINK_LIMITED:
		link_request_form(r, w, email, NULL);
		w->status = 429;
		resp_header(w, r, "Retry-After", arena_printf(r->arena, "%lld", (long long)retry));
		return 0;
	case STAFF_LINK_ERROR:
	default: return resp_error(r, w, 503, NULL);
	}
	w->no_store = 1;
	page_begin(r, w, T(r, "Check your e-mail"));
	html(w, "<h1>%h</h1>\n", T(r, "Check your e-mail"));
	html(w, "<p>%h <strong>%h</strong>%h</p>\n",
	     T(r, "If this is the address of a staff account, we have sent a sign-in link to"),
	     email, T(r, ". The link works once, within 15 minutes."));
	html(w, "<p>%h</p>\n",
	     T(r, "No e-mail after a few minutes? Look in your spam or junk folder, or ask a state "
		  "administrator to check your account."));
	html(w, "<p><a href=\"/admin/login\">%h</a></p>\n", T(r, "Back to staff sign-in"));
	page_end(r, w);
	return 0;
}

static int link_broken(struct req *r, struct resp *w)
{
	return link_broken_page(r, w, "/admin/login/email");
}

/* GET /admin/login/link?t=…: the link in the e-mail. Only the button uses it, so a mail
 * scanner that opens links cannot use it up. */
int page_admin_login_link(struct req *r, struct resp *w)
{
	const char *t = req_query(r, "t");

	if (staff_link_check(t) != STAFF_LINK_OK)
		return link_broken(r, w);
	link_confirm_page(r, w, T(r, "Staff sign-in"), "/admin/login/link", t);
	return 0;
}

/* POST /admin/login/link (t) */
int page_admin_login_link_use(struct req *r, struct resp *w)
{
	struct principal who;

	switch (staff_link_use(r->arena, req_form(r, "t"), r->remote_addr, &who)) {
	case STAFF_LINK_OK: break;
	case STAFF_LINK_ERROR: return resp_error(r, w, 503, NULL);
	default: return link_broken(r, w);
	}
	if (session_start(r, w, &who) != 0)
		return resp_error(r, w, 503, NULL);
	staff_language_set(&who, lang_code(r->lang));
	/* the link proves the mailbox: this browser gets past the per-account guard from now on */
	resp_cookie(r, w, STAFF_DEVICE_COOKIE, staff_device_mark(r->arena, who.email),
		    365L * 24 * 3600);
	return resp_redirect(r, w, "/admin");
}
