/* osos_acknowledgment.c - the acknowledgment import (osos.h): OSOS's file of the entries
 * staff keyed in ("OSOS ID, kind, date") marks the matching entries entered; each line that
 * matches nothing is reported, and nothing is kept half-way unless partial. */
#include "osos_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "settings.h"
#include "util/arena.h"
#include "util/csvread.h"
#include "util/timeutil.h"

#define IMPORT_ERRORS_MAX 1000

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
	stmt_bind_text(st, 2, osos_kind_names[kind]);
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
		if (osos_entry_move(k->db, k->who, id, area, from, OSOS_ENTERED, NULL) != 0)
			return -1;
		k->res->applied++;
	} else if (entered) {
		k->res->unchanged++;
	} else {
		ack_error(k, row,
			  "no %s entry to enter for OSOS ID %.20s on %s%s: check the OSOS ID, the "
			  "kind and the date",
			  osos_kind_names[kind], osos, date,
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
