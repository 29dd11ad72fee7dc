/* testlearning.c - hidden `skillgate test-learning …`: data for the learner tests and the
 * import benchmark, written straight into the database (not part of the program's use).
 *
 *   test-learning learner EMAIL [--status active|waitlisted|removed|expired] [--first NAME]
 *                 [--last NAME] [--osos ID] [--lang en|es] [--county COUNTY]
 *       an approved person with a learner row; prints the learner id
 *   test-learning program SLUG [--title T] [--kind K] [--provider-id ID] [--url URL]
 *                 [--curate REGION_ID|all]
 *       a program in the catalog (curated for a region, or every region, when asked); prints
 *       its id
 *   test-learning bench LEARNERS PROGRAMS
 *       LEARNERS learners bench<i>@bench.example (OSOS ID BN<i, 7 digits>) and PROGRAMS
 *       programs bench-course-<j> (provider id bench-id-<j>), for bench/usage_import.sh
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "db/db.h"
#include "testdata.h"

/* The value after flag argv[*i], or NULL (and a usage error is due). */
static const char *opt(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int cmd_learner(int argc, char **argv)
{
	struct testdata_person p = { NULL, "Test", "Learner", "active", "", "en", "Albany", "", 0 };
	size_t k;
	int i;

	for (i = 0; i < argc; i++) {
		const char **dst = NULL;
		if (!strcmp(argv[i], "--status"))
			dst = &p.status;
		else if (!strcmp(argv[i], "--first"))
			dst = &p.first;
		else if (!strcmp(argv[i], "--last"))
			dst = &p.last;
		else if (!strcmp(argv[i], "--osos"))
			dst = &p.osos;
		else if (!strcmp(argv[i], "--lang"))
			dst = &p.lang;
		else if (!strcmp(argv[i], "--county"))
			dst = &p.county;
		else if (!p.email && argv[i][0] != '-') {
			p.email = argv[i];
			continue;
		} else
			return cli_usage_error("test-learning learner: unexpected '%s'", argv[i]);
		if (!(*dst = opt(argc, argv, &i)))
			return cli_usage_error("test-learning learner: %s needs a value", argv[i]);
	}
	if (!p.email)
		return cli_usage_error("test-learning learner needs an e-mail address%s", "");
	for (k = 0; p.email[k] && k + 1 < sizeof(p.email_norm); k++)
		p.email_norm[k] = (char)(p.email[k] >= 'A' && p.email[k] <= 'Z' ? p.email[k] + 32
										: p.email[k]);
	p.email_norm[k] = '\0';
	if (cli_open_db(0) != 0)
		return 1;
	if (testdata_add_person(&p) != 0) {
		fprintf(stderr, "skillgate: could not add the learner %s (a duplicate?)\n",
			p.email);
		db_close();
		return 1;
	}
	printf("%lld\n", (long long)p.id);
	db_close();
	return 0;
}

static int cmd_program(int argc, char **argv)
{
	struct testdata_program p = { NULL, NULL, "course", NULL, NULL, 0, 0 };
	const char *curate = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		const char **dst = NULL;
		if (!strcmp(argv[i], "--title"))
			dst = &p.title;
		else if (!strcmp(argv[i], "--kind"))
			dst = &p.kind;
		else if (!strcmp(argv[i], "--provider-id"))
			dst = &p.provider_id;
		else if (!strcmp(argv[i], "--url"))
			dst = &p.url;
		else if (!strcmp(argv[i], "--curate"))
			dst = &curate;
		else if (!p.slug && argv[i][0] != '-') {
			p.slug = argv[i];
			continue;
		} else
			return cli_usage_error("test-learning program: unexpected '%s'", argv[i]);
		if (!(*dst = opt(argc, argv, &i)))
			return cli_usage_error("test-learning program: %s needs a value", argv[i]);
	}
	if (!p.slug)
		return cli_usage_error("test-learning program needs a slug%s", "");
	if (!p.title)
		p.title = p.slug;
	p.curate = !curate ? 0 : !strcmp(curate, "all") ? -1 : atoll(curate);
	if (cli_open_db(0) != 0)
		return 1;
	if (testdata_add_program(&p) != 0) {
		fprintf(stderr, "skillgate: could not add the program %s (a duplicate?)\n", p.slug);
		db_close();
		return 1;
	}
	printf("%lld\n", (long long)p.id);
	db_close();
	return 0;
}

int cmd_test_learning(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "learner"))
		return cmd_learner(argc - 1, argv + 1);
	if (argc >= 1 && !strcmp(argv[0], "program"))
		return cmd_program(argc - 1, argv + 1);
	if (argc == 3 && !strcmp(argv[0], "bench")) {
		long learners = atol(argv[1]), programs = atol(argv[2]);
		int rc;
		if (learners < 1 || programs < 1)
			return cli_usage_error(
				"test-learning bench wants LEARNERS PROGRAMS, got '%s'", argv[1]);
		if (cli_open_db(0) != 0)
			return 1;
		rc = testdata_bench(learners, programs);
		db_close();
		if (rc != 0) {
			fprintf(stderr,
				"skillgate: could not add the bench data (already there?)\n");
			return 1;
		}
		printf("%ld learners, %ld programs\n", learners, programs);
		return 0;
	}
	return cli_usage_error("test-learning wants learner, program or bench%s", "");
}
