/* osos_internal.h - what the files of OSOS entries share (osos.c: kinds, statuses,
 * generation, the reportable-individual rule; osos_worklist.c: the work list and staff
 * changes; osos_acknowledgment.c: the acknowledgment import). Not for other modules: they use
 * osos.h. */
#ifndef SG_OSOS_INTERNAL_H
#define SG_OSOS_INTERNAL_H

#include "db/db.h"
#include "osos.h"

/* The stored names of the kinds and statuses ("referral", "draft", ...). */
extern const char *const osos_kind_names[OSOS_KIND_COUNT];
extern const char *const osos_status_names[OSOS_STATUS_COUNT];

/* Moves one entry to `status`, stamping who and when; audited. The entry's current status
 * must be `from` (read by the caller in the same transaction). 0 or -1. */
int osos_entry_move(struct db *db, const struct principal *who, int64_t id, int64_t area,
		    const char *from, int status, const char *reason);

/* Forgets this process's cached tab counts: an entry was added or changed. */
void osos_counts_changed(void);

#endif
