/* admin.c - staff sign-in, the overview and the review queue (admin.h). */
#include "pages/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "eligibility.h"
#include "geo.h"
#include "overview.h"
#include "principal.h"
#include "queue.h"
#include "staff.h"
#include "util/timeutil.h"
#include "web/html.h"
#include "web/layout.h"
#include "session.h"
#include "web/session.h"

/* ---- shared ----------------------------------------------------------------------------- */

static const struct {
	const char *key, *href, *label;
	int state_only;
} admin_nav[] = {
	{ "overview", "/admin", N_("Overview"), 0 },
	{ "queue", "/admin/queue", N_("Review queue"), 0 },
	{ "learners", "/admin/learners", N_("Learners"), 0 },
	{ "osos", "/admin/osos", N_("OSOS work list"), 0 },
	{ "reports", "/admin/reports", N_("Reports"), 0 },
	{ "imports", "/admin/imports", N_("Provider reports"), 1 },
	{ "settings", "/admin/settings", N_("Program settings"), 1 },
	{ "staff", "/admin/staff", N_("Staff"), 1 },
	{ "audit", "/admin/audit", N_("Audit log"), 1 },
};

int admin_can_change(const struct req *r)
{
	return r->who->role >= ROLE_AREA_ADMIN;
}

void admin_begin(struct req *r, struct resp *w, const char *title, const char *current,
		 int has_errors)
{
	size_t i;

	w->no_store = 1;
	page_begin_form(r, w, title, has_errors);
	html(w, "<nav aria-label=\"%h\">\n<ul class=\"pager\">\n", T(r, "Staff workspace"));
	for (i = 0; i < sizeof(admin_nav) / sizeof(admin_nav[0]); i++) {
		if (admin_nav[i].state_only && r->who->role != ROLE_STATE_ADMIN)
			continue;
		if (current && !strcmp(current, admin_nav[i].key))
			html(w, "<li><a href=\"%h\" aria-current=\"page\">%h</a></li>\n",
			     admin_nav[i].href, T(r, admin_nav[i].label));
		else
			html(w, "<li><a href=\"%h\">%h</a></li>\n", admin_nav[i].href,
			     T(r, admin_nav[i].label));
	}
	html(w, "</ul>\n</nav>\n");
}

void admin_end(struct req *r, struct resp *w)
{
	html(w, "<div class=\"meta actions\">\n<p>%h %h (%h%h%h).</p>\n", T(r, "Signed in as"),
	     r->who->email ? r->who->email : "", T(r, staff_role_label(r->who->role)),
	     r->who->local_area ? ", " : "",
	     r->who->local_area ? admin_area_name(r, r->who->local_area) : "");
	form_begin(r, w, "/admin/logout", "post");
	html(w, "<button type=\"submit\" class=\"secondary\">%h</button>\n", T(r, "Sign out"));
	form_end(r, w);
	html(w, "</div>\n");
	page_end(r, w);
}

const char *admin_area_name(struct req *r, int64_t id)
{
	struct area_row *rows;
	size_t n = geo_areas(r->arena, &rows), i;

	for (i = 0; i < n; i++)
		if (rows[i].id == id)
			return rows[i].name;
	return "";
}

void admin_breakable(struct req *r, struct resp *w, const char *s)
{
	const char *p = s ? s : "";

	while (*p) {
		size_t n = strcspn(p, "@.");
		html(w, "%h", arena_strndup(r->arena, p, n));
		p += n;
		if (*p) {
			html(w, "%h", *p == '@' ? "@" : ".");
			html_raw_trusted(w, "<wbr>");
			p++;
		}
	}
}

const char *admin_time(struct req *r, const char *iso)
{
	int64_t t;
	char *out;

	if (!iso || !*iso || iso_parse(iso, &t) != 0)
		return "—";
	out = arena_alloc(r->arena, 48);
	return time_show_ny(t, r->lang == LANG_ES, out, 48);
}

const char *admin_date(struct req *r, const char *iso)
{
	char day[11], *out;

	if (!iso || strlen(iso) < 10)
		return "—";
	memcpy(day, iso, 10);
	day[10] = '\0';
	out = arena_alloc(r->arena, 40);
	return date_show(day, r->lang == LANG_ES, out, 40);
}

const char *admin_query_get(void *ctx, const char *name)
{
	return req_query((struct req *)ctx, name);
}

void admin_query_keep(struct req *r, struct buf *b, const char *const *skip)
{
	size_t i, k;

	for (i = 0; i < r->query.n; i++) {
		int drop = !strcmp(r->query.items[i].key, "lang");
		for (k = 0; skip && skip[k] && !drop; k++)
			drop = !strcmp(r->query.items[i].key, skip[k]);
		if (drop || !*r->query.items[i].value)
			continue;
		buf_putc(b, '&');
		html_urlenc(b, r->query.items[i].key);
		buf_putc(b, '=');
		html_urlenc(b, r->query.items[i].value);
	}
}

const char *admin_count(struct req *r, int64_t n)
{
	char digits[32], *out = arena_alloc(r->arena, 48), *o = out;
	size_t len, i;
	char sep = r->lang == LANG_ES ? '.' : ',';

	if (n < 0) {
		*o++ = '-';
		n = -n;
	}
	snprintf(digits, sizeof(digits), "%lld", (long long)n);
	len = strlen(digits);
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0 && !(r->lang == LANG_ES && len <= 4))
			*o++ = sep;
		*o++ = digits[i];
	}
	*o = '\0';
	return out;
}

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

void admin_filters_begin(struct req *r, struct resp *w, const char *const *keys)
{
	long active = 0;

	for (; *keys; keys++) {
		const char *v = req_query(r, *keys);
		active += v && *v;
	}
	html(w, "<details class=\"filter-fold\">\n<summary>%h</summary>\n",
	     active ? trn_fmt(r->arena, r->lang, "Filter (%d active)", "Filter (%d active)", active,
			      (int)active)
		    : T(r, "Filter"));
	html(w, "<div class=\"filters\">\n");
}

void admin_filters_end(struct req *r, struct resp *w)
{
	(void)r;
	html(w, "</div>\n</details>\n<script src=\"/static/filters.js\" defer></script>\n");
}

const char *admin_situation(struct req *r, const char *code)
{
	if (!code || !*code)
		return T(r, "The person did not say.");
	if (!strcmp(code, "unemployed"))
		return T(r, "Out of work now.");
	if (!strcmp(code, "dislocated"))
		return T(r, "Lost their job through no fault of their own (a dislocated worker).");
	if (!strcmp(code, "layoff_notice"))
		return T(r, "Working, and has a layoff notice.");
	if (!strcmp(code, "employed_at_risk"))
		return T(r, "Working, at risk of losing the job, without a layoff notice.");
	if (!strcmp(code, "employed"))
		return T(r, "Working.");
	if (!strcmp(code, "underemployed"))
		return T(r, "Working fewer hours or for less pay than they need.");
	return T(r, "The person did not say.");
}

void admin_reasons(struct req *r, struct resp *w, const char *codes)
{
	char *list = arena_strdup(r->arena, codes ? codes : ""), *tok, *save = NULL;

	html(w, "<ul>\n");
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum elig_reason why;
		if (elig_reason_parse(tok, &why) == 0)
			html(w, "<li>%h</li>\n", elig_reason_message(r->lang, why));
	}
	html(w, "</ul>\n");
}

/* "by ana@example.org", "automatically", "by the person" */
static const char *history_by(struct req *r, const char *actor)
{
	if (!actor || !*actor || !strcmp(actor, "system"))
		return T(r, "automatically");
	if (!strcmp(actor, "applicant"))
		return T(r, "by the person");
	return tr_fmt(r->arena, r->lang, "by %s", actor);
}

/* One change as a phrase: "Approved by ana@example.org on Dec 2, 2026, 10:04 AM". */
static const char *history_step(struct req *r, const struct app_event *ev)
{
	const char *by = history_by(r, ev->actor), *at = admin_time(r, ev->at);
	const char *to = ev->to_status ? ev->to_status : "", *from = ev->from_status;

	if (!from && !strcmp(to, "pending_review"))
		return tr_fmt(r->arena, r->lang, "Requested on %s", at);
	if (!from && !strcmp(to, "active"))
		return tr_fmt(r->arena, r->lang, "Requested on %s → Approved %s; license active",
			      at, by);
	if (!from && !strcmp(to, "waitlisted"))
		return tr_fmt(r->arena, r->lang,
			      "Requested on %s → Approved %s; waiting for a free seat", at, by);
	if (!from && !strcmp(to, "denied"))
		return tr_fmt(r->arena, r->lang, "Requested on %s → Not approved %s", at, by);
	if (!strcmp(to, "pending_review"))
		return tr_fmt(r->arena, r->lang, "Sent back for review %s on %s", by, at);
	if (!strcmp(to, "denied"))
		return tr_fmt(r->arena, r->lang, "Not approved %s on %s", by, at);
	if (!strcmp(to, "waitlisted"))
		return tr_fmt(r->arena, r->lang, "Approved %s on %s; waiting for a free seat", by,
			      at);
	if (!strcmp(to, "active") && from && !strcmp(from, "waitlisted"))
		return tr_fmt(r->arena, r->lang, "A seat came free on %s; license active", at);
	if (!strcmp(to, "active"))
		return tr_fmt(r->arena, r->lang, "Approved %s on %s; license active", by, at);
	return tr_fmt(r->arena, r->lang, "Approved %s on %s", by, at);
}

/* The note a staff member wrote with a change. The notes the program writes itself
 * ("submitted", "license active") repeat the step in English words: they are not shown. */
static const char *history_note(const struct app_event *ev)
{
	if (!ev->note || !*ev->note || !ev->actor || !strchr(ev->actor, '@') ||
	    !strcmp(ev->note, "approved by staff"))
		return "—";
	return ev->note;
}

void admin_history(struct req *r, struct resp *w, const struct app_event *ev, size_t n)
{
	size_t i;

	if (!n) {
		html(w, "<p>%h</p>\n", T(r, "Nothing recorded yet."));
		return;
	}
	html(w, "<p>");
	for (i = 0; i < n; i++)
		html(w, "%h%h", i ? " → " : "", history_step(r, &ev[i]));
	html(w, "</p>\n");
	html(w,
	     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n"
	     "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">"
	     "%h</th></tr></thead>\n<tbody>\n",
	     T(r, "Every change of this request, oldest first"),
	     T(r, "Every change of this request, oldest first"), T(r, "When"),
	     T(r, "What happened"), T(r, "Note"));
	for (i = 0; i < n; i++)
		html(w, "<tr><td>%h</td><td>%h</td><td>%h</td></tr>\n", admin_time(r, ev[i].at),
		     history_step(r, &ev[i]), history_note(&ev[i]));
	html(w, "</tbody>\n</table>\n</div>\n");
}

static const char *app_status_text(struct req *r, const char *s)
{
	enum app_status st;

	if (!s || app_status_parse(s, &st) != 0)
		return "";
	return app_status_label(r->lang, st);
}

static const char *language_name(struct req *r, const char *code)
{
	if (code && !strcmp(code, "es"))
		return T(r, "Spanish");
	return T(r, "English");
}

/* The due badge of a request. */
static void due_badge(struct req *r, struct resp *w, const struct queue_item *it)
{
	switch (it->due) {
	case QDUE_OVERDUE:
		html(w, "<span class=\"badge badge-bad\">%h</span>",
		     tr_fmt(r->arena, r->lang, "Overdue by %s",
			    queue_duration(r->arena, r->lang, it->left_seconds)));
		break;
	case QDUE_SOON:
		html(w, "<span class=\"badge badge-warn\">%h</span>",
		     tr_fmt(r->arena, r->lang, "Due soon: %s left",
			    queue_duration(r->arena, r->lang, it->left_seconds)));
		break;
	case QDUE_OK:
		html(w, "<span class=\"badge badge-ok\">%h</span>",
		     tr_fmt(r->arena, r->lang, "%s left",
			    queue_duration(r->arena, r->lang, it->left_seconds)));
		break;
	case QDUE_CLOSED:
	default: html(w, "<span class=\"tag\">%h</span>", app_status_text(r, it->status)); break;
	}
}

/* ---- sign-in ---------------------------------------------------------------------------- */

/* Where to go after signing in: a staff page, never another site. */
static const char *safe_next(const char *next)
{
	if (!next || strncmp(next, "/admin", 6) || strstr(next, "//") || strchr(next, '\\') ||
	    strncmp(next, "/admin/log", 10) == 0)
		return "/admin";
	return next;
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
	memset(&f, 0, sizeof(f));
	f.name = "email";
	f.label = T(r, "Work e-mail address");
	f.type = "email";
	f.value = email;
	f.autocomplete = "username";
	f.required = 1;
	form_input(r, w, &f, e);
	memset(&f, 0, sizeof(f));
	f.name = "password";
	f.label = T(r, "Password");
	f.type = "password";
	f.autocomplete = "current-password";
	f.required = 1;
	form_input(r, w, &f, e);
	form_submit(r, w, T(r, "Sign in"));
	form_end(r, w);
	html(w, "<p class=\"meta\">%h</p>\n",
	     T(r, "Forgot your password? Ask a state administrator to set a new one."));
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
		/* this browser is the owner's: it gets past the per-account guard from now on */
		resp_cookie(r, w, STAFF_DEVICE_COOKIE, staff_device_mark(r->arena, email),
			    365L * 24 * 3600);
		return resp_redirect(r, w, safe_next(req_form(r, "next")));
	case STAFF_LOGIN_WAIT:
	case STAFF_LOGIN_THROTTLED:
		login_form(r, w, email, NULL,
			   retry <= 60 ? T(r, "Too many failed attempts from this network. Wait a "
					      "minute and try again.")
				       : tr_fmt(r->arena, r->lang,
						"Too many failed attempts from this network. Wait "
						"%d minutes and try again.",
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

/* ---- overview --------------------------------------------------------------------------- */

/* Sign-ups per day as a bar chart: presentation attributes only (the CSP forbids inline
 * styles), a title and a description for assistive technology, and the same numbers in the
 * table that follows it. */
static void signup_chart(struct req *r, struct resp *w, const struct overview *o)
{
	const int left = 44, top = 12, height = 160, bw = 17, gap = 3;
	int64_t max = o->signups_max > 0 ? o->signups_max : 1, total = 0;
	int i, width = left + OVERVIEW_DAYS * (bw + gap) + 8;

	for (i = 0; i < OVERVIEW_DAYS; i++)
		total += o->signups[i];
	html(w,
	     "<figure>\n<svg role=\"img\" "
	     "aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	     "height=\"%d\">\n",
	     width, top + height + 34, width, top + height + 34);
	html(w, "<title id=\"chart-title\">%h</title>\n", T(r, "Sign-ups per day, last 30 days"));
	html(w, "<desc id=\"chart-desc\">%h</desc>\n",
	     tr_fmt(r->arena, r->lang,
		    "%s sign-ups in 30 days, from %s to %s; the most in one day: %s. The "
		    "table below gives every day.",
		    admin_count(r, total), admin_date(r, o->days[0]),
		    admin_date(r, o->days[OVERVIEW_DAYS - 1]), admin_count(r, o->signups_max)));
	html(w,
	     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4a4a4a\" "
	     "stroke-width=\"1\"/>\n",
	     left - 4, top + height, width - 4, top + height);
	html(w,
	     "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" "
	     "fill=\"#1b1b1b\">%D</text>\n",
	     left - 8, top + 10, max);
	html(w,
	     "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" "
	     "fill=\"#1b1b1b\">0</text>\n",
	     left - 8, top + height);
	for (i = 0; i < OVERVIEW_DAYS; i++) {
		int h = (int)(o->signups[i] * height / max);
		int x = left + i * (bw + gap);
		if (o->signups[i] && h < 2)
			h = 2;
		html(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1f3f7a\"/>\n",
		     x, top + height - h, bw, h);
		/* a label every week and the last day's, never two side by side */
		if ((i % 7 == 0 && OVERVIEW_DAYS - 1 - i >= 3) || i == OVERVIEW_DAYS - 1)
			html(w,
			     "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
			     "fill=\"#1b1b1b\">%h</text>\n",
			     x + bw / 2, top + height + 16, o->days[i] + 5);
	}
	html(w, "</svg>\n<figcaption class=\"meta\">%h</figcaption>\n</figure>\n",
	     T(r, "Days in New York time, oldest on the left. Month-day under the bars."));
	html(w,
	     "<details>\n<summary>%h</summary>\n<div class=\"table-wrap\" role=\"region\" "
	     "tabindex=\"0\" aria-label=\"%h\">\n<table>\n"
	     "<caption>%h</caption>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h"
	     "</th></tr></thead>\n<tbody>\n",
	     T(r, "Sign-ups per day as a table"), T(r, "Sign-ups per day, last 30 days"),
	     T(r, "Sign-ups per day, last 30 days"), T(r, "Day"), T(r, "Sign-ups"));
	for (i = OVERVIEW_DAYS - 1; i >= 0; i--)
		html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n",
		     admin_date(r, o->days[i]), admin_count(r, o->signups[i]));
	html(w, "</tbody>\n</table>\n</div>\n</details>\n");
}

int page_admin_overview(struct req *r, struct resp *w)
{
	struct overview o;
	size_t i;

	if (overview_load(r->arena, r->who, &o) != 0)
		return resp_error(r, w, 404, NULL);
	admin_begin(r, w, T(r, "Staff workspace"), "overview", 0);
	html(w, "<h1>%h</h1>\n", T(r, "Staff workspace"));
	if (r->who->local_area)
		html(w, "<p class=\"lead\">%h %h</p>\n", T(r, "Local area:"),
		     admin_area_name(r, r->who->local_area));
	else
		html(w, "<p class=\"lead\">%h</p>\n", T(r, "Every local area in New York State."));

	if (r->who->role == ROLE_STATE_ADMIN)
		admin_imports_stale_notice(r, w);
	html(w,
	     "<ul class=\"cards\">\n<li class=\"card\"><h2>%h</h2><p class=\"lead\">%h</p>"
	     "<p><a href=\"/admin/queue\">%h</a></p></li>\n",
	     T(r, "Waiting for review"), admin_count(r, o.requests[APP_PENDING_REVIEW]),
	     T(r, "Open the review queue"));
	html(w, "<li class=\"card\"><h2>%h</h2><p class=\"lead\">%h</p><p>%h</p></li>\n",
	     T(r, "Overdue"), admin_count(r, o.overdue),
	     T(r, "Requests past the 48-hour promise."));
	html(w, "<li class=\"card\"><h2>%h</h2><p class=\"lead\">%h</p><p>%h</p></li>\n",
	     T(r, "Due within 12 hours"), admin_count(r, o.due_soon),
	     T(r, "Requests to answer today, before they are late. Admins get both lists by "
		  "e-mail once a day."));
	html(w,
	     "<li class=\"card\"><h2>%h</h2><p class=\"lead\">%h</p><p>%h</p><p><a "
	     "href=\"/admin/learners?status=active\">%h</a></p></li>\n</ul>\n",
	     T(r, "Learners with an active license"), admin_count(r, o.total.active),
	     T(r, "Licenses active today, counted from the learners."), T(r, "See the learners"));

	html(w,
	     "<h2>%h</h2>\n<p>%h</p>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n"
	     "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n"
	     "<tbody>\n",
	     T(r, "Requests"),
	     T(r, "Each sign-up request counts once, by the decision it received. A license that "
		  "was later removed or ended still counts here, so these figures can be higher "
		  "than the learners with an active license today."),
	     T(r, "Sign-up requests by decision"), T(r, "Sign-up requests by decision"),
	     T(r, "Decision"), T(r, "Requests"));
	for (i = 0; i < APP_STATUS_COUNT; i++)
		html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n",
		     app_status_label(r->lang, (enum app_status)i), admin_count(r, o.requests[i]));
	html(w,
	     "</tbody>\n<tfoot><tr><th scope=\"row\">%h</th><td>%h</td></tr></tfoot>\n"
	     "</table>\n</div>\n",
	     T(r, "All requests"), admin_count(r, o.requests_total));

	html(w,
	     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead><tr>"
	     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	     T(r, "Requests waiting for review, by age"),
	     T(r, "Requests waiting for review, by age"), T(r, "Waiting for"), T(r, "Requests"));
	html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", T(r, "Less than 24 hours"),
	     admin_count(r, o.pending_ages.under_24h));
	html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", T(r, "24 to 48 hours"),
	     admin_count(r, o.pending_ages.from_24_to_48h));
	html(w, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", T(r, "More than 48 hours"),
	     admin_count(r, o.pending_ages.over_48h));
	html(w, "</tbody>\n</table>\n</div>\n");

	html(w, "<h2>%h</h2>\n", T(r, "Sign-ups per day"));
	signup_chart(r, w, &o);

	html(w,
	     "<h2>%h</h2>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n"
	     "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">"
	     "%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h"
	     "</th></tr></thead>\n<tbody>\n",
	     T(r, "Local areas"), T(r, "Learners by local area"), T(r, "Learners by local area"),
	     T(r, "Local area"), T(r, "Learners"), T(r, "With an active license"),
	     T(r, "Enrolled now"), T(r, "Completed a program"), T(r, "Waiting for review"));
	for (i = 0; i < o.nareas; i++) {
		const struct overview_area *a = &o.areas[i];
		html(w,
		     "<tr><th scope=\"row\"><a href=\"/admin/learners?local_area=%D\">%h</a></th>"
		     "<td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
		     a->id, a->name, admin_count(r, a->learners), admin_count(r, a->active),
		     admin_count(r, a->enrolled), admin_count(r, a->completed),
		     admin_count(r, a->pending));
	}
	html(w, "</tbody>\n");
	if (o.nareas > 1)
		html(w,
		     "<tfoot><tr><th scope=\"row\">%h</th><td>%h</td><td>%h</td><td>%h</td>"
		     "<td>%h</td><td>%h</td></tr></tfoot>\n",
		     T(r, "All areas"), admin_count(r, o.total.learners),
		     admin_count(r, o.total.active), admin_count(r, o.total.enrolled),
		     admin_count(r, o.total.completed), admin_count(r, o.total.pending));
	html(w, "</table>\n</div>\n");
	admin_end(r, w);
	return 0;
}

/* ---- the review queue ------------------------------------------------------------------- */

static void area_options(struct req *r, struct resp *w, const char *name, const char *label,
			 int64_t selected, int any)
{
	struct area_row *rows;
	size_t n = geo_areas(r->arena, &rows), i;

	html(w,
	     "<div class=\"field\">\n<label for=\"f-%h\">%h</label>\n<select id=\"f-%h\" "
	     "name=\"%h\">\n",
	     name, label, name, name);
	if (any)
		html(w, "<option value=\"\">%h</option>\n", T(r, "Every local area"));
	for (i = 0; i < n; i++)
		html(w, "<option value=\"%D\"%h>%h</option>\n", rows[i].id,
		     rows[i].id == selected ? " selected" : "", rows[i].name);
	html(w, "</select>\n</div>\n");
}

void admin_area_options(struct req *r, struct resp *w, const char *name, const char *label,
			int64_t selected, int any)
{
	area_options(r, w, name, label, selected, any);
}

/* Notices for what the last action did, from fixed codes in the query. */
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

int page_admin_queue(struct req *r, struct resp *w)
{
	static const char *const statuses[] = { "pending_review", "approved", "waitlisted",
						"active", "denied" };
	struct queue_filter f;
	struct queue_page p;
	const char *bad = NULL;
	int can = admin_can_change(r);
	size_t i;
	struct buf keep = BUF_INIT(4096);

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

	{
		static const char *const keys[] = { "local_area", "status", "language", NULL };
		admin_filters_begin(r, w, keys);
	}
	form_begin(r, w, "/admin/queue", "get");
	if (r->who->role == ROLE_STATE_ADMIN)
		area_options(r, w, "local_area", T(r, "Local area"), f.local_area, 1);
	html(w,
	     "<div class=\"field\">\n<label for=\"f-status\">%h</label>\n<select id=\"f-status\" "
	     "name=\"status\">\n",
	     T(r, "Status"));
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		html(w, "<option value=\"%h\"%h>%h</option>\n", statuses[i],
		     (f.status ? !strcmp(f.status, statuses[i]) : i == 0) ? " selected" : "",
		     app_status_text(r, statuses[i]));
	html(w, "</select>\n</div>\n");
	html(w,
	     "<div class=\"field\">\n<label for=\"f-language\">%h</label>\n<select "
	     "id=\"f-language\" name=\"language\">\n<option value=\"\">%h</option>\n"
	     "<option value=\"en\"%h>%h</option>\n<option value=\"es\"%h>%h</option>\n"
	     "</select>\n</div>\n",
	     T(r, "Language"), T(r, "English and Spanish"),
	     f.language && !strcmp(f.language, "en") ? " selected" : "", T(r, "English"),
	     f.language && !strcmp(f.language, "es") ? " selected" : "", T(r, "Spanish"));
	form_submit(r, w, T(r, "Show requests"));
	form_end(r, w);
	admin_filters_end(r, w);

	html(w, "<p role=\"status\">%h</p>\n",
	     trn_fmt(r->arena, r->lang, "%s request matches.", "%s requests match.", (long)p.total,
		     admin_count(r, p.total)));
	if (!p.n) {
		html(w, "<p>%h</p>\n", T(r, "No requests match. Nothing is waiting here."));
		admin_end(r, w);
		buf_release(&keep);
		return 0;
	}
	if (can) {
		form_begin(r, w, "/admin/queue/approve", "post");
		html(w, "<input type=\"hidden\" name=\"back\" value=\"%h\">\n", r->query_string);
	}
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
	for (i = 0; i < p.n; i++) {
		const struct queue_item *it = &p.items[i];
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
		     language_name(r, it->language), T(r, employment_label(it->employment_status)),
		     queue_duration(r->arena, r->lang, it->age_seconds));
		due_badge(r, w, it);
		html(w, "</td></tr>\n");
	}
	html(w, "</tbody>\n</table>\n</div>\n");
	if (can) {
		html(w, "<p class=\"hint\">%h</p>\n",
		     T(r, "Approving activates the license (or puts the person on the waiting list "
			  "when no seat is free) and e-mails them in their language. To deny a "
			  "request, open it: a denial needs a reason."));
		form_submit(r, w, T(r, "Approve selected requests"));
		form_end(r, w);
	}
	if (p.next_cursor || (f.cursor && *f.cursor)) {
		static const char *const skip[] = { "cursor", "done", "ref", "n", "skipped", NULL };
		admin_query_keep(r, &keep, skip);
		html(w, "<nav aria-label=\"%h\">\n<ul class=\"pager\">\n", T(r, "Pages"));
		if (f.cursor && *f.cursor)
			html(w, "<li><a href=\"/admin/queue?x=1%h\">%h</a></li>\n", keep.p,
			     T(r, "First page"));
		if (p.next_cursor)
			html(w, "<li><a href=\"/admin/queue?cursor=%u%h\">%h</a></li>\n",
			     p.next_cursor, keep.p, T(r, "Next page"));
		html(w, "</ul>\n</nav>\n");
	}
	buf_release(&keep);
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

/* ---- one request ------------------------------------------------------------------------ */

static void fact(struct resp *w, const char *label, const char *value)
{
	html(w, "<dt>%h</dt><dd>%h</dd>\n", label, value && *value ? value : "—");
}

static void request_page(struct req *r, struct resp *w, const struct queue_detail *d,
			 const struct form_errors *e, const char *message)
{
	const struct queue_item *it = &d->it;
	const char *title = tr_fmt(r->arena, r->lang, "Request %s", it->reference);
	const char *reason = req_form(r, "reason");

	admin_begin(r, w, title, "queue", e && e->n);
	html(w, "<h1>%h</h1>\n", title);
	form_error_summary(r, w, e);
	if (message) {
		notice_begin(w, "warning");
		html(w, "<p>%h</p>\n", message);
		notice_end(w);
	}
	/* a decided request's badge is its status: say it once */
	html(w, "<p>");
	due_badge(r, w, it);
	if (it->due != QDUE_CLOSED)
		html(w, " <span class=\"tag\">%h</span>", app_status_text(r, it->status));
	html(w, "</p>\n");
	if (d->learner_id)
		html(w, "<p><a href=\"/admin/learners/%D\">%h</a></p>\n", d->learner_id,
		     T(r, "Open the learner's page"));

	html(w, "<h2>%h</h2>\n<dl class=\"summary\">\n", T(r, "The person's answers"));
	fact(w, T(r, "Name"), arena_printf(r->arena, "%s %s", it->first_name, it->last_name));
	fact(w, T(r, "E-mail"), it->email);
	fact(w, T(r, "Phone"), d->phone);
	fact(w, T(r, "Date of birth"), admin_date(r, d->birth_date));
	fact(w, T(r, "County"),
	     d->town && *d->town ? arena_printf(r->arena, "%s (%s)", it->county, d->town)
				 : it->county);
	fact(w, T(r, "Local area"), *it->local_area ? it->local_area : T(r, "Outside New York"));
	fact(w, T(r, "Region"), d->region);
	fact(w, T(r, "Situation"), admin_situation(r, it->employment_status));
	fact(w, T(r, "Layoff notice date"),
	     d->layoff_notice_date && *d->layoff_notice_date ? admin_date(r, d->layoff_notice_date)
							     : NULL);
	fact(w, T(r, "Unemployment related to COVID-19"),
	     d->covid_related ? T(r, "Yes") : T(r, "No"));
	fact(w, T(r, "Works for the Department of Labor"), d->dol_staff ? T(r, "Yes") : T(r, "No"));
	fact(w, T(r, "OSOS ID"), d->osos_id);
	fact(w, T(r, "Language"), language_name(r, it->language));
	fact(w, T(r, "Submitted"), admin_time(r, it->submitted_at));
	fact(w, T(r, "Due by"), admin_time(r, it->due_at));
	html(w, "</dl>\n");

	html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Eligibility decision"),
	     tr_fmt(r->arena, r->lang, "Decided under eligibility policy version %lld.",
		    (long long)d->policy_version));
	admin_reasons(r, w, it->reasons);
	if (d->decided_at)
		html(w, "<p>%h</p>\n",
		     tr_fmt(r->arena, r->lang, "Decided %s by %s.", admin_time(r, d->decided_at),
			    d->decided_by ? d->decided_by : ""));
	if (d->decision_note && *d->decision_note)
		html(w, "<p>%h %h</p>\n", T(r, "Reason given:"), d->decision_note);

	html(w, "<h2>%h</h2>\n", T(r, "Decision history"));
	admin_history(r, w, d->events, d->nevents);

	if (admin_can_change(r) &&
	    (!strcmp(it->status, "pending_review") || !strcmp(it->status, "denied"))) {
		const char *err = form_errors_get(e, "reason");
		const char *action =
			arena_printf(r->arena, "/admin/requests/%s/decision", it->reference);
		html(w, "<h2>%h</h2>\n", T(r, "Decide"));
		form_begin(r, w, action, "post");
		html(w, "<input type=\"hidden\" name=\"decision\" value=\"approve\">\n");
		html(w, "<p>%h</p>\n",
		     T(r, "Approve: the license is activated (or the person waits for a free "
			  "seat) and they are e-mailed in their language."));
		form_submit(r, w, T(r, "Approve this request"));
		form_end(r, w);
		if (!strcmp(it->status, "pending_review")) {
			form_begin(r, w, action, "post");
			html(w, "<input type=\"hidden\" name=\"decision\" value=\"deny\">\n");
			html(w,
			     "<div class=\"field%h\">\n<label for=\"f-reason\">%h</label>\n"
			     "<p class=\"hint\" id=\"h-reason\">%h</p>\n",
			     err ? " has-error" : "", T(r, "Reason for the denial"),
			     it->language && !strcmp(it->language, "es")
				     ? T(r,
					 "Required. The person receives it by e-mail, with the "
					 "rest of the message in Spanish. Write it in plain words "
					 "they can act on.")
				     : T(r, "Required. The person receives it by e-mail. Write it "
					    "in plain words they can act on."));
			if (err)
				html(w,
				     "<p class=\"error\" id=\"e-reason\"><span "
				     "class=\"visually-hidden\">%h</span> %h</p>\n",
				     T(r, "Error:"), err);
			if (err)
				html(w,
				     "<textarea id=\"f-reason\" name=\"reason\" rows=\"4\" "
				     "cols=\"60\" maxlength=\"1000\" required "
				     "aria-describedby=\"h-reason "
				     "e-reason\" aria-invalid=\"true\">%h</textarea>\n</div>\n",
				     reason ? reason : "");
			else
				html(w,
				     "<textarea id=\"f-reason\" name=\"reason\" rows=\"4\" "
				     "cols=\"60\" maxlength=\"1000\" required "
				     "aria-describedby=\"h-reason\">%h</textarea>\n</div>\n",
				     reason ? reason : "");
			html(w, "<button type=\"submit\" class=\"danger\">%h</button>\n",
			     T(r, "Deny this request"));
			form_end(r, w);
		}
	}
	html(w, "<p><a href=\"/admin/queue\">%h</a></p>\n", T(r, "Back to the review queue"));
	admin_end(r, w);
}

int page_admin_request(struct req *r, struct resp *w)
{
	struct queue_detail d;

	switch (queue_get(r->arena, r->who, req_param(r, "ref"), &d)) {
	case QUEUE_OK: break;
	case QUEUE_ENOTFOUND: return resp_error(r, w, 404, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
	request_page(r, w, &d, NULL, NULL);
	return 0;
}

int page_admin_request_decide(struct req *r, struct resp *w)
{
	const char *decision = req_form(r, "decision"), *reason = req_form(r, "reason");
	const char *ref = req_param(r, "ref");
	struct queue_detail d;
	struct form_errors e = { .n = 0 };
	int approve, rc;

	if (!decision || (strcmp(decision, "approve") && strcmp(decision, "deny")))
		return resp_error(r, w, 400, T(r, "Choose approve or deny."));
	approve = !strcmp(decision, "approve");
	if (queue_get(r->arena, r->who, ref, &d) != QUEUE_OK)
		return resp_error(r, w, 404, NULL);
	if (!approve && (!reason || !*reason)) {
		form_errors_add(&e, "reason",
				T(r, "Write the reason for the denial: the person receives it by "
				     "e-mail."));
		request_page(r, w, &d, &e, NULL);
		w->status = 422;
		return 0;
	}
	rc = queue_decide(r->arena, r->who, d.it.reference, approve, reason);
	switch (rc) {
	case APP_OK:
		return resp_redirect(r, w,
				     arena_printf(r->arena, "/admin/queue?done=%s&ref=%s",
						  approve ? "approve" : "deny", d.it.reference));
	case APP_INVALID:
		form_errors_add(&e, "reason",
				T(r, "Write the reason in at most 1,000 characters."));
		request_page(r, w, &d, &e, NULL);
		w->status = 422;
		return 0;
	case APP_CONFLICT:
	case APP_DUPLICATE:
		queue_get(r->arena, r->who, ref, &d);
		request_page(
			r, w, &d, NULL,
			rc == APP_DUPLICATE
				? T(r, "This person has another open request, so this one cannot "
				       "be approved.")
				: T(r, "This request was already decided, perhaps by a colleague. "
				       "Its current status is shown below."));
		w->status = 409;
		return 0;
	case APP_FORBIDDEN: return resp_error(r, w, 403, NULL);
	case APP_NOT_FOUND: return resp_error(r, w, 404, NULL);
	default: return resp_error(r, w, 503, NULL);
	}
}
