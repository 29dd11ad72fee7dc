/* catalog.h - the programs learners can take: browse (curated by region), explore (search),
 * one program, the provider's catalog import and the curated lists.
 *
 * A program is a course, a specialization, a professional certificate or a guided project
 * at the provider. Keys (kind, level, duration, industry, language) are stored as short text
 * keys; their English labels come from the tables below and are translated with tr().
 * Degrees, graduate and postgraduate certificates, university certificates and MasterTrack
 * programs are not offered under the program: the import skips them and says why.
 *
 * Memory: every string a catalog function returns lives in the caller's arena.
 */
#ifndef SG_CATALOG_H
#define SG_CATALOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db/search.h"
#include "i18n/i18n.h"

#include <jansson.h>

struct arena;
struct db;
struct principal;

/* A key and its English label (translate with tr()). */
struct catalog_key {
	const char *key;
	const char *label;
};
extern const struct catalog_key catalog_kinds[];      /* course, specialization, ... */
extern const struct catalog_key catalog_levels[];     /* beginner, intermediate, ... */
extern const struct catalog_key catalog_durations[];  /* under-2-hours, 1-4-weeks, ... */
extern const struct catalog_key catalog_industries[]; /* data-science, business, ... */
extern const struct catalog_key catalog_languages[];  /* en, es, fr, ... (names) */
/* The English label of key in a table ending with a {NULL, NULL} row, or NULL. */
const char *catalog_label(const struct catalog_key *table, const char *key);

/* One syllabus module. */
struct program_module {
	const char *title, *summary;
	int hours;
};

struct program {
	int64_t id;
	const char *provider_id; /* NULL when the provider gave none */
	const char *slug, *kind, *title, *partner, *description, *level, *language;
	const char *subtitles; /* comma-separated language codes */
	int hours_min, hours_max;
	const char *duration;
	double rating; /* 0 when unknown */
	int64_t reviews;
	const char *skills;   /* ';'-separated */
	const char *syllabus; /* "title|summary|hours" per line */
	const char *industry, *url;
	int64_t static_score;
	int active;
};

/* Splits the ';' list of skills (or the ',' list of subtitles): returns the count, fills up
 * to max pointers into copies in the arena. */
size_t program_list(const char *list, char sep, struct arena *a, const char **out, size_t max);
/* Parses the syllabus into modules; returns the count. */
size_t program_syllabus(const struct program *p, struct arena *a, struct program_module *out,
			size_t max);
/* The English name of the certificate the program leads to (translate with tr()). */
const char *program_certificate(const struct program *p);

/* 0 and *p filled when a program with that slug exists (active or not), 1 when there is
 * none, -1 on error. */
int catalog_get(const char *slug, struct arena *a, struct program *p);
int catalog_get_id(struct db *db, int64_t id, struct arena *a, struct program *p);

/* ---- lists ------------------------------------------------------------------------------ */

enum catalog_sort {
	SORT_DEFAULT = 0, /* explore: relevance; browse: the region's ranking */
	SORT_RATING,
	SORT_REVIEWS,
	SORT_SHORTEST,
	SORT_TITLE,
};
/* "relevance"/"recommended", "rating", "reviews", "shortest", "title" */
enum catalog_sort catalog_sort_parse(const char *s);
const char *catalog_sort_key(enum catalog_sort s);

/* The filters a list can take; NULL or "" = any. */
struct catalog_filter {
	const char *kind, *level, *language, *subtitles, *duration, *partner, *industry;
};

enum facet_id {
	FACET_KIND,
	FACET_LEVEL,
	FACET_LANGUAGE,
	FACET_SUBTITLES,
	FACET_DURATION,
	FACET_INDUSTRY,
	FACET_PARTNER,
	FACET_COUNT
};
extern const char *const facet_names[FACET_COUNT]; /* "kind", "level", ... as in URLs */

struct facet_value {
	const char *key; /* as in the URL; for partner, the partner's name */
	int count;
};
struct facet {
	struct facet_value *v; /* most first (partner), else in the key table's order */
	size_t n;
};

struct catalog_query {
	const char *q;	   /* explore: the words typed */
	int64_t region_id; /* browse: the region's curated list; 0 = the whole catalog */
	struct catalog_filter f;
	enum catalog_sort sort;
	size_t offset, limit;
};

struct catalog_item {
	struct program p;
	int curated_rank; /* browse: rank in the region's list */
};

struct catalog_list {
	size_t total;	  /* programs that match (a lower bound when capped) */
	int capped;	  /* more match than were counted */
	size_t available; /* how many can be paged through (search ranks a bounded set) */
	struct catalog_item *items;
	size_t n;
	struct facet facets[FACET_COUNT];
	int any_word;		   /* explore: nothing matched every word; these match some */
	struct search_terms terms; /* explore: for highlighting */
};

/* Explore: full-text search over every active program. 0 or -1. */
int catalog_search(const struct catalog_query *q, struct arena *a, struct catalog_list *out);
/* Browse: the region's curated programs (or, with region 0, the whole catalog by
 * popularity), filtered, sorted and paged. 0 or -1. */
int catalog_browse(const struct catalog_query *q, struct arena *a, struct catalog_list *out);
/* Counts of a region's curated programs per industry, industries in the region's order of
 * weight: fills keys/counts, returns how many. */
size_t catalog_region_industries(int64_t region_id, struct arena *a, const char **keys, int *counts,
				 size_t max);

/* ---- regions ---------------------------------------------------------------------------- */

struct catalog_region {
	int64_t id;
	const char *name, *slug;
	const char *industries; /* "health-care:5;technology:4" */
};
/* Every region, by name; returns the count. */
size_t catalog_regions(struct arena *a, struct catalog_region *out, size_t max);
/* 0 and *out filled for the region with that slug, else 1 (-1 on error). */
int catalog_region_by_slug(const char *slug, struct arena *a, struct catalog_region *out);

/* ---- import ----------------------------------------------------------------------------- */

enum catalog_import_outcome {
	CATALOG_ADDED,
	CATALOG_UPDATED,
	CATALOG_UNCHANGED,
	CATALOG_SKIPPED,
	CATALOG_ERROR
};

struct catalog_import_line {
	int line; /* 1 = the header */
	enum catalog_import_outcome outcome;
	const char *slug;   /* the program, when known */
	const char *reason; /* why skipped or the error (English) */
};

struct catalog_import_opts {
	const char *map;	     /* "column=field,…" or NULL */
	int dry_run;		     /* report what would happen; change nothing */
	int partial;		     /* apply the good lines even when some lines have errors */
	int retire_missing;	     /* retire imported programs absent from the file */
	const char *actor;	     /* who, for the history ("cli", a staff e-mail) */
	const struct principal *who; /* staff (the import is audited), or NULL for the CLI */
	const char *file_name;
};

/* At most this many skipped and error lines are listed in a report (all are counted). */
#define CATALOG_REPORT_LINES 1000

struct catalog_import_report {
	int rows, added, updated, unchanged, skipped, errors, retired;
	int applied;	   /* the changes were written */
	const char *fatal; /* the whole file was refused (no header, unknown column...) */
	struct catalog_import_line
		*lines; /* skipped and error lines (and, with verbose, the rest) */
	size_t nlines;
	/* skip reasons with their counts */
	struct {
		const char *reason;
		int count;
	} reasons[16];
	size_t nreasons;
};

/* Imports a provider catalog CSV (UTF-8, BOM or not, CRLF or LF; a header row). Without
 * `partial`, a file with any error line changes nothing. 0 when it ran (see report), -1 on
 * a database error. Report strings live in the arena. */
int catalog_import(const char *csv, size_t len, const struct catalog_import_opts *o,
		   struct arena *a, struct catalog_import_report *r);
/* The same on a given connection (the seed, while it migrates). */
int catalog_import_with(struct db *db, const char *csv, size_t len,
			const struct catalog_import_opts *o, struct arena *a,
			struct catalog_import_report *r);

/* The report as the API and the CLI answer it: {rows, added, updated, unchanged, skipped:
 * {count, reasons:{reason: n}}, errors:[{line, message}], skipped_lines:[{line, reason}],
 * retired, dry_run, partial, applied}. A new reference. */
json_t *catalog_import_report_json(const struct catalog_import_report *r,
				   const struct catalog_import_opts *o);

/* Imports curated lists from CSV "region, program, rank" (region slug or name; program
 * slug or provider id). Replaces the lists of the regions in the file. Same report. */
int catalog_import_curation(const char *csv, size_t len, const struct catalog_import_opts *o,
			    struct arena *a, struct catalog_import_report *r);

/* Normalization, exposed for the unit tests. Each returns 0, or -1 when the value cannot be
 * read. An empty or "None" value gives the "unknown" result (0 / ""), not an error. */
int catalog_norm_duration(const char *s, int *hours_min, int *hours_max);
const char *catalog_duration_bucket(int hours_max);
/* A kind key, "" when blank, or NULL with *skip set to the reason when the program does not
 * offer it (degree, graduate certificate, ...), or NULL when unknown. */
const char *catalog_norm_kind(const char *s, const char **skip);
/* A level key or "" (blank, None, Mixed is "mixed"); NULL when unknown. */
const char *catalog_norm_level(const char *s);
int catalog_norm_rating(const char *s, double *rating);
int catalog_norm_reviews(const char *s, int64_t *reviews);
/* The language of a title ("es" for "Introducción a la programación"), "en" by default. */
const char *catalog_guess_language(const char *title);
/* The industry key a program belongs to, from its title and skills. */
const char *catalog_guess_industry(const char *title, const char *skills);
/* A URL slug from text: lowercase ASCII words joined by '-', at most 80 bytes. */
void catalog_slugify(const char *s, char *out, size_t cap);
/* The reason when folded text names a kind of program that is not offered (degrees, graduate
 * certificates, MasterTrack, ...), else NULL. */
const char *catalog_not_offered_reason(const char *v);
/* A skill list split on ',' or ';' as "a;b;c": trimmed, without repeats or "None" (in a). */
const char *catalog_norm_skills(const char *s, struct arena *a);
/* A language key from a code ("es") or a name ("Spanish", "Español"); NULL when unknown. */
const char *catalog_norm_language(const char *v);
/* Subtitle languages ("en, es", "English;Spanish") as "en,es", unknown ones left out (in a). */
const char *catalog_norm_subtitles(const char *v, struct arena *a);
/* An industry key from its name or key (in a); NULL when it is not one of the catalog's. */
const char *catalog_norm_industry(const char *v, struct arena *a);
/* The slug of a program from its title; for a title in another script, what the slug kept
 * (or the partner's slug) and a hash of the whole title, so two such titles never share one. */
void catalog_title_slug(const char *title, const char *partner, char *out, size_t cap);
/* Adds one line to an import's report (catalog import and curated-list import). */
void catalog_report_line(struct catalog_import_report *r, struct arena *a, int line,
			 enum catalog_import_outcome out, const char *slug, const char *reason);

/* ---- seed -------------------------------------------------------------------------------- */

/* Loads the default catalog (about 4,200 programs) and the curated lists of the 10 regions,
 * when the catalog is empty. Deterministic. 0 or -1. */
int catalog_seed(struct db *db);
/* Generates n programs with the same generator (for the benchmark), with seed `seed`. */
int catalog_generate(struct db *db, int n, uint64_t seed);

/* Tells this process the catalog changed (drops its cached facets and pages). Writers also
 * bump catalog_state.generation in their transaction, which every process sees. */
void catalog_changed(void);
/* Inside a write transaction that changed programs or curated lists: bumps the generation
 * every process checks, so their cached facets and pages are dropped. 0 or DB_ERR. */
int catalog_touch(struct db *db);
/* A number that changes whenever the catalog does (in any process, or in this one). */
int64_t catalog_generation(void);

#endif
