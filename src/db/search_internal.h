/* search_internal.h - what the two halves of the catalog search share (search.c: words,
 * ranking and SQLite FTS5; search_pg.c: PostgreSQL full-text search). Only db/search*.c include
 * it. */
#ifndef SG_DB_SEARCH_INTERNAL_H
#define SG_DB_SEARCH_INTERNAL_H

#include "db/search.h"

struct db;
struct arena;

/* The words a program's kind and industry add to its text, in both languages (SQL
 * expression over the program row x). */
#define TAGS(x)                                                                                    \
	"CASE " x ".kind WHEN 'professional-certificate' THEN "                                    \
	"'professional certificate certificado profesional' "                                      \
	"WHEN 'specialization' THEN 'specialization especialización' "                            \
	"WHEN 'guided-project' THEN 'guided project proyecto guiado' "                             \
	"ELSE 'course curso' END || ' ' || CASE " x ".industry "                                   \
	"WHEN 'data-science' THEN 'data science ciencia de datos' "                                \
	"WHEN 'business' THEN 'business negocios empresa' "                                        \
	"WHEN 'technology' THEN 'technology information technology tecnología informática' "     \
	"WHEN 'advanced-manufacturing' THEN 'advanced manufacturing manufactura avanzada' "        \
	"WHEN 'health-care' THEN 'health care salud atención médica' "                           \
	"WHEN 'finance' THEN 'finance finanzas' "                                                  \
	"WHEN 'marketing' THEN 'marketing mercadeo' "                                              \
	"WHEN 'education' THEN 'education teaching educación enseñanza' "                        \
	"WHEN 'hospitality' THEN 'hospitality hospitalidad turismo' "                              \
	"WHEN 'construction-trades' THEN 'construction trades construcción oficios' "             \
	"WHEN 'transportation-logistics' THEN 'transportation logistics transporte logística' "   \
	"WHEN 'public-service' THEN 'public service servicio público' "                           \
	"WHEN 'creative-media' THEN 'creative media arts artes medios' "                           \
	"WHEN 'personal-development' THEN 'personal development desarrollo personal' "             \
	"ELSE '' END"

/* PostgreSQL: adds the tsvector column, its trigger and indexes when missing. 0 or -1. */
int pg_search_migrate(struct db *db);
/* PostgreSQL: recomputes every program's tsvector. 0 or -1. */
int pg_search_rebuild(struct db *db);
/* PostgreSQL: the matches of t, best prior first, filtered by accept and scored into out
 * (the caller sorts and reranks). 0 or -1. */
int pg_search_scan(struct db *db, const struct search_terms *t, search_accept_fn accept, void *ctx,
		   struct arena *a, struct search_result *out);

#endif
