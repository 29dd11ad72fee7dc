/* import.c - the file, the database and the answer of an import subcommand (import.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/import.h"
#include "db/db.h"

int cli_import_file(const char *path, cli_import_fn import, void *ctx)
{
	struct cli_import_file f = { path, path, "", 0 };
	struct stat sb;
	void *map = NULL;
	int fd, rc;

	if (strrchr(path, '/'))
		f.name = strrchr(path, '/') + 1;
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
	f.len = (size_t)sb.st_size;
	if (f.len) {
		map = mmap(NULL, f.len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			fprintf(stderr, "skillgate: cannot read %s: %s\n", path, strerror(errno));
			close(fd);
			return 1;
		}
		madvise(map, f.len, MADV_SEQUENTIAL);
		f.data = map;
	}
	close(fd);
	rc = 1;
	if (cli_open_db(0) == 0) {
		rc = import(&f, ctx);
		db_close();
	}
	if (map)
		munmap(map, f.len);
	return rc;
}

void cli_print_json(json_t *j)
{
	char *out = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (out) {
		puts(out);
		free(out);
	}
	json_decref(j);
}
