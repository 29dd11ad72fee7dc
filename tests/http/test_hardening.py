"""Hardening: what an attacker on the network tried against a running server, each case as a
regression test. Stored column text survives its statement (program URLs in enrollment JSON and
on /me), form bodies are collected in linear memory, callers who may not use a route are
refused before their body is read, staff sign-in does not tell which accounts exist nor lets a
stranger lock the owner out, invalid UTF-8 and NUL bytes are refused by name, /metrics is for
loopback or a token, and the status lookup is rate-limited per address."""

import csv
import html as htmlmod
import io
import json
import os
import re
import socket
import time
import urllib.parse

from server import Server, find_csrf
from test_learner import api, cli, db, learner, one, sign_in, token

SERVER = {"smtp": True}

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CATALOG = os.path.join(ROOT, "data", "provider-catalog-export.csv")


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def catalog_slice(n, start=0):
    """n programs of the provider's real listing, each with the address of its page at the
    provider (the export itself has no URL column; the provider's addresses look like this)."""
    with open(CATALOG, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1 + start:1 + start + n]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header + ["url"])
    urls = {}
    paths = {"professional certificate": "professional-certificates",
             "specialization": "specializations", "guided project": "projects"}
    for r in body:
        kind = r[header.index("certificatetype")].strip().lower()
        url = "https://www.coursera.org/%s/%s?utm_source=ny-dol&amp;x=%d" % (
            paths.get(kind, "learn"), slugify(r[header.index("course")]), len(urls))
        urls[r[header.index("course")].strip()] = url
        w.writerow(r + [url])
    return out.getvalue(), urls


def reset_rss_peak(srv):
    """Starts VmHWM afresh from the present RSS (the start-up's own peak is not a request's)."""
    with open("/proc/%d/clear_refs" % srv.pid, "w") as f:
        f.write("5")


def rss_peak_kb(srv):
    with open("/proc/%d/status" % srv.pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM for the server")


# ---- stored text outlives its statement -------------------------------------------------------

def test_imported_program_urls_are_shown_byte_for_byte(srv):
    state = token(srv)
    text, urls = catalog_slice(12, start=40)
    r = api(srv, "POST", "/api/v1/imports/catalog", state, text, ctype="text/csv")
    assert r.status == 200, "catalog import: %d %s" % (r.status, r.text[:300])
    with db(srv) as c:
        progs = c.execute("SELECT slug, title, url FROM programs WHERE url LIKE "
                          "'https://www.coursera.org/%utm_source=ny-dol%' ORDER BY id").fetchall()
    assert len(progs) == len(urls), "imported programs with URLs: %r" % progs
    for slug, title, url in progs:
        assert urls[title] == url, "stored URL of %s: %r" % (title, url)
    lid, email = learner(srv, first="Marisol")
    area = token(srv)
    for slug, _, _ in progs[:6]:
        r = api(srv, "POST", "/api/v1/learners/%d/enrollments" % lid, area, {"program": slug})
        assert r.status in (200, 201), "enroll %s: %d %s" % (slug, r.status, r.text[:200])
        got = r.json()
        assert got["url"] == dict((p[0], p[2]) for p in progs)[slug], \
            "enrollment JSON url for %s: %r" % (slug, got["url"])
    want = dict((p[0], p[2]) for p in progs[:6])
    r = api(srv, "GET", "/api/v1/learners/%d" % lid, state)
    assert r.status == 200, r.text[:200]
    got = {e["program"]: e["url"] for e in r.json()["enrollments"]}
    assert got == want, "URLs in GET /api/v1/learners/%d:\n%r\nwant\n%r" % (lid, got, want)
    s = sign_in(srv, email)
    page = s.get("/me").text
    hrefs = set(htmlmod.unescape(h) for h in re.findall(r'href="(https://www\.coursera[^"]*)"',
                                                        page))
    assert set(want.values()) <= hrefs, "course links on /me: %r" % sorted(hrefs)


# ---- form bodies in linear memory -------------------------------------------------------------

MB = 1024 * 1024


def state_admin(srv, email="dana.whitfield@labor.ny.gov", password="Whitfield-2026-state"):
    """A browser session of a state admin (added on first use)."""
    if not one(srv, "SELECT COUNT(*) FROM staff WHERE email = ?", email):
        cli(srv, "staff", "add", email, "--role", "state_admin", "--password", password)
    s = srv.session()
    r = s.get("/admin/login")
    r = s.post_form("/admin/login", {"csrf": find_csrf(r.text), "next": "/admin",
                                     "email": email, "password": password})
    assert r.status == 303, "staff sign-in: %d" % r.status
    return s


def staff_server(srv):
    """A server of its own (so its peak memory is this test's) with a state admin signed in."""
    own = Server(srv.binary)
    own.start()
    return own, state_admin(own)


def curation_rows(nbytes):
    """A curation list as one would paste it: region, program slug, rank, industry."""
    out, i = io.StringIO(), 0
    while out.tell() < nbytes:
        out.write("capital-region,google-data-analytics-%d,%d,technology\r\n" % (i, i % 50 + 1))
        i += 1
    return out.getvalue()


def test_form_values_are_collected_in_linear_memory(srv):
    own, s = staff_server(srv)
    try:
        csrf = s.csrf("/admin/settings/curation")
        one_long = urllib.parse.urlencode({"csrf": csrf, "dry_run": "1",
                                           "file": curation_rows(2 * MB)})
        many_short = urllib.parse.urlencode([("csrf", csrf)] + [("region", "capital-region")] *
                                            (2 * MB // 22))
        for what, body in [("one long value", one_long), ("many short values", many_short)]:
            reset_rss_peak(own)
            t0 = time.monotonic()
            r = s.request("POST", "/admin/settings/curation/import", body,
                          {"Content-Type": "application/x-www-form-urlencoded",
                           "Origin": own.base_url})
            took = time.monotonic() - t0
            # (a body of tens of thousands of fields is refused as too large: 413)
            assert r.status in (200, 303, 422, 413), "%s: %d %s" % (what, r.status,
                                                                    r.text[:200])
            peak = rss_peak_kb(own) * 1024
            bound = 3 * len(body) + 64 * MB
            assert peak < bound, "posting %.1f MB as %s: the server peaked at %.0f MB (bound " \
                "%.0f MB), %.1f s" % (len(body) / MB, what, peak / MB, bound / MB, took)
            print("    %s, %.1f MB: peak RSS %.1f MB, %.2f s" % (what, len(body) / MB,
                                                                 peak / MB, took))
    finally:
        own.stop()


# ---- refused before the body is read ----------------------------------------------------------

def usage_rows(nbytes):
    """Provider usage report lines (what /api/v1/imports/usage takes), about nbytes of them."""
    head = ("Name,Email,External Id,Course,Course ID,Course Slug,University,Enrollment Time,"
            "Last Course Activity Time,Overall Progress,Completed\r\n")
    line = ("\"Whitfield, Dana\",dana.whitfield%d@example.org,NY%07d,Google Data Analytics,,"
            "google-data-analytics,Google,2026-02-01 10:00:00,2026-03-04T15:22:10.000Z,0.5,No\r\n")
    out, i = [head], 0
    size = len(head)
    while size < nbytes:
        out.append(line % (i, i))
        size += len(out[-1])
        i += 1
    return "".join(out).encode()


def upload(srv, path, declared, headers, first):
    """Sends the headers of an upload of `declared` bytes, then its first bytes and more (up to
    64 MB) while waiting for the answer. Returns (status line, seconds, bytes sent)."""
    sock = socket.create_connection((srv.host, srv.port), timeout=10)
    sent = 0
    try:
        head = "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Length: %d\r\n" % (
            path, srv.host, srv.port, declared)
        head += "".join("%s: %s\r\n" % kv for kv in headers.items()) + "\r\n"
        t0 = time.monotonic()
        sock.sendall(head.encode())
        sock.setblocking(False)
        got, closed = b"", False
        while b"\r\n" not in got and time.monotonic() - t0 < 10:
            try:
                data = sock.recv(4096)
                got += data
                if not data:
                    break
            except BlockingIOError:
                pass
            except ConnectionResetError:
                break
            if sent < 64 * MB and not closed:
                off = sent % len(first)
                try:
                    sent += sock.send(first[off:off + 65536])
                except BlockingIOError:
                    time.sleep(0.005)
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
        return got.split(b"\r\n", 1)[0].decode(errors="replace"), time.monotonic() - t0, sent
    finally:
        sock.close()


def test_callers_who_may_not_use_a_route_are_refused_before_the_body(srv):
    viewer = cli(srv, "token", "create", "--role", "area_viewer", "--area",
                 "new-york-city").stdout.decode().strip()
    body = usage_rows(MB)
    cases = [
        ("/api/v1/imports/usage", 200 * MB, {"Content-Type": "text/csv"}, "401"),
        ("/api/v1/imports/usage", 200 * MB, {"Content-Type": "text/csv",
                                             "Authorization": "Bearer " + "0" * 64}, "401"),
        ("/api/v1/imports/usage", 200 * MB, {"Content-Type": "text/csv",
                                             "Authorization": "Bearer " + viewer}, "403"),
        ("/api/v1/imports/catalog", 60 * MB, {"Content-Type": "text/csv"}, "401"),
        ("/admin/settings/curation/import", 8 * MB - 1024,
         {"Content-Type": "application/x-www-form-urlencoded"}, "303"),
    ]
    for path, declared, headers, want in cases:
        before = srv.rss_kb()
        status, took, sent = upload(srv, path, declared, headers, body)
        grew = (srv.rss_kb() - before) / 1024
        assert status.split(" ")[1:2] == [want] and took < 3, \
            "POST %s (%d MB declared, %s) without the right to: %r after %.1f s, %.0f MB " \
            "sent" % (path, declared // MB, ",".join(sorted(headers)), status, took, sent / MB)
        assert grew < 8, "POST %s: the server grew by %.0f MB while refusing it" % (path, grew)
    # the same caller with the right token is served as before
    r = api(srv, "POST", "/api/v1/imports/usage?dry_run=1", token(srv), body.decode(),
            ctype="text/csv")
    assert r.status in (200, 422), "usage import with a state admin token: %d %s" % (
        r.status, r.text[:200])
    assert srv.get("/healthz").status == 200



# ---- text that is not text --------------------------------------------------------------------

def audit_rows(srv):
    return one(srv, "SELECT COUNT(*) FROM audit_log")


def test_invalid_utf8_and_nul_are_refused_by_name(srv):
    lid, _ = learner(srv, first="Dolores", osos="NY1234567")
    tok = token(srv)
    s = state_admin(srv)
    note = "Called on Monday; entered in OSOS."
    r = s.post_form("/admin/learners/%d" % lid, {"csrf": s.csrf("/admin/learners/%d" % lid),
                                                 "osos_id": "NY1234567", "notes": note})
    assert r.status == 303, "saving a note: %d" % r.status
    csrf = s.csrf("/admin/learners/%d" % lid)  # (viewing a learner is audited too)
    before = (one(srv, "SELECT notes FROM learners WHERE id = ?", lid), audit_rows(srv))
    assert before[0] == note
    for what, raw in [("a Latin-1 byte", "Jos%E9 called back"), ("a NUL byte", "ok%00 hidden"),
                      ("an overlong slash", "a%C0%AFb")]:
        body = "csrf=%s&osos_id=NY1234567&notes=%s" % (urllib.parse.quote(csrf), raw)
        r = s.request("POST", "/admin/learners/%d" % lid, body,
                      {"Content-Type": "application/x-www-form-urlencoded",
                       "Origin": srv.base_url})
        text = htmlmod.unescape(r.text)
        assert r.status == 422 and "“notes”" in text, \
            "a note with %s: %d %s" % (what, r.status, re.sub(r"\s+", " ", text)[-400:])
        after = (one(srv, "SELECT notes FROM learners WHERE id = ?", lid), audit_rows(srv))
        assert after == before, "a note with %s changed %r into %r" % (what, before, after)
    # the JSON API: \u0000 in a string, and bytes that are not UTF-8
    for what, body in [("\\u0000", b'{"notes": "ok\\u0000 hidden"}'),
                       ("a Latin-1 byte", b'{"osos_id": "NY1234567", "notes": "Jos\xe9"}'),
                       ("a bad key", b'{"notes": "fine", "n\xe9": 1}')]:
        r = api(srv, "PATCH", "/api/v1/learners/%d" % lid, tok, body)
        assert r.status == 422, "PATCH with %s: %d %s" % (what, r.status, r.text[:300])
        fields = r.json()["error"].get("fields", {})
        assert "notes" in fields or (what == "a bad key" and fields), \
            "PATCH with %s names %r" % (what, fields)
    after = (one(srv, "SELECT notes FROM learners WHERE id = ?", lid), audit_rows(srv))
    assert after == before, "after the refused PATCHes: %r, before %r" % (after, before)
    r = api(srv, "GET", "/api/v1/learners/%d" % lid, tok)
    assert r.json().get("notes") == note, "notes after the refusals: %r" % r.json().get("notes")


def test_csv_fields_that_are_not_text_are_refused_by_line(srv):
    tok = token(srv)
    text, _ = catalog_slice(6, start=200)
    lines = text.encode().split(b"\r\n")
    lines[3] = lines[3].replace(b",", b" Caf\xe9,", 1)  # a Latin-1 byte in line 4's partner
    programs = one(srv, "SELECT COUNT(*) FROM programs")
    for mode in ("", "?partial=1"):
        r = api(srv, "POST", "/api/v1/imports/catalog" + mode, tok, b"\r\n".join(lines),
                ctype="text/csv")
        assert r.status == 422 and "line 4" in r.text and "partner" in r.text, \
            "catalog with a Latin-1 byte on line 4%s: %d %s" % (mode, r.status, r.text[:300])
        assert one(srv, "SELECT COUNT(*) FROM programs") == programs, "programs were stored"
    lid, email = learner(srv, first="Yesenia")
    slug = one(srv, "SELECT slug FROM programs ORDER BY id LIMIT 1")
    report = usage_rows(0).decode() + (
        "\"Ortiz, Yesenia\",%s,,Data,,%s,Google,2026-02-01 10:00:00,"
        "2026-03-04T15:22:10.000Z,0.5,No\r\n" % (email, slug))
    bad = report.encode().replace(b"Data", b"Da\x00ta")
    for mode in ("", "?partial=1"):
        r = api(srv, "POST", "/api/v1/imports/usage" + mode, tok, bad, ctype="text/csv")
        errs = r.json().get("errors", []) if r.status == 422 else []
        assert [e["line"] for e in errs] == [2] and "Course" in errs[0]["message"], \
            "usage report with a NUL on line 2%s: %d %s" % (mode, r.status, r.text[:300])
        assert one(srv, "SELECT COUNT(*) FROM enrollments WHERE learner_id = ?", lid) == 0


# ---- /metrics ---------------------------------------------------------------------------------

def outside_address():
    """An address of this machine that is not loopback, or None."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing address
        addr = s.getsockname()[0]
    except OSError:
        return None
    finally:
        s.close()
    return None if addr.startswith("127.") else addr


def test_metrics_are_for_this_host_or_the_metrics_token(srv):
    r = srv.get("/metrics")
    assert r.status == 200 and "skillgate_http_requests_total" in r.text, \
        "GET /metrics from loopback: %d" % r.status
    r = srv.request("GET", "/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert r.status == 403 and "skillgate_http" not in r.text, \
        "GET /metrics through a proxy on this host: %d" % r.status
    addr = outside_address()
    if not addr:  # a machine with loopback only: the checks above are all there is to see
        print("    no address other than loopback here: /metrics from another host not tried")
        return
    secret = "m3tr1cs-" + "7" * 40
    own = Server(srv.binary, env={"SKILLGATE_METRICS_TOKEN": secret})
    own.host = addr
    own.start()
    try:
        assert own.get("/healthz").status == 200
        for hdrs in [{}, {"Authorization": "Bearer wrong"},
                     {"Authorization": "Bearer " + secret[:-1]},
                     {"Authorization": "Basic " + secret}]:
            r = own.request("GET", "/metrics", headers=hdrs)
            assert r.status == 403 and "skillgate_http" not in r.text, \
                "GET /metrics from %s with %r: %d %s" % (addr, hdrs, r.status, r.text[:100])
        r = own.request("GET", "/metrics", headers={"Authorization": "Bearer " + secret})
        assert r.status == 200 and "skillgate_http_requests_total" in r.text, \
            "GET /metrics from %s with the metrics token: %d" % (addr, r.status)
    finally:
        own.stop()


# ---- status lookups and the Origin of forms ---------------------------------------------------

def test_status_lookups_are_limited_per_address(srv):
    lid, email = learner(srv, first="Guadalupe")
    ref = one(srv, "SELECT a.reference FROM applications a JOIN learners l ON "
                   "l.application_id = a.id WHERE l.id = ?", lid)
    assert ref, "the learner's request has a reference"
    cli(srv, "test-setting", "status_lookup_per_hour", "8")
    time.sleep(1.2)  # the server reads settings again at most once a second
    try:
        r = srv.get("/api/v1/applications/%s?email=%s" % (ref, urllib.parse.quote(email)))
        assert r.status == 200 and r.json()["reference"] == ref, r.text[:200]
        guesses = ["NY-%04d-ABCD" % i for i in range(7)]
        for g in guesses:
            r = srv.get("/api/v1/applications/%s?email=%s" % (g, urllib.parse.quote(email)))
            assert r.status == 404, "guess %s: %d" % (g, r.status)
        r = srv.get("/api/v1/applications/NY-9999-WXYZ?email=" + urllib.parse.quote(email))
        assert r.status == 429 and r.json()["error"]["code"] == "rate_limited" and \
            int(r.header("Retry-After", "0")) > 0, \
            "the 9th lookup in an hour from one address: %d %s" % (r.status, r.text[:200])
        # the right reference is refused too now, and so is the form: the limit is the address's
        r = srv.get("/api/v1/applications/%s?email=%s" % (ref, urllib.parse.quote(email)))
        assert r.status == 429, "the right reference after the limit: %d" % r.status
        s = srv.session()
        r = s.post_form("/status", {"csrf": s.csrf("/status"), "reference": ref,
                                    "email": email})
        assert r.status == 429 and "Too many requests" in r.text, \
            "the status form after the limit: %d" % r.status
    finally:
        cli(srv, "test-setting", "status_lookup_per_hour", "0")
        time.sleep(1.2)
    r = srv.get("/api/v1/applications/%s?email=%s" % (ref, urllib.parse.quote(email)))
    assert r.status == 200, "with the limit off: %d" % r.status


def raw_post(srv, path, headers, body):
    """A POST with exactly these headers (Host included), as a browser on another name sends
    it; returns the status."""
    head = "POST %s HTTP/1.1\r\nContent-Length: %d\r\nConnection: close\r\n" % (path, len(body))
    head += "".join("%s: %s\r\n" % kv for kv in headers.items()) + "\r\n"
    with socket.create_connection((srv.host, srv.port), timeout=10) as sock:
        sock.sendall(head.encode() + body.encode())
        got = b""
        while b"\r\n" not in got:
            data = sock.recv(4096)
            if not data:
                break
            got += data
    return int(got.split(b" ", 2)[1])


def test_form_origin_must_be_the_base_url_not_the_host(srv):
    s = srv.session()
    csrf = s.csrf("/status")
    body = urllib.parse.urlencode({"lang": "es", "next": "/", "csrf": csrf})
    form = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": s.cookie_header()}
    for name in ["skillgate.attacker.example:%d" % srv.port, "localhost:%d" % srv.port]:
        status = raw_post(srv, "/lang", dict(form, Host=name, Origin="http://" + name), body)
        assert status == 403, "a form from http://%s with Host %s: %d" % (name, name, status)
        status = raw_post(srv, "/lang", dict(form, Host=name, Referer="http://%s/faq" % name),
                          body)
        assert status == 403, "a form referred from http://%s/faq: %d" % (name, status)
    host = "%s:%d" % (srv.host, srv.port)
    status = raw_post(srv, "/lang", dict(form, Host=host, Origin=srv.base_url), body)
    assert status in (302, 303), "the same form from the site itself: %d" % status


# ---- staff sign-in: no account enumeration, no lockout by strangers ---------------------------

def sign_in_attempt(s, email, password):
    """One staff sign-in as a browser makes it: (status, page text without tokens, seconds)."""
    page = s.get("/admin/login")
    t0 = time.monotonic()
    r = s.post_form("/admin/login", {"csrf": find_csrf(page.text), "email": email,
                                     "password": password, "next": "/admin"}, origin=False)
    took = time.monotonic() - t0
    body = re.sub(r'name="csrf" value="[^"]*"', "", r.text).replace(email, "EMAIL")
    return r.status, body, took, r.header("Retry-After")


def test_staff_sign_in_answers_the_same_whether_the_account_exists(srv):
    state_admin(srv, "rosa.delgado@labor.ny.gov", "Delgado-Albany-2026")
    seen = {}
    for email in ["rosa.delgado@labor.ny.gov", "rosa.delgado2@labor.ny.gov"]:
        s = srv.session()
        seen[email] = [sign_in_attempt(s, email, "Delgado-Albany-%d" % i) for i in range(7)]
    known, unknown = seen.values()
    for i, (k, u) in enumerate(zip(known, unknown)):
        # (Retry-After counts down between the two runs: a second or two apart is the same)
        assert k[0] == u[0] and (k[3] is None) == (u[3] is None) and \
            abs(int(k[3] or 0) - int(u[3] or 0)) <= 3, \
            "attempt %d: %s/%s for the staff member, %s/%s for an unknown address" % (
                i + 1, k[0], k[3], u[0], u[3])
        assert k[1] == u[1], "attempt %d: the pages differ:\n%s\n---\n%s" % (
            i + 1, main_text_of(k[1]), main_text_of(u[1]))
    assert [k[0] for k in known] == [401] * 5 + [429] * 2, [k[0] for k in known]
    assert 0 < int(known[5][3]) <= 60, "the first wait: Retry-After %s" % known[5][3]
    # the unknown address spends the same hashing time (argon2id against a dummy hash)
    tk = sorted(k[2] for k in known[:5])[2]
    tu = sorted(u[2] for u in unknown[:5])[2]
    assert tu > tk / 3, "a wrong password takes %.3f s for the account, %.3f s for nobody" % (
        tk, tu)


def main_text_of(page):
    m = re.search(r"<main.*?</main>", page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(0) if m else page))[:600]


def from_address(srv, addr):
    """srv as seen from another local address (127.0.0.2: Linux routes all of 127/8 to lo),
    so the server's peer address is addr."""
    import copy
    import http.client
    from server import request as send
    other = copy.copy(srv)

    def req(method, path, body=None, headers=None, conn=None):
        c = http.client.HTTPConnection(srv.host, srv.port, timeout=10, source_address=(addr, 0))
        try:
            return send(srv.host, srv.port, method, path, body, headers, conn=c)
        finally:
            c.close()
    other.request = req
    return other


def test_a_stranger_cannot_lock_the_owner_out(srv):
    own = Server(srv.binary)
    own.start()
    try:
        email, password = "kwame.osei@labor.ny.gov", "Osei-Buffalo-2026!"
        cli(own, "staff", "add", email, "--role", "area_admin", "--area", "erie",
            "--password", password)
        stranger = own.session()  # from 127.0.0.1
        statuses = [sign_in_attempt(stranger, email, "guess-%d-password" % i)[0]
                    for i in range(8)]
        assert statuses == [401] * 5 + [429] * 3, "the stranger's guesses: %s" % statuses
        st, _, _, retry = sign_in_attempt(stranger, email, password)
        assert st == 429 and int(retry) > 0, "the stranger, right password: %d" % st
        owner = from_address(own, "127.0.0.2").session()
        st, body, _, _ = sign_in_attempt(owner, email, password)
        assert st == 303, "the owner from another address after a stranger's 8 guesses: " \
            "%d %s" % (st, main_text_of(body))
        assert owner.get("/admin").status == 200
        assert owner.cookies.get("sg_staff_device"), \
            "after signing in, the owner's browser has no device cookie: %r" % owner.cookies
        seen = one(own, "SELECT COUNT(*) FROM staff_login_attempts WHERE addr = '127.0.0.2' "
                        "AND ok = 1")
        assert seen == 1, "the owner's sign-in was not seen as coming from 127.0.0.2"
    finally:
        own.stop()


# ---- staff sign-in link by e-mail ------------------------------------------------------------

def staff_mail(srv, to, subject, timeout=15):
    return srv.wait_for_mail(lambda m: m["to"] == to and m["subject"] == subject, timeout=timeout)


def ask_for_link(s, email, csrf=True):
    """Asks for a staff sign-in link as a browser does: (status, page text without tokens)."""
    page = s.get("/admin/login/email")
    assert page.status == 200, "GET /admin/login/email: %d" % page.status
    fields = {"email": email}
    if csrf:
        fields["csrf"] = find_csrf(page.text)
    r = s.post_form("/admin/login/email", fields, origin=False)
    body = re.sub(r'name="csrf" value="[^"]*"', "", r.text).replace(email, "EMAIL")
    return r.status, body


def link_path(m):
    links = [l for l in m["links"] if "/admin/login/link?t=" in l]
    assert len(links) == 1, "the sign-in link in the e-mail: %s" % m["links"]
    return links[0][links[0].index("/admin/login/link"):]


def use_link(s, path, csrf=True):
    page = s.get(path)
    fields = {"t": urllib.parse.parse_qs(urllib.parse.urlparse(path).query)["t"][0]}
    if csrf:  # a link that does not work shows no form: the token of another page will do
        fields["csrf"] = find_csrf(page.text if 'name="csrf"' in page.text else
                                   s.get("/admin/login/email").text)
    return page, s.post_form("/admin/login/link", fields, origin=False)


def test_an_owner_held_back_by_guesses_from_many_addresses_signs_in_by_e_mail_link(srv):
    email, password = "amara.nwosu@labor.ny.gov", "Nwosu-Rochester-2026!"
    cli(srv, "staff", "add", email, "--role", "area_admin", "--area", "erie",
        "--password", password, "--name", "Amara Nwosu")
    # a stranger spreads 50 guesses over ten addresses: five each, below every per-address wait
    for i in range(10):
        stranger = from_address(srv, "127.0.1.%d" % (10 + i)).session()
        statuses = [sign_in_attempt(stranger, email, "guess-%d-%d-pw" % (i, k))[0]
                    for k in range(5)]
        assert statuses == [401] * 5, "guesses from 127.0.1.%d: %s" % (10 + i, statuses)
    owner = from_address(srv, "127.0.1.40").session()
    st, body, _, retry = sign_in_attempt(owner, email, password)
    assert st == 429 and int(retry) > 0, \
        "the owner on a new browser after 50 spread guesses: %d %s" % (st, main_text_of(body))
    assert "sign-in link by e-mail" in main_text_of(body), main_text_of(body)
    assert 'href="/admin/login/email"' in owner.get("/admin/login").text, \
        "the sign-in page has no way to ask for a link"

    st, body = ask_for_link(owner, email)
    assert st == 200 and "Check your e-mail" in body, "asking for a link: %d %s" % (
        st, main_text_of(body))
    path = link_path(staff_mail(srv, email, "Your staff sign-in link"))
    # opening the link (as a mail scanner does) does not use it up
    for _ in range(2):
        page = owner.get(path)
        assert page.status == 200 and "Press the button to finish signing in." in page.text, \
            "opening the link: %d %s" % (page.status, main_text_of(page.text))
    # the confirm form needs its CSRF token
    _, r = use_link(owner, path, csrf=False)
    assert r.status == 403, "confirming without the CSRF token: %d" % r.status
    assert owner.get("/admin").status != 200
    _, r = use_link(owner, path)
    assert r.status == 303 and r.header("Location").endswith("/admin"), \
        "confirming the link: %d %s" % (r.status, main_text_of(r.text))
    assert owner.get("/admin").status == 200, "signed in by the link, /admin is refused"
    assert owner.cookies.get("sg_staff_device"), "no device cookie after the link"
    staff_id = one(srv, "SELECT id FROM staff WHERE email = ?", email)
    audit = one(srv, "SELECT after_json FROM audit_log WHERE action = 'sign_in' AND "
                     "entity = 'staff' AND entity_id = ? ORDER BY id DESC LIMIT 1", str(staff_id))
    assert audit and json.loads(audit).get("method") == "link", "sign-in audit row: %r" % audit

    # the link works once, in any browser
    other = from_address(srv, "127.0.1.41").session()
    page, r = use_link(other, path)
    assert page.status == 200 and "This sign-in link does not work" in page.text, page.status
    assert r.status == 400 and "This sign-in link does not work" in r.text, r.status
    assert other.get("/admin").status != 200, "a used link signed in a second browser"
    # nor does the password guard stop the owner's browser any more (the device cookie)
    r = owner.post_form("/admin/logout", {"csrf": find_csrf(owner.get("/admin").text)},
                        origin=False)
    assert r.status == 303 and owner.get("/admin").status != 200, "signing out: %d" % r.status
    st, _, _, _ = sign_in_attempt(owner, email, password)
    assert st == 303, "the owner's password on the browser the link signed in: %d" % st


def test_staff_link_answers_the_same_for_unknown_addresses_and_sends_them_nothing(srv):
    email, unknown = "tomasz.kowalczyk@labor.ny.gov", "tomasz.kowalski@labor.ny.gov"
    cli(srv, "staff", "add", email, "--role", "area_viewer", "--area", "erie",
        "--password", "Kowalczyk-Buffalo-2026")
    s = from_address(srv, "127.0.2.1").session()
    known = ask_for_link(s, email)
    nobody = ask_for_link(s, unknown)
    assert known[0] == nobody[0] == 200, (known[0], nobody[0])
    assert known[1] == nobody[1], "the answers differ:\n%s\n---\n%s" % (
        main_text_of(known[1]), main_text_of(nobody[1]))
    staff_mail(srv, email, "Your staff sign-in link")
    time.sleep(1.5)
    assert not [m for m in srv.messages() if m["to"] == unknown], "mail to an unknown address"
    assert one(srv, "SELECT COUNT(*) FROM outbox WHERE to_addr = ?", unknown) == 0

    # without its CSRF token the request form is refused and nothing is sent
    st, _ = ask_for_link(s, email, csrf=False)
    assert st == 403, "asking for a link without the CSRF token: %d" % st

    # an expired link is refused, opened or pressed
    before = len([m for m in srv.messages() if m["to"] == email])
    assert ask_for_link(s, email)[0] == 200
    m = srv.wait_for_mail(lambda m: m["to"] == email and
                          len([x for x in srv.messages() if x["to"] == email]) > before, 15)
    path = [link_path(x) for x in srv.messages() if x["to"] == email][-1]
    execute_sql(srv, "UPDATE staff_login_links SET expires_at = '2026-01-01T00:00:00Z' "
                     "WHERE used_at IS NULL AND staff_id = (SELECT id FROM staff WHERE email = ?)",
                email)
    page, r = use_link(s, path)
    assert "This sign-in link does not work" in page.text and r.status == 400, (
        page.status, r.status)
    assert s.get("/admin").status != 200, "an expired link signed in"

    # a deactivated account gets the same answer and no link
    gone = "retired.staffer@labor.ny.gov"
    cli(srv, "staff", "add", gone, "--role", "area_viewer", "--area", "erie",
        "--password", "Retired-Staffer-2026")
    execute_sql(srv, "UPDATE staff SET active = 0 WHERE email = ?", gone)
    st, body = ask_for_link(from_address(srv, "127.0.2.2").session(), gone)
    assert st == 200 and body == nobody[1], "a deactivated account: %d" % st
    time.sleep(1.5)
    assert not [x for x in srv.messages() if x["to"] == gone], "mail to a deactivated account"
    assert one(srv, "SELECT COUNT(*) FROM outbox WHERE to_addr = ?", gone) == 0


def test_staff_link_requests_are_limited_per_address_and_account(srv):
    email = "ines.carvalho@labor.ny.gov"
    cli(srv, "staff", "add", email, "--role", "state_admin", "--password", "Carvalho-Albany-2026")
    # three links an hour per account, from any addresses; more get the same answer, no mail
    for i in range(5):
        st, body = ask_for_link(from_address(srv, "127.0.3.%d" % (1 + i)).session(), email)
        assert st == 200 and "Check your e-mail" in body, "request %d: %d" % (i + 1, st)
    queued = one(srv, "SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND kind = "
                      "'staff_login_link'", email)
    assert queued == 3, "links sent for 5 requests in an hour: %d" % queued
    deadline = time.time() + 15
    while len([m for m in srv.messages() if m["to"] == email]) < 3:
        assert time.time() < deadline, "the three links did not arrive in 15 s"
        time.sleep(0.1)
    # ten requests an hour per client address, whatever the accounts: then 429
    s = from_address(srv, "127.0.3.50").session()
    statuses = [ask_for_link(s, "nobody.%d@labor.ny.gov" % i)[0] for i in range(11)]
    assert statuses == [200] * 10 + [429], statuses
    page = s.get("/admin/login/email")
    r = s.post_form("/admin/login/email", {"csrf": find_csrf(page.text), "email": email},
                    origin=False)
    assert r.status == 429 and 0 < int(r.header("Retry-After")) <= 3600, (
        r.status, r.header("Retry-After"))


def execute_sql(srv, sql, *args):
    with db(srv) as c:
        c.execute(sql, args)


def test_query_parameters_that_are_not_text_are_refused_by_name(srv):
    for path in ["/api/v1/programs?q=Caf%E9", "/catalog?q=data&level=%C0%AF"]:
        r = srv.get(path)
        name = "q" if "Caf" in path else "level"
        assert r.status == 422 and ("“%s”" % name) in htmlmod.unescape(r.text), \
            "GET %s: %d %s" % (path, r.status, main_text_of(r.text))
    assert srv.get("/api/v1/programs?q=Caf%C3%A9").status == 200
