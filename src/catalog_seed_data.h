/* catalog_seed_data.h - the tables the catalog generator (catalog_generator.c) draws from.
 * Read-only data, defined in catalog_seed_data.c. */
#ifndef SG_CATALOG_SEED_DATA_H
#define SG_CATALOG_SEED_DATA_H

#include <stddef.h>

/* A program with its real title and partner. */
struct named {
	const char *title, *partner, *kind, *industry, *level, *skills;
	double rating;
	int reviews, hours_min, hours_max;
};

/* One industry: topics ("English name|nombre en español|skill;skill;…|job title|puesto",
 * NULL after the last), example partners (NULL after the last) and Spanish-language ones. */
struct industry_topics {
	const char *industry;
	const char *topics[20];
	const char *partners[8];
	const char *partners_es[3];
};

extern const struct named seed_faq_titles[]; /* the FAQ's example titles */
extern const struct named seed_anchors[];    /* well-known programs, English */
extern const struct named seed_anchors_es[]; /* well-known programs, Spanish */
extern const struct industry_topics seed_industries[];
extern const size_t seed_faq_titles_len, seed_anchors_len, seed_anchors_es_len, seed_industries_len;

/* Title patterns: English (%s = topic; the certificate's %s = job title), Spanish (%s = tema,
 * lowercase; the certificate's %s = puesto). */
extern const char *const seed_course_en[16];
extern const char *const seed_spec_en[3];
extern const char *const seed_cert_en[1];
extern const char *const seed_guided_en[2];
extern const char *const seed_course_es[6];
extern const char *const seed_spec_es[1];
extern const char *const seed_cert_es[1];

/* Added to titles once every topic and pattern has been used. */
extern const char *const seed_audiences[16];
extern const char *const seed_audiences_es[16];

#endif
