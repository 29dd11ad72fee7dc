/* fuzz_router.c - libFuzzer target for the route pattern matcher (web/router.h).
 *
 * Input: "<pattern>\n<path>" (no newline: the whole input is a path matched against the real
 * route table). Checks that a match fills only parameters named in the pattern, that captured
 * values are non-empty single segments (or the rest, for "*"), and that the real table's 405
 * answer never lists methods for a path that matched.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/config.h"
#include "web/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct kvlist params = { 0 };
	char *s = malloc(size + 1), *nl;
	size_t i;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	arena_init(&a);
	nl = strchr(s, '\n');
	if (nl) {
		const char *pattern = s, *path = nl + 1;
		*nl = '\0';
		if (router_pattern_match(pattern, path, &params, &a)) {
			for (i = 0; i < params.n; i++) {
				const char *k = params.items[i].key, *v = params.items[i].value;
				size_t pl = strlen(pattern);
				if (!strcmp(k, "*") && pl >= 2 && !strcmp(pattern + pl - 2, "/*") &&
				    i == params.n - 1)
					continue; /* the rest of the path */
				if (!*v || strchr(v, '/'))
					abort(); /* a parameter is one non-empty segment */
				if (!strstr(pattern, k))
					abort(); /* a name that is not in the pattern */
			}
		}
	} else {
		static const enum method methods[] = { M_GET,	M_HEAD,	  M_POST,   M_PUT,
						       M_PATCH, M_DELETE, M_OPTIONS };
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
			struct req r;
			unsigned allowed = 0;
			const struct route *rt;
			memset(&r, 0, sizeof(r));
			r.arena = &a;
			r.method = methods[i];
			rt = router_match(&r, s, &allowed);
			if (rt && !(rt->methods & (methods[i] == M_HEAD ? M_GET : methods[i])))
				abort();
			if (!rt && allowed)
				(void)router_allow_header(allowed, &a);
		}
	}
	arena_release(&a);
	free(s);
	return 0;
}
