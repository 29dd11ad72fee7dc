/* utf8.h - checking that request text is well-formed UTF-8.
 *
 * Everything skillgate stores and shows is UTF-8 text. A value with bytes that are not UTF-8
 * (a stray Latin-1 byte, an overlong form, a UTF-16 surrogate) or with a NUL byte, which would
 * cut the value short in C, is refused where it enters: form fields, JSON strings, CSV fields.
 */
#ifndef SG_UTF8_H
#define SG_UTF8_H

#include <stddef.h>

/* 1 when s[0..n) is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF) and has no NUL byte; else 0. */
int utf8_text_ok(const char *s, size_t n);
/* How many bytes from s are well-formed UTF-8 text, up to the first byte that is not (or a NUL);
 * n when all of it is. */
size_t utf8_text_len(const char *s, size_t n);

#endif
