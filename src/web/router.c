/* router.c - matching a request path against the route table (routes.c). */
#include "web/router.h"

#include <string.h>

int router_pattern_match(const char *pat, const char *path, struct kvlist *params, struct arena *a)
{
	while (*pat) {
		if (pat[0] == '/' && pat[1] == '*' && pat[2] == '\0') {
			if (*path != '/')
				return 0;
			kv_add(params, a, "*", path + 1);
			return 1;
		}
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			const char *seg_end = strchr(path, '/');
			size_t n;
			if (!close)
				return 0;
			if (!seg_end)
				seg_end = path + strlen(path);
			n = (size_t)(seg_end - path);
			if (n == 0)
				return 0;
			kv_add(params, a, arena_strndup(a, pat + 1, (size_t)(close - pat - 1)),
			       arena_strndup(a, path, n));
			pat = close + 1;
			path = seg_end;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return *path == '\0';
}

const struct route *router_match(struct req *r, const char *path, unsigned *allowed)
{
	size_t i;
	unsigned m = r->method == M_HEAD ? M_GET : r->method;

	*allowed = 0;
	for (i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		struct kvlist params = { 0 };

		if (!router_pattern_match(rt->pattern, path, &params, r->arena))
			continue;
		if (rt->methods & m) {
			r->params = params;
			return rt;
		}
		*allowed |= rt->methods;
	}
	return NULL;
}

const char *router_allow_header(unsigned methods, struct arena *a)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = { { M_GET, "GET" },	       { M_HEAD, "HEAD" },   { M_POST, "POST" },
		      { M_PUT, "PUT" },	       { M_PATCH, "PATCH" }, { M_DELETE, "DELETE" },
		      { M_OPTIONS, "OPTIONS" } };
	struct buf b = BUF_INIT(128);
	char *s;
	size_t i;

	if (methods & M_GET)
		methods |= M_HEAD;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(methods & names[i].bit))
			continue;
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, names[i].name);
	}
	s = arena_strdup(a, b.p);
	buf_release(&b);
	return s;
}
