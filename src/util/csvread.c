#include "util/csvread.h"

#include <csv.h>
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/utf8.h"

#define MAX_FIELDS 256
#define CSV_BLOCK  (256 * 1024) /* libcsv's field buffer grows by this much at a time */

/* Field buffers are kept from row to row and only grow, so a million-line file costs a few
 * allocations instead of one per field. */
struct state {
	char *fields[MAX_FIELDS];
	size_t caps[MAX_FIELDS];
	size_t n, row;
	csv_row_fn fn;
	void *ctx;
	int stopped;
	char *header[MAX_FIELDS]; /* row 1's names, to say which column is not text */
	struct csv_bad_text *bad;
	int not_text;
};

static void on_field(void *s, size_t len, void *data)
{
	struct state *st = data;
	char *p = s, *e;

	if (st->stopped || st->n >= MAX_FIELDS)
		return;
	while (len && isspace((unsigned char)*p)) {
		p++;
		len--;
	}
	while (len && isspace((unsigned char)p[len - 1]))
		len--;
	if (!utf8_text_ok(p, len)) {
		st->not_text = st->stopped = 1;
		if (st->bad) {
			st->bad->row = st->row + 1;
			st->bad->col = st->n + 1;
			snprintf(st->bad->column, sizeof(st->bad->column), "%s",
				 st->row && st->header[st->n] ? st->header[st->n] : "");
		}
		return;
	}
	if (st->caps[st->n] < len + 1) {
		size_t cap = len + 1 < 64 ? 64 : len + 1;
		e = realloc(st->fields[st->n], cap);
		if (!e)
			abort();
		st->fields[st->n] = e;
		st->caps[st->n] = cap;
	}
	e = st->fields[st->n++];
	if (len)
		memcpy(e, p, len);
	e[len] = '\0';
}

static void on_row(int c, void *data)
{
	struct state *st = data;
	size_t i;
	int empty = 1;

	(void)c;
	for (i = 0; i < st->n; i++)
		if (st->fields[i][0])
			empty = 0;
	if (!empty && !st->stopped) {
		st->row++;
		if (st->row == 1)
			for (i = 0; i < st->n; i++)
				st->header[i] = strdup(st->fields[i]);
		if (st->fn(st->ctx, st->row, st->fields, st->n) != 0)
			st->stopped = 1;
	}
	st->n = 0;
}

int csv_read(const char *data, size_t len, csv_row_fn fn, void *ctx)
{
	return csv_read_at(data, len, fn, ctx, NULL);
}

int csv_read_at(const char *data, size_t len, csv_row_fn fn, void *ctx, struct csv_bad_text *bad)
{
	struct csv_parser p;
	struct state st;
	int rc = 0;

	memset(&st, 0, sizeof(st));
	st.fn = fn;
	st.ctx = ctx;
	st.bad = bad;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	/* Strict: a quote inside an unquoted field, or a quoted field never closed, is an error
	 * rather than a silently merged row. */
	if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -2;
	/* libcsv grows its field buffer by this step: its default (128 bytes) makes a long field
	 * cost one realloc per 128 bytes, so time grew faster than the field */
	csv_set_blk_size(&p, len < CSV_BLOCK ? len + 16 : CSV_BLOCK);
	if (csv_parse(&p, data, len, on_field, on_row, &st) != len)
		rc = -2;
	if (rc == 0 && csv_fini(&p, on_field, on_row, &st) != 0)
		rc = -2;
	csv_free(&p);
	for (size_t i = 0; i < MAX_FIELDS; i++) {
		free(st.fields[i]);
		free(st.header[i]);
	}
	if (st.not_text)
		rc = -3;
	else if (rc == 0 && st.stopped)
		rc = -1;
	return rc;
}

static int name_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '_')
			a++;
		while (*b == ' ' || *b == '_')
			b++;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		if (!*a)
			return 1;
		a++;
		b++;
	}
}

int csv_column(char **header, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (name_eq(header[i], name))
			return (int)i;
	return -1;
}

void csv_write_cell(struct buf *b, const char *s, int last)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int guard = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;

	if (quote)
		buf_putc(b, '"');
	if (guard)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	if (quote)
		buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ",");
}

char *csv_bad_text_message(struct arena *a, const struct csv_bad_text *bad)
{
	if (bad->column[0] && utf8_text_ok(bad->column, strlen(bad->column)))
		return arena_printf(
			a,
			"column \"%s\": the value is not UTF-8 text (or has a NUL byte); save "
			"the file as CSV UTF-8 and import it again",
			bad->column);
	return arena_printf(a,
			    "column %zu: the value is not UTF-8 text (or has a NUL byte); save the "
			    "file as CSV UTF-8 and import it again",
			    bad->col);
}
