/* catalog_columns.c - the header of a provider's export: its columns recognized by the names
 * exports use ("Course Name", "Difficulty", "Skills you'll gain") or mapped with
 * `--map column=field` (catalog_columns.h). */
#include "catalog_columns.h"

#include <ctype.h>
#include <string.h>

#include "util/arena.h"
#include "util/csvread.h"

static const char *const field_names[F_COUNT] = {
	"provider_id", "slug",	      "title",	  "partner",   "kind",	    "level",  "language",
	"subtitles",   "duration",    "hours",	  "hours_min", "hours_max", "rating", "reviews",
	"skills",      "description", "syllabus", "industry",  "url",	    "credit",
};

/* Column names seen in provider exports, folded to lowercase letters and digits. */
static const struct {
	const char *name;
	enum field f;
} column_names[] = {
	{ "providerid", F_PROVIDER_ID },
	{ "id", F_PROVIDER_ID },
	{ "courseid", F_PROVIDER_ID },
	{ "programid", F_PROVIDER_ID },
	{ "slug", F_SLUG },
	{ "title", F_TITLE },
	{ "course", F_TITLE },
	{ "coursename", F_TITLE },
	{ "coursetitle", F_TITLE },
	{ "name", F_TITLE },
	{ "program", F_TITLE },
	{ "programname", F_TITLE },
	{ "partner", F_PARTNER },
	{ "partners", F_PARTNER },
	{ "university", F_PARTNER },
	{ "organization", F_PARTNER },
	{ "provider", F_PARTNER },
	{ "offeredby", F_PARTNER },
	{ "institution", F_PARTNER },
	{ "kind", F_KIND },
	{ "certificatetype", F_KIND },
	{ "type", F_KIND },
	{ "producttype", F_KIND },
	{ "programtype", F_KIND },
	{ "level", F_LEVEL },
	{ "difficulty", F_LEVEL },
	{ "difficultylevel", F_LEVEL },
	{ "language", F_LANGUAGE },
	{ "lang", F_LANGUAGE },
	{ "subtitles", F_SUBTITLES },
	{ "subtitlelanguages", F_SUBTITLES },
	{ "captions", F_SUBTITLES },
	{ "duration", F_DURATION },
	{ "timetocomplete", F_DURATION },
	{ "length", F_DURATION },
	{ "hours", F_HOURS },
	{ "hoursmin", F_HOURS_MIN },
	{ "hoursmax", F_HOURS_MAX },
	{ "rating", F_RATING },
	{ "stars", F_RATING },
	{ "averagerating", F_RATING },
	{ "reviewcount", F_REVIEWS },
	{ "reviews", F_REVIEWS },
	{ "numreviews", F_REVIEWS },
	{ "ratingcount", F_REVIEWS },
	{ "numberofreviews", F_REVIEWS },
	{ "skills", F_SKILLS },
	{ "skillsgained", F_SKILLS },
	{ "skillsyoullgain", F_SKILLS },
	{ "description", F_DESCRIPTION },
	{ "summary", F_DESCRIPTION },
	{ "about", F_DESCRIPTION },
	{ "syllabus", F_SYLLABUS },
	{ "modules", F_SYLLABUS },
	{ "industry", F_INDUSTRY },
	{ "url", F_URL },
	{ "link", F_URL },
	{ "courseurl", F_URL },
	{ "crediteligibility", F_CREDIT },
	{ "crediteligible", F_CREDIT },
	{ "credit", F_CREDIT },
};

static void fold_name(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s && o + 1 < cap; s++)
		if (isalnum((unsigned char)*s))
			out[o++] = (char)tolower((unsigned char)*s);
	out[o] = '\0';
}

static int field_by_name(const char *name)
{
	char f[64];
	size_t i;

	fold_name(name, f, sizeof(f));
	if (!strcmp(f, "ignore") || !strcmp(f, "skip") || !f[0])
		return F_IGNORE;
	for (i = 0; i < F_COUNT; i++) {
		char g[64];
		fold_name(field_names[i], g, sizeof(g));
		if (!strcmp(f, g))
			return (int)i;
	}
	return -1;
}

/* Applies --map to the header: "column=field,column=field". */
static int apply_map(struct catalog_columns *c, char **header, size_t n, const char *map,
		     struct arena *a, const char **fatal)
{
	const char *m = map;
	char item[256];

	while (m && *m) {
		const char *comma = strchr(m, ','), *eq;
		size_t len = comma ? (size_t)(comma - m) : strlen(m);
		int col, f;
		if (len >= sizeof(item))
			len = sizeof(item) - 1;
		memcpy(item, m, len);
		item[len] = '\0';
		m += len + (comma ? 1 : 0);
		eq = strchr(item, '=');
		if (!eq) {
			*fatal = arena_printf(a, "--map item '%s' needs the form column=field",
					      item);
			return -1;
		}
		item[eq - item] = '\0';
		col = csv_column(header, n, item);
		if (col < 0) {
			*fatal = arena_printf(a,
					      "--map names column '%s', which the header "
					      "does not have",
					      item);
			return -1;
		}
		f = field_by_name(eq + 1);
		if (f == -1) {
			*fatal = arena_printf(
				a,
				"--map: unknown field '%s'; fields are "
				"title, partner, kind, level, language, subtitles, "
				"duration, hours, rating, reviews, skills, description, "
				"syllabus, industry, url, provider_id, slug, credit, "
				"ignore",
				eq + 1);
			return -1;
		}
		c->field[col] = f;
	}
	return 0;
}

int catalog_columns_read(struct catalog_columns *c, char **fields, size_t n, const char *map,
			 struct arena *a, const char **fatal)
{
	size_t i, k;
	char f[64];

	if (n > 256) {
		*fatal = "the header has more than 256 columns";
		return -1;
	}
	c->n = n;
	for (i = 0; i < n; i++) {
		c->field[i] = F_IGNORE;
		fold_name(fields[i], f, sizeof(f));
		for (k = 0; k < sizeof(column_names) / sizeof(column_names[0]); k++)
			if (!strcmp(f, column_names[k].name)) {
				c->field[i] = column_names[k].f;
				break;
			}
	}
	if (apply_map(c, fields, n, map, a, fatal) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (c->field[i] < 0)
			continue;
		for (k = 0; k < i; k++)
			if (c->field[k] == c->field[i]) {
				*fatal = arena_printf(a,
						      "columns '%s' and '%s' both give the "
						      "%s; map one to ignore with --map",
						      fields[k], fields[i],
						      field_names[c->field[i]]);
				return -1;
			}
		c->have[c->field[i]] = 1;
	}
	if (!c->have[F_TITLE]) {
		*fatal = "no title column: name a column 'title' (or 'course', 'name') or map "
			 "one with --map COLUMN=title";
		return -1;
	}
	return 0;
}
