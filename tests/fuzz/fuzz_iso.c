/* fuzz_iso.c - libFuzzer target for dates and ISO 8601 times (util/timeutil.h).
 *
 * Whatever iso_parse accepts in the canonical 20-character form must print back the same
 * (so no odd spelling is read as another time), and a valid date parses as its midnight.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[ISO_LEN], show[64];
	int64_t t;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (date_valid(s)) {
		if (iso_parse(s, &t) != 0)
			abort();
		iso_utc(t, out);
		if (strncmp(out, s, 10) || strcmp(out + 10, "T00:00:00Z"))
			abort();
		date_show(s, 0, show, sizeof(show));
		date_show(s, 1, show, sizeof(show));
	}
	if (iso_parse(s, &t) == 0) {
		if (strlen(s) == 20 && s[10] == 'T' && s[19] == 'Z' && strncmp(s + 17, "60", 2)) {
			iso_utc(t, out);
			if (strcmp(out, s))
				abort(); /* accepted, but read as another time */
		}
		time_show_ny(t, 0, show, sizeof(show));
		time_show_ny(t, 1, show, sizeof(show));
	}
	free(s);
	return 0;
}
