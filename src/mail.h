/* mail.h - e-mail to people, through the outbox.
 *
 * A message is composed with the mail_* builders (a text part and an HTML part, both in the
 * person's language, in the program's standard frame) and queued with mail_enqueue() INSIDE
 * the write transaction of the change that causes it: the row commits with the change or not
 * at all. The delivery job (src/jobs/mail_delivery.c) delivers it later through SMTP (libcurl)
 * or, without SMTP, writes an .eml file; it never sends a message twice.
 *
 *   struct mail m;
 *   mail_begin(&m, lang, to, tr(lang, "Your request was received"));
 *   mail_para(&m, tr(lang, "Thank you for your request."));
 *   mail_fact(&m, tr(lang, "Reference"), ref);
 *   mail_button(&m, tr(lang, "Check your status"), "/status?ref=...");   (path or full URL)
 *   rc = mail_enqueue(db, &m, "application_received");   (releases m)
 */
#ifndef SG_MAIL_H
#define SG_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "i18n/i18n.h"

struct db;

/* The site's absolute base URL without a trailing slash, put in front of a site path in a
 * message's links. Given once at start-up (main.c; the string must stay for the life of the
 * process); "http://127.0.0.1:8080" until then. */
void mail_set_base_url(const char *url);

struct mail {
	enum lang lang;
	const char *to, *subject;
	struct buf text, html;
};

void mail_begin(struct mail *m, enum lang lang, const char *to, const char *subject);
/* A paragraph of plain text (escaped in the HTML part). */
void mail_para(struct mail *m, const char *text);
/* "Label: value" as a line of facts. */
void mail_fact(struct mail *m, const char *label, const char *value);
/* A link shown as a button; url is a site path ("/status") or an absolute URL. */
void mail_button(struct mail *m, const char *label, const char *url);
/* Queues the message in the caller's transaction and releases m. 0 or DB_ERR. */
int mail_enqueue(struct db *db, struct mail *m, const char *kind);
/* Drops a message without queueing it. */
void mail_release(struct mail *m);

/* ---- for the outbox worker and tests ---------------------------------------------------- */

/* One message as it leaves: what mail_format() turns into RFC 5322 text. */
struct mail_message {
	const char *from_name;	/* display name of the sender (may be NULL) */
	const char *from_addr;	/* envelope and header sender, e.g. no-reply@labor.ny.gov */
	const char *to;		/* one address */
	const char *subject;	/* UTF-8; RFC 2047-encoded when needed */
	const char *message_id; /* "<...@skillgate>", fixed for every attempt */
	const char *lang;	/* "en" / "es": Content-Language */
	const char *text;	/* the text/plain part, UTF-8, LF line ends */
	const char *html;	/* the text/html part, UTF-8 */
	int64_t date;		/* unix time for the Date header */
};

/* Appends the complete message to out: headers (Date, From, To, Subject, Message-ID,
 * MIME-Version, ...), then multipart/alternative with a text/plain and a text/html part, both
 * UTF-8 and quoted-printable. CRLF line ends, no line longer than 78 characters.
 * 0, or -1 when out's cap was reached or a header value holds a line break. */
int mail_format(const struct mail_message *mm, struct buf *out);
/* 1 when addr is one plain address (local@domain, no spaces, brackets or control
 * characters, at most 254 bytes), the only kind mail_enqueue accepts; else 0. */
int mail_addr_ok(const char *addr);
/* A new Message-ID, "<32 hex digits@skillgate>", into out (at least 48 bytes). */
void mail_new_message_id(char *out, size_t size);

#endif
