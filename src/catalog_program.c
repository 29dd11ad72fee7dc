/* catalog_program.c - one program of the catalog (catalog.h): reading it by address name or
 * id, and the lists held in its columns (skills, partners, subtitles, syllabus, certificate). */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "util/arena.h"

size_t program_list(const char *list, char sep, struct arena *a, const char **out, size_t max)
{
	size_t n = 0;
	const char *p = list;

	while (p && *p && n < max) {
		const char *e = strchr(p, sep);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len && *p == ' ') {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		if (len)
			out[n++] = arena_strndup(a, p, len);
		if (!e)
			break;
		p = e + 1;
	}
	return n;
}

size_t program_syllabus(const struct program *p, struct arena *a, struct program_module *out,
			size_t max)
{
	const char *lines[64];
	size_t n = program_list(p->syllabus, '\n', a, lines, max < 64 ? max : 64), i;

	for (i = 0; i < n; i++) {
		char *t = (char *)lines[i], *bar = strchr(t, '|');
		out[i].title = t;
		out[i].summary = "";
		out[i].hours = 0;
		if (bar) {
			char *bar2;
			*bar = '\0';
			out[i].summary = bar + 1;
			bar2 = strchr(bar + 1, '|');
			if (bar2) {
				*bar2 = '\0';
				out[i].hours = atoi(bar2 + 1);
			}
		}
	}
	return n;
}

const char *program_certificate(const struct program *p)
{
	if (!strcmp(p->kind, "professional-certificate"))
		return N_("A professional certificate from the partner, shareable with employers");
	if (!strcmp(p->kind, "specialization"))
		return N_("A specialization certificate, after every course in the series");
	if (!strcmp(p->kind, "guided-project"))
		return N_("A certificate of completion for the guided project");
	return N_("A course certificate");
}

/* The columns read_program() reads, in its order. */
static void read_program(struct stmt *st, struct arena *a, struct program *p)
{
	p->id = stmt_int(st, 0);
	p->provider_id = stmt_text_dup(st, 1, a);
	p->slug = stmt_text_dup(st, 2, a);
	p->kind = stmt_text_dup(st, 3, a);
	p->title = stmt_text_dup(st, 4, a);
	p->partner = stmt_text_dup(st, 5, a);
	p->description = stmt_text_dup(st, 6, a);
	p->level = stmt_text_dup(st, 7, a);
	p->language = stmt_text_dup(st, 8, a);
	p->subtitles = stmt_text_dup(st, 9, a);
	p->hours_min = (int)stmt_int(st, 10);
	p->hours_max = (int)stmt_int(st, 11);
	p->duration = stmt_text_dup(st, 12, a);
	p->rating = stmt_is_null(st, 13) ? 0 : stmt_double(st, 13);
	p->reviews = stmt_int(st, 14);
	p->skills = stmt_text_dup(st, 15, a);
	p->syllabus = stmt_text_dup(st, 16, a);
	p->industry = stmt_text_dup(st, 17, a);
	p->url = stmt_text_dup(st, 18, a);
	p->static_score = stmt_int(st, 19);
	p->active = (int)stmt_int(st, 20);
}

int catalog_get(const char *slug, struct arena *a, struct program *p)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(
		db,
		"SELECT id, provider_id, slug, kind, title, partner, description, level, language, "
		"subtitles, hours_min, hours_max, duration, rating, reviews, skills, syllabus, "
		"industry, url, static_score, active FROM programs WHERE slug = ?");
	int rc;

	stmt_bind_text(st, 1, slug);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		read_program(st, a, p);
	stmt_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int catalog_get_id(struct db *db, int64_t id, struct arena *a, struct program *p)
{
	struct stmt *st = db_prepare(
		db,
		"SELECT id, provider_id, slug, kind, title, partner, description, level, language, "
		"subtitles, hours_min, hours_max, duration, rating, reviews, skills, syllabus, "
		"industry, url, static_score, active FROM programs WHERE id = ?");
	int rc;

	stmt_bind_int(st, 1, id);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		read_program(st, a, p);
	stmt_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}
