/* progress_membership.c - the membership report's lines (progress_import_internal.h): one
 * line per learner says whether they accepted the provider's invitation and when they were
 * last active; an acceptance is never undone and the last activity only moves forward. */
#include "progress_import_internal.h"

#include <string.h>
#include <strings.h>

static int accepted_state(const char *s)
{
	static const char *const yes[] = { "member", "joined", "active", "accepted", "enrolled" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(s, yes[i]))
			return 1;
	return 0;
}

int progress_membership_line(struct imp *im, size_t row, char **f, size_t n)
{
	struct slot *learner;
	char join[ISO_LEN], latest[ISO_LEN], old_acc[ISO_LEN], old_last[ISO_LEN];
	char acc[ISO_LEN], lastv[ISO_LEN];
	const char *state;
	struct stmt *st;
	int rc, accepted;

	im->msg[0] = '\0';
	learner = imp_line_learner(im, imp_field(im, f, n, C_EXT), imp_field(im, f, n, C_EMAIL));
	imp_time_field(im, f, n, C_JOIN, join);
	imp_time_field(im, f, n, C_LATEST, latest);
	if (im->msg[0] || im->db_failed) {
		if (im->msg[0])
			imp_add_error(im, row, im->msg);
		return im->db_failed ? -1 : 0;
	}
	state = imp_field(im, f, n, C_MEMBER_STATE);
	accepted = join[0] || accepted_state(state);

	st = db_prepare(im->db, "SELECT COALESCE(invitation_accepted_at, ''), "
				"COALESCE(last_activity_at, '') FROM learners WHERE id = ?");
	stmt_bind_int(st, 1, learner->id);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		imp_copy_col(st, 0, old_acc, sizeof(old_acc));
		imp_copy_col(st, 1, old_last, sizeof(old_last));
	}
	stmt_done(st);
	if (rc != DB_ROW)
		return -1;
	strcpy(acc, old_acc);
	strcpy(lastv, old_last);
	if (accepted && !acc[0])
		strcpy(acc, join[0] ? join : latest[0] ? latest : im->now);
	if (latest[0] && strcmp(latest, lastv) > 0)
		strcpy(lastv, latest);
	if (!strcmp(acc, old_acc) && !strcmp(lastv, old_last)) {
		im->res->unchanged++;
		return 0;
	}
	st = db_prepare(im->db, "UPDATE learners SET invitation_accepted_at = ?, "
				"last_activity_at = ?, updated_at = ? WHERE id = ?");
	imp_bind_opt(st, 1, acc);
	imp_bind_opt(st, 2, lastv);
	stmt_bind_text(st, 3, im->now);
	stmt_bind_int(st, 4, learner->id);
	rc = stmt_step(st);
	stmt_done(st);
	if (rc != DB_DONE)
		return -1;
	im->res->applied++;
	im->res->completed += !old_acc[0] && acc[0];
	return 0;
}
