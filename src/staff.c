/* staff.c - staff accounts, passwords and sign-in (staff.h). */
#include "staff.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "db/db.h"
#include "util/arena.h"
#include "util/timeutil.h"
#include "i18n/i18n.h"
#include "session.h"
#include "settings.h"
#include "staff_internal.h"

int staff_role_parse(const char *s, enum role *out)
{
	if (!s)
		return -1;
	if (!strcmp(s, "state_admin"))
		*out = ROLE_STATE_ADMIN;
	else if (!strcmp(s, "area_admin"))
		*out = ROLE_AREA_ADMIN;
	else if (!strcmp(s, "area_viewer"))
		*out = ROLE_AREA_VIEWER;
	else
		return -1;
	return 0;
}

const char *staff_role_name(enum role r)
{
	switch (r) {
	case ROLE_STATE_ADMIN: return "state_admin";
	case ROLE_AREA_ADMIN: return "area_admin";
	case ROLE_AREA_VIEWER: return "area_viewer";
	default: return "";
	}
}

const char *staff_role_label(enum role r)
{
	switch (r) {
	case ROLE_STATE_ADMIN: return N_("State administrator");
	case ROLE_AREA_ADMIN: return N_("Local area administrator");
	case ROLE_AREA_VIEWER: return N_("Local area viewer");
	default: return N_("No role");
	}
}

const char *staff_err_message(enum staff_err e)
{
	switch (e) {
	case STAFF_OK: return N_("Saved.");
	case STAFF_EEMAIL: return N_("Enter an e-mail address, like name@labor.ny.gov.");
	case STAFF_EROLE:
		return N_("Choose a role: state administrator, local area administrator "
			  "or local area viewer.");
	case STAFF_EAREA: return N_("Choose the local area this person works for.");
	case STAFF_EPASSWORD: return N_("Enter a password of at least 12 characters.");
	case STAFF_EEXISTS: return N_("There is already a staff account with this e-mail address.");
	case STAFF_ENOTFOUND: return N_("There is no such staff account.");
	case STAFF_ESELF:
		return N_("You cannot remove your own state administrator role or "
			  "deactivate your own account. Ask another state administrator.");
	case STAFF_EDB:
	default: return N_("The change could not be saved. Try again in a minute.");
	}
}

/* A plausible e-mail address: one @, something before it, a dotted domain after it, no
 * spaces or control characters. The address itself is confirmed by whoever sets it up. */
static int email_ok(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;
	size_t n = s ? strlen(s) : 0;

	if (!at || at == s || n > 254 || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
	    at[1] == '.' || s[n - 1] == '.')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == '<' || *s == '>' || *s == '"' || *s == ',')
			return 0;
	return 1;
}

static char *lower_dup(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s ? s : ""), *p;

	for (p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

int staff_hash_password(const char *password, char *out, size_t size)
{
	if (size < crypto_pwhash_STRBYTES)
		return -1;
	return crypto_pwhash_str_alg(
		out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
		crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

static int password_ok(const char *p)
{
	size_t n = p ? strlen(p) : 0;
	return n >= STAFF_PASSWORD_MIN && n <= STAFF_PASSWORD_MAX;
}

static int area_exists(struct db *db, int64_t id)
{
	struct stmt *st = db_prepare(db, "SELECT 1 FROM local_areas WHERE id = ?");
	int ok;

	stmt_bind_int(st, 1, id);
	ok = stmt_step(st) == DB_ROW;
	stmt_done(st);
	return ok;
}

/* The audit's picture of an account. */
static json_t *staff_json(const char *email, enum role role, int64_t area, int active)
{
	json_t *o = json_pack("{s:s, s:s, s:b}", "email", email, "role", staff_role_name(role),
			      "active", active);
	json_object_set_new(o, "local_area", area ? json_integer(area) : json_null());
	return o;
}

static const struct principal system_who = { ROLE_NONE, 0, 0, "cli", "" };

/* ---- add -------------------------------------------------------------------------------- */

struct add_ctx {
	const struct principal *who;
	const char *email, *name, *hash, *lang;
	enum role role;
	int64_t area, id;
	enum staff_err err;
};

static int add_fn(struct db *db, void *ctx)
{
	struct add_ctx *c = ctx;
	struct stmt *st;
	char now[ISO_LEN], idbuf[24];
	json_t *after;
	int rc;

	st = db_prepare(db, "SELECT 1 FROM staff WHERE email = ?");
	stmt_bind_text(st, 1, c->email);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc == DB_ROW) {
		c->err = STAFF_EEXISTS;
		return DB_ABORT;
	}
	if (c->area && !area_exists(db, c->area)) {
		c->err = STAFF_EAREA;
		return DB_ABORT;
	}
	st = db_prepare(db, "INSERT INTO staff (email, name, role, local_area_id, password_hash, "
			    "created_at, language) VALUES (?, ?, ?, ?, ?, ?, ?)");
	stmt_bind_text(st, 1, c->email);
	stmt_bind_text(st, 2, c->name ? c->name : "");
	stmt_bind_text(st, 3, staff_role_name(c->role));
	if (c->area)
		stmt_bind_int(st, 4, c->area);
	stmt_bind_text(st, 5, c->hash);
	stmt_bind_text(st, 6, iso_now(now));
	stmt_bind_text(st, 7, c->lang);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	c->id = db_last_id(db);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)c->id);
	after = staff_json(c->email, c->role, c->area, 1);
	json_object_set_new(after, "password_set", json_boolean(c->hash != NULL));
	json_object_set_new(after, "language", json_string(c->lang));
	rc = audit_write(db, c->who, "staff_add", "staff", idbuf, c->area, NULL, after);
	json_decref(after);
	return rc == 0 ? 0 : DB_ABORT;
}

enum staff_err staff_add(const struct principal *who, const struct staff_new *n, int64_t *id_out)
{
	struct arena a;
	char hash[crypto_pwhash_STRBYTES];
	struct add_ctx c = {
		who ? who : &system_who, NULL, n->name, NULL, "en", n->role, 0, 0, STAFF_OK
	};
	enum lang l;
	int rc;

	if (lang_parse(n->lang, &l) == 0)
		c.lang = lang_code(l);
	if (!email_ok(n->email))
		return STAFF_EEMAIL;
	if (n->role != ROLE_STATE_ADMIN && n->role != ROLE_AREA_ADMIN &&
	    n->role != ROLE_AREA_VIEWER)
		return STAFF_EROLE;
	if (n->role != ROLE_STATE_ADMIN && n->local_area <= 0)
		return STAFF_EAREA;
	if (n->password && !password_ok(n->password))
		return STAFF_EPASSWORD;
	if (sodium_init() < 0)
		return STAFF_EDB;
	if (n->password) {
		if (staff_hash_password(n->password, hash, sizeof(hash)) != 0)
			return STAFF_EDB;
		c.hash = hash;
	}
	arena_init(&a);
	c.email = lower_dup(&a, n->email);
	c.area = n->role == ROLE_STATE_ADMIN ? 0 : n->local_area;
	rc = db_write(add_fn, &c);
	arena_release(&a);
	sodium_memzero(hash, sizeof(hash));
	if (rc != 0)
		return c.err != STAFF_OK ? c.err : STAFF_EDB;
	if (id_out)
		*id_out = c.id;
	return STAFF_OK;
}

/* ---- update ----------------------------------------------------------------------------- */

struct upd_ctx {
	const struct principal *who;
	int64_t id, area;
	enum role role;
	int active;
	const char *hash; /* set_password */
	enum staff_err err;
	int sessions_end;
	enum role old_role;
};

static int load_row(struct db *db, int64_t id, char *email, size_t esize, enum role *role,
		    int64_t *area, int *active)
{
	struct stmt *st = db_prepare(db, "SELECT email, role, COALESCE(local_area_id, 0), active "
					 "FROM staff WHERE id = ?");
	int found = 0;

	stmt_bind_int(st, 1, id);
	if (stmt_step(st) == DB_ROW) {
		snprintf(email, esize, "%s", stmt_text(st, 0));
		if (staff_role_parse(stmt_text(st, 1), role) != 0)
			*role = ROLE_NONE;
		*area = stmt_int(st, 2);
		*active = (int)stmt_int(st, 3);
		found = 1;
	}
	stmt_done(st);
	return found;
}

static int update_fn(struct db *db, void *ctx)
{
	struct upd_ctx *c = ctx;
	char email[256], idbuf[24];
	enum role role;
	int64_t area;
	int active, rc;
	struct stmt *st;
	json_t *before, *after;

	if (!load_row(db, c->id, email, sizeof(email), &role, &area, &active)) {
		c->err = STAFF_ENOTFOUND;
		return DB_ABORT;
	}
	if (c->area && !area_exists(db, c->area)) {
		c->err = STAFF_EAREA;
		return DB_ABORT;
	}
	if (role == c->role && area == c->area && active == c->active)
		return 0;
	st = db_prepare(db,
			"UPDATE staff SET role = ?, local_area_id = ?, active = ? WHERE id = ?");
	stmt_bind_text(st, 1, staff_role_name(c->role));
	if (c->area)
		stmt_bind_int(st, 2, c->area);
	stmt_bind_int(st, 3, c->active);
	stmt_bind_int(st, 4, c->id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	c->sessions_end = 1;
	c->old_role = role;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)c->id);
	before = staff_json(email, role, area, active);
	after = staff_json(email, c->role, c->area, c->active);
	rc = audit_write(db, c->who, "staff_update", "staff", idbuf, c->area ? c->area : area,
			 before, after);
	json_decref(before);
	json_decref(after);
	return rc == 0 ? 0 : DB_ABORT;
}

enum staff_err staff_update(const struct principal *who, int64_t id, enum role role,
			    int64_t local_area, int active)
{
	struct upd_ctx c = {
		who ? who : &system_who, id, 0, role, active ? 1 : 0, NULL, STAFF_OK, 0, ROLE_NONE
	};

	if (role != ROLE_STATE_ADMIN && role != ROLE_AREA_ADMIN && role != ROLE_AREA_VIEWER)
		return STAFF_EROLE;
	if (role != ROLE_STATE_ADMIN && local_area <= 0)
		return STAFF_EAREA;
	if (who && who->id == id && who->role == ROLE_STATE_ADMIN &&
	    (role != ROLE_STATE_ADMIN || !active))
		return STAFF_ESELF;
	c.area = role == ROLE_STATE_ADMIN ? 0 : local_area;
	if (db_write(update_fn, &c) != 0)
		return c.err != STAFF_OK ? c.err : STAFF_EDB;
	if (c.sessions_end)
		session_end_all(c.old_role, id);
	return STAFF_OK;
}

static int password_fn(struct db *db, void *ctx)
{
	struct upd_ctx *c = ctx;
	char email[256], idbuf[24];
	enum role role;
	int64_t area;
	int active, rc;
	struct stmt *st;

	if (!load_row(db, c->id, email, sizeof(email), &role, &area, &active)) {
		c->err = STAFF_ENOTFOUND;
		return DB_ABORT;
	}
	st = db_prepare(db, "UPDATE staff SET password_hash = ?, failed_logins = 0, "
			    "locked_until = NULL WHERE id = ?");
	stmt_bind_text(st, 1, c->hash);
	stmt_bind_int(st, 2, c->id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	/* a new password starts the sign-in waits afresh, from every address (pair_wait) */
	st = db_prepare(db, "INSERT INTO staff_login_attempts (at, addr, email, ok) "
			    "VALUES (?, '', ?, 2)");
	{
		char now[ISO_LEN];
		stmt_bind_text(st, 1, iso_utc(now_unix(), now));
	}
	stmt_bind_text(st, 2, email);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)c->id);
	return audit_write(db, c->who, "staff_password", "staff", idbuf, area, NULL, NULL) == 0
		       ? 0
		       : DB_ABORT;
}

enum staff_err staff_set_password(const struct principal *who, int64_t id, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	struct upd_ctx c = {
		who ? who : &system_who, id, 0, ROLE_NONE, 0, hash, STAFF_OK, 0, ROLE_NONE
	};
	int rc;

	if (!password_ok(password))
		return STAFF_EPASSWORD;
	if (sodium_init() < 0 || staff_hash_password(password, hash, sizeof(hash)) != 0)
		return STAFF_EDB;
	rc = db_write(password_fn, &c);
	sodium_memzero(hash, sizeof(hash));
	if (rc != 0)
		return c.err != STAFF_OK ? c.err : STAFF_EDB;
	return STAFF_OK;
}

/* ---- language --------------------------------------------------------------------------- */

struct lang_ctx {
	const struct principal *who;
	const char *lang;
};

static int language_fn(struct db *db, void *ctx)
{
	struct lang_ctx *c = ctx;
	struct stmt *st = db_prepare(db, "UPDATE staff SET language = ? WHERE id = ? AND "
					 "language <> ?");
	char idbuf[24];
	json_t *before, *after;
	int rc;

	stmt_bind_text(st, 1, c->lang);
	stmt_bind_int(st, 2, c->who->id);
	stmt_bind_text(st, 3, c->lang);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	if (db_changes(db) != 1)
		return 0; /* theirs already */
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)c->who->id);
	before = json_pack("{s:s}", "language", strcmp(c->lang, "es") ? "es" : "en");
	after = json_pack("{s:s}", "language", c->lang);
	rc = audit_write(db, c->who, "staff_language", "staff", idbuf, c->who->local_area, before,
			 after);
	json_decref(before);
	json_decref(after);
	return rc == 0 ? 0 : DB_ABORT;
}

int staff_language_set(const struct principal *who, const char *lang)
{
	struct lang_ctx c = { who, NULL };
	enum lang l;

	if (!who || who->id <= 0 || lang_parse(lang, &l) != 0)
		return -1;
	c.lang = lang_code(l);
	return db_write(language_fn, &c) == 0 ? 0 : -1;
}

/* ---- reading ---------------------------------------------------------------------------- */

static void fill_member(struct stmt *st, struct arena *a, struct staff_member *m)
{
	m->id = stmt_int(st, 0);
	m->email = stmt_text_dup(st, 1, a);
	m->name = stmt_text_dup(st, 2, a);
	if (staff_role_parse(stmt_text(st, 3), &m->role) != 0)
		m->role = ROLE_NONE;
	m->local_area = stmt_int(st, 4);
	m->local_area_name = stmt_text_dup(st, 5, a);
	m->active = (int)stmt_int(st, 6);
	m->has_password = (int)stmt_int(st, 7);
	m->failed_logins = (int)stmt_int(st, 8);
	m->created_at = stmt_text_dup(st, 9, a);
	m->lang = stmt_text_dup(st, 10, a);
	if (!m->local_area_name)
		m->local_area_name = "";
}

int staff_get(struct arena *a, int64_t id, struct staff_member *out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT s.id, s.email, s.name, s.role, "
					 "COALESCE(s.local_area_id, 0), COALESCE(la.name, ''), "
					 "s.active, s.password_hash IS NOT NULL, s.failed_logins, "
					 "s.created_at, s.language FROM staff s "
					 "LEFT JOIN local_areas la ON la.id = s.local_area_id "
					 "WHERE s.id = ?");
	int rc = -1;

	stmt_bind_int(st, 1, id);
	if (stmt_step(st) == DB_ROW) {
		fill_member(st, a, out);
		rc = 0;
	}
	stmt_done(st);
	return rc;
}

int staff_find(struct arena *a, const char *email, struct staff_member *out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT s.id, s.email, s.name, s.role, "
					 "COALESCE(s.local_area_id, 0), COALESCE(la.name, ''), "
					 "s.active, s.password_hash IS NOT NULL, s.failed_logins, "
					 "s.created_at, s.language FROM staff s "
					 "LEFT JOIN local_areas la ON la.id = s.local_area_id "
					 "WHERE s.email = ?");
	int rc = -1;

	stmt_bind_text(st, 1, lower_dup(a, email));
	if (stmt_step(st) == DB_ROW) {
		fill_member(st, a, out);
		rc = 0;
	}
	stmt_done(st);
	return rc;
}

size_t staff_list(struct arena *a, struct staff_member **out)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT s.id, s.email, s.name, s.role, "
					 "COALESCE(s.local_area_id, 0), COALESCE(la.name, ''), "
					 "s.active, s.password_hash IS NOT NULL, s.failed_logins, "
					 "s.created_at, s.language FROM staff s "
					 "LEFT JOIN local_areas la ON la.id = s.local_area_id "
					 "ORDER BY s.role = 'state_admin' DESC, la.name, s.email");
	size_t n = 0, cap = 64;
	struct staff_member *rows = arena_alloc(a, cap * sizeof(*rows));

	while (stmt_step(st) == DB_ROW) {
		if (n == cap) {
			struct staff_member *bigger = arena_alloc(a, 2 * cap * sizeof(*rows));
			memcpy(bigger, rows, n * sizeof(*rows));
			rows = bigger;
			cap *= 2;
		}
		fill_member(st, a, &rows[n++]);
	}
	stmt_done(st);
	*out = rows;
	return n;
}

/* ---- sign-in ---------------------------------------------------------------------------- */

/* A hash to verify against when the e-mail is unknown, so that case costs the same time. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	unsigned char rnd[24];
	char pw[49];

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(pw, sizeof(pw), rnd, sizeof(rnd));
	if (staff_hash_password(pw, dummy_hash, sizeof(dummy_hash)) != 0)
		dummy_hash[0] = '\0';
}

struct attempt {
	const char *addr, *email, *now;
	int64_t staff_id, area;
	int ok;
	enum role role;
};

int staff_signin_record(struct db *db, const struct principal *who, const char *addr,
			const char *method)
{
	struct stmt *st = db_prepare(db, "INSERT INTO staff_login_attempts (at, addr, email, ok) "
					 "VALUES (?, ?, ?, 1)");
	char now[ISO_LEN], idbuf[24];
	json_t *after = NULL;
	int rc;

	stmt_bind_text(st, 1, iso_now(now));
	stmt_bind_text(st, 2, addr ? addr : "");
	stmt_bind_text(st, 3, who->email);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	st = db_prepare(db, "UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = ?");
	stmt_bind_int(st, 1, who->id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)who->id);
	if (method)
		after = json_pack("{s:s}", "method", method);
	rc = audit_write(db, who, "sign_in", "staff", idbuf, who->local_area, NULL, after);
	json_decref(after);
	return rc == 0 ? 0 : DB_ABORT;
}

/* Records one attempt; a success also resets the account's failure count and is audited. */
static int attempt_fn(struct db *db, void *ctx)
{
	struct attempt *t = ctx;
	struct stmt *st;
	int rc;

	if (t->ok && t->staff_id) {
		struct principal p = { t->role, t->staff_id, t->area, t->email, "" };
		return staff_signin_record(db, &p, t->addr, NULL);
	}
	st = db_prepare(db, "INSERT INTO staff_login_attempts (at, addr, email, ok) "
			    "VALUES (?, ?, ?, 0)");
	stmt_bind_text(st, 1, t->now);
	stmt_bind_text(st, 2, t->addr);
	stmt_bind_text(st, 3, t->email);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ABORT;
	if (!t->staff_id)
		return 0;
	st = db_prepare(db, "UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = ?");
	stmt_bind_int(st, 1, t->staff_id);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ABORT;
}

/* Seconds this address must still wait before trying this e-mail address again: failures for
 * the pair within STAFF_PAIR_WINDOW since its last success (or the account's last new
 * password: ok = 2), past the first STAFF_PAIR_FREE, each double the wait after the last
 * failure. The same whether the account exists or not. */
static int64_t pair_wait(const char *email, const char *addr, int64_t t)
{
	struct db *db = db_get();
	struct stmt *st;
	char since[ISO_LEN], last[ISO_LEN] = "";
	int64_t n = 0, wait, last_t, after = 0;

	iso_utc(t - STAFF_PAIR_WINDOW, since);
	st = db_prepare(db, "SELECT MAX(id) FROM staff_login_attempts WHERE email = ? AND "
			    "at >= ? AND ((addr = ? AND ok = 1) OR ok = 2)");
	stmt_bind_text(st, 1, email);
	stmt_bind_text(st, 2, since);
	stmt_bind_text(st, 3, addr);
	if (stmt_step(st) == DB_ROW)
		after = stmt_int(st, 0);
	stmt_done(st);
	st = db_prepare(db, "SELECT COUNT(*), MAX(at) FROM staff_login_attempts "
			    "WHERE email = ? AND addr = ? AND at >= ? AND id > ? AND ok = 0");
	stmt_bind_text(st, 1, email);
	stmt_bind_text(st, 2, addr);
	stmt_bind_text(st, 3, since);
	stmt_bind_int(st, 4, after);
	if (stmt_step(st) == DB_ROW) {
		n = stmt_int(st, 0);
		snprintf(last, sizeof(last), "%s", stmt_text(st, 1));
	}
	stmt_done(st);
	if (n < STAFF_PAIR_FREE || iso_parse(last, &last_t) != 0)
		return 0;
	wait = STAFF_PAIR_DELAY;
	for (n -= STAFF_PAIR_FREE; n > 0 && wait < STAFF_PAIR_DELAY_MAX; n--)
		wait *= 2;
	if (wait > STAFF_PAIR_DELAY_MAX)
		wait = STAFF_PAIR_DELAY_MAX;
	return last_t + wait > t ? last_t + wait - t : 0;
}

/* Seconds this address must wait after STAFF_ADDR_MAX_FAILURES failures in the window: until
 * the oldest of them leaves it. */
static int64_t addr_wait(const char *addr, int64_t t)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT at FROM staff_login_attempts "
					 "WHERE addr = ? AND at >= ? AND ok = 0 ORDER BY at DESC "
					 "LIMIT 1 OFFSET ?");
	char since[ISO_LEN];
	int64_t oldest, wait = 0;

	iso_utc(t - STAFF_ADDR_WINDOW, since);
	stmt_bind_text(st, 1, addr);
	stmt_bind_text(st, 2, since);
	stmt_bind_int(st, 3, STAFF_ADDR_MAX_FAILURES - 1);
	if (stmt_step(st) == DB_ROW && iso_parse(stmt_text(st, 0), &oldest) == 0)
		wait = oldest + STAFF_ADDR_WINDOW - t;
	stmt_done(st);
	return wait > 0 ? wait : 1;
}

static int addr_failures(const char *addr, int64_t t)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT COUNT(*) FROM staff_login_attempts "
					 "WHERE addr = ? AND at >= ? AND ok = 0");
	char since[ISO_LEN];
	int n = 0;

	iso_utc(t - STAFF_ADDR_WINDOW, since);
	stmt_bind_text(st, 1, addr);
	stmt_bind_text(st, 2, since);
	if (stmt_step(st) == DB_ROW)
		n = (int)stmt_int(st, 0);
	stmt_done(st);
	return n;
}

/* Seconds this e-mail address must wait after staff_signin_max_per_account failures from all
 * addresses together within STAFF_PAIR_WINDOW (since its last success or new password): until
 * the oldest of them leaves the window. 0 when it need not. */
static int64_t account_wait(const char *email, int64_t t)
{
	struct db *db = db_get();
	struct stmt *st;
	char since[ISO_LEN];
	int64_t max = settings_get_int("staff_signin_max_per_account", 50), after = 0, oldest;
	int64_t wait = 0;

	if (max <= 0)
		return 0;
	iso_utc(t - STAFF_PAIR_WINDOW, since);
	st = db_prepare(db, "SELECT MAX(id) FROM staff_login_attempts WHERE email = ? AND "
			    "at >= ? AND ok <> 0");
	stmt_bind_text(st, 1, email);
	stmt_bind_text(st, 2, since);
	if (stmt_step(st) == DB_ROW)
		after = stmt_int(st, 0);
	stmt_done(st);
	st = db_prepare(db, "SELECT at FROM staff_login_attempts WHERE email = ? AND at >= ? AND "
			    "id > ? AND ok = 0 ORDER BY id DESC LIMIT 1 OFFSET ?");
	stmt_bind_text(st, 1, email);
	stmt_bind_text(st, 2, since);
	stmt_bind_int(st, 3, after);
	stmt_bind_int(st, 4, max - 1);
	if (stmt_step(st) == DB_ROW && iso_parse(stmt_text(st, 0), &oldest) == 0)
		wait = oldest + STAFF_PAIR_WINDOW - t;
	stmt_done(st);
	return wait > 0 ? wait : 0;
}

const char *staff_device_mark(struct arena *a, const char *email)
{
	return session_csrf_mac(a, "staff-device", lower_dup(a, email ? email : ""));
}

enum staff_login_result staff_login(struct arena *a, const char *email, const char *password,
				    const char *addr, const char *device, struct principal *who,
				    int64_t *retry_after)
{
	struct db *db = db_get();
	struct stmt *st;
	char now[ISO_LEN];
	char *norm = lower_dup(a, email ? email : "");
	const char *hash = NULL;
	int64_t t = now_unix(), id = 0, area = 0, wait;
	enum role role = ROLE_NONE;
	struct attempt at = { addr ? addr : "", norm, now, 0, 0, 0, ROLE_NONE };
	int ok = 0;

	*retry_after = 0;
	if (sodium_init() < 0)
		return STAFF_LOGIN_ERROR;
	pthread_once(&dummy_once, make_dummy);
	iso_utc(t, now);
	if (addr_failures(at.addr, t) >= STAFF_ADDR_MAX_FAILURES) {
		*retry_after = addr_wait(at.addr, t);
		return STAFF_LOGIN_THROTTLED;
	}
	if (strlen(norm) > 254 || !password || strlen(password) > STAFF_PASSWORD_MAX)
		norm = arena_strdup(a, ""); /* checked against the dummy below */
	at.email = norm;
	if ((wait = pair_wait(norm, at.addr, t)) > 0) {
		*retry_after = wait;
		return STAFF_LOGIN_WAIT;
	}
	if ((wait = account_wait(norm, t)) > 0) {
		const char *mark = staff_device_mark(a, norm);
		if (!device || strlen(device) != strlen(mark) ||
		    sodium_memcmp(device, mark, strlen(mark)) != 0) {
			*retry_after = wait;
			return STAFF_LOGIN_WAIT;
		}
	}
	st = db_prepare(db, "SELECT id, role, COALESCE(local_area_id, 0), password_hash, "
			    "name, email FROM staff WHERE email = ? AND active = 1");
	stmt_bind_text(st, 1, norm);
	if (stmt_step(st) == DB_ROW) {
		id = stmt_int(st, 0);
		if (staff_role_parse(stmt_text(st, 1), &role) != 0)
			id = 0;
		area = stmt_int(st, 2);
		hash = stmt_text_dup(st, 3, a);
		who->name = stmt_text_dup(st, 4, a);
		who->email = stmt_text_dup(st, 5, a);
	}
	stmt_done(st);
	if (hash && *hash && password)
		ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	else if (dummy_hash[0] && password)
		if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			ok = 0; /* only spends the time */
	at.staff_id = id;
	at.area = role == ROLE_STATE_ADMIN ? 0 : area;
	at.role = role;
	at.ok = ok && id;
	if (db_write(attempt_fn, &at) != 0)
		return STAFF_LOGIN_ERROR;
	if (!at.ok)
		return STAFF_LOGIN_BAD;
	who->role = role;
	who->id = id;
	who->local_area = at.area;
	return STAFF_LOGIN_OK;
}

/* ---- API tokens ------------------------------------------------------------------------- */

enum staff_err staff_token_create(const char *email, const char *label, char out[65])
{
	struct arena a;
	struct staff_member m;
	enum staff_err rc = STAFF_OK;

	arena_init(&a);
	if (staff_find(&a, email, &m) != 0 || !m.active)
		rc = STAFF_ENOTFOUND;
	else if (session_token_create(m.id, label, out) != 0)
		rc = STAFF_EDB;
	arena_release(&a);
	return rc;
}
