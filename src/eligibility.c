/* eligibility.c - the eligibility policy (versioned rows) and the decision.
 *
 * The decision is a pure function of the policy and the answers. Every reason that makes a
 * person ineligible is listed, not just the first one, so a person who is both under age and
 * DOL staff is told both; an eligible or review decision lists only what it rests on (an
 * "eligible, because unemployed" next to "not eligible, because DOL staff" would confuse).
 *
 * Form-level problems (a birth date that is not a date, a layoff notice date that is not a
 * date, an unknown employment status) are not eligibility reasons: elig_decide refuses the
 * input and names the field, and the page or API shows it as a validation error.
 */
#include "eligibility.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "db/db.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* ---- names ---------------------------------------------------------------------------------- */

/* Each employment situation: its API name and how a form offers it. */
static const struct {
	const char *name;
	const char *label;
} statuses[EMP_COUNT] = {
	[EMP_UNEMPLOYED] = { "unemployed", N_("I am unemployed (not working)") },
	[EMP_DISLOCATED] = { "dislocated", N_("I lost my job because of a layoff or a closing "
					      "(dislocated worker)") },
	[EMP_LAYOFF_NOTICE] = { "layoff_notice",
				N_("I am working and received notice that I will be laid off") },
	[EMP_EMPLOYED_AT_RISK] = { "employed_at_risk", N_("I am working and may lose my job "
							  "soon, but I have no layoff notice") },
	[EMP_EMPLOYED] = { "employed", N_("I am working") },
	[EMP_UNDEREMPLOYED] = { "underemployed", N_("I am working, but fewer hours or for less "
						    "pay than I need (underemployed)") },
};

int elig_status_parse(const char *s, enum elig_status *out)
{
	int i;

	if (!s)
		return -1;
	for (i = 0; i < EMP_COUNT; i++)
		if (!strcmp(s, statuses[i].name)) {
			*out = (enum elig_status)i;
			return 0;
		}
	return -1;
}

const char *elig_status_name(enum elig_status st)
{
	return (unsigned)st < EMP_COUNT ? statuses[st].name : NULL;
}

const char *elig_status_label(enum lang lang, enum elig_status st)
{
	return (unsigned)st < EMP_COUNT ? tr(lang, statuses[st].label) : "";
}

static const char *const decision_names[] = {
	[ELIG_ELIGIBLE] = "eligible",
	[ELIG_INELIGIBLE] = "ineligible",
	[ELIG_REVIEW] = "review",
};

const char *elig_decision_name(enum elig_decision d)
{
	return (unsigned)d < sizeof(decision_names) / sizeof(decision_names[0]) ? decision_names[d]
										: NULL;
}

int elig_decision_parse(const char *s, enum elig_decision *out)
{
	unsigned i;

	if (!s)
		return -1;
	for (i = 0; i < sizeof(decision_names) / sizeof(decision_names[0]); i++)
		if (!strcmp(s, decision_names[i])) {
			*out = (enum elig_decision)i;
			return 0;
		}
	return -1;
}

/* Each reason: its stable code, the decision it leads to, and what it means for the person
 * (second person, plain words, what they can do next). */
static const struct {
	const char *code;
	enum elig_decision decision;
	const char *message;
} reasons[ELIG_R_COUNT] = {
	[ELIG_R_UNEMPLOYED] = { "unemployed", ELIG_ELIGIBLE,
				N_("You are not working right now, so you qualify.") },
	[ELIG_R_DISLOCATED] = { "dislocated", ELIG_ELIGIBLE,
				N_("You lost your job because of a layoff or a closing (a "
				   "dislocated worker), so you qualify.") },
	[ELIG_R_LAYOFF_NOTICE] = { "layoff_notice", ELIG_ELIGIBLE,
				   N_("You received notice that you will be laid off, so you "
				      "qualify.") },
	[ELIG_R_UNDEREMPLOYED_ELIGIBLE] = { "underemployed_eligible", ELIG_ELIGIBLE,
					    N_("You work fewer hours or for less pay than you "
					       "need, and the program now accepts people in that "
					       "situation, so you qualify.") },
	[ELIG_R_AT_RISK_REVIEW] = { "at_risk_review", ELIG_REVIEW,
				    N_("You are working and may lose your job soon, but you have "
				       "no layoff notice. A staff member will review your request "
				       "and let you know the result.") },
	[ELIG_R_EMPLOYED] = { "employed", ELIG_INELIGIBLE,
			      N_("You are working right now. The program is for people who are "
				 "unemployed or have lost their job, so you do not qualify at this "
				 "time. If you lose your job or receive a layoff notice, you may "
				 "apply again.") },
	[ELIG_R_UNDEREMPLOYED] = { "underemployed", ELIG_INELIGIBLE,
				   N_("You are working, even if it is fewer hours or less pay "
				      "than you need. Licenses go first to people who are "
				      "unemployed or have lost their job, so you do not qualify at "
				      "this time. If you lose your job or receive a layoff notice, "
				      "you may apply again.") },
	[ELIG_R_AT_RISK_NO_NOTICE] = { "at_risk_no_notice", ELIG_INELIGIBLE,
				       N_("You are working and have not received a layoff notice, "
					  "so you do not qualify at this time. If you receive a "
					  "notice or lose your job, you may apply again.") },
	[ELIG_R_COVID_NOT_RELATED] = { "covid_not_related", ELIG_INELIGIBLE,
				       N_("Right now the program is only for people who lost "
					  "their job because of COVID-19, and you told us that was "
					  "not the reason, so you do not qualify at this time.") },
	[ELIG_R_UNDER_MIN_AGE] = { "under_min_age", ELIG_INELIGIBLE,
				   N_("You are younger than the minimum age for this program, so "
				      "you do not qualify yet.") },
	[ELIG_R_OUTSIDE_NY] = { "outside_ny", ELIG_INELIGIBLE,
				N_("The program is for people who live in New York State, and you "
				   "told us you live outside New York, so you do not qualify.") },
	[ELIG_R_DOL_STAFF] = { "dol_staff", ELIG_INELIGIBLE,
			       N_("Department of Labor staff cannot get a license through this "
				  "program. You can still browse Coursera's courses, and audit "
				  "some of them for free, at www.coursera.org/browse.") },
};

const char *elig_reason_code(enum elig_reason r)
{
	return (unsigned)r < ELIG_R_COUNT ? reasons[r].code : NULL;
}

int elig_reason_parse(const char *code, enum elig_reason *out)
{
	int i;

	if (!code)
		return -1;
	for (i = 0; i < ELIG_R_COUNT; i++)
		if (!strcmp(code, reasons[i].code)) {
			*out = (enum elig_reason)i;
			return 0;
		}
	return -1;
}

enum elig_decision elig_reason_decision(enum elig_reason r)
{
	return (unsigned)r < ELIG_R_COUNT ? reasons[r].decision : ELIG_INELIGIBLE;
}

const char *elig_reason_message(enum lang lang, enum elig_reason r)
{
	return (unsigned)r < ELIG_R_COUNT ? tr(lang, reasons[r].message) : "";
}

const char *elig_result_message(struct arena *a, enum lang lang, const struct elig_result *res,
				size_t i)
{
	if (i >= res->n)
		return "";
	if (res->reasons[i] == ELIG_R_UNDER_MIN_AGE && res->min_age > 0)
		return tr_fmt(a, lang,
			      "You must be %d or older to take part in this program, so you do not "
			      "qualify yet.",
			      res->min_age);
	return elig_reason_message(lang, res->reasons[i]);
}

/* ---- dates ---------------------------------------------------------------------------------- */

static int leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int elig_date_parse(const char *s, int *yp, int *mp, int *dp)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int i, y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return -1;
	if (d > mdays[m - 1] + (m == 2 && leap_year(y)))
		return -1;
	if (yp)
		*yp = y;
	if (mp)
		*mp = m;
	if (dp)
		*dp = d;
	return 0;
}

int elig_age(const char *birth, const char *today)
{
	int by, bm, bd, ty, tm, td, age;

	if (elig_date_parse(birth, &by, &bm, &bd) || elig_date_parse(today, &ty, &tm, &td))
		return -1;
	/* A year is complete once today's month and day reach the birthday's. For February 29
	 * in a common year that is March 1: February 28 still compares lower. */
	age = ty - by - (tm < bm || (tm == bm && td < bd));
	return age < 0 ? -1 : age;
}

/* ---- the decision --------------------------------------------------------------------------- */

static int refuse(struct elig_result *out, const char *field, const char *msgid)
{
	out->error_field = field;
	out->error = msgid;
	return -1;
}

int elig_decide(const struct elig_policy *pol, const struct elig_input *in, struct elig_result *out)
{
	enum elig_reason basis = ELIG_R_UNEMPLOYED;
	enum elig_reason bad[ELIG_R_COUNT];
	size_t nbad = 0, i;
	int review = 0;

	memset(out, 0, sizeof(*out));
	out->policy_version = pol->version;
	out->min_age = pol->min_age;
	out->age = -1;

	if (elig_date_parse(in->today, NULL, NULL, NULL))
		return refuse(out, "today",
			      N_("Today's date could not be read. Please try again."));
	if (!in->birth_date || !in->birth_date[0])
		return refuse(out, "birth_date", N_("Enter your date of birth."));
	if (elig_date_parse(in->birth_date, NULL, NULL, NULL))
		return refuse(out, "birth_date",
			      N_("Enter your date of birth as a real date, for example "
				 "1985-04-23."));
	out->age = elig_age(in->birth_date, in->today);
	if (out->age < 0)
		return refuse(out, "birth_date",
			      N_("Your date of birth is after today's date. Check the year."));
	if ((unsigned)in->status >= EMP_COUNT)
		return refuse(out, "employment_status", N_("Choose your employment situation."));
	/* The notice may announce a layoff still to come, so any real date is accepted. */
	if (in->layoff_notice_date && in->layoff_notice_date[0] &&
	    elig_date_parse(in->layoff_notice_date, NULL, NULL, NULL))
		return refuse(out, "layoff_notice_date",
			      N_("Enter the date of your layoff notice as a real date, for "
				 "example 2026-12-15, or leave it empty."));

	switch (in->status) {
	case EMP_UNEMPLOYED:
		/* The FAQ asks for COVID-19-related unemployment of an unemployed adult only;
		 * dislocated workers and people with a notice qualify whatever the cause. */
		if (pol->covid_related_required && !in->covid_related)
			bad[nbad++] = ELIG_R_COVID_NOT_RELATED;
		else
			basis = ELIG_R_UNEMPLOYED;
		break;
	case EMP_DISLOCATED: basis = ELIG_R_DISLOCATED; break;
	case EMP_LAYOFF_NOTICE: basis = ELIG_R_LAYOFF_NOTICE; break;
	case EMP_EMPLOYED_AT_RISK:
		if (pol->at_risk_review)
			review = 1;
		else
			bad[nbad++] = ELIG_R_AT_RISK_NO_NOTICE;
		break;
	case EMP_EMPLOYED: bad[nbad++] = ELIG_R_EMPLOYED; break;
	case EMP_UNDEREMPLOYED:
		if (pol->underemployed_eligible)
			basis = ELIG_R_UNDEREMPLOYED_ELIGIBLE;
		else
			bad[nbad++] = ELIG_R_UNDEREMPLOYED;
		break;
	}
	if (out->age < pol->min_age)
		bad[nbad++] = ELIG_R_UNDER_MIN_AGE;
	if (!in->in_new_york)
		bad[nbad++] = ELIG_R_OUTSIDE_NY;
	if (in->dol_staff)
		bad[nbad++] = ELIG_R_DOL_STAFF;

	if (nbad) {
		out->decision = ELIG_INELIGIBLE;
		for (i = 0; i < nbad; i++)
			out->reasons[i] = bad[i];
		out->n = nbad;
	} else if (review) {
		out->decision = ELIG_REVIEW;
		out->reasons[0] = ELIG_R_AT_RISK_REVIEW;
		out->n = 1;
	} else {
		out->decision = ELIG_ELIGIBLE;
		out->reasons[0] = basis;
		out->n = 1;
	}
	return 0;
}

/* ---- the policy ----------------------------------------------------------------------------- */

static const char bool_invalid[] = N_("This setting is on or off: give 1 (on) or 0 (off).");

const struct policy_setting policy_settings[] = {
	{ "covid_related_required",
	  N_("1: an unemployed adult qualifies only when the unemployment is COVID-19 related; "
	     "0: whatever the cause."),
	  0, 1, bool_invalid, offsetof(struct elig_policy, covid_related_required) },
	{ "underemployed_eligible",
	  N_("1: people who work fewer hours or for less pay than they need qualify; 0: they "
	     "do not."),
	  0, 1, bool_invalid, offsetof(struct elig_policy, underemployed_eligible) },
	{ "min_age",
	  N_("The youngest age, in whole years on the day of the decision, that "
	     "qualifies."),
	  14, 99, N_("The minimum age is a whole number of years from 14 to 99."),
	  offsetof(struct elig_policy, min_age) },
	{ "at_risk_review",
	  N_("1: someone working at imminent risk of losing the job, without a layoff notice, "
	     "goes to staff review; 0: they do not qualify."),
	  0, 1, bool_invalid, offsetof(struct elig_policy, at_risk_review) },
};
const size_t policy_settings_count = sizeof(policy_settings) / sizeof(policy_settings[0]);

void policy_default(struct elig_policy *out)
{
	memset(out, 0, sizeof(*out));
	out->version = 0;
	out->covid_related_required = 0;
	out->underemployed_eligible = 0;
	out->min_age = 18;
	out->at_risk_review = 1;
	snprintf(out->created_by, sizeof(out->created_by), "%s", "default");
	snprintf(out->note, sizeof(out->note), "%s", "the program FAQ's policy");
}

const struct policy_setting *policy_setting_find(const char *key)
{
	size_t i;

	if (!key)
		return NULL;
	for (i = 0; i < policy_settings_count; i++)
		if (!strcmp(key, policy_settings[i].key))
			return &policy_settings[i];
	return NULL;
}

int policy_value(const struct elig_policy *p, const struct policy_setting *s)
{
	return *(const int *)(const void *)((const char *)p + s->offset);
}

static void policy_value_set(struct elig_policy *p, const struct policy_setting *s, int v)
{
	*(int *)(void *)((char *)p + s->offset) = v;
}

/* The value of `value` for setting s, or -1 (settings are never negative). */
static int setting_parse(const struct policy_setting *s, const char *value)
{
	static const char *const on[] = { "1", "on", "true", "yes" };
	static const char *const off[] = { "0", "off", "false", "no" };
	size_t i, len;
	int v = 0;

	if (!value)
		return -1;
	if (s->min == 0 && s->max == 1) {
		for (i = 0; i < 4; i++) {
			if (!strcasecmp(value, on[i]))
				return 1;
			if (!strcasecmp(value, off[i]))
				return 0;
		}
		return -1;
	}
	len = strlen(value);
	if (len == 0 || len > 6)
		return -1;
	for (i = 0; i < len; i++) {
		if (value[i] < '0' || value[i] > '9')
			return -1;
		v = v * 10 + (value[i] - '0');
	}
	return v < s->min || v > s->max ? -1 : v;
}

const char *policy_check(const char *key, const char *value)
{
	const struct policy_setting *s = policy_setting_find(key);

	if (!s)
		return N_("There is no such policy setting. The settings are "
			  "covid_related_required, underemployed_eligible, min_age and "
			  "at_risk_review.");
	if (setting_parse(s, value) < 0)
		return s->invalid;
	return NULL;
}

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* Fills *out from a row of the SELECTs below. */
static void policy_from_row(struct stmt *st, struct elig_policy *out)
{
	memset(out, 0, sizeof(*out));
	out->version = stmt_int(st, 0);
	copy_text(out->created_at, sizeof(out->created_at), stmt_text(st, 1));
	copy_text(out->created_by, sizeof(out->created_by), stmt_text(st, 2));
	copy_text(out->note, sizeof(out->note), stmt_text(st, 3));
	out->covid_related_required = (int)stmt_int(st, 4);
	out->underemployed_eligible = (int)stmt_int(st, 5);
	out->min_age = (int)stmt_int(st, 6);
	out->at_risk_review = (int)stmt_int(st, 7);
}

int policy_load_with(struct db *db, struct elig_policy *out)
{
	struct stmt *st;
	int rc;

	st = db_prepare(db, "SELECT id, created_at, created_by, note, covid_related_required, "
			    "underemployed_eligible, min_age, at_risk_review "
			    "FROM policy_versions ORDER BY id DESC LIMIT 1");
	if (!st)
		return -1;
	rc = stmt_step(st);
	if (rc == DB_ROW)
		policy_from_row(st, out);
	else if (rc == DB_DONE)
		fprintf(stderr, "skillgate: no eligibility policy in the database; run "
				"`skillgate migrate`\n");
	stmt_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int policy_load(struct elig_policy *out)
{
	return policy_load_with(db_get(), out);
}

int policy_load_version(struct db *db, int64_t version, struct elig_policy *out)
{
	struct stmt *st;
	int rc;

	st = db_prepare(db, "SELECT id, created_at, created_by, note, covid_related_required, "
			    "underemployed_eligible, min_age, at_risk_review "
			    "FROM policy_versions WHERE id = ?");
	if (!st)
		return -1;
	stmt_bind_int(st, 1, version);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		policy_from_row(st, out);
	stmt_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

struct policy_change {
	const struct policy_setting *s;
	int value;
	const char *who;
	struct elig_policy pol; /* the latest, then the new version */
	int unchanged;
};

/* Write function: reads the latest version inside the write transaction and inserts the next
 * one, numbered latest + 1 (explicitly, so both backends number versions alike). */
static int policy_change_write(struct db *db, void *arg)
{
	struct policy_change *c = arg;
	struct stmt *st;
	char now[ISO_LEN];
	char note[160];
	int rc;

	if (policy_load_with(db, &c->pol) != 0)
		return -1;
	if (policy_value(&c->pol, c->s) == c->value) {
		c->unchanged = 1;
		return 0;
	}
	policy_value_set(&c->pol, c->s, c->value);
	c->pol.version++;
	snprintf(note, sizeof(note), "%s=%d", c->s->key, c->value);
	copy_text(c->pol.created_at, sizeof(c->pol.created_at), iso_now(now));
	copy_text(c->pol.created_by, sizeof(c->pol.created_by), c->who);
	copy_text(c->pol.note, sizeof(c->pol.note), note);

	st = db_prepare(db,
			"INSERT INTO policy_versions (id, created_at, created_by, note, "
			"covid_related_required, underemployed_eligible, min_age, at_risk_review) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	stmt_bind_int(st, 1, c->pol.version);
	stmt_bind_text(st, 2, now);
	stmt_bind_text(st, 3, c->who);
	stmt_bind_text(st, 4, note);
	stmt_bind_int(st, 5, c->pol.covid_related_required);
	stmt_bind_int(st, 6, c->pol.underemployed_eligible);
	stmt_bind_int(st, 7, c->pol.min_age);
	stmt_bind_int(st, 8, c->pol.at_risk_review);
	rc = stmt_step(st) == DB_DONE ? 0 : -1;
	stmt_done(st);
	return rc;
}

int policy_set_db(struct db *db, const char *key, const char *value, const char *who,
		  struct elig_policy *out)
{
	struct policy_change c;

	memset(&c, 0, sizeof(c));
	if (policy_check(key, value))
		return POLICY_EINVAL;
	c.s = policy_setting_find(key);
	c.value = setting_parse(c.s, value);
	c.who = who && who[0] ? who : "unknown";
	if (policy_change_write(db, &c) != 0)
		return -1;
	if (out)
		*out = c.pol;
	return c.unchanged ? POLICY_EUNCHANGED : 0;
}

struct policy_set_ctx {
	const char *key, *value, *who;
	struct elig_policy *out;
	int rc;
};

static int policy_set_fn(struct db *db, void *ctx)
{
	struct policy_set_ctx *p = ctx;

	p->rc = policy_set_db(db, p->key, p->value, p->who, p->out);
	return p->rc < 0 ? DB_ABORT : 0;
}

int policy_set(const char *key, const char *value, const char *who, struct elig_policy *out)
{
	struct policy_set_ctx p = { key, value, who, out, 0 };

	if (policy_check(key, value))
		return POLICY_EINVAL;
	if (db_write(policy_set_fn, &p) != 0)
		return p.rc == POLICY_EINVAL ? POLICY_EINVAL : -1;
	return p.rc;
}

int policy_show(const struct elig_policy *p, struct buf *out)
{
	size_t i;

	buf_printf(out, "Eligibility policy, version %lld\n", (long long)p->version);
	if (p->version > 0)
		buf_printf(out, "  made %s by %s%s%s%s\n", p->created_at, p->created_by,
			   p->note[0] ? " (" : "", p->note, p->note[0] ? ")" : "");
	buf_puts(out, "\n");
	for (i = 0; i < policy_settings_count; i++) {
		const struct policy_setting *s = &policy_settings[i];
		buf_printf(out, "%-24s %3d   %s\n", s->key, policy_value(p, s), s->help);
	}
	return out->overflow ? -1 : 0;
}

int policy_history(struct db *db, int limit, struct buf *out)
{
	struct stmt *st;
	int rc;

	st = db_prepare(db, "SELECT id, created_at, created_by, note FROM policy_versions "
			    "ORDER BY id DESC LIMIT ?");
	if (!st)
		return -1;
	stmt_bind_int(st, 1, limit);
	while ((rc = stmt_step(st)) == DB_ROW)
		buf_printf(out, "%6lld  %s  %-32s %s\n", (long long)stmt_int(st, 0),
			   stmt_text(st, 1), stmt_text(st, 2), stmt_text(st, 3));
	stmt_done(st);
	return rc == DB_DONE && !out->overflow ? 0 : -1;
}
