"""A throwaway PostgreSQL cluster for tests: initdb in a temporary directory, served on a
Unix socket in that directory (no TCP), removed after. PostgreSQL refuses to run as root, so
when the tests run as root the cluster belongs to the `postgres` user (Debian's package makes
it). Python 3 standard library only; needs Debian's postgresql package.

    pg = Cluster().start()
    url = pg.create_db()        # postgresql:///sg_1?host=/tmp/...&port=...&user=postgres
    pg.stop()                   # immediate shutdown, directory removed

Run as a program it starts a cluster, prints one JSON line {"dir", "port", "url"} and keeps
it until its standard input closes or it gets SIGTERM/SIGINT:
    python3 tests/lib/pg.py
"""

import glob
import itertools
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


class ClusterError(Exception):
    pass


def pg_bin(name):
    """The path of a PostgreSQL server program (Debian keeps them out of PATH)."""
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    p = shutil.which(name)
    if p:
        return p
    raise ClusterError("no %s: install PostgreSQL (scripts/deps.sh test)" % name)


def available():
    try:
        pg_bin("initdb")
        return True
    except ClusterError:
        return False


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self):
        self.dir = None
        self.port = None
        self.user = None
        self.owned = True
        self._n = itertools.count(1)

    @classmethod
    def attach(cls, spec):
        """The cluster another process started, from its spec() string."""
        c = cls()
        d = json.loads(spec)
        c.dir, c.port, c.user = d["dir"], d["port"], d["user"]
        c.owned = False
        return c

    def spec(self):
        return json.dumps({"dir": self.dir, "port": self.port, "user": self.user})

    def _as_owner(self, argv, **kw):
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120,
                              **kw)

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="skillgate-pg-")
        self.port = free_port()
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.user = "postgres"
        else:
            self.user = pwd.getpwuid(os.geteuid()).pw_name
        data = os.path.join(self.dir, "data")
        p = self._as_owner([pg_bin("initdb"), "-D", data, "-U", self.user, "--auth=trust",
                            "--encoding=UTF8", "--locale=C", "--no-sync"])
        if p.returncode != 0:
            self.stop()
            raise ClusterError("initdb failed:\n" + p.stdout.decode("utf-8", "replace"))
        # fsync off: a test cluster is thrown away; what is tested is what the server
        # acknowledges, not the disk. Commits still wait for the WAL write.
        p = self.start_server()
        if p.returncode != 0:
            log = ""
            try:
                with open(os.path.join(self.dir, "server.log")) as f:
                    log = f.read()[-3000:]
            except OSError:
                pass
            self.stop()
            raise ClusterError("pg_ctl start failed:\n%s\n%s" % (p.stdout.decode(), log))
        return self

    def start_server(self):
        """pg_ctl start (also again after stop_server); the CompletedProcess."""
        opts = "-k %s -p %d -c listen_addresses='' -c fsync=off -c full_page_writes=off " \
               "-c max_connections=200 -c shared_buffers=32MB" % (self.dir, self.port)
        return self._as_owner([pg_bin("pg_ctl"), "-D", os.path.join(self.dir, "data"), "-o", opts,
                               "-l", os.path.join(self.dir, "server.log"), "-w", "-t", "60",
                               "start"])

    def stop_server(self):
        """Stops the database server, cutting every connection (-m fast); the data stays."""
        p = self._as_owner([pg_bin("pg_ctl"), "-D", os.path.join(self.dir, "data"), "-m", "fast",
                            "-w", "stop"])
        if p.returncode != 0:
            raise ClusterError("pg_ctl stop failed: %s" % p.stdout.decode("utf-8", "replace"))

    def url(self, dbname):
        return "postgresql:///%s?host=%s&port=%d&user=%s" % (dbname, self.dir, self.port, self.user)

    def psql(self, sql, dbname="postgres"):
        p = subprocess.run([pg_bin("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql,
                            self.url(dbname)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=60)
        if p.returncode != 0:
            raise ClusterError("psql %r: %s" % (sql, p.stdout.decode("utf-8", "replace")))
        return p.stdout.decode("utf-8")

    def create_db(self, name=None):
        """A new empty database; returns its URL."""
        name = name or "sg_%d_%d_%d" % (os.getpid(), next(self._n), int(time.time() * 1000) % 100000000)
        self.psql('CREATE DATABASE "%s"' % name)
        return self.url(name)

    def drop_db(self, url):
        name = url.split("///", 1)[1].split("?", 1)[0]
        self.psql('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)

    def stop(self):
        if self.dir is None or not self.owned:
            return
        data = os.path.join(self.dir, "data")
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            self._as_owner([pg_bin("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class Row(tuple):
    """A row that answers by position and by column name, like sqlite3.Row."""

    def __new__(cls, values, names):
        r = super().__new__(cls, values)
        r._names = names
        return r

    def __getitem__(self, k):
        if isinstance(k, str):
            return tuple.__getitem__(self, self._names.index(k))
        return tuple.__getitem__(self, k)

    def keys(self):
        return list(self._names)


class _Cursor:
    def __init__(self, cur):
        self.cur = cur
        self.names = [d[0] for d in cur.description] if cur.description else []

    def fetchone(self):
        r = self.cur.fetchone()
        return None if r is None else Row(r, self.names)

    def fetchall(self):
        return [Row(r, self.names) for r in self.cur.fetchall()]

    def __iter__(self):
        return iter(self.cur.fetchall())

    @property
    def rowcount(self):
        return self.cur.rowcount


def placeholders(sql):
    """sqlite3's `?` as psycopg2's `%s` (and `%` as `%%`), outside quoted text."""
    out, quote = [], None
    for ch in sql:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        out.append("%%" if ch == "%" else ch)
    return "".join(out)


class Connection:
    """psycopg2 behind sqlite3's shape: execute(sql, params) with `?` placeholders returns a
    cursor; `with conn:` commits; close()."""

    def __init__(self, url):
        try:
            import psycopg2
        except ImportError:
            # Debian's python3-psycopg2, when python3 is another installation of the same
            # version (pyenv, say)
            sys.path.append("/usr/lib/python3/dist-packages")
            import psycopg2
        self.conn = psycopg2.connect(url)
        self.row_factory = None  # rows always answer by name too

    def execute(self, sql, params=()):
        cur = self.conn.cursor()
        cur.execute(placeholders(sql), tuple(params))
        return _Cursor(cur)

    def commit(self):
        self.conn.commit()

    def rollback(self):
        self.conn.rollback()

    def close(self):
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, exc, *rest):
        if exc is None:
            self.conn.commit()
        else:
            self.conn.rollback()


def connect(url):
    return Connection(url)


def connect_any(db, timeout=10):
    """A connection to a test server's database, SQLite file or PostgreSQL URL alike."""
    if db.startswith(("postgresql://", "postgres://")):
        return Connection(db)
    import sqlite3
    return sqlite3.connect(db, timeout=timeout)


def main():
    c = Cluster().start()

    def bye(*_):
        c.stop()
        sys.exit(0)

    signal.signal(signal.SIGTERM, bye)
    signal.signal(signal.SIGINT, bye)
    print(json.dumps({"dir": c.dir, "port": c.port, "url": c.create_db("skillgate")}), flush=True)
    try:
        sys.stdin.read()
    finally:
        c.stop()


if __name__ == "__main__":
    main()
