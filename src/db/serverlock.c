/* serverlock.c - one serving process per SQLite database file (see serverlock.h); none on
 * PostgreSQL. flock(2) locks belong to the open file description, so the lock lives exactly
 * as long as this process keeps the descriptor open; they are independent of the POSIX record
 * locks SQLite takes on the database itself. */
#include "db/serverlock.h"

#include "db/backend.h"
#include "db/db.h"
#include "util/redact.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static int lock_fd = -1;

int db_serve_lock(const char *db_path, char *err, size_t errlen)
{
	char path[4096], owner[32] = "", shown[REDACT_MAX];
	char pid[32];
	ssize_t n;
	int fd, len;

	if (lock_fd >= 0)
		return 0;
	if (db_path_is_url(db_path))
		return 0; /* PostgreSQL: any number of servers (the claims are in the database) */
	redact_db_location(db_path, shown, sizeof(shown));
	if (snprintf(path, sizeof(path), "%s-serve.lock", db_path) >= (int)sizeof(path)) {
		snprintf(err, errlen, "the database path is too long: %s", shown);
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		n = pread(fd, owner, sizeof(owner) - 1, 0);
		owner[n > 0 ? n : 0] = '\0';
		owner[strcspn(owner, "\n")] = '\0';
		close(fd);
		if (e == EWOULDBLOCK)
			snprintf(err, errlen,
				 "another skillgate server (process %s) is already serving %s; "
				 "one server per SQLite file keeps one person to one request. Stop "
				 "it first, or run several instances on PostgreSQL "
				 "(docs/operations.md)",
				 owner[0] ? owner : "unknown", shown);
		else
			snprintf(err, errlen, "cannot lock %s: %s", path, strerror(e));
		return -1;
	}
	len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	lock_fd = fd;
	return 0;
}
