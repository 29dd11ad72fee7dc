/* catalog_seed.c - the default catalog `skillgate seed` loads, and its curated lists.
 *
 * The default catalog is the provider's public listing (data/provider-catalog-export.csv,
 * embedded in the binary), imported through the normal catalog import, so titles and partners
 * read as the provider publishes them. The FAQ's example titles the listing lacks are added
 * with their real partners. Then generated programs (catalog_generator.c) fill the catalog up
 * to about the 4,000 programs the program offers.
 *
 * The curated lists: for each region, programs of its industries in proportion to the
 * region's industry weights (regions.industries, "health-care:5;technology:4"), the better
 * programs of each industry first, drawn from the provider's listing (and the FAQ's titles),
 * never from the generated examples.
 */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "catalog_generator.h"
#include "db/db.h"
#include "embedded.h"
#include "util/arena.h"

#define LISTING "data/provider-catalog-export.csv"

/* Curated lists: for each region, industry by industry, its weight x 12 programs of that
 * industry, best prior first with a per-region shuffle among near equals, so the lists of
 * two regions with the same industry differ a little. Ranks interleave industries by weight. */
static int curate(struct db *db, void *p)
{
	struct arena a;
	struct stmt *st;
	int64_t region_ids[32];
	char *industries_of[32];
	size_t nreg = 0, ri;
	int rc = 0;

	(void)p;
	arena_init(&a);
	st = db_prepare(db, "SELECT id, industries FROM regions ORDER BY id");
	while (stmt_step(st) == DB_ROW && nreg < 32) {
		region_ids[nreg] = stmt_int(st, 0);
		industries_of[nreg++] = stmt_text_dup(st, 1, &a);
	}
	stmt_done(st);
	for (ri = 0; ri < nreg; ri++) {
		struct pick {
			int64_t id;
			double score;
			const char *industry;
		} *picks = NULL;
		size_t npicks = 0, cap = 0, k;
		char *list = industries_of[ri], *save = NULL, *item;
		struct rng r = { 0x5EEDu + (uint64_t)region_ids[ri] * 7919u };

		for (item = strtok_r(list, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
			char *colon = strchr(item, ':');
			int w = colon ? atoi(colon + 1) : 1, taken = 0, spanish = 0;
			if (colon)
				*colon = '\0';
			if (w < 1)
				w = 1;
			st = db_prepare(db, "SELECT id, static_score, language FROM programs WHERE "
					    "active = 1 AND industry = ? AND source <> 'example' "
					    "ORDER BY static_score DESC, id LIMIT 400");
			stmt_bind_text(st, 1, item);
			while (stmt_step(st) == DB_ROW && taken < w * 12) {
				double s = (double)stmt_int(st, 1) / 1e6;
				int es = !strcmp(stmt_text(st, 2), "es");
				/* keep some Spanish programs in every industry's share */
				if (es && spanish >= w + 1)
					continue;
				if (rng_unit(&r) < 0.25)
					continue; /* regional variety */
				spanish += es;
				if (npicks == cap) {
					struct pick *np = arena_alloc(
						&a, (cap = cap ? cap * 2 : 128) * sizeof(*np));
					if (npicks)
						memcpy(np, picks, npicks * sizeof(*np));
					picks = np;
				}
				picks[npicks].id = stmt_int(st, 0);
				picks[npicks].score = (0.5 + s) * w * (1.0 - 0.04 * taken / w) +
						      0.3 * rng_unit(&r);
				picks[npicks].industry = arena_strdup(&a, item);
				npicks++;
				taken++;
			}
			stmt_done(st);
		}
		/* rank: highest score first (selection sort is fine for a few hundred) */
		for (k = 0; k < npicks; k++) {
			size_t best = k, j;
			struct pick tmp;
			for (j = k + 1; j < npicks; j++)
				if (picks[j].score > picks[best].score)
					best = j;
			tmp = picks[k];
			picks[k] = picks[best];
			picks[best] = tmp;
			st = db_prepare(db,
					"INSERT INTO region_programs (region_id, program_id, rank, "
					"industry) VALUES (?, ?, ?, ?) ON CONFLICT (region_id, "
					"program_id) DO NOTHING");
			stmt_bind_int(st, 1, region_ids[ri]);
			stmt_bind_int(st, 2, picks[k].id);
			stmt_bind_int(st, 3, (int64_t)k + 1);
			stmt_bind_text(st, 4, picks[k].industry);
			if (stmt_step(st) != DB_DONE)
				rc = DB_ERR;
			stmt_done(st);
		}
	}
	catalog_touch(db);
	arena_release(&a);
	return rc;
}

/* Imports the provider's listing shipped in data/ through the normal catalog import. Lines
 * the program does not offer (degrees, ...) are skipped by the import, with their reasons. */
static int import_listing(struct db *db)
{
	const struct embedded_file *f = NULL;
	struct catalog_import_opts o;
	struct catalog_import_report r;
	struct arena a;
	size_t i;
	int rc;

	for (i = 0; i < embedded_count; i++)
		if (!strcmp(embedded_files[i].name, LISTING))
			f = &embedded_files[i];
	if (!f)
		return -1;
	memset(&o, 0, sizeof(o));
	o.partial = 1;
	o.actor = "seed";
	o.file_name = &LISTING[5];
	arena_init(&a);
	rc = catalog_import_with(db, (const char *)f->data, f->len, &o, &a, &r);
	if (rc == 0 && (r.fatal || !r.applied))
		rc = -1;
	arena_release(&a);
	return rc;
}

#define SEED_PROGRAMS 4000
#define SEED_VALUE    0x4E59534B494C4CULL /* "NYSKILL" */

static int64_t program_count(struct db *db)
{
	struct stmt *st = db_prepare(db, "SELECT count(*) FROM programs");
	int64_t have = 0;

	if (stmt_step(st) == DB_ROW)
		have = stmt_int(st, 0);
	stmt_done(st);
	return have;
}

int catalog_seed(struct db *db)
{
	struct stmt *st;
	int64_t have = program_count(db);
	int curated = 0;

	if (have == 0) {
		if (import_listing(db) != 0)
			return -1;
		have = program_count(db);
		if (have < SEED_PROGRAMS &&
		    catalog_generate_programs((int)(SEED_PROGRAMS - have), SEED_VALUE, 1) != 0)
			return -1;
	}
	st = db_prepare(db, "SELECT count(*) FROM region_programs");
	if (stmt_step(st) == DB_ROW)
		curated = stmt_int(st, 0) > 0;
	stmt_done(st);
	if (!curated && db_write(curate, NULL) != 0)
		return -1;
	catalog_changed();
	return 0;
}
