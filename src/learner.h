/* learner.h - learners as staff see them: find, filter, export, look at one, change the OSOS
 * ID and notes, transfer to another local area.
 *
 * Scope is enforced here, not in the pages: every function takes the staff member making the
 * request (`who`) and reads or changes only the learners of who's local area (a state admin,
 * local_area 0, reaches every area). A learner of another area is answered exactly like a
 * learner that does not exist (LEARNER_ENOTFOUND), so a page, the API, the CSV export and a
 * search all say "not found" and never confirm that the record exists. Changes need an area
 * admin or a state admin (LEARNER_EFORBIDDEN for a viewer), even if a caller forgot to check.
 *
 * Lists page by keyset (an opaque cursor): each sort order has an index that hands rows out
 * already ordered within one area or across all, so every page costs about the same.
 *
 * Every change is written with its audit row (before and after) in the same transaction;
 * looking at one learner's record and exporting a list are recorded as views.
 * Strings handed back live in the caller's arena.
 */
#ifndef SG_LEARNER_H
#define SG_LEARNER_H

#include <stddef.h>
#include <stdint.h>

#include "application.h"
#include "principal.h"

struct arena;
struct buf;

enum learner_err {
	LEARNER_OK = 0,
	LEARNER_EDB = -1,
	LEARNER_ENOTFOUND = -2,	 /* no such learner, or not in who's area */
	LEARNER_EFORBIDDEN = -3, /* a viewer tried to change something */
	LEARNER_EINVAL = -4,	 /* a value is not valid: see the field and message */
	LEARNER_ECURSOR = -5,	 /* a cursor that is not one of ours (or of another order) */
};

enum learner_sort { LSORT_NAME = 0, LSORT_ACTIVITY, LSORT_JOINED };
/* "name", "activity", "joined" <-> enum; parse: 0 or -1. */
int learner_sort_parse(const char *s, enum learner_sort *out);
const char *learner_sort_name(enum learner_sort s);

/* The license statuses a learner can have (learners.license_status), NULL-terminated. */
extern const char *const learner_statuses[];
/* The status as staff read it ("Active"), a msgid: translate with tr(). */
const char *learner_status_label(const char *status);

/* Activity filters, by how long ago the learner's last activity was. */
enum learner_activity {
	LACT_ANY = 0,
	LACT_WITHIN_7,	      /* active in the last 7 days */
	LACT_WITHIN_30,	      /* active in the last 30 days */
	LACT_INACTIVE_REMIND, /* no activity for inactivity_remind_days or more (or never) */
	LACT_INACTIVE_REMOVE, /* no activity for inactivity_remove_days or more (or never) */
	LACT_NEVER,	      /* no activity at all yet */
};
/* "", "7d", "30d", "inactive", "inactive_remove", "never" <-> enum. parse: 0 or -1. */
int learner_activity_parse(const char *s, enum learner_activity *out);
const char *learner_activity_name(enum learner_activity a);

struct learner_filter {
	const char *q;	    /* name, e-mail, OSOS ID or application reference; NULL/"" = all */
	int64_t local_area; /* 0 = every area in scope */
	const char *status; /* a license status, NULL/"" = any */
	int enrolled;	    /* -1 any; 1 has an active enrollment; 0 has none */
	int completed;	    /* -1 any; 1 completed a program; 0 none */
	const char *wioa;   /* "participant", "reportable_individual" (osos.h), NULL/"" = any */
	enum learner_activity activity;
	enum learner_sort sort;
	int desc;	    /* 1: descending */
	int limit;	    /* 1..500; 0 = 50 */
	const char *cursor; /* from a previous page, or NULL */
};
/* A filter that matches everyone, sorted by name, 50 a page. */
void learner_filter_init(struct learner_filter *f);
/* Reads a filter from query parameters by name (q, local_area, status, enrolled, completed,
 * wioa, activity, sort, dir, limit, cursor) through `get`. Returns 0, or -1 with *bad set to the
 * parameter whose value is not valid. local_area is a local area's id, slug or name. */
int learner_filter_parse(struct learner_filter *f, const char *(*get)(void *ctx, const char *),
			 void *ctx, const char **bad);

struct learner_row {
	int64_t id, application_id, local_area_id;
	const char *first_name, *last_name, *email, *osos_id, *license_status;
	const char *last_activity_at; /* NULL when none yet */
	const char *created_at, *language, *program;
	const char *local_area;	 /* the area's name, "" when none */
	const char *reference;	 /* the application's reference */
	int enrolled, completed; /* active and completed enrollments */
};

struct learner_page {
	struct learner_row *rows;
	size_t n;
	int64_t total;		 /* learners matching the filter (or the cap, see below) */
	int total_capped;	 /* more match than were counted: "more than total" */
	const char *next_cursor; /* NULL on the last page */
};

/* One page of the learners `who` may see that match f. LEARNER_OK; LEARNER_ENOTFOUND when
 * f->local_area is another area than who's; LEARNER_ECURSOR; LEARNER_EDB. */
enum learner_err learner_list(struct arena *a, const struct principal *who,
			      const struct learner_filter *f, struct learner_page *out);

/* The whole filtered list (every page, in the filter's order) as CSV with a header row, in
 * out; the export is recorded in the audit log. *rows = data rows written. Cells that a
 * spreadsheet would run as formulas start with an apostrophe. */
enum learner_err learner_export_csv(struct arena *a, const struct principal *who,
				    const struct learner_filter *f, struct buf *out, size_t *rows);

/* ---- one learner ------------------------------------------------------------------------ */

struct learner_transfer {
	const char *at, *actor, *from_area, *to_area, *note;
};
struct learner_audit {
	int64_t id;
	const char *at, *actor_email, *actor_role, *action, *entity, *before, *after;
};

struct learner_detail {
	struct learner_row l;
	int64_t region_id;
	const char *region;
	const char *waitlisted_at, *activated_at, *license_ends_at, *removed_at;
	const char *invitation_accepted_at, *wioa_status, *notes, *updated_at;
	/* the application's answers and decision */
	const char *phone, *birth_date, *county, *town, *employment_status, *layoff_notice_date;
	int covid_related, dol_staff;
	const char *app_language, *decision, *reasons, *app_status, *submitted_at, *due_at;
	const char *decided_at, *decided_by, *decision_note, *app_osos_id;
	int64_t policy_version;
	struct app_event *events; /* decision history, oldest first */
	size_t nevents;
	struct learner_transfer *transfers; /* oldest first */
	size_t ntransfers;
};

/* The learner with this id, if who may see them; the view is recorded in the audit log.
 * LEARNER_OK, LEARNER_ENOTFOUND, LEARNER_EDB. */
enum learner_err learner_get(struct arena *a, const struct principal *who, int64_t id,
			     struct learner_detail *out);
/* The learner's audit trail (learner and application records), newest first, at most max
 * entries. Returns the count, or -1. The caller has already checked scope (learner_get). */
int learner_audit_trail(struct arena *a, const struct learner_detail *d, size_t max,
			struct learner_audit **out);

/* What is wrong with a change: the field ("osos_id", "notes", "local_area") and a msgid
 * saying what to do (translate with tr()); may carry the expected format in `detail`. */
struct learner_problem {
	const char *field, *message, *detail;
};

/* Changes the OSOS ID and/or the notes (NULL: leave as is). The OSOS ID is trimmed and
 * upper-cased, must match the setting osos_id_pattern (a POSIX extended regular expression)
 * unless it is empty, and may not belong to another learner. */
enum learner_err learner_update(const struct principal *who, int64_t id, const char *osos_id,
				const char *notes, struct learner_problem *why);

/* Moves the learner (and their application) to another local area's program. Enrollments
 * and progress belong to the learner and stay as they are; the transfer is recorded. An area
 * admin may transfer their own area's learners to any other area (and then no longer sees
 * them). to_area: a local area's id, slug or name. */
enum learner_err learner_transfer(const struct principal *who, int64_t id, const char *to_area,
				  const char *note, struct learner_problem *why,
				  int64_t *to_area_id);

/* 1 when osos_id matches pattern (POSIX ERE), 0 when not, -1 when the pattern is not a
 * valid expression. */
int learner_osos_matches(const char *pattern, const char *osos_id);

/* The area `who` works in for a query: who's own area, or (state admin) the area asked for,
 * 0 meaning all. -1 when an area user asks for another area. Area users without an area see
 * nothing (-1). */
int64_t learner_scope(const struct principal *who, int64_t asked);

#endif
