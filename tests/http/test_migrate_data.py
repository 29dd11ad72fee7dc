"""PostgreSQL only: moving a running program from SQLite to PostgreSQL with
`skillgate migrate-data --from FILE --to URL`.

A SQLite program with realistic data (the provider's real catalog through the import, learners
enrolled through the usage report, sign-ups through the API, a staff decision) is copied while
its server runs, then once more after it stopped; `serve` on the PostgreSQL copy then shows a
learner the same status, finds the same programs, and every table holds as many rows. Running
the copy again copies nothing; a copy killed halfway is completed by running it again; and the
copy works back from PostgreSQL to a new SQLite file; and a copy that would empty the target
(--from and --to swapped) changes nothing.
"""

import json
import os
import re
import signal
import sqlite3
import subprocess

import pg
import test_signup as signup
from server import Server

BACKEND = "postgresql"
SERVER = {"realistic": False}

COUNTED = re.compile(r"^  counted (\w+) +source +(\d+) +target +(\d+)")
TABLES = ("applications", "application_events", "learners", "enrollments", "programs",
          "region_programs", "staff", "api_tokens", "audit_log", "osos_entries")

state = {}


def migrate_data(srv, src, dst, *extra):
    p = subprocess.run([srv.binary, "migrate-data", "--from", src, "--to", dst, *extra],
                       env=srv._env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def counted(out):
    """{table: (source rows, target rows)} from migrate-data's output."""
    return {m.group(1): (int(m.group(2)), int(m.group(3)))
            for m in (COUNTED.match(l) for l in out.splitlines()) if m}


def copied(out):
    m = re.search(r"(\d+) rows copied or updated, (\d+) removed", out)
    assert m, "migrate-data did not say how much it copied:\n%s" % out[-2000:]
    return int(m.group(1)), int(m.group(2))


def table_counts(db_conn):
    with db_conn as c:
        return {t: c.execute("SELECT COUNT(*) FROM %s" % t).fetchone()[0] for t in TABLES}


def status_text(server, ref, email):
    s = server.session()
    r = s.post_form("/status", {"csrf": s.csrf("/status"), "reference": ref, "email": email})
    assert r.status == 200, "status page: %d" % r.status
    return signup.main_of(r.text)


def program_links(server, q):
    r = server.get("/explore?q=" + q)
    assert r.status == 200, "search %r: %d" % (q, r.status)
    return re.findall(r'href="/programs/([a-z0-9-]+)"', r.text)


def sqlite_program(srv):
    """A program on SQLite with the real catalog and learners, taking sign-ups; the PostgreSQL
    database made for it is the copy's target."""
    s = Server(srv.binary, seed=True, realistic=True)
    s.target = s.db  # an empty PostgreSQL database on the test cluster
    s.db = os.path.join(s.dir, "skillgate.db")
    return s.start()


def finish(old):
    """Stops the SQLite program's server, removes its directory and drops the copy's database."""
    old.db = old.target
    old.stop()


def test_a_running_program_moves_to_postgresql(srv):
    old = sqlite_program(srv)
    try:
        moves(srv, old)
    except BaseException:
        finish(old)
        raise
    state["old"] = old


def moves(srv, old):
    tok = signup.token(old)
    people = [signup.person(first_name="Yesenia", last_name="Okafor", county="Bronx"),
              signup.person(first_name="Tomasz", last_name="Wierzbicki", county="Erie",
                            employment_status="employed_at_risk"),
              signup.person(first_name="Ngozi", last_name="Eze", county="Kings", language="es")]
    refs = []
    for p in people:
        r = signup.post_api(old, json.dumps(p))
        assert r.status == 201, "sign-up on SQLite: %d %s" % (r.status, r.text[:200])
        refs.append(r.json()["reference"])
    r = old.request("POST", "/api/v1/applications/%s/decision" % refs[1],
                    json.dumps({"decision": "approve", "reason": "layoff notice seen"}),
                    dict(signup.JSON, **signup.auth(tok)))
    assert r.status == 200 and r.json()["status"] == "active", "decision: %d %s" % (r.status, r.text[:200])

    # a first pass while the server runs (reading SQLite does not block it)
    code, out = migrate_data(srv, old.db, old.target)
    assert code == 0, "the first pass failed:\n%s" % out[-3000:]
    first, _ = copied(out)
    assert first > 4000, "the first pass copied only %d rows (the catalog alone has more)" % first

    # the program goes on, then stops for the final pass
    late = signup.person(first_name="Guadalupe", last_name="Chávez", county="Monroe")
    r = signup.post_api(old, json.dumps(late))
    assert r.status == 201, "a sign-up after the first pass: %d %s" % (r.status, r.text[:300])
    refs.append(r.json()["reference"])
    people.append(late)
    search_before = program_links(old, "python+programming")
    status_before = [status_text(old, ref, p["email"]) for ref, p in zip(refs, people)]
    queue_before = old.get("/api/v1/applications", signup.auth(tok)).json()
    assert queue_before.get("items"), "the staff queue on SQLite is empty: %r" % queue_before
    before = table_counts(old.sql())
    assert old.terminate() == 0, "the SQLite server did not stop cleanly"

    code, out = migrate_data(srv, old.db, old.target)
    assert code == 0, "the final pass failed:\n%s" % out[-3000:]
    again, removed = copied(out)
    assert 0 < again < first, "the final pass should copy only what changed since the first (%d of %d)" % (again, first)
    counts = counted(out)
    for t in TABLES:
        assert t in counts and counts[t][0] == counts[t][1] == before[t], \
            "%s: SQLite had %d rows; migrate-data counted %r" % (t, before[t], counts.get(t))

    code, out = migrate_data(srv, old.db, old.target)
    assert code == 0 and copied(out) == (0, 0), "running it again should copy nothing:\n%s" % out[-1500:]

    new = Server(srv.binary)
    srv.pg.drop_db(new.db)  # it serves the copy instead of a database of its own
    new.db = old.target
    try:
        new.start()
        assert table_counts(new.sql()) == before, "rows on PostgreSQL differ from SQLite"
        for ref, p, was in zip(refs, people, status_before):
            assert status_text(new, ref, p["email"]) == was, \
                "%s %s sees another status on PostgreSQL" % (p["first_name"], p["last_name"])
        found = program_links(new, "python+programming")
        assert found and search_before and set(found[:10]) & set(search_before[:10]), \
            "the search finds other programs on PostgreSQL: %r vs %r" % (found[:10], search_before[:10])
        # the staff token made on SQLite still works, and new sign-ups get new ids
        r = new.get("/api/v1/applications", signup.auth(tok))
        assert r.status == 200 and r.json() == queue_before, \
            "the staff queue through the API differs on the copy: %d %s" % (r.status, r.text[:300])
        r = signup.post_api(new, json.dumps(signup.person(first_name="Wei", last_name="Zhang", county="Queens")))
        assert r.status == 201, "a sign-up on the copy: %d %s" % (r.status, r.text[:300])
        assert new.terminate() == 0, "serve on the copy did not stop cleanly"
    finally:
        new.stop()


def test_a_killed_copy_completes_when_run_again(srv):
    old = state.pop("old", None)
    assert old, "the first test made the SQLite program"
    try:
        completes(srv, old)
    finally:
        finish(old)


def completes(srv, old):
    target = srv.pg.create_db()
    proc = subprocess.Popen([srv.binary, "migrate-data", "--from", old.db, "--to", target,
                             "--batch", "25"], env=srv._env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    seen = []
    for line in iter(proc.stdout.readline, b""):
        seen.append(line.decode())
        if "copied  catalog_state" in seen[-1]:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, "migrate-data ended before it was killed:\n%s" % "".join(seen)
    partial = table_counts(pg.connect(target))
    whole = table_counts(old.sql())
    assert partial != whole, "the killed copy had copied everything already"

    code, out = migrate_data(srv, old.db, target, "--batch", "25")
    assert code == 0, "running it again after the kill failed:\n%s" % out[-3000:]
    assert copied(out)[0] > 0, "the second run copied nothing"
    assert table_counts(pg.connect(target)) == whole, "rows differ after completing"
    code, out = migrate_data(srv, old.db, target)
    assert code == 0 and copied(out) == (0, 0), "a third run should copy nothing:\n%s" % out[-1500:]

    # and back: PostgreSQL to a new SQLite file, the way back after a move
    back = os.path.join(old.dir, "back.db")
    code, out = migrate_data(srv, target, back)
    assert code == 0, "copying PostgreSQL back to SQLite failed:\n%s" % out[-3000:]
    assert table_counts(sqlite3.connect(back)) == whole, "rows differ after copying back to SQLite"

    # --from and --to swapped: an empty database would empty the program's; nothing changes
    empty = srv.pg.create_db()
    code, out = migrate_data(srv, empty, old.db)
    assert code != 0 and "--replace" in out, "copying an empty database over the program's was not refused:\n%s" % out[-2000:]
    assert table_counts(sqlite3.connect(old.db)) == whole, "the refused copy changed the program's database"
    srv.pg.drop_db(empty)
    srv.pg.drop_db(target)
