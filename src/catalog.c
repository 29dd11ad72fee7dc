/* catalog.c - the catalog's vocabularies, lists and facets (catalog.h); one program is
 * catalog_program.c, the regions catalog_region.c.
 *
 * Lists (browse and explore) filter and count with a process-wide table of every program's
 * facet attributes, packed into a few bytes per program and indexed by id: a search hands
 * each match to accept(), which decides in a few nanoseconds whether it passes the filters
 * and adds it to the facet counts, with no database read per match. The table is rebuilt
 * when the catalog's generation (catalog_state) moves, so every process of a cluster sees
 * an import on its next list. Facet counts are "disjunctive": a facet's counts are those
 * the list would have if that facet's own filter were cleared, so a person sees what each
 * choice would give.
 */
#include "catalog.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "util/arena.h"

const struct catalog_key catalog_kinds[] = {
	{ "course", N_("Course") },
	{ "specialization", N_("Specialization") },
	{ "professional-certificate", N_("Professional certificate") },
	{ "guided-project", N_("Guided project") },
	{ NULL, NULL },
};

const struct catalog_key catalog_levels[] = {
	{ "beginner", N_("Beginner") },
	{ "intermediate", N_("Intermediate") },
	{ "advanced", N_("Advanced") },
	{ "mixed", N_("Mixed levels") },
	{ NULL, NULL },
};

const struct catalog_key catalog_durations[] = {
	{ "under-2-hours", N_("Less than 2 hours") }, { "1-4-weeks", N_("1 to 4 weeks") },
	{ "1-3-months", N_("1 to 3 months") },	      { "3-6-months", N_("3 to 6 months") },
	{ "6-months-plus", N_("6 months or more") },  { NULL, NULL },
};

const struct catalog_key catalog_industries[] = {
	{ "data-science", N_("Data science") },
	{ "business", N_("Business") },
	{ "technology", N_("Information technology") },
	{ "advanced-manufacturing", N_("Advanced manufacturing") },
	{ "health-care", N_("Health care") },
	{ "finance", N_("Finance and accounting") },
	{ "marketing", N_("Marketing") },
	{ "education", N_("Education and training") },
	{ "hospitality", N_("Hospitality and tourism") },
	{ "construction-trades", N_("Construction and skilled trades") },
	{ "transportation-logistics", N_("Transportation and logistics") },
	{ "public-service", N_("Public service") },
	{ "creative-media", N_("Creative arts and media") },
	{ "personal-development", N_("Personal and career development") },
	{ NULL, NULL },
};

/* At most 31 languages (a subtitle set is a 32-bit mask); the order is the facet's. */
const struct catalog_key catalog_languages[] = {
	{ "en", N_("English") },	{ "es", N_("Spanish") }, { "fr", N_("French") },
	{ "pt", N_("Portuguese") },	{ "zh", N_("Chinese") }, { "ar", N_("Arabic") },
	{ "ru", N_("Russian") },	{ "de", N_("German") },	 { "it", N_("Italian") },
	{ "ja", N_("Japanese") },	{ "ko", N_("Korean") },	 { "hi", N_("Hindi") },
	{ "uk", N_("Ukrainian") },	{ "tr", N_("Turkish") }, { "id", N_("Indonesian") },
	{ "vi", N_("Vietnamese") },	{ "pl", N_("Polish") },	 { "nl", N_("Dutch") },
	{ "el", N_("Greek") },		{ "th", N_("Thai") },	 { "he", N_("Hebrew") },
	{ "ht", N_("Haitian Creole") }, { "bn", N_("Bengali") }, { "ur", N_("Urdu") },
	{ "fa", N_("Persian") },	{ "sw", N_("Swahili") }, { NULL, NULL },
};

const char *const facet_names[FACET_COUNT] = { "kind",	   "level",    "language", "subtitles",
					       "duration", "industry", "partner" };

const char *catalog_label(const struct catalog_key *t, const char *key)
{
	if (!key)
		return NULL;
	for (; t->key; t++)
		if (!strcmp(t->key, key))
			return t->label;
	return NULL;
}

/* Index + 1 of key in table t (0: none or unknown). */
static unsigned key_code(const struct catalog_key *t, const char *key)
{
	unsigned i;

	if (!key || !key[0])
		return 0;
	for (i = 0; t[i].key; i++)
		if (!strcmp(t[i].key, key))
			return i + 1;
	return 0;
}

static size_t table_len(const struct catalog_key *t)
{
	size_t n = 0;
	while (t[n].key)
		n++;
	return n;
}

enum catalog_sort catalog_sort_parse(const char *s)
{
	if (!s)
		return SORT_DEFAULT;
	if (!strcmp(s, "rating"))
		return SORT_RATING;
	if (!strcmp(s, "reviews"))
		return SORT_REVIEWS;
	if (!strcmp(s, "shortest"))
		return SORT_SHORTEST;
	if (!strcmp(s, "title"))
		return SORT_TITLE;
	return SORT_DEFAULT;
}

const char *catalog_sort_key(enum catalog_sort s)
{
	switch (s) {
	case SORT_RATING: return "rating";
	case SORT_REVIEWS: return "reviews";
	case SORT_SHORTEST: return "shortest";
	case SORT_TITLE: return "title";
	default: return "";
	}
}

/* ---- the attribute table ------------------------------------------------------------------ */

struct pattr {
	uint8_t active, kind, level, duration, industry, language;
	uint16_t rating10;  /* rating x 10 */
	uint32_t subtitles; /* bit i: catalog_languages[i] */
	uint32_t partner;   /* index in partners, + 1 */
	uint32_t reviews;
	uint32_t static_score;
	uint16_t hours_max;
};

struct attr_table {
	int64_t generation;
	int64_t max_id;
	struct pattr *a; /* [max_id + 1] */
	char **partners; /* names, [npartners] */
	size_t npartners;
	uint32_t *partner_hash; /* open addressing: index + 1 */
	size_t hcap;
	int64_t *by_score; /* active ids, best prior first */
	size_t nactive;
	int refs;
};

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t build_mu = PTHREAD_MUTEX_INITIALIZER;
static struct attr_table *cache;

static void table_free(struct attr_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->npartners; i++)
		free(t->partners[i]);
	free(t->partners);
	free(t->partner_hash);
	free(t->a);
	free(t->by_score);
	free(t);
}

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Index + 1 of partner name in t, or 0. */
static uint32_t partner_find(const struct attr_table *t, const char *name)
{
	size_t i;

	if (!name || !t->hcap)
		return 0;
	for (i = str_hash(name) & (t->hcap - 1); t->partner_hash[i]; i = (i + 1) & (t->hcap - 1))
		if (!strcmp(t->partners[t->partner_hash[i] - 1], name))
			return t->partner_hash[i];
	return 0;
}

static int partner_add(struct attr_table *t, const char *name, uint32_t *out)
{
	size_t i;

	if ((*out = partner_find(t, name)) != 0)
		return 0;
	if ((t->npartners + 1) * 2 > t->hcap) {
		size_t ncap = t->hcap ? t->hcap * 2 : 1024, k;
		uint32_t *nh = calloc(ncap, sizeof(*nh));
		if (!nh)
			return -1;
		for (k = 0; k < t->npartners; k++) {
			for (i = str_hash(t->partners[k]) & (ncap - 1); nh[i];
			     i = (i + 1) & (ncap - 1))
				;
			nh[i] = (uint32_t)k + 1;
		}
		free(t->partner_hash);
		t->partner_hash = nh;
		t->hcap = ncap;
		{
			char **np = realloc(t->partners, ncap / 2 * sizeof(*np));
			if (!np)
				return -1;
			t->partners = np;
		}
	}
	t->partners[t->npartners] = strdup(name);
	if (!t->partners[t->npartners])
		return -1;
	for (i = str_hash(name) & (t->hcap - 1); t->partner_hash[i]; i = (i + 1) & (t->hcap - 1))
		;
	t->partner_hash[i] = (uint32_t)++t->npartners;
	*out = (uint32_t)t->npartners;
	return 0;
}

static uint32_t subtitle_mask(const char *list)
{
	uint32_t m = 0;
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		unsigned i;
		for (i = 0; catalog_languages[i].key && i < 32; i++)
			if (strlen(catalog_languages[i].key) == len &&
			    !strncmp(catalog_languages[i].key, p, len))
				m |= 1u << i;
		p += len + (e ? 1 : 0);
	}
	return m;
}

static const struct attr_table *score_sort_table;
static int by_score_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	uint32_t sa = score_sort_table->a[a].static_score, sb = score_sort_table->a[b].static_score;
	if (sa != sb)
		return sa < sb ? 1 : -1;
	return a < b ? -1 : a > b;
}

static struct attr_table *table_build(struct db *db, int64_t generation)
{
	struct attr_table *t = calloc(1, sizeof(*t));
	struct stmt *st;
	size_t n = 0;

	if (!t)
		return NULL;
	t->generation = generation;
	st = db_prepare(db, "SELECT max(id) FROM programs");
	if (stmt_step(st) == DB_ROW)
		t->max_id = stmt_int(st, 0);
	stmt_done(st);
	t->a = calloc((size_t)t->max_id + 1, sizeof(*t->a));
	t->by_score = malloc(((size_t)t->max_id + 1) * sizeof(*t->by_score));
	if (!t->a || !t->by_score)
		goto fail;
	st = db_prepare(db,
			"SELECT id, kind, level, duration, industry, language, subtitles, "
			"partner, active, rating, reviews, hours_max, static_score FROM programs");
	while (stmt_step(st) == DB_ROW) {
		int64_t id = stmt_int(st, 0);
		struct pattr *p;
		double rating = stmt_is_null(st, 9) ? 0 : stmt_double(st, 9);
		int64_t reviews = stmt_int(st, 10), hours = stmt_int(st, 11);
		if (id < 0 || id > t->max_id)
			continue;
		p = &t->a[id];
		p->kind = (uint8_t)key_code(catalog_kinds, stmt_text(st, 1));
		p->level = (uint8_t)key_code(catalog_levels, stmt_text(st, 2));
		p->duration = (uint8_t)key_code(catalog_durations, stmt_text(st, 3));
		p->industry = (uint8_t)key_code(catalog_industries, stmt_text(st, 4));
		p->language = (uint8_t)key_code(catalog_languages, stmt_text(st, 5));
		p->subtitles = subtitle_mask(stmt_text(st, 6));
		if (partner_add(t, stmt_text(st, 7), &p->partner) != 0) {
			stmt_done(st);
			goto fail;
		}
		p->active = stmt_int(st, 8) != 0;
		p->rating10 = (uint16_t)(rating * 10 + 0.5);
		p->reviews = reviews > 0xFFFFFFFF ? 0xFFFFFFFF : (uint32_t)reviews;
		p->hours_max = hours > 0xFFFF ? 0xFFFF : (uint16_t)hours;
		p->static_score = (uint32_t)stmt_int(st, 12);
		if (p->active)
			t->by_score[n++] = id;
	}
	stmt_done(st);
	t->nactive = n;
	score_sort_table = t; /* under build_mu */
	qsort(t->by_score, n, sizeof(*t->by_score), by_score_cmp);
	return t;
fail:
	table_free(t);
	return NULL;
}

static void table_release(struct attr_table *t)
{
	pthread_mutex_lock(&cache_mu);
	if (--t->refs == 0 && t != cache)
		table_free(t);
	pthread_mutex_unlock(&cache_mu);
}

/* The current attribute table, rebuilt first when the catalog has changed. The caller
 * releases it with table_release(). NULL on failure. */
static struct attr_table *table_get(struct db *db)
{
	struct attr_table *t;
	struct stmt *st = db_prepare(db, "SELECT generation FROM catalog_state WHERE id = 1");
	int64_t gen = -1;

	if (stmt_step(st) == DB_ROW)
		gen = stmt_int(st, 0);
	stmt_done(st);
	pthread_mutex_lock(&cache_mu);
	t = cache;
	if (t && t->generation == gen) {
		t->refs++;
		pthread_mutex_unlock(&cache_mu);
		return t;
	}
	pthread_mutex_unlock(&cache_mu);

	pthread_mutex_lock(&build_mu);
	pthread_mutex_lock(&cache_mu);
	t = cache;
	if (t && t->generation == gen) { /* another thread built it meanwhile */
		t->refs++;
		pthread_mutex_unlock(&cache_mu);
		pthread_mutex_unlock(&build_mu);
		return t;
	}
	pthread_mutex_unlock(&cache_mu);
	t = table_build(db, gen);
	pthread_mutex_lock(&cache_mu);
	if (t) {
		struct attr_table *old = cache;
		cache = t;
		t->refs = 1;
		if (old && old->refs == 0)
			table_free(old);
	}
	pthread_mutex_unlock(&cache_mu);
	pthread_mutex_unlock(&build_mu);
	return t;
}

static int64_t local_changes; /* catalog_changed() calls in this process */

void catalog_changed(void)
{
	pthread_mutex_lock(&cache_mu);
	if (cache)
		cache->generation = -2; /* never equal to a stored generation */
	local_changes++;
	pthread_mutex_unlock(&cache_mu);
}

int catalog_touch(struct db *db)
{
	return db_exec(db, "UPDATE catalog_state SET generation = generation + 1 WHERE id = 1") == 0
		       ? 0
		       : DB_ERR;
}

int64_t catalog_generation(void)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT generation FROM catalog_state WHERE id = 1");
	int64_t gen = -1, local;

	if (stmt_step(st) == DB_ROW)
		gen = stmt_int(st, 0);
	stmt_done(st);
	pthread_mutex_lock(&cache_mu);
	local = local_changes;
	pthread_mutex_unlock(&cache_mu);
	return gen * 1000003 + local;
}

/* ---- filtering and facets ----------------------------------------------------------------- */

struct list_ctx {
	const struct attr_table *t;
	unsigned want[FACET_COUNT]; /* code + 1 wanted (subtitles: bit index + 1), 0 = any */
	int impossible;		    /* a filter names something that does not exist */
	int *counts[FACET_COUNT];
	size_t ncounts[FACET_COUNT];
	struct arena *a;
	/* explore within a region: its curated program ids, ascending (NULL: everywhere) */
	int64_t *region_ids;
	size_t nregion;
};

static int id_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

static unsigned attr_code(const struct pattr *p, int f)
{
	switch (f) {
	case FACET_KIND: return p->kind;
	case FACET_LEVEL: return p->level;
	case FACET_LANGUAGE: return p->language;
	case FACET_DURATION: return p->duration;
	case FACET_INDUSTRY: return p->industry;
	case FACET_PARTNER: return p->partner;
	default: return 0;
	}
}

/* The search callback: does program id pass the filters; count it in the facets. */
static int accept(void *vctx, int64_t id, int count_facets)
{
	struct list_ctx *c = vctx;
	const struct pattr *p;
	int f, miss = -1, nmiss = 0;

	if (id < 0 || id > c->t->max_id)
		return 0;
	p = &c->t->a[id];
	if (!p->active || c->impossible)
		return 0;
	if (c->region_ids && !bsearch(&id, c->region_ids, c->nregion, sizeof(id), id_cmp))
		return 0;
	for (f = 0; f < FACET_COUNT; f++) {
		int ok;
		if (!c->want[f])
			continue;
		if (f == FACET_SUBTITLES)
			ok = (p->subtitles >> (c->want[f] - 1)) & 1;
		else
			ok = attr_code(p, f) == c->want[f];
		if (!ok) {
			miss = f;
			if (++nmiss > 1)
				return 0;
		}
	}
	if (count_facets) {
		for (f = 0; f < FACET_COUNT; f++) {
			if (nmiss && f != miss)
				continue;
			if (f == FACET_SUBTITLES) {
				uint32_t m = p->subtitles;
				unsigned b;
				for (b = 0; m && b < c->ncounts[f]; b++, m >>= 1)
					if (m & 1)
						c->counts[f][b]++;
			} else {
				unsigned code = attr_code(p, f);
				if (code && code <= c->ncounts[f])
					c->counts[f][code - 1]++;
			}
		}
	}
	return nmiss == 0;
}

static int list_init(struct list_ctx *c, const struct attr_table *t, const struct catalog_filter *f,
		     struct arena *a)
{
	const char *vals[FACET_COUNT] = { f->kind,     f->level,    f->language, f->subtitles,
					  f->duration, f->industry, f->partner };
	const struct catalog_key *tables[FACET_COUNT] = { catalog_kinds,
							  catalog_levels,
							  catalog_languages,
							  catalog_languages,
							  catalog_durations,
							  catalog_industries,
							  NULL };
	int i;

	memset(c, 0, sizeof(*c));
	c->t = t;
	c->a = a;
	for (i = 0; i < FACET_COUNT; i++) {
		c->ncounts[i] = tables[i] ? table_len(tables[i]) : t->npartners;
		c->counts[i] = arena_zalloc(a, (c->ncounts[i] + 1) * sizeof(int));
		if (!vals[i] || !vals[i][0])
			continue;
		c->want[i] = tables[i] ? key_code(tables[i], vals[i]) : partner_find(t, vals[i]);
		if (!c->want[i])
			c->impossible = 1;
	}
	return 0;
}

/* Turns counts into the facet lists: every value with programs, and the chosen one. */
static void list_facets(struct list_ctx *c, const struct catalog_filter *f,
			struct catalog_list *out)
{
	const struct catalog_key *tables[FACET_COUNT] = { catalog_kinds,
							  catalog_levels,
							  catalog_languages,
							  catalog_languages,
							  catalog_durations,
							  catalog_industries,
							  NULL };
	int i;
	size_t k;

	for (i = 0; i < FACET_COUNT; i++) {
		struct facet *fc = &out->facets[i];
		size_t max = c->ncounts[i];
		fc->v = arena_alloc(c->a, (max + 1) * sizeof(*fc->v));
		fc->n = 0;
		for (k = 0; k < max; k++) {
			int chosen = c->want[i] && (i == FACET_SUBTITLES ? c->want[i] - 1 == k
									 : c->want[i] - 1 == k);
			if (!c->counts[i][k] && !chosen)
				continue;
			fc->v[fc->n].key = tables[i] ? tables[i][k].key : c->t->partners[k];
			fc->v[fc->n++].count = c->counts[i][k];
		}
		if (i == FACET_PARTNER) {
			/* most programs first; keep 40 and the chosen one */
			size_t a2, b2;
			for (a2 = 0; a2 < fc->n; a2++)
				for (b2 = a2 + 1; b2 < fc->n && a2 < 40; b2++)
					if (fc->v[b2].count > fc->v[a2].count ||
					    (fc->v[b2].count == fc->v[a2].count &&
					     strcmp(fc->v[b2].key, fc->v[a2].key) < 0)) {
						struct facet_value tmp = fc->v[a2];
						fc->v[a2] = fc->v[b2];
						fc->v[b2] = tmp;
					}
			if (fc->n > 40) {
				size_t keep = 40;
				for (k = 40; k < fc->n; k++)
					if (f->partner && !strcmp(fc->v[k].key, f->partner))
						fc->v[keep++] = fc->v[k];
				fc->n = keep;
			}
		}
	}
}

/* ---- sorting and pages --------------------------------------------------------------------- */

struct sort_item {
	int64_t id;
	double key; /* -relevance, curated rank or popularity order: lower first */
	const char *title;
	int rank;
	const struct pattr *attr;
};

static _Thread_local enum catalog_sort sort_by;

static int item_cmp(const void *x, const void *y)
{
	const struct sort_item *a = x, *b = y;
	const struct pattr *pa = a->attr, *pb = b->attr;

	switch (sort_by) {
	case SORT_RATING:
		if (pa->rating10 != pb->rating10)
			return pa->rating10 < pb->rating10 ? 1 : -1;
		if (pa->reviews != pb->reviews)
			return pa->reviews < pb->reviews ? 1 : -1;
		break;
	case SORT_REVIEWS:
		if (pa->reviews != pb->reviews)
			return pa->reviews < pb->reviews ? 1 : -1;
		break;
	case SORT_SHORTEST: {
		unsigned ha = pa->hours_max ? pa->hours_max : 0xFFFF;
		unsigned hb = pb->hours_max ? pb->hours_max : 0xFFFF;
		if (ha != hb)
			return ha < hb ? -1 : 1;
		break;
	}
	case SORT_TITLE: {
		int c = strcasecmp(a->title ? a->title : "", b->title ? b->title : "");
		if (c)
			return c;
		break;
	}
	default: break;
	}
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Sorts items (the whole list the person can page through), then loads the page. */
static int finish_list(struct db *db, const struct catalog_query *q, struct attr_table *t,
		       struct sort_item *items, size_t n, struct arena *a, struct catalog_list *out)
{
	size_t i, limit = q->limit ? q->limit : 20, start = q->offset;

	if (q->sort == SORT_TITLE) {
		struct stmt *st = db_prepare(db, "SELECT title FROM programs WHERE id = ?");
		for (i = 0; i < n; i++) {
			stmt_bind_int(st, 1, items[i].id);
			items[i].title = stmt_step(st) == DB_ROW ? stmt_text_dup(st, 0, a) : "";
			stmt_done(st);
		}
	}
	if (q->sort != SORT_DEFAULT) {
		for (i = 0; i < n; i++)
			items[i].attr = &t->a[items[i].id];
		sort_by = q->sort;
		qsort(items, n, sizeof(*items), item_cmp);
	}
	out->available = n;
	if (start > n)
		start = n;
	if (limit > 100)
		limit = 100;
	out->n = n - start < limit ? n - start : limit;
	out->items = arena_zalloc(a, (out->n + 1) * sizeof(*out->items));
	for (i = 0; i < out->n; i++) {
		if (catalog_get_id(db, items[start + i].id, a, &out->items[i].p) != 0)
			return -1;
		out->items[i].curated_rank = items[start + i].rank;
	}
	return 0;
}

/* A list runs a few dozen small reads: one read transaction for all of them saves taking
 * and dropping the database's shared lock for each. */
static void read_begin(struct db *db)
{
	db_exec(db, "BEGIN");
}

static void read_end(struct db *db)
{
	db_exec(db, "COMMIT");
}

static int search_list(struct db *db, const struct catalog_query *q, struct arena *a,
		       struct catalog_list *out);
static int browse_list(struct db *db, const struct catalog_query *q, struct arena *a,
		       struct catalog_list *out);

int catalog_search(const struct catalog_query *q, struct arena *a, struct catalog_list *out)
{
	struct db *db = db_get();
	int rc;

	if (search_ensure(db) != 0) /* before the snapshot, so it sees a new index */
		return -1;
	read_begin(db);
	rc = search_list(db, q, a, out);
	read_end(db);
	return rc;
}

int catalog_browse(const struct catalog_query *q, struct arena *a, struct catalog_list *out)
{
	struct db *db = db_get();
	int rc;

	read_begin(db);
	rc = browse_list(db, q, a, out);
	read_end(db);
	return rc;
}

static int search_list(struct db *db, const struct catalog_query *q, struct arena *a,
		       struct catalog_list *out)
{
	struct attr_table *t;
	struct list_ctx c;
	struct search_result res;
	struct sort_item *items;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (search_parse(q->q, &out->terms) == 0) {
		struct catalog_query b = *q;
		b.region_id = 0;
		return browse_list(db, &b, a, out);
	}
	t = table_get(db);
	if (!t)
		return -1;
	list_init(&c, t, &q->f, a);
	if (q->region_id > 0) {
		/* explore within the region's curated list */
		struct stmt *st = db_prepare(db, "SELECT program_id FROM region_programs "
						 "WHERE region_id = ? ORDER BY program_id");
		size_t cap = 256;
		c.region_ids = arena_alloc(a, cap * sizeof(int64_t));
		stmt_bind_int(st, 1, q->region_id);
		while (stmt_step(st) == DB_ROW) {
			if (c.nregion == cap) {
				int64_t *n2 = arena_alloc(a, cap * 2 * sizeof(int64_t));
				memcpy(n2, c.region_ids, cap * sizeof(int64_t));
				c.region_ids = n2;
				cap *= 2;
			}
			c.region_ids[c.nregion++] = stmt_int(st, 0);
		}
		stmt_done(st);
	}
	if (search_run(db, &out->terms, accept, &c, a, &res) != 0)
		goto cleanup;
	out->total = res.matched;
	out->capped = res.capped;
	out->any_word = res.mode == SEARCH_ANY_WORD;
	items = arena_alloc(a, (res.n + 1) * sizeof(*items));
	for (i = 0; i < res.n; i++) {
		items[i].id = res.hits[i].id;
		items[i].key = -res.hits[i].score;
		items[i].title = NULL;
		items[i].rank = 0;
	}
	list_facets(&c, &q->f, out);
	rc = finish_list(db, q, t, items, res.n, a, out);
cleanup:
	table_release(t);
	return rc;
}

static int browse_list(struct db *db, const struct catalog_query *q, struct arena *a,
		       struct catalog_list *out)
{
	struct attr_table *t = table_get(db);
	struct list_ctx c;
	struct sort_item *items;
	size_t n = 0, cap;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!t)
		return -1;
	list_init(&c, t, &q->f, a);
	if (q->region_id > 0) {
		struct stmt *st = db_prepare(db, "SELECT program_id, rank FROM region_programs "
						 "WHERE region_id = ? ORDER BY rank");
		cap = 512;
		items = arena_alloc(a, cap * sizeof(*items));
		stmt_bind_int(st, 1, q->region_id);
		while (stmt_step(st) == DB_ROW) {
			int64_t id = stmt_int(st, 0);
			if (!accept(&c, id, 1))
				continue;
			if (n == cap) {
				struct sort_item *ni = arena_alloc(a, cap * 2 * sizeof(*ni));
				memcpy(ni, items, n * sizeof(*ni));
				items = ni;
				cap *= 2;
			}
			items[n].id = id;
			items[n].rank = (int)stmt_int(st, 1);
			items[n].key = items[n].rank;
			items[n].title = NULL;
			n++;
		}
		stmt_done(st);
	} else {
		/* the whole catalog, most popular first */
		size_t i;
		items = arena_alloc(a, (t->nactive + 1) * sizeof(*items));
		for (i = 0; i < t->nactive; i++) {
			int64_t id = t->by_score[i];
			if (!accept(&c, id, 1))
				continue;
			items[n].id = id;
			items[n].rank = 0;
			items[n].key = (double)i;
			items[n].title = NULL;
			n++;
		}
	}
	out->total = n;
	list_facets(&c, &q->f, out);
	rc = finish_list(db, q, t, items, n, a, out);
	table_release(t);
	return rc;
}
