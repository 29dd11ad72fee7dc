/* learner_internal.h - what the staff's view of learners shares between the list
 * (learner_list.c) and one learner with its changes (learner.c). Other modules use learner.h. */
#ifndef SG_LEARNER_INTERNAL_H
#define SG_LEARNER_INTERNAL_H

#include "db/db.h"
#include "learner.h"

#define LIST_MAX      500
#define COUNT_CAP     1000
#define COUNT_CAP_ALL 200
#define NOTES_MAX     4000
/* U+10FFFF: sorts after every name, so "prefix" .. "prefix" + MAXCH is a prefix range. */
#define MAXCH  "\xf4\x8f\xbf\xbf"
#define MAXKEY MAXCH MAXCH MAXCH MAXCH

/* One row of the list statements (and of one learner's read) into r, strings in a. */
void learner_row_read(struct stmt *st, struct arena *a, struct learner_row *r);
/* What the list shows beside the row: enrollments, the area's name. */
void learner_row_extras(struct db *db, struct learner_row *r, struct arena *a);

#endif
