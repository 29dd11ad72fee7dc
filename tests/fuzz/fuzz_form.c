/* fuzz_form.c - libFuzzer target for form bodies (application/x-www-form-urlencoded and
 * multipart/form-data) through the real request handling: libmicrohttpd's POST processor and
 * the server's form collector (web/server.c), then routing, identity and CSRF.
 *
 * Input: byte 0 picks the route (low 3 bits) and the body type (bit 3: multipart, boundary
 * FUZZ_BOUNDARY); byte 1 the size of the pieces the request is sent in (0: at once, 1-3
 * bytes, or byte 1 x 32; so values arrive split across many pieces, as over a slow network);
 * the rest is the body. Every
 * request must get a well-formed answer that is not a 500, within the time limit; memory
 * for a body of n bytes is bounded by -malloc_limit_mb / -rss_limit_mb (run.sh).
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

#define FUZZ_BOUNDARY "----skillgateFormBoundary7MA4YWxkTrZu0gW"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const routes[8] = {
	"/signup",
	"/eligibility",
	"/status",
	"/lang",
	"/login",
	"/admin/login",
	"/admin/settings/curation/import",
	"/inscribete",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf req = BUF_INIT(8u << 20);
	int status;

	if (size < 2)
		return 0;
	fuzz_http_start();
	buf_printf(&req,
		   "POST %s HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nOrigin: http://127.0.0.1:8080\r\n"
		   "Content-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
		   routes[data[0] & 7],
		   data[0] & 8 ? "multipart/form-data; boundary=" FUZZ_BOUNDARY
			       : "application/x-www-form-urlencoded",
		   size - 2);
	buf_add(&req, data + 2, size - 2);
	/* pieces of 1 to 3 bytes, or of 32 to 8160 */
	status = fuzz_http(req.p, req.len, data[1] < 4 ? data[1] : (size_t)data[1] * 32);
	buf_release(&req);
	if (status < 200 || status > 599 || status == 500)
		fuzz_die("a form post got no answer, or a 500");
	return 0;
}
