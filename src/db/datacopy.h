/* datacopy.h - copying a program's data from one database to another (`migrate-data`).
 *
 * The source and the target are each a SQLite file or a PostgreSQL URL, both already migrated
 * to the same schema version (the caller runs the migrations first). The copy is generic over
 * the schema: the tables are read from the target's catalog (every table that both sides
 * have, but schema_migrations, which each side keeps for itself) and copied parents first,
 * in an order that respects the foreign keys; the columns both sides have are copied, ids
 * included, so every reference stays valid.
 *
 * The source is read in one snapshot (a read transaction; a running `serve` on a SQLite file
 * is not blocked by it). Rows go to the target in batches, each batch in its own transaction,
 * as an upsert by primary key that changes nothing when the row is already there and equal:
 * running the copy again copies nothing twice, and a copy killed halfway is completed by
 * running it again. A row the source changed since an earlier pass is updated; a row the
 * source no longer has is removed from the target (children first), so after a pass the
 * target holds exactly the source's snapshot. On PostgreSQL the identity sequences are then
 * set past the largest id. Last, the rows of every table are counted on both sides.
 */
#ifndef SG_DB_DATACOPY_H
#define SG_DB_DATACOPY_H

#include <stdint.h>

/* What happened to one table. */
struct datacopy_table {
	const char *name;
	int64_t copied;	     /* rows inserted or updated in the target */
	int64_t removed;     /* rows the target had and the source did not */
	int64_t source_rows; /* counted in the source's snapshot */
	int64_t target_rows; /* counted in the target after the copy */
};

/* Called once per table when its rows are copied (counts 0 so far), and once more when it has
 * been counted on both sides. */
typedef void (*datacopy_report_fn)(void *ctx, const struct datacopy_table *t, int counted);

/* Copies `from` into `to` in batches of `batch` rows. 0 when every table has as many rows in
 * the target as in the source's snapshot, 1 when a count differs, -1 when the copy failed
 * (the message is on stderr; what was committed stays, and running again continues).
 * Without `replace` it changes nothing and returns -2 when the source lacks more than half
 * of the target's rows (the two swapped, or the wrong source). */
int db_copy_data(const char *from, const char *to, int batch, int replace,
		 datacopy_report_fn report, void *ctx);

#endif
