/* test_eligibility.c - the eligibility policy and decision.
 *
 * The heart is a table of cases drawn from the program FAQ. Residence comes the way the
 * sign-up form gets it: a county is in New York when it is in data/ny-local-areas.csv (read
 * from the repository, so split counties such as Nassau and Westchester are checked against
 * the real table), and "outside" is the form's "I live outside New York" choice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "eligibility.h"
#include "util/arena.h"
#include "util/buf.h"
#include "i18n/i18n.h"
#include "testdb.h"

#define TODAY "2026-11-29"

/* ---- New York's counties, from the reference table ------------------------------------------ */

static char counties[128][32];
static int ncounties;

static void counties_load(void)
{
	char line[1024];
	FILE *f;

	if (ncounties)
		return;
	f = fopen("data/ny-local-areas.csv", "r");
	if (!f)
		fail_msg("cannot open data/ny-local-areas.csv: run the tests from the repository "
			 "root");
	while (fgets(line, sizeof(line), f) && ncounties < 128) {
		char *comma = strchr(line, ',');
		if (!comma)
			continue;
		*comma = '\0';
		if (!strcmp(line, "county"))
			continue;
		snprintf(counties[ncounties++], sizeof(counties[0]), "%.31s", line);
	}
	fclose(f);
}

/* Rows of the table for a county: 0 = not in New York, 2 = split between two local areas. */
static int county_rows(const char *county)
{
	int i, n = 0;

	counties_load();
	for (i = 0; i < ncounties; i++)
		n += !strcmp(counties[i], county);
	return n;
}

/* ---- the table ------------------------------------------------------------------------------- */

struct ecase {
	const char *what;
	const char *county; /* a county name, or "outside" for the explicit choice */
	const char *birth;
	const char *today; /* NULL = TODAY */
	const char *status;
	const char *notice; /* layoff notice date, NULL = none */
	int covid, staff;
	const char *policy; /* "key=value,key=value" over the default policy, NULL = default */
	const char *decision;
	const char *reasons; /* codes in order, comma-separated */
};

static const struct ecase cases[] = {
	/* who is eligible: the FAQ's default policy */
	{ "unemployed, COVID-19 related", "Albany", "1985-04-23", NULL, "unemployed", NULL, 1, 0,
	  NULL, "eligible", "unemployed" },
	{ "unemployed, not because of COVID-19 (FAQ: yes)", "Bronx", "1979-12-01", NULL,
	  "unemployed", NULL, 0, 0, NULL, "eligible", "unemployed" },
	{ "dislocated worker", "Erie", "1968-06-30", NULL, "dislocated", NULL, 0, 0, NULL,
	  "eligible", "dislocated" },
	{ "dislocated worker, COVID-19 related", "Monroe", "1990-01-15", NULL, "dislocated", NULL,
	  1, 0, NULL, "eligible", "dislocated" },
	{ "layoff notice dated in the past", "Kings", "1988-03-03", NULL, "layoff_notice",
	  "2026-11-02", 0, 0, NULL, "eligible", "layoff_notice" },
	{ "layoff notice of a layoff still to come", "Queens", "1975-07-04", NULL, "layoff_notice",
	  "2027-01-31", 0, 0, NULL, "eligible", "layoff_notice" },
	{ "layoff notice without a date", "Onondaga", "1993-09-09", NULL, "layoff_notice", "", 0, 0,
	  NULL, "eligible", "layoff_notice" },
	{ "unemployed, aged 70: no upper age", "St. Lawrence", "1956-02-10", NULL, "unemployed",
	  NULL, 0, 0, NULL, "eligible", "unemployed" },
	/* who is not */
	{ "working", "New York", "1980-05-05", NULL, "employed", NULL, 0, 0, NULL, "ineligible",
	  "employed" },
	{ "working, says COVID-19: still working", "Richmond", "1980-05-05", NULL, "employed", NULL,
	  1, 0, NULL, "ineligible", "employed" },
	{ "underemployed (FAQ: not at this time)", "Oneida", "1991-11-11", NULL, "underemployed",
	  NULL, 0, 0, NULL, "ineligible", "underemployed" },
	{ "working at imminent risk, no notice: staff review", "Dutchess", "1984-08-08", NULL,
	  "employed_at_risk", NULL, 0, 0, NULL, "review", "at_risk_review" },
	{ "at risk with a notice date: the answer given decides", "Ulster", "1984-08-08", NULL,
	  "employed_at_risk", "2026-10-01", 0, 0, NULL, "review", "at_risk_review" },
	{ "DOL staff, unemployed otherwise", "Albany", "1970-01-01", NULL, "unemployed", NULL, 0, 1,
	  NULL, "ineligible", "dol_staff" },
	{ "DOL staff with a layoff notice", "Schenectady", "1970-01-01", NULL, "layoff_notice",
	  "2026-12-15", 0, 1, NULL, "ineligible", "dol_staff" },
	{ "DOL staff at risk: ineligible beats review", "Albany", "1970-01-01", NULL,
	  "employed_at_risk", NULL, 0, 1, NULL, "ineligible", "dol_staff" },
	{ "under 18", "Suffolk", "2009-06-01", NULL, "unemployed", NULL, 0, 0, NULL, "ineligible",
	  "under_min_age" },
	{ "DOL staff under 18: both reasons", "Albany", "2010-01-01", NULL, "unemployed", NULL, 0,
	  1, NULL, "ineligible", "under_min_age,dol_staff" },
	{ "under 18 at risk: ineligible beats review", "Tompkins", "2010-03-03", NULL,
	  "employed_at_risk", NULL, 0, 0, NULL, "ineligible", "under_min_age" },
	{ "turning 18 today", "Chemung", "2008-11-29", NULL, "unemployed", NULL, 0, 0, NULL,
	  "eligible", "unemployed" },
	{ "turned 18 yesterday", "Chemung", "2008-11-28", NULL, "unemployed", NULL, 0, 0, NULL,
	  "eligible", "unemployed" },
	{ "turns 18 tomorrow", "Chemung", "2008-11-30", NULL, "unemployed", NULL, 0, 0, NULL,
	  "ineligible", "under_min_age" },
	{ "born Feb 29: not 18 yet on Feb 28", "Broome", "2008-02-29", "2026-02-28", "dislocated",
	  NULL, 0, 0, NULL, "ineligible", "under_min_age" },
	{ "born Feb 29: 18 on Mar 1", "Broome", "2008-02-29", "2026-03-01", "dislocated", NULL, 0,
	  0, NULL, "eligible", "dislocated" },
	{ "born Feb 29 2008: 20 on Feb 29 2028", "Broome", "2008-02-29", "2028-02-29", "unemployed",
	  NULL, 0, 0, NULL, "eligible", "unemployed" },
	{ "born Feb 29 2012: 18 on Mar 1 2030", "Broome", "2012-02-29", "2030-03-01", "unemployed",
	  NULL, 0, 0, NULL, "eligible", "unemployed" },
	{ "born Feb 29 2012: 17 on Feb 28 2030", "Broome", "2012-02-29", "2030-02-28", "unemployed",
	  NULL, 0, 0, NULL, "ineligible", "under_min_age" },
	{ "outside New York State", "outside", "1985-04-23", NULL, "unemployed", NULL, 0, 0, NULL,
	  "ineligible", "outside_ny" },
	{ "a county of another state is not a New York county", "Bergen", "1985-04-23", NULL,
	  "dislocated", NULL, 0, 0, NULL, "ineligible", "outside_ny" },
	{ "every reason at once, in order", "outside", "2011-05-05", NULL, "employed", NULL, 0, 1,
	  NULL, "ineligible", "employed,under_min_age,outside_ny,dol_staff" },
	/* split counties: residents like any other */
	{ "Nassau, Town of Hempstead", "Nassau", "1982-02-02", NULL, "unemployed", NULL, 0, 0, NULL,
	  "eligible", "unemployed" },
	{ "Nassau, Oyster Bay, layoff notice", "Nassau", "1977-10-10", NULL, "layoff_notice",
	  "2026-11-20", 0, 0, NULL, "eligible", "layoff_notice" },
	{ "Westchester, City of Yonkers", "Westchester", "1995-12-24", NULL, "dislocated", NULL, 1,
	  0, NULL, "eligible", "dislocated" },
	{ "Westchester outside Yonkers, working", "Westchester", "1995-12-24", NULL, "employed",
	  NULL, 0, 0, NULL, "ineligible", "employed" },
	/* policy settings turned on */
	{ "COVID required: unemployed, COVID-19 related", "Albany", "1985-04-23", NULL,
	  "unemployed", NULL, 1, 0, "covid_related_required=1", "eligible", "unemployed" },
	{ "COVID required: unemployed for another reason", "Albany", "1985-04-23", NULL,
	  "unemployed", NULL, 0, 0, "covid_related_required=1", "ineligible", "covid_not_related" },
	{ "COVID required: a dislocated worker needs no COVID cause", "Albany", "1985-04-23", NULL,
	  "dislocated", NULL, 0, 0, "covid_related_required=1", "eligible", "dislocated" },
	{ "COVID required: a layoff notice needs no COVID cause", "Albany", "1985-04-23", NULL,
	  "layoff_notice", NULL, 0, 0, "covid_related_required=1", "eligible", "layoff_notice" },
	{ "COVID required: not COVID and under 18", "Albany", "2010-01-01", NULL, "unemployed",
	  NULL, 0, 0, "covid_related_required=1", "ineligible", "covid_not_related,under_min_age" },
	{ "underemployed allowed", "Oneida", "1991-11-11", NULL, "underemployed", NULL, 0, 0,
	  "underemployed_eligible=1", "eligible", "underemployed_eligible" },
	{ "underemployed allowed, still not for DOL staff", "Oneida", "1991-11-11", NULL,
	  "underemployed", NULL, 0, 1, "underemployed_eligible=1", "ineligible", "dol_staff" },
	{ "underemployed allowed does not admit the fully employed", "Oneida", "1991-11-11", NULL,
	  "employed", NULL, 0, 0, "underemployed_eligible=1", "ineligible", "employed" },
	{ "at-risk review off: treated as working", "Dutchess", "1984-08-08", NULL,
	  "employed_at_risk", NULL, 0, 0, "at_risk_review=0", "ineligible", "at_risk_no_notice" },
	{ "minimum age 16: a 17-year-old qualifies", "Albany", "2009-06-01", NULL, "unemployed",
	  NULL, 0, 0, "min_age=16", "eligible", "unemployed" },
	{ "minimum age 21: a 19-year-old does not", "Albany", "2007-06-01", NULL, "dislocated",
	  NULL, 0, 0, "min_age=21", "ineligible", "under_min_age" },
	{ "everything on at once", "Albany", "1985-04-23", NULL, "underemployed", NULL, 0, 0,
	  "covid_related_required=1,underemployed_eligible=1,at_risk_review=0", "eligible",
	  "underemployed_eligible" },
};

/* Applies "key=value,…" to the default policy through the same checks `policy set` uses. */
static void policy_for(const char *spec, struct elig_policy *pol)
{
	char buf[256], *tok, *save = NULL;

	policy_default(pol);
	pol->version = 7; /* any number: the decision must copy it */
	if (!spec)
		return;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		const struct policy_setting *s;
		assert_non_null(eq);
		*eq = '\0';
		assert_null(policy_check(tok, eq + 1));
		s = policy_setting_find(tok);
		assert_non_null(s);
		*(int *)(void *)((char *)pol + s->offset) = atoi(eq + 1);
	}
}

static void reasons_string(const struct elig_result *r, char *out, size_t size)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < r->n; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "," : "",
					elig_reason_code(r->reasons[i]));
}

/* Runs one case and checks decision, reasons, the recorded policy version and both
 * languages' explanations. Returns 0 when it passed, printing what differed otherwise. */
static int run_case(const struct ecase *c)
{
	struct elig_policy pol;
	struct elig_input in;
	struct elig_result res;
	enum elig_status st;
	struct arena a;
	char got[256];
	size_t i;
	int ok = 1;

	policy_for(c->policy, &pol);
	assert_int_equal(elig_status_parse(c->status, &st), 0);
	memset(&in, 0, sizeof(in));
	in.birth_date = c->birth;
	in.today = c->today ? c->today : TODAY;
	in.in_new_york = strcmp(c->county, "outside") && county_rows(c->county) > 0;
	in.status = st;
	in.layoff_notice_date = c->notice;
	in.covid_related = c->covid;
	in.dol_staff = c->staff;

	if (elig_decide(&pol, &in, &res) != 0) {
		print_error("case \"%s\": refused: %s: %s\n", c->what, res.error_field, res.error);
		return -1;
	}
	reasons_string(&res, got, sizeof(got));
	if (strcmp(elig_decision_name(res.decision), c->decision) || strcmp(got, c->reasons)) {
		print_error("case \"%s\": expected %s [%s], got %s [%s]\n", c->what, c->decision,
			    c->reasons, elig_decision_name(res.decision), got);
		ok = 0;
	}
	if (res.policy_version != pol.version) {
		print_error("case \"%s\": policy version %lld not recorded\n", c->what,
			    (long long)pol.version);
		ok = 0;
	}
	arena_init(&a);
	for (i = 0; i < res.n; i++) {
		const char *en = elig_result_message(&a, LANG_EN, &res, i);
		const char *es = elig_result_message(&a, LANG_ES, &res, i);
		if (elig_reason_decision(res.reasons[i]) != res.decision) {
			print_error("case \"%s\": reason %s belongs to another decision\n", c->what,
				    elig_reason_code(res.reasons[i]));
			ok = 0;
		}
		if (!en[0] || !es[0] || !strcmp(en, es)) {
			print_error("case \"%s\": reason %s lacks an English or Spanish "
				    "explanation\n",
				    c->what, elig_reason_code(res.reasons[i]));
			ok = 0;
		}
	}
	arena_release(&a);
	return ok ? 0 : -1;
}

static void test_faq_table(void **state)
{
	size_t i, n = 0, failed = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n++;
		failed += run_case(&cases[i]) != 0;
	}
	print_message("%zu eligibility cases, %zu failed\n", n, failed);
	assert_true(n >= 30);
	assert_int_equal(failed, 0);
}

/* The reference table really splits Nassau and Westchester, and they are New York. */
static void test_split_counties_are_new_york(void **state)
{
	(void)state;
	assert_int_equal(county_rows("Nassau"), 2);
	assert_int_equal(county_rows("Westchester"), 2);
	assert_int_equal(county_rows("Albany"), 1);
	assert_int_equal(county_rows("Bergen"), 0);
}

/* Every reason code: stable name that parses back, a decision, and a plain explanation in
 * both languages that differ (the Spanish one is really translated). */
static void test_every_reason_has_both_languages(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < ELIG_R_COUNT; i++) {
		enum elig_reason r = (enum elig_reason)i, back;
		const char *code = elig_reason_code(r);
		const char *en = elig_reason_message(LANG_EN, r);
		const char *es = elig_reason_message(LANG_ES, r);

		assert_non_null(code);
		assert_int_equal(elig_reason_parse(code, &back), 0);
		assert_int_equal(back, r);
		assert_true(en[0] != '\0');
		assert_true(es[0] != '\0');
		if (!strcmp(en, es))
			fail_msg("reason %s has no Spanish explanation", code);
	}
	assert_null(elig_reason_code((enum elig_reason)ELIG_R_COUNT));
	assert_int_equal(elig_reason_parse("nope", &(enum elig_reason){ 0 }), -1);
	/* the ones the brief and API name */
	assert_string_equal(elig_reason_code(ELIG_R_UNEMPLOYED), "unemployed");
	assert_string_equal(elig_reason_code(ELIG_R_AT_RISK_REVIEW), "at_risk_review");
	assert_string_equal(elig_reason_code(ELIG_R_DOL_STAFF), "dol_staff");
	assert_string_equal(elig_reason_code(ELIG_R_OUTSIDE_NY), "outside_ny");
	assert_string_equal(elig_reason_message(LANG_EN, ELIG_R_UNEMPLOYED),
			    "You are not working right now, so you qualify.");
	assert_string_equal(elig_reason_message(LANG_ES, ELIG_R_UNEMPLOYED),
			    "No estás trabajando en este momento, así que calificas.");
}

static void test_age_message_names_the_age(void **state)
{
	struct elig_result res;
	struct arena a;

	(void)state;
	memset(&res, 0, sizeof(res));
	res.decision = ELIG_INELIGIBLE;
	res.reasons[0] = ELIG_R_UNDER_MIN_AGE;
	res.n = 1;
	res.min_age = 18;
	arena_init(&a);
	assert_non_null(strstr(elig_result_message(&a, LANG_EN, &res, 0), "18 or older"));
	assert_non_null(strstr(elig_result_message(&a, LANG_ES, &res, 0), "18 años o más"));
	assert_string_equal(elig_result_message(&a, LANG_EN, &res, 1), "");
	arena_release(&a);
}

static void test_status_names(void **state)
{
	static const char *const names[] = { "unemployed",	 "dislocated", "layoff_notice",
					     "employed_at_risk", "employed",   "underemployed" };
	enum elig_status st;
	enum elig_decision d;
	size_t i;

	(void)state;
	assert_int_equal(sizeof(names) / sizeof(names[0]), EMP_COUNT);
	for (i = 0; i < EMP_COUNT; i++) {
		assert_int_equal(elig_status_parse(names[i], &st), 0);
		assert_string_equal(elig_status_name(st), names[i]);
		assert_string_not_equal(elig_status_label(LANG_EN, st),
					elig_status_label(LANG_ES, st));
	}
	/* exactly as the API spells them */
	assert_int_equal(elig_status_parse("Unemployed", &st), -1);
	assert_int_equal(elig_status_parse("unemployed ", &st), -1);
	assert_int_equal(elig_status_parse("", &st), -1);
	assert_int_equal(elig_status_parse(NULL, &st), -1);
	assert_int_equal(elig_status_parse("at_risk", &st), -1);
	assert_null(elig_status_name((enum elig_status)EMP_COUNT));

	assert_string_equal(elig_decision_name(ELIG_ELIGIBLE), "eligible");
	assert_string_equal(elig_decision_name(ELIG_INELIGIBLE), "ineligible");
	assert_string_equal(elig_decision_name(ELIG_REVIEW), "review");
	assert_int_equal(elig_decision_parse("review", &d), 0);
	assert_int_equal(d, ELIG_REVIEW);
	assert_int_equal(elig_decision_parse("approved", &d), -1);
}

static void test_dates_and_age(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(elig_date_parse("2024-02-29", &y, &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	assert_int_equal(elig_date_parse("2000-02-29", NULL, NULL, NULL), 0);
	assert_int_equal(elig_date_parse("1900-02-29", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse("2026-02-29", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse("2026-04-31", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse("2026-13-01", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse("2026-00-10", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse("2026-1-10", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse("1990-+1-01", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse(" 990-01-01", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse("01/02/1990", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse("1899-12-31", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse("", NULL, NULL, NULL), -1);
	assert_int_equal(elig_date_parse(NULL, NULL, NULL, NULL), -1);

	assert_int_equal(elig_age("2008-11-29", "2026-11-29"), 18);
	assert_int_equal(elig_age("2008-11-30", "2026-11-29"), 17);
	assert_int_equal(elig_age("2008-12-01", "2026-11-29"), 17);
	assert_int_equal(elig_age("2008-10-30", "2026-11-29"), 18);
	assert_int_equal(elig_age("2008-02-29", "2026-02-28"), 17);
	assert_int_equal(elig_age("2008-02-29", "2026-03-01"), 18);
	assert_int_equal(elig_age("2008-02-29", "2028-02-29"), 20);
	assert_int_equal(elig_age("2026-11-29", "2026-11-29"), 0);
	assert_int_equal(elig_age("2026-11-30", "2026-11-29"), -1);
	assert_int_equal(elig_age("nope", "2026-11-29"), -1);
}

/* Form errors are refused with the field to fix, never turned into a decision. */
static void test_invalid_input_names_the_field(void **state)
{
	static const struct {
		const char *birth, *today, *notice;
		int status;
		const char *field;
	} bad[] = {
		{ "", TODAY, NULL, EMP_UNEMPLOYED, "birth_date" },
		{ NULL, TODAY, NULL, EMP_UNEMPLOYED, "birth_date" },
		{ "1990-02-30", TODAY, NULL, EMP_UNEMPLOYED, "birth_date" },
		{ "04/23/1985", TODAY, NULL, EMP_UNEMPLOYED, "birth_date" },
		{ "2026-11-30", TODAY, NULL, EMP_UNEMPLOYED, "birth_date" },
		{ "1985-04-23", TODAY, "2026-13-01", EMP_LAYOFF_NOTICE, "layoff_notice_date" },
		{ "1985-04-23", TODAY, "next week", EMP_LAYOFF_NOTICE, "layoff_notice_date" },
		{ "1985-04-23", TODAY, NULL, EMP_COUNT, "employment_status" },
		{ "1985-04-23", "someday", NULL, EMP_UNEMPLOYED, "today" },
	};
	struct elig_policy pol;
	struct elig_result res;
	size_t i;

	(void)state;
	policy_default(&pol);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct elig_input in = { .birth_date = bad[i].birth,
					 .today = bad[i].today,
					 .in_new_york = 1,
					 .status = (enum elig_status)bad[i].status,
					 .layoff_notice_date = bad[i].notice };
		assert_int_equal(elig_decide(&pol, &in, &res), -1);
		assert_string_equal(res.error_field, bad[i].field);
		assert_non_null(res.error);
		assert_string_not_equal(tr(LANG_EN, res.error), tr(LANG_ES, res.error));
	}
}

static void test_policy_check(void **state)
{
	struct elig_policy pol;
	struct buf b = BUF_INIT(8192);
	size_t i;

	(void)state;
	assert_null(policy_check("covid_related_required", "1"));
	assert_null(policy_check("covid_related_required", "off"));
	assert_null(policy_check("underemployed_eligible", "TRUE"));
	assert_null(policy_check("at_risk_review", "no"));
	assert_null(policy_check("min_age", "14"));
	assert_null(policy_check("min_age", "99"));
	assert_string_equal(policy_check("covid_related_required", "2"),
			    policy_setting_find("covid_related_required")->invalid);
	assert_non_null(policy_check("min_age", "13"));
	assert_non_null(policy_check("min_age", "100"));
	assert_non_null(policy_check("min_age", "-18"));
	assert_non_null(policy_check("min_age", "18x"));
	assert_non_null(policy_check("min_age", ""));
	assert_non_null(policy_check("min_age", NULL));
	assert_non_null(strstr(policy_check("max_age", "30"), "min_age"));
	assert_non_null(policy_check(NULL, "1"));
	assert_non_null(policy_check("", "1"));
	/* every message a staff member may see is translated */
	for (i = 0; i < policy_settings_count; i++) {
		assert_string_not_equal(tr(LANG_EN, policy_settings[i].help),
					tr(LANG_ES, policy_settings[i].help));
		assert_string_not_equal(tr(LANG_EN, policy_settings[i].invalid),
					tr(LANG_ES, policy_settings[i].invalid));
	}
	assert_string_not_equal(tr(LANG_EN, policy_check("x", "1")),
				tr(LANG_ES, policy_check("x", "1")));

	policy_default(&pol);
	assert_int_equal(pol.min_age, 18);
	assert_int_equal(pol.covid_related_required, 0);
	assert_int_equal(pol.underemployed_eligible, 0);
	assert_int_equal(pol.at_risk_review, 1);
	assert_int_equal(policy_show(&pol, &b), 0);
	for (i = 0; i < policy_settings_count; i++)
		assert_non_null(strstr(b.p, policy_settings[i].key));
	assert_non_null(strstr(b.p, "min_age                   18"));
	buf_release(&b);
}

/* ---- with the database --------------------------------------------------------------------- */

static char dbfile[TESTDB_PATH_MAX];

static int db_setup(void **state)
{
	(void)state;
	if (testdb_make(dbfile, sizeof(dbfile), "test_eligibility") != 0)
		return -1;
	if (db_open(dbfile, 0) != 0)
		return -1;
	return db_migrate(db_get()) == 0 ? 0 : -1;
}

static int db_teardown(void **state)
{
	(void)state;
	testdb_remove(dbfile);
	return 0;
}

static int64_t count_versions(void)
{
	struct stmt *st = db_prepare(db_get(), "SELECT COUNT(*) FROM policy_versions");
	int64_t n = -1;

	if (stmt_step(st) == DB_ROW)
		n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static void test_db_policy_versions(void **state)
{
	struct elig_policy def, pol, v1, got;
	struct elig_input in = { .birth_date = "2009-06-01",
				 .today = TODAY,
				 .in_new_york = 1,
				 .status = EMP_UNEMPLOYED };
	struct elig_result res;

	(void)state;
	/* the migration holds the FAQ's policy as version 1 */
	assert_int_equal(policy_load(&pol), 0);
	policy_default(&def);
	assert_int_equal(pol.version, 1);
	assert_int_equal(pol.covid_related_required, def.covid_related_required);
	assert_int_equal(pol.underemployed_eligible, def.underemployed_eligible);
	assert_int_equal(pol.min_age, def.min_age);
	assert_int_equal(pol.at_risk_review, def.at_risk_review);
	assert_int_equal(count_versions(), 1);

	/* a 17-year-old under version 1: not yet */
	assert_int_equal(elig_decide(&pol, &in, &res), 0);
	assert_int_equal(res.decision, ELIG_INELIGIBLE);
	assert_int_equal(res.policy_version, 1);

	/* a change writes version 2 and leaves version 1 as it was */
	assert_int_equal(policy_set("min_age", "17", "cli:test", &got), 0);
	assert_int_equal(got.version, 2);
	assert_int_equal(got.min_age, 17);
	assert_int_equal(count_versions(), 2);
	assert_int_equal(policy_load(&pol), 0);
	assert_int_equal(pol.version, 2);
	assert_int_equal(pol.min_age, 17);
	assert_string_equal(pol.created_by, "cli:test");
	assert_string_equal(pol.note, "min_age=17");
	assert_int_equal(strlen(pol.created_at), 20);
	assert_int_equal(policy_load_version(db_get(), 1, &v1), 0);
	assert_int_equal(v1.min_age, 18);
	assert_int_equal(policy_load_version(db_get(), 99, &v1), 1);

	/* and decisions now record version 2 */
	assert_int_equal(elig_decide(&pol, &in, &res), 0);
	assert_int_equal(res.decision, ELIG_ELIGIBLE);
	assert_int_equal(res.policy_version, 2);

	/* the same value again writes nothing; a bad key or value writes nothing */
	assert_int_equal(policy_set("min_age", "17", "cli:test", &got), POLICY_EUNCHANGED);
	assert_int_equal(got.version, 2);
	assert_int_equal(policy_set("max_age", "17", "cli:test", NULL), POLICY_EINVAL);
	assert_int_equal(policy_set("min_age", "seventeen", "cli:test", NULL), POLICY_EINVAL);
	assert_int_equal(policy_set("at_risk_review", "2", "cli:test", NULL), POLICY_EINVAL);
	assert_int_equal(count_versions(), 2);

	/* each further change builds on the latest, not on the default */
	assert_int_equal(policy_set("covid_related_required", "on", "staff@labor.ny.gov", &got), 0);
	assert_int_equal(got.version, 3);
	assert_int_equal(policy_load(&pol), 0);
	assert_int_equal(pol.version, 3);
	assert_int_equal(pol.min_age, 17);
	assert_int_equal(pol.covid_related_required, 1);
	assert_int_equal(elig_decide(&pol, &in, &res), 0);
	assert_int_equal(res.decision, ELIG_INELIGIBLE);
	assert_int_equal(res.reasons[0], ELIG_R_COVID_NOT_RELATED);
	assert_int_equal(res.policy_version, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faq_table),
		cmocka_unit_test(test_split_counties_are_new_york),
		cmocka_unit_test(test_every_reason_has_both_languages),
		cmocka_unit_test(test_age_message_names_the_age),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_dates_and_age),
		cmocka_unit_test(test_invalid_input_names_the_field),
		cmocka_unit_test(test_policy_check),
		cmocka_unit_test_setup_teardown(test_db_policy_versions, db_setup, db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
