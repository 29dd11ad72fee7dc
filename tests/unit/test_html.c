/* test_html.c - the escaping writer (web/html.h), context by context, with hostile input.
 *
 * Beyond fixed examples, two properties are checked over every byte value: %h output holds no
 * character that could end a text run or a quoted attribute and decodes back to the input,
 * and %u output holds only unreserved characters and %XX escapes and decodes back too. So no
 * string handed to the writer can reach the page raw.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/config.h"
#include "web/html.h"
#include "web/http.h"

/* http.o (pulled in with the writer) wants these from main.c. */
static const char *const hostile[] = {
	"<script>alert(1)</script>",
	"\"><script>alert(document.cookie)</script>",
	"' onmouseover='alert(1)",
	"\" onfocus=\"alert(1)\" autofocus=\"",
	"javascript:alert(1)",
	"&lt;already escaped&gt; &amp; &#39; &quot;",
	"</textarea><img src=x onerror=alert(1)>",
	"<!-- --> <![CDATA[ ]]> `backtick` = equals",
	"a&b<c>d\"e'f",
	"Ñandú — “smart” quotes € 日本 🎉",
	"\x01\x02\x7f\xff\xfe invalid UTF-8 \xc3",
	"%00%3Cscript%3E %s %n %d %%",
	"{{template}} ${expr} \\ backslash",
	"\r\n\t  whitespace\n",
	"",
};

/* Renders fmt with args into a fresh string, kept in a list the teardown frees (so a failed
 * assertion, which jumps out of the test, leaks nothing). */
static char *rendered[4096];
static size_t nrendered;

static char *render(const char *fmt, ...)
{
	struct buf b = BUF_INIT(1 << 20);
	va_list ap;
	char *s;

	va_start(ap, fmt);
	html_vbuf(&b, fmt, ap);
	va_end(ap);
	assert_int_equal(b.overflow, 0);
	s = buf_detach(&b, NULL);
	if (nrendered == sizeof(rendered) / sizeof(rendered[0]))
		fail_msg("render: too many strings in one test");
	rendered[nrendered++] = s;
	return s;
}

static int free_rendered(void **state)
{
	(void)state;
	while (nrendered)
		free(rendered[--nrendered]);
	return 0;
}

#define assert_render(expect, ...) assert_string_equal(render(__VA_ARGS__), (expect))

/* Undoes the five entities %h writes; -1 on anything else after '&'. */
static int entity_decode(const char *s, char *out)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = { { "&amp;", '&' },
		     { "&lt;", '<' },
		     { "&gt;", '>' },
		     { "&quot;", '"' },
		     { "&#39;", '\'' } };
	size_t i;

	while (*s) {
		if (*s != '&') {
			*out++ = *s++;
			continue;
		}
		for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++)
			if (!strncmp(s, ents[i].ent, strlen(ents[i].ent)))
				break;
		if (i == sizeof(ents) / sizeof(ents[0]))
			return -1;
		*out++ = ents[i].c;
		s += strlen(ents[i].ent);
	}
	*out = '\0';
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1; /* lowercase hex is not what the writer produces */
}

/* Checks %u output holds only unreserved characters and %XX, and decodes it. */
static int url_decode_strict(const char *s, char *out)
{
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			*out++ = *s++;
		} else if (c == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			*out++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 3;
		} else {
			return -1;
		}
	}
	*out = '\0';
	return 0;
}

static void assert_text_safe(const char *in)
{
	char *got = render("%h", in);
	static char back[4096];

	assert_true(strlen(got) < sizeof(back));
	if (strpbrk(got, "<>\"'"))
		fail_msg("%%h let a markup character through for \"%s\": %s", in, got);
	if (entity_decode(got, back) != 0 || strcmp(back, in))
		fail_msg("%%h output of \"%s\" does not decode back: %s", in, got);
}

static void assert_url_safe(const char *in)
{
	char *got = render("%u", in);
	static char back[4096];

	assert_true(strlen(got) < sizeof(back));
	if (url_decode_strict(got, back) != 0 || strcmp(back, in))
		fail_msg("%%u output of \"%s\" is not a clean URL component: %s", in, got);
}

/* ---- text and attributes --------------------------------------------------------------------- */

static void test_text_escapes(void **state)
{
	(void)state;
	assert_render("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>", "<p>%h</p>",
		      "<script>alert('x')</script>");
	assert_render("Tom &amp; Jerry &amp;amp; &quot;co&quot;", "%h", "Tom & Jerry &amp; \"co\"");
	assert_render("&lt;&lt;&gt;&gt;&amp;&amp;", "%h", "<<>>&&");
	assert_render("no specials at all", "%h", "no specials at all");
	assert_render("Ñandú 日本", "%h", "Ñandú 日本");
	assert_render("[]", "[%h]", "");
}

static void test_attribute_breakout(void **state)
{
	char *got;

	(void)state;
	/* double-quoted attribute */
	got = render("<input value=\"%h\">", "\" onfocus=\"alert(1)\" x=\"");
	assert_string_equal(got, "<input value=\"&quot; onfocus=&quot;alert(1)&quot; x=&quot;\">");
	/* single-quoted attribute */
	got = render("<a title='%h'>", "' onmouseover='alert(1)");
	assert_string_equal(got, "<a title='&#39; onmouseover=&#39;alert(1)'>");
	/* closing the tag from inside an attribute */
	got = render("<a href=\"/x?q=%h\">", "\"><script>alert(1)</script>");
	assert_null(strstr(got, "<script"));
	assert_int_equal(strchr(got, '>') - got, (long)strlen(got) - 1); /* only the tag's own > */
}

static void test_every_hostile_string_in_text(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		assert_text_safe(hostile[i]);
}

/* Every byte 1..255, alone and surrounded. */
static void test_every_byte_in_text_and_url(void **state)
{
	char s[8];
	int c;

	(void)state;
	for (c = 1; c < 256; c++) {
		s[0] = (char)c;
		s[1] = '\0';
		assert_text_safe(s);
		assert_url_safe(s);
		s[0] = 'a';
		s[1] = (char)c;
		s[2] = (char)c;
		s[3] = 'z';
		s[4] = '\0';
		assert_text_safe(s);
		assert_url_safe(s);
	}
}

/* ---- URL components -------------------------------------------------------------------------- */

static void test_url_component(void **state)
{
	size_t i;

	(void)state;
	assert_render("/explore?q=data%20science%20%26%20AI", "/explore?q=%u", "data science & AI");
	assert_render("a%3Db%26c%3Dd%23frag", "%u", "a=b&c=d#frag");
	assert_render("a%2Fb%2F..%2Fc", "%u", "a/b/../c");
	assert_render("100%25", "%u", "100%");
	assert_render("%2B1%20%28212%29", "%u", "+1 (212)");
	assert_render("caf%C3%A9%20%E6%97%A5%F0%9F%8E%89", "%u", "café 日🎉");
	assert_render("AZaz09-_.~", "%u", "AZaz09-_.~");
	assert_render("%3F%3A%40%21%24%27%28%29%2A%2C%3B", "%u", "?:@!$'()*,;");
	assert_render("%22%3E%3Cscript%3E", "%u", "\"><script>");
	assert_render("%0D%0A%09", "%u", "\r\n\t");
	assert_render("%5C%5C", "%u", "\\\\");
	assert_render("", "%u", "");
	assert_render("<a href=\"/p/%E2%80%94%20x?next=%2Fa%3Fb%3D1\">x</a>",
		      "<a href=\"/p/%u?next=%u\">x</a>", "— x", "/a?b=1");
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		assert_url_safe(hostile[i]);
}

/* ---- numbers --------------------------------------------------------------------------------- */

static void test_numbers(void **state)
{
	(void)state;
	assert_render("0 -1 2147483647 -2147483648", "%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
	assert_render("9223372036854775807", "%D", INT64_MAX);
	assert_render("-9223372036854775808", "%D", INT64_MIN);
	assert_render("0", "%D", (int64_t)0);
	assert_render("18446744073709551615", "%z", SIZE_MAX);
	assert_render("0", "%z", (size_t)0);
	assert_render("3.1", "%.1f", 3.14159);
	assert_render("3.14", "%.2f", 3.14159);
	assert_render("3.14", "%f", 3.14159);
	assert_render("3", "%.0f", 3.14159);
	assert_render("2.718", "%.3f", 2.71828);
	assert_render("-0.5", "%.1f", -0.5);
	assert_render("100%", "%d%%", 100);
	assert_render("%", "%%");
	assert_render("%%", "%%%%");
}

/* Mixed directives take their arguments in order, whatever their types. */
static void test_mixed_directives(void **state)
{
	(void)state;
	assert_render("<p id=\"n-7\">7 items (12.5%), &lt;b&gt; a%20b 9223372036854775807 42</p>",
		      "<p id=\"n-%d\">%z items (%.1f%%), %h %u %D %d</p>", 7, (size_t)7, 12.5,
		      "<b>", "a b", INT64_MAX, 42);
}

/* ---- NULL, unknown directives, capped buffers, resp ------------------------------------------ */

static void test_null_strings_write_nothing(void **state)
{
	(void)state;
	assert_render("<p></p>", "<p>%h</p>", NULL);
	assert_render("/x?q=", "/x?q=%u", NULL);
	assert_render("[][]5", "[%h][%u]%d", NULL, NULL, 5);
}

static void test_unknown_directive_is_visible(void **state)
{
	char *got;

	(void)state;
	assert_render("<p>[bad format]</p>", "<p>%s</p>", "<script>");
	assert_render("[bad format]", "%x", 255);
	assert_render("a [bad format] b", "a %n b", NULL);
	assert_render("end[bad format]", "end%"); /* no read past the format's end */
	/* an argument of an unknown directive is never copied out raw */
	got = render("%s|%h", "<script>", "<script>");
	assert_null(strstr(got, "<script>"));
	assert_non_null(strstr(got, "[bad format]"));
}

/* "%.5f" and "%.xf" are not directives of the writer (only %.0f - %.3f are): they must show
 * the marker like any other unknown directive, not be printed half-interpreted. */
static void test_unknown_precision_is_visible(void **state)
{
	(void)state;
	assert_render("[bad format]", "%.5f", 1.0);
	assert_render("[bad format]|", "%.|");
	assert_render("x[bad format]", "x%.");
}

static void test_capped_buffer_never_cuts_an_entity(void **state)
{
	struct buf b = BUF_INIT(3);

	(void)state;
	html_text(&b, "a<b");
	assert_int_equal(b.overflow, 1);
	assert_null(strchr(b.p, '<'));
	assert_true(b.len <= 3);
	/* whatever made it in is whole entities only */
	{
		char back[8];
		assert_int_equal(entity_decode(b.p, back), 0);
	}
	buf_release(&b);

	b = (struct buf)BUF_INIT(12);
	html_buf(&b, "<p>%h</p>", "<<<<<<");
	assert_int_equal(b.overflow, 1);
	assert_true(b.len <= 12);
	assert_null(strstr(b.p + 3, "<<"));
	buf_release(&b);
}

static void test_html_on_a_response(void **state)
{
	struct resp w;

	(void)state;
	memset(&w, 0, sizeof(w));
	buf_init(&w.body, 4096);
	html(&w, "<h1>%h</h1>", "Tom & \"Jerry\"");
	html_raw_trusted(&w, "<hr>");
	html(&w, "<a href=\"/s?q=%u\">%d</a>", "a&b", 3);
	assert_string_equal(w.body.p, "<h1>Tom &amp; &quot;Jerry&quot;</h1><hr>"
				      "<a href=\"/s?q=a%26b\">3</a>");
	buf_release(&w.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_text_escapes, free_rendered),
		cmocka_unit_test_teardown(test_attribute_breakout, free_rendered),
		cmocka_unit_test_teardown(test_every_hostile_string_in_text, free_rendered),
		cmocka_unit_test_teardown(test_every_byte_in_text_and_url, free_rendered),
		cmocka_unit_test_teardown(test_url_component, free_rendered),
		cmocka_unit_test_teardown(test_numbers, free_rendered),
		cmocka_unit_test_teardown(test_mixed_directives, free_rendered),
		cmocka_unit_test_teardown(test_null_strings_write_nothing, free_rendered),
		cmocka_unit_test_teardown(test_unknown_directive_is_visible, free_rendered),
		cmocka_unit_test_teardown(test_unknown_precision_is_visible, free_rendered),
		cmocka_unit_test_teardown(test_capped_buffer_never_cuts_an_entity, free_rendered),
		cmocka_unit_test_teardown(test_html_on_a_response, free_rendered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
