/* fuzz_csv.c - libFuzzer target for the CSV reader (util/csvread.h).
 *
 * Every field handed to the callback is read in full, the header is looked up with
 * csv_column, and row numbers must count up by one from 1.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct st {
	size_t last_row, bytes;
};

static int row_cb(void *ctx, size_t row, char **f, size_t n)
{
	struct st *s = ctx;
	size_t i;

	if (row != s->last_row + 1)
		abort();
	s->last_row = row;
	for (i = 0; i < n; i++)
		s->bytes += strlen(f[i]);
	if (row == 1) {
		(void)csv_column(f, n, "county");
		(void)csv_column(f, n, "county_fips");
	}
	return row < 100000 ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st s = { 0, 0 };
	int rc = csv_read((const char *)data, size, row_cb, &s);

	if (rc != 0 && rc != -1 && rc != -2 && rc != -3) /* -3: a field is not UTF-8 text */
		abort();
	if (s.bytes > size)
		abort(); /* fields can only be made of input bytes */
	return 0;
}
