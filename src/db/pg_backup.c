/* pg_backup.c - `skillgate backup` on PostgreSQL (backend.h): pg_dump run as a child, with the
 * database's password in its environment rather than on its command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/backend.h"
#include "db/pg_internal.h"

/* The URL without the password of its user:password@ part, and that password
 * percent-decoded ("" when there is none), so a child program gets the password in its
 * environment instead of on its command line, where every local user could read it. */
static void url_split_password(const char *url, char *bare, size_t cap, char *pw, size_t pwcap)
{
	const char *scheme = strstr(url, "://"), *end, *at = NULL, *colon = NULL, *p;
	size_t n = 0;

	snprintf(bare, cap, "%s", url);
	pw[0] = '\0';
	if (!scheme)
		return;
	scheme += 3;
	end = scheme + strcspn(scheme, "/?#");
	for (p = scheme; p < end; p++)
		if (*p == '@')
			at = p;
	if (at)
		colon = memchr(scheme, ':', (size_t)(at - scheme));
	if (!colon)
		return;
	snprintf(bare, cap, "%.*s%s", (int)(colon - url), url, at);
	for (p = colon + 1; p < at && n + 1 < pwcap; p++) {
		unsigned hi, lo;
		if (*p == '%' && p + 2 < at && sscanf(p + 1, "%1x%1x", &hi, &lo) == 2) {
			pw[n++] = (char)(hi * 16 + lo);
			p += 2;
		} else {
			pw[n++] = *p;
		}
	}
	pw[n] = '\0';
}

/* pg_dump's custom format (restore with pg_restore): a consistent snapshot taken while the
 * program keeps running. */
int pg_backup(const char *dest)
{
	char bare[2048], pw[512];
	pid_t pid;
	int status;

	url_split_password(pg_url(), bare, sizeof(bare), pw, sizeof(pw));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("skillgate: backup");
		return -1;
	}
	if (pid == 0) {
		if (pw[0])
			setenv("PGPASSWORD", pw, 1);
		execlp("pg_dump", "pg_dump", "--format=custom", "--no-owner", "--file", dest,
		       "--dbname", bare, (char *)NULL);
		fprintf(stderr, "skillgate: cannot run pg_dump (install postgresql-client)\n");
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "skillgate: pg_dump failed\n");
		return -1;
	}
	return 0;
}
