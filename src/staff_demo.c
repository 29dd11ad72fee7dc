/* staff_demo.c - demo staff and generated learners.
 *
 * `make run` seeds three staff accounts (a state admin, an area admin and a viewer in New
 * York City) and about forty learners across the local areas, in every state a request and
 * a license can be in, with enrollments and progress, so each staff page has something to
 * show. The same generator makes the benchmark's 100,000 learners (`skillgate
 * test-staff-data`). Rows are written directly, as if their requests had been decided: the
 * generator makes no e-mail. Deterministic for a given seed, except application references,
 * which come from application_new_reference().
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "application.h"
#include "db/db.h"
#include "geo.h"
#include "settings.h"
#include "staff.h"
#include "util/arena.h"
#include "util/timeutil.h"

static const char *const first_names[] = {
	"Maria",   "Jose",     "Luis",	   "Ana",      "Carmen",  "Carlos",    "Rosa",
	"Miguel",  "Lucia",    "Jorge",	   "John",     "Mary",	  "James",     "Linda",
	"Robert",  "Patricia", "Michael",  "Jennifer", "William", "Elizabeth", "David",
	"Barbara", "Richard",  "Susan",	   "Joseph",   "Jessica", "Thomas",    "Sarah",
	"Charles", "Karen",    "Wei",	   "Aisha",    "Omar",	  "Fatima",    "Dmitri",
	"Olga",	   "Kwame",    "Priya",	   "Hiroshi",  "Nadia",	  "Tyrone",    "Keisha",
	"Sean",	   "Bridget",  "Giovanni", "Francesca"
};
static const char *const last_names[] = {
	"Garcia",   "Rodriguez", "Martinez", "Hernandez", "Lopez",     "Gonzalez", "Perez",
	"Sanchez",  "Ramirez",	 "Torres",   "Smith",	  "Johnson",   "Williams", "Brown",
	"Jones",    "Miller",	 "Davis",    "Wilson",	  "Anderson",  "Taylor",   "Thomas",
	"Moore",    "Jackson",	 "Martin",   "Lee",	  "Thompson",  "White",	   "Harris",
	"Clark",    "Lewis",	 "Robinson", "Walker",	  "Young",     "Allen",	   "King",
	"Wright",   "Scott",	 "Nguyen",   "Hill",	  "Flores",    "Green",	   "Adams",
	"Nelson",   "Baker",	 "Hall",     "Rivera",	  "Campbell",  "Mitchell", "Carter",
	"Roberts",  "Chen",	 "Kim",	     "Patel",	  "Cohen",     "Murphy",   "O'Brien",
	"Kowalski", "Okafor",	 "Haddad",   "Ivanova",	  "de la Cruz"
};
static const char *const statuses[] = { "unemployed", "dislocated", "layoff_notice",
					"employed_at_risk" };

/* xorshift64*: small, fast and the same on every machine. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

struct county {
	const char *name;
	int64_t area, region;
};

struct gen {
	int n, pending_share; /* percent of rows that are requests waiting for review */
	uint64_t seed, state;
	int done;
	struct county *counties;
	size_t ncounties;
	int64_t *programs;
	size_t nprograms;
	int64_t only_area; /* >0: every row in this area */
	int64_t created, pending, learners;
	int64_t now;
};

static int load_refs(struct arena *a, struct gen *g)
{
	struct db *db = db_get();
	struct stmt *st;
	size_t cap = 128, pcap = 256;

	g->counties = arena_alloc(a, cap * sizeof(*g->counties));
	st = db_prepare(db,
			"SELECT county, local_area_id, region_id FROM county_areas ORDER BY id");
	while (stmt_step(st) == DB_ROW && g->ncounties < cap) {
		struct county *c = &g->counties[g->ncounties];
		c->name = stmt_text_dup(st, 0, a);
		c->area = stmt_int(st, 1);
		c->region = stmt_int(st, 2);
		if (g->only_area <= 0 || c->area == g->only_area)
			g->ncounties++;
	}
	stmt_done(st);
	g->programs = arena_alloc(a, pcap * sizeof(*g->programs));
	st = db_prepare(db, "SELECT id FROM programs WHERE active = 1 ORDER BY static_score DESC, "
			    "id LIMIT 256");
	while (stmt_step(st) == DB_ROW && g->nprograms < pcap)
		g->programs[g->nprograms++] = stmt_int(st, 0);
	stmt_done(st);
	return g->ncounties ? 0 : -1;
}

static int exec_insert_event(struct db *db, int64_t app, const char *at, const char *actor,
			     const char *from, const char *to, const char *note)
{
	struct stmt *st = db_prepare(db, "INSERT INTO application_events (application_id, at, "
					 "actor, from_status, to_status, note) VALUES (?, ?, ?, ?, "
					 "?, ?)");
	int rc;

	stmt_bind_int(st, 1, app);
	stmt_bind_text(st, 2, at);
	stmt_bind_text(st, 3, actor);
	stmt_bind_text(st, 4, from);
	stmt_bind_text(st, 5, to);
	stmt_bind_text(st, 6, note);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* One generated person: who they are and where their request stands. */
struct person {
	const struct county *c;
	const char *first, *last;
	int es;
	const char *status, *lstatus; /* the request's; the license's, NULL without one */
	int64_t tsub;
	char ref[APP_REF_LEN], email[160], norm[160], key[200], birth[11];
	char sub[ISO_LEN], due[ISO_LEN], dec[ISO_LEN], act[ISO_LEN], osos[16];
};

/* Draws person i: name, county, e-mail, birth date and the state of their request. 0 or -1. */
static int draw_person(struct gen *g, int i, struct person *d)
{
	uint64_t *s = &g->state;
	int roll;
	char local[80], *p;

	memset(d, 0, sizeof(*d));
	d->c = &g->counties[rnd(s) % g->ncounties];
	d->first = first_names[rnd(s) % (sizeof(first_names) / sizeof(first_names[0]))];
	d->last = last_names[rnd(s) % (sizeof(last_names) / sizeof(last_names[0]))];
	d->es = rnd(s) % 100 < 15;
	roll = (int)(rnd(s) % 100);
	snprintf(local, sizeof(local), "%s.%s", d->first, d->last);
	for (p = local; *p; p++)
		*p = *p == ' ' || *p == '\'' ? '-' : (char)tolower((unsigned char)*p);
	snprintf(d->email, sizeof(d->email), "%s.%llu.%d@example.org", local,
		 (unsigned long long)(g->seed % 1000), i);
	if (application_email_normalize(d->email, d->norm, sizeof(d->norm)) != 0)
		return -1;
	snprintf(d->birth, sizeof(d->birth), "%04d-%02d-%02d", 1955 + (int)(rnd(s) % 48),
		 1 + (int)(rnd(s) % 12), 1 + (int)(rnd(s) % 28));
	if (application_person_key(d->first, d->last, d->birth, d->key, sizeof(d->key)) != 0)
		return -1;
	application_new_reference(d->ref);
	if (roll < g->pending_share) {
		d->status = "pending_review";
		d->tsub = g->now - (int64_t)(rnd(s) % (72 * 3600));
	} else {
		d->tsub = g->now - 3600 - (int64_t)(rnd(s) % (60 * 86400));
		roll = (int)(rnd(s) % 100);
		d->status = roll < 8 ? "denied" : "active";
		if (roll >= 8) {
			d->lstatus = roll < 78	 ? "active"
				     : roll < 86 ? "waitlisted"
				     : roll < 93 ? "removed"
						 : "expired";
			if (!strcmp(d->lstatus, "waitlisted"))
				d->status = "waitlisted";
		}
	}
	iso_utc(d->tsub, d->sub);
	iso_utc(d->tsub + settings_get_int("sla_hours", 48) * 3600, d->due);
	iso_utc(d->tsub + 600 + (int64_t)(rnd(s) % 3600), d->dec);
	return 0;
}

/* The person's request, decided as their status says. The row's id, 0 when its reference or
 * e-mail is already taken (skip the person), or -1. */
static int64_t insert_application(struct db *db, struct gen *g, const struct person *d)
{
	uint64_t *s = &g->state;
	int pending = !strcmp(d->status, "pending_review"), k, rc;
	struct stmt *st;

	st = db_prepare(db,
			"INSERT INTO applications (reference, first_name, last_name, email, "
			"email_norm, person_key, phone, birth_date, county, local_area_id, "
			"region_id, employment_status, covid_related, language, program, "
			"decision, reasons, policy_version, status, submitted_at, due_at, "
			"decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			"?, ?, ?, 1, ?, ?, ?, ?, ?)");
	stmt_bind_text(st, 1, d->ref);
	stmt_bind_text(st, 2, d->first);
	stmt_bind_text(st, 3, d->last);
	stmt_bind_text(st, 4, d->email);
	stmt_bind_text(st, 5, d->norm);
	stmt_bind_text(st, 6, d->key);
	stmt_bind_text(st, 7, rnd(s) % 2 ? "518-555-0100" : "");
	stmt_bind_text(st, 8, d->birth);
	stmt_bind_text(st, 9, d->c->name);
	stmt_bind_int(st, 10, d->c->area);
	stmt_bind_int(st, 11, d->c->region);
	k = (int)(rnd(s) % 4);
	stmt_bind_text(st, 12, pending ? "employed_at_risk" : statuses[k % 3]);
	stmt_bind_int(st, 13, (int64_t)(rnd(s) % 2));
	stmt_bind_text(st, 14, d->es ? "es" : "en");
	stmt_bind_text(st, 15, d->es ? "es" : "en");
	stmt_bind_text(st, 16,
		       pending			      ? "review"
		       : !strcmp(d->status, "denied") ? "ineligible"
						      : "eligible");
	stmt_bind_text(st, 17,
		       pending			      ? "at_risk_review"
		       : !strcmp(d->status, "denied") ? "employed"
						      : statuses[k % 3]);
	stmt_bind_text(st, 18, d->status);
	stmt_bind_text(st, 19, d->sub);
	stmt_bind_text(st, 20, d->due);
	stmt_bind_text(st, 21, pending ? NULL : d->dec);
	stmt_bind_text(st, 22, pending ? NULL : "system");
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return rc == DB_ERR ? 0 : -1;
	return db_last_id(db);
}

/* The learner of a person with a license: OSOS ID for most, a last activity for most. The
 * row's id, 0 when it cannot be written (skip the person), or -1. */
static int64_t insert_learner(struct db *db, struct gen *g, int i, int64_t app, struct person *d)
{
	uint64_t *s = &g->state;
	struct stmt *st;
	int rc;

	if (rnd(s) % 100 < 65)
		snprintf(d->osos, sizeof(d->osos), "NY%07d",
			 (int)((g->seed * 7919 + (uint64_t)i) % 10000000));
	{
		/* some time after the license, never in the future */
		int64_t ta = d->tsub + 3600 + (int64_t)(rnd(s) % (50 * 86400));
		iso_utc(ta < g->now ? ta : g->now - 60, d->act);
	}
	if (strcmp(d->act, "") && rnd(s) % 100 < 20)
		d->act[0] = '\0';
	st = db_prepare(db,
			"INSERT INTO learners (application_id, email, email_norm, first_name, "
			"last_name, osos_id, local_area_id, region_id, language, program, "
			"license_status, waitlisted_at, activated_at, removed_at, "
			"last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
			"?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	stmt_bind_int(st, 1, app);
	stmt_bind_text(st, 2, d->email);
	stmt_bind_text(st, 3, d->norm);
	stmt_bind_text(st, 4, d->first);
	stmt_bind_text(st, 5, d->last);
	stmt_bind_text(st, 6, d->osos);
	stmt_bind_int(st, 7, d->c->area);
	stmt_bind_int(st, 8, d->c->region);
	stmt_bind_text(st, 9, d->es ? "es" : "en");
	stmt_bind_text(st, 10, d->es ? "es" : "en");
	stmt_bind_text(st, 11, d->lstatus);
	stmt_bind_text(st, 12, !strcmp(d->lstatus, "waitlisted") ? d->dec : NULL);
	stmt_bind_text(st, 13, strcmp(d->lstatus, "waitlisted") ? d->dec : NULL);
	stmt_bind_text(st, 14, !strcmp(d->lstatus, "removed") ? d->act : NULL);
	stmt_bind_text(st, 15, d->act[0] && strcmp(d->lstatus, "waitlisted") ? d->act : NULL);
	stmt_bind_text(st, 16, d->dec);
	stmt_bind_text(st, 17, d->dec);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return rc == DB_ERR ? 0 : -1;
	return db_last_id(db);
}

/* Zero to three enrollments with progress for an active learner. 0 or -1. */
static int insert_enrollments(struct db *db, struct gen *g, int64_t learner, const struct person *d)
{
	uint64_t *s = &g->state;
	int k;

	for (k = (int)(rnd(s) % 4); k > 0; k--) {
		int64_t prog = g->programs[rnd(s) % g->nprograms];
		int st_roll = (int)(rnd(s) % 10);
		int done = st_roll >= 6 && st_roll < 8, dropped = st_roll >= 8;
		const char *state = done ? "completed" : dropped ? "dropped" : "enrolled";
		double progress = done ? 100.0 : (double)(rnd(s) % 95);
		struct stmt *st = db_prepare(
			db, "INSERT INTO enrollments (learner_id, program_id, state, "
			    "progress, learning_hours, last_activity_at, completed_at, "
			    "certificate_url, enrolled_at, dropped_at, source, created_at, "
			    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'learner', ?, ?) "
			    "ON CONFLICT (learner_id, program_id) DO NOTHING");
		int rc;
		stmt_bind_int(st, 1, learner);
		stmt_bind_int(st, 2, prog);
		stmt_bind_text(st, 3, state);
		stmt_bind_double(st, 4, progress);
		stmt_bind_double(st, 5, progress / 4.0);
		stmt_bind_text(st, 6, d->act);
		stmt_bind_text(st, 7, done ? d->act : NULL);
		stmt_bind_text(st, 8,
			       done ? "https://www.coursera.org/account/accomplishments/"
				      "certificate/DEMO"
				    : "");
		stmt_bind_text(st, 9, d->dec);
		stmt_bind_text(st, 10, dropped ? d->act : NULL);
		stmt_bind_text(st, 11, d->dec);
		stmt_bind_text(st, 12, d->dec);
		rc = stmt_step(st);
		stmt_done(st);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

/* Person i: their request with its events, and for a license the learner and enrollments.
 * 0, 1 when the person was skipped (a reference or e-mail already taken), or -1. */
static int gen_one(struct db *db, struct gen *g, int i)
{
	struct person d;
	int64_t app, learner;

	if (draw_person(g, i, &d) != 0)
		return -1;
	app = insert_application(db, g, &d);
	if (app <= 0)
		return app == 0 ? 1 : -1;
	g->created++;
	if (exec_insert_event(db, app, d.sub, "applicant", NULL,
			      !strcmp(d.status, "pending_review") ? "pending_review" : "approved",
			      "submitted") != 0)
		return -1;
	if (!d.lstatus) {
		if (!strcmp(d.status, "pending_review"))
			g->pending++;
		else if (exec_insert_event(db, app, d.dec, "system", "pending_review", "denied",
					   "not eligible: working") != 0)
			return -1;
		return 0;
	}
	if (exec_insert_event(db, app, d.dec, "system", "approved", d.status, "license") != 0)
		return -1;
	learner = insert_learner(db, g, i, app, &d);
	if (learner <= 0)
		return learner == 0 ? 1 : -1;
	g->learners++;
	if (!strcmp(d.lstatus, "waitlisted") || !d.act[0] || !g->nprograms)
		return 0;
	return insert_enrollments(db, g, learner, &d);
}

static int gen_batch(struct db *db, void *ctx)
{
	struct gen *g = ctx;
	int end = g->done + 5000 < g->n ? g->done + 5000 : g->n;
	struct stmt *st;

	for (; g->done < end; g->done++)
		if (gen_one(db, g, g->done) < 0)
			return DB_ABORT;
	if (g->done < g->n)
		return 0;
	/* at the end, the seat counts follow the learners written */
	st = db_prepare(db, "UPDATE seat_pools SET active = (SELECT COUNT(*) FROM learners l WHERE "
			    "l.program = seat_pools.program AND l.license_status = 'active')");
	stmt_step(st);
	stmt_done(st);
	return 0;
}

int staff_demo_learners(int n, uint64_t seed, int pending_share, int64_t only_area, FILE *out)
{
	struct arena a;
	struct gen g;
	int rc = 0;

	memset(&g, 0, sizeof(g));
	g.n = n;
	g.seed = seed ? seed : 1;
	g.state = g.seed * 0x9E3779B97F4A7C15ULL + 1;
	g.pending_share = pending_share;
	g.only_area = only_area;
	g.now = now_unix();
	arena_init(&a);
	if (load_refs(&a, &g) != 0) {
		fprintf(stderr, "skillgate: no counties loaded; run `skillgate migrate` first\n");
		arena_release(&a);
		return -1;
	}
	while (g.done < g.n) {
		if (db_write(gen_batch, &g) != 0) {
			rc = -1;
			break;
		}
	}
	if (out)
		fprintf(out,
			"skillgate: generated %lld requests: %lld learners, %lld waiting for "
			"review\n",
			(long long)g.created, (long long)g.learners, (long long)g.pending);
	arena_release(&a);
	return rc;
}

struct demo_account {
	const char *email, *name, *role, *area, *password;
};

static const struct demo_account demo_accounts[] = {
	{ "state.admin@example.org", "Sam State", "state_admin", NULL, "demo-state-admin" },
	{ "area.admin@example.org", "Alex Area", "area_admin", "new-york-city", "demo-area-admin" },
	{ "area.viewer@example.org", "Val Viewer", "area_viewer", "new-york-city",
	  "demo-area-viewer" },
};

int staff_seed_demo(FILE *out)
{
	struct arena a;
	struct staff_member m;
	size_t i;
	int fresh = 0;

	arena_init(&a);
	for (i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++) {
		const struct demo_account *d = &demo_accounts[i];
		struct staff_new n = { d->email, d->name, ROLE_NONE, 0, d->password, "en" };
		if (staff_find(&a, d->email, &m) == 0)
			continue;
		staff_role_parse(d->role, &n.role);
		n.local_area = d->area ? geo_area_find(d->area) : 0;
		if (staff_add(NULL, &n, NULL) != STAFF_OK) {
			arena_release(&a);
			return -1;
		}
		fresh = 1;
	}
	arena_release(&a);
	/* about forty people across the areas, a few more in New York City for its staff */
	if (fresh && (staff_demo_learners(32, 2026, 15, 0, NULL) != 0 ||
		      staff_demo_learners(10, 2027, 30, geo_area_find("new-york-city"), NULL) != 0))
		return -1;
	fprintf(out, "skillgate: staff sign-in at /admin/login (demo accounts):\n");
	for (i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++)
		fprintf(out, "  %-12s %-26s password %s%s%s\n", demo_accounts[i].role,
			demo_accounts[i].email, demo_accounts[i].password,
			demo_accounts[i].area ? "   area " : "",
			demo_accounts[i].area ? demo_accounts[i].area : "");
	return 0;
}
