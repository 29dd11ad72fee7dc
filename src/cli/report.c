/* report.c - `skillgate report pirl --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]`: the WIOA
 * PIRL file of every learner with activity in the period (report.h), on standard output or
 * in FILE. The element table and its defaults are in docs/reporting.md. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "principal.h"
#include "cli/cli.h"
#include "db/db.h"
#include "report.h"
#include "util/buf.h"

#define PIRL_MAX (1024u << 20)

int cmd_report(int argc, char **argv)
{
	static const struct principal state = { ROLE_STATE_ADMIN, 0, 0, "cli", NULL };
	const char *from = NULL, *to = NULL, *path = NULL;
	struct buf out = BUF_INIT(PIRL_MAX);
	size_t rows;
	FILE *f;
	int i, rc;

	if (argc < 1 || strcmp(argv[0], "pirl"))
		return cli_usage_error("report wants 'pirl --from YYYY-MM-DD --to YYYY-MM-DD "
				       "[--out FILE]'%s",
				       "");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--from") && i + 1 < argc)
			from = argv[++i];
		else if (!strcmp(argv[i], "--to") && i + 1 < argc)
			to = argv[++i];
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			path = argv[++i];
		else
			return cli_usage_error("report pirl: unknown or incomplete option '%s'",
					       argv[i]);
	}
	if (!from || !to)
		return cli_usage_error("report pirl needs --from and --to (YYYY-MM-DD)%s", "");
	if (cli_open_db(0) != 0)
		return 1;
	rc = report_pirl_csv(&state, 0, from, to, &out, &rows);
	db_close();
	if (rc == -1) {
		buf_release(&out);
		return cli_usage_error("report pirl: --from and --to must be dates (YYYY-MM-DD), "
				       "from before to%s",
				       "");
	}
	if (rc != 0) {
		fprintf(stderr, "skillgate: the PIRL file could not be made (database error)\n");
		buf_release(&out);
		return 1;
	}
	f = path ? fopen(path, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "skillgate: cannot write %s: %s\n", path, strerror(errno));
		buf_release(&out);
		return 1;
	}
	rc = fwrite(out.p, 1, out.len, f) == out.len ? 0 : 1;
	if (path && fclose(f) != 0)
		rc = 1;
	fprintf(stderr, "skillgate: PIRL %s to %s: %zu people%s%s\n", from, to, rows,
		path ? " written to " : "", path ? path : "");
	buf_release(&out);
	return rc;
}
