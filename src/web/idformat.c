/* idformat.c - an identifier's format in plain words (idformat.h). */
#include "web/idformat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"

enum part_kind { PART_LETTERS, PART_DIGITS, PART_CHAR };

struct part {
	enum part_kind kind;
	int count;
	char c; /* PART_CHAR */
};

#define MAX_PARTS 8

/* Reads one element at *p: a class or a literal, with its {n}. 0, or -1 when not simple. */
static int read_part(const char **p, struct part *out)
{
	const char *s = *p;
	static const char *const letters[] = { "[A-Z]", "[a-zA-Z]", "[A-Za-z]", "[[:upper:]]",
					       "[[:alpha:]]" };
	static const char *const digits[] = { "[0-9]", "\\d", "[[:digit:]]" };
	size_t i;
	int matched = 0;

	for (i = 0; !matched && i < sizeof(letters) / sizeof(letters[0]); i++)
		if (!strncmp(s, letters[i], strlen(letters[i]))) {
			out->kind = PART_LETTERS;
			s += strlen(letters[i]);
			matched = 1;
		}
	for (i = 0; !matched && i < sizeof(digits) / sizeof(digits[0]); i++)
		if (!strncmp(s, digits[i], strlen(digits[i]))) {
			out->kind = PART_DIGITS;
			s += strlen(digits[i]);
			matched = 1;
		}
	if (!matched) {
		if (*s == '\\' && s[1] && strchr("-./ ", s[1]))
			s++;
		if (!(*s == '-' || *s == '/' || *s == ' ' || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || (*s == '.' && s[-1] == '\\')))
			return -1;
		out->kind = PART_CHAR;
		out->c = *s++;
	}
	out->count = 1;
	if (*s == '{') {
		char *end;
		long n = strtol(s + 1, &end, 10);
		if (*end != '}' || n < 1 || n > 30)
			return -1;
		out->count = (int)n;
		s = end + 1;
	}
	*p = s;
	return 0;
}

static const char *number_word(enum lang lang, int n, int feminine, char *tmp, size_t cap)
{
	static const char *const en[] = { "zero", "one",   "two",   "three", "four", "five",
					  "six",  "seven", "eight", "nine",  "ten" };
	static const char *const es[] = { "cero", "uno",   "dos",  "tres",  "cuatro", "cinco",
					  "seis", "siete", "ocho", "nueve", "diez" };

	if (n >= 0 && n <= 10) {
		if (lang == LANG_ES)
			return n == 1 ? (feminine ? "una" : "un") : es[n];
		return en[n];
	}
	snprintf(tmp, cap, "%d", n);
	return tmp;
}

const char *id_format_words(struct arena *a, enum lang lang, const char *pattern)
{
	struct part parts[MAX_PARTS];
	size_t n = 0, i;
	const char *p = pattern;
	struct buf words = BUF_INIT(256), example = BUF_INIT(64);
	const char *out;
	int letter = 0, digit = 1;

	if (!p || !*p)
		return NULL;
	if (*p == '^')
		p++;
	while (*p && !(*p == '$' && p[1] == '\0')) {
		if (n == MAX_PARTS || read_part(&p, &parts[n]) != 0)
			return NULL;
		n++;
	}
	if (!n)
		return NULL;
	for (i = 0; i < n; i++) {
		const struct part *pt = &parts[i];
		char tmp[16];
		const char *num =
			number_word(lang, pt->count, pt->kind == PART_LETTERS, tmp, sizeof(tmp));
		if (i)
			buf_puts(&words, i + 1 == n ? tr(lang, " and ") : ", ");
		switch (pt->kind) {
		case PART_LETTERS:
			buf_puts(&words,
				 trn_fmt(a, lang, "%s letter", "%s letters", pt->count, num));
			for (int k = 0; k < pt->count; k++)
				buf_putc(&example, (char)('A' + (letter++ % 26)));
			break;
		case PART_DIGITS:
			buf_puts(&words, trn_fmt(a, lang, "%s digit", "%s digits", pt->count, num));
			for (int k = 0; k < pt->count; k++)
				buf_putc(&example, (char)('0' + (digit++ % 10)));
			break;
		case PART_CHAR:
			if (pt->c == '-')
				buf_puts(&words, tr(lang, "a hyphen"));
			else if (pt->c == ' ')
				buf_puts(&words, tr(lang, "a space"));
			else
				buf_printf(&words, "\"%c\"", pt->c);
			for (int k = 0; k < pt->count; k++)
				buf_putc(&example, pt->c);
			break;
		}
	}
	out = words.p && example.p ? tr_fmt(a, lang, "%s, like %s", words.p, example.p) : NULL;
	buf_release(&words);
	buf_release(&example);
	return out;
}
