/* token.c - `skillgate token create --role ROLE [--area NAME] [--email E] [--label L]`:
 * an API token for the staff API.
 *
 * The token belongs to a staff account: the one with --email when it exists (its role must
 * be the one asked for), else a new account with that e-mail (default: a service account
 * named after the role and area, "api-state-admin@skillgate.invalid"). The token is printed
 * once, alone on stdout, so a script can capture it; only its hash is kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/config.h"
#include "db/db.h"
#include "geo.h"
#include "staff.h"
#include "util/arena.h"

struct token_opts {
	const char *role, *area, *email, *label;
	const char *staff; /* --staff EMAIL: an existing account's token (cli/staff.c) */
};

static int token_usage(const char *why, const char *arg)
{
	return cli_usage_error(why, arg);
}

/* Parses the options after `token create`; 0, or the exit code of a usage error. */
static int parse_opts(int argc, char **argv, struct token_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < argc; i++) {
		const char **dst = NULL;
		if (!strcmp(argv[i], "--role"))
			dst = &o->role;
		else if (!strcmp(argv[i], "--area"))
			dst = &o->area;
		else if (!strcmp(argv[i], "--email"))
			dst = &o->email;
		else if (!strcmp(argv[i], "--label"))
			dst = &o->label;
		else if (!strcmp(argv[i], "--staff"))
			dst = &o->staff;
		else
			return token_usage("token create: unknown option '%s'", argv[i]);
		if (i + 1 >= argc || !argv[i + 1][0])
			return token_usage("token create: %s needs a value", argv[i]);
		*dst = argv[++i];
	}
	if (o->staff && (o->role || o->area || o->email))
		return token_usage(
			"token create: --staff %s takes the account's own role and area; "
			"leave out --role, --area and --email",
			o->staff);
	if (!o->role && !o->staff)
		return token_usage("token create: give --role (%s)",
				   "state_admin, area_admin or area_viewer");
	return 0;
}

static int token_create(int argc, char **argv)
{
	struct token_opts o;
	struct staff_member m;
	struct staff_new n;
	struct arena a;
	enum role role;
	int64_t area = 0;
	char email[256], token[65];
	enum staff_err err;
	int rc = parse_opts(argc, argv, &o);

	if (rc)
		return rc;
	if (o.staff) /* staff workspace: the token of an existing staff account */
		return cli_token_for_staff(o.staff, o.label);
	if (staff_role_parse(o.role, &role) != 0)
		return token_usage(
			"token create: --role is state_admin, area_admin or area_viewer, "
			"not '%s'",
			o.role);
	if (role != ROLE_STATE_ADMIN && !o.area)
		return token_usage("token create: --role %s needs --area NAME (a local area's name "
				   "or slug)",
				   o.role);
	if (role == ROLE_STATE_ADMIN && o.area)
		return token_usage("token create: a state admin sees every area; leave out --area "
				   "'%s'",
				   o.area);
	if (cli_open_db(0) != 0)
		return 1;
	if (o.area) {
		area = geo_area_find(o.area);
		if (area <= 0) {
			fprintf(stderr,
				"skillgate token create: no local area '%s'; give its name or "
				"slug, "
				"e.g. \"New York City\" or new-york-city\n",
				o.area);
			db_close();
			return 2;
		}
	}
	if (o.email)
		snprintf(email, sizeof(email), "%s", o.email);
	else if (area)
		snprintf(email, sizeof(email), "api-%s-%lld@skillgate.invalid", o.role,
			 (long long)area);
	else
		snprintf(email, sizeof(email), "api-%s@skillgate.invalid", o.role);
	arena_init(&a);
	rc = 1;
	if (staff_find(&a, email, &m) == 0) {
		if (m.role != role || (role != ROLE_STATE_ADMIN && m.local_area != area)) {
			fprintf(stderr,
				"skillgate token create: %s is already a %s%s%s; ask for that "
				"role, "
				"or give another --email\n",
				email, staff_role_name(m.role), m.local_area ? " in " : "",
				m.local_area_name ? m.local_area_name : "");
			goto cleanup;
		}
	} else {
		memset(&n, 0, sizeof(n));
		n.email = email;
		n.name = "API token";
		n.role = role;
		n.local_area = area;
		err = staff_add(NULL, &n, NULL);
		if (err != STAFF_OK) {
			fprintf(stderr, "skillgate token create: cannot add the account %s: %s\n",
				email, staff_err_message(err));
			goto cleanup;
		}
	}
	err = staff_token_create(email, o.label ? o.label : "cli", token);
	if (err != STAFF_OK) {
		fprintf(stderr, "skillgate token create: %s\n", staff_err_message(err));
		goto cleanup;
	}
	printf("%s\n", token);
	fprintf(stderr,
		"skillgate: API token for %s (%s) created; it is shown only this once. Send it as "
		"Authorization: Bearer <token>\n",
		email, o.role);
	rc = 0;
cleanup:
	arena_release(&a);
	db_close();
	return rc;
}

int cmd_token(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "create"))
		return cli_usage_error("token: the subcommand is 'create', got '%s'",
				       argc ? argv[0] : "nothing");
	return token_create(argc - 1, argv + 1);
}
