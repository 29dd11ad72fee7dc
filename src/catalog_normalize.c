/* catalog_normalize.c - the values of a provider's export made comparable (catalog.h): kinds,
 * levels, durations in English or Spanish ("3 - 6 Months", "4 meses") to hours, ratings,
 * review counts, slugs, the programs the state does not offer, skill lists, languages,
 * subtitles and industries as a row gives them, and the language and industry guessed from a
 * title and its skills. */
#include "catalog.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/search.h"
#include "util/arena.h"
#include "util/buf.h"

/* ---- normalization ---------------------------------------------------------------------- */

/* Folds s (accents off, lowercase), trims spaces and a final period into out. */
static void norm_text(const char *s, char *out, size_t cap)
{
	size_t n, i = 0;
	char *p;

	search_fold(s ? s : "", s ? strlen(s) : 0, out, cap);
	p = out;
	while (*p && isspace((unsigned char)*p))
		p++;
	n = strlen(p);
	while (n && (isspace((unsigned char)p[n - 1]) || p[n - 1] == '.'))
		n--;
	memmove(out, p, n);
	out[n] = '\0';
	/* collapse runs of spaces */
	for (p = out; *p; p++) {
		if (isspace((unsigned char)*p) && i && isspace((unsigned char)out[i - 1]))
			continue;
		out[i++] = isspace((unsigned char)*p) ? ' ' : *p;
	}
	out[i] = '\0';
}

static int is_blank(const char *v)
{
	return !v[0] || !strcmp(v, "none") || !strcmp(v, "null") || !strcmp(v, "n/a") ||
	       !strcmp(v, "na") || !strcmp(v, "-") || !strcmp(v, "nan");
}

/* Hours of one unit of time: a week of study is about 10 hours, a month about 40. */
static double unit_hours(const char *w)
{
	static const struct {
		const char *prefix;
		double hours;
	} units[] = {
		{ "hour", 1 },	  { "hora", 1 },  { "hr", 1 },	   { "h", 1 },	  { "week", 10 },
		{ "semana", 10 }, { "wk", 10 },	  { "month", 40 }, { "mes", 40 }, { "mo", 40 },
		{ "year", 480 },  { "ano", 480 }, { "yr", 480 },   { "day", 2 },  { "dia", 2 },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strncmp(w, units[i].prefix, strlen(units[i].prefix)))
			return units[i].hours;
	return 0;
}

int catalog_norm_duration(const char *s, int *hours_min, int *hours_max)
{
	char v[128], *p, *end;
	double a, b, u;
	int less = 0;

	*hours_min = *hours_max = 0;
	norm_text(s, v, sizeof(v));
	if (is_blank(v))
		return 0;
	p = v;
	if (!strncmp(p, "less than ", 10) || !strncmp(p, "menos de ", 9) ||
	    !strncmp(p, "under ", 6) || !strncmp(p, "up to ", 6) || !strncmp(p, "hasta ", 6)) {
		less = 1;
		p = strchr(p, ' ') + 1;
		if (!strncmp(p, "than ", 5) || !strncmp(p, "de ", 3) || !strncmp(p, "to ", 3))
			p = strchr(p, ' ') + 1;
	}
	errno = 0;
	a = strtod(p, &end);
	if (end == p || errno || a < 0)
		return -1;
	b = a;
	p = end;
	while (*p == ' ' || *p == '+')
		p++;
	/* a range: "3 - 6", "3 – 6", "3 to 6", "3 a 6", "2 or 3", "18-24" */
	if (!strncmp(p, "-", 1) || !strncmp(p, "\xE2\x80\x93", 3) ||
	    !strncmp(p, "\xE2\x80\x94", 3) || !strncmp(p, "to ", 3) || !strncmp(p, "a ", 2) ||
	    !strncmp(p, "or ", 3) || !strncmp(p, "o ", 2)) {
		p += *p == '-' ? 1 : (unsigned char)*p == 0xE2 ? 3 : strchr(p, ' ') - p + 1;
		while (*p == ' ')
			p++;
		b = strtod(p, &end);
		if (end == p || b < a)
			return -1;
		p = end;
	}
	while (*p == ' ' || *p == '+')
		p++;
	u = unit_hours(p);
	if (u == 0)
		return -1;
	if (less) {
		*hours_min = 1;
		*hours_max = (int)lround(a * u);
	} else {
		*hours_min = (int)lround(a * u);
		*hours_max = (int)lround(b * u);
	}
	if (*hours_min < 1)
		*hours_min = 1;
	if (*hours_max < *hours_min)
		*hours_max = *hours_min;
	return 0;
}

const char *catalog_duration_bucket(int hours_max)
{
	if (hours_max <= 0)
		return "";
	if (hours_max <= 2)
		return "under-2-hours";
	if (hours_max <= 40)
		return "1-4-weeks";
	if (hours_max <= 120)
		return "1-3-months";
	if (hours_max <= 240)
		return "3-6-months";
	return "6-months-plus";
}

/* Kinds the program does not offer, by the words that name them, with the reason. */
static const struct {
	const char *word, *reason;
} not_offered[] = {
	{ "mastertrack", "MasterTrack certificate (not offered under the program)" },
	{ "postgraduate", "postgraduate certificate or diploma (not offered under the program)" },
	{ "post graduate", "postgraduate certificate or diploma (not offered under the program)" },
	{ "post-graduate", "postgraduate certificate or diploma (not offered under the program)" },
	{ "graduate certificate", "graduate certificate (not offered under the program)" },
	{ "graduate diploma", "graduate certificate (not offered under the program)" },
	{ "university certificate", "university certificate (not offered under the program)" },
	{ "degree", "degree (not offered under the program)" },
	{ "bachelor", "degree (not offered under the program)" },
	{ "master of", "degree (not offered under the program)" },
	{ "masters", "degree (not offered under the program)" },
	{ "master's", "degree (not offered under the program)" },
	{ "maestria", "degree (not offered under the program)" },
	{ "magister", "degree (not offered under the program)" },
	{ "licenciatura", "degree (not offered under the program)" },
	{ "doctor of", "degree (not offered under the program)" },
	{ "mba", "degree (not offered under the program)" },
	{ "credit-bearing", "credit-bearing program (not offered under the program)" },
	{ "for credit", "credit-bearing program (not offered under the program)" },
};

/* The reason when folded text names a kind of program that is not offered, else NULL.
 * Matches whole words ("mba" in "Flores MBA", not in "ambassador"). */
const char *catalog_not_offered_reason(const char *v)
{
	size_t i, n;
	const char *p;

	for (i = 0; i < sizeof(not_offered) / sizeof(not_offered[0]); i++) {
		n = strlen(not_offered[i].word);
		for (p = strstr(v, not_offered[i].word); p; p = strstr(p + 1, not_offered[i].word))
			if ((p == v || !isalnum((unsigned char)p[-1])) &&
			    !isalnum((unsigned char)p[n]))
				return not_offered[i].reason;
	}
	return NULL;
}

const char *catalog_norm_kind(const char *s, const char **skip)
{
	static const struct {
		const char *word, *key;
	} kinds[] = {
		{ "course", "course" },
		{ "curso", "course" },
		{ "specialization", "specialization" },
		{ "specialisation", "specialization" },
		{ "especializacion", "specialization" },
		{ "professional certificate", "professional-certificate" },
		{ "professional-certificate", "professional-certificate" },
		{ "certificado profesional", "professional-certificate" },
		{ "guided project", "guided-project" },
		{ "guided-project", "guided-project" },
		{ "project", "guided-project" },
		{ "proyecto guiado", "guided-project" },
	};
	char v[96];
	size_t i;

	*skip = NULL;
	norm_text(s, v, sizeof(v));
	if (is_blank(v))
		return "";
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(v, kinds[i].word))
			return kinds[i].key;
	*skip = catalog_not_offered_reason(v);
	return NULL;
}

const char *catalog_norm_level(const char *s)
{
	static const struct {
		const char *word, *key;
	} levels[] = {
		{ "beginner", "beginner" },
		{ "introductory", "beginner" },
		{ "principiante", "beginner" },
		{ "basico", "beginner" },
		{ "beginner level", "beginner" },
		{ "intermediate", "intermediate" },
		{ "intermedio", "intermediate" },
		{ "intermediate level", "intermediate" },
		{ "advanced", "advanced" },
		{ "avanzado", "advanced" },
		{ "advanced level", "advanced" },
		{ "mixed", "mixed" },
		{ "mixto", "mixed" },
		{ "all levels", "mixed" },
		{ "todos los niveles", "mixed" },
	};
	char v[64];
	size_t i;

	norm_text(s, v, sizeof(v));
	if (is_blank(v))
		return "";
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (!strcmp(v, levels[i].word))
			return levels[i].key;
	return NULL;
}

int catalog_norm_rating(const char *s, double *rating)
{
	char v[64], *end;
	double r;

	*rating = 0;
	norm_text(s, v, sizeof(v));
	if (is_blank(v))
		return 0;
	errno = 0;
	r = strtod(v, &end);
	if (end == v || errno || !isfinite(r))
		return -1;
	while (*end == ' ')
		end++;
	if (*end && strcmp(end, "/5") && strcmp(end, "/ 5") && strcmp(end, "stars"))
		return -1;
	if (r < 0 || r > 5)
		return -1;
	*rating = round(r * 10) / 10;
	return 0;
}

int catalog_norm_reviews(const char *s, int64_t *reviews)
{
	char v[64], digits[64], *end;
	double r;
	size_t i, o = 0;

	*reviews = 0;
	norm_text(s, v, sizeof(v));
	if (is_blank(v))
		return 0;
	for (i = 0; v[i] && o + 1 < sizeof(digits); i++)
		if (v[i] != ',' && v[i] != '(' && v[i] != ')')
			digits[o++] = v[i];
	digits[o] = '\0';
	errno = 0;
	r = strtod(digits, &end);
	if (end == digits || errno || !isfinite(r) || r < 0)
		return -1;
	if (*end == 'k') {
		r *= 1000;
		end++;
	} else if (*end == 'm') {
		r *= 1000000;
		end++;
	}
	while (*end == ' ')
		end++;
	if (*end && strncmp(end, "review", 6) && strncmp(end, "resena", 6) &&
	    strncmp(end, "rating", 6) && strncmp(end, "calificacion", 12))
		return -1;
	if (r > 1e12)
		return -1;
	*reviews = (int64_t)llround(r);
	return 0;
}

void catalog_slugify(const char *s, char *out, size_t cap)
{
	char f[512];
	size_t i, o = 0;
	int dash = 0;

	search_fold(s, strlen(s), f, sizeof(f));
	for (i = 0; f[i] && o + 1 < cap && o < 80; i++) {
		unsigned char c = (unsigned char)f[i];
		if (isalnum(c) && c < 0x80) {
			if (dash && o)
				out[o++] = '-';
			if (o + 1 >= cap)
				break;
			out[o++] = (char)c;
			dash = 0;
		} else if (c == 0xE2 && f[i + 1] == (char)0x80 && f[i + 2] == (char)0x99) {
			i += 2; /* a typographic apostrophe joins, like ' */
		} else if (c != '\'') {
			dash = 1;
		}
	}
	while (o && out[o - 1] == '-')
		o--;
	out[o] = '\0';
}

/* ---- the values of an import row ------------------------------------------------------- */

/* Skills whose own name holds commas: the listing separates skills with commas too. */
static const char *const comma_skills[] = { "Extract, Transform, Load" };

const char *catalog_norm_skills(const char *s, struct arena *a)
{
	size_t n = strlen(s), o = 0, i, k;
	char *out = arena_alloc(a, n + 2), *tok, *copy = arena_strdup(a, s), *save = NULL;

	out[0] = '\0';
	/* keep those names whole: their commas become \x01 until the list is split */
	for (k = 0; k < sizeof(comma_skills) / sizeof(comma_skills[0]); k++) {
		size_t kl = strlen(comma_skills[k]);
		for (char *p = copy; (p = strstr(p, comma_skills[k])) != NULL; p += kl)
			for (i = 0; i < kl; i++)
				if (p[i] == ',')
					p[i] = '\x01';
	}
	for (tok = strtok_r(copy, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
		size_t tl;
		const char *p;
		int dup = 0;
		while (isspace((unsigned char)*tok))
			tok++;
		tl = strlen(tok);
		while (tl && isspace((unsigned char)tok[tl - 1]))
			tl--;
		tok[tl] = '\0';
		if (!tl || !strcasecmp(tok, "none"))
			continue;
		for (p = out; *p;) {
			const char *e = strchr(p, ';');
			size_t pl = e ? (size_t)(e - p) : strlen(p);
			if (pl == tl && !strncasecmp(p, tok, tl))
				dup = 1;
			p += pl + (e ? 1 : 0);
		}
		if (dup)
			continue;
		if (o)
			out[o++] = ';';
		for (i = 0; i < tl; i++)
			out[o++] = tok[i] == '\x01' ? ',' : tok[i];
		out[o] = '\0';
	}
	return out;
}

static int known_key(const struct catalog_key *t, const char *k)
{
	for (; t->key; t++)
		if (!strcmp(t->key, k))
			return 1;
	return 0;
}

const char *catalog_norm_language(const char *v)
{
	char lc[8], f[512];
	size_t i;
	const struct catalog_key *l;
	const char *language = NULL;

	/* a code ("es") or a name ("Spanish", "Español") */
	snprintf(lc, sizeof(lc), "%.2s", v);
	for (i = 0; lc[i]; i++)
		lc[i] = (char)tolower((unsigned char)lc[i]);
	for (l = catalog_languages; l->key; l++)
		if ((strlen(v) == 2 && !strcmp(lc, l->key)) || !strcasecmp(v, l->label))
			language = l->key;
	if (!language) {
		search_fold(v, strlen(v), f, sizeof(f));
		if (!strcmp(f, "espanol") || !strcmp(f, "spanish"))
			language = "es";
		else if (!strcmp(f, "ingles") || !strcmp(f, "english"))
			language = "en";
	}
	return language;
}

const char *catalog_norm_subtitles(const char *v, struct arena *a)
{
	/* "en, es" or "English;Spanish" -> "en,es" */
	char *s = arena_strdup(a, v), *tok, *save = NULL;
	struct buf b = BUF_INIT(1024);
	const char *out;

	for (tok = strtok_r(s, ",; ", &save); tok; tok = strtok_r(NULL, ",; ", &save)) {
		const struct catalog_key *l;
		for (l = catalog_languages; l->key; l++)
			if (!strcasecmp(tok, l->key) || !strcasecmp(tok, l->label)) {
				buf_printf(&b, "%s%s", b.len ? "," : "", l->key);
				break;
			}
	}
	out = arena_strdup(a, b.p);
	buf_release(&b);
	return out;
}

const char *catalog_norm_industry(const char *v, struct arena *a)
{
	char key[64];

	catalog_slugify(v, key, sizeof(key));
	return known_key(catalog_industries, key) ? arena_strdup(a, key) : NULL;
}

/* Does the title have letters of a script other than Latin (its slug would lose them)? */
static int non_latin(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		if (*p >= 0xCD && *p != 0xE2 && *p != 0xEF) /* lead bytes of U+0340 and above */
			return 1;
	return 0;
}

void catalog_title_slug(const char *title, const char *partner, char *out, size_t cap)
{
	catalog_slugify(title, out, cap);
	if (strlen(out) < 3 || non_latin(title)) {
		/* a title in another script: what the slug kept (or the partner) and a hash of
		 * the whole title, so two such titles never share a slug */
		uint32_t h = 2166136261u;
		const unsigned char *t = (const unsigned char *)title;
		char ps[48];
		for (; *t; t++)
			h = (h ^ *t) * 16777619u;
		if (strlen(out) >= 3)
			snprintf(ps, sizeof(ps), "%.40s", out);
		else
			catalog_slugify(partner, ps, sizeof(ps));
		snprintf(out, cap, "%s%s%08x", ps, ps[0] ? "-" : "p-", h);
	}
}

/* ---- language and industry guesses ------------------------------------------------------ */

struct lang_hint {
	const char *word;
	int es, fr, pt, de, it, en;
};

static const struct lang_hint lang_words[] = {
	{ "de", 1, 1, 1, 0, 0, 0 },	      { "la", 2, 1, 0, 0, 0, 0 },
	{ "el", 2, 0, 0, 0, 0, 0 },	      { "los", 2, 0, 0, 0, 0, 0 },
	{ "las", 2, 0, 0, 0, 0, 0 },	      { "y", 2, 0, 0, 0, 0, 0 },
	{ "para", 2, 0, 2, 0, 0, 0 },	      { "con", 2, 0, 0, 0, 1, 0 },
	{ "del", 2, 0, 0, 0, 1, 0 },	      { "en", 1, 1, 0, 0, 0, 0 },
	{ "una", 1, 0, 0, 0, 1, 0 },	      { "un", 1, 1, 0, 0, 1, 0 },
	{ "por", 2, 0, 1, 0, 0, 0 },	      { "le", 0, 2, 0, 0, 0, 0 },
	{ "les", 0, 2, 0, 0, 0, 0 },	      { "des", 0, 2, 0, 0, 0, 0 },
	{ "du", 0, 2, 0, 0, 0, 0 },	      { "et", 0, 2, 0, 0, 0, 0 },
	{ "pour", 0, 2, 0, 0, 0, 0 },	      { "avec", 0, 2, 0, 0, 0, 0 },
	{ "sur", 0, 2, 0, 0, 0, 0 },	      { "au", 0, 1, 0, 0, 0, 0 },
	{ "aux", 0, 2, 0, 0, 0, 0 },	      { "da", 0, 0, 2, 0, 1, 0 },
	{ "do", 0, 0, 2, 0, 0, 0 },	      { "dos", 0, 0, 2, 0, 0, 0 },
	{ "das", 0, 0, 1, 1, 0, 0 },	      { "com", 0, 0, 2, 0, 0, 0 },
	{ "em", 0, 0, 2, 0, 0, 0 },	      { "e", 0, 0, 1, 0, 1, 0 },
	{ "der", 0, 0, 0, 2, 0, 0 },	      { "die", 0, 0, 0, 2, 0, 0 },
	{ "und", 0, 0, 0, 2, 0, 0 },	      { "fur", 0, 0, 0, 1, 0, 0 },
	{ "mit", 0, 0, 0, 2, 0, 0 },	      { "il", 0, 0, 0, 0, 2, 0 },
	{ "della", 0, 0, 0, 0, 2, 0 },	      { "di", 0, 0, 0, 0, 2, 0 },
	{ "per", 0, 0, 0, 0, 2, 0 },	      { "the", 0, 0, 0, 0, 0, 2 },
	{ "of", 0, 0, 0, 0, 0, 2 },	      { "and", 0, 0, 0, 0, 0, 2 },
	{ "to", 0, 0, 0, 0, 0, 2 },	      { "for", 0, 0, 0, 0, 0, 2 },
	{ "with", 0, 0, 0, 0, 0, 2 },	      { "in", 0, 0, 0, 0, 0, 1 },
	{ "your", 0, 0, 0, 0, 0, 2 },	      { "how", 0, 0, 0, 0, 0, 2 },
	{ "introduction", 0, 1, 0, 0, 0, 2 }, { "introduccion", 3, 0, 0, 0, 0, 0 },
	{ "fundamentos", 2, 0, 1, 0, 0, 0 },  { "gestion", 1, 1, 0, 0, 0, 0 },
	{ "projet", 0, 3, 0, 0, 0, 0 },	      { "projets", 0, 3, 0, 0, 0, 0 },
	{ "entreprise", 0, 3, 0, 0, 0, 0 },   { "proyecto", 3, 0, 0, 0, 0, 0 },
	{ "proyectos", 3, 0, 0, 0, 0, 0 },    { "empresas", 2, 0, 1, 0, 0, 0 },
	{ "datos", 3, 0, 0, 0, 0, 0 },	      { "dados", 0, 0, 3, 0, 0, 0 },
	{ "donnees", 0, 3, 0, 0, 0, 0 },
};

const char *catalog_guess_language(const char *title)
{
	const unsigned char *p = (const unsigned char *)title;
	int es = 0, fr = 0, pt = 0, de = 0, it = 0, en = 0, kana = 0, han = 0, hangul = 0;
	int arabic = 0, cyr = 0, ukr = 0, deva = 0, greek = 0, thai = 0, hebrew = 0;
	char f[512], w[64];
	size_t i, n, o;

	/* scripts and accented letters */
	for (i = 0; p[i];) {
		unsigned c = p[i], len = 1;
		if (c >= 0xC0 && c < 0xE0 && p[i + 1]) {
			c = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
			len = 2;
		} else if (c >= 0xE0 && c < 0xF0 && p[i + 1] && p[i + 2]) {
			c = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
			len = 3;
		} else if (c >= 0xF0 && p[i + 1] && p[i + 2] && p[i + 3]) {
			len = 4;
			c = 0x10000;
		}
		i += len;
		switch (c) {
		case 0xF1:
		case 0xD1:
		case 0xBF:
		case 0xA1: es += 3; break; /* ñ ¿ ¡ */
		case 0xE1:
		case 0xED:
		case 0xF3:
		case 0xFA:
			es += 2;
			pt += 1;
			break; /* á í ó ú */
		case 0xE8:
		case 0xEA:
		case 0xEB:
		case 0xEE:
		case 0xEF:
		case 0xF4:
		case 0xFB:
		case 0xE0:
		case 0xE2:
		case 0xE7:
			fr += 2;
			pt += c == 0xE7 || c == 0xE2 || c == 0xF4;
			break;
		case 0xE9:
			es += 1;
			fr += 1;
			pt += 1;
			break; /* é */
		case 0xE3:
		case 0xF5: pt += 3; break; /* ã õ */
		case 0xE4:
		case 0xF6:
		case 0xFC:
		case 0xDF: de += 2; break;
		default: break;
		}
		if (c >= 0x3040 && c <= 0x30FF)
			kana++;
		else if (c >= 0x4E00 && c <= 0x9FFF)
			han++;
		else if (c >= 0xAC00 && c <= 0xD7AF)
			hangul++;
		else if (c >= 0x0600 && c <= 0x06FF)
			arabic++;
		else if (c >= 0x0400 && c <= 0x04FF) {
			cyr++;
			if (c == 0x456 || c == 0x457 || c == 0x454 || c == 0x491)
				ukr++;
		} else if (c >= 0x0900 && c <= 0x097F)
			deva++;
		else if (c >= 0x0370 && c <= 0x03FF)
			greek++;
		else if (c >= 0x0E00 && c <= 0x0E7F)
			thai++;
		else if (c >= 0x0590 && c <= 0x05FF)
			hebrew++;
	}
	if (kana || strstr(title, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E")) /* 日本語 */
		return "ja";
	if (han)
		return "zh";
	if (hangul)
		return "ko";
	if (arabic)
		return "ar";
	if (cyr)
		return ukr ? "uk" : "ru";
	if (deva)
		return "hi";
	if (greek)
		return "el";
	if (thai)
		return "th";
	if (hebrew)
		return "he";
	/* words */
	n = search_fold(title, strlen(title), f, sizeof(f));
	for (i = 0; i < n;) {
		size_t k;
		while (i < n && !isalnum((unsigned char)f[i]))
			i++;
		for (o = 0; i < n && isalnum((unsigned char)f[i]); i++)
			if (o + 1 < sizeof(w))
				w[o++] = f[i];
		w[o] = '\0';
		if (!o)
			continue;
		if (o > 5 && (!strcmp(w + o - 4, "cion") || !strcmp(w + o - 5, "ciones")))
			es += 2;
		if (o > 4 && (!strcmp(w + o - 3, "cao") || !strcmp(w + o - 4, "coes")))
			pt += 2;
		for (k = 0; k < sizeof(lang_words) / sizeof(lang_words[0]); k++)
			if (!strcmp(w, lang_words[k].word)) {
				es += lang_words[k].es;
				fr += lang_words[k].fr;
				pt += lang_words[k].pt;
				de += lang_words[k].de;
				it += lang_words[k].it;
				en += lang_words[k].en;
			}
	}
	if (es >= 3 && es > fr && es > pt && es > de && es > it && es > en)
		return "es";
	if (fr >= 3 && fr > es && fr > pt && fr > de && fr > en)
		return "fr";
	if (pt >= 3 && pt > es && pt > fr && pt > en)
		return "pt";
	if (de >= 3 && de > en)
		return "de";
	if (it >= 4 && it > en && it > es)
		return "it";
	return "en";
}

static const struct {
	const char *industry;
	const char *words; /* '|'-separated folded phrases */
} industry_words[] = {
	{ "data-science",
	  "data science|data scien|machine learning|deep learning|data analy|analytics|"
	  "statistic|artificial intelligence|generative ai|big data|data visual|tableau|"
	  "power bi|r programming|neural|tensorflow|pytorch|regression|data engineer|"
	  "ciencia de datos|analisis de datos|aprendizaje automatico|inteligencia artificial|"
	  "datos|ai for|ai |llm|prompt|chatgpt|nlp|computer vision" },
	{ "technology",
	  "software|programming|cloud|cybersecurity|security|network|it support|"
	  "linux|javascript|web develop|html|css|devops|computer|mobile|app develop|ios|"
	  "android|java|blockchain|database|sql|python|coding|full stack|front-end|"
	  "back-end|kubernetes|aws|azure|google cloud|operating system|it automation|"
	  "ciberseguridad|tecnologia|programacion|informatica|redes|desarrollo web|"
	  "system administration|troubleshooting" },
	{ "business", "business|management|leadership|strategy|entrepreneur|negotiation|"
		      "project management|operations|human resources|communication|writing|sales|"
		      "customer service|excel|spreadsheet|office|remote team|influenc|"
		      "organizational|agile|scrum|product management|negocios|liderazgo|gestion|"
		      "empresa|administracion|emprend|recursos humanos|comunicacion|ventas" },
	{ "finance", "finance|financial|accounting|investment|economics|banking|tax|bookkeeping|"
		     "markets|fintech|valuation|corporate finance|trading|insurance|wealth|"
		     "finanzas|contabilidad|inversion|economia|financier" },
	{ "marketing", "marketing|social media|advertising|brand|seo|search engine|content "
		       "strategy|e-commerce|ecommerce|mailchimp|email marketing|market research|"
		       "public relations|copywriting|mercadeo|publicidad|redes sociales|comercio "
		       "electronico" },
	{ "health-care", "health|medical|medicine|nursing|nurse|clinical|epidemiolog|healthcare|"
			 "patient|anatomy|neuroscience|pharma|emt|mental health|first aid|"
			 "public health|biology|disease|covid|care|nutrition|physiology|"
			 "psychological first|salud|enfermeria|medicina|clinic|auxilios|hospital" },
	{ "advanced-manufacturing", "manufacturing|mechanical|additive|3d print|cnc|robot|motor|"
				    "circuit|electrical|electronic|semiconductor|quality|lean|"
				    "six sigma|materials|automation|plc|engineering design|"
				    "generative design|industrial|photonics|optics|machining|"
				    "manufactura|ingenieria|mecanica|fabricacion|chip|cad|"
				    "control system|embedded|aerospace" },
	{ "education", "teaching|education|instructional|learning design|classroom|teacher|"
		       "tutor|pedagog|curriculum|e-learning|educacion|ensenanza|docente|"
		       "ensenar|aprendizaje activo" },
	{ "hospitality", "hospitality|tourism|hotel|restaurant|food|culinary|wine|event|travel|"
			 "customer experience|hoteleria|turismo|gastronom|cocina" },
	{ "construction-trades", "construction|building|electrician|plumbing|hvac|welding|"
				 "carpentry|safety|osha|architecture|energy efficien|solar|"
				 "green building|bim|surveying|construccion|soldadura|"
				 "sustainable|sustainability|wind energy|renewable" },
	{ "transportation-logistics", "supply chain|logistic|transportation|warehouse|shipping|"
				      "procurement|inventory|drone|fleet|freight|operations "
				      "management|cadena de suministro|logistica|transporte" },
	{ "public-service", "public policy|government|law|legal|nonprofit|social work|"
			    "public administration|emergency|criminal justice|policy|diplomacy|"
			    "human rights|civic|gobierno|politica publica|derecho|justicia|"
			    "trauma|community" },
	{ "creative-media", "graphic design|ux|user experience|user interface|ui design|game|"
			    "music|film|video|photograph|creative writing|animation|drawing|art|"
			    "audio|journalism|media|storytelling|design thinking|diseno|musica|"
			    "fotografia|understanding user|user needs|figma|adobe" },
	{ "personal-development", "learning how to learn|well-being|wellbeing|happiness|"
				  "mindfulness|career|resume|interview|personal|productivity|"
				  "mindset|psychology|stress|resilience|emotional intelligence|"
				  "critical thinking|desarrollo personal|bienestar|psicologia|"
				  "habit|motivation|self" },
};

/* Scores the '|'-separated phrases that occur in folded text f (at a word start): one point
 * per word of each phrase found. */
static int phrase_hits(const char *f, const char *words)
{
	char ph[64];
	const char *p = words, *bar, *hit;
	int n = 0;
	size_t len;

	while (*p) {
		bar = strchr(p, '|');
		len = bar ? (size_t)(bar - p) : strlen(p);
		if (len < sizeof(ph)) {
			memcpy(ph, p, len);
			ph[len] = '\0';
			for (hit = strstr(f, ph); hit; hit = strstr(hit + 1, ph))
				if (hit == f || !isalnum((unsigned char)hit[-1])) {
					/* a phrase of several words says more than one word */
					const char *sp;
					n++;
					for (sp = ph; (sp = strchr(sp, ' ')) != NULL; sp++)
						n++;
					break;
				}
		}
		p += len + (bar ? 1 : 0);
	}
	return n;
}

const char *catalog_guess_industry(const char *title, const char *skills)
{
	char ft[512], fs[2048];
	size_t i, best = 0;
	int best_score = 0;

	search_fold(title, strlen(title), ft, sizeof(ft));
	search_fold(skills ? skills : "", skills ? strlen(skills) : 0, fs, sizeof(fs));
	for (i = 0; i < sizeof(industry_words) / sizeof(industry_words[0]); i++) {
		int s = 4 * phrase_hits(ft, industry_words[i].words) +
			phrase_hits(fs, industry_words[i].words);
		if (s > best_score) {
			best_score = s;
			best = i;
		}
	}
	return best_score ? industry_words[best].industry : "business";
}
