/* progress.c - `skillgate progress import FILE.csv [--dry-run] [--partial] [--membership]`:
 * imports the provider's usage report (or, with --membership, its membership report).
 *
 * Prints the answer as JSON on standard output ({rows, applied, unchanged, errors: [{line,
 * message}], …}) and one line for people on standard error. Exit status: 0 when the file was
 * kept (or, with --dry-run, would be), 1 when it was refused for bad lines (nothing kept) or
 * the database failed, 2 for bad usage. The file is mapped, not read into memory, so a
 * report of any size costs no more memory than the database needs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/config.h"
#include "db/db.h"
#include "progress_import.h"

static int import_file(const char *path, enum import_kind kind, int dry_run, int partial)
{
	struct import_opts o = { dry_run, partial, NULL, NULL };
	struct import_result res;
	struct stat sb;
	const char *data = "";
	void *map = NULL;
	json_t *j;
	char *out;
	int fd, rc;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "skillgate: cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "skillgate: %s is not a regular file\n", path);
		close(fd);
		return 1;
	}
	if (sb.st_size > 0) {
		map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			fprintf(stderr, "skillgate: cannot read %s: %s\n", path, strerror(errno));
			close(fd);
			return 1;
		}
		madvise(map, (size_t)sb.st_size, MADV_SEQUENTIAL);
		data = map;
	}
	close(fd);
	o.file_name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (cli_open_db(0) != 0) {
		if (map)
			munmap(map, (size_t)sb.st_size);
		return 1;
	}
	rc = progress_import(kind, data, (size_t)sb.st_size, &o, &res);
	j = import_result_json(kind, &res);
	out = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (out) {
		puts(out);
		free(out);
	}
	json_decref(j);
	if (res.failed)
		fprintf(stderr,
			"skillgate: the database failed during the import; nothing of %s "
			"was kept\n",
			path);
	else
		fprintf(stderr,
			"skillgate: %s: %zu lines, %zu %s, %zu unchanged, %zu with errors "
			"(%.1f s): %s\n",
			path, res.rows, res.applied, dry_run ? "would change" : "changed",
			res.unchanged, res.errors_total, res.seconds,
			res.committed ? "kept"
			: dry_run     ? (rc == 0 ? "dry run, nothing kept"
						 : "dry run; the file would be refused")
				      : "refused, nothing kept (fix the lines, or use --partial)");
	import_result_release(&res);
	db_close();
	if (map)
		munmap(map, (size_t)sb.st_size);
	return rc == 0 ? 0 : 1;
}

int cmd_progress(int argc, char **argv)
{
	const char *file = NULL;
	int dry_run = 0, partial = 0, membership = 0, i;

	if (argc < 1 || strcmp(argv[0], "import"))
		return cli_usage_error("progress wants 'import FILE.csv [--dry-run] [--partial] "
				       "[--membership]'%s",
				       "");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry_run = 1;
		else if (!strcmp(argv[i], "--partial"))
			partial = 1;
		else if (!strcmp(argv[i], "--membership"))
			membership = 1;
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
	return import_file(file, membership ? IMPORT_MEMBERSHIP : IMPORT_USAGE, dry_run, partial);
}
