/* intake_internal.h - what the files of the sign-up intake share (intake.c: appending,
 * completing rows, the thread; intake_claims.c: the claims in memory; intake_shared_claims.c:
 * the claims in the database when several servers share it). Not for other modules: they use
 * intake.h. */
#ifndef SG_INTAKE_INTERNAL_H
#define SG_INTAKE_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "db/db.h"
#include "intake.h"

/* ---- the claims in memory (intake_claims.c) ----------------------------------------------- */

enum { E_HELD = 1, E_IN_LINE = 2 }; /* person claims: until written / until in line */

struct entry {
	uint64_t h; /* 0: empty slot */
	int64_t id; /* reference: its intake row, -1 while being written */
	int64_t t;  /* reference: when it was claimed (now_ns), 0 when loaded at start */
	int flags;
};

extern pthread_mutex_t intake_mu;  /* the table, the counts below, the intake's statistics */
extern pthread_cond_t intake_gone; /* claims let go */
extern int64_t intake_approved[2]; /* approvals waiting in the intake: en, es */
extern int64_t intake_refs;	   /* references claimed */

/* A claim's key: a tag ('e' e-mail, 'p' person key, 'r' reference) and a string. */
uint64_t claim_hash(char tag, const char *s);
/* The table (intake_mu held). */
struct entry *claim_find(uint64_t h);
struct entry *claim_insert(uint64_t h);
int claim_erase(uint64_t h);
/* The realtime clock ms from now, for pthread_cond_timedwait. */
struct timespec intake_after_ms(int64_t ms);

/* ---- the claims in the database (intake_shared_claims.c) ---------------------------------- */

struct reclaim {
	const char **ref, **email, **person;
	size_t n;
};

int intake_claims_delete(struct db *db, const char *email_norm, const char *person_key,
			 const char *reference);
int intake_claims_insert(struct db *db, const char *email_norm, const char *person_key,
			 const char *reference);
int intake_reclaim_write(struct db *db, void *ctx);
int intake_strays_write(struct db *db, void *ctx);

#endif
