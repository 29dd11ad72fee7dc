/* osos.c - OSOS entries: their kinds and statuses, generation from events (referrals,
 * credentials, skill gains, exits) and the back-fill, and the reportable-individual rule
 * (osos.h). The work list and staff changes are osos_worklist.c, the acknowledgment import
 * osos_acknowledgment.c. */
#include "osos_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "db/db.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define DAY 86400

const char *const osos_kind_names[OSOS_KIND_COUNT] = { "referral", "credential", "skill_gain",
						       "exit" };
const char *const osos_status_names[OSOS_STATUS_COUNT] = { "draft", "pending", "entered",
							   "rejected" };

const char *osos_kind_name(int kind)
{
	return kind >= 0 && kind < OSOS_KIND_COUNT ? osos_kind_names[kind] : NULL;
}

const char *osos_status_name(int status)
{
	return status >= 0 && status < OSOS_STATUS_COUNT ? osos_status_names[status] : NULL;
}

int osos_kind_parse(const char *s)
{
	int i;

	for (i = 0; s && i < OSOS_KIND_COUNT; i++)
		if (!strcmp(s, osos_kind_names[i]))
			return i;
	return -1;
}

int osos_status_parse(const char *s)
{
	int i;

	for (i = 0; s && i < OSOS_STATUS_COUNT; i++)
		if (!strcmp(s, osos_status_names[i]))
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
	stmt_bind_text(st, 1, osos_kind_names[kind]);
	stmt_bind_int(st, 2, learner);
	stmt_bind_text(st, 3, key);
	stmt_bind_text(st, 4, event_at);
	stmt_bind_text(st, 5, date);
	stmt_bind_text(st, 6, osos_status_names[status]);
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
int osos_entry_move(struct db *db, const struct principal *who, int64_t id, int64_t area,
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
	after = json_pack("{s:s}", "status", osos_status_names[status]);
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
		if (osos_entry_move(db, &sys, ids[i], areas[i], "draft", OSOS_REJECTED,
				    "new activity") != 0)
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
