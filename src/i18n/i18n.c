/* i18n.c - lookups in the embedded Spanish catalog (a gettext .mo file).
 *
 * The .mo format keeps the original strings sorted, so a lookup is a binary search over
 * read-only memory: no locale, no lock, safe from every thread.
 */
#include "i18n/i18n.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "embedded.h"
#include "util/arena.h"

struct mo {
	const unsigned char *data;
	size_t len;
	uint32_t n, orig, trans;
	int ready;
};

static struct mo es_mo;

static uint32_t u32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void mo_load(void)
{
	size_t i;

	for (i = 0; i < embedded_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		if (strcmp(f->name, "po/es.mo") || f->len < 28 || u32(f->data) != 0x950412deU)
			continue;
		es_mo.data = f->data;
		es_mo.len = f->len;
		es_mo.n = u32(f->data + 8);
		es_mo.orig = u32(f->data + 12);
		es_mo.trans = u32(f->data + 16);
		if ((size_t)es_mo.orig + 8ULL * es_mo.n > f->len ||
		    (size_t)es_mo.trans + 8ULL * es_mo.n > f->len)
			es_mo.n = 0;
	}
	es_mo.ready = 1;
}

/* The catalog is constant; the first call (at start-up, from main) fills es_mo. Sets *len
 * (when given) to the translation's length: a plural entry holds its forms separated by NUL. */
static const char *mo_find_len(const char *msgid, uint32_t *len)
{
	uint32_t lo = 0, hi;

	if (!es_mo.ready)
		mo_load();
	hi = es_mo.n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const unsigned char *e = es_mo.data + es_mo.orig + 8 * mid;
		const char *s = (const char *)es_mo.data + u32(e + 4);
		int c = strcmp(msgid, s);
		if (!c) {
			const unsigned char *t = es_mo.data + es_mo.trans + 8 * mid;
			const char *str = (const char *)es_mo.data + u32(t + 4);
			if (len)
				*len = u32(t);
			return u32(t) ? str : NULL;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const char *mo_find(const char *msgid)
{
	return mo_find_len(msgid, NULL);
}

const char *trn(enum lang lang, const char *singular, const char *plural, long n)
{
	const char *s, *second;
	uint32_t len = 0;

	if (lang != LANG_ES || !singular || !*singular)
		return n == 1 ? singular : plural;
	s = mo_find_len(singular, &len);
	if (!s)
		return n == 1 ? singular : plural;
	if (n == 1)
		return s;
	/* Spanish: "1" singular, everything else plural (Plural-Forms: nplurals=2; n != 1) */
	second = memchr(s, '\0', len);
	return second && second + 1 < s + len ? second + 1 : plural;
}

const char *tr(enum lang lang, const char *msgid)
{
	const char *s;

	if (lang != LANG_ES || !msgid || !*msgid)
		return msgid;
	s = mo_find(msgid);
	return s ? s : msgid;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
char *tr_fmt(struct arena *a, enum lang lang, const char *msgid, ...)
{
	va_list ap;
	char *s;

	va_start(ap, msgid);
	s = arena_vprintf(a, tr(lang, msgid), ap);
	va_end(ap);
	return s;
}

char *trn_fmt(struct arena *a, enum lang lang, const char *singular, const char *plural, long n,
	      ...)
{
	va_list ap;
	char *s;

	va_start(ap, n);
	s = arena_vprintf(a, trn(lang, singular, plural, n), ap);
	va_end(ap);
	return s;
}
#pragma GCC diagnostic pop

const char *lang_code(enum lang lang)
{
	return lang == LANG_ES ? "es" : "en";
}

int lang_parse(const char *s, enum lang *out)
{
	if (!s)
		return -1;
	if (!strcasecmp(s, "en")) {
		*out = LANG_EN;
		return 0;
	}
	if (!strcasecmp(s, "es")) {
		*out = LANG_ES;
		return 0;
	}
	return -1;
}

/* Accept-Language: "es-US,es;q=0.9,en;q=0.8". Picks the highest q among en and es; on a tie
 * the earlier one wins. */
enum lang lang_from_accept(const char *h)
{
	double best_q = -1;
	enum lang best = LANG_EN;

	while (h && *h) {
		char tag[16];
		size_t n = 0;
		double q = 1.0;
		const char *end = strchr(h, ',');
		const char *semi;

		if (!end)
			end = h + strlen(h);
		while (h < end && (*h == ' ' || *h == '\t'))
			h++;
		while (h + n < end && n < sizeof(tag) - 1 && h[n] != ';' && h[n] != ' ' &&
		       h[n] != '-')
			n++;
		memcpy(tag, h, n);
		tag[n] = '\0';
		semi = memchr(h, ';', (size_t)(end - h));
		if (semi) {
			const char *qp = strstr(semi, "q=");
			if (qp && qp < end)
				q = strtod(qp + 2, NULL);
		}
		if (q > 0 && q > best_q && (!strcasecmp(tag, "es") || !strcasecmp(tag, "en"))) {
			best_q = q;
			best = !strcasecmp(tag, "es") ? LANG_ES : LANG_EN;
		}
		h = *end ? end + 1 : end;
	}
	return best;
}

unsigned i18n_count(void)
{
	if (!es_mo.ready)
		mo_load();
	return es_mo.n;
}
