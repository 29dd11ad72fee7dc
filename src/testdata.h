/* testdata.h - data for the tests and the benchmarks, written straight into the database by
 * the hidden `skillgate test-*` commands (cli/testlearning.c, cli/testsignup.c, cli/catalog.c).
 * Not part of the program's use: people and programs made here skip the sign-up and the
 * catalog import. */
#ifndef SG_TESTDATA_H
#define SG_TESTDATA_H

#include <stddef.h>
#include <stdint.h>

/* An approved person with a learner row; id is set when added. */
struct testdata_person {
	const char *email, *first, *last, *status, *osos, *lang, *county;
	char email_norm[256];
	int64_t id;
};

/* A program in the catalog; curate: a region id to curate it for, -1 for every region, 0 for
 * none; id is set when added. */
struct testdata_program {
	const char *slug, *title, *kind, *provider_id, *url;
	int64_t curate, id;
};

/* Each in its own durable write. 0, or -1 (a duplicate, most often). */
int testdata_add_person(struct testdata_person *p);
int testdata_add_program(struct testdata_program *p);
/* learners bench<i>@bench.example (OSOS ID BN<i, 7 digits>) and programs bench-course-<j>
 * (provider id bench-id-<j>), in one write. 0 or -1. */
int testdata_bench(long learners, long programs);

/* The raw insert benchmark: rows in applications now; the scratch table bench_raw made
 * (create = 1) or dropped (0); one row of it inserted in its own durable write. */
int64_t testdata_applications(void);
int testdata_raw_table(int create);
int testdata_raw_insert(const char *payload);

/* The search benchmark: active programs, and the first region with a curated list. */
size_t testdata_active_programs(void);
int64_t testdata_first_curated_region(void);

#endif
