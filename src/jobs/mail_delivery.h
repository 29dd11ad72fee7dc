/* mail_delivery.h - the job that delivers the mail outbox (outbox.h): SMTP through libcurl when
 * SKILLGATE_SMTP_URL is set, otherwise .eml files in SKILLGATE_MAIL_DIR.
 *
 * `serve` runs mail_delivery_step() from the jobs thread every few seconds; `skillgate mail
 * send-pending` runs mail_delivery_run(). */
#ifndef SG_JOBS_MAIL_DELIVERY_H
#define SG_JOBS_MAIL_DELIVERY_H

struct outbox_stats;

/* Where mail goes, given at start-up (main.c); the strings must stay for the life of the
 * process. Without it (or without smtp_url) messages are written as .eml files. */
struct mail_delivery_config {
	const char *smtp_url;  /* SKILLGATE_SMTP_URL, e.g. smtp://127.0.0.1:8025; NULL = none */
	const char *mail_dir;  /* SKILLGATE_MAIL_DIR; NULL = var/mail */
	const char *mail_from; /* SKILLGATE_MAIL_FROM; NULL = no-reply@localhost */
};
void mail_delivery_configure(const struct mail_delivery_config *c);

/* The jobs thread's step: delivers due messages in batches for at most a few seconds. */
void mail_delivery_step(void);
/* Delivers every message due now, then returns (CLI and tests), counting what happened into
 * *st (zeroed first). */
void mail_delivery_run(struct outbox_stats *st);

#endif
