/* proxy.c - trusted proxies and the client address behind them (see proxy.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "web/proxy.h"

#define MAX_PROXIES 64

struct range {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char addr[16]; /* the network, host bits cleared */
	int prefix;		/* bits that must match */
};

static struct range proxies[MAX_PROXIES];
static size_t nproxies;

/* An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address: a dual-stack socket
 * reports IPv4 peers that way. */
static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* Parses one address (no prefix) of at most 63 characters; 0 and fills family/addr. */
static int parse_addr(const char *s, size_t n, int *family, unsigned char addr[16])
{
	char text[64];

	if (n == 0 || n >= sizeof(text))
		return -1;
	memcpy(text, s, n);
	text[n] = '\0';
	if (inet_pton(AF_INET, text, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, addr) == 1) {
		*family = AF_INET6;
		if (!memcmp(addr, v4mapped, sizeof(v4mapped))) {
			memmove(addr, addr + 12, 4);
			*family = AF_INET;
		}
		return 0;
	}
	return -1;
}

static int bits_of(int family)
{
	return family == AF_INET ? 32 : 128;
}

/* The first prefix bits of a and b agree. */
static int same_prefix(const unsigned char *a, const unsigned char *b, int prefix)
{
	int whole = prefix / 8, rest = prefix % 8;

	if (memcmp(a, b, (size_t)whole))
		return 0;
	return !rest || ((a[whole] ^ b[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* One entry of the list: "ADDR" or "ADDR/PREFIX". */
static int parse_range(const char *s, size_t n, struct range *r)
{
	const char *slash = memchr(s, '/', n);
	size_t alen = slash ? (size_t)(slash - s) : n;
	int i, max;

	if (parse_addr(s, alen, &r->family, r->addr) < 0)
		return -1;
	max = bits_of(r->family);
	r->prefix = max;
	if (slash) {
		const char *p = slash + 1, *end = s + n;
		int v = 0, mapped = 0;

		if (p == end || end - p > 3)
			return -1;
		/* a mapped IPv6 range (::ffff:10.0.0.0/104) counts its prefix in IPv6 bits */
		if (r->family == AF_INET && memchr(s, ':', alen))
			mapped = 96;
		for (; p < end; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			v = v * 10 + (*p - '0');
		}
		v -= mapped;
		if (v < 0 || v > max)
			return -1;
		r->prefix = v;
	}
	for (i = r->prefix; i < max; i++)
		r->addr[i / 8] &= (unsigned char)~(0x80 >> (i % 8));
	return 0;
}

int proxy_set_trusted(const char *list, char *err, size_t cap)
{
	const char *p = list;

	nproxies = 0;
	if (!list || !list[strspn(list, " \t")])
		return 0; /* trust none */
	for (;;) {
		size_t n = strcspn(p, ","), len = n;
		const char *s = p;

		trim(&s, &len);
		if (nproxies == MAX_PROXIES) {
			snprintf(err, cap, "more than %d trusted proxies", MAX_PROXIES);
			nproxies = 0;
			return -1;
		}
		if (len == 0) {
			snprintf(err, cap, "an empty entry in the list of trusted proxies");
			nproxies = 0;
			return -1;
		}
		if (parse_range(s, len, &proxies[nproxies]) < 0) {
			snprintf(err, cap,
				 "'%.*s' is not an IP address or a CIDR range (e.g. 10.0.0.5, "
				 "10.0.0.0/24, 2001:db8::/48)",
				 (int)(len > 80 ? 80 : len), s);
			nproxies = 0;
			return -1;
		}
		nproxies++;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

static int trusted(int family, const unsigned char addr[16])
{
	size_t i;

	for (i = 0; i < nproxies; i++)
		if (proxies[i].family == family &&
		    same_prefix(proxies[i].addr, addr, proxies[i].prefix))
			return 1;
	return 0;
}

int proxy_trusted(const char *addr)
{
	unsigned char a[16];
	int family;

	if (!nproxies || !addr || parse_addr(addr, strlen(addr), &family, a) < 0)
		return 0;
	return trusted(family, a);
}

int proxy_client_addr(const char *peer, const char *xff, char *out, size_t cap)
{
	unsigned char a[16];
	int family;
	const char *end;

	snprintf(out, cap, "%s", peer ? peer : "");
	if (!nproxies || !xff || !proxy_trusted(peer))
		return 0;
	end = xff + strlen(xff);
	for (;;) {
		const char *start = end;
		const char *s;
		size_t n;

		while (start > xff && start[-1] != ',')
			start--;
		s = start;
		n = (size_t)(end - start);
		trim(&s, &n);
		if (parse_addr(s, n, &family, a) < 0)
			return 0; /* malformed or empty: only the peer is sure */
		/* when every address is a trusted proxy, the farthest one is the client */
		if (!trusted(family, a) || start == xff)
			break;
		end = start - 1;
	}
	if (!inet_ntop(family, a, out, (socklen_t)cap)) {
		snprintf(out, cap, "%s", peer);
		return 0;
	}
	return 1;
}
