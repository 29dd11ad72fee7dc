/* csvread.h - reading CSV files (RFC 4180, via libcsv) row by row.
 *
 * Handles a UTF-8 BOM, CRLF or LF line ends, quoted fields with commas, quotes and newlines.
 * Empty lines are skipped. The callback gets each row's fields (trimmed of surrounding
 * spaces) and its row number, counting the header as row 1; it returns 0 to go on or -1 to
 * stop. csv_read returns 0, -1 when the callback stopped, -2 on malformed CSV, or -3 when a
 * field is not UTF-8 text or holds a NUL byte (the rows before it were read; nothing after).
 */
#ifndef SG_CSVREAD_H
#define SG_CSVREAD_H

#include <stddef.h>

struct arena;
struct buf;

typedef int (*csv_row_fn)(void *ctx, size_t row, char **fields, size_t n);
int csv_read(const char *data, size_t len, csv_row_fn fn, void *ctx);

/* Where csv_read_at found a field that is not text (it returned -3): the row (the header is
 * row 1), the column (from 1) and the column's name in the header ("" when unknown). */
struct csv_bad_text {
	size_t row, col;
	char column[64];
};
/* csv_read, telling where a field is not text. */
int csv_read_at(const char *data, size_t len, csv_row_fn fn, void *ctx, struct csv_bad_text *bad);
/* "column "Course Name": the value is not UTF-8 text …" for an import's report (the caller
 * says the line), in the arena. */
char *csv_bad_text_message(struct arena *a, const struct csv_bad_text *bad);
/* The index of a column by name (case- and space-insensitive), or -1. */
int csv_column(char **header, size_t n, const char *name);
/* Appends one cell and "," (or CRLF when last): quoted per RFC 4180 when needed, and a cell
 * a spreadsheet would run as a formula (=, +, -, @, tab, CR) starts with an apostrophe. */
void csv_write_cell(struct buf *b, const char *s, int last);

#endif
