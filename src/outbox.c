/* outbox.c - the mail outbox rows (mail.h queues them): claiming due messages under a lease,
 * the hand-off mark, recording what happened, and the operators' status and resend. The
 * delivery (SMTP through libcurl, or .eml files) is jobs/mail_delivery.c, which follows these
 * rules through the functions below.
 *
 * A message is a row of `outbox`, committed with the change that caused it. Its states:
 *   pending --claim--> sending --250--> sent
 *                         |--refused, unreachable--> pending (later) or failed
 *                         `--dot sent, no reply recorded--> unconfirmed
 *
 * The rules. They make "never twice" hold across crashes and across processes, and keep
 * "never lost" to the one case SMTP cannot settle (rule 4).
 *  1. Claim. A worker claims up to OUTBOX_BATCH due rows in one durable write (db_write):
 *     status 'sending', lease_owner = a name unique to this claim (host:pid:random),
 *     lease_until = now + LEASE. A row is due when it is pending and next_attempt_at <= now, or
 *     when it is 'sending' under an expired lease and was never handed to a server (handed_at
 *     IS NULL). Every later update of the row says WHERE lease_owner = <this claim>, so a
 *     worker that lost its row changes nothing. Claims of several servers on one PostgreSQL
 *     database never overlap: every write holds the database-wide write lock (db/pg.c), so
 *     a claim sees the rows the one before it marked, and a `FOR UPDATE SKIP LOCKED` on the
 *     selection would skip nothing.
 *  2. Hand-off mark. SMTP commits a message when the server receives the "." that ends DATA.
 *     Just before the worker lets that dot go (outbox_hand()), it records the attempt
 *     durably: attempts + 1, handed_at = now, only if the row is still its own and not yet
 *     handed. If that write fails or the row is not its own any more, the transfer is aborted
 *     before the dot and the server drops the unfinished message.
 *  3. Sent mark. On the server's 250 reply the row is marked sent, durably, at once.
 *  4. The one window. Between the dot and the sent mark (a round trip and one fsync) the
 *     server may hold the message while the row does not say so, and SMTP offers no way to
 *     ask. Such a row is never delivered again by itself: when its lease has expired (the
 *     process died) or the connection broke before a reply, it becomes 'unconfirmed', which is
 *     logged and listed by `skillgate mail status`; `skillgate mail resend ID` queues it again
 *     (same Message-ID, so a mail program can tell a copy). A crash therefore leaves at most
 *     one message per worker unconfirmed (almost always delivered: the dot left before the
 *     crash) and never makes one arrive twice. A row claimed but not handed off is delivered
 *     again safely: its server never got a dot.
 *  5. Retries. A failure before the dot, or a 4xx reply, puts the row back to pending with
 *     next_attempt_at = now + 1 min, 2, 4, ... at most 1 h (settings mail_retry_first_seconds,
 *     mail_retry_max_seconds); after mail_max_attempts (10) attempts it is 'failed' and logged.
 *     A 5xx reply (no such mailbox, message refused) fails it at once. When the server cannot
 *     be reached at all, the rest of the batch is put back the same way in one write.
 *  6. Leases only decide when another worker may take over; correctness comes from the owner
 *     check and handed_at. A worker also ends at once the leases of processes on its own host
 *     that no longer exist, so a restart after a crash does not wait for them to expire.
 * (Rule 7, the .eml files written without SMTP, is in jobs/mail_delivery.c.)
 */
#include "outbox.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "mail.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define LEASE_SECONDS 300

/* An outcome for rows[0..n), applied by finish_fn. */
struct finish {
	const struct outbox_claim *b;
	const struct outbox_msg *rows;
	int n;
	enum outbox_outcome what;
	int permanent; /* OUTBOX_RETRY: no more attempts (a 5xx reply) */
	const char *error;
	struct outbox_stats *st;
};

static const char EPOCH[] = "1970-01-01T00:00:00Z";

/* ---- claiming -------------------------------------------------------------------------------- */

/* 1 when owner ("host:pid:nonce") names a process on this host that no longer runs. */
static int owner_is_dead(const char *owner)
{
	char host[256];
	const char *colon = strchr(owner, ':');
	long pid;

	if (!colon || gethostname(host, sizeof(host)) != 0)
		return 0;
	host[sizeof(host) - 1] = '\0';
	if ((size_t)(colon - owner) != strlen(host) || strncmp(owner, host, strlen(host)) != 0)
		return 0;
	pid = strtol(colon + 1, NULL, 10);
	if (pid <= 0 || pid == (long)getpid())
		return 0;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Ends the leases of dead local processes, turns handed-off rows under an expired lease into
 * 'unconfirmed' (rule 4), and claims up to OUTBOX_BATCH due rows for b->owner (rule 1). */
static int claim_fn(struct db *db, void *ctx)
{
	struct outbox_claim *b = ctx;
	char now[ISO_LEN], until[ISO_LEN];
	char *dead[16];
	int ndead = 0, i;
	struct stmt *st;

	iso_utc(b->now, now);
	iso_utc(b->now + LEASE_SECONDS, until);

	st = db_prepare(db, "SELECT DISTINCT lease_owner FROM outbox "
			    "WHERE status = 'sending' AND lease_until >= ?");
	stmt_bind_text(st, 1, now);
	while (ndead < 16 && stmt_step(st) == DB_ROW)
		if (owner_is_dead(stmt_text(st, 0)))
			dead[ndead++] = stmt_text_dup(st, 0, &b->a);
	stmt_done(st);
	for (i = 0; i < ndead; i++) {
		st = db_prepare(db, "UPDATE outbox SET lease_until = ? "
				    "WHERE status = 'sending' AND lease_owner = ?");
		stmt_bind_text(st, 1, EPOCH);
		stmt_bind_text(st, 2, dead[i]);
		if (stmt_step(st) != DB_DONE) {
			stmt_done(st);
			return DB_ERR;
		}
		stmt_done(st);
	}

	st = db_prepare(db,
			"SELECT id, kind, message_id FROM outbox "
			"WHERE status = 'sending' AND handed_at IS NOT NULL AND lease_until < ?");
	stmt_bind_text(st, 1, now);
	while (stmt_step(st) == DB_ROW)
		fprintf(stderr,
			"skillgate: mail #%lld (%s, %s) was handed to the mail server but its "
			"reply "
			"was never recorded (the process stopped); it is now 'unconfirmed' and "
			"will "
			"not be sent again by itself (skillgate mail resend %lld sends it)\n",
			(long long)stmt_int(st, 0), stmt_text(st, 1), stmt_text(st, 2),
			(long long)stmt_int(st, 0));
	stmt_done(st);
	st = db_prepare(db,
			"UPDATE outbox SET status = 'unconfirmed', "
			"last_error = 'the process stopped after handing it to the mail server' "
			"WHERE status = 'sending' AND handed_at IS NOT NULL AND lease_until < ?");
	stmt_bind_text(st, 1, now);
	i = stmt_step(st);
	stmt_done(st);
	if (i != DB_DONE)
		return DB_ERR;

	st = db_prepare(db,
			"UPDATE outbox SET status = 'sending', lease_owner = ?, lease_until = ? "
			"WHERE id IN (SELECT id FROM outbox "
			"  WHERE (status = 'pending' AND next_attempt_at <= ?) "
			"     OR (status = 'sending' AND handed_at IS NULL AND lease_until < ?) "
			"  ORDER BY next_attempt_at, id LIMIT ?) "
			"AND ((status = 'pending' AND next_attempt_at <= ?) "
			"  OR (status = 'sending' AND handed_at IS NULL AND lease_until < ?))");
	stmt_bind_text(st, 1, b->owner);
	stmt_bind_text(st, 2, until);
	stmt_bind_text(st, 3, now);
	stmt_bind_text(st, 4, now);
	stmt_bind_int(st, 5, OUTBOX_BATCH);
	stmt_bind_text(st, 6, now);
	stmt_bind_text(st, 7, now);
	i = stmt_step(st);
	stmt_done(st);
	return i == DB_DONE ? 0 : DB_ERR;
}

/* Claims a batch and reads its rows into b (copies in b->a). The number of rows or -1. */
static int batch_claim(struct outbox_claim *b)
{
	unsigned char rnd[6];
	char hex[sizeof(rnd) * 2 + 1], host[128];
	struct db *db;
	struct stmt *st;

	if (sodium_init() < 0)
		return -1;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(b->owner, sizeof(b->owner), "%s:%ld:%s", host, (long)getpid(), hex);
	b->now = now_unix();
	b->n = 0;
	if (db_write(claim_fn, b) != 0) {
		fprintf(stderr, "skillgate: the mail outbox could not claim messages; will try "
				"again shortly\n");
		return -1;
	}
	b->rows = arena_zalloc(&b->a, OUTBOX_BATCH * sizeof(*b->rows));
	db = db_get();
	st = db_prepare(db,
			"SELECT id, attempts, to_addr, subject, body_text, body_html, language, "
			"created_at, message_id, kind FROM outbox "
			"WHERE status = 'sending' AND lease_owner = ? AND handed_at IS NULL "
			"ORDER BY id");
	stmt_bind_text(st, 1, b->owner);
	while (b->n < OUTBOX_BATCH && stmt_step(st) == DB_ROW) {
		struct outbox_msg *r = &b->rows[b->n++];
		r->id = stmt_int(st, 0);
		r->attempts = stmt_int(st, 1);
		r->to = stmt_text_dup(st, 2, &b->a);
		r->subject = stmt_text_dup(st, 3, &b->a);
		r->text = stmt_text_dup(st, 4, &b->a);
		r->html = stmt_text_dup(st, 5, &b->a);
		r->lang = stmt_text_dup(st, 6, &b->a);
		r->created = stmt_text_dup(st, 7, &b->a);
		r->message_id = stmt_text_dup(st, 8, &b->a);
		r->kind = stmt_text_dup(st, 9, &b->a);
	}
	stmt_done(st);
	return b->n;
}

int outbox_claim(struct outbox_claim *c)
{
	memset(c, 0, sizeof(*c));
	arena_init(&c->a);
	c->retry_first = settings_get_int("mail_retry_first_seconds", 60);
	c->retry_max = settings_get_int("mail_retry_max_seconds", 3600);
	c->max_attempts = settings_get_int("mail_max_attempts", 10);
	if (c->retry_first < 1)
		c->retry_first = 1;
	if (c->retry_max < c->retry_first)
		c->retry_max = c->retry_first;
	if (c->max_attempts < 1)
		c->max_attempts = 1;
	return batch_claim(c);
}

void outbox_claim_release(struct outbox_claim *c)
{
	arena_release(&c->a);
}

/* ---- recording what happened ----------------------------------------------------------------- */

int64_t outbox_backoff(int64_t attempts, int64_t first, int64_t max)
{
	int64_t d = first > 0 ? first : 1;

	while (--attempts > 0 && d < max)
		d *= 2;
	return d < max ? d : max;
}

/* Applies one outcome to f->rows, each only while this claim still owns it. */
static int finish_fn(struct db *db, void *ctx)
{
	struct finish *f = ctx;
	char now[ISO_LEN], next[ISO_LEN];
	int i, rc = 0;

	iso_now(now);
	for (i = 0; i < f->n && rc == 0; i++) {
		const struct outbox_msg *r = &f->rows[i];
		int64_t attempts = r->attempts + 1;
		struct stmt *st;
		int gave_up = 0;

		switch (f->what) {
		case OUTBOX_SENT:
			st = db_prepare(db, "UPDATE outbox SET status = 'sent', sent_at = ?, "
					    "attempts = ?, last_error = '', lease_until = NULL "
					    "WHERE id = ? AND lease_owner = ? "
					    "AND status IN ('sending', 'unconfirmed')");
			stmt_bind_text(st, 1, now);
			stmt_bind_int(st, 2, attempts);
			stmt_bind_int(st, 3, r->id);
			stmt_bind_text(st, 4, f->b->owner);
			break;
		case OUTBOX_UNCONFIRMED:
			st = db_prepare(db,
					"UPDATE outbox SET status = 'unconfirmed', last_error = ? "
					"WHERE id = ? AND lease_owner = ? AND status = 'sending'");
			stmt_bind_text(st, 1, f->error);
			stmt_bind_int(st, 2, r->id);
			stmt_bind_text(st, 3, f->b->owner);
			break;
		default:
			gave_up = f->what == OUTBOX_FAILED || f->permanent ||
				  attempts >= f->b->max_attempts;
			iso_utc(now_unix() + outbox_backoff(attempts, f->b->retry_first,
							    f->b->retry_max),
				next);
			st = db_prepare(db,
					"UPDATE outbox SET status = ?, attempts = ?, "
					"next_attempt_at = ?, last_error = ?, handed_at = NULL, "
					"lease_owner = NULL, lease_until = NULL "
					"WHERE id = ? AND lease_owner = ? AND status = 'sending'");
			stmt_bind_text(st, 1, gave_up ? "failed" : "pending");
			stmt_bind_int(st, 2, attempts);
			stmt_bind_text(st, 3, next);
			stmt_bind_text(st, 4, f->error);
			stmt_bind_int(st, 5, r->id);
			stmt_bind_text(st, 6, f->b->owner);
			break;
		}
		if (stmt_step(st) != DB_DONE)
			rc = DB_ERR;
		stmt_done(st);
		if (rc == 0 && db_changes(db) == 1 && f->st) {
			if (f->what == OUTBOX_SENT)
				f->st->sent++;
			else if (f->what == OUTBOX_UNCONFIRMED)
				f->st->unconfirmed++;
			else if (gave_up)
				f->st->failed++;
			else
				f->st->retried++;
		}
		if (rc == 0 && gave_up)
			fprintf(stderr,
				"skillgate: mail #%lld (%s, %s) failed after %lld attempt%s: %s; "
				"skillgate mail resend %lld queues it again\n",
				(long long)r->id, r->kind, r->message_id, (long long)attempts,
				attempts == 1 ? "" : "s", f->error, (long long)r->id);
	}
	return rc;
}

int outbox_finish(const struct outbox_claim *b, const struct outbox_msg *rows, int n,
		  enum outbox_outcome what, int permanent, const char *error,
		  struct outbox_stats *st)
{
	struct finish f = { b, rows, n, what, permanent, error ? error : "", st };

	if (n <= 0)
		return 0;
	if (db_write(finish_fn, &f) == 0)
		return 0;
	fprintf(stderr,
		"skillgate: recording the outcome of mail #%lld failed; the message stays "
		"claimed until its lease ends\n",
		(long long)rows[0].id);
	return -1;
}

struct hand {
	const struct outbox_claim *b;
	const struct outbox_msg *row;
};

/* Rule 2: the attempt is recorded, and the row still ours and not yet handed. */
static int hand_fn(struct db *db, void *ctx)
{
	struct hand *u = ctx;
	char now[ISO_LEN], until[ISO_LEN];
	struct stmt *st;
	int rc;

	iso_now(now);
	iso_utc(now_unix() + LEASE_SECONDS, until);
	st = db_prepare(db, "UPDATE outbox SET attempts = ?, handed_at = ?, lease_until = ? "
			    "WHERE id = ? AND lease_owner = ? AND status = 'sending' "
			    "AND handed_at IS NULL");
	stmt_bind_int(st, 1, u->row->attempts + 1);
	stmt_bind_text(st, 2, now);
	stmt_bind_text(st, 3, until);
	stmt_bind_int(st, 4, u->row->id);
	stmt_bind_text(st, 5, u->b->owner);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	return db_changes(db) == 1 ? 0 : DB_CONFLICT;
}

int outbox_hand(const struct outbox_claim *c, const struct outbox_msg *m)
{
	struct hand h = { c, m };

	return db_write(hand_fn, &h) == 0 ? 0 : -1;
}

/* ---- composing ------------------------------------------------------------------------------- */

int outbox_compose(const struct outbox_msg *r, const char *from, struct buf *out)
{
	struct arena a;
	struct mail_message mm;
	int64_t created = 0;
	int rc;

	arena_init(&a);
	iso_parse(r->created, &created);
	memset(&mm, 0, sizeof(mm));
	mm.from_name =
		settings_get(&a, !strcmp(r->lang, "es") ? "program_name_es" : "program_name_en");
	mm.from_addr = from;
	mm.to = r->to;
	mm.subject = r->subject;
	mm.message_id = r->message_id;
	mm.lang = r->lang;
	mm.text = r->text;
	mm.html = r->html;
	mm.date = created;
	rc = mail_format(&mm, out);
	arena_release(&a);
	return rc;
}

/* ---- operators ------------------------------------------------------------------------------- */

int outbox_status(struct buf *out)
{
	static const char *const states[] = { "pending", "sending", "sent", "failed",
					      "unconfirmed" };
	struct db *db = db_get();
	struct stmt *st;
	size_t i;
	int rc = 0;

	buf_puts(out, "outbox:");
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		int64_t n = 0;
		st = db_prepare(db, "SELECT COUNT(*) FROM outbox WHERE status = ?");
		stmt_bind_text(st, 1, states[i]);
		if (stmt_step(st) == DB_ROW)
			n = stmt_int(st, 0);
		else
			rc = -1;
		stmt_done(st);
		buf_printf(out, "%s %lld %s", i ? "," : "", (long long)n, states[i]);
	}
	buf_puts(out, "\n");
	st = db_prepare(db, "SELECT id, status, created_at, to_addr, message_id, attempts, "
			    "last_error, next_attempt_at FROM outbox "
			    "WHERE status IN ('failed', 'unconfirmed') "
			    "   OR (status = 'pending' AND attempts > 0) ORDER BY id");
	while (stmt_step(st) == DB_ROW) {
		int retrying = !strcmp(stmt_text(st, 1), "pending");
		buf_printf(out, "%s #%lld created %s to %s %s attempts %lld%s%s: %s\n",
			   retrying ? "retrying" : stmt_text(st, 1), (long long)stmt_int(st, 0),
			   stmt_text(st, 2), stmt_text(st, 3), stmt_text(st, 4),
			   (long long)stmt_int(st, 5), retrying ? " next " : "",
			   retrying ? stmt_text(st, 7) : "", stmt_text(st, 6));
	}
	stmt_done(st);
	return rc;
}

struct resend {
	int64_t id;
};

static int resend_fn(struct db *db, void *ctx)
{
	struct resend *r = ctx;
	char now[ISO_LEN];
	struct stmt *st;
	int rc;

	st = db_prepare(db,
			"UPDATE outbox SET status = 'pending', next_attempt_at = ?, "
			"attempts = 0, handed_at = NULL, lease_owner = NULL, lease_until = NULL "
			"WHERE id = ? AND status IN ('failed', 'unconfirmed')");
	stmt_bind_text(st, 1, iso_now(now));
	stmt_bind_int(st, 2, r->id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	return db_changes(db) == 1 ? 0 : 1;
}

int outbox_resend(int64_t id)
{
	struct resend r = { id };
	int rc = db_write(resend_fn, &r);

	return rc < 0 ? -1 : rc;
}
