/* server.h - the HTTP server (libmicrohttpd). */
#ifndef SG_SERVER_H
#define SG_SERVER_H

/* Serves until SIGTERM or SIGINT, then lets in-flight requests finish. 0 on a clean stop. */
int server_run(const char *listen, int threads);

/* Prometheus text for /metrics (into b). */
struct buf;
void metrics_write(struct buf *b);

#endif
