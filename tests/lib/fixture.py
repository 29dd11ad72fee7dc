"""Realistic data for the test tiers: the provider's real catalog listing imported through the
real import path, with https URLs, and learners with real-looking names and OSOS IDs enrolled
in those programs through the provider's usage report (the real import path too).

    from fixture import load_realistic, LEARNERS
    load_realistic(run_cli, work_dir)   # run_cli(*argv) runs `skillgate ARGV --db DB`

The listing (data/provider-catalog-export.csv) has no URL column: each row gets the provider's
URL shape for its kind (https://www.coursera.org/learn/<slug>, /specializations/<slug>,
/professional-certificates/<slug>). Its degrees and university certificates are skipped by the
import, as the program does not offer them. write_catalog_csv() and write_usage_csv() are
also used by the fuzzing corpus and the memory tests.
"""

import csv
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LISTING = os.path.join(ROOT, "data", "provider-catalog-export.csv")

# (first, last, e-mail, OSOS ID, county, language): people as New York's offices see them,
# accents, apostrophes and hyphens included.
LEARNERS = [
    ("María José", "Rodríguez-Peña", "mj.rodriguez.pena@gmail.com", "NY4417203", "Bronx", "es"),
    ("Sean", "O'Connor", "sean.oconnor88@yahoo.com", "NY3092716", "Kings", "en"),
    ("Nguyễn", "Thị Lan", "lan.nguyen.ny@outlook.com", "NY5521870", "Queens", "en"),
    ("Aaliyah", "Washington", "aaliyah.w@icloud.com", "NY1188342", "New York", "en"),
    ("José Luis", "Hernández", "jl.hernandez@hotmail.com", "NY2760913", "Westchester", "es"),
    ("Wei", "Zhang", "wei.zhang.queens@gmail.com", "NY6603458", "Queens", "en"),
    ("Fatoumata", "Diallo", "fatou.diallo@gmail.com", "NY7431096", "Bronx", "en"),
    ("Dmitri", "Volkov", "d.volkov@protonmail.com", "NY8254107", "Richmond", "en"),
    ("Keisha", "Brown-Ellis", "keisha.brownellis@gmail.com", "NY9017735", "Erie", "en"),
    ("Priya", "Raghunathan", "priya.r@gmail.com", "NY1345698", "Monroe", "en"),
    ("Ana Sofía", "Núñez", "anasofia.nunez@yahoo.com", "NY2468024", "Albany", "es"),
    ("Tomasz", "Kowalczyk", "tkowalczyk@gmail.com", "NY3579135", "Onondaga", "en"),
    ("Mohammed", "Al-Hassan", "m.alhassan@outlook.com", "NY4680246", "Kings", "en"),
    ("Grace", "Kim", "grace.kim.nyc@gmail.com", "NY5791357", "New York", "en"),
    ("Darnell", "Jackson Jr.", "darnell.jackson@aol.com", "NY6802468", "Suffolk", "en"),
    ("Guadalupe", "Chávez", "lupe.chavez@gmail.com", "NY7913579", "Nassau", "es"),
]


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def listing_rows():
    with open(LISTING, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def course_url(kind, title):
    base = {"professional certificate": "professional-certificates",
            "specialization": "specializations"}.get(kind.strip().lower(), "learn")
    return "https://www.coursera.org/%s/%s" % (base, slugify(title))


def write_catalog_csv(path):
    """The listing with a url column; returns the path."""
    rows = listing_rows()
    head = rows[0]
    kind_col, title_col = head.index("certificatetype"), head.index("course")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(head + ["url"])
        for r in rows[1:]:
            w.writerow(r + [course_url(r[kind_col], r[title_col])])
    return path


def imported_programs(db_path, n):
    """(slug, url) of n imported programs that have a URL, in a fixed order."""
    import pg
    with pg.connect_any(db_path) as c:
        return c.execute("SELECT slug, url FROM programs WHERE source = 'import' AND url <> '' "
                         "AND active = 1 ORDER BY id LIMIT ?", (n,)).fetchall()


def write_usage_csv(path, programs, learners=LEARNERS):
    """A provider usage report enrolling each learner in three of programs (slugs), with
    progress; the first learner completed one course with a certificate."""
    head = ["Name", "Email", "External Id", "Course", "Course Slug", "University",
            "Enrollment Time", "Last Course Activity Time", "Overall Progress",
            "Estimated Learning Hours", "Completed", "Completion Time", "Course Grade",
            "Course Certificate URL"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        for i, (first, last, email, osos, _county, _lang) in enumerate(learners):
            for k in range(3):
                slug = programs[(i * 3 + k) % len(programs)]
                done = i == 0 and k == 0
                w.writerow(["%s %s" % (first, last), email, osos, slug.replace("-", " ").title(),
                            slug, "", "2026-09-%02dT14:%02d:10.000Z" % (1 + k, 10 + i),
                            "2026-11-%02d 09:%02d:00" % (1 + i % 27, k * 7),
                            "1.0" if done else "%.2f" % ((i * 7 + k * 13) % 90 / 100.0),
                            "%.1f" % (1.5 + i + k), "Yes" if done else "No",
                            "2026-11-20T18:00:00Z" if done else "",
                            "0.94" if done else "",
                            ("https://www.coursera.org/account/accomplishments/verify/"
                             "K7QX2M9PLT4B") if done else ""])
    return path


def load_realistic(run_cli, work_dir, db_path):
    """Imports the listing (with URLs), adds LEARNERS and enrolls them through a usage report.
    run_cli(*argv) must run the binary on the database and raise when it fails."""
    run_cli("catalog", "import", write_catalog_csv(os.path.join(work_dir, "catalog.csv")))
    for first, last, email, osos, county, lang in LEARNERS:
        run_cli("test-learning", "learner", email, "--first", first, "--last", last,
                "--osos", osos, "--county", county, "--lang", lang)
    programs = [slug for slug, _url in imported_programs(db_path, 30)]
    if len(programs) < 30:
        raise RuntimeError("the catalog import left %d programs with URLs" % len(programs))
    run_cli("progress", "import", write_usage_csv(os.path.join(work_dir, "usage.csv"), programs))
