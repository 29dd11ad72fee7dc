/* admin_audit.c - the audit log: every staff change, filtered and paged: state administrators'
 * pages (admin.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auditlog.h"
#include "catalog.h"
#include "curation.h"
#include "eligibility.h"
#include "geo.h"
#include "pages/admin.h"
#include "program.h"
#include "settings.h"
#include "staff.h"
#include "util/timeutil.h"
#include "web/html.h"
#include "web/layout.h"

/* ---- the audit log ---------------------------------------------------------------------- */

int page_admin_audit(struct req *r, struct resp *w)
{
	struct auditlog_filter f;
	struct auditlog_row *rows;
	int64_t next = 0;
	int n, i;
	struct field fl;
	const char *area = req_query(r, "local_area"), *before = req_query(r, "before");
	struct buf keep = BUF_INIT(4096);
	static const char *const skip[] = { "before", NULL };

	memset(&f, 0, sizeof(f));
	f.actor = req_query(r, "actor");
	f.action = req_query(r, "action");
	f.entity = req_query(r, "entity");
	f.entity_id = req_query(r, "entity_id");
	f.local_area = area && *area ? atoll(area) : 0;
	f.from = req_query(r, "from");
	f.to = req_query(r, "to");
	f.before_id = before ? atoll(before) : 0;
	n = auditlog_list(r->arena, r->who, &f, &rows, &next);
	if (n < 0)
		return resp_error(r, w, 503, NULL);
	admin_begin(r, w, T(r, "Audit log"), "audit", 0);
	html(w, "<h1>%h</h1>\n<p>%h</p>\n", T(r, "Audit log"),
	     T(r, "Every change made by staff and every look at a learner's personal data, newest "
		  "first."));
	{
		static const char *const keys[] = { "actor",	  "action", "entity", "entity_id",
						    "local_area", "from",   "to",     NULL };
		admin_filters_begin(r, w, keys);
	}
	form_begin(r, w, "/admin/audit", "get");
	{
		/* the filters, in order: name, label, hint, input type, value */
		const struct {
			const char *name, *label, *hint, *type, *value;
		} fields[] = {
			{ "actor", N_("Staff e-mail"), NULL, "email", f.actor },
			{ "action", N_("Action"),
			  N_("For example approve, deny, update, transfer, view, export, setting, "
			     "staff_add."),
			  "text", f.action },
			{ "entity", N_("Kind of record"),
			  N_("learner, application, staff, setting, policy, region_programs, "
			     "learners"),
			  "text", f.entity },
			{ "entity_id", N_("Record"),
			  N_("A learner's number, a request reference or a setting's name."),
			  "text", f.entity_id },
			{ "from", N_("From"), NULL, "date", f.from },
			{ "to", N_("To"), NULL, "date", f.to },
		};
		size_t k;

		for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
			memset(&fl, 0, sizeof(fl));
			fl.name = fields[k].name;
			fl.label = T(r, fields[k].label);
			fl.hint = fields[k].hint ? T(r, fields[k].hint) : NULL;
			fl.type = fields[k].type;
			fl.value = fields[k].value;
			form_input(r, w, &fl, NULL);
		}
	}
	form_submit(r, w, T(r, "Show"));
	form_end(r, w);
	admin_filters_end(r, w);
	if (!n) {
		html(w, "<p>%h</p>\n", T(r, "Nothing matches."));
	} else {
		html(w,
		     "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
		     "aria-label=\"%h\">\n<table>\n<caption>%h</caption>\n<thead><tr>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		     "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		     "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		     T(r, "Audit entries, newest first"), T(r, "Audit entries, newest first"),
		     T(r, "When"), T(r, "Who"), T(r, "Action"), T(r, "Record"), T(r, "Local area"),
		     T(r, "Before"), T(r, "After"));
		for (i = 0; i < n; i++) {
			const struct auditlog_row *a = &rows[i];
			html(w,
			     "<tr><td>%h</td><td>%h <span class=\"meta\">(%h)</span></td><td>%h"
			     "</td><td>%h %h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
			     admin_time(r, a->at), *a->actor_email ? a->actor_email : "—",
			     a->actor_role, a->action, a->entity, a->entity_id,
			     a->local_area ? admin_area_name(r, a->local_area) : "—",
			     a->before ? a->before : "", a->after ? a->after : "");
		}
		html(w, "</tbody>\n</table>\n</div>\n");
	}
	if (next) {
		admin_query_keep(r, &keep, skip);
		html(w,
		     "<nav aria-label=\"%h\">\n<ul class=\"pager\">\n<li><a "
		     "href=\"/admin/audit?before=%D%h\">%h</a></li>\n</ul>\n</nav>\n",
		     T(r, "Pages"), next, keep.p, T(r, "Older entries"));
	}
	buf_release(&keep);
	admin_end(r, w);
	return 0;
}
