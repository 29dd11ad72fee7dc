/* queue.h - the review queue: requests for a license as staff work through them.
 *
 * Requests that `who` may see (who's local area; a state admin: every area, or one asked
 * for), oldest first by due time (submission + sla_hours), with their age and where they
 * stand against the 48-hour promise. Filters: local area, status (pending_review by default),
 * language. Pages by keyset on (due_at, id), with indexes that cover the filters, so a page
 * costs the same whether the queue holds ten requests or a hundred thousand.
 *
 * Decisions go through application_decide() (application.h), which scopes, writes the
 * events, the audit row and the person's e-mail in their language in one transaction;
 * queue_decide() adds the role check and the bulk approval.
 * Strings handed back live in the caller's arena.
 */
#ifndef SG_QUEUE_H
#define SG_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "application.h"
#include "principal.h"

struct arena;

/* Where a request stands against its due time. */
enum queue_due { QDUE_OK = 0, QDUE_SOON = 1, QDUE_OVERDUE = 2, QDUE_CLOSED = 3 };
/* A request is "due soon" when less than this is left. */
#define QUEUE_DUE_SOON_SECONDS (12 * 3600)

struct queue_filter {
	int64_t local_area;   /* 0 = every area in scope */
	const char *status;   /* an application status; NULL/"" = pending_review */
	const char *language; /* "en", "es"; NULL/"" = both */
	int limit;	      /* 1..500; 0 = 50 */
	const char *cursor;
};

struct queue_item {
	int64_t id, local_area_id;
	const char *reference, *first_name, *last_name, *email, *language, *status, *decision;
	const char *reasons; /* comma-separated reason codes */
	const char *employment_status, *county, *local_area, *submitted_at, *due_at;
	int64_t age_seconds;  /* since submission */
	int64_t left_seconds; /* until due (negative: overdue) */
	enum queue_due due;
};

struct queue_page {
	struct queue_item *items;
	size_t n;
	int64_t total; /* matching requests */
	const char *next_cursor;
};

enum queue_err {
	QUEUE_OK = 0,
	QUEUE_EDB = -1,
	QUEUE_ENOTFOUND = -2, /* no such request, or not in who's area */
	QUEUE_EINVAL = -3,    /* a filter value or cursor that is not valid */
	QUEUE_EFORBIDDEN = -4,
};

/* Reads a filter from query parameters (local_area, status, language, limit, cursor).
 * 0, or -1 with *bad naming the parameter. */
int queue_filter_parse(struct queue_filter *f, const char *(*get)(void *ctx, const char *),
		       void *ctx, const char **bad);
enum queue_err queue_list(struct arena *a, const struct principal *who,
			  const struct queue_filter *f, struct queue_page *out);

/* Counts for the overview of who's scope: pending requests by age. */
struct queue_ages {
	int64_t under_24h, from_24_to_48h, over_48h;
};
int queue_ages(const struct principal *who, struct queue_ages *out);

struct queue_detail {
	struct queue_item it;
	const char *phone, *birth_date, *town, *layoff_notice_date, *osos_id, *program;
	const char *region, *decided_at, *decided_by, *decision_note;
	int covid_related, dol_staff;
	int64_t policy_version, learner_id;
	struct app_event *events;
	size_t nevents;
};
/* One request by reference (any spelling a person may type), if who may see it; the view
 * is recorded in the audit log. */
enum queue_err queue_get(struct arena *a, const struct principal *who, const char *reference,
			 struct queue_detail *out);

/* Approves or denies one request (deny needs a reason, at most 1,000 characters). Returns
 * an APP_* result of application_decide (application.h); APP_FORBIDDEN for a viewer. */
int queue_decide(struct arena *a, const struct principal *who, const char *reference, int approve,
		 const char *reason);

/* Approves each reference in turn; counts what happened. Returns 0, or -1 for a viewer. */
struct queue_bulk {
	int approved, not_found, conflict, failed;
};
int queue_bulk_approve(struct arena *a, const struct principal *who, const char *const *refs,
		       size_t n, struct queue_bulk *out);

/* Age and time left in words staff read at a glance ("3 h", "2 d 4 h"), in the arena. */
const char *queue_duration(struct arena *a, enum lang lang, int64_t seconds);

#endif
