/* outbox.c - delivers the mail outbox (mail.h) through SMTP with libcurl, or, without SMTP,
 * into .eml files.
 *
 * A message is a row of `outbox`, committed with the change that caused it. Its states:
 *   pending --claim--> sending --250--> sent
 *                         |--refused, unreachable--> pending (later) or failed
 *                         `--dot sent, no reply recorded--> unconfirmed
 *
 * The rules. They make "never twice" hold across crashes and across processes, and keep
 * "never lost" to the one case SMTP cannot settle (rule 4).
 *  1. Claim. A worker claims up to BATCH due rows in one durable write (db_write): status
 *     'sending', lease_owner = a name unique to this claim (host:pid:random), lease_until =
 *     now + LEASE. A row is due when it is pending and next_attempt_at <= now, or when it is
 *     'sending' under an expired lease and was never handed to a server (handed_at IS NULL).
 *     Every later update of the row says WHERE lease_owner = <this claim>, so a worker that
 *     lost its row changes nothing.
 *  2. Hand-off mark. SMTP commits a message when the server receives the "." that ends DATA.
 *     libcurl sends that dot only after our read callback reports the end of the message; at
 *     that moment, before reporting it, the worker records the attempt durably: attempts + 1,
 *     handed_at = now, only if the row is still its own and not yet handed. If that write
 *     fails or the row is not its own any more, the transfer is aborted before the dot and
 *     the server drops the unfinished message.
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
 *  7. Without SMTP (cfg.smtp_url NULL) a message is written as <mail_dir>/<created>-<id>.eml
 *     (temporary file, fsync, rename) and marked sent. Written again after a crash, it replaces
 *     the same file: it can exist only once.
 */
#include "outbox.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/config.h"
#include "db/db.h"
#include "mail.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define BATCH	       50
#define LEASE_SECONDS  300
#define STEP_BUDGET_NS (5LL * 1000000000LL)
#define MSG_MAX	       (1024 * 1024)

struct row {
	int64_t id, attempts;
	char *to, *subject, *text, *html, *lang, *created, *message_id, *kind;
};

struct batch {
	struct arena a;
	char owner[160];
	int64_t now;
	struct row *rows;
	int n;
	int64_t retry_first, retry_max, max_attempts;
};

/* What happened to one row; applied by finish_fn. */
enum outcome { OUT_SENT, OUT_RETRY, OUT_FAILED, OUT_UNCONFIRMED };

struct finish {
	const struct batch *b;
	const struct row *rows; /* rows[0..n) get the same outcome */
	int n;
	enum outcome what;
	int permanent; /* OUT_RETRY: no more attempts (a 5xx reply) */
	const char *error;
	struct outbox_stats *st;
};

static const char EPOCH[] = "1970-01-01T00:00:00Z";

/* The sender: SKILLGATE_MAIL_FROM. */
static const char *mail_from(void)
{
	return cfg.mail_from && *cfg.mail_from ? cfg.mail_from : "no-reply@localhost";
}

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
 * 'unconfirmed' (rule 4), and claims up to BATCH due rows for b->owner (rule 1). */
static int claim_fn(struct db *db, void *ctx)
{
	struct batch *b = ctx;
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
	stmt_bind_int(st, 5, BATCH);
	stmt_bind_text(st, 6, now);
	stmt_bind_text(st, 7, now);
	i = stmt_step(st);
	stmt_done(st);
	return i == DB_DONE ? 0 : DB_ERR;
}

/* Claims a batch and reads its rows into b (copies in b->a). The number of rows or -1. */
static int batch_claim(struct batch *b)
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
	b->rows = arena_zalloc(&b->a, BATCH * sizeof(*b->rows));
	db = db_get();
	st = db_prepare(db,
			"SELECT id, attempts, to_addr, subject, body_text, body_html, language, "
			"created_at, message_id, kind FROM outbox "
			"WHERE status = 'sending' AND lease_owner = ? AND handed_at IS NULL "
			"ORDER BY id");
	stmt_bind_text(st, 1, b->owner);
	while (b->n < BATCH && stmt_step(st) == DB_ROW) {
		struct row *r = &b->rows[b->n++];
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
		const struct row *r = &f->rows[i];
		int64_t attempts = r->attempts + 1;
		struct stmt *st;
		int gave_up = 0;

		switch (f->what) {
		case OUT_SENT:
			st = db_prepare(db, "UPDATE outbox SET status = 'sent', sent_at = ?, "
					    "attempts = ?, last_error = '', lease_until = NULL "
					    "WHERE id = ? AND lease_owner = ? "
					    "AND status IN ('sending', 'unconfirmed')");
			stmt_bind_text(st, 1, now);
			stmt_bind_int(st, 2, attempts);
			stmt_bind_int(st, 3, r->id);
			stmt_bind_text(st, 4, f->b->owner);
			break;
		case OUT_UNCONFIRMED:
			st = db_prepare(db,
					"UPDATE outbox SET status = 'unconfirmed', last_error = ? "
					"WHERE id = ? AND lease_owner = ? AND status = 'sending'");
			stmt_bind_text(st, 1, f->error);
			stmt_bind_int(st, 2, r->id);
			stmt_bind_text(st, 3, f->b->owner);
			break;
		default:
			gave_up = f->what == OUT_FAILED || f->permanent ||
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
			if (f->what == OUT_SENT)
				f->st->sent++;
			else if (f->what == OUT_UNCONFIRMED)
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

/* Records an outcome for n rows (durable on return). 0 or -1, logged. */
static int finish(struct batch *b, const struct row *rows, int n, enum outcome what, int permanent,
		  const char *error, struct outbox_stats *st)
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

/* ---- composing ------------------------------------------------------------------------------- */

/* The complete RFC 5322 message of row r into out. 0 or -1. */
static int compose(const struct row *r, struct buf *out)
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
	mm.from_addr = mail_from();
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

/* ---- .eml files ------------------------------------------------------------------------------ */

/* Creates dir and its parents. 0 or -1 (errno set). */
static int mkdir_p(const char *dir)
{
	char path[1024];
	size_t i, n = strlen(dir);

	if (n == 0 || n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0750) != 0 && errno != EEXIST)
			return -1;
		path[i] = i < n ? '/' : '\0';
	}
	return 0;
}

/* Writes msg as <mail_dir>/<created>-<id>.eml: a temporary file, fsync, rename, fsync of the
 * directory. 0, or -1 with the reason in err. */
static int eml_write(const struct row *r, const struct buf *msg, char *err, size_t errsize)
{
	char stamp[ISO_LEN], path[1200], tmp[1200];
	const char *dir = cfg.mail_dir && *cfg.mail_dir ? cfg.mail_dir : "var/mail";
	size_t i, j = 0, off = 0;
	int fd = -1, dfd;

	for (i = 0; r->created[i] && j < sizeof(stamp) - 1; i++)
		if (r->created[i] != '-' && r->created[i] != ':')
			stamp[j++] = r->created[i];
	stamp[j] = '\0';
	snprintf(path, sizeof(path), "%s/%s-%lld.eml", dir, stamp, (long long)r->id);
	snprintf(tmp, sizeof(tmp), "%s/.%s-%lld.eml.tmp", dir, stamp, (long long)r->id);
	if (mkdir_p(dir) != 0)
		goto fail;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		goto fail;
	while (off < msg->len) {
		ssize_t w = write(fd, msg->p + off, msg->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

static void batch_eml(struct batch *b, struct outbox_stats *st)
{
	int i;

	for (i = 0; i < b->n; i++) {
		const struct row *r = &b->rows[i];
		struct buf msg = BUF_INIT(MSG_MAX);
		char err[1400];

		if (compose(r, &msg) != 0) {
			finish(b, r, 1, OUT_FAILED, 1, "the message cannot be composed", st);
		} else if (eml_write(r, &msg, err, sizeof(err)) != 0) {
			fprintf(stderr, "skillgate: mail #%lld: %s; will retry\n", (long long)r->id,
				err);
			finish(b, r, 1, OUT_RETRY, 0, err, st);
		} else {
			finish(b, r, 1, OUT_SENT, 0, NULL, st);
		}
		buf_release(&msg);
	}
}

/* ---- SMTP ------------------------------------------------------------------------------------ */

struct upload {
	struct batch *b;
	const struct row *row;
	const struct buf *msg;
	size_t pos;
	int handed;	 /* the hand-off mark is durable: the dot may go */
	int hand_failed; /* it could not be made: the transfer was aborted before the dot */
};

/* Rule 2: the attempt is recorded, and the row still ours and not yet handed. */
static int hand_fn(struct db *db, void *ctx)
{
	struct upload *u = ctx;
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

/* libcurl's read callback: the message, then, before the end (after which libcurl sends the
 * dot), the durable hand-off mark. */
static size_t upload_read(char *dst, size_t size, size_t nitems, void *userp)
{
	struct upload *u = userp;
	size_t room = size * nitems, left = u->msg->len - u->pos;

	if (left > 0) {
		size_t n = left < room ? left : room;
		memcpy(dst, u->msg->p + u->pos, n);
		u->pos += n;
		return n;
	}
	if (!u->handed) {
		if (db_write(hand_fn, u) != 0) {
			u->hand_failed = 1;
			return CURL_READFUNC_ABORT;
		}
		u->handed = 1;
	}
	return 0;
}

/* 1 when res means the mail server as a whole is not usable right now (not this message). */
static int server_unusable(CURLcode res)
{
	switch (res) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_USE_SSL_FAILED:
	case CURLE_LOGIN_DENIED:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_GOT_NOTHING: return 1;
	default: return 0;
	}
}

/* 1 when the SMTP URL names this machine (127.x, localhost, [::1]): a local relay, where TLS
 * protects nothing and a self-signed certificate (Debian's Postfix offers STARTTLS with one)
 * would only make every delivery fail. */
static int url_is_loopback(const char *url)
{
	const char *host = strstr(url, "://"), *end, *at;

	if (!host)
		return 0;
	host += 3;
	end = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(end - host));
	while (at) { /* the last '@' ends the user:password part */
		host = at + 1;
		at = memchr(host, '@', (size_t)(end - host));
	}
	return !strncmp(host, "127.", 4) || !strncmp(host, "localhost", 9) ||
	       !strncmp(host, "[::1]", 5);
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void batch_smtp(struct batch *b, struct outbox_stats *st)
{
	char errbuf[CURL_ERROR_SIZE], error[CURL_ERROR_SIZE + 64];
	CURL *curl;
	int i;

	pthread_once(&curl_once, curl_start);
	curl = curl_easy_init();
	if (!curl) {
		finish(b, b->rows, b->n, OUT_RETRY, 0, "libcurl could not start", st);
		return;
	}
	curl_easy_setopt(curl, CURLOPT_URL, cfg.smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from());
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	/* smtps:// is TLS from the start; smtp:// upgrades with STARTTLS when the server offers
	 * it (and the certificate verifies), except to a relay on this machine. */
	if (strncmp(cfg.smtp_url, "smtps:", 6) != 0 && !url_is_loopback(cfg.smtp_url))
		curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);

	for (i = 0; i < b->n; i++) {
		const struct row *r = &b->rows[i];
		struct buf msg = BUF_INIT(MSG_MAX);
		struct upload u = { b, r, &msg, 0, 0, 0 };
		struct curl_slist *rcpt = NULL;
		long code = 0;
		CURLcode res;

		if (compose(r, &msg) != 0) {
			finish(b, r, 1, OUT_FAILED, 1, "the message cannot be composed", st);
			buf_release(&msg);
			continue;
		}
		rcpt = curl_slist_append(NULL, r->to);
		errbuf[0] = '\0';
		curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
		curl_easy_setopt(curl, CURLOPT_READDATA, &u);
		res = curl_easy_perform(curl);
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
		curl_slist_free_all(rcpt);
		buf_release(&msg);
		snprintf(error, sizeof(error), "%s (SMTP %ld)",
			 errbuf[0] ? errbuf : curl_easy_strerror(res), code);

		if (res == CURLE_OK) {
			/* The server's 250: accepted. (Without the hand-off mark only if libcurl sent
			 * the dot without asking for the end of the data, which it does not do.) */
			if (!u.handed)
				fprintf(stderr,
					"skillgate: mail #%lld was accepted without its hand-off "
					"mark; marking it sent\n",
					(long long)r->id);
			finish(b, r, 1, OUT_SENT, 0, NULL, st);
		} else if (u.hand_failed) {
			/* No durable hand-off mark, so the dot was not sent: either the row is no
			 * longer ours (another worker took it over) or the database failed. Leave
			 * the row to its owner, or to the end of the lease. */
			fprintf(stderr,
				"skillgate: mail #%lld was not handed to the mail server: its "
				"attempt "
				"could not be recorded first\n",
				(long long)r->id);
		} else if (u.handed && (code < 400 || code > 599)) {
			fprintf(stderr,
				"skillgate: mail #%lld (%s): the connection ended after the "
				"whole message was sent and before the server's reply: %s; it "
				"is now 'unconfirmed' and will not be sent again by itself\n",
				(long long)r->id, r->message_id, error);
			finish(b, r, 1, OUT_UNCONFIRMED, 0, error, st);
		} else if (!u.handed && server_unusable(res)) {
			fprintf(stderr,
				"skillgate: the mail server cannot be used: %s; %d message%s "
				"not sent this time (see skillgate mail status)\n",
				error, b->n - i, b->n - i == 1 ? "" : "s");
			finish(b, r, b->n - i, OUT_RETRY, 0, error, st);
			break;
		} else {
			/* A reply refused this message: 5xx for good (except authentication, a
			 * configuration matter), 4xx for now. */
			int permanent = code >= 500 && code <= 599 && code != 530 && code != 534 &&
					code != 535 && code != 538;
			finish(b, r, 1, OUT_RETRY, permanent, error, st);
		}
	}
	curl_easy_cleanup(curl);
}

/* ---- running --------------------------------------------------------------------------------- */

/* Claims and delivers one batch. The number of rows claimed, or -1. */
static int outbox_batch(struct outbox_stats *st)
{
	struct batch b;
	int n;

	memset(&b, 0, sizeof(b));
	arena_init(&b.a);
	b.retry_first = settings_get_int("mail_retry_first_seconds", 60);
	b.retry_max = settings_get_int("mail_retry_max_seconds", 3600);
	b.max_attempts = settings_get_int("mail_max_attempts", 10);
	if (b.retry_first < 1)
		b.retry_first = 1;
	if (b.retry_max < b.retry_first)
		b.retry_max = b.retry_first;
	if (b.max_attempts < 1)
		b.max_attempts = 1;
	n = batch_claim(&b);
	if (n > 0) {
		if (cfg.smtp_url && *cfg.smtp_url)
			batch_smtp(&b, st);
		else
			batch_eml(&b, st);
	}
	arena_release(&b.a);
	return n;
}

void outbox_step(void)
{
	struct outbox_stats st;
	int64_t start = now_ns();

	memset(&st, 0, sizeof(st));
	while (outbox_batch(&st) == BATCH && now_ns() - start < STEP_BUDGET_NS)
		;
}

void outbox_run(struct outbox_stats *st)
{
	memset(st, 0, sizeof(*st));
	while (outbox_batch(st) > 0)
		;
}

void outbox_run_once(void)
{
	struct outbox_stats st;

	outbox_run(&st);
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
