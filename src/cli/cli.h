/* cli.h - subcommands. Each takes the arguments after its name (global flags removed) and
 * returns the process exit code: 0 ok, 1 failed, 2 bad usage. */
#ifndef SG_CLI_H
#define SG_CLI_H

/* Opens the configured database (creating its directory), migrates it and loads the
 * reference data. writer: start the group-commit writer thread (serve). 0 or -1. */
int cli_open_db(int writer);
/* Prints what is wrong and the usage to stderr; returns 2. */
int cli_usage_error(const char *fmt, const char *arg);

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_seed(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_backup(int argc, char **argv);

#endif
