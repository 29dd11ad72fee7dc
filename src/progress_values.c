/* progress_values.c - the values of the provider's reports as the provider writes them
 * (progress_import_internal.h): times in the provider's many forms into UTC ISO 8601,
 * progress and grades as fractions or percentages, hours, Yes/No and certificate URLs. */
#include "progress_import_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *skip_sp(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads exactly 1..max digits; returns the count read (0: none). */
static int read_num(const char **p, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)(*p)[n])) {
		v = v * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n)
		*p += n;
	*out = v;
	return n;
}

/* "HH:MM[:SS[.fff]]" with an optional AM/PM (us: allowed). */
static int read_clock(const char **pp, int us, int *h, int *mi, int *se)
{
	const char *p = *pp;

	if (!read_num(&p, 2, h) || *p != ':')
		return -1;
	p++;
	if (read_num(&p, 2, mi) != 2)
		return -1;
	*se = 0;
	if (*p == ':') {
		p++;
		if (read_num(&p, 2, se) != 2)
			return -1;
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (us) {
		const char *q = skip_sp(p);
		if ((q[0] == 'A' || q[0] == 'a' || q[0] == 'P' || q[0] == 'p') &&
		    (q[1] == 'M' || q[1] == 'm') && !isalpha((unsigned char)q[2])) {
			int pm = q[0] == 'P' || q[0] == 'p';
			if (*h < 1 || *h > 12)
				return -1;
			*h = *h % 12 + (pm ? 12 : 0);
			p = q + 2;
		}
	}
	*pp = p;
	return 0;
}

/* An optional zone: Z, UTC, GMT, +HH:MM, -HHMM, +HH. Sets *off in seconds east of UTC. */
static int read_zone(const char **pp, int *off)
{
	const char *p = skip_sp(*pp);
	int sign, hh, mm = 0;

	*off = 0;
	if (*p == 'Z' || *p == 'z') {
		*pp = p + 1;
		return 0;
	}
	if (!strncmp(p, "UTC", 3) || !strncmp(p, "GMT", 3)) {
		*pp = p + 3;
		return 0;
	}
	if (*p != '+' && *p != '-') {
		*pp = p;
		return 0;
	}
	sign = *p == '-' ? -1 : 1;
	p++;
	if (read_num(&p, 2, &hh) != 2)
		return -1;
	if (*p == ':')
		p++;
	if (isdigit((unsigned char)*p) && read_num(&p, 2, &mm) != 2)
		return -1;
	if (hh > 14 || mm > 59)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	*pp = p;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms):
 * no libc time functions, which are a tenth of the import's time at a million lines. */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void put_digits(char *p, int v, int n)
{
	while (n--) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

int import_parse_time(const char *s, char out[21])
{
	const char *p = skip_sp(s);
	int y, mo, d, h = 0, mi = 0, se = 0, off = 0, us = 0;

	if (!*p)
		return 1;
	if (read_num(&p, 4, &y) == 4 && *p == '-') {
		p++;
		if (read_num(&p, 2, &mo) != 2 || *p++ != '-' || read_num(&p, 2, &d) != 2)
			return -1;
	} else {
		p = skip_sp(s);
		us = 1;
		if (!read_num(&p, 2, &mo) || *p++ != '/' || !read_num(&p, 2, &d) || *p++ != '/' ||
		    read_num(&p, 4, &y) != 4)
			return -1;
	}
	if (*p == 'T' || *p == ' ') {
		const char *q = *p == 'T' ? p + 1 : skip_sp(p);
		if (isdigit((unsigned char)*q)) {
			p = q;
			if (read_clock(&p, us, &h, &mi, &se) != 0)
				return -1;
		}
	}
	if (read_zone(&p, &off) != 0)
		return -1;
	p = skip_sp(p);
	if (*p || y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || se > 60)
		return -1;
	if (se == 60)
		se = 59; /* a leap second: the second before it is near enough */
	if (off) {
		int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
		int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400, rest = t - days * 86400;
		civil_from_days(days, &y, &mo, &d);
		h = (int)(rest / 3600);
		mi = (int)(rest % 3600 / 60);
		se = (int)(rest % 60);
	}
	memcpy(out, "0000-00-00T00:00:00Z", 21);
	put_digits(out, y, 4);
	put_digits(out + 5, mo, 2);
	put_digits(out + 8, d, 2);
	put_digits(out + 11, h, 2);
	put_digits(out + 14, mi, 2);
	put_digits(out + 17, se, 2);
	return 0;
}

int import_parse_percent(const char *s, double *out)
{
	const char *p = skip_sp(s);
	char *end;
	double v;
	int pct = 0;

	if (!*p)
		return 1;
	if (!isdigit((unsigned char)*p) && *p != '.')
		return -1;
	v = strtod(p, &end);
	if (end == p || !isfinite(v))
		return -1;
	end = (char *)skip_sp(end);
	if (*end == '%') {
		pct = 1;
		end = (char *)skip_sp(end + 1);
	}
	if (*end)
		return -1;
	if (!pct && v <= 1.0)
		v *= 100.0;
	if (v < 0 || v > 100.0)
		return -1;
	*out = round(v * 100.0) / 100.0;
	return 0;
}

/* Hours: a plain non-negative number. 0, 1 empty, -1 bad. */
int import_parse_hours(const char *s, double *out)
{
	const char *p = skip_sp(s);
	char *end;
	double v;

	if (!*p)
		return 1;
	if (!isdigit((unsigned char)*p) && *p != '.')
		return -1;
	v = strtod(p, &end);
	if (end == p || *skip_sp(end) || !isfinite(v) || v < 0 || v > 1e6)
		return -1;
	*out = round(v * 100.0) / 100.0;
	return 0;
}

/* Yes/No as the provider writes it: 1 yes, 0 no, 2 empty, -1 neither. */
int import_parse_yes(const char *s)
{
	static const char *const yes[] = { "yes", "y", "true", "t", "1", "completed" };
	static const char *const no[] = { "no", "n", "false", "f", "0" };
	size_t i;

	if (!*s)
		return 2;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(s, yes[i]))
			return 1;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(s, no[i]))
			return 0;
	return -1;
}

int import_url_ok(const char *s)
{
	size_t i;

	if (strncasecmp(s, "https://", 8) && strncasecmp(s, "http://", 7))
		return 0;
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == '"' || s[i] == '<' || s[i] == '>' ||
		    s[i] == '\\')
			return 0;
	return i < URL_MAX;
}
