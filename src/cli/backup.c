/* backup.c - `skillgate backup FILE`: a consistent copy of the live database. */
#include <stdio.h>

#include "cli/cli.h"
#include "util/config.h"
#include "db/db.h"

int cmd_backup(int argc, char **argv)
{
	if (argc != 1)
		return cli_usage_error("backup takes one argument, the file to write%s", "");
	if (cli_open_db(0) != 0)
		return 1;
	if (db_backup(argv[0]) != 0) {
		db_close();
		return 1;
	}
	printf("skillgate: %s copied to %s\n", cli_db_shown(), argv[0]);
	db_close();
	return 0;
}
