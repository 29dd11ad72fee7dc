/* mail_delivery.h - the job that delivers the mail outbox (outbox.h): SMTP through libcurl when
 * SKILLGATE_SMTP_URL is set, otherwise .eml files in SKILLGATE_MAIL_DIR.
 *
 * `serve` runs mail_delivery_step() from the jobs thread every few seconds; `skillgate mail
 * send-pending` runs mail_delivery_run(). */
#ifndef SG_JOBS_MAIL_DELIVERY_H
#define SG_JOBS_MAIL_DELIVERY_H

struct outbox_stats;

/* The jobs thread's step: delivers due messages in batches for at most a few seconds. */
void mail_delivery_step(void);
/* Delivers every message due now, then returns (CLI and tests), counting what happened into
 * *st (zeroed first). */
void mail_delivery_run(struct outbox_stats *st);

#endif
