/* progress_import.h - reading the provider's reports: what learners did at the provider.
 *
 * The usage report (one line per learner and course: progress, learning hours, last activity,
 * completion, certificate, grade) creates or updates enrollments; the membership report (one
 * line per learner: whether they accepted the invitation, their latest activity) updates the
 * learners. Both are CSV as the provider exports them (libcsv via util/csvread.h: UTF-8 with
 * or without BOM, CRLF or LF, quoted fields); columns come in any order and unknown ones are
 * ignored.
 *
 * Matching: a learner by External Id (an OSOS ID, a skillgate learner id, or the request's
 * reference "NY-…"), then by e-mail; a program by Course Slug, then by Course ID (the
 * provider's id). Values: progress and grades as a fraction (0.5) or a percentage (50%, or a
 * number above 1); times as the provider writes them (2026-03-04T15:22:10.000Z,
 * 2026-03-04 15:22:10, 2026-03-04, 3/4/2026 3:22 PM, …; no zone means UTC).
 *
 * Nothing moves backwards: progress, hours, grade and last activity only grow, a completion
 * is never undone and a certificate URL once known stays, so an older report imported after
 * a newer one changes nothing, and so does the same report twice.
 *
 * The whole file is one transaction (one db_write): when any line is bad, nothing of the file
 * is kept, unless opts.partial, when the good lines are kept. opts.dry_run keeps nothing and
 * answers what would happen. Line numbers count the header as line 1 and are the file's own
 * lines (empty lines counted), so they match what an editor or a spreadsheet shows.
 *
 *   struct import_opts o = { .dry_run = 0, .partial = 0, .actor = r->who, .file_name = "x.csv" };
 *   struct import_result res;
 *   progress_import(IMPORT_USAGE, data, len, &o, &res);
 *   json_t *j = import_result_json(&res);   {rows, applied, unchanged, errors:[{line, message}], …}
 *   import_result_release(&res);
 */
#ifndef SG_PROGRESS_IMPORT_H
#define SG_PROGRESS_IMPORT_H

#include <jansson.h>
#include <stddef.h>

#include "principal.h"

enum import_kind { IMPORT_USAGE, IMPORT_MEMBERSHIP };

/* At most this many errors are listed (errors_total counts them all). */
#define IMPORT_MAX_ERRORS 1000

struct import_opts {
	int dry_run;		       /* keep nothing; answer what would happen */
	int partial;		       /* keep the good lines even when some are bad */
	const struct principal *actor; /* staff member (audited), or NULL for the command line */
	const char *file_name;	       /* for the import history; may be NULL */
};

struct import_error {
	size_t line;
	char message[240];
};

struct import_result {
	size_t rows;	  /* data lines read (the header and empty lines not counted) */
	size_t applied;	  /* good lines that changed something */
	size_t unchanged; /* good lines that changed nothing */
	size_t created;	  /* usage: enrollments created; membership: 0 */
	size_t completed; /* usage: enrollments newly completed; membership: newly accepted */
	size_t errors_total;
	struct import_error *errors; /* the first IMPORT_MAX_ERRORS, by line (malloc'd) */
	size_t nerrors;
	int committed; /* 1 when the changes were kept */
	int dry_run, partial;
	double seconds;
	int failed; /* 1 when the database failed (nothing kept; answer 500) */
};

/* Imports one report held in memory (data need not be NUL-terminated). Fills *res (release it
 * with import_result_release). Returns 0 when the changes were kept or when nothing was asked
 * to be kept (dry run), 1 when the file was refused for bad lines (nothing kept), -1 when the
 * database failed. */
int progress_import(enum import_kind kind, const char *data, size_t len,
		    const struct import_opts *opts, struct import_result *res);
void import_result_release(struct import_result *res);
/* {"rows", "applied", "unchanged", "errors": [{"line", "message"}], "errors_total",
 *  "created", "completed" (usage) or "accepted" (membership), "committed", "dry_run",
 *  "partial", "seconds"} (a new reference). */
json_t *import_result_json(enum import_kind kind, const struct import_result *res);

/* The parsers, for tests. A provider time into UTC ISO 8601: 0, 1 when empty, -1 when it is
 * not a time. A progress or grade (0.5, 50%, 50) into a percent 0-100: 0, 1 empty, -1 bad. */
int import_parse_time(const char *s, char out[21]);
int import_parse_percent(const char *s, double *out);

#endif
