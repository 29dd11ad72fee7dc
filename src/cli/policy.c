/* policy.c - `skillgate policy show | set KEY VALUE | history [N]`: the eligibility policy.
 *
 * `set` never edits the policy in force: it writes a new version (see eligibility.h), and the
 * change is recorded as made by "cli:<login user>". */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/config.h"
#include "db/db.h"
#include "eligibility.h"
#include "util/buf.h"

int cmd_policy(int argc, char **argv);

static int print_policy(const struct elig_policy *pol)
{
	struct buf b = BUF_INIT(16 * 1024);
	int rc = policy_show(pol, &b);

	fputs(b.p, stdout);
	buf_release(&b);
	return rc;
}

static int policy_cli_show(void)
{
	struct elig_policy pol;

	if (policy_load(&pol) != 0) {
		fprintf(stderr, "skillgate policy show: cannot read the policy from %s\n",
			cli_db_shown());
		return 1;
	}
	return print_policy(&pol) == 0 ? 0 : 1;
}

static int policy_cli_set(const char *key, const char *value)
{
	struct elig_policy pol;
	const char *user = getenv("SUDO_USER");
	char who[96];
	const char *why;
	int rc;

	why = policy_check(key, value);
	if (why) {
		fprintf(stderr, "skillgate policy set %s %s: %s\n", key, value, why);
		return 2;
	}
	if (!user || !*user)
		user = getenv("USER");
	if (!user || !*user) {
		struct passwd *pw = getpwuid(geteuid());
		user = pw ? pw->pw_name : NULL;
	}
	snprintf(who, sizeof(who), "cli:%s", user && *user ? user : "unknown");
	rc = policy_set(key, value, who, &pol);
	if (rc == POLICY_EUNCHANGED) {
		printf("skillgate: %s is already %s; no new version written\n\n", key, value);
	} else if (rc != 0) {
		fprintf(stderr,
			"skillgate policy set: writing the new version to %s failed; the "
			"policy in force is unchanged\n",
			cli_db_shown());
		return 1;
	} else {
		printf("skillgate: policy version %lld is now in force\n\n",
		       (long long)pol.version);
	}
	return print_policy(&pol) == 0 ? 0 : 1;
}

static int policy_cli_history(const char *n)
{
	struct buf b = BUF_INIT(1024 * 1024);
	int limit = n ? atoi(n) : 20;
	int rc;

	if (limit < 1 || limit > 10000)
		return cli_usage_error("policy history: N is a number of versions from 1 to 10000, "
				       "got '%s'",
				       n);
	rc = policy_history(db_get(), limit, &b);
	fputs(b.p, stdout);
	buf_release(&b);
	if (rc != 0)
		fprintf(stderr, "skillgate policy history: cannot read %s\n", cli_db_shown());
	return rc == 0 ? 0 : 1;
}

int cmd_policy(int argc, char **argv)
{
	const char *sub = argc > 0 ? argv[0] : "show";
	int rc;

	if (!strcmp(sub, "show")) {
		if (argc > 1)
			return cli_usage_error("policy show takes no arguments, got '%s'", argv[1]);
	} else if (!strcmp(sub, "set")) {
		if (argc != 3)
			return cli_usage_error("%s: policy set KEY VALUE, e.g. policy set "
					       "underemployed_eligible 1",
					       "policy set needs a key and a value");
	} else if (!strcmp(sub, "history")) {
		if (argc > 2)
			return cli_usage_error("policy history takes at most one number, got '%s'",
					       argv[2]);
	} else {
		return cli_usage_error("policy: unknown subcommand '%s' (show, set, history)", sub);
	}
	if (cli_open_db(0) != 0)
		return 1;
	if (!strcmp(sub, "show"))
		rc = policy_cli_show();
	else if (!strcmp(sub, "set"))
		rc = policy_cli_set(argv[1], argv[2]);
	else
		rc = policy_cli_history(argc > 1 ? argv[1] : NULL);
	db_close();
	return rc;
}
