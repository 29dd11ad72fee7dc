/* learners.h - the staff API for learners and the program settings (api/learners.c,
 * api/settings.c). The same domain calls as the staff pages (learner.h, program.h), so the
 * two never disagree; scope is enforced there. */
#ifndef SG_API_LEARNERS_H
#define SG_API_LEARNERS_H

#include "web/http.h"

int api_learners_list(struct req *r, struct resp *w);
int api_learners_csv(struct req *r, struct resp *w);
int api_learner_get(struct req *r, struct resp *w);
int api_learner_patch(struct req *r, struct resp *w);
int api_learner_transfer(struct req *r, struct resp *w);
int api_learner_reinstate(struct req *r, struct resp *w);

int api_settings_get(struct req *r, struct resp *w);
int api_settings_put(struct req *r, struct resp *w);

#endif
