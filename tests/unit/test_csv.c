/* test_csv.c - reading CSV row by row (util/csvread.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/csvread.h"

/* Collects every row as "row:field|field|…" lines. */
struct rows {
	char out[4096];
	size_t len, calls, stop_after;
};

static int collect(void *ctx, size_t row, char **f, size_t n)
{
	struct rows *r = ctx;
	size_t i;

	r->len += (size_t)snprintf(r->out + r->len, sizeof(r->out) - r->len, "%zu:", row);
	for (i = 0; i < n; i++)
		r->len += (size_t)snprintf(r->out + r->len, sizeof(r->out) - r->len, "%s%s",
					   i ? "|" : "", f[i]);
	r->len += (size_t)snprintf(r->out + r->len, sizeof(r->out) - r->len, "\n");
	r->calls++;
	return r->stop_after && r->calls >= r->stop_after ? -1 : 0;
}

static int read_all(const char *data, struct rows *r)
{
	memset(r, 0, sizeof(*r));
	return csv_read(data, strlen(data), collect, r);
}

#define assert_csv(data, expect)                                                                   \
	do {                                                                                       \
		struct rows r_;                                                                    \
		assert_int_equal(read_all((data), &r_), 0);                                        \
		assert_string_equal(r_.out, (expect));                                             \
	} while (0)

static void test_plain(void **state)
{
	(void)state;
	assert_csv("county,region\nAlbany,Capital Region\nErie,Western New York\n",
		   "1:county|region\n2:Albany|Capital Region\n3:Erie|Western New York\n");
	/* no newline at the end: the last row still counts */
	assert_csv("a,b\n1,2", "1:a|b\n2:1|2\n");
	/* empty fields keep their place */
	assert_csv("a,b,c\n,x,\n", "1:a|b|c\n2:|x|\n");
	assert_csv("", "");
	assert_csv("only", "1:only\n");
}

static void test_bom_and_line_ends(void **state)
{
	(void)state;
	assert_csv("\xEF\xBB\xBF"
		   "county,fips\r\nAlbany,36001\r\n",
		   "1:county|fips\n2:Albany|36001\n");
	/* a BOM alone is an empty file; a partial BOM is no crash, and not text */
	assert_csv("\xEF\xBB\xBF", "");
	{
		struct rows r;
		assert_int_equal(read_all("\xEF\xBB", &r), -3);
	}
	/* CR only, and mixed */
	assert_csv("a,b\r1,2\r", "1:a|b\n2:1|2\n");
	assert_csv("a,b\n1,2\r\n3,4\r", "1:a|b\n2:1|2\n3:3|4\n");
	/* the BOM is stripped only at the very start */
	assert_csv("a\n\xEF\xBB\xBFx\n", "1:a\n2:\xEF\xBB\xBFx\n");
}

static void test_quoted_fields(void **state)
{
	(void)state;
	assert_csv("name,note\n\"Smith, Ana\",\"She said \"\"hi\"\"\"\n",
		   "1:name|note\n2:Smith, Ana|She said \"hi\"\n");
	/* a newline inside quotes is part of the field, not a new row */
	assert_csv("a,b\n\"line 1\nline 2\",x\n3,4\n", "1:a|b\n2:line 1\nline 2|x\n3:3|4\n");
	assert_csv("a\n\"line 1\r\nline 2\"\n", "1:a\n2:line 1\r\nline 2\n");
	/* quoted empty field and a field that is only a quote */
	assert_csv("\"\",\"\"\"\"\nz,z\n", "1:|\"\n2:z|z\n");
	/* a quoted comma at the end of the line */
	assert_csv("x,\",\"\n", "1:x|,\n");
}

static void test_spaces_trimmed(void **state)
{
	(void)state;
	assert_csv("  a  ,\tb\t\n 1 , 2 \n", "1:a|b\n2:1|2\n");
	assert_csv("\"  padded  \",x\n", "1:padded|x\n");
}

static void test_empty_lines_skipped(void **state)
{
	(void)state;
	/* empty lines do not count as rows: row numbers are those of the rows given */
	assert_csv("\n\na,b\n\n1,2\n\r\n\r\n3,4\n\n", "1:a|b\n2:1|2\n3:3|4\n");
	assert_csv("a\n   \n\t\nb\n", "1:a\n2:b\n");
	assert_csv("\n\n\n", "");
}

static void test_callback_stops(void **state)
{
	struct rows r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.stop_after = 2;
	assert_int_equal(csv_read("a\nb\nc\nd\n", 8, collect, &r), -1);
	assert_int_equal(r.calls, 2);
	assert_string_equal(r.out, "1:a\n2:b\n");
	/* stopping at the last row is still a stop */
	memset(&r, 0, sizeof(r));
	r.stop_after = 1;
	assert_int_equal(csv_read("a", 1, collect, &r), -1);
	assert_int_equal(r.calls, 1);
}

static void test_length_is_respected(void **state)
{
	struct rows r;
	const char data[] = "a,b\n1,2\n3,4\n";

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(csv_read(data, 8, collect, &r), 0); /* only "a,b\n1,2\n" */
	assert_string_equal(r.out, "1:a|b\n2:1|2\n");
	memset(&r, 0, sizeof(r));
	assert_int_equal(csv_read(data, 0, collect, &r), 0);
	assert_int_equal(r.calls, 0);
}

static void test_many_fields(void **state)
{
	char line[2048];
	size_t len = 0;
	struct rows r;
	int i;

	(void)state;
	for (i = 0; i < 300; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%d", i ? "," : "", i);
	line[len++] = '\n';
	line[len] = '\0';
	memset(&r, 0, sizeof(r));
	/* no overrun: the fields past the reader's limit are dropped */
	assert_int_equal(csv_read(line, len, collect, &r), 0);
	assert_int_equal(r.calls, 1);
}

/* Malformed CSV: csv.h promises -2. A quote that never closes would otherwise swallow the rest
 * of the file into one field. */
static void test_malformed(void **state)
{
	struct rows r;

	(void)state;
	assert_int_equal(read_all("a,b\n\"never closed,x\n1,2\n", &r), -2);
	assert_int_equal(read_all("a,\"b\"c,d\n", &r), -2);
}

static void test_column_lookup(void **state)
{
	static char h0[] = "County", h1[] = " County FIPS ", h2[] = "local_area", h3[] = "Region",
		    h4[] = "towns";
	char *header[] = { h0, h1, h2, h3, h4 };

	(void)state;
	assert_int_equal(csv_column(header, 5, "county"), 0);
	assert_int_equal(csv_column(header, 5, "COUNTY"), 0);
	assert_int_equal(csv_column(header, 5, "county_fips"), 1);
	assert_int_equal(csv_column(header, 5, "countyfips"), 1);
	assert_int_equal(csv_column(header, 5, "Local Area"), 2);
	assert_int_equal(csv_column(header, 5, "region"), 3);
	assert_int_equal(csv_column(header, 5, "towns"), 4);
	assert_int_equal(csv_column(header, 5, "town"), -1);
	assert_int_equal(csv_column(header, 5, "regions"), -1);
	assert_int_equal(csv_column(header, 5, "email"), -1);
	assert_int_equal(csv_column(header, 0, "county"), -1);
	assert_int_equal(csv_column(header, 3, "region"), -1); /* beyond n is not looked at */
}

/* A field that is not UTF-8 text stops the read at its row: the rows before it were seen,
 * and the caller learns the row, the column and the column's name. */
static void test_fields_that_are_not_text(void **state)
{
	const char latin1[] = "partner,course\nGoogle,Data Analytics\nUniversit\xE9 Laval,Finance\n"
			      "IBM,Data Science\n";
	const char nul[] = "Name,Email\nAna,ana@example.org\nBo\0b,bob@example.org\n";
	struct csv_bad_text bad;
	struct rows r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(csv_read_at(latin1, sizeof(latin1) - 1, collect, &r, &bad), -3);
	assert_string_equal(r.out, "1:partner|course\n2:Google|Data Analytics\n");
	assert_int_equal(bad.row, 3);
	assert_int_equal(bad.col, 1);
	assert_string_equal(bad.column, "partner");

	memset(&r, 0, sizeof(r));
	assert_int_equal(csv_read_at(nul, sizeof(nul) - 1, collect, &r, &bad), -3);
	assert_int_equal(bad.row, 3);
	assert_string_equal(bad.column, "Name");
	/* plain csv_read says the same without the place */
	memset(&r, 0, sizeof(r));
	assert_int_equal(csv_read(nul, sizeof(nul) - 1, collect, &r), -3);
	/* a header that is not text: no name to give */
	assert_int_equal(csv_read_at("na\xFFme\nx\n", 9, collect, &r, &bad), -3);
	assert_int_equal(bad.row, 1);
	assert_string_equal(bad.column, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_fields_that_are_not_text),
		cmocka_unit_test(test_bom_and_line_ends),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_spaces_trimmed),
		cmocka_unit_test(test_empty_lines_skipped),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_length_is_respected),
		cmocka_unit_test(test_many_fields),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_column_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
