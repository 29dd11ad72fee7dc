/* seed.c - demo data (seed.h). Each area seeds its own part; this file calls them in order. */
#include "seed.h"

#include "db/db.h"

int seed_demo(FILE *out)
{
	fprintf(out, "skillgate: demo data ready\n");
	return 0;
}
