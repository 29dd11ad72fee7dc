/* newcomers.h - people in the provider's reports who are not registered here (the FAQ: "If
 * they are actively using a DOL regional program, they can simply be registered to a local
 * area's program and their progress will carry over").
 *
 * newcomers_find() lists the people of a usage or membership report whose e-mail matches no
 * learner; newcomers_register() registers chosen ones to a local area's program: each gets a
 * request, decided by the staff member ("registered from the provider's report"), and a
 * learner, active when a seat is free and nobody waits, else on the waiting list, with its
 * audit row, all in one transaction. Importing the same report afterwards (the imports page
 * does it at once) brings their progress. */
#ifndef SG_NEWCOMERS_H
#define SG_NEWCOMERS_H

#include <stddef.h>
#include <stdint.h>

#include "principal.h"

struct arena;

struct newcomer {
	const char *email, *name;
	size_t line; /* the first line of the report that names them */
};

/* At most max unknown people of the report, in file order, each once; *total counts them all.
 * Returns the number listed, or -1 when the file cannot be read. */
int newcomers_find(struct arena *a, const char *data, size_t len, size_t max, struct newcomer **out,
		   size_t *total);

enum { NEWCOMERS_OK = 0, NEWCOMERS_EFORBIDDEN = -3, NEWCOMERS_EAREA = -4, NEWCOMERS_EDB = -1 };

/* Registers list[0..n) to local_area's program (a state admin only). *registered: how many
 * were new (people registered meanwhile are skipped). */
int newcomers_register(const struct principal *who, const struct newcomer *list, size_t n,
		       int64_t local_area, int *registered);

#endif
