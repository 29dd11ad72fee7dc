/* cli.h - subcommands. Each takes the arguments after its name (global flags removed) and
 * returns the process exit code: 0 ok, 1 failed, 2 bad usage. */
#ifndef SG_CLI_H
#define SG_CLI_H

/* Opens the configured database (creating its directory), migrates it and loads the
 * reference data. writer: start the group-commit writer thread (serve). 0 or -1. */
int cli_open_db(int writer);
/* The configured database as it may be printed: a URL's password as *** (util/redact.h).
 * A static buffer, valid until the next call. */
const char *cli_db_shown(void);
/* Prints what is wrong and the usage to stderr; returns 2. */
int cli_usage_error(const char *fmt, const char *arg);

int cmd_serve(int argc, char **argv);
/* What serve sets up on an open database before it serves: session keys, the web layer's
 * hooks, the sign-up intake's handler (the fuzzing targets serve without a socket through
 * it too). 0 or -1. */
int serve_prepare(void);
int cmd_migrate(int argc, char **argv);
int cmd_seed(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_backup(int argc, char **argv);
/* migrate-data --from DB --to DB [--batch N] (cli/migrate_data.c) */
int cmd_migrate_data(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
/* settings show | set KEY VALUE (cli/settings.c) */
int cmd_settings(int argc, char **argv);
int cmd_mail(int argc, char **argv);
/* Hidden: queues sample messages for the mail tests. */
int cmd_test_mail(int argc, char **argv);

/* progress import FILE.csv [--dry-run] [--partial] [--membership] (cli/progress.c) */
int cmd_progress(int argc, char **argv);
/* Hidden: learners, programs and bench data for the learner tests (cli/testlearning.c). */
int cmd_test_learning(int argc, char **argv);

/* token create --role ROLE [--area NAME] [--email E] [--label L] (cli/token.c) */
int cmd_token(int argc, char **argv);
/* invitations export [--all] [--out FILE] (cli/invitations.c) */
int cmd_invitations(int argc, char **argv);
/* Hidden: the raw durable insert rate, and settings for the sign-up tests (cli/testsignup.c). */
int cmd_test_insert_bench(int argc, char **argv);
int cmd_test_setting(int argc, char **argv);
int cmd_test_signup_bench(int argc, char **argv);

/* report pirl --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE] (cli/report.c) */
int cmd_report(int argc, char **argv);
/* osos backfill | exits [--now TIME] | import FILE.csv [--dry-run] [--partial] (cli/osos.c) */
int cmd_osos(int argc, char **argv);

/* catalog import | curation | search (cli/catalog.c) */
int cmd_catalog(int argc, char **argv);

/* staff add | set | password | list (cli/staff.c) */
int cmd_staff(int argc, char **argv);
/* Hidden: generated requests and learners for the staff tests and benchmark (cli/staff.c). */
int cmd_test_staff_data(int argc, char **argv);
/* token create --staff EMAIL: a token for an existing staff account (cli/staff.c). */
int cli_token_for_staff(const char *email, const char *label);

#endif
