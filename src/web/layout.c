/* layout.c - the page frame and form components (layout.h). */
#include "web/layout.h"

#include <cmark.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "web/html.h"
#include "web/session.h"

/* The current URL with lang=<other> (other query parameters kept), for the switch link.
 * Built unescaped (the writer escapes it once, as an attribute); a path that does not start
 * with exactly one slash ("//host/…" would leave the site) becomes "/". */
static void lang_switch_href(struct req *r, struct buf *b, const char *code)
{
	size_t i;

	if (r->path[0] != '/' || r->path[1] == '/' || r->path[1] == '\\')
		buf_puts(b, "/");
	else
		html_urlpath(b, r->path);
	buf_puts(b, "?");
	for (i = 0; i < r->query.n; i++) {
		if (!strcmp(r->query.items[i].key, "lang"))
			continue;
		html_urlenc(b, r->query.items[i].key);
		buf_puts(b, "=");
		html_urlenc(b, r->query.items[i].value);
		buf_puts(b, "&");
	}
	buf_puts(b, "lang=");
	buf_puts(b, code);
}

static const struct {
	const char *href, *label;
	int learner_only, anon_only;
} nav[] = {
	{ "/eligibility", N_("Check eligibility"), 0, 1 },
	{ "/signup", N_("Sign up"), 0, 1 },
	{ "/status", N_("Request status"), 0, 1 },
	{ "/catalog", N_("Browse catalog"), 0, 0 },
	{ "/explore", N_("Explore"), 0, 0 },
	{ "/faq", N_("FAQ"), 0, 0 },
	{ "/help", N_("Help"), 0, 0 },
};

static const char *(*setting)(struct arena *a, const char *key);

void layout_settings_hook(const char *(*get)(struct arena *a, const char *key))
{
	setting = get;
}

static const char *setting_get(struct arena *a, const char *key)
{
	return setting ? setting(a, key) : NULL;
}

static void page_head(struct req *r, struct resp *w, const char *title, int error)
{
	struct arena *a = r->arena;
	const char *name =
		setting_get(a, r->lang == LANG_ES ? "program_name_es" : "program_name_en");
	const char *other = r->lang == LANG_ES ? "en" : "es";
	struct buf sw = BUF_INIT(8192);
	size_t i;

	w->content_type = "text/html; charset=utf-8";
	html(w,
	     "<!DOCTYPE html>\n<html lang=\"%h\">\n<head>\n<meta charset=\"utf-8\">\n"
	     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	     "<title>%h%h – %h</title>\n",
	     lang_code(r->lang), error ? T(r, "Error: ") : "", title, name);
	html(w,
	     "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
	     "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
	     "</head>\n<body>\n<a class=\"skip\" href=\"#main\">%h</a>\n",
	     T(r, "Skip to main content"));
	html(w,
	     "<header class=\"site\">\n<div class=\"bar\">\n<a class=\"brand\" href=\"/\">"
	     "<span class=\"agency\">%h</span> %h</a>\n",
	     T(r, "NYS Department of Labor"), name);
	lang_switch_href(r, &sw, other);
	html(w, "<a class=\"lang\" href=\"%h\" hreflang=\"%h\" lang=\"%h\">%h</a>\n</div>\n", sw.p,
	     other, other, r->lang == LANG_ES ? "English" : "Español");
	buf_release(&sw);
	html(w, "<nav aria-label=\"%h\">\n<ul>\n", T(r, "Main"));
	for (i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
		int current = !strcmp(r->path, nav[i].href);
		if (nav[i].anon_only && r->access == ACCESS_LEARNER)
			continue;
		if (current)
			html(w, "<li><a href=\"%h\" aria-current=\"page\">%h</a></li>\n",
			     nav[i].href, T(r, nav[i].label));
		else
			html(w, "<li><a href=\"%h\">%h</a></li>\n", nav[i].href,
			     T(r, nav[i].label));
	}
	if (r->access == ACCESS_LEARNER)
		html(w, "<li><a href=\"/me\">%h</a></li>\n", T(r, "My learning"));
	else if (r->access >= ACCESS_AREA_VIEWER)
		html(w, "<li><a href=\"/admin\">%h</a></li>\n", T(r, "Staff workspace"));
	else
		html(w, "<li><a href=\"/login\">%h</a></li>\n", T(r, "Sign in"));
	html(w, "</ul>\n</nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void page_begin(struct req *r, struct resp *w, const char *title)
{
	page_head(r, w, title, 0);
}

void page_begin_form(struct req *r, struct resp *w, const char *title, int has_errors)
{
	page_head(r, w, title, has_errors);
}

void page_end(struct req *r, struct resp *w)
{
	const char *help = setting_get(r->arena, "help_email");

	html(w, "</main>\n<footer class=\"site\">\n<p>%h <a href=\"mailto:%h\">%h</a></p>\n",
	     T(r, "Questions, or no answer to your request within 48 hours? Write to"), help, help);
	html(w,
	     "<ul class=\"links\">\n<li><a href=\"/faq\">%h</a></li>\n<li><a "
	     "href=\"/help\">%h</a></li>\n"
	     "<li><a href=\"/terms\">%h</a></li>\n<li><a href=\"/privacy\">%h</a></li>\n"
	     "<li><a href=\"/admin\">%h</a></li>\n</ul>\n",
	     T(r, "FAQ"), T(r, "Help and contact"), T(r, "Program terms"), T(r, "Privacy"),
	     T(r, "Staff sign-in"));
	html(w, "<p>%h</p>\n</footer>\n</body>\n</html>\n",
	     T(r, "New York State Department of Labor, a proud partner of the American Job Center "
		  "network."));
}

/* ---- forms -------------------------------------------------------------------------------- */

void form_errors_add(struct form_errors *e, const char *field, const char *message)
{
	if (e->n < sizeof(e->items) / sizeof(e->items[0]) && !form_errors_get(e, field)) {
		e->items[e->n].field = field;
		e->items[e->n].message = message;
		e->n++;
	}
}

const char *form_errors_get(const struct form_errors *e, const char *field)
{
	size_t i;

	if (!e)
		return NULL;
	for (i = 0; i < e->n; i++)
		if (!strcmp(e->items[i].field, field))
			return e->items[i].message;
	return NULL;
}

void form_begin(struct req *r, struct resp *w, const char *action, const char *method)
{
	if (!strcmp(method, "get")) {
		html(w, "<form action=\"%h\" method=\"get\">\n", action);
		return;
	}
	html(w,
	     "<form action=\"%h\" method=\"post\" novalidate>\n"
	     "<input type=\"hidden\" name=\"csrf\" value=\"%h\">\n",
	     action, session_csrf_token(r, w));
}

void form_end(struct req *r, struct resp *w)
{
	(void)r;
	html(w, "</form>\n");
}

void form_error_summary(struct req *r, struct resp *w, const struct form_errors *e)
{
	size_t i;

	if (!e || !e->n)
		return;
	html(w,
	     "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" "
	     "tabindex=\"-1\">\n<h2 id=\"error-summary-title\">%h</h2>\n<ul>\n",
	     T(r, "There is a problem"));
	for (i = 0; i < e->n; i++)
		html(w, "<li><a href=\"#f-%h\">%h</a></li>\n", e->items[i].field,
		     e->items[i].message);
	html(w, "</ul>\n</div>\n");
}

/* Label, hint and error message above a control. */
static void field_top(struct req *r, struct resp *w, const struct field *f, const char *err)
{
	html(w, "<div class=\"field%h\">\n<label for=\"f-%h\">%h", err ? " has-error" : "", f->name,
	     f->label);
	if (f->optional_label)
		html(w, " <span class=\"optional\">%h</span>", T(r, "(optional)"));
	html(w, "</label>\n");
	if (f->hint)
		html(w, "<p class=\"hint\" id=\"h-%h\">%h</p>\n", f->name, f->hint);
	if (err)
		html(w,
		     "<p class=\"error\" id=\"e-%h\"><span class=\"visually-hidden\">%h</span> "
		     "%h</p>\n",
		     f->name, T(r, "Error:"), err);
}

static void described_by(struct resp *w, const struct field *f, const char *err)
{
	if (!f->hint && !err)
		return;
	html(w, " aria-describedby=\"");
	if (f->hint)
		html(w, "h-%h", f->name);
	if (f->hint && err)
		html(w, " ");
	if (err)
		html(w, "e-%h", f->name);
	html(w, "\"");
	if (err)
		html(w, " aria-invalid=\"true\"");
}

void form_input(struct req *r, struct resp *w, const struct field *f, const struct form_errors *e)
{
	const char *err = form_errors_get(e, f->name);

	field_top(r, w, f, err);
	html(w, "<input id=\"f-%h\" name=\"%h\" type=\"%h\"", f->name, f->name,
	     f->type ? f->type : "text");
	if (f->value)
		html(w, " value=\"%h\"", f->value);
	if (f->autocomplete)
		html(w, " autocomplete=\"%h\"", f->autocomplete);
	if (f->inputmode)
		html(w, " inputmode=\"%h\"", f->inputmode);
	if (f->required)
		html(w, " required");
	described_by(w, f, err);
	html(w, ">\n</div>\n");
}

void form_select(struct req *r, struct resp *w, const struct field *f, const struct form_errors *e)
{
	const char *err = form_errors_get(e, f->name);
	size_t i;

	field_top(r, w, f, err);
	html(w, "<select id=\"f-%h\" name=\"%h\"", f->name, f->name);
	if (f->autocomplete)
		html(w, " autocomplete=\"%h\"", f->autocomplete);
	if (f->required)
		html(w, " required");
	described_by(w, f, err);
	html(w, ">\n");
	for (i = 0; i < f->nopts; i++)
		html(w, "<option value=\"%h\"%h>%h</option>\n", f->opts[i].value,
		     f->value && !strcmp(f->value, f->opts[i].value) ? " selected" : "",
		     f->opts[i].label);
	html(w, "</select>\n</div>\n");
}

void form_radios(struct req *r, struct resp *w, const struct field *f, const struct form_errors *e)
{
	const char *err = form_errors_get(e, f->name);
	size_t i;

	html(w, "<fieldset class=\"field%h\"", err ? " has-error" : "");
	described_by(w, f, err);
	html(w, ">\n<legend>%h", f->label);
	if (f->optional_label)
		html(w, " <span class=\"optional\">%h</span>", T(r, "(optional)"));
	html(w, "</legend>\n");
	if (f->hint)
		html(w, "<p class=\"hint\" id=\"h-%h\">%h</p>\n", f->name, f->hint);
	if (err)
		html(w,
		     "<p class=\"error\" id=\"e-%h\"><span class=\"visually-hidden\">%h</span> "
		     "%h</p>\n",
		     f->name, T(r, "Error:"), err);
	for (i = 0; i < f->nopts; i++) {
		/* the first radio carries the field's id, so the error summary's link lands on it */
		if (i == 0)
			html(w,
			     "<div class=\"choice\"><input type=\"radio\" id=\"f-%h\" name=\"%h\" "
			     "value=\"%h\"%h>",
			     f->name, f->name, f->opts[i].value,
			     f->value && !strcmp(f->value, f->opts[i].value) ? " checked" : "");
		else
			html(w,
			     "<div class=\"choice\"><input type=\"radio\" id=\"f-%h-%z\" "
			     "name=\"%h\" "
			     "value=\"%h\"%h>",
			     f->name, i, f->name, f->opts[i].value,
			     f->value && !strcmp(f->value, f->opts[i].value) ? " checked" : "");
		if (i == 0)
			html(w, " <label for=\"f-%h\">%h</label></div>\n", f->name,
			     f->opts[i].label);
		else
			html(w, " <label for=\"f-%h-%z\">%h</label></div>\n", f->name, i,
			     f->opts[i].label);
	}
	html(w, "</fieldset>\n");
}

void form_checkbox(struct req *r, struct resp *w, const struct field *f,
		   const struct form_errors *e)
{
	const char *err = form_errors_get(e, f->name);

	html(w, "<div class=\"field choice%h\">\n", err ? " has-error" : "");
	if (err)
		html(w,
		     "<p class=\"error\" id=\"e-%h\"><span class=\"visually-hidden\">%h</span> "
		     "%h</p>\n",
		     f->name, T(r, "Error:"), err);
	html(w, "<input type=\"checkbox\" id=\"f-%h\" name=\"%h\" value=\"1\"%h", f->name, f->name,
	     f->value && !strcmp(f->value, "1") ? " checked" : "");
	described_by(w, f, err);
	html(w, "> <label for=\"f-%h\">%h</label>\n", f->name, f->label);
	if (f->hint)
		html(w, "<p class=\"hint\" id=\"h-%h\">%h</p>\n", f->name, f->hint);
	html(w, "</div>\n");
}

void form_submit(struct req *r, struct resp *w, const char *label)
{
	(void)r;
	html(w, "<button type=\"submit\" class=\"button\">%h</button>\n", label);
}

void notice_begin(struct resp *w, const char *kind)
{
	html(w, "<div class=\"notice notice-%h\">\n", kind);
}

void notice_end(struct resp *w)
{
	html(w, "</div>\n");
}

void notice_text(struct resp *w, const char *kind, const char *text)
{
	notice_begin(w, kind);
	html(w, "<p>%h</p>\n", text);
	notice_end(w);
}

void link_confirm_page(struct req *r, struct resp *w, const char *title, const char *action,
		       const char *t)
{
	w->no_store = 1;
	page_begin(r, w, title);
	html(w, "<h1>%h</h1>\n<p>%h</p>\n", title, T(r, "Press the button to finish signing in."));
	form_begin(r, w, action, "post");
	html(w, "<input type=\"hidden\" name=\"t\" value=\"%h\">\n", t);
	form_submit(r, w, T(r, "Sign in"));
	form_end(r, w);
	page_end(r, w);
}

int link_broken_page(struct req *r, struct resp *w, const char *ask_href)
{
	w->status = r->method == M_POST ? 400 : 200;
	w->no_store = 1;
	page_begin(r, w, T(r, "This sign-in link does not work"));
	html(w, "<h1>%h</h1>\n<p>%h</p>\n<p><a class=\"button\" href=\"%h\">%h</a></p>\n",
	     T(r, "This sign-in link does not work"),
	     T(r, "It was already used, or more than 15 minutes have passed since we sent it. Ask "
		  "for a new link: it only takes a moment."),
	     ask_href, T(r, "Ask for a new link"));
	page_end(r, w);
	return 0;
}

/* The content files are part of the binary, so each is rendered once and kept. */
#define MD_CACHE 64
static pthread_mutex_t md_mu = PTHREAD_MUTEX_INITIALIZER;
static const struct embedded_file *md_file[MD_CACHE];
static char *md_html[MD_CACHE];

static const char *markdown_html(const struct embedded_file *f)
{
	const char *out = NULL;
	size_t i;

	pthread_mutex_lock(&md_mu);
	for (i = 0; i < MD_CACHE && md_file[i]; i++)
		if (md_file[i] == f) {
			out = md_html[i];
			break;
		}
	if (!out && i < MD_CACHE) {
		/* Our own content, rendered in safe mode: raw HTML and unsafe links are dropped. */
		md_html[i] = cmark_markdown_to_html((const char *)f->data, f->len,
						    CMARK_OPT_SAFE | CMARK_OPT_SMART);
		md_file[i] = f;
		out = md_html[i];
	}
	pthread_mutex_unlock(&md_mu);
	return out;
}

int page_markdown(struct req *r, struct resp *w, const char *name)
{
	char path[128];
	size_t i;

	snprintf(path, sizeof(path), "content/%s/%s.md", lang_code(r->lang), name);
	for (i = 0; i < embedded_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		const char *out;
		if (strcmp(f->name, path))
			continue;
		out = markdown_html(f);
		if (!out)
			return -1;
		html_raw_trusted(w, out); /* lint: trusted-html (cmark safe mode, our own files) */
		return 0;
	}
	return -1;
}

static const char *status_advice(int status)
{
	switch (status) {
	case 400: return N_("Go back, check what you entered and try again.");
	case 401: return N_("Sign in, then try again.");
	case 403:
		return N_("Your session may have expired, or this page is for another kind of "
			  "account. Go back, reload the page and try again.");
	case 404:
		return N_("Check the address, or start again from the home page. If you followed a "
			  "link from us, please tell us.");
	case 405: return N_("Go back and use the buttons and links on the page.");
	case 413: return N_("Send a smaller file or shorter text.");
	case 429: return N_("Please wait a few minutes, then try again.");
	default:
		return N_("Nothing you entered was lost. Please try again in a few minutes. If it "
			  "keeps happening, write to us.");
	}
}

int resp_error(struct req *r, struct resp *w, int status, const char *message)
{
	if (r->is_api)
		return resp_api_error(r, w, status, NULL, message, NULL);
	buf_clear(&w->body);
	w->content_type = "text/html; charset=utf-8";
	page_begin(r, w, T(r, http_status_title(status)));
	w->status = status;
	html(w, "<h1>%h</h1>\n", T(r, http_status_title(status)));
	if (message)
		html(w, "<p>%h</p>\n", message);
	html(w, "<p>%h</p>\n<p><a href=\"/\">%h</a> · <a href=\"/help\">%h</a></p>\n",
	     T(r, status_advice(status)), T(r, "Go to the home page"), T(r, "Get help"));
	page_end(r, w);
	return 0;
}
