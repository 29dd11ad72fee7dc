/* migrate.c - `skillgate migrate` and `skillgate seed`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "util/config.h"
#include "util/redact.h"
#include "db/db.h"
#include "geo.h"
#include "seed.h"

static int load_geo(struct db *db, void *ctx)
{
	(void)ctx;
	return geo_load(db) == 0 ? 0 : DB_ABORT;
}

const char *cli_db_shown(void)
{
	static char shown[REDACT_MAX];
	return redact_db_location(cfg.db_path, shown, sizeof(shown));
}

int cli_open_db(int writer)
{
	char dir[1024];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", cfg.db_path);
	slash = db_path_is_url(cfg.db_path) ? NULL : strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
			fprintf(stderr, "skillgate: cannot create %s: %s\n", dir, strerror(errno));
			return -1;
		}
	}
	if (db_open(cfg.db_path, writer) != 0)
		return -1;
	if (db_migrate(db_get()) != 0) {
		fprintf(stderr,
			"skillgate: migrating %s failed; nothing of the failed step was kept\n",
			cli_db_shown());
		return -1;
	}
	if (db_write(load_geo, NULL) != 0) {
		fprintf(stderr, "skillgate: loading the reference data failed\n");
		return -1;
	}
	return 0;
}

int cmd_migrate(int argc, char **argv)
{
	if (argc > 0)
		return cli_usage_error("migrate takes no arguments, got '%s'", argv[0]);
	if (cli_open_db(0) != 0)
		return 1;
	printf("skillgate: %s is at schema version %d\n", cli_db_shown(),
	       db_schema_version(db_get()));
	db_close();
	return 0;
}

int cmd_seed(int argc, char **argv)
{
	int rc;

	if (argc > 0)
		return cli_usage_error("seed takes no arguments, got '%s'", argv[0]);
	if (cli_open_db(0) != 0)
		return 1;
	rc = seed_demo(stdout);
	db_close();
	return rc == 0 ? 0 : 1;
}
