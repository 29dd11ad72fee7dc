/* programs.c - the JSON API for the catalog (docs/api.md).
 *
 *   GET  /api/v1/programs?q=&region=&kind=&level=&language=&industry=&limit=&cursor=
 *        anyone: explore (with q) or browse (a region's curated list, or everything)
 *        -> {total, items:[…], facets:{kind:{…}, level:{…}, …}, next_cursor}
 *   GET  /api/v1/programs/{slug}                  anyone: one program, with its syllabus
 *   POST /api/v1/imports/catalog[?partial=1&dry_run=1&retire_missing=1&map=…]
 *        state admin, text/csv: the provider's catalog export
 *   POST /api/v1/imports/curation[?partial=1&dry_run=1]
 *        state admin, text/csv: curated lists (region, program, rank)
 * The same domain calls as the pages (catalog.h).
 */
#include "api/programs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "principal.h"
#include "web/layout.h"

/* The filters and paging of a list request, shared with the pages' parameters. 0, or an
 * answered 422 (-1). */
static int read_query(struct req *r, struct resp *w, struct catalog_query *q)
{
	const char *region = req_query(r, "region"), *limit = req_query(r, "limit");
	const char *cursor = req_query(r, "cursor");

	memset(q, 0, sizeof(*q));
	q->q = req_query(r, "q");
	q->f.kind = req_query(r, "kind");
	q->f.level = req_query(r, "level");
	q->f.language = req_query(r, "language");
	q->f.subtitles = req_query(r, "subtitles");
	q->f.duration = req_query(r, "duration");
	q->f.industry = req_query(r, "industry");
	q->f.partner = req_query(r, "partner");
	q->sort = catalog_sort_parse(req_query(r, "sort"));
	q->limit = 20;
	if (limit && *limit) {
		char *end;
		long n = strtol(limit, &end, 10);
		if (*end || n < 1 || n > 100) {
			resp_api_error(r, w, 422, "invalid", "limit is from 1 to 100.",
				       json_pack("{s:s}", "limit", "from 1 to 100"));
			return -1;
		}
		q->limit = (size_t)n;
	}
	if (cursor && *cursor) {
		char *end;
		long n = cursor[0] == 'o' ? strtol(cursor + 1, &end, 10) : -1;
		if (n < 0 || n > 1000000 || *end) {
			resp_api_error(r, w, 422, "invalid", "The cursor is not one this API gave.",
				       json_pack("{s:s}", "cursor", "unknown cursor"));
			return -1;
		}
		q->offset = (size_t)n;
	}
	if (region && *region) {
		struct catalog_region reg;
		if (catalog_region_by_slug(region, r->arena, &reg) != 0) {
			resp_api_error(r, w, 422, "invalid", "There is no region with that slug.",
				       json_pack("{s:s}", "region", "unknown region"));
			return -1;
		}
		q->region_id = reg.id;
	}
	return 0;
}

static json_t *list_json(const char *list, char sep, struct arena *a)
{
	const char *v[64];
	size_t n = program_list(list, sep, a, v, 64), i;
	json_t *arr = json_array();

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_string(v[i]));
	return arr;
}

static json_t *program_json(struct req *r, const struct program *p, int full)
{
	char url[512];
	json_t *o;

	snprintf(url, sizeof(url), "%s/programs/%s", http_base_url(), p->slug);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "slug", p->slug, "title", p->title,
		      "partner", p->partner, "kind", p->kind, "level", p->level, "language",
		      p->language);
	json_object_set_new(o, "subtitles", list_json(p->subtitles, ',', r->arena));
	json_object_set_new(o, "hours_min", json_integer(p->hours_min));
	json_object_set_new(o, "hours_max", json_integer(p->hours_max));
	json_object_set_new(o, "rating", p->rating > 0 ? json_real(p->rating) : json_null());
	json_object_set_new(o, "reviews", json_integer(p->reviews));
	json_object_set_new(o, "skills", list_json(p->skills, ';', r->arena));
	json_object_set_new(o, "industry", json_string(p->industry));
	json_object_set_new(o, "url", json_string(url));
	if (full) {
		struct program_module m[32];
		size_t n = program_syllabus(p, r->arena, m, 32), i;
		json_t *syl = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(syl, json_pack("{s:s, s:s, s:i}", "title", m[i].title,
							     "summary", m[i].summary, "hours",
							     m[i].hours));
		json_object_set_new(o, "description", json_string(p->description));
		json_object_set_new(o, "duration", json_string(p->duration));
		json_object_set_new(o, "syllabus", syl);
		json_object_set_new(o, "certificate",
				    json_string(tr(r->lang, program_certificate(p))));
		json_object_set_new(o, "certificate_fee", json_integer(0));
		json_object_set_new(o, "provider_url",
				    p->url[0] ? json_string(p->url) : json_null());
		json_object_set_new(o, "provider_id",
				    p->provider_id ? json_string(p->provider_id) : json_null());
		json_object_set_new(o, "active", json_boolean(p->active));
	}
	return o;
}

int api_programs_list(struct req *r, struct resp *w)
{
	struct catalog_query q;
	struct catalog_list l;
	json_t *o, *items, *facets;
	size_t i, k;
	int rc;

	if (read_query(r, w, &q) != 0)
		return 0;
	rc = q.q && *q.q ? catalog_search(&q, r->arena, &l) : catalog_browse(&q, r->arena, &l);
	if (rc != 0)
		return resp_error(r, w, 500, NULL);
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, program_json(r, &l.items[i].p, 0));
	facets = json_object();
	for (k = 0; k < FACET_COUNT; k++) {
		json_t *f = json_object();
		for (i = 0; i < l.facets[k].n; i++)
			json_object_set_new(f, l.facets[k].v[i].key,
					    json_integer(l.facets[k].v[i].count));
		json_object_set_new(facets, facet_names[k], f);
	}
	o = json_object();
	json_object_set_new(o, "total", json_integer((json_int_t)l.total));
	json_object_set_new(o, "total_is_lower_bound", json_boolean(l.capped));
	if (q.q && *q.q)
		json_object_set_new(o, "matched_all_words", json_boolean(!l.any_word));
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "facets", facets);
	if (q.offset + l.n < l.available) {
		char cur[32];
		snprintf(cur, sizeof(cur), "o%zu", q.offset + l.n);
		json_object_set_new(o, "next_cursor", json_string(cur));
	} else {
		json_object_set_new(o, "next_cursor", json_null());
	}
	return resp_json(r, w, 200, o);
}

int api_programs_get(struct req *r, struct resp *w)
{
	struct program p;
	int rc = catalog_get(req_param(r, "slug"), r->arena, &p);

	if (rc < 0)
		return resp_error(r, w, 500, NULL);
	if (rc > 0)
		return resp_api_error(r, w, 404, "not_found", "There is no program with that slug.",
				      NULL);
	return resp_json(r, w, 200, program_json(r, &p, 1));
}

static int flag(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

static int import(struct req *r, struct resp *w, int curation)
{
	struct catalog_import_opts o;
	struct catalog_import_report rep;
	json_t *j;
	int rc;

	memset(&o, 0, sizeof(o));
	o.dry_run = flag(r, "dry_run");
	o.partial = flag(r, "partial");
	o.retire_missing = !curation && flag(r, "retire_missing");
	o.map = curation ? NULL : req_query(r, "map");
	o.actor = r->who->email;
	o.who = r->who;
	o.file_name = req_query(r, "file_name");
	rc = curation ? catalog_import_curation(r->body, r->body_len, &o, r->arena, &rep)
		      : catalog_import(r->body, r->body_len, &o, r->arena, &rep);
	if (rc != 0)
		return resp_error(r, w, 500, NULL);
	if (rep.fatal)
		return resp_api_error(r, w, 422, "invalid_file", rep.fatal, NULL);
	j = catalog_import_report_json(&rep, &o);
	/* refused for bad lines: 422 with the same counts, so a client sees what to fix */
	return resp_import(r, w, !o.dry_run && !rep.applied, j);
}

int api_import_catalog(struct req *r, struct resp *w)
{
	return import(r, w, 0);
}

int api_import_curation(struct req *r, struct resp *w)
{
	return import(r, w, 1);
}
