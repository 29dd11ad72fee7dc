/* catalog.c - `skillgate catalog …`: the provider catalog and the curated lists.
 *
 *   catalog import FILE.csv [--map column=field,…] [--dry-run] [--partial] [--retire-missing]
 *   catalog curation FILE.csv [--dry-run] [--partial]      (columns region, program, rank)
 *   catalog search WORDS…                                    (the explore ranking, for staff)
 *   catalog generate N [--seed S]       hidden: N generated programs (benchmark)
 *   catalog bench [--runs N]            hidden: explore and browse latency, p50/p99
 *
 * An import prints its answer as JSON on standard output and one line for people on
 * standard error. Exit status: 0 when the file was applied (or, with --dry-run, would be),
 * 1 when it was refused or the database failed, 2 for bad usage.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "testdata.h"
#include "cli/cli.h"
#include "cli/import.h"
#include "util/config.h"
#include "db/db.h"
#include "util/arena.h"

struct catalog_run {
	struct catalog_import_opts *o;
	int curation;
};

static int run_import(const struct cli_import_file *f, void *ctx)
{
	const struct catalog_run *c = ctx;
	struct catalog_import_opts *o = c->o;
	struct catalog_import_report r;
	struct arena a;
	int rc;

	arena_init(&a);
	o->file_name = f->name;
	o->actor = "cli";
	rc = c->curation ? catalog_import_curation(f->data, f->len, o, &a, &r)
			 : catalog_import(f->data, f->len, o, &a, &r);
	if (rc != 0) {
		fprintf(stderr,
			"skillgate: the database failed during the import; nothing of %s "
			"was kept\n",
			f->path);
		arena_release(&a);
		return 1;
	}
	cli_print_json(catalog_import_report_json(&r, o));
	if (r.fatal) {
		fprintf(stderr, "skillgate: %s: %s\n", f->path, r.fatal);
		rc = 1;
	} else {
		fprintf(stderr,
			"skillgate: %s: %d rows: %d added, %d updated, %d unchanged, "
			"%d skipped, %d errors%s: %s\n",
			f->path, r.rows, r.added, r.updated, r.unchanged, r.skipped, r.errors,
			o->retire_missing ? "" : "",
			o->dry_run ? (r.errors && !o->partial ? "dry run; the file would be refused"
							      : "dry run, nothing kept")
			: r.applied ? "kept"
				    : "refused, nothing kept (fix the lines, or use --partial)");
		rc = (o->dry_run ? (r.errors && !o->partial) : !r.applied) ? 1 : 0;
	}
	arena_release(&a);
	return rc;
}

static int parse_import(int argc, char **argv, int curation)
{
	struct catalog_import_opts o;
	struct catalog_run c = { &o, curation };
	const char *file = NULL;
	int i;

	memset(&o, 0, sizeof(o));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			o.dry_run = 1;
		else if (!strcmp(argv[i], "--partial"))
			o.partial = 1;
		else if (!curation && !strcmp(argv[i], "--retire-missing"))
			o.retire_missing = 1;
		else if (!curation && !strcmp(argv[i], "--map")) {
			if (i + 1 >= argc)
				return cli_usage_error("--map needs column=field,… %s", "");
			o.map = argv[++i];
		} else if (!curation && !strncmp(argv[i], "--map=", 6))
			o.map = argv[i] + 6;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("catalog: unknown option '%s'", argv[i]);
		else if (!file)
			file = argv[i];
		else
			return cli_usage_error("catalog import takes one file; '%s' is a second",
					       argv[i]);
	}
	if (!file)
		return cli_usage_error("catalog %s needs a CSV file",
				       curation ? "curation" : "import");
	return cli_import_file(file, run_import, &c);
}

/* Prints the explore ranking for some words: what a person would see first. */
static int cmd_search(int argc, char **argv)
{
	struct catalog_query q;
	struct catalog_list l;
	struct arena a;
	char words[512] = "";
	size_t i, o = 0;
	int k;

	for (k = 1; k < argc; k++)
		o += (size_t)snprintf(words + o, o < sizeof(words) ? sizeof(words) - o : 0, "%s%s",
				      k > 1 ? " " : "", argv[k]);
	if (cli_open_db(0) != 0)
		return 1;
	arena_init(&a);
	memset(&q, 0, sizeof(q));
	q.q = words;
	q.limit = 10;
	if (catalog_search(&q, &a, &l) != 0) {
		arena_release(&a);
		db_close();
		return 1;
	}
	printf("%zu%s programs match \"%s\"%s\n", l.total, l.capped ? "+" : "", words,
	       l.any_word ? " (some of the words)" : "");
	for (i = 0; i < l.n; i++)
		printf("%2zu. %s — %s [%s, %s] %s\n", i + 1, l.items[i].p.title,
		       l.items[i].p.partner, l.items[i].p.kind, l.items[i].p.language,
		       l.items[i].p.slug);
	arena_release(&a);
	db_close();
	return 0;
}

static int cmd_generate(int argc, char **argv)
{
	long n;
	uint64_t seed = 42;
	struct timespec t0, t1;

	if (argc < 2 || (n = strtol(argv[1], NULL, 10)) < 1 || n > 5000000)
		return cli_usage_error("catalog generate needs a count from 1 to 5,000,000%s", "");
	if (argc >= 4 && !strcmp(argv[2], "--seed"))
		seed = strtoull(argv[3], NULL, 10);
	if (cli_open_db(0) != 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (catalog_generate(db_get(), (int)n, seed) != 0 || catalog_seed(db_get()) != 0) {
		db_close();
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "skillgate: generated %ld programs in %.2f s\n", n,
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	db_close();
	return 0;
}

static int dbl_cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* This thread's CPU time: on a shared machine, what a query costs without the waits. */
static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Latency of explore (search) and browse, in process: p50 and p99 over a set of queries,
 * broad and narrow, with and without filters, printed as one JSON line per measurement. */
static int cmd_bench(int argc, char **argv)
{
	static const char *const queries[] = {
		"data",
		"management",
		"introduction",
		"python",
		"project management",
		"excel",
		"nursing",
		"cybersecurity",
		"marketing digital",
		"google it support",
		"health",
		"business",
		"learn",
		"design",
		"enfermeria",
		"machine learning",
		"sql",
		"data analysis",
		"leadership",
		"supply chain",
		"finance",
		"web development",
		"ai",
		"cloud",
		"safety",
		"introducción",
		"customer service",
		"manufacturing",
		"teaching",
		"fundamentals",
	};
	size_t nq = sizeof(queries) / sizeof(queries[0]), i, k, runs = 20, total;
	double *lat, *cpu, worst_ms = 0;
	const char **worst, *worst_q = "";
	struct arena a;
	int64_t region = 0;

	if (argc >= 3 && !strcmp(argv[1], "--runs"))
		runs = (size_t)strtoul(argv[2], NULL, 10);
	if (runs < 1)
		runs = 1;
	if (cli_open_db(0) != 0)
		return 1;
	total = testdata_active_programs();
	region = testdata_first_curated_region();
	lat = calloc((nq + 30) * (runs + 1) + 16, sizeof(*lat));
	cpu = calloc((nq + 30) * (runs + 1) + 16, sizeof(*cpu));
	worst = calloc((nq + 30) * (runs + 1) + 16, sizeof(*worst));
	if (!lat || !cpu || !worst)
		return 1;
	for (int pass = 0; pass < 3; pass++) {
		const char *name = pass == 0   ? "explore"
				   : pass == 1 ? "explore_filtered"
					       : "browse";
		size_t n = 0;
		/* one warm-up round, then the measured ones */
		for (k = 0; k <= runs; k++)
			for (i = 0; i < (pass == 2 ? 30 : nq); i++) {
				struct catalog_query q;
				struct catalog_list l;
				double t0, c0;
				memset(&q, 0, sizeof(q));
				q.limit = 20;
				arena_init(&a);
				t0 = now_ms();
				c0 = cpu_ms();
				if (pass == 2) {
					static const char *const kinds[] = {
						NULL, "course", "specialization",
						"professional-certificate"
					};
					/* the ten regions, with and without filters and sorts */
					q.region_id = region + (int64_t)(i % 10);
					q.f.kind = kinds[i % 4];
					q.f.level = i % 3 == 1 ? "beginner" : NULL;
					q.sort = (enum catalog_sort)(i % 5);
					q.offset = (size_t)(i % 2) * 20;
					catalog_browse(&q, &a, &l);
				} else {
					q.q = queries[i];
					if (pass == 1) {
						q.f.level = "beginner";
						q.f.language = i % 2 ? "es" : "en";
					}
					catalog_search(&q, &a, &l);
				}
				if (k > 0) {
					cpu[n] = cpu_ms() - c0;
					if (cpu[n] > worst_ms) {
						worst_ms = cpu[n];
						worst_q = pass == 2 ? "browse" : queries[i];
					}
					lat[n++] = now_ms() - t0;
				}
				arena_release(&a);
			}
		qsort(lat, n, sizeof(*lat), dbl_cmp);
		qsort(cpu, n, sizeof(*cpu), dbl_cmp);
		printf("{\"bench\":\"catalog_%s\",\"programs\":%zu,\"samples\":%zu,"
		       "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"cpu_p50_ms\":%.3f,"
		       "\"cpu_p99_ms\":%.3f,\"slowest\":\"%s\"}\n",
		       name, total, n, lat[n / 2], lat[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1],
		       lat[n - 1], cpu[n / 2], cpu[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1],
		       worst_q);
		worst_ms = 0;
	}
	free(lat);
	free(cpu);
	free(worst);
	db_close();
	return 0;
}

int cmd_catalog(int argc, char **argv)
{
	if (argc < 1)
		return cli_usage_error("catalog wants import, curation or search%s", "");
	if (!strcmp(argv[0], "import"))
		return parse_import(argc, argv, 0);
	if (!strcmp(argv[0], "curation"))
		return parse_import(argc, argv, 1);
	if (!strcmp(argv[0], "search"))
		return cmd_search(argc, argv);
	if (!strcmp(argv[0], "generate"))
		return cmd_generate(argc, argv);
	if (!strcmp(argv[0], "bench"))
		return cmd_bench(argc, argv);
	return cli_usage_error("catalog: unknown subcommand '%s' (import, curation, search)",
			       argv[0]);
}
