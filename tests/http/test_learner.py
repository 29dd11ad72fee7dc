"""Learners: signing in with a single-use e-mail link (read from a real SMTP server) or an
optional password, the rate limit and the same answer for unknown addresses, session rotation,
signing out (here and everywhere), My learning (/me) with its license, enrollments and
suggestions, enroll / drop / re-enroll with the reasons a waitlisted or removed person is
given, the staff API for enrollments (scoped by local area, audited) and the provider report
imports through the API and the command line."""

import json
import re
import subprocess
import time
import urllib.parse

from checks import main_text, security_header_problems
from server import find_csrf

SERVER = {"smtp": True}
_seq = [0]


def cli(srv, *args, check=True):
    p = subprocess.run([srv.binary, *args, "--db", srv.db], env=srv._env(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("skillgate %s exited %d:\n%s%s" % (
            " ".join(args), p.returncode, p.stdout.decode(), p.stderr.decode()))
    return p


def db(srv):
    return srv.sql()


def one(srv, sql, *args):
    with db(srv) as c:
        row = c.execute(sql, args).fetchone()
    return row[0] if row else None


def execute(srv, sql, *args):
    with db(srv) as c:
        c.execute(sql, args)


def uniq(prefix="ana"):
    _seq[0] += 1
    return "%s.%d.%d@example.org" % (prefix, _seq[0], time.time_ns() % 10 ** 8)


def setting(srv, key, value):
    execute(srv, "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, "
                 "'2026-01-01T00:00:00Z', 'test') ON CONFLICT (key) DO UPDATE SET value = "
                 "excluded.value", key, str(value))


_ready = set()


def learner(srv, status="active", lang="en", first="Ana", osos=None, county="Albany"):
    """A person whose request was approved; returns (learner id, e-mail). The first call on a
    server lifts the per-address sign-in limit: every test signs in from 127.0.0.1."""
    if srv.db not in _ready:
        _ready.add(srv.db)
        setting(srv, "login_max_per_addr", 0)
    email = uniq(first.lower())
    args = ["test-learning", "learner", email, "--status", status, "--lang", lang, "--first",
            first, "--county", county]
    if osos:
        args += ["--osos", osos]
    out = cli(srv, *args).stdout.decode().strip()
    return int(out), email


def program(srv, slug=None, title=None, curate=None, kind="course", provider_id=None):
    _seq[0] += 1
    slug = slug or "test-program-%d-%d" % (_seq[0], time.time_ns() % 10 ** 6)
    args = ["test-learning", "program", slug, "--title", title or ("Program " + slug),
            "--kind", kind]
    if curate:
        args += ["--curate", str(curate)]
    if provider_id:
        args += ["--provider-id", provider_id]
    cli(srv, *args)
    return slug


def region_of(srv, learner_id):
    return one(srv, "SELECT region_id FROM learners WHERE id = ?", learner_id)


_seen_links = set()


def link_mail(srv, email, after=0):
    """The newest sign-in e-mail to email that this test file has not read yet, and its link."""
    def fresh(m):
        return (m["to"] == email and m["received_at"] >= after
                and any("/login/link?t=" in l and l not in _seen_links for l in m["links"]))
    msg = srv.wait_for_mail(fresh, timeout=15)
    links = [l for l in msg["links"] if "/login/link?t=" in l]
    _seen_links.update(links)
    return msg, links[0]


def ask_link(srv, s, email, next_path=None):
    fields = {"email": email, "csrf": s.csrf("/login")}
    if next_path:
        fields["next"] = next_path
    return s.post_form("/login", fields)


def sign_in(srv, email, lang=None):
    """A browser-like session signed in through the e-mail link."""
    s = srv.session()
    if lang:
        s.get("/?lang=" + lang)
    t0 = time.time()
    r = ask_link(srv, s, email)
    assert r.status == 200, "POST /login: %d %s" % (r.status, main_text(r.text)[:200])
    _, link = link_mail(srv, email, t0 - 1)
    path = link[link.index("/login/link"):]
    page = s.get(path)
    assert page.status == 200, "GET %s: %d" % (path, page.status)
    tok = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)["t"][0]
    r = s.post_form("/login/link", {"t": tok, "csrf": find_csrf(page.text)})
    assert r.status == 303, "POST /login/link: %d %s" % (r.status, main_text(r.text)[:200])
    return s


def token(srv, role="state_admin", area=None):
    args = ["token", "create", "--role", role]
    if area:
        args += ["--area", area]
    return cli(srv, *args).stdout.decode().strip()


def api(srv, method, path, tok, body=None, ctype="application/json"):
    h = {"Authorization": "Bearer " + tok}
    if body is not None:
        h["Content-Type"] = ctype
        if not isinstance(body, (str, bytes)):
            body = json.dumps(body)
    return srv.request(method, path, body, h)


def enroll(s, slug):
    return s.post_form("/me/enrollments", {"program": slug, "csrf": s.csrf("/me")})


def drop(s, slug):
    return s.post_form("/me/enrollments/%s/drop" % slug, {"csrf": s.csrf("/me")})


HEADER = ("Name,Email,External Id,Course,Course ID,Course Slug,University,Enrollment Time,"
          "Class Start Time,Class End Time,Last Course Activity Time,Overall Progress,"
          "Estimated Learning Hours,Completed,Removed From Program,Program Slug,Program Name,"
          "Enrollment Source,Completion Time,Course Grade,Course Certificate URL,For Credit,"
          "Course Type,Job Title,Job Type,Location City,Location Region,Location Country")


def usage_line(email, slug, progress="0.5", last="2026-03-04T15:22:10.000Z", completed="No",
               completion="", cert="", ext="", grade="", hours="3.5"):
    return ",".join(['"Ana, Tester"', email, ext, '"A ""quoted"" course"', "", slug,
                     "Test University", "2026-02-01 10:00:00", "", "", last, progress, hours,
                     completed, "No", "", "", "Invitation", completion, grade, cert, "No",
                     "Course", "", "", "", "", ""])


# ---- signing in ---------------------------------------------------------------------------------

def test_login_page_in_both_languages(srv):
    en = srv.get("/login")
    es = srv.get("/login?lang=es")
    assert en.status == 200 and es.status == 200, "GET /login: %d / %d" % (en.status, es.status)
    assert en.html_lang() == "en" and es.html_lang() == "es"
    assert "Sign in to My learning" in main_text(en.text)
    assert "Inicia sesión" in main_text(es.text), main_text(es.text)[:300]
    assert re.search(r'<input[^>]*name="email"[^>]*type="email"', en.text), "no e-mail field"
    assert re.search(r'<label for="f-email"', en.text), "the e-mail field has no label"
    assert not security_header_problems(en), security_header_problems(en)


def test_me_sends_anonymous_people_to_sign_in(srv):
    r = srv.get("/me")
    assert r.status == 302 and r.header("Location") == "/login?next=%2Fme", \
        "GET /me anonymous: %d %s" % (r.status, r.header("Location"))


def test_link_signs_in_once_and_only_by_pressing_the_button(srv):
    lid, email = learner(srv)
    s = srv.session()
    t0 = time.time()
    r = ask_link(srv, s, email.upper())  # any case: addresses are compared lower-cased
    assert r.status == 200 and "Check your e-mail" in main_text(r.text), main_text(r.text)[:300]
    msg, link = link_mail(srv, email, t0 - 1)
    assert "15 minutes" in msg["text"], msg["text"]
    path = link[link.index("/login/link"):]
    tok = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)["t"][0]
    assert len(tok) == 64
    # the database keeps only a hash of the token
    assert one(srv, "SELECT COUNT(*) FROM login_tokens WHERE token_hash = ?", tok) == 0
    assert one(srv, "SELECT COUNT(*) FROM login_tokens WHERE learner_id = ?", lid) == 1
    # opening the link (a mail scanner, the person) twice does not use it up
    for _ in range(2):
        page = s.get(path)
        assert page.status == 200 and "Press the button" in main_text(page.text)
    assert one(srv, "SELECT used_at FROM login_tokens WHERE learner_id = ?", lid) is None
    old = s.cookies.get("sg_session")
    r = s.post_form("/login/link", {"t": tok, "csrf": find_csrf(page.text)})
    assert r.status == 303 and r.header("Location") == "/me", "%d %s" % (r.status, r.header("Location"))
    assert s.cookies.get("sg_session") and s.cookies.get("sg_session") != old
    me = s.get("/me")
    assert me.status == 200 and "Hello, Ana." in main_text(me.text), main_text(me.text)[:300]
    assert me.header("Cache-Control") == "no-store"
    # the link is used up
    other = srv.session()
    again = other.get(path)
    assert again.status == 200 and "does not work" in main_text(again.text)
    assert find_csrf(again.text) is None, "a used link still shows the sign-in button"
    r = other.post_form("/login/link", {"t": tok, "csrf": find_csrf(other.get("/login").text)})
    assert r.status == 400 and "sg_session" not in other.cookies


def test_expired_link_does_not_work(srv):
    lid, email = learner(srv)
    s = srv.session()
    t0 = time.time()
    ask_link(srv, s, email)
    _, link = link_mail(srv, email, t0 - 1)
    execute(srv, "UPDATE login_tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE learner_id = ?", lid)
    path = link[link.index("/login/link"):]
    r = s.get(path)
    assert r.status == 200 and "15 minutes" in main_text(r.text) and find_csrf(r.text) is None
    tok = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)["t"][0]
    r = s.post_form("/login/link", {"t": tok, "csrf": s.csrf("/login")})
    assert r.status == 400 and "sg_session" not in s.cookies


def test_same_answer_for_unknown_and_pending_addresses(srv):
    _, email = learner(srv)
    unknown = uniq("nobody")
    s1, s2 = srv.session(), srv.session()
    a = ask_link(srv, s1, email)
    b = ask_link(srv, s2, unknown)
    assert a.status == b.status == 200
    assert main_text(a.text).replace(email, "X") == main_text(b.text).replace(unknown, "X"), \
        "the answers differ:\n%s\n%s" % (main_text(a.text), main_text(b.text))
    link_mail(srv, email)
    time.sleep(1)
    assert not [m for m in srv.messages() if m["to"] == unknown], "mail went to an unknown address"


def test_link_goes_back_to_where_the_person_was(srv):
    _, email = learner(srv)
    s = srv.session()
    t0 = time.time()
    ask_link(srv, s, email, next_path="/programs/some-program")
    _, link = link_mail(srv, email, t0 - 1)
    path = link[link.index("/login/link"):]
    page = s.get(path)
    tok = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)["t"][0]
    r = s.post_form("/login/link", {"t": tok, "csrf": find_csrf(page.text)})
    assert r.header("Location") == "/programs/some-program", r.header("Location")
    # never to another site
    s2 = srv.session()
    r = s2.get("/login?next=//evil.example/x")
    assert 'value="/me"' in r.text


def test_rate_limit_answers_429_the_same_for_known_and_unknown(srv):
    _, email = learner(srv)
    unknown = uniq("limit")
    for addr in (email, unknown):
        s = srv.session()
        statuses = [ask_link(srv, s, addr).status for _ in range(6)]
        assert statuses[:5] == [200] * 5 and statuses[5] == 429, "%s: %r" % (addr, statuses)
    r = ask_link(srv, srv.session(), unknown)
    assert r.status == 429 and r.header("Retry-After") and "15 minutes" in main_text(r.text)
    # and per client address, whatever the e-mail
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 900))
    used = one(srv, "SELECT COUNT(*) FROM login_attempts WHERE key = 'link-ip:127.0.0.1' "
                    "AND at > ?", since)
    setting(srv, "login_max_per_addr", used + 3)
    time.sleep(1.2)  # the server reads settings again at most once a second
    try:
        statuses = [ask_link(srv, srv.session(), uniq("addr")).status for _ in range(4)]
        assert statuses == [200, 200, 200, 429], statuses
    finally:
        setting(srv, "login_max_per_addr", 0)
        time.sleep(1.2)


def test_logout_and_logout_everywhere(srv):
    _, email = learner(srv)
    a = sign_in(srv, email)
    b = sign_in(srv, email)
    assert a.get("/me").status == 200 and b.get("/me").status == 200
    r = a.post_form("/logout", {"csrf": a.csrf("/me")})
    assert r.status == 303 and a.get("/me").status == 302
    assert b.get("/me").status == 200, "signing out on one device signed out the other"
    c = sign_in(srv, email)
    r = c.post_form("/logout/all", {"csrf": c.csrf("/me")})
    assert r.status == 303 and r.header("Location") == "/login?out=all"
    assert b.get("/me").status == 302 and c.get("/me").status == 302
    assert "signed out on every device" in main_text(c.get("/login?out=all").text)


def test_logout_needs_the_form_token(srv):
    _, email = learner(srv)
    s = sign_in(srv, email)
    r = s.post_form("/logout", {"csrf": "nope"})
    assert r.status == 403 and s.get("/me").status == 200


def test_password_is_optional_and_argon2id(srv):
    lid, email = learner(srv)
    s = sign_in(srv, email)
    page = s.get("/me/password")
    assert page.status == 200 and "optional" in main_text(page.text)
    r = s.post_form("/me/password", {"action": "set", "password": "short", "confirm": "short",
                                     "csrf": find_csrf(page.text)})
    assert r.status == 422 and "at least 10" in main_text(r.text)
    r = s.post_form("/me/password", {"action": "set", "password": "correct horse battery",
                                     "confirm": "correct horse batterY", "csrf": s.csrf("/me/password")})
    assert r.status == 422 and "not the same" in main_text(r.text)
    other = sign_in(srv, email)
    t0 = time.time()
    r = s.post_form("/me/password", {"action": "set", "password": "correct horse battery",
                                     "confirm": "correct horse battery", "csrf": s.csrf("/me/password")})
    assert r.status == 303 and r.header("Location") == "/me?password=set"
    h = one(srv, "SELECT password_hash FROM learners WHERE id = ?", lid)
    assert h.startswith("$argon2id$"), h
    assert s.get("/me").status == 200, "the session that set the password was signed out"
    assert other.get("/me").status == 302, "other sessions stay signed in after a password change"
    srv.wait_for_mail(lambda m: m["to"] == email and "password" in m["subject"].lower()
                      and m["received_at"] >= t0 - 1)
    # sign in with it; a wrong one and an unknown address get the same answer
    p = srv.session()
    csrf = p.csrf("/login/password")
    r = p.post_form("/login/password", {"email": email, "password": "correct horse battery",
                                        "csrf": csrf})
    assert r.status == 303 and p.get("/me").status == 200
    q1, q2 = srv.session(), srv.session()
    w1 = q1.post_form("/login/password", {"email": email, "password": "wrong password!",
                                          "csrf": q1.csrf("/login/password")})
    w2 = q2.post_form("/login/password", {"email": uniq("x"), "password": "wrong password!",
                                          "csrf": q2.csrf("/login/password")})
    assert w1.status == w2.status == 422
    assert "not right" in main_text(w1.text) and "not right" in main_text(w2.text)
    # remove it
    r = s.post_form("/me/password", {"action": "remove", "csrf": s.csrf("/me/password")})
    assert r.status == 303 and one(srv, "SELECT password_hash FROM learners WHERE id = ?", lid) is None


# ---- My learning, enroll, drop, re-enroll ----------------------------------------------------

def test_me_shows_the_license(srv):
    _, email = learner(srv)
    s = sign_in(srv, email)
    text = main_text(s.get("/me").text)
    assert "Your license" in text and "Active" in text and "License term ends" in text, text[:500]
    assert "2022" in text or "20" in text  # the setting license_term_end, as a date


def test_enroll_drop_reenroll_keeps_history(srv):
    lid, email = learner(srv)
    a, b = program(srv, title="Python for Everybody"), program(srv, title="Business Writing")
    s = sign_in(srv, email)
    r = enroll(s, a)
    assert r.status == 303 and r.header("Location") == "/me?enrolled=" + a, r.header("Location")
    page = s.get(r.header("Location"))
    text = main_text(page.text)
    assert "Python for Everybody" in text and "You are enrolled" in text and "Go to the course" in text
    assert re.search(r'<progress[^>]*value="0"[^>]*aria-labelledby="progress-\d+"', page.text)
    assert "0% complete" in text
    assert enroll(s, b).status == 303
    r = drop(s, a)
    assert r.status == 303 and r.header("Location") == "/me?dropped=" + a
    text = main_text(s.get(r.header("Location")).text)
    assert "You dropped this program" in text and "Re-enroll" in text
    r = enroll(s, a)
    assert r.header("Location") == "/me?enrolled=%s&again=1" % a
    assert "enrolled again" in main_text(s.get(r.header("Location")).text)
    rows = db(srv).execute("SELECT action, result FROM enrollment_events WHERE learner_id = ? "
                           "ORDER BY id", (lid,)).fetchall()
    assert rows == [("enroll", "ok"), ("enroll", "ok"), ("drop", "ok"), ("reenroll", "ok")], rows
    assert one(srv, "SELECT COUNT(*) FROM enrollments WHERE learner_id = ?", lid) == 2
    # enrolling twice changes nothing and says so
    r = enroll(s, a)
    assert "already enrolled" in main_text(s.get(r.header("Location")).text)


def seats(srv, program, n):
    """The seats of a program (setting seats_en / seats_es); the server reads it within 1 s."""
    setting(srv, "seats_" + program, n)
    time.sleep(1.2)


def test_waitlisted_and_removed_people_are_told_why(srv):
    slug = program(srv)
    # no free seat in the Spanish program, so the waitlist job leaves the waitlisted alone
    seats(srv, "es", 0)
    try:
        for status, words in (("waitlisted", "lista de espera"), ("removed", "fue retirada"),
                              ("expired", "terminó")):
            lid, email = learner(srv, status=status, lang="es")
            s = sign_in(srv, email, lang="es")
            r = enroll(s, slug)
            assert r.status == 303 and "refused=license_%s" % status in r.header("Location"), \
                "%s: %d %s" % (status, r.status, r.header("Location"))
            text = main_text(s.get(r.header("Location")).text)
            assert words in text, "%s: %s" % (status, text[:400])
            assert one(srv, "SELECT COUNT(*) FROM enrollments WHERE learner_id = ?", lid) == 0
            assert one(srv, "SELECT result FROM enrollment_events WHERE learner_id = ?", lid) == \
                "license_" + status
    finally:
        seats(srv, "es", 10000)


def test_faq_advice_above_two_active_enrollments(srv):
    _, email = learner(srv)
    s = sign_in(srv, email)
    slugs = [program(srv) for _ in range(3)]
    for slug in slugs[:2]:
        enroll(s, slug)
    assert "one or two at a time" not in main_text(s.get("/me").text)
    enroll(s, slugs[2])
    text = main_text(s.get("/me").text)
    assert "3 programs at once" in text and "one or two at a time" in text


def test_unknown_program_and_bad_form(srv):
    _, email = learner(srv)
    s = sign_in(srv, email)
    r = enroll(s, "no-such-program")
    assert "refused=no_program" in r.header("Location")
    assert "no such program" in main_text(s.get(r.header("Location")).text)
    r = s.post_form("/me/enrollments", {"csrf": s.csrf("/me")})
    assert r.status == 400
    r = s.post_form("/me/enrollments", {"program": "x"})
    assert r.status == 403, "an enroll without the form token: %d" % r.status


def test_suggestions_from_the_region_list(srv):
    lid, email = learner(srv)
    region = region_of(srv, lid)
    assert region, "the test learner has no region"
    a = program(srv, title="Curated One", curate=region)
    b = program(srv, title="Curated Two", curate=region)
    s = sign_in(srv, email)
    text = main_text(s.get("/me").text)
    assert "Suggested for your region" in text and "Curated One" in text and "Curated Two" in text
    enroll(s, a)
    text = main_text(s.get("/me").text)
    suggested = text[text.index("Suggested for your region"):]
    assert "Curated One" not in suggested and "Curated Two" in suggested
    assert b


def test_me_in_spanish(srv):
    _, email = learner(srv, lang="es", first="Lucía")
    slug = program(srv, title="Introducción a Python")
    s = sign_in(srv, email, lang="es")
    enroll(s, slug)
    r = s.get("/me")
    assert r.html_lang() == "es"
    text = main_text(r.text)
    for words in ("Mi aprendizaje", "Tu licencia", "Ir al curso", "Hola, Lucía."):
        assert words in text, "%r missing: %s" % (words, text[:600])
    msgs = [m for m in srv.messages() if m["to"] == email]
    assert msgs and "iniciar sesión" in msgs[-1]["subject"].lower(), [m["subject"] for m in msgs]


# ---- the staff API -------------------------------------------------------------------------------

def test_api_enroll_and_drop_are_scoped_and_audited(srv):
    lid, _ = learner(srv, county="Albany")
    slug = program(srv)
    area = one(srv, "SELECT la.name FROM learners l JOIN local_areas la ON la.id = l.local_area_id "
                    "WHERE l.id = ?", lid)
    other = one(srv, "SELECT name FROM local_areas WHERE name <> ? ORDER BY id LIMIT 1", area)
    state = token(srv)
    r = api(srv, "POST", "/api/v1/learners/%d/enrollments" % lid, state, {"program": slug})
    assert r.status == 201, "%d %s" % (r.status, r.text)
    j = r.json()
    assert j["program"] == slug and j["state"] == "enrolled" and j["progress"] == 0
    r = api(srv, "POST", "/api/v1/learners/%d/enrollments" % lid, state, {"program": slug})
    assert r.status == 200
    r = api(srv, "DELETE", "/api/v1/learners/%d/enrollments/%s" % (lid, slug), state)
    assert r.status == 200 and r.json()["state"] == "dropped"
    r = api(srv, "DELETE", "/api/v1/learners/%d/enrollments/%s" % (lid, slug), state)
    assert r.status == 409 and r.json()["error"]["code"] == "already_dropped"
    assert one(srv, "SELECT COUNT(*) FROM audit_log WHERE entity = 'enrollment' AND action IN "
                    "('enroll', 'drop')") >= 2
    r = api(srv, "POST", "/api/v1/learners/%d/enrollments" % lid, state, {"program": "nope"})
    assert r.status == 422 and "program" in r.json()["error"]["fields"]
    r = api(srv, "POST", "/api/v1/learners/%d/enrollments" % lid, state, {})
    assert r.status == 422
    r = api(srv, "POST", "/api/v1/learners/999999/enrollments", state, {"program": slug})
    assert r.status == 404
    mine, theirs = token(srv, "area_admin", area), token(srv, "area_admin", other)
    r = api(srv, "POST", "/api/v1/learners/%d/enrollments" % lid, mine, {"program": slug})
    assert r.status == 201 and r.json()["reenrolled"] is True, r.text
    r = api(srv, "DELETE", "/api/v1/learners/%d/enrollments/%s" % (lid, slug), theirs)
    assert r.status == 404, "another area's admin: %d" % r.status
    viewer = token(srv, "area_viewer", area)
    r = api(srv, "POST", "/api/v1/learners/%d/enrollments" % lid, viewer, {"program": slug})
    assert r.status == 403
    r = srv.request("POST", "/api/v1/learners/%d/enrollments" % lid, json.dumps({"program": slug}),
                    {"Content-Type": "application/json"})
    assert r.status == 401


def test_api_refuses_waitlisted_learners(srv):
    seats(srv, "es", 0)  # no free seat: the waitlist job leaves the learner waitlisted
    try:
        lid, _ = learner(srv, status="waitlisted", lang="es")
        slug = program(srv)
        r = api(srv, "POST", "/api/v1/learners/%d/enrollments" % lid, token(srv),
                {"program": slug})
        assert r.status == 409 and r.json()["error"]["code"] == "license_waitlisted", r.text
    finally:
        seats(srv, "es", 10000)


# ---- provider reports ------------------------------------------------------------------------------

def test_usage_import_shows_progress_and_certificate_on_me(srv):
    lid, email = learner(srv, osos="AB1234567")
    a, b = program(srv, title="Data Basics"), program(srv, title="Writing Well")
    s = sign_in(srv, email)
    enroll(s, a)
    csv = "\r\n".join([HEADER,
                       usage_line(email, a, progress="50%", hours="4.25"),
                       usage_line("", b, progress="1", completed="Yes", ext="AB1234567",
                                  completion="2026-03-05T18:00:00Z", grade="0.93",
                                  cert="https://coursera.org/verify/ABC123")]) + "\r\n"
    state = token(srv)
    r = api(srv, "POST", "/api/v1/imports/usage", state, csv, "text/csv")
    assert r.status == 200, "%d %s" % (r.status, r.text)
    j = r.json()
    assert (j["rows"], j["applied"], j["unchanged"], j["errors"]) == (2, 2, 0, []), j
    page = s.get("/me")
    text = main_text(page.text)
    assert "50% complete" in text and "100% complete" in text, text[:800]
    assert 'href="https://coursera.org/verify/ABC123"' in page.text
    assert "View your certificate" in text and "Completed on" in text and "Grade: 93%" in text
    assert "Last activity:" in text and "Mar 4, 2026" in text
    # the same file again changes nothing
    j = api(srv, "POST", "/api/v1/imports/usage", state, csv, "text/csv").json()
    assert (j["applied"], j["unchanged"]) == (0, 2), j
    assert one(srv, "SELECT last_activity_at FROM learners WHERE id = ?", lid) == "2026-03-04T15:22:10Z"


def test_usage_import_is_all_or_nothing_unless_partial(srv):
    _, email = learner(srv)
    slug = program(srv)
    csv = "\n".join([HEADER, usage_line(email, slug, progress="0.2"),
                     usage_line("nobody@example.org", slug),
                     usage_line(email, "no-such-course")]) + "\n"
    state = token(srv)
    r = api(srv, "POST", "/api/v1/imports/usage", state, csv, "text/csv")
    assert r.status == 422, r.text
    j = r.json()
    assert [e["line"] for e in j["errors"]] == [3, 4], j["errors"]
    assert "nobody@example.org" in j["errors"][0]["message"]
    assert "no-such-course" in j["errors"][1]["message"]
    assert j["committed"] is False
    assert one(srv, "SELECT COUNT(*) FROM enrollments e JOIN programs p ON p.id = e.program_id "
                    "WHERE p.slug = ?", slug) == 0
    r = api(srv, "POST", "/api/v1/imports/usage?dry_run=1&partial=1", state, csv, "text/csv")
    assert r.status == 200 and r.json()["committed"] is False and r.json()["applied"] == 1
    r = api(srv, "POST", "/api/v1/imports/usage?partial=1", state, csv, "text/csv")
    assert r.status == 200 and r.json()["applied"] == 1 and r.json()["committed"] is True
    assert one(srv, "SELECT progress FROM enrollments e JOIN programs p ON p.id = e.program_id "
                    "WHERE p.slug = ?", slug) == 20
    assert one(srv, "SELECT COUNT(*) FROM usage_imports") >= 3


def test_import_needs_a_state_admin_and_csv(srv):
    lid, _ = learner(srv)
    area = one(srv, "SELECT la.name FROM learners l JOIN local_areas la ON la.id = l.local_area_id "
                    "WHERE l.id = ?", lid)
    r = api(srv, "POST", "/api/v1/imports/usage", token(srv, "area_admin", area), HEADER + "\n",
            "text/csv")
    assert r.status == 403
    r = api(srv, "POST", "/api/v1/imports/usage", token(srv), {"rows": []})
    assert r.status == 415


def test_membership_import_and_cli(srv):
    lid, email = learner(srv, osos="CD7654321")
    path = srv.dir + "/membership.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("\ufeffName,Email,External Id,Program Name,Program Slug,# Enrolled Courses,"
                "# Completed Courses,Member State,Join Date,Invitation Date,"
                "Latest Program Activity Date\r\n")
        f.write('"Ana, T",%s,CD7654321,NYS,nys,2,1,MEMBER,3/1/2026,2/27/2026,'
                '2026-03-09 10:00\r\n' % email)
    p = cli(srv, "progress", "import", "--membership", path)
    j = json.loads(p.stdout.decode())
    assert (j["rows"], j["applied"], j["accepted"]) == (1, 1, 1), j
    assert one(srv, "SELECT invitation_accepted_at FROM learners WHERE id = ?", lid) == \
        "2026-03-01T00:00:00Z"
    assert one(srv, "SELECT last_activity_at FROM learners WHERE id = ?", lid) == "2026-03-09T10:00:00Z"
    j = json.loads(cli(srv, "progress", "import", "--membership", path).stdout.decode())
    assert (j["applied"], j["unchanged"]) == (0, 1), j


def test_cli_usage_import_exit_codes(srv):
    _, email = learner(srv)
    slug = program(srv)
    good, bad = srv.dir + "/good.csv", srv.dir + "/bad.csv"
    with open(good, "w") as f:
        f.write(HEADER + "\n" + usage_line(email, slug, progress="0.1") + "\n")
    with open(bad, "w") as f:
        f.write(HEADER + "\n" + usage_line(email, slug, progress="lots") + "\n")
    p = cli(srv, "progress", "import", good, "--dry-run")
    assert json.loads(p.stdout.decode())["committed"] is False
    p = cli(srv, "progress", "import", good)
    assert json.loads(p.stdout.decode())["applied"] == 1
    p = cli(srv, "progress", "import", bad, check=False)
    assert p.returncode == 1 and "Overall Progress" in p.stdout.decode()
    p = cli(srv, "progress", "import", check=False)
    assert p.returncode == 2
