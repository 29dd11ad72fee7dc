/* fuzz_headers.c - libFuzzer target for the request headers the server reads itself: the
 * Cookie header (session and visitor cookies, lang) and Accept-Language, with a query string,
 * through the real request handling (web/server.c, web/session.c, web/i18n.c).
 *
 * Input: "<cookie>\n<accept-language>\n<query>"; CR and LF inside a value become spaces, so
 * the request stays one request. Byte 0 of the query picks the page. Every request must get
 * a well-formed answer that is not a 500.
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const pages[4] = { "/", "/me", "/catalog", "/admin" };

static const char *part(struct arena *a, const uint8_t **p, const uint8_t *end, int clean)
{
	const uint8_t *s = *p, *e = memchr(s, '\n', (size_t)(end - s));
	char *out;
	size_t i, n;

	if (!e)
		e = end;
	n = (size_t)(e - s);
	out = arena_alloc(a, n + 1);
	for (i = 0; i < n; i++)
		out[i] = (char)(clean && (s[i] == '\r' || s[i] == '\n' || s[i] == 0) ? ' ' : s[i]);
	out[n] = '\0';
	*p = e < end ? e + 1 : end;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct buf req = BUF_INIT(1u << 20);
	const uint8_t *p = data, *end = data + size;
	const char *cookie, *accept, *query;
	int status;
	size_t i;

	fuzz_http_start();
	arena_init(&a);
	cookie = part(&a, &p, end, 1);
	accept = part(&a, &p, end, 1);
	query = part(&a, &p, end, 1);
	buf_printf(&req, "GET %s?", pages[(unsigned char)query[0] & 3]);
	for (i = 0; query[i]; i++) /* the query as a request target can carry: no spaces */
		buf_putc(&req, query[i] == ' ' || query[i] == '#' ? '+' : query[i]);
	buf_printf(&req,
		   " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nCookie: %s\r\nAccept-Language: %s\r\n"
		   "Connection: close\r\n\r\n",
		   cookie, accept);
	status = fuzz_http(req.p, req.len, 0);
	buf_release(&req);
	arena_release(&a);
	/* control bytes in a header or the request line may be refused (400) or dropped */
	if (status == 500 || (status && (status < 200 || status > 599)))
		fuzz_die("headers got a malformed answer or a 500");
	return 0;
}
