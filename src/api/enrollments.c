/* enrollments.c - enrolling learners and importing the provider's reports, for staff.
 *
 *   POST   /api/v1/learners/{id}/enrollments         {"program": slug}: enroll or re-enroll
 *                                                    (201; 200 when already enrolled)
 *   DELETE /api/v1/learners/{id}/enrollments/{slug}  drop (200)
 *   POST   /api/v1/imports/usage[?partial=1&dry_run=1&file_name=]       the usage report
 *   POST   /api/v1/imports/membership[?partial=1&dry_run=1&file_name=]  the membership report
 * Enrollments: area or state admins; an area admin reaches only the learners of their area
 * (another area's learner is a 404, as if it did not exist). Each change is audited by the
 * domain (enrollment.h) in its own transaction. Imports: state admins, text/csv; the answer
 * is {rows, applied, unchanged, errors: [{line, message}], …} with 200, or 422 with the same
 * counts and an error when bad lines made the whole file be refused.
 */
#include "api/enrollments.h"

#include <stdlib.h>
#include <string.h>

#include "enrollment.h"
#include "progress_import.h"
#include "web/layout.h"

static int learner_id(struct req *r, int64_t *out)
{
	const char *s = req_param(r, "id");
	char *end;
	long long v;

	if (!s || !*s || strlen(s) > 18)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

static int no_learner(struct req *r, struct resp *w)
{
	return resp_api_error(r, w, 404, "not_found", "There is no learner with that id.", NULL);
}

/* The refusals, as staff read them. */
static int refused(struct req *r, struct resp *w, enum enroll_result rc)
{
	switch (rc) {
	case ENR_WAITLISTED:
		return resp_api_error(r, w, 409, "license_waitlisted",
				      "The learner's license is waitlisted: they can enroll once "
				      "a seat frees up and the license is active.",
				      NULL);
	case ENR_REMOVED:
		return resp_api_error(r, w, 409, "license_removed",
				      "The learner's license was removed: reactivate it before "
				      "enrolling them.",
				      NULL);
	case ENR_EXPIRED:
		return resp_api_error(r, w, 409, "license_expired",
				      "The learner's license term has ended.", NULL);
	case ENR_ALREADY_COMPLETED:
		return resp_api_error(r, w, 409, "already_completed",
				      "The learner has already completed this program.", NULL);
	case ENR_NO_LEARNER: return no_learner(r, w);
	case ENR_ERROR: break;
	default: break;
	}
	return resp_error(r, w, 503, NULL);
}

/* The enrollment after a change, with the learner's count of active enrollments. */
static int answer(struct req *r, struct resp *w, int status, int64_t id, const char *slug,
		  const struct enroll_outcome *out)
{
	struct enrollment e;
	json_t *j;

	if (enrollment_get(id, slug, r->arena, &e) != 0)
		return resp_error(r, w, 503, NULL);
	j = enrollment_json(&e);
	json_object_set_new(j, "learner_id", json_integer((json_int_t)id));
	json_object_set_new(j, "reenrolled", json_boolean(out->reenrolled));
	json_object_set_new(j, "active_enrollments", json_integer((json_int_t)out->active));
	if (out->active > ENROLL_ADVICE_ABOVE)
		json_object_set_new(
			j, "advice",
			json_string("Courses can be intensive learning experiences: "
				    "learners may want to take only one or two at once, "
				    "depending on how much time they can give to "
				    "learning."));
	return resp_json(r, w, status, j);
}

int api_enrollments_create(struct req *r, struct resp *w)
{
	json_t *v = r->json ? json_object_get(r->json, "program") : NULL;
	struct enroll_outcome out = { 0, 0, NULL };
	enum enroll_result rc;
	const char *slug;
	int64_t id;

	if (learner_id(r, &id) != 0)
		return no_learner(r, w);
	if (!v || !json_is_string(v) || !*json_string_value(v) ||
	    strlen(json_string_value(v)) > 200)
		return resp_api_error(
			r, w, 422, "invalid", "Send the program's slug.",
			json_pack("{s:s}", "program", "Required: the program's slug, a string."));
	slug = json_string_value(v);
	rc = enrollment_enroll(r->who, id, slug, r->arena, &out);
	if (rc == ENR_NO_PROGRAM)
		return resp_api_error(r, w, 422, "invalid", "There is no program with that slug.",
				      json_pack("{s:s}", "program",
						"No active program in the catalog has this slug."));
	if (rc == ENR_OK || rc == ENR_ALREADY_ENROLLED)
		return answer(r, w, rc == ENR_OK ? 201 : 200, id, slug, &out);
	return refused(r, w, rc);
}

int api_enrollments_drop(struct req *r, struct resp *w)
{
	const char *slug = req_param(r, "slug");
	struct enroll_outcome out = { 0, 0, NULL };
	struct enrollment e;
	enum enroll_result rc;
	int64_t id;

	if (learner_id(r, &id) != 0)
		return no_learner(r, w);
	rc = enrollment_drop(r->who, id, slug, r->arena, &out);
	if (rc == ENR_OK)
		return answer(r, w, 200, id, slug, &out);
	if (rc == ENR_NO_PROGRAM || rc == ENR_NOT_ENROLLED) {
		if (rc == ENR_NOT_ENROLLED && enrollment_get(id, slug, r->arena, &e) == 0)
			return resp_api_error(r, w, 409, "already_dropped",
					      "The learner has already dropped this program.",
					      NULL);
		return resp_api_error(r, w, 404, "not_found",
				      "The learner is not enrolled in a program with that slug.",
				      NULL);
	}
	return refused(r, w, rc);
}

static int flag(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

static int import(struct req *r, struct resp *w, enum import_kind kind)
{
	struct import_opts o = { flag(r, "dry_run"), flag(r, "partial"), r->who,
				 req_query(r, "file_name") };
	struct import_result res;
	json_t *j;
	int rc = progress_import(kind, r->body, r->body_len, &o, &res);

	j = import_result_json(kind, &res);
	import_result_release(&res);
	if (rc < 0) {
		json_decref(j);
		return resp_error(r, w, 500, NULL);
	}
	/* refused: the counts and the errors say what to fix */
	return resp_import(r, w, rc > 0 && !o.dry_run, j);
}

int api_import_usage(struct req *r, struct resp *w)
{
	return import(r, w, IMPORT_USAGE);
}

int api_import_membership(struct req *r, struct resp *w)
{
	return import(r, w, IMPORT_MEMBERSHIP);
}
