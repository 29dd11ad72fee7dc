/* osos.h - what staff enter into OSOS, the state's case-management system, for each learner.
 *
 * skillgate does not write to OSOS: it drafts the entries and gives staff a work list; staff
 * type them into OSOS and mark them entered (one by one, in bulk, or by importing OSOS's
 * acknowledgment). Entries are generated, never typed:
 *   referral    when a license is activated (dated at activation), pending at once. An
 *               activation before the setting osos_referral_effective (the day OSOS got the
 *               activity, 2020-12-10) is a back-fill (backfill = 1).
 *   credential  draft, when a usage report shows a completed program whose catalog kind the
 *               setting osos_credential_kinds maps to a PIRL 1800 type code
 *               ("professional-certificate:5"), dated at completion;
 *   skill_gain  draft, for any other completed program, with the gain type of the setting
 *               osos_skill_gain_element (PIRL 1809 training milestone), dated at completion;
 *   exit        draft, when a learner has had no activity for exit_after_days (90) and
 *               nothing in progress, dated at the last activity (backdated, the 90-day rule).
 *               Activity after it rejects the draft by itself.
 * Each fact has a key (osos_entries.fact_key), so generating it again adds nothing.
 * Status: draft -> pending (confirmed) -> entered; rejected (with a reason) from draft or
 * pending. Staff changes are audited in the same transaction; the lists are scoped to the
 * staff member's local area (0 = every area, state admins).
 */
#ifndef SG_OSOS_H
#define SG_OSOS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "i18n/i18n.h"

struct arena;
struct buf;
struct db;
struct principal;

enum osos_kind { OSOS_REFERRAL, OSOS_CREDENTIAL, OSOS_SKILL_GAIN, OSOS_EXIT };
#define OSOS_KIND_COUNT 4
enum osos_status { OSOS_DRAFT, OSOS_PENDING, OSOS_ENTERED, OSOS_REJECTED };
#define OSOS_STATUS_COUNT 4

/* "referral", "credential", "skill_gain", "exit"; NULL out of range. */
const char *osos_kind_name(int kind);
/* "draft", "pending", "entered", "rejected"; NULL out of range. */
const char *osos_status_name(int status);
/* The enum value of a name, or -1. */
int osos_kind_parse(const char *s);
int osos_status_parse(const char *s);
/* As staff read them (translated). */
const char *osos_kind_label(enum lang lang, int kind);
const char *osos_status_label(enum lang lang, int status);
/* A PIRL 1800 type code as words ("Occupational certificate"), "" when unknown. */
const char *osos_credential_label(enum lang lang, const char *code);

/* ---- generation: inside the caller's write transaction (db_write) ------------------------ */

/* The referral of a license activated at `activated_at` (UTC ISO). 1 added, 0 it existed,
 * DB_ERR. */
int osos_referral_add(struct db *db, int64_t learner_id, const char *activated_at);
/* The credential or skill-gain draft of a program completed at `completed_at`. 1 added, 0 it
 * existed, DB_ERR. */
int osos_completion_add(struct db *db, int64_t learner_id, int64_t program_id,
			const char *completed_at);
/* Rejects every exit draft of a learner who has had activity since its date ("new
 * activity"). Returns how many, or DB_ERR. */
int osos_exits_reject_stale(struct db *db, const char *now);

/* ---- generation in their own writes --------------------------------------------------------- */

struct osos_sweep_result {
	int drafted, rejected;
};
/* Drafts the exits due as of `now` (Unix time), at most `limit`, after rejecting exit drafts
 * that activity made stale. 0 or -1. */
int osos_sweep_exits(int64_t now, int limit, struct osos_sweep_result *out);

struct osos_backfill_result {
	int referrals, completions;
};
/* Adds any missing referral for every learner who ever had an active license (back-fill
 * before osos_referral_effective), and any missing credential or skill-gain draft for every
 * completed enrollment. Idempotent. 0 or -1. */
int osos_backfill(struct osos_backfill_result *out);

/* ---- the work list ------------------------------------------------------------------------ */

struct osos_filter {
	int kind, status;   /* -1: any */
	int64_t local_area; /* 0: every area in scope */
	int64_t learner_id; /* 0: everyone */
	int no_osos_id;	    /* 1: only learners without an OSOS ID */
	int limit;	    /* 1-500 */
	const char *cursor; /* next_cursor of the previous page, or NULL */
};

/* Reads kind, status, local_area (id), learner_id, no_osos_id (1/0), limit and cursor through
 * get(ctx, name). 0, or -1 with *bad naming the parameter. */
int osos_filter_parse(struct osos_filter *f, const char *(*get)(void *ctx, const char *name),
		      void *ctx, const char **bad);

struct osos_row {
	int64_t id, learner_id, local_area_id, program_id;
	int kind, status, backfill;
	const char *date, *event_at; /* "YYYY-MM-DD" in New York; the UTC time */
	const char *first_name, *last_name, *email, *osos_id, *birth_date, *local_area;
	const char *program, *program_url, *program_kind; /* NULL without a program */
	const char *pirl_code, *reason;
	const char *confirmed_at, *confirmed_by, *entered_at, *entered_by, *rejected_at,
		*rejected_by; /* NULL when not */
};

struct osos_page {
	struct osos_row *rows;
	size_t n;
	const char *next_cursor; /* NULL on the last page */
};

enum osos_err { OSOS_OK = 0, OSOS_ENOTFOUND = -1, OSOS_ECURSOR = -2, OSOS_EDB = -3 };

/* One page of entries in date order. OSOS_ENOTFOUND: the local area is outside who's scope.
 * Everything is allocated in the arena. */
int osos_list(struct arena *a, const struct principal *who, const struct osos_filter *f,
	      struct osos_page *out);
/* Entries per kind and status in who's scope (and local_area when not 0). Kept in memory for
 * up to 30 seconds; a change through this process shows at once. 0, OSOS_ENOTFOUND or
 * OSOS_EDB. */
int osos_counts(const struct principal *who, int64_t local_area,
		int64_t counts[OSOS_KIND_COUNT][OSOS_STATUS_COUNT]);
/* The filtered entries (every page) as the CSV staff type into OSOS from: OSOS ID, names,
 * birth date, local area, kind, the OSOS activity / credential / exit text, date, program.
 * *rows counts them. 0, OSOS_ENOTFOUND, OSOS_EDB (or a full buf). */
int osos_csv(struct arena *a, const struct principal *who, const struct osos_filter *f,
	     struct buf *out, size_t *rows);
/* The text to type into OSOS for an entry (the activity name, credential type, exit). */
const char *osos_entry_text(struct arena *a, enum lang lang, const struct osos_row *e);
/* An entry as the API shows it (a new reference). */
json_t *osos_row_json(const struct osos_row *e);

/* ---- staff changes ------------------------------------------------------------------------ */

enum osos_action { OSOS_CONFIRM, OSOS_ENTER, OSOS_REJECT };

struct osos_change_result {
	int changed;   /* moved to the new status */
	int unchanged; /* already there (the call is idempotent) */
	int refused;   /* in a status that cannot move there (an entered entry cannot be
			  rejected, a rejected one cannot be confirmed or entered) */
	int skipped;   /* no such entry in who's scope (another area's ids are never changed) */
};

/* Confirms (draft -> pending), marks entered (draft or pending -> entered) or rejects (draft
 * or pending -> rejected, reason required) the entries `ids`, each audited, all in one
 * transaction. 0 or -1. */
int osos_change(const struct principal *who, enum osos_action action, const int64_t *ids, size_t n,
		const char *reason, struct osos_change_result *out);

/* ---- the acknowledgment import ------------------------------------------------------------ */

struct osos_import_result {
	size_t rows, applied, unchanged, errors_total, nerrors;
	struct {
		size_t line;
		char message[240];
	} * errors; /* the first 1000 (malloc'd) */
	int committed, dry_run, partial, failed;
	double seconds;
};

/* Reads OSOS's acknowledgment (CSV with the columns OSOS ID, Kind, Date in any order; Kind a
 * kind name or the OSOS activity text; dates YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD) and marks
 * each matching pending (or draft) entry entered. A line that matches nothing in who's scope
 * is an error. The file is one transaction: any bad line and nothing is kept, unless
 * partial; dry_run keeps nothing. 0 kept (or dry run), 1 refused for bad lines, -1 database
 * failure. Release the result with osos_import_release. */
int osos_import(const char *data, size_t len, int dry_run, int partial, const struct principal *who,
		struct osos_import_result *res);
void osos_import_release(struct osos_import_result *res);
/* {rows, applied, unchanged, errors: [{line, message}], errors_total, entered, committed,
 *  dry_run, partial, seconds} (a new reference). */
json_t *osos_import_json(const struct osos_import_result *res);

/* ---- reportable individual or participant ------------------------------------------------- */

/* 1 when the learner counts as a WIOA participant: the state admin's override for them, else
 * the setting coursera_counts_as_training with an activated license and an entered referral;
 * 0 reportable individual; -1 error. *overridden says whether the override decided. */
int osos_is_participant(int64_t learner_id, int *overridden);
/* Sets (or, with NULL, clears) the override: "participant" or "reportable_individual". Audited.
 * 0, -1 (bad value or error). */
int osos_set_wioa_override(const struct principal *who, int64_t learner_id, int64_t local_area,
			   const char *value);

#endif
