"""Sign-up: the screener, the form in English (/signup) and Spanish (/inscribete), the JSON API
and every one of its errors (422 fields, 409 duplicate, 429 rate limit, 404), the status page
and the 48-hour promise, staff decisions and lists, the waitlist, the provider's invitation
CSV, and a kill -9 in the middle of a sign-up load (no answered request lost, no e-mail sent
twice). Mail is read from a real SMTP server (tests/lib/smtp_sink.py)."""

import collections
import csv
import datetime
import io
import json
import re
import subprocess
import threading
import time
import urllib.parse

from server import Server, find_csrf

SERVER = {"smtp": True}
REF = re.compile(r"\bNY-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")
JSON = {"Content-Type": "application/json"}
_seq = [0]


def cli(srv, *args, check=True):
    p = subprocess.run([srv.binary, *args, "--db", srv.db], env=srv._env(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError("skillgate %s exited %d:\n%s%s" % (
            " ".join(args), p.returncode, p.stdout.decode(), p.stderr.decode()))
    return p.stdout.decode("utf-8", "replace")


def setting(srv, key, value):
    cli(srv, "test-setting", key, str(value))
    time.sleep(1.1)  # the server reads settings again at most once a second


def db(srv):
    return srv.sql()


def count(srv, sql, *args):
    with db(srv) as c:
        return c.execute(sql, args).fetchone()[0]


def wait_stored(srv, ref, timeout=5):
    """A 201 is durable in the sign-up intake at once; the intake thread writes the application
    moments later (src/intake.h). Waits until the application row is there; True when it is."""
    deadline = time.time() + timeout
    while True:
        if count(srv, "SELECT COUNT(*) FROM applications WHERE reference = ?", ref):
            return True
        if time.time() > deadline:
            return False
        time.sleep(0.02)


def stored(srv, email):
    """Requests stored for this e-mail: applications, and rows still in the sign-up intake."""
    with srv.sql() as c:
        waiting = sum(1 for (p,) in c.execute("SELECT payload FROM signup_intake").fetchall()
                      if json.dumps(email) in p)
    return count(srv, "SELECT COUNT(*) FROM applications WHERE email = ?", email) + waiting


def person(**over):
    """A new person's answers for the API: a different e-mail and name every call."""
    _seq[0] += 1
    n = _seq[0]
    p = {"first_name": "Ana", "last_name": "Tester%d-%d" % (n, time.time_ns() % 100000),
         "email": "ana.%d.%d@example.org" % (n, time.time_ns() % 1000000), "phone": "",
         "birth_date": "1985-04-%02d" % (1 + n % 28), "county": "Albany", "town": "",
         "employment_status": "unemployed", "layoff_notice_date": "", "covid_related": False,
         "dol_staff": False, "osos_id": "", "language": "en", "consent": True}
    p.update(over)
    return p


_ready = set()


def ready(srv):
    """The file's server takes far more than 20 sign-ups an hour from 127.0.0.1: lift the
    per-address limit once (the rate-limit test sets it on purpose)."""
    if srv.db not in _ready:
        _ready.add(srv.db)
        setting(srv, "signup_rate_per_hour", 0)


def post_api(srv, body, headers=None, wait=True):
    """POST /api/v1/applications; after a 201, waits (wait=True) until the application is
    written in full, so a test may read it from the database at once."""
    ready(srv)
    h = dict(JSON)
    h.update(headers or {})
    r = srv.request("POST", "/api/v1/applications",
                    body if isinstance(body, (str, bytes)) else json.dumps(body), h)
    if wait and r.status == 201:
        ref = r.json()["reference"]
        assert wait_stored(srv, ref), "the application %s was not written within 5 s of its 201" % ref
    return r


def form(**over):
    """The sign-up form's fields as a browser sends them."""
    p = person()
    f = {"first_name": p["first_name"], "last_name": p["last_name"], "email": p["email"],
         "phone": "", "birth_date": p["birth_date"], "county": "Albany", "language": "en",
         "employment_status": "unemployed", "layoff_notice_date": "", "dol_staff": "0",
         "osos_id": "", "consent": "1", "website": ""}
    f.update(over)
    return f


def submit_form(srv, path="/signup", **over):
    """Posts the sign-up form; after a confirmation (not a honeypot's), waits until the
    application is written in full, like post_api."""
    ready(srv)
    s = srv.session()
    fields = form(**over)
    fields["csrf"] = s.csrf(path)
    r = s.post_form(path, fields)
    ref = REF.search(main_of(r.text)) if r.status == 200 else None
    if ref and not fields.get("website") and "already asked" not in r.text:
        assert wait_stored(srv, ref.group(0)), "the application %s was not written within 5 s" % ref.group(0)
    return s, fields, r


def token(srv, role="state_admin", area=None, email=None):
    args = ["token", "create", "--role", role]
    if area:
        args += ["--area", area]
    if email:
        args += ["--email", email]
    return cli(srv, *args).strip()


def auth(tok):
    return {"Authorization": "Bearer " + tok}


def main_of(html):
    m = re.search(r"<main\b.*?</main>", html, re.S)
    return m.group(0) if m else ""


# ---- pages ------------------------------------------------------------------------------------

FIELDS = ["first_name", "last_name", "birth_date", "email", "phone", "language", "county", "town",
          "employment_status", "layoff_notice_date", "covid_related", "dol_staff", "osos_id",
          "consent"]


def test_signup_form_asks_exactly_the_fields_in_both_languages(srv):
    en = srv.get("/signup")
    es = srv.get("/inscribete")
    assert en.status == 200 and es.status == 200, "GET /signup %d, /inscribete %d" % (en.status, es.status)
    assert en.html_lang() == "en" and es.html_lang() == "es", \
        "/signup is %r and /inscribete is %r, want en and es" % (en.html_lang(), es.html_lang())
    for r in (en, es):
        names = set(re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', r.text))
        want = set(FIELDS) | {"csrf", "website"}
        assert names == want, "%s asks %s; want %s" % (r.path, sorted(names), sorted(want))
        counties = re.search(r'<select id="f-county".*?</select>', r.text, re.S).group(0)
        opts = re.findall(r'<option value="([^"]*)"', counties)
        assert len(opts) == 64 and opts[0] == "" and opts[-1] == "outside", \
            "the county select has %d options (first %r, last %r); want a prompt, 62 counties and " \
            "'outside'" % (len(opts), opts[:1], opts[-1:])
    assert "Inscríbete" in es.text and "Inscríbase" not in es.text, "/inscribete is not the Spanish form"
    assert 'action="/inscribete"' in es.text, "the Spanish form does not post to /inscribete"
    hp = re.search(r'<div[^>]*aria-hidden="true"[^>]*>\s*<label[^>]*>[^<]*</label>\s*<input[^>]*name="website"[^>]*>',
                   en.text)
    assert hp, "the honeypot field is not inside an aria-hidden wrapper"
    assert 'class="visually-hidden"' in hp.group(0) and 'tabindex="-1"' in hp.group(0) and \
        'autocomplete="off"' in hp.group(0), "the honeypot is not hidden, out of the tab order " \
        "and without autocomplete: %s" % hp.group(0)


def test_inscribete_with_english_chosen_goes_to_signup(srv):
    r = srv.get("/inscribete?lang=en")
    assert r.status in (302, 303) and r.header("Location", "").endswith("/signup"), \
        "GET /inscribete?lang=en: %d Location %r, want a redirect to /signup" % (r.status, r.header("Location"))


def test_form_signup_shows_reference_and_sends_the_email(srv):
    s, fields, r = submit_form(srv)
    assert r.status == 200, "POST /signup: status %d\n%s" % (r.status, main_of(r.text)[:1500])
    text = main_of(r.text)
    ref = REF.search(text)
    assert ref, "the confirmation shows no reference like NY-7K4Q-92XH:\n" + text[:1500]
    assert "Albany-Rensselaer-Schenectady" in text and "Capital Region" in text, \
        "the confirmation does not name the local area and region:\n" + text[:2000]
    assert "license is active" in text, "an eligible person approved at once should read that the license is active"
    msg = srv.wait_for_mail(lambda m: m["to"] == fields["email"], timeout=15)
    assert ref.group(0) in msg["text"], "the e-mail does not carry the reference %s" % ref.group(0)
    assert "/login" in msg["text"], "the activation e-mail has no login link:\n" + msg["text"]
    assert msg["subject"] == "You qualify: your Coursera license is active", "subject %r" % msg["subject"]


def test_inscribete_is_spanish_and_mails_in_spanish(srv):
    s, fields, r = submit_form(srv, "/inscribete", language="es")
    assert r.status == 200 and r.html_lang() == "es", "POST /inscribete: %d lang %r" % (r.status, r.html_lang())
    assert "Tu referencia" in r.text, "the Spanish confirmation is not in Spanish:\n" + main_of(r.text)[:1000]
    msg = srv.wait_for_mail(lambda m: m["to"] == fields["email"], timeout=15)
    assert "licencia" in msg["subject"] and "Hola" in msg["text"], \
        "the e-mail of a Spanish sign-up is not in Spanish: %r\n%s" % (msg["subject"], msg["text"][:500])
    with db(srv) as c:
        prog = c.execute("SELECT program FROM applications WHERE email = ?", (fields["email"],)).fetchone()
    assert prog == ("es",), "a Spanish sign-up should join the Spanish program, got %r" % (prog,)


def test_form_errors_are_listed_and_marked(srv):
    s = srv.session()
    r = s.post_form("/signup", {"csrf": s.csrf("/signup"), "first_name": "", "email": "not-an-email",
                                "birth_date": "1985-02-30", "county": "", "website": ""})
    assert r.status == 200, "POST /signup with errors: status %d, want the form again (200)" % r.status
    assert re.search(r"<title>Error: ", r.text), "the title does not start with Error:"
    summary = re.search(r'<div class="error-summary".*?</div>', r.text, re.S)
    assert summary, "no error summary"
    links = re.findall(r'href="#f-([a-z_]+)"', summary.group(0))
    for f in ("first_name", "last_name", "email", "birth_date", "county", "employment_status",
              "dol_staff", "consent"):
        assert f in links, "the error summary does not link to %s: %s" % (f, links)
        assert re.search(r'id="f-%s"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-%s"' % (f, f), r.text) \
            or f in ("employment_status", "dol_staff", "consent"), "field %s is not marked aria-invalid" % f
    assert 'value="not-an-email"' in r.text, "the form did not keep what the person typed"
    assert stored(srv, "not-an-email") == 0


def test_split_county_without_town_asks_for_the_town(srv):
    s = srv.session()
    fields = form(county="Nassau")
    fields["csrf"] = s.csrf("/signup")
    r = s.post_form("/signup", fields)
    assert r.status == 200, "Nassau without a town: status %d, want the form asking for the town" % r.status
    assert "Choose your town or city in Nassau County." in r.text, "no clear error about the town"
    sel = re.search(r'<div class="field has-error" data-town-for="Nassau">.*?</select>', r.text, re.S)
    assert sel and " hidden" not in sel.group(0)[:80] and 'id="f-town"' in sel.group(0) and \
        "disabled" not in sel.group(0), "the town select for Nassau is not shown, enabled, as #f-town"
    assert "Hempstead" in sel.group(0) and "Yonkers" not in sel.group(0), "wrong towns offered"
    fields["town"] = "Long Beach (city)"
    fields["csrf"] = find_csrf(r.text)
    r = s.post_form("/signup", fields)
    assert r.status == 200 and "Hempstead-Long Beach" in r.text, \
        "with the town the sign-up should succeed in Hempstead-Long Beach: %d\n%s" % (r.status, main_of(r.text)[:800])


# ---- place names people write in the split counties ------------------------------------------

PLACES = [
    # (county, what the person writes, local area, region)
    ("Nassau", "Freeport", "Hempstead-Long Beach", "Long Island"),
    ("Nassau", "Village of Rockville Centre", "Hempstead-Long Beach", "Long Island"),
    ("Nassau", "levittown", "Hempstead-Long Beach", "Long Island"),
    ("Nassau", "Long Beach", "Hempstead-Long Beach", "Long Island"),
    ("Nassau", "Sea Cliff", "Oyster Bay-North Hempstead-Glen Cove", "Long Island"),
    ("Nassau", "Port Washington", "Oyster Bay-North Hempstead-Glen Cove", "Long Island"),
    ("Nassau", "Massapequa Park, NY", "Oyster Bay-North Hempstead-Glen Cove", "Long Island"),
    ("Nassau", "Glen Cove", "Oyster Bay-North Hempstead-Glen Cove", "Long Island"),
    ("Westchester", "White Plains", "Westchester-Putnam", "Mid-Hudson"),
    ("Westchester", "Croton on Hudson", "Westchester-Putnam", "Mid-Hudson"),
    ("Westchester", "Sleepy Hollow", "Westchester-Putnam", "Mid-Hudson"),
    ("Westchester", "yonkers", "Yonkers", "Mid-Hudson"),
]


def test_api_places_of_the_split_counties_go_to_their_towns_area(srv):
    wrong = []
    for county, place, area, region in PLACES:
        r = post_api(srv, person(county=county, town=place))
        if r.status != 201:
            wrong.append((county, place, r.status, r.text[:200]))
            continue
        b = r.json()
        if (b["local_area"], b["region"]) != (area, region):
            wrong.append((county, place, b["local_area"], b["region"]))
    assert not wrong, "places placed wrong: %r" % wrong


def test_api_unknown_or_divided_place_says_which_towns_to_choose(srv):
    r = post_api(srv, person(county="Nassau", town="Springfield Gardens"))
    assert r.status == 422, r.text
    msg = r.json()["error"]["fields"]["town"]
    assert "Springfield Gardens" in msg and "Nassau County" in msg, msg
    for choice in ("Hempstead", "Long Beach (city)", "Oyster Bay", "North Hempstead", "Glen Cove (city)"):
        assert choice in msg, "the message does not offer %r: %s" % (choice, msg)
    # Floral Park lies in two towns that belong to two local areas
    r = post_api(srv, person(county="Nassau", town="Floral Park"))
    assert r.status == 422, r.text
    msg = r.json()["error"]["fields"]["town"]
    assert "Floral Park" in msg and "Hempstead" in msg and "North Hempstead" in msg, msg
    r = post_api(srv, person(county="Westchester", town="Hoboken"))
    assert r.status == 422, r.text
    msg = r.json()["error"]["fields"]["town"]
    assert "Yonkers (city)" in msg and "Elsewhere in Westchester County" in msg, msg
    # the form in Spanish says it in Spanish, with the choices in Spanish
    s = srv.session()
    fields = form(county="Westchester", town="Hoboken", language="es")
    fields["csrf"] = s.csrf("/inscribete")
    r = s.post_form("/inscribete", fields)
    assert r.status == 200 and "No conocemos «Hoboken» como lugar del condado de Westchester" in r.text, \
        main_of(r.text)[:800]


def test_signup_form_offers_villages_and_places_them(srv):
    s = srv.session()
    page = s.get("/signup")
    sel = re.search(r'<div class="field" data-town-for="Nassau" hidden>.*?</select>', page.text, re.S)
    assert sel, "no town question for Nassau"
    assert '<option value="Freeport">Freeport</option>' in sel.group(0), "Freeport is not offered"
    assert "White Plains" not in sel.group(0), "a Westchester place is offered for Nassau"
    fields = form(county="Nassau", town="Freeport")
    fields["csrf"] = s.csrf("/signup")
    r = s.post_form("/signup", fields)
    assert r.status == 200 and "Hempstead-Long Beach" in r.text, main_of(r.text)[:800]
    fields = form(county="Nassau", town="Paris")
    fields["csrf"] = s.csrf("/signup")
    r = s.post_form("/signup", fields)
    assert r.status == 200 and "We do not know &quot;Paris&quot; as a place in Nassau County" in r.text, \
        main_of(r.text)[:800]


def test_form_without_csrf_is_refused_and_stores_nothing(srv):
    s = srv.session()
    s.get("/signup")
    fields = form()
    r = s.post_form("/signup", fields)
    assert r.status == 403, "POST /signup without the CSRF token: %d, want 403" % r.status
    assert stored(srv, fields["email"]) == 0


def test_honeypot_pretends_success_but_stores_nothing(srv):
    s, fields, r = submit_form(srv, website="http://spam.example")
    assert r.status == 200 and REF.search(main_of(r.text)), \
        "a filled honeypot should look like success: %d" % r.status
    assert stored(srv, fields["email"]) == 0, "a filled honeypot stored an application"
    assert count(srv, "SELECT COUNT(*) FROM outbox WHERE to_addr = ?", fields["email"]) == 0, \
        "a filled honeypot queued an e-mail"


def test_form_duplicate_says_check_status_and_nothing_else(srv):
    s, fields, r = submit_form(srv)
    first = REF.search(main_of(r.text)).group(0)
    fields["csrf"] = s.csrf("/signup")
    fields["email"] = fields["email"].upper()
    r = s.post_form("/signup", fields)
    assert r.status == 200 and "You have already asked for a license" in r.text, \
        "the same person again: %d, want the page saying they already asked" % r.status
    assert first not in r.text and not REF.search(main_of(r.text).replace("NY-7K4Q-92XH", "")), \
        "the duplicate page shows a reference"
    assert 'href="/status"' in r.text, "the duplicate page does not point to the status page"


def test_screener_answers_and_stores_nothing(srv):
    everything = "SELECT (SELECT COUNT(*) FROM applications) + (SELECT COUNT(*) FROM signup_intake)"
    before = count(srv, everything)
    s = srv.session()
    r = s.get("/eligibility")
    assert r.status == 200 and "Are you 18 or older?" in r.text, "the screener asks no age question"
    cases = [({"lives_ny": "1", "adult": "1", "employment_status": "unemployed", "dol_staff": "0"},
              "You qualify", "/signup"),
             ({"lives_ny": "1", "adult": "1", "employment_status": "employed_at_risk", "dol_staff": "0"},
              "A staff member needs to look at your situation", "/signup"),
             ({"lives_ny": "0", "adult": "1", "employment_status": "unemployed", "dol_staff": "1"},
              "You do not qualify at this time", None)]
    for answers, head, link in cases:
        answers["csrf"] = s.csrf("/eligibility")
        r = s.post_form("/eligibility", answers)
        assert r.status == 200 and head in r.text, "screener %s: want %r\n%s" % (answers, head, main_of(r.text)[:600])
        if link:
            assert 'class="button" href="%s"' % link in r.text, "no sign-up button after %r" % head
    assert "live in New York State" in r.text and "Department of Labor staff" in r.text, \
        "the ineligible answer does not give every reason"
    es = s.get("/eligibility?lang=es")
    assert "¿Tienes 18 años o más?" in es.text, "the Spanish screener is not in Spanish"
    assert count(srv, everything) == before, "the screener stored something"


# ---- the API ----------------------------------------------------------------------------------

def test_api_create_answers_201_with_the_decision(srv):
    p = person(county="westchester county", town="Yonkers")
    r = post_api(srv, p)
    assert r.status == 201, "POST /api/v1/applications: %d %s" % (r.status, r.text)
    b = r.json()
    assert set(b) >= {"reference", "status", "decision", "reasons", "region", "local_area", "due_at"}, sorted(b)
    assert REF.fullmatch(b["reference"]), "reference %r" % b["reference"]
    assert b["status"] == "active" and b["decision"] == "eligible", b
    assert b["reasons"] == [{"code": "unemployed", "message": "You are not working right now, so you qualify."}], b["reasons"]
    assert b["local_area"] == "Yonkers" and b["region"] == "Mid-Hudson", b
    sub = datetime.datetime.strptime(b["submitted_at"], "%Y-%m-%dT%H:%M:%SZ")
    due = datetime.datetime.strptime(b["due_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert due - sub == datetime.timedelta(hours=48), "due_at is not 48 hours after submission: %s" % b
    with db(srv) as c:
        row = c.execute("SELECT a.status, a.policy_version, l.license_status, "
                        "(SELECT COUNT(*) FROM invitations i WHERE i.learner_id = l.id), "
                        "(SELECT COUNT(*) FROM application_events e WHERE e.application_id = a.id), "
                        "(SELECT COUNT(*) FROM outbox o WHERE o.to_addr = a.email) "
                        "FROM applications a JOIN learners l ON l.application_id = a.id "
                        "WHERE a.reference = ?", (b["reference"],)).fetchone()
    assert row == ("active", 1, "active", 1, 1, 1), \
        "application, learner, invitation, event and e-mail should be written together: %r" % (row,)


def test_api_ineligible_is_denied_with_reasons_and_may_apply_again(srv):
    p = person(employment_status="employed", birth_date="2015-01-01", county="outside", dol_staff=True,
               language="es")
    r = post_api(srv, p)
    assert r.status == 201, r.text
    b = r.json()
    codes = [x["code"] for x in b["reasons"]]
    assert b["status"] == "denied" and b["decision"] == "ineligible", b
    assert codes == ["employed", "under_min_age", "outside_ny", "dol_staff"], codes
    assert all(x["message"] for x in b["reasons"]) and "trabajando" in b["reasons"][0]["message"], \
        "reasons should be explained in the person's language: %s" % b["reasons"]
    assert b["local_area"] is None and b["region"] is None, b
    msg = srv.wait_for_mail(lambda m: m["to"] == p["email"], timeout=15)
    assert "trabajando" in msg["text"] and b["reference"] in msg["text"], msg["text"][:600]
    p.update(employment_status="unemployed", birth_date="1980-01-01", county="Erie", dol_staff=False)
    r = post_api(srv, p)
    assert r.status == 201 and r.json()["status"] == "active", \
        "a denied person whose situation changed may apply again: %d %s" % (r.status, r.text)


def test_api_review_goes_to_pending_review(srv):
    r = post_api(srv, person(employment_status="employed_at_risk"))
    b = r.json()
    assert r.status == 201 and b["status"] == "pending_review" and b["decision"] == "review", b
    assert b["reasons"][0]["code"] == "at_risk_review", b


def test_api_422_names_every_field(srv):
    r = post_api(srv, {"first_name": "", "last_name": "x" * 101, "email": "nope", "phone": "12",
                       "birth_date": "1985-13-01", "county": "Gotham", "employment_status": "bored",
                       "layoff_notice_date": "someday", "osos_id": "12345", "language": "fr",
                       "consent": False, "covid_related": "yes", "dol_staff": 1})
    assert r.status == 422, "%d %s" % (r.status, r.text)
    err = r.json()["error"]
    assert err["code"] == "invalid" and err["message"], err
    want = {"first_name", "last_name", "email", "phone", "birth_date", "county", "employment_status",
            "layoff_notice_date", "osos_id", "language", "consent", "covid_related", "dol_staff"}
    assert set(err["fields"]) == want, "fields %s, want %s" % (sorted(err["fields"]), sorted(want))
    r = post_api(srv, person(county="Nassau"))
    assert r.status == 422 and set(r.json()["error"]["fields"]) == {"town"}, r.text
    r = post_api(srv, person(county="Nassau", town="Paris"))
    assert r.status == 422 and "town" in r.json()["error"]["fields"], r.text
    r = post_api(srv, person(birth_date="2999-01-01"))
    assert r.status == 422 and "birth_date" in r.json()["error"]["fields"], r.text
    r = post_api(srv, "{not json")
    assert r.status == 400 and r.json()["error"]["code"] == "bad_json", r.text
    r = post_api(srv, "[1, 2]")
    assert r.status == 400, "a JSON array instead of an object: %d" % r.status
    r = srv.request("POST", "/api/v1/applications", "first_name=Ana", {"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 415, "a form body to the JSON API: %d, want 415" % r.status
    r = post_api(srv, person(first_name="Ana\u0007"))
    assert r.status == 422 and "first_name" in r.json()["error"]["fields"], "a control character was accepted"
    r = post_api(srv, b'{"first_name": "\xff\xfe", "consent": true}')
    assert r.status in (400, 422), "invalid UTF-8: %d" % r.status


def test_api_spanish_errors_follow_accept_language(srv):
    r = post_api(srv, {"consent": True}, {"Accept-Language": "es"})
    assert r.status == 422 and r.json()["error"]["fields"]["first_name"] == "Escribe tu nombre.", r.text


def test_api_409_duplicate_by_email_or_by_name_and_birth_date(srv):
    p = person()
    assert post_api(srv, p).status == 201
    again = dict(p, email="  " + p["email"].upper() + " ", last_name="Other")
    r = post_api(srv, again)
    assert r.status == 409 and r.json()["error"]["code"] == "duplicate", "same e-mail: %d %s" % (r.status, r.text)
    assert not REF.search(r.text) and p["last_name"] not in r.text, "the 409 tells about the other request"
    twin = dict(p, email="other.%d@example.org" % time.time_ns(), first_name=" ana ",
                last_name=p["last_name"].upper())
    r = post_api(srv, twin)
    assert r.status == 409 and r.json()["error"]["code"] == "duplicate", "same name and birth date: %d %s" % (r.status, r.text)
    assert count(srv, "SELECT COUNT(*) FROM applications WHERE person_key = "
                      "(SELECT person_key FROM applications WHERE email = ?)", p["email"]) == 1


def test_api_status_by_reference_and_email(srv):
    p = person()
    ref = post_api(srv, p).json()["reference"]
    loose = ref.lower().replace("-", " ")
    r = srv.get("/api/v1/applications/%s?email=%s" % (urllib.parse.quote(loose), urllib.parse.quote(p["email"].upper())))
    assert r.status == 200, "GET with the reference typed loosely: %d %s" % (r.status, r.text)
    b = r.json()
    assert b["reference"] == ref and b["status"] == "active" and "due_at" in b and b["overdue"] is False, b
    assert "email" not in b and "birth_date" not in b, "the public view shows personal data: %s" % sorted(b)
    for q in ("?email=someone.else@example.org", "", "?email="):
        r = srv.get("/api/v1/applications/%s%s" % (ref, q))
        assert r.status == 404 and r.json()["error"]["code"] == "not_found", "%s: %d %s" % (q, r.status, r.text)
    r = srv.get("/api/v1/applications/NY-2222-2222?email=" + urllib.parse.quote(p["email"]))
    assert r.status == 404, "an unknown reference: %d" % r.status


def test_rate_limit_answers_429_on_api_and_form(srv):
    setting(srv, "signup_rate_per_hour", 3)
    try:
        codes = [post_api(srv, person()).status for _ in range(3)]
        assert codes == [201, 201, 201], "the first 3 sign-ups in the hour: %s" % codes
        r = post_api(srv, person())
        assert r.status == 429 and r.json()["error"]["code"] == "rate_limited", "%d %s" % (r.status, r.text)
        assert int(r.header("Retry-After", "0")) > 0, "no Retry-After on 429"
        s = srv.session()
        fields = form()
        fields["csrf"] = s.csrf("/signup")
        r = s.post_form("/signup", fields)
        assert r.status == 429 and "Too many requests" in r.text and r.header("Retry-After"), \
            "the form over the limit: %d" % r.status
        assert stored(srv, fields["email"]) == 0
    finally:
        setting(srv, "signup_rate_per_hour", 0)
    assert post_api(srv, person()).status == 201, "with the limit off, sign-ups go through again"


def test_status_right_after_the_201_then_staff_see_it_moments_later(srv):
    p = person(employment_status="employed_at_risk", county="Erie")
    r = post_api(srv, p, wait=False)
    assert r.status == 201, r.text
    b = r.json()
    g = srv.get("/api/v1/applications/%s?email=%s" % (b["reference"], urllib.parse.quote(p["email"])))
    assert g.status == 200, "the status right after the 201: %d %s" % (g.status, g.text)
    assert g.json()["status"] == b["status"] == "pending_review" and g.json()["due_at"] == b["due_at"], \
        "the status right after the 201 differs from the 201: %s / %s" % (g.json(), b)
    assert wait_stored(srv, b["reference"]), "the application was not written within 5 s"
    items = srv.get("/api/v1/applications?status=pending_review&limit=500", auth(token(srv))).json()["items"]
    assert b["reference"] in [i["reference"] for i in items], "staff do not see the new request"


def test_the_same_person_at_the_same_moment_gets_one_application(srv):
    p = person()
    ready(srv)
    codes = []

    def go(k):
        q = dict(p, email=p["email"].upper() if k % 2 else p["email"],
                 last_name=p["last_name"] if k % 3 else p["last_name"].upper(),
                 first_name=p["first_name"] if k % 2 == 0 else " " + p["first_name"].lower())
        if k % 4 == 3:
            q["email"] = "twin.%d.%s" % (k, p["email"])  # same name and birth date only
        codes.append(srv.request("POST", "/api/v1/applications", json.dumps(q), JSON).status)

    threads = [threading.Thread(target=go, args=(k,)) for k in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(codes) == [201] + [409] * 11, "12 requests from one person at once: %s" % sorted(codes)
    deadline = time.time() + 5
    while count(srv, "SELECT COUNT(*) FROM signup_intake") and time.time() < deadline:
        time.sleep(0.02)
    key = count(srv, "SELECT COUNT(*) FROM applications WHERE lower(email) = lower(?) OR email LIKE ?",
                p["email"], "twin.%" + p["email"])
    assert key == 1, "one person at once made %d applications" % key


# ---- status page ------------------------------------------------------------------------------

def test_status_page_shows_where_the_request_stands_and_when(srv):
    p = person(employment_status="employed_at_risk", language="es")
    ref = post_api(srv, p).json()["reference"]
    s = srv.session()
    r = s.get("/status?ref=" + ref)
    assert r.status == 200 and 'value="%s"' % ref in r.text, "the status form is not prefilled from ?ref="
    r = s.post_form("/status", {"csrf": find_csrf(r.text), "reference": ref, "email": p["email"]})
    text = main_of(r.text)
    assert r.status == 200 and "Waiting for review" in text, "%d\n%s" % (r.status, text[:1000])
    assert "e-mail you the answer by" in text and "New York time" in text, "no 'by when':\n" + text
    assert "late" not in text, "a fresh request is shown as late"
    with db(srv) as c:
        c.execute("UPDATE applications SET due_at = '2020-01-01T00:00:00Z' WHERE reference = ?", (ref,))
    r = s.post_form("/status", {"csrf": s.csrf("/status"), "reference": ref, "email": p["email"]})
    text = main_of(r.text)
    assert "Your request is late" in text and "coursea.help@labor.ny.gov" in text, \
        "past due, the page should say so and give the help contact:\n" + text
    r = s.post_form("/status", {"csrf": s.csrf("/status"), "reference": ref, "email": "x@example.org"})
    assert "We found no request" in r.text and "Waiting" not in main_of(r.text), r.status
    r = s.post_form("/status", {"csrf": s.csrf("/status"), "reference": "", "email": ""})
    assert 'href="#f-reference"' in r.text and "Error: " in r.text


# ---- staff ------------------------------------------------------------------------------------

def test_staff_list_needs_a_token_and_shows_overdue_first(srv):
    assert srv.get("/api/v1/applications").status == 401
    assert srv.get("/api/v1/applications", auth("0" * 64)).status == 401
    tok = token(srv)
    a = post_api(srv, person(employment_status="employed_at_risk", county="Kings")).json()["reference"]
    b = post_api(srv, person(employment_status="employed_at_risk", county="Erie")).json()["reference"]
    with db(srv) as c:
        c.execute("UPDATE applications SET due_at = '2020-01-01T00:00:00Z' WHERE reference = ?", (b,))
    r = srv.get("/api/v1/applications?status=pending_review", auth(tok))
    assert r.status == 200, "%d %s" % (r.status, r.text)
    items = r.json()["items"]
    refs = [i["reference"] for i in items]
    flags = [i["overdue"] for i in items]
    assert flags == sorted(flags, reverse=True) and flags[refs.index(b)] is True, \
        "overdue requests do not come first: %s" % list(zip(refs, flags))
    assert a in refs and all(i["status"] == "pending_review" for i in items)
    assert items[0]["email"] and items[0]["birth_date"], "staff should see the answers"
    r = srv.get("/api/v1/applications?overdue=1", auth(tok))
    assert [i["reference"] for i in r.json()["items"]] == [b] or all(i["overdue"] for i in r.json()["items"]), r.text
    # paging with limit and cursor visits every row once
    seen, cursor = [], ""
    for _ in range(100):
        r = srv.get("/api/v1/applications?limit=2" + ("&cursor=" + urllib.parse.quote(cursor) if cursor else ""), auth(tok))
        page = r.json()
        seen += [i["reference"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == count(srv, "SELECT COUNT(*) FROM applications"), \
        "paging saw %d rows (%d distinct) of %d" % (len(seen), len(set(seen)), count(srv, "SELECT COUNT(*) FROM applications"))
    for bad in ("status=nope", "overdue=maybe", "local_area=Atlantis", "limit=0", "cursor=zzz"):
        r = srv.get("/api/v1/applications?" + bad, auth(tok))
        assert r.status == 422 and r.json()["error"]["code"] == "invalid", "%s: %d" % (bad, r.status)


def test_area_staff_see_and_decide_only_their_area(srv):
    nyc = token(srv, "area_admin", "New York City", "nyc.admin@example.org")
    viewer = token(srv, "area_viewer", "New York City", "nyc.viewer@example.org")
    mine = post_api(srv, person(employment_status="employed_at_risk", county="Queens")).json()["reference"]
    other = post_api(srv, person(employment_status="employed_at_risk", county="Erie")).json()["reference"]
    items = srv.get("/api/v1/applications", auth(viewer)).json()["items"]
    refs = {i["reference"] for i in items}
    assert mine in refs and other not in refs and all(i["local_area"] == "New York City" for i in items), refs
    r = srv.get("/api/v1/applications?local_area=erie", auth(nyc))
    assert r.status == 403, "an area admin asking for another area: %d" % r.status
    body = json.dumps({"decision": "approve"})
    r = srv.request("POST", "/api/v1/applications/%s/decision" % mine, body, dict(JSON, **auth(viewer)))
    assert r.status == 403, "a viewer deciding: %d" % r.status
    r = srv.request("POST", "/api/v1/applications/%s/decision" % other, body, dict(JSON, **auth(nyc)))
    assert r.status == 404, "deciding a request of another area: %d" % r.status
    r = srv.request("POST", "/api/v1/applications/%s/decision" % mine, body, dict(JSON, **auth(nyc)))
    assert r.status == 200 and r.json()["status"] == "active", "%d %s" % (r.status, r.text)


def test_staff_decisions_mail_the_person_and_are_audited(srv):
    tok = token(srv)
    p = person(employment_status="employed_at_risk", language="es")
    ref = post_api(srv, p).json()["reference"]
    h = dict(JSON, **auth(tok))
    r = srv.request("POST", "/api/v1/applications/%s/decision" % ref, json.dumps({"decision": "maybe"}), h)
    assert r.status == 422, r.text
    r = srv.request("POST", "/api/v1/applications/%s/decision" % ref, json.dumps({"decision": "deny"}), h)
    assert r.status == 422 and "reason" in r.json()["error"]["fields"], "a denial without a reason: %d" % r.status
    r = srv.request("POST", "/api/v1/applications/%s/decision" % ref,
                    json.dumps({"decision": "approve", "reason": "notice confirmed by phone"}), h)
    b = r.json()
    assert r.status == 200 and b["status"] == "active" and b["decided_by"].startswith("api-state_admin"), b
    assert [(e["from"], e["to"]) for e in b["events"]] == [(None, "pending_review"), ("pending_review", "approved"),
                                                           ("approved", "active")], b["events"]
    msg = srv.wait_for_mail(lambda m: m["to"] == p["email"] and "activa" in m["subject"], timeout=15)
    assert "/login" in msg["text"], (msg["subject"], msg["text"])
    r = srv.request("POST", "/api/v1/applications/%s/decision" % ref, json.dumps({"decision": "deny", "reason": "x"}), h)
    assert r.status == 409 and r.json()["error"]["code"] == "already_decided", r.text
    q = person(employment_status="employed_at_risk")
    ref2 = post_api(srv, q).json()["reference"]
    r = srv.request("POST", "/api/v1/applications/%s/decision" % ref2.lower(),
                    json.dumps({"decision": "deny", "reason": "Your employer confirmed you keep your job."}), h)
    assert r.status == 200 and r.json()["status"] == "denied", r.text
    msg = srv.wait_for_mail(lambda m: m["to"] == q["email"] and m["subject"] == "Your request for a Coursera license",
                            timeout=15)
    assert "Your employer confirmed you keep your job." in msg["text"], msg["text"]
    r = srv.get("/api/v1/applications/%s?email=%s" % (ref2, urllib.parse.quote(q["email"])))
    assert {"code": "staff_decision", "message": "Your employer confirmed you keep your job."} in r.json()["reasons"]
    assert count(srv, "SELECT COUNT(*) FROM audit_log WHERE entity = 'application' AND entity_id IN (?, ?)", ref, ref2) == 2
    r = srv.request("POST", "/api/v1/applications/NY-2222-2222/decision", json.dumps({"decision": "approve"}), h)
    assert r.status == 404, r.status


def test_waitlist_in_order_and_activation_when_seats_free(srv):
    active = count(srv, "SELECT active FROM seat_pools WHERE program = 'en'")
    setting(srv, "seats_en", active)
    try:
        first, second = person(), person()
        a = post_api(srv, first).json()
        b = post_api(srv, second).json()
        assert a["status"] == b["status"] == "waitlisted", "with no free seat: %s %s" % (a["status"], b["status"])
        msg = srv.wait_for_mail(lambda m: m["to"] == first["email"], timeout=15)
        assert "waiting list" in msg["subject"], msg["subject"]
        r = srv.get("/api/v1/applications/%s?email=%s" % (b["reference"], urllib.parse.quote(second["email"])))
        assert r.json()["waitlist_position"] == 2, r.text
        s = srv.session()
        r = s.post_form("/status", {"csrf": s.csrf("/status"), "reference": b["reference"], "email": second["email"]})
        assert "number 2 on the waiting list" in r.text, main_of(r.text)[:800]
        setting(srv, "seats_en", active + 1)
        deadline = time.time() + 15
        while time.time() < deadline:
            ra = srv.get("/api/v1/applications/%s?email=%s" % (a["reference"], urllib.parse.quote(first["email"]))).json()
            if ra["status"] == "active":
                break
            time.sleep(0.3)
        rb = srv.get("/api/v1/applications/%s?email=%s" % (b["reference"], urllib.parse.quote(second["email"]))).json()
        assert ra["status"] == "active" and rb["status"] == "waitlisted" and rb["waitlist_position"] == 1, \
            "one more seat should activate the first in line only: %s / %s" % (ra["status"], rb)
        msg = srv.wait_for_mail(lambda m: m["to"] == first["email"] and m["subject"] == "Your Coursera license is active", timeout=15)
        assert "/login" in msg["text"]
    finally:
        setting(srv, "seats_en", 100000)


def test_invitations_export_cli_and_api(srv):
    p = person(first_name="=cmd", last_name='O"Brien, Jr', osos_id="ab 1234567")
    post_api(srv, p)
    out = cli(srv, "invitations", "export")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["Name", "Email", "External Id", "Program"], rows[0]
    mine = [r for r in rows if r[1] == p["email"]]
    assert mine == [["'=cmd O\"Brien, Jr", p["email"], "AB1234567", "en"]], mine
    assert all(r[2] for r in rows[1:]), "every row needs an External Id (OSOS ID or learner id)"
    again = list(csv.reader(io.StringIO(cli(srv, "invitations", "export"))))
    assert again == [rows[0]], "a second export should hold nothing new: %d rows" % (len(again) - 1)
    every = list(csv.reader(io.StringIO(cli(srv, "invitations", "export", "--all"))))
    assert len(every) == len(rows), "--all should hold every invitation"
    tok = token(srv)
    post_api(srv, person())
    r = srv.get("/api/v1/invitations", auth(tok))
    assert r.status == 200 and r.header("Content-Type").startswith("text/csv") and len(r.text.splitlines()) == 2, r.text
    r = srv.request("POST", "/api/v1/invitations/export", "", auth(tok))
    assert r.status == 200 and len(r.text.splitlines()) == 2
    assert len(srv.get("/api/v1/invitations", auth(tok)).text.splitlines()) == 1
    viewer = token(srv, "area_viewer", "Erie", "erie.viewer@example.org")
    assert srv.get("/api/v1/invitations", auth(viewer)).status == 403


def test_token_cli_refuses_bad_usage(srv):
    for args in (["token", "create"], ["token", "create", "--role", "king"],
                 ["token", "create", "--role", "area_admin"],
                 ["token", "create", "--role", "area_admin", "--area", "Atlantis"]):
        p = subprocess.run([srv.binary, *args, "--db", srv.db], env=srv._env(), capture_output=True, timeout=30)
        assert p.returncode == 2 and p.stderr, "%s: exit %d" % (" ".join(args), p.returncode)


# ---- crash ------------------------------------------------------------------------------------

def test_kill_9_during_a_signup_load_loses_no_answered_request_and_sends_no_mail_twice(srv):
    crash = Server(srv.binary, smtp=True)
    crash.start()
    try:
        cli(crash, "test-setting", "signup_rate_per_hour", "0")
        time.sleep(1.1)
        answered = []  # (reference, email) of every 201
        lock = threading.Lock()
        stop = threading.Event()

        def load(k):
            conn = crash.connection(timeout=5)
            n = 0
            while not stop.is_set() and n < 2000:
                n += 1
                p = person(email="crash.%d.%d.%d@example.org" % (k, n, time.time_ns() % 10**9))
                try:
                    r = crash.request("POST", "/api/v1/applications", json.dumps(p), JSON, conn=conn)
                except OSError:
                    return
                if r.status == 201:
                    with lock:
                        answered.append((r.json()["reference"], p["email"]))

        threads = [threading.Thread(target=load, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        deadline = time.time() + 20
        while time.time() < deadline and len(answered) < 300:
            time.sleep(0.05)
        crash.kill()
        stop.set()
        for t in threads:
            t.join(10)
        assert len(answered) >= 50, "only %d sign-ups were answered before the crash" % len(answered)
        crash.start()
        # every 201 was durable in the sign-up intake; the restarted server completes what the
        # crash left waiting there
        deadline = time.time() + 60
        while True:
            with crash.sql() as c:
                have = {r[0] for r in c.execute("SELECT reference FROM applications")}
                waiting = c.execute("SELECT COUNT(*) FROM signup_intake").fetchone()[0]
            lost = [ref for ref, _ in answered if ref not in have]
            if (not lost and not waiting) or time.time() > deadline:
                break
            time.sleep(0.2)
        assert not lost, "%d of %d answered sign-ups are missing after kill -9: %s" % (len(lost), len(answered), lost[:5])
        assert not waiting, "%d sign-ups are still waiting in the intake a minute after the restart" % waiting
        assert count(crash, "SELECT COUNT(*) FROM signup_intake_rejected") == 0, \
            "sign-ups were set aside after the restart"
        ref, email = answered[-1]
        r = crash.get("/api/v1/applications/%s?email=%s" % (ref, urllib.parse.quote(email)))
        assert r.status == 200, "after the restart the last answered request is not found: %d" % r.status
        # every queued e-mail is delivered, none twice
        deadline = time.time() + 60
        while time.time() < deadline:
            with crash.sql() as c:
                left = c.execute("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')").fetchone()[0]
            if not left:
                break
            time.sleep(0.5)
        assert not left, "%d e-mails still undelivered a minute after the restart" % left
        msgs = crash.messages()
        ids = collections.Counter(dict(m["headers"]).get("Message-ID") for m in msgs)
        twice = [k for k, v in ids.items() if v > 1]
        assert not twice, "%d e-mails arrived twice: %s" % (len(twice), twice[:3])
        per = collections.Counter(m["to"] for m in msgs)
        assert max(per.values()) == 1, "someone got the sign-up e-mail twice: %s" % per.most_common(2)
        with crash.sql() as c:
            rows = dict(c.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall())
        assert rows.get("sent", 0) + rows.get("unconfirmed", 0) == count(crash, "SELECT COUNT(*) FROM applications"), rows
    finally:
        crash.stop()
