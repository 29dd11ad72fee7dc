/* timeutil.h - times are stored in UTC as ISO 8601 text and shown in America/New_York. */
#ifndef SG_TIMEUTIL_H
#define SG_TIMEUTIL_H

#include <stdint.h>
#include <time.h>

#define ISO_LEN 21 /* "2026-11-29T06:05:00Z" + NUL */

int64_t now_unix(void);
int64_t now_ns(void); /* monotonic */
/* "2026-11-29T06:05:00Z" into out (ISO_LEN bytes); returns out. */
char *iso_utc(int64_t t, char out[ISO_LEN]);
char *iso_now(char out[ISO_LEN]);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" (or "YYYY-MM-DD", midnight UTC). 0 or -1. */
int iso_parse(const char *s, int64_t *out);
/* Checks "YYYY-MM-DD" is a real calendar date. 1 or 0. */
int date_valid(const char *s);
/* Today's date in New York, "YYYY-MM-DD" (11 bytes). */
char *date_today_ny(char out[11]);
/* The date in New York at time t, "YYYY-MM-DD". */
char *date_ny(int64_t t, char out[11]);
/* A time shown to people in New York: "Nov 29, 2026, 1:05 AM" / "29 nov 2026, 1:05 a. m.";
 * es selects Spanish month names. Returns out (size >= 40). */
char *time_show_ny(int64_t t, int es, char *out, int size);
char *date_show(const char *ymd, int es, char *out, int size);

#endif
