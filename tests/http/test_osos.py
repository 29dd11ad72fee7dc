"""OSOS entries and federal reporting, walked as staff do it: people sign up and get their
license, which drafts the referral ("Referred to Coursera Enrollment") for staff to enter in
OSOS; older activations are back-filled; staff mark entries entered through the API, the work
list page, or by importing OSOS's acknowledgment; a usage report with a completed professional
certificate drafts a credential, which staff confirm and which then appears in the PIRL file
with 1800/1801; an inactive learner gets an exit draft dated at their last activity, and new
activity rejects it; importing the same report again creates nothing; a local area's staff
see only their area, and viewers change nothing."""

import csv
import io
import json
import os
import re
import subprocess
import time
import urllib.parse

from checks import main_text
from server import find_csrf

SERVER = {"smtp": True}

NYC, YONKERS = "new-york-city", "yonkers"
STAFF = {
    "state@example.org": ("state_admin", None, "state-admin-password"),
    "nyc.admin@example.org": ("area_admin", NYC, "nyc-admin-password"),
    "nyc.viewer@example.org": ("area_viewer", NYC, "nyc-viewer-password"),
    "yon.admin@example.org": ("area_admin", YONKERS, "yonkers-admin-pass"),
}
JSON = {"Content-Type": "application/json"}
CSV = {"Content-Type": "text/csv"}
CERT_SLUG, COURSE_SLUG = "google-it-support", "what-is-datascience"

# ---- helpers ---------------------------------------------------------------------------------


def cli(srv, *args, check=True):
    p = subprocess.run([srv.binary, *args, "--db", srv.db], env=srv._env(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("skillgate %s exited %d:\n%s%s" % (
            " ".join(args), p.returncode, p.stdout.decode(), p.stderr.decode()))
    return p


def rows(srv, sql, *args):
    with srv.sql() as c:
        return c.execute(sql, args).fetchall()


def one(srv, sql, *args):
    r = rows(srv, sql, *args)
    return r[0][0] if r else None


_setup = {}


def setup(srv):
    if srv.db in _setup:
        return _setup[srv.db]
    for email, (role, area, pw) in STAFF.items():
        args = ["staff", "add", email, "--role", role, "--password", pw]
        if area:
            args += ["--area", area]
        cli(srv, *args)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with srv.sql() as c:
        c.execute("INSERT INTO programs (slug, kind, title, partner, industry, url, created_at, "
                  "updated_at) VALUES (?, 'professional-certificate', 'Google IT Support', "
                  "'Google', 'technology', "
                  "'https://www.coursera.org/professional-certificates/google-it-support', ?, ?)",
                  (CERT_SLUG, now, now))
        c.execute("INSERT INTO programs (slug, kind, title, partner, industry, url, created_at, "
                  "updated_at) VALUES (?, 'course', 'What is Data Science?', 'IBM', "
                  "'technology', 'https://www.coursera.org/learn/what-is-datascience', ?, ?)",
                  (COURSE_SLUG, now, now))
    cli(srv, "test-setting", "signup_rate_per_hour", "0")
    tokens = {e: cli(srv, "token", "create", "--staff", e).stdout.decode().strip() for e in STAFF}
    _setup[srv.db] = {"tokens": tokens, "sessions": {}}
    time.sleep(1.1)  # settings are read again at most once a second
    return _setup[srv.db]


def api(srv, who, method, path, body=None, headers=None):
    h = {"Authorization": "Bearer " + setup(srv)["tokens"][who]}
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
        h.update(JSON)
    h.update(headers or {})
    return srv.request(method, path, body, h)


def login(srv, who):
    st = setup(srv)
    if who in st["sessions"]:
        return st["sessions"][who]
    s = srv.session()
    r = s.get("/admin/login")
    r = s.post_form("/admin/login", {"csrf": find_csrf(r.text), "email": who,
                                     "password": STAFF[who][2], "next": "/admin"})
    assert r.status == 303, "signing in as %s: %d %s" % (who, r.status, main_text(r.text)[:200])
    st["sessions"][who] = s
    return s


PEOPLE = {}


def sign_up(srv, key, first, last, county, town="", osos_id="", birth="1984-07-19",
            status="unemployed"):
    """A person signs up through the public API and (auto-approval, free seats) gets their
    license at once; returns their learner id."""
    setup(srv)
    email = "%s.%s.%d@example.org" % (first.lower(), last.lower(), time.time_ns() % 100000)
    body = {"first_name": first, "last_name": last, "email": email, "phone": "",
            "birth_date": birth, "county": county, "town": town, "employment_status": status,
            "layoff_notice_date": "2026-11-20" if status == "layoff_notice" else "",
            "covid_related": False, "dol_staff": False, "osos_id": osos_id, "language": "en",
            "consent": True}
    r = srv.request("POST", "/api/v1/applications", json.dumps(body), JSON)
    assert r.status == 201, "sign-up of %s %s: %d %s" % (first, last, r.status, r.text[:300])
    deadline = time.time() + 10
    while time.time() < deadline:
        lid = one(srv, "SELECT id FROM learners WHERE email = ? AND license_status = 'active'",
                  email)
        if lid:
            PEOPLE[key] = {"id": lid, "email": email, "osos": osos_id, "first": first,
                           "last": last}
            return lid
        time.sleep(0.05)
    raise AssertionError("%s %s has no active license 10 s after signing up" % (first, last))


def entries(srv, who, **q):
    r = api(srv, who, "GET", "/api/v1/osos/entries?" + urllib.parse.urlencode(q))
    assert r.status == 200, "GET /api/v1/osos/entries?%s as %s: %d %s" % (q, who, r.status, r.text)
    return r.json()["items"]


def of(items, learner):
    return [e for e in items if e["learner_id"] == learner]


USAGE_HEAD = ("Name,Email,External Id,Course,Course ID,Course Slug,University,Enrollment Time,"
              "Last Course Activity Time,Overall Progress,Estimated Learning Hours,Completed,"
              "Completion Time,Course Grade,Course Certificate URL")


def usage(lines):
    out = [USAGE_HEAD]
    for (p, slug, last, done, completion) in lines:
        out.append(",".join(['"%s %s"' % (p["first"], p["last"]), p["email"], p["osos"], slug,
                             "", slug, "Google", "2026-09-01 10:00:00", last,
                             "1" if done else "0.4", "40", "Yes" if done else "No", completion,
                             "0.93" if done else "",
                             "https://coursera.org/verify/professional-cert/ABC123XYZ"
                             if done else ""]))
    return "\r\n".join(out) + "\r\n"


# ---- referrals ---------------------------------------------------------------------------------

def test_license_activation_drafts_a_pending_referral_dated_that_day(srv):
    a = sign_up(srv, "maria", "Maria", "Delgado", "Kings", osos_id="NY1234567")
    b = sign_up(srv, "kwame", "Kwame", "Asante", "Queens")  # no OSOS ID yet
    c = sign_up(srv, "lin", "Lin", "Zhao", "Westchester", town="Yonkers", osos_id="NY7654321")
    today = one(srv, "SELECT substr(activated_at, 1, 10) FROM learners WHERE id = ?", a)
    mine = entries(srv, "nyc.admin@example.org", kind="referral")
    got = {e["learner_id"]: e for e in mine}
    assert a in got and b in got, "NYC staff do not see their new learners' referrals: %r" % mine
    assert c not in got, "NYC staff see a Yonkers learner's referral"
    e = got[a]
    assert e["status"] == "pending" and e["backfill"] is False, e
    assert e["osos_id"] == "NY1234567" and e["local_area"]["name"] == "New York City", e
    assert abs(int(e["date"].replace("-", "")) - int(today.replace("-", ""))) <= 1, (e, today)
    assert got[b]["osos_id"] == "", got[b]
    yon = entries(srv, "yon.admin@example.org", kind="referral")
    assert [x["learner_id"] for x in yon] == [c], "Yonkers staff see %r" % yon
    # filters: learners without an OSOS ID
    no_id = entries(srv, "nyc.admin@example.org", no_osos_id=1)
    assert [x["learner_id"] for x in no_id] == [b], no_id


def test_backfill_adds_referrals_for_old_activations_once(srv):
    setup(srv)
    cli(srv, "test-learning", "learner", "rosa.old@example.org", "--status", "active",
        "--first", "Rosa")
    with srv.sql() as c:
        c.execute("UPDATE learners SET activated_at = '2020-06-01T15:00:00Z', osos_id = "
                  "'NY2000001', local_area_id = (SELECT id FROM local_areas WHERE slug = ?), "
                  "last_name = 'Figueroa' WHERE email = 'rosa.old@example.org'", (NYC,))
    rosa = one(srv, "SELECT id FROM learners WHERE email = 'rosa.old@example.org'")
    PEOPLE["rosa"] = {"id": rosa, "email": "rosa.old@example.org", "osos": "NY2000001",
                      "first": "Rosa", "last": "Figueroa"}
    out = cli(srv, "osos", "backfill").stdout.decode()
    assert re.search(r"\b1 referrals\b", out) or "1 referral" in out, out
    e = of(entries(srv, "nyc.admin@example.org", kind="referral"), rosa)
    assert len(e) == 1 and e[0]["backfill"] is True and e[0]["date"] == "2020-06-01", e
    out = cli(srv, "osos", "backfill").stdout.decode()
    assert "0 referrals" in out, "a second back-fill added something: " + out
    assert one(srv, "SELECT COUNT(*) FROM osos_entries WHERE learner_id = ?", rosa) == 1


def test_mark_entered_is_idempotent_scoped_and_audited(srv):
    maria, lin = PEOPLE["maria"]["id"], PEOPLE["lin"]["id"]
    mid = of(entries(srv, "nyc.admin@example.org", kind="referral"), maria)[0]["id"]
    lid = of(entries(srv, "yon.admin@example.org", kind="referral"), lin)[0]["id"]
    before = rows(srv, "SELECT status, entered_by FROM osos_entries WHERE id = ?", lid)

    r = api(srv, "nyc.viewer@example.org", "POST", "/api/v1/osos/entries/entered",
            {"ids": [mid]})
    assert r.status == 403, "a viewer marked an entry entered: %d" % r.status
    r = api(srv, "nyc.admin@example.org", "POST", "/api/v1/osos/entries/entered",
            {"ids": [mid, lid, 99999999]})
    assert r.status == 200, r.text
    assert r.json() == {"changed": 1, "unchanged": 0, "refused": 0, "skipped": 2}, r.json()
    assert rows(srv, "SELECT status, entered_by FROM osos_entries WHERE id = ?", mid) == \
        [("entered", "nyc.admin@example.org")]
    assert rows(srv, "SELECT status, entered_by FROM osos_entries WHERE id = ?", lid) == before, \
        "another area's entry was changed"
    r = api(srv, "nyc.admin@example.org", "POST", "/api/v1/osos/entries/entered", {"ids": [mid]})
    assert r.json()["unchanged"] == 1 and r.json()["changed"] == 0, r.json()
    assert rows(srv, "SELECT action, actor_email FROM audit_log WHERE entity = 'osos_entry' AND "
                     "entity_id = ?", str(mid)) == [("osos_enter", "nyc.admin@example.org")]
    # an entered entry cannot be rejected; a rejection needs a reason
    r = api(srv, "nyc.admin@example.org", "POST", "/api/v1/osos/entries/reject", {"ids": [mid]})
    assert r.status == 422 and "reason" in r.json()["error"].get("fields", {}), r.text
    r = api(srv, "nyc.admin@example.org", "POST", "/api/v1/osos/entries/reject",
            {"ids": [mid], "reason": "duplicate"})
    assert r.json()["refused"] == 1, r.json()
    for bad in [{}, {"ids": []}, {"ids": ["x"]}, {"ids": [0]}]:
        r = api(srv, "nyc.admin@example.org", "POST", "/api/v1/osos/entries/confirm", bad)
        assert r.status == 422, "%r: %d" % (bad, r.status)


def test_acknowledgment_import_marks_entries_entered(srv):
    lin = PEOPLE["lin"]["id"]
    rosa = PEOPLE["rosa"]["id"]
    lin_e = of(entries(srv, "state@example.org", kind="referral"), lin)[0]
    # the OSOS activity text as kind, columns in another order, a US date
    d = lin_e["date"]
    us = "%s/%s/%s" % (d[5:7], d[8:10], d[0:4])
    good = "Date,Kind,OSOS ID\r\n%s,Referred to Coursera Enrollment,NY7654321\r\n" % us
    bad = good + "2020-06-01,referral,NY9999999\r\n"
    # a bad line: nothing kept, the line named
    r = api(srv, "state@example.org", "POST", "/api/v1/imports/osos", bad, CSV)
    assert r.status == 422, r.text
    j = r.json()
    assert j["errors"][0]["line"] == 3 and "NY9999999" in j["errors"][0]["message"], j
    assert one(srv, "SELECT status FROM osos_entries WHERE id = ?", lin_e["id"]) == "pending"
    # dry run: says what would happen, keeps nothing
    r = api(srv, "state@example.org", "POST", "/api/v1/imports/osos?dry_run=1", good, CSV)
    assert r.status == 200 and r.json()["applied"] == 1 and r.json()["committed"] is False, r.text
    assert one(srv, "SELECT status FROM osos_entries WHERE id = ?", lin_e["id"]) == "pending"
    # another area's admin cannot enter it
    r = api(srv, "nyc.admin@example.org", "POST", "/api/v1/imports/osos", good, CSV)
    assert r.status == 422, r.text
    assert one(srv, "SELECT status FROM osos_entries WHERE id = ?", lin_e["id"]) == "pending"
    # partial: the good line is kept
    r = api(srv, "yon.admin@example.org", "POST", "/api/v1/imports/osos?partial=1", bad, CSV)
    assert r.status == 200 and r.json()["applied"] == 1 and r.json()["errors_total"] == 1, r.text
    assert one(srv, "SELECT status FROM osos_entries WHERE id = ?", lin_e["id"]) == "entered"
    # the command line, again: already entered, nothing changes
    path = os.path.join(srv.dir, "ack.csv")
    with open(path, "w") as f:
        f.write("OSOS ID,Kind,Date\nNY7654321,referral,%s\nNY2000001,referral,20200601\n" % d)
    p = cli(srv, "osos", "import", path)
    j = json.loads(p.stdout.decode())
    assert j["unchanged"] == 1 and j["applied"] == 1 and j["committed"] is True, j
    assert one(srv, "SELECT status FROM osos_entries WHERE learner_id = ? AND kind = "
                    "'referral'", rosa) == "entered"


# ---- credentials, skill gains ----------------------------------------------------------------

def test_completed_certificate_drafts_a_credential_once(srv):
    maria, kwame = PEOPLE["maria"], PEOPLE["kwame"]
    report = usage([(maria, CERT_SLUG, "2026-11-20T18:00:00Z", True, "2026-11-20T17:45:00Z"),
                    (kwame, COURSE_SLUG, "2026-11-21T14:00:00Z", True, "2026-11-21T13:30:00Z")])
    r = api(srv, "state@example.org", "POST", "/api/v1/imports/usage", report, CSV)
    assert r.status == 200 and r.json()["completed"] == 2, r.text
    cred = of(entries(srv, "nyc.admin@example.org", kind="credential"), maria["id"])
    assert len(cred) == 1, cred
    c = cred[0]
    assert c["status"] == "draft" and c["date"] == "2026-11-20", c
    assert c["details"]["credential_type"] == "5", c
    assert c["details"]["program"]["title"] == "Google IT Support", c
    gain = of(entries(srv, "nyc.admin@example.org", kind="skill_gain"), kwame["id"])
    assert len(gain) == 1 and gain[0]["details"]["skill_gain_element"] == "1809", gain
    assert gain[0]["date"] == "2026-11-21", gain
    n = one(srv, "SELECT COUNT(*) FROM osos_entries")
    r = api(srv, "state@example.org", "POST", "/api/v1/imports/usage", report, CSV)
    assert r.status == 200, r.text
    assert one(srv, "SELECT COUNT(*) FROM osos_entries") == n, "a re-import added entries"
    out = cli(srv, "osos", "backfill").stdout.decode()
    assert "0 referrals and 0 credential" in out, out
    # confirm it: pending, by whom
    r = api(srv, "nyc.admin@example.org", "POST", "/api/v1/osos/entries/confirm",
            {"ids": [c["id"]]})
    assert r.json()["changed"] == 1, r.json()
    c2 = [e for e in entries(srv, "nyc.admin@example.org", kind="credential")
          if e["id"] == c["id"]][0]
    assert c2["status"] == "pending" and c2["details"]["confirmed_by"] == "nyc.admin@example.org"


# ---- exits -----------------------------------------------------------------------------------

def test_inactive_learner_gets_a_backdated_exit_and_new_activity_rejects_it(srv):
    rosa = PEOPLE["rosa"]
    with srv.sql() as c:
        c.execute("UPDATE learners SET last_activity_at = '2026-12-01T16:20:00Z' WHERE id = ?",
                  (rosa["id"],))
    # 80 days later: not yet
    out = cli(srv, "sweep", "--now", "2027-02-19T12:00:00Z").stdout.decode()
    assert not of(entries(srv, "state@example.org", kind="exit"), rosa["id"]), out
    # 100 days later: removed by the inactivity sweep, and the exit drafted at the last activity
    out = cli(srv, "sweep", "--now", "2027-03-11T12:00:00Z").stdout.decode()
    ex = of(entries(srv, "nyc.admin@example.org", kind="exit"), rosa["id"])
    assert len(ex) == 1 and ex[0]["status"] == "draft" and ex[0]["date"] == "2026-12-01", (ex, out)
    # the same sweep again drafts nothing more
    cli(srv, "sweep", "--now", "2027-03-11T13:00:00Z")
    assert len(of(entries(srv, "nyc.admin@example.org", kind="exit"), rosa["id"])) == 1
    # the provider reports activity after that date: the draft is rejected by itself
    report = usage([(rosa, COURSE_SLUG, "2027-01-15T10:00:00Z", False, "")])
    r = api(srv, "state@example.org", "POST", "/api/v1/imports/usage", report, CSV)
    assert r.status == 200, r.text
    ex = of(entries(srv, "nyc.admin@example.org", kind="exit"), rosa["id"])
    assert ex[0]["status"] == "rejected" and ex[0]["details"]["reason"] == "new activity", ex


# ---- paging, access --------------------------------------------------------------------------

def test_paging_and_access_on_the_api(srv):
    seen, cursor = [], None
    while True:
        q = {"limit": 2}
        if cursor:
            q["cursor"] = cursor
        r = api(srv, "state@example.org", "GET", "/api/v1/osos/entries?" + urllib.parse.urlencode(q))
        assert r.status == 200, r.text
        seen += [e["id"] for e in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == one(srv, "SELECT COUNT(*) FROM osos_entries"), seen
    for bad in ["kind=nope", "status=done", "limit=0", "limit=501", "cursor=zzz",
                "no_osos_id=yes"]:
        r = api(srv, "state@example.org", "GET", "/api/v1/osos/entries?" + bad)
        assert r.status == 422, "%s: %d" % (bad, r.status)
    r = api(srv, "nyc.admin@example.org", "GET", "/api/v1/osos/entries?local_area=%d" %
            one(srv, "SELECT id FROM local_areas WHERE slug = ?", YONKERS))
    assert r.status == 404, "NYC staff asked for Yonkers' entries: %d" % r.status
    for method, path in [("GET", "/api/v1/osos/entries"), ("GET", "/api/v1/osos/entries.csv"),
                         ("POST", "/api/v1/osos/entries/confirm"),
                         ("POST", "/api/v1/imports/osos")]:
        r = srv.request(method, path, "{}", JSON)
        assert r.status == 401, "%s %s without a token: %d" % (method, path, r.status)
    r = api(srv, "nyc.viewer@example.org", "POST", "/api/v1/imports/osos",
            "OSOS ID,Kind,Date\r\n", CSV)
    assert r.status == 403, "a viewer imported: %d" % r.status


# ---- the work list page ----------------------------------------------------------------------

def test_work_list_page_tabs_counts_and_bulk_actions(srv):
    kwame = PEOPLE["kwame"]
    admin = login(srv, "nyc.admin@example.org")
    r = admin.get("/admin/osos?kind=referral&status=pending")
    assert r.status == 200, r.status
    text = main_text(r.text)
    assert "OSOS work list" in text and "does not write to OSOS" in text, text[:400]
    assert "Kwame Asante" in text and "No OSOS ID" in text, text[:1500]
    assert "Lin Zhao" not in text, "NYC staff see a Yonkers learner"
    assert re.search(r'aria-current="page"[^>]*>Referral \(\d+ to do\)', r.text), \
        "the referral tab is not marked current with its count"
    # filter: learners without an OSOS ID only
    r = admin.get("/admin/osos?kind=referral&status=pending&no_osos_id=1")
    assert "Kwame Asante" in main_text(r.text) and "Maria Delgado" not in main_text(r.text)
    # reject without a reason: the error is next to the field and in the summary, nothing changes
    kid = of(entries(srv, "nyc.admin@example.org", kind="referral"), kwame["id"])[0]["id"]
    token = find_csrf(admin.get("/admin/osos?kind=referral&status=pending").text)
    r = admin.post_form("/admin/osos?kind=referral&status=pending",
                        {"csrf": token, "id": str(kid), "action": "reject", "reason": ""})
    assert r.status == 422 and "Say why the selected entries are rejected." in r.text, r.status
    assert 'aria-invalid="true"' in r.text, "the reason field is not marked invalid"
    assert one(srv, "SELECT status FROM osos_entries WHERE id = ?", kid) == "pending"
    # without the CSRF token: refused
    r = admin.post_form("/admin/osos?kind=referral&status=pending",
                        {"id": str(kid), "action": "entered"})
    assert r.status == 403 and one(srv, "SELECT status FROM osos_entries WHERE id = ?", kid) == \
        "pending", r.status
    # mark entered from the page
    r = admin.post_form("/admin/osos?kind=referral&status=pending",
                        {"csrf": token, "id": str(kid), "action": "entered"})
    assert r.status == 303, r.status
    r = admin.get(r.header("Location"))
    assert "1 entries marked entered in OSOS." in main_text(r.text), main_text(r.text)[:400]
    assert one(srv, "SELECT status FROM osos_entries WHERE id = ?", kid) == "entered"
    assert one(srv, "SELECT actor_email FROM audit_log WHERE entity = 'osos_entry' AND "
                    "entity_id = ? AND action = 'osos_enter'", str(kid)) == "nyc.admin@example.org"


def test_work_list_csv_has_what_osos_needs_and_is_scoped(srv):
    admin = login(srv, "nyc.admin@example.org")
    r = admin.get("/admin/osos.csv?kind=credential&status=pending")
    assert r.status == 200 and r.header("Content-Type").startswith("text/csv"), r.status
    got = list(csv.DictReader(io.StringIO(r.text)))
    maria = [x for x in got if x["Last name"] == "Delgado"]
    assert len(maria) == 1, got
    m = maria[0]
    assert m["OSOS ID"] == "NY1234567" and m["Birth date"] == "07/19/1984", m
    assert m["Local area"] == "New York City" and m["Date"] == "11/20/2026", m
    assert m["Program"] == "Google IT Support" and "Occupational certificate" in m["Enter in OSOS"], m
    r = login(srv, "yon.admin@example.org").get("/admin/osos.csv?kind=referral&status=entered")
    names = [x["Last name"] for x in csv.DictReader(io.StringIO(r.text))]
    assert names == ["Zhao"], "Yonkers' CSV holds %r" % names
    r = api(srv, "yon.admin@example.org", "GET", "/api/v1/osos/entries.csv?kind=credential")
    assert r.status == 200 and "Delgado" not in r.text, r.text[:300]


def test_viewer_reads_but_cannot_change(srv):
    viewer = login(srv, "nyc.viewer@example.org")
    r = viewer.get("/admin/osos?kind=referral&status=pending")
    assert r.status == 200 and 'name="id"' not in r.text and 'value="entered"' not in r.text, \
        "a viewer gets the bulk actions"
    before = rows(srv, "SELECT id, status FROM osos_entries ORDER BY id")
    r = viewer.post_form("/admin/osos?kind=referral&status=pending",
                         {"csrf": find_csrf(r.text), "id": "1", "action": "entered"})
    assert r.status == 403, r.status
    assert rows(srv, "SELECT id, status FROM osos_entries ORDER BY id") == before


def test_learner_page_shows_entries_and_state_admin_sets_participant(srv):
    maria = PEOPLE["maria"]
    admin = login(srv, "nyc.admin@example.org")
    r = admin.get("/admin/learners/%d" % maria["id"])
    text = main_text(r.text)
    assert "OSOS entries" in text and "Referred to Coursera Enrollment" in text, text[-1500:]
    assert "Entered in OSOS" in text and "Reportable individual" in text, text[-1500:]
    assert 'action="/admin/learners/%d/wioa"' % maria["id"] not in r.text, \
        "an area admin gets the participant form"
    r = admin.post_form("/admin/learners/%d/wioa" % maria["id"],
                        {"csrf": find_csrf(r.text), "wioa": "participant"})
    assert r.status == 403, r.status
    state = login(srv, "state@example.org")
    r = state.get("/admin/learners/%d" % maria["id"])
    r = state.post_form("/admin/learners/%d/wioa" % maria["id"],
                        {"csrf": find_csrf(r.text), "wioa": "participant"})
    assert r.status == 303, r.status
    text = main_text(state.get("/admin/learners/%d" % maria["id"]).text)
    assert "WIOA participant (set by a state admin)" in text, text[-1500:]
    r = api(srv, "state@example.org", "GET", "/api/v1/learners/%d" % maria["id"])
    assert r.json()["wioa_status"] == "participant", r.json().get("wioa_status")
    assert one(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'wioa_override'") == 1


def test_spanish_work_list(srv):
    admin = login(srv, "nyc.admin@example.org")
    r = admin.get("/admin/osos?kind=credential&status=pending&lang=es")
    assert r.status == 200 and r.html_lang() == "es", r.status
    text = main_text(r.text)
    assert "Lista de trabajo de OSOS" in text and "Credencial" in text, text[:500]
    assert "Certificado ocupacional" in text and "Por ingresar en OSOS" in text, text[:1500]
    for english in ["OSOS work list", "Mark selected as entered", "Download these entries"]:
        assert english not in text, "English left on the Spanish page: " + english


# ---- the federal report ----------------------------------------------------------------------

def pirl(text):
    lines = text.splitlines()
    head = lines[0].split(",")
    return head, [dict(zip(head, l.split(","))) for l in lines[1:]]


def test_pirl_file_has_confirmed_credentials_and_reportable_individuals(srv):
    maria, kwame = PEOPLE["maria"], PEOPLE["kwame"]
    r = api(srv, "state@example.org", "GET", "/api/v1/reports/pirl.csv?from=2026-10-01&to=2026-12-31")
    assert r.status == 200 and r.header("Content-Type").startswith("text/csv"), r.status
    head, got = pirl(r.text)
    for el in ["100", "101", "102", "200", "400", "900", "901", "903", "904", "1300", "1302",
               "1303", "1307", "1308", "1800", "1801", "1809", "1811", "1813"]:
        assert el in head, "PIRL element %s missing from the header %r" % (el, head)
    assert " " not in r.text.replace("\r\n", ""), "a PIRL field holds a space"
    rows_by_id = {x["100"]: x for x in got}
    m = rows_by_id.get("NY1234567")
    assert m, "Maria (NY1234567) is not in the file: %r" % list(rows_by_id)
    assert m["101"] == "NY" and m["102"] == "047" and m["200"] == "19840719", m
    assert m["400"] == "0", m
    assert m["1800"] == "5" and m["1801"] == "20261120", m  # the confirmed credential
    assert m["1300"] == "1" and m["1303"] == "06" and m["1307"] == "1" and m["1308"] == "20261120", m
    assert m["1813"] == "20261120", m
    # a state admin made her a participant: 903 carries the participant code, 900 her entry
    assert m["903"] == "1" and re.fullmatch(r"20261[12]\d\d", m["900"]), m
    # Kwame: no OSOS ID (skillgate's 12-character id), a reportable individual, his skill gain
    # is still a draft, so 1809 is empty
    k = rows_by_id.get("SG%010d" % kwame["id"])
    assert k, "Kwame is not in the file under SG%010d" % kwame["id"]
    assert k["903"] == "4" and k["904"] == "" and k["900"] == "" and k["1809"] == "", k
    assert k["1800"] == "" and k["1801"] == "", k
    # confirm the skill gain: 1809 carries its date
    gid = of(entries(srv, "state@example.org", kind="skill_gain"), kwame["id"])[0]["id"]
    api(srv, "state@example.org", "POST", "/api/v1/osos/entries/confirm", {"ids": [gid]})
    r = api(srv, "state@example.org", "GET", "/api/v1/reports/pirl.csv?from=2026-10-01&to=2026-12-31")
    k = {x["100"]: x for x in pirl(r.text)[1]}["SG%010d" % kwame["id"]]
    assert k["1809"] == "20261121", k
    # scoped: Yonkers staff get Lin only; the command line gives the state's file
    r = api(srv, "yon.admin@example.org", "GET", "/api/v1/reports/pirl.csv?from=2026-10-01&to=2026-12-31")
    assert [x["100"] for x in pirl(r.text)[1]] == ["NY7654321"], r.text[:500]
    out = os.path.join(srv.dir, "pirl.csv")
    cli(srv, "report", "pirl", "--from", "2026-10-01", "--to", "2026-12-31", "--out", out)
    with open(out) as f:
        assert "NY1234567" in f.read()
    # bad periods
    for q in ["from=2026-13-01&to=2026-12-31", "from=2026-12-31&to=2026-10-01", "to=2026-12-31"]:
        r = api(srv, "state@example.org", "GET", "/api/v1/reports/pirl.csv?" + q)
        assert r.status == 422, "%s: %d" % (q, r.status)
    # the same on the reports page, with the error next to the field
    s = login(srv, "nyc.viewer@example.org")
    r = s.get("/admin/reports")
    assert r.status == 200 and "Federal report (WIOA PIRL)" in main_text(r.text), r.status
    r = s.get("/admin/reports/pirl.csv?from=2026-10-01&to=2026-12-31")
    assert r.status == 200 and "NY7654321" not in r.text and "NY1234567" in r.text, r.text[:300]
    r = s.get("/admin/reports/pirl.csv?from=2026-12-31&to=2026-10-01")
    assert r.status == 422 and "The last day cannot be before the first day." in r.text, r.status


def test_pirl_file_lists_people_who_signed_up_but_never_became_learners(srv):
    maria = PEOPLE["maria"]
    app = one(srv, "SELECT application_id FROM learners WHERE id = ?", maria["id"])

    def apply(ref, first, last, osos, birth, status, employment, person_key=None):
        with srv.sql() as c:
            c.execute(
                "INSERT INTO applications (reference, first_name, last_name, email, email_norm, "
                "person_key, birth_date, county, local_area_id, region_id, employment_status, "
                "osos_id, decision, policy_version, status, submitted_at, due_at) SELECT ?, ?, ?, "
                "?, ?, COALESCE(?, ?), ?, county, local_area_id, region_id, ?, ?, 'review', "
                "policy_version, ?, '2026-11-03T15:00:00Z', due_at FROM applications WHERE id = ?",
                (ref, first, last, ref.lower() + "@example.org", ref.lower() + "@example.org",
                 person_key, ref, birth, employment, osos, status, app))
        return one(srv, "SELECT id FROM applications WHERE reference = ?", ref)

    apply("PIRL-DENIED-1", "Tomas", "Reyes", "NY5550001", "1979-02-11", "denied", "dislocated")
    pending = apply("PIRL-PENDING-1", "Aisha", "Bello", "", "1992-09-30", "pending_review",
                    "employed")
    # Maria signed up again and was turned down: she stays one row, the learner's
    key = one(srv, "SELECT person_key FROM applications WHERE id = ?", app)
    apply("PIRL-AGAIN-1", "Maria", "Delgado", "NY1234567", "1984-07-19", "denied", "unemployed",
          person_key=key)
    r = api(srv, "state@example.org", "GET", "/api/v1/reports/pirl.csv?from=2026-10-01&to=2026-12-31")
    assert r.status == 200, r.status
    got = pirl(r.text)[1]
    ids = [x["100"] for x in got]
    assert len(ids) == len(set(ids)), "a person is listed twice: %r" % ids
    by_id = {x["100"]: x for x in got}
    training = ["1300", "1302", "1303", "1307", "1308", "1811", "1813"]
    t = by_id.get("NY5550001")
    assert t, "the denied sign-up is not in the file: %r" % ids
    assert t["101"] == "NY" and t["102"] == "047" and t["200"] == "19790211", t
    assert t["400"] == "0" and t["904"] == "4" and t["903"] == "" and t["900"] == "", t
    assert all(t[e] == "" for e in training), t
    a = by_id.get("SA%010d" % pending)
    assert a, "the pending sign-up is not in the file under SA%010d: %r" % (pending, ids)
    assert a["200"] == "19920930" and a["400"] == "1" and a["903"] == "4", a
    assert all(a[e] == "" for e in training), a
    assert by_id["NY1234567"]["1300"] == "1", by_id["NY1234567"]
    # a period they did not sign up in leaves them out
    r = api(srv, "state@example.org", "GET", "/api/v1/reports/pirl.csv?from=2026-11-04&to=2026-12-31")
    assert "NY5550001" not in r.text and "SA%010d" % pending not in r.text, r.text[:500]
    # Yonkers staff do not see New York City's sign-ups
    r = api(srv, "yon.admin@example.org", "GET", "/api/v1/reports/pirl.csv?from=2026-10-01&to=2026-12-31")
    assert "NY5550001" not in r.text and "SA%010d" % pending not in r.text, r.text[:500]


# ---- the site tells the truth ----------------------------------------------------------------

def test_public_pages_say_staff_enter_osos_and_promise_nothing_automatic(srv):
    promises = [r"connected to OSOS", r"sends? (them )?to OSOS", r"so staff do not have to",
                r"closes services", r"est[aá] conectado con OSOS", r"las env[ií]a a OSOS",
                r"no tenga que hacerlo a mano", r"entries we make in OSOS",
                r"registramos en OSOS"]
    for lang in ["en", "es"]:
        for page in ["/faq", "/privacy", "/terms"]:
            r = srv.get(page + "?lang=" + lang)
            assert r.status == 200, "%s?lang=%s: %d" % (page, lang, r.status)
            text = " ".join(main_text(r.text).split())
            for p in promises:
                if re.search(p, text) and not re.search(r"(not|no) " + p, text):
                    raise AssertionError("%s (%s) still says %r" % (page, lang, p))
            assert "OSOS" in text, "%s (%s) says nothing about OSOS" % (page, lang)
    faq = " ".join(main_text(srv.get("/faq").text).split())
    assert "staff enter them in OSOS by hand" in faq and "do not count in performance" in faq, faq
    faq = " ".join(main_text(srv.get("/faq?lang=es").text).split())
    assert "el personal las ingresa en OSOS a mano" in faq, faq


# ---- the reports page --------------------------------------------------------------------------

def test_reports_summary_counts_match_the_records_and_are_scoped(srv):
    nyc = one(srv, "SELECT id FROM local_areas WHERE slug = ?", NYC)
    r = api(srv, "nyc.viewer@example.org", "GET", "/api/v1/reports/summary")
    assert r.status == 200, r.text
    j = r.json()
    t = j["total"]
    assert t["learners"] == one(srv, "SELECT COUNT(*) FROM learners WHERE local_area_id = ?", nyc), t
    assert t["osos_entries"]["entered"] == one(
        srv, "SELECT COUNT(*) FROM osos_entries e JOIN learners l ON l.id = e.learner_id WHERE "
             "l.local_area_id = ? AND e.status = 'entered'", nyc), t
    assert t["participants"] == 1 and t["reportable_individuals"] == t["learners"] - 1, t
    assert t["completions"] == 2 and t["certificates"] == 2, t
    assert j["local_areas"] == [] and len(j["signups_per_week"]) == 12, j.keys()
    assert sum(w["signups"] for w in j["signups_per_week"]) >= 2, j["signups_per_week"]
    act = j["time_to_activation"]
    assert act["within_24_hours"] >= 2, act
    # the state sees every area, and the areas add up to the total
    st = api(srv, "state@example.org", "GET", "/api/v1/reports/summary").json()
    assert st["total"]["learners"] == one(srv, "SELECT COUNT(*) FROM learners"), st["total"]
    by = {a["name"]: a for a in st["local_areas"]}
    assert by["New York City"]["learners"] == t["learners"] and by["Yonkers"]["learners"] == 1
    assert sum(g["learners"] for g in st["regions"]) == sum(a["learners"] for a in st["local_areas"])
    r = api(srv, "nyc.admin@example.org", "GET", "/api/v1/reports/summary?local_area=%d" %
            one(srv, "SELECT id FROM local_areas WHERE slug = ?", YONKERS))
    assert r.status == 404, r.status
    # the page: each chart is an image with a title and a description, followed by its table
    s = login(srv, "nyc.viewer@example.org")
    r = s.get("/admin/reports")
    assert r.status == 200
    svgs = re.findall(r'<svg role="img" aria-labelledby="([^" ]+) ([^"]+)"', r.text)
    assert len(svgs) >= 3, "charts: %r" % svgs
    for title, desc in svgs:
        assert 'id="%s"' % title in r.text and 'id="%s"' % desc in r.text, (title, desc)
    text = main_text(r.text)
    assert "Sign-ups per week" in text and "Time from sign-up to activation" in text, text[:800]
    assert "By local area" not in text, "area staff see the per-area table"
    r = s.get("/admin/reports/summary.csv?table=osos")
    rows_ = list(csv.reader(io.StringIO(r.text)))
    assert rows_[0] == ["what", "count"] and ["Entered in OSOS", str(t["osos_entries"]["entered"])] in rows_, rows_
    r = login(srv, "state@example.org").get("/admin/reports/summary.csv?table=areas")
    got = {x["name"]: x for x in csv.DictReader(io.StringIO(r.text))}
    assert got["Yonkers"]["learners"] == "1", got.get("Yonkers")
    assert s.get("/admin/reports/summary.csv?table=nope").status == 404
    es = s.get("/admin/reports?lang=es")
    assert "Inscripciones por semana" in main_text(es.text) and "Sign-ups per week" not in main_text(es.text)


def test_signups_per_week_are_counted_by_new_york_days(srv):
    """A sign-up at 9 pm in New York on the last day of a week is late on the next UTC day: it
    counts in the week of its New York date, as staff in New York would count it."""
    lid = sign_up(srv, "evening", "Keisha", "Washington", "Kings")
    weeks = api(srv, "state@example.org", "GET", "/api/v1/reports/summary").json()["signups_per_week"]
    last = weeks[-1]["week_start"]
    # the evening before the last week starts: 21:00 in New York is 02:00 UTC (winter time)
    with srv.sql() as c:
        c.execute("UPDATE applications SET submitted_at = ? WHERE email = ?",
                  (last + "T02:00:00Z", PEOPLE["evening"]["email"]))
    after = api(srv, "state@example.org", "GET", "/api/v1/reports/summary").json()["signups_per_week"]
    assert [w["week_start"] for w in after] == [w["week_start"] for w in weeks]
    assert after[-2]["signups"] == weeks[-2]["signups"] + 1, (weeks[-2:], after[-2:])
    assert after[-1]["signups"] == weeks[-1]["signups"] - 1, (weeks[-2:], after[-2:])
    assert lid


def test_new_routes_need_a_staff_member(srv):
    for path in ["/admin/osos", "/admin/osos.csv", "/admin/reports", "/admin/reports/pirl.csv",
                 "/admin/reports/summary.csv?table=osos"]:
        r = srv.get(path)
        assert r.status == 302 and r.header("Location", "").startswith("/admin/login?next="), \
            "GET %s without signing in: %d %s" % (path, r.status, r.header("Location"))
    for path in ["/api/v1/reports/pirl.csv?from=2026-01-01&to=2026-12-31",
                 "/api/v1/reports/summary", "/api/v1/osos/entries/entered",
                 "/api/v1/osos/entries/reject"]:
        method = "POST" if path.endswith(("entered", "reject")) else "GET"
        r = srv.request(method, path, "{}", JSON)
        assert r.status == 401, "%s %s without a token: %d" % (method, path, r.status)
    # a learner's session is no staff member's
    r = srv.request("POST", "/admin/osos", "action=entered&id=1",
                    {"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status in (302, 303, 403), r.status


def test_exits_command_drafts_what_the_sweep_would(srv):
    kwame = PEOPLE["kwame"]
    cli(srv, "test-learning", "learner", "tomas.idle@example.org", "--status", "removed",
        "--first", "Tomas")
    with srv.sql() as c:
        c.execute("UPDATE learners SET activated_at = '2026-05-04T14:00:00Z', "
                  "last_activity_at = '2026-06-30T18:30:00Z' WHERE email = 'tomas.idle@example.org'")
    tomas = one(srv, "SELECT id FROM learners WHERE email = 'tomas.idle@example.org'")
    out = cli(srv, "osos", "exits", "--now", "2026-10-01T00:00:00Z").stdout.decode()
    ex = of(entries(srv, "state@example.org", kind="exit"), tomas)
    assert len(ex) == 1 and ex[0]["date"] == "2026-06-30" and ex[0]["status"] == "draft", (ex, out)
    out = cli(srv, "osos", "exits", "--now", "2026-10-01T01:00:00Z").stdout.decode()
    assert "0 drafted" in out, out
    # Kwame completed his only program, so nothing is in progress: he has one exit, dated at
    # his last sign of service (the report's activity, or his activation if later)
    cli(srv, "osos", "exits", "--now", "2030-01-01T00:00:00Z")
    activated = of(entries(srv, "state@example.org", kind="referral"), kwame["id"])[0]["date"]
    ex = of(entries(srv, "state@example.org", kind="exit"), kwame["id"])
    assert len(ex) == 1 and ex[0]["date"] == max(activated, "2026-11-21"), ex
    assert cli(srv, "osos", "exits", "--now", "soon", check=False).returncode == 2


def test_learners_filter_by_reportable_individual_or_participant(srv):
    maria, kwame = PEOPLE["maria"], PEOPLE["kwame"]
    r = api(srv, "nyc.admin@example.org", "GET", "/api/v1/learners?wioa=participant")
    assert r.status == 200, r.text
    assert [x["id"] for x in r.json()["items"]] == [maria["id"]], r.json()["items"]
    r = api(srv, "nyc.admin@example.org", "GET", "/api/v1/learners?wioa=reportable_individual&limit=500")
    ids = [x["id"] for x in r.json()["items"]]
    assert kwame["id"] in ids and maria["id"] not in ids, ids
    assert r.json()["total"] == one(srv, "SELECT COUNT(*) FROM learners WHERE local_area_id = "
                                         "(SELECT id FROM local_areas WHERE slug = ?)", NYC) - 1
    assert api(srv, "nyc.admin@example.org", "GET", "/api/v1/learners?wioa=maybe").status == 422
    # with the setting on, an entered referral makes a participant
    cli(srv, "test-setting", "coursera_counts_as_training", "1")
    time.sleep(1.1)
    r = api(srv, "state@example.org", "GET", "/api/v1/learners?wioa=participant&limit=500")
    entered = {x[0] for x in rows(srv, "SELECT learner_id FROM osos_entries WHERE kind = "
                                       "'referral' AND status = 'entered'")}
    assert {x["id"] for x in r.json()["items"]} == entered | {maria["id"]}, r.json()["items"]
    cli(srv, "test-setting", "coursera_counts_as_training", "0")
    time.sleep(1.1)
    page = login(srv, "nyc.admin@example.org").get("/admin/learners?wioa=participant")
    text = main_text(page.text)
    assert "Maria" in text and "Kwame" not in text, text[:800]
    assert 'name="wioa"' in page.text, "the learner list has no filter for it"
