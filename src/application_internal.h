/* application_internal.h - what the files of the sign-up share (application.c: the request
 * and its checks; application_status.c: statuses; application_intake.c: the intake payload
 * and the records written from it; signup_mail.c: the e-mails;
 * application_review.c: reading requests, the staff list and staff decisions). Not for other
 * modules: they use application.h. */
#ifndef SG_APPLICATION_INTERNAL_H
#define SG_APPLICATION_INTERNAL_H

#include "application.h"
#include "db/db.h"
#include "geo.h"
#include "mail.h"

/* The answers after the checks, in normal form. */
struct checked {
	const char *first, *last, *email, *phone, *birth, *county, *town, *layoff, *osos;
	char email_norm[260], person_key[520];
	enum elig_status status;
	enum lang lang;
	int covid, dol, in_ny;
	int can_decide; /* the answers the decision needs are valid */
	struct place place;
};

struct submit {
	struct arena *a;
	const struct checked *c;
	struct app_result *r;
	const char *reasons; /* "code,code" */
	const char *note;    /* the event's note, without the outcome */
	int approve;	     /* eligible and approved at once */
	struct mail *mail;   /* composed for the expected outcome */
	enum app_status expected;
	const char *kind;
	int duplicate, mail_queued;
};

/* A waiting request read back: its answers, its result and what its write needs. */
struct pending_submit {
	struct checked c;
	struct app_result r;
	struct submit s;
	struct mail m;
	int composed;
};

enum app_status app_status_of(const char *s);
int app_status_open(enum app_status s);
char *app_trimmed(struct arena *a, const char *s);
int app_text_ok_nl(const char *s, int newlines);
int app_add_event(struct db *db, int64_t app, const char *at, const char *actor, const char *from,
		  const char *to, const char *note);
int app_submit_write(struct db *db, void *ctx);
void app_compose_signup_mail(struct mail *m, struct arena *a, enum app_status st,
			     const struct app_result *r, const char **kind);
void app_compose_staff_denial(struct mail *m, struct arena *a, enum lang l, const char *to,
			      const char *first, const char *reference, const char *note);
const char *app_payload_json(struct arena *a, const struct checked *c, const struct app_result *r,
			     const char *reasons, enum app_status answered, int approve);
/* 1 when the statement (one text parameter) finds a row for key, 0 when not, DB_ERR. */
int app_row_exists(struct db *db, struct stmt *st, const char *key);
/* 1 when the person (normalized e-mail or person key) has a request that is neither denied nor
 * closed, 0 when not, DB_ERR. On db's connection: a read snapshot, or inside a write. */
int app_open_request(struct db *db, const char *email_norm, const char *person_key);

#endif
