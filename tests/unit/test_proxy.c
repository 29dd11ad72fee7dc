/* test_proxy.c - which peers are trusted proxies and which client address X-Forwarded-For
 * names behind them (web/proxy.h): IPv4 and IPv6 ranges, the edge prefix lengths, the walk
 * from the right, and malformed lists refused with a message that names the bad entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "web/proxy.h"

static char err[256];

static void trust(const char *list)
{
	err[0] = '\0';
	assert_int_equal(proxy_set_trusted(list, err, sizeof(err)), 0);
	assert_string_equal(err, "");
}

/* The client address for a peer and a header; forwarded is what proxy_client_addr said. */
static const char *client(const char *peer, const char *xff, int *forwarded)
{
	static char out[64];
	int f = proxy_client_addr(peer, xff, out, sizeof(out));
	if (forwarded)
		*forwarded = f;
	return out;
}

static void test_ipv4_ranges(void **state)
{
	(void)state;
	trust("10.20.0.0/16, 192.168.1.7");
	assert_true(proxy_trusted("10.20.0.1"));
	assert_true(proxy_trusted("10.20.255.254"));
	assert_false(proxy_trusted("10.21.0.1"));
	assert_false(proxy_trusted("10.19.255.255"));
	assert_true(proxy_trusted("192.168.1.7"));
	assert_false(proxy_trusted("192.168.1.8"));
	/* a dual-stack socket reports IPv4 peers as mapped IPv6 addresses */
	assert_true(proxy_trusted("::ffff:10.20.3.4"));
	assert_false(proxy_trusted("::ffff:10.21.3.4"));
	/* an IPv4 range says nothing about IPv6 */
	assert_false(proxy_trusted("::a14:1"));
	/* a prefix that does not end on a byte */
	trust("172.16.0.0/12");
	assert_true(proxy_trusted("172.31.255.255"));
	assert_false(proxy_trusted("172.32.0.0"));
	assert_false(proxy_trusted("172.15.255.255"));
	/* host bits in a range are ignored: 10.1.2.3/8 is 10.0.0.0/8 */
	trust("10.1.2.3/8");
	assert_true(proxy_trusted("10.200.0.1"));
	assert_false(proxy_trusted("11.0.0.1"));
}

static void test_ipv6_ranges(void **state)
{
	(void)state;
	trust("2001:db8:abcd::/48,fd00::1");
	assert_true(proxy_trusted("2001:db8:abcd:12::1"));
	assert_true(proxy_trusted("2001:DB8:ABCD:ffff:ffff:ffff:ffff:ffff"));
	assert_false(proxy_trusted("2001:db8:abce::1"));
	assert_true(proxy_trusted("fd00::1"));
	assert_true(proxy_trusted("fd00:0:0:0:0:0:0:1"));
	assert_false(proxy_trusted("fd00::2"));
	assert_false(proxy_trusted("10.0.0.1"));
	trust("2001:db8::/33");
	assert_true(proxy_trusted("2001:db8:7fff::1"));
	assert_false(proxy_trusted("2001:db8:8000::1"));
	/* a mapped IPv6 range is the IPv4 range */
	trust("::ffff:10.0.0.0/104");
	assert_true(proxy_trusted("10.9.9.9"));
	assert_false(proxy_trusted("11.0.0.1"));
}

static void test_edge_prefix_lengths(void **state)
{
	(void)state;
	trust("0.0.0.0/0");
	assert_true(proxy_trusted("0.0.0.0"));
	assert_true(proxy_trusted("203.0.113.9"));
	assert_true(proxy_trusted("255.255.255.255"));
	assert_false(proxy_trusted("::1"));
	trust("198.51.100.4/32");
	assert_true(proxy_trusted("198.51.100.4"));
	assert_false(proxy_trusted("198.51.100.5"));
	assert_false(proxy_trusted("198.51.100.3"));
	trust("::/0");
	assert_true(proxy_trusted("2001:db8::1"));
	assert_true(proxy_trusted("::"));
	assert_false(proxy_trusted("203.0.113.9"));
	trust("2001:db8::ff/128");
	assert_true(proxy_trusted("2001:db8::ff"));
	assert_false(proxy_trusted("2001:db8::fe"));
	assert_false(proxy_trusted("2001:db8::1:ff"));
}

static void test_malformed_lists_are_refused(void **state)
{
	static const struct {
		const char *list, *named;
	} bad[] = {
		{ "10.0.0.1,10.0.0.300", "'10.0.0.300'" },
		{ "10.0.0.0/33", "'10.0.0.0/33'" },
		{ "2001:db8::/129", "'2001:db8::/129'" },
		{ "10.0.0.0/", "'10.0.0.0/'" },
		{ "10.0.0.0/-1", "'10.0.0.0/-1'" },
		{ "10.0.0.0/8x", "'10.0.0.0/8x'" },
		{ "10.0.0.0/0008", "'10.0.0.0/0008'" },
		{ "nginx.internal", "'nginx.internal'" },
		{ "10.0.0.1:8080", "'10.0.0.1:8080'" },
		{ "[::1]", "'[::1]'" },
		{ "10.0.0.1 10.0.0.2", "'10.0.0.1 10.0.0.2'" },
		{ "10.0.0.1,,10.0.0.2", "empty entry" },
		{ "10.0.0.1,", "empty entry" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(proxy_set_trusted(bad[i].list, err, sizeof(err)), -1);
		if (!strstr(err, bad[i].named))
			fail_msg("%s: the message does not name %s: %s", bad[i].list, bad[i].named,
				 err);
		/* a refused list trusts nobody, not the entries before the bad one */
		assert_false(proxy_trusted("10.0.0.1"));
	}
	/* no list, or a blank one, trusts none and is not an error */
	trust(NULL);
	assert_false(proxy_trusted("127.0.0.1"));
	trust(" ");
	assert_false(proxy_trusted("127.0.0.1"));
}

static void test_client_is_the_rightmost_untrusted_address(void **state)
{
	int f;

	(void)state;
	trust("10.0.0.5, 10.1.0.0/16, 2001:db8::/48");
	/* the nearest proxy's entry is the rightmost: what the client wrote before it is not read */
	assert_string_equal(client("10.0.0.5", "198.51.100.7, 203.0.113.9", &f), "203.0.113.9");
	assert_true(f);
	/* addresses of trusted proxies are skipped */
	assert_string_equal(client("10.0.0.5", "203.0.113.9, 10.1.2.3", &f), "203.0.113.9");
	assert_true(f);
	assert_string_equal(client("2001:db8::5", "2001:DB8:1::9,2001:db8::7", &f),
			    "2001:db8:1::9");
	assert_true(f);
	/* a client's address is written the same way whatever way the proxy wrote it */
	assert_string_equal(client("10.0.0.5", "::ffff:203.0.113.9", &f), "203.0.113.9");
	/* every address trusted: the farthest is the client */
	assert_string_equal(client("10.0.0.5", "10.1.0.9, 10.0.0.5", &f), "10.1.0.9");
	assert_true(f);
	/* several headers arrive joined with commas, spaces and tabs around entries */
	assert_string_equal(client("10.0.0.5", " 192.0.2.1 ,\t203.0.113.9\t", &f), "203.0.113.9");
}

static void test_the_peer_when_the_header_is_not_believed(void **state)
{
	int f;

	(void)state;
	trust("10.0.0.5");
	/* an untrusted peer: the header is anyone's text */
	assert_string_equal(client("192.0.2.44", "203.0.113.9", &f), "192.0.2.44");
	assert_false(f);
	/* a trusted peer without the header, or with an empty one */
	assert_string_equal(client("10.0.0.5", NULL, &f), "10.0.0.5");
	assert_false(f);
	assert_string_equal(client("10.0.0.5", "", &f), "10.0.0.5");
	assert_false(f);
	assert_string_equal(client("10.0.0.5", "  ", &f), "10.0.0.5");
	assert_false(f);
	/* a malformed entry on the way: only the peer is sure */
	assert_string_equal(client("10.0.0.5", "203.0.113.9, unknown", &f), "10.0.0.5");
	assert_false(f);
	assert_string_equal(client("10.0.0.5", "203.0.113.9:4431", &f), "10.0.0.5");
	assert_false(f);
	assert_string_equal(client("10.0.0.5", "203.0.113.9,,10.0.0.5", &f), "10.0.0.5");
	assert_false(f);
	/* a malformed entry left of the client is never read */
	assert_string_equal(client("10.0.0.5", "garbage, 203.0.113.9", &f), "203.0.113.9");
	assert_true(f);
	/* with no trusted proxies the header is never read */
	trust("");
	assert_string_equal(client("10.0.0.5", "203.0.113.9", &f), "10.0.0.5");
	assert_false(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_ranges),
		cmocka_unit_test(test_ipv6_ranges),
		cmocka_unit_test(test_edge_prefix_lengths),
		cmocka_unit_test(test_malformed_lists_are_refused),
		cmocka_unit_test(test_client_is_the_rightmost_untrusted_address),
		cmocka_unit_test(test_the_peer_when_the_header_is_not_believed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
