/* geo.h - New York's counties, local workforce areas and regions.
 *
 * The facts come from data/ny-local-areas.csv and data/regions.csv, compiled into the binary
 * and loaded into the database by `migrate`. 62 counties -> 33 local areas -> 10 regions.
 * Nassau and Westchester are split between local areas by town, so a person there also
 * names their town or city: one of the choices, or any village, hamlet or city of the county
 * (data/split-county-places.csv).
 */
#ifndef SG_GEO_H
#define SG_GEO_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

struct place {
	int64_t local_area_id, region_id;
	const char *local_area, *region, *region_slug;
};

/* Loads (or refreshes) the reference tables from the embedded CSV files. 0 or -1. */
int geo_load(struct db *db);
/* County names in alphabetical order (arena memory); returns the count. */
size_t geo_counties(struct arena *a, const char ***out);
/* The towns offered for a split county ("" entries never), or 0 for a whole county. */
size_t geo_towns(struct arena *a, const char *county, const char ***out);
/* 1 when county names a New York county (case-insensitive). */
int geo_is_county(const char *county);
/* Assigns the local area and region for a county (and town, for a split county).
 * 0; -1 when the county is unknown; -2 when the county is split and the town is missing or
 * unknown. */
int geo_assign(struct arena *a, const char *county, const char *town, struct place *out);
/* A place of a split county (Nassau, Westchester) as people write it ("Freeport", "village
 * of Sea Cliff", "Croton on Hudson"), from data/split-county-places.csv: 1 with *name (the
 * place's own spelling) and *towns (the town choice it belongs to, as geo_towns lists it);
 * 2 when the place lies in two towns of different local areas (*towns holds both,
 * separated by ';'); 0 when the place is unknown. geo_assign() accepts these places as the
 * town. */
int geo_place(const char *county, const char *place, const char **name, const char **towns);
/* The places of a split county that lie in one town, by name, without the town choices
 * themselves (arena memory; the names are the file's); returns the count. */
size_t geo_places(struct arena *a, const char *county, const char ***out);
/* Local areas (id, name) in name order; returns the count. */
struct area_row {
	int64_t id, region_id;
	const char *name, *slug, *region;
};
size_t geo_areas(struct arena *a, struct area_row **out);
struct region_row {
	int64_t id;
	const char *name, *slug, *industries, *description_en, *description_es;
};
size_t geo_regions(struct arena *a, struct region_row **out);
/* The region with this slug or name; 0 or -1. */
int geo_region_find(struct arena *a, const char *slug_or_name, struct region_row *out);
int64_t geo_area_find(const char *name_or_slug);

#endif
