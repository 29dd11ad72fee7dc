/* geo.c - reference data for New York (geo.h). */
#include "geo.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/db.h"
#include "embedded.h"
#include "util/arena.h"
#include "util/csvread.h"

static const struct embedded_file *find_file(const char *name)
{
	size_t i;

	for (i = 0; i < embedded_count; i++)
		if (!strcmp(embedded_files[i].name, name))
			return &embedded_files[i];
	return NULL;
}

static void slugify(const char *s, char *out, size_t size)
{
	size_t n = 0;
	int dash = 0;

	for (; *s && n + 1 < size; s++) {
		if (isalnum((unsigned char)*s)) {
			if (dash && n)
				out[n++] = '-';
			out[n++] = (char)tolower((unsigned char)*s);
			dash = 0;
		} else {
			dash = 1;
		}
	}
	out[n] = '\0';
}

static int64_t upsert_region(struct db *db, const char *name)
{
	struct stmt *st;
	char slug[128];
	int64_t id = 0;

	st = db_prepare(db, "SELECT id FROM regions WHERE name = ?");
	stmt_bind_text(st, 1, name);
	if (stmt_step(st) == DB_ROW)
		id = stmt_int(st, 0);
	stmt_done(st);
	if (id)
		return id;
	slugify(name, slug, sizeof(slug));
	st = db_prepare(db, "INSERT INTO regions (name, slug) VALUES (?, ?)");
	stmt_bind_text(st, 1, name);
	stmt_bind_text(st, 2, slug);
	if (stmt_step(st) == DB_DONE)
		id = db_last_id(db);
	stmt_done(st);
	return id;
}

static int64_t upsert_area(struct db *db, const char *name, int64_t region)
{
	struct stmt *st;
	char slug[128];
	int64_t id = 0;

	st = db_prepare(db, "SELECT id FROM local_areas WHERE name = ?");
	stmt_bind_text(st, 1, name);
	if (stmt_step(st) == DB_ROW)
		id = stmt_int(st, 0);
	stmt_done(st);
	if (id)
		return id;
	slugify(name, slug, sizeof(slug));
	st = db_prepare(db, "INSERT INTO local_areas (name, slug, region_id) VALUES (?, ?, ?)");
	stmt_bind_text(st, 1, name);
	stmt_bind_text(st, 2, slug);
	stmt_bind_int(st, 3, region);
	if (stmt_step(st) == DB_DONE)
		id = db_last_id(db);
	stmt_done(st);
	return id;
}

struct load {
	struct db *db;
	int col[6];  /* county, fips, region, local_area, rule, towns */
	int rcol[5]; /* region, slug, industries, description_en, description_es */
	int failed;
};

static const char *field(char **f, size_t n, int i)
{
	return i >= 0 && (size_t)i < n ? f[i] : "";
}

static int county_row(void *ctx, size_t row, char **f, size_t n)
{
	static const char *const names[] = { "county",	   "county_fips",     "region",
					     "local_area", "local_area_rule", "towns" };
	struct load *l = ctx;
	struct stmt *st;
	int64_t region, area;
	size_t i;

	if (row == 1) {
		for (i = 0; i < 6; i++)
			l->col[i] = csv_column(f, n, names[i]);
		return l->col[0] < 0 || l->col[2] < 0 || l->col[3] < 0 ? -1 : 0;
	}
	region = upsert_region(l->db, field(f, n, l->col[2]));
	area = upsert_area(l->db, field(f, n, l->col[3]), region);
	if (!region || !area)
		return -1;
	/* the id is the line of the file, so the rebuilt table is the same on every start and
	 * on both backends (PostgreSQL's identity would otherwise count on) */
	st = db_prepare(l->db, "INSERT INTO county_areas (id, county, fips, local_area_id, "
			       "region_id, rule, towns) VALUES (?, ?, ?, ?, ?, ?, ?)");
	stmt_bind_int(st, 1, (int64_t)row - 1);
	stmt_bind_text(st, 2, field(f, n, l->col[0]));
	stmt_bind_text(st, 3, field(f, n, l->col[1]));
	stmt_bind_int(st, 4, area);
	stmt_bind_int(st, 5, region);
	stmt_bind_text(st, 6, field(f, n, l->col[4]));
	stmt_bind_text(st, 7, field(f, n, l->col[5]));
	if (stmt_step(st) != DB_DONE)
		l->failed = 1;
	stmt_done(st);
	return l->failed ? -1 : 0;
}

static int region_row(void *ctx, size_t row, char **f, size_t n)
{
	static const char *const names[] = { "region", "slug", "industries", "description_en",
					     "description_es" };
	struct load *l = ctx;
	struct stmt *st;
	size_t i;

	if (row == 1) {
		for (i = 0; i < 5; i++)
			l->rcol[i] = csv_column(f, n, names[i]);
		return l->rcol[0] < 0 ? -1 : 0;
	}
	upsert_region(l->db, field(f, n, l->rcol[0]));
	st = db_prepare(l->db, "UPDATE regions SET slug = ?, industries = ?, description_en = ?, "
			       "description_es = ? WHERE name = ?");
	stmt_bind_text(st, 1, field(f, n, l->rcol[1]));
	stmt_bind_text(st, 2, field(f, n, l->rcol[2]));
	stmt_bind_text(st, 3, field(f, n, l->rcol[3]));
	stmt_bind_text(st, 4, field(f, n, l->rcol[4]));
	stmt_bind_text(st, 5, field(f, n, l->rcol[0]));
	stmt_step(st);
	stmt_done(st);
	return 0;
}

/* Regions and local areas keep their ids (other tables refer to them); the county table is
 * rebuilt from the file each time. */
int geo_load(struct db *db)
{
	const struct embedded_file *c = find_file("data/ny-local-areas.csv");
	const struct embedded_file *r = find_file("data/regions.csv");
	struct load l;

	memset(&l, 0, sizeof(l));
	l.db = db;
	if (!c) {
		fprintf(stderr, "skillgate: data/ny-local-areas.csv is missing from the build\n");
		return -1;
	}
	if (db_exec(db, "DELETE FROM county_areas") != 0)
		return -1;
	if (csv_read((const char *)c->data, c->len, county_row, &l) != 0) {
		fprintf(stderr, "skillgate: data/ny-local-areas.csv could not be loaded\n");
		return -1;
	}
	if (r && csv_read((const char *)r->data, r->len, region_row, &l) != 0) {
		fprintf(stderr, "skillgate: data/regions.csv could not be loaded\n");
		return -1;
	}
	return 0;
}

size_t geo_counties(struct arena *a, const char ***out)
{
	struct db *db = db_get();
	struct stmt *st =
		db_prepare(db, "SELECT DISTINCT county FROM county_areas ORDER BY county");
	const char **list = arena_alloc(a, 80 * sizeof(*list));
	size_t n = 0;

	while (n < 80 && stmt_step(st) == DB_ROW)
		list[n++] = stmt_text_dup(st, 0, a);
	stmt_done(st);
	*out = list;
	return n;
}

size_t geo_towns(struct arena *a, const char *county, const char ***out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT towns FROM county_areas WHERE county = ? "
					 "AND towns <> '' ORDER BY id");
	const char **list = arena_alloc(a, 32 * sizeof(*list));
	size_t n = 0;

	stmt_bind_text(st, 1, county);
	while (stmt_step(st) == DB_ROW) {
		char *t = stmt_text_dup(st, 0, a), *save = NULL, *tok;
		for (tok = strtok_r(t, ";", &save); tok && n < 32;
		     tok = strtok_r(NULL, ";", &save)) {
			while (*tok == ' ')
				tok++;
			if (*tok)
				list[n++] = tok;
		}
	}
	stmt_done(st);
	*out = list;
	return n;
}

int geo_is_county(const char *county)
{
	struct db *db = db_get();
	struct stmt *st =
		db_prepare(db, "SELECT 1 FROM county_areas WHERE LOWER(county) = LOWER(?)");
	int found;

	stmt_bind_text(st, 1, county ? county : "");
	found = stmt_step(st) == DB_ROW;
	stmt_done(st);
	return found;
}

/* ---- places of the split counties (data/split-county-places.csv) ------------------------ */

struct geo_place {
	char county[16], place[48], key[48], town[64];
};

static struct geo_place *places;
static size_t nplaces;
static pthread_once_t places_once = PTHREAD_ONCE_INIT;

/* A place name as people write it, for comparing: lowercase, hyphens and spaces alike,
 * without periods or commas, without "village of", "(village)", ", NY" and the like. */
static void place_key(const char *s, char *out, size_t cap)
{
	static const char *const prefixes[] = { "village of ", "town of ", "city of ", "hamlet of ",
						"the " };
	static const char *const suffixes[] = { " ny",	     " new york", " village", " (village)",
						" (city)",   " city",	  " (town)",  " town",
						" (hamlet)", " hamlet" };
	size_t n = 0, i;
	int space = 1;

	for (; *s && n + 1 < cap; s++) {
		char c = (char)tolower((unsigned char)*s);
		if (c == '.' || c == ',' || c == '\'')
			continue;
		if (c == '-' || isspace((unsigned char)c)) {
			if (!space)
				out[n++] = ' ';
			space = 1;
			continue;
		}
		out[n++] = c;
		space = 0;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(out, prefixes[i], strlen(prefixes[i]))) {
			memmove(out, out + strlen(prefixes[i]),
				strlen(out) - strlen(prefixes[i]) + 1);
			break;
		}
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t len = strlen(out), sl = strlen(suffixes[i]);
		if (len > sl && !strcmp(out + len - sl, suffixes[i]))
			out[len - sl] = '\0';
	}
}

static int place_row(void *ctx, size_t rowno, char **f, size_t n)
{
	size_t *cap = ctx;

	if (rowno == 0 || n < 4)
		return 0;
	if (nplaces == *cap) {
		struct geo_place *np =
			realloc(places, (*cap = *cap ? *cap * 2 : 256) * sizeof(*np));
		if (!np)
			return -1;
		places = np;
	}
	snprintf(places[nplaces].county, sizeof(places[0].county), "%s", f[0]);
	snprintf(places[nplaces].place, sizeof(places[0].place), "%s", f[1]);
	place_key(f[1], places[nplaces].key, sizeof(places[0].key));
	snprintf(places[nplaces].town, sizeof(places[0].town), "%s", f[3]);
	nplaces++;
	return 0;
}

static void places_load(void)
{
	const struct embedded_file *f = find_file("data/split-county-places.csv");
	size_t cap = 0;

	if (f && csv_read((const char *)f->data, f->len, place_row, &cap) != 0)
		nplaces = 0;
}

int geo_place(const char *county, const char *place, const char **name, const char **towns)
{
	char key[64];
	size_t i;

	pthread_once(&places_once, places_load);
	if (!county || !place)
		return 0;
	place_key(place, key, sizeof(key));
	if (!*key)
		return 0;
	for (i = 0; i < nplaces; i++)
		if (!strcasecmp(places[i].county, county) && !strcmp(places[i].key, key)) {
			if (name)
				*name = places[i].place;
			if (towns)
				*towns = places[i].town;
			return strchr(places[i].town, ';') ? 2 : 1;
		}
	return 0;
}

static int place_cmp(const void *x, const void *y)
{
	return strcasecmp(*(const char *const *)x, *(const char *const *)y);
}

size_t geo_places(struct arena *a, const char *county, const char ***out)
{
	const char **list;
	size_t i, n = 0;

	pthread_once(&places_once, places_load);
	list = arena_alloc(a, (nplaces + 1) * sizeof(*list));
	for (i = 0; i < nplaces; i++) {
		const struct geo_place *p = &places[i];
		size_t k;
		int dup = 0;
		if (strcasecmp(p->county, county) || strchr(p->town, ';'))
			continue;
		/* the choices themselves ("Hempstead", "Long Beach (city)") are offered apart */
		if (!strcasecmp(p->place, p->town) ||
		    (!strncasecmp(p->town, p->place, strlen(p->place)) &&
		     !strcmp(p->town + strlen(p->place), " (city)")))
			continue;
		for (k = 0; k < n && !dup; k++)
			dup = !strcasecmp(list[k], p->place);
		if (!dup)
			list[n++] = p->place;
	}
	qsort(list, n, sizeof(*list), place_cmp);
	*out = list;
	return n;
}

static int town_in(const char *towns, const char *town)
{
	const char *p = towns;
	size_t n = strlen(town);

	while (*p) {
		const char *end = strchr(p, ';');
		size_t len;
		while (*p == ' ')
			p++;
		len = end ? (size_t)(end - p) : strlen(p);
		while (len && p[len - 1] == ' ')
			len--;
		if (len == n && !strncasecmp(p, town, n))
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

int geo_assign(struct arena *a, const char *county, const char *town, struct place *out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT c.towns, c.local_area_id, c.region_id, la.name, "
					 "r.name, r.slug FROM county_areas c "
					 "JOIN local_areas la ON la.id = c.local_area_id "
					 "JOIN regions r ON r.id = c.region_id "
					 "WHERE LOWER(c.county) = LOWER(?) ORDER BY c.id");
	int rows = 0, found = 0;
	const char *choice = NULL;

	/* a village, hamlet or city of a split county: the town it belongs to */
	if (town && *town && geo_place(county, town, NULL, &choice) == 1)
		town = choice;
	stmt_bind_text(st, 1, county ? county : "");
	while (stmt_step(st) == DB_ROW) {
		const char *towns = stmt_text(st, 0);
		rows++;
		if (found)
			continue;
		if (!towns[0] || (town && town_in(towns, town))) {
			out->local_area_id = stmt_int(st, 1);
			out->region_id = stmt_int(st, 2);
			out->local_area = stmt_text_dup(st, 3, a);
			out->region = stmt_text_dup(st, 4, a);
			out->region_slug = stmt_text_dup(st, 5, a);
			found = 1;
		}
	}
	stmt_done(st);
	if (!rows)
		return -1;
	return found ? 0 : -2;
}

size_t geo_areas(struct arena *a, struct area_row **out)
{
	struct db *db = db_get();
	struct stmt *st =
		db_prepare(db, "SELECT la.id, la.name, la.slug, la.region_id, r.name "
			       "FROM local_areas la JOIN regions r ON r.id = la.region_id "
			       "ORDER BY la.name");
	struct area_row *rows = arena_alloc(a, 64 * sizeof(*rows));
	size_t n = 0;

	while (n < 64 && stmt_step(st) == DB_ROW) {
		rows[n].id = stmt_int(st, 0);
		rows[n].name = stmt_text_dup(st, 1, a);
		rows[n].slug = stmt_text_dup(st, 2, a);
		rows[n].region_id = stmt_int(st, 3);
		rows[n].region = stmt_text_dup(st, 4, a);
		n++;
	}
	stmt_done(st);
	*out = rows;
	return n;
}

static void region_fill(struct stmt *st, struct arena *a, struct region_row *r)
{
	r->id = stmt_int(st, 0);
	r->name = stmt_text_dup(st, 1, a);
	r->slug = stmt_text_dup(st, 2, a);
	r->industries = stmt_text_dup(st, 3, a);
	r->description_en = stmt_text_dup(st, 4, a);
	r->description_es = stmt_text_dup(st, 5, a);
}

size_t geo_regions(struct arena *a, struct region_row **out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT id, name, slug, industries, description_en, "
					 "description_es FROM regions ORDER BY name");
	struct region_row *rows = arena_alloc(a, 16 * sizeof(*rows));
	size_t n = 0;

	while (n < 16 && stmt_step(st) == DB_ROW)
		region_fill(st, a, &rows[n++]);
	stmt_done(st);
	*out = rows;
	return n;
}

int geo_region_find(struct arena *a, const char *key, struct region_row *out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT id, name, slug, industries, description_en, "
					 "description_es FROM regions WHERE slug = ? OR name = ?");
	int rc = -1;

	stmt_bind_text(st, 1, key ? key : "");
	stmt_bind_text(st, 2, key ? key : "");
	if (stmt_step(st) == DB_ROW) {
		region_fill(st, a, out);
		rc = 0;
	}
	stmt_done(st);
	return rc;
}

int64_t geo_area_find(const char *key)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT id FROM local_areas WHERE slug = ? OR name = ?");
	int64_t id = 0;

	stmt_bind_text(st, 1, key ? key : "");
	stmt_bind_text(st, 2, key ? key : "");
	if (stmt_step(st) == DB_ROW)
		id = stmt_int(st, 0);
	stmt_done(st);
	return id;
}
