/* html.h - the escaping writer: the only way page code writes HTML.
 *
 * html(w, fmt, ...) appends to the response body. The format MUST be a string literal (or a
 * translation, T()/tr()); `make lint` rejects anything else. Its directives:
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

#include <stdarg.h>

#include "util/buf.h"

struct resp;

void html(struct resp *w, const char *fmt, ...);
/* Same writer on a plain buf (mail bodies, tests). */
void html_buf(struct buf *b, const char *fmt, ...);
void html_vbuf(struct buf *b, const char *fmt, va_list ap);
/* Escaped text. */
void html_text(struct buf *b, const char *s);
/* Percent-encoded URL component (RFC 3986 unreserved kept). */
void html_urlenc(struct buf *b, const char *s);
/* Percent-encoded URL path: like html_urlenc but keeps '/'. */
void html_urlpath(struct buf *b, const char *s);
/* Raw markup from a trusted source. Literal strings only (checked by make lint). */
void html_raw_trusted(struct resp *w, const char *markup);

#endif
