/* mail_delivery.c - the job that delivers the mail outbox (outbox.h) through SMTP with libcurl,
 * or, without SMTP, into .eml files.
 *
 * It follows the rules at the top of outbox.c, which owns the rows; this file only talks to the
 * mail server and to the disk, and reports each message's outcome through outbox_finish().
 *  - Claim (rule 1): outbox_claim() takes a batch under a lease for this worker.
 *  - Hand-off (rule 2): SMTP commits a message when the server receives the "." that ends
 *    DATA. libcurl sends that dot only after our read callback reports the end of the message;
 *    at that moment, before reporting it, the callback calls outbox_hand(). If that fails, the
 *    transfer is aborted before the dot and the server drops the unfinished message.
 *  - Replies (rules 3 to 5): a 250 marks the message sent at once; a connection that ends
 *    after the dot and before a reply makes it 'unconfirmed'; a 4xx reply, or a failure before
 *    the dot, retries it later; a 5xx reply fails it (except the authentication codes, a
 *    configuration matter); a server that cannot be used at all puts the rest of the batch
 *    back in one write.
 *  - .eml files (rule 7): without SMTP (no SKILLGATE_SMTP_URL, mail_delivery_configure()) a message is written as
 *    <mail_dir>/<created>-<id>.eml (temporary file, fsync, rename) and marked sent. Written
 *    again after a crash, it replaces the same file: it can exist only once.
 */
#include "jobs/mail_delivery.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outbox.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define STEP_BUDGET_NS (5LL * 1000000000LL)
#define MSG_MAX	       (1024 * 1024)

static struct mail_delivery_config conf;

void mail_delivery_configure(const struct mail_delivery_config *c)
{
	conf = *c;
}

/* The sender: SKILLGATE_MAIL_FROM. */
static const char *mail_from(void)
{
	return conf.mail_from && *conf.mail_from ? conf.mail_from : "no-reply@localhost";
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
static int eml_write(const struct outbox_msg *r, const struct buf *msg, char *err, size_t errsize)
{
	char stamp[ISO_LEN], path[1200], tmp[1200];
	const char *dir = conf.mail_dir && *conf.mail_dir ? conf.mail_dir : "var/mail";
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

static void batch_eml(struct outbox_claim *b, struct outbox_stats *st)
{
	int i;

	for (i = 0; i < b->n; i++) {
		const struct outbox_msg *r = &b->rows[i];
		struct buf msg = BUF_INIT(MSG_MAX);
		char err[1400];

		if (outbox_compose(r, mail_from(), &msg) != 0) {
			outbox_finish(b, r, 1, OUTBOX_FAILED, 1, "the message cannot be composed",
				      st);
		} else if (eml_write(r, &msg, err, sizeof(err)) != 0) {
			fprintf(stderr, "skillgate: mail #%lld: %s; will retry\n", (long long)r->id,
				err);
			outbox_finish(b, r, 1, OUTBOX_RETRY, 0, err, st);
		} else {
			outbox_finish(b, r, 1, OUTBOX_SENT, 0, NULL, st);
		}
		buf_release(&msg);
	}
}

/* ---- SMTP ------------------------------------------------------------------------------------ */

struct upload {
	const struct outbox_claim *b;
	const struct outbox_msg *row;
	const struct buf *msg;
	size_t pos;
	int handed;	 /* the hand-off mark is durable: the dot may go */
	int hand_failed; /* it could not be made: the transfer was aborted before the dot */
};

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
		if (outbox_hand(u->b, u->row) != 0) {
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

static void batch_smtp(struct outbox_claim *b, struct outbox_stats *st)
{
	char errbuf[CURL_ERROR_SIZE], error[CURL_ERROR_SIZE + 64];
	CURL *curl;
	int i;

	pthread_once(&curl_once, curl_start);
	curl = curl_easy_init();
	if (!curl) {
		outbox_finish(b, b->rows, b->n, OUTBOX_RETRY, 0, "libcurl could not start", st);
		return;
	}
	curl_easy_setopt(curl, CURLOPT_URL, conf.smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from());
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	/* smtps:// is TLS from the start; smtp:// upgrades with STARTTLS when the server offers
	 * it (and the certificate verifies), except to a relay on this machine. */
	if (strncmp(conf.smtp_url, "smtps:", 6) != 0 && !url_is_loopback(conf.smtp_url))
		curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);

	for (i = 0; i < b->n; i++) {
		const struct outbox_msg *r = &b->rows[i];
		struct buf msg = BUF_INIT(MSG_MAX);
		struct upload u = { b, r, &msg, 0, 0, 0 };
		struct curl_slist *rcpt = NULL;
		long code = 0;
		CURLcode res;

		if (outbox_compose(r, mail_from(), &msg) != 0) {
			outbox_finish(b, r, 1, OUTBOX_FAILED, 1, "the message cannot be composed",
				      st);
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
			outbox_finish(b, r, 1, OUTBOX_SENT, 0, NULL, st);
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
			outbox_finish(b, r, 1, OUTBOX_UNCONFIRMED, 0, error, st);
		} else if (!u.handed && server_unusable(res)) {
			fprintf(stderr,
				"skillgate: the mail server cannot be used: %s; %d message%s "
				"not sent this time (see skillgate mail status)\n",
				error, b->n - i, b->n - i == 1 ? "" : "s");
			outbox_finish(b, r, b->n - i, OUTBOX_RETRY, 0, error, st);
			break;
		} else {
			/* A reply refused this message: 5xx for good (except authentication, a
			 * configuration matter), 4xx for now. */
			int permanent = code >= 500 && code <= 599 && code != 530 && code != 534 &&
					code != 535 && code != 538;
			outbox_finish(b, r, 1, OUTBOX_RETRY, permanent, error, st);
		}
	}
	curl_easy_cleanup(curl);
}

/* ---- running --------------------------------------------------------------------------------- */

/* Claims and delivers one batch. The number of messages claimed, or -1. */
static int deliver_batch(struct outbox_stats *st)
{
	struct outbox_claim c;
	int n = outbox_claim(&c);

	if (n > 0) {
		if (conf.smtp_url && *conf.smtp_url)
			batch_smtp(&c, st);
		else
			batch_eml(&c, st);
	}
	outbox_claim_release(&c);
	return n;
}

void mail_delivery_step(void)
{
	struct outbox_stats st;
	int64_t start = now_ns();

	memset(&st, 0, sizeof(st));
	while (deliver_batch(&st) == OUTBOX_BATCH && now_ns() - start < STEP_BUDGET_NS)
		;
}

void mail_delivery_run(struct outbox_stats *st)
{
	memset(st, 0, sizeof(*st));
	while (deliver_batch(st) > 0)
		;
}
