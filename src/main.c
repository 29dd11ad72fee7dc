/* main.c - the skillgate command line: global flags, then one subcommand from the table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "jobs/mail_delivery.h"
#include "mail.h"
#include "pages/site.h"
#include "util/config.h"
#include "web/http.h"
#include "web/proxy.h"
#include "web/server.h"

struct config cfg;

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args; /* NULL: a hidden command, for tests and benchmarks */
	const char *what;
} commands[] = {
	{ "serve", cmd_serve, "", "serve the web pages and the API" },
	{ "migrate", cmd_migrate, "", "create or upgrade the database" },
	{ "seed", cmd_seed, "", "load the demo data (catalog, staff, learners)" },
	{ "policy", cmd_policy, "show | set KEY VALUE | history [N]", "the eligibility policy" },
	{ "settings", cmd_settings, "show | set KEY VALUE",
	  "the program settings (seats, term end, limits, contacts), audited" },
	{ "catalog", cmd_catalog,
	  "import FILE.csv [--map column=field,...] [--dry-run] [--partial] [--retire-missing]\n"
	  "| curation FILE.csv | search WORDS",
	  "the provider catalog and the curated lists" },
	{ "progress", cmd_progress, "import FILE.csv [--dry-run] [--partial] [--membership]",
	  "the provider's usage and membership reports" },
	{ "invitations", cmd_invitations, "export [--all] [--out FILE]",
	  "the provider's bulk-invitation CSV" },
	{ "staff", cmd_staff,
	  "add EMAIL --role ROLE [--area NAME] [--password P] [--lang en|es]\n"
	  "| set EMAIL [--role ROLE] [--area NAME] [--active 1|0] | password EMAIL | list",
	  "staff accounts" },
	{ "token", cmd_token, "create --staff EMAIL | create --role ROLE [--area NAME] [--email E]",
	  "an API token for a staff member" },
	{ "osos", cmd_osos,
	  "backfill | exits [--now YYYY-MM-DDTHH:MM:SSZ] | import FILE.csv [--dry-run] [--partial]",
	  "OSOS entries: add missing ones; draft exits; mark entries entered from OSOS's "
	  "acknowledgment" },
	{ "report", cmd_report, "pirl --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]",
	  "the federal WIOA PIRL file (docs/reporting.md)" },
	{ "mail", cmd_mail, "send-pending | status | resend ID", "the e-mail outbox" },
	{ "sweep", cmd_sweep, "[--now YYYY-MM-DDTHH:MM:SSZ]",
	  "remind inactive learners, then remove them; tell learners the license term ends, then "
	  "expire it; e-mail staff the day's late requests; draft OSOS exits (the server does it "
	  "hourly)" },
	{ "backup", cmd_backup, "FILE", "write a consistent copy of the database" },
	{ "migrate-data", cmd_migrate_data, "--from DB --to DB [--batch N] [--replace]",
	  "copy a program's data to another database (SQLite to PostgreSQL), checked by row "
	  "counts" },
	{ "version", cmd_version, "", "print the version" },
	{ "help", cmd_help, "", "this text" },
	{ "test-mail", cmd_test_mail, NULL, NULL },
	{ "test-learning", cmd_test_learning, NULL, NULL },
	{ "test-insert-bench", cmd_test_insert_bench, NULL, NULL },
	{ "test-setting", cmd_test_setting, NULL, NULL },
	{ "test-signup-bench", cmd_test_signup_bench, NULL, NULL },
	{ "test-staff-data", cmd_test_staff_data, NULL, NULL },
};

static void usage(FILE *f)
{
	const char *p;
	size_t i;
	int first;

	fputs("usage: skillgate [--db PATH] [--listen ADDR:PORT] [--base-url URL] "
	      "[--trusted-proxies LIST] COMMAND [ARGS]\n\n"
	      "commands:\n",
	      f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!commands[i].args)
			continue;
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].what);
		/* the argument lines: "name ARGS", continuation lines aligned under ARGS */
		for (p = commands[i].args, first = 1; *p; first = 0) {
			size_t n = strcspn(p, "\n");
			fprintf(f, "      %-*s %.*s\n", (int)strlen(commands[i].name),
				first ? commands[i].name : "", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	fputs("\nflags (each also an environment variable):\n"
	      "  --db PATH          SKILLGATE_DB        database file (default var/skillgate.db)\n"
	      "  --listen ADDR:PORT SKILLGATE_LISTEN    where to serve (default 127.0.0.1:8080)\n"
	      "  --base-url URL     SKILLGATE_BASE_URL  the public address, for links in e-mail\n"
	      "  --trusted-proxies LIST  SKILLGATE_TRUSTED_PROXIES  proxies whose X-Forwarded-For\n"
	      "                     is believed: addresses and CIDR ranges, comma-separated\n"
	      "                     (e.g. 10.0.0.5,2001:db8::/48; default none)\n"
	      "environment only:\n"
	      "  SKILLGATE_SMTP_URL   smtp://host:port or smtps://… to deliver mail\n"
	      "  SKILLGATE_MAIL_DIR   without SMTP, mail is written here as .eml (default "
	      "var/mail)\n"
	      "  SKILLGATE_MAIL_FROM  sender address\n"
	      "  SKILLGATE_THREADS    HTTP worker threads (default 32)\n"
	      "  SKILLGATE_ACCESS_LOG off to silence the access log\n"
	      "  SKILLGATE_METRICS_TOKEN  a token that lets other hosts read /metrics\n",
	      f);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int cli_usage_error(const char *fmt, const char *arg)
{
	fputs("skillgate: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n\n", stderr);
	usage(stderr);
	return 2;
}
#pragma GCC diagnostic pop

static int cmd_version(int argc, char **argv)
{
	if (argc > 0)
		return cli_usage_error("version takes no arguments, got '%s'", argv[0]);
	printf("skillgate %s\n", SKILLGATE_VERSION);
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return 0;
}

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

static char base_url[512];

/* Hands the layers below what they need of the configuration, as values: the web layer and the
 * mail composer the base URL, the server whether to log and which proxies to believe, the
 * metrics page its token, the mail delivery job where mail goes. Only main.c and cli/ read cfg
 * itself. 0, or 2 after saying what is wrong. */
static int config_hand_over(void)
{
	struct mail_delivery_config md = { cfg.smtp_url, cfg.mail_dir, cfg.mail_from };
	char err[256];

	if (proxy_set_trusted(cfg.trusted_proxies, err, sizeof(err)) < 0) {
		fprintf(stderr, "skillgate: SKILLGATE_TRUSTED_PROXIES / --trusted-proxies: %s\n",
			err);
		return 2;
	}

	http_set_base_url(base_url);
	mail_set_base_url(base_url);
	server_set_access_log(!cfg.quiet);
	site_set_metrics_token(cfg.metrics_token);
	mail_delivery_configure(&md);
	return 0;
}

int main(int argc, char **argv)
{
	char **rest = calloc((size_t)argc + 1, sizeof(*rest));
	const char *cmd = NULL;
	int nrest = 0, i;
	size_t c;

	cfg.db_path = env_or("SKILLGATE_DB", "var/skillgate.db");
	cfg.listen = env_or("SKILLGATE_LISTEN", "127.0.0.1:8080");
	cfg.base_url = env_or("SKILLGATE_BASE_URL", NULL);
	cfg.smtp_url = env_or("SKILLGATE_SMTP_URL", NULL);
	cfg.mail_dir = env_or("SKILLGATE_MAIL_DIR", "var/mail");
	cfg.mail_from = env_or("SKILLGATE_MAIL_FROM", "no-reply@labor.ny.gov");
	cfg.threads = atoi(env_or("SKILLGATE_THREADS", "32"));
	cfg.quiet = !strcmp(env_or("SKILLGATE_ACCESS_LOG", "on"), "off");
	cfg.metrics_token = env_or("SKILLGATE_METRICS_TOKEN", NULL);
	cfg.trusted_proxies = env_or("SKILLGATE_TRUSTED_PROXIES", NULL);
	if (cfg.threads < 1 || cfg.threads > 1024)
		cfg.threads = 32;

	for (i = 1; i < argc; i++) {
		const char **dst = NULL;
		if (!strcmp(argv[i], "--db"))
			dst = &cfg.db_path;
		else if (!strcmp(argv[i], "--listen"))
			dst = &cfg.listen;
		else if (!strcmp(argv[i], "--base-url"))
			dst = &cfg.base_url;
		else if (!strcmp(argv[i], "--trusted-proxies"))
			dst = &cfg.trusted_proxies;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		}
		if (dst) {
			if (i + 1 >= argc || !argv[i + 1][0])
				return cli_usage_error("%s needs a value", argv[i]);
			*dst = argv[++i];
			continue;
		}
		if (!cmd && argv[i][0] == '-')
			return cli_usage_error("unknown flag '%s'", argv[i]);
		if (!cmd)
			cmd = argv[i];
		else
			rest[nrest++] = argv[i];
	}
	if (cfg.base_url)
		snprintf(base_url, sizeof(base_url), "%s", cfg.base_url);
	else
		snprintf(base_url, sizeof(base_url), "http://%s", cfg.listen);
	for (c = strlen(base_url); c > 0 && base_url[c - 1] == '/'; c--)
		base_url[c - 1] = '\0';
	if (config_hand_over() != 0) {
		free(rest);
		return 2;
	}
	if (!cmd) {
		usage(stderr);
		return 2;
	}
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (!strcmp(cmd, commands[c].name)) {
			int rc = commands[c].fn(nrest, rest);
			free(rest);
			return rc;
		}
	free(rest);
	return cli_usage_error("unknown command '%s'", cmd);
}
