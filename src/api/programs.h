/* programs.h - the JSON API for the catalog (api/programs.c). */
#ifndef SG_API_PROGRAMS_H
#define SG_API_PROGRAMS_H

#include "web/http.h"

/* GET /api/v1/programs?q=&region=&kind=&level=&language=&subtitles=&duration=&industry=
 *     &partner=&sort=&limit=&cursor= */
int api_programs_list(struct req *r, struct resp *w);
/* GET /api/v1/programs/{slug} */
int api_programs_get(struct req *r, struct resp *w);
/* POST /api/v1/imports/catalog[?partial=1&dry_run=1&retire_missing=1&map=…] (text/csv) */
int api_import_catalog(struct req *r, struct resp *w);
/* POST /api/v1/imports/curation[?partial=1&dry_run=1] (text/csv: region, program, rank) */
int api_import_curation(struct req *r, struct resp *w);

#endif
