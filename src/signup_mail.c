/* signup_mail.c - the e-mails of a sign-up: the answer to a request and a staff denial. */
#include "application_internal.h"

#include <ctype.h>
#include <pthread.h>
#include <regex.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* ---- e-mail ------------------------------------------------------------------------------ */

static const char *show_time(struct arena *a, enum lang l, const char *iso)
{
	int64_t t = 0;
	char buf[64];

	if (iso_parse(iso, &t) != 0)
		return iso;
	time_show_ny(t, l == LANG_ES, buf, sizeof(buf));
	return tr_fmt(a, l, "%s, New York time", buf);
}

static const char *status_path(struct arena *a, const char *reference)
{
	return arena_printf(a, "/status?ref=%s", reference);
}

static void mail_reasons(struct mail *m, struct arena *a, enum lang l,
			 const struct elig_result *res)
{
	size_t i;

	for (i = 0; i < res->n; i++)
		mail_para(m, elig_result_message(a, l, res, i));
}

static void mail_facts(struct mail *m, struct arena *a, enum lang l, const char *reference,
		       const char *local_area, const char *region)
{
	mail_fact(m, tr(l, "Reference"), reference);
	if (local_area)
		mail_fact(m, tr(l, "Local workforce area"), local_area);
	if (region)
		mail_fact(m, tr(l, "Region"), region);
}

static void mail_help(struct mail *m, struct arena *a, enum lang l)
{
	mail_para(m, tr_fmt(a, l, "Questions? Write to %s and give your reference.",
			    settings_get(a, "help_email")));
}

/* The e-mail for a request as it stands after the sign-up. kind receives its outbox kind. */
void app_compose_signup_mail(struct mail *m, struct arena *a, enum app_status st,
			     const struct app_result *r, const char **kind)
{
	enum lang l = r->lang;

	switch (st) {
	case APP_ACTIVE:
		*kind = "license_activated";
		mail_begin(m, l, r->email, tr(l, "You qualify: your Coursera license is active"));
		mail_para(m, tr_fmt(a, l, "Hello %s,", r->first_name));
		mail_para(m, tr(l, "Thank you for your request. You qualify, and your no-cost "
				   "Coursera license from the New York State Department of Labor "
				   "is active."));
		mail_reasons(m, a, l, &r->elig);
		mail_facts(m, a, l, r->reference, r->local_area, r->region);
		license_mail_login_steps(m, l);
		break;
	case APP_WAITLISTED:
		*kind = "application_waitlisted";
		mail_begin(
			m, l, r->email,
			tr(l, "You qualify: you are on the waiting list for a Coursera license"));
		mail_para(m, tr_fmt(a, l, "Hello %s,", r->first_name));
		mail_para(m, tr(l, "Thank you for your request. You qualify for a no-cost Coursera "
				   "license, but every seat in the program is taken right now. You "
				   "are on the waiting list, in the order the requests arrived."));
		mail_para(m,
			  tr(l, "When a seat becomes free, your license is activated and we send "
				"you an e-mail with the login instructions. You do not need to do "
				"anything."));
		mail_facts(m, a, l, r->reference, r->local_area, r->region);
		mail_button(m, tr(l, "Check your status"), status_path(a, r->reference));
		mail_help(m, a, l);
		break;
	case APP_DENIED:
		*kind = "application_denied";
		mail_begin(m, l, r->email, tr(l, "Your request for a Coursera license"));
		mail_para(m, tr_fmt(a, l, "Hello %s,", r->first_name));
		mail_para(m,
			  tr(l, "Thank you for your request. We are sorry: you do not qualify for "
				"a no-cost license at this time."));
		mail_reasons(m, a, l, &r->elig);
		mail_para(m, tr(l, "If your situation changes, for example if you lose your job or "
				   "receive a layoff notice, you may apply again."));
		mail_facts(m, a, l, r->reference, NULL, NULL);
		mail_para(m, tr_fmt(a, l,
				    "If you think this is a mistake, write to %s and give your "
				    "reference.",
				    settings_get(a, "help_email")));
		break;
	default:
		*kind = "application_received";
		mail_begin(m, l, r->email,
			   tr(l, "We received your request for a Coursera license"));
		mail_para(m, tr_fmt(a, l, "Hello %s,", r->first_name));
		mail_para(m, tr(l, "Thank you. We received your request for a no-cost Coursera "
				   "license."));
		if (r->elig.decision == ELIG_REVIEW)
			mail_reasons(m, a, l, &r->elig);
		mail_para(m, tr_fmt(a, l,
				    "A staff member will review it. You will have an answer by %s.",
				    show_time(a, l, r->due_at)));
		mail_facts(m, a, l, r->reference, r->local_area, r->region);
		mail_para(m,
			  tr(l, "Keep your reference: with this e-mail address, it lets you check "
				"your status, and it helps staff find your request."));
		mail_button(m, tr(l, "Check your status"), status_path(a, r->reference));
		mail_para(m, tr_fmt(a, l, "If you have not heard from us by then, write to %s.",
				    settings_get(a, "help_email")));
		break;
	}
}

void app_compose_staff_denial(struct mail *m, struct arena *a, enum lang l, const char *to,
			      const char *first, const char *reference, const char *note)
{
	mail_begin(m, l, to, tr(l, "Your request for a Coursera license"));
	mail_para(m, tr_fmt(a, l, "Hello %s,", first));
	mail_para(m, tr(l, "A staff member reviewed your request. We are sorry: you do not qualify "
			   "for a no-cost license at this time, for this reason:"));
	mail_para(m, note);
	mail_para(m, tr(l, "If your situation changes, for example if you lose your job or receive "
			   "a layoff notice, you may apply again."));
	mail_fact(m, tr(l, "Reference"), reference);
	mail_para(m, tr_fmt(a, l,
			    "If you think this is a mistake, write to %s and give your "
			    "reference.",
			    settings_get(a, "help_email")));
}
