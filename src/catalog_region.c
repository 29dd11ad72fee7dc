/* catalog_region.c - the regions of the catalog (catalog.h): every region, one by its address
 * name, and the industries of a region's curated list with their counts. */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "util/arena.h"

size_t catalog_regions(struct arena *a, struct catalog_region *out, size_t max)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT id, name, slug, industries FROM regions "
					 "ORDER BY name");
	size_t n = 0;

	while (n < max && stmt_step(st) == DB_ROW) {
		out[n].id = stmt_int(st, 0);
		out[n].name = stmt_text_dup(st, 1, a);
		out[n].slug = stmt_text_dup(st, 2, a);
		out[n].industries = stmt_text_dup(st, 3, a);
		n++;
	}
	stmt_done(st);
	return n;
}

int catalog_region_by_slug(const char *slug, struct arena *a, struct catalog_region *out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT id, name, slug, industries FROM regions "
					 "WHERE slug = ?");
	int rc;

	stmt_bind_text(st, 1, slug);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		out->id = stmt_int(st, 0);
		out->name = stmt_text_dup(st, 1, a);
		out->slug = stmt_text_dup(st, 2, a);
		out->industries = stmt_text_dup(st, 3, a);
	}
	stmt_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

size_t catalog_region_industries(int64_t region_id, struct arena *a, const char **keys, int *counts,
				 size_t max)
{
	struct db *db = db_get();
	struct stmt *st;
	char *weights = NULL, *save = NULL, *item;
	size_t n = 0, i;

	st = db_prepare(db, "SELECT industries FROM regions WHERE id = ?");
	stmt_bind_int(st, 1, region_id);
	if (stmt_step(st) == DB_ROW)
		weights = stmt_text_dup(st, 0, a);
	stmt_done(st);
	/* the region's industries in the order of their weight, as written */
	for (item = weights ? strtok_r(weights, ";", &save) : NULL; item && n < max;
	     item = strtok_r(NULL, ";", &save)) {
		char *colon = strchr(item, ':');
		if (colon)
			*colon = '\0';
		keys[n] = item;
		counts[n++] = 0;
	}
	st = db_prepare(db, "SELECT rp.industry, count(*) FROM region_programs rp JOIN programs p "
			    "ON p.id = rp.program_id WHERE rp.region_id = ? AND p.active = 1 "
			    "GROUP BY rp.industry");
	stmt_bind_int(st, 1, region_id);
	while (stmt_step(st) == DB_ROW) {
		const char *ind = stmt_text(st, 0);
		for (i = 0; i < n; i++)
			if (!strcmp(keys[i], ind))
				break;
		if (i == n && n < max)
			keys[n++] = stmt_text_dup(st, 0, a);
		if (i < max)
			counts[i] = (int)stmt_int(st, 1);
	}
	stmt_done(st);
	return n;
}
