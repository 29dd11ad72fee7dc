/* serve.c - `skillgate serve`: migrate, start the writer, the sign-up intake thread (which
 * first claims the requests a previous run left waiting, intake.h) and the background jobs,
 * serve HTTP. On SIGTERM: finish the requests in flight, then the intake batch in progress
 * (the rest waits durably for the next start), then the jobs. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "cli/cli.h"
#include "application.h"
#include "util/config.h"
#include "db/db.h"
#include "db/serverlock.h"
#include "intake.h"
#include "jobs/jobs.h"
#include "principal.h"
#include "session.h"
#include "settings.h"
#include "web/layout.h"
#include "web/server.h"
#include "web/session.h"

/* The web layer's view of a principal: what the route table checks, and the id it logs. */
static enum access principal_access(const struct principal *who)
{
	switch (who->role) {
	case ROLE_LEARNER: return ACCESS_LEARNER;
	case ROLE_AREA_VIEWER: return ACCESS_AREA_VIEWER;
	case ROLE_AREA_ADMIN: return ACCESS_AREA_ADMIN;
	case ROLE_STATE_ADMIN: return ACCESS_STATE_ADMIN;
	default: return ACCESS_NONE;
	}
}

static int64_t principal_id(const struct principal *who)
{
	return who->id;
}

/* Tells the web layer how to find sessions and settings: it includes neither. */
static void web_hooks(void)
{
	static const struct session_hooks hooks = {
		&principal_nobody, session_resolve,  session_api_token_resolve, session_create,
		session_delete,	   session_csrf_mac, principal_access,		principal_id,
	};

	session_hooks_set(&hooks);
	layout_settings_hook(settings_get);
}

int serve_prepare(void)
{
	if (session_init() != 0)
		return -1;
	web_hooks();
	intake_handler_set(&application_intake);
	return 0;
}

static void block_stop_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

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
	/* SIGTERM and SIGINT are taken only by the server's sigwait: blocked here, before the
	 * writer, intake and jobs threads start, so none of them is killed by one that arrives
	 * before the server waits for it (the signal stays pending until then) */
	block_stop_signals();
	if (cli_open_db(1) != 0)
		return 1;
	fprintf(stderr, "skillgate: serving the database %s\n", cli_db_shown());
	if (serve_prepare() != 0) {
		fprintf(stderr, "skillgate: cannot set up session keys\n");
		return 1;
	}
	if (intake_start() != 0) {
		db_close();
		return 1;
	}
	jobs_start();
	server_set_store_check(db_unavailable);
	rc = server_run(cfg.listen, cfg.threads);
	intake_stop();
	jobs_stop();
	db_close();
	return rc == 0 ? 0 : 1;
}
