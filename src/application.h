/* application.h - a request for a license: sign-up, where it stands, staff decisions.
 *
 * The life of a request (the FAQ's "How does someone sign up" and the 48-hour promise):
 *   submit   answers are checked, the eligibility policy decides (eligibility.h), the county
 *            (and town) gives the local area and region (geo.h), and the request is made
 *            durable as one row of the sign-up intake (intake.h); moments later the intake
 *            thread writes, in one transaction, the application, its first event, the
 *            learner and seat when approved at once, and the e-mail to the person (mail.h).
 *            Every request is due, resolved, by submitted_at + sla_hours (a setting, 48 by
 *            default).
 *   eligible  -> approved at once when the setting auto_approve is on (then activated or
 *               waitlisted by license.h), else pending_review for staff;
 *   review    -> pending_review;  ineligible -> denied, with its reasons.
 * One person, one application: a second request with the same normalized e-mail, or the same
 * name and date of birth, while the first is not denied, is refused as a duplicate, and the
 * caller must not say anything about the other request. A denied person may apply again.
 *
 * Status values (the API's words): pending_review, approved, denied, waitlisted, active.
 * A request is overdue when it is still open (pending_review, approved, waitlisted) after its
 * due time.
 *
 * This module knows nothing of HTTP: pages (pages/signup.c) and the API (api/applications.c)
 * call the same functions. Strings handed back live in the caller's arena.
 */
#ifndef SG_APPLICATION_H
#define SG_APPLICATION_H

#include <stddef.h>
#include <stdint.h>

#include "eligibility.h"
#include "util/timeutil.h"
#include "i18n/i18n.h"
#include "intake.h"

struct arena;
struct db;
struct principal;

enum app_status { APP_PENDING_REVIEW, APP_APPROVED, APP_DENIED, APP_WAITLISTED, APP_ACTIVE };
#define APP_STATUS_COUNT 5
/* "pending_review", …; NULL out of range. */
const char *app_status_name(enum app_status s);
/* 0 and *out for one of the names, else -1. */
int app_status_parse(const char *s, enum app_status *out);
/* What the status means for the person, one short phrase in lang ("Waiting for review"). */
const char *app_status_label(enum lang lang, enum app_status s);

/* Results of the functions below. */
enum {
	APP_OK = 0,
	APP_INVALID = 1,   /* see the app_errors */
	APP_DUPLICATE = 2, /* the person already has a request that is not denied */
	APP_NOT_FOUND = 3, /* no such request (or not this e-mail, or outside the staff's area) */
	APP_CONFLICT = 4,  /* the request is not in a state that allows this */
	APP_FORBIDDEN = 5, /* the filter asks for another local area than the staff member's */
	APP_ERR = -1,	   /* database error: the caller answers 500 / 503 */
};

/* ---- sign-up ---------------------------------------------------------------------------- */

/* The answers as received. Strings exactly as typed (NULL when absent); booleans 1, 0 or -1
 * when not answered. */
struct app_input {
	const char *first_name, *last_name, *email, *phone, *birth_date, *county, *town,
		*employment_status, *layoff_notice_date, *osos_id, *language;
	int covid_related; /* -1 counts as no */
	int dol_staff;	   /* -1 is an error: the question must be answered */
	int consent;	   /* must be 1 */
	const char *remote_addr;
	enum lang ui_lang; /* the language of the error messages */
};

/* Field errors, named by the API's field names (which are also the form's input names). */
#define APP_MAX_ERRORS 16
struct app_errors {
	struct {
		const char *field;
		const char *message; /* translated into app_input.ui_lang */
	} items[APP_MAX_ERRORS];
	size_t n;
};
/* Adds an error unless the field has one already. */
void app_errors_add(struct app_errors *e, const char *field, const char *message);
const char *app_errors_get(const struct app_errors *e, const char *field);

#define APP_REF_LEN 13 /* "NY-7K4Q-92XH" + NUL */

struct app_result {
	char reference[APP_REF_LEN];
	enum app_status status;
	struct elig_result elig; /* the decision, its reasons and the policy version */
	enum lang lang;		 /* the person's language (mail, program) */
	const char *first_name, *email;
	const char *local_area, *region; /* NULL when the person lives outside New York */
	char submitted_at[ISO_LEN], due_at[ISO_LEN];
};

/* Checks the answers, decides, and stores the request in one small durable write: its row in
 * the sign-up intake (intake.h), which the intake thread turns into the application, learner,
 * event and e-mail moments later. APP_OK: *out is filled and the request is durable; status
 * is the outcome as decided now (may be denied: an ineligible request is still stored; for
 * an approved person, active when a seat is free, else waitlisted: if the seats run out
 * before the request is written, it is waitlisted and the e-mail says so).
 * APP_INVALID: err lists what to fix (errors already in err are kept, and those fields are
 * not checked again). APP_DUPLICATE: nothing was stored; say only "check your status".
 * APP_ERR: nothing was stored. */
int application_submit(struct arena *a, const struct app_input *in, struct app_result *out,
		       struct app_errors *err);

/* The per-address limit on sign-ups (setting signup_rate_per_hour; 0 turns it off), shared by
 * the form and the API: counts one attempt from addr. 1 allowed; 0 refused, with
 * *retry_after the seconds to wait. */
int application_rate_ok(const char *addr, int64_t *retry_after);
/* The per-address limit on status lookups by reference and e-mail (setting
 * status_lookup_per_hour; 0 turns it off), shared by the form and the API, so nobody can try
 * references and addresses by the thousand. Same answer as application_rate_ok. */
int application_lookup_rate_ok(const char *addr, int64_t *retry_after);

/* Only the checks of application_submit: the answers' errors into err (same rules). Returns
 * APP_OK or APP_INVALID. Used to ask for the town of a split county before anything else. */
int application_check(struct arena *a, const struct app_input *in, struct app_errors *err);

/* A reference for a new request: "NY-" and two groups of four from an alphabet without 0, O,
 * 1 and I, drawn with libsodium's randombytes_uniform. */
void application_new_reference(char out[APP_REF_LEN]);
/* Writes the canonical form of a reference typed by a person ("ny 7k4q92xh" ->
 * "NY-7K4Q-92XH"). 0, or -1 when it cannot be one. */
int application_reference_normalize(const char *in, char out[APP_REF_LEN]);
/* Lower-case, trimmed e-mail into out (size bytes). -1 when it does not fit. */
int application_email_normalize(const char *in, char *out, size_t size);
/* The key that finds the same person again: names folded (case, accents, spaces, hyphens,
 * apostrophes) + date of birth. -1 when it does not fit. */
int application_person_key(const char *first, const char *last, const char *birth_date, char *out,
			   size_t size);
/* Reads a date typed as YYYY-MM-DD or MM/DD/YYYY (what a browser without a date picker
 * may send) into out as YYYY-MM-DD. 0 or -1. */
int application_date_normalize(const char *in, char out[11]);

/* ---- where a request stands ---------------------------------------------------------------- */

struct app_event {
	const char *at, *actor, *from_status, *to_status, *note;
};

struct app_view {
	int64_t id;
	char reference[APP_REF_LEN];
	enum app_status status;
	enum elig_decision decision;
	struct elig_result elig; /* reasons and min_age, for elig_result_message */
	enum lang lang;
	const char *program; /* "en" / "es" */
	const char *first_name, *last_name, *email, *phone, *birth_date, *county, *town,
		*employment_status, *osos_id;
	int64_t local_area_id;		 /* 0 outside New York */
	const char *local_area, *region; /* NULL outside New York */
	const char *submitted_at, *due_at, *decided_at, *decided_by, *decision_note;
	int overdue;		   /* open and past due_at */
	int64_t waitlist_position; /* 1-based, when waitlisted; else 0 */
};

/* The person's view: the request with this reference whose e-mail matches (normalized).
 * A request still in the intake is waited for (up to a few seconds); if it is still waiting
 * after that, the view is read from its intake row (status as answered, id 0, no events).
 * APP_OK, APP_NOT_FOUND (also for a wrong e-mail: never say which), APP_ERR. */
int application_find(struct arena *a, const char *reference, const char *email,
		     struct app_view *out);

/* The decision history, oldest first. Returns the count (arena memory), or -1. */
int application_events(struct arena *a, int64_t application_id, struct app_event **out);

/* ---- staff ------------------------------------------------------------------------------- */

struct app_filter {
	int has_status;
	enum app_status status;
	int overdue_only;
	int64_t local_area; /* 0 = any (within the staff member's scope) */
	int limit;	    /* 1..500; 0 = 50 */
	const char *cursor; /* from a previous page, or NULL */
};

struct app_page {
	struct app_view *rows;
	size_t n;
	const char *next_cursor; /* NULL on the last page */
};

/* Requests that `who` may see (who->local_area 0: every area; else that area only), overdue
 * ones first, then by due time. APP_OK; APP_FORBIDDEN when f->local_area names another area
 * than who's; APP_INVALID for a cursor that is not one of ours; APP_ERR. */
int application_list(struct arena *a, const struct principal *who, const struct app_filter *f,
		     struct app_page *out);

/* A staff decision on a request in who's scope. approve: pending_review (or denied, to
 * correct a wrong denial) -> approved -> active or waitlisted, with the activation or
 * waitlist e-mail; deny: pending_review -> denied, with `note` (required) sent to the person.
 * Written with the audit row and the events in one transaction. *out is the request after.
 * APP_OK, APP_NOT_FOUND, APP_CONFLICT (already decided), APP_DUPLICATE (approving a denied
 * request while the person has another open one), APP_INVALID (a deny without a note, or a
 * note over 1000 bytes), APP_ERR. */
int application_decide(struct arena *a, const struct principal *who, const char *reference,
		       int approve, const char *note, struct app_view *out);

/* ---- for the intake thread (intake.c) ------------------------------------------------------ */

/* Reads p->payload (arena memory). compose = 1 also prepares the write: the e-mail for the
 * outcome answered, the seat capacity. 0, or -1 when the payload cannot be read. */
int application_pending_read(struct arena *a, struct app_pending *p, int compose);
/* Inside the caller's write transaction: writes the request's application, learner and seat
 * when approved at once, event and e-mail, exactly as answered (the seat may have run out:
 * then waitlisted, with the e-mail that says so). 0; APP_DUPLICATE when the person has an
 * open request after all (nothing written); DB_ERR. */
int application_pending_write(struct db *db, struct app_pending *p);
/* Frees what application_pending_read(compose = 1) holds outside the arena. */
void application_pending_release(struct app_pending *p);
/* The three above, for intake_handler_set(). */
extern const struct intake_handler application_intake;

#endif
