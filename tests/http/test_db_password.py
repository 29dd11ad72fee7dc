"""PostgreSQL only: a database password given in the URL never appears in what skillgate
prints. An operator pastes `skillgate migrate` output into a ticket, a log collector keeps
`serve`'s stderr: every message that names the database (migrate, backup, serve's start-up
line, the serving lock, a connection error) shows the password as ***.

The test cluster trusts local connections, so any password connects: what is checked is the
output, not the authentication.
"""

import os
import subprocess
import time

BACKEND = "postgresql"
SERVER = {"realistic": False}

SECRET = "Tr0ub4dor-3xample-s3cret"


def secret_url(srv, dbname=None):
    """srv's database (or another one on its cluster) with a password in the URL."""
    name = dbname or srv.db.split("///", 1)[1].split("?", 1)[0]
    return "postgresql://%s:%s@/%s?host=%s&port=%d" % (srv.pg.user, SECRET, name, srv.pg.dir,
                                                       srv.pg.port)


def run(srv, *argv, timeout=120):
    p = subprocess.run([srv.binary, *argv], env=srv._env(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def test_migrate_and_backup_hide_the_password(srv):
    url = secret_url(srv)
    code, out = run(srv, "--db", url, "migrate")
    assert code == 0, "migrate with a password in the URL failed: %s" % out
    assert SECRET not in out, "migrate printed the database password:\n%s" % out
    assert ":***@" in out and "schema version" in out, \
        "migrate should name the database with the password as ***:\n%s" % out

    dump = os.path.join(srv.dir, "skillgate.pgdump")
    code, out = run(srv, "--db", url, "backup", dump)
    assert code == 0 and os.path.getsize(dump) > 0, "backup failed: %s" % out
    assert SECRET not in out and ":***@" in out, "backup output: %s" % out


def test_connection_errors_hide_the_password(srv):
    url = secret_url(srv, "no_such_database")
    code, out = run(srv, "--db", url, "migrate")
    assert code != 0, "migrate on a database that does not exist exited 0: %s" % out
    assert "no_such_database" in out, "the error should say which database: %s" % out
    assert SECRET not in out, "the connection error printed the password:\n%s" % out


def test_migrate_data_hides_both_passwords(srv):
    target = srv.pg.create_db()
    try:
        dst = secret_url(srv, target.split("///", 1)[1].split("?", 1)[0])
        code, out = run(srv, "migrate-data", "--from", secret_url(srv), "--to", dst)
        assert code == 0, "migrate-data between two PostgreSQL databases failed:\n%s" % out[-2000:]
        assert SECRET not in out, "migrate-data printed the database password:\n%s" % out
        assert out.count(":***@") >= 2, "migrate-data should name both databases with ***:\n%s" % out
    finally:
        srv.pg.drop_db(target)


def test_serve_hides_the_password(srv):
    """A second `serve` on the same database with the password in its URL: whether it is
    refused by the serving lock or starts beside the first, nothing it prints holds the
    password, and it names the database with ***."""
    url = secret_url(srv)
    port = srv.port + 1 if srv.port < 65000 else srv.port - 1
    proc = subprocess.Popen([srv.binary, "--db", url, "--listen", "127.0.0.1:%d" % port, "serve"],
                            env=srv._env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = b""
    try:
        deadline = time.monotonic() + 20
        os.set_blocking(proc.stdout.fileno(), False)
        while time.monotonic() < deadline:
            chunk = proc.stdout.read() or b""
            out += chunk
            if proc.poll() is not None or b"listening on" in out:
                break
            time.sleep(0.1)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        os.set_blocking(proc.stdout.fileno(), True)
        out += proc.stdout.read() or b""
        proc.stdout.close()
    text = out.decode("utf-8", "replace")
    assert SECRET not in text, "serve printed the database password:\n%s" % text
    assert ":***@" in text, "serve should name its database with the password as ***:\n%s" % text
