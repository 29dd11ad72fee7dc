/* enrollments.h - the staff API for enrollments and the provider's reports
 * (api/enrollments.c). */
#ifndef SG_API_ENROLLMENTS_H
#define SG_API_ENROLLMENTS_H

#include "web/http.h"

int api_enrollments_create(struct req *r, struct resp *w);
int api_enrollments_drop(struct req *r, struct resp *w);
int api_import_usage(struct req *r, struct resp *w);
int api_import_membership(struct req *r, struct resp *w);

#endif
