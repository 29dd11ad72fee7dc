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
#include "api/programs.h"
#include "pages/signup.h"
#include "pages/catalog_pages.h"
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

	/* sign-up and eligibility (issue 3) */
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
	{ M_GET, "/api/v1/applications/{reference}", api_applications_get, AUTH_NONE, 0, 0,
	  "api_applications_get" },
	{ M_POST, "/api/v1/applications/{reference}/decision", api_applications_decide,
	  AUTH_AREA_ADMIN, RF_TOKEN | RF_JSON, 8192, "api_applications_decide" },
	{ M_GET, "/api/v1/invitations", api_invitations_get, AUTH_STATE_ADMIN, RF_TOKEN, 0,
	  "api_invitations" },
	{ M_POST, "/api/v1/invitations/export", api_invitations_export, AUTH_STATE_ADMIN,
	  RF_TOKEN, 0, "api_invitations_export" },

	/* catalog (issue 4) */
	{ M_GET, "/catalog", page_catalog, AUTH_NONE, 0, 0, "catalog" },
	{ M_GET, "/explore", page_explore, AUTH_NONE, 0, 0, "explore" },
	{ M_GET, "/certificates", page_certificates, AUTH_NONE, 0, 0, "certificates" },
	{ M_GET, "/programs/{slug}", page_program, AUTH_NONE, 0, 0, "program" },
	{ M_GET, "/api/v1/programs", api_programs_list, AUTH_NONE, 0, 0, "api_programs_list" },
	{ M_GET, "/api/v1/programs/{slug}", api_programs_get, AUTH_NONE, 0, 0, "api_programs_get" },
	{ M_POST, "/api/v1/imports/catalog", api_import_catalog, AUTH_STATE_ADMIN, RF_TOKEN | RF_CSV,
	  64u << 20, "api_import_catalog" },
	{ M_POST, "/api/v1/imports/curation", api_import_curation, AUTH_STATE_ADMIN,
	  RF_TOKEN | RF_CSV, 8u << 20, "api_import_curation" },

	/* learners (issue 5) */

	/* staff workspace (issue 6) */
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
