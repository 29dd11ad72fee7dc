/* sweep.h - the hourly inactivity sweep of `serve` (see inactivity.h for the rules). */
#ifndef SG_JOBS_SWEEP_H
#define SG_JOBS_SWEEP_H

void sweep_step(void);

#endif
