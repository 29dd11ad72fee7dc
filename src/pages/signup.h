/* signup.h - the eligibility screener, the sign-up form (/signup, and /inscribete in
 * Spanish) and the status of a request (pages/signup.c). */
#ifndef SG_PAGES_SIGNUP_H
#define SG_PAGES_SIGNUP_H

#include "web/http.h"

int page_eligibility(struct req *r, struct resp *w);
int page_eligibility_check(struct req *r, struct resp *w);
int page_signup(struct req *r, struct resp *w);
int page_signup_submit(struct req *r, struct resp *w);
int page_status(struct req *r, struct resp *w);
int page_status_check(struct req *r, struct resp *w);
int page_status_lookup(struct req *r, struct resp *w);

#endif
