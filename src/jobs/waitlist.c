/* waitlist.c - the waitlist job (waitlist.h).
 *
 * Each round of the jobs thread looks, with a cheap read, whether anyone is waiting for a
 * seat; only then does it take the writer for license_fill_waitlist(), which recounts the
 * seats in use and activates people in order. With nobody waiting it still recounts once a
 * minute, so seat_pools follows licenses removed or expired elsewhere. Several servers may
 * run it at once: each round is one transaction, and a seat is taken with a conditional
 * update, so two servers never hand out the same seat. */
#include "jobs/waitlist.h"

#include <stdio.h>

#include "license.h"
#include "util/timeutil.h"

#define RECOUNT_SECONDS 60

static int64_t last_round;

void waitlist_step(void)
{
	int64_t now = now_unix();
	int n;

	if (!license_anyone_waiting() && now - last_round < RECOUNT_SECONDS)
		return;
	last_round = now;
	n = license_fill_waitlist_now();
	if (n < 0)
		fprintf(stderr, "skillgate: the waitlist round failed; it runs again in a few "
				"seconds\n");
	else if (n > 0)
		fprintf(stderr, "skillgate: %d waitlisted learner%s activated\n", n,
			n == 1 ? "" : "s");
}
