"""The staff workspace: sign-in with its lockout, the review queue (approve, deny with a reason
e-mailed in the person's language, bulk approve), learners (search by name, e-mail, OSOS ID
or reference; filters; sorting; keyset pages; the CSV export of exactly the filtered list),
a learner's page (OSOS ID with its format check, notes, transfer with enrollments carried
over, audit trail), program settings (seats, renewal of the term, auto-approve, eligibility
policy, curated lists), staff accounts, the audit log, the API, Spanish pages, and above all
that a user from another local area and a viewer can neither see nor change anything they
should not, on every staff route."""

import csv
import io
import json
import re
import subprocess
import time
import urllib.parse

from checks import main_text, security_header_problems, title
from server import find_csrf

SERVER = {"smtp": True}

NYC, YONKERS = "new-york-city", "yonkers"
PASSWORDS = {
    "state@example.org": "state-admin-password",
    "nyc.admin@example.org": "nyc-admin-password",
    "nyc.viewer@example.org": "nyc-viewer-password",
    "yon.admin@example.org": "yonkers-admin-pass",
    "yon.viewer@example.org": "yonkers-viewer-pass",
    "locked@example.org": "locked-out-password",
}
ROLES = {
    "state@example.org": ("state_admin", None),
    "nyc.admin@example.org": ("area_admin", NYC),
    "nyc.viewer@example.org": ("area_viewer", NYC),
    "yon.admin@example.org": ("area_admin", YONKERS),
    "yon.viewer@example.org": ("area_viewer", YONKERS),
    "locked@example.org": ("area_viewer", YONKERS),
}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


# ---- helpers ---------------------------------------------------------------------------------

def cli(srv, *args, check=True):
    p = subprocess.run([srv.binary, *args, "--db", srv.db], env=srv._env(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError("skillgate %s exited %d:\n%s%s" % (
            " ".join(args), p.returncode, p.stdout.decode(), p.stderr.decode()))
    return p


def db(srv):
    return srv.sql()


def rows(srv, sql, *args):
    with db(srv) as c:
        return c.execute(sql, args).fetchall()


def one(srv, sql, *args):
    r = rows(srv, sql, *args)
    return r[0][0] if r else None


def area_id(srv, slug):
    return one(srv, "SELECT id FROM local_areas WHERE slug = ?", slug)


_setup = {}


def setup(srv):
    """Staff in two areas, people in both, a few programs; once per server."""
    key = srv.db
    if key in _setup:
        return _setup[key]
    for email, (role, area) in ROLES.items():
        args = ["staff", "add", email, "--role", role, "--password", PASSWORDS[email]]
        if area:
            args += ["--area", area]
        cli(srv, *args)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with db(srv) as c:
        for i in range(6):
            c.execute("INSERT INTO programs (slug, kind, title, partner, industry, created_at, "
                      "updated_at) VALUES (?, 'course', ?, 'Test U', 'technology', ?, ?)",
                      ("staff-test-program-%d" % i, "Staff Test Program %d" % i, now, now))
    cli(srv, "test-staff-data", "40", "--area", NYC, "--pending", "30", "--seed", "101")
    cli(srv, "test-staff-data", "30", "--area", YONKERS, "--pending", "30", "--seed", "202")
    tokens = {}
    for email in ROLES:
        if email == "locked@example.org":
            continue
        p = cli(srv, "token", "create", "--staff", email)
        tokens[email] = p.stdout.decode().strip()
        assert re.fullmatch(r"[0-9a-f]{64}", tokens[email]), p.stdout
    s = {"tokens": tokens, "sessions": {}, "nyc": area_id(srv, NYC),
         "yonkers": area_id(srv, YONKERS)}
    _setup[key] = s
    return s


def login(srv, email, password=None):
    """A browser session signed in as email."""
    s = srv.session()
    r = s.get("/admin/login")
    assert r.status == 200, "GET /admin/login: %d" % r.status
    r = s.post_form("/admin/login", {"csrf": find_csrf(r.text), "email": email,
                                     "password": password or PASSWORDS[email], "next": "/admin"})
    assert r.status == 303 and r.header("Location", "").endswith("/admin"), \
        "signing in as %s: %d %s %s" % (email, r.status, r.header("Location"),
                                        main_text(r.text)[:300])
    return s


def session(srv, email):
    st = setup(srv)
    if email not in st["sessions"]:
        st["sessions"][email] = login(srv, email)
    return st["sessions"][email]


def api(srv, email, method, path, body=None):
    headers = {"Authorization": "Bearer " + setup(srv)["tokens"][email]}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body)
    return srv.request(method, path, body, headers)


def post(s, path, fields, csrf_from="/admin"):
    token = s.csrf(csrf_from)
    data = dict(fields)
    data["csrf"] = token
    return s.post_form(path, data)


def people(srv, slug, status=None):
    """(learner id, first, last, email, osos, reference) of an area's learners."""
    sql = ("SELECT l.id, l.first_name, l.last_name, l.email, l.osos_id, a.reference FROM "
           "learners l JOIN applications a ON a.id = l.application_id WHERE l.local_area_id = ?")
    args = [area_id(srv, slug)]
    if status:
        sql += " AND l.license_status = ?"
        args.append(status)
    return rows(srv, sql + " ORDER BY l.id", *args)


def pending(srv, slug, lang=None):
    sql = ("SELECT reference, first_name, last_name, email FROM applications WHERE "
           "local_area_id = ? AND status = 'pending_review'")
    args = [area_id(srv, slug)]
    if lang:
        sql += " AND language = ?"
        args.append(lang)
    return rows(srv, sql + " ORDER BY id", *args)


def snapshot(srv):
    """Everything a change could touch, to prove that nothing changed."""
    return (rows(srv, "SELECT id, osos_id, notes, local_area_id, license_status, updated_at "
                      "FROM learners ORDER BY id"),
            rows(srv, "SELECT id, status, local_area_id, decision_note FROM applications "
                      "ORDER BY id"),
            rows(srv, "SELECT key, value FROM settings WHERE key <> 'csrf_key' ORDER BY key"),
            rows(srv, "SELECT id, role, local_area_id, active, password_hash FROM staff "
                      "ORDER BY id"),
            rows(srv, "SELECT region_id, program_id, rank FROM region_programs ORDER BY 1, 2"),
            rows(srv, "SELECT COUNT(*) FROM policy_versions"),
            rows(srv, "SELECT COUNT(*) FROM learner_transfers"))


def no_style_attributes(text, where):
    assert not re.search(r"<[^>]+\sstyle=", text, re.I), "%s has an inline style attribute" % where


# ---- sign-in ---------------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_the_login(srv):
    setup(srv)
    for path in ["/admin", "/admin/queue", "/admin/learners", "/admin/learners/1",
                 "/admin/settings", "/admin/staff", "/admin/audit", "/admin/learners.csv"]:
        r = srv.get(path)
        assert r.status == 302, "GET %s without signing in: %d, want a redirect" % (path, r.status)
        loc = r.header("Location", "")
        assert loc.startswith("/admin/login?next=") and urllib.parse.unquote(
            loc.split("next=", 1)[1]) == path, "GET %s redirects to %r" % (path, loc)
    for method, path in [("GET", "/api/v1/learners"), ("GET", "/api/v1/learners/1"),
                         ("GET", "/api/v1/learners.csv"), ("PATCH", "/api/v1/learners/1"),
                         ("POST", "/api/v1/learners/1/transfer"), ("GET", "/api/v1/settings"),
                         ("PUT", "/api/v1/settings")]:
        r = srv.request(method, path, "{}", {"Content-Type": "application/json"})
        assert r.status == 401, "%s %s without a token: %d, want 401" % (method, path, r.status)
        assert r.json()["error"]["code"] == "unauthorized"


def test_sign_in_wrong_password_and_sign_out(srv):
    setup(srv)
    s = srv.session()
    r = s.get("/admin/login?next=%2Fadmin%2Fqueue")
    assert r.status == 200 and r.html_lang() == "en"
    assert 'autocomplete="current-password"' in r.text
    r = s.post_form("/admin/login", {"csrf": find_csrf(r.text), "email": "nyc.admin@example.org",
                                     "password": "not the password", "next": "/admin/queue"})
    assert r.status == 401, "a wrong password: %d" % r.status
    assert "not right" in main_text(r.text), main_text(r.text)[:300]
    assert title(r.text).startswith("Error:"), title(r.text)
    r = s.post_form("/admin/login", {"csrf": find_csrf(r.text), "email": "NYC.Admin@example.org",
                                     "password": PASSWORDS["nyc.admin@example.org"],
                                     "next": "/admin/queue"})
    assert r.status == 303 and r.header("Location").endswith("/admin/queue"), \
        "signing in (e-mail in another case): %d %s" % (r.status, r.header("Location"))
    assert "sg_session" in s.cookies
    r = s.get("/admin/queue")
    assert r.status == 200 and "Review queue" in r.text
    assert r.header("Cache-Control", "").find("no-store") >= 0, r.header("Cache-Control")
    # an outside next= never leaves the site
    s2 = srv.session()
    r = s2.get("/admin/login")
    r = s2.post_form("/admin/login", {"csrf": find_csrf(r.text), "email": "nyc.admin@example.org",
                                      "password": PASSWORDS["nyc.admin@example.org"],
                                      "next": "//evil.example/admin"})
    assert r.status == 303 and r.header("Location").endswith("/admin"), r.header("Location")
    # sign out
    r = post(s, "/admin/logout", {})
    assert r.status == 303 and "/admin/login" in r.header("Location")
    r = s.get("/admin")
    assert r.status == 302, "after signing out /admin answers %d" % r.status


def test_repeated_failures_wait_the_same_for_unknown_addresses(srv):
    setup(srv)
    for email in ["locked@example.org", "nobody.here@example.org"]:
        s = srv.session()
        statuses = []
        for _ in range(5):
            r = s.get("/admin/login")
            r = s.post_form("/admin/login", {"csrf": find_csrf(r.text), "email": email,
                                             "password": "wrong-password-123"})
            statuses.append(r.status)
        assert statuses == [401] * 5, "%s: five failures answered %s" % (email, statuses)
        r = s.get("/admin/login")
        r = s.post_form("/admin/login", {"csrf": find_csrf(r.text), "email": email,
                                         "password": PASSWORDS.get(email, "x" * 14)})
        assert r.status == 429, "%s after 5 failures, even the right password: %d" % (email, r.status)
        assert "Wait a minute" in main_text(r.text), main_text(r.text)[:300]
        assert 0 < int(r.header("Retry-After")) <= 60, r.header("Retry-After")
    # a state admin's new password ends the wait
    st = session(srv, "state@example.org")
    sid = one(srv, "SELECT id FROM staff WHERE email = 'locked@example.org'")
    r = post(st, "/admin/staff/%d/password" % sid, {"password": "a-brand-new-password"},
             "/admin/staff/%d" % sid)
    assert r.status == 303, r.status
    login(srv, "locked@example.org", "a-brand-new-password")


# ---- the review queue ------------------------------------------------------------------------

def test_queue_is_oldest_first_with_the_48_hour_badges_and_filters(srv):
    st = setup(srv)
    s = session(srv, "nyc.admin@example.org")
    r = s.get("/admin/queue")
    assert r.status == 200
    text = main_text(r.text)
    refs = re.findall(r'href="/admin/requests/(NY-[A-Z0-9-]+)"', r.text)
    want = [x[0] for x in rows(srv, "SELECT reference FROM applications WHERE local_area_id = ? "
                                    "AND status = 'pending_review' ORDER BY due_at, id", st["nyc"])]
    assert refs == want[:50], "queue order %s, want oldest first %s" % (refs[:5], want[:5])
    assert "Overdue by" in text or "left" in text, text[:500]
    for y in pending(srv, YONKERS):
        assert y[0] not in r.text, "the NYC queue shows Yonkers request %s" % y[0]
    es = s.get("/admin/queue?language=es")
    for ref in re.findall(r'href="/admin/requests/(NY-[A-Z0-9-]+)"', es.text):
        assert one(srv, "SELECT language FROM applications WHERE reference = ?", ref) == "es"
    denied = s.get("/admin/queue?status=denied")
    assert denied.status == 200
    bad = s.get("/admin/queue?status=bogus")
    assert bad.status == 400


def test_deny_needs_a_reason_and_emails_it_in_the_persons_language(srv):
    setup(srv)
    s = session(srv, "nyc.admin@example.org")
    es = pending(srv, NYC, "es") or pending(srv, NYC)
    ref, first, last, email = es[0]
    lang = one(srv, "SELECT language FROM applications WHERE reference = ?", ref)
    page = s.get("/admin/requests/" + ref)
    assert page.status == 200 and first in page.text and "Deny this request" in page.text
    r = s.post_form("/admin/requests/%s/decision" % ref,
                    {"csrf": find_csrf(page.text), "decision": "deny", "reason": ""})
    assert r.status == 422, "a denial without a reason: %d" % r.status
    assert "There is a problem" in r.text and 'href="#f-reason"' in r.text
    assert one(srv, "SELECT status FROM applications WHERE reference = ?", ref) == "pending_review"
    reason = "Your layoff notice date is missing; send it to your local office."
    r = s.post_form("/admin/requests/%s/decision" % ref,
                    {"csrf": find_csrf(page.text), "decision": "deny", "reason": reason})
    assert r.status == 303 and "done=deny" in r.header("Location"), (r.status, r.header("Location"))
    assert one(srv, "SELECT status FROM applications WHERE reference = ?", ref) == "denied"
    assert one(srv, "SELECT decision_note FROM applications WHERE reference = ?", ref) == reason
    assert one(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'deny' AND entity_id = ?",
               ref) == 1
    msg = srv.wait_for_mail(lambda m: email in m["to"] and reason in m["text"], timeout=20)
    if lang == "es":
        assert "Hola" in msg["text"] or "solicitud" in msg["text"].lower(), msg["text"][:300]
    q = s.get(r.header("Location"))
    assert ref in main_text(q.text) and "denied" in main_text(q.text)


def test_approve_one_and_bulk_approve(srv):
    setup(srv)
    s = session(srv, "nyc.admin@example.org")
    waiting = pending(srv, NYC)
    ref = waiting[0][0]
    page = s.get("/admin/requests/" + ref)
    r = s.post_form("/admin/requests/%s/decision" % ref,
                    {"csrf": find_csrf(page.text), "decision": "approve"})
    assert r.status == 303, r.status
    assert one(srv, "SELECT status FROM applications WHERE reference = ?", ref) in (
        "active", "waitlisted")
    assert one(srv, "SELECT COUNT(*) FROM learners l JOIN applications a ON a.id = "
                    "l.application_id WHERE a.reference = ?", ref) == 1
    q = s.get("/admin/queue")
    pick = re.findall(r'name="ref" value="(NY-[A-Z0-9-]+)"', q.text)[:2]
    assert len(pick) == 2, "the queue has no checkboxes for an area admin"
    r = s.post_form("/admin/queue/approve", [("csrf", find_csrf(q.text)), ("back", ""),
                                             ("ref", pick[0]), ("ref", pick[1])])
    assert r.status == 303 and "n=2" in r.header("Location"), r.header("Location")
    for p in pick:
        assert one(srv, "SELECT status FROM applications WHERE reference = ?", p) != "pending_review"
    done = s.get(r.header("Location"))
    assert "Requests approved: 2." in main_text(done.text)


# ---- learners --------------------------------------------------------------------------------

def test_search_by_osos_id_email_reference_and_name(srv):
    setup(srv)
    s = session(srv, "nyc.admin@example.org")
    ppl = [p for p in people(srv, NYC) if p[4]]
    lid, first, last, email, osos, ref = ppl[0]
    for q in [osos, osos.lower(), email, email.upper(), ref, ref.replace("-", "").lower(),
              last, "%s %s" % (first, last), "%s, %s" % (last, first)]:
        r = s.get("/admin/learners?q=" + urllib.parse.quote(q))
        assert r.status == 200, "search %r: %d" % (q, r.status)
        assert 'href="/admin/learners/%d"' % lid in r.text, "search %r does not find %s %s" % (
            q, first, last)
    r = s.get("/admin/learners?q=zzzz-nobody")
    assert "No learner matches" in main_text(r.text)


def test_filters_sorting_paging_and_the_csv_is_exactly_the_filtered_list(srv):
    st = setup(srv)
    s = session(srv, "state@example.org")
    seen, cursor = [], None
    while True:
        url = "/admin/learners?local_area=%d&limit=7&sort=name" % st["nyc"]
        if cursor:
            url += "&cursor=" + urllib.parse.quote(cursor)
        r = s.get(url)
        assert r.status == 200, (url, r.status)
        seen += [int(x) for x in re.findall(r'href="/admin/learners/(\d+)"', r.text)]
        m = re.search(r'href="/admin/learners\?cursor=([^"&]+)', r.text)
        if not m:
            break
        cursor = urllib.parse.unquote(m.group(1).replace("&amp;", "&"))
    want = [r[0] for r in rows(srv, "SELECT id FROM learners WHERE local_area_id = ? ORDER BY "
                                    "lower(last_name), lower(first_name), id", st["nyc"])]
    assert seen == want, "paging by name: %s, want %s" % (seen, want)
    r = s.get("/admin/learners?local_area=%d&sort=name&dir=desc" % st["nyc"])
    assert [int(x) for x in re.findall(r'href="/admin/learners/(\d+)"', r.text)] == want[::-1][:50]
    assert 'aria-sort="descending"' in r.text
    for flt, sql in [("status=active", "license_status = 'active'"),
                     ("enrolled=1", "EXISTS (SELECT 1 FROM enrollments e WHERE e.learner_id = "
                                    "learners.id AND e.state = 'enrolled')"),
                     ("completed=0", "NOT EXISTS (SELECT 1 FROM enrollments e WHERE "
                                     "e.learner_id = learners.id AND e.state = 'completed')"),
                     ("activity=never", "last_activity_at IS NULL")]:
        url = "/admin/learners.csv?local_area=%d&%s" % (st["nyc"], flt)
        r = s.get(url)
        assert r.status == 200 and r.header("Content-Type").startswith("text/csv"), (url, r.status)
        assert "attachment" in r.header("Content-Disposition", "")
        data = list(csv.DictReader(io.StringIO(r.text)))
        ids = sorted(int(x["Learner ID"]) for x in data)
        want = sorted(x[0] for x in rows(srv, "SELECT id FROM learners WHERE local_area_id = ? "
                                              "AND " + sql, st["nyc"]))
        assert ids == want, "%s: the CSV has %d rows, the filter matches %d" % (flt, len(ids), len(want))
        page = s.get("/admin/learners?local_area=%d&%s" % (st["nyc"], flt))
        assert ("%d learners match" % len(want)) in main_text(page.text), main_text(page.text)[:400]
    assert one(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'") >= 4


def test_learner_page_osos_format_notes_and_audit_trail(srv):
    setup(srv)
    s = session(srv, "nyc.admin@example.org")
    lid = people(srv, NYC)[0][0]
    page = s.get("/admin/learners/%d" % lid)
    assert page.status == 200
    for heading in ["License and tracking", "Enrollments", "OSOS ID and notes",
                    "Transfer to another local area", "Request for a license",
                    "Decision history", "Audit trail"]:
        assert heading in page.text, "the learner page has no %r section" % heading
    assert one(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND entity = 'learner' "
                    "AND entity_id = ? AND actor_email = 'nyc.admin@example.org'", str(lid)) >= 1
    r = s.post_form("/admin/learners/%d" % lid, {"csrf": find_csrf(page.text),
                                                 "osos_id": "12-34", "notes": "called"})
    assert r.status == 422 and "does not have the format" in main_text(r.text)
    assert 'aria-invalid="true"' in r.text and 'href="#f-osos_id"' in r.text
    r = s.post_form("/admin/learners/%d" % lid, {"csrf": find_csrf(page.text),
                                                 "osos_id": " ab 1234567 ",
                                                 "notes": "Called on Monday."})
    assert r.status == 303, r.status
    assert rows(srv, "SELECT osos_id, notes FROM learners WHERE id = ?", lid)[0] == (
        "AB1234567", "Called on Monday.")
    before, after = rows(srv, "SELECT before_json, after_json FROM audit_log WHERE action = "
                              "'update' AND entity_id = ? ORDER BY id DESC", str(lid))[0]
    assert json.loads(after)["osos_id"] == "AB1234567" and "osos_id" in json.loads(before)
    other = people(srv, NYC)[1][0]
    page = s.get("/admin/learners/%d" % other)
    r = s.post_form("/admin/learners/%d" % other, {"csrf": find_csrf(page.text),
                                                   "osos_id": "AB1234567", "notes": ""})
    assert r.status == 422 and "Another learner already has this OSOS ID" in main_text(r.text)
    page = s.get("/admin/learners/%d" % lid)
    assert "Changed the OSOS ID or notes" in page.text


def test_staff_pages_say_things_in_plain_words(srv):
    """Situations, reasons and decisions as sentences; history as steps; the OSOS ID format as
    an example; policy settings as questions with their current answer; counts with the right
    plural; no status said twice; the overview says what each figure counts."""
    setup(srv)
    s = session(srv, "nyc.admin@example.org")
    # a decided request: its history reads as steps, its status once
    ref, first, last, email = pending(srv, NYC)[0]
    page = s.get("/admin/requests/" + ref)
    post(s, "/admin/requests/%s/decision" % ref, {"decision": "approve"}, "/admin/requests/" + ref)
    page = s.get("/admin/requests/" + ref)
    text = main_text(page.text)
    assert re.search(r"Requested on [A-Z][a-z]{2} \d+, \d{4}.*→ Approved by nyc\.admin@example\.org on ", text), text[:1500]
    assert "— →" not in text and "→ active" not in text and "pending_review" not in text, text[:1500]
    assert "License active License active" not in text and "Waiting for review Waiting for review" not in text
    assert re.search(r"Situation (Out of work now\.|Working[^.]*\.|Lost their job[^.]*\.|Working fewer[^.]*\.)", text), text[:1500]
    # a learner's page: sentences, and the OSOS format as an example
    lid = people(srv, NYC)[0][0]
    text = main_text(s.get("/admin/learners/%d" % lid).text)
    assert "two letters and seven digits, like AB1234567" in text, text[:3000]
    assert "^[A-Z]" not in text and "Format:" not in text
    for raw in ("Situation unemployed", "Situation employed", "Reasons unemployed", "Eligibility decision eligible"):
        assert raw not in text, "raw code on the learner page: %r" % raw
    # the queue and the learner list count with the right plural
    n = len(people(srv, NYC))
    lst = main_text(s.get("/admin/learners").text)
    assert ("%d learners match." % n) in lst or ("1 learner matches." in lst and n == 1), lst[:300]
    ln = rows(srv, "SELECT last_name FROM learners WHERE id = ?", lid)[0][0]
    hits = main_text(s.get("/admin/learners?q=" + urllib.parse.quote(ln)).text)
    m = re.search(r"(\d+) learners? match(es)?\.", hits)
    assert m and (m.group(0) == "1 learner matches." if m.group(1) == "1" else "learners match." in m.group(0)), hits[:300]
    # the policy as questions with their answers, and the current answer said
    a = session(srv, "state@example.org")
    text = main_text(a.get("/admin/settings").text)
    assert "Must an unemployed person's job loss be related to COVID-19?" in text, text
    assert "No: unemployment qualifies whatever the cause" in text
    assert re.search(r"Now: (Yes|No):", text), text
    assert "1: " not in text and "; 0: " not in text, "the policy still reads as 1:/0: codes"
    # the overview says which population each figure counts
    text = main_text(a.get("/admin").text)
    assert "Learners with an active license" in text and "counted from the learners" in text
    assert "Each sign-up request counts once" in text
    # Spanish: one word for a learner
    es = main_text(a.get("/admin/learners?lang=es").text) + main_text(a.get("/admin?lang=es").text)
    a.get("/admin?lang=en")  # the session is shared: back to English
    assert "estudiante" in es.lower() and "participante" not in es.lower().replace("participante de wioa", ""), es[:500]


def test_transfer_carries_enrollments_and_progress_over(srv):
    st = setup(srv)
    nyc = session(srv, "nyc.admin@example.org")
    with_enrollments = rows(srv, "SELECT l.id FROM learners l WHERE l.local_area_id = ? AND "
                                 "EXISTS (SELECT 1 FROM enrollments e WHERE e.learner_id = l.id) "
                                 "ORDER BY l.id DESC", st["nyc"])
    assert with_enrollments, "the generated NYC learners have no enrollments"
    lid = with_enrollments[0][0]
    before = rows(srv, "SELECT program_id, state, progress FROM enrollments WHERE learner_id = ? "
                       "ORDER BY program_id", lid)
    page = nyc.get("/admin/learners/%d" % lid)
    r = nyc.post_form("/admin/learners/%d/transfer" % lid,
                      {"csrf": find_csrf(page.text), "local_area": ""})
    assert r.status == 422
    r = nyc.post_form("/admin/learners/%d/transfer" % lid,
                      {"csrf": find_csrf(page.text), "local_area": str(st["yonkers"]),
                       "note": "Moved to Yonkers."})
    assert r.status == 303 and r.header("Location").startswith("/admin/learners?done=transferred")
    assert one(srv, "SELECT local_area_id FROM learners WHERE id = ?", lid) == st["yonkers"]
    assert rows(srv, "SELECT program_id, state, progress FROM enrollments WHERE learner_id = ? "
                     "ORDER BY program_id", lid) == before
    assert one(srv, "SELECT COUNT(*) FROM learner_transfers WHERE learner_id = ? AND to_area_id "
                    "= ?", lid, st["yonkers"]) == 1
    assert nyc.get("/admin/learners/%d" % lid).status == 404, "NYC still sees a transferred learner"
    yon = session(srv, "yon.admin@example.org")
    page = yon.get("/admin/learners/%d" % lid)
    assert page.status == 200 and "Moved to Yonkers." in page.text
    got = api(srv, "yon.admin@example.org", "GET", "/api/v1/learners/%d" % lid).json()
    assert len(got["enrollments"]) == len(before) and got["transfers"][0]["to"] == "Yonkers"


# ---- no leak, no change: every staff route ---------------------------------------------------

def test_every_staff_route_with_another_areas_user_and_a_viewer(srv):
    st = setup(srv)
    nyc_people = people(srv, NYC)
    lid, first, last, email, osos, ref = [p for p in nyc_people if p[4]][0]
    nyc_ref = pending(srv, NYC)[0][0]
    yon = session(srv, "yon.admin@example.org")
    viewer = session(srv, "nyc.viewer@example.org")
    secrets = [email, "%s, %s" % (last, first), osos, nyc_ref]

    def clean(r, who, path):
        # an HTML page may repeat its own address (the language link); what it shows is <main>
        shown = main_text(r.text) if "html" in r.header("Content-Type", "") else r.text
        for sec in secrets:
            assert sec not in shown, "%s %s shows NYC data %r (status %d)" % (who, path, sec, r.status)
        assert not security_header_problems(r), security_header_problems(r)

    # pages: another area's records are "not found"; lists and searches do not show them
    gets = [("/admin/learners/%d" % lid, 404), ("/admin/requests/%s" % nyc_ref, 404),
            ("/admin/requests/%s" % ref, 404), ("/admin/learners?local_area=%d" % st["nyc"], 404),
            ("/admin/queue?local_area=%d" % st["nyc"], 404),
            ("/admin/learners.csv?local_area=%d" % st["nyc"], 404)]
    for q in [email, osos, ref, last]:
        gets += [("/admin/learners?q=" + urllib.parse.quote(q), 200),
                 ("/admin/learners.csv?q=" + urllib.parse.quote(q), 200)]
    gets += [("/admin", 200), ("/admin/queue", 200), ("/admin/queue?status=active", 200),
             ("/admin/learners", 200), ("/admin/learners.csv", 200),
             ("/admin/learners?sort=activity&dir=desc", 200)]
    for path, want in gets:
        r = yon.get(path)
        assert r.status == want, "Yonkers admin GET %s: %d, want %d" % (path, r.status, want)
        clean(r, "Yonkers admin", path)
    r = yon.get("/admin")
    assert "New York City" not in main_text(r.text)

    # state-admin pages
    for who, s in [("Yonkers admin", yon), ("NYC viewer", viewer)]:
        for path in ["/admin/settings", "/admin/settings/curation", "/admin/staff",
                     "/admin/staff/1", "/admin/audit"]:
            r = s.get(path)
            assert r.status == 403, "%s GET %s: %d, want 403" % (who, path, r.status)

    # the viewer sees their area but is offered no change
    for path in ["/admin/learners/%d" % lid, "/admin/requests/%s" % nyc_ref, "/admin/queue"]:
        r = viewer.get(path)
        assert r.status == 200, "viewer GET %s: %d" % (path, r.status)
        for control in ["Approve selected requests", "Approve this request", "Deny this request",
                        "Transfer the learner", 'name="osos_id"',
                        'name="ref"']:
            assert control not in r.text, "the viewer's %s offers %r" % (path, control)

    # every change, by both users: refused and nothing changes
    snap = snapshot(srv)
    sid = one(srv, "SELECT id FROM staff WHERE email = 'nyc.admin@example.org'")
    posts = [
        ("/admin/requests/%s/decision" % nyc_ref, {"decision": "approve"}, 404, 403),
        ("/admin/requests/%s/decision" % nyc_ref, {"decision": "deny", "reason": "x"}, 404, 403),
        ("/admin/queue/approve", {"ref": nyc_ref, "back": ""}, 303, 403),
        ("/admin/learners/%d" % lid, {"osos_id": "ZZ9999999", "notes": "leak"}, 404, 403),
        ("/admin/learners/%d/transfer" % lid, {"local_area": str(st["yonkers"])}, 404, 403),
        ("/admin/settings", {"seats_en": "1", "form": "seats"}, 403, 403),
        ("/admin/settings/term", {"end_date": "2031-01-01"}, 403, 403),
        ("/admin/settings/policy", {"min_age": "16"}, 403, 403),
        ("/admin/settings/curation", {"region": "capital-region", "action": "add",
                                      "program": "staff-test-program-1"}, 403, 403),
        ("/admin/staff", {"email": "x@example.org", "role": "state_admin",
                          "password": "long-enough-password"}, 403, 403),
        ("/admin/staff/%d" % sid, {"role": "state_admin", "active": "1"}, 403, 403),
        ("/admin/staff/%d/password" % sid, {"password": "long-enough-password"}, 403, 403),
    ]
    for path, fields, want_other, want_viewer in posts:
        for who, s, want in [("Yonkers admin", yon, want_other), ("NYC viewer", viewer, want_viewer)]:
            r = post(s, path, fields)
            assert r.status == want, "%s POST %s: %d, want %d" % (who, path, r.status, want)
            clean(r, who, path)
    assert snapshot(srv) == snap, "a refused change changed the database"

    # the API: the same rules with tokens
    apis = [("GET", "/api/v1/learners/%d" % lid, None, 404, 200),
            ("GET", "/api/v1/learners?q=" + urllib.parse.quote(email), None, 200, 200),
            ("GET", "/api/v1/learners?q=" + urllib.parse.quote(osos), None, 200, 200),
            ("GET", "/api/v1/learners?local_area=%d" % st["nyc"], None, 404, 200),
            ("GET", "/api/v1/learners.csv?q=" + urllib.parse.quote(ref), None, 200, 200),
            ("PATCH", "/api/v1/learners/%d" % lid, {"osos_id": "ZZ9999999"}, 404, 403),
            ("POST", "/api/v1/learners/%d/transfer" % lid, {"local_area": YONKERS}, 404, 403),
            ("GET", "/api/v1/settings", None, 403, 403),
            ("PUT", "/api/v1/settings", {"seats_en": 1}, 403, 403)]
    for method, path, body, want_other, want_viewer in apis:
        r = api(srv, "yon.admin@example.org", method, path, body)
        assert r.status == want_other, "Yonkers token %s %s: %d, want %d" % (method, path, r.status, want_other)
        clean(r, "Yonkers token", path)
        r = api(srv, "nyc.viewer@example.org", method, path, body)
        assert r.status == want_viewer, "NYC viewer token %s %s: %d, want %d" % (
            method, path, r.status, want_viewer)
    r = api(srv, "yon.admin@example.org", "GET", "/api/v1/learners?q=" + urllib.parse.quote(email))
    assert r.json()["items"] == []
    assert snapshot(srv) == snap, "a refused API call changed the database"


# ---- settings --------------------------------------------------------------------------------

def test_seats_renewal_auto_approve_and_policy(srv):
    setup(srv)
    s = session(srv, "state@example.org")
    page = s.get("/admin/settings")
    assert page.status == 200 and "Renew the program" in page.text
    r = post(s, "/admin/settings", {"form": "seats", "seats_en": "-3", "seats_es": "100"},
             "/admin/settings")
    assert r.status == 422 and 'href="#f-seats_en"' in r.text
    r = post(s, "/admin/settings", {"form": "seats", "seats_en": "1234", "seats_es": "100"},
             "/admin/settings")
    assert r.status == 303, r.status
    assert one(srv, "SELECT value FROM settings WHERE key = 'seats_en'") == "1234"
    assert one(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'setting' AND entity_id = "
                    "'seats_en'") == 1
    old = one(srv, "SELECT value FROM settings WHERE key = 'license_term_end'") or "2022-11-30"
    r = post(s, "/admin/settings/term", {"end_date": "2001-01-01"}, "/admin/settings")
    assert r.status == 422 and "future" in main_text(r.text)
    active = [x[0] for x in rows(srv, "SELECT email FROM learners WHERE license_status = 'active'")]
    r = post(s, "/admin/settings/term", {"end_date": "2031-11-30"}, "/admin/settings")
    assert r.status == 303 and "done=term" in r.header("Location")
    assert one(srv, "SELECT value FROM settings WHERE key = 'license_term_end'") == "2031-11-30"
    assert one(srv, "SELECT COUNT(*) FROM learners WHERE license_status = 'active' AND "
                    "license_ends_at <> '2031-11-30'") == 0
    assert one(srv, "SELECT COUNT(*) FROM outbox WHERE kind = 'license_renewed'") == len(active)
    srv.wait_for_mail(lambda m: m["to"] == active[0] or active[0] in m["to"], timeout=30)
    done = s.get(r.header("Location"))
    assert "renewed until" in main_text(done.text)
    assert one(srv, "SELECT after_json FROM audit_log WHERE action = 'term_extend'").find(
        "2031-11-30") > 0
    assert old != "2031-11-30"
    r = post(s, "/admin/settings", {"form": "general", "auto_approve": "0", "sla_hours": "48",
                                    "inactivity_remind_days": "60", "inactivity_remove_days": "30",
                                    "help_email": "help@labor.ny.gov",
                                    "osos_id_pattern": "^[A-Z]{2}[0-9]{7}$"}, "/admin/settings")
    assert r.status == 422 and "Removal must come after the reminder" in main_text(r.text)
    r = post(s, "/admin/settings", {"form": "general", "auto_approve": "0", "sla_hours": "48",
                                    "inactivity_remind_days": "30", "inactivity_remove_days": "45",
                                    "help_email": "help@labor.ny.gov",
                                    "osos_id_pattern": "^[A-Z]{2}[0-9]{7}$"}, "/admin/settings")
    assert r.status == 303
    assert one(srv, "SELECT value FROM settings WHERE key = 'auto_approve'") == "0"
    versions = one(srv, "SELECT COUNT(*) FROM policy_versions")
    r = post(s, "/admin/settings/policy", {"min_age": "17", "covid_related_required": "0",
                                           "underemployed_eligible": "0", "at_risk_review": "1"},
             "/admin/settings")
    assert r.status == 303 and "done=policy" in r.header("Location")
    assert one(srv, "SELECT COUNT(*) FROM policy_versions") == versions + 1
    assert one(srv, "SELECT min_age FROM policy_versions ORDER BY id DESC LIMIT 1") == 17
    r = post(s, "/admin/settings/policy", {"min_age": "9"}, "/admin/settings")
    assert r.status == 422
    # the API reads and writes the same settings
    got = api(srv, "state@example.org", "GET", "/api/v1/settings").json()
    assert got["seats_en"] == 1234 and got["auto_approve"] is False
    assert got["license_term_end"] == "2031-11-30" and got["policy"]["min_age"] == 17
    r = api(srv, "state@example.org", "PUT", "/api/v1/settings",
            {"auto_approve": True, "seats_es": 250, "policy": {"min_age": 18}})
    assert r.status == 200, r.text
    assert r.json()["auto_approve"] is True and r.json()["seats_es"] == 250
    assert r.json()["policy"]["min_age"] == 18
    r = api(srv, "state@example.org", "PUT", "/api/v1/settings", {"seats_en": "many"})
    assert r.status == 422 and "seats_en" in r.json()["error"]["fields"]
    r = api(srv, "state@example.org", "PUT", "/api/v1/settings", {"license_term_end": "2020-01-01"})
    assert r.status == 422 and "license_term_end" in r.json()["error"]["fields"]


def test_curated_lists_add_move_remove_and_import(srv):
    setup(srv)
    s = session(srv, "state@example.org")
    region = one(srv, "SELECT id FROM regions WHERE slug = 'capital-region'")
    page = s.get("/admin/settings/curation?region=capital-region")
    assert page.status == 200
    for i in (1, 2, 3):
        r = post(s, "/admin/settings/curation", {"region": "capital-region", "action": "add",
                                                 "program": "staff-test-program-%d" % i},
                 "/admin/settings/curation?region=capital-region")
        assert r.status == 303, (r.status, main_text(r.text)[:200])

    def order():
        return [x[0] for x in rows(srv, "SELECT p.slug FROM region_programs rp JOIN programs p ON "
                                        "p.id = rp.program_id WHERE rp.region_id = ? AND p.slug "
                                        "LIKE 'staff-test-%' ORDER BY rp.rank", region)]
    assert order()[-3:] == ["staff-test-program-1", "staff-test-program-2", "staff-test-program-3"]
    # the list names each program's industry in words, in the page's language
    rows_en = re.findall(r'staff-test-program-1">.*?</th><td>([^<]*)</td>',
                         s.get("/admin/settings/curation?region=capital-region").text)
    rows_es = re.findall(r'staff-test-program-1">.*?</th><td>([^<]*)</td>',
                         s.get("/admin/settings/curation?region=capital-region&lang=es").text)
    assert rows_en == ["Information technology"] and rows_es == ["Tecnología de la información"], (
        rows_en, rows_es)
    s.get("/admin/settings/curation?region=capital-region&lang=en")  # the choice is kept
    r = post(s, "/admin/settings/curation", {"region": "capital-region", "action": "add",
                                             "program": "staff-test-program-1"},
             "/admin/settings/curation?region=capital-region")
    assert r.status == 422 and "already on the region" in main_text(r.text)
    post(s, "/admin/settings/curation", {"region": "capital-region", "action": "up",
                                         "program": "staff-test-program-3"},
         "/admin/settings/curation?region=capital-region")
    assert order()[-3:] == ["staff-test-program-1", "staff-test-program-3", "staff-test-program-2"]
    post(s, "/admin/settings/curation", {"region": "capital-region", "action": "remove",
                                         "program": "staff-test-program-1"},
         "/admin/settings/curation?region=capital-region")
    assert "staff-test-program-1" not in order()
    ranks = [x[0] for x in rows(srv, "SELECT rank FROM region_programs WHERE region_id = ? ORDER "
                                     "BY rank", region)]
    assert ranks == list(range(1, len(ranks) + 1)), "ranks have gaps: %s" % ranks
    assert one(srv, "SELECT COUNT(*) FROM audit_log WHERE entity = 'region_programs'") >= 5
    # a CSV file, checked only
    token = s.csrf("/admin/settings/curation")
    boundary = "----staffboundary"
    body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\n1\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\nregion,program,rank\r\ncapital-region,"
            "staff-test-program-4,1\r\ncapital-region,no-such-program,2\r\n\r\n--%s--\r\n") % (
        boundary, token, boundary, boundary, boundary)
    r = s.request("POST", "/admin/settings/curation/import", body,
                  {"Content-Type": "multipart/form-data; boundary=" + boundary,
                   "Origin": srv.base_url})
    assert r.status in (200, 422), r.status
    assert "Import result" in r.text and "no-such-program" in r.text
    assert "Nothing was changed" in main_text(r.text)


# ---- staff accounts and the audit log --------------------------------------------------------

def test_state_admin_manages_staff(srv):
    st = setup(srv)
    s = session(srv, "state@example.org")
    r = post(s, "/admin/staff", {"email": "new.viewer@example.org", "name": "New Viewer",
                                 "role": "area_viewer", "local_area": "",
                                 "password": "new-viewer-password"}, "/admin/staff")
    assert r.status == 422 and "local area" in main_text(r.text)
    r = post(s, "/admin/staff", {"email": "new.viewer@example.org", "name": "New Viewer",
                                 "role": "area_viewer", "local_area": str(st["yonkers"]),
                                 "password": "short"}, "/admin/staff")
    assert r.status == 422 and "12 characters" in main_text(r.text)
    r = post(s, "/admin/staff", {"email": "new.viewer@example.org", "name": "New Viewer",
                                 "role": "area_viewer", "local_area": str(st["yonkers"]),
                                 "password": "new-viewer-password"}, "/admin/staff")
    assert r.status == 303
    nv = login(srv, "new.viewer@example.org", "new-viewer-password")
    assert nv.get("/admin/learners").status == 200
    sid = one(srv, "SELECT id FROM staff WHERE email = 'new.viewer@example.org'")
    r = post(s, "/admin/staff/%d" % sid, {"role": "area_viewer", "local_area": str(st["yonkers"])},
             "/admin/staff/%d" % sid)
    assert r.status == 303 and one(srv, "SELECT active FROM staff WHERE id = ?", sid) == 0
    r = nv.get("/admin/learners")
    assert r.status == 302, "a deactivated account still works: %d" % r.status
    me = one(srv, "SELECT id FROM staff WHERE email = 'state@example.org'")
    r = post(s, "/admin/staff/%d" % me, {"role": "area_admin", "local_area": str(st["nyc"]),
                                         "active": "1"}, "/admin/staff/%d" % me)
    assert r.status == 422 and "your own" in main_text(r.text)
    assert one(srv, "SELECT role FROM staff WHERE id = ?", me) == "state_admin"


def test_audit_log_page_filters(srv):
    setup(srv)
    s = session(srv, "state@example.org")
    r = s.get("/admin/audit")
    assert r.status == 200 and "Audit log" in r.text
    r = s.get("/admin/audit?actor=nyc.admin%40example.org&action=view")
    assert r.status == 200
    actors = set(re.findall(r"<td>([^<]+@example.org) <span", r.text))
    assert actors <= {"nyc.admin@example.org"}, actors
    r = s.get("/admin/audit?entity=staff")
    assert "staff_add" in r.text


# ---- the API ---------------------------------------------------------------------------------

def test_api_lists_gets_patches_and_exports(srv):
    st = setup(srv)
    who = "nyc.admin@example.org"
    got, cursor = [], None
    while True:
        path = "/api/v1/learners?limit=5&sort=joined&dir=desc"
        if cursor:
            path += "&cursor=" + urllib.parse.quote(cursor)
        r = api(srv, who, "GET", path)
        assert r.status == 200, (path, r.text)
        body = r.json()
        got += [x["id"] for x in body["items"]]
        assert all(x["local_area"]["id"] == st["nyc"] for x in body["items"])
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(got) == len(set(got)) == one(srv, "SELECT COUNT(*) FROM learners WHERE "
                                                 "local_area_id = ?", st["nyc"])
    lid = got[0]
    d = api(srv, who, "GET", "/api/v1/learners/%d" % lid).json()
    for k in ["license", "application", "enrollments", "transfers", "notes", "osos_id"]:
        assert k in d, "GET /api/v1/learners/{id} has no %r" % k
    r = api(srv, who, "PATCH", "/api/v1/learners/%d" % lid, {"osos_id": "bad"})
    assert r.status == 422 and "osos_id" in r.json()["error"]["fields"]
    r = api(srv, who, "PATCH", "/api/v1/learners/%d" % lid, {"color": "red"})
    assert r.status == 422
    r = api(srv, who, "PATCH", "/api/v1/learners/%d" % lid, {"osos_id": "QQ7654321", "notes": "api"})
    assert r.status == 200 and r.json()["osos_id"] == "QQ7654321" and r.json()["notes"] == "api"
    r = api(srv, who, "GET", "/api/v1/learners?q=QQ7654321")
    assert [x["id"] for x in r.json()["items"]] == [lid]
    r = api(srv, who, "GET", "/api/v1/learners.csv?status=active")
    assert r.status == 200 and r.text.startswith("Learner ID,")
    n = len(list(csv.reader(io.StringIO(r.text)))) - 1
    assert n == one(srv, "SELECT COUNT(*) FROM learners WHERE local_area_id = ? AND "
                         "license_status = 'active'", st["nyc"])
    r = api(srv, who, "GET", "/api/v1/learners?status=bogus")
    assert r.status == 422 and "status" in r.json()["error"]["fields"]
    r = api(srv, who, "GET", "/api/v1/learners?cursor=garbage")
    assert r.status == 422
    r = api(srv, who, "POST", "/api/v1/learners/%d/transfer" % lid, {"local_area": "atlantis"})
    assert r.status == 422 and "local_area" in r.json()["error"]["fields"]
    st_tok = "state@example.org"
    r = api(srv, st_tok, "GET", "/api/v1/learners?local_area=yonkers&limit=1")
    assert r.status == 200 and r.json()["items"][0]["local_area"]["name"] == "Yonkers"


# ---- every page in both languages, valid shape, no inline styles ------------------------------

def test_admin_pages_in_english_and_spanish(srv):
    st = setup(srv)
    s = session(srv, "state@example.org")
    lid = people(srv, NYC)[0][0]
    ref = rows(srv, "SELECT reference FROM applications ORDER BY id DESC LIMIT 1")[0][0]
    sid = one(srv, "SELECT id FROM staff LIMIT 1")
    for path in ["/admin", "/admin/queue", "/admin/learners", "/admin/learners/%d" % lid,
                 "/admin/requests/%s" % ref, "/admin/settings",
                 "/admin/settings/curation?region=capital-region", "/admin/staff",
                 "/admin/staff/%d" % sid, "/admin/audit"]:
        en = s.get(path + ("&" if "?" in path else "?") + "lang=en")
        es = s.get(path + ("&" if "?" in path else "?") + "lang=es")
        assert en.status == 200 and es.status == 200, (path, en.status, es.status)
        assert en.html_lang() == "en" and es.html_lang() == "es"
        assert title(en.text) != title(es.text), "%s: the same title in Spanish: %r" % (path, title(es.text))
        assert main_text(en.text) != main_text(es.text)
        no_style_attributes(en.text, path)
    s.get("/admin?lang=en")
    login_es = srv.get("/admin/login?lang=es")
    assert login_es.html_lang() == "es" and "Correo" in main_text(login_es.text)
    r = s.get("/admin")
    assert re.search(r'<svg role="img" aria-labelledby="chart-title chart-desc"', r.text)
    assert "<title id=\"chart-title\">" in r.text and "Sign-ups per day" in r.text
    assert "<table>" in r.text.split("<svg", 1)[1], "the chart has no data table after it"
    _ = st
