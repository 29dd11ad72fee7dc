#!/usr/bin/env python3
"""Writes the fuzzing seeds in tests/fuzz/corpus/<target>/ from realistic data: the provider's
real listing (with URLs, as tests/lib/fixture.py imports it), real-looking learners' sign-up
forms, usage and membership reports, curated lists, cookies and Accept-Language headers.

    python3 tests/fuzz/make_corpus.py      (rewrites the seeds of the targets it knows)
"""

import csv
import io
import json
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from fixture import LEARNERS, course_url, listing_rows  # noqa: E402

BOUNDARY = "----skillgateFormBoundary7MA4YWxkTrZu0gW"
SLUGS = ["google-cybersecurity", "google-data-analytics", "python-for-everybody",
         "the-science-of-well-being", "google-it-support", "machine-learning",
         "successful-negotiation-essential-strategies-and-skills", "financial-markets"]


def write(target, seeds):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.unlink(os.path.join(d, f))
    for i, s in enumerate(seeds, 1):
        with open(os.path.join(d, "%d" % i), "wb") as f:
            f.write(s if isinstance(s, bytes) else s.encode("utf-8"))


def signup_fields(p):
    first, last, email, osos, county, lang = p
    return [("csrf", "7f3a0c9e1b2d4f6a8c0e2b4d6f8a0c2e"), ("first_name", first),
            ("last_name", last), ("email", email), ("email_confirm", email),
            ("phone", "(718) 555-0142"), ("birth_date", "1987-03-14"), ("county", county),
            ("town", ""), ("employment_status", "unemployed"), ("layoff_notice_date", ""),
            ("osos_id", osos), ("language", lang), ("terms", "1")]


def multipart(fields, files=()):
    out = io.StringIO()
    for k, v in fields:
        out.write("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (BOUNDARY, k, v))
    for name, fname, body in files:
        out.write("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                  "Content-Type: text/csv\r\n\r\n%s\r\n" % (BOUNDARY, name, fname, body))
    out.write("--%s--\r\n" % BOUNDARY)
    return out.getvalue()


def catalog_csv(n=40):
    rows = listing_rows()
    head = rows[0]
    kc, tc = head.index("certificatetype"), head.index("course")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(head + ["url"])
    for r in rows[1:n]:
        w.writerow(r + [course_url(r[kc], r[tc])])
    return out.getvalue()


def curation_csv():
    lines = ["region,program,rank"]
    for i, s in enumerate(SLUGS, 1):
        lines.append("%s,%s,%d" % (["new-york-city", "capital-region", "North Country"][i % 3], s, i))
    return "\r\n".join(lines) + "\r\n"


def usage_csv():
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["Name", "Email", "External Id", "Course", "Course ID", "Course Slug", "University",
                "Enrollment Time", "Last Course Activity Time", "Overall Progress",
                "Estimated Learning Hours", "Completed", "Completion Time", "Course Grade",
                "Course Certificate URL"])
    for i, (first, last, email, osos, _c, _l) in enumerate(LEARNERS[:8]):
        slug = SLUGS[i % len(SLUGS)]
        done = i % 4 == 0
        w.writerow(["%s %s" % (first, last), email, osos, slug.replace("-", " ").title(), "",
                    slug, "Google", "2026-09-0%dT14:22:10.000Z" % (1 + i % 9),
                    "3/%d/2026 3:22 PM" % (1 + i), "100%" if done else "0.%d5" % i,
                    "%.1f" % (2.5 * i), "Yes" if done else "No",
                    "2026-11-20 18:00:00" if done else "", "94%" if done else "",
                    "https://www.coursera.org/account/accomplishments/verify/K7QX2M9PLT4B" if done else ""])
    return "\ufeff" + out.getvalue()


def membership_csv():
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["Name", "Email", "External Id", "Program Name", "Program Slug",
                "# Enrolled Courses", "# Completed Courses", "Member State", "Join Date",
                "Invitation Date", "Latest Program Activity Date"])
    for i, (first, last, email, osos, _c, _l) in enumerate(LEARNERS[:8]):
        w.writerow(["%s %s" % (first, last), email, osos, "New York State Department of Labor",
                    "nys-dol", 2 + i % 3, i % 2, ["MEMBER", "INVITED", "NOT_INVITED"][i % 3],
                    "3/%d/2026" % (1 + i), "2/27/2026", "2026-03-09 10:%02d" % i])
    return "\ufeff" + out.getvalue()


def main():
    forms = []
    for i, p in enumerate(LEARNERS[:4]):
        body = urllib.parse.urlencode(signup_fields(p))
        forms.append(bytes([0, [0, 1, 7, 64][i]]) + body.encode())
        forms.append(bytes([8 | 0, [0, 3, 1, 200][i]]) + multipart(signup_fields(p)).encode())
    forms.append(bytes([1, 0]) + urllib.parse.urlencode(
        [("csrf", "x"), ("county", "Kings"), ("employment_status", "employed_at_risk"),
         ("birth_date", "1990-10-02")]).encode())
    forms.append(bytes([2, 0]) + b"csrf=x&reference=NY-CP3L-NSHZ&email=ana.garcia%40example.org")
    forms.append(bytes([3, 5]) + b"csrf=x&lang=es&next=%2Fcatalog%3Fq%3Dpython")
    forms.append(bytes([4, 0]) + b"csrf=x&email=mj.rodriguez.pena%40gmail.com")
    forms.append(bytes([5, 0]) + b"csrf=x&email=state.admin%40example.org&password=demo-state-admin")
    forms.append(bytes([8 | 6, 0]) + multipart([("csrf", "x")], [("file", "curation.csv", curation_csv())]).encode())
    forms.append(bytes([6, 1]) + urllib.parse.urlencode([("csrf", "x"), ("csv", curation_csv())]).encode())
    forms.append(bytes([7, 2]) + urllib.parse.urlencode(signup_fields(LEARNERS[4])).encode())
    write("fuzz_form", forms)

    headers = [
        "sg_session=3f9a1c0e7b5d2f4a6c8e0b2d4f6a8c0e3f9a1c0e7b5d2f4a6c8e0b2d4f6a8c0e; lang=es\n"
        "es-US,es;q=0.9,en;q=0.8\n\0q=python&lang=es",
        "sg_visitor=Zm9vYmFyYmF6cXV4; lang=en\nen-US,en;q=0.9\n\1page=2&sort=popular",
        "lang=es; sg_session=\nzh-Hant-TW;q=0.8, es;q=0.7, *;q=0.1\n\2q=ciencia%20de%20datos&industry=data-science",
        "a=b; c=d; sg_visitor=\"quoted\"; lang=fr\nfr-CA\n\3status=active&local_area=new-york-city",
    ]
    write("fuzz_headers", headers)

    app = {"first_name": "María José", "last_name": "Rodríguez-Peña",
           "email": "mj.rp.1987@gmail.com", "phone": "718-555-0142", "birth_date": "1987-03-14",
           "county": "Bronx", "town": "", "employment_status": "unemployed",
           "layoff_notice_date": "", "covid_related": False, "dol_staff": False,
           "osos_id": "NY4417203", "language": "es"}
    js = [bytes([0]) + json.dumps(app, ensure_ascii=False).encode(),
          bytes([1]) + json.dumps({"decision": "approve", "reason": "Layoff notice confirmed by phone."}).encode(),
          bytes([1]) + json.dumps({"decision": "deny", "reason": "Lives in New Jersey (Hoboken)."}).encode(),
          bytes([2]) + json.dumps({"osos_id": "NY4417203", "notes": "Llamó el 3/4; prefiere español."}, ensure_ascii=False).encode(),
          bytes([3]) + json.dumps({"local_area": "yonkers", "note": "Moved to Yonkers in October."}).encode(),
          bytes([4]) + json.dumps({"program": "python-for-everybody"}).encode(),
          bytes([5]) + json.dumps({"seats_en": 50000, "seats_es": 10000, "sla_hours": 48,
                                   "help_email": "coursera.help@labor.ny.gov"}).encode(),
          bytes([6]) + json.dumps({"notes": "Wants evening sessions\nFollow up in two weeks"}).encode()]
    write("fuzz_json", js)

    write("fuzz_import_catalog", [catalog_csv(40), catalog_csv(5).replace("\r\n", "\n"),
                                  "Course Name,University,Difficulty Level,Course URL,Skills\r\n"
                                  "Python for Everybody,University of Michigan,Beginner,"
                                  "https://www.coursera.org/specializations/python,\"Python; SQL\"\r\n"])
    write("fuzz_import_curation", [curation_csv()])
    write("fuzz_import_usage", [usage_csv()])
    write("fuzz_import_membership", [membership_csv()])
    osos = ["OSOS ID,Kind,Date\r\n" + "".join(
        "%s,%s,%s\r\n" % (p[3], kind, date) for p, kind, date in zip(
            LEARNERS, ["referral", "Training Referral - Coursera", "credential", "skill_gain"] * 4,
            ["2026-10-02", "10/03/2026", "20261004", "2026-11-30"] * 4))]
    osos.append("Date,OSOS ID,Kind\n11/20/2026,NY4417203,Exit\n")
    write("fuzz_import_osos", osos)


if __name__ == "__main__":
    main()
