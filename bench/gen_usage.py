#!/usr/bin/env python3
"""Writes a provider usage report (the layout `skillgate progress import` reads) for the
import benchmark: ROWS rows over LEARNERS learners and PROGRAMS programs, as created by
`skillgate test-learners --count LEARNERS --programs PROGRAMS` (learner i: e-mail
bench<i>@bench.example, OSOS ID BN<i, 7 digits>; program j: slug bench-course-<j>, provider
id bench-id-<j>). Every learner appears in ROWS / LEARNERS programs. Most rows carry the
External Id, some only the e-mail; most name the course by slug, some only by Course ID;
a fifth of them are completed with a certificate URL. Deterministic (seeded).

    python3 bench/gen_usage.py [--rows 1000000] [--learners 100000] [--programs 200] > usage.csv
"""
import argparse
import random
import sys

HEADER = ["Name", "Email", "External Id", "Course", "Course ID", "Course Slug", "University",
          "Enrollment Time", "Class Start Time", "Class End Time", "Last Course Activity Time",
          "Overall Progress", "Estimated Learning Hours", "Completed", "Removed From Program",
          "Program Slug", "Program Name", "Enrollment Source", "Completion Time", "Course Grade",
          "Course Certificate URL", "For Credit", "Course Type", "Job Title", "Job Type",
          "Location City", "Location Region", "Location Country"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--learners", type=int, default=100000)
    ap.add_argument("--programs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    out = sys.stdout
    w = out.write
    w(",".join(HEADER) + "\r\n")
    per = max(1, a.rows // a.learners)
    n = 0
    i = 0
    while n < a.rows:
        li = i % a.learners + 1
        i += 1
        email = "bench%d@bench.example" % li
        ext = "BN%07d" % li if li % 10 else ""
        name = "Learner %d" % li
        first = rnd.randrange(a.programs)
        for k in range(per):
            if n >= a.rows:
                break
            pj = (first + k * 7) % a.programs + 1
            slug = "bench-course-%d" % pj if pj % 5 else ""
            cid = "bench-id-%d" % pj
            day = 1 + (li + k) % 28
            month = 1 + (li + k) % 9
            enrolled = "2026-%02d-%02dT10:%02d:00.000Z" % (month, day, k % 60)
            last = "2026-%02d-%02d %02d:15:30" % (month + 2, day, (li + k) % 24)
            done = rnd.random() < 0.2
            prog = "1" if done else ("%.2f" % rnd.random()) if k % 2 else "%d%%" % rnd.randrange(100)
            hours = "%.1f" % (rnd.random() * 40)
            comp = "2026-%02d-%02dT18:00:00Z" % (month + 2, day) if done else ""
            cert = "https://coursera.org/verify/BENCH%d%d" % (li, pj) if done else ""
            grade = "%.2f" % (0.7 + rnd.random() * 0.3) if done else ""
            row = [name, email, ext, '"Bench Course %d, part one"' % pj, cid, slug,
                   "Bench University", enrolled, enrolled, "", last, prog, hours,
                   "Yes" if done else "No", "No", "nys-coursera", "New York State Coursera",
                   "Invitation", comp, grade, cert, "No", "Course", "", "", "Albany", "NY",
                   "United States"]
            w(",".join(row) + "\r\n")
            n += 1


if __name__ == "__main__":
    main()
