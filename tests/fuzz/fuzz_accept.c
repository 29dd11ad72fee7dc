/* fuzz_accept.c - libFuzzer target for Accept-Language parsing and catalog lookups
 * (i18n/i18n.h): any header gives English or Spanish; any msgid gives a string.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	enum lang l;
	const char *t;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	l = lang_from_accept(s);
	if (l != LANG_EN && l != LANG_ES)
		abort();
	if (lang_parse(s, &l) == 0 && l != LANG_EN && l != LANG_ES)
		abort();
	t = tr(LANG_ES, s);
	if (!t)
		abort();
	(void)strlen(t);
	if (tr(LANG_EN, s) != s)
		abort();
	free(s);
	return 0;
}
