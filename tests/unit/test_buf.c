/* test_buf.c - the capped string (util/buf.h) and the per-request arena (util/arena.h).
 *
 * The buf's promises: never NULL, always NUL-terminated (also after a refused append), and
 * never longer than its cap, whichever append function filled it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"

/* ---- buf ------------------------------------------------------------------------------------- */

static void test_empty_buf_is_a_string(void **state)
{
	struct buf b = BUF_INIT(16);
	struct buf c;

	(void)state;
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.overflow, 0);
	buf_clear(&b);
	assert_string_equal(b.p, "");
	buf_release(&b);
	assert_non_null(b.p);
	assert_string_equal(b.p, "");

	buf_init(&c, 8);
	assert_non_null(c.p);
	assert_string_equal(c.p, "");
	assert_int_equal(c.max, 8);
	buf_release(&c);
}

static void test_appends(void **state)
{
	struct buf b = BUF_INIT(1 << 20);

	(void)state;
	assert_int_equal(buf_puts(&b, "hello"), 0);
	assert_int_equal(buf_putc(&b, ','), 0);
	assert_int_equal(buf_add(&b, " world!!", 6), 0);
	assert_int_equal(buf_printf(&b, " %d-%s-%05.1f", 42, "x", 3.14159), 0);
	assert_string_equal(b.p, "hello, world 42-x-003.1");
	assert_int_equal(b.len, strlen(b.p));
	assert_int_equal(b.overflow, 0);

	/* growing well past the first allocation, through each function */
	buf_clear(&b);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%04d", i), 0);
	assert_int_equal(b.len, 4000);
	assert_memory_equal(b.p + 3996, "0999", 4);
	assert_int_equal(b.p[4000], '\0');
	assert_true(b.cap > b.len);

	/* one printf longer than the current allocation: the second vsnprintf path */
	buf_clear(&b);
	assert_int_equal(buf_puts(&b, "ab"), 0);
	assert_int_equal(buf_printf(&b, "%0700d|", 7), 0);
	assert_int_equal(b.len, 2 + 701);
	assert_int_equal(b.p[2], '0');
	assert_int_equal(b.p[701], '7');
	assert_int_equal(b.p[702], '|');
	assert_int_equal(b.p[703], '\0');

	/* bytes with NULs inside: len counts them, the terminator follows */
	buf_clear(&b);
	assert_int_equal(buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.p, "a\0b", 4);
	buf_release(&b);
}

static void test_cap_is_exact(void **state)
{
	struct buf b = BUF_INIT(5);

	(void)state;
	assert_int_equal(buf_puts(&b, "12345"), 0); /* exactly max fits */
	assert_int_equal(b.len, 5);
	assert_int_equal(b.overflow, 0);
	assert_int_equal(buf_putc(&b, 'x'), -1);
	assert_int_equal(b.overflow, 1);
	assert_string_equal(b.p, "12345");
	assert_int_equal(buf_puts(&b, ""), 0); /* nothing more is still fine */
	assert_int_equal(buf_add(&b, "x", 0), 0);
	assert_int_equal(buf_grow(&b, 0), 0);
	assert_int_equal(buf_grow(&b, 1), -1);
	assert_int_equal(buf_grow(&b, SIZE_MAX), -1);
	assert_string_equal(b.p, "12345");
	assert_true(b.len <= b.max);

	/* clear forgets the overflow and keeps the memory */
	buf_clear(&b);
	assert_int_equal(b.overflow, 0);
	assert_true(b.cap > 0);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_string_equal(b.p, "abc");
	buf_release(&b);
}

static void test_refused_append_keeps_content(void **state)
{
	struct buf b = BUF_INIT(10);

	(void)state;
	/* before any allocation */
	assert_int_equal(buf_puts(&b, "01234567890"), -1);
	assert_int_equal(b.overflow, 1);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_printf(&b, "%s", "01234567890"), -1);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);

	/* after: the memory (256 bytes) would hold it, the cap (10) does not */
	buf_clear(&b);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_printf(&b, "%s", "12345678"), -1);
	assert_int_equal(b.overflow, 1);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.p, "abc");
	assert_int_equal(buf_add(&b, "12345678", 8), -1);
	assert_string_equal(b.p, "abc");
	/* and one that exactly reaches the cap still goes in */
	assert_int_equal(buf_printf(&b, "%s", "1234567"), 0);
	assert_string_equal(b.p, "abc1234567");
	assert_int_equal(b.len, 10);
	assert_int_equal(buf_printf(&b, "%s", ""), 0);
	assert_int_equal(buf_printf(&b, "%c", 'x'), -1);
	assert_string_equal(b.p, "abc1234567");
	buf_release(&b);

	/* a printf beyond the allocated memory and beyond the cap */
	{
		struct buf c = BUF_INIT(300);
		assert_int_equal(buf_puts(&c, "x"), 0);
		assert_int_equal(buf_printf(&c, "%0400d", 1), -1);
		assert_int_equal(c.overflow, 1);
		assert_string_equal(c.p, "x");
		assert_int_equal(c.len, 1);
		buf_release(&c);
	}
}

static void test_detach(void **state)
{
	struct buf b = BUF_INIT(64);
	size_t len = 99;
	char *p;

	(void)state;
	p = buf_detach(&b, &len); /* never NULL, even with nothing in it */
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);

	assert_int_equal(buf_puts(&b, "kept"), 0);
	p = buf_detach(&b, &len);
	assert_string_equal(p, "kept");
	assert_int_equal(len, 4);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 64);
	free(p);
	p = buf_detach(&b, NULL);
	assert_string_equal(p, "");
	free(p);
	/* usable again afterwards */
	assert_int_equal(buf_puts(&b, "again"), 0);
	assert_string_equal(b.p, "again");
	buf_release(&b);
}

/* ---- arena ----------------------------------------------------------------------------------- */

static void test_arena_alignment_and_copies(void **state)
{
	struct arena a;
	size_t i;
	char *s;

	(void)state;
	arena_init(&a);
	assert_int_equal(a.used, 0);
	for (i = 1; i < 200; i++) {
		void *p = arena_alloc(&a, i);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 0xAB, i);
	}
	s = arena_strdup(&a, "héllo");
	assert_string_equal(s, "héllo");
	s = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(s, "abc");
	s = arena_strndup(&a, "", 0);
	assert_string_equal(s, "");
	s = arena_printf(&a, "%s=%d;%lld", "n", -5, (long long)INT64_MIN);
	assert_string_equal(s, "n=-5;-9223372036854775808");
	{
		unsigned char *z = arena_zalloc(&a, 1000);
		for (i = 0; i < 1000; i++)
			assert_int_equal(z[i], 0);
	}
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
}

static void test_arena_big_blocks(void **state)
{
	struct arena a;
	char *small, *big, *after, *huge;

	(void)state;
	arena_init(&a);
	small = arena_strdup(&a, "first");
	big = arena_alloc(&a, 100000); /* bigger than a block */
	memset(big, 'x', 100000);
	after = arena_strdup(&a, "second");
	huge = arena_printf(&a, "%050000d", 1);
	assert_int_equal(strlen(huge), 50000);
	/* everything is still intact after the big blocks went in */
	assert_string_equal(small, "first");
	assert_string_equal(after, "second");
	assert_int_equal(big[0], 'x');
	assert_int_equal(big[99999], 'x');
	assert_true(a.used >= 100000 + 50001);
	/* many small allocations after a big one keep using ordinary blocks */
	for (int i = 0; i < 10000; i++) {
		char *p = arena_printf(&a, "%d", i);
		assert_int_equal(atoi(p), i);
	}
	arena_release(&a);
	/* usable again after release */
	assert_string_equal(arena_strdup(&a, "again"), "again");
	arena_release(&a);
}

/* A size nobody can have is refused with NULL by the _try_ functions, not an abort, and the
 * arena goes on working. */
static void test_arena_try_refuses_impossible_sizes(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_non_null(arena_strdup(&a, "before"));
	assert_null(arena_try_alloc(&a, SIZE_MAX - 8));
	assert_null(arena_try_alloc(&a, (size_t)1 << 62));
	assert_null(arena_try_strndup(&a, "x", SIZE_MAX - 1));
	assert_string_equal(arena_try_strndup(&a, "notes=called", 5), "notes");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_buf_is_a_string),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_cap_is_exact),
		cmocka_unit_test(test_refused_append_keeps_content),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_arena_alignment_and_copies),
		cmocka_unit_test(test_arena_big_blocks),
		cmocka_unit_test(test_arena_try_refuses_impossible_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
