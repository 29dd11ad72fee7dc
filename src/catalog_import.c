/* catalog_import.c - the provider catalog import (catalog.h); the header's columns are read by
 * catalog_columns.c, the values normalized by catalog_normalize.c, the curated lists imported
 * by curation_import.c.
 *
 * A provider's export is read with libcsv (util/csvread.h), its columns recognized by their
 * usual names or mapped with `--map column=field`, and every value normalized: kinds, levels,
 * durations in English or Spanish ("3 - 6 Months", "4 meses") to hours, ratings, review
 * counts written as "16400.0", skill lists. Programs the state does not offer (degrees,
 * graduate, postgraduate and university certificates, MasterTrack) are skipped with the
 * reason. Rows are matched to programs by provider id, else by slug, and only what differs
 * is written, so importing the same file again reports every row unchanged.
 *
 * A value that is blank or "None" in the file keeps what the program already has: exports
 * in the wild repeat a program on several rows, some of them mostly empty.
 *
 * Credit eligibility (an ACE credit recommendation some courses carry) is read and ignored:
 * no course is credit-bearing under the program, so it changes nothing here.
 */
#include "catalog.h"

#include "audit.h"
#include "catalog_columns.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/search.h"
#include "util/arena.h"
#include "util/csvread.h"
#include "util/timeutil.h"

/* ---- the import ------------------------------------------------------------------------- */

struct row {
	int line;
	size_t bad_columns; /* when not 0: the row has this many columns, not the header's */
	char *v[F_COUNT];   /* raw values, NULL when the file has no such column */
};

struct parse_state {
	struct arena *a;
	struct catalog_import_report *r;
	const struct catalog_import_opts *o;
	struct catalog_columns cols;
	struct row *rows;
	size_t n, cap;
	const char *fatal;
};

void catalog_report_line(struct catalog_import_report *r, struct arena *a, int line,
			 enum catalog_import_outcome out, const char *slug, const char *reason)
{
	struct catalog_import_line *l;

	if (r->nlines >= CATALOG_REPORT_LINES)
		return; /* counted by the caller; a file of bad lines lists the first ones */
	/* the array doubles (64, 128, 256, ...): growing it by a fixed step would copy it again
	 * for every few lines, and the arena keeps every copy */
	if (r->nlines == 0 || (r->nlines >= 64 && (r->nlines & (r->nlines - 1)) == 0)) {
		size_t cap = r->nlines ? (size_t)r->nlines * 2 : 64;
		struct catalog_import_line *nl = arena_alloc(a, cap * sizeof(*nl));
		if (r->nlines)
			memcpy(nl, r->lines, r->nlines * sizeof(*nl));
		r->lines = nl;
	}
	l = &r->lines[r->nlines++];
	l->line = line;
	l->outcome = out;
	l->slug = slug ? arena_strdup(a, slug) : NULL;
	l->reason = reason ? arena_strdup(a, reason) : NULL;
}

static void count_reason(struct catalog_import_report *r, const char *reason)
{
	size_t i;

	for (i = 0; i < r->nreasons; i++)
		if (!strcmp(r->reasons[i].reason, reason)) {
			r->reasons[i].count++;
			return;
		}
	if (r->nreasons < sizeof(r->reasons) / sizeof(r->reasons[0])) {
		r->reasons[r->nreasons].reason = reason;
		r->reasons[r->nreasons++].count = 1;
	}
}

static int on_header(struct parse_state *ps, char **fields, size_t n)
{
	return catalog_columns_read(&ps->cols, fields, n, ps->o->map, ps->a, &ps->fatal);
}

static int on_row(void *ctx, size_t rowno, char **fields, size_t n)
{
	struct parse_state *ps = ctx;
	struct row *row;
	size_t i;

	if (rowno == 1)
		return on_header(ps, fields, n);
	if (ps->n >= 500000) {
		ps->fatal = "the file has more than 500,000 rows; split it";
		return -1;
	}
	if (ps->n == ps->cap) {
		/* grown in place (not in the arena, which would keep every outgrown copy) */
		size_t ncap = ps->cap ? ps->cap * 2 : 1024;
		struct row *nr = realloc(ps->rows, ncap * sizeof(*nr));
		if (!nr) {
			ps->fatal = "out of memory reading the file";
			return -1;
		}
		ps->rows = nr;
		ps->cap = ncap;
	}
	row = &ps->rows[ps->n++];
	memset(row, 0, sizeof(*row));
	row->line = (int)rowno;
	if (n != ps->cols.n) {
		/* keep the row, marked: the header's count of columns is the contract */
		row->bad_columns = n ? n : 1;
		return 0;
	}
	for (i = 0; i < n; i++)
		if (ps->cols.field[i] >= 0)
			row->v[ps->cols.field[i]] = arena_strdup(ps->a, fields[i]);
	return 0;
}

/* A program as the file describes it, normalized. `set` marks the values the row gives
 * (a blank value keeps what the program has). */
struct prog_in {
	char provider_id[128], slug[96];
	const char *title, *partner, *kind, *level, *language, *subtitles, *description;
	const char *skills, *syllabus, *industry, *url;
	int hours_min, hours_max;
	double rating;
	int64_t reviews;
	int set[F_COUNT];
	char key[800]; /* duplicate detection within the file */
};

/* The title, partner and kind: the kind from its column, or a kind word that slipped into the
 * level column, or the title's words. folded gets the folded title. Returns CATALOG_ERROR /
 * CATALOG_SKIPPED with *reason, or -1 when fine. */
static int norm_kind(const struct row *row, struct prog_in *p, struct arena *a, char *folded,
		     size_t cap, const char **reason)
{
	const char *skip = NULL, *k;

	p->title = row->v[F_TITLE];
	p->partner = row->v[F_PARTNER] ? row->v[F_PARTNER] : "";
	p->set[F_TITLE] = 1;
	p->set[F_PARTNER] = p->partner[0] != 0;

	k = catalog_norm_kind(row->v[F_KIND] ? row->v[F_KIND] : "", &skip);
	if (k && !k[0] && row->v[F_LEVEL]) {
		const char *skip2 = NULL, *k2 = catalog_norm_kind(row->v[F_LEVEL], &skip2);
		if (k2 && k2[0])
			k = k2;
		else if (skip2) {
			k = NULL;
			skip = skip2;
		}
	}
	if (!k && skip) {
		*reason = skip;
		return CATALOG_SKIPPED;
	}
	if (!k) {
		*reason = arena_printf(a,
				       "kind '%s' is not one of Course, Specialization, "
				       "Professional Certificate, Guided Project",
				       row->v[F_KIND]);
		return CATALOG_ERROR;
	}
	/* a degree or the like by its title, whatever the kind column says */
	search_fold(p->title, strlen(p->title), folded, cap);
	if ((skip = catalog_not_offered_reason(folded)) != NULL) {
		*reason = skip;
		return CATALOG_SKIPPED;
	}
	if (k[0])
		p->set[F_KIND] = 1;
	else if (strstr(folded, "professional certificate"))
		k = "professional-certificate";
	else if (strstr(folded, "specialization"))
		k = "specialization";
	else if (strstr(p->partner, "Project Network"))
		k = "guided-project";
	else
		k = "course";
	p->kind = k;
	return -1;
}

/* The level (a kind in the level column was taken by norm_kind). */
static int norm_level(const struct row *row, struct prog_in *p, struct arena *a,
		      const char **reason)
{
	p->level = catalog_norm_level(row->v[F_LEVEL] ? row->v[F_LEVEL] : "");
	if (!p->level) {
		const char *dummy;
		if (catalog_norm_kind(row->v[F_LEVEL], &dummy) || dummy) {
			p->level = ""; /* a kind in the level column, handled above */
		} else {
			*reason = arena_printf(a,
					       "level '%s' is not one of Beginner, Intermediate, "
					       "Advanced, Mixed",
					       row->v[F_LEVEL]);
			return CATALOG_ERROR;
		}
	}
	p->set[F_LEVEL] = p->level[0] != 0;
	return -1;
}

/* The hours (from a duration, an hours column or a range), the rating and the reviews. */
static int norm_numbers(const struct row *row, struct prog_in *p, struct arena *a,
			const char **reason)
{
	if (row->v[F_DURATION] &&
	    catalog_norm_duration(row->v[F_DURATION], &p->hours_min, &p->hours_max) != 0) {
		*reason = arena_printf(a,
				       "duration '%s' is not understood: write it like "
				       "'1 - 4 Weeks', '3 - 6 Months', '10 hours' or '4 meses'",
				       row->v[F_DURATION]);
		return CATALOG_ERROR;
	}
	if (row->v[F_HOURS] && row->v[F_HOURS][0]) {
		char *end;
		long h = strtol(row->v[F_HOURS], &end, 10);
		if (end == row->v[F_HOURS] || h < 0 || h > 100000) {
			*reason = arena_printf(a, "hours '%s' is not a number of hours",
					       row->v[F_HOURS]);
			return CATALOG_ERROR;
		}
		p->hours_min = p->hours_max = (int)h;
	}
	if (row->v[F_HOURS_MIN] && row->v[F_HOURS_MIN][0])
		p->hours_min = atoi(row->v[F_HOURS_MIN]);
	if (row->v[F_HOURS_MAX] && row->v[F_HOURS_MAX][0])
		p->hours_max = atoi(row->v[F_HOURS_MAX]);
	if (p->hours_min < 0 || p->hours_max < p->hours_min) {
		*reason = "hours_min and hours_max do not make a range";
		return CATALOG_ERROR;
	}
	p->set[F_HOURS] = p->hours_max > 0;

	if (row->v[F_RATING] && catalog_norm_rating(row->v[F_RATING], &p->rating) != 0) {
		*reason = arena_printf(a, "rating '%s' is not a number from 0 to 5",
				       row->v[F_RATING]);
		return CATALOG_ERROR;
	}
	p->set[F_RATING] = p->rating > 0;
	if (row->v[F_REVIEWS] && catalog_norm_reviews(row->v[F_REVIEWS], &p->reviews) != 0) {
		*reason = arena_printf(a, "review count '%s' is not a number", row->v[F_REVIEWS]);
		return CATALOG_ERROR;
	}
	p->set[F_REVIEWS] = p->reviews > 0 || (row->v[F_REVIEWS] && row->v[F_REVIEWS][0] == '0');
	return -1;
}

/* The skills, language, subtitles and industry: given, or guessed from the title. */
static int norm_topic(const struct row *row, struct prog_in *p, struct arena *a,
		      const char **reason)
{
	const char *v, *skip = NULL;

	p->skills = catalog_norm_skills(row->v[F_SKILLS] ? row->v[F_SKILLS] : "", a);
	/* "Course" in the skills column is the same slip as a kind in the level column */
	if (catalog_norm_kind(p->skills, &skip) && p->skills[0])
		p->skills = "";
	p->set[F_SKILLS] = p->skills[0] != 0;

	v = row->v[F_LANGUAGE];
	if (v && v[0] && strcasecmp(v, "none")) {
		p->language = catalog_norm_language(v);
		if (!p->language) {
			*reason = arena_printf(a,
					       "language '%s' is not known: use a two-letter "
					       "code such as en or es",
					       v);
			return CATALOG_ERROR;
		}
		p->set[F_LANGUAGE] = 1;
	} else {
		p->language = catalog_guess_language(p->title);
	}
	if (row->v[F_SUBTITLES] && row->v[F_SUBTITLES][0]) {
		p->subtitles = catalog_norm_subtitles(row->v[F_SUBTITLES], a);
		p->set[F_SUBTITLES] = 1;
	} else {
		p->subtitles = p->language; /* every lecture video has captions in its language */
	}
	v = row->v[F_INDUSTRY];
	if (v && v[0]) {
		p->industry = catalog_norm_industry(v, a);
		if (!p->industry) {
			*reason =
				arena_printf(a,
					     "industry '%s' is not one of the catalog's "
					     "industries (data-science, business, technology, ...)",
					     v);
			return CATALOG_ERROR;
		}
		p->set[F_INDUSTRY] = 1;
	} else {
		p->industry = catalog_guess_industry(p->title, p->skills);
	}
	return -1;
}

/* The description, syllabus and web address. */
static int norm_texts(const struct row *row, struct prog_in *p, struct arena *a,
		      const char **reason)
{
	p->description = row->v[F_DESCRIPTION] ? row->v[F_DESCRIPTION] : "";
	p->set[F_DESCRIPTION] = p->description[0] != 0;
	p->syllabus = row->v[F_SYLLABUS] ? row->v[F_SYLLABUS] : "";
	p->set[F_SYLLABUS] = p->syllabus[0] != 0;
	p->url = row->v[F_URL] ? row->v[F_URL] : "";
	if (p->url[0] && strncmp(p->url, "https:", 6) && strncmp(p->url, "http:", 5)) {
		*reason = arena_printf(a, "url '%s' is not a web address (https)", p->url);
		return CATALOG_ERROR;
	}
	p->set[F_URL] = p->url[0] != 0;
	return -1;
}

/* The provider id, the slug, and the key that finds a repeat within the file: the provider
 * id, else the folded title with the folded partner. */
static void norm_identity(const struct row *row, struct prog_in *p, const char *folded_title)
{
	if (row->v[F_PROVIDER_ID] && row->v[F_PROVIDER_ID][0]) {
		snprintf(p->provider_id, sizeof(p->provider_id), "%s", row->v[F_PROVIDER_ID]);
		p->set[F_PROVIDER_ID] = 1;
	}
	if (row->v[F_SLUG] && row->v[F_SLUG][0]) {
		catalog_slugify(row->v[F_SLUG], p->slug, sizeof(p->slug));
		p->set[F_SLUG] = 1;
	} else {
		catalog_title_slug(p->title, p->partner, p->slug, sizeof(p->slug));
	}
	if (p->set[F_PROVIDER_ID])
		snprintf(p->key, sizeof(p->key), "id:%s", p->provider_id);
	else {
		char fp[256];
		search_fold(p->partner, strlen(p->partner), fp, sizeof(fp));
		snprintf(p->key, sizeof(p->key), "%s|%s", folded_title, fp);
	}
}

/* Normalizes one row. Returns CATALOG_ERROR / CATALOG_SKIPPED with *reason, or -1 when the row
 * is fine. */
static int normalize_row(const struct row *row, struct prog_in *p, struct arena *a,
			 const char **reason)
{
	char f[512];
	int rc;

	memset(p, 0, sizeof(*p));
	if (row->bad_columns) {
		*reason = arena_printf(a,
				       "has %zu columns where the header has a different "
				       "number (check the quotes)",
				       row->bad_columns);
		return CATALOG_ERROR;
	}
	if (!row->v[F_TITLE] || !row->v[F_TITLE][0]) {
		*reason = "the title is empty";
		return CATALOG_ERROR;
	}
	if ((rc = norm_kind(row, p, a, f, sizeof(f), reason)) != -1 ||
	    (rc = norm_level(row, p, a, reason)) != -1 ||
	    (rc = norm_numbers(row, p, a, reason)) != -1 ||
	    (rc = norm_topic(row, p, a, reason)) != -1 ||
	    (rc = norm_texts(row, p, a, reason)) != -1)
		return rc;
	norm_identity(row, p, f);
	return -1;
}

/* ---- writing ---------------------------------------------------------------------------- */

struct existing {
	int64_t id;
	char *slug, *kind, *title, *partner, *description, *level, *language, *subtitles;
	char *skills, *syllabus, *industry, *url, *provider_id;
	int hours_min, hours_max, active;
	double rating;
	int64_t reviews;
};

static void read_existing(struct stmt *st, struct existing *e, struct arena *a)
{
	e->id = stmt_int(st, 0);
	e->slug = stmt_text_dup(st, 1, a);
	e->kind = stmt_text_dup(st, 2, a);
	e->title = stmt_text_dup(st, 3, a);
	e->partner = stmt_text_dup(st, 4, a);
	e->description = stmt_text_dup(st, 5, a);
	e->level = stmt_text_dup(st, 6, a);
	e->language = stmt_text_dup(st, 7, a);
	e->subtitles = stmt_text_dup(st, 8, a);
	e->hours_min = (int)stmt_int(st, 9);
	e->hours_max = (int)stmt_int(st, 10);
	e->rating = stmt_is_null(st, 11) ? 0 : stmt_double(st, 11);
	e->reviews = stmt_int(st, 12);
	e->skills = stmt_text_dup(st, 13, a);
	e->syllabus = stmt_text_dup(st, 14, a);
	e->industry = stmt_text_dup(st, 15, a);
	e->url = stmt_text_dup(st, 16, a);
	e->active = (int)stmt_int(st, 17);
	e->provider_id = stmt_text_dup(st, 18, a);
}

/* Keys an import has seen ("title|partner", "id:12", "slug:x"), with their line: a small
 * open-addressing table in the arena. */
struct claims {
	const char **keys, **vals;
	int *lines;
	size_t cap;
	struct arena *a;
};

static void claims_init(struct claims *c, size_t n, struct arena *a)
{
	c->cap = 16;
	while (c->cap < n * 2 + 2)
		c->cap <<= 1;
	c->keys = arena_zalloc(a, c->cap * sizeof(*c->keys));
	c->lines = arena_zalloc(a, c->cap * sizeof(*c->lines));
	c->vals = arena_zalloc(a, c->cap * sizeof(*c->vals));
	c->a = a;
}

/* The slot of key (empty when absent). */
static size_t claim_slot(const struct claims *c, const char *key)
{
	uint32_t h = 2166136261u;
	const unsigned char *k;
	size_t j;

	for (k = (const unsigned char *)key; *k; k++)
		h = (h ^ *k) * 16777619u;
	for (j = h & (c->cap - 1); c->keys[j] && strcmp(c->keys[j], key);
	     j = (j + 1) & (c->cap - 1))
		;
	return j;
}

/* 0 after recording key (with a value) for line, or the line that recorded it first. */
static int claim_val(struct claims *c, const char *key, int line, const char *val)
{
	size_t j = claim_slot(c, key);

	if (c->keys[j])
		return c->lines[j];
	c->keys[j] = arena_strdup(c->a, key);
	c->vals[j] = val;
	c->lines[j] = line;
	return 0;
}

static int claim(struct claims *c, const char *key, int line)
{
	return claim_val(c, key, line, NULL);
}

/* Finds the program a row means: by provider id, else by slug when the partner agrees.
 * A same-titled program of another partner (or with another provider id) is a different
 * program: the row's slug becomes "<title>-<partner>" (then "-2", "-3"...). 1 found. */
static int find_existing(struct db *db, struct prog_in *p, struct existing *e, struct arena *a,
			 const struct claims *cl, int *earlier)
{
	struct stmt *st;
	char base[96], ps[48];
	int found = 0, attempt;

	if (p->set[F_PROVIDER_ID]) {
		st = db_prepare(db, "SELECT id, slug, kind, title, partner, description, level, "
				    "language, subtitles, "
				    "hours_min, hours_max, rating, reviews, skills, syllabus, "
				    "industry, url, active, "
				    "provider_id FROM programs WHERE provider_id = ?");
		stmt_bind_text(st, 1, p->provider_id);
		if (stmt_step(st) == DB_ROW) {
			read_existing(st, e, a);
			found = 1;
		}
		stmt_done(st);
		if (found)
			return 1;
	}
	snprintf(base, sizeof(base), "%s", p->slug);
	catalog_slugify(p->partner, ps, sizeof(ps));
	for (attempt = 0; attempt < 8; attempt++) {
		if (attempt == 1)
			snprintf(p->slug, sizeof(p->slug), "%.40s-%s", base, ps);
		else if (attempt > 1)
			snprintf(p->slug, sizeof(p->slug), "%.40s-%s-%d", base, ps, attempt);
		st = db_prepare(db, "SELECT id, slug, kind, title, partner, description, level, "
				    "language, subtitles, "
				    "hours_min, hours_max, rating, reviews, skills, syllabus, "
				    "industry, url, active, "
				    "provider_id FROM programs WHERE slug = ?");
		stmt_bind_text(st, 1, p->slug);
		found = stmt_step(st) == DB_ROW;
		if (found)
			read_existing(st, e, a);
		stmt_done(st);
		if (!found) {
			/* a program this file adds (a dry run has not written it) */
			char key[sizeof(p->slug) + 8];
			size_t j;
			snprintf(key, sizeof(key), "slug:%s", p->slug);
			j = claim_slot(cl, key);
			if (!cl->keys[j])
				return 0;
			if (p->set[F_SLUG] || !p->partner[0] || !strcmp(cl->vals[j], p->partner)) {
				*earlier = cl->lines[j];
				return 0;
			}
			continue;
		}
		if (p->set[F_PROVIDER_ID] && e->provider_id && e->provider_id[0] &&
		    strcmp(e->provider_id, p->provider_id))
			continue; /* the slug is another provider program's */
		if (p->set[F_SLUG] || !p->partner[0] || !strcmp(e->partner, p->partner))
			return 1;
	}
	return 0;
}

static int streq(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* The program as it will be after this row: the existing values, overlaid by what the
 * row sets. Returns 1 when that differs from the existing row. */
static int merge(const struct prog_in *p, const struct existing *e, struct prog_in *m)
{
	*m = *p;
	if (!p->set[F_KIND])
		m->kind = e->kind;
	if (!p->set[F_PARTNER])
		m->partner = e->partner;
	if (!p->set[F_LEVEL])
		m->level = e->level;
	if (!p->set[F_LANGUAGE])
		m->language = e->language;
	if (!p->set[F_SUBTITLES])
		m->subtitles = e->subtitles;
	if (!p->set[F_HOURS]) {
		m->hours_min = e->hours_min;
		m->hours_max = e->hours_max;
	}
	if (!p->set[F_RATING])
		m->rating = e->rating;
	if (!p->set[F_REVIEWS])
		m->reviews = e->reviews;
	if (!p->set[F_SKILLS])
		m->skills = e->skills;
	if (!p->set[F_DESCRIPTION])
		m->description = e->description;
	if (!p->set[F_SYLLABUS])
		m->syllabus = e->syllabus;
	if (!p->set[F_INDUSTRY])
		m->industry = e->industry;
	if (!p->set[F_URL])
		m->url = e->url;
	snprintf(m->slug, sizeof(m->slug), "%s", e->slug);
	if (!p->set[F_PROVIDER_ID])
		snprintf(m->provider_id, sizeof(m->provider_id), "%s",
			 e->provider_id ? e->provider_id : "");
	return !e->active || !streq(m->kind, e->kind) || !streq(m->title, e->title) ||
	       !streq(m->partner, e->partner) || !streq(m->level, e->level) ||
	       !streq(m->language, e->language) || !streq(m->subtitles, e->subtitles) ||
	       m->hours_min != e->hours_min || m->hours_max != e->hours_max ||
	       fabs(m->rating - e->rating) > 1e-9 || m->reviews != e->reviews ||
	       !streq(m->skills, e->skills) || !streq(m->description, e->description) ||
	       !streq(m->syllabus, e->syllabus) || !streq(m->industry, e->industry) ||
	       !streq(m->url, e->url) || !streq(m->provider_id, e->provider_id);
}

static void bind_program(struct stmt *st, const struct prog_in *m)
{
	stmt_bind_text(st, 1, m->provider_id[0] ? m->provider_id : NULL);
	stmt_bind_text(st, 2, m->slug);
	stmt_bind_text(st, 3, m->kind);
	stmt_bind_text(st, 4, m->title);
	stmt_bind_text(st, 5, m->partner);
	stmt_bind_text(st, 6, m->description);
	stmt_bind_text(st, 7, m->level);
	stmt_bind_text(st, 8, m->language);
	stmt_bind_text(st, 9, m->subtitles);
	stmt_bind_int(st, 10, m->hours_min);
	stmt_bind_int(st, 11, m->hours_max);
	stmt_bind_text(st, 12, catalog_duration_bucket(m->hours_max));
	if (m->rating > 0)
		stmt_bind_double(st, 13, m->rating);
	else
		stmt_bind_null(st, 13);
	stmt_bind_int(st, 14, m->reviews);
	stmt_bind_text(st, 15, m->skills);
	stmt_bind_text(st, 16, m->syllabus);
	stmt_bind_text(st, 17, m->industry);
	stmt_bind_text(st, 18, m->url);
	stmt_bind_int(st, 19, search_static_score(m->rating, m->reviews, m->kind));
}

struct import_run {
	struct parse_state *ps;
	struct catalog_import_report *r;
	const struct catalog_import_opts *o;
	struct arena *a;
	int write;
	int64_t *touched;
	size_t ntouched;
};

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Matches a normalized row to its program (e->id, 0 for a new one) and claims it for this
 * line. Returns 0, or the earlier line of the file that already gave the same program: the
 * first one wins, so importing the file again changes nothing. */
static int match_row(struct db *db, struct import_run *run, struct claims *cl, struct prog_in *p,
		     struct existing *e, int line)
{
	struct arena *a = run->a;
	int earlier = claim(cl, p->key, line);

	memset(e, 0, sizeof(*e));
	if (!earlier && find_existing(db, p, e, a, cl, &earlier)) {
		char *sk = arena_printf(a, "slug:%s", e->slug);
		earlier = claim(cl, sk, line);
		if (!earlier)
			run->touched[run->ntouched++] = e->id;
	} else if (!earlier) {
		char *sk = arena_printf(a, "slug:%s", p->slug);
		earlier = claim_val(cl, sk, line, arena_strdup(a, p->partner));
		e->id = 0;
	}
	return earlier;
}

/* Writes the merged program m over program id. 0 or DB_ERR. */
static int update_program(struct db *db, const struct prog_in *m, int64_t id, const char *now)
{
	struct stmt *st = db_prepare(db, "UPDATE programs SET provider_id = ?, slug = ?, kind = ?, "
					 "title = ?, partner = ?, description = ?, level = ?, "
					 "language = ?, subtitles = ?, hours_min = ?, hours_max = "
					 "?, "
					 "duration = ?, rating = ?, reviews = ?, skills = ?, "
					 "syllabus = ?, industry = ?, url = ?, static_score = ?, "
					 "active = 1, source = 'import', updated_at = ? WHERE id = "
					 "?");
	int rc;

	bind_program(st, m);
	stmt_bind_text(st, 20, now);
	stmt_bind_int(st, 21, id);
	rc = stmt_step(st) == DB_DONE ? 0 : DB_ERR;
	stmt_done(st);
	return rc;
}

/* Adds program p. 0, or -1 when the database refused the row (its message in db_errmsg). */
static int insert_program(struct db *db, const struct prog_in *p, const char *now)
{
	struct stmt *st = db_prepare(db, "INSERT INTO programs (provider_id, slug, kind, title, "
					 "partner, description, level, language, subtitles, "
					 "hours_min, hours_max, duration, rating, reviews, skills, "
					 "syllabus, industry, url, static_score, active, source, "
					 "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
					 "?, "
					 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'import', ?, ?)");
	int rc;

	bind_program(st, p);
	stmt_bind_text(st, 20, now);
	stmt_bind_text(st, 21, now);
	rc = stmt_step(st) == DB_DONE ? 0 : -1;
	stmt_done(st);
	return rc;
}

/* One row of the file: normalized, matched, counted in the report and (when writing) applied.
 * 0, or DB_ERR when the database fails. */
static int import_row(struct db *db, struct import_run *run, struct claims *cl,
		      const struct row *row, const char *now)
{
	struct catalog_import_report *r = run->r;
	struct arena *a = run->a;
	int line = row->line, earlier;
	struct prog_in p, m;
	struct existing e;
	const char *reason = NULL;
	int out = normalize_row(row, &p, a, &reason);

	if (out == CATALOG_ERROR) {
		r->errors++;
		catalog_report_line(r, a, line, CATALOG_ERROR, NULL, reason);
		return 0;
	}
	if (out == CATALOG_SKIPPED) {
		r->skipped++;
		count_reason(r, reason);
		catalog_report_line(r, a, line, CATALOG_SKIPPED, p.slug[0] ? p.slug : NULL, reason);
		return 0;
	}
	if ((earlier = match_row(db, run, cl, &p, &e, line)) != 0) {
		r->skipped++;
		reason = arena_printf(a, "repeats the program of line %d", earlier);
		count_reason(r, "repeats a program of an earlier line");
		catalog_report_line(r, a, line, CATALOG_SKIPPED, NULL, reason);
		return 0;
	}
	if (e.id) {
		if (!merge(&p, &e, &m)) {
			r->unchanged++;
			return 0;
		}
		r->updated++;
		catalog_report_line(r, a, line, CATALOG_UPDATED, m.slug, NULL);
		return run->write ? update_program(db, &m, e.id, now) : 0;
	}
	r->added++;
	catalog_report_line(r, a, line, CATALOG_ADDED, p.slug, NULL);
	if (!run->write)
		return 0;
	if (insert_program(db, &p, now) != 0) {
		catalog_report_line(r, a, line, CATALOG_ERROR, p.slug, db_errmsg(db));
		r->added--;
		r->errors++;
		return 0;
	}
	run->touched[run->ntouched++] = db_last_id(db);
	return 0;
}

/* --retire-missing: the imported programs no row of the file gave are counted and (when
 * writing) made inactive. */
static void retire_missing(struct db *db, struct import_run *run, const char *now)
{
	struct stmt *st = db_prepare(db, "SELECT id, slug FROM programs WHERE active = 1 "
					 "AND source = 'import' ORDER BY id");
	int64_t *retire = NULL;
	size_t nretire = 0, rcap = 0, i;

	qsort(run->touched, run->ntouched, sizeof(int64_t), id_cmp);
	while (stmt_step(st) == DB_ROW) {
		int64_t id = stmt_int(st, 0);
		if (bsearch(&id, run->touched, run->ntouched, sizeof(int64_t), id_cmp))
			continue;
		if (nretire == rcap) {
			int64_t *nr =
				arena_alloc(run->a, (rcap = rcap ? rcap * 2 : 64) * sizeof(*nr));
			if (nretire)
				memcpy(nr, retire, nretire * sizeof(*nr));
			retire = nr;
		}
		retire[nretire++] = id;
	}
	stmt_done(st);
	run->r->retired = (int)nretire;
	for (i = 0; run->write && i < nretire; i++) {
		st = db_prepare(db, "UPDATE programs SET active = 0, updated_at = ? WHERE id = ?");
		stmt_bind_text(st, 1, now);
		stmt_bind_int(st, 2, retire[i]);
		stmt_step(st);
		stmt_done(st);
	}
}

/* The import's audit row (when a staff member ran it) and its line in catalog_imports. 0 or
 * DB_ERR. */
static int record_import(struct db *db, const struct import_run *run, const char *now)
{
	const struct catalog_import_report *r = run->r;
	struct stmt *st;

	if (run->o->who) {
		json_t *after = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "file",
					  run->o->file_name ? run->o->file_name : "", "rows",
					  r->rows, "added", r->added, "updated", r->updated,
					  "unchanged", r->unchanged, "skipped", r->skipped,
					  "errors", r->errors, "retired", r->retired);
		int arc = audit_write(db, run->o->who, "import", "catalog", "", 0, NULL, after);
		json_decref(after);
		if (arc != 0)
			return DB_ERR;
	}
	st = db_prepare(db,
			"INSERT INTO catalog_imports (at, actor, file_name, dry_run, rows_read, "
			"added, updated, unchanged, skipped, errors, retired) "
			"VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)");
	stmt_bind_text(st, 1, now);
	stmt_bind_text(st, 2, run->o->actor ? run->o->actor : "");
	stmt_bind_text(st, 3, run->o->file_name ? run->o->file_name : "");
	stmt_bind_int(st, 4, r->rows);
	stmt_bind_int(st, 5, r->added);
	stmt_bind_int(st, 6, r->updated);
	stmt_bind_int(st, 7, r->unchanged);
	stmt_bind_int(st, 8, r->skipped);
	stmt_bind_int(st, 9, r->errors);
	stmt_bind_int(st, 10, r->retired);
	stmt_step(st);
	stmt_done(st);
	return 0;
}

/* Walks the rows: normalizes, matches, and (when writing) inserts or updates. Runs inside
 * one transaction; the caller rolls it back when the file has errors and is not partial. */
static int import_rows(struct db *db, void *ctx)
{
	struct import_run *run = ctx;
	struct parse_state *ps = run->ps;
	struct catalog_import_report *r = run->r;
	char now[ISO_LEN];
	size_t i;
	struct claims cl;

	claims_init(&cl, ps->n * 3, run->a);
	run->touched = arena_alloc(run->a, (ps->n + 1) * sizeof(int64_t));
	run->ntouched = 0;
	iso_now(now);
	if (run->write && search_migrate(db) != 0)
		return DB_ERR;
	r->rows = (int)ps->n;
	for (i = 0; i < ps->n; i++)
		if (import_row(db, run, &cl, &ps->rows[i], now) != 0)
			return DB_ERR;
	if (run->o->retire_missing && (r->errors == 0 || run->o->partial))
		retire_missing(db, run, now);
	if (!run->write)
		return 0;
	if (r->errors && !run->o->partial)
		return DB_ABORT;
	if (r->added || r->updated || r->retired)
		catalog_touch(db);
	if (r->added + r->updated + r->retired > 100)
		search_optimize(db);
	return record_import(db, run, now);
}

/* Checks and (unless a dry run) applies the parsed rows in one transaction. */
static int apply_rows(struct db *db, struct parse_state *ps, const struct catalog_import_opts *o,
		      struct arena *a, struct catalog_import_report *r)
{
	struct import_run run;
	int rc;

	memset(&run, 0, sizeof(run));
	run.ps = ps;
	run.r = r;
	run.o = o;
	run.a = a;
	if (o->dry_run) {
		run.write = 0;
		return import_rows(db, &run) < 0 ? -1 : 0;
	}
	run.write = 1;
	rc = db_write(import_rows, &run);
	if (rc == DB_ABORT) {
		/* errors without --partial: nothing was written; the counts say what would be */
		r->applied = 0;
		return 0;
	}
	if (rc != 0)
		return -1;
	r->applied = 1;
	catalog_changed();
	return 0;
}

int catalog_import_with(struct db *db, const char *csv, size_t len,
			const struct catalog_import_opts *o, struct arena *a,
			struct catalog_import_report *r)
{
	struct parse_state ps;
	int rc;
	struct csv_bad_text bad;

	memset(r, 0, sizeof(*r));
	memset(&ps, 0, sizeof(ps));
	ps.a = a;
	ps.r = r;
	ps.o = o;
	rc = csv_read_at(csv, len, on_row, &ps, &bad);
	if (rc == -3) {
		r->fatal = arena_printf(a, "line %zu, %s", bad.row, csv_bad_text_message(a, &bad));
		free(ps.rows);
		return 0;
	}
	if (ps.fatal) {
		r->fatal = ps.fatal;
		free(ps.rows);
		return 0;
	}
	if (rc == -2) {
		r->fatal = "the file is not valid CSV (check the quotes)";
		free(ps.rows);
		return 0;
	}
	if (!ps.cols.n) {
		r->fatal = "the file is empty: it needs a header row and one row per program";
		free(ps.rows);
		return 0;
	}
	rc = apply_rows(db, &ps, o, a, r);
	free(ps.rows);
	return rc;
}

int catalog_import(const char *csv, size_t len, const struct catalog_import_opts *o,
		   struct arena *a, struct catalog_import_report *r)
{
	return catalog_import_with(db_get(), csv, len, o, a, r);
}

json_t *catalog_import_report_json(const struct catalog_import_report *r,
				   const struct catalog_import_opts *o)
{
	json_t *j, *reasons = json_object(), *errors = json_array(), *skipped = json_array();
	size_t i;

	if (r->fatal)
		return json_pack("{s:b, s:s}", "applied", 0, "error", r->fatal);
	for (i = 0; i < r->nreasons; i++)
		json_object_set_new(reasons, r->reasons[i].reason,
				    json_integer(r->reasons[i].count));
	for (i = 0; i < r->nlines; i++) {
		const struct catalog_import_line *l = &r->lines[i];
		if (l->outcome == CATALOG_ERROR)
			json_array_append_new(errors,
					      json_pack("{s:i, s:s}", "line", l->line, "message",
							l->reason ? l->reason : ""));
		else if (l->outcome == CATALOG_SKIPPED)
			json_array_append_new(skipped,
					      json_pack("{s:i, s:s}", "line", l->line, "reason",
							l->reason ? l->reason : ""));
	}
	j = json_pack("{s:i, s:i, s:i, s:i, s:{s:i, s:o}, s:i, s:o, s:o, s:i, s:b, s:b, s:b}",
		      "rows", r->rows, "added", r->added, "updated", r->updated, "unchanged",
		      r->unchanged, "skipped", "count", r->skipped, "reasons", reasons,
		      "error_count", r->errors, "errors", errors, "skipped_lines", skipped,
		      "retired", r->retired, "dry_run", o->dry_run, "partial", o->partial,
		      "applied", r->applied);
	return j;
}
