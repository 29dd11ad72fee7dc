/* digest.h - the daily escalation digest: requests that staff must answer soon.
 *
 * A request needs attention when it waits for staff (pending_review, or approved and not yet
 * activated) and its due time (the 48-hour promise) has passed ("overdue") or comes within 12
 * hours ("due soon"). Once a day (New York date), each active area admin gets an e-mail
 * listing those of their local area, and each state admin those of every area; nobody gets
 * one when there is nothing to list, and nobody gets two on the same day (digests_sent). The
 * staff overview shows the same counts, from the same function. */
#ifndef SG_DIGEST_H
#define SG_DIGEST_H

#include <stdint.h>

#define DIGEST_SOON_HOURS 12

struct digest_counts {
	int64_t overdue, due_soon;
};

/* Counts as of `now` for one local area (area > 0) or every area (0). 0 or -1. */
int digest_counts(int64_t area, int64_t now, struct digest_counts *out);

struct digest_result {
	int sent;
};

/* Sends the day's digests still due as of `now`. 0 or -1. */
int digest_sweep(int64_t now, struct digest_result *out);

#endif
