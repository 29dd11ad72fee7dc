/* server.h - the HTTP server (libmicrohttpd). */
#ifndef SG_SERVER_H
#define SG_SERVER_H

/* Serves until SIGTERM or SIGINT, then lets in-flight requests finish. 0 on a clean stop. */
int server_run(const char *listen, int threads);
/* Whether each request writes its access-log line (on unless SKILLGATE_ACCESS_LOG=off). */
void server_set_access_log(int on);

/* Tells the server how to know that its database is out of reach (serve sets it): then an
 * answer that would be a 500 is a 503 with Retry-After, and /healthz says so. */
void server_set_store_check(int (*unavailable)(void));
/* 1 when the check says the database is out of reach (0 without a check). */
int server_store_unavailable(void);

/* The same request handling on a daemon without a listening socket, for the fuzzing
 * targets: hand it connections with MHD_add_connection (one end of a socketpair); stop it
 * with MHD_stop_daemon. NULL when libmicrohttpd refuses. */
struct MHD_Daemon;
struct MHD_Daemon *server_start_unlistened(void);

/* Prometheus text for /metrics (into b). */
struct buf;
void metrics_write(struct buf *b);

#endif
