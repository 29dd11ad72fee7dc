/* reports.h - the federal report and the summary figures for staff (api/reports.c). */
#ifndef SG_API_REPORTS_H
#define SG_API_REPORTS_H

#include "web/http.h"

int api_reports_pirl(struct req *r, struct resp *w);
int api_reports_summary(struct req *r, struct resp *w);

#endif
