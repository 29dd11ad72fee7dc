/* license.h - seats in the provider's programs, activation, the waitlist, invitations.
 *
 * The state buys a number of seats in each provider program: the English program ("en") and
 * the Spanish program ("es"), with capacities in the settings seats_en and seats_es. An
 * approved person becomes a learner: with a free seat in their program the license is active
 * at once (an invitations row tells the provider to invite them, and the activation e-mail
 * gives the login instructions); without one they wait in order (waitlisted_at, then id) and
 * license_fill_waitlist() activates them as seats free up or capacity grows.
 *
 * Seats in use are counted in seat_pools, in the same transaction as every activation, so
 * the sign-up path never counts learners; license_fill_waitlist() recounts them from the
 * learners table, so a license removed elsewhere frees its seat at the next round.
 *
 * Functions taking a struct db * run INSIDE the caller's write transaction (db_write).
 */
#ifndef SG_LICENSE_H
#define SG_LICENSE_H

#include <stddef.h>
#include <stdint.h>

#include "i18n/i18n.h"

struct arena;
struct buf;
struct db;
struct mail;

enum license_state { LICENSE_WAITLISTED = 0, LICENSE_ACTIVE = 1 };

/* Who gets the license (from their application). */
struct license_person {
	int64_t application_id;
	const char *reference, *email, *email_norm, *first_name, *last_name, *osos_id;
	int64_t local_area_id, region_id; /* 0: none */
	enum lang lang;			  /* the program too: en -> "en", es -> "es" */
};

/* The program of a language: "en" or "es". */
const char *license_program(enum lang lang);
/* The capacity setting of a program (seats_en / seats_es), read through the caller's
 * connection. */
int64_t license_capacity(struct db *db, const char *program);

/* The license term's end, the setting license_term_end read through db (so inside a write
 * it sees that write's changes), into out; "" when it is not a date. Returns out. */
const char *license_term_end(struct db *db, char out[11]);
/* 1 when the term ended before the date of `now` in New York: no seat is handed out then
 * (term.h), until a renewal. */
int license_term_over(struct db *db, int64_t now);

/* Takes a seat in `program` when fewer than `capacity` are in use. 1 taken, 0 full,
 * DB_ERR. Inside a write transaction. When several servers share the database (db_shared()),
 * the seats promised to sign-ups still waiting in the intake (signup_intake.promised) count
 * as in use: only their own completion takes them (its row is deleted first). */
int license_take_seat(struct db *db, const char *program, int64_t capacity);
/* Inside a write transaction: 1 when a seat of `program` can be promised to a sign-up now
 * (the term has not ended; the seats in use plus those promised to waiting sign-ups are fewer
 * than the capacity), 0, DB_ERR. */
int license_seat_free(struct db *db, const char *program);

/* Creates the learner for an approved application: active (with its invitations row) when
 * `seat` is 1 (a seat taken with license_take_seat), else waitlisted. No e-mail: the caller
 * sends the one that fits. *learner_id (may be NULL) is the new learners.id. 0 or DB_ERR. */
int license_add_learner(struct db *db, const struct license_person *p, int seat, const char *now,
			int64_t *learner_id);

/* Approval: takes a seat if there is one and creates the learner. LICENSE_ACTIVE,
 * LICENSE_WAITLISTED or DB_ERR. */
int license_grant(struct db *db, const struct license_person *p, const char *now,
		  int64_t *learner_id);

/* Activates waitlisted learners in order while their program has free seats: each gets the
 * active license, an invitations row, its application set to active with an event, and the
 * activation e-mail. Recounts seat_pools first. Returns how many were activated, or DB_ERR. */
int license_fill_waitlist(struct db *db);
/* The same in its own durable write, for callers outside a transaction (the job, a capacity
 * change). Returns the count or -1. */
int license_fill_waitlist_now(void);
/* 1 when anyone is waiting for a seat (a cheap read). */
int license_anyone_waiting(void);

/* Position (1-based) of an application's learner on its program's waitlist; 0 when not
 * waitlisted; -1 on error. Reads this thread's connection. */
int64_t license_waitlist_position(int64_t application_id);

/* The activation e-mail's body parts (login instructions at /login), for the sign-up
 * confirmation of someone activated at once and for later activation e-mails. */
void license_mail_login_steps(struct mail *m, enum lang lang);
/* A whole activation e-mail: subject, greeting, reference, login steps. The caller queues
 * it with mail_enqueue(db, m, "license_activated"). */
void license_mail_activation(struct mail *m, enum lang lang, const char *to, const char *first_name,
			     const char *reference);

/* ---- the provider's bulk invitation -------------------------------------------------------- */

/* Writes the CSV the provider imports to invite learners: a header, then one row per
 * invitation: Name, Email, External Id (the OSOS ID, else skillgate's learner id), Program.
 * all=0: only invitations not exported yet; all=1: every one. Quoted per RFC 4180, and a
 * cell that a spreadsheet would run as a formula starts with an apostrophe. *last_id is the
 * highest invitation id written (0 when none), for license_invitations_mark(); *count the
 * number of rows. 0, or -1 on a database error or a full buf. */
int license_invitations_csv(int all, struct buf *out, int64_t *last_id, size_t *count);
/* Marks every invitation not exported yet with id <= last_id as exported now (call it after
 * the CSV is safely written). Returns how many, or -1. */
int license_invitations_mark(int64_t last_id);

#endif
