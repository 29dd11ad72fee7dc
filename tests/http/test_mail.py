"""E-mail: what arrives at a real SMTP server (tests/lib/smtp_sink.py), in both languages, when
the server is down for a while, when it refuses an address, without SMTP (.eml files), and
across kill -9 in the middle of delivery: no message ever arrives twice.

Sign-up is not needed: the hidden `skillgate test-mail TO LANG [COUNT]` queues numbered sample
messages through the same path (db_write + mail_enqueue) and the server's jobs thread
delivers them.
"""

import collections
import email
import email.policy
import os
import re
import subprocess
import time

from server import Server, free_port
from smtp_sink import SmtpSink, _Handler

SERVER = {"smtp": True}
MID = re.compile(r"^<[0-9a-f]{32}@skillgate>$")


def cli(srv, *args, check=True):
    """Runs a skillgate subcommand on srv's database and environment; returns its output."""
    p = subprocess.run([srv.binary, *args, "--db", srv.db], env=srv._env(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    out = p.stdout.decode("utf-8", "replace")
    if check and p.returncode != 0:
        raise AssertionError("skillgate %s exited %d:\n%s" % (" ".join(args), p.returncode, out))
    return out


def status(srv):
    """`skillgate mail status`: ({state: count}, [detail lines])."""
    out = cli(srv, "mail", "status")
    first, *rest = out.splitlines()
    counts = {state: int(n) for n, state in re.findall(r"(\d+) ([a-z]+)", first)}
    return counts, rest


def header(msg, name):
    for k, v in msg["headers"]:
        if k.lower() == name.lower():
            return v
    return None


def wait_until(pred, timeout, what):
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError("waited %ds for %s" % (timeout, what))
        time.sleep(0.05)


def raw_lines_ok(path):
    """Problems with the raw message: bare LF/CR, lines over 78 characters."""
    data = open(path, "rb").read()
    problems = []
    for i, line in enumerate(data.split(b"\r\n")[:-1], 1):
        if b"\n" in line or b"\r" in line:
            problems.append("line %d has a bare CR or LF" % i)
        if len(line) > 78:
            problems.append("line %d has %d characters" % (i, len(line)))
    return problems


def check_sample(srv, msg, to, lang):
    """What a person sees in the sample message, in lang."""
    want_subject = {"en": "Test message: confirmation of your request",
                    "es": "Mensaje de prueba: confirmación de tu solicitud"}[lang]
    assert msg["subject"] == want_subject, "subject %r, want %r" % (msg["subject"], want_subject)
    assert msg["rcpt_tos"] == [to], "envelope recipients %r, want [%r]" % (msg["rcpt_tos"], to)
    assert header(msg, "To") == to, "To: %r" % header(msg, "To")
    assert "no-reply@labor.ny.gov" in msg["from"], "From: %r" % msg["from"]
    program = {"en": "New York State Coursera program",
               "es": "Programa Coursera del Estado de Nueva York"}[lang]
    assert program in msg["from"], "From %r should name the program (%s)" % (msg["from"], program)
    assert MID.match(header(msg, "Message-ID") or ""), "Message-ID %r" % header(msg, "Message-ID")
    assert header(msg, "MIME-Version") == "1.0"
    assert header(msg, "Date"), "no Date header"
    assert header(msg, "Content-Language") == lang
    assert msg["text"] and msg["html"], "want a text and an HTML part; text %r, html %r" % (
        msg["text"][:80], msg["html"][:80])
    assert not msg["attachments"], "unexpected attachments: %r" % msg["attachments"]

    hello = {"en": "Hello, José O'Brien <b>&amp;</b>.", "es": "Hola, José O'Brien <b>&amp;</b>."}[lang]
    number = {"en": "Message number: 1/1", "es": "Número de mensaje: 1/1"}[lang]
    button = {"en": "Check your status", "es": "Consulta el estado de tu solicitud"}[lang]
    link = srv.base_url + "/status?ref=NY-TEST-0001&lang=es"
    text = msg["text"]
    for want in (program, want_subject, hello, number, button + ":", link,
                 "coursea.help@labor.ny.gov"):
        assert want in text, "the text part lacks %r:\n%s" % (want, text)
    assert "<p" not in text, "markup in the text part:\n%s" % text

    h = msg["html"]
    assert re.search(r'<html lang="%s">' % lang, h), "no <html lang=%s> in:\n%s" % (lang, h[:300])
    assert "<table" not in h, "the HTML part uses a layout table"
    assert "O&#39;Brien &lt;b&gt;&amp;amp;&lt;/b&gt;" in h, \
        "the hostile name is not escaped in the HTML part:\n%s" % h
    assert "<b>" not in h, "a name reached the HTML part as markup"
    assert 'href="%s"' % link.replace("&", "&amp;") in h, "no absolute link %s in:\n%s" % (link, h)
    assert 'href="mailto:coursea.help@labor.ny.gov"' in h, "no help contact in the HTML part"
    assert h.index(program) < h.index("<h1"), "the program's name should come first"
    assert link in msg["links"], "links found: %r" % msg["links"]
    problems = raw_lines_ok(msg["file"])
    assert not problems, "raw message %s: %s" % (msg["file"], problems[:5])


def arrivals(srv, mid):
    return sum(1 for m in srv.messages() if header(m, "Message-ID") == mid)


def test_sample_message_arrives_once_in_english(srv):
    to = "ana.en@example.org"
    cli(srv, "test-mail", to, "en")
    msg = srv.wait_for_mail(lambda m: m["to"] == to, timeout=15)
    check_sample(srv, msg, to, "en")
    time.sleep(2.5)  # two more rounds of the jobs thread
    assert arrivals(srv, header(msg, "Message-ID")) == 1, "the message arrived more than once"
    counts, _ = status(srv)
    assert counts.get("pending") == 0 and counts.get("sending") == 0, "mail status: %r" % counts


def test_sample_message_arrives_once_in_spanish(srv):
    to = "jose.es@example.org"
    cli(srv, "test-mail", to, "es")
    msg = srv.wait_for_mail(lambda m: m["to"] == to, timeout=15)
    check_sample(srv, msg, to, "es")
    raw = open(msg["file"], "rb").read().decode("ascii")
    subject = re.search(r"^Subject: (.*(?:\r\n .*)*)", raw, re.M).group(1)
    assert subject.startswith("=?UTF-8?B?"), "the Spanish subject is not RFC 2047-encoded: %r" % subject
    time.sleep(2.5)
    assert arrivals(srv, header(msg, "Message-ID")) == 1, "the message arrived more than once"


def set_setting(srv, key, value):
    """A program setting, as a state admin would change it (`skillgate test-setting`; straight
    into the settings table where that command is missing)."""
    p = subprocess.run([srv.binary, "test-setting", key, value, "--db", srv.db], env=srv._env(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    if p.returncode == 0:
        return
    db = srv.sql()
    try:
        db.execute("INSERT INTO settings (key, value, updated_at, updated_by) "
                   "VALUES (?, ?, '2026-11-29T00:00:00Z', 'test') "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
        db.commit()
    finally:
        db.close()


def test_smtp_down_then_back_delivers_once(srv):
    port = free_port()
    s = Server(srv.binary, env={"SKILLGATE_SMTP_URL": "smtp://127.0.0.1:%d" % port}).start()
    sink_dir = os.path.join(s.dir, "sink")
    os.makedirs(sink_dir)
    sink = None
    try:
        set_setting(s, "mail_retry_first_seconds", "1")
        time.sleep(1.2)  # settings are re-read at most once a second
        to = "down@example.org"
        cli(s, "test-mail", to, "en")

        def retrying():
            counts, lines = status(s)
            return [l for l in lines if l.startswith("retrying") and "attempts" in l]
        lines = wait_until(retrying, 15, "a failed attempt while nothing listens on the SMTP port")
        assert "onnect" in lines[0], "the reason should say the server could not be reached: %r" % lines[0]
        assert any("cannot be used" in l for l in s.stderr_lines()), \
            "nothing logged about the unreachable mail server:\n%s" % s.stderr_tail()

        sink = SmtpSink(sink_dir, port).start()
        msg = wait_until(lambda: [m for m in sink.messages() if m["to"] == to], 20,
                         "the message once the SMTP server is back")[0]
        time.sleep(2.5)
        got = [m for m in sink.messages() if header(m, "Message-ID") == header(msg, "Message-ID")]
        assert len(got) == 1, "the message arrived %d times" % len(got)
        counts, lines = status(s)
        assert counts.get("sent") == 1 and counts.get("pending") == 0, "mail status: %r %r" % (counts, lines)
    finally:
        if sink:
            sink.stop()
        s.stop()


class _Refusing(_Handler):
    """The sink, refusing one mailbox for good the way a real server does."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_refused_address_fails_at_once_and_others_go_on(srv):
    from aiosmtpd.controller import Controller

    port = free_port()
    s = Server(srv.binary, env={"SKILLGATE_SMTP_URL": "smtp://127.0.0.1:%d" % port}).start()
    sink_dir = os.path.join(s.dir, "sink")
    os.makedirs(sink_dir)
    ctl = Controller(_Refusing(sink_dir), hostname="127.0.0.1", port=port, ready_timeout=10)
    ctl.start()
    try:
        cli(s, "test-mail", "nobody@example.org", "en")
        cli(s, "test-mail", "somebody@example.org", "en")

        def failed():
            counts, lines = status(s)
            return [l for l in lines if l.startswith("failed")]
        lines = wait_until(failed, 15, "the refused message to be marked failed")
        assert "nobody@example.org" in lines[0] and "550" in lines[0], "mail status: %r" % lines
        assert "attempts 1" in lines[0], "a 5xx refusal should not be retried: %r" % lines[0]
        from smtp_sink import read_messages
        wait_until(lambda: [m for m in read_messages(sink_dir) if m["to"] == "somebody@example.org"],
                   15, "the other message")
        assert not [m for m in read_messages(sink_dir) if "nobody" in m["to"]]
        assert any("failed after 1 attempt" in l for l in s.stderr_lines()), \
            "the failure was not logged:\n%s" % s.stderr_tail()
    finally:
        ctl.stop()
        s.stop()


def test_without_smtp_messages_are_eml_files(srv):
    s = Server(srv.binary).start()  # no SKILLGATE_SMTP_URL: SKILLGATE_MAIL_DIR gets .eml files
    try:
        cli(s, "test-mail", "ana@example.org", "es", "2")
        names = wait_until(lambda: [n for n in os.listdir(s.mail_dir) if n.endswith(".eml")]
                           if len([n for n in os.listdir(s.mail_dir) if n.endswith(".eml")]) == 2
                           else None, 15, "two .eml files in %s" % s.mail_dir)
        time.sleep(2.5)
        assert sorted(os.listdir(s.mail_dir)) == sorted(names), \
            "other files beside the .eml files: %r" % os.listdir(s.mail_dir)
        mids = set()
        for n in names:
            assert re.fullmatch(r"\d{8}T\d{6}Z-\d+\.eml", n), "file name %r" % n
            path = os.path.join(s.mail_dir, n)
            msg = email.message_from_bytes(open(path, "rb").read(), policy=email.policy.default)
            assert str(msg["Subject"]) == "Mensaje de prueba: confirmación de tu solicitud"
            parts = {p.get_content_type(): p.get_content() for p in msg.walk() if not p.is_multipart()}
            assert set(parts) == {"text/plain", "text/html"}, "parts: %r" % list(parts)
            assert "Hola, José" in parts["text/plain"] and 'lang="es"' in parts["text/html"]
            assert not raw_lines_ok(path), raw_lines_ok(path)
            mids.add(str(msg["Message-ID"]))
        assert len(mids) == 2, "Message-IDs: %r" % mids
        counts, _ = status(s)
        assert counts.get("sent") == 2, "mail status: %r" % counts
    finally:
        s.stop()


def test_kill_9_during_delivery_sends_no_message_twice(srv):
    """The rule (src/outbox.c, docs/mail.md): the attempt is recorded durably just before
    the final "." of DATA, and the row is marked sent right after the 250 reply. A row found
    handed off but not marked sent after a crash is 'unconfirmed' and never resent by itself.

    So across kill -9: no Message-ID arrives twice, ever; every message marked sent arrived
    exactly once; at most one message per crash is unconfirmed. An unconfirmed message was
    usually delivered (the kill came after the dot), but when the kill falls after the hand-off
    mark reached the database file and before the dot left (the mark's fsync is in that
    window), it never arrived: SMTP cannot tell us which, so the test does what an operator
    does with `skillgate mail status`: resends the unconfirmed messages that did not arrive and
    checks that each then arrives exactly once."""
    s = Server(srv.binary, smtp=True).start()
    total, kills = 200, 0
    try:
        def received():
            return len([n for n in os.listdir(s.mail_dir) if n.endswith(".json")])
        # Queued in chunks while the server delivers, like sign-ups arriving.
        for _ in range(4):
            cli(s, "test-mail", "crash@example.org", "en", "50")
        for threshold in (40, 110):
            wait_until(lambda: received() >= threshold, 60, "%d messages at the sink" % threshold)
            s.kill()
            kills += 1
            s.start()

        def settled():
            counts, lines = status(s)
            return (counts, lines) if counts.get("pending", 1) == 0 and counts.get("sending", 1) == 0 else None
        counts, lines = wait_until(settled, 90, "every message to be delivered after the restarts")
        listed = [l for l in lines if l.startswith("unconfirmed")]

        db = s.sql()
        rows = dict(db.execute("SELECT message_id, status FROM outbox WHERE kind = 'test'").fetchall())
        ids = dict(db.execute("SELECT message_id, id FROM outbox WHERE kind = 'test'").fetchall())
        db.close()
        assert len(rows) == total, "%d rows in the outbox, want %d" % (len(rows), total)

        seen = collections.Counter(header(m, "Message-ID") for m in s.messages())
        twice = {mid: n for mid, n in seen.items() if n > 1}
        assert not twice, "after %d kills these messages arrived more than once: %r" % (kills, twice)
        strangers = set(seen) - set(rows)
        assert not strangers, "messages arrived that the outbox never held: %r" % strangers

        by_status = collections.Counter(rows.values())
        assert set(by_status) <= {"sent", "unconfirmed"}, "outbox states after the restarts: %r" % by_status
        assert by_status["unconfirmed"] <= kills, \
            "%d unconfirmed messages after %d kills: at most one per crash" % (by_status["unconfirmed"], kills)
        bad = [mid for mid, st in rows.items() if st == "sent" and seen[mid] != 1]
        assert not bad, "marked sent but arrived %r times: %r" % ([seen[m] for m in bad[:5]], bad[:5])
        for mid, st in rows.items():
            if st == "unconfirmed":
                assert any(mid in l for l in listed), "mail status does not list %s: %r" % (mid, listed)
        assert any("unconfirmed" in l for l in s.stderr_lines()) or not listed, \
            "unconfirmed messages were not logged:\n%s" % s.stderr_tail()

        lost = [mid for mid, st in rows.items() if st == "unconfirmed" and seen[mid] == 0]
        print("    note: %d kills left %d unconfirmed message(s): %d had arrived, %d had not "
              "(resent now)" % (kills, by_status["unconfirmed"], by_status["unconfirmed"] - len(lost),
                                len(lost)))
        for mid in lost:
            cli(s, "mail", "resend", str(ids[mid]))
        wait_until(lambda: all(arrivals(s, mid) for mid in lost), 20, "the resent messages")
        time.sleep(2.5)
        seen = collections.Counter(header(m, "Message-ID") for m in s.messages())
        assert sorted(seen) == sorted(rows) and set(seen.values()) == {1}, \
            "after resending, every message should have arrived exactly once: %r" % \
            {m: n for m, n in seen.items() if n != 1}
    finally:
        s.stop()
