"""Starts the real skillgate binary on a loopback port with a fresh database, for tests.

Python 3 standard library only (the optional SMTP sink needs Debian's python3-aiosmtpd).

    srv = Server("build/skillgate", seed=True, smtp=True).start()
    r = srv.get("/faq", headers={"Accept-Language": "es"})
    r.status, r.headers["Content-Type"], r.text
    s = srv.session()                  # a client that keeps cookies (lang, visitor, session)
    s.get("/?lang=es"); s.post_form("/lang", {"lang": "en", "csrf": s.csrf("/")})
    srv.stderr_lines()                 # what the server logged so far
    srv.stop()                         # SIGTERM; returns the exit code
    srv.kill()                         # SIGKILL, for crash tests; srv.start() again reuses the db

seed=True loads the demo data and then the realistic data of tests/lib/fixture.py: the
provider's real catalog listing imported with https URLs, and learners with real-looking names
and OSOS IDs enrolled in those programs through a usage report (realistic=False: the demo data
alone, for tests of what `skillgate seed` itself produces).

Every server gets its own temporary directory holding the database (db.sqlite3), the mail
directory (mail/: the SMTP sink's files, or the .eml files that skillgate writes itself when
no SMTP server is given) and the server's stderr (stderr.log). The directory is removed by
stop() unless keep=True was given or the environment has SKILLGATE_TEST_KEEP=1.

On PostgreSQL: when the environment has SKILLGATE_TEST_PG (set by tests/http/run.py --pg to
the cluster tests/lib/pg.py started), every server gets a new database in that cluster
instead, srv.db is its postgresql:// URL, and stop() drops it. srv.sql() opens the server's
database either way (sqlite3, or psycopg2 on PostgreSQL) with `?` placeholders.

Run as a program, it serves until SIGTERM/SIGINT or until its standard input closes, after
printing one JSON line {"url", "pid", "db", "mail_dir", "smtp_url", "stderr", "dir"} when the
server is ready; the browser tests start their server this way:
    python3 tests/lib/server.py [--seed] [--smtp] build/skillgate
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

READY_LINE = "skillgate listening on "


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerError(Exception):
    """The server could not be started or stopped as expected."""


class Response:
    """One HTTP response, fully read. headers is an http.client.HTTPMessage: lookups are
    case-insensitive and get_all() returns repeated headers such as Set-Cookie."""

    def __init__(self, method, path, status, reason, headers, body, version):
        self.method, self.path = method, path
        self.status, self.reason = status, reason
        self.headers, self.body, self.version = headers, body, version

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def header(self, name, default=None):
        return self.headers.get(name, default)

    def html_lang(self):
        """The lang attribute of <html>, or None."""
        m = re.search(r"<html\b[^>]*\blang=[\"']?([A-Za-z-]+)", self.text, re.I)
        return m.group(1) if m else None

    def __repr__(self):
        return "<%s %s -> %d %s, %d bytes>" % (
            self.method, self.path, self.status, self.header("Content-Type", "?"), len(self.body))


def request(host, port, method, path, body=None, headers=None, timeout=10, conn=None):
    """Sends one request (path is sent exactly as given, without normalisation) and reads the
    whole response. With conn, uses that http.client connection (keep-alive)."""
    own = conn is None
    if own:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        hdrs = dict(headers or {})
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in hdrs.items():
            conn.putheader(k, v)
        if body is not None and not any(k.lower() == "content-length" for k in hdrs):
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body:
            try:
                conn.send(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer (413) and close before reading everything
        resp = conn.getresponse()
        data = resp.read()
        return Response(method, path, resp.status, resp.reason, resp.msg, data, resp.version)
    finally:
        if own:
            conn.close()


class Session:
    """A client that keeps the cookies the server sets, like a browser tab would."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def cookie_header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    def request(self, method, path, body=None, headers=None, conn=None):
        hdrs = dict(headers or {})
        if self.cookies and "Cookie" not in hdrs:
            hdrs["Cookie"] = self.cookie_header()
        r = self.server.request(method, path, body, hdrs, conn=conn)
        for raw in r.headers.get_all("Set-Cookie") or []:
            c = SimpleCookie()
            c.load(raw)
            for name, morsel in c.items():
                expired = morsel["max-age"] in ("0", "-1") or (
                    morsel["expires"] and "1970" in morsel["expires"])
                if expired or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return r

    def get(self, path, headers=None, conn=None):
        return self.request("GET", path, None, headers, conn)

    def post_form(self, path, fields, headers=None, origin=True):
        """POSTs fields (dict or list of pairs) form-encoded; sends the site's Origin unless
        origin=False (a browser always sends it with a form POST)."""
        hdrs = {"Content-Type": "application/x-www-form-urlencoded"}
        if origin:
            hdrs["Origin"] = self.server.base_url
        hdrs.update(headers or {})
        return self.request("POST", path, urllib.parse.urlencode(fields), hdrs)

    def csrf(self, path="/help"):
        """The csrf hidden input's value from the page at path (GETs it with this session)."""
        r = self.get(path)
        token = find_csrf(r.text)
        if token is None:
            raise AssertionError("GET %s has no <input name=\"csrf\"> (status %d)" % (path, r.status))
        return token


def find_csrf(html):
    """The value of the first <input name="csrf" value="…">, or None."""
    for m in re.finditer(r"<input\b[^>]*>", html, re.I):
        tag = m.group(0)
        if re.search(r"\bname=[\"']?csrf[\"'\s>]", tag, re.I):
            v = re.search(r"\bvalue=\"([^\"]*)\"|\bvalue='([^']*)'", tag, re.I)
            if v:
                return v.group(1) if v.group(1) is not None else v.group(2)
    return None


class Server:
    """One skillgate process on 127.0.0.1 with its own database. See the top of this file."""

    def __init__(self, binary="build/skillgate", seed=False, smtp=False, env=None,
                 args=(), keep=False, ready_timeout=20, realistic=True):
        self.binary = os.path.abspath(binary)
        self.seed, self.smtp, self.extra_env = seed, smtp, dict(env or {})
        self.realistic = realistic
        self.extra_args = list(args)
        self.keep = keep or os.environ.get("SKILLGATE_TEST_KEEP") == "1"
        self.ready_timeout = ready_timeout
        self.dir = tempfile.mkdtemp(prefix="skillgate-test-")
        self.db = os.path.join(self.dir, "db.sqlite3")
        self.pg = None
        if os.environ.get("SKILLGATE_TEST_PG"):
            import pg
            self.pg = pg.Cluster.attach(os.environ["SKILLGATE_TEST_PG"])
            self.db = self.pg.create_db()
        self.mail_dir = os.path.join(self.dir, "mail")
        os.makedirs(self.mail_dir)
        self.stderr_path = os.path.join(self.dir, "stderr.log")
        self.host, self.port = "127.0.0.1", 0
        self.proc = None
        self.sink = None
        self.prepared = False
        self.returncode = None
        self._stderr_lines = []
        self._stderr_lock = threading.Lock()
        self._readers = []

    @property
    def base_url(self):
        return "http://%s:%d" % (self.host, self.port)

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def _env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLGATE_")}
        env.update({
            "SKILLGATE_DB": self.db,
            "SKILLGATE_LISTEN": "%s:%d" % (self.host, self.port),
            "SKILLGATE_BASE_URL": self.base_url,
        })
        if self.sink:
            env["SKILLGATE_SMTP_URL"] = self.sink.url
        else:
            env["SKILLGATE_MAIL_DIR"] = self.mail_dir
        env.update(self.extra_env)
        return env

    def _run_cli(self, *argv):
        try:
            p = subprocess.run([self.binary, *argv, "--db", self.db], env=self._env(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise ServerError("%s %s: %s" % (self.binary, " ".join(argv), e))
        if p.returncode != 0:
            raise ServerError("%s %s exited %d:\n%s" % (
                os.path.basename(self.binary), " ".join(argv), p.returncode,
                p.stdout.decode("utf-8", "replace")[-3000:]))

    def start(self):
        """Starts the server (migrating, and seeding when asked, on first start) and waits
        until it printed its ready line and /healthz answers ok. Returns self."""
        if not os.access(self.binary, os.X_OK):
            raise ServerError("no executable at %s (build it first: make)" % self.binary)
        if self.smtp and self.sink is None:
            from smtp_sink import SmtpSink
            self.sink = SmtpSink(self.mail_dir).start()
        if not self.prepared:
            self._run_cli("migrate")
            if self.seed:
                self._run_cli("seed")
                if self.realistic:
                    from fixture import load_realistic
                    load_realistic(self._run_cli, self.dir, self.db)
            self.prepared = True
        last = None
        for _ in range(3):  # another process may take the free port before we bind it
            self.port = free_port()
            try:
                self._spawn()
                return self
            except ServerError as e:
                last = e
                if "in use" not in str(e).lower():
                    break
        raise last

    def _spawn(self):
        self.returncode = None
        argv = [self.binary, "serve", "--db", self.db, "--listen", "%s:%d" % (self.host, self.port),
                "--base-url", self.base_url, *self.extra_args]
        stderr_file = open(self.stderr_path, "ab")
        try:
            self.proc = subprocess.Popen(argv, env=self._env(), stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            stderr_file.close()
            raise ServerError("cannot run %s: %s" % (self.binary, e))
        ready = threading.Event()
        stdout_lines = []

        def read_stdout(pipe):
            for line in iter(pipe.readline, b""):
                s = line.decode("utf-8", "replace").rstrip("\n")
                stdout_lines.append(s)
                if s.startswith(READY_LINE):
                    ready.set()
            pipe.close()

        def read_stderr(pipe):
            for line in iter(pipe.readline, b""):
                stderr_file.write(line)
                stderr_file.flush()
                with self._stderr_lock:
                    self._stderr_lines.append(line.decode("utf-8", "replace").rstrip("\n"))
            pipe.close()
            stderr_file.close()

        self._readers = [threading.Thread(target=read_stdout, args=(self.proc.stdout,), daemon=True),
                         threading.Thread(target=read_stderr, args=(self.proc.stderr,), daemon=True)]
        for t in self._readers:
            t.start()
        deadline = time.monotonic() + self.ready_timeout
        while not ready.is_set():
            if self.proc.poll() is not None:
                for t in self._readers:
                    t.join(2)
                raise ServerError("skillgate serve exited %d before it was ready; stderr:\n%s" % (
                    self.proc.returncode, self.stderr_tail()))
            if time.monotonic() > deadline:
                self.kill()
                raise ServerError("skillgate serve printed no %r line within %ds; stdout: %r; stderr:\n%s"
                                  % (READY_LINE, self.ready_timeout, stdout_lines, self.stderr_tail()))
            ready.wait(0.05)
        want = "skillgate listening on " + self.base_url
        if not any(l.strip() == want or l.strip() == want + "/" for l in stdout_lines):
            self.kill()
            raise ServerError("ready line should be %r, got %r" % (want, stdout_lines))
        while True:
            try:
                r = self.get("/healthz")
                if r.status == 200 and r.text.strip() == "ok":
                    return
                last = "%d %r" % (r.status, r.body[:100])
            except OSError as e:
                last = str(e)
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.kill()
                raise ServerError("GET /healthz did not answer ok (last: %s); stderr:\n%s"
                                  % (last, self.stderr_tail()))
            time.sleep(0.05)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig):
        self.proc.send_signal(sig)

    def wait(self, timeout=15):
        """Waits for the process to exit; returns its exit code (negative: killed by signal)."""
        try:
            self.returncode = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise ServerError("skillgate did not exit within %ds; killed it" % timeout)
        for t in self._readers:
            t.join(5)
        return self.returncode

    def terminate(self, timeout=15):
        """SIGTERM, then waits; returns the exit code. Keeps the temporary directory."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def kill(self):
        """SIGKILL (a crash): no clean shutdown. The database stays for a restart."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.proc is not None:
            return self.wait()
        return None

    def stop(self, timeout=15):
        """SIGTERM and wait, stop the SMTP sink, remove the temporary directory (see keep).
        Returns the server's exit code."""
        code = None
        try:
            code = self.terminate(timeout)
        finally:
            if self.sink:
                self.sink.stop()
                self.sink = None
            if not self.keep:
                shutil.rmtree(self.dir, ignore_errors=True)
                if self.pg:
                    self.pg.drop_db(self.db)
        return code

    def twin(self, env=None):
        """Another server on this server's database (started, on a port of its own), sending
        mail to the same SMTP sink or mail directory. Its stop() leaves the database and the
        sink to this server. Only PostgreSQL allows two servers on one database."""
        other = Server(self.binary, env=dict(self.extra_env, **(env or {})),
                       args=self.extra_args, keep=self.keep, ready_timeout=self.ready_timeout)
        if other.pg:
            other.pg.drop_db(other.db)
            other.pg = None  # the database is this server's: stop() leaves it
        other.db = self.db
        other.prepared = True
        if self.sink:
            other.extra_env["SKILLGATE_SMTP_URL"] = self.sink.url
        else:
            other.extra_env["SKILLGATE_MAIL_DIR"] = self.mail_dir
        return other.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def sql(self, timeout=10):
        """A connection to this server's database: sqlite3's, or on PostgreSQL a psycopg2 one
        wrapped to take the same `?` placeholders and conn.execute(sql, params)."""
        import pg
        return pg.connect_any(self.db, timeout)

    # --- what the server said -------------------------------------------------------------

    def stderr_lines(self):
        with self._stderr_lock:
            return list(self._stderr_lines)

    def stderr_tail(self, n=40):
        return "\n".join(self.stderr_lines()[-n:]) or "(nothing)"

    def rss_kb(self):
        """The server process's resident set size (VmRSS) in KiB."""
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise ServerError("no VmRSS in /proc/%d/status" % self.proc.pid)

    # --- talking to it ------------------------------------------------------------------

    def connection(self, timeout=10):
        """A keep-alive http.client connection to the server."""
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        return request(self.host, self.port, method, path, body, headers, conn=conn)

    def get(self, path, headers=None, conn=None):
        return self.request("GET", path, None, headers, conn)

    def session(self):
        return Session(self)

    def messages(self):
        """Mail received so far (SMTP sink summaries; see smtp_sink.py)."""
        from smtp_sink import read_messages
        return read_messages(self.mail_dir)

    def wait_for_mail(self, predicate=None, timeout=10):
        from smtp_sink import wait_for_message
        return wait_for_message(self.mail_dir, predicate, timeout)


def main():
    ap = argparse.ArgumentParser(description="Run skillgate for tests on a free loopback port")
    ap.add_argument("binary", nargs="?", default="build/skillgate")
    ap.add_argument("--seed", action="store_true", help="seed demo data after migrating")
    ap.add_argument("--smtp", action="store_true", help="deliver mail to an SMTP sink")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    srv = Server(args.binary, seed=args.seed, smtp=args.smtp, keep=args.keep)
    try:
        srv.start()
    except ServerError as e:
        print(json.dumps({"error": str(e)}), flush=True)
        srv.stop()
        return 1
    print(json.dumps({"url": srv.base_url, "pid": srv.pid, "db": srv.db, "mail_dir": srv.mail_dir,
                      "smtp_url": srv.sink.url if srv.sink else None,
                      "stderr": srv.stderr_path, "dir": srv.dir}), flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except OSError:
            pass
        done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    while not done.wait(0.2):
        if not srv.alive():
            break
    alive = srv.alive()
    code = srv.stop()
    print(json.dumps({"exit": code, "was_running": alive}), flush=True)
    return 0 if alive and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
