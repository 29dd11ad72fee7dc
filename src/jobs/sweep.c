/* sweep.c - runs the inactivity sweep, the license term's sweep (term.h) and the OSOS exit
 * drafts (osos.h) once an hour, the first time a minute after start.
 *
 * Several servers on one database may each run it: a learner's change is made only if the
 * learner is still in the state that was read (see inactivity.c), so nobody is reminded or
 * removed twice. */
#include "jobs/sweep.h"

#include <stdio.h>
#include <string.h>

#include "digest.h"
#include "inactivity.h"
#include "osos.h"
#include "term.h"
#include "util/timeutil.h"

#define SWEEP_EVERY 3600
#define SWEEP_FIRST 60
#define SWEEP_BATCH 500

static int64_t next_at;

void sweep_step(void)
{
	struct inactivity_result res;
	struct osos_sweep_result ex;
	int64_t now = now_unix();

	if (!next_at)
		next_at = now + SWEEP_FIRST;
	if (now < next_at)
		return;
	if (inactivity_sweep(now, SWEEP_BATCH, &res) != 0) {
		fprintf(stderr,
			"skillgate: the inactivity sweep failed; it runs again in a minute\n");
		next_at = now + SWEEP_FIRST;
		return;
	}
	{
		struct term_result t;
		if (term_sweep(now, SWEEP_BATCH, &t) != 0)
			fprintf(stderr, "skillgate: the license term sweep failed; it runs again "
					"within the hour\n");
		else if (t.notified30 || t.notified7 || t.expired)
			fprintf(stderr,
				"skillgate: license term: %d told 30 days ahead, %d told 7 days "
				"ahead, %d expired\n",
				t.notified30, t.notified7, t.expired);
	}
	/* exits are drafted after removals: a removed learner has nothing in progress */
	if (osos_sweep_exits(now, SWEEP_BATCH, &ex) != 0) {
		fprintf(stderr,
			"skillgate: drafting OSOS exits failed; it runs again in a minute\n");
		memset(&ex, 0, sizeof(ex));
	}
	{
		struct digest_result d;
		if (digest_sweep(now, &d) != 0)
			fprintf(stderr, "skillgate: the staff digest failed; it runs again within "
					"the hour\n");
		else if (d.sent)
			fprintf(stderr, "skillgate: staff digest: %d sent\n", d.sent);
	}
	/* a full batch means more are due: go on at the next round */
	next_at = res.reminded == SWEEP_BATCH || res.removed == SWEEP_BATCH ||
				  ex.drafted == SWEEP_BATCH
			  ? now
			  : now + SWEEP_EVERY;
	if (res.reminded || res.removed)
		fprintf(stderr, "skillgate: inactivity sweep: %d reminded, %d removed\n",
			res.reminded, res.removed);
	if (ex.drafted || ex.rejected)
		fprintf(stderr, "skillgate: OSOS exits: %d drafted, %d rejected by new activity\n",
			ex.drafted, ex.rejected);
}
