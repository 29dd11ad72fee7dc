/* intake_claims.c - the sign-up intake's claims in memory (intake.h, intake_internal.h).
 *
 * Claims live in one open-addressing table of 64-bit keyed hashes (libsodium's SipHash,
 * crypto_shorthash, keyed at random per process so nobody can aim collisions at it), with
 * linear probing and backward-shift deletion, under one mutex. A key is a tag and a string:
 * 'e' + normalized e-mail, 'p' + person key, 'r' + reference. A reference's entry also keeps
 * the id of its intake row (-1 while the request is still writing it) and when it was taken.
 */
#include "intake_internal.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/timeutil.h"

#define WAIT_MS 2000 /* a claim that lasts only while its row is written: wait this long */

pthread_mutex_t intake_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t intake_gone = PTHREAD_COND_INITIALIZER; /* claims let go */
int64_t intake_approved[2];			       /* en, es */
int64_t intake_refs;
static struct entry *tab;
static size_t cap, used;

static unsigned char hkey[crypto_shorthash_KEYBYTES];
static pthread_once_t hkey_once = PTHREAD_ONCE_INIT;

static void hkey_init(void)
{
	if (sodium_init() < 0)
		abort();
	randombytes_buf(hkey, sizeof(hkey));
}

uint64_t claim_hash(char tag, const char *s)
{
	unsigned char buf[640], out[crypto_shorthash_BYTES];
	size_t n = s ? strlen(s) : 0;
	uint64_t h;

	pthread_once(&hkey_once, hkey_init);
	if (n > sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	buf[0] = (unsigned char)tag;
	if (n)
		memcpy(buf + 1, s, n);
	crypto_shorthash(out, buf, n + 1, hkey);
	memcpy(&h, out, sizeof(h));
	return h ? h : 1;
}

/* ---- the table (intake_mu held) ------------------------------------------------------------------ */

struct entry *claim_find(uint64_t h)
{
	size_t i, mask = cap - 1;

	if (!cap)
		return NULL;
	for (i = h & mask; tab[i].h; i = (i + 1) & mask)
		if (tab[i].h == h)
			return &tab[i];
	return NULL;
}

struct entry *claim_insert(uint64_t h)
{
	size_t i, mask;

	if ((used + 1) * 2 > cap) {
		size_t ncap = cap ? cap * 2 : 1024, j;
		struct entry *t = calloc(ncap, sizeof(*t));
		if (!t)
			abort();
		for (j = 0; j < cap; j++) {
			if (!tab[j].h)
				continue;
			for (i = tab[j].h & (ncap - 1); t[i].h; i = (i + 1) & (ncap - 1))
				;
			t[i] = tab[j];
		}
		free(tab);
		tab = t;
		cap = ncap;
	}
	mask = cap - 1;
	for (i = h & mask; tab[i].h; i = (i + 1) & mask)
		;
	memset(&tab[i], 0, sizeof(tab[i]));
	tab[i].h = h;
	used++;
	return &tab[i];
}

/* Removes h; the entries after it move back so that no probe sequence is broken. */
int claim_erase(uint64_t h)
{
	struct entry *e = claim_find(h);
	size_t i, j, k, mask = cap - 1;

	if (!e)
		return 0;
	i = (size_t)(e - tab);
	tab[i].h = 0;
	used--;
	for (j = (i + 1) & mask; tab[j].h; j = (j + 1) & mask) {
		k = tab[j].h & mask; /* where the entry at j would like to be */
		if (i <= j ? (k <= i || k > j) : (k <= i && k > j)) {
			tab[i] = tab[j];
			tab[j].h = 0;
			i = j;
		}
	}
	return 1;
}

struct timespec intake_after_ms(int64_t ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

/* ---- claims ------------------------------------------------------------------------------- */

int intake_claim_person(const char *email_norm, const char *person_key, int held)
{
	uint64_t he = claim_hash('e', email_norm), hp = claim_hash('p', person_key);
	int64_t deadline = now_ns() + (int64_t)WAIT_MS * 1000000;
	struct entry *e, *p;

	pthread_mutex_lock(&intake_mu);
	for (;;) {
		struct timespec ts;
		e = claim_find(he);
		p = claim_find(hp);
		if (!e && !p)
			break;
		if ((e && !(e->flags & E_IN_LINE)) || (p && !(p->flags & E_IN_LINE)) ||
		    now_ns() > deadline) {
			pthread_mutex_unlock(&intake_mu);
			return INTAKE_TAKEN;
		}
		ts = intake_after_ms(
			20); /* a denied request being written: it lets go in a moment */
		pthread_cond_timedwait(&intake_gone, &intake_mu, &ts);
	}
	claim_insert(he)->flags = held ? E_HELD : E_IN_LINE;
	claim_insert(hp)->flags = held ? E_HELD : E_IN_LINE;
	pthread_mutex_unlock(&intake_mu);
	return INTAKE_CLAIMED;
}

void intake_person_in_line(const char *email_norm, const char *person_key)
{
	uint64_t he = claim_hash('e', email_norm), hp = claim_hash('p', person_key);
	struct entry *e;

	pthread_mutex_lock(&intake_mu);
	if ((e = claim_find(he)) != NULL)
		e->flags = E_IN_LINE;
	if ((e = claim_find(hp)) != NULL)
		e->flags = E_IN_LINE;
	pthread_mutex_unlock(&intake_mu);
}

void intake_release_person(const char *email_norm, const char *person_key)
{
	uint64_t he = claim_hash('e', email_norm), hp = claim_hash('p', person_key);

	pthread_mutex_lock(&intake_mu);
	claim_erase(he);
	claim_erase(hp);
	pthread_cond_broadcast(&intake_gone);
	pthread_mutex_unlock(&intake_mu);
}

int intake_claim_reference(const char *reference)
{
	uint64_t h = claim_hash('r', reference);
	struct entry *e;

	pthread_mutex_lock(&intake_mu);
	if (claim_find(h)) {
		pthread_mutex_unlock(&intake_mu);
		return INTAKE_TAKEN;
	}
	e = claim_insert(h);
	e->id = -1;
	e->t = now_ns();
	intake_refs++;
	pthread_mutex_unlock(&intake_mu);
	return INTAKE_CLAIMED;
}

void intake_release_reference(const char *reference)
{
	uint64_t h = claim_hash('r', reference);

	pthread_mutex_lock(&intake_mu);
	intake_refs -= claim_erase(h);
	pthread_cond_broadcast(&intake_gone);
	pthread_mutex_unlock(&intake_mu);
}

int64_t intake_approvals(const char *program, int64_t delta)
{
	int i = program && !strcmp(program, "es");
	int64_t n;

	pthread_mutex_lock(&intake_mu);
	intake_approved[i] += delta;
	if (intake_approved[i] < 0)
		intake_approved[i] = 0;
	n = intake_approved[i];
	pthread_mutex_unlock(&intake_mu);
	return n;
}
