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

struct arena;
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

/* ---- the program's figures (/admin/reports, GET /api/v1/reports/summary) ------------------ */

#define REPORT_WEEKS 12

/* Figures of one local area (or region, or the whole scope). */
struct report_figures {
	int64_t signups, approved, denied, pending; /* requests; approved includes waitlisted */
	int64_t learners, active, waitlisted;	    /* licenses */
	int64_t enrolled;			    /* learners with a program open */
	int64_t completions, certificates;	    /* programs completed; with a certificate */
	double hours;				    /* learning hours reported */
	int64_t osos_draft, osos_pending, osos_entered, osos_rejected;
	int64_t participants; /* learners - participants = reportable individuals only */
};

struct report_group {
	int64_t id;	   /* local area or region id */
	int64_t region_id; /* an area's region */
	const char *name;
	struct report_figures f;
};

struct report_summary {
	char week_start[REPORT_WEEKS][11]; /* the first day of each week (New York), oldest first */
	int64_t signups_week[REPORT_WEEKS];
	/* time from sign-up to activation: within 24 hours, 24 to 48, over 48 */
	int64_t activation[3];
	struct report_figures total;
	struct report_group *areas, *regions; /* state-wide scope only; else n = 0 */
	size_t nareas, nregions;
};

/* The figures of who's scope (narrowed to local_area when not 0), allocated in the arena.
 * 0, -2 (local area outside the scope), -3 (database). */
int report_summary(struct arena *a, const struct principal *who, int64_t local_area,
		   struct report_summary *out);

#endif
