/* arena.h - per-request memory.
 *
 * Everything a request allocates for itself (parsed parameters, strings built for a page)
 * comes from its arena and is freed at once when the response has been sent. Nothing from an
 * arena may outlive the request. Allocation failure aborts the process: a server that cannot
 * get a few kilobytes cannot answer anyway, and callers stay simple.
 */
#ifndef SG_ARENA_H
#define SG_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t used; /* bytes handed out, for metrics and tests */
};

void arena_init(struct arena *a);
/* Frees every block. */
void arena_release(struct arena *a);
/* Memory aligned for any type, uninitialized. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* The same without the abort: NULL when memory runs out. For what a request's sender decides
 * the size of (form fields), so a huge request is refused instead of stopping the server. */
void *arena_try_alloc(struct arena *a, size_t n);
char *arena_try_strndup(struct arena *a, const char *s, size_t n);

#endif
