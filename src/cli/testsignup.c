/* testsignup.c - hidden subcommands for the sign-up tests and benchmark.
 *
 *   test-insert-bench N     the raw durable insert rate of this database file: N single-row
 *                           inserts, each in its own transaction committed with
 *                           synchronous=FULL (one fsync each), into a scratch table that is
 *                           dropped afterwards. Prints the number of applications stored
 *                           ("applications_rows N", read first), then
 *                           "raw_inserts_per_second R".
 *   test-signup-bench N T   N sign-ups from T threads straight into application_submit (the
 *                           sign-up path without HTTP), with the group-commit writer and the
 *                           intake thread. Prints the intake's durable rate (what a POST
 *                           waits for), then waits for the intake thread to complete every
 *                           request and prints its rate and lag.
 *   test-setting KEY VALUE  sets a program setting (e.g. signup_rate_per_hour 0 for a load
 *                           test, seats_en 5 for the waitlist tests) and fills the waitlist
 *                           when seats changed, as the staff settings page will. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "application.h"
#include "cli/cli.h"
#include "db/db.h"
#include "eligibility.h"
#include "intake.h"
#include "license.h"
#include "settings.h"
#include "testdata.h"
#include "util/arena.h"
#include "util/timeutil.h"

int cmd_test_insert_bench(int argc, char **argv)
{
	char payload[301];
	long n = argc > 0 ? strtol(argv[0], NULL, 10) : 0, i;
	int64_t t0, t1, rows;
	double secs;

	if (argc != 1 || n < 1 || n > 10000000)
		return cli_usage_error("test-insert-bench N: N is a count of inserts, got '%s'",
				       argc ? argv[0] : "nothing");
	if (cli_open_db(0) != 0)
		return 1;
	rows = testdata_applications();
	if (rows >= 0)
		printf("applications_rows %lld\n", (long long)rows);
	memset(payload, 'x', sizeof(payload) - 1);
	payload[sizeof(payload) - 1] = '\0';
	if (testdata_raw_table(1) != 0) {
		db_close();
		return 1;
	}
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (testdata_raw_insert(payload) != 0) {
			fprintf(stderr, "skillgate test-insert-bench: insert %ld failed\n", i + 1);
			break;
		}
	t1 = now_ns();
	testdata_raw_table(0);
	secs = (double)(t1 - t0) / 1e9;
	printf("raw_inserts %ld\nraw_seconds %.3f\nraw_inserts_per_second %.1f\n", i, secs,
	       secs > 0 ? (double)i / secs : 0.0);
	db_close();
	return i == n ? 0 : 1;
}

int cmd_test_setting(int argc, char **argv)
{
	int rc = 0;

	if (argc != 2)
		return cli_usage_error("test-setting KEY VALUE: give a key and a value, got '%s'",
				       argc ? argv[0] : "nothing");
	if (cli_open_db(0) != 0)
		return 1;
	if (settings_set(argv[0], argv[1], "cli:test") != 0) {
		fprintf(stderr, "skillgate test-setting: cannot set %s\n", argv[0]);
		rc = 1;
	} else if (!strncmp(argv[0], "seats_", 6) && license_fill_waitlist_now() < 0) {
		fprintf(stderr, "skillgate test-setting: filling the waitlist failed\n");
		rc = 1;
	}
	db_close();
	return rc;
}

/* ---- test-signup-bench N THREADS: the sign-up path without HTTP ---------------------------- */

struct bench_thread {
	long from, to;
	long ok;
};

/* Every thread opens its connection (and reads the schema) before the clock starts, as the
 * server's threads have long done by the time a surge comes. */
static pthread_barrier_t bench_ready;
static int64_t bench_t0;
static double bench_cpu0;

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void *bench_main(void *arg)
{
	struct bench_thread *bt = arg;
	static const char *const counties[] = { "Albany", "Kings",   "Queens",	 "Erie",
						"Monroe", "Suffolk", "Onondaga", "Bronx" };
	struct elig_policy pol;
	long i;

	policy_load(&pol);
	if (pthread_barrier_wait(&bench_ready) == PTHREAD_BARRIER_SERIAL_THREAD) {
		bench_cpu0 = cpu_seconds();
		bench_t0 = now_ns();
	}
	pthread_barrier_wait(&bench_ready);
	for (i = bt->from; i < bt->to; i++) {
		struct arena a;
		struct app_input in;
		struct app_errors e;
		struct app_result res;
		char email[64], last[64], birth[16];

		arena_init(&a);
		snprintf(email, sizeof(email), "b%ld.%lld@bench.example", i, (long long)now_unix());
		snprintf(last, sizeof(last), "Bench%ld-%lld", i, (long long)now_unix());
		snprintf(birth, sizeof(birth), "19%02ld-%02ld-%02ld", 50 + i % 50, 1 + i % 12,
			 1 + i % 28);
		memset(&in, 0, sizeof(in));
		memset(&e, 0, sizeof(e));
		in.first_name = "Bench";
		in.last_name = last;
		in.email = email;
		in.birth_date = birth;
		in.county = counties[i % 8];
		in.employment_status = "unemployed";
		in.language = i % 5 ? "en" : "es";
		in.consent = 1;
		in.dol_staff = 0;
		if (application_submit(&a, &in, &res, &e) == APP_OK)
			bt->ok++;
		arena_release(&a);
	}
	return NULL;
}

int cmd_test_signup_bench(int argc, char **argv)
{
	long n = argc > 0 ? strtol(argv[0], NULL, 10) : 0;
	long threads = argc > 1 ? strtol(argv[1], NULL, 10) : 0, t, ok = 0;
	struct bench_thread *bt;
	pthread_t *tid;
	int64_t t0, t1, t2;
	double secs, cpu;
	struct intake_stats is;

	if (argc != 2 || n < 1 || threads < 1 || threads > 1024)
		return cli_usage_error("test-signup-bench N THREADS: counts, got '%s'",
				       argc ? argv[0] : "nothing");
	if (cli_open_db(1) != 0)
		return 1;
	intake_handler_set(&application_intake);
	if (intake_start() != 0) {
		db_close();
		return 1;
	}
	settings_set("signup_rate_per_hour", "0", "cli:test");
	bt = calloc((size_t)threads, sizeof(*bt));
	tid = calloc((size_t)threads, sizeof(*tid));
	if (!bt || !tid)
		return 1;
	pthread_barrier_init(&bench_ready, NULL, (unsigned)threads);
	for (t = 0; t < threads; t++) {
		bt[t].from = n * t / threads;
		bt[t].to = n * (t + 1) / threads;
		pthread_create(&tid[t], NULL, bench_main, &bt[t]);
	}
	for (t = 0; t < threads; t++) {
		pthread_join(tid[t], NULL);
		ok += bt[t].ok;
	}
	t1 = now_ns();
	t0 = bench_t0;
	pthread_barrier_destroy(&bench_ready);
	secs = (double)(t1 - t0) / 1e9;
	cpu = cpu_seconds() - bench_cpu0;
	intake_stats(&is);
	printf("signups %ld of %ld\nseconds %.3f\nsignups_per_second %.1f\ncommits %llu\n"
	       "cpu_seconds %.3f\ncpu_us_per_signup %.1f\ncompleted_during_run %llu\n",
	       ok, n, secs, (double)ok / secs, (unsigned long long)db_commit_count(), cpu,
	       ok ? cpu * 1e6 / (double)ok : 0.0, (unsigned long long)is.completed);
	fflush(stdout);
	/* the intake thread goes on at full speed once the sign-ups stop */
	while (is.waiting > 0 && now_ns() - t1 < (int64_t)600 * 1000000000) {
		struct timespec ts = { 0, 20 * 1000000L };
		nanosleep(&ts, NULL);
		intake_stats(&is);
	}
	t2 = now_ns();
	printf("completed %llu\nrejected %llu\ncompleted_seconds %.3f\ncompleted_per_second %.1f\n"
	       "drain_seconds %.3f\nintake_batches %llu\nlag_avg_ms %.1f\nlag_max_ms %.1f\n",
	       (unsigned long long)is.completed, (unsigned long long)is.rejected,
	       (double)(t2 - t0) / 1e9, (double)is.completed / ((double)(t2 - t0) / 1e9),
	       (double)(t2 - t1) / 1e9, (unsigned long long)is.batches, is.lag_avg_ms,
	       is.lag_max_ms);
	free(bt);
	free(tid);
	intake_stop();
	db_close();
	return ok == n && is.waiting == 0 ? 0 : 1;
}
