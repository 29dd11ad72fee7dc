"""Two `serve` processes on one PostgreSQL database, as an agency runs them behind a load
balancer: the same person sent to both at once gets exactly one request; the last seats filled
from both sides are never given twice; and one of them killed with -9 in the middle of
sign-ups, staff decisions and mail loses nothing it acknowledged and sends no e-mail twice.
"""

import contextlib
import json
import subprocess
import threading
import time
import urllib.parse

import test_lifecycle as lifecycle
from test_crash import COUNTIES, cli, message_ids, rows

BACKEND = "postgresql"
SERVER = {"seed": True, "smtp": True}

FIRST = ["Marisol", "Darnell", "Yesenia", "Tomasz", "Keisha", "Oluwaseun", "Bich Ngoc", "Rafael",
         "Shanice", "Dmitri", "Guadalupe", "Anthony", "Fatoumata", "Priya", "Sean", "Xiomara"]
LAST = ["Quintero", "Washington", "Álvarez", "Kowalczyk", "Brown-Ellis", "Adeyemi", "Nguyễn",
        "Santiago", "O'Neill", "Volkov", "Chávez", "Russo", "Diallo", "Raghunathan"]


def one(srv, sql, *args):
    return rows(srv, sql, *args)[0][0]


def person(tag, i, language="en"):
    first, last = FIRST[i % len(FIRST)], LAST[(i * 5 + len(tag)) % len(LAST)]
    return json.dumps({
        "first_name": first, "last_name": "%s %s" % (last, tag.capitalize()),
        "email": "%s.%s.%d@example.net" % (tag, first.lower().replace(" ", ""), i),
        "phone": "718-555-%04d" % (i % 10000),
        "birth_date": "19%02d-%02d-%02d" % (55 + i % 45, 1 + i % 12, 1 + i % 28),
        "county": COUNTIES[i % len(COUNTIES)], "town": "", "employment_status": "unemployed",
        "layoff_notice_date": "", "covid_related": False, "dol_staff": False, "osos_id": "",
        "language": language, "consent": True}, ensure_ascii=False)


def post(s, body):
    return s.request("POST", "/api/v1/applications", body, {"Content-Type": "application/json"})


def settle(srv, timeout=60):
    """Waits until the intake is empty and no mail is due; True when it got there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not one(srv, "SELECT count(*) FROM signup_intake") and \
                not one(srv, "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"):
            return True
        time.sleep(0.3)
    return False


@contextlib.contextmanager
def twin(srv):
    """A second server on the file's database, stopped at the end of the block."""
    cli(srv, "test-setting", "signup_rate_per_hour", "0")  # every sign-up is from 127.0.0.1
    other = srv.twin()
    try:
        time.sleep(1.1)  # the first server reads the setting again within a second
        yield other
    finally:
        other.stop()


def token(srv):
    return cli(srv, "token", "create", "--staff", "state.admin@example.org").stdout.decode().strip()


def test_the_same_person_sent_to_both_servers_at_once_gets_one_request_20_times(srv):
    with twin(srv) as other:
        answers = []
        for i in range(20):
            body = person("both", i)
            got = {}
            start = threading.Barrier(2)

            def send(s):
                start.wait()
                got[s.base_url] = post(s, body)

            ts = [threading.Thread(target=send, args=(s,)) for s in (srv, other)]
            [t.start() for t in ts]
            [t.join() for t in ts]
            statuses = sorted(r.status for r in got.values())
            assert statuses == [201, 409], "person %d sent to both servers at once: %r, want one 201 " \
                "and one 409" % (i, statuses)
            ref = next(r.json()["reference"] for r in got.values() if r.status == 201)
            email = json.loads(body)["email"]
            answers.append((email, ref))
            # the person looks the request up at once, on the server that said 409
            s = next(s for s in (srv, other) if got[s.base_url].status == 409)
            r = s.get("/api/v1/applications/%s?email=%s" % (ref, urllib.parse.quote(email)))
            assert r.status == 200 and r.json()["reference"] == ref, \
                "the reference %s looked up on the other server at once: %d %s" % (
                    ref, r.status, r.text[:200])
        assert settle(srv), "the sign-ups were not completed within a minute"
        for email, ref in answers:
            refs = [r[0] for r in rows(srv, "SELECT reference FROM applications WHERE email = ?", email)]
            assert refs == [ref], "%s: applications %r, want only the acknowledged %s" % (email, refs, ref)
        rejected = one(srv, "SELECT count(*) FROM signup_intake_rejected")
        assert rejected == 0, "%d acknowledged sign-ups were set aside afterwards" % rejected
        left = one(srv, "SELECT count(*) FROM signup_claims")
        assert left == 0, "%d claims remain after every request was completed" % left


def test_an_open_request_blocks_the_other_server_until_the_license_is_removed(srv):
    with twin(srv) as other:
        body = person("again", 1)
        email = json.loads(body)["email"]
        r = post(srv, body)
        assert r.status == 201, "first request: %d %s" % (r.status, r.text[:200])
        assert settle(srv), "the request was not completed"
        r2 = post(other, body)
        assert r2.status == 409, "the same person on the other server while the first request " \
            "is open: %d" % r2.status
        # removed for inactivity: the request is closed and the person may ask again, on
        # either server
        lifecycle.remove_for_inactivity(srv, email)
        r3 = post(other, body)
        assert r3.status == 201, "asking again after the license was removed: %d %s" % (
            r3.status, r3.text[:200])
        assert settle(srv), "the second request was not completed"
        refs = [r[0] for r in rows(srv, "SELECT reference FROM applications WHERE email = ? "
                                        "AND closed_at IS NULL", email)]
        assert refs == [r3.json()["reference"]], "open requests of %s: %r" % (email, refs)


def test_a_setting_changed_on_one_server_shows_on_the_other_within_a_second(srv):
    with twin(srv) as other:
        tok = token(srv)
        assert "ayuda.programa@labor.ny.gov" not in other.get("/help").text
        r = srv.request("PUT", "/api/v1/settings", json.dumps({"help_email": "ayuda.programa@labor.ny.gov"}),
                        {"Authorization": "Bearer " + tok, "Content-Type": "application/json"})
        assert r.status == 200, "PUT /api/v1/settings: %d %s" % (r.status, r.text[:200])
        t0 = time.monotonic()
        assert "ayuda.programa@labor.ny.gov" in srv.get("/help").text, \
            "the server that made the change still shows the old help address"
        while "ayuda.programa@labor.ny.gov" not in other.get("/help").text:
            assert time.monotonic() - t0 < 2.0, "the other server still shows the old help " \
                "address after 2 s"
            time.sleep(0.05)


def test_the_last_seats_filled_from_both_servers_are_never_given_twice(srv):
    """Sign-ups approved at once and staff approvals, on both servers at once, for the last 7
    English seats."""
    with twin(srv) as other:
        auth = {"Authorization": "Bearer " + token(srv), "Content-Type": "application/json"}
        # ten requests waiting for staff (automatic approval off while they are made)
        cli(srv, "test-setting", "auto_approve", "0")
        time.sleep(1.1)
        waiting = []
        for i in range(10):
            r = post(srv, person("seatstaff", i))
            assert r.status == 201 and r.json()["status"] == "pending_review", \
                "a request for staff: %d %s" % (r.status, r.text[:200])
            waiting.append(r.json()["reference"])
        cli(srv, "test-setting", "auto_approve", "1")
        active = one(srv, "SELECT count(*) FROM learners WHERE program = 'en' AND "
                          "license_status = 'active'")
        seats = active + 7
        cli(srv, "test-setting", "seats_en", str(seats))
        time.sleep(1.1)
        acked, approved, told_active = [], [], []
        lock = threading.Lock()

        def sign_ups(s, tag):
            for i in range(20):
                r = post(s, person(tag, i))
                if r.status == 201:
                    with lock:
                        acked.append(r.json()["reference"])
                        if r.json()["status"] == "active":
                            told_active.append(r.json()["reference"])

        def approvals(s, refs):
            for ref in refs:
                r = s.request("POST", "/api/v1/applications/%s/decision" % ref, json.dumps(
                    {"decision": "approve", "reason": "Layoff letter checked by phone."}), auth)
                if r.status == 200:
                    with lock:
                        approved.append(ref)

        ts = [threading.Thread(target=sign_ups, args=(s, tag))
              for s, tag in ((srv, "seata"), (other, "seatb"), (srv, "seatc"), (other, "seatd"))]
        ts += [threading.Thread(target=approvals, args=(srv, waiting[0::2])),
               threading.Thread(target=approvals, args=(other, waiting[1::2]))]
        [t.start() for t in ts]
        [t.join() for t in ts]
        assert len(acked) == 80, "%d of 80 sign-ups were acknowledged" % len(acked)
        assert len(approved) == 10, "%d of 10 staff approvals were acknowledged" % len(approved)
        assert settle(srv), "the sign-ups were not completed within a minute"
        now = one(srv, "SELECT count(*) FROM learners WHERE program = 'en' AND "
                       "license_status = 'active'")
        assert now == seats, "%d active English licenses for %d seats" % (now, seats)
        counted = one(srv, "SELECT active FROM seat_pools WHERE program = 'en'")
        assert counted == now, "the seat pool counts %d, the learners %d" % (counted, now)
        new = [r[0] for r in rows(srv, "SELECT a.status FROM applications a WHERE a.email LIKE "
                                       "'seat%%@example.net'")]
        assert len(new) == 90 and new.count("active") == 7 and new.count("waitlisted") == 83, \
            "the 90 new requests: %d active, %d waitlisted (want 7 and 83)" % (
                new.count("active"), new.count("waitlisted"))
        # what each person was told at once holds: a 201 saying "active" is never followed by
        # a waitlist, and no more people are told so than there are seats
        assert len(told_active) <= 7, \
            "%d sign-ups were told their license is active, for 7 seats" % len(told_active)
        signed = one(srv, "SELECT count(*) FROM applications WHERE status = 'active' AND email "
                          "LIKE 'seat%%@example.net' AND email NOT LIKE 'seatstaff%%'")
        assert signed == len(told_active), \
            "%d sign-ups hold a seat, %d were told so" % (signed, len(told_active))
        marks = ", ".join(["?"] * len(told_active))
        held = dict(rows(srv, "SELECT a.reference, l.license_status FROM applications a JOIN "
                              "learners l ON l.application_id = a.id WHERE a.reference IN ("
                              + marks + ")", *told_active))
        broken = ["%s: %s" % (ref, held.get(ref, "no learner")) for ref in told_active
                  if held.get(ref) != "active"]
        assert not broken, "told active, but now: %s" % ", ".join(broken)
        waited = [r[0] for r in rows(srv, "SELECT o.to_addr FROM outbox o JOIN applications a "
                                          "ON a.email = o.to_addr WHERE o.kind = "
                                          "'application_waitlisted' AND a.reference IN ("
                                          + marks + ")", *told_active)]
        assert not waited, "told active, then e-mailed a waitlist: %s" % ", ".join(waited)
        cli(srv, "test-setting", "seats_en", "50000")
        time.sleep(1.1)


def test_two_sweeps_at_once_remind_each_idle_learner_once(srv):
    """Every server runs the hourly sweep; two that run it at the same moment must not remind
    anyone twice, nor send a staff member two digests in a day."""
    now = time.time()
    idle = [r[0] for r in rows(srv, "SELECT email FROM learners WHERE license_status = 'active' "
                                    "AND reminded_at IS NULL ORDER BY id LIMIT 60")]
    assert len(idle) >= 20, "the seeded data has %d active learners" % len(idle)
    for email in idle:
        lifecycle.idle_since(srv, email, now - 40 * lifecycle.DAY)
    before = one(srv, "SELECT COALESCE(MAX(id), 0) FROM outbox")
    procs = [subprocess.Popen([srv.binary, "sweep", "--now", lifecycle.iso(now), "--db", srv.db],
                              env=srv._env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, "skillgate sweep: %d %s" % (p.returncode, err[-500:])
    twice = rows(srv, "SELECT to_addr, count(*) FROM outbox WHERE kind = 'inactivity_reminder' "
                      "AND id > ? GROUP BY to_addr HAVING count(*) > 1", before)
    assert not twice, "%d learners were reminded twice by two sweeps at once: %s" % (
        len(twice), twice[:3])
    reminded = one(srv, "SELECT count(DISTINCT to_addr) FROM outbox WHERE kind = "
                        "'inactivity_reminder' AND id > ?", before)
    assert reminded >= len(idle), "%d of %d idle learners were reminded" % (reminded, len(idle))
    # the staff digest of late requests: once a day per recipient, whichever sweep sends it
    digests = rows(srv, "SELECT to_addr, count(*) FROM outbox WHERE kind = 'staff_digest' "
                        "AND id > ? GROUP BY to_addr", before)
    assert all(n == 1 for _, n in digests), "staff digests sent twice: %s" % digests


def test_kill_9_of_one_server_loses_no_acknowledged_change_and_sends_no_mail_twice(srv):
    with twin(srv) as other:
        tok = token(srv)
        auth = {"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
        pending = [r[0] for r in rows(srv, "SELECT reference FROM applications WHERE status = "
                                           "'pending_review' ORDER BY id")]
        assert len(pending) >= 6, "the seeded data has %d pending requests" % len(pending)
        acked_signups, acked_decisions = [], []
        lock = threading.Lock()
        stop = threading.Event()

        def signups(s, tag):
            i = 0
            while not stop.is_set() and i < 400:
                try:
                    r = post(s, person(tag, i, "es" if i % 4 == 0 else "en"))
                except OSError:
                    return
                if r.status == 201:
                    with lock:
                        acked_signups.append(r.json()["reference"])
                i += 1

        def decisions(s, refs):
            for ref in refs:
                body = json.dumps({"decision": "approve", "reason": "Layoff letter checked by phone."})
                try:
                    r = s.request("POST", "/api/v1/applications/%s/decision" % urllib.parse.quote(ref),
                                  body, auth)
                except OSError:
                    return
                if r.status == 200:
                    with lock:
                        acked_decisions.append(ref)
                time.sleep(0.05)

        ts = [threading.Thread(target=signups, args=(srv, "crasha"), daemon=True),
              threading.Thread(target=signups, args=(other, "crashb"), daemon=True),
              threading.Thread(target=decisions, args=(srv, pending[0::2]), daemon=True),
              threading.Thread(target=decisions, args=(other, pending[1::2]), daemon=True)]
        [t.start() for t in ts]
        time.sleep(1.5)
        other.kill()  # the second server dies in the middle of sign-ups, decisions and mail
        time.sleep(1.0)  # the first goes on alone for a moment
        stop.set()
        for t in ts:
            t.join(30)
        assert any(r for r in acked_signups), "no sign-up was acknowledged"

        # the survivor completes the dead server's waiting sign-ups and takes over its mail
        deadline = time.monotonic() + 60
        while True:
            have = {r[0] for r in rows(srv, "SELECT reference FROM applications")}
            if (all(r in have for r in acked_signups) and settle(srv, 1)) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        lost = [r for r in acked_signups if r not in have]
        assert not lost, "%d of %d acknowledged sign-ups are gone after the kill: %s" % (
            len(lost), len(acked_signups), lost[:5])
        for ref in acked_decisions:
            st = one(srv, "SELECT status FROM applications WHERE reference = ?", ref)
            assert st in ("active", "waitlisted"), "the approval of %s was acknowledged, status %s" % (ref, st)
        rejected = one(srv, "SELECT count(*) FROM signup_intake_rejected")
        assert rejected == 0, "%d acknowledged sign-ups were set aside" % rejected
        for program, counted in rows(srv, "SELECT program, active FROM seat_pools"):
            real = one(srv, "SELECT count(*) FROM learners WHERE program = ? AND "
                            "license_status = 'active'", program)
            assert counted == real, "seat pool %s counts %d, the learners %d" % (program, counted, real)

        ids = message_ids(srv)
        # every acknowledged sign-up got its e-mail (one left 'unconfirmed' by the kill at most)
        unconfirmed = one(srv, "SELECT count(*) FROM outbox WHERE status = 'unconfirmed'")
        sent = one(srv, "SELECT count(*) FROM outbox WHERE status = 'sent'")
        assert sent >= len(acked_signups) - unconfirmed, "%d messages sent for %d sign-ups" % (
            sent, len(acked_signups))
        # the killed server comes back beside the survivor
        other.start()
        assert other.get("/healthz").status == 200, "the killed server did not come back"
        assert settle(srv, 20), "work was left waiting after the restart"
        left = one(srv, "SELECT count(*) FROM signup_claims")
        assert left == 0, "%d sign-up claims remain with no request waiting" % left
        print("    two servers, one killed: %d sign-ups and %d decisions acknowledged; %d messages, "
              "none twice, %d unconfirmed" % (len(acked_signups), len(acked_decisions), len(ids),
                                              unconfirmed))
