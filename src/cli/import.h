/* import.h - what the import subcommands (catalog, progress, osos) share: the file mapped
 * read-only, the database opened around the import, and the JSON answer printed the way the
 * API returns it. */
#ifndef SG_CLI_IMPORT_H
#define SG_CLI_IMPORT_H

#include <jansson.h>
#include <stddef.h>

/* The file an import reads. data stays mapped until the import returns. */
struct cli_import_file {
	const char *path; /* as given on the command line */
	const char *name; /* its last component, which the import records */
	const char *data; /* its bytes (not NUL-terminated) */
	size_t len;
};

/* One import on one file, run with the database open: prints its answer (cli_print_json)
 * and its line for people on standard error; returns the exit status (0 kept, or with
 * --dry-run would be; 1 refused or failed). */
typedef int (*cli_import_fn)(const struct cli_import_file *f, void *ctx);

/* Maps PATH, opens the database, runs IMPORT on it, closes the database and unmaps the file.
 * Returns IMPORT's exit status, or 1 (with a message) when the file cannot be read or the
 * database opened. The file is mapped, not read, so a file of any size costs no more memory
 * than the import needs. */
int cli_import_file(const char *path, cli_import_fn import, void *ctx);

/* Prints J indented on standard output, in its keys' order, and drops the reference. */
void cli_print_json(json_t *j);

#endif
