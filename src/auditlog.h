/* auditlog.h - reading the audit log (audit.h writes it), for the state admins' audit page:
 * newest first, filtered by who, what, which record, local area and time, paged by id. */
#ifndef SG_AUDITLOG_H
#define SG_AUDITLOG_H

#include <stddef.h>
#include <stdint.h>

#include "principal.h"

struct arena;

struct auditlog_filter {
	const char *actor;  /* an e-mail address, exact (case-insensitive) */
	const char *action; /* "approve", "update", "view", … */
	const char *entity; /* "learner", "application", "staff", "setting", … */
	const char *entity_id;
	int64_t local_area;
	const char *from, *to; /* "YYYY-MM-DD" (New York days are close enough: UTC dates) */
	int64_t before_id;     /* the page after this id (0: the newest) */
	int limit;	       /* 1..200; 0 = 50 */
};

struct auditlog_row {
	int64_t id, local_area;
	const char *at, *actor_role, *actor_email, *action, *entity, *entity_id, *before, *after;
};

/* The entries a state admin asked for; *next_before is the id for the next page, 0 when
 * this is the last. Returns the count, or -1 (also for anyone but a state admin). */
int auditlog_list(struct arena *a, const struct principal *who, const struct auditlog_filter *f,
		  struct auditlog_row **out, int64_t *next_before);

#endif
