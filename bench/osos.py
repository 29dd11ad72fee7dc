#!/usr/bin/env python3
"""The OSOS work list's latency client (run by bench/osos.sh).

    python3 bench/osos.py BASE_URL ACCESS_LOG N

Signs in as the staff bench's state admin and area admin (bench/staff.py's Client), asks each
work-list tab and filter N times, following "next page" as a person would, then prints p50 /
p99 / max of the server's time per route from the access log.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from staff import Client, report  # noqa: E402

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
    report(ROUTES, "osos_p99_ms", count, time.monotonic() - t0)

if __name__ == "__main__":
    main()
