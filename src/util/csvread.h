/* csvread.h - reading CSV files (RFC 4180, via libcsv) row by row.
 *
 * Handles a UTF-8 BOM, CRLF or LF line ends, quoted fields with commas, quotes and newlines.
 * Empty lines are skipped. The callback gets each row's fields (trimmed of surrounding
 * spaces) and its row number, counting the header as row 1; it returns 0 to go on or -1 to
 * stop. csv_read returns 0, -1 when the callback stopped, or -2 on malformed CSV.
 */
#ifndef SG_CSVREAD_H
#define SG_CSVREAD_H

#include <stddef.h>

struct buf;

typedef int (*csv_row_fn)(void *ctx, size_t row, char **fields, size_t n);
int csv_read(const char *data, size_t len, csv_row_fn fn, void *ctx);
/* The index of a column by name (case- and space-insensitive), or -1. */
int csv_column(char **header, size_t n, const char *name);
/* Appends one cell and "," (or CRLF when last): quoted per RFC 4180 when needed, and a cell
 * a spreadsheet would run as a formula (=, +, -, @, tab, CR) starts with an apostrophe. */
void csv_write_cell(struct buf *b, const char *s, int last);

#endif
