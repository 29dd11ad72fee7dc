/* test_mail.c - composing e-mail (mail.h) and the outbox rules (outbox.h).
 *
 * The message as a mail program reads it: headers, the RFC 2047 subject with accents, both
 * parts decoded back from quoted-printable, hostile text escaped in the HTML part, links made
 * absolute. Then the outbox on a real database: .eml delivery, retries with backoff when the
 * SMTP server cannot be reached, and the crash rules (a claimed row of a dead process is
 * delivered again unless it was already handed to a server, which makes it 'unconfirmed').
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/db.h"
#include "jobs/mail_delivery.h"
#include "outbox.h"
#include "mail.h"
#include "settings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "web/http.h"
#include "i18n/i18n.h"
#include "testdb.h"

#define BASE "https://skillgate.example"

/* From main.c, which unit tests do not link. */
/* ---- helpers ---------------------------------------------------------------------------------- */

/* The headers' block (up to the empty line), unfolded, as one string in out. */
static const char *header_value(const char *msg, const char *name, struct buf *out)
{
	size_t n = strlen(name);
	const char *p = msg;

	buf_clear(out);
	while (*p && !(p[0] == '\r' && p[1] == '\n')) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			break;
		if (!strncmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			buf_add(out, v, (size_t)(eol - v));
			p = eol + 2;
			while (*p == ' ' || *p == '\t') { /* folded continuation */
				eol = strstr(p, "\r\n");
				buf_add(out, p, (size_t)(eol - p));
				p = eol + 2;
			}
			return out->p;
		}
		p = eol + 2;
	}
	return NULL;
}

/* Decodes a header value made of RFC 2047 B-encoded words (folding whitespace between words
 * dropped) or returns it as it is. */
static void decode_words(const char *v, struct buf *out)
{
	buf_clear(out);
	if (strncmp(v, "=?", 2) != 0) {
		buf_puts(out, v);
		return;
	}
	while (*v) {
		const char *start, *end;
		unsigned char bin[256];
		size_t bin_len = 0;

		while (*v == ' ')
			v++;
		if (!*v)
			break;
		assert_int_equal(strncmp(v, "=?UTF-8?B?", 10), 0);
		start = v + 10;
		end = strstr(start, "?=");
		assert_non_null(end);
		assert_int_equal(sodium_base642bin(bin, sizeof(bin), start, (size_t)(end - start),
						   NULL, &bin_len, NULL,
						   sodium_base64_VARIANT_ORIGINAL),
				 0);
		buf_add(out, bin, bin_len);
		v = end + 2;
	}
}

/* The decoded body of the part with this content type, LF line ends. */
static void part_text(const char *msg, const char *ctype, struct buf *out)
{
	char head[128];
	const char *p, *end;

	buf_clear(out);
	snprintf(head, sizeof(head),
		 "Content-Type: %s; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"
		 "\r\n\r\n",
		 ctype);
	p = strstr(msg, head);
	assert_non_null(p);
	p += strlen(head);
	end = strstr(p, "\r\n--=_sg_");
	assert_non_null(end);
	while (p < end) {
		if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
			p += 3;
		} else if (p[0] == '=') {
			char hex[3] = { p[1], p[2], 0 };
			buf_putc(out, (char)strtol(hex, NULL, 16));
			p += 3;
		} else if (p[0] == '\r' && p[1] == '\n') {
			buf_putc(out, '\n');
			p += 2;
		} else {
			buf_putc(out, *p++);
		}
	}
}

/* Every line ends with CRLF and is at most max characters long. */
static void assert_lines(const char *msg, size_t max)
{
	const char *p = msg;

	while (*p) {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		if ((size_t)(eol - p) > max)
			fail_msg("line of %zu characters (max %zu): %.*s", (size_t)(eol - p), max,
				 (int)(eol - p), p);
		assert_null(memchr(p, '\n', (size_t)(eol - p)));
		assert_null(memchr(p, '\r', (size_t)(eol - p)));
		p = eol + 2;
	}
}

static struct mail_message sample(void)
{
	struct mail_message mm;
	int64_t t = 0;

	iso_parse("2026-11-29T06:05:00Z", &t);
	memset(&mm, 0, sizeof(mm));
	mm.from_name = "New York State Coursera program";
	mm.from_addr = "no-reply@labor.ny.gov";
	mm.to = "ana@example.org";
	mm.subject = "Your request was received";
	mm.message_id = "<0123456789abcdef0123456789abcdef@skillgate>";
	mm.lang = "en";
	mm.text = "Hello.\n";
	mm.html = "<!DOCTYPE html>\n<html lang=\"en\"><p>Hello.</p></html>\n";
	mm.date = t;
	return mm;
}

/* ---- the message ------------------------------------------------------------------------------ */

static void test_headers(void **state)
{
	struct mail_message mm = sample();
	struct buf msg = BUF_INIT(1 << 20), v = BUF_INIT(4096);

	(void)state;
	assert_int_equal(mail_format(&mm, &msg), 0);
	assert_string_equal(header_value(msg.p, "Date", &v), "Sun, 29 Nov 2026 06:05:00 +0000");
	assert_string_equal(header_value(msg.p, "From", &v),
			    "\"New York State Coursera program\" <no-reply@labor.ny.gov>");
	assert_string_equal(header_value(msg.p, "To", &v), "ana@example.org");
	assert_string_equal(header_value(msg.p, "Subject", &v), "Your request was received");
	assert_string_equal(header_value(msg.p, "Message-ID", &v),
			    "<0123456789abcdef0123456789abcdef@skillgate>");
	assert_string_equal(header_value(msg.p, "MIME-Version", &v), "1.0");
	assert_string_equal(header_value(msg.p, "Content-Language", &v), "en");
	assert_string_equal(header_value(msg.p, "Auto-Submitted", &v), "auto-generated");
	assert_string_equal(
		header_value(msg.p, "Content-Type", &v),
		"multipart/alternative; boundary=\"=_sg_0123456789abcdef0123456789abcdef\"");
	assert_non_null(strstr(msg.p, "\r\n--=_sg_0123456789abcdef0123456789abcdef--\r\n"));
	part_text(msg.p, "text/plain", &v);
	assert_string_equal(v.p, "Hello.");
	part_text(msg.p, "text/html", &v);
	assert_string_equal(v.p, "<!DOCTYPE html>\n<html lang=\"en\"><p>Hello.</p></html>");
	assert_lines(msg.p, 78);
	buf_release(&msg);
	buf_release(&v);
}

static void test_subject_with_accents_is_encoded(void **state)
{
	static const char *const subjects[] = {
		"Confirmación de su solicitud",
		"Su licencia está activa: inicie sesión en Coursera y comience a aprender hoy "
		"mismo, "
		"ñandú, ¿qué más?",
		"=?UTF-8?B?not really?= plain ASCII that looks encoded",
		"A plain ASCII subject that is longer than one header line may be, so it gets "
		"encoded too",
		"",
	};
	struct mail_message mm = sample();
	struct buf msg = BUF_INIT(1 << 20), v = BUF_INIT(4096), d = BUF_INIT(4096);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		buf_clear(&msg);
		mm.subject = subjects[i];
		assert_int_equal(mail_format(&mm, &msg), 0);
		assert_lines(msg.p, 78);
		assert_non_null(header_value(msg.p, "Subject", &v));
		if (i < 4)
			assert_int_equal(strncmp(v.p, "=?UTF-8?B?", 10), 0);
		decode_words(v.p, &d);
		assert_string_equal(d.p, subjects[i]);
	}
	/* A display name with accents is encoded the same way. */
	buf_clear(&msg);
	mm.from_name = "Programa Coursera del Estado de Nueva York — Educación";
	assert_int_equal(mail_format(&mm, &msg), 0);
	assert_lines(msg.p, 78);
	header_value(msg.p, "From", &v);
	assert_non_null(strstr(v.p, "<no-reply@labor.ny.gov>"));
	*strstr(v.p, " <no-reply") = '\0';
	decode_words(v.p, &d);
	assert_string_equal(d.p, mm.from_name);
	buf_release(&msg);
	buf_release(&v);
	buf_release(&d);
}

static void test_parts_round_trip(void **state)
{
	struct mail_message mm = sample();
	struct buf msg = BUF_INIT(1 << 20), v = BUF_INIT(1 << 20), text = BUF_INIT(1 << 20);
	int i;

	(void)state;
	buf_puts(&text, "Señora Muñoz: su número es NY-7K4Q-92XH.\n");
	buf_puts(&text, ".a line that starts with a dot\n");
	buf_puts(&text, "trailing spaces   \n");
	buf_puts(&text, "equals = signs =3D and tabs\t\n");
	for (i = 0; i < 60; i++)
		buf_puts(&text, "largo línea ");
	buf_puts(&text, "\nlast line without a line end");
	mm.text = text.p;
	mm.html = text.p;
	assert_int_equal(mail_format(&mm, &msg), 0);
	assert_lines(msg.p, 76 + 2);
	part_text(msg.p, "text/plain", &v);
	assert_string_equal(v.p, text.p);
	part_text(msg.p, "text/html", &v);
	assert_string_equal(v.p, text.p);
	/* No line of a part starts with a bare dot (nothing for SMTP dot-stuffing to get wrong). */
	assert_null(strstr(msg.p, "\r\n."));
	buf_release(&msg);
	buf_release(&v);
	buf_release(&text);
}

static void test_header_injection_is_refused(void **state)
{
	struct mail_message mm = sample();
	struct buf msg = BUF_INIT(1 << 20);

	(void)state;
	mm.to = "ana@example.org\r\nBcc: eve@example.org";
	assert_int_equal(mail_format(&mm, &msg), -1);
	mm = sample();
	mm.subject = "Hi\nBcc: eve@example.org";
	assert_int_equal(mail_format(&mm, &msg), -1);
	assert_true(mail_addr_ok("ana.maria+ny@example.org"));
	assert_true(mail_addr_ok("jose@ejemplo.com.mx"));
	assert_false(mail_addr_ok("ana@example.org\r\nBcc: eve@example.org"));
	assert_false(mail_addr_ok("Ana <ana@example.org>"));
	assert_false(mail_addr_ok("ana@@example.org"));
	assert_false(mail_addr_ok("ana@"));
	assert_false(mail_addr_ok("@example.org"));
	assert_false(mail_addr_ok("ana example.org"));
	assert_false(mail_addr_ok(""));
	assert_false(mail_addr_ok(NULL));
	buf_release(&msg);
}

static void test_message_ids_are_unique(void **state)
{
	char a[64], b[64];
	size_t i;

	(void)state;
	mail_new_message_id(a, sizeof(a));
	mail_new_message_id(b, sizeof(b));
	assert_string_not_equal(a, b);
	assert_int_equal(strlen(a), 1 + 32 + strlen("@skillgate>"));
	assert_int_equal(a[0], '<');
	for (i = 1; i < 33; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
	assert_string_equal(a + 33, "@skillgate>");
}

static void test_backoff(void **state)
{
	(void)state;
	assert_int_equal(outbox_backoff(1, 60, 3600), 60);
	assert_int_equal(outbox_backoff(2, 60, 3600), 120);
	assert_int_equal(outbox_backoff(3, 60, 3600), 240);
	assert_int_equal(outbox_backoff(6, 60, 3600), 1920);
	assert_int_equal(outbox_backoff(7, 60, 3600), 3600);
	assert_int_equal(outbox_backoff(10, 60, 3600), 3600);
	assert_int_equal(outbox_backoff(1000, 60, 3600), 3600);
	assert_int_equal(outbox_backoff(3, 1, 3600), 4);
}

/* ---- with the database ------------------------------------------------------------------------ */

static char dir[256], dbfile[288], maildir[288];

static void rm_rf(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char p[512];

	if (!d) {
		unlink(path);
		return;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
			rm_rf(p);
		}
	closedir(d);
	rmdir(path);
}

/* Delivery through the SMTP server at url, or (NULL) into .eml files in the test's folder. */
static void delivery_to(const char *url)
{
	struct mail_delivery_config md = { url, maildir, "no-reply@labor.ny.gov" };

	mail_delivery_configure(&md);
}

static int db_setup(void **state)
{
	(void)state;
	if (testdb_make_dir(dir, sizeof(dir), "test_mail") != 0)
		return -1;
	snprintf(dbfile, sizeof(dbfile), "%s/db.sqlite3", dir);
	snprintf(maildir, sizeof(maildir), "%s/var/mail", dir); /* created by the outbox */
	mail_set_base_url(BASE);
	delivery_to(NULL);
	if (db_open(dbfile, 0) != 0)
		return -1;
	return db_migrate(db_get()) == 0 ? 0 : -1;
}

static int db_teardown(void **state)
{
	(void)state;
	db_close();
	rm_rf(dir);
	return 0;
}

struct one {
	enum lang lang;
	const char *to, *subject, *para, *label, *value, *button, *url;
	int rc;
};

static int one_fn(struct db *db, void *ctx)
{
	struct one *o = ctx;
	struct mail m;

	mail_begin(&m, o->lang, o->to, o->subject);
	if (o->para)
		mail_para(&m, o->para);
	if (o->label)
		mail_fact(&m, o->label, o->value);
	if (o->button)
		mail_button(&m, o->button, o->url);
	o->rc = mail_enqueue(db, &m, "test");
	return o->rc == 0 ? 0 : DB_ABORT;
}

static int enqueue(struct one *o)
{
	db_write(one_fn, o);
	return o->rc;
}

/* Column `col` of the outbox row `id`, copied into a. */
static char *row_text(struct arena *a, int64_t id, const char *col)
{
	struct stmt *st =
		db_prepare(db_get(), "SELECT status, subject, body_text, body_html, "
				     "message_id, created_at, next_attempt_at, attempts, "
				     "last_error, language, to_addr FROM outbox WHERE id = ?");
	static const char *const cols[] = { "status",	       "subject",    "body_text",
					    "body_html",       "message_id", "created_at",
					    "next_attempt_at", "attempts",   "last_error",
					    "language",	       "to_addr" };
	char *v = NULL;
	size_t i;

	stmt_bind_int(st, 1, id);
	if (stmt_step(st) == DB_ROW)
		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			if (!strcmp(cols[i], col))
				v = stmt_text_dup(st, (int)i, a);
	stmt_done(st);
	assert_non_null(v);
	return v;
}

static int64_t last_id(void)
{
	struct stmt *st = db_prepare(db_get(), "SELECT MAX(id) FROM outbox");
	int64_t id = 0;

	if (stmt_step(st) == DB_ROW)
		id = stmt_int(st, 0);
	stmt_done(st);
	return id;
}

static int64_t count_status(const char *status)
{
	struct stmt *st = db_prepare(db_get(), "SELECT COUNT(*) FROM outbox WHERE status = ?");
	int64_t n = 0;

	stmt_bind_text(st, 1, status);
	if (stmt_step(st) == DB_ROW)
		n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static void test_builders_escape_and_link(void **state)
{
	struct one o = { LANG_ES,
			 "ana@example.org",
			 "Confirmación <script>alert(1)</script>",
			 "Hola, José O'Brien \"<img src=x onerror=alert(1)>\" & compañía.",
			 "Referencia",
			 "<b>NY-7K4Q-92XH</b>",
			 "Consulte el estado de su solicitud",
			 "/status?ref=NY-7K4Q-92XH&lang=es",
			 0 };
	struct arena a;
	char *html, *text, *p;

	(void)state;
	arena_init(&a);
	assert_int_equal(enqueue(&o), 0);
	html = row_text(&a, last_id(), "body_html");
	text = row_text(&a, last_id(), "body_text");

	/* Hostile text is escaped, never markup. */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html, "Hola, José O&#39;Brien &quot;&lt;img src=x "
				     "onerror=alert(1)&gt;&quot; &amp; compañía."));
	assert_non_null(strstr(html, "Confirmación &lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&lt;b&gt;NY-7K4Q-92XH&lt;/b&gt;"));
	/* An accessible, table-free document in the person's language. */
	assert_non_null(strstr(html, "<html lang=\"es\">"));
	assert_non_null(strstr(html, "<title>Confirmación &lt;script&gt;"));
	assert_non_null(strstr(html, "<h1"));
	assert_null(strstr(html, "<table"));
	/* The program's name first, the help contact last. */
	p = strstr(html, "Programa Coursera del Estado de Nueva York");
	assert_non_null(p);
	assert_true(p < strstr(html, "<h1"));
	p = strstr(html, "mailto:coursea.help@labor.ny.gov");
	assert_non_null(p);
	assert_true(p > strstr(html, "Referencia"));
	/* Links are absolute. */
	assert_non_null(strstr(html, "href=\"" BASE "/status?ref=NY-7K4Q-92XH&amp;lang=es\""));
	assert_non_null(strstr(text, BASE "/status?ref=NY-7K4Q-92XH&lang=es\n"));

	/* The text part says the same, without markup, lines wrapped. */
	assert_non_null(strstr(text, "Programa Coursera del Estado de Nueva York\n"));
	assert_non_null(strstr(text, "Hola, José O'Brien \"<img src=x onerror=alert(1)>\" & "
				     "compañía."));
	assert_non_null(strstr(text, "Referencia: <b>NY-7K4Q-92XH</b>\n"));
	assert_non_null(strstr(text, "Consulte el estado de su solicitud:\n"));
	assert_non_null(strstr(text, "coursea.help@labor.ny.gov"));
	assert_null(strstr(text, "<p"));
	for (p = text; *p;) {
		char *eol = strchr(p, '\n');
		size_t chars = 0;
		assert_non_null(eol);
		for (; p < eol; p++)
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		assert_true(chars <= 72);
		p = eol + 1;
	}
	arena_release(&a);
}

static void test_absolute_urls_are_kept(void **state)
{
	struct one o = { LANG_EN,    "ana@example.org",
			 "Links",    NULL,
			 NULL,	     NULL,
			 "Coursera", "https://www.coursera.org/programs/ny?x=1",
			 0 };
	struct one rel = {
		LANG_EN, "ana@example.org", "Links", NULL, NULL, NULL, "Help", "help", 0
	};
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_int_equal(enqueue(&o), 0);
	assert_non_null(strstr(row_text(&a, last_id(), "body_html"),
			       "href=\"https://www.coursera.org/programs/ny?x=1\""));
	assert_int_equal(enqueue(&rel), 0);
	assert_non_null(strstr(row_text(&a, last_id(), "body_html"), "href=\"" BASE "/help\""));
	assert_non_null(strstr(row_text(&a, last_id(), "body_html"), "<html lang=\"en\">"));
	arena_release(&a);
}

static void test_enqueue_row(void **state)
{
	struct one o = { LANG_EN,
			 "ana@example.org",
			 "Hi\r\nBcc: eve@example.org",
			 "Body",
			 NULL,
			 NULL,
			 NULL,
			 NULL,
			 0 };
	struct arena a;
	char *mid1, *mid2, *subject;
	int64_t before = count_status("pending");

	(void)state;
	arena_init(&a);
	assert_int_equal(enqueue(&o), 0);
	mid1 = row_text(&a, last_id(), "message_id");
	assert_string_equal(row_text(&a, last_id(), "status"), "pending");
	assert_string_equal(row_text(&a, last_id(), "attempts"), "0");
	assert_string_equal(row_text(&a, last_id(), "language"), "en");
	assert_string_equal(row_text(&a, last_id(), "next_attempt_at"),
			    row_text(&a, last_id(), "created_at"));
	subject = row_text(&a, last_id(), "subject");
	assert_null(strpbrk(subject, "\r\n"));
	assert_string_equal(subject, "Hi  Bcc: eve@example.org");
	assert_int_equal(enqueue(&o), 0);
	mid2 = row_text(&a, last_id(), "message_id");
	assert_string_not_equal(mid1, mid2);
	assert_int_equal(count_status("pending"), before + 2);

	/* A bad recipient queues nothing and fails the caller's write. */
	o.to = "ana@example.org\r\nBcc: eve@example.org";
	assert_int_equal(enqueue(&o), DB_ERR);
	o.to = "not an address";
	assert_int_equal(enqueue(&o), DB_ERR);
	assert_int_equal(count_status("pending"), before + 2);
	arena_release(&a);
}

/* Files in maildir ending in suffix. */
static int count_files(const char *suffix)
{
	DIR *d = opendir(maildir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name), s = strlen(suffix);
		if (l >= s && !strcmp(e->d_name + l - s, suffix))
			n++;
	}
	closedir(d);
	return n;
}

static void test_eml_files_without_smtp(void **state)
{
	struct one o = {
		LANG_ES, "ana@example.org", "Confirmación", "Gracias.", NULL, NULL, NULL, NULL, 0
	};
	struct outbox_stats st;
	struct arena a;
	char path[512], stamp[ISO_LEN], *created, *mid;
	struct buf file = BUF_INIT(1 << 20), v = BUF_INIT(4096), d = BUF_INIT(4096);
	size_t i, j = 0;
	FILE *f;
	int64_t id;

	(void)state;
	arena_init(&a);
	delivery_to(NULL);
	assert_int_equal(enqueue(&o), 0);
	id = last_id();
	mail_delivery_run(&st);
	assert_true(st.sent >= 1);
	assert_int_equal(st.retried + st.failed + st.unconfirmed, 0);
	assert_string_equal(row_text(&a, id, "status"), "sent");
	assert_string_equal(row_text(&a, id, "attempts"), "1");
	assert_int_equal(count_files(".tmp"), 0);
	assert_int_equal(count_files(".eml"), (int)count_status("sent"));

	created = row_text(&a, id, "created_at");
	for (i = 0; created[i]; i++)
		if (created[i] != '-' && created[i] != ':')
			stamp[j++] = created[i];
	stamp[j] = '\0';
	snprintf(path, sizeof(path), "%s/%s-%lld.eml", maildir, stamp, (long long)id);
	f = fopen(path, "rb");
	assert_non_null(f);
	buf_grow(&file, 1 << 19);
	file.len = fread(file.p, 1, (1 << 19) - 1, f);
	file.p[file.len] = '\0';
	fclose(f);
	mid = row_text(&a, id, "message_id");
	assert_string_equal(header_value(file.p, "Message-ID", &v), mid);
	header_value(file.p, "Subject", &v);
	decode_words(v.p, &d);
	assert_string_equal(d.p, "Confirmación");
	part_text(file.p, "text/plain", &v);
	assert_non_null(strstr(v.p, "Gracias."));

	/* Nothing is written twice. */
	mail_delivery_run(&st);
	assert_int_equal(st.sent, 0);
	assert_int_equal(count_files(".eml"), (int)count_status("sent"));
	buf_release(&file);
	buf_release(&v);
	buf_release(&d);
	arena_release(&a);
}

static void test_unreachable_server_retries_with_backoff(void **state)
{
	struct one o = { LANG_EN, "ana@example.org", "Retry", "Body", NULL, NULL, NULL, NULL, 0 };
	struct outbox_stats st;
	struct arena a;
	int64_t id, next = 0, now;

	(void)state;
	arena_init(&a);
	delivery_to("smtp://127.0.0.1:1"); /* nothing listens on port 1 */
	assert_int_equal(enqueue(&o), 0);
	id = last_id();
	now = now_unix();
	mail_delivery_run(&st);
	assert_true(st.retried >= 1);
	assert_int_equal(st.sent, 0);
	assert_string_equal(row_text(&a, id, "status"), "pending");
	assert_string_equal(row_text(&a, id, "attempts"), "1");
	assert_non_null(strstr(row_text(&a, id, "last_error"), "onnect"));
	assert_int_equal(iso_parse(row_text(&a, id, "next_attempt_at"), &next), 0);
	assert_in_range(next - now, 59, 62);
	/* Not due yet: the next run leaves it alone. */
	mail_delivery_run(&st);
	assert_int_equal(st.retried, 0);
	assert_string_equal(row_text(&a, id, "attempts"), "1");

	/* With one attempt allowed, the next failure is final. */
	assert_int_equal(settings_set("mail_max_attempts", "1", "test"), 0);
	settings_invalidate();
	assert_int_equal(enqueue(&o), 0);
	id = last_id();
	mail_delivery_run(&st);
	assert_int_equal(st.failed, 1);
	assert_string_equal(row_text(&a, id, "status"), "failed");
	assert_int_equal(settings_set("mail_max_attempts", "10", "test"), 0);
	settings_invalidate();
	delivery_to(NULL);
	arena_release(&a);
}

struct force {
	int64_t id;
	const char *owner, *lease_until;
	int handed;
};

static int force_fn(struct db *db, void *ctx)
{
	struct force *f = ctx;
	struct stmt *st = db_prepare(db, "UPDATE outbox SET status = 'sending', lease_owner = ?, "
					 "lease_until = ?, handed_at = ?, "
					 "attempts = attempts + ? WHERE id = ?");

	stmt_bind_text(st, 1, f->owner);
	stmt_bind_text(st, 2, f->lease_until);
	stmt_bind_text(st, 3, f->handed ? "2026-01-01T00:00:00Z" : NULL);
	stmt_bind_int(st, 4, f->handed);
	stmt_bind_int(st, 5, f->id);
	stmt_step(st);
	stmt_done(st);
	return 0;
}

/* Puts row id in 'sending' as if a worker had claimed it (and handed it off). */
static void force_claim(int64_t id, const char *owner, const char *lease_until, int handed)
{
	struct force f = { id, owner, lease_until, handed };
	assert_int_equal(db_write(force_fn, &f), 0);
}

static void test_crash_rules(void **state)
{
	struct one o = { LANG_EN, "ana@example.org", "Crash", "Body", NULL, NULL, NULL, NULL, 0 };
	struct outbox_stats st;
	struct arena a;
	char host[256], dead[300], future[ISO_LEN];
	int64_t not_handed, handed, foreign, expired_handed;
	struct buf report = BUF_INIT(1 << 20);

	(void)state;
	arena_init(&a);
	delivery_to(NULL);
	mail_delivery_run(&st); /* start from an empty queue */
	gethostname(host, sizeof(host));
	/* pid 0x7ffffff0 cannot exist (pid_max is at most 2^22). */
	snprintf(dead, sizeof(dead), "%s:%ld:deadbeef", host, 0x7ffffff0L);
	iso_utc(now_unix() + 600, future);

	enqueue(&o);
	not_handed = last_id();
	force_claim(not_handed, dead, future, 0);
	enqueue(&o);
	handed = last_id();
	force_claim(handed, dead, future, 1);
	enqueue(&o);
	foreign = last_id();
	force_claim(foreign, "another-host:1234:cafe", future, 0);
	enqueue(&o);
	expired_handed = last_id();
	force_claim(expired_handed, "another-host:1234:cafe", "2026-01-01T00:00:00Z", 1);

	mail_delivery_run(&st);
	/* Claimed by a dead process, never handed off: delivered. */
	assert_string_equal(row_text(&a, not_handed, "status"), "sent");
	/* Handed off by a dead process, or under an expired lease: in doubt, never resent. */
	assert_string_equal(row_text(&a, handed, "status"), "unconfirmed");
	assert_string_equal(row_text(&a, expired_handed, "status"), "unconfirmed");
	/* Held by a live lease elsewhere: left alone. */
	assert_string_equal(row_text(&a, foreign, "status"), "sending");
	assert_int_equal(st.sent, 1);

	assert_int_equal(outbox_status(&report), 0);
	assert_non_null(strstr(report.p, "1 sending"));
	assert_non_null(strstr(report.p, "2 unconfirmed"));
	assert_non_null(strstr(report.p, row_text(&a, handed, "message_id")));

	/* An operator resends an unconfirmed message: same Message-ID, delivered once more. */
	assert_int_equal(outbox_resend(handed), 0);
	assert_int_equal(outbox_resend(handed), 1);	/* already queued */
	assert_int_equal(outbox_resend(not_handed), 1); /* sent messages are not resent */
	mail_delivery_run(&st);
	assert_int_equal(st.sent, 1);
	assert_string_equal(row_text(&a, handed, "status"), "sent");
	buf_release(&report);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_subject_with_accents_is_encoded),
		cmocka_unit_test(test_parts_round_trip),
		cmocka_unit_test(test_header_injection_is_refused),
		cmocka_unit_test(test_message_ids_are_unique),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test_setup_teardown(test_builders_escape_and_link, db_setup,
						db_teardown),
		cmocka_unit_test_setup_teardown(test_absolute_urls_are_kept, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_enqueue_row, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_eml_files_without_smtp, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_unreachable_server_retries_with_backoff,
						db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_crash_rules, db_setup, db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
