/* intake_shared_claims.c - the sign-up intake's claims in the database, kept when several
 * servers share it (db_shared(); intake.h, intake_internal.h).
 *
 * append_write() (intake.c) looks for the person's open application and inserts the request's
 * two claims unless either is taken, in the write that stores the intake row; a request
 * refused there leaves nothing behind (answered INTAKE_TAKEN) and the rest of the group
 * commits. At start, rows left waiting are claimed again and claims left without their row
 * are deleted (intake_start()).
 */
#include "intake_internal.h"

#include <stdio.h>

#include "db/db.h"

/* A claim's key in signup_claims: 'e:' + normalized e-mail, 'p:' + person key. */
static const char *claim_key(char *buf, size_t len, char tag, const char *s)
{
	snprintf(buf, len, "%c:%s", tag, s ? s : "");
	return buf;
}

/* Deletes the claims of one request (the keys it claimed, and only while they are its own). */
int intake_claims_delete(struct db *db, const char *email_norm, const char *person_key,
			 const char *reference)
{
	struct stmt *st = db_prepare(db, "DELETE FROM signup_claims WHERE claim IN (?, ?) AND "
					 "reference = ?");
	char e[640], p[640];
	int rc;

	stmt_bind_text(st, 1, claim_key(e, sizeof(e), 'e', email_norm));
	stmt_bind_text(st, 2, claim_key(p, sizeof(p), 'p', person_key));
	stmt_bind_text(st, 3, reference);
	rc = stmt_step(st);
	stmt_done(st);
	return rc == DB_DONE ? 0 : DB_ERR;
}

/* Inside the write transaction: inserts the request's two claims, unless either is taken.
 * 1 when both were inserted, 0 when one was taken (nothing is left inserted), DB_ERR. One
 * statement for both claims: on PostgreSQL every statement of a write is a few round trips,
 * all made while the database-wide write lock is held. */
int intake_claims_insert(struct db *db, const char *email_norm, const char *person_key,
			 const char *reference)
{
	struct stmt *st = db_prepare(db, "INSERT INTO signup_claims (claim, reference) VALUES "
					 "(?, ?), (?, ?) ON CONFLICT (claim) DO NOTHING");
	char e[640], p[640];
	int rc, n;

	stmt_bind_text(st, 1, claim_key(e, sizeof(e), 'e', email_norm));
	stmt_bind_text(st, 2, reference);
	stmt_bind_text(st, 3, claim_key(p, sizeof(p), 'p', person_key));
	stmt_bind_text(st, 4, reference);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	n = db_changes(db);
	if (n == 2)
		return 1;
	return n == 0 || intake_claims_delete(db, email_norm, person_key, reference) == 0 ? 0
											  : DB_ERR;
}

/* Rows left waiting without their claims in the database (copied from SQLite, where none are
 * kept): claimed there now, unless a claim is there already. */
int intake_reclaim_write(struct db *db, void *ctx)
{
	struct reclaim *r = ctx;
	char k[640];
	size_t i, j;

	for (i = 0; i < r->n; i++)
		for (j = 0; j < 2; j++) {
			struct stmt *st =
				db_prepare(db, "INSERT INTO signup_claims (claim, reference) "
					       "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 "
					       "FROM signup_claims WHERE claim = ?)");
			int rc;

			claim_key(k, sizeof(k), j ? 'p' : 'e', j ? r->person[i] : r->email[i]);
			stmt_bind_text(st, 1, k);
			stmt_bind_text(st, 2, r->ref[i]);
			stmt_bind_text(st, 3, k);
			rc = stmt_step(st);
			stmt_done(st);
			if (rc != DB_DONE)
				return DB_ERR;
		}
	return 0;
}

/* Claims whose request is not waiting any more (a write that failed half-way): they would
 * block the person for good. A claim and its intake row are committed together, so inside
 * the write lock a claim without its row is such a leftover. */
int intake_strays_write(struct db *db, void *ctx)
{
	(void)ctx;
	return db_exec(db, "DELETE FROM signup_claims WHERE reference NOT IN (SELECT reference "
			   "FROM signup_intake)") == 0
		       ? 0
		       : DB_ERR;
}
