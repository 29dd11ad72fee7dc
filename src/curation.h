/* curation.h - editing a region's curated list (region_programs) one program at a time:
 * add at the end, remove, move up or down. Ranks stay 1..n without gaps. Each change is a
 * state admin's, written with its audit row in the same transaction, and drops the catalog's
 * cached lists (catalog_changed). Importing a whole list from CSV is catalog.h's
 * catalog_import_curation(). */
#ifndef SG_CURATION_H
#define SG_CURATION_H

#include <stddef.h>
#include <stdint.h>

#include "principal.h"

struct arena;

struct curated {
	int rank;
	const char *slug, *title, *kind, *partner, *industry, *language;
	int active;
};

/* The region's list in rank order (arena memory); returns the count or -1. */
int curation_list(struct arena *a, int64_t region_id, struct curated **out);

enum curation_err {
	CURATION_OK = 0,
	CURATION_EDB = -1,
	CURATION_ENOREGION = -2,
	CURATION_ENOPROGRAM = -3, /* no active program with that slug */
	CURATION_EEXISTS = -4,	  /* add: already on the list */
	CURATION_ENOTLISTED = -5, /* remove / move: not on the list */
	CURATION_EFORBIDDEN = -6,
};
/* A msgid saying what went wrong and what to do. */
const char *curation_err_message(enum curation_err e);

enum curation_err curation_add(const struct principal *who, int64_t region_id, const char *slug);
enum curation_err curation_remove(const struct principal *who, int64_t region_id, const char *slug);
/* Moves the program by delta places (-1 up, +1 down), or to `to_rank` when to_rank > 0. */
enum curation_err curation_move(const struct principal *who, int64_t region_id, const char *slug,
				int delta, int to_rank);

/* Imports curated lists from CSV through catalog_import_curation() (catalog.h), for a state
 * admin, and records an applied import in the audit log (in its own transaction right after
 * the import's). 0 when it ran (see the report), CURATION_EFORBIDDEN, CURATION_EDB. */
struct catalog_import_report;
enum curation_err curation_import(const struct principal *who, const char *csv, size_t len,
				  int dry_run, struct arena *a, struct catalog_import_report *rep);

#endif
