/* auditlog.c - reading the audit log (auditlog.h).
 *
 * Three statements: by actor (index audit_log_actor), by record (audit_log_entity), and the
 * rest by id from the newest. The other filters are tested on the rows on the way. */
#include "auditlog.h"

#include <ctype.h>
#include <string.h>

#include "db/db.h"
#include "util/arena.h"

static void row_read(struct stmt *st, struct arena *a, struct auditlog_row *r)
{
	r->id = stmt_int(st, 0);
	r->at = stmt_text_dup(st, 1, a);
	r->actor_role = stmt_text_dup(st, 2, a);
	r->actor_email = stmt_text_dup(st, 3, a);
	r->action = stmt_text_dup(st, 4, a);
	r->entity = stmt_text_dup(st, 5, a);
	r->entity_id = stmt_text_dup(st, 6, a);
	r->local_area = stmt_int(st, 7);
	r->before = stmt_text_dup(st, 8, a);
	r->after = stmt_text_dup(st, 9, a);
}

int auditlog_list(struct arena *a, const struct principal *who, const struct auditlog_filter *f,
		  struct auditlog_row **out, int64_t *next_before)
{
	struct db *db = db_get();
	struct stmt *st;
	int limit = f->limit > 0 && f->limit <= 200 ? f->limit : 50, rc, i = 1;
	int64_t before = f->before_id > 0 ? f->before_id : INT64_MAX;
	char from[24] = "", to[24] = "";
	char *actor = arena_strdup(a, f->actor ? f->actor : ""), *p;
	size_t n = 0;

	*out = NULL;
	*next_before = 0;
	if (!who || who->role != ROLE_STATE_ADMIN)
		return -1;
	for (p = actor; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (f->from && strlen(f->from) == 10)
		memcpy(from, f->from, 11);
	if (f->to && strlen(f->to) == 10) {
		memcpy(to, f->to, 10);
		memcpy(to + 10, "T99", 4); /* the whole last day */
	}
	if (*actor) {
		st = db_prepare(
			db, "SELECT id, at, actor_role, actor_email, action, entity, "
			    "entity_id, COALESCE(local_area_id, 0), before_json, after_json "
			    "FROM audit_log WHERE actor_email = ? AND id < ? AND (? = '' OR "
			    "action = ?) AND (? = '' OR entity = ?) AND (? = '' OR entity_id = "
			    "?) AND (? = 0 OR local_area_id = ?) AND (? = '' OR at >= ?) AND (? "
			    "= '' OR at <= ?) ORDER BY id DESC LIMIT ?");
		stmt_bind_text(st, i++, actor);
	} else if (f->entity && *f->entity && f->entity_id && *f->entity_id) {
		st = db_prepare(db,
				"SELECT id, at, actor_role, actor_email, action, entity, "
				"entity_id, COALESCE(local_area_id, 0), before_json, after_json "
				"FROM audit_log WHERE entity = ? AND entity_id = ? AND id < ? AND "
				"(? = '' OR action = ?) AND (? = '' OR entity = ?) AND (? = '' OR "
				"entity_id = ?) AND (? = 0 OR local_area_id = ?) AND (? = '' OR at "
				">= ?) AND (? = '' OR at <= ?) ORDER BY id DESC LIMIT ?");
		stmt_bind_text(st, i++, f->entity);
		stmt_bind_text(st, i++, f->entity_id);
	} else {
		st = db_prepare(
			db, "SELECT id, at, actor_role, actor_email, action, entity, "
			    "entity_id, COALESCE(local_area_id, 0), before_json, after_json "
			    "FROM audit_log WHERE id < ? AND (? = '' OR action = ?) AND (? = '' "
			    "OR entity = ?) AND (? = '' OR entity_id = ?) AND (? = 0 OR "
			    "local_area_id = ?) AND (? = '' OR at >= ?) AND (? = '' OR at <= ?) "
			    "ORDER BY id DESC LIMIT ?");
	}
	stmt_bind_int(st, i++, before);
	stmt_bind_text(st, i++, f->action ? f->action : "");
	stmt_bind_text(st, i++, f->action ? f->action : "");
	stmt_bind_text(st, i++, f->entity ? f->entity : "");
	stmt_bind_text(st, i++, f->entity ? f->entity : "");
	stmt_bind_text(st, i++, f->entity_id ? f->entity_id : "");
	stmt_bind_text(st, i++, f->entity_id ? f->entity_id : "");
	stmt_bind_int(st, i++, f->local_area);
	stmt_bind_int(st, i++, f->local_area);
	stmt_bind_text(st, i++, from);
	stmt_bind_text(st, i++, from);
	stmt_bind_text(st, i++, to);
	stmt_bind_text(st, i++, to);
	stmt_bind_int(st, i++, limit + 1);
	*out = arena_alloc(a, (size_t)(limit + 1) * sizeof(**out));
	while ((rc = stmt_step(st)) == DB_ROW)
		row_read(st, a, &(*out)[n++]);
	stmt_done(st);
	if (rc == DB_ERR)
		return -1;
	if (n > (size_t)limit) {
		n = (size_t)limit;
		*next_before = (*out)[n - 1].id;
	}
	return (int)n;
}
