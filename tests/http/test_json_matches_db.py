"""Every JSON answer says what the database holds, on realistic data: the provider's catalog
listing imported with URLs, learners with real names and OSOS IDs enrolled in those programs
(tests/lib/fixture.py). Each GET endpoint of the API is walked (learners with their
enrollments and request, requests and the public status lookup, programs, settings, OSOS
entries, the reports summary, the learner and invitation CSVs), every page of it; each string
field that has a column behind it must equal that column, and no string anywhere may carry a
replacement character or a control byte (garbage from freed memory shows up as either, or as
another row's value)."""

import csv
import io
import json
import sqlite3
import subprocess
import urllib.parse

from fixture import LEARNERS

SERVER = {"seed": True}

_tok = {}


def token(srv):
    if srv.db not in _tok:
        p = subprocess.run([srv.binary, "token", "create", "--staff", "state.admin@example.org",
                            "--db", srv.db], env=srv._env(), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60, check=True)
        _tok[srv.db] = p.stdout.decode().strip()
    return _tok[srv.db]


def db_rows(srv, sql, *args):
    c = srv.sql()
    c.row_factory = sqlite3.Row
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


class Checker:
    def __init__(self):
        self.compared = 0
        self.strings = 0

    def clean(self, value, where):
        """Every string leaf: no U+FFFD, no control bytes other than newline and tab."""
        if isinstance(value, dict):
            for k, v in value.items():
                self.clean(v, "%s.%s" % (where, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.clean(v, "%s[%d]" % (where, i))
        elif isinstance(value, str):
            self.strings += 1
            assert "\ufffd" not in value, "%s has a replacement character: %r" % (where, value)
            bad = [c for c in value if ord(c) < 0x20 and c not in "\n\t" or ord(c) == 0x7f]
            assert not bad, "%s has control bytes %r: %r" % (where, bad, value)

    def same(self, got, want, where):
        """got is what JSON said, want the column (None and '' may stand for each other when
        the API writes null for an empty column)."""
        if want is None or want == "":
            ok = got in (None, "")
        else:
            ok = got == want
        assert ok, "%s: JSON says %r, the database %r" % (where, got, want)
        self.compared += 1

    def columns(self, item, row, keys, where):
        for k in keys:
            if k in item:
                self.same(item[k], row[k], "%s.%s" % (where, k))


def get_json(srv, path):
    r = srv.get(path, headers={"Authorization": "Bearer " + token(srv)})
    assert r.status == 200, "GET %s: %d %s" % (path, r.status, r.text[:200])
    assert r.header("Content-Type", "").startswith("application/json"), (path, r.header("Content-Type"))
    # strict: invalid UTF-8 in the body fails here
    return json.loads(r.body.decode("utf-8"))


def pages(srv, path, limit):
    """Every item of a paged list (next_cursor)."""
    items, cursor, seen = [], None, 0
    while True:
        q = {"limit": str(limit)}
        if cursor:
            q["cursor"] = cursor
        body = get_json(srv, path + ("&" if "?" in path else "?") + urllib.parse.urlencode(q))
        items += body["items"]
        cursor = body.get("next_cursor")
        seen += 1
        assert seen < 500, "%s: more than 500 pages" % path
        if not cursor:
            return items


LEARNER_COLS = ("first_name", "last_name", "email", "osos_id", "language", "program",
                "license_status", "wioa_status", "notes", "last_activity_at", "created_at")
APP_COLS = ("reference", "first_name", "last_name", "email", "phone", "birth_date", "county",
            "town", "employment_status", "osos_id", "language", "program", "decision", "status",
            "submitted_at", "due_at", "decided_at", "decided_by", "decision_note")
PROGRAM_COLS = ("title", "partner", "kind", "level", "language", "industry", "description",
                "duration")
ENROLL_COLS = ("state", "last_activity_at", "completed_at", "certificate_url",
               "provider_enrolled_at", "enrolled_at", "dropped_at", "source")


def provider_url(kind, slug):
    """The address enrollments show for a program without a URL of its own."""
    path = {"specialization": "specializations", "professional-certificate":
            "professional-certificates", "guided-project": "projects"}.get(kind, "learn")
    return "https://www.coursera.org/%s/%s" % (path, slug)


def learner_checks(srv, ck, item, where):
    rows = db_rows(srv, "SELECT l.*, a.name AS area FROM learners l LEFT JOIN local_areas a "
                        "ON a.id = l.local_area_id WHERE l.id = ?", item["id"])
    assert rows, "%s: learner %s is not in the database" % (where, item["id"])
    row = rows[0]
    ck.columns(item, row, LEARNER_COLS, where)
    if item.get("local_area") is not None:
        ck.same(item["local_area"]["name"], row["area"], where + ".local_area.name")


def test_realistic_data_is_there(srv):
    """The fixture is what the other tests rely on: imported programs with URLs, learners
    enrolled in them."""
    n = db_rows(srv, "SELECT count(*) AS n FROM programs WHERE source = 'import' AND "
                     "url LIKE 'https://www.coursera.org/%'")[0]["n"]
    assert n > 900, "only %d imported programs with a provider URL" % n
    n = db_rows(srv, "SELECT count(*) AS n FROM enrollments e JOIN programs p ON p.id = "
                     "e.program_id WHERE p.url <> ''")[0]["n"]
    assert n >= 3 * len(LEARNERS), "only %d enrollments in programs with URLs" % n


def test_learners_list_and_each_learner_match_the_database(srv):
    ck = Checker()
    items = pages(srv, "/api/v1/learners", 7)
    want = db_rows(srv, "SELECT count(*) AS n FROM learners")[0]["n"]
    assert len(items) == want, "the list has %d learners, the database %d" % (len(items), want)
    with_url = 0
    for it in items:
        where = "learners[%s]" % it["id"]
        ck.clean(it, where)
        learner_checks(srv, ck, it, where)
        d = get_json(srv, "/api/v1/learners/%d" % it["id"])
        where = "/api/v1/learners/%d" % it["id"]
        ck.clean(d, where)
        learner_checks(srv, ck, d, where)
        app = d.get("application")
        if app:
            row = db_rows(srv, "SELECT * FROM applications WHERE reference = ?", app["reference"])[0]
            ck.columns(app, row, APP_COLS, where + ".application")
            ck.columns(app.get("answers", {}), row, APP_COLS, where + ".application.answers")
        for e in d["enrollments"]:
            ew = "%s.enrollments[%s]" % (where, e["program"])
            rows = db_rows(srv, "SELECT e.*, p.title, p.kind, p.partner, p.url FROM enrollments e "
                                "JOIN programs p ON p.id = e.program_id "
                                "WHERE e.learner_id = ? AND p.slug = ?", it["id"], e["program"])
            assert rows, "%s: no such enrollment in the database" % ew
            row = rows[0]
            ck.columns(e, row, ("title", "kind", "partner") + ENROLL_COLS, ew)
            assert "url" in e, "%s has no url: the server dropped a value that was not text (%r)" % (
                ew, e)
            ck.same(e["url"], row["url"] or provider_url(row["kind"], e["program"]), ew + ".url")
            with_url += row["url"] != ""
    assert with_url >= 3 * len(LEARNERS), "only %d enrollments with a URL were checked" % with_url
    assert ck.compared > 1000, "only %d fields compared" % ck.compared


def test_applications_list_and_status_lookup_match_the_database(srv):
    ck = Checker()
    items = pages(srv, "/api/v1/applications", 50)
    assert items, "no applications listed"
    for it in items:
        where = "applications[%s]" % it["reference"]
        ck.clean(it, where)
        row = db_rows(srv, "SELECT * FROM applications WHERE reference = ?", it["reference"])[0]
        ck.columns(it, row, APP_COLS, where)
    # the public status lookup, for people with a real-looking name
    for first, _last, email, *_ in LEARNERS[:4]:
        row = db_rows(srv, "SELECT * FROM applications WHERE email = ?", email)[0]
        path = "/api/v1/applications/%s?%s" % (urllib.parse.quote(row["reference"]),
                                               urllib.parse.urlencode({"email": email}))
        d = get_json(srv, path)
        ck.clean(d, path)
        ck.columns(d, row, APP_COLS, path)
    assert ck.compared > 100, "only %d fields compared" % ck.compared


def test_programs_list_and_each_enrolled_program_match_the_database(srv):
    ck = Checker()
    items = pages(srv, "/api/v1/programs?q=" + urllib.parse.quote("google"), 100)
    assert len(items) >= 20, "a search for google finds %d programs" % len(items)
    slugs = [it["slug"] for it in items]
    slugs += [r["slug"] for r in db_rows(
        srv, "SELECT DISTINCT p.slug FROM programs p JOIN enrollments e ON e.program_id = p.id "
             "WHERE p.url <> ''")]
    for it in items:
        where = "programs[%s]" % it["slug"]
        ck.clean(it, where)
        row = db_rows(srv, "SELECT * FROM programs WHERE slug = ?", it["slug"])[0]
        ck.columns(it, row, PROGRAM_COLS, where)
    for slug in slugs:
        path = "/api/v1/programs/" + slug
        d = get_json(srv, path)
        ck.clean(d, path)
        row = db_rows(srv, "SELECT * FROM programs WHERE slug = ?", slug)[0]
        ck.columns(d, row, PROGRAM_COLS, path)
        ck.same(d.get("skills"), [s for s in row["skills"].split(";") if s] or d.get("skills"),
                path + ".skills")
    assert ck.compared > 500, "only %d fields compared" % ck.compared


def test_settings_match_the_database(srv):
    ck = Checker()
    d = get_json(srv, "/api/v1/settings")
    ck.clean(d, "/api/v1/settings")
    stored = {r["key"]: r["value"] for r in db_rows(srv, "SELECT key, value FROM settings")}
    for k, v in d.items():
        if k in stored and isinstance(v, str):
            ck.same(v, stored[k], "/api/v1/settings." + k)
    for k in ("help_email", "license_term_end"):
        assert isinstance(d.get(k), str) and d[k], "settings.%s is %r" % (k, d.get(k))


def test_learner_and_invitation_csv_match_the_database(srv):
    """The CSV answers carry the same names, e-mails and OSOS IDs as the learners table."""
    for path in ("/api/v1/learners.csv", "/api/v1/invitations"):
        r = srv.get(path, headers={"Authorization": "Bearer " + token(srv)})
        assert r.status == 200, "GET %s: %d" % (path, r.status)
        text = r.body.decode("utf-8")  # strict
        assert "\ufffd" not in text, "%s has a replacement character" % path
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        email_key = next((k for k in (rows[0] if rows else {}) if k.lower() == "email"), None)
        if not rows:
            continue
        assert email_key, "%s has no Email column: %s" % (path, list(rows[0]))
        for row in rows:
            found = db_rows(srv, "SELECT first_name, last_name, osos_id FROM learners "
                                 "WHERE email = ?", row[email_key])
            assert found, "%s: %s is not a learner" % (path, row[email_key])
            values = set(row.values())
            for col in ("osos_id",):
                if found[0][col]:
                    assert found[0][col] in values, "%s: %s has no %s %r: %r" % (
                        path, row[email_key], col, found[0][col], row)


def test_osos_entries_match_the_database(srv):
    ck = Checker()
    items = pages(srv, "/api/v1/osos/entries", 25)
    want = db_rows(srv, "SELECT count(*) AS n FROM osos_entries")[0]["n"]
    assert want > 0, "the realistic data has no OSOS entries"
    assert len(items) == want, "the list has %d entries, the database %d" % (len(items), want)
    for it in items:
        where = "osos/entries[%s]" % it["id"]
        ck.clean(it, where)
        row = db_rows(srv, "SELECT o.*, l.osos_id AS learner_osos, a.name AS area, p.title "
                           "AS program_title, p.url AS program_url FROM osos_entries o JOIN learners l ON l.id = "
                           "o.learner_id LEFT JOIN local_areas a ON a.id = l.local_area_id "
                           "LEFT JOIN programs p ON p.id = o.program_id WHERE o.id = ?",
                      it["id"])[0]
        ck.columns(it, row, ("kind", "status"), where)
        ck.same(it["date"], row["event_date"], where + ".date")
        ck.same(it["learner_id"], row["learner_id"], where + ".learner_id")
        ck.same(it["osos_id"], row["learner_osos"], where + ".osos_id")
        if it.get("local_area") is not None:
            ck.same(it["local_area"]["name"], row["area"], where + ".local_area.name")
        ck.columns(it["details"], row, ("reason", "confirmed_at", "confirmed_by", "entered_at",
                                        "entered_by", "rejected_at", "rejected_by"),
                   where + ".details")
        if row["program_id"]:
            prog = it["details"].get("program")
            assert isinstance(prog, dict), "%s.details.program is %r" % (where, prog)
            ck.same(prog.get("id"), row["program_id"], where + ".details.program.id")
            ck.same(prog.get("title"), row["program_title"], where + ".details.program.title")
            assert "url" in prog, "%s.details.program has no url: %r" % (where, prog)
            # the program's own URL as stored ("" when it has none: unlike an enrollment, an
            # entry does not fall back to the provider's usual address)
            ck.same(prog["url"], row["program_url"], where + ".details.program.url")
    assert ck.compared > 5 * want, "only %d fields compared" % ck.compared


def test_report_summary_counts_what_the_database_holds(srv):
    d = get_json(srv, "/api/v1/reports/summary")
    Checker().clean(d, "/api/v1/reports/summary")
    t = d["total"]
    counts = {
        "learners": "SELECT count(*) FROM learners",
        "active_licenses": "SELECT count(*) FROM learners WHERE license_status = 'active'",
        "pending_review": "SELECT count(*) FROM applications WHERE status = 'pending_review'",
        "denied": "SELECT count(*) FROM applications WHERE status = 'denied'",
    }
    for key, sql in counts.items():
        want = db_rows(srv, sql)[0][0]
        assert t[key] == want, "reports summary total.%s is %r, the database %d" % (key, t[key], want)
    names = {r["name"] for r in db_rows(srv, "SELECT name FROM local_areas")}
    for area in d.get("local_areas", []):
        name = area.get("name") or (area.get("local_area") or {}).get("name")
        if name is not None:
            assert name in names, "reports summary names a local area %r that does not exist" % name
