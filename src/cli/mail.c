/* mail.c - `skillgate mail send-pending | status | resend ID`: the e-mail outbox, and the
 * hidden `skillgate test-mail TO LANG [COUNT]` that queues sample messages for the tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/config.h"
#include "db/db.h"
#include "jobs/mail_delivery.h"
#include "outbox.h"
#include "mail.h"
#include "util/arena.h"
#include "util/buf.h"
#include "i18n/i18n.h"

static int mail_send_pending(void)
{
	struct outbox_stats st;

	mail_delivery_run(&st);
	printf("skillgate: %d sent, %d to retry later, %d failed, %d unconfirmed%s\n", st.sent,
	       st.retried, st.failed, st.unconfirmed,
	       cfg.smtp_url ? "" : " (no SKILLGATE_SMTP_URL: written as .eml files)");
	if (!cfg.smtp_url && st.sent)
		printf("skillgate: the messages are in %s\n", cfg.mail_dir);
	return st.failed || st.unconfirmed ? 1 : 0;
}

static int mail_status(void)
{
	struct buf b = BUF_INIT(16 * 1024 * 1024);
	int rc = outbox_status(&b);

	fputs(b.p, stdout);
	buf_release(&b);
	if (rc != 0)
		fprintf(stderr, "skillgate mail status: cannot read the outbox of %s\n",
			cli_db_shown());
	return rc == 0 ? 0 : 1;
}

static int mail_resend(const char *arg)
{
	char *end;
	long long id = strtoll(arg, &end, 10);
	int rc;

	if (*end || id <= 0)
		return cli_usage_error("mail resend: ID is the message number that `mail status` "
				       "shows, got '%s'",
				       arg);
	rc = outbox_resend(id);
	if (rc == 0)
		printf("skillgate: mail #%lld is queued again\n", id);
	else if (rc == 1)
		fprintf(stderr,
			"skillgate mail resend: no failed or unconfirmed message #%lld (see "
			"skillgate mail status)\n",
			id);
	else
		fprintf(stderr, "skillgate mail resend: writing to %s failed\n", cli_db_shown());
	return rc == 0 ? 0 : 1;
}

int cmd_mail(int argc, char **argv)
{
	const char *sub = argc > 0 ? argv[0] : "";
	int rc;

	if (!strcmp(sub, "send-pending") || !strcmp(sub, "status")) {
		if (argc > 1)
			return cli_usage_error("mail: too many arguments, from '%s'", argv[1]);
	} else if (!strcmp(sub, "resend")) {
		if (argc != 2)
			return cli_usage_error("%s", "mail resend needs one message number");
	} else {
		return cli_usage_error("mail: say send-pending, status or resend ID (got '%s')",
				       sub);
	}
	if (cli_open_db(0) != 0)
		return 1;
	if (!strcmp(sub, "send-pending"))
		rc = mail_send_pending();
	else if (!strcmp(sub, "status"))
		rc = mail_status();
	else
		rc = mail_resend(argv[1]);
	db_close();
	return rc;
}

/* ---- test-mail ------------------------------------------------------------------------------- */

struct sample {
	const char *to;
	enum lang lang;
	int count;
};

/* Queues ctx->count numbered sample messages in one transaction. */
static int sample_fn(struct db *db, void *ctx)
{
	struct sample *s = ctx;
	int i;

	for (i = 1; i <= s->count; i++) {
		struct arena a;
		struct mail m;
		char num[32];
		int rc;

		arena_init(&a);
		snprintf(num, sizeof(num), "%d/%d", i, s->count);
		mail_begin(&m, s->lang, s->to,
			   tr(s->lang, "Test message: confirmation of your request"));
		mail_para(&m, tr_fmt(&a, s->lang, "Hello, %s.", "José O'Brien <b>&amp;</b>"));
		mail_para(&m, tr(s->lang, "This is a test of the program's e-mail. You do not need "
					  "to do anything."));
		mail_fact(&m, tr(s->lang, "Message number"), num);
		mail_button(&m, tr(s->lang, "Check your status"),
			    "/status?ref=NY-TEST-0001&lang=es");
		rc = mail_enqueue(db, &m, "test");
		arena_release(&a);
		if (rc != 0)
			return DB_ABORT;
	}
	return 0;
}

int cmd_test_mail(int argc, char **argv)
{
	struct sample s;
	int rc;

	if (argc < 2 || argc > 3)
		return cli_usage_error("%s", "test-mail TO LANG [COUNT]");
	s.to = argv[0];
	s.count = argc > 2 ? atoi(argv[2]) : 1;
	if (lang_parse(argv[1], &s.lang) != 0)
		return cli_usage_error("test-mail: LANG is en or es, got '%s'", argv[1]);
	if (s.count < 1 || s.count > 100000)
		return cli_usage_error("test-mail: COUNT is 1 to 100000, got '%s'", argv[2]);
	if (!mail_addr_ok(s.to))
		return cli_usage_error("test-mail: '%s' is not an e-mail address", s.to);
	if (cli_open_db(0) != 0)
		return 1;
	rc = db_write(sample_fn, &s);
	db_close();
	if (rc != 0) {
		fprintf(stderr, "skillgate test-mail: queueing failed\n");
		return 1;
	}
	printf("skillgate: %d message%s queued\n", s.count, s.count == 1 ? "" : "s");
	return 0;
}
