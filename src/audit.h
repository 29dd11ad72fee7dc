/* audit.h - the audit log: who did what to which record, when, with the before and after.
 *
 * audit_write() is called INSIDE the write transaction of the change it records (pass the
 * db your write function received), so a change and its audit row commit together or not at
 * all. Views of a learner's personal data by staff are recorded too (action "view"), through
 * audit_view(), which writes in its own small transaction. */
#ifndef SG_AUDIT_H
#define SG_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "principal.h"

struct db;

/* before/after: JSON objects or NULL (references are NOT taken; the caller keeps them).
 * local_area: the area of the record (for scoping the log), 0 when none. 0 or DB_ERR. */
int audit_write(struct db *db, const struct principal *who, const char *action, const char *entity,
		const char *entity_id, int64_t local_area, json_t *before, json_t *after);
/* Records that `who` viewed a learner's personal data. 0 or -1. */
int audit_view(const struct principal *who, const char *entity, const char *entity_id,
	       int64_t local_area);
/* The role's name as stored: "learner", "area_viewer", "area_admin", "state_admin",
 * "system" for ROLE_NONE. */
const char *audit_role_name(enum role r);

#endif
