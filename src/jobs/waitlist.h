/* waitlist.h - the job that activates waitlisted learners when seats free up (license.h). */
#ifndef SG_JOBS_WAITLIST_H
#define SG_JOBS_WAITLIST_H

/* One round: when anyone waits (or once a minute, to recount the seats in use), runs
 * license_fill_waitlist() in one durable write. */
void waitlist_step(void);

#endif
