/* fuzz_html.c - libFuzzer target for the escaping writer (web/html.h).
 *
 * The input is escaped as text and as a URL component, and each output is checked: %h output
 * holds no markup character and decodes back to the input; %u output holds only unreserved
 * characters and %XX escapes and decodes back too. Then the input is used as a format of its
 * own (only when every directive in it reads a string or nothing, so the argument list stays
 * well-defined), to exercise the directive parser on arbitrary text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/config.h"
#include "web/html.h"
#include "web/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void check_text(const char *in, const char *out)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = { { "&amp;", '&' },
		     { "&lt;", '<' },
		     { "&gt;", '>' },
		     { "&quot;", '"' },
		     { "&#39;", '\'' } };
	const char *p = out, *q = in;
	size_t i;

	while (*p) {
		if (*p == '<' || *p == '>' || *p == '"' || *p == '\'')
			abort(); /* a markup character got through */
		if (*p == '&') {
			for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++)
				if (!strncmp(p, ents[i].ent, strlen(ents[i].ent)))
					break;
			if (i == sizeof(ents) / sizeof(ents[0]) || *q != ents[i].c)
				abort();
			p += strlen(ents[i].ent);
		} else {
			if (*q != *p)
				abort();
			p++;
		}
		q++;
	}
	if (*q)
		abort(); /* something was dropped */
}

static void check_url(const char *in, const char *out)
{
	const char *p = out, *q = in;

	while (*p) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			if (*q != *p)
				abort();
			p++;
		} else if (c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			if ((unsigned char)*q != hexval(p[1]) * 16 + hexval(p[2]))
				abort();
			p += 3;
		} else {
			abort(); /* a character that is not allowed raw in a URL component */
		}
		q++;
	}
	if (*q)
		abort();
}

/* Every '%' is followed by h, u, % or a character that is no directive (which the writer
 * shows as a marker without reading an argument), and there are at most 8 of them. */
static int safe_format(const char *s)
{
	int n = 0;

	for (; *s; s++) {
		if (*s != '%')
			continue;
		s++;
		if (*s == 'h' || *s == 'u')
			n++;
		else if (*s == 'd' || *s == 'D' || *s == 'z' || *s == 'f' || *s == '.')
			return 0;
		else if (!*s)
			break;
	}
	return n <= 8;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b = BUF_INIT(1 << 24);
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	html_buf(&b, "%h", s);
	check_text(s, b.p);
	buf_clear(&b);
	html_buf(&b, "%u", s);
	check_url(s, b.p);
	buf_clear(&b);

	if (safe_format(s)) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		html_buf(&b, s, s, s, s, s, s, s, s, s);
#pragma GCC diagnostic pop
		if (b.len > (size + 1) * 6 * 9 + 16 * size)
			abort();
	}
	/* a tiny cap: refused appends never leave a partial entity or escape */
	{
		struct buf c = BUF_INIT(7);
		html_text(&c, s);
		if (c.len > 7 || strpbrk(c.p, "<>\"'"))
			abort();
		buf_release(&c);
	}
	buf_release(&b);
	free(s);
	return 0;
}
