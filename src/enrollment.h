/* enrollment.h - enrolling in programs, dropping, re-enrolling, and the list of a learner's
 * enrollments with what the provider reported about them.
 *
 * The program FAQ: enrolling is free and has no limit ("Is there a limit to how many courses
 * a customer can take? No"), and someone who drops out may re-enroll for free. Only a learner
 * whose license is active can enroll; a waitlisted, removed or expired license gets a reason
 * and what to do about it (enroll_result_message). Every attempt, refused or not, is kept in
 * enrollment_events. Changes made by staff (actor role above learner) are written to the audit
 * log in the same transaction.
 *
 * One row per learner and program (enrollments): its state is enrolled, dropped or completed.
 * Enrolling again after a drop re-enrolls the same row; progress that the provider already
 * reported stays.
 *
 * Scope: a staff actor with a local area (who->local_area != 0) only reaches the learners of
 * that area; anyone else's learner answers ENR_NO_LEARNER, the same as a learner that does not
 * exist, so the API can answer 404 without telling whether the record exists.
 *
 *   struct enroll_outcome out;
 *   enum enroll_result rc = enrollment_enroll(r->who, learner_id, "python-for-everybody", &out);
 *   if (rc != ENR_OK) ... enroll_result_message(lang, rc) ...
 *
 *   struct enrollment_list l;
 *   if (enrollment_list(learner_id, r->arena, &l) == 0)
 *           for (i = 0; i < l.n; i++) ... l.items[i].program_title, .progress ...
 *   json_t *arr = enrollment_list_json(&l);   (the API's shape, for GET /api/v1/learners/{id})
 */
#ifndef SG_ENROLLMENT_H
#define SG_ENROLLMENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "principal.h"
#include "i18n/i18n.h"

struct arena;
struct db;

/* The FAQ's advice ("one or two courses at once") is shown above this many active ones. */
#define ENROLL_ADVICE_ABOVE 2

enum enroll_result {
	ENR_OK = 0,
	ENR_ALREADY_ENROLLED, /* enroll: already enrolled (nothing changed; not an error to show) */
	ENR_ALREADY_COMPLETED, /* enroll or drop: the program was completed */
	ENR_NOT_ENROLLED,      /* drop: no enrollment, or already dropped */
	ENR_WAITLISTED,	       /* enroll: the license is waitlisted */
	ENR_REMOVED,	       /* enroll: the license was removed */
	ENR_EXPIRED,	       /* enroll: the license term ended */
	ENR_NO_PROGRAM,	       /* no active program with that slug */
	ENR_NO_LEARNER,	       /* no such learner, or outside the staff member's area */
	ENR_ERROR = -1,	       /* the database failed */
};

/* The code the API and enrollment_events use: "ok", "already_enrolled", "license_waitlisted",
 * "license_removed", "license_expired", "no_program", ... */
const char *enroll_result_code(enum enroll_result rc);
/* What happened and what to do, for the person concerned (learner pages), translated. */
const char *enroll_result_message(enum lang lang, enum enroll_result rc);

/* One enrollment with its program. Strings are in the arena given to enrollment_list; NULL
 * for a time not known. */
struct enrollment {
	int64_t id, learner_id, program_id;
	const char *program_slug, *program_title, *program_kind, *partner;
	const char *course_url; /* the provider's page: "Go to the course" */
	const char *state;	/* "enrolled", "dropped", "completed" */
	double progress;	/* percent, 0-100 */
	double learning_hours;
	const char *last_activity_at; /* UTC ISO 8601 */
	const char *completed_at;
	const char *certificate_url; /* "" when none */
	double grade;		     /* percent; has_grade says whether it is known */
	int has_grade;
	const char *provider_enrolled_at;
	const char *enrolled_at; /* when first enrolled here (or seen in a report) */
	const char *dropped_at;
	const char *source; /* "learner", "staff", "import" */
};

struct enrollment_list {
	struct enrollment *items;
	size_t n;
	size_t active; /* how many are in state "enrolled" */
};

/* The learner's enrollments, active ones first (then completed, then dropped), each group most
 * recent first. db: db_get() outside a write, or the write connection. Strings and the
 * array live in arena a. 0 or -1. */
int enrollment_list(int64_t learner_id, struct arena *a, struct enrollment_list *out);
/* One enrollment by learner and program slug: 0 and *out filled, 1 when there is none, -1. */
int enrollment_get(int64_t learner_id, const char *slug, struct arena *a, struct enrollment *out);

/* The API's JSON for one enrollment / a list (new references):
 * {"program": slug, "title", "kind", "partner", "url", "state", "progress", "learning_hours",
 *  "last_activity_at", "completed_at", "certificate_url", "grade", "provider_enrolled_at",
 *  "enrolled_at", "dropped_at", "source"} (times UTC ISO 8601 or null). */
json_t *enrollment_json(const struct enrollment *e);
json_t *enrollment_list_json(const struct enrollment_list *l);

/* What an enroll or drop did. */
struct enroll_outcome {
	int reenrolled;		   /* enroll: a dropped enrollment was taken up again */
	size_t active;		   /* the learner's active enrollments afterwards */
	const char *program_title; /* copied into a (when an arena was given) */
};

/* Enrolls learner_id in the program with this slug (free, no limit), or re-enrolls after a
 * drop. who: the learner themself or a staff member (then audited and scoped). Writes through
 * db_write: durable when it returns. out (optional) is filled; its strings come from a
 * (optional). */
enum enroll_result enrollment_enroll(const struct principal *who, int64_t learner_id,
				     const char *slug, struct arena *a, struct enroll_outcome *out);
/* Drops the learner's enrollment in that program; the row and its progress stay, so the
 * learner can re-enroll later. */
enum enroll_result enrollment_drop(const struct principal *who, int64_t learner_id,
				   const char *slug, struct arena *a, struct enroll_outcome *out);

/* The learner's license, as /me shows it. Strings in the arena. */
struct learner_license {
	int64_t id, local_area_id, region_id;
	const char *email, *first_name, *last_name;
	const char *program;   /* "en" or "es": the English or the Spanish program */
	const char *status;    /* "waitlisted", "active", "removed", "expired" */
	const char *language;  /* "en", "es" */
	const char *term_ends; /* "YYYY-MM-DD": the learner's own end date, else license_term_end */
	const char *activated_at, *waitlisted_at, *removed_at, *last_activity_at;
	int has_password;
};
/* 0 and *out filled, 1 when there is no such learner, -1. */
int learner_license_get(int64_t learner_id, struct arena *a, struct learner_license *out);

/* A program suggested from the learner's region's curated list. */
struct suggestion {
	const char *slug, *title, *kind, *partner;
	double hours_min, hours_max;
};
/* Up to max programs of the region's curated list (region_programs, by rank) that the
 * learner has no enrollment in; for a learner of the Spanish program, programs taught in
 * Spanish come first. *n is set. 0 or -1. */
int enrollment_suggestions(int64_t learner_id, int64_t region_id, size_t max, struct arena *a,
			   struct suggestion *out, size_t *n);

#endif
