/* staff.c - `skillgate staff …`: staff accounts from the command line, and the API token of
 * an existing account (`skillgate token create --staff EMAIL`).
 *
 *   staff add EMAIL --role ROLE [--area NAME] [--name NAME] [--password P] [--lang en|es]
 *   staff set EMAIL --role ROLE [--area NAME] [--active 1|0]
 *   staff password EMAIL [--password P]
 *   staff list
 * Without --password a strong random password is made and printed once. The hidden
 * `skillgate test-staff-data N [--pending PCT] [--seed S] [--area NAME]` generates people
 * for tests and the benchmark.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "geo.h"
#include "staff.h"
#include "util/arena.h"

struct staff_opts {
	const char *email, *role, *area, *name, *password, *active, *pending, *seed, *lang;
};

/* Options after the subcommand: the first bare word is the e-mail (or N), the rest pairs. */
static int parse(int argc, char **argv, const char *cmd, struct staff_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < argc; i++) {
		const char **dst = NULL;
		if (argv[i][0] != '-') {
			if (o->email)
				return cli_usage_error("staff: unexpected argument '%s'", argv[i]);
			o->email = argv[i];
			continue;
		}
		if (!strcmp(argv[i], "--role"))
			dst = &o->role;
		else if (!strcmp(argv[i], "--area"))
			dst = &o->area;
		else if (!strcmp(argv[i], "--name"))
			dst = &o->name;
		else if (!strcmp(argv[i], "--password"))
			dst = &o->password;
		else if (!strcmp(argv[i], "--lang"))
			dst = &o->lang;
		else if (!strcmp(argv[i], "--active"))
			dst = &o->active;
		else if (!strcmp(argv[i], "--pending"))
			dst = &o->pending;
		else if (!strcmp(argv[i], "--seed"))
			dst = &o->seed;
		else
			return cli_usage_error("staff: unknown option '%s'", argv[i]);
		if (i + 1 >= argc)
			return cli_usage_error("staff: %s needs a value", argv[i]);
		*dst = argv[++i];
	}
	(void)cmd;
	return 0;
}

/* 20 random characters from an alphabet without look-alikes. */
static void random_password(char out[21])
{
	static const char al[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	int i;

	for (i = 0; i < 20; i++)
		out[i] = al[randombytes_uniform(sizeof(al) - 1)];
	out[20] = '\0';
}

static int area_arg(const char *name, int64_t *area)
{
	*area = 0;
	if (!name)
		return 0;
	*area = geo_area_find(name);
	if (*area <= 0) {
		fprintf(stderr,
			"skillgate staff: no local area '%s'; give its name or slug, e.g. "
			"\"New York City\" or new-york-city\n",
			name);
		return -1;
	}
	return 0;
}

static int staff_add_cmd(struct staff_opts *o)
{
	struct staff_new n;
	char pw[21];
	enum staff_err err;
	int64_t id;

	if (!o->email || !o->role)
		return cli_usage_error("staff add: give EMAIL and --role (%s)",
				       "state_admin, area_admin or area_viewer");
	memset(&n, 0, sizeof(n));
	if (staff_role_parse(o->role, &n.role) != 0)
		return cli_usage_error("staff add: --role is state_admin, area_admin or "
				       "area_viewer, not '%s'",
				       o->role);
	if (n.role != ROLE_STATE_ADMIN && !o->area)
		return cli_usage_error("staff add: --role %s needs --area NAME", o->role);
	if (o->lang && strcmp(o->lang, "en") && strcmp(o->lang, "es"))
		return cli_usage_error("staff add: --lang is en or es (the language of the staff "
				       "member's e-mails), not '%s'",
				       o->lang);
	if (cli_open_db(0) != 0)
		return 1;
	if (area_arg(o->area, &n.local_area) != 0) {
		db_close();
		return 2;
	}
	if (sodium_init() < 0) {
		db_close();
		return 1;
	}
	if (!o->password)
		random_password(pw);
	n.email = o->email;
	n.name = o->name ? o->name : "";
	n.password = o->password ? o->password : pw;
	n.lang = o->lang;
	err = staff_add(NULL, &n, &id);
	db_close();
	if (err != STAFF_OK) {
		fprintf(stderr, "skillgate staff add: %s: %s\n", o->email, staff_err_message(err));
		return 1;
	}
	printf("skillgate: staff account %s added (%s%s%s), id %lld\n", o->email, o->role,
	       o->area ? ", " : "", o->area ? o->area : "", (long long)id);
	if (!o->password)
		printf("password: %s\n(shown once; sign in at /admin/login)\n", pw);
	return 0;
}

static int staff_set_cmd(struct staff_opts *o)
{
	struct arena a;
	struct staff_member m;
	enum role role;
	int64_t area = 0;
	enum staff_err err;
	int rc = 1;

	if (!o->email || !o->role)
		return cli_usage_error("staff set: give EMAIL and --role (%s)",
				       "state_admin, area_admin or area_viewer");
	if (staff_role_parse(o->role, &role) != 0)
		return cli_usage_error("staff set: unknown role '%s'", o->role);
	if (o->active && strcmp(o->active, "0") && strcmp(o->active, "1"))
		return cli_usage_error("staff set: --active is 1 or 0, not '%s'", o->active);
	if (cli_open_db(0) != 0)
		return 1;
	arena_init(&a);
	if (area_arg(o->area, &area) != 0) {
		rc = 2;
	} else if (staff_find(&a, o->email, &m) != 0) {
		fprintf(stderr, "skillgate staff set: no staff account %s\n", o->email);
	} else {
		err = staff_update(NULL, m.id, role, area, o->active ? atoi(o->active) : m.active);
		if (err != STAFF_OK)
			fprintf(stderr, "skillgate staff set: %s\n", staff_err_message(err));
		else {
			printf("skillgate: %s is now %s%s%s%s\n", m.email, o->role,
			       o->area ? " in " : "", o->area ? o->area : "",
			       o->active && !atoi(o->active) ? " (inactive)" : "");
			rc = 0;
		}
	}
	arena_release(&a);
	db_close();
	return rc;
}

static int staff_password_cmd(struct staff_opts *o)
{
	struct arena a;
	struct staff_member m;
	char pw[21];
	enum staff_err err;
	int rc = 1;

	if (!o->email)
		return cli_usage_error("staff password: give the account's %s", "EMAIL");
	if (cli_open_db(0) != 0)
		return 1;
	if (sodium_init() < 0) {
		db_close();
		return 1;
	}
	if (!o->password)
		random_password(pw);
	arena_init(&a);
	if (staff_find(&a, o->email, &m) != 0) {
		fprintf(stderr, "skillgate staff password: no staff account %s\n", o->email);
	} else if ((err = staff_set_password(NULL, m.id, o->password ? o->password : pw)) !=
		   STAFF_OK) {
		fprintf(stderr, "skillgate staff password: %s\n", staff_err_message(err));
	} else {
		printf("skillgate: new password set for %s%s%s\n", m.email, o->password ? "" : ": ",
		       o->password ? "" : pw);
		rc = 0;
	}
	arena_release(&a);
	db_close();
	return rc;
}

static int staff_list_cmd(void)
{
	struct arena a;
	struct staff_member *rows;
	size_t n, i;

	if (cli_open_db(0) != 0)
		return 1;
	arena_init(&a);
	n = staff_list(&a, &rows);
	for (i = 0; i < n; i++)
		printf("%-6lld %-34s %-12s %-28s %s\n", (long long)rows[i].id, rows[i].email,
		       staff_role_name(rows[i].role), rows[i].local_area_name,
		       rows[i].active ? "active" : "inactive");
	arena_release(&a);
	db_close();
	return 0;
}

int cmd_staff(int argc, char **argv)
{
	struct staff_opts o;
	int rc;

	if (argc < 1)
		return cli_usage_error("staff: give a subcommand: %s", "add, set, password, list");
	rc = parse(argc - 1, argv + 1, argv[0], &o);
	if (rc)
		return rc;
	if (!strcmp(argv[0], "add"))
		return staff_add_cmd(&o);
	if (!strcmp(argv[0], "set"))
		return staff_set_cmd(&o);
	if (!strcmp(argv[0], "password"))
		return staff_password_cmd(&o);
	if (!strcmp(argv[0], "list"))
		return staff_list_cmd();
	return cli_usage_error("staff: unknown subcommand '%s' (add, set, password, list)",
			       argv[0]);
}

int cli_token_for_staff(const char *email, const char *label)
{
	char token[65];
	enum staff_err err;

	if (cli_open_db(0) != 0)
		return 1;
	err = staff_token_create(email, label ? label : "cli", token);
	db_close();
	if (err != STAFF_OK) {
		fprintf(stderr, "skillgate token create: %s: %s\n", email,
			err == STAFF_ENOTFOUND ? "no active staff account with this e-mail; add it "
						 "first with `skillgate staff add`"
					       : staff_err_message(err));
		return 1;
	}
	printf("%s\n", token);
	fprintf(stderr,
		"skillgate: API token for %s created; it is shown only this once. It has the "
		"account's role and area. Send it as Authorization: Bearer <token>\n",
		email);
	return 0;
}

int cmd_test_staff_data(int argc, char **argv)
{
	struct staff_opts o;
	int64_t area = 0;
	long n;
	int rc = parse(argc, argv, "test-staff-data", &o);

	if (rc)
		return rc;
	n = o.email ? strtol(o.email, NULL, 10) : 0;
	if (n < 1 || n > 10000000)
		return cli_usage_error("test-staff-data: give how many people, 1 to 10000000, not "
				       "'%s'",
				       o.email ? o.email : "nothing");
	if (cli_open_db(0) != 0)
		return 1;
	if (area_arg(o.area, &area) != 0) {
		db_close();
		return 2;
	}
	rc = staff_demo_learners((int)n, o.seed ? strtoull(o.seed, NULL, 10) : 1,
				 o.pending ? atoi(o.pending) : 5, area, stdout);
	db_close();
	return rc == 0 ? 0 : 1;
}
