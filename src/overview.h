/* overview.h - the staff workspace's front page in numbers, for who's scope (their local
 * area; a state admin: every area): requests by status, pending requests by age, sign-ups
 * per day for the last 30 days (days in New York), and per local area the learners, active
 * licenses, learners enrolled and learners with a completion. */
#ifndef SG_OVERVIEW_H
#define SG_OVERVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "queue.h"
#include "principal.h"

struct arena;

#define OVERVIEW_DAYS 30

struct overview_area {
	int64_t id;
	const char *name;
	int64_t learners, active, enrolled, completed, pending;
};

struct overview {
	/* applications by status, indexed like enum app_status (application.h) */
	int64_t requests[5];
	int64_t requests_total;
	struct queue_ages pending_ages;
	int64_t overdue;	      /* requests waiting for staff past their due time */
	int64_t due_soon;	      /* ... due within 12 hours (digest.h counts both) */
	char days[OVERVIEW_DAYS][11]; /* "YYYY-MM-DD", oldest first, the last is today */
	int64_t signups[OVERVIEW_DAYS];
	int64_t signups_max;
	struct overview_area *areas; /* by area name; a state admin sees every area */
	size_t nareas;
	struct overview_area total;
};

/* Fills *out for who's scope (numbers at most 10 seconds old). 0 or -1. */
int overview_load(struct arena *a, const struct principal *who, struct overview *out);

/* The New York date ("YYYY-MM-DD", 11 bytes) of a UTC time. */
char *overview_ny_date(int64_t t, char out[11]);

#endif
