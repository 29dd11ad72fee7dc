/* admin.c - what the staff workspace's pages share (admin.h): the frame with its navigation,
 * numbers, times and dates as staff read them, filters, the history of a request, badges. */
#include "pages/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "eligibility.h"
#include "geo.h"
#include "principal.h"
#include "queue.h"
#include "staff.h"
#include "util/timeutil.h"
#include "web/html.h"
#include "web/layout.h"

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
	/* folded on a phone like the filters, so the page's own content comes first;
	 * assets/filters.js opens it on a wide screen */
	html(w,
	     "<nav aria-label=\"%h\">\n<details class=\"nav-fold\">\n<summary>%h</summary>\n"
	     "<ul class=\"pager\">\n",
	     T(r, "Staff workspace"), T(r, "Staff pages"));
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
	html(w, "</ul>\n</details>\n</nav>\n<script src=\"/static/filters.js\" defer></script>\n");
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

void admin_filters_begin(struct req *r, struct resp *w, const char *const *keys)
{
	admin_filters_begin_view(r, w, NULL, keys);
	html(w, "<div class=\"filters\">\n");
}

void admin_filters_begin_view(struct req *r, struct resp *w, const char *view,
			      const char *const *keys)
{
	long active = 0;
	const char *label;

	for (; *keys; keys++) {
		const char *v = req_query(r, *keys);
		active += v && *v;
	}
	label = active ? trn_fmt(r->arena, r->lang, "Filter (%d active)", "Filter (%d active)",
				 active, (int)active)
		       : T(r, "Filter");
	if (view)
		html(w, "<details class=\"filter-fold\">\n<summary>%h · %h</summary>\n", view,
		     label);
	else
		html(w, "<details class=\"filter-fold\">\n<summary>%h</summary>\n", label);
}

void admin_filters_end(struct req *r, struct resp *w)
{
	(void)r;
	html(w, "</div>\n</details>\n");
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

const char *admin_status_text(struct req *r, const char *s)
{
	enum app_status st;

	if (!s || app_status_parse(s, &st) != 0)
		return "";
	return app_status_label(r->lang, st);
}

const char *admin_language_name(struct req *r, const char *code)
{
	if (code && !strcmp(code, "es"))
		return T(r, "Spanish");
	return T(r, "English");
}

void admin_due_badge(struct req *r, struct resp *w, const struct queue_item *it)
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
	default: html(w, "<span class=\"tag\">%h</span>", admin_status_text(r, it->status)); break;
	}
}

void admin_area_options(struct req *r, struct resp *w, const char *name, const char *label,
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
