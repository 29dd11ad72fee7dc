"""Inactive learners: reminded by e-mail, then removed and told so, in their language (the
FAQ's "WILL REGISTRATION OR ENROLLMENT EXPIRE?"). Runs `skillgate sweep --now …` against the
running server's database; the server's outbox worker delivers to a real SMTP server.
"""

import subprocess
import time

SERVER = {"smtp": True}


def cli(srv, *args):
    p = subprocess.run([srv.binary, *args, "--db", srv.db], env=srv._env(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    out = p.stdout.decode("utf-8", "replace")
    assert p.returncode == 0, "skillgate %s exited %d:\n%s" % (" ".join(args), p.returncode, out)
    return out


def learner(srv, email, lang, last_activity):
    """An active learner whose last course activity was at last_activity (ISO, UTC)."""
    cli(srv, "test-learning", "learner", email, "--status", "active", "--lang", lang,
        "--first", "Ana")
    with srv.sql() as c:
        c.execute("UPDATE learners SET last_activity_at = ?, activated_at = ? WHERE email = ?",
                  (last_activity, last_activity, email))
        return c.execute("SELECT id FROM learners WHERE email = ?", (email,)).fetchone()[0]


def state(srv, email):
    with srv.sql() as c:
        return c.execute("SELECT license_status, reminded_at FROM learners WHERE email = ?",
                         (email,)).fetchone()


def mail_to(srv, to, subject, timeout=15):
    """The message, with its text part's lines joined (mail wraps lines at 72 characters)."""
    m = srv.wait_for_mail(lambda m: m["to"] == to and m["subject"] == subject, timeout=timeout)
    m["text"] = " ".join(m["text"].split())
    return m


def test_reminded_then_removed_in_their_language(srv):
    en, es, busy = "idle.en@example.org", "idle.es@example.org", "busy@example.org"
    learner(srv, en, "en", "2027-01-01T12:00:00Z")
    learner(srv, es, "es", "2027-01-01T12:00:00Z")
    learner(srv, busy, "en", "2027-02-05T12:00:00Z")

    # 35 days without activity: a reminder (default thresholds: remind at 30, remove at 45)
    out = cli(srv, "sweep", "--now", "2027-02-05T12:00:00Z")
    assert "2 reminded, 0 removed" in out, out
    assert state(srv, en)[0] == "active" and state(srv, en)[1] == "2027-02-05T12:00:00Z"
    assert state(srv, busy) == ("active", None), "an active learner was reminded: %r" % (state(srv, busy),)
    m = mail_to(srv, en, "Your free courses are waiting for you")
    assert "35 days" in m["text"] and "10 days" in m["text"], m["text"]
    assert any(l.endswith("/me") for l in m["links"]), m["links"]
    m = mail_to(srv, es, "Tus cursos gratis te esperan")
    assert "35 días" in m["text"], m["text"]

    # the same sweep again changes nothing and sends nothing more
    out = cli(srv, "sweep", "--now", "2027-02-05T13:00:00Z")
    assert "0 reminded, 0 removed" in out, out

    # activity after the reminder starts the clock again
    with srv.sql() as c:
        c.execute("UPDATE learners SET last_activity_at = '2027-02-10T09:00:00Z' WHERE email = ?", (es,))

    # 50 days: the one who never came back is removed and told how to come back
    out = cli(srv, "sweep", "--now", "2027-02-20T12:00:00Z")
    assert "0 removed" not in out, out
    assert state(srv, en)[0] == "removed", state(srv, en)
    assert state(srv, es)[0] == "active", "activity after the reminder should keep the license"
    m = mail_to(srv, en, "Your course license was removed")
    assert "50 days" in m["text"] and any(l.endswith("/signup") for l in m["links"]), m["text"]

    # every change is in the audit log, by the system
    with srv.sql() as c:
        rows = c.execute("SELECT action, actor_role FROM audit_log WHERE entity = 'learner' AND "
                         "action LIKE 'inactivity_%' ORDER BY id").fetchall()
    assert ("inactivity_remind", "system") in rows and ("inactivity_remove", "system") in rows, rows


def test_thresholds_off_or_nonsense_change_nothing(srv):
    email = "old.en@example.org"
    learner(srv, email, "en", "2020-01-01T00:00:00Z")
    cli(srv, "test-setting", "inactivity_remind_days", "60")
    cli(srv, "test-setting", "inactivity_remove_days", "30")  # removal before reminder: refused
    out = cli(srv, "sweep", "--now", "2027-03-01T00:00:00Z")
    assert "0 reminded, 0 removed" in out, out
    assert state(srv, email) == ("active", None)
