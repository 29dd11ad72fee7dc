/* testdb.h - a scratch database file for a unit test: made under $TMPDIR (or /tmp when it is
 * not set), removed with its -wal and -shm files afterwards.
 *
 *   static char dbfile[TESTDB_PATH_MAX];
 *   setup:    if (testdb_make(dbfile, sizeof(dbfile), "test_x") != 0) return -1;
 *             then db_open(dbfile, …)
 *   teardown: testdb_remove(dbfile);   (closes the database first)
 * or a whole folder: testdb_make_dir(dir, sizeof(dir), "test_x").
 *
 * Header-only (static inline functions) so each test binary links it on its own. */
#ifndef SG_TEST_TESTDB_H
#define SG_TEST_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "db/db.h"

#define TESTDB_PATH_MAX 4096

/* $TMPDIR/NAME.XXXXXX (the X's for mkstemp or mkdtemp) into PATH. 0, or -1 when too long. */
static inline int testdb_template(char *path, size_t size, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	int n;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	n = snprintf(path, size, "%s/%s.XXXXXX", tmp, name);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Makes an empty file NAME.XXXXXX under $TMPDIR and writes its path to PATH. 0 or -1. */
static inline int testdb_make(char *path, size_t size, const char *name)
{
	int fd;

	if (testdb_template(path, size, name) != 0)
		return -1;
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Makes a folder NAME.XXXXXX under $TMPDIR (for a test that keeps more than the database)
 * and writes its path to PATH. 0 or -1. */
static inline int testdb_make_dir(char *path, size_t size, const char *name)
{
	if (testdb_template(path, size, name) != 0)
		return -1;
	return mkdtemp(path) ? 0 : -1;
}

/* Closes the database and removes PATH, PATH-wal and PATH-shm. */
static inline void testdb_remove(const char *path)
{
	char p[TESTDB_PATH_MAX + 8];

	db_close();
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

#endif
