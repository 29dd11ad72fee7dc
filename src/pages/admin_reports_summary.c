/* admin_reports_summary.c - the program's figures on the reports page (admin.h). */
#include "pages/admin.h"
#include "web/html.h"

void admin_reports_summary(struct req *r, struct resp *w)
{
	(void)r;
	(void)w;
}
