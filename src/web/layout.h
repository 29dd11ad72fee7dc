/* layout.h - the frame of every page and the accessible form components.
 *
 * page_begin() writes the document head, the skip link, the header with the program name,
 * the navigation and the language switch, and opens <main id="main">; page_end() closes main
 * and writes the footer with the help contact. Between them a page writes its content with
 * html().
 *
 * Forms: form_begin() writes <form> with the CSRF field. Each field component writes its
 * label, hint and error message, tying them to the control with aria-describedby, and marks
 * it aria-invalid when it has an error. form_error_summary() lists every error at the top,
 * each a link to its field, and takes focus (tabindex=-1, autofocus-free: the page's title
 * says "Error:" first).
 */
#ifndef SG_LAYOUT_H
#define SG_LAYOUT_H

#include <stddef.h>

#include "web/http.h"

/* An error in the request's form: HTML page (in r->lang) or, under /api/, the JSON
 * {"error":{"code","message"}}. code may be NULL (derived from the status); message may be
 * NULL (a standard one for the status). */
int resp_error(struct req *r, struct resp *w, int status, const char *message);

/* Where the frame reads the program's name (program_name_en/_es) and help address
 * (help_email): the settings lookup, given once at start-up. */
void layout_settings_hook(const char *(*get)(struct arena *a, const char *key));

/* title: the page's own title (already translated); the site name is appended. */
void page_begin(struct req *r, struct resp *w, const char *title);
void page_end(struct req *r, struct resp *w);
/* The page title with an "Error: " prefix when the form has errors. */
void page_begin_form(struct req *r, struct resp *w, const char *title, int has_errors);

/* Field errors of one form submission. */
struct form_err {
	const char *field;   /* input name (and id: "f-<name>") */
	const char *message; /* translated */
};
struct form_errors {
	struct form_err items[32];
	size_t n;
};
void form_errors_add(struct form_errors *e, const char *field, const char *message);
const char *form_errors_get(const struct form_errors *e, const char *field);

struct opt {
	const char *value, *label; /* label already translated */
};

struct field {
	const char *name;
	const char *label; /* translated */
	const char *hint;  /* translated, or NULL */
	const char *type;  /* "text", "email", "tel", "date", "password", "number"; default text */
	const char *value; /* current value, or NULL */
	const char *autocomplete;     /* e.g. "given-name", or NULL */
	const char *inputmode;	      /* or NULL */
	int required, optional_label; /* optional_label: show "(optional)" */
	const struct opt *opts;	      /* select / radios */
	size_t nopts;
};

void form_begin(struct req *r, struct resp *w, const char *action, const char *method);
void form_end(struct req *r, struct resp *w);
void form_error_summary(struct req *r, struct resp *w, const struct form_errors *e);
void form_input(struct req *r, struct resp *w, const struct field *f, const struct form_errors *e);
void form_select(struct req *r, struct resp *w, const struct field *f, const struct form_errors *e);
/* A fieldset of radio buttons; f->label is the legend. */
void form_radios(struct req *r, struct resp *w, const struct field *f, const struct form_errors *e);
/* One checkbox with value "1"; checked when f->value is "1". */
void form_checkbox(struct req *r, struct resp *w, const struct field *f,
		   const struct form_errors *e);
void form_submit(struct req *r, struct resp *w, const char *label);

/* A small bordered box for notices: kind is "info", "success", "warning" or "error". */
void notice_begin(struct resp *w, const char *kind);
void notice_end(struct resp *w);
/* A notice box holding one paragraph of text. */
void notice_text(struct resp *w, const char *kind, const char *text);

/* Renders an embedded Markdown content file (content/<lang>/<name>.md) through cmark in safe
 * mode. 0, or -1 when there is no such file. */
int page_markdown(struct req *r, struct resp *w, const char *name);

/* The page a single-use sign-in link opens (learners' and staff's): a button that posts the
 * token t to action. Only pressing it uses the link, so mail scanners that fetch links cannot
 * use it up. */
void link_confirm_page(struct req *r, struct resp *w, const char *title, const char *action,
		       const char *t);
/* The page of a link that is used up, expired or unknown: 200 when it was opened (a page that
 * says what to do), 400 when a used or forged token was sent; its button goes to ask_href,
 * where a new link is asked for. Returns 0. */
int link_broken_page(struct req *r, struct resp *w, const char *ask_href);

#endif
