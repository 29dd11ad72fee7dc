/* serve.c - `skillgate serve`: migrate, start the writer, the sign-up intake thread (which
 * first claims the requests a previous run left waiting, intake.h) and the background jobs,
 * serve HTTP. On SIGTERM: finish the requests in flight, then the intake batch in progress
 * (the rest waits durably for the next start), then the jobs. */
#include <stdio.h>

#include "cli/cli.h"
#include "util/config.h"
#include "db/db.h"
#include "db/serverlock.h"
#include "intake.h"
#include "jobs/jobs.h"
#include "web/server.h"
#include "web/session.h"

int cmd_serve(int argc, char **argv)
{
	char err[512];
	int rc;

	if (argc > 0)
		return cli_usage_error("serve takes no arguments, got '%s'", argv[0]);
	/* before the database is opened, so a refused second server migrates nothing */
	if (db_serve_lock(cfg.db_path, err, sizeof(err)) != 0) {
		fprintf(stderr, "skillgate: %s\n", err);
		return 1;
	}
	if (cli_open_db(1) != 0)
		return 1;
	if (session_init() != 0) {
		fprintf(stderr, "skillgate: cannot set up session keys\n");
		return 1;
	}
	if (intake_start() != 0) {
		db_close();
		return 1;
	}
	jobs_start();
	rc = server_run(cfg.listen, cfg.threads);
	intake_stop();
	jobs_stop();
	db_close();
	return rc == 0 ? 0 : 1;
}
