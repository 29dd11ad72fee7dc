/* osos_worklist.c - the OSOS work list (osos.h): the filter, the list pages and the tab
 * counts for a staff member's scope, the entries as text, CSV and JSON, and the staff changes
 * (confirm, mark entered, reject, back to draft), each audited. */
#include "osos_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/csvread.h"
#include "util/timeutil.h"

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
		stmt_bind_text(st, i++, osos_kind_names[f->kind]);
		stmt_bind_text(st, i++, osos_status_names[f->status]);
	} else {
		st = db_prepare(db, OSOS_SELECT "WHERE (? = '' OR e.kind = ?) AND (? = '' OR "
						"e.status = ?) AND " OSOS_WHERE);
		stmt_bind_text(st, i++, f->kind >= 0 ? osos_kind_names[f->kind] : "");
		stmt_bind_text(st, i++, f->kind >= 0 ? osos_kind_names[f->kind] : "");
		stmt_bind_text(st, i++, f->status >= 0 ? osos_status_names[f->status] : "");
		stmt_bind_text(st, i++, f->status >= 0 ? osos_status_names[f->status] : "");
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

void osos_counts_changed(void)
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
			csv_write_cell(out, osos_kind_names[e->kind], 0);
			csv_write_cell(out, osos_entry_text(&pa, LANG_EN, e), 0);
			csv_write_cell(out, us_date(&pa, e->date), 0);
			csv_write_cell(out, e->program ? e->program : "", 0);
			csv_write_cell(out, e->program_url ? e->program_url : "", 0);
			csv_write_cell(out, osos_status_names[e->status], 0);
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
	return json_pack(
		"{s:I, s:s, s:s, s:s, s:b, s:I, s:s, s:o, s:o}", "id", (json_int_t)e->id, "kind",
		osos_kind_names[e->kind], "status", osos_status_names[e->status], "date", e->date,
		"backfill", e->backfill, "learner_id", (json_int_t)e->learner_id, "osos_id",
		e->osos_id ? e->osos_id : "", "local_area",
		e->local_area_id ? json_pack("{s:I, s:s}", "id", (json_int_t)e->local_area_id,
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
		else if (osos_entry_move(db, c->who, c->ids[i], area, osos_status_names[status],
					 target[c->action], c->reason) != 0)
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
