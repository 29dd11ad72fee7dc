/* term.h - the end of the license term (the FAQ: "The Department of Labor program will expire
 * in November 2022, though it may be renewed before that date").
 *
 * Every license ends with the program's term, the setting license_term_end (YYYY-MM-DD, the
 * last day, New York time). The sweep (term_sweep, run hourly with the inactivity sweep and
 * by `skillgate sweep`):
 *   - 30 days before the end, and again 7 days before, e-mails each active learner in their
 *     language, once each: learners.term_notice_for / term_notice_days remember the end date
 *     and which notice was sent, so a second sweep or a restart sends nothing twice, and a
 *     renewal (a new end date) starts the notices again. A learner first seen inside the
 *     last 7 days gets only the 7-day notice.
 *   - after the end, sets every active license to expired: its seat is freed, its request
 *     closed (the person may ask again, comeback.h), and the learner is e-mailed.
 * Each batch of learners is one transaction: the changes, their e-mails and audit rows.
 *
 * A renewal (program_term_extend) calls term_bring_back() in its own transaction: expired
 * learners go back in line for a seat, in the order they expired, and the waitlist activates
 * them as seats allow, with the activation e-mail. */
#ifndef SG_TERM_H
#define SG_TERM_H

#include <stdint.h>

struct db;

struct term_result {
	int notified30, notified7, expired;
};

/* One sweep as of `now` (Unix time), at most `limit` learners per transaction. 0 or -1. */
int term_sweep(int64_t now, int limit, struct term_result *out);

/* Inside a renewal's write: expired learners wait for a seat again (their requests are open
 * again), then the waitlist is filled. Returns how many came back in line, or DB_ERR. */
int term_bring_back(struct db *db, const char *now);

#endif
