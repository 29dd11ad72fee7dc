/* i18n.h - English and Spanish.
 *
 * UI strings are written in English in the source and translated in po/es.po (gettext's
 * format, so translators use their usual tools). The build compiles po/es.po with msgfmt and
 * embeds the catalog; lookups are a binary search on it and need no locale, so the language
 * is chosen per request and is thread-safe.
 *
 * Mark strings for translation with one of:
 *   T(r, "Sign up")              in a page, with the request's language
 *   tr(lang, "Sign up")          anywhere else (mail, domain messages)
 *   N_("Sign up")                a string in a table, translated later with tr()
 *   tr_fmt(arena, lang, "%d programs", n)   a translated printf format (C formats only)
 *   trn(lang, "%d program", "%d programs", n), trn_fmt(...)   a count's singular or plural
 * xgettext extracts all four; tests/i18n checks that every one has a Spanish translation.
 */
#ifndef SG_I18N_H
#define SG_I18N_H

struct arena;

enum lang { LANG_EN = 0, LANG_ES = 1 };
#define LANG_COUNT 2

#define N_(s)	(s)
#define T(r, s) tr((r)->lang, (s))

const char *tr(enum lang lang, const char *msgid);
char *tr_fmt(struct arena *a, enum lang lang, const char *msgid, ...)
	__attribute__((format(printf, 3, 4)));
/* ngettext: the form of a message for a count n. English has one form for 1 and one for
 * every other number; Spanish the same (the catalog's msgstr[0] and msgstr[1]). Mark with
 * trn(lang, "%d learner", "%d learners", n) or trn_fmt(arena, lang, one, other, n, args...);
 * the count is not passed to the format by itself: give it among the arguments. */
const char *trn(enum lang lang, const char *singular, const char *plural, long n);
char *trn_fmt(struct arena *a, enum lang lang, const char *singular, const char *plural, long n,
	      ...) __attribute__((format(printf, 3, 6)));
/* "en" / "es" */
const char *lang_code(enum lang lang);
/* 0 and sets *out for "en"/"es" (any case), else -1. */
int lang_parse(const char *s, enum lang *out);
/* The best of en/es for an Accept-Language header; English when neither is asked for. */
enum lang lang_from_accept(const char *accept_language);
/* Number of translated strings (for tests). */
unsigned i18n_count(void);

#endif
