"""PostgreSQL only (run.py --pg runs this file; on SQLite it is skipped): the server rides out
its database server going away and coming back.

While PostgreSQL is down, pages and the API answer 503 with Retry-After, /healthz says the
database is unavailable (so a load balancer stops sending), the server stays up and the log
says why; once it is back, the next request reconnects (statements are prepared
again on the new connection), reads and sign-ups work, and nothing acknowledged before the
outage is lost.
"""

import json
import time

import test_signup as signup

BACKEND = "postgresql"
SERVER = {"seed": True, "realistic": False}


def test_database_restart_is_survived(srv):
    r = srv.get("/explore?q=nursing")
    assert r.status == 200 and "Nursing" in r.text, "search before the outage: %d" % r.status
    before = signup.post_api(srv, json.dumps(signup.person(first_name="Yesenia", last_name="Okafor")))
    assert before.status == 201, "sign-up before the outage: %d %s" % (before.status, before.text[:200])
    ref = before.json()["reference"]

    srv.pg.stop_server()
    try:
        r = srv.get("/explore?q=python+programming")
        assert r.status == 503 and r.header("Retry-After"), \
            "a search with the database down: %d, Retry-After %r (want 503 and when to retry)" % (
                r.status, r.header("Retry-After"))
        r = srv.get("/healthz")
        assert r.status == 503 and "database" in r.text, \
            "/healthz with the database down: %d %r" % (r.status, r.text)
        r = signup.post_api(srv, json.dumps(signup.person(first_name="Ngozi", last_name="Eze")))
        assert r.status == 503 and r.json()["error"]["code"] == "unavailable", \
            "a sign-up with the database down: %d %s" % (r.status, r.text[:200])
        assert srv.alive(), "the server died when its database went away"
        deadline = time.monotonic() + 5
        while not any("database server unavailable" in l for l in srv.stderr_lines()):
            assert time.monotonic() < deadline, "the log does not say the database is unavailable:\n%s" % srv.stderr_tail(10)
            time.sleep(0.1)
    finally:
        p = srv.pg.start_server()
        assert p.returncode == 0, "PostgreSQL did not start again: %s" % p.stdout[-500:]

    r = srv.get("/explore?q=python+programming")
    assert r.status == 200 and "Python" in r.text, "search after the database came back: %d" % r.status
    assert srv.get("/healthz").status == 200, "/healthz after the database came back"
    after = signup.post_api(srv, json.dumps(signup.person(first_name="Tomasz", last_name="Wierzbicki")))
    assert after.status == 201, "sign-up after the outage: %d %s" % (after.status, after.text[:200])
    assert signup.wait_stored(srv, after.json()["reference"]), "the sign-up after the outage was not written"
    with srv.sql() as c:
        n = c.execute("SELECT COUNT(*) FROM applications WHERE reference = ?", (ref,)).fetchone()[0]
    assert n == 1, "the sign-up acknowledged before the outage is gone (%d rows)" % n
