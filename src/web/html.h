/* html.h - the escaping writer: the only way page code writes HTML.
 *
 * html(w, fmt, ...) appends to the response body, formatted by util/escape.h. The format MUST
 * be a string literal (or a translation, T()/tr()); `make lint` rejects anything else. Its
 * directives:
 *   %h   const char *  escaped for HTML text and quoted attribute values (& < > " ')
 *   %u   const char *  percent-encoded as one URL component (query value, path segment)
 *   %d   int           %D  int64_t      %z  size_t
 *   %.1f double (one or two decimals: %.1f, %.2f; %f = %.2f)
 *   %%   a percent sign
 * A NULL string writes nothing. There is no directive that copies a string raw: request data
 * cannot reach the page unescaped. The one raw path, html_raw_trusted(), takes only literals
 * (and the Markdown renderer's output, marked for the lint).
 *
 *   html(w, "<a href=\"/explore?q=%u\">%h</a>", q, T(r, "Search again"));
 */
#ifndef SG_HTML_H
#define SG_HTML_H

#include "util/buf.h"
#include "util/escape.h"

struct resp;

void html(struct resp *w, const char *fmt, ...);
/* Raw markup from a trusted source. Literal strings only (checked by make lint). */
void html_raw_trusted(struct resp *w, const char *markup);

#endif
