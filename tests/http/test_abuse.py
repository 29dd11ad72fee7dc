"""Abuse from outside, on loopback: malformed form bodies, slow clients, header floods and
1,000 concurrent connections. The server keeps answering /healthz quickly, answers every
honest request that was made alongside, and loses nothing. Every loop is bounded in count and
time."""

import socket
import threading
import time

SERVER = {"seed": True, "smtp": True}


def raw(srv, data, timeout=10):
    """Sends bytes on a fresh connection and reads until the server closes; the answer."""
    s = socket.create_connection((srv.host, srv.port), timeout=timeout)
    try:
        s.sendall(data)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


def healthy(srv, within=2.0):
    t0 = time.monotonic()
    r = srv.get("/healthz")
    took = time.monotonic() - t0
    assert r.status == 200 and r.text.strip() == "ok", "/healthz answered %d %r" % (r.status, r.text[:80])
    assert took < within, "/healthz took %.2fs (more than %.1fs)" % (took, within)


def test_multipart_part_without_a_name_is_ignored_not_fatal(srv):
    """A multipart part whose Content-Disposition has no name= used to reach the form
    collector as a NULL field name and take the whole server down, without signing in."""
    b = "----skillgateFormBoundaryQ2"
    body = ("--%s\r\nContent-Disposition: form-data\r\n\r\nhello\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nes\r\n--%s--\r\n" % (b, b, b))
    for path in ("/signup", "/lang", "/admin/login"):
        r = srv.request("POST", path, body, {"Content-Type": "multipart/form-data; boundary=" + b,
                                             "Origin": srv.base_url})
        assert r.status in (400, 403, 422), "POST %s with a nameless part: %d" % (path, r.status)
        assert srv.alive(), "the server died on a multipart part without a name"
    healthy(srv)


# ---- helpers for many connections -------------------------------------------------------------

FIRST = ["Ana", "Luis", "Keisha", "Wei", "Fatoumata", "Sean", "Priya", "Dmitri", "Grace",
         "Mohammed", "Guadalupe", "Tomasz", "Aaliyah", "José", "Nguyễn", "Darnell"]
LAST = ["García", "O'Brien", "Washington", "Zhang", "Diallo", "Kowalczyk", "Raghunathan",
        "Volkov", "Kim", "Al-Hassan", "Chávez", "Núñez", "Brown-Ellis", "Hernández", "Thị Lan"]
COUNTIES = ["Kings", "Queens", "Bronx", "New York", "Erie", "Monroe", "Albany", "Onondaga"]


def raise_fd_limit(n):
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(n, hard), hard))


def cli(srv, *args):
    import subprocess
    return subprocess.run([srv.binary, *args, "--db", srv.db], env=srv._env(), check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)


def signup_json(i):
    import json
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
    return json.dumps({
        "first_name": first, "last_name": last,
        "email": "%s.%s.%d@example.net" % (first.lower()[:3], "x%d" % (i % 97), i),
        "phone": "718-555-%04d" % (i % 10000), "birth_date": "19%02d-%02d-%02d" % (
            60 + i % 40, 1 + i % 12, 1 + i % 28),
        "county": COUNTIES[i % len(COUNTIES)], "town": "", "employment_status": "unemployed",
        "layoff_notice_date": "", "covid_related": False, "dol_staff": False, "osos_id": "",
        "language": "es" if i % 5 == 0 else "en", "consent": True}, ensure_ascii=False).encode()


def many(srv, requests, deadline_s=60):
    """Sends every request (bytes) on its own connection, all open at once, and reads each
    answer to the end; returns the answers (bytes, b"" when the server closed without one)."""
    import selectors
    sel = selectors.DefaultSelector()
    socks = []
    for req in requests:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((srv.host, srv.port))
        socks.append(s)
        sel.register(s, selectors.EVENT_WRITE, [req, 0, b"", len(socks) - 1])
    out = [None] * len(socks)
    deadline = time.monotonic() + deadline_s
    open_ = len(socks)
    while open_ and time.monotonic() < deadline:
        for key, ev in sel.select(timeout=1):
            s, st = key.fileobj, key.data
            try:
                if ev & selectors.EVENT_WRITE:
                    n = s.send(st[0][st[1]:])
                    st[1] += n
                    if st[1] == len(st[0]):
                        sel.modify(s, selectors.EVENT_READ, st)
                else:
                    chunk = s.recv(65536)
                    if chunk:
                        st[2] += chunk
                        continue
                    raise ConnectionResetError
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                out[st[3]] = st[2]
                sel.unregister(s)
                s.close()
                open_ -= 1
    for key in list(sel.get_map().values()):
        out[key.data[3]] = key.data[2]
        key.fileobj.close()
    sel.close()
    return out


def status_of(answer):
    return int(answer[9:12]) if answer and answer.startswith(b"HTTP/1.") else 0


def get_req(srv, path):
    return ("GET %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n" % (
        path, srv.host, srv.port)).encode()


def json_req(srv, path, body):
    return ("POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\nConnection: close\r\n\r\n" % (
                path, srv.host, srv.port, len(body))).encode() + body


# ---- the tests --------------------------------------------------------------------------------

def test_slow_clients_do_not_hold_up_anyone(srv):
    """300 clients that trickle their headers (slowloris) and 50 that trickle a form body,
    for 4 seconds: meanwhile /healthz and a catalog search answer within a second each."""
    raise_fd_limit(4096)
    slow = []
    try:
        for i in range(300):
            s = socket.create_connection((srv.host, srv.port), timeout=5)
            s.sendall(b"GET /catalog?q=python HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(s)
        for i in range(50):
            s = socket.create_connection((srv.host, srv.port), timeout=5)
            s.sendall(b"POST /signup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                      b"application/x-www-form-urlencoded\r\nContent-Length: 16000\r\n\r\nfirst_name=")
            slow.append(s)
        t_end = time.monotonic() + 4
        n = 0
        while time.monotonic() < t_end:
            for s in slow:
                try:
                    s.send(b"X-Slow: %d\r\n" % n if slow.index(s) < 300 else b"a")
                except OSError:
                    pass
            healthy(srv, within=1.0)
            t0 = time.monotonic()
            r = srv.get("/api/v1/programs?q=python&limit=5")
            assert r.status == 200, "a catalog search during the slow clients: %d" % r.status
            assert time.monotonic() - t0 < 1.0, "a catalog search took %.2fs" % (time.monotonic() - t0)
            n += 1
            time.sleep(0.3)
        assert n >= 5, "only %d rounds of checks ran in 4 s" % n
    finally:
        for s in slow:
            s.close()
    healthy(srv)


def test_header_floods_are_refused_and_cost_little(srv):
    """Requests with 5,000 headers, one 1 MB header, a 100 KB request line and a 1 MB cookie,
    40 at once: each is refused (or the connection closed) without an answer of 200 or 500,
    the server's memory grows by less than 64 MB, and /healthz still answers."""
    raise_fd_limit(4096)
    before = srv.rss_kb()
    host = "Host: %s:%d\r\n" % (srv.host, srv.port)
    floods = [
        ("GET / HTTP/1.1\r\n" + host + "".join("X-H%d: %d\r\n" % (i, i) for i in range(5000)) + "\r\n").encode(),
        ("GET / HTTP/1.1\r\n" + host + "X-Big: " + "a" * (1 << 20) + "\r\n\r\n").encode(),
        ("GET /catalog?q=" + "p" * 100000 + " HTTP/1.1\r\n" + host + "\r\n").encode(),
        ("GET /me HTTP/1.1\r\n" + host + "Cookie: sg_session=" + "b" * (1 << 20) + "\r\n\r\n").encode(),
    ]
    answers = many(srv, floods * 10, deadline_s=30)
    for i, a in enumerate(answers):
        st = status_of(a)
        assert st not in (200, 500), "flood %d answered %d" % (i % 4, st)
    grew = (srv.rss_kb() - before) / 1024.0
    print("    abuse: 40 header floods: %s; the server grew by %.1f MB" % (
        ", ".join(sorted({str(status_of(a)) for a in answers})), grew))
    assert grew < 64, "40 header floods left the server %.0f MB larger" % grew
    healthy(srv)


def test_a_thousand_concurrent_connections_lose_nothing(srv):
    """1,000 connections open at once: 700 health checks and page views and 300 sign-ups
    through the API. Every one gets an answer; every sign-up answered 201 is in the database
    (or waiting in the intake) with its reference; /healthz answers during and after."""
    raise_fd_limit(4096)
    cli(srv, "test-setting", "signup_rate_per_hour", "0")  # all of them come from 127.0.0.1
    srv.terminate()  # the server reads its settings when it starts
    srv.start()
    reqs = []
    for i in range(1000):
        if i % 10 < 3:
            reqs.append(json_req(srv, "/api/v1/applications", signup_json(i)))
        elif i % 10 < 6:
            reqs.append(get_req(srv, "/healthz"))
        elif i % 10 < 8:
            reqs.append(get_req(srv, "/api/v1/programs?q=data%20analytics&limit=5"))
        else:
            reqs.append(get_req(srv, "/catalog?q=python"))
    done = threading.Event()
    probe_errors = []

    def probe():
        while not done.is_set():
            try:
                healthy(srv, within=3.0)
            except (AssertionError, OSError) as e:
                probe_errors.append(str(e))
            time.sleep(0.2)

    t = threading.Thread(target=probe, daemon=True)
    t.start()
    t0 = time.monotonic()
    answers = many(srv, reqs, deadline_s=90)
    took = time.monotonic() - t0
    done.set()
    t.join(5)
    statuses = [status_of(a) for a in answers]
    missing = [i for i, s in enumerate(statuses) if s == 0]
    assert not missing, "%d of 1,000 connections got no answer (first: request %d)" % (
        len(missing), missing[0])
    bad = [(i, s) for i, s in enumerate(statuses) if s >= 500]
    assert not bad, "server errors: %s" % bad[:5]
    import json as _json
    refs = []
    for i, a in enumerate(answers):
        if i % 10 < 3:
            assert statuses[i] == 201, "sign-up %d answered %d: %r" % (i, statuses[i], a[-300:])
            refs.append(_json.loads(a.split(b"\r\n\r\n", 1)[1].decode())["reference"])
        else:
            assert statuses[i] == 200, "request %d answered %d" % (i, statuses[i])
    assert not probe_errors, "/healthz during the load: %s" % probe_errors[:3]
    deadline = time.monotonic() + 20
    while True:
        c = srv.sql()
        try:
            have = {r[0] for r in c.execute("SELECT reference FROM applications")}
        finally:
            c.close()
        lost = [r for r in refs if r not in have]
        if not lost or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not lost, "%d of %d acknowledged sign-ups are not in the database: %s" % (
        len(lost), len(refs), lost[:5])
    print("    abuse: 1,000 connections answered in %.1fs" % took)
    healthy(srv)
