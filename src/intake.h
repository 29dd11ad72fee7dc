/* intake.h - the sign-up intake: a request made durable with one small write, then completed
 * by its own thread.
 *
 * In a surge, what limits sign-ups is the disk, not the CPU: the full records of one person
 * (the application, the learner, the e-mail) touch about ten pages of randomly keyed indexes,
 * some 50 KB of WAL per person however well commits are grouped. So the sign-up POST
 * (application_submit) does everything that decides the answer on the request's thread and
 * then commits only one row to signup_intake: the checked answers and the decision as compact
 * JSON, appended in id order to a table without secondary indexes (a few sequential pages per
 * group commit). It answers 201 once that commit is durable.
 *
 * The intake thread (intake_start) takes waiting rows in id order, up to INTAKE_BATCH at a
 * time, writes each one's full records with the sign-up code of application.c and deletes
 * the row, all in one transaction: a request is either waiting in signup_intake or complete,
 * never both and never neither. It wakes when a row arrives, and at least every 100 ms. While
 * sign-ups keep arriving it leaves most of the writer's time to them (see intake.c); when they
 * stop, it catches up at full speed.
 *
 * One person, one application, across that gap: every request not yet complete holds claims
 * in memory on its normalized e-mail, its person key (name + date of birth) and its reference
 * (64-bit keyed hashes). A request claims atomically before it looks in the database, and the
 * intake thread lets go of the claims only after the commit that wrote the application, so a
 * second request either finds the claim or finds the committed application. At start, before
 * the server answers anyone, intake_start() claims again for the rows a stopped or crashed
 * process left waiting, and the thread completes them.
 *
 * Several servers on one database (PostgreSQL; db_shared()): the claims in memory are only
 * the fast first check of one process. The decision is made where every server writes: in the
 * transaction that stores a request's intake row, under the database's write lock, the
 * request's claims on the e-mail and the person key are looked up in signup_claims and the
 * person's open requests in the applications (the handler's open_request); either one found
 * makes it a duplicate (intake_append returns INTAKE_TAKEN, nothing is stored), else the
 * claims are inserted with the row. The transaction that completes or sets aside the row
 * deletes its claims; from then on the application (or its absence) answers for the person,
 * so a person whose request was denied or closed may ask again. A request approved at once
 * is told "active" or "waitlisted" from the same write (intake_append_seat): the seats in use
 * plus those promised to rows still waiting (signup_intake.promised), which every seat taken
 * counts as in use until the row's own completion takes its seat. With one server per
 * database (SQLite's serving lock) the claims and the seats promised in memory decide alone,
 * signup_claims stays empty and no row records a promise.
 *
 * Who reads what: the person's status lookups by reference wait for the thread (intake_wait,
 * up to a few seconds), then read the database, and if the request is still waiting they
 * answer from its intake row. Staff lists read the applications table: a new request shows
 * up there after the thread's lag, normally milliseconds.
 */
#ifndef SG_INTAKE_H
#define SG_INTAKE_H

#include <stddef.h>
#include <stdint.h>

#define INTAKE_BATCH 50 /* rows completed per transaction, at most */

struct arena;
struct db;

#define INTAKE_DUPLICATE 2 /* a handler's write found the person's open request */
struct pending_submit;

/* A waiting request: its intake row, and what application_pending_read() found in it. */
struct app_pending {
	int64_t intake_id;
	const char *reference, *payload, *received_at; /* the row's columns */
	const char *email_norm, *person_key;	       /* its claims (NULL: unreadable) */
	int held;		     /* its person claims last until it is written */
	const char *approve_program; /* "en"/"es": approved at once, counted in intake_approvals */
	struct pending_submit *priv; /* NULL when the payload cannot be read */
};

/* How a waiting row becomes records: the sign-up code gives it (application.h,
 * application_intake), so the intake knows nothing of applications. */
struct intake_handler {
	/* Reads p->payload; compose = 1 also prepares the write. 0, or -1 (unreadable). */
	int (*read)(struct arena *a, struct app_pending *p, int compose);
	/* Inside the caller's write transaction: writes the records. 0; INTAKE_DUPLICATE when
	 * the person has an open request after all (nothing written); DB_ERR. */
	int (*write)(struct db *db, struct app_pending *p);
	/* Frees what read(compose = 1) holds outside the arena. */
	void (*release)(struct app_pending *p);
	/* Inside the caller's write transaction: 1 when the person already has an open request
	 * (not denied, not closed), 0, DB_ERR. */
	int (*open_request)(struct db *db, const char *email_norm, const char *person_key);
	/* Inside the caller's write transaction: 1 when a seat of `program` can be promised (the
	 * seats in use plus those promised to waiting rows leave one), 0, DB_ERR. */
	int (*seat_free)(struct db *db, const char *program);
};
/* Given before intake_start() (which completes the rows left waiting) and by every sign-up
 * that queues a row. */
void intake_handler_set(const struct intake_handler *h);

/* Claims the rows left waiting, then starts the intake thread. Call once the database is open
 * with its writer and the handler is given, before serving. 0, or -1 with a message on
 * stderr. */
int intake_start(void);
/* Finishes the batch in progress and stops the thread. Rows still waiting stay in
 * signup_intake for the next start. */
void intake_stop(void);
/* 1 while the thread runs. Without it (CLI, unit tests), application_submit completes its
 * own request at once with intake_run(). */
int intake_running(void);
/* Completes every waiting row on the caller's thread, in batches. Returns how many rows were
 * completed, or -1 when a batch failed (the rows stay waiting). */
int intake_run(void);
/* paused = 1 holds every waiting row where it is: the thread and intake_run() complete
 * nothing, and intake_wait() does not wait (tests; an operator's maintenance). 0 resumes. */
void intake_pause(int paused);

/* ---- claims ------------------------------------------------------------------------------- */

enum { INTAKE_CLAIMED = 0, INTAKE_TAKEN = 1 };

/* Claims the normalized e-mail and the person key of a new request, both or neither.
 * INTAKE_TAKEN when another request not yet complete holds either. held = 1: the claims stay
 * until the intake thread has written the application (an open request: nobody else may
 * apply meanwhile); held = 0: the caller lets go with intake_release_person() as soon as its
 * intake row is written (a denied request blocks no one once it is in line). A request that
 * meets a claim of the second kind waits for it to go, then decides. */
int intake_claim_person(const char *email_norm, const char *person_key, int held);
/* Turns held claims into claims of the second kind (the request turned out to be denied). */
void intake_person_in_line(const char *email_norm, const char *person_key);
void intake_release_person(const char *email_norm, const char *person_key);
/* Claims a new reference (INTAKE_TAKEN: drawn twice; draw again). */
int intake_claim_reference(const char *reference);
void intake_release_reference(const char *reference);

/* Seats promised but not yet taken: requests approved at once whose applications are still
 * waiting, per program ("en"/"es"). Adds delta and returns the new count. */
int64_t intake_approvals(const char *program, int64_t delta);

/* Queues one request: commits its intake row (durable when this returns 0) and wakes the
 * thread. *id receives the row's id. email_norm and person_key (email_norm NULL: a denied
 * request, which claims nothing) are the request's claims in the database when db_shared().
 * 0; INTAKE_TAKEN when another request or an open application holds either claim (nothing was
 * stored); -1 (nothing was stored). */
int intake_append(const char *reference, const char *payload, const char *received_at,
		  const char *email_norm, const char *person_key, int64_t *id);

/* intake_append() for a request approved at once, when several servers share the database
 * (db_shared()): the seat is decided in the write that stores the row, with the database's
 * write lock held, from the seats in use and those promised to rows still waiting (the
 * handler's seat_free). The row keeps payload_active and its promise (signup_intake.promised
 * = program) when a seat is left, else payload_waiting; *promised says which. */
int intake_append_seat(const char *reference, const char *payload_active,
		       const char *payload_waiting, const char *received_at, const char *email_norm,
		       const char *person_key, const char *program, int64_t *id, int *promised);

/* When `reference` belongs to a request not yet complete, waits for the thread up to
 * timeout_ms (not at all when no thread runs or it is paused). Returns 0 when no such
 * request is waiting (complete, or not one of ours), or the id of its intake row when it is
 * still waiting after that (-1: it is still being written by its own request). */
int64_t intake_wait(const char *reference, int timeout_ms);

/* The id of the waiting intake row with this reference, whichever process wrote it: 0 when
 * none is waiting, -1 on error. A scan of the (short) intake: for a reference no one in this
 * process knows, when several servers share the database (db_shared()). */
int64_t intake_row_of(const char *reference);

/* ---- figures (tests, bench, logs) --------------------------------------------------------- */

struct intake_stats {
	uint64_t appended;  /* intake rows written by this process */
	uint64_t completed; /* rows made into applications */
	uint64_t rejected;  /* rows set aside in signup_intake_rejected */
	uint64_t batches;   /* transactions of the thread */
	int64_t waiting;    /* requests holding a reference claim: in flight or waiting */
	double lag_avg_ms;  /* received_at to commit, over the completed rows */
	double lag_max_ms;
};
void intake_stats(struct intake_stats *out);

#endif
