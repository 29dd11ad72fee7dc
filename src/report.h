/* report.h - the federal report: a WIOA PIRL file of the program's learners.
 *
 * One row per person with activity in the period (their span from sign-up to last activity,
 * exit or activation overlaps [from, to]); the header row is the PIRL element numbers; dates
 * YYYYMMDD; unused fields empty. Which element comes from where is ONE table in report.c
 * (pirl_elements[]); every code the reference (data/pirl-reference.md) marks unconfirmed is a
 * setting or a row of a table there, documented in docs/reporting.md. Credentials (1800/1801)
 * and skill gains (1809/1810) come only from OSOS entries staff confirmed.
 */
#ifndef SG_REPORT_H
#define SG_REPORT_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct principal;

/* The PIRL element table, for the documentation and tests: element number, name, source in
 * words, confidence ("C" confirmed, "S" secondary source, "U" unconfirmed). */
struct pirl_element_info {
	const char *element, *name, *source, *confidence;
};
size_t report_pirl_elements(const struct pirl_element_info **out);

/* Writes the PIRL CSV for [from, to] ("YYYY-MM-DD", both included) of the learners in who's
 * scope (and local_area when not 0). *rows counts the people. 0, -1 (a bad date: from after
 * to, or not dates), -2 (local area outside who's scope), -3 (database, or out full). */
int report_pirl_csv(const struct principal *who, int64_t local_area, const char *from,
		    const char *to, struct buf *out, size_t *rows);

#endif
