/* staff_internal.h - what the files of the staff module share (staff.c, staff_link.c). */
#ifndef SG_STAFF_INTERNAL_H
#define SG_STAFF_INTERNAL_H

#include "principal.h"

struct db;

/* Inside a write: records a successful sign-in of who (email, id, role, area) from addr (an
 * attempt row with ok = 1, which starts the sign-in waits afresh), clears the failure count
 * and writes the "sign_in" audit row; method ("link") goes into the audit row when not NULL.
 * 0 or DB_ABORT. */
int staff_signin_record(struct db *db, const struct principal *who, const char *addr,
			const char *method);

#endif
