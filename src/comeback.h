/* comeback.h - the way back for a person whose license was removed (inactivity) or has
 * expired (the term ended), and what such a person is told.
 *
 *   - Removal and expiry close the request the license came from (applications.closed_at):
 *     the person may sign up again, and the new request, when it is approved, takes over the
 *     same learner (license.c), so enrollments, progress and history come back with it.
 *   - Staff may reinstate a removed or expired learner at once (comeback_reinstate): a seat
 *     if one is free and nobody is waiting for it, else the end of the waiting list; the
 *     learner is e-mailed, and the change is audited in the same transaction.
 *   - comeback_license() says where the license of a request stands, for /status, the API
 *     and /me.
 *
 * Functions taking a struct db * run INSIDE the caller's write transaction. */
#ifndef SG_COMEBACK_H
#define SG_COMEBACK_H

#include <stdint.h>

struct arena;
struct db;
struct principal;

/* The license behind a request, as the person sees it. */
struct license_info {
	int64_t learner_id; /* 0: the request has no license (yet) */
	const char *status; /* "waitlisted", "active", "removed", "expired" */
	const char *ends;   /* YYYY-MM-DD: the term end (active, waitlisted) or the day it ended */
	const char *removed_at;	     /* when removed or expired, else NULL */
	const char *newer_reference; /* a newer request of the same person holds the license */
};

/* Fills *out for application_id (out->learner_id 0 when it has no license). 0 or -1. */
int comeback_license(struct arena *a, int64_t application_id, struct license_info *out);

/* The same for a learner. 0, or -1 (also when there is no such learner). */
int comeback_license_of_learner(struct arena *a, int64_t learner_id, struct license_info *out);

/* Closes the request of learner_id (its license was removed or expired), so the person may
 * ask again. 0 or DB_ERR. */
int comeback_close_request(struct db *db, int64_t learner_id, const char *now);

enum comeback_err {
	COMEBACK_OK = 0,
	COMEBACK_EDB = -1,
	COMEBACK_ENOTFOUND = -2, /* no such learner in who's scope */
	COMEBACK_ECONFLICT = -3, /* not removed or expired, a newer request is open, or the term
				    has ended: see *why (a msgid) */
	COMEBACK_EFORBIDDEN = -4,
};

/* Staff bring a removed or expired learner back: active when a seat is free and nobody waits
 * for one in the program, else waitlisted. *status: "active" or "waitlisted". */
enum comeback_err comeback_reinstate(const struct principal *who, int64_t learner_id,
				     const char **status, const char **why);

#endif
