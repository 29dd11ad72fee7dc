#!/usr/bin/env python3
"""The staff workspace's latency client (run by bench/staff.sh).

    python3 bench/staff.py BASE_URL ACCESS_LOG N

Signs in as the bench's state admin and area admin, then requests each staff list page and
API call N times in turn, one keep-alive connection per user, following "next page" links
as a person would. Then reads the server's access log (JSON lines, "ms" = time spent in the
server from the request's arrival to its answer) and prints p50 / p99 / max per route and
over all of them. Exits 1 when a request failed.
"""

import http.client
import json
import re
import sys
import time
import urllib.parse

BASE, LOG, N = sys.argv[1], sys.argv[2], int(sys.argv[3])
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port


class Client:
    def __init__(self, email, password):
        self.conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        self.cookies = {}
        r = self.get("/admin/login")
        token = re.search(r'name="csrf" value="([^"]+)"', r).group(1)
        body = urllib.parse.urlencode({"csrf": token, "email": email, "password": password})
        status, _ = self.request("POST", "/admin/login", body,
                                 {"Content-Type": "application/x-www-form-urlencoded",
                                  "Origin": BASE})
        if status != 303:
            raise SystemExit("staff.py: signing in as %s answered %d" % (email, status))

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        self.conn.request(method, path, body, h)
        r = self.conn.getresponse()
        data = r.read()
        for raw in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = raw.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return r.status, data.decode("utf-8", "replace")

    def get(self, path):
        status, text = self.request("GET", path)
        if status != 200:
            raise SystemExit("staff.py: GET %s answered %d" % (path, status))
        return text


def next_link(text, base):
    m = re.search(r'href="(%s\?cursor=[^"]+)"' % re.escape(base), text)
    return m.group(1).replace("&amp;", "&") if m else None


def main():
    state = Client("bench.state@example.org", "bench-state-admin")
    area = Client("bench.area@example.org", "bench-area-admin")
    text = area.get("/admin/learners?sort=name")
    osos = re.findall(r"<td>([A-Z]{2}[0-9]{7})</td>", text)
    emails = re.findall(r"<td>([^<@ ]+@example\.org)</td>", text)
    pages = [
        (area, "/admin/queue"), (area, "/admin/queue?language=es"),
        (state, "/admin/queue"), (state, "/admin/queue?status=pending_review&language=en"),
        (area, "/admin/learners"), (area, "/admin/learners?sort=activity&dir=desc"),
        (area, "/admin/learners?status=active&enrolled=1"),
        (area, "/admin/learners?activity=inactive"),
        (area, "/admin/learners?q=garcia"),
        (state, "/admin/learners"), (state, "/admin/learners?sort=joined&dir=desc"),
        (state, "/admin/learners?status=waitlisted"),
        (state, "/admin/learners?completed=1&sort=activity&dir=desc"),
        (state, "/admin/learners?q=maria+lopez"),
    ]
    if osos:
        pages.append((state, "/admin/learners?q=" + osos[0]))
    if emails:
        pages.append((state, "/admin/learners?q=" + urllib.parse.quote(emails[0])))
    t0 = time.monotonic()
    count = 0
    for _ in range(N):
        for who, path in pages:
            text = who.get(path)
            count += 1
            base = path.split("?", 1)[0]
            nxt = next_link(text, base)
            if nxt:  # the next page, as a person paging would ask for it
                who.get(nxt)
                count += 1
    report(("admin_queue", "admin_learners"), "staff_p99_ms", count, time.monotonic() - t0)


def report(routes, key, count, wall):
    """Prints p50 / p99 / max of the server's time for each of ROUTES and over all of them,
    from the access log, then the p99 over all as the line KEY (what the .sh compares)."""
    time.sleep(0.3)
    per = {}
    for line in open(LOG, encoding="utf-8", errors="replace"):
        if not line.startswith("{"):
            continue
        e = json.loads(line)
        if e.get("route") in routes:
            per.setdefault(e["route"], []).append(e["ms"])
    print("requests: %d in %.1f s (one client per user, sequential)" % (count, wall))
    every = []
    for route in sorted(per):
        v = sorted(per[route])
        every += v
        print("%-16s n=%-5d p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms" % (
            route, len(v), v[len(v) // 2], v[min(len(v) - 1, int(len(v) * 0.99))], v[-1]))
    every.sort()
    p99 = every[min(len(every) - 1, int(len(every) * 0.99))]
    print("%-16s n=%-5d p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms" % (
        "all", len(every), every[len(every) // 2], p99, every[-1]))
    print("%s %.2f" % (key, p99))

if __name__ == "__main__":
    main()
