#!/usr/bin/env python3
"""The OSOS work list's latency client (run by bench/osos.sh).

    python3 bench/osos.py BASE_URL ACCESS_LOG N

Signs in as the staff bench's state admin and area admin (bench/staff.py's Client), asks each
work-list tab and filter N times, following "next page" as a person would, then prints p50 /
p99 / max of the server's time per route from the access log.
"""

import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from staff import Client  # noqa: E402

BASE, LOG, N = sys.argv[1], sys.argv[2], int(sys.argv[3])
ROUTES = ("admin_osos", "api_osos_list", "admin_reports")


def main():
    state = Client("bench.state@example.org", "bench-state-admin")
    area = Client("bench.area@example.org", "bench-area-admin")
    pages = []
    for who in (area, state):
        for tab in ["kind=referral&status=pending", "kind=referral&status=entered",
                    "kind=credential&status=draft", "kind=skill_gain&status=pending",
                    "kind=exit&status=draft", "kind=referral&status=pending&no_osos_id=1"]:
            pages.append((who, "/admin/osos?" + tab))
    t0 = time.monotonic()
    count = 0
    for _ in range(N):
        for who, path in pages:
            text = who.get(path)
            count += 1
            m = re.search(r'href="(/admin/osos\?[^"]*cursor=[^"]+)"', text)
            if m:
                who.get(m.group(1).replace("&amp;", "&"))
                count += 1
    wall = time.monotonic() - t0
    time.sleep(0.3)
    per = {}
    for line in open(LOG, encoding="utf-8", errors="replace"):
        if line.startswith("{"):
            e = json.loads(line)
            if e.get("route") in ROUTES:
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
    print("osos_p99_ms %.2f" % p99)


if __name__ == "__main__":
    main()
