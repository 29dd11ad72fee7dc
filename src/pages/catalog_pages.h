/* catalog_pages.h - the catalog pages (pages/catalog.c): browse, explore, a program, certificates. */
#ifndef SG_PAGES_CATALOG_PAGES_H
#define SG_PAGES_CATALOG_PAGES_H

#include "web/http.h"

/* GET /catalog[?region=&industry=&kind=&level=&language=&subtitles=&duration=&partner=
 *     &sort=&page=]: the curated programs of a region, grouped by industry. */
int page_catalog(struct req *r, struct resp *w);
/* GET /explore[?q=&…same filters…]: search over every program. */
int page_explore(struct req *r, struct resp *w);
/* GET /programs/{slug} */
int page_program(struct req *r, struct resp *w);
/* GET /certificates[?…filters…]: the professional certificates. */
int page_certificates(struct req *r, struct resp *w);

#endif
