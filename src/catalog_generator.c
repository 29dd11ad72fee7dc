/* catalog_generator.c - generated example programs: the rest of the default catalog after the
 * provider's listing, and the benchmark's large catalogs.
 *
 * Generated programs come from the tables in catalog_seed_data.c with a fixed pseudo-random
 * sequence, so every run produces the same catalog: topics with their skills and Spanish names,
 * title patterns per kind, partners per industry. They are examples, and marked so in the data:
 * their source is 'example' and every generated partner's name ends with " (example)", so no
 * generated program is ever shown under a real partner's name. About one in eight is taught
 * in Spanish. The FAQ's example titles (and, for the benchmark, well-known programs) are
 * written first with their real partners.
 */
#include "catalog_generator.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog.h"
#include "catalog_seed_data.h"
#include "db/db.h"
#include "db/search.h"
#include "util/timeutil.h"

/* ---- building programs -------------------------------------------------------------------- */

/* Ends every generated partner's name: generated programs are examples, never a real
 * partner's. */
#define EXAMPLE_MARK " (example)"

struct gen_program {
	char title[256], partner[96], kind[32], industry[32], level[16], language[4];
	char subtitles[32], skills[512], description[1600], syllabus[1400];
	int hours_min, hours_max, reviews;
	double rating;
};

/* Splits "a|b|c|d|e" topic entries. */
static int topic_part(const char *topic, int idx, char *out, size_t cap)
{
	const char *p = topic;
	int i;
	size_t len;

	for (i = 0; i < idx && p; i++) {
		p = strchr(p, '|');
		if (p)
			p++;
	}
	if (!p)
		return -1;
	len = strchr(p, '|') ? (size_t)(strchr(p, '|') - p) : strlen(p);
	if (len >= cap)
		len = cap - 1;
	memcpy(out, p, len);
	out[len] = '\0';
	return 0;
}

/* Copies pattern to out with its one "%s" replaced by arg (patterns are data, not formats). */
static void fill(char *out, size_t cap, const char *pattern, const char *arg)
{
	const char *hole = strstr(pattern, "%s");
	size_t pre = hole ? (size_t)(hole - pattern) : strlen(pattern);

	snprintf(out, cap, "%.*s%s%s", (int)pre, pattern, hole ? arg : "", hole ? hole + 2 : "");
}

static void upper_first(char *s)
{
	if (*s >= 'a' && *s <= 'z')
		*s = (char)(*s - 32);
	else if ((unsigned char)s[0] == 0xC3 && (unsigned char)s[1] >= 0xA0 &&
		 (unsigned char)s[1] <= 0xBE)
		s[1] = (char)((unsigned char)s[1] - 0x20); /* á -> Á etc. */
}

/* Removes a word that repeats the one before it ("Applied Applied Data Science" becomes
 * "Applied Data Science"), comparing without case. */
static void drop_doubled_words(char *s)
{
	char *w = s, *prev = NULL, *out = s;
	size_t prev_len = 0;

	while (*w) {
		char *e = w;
		size_t len;
		while (*e && *e != ' ')
			e++;
		len = (size_t)(e - w);
		if (prev && len == prev_len && !strncasecmp(prev, w, len)) {
			w = *e ? e + 1 : e;
			continue;
		}
		if (out != s)
			*out++ = ' ';
		memmove(out, w, len);
		prev = out;
		prev_len = len;
		out += len;
		w = *e ? e + 1 : e;
	}
	*out = '\0';
}

static const char *const levels_pick[] = { "beginner",	   "beginner",	   "beginner",
					   "beginner",	   "beginner",	   "intermediate",
					   "intermediate", "intermediate", "advanced",
					   "mixed" };

/* Fills rating, reviews, level, hours and subtitles believably for kind. */
static void gen_numbers(struct gen_program *g, struct rng *r)
{
	double u = rng_unit(r);

	g->rating = round((4.2 + 0.75 * sqrt(rng_unit(r))) * 10) / 10;
	if (rng_unit(r) < 0.04)
		g->rating = 0; /* too new to be rated */
	/* reviews: log-uniform-ish, most programs have a few hundred */
	g->reviews = g->rating > 0 ? (int)pow(10, 1.0 + 3.6 * u * u) : 0;
	if (!strcmp(g->kind, "professional-certificate")) {
		g->hours_min = 40 * rng_int(r, 2, 4);
		g->hours_max = g->hours_min + 40 * rng_int(r, 1, 3);
		g->reviews *= 3;
	} else if (!strcmp(g->kind, "specialization")) {
		g->hours_min = 40 * rng_int(r, 1, 3);
		g->hours_max = g->hours_min + 40 * rng_int(r, 1, 2);
	} else if (!strcmp(g->kind, "guided-project")) {
		g->hours_min = 1;
		g->hours_max = 2;
		g->reviews /= 10;
	} else {
		g->hours_min = rng_int(r, 4, 20);
		g->hours_max = g->hours_min + rng_int(r, 2, 16);
	}
}

static void gen_subtitles(struct gen_program *g, struct rng *r)
{
	static const char *const extra[] = { "fr", "pt", "de", "zh", "ar", "ru", "ko", "it" };
	int i, n = rng_int(r, 0, 3);

	if (!strcmp(g->language, "es"))
		snprintf(g->subtitles, sizeof(g->subtitles), "es%s",
			 rng_unit(r) < 0.6 ? ",en" : "");
	else
		snprintf(g->subtitles, sizeof(g->subtitles), "en%s",
			 rng_unit(r) < 0.7 ? ",es" : "");
	for (i = 0; i < n; i++) {
		const char *x = extra[rng_int(r, 0, 7)];
		if (!strstr(g->subtitles, x) && strlen(g->subtitles) + 4 < sizeof(g->subtitles)) {
			strcat(g->subtitles, ",");
			strcat(g->subtitles, x);
		}
	}
}

/* Description and syllabus in the program's language, from its topic and skills. */
static void gen_text(struct gen_program *g, const char *topic, const char *role, struct rng *r)
{
	char sk[8][64];
	int n = 0, i, m, h;
	const char *p = g->skills;
	size_t o = 0;
	int es = !strcmp(g->language, "es");
	static const char *const mod_en[] = {
		"Getting started with %s", "Core ideas of %s",	       "Working with %s",
		"%s in practice",	   "Solving problems with %s", "Case study: %s",
		"Putting %s to work",	   "Review and next steps: %s"
	};
	static const char *const mod_es[] = {
		"Primeros pasos con %s",    "Conceptos clave de %s",	  "Trabajar con %s",
		"%s en la práctica",	    "Resolver problemas con %s",  "Caso de estudio: %s",
		"Aplicar %s en el trabajo", "Repaso y próximos pasos: %s"
	};

	while (*p && n < 8) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		snprintf(sk[n++], sizeof(sk[0]), "%.*s", (int)(len < 63 ? len : 63), p);
		p += len + (e ? 1 : 0);
	}
	if (es)
		snprintf(g->description, sizeof(g->description),
			 "En este programa aprenderá %s paso a paso, con ejercicios prácticos y "
			 "ejemplos del mundo laboral. Desarrollará habilidades en %s%s%s. "
			 "Está pensado para quienes buscan trabajo como %s y no requiere %s. "
			 "Al terminar, podrá aplicar lo aprendido en su próximo empleo en Nueva "
			 "York.",
			 topic, sk[0], n > 1 ? " y " : "", n > 1 ? sk[1] : "", role,
			 !strcmp(g->level, "beginner") ? "experiencia previa"
						       : "más que conocimientos básicos");
	else
		snprintf(g->description, sizeof(g->description),
			 "This program teaches %s step by step, with hands-on exercises and "
			 "examples from real workplaces. You will build skills in %s%s%s, and "
			 "practice them on projects you can show an employer. It suits people "
			 "preparing for work as a %s%s. By the end you will be ready to use "
			 "these skills in a job in New York's %s sector.",
			 topic, sk[0], n > 1 ? " and " : "", n > 1 ? sk[1] : "", role,
			 !strcmp(g->level, "beginner") ? "; no prior experience is required"
						       : "; some experience helps",
			 g->industry);
	m = !strcmp(g->kind, "guided-project") ? 2 : rng_int(r, 4, 7);
	h = g->hours_max / (m ? m : 1);
	if (h < 1)
		h = 1;
	for (i = 0; i < m && o + 200 < sizeof(g->syllabus); i++) {
		char mt[160];
		const char *s = sk[(i + rng_int(r, 0, 1)) % n];
		if (es)
			fill(mt, sizeof(mt), mod_es[i % 8], s);
		else
			fill(mt, sizeof(mt), mod_en[i % 8], s);
		o += (size_t)snprintf(g->syllabus + o, sizeof(g->syllabus) - o, "%s%s|%s|%d",
				      i ? "\n" : "", mt,
				      es ? "Lecturas, videos y una práctica evaluada."
					 : "Videos, readings and a graded practice exercise.",
				      h);
	}
}

static void from_named(const struct named *nm, const char *language, struct gen_program *g,
		       struct rng *r)
{
	char topic[160];

	memset(g, 0, sizeof(*g));
	snprintf(g->title, sizeof(g->title), "%s", nm->title);
	snprintf(g->partner, sizeof(g->partner), "%s", nm->partner);
	snprintf(g->kind, sizeof(g->kind), "%s", nm->kind);
	snprintf(g->industry, sizeof(g->industry), "%s", nm->industry);
	snprintf(g->level, sizeof(g->level), "%s", nm->level);
	snprintf(g->language, sizeof(g->language), "%s", language);
	snprintf(g->skills, sizeof(g->skills), "%s", nm->skills);
	g->rating = nm->rating;
	g->reviews = nm->reviews;
	g->hours_min = nm->hours_min;
	g->hours_max = nm->hours_max;
	gen_subtitles(g, r);
	snprintf(topic, sizeof(topic), "%s", nm->skills);
	if (strchr(topic, ';'))
		*strchr(topic, ';') = '\0';
	gen_text(g, topic,
		 !strcmp(language, "es") ? "profesional del área" : "professional in the field", r);
}

/* One generated program: topic t of industry ind, pattern choice k. Returns 0 or -1. */
static int from_topic(const struct industry_topics *ind, const char *topic, int spanish, unsigned k,
		      int variant, struct gen_program *g, struct rng *r)
{
	char name[128], name_es[128], skills[400], role[96], role_es[96], t[256];
	const char *pattern;

	memset(g, 0, sizeof(*g));
	if (topic_part(topic, 0, name, sizeof(name)) ||
	    topic_part(topic, 1, name_es, sizeof(name_es)) ||
	    topic_part(topic, 2, skills, sizeof(skills)) ||
	    topic_part(topic, 3, role, sizeof(role)) ||
	    topic_part(topic, 4, role_es, sizeof(role_es)))
		return -1;
	snprintf(g->industry, sizeof(g->industry), "%s", ind->industry);
	snprintf(g->language, sizeof(g->language), "%s", spanish ? "es" : "en");
	if (spanish) {
		unsigned c = (unsigned)rng_int(r, 0, 9);
		if (c > 7)
			c = c % 6;
		if (c < 6) {
			pattern = seed_course_es[c];
			snprintf(g->kind, sizeof(g->kind), "course");
			fill(t, sizeof(t), pattern, name_es);
		} else if (c == 6) {
			snprintf(g->kind, sizeof(g->kind), "specialization");
			fill(t, sizeof(t), seed_spec_es[0], name_es);
		} else {
			snprintf(g->kind, sizeof(g->kind), "professional-certificate");
			fill(t, sizeof(t), seed_cert_es[0], role_es);
		}
		upper_first(t);
		snprintf(g->partner, sizeof(g->partner), "%s" EXAMPLE_MARK,
			 ind->partners_es[rng_int(r, 0, ind->partners_es[1] ? 1 : 0)]);
	} else {
		unsigned c = k % 22;
		if (c < 16) {
			snprintf(g->kind, sizeof(g->kind), "course");
			fill(t, sizeof(t), seed_course_en[c], name);
		} else if (c < 19) {
			snprintf(g->kind, sizeof(g->kind), "specialization");
			fill(t, sizeof(t), seed_spec_en[c - 16], name);
		} else if (c < 20) {
			snprintf(g->kind, sizeof(g->kind), "professional-certificate");
			fill(t, sizeof(t), seed_cert_en[0], role);
		} else {
			snprintf(g->kind, sizeof(g->kind), "guided-project");
			fill(t, sizeof(t), seed_guided_en[c - 20], name);
		}
		{
			int np = 0;
			while (np < 8 && ind->partners[np])
				np++;
			snprintf(g->partner, sizeof(g->partner), "%s" EXAMPLE_MARK,
				 ind->partners[rng_int(r, 0, np - 1)]);
		}
	}
	if (variant > 0) {
		size_t tl = strlen(t);
		unsigned a = (unsigned)(variant - 1 + k) % 16;
		const char *aud = spanish ? seed_audiences_es[a] : seed_audiences[a];
		/* one audience per title: no "for Beginners for Teams" */
		if ((strstr(t, " for ") || strstr(t, " para ")) &&
		    (!strncmp(aud, "for ", 4) || !strncmp(aud, "para ", 5)))
			aud = spanish ? "taller" : "Workshop";
		snprintf(t + tl, sizeof(t) - tl, " %s", aud);
		if (variant > 16) {
			tl = strlen(t);
			snprintf(t + tl, sizeof(t) - tl, " %d", (variant - 1) / 16 + 1);
		}
	}
	drop_doubled_words(t);
	/* "SQL for Data Science for Beginners" reads badly: leave that combination out */
	if ((strstr(t, " for ") && strstr(strstr(t, " for ") + 4, " for ")) ||
	    (strstr(t, " para ") && strstr(strstr(t, " para ") + 5, " para ")))
		return -1;
	snprintf(g->title, sizeof(g->title), "%s", t);
	snprintf(g->level, sizeof(g->level), "%s", levels_pick[rng_int(r, 0, 9)]);
	if (strstr(t, "Advanced") || strstr(t, "Capstone"))
		snprintf(g->level, sizeof(g->level), "advanced");
	else if (strstr(t, "Introduction") || strstr(t, "Beginners") || strstr(t, "Fundamentos") ||
		 strstr(t, "Introducción") || strstr(t, "principiantes") ||
		 strstr(t, "Getting Started"))
		snprintf(g->level, sizeof(g->level), "beginner");
	snprintf(g->skills, sizeof(g->skills), "%s", skills);
	gen_numbers(g, r);
	gen_subtitles(g, r);
	gen_text(g, spanish ? name_es : name, spanish ? role_es : role, r);
	return 0;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* The generator's state between its transactions (a large catalog is written in chunks,
 * so no single transaction grows without bound). */
struct seed_ctx {
	int n, inserted, stop_at;
	struct rng r;
	int64_t seq;
	int named_done, variant;
	int over_listing; /* seeding over the provider's listing: FAQ titles it lacks, no anchors */
	uint32_t *order;
	size_t ncomb, ci;
};

static int insert_program(struct db *db, const struct gen_program *g, const char *source,
			  const char *now, int64_t seq)
{
	struct stmt *st;
	char slug[128];
	int rc;

	catalog_slugify(g->title, slug, sizeof(slug));
	for (int attempt = 0; attempt < 3; attempt++) {
		st = db_prepare(db,
				"INSERT INTO programs (slug, kind, title, partner, description, "
				"level, language, subtitles, hours_min, hours_max, duration, "
				"rating, reviews, skills, syllabus, industry, url, static_score, "
				"active, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
				"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, 1, ?, ?, ?) "
				"ON CONFLICT (slug) DO NOTHING");
		stmt_bind_text(st, 1, slug);
		stmt_bind_text(st, 2, g->kind);
		stmt_bind_text(st, 3, g->title);
		stmt_bind_text(st, 4, g->partner);
		stmt_bind_text(st, 5, g->description);
		stmt_bind_text(st, 6, g->level);
		stmt_bind_text(st, 7, g->language);
		stmt_bind_text(st, 8, g->subtitles);
		stmt_bind_int(st, 9, g->hours_min);
		stmt_bind_int(st, 10, g->hours_max);
		stmt_bind_text(st, 11, catalog_duration_bucket(g->hours_max));
		if (g->rating > 0)
			stmt_bind_double(st, 12, g->rating);
		else
			stmt_bind_null(st, 12);
		stmt_bind_int(st, 13, g->reviews);
		stmt_bind_text(st, 14, g->skills);
		stmt_bind_text(st, 15, g->syllabus);
		stmt_bind_text(st, 16, g->industry);
		stmt_bind_int(st, 17, search_static_score(g->rating, g->reviews, g->kind));
		stmt_bind_text(st, 18, source);
		stmt_bind_text(st, 19, now);
		stmt_bind_text(st, 20, now);
		rc = stmt_step(st);
		stmt_done(st);
		if (rc != DB_DONE)
			return -1;
		if (db_changes(db) > 0)
			return 1;
		/* the same title at another partner: add the partner, then a number */
		{
			char ps[64], base[128];
			catalog_slugify(g->partner, ps, sizeof(ps));
			snprintf(base, sizeof(base), "%.60s", slug);
			if (attempt == 0)
				snprintf(slug, sizeof(slug), "%.60s-%.60s", base, ps);
			else
				snprintf(slug, sizeof(slug), "%.60s-%lld", base, (long long)seq);
		}
	}
	return 0;
}

/* 1 when a program with this title (any case) is already in the catalog. */
static int title_listed(struct db *db, const char *title)
{
	struct stmt *st = db_prepare(db, "SELECT 1 FROM programs WHERE lower(title) = lower(?)");
	int found;

	stmt_bind_text(st, 1, title);
	found = stmt_step(st) == DB_ROW;
	stmt_done(st);
	return found;
}

/* The generator proper: named programs first, then topic x pattern combinations in a
 * shuffled but fixed order (Spanish ones at a steady share), until c->stop_at programs. */
static int generate(struct db *db, void *p)
{
	struct seed_ctx *c = p;
	struct gen_program g;
	char now[ISO_LEN];
	size_t i;
	int rc;

	iso_now(now);
	if (search_migrate(db) != 0) /* the index follows every insert from here on */
		return DB_ERR;
	if (!c->named_done) {
		for (i = 0; i < seed_faq_titles_len; i++) {
			from_named(&seed_faq_titles[i], "en", &g, &c->r);
			if (c->over_listing && title_listed(db, g.title))
				continue;
			if ((rc = insert_program(db, &g, "faq", now, c->seq++)) < 0)
				return DB_ERR;
			c->inserted += rc;
		}
		for (i = 0; !c->over_listing && i < seed_anchors_len; i++) {
			from_named(&seed_anchors[i], "en", &g, &c->r);
			if ((rc = insert_program(db, &g, "seed", now, c->seq++)) < 0)
				return DB_ERR;
			c->inserted += rc;
		}
		for (i = 0; !c->over_listing && i < seed_anchors_es_len; i++) {
			from_named(&seed_anchors_es[i], "es", &g, &c->r);
			if ((rc = insert_program(db, &g, "seed", now, c->seq++)) < 0)
				return DB_ERR;
			c->inserted += rc;
		}
		c->named_done = 1;
	}
	while (c->inserted < c->stop_at) {
		const struct industry_topics *ind;
		const char *topic;
		unsigned k;
		int spanish;
		if (c->ci == 0) {
			/* a fresh shuffle per round; later rounds add an audience to the title */
			size_t j, x;
			for (x = c->ncomb - 1; x > 0; x--) {
				uint32_t tmp = c->order[x];
				j = rng_next(&c->r) % (x + 1);
				c->order[x] = c->order[j];
				c->order[j] = tmp;
			}
		}
		ind = &seed_industries[c->order[c->ci] >> 10];
		topic = ind->topics[(c->order[c->ci] >> 5) & 31];
		k = c->order[c->ci] & 31;
		/* about 1 in 8 is taught in Spanish */
		spanish = (k % 7) == 3 && rng_unit(&c->r) < 0.9;
		if (from_topic(ind, topic, spanish, k, c->variant, &g, &c->r) == 0 &&
		    !(c->over_listing && title_listed(db, g.title))) {
			if ((rc = insert_program(db, &g, "example", now, c->seq++)) < 0)
				return DB_ERR;
			c->inserted += rc;
		}
		if (++c->ci == c->ncomb) {
			c->ci = 0;
			c->variant++;
		}
	}
	catalog_touch(db);
	return 0;
}

static int optimize_fn(struct db *db, void *p)
{
	(void)p;
	return search_optimize(db) == 0 ? 0 : DB_ERR;
}

#define GENERATE_CHUNK 20000

int catalog_generate_programs(int n, uint64_t seed, int over_listing)
{
	struct seed_ctx c;
	size_t i, nind = seed_industries_len;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	c.n = n;
	c.over_listing = over_listing;
	c.r.s = seed;
	c.order = malloc(nind * 20 * 32 * sizeof(*c.order));
	if (!c.order)
		return -1;
	/* combinations: industry << 10 | topic << 5 | pattern */
	for (i = 0; i < nind; i++)
		for (uint32_t t = 0; t < 20 && seed_industries[i].topics[t]; t++)
			for (uint32_t k = 0; k < 22; k++)
				c.order[c.ncomb++] = ((uint32_t)i << 10) | (t << 5) | k;
	while (c.inserted < n && rc == 0) {
		c.stop_at = c.inserted + GENERATE_CHUNK < n ? c.inserted + GENERATE_CHUNK : n;
		rc = db_write(generate, &c);
	}
	free(c.order);
	if (rc == 0 && n > GENERATE_CHUNK) {
		rc = db_write(optimize_fn, NULL);
	}
	catalog_changed();
	return rc == 0 ? 0 : -1;
}

int catalog_generate(struct db *db, int n, uint64_t seed)
{
	(void)db;
	return catalog_generate_programs(n, seed, 0);
}
