/* ratelimit.c - per-address sliding-window limits in fixed memory (ratelimit.h).
 *
 * Layout: RATELIMIT_SLOTS slots in SHARDS shards. An address is keyed by a keyed 64-bit hash
 * (SipHash through libsodium, with a key drawn at start, so nobody can choose addresses that
 * collide on purpose); its shard comes from the top bits, its home slot from the bottom bits,
 * and it may sit in any of PROBE slots from home. Nothing is ever allocated after the table.
 */
#include "ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define SHARDS	   64
#define PER_SHARD  (RATELIMIT_SLOTS / SHARDS)
#define PROBE	   8
#define SHARD_BITS 6

struct slot {
	uint64_t key;	/* 0: free */
	int64_t window; /* hour number (now / RATELIMIT_WINDOW) of `cur` */
	int64_t last_seen;
	uint32_t cur, prev; /* counts of that hour and of the hour before */
};

struct shard {
	pthread_mutex_t mu;
	struct slot slots[PER_SHARD];
};

static struct shard *table;
static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void table_init(void)
{
	size_t i;

	if (sodium_init() < 0)
		abort();
	randombytes_buf(hash_key, sizeof(hash_key));
	table = calloc(SHARDS, sizeof(*table));
	if (!table)
		abort();
	for (i = 0; i < SHARDS; i++)
		pthread_mutex_init(&table[i].mu, NULL);
}

static uint64_t key_of(const char *kind, const char *addr)
{
	unsigned char out[crypto_shorthash_BYTES];
	char msg[192];
	size_t k = strlen(kind), a = strlen(addr);
	uint64_t h;

	if (k > 32)
		k = 32;
	if (a > sizeof(msg) - k - 2)
		a = sizeof(msg) - k - 2;
	memcpy(msg, kind, k);
	msg[k] = '\n';
	memcpy(msg + k + 1, addr, a);
	crypto_shorthash(out, (const unsigned char *)msg, k + 1 + a, hash_key);
	memcpy(&h, out, sizeof(h));
	return h ? h : 1;
}

/* Finds the slot for key in its shard, or claims one (a free slot, else the one seen least
 * recently among the probed ones). Called with the shard locked. */
static struct slot *slot_for(struct shard *sh, uint64_t key, int64_t now)
{
	size_t home = (size_t)(key & (PER_SHARD - 1)), i;
	struct slot *free_slot = NULL, *oldest = NULL;

	for (i = 0; i < PROBE; i++) {
		struct slot *s = &sh->slots[(home + i) & (PER_SHARD - 1)];
		if (s->key == key)
			return s;
		if (!s->key) {
			if (!free_slot)
				free_slot = s;
		} else if (!oldest || s->last_seen < oldest->last_seen) {
			oldest = s;
		}
	}
	if (!free_slot)
		free_slot = oldest;
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->key = key;
	free_slot->window = now / RATELIMIT_WINDOW;
	return free_slot;
}

/* Seconds from `now` until prev_weighted + cur + 1 <= limit holds. */
static int64_t wait_for(const struct slot *s, int64_t limit, int64_t now)
{
	int64_t start = s->window * RATELIMIT_WINDOW, e;
	double need;

	if ((int64_t)s->cur + 1 <= limit) {
		/* the previous hour's weight must shrink: prev * (W - e) / W <= limit - cur - 1 */
		need = (double)RATELIMIT_WINDOW * (1.0 - (double)(limit - (int64_t)s->cur - 1) /
								 (double)(s->prev ? s->prev : 1));
		e = (int64_t)need + 1;
		return e > now - start ? e - (now - start) : 1;
	}
	/* wait for the next hour, when cur becomes the weighted previous count */
	need = (double)RATELIMIT_WINDOW * (1.0 - (double)(limit - 1) / (double)s->cur);
	e = need > 0 ? (int64_t)need + 1 : 0;
	return start + RATELIMIT_WINDOW + e - now;
}

int ratelimit_hit(const char *kind, const char *addr, int64_t limit, int64_t now,
		  struct ratelimit_verdict *v)
{
	struct shard *sh;
	struct slot *s;
	uint64_t key;
	int64_t w, elapsed;
	double used;
	int refused;

	if (v) {
		v->used = 0;
		v->retry_after = 0;
	}
	if (limit <= 0)
		return 0;
	pthread_once(&once, table_init);
	key = key_of(kind ? kind : "", addr ? addr : "");
	sh = &table[key >> (64 - SHARD_BITS)];
	pthread_mutex_lock(&sh->mu);
	s = slot_for(sh, key, now);
	w = now / RATELIMIT_WINDOW;
	if (s->window != w) {
		s->prev = s->window == w - 1 ? s->cur : 0;
		s->cur = 0;
		s->window = w;
	}
	s->last_seen = now;
	elapsed = now - w * RATELIMIT_WINDOW;
	used = (double)s->prev * (double)(RATELIMIT_WINDOW - elapsed) / RATELIMIT_WINDOW +
	       (double)s->cur + 1.0;
	refused = used > (double)limit;
	if (!refused && s->cur < UINT32_MAX)
		s->cur++;
	if (v) {
		v->used = used;
		v->retry_after = refused ? wait_for(s, limit, now) : 0;
	}
	pthread_mutex_unlock(&sh->mu);
	return refused;
}

void ratelimit_reset(void)
{
	size_t i;

	pthread_once(&once, table_init);
	for (i = 0; i < SHARDS; i++) {
		pthread_mutex_lock(&table[i].mu);
		memset(table[i].slots, 0, sizeof(table[i].slots));
		pthread_mutex_unlock(&table[i].mu);
	}
}

size_t ratelimit_entries(void)
{
	size_t i, j, n = 0;

	pthread_once(&once, table_init);
	for (i = 0; i < SHARDS; i++) {
		pthread_mutex_lock(&table[i].mu);
		for (j = 0; j < PER_SHARD; j++)
			n += table[i].slots[j].key != 0;
		pthread_mutex_unlock(&table[i].mu);
	}
	return n;
}
