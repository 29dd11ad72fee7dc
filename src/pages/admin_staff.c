/* admin_staff.c - staff accounts: the list, adding a member, a member's role, area and
 * password: state administrators' pages (admin.h). */
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
		     "<td>%h</td><td>%h</td><td>%h</td></tr>\n",
		     m->id, m->email, m->name, T(r, staff_role_label(m->role)),
		     *m->local_area_name ? m->local_area_name : T(r, "Every area"),
		     m->active ? T(r, "Active") : T(r, "Deactivated"));
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
	{
		const struct opt langs[] = { { "en", "English" }, { "es", "Español" } };
		memset(&f, 0, sizeof(f));
		f.name = "lang";
		f.label = T(r, "Language of their e-mails");
		f.hint =
			T(r, "The daily digest and sign-in links are written in it. It follows the "
			     "language they sign in with.");
		f.value = e && req_form(r, "lang") ? req_form(r, "lang") : lang_code(r->lang);
		f.opts = langs;
		f.nopts = 2;
		form_select(r, w, &f, e);
	}
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
	n.lang = req_form(r, "lang");
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
	     "<dt>%h</dt><dd>%h</dd>\n<dt>%h</dt><dd>%h</dd>\n</dl>\n",
	     T(r, "Name"), *m->name ? m->name : "—", T(r, "Account created"),
	     admin_time(r, m->created_at), T(r, "Sign-in"),
	     m->has_password ? T(r, "Has a password.") : T(r, "No password yet."),
	     T(r, "Language of their e-mails"),
	     m->lang && !strcmp(m->lang, "es") ? "Español" : "English");
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
