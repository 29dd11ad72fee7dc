/* settings.c - settings with defaults (settings.h). */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "util/arena.h"
#include "util/timeutil.h"

static const struct {
	const char *key, *value;
} defaults[] = {
	{ "help_email", "coursea.help@labor.ny.gov" },
	{ "program_name_en", "New York State Coursera program" },
	{ "program_name_es", "Programa Coursera del Estado de Nueva York" },
	{ "license_term_end", "2022-11-30" },
	{ "sla_hours", "48" },
	{ "auto_approve", "1" },
	{ "seats_en", "50000" },
	{ "seats_es", "10000" },
	{ "osos_id_pattern", "^[A-Z]{2}[0-9]{7}$" },
	{ "inactivity_remind_days", "30" },
	{ "inactivity_remove_days", "45" },
	{ "signup_rate_per_hour", "20" },
};

const char *settings_default(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (!strcmp(defaults[i].key, key))
			return defaults[i].value;
	return NULL;
}

const char *settings_get(struct arena *a, const char *key)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT value FROM settings WHERE key = ?");
	const char *v = NULL;

	stmt_bind_text(st, 1, key);
	if (stmt_step(st) == DB_ROW)
		v = stmt_text_dup(st, 0, a);
	stmt_done(st);
	return v ? v : settings_default(key);
}

int64_t settings_get_int(const char *key, int64_t def)
{
	struct arena a;
	const char *v;
	int64_t n = def;

	arena_init(&a);
	v = settings_get(&a, key);
	if (v && *v)
		n = strtoll(v, NULL, 10);
	arena_release(&a);
	return n;
}

int settings_set_db(struct db *db, const char *key, const char *value, const char *who)
{
	char now[ISO_LEN];
	struct stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE settings SET value = ?, updated_at = ?, updated_by = ? "
			    "WHERE key = ?");
	stmt_bind_text(st, 1, value);
	stmt_bind_text(st, 2, iso_now(now));
	stmt_bind_text(st, 3, who);
	stmt_bind_text(st, 4, key);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return -1;
	if (db_changes(db))
		return 0;
	st = db_prepare(db, "INSERT INTO settings (key, value, updated_at, updated_by) "
			    "VALUES (?, ?, ?, ?)");
	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, value);
	stmt_bind_text(st, 3, now);
	stmt_bind_text(st, 4, who);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : -1;
}

struct set_ctx {
	const char *key, *value, *who;
};

static int set_fn(struct db *db, void *ctx)
{
	struct set_ctx *s = ctx;
	return settings_set_db(db, s->key, s->value, s->who) == 0 ? 0 : DB_ABORT;
}

int settings_set(const char *key, const char *value, const char *who)
{
	struct set_ctx s = { key, value, who };
	return db_write(set_fn, &s) == 0 ? 0 : -1;
}
