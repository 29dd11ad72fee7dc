/* site.c - home, FAQ, help, terms and privacy (Markdown content per language), the language
 * switch, static assets, /healthz and /metrics. */
#include "pages/site.h"

#include <sodium.h>
#include <string.h>

#include "embedded.h"
#include "login.h"
#include "principal.h"
#include "settings.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/server.h"

int page_home(struct req *r, struct resp *w)
{
	page_begin(r, w, T(r, "Free online courses for New Yorkers looking for work"));
	html(w,
	     "<div class=\"hero\">\n<h1>%h</h1>\n<p class=\"lead\">%h</p>\n"
	     "<p class=\"actions\"><a class=\"button\" href=\"/eligibility\">%h</a> "
	     "<a class=\"button secondary\" href=\"%h\">%h</a></p>\n</div>\n",
	     T(r, "Free online courses for New Yorkers looking for work"),
	     T(r, "If you are unemployed or have lost your job, New York State gives you a no-cost "
		  "Coursera license: nearly 4,000 programs in data science, business, technology, "
		  "health care and more."),
	     T(r, "Check if you qualify"), r->lang == LANG_ES ? "/inscribete" : "/signup",
	     T(r, "Sign up"));
	page_markdown(r, w, "home");
	page_end(r, w);
	return 0;
}

static int content_page(struct req *r, struct resp *w, const char *title, const char *name)
{
	page_begin(r, w, title);
	html(w, "<h1>%h</h1>\n<div class=\"prose\">\n", title);
	if (page_markdown(r, w, name) != 0)
		return resp_error(r, w, 404, NULL);
	html(w, "</div>\n");
	page_end(r, w);
	return 0;
}

int page_faq(struct req *r, struct resp *w)
{
	return content_page(r, w, T(r, "Frequently asked questions"), "faq");
}

/* Help, with a form to choose the site's language (remembered in a cookie). */
int page_help(struct req *r, struct resp *w)
{
	static const struct opt langs[] = { { "en", "English" }, { "es", "Español" } };
	struct field f = { .name = "lang", .opts = langs, .nopts = 2 };

	page_begin(r, w, T(r, "Help and contact"));
	html(w, "<h1>%h</h1>\n<div class=\"prose\">\n", T(r, "Help and contact"));
	page_markdown(r, w, "help");
	html(w, "</div>\n<h2 id=\"language\">%h</h2>\n", T(r, "Language"));
	form_begin(r, w, "/lang", "post");
	html(w, "<input type=\"hidden\" name=\"next\" value=\"/help\">\n");
	f.label = T(r, "Show this site in");
	f.value = lang_code(r->lang);
	form_radios(r, w, &f, NULL);
	form_submit(r, w, T(r, "Save language"));
	form_end(r, w);
	page_end(r, w);
	return 0;
}

int page_terms(struct req *r, struct resp *w)
{
	return content_page(r, w, T(r, "Program terms"), "terms");
}

int page_privacy(struct req *r, struct resp *w)
{
	return content_page(r, w, T(r, "Privacy"), "privacy");
}

/* POST /lang (lang, next): the language switch as a form, for pages that prefer a button. */
int page_lang(struct req *r, struct resp *w)
{
	enum lang l;
	const char *next = req_form(r, "next");

	if (lang_parse(req_form(r, "lang"), &l) != 0)
		return resp_error(r, w, 400, NULL);
	resp_cookie(r, w, "lang", lang_code(l), 365L * 24 * 3600);
	/* a signed-in learner's choice is theirs: e-mails follow it too */
	if (r->who->role == ROLE_LEARNER && r->who->id && login_language_set(r->who->id, l) != 0)
		return resp_error(r, w, 503, NULL);
	return resp_redirect(r, w, next ? next : "/");
}

/* Static assets are compiled in: no file system path is ever opened, so no request can
 * read a file outside assets/. */
int page_static(struct req *r, struct resp *w)
{
	static const struct {
		const char *ext, *type;
	} types[] = { { ".css", "text/css; charset=utf-8" },
		      { ".js", "application/javascript; charset=utf-8" },
		      { ".svg", "image/svg+xml" },
		      { ".png", "image/png" },
		      { ".ico", "image/x-icon" },
		      { ".woff2", "font/woff2" } };
	const char *name = req_param(r, "*"), *inm;
	char path[256];
	size_t i, n;

	if (!name || strstr(name, "..") || strchr(name, '/') || strlen(name) > 200)
		return resp_error(r, w, 404, NULL);
	n = strlen(name);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);
		if (n > e && !strcmp(name + n - e, types[i].ext))
			break;
	}
	if (i == sizeof(types) / sizeof(types[0]))
		return resp_error(r, w, 404, NULL);
	strcpy(path, "assets/");
	strcat(path, name);
	for (n = 0; n < embedded_count; n++) {
		const struct embedded_file *f = &embedded_files[n];
		if (strcmp(f->name, path))
			continue;
		resp_header(w, r, "ETag", f->etag);
		resp_header(w, r, "Cache-Control", "public, max-age=31536000");
		w->content_type = types[i].type; /* lint: embedded-asset */
		inm = req_header(r, "If-None-Match");
		if (inm && strstr(inm, f->etag)) {
			w->status = 304;
			return 0;
		}
		w->status = 200;
		w->static_data = f->data;
		w->static_len = f->len;
		return 0;
	}
	return resp_error(r, w, 404, NULL);
}

int page_healthz(struct req *r, struct resp *w)
{
	if (server_store_unavailable()) {
		resp_header(w, r, "Retry-After", "5");
		return resp_text(r, w, 503, TEXT_PLAIN, "database unavailable\n", 21);
	}
	return resp_text(r, w, 200, TEXT_PLAIN, "ok\n", 3);
}

static const char *metrics_token;

void site_set_metrics_token(const char *token)
{
	metrics_token = token && *token ? token : NULL;
}

/* /metrics tells per-route counts, sign-in failures and sign-up volumes: it is served to the
 * host itself (a loopback peer that no proxy stands in front of: a request with
 * X-Forwarded-For or Forwarded came from elsewhere, and so did one whose address a trusted
 * proxy forwarded, whatever that address is) or to whoever sends
 * "Authorization: Bearer <SKILLGATE_METRICS_TOKEN>". */
static int metrics_allowed(struct req *r)
{
	const char *a = r->remote_addr, *auth = req_header(r, "Authorization");
	int loopback =
		!strncmp(a, "127.", 4) || !strcmp(a, "::1") || !strncmp(a, "::ffff:127.", 11);

	if (loopback && !r->forwarded && !req_header(r, "X-Forwarded-For") &&
	    !req_header(r, "Forwarded"))
		return 1;
	if (!metrics_token || !auth || strncmp(auth, "Bearer ", 7))
		return 0;
	auth += 7;
	return strlen(auth) == strlen(metrics_token) &&
	       sodium_memcmp(auth, metrics_token, strlen(auth)) == 0;
}

int page_metrics(struct req *r, struct resp *w)
{
	if (!metrics_allowed(r)) {
		static const char no[] = "Metrics are served to this host, or with "
					 "Authorization: Bearer <SKILLGATE_METRICS_TOKEN>.\n";
		resp_header(w, r, "WWW-Authenticate", "Bearer");
		return resp_text(r, w, 403, TEXT_PLAIN, no, sizeof(no) - 1);
	}
	w->status = 200;
	w->content_type = "text/plain; version=0.0.4; charset=utf-8"; /* lint: metrics */
	metrics_write(&w->body);				      /* lint: metrics */
	return 0;
}
