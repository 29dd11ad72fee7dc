/* admin.h - the staff workspace's pages (/admin/…), English and Spanish.
 *
 * admin.c          what the pages share: the frame and navigation, formats, filters, history
 * admin_login.c    sign-in and out
 * admin_overview.c the overview
 * admin_queue.c    the review queue and its bulk approval
 * admin_request.c  one request and the decision on it
 * admin_learners.c the learner list, its CSV export and one learner's page
 * admin_osos.c     the OSOS work list, its CSV and bulk actions
 * admin_reports.c  the reports page and the PIRL file (admin_reports_summary.c: the figures)
 * admin_imports.c  the provider's reports; admin_curation.c the curated program lists
 * admin_settings.c program settings; admin_staff.c staff accounts; admin_audit.c the audit log
 * Access rules are in routes.c; every list and record is scoped by the domain modules
 * (learner.h, queue.h), so a page never shows another area's people.
 */
#ifndef SG_PAGES_ADMIN_H
#define SG_PAGES_ADMIN_H

#include <stdint.h>

#include "web/http.h"

int page_admin_login(struct req *r, struct resp *w);
int page_admin_login_post(struct req *r, struct resp *w);
int page_admin_logout(struct req *r, struct resp *w);
int page_admin_login_email(struct req *r, struct resp *w);
int page_admin_login_email_post(struct req *r, struct resp *w);
int page_admin_login_link(struct req *r, struct resp *w);
int page_admin_login_link_use(struct req *r, struct resp *w);
int page_admin_overview(struct req *r, struct resp *w);
int page_admin_queue(struct req *r, struct resp *w);
int page_admin_queue_approve(struct req *r, struct resp *w);
int page_admin_request(struct req *r, struct resp *w);
int page_admin_request_decide(struct req *r, struct resp *w);

int page_admin_learners(struct req *r, struct resp *w);
int page_admin_learners_csv(struct req *r, struct resp *w);
int page_admin_learner(struct req *r, struct resp *w);
int page_admin_learner_update(struct req *r, struct resp *w);
int page_admin_learner_transfer(struct req *r, struct resp *w);
int page_admin_learner_reinstate(struct req *r, struct resp *w);
/* admin_imports.c */
int page_admin_imports(struct req *r, struct resp *w);
int page_admin_imports_post(struct req *r, struct resp *w);
int page_admin_invitations_csv(struct req *r, struct resp *w);
int page_admin_imports_register(struct req *r, struct resp *w);
/* The warning when the newest usage report is older than usage_report_stale_days. */
void admin_imports_stale_notice(struct req *r, struct resp *w);

int page_admin_settings(struct req *r, struct resp *w);
int page_admin_settings_post(struct req *r, struct resp *w);
int page_admin_settings_term(struct req *r, struct resp *w);
int page_admin_settings_policy(struct req *r, struct resp *w);
int page_admin_curation(struct req *r, struct resp *w);
int page_admin_curation_post(struct req *r, struct resp *w);
int page_admin_curation_import(struct req *r, struct resp *w);
int page_admin_staff(struct req *r, struct resp *w);
int page_admin_staff_add(struct req *r, struct resp *w);
int page_admin_staff_member(struct req *r, struct resp *w);
int page_admin_staff_update(struct req *r, struct resp *w);
int page_admin_staff_password(struct req *r, struct resp *w);
int page_admin_audit(struct req *r, struct resp *w);

int page_admin_osos(struct req *r, struct resp *w);
int page_admin_osos_action(struct req *r, struct resp *w);
int page_admin_osos_csv(struct req *r, struct resp *w);
int page_admin_learner_wioa(struct req *r, struct resp *w);
int page_admin_reports(struct req *r, struct resp *w);
int page_admin_reports_pirl(struct req *r, struct resp *w);
int page_admin_reports_summary_csv(struct req *r, struct resp *w);
/* The program's figures with their charts and tables (admin_reports_summary.c). */
void admin_reports_summary(struct req *r, struct resp *w);
/* On a learner's page: "Counted in reports as" (a <dt>/<dd> pair), and the section with the
 * learner's OSOS entries (and, for state admins, the form that sets the status). */
void admin_osos_wioa_fact(struct req *r, struct resp *w, int64_t learner_id);
void admin_osos_learner_section(struct req *r, struct resp *w, int64_t learner_id);

/* ---- shared by the admin pages ---------------------------------------------------------- */

/* The page frame with the workspace's navigation (current: "overview", "queue",
 * "learners", "settings", "staff", "audit") and who is signed in. */
void admin_begin(struct req *r, struct resp *w, const char *title, const char *current,
		 int has_errors);
void admin_end(struct req *r, struct resp *w);
/* Text that may break after "@" and "." on a narrow screen (an e-mail address in a heading). */
void admin_breakable(struct req *r, struct resp *w, const char *s);
/* A stored UTC time as people in New York read it, "—" when there is none (arena). */
const char *admin_time(struct req *r, const char *iso);
/* A stored "YYYY-MM-DD…" date shown as a date. */
const char *admin_date(struct req *r, const char *iso);
/* The query parameter getter the domain's filter parsers take. */
const char *admin_query_get(void *ctx, const char *name);
/* Appends "&name=value" for every query parameter except those named in skip (NULL-ended). */
void admin_query_keep(struct req *r, struct buf *b, const char *const *skip);
/* The name of a local area ("" when unknown). */
const char *admin_area_name(struct req *r, int64_t id);
/* A number with thousands separators, as the language writes them (arena). */
const char *admin_count(struct req *r, int64_t n);
/* A select of the local areas named `name` (with "Every local area" first when any). */
void admin_area_options(struct req *r, struct resp *w, const char *name, const char *label,
			int64_t selected, int any);
/* 1 when who may change things (area admin or state admin). */
int admin_can_change(const struct req *r);
/* A list's filters in a disclosure, "Filter (2 active)" counting the keys given a value in
 * the query (NULL-ended): folded on a phone, so the list comes first; assets/filters.js
 * (which admin_begin loads) opens it on a wide screen. Close with admin_filters_end(). */
void admin_filters_begin(struct req *r, struct resp *w, const char *const *keys);
/* The disclosure alone, the view being shown named first in the summary ("Referral · To
 * enter in OSOS · Filter"), for a list whose tabs fold with its filters: write the tabs, then
 * <div class="filters"> and the form, then admin_filters_end(). */
void admin_filters_begin_view(struct req *r, struct resp *w, const char *view,
			      const char *const *keys);
void admin_filters_end(struct req *r, struct resp *w);
/* The person's employment situation (a stored code) as a sentence: "Out of work now." */
const char *admin_situation(struct req *r, const char *code);
/* The reasons of an eligibility decision (stored codes, comma-separated) as sentences, one
 * list item each. */
void admin_reasons(struct req *r, struct resp *w, const char *codes);
/* A request's decision history: the steps in one line ("Requested on … → Approved by … on
 * …") and a table of every change with its note. */
struct app_event;
void admin_history(struct req *r, struct resp *w, const struct app_event *ev, size_t n);
/* A stored request status ("pending_review", ...) as staff read it ("" when unknown). */
const char *admin_status_text(struct req *r, const char *s);
/* "English" or "Spanish" for a stored language code. */
const char *admin_language_name(struct req *r, const char *code);
/* A request's due badge: overdue, due soon or time left; its status once decided. */
struct queue_item;
void admin_due_badge(struct req *r, struct resp *w, const struct queue_item *it);

#endif
