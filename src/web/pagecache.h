/* pagecache.h - whole pages kept for visitors who are not signed in.
 *
 * A catalog page is the same for every visitor who is not signed in: the same URL in the same
 * language shows the same HTML until the catalog changes. Such pages are kept, whole, in a
 * small direct-mapped table and served from it while the catalog's generation is the one
 * they were made with, for at most PCACHE_TTL seconds (settings such as the help address
 * change without a generation). Signed-in visitors (their region, their navigation) always
 * get a fresh page. Memory is bounded: PCACHE_SLOTS pages of at most PCACHE_MAX bytes.
 *
 * The catalog pages (pages/catalog.c) use it; generation is the catalog's
 * (catalog_generation()), so a change to the catalog drops every kept page.
 */
#ifndef SG_PAGECACHE_H
#define SG_PAGECACHE_H

#include <stdint.h>

#include "web/http.h"

/* Answers from the cache: 1 when this request's page was there and current. */
int pagecache_serve(struct req *r, struct resp *w, int64_t generation);
/* Keeps the page just made, when it may be kept (a 200 page for a visitor not signed in). */
void pagecache_store(struct req *r, struct resp *w, int64_t generation);

#endif
