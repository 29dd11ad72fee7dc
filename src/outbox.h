/* outbox.h - the mail outbox rows: the messages mail_enqueue() queued (mail.h), claimed by a
 * delivery worker under a lease, marked as it hands them over, and reported to operators.
 *
 * The delivery itself (SMTP through libcurl, or .eml files) is the job in
 * jobs/mail_delivery.c, which calls only these functions. The rules that keep a message from
 * being sent twice or lost are at the top of outbox.c and in docs/mail.md. */
#ifndef SG_OUTBOX_H
#define SG_OUTBOX_H

#include <stdint.h>

#include "util/arena.h"

struct buf;

/* The most messages one claim takes. */
#define OUTBOX_BATCH 50

/* What one run did, message by message. */
struct outbox_stats {
	int sent;	 /* delivered (or written as .eml) and marked sent */
	int retried;	 /* put back to retry later */
	int failed;	 /* given up: refused for good, or too many attempts */
	int unconfirmed; /* handed to the server, but its reply was never recorded */
};

/* One claimed message (its text is in its claim's arena). */
struct outbox_msg {
	int64_t id, attempts;
	char *to, *subject, *text, *html, *lang, *created, *message_id, *kind;
};

/* The messages one worker claimed under one lease (rule 1 of outbox.c). */
struct outbox_claim {
	struct arena a;
	char owner[160]; /* host:pid:random, unique to this claim */
	int64_t now;
	struct outbox_msg *rows;
	int n;
	int64_t retry_first, retry_max, max_attempts; /* the mail_* settings */
};

/* What happened to a message. */
enum outbox_outcome { OUTBOX_SENT, OUTBOX_RETRY, OUTBOX_FAILED, OUTBOX_UNCONFIRMED };

/* Claims up to OUTBOX_BATCH due messages into c (initialized here; release it with
 * outbox_claim_release() whatever this returns). The number claimed, or -1 (logged). */
int outbox_claim(struct outbox_claim *c);
void outbox_claim_release(struct outbox_claim *c);

/* Rule 2: records the attempt on m durably just before the server may commit it. 0, or -1
 * when it could not be recorded or m is no longer this claim's (then do not finish it). */
int outbox_hand(const struct outbox_claim *c, const struct outbox_msg *m);

/* Records one outcome for rows[0..n) of c, durably, each only while c still owns it, and
 * counts it into *st (may be NULL). permanent: a retry that must not be tried again (a 5xx
 * reply). error: the reason kept on the row (NULL for none). 0, or -1 (logged). */
int outbox_finish(const struct outbox_claim *c, const struct outbox_msg *rows, int n,
		  enum outbox_outcome what, int permanent, const char *error,
		  struct outbox_stats *st);

/* The complete RFC 5322 message of m, sent from the address from, into out. 0 or -1. */
int outbox_compose(const struct outbox_msg *m, const char *from, struct buf *out);

/* Seconds to wait after the attempts-th failed attempt: first, 2 x first, 4 x first, ...,
 * never more than max. */
int64_t outbox_backoff(int64_t attempts, int64_t first, int64_t max);

/* Appends a report for operators: the number of messages in each state, then every failed,
 * unconfirmed or retrying message (id, created, recipient, Message-ID, attempts, last error).
 * 0 or -1. */
int outbox_status(struct buf *out);
/* Queues a failed or unconfirmed message again, due now, with the same Message-ID.
 * 0; 1 when there is no such message or it is not failed/unconfirmed; -1 on a database error. */
int outbox_resend(int64_t id);

#endif
