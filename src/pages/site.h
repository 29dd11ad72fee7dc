/* site.h - the program's public information pages and the plumbing routes. */
#ifndef SG_PAGES_SITE_H
#define SG_PAGES_SITE_H

#include "web/http.h"

int page_home(struct req *r, struct resp *w);
int page_faq(struct req *r, struct resp *w);
int page_help(struct req *r, struct resp *w);
int page_terms(struct req *r, struct resp *w);
int page_privacy(struct req *r, struct resp *w);
int page_lang(struct req *r, struct resp *w);
int page_static(struct req *r, struct resp *w);
int page_healthz(struct req *r, struct resp *w);
int page_metrics(struct req *r, struct resp *w);
/* The bearer token that lets other hosts read /metrics (SKILLGATE_METRICS_TOKEN), given at
 * start-up; NULL (the default): loopback only. */
void site_set_metrics_token(const char *token);

#endif
