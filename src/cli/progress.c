/* progress.c - `skillgate progress import FILE.csv [--dry-run] [--partial] [--membership]`:
 * imports the provider's usage report (or, with --membership, its membership report).
 *
 * Prints the answer as JSON on standard output ({rows, applied, unchanged, errors: [{line,
 * message}], …}) and one line for people on standard error. Exit status: 0 when the file was
 * kept (or, with --dry-run, would be), 1 when it was refused for bad lines (nothing kept) or
 * the database failed, 2 for bad usage. The file is mapped, not read into memory
 * (cli/import.h), so a report of any size costs no more memory than the database needs.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/import.h"
#include "progress_import.h"

struct progress_run {
	enum import_kind kind;
	int dry_run, partial;
};

static int run_import(const struct cli_import_file *f, void *ctx)
{
	const struct progress_run *p = ctx;
	struct import_opts o = { .dry_run = p->dry_run,
				 .partial = p->partial,
				 .file_name = f->name };
	struct import_result res;
	int rc;

	rc = progress_import(p->kind, f->data, f->len, &o, &res);
	cli_print_json(import_result_json(p->kind, &res));
	if (res.failed)
		fprintf(stderr,
			"skillgate: the database failed during the import; nothing of %s "
			"was kept\n",
			f->path);
	else
		fprintf(stderr,
			"skillgate: %s: %zu lines, %zu %s, %zu unchanged, %zu with errors "
			"(%.1f s): %s\n",
			f->path, res.rows, res.applied, p->dry_run ? "would change" : "changed",
			res.unchanged, res.errors_total, res.seconds,
			res.committed ? "kept"
			: p->dry_run  ? (rc == 0 ? "dry run, nothing kept"
						 : "dry run; the file would be refused")
				      : "refused, nothing kept (fix the lines, or use --partial)");
	import_result_release(&res);
	return rc == 0 ? 0 : 1;
}

int cmd_progress(int argc, char **argv)
{
	struct progress_run p = { IMPORT_USAGE, 0, 0 };
	const char *file = NULL;
	int i;

	if (argc < 1 || strcmp(argv[0], "import"))
		return cli_usage_error("progress wants 'import FILE.csv [--dry-run] [--partial] "
				       "[--membership]'%s",
				       "");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			p.dry_run = 1;
		else if (!strcmp(argv[i], "--partial"))
			p.partial = 1;
		else if (!strcmp(argv[i], "--membership"))
			p.kind = IMPORT_MEMBERSHIP;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("progress import: unknown option '%s'", argv[i]);
		else if (!file)
			file = argv[i];
		else
			return cli_usage_error("progress import takes one file; '%s' is a second",
					       argv[i]);
	}
	if (!file)
		return cli_usage_error("progress import needs the report's CSV file%s", "");
	return cli_import_file(file, run_import, &p);
}
