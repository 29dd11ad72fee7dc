/* config.h - process configuration from flags and environment (flags win), set once at
 * start-up (main.c). Only main.c and the command line (cli/) read cfg: main.c hands the other
 * layers what they need as values (http_set_base_url(), mail_set_base_url(),
 * server_set_access_log(), site_set_metrics_token(), proxy_set_trusted(),
 * mail_delivery_configure()). */
#ifndef SG_CONFIG_H
#define SG_CONFIG_H

struct config {
	const char *db_path;	   /* --db, SKILLGATE_DB; default var/skillgate.db */
	const char *listen;	   /* --listen, SKILLGATE_LISTEN; default 127.0.0.1:8080 */
	const char *base_url;	   /* --base-url, SKILLGATE_BASE_URL; default http://<listen> */
	const char *smtp_url;	   /* SKILLGATE_SMTP_URL, e.g. smtp://127.0.0.1:8025; NULL = none */
	const char *mail_dir;	   /* SKILLGATE_MAIL_DIR; default var/mail when no SMTP */
	const char *mail_from;	   /* SKILLGATE_MAIL_FROM */
	int threads;		   /* SKILLGATE_THREADS; default: number of CPUs */
	int quiet;		   /* SKILLGATE_ACCESS_LOG=off */
	const char *metrics_token; /* SKILLGATE_METRICS_TOKEN: /metrics from other hosts; NULL */
	const char *trusted_proxies; /* --trusted-proxies, SKILLGATE_TRUSTED_PROXIES: addresses
				      * and CIDR ranges whose X-Forwarded-For is believed; NULL */
};

extern struct config cfg;

#endif
