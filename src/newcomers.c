/* newcomers.c - registering people from the provider's reports (newcomers.h). */
#include "newcomers.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "application.h"
#include "audit.h"
#include "db/db.h"
#include "license.h"
#include "util/arena.h"
#include "util/csvread.h"
#include "util/timeutil.h"

struct finder {
	struct arena *a;
	int email_col, name_col;
	struct newcomer *list;
	size_t n, max, total;
	char **seen;
	size_t nseen, cap;
	int bad;
};

static int known(const char *norm)
{
	struct stmt *st = db_prepare(db_get(), "SELECT 1 FROM learners WHERE email_norm = ?");
	int rc;

	stmt_bind_text(st, 1, norm);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_ROW;
}

static int find_row(void *ctx, size_t row, char **f, size_t n)
{
	struct finder *c = ctx;
	char norm[260];
	size_t i;

	if (row == 1) {
		c->email_col = csv_column(f, n, "Email");
		c->name_col = csv_column(f, n, "Name");
		if (c->email_col < 0) {
			c->bad = 1;
			return -1;
		}
		return 0;
	}
	if ((size_t)c->email_col >= n || !*f[c->email_col] ||
	    application_email_normalize(f[c->email_col], norm, sizeof(norm)) != 0 ||
	    !strchr(norm, '@'))
		return 0;
	for (i = 0; i < c->nseen; i++)
		if (!strcmp(c->seen[i], norm))
			return 0;
	if (c->nseen == c->cap) {
		char **bigger;
		c->cap = c->cap ? c->cap * 2 : 64;
		bigger = arena_alloc(c->a, c->cap * sizeof(*bigger));
		if (c->nseen)
			memcpy(bigger, c->seen, c->nseen * sizeof(*bigger));
		c->seen = bigger;
	}
	c->seen[c->nseen++] = arena_strdup(c->a, norm);
	if (known(norm))
		return 0;
	c->total++;
	if (c->n < c->max) {
		struct newcomer *p = &c->list[c->n++];
		p->email = arena_strdup(c->a, norm);
		p->name = c->name_col >= 0 && (size_t)c->name_col < n
				  ? arena_strdup(c->a, f[c->name_col])
				  : "";
		p->line = row;
	}
	return 0;
}

int newcomers_find(struct arena *a, const char *data, size_t len, size_t max, struct newcomer **out,
		   size_t *total)
{
	struct finder c;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.max = max;
	c.list = arena_alloc(a, (max ? max : 1) * sizeof(*c.list));
	if (csv_read(data, len, find_row, &c) < -1 || c.bad)
		return -1;
	*out = c.list;
	*total = c.total;
	return (int)c.n;
}

struct reg {
	const struct principal *who;
	const struct newcomer *list;
	size_t n;
	int64_t area;
	int registered, bad_area;
};

/* "Maya Ortiz Díaz" -> first "Maya", last "Ortiz Díaz"; no name: the address's local part. */
static void split_name(struct arena *a, const char *name, const char *email, const char **first,
		       const char **last)
{
	const char *sp = name ? strchr(name, ' ') : NULL;

	if (!name || !*name) {
		*first = arena_strndup(a, email, strcspn(email, "@"));
		*last = "";
	} else if (!sp) {
		*first = arena_strdup(a, name);
		*last = "";
	} else {
		*first = arena_strndup(a, name, (size_t)(sp - name));
		*last = arena_strdup(a, sp + 1);
	}
}

static int reg_fn(struct db *db, void *ctx)
{
	struct reg *c = ctx;
	struct arena a;
	struct stmt *st;
	char now[ISO_LEN], due[ISO_LEN];
	int64_t region = 0, policy = 1;
	size_t i;
	int rc = 0;

	arena_init(&a);
	iso_now(now);
	iso_utc(now_unix() + 48 * 3600, due);
	c->registered = 0;
	st = db_prepare(db, "SELECT region_id FROM local_areas WHERE id = ?");
	stmt_bind_int(st, 1, c->area);
	if (stmt_step(st) == DB_ROW)
		region = stmt_int(st, 0);
	stmt_done(st);
	if (!region) {
		c->bad_area = 1;
		arena_release(&a);
		return 0;
	}
	st = db_prepare(db, "SELECT COALESCE(MAX(id), 1) FROM policy_versions");
	if (stmt_step(st) == DB_ROW)
		policy = stmt_int(st, 0);
	stmt_done(st);
	for (i = 0; i < c->n && rc == 0; i++) {
		const struct newcomer *p = &c->list[i];
		struct license_person lp;
		char ref[APP_REF_LEN], id[24];
		const char *first, *last;
		int64_t app, learner = 0;
		json_t *after;
		int state;

		st = db_prepare(db,
				"SELECT 1 FROM learners WHERE email_norm = ? UNION ALL SELECT 1 "
				"FROM applications WHERE email_norm = ? AND status <> 'denied' AND "
				"closed_at IS NULL");
		stmt_bind_text(st, 1, p->email);
		stmt_bind_text(st, 2, p->email);
		rc = stmt_step(st);
		stmt_done(st);
		if (rc == DB_ROW) {
			rc = 0;
			continue; /* registered meanwhile */
		}
		if (rc != DB_DONE)
			break;
		rc = 0;
		split_name(&a, p->name, p->email, &first, &last);
		application_new_reference(ref);
		st = db_prepare(
			db, "INSERT INTO applications (reference, first_name, last_name, email, "
			    "email_norm, person_key, birth_date, county, local_area_id, region_id, "
			    "employment_status, language, program, decision, reasons, "
			    "policy_version, status, submitted_at, due_at, decided_at, decided_by, "
			    "decision_note) VALUES (?, ?, ?, ?, ?, ?, '', '', ?, ?, "
			    "'regional_program', 'en', 'en', 'eligible', 'registered_from_report', "
			    "?, 'approved', ?, ?, ?, ?, 'registered from the provider''s report')");
		stmt_bind_text(st, 1, ref);
		stmt_bind_text(st, 2, first);
		stmt_bind_text(st, 3, last);
		stmt_bind_text(st, 4, p->email);
		stmt_bind_text(st, 5, p->email);
		stmt_bind_text(st, 6, arena_printf(&a, "report|%s", p->email));
		stmt_bind_int(st, 7, c->area);
		stmt_bind_int(st, 8, region);
		stmt_bind_int(st, 9, policy);
		stmt_bind_text(st, 10, now);
		stmt_bind_text(st, 11, due);
		stmt_bind_text(st, 12, now);
		stmt_bind_text(st, 13, c->who->email ? c->who->email : "staff");
		rc = stmt_step(st) == DB_DONE ? 0 : DB_ERR;
		stmt_done(st);
		if (rc)
			break;
		app = db_last_id(db);
		memset(&lp, 0, sizeof(lp));
		lp.application_id = app;
		lp.reference = ref;
		lp.email = p->email;
		lp.email_norm = p->email;
		lp.first_name = first;
		lp.last_name = last;
		lp.osos_id = "";
		lp.local_area_id = c->area;
		lp.region_id = region;
		lp.lang = LANG_EN;
		state = license_grant(db, &lp, now, &learner);
		if (state < 0) {
			rc = DB_ERR;
			break;
		}
		st = db_prepare(db, "UPDATE applications SET status = ? WHERE id = ?");
		stmt_bind_text(st, 1, state == LICENSE_ACTIVE ? "active" : "waitlisted");
		stmt_bind_int(st, 2, app);
		rc = stmt_step(st) == DB_DONE ? 0 : DB_ERR;
		stmt_done(st);
		if (rc)
			break;
		st = db_prepare(db, "INSERT INTO application_events (application_id, at, actor, "
				    "from_status, to_status, note) VALUES (?, ?, ?, NULL, ?, "
				    "'registered from the provider''s report')");
		stmt_bind_int(st, 1, app);
		stmt_bind_text(st, 2, now);
		stmt_bind_text(st, 3, c->who->email ? c->who->email : "staff");
		stmt_bind_text(st, 4, state == LICENSE_ACTIVE ? "active" : "waitlisted");
		rc = stmt_step(st) == DB_DONE ? 0 : DB_ERR;
		stmt_done(st);
		if (rc)
			break;
		snprintf(id, sizeof(id), "%lld", (long long)learner);
		after = json_pack("{s:s, s:I, s:s}", "email", p->email, "local_area",
				  (json_int_t)c->area, "license_status",
				  state == LICENSE_ACTIVE ? "active" : "waitlisted");
		rc = audit_write(db, c->who, "learner_register", "learner", id, c->area, NULL,
				 after);
		json_decref(after);
		if (rc)
			break;
		c->registered++;
	}
	arena_release(&a);
	return rc == 0 ? 0 : DB_ABORT;
}

int newcomers_register(const struct principal *who, const struct newcomer *list, size_t n,
		       int64_t local_area, int *registered)
{
	struct reg c = { who, list, n, local_area, 0, 0 };

	*registered = 0;
	if (!who || who->role != ROLE_STATE_ADMIN)
		return NEWCOMERS_EFORBIDDEN;
	if (db_write(reg_fn, &c) != 0)
		return NEWCOMERS_EDB;
	if (c.bad_area)
		return NEWCOMERS_EAREA;
	*registered = c.registered;
	return NEWCOMERS_OK;
}
