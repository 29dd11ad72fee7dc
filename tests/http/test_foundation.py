"""The foundation: pages in two languages, health and metrics, security headers, errors in
the right shape, static files, compression, keep-alive, memory, shutdown and the access log."""

import gzip
import os
import re
import signal
import socket
import time
import urllib.parse
import uuid

import prometheus
from checks import main_text, methods, normalize_html, security_header_problems, title
from server import Server, find_csrf

SERVER = {"seed": True}
PAGES = ["/", "/faq", "/help"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FORM = "application/x-www-form-urlencoded"


def is_html(r):
    ct = r.header("Content-Type", "")
    return ct.lower().replace(" ", "").startswith("text/html;charset=utf-8")


def test_pages_answer_in_english_by_default(srv):
    for p in PAGES:
        r = srv.get(p)
        assert r.status == 200, "GET %s: status %d, want 200" % (p, r.status)
        assert is_html(r), "GET %s: Content-Type %r, want text/html; charset=utf-8" % (p, r.header("Content-Type"))
        assert r.html_lang() == "en", "GET %s: <html lang=%r>, want en" % (p, r.html_lang())
        assert title(r.text), "GET %s: no <title> text" % p
        assert main_text(r.text), "GET %s: no text inside <main>" % p


def test_lang_query_switches_to_spanish(srv):
    for p in PAGES:
        en = srv.get(p)
        es = srv.get(p + "?lang=es")
        assert es.status == 200, "GET %s?lang=es: status %d" % (p, es.status)
        assert es.html_lang() == "es", "GET %s?lang=es: <html lang=%r>, want es" % (p, es.html_lang())
        assert main_text(es.text) != main_text(en.text), \
            "GET %s?lang=es: the text in <main> is the same as in English: %r" % (p, main_text(es.text)[:200])
        assert title(es.text) != title(en.text), "GET %s?lang=es: the <title> is still %r" % (p, title(es.text))


def test_lang_choice_is_remembered_in_a_cookie(srv):
    s = srv.session()
    r = s.get("/?lang=es")
    assert s.cookies.get("lang") == "es", \
        "GET /?lang=es set no lang=es cookie; Set-Cookie: %r" % r.headers.get_all("Set-Cookie")
    r = s.get("/faq")
    assert r.html_lang() == "es", "after ?lang=es, GET /faq is in %r, want es" % r.html_lang()
    r = s.get("/help", headers={"Accept-Language": "en-US,en;q=0.9", "Cookie": s.cookie_header()})
    assert r.html_lang() == "es", "the lang cookie should win over Accept-Language: en; page is %r" % r.html_lang()
    r = s.get("/faq?lang=en")
    assert r.html_lang() == "en", "GET /faq?lang=en with cookie lang=es: page is %r" % r.html_lang()
    assert s.cookies.get("lang") == "en", "?lang=en did not update the cookie: %r" % r.headers.get_all("Set-Cookie")
    r = s.get("/")
    assert r.html_lang() == "en", "after ?lang=en, GET / is in %r" % r.html_lang()


def test_accept_language_picks_spanish(srv):
    cases = [
        ("es", "es"),
        ("es-US,es;q=0.9,en;q=0.8", "es"),
        ("es-419", "es"),
        ("fr-FR,fr;q=0.9,es;q=0.8", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("fr-FR,fr;q=0.9", "en"),
        ("", "en"),
    ]
    for al, want in cases:
        r = srv.get("/", headers={"Accept-Language": al})
        assert r.status == 200 and r.html_lang() == want, \
            "GET / with Accept-Language %r: status %d, <html lang=%r>, want %s" % (al, r.status, r.html_lang(), want)


def test_healthz(srv):
    r = srv.get("/healthz")
    assert r.status == 200, "GET /healthz: status %d" % r.status
    assert r.text.strip() == "ok", "GET /healthz: body %r, want ok" % r.body[:100]
    assert r.header("Content-Type", "").startswith("text/plain"), \
        "GET /healthz: Content-Type %r" % r.header("Content-Type")


def scrape(srv):
    r = srv.get("/metrics")
    assert r.status == 200, "GET /metrics: status %d" % r.status
    assert r.header("Content-Type", "").startswith("text/plain"), \
        "GET /metrics: Content-Type %r, want text/plain; version=0.0.4" % r.header("Content-Type")
    try:
        return prometheus.parse(r.text)
    except prometheus.FormatError as e:
        raise AssertionError("GET /metrics is not valid Prometheus text: %s" % e)


def total(family, **labels):
    return sum(v for _, v in family.select(**labels))


def test_metrics(srv):
    for _ in range(3):
        srv.get("/")
    srv.get("/no-such-page-for-metrics")
    fams = scrape(srv)
    c = fams.get("skillgate_http_requests_total")
    assert c is not None and c.type == "counter", \
        "no counter skillgate_http_requests_total in /metrics (families: %s)" % sorted(fams)
    assert c.help, "skillgate_http_requests_total has no HELP text"
    assert c.samples, "skillgate_http_requests_total has no samples after 4 requests"
    for _, labels, _ in c.samples:
        assert "route" in labels and "status" in labels, \
            "skillgate_http_requests_total sample without route and status labels: %s" % labels
    ok_before = total(c, status="200")
    assert ok_before >= 3, "3 GET / answered 200, but status=\"200\" counts only %g" % ok_before
    assert total(c, status="404") >= 1, "a 404 was answered, but no status=\"404\" sample counts it"

    h = fams.get("skillgate_http_request_duration_seconds")
    assert h is not None and h.type == "histogram", \
        "no histogram skillgate_http_request_duration_seconds (families: %s)" % sorted(fams)
    assert h.help, "skillgate_http_request_duration_seconds has no HELP text"
    inf = h.select("_bucket", le="+Inf")
    assert inf, "skillgate_http_request_duration_seconds has no le=\"+Inf\" bucket"
    assert len(h.select("_bucket")) > len(inf), "the duration histogram has only the +Inf bucket"
    assert sum(v for _, v in h.select("_count")) >= 4, "the duration histogram counted fewer than 4 requests"
    assert h.select("_sum"), "the duration histogram has no _sum"

    g = fams.get("skillgate_http_requests_in_flight")
    assert g is not None and g.type == "gauge", \
        "no gauge skillgate_http_requests_in_flight (families: %s)" % sorted(fams)
    assert g.help, "skillgate_http_requests_in_flight has no HELP text"
    assert len(g.samples) == 1, "skillgate_http_requests_in_flight should be one sample: %s" % g.samples
    v = g.samples[0][2]
    assert v >= 0 and v == int(v), "requests in flight is %r, want a count" % v

    for _ in range(5):
        srv.get("/faq")
    c2 = scrape(srv)["skillgate_http_requests_total"]
    ok_after = total(c2, status="200")
    assert ok_after >= ok_before + 5, \
        "after 5 more GET /faq, status=\"200\" went from %g to %g" % (ok_before, ok_after)


def test_security_headers_on_every_response(srv):
    s = srv.session()
    responses = [s.get(p) for p in PAGES]
    responses += [s.get("/?lang=es"), srv.get("/healthz"), srv.get("/metrics"),
                  srv.get("/no-such-page"), srv.get("/api/v1/nope"),
                  srv.request("DELETE", "/"),
                  s.post_form("/lang", {"lang": "es", "next": "/"})]
    css = srv.get("/static/style.css")
    responses += [css, srv.get("/static/style.css", headers={"If-None-Match": css.header("ETag", '"x"')}),
                  srv.get("/static/no-such-file.css")]
    problems = [p for r in responses for p in security_header_problems(r)]
    assert not problems, "\n".join(problems)


def test_unknown_route_is_a_404_page_in_the_right_language(srv):
    for path, headers, want in [
        ("/no-such-page", {}, "en"),
        ("/no-such-page?lang=es", {}, "es"),
        ("/no-such-page", {"Accept-Language": "es-US,es;q=0.9"}, "es"),
        ("/faq/extra/part", {}, "en"),
    ]:
        r = srv.get(path, headers=headers)
        assert r.status == 404, "GET %s %s: status %d, want 404" % (path, headers, r.status)
        assert is_html(r), "GET %s: Content-Type %r, want HTML" % (path, r.header("Content-Type"))
        assert r.html_lang() == want, "GET %s %s: <html lang=%r>, want %s" % (path, headers, r.html_lang(), want)
        assert main_text(r.text), "GET %s: the 404 page says nothing in <main>" % path
    en = main_text(srv.get("/no-such-page").text)
    es = main_text(srv.get("/no-such-page?lang=es").text)
    assert en != es, "the 404 page's text is not translated: %r" % es[:200]


def test_unknown_api_route_is_a_404_json_error(srv):
    for path in ["/api/v1/nope", "/api/v1/nope?lang=es", "/api/v1/"]:
        r = srv.get(path, headers={"Accept": "text/html"})
        assert r.status == 404, "GET %s: status %d, want 404" % (path, r.status)
        ct = r.header("Content-Type", "")
        assert ct.startswith("application/json"), "GET %s: Content-Type %r, want application/json" % (path, ct)
        try:
            j = r.json()
        except ValueError as e:
            raise AssertionError("GET %s: body is not JSON (%s): %r" % (path, e, r.body[:200]))
        err = j.get("error") if isinstance(j, dict) else None
        assert isinstance(err, dict), "GET %s: want {\"error\":{...}}, got %r" % (path, j)
        for k in ("code", "message"):
            assert isinstance(err.get(k), str) and err[k], "GET %s: error.%s missing or empty: %r" % (path, k, j)


def test_wrong_method_is_405_with_allow(srv):
    for method, path in [("DELETE", "/"), ("PUT", "/faq"), ("POST", "/help")]:
        r = srv.request(method, path, body=b"" if method != "DELETE" else None,
                        headers={"Content-Type": FORM, "Origin": srv.base_url})
        assert r.status == 405, "%s %s: status %d, want 405" % (method, path, r.status)
        allow = methods(r.header("Allow"))
        assert "GET" in allow and method not in allow, \
            "%s %s: Allow is %r, want GET listed and %s not" % (method, path, r.header("Allow"), method)


def send_chunked(srv, path, headers, chunks):
    """POSTs with Transfer-Encoding: chunked; returns (status, body) or raises OSError."""
    conn = srv.connection()
    try:
        conn.putrequest("POST", path, skip_accept_encoding=True)
        for k, v in headers.items():
            conn.putheader(k, v)
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        try:
            for c in chunks:
                conn.send(b"%x\r\n%s\r\n" % (len(c), c))
            conn.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def test_oversized_form_is_413(srv):
    s = srv.session()
    token = find_csrf(s.get("/").text) or ""
    body = urllib.parse.urlencode({"lang": "es", "next": "/", "csrf": token}) + "&pad=" + "a" * (2 << 20)
    headers = {"Content-Type": FORM, "Origin": srv.base_url, "Cookie": s.cookie_header()}
    r = srv.request("POST", "/lang", body, headers)
    assert r.status == 413, "POST /lang with a 2 MB body: status %d, want 413" % r.status
    problems = security_header_problems(r)
    assert not problems, "\n".join(problems)
    status, _ = send_chunked(srv, "/lang", headers, [b"pad=" + b"a" * 65536] * 32)
    assert status == 413, "POST /lang with a 2 MB chunked body: status %d, want 413" % status
    r = srv.get("/healthz")
    assert r.status == 200, "after the 2 MB bodies, /healthz answers %d" % r.status


def test_form_post_without_csrf_is_403(srv):
    s = srv.session()
    s.get("/")
    r = s.post_form("/lang", {"lang": "es", "next": "/"})
    assert r.status == 403, "POST /lang without csrf: status %d, want 403" % r.status
    r = s.post_form("/lang", {"lang": "es", "next": "/", "csrf": "forged"})
    assert r.status == 403, "POST /lang with csrf=forged: status %d, want 403" % r.status
    other = srv.session()
    theirs = other.csrf("/help")
    mine = s.csrf("/help")
    assert theirs != mine, "two visitors got the same csrf token %r" % mine
    r = s.post_form("/lang", {"lang": "es", "next": "/", "csrf": theirs})
    assert r.status == 403, "POST /lang with another visitor's csrf token: status %d, want 403" % r.status
    r = s.post_form("/lang", {"lang": "es", "next": "/", "csrf": mine}, origin=False,
                    headers={"Origin": "http://attacker.invalid"})
    assert r.status == 403, "POST /lang from another Origin: status %d, want 403" % r.status
    assert s.cookies.get("lang") != "es", "a refused POST /lang still set the lang cookie"


def test_language_form_switches_language(srv):
    s = srv.session()
    token = s.csrf("/help")
    r = s.post_form("/lang", {"lang": "es", "next": "/faq", "csrf": token})
    assert r.status in (302, 303), "POST /lang with a valid csrf: status %d, want a redirect" % r.status
    loc = r.header("Location", "")
    assert urllib.parse.urlsplit(loc).path == "/faq", "POST /lang next=/faq redirected to %r" % loc
    assert s.cookies.get("lang") == "es", "POST /lang lang=es set no lang=es cookie: %r" % r.headers.get_all("Set-Cookie")
    r = s.get("/faq")
    assert r.html_lang() == "es", "after POST /lang lang=es, /faq is in %r" % r.html_lang()
    r = s.post_form("/lang", {"lang": "en", "next": "https://attacker.invalid/x", "csrf": s.csrf("/help")})
    loc = r.header("Location", "")
    assert r.status in (302, 303) and "attacker.invalid" not in loc, \
        "POST /lang with next=https://attacker.invalid/x redirected to %r (an open redirect)" % loc


def secret_snippets():
    """Lines that would show a file's content leaked through /static/."""
    out = ["root:x:0:0"]
    for name in ("README.md", "Makefile", "package.json"):
        try:
            with open(os.path.join(ROOT, name), encoding="utf-8", errors="replace") as f:
                lines = [l.strip() for l in f.read().splitlines()[:30] if len(l.strip()) > 12]
            out += sorted(lines, key=len)[-2:]
        except OSError:
            pass
    return out


def test_static_path_traversal_is_refused(srv):
    snippets = secret_snippets()
    for path in ["/static/..%2f..%2fetc/passwd", "/static/../README.md", "/static/x%00.css",
                 "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/Makefile",
                 "/static/..%5c..%5cpackage.json", "/static/../../../../../../etc/passwd",
                 "/static//etc/passwd", "/static/.%2e/package.json", "/static/style.css%00.txt"]:
        r = srv.get(path)
        assert r.status in (400, 404), "GET %s: status %d, want 400 or 404" % (path, r.status)
        leaked = [s for s in snippets if s in r.text]
        assert not leaked, "GET %s leaked file content: %r" % (path, leaked[:2])
    assert srv.get("/healthz").status == 200, "the server stopped answering after the traversal attempts"


def max_age(cc):
    m = re.search(r"\bmax-age=(\d+)", cc or "")
    return int(m.group(1)) if m else 0


def test_static_asset_is_cacheable(srv):
    r = srv.get("/static/style.css")
    assert r.status == 200, "GET /static/style.css: status %d" % r.status
    assert r.header("Content-Type", "").startswith("text/css"), "style.css Content-Type %r" % r.header("Content-Type")
    etag = r.header("ETag")
    assert etag and re.fullmatch(r'(W/)?"[^"]+"', etag), "style.css ETag is %r, want a quoted tag" % etag
    cc = r.header("Cache-Control", "")
    assert max_age(cc) >= 30 * 86400, "style.css Cache-Control is %r, want max-age of 30 days or more" % cc
    r2 = srv.get("/static/style.css", headers={"If-None-Match": etag})
    assert r2.status == 304, "If-None-Match with the ETag: status %d, want 304" % r2.status
    assert r2.body == b"", "the 304 has a body of %d bytes" % len(r2.body)
    assert r2.header("ETag") == etag, "the 304 carries ETag %r, want %r" % (r2.header("ETag"), etag)
    r3 = srv.get("/static/style.css", headers={"If-None-Match": '"not-this-one"'})
    assert r3.status == 200 and r3.body == r.body, "If-None-Match with another tag: status %d" % r3.status


def test_gzip_when_accepted(srv):
    s = srv.session()
    s.get("/")
    for p in ["/", "/faq", "/static/style.css"]:
        plain = s.get(p)
        assert plain.header("Content-Encoding") in (None, "identity"), \
            "GET %s without Accept-Encoding came with Content-Encoding %r" % (p, plain.header("Content-Encoding"))
        gz = s.get(p, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert gz.status == 200, "GET %s (gzip): status %d" % (p, gz.status)
        assert gz.header("Content-Encoding") == "gzip", \
            "GET %s with Accept-Encoding: gzip: Content-Encoding %r, want gzip" % (p, gz.header("Content-Encoding"))
        vary = [v.strip().lower() for v in ",".join(gz.headers.get_all("Vary") or []).split(",")]
        assert "accept-encoding" in vary, "GET %s gzip response lacks Vary: Accept-Encoding (Vary: %r)" % (p, vary)
        try:
            body = gzip.decompress(gz.body)
        except (OSError, EOFError) as e:
            raise AssertionError("GET %s: gzip body does not decompress: %s" % (p, e))
        assert len(gz.body) < len(body), "GET %s: gzip body (%d) is not smaller than the page (%d)" % (p, len(gz.body), len(body))
        a, b = normalize_html(body.decode("utf-8", "replace")), normalize_html(plain.text)
        assert a == b, "GET %s: gzip body decompresses to something else than the plain body (%d vs %d bytes)" % (p, len(a), len(b))


def test_keep_alive(srv):
    conn = srv.connection()
    first = None
    try:
        for p in ["/", "/faq", "/help", "/healthz", "/static/style.css", "/no-such-page", "/?lang=es", "/metrics", "/"]:
            r = srv.get(p, conn=conn)
            assert r.status in (200, 404), "GET %s on a kept-alive connection: status %d" % (p, r.status)
            assert r.version == 11, "GET %s answered HTTP/%s, want 1.1" % (p, r.version / 10)
            assert conn.sock is not None, "the server closed the connection after GET %s (Connection: %r)" % (
                p, r.header("Connection"))
            first = first or conn.sock
            assert conn.sock is first, "the connection was reopened before GET %s" % p
    finally:
        conn.close()


def test_memory_stays_flat_over_20000_requests(srv):
    paths = ["/", "/faq", "/help", "/?lang=es", "/faq?lang=en", "/no-such-page", "/static/style.css",
             "/healthz", "/api/v1/nope"]
    conn = srv.connection()
    s = srv.session()

    deadline = time.monotonic() + 120

    def run(n):
        for i in range(n):
            if i % 1000 == 0:
                assert time.monotonic() < deadline, "too slow: the requests took over 120s (%d of %d done)" % (i, n)
            if i % 50 == 49:
                r = s.post_form("/lang", {"lang": "es", "next": "/"})  # refused: no csrf
            else:
                r = srv.get(paths[i % len(paths)], conn=conn)
            assert r.status < 500, "GET %s: status %d" % (r.path, r.status)
    try:
        run(3000)
        before = srv.rss_kb()
        t0 = time.monotonic()
        run(20000)
        took = time.monotonic() - t0
        after = srv.rss_kb()
    finally:
        conn.close()
    grew = after - before
    # Under AddressSanitizer the allocator keeps its own pools, so RSS says little; leaks are
    # caught there by LeakSanitizer at exit instead, and this bound is only loosened.
    limit = 12 * 1024 if os.environ.get("TIER", "").startswith("asan") else 3 * 1024
    assert grew < limit, "RSS grew by %d KiB (%d -> %d) over 20,000 requests (%.1fs); want < %d KiB" % (
        grew, before, after, took, limit)


def test_access_log_has_a_line_per_request(srv):
    marker = uuid.uuid4().hex[:12]
    start = len(srv.stderr_lines())
    paths = ["/no-such-page-%s-%d" % (marker, i) for i in range(5)]
    for p in paths:
        srv.get(p)
    srv.request("DELETE", "/faq?x=%s" % marker)
    srv.get("/help")
    deadline = time.monotonic() + 5
    while True:  # the log is written after the response is sent: give it a moment
        new = srv.stderr_lines()[start:]
        if any("/help" in l for l in new) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    for p in paths:
        lines = [l for l in new if p in l]
        assert len(lines) == 1, "want one access-log line for GET %s, found %d:\n%s" % (p, len(lines), "\n".join(new[-10:]))
        assert "GET" in lines[0] and re.search(r"\b404\b", lines[0]), \
            "the access-log line for GET %s should give the method and status 404: %r" % (p, lines[0])
    assert any("DELETE" in l and re.search(r"\b405\b", l) for l in new), \
        "no access-log line for DELETE /faq with status 405; new lines:\n%s" % "\n".join(new[-10:])
    assert any("/help" in l and re.search(r"\b200\b", l) for l in new), \
        "no access-log line for GET /help with status 200; new lines:\n%s" % "\n".join(new[-10:])
    assert len(new) >= 7, "7 requests made only %d new stderr lines" % len(new)


def test_sigterm_exits_0_promptly_with_an_idle_connection(srv):
    other = Server(srv.binary).start()
    try:
        conn = other.connection()
        r = other.get("/", conn=conn)  # the connection stays open, idle
        assert r.status == 200, "GET / on a second server: status %d" % r.status
        t0 = time.monotonic()
        other.signal(signal.SIGTERM)
        code = other.wait(15)
        took = time.monotonic() - t0
        conn.close()
        assert code == 0, "SIGTERM: exit code %s, want 0; stderr:\n%s" % (code, other.stderr_tail(10))
        assert took < 5, "SIGTERM with an idle keep-alive connection took %.1fs to exit, want < 5s" % took
    finally:
        other.stop()


def test_sigterm_finishes_the_request_in_flight(srv):
    other = Server(srv.binary).start()
    try:
        body = b"lang=es&next=%2F&csrf=not-a-token"
        sock = socket.create_connection((other.host, other.port), timeout=10)
        head = ("POST /lang HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: %s\r\nOrigin: %s\r\n"
                "Content-Length: %d\r\nConnection: close\r\n\r\n"
                % (other.host, other.port, FORM, other.base_url, len(body))).encode()
        sock.sendall(head + body[:10])
        time.sleep(0.3)
        other.signal(signal.SIGTERM)
        time.sleep(0.5)
        try:
            sock.sendall(body[10:])
            data = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except OSError as e:
            raise AssertionError("the request in flight at SIGTERM was cut off: %s" % e)
        finally:
            sock.close()
        status = data.split(b"\r\n", 1)[0]
        assert re.match(rb"HTTP/1\.[01] 403 ", status), \
            "the request in flight at SIGTERM got %r, want its answer (403: bad csrf)" % status
        code = other.wait(15)
        assert code == 0, "SIGTERM: exit code %s, want 0; stderr:\n%s" % (code, other.stderr_tail(10))
    finally:
        other.stop()


def test_restart_after_kill_9(srv):
    other = Server(srv.binary, seed=True).start()
    try:
        assert other.get("/").status == 200
        code = other.kill()
        assert code == -signal.SIGKILL, "kill -9: exit %s" % code
        other.start()  # same database, after a crash
        r = other.get("/faq?lang=es")
        assert r.status == 200 and r.html_lang() == "es", \
            "after kill -9 and a restart on the same database, GET /faq?lang=es: %d %r" % (r.status, r.html_lang())
        assert other.stop() == 0, "the restarted server did not exit 0 on SIGTERM"
    finally:
        other.stop()
