/* session.c - sessions, CSRF keys and API tokens: rows and secrets (session.h). */
#include "session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "db/db.h"
#include "settings.h"
#include "util/arena.h"
#include "util/timeutil.h"

static unsigned char csrf_key[crypto_auth_KEYBYTES];

static void hex(const unsigned char *in, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, in, n);
}

/* The hex BLAKE2b-256 of a token: what the database keeps instead of the token. */
static void token_hash(const char *token, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	hex(h, sizeof(h), out);
}

int session_init(void)
{
	const char *k;
	struct arena a;
	int rc = 0;

	if (sodium_init() < 0)
		return -1;
	arena_init(&a);
	k = settings_get(&a, "csrf_key");
	if (!k || strlen(k) != 2 * sizeof(csrf_key)) {
		char hx[2 * sizeof(csrf_key) + 1];
		randombytes_buf(csrf_key, sizeof(csrf_key));
		hex(csrf_key, sizeof(csrf_key), hx);
		rc = settings_set("csrf_key", hx, "system");
	} else {
		sodium_hex2bin(csrf_key, sizeof(csrf_key), k, strlen(k), NULL, NULL, NULL);
	}
	arena_release(&a);
	return rc;
}

const struct principal principal_nobody = { ROLE_NONE, 0, 0, NULL, NULL };

const char *session_csrf_mac(struct arena *a, const char *kind, const char *token)
{
	unsigned char mac[crypto_auth_BYTES];
	char msg[160], *out = arena_alloc(a, 2 * sizeof(mac) + 1);

	snprintf(msg, sizeof(msg), "%s:%s", kind, token);
	crypto_auth(mac, (const unsigned char *)msg, strlen(msg), csrf_key);
	hex(mac, sizeof(mac), out);
	return out;
}

static enum role role_from_name(const char *s)
{
	if (!strcmp(s, "learner"))
		return ROLE_LEARNER;
	if (!strcmp(s, "area_viewer"))
		return ROLE_AREA_VIEWER;
	if (!strcmp(s, "area_admin"))
		return ROLE_AREA_ADMIN;
	if (!strcmp(s, "state_admin"))
		return ROLE_STATE_ADMIN;
	return ROLE_NONE;
}

static const char *role_name(enum role r)
{
	switch (r) {
	case ROLE_LEARNER: return "learner";
	case ROLE_AREA_VIEWER: return "area_viewer";
	case ROLE_AREA_ADMIN: return "area_admin";
	case ROLE_STATE_ADMIN: return "state_admin";
	default: return "none";
	}
}

struct touch {
	int64_t id;
	const char *now;
};

static int touch_session(struct db *db, void *ctx)
{
	struct touch *t = ctx;
	struct stmt *st = db_prepare(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?");

	stmt_bind_text(st, 1, t->now);
	stmt_bind_int(st, 2, t->id);
	stmt_step(st);
	stmt_done(st);
	return 0;
}

/* A staff member's current role and area come from the staff row, not the session, so a
 * changed role or a deactivated account takes effect at the next request. */
static struct principal *load_staff(struct db *db, struct arena *a, int64_t id)
{
	struct stmt *st = db_prepare(db, "SELECT role, COALESCE(local_area_id, 0), email, name "
					 "FROM staff WHERE id = ? AND active = 1");
	struct principal *p = NULL;

	stmt_bind_int(st, 1, id);
	if (stmt_step(st) == DB_ROW) {
		p = arena_alloc(a, sizeof(*p));
		p->role = role_from_name(stmt_text(st, 0));
		p->local_area = p->role == ROLE_STATE_ADMIN ? 0 : stmt_int(st, 1);
		p->email = stmt_text_dup(st, 2, a);
		p->name = stmt_text_dup(st, 3, a);
		p->id = id;
	}
	stmt_done(st);
	return p;
}

const struct principal *session_resolve(struct arena *a, const char *token, int64_t *session_id)
{
	char h[65], now[ISO_LEN];
	int64_t t = now_unix(), seen = 0, sid = 0, pid = 0;
	enum role role = ROLE_NONE;
	struct principal *p = NULL;
	struct db *db;
	struct stmt *st;

	if (!token || strlen(token) != 64)
		return NULL;
	token_hash(token, h);
	iso_utc(t, now);
	db = db_get();
	st = db_prepare(db, "SELECT id, role, principal_id, last_seen_at FROM sessions "
			    "WHERE token_hash = ? AND expires_at > ?");
	stmt_bind_text(st, 1, h);
	stmt_bind_text(st, 2, now);
	if (stmt_step(st) == DB_ROW) {
		sid = stmt_int(st, 0);
		role = role_from_name(stmt_text(st, 1));
		pid = stmt_int(st, 2);
		iso_parse(stmt_text(st, 3), &seen);
	}
	stmt_done(st);
	if (!sid || t - seen > (role == ROLE_LEARNER ? SESSION_IDLE_LEARNER : SESSION_IDLE_STAFF))
		return NULL;
	if (role == ROLE_LEARNER) {
		p = arena_alloc(a, sizeof(*p));
		*p = principal_nobody;
		p->role = ROLE_LEARNER;
		p->id = pid;
	} else {
		p = load_staff(db, a, pid);
	}
	if (!p)
		return NULL;
	*session_id = sid;
	if (t - seen > 60) {
		struct touch tc = { sid, now };
		db_write(touch_session, &tc);
	}
	return p;
}

struct start {
	const struct principal *who;
	const char *hash, *now, *expires;
	int64_t old_id, new_id;
};

static int insert_session(struct db *db, void *ctx)
{
	struct start *s = ctx;
	struct stmt *st;

	if (s->old_id) {
		st = db_prepare(db, "DELETE FROM sessions WHERE id = ?");
		stmt_bind_int(st, 1, s->old_id);
		stmt_step(st);
		stmt_done(st);
	}
	st = db_prepare(db, "INSERT INTO sessions (token_hash, role, principal_id, created_at, "
			    "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
	stmt_bind_text(st, 1, s->hash);
	stmt_bind_text(st, 2, role_name(s->who->role));
	stmt_bind_int(st, 3, s->who->id);
	stmt_bind_text(st, 4, s->now);
	stmt_bind_text(st, 5, s->now);
	stmt_bind_text(st, 6, s->expires);
	if (stmt_step(st) != DB_DONE) {
		stmt_done(st);
		return DB_ABORT;
	}
	stmt_done(st);
	s->new_id = db_last_id(db);
	return 0;
}

const struct principal *session_create(struct arena *a, const struct principal *who, int64_t old_id,
				       char token[65], int64_t *session_id)
{
	unsigned char rnd[32];
	char h[65], now[ISO_LEN], exp[ISO_LEN];
	struct start s = { who, h, now, exp, old_id, 0 };
	int64_t t = now_unix();
	struct principal *copy;

	randombytes_buf(rnd, sizeof(rnd));
	hex(rnd, sizeof(rnd), token);
	token_hash(token, h);
	iso_utc(t, now);
	iso_utc(t + (who->role == ROLE_LEARNER ? 30L * 24 * 3600 : 12L * 3600), exp);
	if (db_write(insert_session, &s) != 0)
		return NULL;
	*session_id = s.new_id;
	copy = arena_alloc(a, sizeof(*copy));
	*copy = *who;
	return copy;
}

static int delete_session(struct db *db, void *ctx)
{
	struct stmt *st = db_prepare(db, "DELETE FROM sessions WHERE id = ?");

	stmt_bind_int(st, 1, *(int64_t *)ctx);
	stmt_step(st);
	stmt_done(st);
	return 0;
}

void session_delete(int64_t session_id)
{
	if (session_id)
		db_write(delete_session, &session_id);
}

struct end_all {
	const char *role;
	int64_t id;
};

static int delete_all(struct db *db, void *ctx)
{
	struct end_all *e = ctx;
	struct stmt *st =
		db_prepare(db, "DELETE FROM sessions WHERE role = ? AND principal_id = ?");

	stmt_bind_text(st, 1, e->role);
	stmt_bind_int(st, 2, e->id);
	stmt_step(st);
	stmt_done(st);
	return 0;
}

int session_end_all(enum role role, int64_t id)
{
	struct end_all e = { role == ROLE_LEARNER ? "learner" : role_name(role), id };

	if (role != ROLE_LEARNER) {
		/* staff sessions are stored under the role they had at sign-in */
		static const char *const roles[] = { "area_viewer", "area_admin", "state_admin" };
		size_t i;
		for (i = 0; i < 3; i++) {
			e.role = roles[i];
			if (db_write(delete_all, &e) != 0)
				return -1;
		}
		return 0;
	}
	return db_write(delete_all, &e) == 0 ? 0 : -1;
}

const struct principal *session_api_token_resolve(struct arena *a, const char *token)
{
	char h[65];
	struct db *db;
	struct stmt *st;
	int64_t staff = 0;

	if (!token || strlen(token) < 32 || strlen(token) > 128)
		return NULL;
	token_hash(token, h);
	db = db_get();
	st = db_prepare(db, "SELECT staff_id FROM api_tokens WHERE token_hash = ? AND revoked = 0");
	stmt_bind_text(st, 1, h);
	if (stmt_step(st) == DB_ROW)
		staff = stmt_int(st, 0);
	stmt_done(st);
	return staff ? load_staff(db, a, staff) : NULL;
}

struct token_new {
	int64_t staff;
	const char *hash, *label, *now;
};

static int insert_token(struct db *db, void *ctx)
{
	struct token_new *t = ctx;
	struct stmt *st = db_prepare(db, "INSERT INTO api_tokens (staff_id, token_hash, label, "
					 "created_at) VALUES (?, ?, ?, ?)");
	int rc;

	stmt_bind_int(st, 1, t->staff);
	stmt_bind_text(st, 2, t->hash);
	stmt_bind_text(st, 3, t->label);
	stmt_bind_text(st, 4, t->now);
	rc = stmt_step(st) == DB_DONE ? 0 : DB_ABORT;
	stmt_done(st);
	return rc;
}

int session_token_create(int64_t staff_id, const char *label, char out[65])
{
	unsigned char rnd[32];
	char h[65], now[ISO_LEN];
	struct token_new t = { staff_id, h, label ? label : "", now };

	randombytes_buf(rnd, sizeof(rnd));
	hex(rnd, sizeof(rnd), out);
	token_hash(out, h);
	iso_now(now);
	return db_write(insert_token, &t) == 0 ? 0 : -1;
}
