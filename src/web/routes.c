/* routes.c - THE route table: every URL of skillgate, who may use it, and how.
 *
 * Read this file to know the access rules. Columns: methods, path pattern ({name} is a
 * parameter, a trailing slash-star the rest of the path), handler, who may call it (auth), flags
 * (RF_CSRF: browser form, CSRF-checked; RF_TOKEN: staff API with a bearer token; RF_JSON /
 * RF_CSV: body type), the body limit (0: 64 KiB) and the name used in metrics.
 * The first matching row wins.
 */
#include "web/router.h"

#include "api/applications.h"
#include "api/enrollments.h"
#include "api/learners.h"
#include "api/osos_entries.h"
#include "api/programs.h"
#include "api/reports.h"
#include "pages/signup.h"
#include "pages/admin.h"
#include "pages/catalog_pages.h"
#include "pages/learner.h"
#include "pages/site.h"

const struct route routes[] = {
	/* public information */
	{ M_GET, "/", page_home, AUTH_NONE, 0, 0, "home" },
	{ M_GET, "/faq", page_faq, AUTH_NONE, 0, 0, "faq" },
	{ M_GET, "/help", page_help, AUTH_NONE, 0, 0, "help" },
	{ M_GET, "/terms", page_terms, AUTH_NONE, 0, 0, "terms" },
	{ M_GET, "/privacy", page_privacy, AUTH_NONE, 0, 0, "privacy" },
	{ M_POST, "/lang", page_lang, AUTH_NONE, RF_CSRF, 4096, "lang" },
	{ M_GET, "/static/*", page_static, AUTH_NONE, RF_NOLOG, 0, "static" },
	{ M_GET, "/healthz", page_healthz, AUTH_NONE, RF_NOLOG, 0, "healthz" },
	{ M_GET, "/metrics", page_metrics, AUTH_NONE, RF_NOLOG, 0, "metrics" },

	/* sign-up and eligibility: the form, the decision, the status lookup */
	{ M_GET, "/eligibility", page_eligibility, AUTH_NONE, 0, 0, "eligibility" },
	{ M_POST, "/eligibility", page_eligibility_check, AUTH_NONE, RF_CSRF, 8192,
	  "eligibility_check" },
	{ M_GET, "/signup", page_signup, AUTH_NONE, 0, 0, "signup" },
	{ M_POST, "/signup", page_signup_submit, AUTH_NONE, RF_CSRF, 16384, "signup_submit" },
	{ M_GET, "/inscribete", page_signup, AUTH_NONE, 0, 0, "inscribete" },
	{ M_POST, "/inscribete", page_signup_submit, AUTH_NONE, RF_CSRF, 16384,
	  "inscribete_submit" },
	{ M_GET, "/status", page_status, AUTH_NONE, 0, 0, "status" },
	{ M_POST, "/status", page_status_check, AUTH_NONE, RF_CSRF, 8192, "status_check" },
	{ M_POST, "/api/v1/applications", api_applications_create, AUTH_NONE, RF_JSON, 16384,
	  "api_applications_create" },
	{ M_GET, "/api/v1/applications", api_applications_list, AUTH_STAFF, RF_TOKEN, 0,
	  "api_applications_list" },
	{ M_POST, "/api/v1/applications/lookup", api_applications_lookup, AUTH_NONE, RF_JSON, 4096,
	  "api_applications_lookup" },
	{ M_POST, "/status/lookup", page_status_lookup, AUTH_NONE, RF_CSRF, 4096, "status_lookup" },
	{ M_GET, "/api/v1/applications/{reference}", api_applications_get, AUTH_NONE, 0, 0,
	  "api_applications_get" },
	{ M_POST, "/api/v1/applications/{reference}/decision", api_applications_decide,
	  AUTH_AREA_ADMIN, RF_TOKEN | RF_JSON, 8192, "api_applications_decide" },
	{ M_GET, "/api/v1/invitations", api_invitations_get, AUTH_STATE_ADMIN, RF_TOKEN, 0,
	  "api_invitations" },
	{ M_POST, "/api/v1/invitations/export", api_invitations_export, AUTH_STATE_ADMIN, RF_TOKEN,
	  0, "api_invitations_export" },

	/* catalog: browse, search, program pages, catalog and curation imports */
	{ M_GET, "/catalog", page_catalog, AUTH_NONE, 0, 0, "catalog" },
	{ M_GET, "/explore", page_explore, AUTH_NONE, 0, 0, "explore" },
	{ M_GET, "/certificates", page_certificates, AUTH_NONE, 0, 0, "certificates" },
	{ M_GET, "/programs/{slug}", page_program, AUTH_NONE, 0, 0, "program" },
	{ M_GET, "/api/v1/programs", api_programs_list, AUTH_NONE, 0, 0, "api_programs_list" },
	{ M_GET, "/api/v1/programs/{slug}", api_programs_get, AUTH_NONE, 0, 0, "api_programs_get" },
	{ M_POST, "/api/v1/imports/catalog", api_import_catalog, AUTH_STATE_ADMIN,
	  RF_TOKEN | RF_CSV, 64u << 20, "api_import_catalog" },
	{ M_POST, "/api/v1/imports/curation", api_import_curation, AUTH_STATE_ADMIN,
	  RF_TOKEN | RF_CSV, 8u << 20, "api_import_curation" },

	/* learners: sign-in, My learning, enrollments, usage and membership imports */
	{ M_GET, "/login", page_login, AUTH_NONE, 0, 0, "login" },
	{ M_POST, "/login", page_login_send, AUTH_NONE, RF_CSRF, 4096, "login_send" },
	{ M_GET, "/login/password", page_login_password, AUTH_NONE, 0, 0, "login_password" },
	{ M_POST, "/login/password", page_login_password_check, AUTH_NONE, RF_CSRF, 4096,
	  "login_password_check" },
	{ M_GET, "/login/link", page_login_link, AUTH_NONE, 0, 0, "login_link" },
	{ M_POST, "/login/link", page_login_link_use, AUTH_NONE, RF_CSRF, 4096, "login_link_use" },
	{ M_POST, "/logout", page_logout, AUTH_NONE, RF_CSRF, 4096, "logout" },
	{ M_POST, "/logout/all", page_logout_all, AUTH_LEARNER, RF_CSRF, 4096, "logout_all" },
	{ M_GET, "/me", page_me, AUTH_LEARNER, 0, 0, "me" },
	{ M_GET, "/me/enrollments", page_me_enrollments, AUTH_LEARNER, 0, 0, "me_enrollments" },
	{ M_POST, "/me/enrollments", page_me_enroll, AUTH_LEARNER, RF_CSRF, 4096, "me_enroll" },
	{ M_POST, "/me/enrollments/{slug}/drop", page_me_drop, AUTH_LEARNER, RF_CSRF, 4096,
	  "me_drop" },
	{ M_GET, "/me/password", page_me_password, AUTH_LEARNER, 0, 0, "me_password" },
	{ M_POST, "/me/password", page_me_password_set, AUTH_LEARNER, RF_CSRF, 4096,
	  "me_password_set" },
	{ M_POST, "/api/v1/learners/{id}/enrollments", api_enrollments_create, AUTH_AREA_ADMIN,
	  RF_TOKEN | RF_JSON, 4096, "api_enrollments_create" },
	{ M_DELETE, "/api/v1/learners/{id}/enrollments/{slug}", api_enrollments_drop,
	  AUTH_AREA_ADMIN, RF_TOKEN, 0, "api_enrollments_drop" },
	{ M_POST, "/api/v1/imports/usage", api_import_usage, AUTH_STATE_ADMIN, RF_TOKEN | RF_CSV,
	  256u << 20, "api_import_usage" },
	{ M_POST, "/api/v1/imports/membership", api_import_membership, AUTH_STATE_ADMIN,
	  RF_TOKEN | RF_CSV, 64u << 20, "api_import_membership" },

	/* staff workspace: sign-in is open; every other page needs a staff session
	 * (AUTH_STAFF: viewers too, read-only), changes need an area or state admin, and the
	 * program's settings, staff accounts and the audit log a state admin. Scope by local
	 * area is enforced in the domain (learner.c, queue.c). */
	{ M_GET, "/admin/login", page_admin_login, AUTH_NONE, 0, 0, "admin_login" },
	{ M_POST, "/admin/login", page_admin_login_post, AUTH_NONE, RF_CSRF, 4096,
	  "admin_login_post" },
	{ M_GET, "/admin/login/email", page_admin_login_email, AUTH_NONE, 0, 0,
	  "admin_login_email" },
	{ M_POST, "/admin/login/email", page_admin_login_email_post, AUTH_NONE, RF_CSRF, 4096,
	  "admin_login_email_post" },
	{ M_GET, "/admin/login/link", page_admin_login_link, AUTH_NONE, 0, 0, "admin_login_link" },
	{ M_POST, "/admin/login/link", page_admin_login_link_use, AUTH_NONE, RF_CSRF, 4096,
	  "admin_login_link_use" },
	{ M_POST, "/admin/logout", page_admin_logout, AUTH_STAFF, RF_CSRF, 4096, "admin_logout" },
	{ M_GET, "/admin", page_admin_overview, AUTH_STAFF, 0, 0, "admin_overview" },
	{ M_GET, "/admin/queue", page_admin_queue, AUTH_STAFF, 0, 0, "admin_queue" },
	{ M_POST, "/admin/queue/approve", page_admin_queue_approve, AUTH_AREA_ADMIN, RF_CSRF, 65536,
	  "admin_queue_approve" },
	{ M_GET, "/admin/requests/{ref}", page_admin_request, AUTH_STAFF, 0, 0, "admin_request" },
	{ M_POST, "/admin/requests/{ref}/decision", page_admin_request_decide, AUTH_AREA_ADMIN,
	  RF_CSRF, 8192, "admin_request_decide" },
	{ M_GET, "/admin/learners", page_admin_learners, AUTH_STAFF, 0, 0, "admin_learners" },
	{ M_GET, "/admin/learners.csv", page_admin_learners_csv, AUTH_STAFF, 0, 0,
	  "admin_learners_csv" },
	{ M_GET, "/admin/learners/{id}", page_admin_learner, AUTH_STAFF, 0, 0, "admin_learner" },
	{ M_POST, "/admin/learners/{id}", page_admin_learner_update, AUTH_AREA_ADMIN, RF_CSRF,
	  16384, "admin_learner_update" },
	{ M_POST, "/admin/learners/{id}/transfer", page_admin_learner_transfer, AUTH_AREA_ADMIN,
	  RF_CSRF, 8192, "admin_learner_transfer" },
	{ M_POST, "/admin/learners/{id}/reinstate", page_admin_learner_reinstate, AUTH_AREA_ADMIN,
	  RF_CSRF, 4096, "admin_learner_reinstate" },
	{ M_GET, "/admin/imports", page_admin_imports, AUTH_STATE_ADMIN, 0, 0, "admin_imports" },
	{ M_POST, "/admin/imports", page_admin_imports_post, AUTH_STATE_ADMIN, RF_CSRF, 256u << 20,
	  "admin_imports_post" },
	{ M_POST, "/admin/imports/register", page_admin_imports_register, AUTH_STATE_ADMIN, RF_CSRF,
	  256u << 20, "admin_imports_register" },
	{ M_POST, "/admin/imports/invitations", page_admin_invitations_csv, AUTH_STATE_ADMIN,
	  RF_CSRF, 4096, "admin_invitations_csv" },
	{ M_GET, "/admin/settings", page_admin_settings, AUTH_STATE_ADMIN, 0, 0, "admin_settings" },
	{ M_POST, "/admin/settings", page_admin_settings_post, AUTH_STATE_ADMIN, RF_CSRF, 8192,
	  "admin_settings_post" },
	{ M_POST, "/admin/settings/term", page_admin_settings_term, AUTH_STATE_ADMIN, RF_CSRF, 4096,
	  "admin_settings_term" },
	{ M_POST, "/admin/settings/policy", page_admin_settings_policy, AUTH_STATE_ADMIN, RF_CSRF,
	  4096, "admin_settings_policy" },
	{ M_GET, "/admin/settings/curation", page_admin_curation, AUTH_STATE_ADMIN, 0, 0,
	  "admin_curation" },
	{ M_POST, "/admin/settings/curation", page_admin_curation_post, AUTH_STATE_ADMIN, RF_CSRF,
	  4096, "admin_curation_post" },
	{ M_POST, "/admin/settings/curation/import", page_admin_curation_import, AUTH_STATE_ADMIN,
	  RF_CSRF, 8u << 20, "admin_curation_import" },
	{ M_GET, "/admin/staff", page_admin_staff, AUTH_STATE_ADMIN, 0, 0, "admin_staff" },
	{ M_POST, "/admin/staff", page_admin_staff_add, AUTH_STATE_ADMIN, RF_CSRF, 8192,
	  "admin_staff_add" },
	{ M_GET, "/admin/staff/{id}", page_admin_staff_member, AUTH_STATE_ADMIN, 0, 0,
	  "admin_staff_member" },
	{ M_POST, "/admin/staff/{id}", page_admin_staff_update, AUTH_STATE_ADMIN, RF_CSRF, 4096,
	  "admin_staff_update" },
	{ M_POST, "/admin/staff/{id}/password", page_admin_staff_password, AUTH_STATE_ADMIN,
	  RF_CSRF, 4096, "admin_staff_password" },
	{ M_GET, "/admin/audit", page_admin_audit, AUTH_STATE_ADMIN, 0, 0, "admin_audit" },
	{ M_GET, "/api/v1/learners", api_learners_list, AUTH_STAFF, RF_TOKEN, 0,
	  "api_learners_list" },
	{ M_GET, "/api/v1/learners.csv", api_learners_csv, AUTH_STAFF, RF_TOKEN, 0,
	  "api_learners_csv" },
	{ M_GET, "/api/v1/learners/{id}", api_learner_get, AUTH_STAFF, RF_TOKEN, 0,
	  "api_learner_get" },
	{ M_PATCH, "/api/v1/learners/{id}", api_learner_patch, AUTH_AREA_ADMIN, RF_TOKEN | RF_JSON,
	  16384, "api_learner_patch" },
	{ M_POST, "/api/v1/learners/{id}/transfer", api_learner_transfer, AUTH_AREA_ADMIN,
	  RF_TOKEN | RF_JSON, 4096, "api_learner_transfer" },
	{ M_POST, "/api/v1/learners/{id}/reinstate", api_learner_reinstate, AUTH_AREA_ADMIN,
	  RF_TOKEN, 4096, "api_learner_reinstate" },
	{ M_GET, "/api/v1/settings", api_settings_get, AUTH_STATE_ADMIN, RF_TOKEN, 0,
	  "api_settings_get" },
	{ M_PUT, "/api/v1/settings", api_settings_put, AUTH_STATE_ADMIN, RF_TOKEN | RF_JSON, 16384,
	  "api_settings_put" },

	/* OSOS entries and federal reporting: staff read their area's entries (viewers too);
	 * area and state admins change them and import OSOS's acknowledgment, scoped to their
	 * area by the domain (osos.c). */
	{ M_POST, "/admin/learners/{id}/wioa", page_admin_learner_wioa, AUTH_STATE_ADMIN, RF_CSRF,
	  4096, "admin_learner_wioa" },
	{ M_GET, "/admin/reports", page_admin_reports, AUTH_STAFF, 0, 0, "admin_reports" },
	{ M_GET, "/admin/reports/pirl.csv", page_admin_reports_pirl, AUTH_STAFF, 0, 0,
	  "admin_reports_pirl" },
	{ M_GET, "/admin/reports/summary.csv", page_admin_reports_summary_csv, AUTH_STAFF, 0, 0,
	  "admin_reports_summary_csv" },
	{ M_GET, "/admin/osos", page_admin_osos, AUTH_STAFF, 0, 0, "admin_osos" },
	{ M_POST, "/admin/osos", page_admin_osos_action, AUTH_AREA_ADMIN, RF_CSRF, 65536,
	  "admin_osos_action" },
	{ M_GET, "/admin/osos.csv", page_admin_osos_csv, AUTH_STAFF, 0, 0, "admin_osos_csv" },
	{ M_GET, "/api/v1/osos/entries", api_osos_list, AUTH_STAFF, RF_TOKEN, 0, "api_osos_list" },
	{ M_GET, "/api/v1/osos/entries.csv", api_osos_csv, AUTH_STAFF, RF_TOKEN, 0,
	  "api_osos_csv" },
	{ M_POST, "/api/v1/osos/entries/confirm", api_osos_confirm, AUTH_AREA_ADMIN,
	  RF_TOKEN | RF_JSON, 65536, "api_osos_confirm" },
	{ M_POST, "/api/v1/osos/entries/entered", api_osos_entered, AUTH_AREA_ADMIN,
	  RF_TOKEN | RF_JSON, 65536, "api_osos_entered" },
	{ M_POST, "/api/v1/osos/entries/reject", api_osos_reject, AUTH_AREA_ADMIN,
	  RF_TOKEN | RF_JSON, 65536, "api_osos_reject" },
	{ M_GET, "/api/v1/reports/pirl.csv", api_reports_pirl, AUTH_STAFF, RF_TOKEN, 0,
	  "api_reports_pirl" },
	{ M_GET, "/api/v1/reports/summary", api_reports_summary, AUTH_STAFF, RF_TOKEN, 0,
	  "api_reports_summary" },
	{ M_POST, "/api/v1/imports/osos", api_import_osos, AUTH_AREA_ADMIN, RF_TOKEN | RF_CSV,
	  16u << 20, "api_import_osos" },
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
