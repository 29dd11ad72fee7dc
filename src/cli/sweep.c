/* sweep.c - `skillgate sweep [--now YYYY-MM-DDTHH:MM:SSZ]`: one sweep now (the server runs it
 * hourly by itself): inactivity reminders and removals, the license term's notices and
 * expiry, the staff's daily digest of late requests. --now runs it as of another time, to try the settings. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "digest.h"
#include "inactivity.h"
#include "term.h"
#include "osos.h"
#include "util/timeutil.h"

int cmd_sweep(int argc, char **argv)
{
	struct inactivity_result res;
	struct term_result tres;
	struct digest_result dres;
	struct osos_sweep_result ex;
	int64_t now = now_unix();
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--now") && i + 1 < argc &&
		    iso_parse(argv[i + 1], &now) == 0) {
			i++;
			continue;
		}
		return cli_usage_error("sweep takes only --now YYYY-MM-DDTHH:MM:SSZ, not '%s'",
				       argv[i]);
	}
	if (cli_open_db(0) != 0)
		return 1;
	if (inactivity_sweep(now, 100000, &res) != 0) {
		db_close();
		return 1;
	}
	printf("skillgate: inactivity sweep: %d reminded, %d removed\n", res.reminded, res.removed);
	if (term_sweep(now, 500, &tres) != 0) {
		db_close();
		return 1;
	}
	printf("skillgate: license term: %d told 30 days ahead, %d told 7 days ahead, %d expired\n",
	       tres.notified30, tres.notified7, tres.expired);
	if (digest_sweep(now, &dres) != 0) {
		db_close();
		return 1;
	}
	printf("skillgate: digest of late requests: %d sent\n", dres.sent);
	if (osos_sweep_exits(now, 100000, &ex) != 0) {
		db_close();
		return 1;
	}
	printf("skillgate: OSOS exits: %d drafted, %d rejected by new activity\n", ex.drafted,
	       ex.rejected);
	db_close();
	return 0;
}
