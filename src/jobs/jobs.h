/* jobs.h - background work of `serve`: the mail outbox and the scheduled sweeps.
 *
 * Work is rows in the database, claimed with a lease, so nothing is lost when a process dies
 * and nothing is done twice when several processes run (see each job's file). */
#ifndef SG_JOBS_H
#define SG_JOBS_H

void jobs_start(void);
/* Finishes the step in progress and stops. */
void jobs_stop(void);

#endif
