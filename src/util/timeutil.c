#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t now_unix(void)
{
	return (int64_t)time(NULL);
}

int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

char *iso_utc(int64_t t, char out[ISO_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

char *iso_now(char out[ISO_LEN])
{
	return iso_utc(now_unix(), out);
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

int date_valid(const char *s)
{
	int y, m, d, n = 0;

	if (!s || strlen(s) != 10)
		return 0;
	for (n = 0; n < 10; n++)
		if (n == 4 || n == 7 ? s[n] != '-' : (s[n] < '0' || s[n] > '9'))
			return 0;
	n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return 0;
	if (s[4] != '-' || s[7] != '-' || y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days_in_month(y, m);
}

int iso_parse(const char *s, int64_t *out)
{
	struct tm tm;
	char day[11];
	int y, mo, d, h = 0, mi = 0, se = 0;

	memset(&tm, 0, sizeof(tm));
	if (!s || strlen(s) < 10)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!date_valid(day))
		return -1;
	sscanf(s, "%4d-%2d-%2d", &y, &mo, &d);
	if (s[10]) {
		/* exactly "THH:MM:SS" then "Z" (or nothing): no signs, spaces or offsets */
		const char *t = s + 11;
		int k;
		if ((s[10] != 'T' && s[10] != ' ') || strlen(t) < 8)
			return -1;
		for (k = 0; k < 8; k++)
			if (k == 2 || k == 5 ? t[k] != ':' : (t[k] < '0' || t[k] > '9'))
				return -1;
		if (!(t[8] == '\0' || (t[8] == 'Z' && t[9] == '\0')))
			return -1;
		h = (t[0] - '0') * 10 + (t[1] - '0');
		mi = (t[3] - '0') * 10 + (t[4] - '0');
		se = (t[6] - '0') * 10 + (t[7] - '0');
		if (h > 23 || mi > 59 || se > 60)
			return -1;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*out = (int64_t)timegm(&tm);
	return 0;
}

/* New York's offset from UTC at t: US Eastern time, DST from the second Sunday of March 2:00
 * to the first Sunday of November 2:00 (local). Computed here so no process-wide TZ is set. */
static int ny_offset(int64_t t)
{
	time_t tt = (time_t)(t - 5 * 3600);
	struct tm tm;
	int y, start, end, wday1;

	gmtime_r(&tt, &tm);
	y = tm.tm_year + 1900;
	/* day of week of March 1 and November 1 (0 = Sunday), Zeller-free via timegm */
	{
		struct tm m = { 0 };
		time_t x;
		m.tm_year = y - 1900;
		m.tm_mon = 2;
		m.tm_mday = 1;
		x = timegm(&m);
		gmtime_r(&x, &m);
		wday1 = m.tm_wday;
		start = 1 + (7 - wday1) % 7 + 7; /* second Sunday of March */
		m.tm_year = y - 1900;
		m.tm_mon = 10;
		m.tm_mday = 1;
		x = timegm(&m);
		gmtime_r(&x, &m);
		end = 1 + (7 - m.tm_wday) % 7; /* first Sunday of November */
	}
	{
		int md = tm.tm_mon, dd = tm.tm_mday, hh = tm.tm_hour;
		int after_start = md > 2 || (md == 2 && (dd > start || (dd == start && hh >= 2)));
		int before_end = md < 10 || (md == 10 && (dd < end || (dd == end && hh < 1)));
		return after_start && before_end ? -4 * 3600 : -5 * 3600;
	}
}

char *date_today_ny(char out[11])
{
	return date_ny(now_unix(), out);
}

char *date_ny(int64_t t, char out[11])
{
	time_t tt = (time_t)(t + ny_offset(t));
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return out;
}

static const char *const mon_en[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const mon_es[] = { "ene", "feb", "mar",  "abr", "may", "jun",
				      "jul", "ago", "sept", "oct", "nov", "dic" };

char *time_show_ny(int64_t t, int es, char *out, int size)
{
	time_t tt = (time_t)(t + ny_offset(t));
	struct tm tm;
	int h;

	gmtime_r(&tt, &tm);
	h = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
	if (es)
		snprintf(out, (size_t)size, "%d %s %d, %d:%02d %s", tm.tm_mday, mon_es[tm.tm_mon],
			 tm.tm_year + 1900, h, tm.tm_min, tm.tm_hour < 12 ? "a. m." : "p. m.");
	else
		snprintf(out, (size_t)size, "%s %d, %d, %d:%02d %s", mon_en[tm.tm_mon], tm.tm_mday,
			 tm.tm_year + 1900, h, tm.tm_min, tm.tm_hour < 12 ? "AM" : "PM");
	return out;
}

char *date_show(const char *ymd, int es, char *out, int size)
{
	int y, m, d;

	if (!date_valid(ymd)) {
		snprintf(out, (size_t)size, "%s", ymd ? ymd : "");
		return out;
	}
	sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d);
	if (es)
		snprintf(out, (size_t)size, "%d %s %d", d, mon_es[m - 1], y);
	else
		snprintf(out, (size_t)size, "%s %d, %d", mon_en[m - 1], d, y);
	return out;
}
