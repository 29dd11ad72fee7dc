/* mail.c - e-mail to people (mail.h): the program's frame around a message, in the person's
 * language, as a plain-text part and an HTML part; queueing it in the outbox; and the RFC 5322
 * text in which the delivery job (src/jobs/mail_delivery.c) hands it to SMTP or to an .eml file.
 *
 * The HTML part is one column of text without layout tables, with a lang attribute, the
 * program's name at the top and the help contact at the bottom; every piece of text goes
 * through the escaping writer (html_buf). Styles are inline (mail clients drop <style>), and
 * every color pair meets WCAG AA contrast. The text part says the same, links written out.
 */
#include "mail.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "settings.h"
#include "util/arena.h"
#include "util/timeutil.h"
#include "util/escape.h"

#define TEXT_MAX (64 * 1024)
#define HTML_MAX (256 * 1024)
#define WRAP	 72 /* columns of the text part */

/* ---- building ------------------------------------------------------------------------------ */

/* Characters (not bytes) in the first n bytes of UTF-8 text. */
static size_t u8len(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Appends s to the text part wrapped at WRAP columns at spaces, each line ended by '\n'. A
 * word longer than a line (a URL) stays whole on a line of its own; line breaks in s are
 * kept; control characters become spaces. */
static void text_wrap(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	do {
		const char *eol = strchr(s, '\n'), *p = s;
		size_t col = 0;

		if (!eol)
			eol = s + strlen(s);
		while (p < eol) {
			const char *w;
			size_t wl;

			while (p < eol && ((unsigned char)*p <= ' ' || *p == 0x7f))
				p++;
			w = p;
			while (p < eol && (unsigned char)*p > ' ' && *p != 0x7f)
				p++;
			if (p == w)
				break;
			wl = u8len(w, (size_t)(p - w));
			if (col > 0 && col + 1 + wl > WRAP) {
				buf_putc(b, '\n');
				col = 0;
			} else if (col > 0) {
				buf_putc(b, ' ');
				col++;
			}
			buf_add(b, w, (size_t)(p - w));
			col += wl;
		}
		buf_putc(b, '\n');
		s = *eol ? eol + 1 : eol;
	} while (*s);
}

/* Makes the text part end with an empty line, so the next block stands apart. Paragraphs and
 * buttons are blocks; facts in a row stay together, one a line. */
static void text_blank_line(struct buf *b)
{
	if (b->len == 0)
		return;
	if (b->p[b->len - 1] != '\n')
		buf_putc(b, '\n');
	if (b->len < 2 || b->p[b->len - 2] != '\n')
		buf_putc(b, '\n');
}

static const char *base_url = "http://127.0.0.1:8080";

void mail_set_base_url(const char *url)
{
	base_url = url;
}

/* Appends url made absolute: a site path ("/status?ref=…") gets the base URL (mail_set_base_url()) in front;
 * http:, https: and mailto: URLs are kept as they are. */
static void abs_url(struct buf *b, const char *url)
{
	if (!url)
		url = "/";
	if (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7) ||
	    !strncmp(url, "mailto:", 7)) {
		buf_puts(b, url);
		return;
	}
	buf_puts(b, base_url);
	if (url[0] != '/')
		buf_putc(b, '/');
	buf_puts(b, url);
}

void mail_begin(struct mail *m, enum lang lang, const char *to, const char *subject)
{
	struct arena a;
	const char *name;

	arena_init(&a);
	name = settings_get(&a, lang == LANG_ES ? "program_name_es" : "program_name_en");
	if (!name)
		name = "skillgate";
	if (!subject)
		subject = "";
	m->lang = lang;
	m->to = to;
	m->subject = subject;
	buf_init(&m->text, TEXT_MAX);
	buf_init(&m->html, HTML_MAX);

	html_buf(&m->html,
		 "<!DOCTYPE html>\n<html lang=\"%h\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<title>%h</title>\n</head>\n"
		 "<body style=\"margin:0;padding:0;background-color:#f0f0f0;\">\n",
		 lang_code(lang), subject);
	html_buf(&m->html,
		 "<div role=\"article\" aria-roledescription=\"%h\" aria-label=\"%h\" lang=\"%h\" "
		 "style=\"max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;"
		 "color:#1b1b1b;font-family:Arial,Helvetica,sans-serif;font-size:16px;"
		 "line-height:1.5;\">\n",
		 tr(lang, "e-mail"), subject, lang_code(lang));
	html_buf(&m->html,
		 "<p style=\"margin:0 0 16px;font-size:18px;font-weight:bold;color:#112e51;\">"
		 "%h</p>\n<h1 style=\"margin:0 0 16px;font-size:24px;line-height:1.25;"
		 "color:#1b1b1b;\">%h</h1>\n",
		 name, subject);

	text_wrap(&m->text, name);
	buf_putc(&m->text, '\n');
	text_wrap(&m->text, subject);
	buf_putc(&m->text, '\n');
	arena_release(&a);
}

void mail_para(struct mail *m, const char *text)
{
	html_buf(&m->html, "<p style=\"margin:0 0 16px;\">%h</p>\n", text);
	text_blank_line(&m->text);
	text_wrap(&m->text, text);
	buf_putc(&m->text, '\n');
}

void mail_fact(struct mail *m, const char *label, const char *value)
{
	struct buf line = BUF_INIT(TEXT_MAX);

	html_buf(&m->html, "<p style=\"margin:0 0 8px;\"><strong>%h:</strong> %h</p>\n", label,
		 value);
	buf_printf(&line, "%s: %s", label ? label : "", value ? value : "");
	text_wrap(&m->text, line.p);
	buf_release(&line);
}

void mail_button(struct mail *m, const char *label, const char *url)
{
	struct buf href = BUF_INIT(8192);

	abs_url(&href, url);
	html_buf(&m->html,
		 "<p style=\"margin:24px 0;\"><a href=\"%h\" style=\"display:inline-block;"
		 "padding:12px 20px;background-color:#005ea2;color:#ffffff;font-weight:bold;"
		 "text-decoration:underline;border-radius:4px;\">%h</a></p>\n",
		 href.p, label);
	text_blank_line(&m->text);
	buf_printf(&m->text, "%s:\n%s\n\n", label ? label : "", href.p);
	buf_release(&href);
}

/* The footer: who to write to for help (setting help_email); closes the HTML document. */
static void mail_end(struct mail *m)
{
	struct arena a;
	const char *help, *note = tr(m->lang, "This is an automatic message; replies are not read. "
					      "For help, write to");
	struct buf line = BUF_INIT(TEXT_MAX);

	arena_init(&a);
	help = settings_get(&a, "help_email");
	if (!help)
		help = "";
	html_buf(&m->html,
		 "<hr style=\"margin:32px 0 16px;border:0;border-top:1px solid #757575;\">\n"
		 "<p style=\"margin:0;font-size:14px;color:#454545;\">%h "
		 "<a href=\"mailto:%h\" style=\"color:#005ea2;\">%h</a>.</p>\n"
		 "</div>\n</body>\n</html>\n",
		 note, help, help);
	text_blank_line(&m->text);
	buf_puts(&m->text, "-- \n");
	buf_printf(&line, "%s %s.", note, help);
	text_wrap(&m->text, line.p);
	buf_release(&line);
	arena_release(&a);
}

void mail_release(struct mail *m)
{
	buf_release(&m->text);
	buf_release(&m->html);
}

int mail_addr_ok(const char *addr)
{
	const char *at = NULL, *p;
	size_t n;

	if (!addr)
		return 0;
	n = strlen(addr);
	if (n < 3 || n > 254)
		return 0;
	for (p = addr; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c == 0x7f || strchr("<>()[]\\,;:\"", c))
			return 0;
		if (c == '@') {
			if (at)
				return 0;
			at = p;
		}
	}
	return at && at > addr && at - addr <= 64 && at[1] && at[1] != '.' && addr[n - 1] != '.';
}

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void sodium_start(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "skillgate: libsodium cannot start; no random Message-IDs\n");
		abort();
	}
}

void mail_new_message_id(char *out, size_t size)
{
	unsigned char rnd[16];
	char hex[sizeof(rnd) * 2 + 1];

	pthread_once(&sodium_once, sodium_start);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	snprintf(out, size, "<%s@skillgate>", hex);
}

int mail_enqueue(struct db *db, struct mail *m, const char *kind)
{
	struct buf subject = BUF_INIT(4096);
	char now[ISO_LEN], mid[64];
	struct stmt *st;
	const char *p;
	int rc = DB_ERR;

	mail_end(m);
	if (!mail_addr_ok(m->to)) {
		fprintf(stderr,
			"skillgate: mail '%s' not queued: the recipient is not one e-mail "
			"address; validate it before queueing\n",
			kind);
		goto cleanup;
	}
	if (m->text.overflow || m->html.overflow) {
		fprintf(stderr, "skillgate: mail '%s' not queued: the message passes %d KB\n", kind,
			HTML_MAX / 1024);
		goto cleanup;
	}
	for (p = m->subject; *p; p++)
		buf_putc(&subject, (unsigned char)*p < ' ' || *p == 0x7f ? ' ' : *p);
	mail_new_message_id(mid, sizeof(mid));
	iso_now(now);
	st = db_prepare(db, "INSERT INTO outbox (kind, to_addr, subject, body_text, body_html, "
			    "language, created_at, status, attempts, next_attempt_at, message_id) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)");
	stmt_bind_text(st, 1, kind ? kind : "");
	stmt_bind_text(st, 2, m->to);
	stmt_bind_text(st, 3, subject.p);
	stmt_bind_textn(st, 4, m->text.p, m->text.len);
	stmt_bind_textn(st, 5, m->html.p, m->html.len);
	stmt_bind_text(st, 6, lang_code(m->lang));
	stmt_bind_text(st, 7, now);
	stmt_bind_text(st, 8, now);
	stmt_bind_text(st, 9, mid);
	rc = stmt_step(st) == DB_DONE ? 0 : DB_ERR;
	stmt_done(st);
cleanup:
	buf_release(&subject);
	mail_release(m);
	return rc;
}

/* ---- the RFC 5322 message -------------------------------------------------------------------- */

/* Characters on the line being written (since the last CRLF). */
static size_t line_len(const struct buf *b)
{
	size_t i = b->len;

	while (i > 0 && b->p[i - 1] != '\n')
		i--;
	return b->len - i;
}

static int has_line_break(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

/* 1 when s can stand in a header as it is: printable ASCII, no "=?", short. */
static int header_plain(const char *s, size_t max)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s > '~' ||
		    (s[0] == '=' && s[1] == '?'))
			return 0;
	return n <= max;
}

/* Appends s as RFC 2047 encoded-words (UTF-8, base64) of at most 42 bytes of text each, so a
 * word is 68 characters and no line passes 78; words are folded with CRLF + space. A UTF-8
 * sequence is never split between two words. */
static void header_words(struct buf *b, const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		char b64[sodium_base64_ENCODED_LEN(42, sodium_base64_VARIANT_ORIGINAL)];
		size_t k = n - i < 42 ? n - i : 42;

		while (k > 1 && k < n - i && ((unsigned char)s[i + k] & 0xC0) == 0x80)
			k--;
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s + i, k,
				  sodium_base64_VARIANT_ORIGINAL);
		if (i > 0)
			buf_puts(b, "\r\n ");
		buf_printf(b, "=?UTF-8?B?%s?=", b64);
		i += k;
	}
}

/* "Subject: …": as it is when plain and short, else encoded-words. */
static void header_subject(struct buf *b, const char *subject)
{
	buf_puts(b, "Subject: ");
	if (header_plain(subject, 78 - 9))
		buf_puts(b, subject);
	else
		header_words(b, subject);
	buf_puts(b, "\r\n");
}

/* "From: "Name" <addr>" with the name quoted, or encoded when it is not plain ASCII. */
static void header_from(struct buf *b, const char *name, const char *addr)
{
	const char *p;

	buf_puts(b, "From: ");
	if (name && *name) {
		if (header_plain(name, 60)) {
			buf_putc(b, '"');
			for (p = name; *p; p++) {
				if (*p == '"' || *p == '\\')
					buf_putc(b, '\\');
				buf_putc(b, *p);
			}
			buf_putc(b, '"');
		} else {
			header_words(b, name);
		}
		buf_puts(b, line_len(b) + strlen(addr) + 3 > 78 ? "\r\n " : " ");
	}
	buf_printf(b, "<%s>\r\n", addr);
}

/* "Date: Sun, 29 Nov 2026 06:05:00 +0000" (English names whatever the locale). */
static void header_date(struct buf *b, int64_t t)
{
	static const char *const wday[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", wday[tm.tm_wday],
		   tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Appends s as quoted-printable (RFC 2045): CRLF line ends; soft breaks keep every line at
 * most 76 characters; '=', bytes outside printable ASCII, a space or tab before a line end
 * and a '.' at the start of a line are written =XX. Ends with a line end. */
static void qp_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int eol_next, lit;
		char enc[3];
		size_t n;

		if (c == '\r' && s[1] == '\n')
			continue;
		if (c == '\r' || c == '\n') {
			buf_puts(b, "\r\n");
			col = 0;
			continue;
		}
		eol_next = s[1] == '\0' || s[1] == '\n' || s[1] == '\r';
		lit = (c > ' ' && c <= '~' && c != '=') || ((c == ' ' || c == '\t') && !eol_next);
		n = lit ? 1 : 3;
		if (col + n > 75) {
			buf_puts(b, "=\r\n");
			col = 0;
		}
		if (lit && c == '.' && col == 0) {
			lit = 0;
			n = 3;
		}
		if (lit) {
			enc[0] = (char)c;
		} else {
			enc[0] = '=';
			enc[1] = hex[c >> 4];
			enc[2] = hex[c & 15];
		}
		buf_add(b, enc, n);
		col += n;
	}
	if (col)
		buf_puts(b, "\r\n");
}

int mail_format(const struct mail_message *mm, struct buf *out)
{
	char boundary[64];
	size_t n = 0;
	const char *p;

	if (!mm->to || !mm->from_addr || !mm->message_id || has_line_break(mm->to) ||
	    has_line_break(mm->from_addr) || has_line_break(mm->message_id) ||
	    has_line_break(mm->subject) || has_line_break(mm->from_name) ||
	    has_line_break(mm->lang))
		return -1;
	/* "=_" cannot occur in quoted-printable text, so no line of a part can match. */
	n = (size_t)snprintf(boundary, sizeof(boundary), "=_sg_");
	for (p = mm->message_id; *p && *p != '@' && n < sizeof(boundary) - 1; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z'))
			boundary[n++] = *p;
	boundary[n] = '\0';

	header_date(out, mm->date);
	header_from(out, mm->from_name, mm->from_addr);
	buf_printf(out, "To: %s\r\n", mm->to);
	header_subject(out, mm->subject ? mm->subject : "");
	buf_printf(out, "Message-ID: %s\r\n", mm->message_id);
	buf_puts(out, "MIME-Version: 1.0\r\n");
	if (mm->lang && *mm->lang)
		buf_printf(out, "Content-Language: %s\r\n", mm->lang);
	buf_puts(out, "Auto-Submitted: auto-generated\r\n");
	buf_printf(out, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n",
		   boundary);

	buf_printf(out,
		   "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		   "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
		   boundary);
	qp_encode(out, mm->text ? mm->text : "");
	buf_printf(out,
		   "--%s\r\nContent-Type: text/html; charset=UTF-8\r\n"
		   "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
		   boundary);
	qp_encode(out, mm->html ? mm->html : "");
	buf_printf(out, "--%s--\r\n", boundary);
	return out->overflow ? -1 : 0;
}
