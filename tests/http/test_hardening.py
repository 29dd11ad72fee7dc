"""Hardening: what an attacker on the network tried against a running server, each case as a
regression test. Stored column text survives its statement (program URLs in enrollment JSON and
on /me), form bodies are collected in linear memory, callers who may not use a route are
refused before their body is read, staff sign-in does not tell which accounts exist nor lets a
stranger lock the owner out, invalid UTF-8 and NUL bytes are refused by name, /metrics is for
loopback or a token, and the status lookup is rate-limited per address."""

import csv
import html as htmlmod
import io
import json
import os
import re
import socket
import time

from test_learner import api, cli, db, enroll, learner, one, setting, sign_in, token

SERVER = {"smtp": True}

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CATALOG = os.path.join(ROOT, "data", "provider-catalog-export.csv")


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def catalog_slice(n, start=0):
    """n programs of the provider's real listing, each with the address of its page at the
    provider (the export itself has no URL column; the provider's addresses look like this)."""
    with open(CATALOG, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1 + start:1 + start + n]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header + ["url"])
    urls = {}
    paths = {"professional certificate": "professional-certificates",
             "specialization": "specializations", "guided project": "projects"}
    for r in body:
        kind = r[header.index("certificatetype")].strip().lower()
        url = "https://www.coursera.org/%s/%s?utm_source=ny-dol&amp;x=%d" % (
            paths.get(kind, "learn"), slugify(r[header.index("course")]), len(urls))
        urls[r[header.index("course")].strip()] = url
        w.writerow(r + [url])
    return out.getvalue(), urls


def rss_peak_kb(srv):
    with open("/proc/%d/status" % srv.pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM for the server")


# ---- stored text outlives its statement -------------------------------------------------------

def test_imported_program_urls_are_shown_byte_for_byte(srv):
    state = token(srv)
    text, urls = catalog_slice(12, start=40)
    r = api(srv, "POST", "/api/v1/imports/catalog", state, text, ctype="text/csv")
    assert r.status == 200, "catalog import: %d %s" % (r.status, r.text[:300])
    with db(srv) as c:
        progs = c.execute("SELECT slug, title, url FROM programs WHERE url LIKE "
                          "'https://www.coursera.org/%utm_source=ny-dol%' ORDER BY id").fetchall()
    assert len(progs) == len(urls), "imported programs with URLs: %r" % progs
    for slug, title, url in progs:
        assert urls[title] == url, "stored URL of %s: %r" % (title, url)
    lid, email = learner(srv, first="Marisol")
    area = token(srv)
    for slug, _, _ in progs[:6]:
        r = api(srv, "POST", "/api/v1/learners/%d/enrollments" % lid, area, {"program": slug})
        assert r.status in (200, 201), "enroll %s: %d %s" % (slug, r.status, r.text[:200])
        got = r.json()
        assert got["url"] == dict((p[0], p[2]) for p in progs)[slug], \
            "enrollment JSON url for %s: %r" % (slug, got["url"])
    want = dict((p[0], p[2]) for p in progs[:6])
    r = api(srv, "GET", "/api/v1/learners/%d" % lid, state)
    assert r.status == 200, r.text[:200]
    got = {e["program"]: e["url"] for e in r.json()["enrollments"]}
    assert got == want, "URLs in GET /api/v1/learners/%d:\n%r\nwant\n%r" % (lid, got, want)
    s = sign_in(srv, email)
    page = s.get("/me").text
    hrefs = set(htmlmod.unescape(h) for h in re.findall(r'href="(https://www\.coursera[^"]*)"',
                                                        page))
    assert set(want.values()) <= hrefs, "course links on /me: %r" % sorted(hrefs)
