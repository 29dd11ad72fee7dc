/* imports.h - the history of the provider report imports (usage, membership, catalog), for
 * the staff's imports page, and how old the newest usage report is (the overview warns when
 * completion data goes stale: setting usage_report_stale_days, 7). */
#ifndef SG_IMPORTS_H
#define SG_IMPORTS_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct import_row {
	const char *kind; /* "usage", "membership", "catalog" */
	const char *at, *actor, *file_name;
	int64_t rows, applied, errors;
	int dry_run, committed;
};

/* The newest `max` imports of every kind, newest first. Returns the count, or -1. */
int imports_history(struct arena *a, size_t max, struct import_row **out);

/* Days since the newest usage report that was kept (committed); -1 when none ever was. */
int64_t imports_usage_age_days(int64_t now);

#endif
