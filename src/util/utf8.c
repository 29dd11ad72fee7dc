#include "util/utf8.h"

int utf8_text_ok(const char *s, size_t n)
{
	return utf8_text_len(s, n) == n;
}

size_t utf8_text_len(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p;
		size_t k, len;
		unsigned lo = 0x80, hi = 0xBF;

		if (c == 0)
			break;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4;
		else
			break;
		if ((size_t)(end - p) < len)
			break;
		/* the second byte's range rules out overlong forms, surrogates and > U+10FFFF */
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		else if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		if (p[1] < lo || p[1] > hi)
			break;
		for (k = 2; k < len; k++)
			if (p[k] < 0x80 || p[k] > 0xBF)
				break;
		if (k < len)
			break;
		p += len;
	}
	return (size_t)(p - (const unsigned char *)s);
}
