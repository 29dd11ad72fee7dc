/* harness.h - what the fuzzing targets share: a database with realistic data (the provider's
 * real listing imported with URLs, learners enrolled through a usage report: tests/unit/
 * realistic.h), and the real request handling on a daemon without a listening socket, fed
 * whole requests over a socketpair.
 *
 *   fuzz_db();                                   once: temp database, migrated, realistic
 *   fuzz_http_start();                           once: fuzz_db() and the daemon
 *   int status = fuzz_http(req, len, chunk);     sends req in pieces of chunk bytes (0: at
 *                                                once), returns the answer's status (abort()s
 *                                                when there is no well-formed answer)
 *   fuzz_token                                   a state admin's bearer token
 *
 * Header-only: each target is one binary. Answers come within FUZZ_ANSWER_MS or the target
 * aborts (a hang is a finding). Access logging is off. The database lives in
 * /dev/shm, so commits cost no disk flush. */
#ifndef SG_FUZZ_HARNESS_H
#define SG_FUZZ_HARNESS_H

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../unit/realistic.h"
#include "util/config.h"
#include "db/db.h"
#include "staff.h"
#include "web/server.h"
#include "jobs/mail_delivery.h"
#include "cli/cli.h"

#define FUZZ_ANSWER_MS 5000

struct config cfg;
static const struct mail_delivery_config mail_to_tmp = { NULL, "/tmp", NULL };
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The server's threads (the writer, libmicrohttpd's) allocate and free on their own, so
 * libFuzzer's count of mallocs and frees never matches after an input, and it would run a
 * full LeakSanitizer check (stopping every thread) after each one: some 100 ms per input.
 * Leaks are still checked once, when the run ends. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char *args[256];
	static char flag[] = "-detect_leaks=0";
	int i, n = *argc < 254 ? *argc : 254;

	for (i = 0; i < n; i++)
		args[i] = (*argv)[i];
	args[n++] = flag;
	args[n] = NULL;
	*argc = n;
	*argv = args;
	return 0;
}

/* main.c's, which the targets do not link: serve.c refers to it */
int cli_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "skillgate: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 2;
}

static char fuzz_token[65];
static struct MHD_Daemon *fuzz_daemon;

static inline void fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz harness: %s\n", what);
	abort();
}

static char fuzz_db_file[64];

static inline void fuzz_db_remove(void)
{
	char p[80];

	unlink(fuzz_db_file);
	snprintf(p, sizeof(p), "%s-wal", fuzz_db_file);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", fuzz_db_file);
	unlink(p);
}

/* Databases of earlier runs whose process is gone (libFuzzer ends a timed run without
 * running atexit handlers) are removed before a run makes its own. */
static inline void fuzz_db_sweep(void)
{
	DIR *d = opendir("/dev/shm");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		long pid;
		char p[300];

		if (sscanf(e->d_name, "skillgate-fuzz-%ld.db", &pid) != 1 || pid <= 0)
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(p, sizeof(p), "/dev/shm/%s", e->d_name);
		unlink(p);
	}
	closedir(d);
}

static inline void fuzz_db(void)
{
	static int done;
	char *file = fuzz_db_file;
	struct principal sys = { ROLE_STATE_ADMIN, 0, 0, "fuzz", "fuzz" };
	struct staff_new n = { "state.admin@example.org", "Sam State", ROLE_STATE_ADMIN, 0,
			       "correct horse battery staple", "en" };
	if (done)
		return;
	done = 1;
	server_set_access_log(0);
	mail_delivery_configure(&mail_to_tmp);
	cfg.threads = 2;
	fuzz_db_sweep();
	snprintf(fuzz_db_file, sizeof(fuzz_db_file), "/dev/shm/skillgate-fuzz-%ld.db",
		 (long)getpid());
	fuzz_db_remove();
	cfg.db_path = file;
	if (db_open(file, 1) != 0 || db_migrate(db_get()) != 0)
		fuzz_die("cannot open and migrate the database");
	if (realistic_load() != 0)
		fuzz_die("cannot load the realistic data");
	if (staff_add(&sys, &n, NULL) != STAFF_OK)
		fuzz_die("cannot add the state admin");
	if (staff_token_create(n.email, "fuzz", fuzz_token) != STAFF_OK)
		fuzz_die("cannot create a token");
	atexit(fuzz_db_remove); /* each thread opens its own connection: the file stays */
}

static inline void fuzz_http_start(void)
{
	if (fuzz_daemon)
		return;
	fuzz_db();
	signal(SIGPIPE, SIG_IGN);
	if (serve_prepare() != 0)
		fuzz_die("serve_prepare");
	fuzz_daemon = server_start_unlistened();
	if (!fuzz_daemon)
		fuzz_die("cannot start the daemon");
}

/* Sends the request, reads the answer to the end; its status code. */
static inline int fuzz_http(const char *req, size_t len, size_t chunk)
{
	struct sockaddr_in sa;
	int sv[2], status = 0;
	size_t off = 0, got = 0;
	char head[16];
	struct pollfd p;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(40000);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		fuzz_die("socketpair");
	if (MHD_add_connection(fuzz_daemon, sv[0], (const struct sockaddr *)&sa, sizeof(sa)) !=
	    MHD_YES)
		fuzz_die("MHD_add_connection");
	if (!chunk)
		chunk = len ? len : 1;
	while (off < len) {
		size_t n = len - off < chunk ? len - off : chunk;
		ssize_t w = send(sv[1], req + off, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			break; /* the server answered and closed before reading everything */
		}
		off += (size_t)w;
	}
	shutdown(sv[1], SHUT_WR);
	p.fd = sv[1];
	p.events = POLLIN;
	for (;;) {
		char buf[16384];
		ssize_t r;
		int pr = poll(&p, 1, FUZZ_ANSWER_MS);

		if (pr == 0)
			fuzz_die("no answer within the time limit");
		if (pr < 0 && errno == EINTR)
			continue;
		r = recv(sv[1], buf, sizeof(buf), 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (got < sizeof(head)) {
			size_t k = (size_t)r < sizeof(head) - got ? (size_t)r : sizeof(head) - got;
			memcpy(head + got, buf, k);
		}
		got += (size_t)r;
	}
	close(sv[1]);
	if (got >= 12 && !memcmp(head, "HTTP/1.", 7))
		status = atoi(head + 9);
	/* a request that is not HTTP may be dropped without an answer; one that is gets one */
	return got == 0 ? 0 : status;
}

#endif
