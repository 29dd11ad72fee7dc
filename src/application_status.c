/* application_status.c - the statuses of a request: names, labels, open or closed. */
#include "application_internal.h"

#include <string.h>

#include "i18n/i18n.h"

/* ---- statuses ---------------------------------------------------------------------------- */

static const char *const status_names[APP_STATUS_COUNT] = { "pending_review", "approved", "denied",
							    "waitlisted", "active" };
static const char *const status_labels[APP_STATUS_COUNT] = { N_("Waiting for review"),
							     N_("Approved"), N_("Not approved"),
							     N_("On the waiting list"),
							     N_("License active") };

const char *app_status_name(enum app_status s)
{
	return (unsigned)s < APP_STATUS_COUNT ? status_names[s] : NULL;
}

int app_status_parse(const char *s, enum app_status *out)
{
	int i;

	for (i = 0; s && i < APP_STATUS_COUNT; i++)
		if (!strcmp(s, status_names[i])) {
			*out = (enum app_status)i;
			return 0;
		}
	return -1;
}

const char *app_status_label(enum lang lang, enum app_status s)
{
	return (unsigned)s < APP_STATUS_COUNT ? tr(lang, status_labels[s]) : "";
}

enum app_status app_status_of(const char *s)
{
	enum app_status st = APP_PENDING_REVIEW;

	app_status_parse(s, &st);
	return st;
}

int app_status_open(enum app_status s)
{
	return s == APP_PENDING_REVIEW || s == APP_APPROVED || s == APP_WAITLISTED;
}
