/* invitations.c - `skillgate invitations export [--all] [--out FILE]`: the provider's
 * bulk-invitation CSV (license.h).
 *
 * Without --all it holds the invitations not exported yet, and marks them exported only after
 * the file is safely written (written to FILE.tmp, flushed to disk, renamed), so a failed
 * export loses nothing: run it again. --all writes every invitation ever made. Without
 * --out the CSV goes to stdout (marked exported once it is all written). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/config.h"
#include "db/db.h"
#include "license.h"
#include "util/buf.h"

static int write_all(FILE *f, const struct buf *b)
{
	return fwrite(b->p, 1, b->len, f) == b->len && fflush(f) == 0 ? 0 : -1;
}

/* FILE.tmp, fsync, rename: the file appears whole or not at all. */
static int write_file(const char *path, const struct buf *b)
{
	char tmp[4096];
	FILE *f;
	int ok;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f)
		return -1;
	ok = write_all(f, b) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int export(int argc, char **argv)
{
	const char *out = NULL;
	int all = 0, i, rc = 1, marked;
	struct buf b = BUF_INIT(1024L * 1024 * 1024);
	int64_t last = 0;
	size_t count = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--all")) {
			all = 1;
		} else if (!strcmp(argv[i], "--out")) {
			if (i + 1 >= argc || !argv[i + 1][0])
				return cli_usage_error("invitations export: %s needs a file name",
						       argv[i]);
			out = argv[++i];
		} else {
			return cli_usage_error("invitations export: unknown option '%s'", argv[i]);
		}
	}
	if (cli_open_db(0) != 0)
		return 1;
	if (license_invitations_csv(all, &b, &last, &count) != 0) {
		fprintf(stderr,
			"skillgate invitations export: cannot read the invitations from %s\n",
			cli_db_shown());
		goto cleanup;
	}
	if (out ? write_file(out, &b) != 0 : write_all(stdout, &b) != 0) {
		fprintf(stderr,
			"skillgate invitations export: cannot write %s: %s; nothing was marked "
			"exported\n",
			out ? out : "to stdout", strerror(errno));
		goto cleanup;
	}
	marked = license_invitations_mark(last);
	if (marked < 0) {
		fprintf(stderr,
			"skillgate invitations export: the CSV is written, but marking the rows "
			"exported failed; the next export will hold them again\n");
		goto cleanup;
	}
	fprintf(stderr, "skillgate: %zu invitation%s exported%s%s (%d newly marked exported)\n",
		count, count == 1 ? "" : "s", out ? " to " : "", out ? out : "", marked);
	rc = 0;
cleanup:
	buf_release(&b);
	db_close();
	return rc;
}

int cmd_invitations(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "export"))
		return cli_usage_error("invitations: the subcommand is 'export', got '%s'",
				       argc ? argv[0] : "nothing");
	return export(argc - 1, argv + 1);
}
