/* serverlock.h - one serving process per SQLite database file.
 *
 * On SQLite the sign-up intake's duplicate claims are decided in memory (intake.h), so "one
 * person, one request" holds only when one process takes sign-ups for a database. `serve` therefore
 * holds an exclusive lock tied to the database file for as long as it runs: a second `serve`
 * on the same file is refused at once, naming the file and the running process. The kernel
 * drops the lock when the process ends, also after kill -9, so a crash never leaves a stale
 * lock behind. Other commands (imports, backup, sweep, ...) take no lock and keep working
 * beside the running server. Several instances need the PostgreSQL backend, where the claims
 * are kept in the database itself and no lock is taken (db_shared()). */
#ifndef SG_DB_SERVERLOCK_H
#define SG_DB_SERVERLOCK_H

#include <stddef.h>

/* On PostgreSQL (db_path a URL): 0, no lock. Otherwise takes the serving lock of the database at db_path (the file db_path + "-serve.lock", made
 * if missing, holding the owner's process id). 0 when taken (kept until the process ends);
 * -1 with a message in err otherwise: another process serves the file, or the lock file
 * cannot be made. */
int db_serve_lock(const char *db_path, char *err, size_t errlen);

#endif
