/* osos.c - OSOS entries: generation, the work list, staff changes, the acknowledgment
 * import and the reportable-individual rule (osos.h). */
#include "osos.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "db/db.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/csvread.h"
#include "util/timeutil.h"

#define DAY		  86400
#define IMPORT_ERRORS_MAX 1000

static const char *const kind_names[OSOS_KIND_COUNT] = { "referral", "credential", "skill_gain",
							 "exit" };
static const char *const status_names[OSOS_STATUS_COUNT] = { "draft", "pending", "entered",
							     "rejected" };

const char *osos_kind_name(int kind)
{
	return kind >= 0 && kind < OSOS_KIND_COUNT ? kind_names[kind] : NULL;
}

const char *osos_status_name(int status)
{
	return status >= 0 && status < OSOS_STATUS_COUNT ? status_names[status] : NULL;
}

int osos_kind_parse(const char *s)
{
	int i;

	for (i = 0; s && i < OSOS_KIND_COUNT; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

int osos_status_parse(const char *s)
{
	int i;

	for (i = 0; s && i < OSOS_STATUS_COUNT; i++)
		if (!strcmp(s, status_names[i]))
			return i;
	return -1;
}

const char *osos_kind_label(enum lang lang, int kind)
{
	static const char *const labels[OSOS_KIND_COUNT] = { N_("Referral"), N_("Credential"),
							     N_("Skill gain"), N_("Exit") };
	return kind >= 0 && kind < OSOS_KIND_COUNT ? tr(lang, labels[kind]) : "";
}

const char *osos_status_label(enum lang lang, int status)
{
	static const char *const labels[OSOS_STATUS_COUNT] = {
		N_("Draft: to check"), N_("To enter in OSOS"), N_("Entered in OSOS"), N_("Rejected")
	};
	return status >= 0 && status < OSOS_STATUS_COUNT ? tr(lang, labels[status]) : "";
}

/* PIRL 1800 "Type of Recognized Credential" codes. The numbering comes from secondary
 * sources only (data/pirl-reference.md, section 6): it is a table row to correct, and which
 * catalog kind maps to which code is the setting osos_credential_kinds. */
static const struct {
	const char *code, *label;
} credential_codes[] = {
	{ "1", N_("Secondary school diploma or equivalency") },
	{ "2", N_("Associate degree") },
	{ "3", N_("Bachelor's degree") },
	{ "4", N_("Occupational licensure") },
	{ "5", N_("Occupational certificate") },
	{ "6", N_("Occupational certification") },
	{ "7", N_("Other recognized diploma, degree or certificate") },
};

const char *osos_credential_label(enum lang lang, const char *code)
{
	size_t i;

	for (i = 0; code && i < sizeof(credential_codes) / sizeof(credential_codes[0]); i++)
		if (!strcmp(code, credential_codes[i].code))
			return tr(lang, credential_codes[i].label);
	return "";
}

/* ---- generation ---------------------------------------------------------------------------- */

static void osos_counts_changed(void);

/* "YYYY-MM-DD" in New York of a stored UTC time (the time's own date when it does not parse). */
static void ny_date_of(const char *iso, char out[11])
{
	int64_t t;

	if (iso_parse(iso, &t) == 0)
		date_ny(t, out);
	else
		snprintf(out, 11, "%.10s", iso);
}

static int insert_entry(struct db *db, int kind, int64_t learner, const char *key,
			const char *event_at, int status, int backfill, int64_t program,
			const char *code)
{
	struct stmt *st = db_prepare(
		db, "INSERT INTO osos_entries (kind, learner_id, fact_key, event_at, event_date, "
		    "status, backfill, program_id, pirl_code, created_at, updated_at) VALUES (?, "
		    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
	char date[11], now[ISO_LEN];
	int rc;

	ny_date_of(event_at, date);
	iso_now(now);
	stmt_bind_text(st, 1, kind_names[kind]);
	stmt_bind_int(st, 2, learner);
	stmt_bind_text(st, 3, key);
	stmt_bind_text(st, 4, event_at);
	stmt_bind_text(st, 5, date);
	stmt_bind_text(st, 6, status_names[status]);
	stmt_bind_int(st, 7, backfill);
	if (program > 0)
		stmt_bind_int(st, 8, program);
	else
		stmt_bind_null(st, 8);
	stmt_bind_text(st, 9, code ? code : "");
	stmt_bind_text(st, 10, now);
	stmt_bind_text(st, 11, now);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	if (db_changes(db) != 1)
		return 0;
	osos_counts_changed();
	return 1;
}

int osos_referral_add(struct db *db, int64_t learner_id, const char *activated_at)
{
	struct arena a;
	char key[96], date[11];
	const char *effective;
	int rc;

	arena_init(&a);
	effective = settings_get(&a, "osos_referral_effective");
	ny_date_of(activated_at, date);
	snprintf(key, sizeof(key), "referral:%lld:%s", (long long)learner_id, activated_at);
	rc = insert_entry(db, OSOS_REFERRAL, learner_id, key, activated_at, OSOS_PENDING,
			  effective && strcmp(date, effective) < 0, 0, "");
	arena_release(&a);
	return rc;
}

/* The PIRL 1800 code the mapping "kind:code, kind:code" gives a catalog kind, or NULL. */
static const char *credential_code(struct arena *a, const char *map, const char *kind)
{
	size_t klen = strlen(kind);
	const char *p = map;

	while (p && *p) {
		const char *end = p + strcspn(p, ",;"), *colon;
		while (p < end && isspace((unsigned char)*p))
			p++;
		colon = memchr(p, ':', (size_t)(end - p));
		if (colon && (size_t)(colon - p) == klen && !strncmp(p, kind, klen)) {
			const char *c = colon + 1, *ce = end;
			while (c < ce && isspace((unsigned char)*c))
				c++;
			while (ce > c && isspace((unsigned char)ce[-1]))
				ce--;
			if (ce > c)
				return arena_strndup(a, c, (size_t)(ce - c));
		}
		p = *end ? end + 1 : end;
	}
	return NULL;
}

int osos_completion_add(struct db *db, int64_t learner_id, int64_t program_id,
			const char *completed_at)
{
	struct stmt *st = db_prepare(db, "SELECT kind FROM programs WHERE id = ?");
	struct arena a;
	const char *kind = NULL, *code;
	char key[64];
	int rc;

	arena_init(&a);
	stmt_bind_int(st, 1, program_id);
	if (stmt_step(st) == DB_ROW)
		kind = stmt_text_dup(st, 0, &a);
	stmt_done(st);
	code = kind ? credential_code(&a, settings_get(&a, "osos_credential_kinds"), kind) : NULL;
	snprintf(key, sizeof(key), "completion:%lld:%lld", (long long)learner_id,
		 (long long)program_id);
	if (code)
		rc = insert_entry(db, OSOS_CREDENTIAL, learner_id, key, completed_at, OSOS_DRAFT, 0,
				  program_id, code);
	else
		rc = insert_entry(db, OSOS_SKILL_GAIN, learner_id, key, completed_at, OSOS_DRAFT, 0,
				  program_id, settings_get(&a, "osos_skill_gain_element"));
	arena_release(&a);
	return rc;
}

/* Moves one entry to `status`, stamping who and when; audited. The entry's current status
 * must be `from` (read by the caller in the same transaction). */
static int move(struct db *db, const struct principal *who, int64_t id, int64_t area,
		const char *from, int status, const char *reason)
{
	static const char *const actions[OSOS_STATUS_COUNT] = { "", "osos_confirm", "osos_enter",
								"osos_reject" };
	const char *by = who && who->email && *who->email ? who->email : "system";
	struct stmt *st;
	char now[ISO_LEN], ref[24];
	json_t *before, *after;
	int rc;

	iso_now(now);
	if (status == OSOS_PENDING)
		st = db_prepare(db, "UPDATE osos_entries SET status = 'pending', confirmed_at = ?, "
				    "confirmed_by = ?, updated_at = ? WHERE id = ? AND status = ?");
	else if (status == OSOS_ENTERED)
		st = db_prepare(db, "UPDATE osos_entries SET status = 'entered', entered_at = ?, "
				    "entered_by = ?, updated_at = ? WHERE id = ? AND status = ?");
	else
		st = db_prepare(db, "UPDATE osos_entries SET status = 'rejected', rejected_at = ?, "
				    "rejected_by = ?, updated_at = ?, reason = ? WHERE id = ? AND "
				    "status = ?");
	stmt_bind_text(st, 1, now);
	stmt_bind_text(st, 2, by);
	stmt_bind_text(st, 3, now);
	if (status == OSOS_REJECTED) {
		stmt_bind_text(st, 4, reason ? reason : "");
		stmt_bind_int(st, 5, id);
		stmt_bind_text(st, 6, from);
	} else {
		stmt_bind_int(st, 4, id);
		stmt_bind_text(st, 5, from);
	}
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE || db_changes(db) != 1)
		return DB_ERR;
	if (status == OSOS_ENTERED) {
		/* entering an entry confirms it too */
		st = db_prepare(db,
				"UPDATE osos_entries SET confirmed_at = entered_at, "
				"confirmed_by = entered_by WHERE id = ? AND confirmed_at IS NULL");
		stmt_bind_int(st, 1, id);
		rc = stmt_step(st);
		stmt_done(st);
		if (rc != DB_DONE)
			return DB_ERR;
	}
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	before = json_pack("{s:s}", "status", from);
	after = json_pack("{s:s}", "status", status_names[status]);
	if (status == OSOS_REJECTED)
		json_object_set_new(after, "reason", json_string(reason ? reason : ""));
	rc = audit_write(db, who, actions[status], "osos_entry", ref, area, before, after);
	json_decref(before);
	json_decref(after);
	osos_counts_changed();
	return rc;
}

int osos_exits_reject_stale(struct db *db, const char *now)
{
	struct stmt *st = db_prepare(
		db,
		"SELECT e.id, COALESCE(l.local_area_id, 0) FROM osos_entries e JOIN learners l "
		"ON l.id = e.learner_id WHERE e.kind = 'exit' AND e.status = 'draft' AND "
		"(l.last_activity_at > e.event_at OR l.activated_at > e.event_at) ORDER BY e.id "
		"LIMIT 10000");
	struct principal sys = { ROLE_NONE, 0, 0, NULL, NULL };
	int64_t *ids = NULL, *areas = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	(void)now;
	while ((rc = stmt_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ids = realloc(ids, cap * sizeof(*ids));
			areas = realloc(areas, cap * sizeof(*areas));
			if (!ids || !areas)
				abort();
		}
		ids[n] = stmt_int(st, 0);
		areas[n++] = stmt_int(st, 1);
	}
	stmt_done(st);
	for (i = 0; rc == DB_DONE && i < n; i++)
		if (move(db, &sys, ids[i], areas[i], "draft", OSOS_REJECTED, "new activity") != 0)
			rc = DB_ERR;
	free(ids);
	free(areas);
	return rc == DB_DONE ? (int)n : DB_ERR;
}

/* A learner's last sign of service: their last activity, or their (re)activation when it is
 * later. */
#define OSOS_SEEN                                                                                  \
	"(CASE WHEN l.last_activity_at IS NULL OR l.last_activity_at < l.activated_at THEN "       \
	"l.activated_at ELSE l.last_activity_at END)"

struct sweep_ctx {
	int64_t now;
	int limit;
	struct osos_sweep_result *out;
};

static int sweep_fn(struct db *db, void *ctx)
{
	struct sweep_ctx *s = ctx;
	struct stmt *st;
	char cutoff[ISO_LEN], now[ISO_LEN], key[96];
	int64_t days = settings_get_int("exit_after_days", 90);
	struct arena a;
	struct cand {
		int64_t id;
		const char *seen;
	} * c;
	int n = 0, i, rc;

	if (days < 1)
		return 0;
	iso_utc(s->now, now);
	rc = osos_exits_reject_stale(db, now);
	if (rc < 0)
		return DB_ERR;
	s->out->rejected = rc;
	iso_utc(s->now - days * DAY, cutoff);
	arena_init(&a);
	c = arena_alloc(&a, (size_t)s->limit * sizeof(*c));
	st = db_prepare(db,
			"SELECT l.id, " OSOS_SEEN " FROM learners l WHERE l.activated_at IS "
			"NOT NULL AND " OSOS_SEEN " < ? AND NOT (l.license_status = 'active' AND "
			"EXISTS (SELECT 1 FROM enrollments en WHERE en.learner_id = l.id AND "
			"en.state = 'enrolled')) AND NOT EXISTS (SELECT 1 FROM osos_entries x "
			"WHERE x.learner_id = l.id AND x.kind = 'exit' AND x.status <> 'rejected' "
			"AND x.event_at >= " OSOS_SEEN ") ORDER BY l.id LIMIT ?");
	stmt_bind_text(st, 1, cutoff);
	stmt_bind_int(st, 2, s->limit);
	while (n < s->limit && (rc = stmt_step(st)) == DB_ROW) {
		c[n].id = stmt_int(st, 0);
		c[n].seen = stmt_text_dup(st, 1, &a);
		n++;
	}
	stmt_done(st);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "exit:%lld:%s", (long long)c[i].id, c[i].seen);
		rc = insert_entry(db, OSOS_EXIT, c[i].id, key, c[i].seen, OSOS_DRAFT, 0, 0, "");
		if (rc < 0) {
			arena_release(&a);
			return DB_ERR;
		}
		s->out->drafted += rc;
	}
	arena_release(&a);
	return 0;
}

int osos_sweep_exits(int64_t now, int limit, struct osos_sweep_result *out)
{
	struct sweep_ctx s = { now, limit > 0 ? limit : 1, out };

	memset(out, 0, sizeof(*out));
	if (db_write(sweep_fn, &s) != 0) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

struct pair {
	int64_t learner, program;
	const char *at;
};

/* Reads every row of a two-id-and-a-time statement into an arena array. */
static struct pair *read_pairs(struct stmt *st, struct arena *a, size_t *n, int with_program)
{
	size_t cap = 1024;
	struct pair *v = malloc(cap * sizeof(*v));

	*n = 0;
	if (!v)
		abort();
	while (stmt_step(st) == DB_ROW) {
		if (*n == cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof(*v));
			if (!v)
				abort();
		}
		v[*n].learner = stmt_int(st, 0);
		v[*n].program = with_program ? stmt_int(st, 1) : 0;
		v[*n].at = stmt_text_dup(st, with_program ? 2 : 1, a);
		(*n)++;
	}
	stmt_done(st);
	return v;
}

static int backfill_fn(struct db *db, void *ctx)
{
	struct osos_backfill_result *out = ctx;
	struct arena a;
	struct pair *v;
	size_t n, i;
	int rc = 0;

	arena_init(&a);
	v = read_pairs(db_prepare(db, "SELECT l.id, l.activated_at FROM learners l WHERE "
				      "l.activated_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
				      "osos_entries x WHERE x.learner_id = l.id AND x.kind = "
				      "'referral') ORDER BY l.id"),
		       &a, &n, 0);
	for (i = 0; i < n && rc >= 0; i++) {
		rc = osos_referral_add(db, v[i].learner, v[i].at);
		out->referrals += rc > 0;
	}
	free(v);
	if (rc < 0) {
		arena_release(&a);
		return DB_ERR;
	}
	v = read_pairs(db_prepare(db, "SELECT learner_id, program_id, completed_at FROM "
				      "enrollments WHERE completed_at IS NOT NULL ORDER BY id"),
		       &a, &n, 1);
	for (i = 0; i < n && rc >= 0; i++) {
		rc = osos_completion_add(db, v[i].learner, v[i].program, v[i].at);
		out->completions += rc > 0;
	}
	free(v);
	arena_release(&a);
	return rc < 0 ? DB_ERR : 0;
}

int osos_backfill(struct osos_backfill_result *out)
{
	memset(out, 0, sizeof(*out));
	return db_write(backfill_fn, out) == 0 ? 0 : -1;
}

/* ---- the work list ------------------------------------------------------------------------ */

static int parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || strlen(s) > 18)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v < 0)
		return -1;
	*out = v;
	return 0;
}

int osos_filter_parse(struct osos_filter *f, const char *(*get)(void *ctx, const char *name),
		      void *ctx, const char **bad)
{
	const char *v;

	memset(f, 0, sizeof(*f));
	f->kind = f->status = -1;
	f->limit = 50;
	if ((v = get(ctx, "kind")) && *v && (f->kind = osos_kind_parse(v)) < 0)
		return *bad = "kind", -1;
	if ((v = get(ctx, "status")) && *v && (f->status = osos_status_parse(v)) < 0)
		return *bad = "status", -1;
	if ((v = get(ctx, "local_area")) && *v && parse_id(v, &f->local_area) != 0)
		return *bad = "local_area", -1;
	if ((v = get(ctx, "learner_id")) && *v && parse_id(v, &f->learner_id) != 0)
		return *bad = "learner_id", -1;
	if ((v = get(ctx, "no_osos_id")) && *v) {
		if (strcmp(v, "1") && strcmp(v, "0"))
			return *bad = "no_osos_id", -1;
		f->no_osos_id = v[0] == '1';
	}
	if ((v = get(ctx, "limit")) && *v) {
		int64_t n;
		if (parse_id(v, &n) != 0 || n < 1 || n > 500)
			return *bad = "limit", -1;
		f->limit = (int)n;
	}
	if ((v = get(ctx, "cursor")) && *v)
		f->cursor = v;
	return 0;
}

/* Columns 0-25 of every list statement, in the order read by read_row(). */
#define OSOS_SELECT                                                                                \
	"SELECT e.id, e.kind, e.status, e.event_date, e.backfill, e.learner_id, l.first_name, "    \
	"l.last_name, l.email, l.osos_id, ap.birth_date, COALESCE(l.local_area_id, 0), "           \
	"COALESCE(la.name, ''), COALESCE(e.program_id, 0), p.title, p.url, p.kind, "               \
	"e.pirl_code, e.reason, e.event_at, e.confirmed_at, e.confirmed_by, e.entered_at, "        \
	"e.entered_by, e.rejected_at, e.rejected_by FROM osos_entries e JOIN learners l ON "       \
	"l.id = e.learner_id JOIN applications ap ON ap.id = l.application_id LEFT JOIN "          \
	"local_areas la ON la.id = l.local_area_id LEFT JOIN programs p ON p.id = "                \
	"e.program_id "
#define OSOS_WHERE                                                                                 \
	"(? = 0 OR l.local_area_id = ?) AND (? = 0 OR e.learner_id = ?) AND (? = 0 OR "            \
	"l.osos_id = '') AND (e.event_date > ? OR (e.event_date = ? AND e.id > ?)) ORDER BY "      \
	"e.event_date, e.id LIMIT ?"

static void read_row(struct stmt *st, struct arena *a, struct osos_row *e)
{
	e->id = stmt_int(st, 0);
	e->kind = osos_kind_parse(stmt_text(st, 1));
	e->status = osos_status_parse(stmt_text(st, 2));
	e->date = stmt_text_dup(st, 3, a);
	e->backfill = (int)stmt_int(st, 4);
	e->learner_id = stmt_int(st, 5);
	e->first_name = stmt_text_dup(st, 6, a);
	e->last_name = stmt_text_dup(st, 7, a);
	e->email = stmt_text_dup(st, 8, a);
	e->osos_id = stmt_text_dup(st, 9, a);
	e->birth_date = stmt_text_dup(st, 10, a);
	e->local_area_id = stmt_int(st, 11);
	e->local_area = stmt_text_dup(st, 12, a);
	e->program_id = stmt_int(st, 13);
	e->program = stmt_text_dup(st, 14, a);
	e->program_url = stmt_text_dup(st, 15, a);
	e->program_kind = stmt_text_dup(st, 16, a);
	e->pirl_code = stmt_text_dup(st, 17, a);
	e->reason = stmt_text_dup(st, 18, a);
	e->event_at = stmt_text_dup(st, 19, a);
	e->confirmed_at = stmt_text_dup(st, 20, a);
	e->confirmed_by = stmt_text_dup(st, 21, a);
	e->entered_at = stmt_text_dup(st, 22, a);
	e->entered_by = stmt_text_dup(st, 23, a);
	e->rejected_at = stmt_text_dup(st, 24, a);
	e->rejected_by = stmt_text_dup(st, 25, a);
}

/* The area the list is limited to: the filter's within who's scope; -1 outside it. */
static int64_t scope_area(const struct principal *who, int64_t want)
{
	if (who->local_area && want && want != who->local_area)
		return -1;
	return who->local_area ? who->local_area : want;
}

/* Runs the list statement for one page (limit rows) after the cursor. */
static int list_page(struct arena *a, const struct osos_filter *f, int64_t area,
		     const char *after_date, int64_t after_id, int limit, struct osos_row *rows,
		     size_t *n)
{
	struct db *db = db_get();
	struct stmt *st;
	int i = 1, rc;

	if (f->kind >= 0 && f->status >= 0) {
		st = db_prepare(db,
				OSOS_SELECT "WHERE e.kind = ? AND e.status = ? AND " OSOS_WHERE);
		stmt_bind_text(st, i++, kind_names[f->kind]);
		stmt_bind_text(st, i++, status_names[f->status]);
	} else {
		st = db_prepare(db, OSOS_SELECT "WHERE (? = '' OR e.kind = ?) AND (? = '' OR "
						"e.status = ?) AND " OSOS_WHERE);
		stmt_bind_text(st, i++, f->kind >= 0 ? kind_names[f->kind] : "");
		stmt_bind_text(st, i++, f->kind >= 0 ? kind_names[f->kind] : "");
		stmt_bind_text(st, i++, f->status >= 0 ? status_names[f->status] : "");
		stmt_bind_text(st, i++, f->status >= 0 ? status_names[f->status] : "");
	}
	stmt_bind_int(st, i++, area);
	stmt_bind_int(st, i++, area);
	stmt_bind_int(st, i++, f->learner_id);
	stmt_bind_int(st, i++, f->learner_id);
	stmt_bind_int(st, i++, f->no_osos_id);
	stmt_bind_text(st, i++, after_date);
	stmt_bind_text(st, i++, after_date);
	stmt_bind_int(st, i++, after_id);
	stmt_bind_int(st, i++, limit);
	*n = 0;
	while ((rc = stmt_step(st)) == DB_ROW)
		read_row(st, a, &rows[(*n)++]);
	stmt_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int parse_cursor(const char *c, char date[11], int64_t *id)
{
	if (!c) {
		date[0] = '\0';
		*id = 0;
		return 0;
	}
	if (strlen(c) < 12 || c[10] != '.')
		return -1;
	memcpy(date, c, 10);
	date[10] = '\0';
	if (!date_valid(date) || parse_id(c + 11, id) != 0)
		return -1;
	return 0;
}

int osos_list(struct arena *a, const struct principal *who, const struct osos_filter *f,
	      struct osos_page *out)
{
	int64_t area = scope_area(who, f->local_area), after_id;
	char after[11];
	int limit = f->limit > 0 && f->limit <= 500 ? f->limit : 50;

	memset(out, 0, sizeof(*out));
	if (area < 0)
		return OSOS_ENOTFOUND;
	if (parse_cursor(f->cursor, after, &after_id) != 0)
		return OSOS_ECURSOR;
	out->rows = arena_zalloc(a, (size_t)(limit + 1) * sizeof(*out->rows));
	if (list_page(a, f, area, after, after_id, limit + 1, out->rows, &out->n) != 0)
		return OSOS_EDB;
	if (out->n > (size_t)limit) {
		const struct osos_row *last = &out->rows[limit - 1];
		out->n = (size_t)limit;
		out->next_cursor = arena_printf(a, "%s.%lld", last->date, (long long)last->id);
	}
	return OSOS_OK;
}

/* The counts of the tabs are read on every work-list page, and counting an area's entries
 * costs a join over its learners: they are kept in memory per area for COUNTS_TTL seconds,
 * and forgotten at once when this process changes an entry (osos_counts_changed). A change
 * made by another process (the command line, another server) shows within COUNTS_TTL. */
#define COUNTS_TTL   30
#define COUNTS_SLOTS 64
static pthread_mutex_t counts_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int64_t area, at;
	uint64_t gen;
	int used;
	int64_t n[OSOS_KIND_COUNT][OSOS_STATUS_COUNT];
} counts_cache[COUNTS_SLOTS];
static uint64_t counts_gen = 1;

static void osos_counts_changed(void)
{
	pthread_mutex_lock(&counts_mu);
	counts_gen++;
	pthread_mutex_unlock(&counts_mu);
}

static int counts_cached(int64_t area, int64_t counts[OSOS_KIND_COUNT][OSOS_STATUS_COUNT])
{
	int64_t now = now_unix();
	int hit = 0;
	size_t i;

	pthread_mutex_lock(&counts_mu);
	for (i = 0; i < COUNTS_SLOTS && !hit; i++)
		if (counts_cache[i].used && counts_cache[i].area == area &&
		    counts_cache[i].gen == counts_gen && now - counts_cache[i].at < COUNTS_TTL) {
			memcpy(counts, counts_cache[i].n, sizeof(counts_cache[i].n));
			hit = 1;
		}
	pthread_mutex_unlock(&counts_mu);
	return hit;
}

static void counts_keep(int64_t area, uint64_t gen,
			int64_t counts[OSOS_KIND_COUNT][OSOS_STATUS_COUNT])
{
	size_t i, slot = (size_t)((uint64_t)area % COUNTS_SLOTS);

	pthread_mutex_lock(&counts_mu);
	for (i = 0; i < COUNTS_SLOTS; i++)
		if (counts_cache[i].used && counts_cache[i].area == area)
			slot = i;
	counts_cache[slot].used = 1;
	counts_cache[slot].area = area;
	counts_cache[slot].gen = gen;
	counts_cache[slot].at = now_unix();
	memcpy(counts_cache[slot].n, counts, sizeof(counts_cache[slot].n));
	pthread_mutex_unlock(&counts_mu);
}

int osos_counts(const struct principal *who, int64_t local_area,
		int64_t counts[OSOS_KIND_COUNT][OSOS_STATUS_COUNT])
{
	struct db *db = db_get();
	int64_t area = scope_area(who, local_area);
	struct stmt *st;
	uint64_t gen;
	int rc;

	memset(counts, 0, sizeof(int64_t) * OSOS_KIND_COUNT * OSOS_STATUS_COUNT);
	if (area < 0)
		return OSOS_ENOTFOUND;
	if (counts_cached(area, counts))
		return OSOS_OK;
	pthread_mutex_lock(&counts_mu);
	gen = counts_gen;
	pthread_mutex_unlock(&counts_mu);
	if (area)
		st = db_prepare(db,
				"SELECT e.kind, e.status, COUNT(*) FROM learners l JOIN "
				"osos_entries e ON e.learner_id = l.id WHERE l.local_area_id = ? "
				"GROUP BY e.kind, e.status");
	else
		st = db_prepare(db, "SELECT kind, status, COUNT(*) FROM osos_entries WHERE ? = 0 "
				    "GROUP BY kind, status");
	stmt_bind_int(st, 1, area);
	while ((rc = stmt_step(st)) == DB_ROW) {
		int k = osos_kind_parse(stmt_text(st, 0)), s = osos_status_parse(stmt_text(st, 1));
		if (k >= 0 && s >= 0)
			counts[k][s] = stmt_int(st, 2);
	}
	stmt_done(st);
	if (rc != DB_DONE)
		return OSOS_EDB;
	counts_keep(area, gen, counts);
	return OSOS_OK;
}

const char *osos_entry_text(struct arena *a, enum lang lang, const struct osos_row *e)
{
	switch (e->kind) {
	case OSOS_REFERRAL: return settings_get(a, "osos_activity_referral");
	case OSOS_CREDENTIAL:
		return arena_printf(a, "%s (PIRL 1800 = %s)",
				    osos_credential_label(lang, e->pirl_code), e->pirl_code);
	case OSOS_SKILL_GAIN:
		return arena_printf(a, "%s (PIRL %s)",
				    !strcmp(e->pirl_code, "1810")
					    ? tr(lang, "Measurable skill gain: skills progression")
					    : tr(lang, "Measurable skill gain: training milestone"),
				    e->pirl_code);
	case OSOS_EXIT: return tr(lang, "Exit: no service for 90 days, none planned");
	default: return "";
	}
}

/* "YYYY-MM-DD" as "MM/DD/YYYY", the way dates are typed into OSOS. */
static const char *us_date(struct arena *a, const char *d)
{
	if (!d || strlen(d) < 10)
		return "";
	return arena_printf(a, "%.2s/%.2s/%.4s", d + 5, d + 8, d);
}

int osos_csv(struct arena *a, const struct principal *who, const struct osos_filter *f,
	     struct buf *out, size_t *rows)
{
	static const char *const head[] = { "OSOS ID",	     "Last name",  "First name",
					    "Birth date",    "Local area", "Kind",
					    "Enter in OSOS", "Date",	   "Program",
					    "Program URL",   "Status",	   "Back-fill",
					    "E-mail",	     "Learner id", "Entry id" };
	int64_t area = scope_area(who, f->local_area), after_id = 0;
	char after[11] = "";
	struct osos_row *page;
	size_t n, i, j;
	struct arena pa;

	*rows = 0;
	if (area < 0)
		return OSOS_ENOTFOUND;
	for (j = 0; j < sizeof(head) / sizeof(head[0]); j++)
		csv_write_cell(out, head[j], j + 1 == sizeof(head) / sizeof(head[0]));
	arena_init(&pa);
	page = arena_zalloc(a, 1000 * sizeof(*page));
	do {
		char idb[24], lid[24];
		arena_release(&pa);
		arena_init(&pa);
		if (list_page(&pa, f, area, after, after_id, 1000, page, &n) != 0) {
			arena_release(&pa);
			return OSOS_EDB;
		}
		for (i = 0; i < n; i++) {
			const struct osos_row *e = &page[i];
			snprintf(idb, sizeof(idb), "%lld", (long long)e->id);
			snprintf(lid, sizeof(lid), "%lld", (long long)e->learner_id);
			csv_write_cell(out, e->osos_id, 0);
			csv_write_cell(out, e->last_name, 0);
			csv_write_cell(out, e->first_name, 0);
			csv_write_cell(out, us_date(&pa, e->birth_date), 0);
			csv_write_cell(out, e->local_area, 0);
			csv_write_cell(out, kind_names[e->kind], 0);
			csv_write_cell(out, osos_entry_text(&pa, LANG_EN, e), 0);
			csv_write_cell(out, us_date(&pa, e->date), 0);
			csv_write_cell(out, e->program ? e->program : "", 0);
			csv_write_cell(out, e->program_url ? e->program_url : "", 0);
			csv_write_cell(out, status_names[e->status], 0);
			csv_write_cell(out, e->backfill ? "yes" : "no", 0);
			csv_write_cell(out, e->email, 0);
			csv_write_cell(out, lid, 0);
			csv_write_cell(out, idb, 1);
		}
		*rows += n;
		if (n) {
			snprintf(after, sizeof(after), "%s", page[n - 1].date);
			after_id = page[n - 1].id;
		}
		if (out->len >= out->max - 1) {
			arena_release(&pa);
			return OSOS_EDB;
		}
	} while (n == 1000);
	arena_release(&pa);
	return OSOS_OK;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *osos_row_json(const struct osos_row *e)
{
	json_t *d = json_object();

	json_object_set_new(d, "program",
			    e->program_id
				    ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)e->program_id,
						"title", e->program ? e->program : "", "url",
						e->program_url ? e->program_url : "")
				    : json_null());
	if (e->kind == OSOS_CREDENTIAL)
		json_object_set_new(d, "credential_type", json_string(e->pirl_code));
	if (e->kind == OSOS_SKILL_GAIN)
		json_object_set_new(d, "skill_gain_element", json_string(e->pirl_code));
	json_object_set_new(d, "reason", json_string(e->reason ? e->reason : ""));
	json_object_set_new(d, "confirmed_at", str_or_null(e->confirmed_at));
	json_object_set_new(d, "confirmed_by", str_or_null(e->confirmed_by));
	json_object_set_new(d, "entered_at", str_or_null(e->entered_at));
	json_object_set_new(d, "entered_by", str_or_null(e->entered_by));
	json_object_set_new(d, "rejected_at", str_or_null(e->rejected_at));
	json_object_set_new(d, "rejected_by", str_or_null(e->rejected_by));
	return json_pack("{s:I, s:s, s:s, s:s, s:b, s:I, s:s, s:o, s:o}", "id", (json_int_t)e->id,
			 "kind", kind_names[e->kind], "status", status_names[e->status], "date",
			 e->date, "backfill", e->backfill, "learner_id", (json_int_t)e->learner_id,
			 "osos_id", e->osos_id ? e->osos_id : "", "local_area",
			 e->local_area_id
				 ? json_pack("{s:I, s:s}", "id", (json_int_t)e->local_area_id,
					     "name", e->local_area ? e->local_area : "")
				 : json_null(),
			 "details", d);
}

/* ---- staff changes ------------------------------------------------------------------------ */

struct change_ctx {
	const struct principal *who;
	enum osos_action action;
	const int64_t *ids;
	size_t n;
	const char *reason;
	struct osos_change_result *out;
};

/* The status an action moves an entry to, and whether it may from `from`: 1 move, 0 already
 * there, -1 refused. */
static int allowed(enum osos_action action, int from)
{
	switch (action) {
	case OSOS_CONFIRM: return from == OSOS_DRAFT ? 1 : from == OSOS_REJECTED ? -1 : 0;
	case OSOS_ENTER:
		return from == OSOS_DRAFT || from == OSOS_PENDING ? 1
		       : from == OSOS_ENTERED			  ? 0
								  : -1;
	case OSOS_REJECT:
		return from == OSOS_DRAFT || from == OSOS_PENDING ? 1
		       : from == OSOS_REJECTED			  ? 0
								  : -1;
	}
	return -1;
}

/* Reads an entry's status and area within the transaction: 0, 1 when it is not there or
 * outside who's scope, DB_ERR. */
static int entry_state(struct db *db, const struct principal *who, int64_t id, int *status,
		       int64_t *area)
{
	struct stmt *st = db_prepare(db, "SELECT e.status, COALESCE(l.local_area_id, 0) FROM "
					 "osos_entries e JOIN learners l ON l.id = e.learner_id "
					 "WHERE e.id = ?");
	int rc;

	stmt_bind_int(st, 1, id);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		*status = osos_status_parse(stmt_text(st, 0));
		*area = stmt_int(st, 1);
	}
	stmt_done(st);
	if (rc == DB_ERR)
		return DB_ERR;
	if (rc != DB_ROW || *status < 0 || (who->local_area && *area != who->local_area))
		return 1;
	return 0;
}

static int change_fn(struct db *db, void *ctx)
{
	static const int target[] = { OSOS_PENDING, OSOS_ENTERED, OSOS_REJECTED };
	struct change_ctx *c = ctx;
	size_t i;

	memset(c->out, 0, sizeof(*c->out));
	for (i = 0; i < c->n; i++) {
		int status, ok, rc;
		int64_t area;
		rc = entry_state(db, c->who, c->ids[i], &status, &area);
		if (rc == DB_ERR)
			return DB_ERR;
		if (rc != 0) {
			c->out->skipped++;
			continue;
		}
		ok = allowed(c->action, status);
		if (ok == 0)
			c->out->unchanged++;
		else if (ok < 0)
			c->out->refused++;
		else if (move(db, c->who, c->ids[i], area, status_names[status], target[c->action],
			      c->reason) != 0)
			return DB_ERR;
		else
			c->out->changed++;
	}
	return 0;
}

int osos_change(const struct principal *who, enum osos_action action, const int64_t *ids, size_t n,
		const char *reason, struct osos_change_result *out)
{
	struct change_ctx c = { who, action, ids, n, reason, out };

	memset(out, 0, sizeof(*out));
	if (action == OSOS_REJECT && (!reason || !*reason))
		return -1;
	return db_write(change_fn, &c) == 0 ? 0 : -1;
}

/* ---- the acknowledgment import ------------------------------------------------------------ */

enum { AC_OSOS, AC_KIND, AC_DATE, AC_COUNT };

struct ack {
	const char *data;
	size_t len;
	const struct principal *who;
	struct osos_import_result *res;
	struct db *db;
	int col[AC_COUNT];
	int stop, db_failed;
	size_t last_row;
	const char *referral_text;
	struct arena a;
	int64_t started;
};

static void ack_error(struct ack *k, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void ack_error(struct ack *k, size_t line, const char *fmt, ...)
{
	struct osos_import_result *res = k->res;
	va_list ap;

	res->errors_total++;
	if (res->nerrors >= IMPORT_ERRORS_MAX)
		return;
	if (!res->errors) {
		res->errors = calloc(IMPORT_ERRORS_MAX, sizeof(*res->errors));
		if (!res->errors)
			abort();
	}
	res->errors[res->nerrors].line = line;
	va_start(ap, fmt);
	vsnprintf(res->errors[res->nerrors].message, sizeof(res->errors[0].message), fmt, ap);
	va_end(ap);
	res->nerrors++;
}

/* A kind from a name ("skill gain", "Skill_Gain") or the OSOS activity text; -1. */
static int ack_kind(struct ack *k, const char *s)
{
	char norm[64];
	size_t i, n = 0;

	if (k->referral_text && !strcasecmp(s, k->referral_text))
		return OSOS_REFERRAL;
	for (i = 0; s[i] && n + 1 < sizeof(norm); i++)
		norm[n++] = s[i] == ' ' || s[i] == '-' ? '_' : (char)tolower((unsigned char)s[i]);
	norm[n] = '\0';
	if (!strcmp(norm, "skills_gain") || !strcmp(norm, "measurable_skill_gain"))
		return OSOS_SKILL_GAIN;
	if (!strcmp(norm, "referred_to_coursera_enrollment"))
		return OSOS_REFERRAL;
	return osos_kind_parse(norm);
}

/* YYYY-MM-DD, MM/DD/YYYY (or M/D/YYYY) or YYYYMMDD into "YYYY-MM-DD"; 0 or -1. */
static int ack_date(const char *s, char out[11])
{
	int y, m, d, len;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &len) == 3 && !s[len])
		;
	else if (sscanf(s, "%2d/%2d/%4d%n", &m, &d, &y, &len) == 3 && !s[len])
		;
	else if (strlen(s) == 8 && strspn(s, "0123456789") == 8 &&
		 sscanf(s, "%4d%2d%2d", &y, &m, &d) == 3)
		;
	else
		return -1;
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return date_valid(out) ? 0 : -1;
}

static int ack_line(struct ack *k, size_t row, char **f, size_t n)
{
	const char *osos = k->col[AC_OSOS] < (int)n ? f[k->col[AC_OSOS]] : "";
	const char *ks = k->col[AC_KIND] < (int)n ? f[k->col[AC_KIND]] : "";
	const char *ds = k->col[AC_DATE] < (int)n ? f[k->col[AC_DATE]] : "";
	struct stmt *st;
	char date[11];
	int kind = ack_kind(k, ks), rc, found = 0, entered = 0;
	int64_t id = 0, area = 0;
	char from[12] = "";

	if (!*osos) {
		ack_error(k, row, "OSOS ID is empty");
		return 0;
	}
	if (kind < 0) {
		ack_error(k, row,
			  "Kind \"%.40s\" is not referral, credential, skill_gain, exit or the "
			  "OSOS activity \"%.60s\"",
			  ks, k->referral_text ? k->referral_text : "");
		return 0;
	}
	if (ack_date(ds, date) != 0) {
		ack_error(k, row, "Date \"%.40s\" is not a date (such as 2026-03-04 or 03/04/2026)",
			  ds);
		return 0;
	}
	st = db_prepare(k->db, "SELECT e.id, e.status, COALESCE(l.local_area_id, 0) FROM "
			       "osos_entries e JOIN learners l ON l.id = e.learner_id WHERE "
			       "l.osos_id = ? AND e.kind = ? AND e.event_date = ? ORDER BY e.id");
	stmt_bind_text(st, 1, osos);
	stmt_bind_text(st, 2, kind_names[kind]);
	stmt_bind_text(st, 3, date);
	while ((rc = stmt_step(st)) == DB_ROW) {
		const char *s = stmt_text(st, 1);
		int64_t a = stmt_int(st, 2);
		if (k->who->local_area && a != k->who->local_area)
			continue;
		if (!strcmp(s, "entered"))
			entered = 1;
		else if (!found && (!strcmp(s, "pending") || !strcmp(s, "draft"))) {
			found = 1;
			id = stmt_int(st, 0);
			area = a;
			snprintf(from, sizeof(from), "%s", s);
		}
	}
	stmt_done(st);
	if (rc == DB_ERR)
		return -1;
	if (found) {
		if (move(k->db, k->who, id, area, from, OSOS_ENTERED, NULL) != 0)
			return -1;
		k->res->applied++;
	} else if (entered) {
		k->res->unchanged++;
	} else {
		ack_error(k, row,
			  "no %s entry to enter for OSOS ID %.20s on %s%s: check the OSOS ID, the "
			  "kind and the date",
			  kind_names[kind], osos, date,
			  k->who->local_area ? " in your local area" : "");
	}
	return 0;
}

static int ack_row(void *ctx, size_t row, char **f, size_t n)
{
	struct ack *k = ctx;

	k->last_row = row;
	if (row == 1) {
		k->col[AC_OSOS] = csv_column(f, n, "OSOS ID");
		k->col[AC_KIND] = csv_column(f, n, "Kind");
		k->col[AC_DATE] = csv_column(f, n, "Date");
		if (k->col[AC_OSOS] < 0 || k->col[AC_KIND] < 0 || k->col[AC_DATE] < 0) {
			ack_error(k, 1,
				  "the header needs the columns OSOS ID, Kind and Date (in any "
				  "order)");
			k->stop = 1;
			return -1;
		}
		return 0;
	}
	k->res->rows++;
	if (ack_line(k, row, f, n) != 0) {
		k->db_failed = 1;
		return -1;
	}
	return 0;
}

static int ack_fn(struct db *db, void *ctx)
{
	struct ack *k = ctx;
	struct osos_import_result *res = k->res;
	struct csv_bad_text bad;
	int rc;

	k->db = db;
	rc = csv_read_at(k->data, k->len, ack_row, k, &bad);
	if (k->db_failed)
		return DB_ERR;
	if (rc == -3)
		ack_error(k, bad.row, "%s", csv_bad_text_message(&k->a, &bad));
	else if (rc == -2)
		ack_error(k, k->last_row + 1,
			  "the file is not valid CSV from here on (a quote that does not close?)");
	else if (k->last_row == 0 && !k->stop)
		ack_error(k, 1, "the file is empty: it needs the header OSOS ID, Kind, Date");
	if (k->stop || rc == -2 || rc == -3 || (res->errors_total && !res->partial) || res->dry_run)
		return DB_ABORT;
	res->committed = 1;
	res->seconds = (double)(now_ns() - k->started) / 1e9;
	if (k->who && k->who->role != ROLE_NONE) {
		json_t *after = osos_import_json(res);
		rc = audit_write(db, k->who, "import", "osos_import", "", k->who->local_area, NULL,
				 after);
		json_decref(after);
		if (rc != 0)
			return DB_ERR;
	}
	return 0;
}

int osos_import(const char *data, size_t len, int dry_run, int partial, const struct principal *who,
		struct osos_import_result *res)
{
	static const struct principal cli = { ROLE_NONE, 0, 0, "cli", NULL };
	struct ack k;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&k, 0, sizeof(k));
	res->dry_run = dry_run;
	res->partial = partial;
	k.data = data;
	k.len = len;
	k.who = who ? who : &cli;
	k.res = res;
	k.started = now_ns();
	arena_init(&k.a);
	k.referral_text = settings_get(&k.a, "osos_activity_referral");
	rc = db_write(ack_fn, &k);
	arena_release(&k.a);
	res->seconds = (double)(now_ns() - k.started) / 1e9;
	if (rc == DB_ERR || (rc != 0 && rc != DB_ABORT)) {
		res->failed = 1;
		res->committed = 0;
		return -1;
	}
	if (rc == DB_ABORT) {
		/* a dry run that could be kept: say so; the counts stay as read */
		res->committed = 0;
		return res->dry_run && !k.stop && (!res->errors_total || res->partial) ? 0 : 1;
	}
	return 0;
}

void osos_import_release(struct osos_import_result *res)
{
	free(res->errors);
	res->errors = NULL;
}

json_t *osos_import_json(const struct osos_import_result *res)
{
	json_t *errs = json_array();
	size_t i;

	for (i = 0; i < res->nerrors; i++)
		json_array_append_new(errs, json_pack("{s:I, s:s}", "line",
						      (json_int_t)res->errors[i].line, "message",
						      res->errors[i].message));
	return json_pack("{s:I, s:I, s:I, s:o, s:I, s:I, s:b, s:b, s:b, s:f}", "rows",
			 (json_int_t)res->rows, "applied", (json_int_t)res->applied, "unchanged",
			 (json_int_t)res->unchanged, "errors", errs, "errors_total",
			 (json_int_t)res->errors_total, "entered", (json_int_t)res->applied,
			 "committed", res->committed, "dry_run", res->dry_run, "partial",
			 res->partial, "seconds", res->seconds);
}

/* ---- reportable individual or participant ------------------------------------------------- */

int osos_is_participant(int64_t learner_id, int *overridden)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(
		db, "SELECT l.wioa_override, CASE WHEN l.activated_at IS NOT NULL AND EXISTS "
		    "(SELECT 1 FROM osos_entries x WHERE x.learner_id = l.id AND x.kind = "
		    "'referral' AND x.status = 'entered') THEN 1 ELSE 0 END FROM learners l WHERE "
		    "l.id = ?");
	int rc, result = -1;

	*overridden = 0;
	stmt_bind_int(st, 1, learner_id);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		const char *o = stmt_text(st, 0);
		if (*o) {
			*overridden = 1;
			result = !strcmp(o, "participant");
		} else {
			result = settings_get_int("coursera_counts_as_training", 0) == 1 &&
				 stmt_int(st, 1) == 1;
		}
	}
	stmt_done(st);
	return result;
}

struct override_ctx {
	const struct principal *who;
	int64_t learner, area;
	const char *value;
};

static int override_fn(struct db *db, void *ctx)
{
	struct override_ctx *o = ctx;
	struct stmt *st = db_prepare(db, "SELECT COALESCE(wioa_override, '') FROM learners WHERE "
					 "id = ?");
	char ref[24], before[32] = "";
	json_t *b, *af;
	int rc;

	stmt_bind_int(st, 1, o->learner);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		snprintf(before, sizeof(before), "%s", stmt_text(st, 0));
	stmt_done(st);
	if (rc != DB_ROW)
		return DB_ABORT;
	st = db_prepare(db, "UPDATE learners SET wioa_override = ? WHERE id = ?");
	stmt_bind_text(st, 1, o->value);
	stmt_bind_int(st, 2, o->learner);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	snprintf(ref, sizeof(ref), "%lld", (long long)o->learner);
	b = json_pack("{s:s?}", "wioa_override", *before ? before : NULL);
	af = json_pack("{s:s?}", "wioa_override", o->value);
	rc = audit_write(db, o->who, "wioa_override", "learner", ref, o->area, b, af);
	json_decref(b);
	json_decref(af);
	return rc;
}

int osos_set_wioa_override(const struct principal *who, int64_t learner_id, int64_t local_area,
			   const char *value)
{
	struct override_ctx o = { who, learner_id, local_area, value && *value ? value : NULL };

	if (o.value && strcmp(o.value, "participant") && strcmp(o.value, "reportable_individual"))
		return -1;
	return db_write(override_fn, &o) == 0 ? 0 : -1;
}
