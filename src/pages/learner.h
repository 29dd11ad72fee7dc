/* learner.h - the learner's pages (pages/learner.c): signing in (/login, /login/password,
 * /login/link), signing out (/logout, /logout/all), My learning (/me) with enroll, drop and
 * re-enroll, and the optional password (/me/password). */
#ifndef SG_PAGES_LEARNER_H
#define SG_PAGES_LEARNER_H

#include "web/http.h"

int page_login(struct req *r, struct resp *w);
int page_login_send(struct req *r, struct resp *w);
int page_login_password(struct req *r, struct resp *w);
int page_login_password_check(struct req *r, struct resp *w);
int page_login_link(struct req *r, struct resp *w);
int page_login_link_use(struct req *r, struct resp *w);
int page_logout(struct req *r, struct resp *w);
int page_logout_all(struct req *r, struct resp *w);
int page_me(struct req *r, struct resp *w);
int page_me_enrollments(struct req *r, struct resp *w);
int page_me_enroll(struct req *r, struct resp *w);
int page_me_drop(struct req *r, struct resp *w);
int page_me_password(struct req *r, struct resp *w);
int page_me_password_set(struct req *r, struct resp *w);

#endif
