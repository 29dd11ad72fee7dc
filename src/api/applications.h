/* applications.h - the JSON API for requests and invitations (api/applications.c). */
#ifndef SG_API_APPLICATIONS_H
#define SG_API_APPLICATIONS_H

#include "web/http.h"

int api_applications_create(struct req *r, struct resp *w);
int api_applications_get(struct req *r, struct resp *w);
int api_applications_lookup(struct req *r, struct resp *w);
int api_applications_list(struct req *r, struct resp *w);
int api_applications_decide(struct req *r, struct resp *w);
int api_invitations_get(struct req *r, struct resp *w);
int api_invitations_export(struct req *r, struct resp *w);

#endif
