/* learner_list.c - the staff's list of learners: the statements by scope, sort and
 * direction, their cursors, and the listing itself (learner.h; see learner.c for the kinds of
 * statement). */
#include "learner.h"
#include "learner_internal.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "audit.h"
#include "db/db.h"
#include "geo.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "i18n/i18n.h"

/* ---- the query -------------------------------------------------------------------------- */

enum qscope { QS_AREA = 0, QS_ALL = 1, QS_SEARCH = 2 };
#define Q(s, o, d) ((int)(s)*8 + (int)(o)*2 + (d))

/* A filter turned into the values the statements bind. */
struct qvals {
	enum qscope scope;
	int64_t area; /* QS_AREA: the area; QS_SEARCH: 0 or the area */
	/* name test: a one-word query tests last-name and first-name prefixes; two words test
	 * "first last" and "last first" */
	int name_on;
	const char *w1_lo, *w1_hi, *w2_lo, *w2_hi; /* lower-cased words and their prefix ends */
	/* QS_SEARCH: the candidates come from one of these (the others bind nothing) */
	int exact; /* osos / e-mail / reference */
	const char *osos, *email_lo, *email_hi;
	int64_t app_id;
	const char *enr_state; /* learners with an enrollment in this state */
	/* filters */
	const char *status;
	char from[ISO_LEN], to[ISO_LEN];
	int enrolled, completed;
	const char *wioa;	/* "" any */
	int counts_as_training; /* the setting coursera_counts_as_training */
};

static char *lower_copy(struct arena *a, const char *s, size_t n)
{
	char *out = arena_strndup(a, s, n);
	char *p;

	for (p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

/* A reference may have no digit at all ("NY-GDAH-KAWR"): recognize it by its form. */
static int is_reference(const char *q)
{
	char ref[APP_REF_LEN];
	return application_reference_normalize(q, ref) == 0;
}

static int64_t application_by_reference(const char *ref)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT id FROM applications WHERE reference = ?");
	int64_t id = 0;

	stmt_bind_text(st, 1, ref);
	if (stmt_step(st) == DB_ROW)
		id = stmt_int(st, 0);
	stmt_done(st);
	return id;
}

/* How many rows a candidate source would give, counted in its index up to limit + 1. */
#define SEARCH_MAX     1500
#define SEARCH_MAX_ONE 500
#define SEARCH_MAX_TWO 5000
enum est { EST_LAST, EST_FIRST, EST_ENROLLMENTS };

static int64_t estimate(enum est which, const char *lo, const char *hi, int64_t limit)
{
	struct db *db = db_get();
	struct stmt *st;
	int64_t n = limit + 1;

	switch (which) {
	case EST_LAST:
		st = db_prepare(db, "SELECT COUNT(*) FROM (SELECT 1 FROM learners WHERE "
				    "lower(last_name) >= ? AND lower(last_name) < ? LIMIT ?) c");
		break;
	case EST_FIRST:
		st = db_prepare(db, "SELECT COUNT(*) FROM (SELECT 1 FROM learners WHERE "
				    "lower(first_name) >= ? AND lower(first_name) < ? LIMIT ?) c");
		break;
	case EST_ENROLLMENTS:
	default:
		st = db_prepare(db,
				"SELECT COUNT(*) FROM (SELECT 1 FROM enrollments WHERE state = ? "
				"LIMIT ?) c");
		stmt_bind_text(st, 1, lo);
		stmt_bind_int(st, 2, limit + 1);
		goto step;
	}
	stmt_bind_text(st, 1, lo);
	stmt_bind_text(st, 2, hi);
	stmt_bind_int(st, 3, limit + 1);
step:
	if (stmt_step(st) == DB_ROW)
		n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static void prepare_values(struct arena *a, const struct learner_filter *f, int64_t scope,
			   struct qvals *v)
{
	const char *q = f->q ? f->q : "";
	size_t n;
	int64_t now = now_unix();

	memset(v, 0, sizeof(*v));
	v->status = f->status ? f->status : "";
	v->enrolled = f->enrolled;
	v->completed = f->completed;
	v->wioa = f->wioa ? f->wioa : "";
	v->counts_as_training = settings_get_int("coursera_counts_as_training", 0) == 1;
	switch (f->activity) {
	case LACT_WITHIN_7: iso_utc(now - 7 * 86400, v->from); break;
	case LACT_WITHIN_30: iso_utc(now - 30 * 86400, v->from); break;
	case LACT_INACTIVE_REMIND:
		iso_utc(now - settings_get_int("inactivity_remind_days", 30) * 86400, v->to);
		break;
	case LACT_INACTIVE_REMOVE:
		iso_utc(now - settings_get_int("inactivity_remove_days", 45) * 86400, v->to);
		break;
	case LACT_NEVER: snprintf(v->to, sizeof(v->to), "0"); break;
	case LACT_ANY:
	default: break;
	}
	while (isspace((unsigned char)*q))
		q++;
	n = strlen(q);
	while (n && isspace((unsigned char)q[n - 1]))
		n--;
	v->scope = scope ? QS_AREA : QS_ALL;
	v->area = scope;
	v->w1_lo = v->w2_lo = "";
	v->w1_hi = v->w2_hi = MAXCH;
	if (!n)
		return;
	if (memchr(q, '@', n) || strpbrk(arena_strndup(a, q, n), "0123456789") ||
	    is_reference(arena_strndup(a, q, n))) {
		char ref[APP_REF_LEN];
		char *exact = arena_strndup(a, q, n), *up = arena_strdup(a, exact), *p;
		v->scope = QS_SEARCH;
		v->exact = 1;
		for (p = up; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		v->osos = up;
		v->email_lo = lower_copy(a, q, n);
		v->email_hi = arena_printf(a, "%s%s", v->email_lo, MAXCH);
		if (application_reference_normalize(exact, ref) == 0)
			v->app_id = application_by_reference(ref);
		return;
	}
	/* a name: "maria", "maria lopez", "lopez, maria" */
	{
		char *t = lower_copy(a, q, n), *p, *sp;
		for (p = t; *p; p++)
			if (*p == ',' || *p == '\t')
				*p = ' ';
		sp = strchr(t, ' ');
		v->name_on = 1;
		if (sp) {
			char *rest = sp;
			*sp = '\0';
			while (*++rest == ' ')
				;
			v->w1_lo = t;
			v->w2_lo = rest;
			v->w2_hi = arena_printf(a, "%s%s", rest, MAXCH);
		} else {
			v->w1_lo = t;
		}
		v->w1_hi = arena_printf(a, "%s%s", v->w1_lo, MAXCH);
	}
	/* Across all areas, a rare name is found faster from the name indexes than by walking
	 * the whole list, and a common one at once by walking it (a page and a capped count
	 * need only a few hundred matches). Two words together are rare even when each word
	 * is common. */
	if (v->scope == QS_ALL) {
		int two = v->w2_lo[0] != '\0';
		const char *lo = two ? v->w2_lo : v->w1_lo, *hi = two ? v->w2_hi : v->w1_hi;
		int64_t limit = two ? SEARCH_MAX_TWO : SEARCH_MAX_ONE;
		if (estimate(EST_LAST, lo, hi, limit) + estimate(EST_FIRST, lo, hi, limit) <= limit)
			v->scope = QS_SEARCH;
	}
}

/* The scan is bounded by an area's size; across all areas, a rare "has an enrollment"
 * filter starts from the enrollments instead. */
static void prefer_enrollments(const struct learner_filter *f, struct qvals *v)
{
	const char *state = f->completed == 1 ? "completed" : f->enrolled == 1 ? "enrolled" : NULL;

	if (v->scope != QS_ALL || !state || v->name_on)
		return;
	if (estimate(EST_ENROLLMENTS, state, NULL, SEARCH_MAX) <= SEARCH_MAX) {
		v->scope = QS_SEARCH;
		v->enr_state = state;
	}
}

/* The name block: flag, last lo/hi, first-flag, first lo/hi, first lo/hi, last-flag, last
 * lo/hi. One word w: last ~ w or first ~ w. Two words a b: (last ~ b and first ~ a) or
 * (first ~ b and last ~ a), so "maria lopez" and "lopez maria" both find Maria Lopez. */
static int bind_name(struct stmt *st, int i, const struct qvals *v)
{
	int two = v->w2_lo[0] != '\0';
	const char *main_lo = two ? v->w2_lo : v->w1_lo, *main_hi = two ? v->w2_hi : v->w1_hi;
	const char *other_lo = two ? v->w1_lo : "", *other_hi = two ? v->w1_hi : MAXCH;

	stmt_bind_int(st, i++, v->name_on);
	stmt_bind_text(st, i++, main_lo);
	stmt_bind_text(st, i++, main_hi);
	stmt_bind_text(st, i++, two ? "x" : "");
	stmt_bind_text(st, i++, other_lo);
	stmt_bind_text(st, i++, other_hi);
	stmt_bind_text(st, i++, main_lo);
	stmt_bind_text(st, i++, main_hi);
	stmt_bind_text(st, i++, two ? "x" : "");
	stmt_bind_text(st, i++, other_lo);
	stmt_bind_text(st, i++, other_hi);
	return i;
}

/* The search block of QS_SEARCH: OSOS ID, e-mail prefix, the name block's two terms, the
 * application id and the enrollment state. Only the active source binds values that can
 * match; the others bind NULL or an empty range. */
static int bind_search(struct stmt *st, int i, const struct qvals *v)
{
	int two = v->w2_lo[0] != '\0';
	const char *main_lo = "", *main_hi = "", *other_lo = "", *other_hi = MAXCH;

	if (v->name_on) {
		main_lo = two ? v->w2_lo : v->w1_lo;
		main_hi = two ? v->w2_hi : v->w1_hi;
		other_lo = two ? v->w1_lo : "";
		other_hi = two ? v->w1_hi : MAXCH;
	}
	stmt_bind_text(st, i++, v->exact ? v->osos : NULL);
	stmt_bind_text(st, i++, v->exact ? v->email_lo : NULL);
	stmt_bind_text(st, i++, v->exact ? v->email_hi : NULL);
	stmt_bind_text(st, i++, main_lo);
	stmt_bind_text(st, i++, main_hi);
	stmt_bind_text(st, i++, two ? "x" : "");
	stmt_bind_text(st, i++, other_lo);
	stmt_bind_text(st, i++, other_hi);
	stmt_bind_text(st, i++, main_lo);
	stmt_bind_text(st, i++, main_hi);
	stmt_bind_text(st, i++, two ? "x" : "");
	stmt_bind_text(st, i++, other_lo);
	stmt_bind_text(st, i++, other_hi);
	stmt_bind_int(st, i++, v->app_id ? v->app_id : -1);
	stmt_bind_text(st, i++, v->enr_state);
	return i;
}

/* The filter block every statement ends its WHERE with. */
static int bind_filters(struct stmt *st, int i, const struct qvals *v)
{
	stmt_bind_text(st, i++, v->status);
	stmt_bind_text(st, i++, v->status);
	stmt_bind_text(st, i++, v->from);
	stmt_bind_text(st, i++, v->from);
	stmt_bind_text(st, i++, v->to);
	stmt_bind_text(st, i++, v->to);
	stmt_bind_int(st, i++, v->enrolled);
	stmt_bind_int(st, i++, v->enrolled);
	stmt_bind_int(st, i++, v->enrolled);
	stmt_bind_int(st, i++, v->completed);
	stmt_bind_int(st, i++, v->completed);
	stmt_bind_int(st, i++, v->completed);
	/* LIST_WIOA */
	stmt_bind_text(st, i++, v->wioa);
	stmt_bind_text(st, i++, v->wioa);
	stmt_bind_int(st, i++, v->counts_as_training);
	stmt_bind_text(st, i++, v->wioa);
	stmt_bind_int(st, i++, v->counts_as_training);
	return i;
}

static int bind_head(struct stmt *st, const struct qvals *v)
{
	int i = 1;

	if (v->scope == QS_AREA) {
		stmt_bind_int(st, i++, v->area);
		i = bind_name(st, i, v);
	} else if (v->scope == QS_ALL) {
		i = bind_name(st, i, v);
	} else {
		stmt_bind_int(st, i++, v->area);
		stmt_bind_int(st, i++, v->area);
		i = bind_search(st, i, v);
	}
	return bind_filters(st, i, v);
}

/* ---- cursors ---------------------------------------------------------------------------- */

/* A cursor: "<sort letter><a|d>.<hex key 1>.<hex key 2>.<id>" - the last row's sort key. */
struct key {
	const char *k1, *k2;
	int64_t id;
};

static void hex_add(struct buf *b, const char *s)
{
	static const char hx[] = "0123456789abcdef";

	for (; *s; s++) {
		buf_putc(b, hx[(unsigned char)*s >> 4]);
		buf_putc(b, hx[(unsigned char)*s & 15]);
	}
}

static char *cursor_make(struct arena *a, const struct learner_filter *f, const struct key *k)
{
	struct buf b = BUF_INIT(2048);
	char *out;

	buf_printf(&b, "%c%c.", "naj"[f->sort], f -> desc ? 'd' : 'a');
	hex_add(&b, k->k1 ? k->k1 : "");
	buf_putc(&b, '.');
	hex_add(&b, k->k2 ? k->k2 : "");
	buf_printf(&b, ".%lld", (long long)k->id);
	out = b.overflow ? NULL : arena_strdup(a, b.p);
	buf_release(&b);
	return out;
}

static char *unhex(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n / 2 + 1);
	size_t i;

	if (n % 2)
		return NULL;
	for (i = 0; i < n / 2; i++) {
		int hi = isdigit((unsigned char)s[2 * i]) ? s[2 * i] - '0' : s[2 * i] - 'a' + 10;
		int lo = isdigit((unsigned char)s[2 * i + 1]) ? s[2 * i + 1] - '0'
							      : s[2 * i + 1] - 'a' + 10;
		if (hi < 0 || hi > 15 || lo < 0 || lo > 15 || (hi == 0 && lo == 0))
			return NULL;
		out[i] = (char)(hi * 16 + lo);
	}
	out[n / 2] = '\0';
	return out;
}

static int cursor_parse(struct arena *a, const struct learner_filter *f, const char *c,
			struct key *k)
{
	const char *d1, *d2, *d3;
	char *end;

	if (strlen(c) > 1200 || c[0] != "naj"[f->sort] || c[1] != (f->desc ? 'd' : 'a') ||
	    c[2] != '.')
		return -1;
	d1 = c + 3;
	d2 = strchr(d1, '.');
	d3 = d2 ? strchr(d2 + 1, '.') : NULL;
	if (!d3)
		return -1;
	k->k1 = unhex(a, d1, (size_t)(d2 - d1));
	k->k2 = unhex(a, d2 + 1, (size_t)(d3 - d2 - 1));
	k->id = strtoll(d3 + 1, &end, 10);
	if (!k->k1 || !k->k2 || *end || k->id < 0)
		return -1;
	return 0;
}

/* The key before the first row of an order. */
static void key_start(const struct learner_filter *f, struct key *k)
{
	k->k1 = f->desc ? MAXKEY : "";
	k->k2 = f->desc ? MAXKEY : "";
	k->id = f->desc ? INT64_MAX : 0;
}

static int bind_key(struct stmt *st, int i, const struct qvals *v, const struct learner_filter *f,
		    const struct key *k)
{
	if (v->scope != QS_SEARCH)
		stmt_bind_text(st, i++, k->k1); /* the leading column's range */
	stmt_bind_text(st, i++, k->k1);
	if (f->sort == LSORT_NAME)
		stmt_bind_text(st, i++, k->k2);
	stmt_bind_int(st, i++, k->id);
	return i;
}

/* The learner list's statements, one per scope, sort and direction (SQL is never built at
 * run time): each is the same select list, the scope's condition, the same filters, then the
 * keyset condition and order of its sort. */
#define LIST_SELECT                                                                                \
	"SELECT l.id, l.first_name, l.last_name, l.email, l.osos_id, COALESCE(l.local_area_id, "   \
	"0), l.license_status, l.last_activity_at, l.created_at, l.application_id, l.language, "   \
	"l.program FROM learners l WHERE "
#define LIST_SCOPE_AREA                                                                            \
	"l.local_area_id = ? AND (? = 0 OR (lower(l.last_name) >= ? AND lower(l.last_name) < ? "   \
	"AND (? = '' OR (lower(l.first_name) >= ? AND lower(l.first_name) < ?))) OR "              \
	"(lower(l.first_name) >= ? AND lower(l.first_name) < ? AND (? = '' OR "                    \
	"(lower(l.last_name) >= ? AND lower(l.last_name) < ?))))"
#define LIST_SCOPE_ALL                                                                             \
	"(? = 0 OR (lower(l.last_name) >= ? AND lower(l.last_name) < ? AND (? = '' OR "            \
	"(lower(l.first_name) >= ? AND lower(l.first_name) < ?))) OR (lower(l.first_name) >= ? "   \
	"AND lower(l.first_name) < ? AND (? = '' OR (lower(l.last_name) >= ? AND "                 \
	"lower(l.last_name) < ?))))"
#define LIST_SCOPE_SEARCH                                                                          \
	"(? = 0 OR l.local_area_id = ?) AND (l.osos_id = ? OR (l.email_norm >= ? AND "             \
	"l.email_norm < ?) OR (lower(l.last_name) >= ? AND lower(l.last_name) < ? AND (? = '' OR " \
	"(lower(l.first_name) >= ? AND lower(l.first_name) < ?))) OR (lower(l.first_name) >= ? "   \
	"AND lower(l.first_name) < ? AND (? = '' OR (lower(l.last_name) >= ? AND "                 \
	"lower(l.last_name) < ?))) OR l.application_id = ? OR l.id IN (SELECT e.learner_id FROM "  \
	"enrollments e WHERE e.state = ?))"
/* Reportable individual or participant (osos.h): the state admin's choice for the learner,
 * else the setting coursera_counts_as_training with an activated license and a referral
 * entered in OSOS. */
#define LIST_PARTICIPANT                                                                           \
	"(COALESCE(l.wioa_override, '') = 'participant' OR (l.wioa_override IS NULL AND ? = 1 "    \
	"AND l.activated_at IS NOT NULL AND EXISTS (SELECT 1 FROM osos_entries x WHERE "           \
	"x.learner_id = l.id AND x.kind = 'referral' AND x.status = 'entered')))"
#define LIST_WIOA                                                                                  \
	"(? = '' OR (? = 'participant' AND " LIST_PARTICIPANT ") OR (? = "                         \
	"'reportable_individual' AND NOT " LIST_PARTICIPANT "))"
#define LIST_FILTERS                                                                               \
	"(? = '' OR l.license_status = ?) AND (? = '' OR COALESCE(l.last_activity_at, '') >= ?) "  \
	"AND (? = '' OR COALESCE(l.last_activity_at, '') < ?) AND (? < 0 OR (? = 1 AND EXISTS "    \
	"(SELECT 1 FROM enrollments e WHERE e.learner_id = l.id AND e.state = 'enrolled')) OR (? " \
	"= 0 AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.learner_id = l.id AND e.state = " \
	"'enrolled'))) AND (? < 0 OR (? = 1 AND EXISTS (SELECT 1 FROM enrollments e WHERE "        \
	"e.learner_id = l.id AND e.state = 'completed')) OR (? = 0 AND NOT EXISTS (SELECT 1 FROM " \
	"enrollments e WHERE e.learner_id = l.id AND e.state = 'completed'))) AND " LIST_WIOA

/* The keyset condition and order of each sort and direction. The area and all-learner scopes
 * start the range on the sort key, so its index is used; the search scope finds its
 * candidates through several indexes and only compares (+l.id keeps the planner off the
 * primary key). */
#define KS_NAME_ASC                                                                                \
	"lower(l.last_name) >= ? AND (lower(l.last_name), lower(l.first_name), l.id) > (?, ?, ?) " \
	"ORDER BY lower(l.last_name) ASC, lower(l.first_name) ASC, l.id ASC LIMIT ?"
#define KS_NAME_DESC                                                                               \
	"lower(l.last_name) <= ? AND (lower(l.last_name), lower(l.first_name), l.id) < (?, ?, ?) " \
	"ORDER BY lower(l.last_name) DESC, lower(l.first_name) DESC, l.id DESC LIMIT ?"
#define KS_ACTIVITY_ASC                                                                            \
	"COALESCE(l.last_activity_at, '') >= ? AND (COALESCE(l.last_activity_at, ''), l.id) > "    \
	"(?, ?) ORDER BY COALESCE(l.last_activity_at, '') ASC, l.id ASC LIMIT ?"
#define KS_ACTIVITY_DESC                                                                           \
	"COALESCE(l.last_activity_at, '') <= ? AND (COALESCE(l.last_activity_at, ''), l.id) < "    \
	"(?, ?) ORDER BY COALESCE(l.last_activity_at, '') DESC, l.id DESC LIMIT ?"
#define KS_JOINED_ASC                                                                              \
	"l.created_at >= ? AND (l.created_at, l.id) > (?, ?) ORDER BY l.created_at ASC, l.id ASC " \
	"LIMIT ?"
#define KS_JOINED_DESC                                                                             \
	"l.created_at <= ? AND (l.created_at, l.id) < (?, ?) ORDER BY l.created_at DESC, l.id "    \
	"DESC LIMIT ?"
#define KS_SEARCH_NAME_ASC                                                                         \
	"(lower(l.last_name), lower(l.first_name), +l.id) > (?, ?, ?) ORDER BY "                   \
	"lower(l.last_name) "                                                                      \
	"ASC, lower(l.first_name) ASC, l.id ASC LIMIT ?"
#define KS_SEARCH_NAME_DESC                                                                        \
	"(lower(l.last_name), lower(l.first_name), +l.id) < (?, ?, ?) ORDER BY "                   \
	"lower(l.last_name) "                                                                      \
	"DESC, lower(l.first_name) DESC, l.id DESC LIMIT ?"
#define KS_SEARCH_ACTIVITY_ASC                                                                     \
	"(COALESCE(l.last_activity_at, ''), +l.id) > (?, ?) ORDER BY "                             \
	"COALESCE(l.last_activity_at, "                                                            \
	"'') ASC, l.id ASC LIMIT ?"
#define KS_SEARCH_ACTIVITY_DESC                                                                    \
	"(COALESCE(l.last_activity_at, ''), +l.id) < (?, ?) ORDER BY "                             \
	"COALESCE(l.last_activity_at, "                                                            \
	"'') DESC, l.id DESC LIMIT ?"
#define KS_SEARCH_JOINED_ASC                                                                       \
	"(l.created_at, +l.id) > (?, ?) ORDER BY l.created_at ASC, l.id ASC LIMIT ?"
#define KS_SEARCH_JOINED_DESC                                                                      \
	"(l.created_at, +l.id) < (?, ?) ORDER BY l.created_at DESC, l.id DESC LIMIT ?"
#define AND_FILTERS_AND " AND " LIST_FILTERS " AND "

/* The statement table: [scope][sort][descending]. */
static const char *const list_sql[3][3][2] = {
	[QS_AREA] = {
		[LSORT_NAME] = { LIST_SELECT LIST_SCOPE_AREA AND_FILTERS_AND KS_NAME_ASC,
				 LIST_SELECT LIST_SCOPE_AREA AND_FILTERS_AND KS_NAME_DESC },
		[LSORT_ACTIVITY] = { LIST_SELECT LIST_SCOPE_AREA AND_FILTERS_AND KS_ACTIVITY_ASC,
				     LIST_SELECT LIST_SCOPE_AREA AND_FILTERS_AND KS_ACTIVITY_DESC },
		[LSORT_JOINED] = { LIST_SELECT LIST_SCOPE_AREA AND_FILTERS_AND KS_JOINED_ASC,
				   LIST_SELECT LIST_SCOPE_AREA AND_FILTERS_AND KS_JOINED_DESC },
	},
	[QS_ALL] = {
		[LSORT_NAME] = { LIST_SELECT LIST_SCOPE_ALL AND_FILTERS_AND KS_NAME_ASC,
				 LIST_SELECT LIST_SCOPE_ALL AND_FILTERS_AND KS_NAME_DESC },
		[LSORT_ACTIVITY] = { LIST_SELECT LIST_SCOPE_ALL AND_FILTERS_AND KS_ACTIVITY_ASC,
				     LIST_SELECT LIST_SCOPE_ALL AND_FILTERS_AND KS_ACTIVITY_DESC },
		[LSORT_JOINED] = { LIST_SELECT LIST_SCOPE_ALL AND_FILTERS_AND KS_JOINED_ASC,
				   LIST_SELECT LIST_SCOPE_ALL AND_FILTERS_AND KS_JOINED_DESC },
	},
	[QS_SEARCH] = {
		[LSORT_NAME] = { LIST_SELECT LIST_SCOPE_SEARCH AND_FILTERS_AND KS_SEARCH_NAME_ASC,
				 LIST_SELECT LIST_SCOPE_SEARCH AND_FILTERS_AND KS_SEARCH_NAME_DESC },
		[LSORT_ACTIVITY] = { LIST_SELECT LIST_SCOPE_SEARCH AND_FILTERS_AND KS_SEARCH_ACTIVITY_ASC,
				     LIST_SELECT LIST_SCOPE_SEARCH AND_FILTERS_AND KS_SEARCH_ACTIVITY_DESC },
		[LSORT_JOINED] = { LIST_SELECT LIST_SCOPE_SEARCH AND_FILTERS_AND KS_SEARCH_JOINED_ASC,
				   LIST_SELECT LIST_SCOPE_SEARCH AND_FILTERS_AND KS_SEARCH_JOINED_DESC },
	},
};

static struct stmt *list_stmt(struct db *db, enum qscope s, enum learner_sort o, int desc)
{
	if ((unsigned)s > QS_SEARCH || (unsigned)o > LSORT_JOINED)
		return NULL;
	return db_prepare(db, list_sql[s][o][desc ? 1 : 0]);
}

/* Counts (up to a cap) of the same filters. */
#define COUNT_FROM  "SELECT COUNT(*) FROM (SELECT 1 FROM learners l WHERE "
#define COUNT_LIMIT " AND " LIST_FILTERS " LIMIT ?) c"

/* The count statements, [scope]: the list's scope and filters, up to a cap. */
static const char *const count_sql[3] = {
	[QS_AREA] = COUNT_FROM LIST_SCOPE_AREA COUNT_LIMIT,
	[QS_ALL] = COUNT_FROM "lower(l.last_name) >= '' AND " LIST_SCOPE_ALL COUNT_LIMIT,
	[QS_SEARCH] = COUNT_FROM LIST_SCOPE_SEARCH COUNT_LIMIT,
};

static struct stmt *count_stmt(struct db *db, enum qscope s)
{
	return (unsigned)s <= QS_SEARCH ? db_prepare(db, count_sql[s]) : NULL;
}

/* ---- listing ---------------------------------------------------------------------------- */

/* The area names by id, for the rows of a page. */
struct areas {
	struct area_row *rows;
	size_t n;
};

static const char *area_name(const struct areas *ar, int64_t id)
{
	size_t i;

	for (i = 0; i < ar->n; i++)
		if (ar->rows[i].id == id)
			return ar->rows[i].name;
	return "";
}

static void row_key(const struct learner_filter *f, struct arena *a, const struct learner_row *r,
		    struct key *k)
{
	k->id = r->id;
	k->k2 = "";
	switch (f->sort) {
	case LSORT_NAME:
		k->k1 = lower_copy(a, r->last_name, strlen(r->last_name));
		k->k2 = lower_copy(a, r->first_name, strlen(r->first_name));
		break;
	case LSORT_ACTIVITY: k->k1 = r->last_activity_at ? r->last_activity_at : ""; break;
	case LSORT_JOINED:
	default: k->k1 = r->created_at ? r->created_at : ""; break;
	}
}

static int filter_is_empty(const struct learner_filter *f)
{
	return (!f->q || !*f->q) && (!f->status || !*f->status) && f->enrolled < 0 &&
	       f->completed < 0 && f->activity == LACT_ANY && (!f->wioa || !*f->wioa);
}

/* How many match: exact without filters; otherwise counted up to COUNT_CAP. */
static int64_t count_matches(struct db *db, const struct learner_filter *f, const struct qvals *v,
			     int *capped)
{
	struct stmt *st;
	int64_t n = -1, cap;
	int i;

	*capped = 0;
	if (filter_is_empty(f)) {
		if (v->scope == QS_AREA) {
			st = db_prepare(db,
					"SELECT COUNT(*) FROM learners WHERE local_area_id = ?");
			stmt_bind_int(st, 1, v->area);
		} else {
			st = db_prepare(db, "SELECT COUNT(*) FROM learners");
		}
		if (stmt_step(st) == DB_ROW)
			n = stmt_int(st, 0);
		stmt_done(st);
		return n;
	}
	/* across every area a filtered count walks the whole list: it stops sooner */
	cap = v->scope == QS_ALL ? COUNT_CAP_ALL : COUNT_CAP;
	st = count_stmt(db, v->scope);
	i = bind_head(st, v);
	stmt_bind_int(st, i, cap + 1);
	if (stmt_step(st) == DB_ROW)
		n = stmt_int(st, 0);
	stmt_done(st);
	if (n > cap) {
		n = cap;
		*capped = 1;
	}
	return n;
}

/* One page, without the audit record (learner_list and the export add their own). */
static enum learner_err list_page(struct arena *a, const struct principal *who,
				  const struct learner_filter *f, int want_total,
				  struct learner_page *out, int *capped)
{
	struct db *db = db_get();
	struct qvals v;
	struct key k;
	struct stmt *st;
	struct areas ar;
	int64_t scope = learner_scope(who, f->local_area);
	int limit = f->limit > 0 && f->limit <= LIST_MAX ? f->limit : 50;
	size_t i;
	int b, rc;

	memset(out, 0, sizeof(*out));
	*capped = 0;
	if (scope < 0)
		return LEARNER_ENOTFOUND;
	if (f->cursor && *f->cursor) {
		if (cursor_parse(a, f, f->cursor, &k) != 0)
			return LEARNER_ECURSOR;
	} else {
		key_start(f, &k);
	}
	prepare_values(a, f, scope, &v);
	prefer_enrollments(f, &v);
	st = list_stmt(db, v.scope, f->sort, f->desc ? 1 : 0);
	if (!st)
		return LEARNER_EDB;
	b = bind_head(st, &v);
	b = bind_key(st, b, &v, f, &k);
	stmt_bind_int(st, b, limit + 1);
	out->rows = arena_alloc(a, (size_t)(limit + 1) * sizeof(*out->rows));
	while ((rc = stmt_step(st)) == DB_ROW)
		learner_row_read(st, a, &out->rows[out->n++]);
	stmt_done(st);
	if (rc == DB_ERR)
		return LEARNER_EDB;
	if (out->n > (size_t)limit) {
		struct key last;
		out->n = (size_t)limit;
		row_key(f, a, &out->rows[limit - 1], &last);
		out->next_cursor = cursor_make(a, f, &last);
	}
	ar.n = geo_areas(a, &ar.rows);
	for (i = 0; i < out->n; i++) {
		out->rows[i].local_area = area_name(&ar, out->rows[i].local_area_id);
		learner_row_extras(db, &out->rows[i], a);
	}
	if (!want_total)
		out->total = -1;
	else if ((!f->cursor || !*f->cursor) && !out->next_cursor)
		out->total = (int64_t)out->n;
	else
		out->total = count_matches(db, f, &v, capped);
	out->total_capped = *capped;
	return LEARNER_OK;
}

/* The filter as the audit log keeps it. */
static json_t *filter_json(const struct learner_filter *f)
{
	json_t *o = json_object();

	if (f->q && *f->q)
		json_object_set_new(o, "q", json_string(f->q));
	if (f->local_area)
		json_object_set_new(o, "local_area", json_integer(f->local_area));
	if (f->status && *f->status)
		json_object_set_new(o, "status", json_string(f->status));
	if (f->enrolled >= 0)
		json_object_set_new(o, "enrolled", json_integer(f->enrolled));
	if (f->completed >= 0)
		json_object_set_new(o, "completed", json_integer(f->completed));
	if (f->wioa && *f->wioa)
		json_object_set_new(o, "wioa", json_string(f->wioa));
	if (f->activity != LACT_ANY)
		json_object_set_new(o, "activity", json_string(learner_activity_name(f->activity)));
	return o;
}

struct view_rec {
	const struct principal *who;
	const char *action;
	int64_t area;
	json_t *what;
};

static int view_fn(struct db *db, void *ctx)
{
	struct view_rec *vr = ctx;
	return audit_write(db, vr->who, vr->action, "learners", "", vr->area, NULL, vr->what) == 0
		       ? 0
		       : DB_ABORT;
}

/* Lists of personal data are views too: one audit row per page or export, with the filter
 * and how many rows were shown. */
static int record_view(const struct principal *who, const char *action,
		       const struct learner_filter *f, size_t rows)
{
	struct view_rec vr = { who, action, learner_scope(who, f->local_area), filter_json(f) };
	int rc;

	if (vr.area < 0)
		vr.area = 0;
	json_object_set_new(vr.what, "rows", json_integer((json_int_t)rows));
	rc = db_write(view_fn, &vr);
	json_decref(vr.what);
	return rc == 0 ? 0 : -1;
}

enum learner_err learner_list(struct arena *a, const struct principal *who,
			      const struct learner_filter *f, struct learner_page *out)
{
	int capped;
	enum learner_err rc = list_page(a, who, f, 1, out, &capped);

	if (rc != LEARNER_OK)
		return rc;
	if (record_view(who, "view_list", f, out->n) != 0)
		return LEARNER_EDB;
	return LEARNER_OK;
}

/* One CSV cell, quoted when needed; a leading = + - @ (a spreadsheet formula) gets a '. */
static void csv_cell(struct buf *b, const char *s, int last)
{
	const char *p;
	int quote = 0;

	if (!s)
		s = "";
	for (p = s; *p; p++)
		if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
			quote = 1;
	if (quote)
		buf_putc(b, '"');
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t')
		buf_putc(b, '\'');
	for (p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ",");
}

enum learner_err learner_export_csv(struct arena *a, const struct principal *who,
				    const struct learner_filter *f, struct buf *out, size_t *rows)
{
	struct learner_filter page = *f;
	struct learner_page p;
	size_t i;
	int capped;

	*rows = 0;
	page.limit = LIST_MAX;
	page.cursor = NULL;
	buf_puts(out, "Learner ID,Last name,First name,Email,OSOS ID,Local area,License status,"
		      "Active enrollments,Completed programs,Last activity,Joined,"
		      "Application reference,Language\r\n");
	for (;;) {
		struct arena pa;
		enum learner_err rc;
		arena_init(&pa);
		rc = list_page(&pa, who, &page, 0, &p, &capped);
		if (rc != LEARNER_OK) {
			arena_release(&pa);
			return rc;
		}
		for (i = 0; i < p.n; i++) {
			const struct learner_row *r = &p.rows[i];
			char id[24], en[16], co[16];
			snprintf(id, sizeof(id), "%lld", (long long)r->id);
			snprintf(en, sizeof(en), "%d", r->enrolled);
			snprintf(co, sizeof(co), "%d", r->completed);
			csv_cell(out, id, 0);
			csv_cell(out, r->last_name, 0);
			csv_cell(out, r->first_name, 0);
			csv_cell(out, r->email, 0);
			csv_cell(out, r->osos_id, 0);
			csv_cell(out, r->local_area, 0);
			csv_cell(out, r->license_status, 0);
			csv_cell(out, en, 0);
			csv_cell(out, co, 0);
			csv_cell(out, r->last_activity_at, 0);
			csv_cell(out, r->created_at, 0);
			csv_cell(out, r->reference, 0);
			csv_cell(out, r->language, 1);
		}
		*rows += p.n;
		page.cursor = p.next_cursor ? arena_strdup(a, p.next_cursor) : NULL;
		arena_release(&pa);
		if (out->overflow)
			return LEARNER_EDB;
		if (!page.cursor)
			break;
	}
	if (record_view(who, "export", f, *rows) != 0)
		return LEARNER_EDB;
	return LEARNER_OK;
}
