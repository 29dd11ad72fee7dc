/* fuzz_import_usage.c - libFuzzer target for the provider's usage report import
 * (progress_import.h; fuzz_import_membership.c builds it for the membership report) on a
 * database with realistic data (harness.h): learners with OSOS IDs enrolled in imported
 * programs. The input is the CSV file; the import runs as a dry run
 * (partial from byte 0), so every line is read, checked and matched and nothing is kept. It
 * must not fail on the database, and its counts must add up.
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

#ifndef IMPORT_KIND
#define IMPORT_KIND IMPORT_USAGE
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_opts o = { 0 };
	struct import_result res;
	int rc;

	fuzz_db();
	o.dry_run = 1;
	o.partial = size && (data[0] & 1);
	o.file_name = "fuzz.csv";
	rc = progress_import(IMPORT_KIND, (const char *)data, size, &o, &res);
	if (rc < 0 || res.failed)
		fuzz_die("the import failed on the database");
	if (res.applied + res.unchanged > res.rows || res.nerrors > res.errors_total ||
	    res.committed)
		fuzz_die("the report does not add up (or a dry run kept something)");
	import_result_release(&res);
	return 0;
}
