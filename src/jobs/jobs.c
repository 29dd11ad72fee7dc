/* jobs.c - the background thread that runs each job in turn, every few seconds. */
#include "jobs/jobs.h"

#include <pthread.h>
#include <time.h>

#include "jobs/mail_delivery.h"
#include "jobs/sweep.h"
#include "jobs/waitlist.h"

typedef void (*job_fn)(void);

/* The jobs, in the order they run each round. */
static const job_fn jobs[] = { mail_delivery_step, waitlist_step, sweep_step };
#define NJOBS (sizeof(jobs) / sizeof(jobs[0]))

static pthread_t thread;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int running, stop;

static void *jobs_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	while (!stop) {
		struct timespec ts;
		size_t i;

		pthread_mutex_unlock(&mu);
		for (i = 0; i < NJOBS; i++)
			if (jobs[i])
				jobs[i]();
		pthread_mutex_lock(&mu);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 2;
		if (!stop)
			pthread_cond_timedwait(&cv, &mu, &ts);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

void jobs_start(void)
{
	if (running)
		return;
	stop = 0;
	if (pthread_create(&thread, NULL, jobs_main, NULL) == 0)
		running = 1;
}

void jobs_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stop = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(thread, NULL);
	running = 0;
}
