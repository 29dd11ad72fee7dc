/* migrate_data.c - `skillgate migrate-data --from DB --to DB [--batch N] [--replace]`: copies a program's
 * data from one database to another (SQLite to PostgreSQL, or back), see db/datacopy.h.
 * Both databases are first migrated to this binary's schema version; the copy may be run
 * again at any time (it copies only what changed) and completes a run that was killed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "db/datacopy.h"
#include "db/db.h"
#include "util/config.h"
#include "util/redact.h"

struct totals {
	int64_t copied, removed;
	int mismatches;
};

static void report(void *ctx, const struct datacopy_table *t, int counted)
{
	struct totals *sum = ctx;

	if (!counted) {
		printf("  copied  %-26s %8lld rows changed\n", t->name, (long long)t->copied);
		fflush(stdout);
		return;
	}
	sum->copied += t->copied;
	sum->removed += t->removed;
	if (t->source_rows != t->target_rows)
		sum->mismatches++;
	printf("  counted %-26s source %8lld  target %8lld%s\n", t->name, (long long)t->source_rows,
	       (long long)t->target_rows, t->source_rows == t->target_rows ? "" : "  DIFFERENT");
}

/* Migrates the database at loc to this binary's schema; its version, or -1. */
static int migrate_one(const char *loc)
{
	const char *saved = cfg.db_path;
	int v = -1;

	cfg.db_path = loc;
	if (cli_open_db(0) == 0)
		v = db_schema_version(db_get());
	db_close();
	cfg.db_path = saved;
	return v;
}

int cmd_migrate_data(int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	char from_shown[REDACT_MAX], to_shown[REDACT_MAX];
	struct totals sum = { 0, 0, 0 };
	int batch = 500, replace = 0, i, vfrom, vto, rc;

	for (i = 0; i < argc; i++) {
		const char **dst = !strcmp(argv[i], "--from") ? &from
				   : !strcmp(argv[i], "--to") ? &to
							      : NULL;
		if (!strcmp(argv[i], "--replace")) {
			replace = 1;
			continue;
		}
		if (!strcmp(argv[i], "--batch") && i + 1 < argc) {
			batch = atoi(argv[++i]);
			if (batch < 1 || batch > 100000)
				return cli_usage_error("--batch takes a number of rows from 1 to "
						       "100000, got '%s'",
						       argv[i]);
			continue;
		}
		if (!dst || i + 1 >= argc || !argv[i + 1][0])
			return cli_usage_error("migrate-data: unexpected '%s'", argv[i]);
		*dst = argv[++i];
	}
	if (!from || !to)
		return cli_usage_error("migrate-data needs --from DB and --to DB%s", "");
	redact_db_location(from, from_shown, sizeof(from_shown));
	redact_db_location(to, to_shown, sizeof(to_shown));
	if (!strcmp(from, to)) {
		fprintf(stderr, "skillgate: migrate-data: --from and --to are the same database\n");
		return 2;
	}
	if (!db_path_is_url(from) && access(from, R_OK) != 0) {
		fprintf(stderr, "skillgate: migrate-data: there is no database at %s\n",
			from_shown);
		return 1;
	}
	vfrom = migrate_one(from);
	vto = vfrom < 0 ? -1 : migrate_one(to);
	if (vfrom < 0 || vto < 0)
		return 1;
	if (vfrom != vto) {
		fprintf(stderr,
			"skillgate: migrate-data: %s is at schema version %d and %s at %d; both "
			"should be at this program's version\n",
			from_shown, vfrom, to_shown, vto);
		return 1;
	}
	printf("skillgate: copying %s to %s (schema version %d)\n", from_shown, to_shown, vfrom);
	fflush(stdout);
	rc = db_copy_data(from, to, batch, replace, report, &sum);
	if (rc == -2)
		return 1; /* refused, nothing changed: said on stderr */
	if (rc < 0) {
		fprintf(stderr,
			"skillgate: migrate-data stopped; what was copied stays, and running the "
			"same command again continues\n");
		return 1;
	}
	printf("skillgate: %lld rows copied or updated, %lld removed\n", (long long)sum.copied,
	       (long long)sum.removed);
	if (rc != 0) {
		fprintf(stderr,
			"skillgate: migrate-data: %d tables have a different number of rows in %s "
			"than in %s; was the source written to during the copy? Stop `serve` and "
			"run "
			"it again\n",
			sum.mismatches, to_shown, from_shown);
		return 1;
	}
	printf("skillgate: every table has as many rows in %s as in %s\n", to_shown, from_shown);
	return 0;
}
