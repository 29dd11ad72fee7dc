/* osos_entries.h - the staff API for OSOS entries and the federal report (api/osos_entries.c). */
#ifndef SG_API_OSOS_ENTRIES_H
#define SG_API_OSOS_ENTRIES_H

#include "web/http.h"

int api_osos_list(struct req *r, struct resp *w);
int api_osos_csv(struct req *r, struct resp *w);
int api_osos_confirm(struct req *r, struct resp *w);
int api_osos_entered(struct req *r, struct resp *w);
int api_osos_reject(struct req *r, struct resp *w);
int api_import_osos(struct req *r, struct resp *w);

#endif
