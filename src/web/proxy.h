/* proxy.h - the proxies skillgate believes, and the client address behind them.
 *
 * Behind nginx every connection comes from nginx: the person's address is only in the
 * X-Forwarded-For header, which anyone can also write themselves. So the header is believed
 * only when the connecting peer is a trusted proxy (SKILLGATE_TRUSTED_PROXIES, given once at
 * start-up by main.c), and then only up to the first address no trusted proxy vouches for:
 * the list is read from the right (the entry the nearest proxy added) and every address that
 * is itself a trusted proxy is skipped; the first other address is the client. Anything a
 * client wrote to the left of that is never read. A malformed entry on the way, or an empty
 * header, leaves the peer as the client. Without trusted proxies (the default) the header is
 * never read.
 *
 *   proxy_set_trusted("10.0.0.5, 10.1.0.0/16, 2001:db8::/48", err, sizeof(err))  -> 0
 *   peer 10.0.0.5, X-Forwarded-For "198.51.100.7, 203.0.113.9"  -> 203.0.113.9 (forwarded)
 *   peer 10.0.0.5, X-Forwarded-For "203.0.113.9, 10.1.2.3"      -> 203.0.113.9 (forwarded)
 *   peer 192.0.2.1, X-Forwarded-For "203.0.113.9"               -> 192.0.2.1 (not trusted)
 */
#ifndef SG_PROXY_H
#define SG_PROXY_H

#include <stddef.h>

/* Replaces the trusted proxies with a comma-separated list of IP addresses and CIDR ranges
 * (IPv4 and IPv6; "10.0.0.0/8", "::1", "2001:db8::/32"); NULL or "" trusts none. 0 when
 * every entry is good; else -1 with the list left empty and a message naming the bad entry in
 * err (cap bytes). Called at start-up, before the server starts. */
int proxy_set_trusted(const char *list, char *err, size_t cap);

/* 1 when addr (an address as text) is one of the trusted proxies, else 0. */
int proxy_trusted(const char *addr);

/* Who the client is: the peer's address, or, when the peer is a trusted proxy, the address
 * X-Forwarded-For names by the rule above (xff may be NULL: no header). Writes the address
 * into out (cap bytes; 64 is enough) and returns 1 when it came from the header, 0 when it
 * is the peer's. */
int proxy_client_addr(const char *peer, const char *xff, char *out, size_t cap);

#endif
