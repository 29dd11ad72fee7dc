/* redact.c - database locations without their passwords (redact.h). */
#include "util/redact.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct out {
	char *p;
	size_t n, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	while (n-- && o->n + 1 < o->cap)
		o->p[o->n++] = *s++;
	o->p[o->n] = '\0';
}

/* Where a `password=` value starts at s (a query or keyword/value parameter), or NULL. */
static const char *password_value(const char *start, const char *s)
{
	if (strncasecmp(s, "password=", 9) != 0)
		return NULL;
	if (s != start && s[-1] != '?' && s[-1] != '&' && s[-1] != ' ' && s[-1] != '\t')
		return NULL;
	return s + 9;
}

/* The end of a parameter value: up to '&' or a space, or past its closing quote. */
static const char *value_end(const char *v)
{
	if (*v == '\'') {
		for (v++; *v && *v != '\''; v++)
			if (*v == '\\' && v[1])
				v++;
		return *v ? v + 1 : v;
	}
	return v + strcspn(v, "& \t");
}

char *redact_db_location(const char *loc, char *out, size_t cap)
{
	struct out o = { out, 0, cap };
	const char *s = loc, *scheme, *auth_end, *at = NULL, *colon, *p;

	if (!cap)
		return out;
	out[0] = '\0';
	if (!loc)
		return out;
	/* user:password@ in the authority of a URL (the last '@' before the path: a password
	 * holding an unencoded '@' is still hidden whole) */
	scheme = strstr(loc, "://");
	if (scheme) {
		scheme += 3;
		auth_end = scheme + strcspn(scheme, "/?#");
		for (p = scheme; p < auth_end; p++)
			if (*p == '@')
				at = p;
		colon = at ? memchr(scheme, ':', (size_t)(at - scheme)) : NULL;
		if (colon) {
			put(&o, loc, (size_t)(colon + 1 - loc));
			put(&o, "***", 3);
			s = at;
		}
	}
	/* password=... as a query parameter or a keyword/value pair */
	while (*s) {
		const char *v = password_value(loc, s);
		if (v) {
			put(&o, s, (size_t)(v - s));
			put(&o, "***", 3);
			s = value_end(v);
			continue;
		}
		put(&o, s, 1);
		s++;
	}
	return out;
}
