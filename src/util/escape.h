/* escape.h - the escaping formatter: HTML text, attributes and URL components on a buffer.
 *
 * The HTML writer of pages (web/html.h: html(w, fmt, ...)) and the mail bodies (mail.c) both
 * format through html_vbuf(), so its directives are the only way markup gets data:
 *   %h   const char *  escaped for HTML text and quoted attribute values (& < > " ')
 *   %u   const char *  percent-encoded as one URL component (query value, path segment)
 *   %d   int           %D  int64_t      %z  size_t
 *   %.1f double (one or two decimals: %.1f, %.2f; %f = %.2f)
 *   %%   a percent sign
 * A NULL string writes nothing; no directive copies a string raw. The format MUST be a string
 * literal (or a translation, T()/tr()); `make lint` rejects anything else.
 */
#ifndef SG_ESCAPE_H
#define SG_ESCAPE_H

#include <stdarg.h>

#include "util/buf.h"

/* The writer on a plain buf (mail bodies, tests). */
void html_buf(struct buf *b, const char *fmt, ...);
void html_vbuf(struct buf *b, const char *fmt, va_list ap);
/* Escaped text. */
void html_text(struct buf *b, const char *s);
/* Percent-encoded URL component (RFC 3986 unreserved kept). */
void html_urlenc(struct buf *b, const char *s);
/* Percent-encoded URL path: like html_urlenc but keeps '/'. */
void html_urlpath(struct buf *b, const char *s);

#endif
