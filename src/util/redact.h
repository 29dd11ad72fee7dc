/* redact.h - a database location as it may be printed: never with its password.
 *
 * The database is a file path (SQLite) or a URL (postgresql://user:secret@host/db). Every
 * message that names it (start-up, migrate, backup, errors, the serving lock) prints it through
 * redact_db_location(), so a password in the URL never reaches a terminal, a log or a ticket:
 *
 *   postgresql://sg:secret@db.example/skillgate  ->  postgresql://sg:***@db.example/skillgate
 *   postgresql:///sg?host=/run/pg&password=x     ->  postgresql:///sg?host=/run/pg&password=***
 *   host=db password='a b' dbname=sg             ->  host=db password=*** dbname=sg
 *
 * A path without either is returned unchanged.
 */
#ifndef SG_REDACT_H
#define SG_REDACT_H

#include <stddef.h>

/* Writes `loc` with every password replaced by *** into out (cap bytes, always
 * NUL-terminated, cut short if it does not fit) and returns out. NULL loc gives "". */
char *redact_db_location(const char *loc, char *out, size_t cap);

/* Large enough for any database location worth printing. */
#define REDACT_MAX 1024

#endif
