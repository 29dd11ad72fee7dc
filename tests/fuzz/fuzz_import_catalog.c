/* fuzz_import_catalog.c - libFuzzer target for the catalog import (catalog.h) on a database with
 * realistic data (harness.h); fuzz_import_curation.c builds it for the curated-list import. The input is the CSV file; the import runs as a dry run with
 * partial set from byte 0, so every line is read, checked and matched, and nothing is kept
 * (each run starts from the same database). It must answer 0 with a report whose counts add
 * up, and never -1 (a database failure).
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

#ifndef IMPORT_FN
#define IMPORT_FN catalog_import
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog_import_opts o = { 0 };
	struct catalog_import_report r;
	struct arena a;
	int rc;

	fuzz_db();
	arena_init(&a);
	o.dry_run = 1;
	o.partial = size && (data[0] & 1);
	o.actor = "fuzz";
	o.file_name = "fuzz.csv";
	rc = IMPORT_FN((const char *)data, size, &o, &a, &r);
	if (rc != 0)
		fuzz_die("the import failed on the database");
	if (r.rows < 0 || r.added < 0 || r.errors < 0 || r.skipped < 0 || r.applied)
		fuzz_die("the report does not add up (or a dry run applied something)");
	arena_release(&a);
	return 0;
}
