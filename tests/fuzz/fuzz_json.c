/* fuzz_json.c - libFuzzer target for the JSON request bodies of the API, through the real
 * request handling with a state admin's token: the public sign-up (POST /api/v1/applications),
 * a staff decision, a learner's OSOS ID and notes (PATCH), a transfer, an enrollment and the
 * program settings (PUT). The database holds realistic data (harness.h).
 *
 * Input: byte 0 picks the route; the rest is the body. Every request must get a well-formed
 * answer that is not a 500: a body that is not what the route wants is a 400 or 422.
 */
#include <stddef.h>
#include <stdint.h>

#include "application.h"
#include "harness.h"
#include "intake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *method, *path;
} routes[8] = {
	{ "POST", "/api/v1/applications" },
	{ "POST", "/api/v1/applications/NY-TSTA-1720/decision" },
	{ "PATCH", "/api/v1/learners/1" },
	{ "POST", "/api/v1/learners/2/transfer" },
	{ "POST", "/api/v1/learners/3/enrollments" },
	{ "PUT", "/api/v1/settings" },
	{ "PATCH", "/api/v1/learners/4" },
	{ "POST", "/api/v1/applications" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
	struct buf req = BUF_INIT(1u << 20);
	int status, i;

	if (size < 1)
		return 0;
	fuzz_http_start();
	if (!started) {
		started = 1;
		intake_handler_set(&application_intake);
		if (intake_start() != 0)
			fuzz_die("intake_start");
	}
	i = data[0] & 7;
	buf_printf(&req,
		   "%s %s HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer %s\r\n"
		   "Content-Type: application/json\r\nContent-Length: %zu\r\n"
		   "Connection: close\r\n\r\n",
		   routes[i].method, routes[i].path, fuzz_token, size - 1);
	buf_add(&req, data + 1, size - 1);
	status = fuzz_http(req.p, req.len, 0);
	buf_release(&req);
	if (status < 200 || status > 599 || status == 500)
		fuzz_die("a JSON body got no answer, or a 500");
	return 0;
}
