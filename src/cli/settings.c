/* settings.c - `skillgate settings show | set KEY VALUE`: every program setting, for
 * operators.
 *
 *   show            each setting: its key, its value (or "(default)"), and what it is
 *   set KEY VALUE   one setting, checked and audited exactly as when a state admin changes it
 *                   in the staff workspace (program.h); license_term_end is a renewal
 *                   (every active license follows, expired ones come back); the eligibility
 *                   policy's keys write a new policy version (eligibility.h)
 * The change is recorded as made by "cli:<login user>". A running server sees it within a
 * second (settings.h reads the table again at most once a second). */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "db/db.h"
#include "eligibility.h"
#include "i18n/i18n.h"
#include "program.h"
#include "settings.h"
#include "util/arena.h"

int cmd_settings(int argc, char **argv);

static const char *cli_user(char *out, size_t size)
{
	const char *user = getenv("SUDO_USER");

	if (!user || !*user)
		user = getenv("USER");
	if (!user || !*user) {
		struct passwd *pw = getpwuid(geteuid());
		user = pw ? pw->pw_name : NULL;
	}
	snprintf(out, size, "cli:%s", user && *user ? user : "unknown");
	return out;
}

static int is_policy_key(const char *key)
{
	static const char *const keys[] = { "covid_related_required", "underemployed_eligible",
					    "min_age", "at_risk_review" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i], key))
			return 1;
	return 0;
}

static void show_one(struct arena *a, const char *key, const char *what)
{
	const char *v = settings_get(a, key), *d = settings_default(key);

	printf("%-28s %s%s\n", key, v ? v : "", v && d && !strcmp(v, d) ? "  (default)" : "");
	if (what && *what)
		printf("%-28s   %s\n", "", tr(LANG_EN, what));
}

static int settings_show(void)
{
	struct arena a;
	size_t i;

	arena_init(&a);
	show_one(&a, "license_term_end",
		 N_("The day every license ends. Setting a later day renews the program."));
	for (i = 0; i < program_settings_count; i++)
		show_one(&a, program_settings[i].key, program_settings[i].hint);
	arena_release(&a);
	printf("\nThe eligibility policy: skillgate policy show\n");
	return 0;
}

static int settings_set_one(const char *key, const char *value)
{
	char who[96];
	struct principal p = { ROLE_STATE_ADMIN, 0, 0, NULL, "command line" };
	const char *msg = NULL;
	int64_t licenses = 0;
	int rc;

	p.email = cli_user(who, sizeof(who));
	if (!strcmp(key, "license_term_end")) {
		rc = program_term_extend(&p, value, &licenses, &msg);
		if (rc == PROGRAM_OK) {
			printf("skillgate: license_term_end = %s (%lld active licenses extended)\n",
			       value, (long long)licenses);
			return 0;
		}
	} else if (is_policy_key(key)) {
		msg = policy_check(key, value);
		rc = msg ? POLICY_EINVAL : program_policy_set(&p, key, value);
		if (rc >= 0) {
			printf("skillgate: %s = %s%s\n", key, value, rc == 1 ? " (unchanged)" : "");
			return 0;
		}
	} else {
		rc = program_setting_set(&p, key, value, &msg);
		if (rc == PROGRAM_OK) {
			struct arena a;
			arena_init(&a);
			printf("skillgate: %s = %s\n", key, settings_get(&a, key));
			arena_release(&a);
			return 0;
		}
	}
	if (rc == PROGRAM_EUNKNOWN) {
		fprintf(stderr,
			"skillgate settings set: there is no setting '%s' (see settings "
			"show)\n",
			key);
		return 2;
	}
	if (msg) {
		fprintf(stderr, "skillgate settings set %s: %s\n", key, tr(LANG_EN, msg));
		return 2;
	}
	fprintf(stderr, "skillgate settings set %s: the database refused the change\n", key);
	return 1;
}

int cmd_settings(int argc, char **argv)
{
	int rc;

	if (argc == 1 && !strcmp(argv[0], "show")) {
		if (cli_open_db(0) != 0)
			return 1;
		rc = settings_show();
	} else if (argc == 3 && !strcmp(argv[0], "set")) {
		if (cli_open_db(0) != 0)
			return 1;
		rc = settings_set_one(argv[1], argv[2]);
	} else {
		return cli_usage_error("settings show | settings set KEY VALUE, not '%s'",
				       argc ? argv[0] : "nothing");
	}
	db_close();
	return rc;
}
