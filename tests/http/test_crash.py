"""A crash under mixed load: the server is killed with SIGKILL while sign-ups, staff decisions
and a provider usage import run together, then started again on the same database. Every
change the server acknowledged must be there, the usage import must be all or nothing, every
license is counted once, no e-mail arrives twice (the SMTP sink keeps each message with its
Message-ID), and SQLite's integrity check passes."""

import csv
import io
import json
import subprocess
import threading
import time
import urllib.parse

SERVER = {"seed": True, "smtp": True}

FIRST = ["Ana", "Luis", "Keisha", "Wei", "Fatoumata", "Sean", "Priya", "Dmitri", "Grace",
         "Mohammed", "Guadalupe", "Tomasz", "Aaliyah", "José", "Nguyễn", "Darnell"]
LAST = ["García", "O'Brien", "Washington", "Zhang", "Diallo", "Kowalczyk", "Raghunathan",
        "Volkov", "Kim", "Al-Hassan", "Chávez", "Núñez", "Brown-Ellis", "Hernández"]
COUNTIES = ["Kings", "Queens", "Bronx", "New York", "Erie", "Monroe", "Albany", "Onondaga"]


def cli(srv, *args):
    return subprocess.run([srv.binary, *args, "--db", srv.db], env=srv._env(), check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)


def rows(srv, sql, *args):
    c = srv.sql(timeout=20)
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


def signup(i):
    first, last = FIRST[i % len(FIRST)], LAST[(i * 5) % len(LAST)]
    return json.dumps({
        "first_name": first, "last_name": last,
        "email": "crash.%s.%d@example.net" % (first.lower()[:3], i),
        "phone": "646-555-%04d" % i, "birth_date": "19%02d-%02d-%02d" % (
            55 + i % 45, 1 + i % 12, 1 + i % 28),
        "county": COUNTIES[i % len(COUNTIES)], "town": "", "employment_status": "unemployed",
        "layoff_notice_date": "", "covid_related": False, "dol_staff": False, "osos_id": "",
        "language": "es" if i % 4 == 0 else "en", "consent": True}, ensure_ascii=False)


def usage_report(srv):
    """Every learner with an e-mail in every one of 2,000 programs: some 100,000 lines,
    enough that the import is still running when the server is killed."""
    learners = rows(srv, "SELECT email, osos_id FROM learners ORDER BY id")
    programs = [r[0] for r in rows(srv, "SELECT slug FROM programs WHERE active = 1 "
                                        "ORDER BY id LIMIT 2000")]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["Email", "External Id", "Course Slug", "Enrollment Time", "Overall Progress",
                "Estimated Learning Hours"])
    pairs = []
    for email, osos in learners:
        for j, slug in enumerate(programs):
            w.writerow([email, osos, slug, "2026-10-%02dT10:00:00Z" % (1 + j % 28),
                        "%.2f" % ((j % 9) / 10.0), "%.1f" % (j % 7)])
            pairs.append((email, slug))
    return out.getvalue().encode(), pairs


def test_kill_during_mixed_load_keeps_every_acknowledged_change(srv):
    tok = cli(srv, "token", "create", "--staff", "state.admin@example.org").stdout.decode().strip()
    cli(srv, "test-setting", "signup_rate_per_hour", "0")  # every sign-up comes from 127.0.0.1
    srv.terminate()
    srv.start()
    auth = {"Authorization": "Bearer " + tok}
    pending = [r[0] for r in rows(srv, "SELECT reference FROM applications WHERE status = "
                                       "'pending_review' ORDER BY id")]
    assert len(pending) >= 5, "the seeded data has %d pending requests" % len(pending)
    report, pairs = usage_report(srv)
    assert len(pairs) > 3000, "the usage report has only %d lines" % len(pairs)
    before = count_pairs(srv, pairs)

    acked_signups, acked_decisions, import_answer = [], [], []
    stop = threading.Event()

    def signups():
        i = 0
        while not stop.is_set() and i < 2000:
            try:
                r = srv.request("POST", "/api/v1/applications", signup(i),
                                {"Content-Type": "application/json"})
            except OSError:
                return
            if r.status == 201:
                acked_signups.append(r.json()["reference"])
            i += 1

    def decisions():
        for ref in pending:
            if stop.is_set():
                return
            body = json.dumps({"decision": "approve", "reason": "Layoff letter checked by phone."})
            try:
                r = srv.request("POST", "/api/v1/applications/%s/decision" % urllib.parse.quote(ref),
                                body, dict(auth, **{"Content-Type": "application/json"}))
            except OSError:
                return
            if r.status == 200:
                acked_decisions.append(ref)
            time.sleep(0.05)

    def usage():
        try:
            conn = srv.connection(timeout=60)
            r = srv.request("POST", "/api/v1/imports/usage", report,
                            dict(auth, **{"Content-Type": "text/csv"}), conn=conn)
            import_answer.append(r.status)
        except OSError:
            import_answer.append(None)

    threads = [threading.Thread(target=f, daemon=True) for f in (signups, decisions, usage)]
    threads[0].start()
    threads[1].start()
    time.sleep(0.7)
    threads[2].start()
    time.sleep(0.8)  # the import of some 100,000 lines takes longer than this
    srv.kill()
    stop.set()
    for t in threads:
        t.join(30)
    assert acked_signups, "no sign-up was acknowledged before the kill"

    srv.start()
    # the intake completes the sign-ups that were waiting; the outbox delivers the mail
    deadline = time.monotonic() + 30
    while True:
        have = {r[0] for r in rows(srv, "SELECT reference FROM applications")}
        waiting = rows(srv, "SELECT count(*) FROM signup_intake")[0][0]
        due = rows(srv, "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')")[0][0]
        if (all(r in have for r in acked_signups) and not waiting and not due) \
                or time.monotonic() > deadline:
            break
        time.sleep(0.5)

    lost = [r for r in acked_signups if r not in have]
    assert not lost, "%d of %d acknowledged sign-ups are gone after the crash: %s" % (
        len(lost), len(acked_signups), lost[:5])
    for ref in acked_decisions:
        st = rows(srv, "SELECT status FROM applications WHERE reference = ?", ref)[0][0]
        assert st != "pending_review", "the approval of %s was acknowledged but is gone" % ref

    # the usage import: one transaction, so all of its enrollments or none of them
    present = count_pairs(srv, pairs)
    if import_answer and import_answer[0] == 200:
        assert present == len(pairs), "the import was acknowledged, yet %d of %d enrollments " \
            "are there" % (present, len(pairs))
    else:
        assert present in (before, len(pairs)), "a usage import cut short by the crash left " \
            "%d of its %d enrollments (%d were there before)" % (present, len(pairs), before)

    # every license counted once
    for program, counted in rows(srv, "SELECT program, active FROM seat_pools"):
        real = rows(srv, "SELECT count(*) FROM learners WHERE program = ? AND "
                         "license_status = 'active'", program)[0][0]
        assert counted == real, "seat pool %s counts %d active licenses, the learners %d" % (
            program, counted, real)
    dup = rows(srv, "SELECT application_id, count(*) FROM learners GROUP BY application_id "
                    "HAVING count(*) > 1")
    assert not dup, "applications with two learners: %s" % dup[:5]

    # no e-mail twice
    ids = message_ids(srv)
    assert ids, "no mail arrived at all"

    if not srv.pg:  # SQLite's own check of the file (PostgreSQL keeps its files itself)
        assert rows(srv, "PRAGMA integrity_check")[0][0] == "ok", "the database is damaged"
    print("    crash: %d sign-ups and %d decisions acknowledged before the kill; the import "
          "answered %s; %d messages, none twice" % (len(acked_signups), len(acked_decisions),
                                                    import_answer[:1], len(ids)))



def message_ids(srv):
    """How often each Message-ID arrived at the sink; fails when any arrived twice."""
    ids = {}
    for m in srv.messages():
        mid = next((v for k, v in m.get("headers", []) if k.lower() == "message-id"), None)
        assert mid, "a message without a Message-ID: %s" % m.get("subject")
        ids[mid] = ids.get(mid, 0) + 1
    twice = [k for k, n in ids.items() if n > 1]
    assert not twice, "%d messages arrived twice: %s" % (len(twice), twice[:3])
    return ids


def count_pairs(srv, pairs):
    """How many of the report's (e-mail, program) pairs have an enrollment."""
    have = set(rows(srv, "SELECT l.email, p.slug FROM enrollments e JOIN learners l ON "
                         "l.id = e.learner_id JOIN programs p ON p.id = e.program_id"))
    return sum(1 for p in pairs if p in have)
