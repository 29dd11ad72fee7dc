/* catalog_columns.h - the fields of the catalog import and how the header of a provider's
 * export gives them (catalog_columns.c). Used by catalog_import.c. */
#ifndef SG_CATALOG_COLUMNS_H
#define SG_CATALOG_COLUMNS_H

#include <stddef.h>

struct arena;

/* The fields a row may give, F_IGNORE for a column the import does not read. */
enum field {
	F_PROVIDER_ID,
	F_SLUG,
	F_TITLE,
	F_PARTNER,
	F_KIND,
	F_LEVEL,
	F_LANGUAGE,
	F_SUBTITLES,
	F_DURATION,
	F_HOURS,
	F_HOURS_MIN,
	F_HOURS_MAX,
	F_RATING,
	F_REVIEWS,
	F_SKILLS,
	F_DESCRIPTION,
	F_SYLLABUS,
	F_INDUSTRY,
	F_URL,
	F_CREDIT,
	F_COUNT,
	F_IGNORE = -2
};

/* What the header row says: each column's field, and which fields the file gives. */
struct catalog_columns {
	int field[256];
	size_t n;
	int have[F_COUNT];
};

/* Reads the header row (n names), applies map ("column=field,column=field", may be NULL) and
 * checks that no field comes twice and that a title column is there. 0, or -1 with *fatal set
 * to what is wrong (in a). */
int catalog_columns_read(struct catalog_columns *c, char **fields, size_t n, const char *map,
			 struct arena *a, const char **fatal);

#endif
