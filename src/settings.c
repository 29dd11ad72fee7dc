/* settings.c - settings with defaults (settings.h). */
#include "settings.h"

#include <pthread.h>
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
	{ "license_term_end",
	  "2027-11-30" }, /* renewed yearly since the first term ended Nov 2022 */
	{ "sla_hours", "48" },
	{ "auto_approve", "1" },
	{ "seats_en", "50000" },
	{ "seats_es", "10000" },
	{ "osos_id_pattern", "^[A-Z]{2}[0-9]{7}$" },
	{ "inactivity_remind_days", "30" },
	{ "inactivity_remove_days", "45" },
	{ "signup_rate_per_hour", "20" },
	{ "mail_retry_first_seconds", "60" },
	{ "mail_retry_max_seconds", "3600" },
	{ "mail_max_attempts", "10" },
	{ "login_max_per_addr", "30" }, /* learner sign-in requests per 15 minutes */
	{ "login_max_per_email", "5" },
	/* OSOS entries and the federal report (osos.h, report.h, docs/reporting.md) */
	{ "osos_referral_effective", "2020-12-10" }, /* OSOS got the referral activity */
	{ "osos_activity_referral", "Referred to Coursera Enrollment" },
	{ "osos_credential_kinds", "professional-certificate:5" }, /* catalog kind:PIRL 1800 */
	{ "osos_skill_gain_element", "1809" }, /* training milestone; 1810 skills progression */
	{ "exit_after_days", "90" },
	{ "coursera_counts_as_training", "0" }, /* 1: entered referrals make participants */
	{ "pirl_state_code", "NY" },
	{ "pirl_training_type", "06" },	    /* PIRL 1303: occupational skills training */
	{ "pirl_participant_code", "1" },   /* PIRL 903/904 for participants (local funds) */
	{ "pirl_reportable_code", "4" },    /* PIRL 903/904 for reportable individuals */
	{ "pirl_training_completed", "1" }, /* PIRL 1307 when every program was completed */
	{ "pirl_training_withdrew", "0" },  /* PIRL 1307 when the learner withdrew */
	{ "lookup_max_per_addr", "10" },    /* "e-mail me my reference" requests per hour */
	{ "status_lookup_per_hour", "60" }, /* status checks by reference per address */
	{ "staff_signin_max_per_account",
	  "50" }, /* failed staff sign-ins per hour, all addresses */
	{ "lookup_max_per_email", "3" },
	{ "staff_link_max_per_addr", "10" }, /* staff sign-in link requests per hour */
	{ "usage_report_stale_days", "7" },  /* the overview warns past it */
};

const char *settings_default(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (!strcmp(defaults[i].key, key))
			return defaults[i].value;
	return NULL;
}

/* Every page reads a setting or two (program name, help address), so the table is kept in
 * memory and read again at most once a second, or at once after a change by this process.
 * Another process's change (the CLI, a second server) shows within a second. */
#define CACHE_MAX 128
#define CACHE_NS  1000000000LL
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static char *cache_key[CACHE_MAX], *cache_val[CACHE_MAX];
static size_t cache_n;
static int64_t cache_at;

static void cache_reload(void)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT key, value FROM settings ORDER BY key");
	size_t i;

	for (i = 0; i < cache_n; i++) {
		free(cache_key[i]);
		free(cache_val[i]);
	}
	cache_n = 0;
	while (cache_n < CACHE_MAX && stmt_step(st) == DB_ROW) {
		cache_key[cache_n] = strdup(stmt_text(st, 0));
		cache_val[cache_n] = strdup(stmt_text(st, 1));
		if (!cache_key[cache_n] || !cache_val[cache_n])
			abort();
		cache_n++;
	}
	stmt_done(st);
	cache_at = now_ns();
}

const char *settings_get(struct arena *a, const char *key)
{
	const char *v = NULL;
	size_t i;

	pthread_mutex_lock(&cache_mu);
	if (!cache_at || now_ns() - cache_at > CACHE_NS)
		cache_reload();
	for (i = 0; i < cache_n; i++)
		if (!strcmp(cache_key[i], key)) {
			v = arena_strdup(a, cache_val[i]);
			break;
		}
	pthread_mutex_unlock(&cache_mu);
	return v ? v : settings_default(key);
}

/* Forgets the cached settings (after a change, or a test's direct edit). */
void settings_invalidate(void)
{
	pthread_mutex_lock(&cache_mu);
	cache_at = 0;
	pthread_mutex_unlock(&cache_mu);
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
	if (db_changes(db)) {
		settings_invalidate();
		return 0;
	}
	st = db_prepare(db, "INSERT INTO settings (key, value, updated_at, updated_by) "
			    "VALUES (?, ?, ?, ?)");
	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, value);
	stmt_bind_text(st, 3, now);
	stmt_bind_text(st, 4, who);
	rc = stmt_step(st);
	stmt_done(st);
	settings_invalidate();
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
