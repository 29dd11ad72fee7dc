/* program.h - the program settings state admins change in the staff workspace and the API:
 * each one checked, written with its audit row (before and after) in one transaction.
 *
 *   license_term_end        the date every license ends ("YYYY-MM-DD"); changed only by
 *                           program_term_extend(): every active license follows and each
 *                           learner is e-mailed in their language
 *   seats_en, seats_es      seats in the English and the Spanish program; more seats
 *                           activate waitlisted learners at once (license.h)
 *   auto_approve            1: eligible requests are approved without staff review
 *   inactivity_remind_days  days without activity before a reminder (remind < remove)
 *   inactivity_remove_days  days without activity before the license is removed
 *   help_email              the help contact shown on every page and in every e-mail
 *   osos_id_pattern         the OSOS ID format, a POSIX extended regular expression
 *   sla_hours               hours within which a request is answered (48)
 * The eligibility policy's settings are versioned by eligibility.h (policy_set).
 */
#ifndef SG_PROGRAM_H
#define SG_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "principal.h"

struct arena;

struct program_setting {
	const char *key;
	const char *label; /* msgid */
	const char *hint;  /* msgid */
	int is_int;	   /* a whole number between min and max */
	int64_t min, max;
};
/* The settings program_setting_set() changes (license_term_end is not among them). */
extern const struct program_setting program_settings[];
extern const size_t program_settings_count;
const struct program_setting *program_setting_find(const char *key);

enum program_err {
	PROGRAM_OK = 0,
	PROGRAM_EDB = -1,
	PROGRAM_EINVAL = -2,	 /* see *msg */
	PROGRAM_EFORBIDDEN = -3, /* not a state admin */
	PROGRAM_EUNKNOWN = -4,	 /* no such setting */
};

/* Sets several settings at once (all or none), after checking each value and the rules
 * between them (remind < remove). keys/values: n pairs. On PROGRAM_EINVAL, *bad_key is the
 * key and *msg a msgid saying what to type (translate with tr()). */
enum program_err program_settings_set(const struct principal *who, const char *const *keys,
				      const char *const *values, size_t n, const char **bad_key,
				      const char **msg);
/* One setting. */
enum program_err program_setting_set(const struct principal *who, const char *key,
				     const char *value, const char **msg);

/* Renews the program: the license term ends on new_end (YYYY-MM-DD, after the current end
 * and not in the past); every active license follows and each of those learners gets an
 * e-mail in their language. *licenses: how many licenses were extended. */
enum program_err program_term_extend(const struct principal *who, const char *new_end,
				     int64_t *licenses, const char **msg);

/* Changes one setting of the eligibility policy (eligibility.h policy_set: a new version
 * when the value differs) and records the change in the audit log. 0 changed, 1 unchanged
 * (POLICY_EUNCHANGED), POLICY_EINVAL, PROGRAM_EFORBIDDEN, -1. */
int program_policy_set(const struct principal *who, const char *key, const char *value);

/* Seats in use per program (active licenses) and waiting (waitlisted). */
struct program_seats {
	int64_t en_capacity, en_used, en_waiting;
	int64_t es_capacity, es_used, es_waiting;
};
int program_seats(struct program_seats *out);

/* When a program's seats run out, from the last 28 days: licenses activated and licenses
 * removed or expired (net seats taken per day), against the free seats and the term's end.
 * state: "full" (no free seat now, or people waiting), "runs_out" (on runs_out, before the
 * term ends), "lasts" (past the term's end, or the seats in use are not growing). */
#define FORECAST_DAYS 28
struct seat_forecast {
	const char *program;				     /* "en", "es" */
	int64_t capacity, active, waiting, activated, ended; /* activated, ended: last 28 days */
	double per_day;					     /* net seats taken per day */
	const char *state;
	char runs_out[11]; /* YYYY-MM-DD when state is "runs_out", else "" */
	char term_end[11];
};
/* out[0] English, out[1] Spanish, as of now. 0 or -1. */
int program_forecast(struct seat_forecast out[2]);

#endif
