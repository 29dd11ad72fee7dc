/* seed.c - demo data (seed.h). Each area seeds its own part; this file calls them in order:
 * the catalog and its curated lists first (learners enroll in programs), then the demo staff
 * and learners. Each part does nothing when its data is already there. */
#include "seed.h"

#include "catalog.h"
#include "db/db.h"
#include "staff.h"

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
	fprintf(out, "skillgate: learner sign-in at /login with a demo learner's e-mail (see "
		     "/admin/learners);\n  without SMTP the sign-in link is written to "
		     "var/mail/*.eml\n");
	fprintf(out, "skillgate: demo data ready\n");
	return 0;
}
