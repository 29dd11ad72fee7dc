/* pagecache.c - whole pages for visitors who are not signed in (pagecache.h). */
#include "web/pagecache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PCACHE_SLOTS 1024
#define PCACHE_MAX   (256 * 1024)
#define PCACHE_TTL   30

struct pslot {
	uint64_t hash;
	char *key;
	int64_t generation, at;
	char *body;
	size_t len;
};

static struct pslot pcache[PCACHE_SLOTS];
static pthread_mutex_t pcache_mu = PTHREAD_MUTEX_INITIALIZER;

/* The cache key of this request (in the arena), or NULL when the page must not be cached. */
static const char *pcache_key(struct req *r, uint64_t *hash)
{
	struct buf b = BUF_INIT(4096);
	const char *key;
	const unsigned char *k;
	uint64_t h = 1469598103934665603ull;
	size_t i;

	if (r->access != ACCESS_NONE || !(r->method & (M_GET | M_HEAD)))
		return NULL;
	/* the parameters as parsed (the query string may not reach us whole) */
	buf_printf(&b, "%s\x1f%s", lang_code(r->lang), r->path);
	for (i = 0; i < r->query.n; i++)
		buf_printf(&b, "\x1f%s\x1e%s", r->query.items[i].key, r->query.items[i].value);
	if (b.overflow) {
		buf_release(&b);
		return NULL;
	}
	key = arena_strdup(r->arena, b.p);
	buf_release(&b);
	for (k = (const unsigned char *)key; *k; k++)
		h = (h ^ *k) * 1099511628211ull;
	*hash = h;
	return key;
}

int pagecache_serve(struct req *r, struct resp *w, int64_t generation)
{
	uint64_t h;
	const char *key = pcache_key(r, &h);
	struct pslot *s;
	int hit = 0;

	if (!key)
		return 0;
	s = &pcache[h % PCACHE_SLOTS];
	pthread_mutex_lock(&pcache_mu);
	if (s->key && s->hash == h && s->generation == generation && !strcmp(s->key, key) &&
	    time(NULL) - s->at < PCACHE_TTL) {
		/* a page this code made earlier, sent as it was */
		w->status = 200;
		w->content_type = "text/html; charset=utf-8";
		buf_clear(&w->body);
		buf_add(&w->body, s->body, s->len);
		hit = 1;
	}
	pthread_mutex_unlock(&pcache_mu);
	return hit;
}

void pagecache_store(struct req *r, struct resp *w, int64_t generation)
{
	uint64_t h;
	const char *key = pcache_key(r, &h);
	struct pslot *s;
	char *body, *k;

	if (!key || (w->status != 200 && w->status != 0) || w->body.overflow ||
	    w->body.len > PCACHE_MAX)
		return;
	body = malloc(w->body.len ? w->body.len : 1);
	k = strdup(key);
	if (!body || !k) {
		free(body);
		free(k);
		return;
	}
	memcpy(body, w->body.p, w->body.len);
	s = &pcache[h % PCACHE_SLOTS];
	pthread_mutex_lock(&pcache_mu);
	free(s->key);
	free(s->body);
	s->hash = h;
	s->key = k;
	s->generation = generation;
	s->at = time(NULL);
	s->body = body;
	s->len = w->body.len;
	pthread_mutex_unlock(&pcache_mu);
}
