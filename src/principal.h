/* principal.h - who is acting: a learner, a staff member in a role, or nobody.
 *
 * The web layer resolves the principal of a request from its session cookie or API token
 * (session.h) and hands it to pages and the API as r->who; the domain takes it as the actor of
 * a change (audited, audit.h) and scopes what it reads by local_area.
 */
#ifndef SG_PRINCIPAL_H
#define SG_PRINCIPAL_H

#include <stdint.h>

enum role { ROLE_NONE = 0, ROLE_LEARNER, ROLE_AREA_VIEWER, ROLE_AREA_ADMIN, ROLE_STATE_ADMIN };

struct principal {
	enum role role;
	int64_t id;	    /* learners.id or staff.id; 0 for anonymous */
	int64_t local_area; /* the staff member's area; 0 = every area (state admin) */
	const char *email, *name;
};

/* The principal of a visitor who is not signed in (ROLE_NONE). */
extern const struct principal principal_nobody;

#endif
