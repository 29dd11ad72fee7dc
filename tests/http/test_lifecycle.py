"""Every path has a way forward: a learner removed for inactivity asks again and gets her
enrollments and progress back; staff reinstate a removed learner; the license term's end
(notices 30 and 7 days before, in the person's language, once each; expiry; renewal); the
daily digest of late requests for each area's admins; "e-mail me my reference"; the person's
language kept from sign-up to e-mails and My learning. `skillgate sweep --now …` drives the
clock; the server's outbox delivers every e-mail to a real SMTP server (tests/lib)."""

import json
import re
import subprocess
import time
import unicodedata
import urllib.parse

from checks import main_text
from server import find_csrf

SERVER = {"smtp": True}
JSON = {"Content-Type": "application/json"}
DAY = 86400
_seq = [0]


# ---- helpers ---------------------------------------------------------------------------------

def cli(srv, *args, check=True):
    p = subprocess.run([srv.binary, *args, "--db", srv.db], env=srv._env(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    out = p.stdout.decode("utf-8", "replace")
    if check:
        assert p.returncode == 0, "skillgate %s exited %d:\n%s" % (" ".join(args), p.returncode, out)
    return out


def db(srv):
    return srv.sql()


def one(srv, sql, *args):
    with db(srv) as c:
        row = c.execute(sql, args).fetchone()
    return row[0] if row else None


def rows(srv, sql, *args):
    with db(srv) as c:
        return c.execute(sql, args).fetchall()


def execute(srv, sql, *args):
    with db(srv) as c:
        c.execute(sql, args)


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def setting(srv, key, value):
    cli(srv, "test-setting", key, str(value))
    time.sleep(1.1)  # a running server reads the settings again at most once a second


_ready = set()


def ready(srv):
    if srv.db not in _ready:
        _ready.add(srv.db)
        setting(srv, "signup_rate_per_hour", 0)
        setting(srv, "login_max_per_addr", 0)


def ascii_name(name):
    return unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()


def person(first="María", last="González", lang="en", county="Albany", **over):
    _seq[0] += 1
    n = _seq[0]
    p = {"first_name": first, "last_name": "%s-%d" % (last, n),
         "email": "%s.%s.%d.%d@example.org" % (ascii_name(first), lang, n, time.time_ns() % 10 ** 6),
         "phone": "518-555-01%02d" % n, "birth_date": "1984-03-%02d" % (1 + n % 28),
         "county": county, "town": "", "employment_status": "unemployed",
         "layoff_notice_date": "", "covid_related": False, "dol_staff": False, "osos_id": "",
         "language": lang, "consent": True}
    p.update(over)
    return p


def sign_up(srv, p, want=201):
    ready(srv)
    r = srv.request("POST", "/api/v1/applications", json.dumps(p), JSON)
    assert r.status == want, "POST /api/v1/applications: %d %s" % (r.status, r.text[:400])
    if want != 201:
        return r
    ref = r.json()["reference"]
    deadline = time.time() + 5
    while not one(srv, "SELECT COUNT(*) FROM applications WHERE reference = ?", ref):
        assert time.time() < deadline, "the application %s was not written in 5 s" % ref
        time.sleep(0.02)
    return r


def status(srv, ref, email):
    r = srv.get("/api/v1/applications/%s?email=%s" % (ref, urllib.parse.quote(email)))
    assert r.status == 200, "GET the status of %s: %d %s" % (ref, r.status, r.text[:200])
    return r.json()


def learner_of(srv, email):
    return one(srv, "SELECT id FROM learners WHERE email = ?", email)


def mail_to(srv, to, subject, timeout=15):
    m = srv.wait_for_mail(lambda m: m["to"] == to and m["subject"] == subject, timeout=timeout)
    m["text"] = " ".join(m["text"].split())
    return m


def mails(srv, to, subject=None):
    return [m for m in srv.messages() if m["to"] == to and (subject is None or m["subject"] == subject)]


def token(srv, role="state_admin", area=None):
    args = ["token", "create", "--role", role]
    if area:
        args += ["--area", area]
    return cli(srv, *args).strip().splitlines()[-1]


def api(srv, tok, method, path, body=None):
    h = {"Authorization": "Bearer " + tok}
    if body is not None:
        h["Content-Type"] = "application/json"
        body = json.dumps(body)
    return srv.request(method, path, body, h)


def program(srv, slug, title, lang="en"):
    cli(srv, "test-learning", "program", slug, "--title", title, "--kind", "course")
    execute(srv, "UPDATE programs SET language = ? WHERE slug = ?", lang, slug)
    return slug


def idle_since(srv, email, t):
    """The learner's last course activity (and activation) was at t."""
    execute(srv, "UPDATE learners SET last_activity_at = ?, activated_at = ? WHERE email = ?",
            iso(t), iso(t), email)


_links = set()


def sign_in(srv, email, lang=None):
    """A browser session signed in through the e-mail link; returns (session, sign-in mail)."""
    s = srv.session()
    if lang:
        s.get("/?lang=" + lang)
    t0 = time.time() - 1
    r = s.post_form("/login", {"email": email, "csrf": s.csrf("/login")})
    assert r.status == 200, "POST /login: %d" % r.status
    m = srv.wait_for_mail(lambda m: m["to"] == email and m["received_at"] >= t0 and any(
        "/login/link?t=" in l and l not in _links for l in m["links"]), timeout=15)
    link = [l for l in m["links"] if "/login/link?t=" in l][0]
    _links.add(link)
    path = link[link.index("/login/link"):]
    page = s.get(path)
    tok = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)["t"][0]
    r = s.post_form("/login/link", {"t": tok, "csrf": find_csrf(page.text)})
    assert r.status == 303, "POST /login/link: %d %s" % (r.status, main_text(r.text)[:200])
    return s, m


def remove_for_inactivity(srv, email):
    """Reminder, then removal, by two sweeps (remind at 30 days, remove at 45)."""
    now = time.time()
    idle_since(srv, email, now - 40 * DAY)
    cli(srv, "sweep", "--now", iso(now))
    out = cli(srv, "sweep", "--now", iso(now + 16 * DAY))
    assert one(srv, "SELECT license_status FROM learners WHERE email = ?", email) == "removed", out


# ---- removal and return ----------------------------------------------------------------------

def test_removed_learner_asks_again_and_gets_her_progress_back(srv):
    p = person()
    r = sign_up(srv, p)
    ref1 = r.json()["reference"]
    assert r.json()["status"] == "active", r.json()
    lid = learner_of(srv, p["email"])
    slug = program(srv, "python-for-everybody-lc", "Python for Everybody")
    tok = token(srv)
    r = api(srv, tok, "POST", "/api/v1/learners/%d/enrollments" % lid, {"program": slug})
    assert r.status in (200, 201), r.text
    execute(srv, "UPDATE enrollments SET progress = 42, learning_hours = 7.5 WHERE learner_id = ?",
            lid)
    st = status(srv, ref1, p["email"])
    assert st["license_status"] == "active" and re.fullmatch(r"\d{4}-\d\d-\d\d", st["license_ends"]), st

    remove_for_inactivity(srv, p["email"])
    m = mail_to(srv, p["email"], "Your course license was removed")
    back = [l for l in m["links"] if l.endswith("/signup")]
    assert back, "the removal e-mail has no link to ask again: %r" % m["links"]

    # the status says what happened and what to do
    st = status(srv, ref1, p["email"])
    assert st["license_status"] == "removed", st
    s = srv.session()
    page = s.post_form("/status", {"reference": ref1, "email": p["email"], "csrf": s.csrf("/status")})
    text = main_text(page.text)
    assert "License removed" in text and "ask for a license again" in text.lower(), text[:600]
    assert "License active" not in text, text[:600]

    # My learning: no enroll or drop buttons, and the way back
    me, _ = sign_in(srv, p["email"])
    page = me.get("/me")
    assert page.status == 200
    html = page.text
    assert "Python for Everybody" in html and "42% complete" in html, main_text(html)[:800]
    assert "/drop" not in html and 'name="program"' not in html, "a removed learner sees enroll/drop controls"
    assert 'href="/signup"' in html, "My learning does not offer to ask again"
    r = me.post_form("/me/enrollments/%s/drop" % slug, {"csrf": me.csrf("/me")})
    assert one(srv, "SELECT state FROM enrollments WHERE learner_id = ?", lid) == "enrolled"

    # the link from the e-mail works: the form answers, and asking again is accepted
    path = back[0][back[0].index("/signup"):]
    assert srv.get(path).status == 200
    r = sign_up(srv, p)
    ref2 = r.json()["reference"]
    assert ref2 != ref1 and r.json()["status"] == "active", r.json()
    assert learner_of(srv, p["email"]) == lid, "asking again made a new learner"
    assert rows(srv, "SELECT state, progress, learning_hours FROM enrollments WHERE learner_id = ?",
                lid) == [("enrolled", 42.0, 7.5)]
    assert status(srv, ref2, p["email"])["license_status"] == "active"
    old = status(srv, ref1, p["email"])
    assert old.get("newer_reference") == ref2, old
    # the request history shows both requests
    assert one(srv, "SELECT COUNT(*) FROM applications WHERE email = ?", p["email"]) == 2
    # a third request while the license is active is still a duplicate
    sign_up(srv, p, want=409)
    # signed in again, the enroll and drop buttons are back
    page = me.get("/me")
    assert "/drop" in page.text, main_text(page.text)[:600]
    # the inactivity clock started again: the next sweep does not remove her at once
    out = cli(srv, "sweep", "--now", iso(time.time() + DAY))
    assert one(srv, "SELECT license_status FROM learners WHERE id = ?", lid) == "active", out


def test_form_sign_up_accepts_a_removed_person(srv):
    p = person(first="Keisha", last="Brown")
    sign_up(srv, p)
    remove_for_inactivity(srv, p["email"])
    s = srv.session()
    fields = {"first_name": p["first_name"], "last_name": p["last_name"], "email": p["email"],
              "phone": "", "birth_date": p["birth_date"], "county": "Albany", "language": "en",
              "employment_status": "unemployed", "layoff_notice_date": "", "dol_staff": "0",
              "osos_id": "", "consent": "1", "website": "", "csrf": s.csrf("/signup")}
    r = s.post_form("/signup", fields)
    text = main_text(r.text)
    assert r.status == 200 and "already asked" not in text, text[:400]
    assert "license is active" in text.lower(), text[:400]


def test_staff_reinstate_a_removed_learner(srv):
    p = person(first="Darnell", last="Washington")
    sign_up(srv, p)
    lid = learner_of(srv, p["email"])
    area = rows(srv, "SELECT la.slug FROM learners l JOIN local_areas la ON la.id = "
                     "l.local_area_id WHERE l.id = ?", lid)[0][0]
    remove_for_inactivity(srv, p["email"])

    viewer = token(srv, "area_viewer", area)
    assert api(srv, viewer, "POST", "/api/v1/learners/%d/reinstate" % lid).status == 403
    other = "new-york-city" if area != "new-york-city" else "yonkers"
    r = api(srv, token(srv, "area_admin", other), "POST", "/api/v1/learners/%d/reinstate" % lid)
    assert r.status == 404, "another area's admin reinstated: %d" % r.status
    assert one(srv, "SELECT license_status FROM learners WHERE id = ?", lid) == "removed"

    admin = token(srv, "area_admin", area)
    r = api(srv, admin, "POST", "/api/v1/learners/%d/reinstate" % lid)
    assert r.status == 200, r.text
    assert r.json()["license_status"] == "active", r.json()
    mail_to(srv, p["email"], "Your Coursera license is active")
    assert rows(srv, "SELECT action, actor_role FROM audit_log WHERE entity = 'learner' AND "
                     "entity_id = ? AND action = 'learner_reinstate'", str(lid)) == \
        [("learner_reinstate", "area_admin")]
    r = api(srv, admin, "POST", "/api/v1/learners/%d/reinstate" % lid)
    assert r.status == 409 and r.json()["error"]["code"] == "conflict", r.text

    # when every seat is taken, reinstatement puts the learner on the waiting list
    q = person(first="Rosa", last="Martinez")
    sign_up(srv, q)
    remove_for_inactivity(srv, q["email"])
    qid = learner_of(srv, q["email"])
    used = one(srv, "SELECT COUNT(*) FROM learners WHERE program = 'en' AND license_status = 'active'")
    setting(srv, "seats_en", used)
    r = api(srv, token(srv), "POST", "/api/v1/learners/%d/reinstate" % qid)
    assert r.status == 200 and r.json()["license_status"] == "waitlisted", r.text
    mail_to(srv, q["email"], "Your license is coming back: you are on the waiting list")
    setting(srv, "seats_en", 50000)


def test_reinstate_button_on_the_learner_page(srv):
    p = person(first="Wei", last="Chen")
    sign_up(srv, p)
    lid = learner_of(srv, p["email"])
    remove_for_inactivity(srv, p["email"])
    cli(srv, "staff", "add", "lc.state@example.org", "--role", "state_admin", "--password",
        "state-admin-password-lc")
    s = srv.session()
    r = s.get("/admin/login")
    r = s.post_form("/admin/login", {"csrf": find_csrf(r.text), "email": "lc.state@example.org",
                                     "password": "state-admin-password-lc", "next": "/admin"})
    assert r.status == 303
    page = s.get("/admin/learners/%d" % lid)
    assert "Reinstate the license" in page.text, main_text(page.text)[:500]
    r = s.post_form("/admin/learners/%d/reinstate" % lid, {"csrf": find_csrf(page.text)})
    assert r.status == 303 and "done=reinstated" in r.header("Location", ""), (r.status, r.header("Location"))
    page = s.get(r.header("Location"))
    assert "The license was reinstated" in page.text
    assert "Reinstate the license" not in page.text
    assert one(srv, "SELECT license_status FROM learners WHERE id = ?", lid) == "active"


# ---- license term end ------------------------------------------------------------------------

MON_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MON_ES = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]


def ymd(t):
    return time.strftime("%Y-%m-%d", time.gmtime(t))


def shown(d, es=False):
    y, m, dd = (int(x) for x in d.split("-"))
    return "%d %s %d" % (dd, MON_ES[m - 1], y) if es else "%s %d, %d" % (MON_EN[m - 1], dd, y)


def outbox(srv, to, kind):
    return one(srv, "SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND kind = ?", to, kind)


def test_term_notices_once_each_then_expiry_then_renewal(srv):
    en = person(first="Ana", last="Lopez")
    es = person(first="José", last="Ramírez", lang="es", county="Bronx")
    sign_up(srv, en)
    sign_up(srv, es)
    # 16:00 UTC is 11:00 or 12:00 in New York: the same calendar date on both sides, so the
    # days counted here (UTC) and by the server (New York) agree at any hour the test runs.
    now = (int(time.time()) // DAY + 1) * DAY + 16 * 3600
    end = ymd(now + 25 * DAY)
    setting(srv, "license_term_end", end)
    ref = one(srv, "SELECT reference FROM applications WHERE email = ?", en["email"])
    st = status(srv, ref, en["email"])
    assert (st["license_status"], st["license_ends"]) == ("active", end), st
    s = srv.session()
    page = s.post_form("/status", {"reference": ref, "email": en["email"], "csrf": s.csrf("/status")})
    assert "License ends on" in page.text and shown(end) in main_text(page.text), main_text(page.text)[:600]

    # 25 days before the end: the 30-day notice, once, in each person's language
    out = cli(srv, "sweep", "--now", iso(now))
    assert re.search(r"[1-9]\d* told 30 days ahead", out), out
    m = mail_to(srv, en["email"], "Your Coursera license ends on %s" % shown(end))
    assert "in 25 days" in m["text"] and any(l.endswith("/me") for l in m["links"]), m["text"]
    m = mail_to(srv, es["email"], "Tu licencia de Coursera termina el %s" % shown(end, True))
    assert "25 días" in m["text"], m["text"]
    cli(srv, "sweep", "--now", iso(now + 3600))
    # a restart changes nothing either
    srv.terminate()
    srv.start()
    out = cli(srv, "sweep", "--now", iso(now + 2 * DAY))
    assert "0 told 30 days ahead" in out, out
    assert outbox(srv, en["email"], "term_notice_30") == 1 and outbox(srv, es["email"], "term_notice_30") == 1

    # 6 days before: the 7-day notice, once
    out = cli(srv, "sweep", "--now", iso(now + 19 * DAY))
    assert re.search(r"[1-9]\d* told 7 days ahead", out), out
    m = mail_to(srv, en["email"], "Your Coursera license ends on %s" % shown(end))
    out = cli(srv, "sweep", "--now", iso(now + 19 * DAY + 7200))
    assert "0 told 7 days ahead" in out, out
    assert outbox(srv, en["email"], "term_notice_7") == 1 and outbox(srv, es["email"], "term_notice_7") == 1
    assert outbox(srv, en["email"], "term_notice_30") == 1

    # the day after the end: expired, seats freed, told so
    used = one(srv, "SELECT active FROM seat_pools WHERE program = 'en'")
    out = cli(srv, "sweep", "--now", iso(now + 26 * DAY))
    assert re.search(r"[1-9]\d* expired", out), out
    st = status(srv, ref, en["email"])
    assert (st["license_status"], st["license_ends"]) == ("expired", end), st
    assert one(srv, "SELECT active FROM seat_pools WHERE program = 'en'") < used
    m = mail_to(srv, en["email"], "Your Coursera license has ended")
    assert shown(end) in m["text"], m["text"]
    mail_to(srv, es["email"], "Tu licencia de Coursera terminó")
    page = s.post_form("/status", {"reference": ref, "email": en["email"], "csrf": s.csrf("/status")})
    assert "License ended" in page.text, main_text(page.text)[:600]
    out = cli(srv, "sweep", "--now", iso(now + 27 * DAY))
    assert " 0 expired" in out, out

    # a renewal brings them back, with the activation e-mail
    new_end = ymd(time.time() + 400 * DAY)
    r = api(srv, token(srv), "PUT", "/api/v1/settings", {"license_term_end": new_end})
    assert r.status == 200, r.text
    st = status(srv, ref, en["email"])
    assert (st["license_status"], st["license_ends"]) == ("active", new_end), st
    m = mail_to(srv, en["email"], "Your Coursera license is active")
    assert any(l.endswith("/login") for l in m["links"]), m["links"]
    assert one(srv, "SELECT license_status FROM learners WHERE email = ?", es["email"]) == "active"


# ---- lost reference --------------------------------------------------------------------------

def lookup(srv, email):
    return srv.request("POST", "/api/v1/applications/lookup", json.dumps({"email": email}), JSON)


def test_lookup_known_and_unknown_addresses_answer_the_same(srv):
    setting(srv, "lookup_max_per_addr", 100)
    p = person(first="Guadalupe", last="Hernández", lang="es", county="Queens")
    ref = sign_up(srv, p).json()["reference"]
    unknown = "nobody.%d@example.org" % time.time_ns()
    a, b = lookup(srv, p["email"].upper()), lookup(srv, unknown)
    assert (a.status, a.text) == (b.status, b.text) and a.status == 202, (a.status, a.text, b.text)
    for h in ("Content-Type", "Cache-Control"):
        assert a.header(h) == b.header(h), h
    m = mail_to(srv, p["email"], "La referencia de tu solicitud")
    assert ref in m["text"] and any(("/status?ref=" + ref) in l for l in m["links"]), m["text"]
    time.sleep(1.5)
    assert not [x for x in srv.messages() if x["to"] == unknown], "an unknown address got mail"

    # the page offers it and answers the same for both
    s = srv.session()
    page = s.get("/status")
    assert "E-mail me my reference" in page.text and 'action="/status/lookup"' in page.text
    r1 = s.post_form("/status/lookup", {"lookup_email": p["email"], "csrf": s.csrf("/status")})
    r2 = s.post_form("/status/lookup", {"lookup_email": unknown, "csrf": s.csrf("/status")})
    assert r1.status == r2.status == 200 and main_text(r1.text) == main_text(r2.text), main_text(r2.text)[:300]
    assert "Check your e-mail" in r1.text

    # at most 3 e-mails an hour to one address; the answer stays the same
    for _ in range(3):
        assert lookup(srv, p["email"]).status == 202
    time.sleep(1.5)
    assert outbox(srv, p["email"], "reference_lookup") == 3, outbox(srv, p["email"], "reference_lookup")

    # one network address is limited too
    setting(srv, "lookup_max_per_addr", 2)
    codes = [lookup(srv, "someone.%d@example.org" % i).status for i in range(3)]
    assert codes[-1] == 429, codes
    setting(srv, "lookup_max_per_addr", 100)
    assert lookup(srv, "not an address").status == 422


# ---- the person's language -------------------------------------------------------------------

def test_language_kept_from_sign_up_to_e_mails_and_my_learning(srv):
    ready(srv)
    s = srv.session()
    p = person(first="Lucía", last="Torres", lang="es", county="Kings")
    fields = {"first_name": p["first_name"], "last_name": p["last_name"], "email": p["email"],
              "phone": "", "birth_date": p["birth_date"], "county": "Kings", "language": "es",
              "employment_status": "unemployed", "layoff_notice_date": "", "dol_staff": "0",
              "osos_id": "", "consent": "1", "website": "", "csrf": s.csrf("/inscribete")}
    r = s.post_form("/inscribete", fields)
    assert r.status == 200 and r.html_lang() == "es", (r.status, main_text(r.text)[:300])
    m = srv.wait_for_mail(lambda m: m["to"] == p["email"], timeout=15)
    assert "licencia" in m["subject"], "the sign-up e-mail is not in Spanish: %s" % m["subject"]

    # she signs in from a computer whose browser asks for English
    en = {"Accept-Language": "en-US,en;q=0.9"}
    b = srv.session()
    page = b.get("/login", headers=en)
    assert page.html_lang() == "en"
    t0 = time.time() - 1
    r = b.post_form("/login", {"email": p["email"], "csrf": find_csrf(page.text)}, headers=en)
    assert r.status == 200
    m = srv.wait_for_mail(lambda m: m["to"] == p["email"] and m["received_at"] >= t0 and any(
        "/login/link?t=" in l for l in m["links"]), timeout=15)
    assert m["subject"] != "Your sign-in link", "the sign-in e-mail is in the browser's language"
    link = [l for l in m["links"] if "/login/link?t=" in l][0]
    path = link[link.index("/login/link"):]
    page = b.get(path, headers=en)
    tok = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)["t"][0]
    r = b.post_form("/login/link", {"t": tok, "csrf": find_csrf(page.text)}, headers=en)
    assert r.status == 303
    me = b.get("/me", headers=en)
    assert me.status == 200 and me.html_lang() == "es", "My learning is not in her language"
    assert "Mi aprendizaje" in main_text(me.text) or "Hola" in main_text(me.text), main_text(me.text)[:200]

    # she switches to English: My learning and her e-mails follow
    r = b.post_form("/lang", {"lang": "en", "next": "/me", "csrf": find_csrf(me.text)}, headers=en)
    assert r.status in (302, 303)
    me = b.get("/me", headers=en)
    assert me.html_lang() == "en"
    assert one(srv, "SELECT language FROM learners WHERE email = ?", p["email"]) == "en"
    c = srv.session()
    r = c.post_form("/login", {"email": p["email"], "csrf": c.csrf("/login")})
    m = srv.wait_for_mail(lambda m: m["to"] == p["email"] and any(
        "/login/link?t=" in l and l != link for l in m["links"]), timeout=15)
    assert m["subject"] == "Your sign-in link", m["subject"]


def test_spanish_program_learner_sees_spanish_programs_first(srv):
    p = person(first="Mateo", last="Cruz", lang="es", county="Albany")
    sign_up(srv, p)
    lid = learner_of(srv, p["email"])
    region = one(srv, "SELECT region_id FROM learners WHERE id = ?", lid)
    execute(srv, "DELETE FROM region_programs WHERE region_id = ?", region)
    now = iso(time.time())
    titles = [("Excel Skills for Business", "en"), ("Google IT Support", "en"),
              ("Fundamentos de Excel", "es"), ("Soporte de TI de Google", "es")]
    for rank, (title, lang) in enumerate(titles, 1):
        slug = "lc-" + ascii_name(title).replace(" ", "-")
        program(srv, slug, title, lang)
        pid = one(srv, "SELECT id FROM programs WHERE slug = ?", slug)
        execute(srv, "INSERT INTO region_programs (region_id, program_id, rank, industry) "
                     "VALUES (?, ?, ?, 'technology')", region, pid, rank)
    me, _ = sign_in(srv, p["email"])
    text = main_text(me.get("/me").text)
    pos = {t: text.find(t) for t, _ in titles}
    assert all(v >= 0 for v in pos.values()), pos
    assert max(pos["Fundamentos de Excel"], pos["Soporte de TI de Google"]) < \
        min(pos["Excel Skills for Business"], pos["Google IT Support"]), pos
    assert pos["Fundamentos de Excel"] < pos["Soporte de TI de Google"], "curated rank not kept"


# ---- escalation digest -----------------------------------------------------------------------

def staff_login(srv, email, password):
    s = srv.session()
    r = s.get("/admin/login")
    r = s.post_form("/admin/login", {"csrf": find_csrf(r.text), "email": email,
                                     "password": password, "next": "/admin"})
    assert r.status == 303, "signing in as %s: %d" % (email, r.status)
    return s


def test_daily_digest_of_late_requests_for_area_and_state_admins(srv):
    setting(srv, "auto_approve", 0)
    pw = "digest-admin-password"
    cli(srv, "staff", "add", "albany.admin@example.org", "--role", "area_admin", "--area",
        "capital-region", "--password", pw, check=False)
    area = one(srv, "SELECT la.slug FROM county_areas ca JOIN local_areas la ON la.id = "
                    "ca.local_area_id WHERE ca.county = 'Albany'")
    cli(srv, "staff", "add", "area.admin@example.org", "--role", "area_admin", "--area", area,
        "--password", pw)
    cli(srv, "staff", "add", "area.viewer@example.org", "--role", "area_viewer", "--area", area,
        "--password", pw)
    cli(srv, "staff", "add", "quiet.admin@example.org", "--role", "area_admin", "--area",
        "yonkers", "--password", pw)
    cli(srv, "staff", "add", "state.digest@example.org", "--role", "state_admin", "--password", pw)
    now = time.time()
    late, soon, later = (sign_up(srv, person(first=f, last="Digest")).json()["reference"]
                         for f in ("Aaliyah", "Brian", "Carmen"))
    for ref, due in ((late, now - 5 * 3600), (soon, now + 5 * 3600), (later, now + 30 * 3600)):
        execute(srv, "UPDATE applications SET due_at = ? WHERE reference = ?", iso(due), ref)
    setting(srv, "auto_approve", 1)

    out = cli(srv, "sweep", "--now", iso(now))
    assert re.search(r"digest of late requests: [1-9]", out), out
    m = mail_to(srv, "area.admin@example.org",
                "Requests to answer today: 1 overdue, 1 due within 12 hours")
    assert late in m["text"] and soon in m["text"] and later not in m["text"], m["text"]
    assert any(l.endswith("/admin/queue") for l in m["links"]), m["links"]
    m = mail_to(srv, "state.digest@example.org",
                "Requests to answer today: 1 overdue, 1 due within 12 hours")
    assert late in m["text"] and soon in m["text"], m["text"]
    time.sleep(1.5)
    assert not mails(srv, "quiet.admin@example.org"), "an admin with nothing late got a digest"
    assert not mails(srv, "area.viewer@example.org"), "a viewer got the digest"

    # once a day
    out = cli(srv, "sweep", "--now", iso(now + 3600))
    assert "digest of late requests: 0 sent" in out, out
    assert outbox(srv, "area.admin@example.org", "staff_digest") == 1

    # the overview shows the same numbers
    s = staff_login(srv, "area.admin@example.org", pw)
    text = main_text(s.get("/admin").text)
    assert re.search(r"Overdue\s+1\b", text) and re.search(r"Due within 12 hours\s+1\b", text), text[:800]

    # the next day, still late: told again; answered requests leave the list
    execute(srv, "UPDATE applications SET status = 'denied', decided_at = ? WHERE reference = ?",
            iso(now), soon)
    out = cli(srv, "sweep", "--now", iso(now + DAY))
    assert "digest of late requests: 0 sent" not in out, out
    m = srv.wait_for_mail(lambda m: m["to"] == "area.admin@example.org" and later in m["text"],
                          timeout=15)
    assert m["subject"] == "Requests to answer today: 1 overdue, 1 due within 12 hours", m["subject"]
    assert late in m["text"] and soon not in m["text"], m["text"]
    assert outbox(srv, "area.admin@example.org", "staff_digest") == 2


def test_spanish_speaking_area_admins_get_the_digest_in_spanish(srv):
    setting(srv, "auto_approve", 0)
    pw = "Admin-Rochester-2026"
    area = one(srv, "SELECT la.slug FROM county_areas ca JOIN local_areas la ON la.id = "
                    "ca.local_area_id WHERE ca.county = 'Monroe'")
    # one added in Spanish; one added in English who then signs in with Spanish pages
    cli(srv, "staff", "add", "lucia.ferrer@example.org", "--role", "area_admin", "--area", area,
        "--password", pw, "--name", "Lucía Ferrer", "--lang", "es")
    cli(srv, "staff", "add", "jorge.ramos@example.org", "--role", "area_admin", "--area", area,
        "--password", pw, "--name", "Jorge Ramos")
    cli(srv, "staff", "add", "kevin.walsh@example.org", "--role", "area_admin", "--area", area,
        "--password", pw, "--name", "Kevin Walsh")
    s = srv.session()
    r = s.get("/admin/login?lang=es")
    r = s.post_form("/admin/login", {"csrf": find_csrf(r.text), "email": "jorge.ramos@example.org",
                                     "password": pw, "next": "/admin"},
                    headers={"Accept-Language": "es"})
    assert r.status == 303, "Jorge signing in: %d" % r.status
    langs = dict(rows(srv, "SELECT email, language FROM staff WHERE email IN (?, ?, ?)",
                      "lucia.ferrer@example.org", "jorge.ramos@example.org",
                      "kevin.walsh@example.org"))
    assert langs == {"lucia.ferrer@example.org": "es", "jorge.ramos@example.org": "es",
                     "kevin.walsh@example.org": "en"}, langs
    assert one(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'staff_language' AND "
                    "actor_email = 'jorge.ramos@example.org'") == 1
    cli(srv, "staff", "add", "nadia.haddad@example.org", "--role", "state_admin", "--password", pw)
    admin = staff_login(srv, "nadia.haddad@example.org", pw)
    for email, shown in (("jorge.ramos@example.org", "Español"), ("kevin.walsh@example.org",
                                                                  "English")):
        page = admin.get("/admin/staff/%d" % one(srv, "SELECT id FROM staff WHERE email = ?",
                                                  email))
        assert re.search(r"Language of their e-mails\s+%s" % shown, main_text(page.text)), \
            main_text(page.text)[:600]

    ref = sign_up(srv, person(first="Rafael", last="Ortiz", county="Monroe")).json()["reference"]
    now = time.time() + 3 * DAY  # a day of its own: the digest goes once a day
    execute(srv, "UPDATE applications SET due_at = ? WHERE reference = ?", iso(now - 3 * 3600),
            ref)
    setting(srv, "auto_approve", 1)
    try:
        cli(srv, "sweep", "--now", iso(now))
        for to, hello in (("lucia.ferrer@example.org", "Hola, Lucía Ferrer:"),
                          ("jorge.ramos@example.org", "Hola, Jorge Ramos:")):
            m = mail_to(srv, to, "Solicitudes para responder hoy: 1 atrasada, "
                                 "0 vencen en menos de 12 horas")
            assert hello in m["text"] and ref in m["text"], m["text"]
            assert "atrasada desde el" in m["text"] and "Abrir la cola de revisión" in m["text"], \
                m["text"]
            assert "Requests" not in m["text"] and "overdue" not in m["text"], m["text"]
        m = mail_to(srv, "kevin.walsh@example.org",
                    "Requests to answer today: 1 overdue, 0 due within 12 hours")
        assert "Hello Kevin Walsh," in m["text"] and "overdue since" in m["text"], m["text"]
        # the sign-in link by e-mail too, whatever the language of the page it is asked on
        s = srv.session()
        r = s.get("/admin/login/email?lang=en")
        r = s.post_form("/admin/login/email", {"csrf": find_csrf(r.text),
                                               "email": "lucia.ferrer@example.org"})
        assert r.status == 200, "Lucía asking for a sign-in link: %d" % r.status
        m = mail_to(srv, "lucia.ferrer@example.org", "Tu enlace de acceso del personal")
        assert "Iniciar sesión en el área del personal" in m["text"] and \
            any("/admin/login/link?t=" in l for l in m["links"]), m["text"]
    finally:
        execute(srv, "UPDATE applications SET status = 'denied', decided_at = ? WHERE "
                     "reference = ?", iso(time.time()), ref)


# ---- settings for operators ------------------------------------------------------------------

def test_settings_cli_show_and_set_reach_the_running_server_within_a_second(srv):
    out = cli(srv, "settings", "show")
    for key in ("license_term_end", "seats_en", "seats_es", "signup_rate_per_hour",
                "login_max_per_addr", "lookup_max_per_email", "help_email", "sla_hours",
                "program_name_es"):
        assert re.search(r"^%s\s" % key, out, re.M), "settings show lacks %s:\n%s" % (key, out)

    # a change from the command line shows on the running server within a second
    before = srv.get("/help").text
    assert "ayuda.coursera@labor.ny.gov" not in before
    t0 = time.time()
    out = cli(srv, "settings", "set", "help_email", "ayuda.coursera@labor.ny.gov")
    assert "help_email = ayuda.coursera@labor.ny.gov" in out, out
    while "ayuda.coursera@labor.ny.gov" not in srv.get("/help").text:
        assert time.time() - t0 < 2.5, "the server did not see the new help address"
        time.sleep(0.05)

    # the per-address sign-up limit, which the staff pages now show too
    cli(srv, "settings", "set", "signup_rate_per_hour", "2")
    time.sleep(1.1)
    codes = [srv.request("POST", "/api/v1/applications", json.dumps(person(first="Omar")),
                         JSON).status for _ in range(3)]
    assert codes == [201, 201, 429], codes
    cli(srv, "settings", "set", "signup_rate_per_hour", "0")
    time.sleep(1.1)

    # checked like the staff page; audited as made from the command line
    p = subprocess.run([srv.binary, "settings", "set", "seats_en", "-5", "--db", srv.db],
                       env=srv._env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 2 and b"whole number" in p.stderr, (p.returncode, p.stderr)
    p = subprocess.run([srv.binary, "settings", "set", "no_such_thing", "1", "--db", srv.db],
                       env=srv._env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 2 and b"no setting" in p.stderr, (p.returncode, p.stderr)
    rows_ = rows(srv, "SELECT actor_email, entity_id, after_json FROM audit_log WHERE action = "
                      "'setting' AND entity_id IN ('help_email', 'signup_rate_per_hour') ORDER BY id")
    assert len(rows_) == 3 and all(r[0].startswith("cli:") for r in rows_), rows_
    out = cli(srv, "settings", "set", "min_age", "21")
    assert "min_age = 21" in out, out
    cli(srv, "settings", "set", "min_age", "18")


# ---- seat forecast ---------------------------------------------------------------------------

def test_seat_forecast_from_the_last_28_days(srv):
    tok = token(srv)
    for i in range(3):
        sign_up(srv, person(first="Sofía", last="Forecast%d" % i, lang="es", county="Bronx"))
    since = iso(time.time() - 28 * DAY)
    active = one(srv, "SELECT COUNT(*) FROM learners WHERE program = 'es' AND license_status = 'active'")
    activated = one(srv, "SELECT COUNT(*) FROM learners WHERE program = 'es' AND activated_at >= ?", since)

    def forecast():
        r = api(srv, tok, "GET", "/api/v1/settings")
        assert r.status == 200, r.text
        return {f["program"]: f for f in r.json()["seat_forecast"]}

    setting(srv, "seats_es", active)
    es = forecast()["es"]
    assert (es["active"], es["activated_28d"], es["state"]) == (active, activated, "full"), es
    setting(srv, "seats_es", active + 1)
    es = forecast()["es"]
    assert es["net_per_day"] > 0 and es["state"] == "runs_out", es
    days = (time.mktime(time.strptime(es["runs_out"], "%Y-%m-%d")) - time.time()) / DAY
    assert -1 <= days <= 1 / es["net_per_day"] + 1, (days, es)
    setting(srv, "seats_es", 10000000)
    es = forecast()["es"]
    assert es["state"] == "lasts" and es["runs_out"] is None, es

    cli(srv, "staff", "add", "forecast.state@example.org", "--role", "state_admin", "--password",
        "forecast-state-password")
    s = staff_login(srv, "forecast.state@example.org", "forecast-state-password")
    text = main_text(s.get("/admin/settings").text)
    assert "Seat forecast" in text and "last past the term" in text, text[:1500]
    setting(srv, "seats_es", 10000)


# ---- provider reports in the browser ---------------------------------------------------------

def multipart(fields, files):
    b = "----skillgateLifecycle%d" % time.time_ns()
    out = []
    for k, v in fields.items():
        out.append('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (b, k, v))
    for k, (name, data) in files.items():
        out.append('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
                   'Content-Type: text/csv\r\n\r\n%s\r\n' % (b, k, name, data))
    out.append("--%s--\r\n" % b)
    return "".join(out).encode(), "multipart/form-data; boundary=" + b


def test_imports_page_previews_then_applies_a_usage_report(srv):
    pw = "imports-state-password"
    cli(srv, "staff", "add", "imports.state@example.org", "--role", "state_admin", "--password", pw)
    s = staff_login(srv, "imports.state@example.org", pw)
    page = s.get("/admin")
    assert "No usage report from the provider has been imported yet" in page.text, \
        main_text(page.text)[:600]
    p = person(first="Imani", last="Okafor")
    sign_up(srv, p)
    slug = program(srv, "google-data-analytics-lc", "Google Data Analytics")
    csv = "\r\n".join([
        "Name,Email,External Id,Course,Course Slug,Enrollment Time,Last Course Activity Time,"
        "Overall Progress,Estimated Learning Hours,Completed",
        "Imani Okafor,%s,,Google Data Analytics,%s,2026-11-02T10:00:00Z,%s,0.35,6.5,No"
        % (p["email"], slug, iso(time.time() - 3600)),
        "Nobody Known,nobody.lc@example.org,,Google Data Analytics,%s,2026-11-02T10:00:00Z,"
        "2026-11-20T10:00:00Z,0.5,2,No" % slug]) + "\r\n"
    page = s.get("/admin/imports")
    assert page.status == 200 and 'name="file"' in page.text
    csrf = find_csrf(page.text)

    body, ctype = multipart({"csrf": csrf, "kind": "usage", "action": "preview"},
                            {"file": ("usage.csv", csv)})
    r = s.request("POST", "/admin/imports", body, {"Content-Type": ctype, "Origin": srv.base_url})
    text = main_text(r.text)
    assert r.status == 200 and "Nothing was saved" in text, (r.status, text[:800])
    assert re.search(r"Lines read\s+2", text) and re.search(r"Lines with errors\s+1", text), text[:800]
    assert re.search(r"\b3\b.*nobody\.lc@example\.org", text, re.S), "the error names neither line nor person"
    assert one(srv, "SELECT COUNT(*) FROM enrollments e JOIN learners l ON l.id = e.learner_id "
                    "WHERE l.email = ?", p["email"]) == 0, "a preview saved something"

    body, ctype = multipart({"csrf": csrf, "kind": "usage", "action": "apply", "partial": "1"},
                            {"file": ("usage.csv", csv)})
    r = s.request("POST", "/admin/imports", body, {"Content-Type": ctype, "Origin": srv.base_url})
    text = main_text(r.text)
    assert r.status == 200 and "Imported, except the lines listed below" in text, text[:800]
    assert one(srv, "SELECT e.progress FROM enrollments e JOIN learners l ON l.id = e.learner_id "
                    "WHERE l.email = ?", p["email"]) == 35.0
    assert "Kept" in text and "Preview" in text, "the history does not show both imports"
    page = s.get("/admin")
    assert "out of date" not in page.text and "No usage report" not in page.text, \
        "the overview still warns after a fresh usage report"

    # the person the report knows but we do not: registered to a local area, progress kept
    assert "People in the report who are not registered: 1" in text, text[:1500]
    assert "nobody.lc@example.org" in text
    page = s.get("/admin/imports")
    area = one(srv, "SELECT id FROM local_areas WHERE slug = 'yonkers'")
    body, ctype = multipart({"csrf": find_csrf(page.text), "kind": "usage", "count": "1",
                             "person_0": "nobody.lc@example.org", "local_area": str(area)},
                            {"file": ("usage.csv", csv)})
    r = s.request("POST", "/admin/imports/register", body, {"Content-Type": ctype,
                                                            "Origin": srv.base_url})
    text = main_text(r.text)
    assert r.status == 200 and "Registered to the local area: 1" in text, (r.status, text[:800])
    assert rows(srv, "SELECT l.local_area_id, l.license_status, l.first_name, l.last_name, "
                     "e.progress FROM learners l JOIN enrollments e ON e.learner_id = l.id "
                     "WHERE l.email = 'nobody.lc@example.org'") == [(area, "active", "Nobody", "Known", 50.0)]
    assert "not registered" not in text, "the registered person is still listed"
    assert one(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'learner_register'") == 1

    # the invitation CSV, once
    r = s.request("POST", "/admin/imports/invitations", "csrf=" + urllib.parse.quote(csrf),
                  {"Content-Type": "application/x-www-form-urlencoded", "Origin": srv.base_url})
    assert r.status == 200 and r.header("Content-Type", "").startswith("text/csv"), r.status
    assert r.text.startswith("Name,Email,External Id,Program") and p["email"] in r.text
    r = s.request("POST", "/admin/imports/invitations", "csrf=" + urllib.parse.quote(csrf),
                  {"Content-Type": "application/x-www-form-urlencoded", "Origin": srv.base_url})
    assert p["email"] not in r.text, "an invitation was exported twice"
