/* outbox.h - the mail outbox worker: delivers the rows that mail_enqueue() queued (mail.h).
 *
 * `serve` runs outbox_step() from the jobs thread every few seconds; `skillgate mail
 * send-pending` runs outbox_run_once(). The rules that keep a message from being sent twice
 * or lost are at the top of outbox.c and in docs/mail.md. */
#ifndef SG_OUTBOX_H
#define SG_OUTBOX_H

#include <stdint.h>

struct buf;

/* What one run did, message by message. */
struct outbox_stats {
	int sent;	 /* delivered (or written as .eml) and marked sent */
	int retried;	 /* put back to retry later */
	int failed;	 /* given up: refused for good, or too many attempts */
	int unconfirmed; /* handed to the server, but its reply was never recorded */
};

/* The jobs thread's step: delivers due messages in batches for at most a few seconds. */
void outbox_step(void);
/* Delivers every message due now, then returns (CLI and tests). */
void outbox_run_once(void);
/* Same, counting what happened into *st (zeroed first). */
void outbox_run(struct outbox_stats *st);

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
