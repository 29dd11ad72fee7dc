/* lookup.h - "e-mail me my reference": a person who lost the reference of their request gives
 * their e-mail address; if a request has that address, its reference and status are e-mailed
 * to it, in the person's language. The caller always answers the same way whether the
 * address is known or not (the API 202, the page one message), so nobody learns who asked.
 *
 * Limits (settings), counted in reference_lookups over the last hour:
 *   lookup_max_per_addr   requests from one network address (over it: refused, 429)
 *   lookup_max_per_email  e-mails to one address (over it: accepted, but nothing is sent, so
 *                         nobody can flood a person's inbox)
 * Each request is one write (its rows, and the e-mail when one is due), known address or not,
 * so both take the same path and about the same time. */
#ifndef SG_LOOKUP_H
#define SG_LOOKUP_H

#include <stdint.h>

enum { LOOKUP_ACCEPTED = 0, LOOKUP_LIMITED = 1, LOOKUP_ERR = -1 };

/* email as typed; addr the client's network address. LOOKUP_LIMITED: *retry_after seconds. */
int lookup_reference(const char *email, const char *addr, int64_t *retry_after);

#endif
