/* html.c - the escaping writer on a response body (the formatter is util/escape.c). */
#include "web/html.h"

#include <stdarg.h>

#include "web/http.h"

void html(struct resp *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	html_vbuf(&w->body, fmt, ap);
	va_end(ap);
}

void html_raw_trusted(struct resp *w, const char *markup)
{
	buf_puts(&w->body, markup);
}
