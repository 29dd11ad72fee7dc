"""Behind a proxy: with SKILLGATE_TRUSTED_PROXIES naming the proxy, the per-address sign-up
limit counts each person's address from X-Forwarded-For (the rightmost one the proxy added),
so one busy address does not block everyone else; without the setting the header is ignored,
so a forged one cannot escape the limit. /metrics is not served to a forwarded client without
the token, and a malformed list stops the server at start-up with a message naming the entry.
Here the test client is the proxy: it connects from 127.0.0.1 and writes the header itself."""

import json
import os
import subprocess
import time

from server import Server
from test_hardening import main_text_of, sign_in_attempt
from test_signup import cli, person, setting, wait_stored

SERVER = {"env": {"SKILLGATE_TRUSTED_PROXIES": "127.0.0.1, 10.8.0.0/16"}}
JSON = {"Content-Type": "application/json"}


def sign_up(srv, forwarded_for=None):
    """POST /api/v1/applications as a browser behind the proxy would; the status, and the
    reference of a 201 once the application is written."""
    h = dict(JSON)
    if forwarded_for is not None:
        h["X-Forwarded-For"] = forwarded_for
    r = srv.request("POST", "/api/v1/applications", json.dumps(person()), h)
    if r.status != 201:
        return r.status, None
    ref = r.json()["reference"]
    assert wait_stored(srv, ref), "the application %s was not written within 5 s" % ref
    return r.status, ref


def logged(srv, path, timeout=5):
    """The last access-log line for path, as a dict (the log is read from stderr as it comes)."""
    deadline = time.time() + timeout
    while True:
        for line in reversed(srv.stderr_lines()):
            if line.startswith("{") and '"path":%s' % json.dumps(path) in line:
                return json.loads(line)
        if time.time() > deadline:
            return None
        time.sleep(0.05)


def test_signups_are_limited_per_forwarded_address(srv):
    setting(srv, "signup_rate_per_hour", 2)
    try:
        busy, other = "203.0.113.57", "198.51.100.23"
        codes = [sign_up(srv, busy)[0] for _ in range(2)]
        assert codes == [201, 201], "the first 2 sign-ups from %s: %s" % (busy, codes)
        r = srv.request("POST", "/api/v1/applications", json.dumps(person()),
                        dict(JSON, **{"X-Forwarded-For": busy}))
        assert r.status == 429 and r.json()["error"]["code"] == "rate_limited", \
            "the 3rd sign-up in the hour from %s: %d %s" % (busy, r.status, r.text)
        # writing another address left of the proxy's entry does not make a new person
        s, _ = sign_up(srv, "192.0.2.200, " + busy)
        assert s == 429, "a client-written address before the proxy's entry escaped the limit: %d" % s
        # a second proxy in the chain (10.8.x.x is trusted) is skipped
        s, _ = sign_up(srv, busy + ", 10.8.3.4")
        assert s == 429, "the address behind a second trusted proxy was not the one counted: %d" % s
        # someone else behind the same proxy is not blocked by the busy address
        s, _ = sign_up(srv, other)
        assert s == 201, "a sign-up from %s while %s is over the limit: %d" % (other, busy, s)
        # an IPv6 client, however the proxy writes the address, is one address
        codes = [sign_up(srv, a)[0] for a in ("2001:DB8:0:7::1", "2001:db8:0:7:0:0:0:1", "2001:db8:0:7::1")]
        assert codes == [201, 201, 429], "an IPv6 client behind the proxy: %s" % codes
        # a malformed entry: only the proxy's own address is sure, so it counts for 127.0.0.1
        codes = [sign_up(srv, busy + ", unknown")[0] for _ in range(2)] + [sign_up(srv)[0]]
        assert codes == [201, 201, 429], \
            "two sign-ups with a malformed X-Forwarded-For, then one from the proxy itself: %s" % codes
        srv.request("GET", "/no-such-page-behind-the-proxy", headers={"X-Forwarded-For": other})
        line = logged(srv, "/no-such-page-behind-the-proxy") or {}
        assert line.get("ip") == other and line.get("via") == "127.0.0.1", \
            "the access log names %r via %r, not the forwarded client via the proxy" % (
                line.get("ip"), line.get("via"))
        srv.get("/no-such-page-without-the-proxy")
        line = logged(srv, "/no-such-page-without-the-proxy") or {}
        assert line.get("ip") == "127.0.0.1" and "via" not in line, \
            "a request with no X-Forwarded-For is logged as %r" % line
    finally:
        setting(srv, "signup_rate_per_hour", 0)


def behind_proxy(srv, client):
    """srv as a browser at address client sees it through the proxy: every request carries
    the X-Forwarded-For entry the proxy adds."""
    import copy
    other = copy.copy(srv)

    def req(method, path, body=None, headers=None, conn=None):
        h = dict(headers or {})
        h["X-Forwarded-For"] = client
        return srv.request(method, path, body, h, conn=conn)
    other.request = req
    return other


def test_a_stranger_behind_the_proxy_cannot_hold_the_owner_back(srv):
    email, password = "marisol.vega@labor.ny.gov", "Vega-Rochester-2026!"
    cli(srv, "staff", "add", email, "--role", "area_admin", "--area", "monroe", "--password", password)
    stranger = behind_proxy(srv, "203.0.113.66").session()
    statuses = [sign_in_attempt(stranger, email, "guess-%d-password" % i)[0] for i in range(7)]
    assert statuses == [401] * 5 + [429] * 2, "the stranger's guesses: %s" % statuses
    owner = behind_proxy(srv, "198.51.100.40").session()
    st, body, _, _ = sign_in_attempt(owner, email, password)
    assert st == 303, "the owner from her own address, through the same proxy, after a stranger's " \
        "guesses: %d %s" % (st, main_text_of(body))
    with srv.sql() as c:
        rows = c.execute("SELECT addr, ok FROM staff_login_attempts WHERE email = ? ORDER BY id",
                         (email,)).fetchall()
    addrs = [(a, o) for a, o in rows]
    assert addrs[-1] == ("198.51.100.40", 1) and ("203.0.113.66", 0) in addrs and \
        all(a != "127.0.0.1" for a, _ in addrs), "the sign-in record names %s" % addrs


def test_metrics_need_the_token_for_a_forwarded_client(srv):
    r = srv.get("/metrics")
    assert r.status == 200 and "skillgate_http_requests_total" in r.text, \
        "GET /metrics from this host with no proxy: %d" % r.status
    for xff in ("127.0.0.1", "203.0.113.57", "::1"):
        r = srv.request("GET", "/metrics", headers={"X-Forwarded-For": xff})
        assert r.status == 403 and "skillgate_http" not in r.text, \
            "GET /metrics forwarded for %s by a trusted proxy: %d" % (xff, r.status)


def test_without_the_setting_the_header_is_ignored(srv):
    plain = Server(srv.binary).start()
    try:
        setting(plain, "signup_rate_per_hour", 2)
        codes = [sign_up(plain, "203.0.113.%d" % (10 + i))[0] for i in range(3)]
        assert codes == [201, 201, 429], \
            "sign-ups from 127.0.0.1 with a different forged X-Forwarded-For each: %s" % codes
        s, _ = sign_up(plain)
        assert s == 429, "the same peer without the header: %d" % s
    finally:
        plain.stop()


def test_a_malformed_list_stops_the_server_at_start_up(srv):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLGATE_")}
    env.update({"SKILLGATE_DB": srv.db, "SKILLGATE_LISTEN": "127.0.0.1:9",
                "SKILLGATE_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/33"})
    p = subprocess.run([srv.binary, "serve"], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode == 2 and "'10.0.0.0/33' is not an IP address or a CIDR range" in err, \
        "serve with a bad SKILLGATE_TRUSTED_PROXIES: exit %d, %s" % (p.returncode, err)
    del env["SKILLGATE_TRUSTED_PROXIES"]
    p = subprocess.run([srv.binary, "--trusted-proxies", "fd00::/200", "serve"], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode == 2 and "'fd00::/200'" in err, \
        "serve --trusted-proxies fd00::/200: exit %d, %s" % (p.returncode, err)
