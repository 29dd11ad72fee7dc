/* catalog_generator.h - generated example programs (catalog_generator.c) and the small
 * deterministic generator (splitmix64) that the catalog seed and the generator draw from, so
 * every run produces the same catalog and the same curated lists. */
#ifndef SG_CATALOG_GENERATOR_H
#define SG_CATALOG_GENERATOR_H

#include <stdint.h>

struct rng {
	uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

static inline int rng_int(struct rng *r, int lo, int hi)
{
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* Adds n generated programs from the pseudo-random sequence seed, in transactions of their
 * own. over_listing: the catalog already holds the provider's listing, so only the FAQ's titles
 * it lacks are added and no generated title repeats a listed one. Returns 0 or -1. */
int catalog_generate_programs(int n, uint64_t seed, int over_listing);

#endif
