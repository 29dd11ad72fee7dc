/* seed.h - the demo data `make run` starts with (`skillgate seed`): the catalog, curated
 * lists, demo staff and learners. Idempotent: seeding twice changes nothing. Prints the demo
 * logins to out. */
#ifndef SG_SEED_H
#define SG_SEED_H

#include <stdio.h>

int seed_demo(FILE *out);

#endif
