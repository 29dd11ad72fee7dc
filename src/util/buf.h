/* buf.h - a growable string with a cap.
 *
 * A struct buf is never NULL and always NUL-terminated, even when empty or after a failed
 * append. Every buf has a maximum size: an append that would pass it fails (returns -1) and
 * sets `overflow`, so a buffer filled from a request can never grow without bound.
 *
 *   struct buf b = BUF_INIT(64 * 1024);
 *   buf_puts(&b, "hello");
 *   buf_printf(&b, " %d", 42);
 *   ... b.p, b.len ...
 *   buf_release(&b);
 */
#ifndef SG_BUF_H
#define SG_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;      /* never NULL; "" until the first append */
	size_t len;   /* bytes used, not counting the NUL */
	size_t cap;   /* bytes allocated (0 while p points at the static "") */
	size_t max;   /* the most len may reach */
	int overflow; /* set once an append was refused */
};

extern char buf_empty[];
#define BUF_INIT(maxbytes)                                                                         \
	{                                                                                          \
		buf_empty, 0, 0, (maxbytes), 0                                                     \
	}

void buf_init(struct buf *b, size_t max);
/* Frees the memory; the buf is empty and usable again. */
void buf_release(struct buf *b);
/* Empties the buf, keeping its memory. */
void buf_clear(struct buf *b);
/* Makes room for `extra` more bytes; -1 when that passes max or memory runs out. */
int buf_grow(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *data, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Hands the memory to the caller (free() it) and empties the buf. Never NULL. */
char *buf_detach(struct buf *b, size_t *len);

#endif
