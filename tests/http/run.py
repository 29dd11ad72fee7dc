#!/usr/bin/env python3
"""HTTP tests: the real binary on a loopback port with a fresh database.

    python3 tests/http/run.py [BINARY] [-k SUBSTRING] [-v] [FILE...]

BINARY defaults to build/skillgate. With --pg every server runs on PostgreSQL instead of SQLite
(tests/lib/pg.py starts a throwaway cluster for the run; the tier is then "http-pg"). The runner imports every tests/http/test_*.py (or the
FILEs given) and calls each module-level function whose name starts with test_, in the order
they appear in the file, as fn(srv): srv is a tests/lib/server.py Server that was started for
that file alone (fresh temporary database, migrated; nothing else is shared between files).

How a test file declares what it needs, all optional:
    SERVER = {"seed": True, "smtp": True, "env": {...}}   # Server() arguments for this file
    BACKEND = "postgresql"                                # runs only with --pg
A test reads the server's database with srv.sql() (sqlite3, or psycopg2 under --pg, with `?`
placeholders either way), never sqlite3.connect(srv.db): srv.db is a URL under --pg.
A test fails when it raises (use plain assert with a message that says what a person would
see); its message and the line of the file are printed. A test marked with
tests/lib/marks.py's expected_failure("the defect") counts as passed while it fails (printed
as xfail) and as failed once it passes. A test may start its own servers
(tests/lib/server.py) when it must stop or crash one; it stops them itself.

If the shared server dies during a test, that test fails with the server's stderr and a new
server is started for the rest of the file. At the end of each file the server gets SIGTERM
and must exit 0.

Prints "http: N passed, M failed", writes "N M" to build/test-results/http.txt and exits 1
when anything failed or nothing ran. The environment variable TIER renames the tier (e.g.
TIER=asan-http for the sanitizer build): "asan-http: ...", build/test-results/asan-http.txt.
"""

import argparse
import importlib.util
import os
import sys
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "tests", "http")
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
sys.path.insert(0, HERE)

from server import Server, ServerError  # noqa: E402


def load(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def tests_of(mod):
    fns = [v for k, v in vars(mod).items()
           if k.startswith("test_") and callable(v) and getattr(v, "__module__", None) == mod.__name__]
    return sorted(fns, key=lambda f: f.__code__.co_firstlineno)


def where(exc, path):
    """file:line of the deepest frame in the test file."""
    tb = traceback.extract_tb(exc.__traceback__)
    frames = [f for f in tb if os.path.abspath(f.filename) == os.path.abspath(path)]
    f = (frames or tb)[-1]
    return "%s:%d" % (os.path.relpath(f.filename, ROOT), f.lineno)


def describe(exc, path):
    if isinstance(exc, AssertionError):
        msg = str(exc) or "assertion failed: " + (traceback.extract_tb(exc.__traceback__)[-1].line or "")
        return "%s: %s" % (where(exc, path), msg)
    return "%s: %s: %s\n%s" % (where(exc, path), type(exc).__name__, exc,
                               "".join(traceback.format_exception(exc)[-6:]).rstrip())


def indent(text):
    return "\n".join("    " + l for l in text.splitlines())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", nargs="?", default=os.path.join(ROOT, "build", "skillgate"))
    ap.add_argument("files", nargs="*")
    ap.add_argument("-k", dest="filter", default="", help="run only tests whose name contains this")
    ap.add_argument("-v", action="store_true", help="print every test, not only failures")
    ap.add_argument("--pg", action="store_true",
                    help="run on PostgreSQL: a throwaway cluster (tests/lib/pg.py), a new "
                         "database for every server")
    args = ap.parse_args()
    cluster = None
    if args.pg:
        import pg
        cluster = pg.Cluster().start()
        os.environ["SKILLGATE_TEST_PG"] = cluster.spec()
    try:
        return run(args)
    finally:
        if cluster:
            cluster.stop()


def run(args):
    files = args.files or sorted(
        os.path.join(HERE, n) for n in os.listdir(HERE) if n.startswith("test_") and n.endswith(".py"))

    passed = failed = 0
    t_all = time.monotonic()
    for path in files:
        rel = os.path.relpath(path, ROOT)
        try:
            mod = load(path)
        except Exception as e:  # a broken test file counts as one failure
            failed += 1
            print("FAIL %s: cannot import: %s" % (rel, "".join(traceback.format_exception(e)[-3:]).rstrip()))
            continue
        fns = [f for f in tests_of(mod) if args.filter in f.__name__]
        if getattr(mod, "BACKEND", None) == "postgresql" and not args.pg:
            continue  # a file about the PostgreSQL backend only
        if not fns:
            continue
        opts = dict(getattr(mod, "SERVER", {}))
        t_file = time.monotonic()
        srv = None
        try:
            srv = Server(args.binary, **opts).start()
        except (ServerError, OSError) as e:
            print("FAIL %s: the server did not start, so its %d tests fail:\n%s" % (rel, len(fns), indent(str(e))))
            failed += len(fns)
            if srv:
                srv.stop()
            continue
        for fn in fns:
            t0 = time.monotonic()
            error = None
            try:
                fn(srv)
            except Exception as e:
                error = describe(e, path)
            if not srv.alive():
                died = "the server died (exit %s) during this test; its stderr ends:\n%s" % (
                    srv.proc.returncode, indent(srv.stderr_tail(20)))
                error = (error + "\n" + died) if error else died
                srv.stop()
                try:
                    srv = Server(args.binary, **opts).start()
                except (ServerError, OSError):
                    srv = None
            took = time.monotonic() - t0
            known = getattr(fn, "expected_failure", None)
            if known and error:
                print("xfail %s::%s (%.1fs): known defect: %s\n%s" % (
                    rel, fn.__name__, took, known, indent(error)))
                error = None
            elif known:
                error = "XPASS: this test now passes; remove its expected_failure mark (%s)" % known
            if error:
                failed += 1
                print("FAIL %s::%s (%.1fs)\n%s" % (rel, fn.__name__, took, indent(error)))
            else:
                passed += 1
                if args.v:
                    print("ok   %s::%s (%.1fs)" % (rel, fn.__name__, took))
            if srv is None:
                rest = fns[fns.index(fn) + 1:]
                print("FAIL %s: the server could not be restarted; %d tests not run" % (rel, len(rest)))
                failed += len(rest)
                break
        if srv is not None:
            try:
                code = srv.stop()
                if code != 0:
                    failed += 1
                    print("FAIL %s: at the end, SIGTERM made the server exit %s instead of 0" % (rel, code))
            except ServerError as e:
                failed += 1
                print("FAIL %s: at the end: %s" % (rel, e))
        print("%s: %d tests, %.1fs" % (rel, len(fns), time.monotonic() - t_file))

    tier = os.environ.get("TIER") or ("http-pg" if args.pg else "http")
    if passed + failed == 0:
        print("%s: no tests ran" % tier)
        failed = 1
    out = os.path.join(ROOT, "build", "test-results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, tier + ".txt"), "w") as f:
        f.write("%d %d\n" % (passed, failed))
    print("%s tier took %.1fs" % (tier, time.monotonic() - t_all))
    print("%s: %d passed, %d failed" % (tier, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
