/* routes.c - THE route table: every URL of skillgate, who may use it, and how.
 *
 * Read this file to know the access rules. Columns: methods, path pattern ({name} is a
 * parameter, a trailing slash-star the rest of the path), handler, who may call it (auth), flags
 * (RF_CSRF: browser form, CSRF-checked; RF_TOKEN: staff API with a bearer token; RF_JSON /
 * RF_CSV: body type), the body limit (0: 64 KiB) and the name used in metrics.
 * The first matching row wins.
 */
#include "web/router.h"

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

	/* catalog (issue 4) */

	/* learners (issue 5) */

	/* staff workspace (issue 6) */
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
