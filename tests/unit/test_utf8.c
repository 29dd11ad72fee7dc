/* test_utf8.c - which request text is accepted as UTF-8 (util/utf8.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/utf8.h"

#define OK(s)  assert_true(utf8_text_ok((s), sizeof(s) - 1))
#define BAD(s) assert_false(utf8_text_ok((s), sizeof(s) - 1))

static void test_real_text_is_accepted(void **state)
{
	(void)state;
	OK("");
	OK("Called on Monday; entered in OSOS.");
	OK("Llamó el lunes: ¿quiere el programa en español? Sí, Ñandú.");
	OK("Brooklyn – “Data Analytics” · 100 €");
	OK("数据分析 \xF0\x9F\x8E\x93");		/* CJK and an emoji (4 bytes) */
	OK("\xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF"); /* U+D7FF, U+E000, U+10FFFF */
}

static void test_broken_text_is_refused(void **state)
{
	(void)state;
	BAD("caf\xE9");			/* Latin-1 é */
	BAD("\xC3");			/* cut in the middle of a character */
	BAD("\xE2\x80");		/* cut after two of three bytes */
	BAD("\xC0\xAF");		/* overlong "/" */
	BAD("\xE0\x80\xAF");		/* overlong, three bytes */
	BAD("\xF0\x80\x80\xAF");	/* overlong, four bytes */
	BAD("\xED\xA0\x80");		/* a UTF-16 surrogate */
	BAD("\xF4\x90\x80\x80");	/* above U+10FFFF */
	BAD("\xFF\xFE");		/* never in UTF-8 */
	BAD("\x80 continuation first"); /* a continuation byte alone */
	BAD("Ana\0Smith");		/* a NUL cuts C strings short */
}

static void test_length_is_respected(void **state)
{
	const char s[] = "ok\xC3\xA9tail";

	(void)state;
	assert_true(utf8_text_ok(s, 4));  /* "ok" + é */
	assert_false(utf8_text_ok(s, 3)); /* é cut in half */
	assert_true(utf8_text_ok(s, strlen(s)));
	assert_int_equal(utf8_text_len("Jos\xE9 P\xE9rez", 13), 3); /* up to the Latin-1 é */
	assert_int_equal(utf8_text_len("Ana\0Smith", 9), 3);
	assert_int_equal(utf8_text_len(s, strlen(s)), strlen(s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_text_is_accepted),
		cmocka_unit_test(test_broken_text_is_refused),
		cmocka_unit_test(test_length_is_respected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
