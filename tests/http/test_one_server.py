"""One server per SQLite file: the sign-up intake decides its duplicate claims in one process,
so a second `serve` on the same database is refused at once with a message naming the file and
the running process. Commands keep working beside the server, and a server killed with -9
leaves no stale lock behind. On PostgreSQL the claims are kept in the database and a second
`serve` starts beside the first (test_instances.py puts two of them under load).
"""

import json
import os
import subprocess
import threading
import time

import test_signup as signup

from server import Server, free_port


def second_serve(srv):
    """Runs `skillgate serve` on srv's database and another port; returns (exit code, stderr,
    seconds it took)."""
    port = free_port()
    env = srv._env()
    env["SKILLGATE_LISTEN"] = "127.0.0.1:%d" % port
    t0 = time.monotonic()
    p = subprocess.run([srv.binary, "serve", "--db", srv.db, "--listen", "127.0.0.1:%d" % port],
                       env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    return p.returncode, p.stderr.decode("utf-8", "replace"), time.monotonic() - t0


def test_a_second_server_on_the_same_file_is_refused_naming_file_and_process(srv):
    if srv.pg:
        other = srv.twin()
        try:
            for s in (srv, other):
                r = s.get("/healthz")
                assert r.status == 200 and r.text.strip() == "ok", \
                    "two servers on one PostgreSQL database, %s: %d %r" % (s.base_url, r.status, r.text)
        finally:
            assert other.stop() == 0, "the second server did not stop cleanly"
        return
    for attempt in range(3):
        rc, err, secs = second_serve(srv)
        assert rc != 0, "a second serve on %s started (exit %d): %s" % (srv.db, rc, err)
        assert srv.db in err, "the refusal names the database file: %r" % err
        assert "process %d" % srv.pid in err, "the refusal names the running server's process %d: %r" % (srv.pid, err)
        assert "PostgreSQL" in err, "the refusal says what to do for several instances: %r" % err
    # the running server never noticed
    r = srv.get("/healthz")
    assert r.status == 200 and r.text.strip() == "ok", "first server after the refusals: %d %r" % (r.status, r.text)


def test_commands_keep_working_beside_the_running_server(srv):
    p = subprocess.run([srv.binary, "policy", "show", "--db", srv.db], env=srv._env(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 0, "skillgate policy show beside the server: %d %s" % (p.returncode, p.stderr[-500:])
    backup = os.path.join(srv.dir, "copy.sqlite3")
    p = subprocess.run([srv.binary, "backup", backup, "--db", srv.db], env=srv._env(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 0 and os.path.getsize(backup) > 0, "backup beside the server: %d %s" % (p.returncode, p.stderr[-500:])


def test_the_same_person_sent_twice_gets_one_request(srv):
    """With the second server refused, the one server decides: 20 people, each sent twice at
    once, get exactly one 201 each (the second answer is the 'already asked' one)."""
    statuses = {}
    for i in range(20):
        body = json.dumps(signup.person(first_name="Marisol", last_name="Quintero %c" % (ord("A") + i)))
        out = []

        def send():
            out.append(signup.post_api(srv, body, wait=False).status)

        ts = [threading.Thread(target=send) for _ in range(2)]
        [t.start() for t in ts]
        [t.join() for t in ts]
        statuses[i] = sorted(out)
    for i, st in statuses.items():
        assert st.count(201) == 1, "person %d sent twice at once got %r, want exactly one 201" % (i, st)


def test_after_kill_9_the_lock_is_gone_and_a_new_server_starts(srv):
    other = Server(srv.binary).start()
    try:
        if not other.pg:
            rc, err, _ = second_serve(other)
            assert rc != 0 and "process %d" % other.pid in err, "refused while it runs: %d %r" % (rc, err)
        other.kill()
        other.start()  # same database, after a crash: no stale lock
        r = other.get("/healthz")
        assert r.status == 200, "restarted after kill -9: %d" % r.status
    finally:
        other.stop()
