/* program.c - program settings and the renewal of the license term (program.h). */
#include "program.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "eligibility.h"
#include "db/db.h"
#include "learner.h"
#include "license.h"
#include "mail.h"
#include "settings.h"
#include "term.h"
#include "util/arena.h"
#include "util/timeutil.h"
#include "i18n/i18n.h"

const struct program_setting program_settings[] = {
	{ "seats_en", N_("Seats in the English program"),
	  N_("How many learners can hold an active license in the English program at once."), 1, 0,
	  10000000 },
	{ "seats_es", N_("Seats in the Spanish program"),
	  N_("How many learners can hold an active license in the Spanish program at once."), 1, 0,
	  10000000 },
	{ "auto_approve", N_("Approve eligible requests at once"),
	  N_("On: a request that meets the eligibility policy is approved without staff review. "
	     "Off: every request waits in the review queue."),
	  1, 0, 1 },
	{ "inactivity_remind_days", N_("Days without activity before a reminder"),
	  N_("A learner with no course activity for this many days is reminded by e-mail."), 1, 1,
	  3650 },
	{ "inactivity_remove_days", N_("Days without activity before removal"),
	  N_("A learner with no course activity for this many days is removed and told by "
	     "e-mail. Must be more than the reminder."),
	  1, 2, 3650 },
	{ "sla_hours", N_("Hours to answer a request"),
	  N_("The promise to people who sign up: requests are answered within this many hours."), 1,
	  1, 720 },
	{ "signup_rate_per_hour", N_("Sign-ups per network address per hour"),
	  N_("How many sign-up requests one internet connection may send in an hour (0: no "
	     "limit). A library or career center shares one connection among many people."),
	  1, 0, 1000000 },
	{ "login_max_per_addr", N_("Sign-in links per network address"),
	  N_("How many sign-in links one internet connection may ask for in 15 minutes (0: no "
	     "limit)."),
	  1, 0, 1000000 },
	{ "login_max_per_email", N_("Sign-in links per e-mail address"),
	  N_("How many sign-in links one e-mail address may receive in 15 minutes (0: no limit)."),
	  1, 0, 1000 },
	{ "lookup_max_per_addr", N_("Reference look-ups per network address per hour"),
	  N_("How many \"e-mail me my reference\" requests one internet connection may send in "
	     "an hour (0: no limit)."),
	  1, 0, 1000000 },
	{ "lookup_max_per_email", N_("Reference e-mails per address per hour"),
	  N_("How many reference e-mails one address may receive in an hour (0: no limit)."), 1, 0,
	  1000 },
	{ "status_lookup_per_hour", N_("Status checks per network address per hour"),
	  N_("How many times one internet connection may check a request's status by reference "
	     "and e-mail in an hour, on the status page and the API together (0: no limit)."),
	  1, 0, 1000000 },
	{ "mail_retry_first_seconds", N_("First e-mail retry after (seconds)"),
	  N_("When the mail server does not take a message, the first new try comes after this "
	     "many seconds, then ever longer."),
	  1, 1, 86400 },
	{ "mail_retry_max_seconds", N_("Longest wait between e-mail retries (seconds)"),
	  N_("Retries of an e-mail never wait longer than this."), 1, 1, 604800 },
	{ "mail_max_attempts", N_("E-mail attempts before giving up"),
	  N_("After this many failed tries a message is marked failed and shown to staff."), 1, 1,
	  100 },
	{ "usage_report_stale_days", N_("Days before the usage report is out of date"),
	  N_("The overview warns when the newest usage report from the provider is older than "
	     "this (0: never)."),
	  1, 0, 365 },
	{ "program_name_en", N_("Program name in English"),
	  N_("The program's name on every page and e-mail in English."), 0, 0, 0 },
	{ "program_name_es", N_("Program name in Spanish"),
	  N_("The program's name on every page and e-mail in Spanish."), 0, 0, 0 },
	{ "help_email", N_("Help contact e-mail"),
	  N_("Shown on every page and in every e-mail for people who need help."), 0, 0, 0 },
	{ "osos_id_pattern", N_("OSOS ID format"),
	  N_("A POSIX extended regular expression every OSOS ID must match, e.g. "
	     "^[A-Z]{2}[0-9]{7}$ for two letters and seven digits."),
	  0, 0, 0 },
	/* OSOS entries and the federal report (osos.h, report.h, docs/reporting.md) */
	{ "osos_referral_effective", N_("OSOS referral activity since"),
	  N_("The day OSOS got the activity \"Referred to Coursera Enrollment\" (YYYY-MM-DD). "
	     "Referrals of licenses activated before it are marked back-fill."),
	  0, 0, 0 },
	{ "osos_activity_referral", N_("OSOS referral activity name"),
	  N_("The activity staff enter in OSOS for a new license, as OSOS names it."), 0, 0, 0 },
	{ "osos_credential_kinds", N_("Completions that count as credentials"),
	  N_("Catalog kinds whose completion is a recognized credential, with the PIRL 1800 "
	     "type code of each, e.g. professional-certificate:5. Other completions become "
	     "skill gains."),
	  0, 0, 0 },
	{ "osos_skill_gain_element", N_("Skill gain type (PIRL element)"),
	  N_("1809 for a training milestone, 1810 for skills progression."), 1, 1809, 1810 },
	{ "exit_after_days", N_("Days without activity before an exit"),
	  N_("A learner with no activity for this many days and nothing in progress gets an "
	     "exit drafted, dated at the last activity."),
	  1, 1, 3650 },
	{ "coursera_counts_as_training", N_("Coursera counts as a training service"),
	  N_("On (1): an activated learner whose referral was entered in OSOS counts as a WIOA "
	     "participant. Off (0): every learner is a reportable individual, as the program "
	     "FAQ says for now."),
	  1, 0, 1 },
	{ "pirl_state_code", N_("PIRL 101 state code"), N_("Two letters, e.g. NY."), 0, 0, 0 },
	{ "pirl_training_type", N_("PIRL 1303 type of training"),
	  N_("The two-digit code reported for the training, e.g. 06 for occupational skills "
	     "training."),
	  0, 0, 0 },
	{ "pirl_participant_code", N_("PIRL 903/904 code for participants"),
	  N_("The code reported for participants, e.g. 1 for locally funded."), 0, 0, 0 },
	{ "pirl_reportable_code", N_("PIRL 903/904 code for reportable individuals"),
	  N_("The code reported for reportable individuals: 4."), 0, 0, 0 },
	{ "pirl_training_completed", N_("PIRL 1307 code for completed training"),
	  N_("Reported when every program the learner started ended and one was completed."), 0, 0,
	  0 },
	{ "pirl_training_withdrew", N_("PIRL 1307 code for withdrawal"),
	  N_("Reported when every program the learner started ended without a completion."), 0, 0,
	  0 },
};
const size_t program_settings_count = sizeof(program_settings) / sizeof(program_settings[0]);

const struct program_setting *program_setting_find(const char *key)
{
	size_t i;

	for (i = 0; key && i < program_settings_count; i++)
		if (!strcmp(program_settings[i].key, key))
			return &program_settings[i];
	return NULL;
}

static int email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);

	if (!at || at == s || n > 254 || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
	    s[n - 1] == '.')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || strchr("<>\",;()[]\\", *s))
			return 0;
	return 1;
}

/* NULL when value is good for the setting, else a msgid saying what to type. The value
 * written goes to *norm (arena). */
static const char *check_value(struct arena *a, const struct program_setting *s, const char *value,
			       const char **norm)
{
	const char *v = value ? value : "";

	while (isspace((unsigned char)*v))
		v++;
	*norm = arena_strdup(a, v);
	{
		char *p = (char *)*norm + strlen(*norm);
		while (p > *norm && isspace((unsigned char)p[-1]))
			*--p = '\0';
	}
	if (s->is_int) {
		char *end;
		long long n;
		if (!strcmp(s->key, "auto_approve")) {
			if (!strcmp(*norm, "on") || !strcmp(*norm, "true") || !strcmp(*norm, "yes"))
				*norm = "1";
			else if (!strcmp(*norm, "off") || !strcmp(*norm, "false") ||
				 !strcmp(*norm, "no"))
				*norm = "0";
		}
		n = strtoll(*norm, &end, 10);
		if (!**norm || *end || n < s->min || n > s->max) {
			if (!strcmp(s->key, "auto_approve"))
				return N_("Choose on or off.");
			return N_("Enter a whole number in the range shown.");
		}
		*norm = arena_printf(a, "%lld", n);
		return NULL;
	}
	if (!strcmp(s->key, "help_email"))
		return email_ok(*norm) ? NULL
				       : N_("Enter an e-mail address, like help@labor.ny.gov.");
	if (!strcmp(s->key, "osos_id_pattern")) {
		if (!**norm || strlen(*norm) > 200 || learner_osos_matches(*norm, "") < 0)
			return N_("Enter a valid POSIX extended regular expression, such as "
				  "^[A-Z]{2}[0-9]{7}$.");
		return NULL;
	}
	/* any other text: one line a person can read */
	if (!**norm || strlen(*norm) > 200)
		return N_("Enter a value of 1 to 200 characters.");
	for (v = *norm; *v; v++)
		if ((unsigned char)*v < ' ' || *v == 0x7f)
			return N_("Enter a value of 1 to 200 characters.");
	return NULL;
}

struct set_ctx {
	const struct principal *who;
	const char *const *keys;
	const char **values;
	size_t n;
};

static int set_fn(struct db *db, void *ctx)
{
	struct set_ctx *c = ctx;
	struct arena a;
	size_t i;
	int rc = 0;

	arena_init(&a);
	for (i = 0; i < c->n && rc == 0; i++) {
		const char *old = settings_get(&a, c->keys[i]);
		json_t *before, *after;
		if (old && !strcmp(old, c->values[i]))
			continue;
		if (settings_set_db(db, c->keys[i], c->values[i], c->who->email) != 0) {
			rc = DB_ABORT;
			break;
		}
		before = json_pack("{s:s?}", "value", old);
		after = json_pack("{s:s}", "value", c->values[i]);
		if (audit_write(db, c->who, "setting", "setting", c->keys[i], 0, before, after) !=
		    0)
			rc = DB_ABORT;
		json_decref(before);
		json_decref(after);
	}
	arena_release(&a);
	return rc;
}

enum program_err program_settings_set(const struct principal *who, const char *const *keys,
				      const char *const *values, size_t n, const char **bad_key,
				      const char **msg)
{
	struct arena a;
	struct set_ctx c = { who, keys, NULL, n };
	int64_t remind, remove_days;
	int seats = 0;
	size_t i;
	enum program_err rc = PROGRAM_OK;

	*bad_key = NULL;
	*msg = NULL;
	if (!who || who->role != ROLE_STATE_ADMIN)
		return PROGRAM_EFORBIDDEN;
	arena_init(&a);
	c.values = arena_zalloc(&a, (n ? n : 1) * sizeof(*c.values));
	remind = settings_get_int("inactivity_remind_days", 30);
	remove_days = settings_get_int("inactivity_remove_days", 45);
	for (i = 0; i < n; i++) {
		const struct program_setting *s = program_setting_find(keys[i]);
		if (!s) {
			*bad_key = keys[i];
			*msg = N_("There is no such setting.");
			rc = PROGRAM_EUNKNOWN;
			goto cleanup;
		}
		*msg = check_value(&a, s, values[i], &c.values[i]);
		if (*msg) {
			*bad_key = keys[i];
			rc = PROGRAM_EINVAL;
			goto cleanup;
		}
		if (!strcmp(s->key, "inactivity_remind_days"))
			remind = strtoll(c.values[i], NULL, 10);
		if (!strcmp(s->key, "inactivity_remove_days"))
			remove_days = strtoll(c.values[i], NULL, 10);
		if (!strncmp(s->key, "seats_", 6))
			seats = 1;
	}
	if (remind >= remove_days) {
		*bad_key = "inactivity_remove_days";
		*msg = N_("Removal must come after the reminder: enter more days for removal than "
			  "for the reminder.");
		rc = PROGRAM_EINVAL;
		goto cleanup;
	}
	if (db_write(set_fn, &c) != 0) {
		rc = PROGRAM_EDB;
		goto cleanup;
	}
	settings_invalidate();
	/* more seats: the waitlist moves up at once */
	if (seats && license_fill_waitlist_now() < 0)
		rc = PROGRAM_EDB;
cleanup:
	arena_release(&a);
	return rc;
}

enum program_err program_setting_set(const struct principal *who, const char *key,
				     const char *value, const char **msg)
{
	const char *bad;
	return program_settings_set(who, &key, &value, 1, &bad, msg);
}

/* ---- renewal ---------------------------------------------------------------------------- */

struct extend_ctx {
	const struct principal *who;
	const char *old_end, *new_end;
	int64_t count, back;
};

static void renewal_mail(struct mail *m, struct arena *a, enum lang l, const char *to,
			 const char *first, const char *end)
{
	char shown[40];

	date_show(end, l == LANG_ES, shown, sizeof(shown));
	mail_begin(m, l, to, tr(l, "Your Coursera license has been renewed"));
	mail_para(m, tr_fmt(a, l, "Hello %s,", first));
	mail_para(m, tr(l, "Good news: the New York State Department of Labor has renewed the "
			   "Coursera program. Your no-cost license stays active, and your courses "
			   "and progress stay as they are."));
	mail_fact(m, tr(l, "Your license now ends on"), shown);
	mail_button(m, tr(l, "Go to My learning"), "/me");
}

static int extend_fn(struct db *db, void *ctx)
{
	struct extend_ctx *c = ctx;
	struct stmt *st;
	json_t *before, *after;
	int rc;

	if (settings_set_db(db, "license_term_end", c->new_end, c->who->email) != 0)
		return DB_ABORT;
	st = db_prepare(db, "UPDATE learners SET license_ends_at = ?, updated_at = ? WHERE "
			    "license_status = 'active'");
	{
		char now[ISO_LEN];
		stmt_bind_text(st, 1, c->new_end);
		stmt_bind_text(st, 2, iso_now(now));
	}
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	c->count = db_changes(db);
	st = db_prepare(db, "SELECT email, first_name, language FROM learners WHERE "
			    "license_status = 'active' ORDER BY id");
	while ((rc = stmt_step(st)) == DB_ROW) {
		struct arena a;
		struct mail m;
		enum lang l = LANG_EN;
		arena_init(&a);
		lang_parse(stmt_text(st, 2), &l);
		renewal_mail(&m, &a, l, stmt_text(st, 0), stmt_text(st, 1), c->new_end);
		rc = mail_enqueue(db, &m, "license_renewed");
		arena_release(&a);
		if (rc != 0)
			break;
	}
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	/* licenses that expired with the old term come back, as seats allow */
	{
		char now[ISO_LEN];
		int back = term_bring_back(db, iso_now(now));
		if (back < 0)
			return DB_ABORT;
		c->back = back;
	}
	before = json_pack("{s:s}", "license_term_end", c->old_end);
	after = json_pack("{s:s, s:I, s:I}", "license_term_end", c->new_end, "licenses",
			  (json_int_t)c->count, "expired_back", (json_int_t)c->back);
	rc = audit_write(db, c->who, "term_extend", "setting", "license_term_end", 0, before,
			 after);
	json_decref(before);
	json_decref(after);
	return rc == 0 ? 0 : DB_ABORT;
}

enum program_err program_term_extend(const struct principal *who, const char *new_end,
				     int64_t *licenses, const char **msg)
{
	struct arena a;
	struct extend_ctx c = { who, NULL, new_end, 0, 0 };
	char today[11];
	enum program_err rc = PROGRAM_OK;

	*msg = NULL;
	*licenses = 0;
	if (!who || who->role != ROLE_STATE_ADMIN)
		return PROGRAM_EFORBIDDEN;
	if (!new_end || strlen(new_end) != 10 || !date_valid(new_end)) {
		*msg = N_("Enter the new end date as year-month-day, for example 2027-11-30.");
		return PROGRAM_EINVAL;
	}
	arena_init(&a);
	c.old_end = settings_get(&a, "license_term_end");
	date_today_ny(today);
	if (strcmp(new_end, today) <= 0) {
		*msg = N_("The new end date must be in the future.");
		rc = PROGRAM_EINVAL;
	} else if (c.old_end && strcmp(new_end, c.old_end) <= 0) {
		*msg = N_("A renewal extends the term: enter a date after the current end date.");
		rc = PROGRAM_EINVAL;
	} else if (db_write(extend_fn, &c) != 0) {
		rc = PROGRAM_EDB;
	} else {
		*licenses = c.count;
		settings_invalidate();
	}
	arena_release(&a);
	return rc;
}

struct policy_audit {
	const struct principal *who;
	const char *key, *value;
	struct elig_policy pol;
	int rc;
};

/* The new policy version and its audit row, in one transaction. */
static int policy_audit_fn(struct db *db, void *ctx)
{
	struct policy_audit *p = ctx;
	char id[24];
	json_t *after;
	int rc;

	p->rc = policy_set_db(db, p->key, p->value, p->who->email, &p->pol);
	if (p->rc < 0)
		return DB_ABORT;
	if (p->rc == POLICY_EUNCHANGED)
		return 0;
	after = json_pack("{s:s, s:s, s:I}", "setting", p->key, "value", p->value, "version",
			  (json_int_t)p->pol.version);
	snprintf(id, sizeof(id), "%lld", (long long)p->pol.version);
	rc = audit_write(db, p->who, "policy_change", "policy", id, 0, NULL, after);
	json_decref(after);
	return rc == 0 ? 0 : DB_ABORT;
}

int program_policy_set(const struct principal *who, const char *key, const char *value)
{
	struct policy_audit pa = { who, key, value, { 0 }, 0 };

	if (!who || who->role != ROLE_STATE_ADMIN)
		return PROGRAM_EFORBIDDEN;
	if (policy_check(key, value))
		return POLICY_EINVAL;
	if (db_write(policy_audit_fn, &pa) != 0)
		return pa.rc == POLICY_EINVAL ? POLICY_EINVAL : -1;
	return pa.rc;
}

int program_seats(struct program_seats *out)
{
	struct db *db = db_get();
	struct stmt *st =
		db_prepare(db, "SELECT program, license_status, COUNT(*) FROM learners "
			       "WHERE license_status IN ('active', 'waitlisted') GROUP BY "
			       "program, license_status");

	memset(out, 0, sizeof(*out));
	out->en_capacity = settings_get_int("seats_en", 0);
	out->es_capacity = settings_get_int("seats_es", 0);
	while (stmt_step(st) == DB_ROW) {
		int es = !strcmp(stmt_text(st, 0), "es");
		int active = !strcmp(stmt_text(st, 1), "active");
		int64_t n = stmt_int(st, 2);
		if (es && active)
			out->es_used = n;
		else if (es)
			out->es_waiting = n;
		else if (active)
			out->en_used = n;
		else
			out->en_waiting = n;
	}
	stmt_done(st);
	return 0;
}

int program_forecast(struct seat_forecast out[2])
{
	static const char *const programs[] = { "en", "es" };
	struct db *db = db_get();
	struct program_seats seats;
	char since[ISO_LEN];
	int64_t now = now_unix(), t;
	int i;

	if (program_seats(&seats) != 0)
		return -1;
	iso_utc(now - FORECAST_DAYS * 86400, since);
	for (i = 0; i < 2; i++) {
		struct seat_forecast *f = &out[i];
		struct stmt *st = db_prepare(
			db,
			"SELECT COALESCE(SUM(CASE WHEN activated_at >= ? THEN 1 ELSE 0 END), 0), "
			"COALESCE(SUM(CASE WHEN license_status IN ('removed', 'expired') AND "
			"removed_at >= ? THEN 1 ELSE 0 END), 0) FROM learners WHERE program = ?");
		int64_t free_seats;

		memset(f, 0, sizeof(*f));
		f->program = programs[i];
		f->capacity = i ? seats.es_capacity : seats.en_capacity;
		f->active = i ? seats.es_used : seats.en_used;
		f->waiting = i ? seats.es_waiting : seats.en_waiting;
		stmt_bind_text(st, 1, since);
		stmt_bind_text(st, 2, since);
		stmt_bind_text(st, 3, programs[i]);
		if (stmt_step(st) == DB_ROW) {
			f->activated = stmt_int(st, 0);
			f->ended = stmt_int(st, 1);
		}
		stmt_done(st);
		license_term_end(db, f->term_end);
		f->per_day = (double)(f->activated - f->ended) / FORECAST_DAYS;
		free_seats = f->capacity - f->active;
		if (free_seats <= 0 || f->waiting > 0) {
			f->state = "full";
			continue;
		}
		if (f->per_day <= 0) {
			f->state = "lasts";
			continue;
		}
		{
			double days = (double)free_seats / f->per_day;
			int64_t end = 0;
			/* past the term's end (or beyond any sensible date): they last */
			if (days > 36500 || (*f->term_end && iso_parse(f->term_end, &end) == 0 &&
					     now + days * 86400.0 > (double)end + 86400.0)) {
				f->state = "lasts";
				continue;
			}
			t = now + (int64_t)(days * 86400.0);
		}
		date_ny(t, f->runs_out);
		f->state = "runs_out";
	}
	return 0;
}
