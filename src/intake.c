/* intake.c - the sign-up intake, its claims and its thread (intake.h).
 *
 * The claims: in memory in intake_claims.c; in the database, when several servers share
 * it, in intake_shared_claims.c.
 *
 * The thread completes waiting rows in id order, INTAKE_BATCH at most per transaction. Each
 * row is one savepoint: the intake row is deleted first (a row already gone was completed by
 * another process on the same database, and is skipped), together with its claims in
 * signup_claims, then application_pending_write() writes its records. A row that cannot be
 * completed (a duplicate that slipped past the claims; a payload that cannot be read; records
 * the database refuses) is rolled back alone and moved to signup_intake_rejected with the
 * reason, in the same transaction, and logged. Claims in memory are let go only after the
 * commit.
 *
 * Sharing the machine: the full records cost some 50 KB of WAL per person (and as much again
 * when checkpointed) and a few hundred microseconds of CPU; an intake row costs about 1 KB.
 * So while sign-ups arrive fast, the thread steps back: after each batch it pauses in
 * proportion to the arrival rate it saw meanwhile, one batch-time per YIELD_RATE sign-ups a
 * second, up to YIELD_MAX batch-times (it then uses at most a tenth of the time). A trickle
 * of sign-ups hardly slows it; a surge is taken in first and completed behind, at full speed
 * as soon as the surge ebbs.
 *
 * Batches are kept small (INTAKE_BATCH): inside the writer's transaction every statement's
 * savepoint journal is truncated by walking it from its start, so the cost of a batch grows
 * with the square of its size; 50 rows measured best on this project's machines.
 */
#include "intake_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "util/arena.h"
#include "util/timeutil.h"

#define YIELD_RATE 1000 /* sign-ups a second that cost the thread one batch-time of pause */
#define YIELD_MAX  9	/* the longest pause, in batch-times */
#define TICK_MS	   100	/* the thread looks for rows at least this often */

static const struct intake_handler *_Atomic handler; /* how a row becomes records */

void intake_handler_set(const struct intake_handler *h)
{
	handler = h;
}

static pthread_cond_t work = PTHREAD_COND_INITIALIZER; /* rows appended, or stop */
static struct intake_stats st_;
static double lag_sum_ms;
static uint64_t lag_n;
static int running, stopping, kicked, paused;
static pthread_t thread;
static pthread_mutex_t step_mu = PTHREAD_MUTEX_INITIALIZER; /* one batch at a time */

/* ---- appending ------------------------------------------------------------------------------ */

/* Intake rows are committed in groups of their own: the first request to arrive while no
 * group is being written leads; it takes every request queued so far, writes their rows in
 * one write function (one db_write, one fsync) and wakes each of them on its own condition
 * variable, then hands the lead to the first request that queued meanwhile. A request thus
 * sleeps and wakes once, and only the leader waits on the writer: with hundreds of requests
 * in flight, that spares hundreds of threads from waking up at every commit. */
enum { W_WAITING, W_DONE, W_LEAD };

struct waiter {
	const char *reference, *payload, *received_at;
	const char *email_norm, *person_key; /* its claims in the database (NULL: none) */
	const char *program;		     /* a seat to decide in the write (NULL: none) */
	const char *payload_waiting;	     /* the payload when no seat is left */
	int64_t id;			     /* the intake row, 0 when it could not be written */
	int taken;			     /* a duplicate: another request holds a claim */
	int promised;			     /* the seat was promised (program) */
	int state;
	pthread_cond_t cv;
	struct waiter *next;
};

static pthread_mutex_t q_mu = PTHREAD_MUTEX_INITIALIZER;
static struct waiter *q_head, **q_tail = &q_head;
static int q_leading;

enum { SP_OPEN, SP_RELEASE, SP_ROLLBACK };

/* The savepoint around one row (SQL is literal text, so one statement per operation). */
static int savepoint(struct db *db, int op)
{
	struct stmt *st;
	int rc;

	switch (op) {
	case SP_OPEN: st = db_prepare(db, "SAVEPOINT intake_row"); break;
	case SP_RELEASE: st = db_prepare(db, "RELEASE SAVEPOINT intake_row"); break;
	default: st = db_prepare(db, "ROLLBACK TO SAVEPOINT intake_row"); break;
	}
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ERR;
}

/* One request's row, and its claims when it has them: the person's open application is
 * looked for and the claims inserted first, all in the write that stores the row. 1 stored,
 * 0 taken (a duplicate: nothing stored), DB_ERR (nothing stored). */
static int append_one(struct db *db, struct waiter *w)
{
	struct stmt *st;
	int rc, claims = w->email_norm && db_shared();

	if (claims) {
		rc = handler->open_request(db, w->email_norm, w->person_key);
		if (rc == 0) {
			rc = intake_claims_insert(db, w->email_norm, w->person_key, w->reference);
			rc = rc == 1 ? 0 : rc == 0 ? 1 : DB_ERR;
		}
		if (rc != 0)
			return rc == 1 ? 0 : DB_ERR;
	}
	w->promised = 0;
	if (w->program) {
		/* the seat is promised here, where every server's promises are counted */
		rc = handler->seat_free(db, w->program);
		if (rc < 0) {
			if (claims)
				intake_claims_delete(db, w->email_norm, w->person_key,
						     w->reference);
			return DB_ERR;
		}
		w->promised = rc == 1;
	}
	st = db_prepare(db, "INSERT INTO signup_intake (reference, payload, received_at, "
			    "promised) VALUES (?, ?, ?, ?)");
	stmt_bind_text(st, 1, w->reference);
	stmt_bind_text(st, 2, w->program && !w->promised ? w->payload_waiting : w->payload);
	stmt_bind_text(st, 3, w->received_at);
	stmt_bind_text(st, 4, w->promised ? w->program : NULL);
	rc = stmt_step(st);
	stmt_done(st);
	w->id = rc == DB_DONE ? db_last_id(db) : 0;
	if (w->id > 0)
		return 1;
	if (claims)
		intake_claims_delete(db, w->email_norm, w->person_key, w->reference);
	return DB_ERR;
}

static int append_write(struct db *db, void *ctx)
{
	struct waiter *w;
	int settled = 0;

	for (w = ctx; w; w = w->next) {
		int rc = append_one(db, w); /* a failed row undoes only itself */
		w->taken = rc == 0;
		settled += rc >= 0;
	}
	return settled ? 0 : DB_ABORT;
}

int intake_append_seat(const char *reference, const char *payload_active,
		       const char *payload_waiting, const char *received_at, const char *email_norm,
		       const char *person_key, const char *program, int64_t *id, int *promised)
{
	struct waiter me, *batch, *w, *next;
	uint64_t h = claim_hash('r', reference);
	struct entry *e;

	memset(&me, 0, sizeof(me));
	me.reference = reference;
	me.payload = payload_active;
	me.payload_waiting = payload_waiting;
	me.received_at = received_at;
	me.email_norm = email_norm;
	me.person_key = person_key;
	me.program = program;
	pthread_cond_init(&me.cv, NULL);
	pthread_mutex_lock(&q_mu);
	*q_tail = &me;
	q_tail = &me.next;
	if (!q_leading) {
		q_leading = 1;
		me.state = W_LEAD;
	}
	while (me.state == W_WAITING)
		pthread_cond_wait(&me.cv, &q_mu);
	if (me.state == W_LEAD) {
		batch = q_head;
		q_head = NULL;
		q_tail = &q_head;
		pthread_mutex_unlock(&q_mu);
		if (db_write(append_write, batch) != 0)
			for (w = batch; w; w = w->next)
				w->id = w->taken = 0; /* nothing of the group was committed */
		pthread_mutex_lock(&q_mu);
		for (w = batch; w; w = next) {
			next = w->next; /* w may return (and its stack go) once it is signaled */
			w->state = W_DONE;
			if (w != &me)
				pthread_cond_signal(&w->cv);
		}
		if (q_head) {
			q_head->state = W_LEAD;
			pthread_cond_signal(&q_head->cv);
		} else {
			q_leading = 0;
		}
	}
	pthread_mutex_unlock(&q_mu);
	pthread_cond_destroy(&me.cv);
	*promised = me.promised;
	if (me.taken)
		return INTAKE_TAKEN;
	if (me.id <= 0)
		return -1;
	*id = me.id;
	pthread_mutex_lock(&intake_mu);
	e = claim_find(h);
	if (e && e->id == -1)
		e->id = me.id;
	st_.appended++;
	if (!kicked) {
		kicked = 1;
		pthread_cond_signal(&work);
	}
	pthread_mutex_unlock(&intake_mu);
	return 0;
}

int intake_append(const char *reference, const char *payload, const char *received_at,
		  const char *email_norm, const char *person_key, int64_t *id)
{
	int promised;

	return intake_append_seat(reference, payload, NULL, received_at, email_norm, person_key,
				  NULL, id, &promised);
}

int64_t intake_wait(const char *reference, int timeout_ms)
{
	uint64_t h = claim_hash('r', reference);
	struct timespec ts;
	struct entry *e;
	int64_t id = 0;

	pthread_mutex_lock(&intake_mu);
	ts = intake_after_ms(running && !paused ? timeout_ms : 0);
	while ((e = claim_find(h)) != NULL)
		if (pthread_cond_timedwait(&intake_gone, &intake_mu, &ts) != 0) {
			e = claim_find(h);
			break;
		}
	if (e)
		id = e->id;
	pthread_mutex_unlock(&intake_mu);
	return id;
}

int64_t intake_row_of(const char *reference)
{
	struct stmt *st =
		db_prepare(db_get(), "SELECT id FROM signup_intake WHERE reference = ? LIMIT 1");
	int64_t id = 0;
	int rc;

	stmt_bind_text(st, 1, reference);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		id = stmt_int(st, 0);
	stmt_done(st);
	return rc == DB_ERR ? -1 : id;
}

/* ---- completing rows ---------------------------------------------------------------------- */

enum { OUT_ERR, OUT_DONE, OUT_GONE, OUT_REJECTED };

struct batch {
	struct app_pending *rows;
	int *outcome;
	const char **why;
	size_t n;
	const char *now;
};

/* Deletes a waiting row and its claims in the database. 1 deleted, 0 already gone (completed
 * by another process, which deleted the claims too), DB_ERR. */
static int delete_row(struct db *db, const struct app_pending *p)
{
	struct stmt *st = db_prepare(db, "DELETE FROM signup_intake WHERE id = ?");
	int rc;

	stmt_bind_int(st, 1, p->intake_id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	if (db_changes(db) != 1)
		return 0;
	if (!db_shared())
		return 1;
	if (p->email_norm)
		return intake_claims_delete(db, p->email_norm, p->person_key, p->reference) == 0
			       ? 1
			       : DB_ERR;
	/* a payload that cannot be read: its claims by reference (a rare scan) */
	st = db_prepare(db, "DELETE FROM signup_claims WHERE reference = ?");
	stmt_bind_text(st, 1, p->reference);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 1 : DB_ERR;
}

static int set_aside(struct db *db, const struct app_pending *p, const char *now, const char *why)
{
	struct stmt *st =
		db_prepare(db, "INSERT INTO signup_intake_rejected (intake_id, reference, "
			       "payload, received_at, rejected_at, reason) VALUES (?, ?, "
			       "?, ?, ?, ?)");
	int rc;

	stmt_bind_int(st, 1, p->intake_id);
	stmt_bind_text(st, 2, p->reference);
	stmt_bind_text(st, 3, p->payload);
	stmt_bind_text(st, 4, p->received_at);
	stmt_bind_text(st, 5, now);
	stmt_bind_text(st, 6, why);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	return delete_row(db, p) < 0 ? DB_ERR : 0;
}

static int batch_write(struct db *db, void *ctx)
{
	struct batch *b = ctx;
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct app_pending *p = &b->rows[i];
		const char *why = NULL;
		int rc;

		b->outcome[i] = OUT_ERR;
		if (savepoint(db, SP_OPEN) != 0)
			return DB_ERR;
		rc = delete_row(db, p);
		if (rc == 0) {
			b->outcome[i] = OUT_GONE; /* completed by another process */
		} else if (rc < 0) {
			why = "the intake row could not be deleted";
		} else if (!p->priv) {
			why = "its payload cannot be read";
		} else {
			rc = handler->write(db, p);
			if (rc == INTAKE_DUPLICATE)
				why = "duplicate: the person has an open request";
			else if (rc != 0)
				why = "the database refused its records";
			else
				b->outcome[i] = OUT_DONE;
		}
		if (b->outcome[i] == OUT_DONE) {
			if (savepoint(db, SP_RELEASE) != 0)
				return DB_ERR;
			continue;
		}
		if (savepoint(db, SP_ROLLBACK) != 0 || savepoint(db, SP_RELEASE) != 0)
			return DB_ERR;
		if (why) {
			if (set_aside(db, p, b->now, why) != 0)
				return DB_ERR;
			b->outcome[i] = OUT_REJECTED;
			b->why[i] = why;
		}
	}
	return 0;
}

/* After the commit: the rows' claims go, their waiters wake. */
static void let_go(const struct batch *b)
{
	uint64_t *hs = calloc(b->n * 3 + 1, sizeof(*hs));
	int64_t now = now_ns();
	size_t i;

	if (!hs)
		abort();
	for (i = 0; i < b->n; i++) {
		const struct app_pending *p = &b->rows[i];
		hs[i * 3] = claim_hash('r', p->reference);
		if (p->email_norm && p->held) {
			hs[i * 3 + 1] = claim_hash('e', p->email_norm);
			hs[i * 3 + 2] = claim_hash('p', p->person_key);
		}
	}
	pthread_mutex_lock(&intake_mu);
	for (i = 0; i < b->n; i++) {
		const struct app_pending *p = &b->rows[i];
		struct entry *e;
		if (b->outcome[i] == OUT_ERR)
			continue;
		e = claim_find(hs[i * 3]);
		if (e && e->t && b->outcome[i] == OUT_DONE) {
			double ms = (double)(now - e->t) / 1e6;
			lag_sum_ms += ms;
			lag_n++;
			if (ms > st_.lag_max_ms)
				st_.lag_max_ms = ms;
		}
		intake_refs -= claim_erase(hs[i * 3]);
		if (hs[i * 3 + 1]) {
			claim_erase(hs[i * 3 + 1]);
			claim_erase(hs[i * 3 + 2]);
		}
		if (p->approve_program) {
			int k = !strcmp(p->approve_program, "es");
			if (intake_approved[k] > 0)
				intake_approved[k]--;
		}
		if (b->outcome[i] == OUT_DONE)
			st_.completed++;
		else if (b->outcome[i] == OUT_REJECTED)
			st_.rejected++;
	}
	st_.batches++;
	pthread_cond_broadcast(&intake_gone);
	pthread_mutex_unlock(&intake_mu);
	free(hs);
	for (i = 0; i < b->n; i++)
		if (b->outcome[i] == OUT_REJECTED)
			fprintf(stderr,
				"skillgate: sign-up %s (intake row %lld) could not be completed: "
				"%s; "
				"it is kept in signup_intake_rejected\n",
				b->rows[i].reference, (long long)b->rows[i].intake_id, b->why[i]);
}

/* Completes up to `limit` waiting rows in one transaction. The count, or -1. */
static int step(int limit)
{
	struct arena a;
	struct batch b;
	struct stmt *st;
	char now[ISO_LEN];
	int rc = 0, n = 0, i;

	pthread_mutex_lock(&step_mu);
	pthread_mutex_lock(&intake_mu);
	i = paused;
	pthread_mutex_unlock(&intake_mu);
	if (i) {
		pthread_mutex_unlock(&step_mu);
		return 0;
	}
	arena_init(&a);
	memset(&b, 0, sizeof(b));
	b.rows = arena_zalloc(&a, (size_t)limit * sizeof(*b.rows));
	b.outcome = arena_zalloc(&a, (size_t)limit * sizeof(*b.outcome));
	b.why = arena_zalloc(&a, (size_t)limit * sizeof(*b.why));
	st = db_prepare(db_get(), "SELECT id, reference, payload, received_at FROM signup_intake "
				  "ORDER BY id LIMIT ?");
	stmt_bind_int(st, 1, limit);
	while (n < limit && (rc = stmt_step(st)) == DB_ROW) {
		struct app_pending *p = &b.rows[n++];
		p->intake_id = stmt_int(st, 0);
		p->reference = stmt_text_dup(st, 1, &a);
		p->payload = stmt_text_dup(st, 2, &a);
		p->received_at = stmt_text_dup(st, 3, &a);
	}
	stmt_done(st);
	if (rc == DB_ERR) {
		n = -1;
		goto cleanup;
	}
	if (!n)
		goto cleanup;
	for (i = 0; i < n; i++)
		handler->read(&a, &b.rows[i], 1);
	b.n = (size_t)n;
	b.now = iso_now(now);
	rc = db_write(batch_write, &b);
	for (i = 0; i < n; i++)
		handler->release(&b.rows[i]);
	if (rc == 0)
		let_go(&b);
	else
		n = -1;
cleanup:
	arena_release(&a);
	pthread_mutex_unlock(&step_mu);
	return n;
}

void intake_pause(int on)
{
	pthread_mutex_lock(&intake_mu);
	paused = on;
	kicked = 1;
	pthread_cond_broadcast(&work);
	pthread_cond_broadcast(&intake_gone);
	pthread_mutex_unlock(&intake_mu);
}

int intake_run(void)
{
	int total = 0, n;

	if (!handler)
		return -1;
	do {
		n = step(INTAKE_BATCH);
		if (n < 0)
			return -1;
		total += n;
	} while (n == INTAKE_BATCH);
	return total;
}

/* ---- the thread --------------------------------------------------------------------------- */

/* Leaves the writer to the sign-ups for about ms (intake_mu held): less when they stop arriving
 * (no new row for TICK_MS) or when stopping. */
static void pause_ms(int64_t ms)
{
	int64_t end = now_ns() + ms * 1000000;

	while (!stopping && now_ns() < end) {
		uint64_t seen = st_.appended;
		int64_t left = (end - now_ns()) / 1000000;
		struct timespec ts = intake_after_ms(left < TICK_MS ? left : TICK_MS);

		while (!stopping && pthread_cond_timedwait(&work, &intake_mu, &ts) == 0)
			;
		if (st_.appended == seen)
			break;
	}
}

static void *intake_main(void *arg)
{
	uint64_t seen = 0; /* st_.appended at the start of the last cycle */
	int64_t since = 0; /* when that cycle started (batch and pause) */
	int failing = 0;

	(void)arg;
	pthread_mutex_lock(&intake_mu);
	while (!stopping) {
		int64_t t0, took;
		int n;

		if (!kicked) {
			struct timespec ts = intake_after_ms(TICK_MS);
			pthread_cond_timedwait(&work, &intake_mu, &ts);
		}
		if (stopping)
			break;
		kicked = 0;
		pthread_mutex_unlock(&intake_mu);
		t0 = now_ns();
		n = step(INTAKE_BATCH);
		took = now_ns() - t0;
		pthread_mutex_lock(&intake_mu);
		if (n < 0) {
			struct timespec ts = intake_after_ms(1000);
			if (!failing)
				fprintf(stderr,
					"skillgate: completing sign-ups from the intake failed; "
					"they stay waiting and are tried again every second\n");
			failing = 1;
			while (!stopping && pthread_cond_timedwait(&work, &intake_mu, &ts) == 0)
				;
			continue;
		}
		failing = 0;
		if (n == INTAKE_BATCH)
			kicked = 1; /* more may be waiting */
		if (n > 0 && since && st_.appended != seen) {
			/* sign-ups are arriving (the rate over the last batch and pause): leave them
			 * the writer and the CPU, the more so the faster they come */
			double rate =
				(double)(st_.appended - seen) * 1e9 / (double)(now_ns() - since);
			double times =
				rate / YIELD_RATE < YIELD_MAX ? rate / YIELD_RATE : YIELD_MAX;
			seen = st_.appended;
			since = t0;
			pause_ms((int64_t)((double)took * times / 1e6));
		} else {
			seen = st_.appended;
			since = t0;
		}
	}
	pthread_mutex_unlock(&intake_mu);
	return NULL;
}

/* Claims again for every row left waiting (by a stopped or crashed process), in memory and,
 * when several servers share the database, in signup_claims. */
static int load_claims(void)
{
	struct db *db = db_get();
	int64_t last = 0, total = 0;

	if (db_shared() && db_write(intake_strays_write, NULL) != 0)
		return -1;

	for (;;) {
		struct stmt *st = db_prepare(db, "SELECT id, reference, payload FROM signup_intake "
						 "WHERE id > ? ORDER BY id LIMIT 1000");
		struct arena a;
		struct reclaim again = { 0 };
		int rc, n = 0;

		arena_init(&a);
		again.ref = arena_alloc(&a, 1000 * sizeof(*again.ref));
		again.email = arena_alloc(&a, 1000 * sizeof(*again.email));
		again.person = arena_alloc(&a, 1000 * sizeof(*again.person));
		stmt_bind_int(st, 1, last);
		while ((rc = stmt_step(st)) == DB_ROW) {
			struct app_pending p;
			uint64_t hr, he, hp;
			struct entry *e;

			memset(&p, 0, sizeof(p));
			p.intake_id = last = stmt_int(st, 0);
			p.reference = stmt_text_dup(st, 1, &a);
			p.payload = stmt_text_dup(st, 2, &a);
			n++;
			hr = claim_hash('r', p.reference);
			if (handler->read(&a, &p, 0) != 0)
				p.email_norm = NULL;
			he = p.email_norm ? claim_hash('e', p.email_norm) : 0;
			hp = p.email_norm ? claim_hash('p', p.person_key) : 0;
			pthread_mutex_lock(&intake_mu);
			if (!claim_find(hr)) {
				e = claim_insert(hr);
				e->id = p.intake_id;
				intake_refs++;
			}
			if (he && p.held) {
				if (!claim_find(he))
					claim_insert(he)->flags = E_HELD;
				if (!claim_find(hp))
					claim_insert(hp)->flags = E_HELD;
				if (again.n < 1000) {
					again.ref[again.n] = p.reference;
					again.email[again.n] = p.email_norm;
					again.person[again.n++] = p.person_key;
				}
			}
			if (p.approve_program)
				intake_approved[!strcmp(p.approve_program, "es")]++;
			pthread_mutex_unlock(&intake_mu);
		}
		stmt_done(st);
		if (rc != DB_ERR && again.n && db_shared() &&
		    db_write(intake_reclaim_write, &again) != 0)
			rc = DB_ERR;
		arena_release(&a);
		if (rc == DB_ERR)
			return -1;
		total += n;
		if (n < 1000)
			break;
	}
	if (total)
		fprintf(stderr,
			"skillgate: %lld sign-up%s waiting in the intake; completing them\n",
			(long long)total, total == 1 ? "" : "s");
	return 0;
}

int intake_start(void)
{
	if (running)
		return 0;
	if (!handler) {
		fprintf(stderr, "skillgate: the sign-up intake was started without its handler\n");
		return -1;
	}
	if (db_exec(db_get(), "SELECT 1 FROM signup_intake_rejected WHERE id = 0") != 0) {
		fprintf(stderr,
			"skillgate: this database has no sign-up intake tables (they were added "
			"to migration 002 before release); create a new database with "
			"`skillgate migrate --db NEW.db`\n");
		return -1;
	}
	if (load_claims() != 0) {
		fprintf(stderr, "skillgate: cannot read the sign-up intake; check the database\n");
		return -1;
	}
	stopping = 0;
	kicked = 1;
	if (pthread_create(&thread, NULL, intake_main, NULL) != 0) {
		fprintf(stderr, "skillgate: cannot start the sign-up intake thread\n");
		return -1;
	}
	running = 1;
	return 0;
}

void intake_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&intake_mu);
	stopping = 1;
	pthread_cond_broadcast(&work);
	pthread_mutex_unlock(&intake_mu);
	pthread_join(thread, NULL);
	running = 0;
	if (st_.completed || st_.rejected)
		fprintf(stderr,
			"skillgate: intake: %llu sign-ups completed, %llu set aside, in %llu "
			"transactions; lag from request to commit: average %.0f ms, longest %.0f "
			"ms\n",
			(unsigned long long)st_.completed, (unsigned long long)st_.rejected,
			(unsigned long long)st_.batches, lag_n ? lag_sum_ms / (double)lag_n : 0.0,
			st_.lag_max_ms);
}

int intake_running(void)
{
	return running;
}

void intake_stats(struct intake_stats *out)
{
	pthread_mutex_lock(&intake_mu);
	*out = st_;
	out->waiting = intake_refs;
	out->lag_avg_ms = lag_n ? lag_sum_ms / (double)lag_n : 0;
	pthread_mutex_unlock(&intake_mu);
}
