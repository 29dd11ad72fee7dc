/* serve.c - `skillgate serve`: migrate, start the writer and background jobs, serve HTTP. */
#include <stdio.h>

#include "cli/cli.h"
#include "config.h"
#include "db/db.h"
#include "jobs/jobs.h"
#include "web/server.h"
#include "web/session.h"

int cmd_serve(int argc, char **argv)
{
	int rc;

	if (argc > 0)
		return cli_usage_error("serve takes no arguments, got '%s'", argv[0]);
	if (cli_open_db(1) != 0)
		return 1;
	if (session_init() != 0) {
		fprintf(stderr, "skillgate: cannot set up session keys\n");
		return 1;
	}
	jobs_start();
	rc = server_run(cfg.listen, cfg.threads);
	jobs_stop();
	db_close();
	return rc == 0 ? 0 : 1;
}
