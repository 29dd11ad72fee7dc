/* ratelimit.h - how many times one network address may do something per hour.
 *
 * An in-memory sliding window per address, for the sign-up form and API (a surge of real
 * people is welcome; one address sending thousands of requests is not). The window is the
 * usual two-bucket estimate: the count of the current hour so far plus the previous hour's
 * count weighted by how much of it still lies inside the last 60 minutes, so the limit holds
 * over any hour, not only clock hours, with two counters per address.
 *
 * Memory is fixed: a table of RATELIMIT_SLOTS entries allocated on first use. When it is
 * full, the entry seen least recently in the probed neighbourhood is reused, so a flood of
 * distinct addresses can make the limiter forget some addresses early but never grows it.
 * Thread-safe: the table is split into shards, each with its own mutex.
 *
 * Counts live in this process only: they start again at zero when the server restarts, and
 * several servers behind a load balancer each count their own requests.
 *
 *   struct ratelimit_verdict v;
 *   if (ratelimit_hit("signup", r->remote_addr, limit_per_hour, now_unix(), &v) != 0)
 *           ... answer 429 with Retry-After: v.retry_after ...
 */
#ifndef SG_RATELIMIT_H
#define SG_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#define RATELIMIT_WINDOW 3600 /* seconds */
#define RATELIMIT_SLOTS	 (64 * 1024)

struct ratelimit_verdict {
	double used;	     /* requests counted in the last hour, this one included */
	int64_t retry_after; /* seconds until one more would be allowed (when refused) */
};

/* Counts one request of `kind` ("signup") from `addr` at time `now` (seconds) and checks it
 * against `limit` requests per hour. Returns 0 when allowed, 1 when refused (a refused
 * request is not counted). limit <= 0 turns the limit off (always 0, nothing kept).
 * v may be NULL. */
int ratelimit_hit(const char *kind, const char *addr, int64_t limit, int64_t now,
		  struct ratelimit_verdict *v);
/* Forgets every count (tests). */
void ratelimit_reset(void);
/* Entries in use (tests, metrics). */
size_t ratelimit_entries(void);

#endif
