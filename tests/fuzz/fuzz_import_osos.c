/* fuzz_import_osos.c - libFuzzer target for OSOS's acknowledgment import (osos.h: OSOS ID,
 * Kind, Date) on a database with realistic data (harness.h), as a state admin. The import
 * runs as a dry run (partial from byte 0): every line is read, checked and matched, nothing
 * is kept. It must not fail on the database, and its counts must add up.
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"
#include "osos.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct principal admin = { ROLE_STATE_ADMIN, 1, 0, "state.admin@example.org", "Sam" };
	struct osos_import_result res;
	int rc;

	fuzz_db();
	memset(&res, 0, sizeof(res));
	rc = osos_import((const char *)data, size, 1, size && (data[0] & 1), &admin, &res);
	if (rc < 0 || res.failed)
		fuzz_die("the import failed on the database");
	if (res.applied + res.unchanged > res.rows || res.nerrors > res.errors_total ||
	    res.committed)
		fuzz_die("the report does not add up (or a dry run kept something)");
	osos_import_release(&res);
	return 0;
}
