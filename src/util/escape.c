/* escape.c - the escaping formatter on a plain buffer (see escape.h for the directives). */
#include "util/escape.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void html_text(struct buf *b, const char *s)
{
	const char *run = s;

	if (!s)
		return;
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

void html_urlenc(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_add(b, e, 3);
		}
	}
}

void html_urlpath(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_add(b, e, 3);
		}
	}
}

void html_vbuf(struct buf *b, const char *fmt, va_list ap)
{
	const char *run = fmt;
	char num[64];

	for (; *fmt; fmt++) {
		if (*fmt != '%')
			continue;
		buf_add(b, run, (size_t)(fmt - run));
		fmt++;
		switch (*fmt) {
		case 'h': html_text(b, va_arg(ap, const char *)); break;
		case 'u': html_urlenc(b, va_arg(ap, const char *)); break;
		case 'd':
			snprintf(num, sizeof(num), "%d", va_arg(ap, int));
			buf_puts(b, num);
			break;
		case 'D':
			snprintf(num, sizeof(num), "%" PRId64, va_arg(ap, int64_t));
			buf_puts(b, num);
			break;
		case 'z':
			snprintf(num, sizeof(num), "%zu", va_arg(ap, size_t));
			buf_puts(b, num);
			break;
		case 'f':
			snprintf(num, sizeof(num), "%.2f", va_arg(ap, double));
			buf_puts(b, num);
			break;
		case '.':
			if (fmt[1] >= '0' && fmt[1] <= '3' && fmt[2] == 'f') {
				snprintf(num, sizeof(num), "%.*f", fmt[1] - '0',
					 va_arg(ap, double));
				buf_puts(b, num);
				fmt += 2;
				break;
			}
			buf_puts(b, "[bad format]");
			/* skip the rest of the bad directive: "%.5f" shows only the marker */
			while (fmt[1] >= '0' && fmt[1] <= '9')
				fmt++;
			if (fmt[1] == 'f')
				fmt++;
			break;
		case '%': buf_putc(b, '%'); break;
		default:
			/* An unknown directive is a programming error: show it, never guess. */
			buf_puts(b, "[bad format]");
			if (!*fmt)
				return;
		}
		run = fmt + 1;
	}
	buf_add(b, run, (size_t)(fmt - run));
}

void html_buf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	html_vbuf(b, fmt, ap);
	va_end(ap);
}
