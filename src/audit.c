/* audit.c - writing the audit log (audit.h). */
#include "audit.h"

#include <stdlib.h>

#include "db/db.h"
#include "util/timeutil.h"

const char *audit_role_name(enum role r)
{
	switch (r) {
	case ROLE_LEARNER: return "learner";
	case ROLE_AREA_VIEWER: return "area_viewer";
	case ROLE_AREA_ADMIN: return "area_admin";
	case ROLE_STATE_ADMIN: return "state_admin";
	default: return "system";
	}
}

int audit_write(struct db *db, const struct principal *who, const char *action, const char *entity,
		const char *entity_id, int64_t local_area, json_t *before, json_t *after)
{
	struct stmt *st =
		db_prepare(db, "INSERT INTO audit_log (at, actor_role, actor_id, "
			       "actor_email, action, entity, entity_id, local_area_id, "
			       "before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	char now[ISO_LEN];
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc;

	stmt_bind_text(st, 1, iso_now(now));
	stmt_bind_text(st, 2, audit_role_name(who ? who->role : ROLE_NONE));
	if (who && who->id)
		stmt_bind_int(st, 3, who->id);
	stmt_bind_text(st, 4, who && who->email ? who->email : "");
	stmt_bind_text(st, 5, action);
	stmt_bind_text(st, 6, entity);
	stmt_bind_text(st, 7, entity_id ? entity_id : "");
	if (local_area)
		stmt_bind_int(st, 8, local_area);
	stmt_bind_text(st, 9, b);
	stmt_bind_text(st, 10, a);
	rc = stmt_step(st) == DB_DONE ? 0 : DB_ERR;
	stmt_done(st);
	free(b);
	free(a);
	return rc;
}

struct view {
	const struct principal *who;
	const char *entity, *id;
	int64_t area;
};

static int view_fn(struct db *db, void *ctx)
{
	struct view *v = ctx;
	return audit_write(db, v->who, "view", v->entity, v->id, v->area, NULL, NULL);
}

int audit_view(const struct principal *who, const char *entity, const char *entity_id,
	       int64_t local_area)
{
	struct view v = { who, entity, entity_id, local_area };
	return db_write(view_fn, &v) == 0 ? 0 : -1;
}
