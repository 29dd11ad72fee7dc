/* eligibility.h - who may get a no-cost license: the policy, as data, and the decision.
 *
 * The rules come from the program FAQ ("Who is eligible", "FAQ: eligibility"):
 *   eligible    an unemployed adult (COVID-19 related or not), a dislocated worker, someone
 *               who received notice that they will be laid off;
 *   ineligible  someone currently working, including the underemployed; DOL staff; anyone
 *               under the minimum age; anyone not living in New York State;
 *   review      someone working who is at imminent risk of losing the job but has no notice.
 * The parts that the agency may change are settings of a versioned policy (a row of
 * policy_versions; every change writes a new row, old rows are never updated) and every
 * decision records the version it was made under.
 *
 * elig_decide() is pure: no database, no clock, no allocation. The caller loads the policy
 * (policy_load) and supplies today's date in New York (date_today_ny, util/timeutil.h).
 *
 *   struct elig_policy pol;
 *   struct elig_input in = { .birth_date = "1990-04-01", .today = today, .in_new_york = 1,
 *                            .status = EMP_UNEMPLOYED };
 *   struct elig_result res;
 *   if (policy_load(&pol) < 0 || elig_decide(&pol, &in, &res) < 0)
 *           ... res.error_field / res.error say what to fix ...
 *   for (size_t i = 0; i < res.n; i++)
 *           puts(elig_reason_message(lang, res.reasons[i]));
 */
#ifndef SG_ELIGIBILITY_H
#define SG_ELIGIBILITY_H

#include <stddef.h>
#include <stdint.h>

#include "i18n/i18n.h"

struct arena;
struct buf;
struct db;

/* ---- the applicant's answers ------------------------------------------------------------ */

/* Employment situation; the API spells them as elig_status_name() returns. */
enum elig_status {
	EMP_UNEMPLOYED,	      /* "unemployed" */
	EMP_DISLOCATED,	      /* "dislocated": lost a job to a layoff or closing */
	EMP_LAYOFF_NOTICE,    /* "layoff_notice": working, told they will be laid off */
	EMP_EMPLOYED_AT_RISK, /* "employed_at_risk": working, at imminent risk, no notice */
	EMP_EMPLOYED,	      /* "employed" */
	EMP_UNDEREMPLOYED,    /* "underemployed": working fewer hours or for less pay than needed */
};
#define EMP_COUNT 6

/* 0 and sets *out for exactly one of the names above (case-sensitive), else -1. */
int elig_status_parse(const char *s, enum elig_status *out);
/* "unemployed", …; NULL for a value out of range. */
const char *elig_status_name(enum elig_status st);
/* The choice as a job seeker reads it on a form ("I am unemployed"), translated. */
const char *elig_status_label(enum lang lang, enum elig_status st);

struct elig_input {
	const char *birth_date; /* "YYYY-MM-DD" */
	const char *today;	/* "YYYY-MM-DD", the date in New York (date_today_ny) */
	int in_new_york;	/* county found in New York's list; 0 = lives elsewhere */
	enum elig_status status;
	const char *layoff_notice_date; /* "YYYY-MM-DD", or NULL / "" when none was given */
	int covid_related;		/* the unemployment is COVID-19 related */
	int dol_staff;			/* works for the Department of Labor */
};

/* ---- the policy ------------------------------------------------------------------------- */

struct elig_policy {
	int64_t version;	    /* policy_versions.id; 0 = the built-in default, never saved */
	int covid_related_required; /* 1: an unemployed adult qualifies only if COVID-19 related */
	int underemployed_eligible; /* 1: the underemployed qualify */
	int min_age;		    /* whole years on the day of the decision */
	int at_risk_review;	    /* 1: working at imminent risk without a notice -> staff
				     * review; 0: treated as working -> ineligible */
	char created_at[24];	    /* "2026-11-29T06:05:00Z" */
	char created_by[64];	    /* who made this version (truncated to fit) */
	char note[160];		    /* what changed ("min_age=17"), truncated to fit */
};

/* One changeable setting, for `skillgate policy show` and the staff page. */
struct policy_setting {
	const char *key;     /* "covid_related_required", … as in `policy set KEY VALUE` */
	const char *help;    /* msgid: what it does, one sentence */
	int min, max;	     /* accepted values; booleans are 0..1 */
	const char *invalid; /* msgid when a value is refused: what to type instead */
	size_t offset;	     /* offsetof(struct elig_policy, <field>), an int */
};
extern const struct policy_setting policy_settings[];
extern const size_t policy_settings_count;

/* The FAQ's policy (version 0): the values the first policy_versions row holds. */
void policy_default(struct elig_policy *out);
/* The setting named `key`, or NULL. */
const struct policy_setting *policy_setting_find(const char *key);
/* The value of a setting in a policy. */
int policy_value(const struct elig_policy *p, const struct policy_setting *s);

/* Loads the latest policy version. 0, or -1 (database error, or no version at all: run
 * `skillgate migrate`), with *out untouched on failure. */
int policy_load(struct elig_policy *out);
/* The same on a given connection (inside a write, or the batch checker's own). */
int policy_load_with(struct db *db, struct elig_policy *out);
/* Loads one version by id, e.g. the one a past decision recorded. 0; 1 when there is no such
 * version; -1 on a database error. */
int policy_load_version(struct db *db, int64_t version, struct elig_policy *out);

/* NULL when `key` is a setting and `value` one of its accepted values (decimal, no sign for
 * booleans: "0" or "1", also "on"/"off", "true"/"false", "yes"/"no"), else a msgid saying what
 * is wrong and what to type; translate it with tr(). */
const char *policy_check(const char *key, const char *value);
/* Writes a new policy version: the latest one with `key` set to `value`, made by `who` (a
 * staff e-mail, "cli:<user>"). Goes through db_write, so it is durable when it returns, and it
 * reads the latest version inside the same transaction, so concurrent changes never lose one
 * another. On success *out (may be NULL) is the new version.
 * Returns 0; POLICY_EINVAL when policy_check() refuses (nothing is written; ask it why);
 * POLICY_EUNCHANGED when the value is already the current one (nothing is written, *out is
 * the current version); -1 on a database error. */
enum { POLICY_EINVAL = -2, POLICY_EUNCHANGED = 1 };
int policy_set(const char *key, const char *value, const char *who, struct elig_policy *out);
/* The same inside a write already running (so a caller can audit in the same transaction). */
int policy_set_db(struct db *db, const char *key, const char *value, const char *who,
		  struct elig_policy *out);
/* Appends the policy as text for the CLI: version, when and by whom, then one line per
 * setting with its value and help. 0 or -1 when the buf is full. */
int policy_show(const struct elig_policy *p, struct buf *out);
/* Appends the latest `limit` versions, newest first, one line each: version, when, by whom,
 * what changed. 0, or -1 on a database error or a full buf. */
int policy_history(struct db *db, int limit, struct buf *out);

/* ---- the decision ----------------------------------------------------------------------- */

enum elig_decision { ELIG_ELIGIBLE, ELIG_INELIGIBLE, ELIG_REVIEW };
/* "eligible" / "ineligible" / "review"; NULL for a value out of range. */
const char *elig_decision_name(enum elig_decision d);
/* 0 and sets *out for one of those names, else -1. */
int elig_decision_parse(const char *s, enum elig_decision *out);

/* Why. The code strings (elig_reason_code) are stable: stored with the application and
 * returned by the API. */
enum elig_reason {
	/* eligible, and why */
	ELIG_R_UNEMPLOYED,	       /* "unemployed" */
	ELIG_R_DISLOCATED,	       /* "dislocated" */
	ELIG_R_LAYOFF_NOTICE,	       /* "layoff_notice" */
	ELIG_R_UNDEREMPLOYED_ELIGIBLE, /* "underemployed_eligible": when the policy allows it */
	/* review */
	ELIG_R_AT_RISK_REVIEW, /* "at_risk_review" */
	/* ineligible, and every reason why */
	ELIG_R_EMPLOYED,	  /* "employed" */
	ELIG_R_UNDEREMPLOYED,	  /* "underemployed" */
	ELIG_R_AT_RISK_NO_NOTICE, /* "at_risk_no_notice": when at_risk_review is off */
	ELIG_R_COVID_NOT_RELATED, /* "covid_not_related": when covid_related_required */
	ELIG_R_UNDER_MIN_AGE,	  /* "under_min_age" */
	ELIG_R_OUTSIDE_NY,	  /* "outside_ny" */
	ELIG_R_DOL_STAFF,	  /* "dol_staff" */
};
#define ELIG_R_COUNT 12

/* "unemployed", …; NULL for a value out of range. */
const char *elig_reason_code(enum elig_reason r);
/* 0 and sets *out for a code, else -1. */
int elig_reason_parse(const char *code, enum elig_reason *out);
/* The decision this reason leads to (an eligible, review or ineligible reason). */
enum elig_decision elig_reason_decision(enum elig_reason r);
/* The reason in plain language for the job seeker, in `lang`: static, never NULL. */
const char *elig_reason_message(enum lang lang, enum elig_reason r);

struct elig_result {
	enum elig_decision decision;
	enum elig_reason reasons[ELIG_R_COUNT]; /* eligible: the basis; review: why; ineligible:
						 * every reason, employment first */
	size_t n;
	int64_t policy_version; /* the elig_policy.version the decision used */
	int min_age;		/* the policy's, for elig_result_message */
	int age;		/* whole years on `today` */
	/* When elig_decide returns -1: the API field to fix ("birth_date", "layoff_notice_date",
	 * "employment_status", "today") and a msgid saying what to do (translate with tr). */
	const char *error_field;
	const char *error;
};

/* Decides. Returns 0 with *out filled, or -1 when the input is not valid (an unreadable or
 * impossible date, a birth date after today, an unknown status): that is a form error for
 * the named field, never an eligibility reason, and out->decision is meaningless.
 * A layoff notice date may be in the past or the future (a notice of a layoff to come); it
 * is optional, and checked only when given. Everything from the policy that the decision
 * used is copied into *out, so the caller can keep it after the policy changes. */
int elig_decide(const struct elig_policy *pol, const struct elig_input *in,
		struct elig_result *out);

/* Like elig_reason_message for out->reasons[i], with the policy's numbers filled in ("You
 * must be 18 or older…"). In the arena. */
const char *elig_result_message(struct arena *a, enum lang lang, const struct elig_result *res,
				size_t i);

/* ---- dates ------------------------------------------------------------------------------ */

/* 0 when `s` is a real calendar date written "YYYY-MM-DD" with digits only (years 1900-2200),
 * else -1. The parts go to *y, *m, *d when those are not NULL. */
int elig_date_parse(const char *s, int *y, int *m, int *d);
/* Whole years from birth to today, both "YYYY-MM-DD"; -1 when either is not a date or birth
 * is after today. Someone born on February 29 turns a year older on March 1 in other years. */
int elig_age(const char *birth, const char *today);

#endif
