/* application.c - the sign-up request: its checks, its decision and its one durable write
 * (application.h). The intake payload is application_intake.c, the e-mails signup_mail.c,
 * reading requests and staff decisions application_review.c.
 *
 * The sign-up path is built for surges, in two halves (intake.h):
 *   - on the request's thread, application_submit() does everything that decides the answer:
 *     the checks, the place (memoized per county and town), the eligibility decision, the
 *     claims and the duplicate check (one read snapshot), a reference no one has, the seat
 *     it can promise; then its one durable write is a single row in signup_intake (the
 *     answers and the decision as JSON), committed in a group of its own, and the 201 is
 *     the decision computed here (with several servers on one database, the seat is decided
 *     in that write, against every server's promises: intake_append_seat);
 *   - on the intake thread, application_pending_read() rebuilds the request from that row
 *     and composes its e-mail, and application_pending_write() runs app_submit_write(), the
 *     write a sign-up always had: it looks for a duplicate once more, takes the seat, and
 *     inserts the application, its event, the learner when approved at once, and the
 *     outbox row, in the thread's batch transaction.
 * A person asking for their status by reference while their request is still in the intake
 * is answered, after a short wait, from the intake row (application_find).
 */
#include "application.h"

#include <ctype.h>
#include <pthread.h>
#include <regex.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "application_internal.h"
#include "audit.h"
#include "db/db.h"
#include "geo.h"
#include "intake.h"
#include "license.h"
#include "mail.h"
#include "ratelimit.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"

void app_errors_add(struct app_errors *e, const char *field, const char *message)
{
	if (e->n < APP_MAX_ERRORS && !app_errors_get(e, field)) {
		e->items[e->n].field = field;
		e->items[e->n].message = message;
		e->n++;
	}
}

const char *app_errors_get(const struct app_errors *e, const char *field)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (!strcmp(e->items[i].field, field))
			return e->items[i].message;
	return NULL;
}

/* ---- references and normal forms --------------------------------------------------------- */

static const char ref_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; /* no 0 O 1 I */

void application_new_reference(char out[APP_REF_LEN])
{
	/* random bytes drawn 512 at a time per thread (one system call for 64 references); 32
	 * letters divide 256, so a byte's low five bits pick each letter uniformly */
	static _Thread_local unsigned char pool[512];
	static _Thread_local size_t used = sizeof(pool);
	const unsigned char *r;
	size_t i, k = 3;

	if (used + 8 > sizeof(pool)) {
		randombytes_buf(pool, sizeof(pool));
		used = 0;
	}
	r = pool + used;
	used += 8;
	memcpy(out, "NY-", 3);
	for (i = 0; i < 8; i++) {
		if (i == 4)
			out[k++] = '-';
		out[k++] = ref_alphabet[r[i] & 31];
	}
	out[k] = '\0';
	sodium_memzero((void *)r, 8);
}

int application_reference_normalize(const char *in, char out[APP_REF_LEN])
{
	char c[10];
	size_t n = 0, i, k = 0;

	for (; in && *in; in++) {
		int ch = toupper((unsigned char)*in);
		if (ch == '-' || ch == ' ' || ch == '\t')
			continue;
		if (n == sizeof(c))
			return -1;
		c[n++] = (char)ch;
	}
	if (n != 10 || c[0] != 'N' || c[1] != 'Y')
		return -1;
	memcpy(out, "NY-", 3);
	k = 3;
	for (i = 2; i < 10; i++) {
		if (!strchr(ref_alphabet, c[i]))
			return -1;
		if (i == 6)
			out[k++] = '-';
		out[k++] = c[i];
	}
	out[k] = '\0';
	return 0;
}

/* Well-formed UTF-8 without control characters (tab and line breaks included, unless
 * newlines is set: then LF is allowed). */
int app_text_ok_nl(const char *s, int newlines)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n, i;
		if ((*p < 0x20 && !(newlines && *p == '\n')) || *p == 0x7f)
			return 0;
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf)
			n = 1;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 2;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 3;
		else
			return 0;
		for (i = 1; i <= n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
		    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
			return 0;
		p += n + 1;
	}
	return 1;
}

static int text_ok(const char *s)
{
	return app_text_ok_nl(s, 0);
}

/* A app_trimmed copy in the arena ("" for NULL). */
char *app_trimmed(struct arena *a, const char *s)
{
	size_t n;

	if (!s)
		return arena_strdup(a, "");
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(a, s, n);
}

int application_email_normalize(const char *in, char *out, size_t size)
{
	size_t n = 0;

	while (*in == ' ' || *in == '\t')
		in++;
	for (; *in; in++) {
		if (n + 1 >= size)
			return -1;
		out[n++] = (char)tolower((unsigned char)*in);
	}
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out[n] = '\0';
	return 0;
}

/* Latin-1 letters written as UTF-8 C3 80..BF, folded to ASCII; '-' drops the character. */
static const char latin1_fold[] =
	"aaaaaaaceeeeiiiidnooooo-ouuuuy-saaaaaaaceeeeiiiidnooooo-ouuuuy-y";

int application_person_key(const char *first, const char *last, const char *birth_date, char *out,
			   size_t size)
{
	const char *parts[2] = { first, last };
	size_t n = 0, i;

	for (i = 0; i < 2; i++) {
		const unsigned char *p = (const unsigned char *)(parts[i] ? parts[i] : "");
		for (; *p; p++) {
			char c = 0;
			if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf) {
				c = latin1_fold[p[1] - 0x80];
				p++;
				if (c == '-')
					continue;
			} else if (*p == 0xe2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {
				p += 2; /* curly apostrophes */
				continue;
			} else if (*p == ' ' || *p == '-' || *p == '\'' || *p == '.' || *p == ',') {
				continue;
			} else {
				c = (char)tolower(*p);
			}
			if (n + 1 >= size)
				return -1;
			out[n++] = c;
		}
		if (n + 1 >= size)
			return -1;
		out[n++] = '|';
	}
	if (n + strlen(birth_date) + 1 > size)
		return -1;
	strcpy(out + n, birth_date);
	return 0;
}

int application_date_normalize(const char *in, char out[11])
{
	int y, m, d, k = 0;

	if (!in)
		return -1;
	if (strlen(in) == 10 && in[4] == '-' && in[7] == '-') {
		memcpy(out, in, 10);
		out[10] = '\0';
		return elig_date_parse(out, NULL, NULL, NULL) == 0 ? 0 : -1;
	}
	if (sscanf(in, "%2d/%2d/%4d%n", &m, &d, &y, &k) != 3 || in[k] != '\0' || y < 1000)
		return -1;
	if (!isdigit((unsigned char)in[0]) || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	{
		char tmp[32];
		snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
		memcpy(out, tmp, 11);
	}
	return elig_date_parse(out, NULL, NULL, NULL) == 0 ? 0 : -1;
}

/* ---- checks ------------------------------------------------------------------------------ */

static int email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	size_t n = strlen(s);

	if (!at || at == s || strchr(at + 1, '@') || n > 254 || (size_t)(at - s) > 64)
		return 0;
	if (strpbrk(s, " <>()[],;:\\\""))
		return 0;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0' && at[1] != '.' && s[n - 1] != '.' &&
	       !strstr(at, "..");
}

static int phone_ok(const char *s)
{
	size_t digits = 0;
	const char *p;

	for (p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" ()-.+", *p))
			return 0;
	}
	for (p = s; *p && !isdigit((unsigned char)*p); p++)
		;
	return digits == 10 || (digits == 11 && *p == '1');
}

/* The OSOS ID pattern is a setting; its compiled form is kept until the setting changes. */
static pthread_mutex_t osos_mu = PTHREAD_MUTEX_INITIALIZER;
static char osos_pattern[256];
static regex_t osos_re;
static int osos_re_ok;

static int osos_ok(struct arena *a, const char *id)
{
	const char *pat = settings_get(a, "osos_id_pattern");
	int ok = 1;

	if (!pat || !*pat)
		return 1;
	pthread_mutex_lock(&osos_mu);
	if (strcmp(pat, osos_pattern)) {
		if (osos_re_ok)
			regfree(&osos_re);
		osos_re_ok = regcomp(&osos_re, pat, REG_EXTENDED | REG_NOSUB) == 0;
		snprintf(osos_pattern, sizeof(osos_pattern), "%s", pat);
	}
	if (osos_re_ok)
		ok = regexec(&osos_re, id, 0, NULL, 0) == 0;
	pthread_mutex_unlock(&osos_mu);
	return ok;
}

/* New York's counties, read once from the reference data (they change only with a new
 * build). */
static pthread_mutex_t counties_mu = PTHREAD_MUTEX_INITIALIZER;
static char county_names[80][40];
static size_t county_count;

static const char *county_canonical(const char *s)
{
	char want[64];
	size_t n, i;
	const char *found = NULL;

	snprintf(want, sizeof(want), "%s", s);
	n = strlen(want);
	if (n > 7 && !strcasecmp(want + n - 7, " county"))
		want[n - 7] = '\0';
	pthread_mutex_lock(&counties_mu);
	if (!county_count) {
		struct arena a;
		const char **list;
		arena_init(&a);
		n = geo_counties(&a, &list);
		for (i = 0; i < n && i < 80; i++)
			snprintf(county_names[i], sizeof(county_names[i]), "%s", list[i]);
		county_count = i;
		arena_release(&a);
	}
	for (i = 0; i < county_count; i++)
		if (!strcasecmp(county_names[i], want)) {
			found = county_names[i];
			break;
		}
	pthread_mutex_unlock(&counties_mu);
	return found;
}

/* The place (local area and region) of a county and town, read once per county and town
 * from the reference data (which changes only with a new build), so a surge of sign-ups does
 * not ask the database the same question for every person. */
struct place_memo {
	char county[40], town[104];
	int rc;
	int64_t local_area_id, region_id;
	char local_area[96], region[96], region_slug[64];
};
static pthread_mutex_t places_mu = PTHREAD_MUTEX_INITIALIZER;
static struct place_memo places[160];
static size_t place_count;

static int place_of(struct arena *a, const char *county, const char *town, struct place *out)
{
	struct place_memo *m;
	size_t i;
	int rc;

	pthread_mutex_lock(&places_mu);
	for (i = 0; i < place_count; i++) {
		m = &places[i];
		if (strcmp(m->county, county) || strcmp(m->town, town))
			continue;
		rc = m->rc;
		memset(out, 0, sizeof(*out));
		if (rc == 0) {
			out->local_area_id = m->local_area_id;
			out->region_id = m->region_id;
			out->local_area = arena_strdup(a, m->local_area);
			out->region = arena_strdup(a, m->region);
			out->region_slug = arena_strdup(a, m->region_slug);
		}
		pthread_mutex_unlock(&places_mu);
		return rc;
	}
	pthread_mutex_unlock(&places_mu);
	rc = geo_assign(a, county, town, out);
	if (rc != 0 && rc != -2)
		return rc;
	pthread_mutex_lock(&places_mu);
	m = &places[place_count];
	if (place_count < sizeof(places) / sizeof(places[0]) &&
	    strlen(county) < sizeof(m->county) && strlen(town) < sizeof(m->town) &&
	    (rc != 0 ||
	     (strlen(out->local_area) < sizeof(m->local_area) &&
	      strlen(out->region) < sizeof(m->region) &&
	      strlen(out->region_slug ? out->region_slug : "") < sizeof(m->region_slug)))) {
		for (i = 0; i < place_count; i++)
			if (!strcmp(places[i].county, county) && !strcmp(places[i].town, town))
				break;
		if (i == place_count) {
			memset(m, 0, sizeof(*m));
			strcpy(m->county, county);
			strcpy(m->town, town);
			m->rc = rc;
			if (rc == 0) {
				m->local_area_id = out->local_area_id;
				m->region_id = out->region_id;
				strcpy(m->local_area, out->local_area);
				strcpy(m->region, out->region);
				strcpy(m->region_slug, out->region_slug ? out->region_slug : "");
			}
			place_count++;
		}
	}
	pthread_mutex_unlock(&places_mu);
	return rc;
}

/* The town as listed for a split county (case-insensitive, "(city)" optional), or NULL. */
static const char *town_canonical(struct arena *a, const char *county, const char *town)
{
	const char **list;
	size_t n = geo_towns(a, county, &list), i, tn = strlen(town);

	for (i = 0; i < n; i++) {
		size_t ln = strlen(list[i]);
		if (!strcasecmp(list[i], town) || !strcasecmp(tr(LANG_ES, list[i]), town))
			return list[i];
		if (ln == tn + 7 && !strncasecmp(list[i], town, tn) &&
		    !strcasecmp(list[i] + tn, " (city)"))
			return list[i];
	}
	/* a village, hamlet or city of the county, as people write it */
	{
		const char *name = NULL;
		if (geo_place(county, town, &name, NULL) == 1)
			return name;
	}
	return NULL;
}

/* "A, B or C" of the choices (translated), in the arena. */
static const char *choices_text(struct arena *a, enum lang l, const char **list, size_t n)
{
	struct buf b = BUF_INIT(2048);
	const char *out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, i + 1 == n ? tr(l, " or ") : ", ");
		buf_puts(&b, tr(l, list[i]));
	}
	out = arena_strdup(a, b.p);
	buf_release(&b);
	return out;
}

/* What to tell a person whose town of a split county could not be placed. */
static const char *town_problem(struct arena *a, enum lang l, const char *county,
				const char *written)
{
	const char **list, *name = NULL, *towns = NULL;
	size_t n;

	if (!*written)
		return tr_fmt(a, l, "Choose your town or city in %s County.", county);
	if (geo_place(county, written, &name, &towns) == 2) {
		char *two = arena_strdup(a, towns), *semi = strchr(two, ';');
		const char *pair[2] = { two, semi ? semi + 1 : "" };
		if (semi)
			*semi = '\0';
		return tr_fmt(a, l, "%s lies partly in %s. Choose the town you live in.", name,
			      choices_text(a, l, pair, 2));
	}
	n = geo_towns(a, county, &list);
	return tr_fmt(a, l,
		      "We do not know \"%s\" as a place in %s County. Choose the town or city it "
		      "belongs to: %s.",
		      written, county, choices_text(a, l, list, n));
}

static int text_field(struct arena *a, struct app_errors *err, enum lang l, const char *field,
		      const char *raw, size_t max, const char *missing, const char *too_long,
		      const char **out)
{
	char *s = app_trimmed(a, raw);

	*out = s;
	if (app_errors_get(err, field))
		return -1;
	if (!text_ok(s)) {
		app_errors_add(
			err, field,
			tr(l, "Use letters, numbers and punctuation only, without line breaks."));
		return -1;
	}
	if (!*s && missing) {
		app_errors_add(err, field, tr(l, missing));
		return -1;
	}
	if (strlen(s) > max) {
		app_errors_add(err, field, tr(l, too_long));
		return -1;
	}
	return 0;
}

/* The eligibility decision under the policy in force, for answers that allow it
 * (c->can_decide). Its errors are form errors, added to err. 0, or APP_ERR. */
static int decide(const struct checked *c, enum lang l, struct app_errors *err,
		  struct elig_result *res, int *decided)
{
	struct elig_policy pol;
	struct elig_input ei;
	char today[11];

	*decided = 0;
	if (policy_load(&pol) != 0)
		return APP_ERR;
	memset(&ei, 0, sizeof(ei));
	ei.birth_date = c->birth;
	ei.today = date_today_ny(today);
	ei.in_new_york = c->in_ny;
	ei.status = c->status;
	ei.layoff_notice_date = c->layoff;
	ei.covid_related = c->covid;
	ei.dol_staff = c->dol;
	if (elig_decide(&pol, &ei, res) == 0)
		*decided = 1;
	else if (res->error_field)
		app_errors_add(err, res->error_field, tr(l, res->error));
	return 0;
}

/* The name, e-mail address and phone number. */
static void check_contact(struct arena *a, const struct app_input *in, struct checked *c,
			  struct app_errors *err, enum lang l)
{
	text_field(a, err, l, "first_name", in->first_name, 100, N_("Enter your first name."),
		   N_("Your first name must be 100 characters or fewer."), &c->first);
	text_field(a, err, l, "last_name", in->last_name, 100, N_("Enter your last name."),
		   N_("Your last name must be 100 characters or fewer."), &c->last);
	if (text_field(a, err, l, "email", in->email, 254, N_("Enter your e-mail address."),
		       N_("Enter an e-mail address in the right format, like name@example.com."),
		       &c->email) == 0) {
		if (!email_ok(c->email))
			app_errors_add(err, "email",
				       tr(l, "Enter an e-mail address in the right format, like "
					     "name@example.com."));
		else
			application_email_normalize(c->email, c->email_norm, sizeof(c->email_norm));
	}
	if (text_field(a, err, l, "phone", in->phone, 40, NULL,
		       N_("Enter a phone number with 10 digits, like 518-555-0123, or leave it "
			  "empty."),
		       &c->phone) == 0 &&
	    *c->phone && !phone_ok(c->phone))
		app_errors_add(err, "phone",
			       tr(l, "Enter a phone number with 10 digits, like 518-555-0123, or "
				     "leave it empty."));
}

/* The date of birth: 1 when it is a real date (in c->birth), else 0. */
static int check_birth(struct arena *a, const struct app_input *in, struct checked *c,
		       struct app_errors *err, enum lang l)
{
	const char *birth_raw;
	char date[11];

	if (text_field(a, err, l, "birth_date", in->birth_date, 10, N_("Enter your date of birth."),
		       N_("Enter your date of birth as a real date, for example 1985-04-23."),
		       &birth_raw) != 0)
		return 0;
	if (application_date_normalize(birth_raw, date) == 0) {
		c->birth = arena_strdup(a, date);
		return 1;
	}
	app_errors_add(err, "birth_date",
		       tr(l, "Enter your date of birth as a real date, for example 1985-04-23."));
	return 0;
}

/* The county (or "outside") and the town, with the place they make. */
static void check_place(struct arena *a, const struct app_input *in, struct checked *c,
			struct app_errors *err, enum lang l)
{
	const char *county_raw = NULL, *town_raw = NULL;
	int rc;

	if (text_field(a, err, l, "county", in->county, 60, N_("Choose the county where you live."),
		       N_("Choose a New York county from the list, or \"outside\" if you do not "
			  "live in New York State."),
		       &county_raw) == 0) {
		if (!strcasecmp(county_raw, "outside")) {
			c->county = "outside";
			c->town = "";
		} else if (!(c->county = county_canonical(county_raw))) {
			app_errors_add(err, "county",
				       tr(l,
					  "Choose a New York county from the list, or \"outside\" "
					  "if you do not live in New York State."));
		} else {
			c->in_ny = 1;
		}
	}
	text_field(a, err, l, "town", in->town, 100, NULL,
		   N_("Choose your town or city from the list."), &town_raw);
	if (c->in_ny && !app_errors_get(err, "town")) {
		const char *town = *town_raw ? town_canonical(a, c->county, town_raw) : NULL;
		rc = place_of(a, c->county, town ? town : "", &c->place);
		if (rc == -2)
			app_errors_add(err, "town", town_problem(a, l, c->county, town_raw));
		else if (rc != 0)
			app_errors_add(err, "county", tr(l, "Choose the county where you live."));
		c->town = town ? town : "";
	}
}

/* The employment situation, the layoff notice, COVID-19 and Department of Labor staff. 1 when
 * the situation and the notice date the decision needs are valid, else 0. */
static int check_situation(struct arena *a, const struct app_input *in, struct checked *c,
			   struct app_errors *err, enum lang l)
{
	const char *status_raw, *layoff_raw;
	char date[11];
	int status_ok = 0, layoff_ok = 1;

	status_raw = in->employment_status ? in->employment_status : "";
	if (elig_status_parse(status_raw, &c->status) == 0)
		status_ok = 1;
	else
		app_errors_add(err, "employment_status",
			       tr(l, "Choose your employment situation."));

	if (text_field(a, err, l, "layoff_notice_date", in->layoff_notice_date, 10, NULL,
		       N_("Enter the date of your layoff notice as a real date, for example "
			  "2026-12-15, or leave it empty."),
		       &layoff_raw) != 0) {
		layoff_ok = 0;
	} else if (*layoff_raw) {
		if (application_date_normalize(layoff_raw, date) == 0) {
			c->layoff = arena_strdup(a, date);
		} else {
			layoff_ok = 0;
			app_errors_add(err, "layoff_notice_date",
				       tr(l, "Enter the date of your layoff notice as a real date, "
					     "for example 2026-12-15, or leave it empty."));
		}
	}

	c->covid = in->covid_related == 1;
	if (in->dol_staff < 0)
		app_errors_add(err, "dol_staff",
			       tr(l, "Tell us whether you work for the New York State Department "
				     "of Labor."));
	c->dol = in->dol_staff == 1;
	return status_ok && layoff_ok;
}

/* The OSOS ID, in normal form (capitals, no spaces or dashes). */
static void check_osos(struct arena *a, const struct app_input *in, struct checked *c,
		       struct app_errors *err, enum lang l)
{
	if (text_field(a, err, l, "osos_id", in->osos_id, 20, NULL,
		       N_("An OSOS ID is two letters and seven numbers, like AB1234567. Check it, "
			  "or leave it empty."),
		       &c->osos) == 0 &&
	    *c->osos) {
		char *o = arena_strdup(a, c->osos), *p, *q;
		for (p = q = o; *p; p++)
			if (*p != ' ' && *p != '-')
				*q++ = (char)toupper((unsigned char)*p);
		*q = '\0';
		c->osos = o;
		if (!osos_ok(a, o))
			app_errors_add(err, "osos_id",
				       tr(l, "An OSOS ID is two letters and seven numbers, like "
					     "AB1234567. Check it, or leave it empty."));
	}
}

/* Checks every answer; fills c (normal forms) and err. With decide_now, the eligibility
 * decision is made too when the answers it needs are valid (its errors are form errors);
 * else c->can_decide says whether decide() may be called. */
static int check(struct arena *a, const struct app_input *in, struct checked *c,
		 struct app_errors *err, struct elig_result *res, int *decided, int decide_now)
{
	enum lang l = in->ui_lang;
	const char *lang_raw;
	int birth_ok, situation_ok;

	memset(c, 0, sizeof(*c));
	*decided = 0;
	check_contact(a, in, c, err, l);
	birth_ok = check_birth(a, in, c, err, l);
	check_place(a, in, c, err, l);
	situation_ok = check_situation(a, in, c, err, l);
	check_osos(a, in, c, err, l);

	lang_raw = in->language && *in->language ? in->language : lang_code(l);
	if (lang_parse(lang_raw, &c->lang) != 0 || strlen(lang_raw) != 2)
		app_errors_add(err, "language", tr(l, "Choose English or Spanish."));

	if (in->consent != 1)
		app_errors_add(err, "consent",
			       tr(l, "To sign up, you must agree to the program terms."));

	if (situation_ok && birth_ok && !app_errors_get(err, "county")) {
		c->can_decide = 1;
		if (decide_now && decide(c, l, err, res, decided) != 0)
			return APP_ERR;
	}
	if (!app_errors_get(err, "first_name") && !app_errors_get(err, "last_name") && birth_ok &&
	    application_person_key(c->first, c->last, c->birth, c->person_key,
				   sizeof(c->person_key)) != 0)
		app_errors_add(err, "last_name",
			       tr(l, "Your last name must be 100 characters or fewer."));
	return err->n ? APP_INVALID : APP_OK;
}

int application_check(struct arena *a, const struct app_input *in, struct app_errors *err)
{
	struct checked c;
	struct elig_result res;
	int decided;

	return check(a, in, &c, err, &res, &decided, 1);
}

static const char *reasons_csv(struct arena *a, const struct elig_result *res)
{
	struct buf b = BUF_INIT(512);
	size_t i;
	char *out;

	for (i = 0; i < res->n; i++) {
		if (i)
			buf_putc(&b, ',');
		buf_puts(&b, elig_reason_code(res->reasons[i]));
	}
	out = arena_strdup(a, b.p);
	buf_release(&b);
	return out;
}

/* ---- sign-up ----------------------------------------------------------------------------- */

/* A read transaction on this thread's connection: the statements between share one snapshot
 * and one look at the write-ahead log instead of one each. read_begin() returns whether it
 * began one (not when the caller has one open already); read_end() ends only that one. */
static int read_begin(void)
{
	struct stmt *st = db_prepare(db_get(), "BEGIN");
	int rc = stmt_step(st);

	stmt_done(st);
	return rc == DB_DONE;
}

static void read_end(int began)
{
	struct stmt *st;

	if (!began)
		return;
	st = db_prepare(db_get(), "COMMIT");
	stmt_step(st);
	stmt_done(st);
}

/* Draws a reference that no request has, waiting or written, and claims it. 0 or APP_ERR. */
static int new_reference(char out[APP_REF_LEN])
{
	struct db *db = db_get();
	int tries, rc;

	for (tries = 0; tries < 16; tries++) {
		application_new_reference(out);
		if (intake_claim_reference(out) == INTAKE_TAKEN)
			continue;
		rc = app_row_exists(
			db, db_prepare(db, "SELECT 1 FROM applications WHERE reference = ?"), out);
		if (rc == 0)
			return 0;
		intake_release_reference(out);
		if (rc < 0)
			return APP_ERR;
	}
	return APP_ERR;
}

/* One server per database: the outcome to promise an approved person, active while the seats
 * in use plus the approvals still waiting (this one included, which is counted here) leave a
 * seat. (Several servers decide it in the intake row's write: intake_append_seat.) The
 * intake thread takes the seat for real; when it finds none after all, the person is
 * waitlisted and the e-mail says so (app_submit_write). */
static enum app_status promised_seat(enum lang l, const char *program)
{
	struct db *db = db_get();
	struct stmt *st = db_prepare(db, "SELECT active FROM seat_pools WHERE program = ?");
	int64_t cap = settings_get_int(l == LANG_ES ? "seats_es" : "seats_en", 0), active = 0;
	int64_t ahead;

	stmt_bind_text(st, 1, program);
	if (stmt_step(st) == DB_ROW)
		active = stmt_int(st, 0);
	stmt_done(st);
	ahead = intake_approvals(program, 1) - 1;
	return active + ahead < cap ? APP_ACTIVE : APP_WAITLISTED;
}

int application_submit(struct arena *a, const struct app_input *in, struct app_result *out,
		       struct app_errors *err)
{
	struct checked c;
	enum app_status answered = APP_PENDING_REVIEW;
	const char *program = NULL, *payload;
	int decided = 0, rc, approve = 0, began;
	int64_t now = now_unix(), sla, id;

	memset(out, 0, sizeof(*out));
	rc = check(a, in, &c, err, &out->elig, &decided, 0);
	if (rc == APP_INVALID && c.can_decide &&
	    decide(&c, in->ui_lang, err, &out->elig, &decided) != 0)
		return APP_ERR; /* the decision's errors belong in the same list */
	if (rc != APP_OK)
		return rc;
	if (!c.can_decide)
		return APP_ERR;

	/* One person, one application: claim first, then look in the database (intake.h). The
	 * reads that follow (the policy, the person's other requests, the reference, the seats)
	 * share one snapshot, taken after the claim. */
	if (intake_claim_person(c.email_norm, c.person_key, 1) == INTAKE_TAKEN)
		return APP_DUPLICATE;
	began = read_begin();
	rc = decide(&c, in->ui_lang, err, &out->elig, &decided);
	if (rc == APP_OK && err->n)
		rc = APP_INVALID;
	else if (rc == APP_OK && !decided)
		rc = APP_ERR;
	if (rc == APP_OK) {
		switch (out->elig.decision) {
		case ELIG_ELIGIBLE:
			approve = settings_get_int("auto_approve", 1) != 0;
			answered = approve ? APP_ACTIVE : APP_PENDING_REVIEW;
			break;
		case ELIG_REVIEW: answered = APP_PENDING_REVIEW; break;
		default: answered = APP_DENIED; break;
		}
		/* a denied request blocks no one: its claims only keep it in line */
		if (answered == APP_DENIED)
			intake_person_in_line(c.email_norm, c.person_key);
		rc = app_open_request(db_get(), c.email_norm, c.person_key);
		rc = rc == 1 ? APP_DUPLICATE : rc < 0 ? APP_ERR : APP_OK;
	}
	if (rc == APP_OK && new_reference(out->reference) != 0)
		rc = APP_ERR;
	if (rc == APP_OK && approve) {
		program = license_program(c.lang);
		/* several servers: the seat is decided with the intake row (intake_append_seat) */
		if (!db_shared())
			answered = promised_seat(c.lang, program);
	}
	read_end(began);
	if (rc != APP_OK) {
		intake_release_person(c.email_norm, c.person_key);
		return rc;
	}
	sla = settings_get_int("sla_hours", 48);
	iso_utc(now, out->submitted_at);
	iso_utc(now + (sla > 0 ? sla : 48) * 3600, out->due_at);
	out->status = answered;
	out->lang = c.lang;
	out->first_name = c.first;
	out->email = c.email;
	out->local_area = c.in_ny ? c.place.local_area : NULL;
	out->region = c.in_ny ? c.place.region : NULL;

	/* The one durable write of the request: its intake row. */
	payload = app_payload_json(a, &c, out, reasons_csv(a, &out->elig), answered, approve);
	intake_handler_set(&application_intake);
	if (program && db_shared()) {
		const char *waiting = app_payload_json(a, &c, out, reasons_csv(a, &out->elig),
						       APP_WAITLISTED, approve);
		int promised = 0;
		rc = !payload || !waiting
			     ? -1
			     : intake_append_seat(out->reference, payload, waiting,
						  out->submitted_at, c.email_norm, c.person_key,
						  program, &id, &promised);
		out->status = promised ? APP_ACTIVE : APP_WAITLISTED;
		program = NULL; /* nothing counted in intake_approvals */
	} else {
		rc = !payload ? -1
			      : intake_append(out->reference, payload, out->submitted_at,
					      answered == APP_DENIED ? NULL : c.email_norm,
					      c.person_key, &id);
	}
	if (rc != 0) {
		if (program)
			intake_approvals(program, -1);
		intake_release_reference(out->reference);
		intake_release_person(c.email_norm, c.person_key);
		return rc == INTAKE_TAKEN ? APP_DUPLICATE : APP_ERR;
	}
	if (answered == APP_DENIED)
		intake_release_person(c.email_norm, c.person_key);
	/* without the intake thread (CLI, unit tests) the request is completed here; when that
	 * fails it stays durable in the intake, for the next run */
	if (!intake_running())
		intake_run();
	return APP_OK;
}

int application_rate_ok(const char *addr, int64_t *retry_after)
{
	struct ratelimit_verdict v;
	int64_t limit = settings_get_int("signup_rate_per_hour", 20);

	*retry_after = 0;
	if (ratelimit_hit("signup", addr ? addr : "", limit, now_unix(), &v) == 0)
		return 1;
	*retry_after = v.retry_after;
	return 0;
}

int application_lookup_rate_ok(const char *addr, int64_t *retry_after)
{
	struct ratelimit_verdict v;
	int64_t limit = settings_get_int("status_lookup_per_hour", 60);

	*retry_after = 0;
	if (ratelimit_hit("status", addr ? addr : "", limit, now_unix(), &v) == 0)
		return 1;
	*retry_after = v.retry_after;
	return 0;
}
