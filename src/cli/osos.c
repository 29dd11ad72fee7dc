/* osos.c - `skillgate osos backfill`, `skillgate osos exits [--now TIME]` and
 * `skillgate osos import FILE.csv [--dry-run] [--partial]`.
 *
 * backfill adds the referral of every learner who ever had an active license and has none
 * (those activated before OSOS had the activity are marked back-fill), and the credential or
 * skill-gain draft of every completed program that has none. Running it again adds nothing.
 * exits [--now TIME] drafts the exits due (what the hourly sweep does after its reminders and
 * removals), as of TIME when given.
 * import reads OSOS's acknowledgment (OSOS ID, Kind, Date) and marks the matching entries
 * entered; it prints the same JSON answer as POST /api/v1/imports/osos. Exit status: 0 kept
 * (or, with --dry-run, would be), 1 refused or failed, 2 bad usage.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/import.h"
#include "db/db.h"
#include "osos.h"
#include "util/timeutil.h"

struct osos_run {
	int dry_run, partial;
};

static int run_import(const struct cli_import_file *f, void *ctx)
{
	const struct osos_run *o = ctx;
	struct osos_import_result res;
	int rc;

	rc = osos_import(f->data, f->len, o->dry_run, o->partial, NULL, &res);
	cli_print_json(osos_import_json(&res));
	fprintf(stderr,
		"skillgate: %s: %zu lines, %zu %s entered, %zu already entered, %zu with "
		"errors: %s\n",
		f->path, res.rows, res.applied, o->dry_run ? "would be" : "marked", res.unchanged,
		res.errors_total,
		res.failed	? "the database failed, nothing kept"
		: res.committed ? "kept"
		: o->dry_run	? "dry run, nothing kept"
				: "refused, nothing kept (fix the lines, or use --partial)");
	osos_import_release(&res);
	return rc == 0 ? 0 : 1;
}

int cmd_osos(int argc, char **argv)
{
	const char *file = NULL;
	struct osos_run o = { 0, 0 };
	int i;

	if (argc == 1 && !strcmp(argv[0], "backfill")) {
		struct osos_backfill_result res;
		if (cli_open_db(0) != 0)
			return 1;
		if (osos_backfill(&res) != 0) {
			db_close();
			return 1;
		}
		printf("skillgate: OSOS back-fill: %d referrals and %d credential or skill-gain "
		       "drafts added\n",
		       res.referrals, res.completions);
		db_close();
		return 0;
	}
	if (argc >= 1 && !strcmp(argv[0], "exits")) {
		struct osos_sweep_result res;
		int64_t now = now_unix();
		if (argc == 3 && !strcmp(argv[1], "--now") && iso_parse(argv[2], &now) == 0)
			;
		else if (argc != 1)
			return cli_usage_error("osos exits takes only --now YYYY-MM-DDTHH:MM:SSZ%s",
					       "");
		if (cli_open_db(0) != 0)
			return 1;
		if (osos_sweep_exits(now, 1000000, &res) != 0) {
			db_close();
			return 1;
		}
		printf("skillgate: OSOS exits: %d drafted, %d rejected by new activity\n",
		       res.drafted, res.rejected);
		db_close();
		return 0;
	}
	if (argc < 1 || strcmp(argv[0], "import"))
		return cli_usage_error("osos wants 'backfill', 'exits [--now TIME]' or 'import "
				       "FILE.csv [--dry-run] [--partial]'%s",
				       "");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			o.dry_run = 1;
		else if (!strcmp(argv[i], "--partial"))
			o.partial = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("osos import: unknown option '%s'", argv[i]);
		else if (!file)
			file = argv[i];
		else
			return cli_usage_error("osos import takes one file; '%s' is a second",
					       argv[i]);
	}
	if (!file)
		return cli_usage_error("osos import needs the acknowledgment CSV file%s", "");
	return cli_import_file(file, run_import, &o);
}
