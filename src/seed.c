/* seed.c - demo data (seed.h). Each area seeds its own part; this file calls them in order:
 * the catalog and its curated lists first (learners enroll in programs), then the demo staff
 * and learners. Each part does nothing when its data is already there. */
#include "seed.h"

#include "catalog.h"
#include "db/db.h"
#include "osos.h"
#include "staff.h"
#include "util/timeutil.h"

int seed_demo(FILE *out)
{
	if (catalog_seed(db_get()) != 0) {
		fprintf(stderr, "skillgate: seeding the catalog failed\n");
		return -1;
	}
	if (staff_seed_demo(out) != 0) {
		fprintf(stderr, "skillgate: seeding the demo staff and learners failed\n");
		return -1;
	}
	{
		/* the OSOS entries the program would have drafted for these people */
		struct osos_backfill_result b;
		struct osos_sweep_result x;
		if (osos_backfill(&b) != 0 || osos_sweep_exits(now_unix(), 100000, &x) != 0) {
			fprintf(stderr, "skillgate: drafting the demo's OSOS entries failed\n");
			return -1;
		}
		fprintf(out,
			"skillgate: OSOS work list: %d referrals, %d credential or skill-gain "
			"drafts, %d exit drafts\n",
			b.referrals, b.completions, x.drafted);
	}
	fprintf(out, "skillgate: learner sign-in at /login with a demo learner's e-mail (see "
		     "/admin/learners);\n  without SMTP the sign-in link is written to "
		     "var/mail/*.eml\n");
	fprintf(out, "skillgate: demo data ready\n");
	return 0;
}
