/* report.c - the WIOA PIRL file (report.h). */
#include "report.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "principal.h"
#include "db/db.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/csvread.h"
#include "util/timeutil.h"

/* One person, as the elements read them. Times are stored UTC ISO; dates "YYYY-MM-DD". */
struct person {
	int64_t id;
	const char *osos_id, *fips, *birth_date, *employment, *override;
	const char *entered_referral; /* first entered referral's date, or NULL */
	const char *exit_date;	      /* latest confirmed exit up to the period's end */
	int64_t enrollments, active, completed;
	const char *first_enrolled, *last_completed, *last_dropped; /* UTC times */
	const char *cred_code, *cred_date, *gain1809, *gain1810;
	int activated;
	int learner; /* 0: a sign-up that never became a learner (id is its first application) */
};

struct pirl_ctx {
	struct arena *a;
	const char *state, *training_type, *participant_code, *reportable_code, *completed_code,
		*withdrew_code;
	int counts_as_training;
};

typedef const char *(*pirl_fn)(struct pirl_ctx *c, const struct person *p);

/* ---- the sources ---------------------------------------------------------------------------- */

/* "YYYY-MM-DD" (or a UTC time, taken as its New York date) as YYYYMMDD; NULL stays NULL. */
static const char *ymd(struct pirl_ctx *c, const char *s)
{
	char d[11];
	int64_t t;

	if (!s || strlen(s) < 10)
		return NULL;
	if (strlen(s) > 10 && iso_parse(s, &t) == 0)
		date_ny(t, d);
	else
		snprintf(d, sizeof(d), "%.10s", s);
	return arena_printf(c->a, "%.4s%.2s%.2s", d, d + 5, d + 8);
}

static int participant(struct pirl_ctx *c, const struct person *p)
{
	if (p->override && *p->override)
		return !strcmp(p->override, "participant");
	return c->counts_as_training && p->activated && p->entered_referral;
}

/* Dislocated workers and people with a layoff notice are reported under 904, everyone else
 * under 903. */
static int dislocated(const struct person *p)
{
	return !strcmp(p->employment, "dislocated") || !strcmp(p->employment, "layoff_notice");
}

/* Employment status at entry (PIRL 400) from the sign-up answer. The codes come from
 * secondary sources only (data/pirl-reference.md, section 2): correct a row here. */
static const struct {
	const char *answer, *code;
} employment_codes[] = {
	{ "unemployed", "0" },	     /* unemployed */
	{ "dislocated", "0" },	     /* lost a job: unemployed */
	{ "layoff_notice", "2" },    /* employed, with a termination notice */
	{ "employed_at_risk", "1" }, /* employed */
	{ "employed", "1" },	     { "underemployed", "1" },
};

static const char *src_id(struct pirl_ctx *c, const struct person *p)
{
	if (p->osos_id && *p->osos_id)
		return p->osos_id;
	/* stable, 12 characters, never an SSN: "SG" and the learner id, or for a person who never
	 * became a learner "SA" and their first application's id */
	return arena_printf(c->a, "%s%010lld", p->learner ? "SG" : "SA", (long long)p->id);
}

static const char *src_state(struct pirl_ctx *c, const struct person *p)
{
	return c->state;
}

static const char *src_county(struct pirl_ctx *c, const struct person *p)
{
	size_t n = p->fips ? strlen(p->fips) : 0;
	return n >= 3 ? p->fips + n - 3 : NULL;
}

static const char *src_birth(struct pirl_ctx *c, const struct person *p)
{
	return ymd(c, p->birth_date);
}

static const char *src_employment(struct pirl_ctx *c, const struct person *p)
{
	size_t i;

	for (i = 0; i < sizeof(employment_codes) / sizeof(employment_codes[0]); i++)
		if (!strcmp(p->employment, employment_codes[i].answer))
			return employment_codes[i].code;
	return NULL;
}

static const char *src_entry(struct pirl_ctx *c, const struct person *p)
{
	return participant(c, p) ? ymd(c, p->entered_referral) : NULL;
}

static const char *src_exit(struct pirl_ctx *c, const struct person *p)
{
	return ymd(c, p->exit_date);
}

static const char *src_adult(struct pirl_ctx *c, const struct person *p)
{
	if (dislocated(p))
		return NULL;
	return participant(c, p) ? c->participant_code : c->reportable_code;
}

static const char *src_dw(struct pirl_ctx *c, const struct person *p)
{
	if (!dislocated(p))
		return NULL;
	return participant(c, p) ? c->participant_code : c->reportable_code;
}

static const char *src_training(struct pirl_ctx *c, const struct person *p)
{
	if (!p->learner)
		return NULL;
	return p->enrollments ? "1" : "0";
}

static const char *src_training_start(struct pirl_ctx *c, const struct person *p)
{
	return p->enrollments ? ymd(c, p->first_enrolled) : NULL;
}

static const char *src_training_type(struct pirl_ctx *c, const struct person *p)
{
	return p->enrollments ? c->training_type : NULL;
}

/* Training ended: every enrollment completed or dropped. */
static int training_over(const struct person *p)
{
	return p->enrollments && !p->active;
}

static const char *src_training_completed(struct pirl_ctx *c, const struct person *p)
{
	if (!training_over(p))
		return NULL;
	return p->completed ? c->completed_code : c->withdrew_code;
}

static const char *src_training_end(struct pirl_ctx *c, const struct person *p)
{
	if (!training_over(p))
		return NULL;
	if (p->last_completed &&
	    (!p->last_dropped || strcmp(p->last_completed, p->last_dropped) >= 0))
		return ymd(c, p->last_completed);
	return ymd(c, p->last_dropped);
}

static const char *src_cred_type(struct pirl_ctx *c, const struct person *p)
{
	return p->cred_code && *p->cred_code ? p->cred_code : NULL;
}

static const char *src_cred_date(struct pirl_ctx *c, const struct person *p)
{
	return ymd(c, p->cred_date);
}

static const char *src_gain_milestone(struct pirl_ctx *c, const struct person *p)
{
	return ymd(c, p->gain1809);
}

static const char *src_gain_progression(struct pirl_ctx *c, const struct person *p)
{
	return ymd(c, p->gain1810);
}

static const char *src_completed_all(struct pirl_ctx *c, const struct person *p)
{
	return training_over(p) && p->completed ? ymd(c, p->last_completed) : NULL;
}

/* ---- THE table: element -> source ------------------------------------------------------------
 * Columns: element, name, where the value comes from, confidence of the element and its codes
 * in data/pirl-reference.md (C confirmed, S secondary source only, U unconfirmed), the
 * function. docs/reporting.md explains each row; a corrected element is a one-line change. */
static const struct {
	struct pirl_element_info info;
	pirl_fn fn;
} pirl_elements[] = {
	{ { "100", "Unique Individual Identifier",
	    "the OSOS ID, else SG and the learner id (SA and the first application id for "
	    "people who never became learners; 12 characters)",
	    "C" },
	  src_id },
	{ { "101", "State Code of Residence", "setting pirl_state_code (NY)", "C" }, src_state },
	{ { "102", "County Code of Residence",
	    "last 3 digits of the FIPS code of the county given at sign-up", "S" },
	  src_county },
	{ { "200", "Date of Birth", "sign-up answer", "C" }, src_birth },
	{ { "400", "Employment Status at Program Entry",
	    "sign-up answer, codes in employment_codes[] (0 unemployed, 1 employed, 2 employed "
	    "with a layoff notice)",
	    "S" },
	  src_employment },
	{ { "900", "Date of Program Entry",
	    "participants only: date of the first referral entered in OSOS", "S" },
	  src_entry },
	{ { "901", "Date of Program Exit",
	    "latest exit entry confirmed by staff (the last activity date)", "C" },
	  src_exit },
	{ { "903", "Adult",
	    "everyone but dislocated workers: setting pirl_reportable_code (4) for reportable "
	    "individuals, pirl_participant_code (1) for participants",
	    "C (4), S (others)" },
	  src_adult },
	{ { "904", "Dislocated Worker",
	    "dislocated workers and people with a layoff notice: the same codes as 903",
	    "C (4), S (others)" },
	  src_dw },
	{ { "1300", "Received Training", "learners: 1 when enrolled in any program, else 0", "S" },
	  src_training },
	{ { "1302", "Date Entered Training #1", "first enrollment", "S" }, src_training_start },
	{ { "1303", "Type of Training Service #1", "setting pirl_training_type (06)", "S" },
	  src_training_type },
	{ { "1307", "Training Completed #1",
	    "when no enrollment is still open: setting pirl_training_completed (1) if a program "
	    "was completed, else pirl_training_withdrew (0)",
	    "S (codes U)" },
	  src_training_completed },
	{ { "1308", "Date Completed, or Withdrew from, Training #1",
	    "latest completion, or latest drop, once no enrollment is open", "C" },
	  src_training_end },
	{ { "1800", "Type of Recognized Credential",
	    "latest credential entry confirmed by staff: its code (setting "
	    "osos_credential_kinds)",
	    "C (name), S (codes)" },
	  src_cred_type },
	{ { "1801", "Date Attained Recognized Credential", "that credential's completion date",
	    "C" },
	  src_cred_date },
	{ { "1809", "Date of Most Recent MSG: Training Milestone",
	    "latest skill gain of element 1809 confirmed by staff", "C" },
	  src_gain_milestone },
	{ { "1810", "Date of Most Recent MSG: Skills Progression",
	    "latest skill gain of element 1810 confirmed by staff", "C" },
	  src_gain_progression },
	{ { "1811",
	    "Date Enrolled During Program Participation in an Education or Training "
	    "Program Leading to a Recognized Postsecondary Credential or Employment",
	    "first enrollment", "C" },
	  src_training_start },
	{ { "1813",
	    "Date Completed During Program Participation an Education or Training "
	    "Program Leading to a Recognized Postsecondary Credential or Employment",
	    "latest completion, once every program the learner started is completed or dropped",
	    "C" },
	  src_completed_all },
};

#define PIRL_COLUMNS (sizeof(pirl_elements) / sizeof(pirl_elements[0]))

size_t report_pirl_elements(const struct pirl_element_info **out)
{
	static struct pirl_element_info infos[PIRL_COLUMNS];
	size_t i;

	for (i = 0; i < PIRL_COLUMNS; i++)
		infos[i] = pirl_elements[i].info;
	*out = infos;
	return PIRL_COLUMNS;
}

/* ---- the file ---------------------------------------------------------------------------- */

static const char *col(struct stmt *st, int i, struct arena *a)
{
	return stmt_is_null(st, i) ? NULL : stmt_text_dup(st, i, a);
}

/* Writes one person's row; -1 when the file is full. */
static int write_person(struct pirl_ctx *c, const struct person *p, struct buf *out, size_t *rows)
{
	size_t i;

	for (i = 0; i < PIRL_COLUMNS; i++) {
		const char *v = pirl_elements[i].fn(c, p);
		csv_write_cell(out, v ? v : "", i + 1 == PIRL_COLUMNS);
	}
	(*rows)++;
	return out->len + 1 >= out->max ? -1 : 0;
}

/* People who signed up in the period and never became learners (denied, waitlisted, pending):
 * reportable individuals, one row per person (person_key) from their latest application. A
 * person with a learners row under any application is the learner's row instead. */
static int write_applicants(struct pirl_ctx *c, int64_t area, const char *from, const char *to_end,
			    struct buf *out, size_t *rows)
{
	struct stmt *st;
	struct arena row;
	int rc;

	st = db_prepare(
		db_get(),
		"SELECT g.first_id, ap.osos_id, (SELECT MIN(ca.fips) FROM county_areas ca WHERE "
		"ca.county = ap.county), ap.birth_date, ap.employment_status FROM (SELECT "
		"person_key, MIN(id) AS first_id, MAX(id) AS last_id FROM applications WHERE "
		"submitted_at <= ? GROUP BY person_key HAVING MAX(submitted_at) >= ?) g JOIN "
		"applications ap ON ap.id = g.last_id LEFT JOIN (SELECT DISTINCT a2.person_key "
		"FROM "
		"learners l JOIN applications a2 ON a2.id = l.application_id) lk ON lk.person_key "
		"= "
		"g.person_key WHERE lk.person_key IS NULL AND (? = 0 OR ap.local_area_id = ?) "
		"ORDER "
		"BY g.first_id");
	stmt_bind_text(st, 1, to_end);
	stmt_bind_text(st, 2, from);
	stmt_bind_int(st, 3, area);
	stmt_bind_int(st, 4, area);
	arena_init(&row);
	while ((rc = stmt_step(st)) == DB_ROW) {
		struct person p;
		arena_release(&row);
		arena_init(&row);
		c->a = &row;
		memset(&p, 0, sizeof(p));
		p.id = stmt_int(st, 0);
		p.osos_id = col(st, 1, &row);
		p.fips = col(st, 2, &row);
		p.birth_date = col(st, 3, &row);
		p.employment = col(st, 4, &row);
		if (!p.employment)
			p.employment = "";
		if (write_person(c, &p, out, rows) != 0) {
			rc = DB_ERR;
			break;
		}
	}
	stmt_done(st);
	arena_release(&row);
	return rc == DB_DONE ? 0 : -1;
}

int report_pirl_csv(const struct principal *who, int64_t local_area, const char *from,
		    const char *to, struct buf *out, size_t *rows)
{
	struct db *db = db_get();
	struct arena a, row;
	struct pirl_ctx c;
	struct stmt *st;
	char to_end[16];
	int64_t area;
	size_t i;
	int rc;

	*rows = 0;
	if (!from || !to || !date_valid(from) || !date_valid(to) || strcmp(from, to) > 0)
		return -1;
	if (who->local_area && local_area && local_area != who->local_area)
		return -2;
	area = who->local_area ? who->local_area : local_area;
	snprintf(to_end, sizeof(to_end), "%sT99", to);
	arena_init(&a);
	c.a = &a;
	c.state = settings_get(&a, "pirl_state_code");
	c.training_type = settings_get(&a, "pirl_training_type");
	c.participant_code = settings_get(&a, "pirl_participant_code");
	c.reportable_code = settings_get(&a, "pirl_reportable_code");
	c.completed_code = settings_get(&a, "pirl_training_completed");
	c.withdrew_code = settings_get(&a, "pirl_training_withdrew");
	c.counts_as_training = settings_get_int("coursera_counts_as_training", 0) == 1;
	for (i = 0; i < PIRL_COLUMNS; i++)
		csv_write_cell(out, pirl_elements[i].info.element, i + 1 == PIRL_COLUMNS);

	/* one pass over each table, grouped by learner and joined in learner order: a handful of
	 * index lookups per person instead of one per element */
	st = db_prepare(
		db,
		"SELECT l.id, l.osos_id, (SELECT MIN(ca.fips) FROM county_areas ca WHERE ca.county "
		"= ap.county), ap.birth_date, ap.employment_status, COALESCE(l.wioa_override, ''), "
		"x.ref_date, x.exit_date, COALESCE(en.n, 0), COALESCE(en.open_n, 0), "
		"COALESCE(en.done_n, 0), en.first_at, en.done_at, en.drop_at, x.cred, x.g9, x.g10, "
		"CASE WHEN l.activated_at IS NULL THEN 0 ELSE 1 END FROM learners l JOIN "
		"applications ap ON ap.id = l.application_id LEFT JOIN (SELECT learner_id, "
		"COUNT(*) "
		"AS n, SUM(CASE WHEN state = 'enrolled' THEN 1 ELSE 0 END) AS open_n, SUM(CASE "
		"WHEN "
		"state = 'completed' THEN 1 ELSE 0 END) AS done_n, MIN(enrolled_at) AS first_at, "
		"MAX(completed_at) AS done_at, MAX(CASE WHEN state = 'dropped' THEN dropped_at "
		"END) "
		"AS drop_at FROM enrollments GROUP BY learner_id) en ON en.learner_id = l.id LEFT "
		"JOIN (SELECT learner_id, MIN(CASE WHEN kind = 'referral' AND status = 'entered' "
		"THEN event_date END) AS ref_date, MAX(CASE WHEN kind = 'exit' AND status IN "
		"('pending', 'entered') AND event_date <= ? THEN event_date END) AS exit_date, "
		"MAX(CASE WHEN kind = 'credential' AND status IN ('pending', 'entered') AND "
		"event_date <= ? THEN event_date || ' ' || pirl_code END) AS cred, MAX(CASE WHEN "
		"kind = 'skill_gain' AND pirl_code = '1809' AND status IN ('pending', 'entered') "
		"AND event_date <= ? THEN event_date END) AS g9, MAX(CASE WHEN kind = 'skill_gain' "
		"AND pirl_code = '1810' AND status IN ('pending', 'entered') AND event_date <= ? "
		"THEN event_date END) AS g10 FROM osos_entries GROUP BY learner_id) x ON "
		"x.learner_id = l.id WHERE (? = 0 OR l.local_area_id = ?) AND ap.submitted_at <= ? "
		"AND (ap.submitted_at >= ? OR l.activated_at >= ? OR l.last_activity_at >= ?) "
		"ORDER BY l.id");
	stmt_bind_text(st, 1, to);
	stmt_bind_text(st, 2, to);
	stmt_bind_text(st, 3, to);
	stmt_bind_text(st, 4, to);
	stmt_bind_int(st, 5, area);
	stmt_bind_int(st, 6, area);
	stmt_bind_text(st, 7, to_end);
	stmt_bind_text(st, 8, from);
	stmt_bind_text(st, 9, from);
	stmt_bind_text(st, 10, from);
	arena_init(&row);
	while ((rc = stmt_step(st)) == DB_ROW) {
		struct person p;
		arena_release(&row);
		arena_init(&row);
		c.a = &row;
		p.id = stmt_int(st, 0);
		p.osos_id = col(st, 1, &row);
		p.fips = col(st, 2, &row);
		p.birth_date = col(st, 3, &row);
		p.employment = stmt_text_dup(st, 4, &row);
		p.override = col(st, 5, &row);
		p.entered_referral = col(st, 6, &row);
		p.exit_date = col(st, 7, &row);
		p.enrollments = stmt_int(st, 8);
		p.active = stmt_int(st, 9);
		p.completed = stmt_int(st, 10);
		p.first_enrolled = col(st, 11, &row);
		p.last_completed = col(st, 12, &row);
		p.last_dropped = col(st, 13, &row);
		p.cred_date = col(st, 14, &row); /* "YYYY-MM-DD code" */
		p.cred_code = p.cred_date && strlen(p.cred_date) > 11 ? p.cred_date + 11 : NULL;
		p.gain1809 = col(st, 15, &row);
		p.gain1810 = col(st, 16, &row);
		p.activated = (int)stmt_int(st, 17);
		p.learner = 1;
		if (!p.employment)
			p.employment = "";
		if (write_person(&c, &p, out, rows) != 0) {
			rc = DB_ERR;
			break;
		}
	}
	stmt_done(st);
	arena_release(&row);
	if (rc == DB_DONE && write_applicants(&c, area, from, to_end, out, rows) != 0)
		rc = DB_ERR;
	arena_release(&a);
	return rc == DB_DONE ? 0 : -3;
}

/* ---- the program's figures ------------------------------------------------------------------ */

/* Adds n to the field at `off` of the total and of area `id` (none when it is not an area). */
static void add(struct report_summary *s, int64_t id, size_t off, int64_t n)
{
	size_t i;

	*(int64_t *)(void *)((char *)&s->total + off) += n;
	for (i = 0; i < s->nareas; i++)
		if (s->areas[i].id == id) {
			*(int64_t *)(void *)((char *)&s->areas[i].f + off) += n;
			break;
		}
}

#define F(field) offsetof(struct report_figures, field)

static int load_areas(struct db *db, struct arena *a, struct report_summary *s)
{
	struct stmt *st =
		db_prepare(db, "SELECT la.id, la.name, rg.id, rg.name FROM local_areas la "
			       "JOIN regions rg ON rg.id = la.region_id ORDER BY la.name");
	size_t cap = 128, k;
	int rc;

	s->areas = arena_zalloc(a, cap * sizeof(*s->areas));
	s->regions = arena_zalloc(a, cap * sizeof(*s->regions));
	while ((rc = stmt_step(st)) == DB_ROW && s->nareas < cap) {
		struct report_group *g = &s->areas[s->nareas++];
		g->id = stmt_int(st, 0);
		g->name = stmt_text_dup(st, 1, a);
		g->region_id = stmt_int(st, 2);
		for (k = 0; k < s->nregions && s->regions[k].id != g->region_id; k++)
			;
		if (k == s->nregions) {
			s->regions[k].id = g->region_id;
			s->regions[k].name = stmt_text_dup(st, 3, a);
			s->nregions++;
		}
	}
	stmt_done(st);
	return rc == DB_ERR ? -1 : 0;
}

/* Sums the areas' figures into their regions. */
static void sum_regions(struct report_summary *s)
{
	size_t i, k, j;

	for (i = 0; i < s->nareas; i++)
		for (k = 0; k < s->nregions; k++)
			if (s->regions[k].id == s->areas[i].region_id) {
				int64_t *to = (int64_t *)(void *)&s->regions[k].f;
				const int64_t *from = (const int64_t *)(const void *)&s->areas[i].f;
				for (j = 0; j < F(hours) / sizeof(int64_t); j++)
					to[j] += from[j];
				for (j = F(osos_draft) / sizeof(int64_t);
				     j < sizeof(struct report_figures) / sizeof(int64_t); j++)
					to[j] += from[j];
				s->regions[k].f.hours += s->areas[i].f.hours;
			}
}

/* Statements grouped by local area, scoped with (? = 0 OR local_area_id = ?). */
static int by_status(struct db *db, struct report_summary *s, int64_t area, int learners)
{
	struct stmt *st =
		learners
			? db_prepare(db,
				     "SELECT COALESCE(local_area_id, 0), license_status, "
				     "COUNT(*) FROM learners WHERE (? = 0 OR local_area_id = ?) "
				     "GROUP BY local_area_id, license_status")
			: db_prepare(db, "SELECT COALESCE(local_area_id, 0), status, COUNT(*) FROM "
					 "applications WHERE (? = 0 OR local_area_id = ?) GROUP BY "
					 "local_area_id, status");
	int rc;

	stmt_bind_int(st, 1, area);
	stmt_bind_int(st, 2, area);
	while ((rc = stmt_step(st)) == DB_ROW) {
		int64_t id = stmt_int(st, 0), n = stmt_int(st, 2);
		const char *k = stmt_text(st, 1);
		if (learners) {
			add(s, id, F(learners), n);
			if (!strcmp(k, "active"))
				add(s, id, F(active), n);
			else if (!strcmp(k, "waitlisted"))
				add(s, id, F(waitlisted), n);
		} else {
			add(s, id, F(signups), n);
			if (!strcmp(k, "denied"))
				add(s, id, F(denied), n);
			else if (!strcmp(k, "pending_review"))
				add(s, id, F(pending), n);
			else
				add(s, id, F(approved), n);
		}
	}
	stmt_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int learning(struct db *db, struct report_summary *s, int64_t area)
{
	struct stmt *st = db_prepare(
		db,
		"SELECT COALESCE(l.local_area_id, 0), COUNT(DISTINCT CASE WHEN e.state = "
		"'enrolled' THEN e.learner_id END), SUM(CASE WHEN e.state = 'completed' THEN 1 "
		"ELSE 0 END), SUM(CASE WHEN e.state = 'completed' AND e.certificate_url <> '' "
		"THEN 1 ELSE 0 END), SUM(e.learning_hours) FROM enrollments e JOIN learners l ON "
		"l.id = e.learner_id WHERE (? = 0 OR l.local_area_id = ?) GROUP BY "
		"l.local_area_id");
	size_t i;
	int rc;

	stmt_bind_int(st, 1, area);
	stmt_bind_int(st, 2, area);
	while ((rc = stmt_step(st)) == DB_ROW) {
		int64_t id = stmt_int(st, 0);
		double h = stmt_double(st, 4);
		add(s, id, F(enrolled), stmt_int(st, 1));
		add(s, id, F(completions), stmt_int(st, 2));
		add(s, id, F(certificates), stmt_int(st, 3));
		s->total.hours += h;
		for (i = 0; i < s->nareas; i++)
			if (s->areas[i].id == id)
				s->areas[i].f.hours += h;
	}
	stmt_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int osos_figures(struct db *db, struct report_summary *s, int64_t area, int counts)
{
	struct stmt *st = db_prepare(
		db, "SELECT COALESCE(l.local_area_id, 0), e.status, COUNT(*) FROM osos_entries e "
		    "JOIN learners l ON l.id = e.learner_id WHERE (? = 0 OR l.local_area_id = ?) "
		    "GROUP BY l.local_area_id, e.status");
	int rc;

	stmt_bind_int(st, 1, area);
	stmt_bind_int(st, 2, area);
	while ((rc = stmt_step(st)) == DB_ROW) {
		int64_t id = stmt_int(st, 0), n = stmt_int(st, 2);
		const char *k = stmt_text(st, 1);
		add(s, id,
		    !strcmp(k, "draft")	    ? F(osos_draft)
		    : !strcmp(k, "pending") ? F(osos_pending)
		    : !strcmp(k, "entered") ? F(osos_entered)
					    : F(osos_rejected),
		    n);
	}
	stmt_done(st);
	if (rc != DB_DONE)
		return -1;
	/* participants: the state admin's choice for the learner, else the rule */
	st = db_prepare(db,
			"SELECT COALESCE(l.local_area_id, 0), COUNT(*) FROM learners l WHERE "
			"(? = 0 OR l.local_area_id = ?) AND (l.wioa_override = 'participant' OR "
			"(l.wioa_override IS NULL AND ? = 1 AND l.activated_at IS NOT NULL AND "
			"EXISTS (SELECT 1 FROM osos_entries x WHERE x.learner_id = l.id AND "
			"x.kind = 'referral' AND x.status = 'entered'))) GROUP BY l.local_area_id");
	stmt_bind_int(st, 1, area);
	stmt_bind_int(st, 2, area);
	stmt_bind_int(st, 3, counts);
	while ((rc = stmt_step(st)) == DB_ROW)
		add(s, stmt_int(st, 0), F(participants), stmt_int(st, 1));
	stmt_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* Sign-ups per week (the last REPORT_WEEKS weeks, today's week last, by New York dates) and
 * the time from sign-up to activation. The database counts sign-ups per UTC hour; each hour
 * falls on one New York date (the offset is whole hours), so an evening sign-up in New York
 * counts on its own day, not on the next one as its UTC date would say. */
static int timeline(struct db *db, struct report_summary *s, int64_t area)
{
	char today[11], since[ISO_LEN];
	int64_t t0;
	struct stmt *st;
	int i, rc;

	date_today_ny(today);
	iso_parse(today, &t0);
	t0 -= (int64_t)(REPORT_WEEKS * 7 - 1) * 86400;
	for (i = 0; i < REPORT_WEEKS; i++) {
		iso_utc(t0 + (int64_t)i * 7 * 86400, since);
		snprintf(s->week_start[i], sizeof(s->week_start[i]), "%.10s", since);
	}
	/* the first New York day starts at 04:00 or 05:00 UTC: from its UTC midnight is enough */
	st = db_prepare(db, "SELECT substr(submitted_at, 1, 13), COUNT(*) FROM applications WHERE "
			    "submitted_at >= ? AND (? = 0 OR local_area_id = ?) GROUP BY "
			    "substr(submitted_at, 1, 13)");
	stmt_bind_text(st, 1, s->week_start[0]);
	stmt_bind_int(st, 2, area);
	stmt_bind_int(st, 3, area);
	while ((rc = stmt_step(st)) == DB_ROW) {
		char hour[ISO_LEN], day[11];
		int64_t t;
		snprintf(hour, sizeof(hour), "%.13s:00:00Z", stmt_text(st, 0));
		if (iso_parse(hour, &t) == 0 && iso_parse(date_ny(t, day), &t) == 0 && t >= t0) {
			int64_t w = (t - t0) / (7 * 86400);
			if (w < REPORT_WEEKS)
				s->signups_week[w] += stmt_int(st, 1);
		}
	}
	stmt_done(st);
	if (rc != DB_DONE)
		return -1;
	st = db_prepare(db, "SELECT a.submitted_at, l.activated_at FROM learners l JOIN "
			    "applications a ON a.id = l.application_id WHERE l.activated_at IS "
			    "NOT NULL AND (? = 0 OR l.local_area_id = ?)");
	stmt_bind_int(st, 1, area);
	stmt_bind_int(st, 2, area);
	while ((rc = stmt_step(st)) == DB_ROW) {
		int64_t a, b;
		if (iso_parse(stmt_text(st, 0), &a) == 0 && iso_parse(stmt_text(st, 1), &b) == 0) {
			int64_t h = (b - a) / 3600;
			s->activation[h < 24 ? 0 : h < 48 ? 1 : 2]++;
		}
	}
	stmt_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int report_summary(struct arena *a, const struct principal *who, int64_t local_area,
		   struct report_summary *out)
{
	struct db *db = db_get();
	int64_t area;
	int counts = settings_get_int("coursera_counts_as_training", 0) == 1;

	memset(out, 0, sizeof(*out));
	if (who->local_area && local_area && local_area != who->local_area)
		return -2;
	area = who->local_area ? who->local_area : local_area;
	if (!area && load_areas(db, a, out) != 0)
		return -3;
	if (by_status(db, out, area, 0) != 0 || by_status(db, out, area, 1) != 0 ||
	    learning(db, out, area) != 0 || osos_figures(db, out, area, counts) != 0 ||
	    timeline(db, out, area) != 0)
		return -3;
	sum_regions(out);
	return 0;
}
