/* inactivity.h - reminding inactive learners, then removing them (the FAQ: "After a period
 * of inactivity, users will be reminded of the need to take courses or enroll. They will then
 * be removed from the system. If a user is removed they will be notified via email.").
 *
 * A learner's last activity is their last activity reported by the provider, or the day the
 * license was activated when nothing was reported yet. With the settings
 * inactivity_remind_days (R) and inactivity_remove_days (D > R):
 *   - inactive R days and not reminded since that activity: reminded by e-mail;
 *   - inactive D days and reminded at least D - R days ago: license removed (the seat goes to
 *     the next person on the waitlist) and told by e-mail how to come back.
 * Each learner's change, its e-mail and its audit row commit together (in transactions of up
 * to 200 learners). Activity reported
 * after a reminder starts the clock again. */
#ifndef SG_INACTIVITY_H
#define SG_INACTIVITY_H

#include <stdint.h>

struct inactivity_result {
	int reminded, removed;
};

/* Runs one sweep as of `now` (Unix time), at most `limit` learners of each kind. 0 or -1. */
int inactivity_sweep(int64_t now, int limit, struct inactivity_result *out);

#endif
