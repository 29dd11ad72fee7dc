/* catalog.c - Browse catalog, Explore, a program's page and the professional certificates.
 *
 * Every list is a GET with its filters in the query string, so a list is a URL a person can
 * bookmark or send, and every filter is a plain link (or, for the long partner list, a small
 * GET form): nothing needs JavaScript. The pages read parameters, call the catalog
 * (catalog.h) and render; they hold no SQL.
 */
#include "pages/catalog_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "enrollment.h"
#include "principal.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pagecache.h"

#define PER_PAGE 20

/* ---- list parameters -------------------------------------------------------------------- */

enum lp_key {
	LP_Q,
	LP_REGION,
	LP_INDUSTRY,
	LP_KIND,
	LP_LEVEL,
	LP_LANGUAGE,
	LP_SUBTITLES,
	LP_DURATION,
	LP_PARTNER,
	LP_SORT,
	LP_PAGE,
	LP_COUNT
};
static const char *const lp_names[LP_COUNT] = { "q",	   "region",   "industry",  "kind",
						"level",   "language", "subtitles", "duration",
						"partner", "sort",     "page" };
/* the facet behind each filter parameter */
static const int lp_facet[LP_COUNT] = { -1,
					-1,
					FACET_INDUSTRY,
					FACET_KIND,
					FACET_LEVEL,
					FACET_LANGUAGE,
					FACET_SUBTITLES,
					FACET_DURATION,
					FACET_PARTNER,
					-1,
					-1 };

struct lp {
	const char *v[LP_COUNT];
	int page;
};

static void lp_read(struct req *r, struct lp *p)
{
	int i;

	for (i = 0; i < LP_COUNT; i++) {
		p->v[i] = req_query(r, lp_names[i]);
		if (p->v[i] && !p->v[i][0])
			p->v[i] = NULL;
		if (p->v[i] && strlen(p->v[i]) > 200)
			p->v[i] = NULL;
	}
	p->page = p->v[LP_PAGE] ? atoi(p->v[LP_PAGE]) : 1;
	if (p->page < 1 || p->page > 10000)
		p->page = 1;
}

static int lp_filtered(const struct lp *p)
{
	int i;
	for (i = LP_INDUSTRY; i <= LP_PARTNER; i++)
		if (p->v[i])
			return 1;
	return 0;
}

/* The list's URL with one parameter set to value (NULL removes it); any change but the page
 * goes back to page 1. A string in the arena, not yet HTML-escaped. */
static const char *lp_url(struct req *r, const char *path, const struct lp *p, int key,
			  const char *value)
{
	struct buf b = BUF_INIT(4096);
	const char *out;
	int i, first = 1;

	buf_puts(&b, path);
	for (i = 0; i < LP_COUNT; i++) {
		const char *v = i == key ? value : p->v[i];
		if (i == LP_PAGE && key != LP_PAGE)
			v = NULL;
		if (i == LP_PAGE && v && !strcmp(v, "1"))
			v = NULL;
		if (!v)
			continue;
		buf_putc(&b, first ? '?' : '&');
		first = 0;
		buf_puts(&b, lp_names[i]);
		buf_putc(&b, '=');
		html_urlenc(&b, v);
	}
	out = arena_strdup(r->arena, b.p);
	buf_release(&b);
	return out;
}

/* ---- small formats --------------------------------------------------------------------- */

/* 12345 -> "12,345" (in the arena). */
static const char *fmt_count(struct req *r, int64_t n)
{
	char raw[32], out[48];
	size_t len, i, o = 0;

	snprintf(raw, sizeof(raw), "%lld", (long long)n);
	len = strlen(raw);
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0 && raw[0] != '-')
			out[o++] = ',';
		out[o++] = raw[i];
	}
	out[o] = '\0';
	return arena_strdup(r->arena, out);
}

static const char *label(struct req *r, const struct catalog_key *t, const char *key)
{
	const char *l = catalog_label(t, key);
	return l ? T(r, l) : key;
}

/* "About 10 to 16 hours" / "About 2 hours" / "" */
static const char *fmt_hours(struct req *r, const struct program *p)
{
	if (p->hours_max <= 0)
		return NULL;
	if (p->hours_min == p->hours_max || p->hours_min <= 0)
		return trn_fmt(r->arena, r->lang, "About %d hour", "About %d hours", p->hours_max,
			       p->hours_max);
	return tr_fmt(r->arena, r->lang, "About %d to %d hours", p->hours_min, p->hours_max);
}

/* Writes text with the words that match the search marked. */
static void write_marked(struct req *r, struct resp *w, const char *text,
			 const struct search_terms *t)
{
	struct search_span sp[32];
	size_t n, i, at = 0;

	if (!t || !t->n) {
		html(w, "%h", text);
		return;
	}
	n = search_highlight(t, text, sp, 32);
	for (i = 0; i < n; i++) {
		html(w, "%h", arena_strndup(r->arena, text + at, sp[i].off - at));
		html(w, "<mark>%h</mark>", arena_strndup(r->arena, text + sp[i].off, sp[i].len));
		at = sp[i].off + sp[i].len;
	}
	html(w, "%h", text + at);
}

static void write_rating(struct req *r, struct resp *w, const struct program *p)
{
	if (p->rating > 0)
		html(w, "<span class=\"rating\"><span aria-hidden=\"true\">★</span> %h</span>",
		     trn_fmt(r->arena, r->lang, "%.1f out of 5 (%s review)",
			     "%.1f out of 5 (%s reviews)", (long)p->reviews, p->rating,
			     fmt_count(r, p->reviews)));
	else
		html(w, "<span class=\"rating\">%h</span>", T(r, "Not rated yet"));
}

/* ---- cards ------------------------------------------------------------------------------ */

/* Is industry among the region's industries (the "in demand" tag)? */
static int in_demand(const char *industry, const char *const *keys, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strcmp(keys[i], industry))
			return 1;
	return 0;
}

static void program_card(struct req *r, struct resp *w, const struct program *p,
			 const struct search_terms *t, const char *const *demand, size_t ndemand)
{
	const char *skills[6];
	size_t ns = program_list(p->skills, ';', r->arena, skills, 4), i;
	const char *hours = fmt_hours(r, p);

	html(w, "<li class=\"card\">\n<h3><a href=\"/programs/%u\"", p->slug);
	if (strcmp(p->language, lang_code(r->lang)) &&
	    (!strcmp(p->language, "es") || !strcmp(p->language, "en")))
		html(w, " lang=\"%h\"", p->language);
	html(w, ">");
	write_marked(r, w, p->title, t);
	html(w, "</a></h3>\n");
	html(w, "<p class=\"meta\">");
	write_marked(r, w, p->partner, t);
	html(w, "</p>\n<p><span class=\"tag\">%h</span>", label(r, catalog_kinds, p->kind));
	if (p->level[0])
		html(w, " <span class=\"tag\">%h</span>", label(r, catalog_levels, p->level));
	html(w, " <span class=\"tag\">%h</span>", label(r, catalog_languages, p->language));
	if (ndemand && in_demand(p->industry, demand, ndemand))
		html(w, " <span class=\"badge badge-ok\">%h</span>",
		     T(r, "In demand in your region"));
	html(w, "</p>\n<p class=\"meta\">");
	write_rating(r, w, p);
	if (hours)
		html(w, " · %h", hours);
	html(w, "</p>\n");
	if (ns) {
		html(w, "<p class=\"meta\"><span class=\"visually-hidden\">%h </span>",
		     T(r, "Skills:"));
		for (i = 0; i < ns; i++) {
			if (i)
				html(w, ", ");
			write_marked(r, w, skills[i], t);
		}
		html(w, "</p>\n");
	}
	html(w, "</li>\n");
}

/* ---- filters, sorting, pages ------------------------------------------------------------ */

static const struct catalog_key *facet_table(int f)
{
	switch (f) {
	case FACET_KIND: return catalog_kinds;
	case FACET_LEVEL: return catalog_levels;
	case FACET_LANGUAGE:
	case FACET_SUBTITLES: return catalog_languages;
	case FACET_DURATION: return catalog_durations;
	case FACET_INDUSTRY: return catalog_industries;
	default: return NULL;
	}
}

static const char *facet_title(struct req *r, int f)
{
	switch (f) {
	case FACET_KIND: return T(r, "Type");
	case FACET_LEVEL: return T(r, "Level");
	case FACET_LANGUAGE: return T(r, "Language");
	case FACET_SUBTITLES: return T(r, "Subtitles");
	case FACET_DURATION: return T(r, "Time to complete");
	case FACET_INDUSTRY: return T(r, "Industry");
	default: return T(r, "Partner");
	}
}

/* The filters as lists of links with counts; the chosen value is marked and has a link to
 * remove it. Partners, which are many, are a small GET form. */
static void write_filters(struct req *r, struct resp *w, const char *path, const struct lp *p,
			  const struct catalog_list *l, unsigned skip_keys)
{
	int k, active = 0;
	size_t i;

	for (k = LP_INDUSTRY; k <= LP_PARTNER; k++)
		active += p->v[k] != NULL;
	/* On a phone the filters fold into a disclosure, so the results come first; on a wide
	 * screen assets/filters.js opens it and it reads as a sidebar. */
	html(w, "<details class=\"filter-fold\">\n<summary>%h</summary>\n",
	     active ? trn_fmt(r->arena, r->lang, "Filter (%d active)", "Filter (%d active)", active,
			      active)
		    : T(r, "Filter"));
	html(w,
	     "<aside class=\"filters\" aria-labelledby=\"filters-h\">\n<h2 id=\"filters-h\">%h"
	     "</h2>\n",
	     T(r, "Filter"));
	if (lp_filtered(p))
		html(w, "<p><a href=\"%h\">%h</a></p>\n",
		     lp_url(r, path,
			    &(struct lp){ .v = { p->v[LP_Q], p->v[LP_REGION], NULL, NULL, NULL,
						 NULL, NULL, NULL, NULL, p->v[LP_SORT], NULL } },
			    -1, NULL),
		     T(r, "Clear all filters"));
	for (k = LP_INDUSTRY; k <= LP_DURATION; k++) {
		int f = lp_facet[k];
		const struct facet *fc = &l->facets[f];
		const struct catalog_key *t = facet_table(f);
		if (skip_keys & (1u << k))
			continue;
		if (!fc->n)
			continue;
		html(w, "<h3>%h</h3>\n<ul>\n", facet_title(r, f));
		for (i = 0; i < fc->n; i++) {
			const char *key = fc->v[i].key;
			int chosen = p->v[k] && !strcmp(p->v[k], key);
			const char *name = label(r, t, key);
			if (chosen)
				html(w,
				     "<li><strong aria-current=\"true\">%h (%h)</strong> "
				     "<a href=\"%h\">%h<span class=\"visually-hidden\"> "
				     "%h</span></a></li>\n",
				     name, fmt_count(r, fc->v[i].count),
				     lp_url(r, path, p, k, NULL), T(r, "Remove"), name);
			else
				html(w, "<li><a href=\"%h\">%h (%h)</a></li>\n",
				     lp_url(r, path, p, k, key), name,
				     fmt_count(r, fc->v[i].count));
		}
		html(w, "</ul>\n");
	}
	if (!(skip_keys & (1u << LP_PARTNER)) && l->facets[FACET_PARTNER].n) {
		const struct facet *fc = &l->facets[FACET_PARTNER];
		html(w, "<form method=\"get\" action=\"%h\">\n", path);
		for (k = 0; k < LP_COUNT; k++)
			if (k != LP_PARTNER && k != LP_PAGE && p->v[k])
				html(w, "<input type=\"hidden\" name=\"%h\" value=\"%h\">\n",
				     lp_names[k], p->v[k]);
		html(w,
		     "<div class=\"field\"><label for=\"f-partner\">%h</label>\n"
		     "<select id=\"f-partner\" name=\"partner\">\n<option value=\"\">%h</option>\n",
		     T(r, "Partner"), T(r, "Any partner"));
		for (i = 0; i < fc->n; i++)
			html(w, "<option value=\"%h\"%h>%h (%h)</option>\n", fc->v[i].key,
			     p->v[LP_PARTNER] && !strcmp(p->v[LP_PARTNER], fc->v[i].key)
				     ? " selected"
				     : "",
			     fc->v[i].key, fmt_count(r, fc->v[i].count));
		html(w,
		     "</select></div>\n<button type=\"submit\" class=\"secondary\">%h</button>\n"
		     "</form>\n",
		     T(r, "Show"));
	}
	html(w, "</aside>\n</details>\n<script src=\"/static/filters.js\" defer></script>\n");
}

static void write_sort(struct req *r, struct resp *w, const char *path, const struct lp *p,
		       const char *default_label)
{
	static const struct {
		const char *key, *label;
	} sorts[] = { { NULL, NULL },
		      { "rating", N_("Highest rated") },
		      { "reviews", N_("Most reviewed") },
		      { "shortest", N_("Shortest") },
		      { "title", N_("Title") } };
	size_t i;

	html(w, "<nav class=\"sort\" aria-label=\"%h\"><p>%h ", T(r, "Sort"), T(r, "Sort by:"));
	for (i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++) {
		const char *l = sorts[i].key ? T(r, sorts[i].label) : default_label;
		int cur = (!p->v[LP_SORT] && !sorts[i].key) ||
			  (p->v[LP_SORT] && sorts[i].key && !strcmp(p->v[LP_SORT], sorts[i].key));
		if (i)
			html(w, " · ");
		if (cur)
			html(w, "<strong aria-current=\"true\">%h</strong>", l);
		else
			html(w, "<a href=\"%h\">%h</a>", lp_url(r, path, p, LP_SORT, sorts[i].key),
			     l);
	}
	html(w, "</p></nav>\n");
}

static void write_pager(struct req *r, struct resp *w, const char *path, const struct lp *p,
			size_t available)
{
	int pages = (int)((available + PER_PAGE - 1) / PER_PAGE), i;
	char num[16];

	if (pages <= 1)
		return;
	html(w, "<nav aria-label=\"%h\">\n<ul class=\"pager\">\n", T(r, "Pages"));
	if (p->page > 1) {
		snprintf(num, sizeof(num), "%d", p->page - 1);
		html(w, "<li><a href=\"%h\" rel=\"prev\">%h</a></li>\n",
		     lp_url(r, path, p, LP_PAGE, num), T(r, "Previous"));
	}
	for (i = 1; i <= pages; i++) {
		if (i != 1 && i != pages && (i < p->page - 2 || i > p->page + 2)) {
			if (i == p->page - 3 || i == p->page + 3)
				html(w, "<li><span>…</span></li>\n");
			continue;
		}
		snprintf(num, sizeof(num), "%d", i);
		if (i == p->page)
			html(w,
			     "<li><span aria-current=\"page\"><span class=\"visually-hidden\">%h "
			     "</span>%d</span></li>\n",
			     T(r, "Page"), i);
		else
			html(w,
			     "<li><a href=\"%h\"><span class=\"visually-hidden\">%h "
			     "</span>%d</a></li>\n",
			     lp_url(r, path, p, LP_PAGE, num), T(r, "Page"), i);
	}
	if (p->page < pages) {
		snprintf(num, sizeof(num), "%d", p->page + 1);
		html(w, "<li><a href=\"%h\" rel=\"next\">%h</a></li>\n",
		     lp_url(r, path, p, LP_PAGE, num), T(r, "Next"));
	}
	html(w, "</ul>\n</nav>\n");
}

static void query_from(const struct lp *p, struct catalog_query *q)
{
	memset(q, 0, sizeof(*q));
	q->q = p->v[LP_Q];
	q->f.industry = p->v[LP_INDUSTRY];
	q->f.kind = p->v[LP_KIND];
	q->f.level = p->v[LP_LEVEL];
	q->f.language = p->v[LP_LANGUAGE];
	q->f.subtitles = p->v[LP_SUBTITLES];
	q->f.duration = p->v[LP_DURATION];
	q->f.partner = p->v[LP_PARTNER];
	q->sort = catalog_sort_parse(p->v[LP_SORT]);
	q->offset = (size_t)(p->page - 1) * PER_PAGE;
	q->limit = PER_PAGE;
}

/* Results: a heading (when given), the count, the cards, the pages. */
static void write_results(struct req *r, struct resp *w, const char *path, const struct lp *p,
			  const struct catalog_list *l, const char *const *demand, size_t ndemand,
			  const char *heading)
{
	size_t i;
	const char *count = fmt_count(r, (int64_t)l->total);

	if (heading)
		html(w, "<h2>%h</h2>\n", heading);
	html(w, "<p class=\"count\" id=\"results-count\">%h</p>\n",
	     l->capped ? tr_fmt(r->arena, r->lang, "More than %s programs", count)
		       : trn_fmt(r->arena, r->lang, "%s program", "%s programs", (long)l->total,
				 count));
	if (l->available < l->total && p->v[LP_Q])
		html(w, "<p class=\"meta\">%h</p>\n",
		     tr_fmt(r->arena, r->lang,
			    "Showing the %s most relevant. Add a filter or "
			    "another word to narrow the list.",
			    fmt_count(r, (int64_t)l->available)));
	html(w, "<ul class=\"cards\" aria-describedby=\"results-count\">\n");
	for (i = 0; i < l->n; i++)
		program_card(r, w, &l->items[i].p, p->v[LP_Q] ? &l->terms : NULL, demand, ndemand);
	html(w, "</ul>\n");
	write_pager(r, w, path, p, l->available);
}

/* ---- /catalog ---------------------------------------------------------------------------- */

/* The region: ?region=, else the signed-in learner's own. */
static int pick_region(struct req *r, const struct lp *p, struct catalog_region *reg)
{
	memset(reg, 0, sizeof(*reg));
	if (p->v[LP_REGION])
		return catalog_region_by_slug(p->v[LP_REGION], r->arena, reg) == 0 ? 0 : -1;
	if (r->who->role == ROLE_LEARNER) {
		struct learner_license lic;
		struct catalog_region all[16];
		size_t n, i;
		if (learner_license_get(r->who->id, r->arena, &lic) != 0 || !lic.region_id)
			return 1;
		n = catalog_regions(r->arena, all, 16);
		for (i = 0; i < n; i++)
			if (all[i].id == lic.region_id) {
				*reg = all[i];
				return 0;
			}
	}
	return 1;
}

static void region_form(struct req *r, struct resp *w, const struct catalog_region *cur)
{
	struct catalog_region regs[16];
	size_t n = catalog_regions(r->arena, regs, 16), i;

	html(w,
	     "<form method=\"get\" action=\"/catalog\" class=\"region-form\">\n"
	     "<div class=\"field\"><label for=\"f-region\">%h</label>\n"
	     "<p class=\"hint\" id=\"f-region-hint\">%h</p>\n"
	     "<select id=\"f-region\" name=\"region\" aria-describedby=\"f-region-hint\">\n",
	     T(r, "Your region of New York"),
	     T(r, "We show programs for the jobs that employers in the region are hiring for."));
	if (!cur || !cur->id)
		html(w, "<option value=\"\">%h</option>\n", T(r, "Choose a region"));
	for (i = 0; i < n; i++)
		html(w, "<option value=\"%h\"%h>%h</option>\n", regs[i].slug,
		     cur && cur->id == regs[i].id ? " selected" : "", regs[i].name);
	html(w, "</select></div>\n<button type=\"submit\">%h</button>\n</form>\n",
	     T(r, "Show programs"));
}

static int render_catalog(struct req *r, struct resp *w)
{
	struct lp p;
	struct catalog_region reg;
	struct catalog_query q;
	struct catalog_list l;
	const char *demand[16];
	int counts[16], have_region;
	size_t ndemand = 0, i;
	char title[256];

	lp_read(r, &p);
	p.v[LP_Q] = NULL;
	have_region = pick_region(r, &p, &reg);
	if (have_region < 0)
		return resp_error(r, w, 404,
				  T(r, "There is no region with that name. Choose one "
				       "from the list on the Browse catalog page."));
	if (have_region == 0) {
		ndemand = catalog_region_industries(reg.id, r->arena, demand, counts, 16);
		if (!p.v[LP_REGION])
			p.v[LP_REGION] = reg.slug;
		snprintf(title, sizeof(title), "%s: %s", T(r, "Browse catalog"), reg.name);
	} else {
		snprintf(title, sizeof(title), "%s", T(r, "Browse catalog"));
	}
	query_from(&p, &q);
	q.region_id = have_region == 0 ? reg.id : 0;
	if (catalog_browse(&q, r->arena, &l) != 0)
		return resp_error(r, w, 500, NULL);

	page_begin(r, w, title);
	html(w, "<h1>%h</h1>\n", title);
	html(w, "<p class=\"lead\">%h</p>\n",
	     T(r, "Programs chosen for careers in New York State and in your region. Every program "
		  "is free with your license, certificates included."));
	region_form(r, w, have_region == 0 ? &reg : NULL);
	if (have_region != 0)
		html(w, "<h2>%h</h2>\n", T(r, "Most popular across New York State"));
	else if (ndemand) {
		html(w, "<h2>%h</h2>\n<ul class=\"industries\">\n",
		     T(r, "In demand in your region"));
		for (i = 0; i < ndemand; i++)
			html(w, "<li><a class=\"tag\" href=\"%h\">%h</a></li>\n",
			     lp_url(r, "/catalog", &p, LP_INDUSTRY, demand[i]),
			     label(r, catalog_industries, demand[i]));
		html(w, "</ul>\n");
	}
	html(w, "<p>%h <a href=\"/explore\">%h</a></p>\n", T(r, "Looking for something else?"),
	     T(r, "Explore all programs"));

	html(w, "<div class=\"with-sidebar\">\n");
	write_filters(r, w, "/catalog", &p, &l, 0);
	html(w, "<div class=\"results\">\n");
	write_sort(r, w, "/catalog", &p,
		   have_region == 0 ? T(r, "Recommended for your region") : T(r, "Most popular"));
	if (have_region == 0 && !lp_filtered(&p) && !p.v[LP_SORT] && p.page == 1) {
		/* grouped by industry, the region's industries first */
		for (i = 0; i < ndemand; i++) {
			struct catalog_query qi = q;
			struct catalog_list li;
			size_t k;
			if (!counts[i])
				continue;
			qi.f.industry = demand[i];
			qi.limit = 6;
			if (catalog_browse(&qi, r->arena, &li) != 0)
				return resp_error(r, w, 500, NULL);
			html(w,
			     "<section aria-labelledby=\"ind-%h\">\n<h2 id=\"ind-%h\">%h</h2>\n"
			     "<ul class=\"cards\">\n",
			     demand[i], demand[i], label(r, catalog_industries, demand[i]));
			for (k = 0; k < li.n; k++)
				program_card(r, w, &li.items[k].p, NULL, demand, ndemand);
			html(w, "</ul>\n<p><a href=\"%h\">%h</a></p>\n</section>\n",
			     lp_url(r, "/catalog", &p, LP_INDUSTRY, demand[i]),
			     trn_fmt(r->arena, r->lang, "See %s program in %s",
				     "See all %s programs in %s", counts[i],
				     fmt_count(r, counts[i]),
				     label(r, catalog_industries, demand[i])));
		}
	} else {
		write_results(r, w, "/catalog", &p, &l, demand, ndemand, T(r, "Programs"));
	}
	html(w, "</div>\n</div>\n");
	page_end(r, w);
	return 0;
}

/* ---- /explore ---------------------------------------------------------------------------- */

static void search_form(struct req *r, struct resp *w, const char *q)
{
	html(w,
	     "<form method=\"get\" action=\"/explore\" role=\"search\" class=\"search-form\">\n"
	     "<div class=\"field\"><label for=\"f-q\">%h</label>\n"
	     "<p class=\"hint\" id=\"f-q-hint\">%h</p>\n"
	     "<input type=\"search\" id=\"f-q\" name=\"q\" value=\"%h\" "
	     "aria-describedby=\"f-q-hint\" maxlength=\"200\"></div>\n"
	     "<button type=\"submit\">%h</button>\n</form>\n",
	     T(r, "Search programs"),
	     T(r, "A skill, a job or a subject, in English or Spanish: for example nursing, "
		  "Excel, cybersecurity or marketing digital."),
	     q ? q : "", T(r, "Search"));
}

static void empty_results(struct req *r, struct resp *w, const struct lp *p)
{
	static const char *const tries[] = { "python",	  "excel",	   "project management",
					     "nursing",	  "cybersecurity", "marketing digital",
					     "enfermería" };
	size_t i;

	html(w, "<h2>%h</h2>\n", T(r, "No programs match your search"));
	html(w, "<ul>\n<li>%h</li>\n<li>%h</li>\n<li>%h</li>\n",
	     T(r, "Check the spelling, or try a shorter or more general word."),
	     T(r, "Search for the skill or the job rather than a program's exact name."),
	     T(r, "Try the other language: for example \"nursing\" or \"enfermería\"."));
	if (lp_filtered(p))
		html(w, "<li><a href=\"%h\">%h</a></li>\n",
		     lp_url(r, "/explore",
			    &(struct lp){ .v = { p->v[LP_Q], NULL, NULL, NULL, NULL, NULL, NULL,
						 NULL, NULL, NULL, NULL } },
			    -1, NULL),
		     T(r, "Search again without the filters"));
	html(w, "</ul>\n<p>%h</p>\n<ul class=\"industries\">\n",
	     T(r, "Searches people often make:"));
	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++)
		html(w, "<li><a class=\"tag\" href=\"/explore?q=%u\">%h</a></li>\n", tries[i],
		     tries[i]);
	html(w, "</ul>\n<p><a href=\"/catalog\">%h</a></p>\n",
	     T(r, "Or browse the programs chosen for your region"));
}

static int render_explore(struct req *r, struct resp *w)
{
	struct lp p;
	struct catalog_query q;
	struct catalog_list l;
	char title[300];
	int rc;

	lp_read(r, &p);
	p.v[LP_REGION] = NULL;
	query_from(&p, &q);
	rc = p.v[LP_Q] ? catalog_search(&q, r->arena, &l) : catalog_browse(&q, r->arena, &l);
	if (rc != 0)
		return resp_error(r, w, 500, NULL);
	if (p.v[LP_Q])
		snprintf(title, sizeof(title), "%s: %s", T(r, "Explore"), p.v[LP_Q]);
	else
		snprintf(title, sizeof(title), "%s", T(r, "Explore all programs"));
	page_begin(r, w, title);
	html(w, "<h1>%h</h1>\n", T(r, "Explore all programs"));
	search_form(r, w, p.v[LP_Q]);
	if (p.v[LP_Q] && l.total == 0 && !l.n) {
		empty_results(r, w, &p);
		page_end(r, w);
		return 0;
	}
	if (l.any_word) {
		notice_begin(w, "info");
		html(w, "<p>%h</p>\n",
		     T(r, "No program matched every word you typed. These programs match some of "
			  "them."));
		notice_end(w);
	}
	html(w, "<div class=\"with-sidebar\">\n");
	write_filters(r, w, "/explore", &p, &l, 0);
	html(w, "<div class=\"results\">\n");
	if (p.v[LP_Q])
		html(w, "<h2>%h</h2>\n",
		     tr_fmt(r->arena, r->lang, "Results for \"%s\"", p.v[LP_Q]));
	else
		html(w, "<h2>%h</h2>\n", T(r, "Every program, most popular first"));
	write_sort(r, w, "/explore", &p, p.v[LP_Q] ? T(r, "Best match") : T(r, "Most popular"));
	if (!l.n) {
		html(w, "<p>%h</p>\n", T(r, "No programs match these filters."));
		html(w, "<p><a href=\"%h\">%h</a></p>\n",
		     lp_url(r, "/explore",
			    &(struct lp){ .v = { p.v[LP_Q], NULL, NULL, NULL, NULL, NULL, NULL,
						 NULL, NULL, NULL, NULL } },
			    -1, NULL),
		     T(r, "Clear all filters"));
	} else {
		write_results(r, w, "/explore", &p, &l, NULL, 0, NULL);
	}
	html(w, "</div>\n</div>\n");
	page_end(r, w);
	return 0;
}

/* ---- /certificates ------------------------------------------------------------------------ */

static int render_certificates(struct req *r, struct resp *w)
{
	struct lp p;
	struct catalog_query q;
	struct catalog_list l;

	lp_read(r, &p);
	p.v[LP_Q] = NULL;
	p.v[LP_REGION] = NULL;
	p.v[LP_KIND] = "professional-certificate";
	query_from(&p, &q);
	if (catalog_browse(&q, r->arena, &l) != 0)
		return resp_error(r, w, 500, NULL);
	p.v[LP_KIND] = NULL; /* not part of this page's URLs */
	page_begin(r, w, T(r, "Professional certificates"));
	html(w, "<h1>%h</h1>\n<div class=\"prose\">\n<p class=\"lead\">%h</p>\n",
	     T(r, "Professional certificates"),
	     T(r, "A professional certificate is a series of courses that prepares you for a "
		  "specific job, made by the company or university that hires for it."));
	notice_begin(w, "success");
	html(w, "<p>%h</p>\n",
	     T(r, "There are no fees for certificates under the New York State "
		  "license: the certificate is free when you finish."));
	notice_end(w);
	html(w, "<p>%h</p>\n</div>\n",
	     T(r,
	       "Degrees and college credit are not offered through the program. Ask your local "
	       "community college, BOCES, SUNY or CUNY about degrees and credit-bearing courses."));
	html(w, "<div class=\"with-sidebar\">\n");
	write_filters(r, w, "/certificates", &p, &l, 1u << LP_KIND);
	html(w, "<div class=\"results\">\n");
	write_sort(r, w, "/certificates", &p, T(r, "Most popular"));
	write_results(r, w, "/certificates", &p, &l, NULL, 0, T(r, "Programs"));
	html(w, "</div>\n</div>\n");
	page_end(r, w);
	return 0;
}

/* ---- /programs/{slug} ---------------------------------------------------------------------- */

static const char *level_text(struct req *r, const char *level)
{
	if (!strcmp(level, "beginner"))
		return T(r, "Beginner: no prior experience required");
	if (!strcmp(level, "intermediate"))
		return T(r, "Intermediate: some experience in the subject helps");
	if (!strcmp(level, "advanced"))
		return T(r, "Advanced: for people with experience in the subject");
	if (!strcmp(level, "mixed"))
		return T(r, "Mixed: parts for beginners and parts for experienced learners");
	return T(r, "Not stated by the partner");
}

static int render_program(struct req *r, struct resp *w)
{
	struct program p;
	struct program_module m[32];
	const char *skills[40], *subs[32];
	size_t nm, ns, nsub, i;
	const char *hours;
	char next[300];
	int rc = catalog_get(req_param(r, "slug"), r->arena, &p);

	if (rc < 0)
		return resp_error(r, w, 500, NULL);
	if (rc > 0)
		return resp_error(r, w, 404,
				  T(r, "There is no program at this address. Search "
				       "for it in Explore."));
	nm = program_syllabus(&p, r->arena, m, 32);
	ns = program_list(p.skills, ';', r->arena, skills, 40);
	nsub = program_list(p.subtitles, ',', r->arena, subs, 32);
	hours = fmt_hours(r, &p);

	page_begin(r, w, p.title);
	html(w, "<p class=\"meta\"><a href=\"/catalog\">%h</a> › <a href=\"/explore\">%h</a></p>\n",
	     T(r, "Browse catalog"), T(r, "Explore"));
	html(w, "<h1");
	if (strcmp(p.language, lang_code(r->lang)) &&
	    (!strcmp(p.language, "es") || !strcmp(p.language, "en")))
		html(w, " lang=\"%h\"", p.language);
	html(w,
	     ">%h</h1>\n<p class=\"lead\">%h <strong>%h</strong> · <span class=\"tag\">%h"
	     "</span></p>\n",
	     p.title, T(r, "Offered by"), p.partner, label(r, catalog_kinds, p.kind));
	if (!p.active) {
		notice_begin(w, "warning");
		html(w, "<p>%h</p>\n",
		     T(r, "This program is no longer in the catalog. Explore "
			  "similar programs instead."));
		notice_end(w);
	}

	/* enroll */
	html(w, "<div class=\"actions enroll\">\n");
	if (p.active && r->who->role == ROLE_LEARNER) {
		form_begin(r, w, "/me/enrollments", "post");
		html(w, "<input type=\"hidden\" name=\"program\" value=\"%h\">\n", p.slug);
		form_submit(r, w, T(r, "Enroll for free"));
		form_end(r, w);
	} else if (p.active) {
		snprintf(next, sizeof(next), "/programs/%s", p.slug);
		html(w,
		     "<p><a class=\"button\" href=\"/login?next=%u\">%h</a></p>\n"
		     "<p>%h <a href=\"/eligibility\">%h</a></p>\n",
		     next, T(r, "Sign in to enroll"), T(r, "No license yet?"),
		     T(r, "Check if you qualify"));
	}
	html(w, "</div>\n");

	html(w, "<h2>%h</h2>\n<dl class=\"summary\">\n", T(r, "At a glance"));
	html(w, "<dt>%h</dt><dd>%h</dd>\n", T(r, "Level"), level_text(r, p.level));
	html(w, "<dt>%h</dt><dd>%h</dd>\n", T(r, "Language"),
	     label(r, catalog_languages, p.language));
	html(w, "<dt>%h</dt><dd>", T(r, "Subtitles"));
	for (i = 0; i < nsub; i++)
		html(w, "%h%h", i ? ", " : "", label(r, catalog_languages, subs[i]));
	if (!nsub)
		html(w, "%h", T(r, "Not stated by the partner"));
	html(w, "</dd>\n<dt>%h</dt><dd>", T(r, "Time to complete"));
	if (hours)
		html(w, "%h (%h)", hours, label(r, catalog_durations, p.duration));
	else
		html(w, "%h", T(r, "Not stated by the partner"));
	html(w, "</dd>\n<dt>%h</dt><dd>", T(r, "Ratings and reviews"));
	write_rating(r, w, &p);
	html(w, "</dd>\n<dt>%h</dt><dd>%h</dd>\n</dl>\n", T(r, "Industry"),
	     label(r, catalog_industries, p.industry));

	if (p.description[0])
		html(w, "<h2>%h</h2>\n<p class=\"prose\">%h</p>\n", T(r, "About this program"),
		     p.description);
	if (ns) {
		html(w, "<h2>%h</h2>\n<ul class=\"skills\">\n", T(r, "Skills you will gain"));
		for (i = 0; i < ns; i++)
			html(w, "<li><a href=\"/explore?q=%u\">%h</a></li>\n", skills[i],
			     skills[i]);
		html(w, "</ul>\n");
	}
	html(w, "<h2>%h</h2>\n<p>%h</p>\n", T(r, "Certificate"), T(r, program_certificate(&p)));
	notice_begin(w, "success");
	html(w, "<p>%h</p>\n", T(r, "Certificates carry no fee under the New York State program."));
	notice_end(w);
	if (nm) {
		html(w, "<h2>%h</h2>\n<ol class=\"syllabus\">\n", T(r, "Syllabus"));
		for (i = 0; i < nm; i++) {
			html(w, "<li><strong>%h</strong>", m[i].title);
			if (m[i].summary[0])
				html(w, "<br>%h", m[i].summary);
			if (m[i].hours > 0)
				html(w, " <span class=\"meta\">(%h)</span>",
				     m[i].hours == 1 ? T(r, "about 1 hour")
						     : tr_fmt(r->arena, r->lang, "about %d hours",
							      m[i].hours));
			html(w, "</li>\n");
		}
		html(w, "</ol>\n");
	}
	html(w, "<p class=\"meta\">%h</p>\n",
	     T(r, "This program does not carry college credit. Ask your local community college, "
		  "BOCES, SUNY or CUNY about credit-bearing courses."));
	page_end(r, w);
	return 0;
}

/* ---- the handlers: cached renders ----------------------------------------------------------- */

static int cached(struct req *r, struct resp *w, int (*render)(struct req *, struct resp *))
{
	int64_t gen = catalog_generation();
	int rc;

	if (pagecache_serve(r, w, gen))
		return 0;
	rc = render(r, w);
	if (rc == 0)
		pagecache_store(r, w, gen);
	return rc;
}

int page_catalog(struct req *r, struct resp *w)
{
	return cached(r, w, render_catalog);
}

int page_explore(struct req *r, struct resp *w)
{
	return cached(r, w, render_explore);
}

int page_certificates(struct req *r, struct resp *w)
{
	return cached(r, w, render_certificates);
}

int page_program(struct req *r, struct resp *w)
{
	return cached(r, w, render_program);
}
