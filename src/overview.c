/* overview.c - the numbers of the staff front page (overview.h). */
#include "overview.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "application.h"
#include "db/db.h"
#include "digest.h"
#include "geo.h"
#include "learner.h"
#include "util/arena.h"
#include "util/timeutil.h"

/* New York's offset from UTC at t (US Eastern: DST from the second Sunday of March to the
 * first Sunday of November, 2:00 local). */
static int ny_offset(int64_t t)
{
	time_t tt = (time_t)(t - 5 * 3600), x;
	struct tm tm, m;
	int start, end, md, dd, hh;

	gmtime_r(&tt, &tm);
	memset(&m, 0, sizeof(m));
	m.tm_year = tm.tm_year;
	m.tm_mon = 2;
	m.tm_mday = 1;
	x = timegm(&m);
	gmtime_r(&x, &m);
	start = 1 + (7 - m.tm_wday) % 7 + 7;
	memset(&m, 0, sizeof(m));
	m.tm_year = tm.tm_year;
	m.tm_mon = 10;
	m.tm_mday = 1;
	x = timegm(&m);
	gmtime_r(&x, &m);
	end = 1 + (7 - m.tm_wday) % 7;
	md = tm.tm_mon;
	dd = tm.tm_mday;
	hh = tm.tm_hour;
	if ((md > 2 || (md == 2 && (dd > start || (dd == start && hh >= 2)))) &&
	    (md < 10 || (md == 10 && (dd < end || (dd == end && hh < 1)))))
		return -4 * 3600;
	return -5 * 3600;
}

char *overview_ny_date(int64_t t, char out[11])
{
	time_t tt = (time_t)(t + ny_offset(t));
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return out;
}

static struct overview_area *area_of(struct overview *o, int64_t id)
{
	size_t i;

	for (i = 0; i < o->nareas; i++)
		if (o->areas[i].id == id)
			return &o->areas[i];
	return NULL;
}

static void load_areas(struct arena *a, int64_t scope, struct overview *o)
{
	struct area_row *rows;
	size_t n = geo_areas(a, &rows), i;

	o->areas = arena_zalloc(a, (n + 1) * sizeof(*o->areas));
	for (i = 0; i < n; i++) {
		if (scope && rows[i].id != scope)
			continue;
		o->areas[o->nareas].id = rows[i].id;
		o->areas[o->nareas].name = rows[i].name;
		o->nareas++;
	}
}

static void add_learners(struct overview *o, int64_t area, const char *status, int64_t n)
{
	struct overview_area *ar = area_of(o, area);

	if (!ar)
		return;
	ar->learners += n;
	o->total.learners += n;
	if (!strcmp(status, "active")) {
		ar->active += n;
		o->total.active += n;
	}
}

static void add_enrolled(struct overview *o, int64_t area, const char *state, int64_t n)
{
	struct overview_area *ar = area_of(o, area);
	int done = !strcmp(state, "completed");

	if (!ar)
		return;
	if (done) {
		ar->completed += n;
		o->total.completed += n;
	} else {
		ar->enrolled += n;
		o->total.enrolled += n;
	}
}

static int overview_compute(struct arena *a, const struct principal *who, struct overview *out)
{
	struct db *db = db_get();
	struct stmt *st;
	int64_t scope = learner_scope(who, 0), now = now_unix(), t0;
	char since[ISO_LEN], nowiso[ISO_LEN];
	int i;

	memset(out, 0, sizeof(*out));
	if (scope < 0)
		return -1;
	load_areas(a, scope, out);
	iso_utc(now, nowiso);

	/* requests by status */
	if (scope) {
		st = db_prepare(db, "SELECT status, COUNT(*) FROM applications WHERE local_area_id "
				    "= ? GROUP BY status");
		stmt_bind_int(st, 1, scope);
	} else {
		st = db_prepare(db, "SELECT status, COUNT(*) FROM applications GROUP BY status");
	}
	while (stmt_step(st) == DB_ROW) {
		enum app_status s;
		if (app_status_parse(stmt_text(st, 0), &s) == 0) {
			out->requests[s] = stmt_int(st, 1);
			out->requests_total += stmt_int(st, 1);
		}
	}
	stmt_done(st);
	queue_ages(who, &out->pending_ages);
	out->overdue = out->pending_ages.over_48h;
	{
		/* the same numbers as the daily digest */
		struct digest_counts dc;
		if (digest_counts(scope, now, &dc) == 0) {
			out->overdue = dc.overdue;
			out->due_soon = dc.due_soon;
		}
	}

	/* sign-ups per New York day: counted per UTC hour, then put on their New York day */
	t0 = now - (OVERVIEW_DAYS - 1) * 86400;
	for (i = 0; i < OVERVIEW_DAYS; i++)
		overview_ny_date(t0 + (int64_t)i * 86400, out->days[i]);
	iso_utc(now - (OVERVIEW_DAYS + 1) * 86400, since);
	if (scope) {
		st = db_prepare(db,
				"SELECT substr(submitted_at, 1, 13), COUNT(*) FROM applications "
				"WHERE submitted_at >= ? AND local_area_id = ? GROUP BY "
				"substr(submitted_at, 1, 13)");
		stmt_bind_text(st, 1, since);
		stmt_bind_int(st, 2, scope);
	} else {
		st = db_prepare(db,
				"SELECT substr(submitted_at, 1, 13), COUNT(*) FROM applications "
				"WHERE submitted_at >= ? GROUP BY substr(submitted_at, 1, 13)");
		stmt_bind_text(st, 1, since);
	}
	while (stmt_step(st) == DB_ROW) {
		char hour[24], day[11];
		int64_t t;
		snprintf(hour, sizeof(hour), "%s:00:00Z", stmt_text(st, 0));
		if (iso_parse(hour, &t) != 0)
			continue;
		overview_ny_date(t, day);
		for (i = 0; i < OVERVIEW_DAYS; i++)
			if (!strcmp(out->days[i], day))
				out->signups[i] += stmt_int(st, 1);
	}
	stmt_done(st);
	for (i = 0; i < OVERVIEW_DAYS; i++)
		if (out->signups[i] > out->signups_max)
			out->signups_max = out->signups[i];

	/* learners per area and status */
	if (scope) {
		st = db_prepare(db,
				"SELECT COALESCE(local_area_id, 0), license_status, COUNT(*) FROM "
				"learners WHERE local_area_id = ? GROUP BY local_area_id, "
				"license_status");
		stmt_bind_int(st, 1, scope);
	} else {
		st = db_prepare(db,
				"SELECT COALESCE(local_area_id, 0), license_status, COUNT(*) FROM "
				"learners GROUP BY local_area_id, license_status");
	}
	while (stmt_step(st) == DB_ROW)
		add_learners(out, stmt_int(st, 0), stmt_text(st, 1), stmt_int(st, 2));
	stmt_done(st);

	/* learners with an active enrollment, and with a completion */
	if (scope) {
		st = db_prepare(db, "SELECT COALESCE(l.local_area_id, 0), e.state, COUNT(DISTINCT "
				    "e.learner_id) FROM learners l JOIN enrollments e ON "
				    "e.learner_id = l.id WHERE l.local_area_id = ? AND e.state IN "
				    "('enrolled', 'completed') GROUP BY l.local_area_id, e.state");
		stmt_bind_int(st, 1, scope);
	} else {
		st = db_prepare(db,
				"SELECT COALESCE(l.local_area_id, 0), e.state, COUNT(DISTINCT "
				"e.learner_id) FROM enrollments e JOIN learners l ON l.id = "
				"e.learner_id WHERE e.state IN ('enrolled', 'completed') GROUP BY "
				"l.local_area_id, e.state");
	}
	while (stmt_step(st) == DB_ROW)
		add_enrolled(out, stmt_int(st, 0), stmt_text(st, 1), stmt_int(st, 2));
	stmt_done(st);

	/* pending requests per area */
	if (scope) {
		st = db_prepare(db,
				"SELECT COALESCE(local_area_id, 0), COUNT(*) FROM applications "
				"WHERE local_area_id = ? AND status = 'pending_review' GROUP BY "
				"local_area_id");
		stmt_bind_int(st, 1, scope);
	} else {
		st = db_prepare(db, "SELECT COALESCE(local_area_id, 0), COUNT(*) FROM applications "
				    "WHERE status = 'pending_review' GROUP BY local_area_id");
	}
	while (stmt_step(st) == DB_ROW) {
		struct overview_area *ar = area_of(out, stmt_int(st, 0));
		if (ar) {
			ar->pending = stmt_int(st, 1);
			out->total.pending += ar->pending;
		}
	}
	stmt_done(st);
	return 0;
}

/* The numbers take a few full passes over the tables; staff open this page all day, so each
 * scope's numbers are kept for OVERVIEW_FRESH_NS and shared. */
#define OVERVIEW_FRESH_NS (10LL * 1000000000LL)
#define OVERVIEW_SLOTS	  64

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int64_t scope, at;
	struct overview o; /* areas and names in one malloc'd block, owned here */
	void *block;
} cache[OVERVIEW_SLOTS];

/* A copy of o whose areas and names live in one malloc'd block (*block). */
static int copy_out(const struct overview *o, struct overview *dst, void **block)
{
	size_t need = o->nareas * sizeof(*o->areas), i, off;
	char *b;

	for (i = 0; i < o->nareas; i++)
		need += strlen(o->areas[i].name) + 1;
	b = malloc(need ? need : 1);
	if (!b)
		return -1;
	*dst = *o;
	dst->areas = (struct overview_area *)(void *)b;
	off = o->nareas * sizeof(*o->areas);
	for (i = 0; i < o->nareas; i++) {
		size_t n = strlen(o->areas[i].name) + 1;
		dst->areas[i] = o->areas[i];
		memcpy(b + off, o->areas[i].name, n);
		dst->areas[i].name = b + off;
		off += n;
	}
	*block = b;
	return 0;
}

int overview_load(struct arena *a, const struct principal *who, struct overview *out)
{
	int64_t scope = learner_scope(who, 0), now = now_ns();
	size_t i, slot = OVERVIEW_SLOTS;
	int rc;

	if (scope < 0)
		return -1;
	pthread_mutex_lock(&cache_mu);
	for (i = 0; i < OVERVIEW_SLOTS; i++)
		if (cache[i].block && cache[i].scope == scope &&
		    now - cache[i].at < OVERVIEW_FRESH_NS) {
			size_t k;
			*out = cache[i].o;
			out->areas = arena_alloc(a, (cache[i].o.nareas + 1) * sizeof(*out->areas));
			for (k = 0; k < cache[i].o.nareas; k++) {
				out->areas[k] = cache[i].o.areas[k];
				out->areas[k].name = arena_strdup(a, cache[i].o.areas[k].name);
			}
			pthread_mutex_unlock(&cache_mu);
			return 0;
		}
	pthread_mutex_unlock(&cache_mu);
	rc = overview_compute(a, who, out);
	if (rc != 0)
		return rc;
	pthread_mutex_lock(&cache_mu);
	for (i = 0; i < OVERVIEW_SLOTS && slot == OVERVIEW_SLOTS; i++)
		if (!cache[i].block || cache[i].scope == scope ||
		    now - cache[i].at >= OVERVIEW_FRESH_NS)
			slot = i;
	if (slot < OVERVIEW_SLOTS) {
		void *block;
		struct overview copy;
		if (copy_out(out, &copy, &block) == 0) {
			free(cache[slot].block);
			cache[slot].block = block;
			cache[slot].o = copy;
			cache[slot].scope = scope;
			cache[slot].at = now;
		}
	}
	pthread_mutex_unlock(&cache_mu);
	return 0;
}
